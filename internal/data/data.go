// Package data decodes the YAML that authors write — front matter, site.yaml,
// locale files and data files — and reports mistakes as file:line errors.
//
// It is the only package that imports a YAML library. A document is parsed
// once into a tree that keeps each value's line (Parse); decoding it into a Go
// value (Doc.Decode) is strict:
//
//   - about types: a title that is a list, a weight that is text;
//   - about keys: a key that the Go value has no field for is an error naming
//     its line, with the nearest known key as a suggestion ("reviwed: unknown
//     key; did you mean reviewed?"). Keys brought in by YAML merge keys
//     ("<<: *defaults") and aliases are checked where they are written, so an
//     alias cannot hide a typo.
//
// Lines count from the start of the author's file even when the YAML is only
// a part of it (front matter), so callers can report problems with values
// that decoded fine but are not acceptable at the right line (Doc.Line).
package data

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"guide/internal/diag"

	"go.yaml.in/yaml/v3"
)

// Doc is a parsed YAML document.
type Doc struct {
	File  string // the author's file, for errors
	first int    // the line of File on which the YAML starts
	root  *yaml.Node
}

// Parse parses src, the YAML that starts on line firstLine of file (1 for a
// whole file). An empty src gives an empty document.
func Parse(file string, firstLine int, src []byte) (*Doc, error) {
	d := &Doc{File: file, first: firstLine}
	if len(bytes.TrimSpace(src)) == 0 {
		return d, nil
	}
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return nil, d.positioned(err)
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		d.root = n.Content[0]
	}
	return d, nil
}

// Decode decodes YAML into v strictly (see the package documentation).
func Decode(file string, firstLine int, src []byte, v any) error {
	d, err := Parse(file, firstLine, src)
	if err != nil {
		return err
	}
	return d.Decode(v)
}

// Empty reports whether the document has no content.
func (d *Doc) Empty() bool { return d.root == nil }

// Decode decodes the document into v, which must be a pointer. Keys that v
// has no field for are errors, except, at the top level, the keys in extra.
// An empty document leaves v unchanged.
func (d *Doc) Decode(v any, extra ...string) error {
	if d.root == nil {
		return nil
	}
	var l diag.List
	d.checkKeys(&l, d.root, reflect.TypeOf(v), extra, 0)
	if err := l.Err(); err != nil {
		return err
	}
	if err := d.root.Decode(v); err != nil {
		return d.positioned(err)
	}
	return nil
}

// Loose decodes the document into v with no check of its keys: for maps of
// anything, like a page's parameters.
func (d *Doc) Loose(v any) error {
	if d.root == nil {
		return nil
	}
	if err := d.root.Decode(v); err != nil {
		return d.positioned(err)
	}
	return nil
}

// Keys returns the top-level keys of a mapping document, in order (merged
// keys included).
func (d *Doc) Keys() []string {
	var keys []string
	for _, kv := range pairs(d.root) {
		keys = append(keys, kv[0].Value)
	}
	return keys
}

