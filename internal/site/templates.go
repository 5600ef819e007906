package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"guide/internal/diag"
	"guide/internal/i18n"
)

// TemplateDir is the directory of a site that holds the templates.
const TemplateDir = "templates"

// AssetDir holds the site's CSS and JavaScript, under templates/.
const AssetDir = TemplateDir + "/assets"

// templates are the parsed layouts, one set per language (so that T and the
// other functions know the language) and layout.
type templates struct {
	sets   map[string]map[string]*template.Template // language key → layout name → template
	assets map[string]asset                         // name under assets/ → published asset
	cached sync.Map                                 // cacheKey → cachedOut: see the cached function
	check  bool                                     // Options.CheckCached
	differ sync.Map                                 // cacheKey → true: reported as differing
}

// cachedOut is an output of the cached function and the page it was made for.
type cachedOut struct {
	html template.HTML
	page string
}

// cacheKey names one output of the cached function.
type cacheKey struct {
	lang, name, variants string
}

// forget empties the cache of the cached function: the data its outputs came
// from may have changed.
func (t *templates) forget() {
	t.cached.Clear()
	t.differ.Clear()
}

type asset struct {
	URL  string
	Path string // output path
	Data []byte
}

var layoutNames = []string{"home", "section", "page", "404", "root"}

func loadTemplates(fsys fs.FS, cfg *Config, cat *i18n.Catalog, checkCached bool) (*templates, error) {
	var l diag.List
	t := &templates{sets: map[string]map[string]*template.Template{}, assets: map[string]asset{}, check: checkCached}
	if err := t.loadAssets(fsys, cfg); err != nil {
		l.Add(err)
	}
	read := func(name string) (string, bool) {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", false
		}
		return string(src), true
	}
	base, ok := read(TemplateDir + "/base.html")
	if !ok {
		return nil, diag.Errorf(TemplateDir+"/base.html", 0, "missing: every site needs a base layout")
	}
	partials, _ := fs.Glob(fsys, TemplateDir+"/partials/*.html")
	layouts, _ := fs.Glob(fsys, TemplateDir+"/*.html")
	// Parse once with placeholder functions to find syntax errors, then clone
	// per language with the real functions.
	common := template.New(TemplateDir + "/base.html").Funcs(t.funcs(cfg, cat, cfg.Languages[0].Key))
	if _, err := common.Parse(base); err != nil {
		l.Add(templateError(err))
		return nil, l.Err()
	}
	for _, p := range partials {
		src, _ := read(p)
		if _, err := common.New(p).Parse(src); err != nil {
			l.Add(templateError(err))
		}
	}
	parsed := map[string]*template.Template{}
	for _, p := range layouts {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "base" {
			continue
		}
		src, _ := read(p)
		c, err := common.Clone()
		if err != nil {
			l.Add(err)
			continue
		}
		if _, err := c.New(p).Parse(src); err != nil {
			l.Add(templateError(err))
			continue
		}
		parsed[name] = c.Lookup(p)
	}
	for _, name := range layoutNames {
		if parsed[name] == nil && l.Err() == nil {
			l.Addf(TemplateDir+"/"+name+".html", 0, "missing layout")
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	for _, lang := range cfg.Languages {
		t.sets[lang.Key] = map[string]*template.Template{}
		for name, tm := range parsed {
			c, err := tm.Clone()
			if err != nil {
				return nil, err
			}
			t.sets[lang.Key][name] = c.Funcs(t.funcs(cfg, cat, lang.Key))
		}
	}
	return t, nil
}

// pageName names the data a template ran with, for messages.
func pageName(data any) string {
	if p, ok := data.(*Page); ok {
		return p.URL
	}
	return fmt.Sprintf("a %T", data)
}

// funcs are the template functions for one language.
func (t *templates) funcs(cfg *Config, cat *i18n.Catalog, lang string) template.FuncMap {
	return template.FuncMap{
		"T": func(id string, args ...any) (string, error) {
			return cat.T(lang, id, args...)
		},
		"Tcounts": func(id string, n int, args ...any) ([]string, error) {
			return cat.Counts(lang, id, n, args...)
		},
		"cached": func(name string, data any, variants ...any) (template.HTML, error) {
			key := cacheKey{lang: lang, name: name}
			if len(variants) > 0 {
				key.variants = fmt.Sprintf("%#v", variants)
			}
			if v, ok := t.cached.Load(key); ok && !t.check {
				return v.(cachedOut).html, nil
			}
			set := t.sets[lang]["page"]
			if set == nil || set.Lookup(name) == nil {
				return "", fmt.Errorf("no template %q", name)
			}
			var buf bytes.Buffer
			if err := set.ExecuteTemplate(&buf, name, data); err != nil {
				return "", err
			}
			out := cachedOut{html: template.HTML(buf.String()), page: pageName(data)}
			v, loaded := t.cached.LoadOrStore(key, out)
			if first := v.(cachedOut); loaded && first.html != out.html {
				if _, said := t.differ.LoadOrStore(key, true); !said {
					return "", fmt.Errorf("the output of %q differs between %s and %s: pass what else it depends on as further arguments to cached", name, first.page, out.page)
				}
			}
			return out.html, nil
		},
		"asset": func(name string) (string, error) {
			a, ok := t.assets[name]
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
		"langName": func(key string) string {
			for _, l := range cfg.Languages {
				if l.Key == key {
					return l.Name
				}
			}
			return key
		},
	}
}

// loadAssets reads templates/assets/ and names each file after its content.
func (t *templates) loadAssets(fsys fs.FS, cfg *Config) error {
	var l diag.List
	err := fs.WalkDir(fsys, AssetDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == AssetDir {
				return fs.SkipDir
			}
			l.Addf(p, 0, "%v", err)
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			l.Addf(p, 0, "%v", err)
			return nil
		}
		sum := sha256.Sum256(data)
		rel := strings.TrimPrefix(p, AssetDir+"/")
		ext := path.Ext(rel)
		out := "assets/" + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		t.assets[rel] = asset{URL: cfg.root() + out, Path: out, Data: data}
		return nil
	})
	l.Add(err)
	return l.Err()
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:\d+:)? ?(.*)$`)

// templateError turns html/template's "template: name:line: msg" into a
// positioned error.
func templateError(err error) error {
	msg := err.Error()
	// An error inside a cached template is reported where it happened.
	if _, inner, ok := strings.Cut(msg, ": error calling cached: template: "); ok {
		msg = "template: " + inner
	}
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return diag.Errorf(m[1], line, "%s", m[3])
	}
	return diag.Errorf("", 0, "%s", strings.TrimPrefix(msg, "template: "))
}

// execute runs a layout for one language into a buffer.
func (t *templates) execute(lang, layout string, data any) ([]byte, error) {
	tm := t.sets[lang][layout]
	if tm == nil {
		tm = t.sets[lang]["page"]
	}
	var buf bytes.Buffer
	if err := tm.Execute(&buf, data); err != nil {
		return nil, templateError(err)
	}
	return buf.Bytes(), nil
}

// has reports whether a layout exists.
func (t *templates) has(layout string) bool {
	for _, set := range t.sets {
		_, ok := set[layout]
		return ok
	}
	return false
}
