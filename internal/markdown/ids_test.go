package markdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestIDsUnique(t *testing.T) {
	for _, tt := range []struct {
		name     string
		explicit []string // Put before the headings
		headings []string
		want     []string
	}{
		{"repeats", nil, []string{"Fees", "Fees", "Fees"}, []string{"fees", "fees-1", "fees-2"}},
		{"explicit taken", []string{"fees-1", "fees-3"}, []string{"Fees", "Fees", "Fees", "Fees"}, []string{"fees", "fees-2", "fees-4", "fees-5"}},
		{"a generated id is a base too", nil, []string{"A", "A", "A 1", "A 1", "A"}, []string{"a", "a-1", "a-1-1", "a-1-2", "a-2"}},
		{"suffix taken by a heading", nil, []string{"B 1", "B", "B", "B"}, []string{"b-1", "b", "b-2", "b-3"}},
		{"empty", nil, []string{"!", "?"}, []string{"section", "section-1"}},
		{"Chinese", nil, []string{"资格条件", "资格条件"}, []string{"资格条件", "资格条件-1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newIDs()
			for _, e := range tt.explicit {
				s.Put([]byte(e))
			}
			var got []string
			for _, h := range tt.headings {
				got = append(got, string(s.Generate([]byte(h), ast.KindHeading)))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// The ids looked up are at most the headings plus the ids of the page
// (linear), however they collide: n identical headings, the same after
// explicit ids that take their first n suffixes, headings whose text is
// another's generated id.
func TestIDsLinear(t *testing.T) {
	for _, tt := range []struct {
		name string
		page func(s *ids, n int) (headings int)
	}{
		{"identical", func(s *ids, n int) int {
			for range n {
				s.Generate([]byte("Step"), ast.KindHeading)
			}
			return n
		}},
		{"suffixes taken", func(s *ids, n int) int {
			for i := range n {
				s.Put([]byte(fmt.Sprintf("step-%d", i+1)))
			}
			for range n {
				s.Generate([]byte("Step"), ast.KindHeading)
			}
			return n
		}},
		{"generated ids as bases", func(s *ids, n int) int {
			for i := range n {
				s.Generate([]byte("X"), ast.KindHeading)
				s.Generate([]byte(fmt.Sprintf("X %d", i%50+1)), ast.KindHeading)
			}
			return 2 * n
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range []int{1_000, 10_000, 50_000} {
				s := newIDs()
				headings := tt.page(s, n)
				if s.tries > headings+len(s.used) {
					t.Errorf("n=%d: %d ids looked up for %d headings and %d ids", n, s.tries, headings, len(s.used))
				}
				if len(s.used) < n {
					t.Errorf("n=%d: only %d ids", n, len(s.used))
				}
			}
		})
	}
}

// go test -run '^$' -bench IDs ./internal/markdown: the time per heading
// stays flat as the page grows (it was quadratic: 50,000 identical headings
// took over 100 s).
func BenchmarkIDs(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 50_000} {
		src := []byte(strings.Repeat("## Step\n\n", n))
		c := New(Options{})
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				doc, err := c.Convert(src, Context{File: "content/x.en.md"})
				if err != nil || len(doc.Headings) != n {
					b.Fatal(err, len(doc.Headings))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/heading")
		})
	}
}
