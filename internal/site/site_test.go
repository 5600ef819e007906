package site_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"guide/internal/site"
	"guide/internal/site/sitetest"
)

var (
	siteFS    = sitetest.FS
	build     = sitetest.Build
	contains  = sitetest.Contains
	lacks     = sitetest.Lacks
	errorLine = sitetest.ErrorLine
)

func mustBuild(t *testing.T, archive string) (map[string]string, *site.Result) {
	t.Helper()
	return sitetest.MustBuild(t, site.Options{}, archive)
}

const twoLanguages = `
-- content/_index.zh.md --
---
title: 首页
---
欢迎。
-- content/_index.en.md --
---
title: Welcome
---
Hello.
-- content/fees.zh.md --
---
title: 费用
weight: 2
reviewed: 2026-11-01
---
见[时间](/timeline.md#counting)和[材料](documents/spouse.md)。
-- content/fees.en.md --
---
title: Fees
weight: 2
---
See [the timeline](/timeline.md#counting) and [documents](documents/spouse.md?for=zgc).
-- content/timeline.zh.md --
---
title: 时间
weight: 1
---
## 怎样计算 {#counting}
-- content/timeline.en.md --
---
title: Timeline
weight: 1
---
## How to count {#counting}
-- content/documents/_index.zh.md --
---
title: 材料
---
-- content/documents/_index.en.md --
---
title: Documents
---
-- content/documents/spouse.zh.md --
---
title: 配偶
weight: 1
---
[回到费用](../fees.md)
-- content/documents/spouse.en.md --
---
title: Spouse
weight: 1
---
[Back to fees](../fees.md)
-- content/documents/child.zh.md --
---
title: 子女
weight: 1
---
只有中文。
-- content/documents/b-order.en.md --
---
title: Apostille
weight: 1
---
English only.
`

func TestURLsAndLanguages(t *testing.T) {
	out, res := mustBuild(t, twoLanguages)
	for _, f := range []string{
		"index.html", "404.html", "zh/404.html", "en/404.html", "sitemap.xml", "robots.txt",
		"zh/index.html", "en/index.html", "zh/fees/index.html", "en/fees/index.html",
		"zh/documents/index.html", "en/documents/spouse/index.html",
	} {
		if _, ok := out[f]; !ok {
			t.Errorf("missing %s", f)
		}
	}
	if res.Pages["zh"] != 7 || res.Pages["en"] != 7 {
		t.Errorf("pages per language = %v, want 7 each", res.Pages)
	}
	contains(t, out, "en/fees/index.html",
		`<html lang="en">`,
		`<link rel="canonical" href="https://example.org/en/fees/">`,
		`<link rel="alternate" hreflang="zh-Hans" href="https://example.org/zh/fees/">`,
		`<link rel="alternate" hreflang="en" href="https://example.org/en/fees/">`,
		`<a class="switch" href="/zh/fees/" hreflang="zh-Hans">中文</a>`,
		`<a href="/en/timeline/#counting">the timeline</a>`,
		`<a href="/en/documents/spouse/?for=zgc">documents</a>`,
		`<nav><a href="/en/">Welcome</a> › Fees</nav>`,
	)
	contains(t, out, "zh/fees/index.html", `<html lang="zh-Hans">`, `<a href="/zh/timeline/#counting">时间</a>`)
	contains(t, out, "en/documents/spouse/index.html", `<a href="/en/fees/">Back to fees</a>`,
		`<nav><a href="/en/">Welcome</a> › <a href="/en/documents/">Documents</a> › Spouse</nav>`)
	// Section lists: by weight, then title; English plural forms.
	contains(t, out, "en/documents/index.html", "<p>3 pages</p>",
		`<li><a href="/en/documents/b-order/">Apostille</a></li><li><a href="/en/documents/spouse/">Spouse</a></li><li><a href="/en/documents/child/">子女</a></li>`)
	contains(t, out, "zh/documents/index.html", "<p>共 3 页</p>")
	contains(t, out, "index.html", `<a href="/zh/">中文</a><a href="/en/">English</a>`)
}

