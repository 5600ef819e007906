package workdays

import (
	"slices"
	"strings"
)

// Table is what the calculator page embeds (as JSON): the estimates for every
// acceptance date in the calendar's Range, and the holidays to show on the
// timeline. The page's script looks dates up; it computes nothing.
//
// Rows[i] is the acceptance date First+i, as offsets in days from it:
//
//	[day1 without make-up days, day1 with, day 50 without, day 50 with, six months, missing years…]
//
// where "missing years" are zero or more years without data that the count
// runs into (see Count.Missing).
type Table struct {
	First    string         `json:"first"` // first acceptance date, 2006-01-02
	Last     string         `json:"last"`  // last acceptance date
	Days     int            `json:"days"`  // FastTrackDays
	Months   int            `json:"months"`
	Years    []TableYear    `json:"years"`
	Rows     [][]int        `json:"rows"`
	Holidays []TableHoliday `json:"holidays"`
	MakeUp   []string       `json:"makeUp"`
}

// TableYear is a year with data and its source.
type TableYear struct {
	Year      int    `json:"year"`
	Notice    string `json:"notice"`
	Published string `json:"published"`
}

// TableHoliday is a run of days off.
type TableHoliday struct {
	From string            `json:"from"`
	To   string            `json:"to"`
	Name map[string]string `json:"name"`
}

// Table computes the table for Range. It is empty (no rows) without data.
func (c *Calendar) Table() Table {
	t := Table{Days: FastTrackDays, Months: GeneralMonths, Years: []TableYear{}, Rows: [][]int{}, Holidays: []TableHoliday{}, MakeUp: []string{}}
	first, last, ok := c.Range()
	if !ok {
		return t
	}
	t.First, t.Last = first.String(), last.String()
	for _, y := range c.Years() {
		t.Years = append(t.Years, TableYear{Year: y.Year, Notice: y.Notice, Published: y.Published.String()})
		for _, h := range y.Holidays {
			t.Holidays = append(t.Holidays, TableHoliday{From: h.From.String(), To: h.To.String(), Name: h.Name})
		}
		for _, m := range y.MakeUp {
			t.MakeUp = append(t.MakeUp, m.Date.String())
		}
	}
	slices.SortFunc(t.Holidays, func(a, b TableHoliday) int { return strings.Compare(a.From, b.From) })
	slices.Sort(t.MakeUp)
	for d := first; d <= last; d++ {
		e := c.Estimate(d)
		row := []int{int(e.Without.Day1 - d), int(e.With.Day1 - d), int(e.Without.End - d), int(e.With.End - d), int(e.SixMonths - d)}
		row = append(row, e.Without.Missing...)
		t.Rows = append(t.Rows, row)
	}
	return t
}
