package markdown

import (
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindLangSpan is the node of an allowed <span lang="…"> or </span>.
var KindLangSpan = ast.NewNodeKind("LangSpan")

// LangSpan is one tag of a language span: <span lang="zh-Hans"> or </span>.
type LangSpan struct {
	ast.BaseInline
	Lang  string // BCP 47 tag; empty for the closing tag
	Close bool
}

func (*LangSpan) Kind() ast.NodeKind           { return KindLangSpan }
func (n *LangSpan) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var (
	openSpanRE  = regexp.MustCompile(`^<span\s+lang\s*=\s*"([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)"\s*>$`)
	closeSpanRE = regexp.MustCompile(`^</span\s*>$`)
)

// rawHTMLTransformer replaces language-span tags with LangSpan nodes and
// reports all other raw HTML (unless unsafe) and unbalanced spans.
type rawHTMLTransformer struct{ unsafe bool }

func (t *rawHTMLTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	var raws []*ast.RawHTML
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch x := n.(type) {
			case *ast.RawHTML:
				raws = append(raws, x)
			case *ast.HTMLBlock:
				blocks = append(blocks, x)
			}
		}
		return ast.WalkContinue, nil
	})
	if !t.unsafe {
		for _, b := range blocks {
			st.errorf(b, "raw HTML is not allowed in content (only <span lang=\"…\">…</span> inside a paragraph)")
		}
	}
	depth := map[ast.Node]int{} // open spans per enclosing block
	for _, x := range raws {
		var tag []byte
		for i := 0; i < x.Segments.Len(); i++ {
			seg := x.Segments.At(i)
			tag = append(tag, seg.Value(st.src)...)
		}
		block := enclosingBlock(x)
		switch {
		case openSpanRE.Match(tag):
			lang := openSpanRE.FindSubmatch(tag)[1]
			x.Parent().ReplaceChild(x.Parent(), x, &LangSpan{Lang: string(lang)})
			depth[block]++
		case closeSpanRE.Match(tag):
			if depth[block] == 0 {
				st.errorf(x, "</span> without a matching <span lang=\"…\"> in the same paragraph")
			} else {
				depth[block]--
			}
			x.Parent().ReplaceChild(x.Parent(), x, &LangSpan{Close: true})
		case !t.unsafe:
			st.errorf(x, "raw HTML %q is not allowed in content (only <span lang=\"…\">…</span>)", tag)
			x.Parent().RemoveChild(x.Parent(), x)
		}
	}
	for b, d := range depth {
		if d > 0 {
			st.errorf(b, "<span lang=\"…\"> is not closed with </span> in the same paragraph")
		}
	}
}

func enclosingBlock(n ast.Node) ast.Node {
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock {
			return c
		}
	}
	return n
}

type rawHTMLRenderer struct{ unsafe bool }

func (r *rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindLangSpan, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		s := n.(*LangSpan)
		if s.Close {
			_, _ = w.WriteString("</span>")
		} else {
			_, _ = w.WriteString(`<span lang="` + s.Lang + `">`)
		}
		return ast.WalkContinue, nil
	})
}
