package search

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"guide/internal/browsertest"
)

// The browser tests run templates/assets/search.js in Chromium on the
// index of testdata/site.txtar, served with a page for each of its pages:
// a header with the search form (the HTML the script's comment describes),
// then the page's headings and checklist items with their ids. /hook.html
// gets the script's engine (window.guideSearchHook) for direct calls.

// testServer serves a directory on 127.0.0.1; offline makes it close the
// connection without an answer for the index, as a network that is down.
type testServer struct {
	dir     string
	base    string
	offline atomic.Bool
}

func serve(t testing.TB, dir string) *testServer {
	t.Helper()
	s := &testServer{dir: dir}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(dir))
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.offline.Load() && strings.HasPrefix(r.URL.Path, "/search/") {
			// No answer at all, as when the network is down.
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
			return
		}
		files.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	s.base = "http://" + ln.Addr().String()
	return s
}

// uiStrings are the form's strings in each language of the test site.
var uiStrings = map[string]map[string]string{
	"en": {
		"tag": "en", "label": "Search the guide", "button": "Search",
		"results-one": "{count} result", "results-other": "{count} results",
		"no-results":    "No results for “{query}”.",
		"elsewhere-one": "{count} result in {language}", "elsewhere-other": "{count} results in {language}",
		"loading": "Searching…", "failed": "Search is not available. Check your connection.", "more": "More results",
		"han-lang": "zh-Hans",
	},
	"zh": {
		"tag": "zh-Hans", "label": "搜索本指南", "button": "搜索",
		"results-other": "{count} 个结果", "no-results": "没有找到“{query}”。",
		"elsewhere-other": "{language}版有 {count} 个结果",
		"loading":         "正在搜索…", "failed": "暂时无法搜索，请检查网络连接。", "more": "更多结果",
	},
}

var languageNames = map[string]string{"en": "English", "zh": "中文"}

// pageHTML is a page of the test site in lang, with the search form.
func pageHTML(lang, title, body, head string) string {
	s := uiStrings[lang]
	var attrs strings.Builder
	for _, k := range slices.Sorted(maps.Keys(s)) {
		if k != "tag" && k != "label" && k != "button" {
			fmt.Fprintf(&attrs, " data-%s=\"%s\"", k, html.EscapeString(s[k]))
		}
	}
	var others strings.Builder
	for _, other := range []string{"en", "zh"} {
		if other != lang {
			fmt.Fprintf(&others, `<a href="/%s/search/" hreflang="%s" lang="%s" data-index="/search/%s/">%s</a>`,
				other, uiStrings[other]["tag"], uiStrings[other]["tag"], other, languageNames[other])
		}
	}
	return `<!doctype html>
<html lang="` + s["tag"] + `" data-lang="` + lang + `">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>` + html.EscapeString(title) + `</title>
<style>
body { font: 16px/1.5 sans-serif; margin: 0 1rem; }
.search-results a { display: block; padding: 0.5rem 0; }
.search-page { display: block; font-size: 0.875rem; color: #333; }
section, li { min-height: 120vh; }
</style>
` + head + `<script src="/assets/search.js" defer></script>
</head>
<body>
<header>
<form role="search" class="search" action="/` + lang + `/search/" method="get" data-index="/search/` + lang + `/"` + attrs.String() + `>
<label for="search-q">` + s["label"] + `</label>
<input id="search-q" type="search" name="q" autocomplete="off">
<button type="submit">` + s["button"] + `</button>
<div class="search-results"></div>
<div class="search-languages" hidden>` + others.String() + `</div>
</form>
</header>
<main>
<h1>` + html.EscapeString(title) + `</h1>
` + body + `</main>
</body>
</html>
`
}

// docHTML is the body of a page: its sections with their ids.
func docHTML(d Doc) string {
	var b strings.Builder
	for _, s := range d.Sections {
		switch {
		case s.Item:
			fmt.Fprintf(&b, "<ul><li id=\"%s\">%s<p>%s</p></li></ul>\n", html.EscapeString(s.Anchor), html.EscapeString(s.Heading), html.EscapeString(s.Text))
		case s.Anchor != "":
			fmt.Fprintf(&b, "<section><h2 id=\"%s\">%s</h2><p>%s</p></section>\n", html.EscapeString(s.Anchor), html.EscapeString(s.Heading), html.EscapeString(s.Text))
		default:
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(s.Text))
		}
	}
	return b.String()
}

