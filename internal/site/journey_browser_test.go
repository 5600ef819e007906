package site_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"guide/internal/browsertest"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The journeys of the readers the guide is for, on the fixture guide, at a
// phone's size (the browser's default here), with text at 100 % and at
// 200 %: the foreign wife and the child, from the home page through the
// self-check to their checklist, switching language on the way.

// follow clicks a link that loads another page and waits for it.
func (p uiPage) follow(css, ready string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.Click(chromedp.CSS(css)))); err != nil {
		p.t.Fatalf("following %s: %v", css, err)
	}
	p.do(chromedp.WaitVisible(chromedp.CSS(ready)))
}

// flat fails the test when the page scrolls sideways.
func (p uiPage) flat(where string) {
	p.t.Helper()
	if s := p.sideways(); len(s) > 0 {
		p.t.Errorf("%s scrolls sideways: %v", where, s)
	}
}

// journey is a reader's way from the home page to their checklist.
type journey struct {
	name      string
	answers   []int // in the self-check, from the first question
	outcome   string
	checklist string   // path of the checklist the result leads to
	query     string   // what the result's link passes
	listed    []string // items the checklist lists at once (among others)
	asks      string   // a question the checklist asks, still unanswered
	answer    string   // its answer, which lists…
	then      string   // …this item
}

// The fixture guide's journeys.
var journeys = []journey{
	{"spouse", []int{0, 0}, "out-spouse-zgc", "documents/spouse/", "?route=zgc", []string{"recommendation-letter", "spouse-id-hukou"}, "married", "married-china", "marriage-certificate-china"},
	{"child", []int{1, 1}, "out-child-zgc", "documents/child/", "?route=zgc&born=born-abroad", []string{"settlement-proof", "birth-certificate"}, "parents", "parents-married", "parents-marriage-certificate"},
}

// The same journeys on the repository's real site: the wife married
// abroad, the child born abroad whose parents are divorced.
var realJourneys = []journey{
	{"spouse", []int{0, 0}, "out-spouse-zgc", "documents/spouse/", "?route=zgc", []string{"recommendation-letter", "passport"}, "married", "married-abroad", "marriage-certificate-foreign"},
	{"child", []int{1, 1, 0, 0, 0, 0}, "out-child-zgc", "documents/child/", "?route=zgc&born=born-abroad", []string{"settlement-proof", "birth-certificate", "recommendation-letter"}, "parents", "parents-divorced", "custody-ruling"},
}

func TestJourneys(t *testing.T) {
	b, base := uiFixture(t)
	walkJourneys(t, b, base, journeys)
}

// TestJourneysRealSite walks the journeys on the repository's own pages.
func TestJourneysRealSite(t *testing.T) {
	b, base := uiSite(t)
	walkJourneys(t, b, base, realJourneys)
}

func walkJourneys(t *testing.T, b *browsertest.Browser, base string, js []journey) {
	for _, j := range js {
		for _, lang := range []string{"en", "zh"} {
			for _, size := range []int64{16, 32} {
				t.Run(fmt.Sprintf("%s %s %d%%", j.name, lang, size*100/16), func(t *testing.T) {
					walkJourney(t, b, base, j, lang, size)
				})
			}
		}
	}
}

