package site

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"time"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/markdown"
)

// Kinds of page.
const (
	kindHome    = "home"
	kindSection = "section"
	kindPage    = "page"
	kind404     = "404"
	kindRoot    = "root"
)

// model is the page model of one build: every page in every language. It is
// complete before any template runs and never changes afterwards; templates
// read it through views (view.go).
type model struct {
	src      *sources
	cfg      *Config
	langs    []Language
	keys     []string           // translation keys, sorted ("" is home)
	pages    map[string][]*page // key → the page in each language, in site order
	menus    [][]*page          // per language: pages with menu: main, in order
	special  []*page            // the 404 page of each language, then the root
	conv     map[string]*converted
	drift    *Drift                // translations compared with their sources (drift.go)
	results  map[string]*keyResult // by key (keys.go)
	checked  map[string]*keyCheck  // what validate found, by key
	noSearch bool                  // Options.noSearch: no search documents are made
}

// page is one page in one language. Its fields are set by index and
// convert, and read-only afterwards.
type page struct {
	id           int32  // stable across the builds of a Live (interner)
	key          string // translation key; "404:<lang>" and "root" for the special pages
	kind         string
	lang         int           // index in model.langs: the language of the URL and interface
	file         *content.File // the text shown; nil for a section without _index file
	clang        int           // the language the text is written in (differs when untranslated)
	untranslated bool

	title, description string
	weight             int
	date, lastmod      time.Time
	reviewed           time.Time
	params             map[string]any
	inMenu             bool
	layout             string // the template that renders it

	url, permalink, canonical string
	out                       string // output file name: "en/fees/index.html"

	html    string   // the converted Markdown in this page's language
	notices []notice // for readers, to insert into it (drift.go)
	doc     *markdown.Doc

	parent       *page
	children     []*page // sections' and home's pages, in order
	translations []*page // the page in the other languages, in site order
	alternates   []*page // the real translations, this one included, for hreflang
}

