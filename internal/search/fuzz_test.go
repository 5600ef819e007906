package search

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzTokens checks, for any text: no panic; tokens are valid UTF-8 and
// hold no separator; and the tokens of the text's NFKC form are the same
// (the cluster by cluster normalisation equals the whole one).
func FuzzTokens(f *testing.F) {
	for _, v := range readVectors(f) {
		f.Add(v.In)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(s)
		for _, tok := range toks {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("Tokens(%q): token %q", s, tok)
			}
			for _, r := range tok {
				if !isWord(r) && !isHan(r) {
					t.Fatalf("Tokens(%q): token %q has %U", s, tok, r)
				}
			}
		}
		if !utf8.ValidString(s) || longMarks(s) {
			return
		}
		if n := norm.NFKC.String(s); !slices.Equal(Tokens(n), toks) {
			t.Fatalf("Tokens(%q) = %q\nTokens(NFKC) = Tokens(%q) = %q", s, toks, n, Tokens(n))
		}
	})
}

// longMarks reports whether s has more than maxMarks combining characters in a row.
func longMarks(s string) bool {
	n := 0
	for _, r := range s {
		if attaches(r) || unicode.Is(unicode.Mn, r) {
			n++
			if n > maxMarks {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}
