package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Below the limits, inlineLimits changes nothing: goldmark with it and
// without it give the same HTML, on random text made of the characters it
// acts on, including the cases it answers itself (runs of backticks without a
// closing run, long runs of ~, escaped runs).
func TestInlineLimitsKeepOutput(t *testing.T) {
	exts := goldmark.WithExtensions(extension.GFM, extension.Footnote)
	plain := goldmark.New(exts)
	limited := goldmark.New(exts, goldmark.WithParserOptions(parser.WithInlineParsers(util.Prioritized(&inlineLimits{}, 0))))
	alphabet := []string{"`", "``", "```", "~", "~~", "~~~", "*", "_", "**", "]", "[", "(", ")", "\\", "a", " ", "\n", "\n\n", "> ", "- ", "|", "[^1]", "\n[^1]: x\n"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(40) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		src := []byte(b.String())
		var want, got bytes.Buffer
		if err := plain.Convert(src, &want); err != nil {
			t.Fatal(err)
		}
		pc := parser.NewContext()
		pc.Set(stateKey, &state{src: src, doc: &Doc{}})
		doc := limited.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
		if err := limited.Renderer().Render(&got, src, doc); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("input %d %q:\ngoldmark: %q\nlimited:  %q", i, src, want.String(), got.String())
		}
	}
}

// Each limit: a page just within it converts without an error about it, a
// page just beyond it is an error naming the file and the line, saying what
// to do.
func TestLimits(t *testing.T) {
	para := func(unit string, n int) string { return strings.Repeat(unit, n) + "\n" }
	lines := func(unit string, n int) string { return strings.Repeat(unit+"\n", n) }
	table := func(cols, rows int) string {
		return "\n" + strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + lines("b", rows)
	}
	for _, tt := range []struct {
		name        string
		within, bad string
		want        string // in the error of bad, after "content/x.en.md:LINE: "
	}{
		{"page size", "x" + strings.Repeat("a", MaxPageSize-1), "x" + strings.Repeat("a", MaxPageSize),
			"content/x.en.md: the page is 1.0 MiB of Markdown, more than the 1.0 MiB limit: split it into several pages"},
		{"emphasis", "\n" + para("*a_", MaxEmphasis/2), "\n" + strings.Repeat("*a_", MaxEmphasis/2) + "*\n",
			"content/x.en.md:2: more than 500 emphasis markers (*, _ or ~) in one paragraph, heading or table cell"},
		{"emphasis on lines", lines("*a_", MaxEmphasis/2), lines("*a_", MaxEmphasis/2) + "_",
			"content/x.en.md:251: more than 500 emphasis markers"},
		{"escaped emphasis", para(`\**a`, MaxEmphasis), para(`\**a`, MaxEmphasis+1),
			"content/x.en.md:1: more than 500 emphasis markers"},
		{"brackets", para("[a](b", MaxBrackets), para("[a](b", MaxBrackets+1),
			"content/x.en.md:1: more than 200 closing brackets (]) in one paragraph, heading or table cell"},
		{"images", para("![a](b", MaxBrackets), para("![a](b", MaxBrackets+1),
			"content/x.en.md:1: more than 200 closing brackets"},
		{"indent", strings.Repeat(" ", MaxIndent) + "a\n", "a\n\n" + strings.Repeat("  ", MaxIndent/2) + " a\n",
			"content/x.en.md:3: the line starts with 257 columns of indentation, block quote markers (>) and list markers, more than 256"},
		{"quotes", strings.Repeat(">", MaxIndent) + "a\n", strings.Repeat("> ", MaxIndent/2) + ">a\n",
			"content/x.en.md:1: the line starts with 257 columns"},
		{"lists", strings.Repeat("- ", MaxIndent/2) + "a\n", strings.Repeat("- ", MaxIndent/2) + "1. a\n",
			"content/x.en.md:1: the line starts with 259 columns"},
		{"tabs", strings.Repeat("\t", MaxIndent/4) + "a\n", strings.Repeat("\t", MaxIndent/4) + " a\n",
			"content/x.en.md:1: the line starts with 257 columns"},
		{"footnotes", lines("[^1]\n", MaxFootnotes), lines("[^1]\n", MaxFootnotes) + "[^1]",
			"content/x.en.md:4001: more than 2000 footnote markers ([^…]) on the page"},
		{"reference definitions", lines("[a]: /u", MaxBracketLines) + "\n" + lines("[b]: /u", MaxBracketLines), lines("[a]: /u", MaxBracketLines+1),
			"content/x.en.md:1001: more than 1000 lines in a row start with \"[\" (link reference definitions"},
		{"table cells", table(1000, MaxTableCells/1000-1), table(1000, MaxTableCells/1000),
			"content/x.en.md:2: the tables of the page have more than 100000 cells (this one has 1000 columns"},
		{"tables", table(100, 400) + table(100, 598), table(100, 400) + table(100, 599),
			"content/x.en.md:405: the tables of the page have more than 100000 cells"},
		{"link expansion", "[a]: /" + strings.Repeat("u", 1000) + "\n\n" + lines("[a]\n", 100), "[a]: /" + strings.Repeat("u", 100_000) + "\n\n" + lines("[a]\n", 100),
			"content/x.en.md:7: the links of the page add up to more than 198 KiB of URLs and titles (the page is 98 KiB): a link reference definition with a long URL or title is used too often"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Options{})
			ctx := Context{File: "content/x.en.md", Resolve: func(string) (string, bool) { return "/", true }}
			if _, err := c.Convert([]byte(tt.within), ctx); err != nil && strings.Contains(err.Error(), "more than") {
				t.Errorf("within the limit: %v", firstLine(err))
			}
			_, err := c.Convert([]byte(tt.bad), ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("beyond the limit: %v\nwant %q", firstLine(err), tt.want)
			}
		})
	}
}

