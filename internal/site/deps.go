package site

import (
	"cmp"
	"maps"
	"reflect"
	"slices"
	"sync"
)

// What an output read while its templates ran, recorded so that a Live can
// re-render exactly the outputs an edit touches.
//
// A read is of one field of one page (its title, its content, the list of
// its children…), of a UI string, or of a thing: a layout, an asset, a
// feature's functions. Pages and things are known by numbers that stay the
// same across the builds of a Live (interner), so that the reads recorded in
// one build can be compared with the changes of the next.

// field is a part of a page that templates can read, as a bit.
type field uint32

const (
	fExists       field = 1 << iota // whether the page exists (Site.Page on a key that may come or go)
	fKind                           // Kind
	fTitle                          // Title
	fDescription                    // Description
	fWeight                         // Weight
	fDates                          // Date, Lastmod, Reviewed
	fParams                         // Params, Param, Questions (the front matter a template may read)
	fURL                            // URL, Permalink
	fCanonical                      // Canonical
	fContent                        // Content
	fHeadings                       // Headings
	fChecklist                      // Checklist
	fUntranslated                   // Untranslated, IsTranslated, ContentLang
	fInMenu                         // InMenu
	fParent                         // Parent, Ancestors
	fChildren                       // Pages
	fTranslations                   // Translations
	fAlternates                     // Alternates
	fMenu                           // on a home page: Site.Menu of its language
	fLayout                         // the layout it renders with (its own output only)
	fAll          field = 1<<iota - 1
)

// compare returns the fields in which two versions of a page differ (a or b
// nil: the page exists in one build only).
func compare(a, b *page) field {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil || b == nil:
		return fAll
	}
	var f field
	diff := func(bit field, same bool) {
		if !same {
			f |= bit
		}
	}
	diff(fKind, a.kind == b.kind)
	diff(fTitle, a.title == b.title)
	diff(fDescription, a.description == b.description)
	diff(fWeight, a.weight == b.weight)
	diff(fDates, a.date.Equal(b.date) && a.lastmod.Equal(b.lastmod) && a.reviewed.Equal(b.reviewed))
	diff(fParams, (a.file == nil) == (b.file == nil) && reflect.DeepEqual(a.params, b.params))
	diff(fURL, a.url == b.url && a.permalink == b.permalink)
	diff(fCanonical, a.canonical == b.canonical)
	diff(fContent, a.html == b.html && slices.Equal(a.notices, b.notices))
	diff(fHeadings, a.doc == b.doc || a.doc != nil && b.doc != nil && reflect.DeepEqual(a.doc.Headings, b.doc.Headings))
	diff(fChecklist, a.doc == b.doc || a.doc != nil && b.doc != nil && reflect.DeepEqual(a.doc.Checklist, b.doc.Checklist))
	diff(fUntranslated, a.untranslated == b.untranslated && a.clang == b.clang)
	diff(fInMenu, a.inMenu == b.inMenu)
	diff(fParent, samePage(a.parent, b.parent))
	diff(fChildren, samePages(a.children, b.children))
	diff(fTranslations, samePages(a.translations, b.translations))
	diff(fAlternates, samePages(a.alternates, b.alternates))
	diff(fLayout, a.layout == b.layout)
	return f
}

func samePage(a, b *page) bool {
	return a == nil && b == nil || a != nil && b != nil && a.id == b.id
}

func samePages(a, b []*page) bool {
	return slices.EqualFunc(a, b, samePage)
}

// interner numbers pages and things, the same way for the whole life of a
// Live. It is safe for concurrent use.
type interner struct {
	mu  sync.Mutex
	ids map[string]int32
}

func newInterner() *interner { return &interner{ids: map[string]int32{}} }

func (in *interner) id(kind byte, name string) int32 {
	in.mu.Lock()
	defer in.mu.Unlock()
	k := string(kind) + name
	id, ok := in.ids[k]
	if !ok {
		id = int32(len(in.ids))
		in.ids[k] = id
	}
	return id
}

// page numbers the page of key in language lang.
func (in *interner) page(lang, key string) int32 { return in.id('p', lang+"\x00"+key) }

// thing numbers a layout, an asset, a feature or a UI string.
func (in *interner) thing(kind byte, name string) int32 { return in.id(kind, name) }

// Kinds of thing.
const (
	thingLayout  = 'l'
	thingAsset   = 'a'
	thingFeature = 'f'
	thingUI      = 'u'
	thingCached  = 'c'
)

// recorder collects the reads of one output (or of one cached template's
// output). A nil recorder records nothing. It is used by one goroutine.
type recorder struct {
	pages  map[int32]field
	things map[int32]bool
}

func newRecorder() *recorder {
	return &recorder{pages: map[int32]field{}, things: map[int32]bool{}}
}

func (r *recorder) page(id int32, f field) {
	if r != nil {
		r.pages[id] |= f
	}
}

func (r *recorder) thing(id int32) {
	if r != nil {
		r.things[id] = true
	}
}

// add records everything d records.
func (r *recorder) add(d *deps) {
	if r == nil || d == nil {
		return
	}
	for _, pr := range d.pages {
		r.pages[pr.id] |= pr.fields
	}
	for _, id := range d.things {
		r.things[id] = true
	}
}

// deps are the reads of one output, compact and sorted.
type deps struct {
	pages  []pageRead
	things []int32
}

type pageRead struct {
	id     int32
	fields field
}

func (r *recorder) deps() *deps {
	if r == nil {
		return nil
	}
	d := &deps{things: slices.Sorted(maps.Keys(r.things))}
	for id, f := range r.pages {
		d.pages = append(d.pages, pageRead{id, f})
	}
	slices.SortFunc(d.pages, func(a, b pageRead) int { return cmp.Compare(a.id, b.id) })
	return d
}

// changes are what differs between two builds.
type changes struct {
	all    bool            // everything may have changed (site.yaml)
	pages  map[int32]field // page → fields that differ
	things map[int32]bool
}

// touches reports whether an output that read d must be rendered again.
func (c *changes) touches(d *deps) bool {
	if c.all || d == nil {
		return true
	}
	for _, pr := range d.pages {
		if c.pages[pr.id]&pr.fields != 0 {
			return true
		}
	}
	for _, id := range d.things {
		if c.things[id] {
			return true
		}
	}
	return false
}
