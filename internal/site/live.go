package site

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/markdown"
)

// Live is a site kept in memory for previews. Update rebuilds what a change
// needs and reports which output files changed:
//
//   - an edit to the body of a page re-renders that page in every language
//     that shows it (its translations' stand-ins included);
//   - an edit to its front matter (title, weight, menu, dates) also
//     re-renders its section, the pages below it, and every page when the page
//     is in the navigation, is the home page, or is looked up by a template
//     through .Site.Page;
//   - the sitemap, feeds and other site-wide files are remade each time and
//     count as changed only when their bytes change;
//   - new, renamed and deleted files, templates, locales and site.yaml cause a
//     full build, which reuses the Markdown of unchanged pages when the set of
//     pages and the UI strings are unchanged.
//
// A Live is not safe for concurrent use.
type Live struct {
	fsys  fs.FS
	opts  Options
	b     *builder          // the state of the last successful build
	files map[string][]byte // its outputs
	cache *convCache
	stale map[*Page]bool // pages rendered by a failed update: render again next time
	dirty bool           // a full build failed: the next update must be full too
}

// NewLive returns a Live for the site in fsys. Nothing is built until the
// first Update.
func NewLive(fsys fs.FS, opts Options) *Live {
	return &Live{fsys: fsys, opts: opts, files: map[string][]byte{}}
}

// File returns an output file of the last successful build.
func (l *Live) File(name string) ([]byte, bool) {
	data, ok := l.files[name]
	return data, ok
}

// Files returns the names of all output files.
func (l *Live) Files() []string { return slices.Sorted(maps.Keys(l.files)) }

// Change is what an Update did.
type Change struct {
	Changed []string // output files added or whose bytes changed
	Removed []string // output files that no longer exist
	Full    bool     // the whole site was rebuilt
	Result  *Result
}

// Update brings the site up to date after the source files in changed (paths
// relative to the site root, slash-separated) changed; nil means "anything
// may have changed" and builds everything. On error the previous outputs stay
// as they were.
func (l *Live) Update(changed []string) (*Change, error) {
	if l.b != nil && !l.dirty && changed != nil && l.pagesOnly(changed) {
		return l.fast(changed)
	}
	ch, err := l.full()
	l.dirty = err != nil
	return ch, err
}

// pagesOnly reports whether every changed path is an existing page file of
// the last build that still exists.
func (l *Live) pagesOnly(changed []string) bool {
	for _, p := range changed {
		if !strings.HasPrefix(p, content.Dir+"/") || !strings.HasSuffix(p, ".md") || l.b.file(p) == nil {
			return false
		}
		if _, err := fs.Stat(l.fsys, p); err != nil {
			return false
		}
	}
	return true
}

