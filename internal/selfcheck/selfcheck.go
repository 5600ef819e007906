// Package selfcheck is the self-check feature of a site: a page whose
// Markdown has questions ("## Who is applying? {#relationship .question}",
// answers and outcomes, see package markdown) is asked one question at a time
// by the page's script.
//
// It checks, for every translation key, that a page with questions uses
// "layout: selfcheck" and only such a page does, and that every translation
// has the same questions and outcomes with the same answer targets in the
// same order: the reader's answers live in the URL by question id and answer
// number, so a link shared from one language must work in the other.
package selfcheck

import (
	"slices"

	"guide/internal/diag"
	"guide/internal/markdown"
	"guide/internal/site"
)

// Layout is the layout of a self-check page.
const Layout = "selfcheck"

// Feature returns the self-check feature.
func Feature() site.Feature {
	return site.Feature{Name: "selfcheck", Load: func([]site.DataFile, []site.Language) (*site.Loaded, error) {
		return &site.Loaded{Check: check}, nil
	}}
}

func check(key string, pages []site.Translation) []*diag.Error {
	var l diag.List
	var ref *site.Translation
	for i := range pages {
		p := &pages[i]
		sc := p.Doc.SelfCheck
		switch {
		case sc != nil && p.File.Meta.Layout != Layout:
			l.Addf(p.File.Path, sc.Steps[0].Line, "the page has questions: add \"layout: %s\" to its front matter so that they are asked one at a time", Layout)
		case sc == nil && p.File.Meta.Layout == Layout:
			l.Addf(p.File.Path, p.File.Line("layout"), "layout %s: the page has no questions (\"## Question? {#id .question}\" followed by a list of answer links)", Layout)
		}
		if ref == nil {
			ref = p
			continue
		}
		compare(&l, ref, p)
	}
	return l
}

// compare reports how the self-check of translation t differs from the one
// of ref.
func compare(l *diag.List, ref, t *site.Translation) {
	rs, ts := ref.Doc.SelfCheck, t.Doc.SelfCheck
	switch {
	case rs == nil && ts == nil:
		return
	case rs == nil:
		l.Addf(t.File.Path, ts.Steps[0].Line, "the page has questions but its translation %s has none (translations must have the same questions and outcomes)", ref.File.Path)
		return
	case ts == nil:
		l.Addf(t.File.Path, 0, "the page has no questions but its translation %s has (translations must have the same questions and outcomes)", ref.File.Path)
		return
	}
	for _, s := range rs.Steps {
		if ts.Step(s.ID) == nil {
			l.Addf(ref.File.Path, s.Line, "%s %q has no counterpart in %s (translations must have the same questions and outcomes)", s.Kind, s.ID, t.File.Path)
		}
	}
	for _, s := range ts.Steps {
		r := rs.Step(s.ID)
		switch {
		case r == nil:
			l.Addf(t.File.Path, s.Line, "%s %q has no counterpart in %s (translations must have the same questions and outcomes)", s.Kind, s.ID, ref.File.Path)
		case r.Kind != s.Kind:
			l.Addf(t.File.Path, s.Line, "%q is a %s here but a %s in %s", s.ID, s.Kind, r.Kind, ref.File.Path)
		case r.Result != s.Result:
			l.Addf(t.File.Path, s.Line, "outcome %q is .%s here but .%s in %s", s.ID, s.Result, r.Result, ref.File.Path)
		case !slices.Equal(targets(r), targets(&s)):
			l.Addf(t.File.Path, s.Line, "question %q: the answers lead to %v here but to %v in %s (translations must have the same answers in the same order)", s.ID, targets(&s), targets(r), ref.File.Path)
		}
	}
}

func targets(s *markdown.Step) []string {
	out := make([]string, len(s.Answers))
	for i, a := range s.Answers {
		out[i] = "#" + a.Target
	}
	return out
}
