package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The checklist tests run the fixture guide (ui_browser_test.go) in
// Chromium: its spouse and child checklists, which ask questions in their
// front matter, with templates/partials/checklist.html and
// templates/assets/checklist.js.

const (
	spouseEN = "/en/documents/spouse/"
	spouseZH = "/zh/documents/spouse/"
	childEN  = "/en/documents/child/"
	storeKey = "guide.checklist.documents/spouse"
)

var checklistPages = []string{spouseZH, spouseEN, "/zh/documents/child/", childEN}

// browserTab is one tab of a test, with helpers that fail the test on error.
type browserTab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (b browserTab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// open loads a page of the site and waits until the checklist script has
// shown its controls.
func (b browserTab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
}

func (b browserTab) click(css string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(css)))
}

// until waits for a JavaScript condition to become true.
func (b browserTab) until(cond string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		b.t.Fatalf("waiting for %s: %v", cond, err)
	}
}

func evalJS[T any](b browserTab, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (b browserTab) text(css string) string {
	b.t.Helper()
	return evalJS[string](b, `document.querySelector(`+jsString(css)+`).textContent.trim()`)
}

// ticked lists the ids of the ticked items, in page order.
func (b browserTab) ticked() []string {
	b.t.Helper()
	return evalJS[[]string](b, `[...document.querySelectorAll(".checklist-box:checked")].map(b => b.name)`)
}

// listed lists the ids of the items on show, in page order.
func (b browserTab) listed() []string {
	b.t.Helper()
	return evalJS[[]string](b, `[...document.querySelectorAll(".checklist-item")].filter(li => li.offsetParent !== null).map(li => li.dataset.id)`)
}

// missing lists the lines under the progress: what is not listed, and why.
func (b browserTab) missing() []string {
	b.t.Helper()
	return evalJS[[]string](b, `[...document.querySelectorAll(".checklist-missing li")].filter(li => li.offsetParent !== null).map(li => li.textContent.trim())`)
}

// answer clicks the answer with the tag's value in the question.
func (b browserTab) answer(question, tag string) {
	b.t.Helper()
	b.click(`#q-` + question + ` input[value="` + tag + `"]`)
}

// answers are the answers checked in the questions, question=tag,tag.
func (b browserTab) answers() []string {
	b.t.Helper()
	return evalJS[[]string](b, `[...document.querySelectorAll(".checklist-question")].map(f =>
		f.dataset.question + "=" + [...f.querySelectorAll("input:checked")].map(i => i.value).join(","))`)
}

// tickAll ticks every item on show.
func (b browserTab) tickAll() {
	b.t.Helper()
	for _, id := range b.listed() {
		if !evalJS[bool](b, `document.querySelector('.checklist-box[name="`+id+`"]').checked`) {
			b.click(`#item-` + id + ` .checklist-label`)
		}
	}
}

func (b browserTab) stored() string {
	b.t.Helper()
	return evalJS[string](b, `localStorage.getItem(`+jsString(storeKey)+`) || ""`)
}

func (b browserTab) setStored(v string) {
	b.t.Helper()
	evalJS[chromedp.Void](b, `localStorage.setItem(`+jsString(storeKey)+`, `+jsString(v)+`)`)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func equal(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

func checklistSite(t *testing.T) (*browsertest.Browser, string) {
	t.Helper()
	return uiFixture(t)
}

var (
	spouseZGC     = []string{"application-form", "photos", "passport", "spouse-id-hukou", "recommendation-letter", "cv"}
	marriedAbroad = []string{"application-form", "photos", "passport", "marriage-certificate-foreign", "spouse-id-hukou", "recommendation-letter", "cv"}
)

// TestChecklistQuestions is the spouse from the self-check: the link says
// the route, and the checklist asks the rest. While a question that decides
// a document is unanswered, the progress never reads as complete, even with
// every item on show ticked, and says which question lists how many more
// documents. Answers are radio buttons, kept with the ticks across reload
// and language, and in the address.
func TestChecklistQuestions(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN + "?route=zgc")
	if got := b.answers(); !equal(got, []string{"route=zgc", "married=", "nationality=", "name-change="}) {
		t.Errorf("answers from the link: %v", got)
	}
	// Exclusive answers are radio buttons, labelled, in a fieldset with a legend.
	if bad := evalJS[[]string](b, `[...document.querySelectorAll(".checklist-question input")].filter(i => i.type !== "radio" || !i.closest("label") || !i.closest("fieldset").querySelector("legend").textContent.trim()).map(i => i.outerHTML)`); len(bad) > 0 {
		t.Errorf("answers that are not labelled radio buttons of a named group: %v", bad)
	}
	if !evalJS[bool](b, `document.querySelector(".checklist-questions").open`) {
		t.Error("the questions are folded while three are unanswered")
	}
	if got := b.listed(); !equal(got, spouseZGC) {
		t.Errorf("listed %v, want %v", got, spouseZGC)
	}
	b.tickAll()
	if got, want := b.text(".checklist-progress"), "6 of 6 documents ready so far: the list is not complete yet"; got != want {
		t.Errorf("progress with every item on show ticked: %q, want %q", got, want)
	}
	wantMissing := []string{
		"Answer “Where did you marry?” to see 1 more document.",
		"Answer “Were you a Chinese citizen before?” to see up to 1 more document.",
		"Answer “Has your name changed?” to see up to 1 more document.",
		"3 documents are not for your situation, so they are not listed. Change your answers to see them.",
	}
	if got := b.missing(); !equal(got, wantMissing) {
		t.Errorf("under the progress:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantMissing, "\n"))
	}
	if full := evalJS[bool](b, `document.querySelector(".checklist-bar").value >= document.querySelector(".checklist-bar").max`); full {
		t.Error("the progress bar is full while documents may be missing")
	}

	// The line about a question takes the reader to it.
	b.click(`.checklist-missing a[href="#q-married"]`)
	if got := evalJS[string](b, `document.activeElement.name + "=" + document.activeElement.value`); got != "q-married=married-china" {
		t.Errorf("the line about where you married focuses %q", got)
	}
	b.answer("married", "married-abroad")
	if got := b.listed(); !equal(got, marriedAbroad) {
		t.Errorf("married abroad: listed %v, want %v", got, marriedAbroad)
	}
	if got, want := b.text(".checklist-progress"), "6 of 7 documents ready so far: the list is not complete yet"; got != want {
		t.Errorf("progress %q, want %q", got, want)
	}
	b.answer("nationality", "never-chinese")
	b.answer("name-change", "name-same")
	if got, want := b.text(".checklist-progress"), "6 of 7 documents ready"; got != want {
		t.Errorf("every question answered: progress %q, want %q", got, want)
	}
	if got := b.missing(); !equal(got, []string{"6 documents are not for your situation, so they are not listed. Change your answers to see them."}) {
		t.Errorf("every question answered, under the progress: %v", got)
	}
	if got := b.text(".checklist-questions-count"); got != "(answered: 4 of 4)" {
		t.Errorf("summary %q", got)
	}
	// The address keeps the answers.
	if got, want := evalJS[string](b, `location.search`), "?route=zgc&married=married-abroad&nationality=never-chinese&name-change=name-same"; got != want {
		t.Errorf("address %q, want %q", got, want)
	}
	var rec struct {
		V       int                 `json:"v"`
		Ticks   map[string]bool     `json:"ticks"`
		Answers map[string][]string `json:"answers"`
	}
	if err := json.Unmarshal([]byte(b.stored()), &rec); err != nil || rec.V != 1 || len(rec.Ticks) != 6 || len(rec.Answers) != 4 || !equal(rec.Answers["married"], []string{"married-abroad"}) {
		t.Errorf("stored record %q (%v)", b.stored(), err)
	}

	// From storage alone: the same answers, and the questions folded to
	// their summary, with a way to change them.
	b.open(spouseEN)
	if got := b.answers(); !equal(got, []string{"route=zgc", "married=married-abroad", "nationality=never-chinese", "name-change=name-same"}) {
		t.Errorf("after reload, answers %v", got)
	}
	if evalJS[bool](b, `document.querySelector(".checklist-questions").open`) {
		t.Error("every question is answered, but the questions are not folded")
	}
	if got := b.text(".checklist-questions > summary"); got != "Your situation (answered: 4 of 4) Change" {
		t.Errorf("folded summary %q", got)
	}
	if h := evalJS[float64](b, `document.querySelector(".checklist-questions > summary").getBoundingClientRect().height`); h > 60 {
		t.Errorf("the folded summary is %.0f px high: not one line", h)
	}
	b.click(".checklist-questions > summary")
	b.until(`document.querySelector(".checklist-questions").open && document.querySelector(".checklist-questions-toggle").textContent === "Hide"`)

	// The language switch keeps them, and the ticks.
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`.lang-switch a[data-lang="zh"]`)))); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	if loc := evalJS[string](b, `location.pathname + location.search`); loc != spouseZH+"?route=zgc&married=married-abroad&nationality=never-chinese&name-change=name-same" {
		t.Errorf("language switch went to %s", loc)
	}
	if got := b.text(".checklist-progress"); got != "已备齐 6 / 7 项材料" {
		t.Errorf("Chinese progress %q", got)
	}

	// A link's answers replace the stored ones; the older ?for= gives each
	// tag to its question.
	b.open(spouseEN + "?route=reunion")
	if got := b.listed(); !equal(got, []string{"application-form", "photos", "passport", "marriage-certificate-foreign", "spouse-id-hukou", "cv", "reunion-passports-visas", "reunion-housing", "reunion-income"}) {
		t.Errorf("?route=reunion lists %v", got)
	}
	b.open(spouseEN + "?for=zgc,married-china,no-such-tag")
	if got := b.answers(); !equal(got, []string{"route=zgc", "married=married-china", "nationality=never-chinese", "name-change=name-same"}) {
		t.Errorf("?for= gives the answers %v", got)
	}
	b.open(spouseEN + "?married=no-such-tag&route=married-china")
	if got := b.answers(); !equal(got, []string{"route=zgc", "married=married-china", "nationality=never-chinese", "name-change=name-same"}) {
		t.Errorf("answers that are not the question's are ignored; got %v", got)
	}
}

