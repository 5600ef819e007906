package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

func catalog(t *testing.T) *Catalog {
	t.Helper()
	fsys := fstest.MapFS{
		"locales/zh.yaml": {Data: []byte("home: 首页\nitems:\n  other: 共 {{.Count}} 项\nzh_only: 只有中文\n")},
		"locales/en.yaml": {Data: []byte("home: Home\nitems:\n  one: \"{{.Count}} item\"\n  other: \"{{.Count}} items\"\nen_only: Only English\n")},
	}
	c, err := Load(fsys, "locales", []Language{{Key: "zh", Tag: "zh-Hans"}, {Key: "en", Tag: "en"}, {Key: "de", Tag: "de"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestT(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		lang, id string
		args     []any
		want     string
	}{
		{"zh", "home", nil, "首页"},
		{"en", "home", nil, "Home"},
		{"en", "home", nil, "Home"}, // second call: from the cache
		{"zh", "items", []any{"Count", 1}, "共 1 项"},
		{"zh", "items", []any{"Count", 2}, "共 2 项"},
		{"en", "items", []any{"Count", 1}, "1 item"},
		{"en", "items", []any{"Count", 0}, "0 items"},
		{"en", "items", []any{"Count", 21}, "21 items"},
		{"en", "zh_only", nil, "只有中文"}, // falls back to the default language
		{"de", "items", []any{"Count", 1}, "共 1 项"},
		// A message only a later language has is used, not an error.
		{"zh", "en_only", nil, "Only English"},
		{"de", "en_only", nil, "Only English"},
	}
	for _, tt := range tests {
		got, err := c.T(tt.lang, tt.id, tt.args...)
		if err != nil || got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, %v; want %q", tt.lang, tt.id, tt.args, got, err, tt.want)
		}
	}
	if _, err := c.T("en", "nosuch"); err == nil || !strings.Contains(err.Error(), `unknown UI string "nosuch"`) {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := c.T("en", "items", "Count"); err == nil {
		t.Error("odd arguments accepted")
	}
}

func TestCounts(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		lang, id string
		n        int
		want     string
	}{
		{"en", "items", 2, "0 items|1 item|2 items"},
		{"en", "items", 2, "0 items|1 item|2 items"}, // second call: from the cache
		{"en", "items", 0, "0 items"},
		{"zh", "items", 1, "共 0 项|共 1 项"},
	}
	for _, tt := range tests {
		got, err := c.Counts(tt.lang, tt.id, tt.n)
		if err != nil || strings.Join(got, "|") != tt.want {
			t.Errorf("Counts(%s, %s, %d) = %q, %v; want %q", tt.lang, tt.id, tt.n, got, err, tt.want)
		}
	}
	if _, err := c.Counts("en", "nosuch", 1); err == nil {
		t.Error("unknown id: no error")
	}
	if _, err := c.Counts("en", "items", -1); err == nil {
		t.Error("negative count: no error")
	}
}

func TestForms(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		lang, id string
		args     []any
		want     string // category=text, in the order of Categories
	}{
		{"en", "items", nil, "one={count} item|other={count} items"},
		{"zh", "items", nil, "other=共 {count} 项"},
		{"de", "items", nil, "other=共 {count} 项"}, // falls back as T does
		{"en", "home", nil, "other=Home"},
		{"zh", "en_only", nil, "other=Only English"},
	}
	for _, tt := range tests {
		forms, err := c.Forms(tt.lang, tt.id, tt.args...)
		var got []string
		for _, cat := range Categories {
			if f, ok := forms[cat]; ok {
				got = append(got, cat+"="+f)
			}
		}
		if err != nil || strings.Join(got, "|") != tt.want {
			t.Errorf("Forms(%s, %s) = %q, %v; want %q", tt.lang, tt.id, got, err, tt.want)
		}
	}
	if _, err := c.Forms("en", "nosuch"); err == nil {
		t.Error("unknown id: no error")
	}
}

func TestMissing(t *testing.T) {
	m := catalog(t).Missing()
	if got := strings.Join(m["en"], ","); got != "zh_only" {
		t.Errorf("missing en = %q", got)
	}
	if got := strings.Join(m["de"], ","); got != "en_only,home,items,zh_only" {
		t.Errorf("missing de = %q", got)
	}
	if got := strings.Join(m["zh"], ","); got != "en_only" {
		t.Errorf("missing zh = %q", got)
	}
}

func TestChanged(t *testing.T) {
	a := catalog(t)
	fsys := fstest.MapFS{
		"locales/zh.yaml": {Data: []byte("home: 主页\nitems:\n  other: 共 {{.Count}} 项\nzh_only: 只有中文\nnew: 新\n")},
		"locales/en.yaml": {Data: []byte("home: Home\nitems:\n  one: \"{{.Count}} item\"\n  other: \"{{.Count}} items\"\n")},
	}
	b, err := Load(fsys, "locales", []Language{{Key: "zh", Tag: "zh-Hans"}, {Key: "en", Tag: "en"}, {Key: "de", Tag: "de"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(a.Changed(b), " "); got != "en_only home new" {
		t.Errorf("Changed = %q, want en_only home new", got)
	}
	if len(a.Changed(a)) != 0 {
		t.Error("a catalog differs from itself")
	}
}

func TestLoadErrors(t *testing.T) {
	for name, tt := range map[string]struct {
		files fstest.MapFS
		want  string
	}{
		"syntax":           {fstest.MapFS{"locales/en.yaml": {Data: []byte("a: b\nc: [\n")}}, "locales/en.yaml:2:"},
		"unknown language": {fstest.MapFS{"locales/fr.yaml": {Data: []byte("a: b\n")}}, `locales/fr.yaml: no language "fr"`},
		"not yaml":         {fstest.MapFS{"locales/en.json": {Data: []byte("{}")}}, "locales/en.json: locale files are YAML"},
		"unknown form":     {fstest.MapFS{"locales/en.yaml": {Data: []byte("a: b\nitems:\n  one: x\n  ones: y\n  other: z\n")}}, `locales/en.yaml:4: items: unknown plural form "ones"`},
		"no other form":    {fstest.MapFS{"locales/en.yaml": {Data: []byte("a: b\nitems:\n  one: x\n")}}, `locales/en.yaml:2: items: plural forms need at least "other"`},
		"bad template":     {fstest.MapFS{"locales/en.yaml": {Data: []byte("a: b\n\nc: \"{{.Count\"\n")}}, "locales/en.yaml:3: c: not a valid template: "},
		"not a text":       {fstest.MapFS{"locales/en.yaml": {Data: []byte("a: [1, 2]\n")}}, "locales/en.yaml:1: a: the text must be a string"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(tt.files, "locales", []Language{{Key: "zh", Tag: "zh-Hans"}, {Key: "en", Tag: "en"}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
