package workdays

import (
	"os"
	"strings"
	"testing"
	"time"
)

var langs = []string{"zh", "en"}

// calendar loads the repository's real holiday files, 2025 and 2026.
func calendar(t *testing.T) *Calendar {
	t.Helper()
	var years []*Year
	for _, y := range []string{"2025", "2026"} {
		file := "content/holidays/" + y + ".yaml"
		src, err := os.ReadFile("../../" + file)
		if err != nil {
			t.Fatal(err)
		}
		yr, err := Parse(file, src, langs)
		if err != nil {
			t.Fatal(err)
		}
		years = append(years, yr)
	}
	c, err := New(years...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func date(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWorking(t *testing.T) {
	c := calendar(t)
	tests := []struct {
		date                string
		without, withMakeUp bool
	}{
		{"2026-09-01", true, true},   // an ordinary Tuesday
		{"2026-09-05", false, false}, // an ordinary Saturday
		{"2026-09-20", false, true},  // a make-up Sunday
		{"2026-09-25", false, false}, // Mid-Autumn, a Friday
		{"2026-10-01", false, false}, // National Day
		{"2026-10-07", false, false}, // last day of the National Day holiday, a Wednesday
		{"2026-10-08", true, true},
		{"2026-10-10", false, true}, // a make-up Saturday
		{"2025-10-08", false, false},
		{"2025-10-11", false, true},
		{"2025-01-01", false, false},
		{"2026-01-04", false, true},
		{"2027-02-10", true, true}, // no data for 2027: a plain Wednesday
	}
	for _, tt := range tests {
		d := date(t, tt.date)
		if got := c.Working(d, false); got != tt.without {
			t.Errorf("Working(%s, make-up days not counted) = %v, want %v", tt.date, got, tt.without)
		}
		if got := c.Working(d, true); got != tt.withMakeUp {
			t.Errorf("Working(%s, make-up days counted) = %v, want %v", tt.date, got, tt.withMakeUp)
		}
	}
}

func TestCount(t *testing.T) {
	c := calendar(t)
	tests := []struct {
		name     string
		accepted string
		// make-up days not counted, then counted
		day1, end, day1M, endM string
		missing                int // a year without data the count runs into, or 0
	}{
		// The worked example on the timeline pages: Mid-Autumn and National
		// Day on the way, make-up days 20 September and 10 October.
		{"worked example", "2026-09-01", "2026-09-02", "2026-11-18", "2026-09-02", "2026-11-16", 0},
		{"accepted on a Saturday", "2026-03-07", "2026-03-09", "2026-05-21", "2026-03-09", "2026-05-20", 0},
		{"before Spring Festival, next day a make-up Saturday", "2026-02-13", "2026-02-24", "2026-05-08", "2026-02-14", "2026-05-06", 0},
		{"accepted during a holiday", "2025-10-03", "2025-10-09", "2025-12-17", "2025-10-09", "2025-12-16", 0},
		{"make-up Sunday as day 1", "2025-09-26", "2025-09-29", "2025-12-15", "2025-09-28", "2025-12-11", 0},
		{"Spring Festival 2025", "2025-01-24", "2025-01-27", "2025-04-15", "2025-01-26", "2025-04-11", 0},
		{"2025 into 2026", "2025-12-01", "2025-12-02", "2026-02-11", "2025-12-02", "2026-02-10", 0},
		{"New Year's Eve 2025", "2025-12-31", "2026-01-05", "2026-03-23", "2026-01-04", "2026-03-18", 0},
		{"2026 into 2027, no data", "2026-11-02", "2026-11-03", "2027-01-11", "2026-11-03", "2027-01-11", 2027},
		{"New Year's Eve 2026", "2026-12-31", "2027-01-01", "2027-03-11", "2027-01-01", "2027-03-11", 2027},
		{"accepted in a year without data", "2027-03-01", "2027-03-02", "2027-05-10", "2027-03-02", "2027-05-10", 2027},
		{"accepted before the data, counted inside it", "2024-12-31", "2025-01-02", "2025-03-20", "2025-01-02", "2025-03-18", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := date(t, tt.accepted)
			check := func(label string, got Count, day1, end string) {
				t.Helper()
				if got.Day1.String() != day1 || got.End.String() != end {
					t.Errorf("%s: day 1 %s, day 50 %s; want %s, %s", label, got.Day1, got.End, day1, end)
				}
				var want []int
				if tt.missing != 0 {
					want = []int{tt.missing}
				}
				if !equal(got.Missing, want) {
					t.Errorf("%s: missing years %v, want %v", label, got.Missing, want)
				}
			}
			check("make-up days not counted", c.Count(acc, FastTrackDays, false), tt.day1, tt.end)
			check("make-up days counted", c.Count(acc, FastTrackDays, true), tt.day1M, tt.endM)
		})
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWorkedExampleWeekdays(t *testing.T) {
	// The pages name the weekdays: Tuesday 1 September, Wednesday 18 and
	// Monday 16 November 2026.
	for s, want := range map[string]time.Weekday{"2026-09-01": time.Tuesday, "2026-11-18": time.Wednesday, "2026-11-16": time.Monday} {
		if got := date(t, s).Weekday(); got != want {
			t.Errorf("%s is a %s, not a %s", s, got, want)
		}
	}
}

func TestDate(t *testing.T) {
	for _, s := range []string{"1969-12-31", "1970-01-01", "2000-02-29", "2026-09-01", "2100-03-01"} {
		d := date(t, s)
		if d.String() != s || d+1 != date(t, d.Time().AddDate(0, 0, 1).Format(time.DateOnly)) {
			t.Errorf("date %s round-trips as %s", s, d)
		}
	}
	if d := DateOf(2026, 4, 31); d.String() != "2026-05-01" {
		t.Errorf("DateOf(2026, 4, 31) = %s, want 2026-05-01", d)
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct{ from, want string }{
		{"2026-09-01", "2027-03-01"}, // the worked example: "around early March 2027"
		{"2025-08-31", "2026-02-28"},
		{"2027-08-31", "2028-02-29"},
		{"2026-03-31", "2026-09-30"},
		{"2026-07-15", "2027-01-15"},
		{"2026-12-31", "2027-06-30"},
	}
	for _, tt := range tests {
		if got := date(t, tt.from).AddMonths(GeneralMonths).String(); got != tt.want {
			t.Errorf("%s + 6 months = %s, want %s", tt.from, got, tt.want)
		}
	}
}

func TestTable(t *testing.T) {
	c := calendar(t)
	tab := c.Table()
	// Two years of data, and two more years of weekends-only estimates.
	if tab.First != "2025-01-01" || tab.Last != "2028-12-31" || len(tab.Rows) != 1461 {
		t.Fatalf("table covers %s to %s in %d rows, want 2025-01-01 to 2028-12-31 in 1461", tab.First, tab.Last, len(tab.Rows))
	}
	// 1 September 2026 is row 608 (365 days of 2025 + 243 of 2026).
	row := tab.Rows[int(date(t, "2026-09-01")-date(t, "2025-01-01"))]
	if want := []int{1, 1, 78, 76, 181}; !equal(row, want) {
		t.Errorf("row of 2026-09-01 = %v, want %v", row, want)
	}
	row = tab.Rows[int(date(t, "2026-12-31")-date(t, "2025-01-01"))]
	if want := []int{1, 1, 70, 70, 181, 2027}; !equal(row, want) {
		t.Errorf("row of 2026-12-31 = %v, want %v", row, want)
	}
	// A year without data: weekends only, and the row names the year. 50
	// weekdays after Friday 1 January 2027 end on Friday 12 March 2027.
	row = tab.Rows[int(date(t, "2027-01-01")-date(t, "2025-01-01"))]
	if want := []int{3, 3, 70, 70, 181, 2027}; !equal(row, want) {
		t.Errorf("row of 2027-01-01 = %v, want %v", row, want)
	}
	row = tab.Rows[len(tab.Rows)-1]
	if want := []int{1, 1, 68, 68, 181, 2029}; !equal(row, want) {
		t.Errorf("row of 2028-12-31 = %v, want %v", row, want)
	}
	for i, r := range tab.Rows {
		acc := date(t, tab.First) + Date(i)
		e := c.Estimate(acc)
		if Date(r[2])+acc != e.Without.End || Date(r[3])+acc != e.With.End || r[3] > r[2] {
			t.Errorf("row %s = %v disagrees with Estimate %+v", acc, r, e)
		}
	}
	if len(tab.Holidays) != 13 || len(tab.MakeUp) != 11 {
		t.Errorf("table has %d holidays and %d make-up days, want 13 and 11", len(tab.Holidays), len(tab.MakeUp))
	}
	if (&Calendar{}).Table().Rows == nil {
		t.Error("an empty calendar's table must have an empty, not null, row list")
	}
}

// TestOverdue: the years an editor should have added by a given day, for
// any day (no test reads the clock).
func TestOverdue(t *testing.T) {
	c := calendar(t) // 2025 and 2026
	y2025, y2027 := c.years[2025], &Year{Year: 2027, File: "content/holidays/2027.yaml"}
	gap, err := New(y2025, y2027)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cal   *Calendar
		today string
		want  []int
	}{
		{c, "2026-10-31", nil},
		{c, "2026-11-01", []int{2027}}, // the 2027 notice is due in November
		{c, "2027-01-02", []int{2027}},
		{c, "2027-06-01", []int{2027}},
		{c, "2027-11-15", []int{2027, 2028}},
		{c, "2030-01-01", []int{2027, 2028, 2029, 2030}},
		{c, "2024-06-01", nil}, // before the data: nothing is asked for
		{gap, "2027-03-01", []int{2026}},
		{&Calendar{}, "2027-03-01", nil},
	}
	for _, tt := range tests {
		if got := tt.cal.Overdue(date(t, tt.today)); !equal(got, tt.want) {
			t.Errorf("Overdue(%s) = %v, want %v", tt.today, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const head = "year: 2026\nnotice: 通知\npublished: 2025-11-04\n"
	tests := []struct {
		name, file, src string
		want            []string
	}{
		{"file name", "content/holidays/h2026.yaml", head, []string{"content/holidays/h2026.yaml: holiday data files are named after their year"}},
		{"year mismatch", "content/holidays/2027.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2027-01-01}\n",
			[]string{"content/holidays/2027.yaml:1: year: 2026 does not match the file name 2027.yaml"}},
		{"not a date", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2026-02-30}\n",
			[]string{`content/holidays/2026.yaml:5: "2026-02-30" is not a date`}},
		{"no notice", "content/holidays/2026.yaml", "year: 2026\npublished: 2025-11-04\nholidays:\n  - {name: {zh: a, en: a}, from: 2026-01-01}\n",
			[]string{"content/holidays/2026.yaml:1: notice: name the State Council General Office notice"}},
		{"no holidays", "content/holidays/2026.yaml", head, []string{"content/holidays/2026.yaml:1: holidays: list the days off of 2026"}},
		{"unknown key", "content/holidays/2026.yaml", head + "holiday:\n  - {name: {zh: a, en: a}, from: 2026-01-01}\nholidays:\n  - {name: {zh: a, en: a}, from: 2026-01-01}\n",
			[]string{"content/holidays/2026.yaml:4: holiday: unknown key; did you mean holidays?"}},
		{"ends before it starts", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2026-01-01}\n  - {name: {zh: b, en: b}, from: 2026-10-07, to: 2026-10-01}\n",
			[]string{"content/holidays/2026.yaml:6: holiday from 2026-10-07 to 2026-10-01 ends before it starts"}},
		{"unknown key in a holiday", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2026-01-01, too: 2026-01-02}\n",
			[]string{"content/holidays/2026.yaml:5: too: unknown key; did you mean to?"}},
		{"unknown key brought in by an alias", "content/holidays/2026.yaml", head + "holidays:\n  - &new-year {name: {zh: a, en: a}, from: 2026-01-01, untill: 2026-01-02}\n  - <<: *new-year\n    from: 2026-02-01\n",
			[]string{"content/holidays/2026.yaml:5: untill: unknown key (the keys are from, name, to)"}},
		{"too long", "content/holidays/2026.yaml", head + "holidays:\n  - name: {zh: b, en: b}\n    from: 2026-10-01\n    to: 2026-11-07\n",
			[]string{"content/holidays/2026.yaml:6: holiday from 2026-10-01 to 2026-11-07 is 38 days long"}},
		{"other year", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2025-05-01}\n",
			[]string{"content/holidays/2026.yaml:5: holiday from 2025-05-01 is not in 2026"}},
		{"missing name", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: 元旦}, from: 2026-01-01}\n",
			[]string{`content/holidays/2026.yaml:5: holiday from 2026-01-01 has no name in "en"`}},
		{"overlap", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2026-10-01, to: 2026-10-07}\n  - {name: {zh: b, en: b}, from: 2026-10-07}\n",
			[]string{"content/holidays/2026.yaml:6: 2026-10-07 is already a holiday on line 5"}},
		{"make-up weekday", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2026-01-01}\nmakeUpDays:\n  - 2026-01-04\n  - 2026-01-05\n",
			[]string{"content/holidays/2026.yaml:8: make-up working day 2026-01-05 is a Monday"}},
		{"make-up holiday", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2026-10-01, to: 2026-10-07}\nmakeUpDays:\n  - 2026-10-03 # Saturday\n",
			[]string{"content/holidays/2026.yaml:7: 2026-10-03 is both a holiday (line 5) and a make-up working day"}},
		{"make-up twice", "content/holidays/2026.yaml", head + "holidays:\n  - {name: {zh: a, en: a}, from: 2026-10-01}\nmakeUpDays:\n  - 2026-10-10\n  - 2026-10-10\n",
			[]string{"content/holidays/2026.yaml:8: make-up working day 2026-10-10 is listed twice (first on line 7)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.src), langs)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestNewConflicts(t *testing.T) {
	a, err := Parse("content/holidays/2026.yaml", []byte("year: 2026\nnotice: n\npublished: 2025-11-04\nholidays:\n  - {name: {zh: a, en: a}, from: 2026-12-31}\n"), langs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("content/holidays/2027.yaml", []byte("year: 2027\nnotice: n\npublished: 2026-11-04\nholidays:\n  - {name: {zh: a, en: a}, from: 2027-01-01}\nmakeUpDays:\n  - 2026-12-26\n"), langs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(a, b); err != nil {
		t.Errorf("agreeing files: %v", err)
	}
	c, err := Parse("content/holidays/2027.yaml", []byte("year: 2027\nnotice: n\npublished: 2026-11-04\nholidays:\n  - {name: {zh: a, en: a}, from: 2026-12-31, to: 2027-01-01}\n"), langs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(c, a); err != nil {
		t.Errorf("two files agreeing on a holiday: %v", err)
	}
	d, err := Parse("content/holidays/2027.yaml", []byte("year: 2027\nnotice: n\npublished: 2026-11-04\nholidays:\n  - {name: {zh: a, en: a}, from: 2027-01-01}\nmakeUpDays:\n  - 2026-12-27\n"), langs)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Parse("content/holidays/2026.yaml", []byte("year: 2026\nnotice: n\npublished: 2025-11-04\nholidays:\n  - {name: {zh: a, en: a}, from: 2026-12-27}\n"), langs)
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(e, d)
	if err == nil || !strings.Contains(err.Error(), "content/holidays/2027.yaml:7: 2026-12-27 is a make-up working day here but a holiday in content/holidays/2026.yaml:5") {
		t.Errorf("conflict: %v", err)
	}
}
