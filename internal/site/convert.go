package site

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/i18n"
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
	cat     *i18n.Catalog     // the catalog they came from

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
	if c.cat == m.src.cat {
		return true // the same labels
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
// gives every page its document and HTML. It works key by key on all
// processors (the pages of a key show only that key's files); once a key's
// files are converted, done(key, convs) runs, for what needs a key's pages in every
// language (translation drift) and to let go of what a build needs no more.
func convert(ctx context.Context, m *model, cache map[string]*converted, done func(key string, convs []*converted)) error {
	convs := make([][]*converted, len(m.keys))
	parallel.Do(len(m.keys), func(i int) {
		if ctx.Err() != nil {
			return
		}
		convs[i] = convertKey(m, m.keys[i], cache)
		if done != nil {
			done(m.keys[i], convs[i])
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	var l diag.List
	for _, cs := range convs {
		for _, c := range cs {
			m.conv[c.file.Path] = c
			l.Add(c.err)
		}
	}
	return l.Err()
}

// convertKey converts the files of one key and gives its pages their
// documents and HTML.
func convertKey(m *model, key string, cache map[string]*converted) []*converted {
	pages := m.pages[key]
	var out []*converted
	byPath := map[string]*converted{}
	for _, p := range pages {
		f := p.file
		if f == nil || byPath[f.Path] != nil {
			continue
		}
		// Shown in a language not its own (an untranslated stand-in)?
		others := false
		for _, q := range pages {
			others = others || q.file == f && m.langs[q.lang].Key != f.Lang
		}
		c := cache[f.Path]
		if !c.reusable(m, f, others) {
			c = convertFile(m, f)
			if c.doc != nil {
				c.token, c.doc.HTML = c.doc.HTML, ""
				c.own = localize(m, c.token, m.langIndex(f.Lang))
				if !others {
					c.token = "" // no stand-in needs it: keep one copy of the HTML
				}
			}
		}
		byPath[f.Path] = c
		out = append(out, c)
	}
	for _, p := range pages {
		if p.file == nil {
			continue
		}
		if c := byPath[p.file.Path]; c.doc != nil {
			p.doc, p.html = c.doc, c.html(m, p.lang)
		}
	}
	return out
}

// convertFile converts one file. A panic in the Markdown pipeline is an
// error naming the file, not a crash.
func convertFile(m *model, f *content.File) (c *converted) {
	c = &converted{file: f, root: m.cfg.root(), labels: map[string]string{}, cat: m.src.cat}
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
