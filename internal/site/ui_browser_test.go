package site_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The templates and scripts are tested on a small guide of their own
// (testdata/uisite.txtar) built with the repository's templates, locales,
// site.yaml and holiday data: the tests do not depend on the wording of the
// real pages, which the editors change.

// uiFixture starts a browser and serves the fixture guide, with the files of
// the extra archives added or replaced.
func uiFixture(t *testing.T, extra ...string) (*browsertest.Browser, string) {
	t.Helper()
	b := browsertest.New(t)
	return b, serveFixture(t, extra...)
}

func serveFixture(t *testing.T, extra ...string) string {
	t.Helper()
	dir := sitetest.BuildRepo(t, writeFixture(t, extra...))
	// Browsers ask for /favicon.ico; the site has none, and the 404 would be
	// reported as a console error.
	if err := os.WriteFile(filepath.Join(dir, "favicon.ico"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return browsertest.Serve(t, dir)
}

// fixturePages are the pages of the fixture guide in both languages.
var fixturePages = func() []string {
	var out []string
	for _, lang := range []string{"en", "zh"} {
		for _, p := range []string{"", "check/", "documents/", "documents/spouse/", "documents/child/", "timeline/", "step-by-step/", "routes/", "faq/", "help/"} {
			out = append(out, "/"+lang+"/"+p)
		}
	}
	return out
}()

// dark makes the tab prefer a dark colour scheme (or not).
func (p uiPage) dark(on bool) {
	p.t.Helper()
	v := "light"
	if on {
		v = "dark"
	}
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}}); err != nil {
		p.t.Fatal(err)
	}
}

// textSize sets the browser's default font size, as a reader who sets text
// to 200 % does (16 px is 100 %).
func (p uiPage) textSize(px int64) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, page.SetFontSizes, page.SetFontSizesParams{FontSizes: &page.FontSizes{Standard: px}}); err != nil {
		p.t.Fatal(err)
	}
}

func (p uiPage) viewport(w, h int64) {
	p.t.Helper()
	p.do(chromedp.EmulateViewport(w, h))
}

// sideways lists what makes the page scroll sideways: the page itself, or
// any element that scrolls or clips sideways, with its size.
func (p uiPage) sideways() []string {
	p.t.Helper()
	return pageEval[[]string](p, `(() => {
		const out = [];
		const d = document.documentElement;
		if (d.scrollWidth > d.clientWidth + 1) out.push("page " + d.scrollWidth + " > " + d.clientWidth);
		for (const e of document.body.querySelectorAll("*")) {
			if (!e.offsetParent && getComputedStyle(e).position !== "fixed") continue;
			const o = getComputedStyle(e).overflowX;
			if ((o === "auto" || o === "scroll" || o === "hidden") && e.scrollWidth > e.clientWidth + 1 && !e.matches(".visually-hidden, .visually-hidden *, thead, thead *"))
				out.push(e.tagName.toLowerCase() + "." + e.className + " " + e.scrollWidth + " > " + e.clientWidth);
			const r = e.getBoundingClientRect();
			if (r.right > d.clientWidth + 1 && r.width > 0 && !e.closest(".visually-hidden, .skip-link"))
				out.push(e.tagName.toLowerCase() + "." + e.className + " ends at " + Math.round(r.right) + " > " + d.clientWidth);
		}
		return out.slice(0, 8);
	})()`)
}

// TestFontStacks reads the computed font of body text in both languages,
// and the font Chromium actually draws it with: English gets the system
// sans-serif stack (not the browser's default serif), Chinese a Chinese
// font, and Chinese words in English text a Chinese font too.
func TestFontStacks(t *testing.T) {
	// Without the offline worker: DevTools' CSS.enable, which reading the
	// drawn fonts needs, does not answer on a page a service worker
	// controls (Chromium 156). The fonts do not depend on it.
	cfg, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, base := uiFixture(t, "-- site.yaml --\n"+strings.Replace(string(cfg), "\noffline: true", "\noffline: false", 1))
	p := newPage(t, b, base)
	for _, tc := range []struct {
		path, css, first string
		cjk              bool
	}{
		{"/en/", "main p", "system-ui", false},
		{"/en/", `main span[lang="zh-Hans"]`, `"PingFang SC"`, true},
		{"/en/documents/spouse/", ".checklist-text", "system-ui", false},
		{"/zh/", "main p", `"PingFang SC"`, true},
		{"/zh/documents/spouse/", ".checklist-text", `"PingFang SC"`, true},
		{"/en/timeline/", ".calculator-part label", "system-ui", false},
		{"/zh/timeline/", ".calculator-part label", `"PingFang SC"`, true},
	} {
		p.open(tc.path, tc.css)
		family := pageEval[string](p, `getComputedStyle(document.querySelector(`+quoteJS(tc.css)+`)).fontFamily`)
		if !strings.HasPrefix(family, tc.first+",") || !strings.HasSuffix(family, "sans-serif") {
			t.Errorf("%s %s: font-family %s, want the stack that starts with %s", tc.path, tc.css, family, tc.first)
		}
		used := platformFonts(p, tc.css)
		t.Logf("%s %s: %s; drawn with %v", tc.path, tc.css, family, used)
		if len(used) == 0 {
			t.Errorf("%s %s: no font used", tc.path, tc.css)
		}
		for _, f := range used {
			if strings.Contains(strings.ToLower(f), "serif") && !strings.Contains(strings.ToLower(f), "sans") || strings.Contains(f, "Times") {
				t.Errorf("%s %s: drawn with %s, a serif font", tc.path, tc.css, f)
			}
		}
		if tc.cjk && !strings.Contains(strings.Join(used, ","), "CJK") {
			t.Errorf("%s %s: Chinese text drawn with %v, no Chinese font", tc.path, tc.css, used)
		}
	}
}

// platformFonts are the fonts Chromium draws the text of the first element
// matching css with, most glyphs first.
func platformFonts(p uiPage, sel string) []string {
	p.t.Helper()
	fonts, err := chromedp.Run(p.ctx, chromedp.QueryAfter(sel, func(ctx context.Context, tg *chromedp.Target, nodes []*chromedp.Node) ([]string, error) {
		if len(nodes) == 0 {
			return nil, fmt.Errorf("no %s", sel)
		}
		if _, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{}); err != nil {
			return nil, err
		}
		res, err := cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: nodes[0].NodeID})
		if err != nil {
			return nil, err
		}
		var out []string
		for _, f := range res.Fonts {
			out = append(out, f.FamilyName)
		}
		return out, nil
	}))
	if err != nil {
		p.t.Fatalf("fonts of %s: %v", sel, err)
	}
	return fonts
}
