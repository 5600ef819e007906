// Package i18n loads the interface strings of a site from its locale files
// and looks them up, with CLDR plural forms, for the templates.
//
// # Locale files
//
// One YAML file per language in the locale directory, named by the language
// key of site.yaml: locales/zh.yaml, locales/en.yaml. Each top-level key is a
// message id; its value is the text, or a map of CLDR plural forms (zero,
// one, two, few, many, other) plus an optional description for translators.
// Texts are Go templates that see the arguments a template passes
// ({{.Count}} and any named value):
//
//	next: 下一步
//	items_ready:
//	  description: progress of a checklist
//	  other: 已备齐 {{.Done}} / {{.Count}} 项
//
// Chinese has only the "other" form; English has "one" and "other". A value
// that is neither, an unknown plural form and a text that is not a valid
// template are errors naming the file and line.
//
// # Fallback
//
// A message missing in one language falls back to the first language of the
// site that has it (the default language first); Missing reports every such
// gap so that "guide check" can list it. A message id that no locale defines
// is an error at the call. Lookups are go-i18n's: its typed
// MessageNotFoundErr says when a language lacked the message.
package i18n

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"

	"guide/internal/data"
	"guide/internal/diag"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Language is what the catalog needs to know about a site language.
type Language struct {
	Key string // file name and URL prefix: "zh"
	Tag string // BCP 47 tag, which picks the plural rules: "zh-Hans"
}

// Catalog holds the messages of every language. It is safe for concurrent use.
type Catalog struct {
	dir        string
	langs      []Language
	defined    map[string]map[string]string            // language key → message id → its definition as written (for Missing and Changed)
	plurals    map[string]map[string]map[string]string // language key → message id → plural form → text
	localizers map[string]*goi18n.Localizer
	plain      sync.Map // "lang\x00id" → string: messages asked for without arguments
	counts     sync.Map // countsKey → []string: results of Counts
}

var forms = []string{"description", "zero", "one", "two", "few", "many", "other"}

// Load reads <dir>/<key>.yaml for each language. A language without a file
// is allowed (every string falls back); a file for a language that the site
// does not have, or one that does not parse, is an error.
func Load(fsys fs.FS, dir string, langs []Language) (*Catalog, error) {
	c := &Catalog{dir: dir, langs: langs, defined: map[string]map[string]string{}, plurals: map[string]map[string]map[string]string{}, localizers: map[string]*goi18n.Localizer{}}
	var l diag.List
	known := map[string]Language{}
	for _, lang := range langs {
		known[lang.Key] = lang
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, diag.Errorf(dir, 0, "%v", unwrap(err))
	}
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
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
			l.Addf(p, 0, "%v", unwrap(err))
			continue
		}
		defs, plurals, err := check(p, src)
		if err != nil {
			l.Add(err)
			continue
		}
		// One bundle per language, holding only that language's messages:
		// go-i18n's own fallback goes to the closest language it knows
		// (German to English), the site's goes to the default language.
		tag := language.Make(lang.Tag)
		b := goi18n.NewBundle(tag)
		msgs, err := goi18n.ParseMessageBytes(src, data.Unmarshal)
		if err == nil {
			err = b.AddMessages(tag, msgs...)
		}
		if err != nil {
			l.Addf(p, 1, "%v", err)
			continue
		}
		c.defined[lang.Key] = defs
		c.plurals[lang.Key] = plurals
		c.localizers[lang.Key] = goi18n.NewLocalizer(b, lang.Tag)
	}
	return c, l.Err()
}