func walkJourney(t *testing.T, b *browsertest.Browser, base string, j journey, lang string, size int64) {
	other := map[string]string{"en": "zh", "zh": "en"}[lang]
	p := uiPage{t: t, b: b, ctx: b.Incognito(t), base: base}
	p.textSize(size)
	p.open("/"+lang+"/", ".button-start")
	p.flat("home")
	if size == 16 {
		// The first screen of the phone holds the way in.
		if !pageEval[bool](p, `(() => { const r = document.querySelector(".button-start").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`) {
			t.Errorf("Start now is not on the first screen: %v", pageEval[any](p, `JSON.stringify(document.querySelector(".button-start").getBoundingClientRect())`))
		}
	}
	p.follow(".button-start", ".selfcheck-stage .selfcheck-form")
	if loc := pageEval[string](p, `location.pathname`); loc != "/"+lang+"/check/" {
		t.Fatalf("Start now leads to %s", loc)
	}
	for _, a := range j.answers {
		p.flat("question " + p.stageStep())
		p.answer(a)
	}
	if got := p.stageStep(); got != j.outcome {
		t.Fatalf("answers %v lead to %s, want %s", j.answers, got, j.outcome)
	}
	p.flat("result")
	result := p.query()

	// Switch language at the result: the same result.
	p.follow(`.lang-switch a[data-lang="`+other+`"]`, ".selfcheck-stage .selfcheck-outcome")
	if got, loc := p.stageStep(), pageEval[string](p, `location.pathname + location.search`); got != j.outcome || loc != "/"+other+"/check/"+result {
		t.Errorf("after switching language: %s at %s, want %s at /%s/check/%s", got, loc, j.outcome, other, result)
	}
	// The next step is a button.
	next := `.selfcheck-outcome a.button`
	if got := pageEval[string](p, `(document.querySelector(`+quoteJS(next)+`) || {}).pathname || ""`); got != "/"+other+"/"+j.checklist {
		t.Fatalf("the result's button leads to %q, want /%s/%s", got, other, j.checklist)
	}
	if bg := pageEval[string](p, `getComputedStyle(document.querySelector(`+quoteJS(next)+`)).backgroundColor`); bg != "rgb(0, 112, 60)" {
		t.Errorf("the next step is not a button: background %s", bg)
	}
	p.follow(next, "#checklist-panel")
	if got := p.query(); got != j.query {
		t.Errorf("the checklist opens with %q, want %q", got, j.query)
	}
	p.flat("checklist")
	tab := browserTab{t, p.ctx, base}
	listed := strings.Join(tab.listed(), " ")
	for _, id := range j.listed {
		if !strings.Contains(listed, id) {
			t.Errorf("the checklist does not list %s: %s", id, listed)
		}
	}
	if pageEval[bool](p, `document.querySelector("#q-`+j.asks+` input:checked") !== null`) {
		t.Errorf("question %s is answered before the reader answers it", j.asks)
	}
	tab.tickAll()
	if got := tab.text(".checklist-progress"); !strings.Contains(got, map[string]string{"en": "so far", "zh": "尚未列全"}[other]) {
		t.Errorf("every item on show ticked, a question open, and the progress says %q", got)
	}
	if got := strings.Join(tab.missing(), "\n"); !strings.Contains(got, pageEval[string](p, `document.querySelector("#q-`+j.asks+` legend").textContent.trim()`)) {
		t.Errorf("the progress does not name the open question %s:\n%s", j.asks, got)
	}
	tab.answer(j.asks, j.answer)
	if got := strings.Join(tab.listed(), " "); !strings.Contains(got, j.then) {
		t.Errorf("after answering %s=%s, %s is not listed: %s", j.asks, j.answer, j.then, got)
	}
	p.flat("checklist, answered")
}

// TestLanguageSwitchKeepsAddress: the language switch leads to the same
// query string and fragment, also after a script changed them.
func TestLanguageSwitchKeepsAddress(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	p.open("/en/timeline/?accepted=2027-03-01#calculator", ".calculator-result:not([hidden])")
	if got := pageEval[string](p, `document.querySelector('.lang-switch a[data-lang="zh"]').getAttribute("href")`); got != "/zh/timeline/?accepted=2027-03-01#calculator" {
		t.Errorf("switch link %q", got)
	}
	p.enterDate("2026-09-01")
	p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
	p.until(`location.search === "?accepted=2026-09-01"`)
	p.follow(`.lang-switch a[data-lang="zh"]`, ".calculator-result:not([hidden])")
	if got := pageEval[string](p, `location.pathname + location.search + location.hash`); got != "/zh/timeline/?accepted=2026-09-01#calculator" {
		t.Errorf("switched to %s", got)
	}
	if got := pageEval[string](p, `document.querySelector('[data-slot="end"] time').dateTime`); got != "2026-11-18" {
		t.Errorf("the Chinese page shows day 50 on %s", got)
	}
	// A heading of the page: both languages have it.
	p.open("/zh/faq/#q3", ".toc")
	p.follow(`.lang-switch a[data-lang="en"]`, ".toc")
	if got := pageEval[string](p, `location.pathname + location.hash`); got != "/en/faq/#q3" {
		t.Errorf("switched to %s", got)
	}
}

