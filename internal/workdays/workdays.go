// Package workdays counts working days in mainland China, for the timeline
// calculator: when a decision is due 50 working days after an application is
// accepted (受理), and when the general time limit of about six months ends.
// The rules live here and only here: the site embeds a Table computed by this
// package, and the page's script only looks dates up in it, so the tests of
// this package and the browser cannot disagree.
//
// # Holiday data
//
// Each year's statutory holidays and make-up working days come from the State
// Council General Office notice for that year (published around November of
// the year before). An editor adds one file per year, content/holidays/<year>.yaml:
//
//	year: 2025
//	notice: 国务院办公厅关于2025年部分节假日安排的通知   # required: where the dates come from
//	number: 国办发明电〔2024〕12号                     # optional: its document number
//	published: 2024-11-12                           # required: the notice's date
//	url: https://www.gov.cn/                        # optional: where it is published
//	holidays:                                       # days off (放假), required
//	  - {name: {zh: 元旦, en: New Year's Day}, from: 2025-01-01}
//	  - {name: {zh: 春节, en: Spring Festival}, from: 2025-01-28, to: 2025-02-04}
//	makeUpDays:                                     # weekend days declared working days (调休上班日)
//	  - 2025-01-26
//
// "to" may be left out for a single day. Every holiday needs a name in every
// language of the site. A file whose name is not its year, an unknown key, a
// date that is not a real date or not in (or within a month of) the file's
// year, a holiday that ends before it starts or lasts more than two weeks, a
// day listed twice, a make-up working day that is not a Saturday or Sunday
// or that is also a holiday: each is an error naming the file and line.
//
// # Counting
//
//   - Counting starts on the day after acceptance. That day is day 1 if it is a
//     working day; otherwise day 1 is the next working day. So an application
//     accepted on a Saturday or a holiday counts from the next working day.
//   - Working days are Monday to Friday, less the statutory holidays.
//   - Whether make-up working days count is not confirmed, so every count is
//     made twice: without them (the later, safer date) and with them.
//   - A day in a year without a data file is counted as if that year had no
//     holidays, and the result names that year in Missing: the reader must be
//     told that the estimate ignores its holidays (Spring Festival alone moves
//     a date by a week or more).
//   - The general limit of about six months is six calendar months after the
//     acceptance date: the same day of the month, or the month's last day when
//     the month is shorter (31 August → 28 February). It is an approximation
//     and is labelled "about".
//
// Time the office spends waiting for more documents or investigating may not
// count; every result is an estimate.
package workdays

import (
	"cmp"
	"slices"

	"guide/internal/diag"
)

// FastTrackDays is the Zhongguancun fast track's limit in working days.
const FastTrackDays = 50

// GeneralMonths is the general time limit in calendar months ("about 180 days").
const GeneralMonths = 6

// Calendar holds the holiday data of several years.
type Calendar struct {
	years  map[int]*Year
	off    map[Date]bool
	makeUp map[Date]bool
}

// New combines years into a calendar. A date that two files declare
// differently (a neighbouring year's notice reaching across New Year) is an
// error, as is a year given twice.
func New(years ...*Year) (*Calendar, error) {
	c := &Calendar{years: map[int]*Year{}, off: map[Date]bool{}, makeUp: map[Date]bool{}}
	var l diag.List
	type decl struct {
		file   string
		line   int
		makeUp bool
	}
	seen := map[Date]decl{}
	add := func(y *Year, d Date, line int, makeUp bool) {
		if prev, ok := seen[d]; ok && prev.file != y.File {
			if prev.makeUp != makeUp {
				l.Addf(y.File, line, "%s is a %s here but a %s in %s:%d", d, kind(makeUp), kind(prev.makeUp), prev.file, prev.line)
			}
			return
		}
		seen[d] = decl{y.File, line, makeUp}
		if makeUp {
			c.makeUp[d] = true
		} else {
			c.off[d] = true
		}
	}
	for _, y := range years {
		if prev, dup := c.years[y.Year]; dup {
			l.Addf(y.File, 0, "holidays of %d are already given in %s", y.Year, prev.File)
			continue
		}
		c.years[y.Year] = y
		for _, h := range y.Holidays {
			for d := h.From; d <= h.To; d++ {
				add(y, d, h.Line, false)
			}
		}
		for _, m := range y.MakeUp {
			add(y, m.Date, m.Line, true)
		}
	}
	return c, l.Err()
}

