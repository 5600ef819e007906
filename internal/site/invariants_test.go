package site_test

import (
	"context"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"guide/internal/diag"
	"guide/internal/site"
	"guide/internal/site/sitetest"
)

// crossSite is crossReading with pages that read each other's content and
// headings, made with more pages so that builds run in parallel.
func crossSite(t *testing.T) fstest.MapFS {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "-- content/docs/p%02d.en.md --\n---\ntitle: P%02d\nweight: %d\n---\n## One {#one}\n\nText %d.\n\n## Two {#two}\n", i, i, i%5, i)
		fmt.Fprintf(&b, "-- content/docs/p%02d.zh.md --\n---\ntitle: 页%02d\n---\n## 一 {#one}\n\n中文 %d。\n", i, i, i)
	}
	b.WriteString("-- content/docs/x.en.md --\n---\ntitle: X\n---\n## X one {#x1}\n\nThe text of x, read by every page.\n")
	b.WriteString("-- content/a.en.md --\n---\ntitle: A\ncolor: blue\n---\n## A {#a1}\n\n- [ ] Item {#item-a}\n")
	return sitetest.FS(t, crossReading, b.String())
}

// TestDeterministic builds a site whose pages read each other's content,
// headings and checklists many times at several GOMAXPROCS: every build
// gives the same bytes.
func TestDeterministic(t *testing.T) {
	fsys := crossSite(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first map[string]string
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		for i := range 30 {
			out, _, err := sitetest.Build(t, fsys, site.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = out
				sitetest.Contains(t, out, "en/docs/p07/index.html", "The text of x, read by every page.", `<p class="a">A blue h1 c1`)
				continue
			}
			if len(out) != len(first) {
				t.Fatalf("GOMAXPROCS %d, build %d: %d files, want %d", procs, i, len(out), len(first))
			}
			for name, data := range first {
				if out[name] != data {
					t.Fatalf("GOMAXPROCS %d, build %d: %s differs:\n%s\nfirst:\n%s", procs, i, name, out[name], data)
				}
			}
		}
	}
}

// counting is a feature whose template function counts its calls.
func counting(n *atomic.Int64) site.Feature {
	return site.Feature{Name: "counting", Load: func([]site.DataFile, []site.Language) (*site.Loaded, error) {
		return &site.Loaded{Funcs: template.FuncMap{"count": func() int64 { return n.Add(1) }}}, nil
	}}
}

// TestCachedRunsOnce: many pages asking for a cached template at once run it
// once per language, and nothing is reported as differing (run it with
// -race -count=50: the first version raced).
func TestCachedRunsOnce(t *testing.T) {
	var n atomic.Int64
	archive := "-- templates/page.html --\n{{template \"base\" .}}{{define \"main\"}}[{{cached \"once\" .}}]{{end}}\n{{define \"once\"}}{{count}}{{end}}\n"
	fsys := sitetest.FS(t, crossReading, archive)
	for i := range 40 {
		fsys[fmt.Sprintf("content/p%d.en.md", i)] = &fstest.MapFile{Data: []byte("---\ntitle: P\n---\n")}
	}
	for range 5 {
		n.Store(0)
		out, _, err := sitetest.Build(t, fsys, site.Options{Features: []site.Feature{counting(&n)}})
		if err != nil {
			t.Fatal(err)
		}
		if got := n.Load(); got != 2 {
			t.Fatalf("the cached template ran %d times, want once per language (2)", got)
		}
		seen := map[string]bool{}
		for name, data := range out {
			if strings.HasPrefix(name, "en/p") {
				i := strings.Index(data, "[")
				seen[data[i:i+3]] = true
			}
		}
		if len(seen) != 1 {
			t.Errorf("English pages show different cached outputs: %v", seen)
		}
	}
}