// TestReflow: no page scrolls sideways on a 320 px wide screen, nor on a
// phone with text at 200 %, with the interactive parts open.
func TestReflow(t *testing.T) {
	b, base := uiFixture(t)
	pages := append([]string{}, fixturePages...)
	pages = append(pages, "/en/timeline/?accepted=2027-03-01", "/zh/timeline/?accepted=2027-03-01",
		"/en/check/?relationship=0&spouse-sponsor=0", "/zh/check/?relationship=1")
	for _, c := range []struct {
		name string
		w, h int64
		text int64
	}{{"320 px", 320, 640, 16}, {"200 % text", 390, 844, 32}} {
		t.Run(c.name, func(t *testing.T) {
			p := uiPage{t: t, b: b, ctx: b.Incognito(t), base: base}
			p.viewport(c.w, c.h)
			p.textSize(c.text)
			for _, path := range pages {
				p.open(path, "footer")
				p.until(`document.readyState === "complete"`)
				p.flat(path)
			}
			// A stacked table: every cell under its column's heading.
			p.open("/en/routes/", "table")
			if got := pageEval[string](p, `getComputedStyle(document.querySelector("table tbody tr")).display`); got != "block" {
				t.Errorf("the routes table is not stacked (rows display %s)", got)
			}
			if got := pageEval[string](p, `getComputedStyle(document.querySelector("table tbody td:nth-child(2)"), "::before").content`); !strings.Contains(got, "Zhongguancun fast track") {
				t.Errorf("a stacked cell is labelled %s, not with its column's heading", got)
			}
		})
	}
}

// TestDarkScheme: a reader whose system prefers dark gets the dark theme,
// and axe checks its contrast on every page of the fixture guide and the
// states of the self-check and the calculator.
func TestDarkScheme(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	p.dark(true)
	pages := append(append([]string{}, fixturePages...), "/en/check/?relationship=0&spouse-sponsor=0", "/zh/timeline/?accepted=2027-03-01")
	for _, path := range pages {
		p.open(path, "footer")
		p.until(`document.readyState === "complete"`)
		if bg := pageEval[string](p, `getComputedStyle(document.documentElement).backgroundColor`); bg == "rgb(255, 255, 255)" {
			t.Errorf("%s: white background in the dark scheme", path)
		}
		p.axe("dark " + path)
	}
	// Focus stays visible in the dark: yellow, with dark text.
	p.open("/en/", ".button-start")
	p.do(chromedp.Focus(chromedp.CSS(".button-start")))
	if got := pageEval[string](p, `getComputedStyle(document.querySelector(".button-start")).backgroundColor + " " + getComputedStyle(document.querySelector(".button-start")).color`); got != "rgb(255, 221, 0) rgb(11, 12, 12)" {
		t.Errorf("focused button in the dark: %s", got)
	}
}

// TestFooterReportLink: every page's footer has a link to report a problem
// with it. Without feedback in site.yaml it leads to the help page's
// section about reaching the editors; with it, to the address made for the
// page.
func TestFooterReportLink(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	for _, path := range fixturePages {
		p.open(path, "footer")
		lang := path[1:3]
		if got := pageEval[string](p, `(document.querySelector("footer .report a") || {}).getAttribute?.("href") || ""`); got != "/"+lang+"/help/#report-mistake" {
			t.Errorf("%s: report link %q", path, got)
		}
		if got := p.text("footer .report a"); got != map[string]string{"en": "Report a problem with this page", "zh": "报告本页的问题"}[lang] {
			t.Errorf("%s: report link says %q", path, got)
		}
	}
	p.open("/en/faq/", "footer")
	p.follow("footer .report a", "#report-mistake")
	if got := pageEval[string](p, `location.pathname + location.hash`); got != "/en/help/#report-mistake" {
		t.Errorf("the report link leads to %s", got)
	}

	cfg, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base2 := serveFixture(t, "-- site.yaml --\n"+string(cfg)+"\nfeedback: https://example.org/report?page={url}&title={title}\n")
	p = newPage(t, b, base2)
	p.open("/en/faq/", "footer")
	if got, want := pageEval[string](p, `document.querySelector("footer .report a").getAttribute("href")`), "https://example.org/report?page=%2Fen%2Ffaq%2F&title=Questions+and+answers"; got != want {
		t.Errorf("report link with feedback set: %q, want %q", got, want)
	}
}

