package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The checklist tests run the repository's real site in Chromium: the
// document checklists of content/documents/{spouse,child}.{zh,en}.md with
// templates/partials/checklist.html and templates/assets/checklist.js.

const (
	spouseEN = "/en/documents/spouse/"
	spouseZH = "/zh/documents/spouse/"
	storeKey = "guide.checklist.documents/spouse"
)

var checklistPages = []string{spouseZH, spouseEN, "/zh/documents/child/", "/en/documents/child/"}

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

// shown counts the items shown and the items that should be shown for the
// filter tags.
func (b browserTab) shown(tags ...string) (got, want int) {
	b.t.Helper()
	list, _ := json.Marshal(append([]string{}, tags...))
	got = evalJS[int](b, `document.querySelectorAll(".checklist-item:not([hidden])").length`)
	want = evalJS[int](b, `(() => { const f = `+string(list)+`; return [...document.querySelectorAll(".checklist-item")].filter(li => {
		const t = (li.dataset.tags || "").split(" ").filter(Boolean);
		return !f.length || !t.length || t.some(x => f.includes(x)); }).length; })()`)
	return got, want
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
	br := browsertest.New(t)
	dir := sitetest.BuildRepo(t, "../..")
	// Browsers ask for /favicon.ico; until the site has one, answer with an
	// empty file so that the 404 is not reported as a console error.
	if ico := filepath.Join(dir, "favicon.ico"); !exists(ico) {
		if err := os.WriteFile(ico, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return br, browsertest.Serve(t, dir)
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func TestChecklistTicksPersistAcrossReloadAndLanguages(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN)
	total := evalJS[int](b, `document.querySelectorAll(".checklist-item").length`)
	if got, want := b.text(".checklist-progress"), "0 of 16 items ready"; got != want || total != 16 {
		t.Fatalf("progress %q, %d items; want %q, 16 items", got, total, want)
	}
	b.click("#item-passport > .checklist-label") // the whole row is the label
	b.click("#item-photos .checklist-text")
	if got := b.ticked(); !equal(got, []string{"photos", "passport"}) {
		t.Fatalf("ticked %v after two clicks", got)
	}
	if got, want := b.text(".checklist-progress"), "2 of 16 items ready"; got != want {
		t.Errorf("progress %q, want %q", got, want)
	}
	var rec struct {
		V      int             `json:"v"`
		Ticks  map[string]bool `json:"ticks"`
		Filter []string        `json:"filter"`
	}
	if err := json.Unmarshal([]byte(b.stored()), &rec); err != nil || rec.V != 1 || len(rec.Ticks) != 2 || !rec.Ticks["passport"] || !rec.Ticks["photos"] {
		t.Errorf("stored record %q (%v)", b.stored(), err)
	}

	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	if got := b.ticked(); !equal(got, []string{"photos", "passport"}) {
		t.Errorf("after reload, ticked %v", got)
	}

	// The language switcher leads to the Chinese page, which shows the same ticks.
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`.lang-switch a[data-lang="zh"]`)))); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	if loc := evalJS[string](b, `location.pathname`); loc != spouseZH {
		t.Fatalf("language switcher went to %s", loc)
	}
	if got := b.ticked(); !equal(got, []string{"photos", "passport"}) {
		t.Errorf("in Chinese, ticked %v", got)
	}
	if got, want := b.text(".checklist-progress"), "已备齐 2 / 16 项"; got != want {
		t.Errorf("Chinese progress %q, want %q", got, want)
	}

	// Clear: cancelling keeps the ticks; confirming removes them and the record.
	b.click(`[data-action="clear"]`)
	b.until(`!document.querySelector(".checklist-confirm").hidden && document.activeElement.id === "checklist-confirm-question"`)
	if got := b.text(".checklist-confirm p"); !strings.Contains(got, "清除") {
		t.Errorf("confirmation %q", got)
	}
	b.click(`[data-action="clear-no"]`)
	if got := b.ticked(); len(got) != 2 {
		t.Errorf("after cancel, ticked %v", got)
	}
	b.click(`[data-action="clear"]`)
	b.click(`[data-action="clear-yes"]`)
	if got := b.ticked(); len(got) != 0 {
		t.Errorf("after clear, ticked %v", got)
	}
	if got, want := b.text(".checklist-message"), "已清除所有勾选。"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if s := b.stored(); s != "" {
		t.Errorf("after clear, storage still holds %q", s)
	}
	if f := evalJS[bool](b, `document.activeElement.matches('[data-action="clear"]')`); !f {
		t.Error("focus did not return to the clear button")
	}
	b.click(`[data-action="clear"]`)
	if got := b.text(".checklist-message"); got != "目前没有可清除的勾选。" {
		t.Errorf("clearing nothing says %q", got)
	}
}

