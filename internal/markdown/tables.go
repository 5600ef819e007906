package markdown

import (
	"html"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Tables (GitHub's syntax) name their columns and their rows: a header
// cell is <th scope="col">, and the first cell of each row of the body is
// <th scope="row">, so a screen reader can say which row and column a cell
// belongs to. An empty header cell is an error: name the column (the first
// one too — it names the rows). A cell of the body other than the first
// also carries its column's name as data-label, for a style sheet that lays
// a narrow table out one row at a time (td::before { content: attr(data-label) }).

type tableTransformer struct{}

func (*tableTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	src := r.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*extast.TableHeader); ok && entering {
			i := 0
			for c := h.FirstChild(); c != nil; c = c.NextSibling() {
				i++
				if plainText(c, src) == "" {
					st.errorf(h, "column %d of this table has an empty header: name the column (the first column's header names the rows)", i)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

type tableRenderer struct{}

func (*tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTableCell, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		cell := n.(*extast.TableCell)
		tag, scope := "td", ""
		switch {
		case n.Parent().Kind() == extast.KindTableHeader:
			tag, scope = "th", "col"
		case n.PreviousSibling() == nil:
			tag, scope = "th", "row"
		}
		if !entering {
			_, _ = w.WriteString("</" + tag + ">\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<" + tag)
		if scope != "" {
			_, _ = w.WriteString(` scope="` + scope + `"`)
		}
		if tag == "td" {
			if label := columnName(cell, src); label != "" {
				_, _ = w.WriteString(` data-label="` + html.EscapeString(label) + `"`)
			}
		}
		if cell.Alignment != extast.AlignNone {
			_, _ = w.WriteString(` style="text-align:` + html.EscapeString(cell.Alignment.String()) + `"`)
		}
		_, _ = w.WriteString(">")
		return ast.WalkContinue, nil
	})
}

// columnName is the plain text of the header cell above a body cell.
func columnName(cell ast.Node, src []byte) string {
	col := 0
	for c := cell.PreviousSibling(); c != nil; c = c.PreviousSibling() {
		col++
	}
	table := cell.Parent().Parent()
	if table == nil {
		return ""
	}
	h, ok := table.FirstChild().(*extast.TableHeader)
	if !ok {
		return ""
	}
	c := h.FirstChild()
	for ; c != nil && col > 0; col-- {
		c = c.NextSibling()
	}
	if c == nil {
		return ""
	}
	return plainText(c, src)
}
