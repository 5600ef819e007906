package site_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"guide/internal/site"
	"guide/internal/site/sitetest"
)

var (
	oracleSeed  = flag.Uint64("oracle.seed", 0, "seed of TestLiveEqualsBuild (0: a new one each run)")
	oracleSteps = flag.Int("oracle.steps", 300, "edits TestLiveEqualsBuild makes per run")
)

// crossReading is a site whose templates read other pages: their titles,
// parameters, headings, checklists, content, menus, sections and
// translations, and UI strings, through cached templates too, and the whole
// reading order with every page's content (whole.*.md). Every edit of
// any of those must reach every page that shows it.
const crossReading = `
-- site.yaml --
baseURL: https://example.org/
languages:
  - {key: zh, name: 中文, tag: zh-Hans}
  - {key: en, name: English, tag: en}
params: [color]
offline: true
-- templates/base.html --
{{define "base"}}<html lang="{{.Lang.Tag}}"><title>{{.Title}} · {{T "site_title"}}</title>
{{cached "nav" .}}
{{range .Translations}}<a hreflang="{{.Lang.Tag}}" href="{{.URL}}">{{.Title}}{{if .Untranslated}} ({{T "untranslated"}}){{end}}</a>{{end}}
{{with .Parent}}<p class="up"><a href="{{.URL}}">{{.Title}}</a> ({{len .Pages}})</p>{{end}}
{{with .Site.Page "a"}}<p class="a">{{.Title}} {{.Param "color"}} h{{len .Headings}} c{{len .Checklist}} {{date "2006-01-02" .Reviewed}}</p>{{end}}
{{with .Site.Page "docs/x"}}<p class="x">{{.Content}}</p>{{else}}<p class="x">{{T "no_x"}}</p>{{end}}
<main>{{block "main" .}}{{.Content}}{{end}}</main>
{{template "foot" .}}</html>{{end}}
{{define "nav"}}<nav>{{range .Site.Menu}}<a href="{{.URL}}">{{.Title}} {{.Weight}}</a>{{end}}</nav>{{end}}
-- templates/partials/foot.html --
{{define "foot"}}<footer>{{T "foot"}} {{.Kind}}</footer>{{end}}
-- templates/home.html --
{{template "base" .}}{{define "main"}}{{.Content}}<ul>{{range .Pages}}<li>{{.Title}} {{.Description}}</li>{{end}}</ul>{{end}}
-- templates/section.html --
{{template "base" .}}{{define "main"}}{{.Content}}<ol>{{range .Pages}}<li>{{.Title}} {{.Weight}} {{range .Headings}}{{.ID}} {{end}}</li>{{end}}</ol>{{end}}
-- templates/page.html --
{{template "base" .}}
-- templates/wide.html --
{{template "base" .}}{{define "main"}}<div class="wide">{{.Content}}</div>{{range .Alternates}}{{.Lang.Key}}{{end}}{{end}}
-- templates/print.html --
{{template "base" .}}{{define "main"}}{{range .Site.ReadingOrder}}<section id="{{.Anchor}}"><h2>{{.Title}}</h2>{{.PrintContent}}</section>{{end}}{{end}}
-- templates/404.html --
{{template "base" .}}
-- templates/root.html --
<html>{{range .Translations}}<a href="{{.URL}}">{{.Title}}</a>{{end}}</html>
-- templates/assets/style.css --
body { color: black; }
-- locales/zh.yaml --
site_title: 指南
untranslated: 未翻译
foot: 页脚
no_x: 没有 x
not_found_title: 找不到
alert.note: 注意
-- locales/en.yaml --
site_title: Guide
untranslated: not translated
foot: Footer
no_x: no x
not_found_title: Not found
alert.note: Note
-- content/_index.zh.md --
---
title: 首页
---
欢迎。见[费用](/fees.md)。
-- content/_index.en.md --
---
title: Home
---
Welcome. See [fees](/fees.md).
-- content/fees.zh.md --
---
title: 费用
weight: 2
menu: main
---
## 费用 {#fees}
-- content/fees.en.md --
---
title: Fees
weight: 2
menu: main
---
## Fees {#fees}
-- content/a.zh.md --
---
title: 甲
color: red
reviewed: 2026-11-01
---
## 一 {#one}
-- content/docs/_index.en.md --
---
title: Documents
---
The documents.
-- content/whole.zh.md --
---
title: 全部
layout: print
print: false
---
-- content/whole.en.md --
---
title: Everything
layout: print
print: false
---
`

// oracle makes random edits to a site and checks after each that a Live
// updated with the changed paths has exactly the files of a fresh Build.
type oracle struct {
	t    *testing.T
	rng  *rand.Rand
	fsys fstest.MapFS
	live *site.Live
	good map[string][]byte // the Live's files after its last successful update
	log  []string
}

func (o *oracle) write(name, text string) {
	o.fsys[name] = &fstest.MapFile{Data: []byte(text)}
}

