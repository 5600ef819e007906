// Package data decodes the YAML that authors write — front matter, site.yaml,
// locale files and data files — and reports mistakes as file:line errors.
//
// It is the only package that imports a YAML library. Decoding is strict about
// types (a title that is a list, a weight that is text) and reports the line of
// the offending value in the author's file, counting lines from the start of
// the file even when the YAML is only a part of it (front matter).
package data

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"guide/internal/diag"

	"go.yaml.in/yaml/v3"
)

// Decode decodes the YAML in src into v. file names the author's file in
// errors, and firstLine is the line of that file on which src starts (1 for a
// whole file). An empty src leaves v unchanged.
func Decode(file string, firstLine int, src []byte, v any) error {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(false)
	if err := dec.Decode(v); err != nil {
		return positioned(file, firstLine, err)
	}
	return nil
}

// DecodeAll decodes the YAML in src into each of vs, parsing it once (a
// typed struct and a generic map of the same front matter, say). Errors are
// those of Decode.
func DecodeAll(file string, firstLine int, src []byte, vs ...any) error {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil
	}
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return positioned(file, firstLine, err)
	}
	for _, v := range vs {
		if err := n.Decode(v); err != nil {
			return positioned(file, firstLine, err)
		}
	}
	return nil
}

// Unmarshal decodes YAML without a position; it suits libraries that take an
// unmarshal function (go-i18n) and whose callers add the file name.
func Unmarshal(src []byte, v any) error {
	return yaml.Unmarshal(src, v)
}

// Node decodes src into a generic tree that keeps each value's line, for
// callers that need to report positions of their own (checking that every
// key of a map is valid, say).
func Node(file string, firstLine int, src []byte) (*yaml.Node, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return nil, positioned(file, firstLine, err)
	}
	return &n, nil
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// positioned turns the YAML library's error into diag errors, one per problem.
func positioned(file string, firstLine int, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var l diag.List
		for _, e := range te.Errors {
			l.Add(one(file, firstLine, e))
		}
		return l.Err()
	}
	return one(file, firstLine, err.Error())
}

func one(file string, firstLine int, msg string) *diag.Error {
	// The YAML library quotes values cut after a few bytes, which can split
	// a Chinese character: drop the broken bytes.
	msg = strings.ToValidUTF8(msg, "")
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return diag.Errorf(file, firstLine+n-1, "%s", m[2])
	}
	return diag.Errorf(file, firstLine, "%s", trimPrefix(msg))
}

func trimPrefix(msg string) string {
	const p = "yaml: "
	if len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):]
	}
	return fmt.Sprint(msg)
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
// (filters: {zgc: Zhongguancun route, reunion: Family reunion}).
type Pairs []Pair

// Pair is one entry of Pairs.
type Pair struct {
	Key, Value string
	Line       int
}

// UnmarshalYAML implements yaml.Unmarshaler.
func (ps *Pairs) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping of names to labels (key: label)", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
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
