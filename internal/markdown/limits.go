package markdown

import (
	"bytes"
	"fmt"

	"guide/internal/diag"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Limits on one page's Markdown. goldmark takes time or memory that grows
// faster than the page on some inputs (see the package documentation); a
// page within these limits converts in bounded time and memory, and a page
// beyond one is an error saying which limit, where, and how to fix it. Each
// limit is far above what a page of prose needs: the guide's longest page is
// 12 kB, its busiest paragraph has 12 emphasis markers and 9 links.
const (
	// MaxPageSize is the largest page, in bytes of Markdown (1 MiB).
	MaxPageSize = 1 << 20

	// MaxEmphasis is the most emphasis markers (runs of *, _ or ~) one
	// paragraph, heading or table cell may have; goldmark matches them in
	// time that grows with the square of their number.
	MaxEmphasis = 500

	// MaxBrackets is the most closing brackets (]) one paragraph, heading or
	// table cell may have; for each, goldmark looks for a link destination or
	// title as far as the end of the line or paragraph.
	MaxBrackets = 200

	// MaxIndent is the widest start of a line, in columns, made of spaces,
	// tabs, block quote markers (>) and list markers: it bounds how deeply
	// lists and quotes nest, which goldmark pays for on every line.
	MaxIndent = 256

	// MaxFootnotes is the most footnote markers ([^…], references and
	// definitions together) a page may have; goldmark looks up each
	// reference among all definitions.
	MaxFootnotes = 2000

	// MaxBracketLines is the most consecutive lines (without a blank line
	// between them) that may start with "[", as link reference definitions
	// do; goldmark takes the definitions out of a paragraph one by one, each
	// time copying what follows.
	MaxBracketLines = 1000

	// MaxTableCells is the most table cells a page may have, header cells
	// included, counting every row as having as many cells as its table has
	// columns, as goldmark renders it: a wide header over many short rows is
	// large in memory.
	MaxTableCells = 100_000
)

// maxLinkBytes is how many bytes of link destinations and titles a page of
// n bytes may render: its own, plus as many again (at least 100 KiB) through
// link reference definitions used several times. Without it a definition
// with a long URL, used on every line, makes a page of 100 kB render 400 MB.
func maxLinkBytes(n int) int { return n + max(n, 100<<10) }

// checkLimits checks, in one pass over the lines, the limits that can be seen
// in the text before it is parsed, and adds what it finds to l. It reports
// each kind of problem once, at the first line where it is found.
func checkLimits(l *diag.List, file string, src []byte) {
	if len(src) > MaxPageSize {
		l.Addf(file, 0, "the page is %s of Markdown, more than the %s limit: split it into several pages", size(len(src)), size(MaxPageSize))
		return
	}
	var (
		indent    bool // reported
		bracketed int  // consecutive lines starting with "["
		brackets  bool // reported
		footnotes int
		cells     int
		tables    bool // reported
		cols      int  // columns of the table being read, 0 outside one
		prev      bool // the previous line was not blank and could head a table
		prevPipe  bool
		tableLine int
	)
	n := 0
	for rest := src; len(rest) > 0; {
		n++
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(line)) == 0 {
			bracketed, cols, prev = 0, 0, false
			continue
		}
		width, body := lineStart(line)
		if width > MaxIndent && !indent {
			indent = true
			l.Addf(file, n, "the line starts with %d columns of indentation, block quote markers (>) and list markers, more than %d: nest lists and block quotes less deeply", width, MaxIndent)
		}
		if bytes.HasPrefix(body, []byte("[")) && !bytes.HasPrefix(body, []byte("[^")) {
			bracketed++
			if bracketed > MaxBracketLines && !brackets {
				brackets = true
				l.Addf(file, n, "more than %d lines in a row start with \"[\" (link reference definitions, \"[label]: url\"): put a blank line between groups of them", MaxBracketLines)
			}
		} else {
			bracketed = 0
		}
		if f := bytes.Count(line, []byte("[^")); f > 0 {
			if footnotes <= MaxFootnotes && footnotes+f > MaxFootnotes {
				l.Addf(file, n, "more than %d footnote markers ([^…]) on the page: split it into several pages", MaxFootnotes)
			}
			footnotes += f
		}
		pipe := bytes.IndexByte(body, '|') >= 0
		switch {
		case cols > 0:
			cells += cols // a row
		case prev && (pipe || prevPipe):
			if c := delimiterRow(body); c > 0 {
				cols, tableLine = c, n-1
				cells += c // the header
			}
		}
		if cells > MaxTableCells && !tables {
			tables = true
			l.Addf(file, tableLine, "the tables of the page have more than %d cells (this one has %d columns; a row has as many cells as its table has columns, even when it is shorter): split the table or the page", MaxTableCells, cols)
		}
		prev, prevPipe = true, pipe
	}
}