func TestChecklistFilter(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN)
	if got, want := b.shown(); got != 16 || got != want {
		t.Fatalf("without a filter %d items shown, want all %d", got, want)
	}
	b.click(`#item-cv .checklist-label`)
	b.click(`#item-reunion-income .checklist-label`)
	b.click(`.checklist-filter-option:has(input[value="zgc"])`)
	got, want := b.shown("zgc")
	if got != want || got >= 16 {
		t.Fatalf("filter zgc shows %d items, want %d", got, want)
	}
	for css, hidden := range map[string]bool{
		"#item-passport":              false, // no tags: always shown
		"#item-recommendation-letter": false,
		"#item-reunion-income":        true,
		"#reunion-documents":          true, // heading of a group with nothing shown
		"#zgc-documents":              false,
	} {
		if h := evalJS[bool](b, `document.querySelector(`+jsString(css)+`).hidden`); h != hidden {
			t.Errorf("%s hidden = %v, want %v", css, h, hidden)
		}
	}
	// Progress counts the items shown: cv is shown, reunion-income is not.
	if p := b.text(".checklist-progress"); p != "1 of "+strconv.Itoa(want)+" items ready" {
		t.Errorf("progress %q with filter", p)
	}
	if s := b.text(".checklist-showing"); !strings.Contains(s, "Showing "+strconv.Itoa(want)+" of 16 items") {
		t.Errorf("filter status %q", s)
	}

	// The filter is remembered, and shared by the other language.
	b.open(spouseZH)
	if got, want := b.shown("zgc"); got != want {
		t.Errorf("after reload in Chinese, %d shown, want %d", got, want)
	}
	if !evalJS[bool](b, `document.querySelector('input[name="for"][value="zgc"]').checked`) {
		t.Error("filter zgc not remembered")
	}

	// ?for= sets the filter (unknown tags ignored), and leaves the address.
	b.open(spouseEN + "?for=reunion,married-abroad,no-such-tag")
	if got, want := b.shown("reunion", "married-abroad"); got != want {
		t.Errorf("?for=reunion,married-abroad shows %d, want %d", got, want)
	}
	if on := evalJS[[]string](b, `[...document.querySelectorAll('input[name="for"]:checked')].map(b => b.value).sort()`); !equal(on, []string{"married-abroad", "reunion"}) {
		t.Errorf("filter boxes on: %v", on)
	}
	if loc := evalJS[string](b, `location.pathname + location.search`); loc != spouseEN {
		t.Errorf("address after ?for= is %s", loc)
	}
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	if got, want := b.shown("reunion", "married-abroad"); got != want {
		t.Errorf("after reload, %d shown, want %d", got, want)
	}
	b.open(spouseEN + "?for=no-such-tag")
	if got, _ := b.shown(); got != 16 {
		t.Errorf("?for= with only unknown tags shows %d, want all", got)
	}
	if got := b.ticked(); !equal(got, []string{"cv", "reunion-income"}) {
		t.Errorf("filtering lost ticks: %v", got)
	}
	if p := b.text(".checklist-progress"); p != "2 of 16 items ready" {
		t.Errorf("progress %q", p)
	}
}

