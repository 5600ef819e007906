// Package markdown converts one page's Markdown to HTML with the site's
// extensions, and reports what the rest of the build needs to check: the
// page's element ids, its links to other pages and its checklist items.
//
// The dialect is CommonMark with GitHub's tables, task lists, strikethrough and
// autolinks, plus footnotes, and:
//
//   - Chinese text: a line break between Chinese characters never becomes a
//     space (CSS Text 3 segment-break rules, see linebreaks.go), and "\ "
//     is a space that renders as nothing (goldmark's CJK extension).
//   - Heading ids: "## Title {#id .class}" sets them; otherwise one is made from
//     the text, keeping Chinese characters ("## 资格条件" gets id "资格条件").
//     Ids are unique on a page; a repeated explicit id is an error.
//   - Links to content files ("/fees.md", "../timeline.md#calculator",
//     "spouse.md?for=zgc") are resolved through Context.Resolve to the URL of the
//     same-language page; a file that does not exist is an error. Other links
//     stay as written; javascript:, vbscript: and data: links are errors.
//   - Raw HTML is an error, except language spans written exactly as
//     <span lang="zh-Hans">…</span> within one block. Options.Unsafe lets all
//     raw HTML through.
//   - Callouts, GitHub's alert syntax: a block quote whose first line is
//     [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION].
//   - Checklists: a task list whose items end their first paragraph with
//     "{#id .tag .tag}" (see checklist.go).
//   - Self-checks: "## … {#id .question}" sections ending in a list of answer
//     links, and "## … {#id .outcome .eligible}" sections (see selfcheck.go).
//
// Every error names the file and line.
//
// # Limits
//
// A page comes from whoever sent it, and goldmark takes time or memory that
// grows faster than the page on some inputs: emphasis markers that do not
// match, links left open, nested lists and block quotes, footnotes, link
// reference definitions, a wide table over many short rows, a long URL
// repeated through a reference. So a page must stay within limits (limits.go)
// that are far above what prose needs; beyond one, it is an error that names
// the line and says how to fix the page:
//
//   - MaxPageSize: at most 1 MiB of Markdown (the guide's pages are under
//     15 kB).
//   - MaxEmphasis: at most 500 emphasis markers (runs of *, _ or ~) in one
//     paragraph, heading or table cell; MaxBrackets: at most 200 closing
//     brackets (]), that is links, images and footnote references.
//   - MaxIndent: no line starts with more than 256 columns of indentation,
//     block quote markers and list markers, which bounds nesting.
//   - MaxFootnotes: at most 2,000 footnote markers ([^…]) on the page.
//   - MaxBracketLines: at most 1,000 lines in a row (no blank line between)
//     starting with "[", as link reference definitions do.
//   - MaxTableCells: at most 100,000 table cells on the page, a short row
//     counting as many cells as its table has columns.
//   - Links render at most as many bytes of URLs and titles as the page has,
//     plus as many again (at least 100 KiB) through reference definitions.
//
// Two more of goldmark's slow cases are answered without a limit, with the
// output goldmark gives: a run of backticks that nothing closes, and a long
// run of ~. Within the limits, the slowest pages found take about 0.5 µs a
// byte (BenchmarkLimits), half a second for the largest page; a real page
// takes a millisecond. There is no timeout: a conversion cannot be stopped
// midway, and one left running would keep its memory and a processor.
package markdown

