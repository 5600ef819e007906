package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// lineBreakTransformer removes the line breaks inside a paragraph that a
// browser would otherwise show as a space between Chinese characters, following
// the segment break rules of CSS Text Level 3 (the "CSS3 draft" rules):
// a break is removed when the characters on both sides are East Asian wide
// (not Hangul), or when either side is space-discarding punctuation such as
// "。" or "，", or a zero-width space.
//
// goldmark's own EastAsianLineBreaksCSS3Draft mode removes breaks next to any
// punctuation, ASCII included, and before links or emphasis, which glues
// English sentences together ("official.Check"); this transformer looks through
// inline markup to the neighbouring characters instead.
type lineBreakTransformer struct{}

func (*lineBreakTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	src := r.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !t.SoftLineBreak() || t.HardLineBreak() {
			return ast.WalkContinue, nil
		}
		v := t.Segment.Value(src)
		if len(v) == 0 {
			return ast.WalkContinue, nil
		}
		before, _ := utf8.DecodeLastRune(v)
		after, ok := nextRune(t, src)
		if ok && removeBreak(before, after) {
			t.SetSoftLineBreak(false)
		}
		return ast.WalkContinue, nil
	})
}

func removeBreak(a, b rune) bool {
	if a == '\u200B' || b == '\u200B' {
		return true
	}
	if wide(a) && wide(b) && !unicode.Is(unicode.Hangul, a) && !unicode.Is(unicode.Hangul, b) {
		return true
	}
	return discards(a) || discards(b)
}

func wide(r rune) bool {
	w := util.EastAsianWidth(r)
	return w == "F" || w == "W" || w == "H"
}

func discards(r rune) bool {
	return util.IsSpaceDiscardingUnicodeRune(r) && (unicode.IsPunct(r) || r == '\u3000')
}

// nextRune is the first character rendered after n within its block.
func nextRune(n ast.Node, src []byte) (rune, bool) {
	for c := n; c != nil && c.Type() != ast.TypeBlock; c = c.Parent() {
		for s := c.NextSibling(); s != nil; s = s.NextSibling() {
			if r, ok := firstRune(s, src); ok {
				return r, true
			}
		}
	}
	return 0, false
}

func firstRune(n ast.Node, src []byte) (rune, bool) {
	switch t := n.(type) {
	case *ast.Text:
		if v := t.Segment.Value(src); len(v) > 0 {
			r, _ := utf8.DecodeRune(v)
			return r, true
		}
	case *ast.String:
		if len(t.Value) > 0 {
			r, _ := utf8.DecodeRune(t.Value)
			return r, true
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if r, ok := firstRune(c, src); ok {
			return r, true
		}
	}
	return 0, false
}