// TestChecklistChild: the child's link passes the route and the birth
// abroad; the settlement proof is listed, and the progress waits for the
// questions still open.
func TestChecklistChild(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(childEN + "?route=zgc&born=born-abroad")
	if got := b.listed(); !equal(got, []string{"application-form", "passport", "birth-certificate", "settlement-proof", "recommendation-letter"}) {
		t.Errorf("listed %v", got)
	}
	b.tickAll()
	if got := b.text(".checklist-progress"); got != "5 of 5 documents ready so far: the list is not complete yet" {
		t.Errorf("progress %q", got)
	}
	if got := b.missing(); len(got) != 2 || !strings.Contains(got[0], "Is your child adopted?") || !strings.Contains(got[1], "Are the parents married or divorced?") || !strings.Contains(got[1], "see 1 more document") {
		t.Errorf("under the progress: %v", got)
	}
	b.answer("adoption", "not-adopted")
	b.answer("parents", "parents-divorced")
	if got := b.text(".checklist-progress"); got != "5 of 6 documents ready" {
		t.Errorf("progress %q", got)
	}
	if got := b.listed(); !equal(got, []string{"application-form", "passport", "birth-certificate", "custody-ruling", "settlement-proof", "recommendation-letter"}) {
		t.Errorf("listed %v", got)
	}
}

