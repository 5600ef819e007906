package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The self-check tests run the repository's real site in Chromium:
// content/check.{zh,en}.md with templates/selfcheck.html and
// assets/selfcheck.js. The helpers here serve the calculator's tests too
// (timeline_browser_test.go).

// uiPage is one tab of a test, with helpers that fail the test on error.
type uiPage struct {
	t    *testing.T
	b    *browsertest.Browser
	ctx  context.Context
	base string
}

func newPage(t *testing.T, b *browsertest.Browser, base string) uiPage {
	return uiPage{t: t, b: b, ctx: b.Tab(t), base: base}
}

func (p uiPage) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

func (p uiPage) open(path string, ready string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.base+path), chromedp.WaitVisible(chromedp.CSS(ready)))
}

// until waits for a JavaScript condition to become true.
func (p uiPage) until(cond string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		p.t.Fatalf("waiting for %s: %v", cond, err)
	}
}

func pageEval[T any](p uiPage, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (p uiPage) text(css string) string {
	p.t.Helper()
	return pageEval[string](p, `(document.querySelector(`+quoteJS(css)+`) || {textContent: "<no `+strings.ReplaceAll(css, `"`, `'`)+`>"}).textContent.trim()`)
}

func (p uiPage) query() string {
	p.t.Helper()
	return pageEval[string](p, `location.search`)
}

func (p uiPage) axe(what string) {
	p.t.Helper()
	p.b.Accessible(p.t, p.ctx, what)
}

// across waits for a JavaScript condition to become true on a page that is
// still loading: errors while the old document goes away are retried.
func (p uiPage) across(cond string) {
	p.t.Helper()
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ok bool
		if ok, err = chromedp.Run(p.ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
	}
	p.t.Fatalf("waiting for %s: %v", cond, err)
}

func quoteJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// stageStep is the question or outcome the self-check shows.
func (p uiPage) stageStep() string {
	p.t.Helper()
	return pageEval[string](p, `(document.querySelector(".selfcheck-stage") || {dataset: {}}).dataset.step || ""`)
}

// answer picks answer i of the question on show and continues.
func (p uiPage) answer(i int) {
	p.t.Helper()
	before := p.stageStep()
	p.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(".selfcheck-stage label[for$=\"-%d\"]", i))),
		chromedp.Click(chromedp.CSS(".selfcheck-stage .selfcheck-continue")))
	p.until(`document.querySelector(".selfcheck-stage").dataset.step !== ` + quoteJS(before))
}

// selfCheckPaths are answers (by number) that reach each outcome of
// content/check.*.md from the first question.
var selfCheckPaths = []struct {
	outcome   string
	answers   []int
	checklist string // the checklist link the outcome shows, "" for none
}{
	{"out-spouse-zgc", []int{0, 0}, "documents/spouse/?route=zgc"},
	{"out-spouse-reunion", []int{0, 1, 0}, "documents/spouse/?route=reunion"},
	{"out-spouse-not-yet", []int{0, 1, 1}, ""},
	{"out-sponsor-confirm", []int{0, 2}, ""},
	{"out-child-chinese", []int{1, 0}, ""},
	{"out-child-nationality-confirm", []int{1, 1, 2}, ""},
	{"out-child-zgc", []int{1, 1, 0, 0, 0, 0}, "documents/child/?route=zgc&born=born-abroad"},
	{"out-child-reunion", []int{1, 1, 0, 0, 0, 1}, "documents/child/?route=reunion&born=born-abroad"},
	{"out-child-adult", []int{1, 1, 0, 0, 1}, ""},
	{"out-foreign-talent", []int{2}, ""},
	{"out-other", []int{3}, ""},
	{"out-stepchild", []int{4}, ""},
}

