package site_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"
)

// search types q into the header's search field of the page at path, as a
// reader would (the text inserted at once, as a paste or an input method
// does), and returns the results' links, decoded, once they are shown.
func (p uiPage) search(path, q string) []string {
	p.t.Helper()
	p.open(path, "#search-q")
	p.do(chromedp.Focus(chromedp.CSS("#search-q")))
	if _, err := chromedp.Call(p.ctx, input.InsertText, input.InsertTextParams{Text: q}); err != nil {
		p.t.Fatal(err)
	}
	p.until(`document.querySelector(".search-status") && document.querySelector(".search-status").textContent !== "" && !document.querySelector(".search-status").textContent.endsWith("…")`)
	return pageEval[[]string](p, `[...document.querySelectorAll(".search-list a")].map(a => decodeURIComponent(a.getAttribute("href")))`)
}

// TestSearchRealSite searches the real guide from the header of a page for
// what readers look for, in both languages and across them (a Chinese term
// pasted into the English site), and checks that the right page comes
// first, at the right section, and that following it lands on that
// section. A Chinese query on an English page also offers the Chinese
// results.
func TestSearchRealSite(t *testing.T) {
	b := browsertest.New(t)
	base := browsertest.Serve(t, sitetest.BuildRepo(t, "../.."))
	p := newPage(t, b, base)
	for _, c := range []struct{ q, want string }{
		{"无犯罪记录证明", "documents/police-certificate/"},
		{"police certificate", "documents/police-certificate/"},
		{"海牙认证", "documents/legalisation/#apostille"},
		{"apostille", "documents/legalisation/#apostille"},
		{"体检", "documents/medical/"},
		{"medical check", "documents/medical/"},
		{"五星卡", "after-approval/#five-star-card"},
		{"five-star card", "after-approval/#five-star-card"},
		{"户口簿", "documents/spouse/#item-spouse-id-hukou"},
		{"working days", "timeline/#counting"},
	} {
		for _, lang := range []string{"en", "zh"} {
			if lang == "zh" && c.q == "medical check" {
				continue // English words the Chinese pages have no synonym for
			}
			links := p.search("/"+lang+"/fees/", c.q)
			want := "/" + lang + "/" + c.want
			if len(links) == 0 || !strings.HasPrefix(links[0], want) {
				t.Errorf("%s %q: first result %q, want %s", lang, c.q, links[:min(3, len(links))], want)
				continue
			}
			p.follow(".search-list a", "footer")
			got := pageEval[string](p, `decodeURIComponent(location.pathname + location.hash)`)
			if !strings.HasPrefix(got, want) {
				t.Errorf("%s %q: the first result led to %s", lang, c.q, got)
			}
			if _, anchor, ok := strings.Cut(links[0], "#"); ok {
				if id := pageEval[string](p, `(document.querySelector(":target") || {}).id || ""`); id != anchor {
					t.Errorf("%s %q: landed on #%s, not on the matched section #%s", lang, c.q, id, anchor)
				}
			}
		}
	}
	// Chinese pasted into the English site: the English results, and the
	// Chinese ones offered above them, with a link to the Chinese search.
	p.search("/en/", "无犯罪记录证明")
	p.until(`document.querySelector(".search-elsewhere a")`)
	link := pageEval[string](p, `decodeURIComponent(document.querySelector(".search-elsewhere a").getAttribute("href"))`)
	if !strings.HasSuffix(link, "/zh/search/?q=无犯罪记录证明") || !strings.HasSuffix(p.text(".search-elsewhere a"), "results in Chinese") {
		t.Errorf("the Chinese results are offered as %q → %s", p.text(".search-elsewhere a"), link)
	}
	p.follow(".search-elsewhere a", "footer")
	p.until(`document.querySelector(".search-list a")`)
	if first := pageEval[string](p, `decodeURIComponent(document.querySelector(".search-list a").getAttribute("href"))`); first != "/zh/documents/police-certificate/" {
		t.Errorf("the Chinese search page's first result is %s", first)
	}
	// An English query on the Chinese site with no Chinese result offers
	// the English ones.
	p.search("/zh/", "embassy")
	p.until(`document.querySelector(".search-elsewhere a")`)
	if got := p.text(".search-status"); !strings.HasPrefix(got, "没有找到“embassy”的结果。") || !strings.Contains(got, "英文版有") {
		t.Errorf("status %q", got)
	}
}

// TestSearchPage: the search page without JavaScript says that search
// needs it and lists every page of the language; with JavaScript it
// searches for ?q= at once. Both pass axe.
func TestSearchPage(t *testing.T) {
	b := browsertest.New(t)
	base := browsertest.Serve(t, sitetest.BuildRepo(t, "../.."))
	p := newPage(t, b, base)
	p.open("/en/search/?q=apostille", "footer")
	p.until(`document.querySelector(".search-list a")`)
	if got := pageEval[string](p, `document.querySelector("#search-q").value`); got != "apostille" {
		t.Errorf("the field has %q", got)
	}
	p.axe("the search page with results")
	for _, lang := range []string{"en", "zh"} {
		np := uiPage{t: t, b: b, ctx: b.Incognito(t), base: base}
		if _, err := chromedp.Call(np.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		np.open("/"+lang+"/search/?q=apostille", "footer")
		if pageEval[bool](np, `!!document.querySelector(".search-list a")`) {
			t.Errorf("%s: results without JavaScript", lang)
		}
		pages := pageEval[[]string](np, `[...document.querySelectorAll(".page-tree a")].map(a => a.getAttribute("href"))`)
		want := pageEval[int](np, `new Set([...document.querySelectorAll(".site-nav a, .site-footer a, .page-tree a")].map(a => new URL(a.href).pathname).filter(h => h.startsWith("/`+lang+`/") && h.endsWith("/"))).size`)
		if len(pages) < 30 || len(pages) != want {
			t.Errorf("%s: the search page lists %d pages (the menu and footer link to %d)", lang, len(pages), want)
		}
		if got := np.text("main noscript, main .callout-note"); !strings.Contains(got, map[string]string{"en": "JavaScript", "zh": "JavaScript"}[lang]) {
			t.Errorf("%s: no word that search needs JavaScript: %q", lang, got)
		}
	}
}