// TestChecklistMultipleQuestion: a question with multiple: true is a group
// of check boxes with "None of these", which excludes the others; an item
// applies when one of its tags is ticked.
func TestChecklistMultipleQuestion(t *testing.T) {
	br, base := uiFixture(t, `
-- content/documents/police.en.md --
---
title: Police certificates
questions:
  - id: lived
    label: Where have you lived for 2 years or more?
    multiple: true
    answers: {lived-uk: United Kingdom, lived-us: United States}
---
## Certificates {#certificates}

- [ ] Your passport {#passport}
- [ ] UK police certificate {#uk .lived-uk}
- [ ] US police certificate {#us .lived-us}
-- content/documents/police.zh.md --
---
title: 无犯罪记录证明
questions:
  - id: lived
    label: 您在哪些国家连续居住满2年？
    multiple: true
    answers: {lived-uk: 英国, lived-us: 美国}
---
## 证明 {#certificates}

- [ ] 护照 {#passport}
- [ ] 英国的证明 {#uk .lived-uk}
- [ ] 美国的证明 {#us .lived-us}
`)
	b := browserTab{t, br.Incognito(t), base}
	b.open("/en/documents/police/")
	if got := evalJS[[]string](b, `[...document.querySelectorAll("#q-lived input")].map(i => i.type + ":" + i.value + ":" + i.closest("label").textContent.trim())`); !equal(got, []string{"checkbox:lived-uk:United Kingdom", "checkbox:lived-us:United States", "checkbox::None of these"}) {
		t.Errorf("answers %v", got)
	}
	if got := b.missing(); !equal(got, []string{"Answer “Where have you lived for 2 years or more?” to see up to 2 more documents."}) {
		t.Errorf("unanswered: %v", got)
	}
	b.answer("lived", "lived-uk")
	b.answer("lived", "lived-us")
	if got := b.listed(); !equal(got, []string{"passport", "uk", "us"}) {
		t.Errorf("both ticked: listed %v", got)
	}
	b.answer("lived", "")
	if got := b.answers(); !equal(got, []string{"lived="}) {
		t.Errorf("None of these leaves %v ticked", got)
	}
	if got, want := b.text(".checklist-progress"), "0 of 1 document ready"; got != want {
		t.Errorf("none: progress %q, want %q", got, want)
	}
	if got := evalJS[string](b, `location.search`); got != "?lived=" {
		t.Errorf("none: address %q", got)
	}
	b.answer("lived", "lived-us")
	if got := b.answers(); !equal(got, []string{"lived=lived-us"}) {
		t.Errorf("a country after None of these: %v", got)
	}
	b.open("/en/documents/police/?lived=lived-uk,lived-us")
	if got := b.listed(); !equal(got, []string{"passport", "uk", "us"}) {
		t.Errorf("?lived=lived-uk,lived-us lists %v", got)
	}
	b.click(".checklist-questions > summary")   // answered, so folded: open it
	b.click(`#q-lived input[value="lived-uk"]`) // untick: the other stays
	if got := b.answers(); !equal(got, []string{"lived=lived-us"}) {
		t.Errorf("after unticking the UK: %v", got)
	}
	b.click(`#q-lived input[value="lived-us"]`) // nothing ticked: unanswered again
	if got := b.text(".checklist-progress"); !strings.Contains(got, "so far") {
		t.Errorf("nothing ticked: progress %q", got)
	}
}

