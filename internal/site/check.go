package site

import "time"

// Report is what "guide check" reports beyond build errors. Untranslated
// pages, missing UI strings and pages without a reviewed date need fixing;
// overdue reviews and missing holiday years depend on today's date and are
// warnings, so that a site never starts failing because the calendar moved
// (Warnings).
type Report struct {
	Untranslated []Untranslated      `json:"untranslated"` // pages shown in a language they are not written in
	MissingUI    map[string][]string `json:"missingUI"`    // language key → UI string ids it lacks
	NotReviewed  []string            `json:"notReviewed"`  // files without a reviewed date
	Stale        []Stale             `json:"stale"`        // warning: files reviewed longer ago than reviewAfterDays
	Holidays     []MissingHolidays   `json:"holidays"`     // warning: years of holiday data that are due (timeline.go)
	Today        string              `json:"today"`        // the date ages were measured at
}

// Untranslated is a page missing in a language.
type Untranslated struct {
	Key    string `json:"key"`
	Lang   string `json:"lang"`   // the language it is missing in
	Source string `json:"source"` // the file shown instead
}

// Stale is a page whose review is overdue.
type Stale struct {
	File     string `json:"file"`
	Reviewed string `json:"reviewed"`
	Days     int    `json:"days"`
}

func (b *builder) report() *Report {
	r := &Report{MissingUI: b.cat.Missing()}
	now := b.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, key := range b.keys {
		for _, lang := range b.cfg.Languages {
			p := b.pages[key][lang.Key]
			if p.file == nil {
				continue
			}
			if p.Untranslated {
				r.Untranslated = append(r.Untranslated, Untranslated{Key: key, Lang: lang.Key, Source: p.file.Path})
				continue
			}
			switch {
			case p.Reviewed.IsZero():
				r.NotReviewed = append(r.NotReviewed, p.file.Path)
			case now.Sub(p.Reviewed) > time.Duration(b.cfg.ReviewAfterDays)*24*time.Hour:
				r.Stale = append(r.Stale, Stale{File: p.file.Path, Reviewed: p.Reviewed.Format("2006-01-02"), Days: int(now.Sub(p.Reviewed).Hours() / 24)})
			}
		}
	}
	r.Holidays = b.missingHolidays(now)
	r.Today = now.Format(time.DateOnly)
	return r
}

// Clean reports whether nothing needs fixing. Warnings do not count unless
// strict.
func (r *Report) Clean(strict bool) bool {
	return len(r.Untranslated) == 0 && len(r.MissingUI) == 0 && len(r.NotReviewed) == 0 &&
		(!strict || r.Warnings() == 0)
}

// Warnings counts what depends on today's date: overdue reviews and missing
// holiday years.
func (r *Report) Warnings() int { return len(r.Stale) + len(r.Holidays) }
