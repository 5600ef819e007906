package site

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"guide/internal/diag"
	"guide/internal/offline"
)

// Live is a site kept in memory for previews. Update brings it up to date
// after source files changed and reports which output files changed; how it
// knows what to render again is described in the package documentation
// ("Incremental rebuilds"). A Live is not safe for concurrent use.
type Live struct {
	fsys fs.FS
	opts Options
	ids  *interner

	// The last good build. An update that fails changes none of these.
	src     *sources
	m       *model
	files   map[string][]byte // every output
	deps    map[string]*deps  // what each rendered output read
	cache   *cache            // outputs of the cached function
	conv    map[string]*converted
	results map[string]*keyResult
	search  bool // the search index is out of date: Search makes it

	// The offline workers (offline.go), made with the search index: the
	// sums of the files but the workers, the files changed since the
	// workers were made, and whether the workers are out of date.
	sums     map[string]offline.Sum
	unsummed map[string]bool
	offline  bool

	pending map[string]bool // paths changed since the last good build
	all     bool            // everything must be rebuilt (no good build yet, or a full update failed)
}

// NewLive returns a Live for the site in fsys. Nothing is built until the
// first Update.
func NewLive(fsys fs.FS, opts Options) *Live {
	return &Live{fsys: fsys, opts: opts, ids: newInterner(), files: map[string][]byte{}, pending: map[string]bool{}, all: true, unsummed: map[string]bool{}}
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
	Changed  []string  // output files added or whose bytes changed
	Removed  []string  // output files that no longer exist
	Rendered int       // outputs whose templates ran
	Full     bool      // everything was loaded and rendered again
	Warnings diag.List // problems that do not stop the build
}