func firstLine(err error) string {
	if err == nil {
		return "no error"
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// go test -run '^$' -bench Limits ./internal/markdown: the worst pages within
// the limits that were found, at growing sizes up to MaxPageSize. The time
// per byte stays flat (bare goldmark on the same shapes without the limits
// grows with the square of the size: see the package documentation).
func BenchmarkLimits(b *testing.B) {
	fill := func(head, unit string, n int) []byte {
		var s strings.Builder
		s.WriteString(head)
		for s.Len() < n-len(unit) {
			s.WriteString(unit)
		}
		return []byte(s.String())
	}
	shapes := []struct {
		name string
		page func(n int) []byte
	}{
		{"emphasis", func(n int) []byte { return fill("", strings.Repeat("*a_", MaxEmphasis/2)+"\n\n", n) }},
		{"brackets", func(n int) []byte { return fill(strings.Repeat("[a](b", MaxBrackets), "x", n) }},
		{"titles", func(n int) []byte { return fill(strings.Repeat("[a](b (x\n", MaxBrackets), "xxxxxxx\n", n) }},
		{"backticks", func(n int) []byte { return fill(strings.Repeat("\\```a", MaxBrackets), "xxxxxxx\n", n) }},
		{"quotes", func(n int) []byte { return fill(strings.Repeat(">", MaxIndent-1)+" a\n", "a\n", n) }},
		{"lists", func(n int) []byte { return fill(strings.Repeat("- ", MaxIndent/2)+"a\n", "a\n", n) }},
		{"definitions", func(n int) []byte { return fill(lines1000("[a%d]: /u\n"), "xxxxxxx\n", n) }},
		{"references", func(n int) []byte { return fill("[a]: /"+strings.Repeat("u", 10_000)+"\n\n", "[a]\n\n", n) }},
		{"checklists", func(n int) []byte { return fill("", "- [ ] a {#i}\n\npara\n\n", n) }},
	}
	c := New(Options{})
	ctx := Context{File: "content/x.en.md", Resolve: func(string) (string, bool) { return "/", true }}
	for _, s := range shapes {
		for _, n := range []int{MaxPageSize / 16, MaxPageSize / 4, MaxPageSize} {
			src := s.page(n)
			b.Run(fmt.Sprintf("%s/%dKiB", s.name, n>>10), func(b *testing.B) {
				for b.Loop() {
					_, _ = c.Convert(src, ctx)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/byte")
			})
		}
	}
}

func lines1000(format string) string {
	var b strings.Builder
	for i := range MaxBracketLines {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}
