package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"

	"guide/internal/diag"
	"guide/internal/markdown"
)

func (b *builder) render(sink Sink) (*Result, error) {
	b.index()
	res := &Result{Pages: map[string]int{}}
	var mu sync.Mutex
	count := func(lang string, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			b.errs.Add(err)
			return
		}
		res.Files++
		if lang != "" {
			res.Pages[lang]++
		}
	}
	// One pass per page: Markdown, template, output. Only what later checks
	// need (ids, links, checklist items) stays in memory, plus the HTML of
	// pages that feeds include.
	pages := b.allPages()
	parallel(len(pages), func(i int) {
		p := pages[i]
		defer func() {
			// A bug must not reach the author as a stack trace: report it
			// against the page being built.
			if r := recover(); r != nil {
				where := p.URL
				if p.file != nil {
					where = p.file.Path
				}
				count("", diag.Errorf(where, 0, "internal error while building this page (please report it): %v", r))
			}
		}()
		if err := b.convert(p); err != nil {
			count("", err)
			return
		}
		out, err := b.tmpl.execute(p.Lang.Key, b.layout(p), p)
		if err == nil {
			err = sink(strings.TrimPrefix(p.URL, b.cfg.root())+"index.html", out)
		}
		count(p.Lang.Key, err)
		if !b.keep && (p.Parent == nil || p.Parent.file == nil || !p.Parent.file.Meta.Feed) {
			p.Content = ""
			if p.doc != nil {
				p.doc.HTML = ""
			}
		}
	})
	b.validate(nil)
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	for _, f := range b.extras(true, nil) {
		count("", sink(f.name, f.data))
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	for lang, ids := range b.cat.Missing() {
		for _, id := range ids {
			b.warns.Addf("locales/"+lang+".yaml", 0, "UI string %q is missing; the %s text is used", id, b.cfg.Languages[0].Name)
		}
	}
	res.Warnings = b.warns.Sort()
	res.Report = b.report()
	return res, nil
}

// allPages lists every page of every language, in key order.
func (b *builder) allPages() []*Page {
	pages := make([]*Page, 0, len(b.keys)*len(b.cfg.Languages))
	for _, key := range b.keys {
		for _, lang := range b.cfg.Languages {
			pages = append(pages, b.pages[key][lang.Key])
		}
	}
	return pages
}

// layout picks the template of a page: its front matter layout if that
// template exists, else the one for its kind.
func (b *builder) layout(p *Page) string {
	if p.file != nil && p.file.Meta.Layout != "" && b.tmpl.has(p.file.Meta.Layout) {
		return p.file.Meta.Layout
	}
	return p.Kind
}

// convert renders the Markdown of a page. Errors in an untranslated
// stand-in are not returned: they are the original's, reported there.
func (b *builder) convert(p *Page) error {
	if p.file == nil {
		return nil
	}
	var ck convKey
	if b.cache != nil {
		ck = convKey{path: p.file.Path, lang: p.Lang.Key, sum: p.file.Sum}
		if doc := b.cache.get(ck); doc != nil {
			b.setDoc(p, doc)
			return nil // only error-free conversions are cached
		}
	}
	doc, err := b.md.Convert(p.file.Body, markdown.Context{
		File: p.file.Path,
		Resolve: func(target string) (string, bool) {
			key, lang, ok := b.resolve(target)
			if !ok {
				return "", false
			}
			if lang == "" {
				lang = p.Lang.Key
			}
			return b.url(lang, key), true
		},
		Label: func(id string) string {
			s, err := b.cat.T(p.ContentLang.Key, id)
			if err != nil {
				return id
			}
			return s
		},
	})
	if doc != nil {
		b.setDoc(p, doc)
	}
	if err == nil && b.cache != nil {
		b.cache.put(ck, doc)
	}
	if p.Untranslated {
		err = nil
	}
	p.convErr = err
	return err
}

func (b *builder) setDoc(p *Page, doc *markdown.Doc) {
	p.doc = doc
	p.Content = template.HTML(doc.HTML)
	p.Headings = doc.Headings
	p.Checklist = doc.Checklist
	p.links = p.links[:0]
	for _, l := range doc.Links {
		if l.Fragment == "" {
			continue
		}
		if key, lang, ok := b.resolve(l.Target); ok {
			if lang == "" {
				lang = p.Lang.Key
			}
			p.links = append(p.links, anchorLink{l, key, lang})
		}
	}
}