func (l *Live) full() (*Change, error) {
	b, err := load(l.fsys, l.opts)
	if err != nil {
		return nil, err
	}
	b.keep = true
	sig := b.signature()
	if l.cache == nil || l.cache.sig != sig {
		l.cache = &convCache{sig: sig, docs: map[convKey]*markdown.Doc{}}
	}
	b.cache = l.cache
	var mu sync.Mutex
	files := map[string][]byte{}
	res, err := b.render(func(name string, data []byte) error {
		mu.Lock()
		files[name] = data
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	ch := diff(l.files, files)
	ch.Full, ch.Result = true, res
	l.b, l.files, l.stale = b, files, nil
	return ch, nil
}

// fast handles edits to existing pages.
func (l *Live) fast(changed []string) (*Change, error) {
	b := l.b
	b.tmpl.forget() // what the pages re-rendered below show must be made afresh
	var edited []*content.File
	for _, p := range changed {
		old := b.file(p)
		src, err := fs.ReadFile(l.fsys, p)
		if err != nil {
			return nil, diag.Errorf(p, 0, "%v", unwrap(err))
		}
		f, err := content.Parse(p, content.Name{Key: old.Key, Lang: old.Lang, Section: old.Section}, src)
		if err != nil {
			return nil, err
		}
		if f.Sum == old.Sum {
			continue
		}
		if f.Meta.Draft != old.Meta.Draft {
			return l.Update(nil)
		}
		edited = append(edited, f)
	}
	if len(edited) == 0 {
		return &Change{}, nil
	}
	affected := map[*Page]bool{}
	everything, navChanged := false, false
	for _, f := range edited {
		old := b.file(f.Path)
		b.replaceFile(f)
		for _, lang := range b.cfg.Languages {
			if p := b.pages[f.Key][lang.Key]; p.file == f {
				affected[p] = true
			}
		}
		if navigational(old.Meta) == navigational(f.Meta) {
			continue
		}
		navChanged = true
		if f.Key == "" || old.Meta.Menu == "main" || f.Meta.Menu == "main" || b.lookedUp(f.Key) {
			everything = true
		}
		b.resort(f.Key)
		for _, key := range b.keys {
			if key == parentKey(f.Key) || strings.HasPrefix(key, f.Key+"/") || key == f.Key {
				for _, lang := range b.cfg.Languages {
					affected[b.pages[key][lang.Key]] = true
				}
			}
		}
	}
	for p := range l.stale {
		affected[p] = true
	}
	var pages []*Page
	if everything {
		pages = b.allPages()
	} else {
		for p := range affected {
			pages = append(pages, p)
		}
	}
	// If this update fails, the pages it touched must be rendered again by
	// the next one, whatever that one changes.
	l.stale = map[*Page]bool{}
	for _, p := range pages {
		l.stale[p] = true
	}
	// Markdown first (only for pages whose file changed), then templates.
	b.errs = nil
	var mu sync.Mutex
	out := map[string][]byte{}
	converted := map[*Page]bool{}
	for _, p := range pages {
		converted[p] = p.file != nil && slices.Contains(edited, p.file)
	}
	parallel(len(pages), func(i int) {
		p := pages[i]
		var err error
		if converted[p] {
			err = b.convert(p)
		}
		var data []byte
		if err == nil {
			data, err = b.tmpl.execute(p.Lang.Key, b.layout(p), p)
		}
		mu.Lock()
		defer mu.Unlock()
		b.errs.Add(err)
		out[strings.TrimPrefix(p.URL, b.cfg.root())+"index.html"] = data
	})
	for _, p := range b.allPages() {
		if !converted[p] {
			b.errs.Add(p.convErr) // still broken from an earlier update
		}
	}
	keys, feeds := map[string]bool{}, map[string]bool{}
	for _, f := range edited {
		keys[f.Key] = true
		feeds[parentKey(f.Key)] = true
	}
	b.validate(keys)
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	for _, f := range b.extras(navChanged, feeds) {
		out[f.name] = f.data
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	l.stale = nil
	ch := &Change{}
	for name, data := range out {
		if old, ok := l.files[name]; !ok || !bytes.Equal(old, data) {
			ch.Changed = append(ch.Changed, name)
			l.files[name] = data
		}
	}
	slices.Sort(ch.Changed)
	ch.Result = &Result{Pages: map[string]int{}} // no Report: guide check builds in full
	return ch, nil
}

// navigational is the part of the front matter that other pages show.
type navMeta struct {
	Title, Description, Menu string
	Weight                   int
	Date, Lastmod            int64
	Feed                     bool
}

func navigational(m content.Meta) navMeta {
	return navMeta{m.Title, m.Description, m.Menu, m.Weight, m.Date.Unix(), m.Lastmod.Unix(), m.Feed}
}

func diff(old, cur map[string][]byte) *Change {
	ch := &Change{}
	for name, data := range cur {
		if o, ok := old[name]; !ok || !bytes.Equal(o, data) {
			ch.Changed = append(ch.Changed, name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			ch.Removed = append(ch.Removed, name)
		}
	}
	slices.Sort(ch.Changed)
	slices.Sort(ch.Removed)
	return ch
}

// convCache keeps converted Markdown between builds while the set of pages
// and the UI strings (which the Markdown of a page depends on) are the same.
type convCache struct {
	sig  [32]byte
	mu   sync.Mutex
	docs map[convKey]*markdown.Doc
}

type convKey struct {
	path string
	lang string // the language the page is shown in: links resolve to it
	sum  [32]byte
}

func (c *convCache) get(k convKey) *markdown.Doc {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.docs[k]
}

func (c *convCache) put(k convKey, d *markdown.Doc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs[k] = d
}

// signature identifies what converted Markdown depends on besides its own
// file: the pages that exist and the UI strings.
func (b *builder) signature() [32]byte {
	h := sha256.New()
	for _, f := range b.content.Files {
		if f.Meta.Draft && !b.opts.Drafts {
			continue
		}
		h.Write([]byte(f.Key + "\x00" + f.Lang + "\x00"))
	}
	for _, lang := range b.cfg.Languages {
		for _, id := range b.cat.IDs(lang.Key) {
			s, _ := b.cat.T(lang.Key, id)
			h.Write([]byte(lang.Key + "\x00" + id + "\x00" + s + "\x00"))
		}
	}
	h.Write([]byte(b.cfg.BaseURL))
	var sig [32]byte
	h.Sum(sig[:0])
	return sig
}

// file returns the loaded file with path p, or nil.
func (b *builder) file(p string) *content.File {
	i, ok := slices.BinarySearchFunc(b.content.Files, p, func(f *content.File, p string) int { return strings.Compare(f.Path, p) })
	if !ok {
		return nil
	}
	return b.content.Files[i]
}

// replaceFile puts an edited file in place of the loaded one, in the pages
// that show it.
func (b *builder) replaceFile(f *content.File) {
	i, _ := slices.BinarySearchFunc(b.content.Files, f.Path, func(f *content.File, p string) int { return strings.Compare(f.Path, p) })
	old := b.content.Files[i]
	b.content.Files[i] = f
	for _, lang := range b.cfg.Languages {
		if p := b.pages[f.Key][lang.Key]; p.file == old {
			p.file = f
			b.setMeta(p, f)
		}
	}
}

// resort restores the order of the lists that include key after its weight
// or title changed.
func (b *builder) resort(key string) {
	for _, lang := range b.cfg.Languages {
		s := b.sites[lang.Key]
		s.Menu = s.Menu[:0]
		for _, k := range b.keys {
			if p := b.pages[k][lang.Key]; p.InMenu {
				s.Menu = append(s.Menu, p)
			}
		}
		sortPages(s.Menu)
		if key != "" {
			sortPages(b.pages[parentKey(key)][lang.Key].Pages)
		}
	}
}

// lookedUp reports whether a template fetched the page with .Site.Page.
func (b *builder) lookedUp(key string) bool {
	for _, s := range b.sites {
		if _, ok := s.lookups.Load(key); ok {
			return true
		}
	}
	return false
}
