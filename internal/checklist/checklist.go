// Package checklist is the document-checklist feature of a site. It checks
// the checklists of every translation key (see package markdown for the
// item syntax) and the questions a checklist asks its reader.
//
// # Questions
//
// A checklist page may ask its reader about their situation, so that it
// shows the documents that situation needs. The questions are in its front
// matter, and each answer is a tag that items carry:
//
//	questions:
//	  - id: married
//	    label: Where did you marry?
//	    answers:
//	      married-china: In China
//	      married-abroad: Outside China
//	  - id: name-change
//	    label: Has your name changed?
//	    answers: {name-changed: "Yes", name-same: "No"}
//
//	- [ ] Foreign marriage certificate, legalised {#marriage-abroad .married-abroad}
//
// An item without tags is for everyone. An item with tags applies when, for
// each question that one of its tags answers, the reader gave one of its
// tags as the answer; until the reader has answered that question, the
// item may apply and the page says what is still unanswered. Answers are
// exclusive unless the question says multiple: true. A self-check or a
// shared link passes answers in the query string (?married=married-abroad).
//
// # Checks
//
// Every tag an item uses is an answer of a question; a question has an id, a label and at least two answers; answers
// are unique on the page; every translation has the same item ids, the
// same questions with the same answers in the same order (the reader's
// answers and ticks are stored by id and kept across languages). Each
// problem is reported with its file and line.
package checklist

import (
	"fmt"
	"regexp"
	"slices"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/site"
)

// Feature returns the checklist feature.
func Feature() site.Feature {
	return site.Feature{Name: "checklist", Load: func([]site.DataFile, []site.Language) (*site.Loaded, error) {
		return &site.Loaded{Check: check}, nil
	}}
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func check(key string, pages []site.Translation) []*diag.Error {
	var l diag.List
	for i, p := range pages {
		questions(&l, p)
		labels(&l, p)
		if i > 0 {
			compare(&l, pages[0], p)
			compare(&l, p, pages[0])
			sameQuestions(&l, pages[0], p)
		}
	}
	return l
}

// questions checks a page's questions.
func questions(l *diag.List, p site.Translation) {
	f := p.File
	// What each id already is: a question, or an answer of question of.
	// Lines are looked up only for a problem (this runs for every page on
	// every preview update).
	type use struct {
		answer bool
		of     string
	}
	seen := map[string]use{}
	what := func(u use) string {
		if u.answer {
			return fmt.Sprintf("an answer of question %q", u.of)
		}
		return "a question"
	}
	for i, q := range f.Meta.Questions {
		line := func() int { return f.Line(fmt.Sprintf("questions/%d", i)) }
		u, dup := seen[q.ID]
		switch {
		case !idRE.MatchString(q.ID):
			l.Addf(f.Path, line(), "question %d: id %q: use lower-case letters, digits and hyphens", i+1, q.ID)
		case dup:
			l.Addf(f.Path, line(), "question %q: the id is already %s", q.ID, what(u))
		}
		seen[q.ID] = use{}
		if q.Label == "" {
			l.Addf(f.Path, line(), "question %q has no label (the question the reader sees)", q.ID)
		}
		if len(q.Answers) < 2 {
			l.Addf(f.Path, line(), "question %q needs at least two answers (tag: label)", q.ID)
		}
		for _, a := range q.Answers {
			aline := func() int { return f.Line(fmt.Sprintf("questions/%d/answers/%s", i, a.Key)) }
			u, dup := seen[a.Key]
			switch {
			case !idRE.MatchString(a.Key):
				l.Addf(f.Path, aline(), "answer %q: use lower-case letters, digits and hyphens", a.Key)
			case dup:
				l.Addf(f.Path, aline(), "answer %q is already %s: answers are the tags items carry and must be unique on the page", a.Key, what(u))
			}
			seen[a.Key] = use{answer: true, of: q.ID}
			if a.Value == "" {
				l.Addf(f.Path, aline(), "answer %q has no label", a.Key)
			}
		}
	}
}

// answerOf returns the question whose answers include tag, or nil.
func answerOf(f *content.File, tag string) *content.Question {
	for i := range f.Meta.Questions {
		if _, ok := f.Meta.Questions[i].Answers.Get(tag); ok {
			return &f.Meta.Questions[i]
		}
	}
	return nil
}

// labels reports checklist tags that no question has as an answer: the
// reader could never choose them.
func labels(l *diag.List, p site.Translation) {
	seen := map[string]bool{}
	for _, it := range p.Doc.Checklist {
		for _, t := range it.Tags {
			if seen[t] {
				continue
			}
			if answerOf(p.File, t) != nil {
				continue
			}
			seen[t] = true
			l.Addf(p.File.Path, it.Line, "checklist tag %q is not an answer of any question in the front matter: add it under a question's answers", t)
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

// sameQuestions reports how the questions of translation t differ from
// those of ref.
func sameQuestions(l *diag.List, ref, t site.Translation) {
	rq, tq := ref.File.Meta.Questions, t.File.Meta.Questions
	ids := func(qs []content.Question) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	if !slices.Equal(ids(rq), ids(tq)) {
		l.Addf(t.File.Path, t.File.Line("questions"), "questions %v here but %v in %s (translations must ask the same questions in the same order)", ids(tq), ids(rq), ref.File.Path)
		return
	}
	for i := range rq {
		var ra, ta []string
		for _, a := range rq[i].Answers {
			ra = append(ra, a.Key)
		}
		for _, a := range tq[i].Answers {
			ta = append(ta, a.Key)
		}
		if !slices.Equal(ra, ta) || rq[i].Multiple != tq[i].Multiple {
			l.Addf(t.File.Path, t.File.Line(fmt.Sprintf("questions/%d", i)), "question %q: answers %v (multiple: %v) here but %v (multiple: %v) in %s", tq[i].ID, ta, tq[i].Multiple, ra, rq[i].Multiple, ref.File.Path)
		}
	}
}