// writeSite writes the index files, search.js and a page for each doc, and
// the search page and /hook.html of each language, into dir.
func writeSite(t testing.TB, dir string, index map[string][]byte, docs map[string][]Doc) {
	t.Helper()
	js, err := os.ReadFile("../../templates/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"assets/search.js": js}
	for name, b := range index {
		files[name] = b
	}
	for lang, list := range docs {
		for _, d := range list {
			files[strings.TrimPrefix(d.URL, "/")+"index.html"] = []byte(pageHTML(lang, d.Title, docHTML(d), ""))
		}
		title := map[string]string{"en": "Search", "zh": "搜索"}[lang]
		files[lang+"/search/index.html"] = []byte(pageHTML(lang, title, "", ""))
		files[lang+"/hook.html"] = []byte(pageHTML(lang, "Hook", "",
			"<script>window.guideSearchHook = function (e) { window.engine = e; };</script>\n"))
	}
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// browserSite builds the test site's index with opts and serves it.
func browserSite(t *testing.T, opts Options) (*browsertest.Browser, *testServer) {
	t.Helper()
	br := browsertest.New(t)
	docs, _ := loadSite(t)
	dir := t.TempDir()
	writeSite(t, dir, buildSite(t, opts), docs)
	return br, serve(t, dir)
}

// tab is a browser tab with helpers that fail the test on error.
type tab struct {
	t    testing.TB
	ctx  context.Context
	base string
}

func (b tab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

func (b tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// until waits for a JavaScript condition.
func (b tab) until(cond string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		b.t.Fatalf("waiting for %s: %v (status %q)", cond, err, eval[string](b, `(document.querySelector(".search-status") || {}).textContent || ""`))
	}
}

// eval evaluates JavaScript, awaiting a promise.
func eval[T any](b tab, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// typeKeys focuses the search field and types s, key by key.
func (b tab) typeKeys(s string) {
	b.t.Helper()
	b.do(chromedp.Focus(chromedp.CSS("#search-q")), chromedp.SendKeys(chromedp.CSS("#search-q"), s))
}

// insert focuses the search field and inserts s, as an input method does.
func (b tab) insert(s string) {
	b.t.Helper()
	b.do(chromedp.Focus(chromedp.CSS("#search-q")))
	if _, err := chromedp.Call(b.ctx, input.InsertText, input.InsertTextParams{Text: s}); err != nil {
		b.t.Fatal(err)
	}
}

// clear empties the search field, as selecting its text and deleting it does.
func (b tab) clear() {
	b.t.Helper()
	eval[chromedp.Void](b, `(() => { const q = document.querySelector("#search-q"); q.value = ""; q.dispatchEvent(new Event("input")); })()`)
}

func (b tab) key(k string) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(k))
}

func (b tab) status() string {
	b.t.Helper()
	return eval[string](b, `document.querySelector(".search-status").textContent`)
}

// waitLinks waits until the results link to want (decoded paths and anchors).
func (b tab) waitLinks(want ...string) {
	b.t.Helper()
	js, _ := json.Marshal(want)
	b.until(`JSON.stringify([...document.querySelectorAll(".search-list a")].map(a => decodeURIComponent(new URL(a.href).pathname + new URL(a.href).hash))) === ` + jsString(string(js)))
}

// links returns the result links' href attributes, decoded.
func (b tab) links() []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll(".search-list a")].map(a => decodeURIComponent(new URL(a.href).pathname + new URL(a.href).hash))`)
}

// TestBrowserTokens runs testdata/tokens.json through search.js: the
// tokens must be those Go gives (and the file says).
func TestBrowserTokens(t *testing.T) {
	br, srv := browserSite(t, Options{})
	b := tab{t, br.Tab(t), srv.base}
	b.open("/en/hook.html")
	b.until(`window.engine`)
	vectors := readVectors(t)
	var ins []string
	for _, v := range vectors {
		ins = append(ins, v.In)
	}
	arg, _ := json.Marshal(ins)
	got := eval[[][]string](b, `(`+string(arg)+`).map(s => engine.tokens(s))`)
	if len(got) != len(vectors) {
		t.Fatalf("%d results for %d vectors", len(got), len(vectors))
	}
	for i, v := range vectors {
		if g := got[i]; !slices.Equal(g, v.Tokens) && !(len(g) == 0 && len(v.Tokens) == 0) {
			t.Errorf("search.js tokens(%q)\n got %q\nwant %q", v.In, g, v.Tokens)
		}
		if g := Tokens(v.In); !slices.Equal(g, v.Tokens) && !(len(g) == 0 && len(v.Tokens) == 0) {
			t.Errorf("Go Tokens(%q) = %q, the vector says %q", v.In, g, v.Tokens)
		}
	}
}

// TestBrowserQueries runs testdata/queries.json through search.js, on the
// index as one file and as many shards: the same counts and results, in
// the same order, as the Go reader finds (TestQueries).
func TestBrowserQueries(t *testing.T) {
	for _, opts := range []Options{{}, {ShardSize: 400, PageShardSize: 400, SingleFile: 1}} {
		t.Run(fmt.Sprintf("ShardSize=%d", opts.ShardSize), func(t *testing.T) {
			br, srv := browserSite(t, opts)
			b := tab{t, br.Tab(t), srv.base}
			b.open("/en/hook.html")
			b.until(`window.engine`)
			for _, c := range readQueries(t) {
				type result struct {
					Count int      `json:"count"`
					Hits  []string `json:"hits"`
				}
				got := eval[result](b, `engine.open("/search/`+c.Lang+`/").then(ix => ix.search(`+jsString(c.Q)+`, 0, 10)).then(r => ({
					count: r.count, hits: r.hits.map(h => h.url + (h.anchor ? "#" + h.anchor : ""))}))`)
				if got.Count != c.Count || !slices.Equal(got.Hits, c.Hits) && len(c.Hits)+len(got.Hits) > 0 {
					t.Errorf("%s %q (%s):\n got %d %q\nwant %d %q", c.Lang, c.Q, c.Why, got.Count, got.Hits, c.Count, c.Hits)
				}
			}
		})
	}
}

// TestBrowserResults types queries into the form: results come as the
// reader types, are counted in the status, link to the section that matched
// with the match highlighted, and the link lands on that section.
func TestBrowserResults(t *testing.T) {
	br, srv := browserSite(t, Options{})
	b := tab{t, br.Incognito(t), srv.base}
	b.open("/en/fees/")
	b.typeKeys("passport")
	b.until(`document.querySelector(".search-status").textContent === "1 result"`)
	if got := b.links(); !slices.Equal(got, []string{"/en/documents/spouse/#item-passport"}) {
		t.Fatalf("results %q", got)
	}
	if got := eval[[]string](b, `[...document.querySelectorAll(".search-list mark")].map(m => m.textContent)`); !slices.Equal(got, []string{"Passport"}) {
		t.Errorf("marked %q, want the heading's Passport", got)
	}
	if got := eval[string](b, `document.querySelector(".search-list .search-page").textContent`); got != "Documents for a spouse" {
		t.Errorf("page title %q", got)
	}
	if got := eval[string](b, `document.querySelector(".search-snippet").textContent`); !strings.HasPrefix(got, "Bring the original") {
		t.Errorf("snippet %q", got)
	}

	// A snippet marks the words that matched, in the text.
	b.clear()
	b.typeKeys("working days")
	b.waitLinks("/en/timeline/#calculator")
	if got := eval[[]string](b, `[...document.querySelectorAll(".search-list mark")].map(m => m.textContent)`); !slices.Equal(got, []string{"Working-day"}) {
		t.Errorf("marked %q", got)
	}

	// Following a result lands on its section.
	b.clear()
	b.typeKeys("photos")
	b.waitLinks("/en/documents/spouse/#item-photos")
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(".search-list a")))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](b, `location.pathname + location.hash`); got != "/en/documents/spouse/#item-photos" {
		t.Errorf("landed on %s", got)
	}
	if !eval[bool](b, `(() => { const e = document.querySelector(":target"); const r = e && e.getBoundingClientRect();
		return !!e && e.id === "item-photos" && r.top >= 0 && r.top < innerHeight; })()`) {
		t.Errorf("the section is not the target, in view")
	}
}

// TestBrowserChinese searches the Chinese site with Chinese input (inserted
// as an input method does), and lands on a heading whose id is Chinese.
func TestBrowserChinese(t *testing.T) {
	br, srv := browserSite(t, Options{})
	b := tab{t, br.Incognito(t), srv.base}
	b.open("/zh/")
	// While an input method composes, nothing is searched.
	b.do(chromedp.Focus(chromedp.CSS("#search-q")))
	if _, err := chromedp.Call(b.ctx, input.ImeSetComposition, input.ImeSetCompositionParams{Text: "shouli", SelectionStart: 6, SelectionEnd: 6}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond) // longer than the script waits after typing
	if got := b.status(); got != "" {
		t.Errorf("status %q while composing", got)
	}
	if _, err := chromedp.Call(b.ctx, input.InsertText, input.InsertTextParams{Text: "受理"}); err != nil {
		t.Fatal(err)
	}
	b.until(`document.querySelector(".search-status").textContent === "3 个结果"`)
	if got := eval[string](b, `document.querySelector("#search-q").value`); got != "受理" {
		t.Fatalf("field %q", got)
	}
	want := []string{"/zh/glossary/#shouli", "/zh/timeline/#受理", "/zh/documents/spouse/#item-application-form"}
	if got := b.links(); !slices.Equal(got, want) {
		t.Fatalf("results %q, want %q", got, want)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(".search-list li:nth-child(2) a")))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](b, `decodeURIComponent(location.pathname + location.hash)`); got != "/zh/timeline/#受理" {
		t.Errorf("landed on %s", got)
	}
	if got := eval[string](b, `(document.querySelector(":target") || {}).id || ""`); got != "受理" {
		t.Errorf("target %q", got)
	}
}

// TestBrowserElsewhere: a Chinese term pasted into the English site, which
// no English page has, offers the Chinese results, counted, and the link
// opens the Chinese search page with them; one that English pages have too
// gets the English results and the Chinese ones offered above them.
func TestBrowserElsewhere(t *testing.T) {
	br, srv := browserSite(t, Options{})
	b := tab{t, br.Incognito(t), srv.base}
	b.open("/en/")
	b.insert("户口簿")
	b.until(`document.querySelector(".search-elsewhere a")`)
	if got, want := b.status(), "No results for “户口簿”. 2 results in 中文"; got != want {
		t.Errorf("status %q, want %q", got, want)
	}
	link := eval[map[string]string](b, `(() => { const a = document.querySelector(".search-elsewhere a");
		return {text: a.textContent, href: decodeURIComponent(a.getAttribute("href")), hreflang: a.hreflang, lang: a.querySelector("[lang]").lang}; })()`)
	if link["text"] != "2 results in 中文" || link["hreflang"] != "zh-Hans" || link["lang"] != "zh-Hans" || !strings.HasSuffix(link["href"], "/zh/search/?q=户口簿") {
		t.Errorf("link %v", link)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(".search-elsewhere a")))); err != nil {
		t.Fatal(err)
	}
	b.until(`document.querySelector(".search-status").textContent === "2 个结果"`)
	if got := eval[string](b, `document.querySelector("#search-q").value`); got != "户口簿" {
		t.Errorf("the Chinese search page's field has %q", got)
	}
	if got := b.links(); !slices.Equal(got, []string{"/zh/documents/spouse/#item-hukou", "/zh/glossary/#hukoubu"}) {
		t.Errorf("Chinese results %q", got)
	}
	// The other way: {language} first in the Chinese string.
	b.clear()
	b.typeKeys("cookie")
	b.until(`document.querySelector(".search-elsewhere a")`)
	if got := eval[string](b, `document.querySelector(".search-elsewhere a").textContent`); got != "English版有 1 个结果" {
		t.Errorf("link %q", got)
	}
	// Chinese pasted into the English site that English pages have too:
	// the English results, and the Chinese ones offered above them.
	b.open("/en/")
	b.insert("受理")
	b.until(`document.querySelector(".search-elsewhere a")`)
	if got := b.status(); got != "2 results" {
		t.Errorf("status %q, want the English count alone", got)
	}
	if got := eval[string](b, `document.querySelector(".search-elsewhere a").textContent`); got != "3 results in 中文" {
		t.Errorf("link %q", got)
	}
	if !eval[bool](b, `!!(document.querySelector(".search-elsewhere").compareDocumentPosition(document.querySelector(".search-list")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("the other language's results are not above this language's")
	}
	if got := b.links(); len(got) != 2 {
		t.Errorf("English results %q", got)
	}
}

// TestBrowserKeyboard moves through the results with the arrow keys,
// follows one with Enter, and clears with Escape.
func TestBrowserKeyboard(t *testing.T) {
	br, srv := browserSite(t, Options{})
	b := tab{t, br.Incognito(t), srv.base}
	b.open("/en/")
	b.typeKeys("ap")
	b.until(`document.querySelector(".search-status").textContent === "7 results"`)
	focused := func() string {
		return eval[string](b, `document.activeElement.id || decodeURIComponent(document.activeElement.getAttribute("href") || document.activeElement.tagName)`)
	}
	b.key(kb.ArrowDown)
	if got := focused(); got != "/en/documents/spouse/#item-application-form" {
		t.Errorf("Down: focus on %s", got)
	}
	b.key(kb.ArrowDown)
	b.key(kb.ArrowDown)
	b.key(kb.ArrowUp)
	if got := focused(); got != "/en/documents/police-certificate/#apostille" {
		t.Errorf("Down, Down, Up: focus on %s", got)
	}
	b.key(kb.ArrowUp)
	b.key(kb.ArrowUp)
	if got := focused(); got != "search-q" {
		t.Errorf("Up from the first result: focus on %s", got)
	}
	// Escape on a result goes back to the field; Escape there clears it.
	b.key(kb.ArrowDown)
	b.key(kb.Escape)
	if got := focused(); got != "search-q" {
		t.Errorf("Escape on a result: focus on %s", got)
	}
	b.key(kb.Escape)
	b.until(`document.querySelector("#search-q").value === "" && document.querySelector(".search-list").hidden`)
	if got := b.status(); got != "" {
		t.Errorf("status %q after Escape", got)
	}
	// Enter follows a result.
	b.typeKeys("cookie")
	b.until(`document.querySelector(".search-status").textContent === "1 result"`)
	b.key(kb.ArrowDown)
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent("\r"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](b, `location.pathname + location.hash`); got != "/en/glossary/#cookies" {
		t.Errorf("Enter went to %s", got)
	}
	// Enter in the field opens the search page with the query, which shows
	// the results.
	b.typeKeys("fees translation")
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent("\r"))); err != nil {
		t.Fatal(err)
	}
	b.until(`document.querySelector(".search-status").textContent === "1 result"`)
	if got := eval[string](b, `location.pathname + decodeURIComponent(location.search)`); got != "/en/search/?q=fees+translation" {
		t.Errorf("Enter in the field went to %s", got)
	}
	// On the search page, Enter searches there and puts the query in the URL.
	b.clear()
	b.typeKeys("glossary\r")
	b.until(`location.search === "?q=glossary" && document.querySelector(".search-status").textContent === "1 result"`)
}

