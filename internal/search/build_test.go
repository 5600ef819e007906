package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestBuildGolden builds the test site as one file per language and, with
// tiny shards, as many files, and compares the files (JSON indented for
// reading) with testdata/golden-*.txtar. -update rewrites them.
func TestBuildGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts Options
	}{
		{"single", Options{}},
		{"sharded", Options{ShardSize: 400, PageShardSize: 400, SingleFile: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := buildSite(t, tt.opts)
			var ar txtar.Archive
			ar.Comment = fmt.Appendf(nil, "The index of testdata/site.txtar with Options%+v, JSON indented.\ngo test -update rewrites it.\n", tt.opts)
			for _, name := range slices.Sorted(maps.Keys(files)) {
				var b bytes.Buffer
				if err := json.Indent(&b, files[name], "", " "); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ar.Files = append(ar.Files, txtar.File{Name: name, Data: b.Bytes()})
			}
			got := txtar.Format(&ar)
			golden := "testdata/golden-" + tt.name + ".txtar"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the index differs from %s (go test -update rewrites it; review the diff):\n%s", golden, firstDiff(string(got), string(want)))
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestBuildDeterministic builds a corpus large enough to be indexed in
// several chunks, on one core and on all, and with the same input twice:
// the bytes must be the same.
func TestBuildDeterministic(t *testing.T) {
	docs := genDocs("en", 1000, corpusVocab)
	syn := [][]string{{"police certificate", "no criminal record"}, {"passport", "travel document"}}
	build := func() map[string][]byte {
		files, err := Build("en", docs, syn, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	a := build()
	prev := runtime.GOMAXPROCS(1)
	b := build()
	runtime.GOMAXPROCS(prev)
	c := build()
	if len(a) < 3 {
		t.Fatalf("%d files: not sharded", len(a))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) || !bytes.Equal(data, c[name]) {
			t.Errorf("%s differs between builds", name)
		}
	}
	if len(b) != len(a) || len(c) != len(a) {
		t.Errorf("%d, %d and %d files", len(a), len(b), len(c))
	}
}

func TestBuildErrors(t *testing.T) {
	ok := []Doc{{URL: "/en/", Title: "Home"}}
	tests := []struct {
		name     string
		lang     string
		docs     []Doc
		synonyms [][]string
		opts     Options
		want     []string
	}{
		{"no language", "", ok, nil, Options{}, []string{`language ""`}},
		{"language with a slash", "en/x", ok, nil, Options{}, []string{`language "en/x"`}},
		{"absolute directory", "en", ok, nil, Options{Dir: "/search/"}, []string{`Options.Dir "/search/"`}},
		{"directory without slash", "en", ok, nil, Options{Dir: "search"}, []string{`Options.Dir "search"`}},
		{"page without URL", "en", []Doc{{Title: "Fees"}}, nil, Options{}, []string{`page 0 ("Fees") has no URL`}},
		{"page twice", "en", []Doc{{URL: "/en/"}, {URL: "/en/"}}, nil, Options{}, []string{"/en/: page listed twice"}},
		{"group of one", "en", ok, [][]string{{"green card"}}, Options{}, []string{`synonym group 1 ["green card"]: needs two terms or more`}},
		{"empty term", "en", ok, [][]string{{"a", "b"}, {"green card", "—"}}, Options{}, []string{`synonym group 2: "—" has nothing to search for`}},
		{"all at once", "", []Doc{{}, {}}, [][]string{{"x"}}, Options{}, []string{`language ""`, "page 0", "page 1", "synonym group 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Build(tt.lang, tt.docs, tt.synonyms, tt.opts)
			if err == nil {
				t.Fatalf("no error, %d files", len(files))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestSetRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := [][]int32{{0}, {7}, {0, 1, 2, 3}, {5, 300, 70000}}
	for range 200 {
		var docs []int32
		density := r.Float64()
		for d := range int32(r.IntN(3000)) {
			if r.Float64() < density {
				docs = append(docs, d)
			}
		}
		if len(docs) > 0 {
			cases = append(cases, docs)
		}
	}
	sparse, bitmap := 0, 0
	for _, docs := range cases {
		b := appendSet(nil, docs)
		if b[0]&1 == 1 {
			bitmap++
		} else {
			sparse++
		}
		got, rest := readSet(t, b)
		if !slices.Equal(got, docs) || len(rest) != 0 {
			t.Fatalf("set %v: read back %v, %d bytes left", docs, got, len(rest))
		}
	}
	if sparse == 0 || bitmap == 0 {
		t.Errorf("%d sparse and %d bitmap sets: both encodings should be tested", sparse, bitmap)
	}
}

// TestAppendString checks the JSON strings of the index against
// encoding/json's reading of them.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", "引号\"和\\反斜杠", "line\nbreak\ttab\rcr\x00\x1f", "\xff\xfe bad \xe4\xb8", "\xed\xa0\x80 surrogate", "\xe0\x80\x80 overlong", "𠀀 and U+2028\u2028", "<&>"} {
		b := appendString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("appendString(%q) = %s: %v", s, b, err)
			continue
		}
		if want := string([]rune(s)); got != want { // each invalid byte as U+FFFD
			t.Errorf("appendString(%q) reads back as %q, want %q", s, got, want)
		}
	}
}

// TestCompareTokens checks the order of tokens kept as words and as Han
// keys against compare16 on their text.
func TestCompareTokens(t *testing.T) {
	toks := []token{{word: "a"}, {word: "zz"}, {word: "한국"}, {word: "\uFF41x"}, {word: "\U00020000x"},
		{han: hanKey('中', 0)}, {han: hanKey('中', '文')}, {han: hanKey('\U00020000', 0)}, {han: hanKey('\uFA0E', '\uFA0F')}}
	for _, x := range toks {
		for _, y := range toks {
			got, want := compareTokens(x, y), compare16(x.String(), y.String())
			if (got < 0) != (want < 0) || (got == 0) != (want == 0) {
				t.Errorf("compareTokens(%q, %q) = %d, compare16 %d", x, y, got, want)
			}
		}
	}
}