// TestContentsList: a page with more than five sections opens with an "On
// this page" list of them; shorter pages, the home page and the self-check
// have none.
func TestContentsList(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	for path, want := range map[string]int{"/en/faq/": 6, "/zh/faq/": 6, "/en/step-by-step/": 7, "/en/routes/": 0, "/en/": 0, "/en/check/": 0, "/zh/documents/spouse/": 0} {
		p.open(path, "footer")
		links := pageEval[[]string](p, `[...document.querySelectorAll("nav.toc a")].map(a => a.getAttribute("href"))`)
		if len(links) != want {
			t.Errorf("%s: %d contents links, want %d", path, len(links), want)
		}
		for _, l := range links {
			if !pageEval[bool](p, `!!document.getElementById(`+quoteJS(strings.TrimPrefix(l, "#"))+`)`) {
				t.Errorf("%s: contents link %s leads nowhere", path, l)
			}
		}
		if want > 0 {
			if got := p.text("nav.toc h2"); got != map[string]string{"en": "On this page", "zh": "本页内容"}[path[1:3]] {
				t.Errorf("%s: contents titled %q", path, got)
			}
		}
	}
}

// TestStepByStep: the step headings (h2.step, .and, .or, with the number
// or the word the Markdown puts in span.step-number and span.step-logic)
// are drawn as GOV.UK's step-by-step: one line down the steps and what they
// say, a numbered circle on it for each step, a small circle for an "and"
// or "or" step with its word on a line of its own (同时办理 is too long for
// a circle), and nothing of it for the sections after the steps.
func TestStepByStep(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	for _, lang := range []string{"en", "zh"} {
		p.open("/"+lang+"/step-by-step/", "h2.step")
		marks := pageEval[[]string](p, `[...document.querySelectorAll("h2.step")].map(h => {
			const m = h.querySelector(".step-number, .step-logic"); if (!m) return "none";
			const s = getComputedStyle(m), dot = getComputedStyle(h, "::before");
			return m.className + " " + m.textContent + " " + (m.matches(".step-number") ? s.position + " " + s.borderTopStyle + " " + (m.getBoundingClientRect().left < h.getBoundingClientRect().left + 2)
				: dot.position + " " + dot.borderTopLeftRadius + " " + (s.display === "block" && s.position === "static")); })`)
		want := map[string][]string{
			"en": {"step-number Step 1 absolute solid true", "step-number Step 2 absolute solid true", "step-logic or absolute 50% true", "step-number Step 3 absolute solid true", "step-logic and absolute 50% true", "step-number Step 4 absolute solid true"},
			"zh": {"step-number 步骤 1 absolute solid true", "step-number 步骤 2 absolute solid true", "step-logic 或者 absolute 50% true", "step-number 步骤 3 absolute solid true", "step-logic 同时办理 absolute 50% true", "step-number 步骤 4 absolute solid true"},
		}[lang]
		if !equal(marks, want) {
			t.Errorf("%s: step marks\n%s\nwant\n%s", lang, strings.Join(marks, "\n"), strings.Join(want, "\n"))
		}
		if n := pageEval[int](p, `[...document.querySelectorAll(".step-number .visually-hidden")].filter(e => e.getBoundingClientRect().width > 1).length`); n != 0 {
			t.Errorf("%s: %d step labels for screen readers are visible", lang, n)
		}
		// From the first step to the next other section: the line; after it,
		// nothing indented.
		line := pageEval[[]string](p, `[...document.querySelectorAll("article > h2.step ~ *, article > h2.step:first-of-type")].map(e =>
			e.tagName + (e.id ? "#" + e.id : "") + " " + getComputedStyle(e).borderLeftStyle + " " + getComputedStyle(e).marginLeft)`)
		inSteps := true
		for _, l := range line {
			if strings.HasPrefix(l, "H2#sources") {
				inSteps = false
			}
			if inSteps && !strings.Contains(l, " solid ") || !inSteps && !strings.HasSuffix(l, "none 0px") {
				t.Errorf("%s: %s (in the steps: %v)", lang, l, inSteps)
			}
		}
	}
}