// TestPreviewSeesOtherPages: a template that prints another page's
// parameter, heading count, checklist size and content shows the new value
// after an edit of that page, as a fresh build does.
func TestPreviewSeesOtherPages(t *testing.T) {
	fsys := crossSite(t)
	l := site.NewLive(fsys, site.Options{})
	if _, err := l.Update(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	fsys["content/a.en.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A2\ncolor: green\nreviewed: 2026-11-03\n---\n## A {#a1}\n\n## B\n\n- [ ] Item {#item-a}\n- [ ] More {#item-b}\n")}
	fsys["content/docs/x.en.md"] = &fstest.MapFile{Data: []byte("---\ntitle: X\n---\n## X one {#x1}\n\nNew text of x.\n")}
	ch, err := l.Update(context.Background(), []string{"content/a.en.md", "content/docs/x.en.md"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := l.File("en/docs/p07/index.html")
	for _, want := range []string{`<p class="a">A2 green h2 c2 2026-11-03</p>`, "New text of x."} {
		if !strings.Contains(string(data), want) {
			t.Errorf("en/docs/p07/index.html does not show %q after the edit:\n%s", want, data)
		}
	}
	// Chinese pages read the Chinese a (which does not exist: an untranslated
	// stand-in of the English one), so they change too; nothing is full.
	if ch.Full || ch.Rendered < 80 {
		t.Errorf("update %+v", ch)
	}
}

// TestOutputCollisions: two sources that would write one output file are an
// error naming both, not a silent overwrite.
func TestOutputCollisions(t *testing.T) {
	_, _, err := sitetest.Build(t, sitetest.FS(t, twoLanguages,
		"-- content/robots.txt --\nUser-agent: *\n-- content/en/fees/index.html --\n<p>x</p>\n"), site.Options{})
	errorLine(t, err, "content/robots.txt: publishes robots.txt, which the robots.txt the build makes also writes: rename or move one of them")
	errorLine(t, err, "content/en/fees/index.html: publishes en/fees/index.html, which the file content/fees.en.md also writes: rename or move one of them")
}

// TestUnknownLayout: a typo in layout is an error with a suggestion, not a
// silent fallback.
func TestUnknownLayout(t *testing.T) {
	_, _, err := sitetest.Build(t, sitetest.FS(t, twoLanguages,
		"-- templates/timeline.html --\n{{template \"base\" .}}\n-- content/t.en.md --\n---\ntitle: T\nlayout: timelien\n---\n"), site.Options{})
	errorLine(t, err, "content/t.en.md:3: layout timelien: there is no template templates/timelien.html; did you mean timeline?")
}

// TestUnreadableTemplate: a layout or partial that cannot be read is an
// error naming it, not an empty template (which once replaced every page of
// the last good output with an empty file).
func TestUnreadableTemplate(t *testing.T) {
	tests := []struct {
		name  string
		setup func(dir string) error
		want  string
	}{
		{"broken symlink", func(dir string) error {
			return os.Symlink("nowhere.html", filepath.Join(dir, "templates/partials/gone.html"))
		}, "templates/partials/gone.html: cannot read the template: "},
		{"a directory", func(dir string) error {
			return os.Mkdir(filepath.Join(dir, "templates/wide.html"), 0o755)
		}, "templates/wide.html: cannot read the template: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, f := range sitetest.FS(t, twoLanguages) {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.MkdirAll(filepath.Join(dir, "templates/partials"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := tt.setup(dir); err != nil {
				t.Fatal(err)
			}
			_, err := site.Build(context.Background(), os.DirFS(dir), site.Options{}, site.Discard{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestUIStringFallsBack: a UI string only the second language defines is
// used by the first language's pages and reported, not an error.
func TestUIStringFallsBack(t *testing.T) {
	out, res := mustBuild(t, twoLanguages+"-- locales/en.yaml --\nsite_title: Guide\nhome: Home\npages:\n  one: \"{{.Count}} page\"\n  other: \"{{.Count}} pages\"\nuntranslated: \"Not yet translated (original in {{.Language}}).\"\nnot_found_title: Not found\nextra: English only\n-- templates/page.html --\n{{template \"base\" .}}{{define \"main\"}}<p>{{T \"extra\"}}</p>{{end}}\n")
	contains(t, out, "zh/fees/index.html", "<p>English only</p>")
	if !strings.Contains(fmt.Sprint(res.Warnings.Err()), `locales/zh.yaml: UI string "extra" is missing`) {
		t.Errorf("warnings: %v", res.Warnings.Err())
	}
}

// panicking is a feature whose check panics when a page says so.
func panicking() site.Feature {
	return site.Feature{Name: "panicking", Load: func([]site.DataFile, []site.Language) (*site.Loaded, error) {
		return &site.Loaded{Check: func(key string, pages []site.Translation) []*diag.Error {
			for _, p := range pages {
				if p.File.Meta.Title == "PANIC" {
					panic("boom")
				}
			}
			return nil
		}}, nil
	}}
}

// TestPanicIsAnError: a panic while building, in a full build or in an
// incremental one, is an error naming the page; the preview survives it.
func TestPanicIsAnError(t *testing.T) {
	opts := site.Options{Features: []site.Feature{panicking()}}
	fsys := sitetest.FS(t, twoLanguages)
	l := site.NewLive(fsys, opts)
	if _, err := l.Update(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	fsys["content/fees.en.md"] = &fstest.MapFile{Data: []byte("---\ntitle: PANIC\n---\nFees.\n")}
	want := "content/fees.zh.md: internal error in panicking (please report it): boom"
	_, err := l.Update(context.Background(), []string{"content/fees.en.md"})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("incremental: %v, want %q", err, want)
	}
	_, _, err = sitetest.Build(t, fsys, opts)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("full: %v, want %q", err, want)
	}
}
