package content

import (
	"strings"
	"testing"
)

func TestParseName(t *testing.T) {
	langs := []string{"zh", "en"}
	tests := []struct {
		rel     string
		want    Name
		wantErr bool
	}{
		{"fees.zh.md", Name{Key: "fees", Lang: "zh"}, false},
		{"fees.en.md", Name{Key: "fees", Lang: "en"}, false},
		{"fees.md", Name{Key: "fees", Lang: "zh"}, false},
		{"documents/spouse.en.md", Name{Key: "documents/spouse", Lang: "en"}, false},
		{"documents/_index.en.md", Name{Key: "documents", Lang: "en", Section: true}, false},
		{"_index.zh.md", Name{Key: "", Lang: "zh", Section: true}, false},
		{"fees.fr.md", Name{}, true},
		{".en.md", Name{}, true},
	}
	for _, tt := range tests {
		got, err := ParseName(tt.rel, langs)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseName(%q) = %+v, %v", tt.rel, got, err)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"fees.zh.md", "documents/spouse.en.md", "费用.zh.md", "2026-11-27-guide_published.en.md", "form.pdf", "holidays/2026.yaml"} {
		if err := CheckName(ok); err != nil {
			t.Errorf("CheckName(%q): %v", ok, err)
		}
	}
	for name, want := range map[string]string{
		"my page.en.md":      `the name "my page.en.md" has a space, which cannot be in a URL as it is: rename it with letters, digits, "-" and "_" only (for example "my-page.en.md")`,
		"fees#1.en.md":       `the name "fees#1.en.md" has '#'`,
		"what?.en.md":        `the name "what?.en.md" has '?'`,
		"100%.en.md":         `the name "100%.en.md" has '%'`,
		`x" onload="a.en.md`: `the name "x\" onload=\"a.en.md" has '"'`,
		"docs/a&b/c.en.md":   `the name "a&b" has '&'`,
	} {
		err := CheckName(name)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("CheckName(%q) = %v, want %s…", name, err, want)
		}
	}
}

// TestFrontMatterKeys: an unknown key is an error with a suggestion, unless
// the site declares it.
func TestFrontMatterKeys(t *testing.T) {
	c := Config{Dir: "content", Langs: []string{"zh", "en"}}
	src := []byte("---\ntitle: Fees\nreviwed: 2026-11-27\nsummary: x\n---\nBody\n")
	_, err := c.Parse("content/fees.en.md", src)
	want := "content/fees.en.md:3: reviwed: unknown key; did you mean reviewed?\ncontent/fees.en.md:4: summary: unknown key"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error:\n%v\nwant:\n%s…", err, want)
	}
	c.Params = []string{"summary"}
	_, err = c.Parse("content/fees.en.md", src)
	if err == nil || strings.Contains(err.Error(), "summary") || !strings.Contains(err.Error(), "reviwed") {
		t.Errorf("with summary declared: %v", err)
	}
	f, err := c.Parse("content/fees.en.md", []byte("---\ntitle: Fees\nsummary: x\n---\n"))
	if err != nil || f.Meta.Params["summary"] != "x" || f.Line("summary") != 3 {
		t.Errorf("declared parameter: %v, %v, line %d", err, f.Meta.Params, f.Line("summary"))
	}
}