// index makes the page model of the sources. Pages get their numbers from
// the sources' interner (a Live keeps one across builds).
func index(src *sources, opts Options) *model {
	ids := src.ids
	cfg := src.cfg
	m := &model{src: src, cfg: cfg, langs: cfg.Languages, pages: map[string][]*page{}, conv: map[string]*converted{}, noSearch: opts.noSearch}
	files := map[string]map[string]*content.File{}
	for _, f := range src.content.Files {
		if f.Meta.Draft && !opts.Drafts {
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
	for key := range files {
		m.keys = append(m.keys, key)
	}
	slices.Sort(m.keys)
	m.menus = make([][]*page, len(m.langs))
	for _, key := range m.keys {
		byLang := files[key]
		var source *content.File // what untranslated pages show
		for _, lang := range m.langs {
			if f := byLang[lang.Key]; f != nil {
				source = f
				break
			}
		}
		ps := make([]*page, len(m.langs))
		for i, lang := range m.langs {
			p := &page{id: ids.page(lang.Key, key), key: key, lang: i, clang: i, kind: kindPage, url: m.url(lang.Key, key)}
			switch {
			case key == "":
				p.kind = kindHome
			case dirs[key]:
				p.kind = kindSection
			}
			f := byLang[lang.Key]
			if f == nil && source != nil {
				f, p.untranslated = source, true
			}
			p.file = f
			if f != nil {
				m.setMeta(p, f)
				if f.Section && p.kind == kindPage {
					p.kind = kindSection
				}
			} else {
				p.title = path.Base(key) // a section with pages but no _index file
				if key == "" {
					p.title, _ = src.cat.T(lang.Key, "site_title")
				}
			}
			p.layout = p.kind
			if f != nil && f.Meta.Layout != "" {
				p.layout = f.Meta.Layout
			}
			p.permalink = cfg.abs(p.url)
			p.canonical = p.permalink
			p.out = strings.TrimPrefix(p.url, cfg.root()) + "index.html"
			ps[i] = p
		}
		m.pages[key] = ps
	}
	for _, key := range m.keys {
		ps := m.pages[key]
		var alts []*page
		for _, p := range ps {
			if !p.untranslated && p.file != nil {
				alts = append(alts, p)
			}
		}
		for i, p := range ps {
			p.alternates = alts
			if p.untranslated {
				p.canonical = m.pages[key][m.langIndex(p.file.Lang)].permalink
			}
			for j, other := range ps {
				if j != i {
					p.translations = append(p.translations, other)
				}
			}
			if key != "" {
				p.parent = m.pages[parentKey(key)][i]
				p.parent.children = append(p.parent.children, p)
			}
			if p.inMenu {
				m.menus[i] = append(m.menus[i], p)
			}
		}
	}
	for i := range m.langs {
		sortPages(m.menus[i])
		for _, key := range m.keys {
			sortPages(m.pages[key][i].children)
		}
	}
	m.special = m.specialPages(ids)
	return m
}

// content is the page's HTML as readers get it: with its notices.
func (p *page) content() string {
	if len(p.notices) == 0 {
		return p.html
	}
	return withNotices(p.html, p.notices)
}

// setMeta copies a file's language and front matter into the page.
func (m *model) setMeta(p *page, f *content.File) {
	p.clang = m.langIndex(f.Lang)
	meta := f.Meta
	p.title, p.description, p.weight = meta.Title, meta.Description, meta.Weight
	p.date, p.lastmod, p.reviewed = meta.Date.Time, meta.Lastmod.Time, meta.Reviewed.Time
	p.params, p.inMenu = meta.Params, meta.Menu == "main"
}

// specialPages are what the 404 pages and the root execute with.
func (m *model) specialPages(ids *interner) []*page {
	var out []*page
	for i, lang := range m.langs {
		title, _ := m.src.cat.T(lang.Key, "not_found_title")
		key := kind404 + ":" + lang.Key
		p := &page{id: ids.page(lang.Key, key), key: key, kind: kind404, lang: i, clang: i, title: title, layout: kind404,
			url: m.cfg.root() + lang.Key + "/404.html", out: lang.Key + "/404.html", parent: m.pages[""][i]}
		p.permalink = m.cfg.abs(p.url)
		p.canonical = p.permalink
		out = append(out, p)
	}
	for i, p := range out {
		for j, q := range out {
			if j != i {
				p.translations = append(p.translations, q)
			}
		}
	}
	home := m.pages[""][0]
	root := *home
	root.id, root.key, root.kind, root.layout = ids.page(m.langs[0].Key, kindRoot), kindRoot, kindRoot, kindRoot
	root.url = m.cfg.root()
	root.permalink = m.cfg.abs(root.url)
	root.canonical = root.permalink
	root.out = "index.html"
	root.parent, root.children, root.alternates = nil, nil, nil
	root.translations = slices.Clone(m.pages[""])
	return append(out, &root)
}

func (m *model) langIndex(key string) int {
	for i, l := range m.langs {
		if l.Key == key {
			return i
		}
	}
	return -1
}

// url is the root-relative URL of key in language lang.
func (m *model) url(lang, key string) string {
	if key == "" {
		return m.cfg.root() + lang + "/"
	}
	return m.cfg.root() + lang + "/" + key + "/"
}

// page returns the page of key in language i, or nil.
func (m *model) page(key string, i int) *page {
	if ps := m.pages[key]; ps != nil {
		return ps[i]
	}
	return nil
}

func parentKey(key string) string {
	d := path.Dir(key)
	if d == "." {
		return ""
	}
	return d
}

func sortPages(ps []*page) {
	slices.SortStableFunc(ps, func(a, b *page) int {
		return cmp.Or(cmp.Compare(a.weight, b.weight), b.date.Compare(a.date), strings.Compare(a.title, b.title), strings.Compare(a.key, b.key))
	})
}

// resolve maps a content link target ("documents/spouse.md", "fees.en.md",
// "documents/_index.md", "documents/") to a key and language key ("" for the
// linking page's language).
func (m *model) resolve(target string) (key, lang string, ok bool) {
	t := strings.TrimSuffix(target, ".md")
	dir, base := path.Split(t)
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		if l := base[i+1:]; m.langIndex(l) >= 0 {
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
	_, ok = m.pages[key]
	return key, lang, ok
}

// all lists every page of every language, in key order, then the special
// pages.
func (m *model) all() []*page {
	out := make([]*page, 0, len(m.keys)*len(m.langs)+len(m.special))
	for _, key := range m.keys {
		out = append(out, m.pages[key]...)
	}
	return append(out, m.special...)
}

// job is one output a template renders.
type job struct {
	out  string
	page *page
}

// jobs are the outputs the templates render: every page, the 404 pages (the
// default language's twice: also as /404.html) and the root.
func (m *model) jobs() []job {
	var out []job
	for _, p := range m.all() {
		out = append(out, job{p.out, p})
		if p.kind == kind404 && p.lang == 0 {
			out = append(out, job{"404.html", p})
		}
	}
	return out
}

// warnings are the problems that do not stop the build: UI strings that a
// language lacks, data files no feature reads.
func (m *model) warnings() diag.List {
	l := slices.Clone(m.src.warns)
	missing := m.src.cat.Missing()
	for _, lang := range m.langs {
		for _, id := range missing[lang.Key] {
			l.Addf(LocaleDir+"/"+lang.Key+".yaml", 0, "UI string %q is missing; the text of another language is used", id)
		}
	}
	return l.Sorted()
}
