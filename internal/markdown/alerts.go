package markdown

import (
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindAlert is the node of a callout.
var KindAlert = ast.NewNodeKind("Alert")

// Alert is a callout: GitHub's "> [!WARNING]" block quote.
type Alert struct {
	ast.BaseBlock
	Variant string // note, tip, important, warning or caution
	Title   string // label from the site's UI strings
}

func (*Alert) Kind() ast.NodeKind { return KindAlert }
func (n *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.Variant}, nil)
}

var alertRE = regexp.MustCompile(`(?i)^\s*\[!(note|tip|important|warning|caution)\]\s*$`)

type alertTransformer struct{}

func (*alertTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		m := alertRE.FindSubmatch(first.Value(st.src))
		if m == nil {
			continue
		}
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			if off := firstOffset(c); off >= 0 && off < first.Stop {
				p.RemoveChild(p, c)
			}
			c = next
		}
		if p.ChildCount() == 0 {
			q.RemoveChild(q, p)
		}
		variant := strings.ToLower(string(m[1]))
		a := &Alert{Variant: variant, Title: strings.ToUpper(variant[:1]) + variant[1:]}
		if st.ctx.Label != nil {
			a.Title = st.ctx.Label("alert." + variant)
		}
		a.SetLines(q.Lines())
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			a.AppendChild(a, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, a)
	}
}

type alertRenderer struct{}

func (*alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		a := n.(*Alert)
		if entering {
			_, _ = w.WriteString(`<div class="callout callout-` + a.Variant + `" role="note">` + "\n")
			_, _ = w.WriteString(`<p class="callout-title">` + html.EscapeString(a.Title) + "</p>\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