// TestBrowserMore pages through many results with "More results".
func TestBrowserMore(t *testing.T) {
	br := browsertest.New(t)
	dir := t.TempDir()
	docs := map[string][]Doc{"en": genDocs("en", 300, corpusVocab), "zh": genDocs("zh", 300, corpusVocab)}
	index := map[string][]byte{}
	for lang, d := range docs {
		files, err := Build(lang, d, nil, Options{ShardSize: 4096, PageShardSize: 4096, SingleFile: 1})
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(index, files)
	}
	writeSite(t, dir, index, docs)
	srv := serve(t, dir)
	b := tab{t, br.Incognito(t), srv.base}
	b.open("/en/search/?q=passport")
	b.until(`document.querySelectorAll(".search-list li").length === 10`)
	count := eval[string](b, `document.querySelector(".search-status").textContent`)
	if !strings.HasSuffix(count, " results") || count == "10 results" {
		t.Fatalf("status %q", count)
	}
	b.do(chromedp.Click(chromedp.CSS(".search-more")))
	b.until(`document.querySelectorAll(".search-list li").length === 20`)
	if got := eval[int](b, `[...document.querySelectorAll(".search-list a")].indexOf(document.activeElement)`); got != 10 {
		t.Errorf("after More results, focus on result %d, want the first new one (10)", got)
	}
	for _, v := range br.Axe(t, b.ctx) {
		t.Errorf("axe: %s", v)
	}
}

