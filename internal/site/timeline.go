package site

import (
	"io/fs"
	"path"
	"slices"
	"strconv"
	"time"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/workdays"
)

// HolidaysDir holds the holiday data of the timeline calculator, one file per
// year (see package workdays).
const HolidaysDir = content.Dir + "/holidays"

// TimelineLayout is the layout of a page with the timeline calculator.
const TimelineLayout = "timeline"

// calculatorID is the id of the heading the calculator goes under.
const calculatorID = "calculator"

// calculator is the timeline calculator's data, shared by every language.
type calculator struct {
	cal   *workdays.Calendar
	table workdays.Table
}

// loadCalculator reads the holiday files and computes the calculator's table.
func (b *builder) loadCalculator() error {
	var l diag.List
	var years []*workdays.Year
	for _, p := range b.content.Data {
		if path.Dir(p) != HolidaysDir {
			b.warns.Addf(p, 0, "data file not used: the build reads only %s/<year>.yaml; move the file out of %s/ or rename it", HolidaysDir, content.Dir)
			continue
		}
		src, err := fs.ReadFile(b.fsys, p)
		if err != nil {
			l.Addf(p, 0, "%v", unwrap(err))
			continue
		}
		y, err := workdays.Parse(p, src, b.cfg.langKeys())
		l.Add(err)
		if y != nil {
			years = append(years, y)
		}
	}
	cal, err := workdays.New(years...)
	l.Add(err)
	b.calc = &calculator{cal: cal, table: cal.Table()}
	return l.Err()
}

// WorkdaysTable is the timeline calculator's table, for the timeline layout
// to embed as JSON: the estimates for every acceptance date covered by
// content/holidays/ (see workdays.Table).
func (s *Site) WorkdaysTable() workdays.Table {
	if s.calc == nil {
		return (&workdays.Calendar{}).Table()
	}
	return s.calc.table
}

// checkCalculator checks a page with the timeline layout: it needs a heading
// with id "calculator" to put the calculator under, and holiday data.
func (b *builder) checkCalculator(key string) {
	for _, lang := range b.cfg.Languages {
		p := b.pages[key][lang.Key]
		if p.Untranslated || p.doc == nil || p.file.Meta.Layout != TimelineLayout {
			continue
		}
		if !slices.Contains(p.doc.IDs, calculatorID) {
			b.errs.Addf(p.file.Path, 0, "layout %s: the page needs a heading with id %q to put the calculator under, like \"## Work out your dates {#%s}\"", TimelineLayout, calculatorID, calculatorID)
		}
		if len(b.calc.table.Rows) == 0 {
			b.errs.Addf(p.file.Path, 0, "layout %s: the calculator has no holiday data: add %s/<year>.yaml files", TimelineLayout, HolidaysDir)
		}
	}
}

// MissingHolidays is a year whose holiday data an editor should add: it has
// begun, or its notice is due (from November of the year before). Until the
// file exists the calculator counts that year's weekends only and says so.
// It is a warning, never a failure by itself: the calendar moving on must not
// break a build.
type MissingHolidays struct {
	Year int    `json:"year"`
	File string `json:"file"` // the file to add
}

// missingHolidays lists the years without holiday data that are due by
// today (workdays.Calendar.Overdue). Nothing when the site has no holiday
// data.
func (b *builder) missingHolidays(today time.Time) []MissingHolidays {
	var out []MissingHolidays
	for _, y := range b.calc.cal.Overdue(workdays.FromTime(today)) {
		out = append(out, MissingHolidays{Year: y, File: HolidaysDir + "/" + strconv.Itoa(y) + ".yaml"})
	}
	return out
}