func TestUntranslatedPage(t *testing.T) {
	out, res := mustBuild(t, twoLanguages)
	contains(t, out, "en/documents/child/index.html",
		`<html lang="en">`,
		`<p class="notice">Not yet translated (original in 中文).</p>`,
		`<main lang="zh-Hans">`,
		`<link rel="canonical" href="https://example.org/zh/documents/child/">`,
		`<link rel="alternate" hreflang="zh-Hans" href="https://example.org/zh/documents/child/">`,
		"只有中文。",
	)
	lacks(t, out, "en/documents/child/index.html", `hreflang="en" href="https://example.org/en/documents/child/"`)
	contains(t, out, "zh/documents/b-order/index.html", `<p class="notice">本页尚未翻译成中文（原文为English）。</p>`, `<main lang="en">`)
	lacks(t, out, "sitemap.xml", "https://example.org/en/documents/child/", "https://example.org/zh/documents/b-order/")
	var got []string
	for _, u := range res.Report.Untranslated {
		got = append(got, u.Lang+":"+u.Key)
	}
	if want := "zh:documents/b-order en:documents/child"; strings.Join(got, " ") != want {
		t.Errorf("untranslated = %v, want %s", got, want)
	}
}

func TestSitemapAndRobots(t *testing.T) {
	out, _ := mustBuild(t, twoLanguages)
	contains(t, out, "sitemap.xml",
		`<url><loc>https://example.org/en/fees/</loc><xhtml:link rel="alternate" hreflang="zh-Hans" href="https://example.org/zh/fees/"/><xhtml:link rel="alternate" hreflang="en" href="https://example.org/en/fees/"/><xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/zh/fees/"/></url>`,
	)
	contains(t, out, "robots.txt", "Sitemap: https://example.org/sitemap.xml")
}

func TestReport(t *testing.T) {
	_, res := mustBuild(t, twoLanguages)
	if len(res.Report.NotReviewed) != 11 {
		t.Errorf("not reviewed = %v, want the 11 files without reviewed", res.Report.NotReviewed)
	}
	out, res := mustBuild(t, twoLanguages+"-- site.yaml --\nlanguages: [{key: zh, name: 中文, tag: zh-Hans}, {key: en, name: English, tag: en}]\nreviewAfterDays: 10\n")
	if len(res.Report.Stale) != 1 || res.Report.Stale[0].File != "content/fees.zh.md" || res.Report.Stale[0].Days != 26 {
		t.Errorf("stale = %+v, want content/fees.zh.md 26 days", res.Report.Stale)
	}
	// Without an absolute base URL, links stay root-relative.
	contains(t, out, "en/fees/index.html", `<link rel="canonical" href="/en/fees/">`)
}

func TestThirdLanguageNeedsNoCode(t *testing.T) {
	out, res := mustBuild(t, twoLanguages+`
-- site.yaml --
baseURL: https://example.org/guide/
languages:
  - {key: zh, name: 中文, tag: zh-Hans}
  - {key: en, name: English, tag: en}
  - {key: de, name: Deutsch, tag: de}
-- locales/de.yaml --
site_title: Leitfaden
pages:
  one: "{{.Count}} Seite"
  other: "{{.Count}} Seiten"
-- content/fees.de.md --
---
title: Gebühren
---
Siehe [Zeitplan](/timeline.md#counting).
`)
	contains(t, out, "de/fees/index.html", `<html lang="de">`, "<title>Gebühren · Leitfaden</title>",
		`<a href="/guide/de/timeline/#counting">Zeitplan</a>`,
		`<link rel="alternate" hreflang="de" href="https://example.org/guide/de/fees/">`)
	contains(t, out, "en/fees/index.html", `<a class="switch" href="/guide/de/fees/" hreflang="de">Deutsch</a>`)
	contains(t, out, "de/documents/index.html", "<p>3 Seiten</p>")
	// A page missing in German shows the default language's text; German
	// lacks some UI strings, which fall back to Chinese and are reported.
	contains(t, out, "de/timeline/index.html", `<nav><a href="/guide/de/">首页</a> › 时间</nav>`, `<main lang="zh-Hans">`)
	if got := strings.Join(res.Report.MissingUI["de"], " "); got != "home not_found_title untranslated" {
		t.Errorf("missing de UI strings = %q", got)
	}
	if res.Warnings.Err() == nil {
		t.Error("no warning for missing UI strings")
	}
	if res.Pages["de"] != 7 {
		t.Errorf("de pages = %d", res.Pages["de"])
	}
}

