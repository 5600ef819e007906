package markdown

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// ids makes heading ids that keep every letter and digit of any script, so
// Chinese headings get readable, stable anchors ("资格条件"), and keeps them
// unique on the page: a repeated heading gets base-1, base-2, …, skipping
// any id already taken, explicit or generated.
//
// The time is linear in the number of headings: next remembers, per base,
// the last suffix given, so that no suffix is tried twice for a base. A
// failed try lands on an id already used, and each used id "b-k" (k in
// decimal) is tried only by base b, once: the tries of a page are at most
// its headings plus its ids.
type ids struct {
	used  map[string]bool
	next  map[string]int // base → last suffix given
	tries int            // ids looked up, for the test of the bound above
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

// Slug turns heading text into an id: letters and digits kept (lower-cased),
// spaces and hyphens become one hyphen, other punctuation is dropped.
func Slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || r == '-' || r == '_':
			hyphen = true
		}
	}
	return b.String()
}

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	s.tries++
	if s.used[id] {
		i := s.next[base]
		for {
			i++
			id = base + "-" + strconv.Itoa(i)
			s.tries++
			if !s.used[id] {
				break
			}
		}
		s.next[base] = i
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// idTransformer runs last. It records headings and every element id, and
// reports ids given twice.
type idTransformer struct{}

func (*idTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	seen := map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		v, ok := n.AttributeString("id")
		if !ok {
			return ast.WalkContinue, nil
		}
		id := string(toBytes(v))
		line := st.nodeLine(n)
		if first, dup := seen[id]; dup {
			st.errs.Addf(st.ctx.File, line, "id %q is used twice on this page (first on line %d)", id, first)
		} else {
			seen[id] = line
		}
		st.doc.IDs = append(st.doc.IDs, id)
		if h, ok := n.(*ast.Heading); ok {
			var classes []string
			if c, ok := n.AttributeString("class"); ok {
				classes = strings.Fields(string(toBytes(c)))
			}
			st.doc.Headings = append(st.doc.Headings, Heading{
				Level: h.Level, ID: id, Text: plainText(n, st.src), HTML: inlineHTML(n, st.src), Classes: classes, Line: line,
			})
		}
		return ast.WalkContinue, nil
	})
}

func toBytes(v any) []byte {
	switch t := v.(type) {
	case []byte:
		return t
	case string:
		return []byte(t)
	}
	return nil
}

// plainText is the text of a node's inline content, without markup.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				if tx, ok := g.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// inlineHTML is a node's inline content as HTML for use inside another
// element (a link of a list of contents): text escaped, language spans, code
// spans and emphasis kept, links and images reduced to their text, so that
// no element nests one it must not.
func inlineHTML(n ast.Node, src []byte) template.HTML {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if c == n {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			if entering {
				b.WriteString(template.HTMLEscapeString(string(t.Segment.Value(src))))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.WriteString(template.HTMLEscapeString(string(t.Value)))
			}
		case *ast.CodeSpan:
			if entering {
				b.WriteString("<code>")
				for g := t.FirstChild(); g != nil; g = g.NextSibling() {
					if tx, ok := g.(*ast.Text); ok {
						b.WriteString(template.HTMLEscapeString(string(tx.Segment.Value(src))))
					}
				}
				b.WriteString("</code>")
			}
			return ast.WalkSkipChildren, nil
		case *ast.Emphasis:
			tag := "em"
			if t.Level == 2 {
				tag = "strong"
			}
			if entering {
				b.WriteString("<" + tag + ">")
			} else {
				b.WriteString("</" + tag + ">")
			}
		case *LangSpan:
			if entering {
				if t.Close {
					b.WriteString("</span>")
				} else {
					b.WriteString(`<span lang="` + template.HTMLEscapeString(t.Lang) + `">`)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return template.HTML(strings.TrimSpace(b.String()))
}