func TestChecklistShareLink(t *testing.T) {
	br, base := checklistSite(t)
	a := browserTab{t, br.Incognito(t), base}
	a.open(spouseEN)
	a.click(`#item-passport .checklist-label`)
	a.click(`#item-photos .checklist-label`)
	a.click(`.checklist-filter-option:has(input[value="zgc"])`)
	a.click(`[data-action="share"]`)
	a.until(`!document.getElementById("checklist-share").hidden`)
	if exp := evalJS[string](a, `document.querySelector('[data-action="share"]').getAttribute("aria-expanded")`); exp != "true" {
		t.Errorf("aria-expanded = %s", exp)
	}
	link := evalJS[string](a, `document.getElementById("checklist-share-url").value`)
	if want := base + spouseEN + "#ticks=photos,passport&for=zgc"; link != want {
		t.Fatalf("share link %q, want %q", link, want)
	}
	a.click(`#item-cv .checklist-label`) // the link follows the ticks
	if l := evalJS[string](a, `document.getElementById("checklist-share-url").value`); !strings.Contains(l, "#ticks=photos,passport,cv&") {
		t.Errorf("share link not updated: %q", l)
	}
	a.click(`[data-action="copy"]`)
	a.until(`document.querySelector(".checklist-message").textContent !== ""`)

	// Another person's browser, with a tick of its own: the link's ticks are
	// added, its own tick is kept, the filter is taken, and the address is
	// cleaned so that a reload does not add them again.
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseZH)
	b.click(`#item-medical-certificate .checklist-label`)
	b.do(chromedp.Navigate(base + "/zh/"))
	b.open(strings.Replace(strings.TrimPrefix(link, base), spouseEN, spouseZH, 1))
	if got := b.ticked(); !equal(got, []string{"photos", "passport", "medical-certificate"}) {
		t.Errorf("after opening the link, ticked %v", got)
	}
	if got := b.text(".checklist-message"); got != "已加入你打开的链接中的勾选，原有的勾选都保留着。" {
		t.Errorf("message %q", got)
	}
	if !evalJS[bool](b, `document.querySelector('input[name="for"][value="zgc"]').checked`) {
		t.Error("the link's filter was not applied")
	}
	if h := evalJS[string](b, `location.hash`); h != "" {
		t.Errorf("address keeps %q", h)
	}
	b.click(`#item-photos .checklist-label`) // untick, then reload: stays unticked
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
	if got := b.ticked(); !equal(got, []string{"passport", "medical-certificate"}) {
		t.Errorf("after reload, ticked %v", got)
	}

	// A link pasted into a tab that already shows the page changes only the
	// fragment; it works too, and ids the page lacks are ignored.
	evalJS[chromedp.Void](b, `location.hash = "#ticks=cv,no-such-item"`)
	b.until(`document.querySelector('.checklist-box[name="cv"]').checked && location.hash === ""`)
	evalJS[chromedp.Void](b, `location.hash = "#ticks=no-such-item"`)
	b.until(`document.querySelector(".checklist-message").textContent === "你打开的链接中没有本清单的勾选。"`)
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
	tabTo(`input[name="for"][value="married-abroad"]`)
	b.do(chromedp.KeyEvent(" "))
	if got, want := b.shown("married-abroad"); got != want {
		t.Errorf("Space on a filter: %d shown, want %d", got, want)
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

	// Share, then clear with the keyboard alone.
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
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
}

func TestChecklistBadStorage(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN)
	for _, tc := range []struct {
		stored string
		ticked []string
	}{
		{`{not json`, nil},
		{`null`, nil},
		{`[1,2]`, nil},
		{`{"v":2,"ticks":{"passport":true}}`, nil}, // a version we do not know
		{`{"v":1,"ticks":null,"filter":"zgc"}`, nil},
		{`{"v":1,"ticks":["passport"],"filter":[1,null,"zgc"]}`, nil},
		{`{"v":1,"ticks":{"renamed-item":true,"passport":true,"photos":"yes"},"filter":["gone"]}`, []string{"passport"}},
	} {
		b.setStored(tc.stored)
		b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#checklist-panel")))
		if got := b.ticked(); !equal(got, tc.ticked) {
			t.Errorf("stored %s: ticked %v, want %v", tc.stored, got, tc.ticked)
		}
		if p := b.text(".checklist-progress"); !strings.HasSuffix(p, "of 16 items ready") && !strings.Contains(p, "items ready") {
			t.Errorf("stored %s: progress %q", tc.stored, p)
		}
	}
	// The next tick writes a clean record, without the removed item.
	b.click(`#item-cv .checklist-label`)
	if s := b.stored(); s != `{"v":1,"ticks":{"passport":true,"cv":true},"filter":[]}` {
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
	evalJS[chromedp.Void](a, `localStorage.clear()`)
}

