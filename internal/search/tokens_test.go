package search

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// tokenVector is one case of testdata/tokens.json, which the browser test
// runs through search.js too.
type tokenVector struct {
	In     string   `json:"in"`
	Tokens []string `json:"tokens"`
}

func readVectors(t testing.TB) []tokenVector {
	t.Helper()
	b, err := os.ReadFile("testdata/tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var v []tokenVector
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v) < 10 {
		t.Fatalf("only %d token vectors", len(v))
	}
	return v
}

// TestTokens checks Tokens against testdata/tokens.json (-update rewrites
// the expected tokens from Tokens: review the diff).
func TestTokens(t *testing.T) {
	vectors := readVectors(t)
	for i := range vectors {
		v := &vectors[i]
		got := Tokens(v.In)
		if got == nil {
			got = []string{}
		}
		if *update {
			v.Tokens = got
			continue
		}
		if !slices.Equal(got, v.Tokens) {
			t.Errorf("Tokens(%q)\n got %q\nwant %q", v.In, got, v.Tokens)
		}
	}
	if *update {
		var b strings.Builder
		b.WriteString("[\n")
		for i, v := range vectors {
			in, _ := json.Marshal(v.In)
			toks, _ := json.Marshal(v.Tokens)
			b.WriteString(` {"in": ` + string(in) + `, "tokens": ` + string(toks) + "}")
			if i < len(vectors)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("]\n")
		if err := os.WriteFile("testdata/tokens.json", []byte(unescapeJSON(b.String())), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// unescapeJSON undoes encoding/json's escaping of <, > and &, which the
// vectors do not need.
func unescapeJSON(s string) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(s)
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"copies", "copy"}, {"copy", "copy"}, {"cookies", "cooky"}, {"cookie", "cooky"},
		{"ties", "tie"}, {"lies", "lie"},
		{"addresses", "address"}, {"address", "address"}, {"glasses", "glass"},
		{"boxes", "box"}, {"taxes", "tax"}, {"churches", "church"}, {"wishes", "wish"}, {"axes", "axe"},
		{"visas", "visa"}, {"fees", "fee"}, {"days", "day"}, {"applicants", "applicant"},
		{"status", "status"}, {"bus", "bus"}, {"this", "this"}, {"basis", "basis"}, {"has", "has"}, {"ids", "ids"},
		{"certificates", "certificate"}, {"legalization", "legalisation"}, {"legalisation", "legalisation"},
		{"organizations", "organisation"}, {"recognized", "recognised"}, {"recognizes", "recognise"},
		{"authorizing", "authorising"}, {"size", "size"}, {"prize", "prize"}, {"sizes", "size"},
		{"2023s", "2023"}, {"s", "s"}, {"", ""},
		{"cafés", "cafés"}, // not ASCII: unchanged
	}
	for _, tt := range tests {
		if got := string(stem([]byte(tt.in))); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := string(stem(stem([]byte(tt.in)))); got != tt.want {
			t.Errorf("stem(stem(%q)) = %q, want %q (stemming twice changes nothing)", tt.in, got, tt.want)
		}
	}
}

// TestAttaches checks that every character NFKC can combine with the one
// before it is kept in that character's cluster, so that normalising text
// cluster by cluster (as Tokens and search.js do, to keep offsets) is the
// same as normalising it whole.
func TestAttaches(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if !norm.NFKC.PropertiesString(string(r)).BoundaryBefore() && !attaches(r) {
			t.Errorf("U+%04X can combine with the character before it but does not attach to it", r)
		}
	}
}

// TestFastPaths checks that the characters split handles without calling
// NFKC are those NFKC leaves alone or maps as split does.
func TestFastPaths(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		want := r
		switch {
		case r < 0x80, 0x4E00 <= r && r <= 0x9FFF, cjkPunct(r):
		case fullwidth(r):
			want = r - 0xFEE0
		default:
			continue
		}
		if got := norm.NFKC.String(string(r)); got != string(want) {
			t.Errorf("NFKC(%U) = %q, split reads it as %q", r, got, string(want))
		}
		if attaches(r) {
			t.Errorf("%U attaches to the character before it", r)
		}
	}
}

func TestCompare16(t *testing.T) {
	// JavaScript order: U+FF01 sorts after U+20000 (a surrogate pair, D840 DC00).
	order := []string{"", "a", "ab", "b", "中", "中文", "\U00020000", "\uFA0E", "\uFF01"}
	for i := range order {
		for j := range order {
			got := compare16(order[i], order[j])
			if (got < 0) != (i < j) || (got == 0) != (i == j) {
				t.Errorf("compare16(%q, %q) = %d", order[i], order[j], got)
			}
		}
	}
}