// validate checks what needs all pages: anchors of links, and checklist ids
// across translations.
func (b *builder) validate(keys map[string]bool) {
	for _, key := range b.keys {
		for _, lang := range b.cfg.Languages {
			p := b.pages[key][lang.Key]
			if p.doc == nil || p.Untranslated {
				continue
			}
			for _, l := range p.links {
				t := b.pages[l.key][l.lang]
				if t != nil && t.doc != nil && !slices.Contains(t.doc.IDs, l.Fragment) {
					b.errs.Addf(p.file.Path, l.Line, "link to %s#%s: %s has no heading or item with id %q", l.Target, l.Fragment, t.file.Path, l.Fragment)
				}
			}
		}
		if keys != nil && !keys[key] {
			continue
		}
		b.checkChecklists(key)
		b.checkSelfCheck(key)  // selfcheck.go
		b.checkCalculator(key) // timeline.go
	}
}

// anchorLink is a link with a fragment to another page, resolved.
type anchorLink struct {
	markdown.Link
	key, lang string
}

func (b *builder) checkChecklists(key string) {
	var ref *Page
	for _, lang := range b.cfg.Languages {
		p := b.pages[key][lang.Key]
		if p.Untranslated || p.doc == nil {
			continue
		}
		b.checkTagLabels(p)
		if ref == nil {
			ref = p
			continue
		}
		b.compareItems(ref, p)
		b.compareItems(p, ref)
	}
}

// checkTagLabels reports checklist tags that the page's filters do not
// label: the reader would see the bare tag.
func (b *builder) checkTagLabels(p *Page) {
	seen := map[string]bool{}
	for _, it := range p.Checklist {
		for _, t := range it.Tags {
			if _, ok := p.file.Meta.Filters.Get(t); !ok && !seen[t] {
				seen[t] = true
				b.errs.Addf(p.file.Path, it.Line, "checklist tag %q has no label: add \"%s: …\" under filters: in the front matter", t, t)
			}
		}
	}
}

// compareItems reports the items of a that b lacks.
func (b *builder) compareItems(a, c *Page) {
	have := map[string]bool{}
	for _, it := range c.Checklist {
		have[it.ID] = true
	}
	for _, it := range a.Checklist {
		if !have[it.ID] {
			b.errs.Addf(a.file.Path, it.Line, "checklist item %q has no counterpart in %s (translations must have the same item ids)", it.ID, c.file.Path)
		}
	}
}

type file struct {
	name string
	data []byte
}

// extras are the files that are not pages. With site false, only the feeds
// of the sections in feeds are made: what a change to the body of pages in
// those sections needs.
func (b *builder) extras(site bool, feeds map[string]bool) []file {
	var out []file
	add := func(name string, data []byte, err error) {
		if err != nil {
			b.errs.Add(err)
			return
		}
		out = append(out, file{name, data})
	}
	for _, key := range b.keys {
		for _, lang := range b.cfg.Languages {
			if p := b.pages[key][lang.Key]; p.file != nil && p.file.Meta.Feed && !p.Untranslated && (site || feeds[key]) {
				add(strings.TrimPrefix(p.URL, b.cfg.root())+"feed.xml", b.feed(p), nil)
			}
		}
	}
	if !site {
		return out
	}
	def := b.cfg.Languages[0]
	for _, lang := range b.cfg.Languages {
		p := b.notFound(lang)
		data, err := b.tmpl.execute(lang.Key, "404", p)
		add(lang.Key+"/404.html", data, err)
		if lang.Key == def.Key {
			add("404.html", data, err)
		}
	}
	data, err := b.tmpl.execute(def.Key, "root", b.rootPage())
	add("index.html", data, err)
	add("sitemap.xml", b.sitemap(), nil)
	add("robots.txt", b.robots(), nil)
	for _, a := range b.tmpl.assets {
		out = append(out, file{a.Path, a.Data})
	}
	for _, p := range b.content.Assets {
		data, err := fs.ReadFile(b.fsys, p)
		add(strings.TrimPrefix(p, "content/"), data, err)
	}
	slices.SortFunc(out, func(x, y file) int { return strings.Compare(x.name, y.name) })
	return out
}

