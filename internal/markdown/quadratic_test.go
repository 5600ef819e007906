package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// headingAboveByLooking is how checklists found their heading before: the
// nearest earlier sibling that is a heading, of the list and then of each
// ancestor. The one-pass version must find the same.
func headingAboveByLooking(n ast.Node) string {
	for c := n; c != nil; c = c.Parent() {
		for s := c.PreviousSibling(); s != nil; s = s.PreviousSibling() {
			if h, ok := s.(*ast.Heading); ok {
				id, _ := h.AttributeString("id")
				return string(toBytes(id))
			}
		}
	}
	return ""
}

func TestChecklistHeadingSameAsLookingBack(t *testing.T) {
	blocks := []string{"## A {#a%d}\n", "### B {#b%d}\n", "para\n", "> ## Q {#q%d}\n", "> - [ ] quoted {#x%d}\n", "- [ ] item {#y%d}\n  - [ ] nested {#z%d}\n", "- a\n\n  ## In item {#in%d}\n\n  - [ ] deep {#w%d}\n", "> > - [ ] two deep {#v%d}\n"}
	r := rand.New(rand.NewPCG(3, 4))
	c := New(Options{})
	bare := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAttribute()))
	checked := 0
	for i := range 300 {
		var b strings.Builder
		for j := range 1 + r.IntN(8) {
			b.WriteString(strings.ReplaceAll(blocks[r.IntN(len(blocks))], "%d", fmt.Sprint(j)) + "\n")
		}
		src := []byte(b.String())
		// What the checklists got, by id of their first item, and what looking
		// back from each list of the bare parse finds.
		doc, err := c.Convert(src, Context{File: "x.md"})
		if err != nil {
			continue // a list mixing items with and without ids, say
		}
		checked++
		want := map[string]string{}
		root := bare.Parser().Parse(text.NewReader(src))
		_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := n.(*ast.List); ok && entering {
				if id := firstItemID(l, src); id != "" {
					want[id] = headingAboveByLooking(l)
				}
			}
			return ast.WalkContinue, nil
		})
		html := doc.HTML
		for id, h := range want {
			group := fmt.Sprintf(`aria-labelledby="%s">`+"\n"+`<ul class="checklist">`+"\n"+`<li class="checklist-item" id="item-%s"`, h, id)
			if h == "" {
				group = `<ul class="checklist">` + "\n" + `<li class="checklist-item" id="item-` + id + `"`
			}
			if !strings.Contains(html, group) {
				t.Fatalf("input %d:\n%s\nchecklist %s should be under heading %q:\n%s", i, src, id, h, html)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d of the random pages converted without errors", checked)
	}
}

// firstItemID is the {#id} ending the first line of a list's first item.
func firstItemID(l *ast.List, src []byte) string {
	li := l.FirstChild()
	if li == nil || li.FirstChild() == nil || li.FirstChild().Lines().Len() == 0 {
		return ""
	}
	first := li.FirstChild().Lines().At(0)
	if m := itemAttr(first.Value(src)); m != nil {
		return string(m[1])
	}
	return ""
}

// n questions in a chain, each also answering back to the first: n circles
// of up to n steps. The errors stay proportional to the page (they were n²).
func TestCircleErrorsBounded(t *testing.T) {
	c := New(Options{})
	for _, n := range []int{10, 100, 1000} {
		src := []byte(circles(n))
		_, err := c.Convert(src, Context{File: "x.md"})
		if err == nil {
			t.Fatalf("n=%d: no error", n)
		}
		msgs := err.Error()
		if got := strings.Count(msgs, "go round in a circle"); got != n {
			t.Errorf("n=%d: %d circles reported", n, got)
		}
		if len(msgs) > 200*n {
			t.Errorf("n=%d: %d bytes of errors for a page of %d", n, len(msgs), len(src))
		}
	}
	for _, tt := range []struct {
		steps []string
		want  string
	}{
		{[]string{"a"}, "a → a"},
		{[]string{"a", "b", "c"}, "a → b → c → a"},
		{strings.Fields("q0 q1 q2 q3 q4 q5 q6 q7 q8"), "q0 → q1 → q2 → q3 → q4 → q5 → q6 → q7 → q8 → q0"},
		{strings.Fields("q0 q1 q2 q3 q4 q5 q6 q7 q8 q9"), "q0 → q1 → q2 → q3 → … (2 more) → q6 → q7 → q8 → q9 → q0"},
	} {
		if got := circle(tt.steps); got != tt.want {
			t.Errorf("circle(%q) = %q, want %q", tt.steps, got, tt.want)
		}
	}
}

func circles(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "## Q%d {#q%d .question}\n\n- [Next](#q%d)\n- [Back](#q0)\n\n", i, i, i+1)
	}
	fmt.Fprintf(&b, "## End {#q%d .outcome .eligible}\n\nDone.\n", n)
	return b.String()
}

func TestSelfCheckStep(t *testing.T) {
	doc, err := New(Options{}).Convert([]byte(circles(3)), Context{File: "x.md"})
	if err == nil {
		t.Fatal("no error for the circles")
	}
	sc := doc.SelfCheck
	for _, id := range []string{"q0", "q2", "q3"} {
		if s := sc.Step(id); s == nil || s.ID != id {
			t.Errorf("Step(%q) = %v", id, s)
		}
	}
	if s := sc.Step("nope"); s != nil {
		t.Errorf("Step(nope) = %v", s)
	}
	bare := &SelfCheck{Steps: sc.Steps} // made by hand: no index
	if s := bare.Step("q2"); s == nil || s.ID != "q2" {
		t.Errorf("Step without an index = %v", s)
	}
}

// go test -run '^$' -bench Quadratic ./internal/markdown: what our own
// transformers did in time growing with the square of the page (checklists
// looking back for their heading, a self-check's circles); the time per item
// now stays flat as n grows.
func BenchmarkQuadratic(b *testing.B) {
	c := New(Options{})
	for _, s := range []struct {
		name string
		page func(n int) string
	}{
		{"checklists", func(n int) string { return strings.Repeat("- [ ] a {#i}\n\npara\n\n", n) }},
		{"circles", circles},
	} {
		for _, n := range []int{1_000, 4_000, 16_000} {
			src := []byte(s.page(n))
			b.Run(fmt.Sprintf("%s/%d", s.name, n), func(b *testing.B) {
				for b.Loop() {
					_, _ = c.Convert(src, Context{File: "x.md"})
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
			})
		}
	}
}
