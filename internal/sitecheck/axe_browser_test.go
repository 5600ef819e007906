package sitecheck_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"
)

// TestAxeEveryPage opens every HTML page of the repository's real site, in
// every language, error pages and the root included, in Chromium at a phone's
// size, in the light and the dark colour scheme, and runs axe-core's WCAG 2.2
// A and AA rules on it: there must be no violation, and no console error. (The interactive states of the checklist,
// the self-check and the calculator are scanned by their own tests in
// internal/site.)
func TestAxeEveryPage(t *testing.T) {
	b := browsertest.New(t)
	dir := sitetest.BuildRepo(t, repo)
	base := browsertest.Serve(t, dir)
	var pages []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			pages = append(pages, "/"+strings.TrimSuffix(p, "index.html"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 10 {
		t.Fatalf("only %d pages found in %s", len(pages), dir)
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, p := range pages {
			t.Run(p+" "+scheme, func(t *testing.T) {
				ctx := b.Incognito(t) // empty storage: the root page does not redirect
				if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
					t.Fatal(err)
				}
				for _, v := range b.Axe(t, ctx) {
					t.Errorf("%s", v)
				}
			})
		}
	}
}
