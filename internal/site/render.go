package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"guide/internal/diag"
	"guide/internal/i18n"
	"guide/internal/parallel"
)

// renderer runs the templates of a build: the one render loop of both Build
// and Live. Each worker executes its own clones of the layouts, whose
// functions know the output being rendered, so that what the templates read
// can be recorded for it.
type renderer struct {
	src    *sources
	m      *model
	record bool // record what each output reads (Live)
	check  bool // Options.CheckCached
	cache  *cache

	mu      sync.Mutex
	workers []*worker
}

// newRenderer returns a renderer of m. Cached template outputs come from
// reuse, those of an earlier build still valid (Live), or start afresh; with
// reuse, the renderer records what outputs read.
func newRenderer(src *sources, m *model, reuse *cache, check bool) *renderer {
	r := &renderer{src: src, m: m, check: check, record: reuse != nil}
	r.cache = &cache{entries: map[cacheKey]*cacheEntry{}}
	if reuse != nil {
		for k, e := range reuse.entries {
			r.cache.entries[k] = e
		}
	}
	return r
}

// run renders every job, in parallel, and gives each output to emit (from
// several goroutines at once). It returns every error, joined.
func (r *renderer) run(ctx context.Context, jobs []job, emit func(j job, data []byte, d *deps) error) error {
	var mu sync.Mutex
	var errs diag.List
	parallel.Workers(len(jobs), func(wi, i int) {
		if ctx.Err() != nil {
			return
		}
		data, d, err := r.worker(wi).render(jobs[i])
		if err == nil {
			err = emit(jobs[i], data, d)
		}
		if err != nil {
			mu.Lock()
			errs.Add(err)
			mu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	return errs.Err()
}

func (r *renderer) worker(i int) *worker {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.workers) <= i {
		r.workers = append(r.workers, &worker{r: r, sets: map[setKey]*template.Template{}})
	}
	return r.workers[i]
}

// worker renders one output at a time.
type worker struct {
	r      *renderer
	sets   map[setKey]*template.Template // this worker's clones
	rec    *recorder                     // what the output being rendered reads; nil when not recording
	layout string                        // the layout being executed
	depth  int                           // cached templates being made, nested
}

type setKey struct {
	lang   int
	layout string
}

// set is the worker's clone of a layout for a language.
func (w *worker) set(lang int, layout string) (*template.Template, error) {
	k := setKey{lang, layout}
	if t := w.sets[k]; t != nil {
		return t, nil
	}
	master := w.r.src.tmpl.layouts[layout]
	if master == nil {
		return nil, fmt.Errorf("no layout %q", layout)
	}
	t, err := master.Clone()
	if err != nil {
		return nil, err
	}
	t.Funcs(w.funcs(w.r.src, lang))
	w.sets[k] = t
	return t, nil
}

// render executes one job's layout. A panic is reported against the page,
// not the reader's stack.
func (w *worker) render(j job) (out []byte, d *deps, err error) {
	p := j.page
	defer func() {
		if r := recover(); r != nil {
			where := p.url
			if p.file != nil {
				where = p.file.Path
			}
			out, d, err = nil, nil, diag.Errorf(where, 0, "internal error while building this page (please report it): %v", r)
		}
	}()
	w.rec = nil
	if w.r.record {
		w.rec = newRecorder()
		w.rec.thing(w.r.src.thing(thingLayout, p.layout))
		w.rec.page(p.id, fLayout)
	}
	w.layout = p.layout
	t, err := w.set(p.lang, p.layout)
	if err != nil {
		return nil, nil, diag.Errorf(TemplateDir+"/"+p.layout+".html", 0, "%v", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, w.r.m.view(p, w.rec)); err != nil {
		return nil, nil, templateError(err)
	}
	return buf.Bytes(), w.rec.deps(), nil
}

// funcs are the template functions of a worker for one language. A zero
// worker gives placeholders with the same names, for parsing.
func (w *worker) funcs(src *sources, lang int) template.FuncMap {
	key := src.cfg.Languages[lang].Key
	ui := func(id string) {
		if w.rec != nil {
			if n, ok := src.uiIDs[id]; ok {
				w.rec.thing(n)
			}
		}
	}
	fm := template.FuncMap{
		"T": func(id string, args ...any) (string, error) {
			ui(id)
			return src.cat.T(key, id, args...)
		},
		"Tcounts": func(id string, n int, args ...any) ([]string, error) {
			ui(id)
			return src.cat.Counts(key, id, n, args...)
		},
		"Tplural": func(attr, id string, args ...any) (template.HTMLAttr, error) {
			ui(id)
			return pluralAttrs(src.cat.Forms, key, attr, id, args)
		},
		"cached": func(name string, data any, variants ...any) (template.HTML, error) {
			return w.cached(lang, name, data, variants)
		},
		"asset": func(name string) (string, error) {
			a, ok := src.tmpl.assets[name]
			if w.rec != nil {
				w.rec.thing(src.thing(thingAsset, name))
			}
			if !ok {
				return "", fmt.Errorf("no asset %q in %s", name, AssetDir)
			}
			return a.URL, nil
		},
		"date": func(layout string, d time.Time) string {
			return d.Format(layout)
		},
		"json": func(v any) (string, error) {
			b, err := json.Marshal(v)
			return string(b), err
		},
		"list": func(items ...any) []any { return items },
		"langName": func(k string) string {
			for _, l := range src.cfg.Languages {
				if l.Key == k {
					return l.Name
				}
			}
			return k
		},
	}
	if src.tmpl == nil {
		return fm // parsing: the features' functions are added by the caller
	}
	for _, f := range src.features {
		id := src.thing(thingFeature, f.Name)
		for name, fn := range f.Funcs {
			fm[name] = w.recording(id, fn)
		}
	}
	return fm
}

var attrRE = regexp.MustCompile(`^data-[a-z][a-z0-9-]*$`)

// pluralAttrs is the Tplural template function: one attribute per plural
// form of message id, named attr and the form's CLDR category
// (data-results-one="{count} result" data-results-other="{count} results"),
// for a script that chooses the form with Intl.PluralRules.
func pluralAttrs(forms func(lang, id string, args ...any) (map[string]string, error), lang, attr, id string, args []any) (template.HTMLAttr, error) {
	if !attrRE.MatchString(attr) {
		return "", fmt.Errorf("the attribute name %q of Tplural must be data- and lower-case letters, digits or hyphens", attr)
	}
	f, err := forms(lang, id, args...)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, cat := range i18n.Categories {
		if text, ok := f[cat]; ok {
			fmt.Fprintf(&b, ` %s-%s="%s"`, attr, cat, html.EscapeString(text))
		}
	}
	return template.HTMLAttr(strings.TrimPrefix(b.String(), " ")), nil
}

// recording wraps a feature's function so that calling it records that the
// output uses the feature's data.
func (w *worker) recording(id int32, fn any) any {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return fn
	}
	return reflect.MakeFunc(v.Type(), func(args []reflect.Value) []reflect.Value {
		if w.rec != nil {
			w.rec.thing(id)
		}
		if v.Type().IsVariadic() {
			return v.CallSlice(args)
		}
		return v.Call(args)
	}).Interface()
}

// cache holds the outputs of the cached template function.
type cache struct {
	mu      sync.Mutex
	entries map[cacheKey]*cacheEntry
}

// cacheKey names one output of the cached function.
type cacheKey struct {
	lang           int
	name, variants string
}

type cacheEntry struct {
	done chan struct{} // closed when made
	html template.HTML
	err  error
	deps *deps  // what making it read
	page string // the page it was made for, for messages

	differs sync.Once // reported as differing (CheckCached), once
}

// cached is the template function: the output of template name with data,
// made once per language and variants. The first page to ask makes it; pages
// asking at the same time wait for it. A cached template that calls cached
// makes what it needs without waiting, so that two cannot wait for each
// other.
func (w *worker) cached(lang int, name string, data any, variants []any) (template.HTML, error) {
	key := cacheKey{lang: lang, name: name}
	if len(variants) > 0 {
		key.variants = fmt.Sprintf("%#v", variants)
	}
	c := w.r.cache
	c.mu.Lock()
	e := c.entries[key]
	mine := e == nil
	if mine {
		e = &cacheEntry{done: make(chan struct{}), page: pageName(data)}
		c.entries[key] = e
	}
	c.mu.Unlock()
	switch {
	case mine:
		e.html, e.deps, e.err = w.execute(lang, name, data)
		close(e.done)
	case w.depth > 0 && !closed(e.done):
		html, d, err := w.execute(lang, name, data)
		w.rec.add(d)
		return html, err
	default:
		<-e.done
	}
	if e.err != nil {
		return "", e.err
	}
	if w.r.check && !mine {
		html, _, err := w.execute(lang, name, data)
		if err != nil {
			return "", err
		}
		if html != e.html {
			e.differs.Do(func() {
				err = fmt.Errorf("the output of %q differs between %s and %s: pass what else it depends on as further arguments to cached", name, e.page, pageName(data))
			})
			if err != nil {
				return "", err
			}
		}
	}
	w.rec.add(e.deps)
	return e.html, nil
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// execute runs template name of the current layout with data, recording its
// reads apart from the output's.
func (w *worker) execute(lang int, name string, data any) (template.HTML, *deps, error) {
	t, err := w.set(lang, w.layout)
	if err != nil {
		return "", nil, err
	}
	if t.Lookup(name) == nil {
		return "", nil, fmt.Errorf("no template %q", name)
	}
	saved := w.rec
	defer func() { w.rec = saved; w.depth-- }()
	w.depth++
	if saved != nil {
		w.rec = newRecorder()
		w.rec.thing(w.r.src.thing(thingLayout, w.layout))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, w.rewrap(data)); err != nil {
		return "", nil, err
	}
	return template.HTML(buf.String()), w.rec.deps(), nil
}

// rewrap gives a view to the current recorder, so that what a cached
// template reads is recorded for its output.
func (w *worker) rewrap(data any) any {
	switch v := data.(type) {
	case *Page:
		if v != nil {
			return w.r.m.view(v.p, w.rec)
		}
	case *Site:
		if v != nil {
			return &Site{m: v.m, lang: v.lang, r: w.rec}
		}
	}
	return data
}

// pageName names the data a template ran with, for messages.
func pageName(data any) string {
	if p, ok := data.(*Page); ok && p != nil {
		return p.p.url
	}
	return fmt.Sprintf("a %T", data)
}
