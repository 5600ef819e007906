package site

import "time"

// Report is what "guide check" reports beyond build errors. Untranslated
// pages, missing UI strings and pages without a reviewed date need fixing;
// overdue reviews and what the features say is due depend on today's date
// and are warnings, so that a site never starts failing because the
// calendar moved (Warnings).
type Report struct {
	Untranslated []Untranslated      `json:"untranslated"` // pages shown in a language they are not written in
	MissingUI    map[string][]string `json:"missingUI"`    // language key → UI string ids it lacks
	NotReviewed  []string            `json:"notReviewed"`  // files without a reviewed date
	Stale        []Stale             `json:"stale"`        // warning: files reviewed longer ago than reviewAfterDays
	Due          []Due               `json:"due"`          // warning: what the features say is due by today (a year of holiday data)
	Settings     []Due               `json:"settings"`     // warning: a setting the site should have (feedback)
	Drift        *Drift              `json:"drift"`        // translations that no longer say what their sources say (drift.go)
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

func report(m *model, now time.Time) *Report {
	r := &Report{MissingUI: m.src.cat.Missing(), Stale: []Stale{}, Due: []Due{}, Drift: m.drift}
	if now.IsZero() {
		now = time.Now()
	}
	r.Today = now.Format(time.DateOnly)
	for _, key := range m.keys {
		for i, p := range m.pages[key] {
			if p.file == nil {
				continue
			}
			if p.untranslated {
				r.Untranslated = append(r.Untranslated, Untranslated{Key: key, Lang: m.langs[i].Key, Source: p.file.Path})
				continue
			}
			switch {
			case p.reviewed.IsZero():
				r.NotReviewed = append(r.NotReviewed, p.file.Path)
			case now.Sub(p.reviewed) > time.Duration(m.cfg.ReviewAfterDays)*24*time.Hour:
				r.Stale = append(r.Stale, Stale{File: p.file.Path, Reviewed: p.reviewed.Format(time.DateOnly), Days: int(now.Sub(p.reviewed).Hours() / 24)})
			}
		}
	}
	if m.cfg.Feedback == "" {
		r.Settings = append(r.Settings, Due{File: ConfigFile, Message: "no feedback address: readers have no way to report a problem with a page; set feedback: to an https:// address (with {url} and {title}) or an email address"})
	}
	for _, f := range m.src.features {
		if f.Due != nil {
			_ = safely(f.Name, ContentDir, func() error {
				r.Due = append(r.Due, f.Due(now)...)
				return nil
			})
		}
	}
	return r
}

// Clean reports whether nothing needs fixing. Warnings do not count unless
// strict.
func (r *Report) Clean(strict bool) bool {
	return len(r.Untranslated) == 0 && len(r.MissingUI) == 0 && len(r.NotReviewed) == 0 &&
		(r.Drift == nil || len(r.Drift.Findings) == 0) && (!strict || r.Warnings() == 0)
}

// Warnings counts what depends on today's date, and missing settings.
func (r *Report) Warnings() int { return len(r.Stale) + len(r.Due) + len(r.Settings) }