// Update brings the site up to date after the source files at the paths in
// changed (relative to the site root, slash-separated; directories
// included) were created, edited, renamed or deleted; nil means "anything
// may have changed" and builds everything. On error the previous outputs
// stay as they were, and the next update also redoes this one's paths.
//
// The search index and the offline workers are made apart, by Search, so
// that an edit is served without waiting for them; after Update and then
// Search, the files are those of a Build.
func (l *Live) Update(ctx context.Context, changed []string) (*Change, error) {
	if changed == nil {
		l.all = true
	}
	for _, p := range changed {
		l.pending[path.Clean(p)] = true
		if path.Clean(p) == ConfigFile || p == "." {
			l.all = true
		}
	}
	var (
		src *sources
		c   *changes
		err error
	)
	if l.all || l.src == nil {
		src, err = load(l.fsys, l.opts)
		c = &changes{all: true}
	} else {
		src, c, err = l.reload(slices.Sorted(maps.Keys(l.pending)))
	}
	if err != nil {
		return nil, err
	}
	src.number(l.ids)
	m := index(src, l.opts)
	if err := convertAndValidate(ctx, m, l.conv, l.m, false); err != nil {
		return nil, err
	}
	if !c.all {
		l.compare(l.m, m, c)
	}

	// Render what the change touches, with the cached outputs it does not.
	var reuse = &cache{entries: map[cacheKey]*cacheEntry{}}
	if !c.all {
		for k, e := range l.cache.entries {
			if e.err == nil && !c.touches(e.deps) {
				reuse.entries[k] = e
			}
		}
	}
	var todo []job
	outs := map[string]bool{}
	for _, j := range m.jobs() {
		outs[j.out] = true
		if _, ok := l.files[j.out]; !ok || c.touches(l.deps[j.out]) {
			todo = append(todo, j)
		}
	}
	r := newRenderer(src, m, reuse, l.opts.CheckCached)
	var mu sync.Mutex
	files, read := map[string][]byte{}, map[string]*deps{}
	err = r.run(ctx, todo, func(j job, data []byte, d *deps) error {
		mu.Lock()
		defer mu.Unlock()
		files[j.out], read[j.out] = data, d
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name := range l.files {
		if isSearchFile(name) {
			outs[name] = true // until Search makes the index again
		}
	}
	for _, name := range m.workerNames() {
		outs[name] = true // until Search makes them again, from the other files
	}
	for _, e := range extras(m) {
		outs[e.name] = true
		if old, ok := l.files[e.name]; ok && e.data == nil && !c.all && !l.touched(e.source) {
			files[e.name] = old // a content asset that did not change
			continue
		}
		data, err := e.read(m)
		if err != nil {
			return nil, err
		}
		files[e.name] = data
	}

	// Commit.
	ch := &Change{Rendered: len(todo), Full: c.all, Warnings: m.warnings()}
	for name, data := range files {
		if old, ok := l.files[name]; !ok || !bytes.Equal(old, data) {
			ch.Changed = append(ch.Changed, name)
		}
		l.files[name] = data
	}
	for name := range l.files {
		if !outs[name] {
			ch.Removed = append(ch.Removed, name)
			delete(l.files, name)
			delete(l.deps, name)
		}
	}
	if c.all {
		l.deps = map[string]*deps{}
	}
	maps.Copy(l.deps, read)
	slices.Sort(ch.Changed)
	slices.Sort(ch.Removed)
	for key, r := range m.results {
		if l.results[key] != r {
			l.search = true
		}
	}
	if len(m.results) != len(l.results) || c.all {
		l.search = true
	}
	l.src, l.m, l.cache, l.conv, l.results = src, m, r.cache, m.conv, m.results
	l.pending, l.all = map[string]bool{}, false
	if m.cfg.Offline {
		for _, name := range append(ch.Changed, ch.Removed...) {
			l.unsummed[name] = true
		}
		l.offline = l.offline || len(l.unsummed) > 0 || l.sums == nil
	} else {
		l.sums, l.offline = nil, false
	}
	return ch, nil
}

// Search makes the search index and the offline workers again if an update
// changed what they are made from, and reports the files it changed. An
// update may run while an earlier one's index is still to be made: call
// Search after each (or, to make it in another goroutine, PrepareSearch,
// Make and ApplySearch).
func (l *Live) Search(ctx context.Context) (*Change, error) {
	ix := l.PrepareSearch()
	if ix == nil {
		return &Change{}, nil
	}
	if err := ix.Make(ctx); err != nil {
		return nil, err
	}
	return l.ApplySearch(ix)
}

// SearchIndex is what is made after the pages of one build of a Live: the
// search index, and the offline workers, which are made from every other
// file.
type SearchIndex struct {
	m       *model
	index   bool                   // the search index is to be made
	files   []extra                // the index made
	sums    map[string]offline.Sum // of the files but the index and the workers; with the index's once made
	workers []extra
	err     error
}

// PrepareSearch returns what is to be made for the last good build, or nil
// when the index and the workers are up to date.
func (l *Live) PrepareSearch() *SearchIndex {
	if (!l.search && !l.offline) || l.m == nil {
		return nil
	}
	ix := &SearchIndex{m: l.m, index: l.search}
	if l.offline {
		// A copy, for Make to read while updates go on; the files changed
		// since the last workers summed again.
		ix.sums = make(map[string]offline.Sum, len(l.files))
		if l.sums == nil {
			for name, data := range l.files {
				ix.sums[name] = offline.SumOf(data)
			}
		} else {
			maps.Copy(ix.sums, l.sums)
			for name := range l.unsummed {
				if data, ok := l.files[name]; ok {
					ix.sums[name] = offline.SumOf(data)
				} else {
					delete(ix.sums, name)
				}
			}
		}
		for _, name := range l.m.workerNames() {
			delete(ix.sums, name)
		}
		if ix.index { // made again below
			for name := range ix.sums {
				if isSearchFile(name) {
					delete(ix.sums, name)
				}
			}
		}
	}
	return ix
}

// Make makes the index, then the workers. It reads only the build it was
// prepared for, which no update changes, so it may run in any goroutine
// while the Live goes on. When ctx ends first it stops between languages and
// returns ctx's error; what it made is then not to be applied. (It returns
// nil otherwise: an error of the index is ApplySearch's to report.)
func (ix *SearchIndex) Make(ctx context.Context) error {
	if ix.index {
		ix.files, ix.err = ix.m.searchFiles(ctx)
		if err := ctx.Err(); err != nil {
			return err
		}
		if ix.err != nil {
			return nil
		}
	}
	if ix.sums != nil {
		for _, f := range ix.files {
			ix.sums[f.name] = offline.SumOf(f.data)
		}
		ix.workers = ix.m.workers(ix.sums)
	}
	return ctx.Err()
}

// ApplySearch puts a made index and workers into the Live and reports the
// files they changed; what was made for a build that an update has since
// replaced changes nothing (prepare the next one).
func (l *Live) ApplySearch(ix *SearchIndex) (*Change, error) {
	ch := &Change{}
	if ix.m != l.m {
		return ch, nil
	}
	if ix.err != nil {
		return nil, ix.err
	}
	put := func(f extra) {
		if old, ok := l.files[f.name]; !ok || !bytes.Equal(old, f.data) {
			ch.Changed = append(ch.Changed, f.name)
		}
		l.files[f.name] = f.data
	}
	if ix.index {
		now := map[string]bool{}
		for _, f := range ix.files {
			now[f.name] = true
			put(f)
		}
		for name := range l.files {
			if isSearchFile(name) && !now[name] {
				ch.Removed = append(ch.Removed, name)
				delete(l.files, name)
			}
		}
		l.search = false
	}
	if ix.sums != nil {
		for _, f := range ix.workers {
			put(f)
		}
		l.sums, l.unsummed, l.offline = ix.sums, map[string]bool{}, false
	}
	slices.Sort(ch.Changed)
	slices.Sort(ch.Removed)
	return ch, nil
}

// isSearchFile reports whether an output is a file of the search index.
func isSearchFile(name string) bool { return strings.HasPrefix(name, searchDir) }

// touched reports whether the file at p, or a directory above it, is among
// the paths changed since the last good build.
func (l *Live) touched(p string) bool {
	for ; p != "." && p != "/"; p = path.Dir(p) {
		if l.pending[p] {
			return true
		}
	}
	return false
}

// reload returns the sources after the files at paths changed, and what the
// change means for the things templates read: UI strings, layouts, assets and
// features (the pages are compared once the new model is made).
func (l *Live) reload(paths []string) (*sources, *changes, error) {
	old := l.src
	src := *old
	src.tmpl = old.tmpl
	c := &changes{pages: map[int32]field{}, things: map[int32]bool{}}
	var contentPaths []string
	locales, templates := false, false
	for _, p := range paths {
		switch {
		case p == ContentDir || strings.HasPrefix(p, ContentDir+"/"):
			contentPaths = append(contentPaths, p)
		case p == LocaleDir || strings.HasPrefix(p, LocaleDir+"/"):
			locales = true
		case p == TemplateDir || strings.HasPrefix(p, TemplateDir+"/"):
			templates = true
		}
	}
	var errs diag.List
	if locales {
		errs.Add(src.loadCatalog())
		if src.cat != nil {
			for _, id := range old.cat.Changed(src.cat) {
				c.things[l.ids.thing(thingUI, id)] = true
			}
		}
	}
	if len(contentPaths) > 0 {
		cs, err := old.content.Update(l.fsys, src.contentConfig(), contentPaths)
		errs.Add(err)
		src.content = cs
	}
	// Features read their data again when a file of theirs changed (or the
	// list of them did).
	reloadFeatures := false
	for _, f := range old.features {
		if f.Data == "" {
			continue
		}
		dir := ContentDir + "/" + f.Data
		for _, p := range contentPaths {
			if p == dir || strings.HasPrefix(p, dir+"/") || strings.HasPrefix(dir, p+"/") || p == ContentDir {
				reloadFeatures = true
			}
		}
	}
	if reloadFeatures || len(contentPaths) > 0 && !slices.Equal(old.content.Data, src.content.Data) {
		errs.Add(src.loadFeatures(l.opts.Features))
		for i, f := range src.features {
			if i >= len(old.features) || !slices.EqualFunc(f.files, old.features[i].files, func(a, b DataFile) bool {
				return a.Path == b.Path && bytes.Equal(a.Data, b.Data)
			}) {
				c.things[l.ids.thing(thingFeature, f.Name)] = true
			}
		}
	} else {
		src.warns = old.warns
	}
	if templates && errs.Err() == nil {
		errs.Add(src.loadTemplates())
		if src.tmpl != nil {
			for name, print := range old.tmpl.prints {
				if src.tmpl.prints[name] != print {
					c.things[l.ids.thing(thingLayout, name)] = true
				}
			}
			for name, a := range old.tmpl.assets {
				if b, ok := src.tmpl.assets[name]; !ok || b.URL != a.URL {
					c.things[l.ids.thing(thingAsset, name)] = true
				}
			}
			for name := range src.tmpl.assets {
				if _, ok := old.tmpl.assets[name]; !ok {
					c.things[l.ids.thing(thingAsset, name)] = true
				}
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	return &src, c, nil
}

// compare adds to c the fields in which the pages of two models differ.
func (l *Live) compare(old, cur *model, c *changes) {
	before := map[int32]*page{}
	for _, p := range old.all() {
		before[p.id] = p
	}
	for _, p := range cur.all() {
		if f := compare(before[p.id], p); f != 0 {
			c.pages[p.id] |= f
		}
		delete(before, p.id)
	}
	for id := range before {
		c.pages[id] = fAll
	}
	for i := range cur.langs {
		if !samePages(old.menus[i], cur.menus[i]) {
			c.pages[cur.pages[""][i].id] |= fMenu
		}
	}
}