// TestCached: a cached template runs once per language and variant; the
// first page to ask decides its output.
func TestCached(t *testing.T) {
	out, _ := mustBuild(t, twoLanguages+`
-- templates/page.html --
{{template "base" .}}{{define "main"}}[{{cached "stamp" .}}|{{cached "stamp" . .Kind .Key}}|{{cached "lang" .}}]{{end}}
{{define "stamp"}}{{.Key}}{{end}}
{{define "lang"}}{{T "home"}}{{end}}
`)
	stamps := map[string]map[string]bool{}
	re := regexp.MustCompile(`\[([^|]*)\|([^|]*)\|([^\]]*)\]`)
	for name, html := range out {
		m := re.FindStringSubmatch(html)
		if m == nil || !strings.HasSuffix(name, "/index.html") || strings.Count(name, "/") < 2 {
			continue
		}
		lang := name[:2]
		if stamps[lang] == nil {
			stamps[lang] = map[string]bool{}
		}
		stamps[lang][m[1]] = true
		if want := strings.TrimSuffix(strings.TrimPrefix(name, lang+"/"), "/index.html"); m[2] != want {
			t.Errorf("%s: variant output %q, want its own key %q", name, m[2], want)
		}
		if want := map[string]string{"en": "Home", "zh": "首页"}[lang]; m[3] != want {
			t.Errorf("%s: cached UI string %q, want %q", name, m[3], want)
		}
	}
	for _, lang := range []string{"en", "zh"} {
		if len(stamps[lang]) != 1 {
			t.Errorf("%s: cached output differs between pages: %v", lang, stamps[lang])
		}
	}
}

// TestCheckCached: with Options.CheckCached (guide check), a cached template
// whose output depends on the page is reported, once per language, where it
// is called.
func TestCheckCached(t *testing.T) {
	page := func(call string) string {
		return twoLanguages + "-- templates/page.html --\n{{template \"base\" .}}\n{{define \"main\"}}" + call + "{{end}}\n{{define \"stamp\"}}{{.Title}}{{end}}\n"
	}
	if _, _, err := build(t, siteFS(t, page(`{{cached "stamp" .}}`)), site.Options{}); err != nil {
		t.Fatalf("without the check: %v", err)
	}
	_, _, err := build(t, siteFS(t, page(`{{cached "stamp" .}}`)), site.Options{CheckCached: true})
	var lines []string
	for _, l := range strings.Split(fmt.Sprint(err), "\n") {
		if strings.Contains(l, "differs between") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("want one error per language, got:\n%v", err)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, `templates/page.html:2: executing "main" at <cached "stamp" .>: error calling cached: the output of "stamp" differs between /`) ||
			!strings.HasSuffix(l, ": pass what else it depends on as further arguments to cached") {
			t.Errorf("error: %s", l)
		}
	}
	if _, _, err := build(t, siteFS(t, page(`{{cached "stamp" . .Key}}`)), site.Options{CheckCached: true}); err != nil {
		t.Errorf("with the page as a variant: %v", err)
	}
}

