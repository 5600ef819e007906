// Package site builds a multilingual static site from a source tree given as
// an fs.FS: content/ (Markdown), templates/ (html/template), locales/ (UI
// strings) and site.yaml. It is the contract between the generator and the
// authors, and this comment is its specification.
//
// # Languages
//
// site.yaml lists the languages in order, the first being the default:
//
//	baseURL: https://example.org/
//	languages:
//	  - {key: zh, name: 中文, tag: zh-Hans}
//	  - {key: en, name: English, tag: en}
//	reviewAfterDays: 365
//
// key is the file suffix and URL prefix, name is shown in the language
// switcher, tag is the BCP 47 tag used for lang and hreflang. A new language
// is a new entry here, a locale file and content files: no Go change.
//
// # Pages and URLs
//
//	content/_index.zh.md          → /zh/              the language's home
//	content/fees.zh.md            → /zh/fees/
//	content/documents/_index.zh.md → /zh/documents/   a section: lists its pages
//	                                                  by weight, then date (newest first), then title
//	content/documents/spouse.zh.md → /zh/documents/spouse/
//
// Files are described in package content (names, front matter). The path
// without the language suffix ("documents/spouse") is the translation key:
// files sharing it are one page in several languages.
//
// Every key gets a URL in every language. Where a language has no file for a
// key, the page is built from the default language's file (or the first
// language that has one) in the reader's language's interface, with a notice
// that it is not translated and the original language marked on the text; its
// canonical URL is the original, and it is left out of the sitemap and of the
// hreflang alternates. "guide check" lists these pages.
//
// Links to content files in Markdown ("/fees.md", "../timeline.md#calculator")
// become the URL of that page in the linking page's language; a link to a file
// that exists in no language, or to an anchor the target page does not have,
// is an error.
//
// Checklist item ids (see package markdown) must be the same set in every
// translation of a page.
//
// # Self-check and timeline calculator
//
// A page whose Markdown has questions ("## Who is applying? {#relationship
// .question}" and outcomes, see package markdown) is a self-check. It opts in
// to being asked one question at a time with "layout: selfcheck" in its front
// matter; questions without that layout, or that layout without questions,
// are errors. Every translation must have the same questions and outcomes,
// with the same answer targets in the same order (selfcheck.go).
//
// A page with "layout: timeline" shows the timeline calculator under its
// heading with id "calculator". The holidays it counts with are data files,
// content/holidays/<year>.yaml (see package workdays); templates embed the
// table computed from them with .Site.WorkdaysTable. For a year without data
// the calculator gives a weekends-only estimate and says so; "guide check"
// warns about such a year once it has begun or its notice is due (from
// November of the year before), naming the file to add (timeline.go).
//
// # Templates
//
// templates/ holds html/template files:
//
//	base.html          defines "base": the whole document; it calls block "main"
//	home.html          the home page; defines "main" (and may redefine others)
//	section.html       section pages
//	page.html          ordinary pages; a page's "layout" front matter picks <layout>.html instead
//	404.html           the not-found page of each language
//	root.html          /, where the reader picks a language
//	partials/*.html    shared named templates, available to all of the above
//	assets/*           CSS and JavaScript, published under content-hashed names
//
// A page template executes with a *Page as dot (see its fields and methods).
// Functions:
//
//	T "id" ["Name" value]…   UI string in the page's language (package i18n);
//	                         a "Count" argument picks the plural form
//	Tcounts "id" n ["Name" value]…
//	                         the UI string for every Count from 0 to n, as a
//	                         list (for scripts that show a changing count)
//	cached "name" . [variant]…
//	                         the output of template "name" run with that data,
//	                         made once per language, variants and build and then
//	                         reused (Hugo's partialCached): for parts that are the
//	                         same on every page, like a footer. The first page
//	                         to ask decides what the output is; pass as variants
//	                         whatever else it depends on. guide check runs the
//	                         template for every page anyway and reports a
//	                         cached template whose output differs
//	asset "style.css"        URL of an asset, with its content hash in the name
//	date "layout" time       a date formatted with a Go layout (e.g. from T "date_layout")
//	json value               value as JSON, for data attributes and scripts
//	langName "en"            a language's own name
//
// # Output
//
// Pages are written as <url>/index.html. The build also writes /index.html
// (root.html), /404.html and /<lang>/404.html, /sitemap.xml with hreflang
// alternates, /robots.txt, an Atom feed /<lang>/<section>/feed.xml for each
// section whose front matter says feed: true, the assets, and content/ files
// that are neither Markdown nor .yaml data (at their path under content/). Two builds of the same
// input produce identical bytes.
package site