func uiSite(t *testing.T) (*browsertest.Browser, string) {
	t.Helper()
	b := browsertest.New(t)
	dir := sitetest.BuildRepo(t, "../..")
	// Browsers ask for /favicon.ico; the site has none, and the 404 would be
	// reported as a console error.
	if ico := filepath.Join(dir, "favicon.ico"); !fileExists(ico) {
		if err := os.WriteFile(ico, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return b, browsertest.Serve(t, dir)
}

// TestSelfCheckOutcomes walks to every outcome in both languages by clicking
// the answers, and checks the result, the URL and the checklist link.
func TestSelfCheckOutcomes(t *testing.T) {
	b, base := uiSite(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			p := newPage(t, b, base)
			for _, path := range selfCheckPaths {
				p.open("/"+lang+"/check/", ".selfcheck-stage .selfcheck-form")
				if got := p.stageStep(); got != "relationship" {
					t.Fatalf("first step is %q, want relationship", got)
				}
				var query []string
				for _, a := range path.answers {
					query = append(query, url.QueryEscape(p.stageStep())+"="+fmt.Sprint(a))
					p.answer(a)
				}
				if got := p.stageStep(); got != path.outcome {
					t.Errorf("answers %v lead to %q, want %q", path.answers, got, path.outcome)
					continue
				}
				if got, want := p.query(), "?"+strings.Join(query, "&"); got != want {
					t.Errorf("%s: URL query %q, want %q", path.outcome, got, want)
				}
				// Only the outcome shows: its heading, no question, no other step.
				heading := p.text("#" + path.outcome)
				if got := p.text(".selfcheck-outcome h2"); got != heading {
					t.Errorf("%s: shows %q, want the outcome %q", path.outcome, got, heading)
				}
				visible := pageEval[int](p, `[...document.querySelectorAll("main h2")].filter(h => h.offsetParent !== null).length`)
				if visible != 1 || pageEval[bool](p, `!!document.querySelector(".selfcheck-stage form")`) {
					t.Errorf("%s: %d headings visible, or a form is left; want the outcome alone", path.outcome, visible)
				}
				if got := pageEval[int](p, `document.querySelectorAll(".selfcheck-summary dd").length`); got != len(path.answers) {
					t.Errorf("%s: %d answers summarised, want %d", path.outcome, got, len(path.answers))
				}
				if path.checklist != "" {
					href := pageEval[string](p, `[...document.querySelectorAll(".selfcheck-outcome a")].map(a => a.getAttribute("href")).find(h => h.includes("/documents/")) || ""`)
					if want := "/" + lang + "/" + path.checklist; href != want {
						t.Errorf("%s: checklist link %q, want %q", path.outcome, href, want)
					}
				}
			}
		})
	}
}

