package sitecheck_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"guide/internal/features"
	"guide/internal/site"
	"guide/internal/sitecheck"
)

// repo is the repository root, whose site the gates check.
const repo = "../.."

// printBudget is the weight budget of the page that holds the whole guide of
// a language for printing (content/print.*.md): it is opened to be printed,
// not read on a phone, and weighs what every page's text weighs together.
const printBudget = 100_000

// buildRepo builds the repository's site in memory with the given base URL
// ("" keeps site.yaml's) and returns it with the configuration to check it.
// Files named in hide are left out of the sources.
func buildRepo(t *testing.T, baseURL string, hide ...string) (fstest.MapFS, sitecheck.Config) {
	t.Helper()
	var src fs.FS = os.DirFS(repo)
	if len(hide) > 0 {
		src = hiding{src, hide}
	}
	cfg, err := site.LoadConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	if baseURL != "" {
		if err := cfg.SetBaseURL(baseURL); err != nil {
			t.Fatal(err)
		}
	}
	var mem site.Memory
	if _, err = site.Build(context.Background(), src, site.Options{BaseURL: baseURL, Features: features.Guide()}, &mem); err != nil {
		t.Fatalf("building the site:\n%v", err)
	}
	out := fstest.MapFS{}
	for name, data := range mem.Files() {
		out[name] = &fstest.MapFile{Data: data}
	}
	c := sitecheck.Config{BaseURL: cfg.BaseURL, Budgets: map[string]int{}}
	for _, l := range cfg.Languages {
		c.Languages = append(c.Languages, sitecheck.Language{Key: l.Key, Tag: l.Tag})
		// The whole guide on one page, for printing, is every page at once.
		c.Budgets[l.Key+"/print/index.html"] = printBudget
	}
	return out, c
}

// hiding is a file system without some of its files.
type hiding struct {
	fs.FS
	hide []string
}

func (h hiding) Open(name string) (fs.File, error) {
	if slices.Contains(h.hide, name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return h.FS.Open(name)
}

func (h hiding) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(h.FS, name)
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool {
		return slices.Contains(h.hide, path.Join(name, e.Name()))
	}), err
}

// TestSite runs the gates on the repository's real site, as published (the
// base URL of site.yaml) and as previewed (base URL "/").
func TestSite(t *testing.T) {
	for _, base := range []string{"", "/"} {
		name := "site.yaml base URL"
		if base != "" {
			name = "base URL " + base
		}
		t.Run(name, func(t *testing.T) {
			fsys, cfg := buildRepo(t, base)
			rep, err := sitecheck.Check(fsys, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				t.Error(p)
			}
			h := rep.Heaviest
			t.Logf("%d pages checked; heaviest: %s, %d bytes compressed (HTML %d, CSS %d, JavaScript %d; budget %d, %d for the print pages)",
				rep.Pages, h.Page, h.Total(), h.HTML, h.CSS, h.JS, sitecheck.DefaultMaxPageBytes, printBudget)
		})
	}
}

// TestSiteUntranslated runs the gates on the repository's site with a page
// missing in each language, so that those pages are shown untranslated: the
// gates must accept them (canonical the original, out of the sitemap and of
// the alternates, the text — title and description included — marked with
// its language).
func TestSiteUntranslated(t *testing.T) {
	fsys, cfg := buildRepo(t, "", "content/fees.en.md", "content/faq.zh.md")
	rep, err := sitecheck.Check(fsys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
	for _, page := range []string{"en/fees/index.html", "zh/faq/index.html"} {
		if !strings.Contains(string(fsys[page].Data), "callout-untranslated") {
			t.Errorf("%s is not shown untranslated", page)
		}
	}
}

// TestSearchBudget: for the guide itself, a language's search index and the
// search script add up to at most 60 kB compressed with gzip (what a reader
// downloads to search, and what a phone keeps to search offline).
func TestSearchBudget(t *testing.T) {
	const budget = 60 << 10
	out, cfg := buildRepo(t, "/")
	script := 0
	for name, f := range out {
		if strings.HasPrefix(name, "assets/search.") && strings.HasSuffix(name, ".js") {
			script = gzipLen(f.Data)
		}
	}
	if script == 0 {
		t.Fatal("no search script in the output")
	}
	for _, l := range cfg.Languages {
		index, files := 0, 0
		for name, f := range out {
			if strings.HasPrefix(name, "search/"+l.Key+"/") {
				index += gzipLen(f.Data)
				files++
			}
		}
		if files == 0 {
			t.Errorf("%s: no search index", l.Key)
			continue
		}
		t.Logf("%s: search index %d files, %d bytes gzip; script %d bytes gzip; total %d (budget %d)", l.Key, files, index, script, index+script, budget)
		if index+script > budget {
			t.Errorf("%s: the search index and script are %d bytes gzip, over the budget of %d", l.Key, index+script, budget)
		}
	}
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}