import (
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/i18n"
	"guide/internal/markdown"
)

// Options are the choices of one build.
type Options struct {
	Drafts  bool      // include pages with draft: true
	BaseURL string    // overrides site.yaml's baseURL when set
	Now     time.Time // today, for review ages; zero means the clock

	// CheckCached makes every use of the cached template function run its
	// template anyway and fail when the output differs from the cached one:
	// a cached template that depends on more than it was told (guide check).
	CheckCached bool
}

// Page is one page in one language, as templates see it.
type Page struct {
	Key          string    // translation key: "documents/spouse"; "" for home
	Kind         string    // "home", "section" or "page"
	Lang         Language  // the language of the URL and of the interface
	ContentLang  Language  // the language the text is written in (differs when Untranslated)
	Title        string    // front matter title
	Description  string    // front matter description
	Weight       int       // front matter weight
	Date         time.Time // front matter date
	Lastmod      time.Time // front matter lastmod
	Reviewed     time.Time // front matter reviewed
	Params       map[string]any
	URL          string        // root-relative: /en/documents/spouse/
	Permalink    string        // absolute when baseURL is
	Canonical    string        // Permalink, or the original's for an untranslated page
	Content      template.HTML // the rendered Markdown
	Headings     []markdown.Heading
	Checklist    []markdown.Item
	Untranslated bool // no file in Lang: shows ContentLang's text
	InMenu       bool // front matter menu: main

	Parent       *Page   // the section above, nil for home
	Pages        []*Page // for sections and home: child pages and sections, by weight then title
	Translations []*Page // the page in the other languages (including untranslated stand-ins), in site order
	Alternates   []*Page // the real translations, this page included, for hreflang
	Site         *Site   // the site in this page's language

	file    *content.File
	doc     *markdown.Doc
	convErr error        // errors of the last conversion of the page's Markdown
	links   []anchorLink // links to anchors of other pages, for validation
}

// IsTranslated reports whether the page exists in its own language.
func (p *Page) IsTranslated() bool { return !p.Untranslated }

// Ancestors returns the sections above the page, home first.
func (p *Page) Ancestors() []*Page {
	var a []*Page
	for q := p.Parent; q != nil; q = q.Parent {
		a = append(a, q)
	}
	slices.Reverse(a)
	return a
}

// ChecklistTags returns the tags of the page's checklist items, each once:
// in the order of the front matter's filters, then any others in the order
// they first appear.
func (p *Page) ChecklistTags() []string {
	used := map[string]bool{}
	var first []string
	for _, it := range p.Checklist {
		for _, t := range it.Tags {
			if !used[t] {
				used[t] = true
				first = append(first, t)
			}
		}
	}
	var tags []string
	if p.file != nil {
		for _, f := range p.file.Meta.Filters {
			if used[f.Key] {
				tags = append(tags, f.Key)
				delete(used, f.Key)
			}
		}
	}
	for _, t := range first {
		if used[t] {
			tags = append(tags, t)
		}
	}
	return tags
}

// Param returns a front matter value, or nil.
func (p *Page) Param(name string) any { return p.Params[name] }

// Site is the site as seen from one language.
type Site struct {
	Lang      Language   // this language
	Languages []Language // all languages in order
	Home      *Page      // this language's home
	Menu      []*Page    // pages with menu: main, by weight then title
	BaseURL   string
	Generated string // "guide"

	pages   map[string]map[string]*Page
	lookups sync.Map // keys templates fetched with Page, for incremental builds

	calc *calculator // the timeline calculator's data (timeline.go)
}