var (
	oracleKeys   = []string{"a", "b", "fees", "docs/x", "docs/y", "docs/deep/z", "more/w"}
	oracleLangs  = []string{"zh", "en"}
	oracleTitles = []string{"Alpha", "Beta", "甲", "乙", "Fees", "费用", "Zeta"}
)

// page writes a random page file.
func (o *oracle) page() string {
	key := oracleKeys[o.rng.IntN(len(oracleKeys))]
	lang := oracleLangs[o.rng.IntN(2)]
	name := "content/" + key + "." + lang + ".md"
	if o.rng.IntN(8) == 0 && key != "fees" {
		name = "content/" + key + "/_index." + lang + ".md"
	}
	var fm strings.Builder
	fmt.Fprintf(&fm, "---\ntitle: %s\n", oracleTitles[o.rng.IntN(len(oracleTitles))])
	if o.rng.IntN(2) == 0 {
		fmt.Fprintf(&fm, "weight: %d\n", o.rng.IntN(4))
	}
	if o.rng.IntN(3) == 0 {
		fm.WriteString("menu: main\n")
	}
	if o.rng.IntN(3) == 0 {
		fmt.Fprintf(&fm, "color: %s\n", []string{"red", "blue", "green"}[o.rng.IntN(3)])
	}
	if o.rng.IntN(3) == 0 {
		fmt.Fprintf(&fm, "reviewed: 2026-11-%02d\n", 1+o.rng.IntN(27))
	}
	if o.rng.IntN(4) == 0 {
		fmt.Fprintf(&fm, "description: %s\n", []string{"short", "长一点的说明", "more"}[o.rng.IntN(3)])
	}
	if o.rng.IntN(6) == 0 {
		fm.WriteString("layout: wide\n")
	}
	if o.rng.IntN(12) == 0 {
		fm.WriteString("draft: true\n")
	}
	if o.rng.IntN(6) == 0 {
		fm.WriteString("print: false\n")
	}
	fm.WriteString("---\n")
	if key == "fees" && o.rng.IntN(4) != 0 {
		// Other pages link to this heading: without it, they fail to
		// build, though they did not change.
		fm.WriteString("## Heading 9\n\n")
	}
	for range o.rng.IntN(4) {
		switch o.rng.IntN(5) {
		case 0:
			fmt.Fprintf(&fm, "## Heading %d\n\n", o.rng.IntN(3))
		case 1:
			fmt.Fprintf(&fm, "- [ ] Item {#item-%d}\n", o.rng.IntN(100))
			fm.WriteString("\n")
		case 2:
			fm.WriteString("See [the fees](/fees.md#fees) and [home](/_index.md).\n\n")
			if o.rng.IntN(2) == 0 && key != "fees" {
				fm.WriteString("See [heading 9](/fees.md#heading-9).\n\n")
			}
		case 3:
			fm.WriteString("> [!NOTE]\n> Careful.\n\n")
		default:
			fmt.Fprintf(&fm, "Text %d, 中文 %d.\n\n", o.rng.IntN(10), o.rng.IntN(10))
		}
	}
	o.write(name, fm.String())
	return name
}

// edit makes one random change and returns the paths it changed.
func (o *oracle) edit() []string {
	var pages []string
	for name := range o.fsys {
		if strings.HasPrefix(name, "content/") && strings.HasSuffix(name, ".md") {
			pages = append(pages, name)
		}
	}
	slices.Sort(pages)
	switch n := o.rng.IntN(20); {
	case n < 9: // write a page (new or existing)
		return []string{o.page()}
	case n < 11 && len(pages) > 0: // delete a page (never the fees page others link to)
		p := pages[o.rng.IntN(len(pages))]
		if strings.HasPrefix(p, "content/fees.") || strings.HasPrefix(p, "content/_index.") {
			return nil
		}
		delete(o.fsys, p)
		return []string{p}
	case n < 12 && len(pages) > 0: // rename a page
		p := pages[o.rng.IntN(len(pages))]
		if strings.HasPrefix(p, "content/fees.") || strings.HasPrefix(p, "content/_index.") {
			return nil
		}
		q := "content/renamed-" + fmt.Sprint(o.rng.IntN(3)) + "." + oracleLangs[o.rng.IntN(2)] + ".md"
		o.fsys[q] = o.fsys[p]
		delete(o.fsys, p)
		return []string{p, q}
	case n < 13: // delete a whole directory, passing only its path
		var gone bool
		for name := range o.fsys {
			if strings.HasPrefix(name, "content/docs/deep/") {
				delete(o.fsys, name)
				gone = true
			}
		}
		if gone {
			return []string{"content/docs/deep"}
		}
		return nil
	case n < 14: // a template
		marker := []string{"", " (edited)", " ✓"}[o.rng.IntN(3)]
		switch o.rng.IntN(3) {
		case 0:
			o.write("templates/partials/foot.html", `{{define "foot"}}<footer>{{T "foot"}} {{.Kind}}`+marker+`</footer>{{end}}`)
			return []string{"templates/partials/foot.html"}
		case 1:
			o.write("templates/wide.html", `{{template "base" .}}{{define "main"}}<div class="wide">`+marker+`{{.Content}}</div>{{range .Alternates}}{{.Lang.Key}}{{end}}{{end}}`)
			return []string{"templates/wide.html"}
		default:
			o.write("templates/assets/style.css", "body { color: black; }"+marker)
			return []string{"templates/assets/style.css"}
		}
	case n < 16: // a locale
		lang := oracleLangs[o.rng.IntN(2)]
		f := "locales/" + lang + ".yaml"
		text := string(o.fsys[f].Data)
		if o.rng.IntN(2) == 0 && strings.Contains(text, "foot:") {
			text = replaceLine(text, "foot:", "foot: Foot "+fmt.Sprint(o.rng.IntN(5)))
		} else if strings.Contains(text, "no_x:") {
			text = replaceLine(text, "no_x:", "") // only the other language has it now
		} else {
			text += "no_x: none " + fmt.Sprint(o.rng.IntN(5)) + "\n"
		}
		o.write(f, text)
		return []string{f}
	case n < 17: // a content asset, possibly where a page will publish
		name := []string{"content/files/form.txt", "content/en/a/index.html"}[o.rng.IntN(2)]
		if _, ok := o.fsys[name]; ok && o.rng.IntN(2) == 0 {
			delete(o.fsys, name)
		} else {
			o.write(name, "asset "+fmt.Sprint(o.rng.IntN(9)))
		}
		return []string{name}
	case n < 18 && len(pages) > 0: // break a page, to be fixed later
		p := pages[o.rng.IntN(len(pages))]
		o.write(p, "---\ntitle: [broken\n---\n")
		return []string{p}
	default: // save a file without changing it
		if len(pages) == 0 {
			return nil
		}
		return []string{pages[o.rng.IntN(len(pages))]}
	}
}