// TestBrowserAxe runs axe-core on the search form with results, with none
// and results elsewhere, and in Chinese.
func TestBrowserAxe(t *testing.T) {
	br, srv := browserSite(t, Options{})
	for _, tt := range []struct{ page, query, wait string }{
		{"/en/", "passport", `document.querySelector(".search-list li")`},
		{"/en/", "户口簿", `document.querySelector(".search-elsewhere a")`},
		{"/en/", "受理", `document.querySelector(".search-list li")`},
		{"/zh/", "绿卡", `document.querySelector(".search-list li")`},
		{"/zh/search/?q=段简", "", `document.querySelector(".search-status").textContent !== ""`},
	} {
		t.Run(tt.page+tt.query, func(t *testing.T) {
			b := tab{t, br.Incognito(t), srv.base}
			b.open(tt.page)
			if tt.query != "" {
				b.insert(tt.query)
			}
			b.until(tt.wait)
			for _, v := range br.Axe(t, b.ctx) {
				t.Errorf("axe: %s", v)
			}
			// Han text in English results is marked as Chinese.
			if tt.query == "受理" {
				if got := eval[[]string](b, `[...document.querySelectorAll(".search-results [lang]")].map(e => e.lang + ":" + e.textContent)`); !slices.Contains(got, "zh-Hans:受理") {
					t.Errorf("Chinese in English results: %q", got)
				}
			}
		})
	}
}

