package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzTokens checks, for any text: no panic; tokens are valid UTF-8 and
// hold no separator; the tokens of the text's NFKC form are the same (the
// cluster by cluster normalisation equals the whole one); and the query
// side agrees with the index side (plan's terms are the text's tokens).
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
		// Every token of a query's plan is one of the text's own tokens.
		have := map[string]bool{}
		for _, tok := range toks {
			have[tok] = true
		}
		for _, q := range plan(s, &phraseSet{}) {
			for _, tok := range q.tokens {
				if !have[tok] {
					t.Fatalf("plan(%q) has %q, not a token of the text (%q)", s, tok, toks)
				}
			}
			if q.prefix != "" && !slices.ContainsFunc(toks, func(tok string) bool { return strings.HasPrefix(tok, q.prefix) }) {
				t.Fatalf("plan(%q) has prefix %q, which no token of the text has (%q)", s, q.prefix, toks)
			}
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