// Page returns the page with translation key key in this language, or nil.
func (s *Site) Page(key string) *Page {
	s.lookups.Store(key, true)
	return s.pages[key][s.Lang.Key]
}

// Result is a built site.
type Result struct {
	Pages    map[string]int // pages per language key
	Files    int            // files written
	Warnings diag.List      // problems that do not stop the build
	Report   *Report        // what guide check needs
}

// Sink receives the built files: a path relative to the output root (slash
// separated, "en/fees/index.html") and its bytes. It is called from several
// goroutines at once and must not keep data after returning unless it copies.
type Sink func(name string, data []byte) error

// Build builds the site in fsys and hands every output file to sink. On
// author errors it returns them all, joined, and the caller must discard
// whatever the sink received.
func Build(fsys fs.FS, opts Options, sink Sink) (*Result, error) {
	b, err := load(fsys, opts)
	if err != nil {
		return nil, err
	}
	return b.render(sink)
}

// builder holds one build's state.
type builder struct {
	fsys    fs.FS
	opts    Options
	cfg     *Config
	cat     *i18n.Catalog
	tmpl    *templates
	content *content.Site
	md      *markdown.Converter
	pages   map[string]map[string]*Page // key → language key → page
	keys    []string                    // sorted
	sites   map[string]*Site
	errs    diag.List
	warns   diag.List

	keep  bool       // keep every page's HTML after writing it (Live)
	cache *convCache // converted Markdown from earlier builds (Live), or nil

	calc *calculator // the timeline calculator's data (timeline.go)
}

func load(fsys fs.FS, opts Options) (*builder, error) {
	cfg, err := LoadConfig(fsys)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
			return nil, fmt.Errorf("-base-url: %v", err)
		}
	}
	b := &builder{fsys: fsys, opts: opts, cfg: cfg, md: markdown.New(markdown.Options{Unsafe: cfg.UnsafeHTML})}
	var l diag.List
	langs := make([]i18n.Language, len(cfg.Languages))
	for i, lang := range cfg.Languages {
		langs[i] = i18n.Language{Key: lang.Key, Tag: lang.Tag}
	}
	cat, err := i18n.Load(fsys, langs)
	l.Add(err)
	b.cat = cat
	if cat != nil {
		tmpl, err := loadTemplates(fsys, cfg, cat, opts.CheckCached)
		l.Add(err)
		b.tmpl = tmpl
	}
	cs, err := content.Load(fsys, cfg.langKeys())
	l.Add(err)
	b.content = cs
	l.Add(b.loadCalculator())
	if err := l.Err(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *builder) lang(key string) Language {
	for _, l := range b.cfg.Languages {
		if l.Key == key {
			return l
		}
	}
	return Language{}
}

// url is the root-relative URL of key in language lang.
func (b *builder) url(lang, key string) string {
	if key == "" {
		return b.cfg.root() + lang + "/"
	}
	return b.cfg.root() + lang + "/" + key + "/"
}

