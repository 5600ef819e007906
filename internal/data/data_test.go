package data

import (
	"strings"
	"testing"
)

type page struct {
	Title    string          `yaml:"title"`
	Weight   int             `yaml:"weight"`
	Reviewed Date            `yaml:"reviewed"`
	Filters  Pairs           `yaml:"filters"`
	Items    []item          `yaml:"items"`
	Names    map[string]item `yaml:"names"`
}

type item struct {
	Name string `yaml:"name"`
	From Date   `yaml:"from"`
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, src string
		extra     []string
		want      string // the error, exactly ("" for none)
	}{
		{"fine", "title: A\nweight: 2\nreviewed: 2026-11-27\n", nil, ""},
		{"typo with a suggestion", "title: A\nreviwed: 2026-11-27\n", nil, "f.md:11: reviwed: unknown key; did you mean reviewed?"},
		{"unknown key far from any", "title: A\ncolour: red\n", nil, "f.md:11: colour: unknown key (the keys are filters, items, names, reviewed, title, weight)"},
		{"extra keys allowed at the top", "title: A\nsummary: x\n", []string{"summary"}, ""},
		{"extra keys not allowed below", "items:\n  - {name: a, summary: x}\n", []string{"summary"}, "f.md:11: summary: unknown key (the keys are from, name)"},
		{"nested typo", "items:\n  - name: a\n    form: 2026-01-01\n", nil, "f.md:12: form: unknown key; did you mean from?"},
		{"typo in a map value", "names:\n  x: {nme: a}\n", nil, "f.md:11: nme: unknown key; did you mean name?"},
		{"typo hidden under a merge key", "base: &b {nmae: a}\n", nil, "f.md:10: base: unknown key (the keys are filters, items, names, reviewed, title, weight)"},
		{"typo brought in by a merge", "items:\n  - &x {name: a}\n  - <<: *x\n    titel: b\n", nil, "f.md:13: titel: unknown key (the keys are from, name)"},
		{"merge of a mapping with a typo", "defaults: &d\n  nmae: a\n", nil, "f.md:10: defaults: unknown key (the keys are filters, items, names, reviewed, title, weight)"},
		{"wrong type", "weight: heavy\n", nil, `f.md:10: expected a whole number here, not text "heavy"`},
		{"list for text", "title: [a, b]\n", nil, "f.md:10: expected text here, not a list"},
		{"text for list", "items: one\n", nil, `f.md:10: expected a list (- item) here, not text "one"`},
		{"bad date", "reviewed: last week\n", nil, `f.md:10: "last week" is not a date: write it as 2026-11-27`},
		{"syntax", "title: [a\n", nil, "f.md:10: did not find expected ',' or ']'"},
		{"filters not a mapping", "filters: [a, b]\n", nil, "f.md:10: expected a mapping of names to labels (key: label)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("f.md", 10, []byte(tt.src))
			if err == nil {
				var p page
				err = d.Decode(&p, tt.extra...)
			}
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestMergedKeysAreChecked(t *testing.T) {
	// An unknown key that reaches a struct only through a merge is reported
	// at the line where it is written.
	src := "items:\n  - &x {name: a, colour: red}\n  - <<: *x\n"
	d, err := Parse("h.yaml", 1, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var p page
	err = d.Decode(&p)
	if err == nil || !strings.Contains(err.Error(), "h.yaml:2: colour: unknown key") {
		t.Errorf("error %v, want colour reported on line 2", err)
	}
}

func TestLine(t *testing.T) {
	src := "title: A\nlanguages:\n  - key: zh\n    name: 中文\n  - key: en\n"
	d, err := Parse("site.yaml", 1, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path []any
		want int
	}{
		{nil, 1},
		{[]any{"title"}, 1},
		{[]any{"languages"}, 2},
		{[]any{"languages", 0}, 3},
		{[]any{"languages", 0, "name"}, 4},
		{[]any{"languages", 1, "key"}, 5},
		{[]any{"languages", 1, "name"}, 5}, // missing: the item's line
		{[]any{"nope"}, 1},
	}
	for _, tt := range tests {
		if got := d.Line(tt.path...); got != tt.want {
			t.Errorf("Line(%v) = %d, want %d", tt.path, got, tt.want)
		}
	}
	if got := strings.Join(d.Keys(), " "); got != "title languages" {
		t.Errorf("Keys() = %q", got)
	}
	empty, _ := Parse("x.yaml", 3, nil)
	if !empty.Empty() || empty.Line("a") != 3 {
		t.Errorf("empty document: Empty %v, Line %d", empty.Empty(), empty.Line("a"))
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"title", "weight", "reviewed", "layout", "menu"}
	for in, want := range map[string]string{
		"reviwed": "reviewed", "Title": "title", "wieght": "weight", "layuot": "layout",
		"mneu": "menu", "colour": "", "x": "", "reviewedd": "reviewed",
	} {
		if got := Suggest(in, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