import (
	"bytes"
	"html/template"
	"sync"

	"guide/internal/diag"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Converter.
type Options struct {
	Unsafe bool // pass raw HTML through (off by default)
}

// Context is what a conversion needs to know about the page being converted.
type Context struct {
	File string // the page's path from the site root, for errors

	// Resolve maps a link to a content file, given as a clean path from the
	// content root ("documents/spouse.md", "fees.zh.md"), to the URL of that page
	// in the page's language. ok is false when no such page exists.
	Resolve func(target string) (url string, ok bool)

	// Label returns the UI string for a label the Markdown renders itself
	// (alert titles: "alert.note", "alert.warning", …). Nil renders the kind.
	Label func(id string) string
}

// Link is a link from the page to another page of the site.
type Link struct {
	Target   string // content path as resolved, e.g. "documents/spouse.md"
	Fragment string // without '#'
	Line     int
}

// Doc is a converted page.
type Doc struct {
	HTML      string
	IDs       []string // element ids the page defines, in document order
	Links     []Link
	Checklist []Item
	SelfCheck *SelfCheck // questions and outcomes (selfcheck.go); nil when the page has none
	Headings  []Heading
	Sections  []Section // the page as plain text, by heading and checklist item (sections.go)
}

// Heading is a heading of the page, for tables of contents and validation.
type Heading struct {
	Level   int
	ID      string
	Text    string        // the text, without markup
	HTML    template.HTML // the text as inline HTML: language spans, code and emphasis kept, links as their text (for a list of contents)
	Classes []string
	Line    int
}

// Converter converts Markdown. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

// New returns a Converter.
func New(opts Options) *Converter {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(
			util.Prioritized(&rawHTMLRenderer{unsafe: opts.Unsafe}, 100),
			util.Prioritized(&alertRenderer{}, 100),
			util.Prioritized(&checklistRenderer{}, 100),
			util.Prioritized(&selfCheckRenderer{}, 100),
			util.Prioritized(&stepRenderer{}, 100),
			util.Prioritized(&tableRenderer{}, 100),
		),
	}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.NewCJK(extension.WithEscapedSpace()), // line breaks: see linebreaks.go
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithInlineParsers(util.Prioritized(&inlineLimits{}, 0)), // before any other: limits.go
			parser.WithASTTransformers(
				util.Prioritized(&lineBreakTransformer{}, 100),
				util.Prioritized(&linkTransformer{}, 100),
				util.Prioritized(&rawHTMLTransformer{unsafe: opts.Unsafe}, 100),
				util.Prioritized(&alertTransformer{}, 100),
				util.Prioritized(&checklistTransformer{}, 100),
				util.Prioritized(&stepTransformer{}, 100),
				util.Prioritized(&tableTransformer{}, 100),
				// The self-check runs before links: it sees answers as written.
				util.Prioritized(&selfCheckTransformer{}, 50),
				util.Prioritized(&idTransformer{}, 1000),      // sees every id
				util.Prioritized(&sectionTransformer{}, 1001), // last: sees the final document
			),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Converter{md: md}
}

// state is the per-conversion state the transformers share.
type state struct {
	ctx    Context
	src    []byte
	errs   diag.List
	doc    *Doc
	lines  []int // byte offsets of line starts, built on first use
	linesO sync.Once

	inline    inlineCount // emphasis markers and brackets of the block being parsed (limits.go)
	linkBytes int         // destinations and titles of the links so far (links.go)
}

var stateKey = parser.NewContextKey()

func getState(pc parser.Context) *state { return pc.Get(stateKey).(*state) }

// line returns the 1-based line of byte offset off.
func (s *state) line(off int) int {
	s.linesO.Do(func() {
		s.lines = append(s.lines, 0)
		for i, b := range s.src {
			if b == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	})
	lo, hi := 0, len(s.lines)
	for lo < hi {
		m := (lo + hi) / 2
		if s.lines[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// nodeLine finds the line a node starts on: its own lines for a block, the
// first text below it for an inline, else the enclosing block's. A block
// without lines of its own (a list item, even an empty one) is where the
// parser saw it start.
func (s *state) nodeLine(n ast.Node) int {
	if n.Type() == ast.TypeBlock && (n.Lines() == nil || n.Lines().Len() == 0) && n.Pos() >= 0 {
		return s.line(n.Pos())
	}
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock {
			if l := c.Lines(); l != nil && l.Len() > 0 {
				return s.line(l.At(0).Start)
			}
			continue
		}
		if off := firstOffset(c); off >= 0 {
			return s.line(off)
		}
	}
	for c := n; c != nil; c = c.Parent() {
		if c.Pos() >= 0 {
			return s.line(c.Pos())
		}
	}
	return 0
}

func firstOffset(n ast.Node) int {
	switch t := n.(type) {
	case *ast.Text:
		return t.Segment.Start
	case *ast.RawHTML:
		if t.Segments.Len() > 0 {
			return t.Segments.At(0).Start
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := firstOffset(c); off >= 0 {
			return off
		}
	}
	return -1
}

func (s *state) errorf(n ast.Node, format string, args ...any) {
	s.errs.Addf(s.ctx.File, s.nodeLine(n), format, args...)
}

// Convert converts src, the page's Markdown (with its front matter replaced by
// blank lines, so that lines are the file's).
func (c *Converter) Convert(src []byte, ctx Context) (*Doc, error) {
	st := &state{ctx: ctx, src: src, doc: &Doc{}}
	if checkLimits(&st.errs, ctx.File, src); len(st.errs) > 0 {
		return st.doc, st.errs.Err() // not parsed: it could take too long
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, st)
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var buf bytes.Buffer
	buf.Grow(2*len(src) + 1024)
	if err := c.md.Renderer().Render(&buf, src, root); err != nil {
		st.errs.Addf(ctx.File, 0, "rendering Markdown: %v", err)
	}
	st.doc.HTML = buf.String() // a copy of the exact size: the buffer's spare room is not kept
	return st.doc, st.errs.Err()
}