// index creates a page for every key in every language.
func (b *builder) index() {
	files := map[string]map[string]*content.File{}
	b.pages = map[string]map[string]*Page{}
	for _, f := range b.content.Files {
		if f.Meta.Draft && !b.opts.Drafts {
			continue
		}
		if files[f.Key] == nil {
			files[f.Key] = map[string]*content.File{}
		}
		files[f.Key][f.Lang] = f
	}
	// Sections without an _index file and the home page always exist.
	if files[""] == nil {
		files[""] = map[string]*content.File{}
	}
	dirs := map[string]bool{}
	for key := range files {
		for d := path.Dir(key); key != "" && d != "."; d = path.Dir(d) {
			dirs[d] = true
			if files[d] == nil {
				files[d] = map[string]*content.File{}
			}
		}
	}
	b.sites = map[string]*Site{}
	for _, lang := range b.cfg.Languages {
		b.sites[lang.Key] = &Site{Lang: lang, Languages: b.cfg.Languages, BaseURL: b.cfg.BaseURL, Generated: "guide", pages: b.pages, calc: b.calc}
	}
	for key, byLang := range files {
		b.keys = append(b.keys, key)
		b.pages[key] = map[string]*Page{}
		var source *content.File // what untranslated pages show
		for _, lang := range b.cfg.Languages {
			if f := byLang[lang.Key]; f != nil {
				source = f
				break
			}
		}
		for _, lang := range b.cfg.Languages {
			p := &Page{Key: key, Lang: lang, URL: b.url(lang.Key, key), Site: b.sites[lang.Key], Kind: "page"}
			if key == "" {
				p.Kind = "home"
			} else if dirs[key] {
				p.Kind = "section"
			}
			f := byLang[lang.Key]
			if f == nil && source != nil {
				f = source
				p.Untranslated = true
			}
			p.file = f
			p.ContentLang = lang
			if f != nil {
				b.setMeta(p, f)
				if f.Section && p.Kind == "page" {
					p.Kind = "section"
				}
			} else {
				p.Title = path.Base(key) // a section with pages but no _index file
				if key == "" {
					p.Title, _ = b.cat.T(lang.Key, "site_title")
				}
			}
			p.Permalink = b.cfg.abs(p.URL)
			p.Canonical = p.Permalink
			b.pages[key][lang.Key] = p
		}
	}
	slices.Sort(b.keys)
	for _, key := range b.keys {
		byLang := b.pages[key]
		var alts []*Page
		for _, lang := range b.cfg.Languages {
			if p := byLang[lang.Key]; !p.Untranslated && p.file != nil {
				alts = append(alts, p)
			}
		}
		for _, lang := range b.cfg.Languages {
			p := byLang[lang.Key]
			p.Alternates = alts
			if p.Untranslated {
				p.Canonical = byLang[p.file.Lang].Permalink
			}
			for _, other := range b.cfg.Languages {
				if other.Key != lang.Key {
					p.Translations = append(p.Translations, byLang[other.Key])
				}
			}
			if key != "" {
				p.Parent = b.pages[parentKey(key)][lang.Key]
				p.Parent.Pages = append(p.Parent.Pages, p)
			}
			if p.InMenu {
				p.Site.Menu = append(p.Site.Menu, p)
			}
		}
	}
	for _, lang := range b.cfg.Languages {
		s := b.sites[lang.Key]
		s.Home = b.pages[""][lang.Key]
		sortPages(s.Menu)
		for _, key := range b.keys {
			sortPages(b.pages[key][lang.Key].Pages)
		}
	}
}

// setMeta copies a file's language and front matter into the page.
func (b *builder) setMeta(p *Page, f *content.File) {
	p.ContentLang = b.lang(f.Lang)
	m := f.Meta
	p.Title, p.Description, p.Weight = m.Title, m.Description, m.Weight
	p.Date, p.Lastmod, p.Reviewed, p.Params, p.InMenu = m.Date.Time, m.Lastmod.Time, m.Reviewed.Time, m.Params, m.Menu == "main"
}

func parentKey(key string) string {
	d := path.Dir(key)
	if d == "." {
		return ""
	}
	return d
}

func sortPages(ps []*Page) {
	slices.SortStableFunc(ps, func(a, b *Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), b.Date.Compare(a.Date), strings.Compare(a.Title, b.Title), strings.Compare(a.Key, b.Key))
	})
}

// resolve maps a content link target ("documents/spouse.md", "fees.en.md",
// "documents/_index.md", "documents/") to a key and language key ("" for the
// linking page's language).
func (b *builder) resolve(target string) (key, lang string, ok bool) {
	t := strings.TrimSuffix(target, ".md")
	dir, base := path.Split(t)
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		if l := base[i+1:]; b.lang(l).Key != "" {
			lang, base = l, base[:i]
		}
	}
	key = strings.TrimSuffix(dir, "/")
	if base != "_index" {
		key = path.Join(key, base)
	}
	if key == "." {
		key = ""
	}
	_, ok = b.pages[key]
	return key, lang, ok
}
