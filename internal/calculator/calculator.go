// Package calculator is the timeline calculator of a site: the feature that
// gives a page with "layout: timeline" the working-day table its script
// looks dates up in.
//
// Its data is content/holidays/<year>.yaml, one file per year (see package
// workdays for the format and the counting rules). It offers templates one
// function:
//
//	workdaysTable   the table of estimates for every acceptance date the
//	                data covers (workdays.Table), to embed as JSON
//
// and checks that every page with the timeline layout has a heading with id
// "calculator" to put the calculator under, and that there is holiday data.
// For years without data the calculator gives a weekends-only estimate and
// says so; guide check warns about such a year once it has begun or its
// notice is due (from November of the year before), naming the file to add.
package calculator

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"time"

	"guide/internal/diag"
	"guide/internal/site"
	"guide/internal/workdays"
)

// Layout is the layout of a page with the timeline calculator.
const Layout = "timeline"

// HeadingID is the id of the heading the calculator goes under.
const HeadingID = "calculator"

// Dir is the data directory under content/.
const Dir = "holidays"

// Feature returns the calculator feature.
func Feature() site.Feature {
	return site.Feature{Name: "calculator", Data: Dir, Load: load}
}

func load(files []site.DataFile, langs []site.Language) (*site.Loaded, error) {
	keys := make([]string, len(langs))
	for i, l := range langs {
		keys[i] = l.Key
	}
	var l diag.List
	var years []*workdays.Year
	for _, f := range files {
		y, err := workdays.Parse(f.Path, f.Data, keys)
		l.Add(err)
		if y != nil {
			years = append(years, y)
		}
	}
	cal, err := workdays.New(years...)
	l.Add(err)
	if err := l.Err(); err != nil {
		return nil, err
	}
	table := cal.Table()
	return &site.Loaded{
		Funcs: template.FuncMap{"workdaysTable": func() workdays.Table { return table }},
		Check: func(key string, pages []site.Translation) []*diag.Error {
			return check(pages, len(table.Rows) > 0)
		},
		Due: func(today time.Time) []site.Due { return due(cal, today) },
	}, nil
}

// check checks the pages with the timeline layout.
func check(pages []site.Translation, hasData bool) []*diag.Error {
	var out []*diag.Error
	for _, p := range pages {
		if p.File.Meta.Layout != Layout {
			continue
		}
		if !slices.Contains(p.Doc.IDs, HeadingID) {
			out = append(out, diag.Errorf(p.File.Path, p.File.Line("layout"), "layout %s: the page needs a heading with id %q to put the calculator under, like \"## Work out your dates {#%s}\"", Layout, HeadingID, HeadingID))
		}
		if !hasData {
			out = append(out, diag.Errorf(p.File.Path, p.File.Line("layout"), "layout %s: the calculator has no holiday data: add content/%s/<year>.yaml files", Layout, Dir))
		}
	}
	return out
}

// due lists the years of holiday data an editor should add by today.
func due(cal *workdays.Calendar, today time.Time) []site.Due {
	var out []site.Due
	for _, y := range cal.Overdue(workdays.FromTime(today)) {
		out = append(out, site.Due{
			File: site.ContentDir + "/" + Dir + "/" + strconv.Itoa(y) + ".yaml",
			Message: fmt.Sprintf("no holiday data for %d: until this file exists, the timeline calculator counts only the weekends of %d and tells readers so; "+
				"add it from the State Council General Office notice on the %d holidays (usually published in November %d)", y, y, y, y-1),
		})
	}
	return out
}