func replaceLine(text, prefix, with string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			if with == "" {
				continue
			}
			l = with
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// check compares the Live with a fresh build of the same files.
func (o *oracle) check(step int, changed []string) {
	o.t.Helper()
	want, _, buildErr := sitetest.Build(o.t, o.fsys, site.Options{})
	_, liveErr := o.live.Update(context.Background(), changed)
	if liveErr == nil {
		_, liveErr = o.live.Search(context.Background())
	}
	fail := func(format string, args ...any) {
		o.t.Helper()
		o.t.Fatalf("step %d (edits so far:\n  %s)\n%s", step, strings.Join(o.log, "\n  "), fmt.Sprintf(format, args...))
	}
	switch {
	case buildErr != nil && liveErr == nil:
		fail("the build fails but the Live does not:\n%v", buildErr)
	case buildErr == nil && liveErr != nil:
		fail("the Live fails but the build does not:\n%v", liveErr)
	case buildErr != nil:
		if buildErr.Error() != liveErr.Error() {
			fail("different errors:\nbuild:\n%v\nlive:\n%v", buildErr, liveErr)
		}
		// A failed update leaves the last good site as it was.
		o.same(o.good, fail)
		return
	}
	got := map[string][]byte{}
	for _, name := range o.live.Files() {
		got[name], _ = o.live.File(name)
	}
	wantBytes := map[string][]byte{}
	for name, data := range want {
		wantBytes[name] = []byte(data)
	}
	o.good = wantBytes
	o.same(wantBytes, fail)
}

func (o *oracle) same(want map[string][]byte, fail func(string, ...any)) {
	files := o.live.Files()
	for _, name := range files {
		data, _ := o.live.File(name)
		w, ok := want[name]
		switch {
		case !ok:
			fail("the Live has %s, the build does not", name)
		case !bytes.Equal(data, w):
			fail("%s differs:\nlive:\n%s\nbuild:\n%s", name, data, w)
		}
	}
	if len(files) != len(want) {
		for name := range want {
			if !slices.Contains(files, name) {
				fail("the build has %s, the Live does not", name)
			}
		}
	}
}

// TestLiveEqualsBuild is the oracle of incremental rebuilds: random edits of
// every kind (bodies, titles, weights, menus, parameters, reviewed dates,
// layouts, drafts, new, renamed and deleted pages and directories,
// templates, assets, locales, broken files), each followed by an update with
// the changed paths; after every step the Live's files are byte for byte a
// fresh build's, and when the build fails the Live fails with the same
// errors and keeps its last good files.
func TestLiveEqualsBuild(t *testing.T) {
	seed := *oracleSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -oracle.seed %d)", seed, seed)
	o := &oracle{t: t, rng: rand.New(rand.NewPCG(seed, 0)), fsys: sitetest.FS(t, crossReading)}
	o.live = site.NewLive(o.fsys, site.Options{Now: sitetest.Today})
	o.check(0, nil)
	if !slices.ContainsFunc(o.live.Files(), func(n string) bool { return strings.HasPrefix(n, "search/") }) {
		t.Fatal("no search index")
	}
	if _, ok := o.live.File("en/sw.js"); !ok {
		t.Fatal("no offline worker")
	}
	for step := 1; step <= *oracleSteps; step++ {
		changed := o.edit()
		o.log = append(o.log, fmt.Sprint(changed))
		o.check(step, changed)
	}
}