// check validates a locale file and returns each message's definition and
// its texts by plural form ("other" for a message without forms).
func check(p string, src []byte) (map[string]string, map[string]map[string]string, error) {
	doc, err := data.Parse(p, 1, src)
	if err != nil {
		return nil, nil, err
	}
	var raw map[string]any
	if err := doc.Loose(&raw); err != nil {
		return nil, nil, err
	}
	var l diag.List
	defs := map[string]string{}
	plurals := map[string]map[string]string{}
	text := func(id, form string, v any) {
		s, ok := v.(string)
		where := []any{id}
		if form != "" {
			where = append(where, form)
		}
		if !ok {
			l.Add(doc.Errorf(where, "%s: the text must be a string, not %v", strings.Join(append([]string{id}, form)[:len(where)], "."), v))
			return
		}
		if form == "description" {
			return
		}
		if plurals[id] == nil {
			plurals[id] = map[string]string{}
		}
		plurals[id][cmp.Or(form, "other")] = s
		if _, err := template.New(id).Parse(s); err != nil {
			msg := err.Error()
			if _, after, ok := strings.Cut(msg, ": "); ok {
				msg = after
			}
			l.Add(doc.Errorf(where, "%s: not a valid template: %s", id, msg))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(raw)) {
		switch v := raw[id].(type) {
		case map[string]any:
			for _, f := range slices.Sorted(maps.Keys(v)) {
				if !slices.Contains(forms, f) {
					l.Add(doc.Errorf([]any{id, f}, "%s: unknown plural form %q (the forms are %s)", id, f, strings.Join(forms[1:], ", ")))
					continue
				}
				text(id, f, v[f])
			}
			if _, ok := v["other"]; !ok {
				l.Add(doc.Errorf([]any{id}, "%s: plural forms need at least \"other\"", id))
			}
		default:
			text(id, "", v)
		}
		defs[id] = fmt.Sprintf("%#v", raw[id])
	}
	return defs, plurals, l.Err()
}

// T returns message id in language lang, falling back to the other languages
// in site order. args are name/value pairs for the message's template; a
// "Count" argument also chooses the plural form.
func (c *Catalog) T(lang, id string, args ...any) (string, error) {
	if len(args)%2 != 0 {
		return "", fmt.Errorf("UI string %q: arguments must be name/value pairs", id)
	}
	if len(args) == 0 {
		if s, ok := c.plain.Load(lang + "\x00" + id); ok {
			return s.(string), nil
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
	s, err := c.localize(lang, cfg)
	if err != nil {
		return s, err
	}
	if len(args) == 0 {
		c.plain.Store(lang+"\x00"+id, s)
	}
	return s, nil
}

// localize asks lang's localizer, then, while go-i18n says the message is
// not found, the other languages in site order (Missing reports the gap).
func (c *Catalog) localize(lang string, cfg *goi18n.LocalizeConfig) (string, error) {
	order := []string{lang}
	for _, l := range c.langs {
		if l.Key != lang {
			order = append(order, l.Key)
		}
	}
	for _, key := range order {
		loc := c.localizers[key]
		if loc == nil {
			continue // no locale file
		}
		s, err := loc.Localize(cfg)
		var nf *goi18n.MessageNotFoundErr
		if errors.As(err, &nf) {
			continue
		}
		if err != nil {
			return s, fmt.Errorf("UI string %q in %s: %v", cfg.MessageID, key, err)
		}
		return s, nil
	}
	return "", fmt.Errorf("unknown UI string %q (define it in %s/%s.yaml)", cfg.MessageID, c.dir, c.langs[0].Key)
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

// Forms returns every plural form of message id in language lang (falling
// back as T does), by CLDR category (zero, one, two, few, many, other), each
// with args filled in and "{count}" where the count goes: what a script
// needs to show a count it only learns in the reader's browser, choosing the
// form with Intl.PluralRules. A message without forms has only "other".
func (c *Catalog) Forms(lang, id string, args ...any) (map[string]string, error) {
	if len(args)%2 != 0 {
		return nil, fmt.Errorf("UI string %q: arguments must be name/value pairs", id)
	}
	td := map[string]any{"Count": "{count}"}
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			return nil, fmt.Errorf("UI string %q: argument name %v is not a string", id, args[i])
		}
		td[name] = args[i+1]
	}
	order := []string{lang}
	for _, l := range c.langs {
		if l.Key != lang {
			order = append(order, l.Key)
		}
	}
	for _, key := range order {
		forms, ok := c.plurals[key][id]
		if !ok {
			continue
		}
		out := make(map[string]string, len(forms))
		for cat, text := range forms {
			t, err := template.New(id).Parse(text)
			if err != nil {
				return nil, fmt.Errorf("UI string %q in %s: %v", id, key, err)
			}
			var b strings.Builder
			if err := t.Execute(&b, td); err != nil {
				return nil, fmt.Errorf("UI string %q in %s: %v", id, key, err)
			}
			out[cat] = b.String()
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown UI string %q (define it in %s/%s.yaml)", id, c.dir, c.langs[0].Key)
}

// Categories are the CLDR plural categories in their usual order.
var Categories = forms[1:]

// Missing returns, for each language, the message ids that some other
// language defines but it does not, sorted. Languages with no gap are absent.
func (c *Catalog) Missing() map[string][]string {
	all := map[string]bool{}
	for _, defs := range c.defined {
		for id := range defs {
			all[id] = true
		}
	}
	out := map[string][]string{}
	for _, lang := range c.langs {
		for id := range all {
			if _, ok := c.defined[lang.Key][id]; !ok {
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

// Changed returns the message ids whose definition differs between c and
// other in any language (added, removed or edited), sorted.
func (c *Catalog) Changed(other *Catalog) []string {
	ids := map[string]bool{}
	for _, a := range []*Catalog{c, other} {
		for _, defs := range a.defined {
			for id := range defs {
				ids[id] = true
			}
		}
	}
	var out []string
	for id := range ids {
		for _, lang := range c.langs {
			x, okx := c.defined[lang.Key][id]
			y, oky := other.defined[lang.Key][id]
			if x != y || okx != oky {
				out = append(out, id)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// IDs returns every message id of language lang, sorted.
func (c *Catalog) IDs(lang string) []string { return slices.Sorted(maps.Keys(c.defined[lang])) }

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