func TestChecklistShareLink(t *testing.T) {
	br, base := checklistSite(t)
	a := browserTab{t, br.Incognito(t), base}
	a.open(spouseEN + "?route=zgc&married=married-china")
	a.click(`#item-passport .checklist-label`)
	a.click(`#item-photos .checklist-label`)
	a.click(`[data-action="share"]`)
	a.until(`!document.getElementById("checklist-share").hidden`)
	if exp := evalJS[string](a, `document.querySelector('[data-action="share"]').getAttribute("aria-expanded")`); exp != "true" {
		t.Errorf("aria-expanded = %s", exp)
	}
	link := evalJS[string](a, `document.getElementById("checklist-share-url").value`)
	if want := base + spouseEN + "?route=zgc&married=married-china#ticks=photos,passport"; link != want {
		t.Fatalf("share link %q, want %q", link, want)
	}
	a.click(`#item-cv .checklist-label`) // the link follows the ticks and answers
	a.answer("nationality", "former-chinese")
	if l := evalJS[string](a, `document.getElementById("checklist-share-url").value`); !strings.HasSuffix(l, "&nationality=former-chinese#ticks=photos,passport,cv") {
		t.Errorf("share link not updated: %q", l)
	}
	a.click(`[data-action="copy"]`)
	a.until(`document.querySelector(".checklist-message").textContent !== ""`)
	link = evalJS[string](a, `document.getElementById("checklist-share-url").value`)

	// Another person's browser, with a tick and an answer of its own: the
	// link's ticks are added, its own tick is kept, the link's answers
	// replace its own, and the ticks leave the address so that a reload
	// does not add them again.
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseZH + "?married=married-abroad")
	b.click(`#item-marriage-certificate-foreign .checklist-label`)
	b.do(chromedp.Navigate(base + "/zh/"))
	b.open(strings.Replace(strings.TrimPrefix(link, base), spouseEN, spouseZH, 1))
	if got := b.ticked(); !equal(got, []string{"photos", "passport", "marriage-certificate-foreign", "cv"}) {
		t.Errorf("after opening the link, ticked %v", got)
	}
	if got := b.text(".checklist-message"); got != "已加入您打开的链接中的勾选，原有的勾选都保留着。" {
		t.Errorf("message %q", got)
	}
	if got := b.answers(); !equal(got, []string{"route=zgc", "married=married-china", "nationality=former-chinese", "name-change="}) {
		t.Errorf("answers after the link: %v", got)
	}
	if h := evalJS[string](b, `location.hash`); h != "" {
		t.Errorf("address keeps %q", h)
	}
	b.click(`#item-photos .checklist-label`) // untick, then reload: stays unticked
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	if got := b.ticked(); !equal(got, []string{"passport", "marriage-certificate-foreign", "cv"}) {
		t.Errorf("after reload, ticked %v", got)
	}

	// A link pasted into a tab that already shows the page changes only the
	// fragment; it works too, and ids the page lacks are ignored.
	evalJS[chromedp.Void](b, `location.hash = "#ticks=application-form,no-such-item"`)
	b.until(`document.querySelector('.checklist-box[name="application-form"]').checked && location.hash === ""`)
	evalJS[chromedp.Void](b, `location.hash = "#ticks=no-such-item"`)
	b.until(`document.querySelector(".checklist-message").textContent === "您打开的链接中没有本清单的勾选。"`)
}

