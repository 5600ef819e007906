package site

import (
	"fmt"
	"slices"
	"strings"

	"guide/internal/diag"
	"guide/internal/parallel"
)

// validate checks what needs the whole model: links to anchors of other
// pages, layouts, outputs that two sources would write, and the features'
// checks of each translation key.
//
// A key's checks read its own pages, the pages its links point to, the
// templates (for layouts), the catalog and the features; prev, the last
// good model of a Live (or nil), lends its findings for a key when all of
// these are the same objects as when prev checked it, so that a preview
// update checks only the keys an edit can have changed.
func validate(m *model, prev *model) error {
	reuse := prev != nil && prev.checked != nil && prev.src.tmpl == m.src.tmpl && prev.src.cat == m.src.cat &&
		slices.Equal(prev.src.features, m.src.features) && slices.Equal(prev.keys, m.keys)
	m.checked = make(map[string]*keyCheck, len(m.keys))
	checks := make([]*keyCheck, len(m.keys))
	parallel.Do(len(m.keys), func(k int) {
		key := m.keys[k]
		if reuse {
			if c := prev.checked[key]; c != nil && prev.results[key] == m.results[key] && !slices.ContainsFunc(c.targets, func(t string) bool {
				return prev.results[t] != m.results[t]
			}) {
				checks[k] = c
				return
			}
		}
		checks[k] = m.checkKey(key)
	})
	var l diag.List
	for k, c := range checks {
		m.checked[m.keys[k]] = c
		l.Add(c.errs.Err())
	}
	l.Add(m.checkOutputs())
	return l.Err()
}

// keyCheck is what validate found for a key, and the keys its links to
// anchors point to.
type keyCheck struct {
	errs    diag.List
	targets []string
}

// checkKey runs the checks of one key. The model is read-only by now, and
// features' checks see one key at a time, so keys are checked in parallel.
func (m *model) checkKey(key string) *keyCheck {
	c := &keyCheck{}
	l := &c.errs
	var translations []Translation
	for i, p := range m.pages[key] {
		if p.untranslated || p.file == nil || p.doc == nil {
			continue
		}
		translations = append(translations, Translation{File: p.file, Lang: m.langs[i], Doc: p.doc})
		for _, link := range p.doc.Links {
			if link.Fragment == "" {
				continue
			}
			k, lang, ok := m.resolve(link.Target)
			if !ok {
				continue // reported by the conversion
			}
			if !slices.Contains(c.targets, k) {
				c.targets = append(c.targets, k)
			}
			t := m.page(k, i)
			if lang != "" {
				t = m.page(k, m.langIndex(lang))
			}
			if t != nil && t.doc != nil && !slices.Contains(t.doc.IDs, link.Fragment) {
				l.Addf(p.file.Path, link.Line, "link to %s#%s: %s has no heading or item with id %q", link.Target, link.Fragment, t.file.Path, link.Fragment)
			}
		}
		if layout := p.file.Meta.Layout; layout != "" {
			if err := m.src.tmpl.checkLayout(layout); err != nil {
				l.Addf(p.file.Path, p.file.Line("layout"), "layout %s: %v", layout, err)
			}
		}
	}
	for _, f := range m.src.features {
		if f.Check != nil && len(translations) > 0 {
			l.Add(safely(f.Name, translations[0].File.Path, func() error {
				var errs diag.List
				for _, e := range f.Check(key, translations) {
					errs.Add(e)
				}
				return errs.Err()
			}))
		}
	}
	return c
}

// safely runs a feature's code: a panic in it is an error naming the
// feature and the file it was working on, not a crash of the preview.
func safely(feature, file string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = diag.Errorf(file, 0, "internal error in %s (please report it): %v", feature, r)
		}
	}()
	return f()
}

// checkOutputs reports output files that two sources would both write.
func (m *model) checkOutputs() error {
	var l diag.List
	by := map[string]string{} // output → what writes it
	claim := func(name, source string) {
		if strings.HasPrefix(name, searchDir) {
			l.Addf(sourceFile(source), 0, "publishes %s, but %s is where the build writes the search index: rename or move it", name, searchDir)
			return
		}
		if other, dup := by[name]; dup {
			file, what := source, other
			if !strings.HasPrefix(source, ContentDir+"/") && strings.HasPrefix(other, ContentDir+"/") {
				file, what = other, source
			}
			l.Addf(sourceFile(file), 0, "publishes %s, which %s also writes: rename or move one of them", name, describe(what))
			return
		}
		by[name] = source
	}
	for _, j := range m.jobs() {
		src := "the page " + j.page.url
		if j.page.file != nil && !j.page.untranslated {
			src = j.page.file.Path
		}
		claim(j.out, src)
	}
	for _, e := range extras(m) {
		claim(e.name, e.source)
	}
	for _, name := range m.workerNames() {
		claim(name, "the offline worker")
	}
	return l.Err()
}

// sourceFile is the file an output source names, for the error's position.
func sourceFile(source string) string {
	if strings.HasPrefix(source, ContentDir+"/") || strings.HasPrefix(source, TemplateDir+"/") {
		return source
	}
	return ContentDir
}

func describe(source string) string {
	if strings.Contains(source, "/") && !strings.HasPrefix(source, "the ") {
		return fmt.Sprintf("the file %s", source)
	}
	return source
}
