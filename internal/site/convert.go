package site

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/markdown"
	"guide/internal/parallel"
)

// converted is one content file's Markdown, converted once for every
// language that shows it. Links to other pages are made with langToken in
// place of the language; the HTML of the file's own language replaces it,
// and so does the HTML of each language that shows the file untranslated (a
// page shown untranslated links to the pages of its reader's language).
type converted struct {
	file *content.File
	doc  *markdown.Doc // its HTML is moved to token
	err  error

	root    string            // the base URL's path it was made with
	targets []string          // the keys its links resolved to
	labels  map[string]string // the UI strings it rendered (alert titles)

	token  string         // the HTML with langToken; "" once no other language needs it
	own    string         // the HTML in the file's language
	mu     sync.Mutex     // guards byLang
	byLang map[int]string // the HTML in other languages, for untranslated stand-ins
}

// langToken stands for the language in the links of converted Markdown.
const langToken = "guide-lang-8d1f3a"

// localize replaces langToken with language lang in html.
func localize(m *model, html string, lang int) string {
	return strings.ReplaceAll(html, m.cfg.root()+langToken+"/", m.cfg.root()+m.langs[lang].Key+"/")
}

// html is the file's HTML in language lang of m.
func (c *converted) html(m *model, lang int) string {
	if m.langs[lang].Key == c.file.Lang {
		return c.own
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.byLang[lang]; ok {
		return s
	}
	if c.byLang == nil {
		c.byLang = map[int]string{}
	}
	s := localize(m, c.token, lang)
	c.byLang[lang] = s
	return s
}

// reusable reports whether a conversion made for an earlier build is still
// what converting the same file now would give; others says whether
// languages other than the file's own show it.
func (c *converted) reusable(m *model, f *content.File, others bool) bool {
	if c == nil || c.err != nil || c.file.Sum != f.Sum || c.file.Path != f.Path || c.root != m.cfg.root() || others && c.token == "" {
		return false
	}
	for _, key := range c.targets {
		if m.pages[key] == nil {
			return false
		}
	}
	for id, s := range c.labels {
		if t, _ := m.src.cat.T(m.langs[m.langIndex(f.Lang)].Key, id); t != s {
			return false
		}
	}
	return true
}

// convert converts the Markdown of every file the pages show, once each,
// reusing the conversions in cache that are still valid (a Live's), and
// gives every page its document and HTML.
func convert(ctx context.Context, m *model, cache map[string]*converted) error {
	// Which files are shown in a language not their own (stand-ins).
	var files []*content.File
	others := map[string]bool{}
	for _, p := range m.all() {
		f := p.file
		if f == nil {
			continue
		}
		if _, seen := others[f.Path]; !seen {
			files = append(files, f)
			others[f.Path] = false
		}
		if m.langs[p.lang].Key != f.Lang {
			others[f.Path] = true
		}
	}
	var todo []*content.File
	for _, f := range files {
		if c := cache[f.Path]; c.reusable(m, f, others[f.Path]) {
			m.conv[f.Path] = c
			continue
		}
		todo = append(todo, f)
	}
	done := make([]*converted, len(todo))
	parallel.Do(len(todo), func(i int) {
		if ctx.Err() != nil {
			return
		}
		done[i] = convertFile(m, todo[i])
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	var l diag.List
	for _, c := range done {
		if c.doc != nil {
			c.token, c.doc.HTML = c.doc.HTML, ""
			c.own = localize(m, c.token, m.langIndex(c.file.Lang))
			if !others[c.file.Path] {
				c.token = "" // no stand-in needs it: keep one copy of the HTML
			}
		}
		m.conv[c.file.Path] = c
		l.Add(c.err)
	}
	for _, p := range m.all() {
		if p.file == nil {
			continue
		}
		c := m.conv[p.file.Path]
		if c.doc != nil {
			p.doc, p.html = c.doc, c.html(m, p.lang)
		}
	}
	return l.Err()
}

// convertFile converts one file. A panic in the Markdown pipeline is an
// error naming the file, not a crash.
func convertFile(m *model, f *content.File) (c *converted) {
	c = &converted{file: f, root: m.cfg.root(), labels: map[string]string{}}
	defer func() {
		if r := recover(); r != nil {
			c.doc, c.err = nil, diag.Errorf(f.Path, 0, "internal error while converting this page's Markdown (please report it): %v", r)
		}
	}()
	clang := m.langs[m.langIndex(f.Lang)].Key
	targets := map[string]bool{}
	doc, err := m.src.md.Convert(f.Body, markdown.Context{
		File: f.Path,
		Resolve: func(target string) (string, bool) {
			key, lang, ok := m.resolve(target)
			if !ok {
				return "", false
			}
			targets[key] = true
			if lang == "" {
				lang = langToken
			}
			return m.url(lang, key), true
		},
		Label: func(id string) string {
			s, err := m.src.cat.T(clang, id)
			if err != nil {
				s = id
			}
			c.labels[id] = s
			return s
		},
	})
	c.doc, c.err = doc, err
	c.targets = make([]string, 0, len(targets))
	for key := range maps.Keys(targets) {
		c.targets = append(c.targets, key)
	}
	if doc == nil && err == nil {
		c.err = fmt.Errorf("%s: no output", f.Path)
	}
	return c
}
