package site

import (
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"guide/internal/content"
	"guide/internal/markdown"
)

// Page is a page as templates see it: the dot of a page template. Its methods
// are all templates can read of a page, and each records what it read for
// incremental rebuilds (deps.go).
type Page struct {
	p *page
	m *model
	r *recorder
}

func (m *model) view(p *page, r *recorder) *Page {
	if p == nil {
		return nil
	}
	return &Page{p: p, m: m, r: r}
}

func (m *model) views(ps []*page, r *recorder) []*Page {
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = m.view(p, r)
	}
	return out
}

func (v *Page) read(f field) { v.r.page(v.p.id, f) }

// Key is the translation key: "documents/spouse"; "" for home.
func (v *Page) Key() string { return v.p.key }

// Kind is "home", "section", "page", "404" or "root".
func (v *Page) Kind() string { v.read(fKind); return v.p.kind }

// Lang is the language of the URL and of the interface.
func (v *Page) Lang() Language { return v.m.langs[v.p.lang] }

// ContentLang is the language the text is written in; it differs from Lang
// when the page is not translated.
func (v *Page) ContentLang() Language { v.read(fUntranslated); return v.m.langs[v.p.clang] }

// Untranslated reports that the page has no file in its language and shows
// ContentLang's text.
func (v *Page) Untranslated() bool { v.read(fUntranslated); return v.p.untranslated }

// IsTranslated reports whether the page exists in its own language.
func (v *Page) IsTranslated() bool { return !v.Untranslated() }

// Title is the front matter's title.
func (v *Page) Title() string { v.read(fTitle); return v.p.title }

// Description is the front matter's description.
func (v *Page) Description() string { v.read(fDescription); return v.p.description }

// Weight is the front matter's weight.
func (v *Page) Weight() int { v.read(fWeight); return v.p.weight }

// Date is the front matter's date.
func (v *Page) Date() time.Time { v.read(fDates); return v.p.date }

// Lastmod is the front matter's lastmod.
func (v *Page) Lastmod() time.Time { v.read(fDates); return v.p.lastmod }

// Reviewed is the front matter's reviewed date.
func (v *Page) Reviewed() time.Time { v.read(fDates); return v.p.reviewed }

// Params is the whole front matter. Templates must not change it.
func (v *Page) Params() map[string]any { v.read(fParams); return v.p.params }

// Param returns a front matter value, or nil.
func (v *Page) Param(name string) any { v.read(fParams); return v.p.params[name] }

// URL is root-relative: /en/documents/spouse/.
func (v *Page) URL() string { v.read(fURL); return v.p.url }

// Permalink is the URL, absolute when the base URL is.
func (v *Page) Permalink() string { v.read(fURL); return v.p.permalink }

// Canonical is the Permalink, or the original's for an untranslated page.
func (v *Page) Canonical() string { v.read(fCanonical); return v.p.canonical }

// Content is the converted Markdown.
func (v *Page) Content() template.HTML { v.read(fContent); return template.HTML(v.p.content()) }

// Headings are the page's headings, in order.
func (v *Page) Headings() []markdown.Heading {
	v.read(fHeadings)
	if v.p.doc == nil {
		return nil
	}
	return v.p.doc.Headings
}

// Checklist are the page's checklist items, in order.
func (v *Page) Checklist() []markdown.Item {
	v.read(fChecklist)
	if v.p.doc == nil {
		return nil
	}
	return v.p.doc.Checklist
}

// ItemPair is a checklist item of a page and the item with the same ID in a
// translation of it (empty when the translation has none).
type ItemPair struct {
	ID           string
	Mine, Theirs template.HTML // the labels as inline HTML
}

// ChecklistPairs pairs the page's checklist items, in its order, with those
// of other that have the same IDs: for a table of a checklist in two
// languages.
func (v *Page) ChecklistPairs(other *Page) []ItemPair {
	theirs := map[string]template.HTML{}
	for _, it := range other.Checklist() {
		theirs[it.ID] = it.HTML
	}
	mine := v.Checklist()
	pairs := make([]ItemPair, len(mine))
	for i, it := range mine {
		pairs[i] = ItemPair{ID: it.ID, Mine: it.HTML, Theirs: theirs[it.ID]}
	}
	return pairs
}

