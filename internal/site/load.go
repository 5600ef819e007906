package site

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/i18n"
	"guide/internal/markdown"
)

// sources are what the load stage read: everything a build is made from.
type sources struct {
	fsys     fs.FS
	cfg      *Config
	cat      *i18n.Catalog
	content  *content.Site
	features []*feature
	tmpl     *templates
	md       *markdown.Converter
	warns    diag.List // problems that do not stop the build

	ids    *interner
	uiIDs  map[string]int32 // UI string id → its number for recording reads
	things map[string]int32 // layouts, assets, features (kind byte + name) → number
}

// feature is a Feature with its data loaded.
type feature struct {
	Feature
	Loaded
	files []DataFile
}

// load reads the whole site.
func load(fsys fs.FS, opts Options) (*sources, error) {
	src := &sources{fsys: fsys}
	cfg, err := loadConfig(fsys, opts)
	if err != nil {
		return nil, err
	}
	src.cfg = cfg
	var l diag.List
	l.Add(src.loadCatalog())
	cs, err := content.Load(fsys, src.contentConfig())
	l.Add(err)
	src.content = cs
	l.Add(src.loadFeatures(opts.Features))
	if src.cat != nil && l.Err() == nil {
		l.Add(src.loadTemplates())
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	src.number(nil)
	return src, nil
}

func loadConfig(fsys fs.FS, opts Options) (*Config, error) {
	cfg, err := LoadConfig(fsys)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
			return nil, fmt.Errorf("-base-url: %v", err)
		}
	}
	return cfg, nil
}

func (src *sources) contentConfig() content.Config {
	return content.Config{Dir: ContentDir, Langs: src.cfg.langKeys(), Params: src.cfg.Params}
}

func (src *sources) loadCatalog() error {
	langs := make([]i18n.Language, len(src.cfg.Languages))
	for i, lang := range src.cfg.Languages {
		langs[i] = i18n.Language{Key: lang.Key, Tag: lang.Tag}
	}
	cat, err := i18n.Load(src.fsys, LocaleDir, langs)
	src.cat = cat
	src.md = markdown.New(markdown.Options{Unsafe: src.cfg.UnsafeHTML})
	return err
}

// loadFeatures gives each feature the data files under its directory. Data
// files no feature reads are warnings.
func (src *sources) loadFeatures(feats []Feature) error {
	var l diag.List
	src.features = nil
	src.warns = nil
	claimed := map[string]bool{}
	for _, f := range feats {
		lf := &feature{Feature: f}
		if f.Data != "" {
			dir := ContentDir + "/" + f.Data
			for _, p := range src.content.Data {
				if path.Dir(p) != dir {
					continue
				}
				claimed[p] = true
				data, err := readFile(src.fsys, p)
				if err != nil {
					l.Add(err)
					continue
				}
				lf.files = append(lf.files, DataFile{Path: p, Data: data})
			}
		}
		if f.Load != nil {
			file := ContentDir
			if f.Data != "" {
				file += "/" + f.Data
			}
			l.Add(safely(f.Name, file, func() error {
				loaded, err := f.Load(lf.files, src.cfg.Languages)
				if loaded != nil {
					lf.Loaded = *loaded
				}
				return err
			}))
		}
		src.features = append(src.features, lf)
	}
	for _, p := range src.content.Data {
		if !claimed[p] {
			var dirs []string
			for _, f := range feats {
				if f.Data != "" {
					dirs = append(dirs, ContentDir+"/"+f.Data+"/")
				}
			}
			src.warns.Addf(p, 0, "data file not used: the build reads only %s; move the file out of %s/ or rename it", orNone(dirs), ContentDir)
		}
	}
	return l.Err()
}

func orNone(dirs []string) string {
	if len(dirs) == 0 {
		return "no data files"
	}
	return strings.Join(dirs, "*.yaml, ") + "*.yaml"
}

func readFile(fsys fs.FS, p string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, diag.Errorf(p, 0, "%v", unwrap(err))
	}
	return data, nil
}

// loadTemplates parses templates/ with every function templates may call.
func (src *sources) loadTemplates() error {
	funcs := (&worker{}).funcs(src, 0)
	for _, f := range src.features {
		for name, fn := range f.Funcs {
			if _, taken := funcs[name]; taken {
				return fmt.Errorf("feature %s: template function %q is already defined", f.Name, name)
			}
			funcs[name] = fn
		}
	}
	t, err := loadTemplates(src.fsys, src.cfg, funcs)
	src.tmpl = t
	return err
}

// number gives every UI string, layout, asset and feature its number for
// recording reads, from ids (a Live's) or afresh.
func (src *sources) number(ids *interner) {
	if ids == nil {
		ids = newInterner()
	}
	src.ids = ids
	src.uiIDs = map[string]int32{}
	for _, lang := range src.cfg.Languages {
		for _, id := range src.cat.IDs(lang.Key) {
			src.uiIDs[id] = ids.thing(thingUI, id)
		}
	}
	src.things = map[string]int32{}
	for name := range src.tmpl.layouts {
		src.things[string(rune(thingLayout))+name] = ids.thing(thingLayout, name)
	}
	for name := range src.tmpl.assets {
		src.things[string(rune(thingAsset))+name] = ids.thing(thingAsset, name)
	}
	for _, f := range src.features {
		src.things[string(rune(thingFeature))+f.Name] = ids.thing(thingFeature, f.Name)
	}
}

// thing returns the number of a layout, asset or feature.
func (src *sources) thing(kind byte, name string) int32 {
	if id, ok := src.things[string(rune(kind))+name]; ok {
		return id
	}
	return src.ids.thing(kind, name)
}