func TestDrafts(t *testing.T) {
	archive := twoLanguages + "-- content/draft.en.md --\n---\ntitle: Draft\ndraft: true\n---\n"
	out, _ := mustBuild(t, archive)
	if _, ok := out["en/draft/index.html"]; ok {
		t.Error("draft published without -drafts")
	}
	out, _, err := build(t, siteFS(t, archive), site.Options{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out["en/draft/index.html"]; !ok {
		t.Error("draft missing with -drafts")
	}
}

func TestFeed(t *testing.T) {
	out, _ := mustBuild(t, twoLanguages+`
-- content/updates/_index.en.md --
---
title: Updates
feed: true
---
-- content/updates/a.en.md --
---
title: Started
date: 2018-09-06
---
The fast track started.
-- content/updates/b.en.md --
---
title: Apostille & more
date: 2023-11-07
---
Apostilles.
`)
	contains(t, out, "en/updates/feed.xml",
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
		"<updated>2023-11-07T00:00:00Z</updated>",
		"<title>Apostille &amp; more</title>",
		"<id>https://example.org/en/updates/a/</id>")
	if strings.Index(out["en/updates/feed.xml"], "Apostille") > strings.Index(out["en/updates/feed.xml"], "Started") {
		t.Error("feed is not newest first")
	}
	if _, ok := out["zh/updates/feed.xml"]; ok {
		t.Error("feed written for a language without the section")
	}
}

func TestAssetsAreHashed(t *testing.T) {
	out, _ := mustBuild(t, twoLanguages+"-- content/documents/form.pdf --\n%PDF\n")
	var css string
	for name := range out {
		if regexp.MustCompile(`^assets/style\.[0-9a-f]{10}\.css$`).MatchString(name) {
			css = name
		}
	}
	if css == "" {
		t.Fatal("no hashed style.css in output")
	}
	if _, ok := out["documents/form.pdf"]; !ok {
		t.Error("content asset not copied")
	}
}

// TestErrors: every kind of bad input gives path:line: message and no output.
func TestErrors(t *testing.T) {
	tests := []struct {
		name    string
		archive string
		want    string // a line of the error, exactly
	}{
		{"malformed YAML", "-- content/a.en.md --\n---\ntitle: A\nweight: [1\n---\n", "content/a.en.md:2: did not find expected ',' or ']'"},
		{"unclosed front matter", "-- content/a.en.md --\n---\ntitle: A\n", `content/a.en.md:1: front matter is not closed: add a line "---" after the YAML`},
		{"no front matter", "-- content/a.en.md --\n# A\n", `content/a.en.md:1: front matter missing: the file must start with a line "---", YAML with at least a title, and another "---"`},
		{"missing title", "-- content/a.en.md --\n---\ndescription: x\n---\n", "content/a.en.md:2: front matter: title is required"},
		{"empty title", "-- content/a.en.md --\n---\ndescription: x\ntitle: \" \"\n---\n", "content/a.en.md:3: front matter: title is required"},
		{"weight is text", "-- content/a.en.md --\n---\ntitle: A\nweight: heavy\n---\n", `content/a.en.md:3: expected a whole number here, not text "heavy"`},
		{"date is not a date", "-- content/a.en.md --\n---\ntitle: A\n\nreviewed: last week\n---\n", `content/a.en.md:4: "last week" is not a date: write it as 2026-11-27`},
		{"title is a list", "-- content/a.en.md --\n---\ntitle: [a, b]\n---\n", "content/a.en.md:2: expected text here, not a list"},
		{"unknown language", "-- content/a.fr.md --\n---\ntitle: A\n---\n", `content/a.fr.md: unknown language "fr" in file name (the site's languages are zh, en)`},
		{"two files for one page", "-- content/a.md --\n---\ntitle: A\n---\n-- content/a.zh.md --\n---\ntitle: A\n---\n", "content/a.zh.md: same page and language as content/a.md (one file per page and language)"},
		{"invalid UTF-8", "-- content/a.en.md --\n---\ntitle: A\n---\nok\nbad \xff\n", "content/a.en.md:5: invalid UTF-8 (save the file as UTF-8)"},
		{"empty file", "-- content/a.en.md --\n", "content/a.en.md:1: file is empty (a page needs front matter with a title)"},
		{"broken link", "-- content/a.en.md --\n---\ntitle: A\n---\n\n[x](/nope.md)\n", "content/a.en.md:5: link to /nope.md: no such page (content/nope.md does not exist in any language)"},
		{"broken anchor", "-- content/a.en.md --\n---\ntitle: A\n---\n[x](/b.md#nope)\n-- content/b.en.md --\n---\ntitle: B\n---\n## B\n", `content/a.en.md:4: link to b.md#nope: content/b.en.md has no heading or item with id "nope"`},
		{"link to a draft", "-- content/a.en.md --\n---\ntitle: A\n---\n[x](/b.md)\n-- content/b.en.md --\n---\ntitle: B\ndraft: true\n---\n", "content/a.en.md:4: link to /b.md: no such page (content/b.md does not exist in any language)"},
		{"raw HTML", "-- content/a.en.md --\n---\ntitle: A\n---\n<script>alert(1)</script>\n", `content/a.en.md:4: raw HTML is not allowed in content (only <span lang="…">…</span> inside a paragraph)`},
		{"answers not a mapping", "-- content/a.en.md --\n---\ntitle: A\nquestions:\n  - {id: q, label: Q, answers: [a, b]}\n---\n", "content/a.en.md:4: expected a mapping of names to labels (key: label)"},
		{"template syntax", "-- templates/page.html --\n{{template \"base\" .}}\n{{if}}\n", "templates/page.html:2: missing value for if"},
		{"unknown template function", "-- templates/page.html --\n{{template \"base\" .}}\n{{define \"main\"}}{{nosuch .}}{{end}}\n", `templates/page.html:2: function "nosuch" not defined`},
		{"template execution", "-- content/a.en.md --\n---\ntitle: A\n---\n-- templates/page.html --\n{{template \"base\" .}}\n{{define \"main\"}}{{.Nope}}{{end}}\n", `templates/page.html:2: executing "main" at <.Nope>: can't evaluate field Nope in type *site.Page`},
		{"error in a cached template", "-- content/a.en.md --\n---\ntitle: A\n---\n-- templates/page.html --\n{{template \"base\" .}}\n{{define \"main\"}}{{cached \"x\" .}}{{end}}\n{{define \"x\"}}{{.Nope}}{{end}}\n", `templates/page.html:3: executing "x" at <.Nope>: can't evaluate field Nope in type *site.Page`},
		{"cached template missing", "-- content/a.en.md --\n---\ntitle: A\n---\n-- templates/page.html --\n{{template \"base\" .}}\n{{define \"main\"}}{{cached \"nosuch\" .}}{{end}}\n", `templates/page.html:2: executing "main" at <cached "nosuch" .>: error calling cached: no template "nosuch"`},
		{"unknown UI string", "-- content/a.en.md --\n---\ntitle: A\n---\n-- templates/page.html --\n{{template \"base\" .}}\n\n{{define \"main\"}}{{T \"nosuch\"}}{{end}}\n", `templates/page.html:3: executing "main" at <T "nosuch">: error calling T: unknown UI string "nosuch" (define it in locales/zh.yaml)`},
		{"bad locale file", "-- locales/en.yaml --\nhome: [\n", "locales/en.yaml:1: did not find expected node content"},
		{"locale for unknown language", "-- locales/fr.yaml --\nhome: Accueil\n", `locales/fr.yaml: no language "fr" in site.yaml (add it there, or rename the file)`},
		{"missing base template", "-- templates/base.html --\nDELETE\n", "templates/base.html: missing: every site needs a base layout"},
		{"no site.yaml", "-- site.yaml --\nDELETE\n", "site.yaml: cannot read the site configuration: file does not exist (is -src the top of a site?)"},
		{"bad language in site.yaml", "-- site.yaml --\nlanguages: [{key: Chinese, name: 中文, tag: zh-Hans}]\n", `site.yaml:1: languages[0]: key "Chinese" must be lower-case letters (and hyphens), like zh or pt-br`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := build(t, siteFS(t, tt.archive), site.Options{})
			if err == nil {
				t.Fatalf("build succeeded, want error %q", tt.want)
			}
			errorLine(t, err, tt.want)
			_ = out // the caller discards output on error; package output keeps public/
		})
	}
}

func TestLargeFileAndSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	for name, f := range siteFS(t, "") {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	big := append([]byte("---\ntitle: Big\n---\n"), bytes.Repeat([]byte("x"), 9<<20)...)
	if err := os.WriteFile(filepath.Join(dir, "content", "big.en.md"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop-b.en.md", filepath.Join(dir, "content", "loop-a.en.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop-a.en.md", filepath.Join(dir, "content", "loop-b.en.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "content", "self")); err != nil {
		t.Fatal(err)
	}
	_, err := site.Build(context.Background(), os.DirFS(dir), site.Options{}, site.Discard{})
	if err == nil {
		t.Fatal("build succeeded")
	}
	for _, want := range []string{
		"content/big.en.md: file is 9 MiB, larger than the 8 MiB limit",
		"content/loop-a.en.md: broken or looping symbolic link: too many levels of symbolic links",
		"content/self: symbolic links to directories are not followed (they can loop); copy or move the directory instead",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors:\n%v\nwant %q", err, want)
		}
	}
}
