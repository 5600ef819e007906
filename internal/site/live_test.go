package site_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"guide/internal/site"
)

// liveSite is a Live for twoLanguages with a page in the menu, built once;
// archives add or replace files.
func liveSite(t *testing.T, archives ...string) (fstest.MapFS, *site.Live) {
	t.Helper()
	fsys := siteFS(t, twoLanguages+`
-- content/menu.en.md --
---
title: In the menu
menu: main
---
-- templates/page.html --
{{template "base" .}}{{define "main"}}{{.Content}}<nav>{{range .Site.Menu}}{{.Title}}|{{end}}</nav>{{end}}
`+strings.Join(archives, ""))
	l := site.NewLive(fsys, site.Options{})
	ch, err := l.Update(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Full || len(ch.Changed) == 0 {
		t.Fatalf("first update: %+v", ch)
	}
	return fsys, l
}

func edit(fsys fstest.MapFS, name, text string) {
	fsys[name] = &fstest.MapFile{Data: []byte(text)}
}

func liveUpdate(t *testing.T, l *site.Live, paths ...string) *site.Change {
	t.Helper()
	ch, err := l.Update(context.Background(), paths)
	if err != nil {
		t.Fatalf("update %v: %v", paths, err)
	}
	return ch
}

func TestLiveBodyEdit(t *testing.T) {
	fsys, l := liveSite(t)
	edit(fsys, "content/fees.en.md", "---\ntitle: Fees\nweight: 2\n---\nNew text, see [the timeline](/timeline.md#counting).\n")
	ch := liveUpdate(t, l, "content/fees.en.md")
	if ch.Full || !slices.Equal(ch.Changed, []string{"en/fees/index.html"}) {
		t.Errorf("changed %v (full %v), want only en/fees/index.html", ch.Changed, ch.Full)
	}
	if data, _ := l.File("en/fees/index.html"); !strings.Contains(string(data), "New text") {
		t.Error("page not updated")
	}
	// Saving the same bytes again changes nothing.
	if ch := liveUpdate(t, l, "content/fees.en.md"); len(ch.Changed) != 0 {
		t.Errorf("unchanged save changed %v", ch.Changed)
	}
	// A page shown untranslated in English changes in both languages.
	edit(fsys, "content/documents/child.zh.md", "---\ntitle: 子女\nweight: 1\n---\n新的内容。\n")
	ch = liveUpdate(t, l, "content/documents/child.zh.md")
	if !slices.Equal(ch.Changed, []string{"en/documents/child/index.html", "zh/documents/child/index.html"}) {
		t.Errorf("changed %v", ch.Changed)
	}
}

func TestLiveTitleEdit(t *testing.T) {
	fsys, l := liveSite(t)
	edit(fsys, "content/documents/spouse.en.md", "---\ntitle: Husband or wife\nweight: 1\n---\n[Back to fees](../fees.md)\n")
	ch := liveUpdate(t, l, "content/documents/spouse.en.md")
	for _, want := range []string{"en/documents/spouse/index.html", "en/documents/index.html", "sitemap.xml"} {
		if want == "sitemap.xml" {
			if slices.Contains(ch.Changed, want) {
				t.Errorf("sitemap changed though no URL did")
			}
			continue
		}
		if !slices.Contains(ch.Changed, want) {
			t.Errorf("%s not in changed %v", want, ch.Changed)
		}
	}
	if slices.Contains(ch.Changed, "en/fees/index.html") {
		t.Errorf("unrelated page re-rendered: %v", ch.Changed)
	}
	if data, _ := l.File("en/documents/index.html"); !strings.Contains(string(data), "Husband or wife") {
		t.Error("section list not updated")
	}
	// A page in the navigation changes every page that shows the navigation.
	edit(fsys, "content/menu.en.md", "---\ntitle: Renamed\nmenu: main\n---\n")
	ch = liveUpdate(t, l, "content/menu.en.md")
	if !slices.Contains(ch.Changed, "en/fees/index.html") {
		t.Errorf("menu title change did not reach other pages: %v", ch.Changed)
	}
	if data, _ := l.File("en/fees/index.html"); !strings.Contains(string(data), "Renamed|") {
		t.Error("navigation not updated")
	}
}

func TestLiveStructureAndErrors(t *testing.T) {
	fsys, l := liveSite(t)
	// New page: it appears in both languages, and only what reads the
	// list of the home's pages is rendered again (here, nothing else).
	edit(fsys, "content/new.en.md", "---\ntitle: New\n---\n")
	ch := liveUpdate(t, l, "content/new.en.md")
	if ch.Full || ch.Rendered != 2 || !slices.Equal(ch.Changed, []string{"en/new/index.html", "sitemap.xml", "zh/new/index.html"}) {
		t.Errorf("new page: %+v", ch)
	}
	// Deleting a page that others link to is an error; the site stays.
	delete(fsys, "content/timeline.en.md")
	delete(fsys, "content/timeline.zh.md")
	_, err := l.Update(context.Background(), []string{"content/timeline.en.md", "content/timeline.zh.md"})
	if err == nil || !strings.Contains(err.Error(), "content/fees.en.md:5: link to /timeline.md#counting: no such page") {
		t.Fatalf("error = %v", err)
	}
	if _, ok := l.File("en/timeline/index.html"); !ok {
		t.Error("last good site not kept")
	}
	edit(fsys, "content/fees.en.md", "---\ntitle: Fees\nweight: 2\n---\nNo links.\n")
	edit(fsys, "content/fees.zh.md", "---\ntitle: 费用\nweight: 2\n---\n没有链接。\n")
	ch = liveUpdate(t, l, "content/fees.en.md", "content/fees.zh.md")
	if !slices.Contains(ch.Removed, "en/timeline/index.html") {
		t.Errorf("deleted page still served: %+v", ch)
	}
}

func TestLiveRecoversFromBrokenEdit(t *testing.T) {
	fsys, l := liveSite(t)
	// Broken front matter: error, nothing changes.
	edit(fsys, "content/fees.en.md", "---\ntitle: [Fees\n---\n")
	if _, err := l.Update(context.Background(), []string{"content/fees.en.md"}); err == nil {
		t.Fatal("no error for broken front matter")
	}
	// A broken link in one page, then an edit of another page: the error is
	// still reported until it is fixed.
	edit(fsys, "content/fees.en.md", "---\ntitle: Fees\nweight: 2\n---\n[x](/nope.md)\n")
	if _, err := l.Update(context.Background(), []string{"content/fees.en.md"}); err == nil {
		t.Fatal("no error for broken link")
	}
	edit(fsys, "content/timeline.en.md", "---\ntitle: Timeline\nweight: 1\n---\n## How to count {#counting}\nMore.\n")
	if _, err := l.Update(context.Background(), []string{"content/timeline.en.md"}); err == nil || !strings.Contains(err.Error(), "nope.md") {
		t.Fatalf("error lost after editing another page: %v", err)
	}
	edit(fsys, "content/fees.en.md", "---\ntitle: Fees\nweight: 2\n---\nFixed.\n")
	ch := liveUpdate(t, l, "content/fees.en.md")
	for _, want := range []string{"en/fees/index.html", "en/timeline/index.html"} {
		if !slices.Contains(ch.Changed, want) {
			t.Errorf("%s not updated after the fix: %v", want, ch.Changed)
		}
	}
}

// TestLiveAnchorOfAnotherPage: a page whose link points to a heading of
// another page is checked again when only that other page changes.
func TestLiveAnchorOfAnotherPage(t *testing.T) {
	fsys, l := liveSite(t)
	edit(fsys, "content/timeline.en.md", "---\ntitle: Timeline\nweight: 1\n---\n## How to count\nMore.\n")
	_, err := l.Update(context.Background(), []string{"content/timeline.en.md"})
	want := `content/fees.en.md:5: link to timeline.md#counting: content/timeline.en.md has no heading or item with id "counting"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want %s", err, want)
	}
	if _, _, berr := build(t, fsys, site.Options{}); berr == nil || !strings.Contains(berr.Error(), want) {
		t.Fatalf("a build's error = %v", berr)
	}
	edit(fsys, "content/timeline.en.md", "---\ntitle: Timeline\nweight: 1\n---\n## How to count {#counting}\nMore.\n")
	liveUpdate(t, l, "content/timeline.en.md")
}

func TestLiveTemplateEdit(t *testing.T) {
	fsys, l := liveSite(t)
	edit(fsys, "templates/partials/crumbs.html", `{{define "crumbs"}}<nav class="new"></nav>{{end}}`)
	ch := liveUpdate(t, l, "templates/partials/crumbs.html")
	if ch.Full || !slices.Contains(ch.Changed, "en/fees/index.html") {
		t.Errorf("template edit: %+v", ch)
	}
	// The 404 and root layouts do not show the breadcrumbs.
	if slices.Contains(ch.Changed, "index.html") {
		t.Errorf("the root page does not use the edited template but changed: %v", ch.Changed)
	}
	edit(fsys, "templates/partials/crumbs.html", `{{define "crumbs"}}{{if}}{{end}}`)
	if _, err := l.Update(context.Background(), []string{"templates/partials/crumbs.html"}); err == nil || !strings.Contains(err.Error(), "templates/partials/crumbs.html:1:") {
		t.Errorf("broken template: %v", err)
	}
}

// TestLiveCached: outputs of the cached function are made afresh for the
// pages an update re-renders.
func TestLiveCached(t *testing.T) {
	fsys, l := liveSite(t, `
-- templates/page.html --
{{template "base" .}}{{define "main"}}{{.Content}}{{cached "nav" .}}{{end}}
{{define "nav"}}<nav>{{range .Site.Menu}}{{.Title}}|{{end}}</nav>{{end}}
`)
	edit(fsys, "content/menu.en.md", "---\ntitle: Renamed\nmenu: main\n---\n")
	ch := liveUpdate(t, l, "content/menu.en.md")
	if ch.Full || !slices.Contains(ch.Changed, "en/fees/index.html") {
		t.Errorf("menu title change: %+v", ch)
	}
	if data, _ := l.File("en/fees/index.html"); !strings.Contains(string(data), "<nav>Renamed|</nav>") {
		t.Errorf("cached navigation not updated:\n%s", data)
	}
}
