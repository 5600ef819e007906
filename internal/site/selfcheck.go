package site

import (
	"slices"

	"guide/internal/markdown"
)

// SelfCheckLayout is the layout of a self-check page: a page whose Markdown
// has questions (see package markdown) must use it, and only such a page.
const SelfCheckLayout = "selfcheck"

// checkSelfCheck checks the self-check of one page across its translations:
// the layout, and that every translation has the same questions and outcomes
// with the same answer targets in the same order (the reader's answers live
// in the URL by question id and answer number, so a link shared from one
// language must work in the other).
func (b *builder) checkSelfCheck(key string) {
	var ref *Page
	for _, lang := range b.cfg.Languages {
		p := b.pages[key][lang.Key]
		if p.Untranslated || p.doc == nil {
			continue
		}
		sc := p.doc.SelfCheck
		switch {
		case sc != nil && p.file.Meta.Layout != SelfCheckLayout:
			b.errs.Addf(p.file.Path, sc.Steps[0].Line, "the page has questions: add \"layout: %s\" to its front matter so that they are asked one at a time", SelfCheckLayout)
		case sc == nil && p.file.Meta.Layout == SelfCheckLayout:
			b.errs.Addf(p.file.Path, 0, "layout %s: the page has no questions (\"## Question? {#id .question}\" followed by a list of answer links)", SelfCheckLayout)
		}
		if ref == nil {
			ref = p
			continue
		}
		b.compareSelfChecks(ref, p)
	}
}

// compareSelfChecks reports how the self-check of translation t differs from
// the one of ref.
func (b *builder) compareSelfChecks(ref, t *Page) {
	rs, ts := ref.doc.SelfCheck, t.doc.SelfCheck
	switch {
	case rs == nil && ts == nil:
		return
	case rs == nil:
		b.errs.Addf(t.file.Path, ts.Steps[0].Line, "the page has questions but its translation %s has none (translations must have the same questions and outcomes)", ref.file.Path)
		return
	case ts == nil:
		b.errs.Addf(t.file.Path, 0, "the page has no questions but its translation %s has (translations must have the same questions and outcomes)", ref.file.Path)
		return
	}
	for _, s := range rs.Steps {
		if ts.Step(s.ID) == nil {
			b.errs.Addf(ref.file.Path, s.Line, "%s %q has no counterpart in %s (translations must have the same questions and outcomes)", s.Kind, s.ID, t.file.Path)
		}
	}
	for _, s := range ts.Steps {
		r := rs.Step(s.ID)
		switch {
		case r == nil:
			b.errs.Addf(t.file.Path, s.Line, "%s %q has no counterpart in %s (translations must have the same questions and outcomes)", s.Kind, s.ID, ref.file.Path)
		case r.Kind != s.Kind:
			b.errs.Addf(t.file.Path, s.Line, "%q is a %s here but a %s in %s", s.ID, s.Kind, r.Kind, ref.file.Path)
		case r.Result != s.Result:
			b.errs.Addf(t.file.Path, s.Line, "outcome %q is .%s here but .%s in %s", s.ID, s.Result, r.Result, ref.file.Path)
		case !slices.Equal(targets(r), targets(&s)):
			b.errs.Addf(t.file.Path, s.Line, "question %q: the answers lead to %v here but to %v in %s (translations must have the same answers in the same order)", s.ID, targets(&s), targets(r), ref.file.Path)
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
