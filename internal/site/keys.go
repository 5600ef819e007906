package site

import (
	"context"
	"slices"

	"guide/internal/drift"
	"guide/internal/i18n"
	"guide/internal/markdown"
	"guide/internal/search"
)

// keyResult is what needs a key's pages in every language at once, made
// as soon as the key's files are converted: the translations compared with
// their source, the reader's notices, and what the search index gets from
// the key. A Live reuses it while the key's files and the UI strings stay the
// same.
type keyResult struct {
	convs   []*converted // the conversions it was made from
	cat     *i18n.Catalog
	drift   *Drift
	notices [][]notice    // per language
	docs    []*search.Doc // per language; nil where the page is not searched
	terms   map[string][]string
}

// sameInputs reports whether r was made from convs with catalog cat.
func (r *keyResult) sameInputs(convs []*converted, cat *i18n.Catalog) bool {
	return r != nil && r.cat == cat && slices.Equal(r.convs, convs)
}

// keyResults makes the result of a key, or reuses prev when its inputs are
// the same, and gives the key's pages their notices.
func (m *model) keyResult(key string, convs []*converted, prev *keyResult) *keyResult {
	r := prev
	if !r.sameInputs(convs, m.src.cat) {
		r = &keyResult{convs: convs, cat: m.src.cat, notices: make([][]notice, len(m.langs)), docs: make([]*search.Doc, len(m.langs))}
		r.drift = m.driftKey(key, r.notices)
		if !m.noSearch {
			m.searchKey(key, r)
		}
	}
	for i, p := range m.pages[key] {
		p.notices = r.notices[i]
	}
	return r
}

// searchKey gives r the search documents of the key's pages, and the terms
// of each heading that a page declares synonyms for: its text in every
// language and every synonym given for it.
func (m *model) searchKey(key string, r *keyResult) {
	for i, p := range m.pages[key] {
		if p.untranslated || p.file == nil || p.doc == nil || p.file.Meta.Search != nil && !*p.file.Meta.Search {
			continue
		}
		// A dated page (an update) ranks after the guidance it is about.
		d := &search.Doc{URL: p.url, Title: p.title, Later: !p.date.IsZero()}
		for _, s := range p.doc.Sections {
			d.Sections = append(d.Sections, search.Section{Anchor: s.ID, Heading: s.Heading, Text: s.Text, Item: s.Item})
		}
		r.docs[i] = d
		for id, words := range p.file.Meta.Synonyms {
			if r.terms == nil {
				r.terms = map[string][]string{}
			}
			r.terms[id] = append(r.terms[id], words...)
		}
	}
	for id := range r.terms {
		for _, p := range m.pages[key] {
			if p.untranslated || p.doc == nil {
				continue
			}
			if h := headingText(p.doc, id); h != "" {
				r.terms[id] = append(r.terms[id], h)
			}
		}
		slices.Sort(r.terms[id])
		r.terms[id] = slices.Compact(r.terms[id])
	}
}

func headingText(d *markdown.Doc, id string) string {
	for _, h := range d.Headings {
		if h.ID == id {
			return h.Text
		}
	}
	return ""
}

// driftKey compares the translations of a key with their source; notices
// gets the reader's notices of each language.
func (m *model) driftKey(key string, notices [][]notice) *Drift {
	d := &Drift{}
	src := m.source(key)
	if src == nil || src.doc == nil {
		return d
	}
	sp := m.driftPage(src)
	for i, p := range m.pages[key] {
		if p == src || p.untranslated || p.file == nil || p.doc == nil {
			continue
		}
		tp := m.driftPage(p)
		stale := drift.Stale(sp, tp)
		d.Findings = append(d.Findings, stale...)
		for _, f := range drift.Parity(sp, tp) {
			if f.Reason != "" {
				d.Accepted = append(d.Accepted, f)
			} else {
				d.Findings = append(d.Findings, f)
			}
		}
		if len(stale) > 0 {
			notices[i] = m.staleNotices(p, src, stale)
		}
	}
	return d
}

// searchDir is where the search index is written (package search).
const searchDir = "search/"

// searchFiles are the files of the search index of every language: the
// pages in reading order (home, then each section's pages by their order,
// depth first), and the synonym groups of all keys.
func (m *model) searchFiles(ctx context.Context) ([]extra, error) {
	var groups [][]string
	for _, key := range m.keys {
		r := m.results[key]
		if r == nil {
			continue
		}
		for _, id := range sortedKeys(r.terms) {
			if len(r.terms[id]) > 1 {
				groups = append(groups, r.terms[id])
			}
		}
	}
	var out []extra
	for i, lang := range m.langs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var docs []search.Doc
		var walk func(p *page)
		walk = func(p *page) {
			if r := m.results[p.key]; r != nil && r.docs[i] != nil {
				docs = append(docs, *r.docs[i])
			}
			for _, c := range p.children {
				walk(c)
			}
		}
		walk(m.pages[""][i])
		files, err := search.Build(lang.Key, docs, groups, search.Options{})
		if err != nil {
			return nil, err
		}
		for _, name := range sortedKeys(files) {
			out = append(out, extra{name: name, source: "the search index", data: files[name]})
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