func TestChecklistPrint(t *testing.T) {
	br, base := checklistSite(t)
	b := browserTab{t, br.Incognito(t), base}
	b.open(spouseEN)
	b.click(`#item-passport .checklist-label`)
	b.click(`.checklist-filter-option:has(input[value="zgc"])`)
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	display := func(css string) string {
		return evalJS[string](b, `getComputedStyle(document.querySelector(`+jsString(css)+`)).display`)
	}
	for css, want := range map[string]string{
		".site-header":            "none",
		".breadcrumbs":            "none",
		".checklist-filter":       "none",
		".checklist-actions":      "none",
		".checklist-progress":     "block",
		".checklist-print-info":   "block",
		"#item-passport":          "list-item",
		"#item-reunion-income":    "none", // filtered out
		"#item-passport li":       "list-item",
		".checklist-print-date":   "block",
		".checklist-print-filter": "block",
	} {
		if got := display(css); got != want {
			t.Errorf("print: %s display %s, want %s", css, got, want)
		}
	}
	info := b.text(".checklist-print-info")
	for _, want := range []string{"This checklist online: " + base + spouseEN, "Filtered: items for everyone, and for Zhongguancun route."} {
		if !strings.Contains(info, want) {
			t.Errorf("print info %q lacks %q", info, want)
		}
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
	b.do(chromedp.Navigate(base + spouseEN))
	if got := evalJS[string](b, `getComputedStyle(document.getElementById("checklist-panel")).display`); got != "none" {
		t.Errorf("controls shown without JavaScript (display %s)", got)
	}
	if got := evalJS[int](b, `[...document.querySelectorAll(".checklist-item")].filter(li => li.offsetHeight > 0).length`); got != 16 {
		t.Errorf("%d items visible without JavaScript, want 16", got)
	}
}

func TestChecklistAccessibility(t *testing.T) {
	br, base := checklistSite(t)
	for _, path := range checklistPages {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			b := browserTab{t, br.Incognito(t), base}
			b.open(path)
			br.Accessible(t, b.ctx, "checklist")
			// Every item is in a group named by its heading.
			if bad := evalJS[[]string](b, `[...document.querySelectorAll(".checklist-item")].filter(li => {
				const g = li.closest('[role="group"]');
				const h = g && document.getElementById(g.getAttribute("aria-labelledby"));
				return !h || !/^H[2-6]$/.test(h.tagName) || !h.textContent.trim(); }).map(li => li.dataset.id)`); len(bad) > 0 {
				t.Errorf("items outside a group named by a heading: %v", bad)
			}
			// Targets are at least 24 by 24 CSS pixels.
			if small := evalJS[[]string](b, `[...document.querySelectorAll(".checklist-box, .checklist-label, .checklist-filter-option, .checklist-filter input, .checklist-button")]
				.filter(e => e.offsetParent !== null).filter(e => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
				.map(e => e.outerHTML.slice(0, 80))`); len(small) > 0 {
				t.Errorf("targets smaller than 24×24: %v", small)
			}
			// Again with the share panel and the clear confirmation open and a filter on.
			b.click(".checklist-item .checklist-label")
			b.click(".checklist-filter-option")
			b.click(`[data-action="share"]`)
			b.click(`[data-action="clear"]`)
			b.until(`!document.querySelector(".checklist-confirm").hidden`)
			br.Accessible(t, b.ctx, "controls open")
		})
	}
}

// TestChecklistScript checks the limits on the script: small, loaded only on
// pages with a checklist, and with no code from elsewhere.
func TestChecklistScript(t *testing.T) {
	src, err := os.ReadFile("../../templates/assets/checklist.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(src) > 10*1024 {
		t.Errorf("checklist.js is %d bytes, more than 10 KB", len(src))
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
		has, loads := strings.Contains(string(html), `class="checklist-item"`), script.Match(html)
		if has != loads {
			t.Errorf("%s: has a checklist %v, loads the script %v", p, has, loads)
		}
		if !has {
			return nil
		}
		// Every tag of an item has a filter with a label from the front matter.
		for _, m := range regexp.MustCompile(`data-tags="([^"]*)"`).FindAllSubmatch(html, -1) {
			for _, tag := range strings.Fields(string(m[1])) {
				label := regexp.MustCompile(`value="` + regexp.QuoteMeta(tag) + `"> <span[^>]*>([^<]*)</span>`).FindSubmatch(html)
				if label == nil || string(label[1]) == tag {
					t.Errorf("%s: tag %q has no label in the front matter's filters", p, tag)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