// TestSelfCheckNavigation checks Back (the link and the browser's), Change,
// Start again, bookmarks, links in the text, and errors.
func TestSelfCheckNavigation(t *testing.T) {
	b, base := uiSite(t)
	p := newPage(t, b, base)
	p.open("/en/check/", ".selfcheck-stage .selfcheck-form")
	if pageEval[bool](p, `!!document.querySelector(".selfcheck-stage .selfcheck-back")`) {
		t.Error("the first question has a Back link")
	}

	// Continue without an answer: an error, and focus on the first answer.
	p.do(chromedp.Click(chromedp.CSS(".selfcheck-continue")))
	p.until(`!document.querySelector(".selfcheck-error").hidden`)
	if got := pageEval[string](p, `document.activeElement.id`); got != "selfcheck-relationship-0" {
		t.Errorf("focus after the error is on %q, want the first answer", got)
	}
	if got := pageEval[string](p, `document.querySelector(".selfcheck-fieldset").getAttribute("aria-describedby")`); !strings.Contains(got, "selfcheck-error-relationship") {
		t.Errorf("the fieldset is not described by the error: %q", got)
	}
	p.axe("self-check error")

	// Answer with the keyboard alone: the focus is on the first answer.
	p.do(chromedp.KeyEvent(" "), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\r"))
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "spouse-sponsor"`)
	if got := pageEval[string](p, `document.activeElement.textContent.trim()`); got != p.text("#spouse-sponsor") {
		t.Errorf("focus after Continue is on %q, want the question's heading", got)
	}
	p.answer(1) // No → family reunion
	p.answer(0) // Yes, all of them
	if got := p.stageStep(); got != "out-spouse-reunion" {
		t.Fatalf("at %q, want out-spouse-reunion", got)
	}

	// The Back link goes to the last question with its answer chosen.
	p.do(chromedp.Click(chromedp.CSS(".selfcheck-back")))
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "spouse-reunion"`)
	if got := p.query(); got != "?relationship=0&spouse-sponsor=1" {
		t.Errorf("after Back the query is %q", got)
	}
	if !pageEval[bool](p, `document.getElementById("selfcheck-spouse-reunion-0").checked`) {
		t.Error("after Back the earlier answer is not chosen")
	}
	// The browser's Back and Forward buttons.
	p.do(chromedp.NavigateBack())
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "out-spouse-reunion"`)
	p.do(chromedp.NavigateBack())
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "spouse-reunion"`)
	p.do(chromedp.NavigateBack())
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "spouse-sponsor"`)
	if !pageEval[bool](p, `document.getElementById("selfcheck-spouse-sponsor-1").checked`) {
		t.Error("after the browser's Back the earlier answer is not chosen")
	}
	p.do(chromedp.NavigateForward())
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "spouse-reunion"`)

	// A bookmarked result opens as the result.
	p.open("/en/check/?relationship=0&spouse-sponsor=0", ".selfcheck-outcome")
	if got := p.stageStep(); got != "out-spouse-zgc" {
		t.Errorf("bookmark opens %q, want out-spouse-zgc", got)
	}
	p.axe("self-check outcome")

	// Change an answer from the summary: earlier answers stay, later go.
	p.do(chromedp.Click(chromedp.CSS(".selfcheck-summary dd:nth-of-type(1) .selfcheck-change")))
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "relationship"`)
	if got := p.query(); got != "" {
		t.Errorf("Change of the first answer leaves the query %q", got)
	}
	if !pageEval[bool](p, `document.getElementById("selfcheck-relationship-0").checked`) {
		t.Error("Change does not show the answer given")
	}

	// A link in an outcome's text to a question continues there.
	p.open("/en/check/?relationship=1&child-born=1&child-settled=2", ".selfcheck-outcome")
	p.do(chromedp.Click(chromedp.CSS(`.selfcheck-outcome a[href="#child-age"]`)))
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "child-age"`)
	if got := p.query(); got != "?relationship=1&child-born=1&child-settled=2&step=child-age" {
		t.Errorf("after the link the query is %q", got)
	}
	p.answer(0)
	p.answer(0)
	if got := p.stageStep(); got != "out-child-zgc" {
		t.Errorf("after the jump, answers lead to %q, want out-child-zgc", got)
	}

	// The checklist link of a result opens the checklist with the answers
	// the link carries given.
	p.open("/zh/check/?relationship=0&spouse-sponsor=1&spouse-reunion=0", ".selfcheck-outcome")
	href := pageEval[string](p, `[...document.querySelectorAll(".selfcheck-outcome a")].map(a => a.getAttribute("href")).find(h => h.includes("/documents/")) || ""`)
	u, err := url.Parse(href)
	if err != nil || u.Path != "/zh/documents/spouse/" || u.RawQuery == "" {
		t.Fatalf("the result's checklist link is %q, want the spouse checklist with answers", href)
	}
	if _, err := chromedp.Run(p.ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`.selfcheck-outcome a[href=`+quoteJS(href)+`]`)))); err != nil {
		t.Fatal(err)
	}
	p.until(`location.pathname === "/zh/documents/spouse/" && !document.getElementById("checklist-panel").hidden`)
	for k, vs := range u.Query() {
		for _, v := range strings.Split(strings.Join(vs, ","), ",") {
			sel := `.checklist-question[data-question=` + quoteJS(k) + `] input[value=` + quoteJS(v) + `]`
			if k == "for" {
				sel = `.checklist-question input[value=` + quoteJS(v) + `]`
			}
			if !pageEval[bool](p, `!!document.querySelector(`+quoteJS(sel)+`) && document.querySelector(`+quoteJS(sel)+`).checked`) {
				t.Errorf("the checklist opened from %s does not have %s=%s answered", href, k, v)
			}
		}
	}
	pageEval[chromedp.Void](p, `history.back()`) // from another page: the browser may restore it from its cache
	p.across(`!!document.querySelector(".selfcheck-stage") && document.querySelector(".selfcheck-stage").dataset.step === "out-spouse-reunion"`)

	// Start again.
	p.open("/en/check/?relationship=1&child-born=1&child-settled=0&child-foreign-birth=0&child-age=0&child-sponsor=0", ".selfcheck-outcome")
	p.do(chromedp.Click(chromedp.CSS(".selfcheck-restart a")))
	p.until(`document.querySelector(".selfcheck-stage").dataset.step === "relationship"`)
	if got := p.query(); got != "" {
		t.Errorf("Start again leaves the query %q", got)
	}

	// A query that does not fit is ignored from where it stops fitting.
	p.open("/en/check/?relationship=0&child-born=1&relationship=9", ".selfcheck-stage .selfcheck-form")
	if got := p.stageStep(); got != "spouse-sponsor" {
		t.Errorf("a muddled query shows %q, want spouse-sponsor", got)
	}
}

