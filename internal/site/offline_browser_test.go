package site_test

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"
)

// faultyNetwork is a test server whose connection to the reader can be cut or
// slowed down (the network itself, rather than DevTools' emulation, which on
// the page's target did not stop the service worker's own requests in
// Chromium 156): up serves the files; down drops every connection without an
// answer; slow holds every request without answering until the mode
// changes (then drops it).
type faultyNetwork struct {
	mu      sync.Mutex
	mode    int
	changed chan struct{} // closed when the mode changes
}

const (
	up = iota
	down
	slow
)

func (n *faultyNetwork) set(mode int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.mode = mode
	if n.changed != nil {
		close(n.changed)
	}
	n.changed = make(chan struct{})
}

func (n *faultyNetwork) ServeHTTP(w http.ResponseWriter, r *http.Request, files http.Handler) {
	n.mu.Lock()
	mode, changed := n.mode, n.changed
	n.mu.Unlock()
	switch mode {
	case slow:
		select {
		case <-changed:
		case <-r.Context().Done():
		}
		fallthrough
	case down:
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			c.Close()
		}
	default:
		files.ServeHTTP(w, r)
	}
}

// TestOfflineKeep: a reader keeps the English guide on her phone; then the
// network goes away, and then answers too slowly. Every page of the
// language still opens, marked as the saved copy with its date and its
// reviewed date; search finds the police certificate; the checklist still
// saves ticks; the calculator answers. Back online, pages come from the network again, unmarked.
func TestOfflineKeep(t *testing.T) {
	dir := sitetest.BuildRepo(t, "../..")
	if err := os.WriteFile(filepath.Join(dir, "favicon.ico"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	net := &faultyNetwork{}
	net.set(up)
	files := http.FileServer(http.Dir(dir))
	base := browsertest.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { net.ServeHTTP(w, r, files) }))
	t.Cleanup(func() { net.set(up) })

	script, err := os.ReadFile(filepath.Join(dir, "en", "sw.js"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for u := range workerFiles(t, string(script)) {
		if strings.HasSuffix(u, "/") {
			pages = append(pages, "/"+u)
		}
	}
	slices.Sort(pages)
	if len(pages) < 25 {
		t.Fatalf("the English worker keeps %d pages: %v", len(pages), pages)
	}

	b := browsertest.New(t)
	// The browser reports the requests the cut network fails (the worker
	// then answers from the saved copy).
	ctx := b.IncognitoAllowing(t, func(m chromedp.ConsoleMessage) bool { return strings.Contains(m.String(), "net::ERR_") })
	p := uiPage{t: t, b: b, ctx: ctx, base: base}
	p.open("/en/", ".offline-keep:not([hidden])")
	p.until(`document.querySelector(".offline-status").textContent.startsWith("About ")`)
	p.do(chromedp.Click(chromedp.CSS(`[data-offline="keep"]`)))
	p.until(`document.querySelector(".offline-status").textContent.startsWith("Saved on this phone")`)
	if got := p.text(".offline-status"); !strings.Contains(got, " files, ") || !strings.Contains(got, " MB)") {
		t.Errorf("status after keeping: %q", got)
	}

	// Ticks made while online.
	p.open("/en/documents/spouse/", ".checklist-item")
	p.do(chromedp.Click(chromedp.CSS(`.checklist-item .checklist-label`)))
	first := pageEval[string](p, `document.querySelector(".checklist-box:checked").name`)

	net.set(down)
	for _, path := range pages {
		p.open(path, "h1")
		if saved := pageEval[string](p, `document.documentElement.dataset.offlineSaved || ""`); saved == "" {
			t.Errorf("%s offline: not marked as the saved copy", path)
			continue
		}
		notice := p.text("[data-offline-copy]")
		if !pageEval[bool](p, `!document.querySelector("[data-offline-copy]").hidden`) || !strings.Contains(notice, "saved on this phone on "+time.Now().Format("2 January 2006")) {
			t.Errorf("%s offline: the notice says %q", path, notice)
		}
		if reviewed := pageEval[string](p, `(document.querySelector(".page-dates time:last-child") || {textContent: ""}).textContent`); reviewed != "" && !strings.Contains(notice, "checked against its sources on "+reviewed) {
			t.Errorf("%s offline: the notice %q does not give the reviewed date %s", path, notice, reviewed)
		}
	}

	// Search works from the saved index.
	if links := p.search("/en/fees/", "police certificate"); len(links) == 0 || !strings.HasPrefix(links[0], "/en/documents/police-certificate/") {
		t.Errorf("search offline: %v", links)
	}

	// The checklist saves ticks offline, across a reload.
	p.open("/en/documents/spouse/", ".checklist-item")
	p.do(chromedp.Click(chromedp.CSS(`.checklist-item:nth-of-type(2) .checklist-label`)))
	p.open("/en/documents/spouse/", ".checklist-item")
	ticked := pageEval[[]string](p, `[...document.querySelectorAll(".checklist-box:checked")].map(b => b.name)`)
	if len(ticked) != 2 || !slices.Contains(ticked, first) {
		t.Errorf("ticks offline after a reload: %v, want two, with %s", ticked, first)
	}

	// The calculator answers offline.
	p.open("/en/timeline/", "#calculator-day")
	p.enterDate("2026-09-01")
	p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
	p.until(`!document.querySelector(".calculator-result").hidden`)
	if got := p.text(`[data-slot="end"]`); !strings.Contains(strings.ReplaceAll(got, ",", ""), "Wednesday 18 November 2026") {
		t.Errorf("the calculator offline: day 50 is %q", got)
	}

	// Too slow a network: the saved copy after a short wait.
	net.set(slow)
	start := time.Now()
	p.open("/en/fees/", "h1")
	if pageEval[string](p, `document.documentElement.dataset.offlineSaved || ""`) == "" {
		t.Error("a page over a network that does not answer is not the saved copy")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the saved copy came after %v", d)
	}

	// Back online: the page from the network, not marked.
	net.set(up)
	p.open("/en/fees/", "h1")
	if pageEval[string](p, `document.documentElement.dataset.offlineSaved || ""`) != "" || !pageEval[bool](p, `document.querySelector("[data-offline-copy]").hidden`) {
		t.Errorf("online again, the page is still the saved copy: %q, notice hidden %v", pageEval[string](p, `document.documentElement.dataset.offlineSaved || ""`), pageEval[bool](p, `document.querySelector("[data-offline-copy]").hidden`))
	}
}

// TestOfflineUpdate: the site changes while the reader keeps it. The next
// visit online shows the new page at once (no refresh prompt); the new
// worker takes over with a complete copy of the new version, made from the
// unchanged files of the old copy and the changed ones fetched, and the old
// copy is removed; offline afterwards, the changed page is the new one.
func TestOfflineUpdate(t *testing.T) {
	src := writeFixture(t)
	v1 := sitetest.BuildRepo(t, src)
	help := filepath.Join(src, "content", "help.en.md")
	text, err := os.ReadFile(help)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(help, []byte(strings.Replace(string(text), "Ask the office.", "Ask the exit-entry office.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	v2 := sitetest.BuildRepo(t, src)
	var dir atomic.Value
	dir.Store(v1)
	net := &faultyNetwork{}
	net.set(up)
	base := browsertest.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" {
			return
		}
		// The two builds are made within a second, the resolution of
		// Last-Modified: no "not modified" from the old build's dates.
		r.Header.Del("If-Modified-Since")
		net.ServeHTTP(w, r, http.FileServer(http.Dir(dir.Load().(string))))
	}))
	t.Cleanup(func() { net.set(up) })
	version := func(site string) string {
		script, err := os.ReadFile(filepath.Join(site, "en", "sw.js"))
		if err != nil {
			t.Fatal(err)
		}
		_, v, _ := strings.Cut(string(script), `const VERSION = "`)
		return v[:16]
	}

	b := browsertest.New(t)
	ctx := b.IncognitoAllowing(t, func(m chromedp.ConsoleMessage) bool { return strings.Contains(m.String(), "net::ERR_") })
	p := uiPage{t: t, b: b, ctx: ctx, base: base}
	p.open("/en/", ".offline-keep:not([hidden])")
	p.do(chromedp.Click(chromedp.CSS(`[data-offline="keep"]`)))
	p.until(`document.querySelector(".offline-status").textContent.startsWith("Saved on this phone")`)

	dir.Store(v2)
	p.open("/en/help/", "h1")
	if got := p.text("main"); !strings.Contains(got, "Ask the exit-entry office.") {
		t.Errorf("online after the site changed, the page says: %q", got)
	}
	caches := func() []string {
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`caches.keys()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := "guide-offline " + base + "/en/ " + version(v2)
	deadline := time.Now().Add(20 * time.Second)
	for got := caches(); !slices.Equal(got, []string{want}); got = caches() {
		if time.Now().After(deadline) {
			t.Fatalf("caches %q, want only %q (v1 was %s)", got, want, version(v1))
		}
		time.Sleep(100 * time.Millisecond)
	}

	net.set(down)
	p.open("/en/help/", "h1")
	if saved, got := pageEval[string](p, `document.documentElement.dataset.offlineSaved || ""`), p.text("main"); saved == "" || !strings.Contains(got, "Ask the exit-entry office.") {
		t.Errorf("offline after the update, the help page (saved %q) says: %q", saved, got)
	}
	for _, path := range fixturePages {
		if strings.HasPrefix(path, "/en/") {
			p.open(path, "h1")
			if pageEval[string](p, `document.documentElement.dataset.offlineSaved || ""`) == "" {
				t.Errorf("%s offline after the update: not the saved copy", path)
			}
		}
	}
	p.open("/en/", ".offline-keep:not([hidden])")
	p.until(`document.querySelector(".offline-status").textContent.startsWith("Saved on this phone")`)
}