func TestChecklistKeyboard(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN)
	// tabTo presses Tab until the focused element matches css.
	tabTo := func(css string) {
		t.Helper()
		for range 80 {
			if evalJS[bool](b, `!!document.activeElement && document.activeElement.matches(`+jsString(css)+`)`) {
				return
			}
			b.do(chromedp.KeyEvent("\t"))
		}
		t.Fatalf("Tab never reached %s", css)
	}
	// Radio buttons: Tab reaches the group, the arrow keys choose.
	tabTo(`#q-route input[value="zgc"]`)
	b.do(chromedp.KeyEvent(" "))
	b.do(chromedp.KeyEvent(kb.ArrowDown))
	if got := b.answers()[0]; got != "route=reunion" {
		t.Errorf("Space then Down on the route: %s", got)
	}
	tabTo(`#q-married input`)
	b.do(chromedp.KeyEvent(" "))
	if got := b.answers()[1]; got != "married=married-china" {
		t.Errorf("Space on where you married: %s", got)
	}
	tabTo(`.checklist-box[name="application-form"]`)
	if !evalJS[bool](b, `getComputedStyle(document.activeElement.closest("label")).outlineStyle === "solid"`) {
		t.Error("the focused row has no visible outline")
	}
	b.do(chromedp.KeyEvent(" "))
	tabTo(`.checklist-box[name="photos"]`)
	b.do(chromedp.KeyEvent(" "))
	if got := b.ticked(); !equal(got, []string{"application-form", "photos"}) {
		t.Fatalf("Space ticked %v", got)
	}
	if p := b.text(".checklist-progress"); !strings.HasPrefix(p, "2 of ") {
		t.Errorf("progress %q", p)
	}

	// A line about an open question, with Enter, goes to its first answer.
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	tabTo(`.checklist-missing a[href="#q-nationality"]`)
	b.do(chromedp.KeyEvent("\r"))
	b.until(`document.activeElement.name === "q-nationality"`)

	// Share, then clear with the keyboard alone.
	tabTo(`[data-action="share"]`)
	b.do(chromedp.KeyEvent(" "))
	b.do(chromedp.KeyEvent("\t"))
	if !evalJS[bool](b, `document.activeElement.id === "checklist-share-url"`) {
		t.Error("Tab after opening the share panel does not reach the link")
	}
	tabTo(`[data-action="clear"]`)
	b.do(chromedp.KeyEvent(" "))
	b.until(`document.activeElement.id === "checklist-confirm-question"`)
	b.do(chromedp.KeyEvent("\t"))
	b.do(chromedp.KeyEvent(" "))
	if got := b.ticked(); len(got) != 0 {
		t.Errorf("after clearing with the keyboard, ticked %v", got)
	}
	if !evalJS[bool](b, `document.activeElement.matches('[data-action="clear"]')`) {
		t.Error("focus did not return to the clear button")
	}
	if got := b.answers()[0]; got != "route=reunion" {
		t.Errorf("clearing the ticks changed the answers: %s", got)
	}
}

func TestChecklistBadStorage(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN)
	for _, tc := range []struct {
		stored  string
		ticked  []string
		answers []string
	}{
		{`{not json`, nil, nil},
		{`null`, nil, nil},
		{`[1,2]`, nil, nil},
		{`{"v":2,"ticks":{"passport":true}}`, nil, nil}, // a version we do not know
		{`{"v":1,"ticks":null,"filter":"zgc","answers":[]}`, nil, nil},
		{`{"v":1,"ticks":["passport"],"filter":[1,null,"zgc"]}`, nil, []string{"route=zgc"}},
		{`{"v":1,"ticks":{"renamed-item":true,"passport":true,"photos":"yes"},"answers":{"route":"zgc","married":["gone"],"gone":["x"]}}`, []string{"passport"}, nil},
		{`{"v":1,"answers":{"route":["reunion","zgc"],"married":[]},"filter":["married-china","married-abroad"]}`, nil, []string{"route=reunion"}},
	} {
		b.setStored(tc.stored)
		b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
		if got := b.ticked(); !equal(got, tc.ticked) {
			t.Errorf("stored %s: ticked %v, want %v", tc.stored, got, tc.ticked)
		}
		var got []string
		for _, a := range b.answers() {
			if !strings.HasSuffix(a, "=") {
				got = append(got, a)
			}
		}
		if !equal(got, tc.answers) {
			t.Errorf("stored %s: answers %v, want %v", tc.stored, got, tc.answers)
		}
		if p := b.text(".checklist-progress"); !strings.Contains(p, "documents ready") {
			t.Errorf("stored %s: progress %q", tc.stored, p)
		}
		evalJS[chromedp.Void](b, `history.replaceState(null, "", location.pathname)`)
	}
	// The next tick writes a clean record, without the removed item.
	b.setStored(`{"v":1,"ticks":{"renamed-item":true,"passport":true},"filter":["reunion"]}`)
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	b.click(`#item-cv .checklist-label`)
	if s := b.stored(); s != `{"v":1,"ticks":{"passport":true,"cv":true},"answers":{"route":["reunion"]}}` {
		t.Errorf("record rewritten as %s", s)
	}
}

func TestChecklistOtherTabFollows(t *testing.T) {
	br, base := checklistSite(t)
	a := browserTab{t, br.Tab(t), base}
	a.open(spouseEN)
	evalJS[chromedp.Void](a, `localStorage.clear()`)
	a.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	b := browserTab{t, br.Tab(t), base}
	b.open(spouseZH)
	a.click(`#item-cv .checklist-label`)
	b.until(`document.querySelector('.checklist-box[name="cv"]').checked`)
	a.answer("married", "married-abroad")
	b.until(`document.querySelector('#q-married input[value="married-abroad"]').checked && location.search === "?married=married-abroad"`)
	evalJS[chromedp.Void](a, `localStorage.clear()`)
}

