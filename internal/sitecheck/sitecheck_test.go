package sitecheck_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"guide/internal/sitecheck"
)

// edit changes the fixture site: every occurrence of old in file ("*": in
// every file) becomes new. old "" creates or replaces the whole file; new
// "DELETE" removes it.
type edit struct{ file, old, new string }

// fixture is testdata/site.txtar with the edits applied.
func fixture(t *testing.T, edits ...edit) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	for _, e := range edits {
		switch {
		case e.new == "DELETE":
			delete(fsys, e.file)
		case e.old == "":
			fsys[e.file] = &fstest.MapFile{Data: []byte(e.new)}
		default:
			n := 0
			for name, f := range fsys {
				if e.file != "*" && name != e.file {
					continue
				}
				n += strings.Count(string(f.Data), e.old)
				f.Data = []byte(strings.ReplaceAll(string(f.Data), e.old, e.new))
			}
			if n == 0 {
				t.Fatalf("edit: %q is not in %s", e.old, e.file)
			}
		}
	}
	return fsys
}

var langs = []sitecheck.Language{{Key: "zh", Tag: "zh-Hans"}, {Key: "en", Tag: "en"}}

// noise is n bytes of text that does not compress.
func noise(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[r.IntN(len(letters))]
	}
	return string(b)
}

// absolute turns the fixture's root-relative URLs of the site into absolute
// ones under base, as a build with that base URL writes them.
func absolute(base string) []edit {
	return []edit{
		{"*", `href="/`, `href="` + base},
		{"sitemap.xml", `<loc>/`, `<loc>` + base},
	}
}