// notFound is the stand-in page the 404 layout executes with.
func (b *builder) notFound(lang Language) *Page {
	title, _ := b.cat.T(lang.Key, "not_found_title")
	p := &Page{Kind: "404", Key: "404", Lang: lang, ContentLang: lang, Title: title, Site: b.sites[lang.Key],
		URL: b.cfg.root() + lang.Key + "/404.html", Untranslated: false}
	p.Permalink = b.cfg.abs(p.URL)
	p.Canonical = p.Permalink
	p.Parent = b.sites[lang.Key].Home
	for _, other := range b.cfg.Languages {
		if other.Key != lang.Key {
			q := &Page{Lang: other, URL: b.cfg.root() + other.Key + "/404.html", Title: title}
			p.Translations = append(p.Translations, q)
		}
	}
	return p
}

// rootPage is what root.html executes with: the home pages of all languages.
func (b *builder) rootPage() *Page {
	def := b.cfg.Languages[0]
	home := b.pages[""][def.Key]
	p := *home
	p.Kind = "root"
	p.URL = b.cfg.root()
	p.Permalink = b.cfg.abs(p.URL)
	p.Canonical = p.Permalink
	p.Parent = nil
	p.Translations = nil
	for _, lang := range b.cfg.Languages {
		p.Translations = append(p.Translations, b.pages[""][lang.Key])
	}
	return &p
}

func (b *builder) sitemap() []byte {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, key := range b.keys {
		for _, lang := range b.cfg.Languages {
			p := b.pages[key][lang.Key]
			if p.Untranslated {
				continue
			}
			fmt.Fprintf(&buf, "<url><loc>%s</loc>", xmlEscape(p.Permalink))
			if !p.Lastmod.IsZero() {
				fmt.Fprintf(&buf, "<lastmod>%s</lastmod>", p.Lastmod.Format("2006-01-02"))
			}
			for _, a := range p.Alternates {
				fmt.Fprintf(&buf, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, a.Lang.Tag, xmlEscape(a.Permalink))
			}
			if len(p.Alternates) > 0 {
				fmt.Fprintf(&buf, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/>`, xmlEscape(p.Alternates[0].Permalink))
			}
			buf.WriteString("</url>\n")
		}
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func (b *builder) robots() []byte {
	s := "User-agent: *\nAllow: /\n"
	if b.cfg.BaseURL != "/" {
		s += "Sitemap: " + b.cfg.abs(b.cfg.root()+"sitemap.xml") + "\n"
	}
	return []byte(s)
}

// feed is the Atom feed of a section's dated pages, newest first.
func (b *builder) feed(s *Page) []byte {
	var entries []*Page
	for _, p := range s.Pages {
		if !p.Date.IsZero() && !p.Untranslated {
			entries = append(entries, p)
		}
	}
	slices.SortStableFunc(entries, func(x, y *Page) int { return y.Date.Compare(x.Date) })
	updated := s.Date
	for _, e := range entries {
		if u := latest(e); u.After(updated) {
			updated = u
		}
	}
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	fmt.Fprintf(&buf, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">`+"\n", s.Lang.Tag)
	fmt.Fprintf(&buf, "<title>%s</title>\n<id>%s</id>\n", xmlEscape(s.Title), xmlEscape(s.Permalink))
	fmt.Fprintf(&buf, `<link rel="alternate" type="text/html" href="%s"/>`+"\n", xmlEscape(s.Permalink))
	fmt.Fprintf(&buf, `<link rel="self" href="%s"/>`+"\n", xmlEscape(s.Permalink+"feed.xml"))
	fmt.Fprintf(&buf, "<updated>%s</updated>\n", rfc3339(updated))
	for _, e := range entries {
		buf.WriteString("<entry>\n")
		fmt.Fprintf(&buf, "<title>%s</title>\n<id>%s</id>\n", xmlEscape(e.Title), xmlEscape(e.Permalink))
		fmt.Fprintf(&buf, `<link rel="alternate" type="text/html" href="%s"/>`+"\n", xmlEscape(e.Permalink))
		fmt.Fprintf(&buf, "<published>%s</published>\n<updated>%s</updated>\n", rfc3339(e.Date), rfc3339(latest(e)))
		if e.Description != "" {
			fmt.Fprintf(&buf, "<summary>%s</summary>\n", xmlEscape(e.Description))
		}
		fmt.Fprintf(&buf, "<content type=\"html\">%s</content>\n", xmlEscape(string(e.Content)))
		buf.WriteString("</entry>\n")
	}
	buf.WriteString("</feed>\n")
	return buf.Bytes()
}

func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next sync.Mutex
	i := 0
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= n {
					return
				}
				f(j)
			}
		})
	}
	wg.Wait()
}
