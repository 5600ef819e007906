package site_test

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"
)

// pdfText is the text of a PDF, one string per sheet, from pdftotext
// (Debian's poppler-utils). Without it the test is skipped, or fails under
// CI=true.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext not found (CI=true, so this fails): apt-get install -y poppler-utils")
		}
		t.Skip("pdftotext not found, skipping: apt-get install -y poppler-utils")
	}
	file := filepath.Join(t.TempDir(), "print.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
}

// squeeze drops the white space of s: text drawn on several lines of a
// sheet compares with the one line it was.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// printA4 prints the tab to PDF on A4 paper, without the browser's own
// header and footer.
func printA4(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: 8.27, PaperHeight: 11.69, DisplayHeaderFooter: new(false)})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
	if err != nil {
		t.Fatalf("printing to PDF: %v", err)
	}
	return pdf
}

var h1RE = regexp.MustCompile(`<h1>(.*?)</h1>`)

// guidePages are the titles of the pages the build wrote for a language
// (the <h1> of every <lang>/**/index.html), without the pages the print
// leaves out.
func guidePages(t *testing.T, dir, lang string, without ...string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(dir, lang), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.Name() != "index.html" {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, lang), filepath.Dir(p))
		for _, w := range without {
			if filepath.ToSlash(rel) == w {
				return nil
			}
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := h1RE.FindSubmatch(b)
		if m == nil {
			t.Errorf("%s has no <h1>", p)
			return nil
		}
		out[html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(m[1]), ""))] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPrintWholeGuide prints the real guide's whole-guide page of each
// language to an A4 PDF and reads it back: every page the build wrote (but
// the self-check, the search page and the print page itself) is in the
// contents and starts a sheet of its own, in the order of the contents;
// there are more sheets than pages; every external link's address is
// printed; so is the day it was printed. In the page, every in-page link
// leads to an element there and no id is used twice.
func TestPrintWholeGuide(t *testing.T) {
	b := browsertest.New(t)
	dir := sitetest.BuildRepo(t, "../..")
	if err := os.WriteFile(filepath.Join(dir, "favicon.ico"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	base := browsertest.Serve(t, dir)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			p := newPage(t, b, base)
			p.open("/"+lang+"/print/", ".print-printed:not([hidden])")
			want := guidePages(t, dir, lang, "check", "search", "print")
			contents := pageEval[[]string](p, `[...document.querySelectorAll(".print-contents li")].map(li => li.textContent.trim())`)
			if len(contents) != len(want) {
				t.Errorf("the contents list %d pages, the build wrote %d to print", len(contents), len(want))
			}
			for _, c := range contents {
				if !want[c] {
					t.Errorf("the contents list %q, which is not a page to print", c)
				}
				delete(want, c)
			}
			for w := range want {
				t.Errorf("page %q is missing from the contents", w)
			}
			if bad := pageEval[[]string](p, `(() => {
				const out = [], seen = new Set();
				for (const e of document.querySelectorAll("[id]")) {
					if (seen.has(e.id)) out.push("id used twice: " + e.id);
					seen.add(e.id);
				}
				for (const a of document.querySelectorAll('a[href^="#"]')) {
					const id = decodeURIComponent(a.getAttribute("href").slice(1));
					if (id && !document.getElementById(id)) out.push("no element for " + a.getAttribute("href"));
				}
				return out.slice(0, 10);
			})()`); len(bad) > 0 {
				t.Errorf("in the page:\n%s", strings.Join(bad, "\n"))
			}
			printed := p.text(".print-printed")
			external := pageEval[[]string](p, `[...new Set([...document.querySelectorAll('.print-page a[href^="https://"]')].map(a => a.href))]`)
			if len(external) == 0 {
				t.Fatal("no external link in the page")
			}

			sheets := pdfText(t, printA4(t, p.ctx))
			if len(sheets) <= len(contents) {
				t.Errorf("%d sheets for %d pages: the pages do not start new sheets", len(sheets), len(contents))
			}
			// Each page starts a sheet with its title, in the order of
			// the contents.
			at := 0
			for _, title := range contents {
				found := -1
				for i := at; i < len(sheets); i++ {
					if strings.HasPrefix(squeeze(sheets[i]), squeeze(title)) {
						found = i
						break
					}
				}
				if found < 0 {
					t.Errorf("no sheet after sheet %d starts with page %q", at+1, title)
					continue
				}
				at = found + 1
			}
			all := squeeze(strings.Join(sheets, ""))
			for _, u := range external {
				if !strings.Contains(all, squeeze(u)) {
					t.Errorf("the address of the link to %s is not printed", u)
				}
			}
			if !regexp.MustCompile(`\d`).MatchString(printed) || !strings.Contains(squeeze(sheets[0]), squeeze(printed)) {
				t.Errorf("the first sheet does not say the day it was printed (%q):\n%s", printed, sheets[0])
			}
			t.Logf("%d pages on %d sheets, %d external addresses printed; %q", len(contents), len(sheets), len(external), printed)
		})
	}
}

// TestPrintWholeGuideDates: the print date is today's, written by the
// script in a <time>; without JavaScript the page says it is not dated and
// gives the newest date on which a page was checked. Each page's heading is
// followed by its review date, and checklist items print as empty boxes.
func TestPrintWholeGuideDates(t *testing.T) {
	b, base := uiSite(t)
	p := newPage(t, b, base)
	p.open("/en/print/", ".print-printed:not([hidden])")
	today := time.Now().Format("2006-01-02")
	if got := pageEval[string](p, `document.querySelector(".print-printed time").dateTime`); got != today {
		t.Errorf("print date %q, want %s", got, today)
	}
	if got := p.text(".print-printed"); !strings.HasPrefix(got, "Printed: ") {
		t.Errorf("print date line %q", got)
	}
	if pageEval[bool](p, `document.querySelector(".print-undated").offsetParent !== null`) {
		t.Error("the line for a copy without a date shows although the script ran")
	}
	if bad := pageEval[[]string](p, `[...document.querySelectorAll(".print-page")].filter(s => {
		const r = s.querySelector(":scope > h2 + .print-reviewed time");
		return !r || !/^\d{4}-\d{2}-\d{2}$/.test(r.dateTime);
	}).map(s => s.querySelector("h2").textContent)`); len(bad) > 0 {
		t.Errorf("pages without their review date beside the heading: %v", bad)
	}
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for js, want := range map[string]string{
		`getComputedStyle(document.querySelector(".print-page .checklist-box")).appearance`:     "none",
		`getComputedStyle(document.querySelector(".print-page .checklist-box")).borderTopStyle`: "solid",
		`String(document.querySelector(".print-page .checklist-box").checked)`:                  "false",
		`getComputedStyle(document.querySelectorAll(".print-page")[1]).breakBefore`:             "page",
	} {
		if got := pageEval[string](p, js); got != want {
			t.Errorf("print: %s = %q, want %q", js, got, want)
		}
	}

	q := uiPage{t: t, b: b, ctx: b.Incognito(t), base: base}
	if _, err := chromedp.Call(q.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	q.open("/zh/print/", ".print-undated")
	if pageEval[bool](q, `document.querySelector(".print-printed").offsetParent !== null`) {
		t.Error("without JavaScript the print date line shows, empty")
	}
	if got := q.text(".print-undated"); !strings.Contains(got, "未显示打印日期") || !regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日`).MatchString(got) {
		t.Errorf("without JavaScript the page says %q", got)
	}
}
