package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Section is a part of a page as plain text: the text under one heading up
// to the next heading (of any level), or one checklist item with what is
// indented under it. Translations of a page are compared section by section
// (they share heading and item ids), and search indexes them.
//
// Doc.Sections lists them in document order: first the text before the
// first heading (ID "", present even when empty), then each heading's section, with the sections of
// the checklist items under a heading right after it. A heading section's
// text does not include its items' text.
type Section struct {
	ID        string   // the heading's id; "item-<id>" for a checklist item; "" before the first heading
	Item      bool     // a checklist item
	Heading   string   // the heading, or the item's label, as plain text
	Level     int      // the heading's level; 0 for the text before the first heading and for items
	Line      int      // where it starts
	Text      string   // the plain text of its blocks, one line per block
	Links     []string // the destinations of its links, in order (content links resolved)
	Callouts  []string // the kinds of its callouts (note, warning…), in order
	ListItems int      // list items in it (for an item: the points listed under it)
}

// sectionTransformer runs after every other transformer and records the
// sections.
type sectionTransformer struct{}

func (*sectionTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	src := r.Source()
	secs := []Section{{Line: 1}}
	cur := 0 // the heading section
	var items []int
	top := func() *Section {
		if len(items) > 0 {
			return &secs[items[len(items)-1]]
		}
		return &secs[cur]
	}
	var text []*strings.Builder
	text = append(text, &strings.Builder{})
	out := func(i int) *strings.Builder {
		for len(text) <= i {
			text = append(text, &strings.Builder{})
		}
		return text[i]
	}
	current := func() *strings.Builder {
		if len(items) > 0 {
			return out(items[len(items)-1])
		}
		return out(cur)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch t := n.(type) {
		case *ast.Heading:
			if !entering {
				return ast.WalkContinue, nil
			}
			id, _ := t.AttributeString("id")
			secs = append(secs, Section{ID: string(toBytes(id)), Heading: plainText(t, src), Level: t.Level, Line: st.nodeLine(t)})
			cur, items = len(secs)-1, nil
			return ast.WalkSkipChildren, nil
		case *ChecklistItem:
			if entering {
				secs = append(secs, Section{ID: "item-" + t.Item.ID, Item: true, Heading: t.Item.Text, Line: t.Item.Line})
				items = append(items, len(secs)-1)
			} else {
				items = items[:len(items)-1]
			}
			return ast.WalkContinue, nil
		case *ChecklistLabel:
			return ast.WalkSkipChildren, nil // the item's heading
		case *ast.ListItem:
			if entering {
				top().ListItems++
			}
		case *Alert:
			if entering {
				top().Callouts = append(top().Callouts, t.Variant)
			}
		case *ast.Link:
			if entering {
				top().Links = append(top().Links, string(t.Destination))
			}
		case *ast.AutoLink:
			if entering {
				top().Links = append(top().Links, string(t.URL(src)))
			}
		case *ast.Text:
			if entering {
				b := current()
				b.Write(t.Segment.Value(src))
				if t.SoftLineBreak() || t.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				current().Write(t.Value)
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				b := current()
				lines := n.Lines()
				for i := range lines.Len() {
					s := lines.At(i)
					b.Write(s.Value(src))
				}
			}
		case *extast.TableCell:
			if !entering {
				current().WriteByte(' ')
				return ast.WalkContinue, nil // a row is one line
			}
		}
		if !entering && n.Type() == ast.TypeBlock {
			if b := current(); b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	for i := range secs {
		lines := strings.Split(strings.TrimSpace(out(i).String()), "\n")
		for j, l := range lines {
			lines[j] = strings.TrimSpace(l)
		}
		secs[i].Text = strings.Join(lines, "\n")
	}
	st.doc.Sections = secs
}