// TestSelfCheckAccessibility scans the first question and results in both
// languages with axe.
func TestSelfCheckAccessibility(t *testing.T) {
	b, base := uiSite(t)
	p := newPage(t, b, base)
	for _, u := range []string{"/zh/check/", "/en/check/", "/zh/check/?relationship=1&child-born=1&child-settled=2", "/zh/check/?relationship=0&spouse-sponsor=1&spouse-reunion=1"} {
		p.open(u, ".selfcheck-stage > *")
		p.axe(u)
		if lang := pageEval[string](p, `document.documentElement.lang`); !strings.HasPrefix(u, "/zh/") && lang != "en" || strings.HasPrefix(u, "/zh/") && lang != "zh-Hans" {
			t.Errorf("%s: lang %q", u, lang)
		}
	}
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// TestSelfCheckWithoutJavaScript reads the page as a plain document: every
// question and outcome is there, and an answer link jumps to the next one.
func TestSelfCheckWithoutJavaScript(t *testing.T) {
	b, base := uiSite(t)
	p := uiPage{t: t, b: b, ctx: b.Incognito(t), base: base}
	if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "zh"} {
		p.do(chromedp.Navigate(base + "/" + lang + "/check/"))
		questions := pageEval[int](p, `[...document.querySelectorAll("h2.question")].filter(h => h.offsetParent !== null).length`)
		outcomes := pageEval[int](p, `[...document.querySelectorAll("h2.outcome")].filter(h => h.offsetParent !== null).length`)
		if questions != 8 || outcomes != 12 {
			t.Errorf("%s: %d questions and %d outcomes readable, want 8 and 12", lang, questions, outcomes)
		}
		if pageEval[bool](p, `!!document.querySelector(".selfcheck-stage, .selfcheck-form")`) {
			t.Errorf("%s: the one-question-at-a-time form is there without JavaScript", lang)
		}
		p.do(chromedp.Click(chromedp.CSS(`.selfcheck-answers a[href="#child-born"]`)))
		p.until(`location.hash === "#child-born"`)
	}
}

// TestSelfCheckMalformedHash: a link to the self-check whose fragment is not
// a valid escape ("#%") starts the check as usual instead of stopping the
// script and leaving the page blank.
func TestSelfCheckMalformedHash(t *testing.T) {
	b, base := uiSite(t)
	p := newPage(t, b, base)
	for _, hash := range []string{"#%", "#%E4%B8", "#child-age%"} {
		p.open("/en/check/"+hash, ".selfcheck-stage .selfcheck-form")
		if got := p.stageStep(); got != "relationship" {
			t.Errorf("%s: first step %q, want relationship", hash, got)
		}
	}
}
