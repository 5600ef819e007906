package workdays

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"guide/internal/data"
	"guide/internal/diag"
)

// Year is one year's holiday arrangement, as one data file gives it.
type Year struct {
	Year      int
	File      string      // path from the site root: content/holidays/2026.yaml
	Notice    string      // title of the State Council General Office notice
	Number    string      // its document number (文号), when known
	Published Date        // the notice's date
	URL       string      // where it is published
	Holidays  []Holiday   // in file order
	MakeUp    []MakeUpDay // make-up working days (调休上班日), in file order
}

// MakeUpDay is a weekend day declared a working day.
type MakeUpDay struct {
	Date Date
	Line int
}

// Holiday is a run of days off.
type Holiday struct {
	Name     map[string]string // language key → name: {zh: 春节, en: Spring Festival}
	From, To Date              // inclusive; To == From for one day
	Line     int
}

type yearFile struct {
	Year       int           `yaml:"year"`
	Notice     string        `yaml:"notice"`
	Number     string        `yaml:"number"`
	Published  data.Date     `yaml:"published"`
	URL        string        `yaml:"url"`
	Holidays   []holidayFile `yaml:"holidays"`
	MakeUpDays []data.Date   `yaml:"makeUpDays"`
}

type holidayFile struct {
	Name map[string]string `yaml:"name"`
	From data.Date         `yaml:"from"`
	To   data.Date         `yaml:"to"`
}

var fileNameRE = regexp.MustCompile(`^(\d{4})\.yaml$`)

// maxHoliday is the longest run of days off accepted; a longer one is almost
// certainly a typing mistake (2026-10-01 to 2026-11-07).
const maxHoliday = 14

// nearYear is how far into the neighbouring years a notice may reach: the
// arrangement around New Year sometimes moves a day at the end of December.
const nearYear = 31

// Parse reads one year file. file is its path from the site root; its base
// name must be the year ("2026.yaml"). langs are the site's language keys:
// every holiday needs a name in each. Every mistake is reported with its line.
func Parse(file string, src []byte, langs []string) (*Year, error) {
	m := fileNameRE.FindStringSubmatch(path.Base(file))
	if m == nil {
		return nil, diag.Errorf(file, 0, "holiday data files are named after their year, like 2026.yaml")
	}
	fileYear, _ := strconv.Atoi(m[1])
	doc, err := data.Parse(file, 1, src)
	if err != nil {
		return nil, err
	}
	var f yearFile
	if err := doc.Decode(&f); err != nil {
		return nil, err
	}
	var l diag.List
	y := &Year{Year: fileYear, File: file, Notice: strings.TrimSpace(f.Notice), Number: strings.TrimSpace(f.Number), URL: strings.TrimSpace(f.URL)}
	switch {
	case f.Year == 0:
		l.Addf(file, 1, "year: missing (write year: %d)", fileYear)
	case f.Year != fileYear:
		l.Add(doc.Errorf([]any{"year"}, "year: %d does not match the file name %s", f.Year, path.Base(file)))
	}
	if y.Notice == "" {
		l.Add(doc.Errorf([]any{"notice"}, "notice: name the State Council General Office notice these dates come from"))
	}
	if f.Published.IsZero() {
		l.Add(doc.Errorf([]any{"published"}, "published: give the date of the notice, like 2025-11-04"))
	} else {
		y.Published = FromTime(f.Published.Time)
	}
	if len(f.Holidays) == 0 {
		l.Add(doc.Errorf([]any{"holidays"}, "holidays: list the days off of %d (name, from, to)", fileYear))
	}

	inRange := func(d Date) bool {
		lo, hi := DateOf(fileYear, 1, 1)-nearYear, DateOf(fileYear, 12, 31)+nearYear
		return d >= lo && d <= hi
	}
	off := map[Date]int{} // date → line that declares it off
	for i, h := range f.Holidays {
		line := doc.Line("holidays", i, "from")
		if h.From.IsZero() {
			l.Addf(file, line, "holidays: entry %d has no from date", i+1)
			continue
		}
		from := FromTime(h.From.Time)
		to := from
		if !h.To.IsZero() {
			to = FromTime(h.To.Time)
		}
		hol := Holiday{From: from, To: to, Line: line, Name: map[string]string{}}
		for _, k := range slices.Sorted(maps.Keys(h.Name)) {
			if !slices.Contains(langs, k) {
				l.Addf(file, line, "holiday name in %q: not a language of the site (%s)", k, strings.Join(langs, ", "))
			}
		}
		for _, lang := range langs {
			name := strings.TrimSpace(h.Name[lang])
			if name == "" {
				l.Addf(file, line, "holiday from %s has no name in %q (write name: {%s: …})", from, lang, strings.Join(langs, ": …, "))
			}
			hol.Name[lang] = name
		}
		switch {
		case !inRange(from):
			l.Addf(file, line, "holiday from %s is not in %d", from, fileYear)
		case !inRange(to):
			l.Addf(file, line, "holiday to %s is not in %d", to, fileYear)
		case to < from:
			l.Addf(file, line, "holiday from %s to %s ends before it starts", from, to)
		case to-from+1 > maxHoliday:
			l.Addf(file, line, "holiday from %s to %s is %d days long; the longest possible is %d (is a date mistyped?)", from, to, to-from+1, maxHoliday)
		default:
			for d := from; d <= to; d++ {
				if first, dup := off[d]; dup {
					l.Addf(file, line, "%s is already a holiday on line %d", d, first)
					continue
				}
				off[d] = line
			}
		}
		y.Holidays = append(y.Holidays, hol)
	}
	seen := map[Date]int{}
	for i, md := range f.MakeUpDays {
		d := FromTime(md.Time)
		line := doc.Line("makeUpDays", i)
		switch {
		case !inRange(d):
			l.Addf(file, line, "make-up working day %s is not in %d", d, fileYear)
		case !d.Weekend():
			l.Addf(file, line, "make-up working day %s is a %s: make-up working days are weekend days declared working days", d, d.Weekday())
		case off[d] != 0:
			l.Addf(file, line, "%s is both a holiday (line %d) and a make-up working day", d, off[d])
		case seen[d] != 0:
			l.Addf(file, line, "make-up working day %s is listed twice (first on line %d)", d, seen[d])
		}
		seen[d] = line
		y.MakeUp = append(y.MakeUp, MakeUpDay{Date: d, Line: line})
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return y, nil
}