// lineStart measures the start of a line made of spaces, tabs, block quote
// markers and list markers, in columns (a tab to the next multiple of 4),
// and returns it and the rest of the line.
func lineStart(line []byte) (width int, rest []byte) {
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '>':
			width++
			i++
		case c == '\t':
			width += 4 - width%4
			i++
		case (c == '-' || c == '+' || c == '*') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			width++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				width += j + 1 - i
				i = j + 1
				continue
			}
			return width, line[i:]
		default:
			return width, line[i:]
		}
	}
	return width, line[i:]
}

// delimiterRow returns the number of columns if line is a table's delimiter
// row (|---|:--:|), else 0.
func delimiterRow(line []byte) int {
	line = bytes.TrimSpace(line)
	line = bytes.TrimPrefix(line, []byte("|"))
	line = bytes.TrimSuffix(line, []byte("|"))
	cols := 0
	for cell := range bytes.SplitSeq(line, []byte("|")) {
		cell = bytes.TrimSpace(cell)
		cell = bytes.TrimPrefix(cell, []byte(":"))
		cell = bytes.TrimSuffix(cell, []byte(":"))
		if len(cell) == 0 || len(bytes.Trim(cell, "-")) != 0 {
			return 0
		}
		cols++
	}
	return cols
}

// inlineLimits is an inline parser that goldmark tries first on the
// characters that start emphasis (*, _, ~) and code spans (`) and end links
// (]).
//
// For emphasis markers and closing brackets it counts the calls per block
// and, past MaxEmphasis or MaxBrackets, turns the rest into plain text, so
// that goldmark's matching and searches never run on more than the limit,
// and reports the block once. Every call counts, so that a run after a
// backslash cannot go uncounted.
//
// Two of goldmark's searches it answers itself, in constant time, with the
// result goldmark would reach: a run of backticks that no run of the same
// length follows in the block is text (goldmark looks for one to the end of
// the block, for every such run), and so is the rest of a run of ~ that
// strikethrough refused (goldmark retries it one character at a time,
// rescanning the run each time).
type inlineLimits struct{}

// inlineCount is what inlineLimits knows of the block being parsed.
type inlineCount struct {
	block           ast.Node
	emphasis, close int
	ticks           map[int]int // length of a run of backticks → start of the last one
}

func (*inlineLimits) Trigger() []byte { return []byte{'*', '_', '~', '`', ']'} }

func (*inlineLimits) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st := getState(pc)
	if st.inline.block != parent {
		st.inline = inlineCount{block: parent}
	}
	line, seg := block.PeekLine()
	c := line[0]
	run := 1
	for run < len(line) && line[run] == c {
		run++
	}
	text := func(n int) ast.Node {
		block.Advance(n)
		return ast.NewTextSegment(seg.WithStop(seg.Start + n))
	}
	switch {
	case c == '`':
		if st.inline.ticks == nil {
			st.inline.ticks = backtickRuns(parent, st.src)
		}
		if st.inline.ticks[run] <= seg.Start {
			return text(run) // no closing run: goldmark would search the block for one
		}
		return nil
	case c == '~' && block.PrecendingCharacter() == '~':
		return text(run) // the rest of a run strikethrough refused
	}
	count, limit, what := &st.inline.emphasis, MaxEmphasis, "emphasis markers (*, _ or ~) in one paragraph, heading or table cell: split it, or write a literal * as \\*"
	if c == ']' {
		count, limit, what = &st.inline.close, MaxBrackets, "closing brackets (]) in one paragraph, heading or table cell: split it (each link and footnote has one), or write a literal ] as \\]"
		run = 1
	}
	*count++
	if *count <= limit {
		return nil
	}
	if *count == limit+1 {
		st.errs.Addf(st.ctx.File, st.line(seg.Start), "more than %d %s", limit, what)
	}
	return text(run)
}

// backtickRuns maps the length of each run of backticks in block to where the
// last one starts: a run of n backticks at p closes a code span iff a run of
// n starts after p. Runs are counted within each line, as goldmark does.
func backtickRuns(block ast.Node, src []byte) map[int]int {
	runs := map[int]int{}
	lines := block.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		v := seg.Value(src)
		for j := 0; j < len(v); {
			if v[j] != '`' {
				j++
				continue
			}
			k := j
			for k < len(v) && v[k] == '`' {
				k++
			}
			runs[k-j] = seg.Start + j
			j = k
		}
	}
	return runs
}

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
