package calculator_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"guide/internal/calculator"
	"guide/internal/site"
	"guide/internal/site/sitetest"
)

var opts = site.Options{Features: []site.Feature{calculator.Feature()}}

const holidays2026 = `-- content/holidays/2026.yaml --
year: 2026
notice: 国务院办公厅关于2026年部分节假日安排的通知
published: 2025-11-04
holidays:
  - {name: {zh: 国庆节, en: National Day}, from: 2026-10-01, to: 2026-10-07}
makeUpDays:
  - 2026-10-10
`

const timelinePage = `-- content/timeline.en.md --
---
title: Timeline
layout: timeline
---
## Work out your dates {#calculator}
-- templates/timeline.html --
{{template "base" .}}{{define "main"}}{{.Content}}<script type="application/json" id="workdays-table">{{workdaysTable}}</script>{{end}}
`

func TestTimelineCalculator(t *testing.T) {
	out, res := sitetest.MustBuild(t, opts, holidays2026+timelinePage)
	sitetest.Contains(t, out, "en/timeline/index.html",
		`<script type="application/json" id="workdays-table">{"first":"2026-01-01","last":"2028-12-31","days":50,"months":6,`,
		`"holidays":[{"from":"2026-10-01","to":"2026-10-07","name":{"en":"National Day","zh":"国庆节"}}],"makeUp":["2026-10-10"]}`)
	// 1 September 2026: Day 1 the 2nd, day 50 on 17 November without the
	// make-up day, 16 November with it, six months on 1 March 2027.
	sitetest.Contains(t, out, "zh/timeline/index.html", `[1,1,77,76,181]`)
	for name := range out {
		if strings.Contains(name, "holidays") {
			t.Errorf("holiday data published as %s", name)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

func TestTimelineErrors(t *testing.T) {
	tests := []struct{ name, archive, want string }{
		{"bad date", strings.Replace(holidays2026, "to: 2026-10-07", "to: 2026-10-32", 1) + timelinePage,
			`content/holidays/2026.yaml:5: "2026-10-32" is not a date`},
		{"make-up weekday", strings.Replace(holidays2026, "- 2026-10-10", "- 2026-10-09", 1) + timelinePage,
			`content/holidays/2026.yaml:7: make-up working day 2026-10-09 is a Friday`},
		{"no calculator heading", holidays2026 + strings.Replace(timelinePage, "{#calculator}", "{#dates}", 1),
			`content/timeline.en.md:3: layout timeline: the page needs a heading with id "calculator"`},
		{"no data", timelinePage,
			`content/timeline.en.md:3: layout timeline: the calculator has no holiday data: add content/holidays/<year>.yaml files`},
		{"file name", strings.Replace(holidays2026, "2026.yaml", "holidays-2026.yaml", 1) + timelinePage,
			`content/holidays/holidays-2026.yaml: holiday data files are named after their year, like 2026.yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sitetest.Build(t, sitetest.FS(t, tt.archive), opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

func TestStrayDataFile(t *testing.T) {
	_, res := sitetest.MustBuild(t, opts, "-- content/notes.yaml --\na: 1\n")
	if got := res.Warnings.Err(); got == nil || !strings.Contains(got.Error(), "content/notes.yaml: data file not used") {
		t.Errorf("warnings: %v", got)
	}
}

func TestMissingHolidaysReport(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	y := func(year int) string {
		return fmt.Sprintf("content/holidays/%d.yaml", year)
	}
	tests := []struct {
		name, archive, now string
		want               []string
	}{
		{"no calculator, no data", "", "2026-11-27", nil},
		{"next year's notice not yet due", holidays2026 + timelinePage, "2026-10-31", nil},
		{"next year's notice due", holidays2026 + timelinePage, "2026-11-27", []string{y(2027)}},
		{"this year missing", holidays2026 + timelinePage, "2027-01-04", []string{y(2027)}},
		{"two years behind", holidays2026, "2028-03-01", []string{y(2027), y(2028)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			o.Now = day(tt.now)
			_, res, err := sitetest.Build(t, sitetest.FS(t, tt.archive), o)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Report.Due {
				got = append(got, d.File)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("report %+v, want %+v", res.Report.Due, tt.want)
			}
			// Missing holiday data is a warning: it fails only when strict.
			r := &site.Report{Due: res.Report.Due}
			if !r.Clean(false) || r.Clean(true) != (len(got) == 0) {
				t.Errorf("Clean(false) = %v, Clean(true) = %v with %d missing years", r.Clean(false), r.Clean(true), len(got))
			}
		})
	}
}