func kind(makeUp bool) string {
	if makeUp {
		return "make-up working day"
	}
	return "holiday"
}

// Years returns the years that have data, in order.
func (c *Calendar) Years() []*Year {
	ys := make([]*Year, 0, len(c.years))
	for _, y := range c.years {
		ys = append(ys, y)
	}
	slices.SortFunc(ys, func(a, b *Year) int { return cmp.Compare(a.Year, b.Year) })
	return ys
}

// HasYear reports whether the calendar has data for year y.
func (c *Calendar) HasYear(y int) bool { return c.years[y] != nil }

// Holiday reports whether d is a statutory day off.
func (c *Calendar) Holiday(d Date) bool { return c.off[d] }

// MakeUp reports whether d is a make-up working day.
func (c *Calendar) MakeUp(d Date) bool { return c.makeUp[d] }

// Working reports whether d is a working day; makeUp says whether make-up
// working days count as working days.
func (c *Calendar) Working(d Date, makeUp bool) bool {
	if c.off[d] {
		return false
	}
	if d.Weekend() {
		return makeUp && c.makeUp[d]
	}
	return true
}

// Count is the result of counting working days.
type Count struct {
	Day1    Date  // the first working day counted
	End     Date  // the day the count reaches its number: the expected decision date
	Missing []int // years without data that the count runs through; their holidays are ignored
}

// Count counts n working days after accepted (n ≥ 1).
func (c *Calendar) Count(accepted Date, n int, makeUp bool) Count {
	var r Count
	d := accepted
	for k := 0; k < n; {
		d++
		if y := d.Year(); !c.HasYear(y) && !slices.Contains(r.Missing, y) {
			r.Missing = append(r.Missing, y)
		}
		if c.Working(d, makeUp) {
			k++
			if k == 1 {
				r.Day1 = d
			}
		}
	}
	r.End = d
	return r
}

// Estimate is everything the calculator shows for one acceptance date.
type Estimate struct {
	Accepted  Date
	Without   Count // 50 working days, make-up working days not counted (the later date)
	With      Count // 50 working days, make-up working days counted
	SixMonths Date  // the general limit, about six months
}

// Estimate computes the calculator's dates for an acceptance date.
func (c *Calendar) Estimate(accepted Date) Estimate {
	return Estimate{
		Accepted:  accepted,
		Without:   c.Count(accepted, FastTrackDays, false),
		With:      c.Count(accepted, FastTrackDays, true),
		SixMonths: accepted.AddMonths(GeneralMonths),
	}
}

// YearsAhead is how many years after the last year with data the table
// still covers. Their estimates count weekends only and say so (see Count's
// Missing): a reader whose application is accepted before the next notice is
// published still gets an answer.
const YearsAhead = 2

// Range is the acceptance dates the table covers: 1 January of the first year
// with data to 31 December of YearsAhead years after the last. ok is false
// without data.
func (c *Calendar) Range() (first, last Date, ok bool) {
	ys := c.Years()
	if len(ys) == 0 {
		return 0, 0, false
	}
	return DateOf(ys[0].Year, 1, 1), DateOf(ys[len(ys)-1].Year+YearsAhead, 12, 31), true
}

// NoticeMonth is the month in which the State Council General Office usually
// publishes the next year's holiday notice (November).
const NoticeMonth = 11

// Overdue lists the years whose holiday data an editor should have added by
// today: every year without data from the first year with data up to today's
// year, and the next year once its notice month has come. Years before the
// first with data are not asked for. Nothing without any data.
func (c *Calendar) Overdue(today Date) []int {
	ys := c.Years()
	if len(ys) == 0 {
		return nil
	}
	t := today.Time()
	last := t.Year()
	if t.Month() >= NoticeMonth {
		last++
	}
	var out []int
	for year := ys[0].Year; year <= last; year++ {
		if !c.HasYear(year) {
			out = append(out, year)
		}
	}
	return out
}