// Line returns the line in File of the value at path: mapping keys (string)
// and sequence indices (int), "languages", 0, "key" say. When the path does
// not exist it returns the line of the deepest part that does (the document's
// first line at worst), so that a message about a missing value still points
// somewhere useful.
func (d *Doc) Line(path ...any) int {
	n := d.root
	if n == nil {
		return d.first
	}
	line := n.Line
	for _, p := range path {
		n = resolve(n)
		var next *yaml.Node
		switch k := p.(type) {
		case string:
			for _, kv := range pairs(n) {
				if kv[0].Value == k {
					next = kv[1]
					line = kv[0].Line
					break
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && k >= 0 && k < len(n.Content) {
				next = n.Content[k]
				line = next.Line
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return d.first + line - 1
}

// Errorf returns an error at the line of the value at path.
func (d *Doc) Errorf(path []any, format string, args ...any) *diag.Error {
	return diag.Errorf(d.File, d.Line(path...), format, args...)
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// pairs lists the key/value pairs of a mapping, with the pairs that merge
// keys bring in (later ones do not override earlier ones, as in YAML).
func pairs(n *yaml.Node) [][2]*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out [][2]*yaml.Node
	seen := map[string]bool{}
	var merged [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			m := resolve(v)
			if m != nil && m.Kind == yaml.SequenceNode {
				for _, e := range m.Content {
					merged = append(merged, pairs(e)...)
				}
			} else {
				merged = append(merged, pairs(v)...)
			}
			continue
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, v})
	}
	for _, kv := range merged {
		if !seen[kv[0].Value] {
			seen[kv[0].Value] = true
			out = append(out, kv)
		}
	}
	return out
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// checkKeys reports the keys of mappings in n that type t has no field for.
func (d *Doc) checkKeys(l *diag.List, n *yaml.Node, t reflect.Type, extra []string, depth int) {
	n = resolve(n)
	if n == nil || t == nil || depth > 64 {
		return
	}
	for t.Kind() == reflect.Pointer {
		if t.Implements(unmarshalerType) {
			return
		}
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := yamlFields(t)
		for _, kv := range pairs(n) {
			key := kv[0].Value
			f, ok := fields[key]
			if !ok {
				if depth == 0 && slices.Contains(extra, key) {
					continue
				}
				known := append(slices.Sorted(maps.Keys(fields)), extra...)
				msg := fmt.Sprintf("%s: unknown key", key)
				if s := Suggest(key, known); s != "" {
					msg += fmt.Sprintf("; did you mean %s?", s)
				} else {
					msg += fmt.Sprintf(" (the keys are %s)", strings.Join(known, ", "))
				}
				l.Add(diag.Errorf(d.File, d.first+kv[0].Line-1, "%s", msg))
				continue
			}
			d.checkKeys(l, kv[1], f, nil, depth+1)
		}
	case reflect.Slice, reflect.Array:
		if n.Kind == yaml.SequenceNode {
			for _, e := range n.Content {
				d.checkKeys(l, e, t.Elem(), nil, depth+1)
			}
		}
	case reflect.Map:
		for _, kv := range pairs(n) {
			d.checkKeys(l, kv[1], t.Elem(), nil, depth+1)
		}
	}
}

// yamlFields maps the YAML keys of a struct's fields to their types, as
// yaml.v3 names them (the yaml tag, else the lower-cased field name).
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			for k, v := range yamlFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

// Suggest returns the candidate closest to s if it is close enough to be a
// likely typo (at most two edits, and at most half its letters), or "".
func Suggest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), strings.ToLower(c)); d < bestD && d*2 <= len([]rune(c)) {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Damerau–Levenshtein distance (optimal string alignment).
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// Unmarshal decodes YAML without a position; it suits libraries that take an
// unmarshal function (go-i18n) and whose callers add the file name.
func Unmarshal(src []byte, v any) error {
	return yaml.Unmarshal(src, v)
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// positioned turns the YAML library's error into diag errors, one per problem.
func (d *Doc) positioned(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var l diag.List
		for _, e := range te.Errors {
			l.Add(d.one(e))
		}
		return l.Err()
	}
	return d.one(err.Error())
}

var typeRE = regexp.MustCompile("^cannot unmarshal !!(\\w+) (`.*`|)\\s*into (\\S+)$")

// kinds names Go types in an author's words.
var kinds = map[string]string{
	"int": "a whole number", "bool": "true or false", "string": "text", "float64": "a number",
}

// plainType rewrites the YAML library's "cannot unmarshal !!str `heavy`
// into int" as what the author should write.
func plainType(msg string) string {
	m := typeRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want, ok := kinds[m[3]]
	switch {
	case ok:
	case strings.HasPrefix(m[3], "[]"):
		want = "a list (- item)"
	case strings.HasPrefix(m[3], "map["):
		want = "a mapping (key: value)"
	default:
		return msg
	}
	got := map[string]string{"str": "text", "int": "a number", "float": "a number", "bool": "true or false", "seq": "a list", "map": "a mapping", "null": "nothing"}[m[1]]
	if got == "" {
		got = m[1]
	}
	if m[2] != "" {
		got += " " + strings.ReplaceAll(m[2], "`", "\"")
	}
	return fmt.Sprintf("expected %s here, not %s", want, got)
}

func (d *Doc) one(msg string) *diag.Error {
	// The YAML library quotes values cut after a few bytes, which can split
	// a Chinese character: drop the broken bytes.
	msg = strings.ToValidUTF8(msg, "")
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return diag.Errorf(d.File, d.first+n-1, "%s", plainType(m[2]))
	}
	return diag.Errorf(d.File, d.first, "%s", plainType(strings.TrimPrefix(msg, "yaml: ")))
}

// Date is a calendar date or timestamp written in YAML: 2026-11-27, or RFC 3339
// (2026-11-27T09:00:00+08:00). A value that is neither is an error naming its
// line.
type Date struct{ time.Time }

var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a date must be a single value like 2026-11-27", n.Line)
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, n.Value); err == nil {
			d.Time = t
			return nil
		}
	}
	return fmt.Errorf("line %d: %q is not a date: write it as 2026-11-27", n.Line, n.Value)
}

// Pairs is a YAML mapping of strings that keeps the order the author wrote
// (answers: {zgc: Zhongguancun route, reunion: Family reunion}).
type Pairs []Pair

// Pair is one entry of Pairs.
type Pair struct {
	Key, Value string
	Line       int // in the YAML, not the file: see Doc.Line for file lines
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (ps *Pairs) UnmarshalYAML(n *yaml.Node) error {
	if resolve(n).Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping of names to labels (key: label)", n.Line)
	}
	for _, kv := range pairs(n) {
		k, v := kv[0], resolve(kv[1])
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: expected key: label", k.Line)
		}
		*ps = append(*ps, Pair{Key: k.Value, Value: v.Value, Line: k.Line})
	}
	return nil
}

// Get returns the value of key.
func (ps Pairs) Get(key string) (string, bool) {
	for _, p := range ps {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}