// Questions are the questions the page's checklist asks its reader (the
// front matter's questions:), in the author's order, each with its answers
// (Key the tag, Value the label) in order; see package checklist.
func (v *Page) Questions() []content.Question {
	v.read(fParams)
	if v.p.file == nil {
		return nil
	}
	return v.p.file.Meta.Questions
}

// InMenu reports the front matter's menu: main.
func (v *Page) InMenu() bool { v.read(fInMenu); return v.p.inMenu }

// Parent is the section above, nil for home.
func (v *Page) Parent() *Page { v.read(fParent); return v.m.view(v.p.parent, v.r) }

// Ancestors returns the sections above the page, home first.
func (v *Page) Ancestors() []*Page {
	var a []*Page
	for q := v.Parent(); q != nil; q = q.Parent() {
		a = append(a, q)
	}
	slices.Reverse(a)
	return a
}

// Pages are, for sections and home, the pages and sections below, by weight,
// then date (newest first), then title.
func (v *Page) Pages() []*Page { v.read(fChildren); return v.m.views(v.p.children, v.r) }

// Translations are the page in the other languages (untranslated stand-ins
// included), in site order.
func (v *Page) Translations() []*Page {
	v.read(fTranslations)
	return v.m.views(v.p.translations, v.r)
}

// Alternates are the real translations, this page included, for hreflang.
func (v *Page) Alternates() []*Page { v.read(fAlternates); return v.m.views(v.p.alternates, v.r) }

// Site is the site in this page's language.
func (v *Page) Site() *Site { return &Site{m: v.m, lang: v.p.lang, r: v.r} }

// Site is the site as seen from one language.
type Site struct {
	m    *model
	lang int
	r    *recorder
}

// Lang is this language.
func (s *Site) Lang() Language { return s.m.langs[s.lang] }

// Languages are all languages in order, the default first.
func (s *Site) Languages() []Language { return s.m.langs }

// BaseURL is the address the site is published at ("/" when not known).
func (s *Site) BaseURL() string { return s.m.cfg.BaseURL }

// SearchIndex is the URL of the directory of this language's search index
// (package search), for templates/assets/search.js: "/search/en/".
func (s *Site) SearchIndex() string {
	return s.m.cfg.root() + searchDir + s.m.langs[s.lang].Key + "/"
}

// Worker is the URL of this language's offline worker (package offline),
// for templates/assets/offline.js: "/en/sw.js"; "" when site.yaml does not
// say offline: true.
func (s *Site) Worker() string {
	if !s.m.cfg.Offline {
		return ""
	}
	return s.m.cfg.root() + workerName(s.m.langs[s.lang])
}

// Generated names the generator: "guide".
func (s *Site) Generated() string { return "guide" }

// Feedback is where a reader reports a problem with page p: site.yaml's
// feedback with {url} and {title} filled in (escaped for a URL), or a
// mailto: link with the page in the subject; "" when the site has none.
func (s *Site) Feedback(p *Page) string {
	f := strings.TrimSpace(s.m.cfg.Feedback)
	if f == "" || p == nil {
		return ""
	}
	u, title := p.Permalink(), p.Title()
	if strings.Contains(f, "@") && !strings.Contains(f, "://") {
		return "mailto:" + strings.TrimPrefix(f, "mailto:") + "?subject=" + url.QueryEscape(title+" ("+u+")")
	}
	return strings.NewReplacer("{url}", url.QueryEscape(u), "{title}", url.QueryEscape(title)).Replace(f)
}

// Home is this language's home page.
func (s *Site) Home() *Page { return s.m.view(s.m.pages[""][s.lang], s.r) }

// Menu are the pages with menu: main, by weight, then date, then title.
func (s *Site) Menu() []*Page {
	s.r.page(s.m.pages[""][s.lang].id, fMenu)
	return s.m.views(s.m.menus[s.lang], s.r)
}

// Page returns the page with translation key key in this language, or nil.
func (s *Site) Page(key string) *Page {
	p := s.m.page(key, s.lang)
	if p == nil {
		s.r.page(s.m.src.ids.page(s.m.langs[s.lang].Key, key), fExists)
		return nil
	}
	s.r.page(p.id, fExists)
	return s.m.view(p, s.r)
}