// TestCheck breaks the fixture site one way at a time and expects exactly
// the problems listed (each a substring of one Problem.String()), in order.
func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		base    string // default "/"
		budgets map[string]int
		edits   []edit
		want    []string
	}{
		{name: "the fixture passes"},

		// links
		{
			name:  "link to a missing page",
			edits: []edit{{"zh/fees/index.html", `<a href="/zh/">首页</a>`, `<a href="/zh/nope/">首页</a>`}},
			want:  []string{`zh/fees/index.html:14: links: <a href="/zh/nope/">: no such file in the site (/zh/nope/)`},
		},
		{
			name:  "link to a directory without the slash",
			edits: []edit{{"zh/fees/index.html", `<a href="/zh/">首页</a>`, `<a href="/zh/only">首页</a>`}},
			want:  []string{`zh/fees/index.html:14: links: <a href="/zh/only">: /zh/only is a directory: end the URL with "/"`},
		},
		{
			name:  "link to a missing anchor on another page",
			edits: []edit{{"zh/index.html", `/zh/fees/#cost`, `/zh/fees/#costs`}},
			want:  []string{`zh/index.html:19: links: <a href="/zh/fees/#costs">: no element with id "costs" on the page zh/fees/index.html`},
		},
		{
			name:  "link to a missing anchor on the same page",
			edits: []edit{{"en/fees/index.html", `<a href="#cost">`, `<a href="#price">`}},
			want:  []string{`en/fees/index.html:18: links: <a href="#price">: no element with id "price" on this page`},
		},
		{
			name:  "link to an id that exists only in a template",
			edits: []edit{{"en/fees/index.html", `<a href="#cost">`, `<a href="#in-template">`}},
			want:  []string{`en/fees/index.html:18: links: <a href="#in-template">: #in-template is only inside a <template> on this page`},
		},
		{
			name:  "missing stylesheet",
			edits: []edit{{"zh/only/index.html", `/assets/style.css`, `/assets/styles.css`}},
			want:  []string{`zh/only/index.html:9: links: <link href="/assets/styles.css">: no such file`},
		},
		{
			name:  "links to other sites are not checked, nor are they requests",
			edits: []edit{{"en/index.html", `<a href="fees/">fees</a>`, `<a href="fees/">fees</a> (<a href="https://www.nia.gov.cn/x#y">NIA</a>, <a href="mailto:a@example.org">mail</a>)`}},
		},

		// canonical
		{
			name:  "page without a canonical link",
			edits: []edit{{"en/404.html", `<link rel="canonical" href="/en/404.html">`, ``}},
			want:  []string{`en/404.html: canonical: no <link rel="canonical">`},
		},
		{
			name:  "canonical that leads to a page with another canonical",
			edits: []edit{{"zh/404.html", `href="/zh/404.html"`, `href="/en/only/"`}},
			want: []string{
				`404.html:3: canonical: canonical "/zh/404.html" is zh/404.html, whose own canonical is another URL`,
				`zh/404.html:3: canonical: canonical "/en/only/" is en/only/index.html, whose own canonical is another URL`,
			},
		},

		// hreflang
		{
			name:  "alternates that are not the same on every page of the set",
			edits: []edit{{"en/fees/index.html", `<link rel="alternate" hreflang="zh-Hans" href="/zh/fees/">` + "\n", ``}},
			want: []string{
				`en/fees/index.html:8: hreflang: x-default /zh/fees/ is not one of the alternates`,
				`sitemap.xml:6: sitemap: <loc>/en/fees/</loc>: the alternates differ from the page's hreflang links`,
				`zh/fees/index.html:8: hreflang: alternate /en/fees/ lists other alternates than this page`,
			},
		},
		{
			name:  "a page shown untranslated listed as an alternate",
			edits: []edit{{"zh/only/index.html", `<link rel="alternate" hreflang="x-default"`, `<link rel="alternate" hreflang="en" href="/en/only/">` + "\n" + `<link rel="alternate" hreflang="x-default"`}},
			want: []string{
				`en/only/index.html:7: hreflang: alternate /zh/only/ lists other alternates than this page`,
				`sitemap.xml:7: sitemap: <loc>/zh/only/</loc>: the alternates differ`,
				`zh/only/index.html:8: hreflang: alternate /en/only/ has its canonical elsewhere (a page shown untranslated?)`,
			},
		},
		{
			name:  "hreflang that is not the language of the page",
			edits: []edit{{"*", `hreflang="en" href="/en/"`, `hreflang="en" href="/zh/"`}},
			want: []string{
				`en/index.html:8: hreflang: the alternates do not include the page itself (hreflang "en")`,
				`en/index.html:9: hreflang: alternate /zh/ is hreflang "en" but the page says <html lang="zh-Hans">`,
				`zh/index.html:9: hreflang: alternate /zh/ is hreflang "en" but the page says <html lang="zh-Hans">`,
			},
		},

		// sitemap
		{
			name:  "page missing from the sitemap",
			edits: []edit{{"sitemap.xml", `<url><loc>/en/fees/</loc><xhtml:link rel="alternate" hreflang="zh-Hans" href="/zh/fees/"/><xhtml:link rel="alternate" hreflang="en" href="/en/fees/"/><xhtml:link rel="alternate" hreflang="x-default" href="/zh/fees/"/></url>` + "\n", ``}},
			want:  []string{`en/fees/index.html: sitemap: the page is not in sitemap.xml`},
		},
		{
			name:  "page shown untranslated in the sitemap",
			edits: []edit{{"sitemap.xml", `</urlset>`, "<url><loc>/en/only/</loc></url>\n</urlset>"}},
			want:  []string{`sitemap.xml:8: sitemap: <loc>/en/only/</loc>: the page's canonical is another URL`},
		},
		{
			name:  "sitemap entry for a missing page, and one twice",
			edits: []edit{{"sitemap.xml", `</urlset>`, "<url><loc>/en/gone/</loc></url>\n<url><loc>/zh/</loc></url>\n</urlset>"}},
			want: []string{
				`sitemap.xml:3: sitemap: <loc>/zh/</loc> is listed twice`,
				`sitemap.xml:3: sitemap: <loc>/zh/</loc>: the alternates differ`,
				`sitemap.xml:8: sitemap: <loc>/en/gone/</loc>: no such page`,
			},
		},
		{
			name:  "no sitemap",
			edits: []edit{{"sitemap.xml", "", "DELETE"}},
			want:  []string{`sitemap.xml: sitemap: no sitemap`},
		},

		// reachable
		{
			name:  "page that no link of its language leads to",
			edits: []edit{{"zh/index.html", `再看<a href="only/">只有中文的页面</a>`, ``}},
			want:  []string{`zh/only/index.html: reachable: no chain of links leads here from the home page /zh/`},
		},
		{
			name:  "page that only a form leads to is reached",
			edits: []edit{{"zh/index.html", `再看<a href="only/">只有中文的页面</a>`, `<form action="only/"><button>搜索</button></form>`}},
		},
		{
			name:  "root that does not lead to a language",
			edits: []edit{{"index.html", `<li lang="en"><a href="/en/" hreflang="en">English</a></li>`, ``}},
			want:  []string{`index.html: reachable: the root page does not link to the home page of en`},
		},
		{
			name:  "page outside the languages that nothing links to",
			edits: []edit{{"about.html", "", `<!doctype html><html lang="en"><head><title>About</title><link rel="canonical" href="/about.html"></head><body><p>About.</p></body></html>`}},
			want:  []string{`about.html: reachable: no chain of links leads here from the site root`},
		},

		// weight
		{
			name:  "page over the weight budget",
			edits: []edit{{"assets/site.js", "", "var x = \"" + noise(70_000) + "\";\n"}},
			want: []string{
				`en/fees/index.html: weight: the page weighs`,
				`en/index.html: weight: the page weighs`,
				`index.html: weight: the page weighs`,
				`zh/fees/index.html: weight: the page weighs`,
				`zh/index.html: weight: the page weighs`,
			},
		},
		{
			name:    "pages with budgets of their own",
			budgets: map[string]int{"en/fees/index.html": 200_000, "zh/fees/index.html": 1_000},
			edits:   []edit{{"assets/site.js", "", "var x = \"" + noise(70_000) + "\";\n"}},
			want: []string{
				`en/index.html: weight: the page weighs`,
				`index.html: weight: the page weighs`,
				`zh/fees/index.html: weight: the page weighs`,
				`zh/index.html: weight: the page weighs`,
			},
		},

		// third-party
		{
			name:  "script from another origin",
			edits: []edit{{"zh/fees/index.html", `<script src="/assets/site.js" defer>`, `<script src="https://cdn.example.com/lib.js" defer>`}},
			want:  []string{`zh/fees/index.html:11: third-party: <script src="https://cdn.example.com/lib.js"> is fetched from https://cdn.example.com`},
		},
		{
			name:  "image and preconnect to other origins",
			edits: []edit{{"en/fees/index.html", `<h1 id="top-heading">Fees</h1>`, `<h1 id="top-heading">Fees</h1><img src="//images.example.com/a.png" alt="">` + "\n" + `<link rel="preconnect" href="https://fonts.gstatic.com">`}},
			want: []string{
				`en/fees/index.html:16: third-party: <img src="//images.example.com/a.png"> is fetched from http://images.example.com`,
				`en/fees/index.html:17: third-party: <link href="https://fonts.gstatic.com"> is fetched from https://fonts.gstatic.com`,
			},
		},
		{
			name:  "web font from another origin in CSS and in a style attribute",
			edits: []edit{{"assets/style.css", `:root {`, "@import \"https://fonts.googleapis.com/css?family=Noto\";\n:root {"}, {"zh/only/index.html", `<main>`, `<main style="background: url(https://img.example.com/bg.png)">`}},
			want: []string{
				`assets/style.css:2: third-party: CSS fetches https://fonts.googleapis.com/css?family=Noto from https://fonts.googleapis.com`,
				`zh/only/index.html:13: third-party: CSS fetches https://img.example.com/bg.png from https://img.example.com`,
			},
		},
		{
			name:  "script that fetches from another origin",
			edits: []edit{{"assets/site.js", `document.documentElement.dataset.id = id;`, `fetch("https://api.example.com/count?id=" + id);`}},
			want:  []string{`assets/site.js:5: third-party: the script names https://api.example.com/count?id=, on https://api.example.com`},
		},

		// scripts
		{
			name:  "script without defer",
			edits: []edit{{"zh/index.html", `<script src="/assets/site.js" defer>`, `<script src="/assets/site.js">`}},
			want:  []string{`zh/index.html:12: scripts: <script src="/assets/site.js"> blocks rendering: add defer`},
		},
		{
			name:  "inline script and inline event handler",
			edits: []edit{{"en/index.html", `<main id="main">`, `<main id="main" onclick="go()"><script>go()</script>`}},
			want: []string{
				`en/index.html:16: scripts: <main onclick=…>: inline event handler`,
				`en/index.html:16: scripts: inline script`,
			},
		},
		{
			name:  "module scripts and async scripts do not block",
			edits: []edit{{"en/index.html", `<script src="/assets/site.js" defer>`, `<script type="module" src="/assets/site.js"></script><script async src="/assets/site.js">`}},
		},

		// lang
		{
			name:  "page without lang",
			edits: []edit{{"en/404.html", `<html lang="en">`, `<html>`}},
			want:  []string{`en/404.html:2: lang: <html> has no lang attribute`},
		},
		{
			name:  "page with the wrong lang for its directory",
			edits: []edit{{"en/404.html", `<html lang="en">`, `<html lang="zh-Hans">`}},
			want:  []string{`en/404.html:2: lang: <html lang="zh-Hans"> on a page under /en/: it should be "en"`},
		},
		{
			name:  "lang that is not a language of the site",
			edits: []edit{{"zh/fees/index.html", `<span lang="en">`, `<span lang="english">`}},
			want:  []string{`zh/fees/index.html:18: lang: <span lang="english">: not one of the site's languages (zh-Hans, en)`},
		},
		{
			name:  "Chinese in English text without a lang",
			edits: []edit{{"en/fees/index.html", `(<span lang="zh-Hans">服务大厅</span>)`, "\n(服务大厅)"}},
			want:  []string{`en/fees/index.html:18: lang: 4 Han character(s) in the text of <p> whose language is "en", starting "服务大厅"`},
		},
		{
			name: "Chinese in English attributes and meta description",
			edits: []edit{
				{"en/fees/index.html", `<p id="cost">`, `<p id="cost" title="护照">`},
				{"en/index.html", `content="One sentence."`, `content="One 句子."`},
			},
			want: []string{
				`en/fees/index.html:17: lang: 2 Han character(s) in the title attribute of <p> whose language is "en"`,
				`en/index.html:6: lang: 2 Han character(s) in the meta description of <meta> whose language is "en"`,
			},
		},

		// fonts
		{
			name:  "font stack without a Windows font",
			edits: []edit{{"assets/style.css", `"Microsoft YaHei", `, ``}},
			want:  []string{`assets/style.css:3: fonts: font stack of ":root" has no Chinese font for Windows`},
		},
		{
			name:  "font stack without a generic family",
			edits: []edit{{"assets/style.css", `"Noto Sans CJK SC", sans-serif;`, `"Noto Sans CJK SC";`}},
			want: []string{
				`assets/style.css:3: fonts: font stack of ":root" does not end with a generic family`,
			},
		},
		{
			name:  "Chinese font stack without a Linux font",
			edits: []edit{{"assets/style.css", `@media print`, ":lang(zh) { font-family: \"PingFang SC\", \"Microsoft YaHei\", sans-serif; }\n@media print"}},
			want:  []string{`assets/style.css:9: fonts: font stack of ":lang(zh)" has no Chinese font for Linux`},
		},

		{
			name:  "no font stack for Chinese text at all",
			edits: []edit{{"assets/style.css", `font-family: system-ui, "Segoe UI"`, `color: black; --unused: system-ui, "Segoe UI"`}},
			want:  []string{`fonts: no stylesheet gives Chinese text a font stack`},
		},

		// base URLs
		{
			name:  "absolute base URL",
			base:  "https://example.org/",
			edits: absolute("https://example.org/"),
		},
		{
			name:  "absolute base URL and a relative canonical",
			base:  "https://example.org/",
			edits: append(absolute("https://example.org/"), edit{"en/fees/index.html", `<link rel="canonical" href="https://example.org/en/fees/">`, `<link rel="canonical" href="/en/fees/">`}),
			want:  []string{`en/fees/index.html:6: canonical: canonical "/en/fees/" is not an absolute URL`},
		},
		{
			name:  "base URL with a path",
			base:  "https://example.org/guide/",
			edits: append(absolute("https://example.org/guide/"), edit{"*", `src="/`, `src="/guide/`}, edit{"en/fees/index.html", `<a href="#top">`, `<a href="/en/">`}),
			want:  []string{`en/fees/index.html:18: links: <a href="/en/">: no such file in the site (/en/)`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base
			if base == "" {
				base = "/"
			}
			rep, err := sitecheck.Check(fixture(t, tc.edits...), sitecheck.Config{BaseURL: base, Languages: langs, Budgets: tc.budgets})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
			}
			ok := len(got) == len(tc.want)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.Contains(got[i], tc.want[i])
			}
			if !ok {
				t.Errorf("problems:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestCheckConfig checks the errors for a configuration that cannot work.
func TestCheckConfig(t *testing.T) {
	fsys := fixture(t)
	for _, cfg := range []sitecheck.Config{
		{BaseURL: "/"},
		{BaseURL: "example.org", Languages: langs},
	} {
		if _, err := sitecheck.Check(fsys, cfg); err == nil {
			t.Errorf("Check with %+v: no error", cfg)
		}
	}
	if _, err := sitecheck.Check(fstest.MapFS{"a.txt": {}}, sitecheck.Config{BaseURL: "/", Languages: langs}); err == nil {
		t.Error("Check of a site without pages: no error")
	}
}
