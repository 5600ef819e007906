package site_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"guide/internal/workdays"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestCalculator enters dates and reads the results in both languages; they
// must be the dates package workdays computes.
func TestCalculator(t *testing.T) {
	b, base := uiSite(t)
	cal := repoCalendar(t)
	tests := []struct {
		lang, date      string
		end, with, six  string // as shown
		missing         bool
		makeUpMentioned []string
	}{
		{"en", "2026-09-01", "Wednesday 18 November 2026", "16 November 2026", "1 March 2027", false, []string{"20 September 2026", "10 October 2026"}},
		{"zh", "2026-09-01", "2026年11月18日星期三", "2026年11月16日", "2027年3月1日", false, []string{"2026年9月20日", "2026年10月10日"}},
		{"en", "2026-11-02", "11 January 2027", "11 January 2027", "2 May 2027", true, nil},
		{"zh", "2025-12-31", "2026年3月23日", "2026年3月18日", "2026年6月30日", false, []string{"2026年1月4日", "2026年2月14日", "2026年2月28日"}},
		// Years without holiday data: a weekends-only estimate, labelled.
		{"en", "2027-03-01", "Monday 10 May 2027", "10 May 2027", "1 September 2027", true, nil},
		{"zh", "2027-06-15", "2027年8月24日星期二", "2027年8月24日", "2027年12月15日", true, nil},
	}
	p := newPage(t, b, base)
	for _, tt := range tests {
		p.open("/"+tt.lang+"/timeline/", "#calculator-day")
		p.enterDate(tt.date)
		p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
		p.until(`!document.querySelector(".calculator-result").hidden`)
		if got := p.text(`[data-slot="end"]`); !strings.Contains(strings.ReplaceAll(got, ",", ""), tt.end) {
			t.Errorf("%s %s: day 50 shows %q, want %q", tt.lang, tt.date, got, tt.end)
		}
		if got := p.text(`[data-slot="with"]`); !strings.Contains(got, tt.with) {
			t.Errorf("%s %s: with make-up days %q, want %q", tt.lang, tt.date, got, tt.with)
		}
		if got := p.text(`[data-slot="six"]`); !strings.Contains(got, tt.six) {
			t.Errorf("%s %s: six months %q, want %q", tt.lang, tt.date, got, tt.six)
		}
		if got := pageEval[bool](p, `!document.querySelector('[data-slot="missing"]').hidden`); got != tt.missing {
			t.Errorf("%s %s: warning about missing holiday data shown: %v, want %v", tt.lang, tt.date, got, tt.missing)
		}
		if tt.missing {
			// The label is inside the result, above the date it qualifies,
			// and names the year whose holidays it ignores.
			if !pageEval[bool](p, `!!(document.querySelector('[data-slot="missing"]').compareDocumentPosition(document.querySelector('[data-slot="end"]')) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
				t.Errorf("%s %s: the missing-data warning is not above the date", tt.lang, tt.date)
			}
			if got := p.text(`[data-slot="missing"]`); !strings.Contains(got, "2027") {
				t.Errorf("%s %s: the warning %q does not name 2027", tt.lang, tt.date, got)
			}
		}
		why := p.text(`[data-slot="why"]`)
		for _, d := range tt.makeUpMentioned {
			if !strings.Contains(why, d) {
				t.Errorf("%s %s: the explanation %q does not name the make-up day %s", tt.lang, tt.date, why, d)
			}
		}
		if got := pageEval[string](p, `document.activeElement.id`); got != "calculator-result-title" {
			t.Errorf("%s %s: focus on %q after submitting, want the result heading", tt.lang, tt.date, got)
		}
		if got := p.query(); got != "?accepted="+tt.date {
			t.Errorf("%s %s: query %q", tt.lang, tt.date, got)
		}
		// The timeline: in date order, from acceptance to six months.
		days := pageEval[[]string](p, `[...document.querySelectorAll(".calculator-step .calculator-when time:first-child")].map(t => t.dateTime)`)
		if len(days) < 4 || days[0] != tt.date || !sorted(days) {
			t.Errorf("%s %s: timeline dates %v, want acceptance first and in order", tt.lang, tt.date, days)
		}
		e := cal.Estimate(mustDate(t, tt.date))
		if got := pageEval[string](p, `document.querySelector('[data-slot="end"] time').dateTime`); got != e.Without.End.String() {
			t.Errorf("%s %s: the page says %s, package workdays %s", tt.lang, tt.date, got, e.Without.End)
		}
		p.axe(tt.lang + " calculator result " + tt.date)
	}

	// The page and package workdays agree on every 37th date of the table.
	p.open("/en/timeline/", "#calculator-day")
	first, last, _ := cal.Range()
	for d := first; d <= last; d += 37 {
		p.enterDate(d.String())
		p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
		p.until(`location.search === "?accepted=` + d.String() + `"`)
		got := pageEval[[]string](p, `[...document.querySelectorAll(".calculator-step-end time")].map(t => t.dateTime).sort()`)
		e := cal.Estimate(d)
		want := []string{e.Without.End.String()}
		if e.With.End != e.Without.End {
			want = []string{e.With.End.String(), e.Without.End.String()}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("accepted %s: the page shows day 50 on %v, package workdays on %v", d, got, want)
		}
	}
}

// enterDate types an ISO date into the day, month and year fields, as
// numbers without leading zeros, the way the hint shows.
func (p uiPage) enterDate(iso string) {
	p.t.Helper()
	parts := strings.Split(iso, "-")
	if len(parts) != 3 {
		p.t.Fatalf("bad date %q", iso)
	}
	p.fill(strings.TrimLeft(parts[2], "0"), strings.TrimLeft(parts[1], "0"), parts[0])
}

// fill sets the day, month and year fields as typed.
func (p uiPage) fill(day, month, year string) {
	p.t.Helper()
	pageEval[chromedp.Void](p, `(() => { const v = `+quoteJS(day)+`, m = `+quoteJS(month)+`, y = `+quoteJS(year)+`;
		document.getElementById("calculator-day").value = v;
		document.getElementById("calculator-month").value = m;
		document.getElementById("calculator-year").value = y; })()`)
}

// TestCalculatorErrors enters dates the calculator cannot read: each kind
// of mistake has its own message, marks the fields at fault and takes the
// focus to the first of them.
func TestCalculatorErrors(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	tests := []struct {
		lang, day, month, year string
		want                   string
		invalid                []string // the fields marked, in page order
	}{
		{"en", "", "", "", "Enter the date your application was accepted.", []string{"day", "month", "year"}},
		{"en", "1", "", "2026", "The date must include a month.", []string{"month"}},
		{"en", "", "9", "", "The date must include a day and year.", []string{"day", "year"}},
		{"zh", "", "9", "", "日期还缺少年和日。", []string{"year", "day"}},
		{"en", "30", "2", "2026", "Enter a real date, for example 1 9 2026.", []string{"day", "month", "year"}},
		{"en", "1", "13", "2026", "Enter a real date, for example 1 9 2026.", []string{"month"}},
		{"en", "1", "Sept", "2026", "Enter a real date, for example 1 9 2026.", []string{"month"}},
		{"en", "1", "9", "26", "Enter the year as 4 numbers, for example 2026.", []string{"year"}},
		{"en", "1", "1", "2029", "This calculator works for acceptance dates from Wednesday 1 January 2025 to Sunday 31 December 2028.", []string{"day", "month", "year"}},
		{"zh", "31", "12", "2024", "本计算器只能推算2025年1月1日星期三至2028年12月31日星期日之间的受理日期。", []string{"year", "month", "day"}},
	}
	for _, tt := range tests {
		p.open("/"+tt.lang+"/timeline/", "#calculator-day")
		p.fill(tt.day, tt.month, tt.year)
		p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
		p.until(`!document.querySelector(".calculator-error").hidden`)
		what := fmt.Sprintf("%s %q/%q/%q", tt.lang, tt.day, tt.month, tt.year)
		if got := strings.ReplaceAll(p.text(".calculator-error"), ",", ""); !strings.Contains(got, strings.ReplaceAll(tt.want, ",", "")) {
			t.Errorf("%s: error %q, want %q", what, got, tt.want)
		}
		if got := pageEval[[]string](p, `[...document.querySelectorAll(".calculator-date input[aria-invalid=true]")].map(i => i.name)`); !equal(got, tt.invalid) {
			t.Errorf("%s: fields marked %v, want %v", what, got, tt.invalid)
		}
		if got := pageEval[string](p, `document.activeElement.id`); got != "calculator-"+tt.invalid[0] {
			t.Errorf("%s: focus on %q, want the %s field", what, got, tt.invalid[0])
		}
		if got := pageEval[string](p, `document.querySelector(".calculator-field").getAttribute("aria-describedby")`); got != "calculator-hint calculator-error" {
			t.Errorf("%s: the fields are described by %q, not the error", what, got)
		}
		if !pageEval[bool](p, `document.querySelector(".calculator-result").hidden`) {
			t.Errorf("%s: a result is shown with the error", what)
		}
	}
	p.axe("calculator error")
	// A shared link with a bad date shows the error, without taking the focus.
	p.open("/en/timeline/?accepted=2026-02-30", ".calculator-error:not([hidden])")
	if got := p.text(".calculator-error"); !strings.Contains(got, "Enter a real date") {
		t.Errorf("bad date in the URL: %q", got)
	}
	if got := pageEval[string](p, `document.activeElement.tagName`); got != "BODY" {
		t.Errorf("a bad date in the URL takes the focus to %s", got)
	}
}

// TestCalculatorDateFields types dates as a reader would: three text
// fields in the order of the language, a hint whose example is read as
// the date it shows, and a whole date typed into one field read as well.
// A year without holiday data gets the weekends-only estimate, labelled
// above the date with what it cannot know and where an editor adds the year.
func TestCalculatorDateFields(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	for _, lang := range []string{"en", "zh"} {
		p.open("/"+lang+"/timeline/", "#calculator-day")
		order := pageEval[[]string](p, `[...document.querySelectorAll(".calculator-date input")].map(i => i.type + ":" + i.inputMode + ":" + i.labels[0].textContent.trim())`)
		want := map[string][]string{"en": {"text:numeric:Day", "text:numeric:Month", "text:numeric:Year"}, "zh": {"text:numeric:年", "text:numeric:月", "text:numeric:日"}}[lang]
		if !equal(order, want) {
			t.Errorf("%s: fields %v, want %v", lang, order, want)
		}
		if got := pageEval[string](p, `document.querySelector("legend.calculator-label").textContent.trim()`); got == "" {
			t.Errorf("%s: the date fields have no legend", lang)
		}
		// The hint's example, typed field by field in the page's order, is 1 September 2026.
		hint := p.text("#calculator-hint")
		m := regexp.MustCompile(`(\d+)\D+(\d+)\D+(\d+)`).FindStringSubmatch(hint[strings.LastIndexAny(hint, ":：,，")+1:])
		if m == nil {
			t.Fatalf("%s: the hint %q has no example", lang, hint)
		}
		inputs := pageEval[[]string](p, `[...document.querySelectorAll(".calculator-date input")].map(i => "#" + i.id)`)
		for i, sel := range inputs {
			p.do(chromedp.SendKeys(chromedp.CSS(sel), m[i+1]))
		}
		p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
		p.until(`!document.querySelector(".calculator-result").hidden`)
		if got := p.query(); got != "?accepted=2026-09-01" {
			t.Errorf("%s: the hint's example %q is read as %s", lang, m[0], got)
		}
	}

	// A whole date in one field.
	p.open("/en/timeline/", "#calculator-day")
	p.fill("", "", "2026年9月1日")
	p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
	p.until(`location.search === "?accepted=2026-09-01"`)
	if got := pageEval[string](p, `["day", "month", "year"].map(n => document.getElementById("calculator-" + n).value).join(" ")`); got != "1 9 2026" {
		t.Errorf("a whole date in the year field fills the fields as %q", got)
	}

	// 2027 has no holiday data: an estimate all the same, labelled.
	for _, lang := range []string{"en", "zh"} {
		p.open("/"+lang+"/timeline/", "#calculator-day")
		p.enterDate("2027-03-01")
		p.do(chromedp.Click(chromedp.CSS(".calculator-submit")))
		p.until(`!document.querySelector(".calculator-result").hidden`)
		if got := pageEval[string](p, `document.querySelector('[data-slot="end"] time').dateTime`); got != "2027-05-10" {
			t.Errorf("%s: weekends-only estimate %s, want 2027-05-10", lang, got)
		}
		warn := p.text(`[data-slot="missing"]`)
		wants := map[string][]string{
			"en": {"Rough estimate", "2027", "weekends only", "Spring Festival", "National Day", "Mid-Autumn Festival", "make-up working days", "a week or more", "content/holidays/2027.yaml"},
			"zh": {"粗略估算", "2027", "周末", "春节", "国庆节", "中秋节", "调休上班日", "一周以上", "content/holidays/2027.yaml"},
		}[lang]
		for _, w := range wants {
			if !strings.Contains(warn, w) {
				t.Errorf("%s: the warning %q does not say %q", lang, warn, w)
			}
		}
		// The holidays named are those of the last year with data (2026),
		// each once; 2025 joined two of them into one.
		if n := strings.Count(warn, map[string]string{"en": "Mid-Autumn", "zh": "中秋"}[lang]); n != 1 {
			t.Errorf("%s: the warning names Mid-Autumn %d times: %q", lang, n, warn)
		}
		if !pageEval[bool](p, `!!(document.querySelector('[data-slot="missing"]').compareDocumentPosition(document.querySelector('[data-slot="end"]')) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
			t.Errorf("%s: the warning is not above the date", lang)
		}
		p.axe(lang + " estimate without holiday data")
	}
}

// TestCalculatorLinks: the page opens with a link to the calculator, and a
// shared ?accepted= link opens at the result, the date in the fields.
func TestCalculatorLinks(t *testing.T) {
	b, base := uiFixture(t)
	p := newPage(t, b, base)
	for _, lang := range []string{"en", "zh"} {
		p.open("/"+lang+"/timeline/", "#calculator-day")
		first := pageEval[string](p, `document.querySelector("article > h1").nextElementSibling.querySelector("a").getAttribute("href")`)
		if first != "#calculator" {
			t.Errorf("%s: the page opens with a link to %q, want #calculator", lang, first)
		}
		p.open("/"+lang+"/timeline/?accepted=2027-03-01", ".calculator-result:not([hidden])")
		p.until(`(() => { const r = document.getElementById("calculator-result-title").getBoundingClientRect(); return r.top > -2 && r.top < innerHeight / 2; })()`)
		if got := pageEval[string](p, `["day", "month", "year"].map(n => document.getElementById("calculator-" + n).value).join(" ")`); got != "1 3 2027" {
			t.Errorf("%s: the shared date fills the fields as %q", lang, got)
		}
	}
}

// TestCalculatorICS generates the calendar file and checks its text.
func TestCalculatorICS(t *testing.T) {
	b, base := uiSite(t)
	for _, lang := range []string{"en", "zh"} {
		p := newPage(t, b, base)
		p.open("/"+lang+"/timeline/?accepted=2026-09-01", ".calculator-result:not([hidden])")
		if got := pageEval[string](p, `document.querySelector(".calculator-ics").download`); got != "decision-2026-11-18.ics" {
			t.Errorf("%s: download name %q", lang, got)
		}
		ics, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`fetch(document.querySelector(".calculator-ics").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(ics, "\r\n") || strings.Contains(strings.ReplaceAll(ics, "\r\n", ""), "\n") {
			t.Errorf("%s: lines must end in CRLF:\n%q", lang, ics)
		}
		props := map[string]string{}
		var order []string
		raw := strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n")
		for i, line := range raw {
			if len(line) > 75 {
				t.Errorf("%s: line %d is %d octets, longer than 75", lang, i+1, len(line))
			}
			if !utf8.ValidString(line) {
				t.Errorf("%s: line %d splits a character", lang, i+1)
			}
		}
		sc := bufio.NewScanner(strings.NewReader(strings.ReplaceAll(ics, "\r\n ", ""))) // unfold
		for sc.Scan() {
			line := strings.TrimSuffix(sc.Text(), "\r")
			name, value, _ := strings.Cut(line, ":")
			props[name] = value
			order = append(order, line)
		}
		wantOrder := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261118", "DTEND;VALUE=DATE:20261119", "END:VEVENT", "END:VCALENDAR"}
		i := 0
		for _, l := range order {
			if i < len(wantOrder) && l == wantOrder[i] {
				i++
			}
		}
		if i != len(wantOrder) {
			t.Errorf("%s: the file lacks %q (in this order):\n%s", lang, wantOrder[i], ics)
		}
		if !regexp.MustCompile(`^\d{8}T\d{6}Z$`).MatchString(props["DTSTAMP"]) {
			t.Errorf("%s: DTSTAMP %q", lang, props["DTSTAMP"])
		}
		if !strings.HasPrefix(props["UID"], "decision-20260901-20261118@") || props["PRODID"] == "" {
			t.Errorf("%s: UID %q, PRODID %q", lang, props["UID"], props["PRODID"])
		}
		summary := props["SUMMARY;LANGUAGE="+map[string]string{"en": "en", "zh": "zh-Hans"}[lang]]
		desc := props["DESCRIPTION;LANGUAGE="+map[string]string{"en": "en", "zh": "zh-Hans"}[lang]]
		if summary == "" || !strings.Contains(desc, map[string]string{"en": "16 November 2026", "zh": "2026年11月16日"}[lang]) {
			t.Errorf("%s: summary %q, description %q", lang, summary, desc)
		}
		if os.Getenv("SHOW_ICS") != "" {
			t.Logf("%s:\n%s", lang, ics)
		}
	}
}

func sorted(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] < s[i-1] {
			return false
		}
	}
	return true
}

func mustDate(t *testing.T, s string) workdays.Date {
	t.Helper()
	d, err := workdays.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// repoCalendar loads the repository's holiday files.
func repoCalendar(t *testing.T) *workdays.Calendar {
	t.Helper()
	files, err := filepath.Glob("../../content/holidays/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no holiday files: %v", err)
	}
	var years []*workdays.Year
	for _, f := range files {
		file := strings.TrimPrefix(filepath.ToSlash(f), "../../")
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		yr, err := workdays.Parse(file, src, []string{"zh", "en"})
		if err != nil {
			t.Fatal(err)
		}
		years = append(years, yr)
	}
	cal, err := workdays.New(years...)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// TestTimelineWithoutJavaScript: the page explains how to count, and shows no
// calculator that cannot work.
func TestTimelineWithoutJavaScript(t *testing.T) {
	b, base := uiSite(t)
	p := uiPage{t: t, b: b, ctx: b.Incognito(t), base: base}
	if _, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "zh"} {
		p.do(chromedp.Navigate(base + "/" + lang + "/timeline/"))
		if pageEval[bool](p, `!!document.querySelector("#calculator-day")`) {
			t.Errorf("%s: the calculator form is there without JavaScript", lang)
		}
		if got := p.text("main"); !strings.Contains(got, map[string]string{"en": "Wednesday 18 November 2026", "zh": "2026年11月18日（星期三）"}[lang]) {
			t.Errorf("%s: the worked example is not readable", lang)
		}
	}
}