func TestChecklistPrint(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN + "?route=zgc&nationality=never-chinese")
	b.click(`#item-passport .checklist-label`)
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	display := func(css string) string {
		return evalJS[string](b, `getComputedStyle(document.querySelector(`+jsString(css)+`)).display`)
	}
	for css, want := range map[string]string{
		".site-header":                     "none",
		".breadcrumbs":                     "none",
		".checklist-questions":             "none",
		".checklist-actions":               "none",
		".checklist-progress":              "block",
		".checklist-missing":               "block",
		".checklist-print-info":            "block",
		"#item-passport":                   "list-item",
		"#item-reunion-income":             "none", // not for the Zhongguancun route
		"#item-marriage-certificate-china": "none", // not answered yet
		".checklist-print-date":            "block",
		".checklist-print-answers":         "block",
	} {
		if got := display(css); got != want {
			t.Errorf("print: %s display %s, want %s", css, got, want)
		}
	}
	info := b.text(".checklist-print-info")
	for _, want := range []string{
		"This checklist online: " + base + spouseEN + "?route=zgc&nationality=never-chinese",
		"Your situation:",
		"Which route are you applying on? Zhongguancun route",
		"Where did you marry? not answered (the documents that depend on it are not listed)",
		"Were you a Chinese citizen before? No",
	} {
		if !strings.Contains(info, want) {
			t.Errorf("print info %q lacks %q", info, want)
		}
	}
	if p := b.text(".checklist-missing"); !strings.Contains(p, "Answer “Where did you marry?” to see 1 more document.") {
		t.Errorf("the print-out does not say what is missing: %q", p)
	}
	if !regexp.MustCompile(`Printed: \d{1,2} [A-Z][a-z]+ \d{4}`).MatchString(info) {
		t.Errorf("print info %q has no date like the site's (2 January 2006)", info)
	}
	if img := evalJS[string](b, `getComputedStyle(document.querySelector('.checklist-box[name="passport"]')).backgroundImage`); !strings.HasPrefix(img, `url("data:image/svg+xml`) {
		t.Errorf("a ticked box prints without its tick: %s", img)
	}
	if w := evalJS[string](b, `getComputedStyle(document.querySelector('.checklist-box[name="photos"]')).borderTopStyle`); w != "solid" {
		t.Errorf("an empty box prints without a border: %s", w)
	}
	// Printed in the light scheme even when the screen is dark.
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print",
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
		t.Fatal(err)
	}
	if bg := evalJS[string](b, `getComputedStyle(document.documentElement).backgroundColor`); bg != "rgb(255, 255, 255)" {
		t.Errorf("printed with background %s", bg)
	}
	// The browser prints it (without a header and footer of its own).
	pdf, err := chromedp.Run(b.ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{DisplayHeaderFooter: new(false)})
		return res.Data, err
	})
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("printing: %v (%d bytes)", err, len(pdf))
	}
}

func TestChecklistWithoutJavaScript(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Navigate(base + spouseEN + "?route=zgc"))
	if got := evalJS[string](b, `getComputedStyle(document.getElementById("checklist-panel")).display`); got != "none" {
		t.Errorf("controls shown without JavaScript (display %s)", got)
	}
	if got := evalJS[int](b, `[...document.querySelectorAll(".checklist-item")].filter(li => li.offsetHeight > 0).length`); got != 13 {
		t.Errorf("%d items visible without JavaScript, want all 13", got)
	}
	if got := b.text(".checklist-noscript"); !strings.Contains(got, "every situation") {
		t.Errorf("without JavaScript the page says %q, not that the list shows every situation", got)
	}
	// No button that cannot work: the one that prints both languages is in
	// the hidden controls, and hidden itself until the script finds the table.
	if evalJS[bool](b, `[...document.querySelectorAll("button")].some(x => x.dataset.action === "print-both" && x.getClientRects().length > 0)`) {
		t.Error("the button that prints both languages shows without JavaScript")
	}
	if got := evalJS[string](b, `document.querySelector(".checklist-bilingual tr[data-id=passport]").textContent`); got != "护照Passport" {
		t.Errorf("the table in both languages, as built, has %q for the passport", got)
	}
}

