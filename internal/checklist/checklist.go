// Package checklist is the document-checklist feature of a site: it checks
// the checklists of every translation key (see package markdown for the
// syntax). Every checklist tag needs a label in the page's front matter
// (filters: {tag: label}), so that the reader never sees a bare tag; and
// every translation of a page must have the same item ids, since the
// reader's ticks are stored by id and kept across languages.
package checklist

import (
	"guide/internal/diag"
	"guide/internal/site"
)

// Feature returns the checklist feature.
func Feature() site.Feature {
	return site.Feature{Name: "checklist", Load: func([]site.DataFile, []site.Language) (*site.Loaded, error) {
		return &site.Loaded{Check: check}, nil
	}}
}

func check(key string, pages []site.Translation) []*diag.Error {
	var l diag.List
	for i, p := range pages {
		labels(&l, p)
		if i > 0 {
			compare(&l, pages[0], p)
			compare(&l, p, pages[0])
		}
	}
	return l
}

// labels reports checklist tags that the page's filters do not label.
func labels(l *diag.List, p site.Translation) {
	seen := map[string]bool{}
	for _, it := range p.Doc.Checklist {
		for _, t := range it.Tags {
			if _, ok := p.File.Meta.Filters.Get(t); !ok && !seen[t] {
				seen[t] = true
				l.Addf(p.File.Path, it.Line, "checklist tag %q has no label: add \"%s: …\" under filters: in the front matter", t, t)
			}
		}
	}
}

// compare reports the items of a that b lacks.
func compare(l *diag.List, a, b site.Translation) {
	have := map[string]bool{}
	for _, it := range b.Doc.Checklist {
		have[it.ID] = true
	}
	for _, it := range a.Doc.Checklist {
		if !have[it.ID] {
			l.Addf(a.File.Path, it.Line, "checklist item %q has no counterpart in %s (translations must have the same item ids)", it.ID, b.File.Path)
		}
	}
}