// TestBrowserWithoutJavaScript: the form is an ordinary form to the search page.
func TestBrowserWithoutJavaScript(t *testing.T) {
	br, srv := browserSite(t, Options{})
	b := tab{t, br.Incognito(t), srv.base}
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.open("/en/")
	b.typeKeys("green card")
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent("\r"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](b, `location.pathname + location.search`); got != "/en/search/?q=green+card" {
		t.Errorf("the form went to %s", got)
	}
}

// failedIndexLoad reports whether a console message is the browser's
// report of an index file that did not load, which the offline tests cause.
func failedIndexLoad(m chromedp.ConsoleMessage) bool {
	return m.Source == "network" && strings.Contains(m.URL, "/search/") && strings.HasPrefix(m.Text, "Failed to load resource")
}

// TestBrowserOffline: once a search has loaded the index, searches keep
// working when the server cannot be reached, from the browser's cache; a
// search that needs a shard the browser never loaded says so.
func TestBrowserOffline(t *testing.T) {
	opts := Options{ShardSize: 400, PageShardSize: 400, SingleFile: 1}
	br, srv := browserSite(t, opts)
	b := tab{t, br.IncognitoAllowing(t, failedIndexLoad), srv.base}
	b.open("/en/")
	b.typeKeys("passport")
	b.waitLinks("/en/documents/spouse/#item-passport")

	srv.offline.Store(true)
	b.open("/en/fees/") // a new page: the script starts again, with the browser's cache
	b.typeKeys("passport")
	b.waitLinks("/en/documents/spouse/#item-passport")
	if got := b.status(); got != "1 result" {
		t.Errorf("offline, status %q", got)
	}
	// "cookie" is in term and page shards the browser has not seen.
	r := openIndex(t, buildSite(t, opts), "search/en/")
	r.search("passport", 10)
	seen := slices.Clone(r.fetched)
	r.fetched = nil
	r.search("cookie", 10)
	if !slices.ContainsFunc(r.fetched, func(f string) bool { return !slices.Contains(seen, f) }) {
		t.Fatalf("cookie needs no other file than passport: %q", r.fetched)
	}
	b.clear()
	b.typeKeys("cookie")
	b.until(`document.querySelector(".search-status").textContent === ` + jsString(uiStrings["en"]["failed"]))
	srv.offline.Store(false)
	b.clear()
	b.typeKeys("cookie")
	b.waitLinks("/en/glossary/#cookies")
}

// TestBrowserNewBuild: a page that loaded the manifest of an older build
// finds its shards gone after a new one, and loads the new manifest.
func TestBrowserNewBuild(t *testing.T) {
	opts := Options{ShardSize: 400, PageShardSize: 400, SingleFile: 1}
	br, srv := browserSite(t, opts)
	b := tab{t, br.IncognitoAllowing(t, failedIndexLoad), srv.base}
	b.open("/en/")
	b.typeKeys("passport")
	b.waitLinks("/en/documents/spouse/#item-passport")

	// A new build: another page about cookies; the old shards are removed.
	docs, synonyms := loadSite(t)
	en := append(slices.Clone(docs["en"]), Doc{URL: "/en/privacy/", Title: "Privacy", Sections: []Section{{Anchor: "cookies", Heading: "Cookies", Text: "Not one cookie."}}})
	files, err := Build("en", en, synonyms, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(srv.dir, "search", "en")); err != nil {
		t.Fatal(err)
	}
	writeSite(t, srv.dir, files, map[string][]Doc{"en": en})

	b.clear()
	b.typeKeys("cookie")
	b.waitLinks("/en/glossary/#cookies", "/en/privacy/#cookies")
}