// TestChecklistAccessibility scans both checklists in both languages, in
// the light and the dark scheme, with the questions open, answered and
// folded, and the share panel and clear confirmation open.
func TestChecklistAccessibility(t *testing.T) {
	br, base := checklistSite(t)
	for _, path := range checklistPages {
		for _, dark := range []bool{false, true} {
			name := strings.Trim(path, "/")
			if dark {
				name += " dark"
			}
			t.Run(name, func(t *testing.T) {
				b := browserTab{t, br.Incognito(t), base}
				p := uiPage{t: t, b: br, ctx: b.ctx, base: base}
				p.dark(dark)
				b.open(path)
				br.Accessible(t, b.ctx, "questions open")
				// Every item is in a group named by its heading.
				if bad := evalJS[[]string](b, `[...document.querySelectorAll(".checklist-item")].filter(li => {
					const g = li.closest('[role="group"]');
					const h = g && document.getElementById(g.getAttribute("aria-labelledby"));
					return !h || !/^H[2-6]$/.test(h.tagName) || !h.textContent.trim(); }).map(li => li.dataset.id)`); len(bad) > 0 {
					t.Errorf("items outside a group named by a heading: %v", bad)
				}
				// Targets are at least 24 by 24 CSS pixels.
				if small := evalJS[[]string](b, `[...document.querySelectorAll(".checklist-box, .checklist-label, .checklist-answer, .checklist-answer input, .checklist-button, .checklist-questions > summary, .checklist-missing a")]
					.filter(e => e.offsetParent !== null).filter(e => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
					.map(e => e.outerHTML.slice(0, 80))`); len(small) > 0 {
					t.Errorf("targets smaller than 24×24: %v", small)
				}
				// Answer everything, open the share panel and the clear
				// confirmation, then fold the questions.
				for _, q := range evalJS[[]string](b, `[...document.querySelectorAll(".checklist-question")].map(f => f.dataset.question)`) {
					b.click(`#q-` + q + ` .checklist-answer`)
				}
				b.click(".checklist-item:not([hidden]) .checklist-label")
				b.click(`[data-action="share"]`)
				b.click(`[data-action="clear"]`)
				b.until(`!document.querySelector(".checklist-confirm").hidden`)
				br.Accessible(t, b.ctx, "answered, controls open")
				b.click(".checklist-questions > summary")
				b.until(`!document.querySelector(".checklist-questions").open`)
				br.Accessible(t, b.ctx, "questions folded")
			})
		}
	}
}

