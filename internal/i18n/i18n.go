// Package i18n loads the interface strings of a site from locales/ and looks
// them up, with CLDR plural forms, for the templates.
//
// # Locale files
//
// One YAML file per language, named by the language key of site.yaml:
// locales/zh.yaml, locales/en.yaml. Each top-level key is a message id; its
// value is the text, or a map of CLDR plural forms (zero, one, two, few, many,
// other) plus an optional description for translators. Texts are Go templates
// that see the arguments a template passes ({{.Count}} and any named value):
//
//	next: 下一步
//	items_ready:
//	  description: progress of a checklist
//	  other: 已备齐 {{.Done}} / {{.Count}} 项
//
// Chinese has only the "other" form; English has "one" and "other".
//
// # Fallback
//
// A message missing in one language falls back to the default (first)
// language; Missing reports every such gap so that "guide check" can list it.
// A message id that no locale defines is an error at the call.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"sync"

	"guide/internal/data"
	"guide/internal/diag"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Dir is the directory of a site that holds the locale files.
const Dir = "locales"

// Language is what the catalog needs to know about a site language.
type Language struct {
	Key string // file name and URL prefix: "zh"
	Tag string // BCP 47 tag, which picks the plural rules: "zh-Hans"
}

// Catalog holds the messages of every language. It is safe for concurrent use.
type Catalog struct {
	langs      []Language
	has        map[string]map[string]bool // language key → message ids it defines
	localizers map[string]*goi18n.Localizer
	plain      sync.Map // "lang\x00id" → string: messages asked for without arguments
	counts     sync.Map // countsKey → []string: results of Counts
}

// Load reads locales/<key>.yaml for each language. A language without a file
// is allowed (every string falls back); a file for a language that the site
// does not have, or one that does not parse, is an error.
func Load(fsys fs.FS, langs []Language) (*Catalog, error) {
	def := language.Make(langs[0].Tag)
	b := goi18n.NewBundle(def)
	c := &Catalog{langs: langs, has: map[string]map[string]bool{}, localizers: map[string]*goi18n.Localizer{}}
	var l diag.List
	known := map[string]Language{}
	for _, lang := range langs {
		known[lang.Key] = lang
	}
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, diag.Errorf(Dir, 0, "%v", err)
	}
	for _, e := range entries {
		name := e.Name()
		p := path.Join(Dir, name)
		ext := path.Ext(name)
		if e.IsDir() || name[0] == '.' {
			continue
		}
		if ext != ".yaml" && ext != ".yml" {
			l.Addf(p, 0, "locale files are YAML (.yaml)")
			continue
		}
		lang, ok := known[name[:len(name)-len(ext)]]
		if !ok {
			l.Addf(p, 0, "no language %q in site.yaml (add it there, or rename the file)", name[:len(name)-len(ext)])
			continue
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			l.Addf(p, 0, "%v", err)
			continue
		}
		var raw map[string]any
		if err := data.Decode(p, 1, src, &raw); err != nil {
			l.Add(err)
			continue
		}
		msgs, err := goi18n.ParseMessageBytes(src, data.Unmarshal)
		if err != nil {
			l.Addf(p, 0, "%v", err)
			continue
		}
		if err := b.AddMessages(language.Make(lang.Tag), msgs...); err != nil {
			l.Addf(p, 0, "%v", err)
			continue
		}
		ids := map[string]bool{}
		for _, m := range msgs {
			ids[m.ID] = true
		}
		c.has[lang.Key] = ids
	}
	for _, lang := range langs {
		c.localizers[lang.Key] = goi18n.NewLocalizer(b, lang.Tag)
	}
	return c, l.Err()
}

// Has reports whether any language defines id.
func (c *Catalog) Has(id string) bool {
	for _, ids := range c.has {
		if ids[id] {
			return true
		}
	}
	return false
}

// T returns message id in language lang, falling back to the default language.
// args are name/value pairs for the message's template; a "Count" argument
// also chooses the plural form.
func (c *Catalog) T(lang, id string, args ...any) (string, error) {
	if len(args)%2 != 0 {
		return "", fmt.Errorf("UI string %q: arguments must be name/value pairs", id)
	}
	if len(args) == 0 {
		if s, ok := c.plain.Load(lang + "\x00" + id); ok {
			return s.(string), nil
		}
	}
	use := lang
	if !c.has[lang][id] {
		use = c.langs[0].Key
		if !c.has[use][id] {
			return "", fmt.Errorf("unknown UI string %q (define it in %s/%s.yaml)", id, Dir, use)
		}
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		td := map[string]any{}
		for i := 0; i < len(args); i += 2 {
			name, ok := args[i].(string)
			if !ok {
				return "", fmt.Errorf("UI string %q: argument name %v is not a string", id, args[i])
			}
			td[name] = args[i+1]
			if name == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = td
	}
	s, err := c.localizers[use].Localize(cfg)
	if err != nil {
		return s, fmt.Errorf("UI string %q in %s: %v", id, use, err)
	}
	if len(args) == 0 {
		c.plain.Store(lang+"\x00"+id, s)
	}
	return s, nil
}

// Counts returns message id in language lang for every count from 0 to n, in
// order: what a script needs to show a count that changes in the reader's
// browser with the plural rules the build uses. args are further name/value
// pairs, as for T. The result is shared: callers must not modify it.
func (c *Catalog) Counts(lang, id string, n int, args ...any) ([]string, error) {
	if n < 0 {
		return nil, fmt.Errorf("UI string %q: count %d is negative", id, n)
	}
	key := countsKey{lang: lang, id: id, n: n, args: fmt.Sprintf("%#v", args)}
	if v, ok := c.counts.Load(key); ok {
		return v.([]string), nil
	}
	out := make([]string, n+1)
	a := append(slices.Clip(args), "Count", 0)
	for i := range out {
		a[len(a)-1] = i
		s, err := c.T(lang, id, a...)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	c.counts.Store(key, out)
	return out, nil
}

type countsKey struct {
	lang, id string
	n        int
	args     string
}

// Missing returns, for each language, the message ids that some other
// language defines but it does not, sorted. Languages with no gap are absent.
func (c *Catalog) Missing() map[string][]string {
	all := map[string]bool{}
	for _, ids := range c.has {
		for id := range ids {
			all[id] = true
		}
	}
	out := map[string][]string{}
	for _, lang := range c.langs {
		for id := range all {
			if !c.has[lang.Key][id] {
				out[lang.Key] = append(out[lang.Key], id)
			}
		}
		sort.Strings(out[lang.Key])
		if len(out[lang.Key]) == 0 {
			delete(out, lang.Key)
		}
	}
	return out
}

// IDs returns every message id of language lang, sorted.
func (c *Catalog) IDs(lang string) []string { return slices.Sorted(maps.Keys(c.has[lang])) }
