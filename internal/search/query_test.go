package search

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// queryCase is one case of testdata/queries.json: a query on the test site
// and what it must find, with why. The browser test runs them through
// search.js too.
type queryCase struct {
	Lang  string   `json:"lang"`
	Q     string   `json:"q"`
	Why   string   `json:"why"`
	Count int      `json:"count"`
	Hits  []string `json:"hits"` // URL#anchor, the first ten, best first
}

func readQueries(t testing.TB) []queryCase {
	t.Helper()
	b, err := os.ReadFile("testdata/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []queryCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestQueries runs testdata/queries.json on the test site, as one file and
// as many shards. -update rewrites the counts and hits: review the diff.
func TestQueries(t *testing.T) {
	cases := readQueries(t)
	for _, opts := range []Options{{}, {ShardSize: 400, PageShardSize: 400, SingleFile: 1}} {
		files := buildSite(t, opts)
		readers := map[string]*reader{}
		for i := range cases {
			c := &cases[i]
			r := readers[c.Lang]
			if r == nil {
				r = openIndex(t, files, "search/"+c.Lang+"/")
				readers[c.Lang] = r
			}
			n, hits := r.search(c.Q, 10)
			got := []string{}
			for _, h := range hits {
				got = append(got, h.String())
			}
			if *update {
				c.Count, c.Hits = n, got
				continue
			}
			if n != c.Count || !slices.Equal(got, c.Hits) {
				t.Errorf("%s %q (%s), Options%+v:\n got %d %q\nwant %d %q", c.Lang, c.Q, c.Why, opts, n, got, c.Count, c.Hits)
			}
		}
	}
	if *update {
		var b strings.Builder
		b.WriteString("[\n")
		for i, c := range cases {
			line, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(" " + unescapeJSON(string(line)))
			if i < len(cases)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("]\n")
		if err := os.WriteFile("testdata/queries.json", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