// TestChecklistScript checks the limits on the script: small, loaded only on
// pages with a checklist or listing one (not on the whole guide for
// printing, whose checklists are to tick by hand), and with no code from
// elsewhere; and, on the repository's real site, that every tag has a label.
func TestChecklistScript(t *testing.T) {
	src, err := os.ReadFile("../../templates/assets/checklist.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(src) > 20*1024 {
		t.Errorf("checklist.js is %d bytes, more than 20 KB", len(src))
	}
	if regexp.MustCompile(`\b(import|require|fetch|XMLHttpRequest|sendBeacon|WebSocket)\b\s*\(`).Match(src) {
		t.Error("checklist.js loads code or talks to a server")
	}
	dir := sitetest.BuildRepo(t, "../..")
	script := regexp.MustCompile(`<script src="[^"]*/checklist\.[0-9a-f]+\.js" defer>`)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		html, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		has := strings.Contains(string(html), `class="checklist-item"`)
		lists := strings.Contains(string(html), `class="checklist-saved"`)
		if strings.Contains(string(html), `class="print-page"`) {
			// The whole guide for printing holds the checklists as lists
			// to tick by hand: no questions, no script.
			if script.Match(html) {
				t.Errorf("%s: the whole guide for printing loads the checklist script", p)
			}
			return nil
		}
		if loads := script.Match(html); (has || lists) != loads {
			t.Errorf("%s: has a checklist %v, lists one %v, loads the script %v", p, has, lists, loads)
		}
		if !has {
			return nil
		}
		// Every tag of an item is an answer with a label from the front matter.
		for _, m := range regexp.MustCompile(`data-tags="([^"]*)"`).FindAllSubmatch(html, -1) {
			for _, tag := range strings.Fields(string(m[1])) {
				label := regexp.MustCompile(`value="` + regexp.QuoteMeta(tag) + `"> <span[^>]*>([^<]*)</span>`).FindSubmatch(html)
				if label == nil || string(label[1]) == tag {
					t.Errorf("%s: tag %q has no label in the front matter", p, tag)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDocumentsProgress: the documents page shows each checklist's
// progress from storage, counted as the checklist counts it, and nothing
// for a checklist never opened.
func TestDocumentsProgress(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	p := uiPage{t: t, b: br, ctx: b.ctx, base: base}
	p.open("/en/documents/", ".page-list")
	if n := evalJS[int](b, `[...document.querySelectorAll(".checklist-saved")].filter(e => !e.hidden).length`); n != 0 {
		t.Errorf("%d progress lines before any checklist was used", n)
	}
	b.open(spouseEN + "?route=reunion")
	b.click(`#item-reunion-income .checklist-label`) // not counted on the Zhongguancun route
	b.open(spouseEN + "?route=zgc")
	b.click(`#item-passport .checklist-label`)
	b.click(`#item-cv .checklist-label`)
	p.open("/en/documents/", `.checklist-saved[data-key="documents/spouse"]:not([hidden])`)
	if got := b.text(`.checklist-saved[data-key="documents/spouse"]`); got != "Your progress: 2 of 6 documents ready so far (questions still to answer)" {
		t.Errorf("spouse progress %q", got)
	}
	if !evalJS[bool](b, `document.querySelector('.checklist-saved[data-key="documents/child"]').hidden`) {
		t.Error("progress shown for the child's checklist, never opened")
	}
	b.open(spouseEN + "?married=married-china&nationality=never-chinese&name-change=name-same")
	p.open("/zh/documents/", `.checklist-saved[data-key="documents/spouse"]:not([hidden])`)
	if got := b.text(`.checklist-saved[data-key="documents/spouse"]`); got != "您的进度：已备齐 2 / 7 项材料" {
		t.Errorf("spouse progress in Chinese %q", got)
	}
	p.axe("documents with progress")
}

// TestChecklistPrintBothLanguages: "Print in both languages" prints a table
// of the documents listed for the reader's answers, one row per document
// with its name in Chinese and in English (matched by the item's id), and
// nothing else of the page; the table is in the page as built. The print
// dialog is replaced by a function that counts its calls.
func TestChecklistPrintBothLanguages(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	names := func() map[string]string {
		return evalJS[map[string]string](b, `Object.fromEntries([...document.querySelectorAll(".checklist-item[data-id]")].map(li =>
			[li.dataset.id, li.querySelector(":scope > .checklist-label .checklist-text").textContent.trim()]))`)
	}
	b.open(spouseZH)
	zh := names()
	b.open(spouseEN)
	en := names()
	if len(zh) != 13 || len(en) != 13 {
		t.Fatalf("%d items in Chinese, %d in English, want 13", len(zh), len(en))
	}
	for _, path := range []string{spouseEN, spouseZH} {
		t.Run(path, func(t *testing.T) {
			b := browserTab{t, b.ctx, base}
			b.open(path + "?married=married-abroad&nationality=never-chinese&name-change=name-same")
			b.answer("route", "zgc")
			listed := b.listed()
			if slices.Contains(listed, "reunion-income") || !slices.Contains(listed, "recommendation-letter") || len(listed) != 7 {
				t.Fatalf("the Zhongguancun route lists %v", listed)
			}
			// The table is in the page as built, every item in it.
			if n := evalJS[int](b, `document.querySelectorAll(".checklist-bilingual tr[data-id]").length`); n != 13 {
				t.Errorf("the table has %d rows, want 13", n)
			}
			evalJS[chromedp.Void](b, `window.printCalls = 0; window.print = () => { window.printCalls++; }`)
			b.click(`[data-action="print-both"]`)
			if n := evalJS[int](b, `window.printCalls`); n != 1 {
				t.Errorf("print called %d times, want 1", n)
			}
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			rows := evalJS[[][]string](b, `[...document.querySelectorAll(".checklist-bilingual tbody tr")].filter(tr => tr.offsetParent !== null)
				.map(tr => [tr.dataset.id, ...[...tr.cells].map(c => c.textContent.trim())])`)
			var ids []string
			for _, r := range rows {
				ids = append(ids, r[0])
				if len(r) != 3 || r[1] != zh[r[0]] || r[2] != en[r[0]] {
					t.Errorf("row %q, want [%s %s %s]", r, r[0], zh[r[0]], en[r[0]])
				}
			}
			if !equal(ids, listed) {
				t.Errorf("printed rows %v, want the documents listed: %v", ids, listed)
			}
			if got := evalJS[[]string](b, `[...document.querySelectorAll(".checklist-bilingual thead th")].map(th => th.textContent)`); !equal(got, []string{"中文", "English"}) {
				t.Errorf("columns %v", got)
			}
			for css, want := range map[string]bool{
				".checklist-bilingual":  true,
				".checklist":            false,
				"article > h1":          false,
				".site-footer":          false,
				".checklist-print-info": true,
			} {
				if got := evalJS[bool](b, `document.querySelector(`+jsString(css)+`).getClientRects().length > 0`); got != want {
					t.Errorf("printing both languages: %s shown %v, want %v", css, got, want)
				}
			}
			// Once printed, the page prints as before.
			evalJS[chromedp.Void](b, `window.dispatchEvent(new Event("afterprint"))`)
			if got := evalJS[[]bool](b, `[".checklist-bilingual", ".checklist"].map(css => document.querySelector(css).getClientRects().length > 0)`); !slices.Equal(got, []bool{false, true}) {
				t.Errorf("after printing, the table and the list are shown: %v, want [false true]", got)
			}
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
				t.Fatal(err)
			}
			if evalJS[bool](b, `document.querySelector(".checklist-bilingual").offsetParent !== null`) {
				t.Error("the table shows on screen")
			}
		})
	}
}
