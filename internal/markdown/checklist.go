package markdown

import (
	"bytes"
	"html"
	"html/template"
	"regexp"
	"strings"

	extast "github.com/yuin/goldmark/extension/ast"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A checklist is a task list whose items end their first paragraph with an
// attribute block:
//
//	- [ ] Passport, with a copy of every used page {#passport .spouse .child}
//
//	  Where to get it: … (indented text and lists belong to the item)
//
// "#passport" is the item's id: lower-case letters, digits and hyphens,
// unique on the page, and the same in every translation of the page (the
// reader's ticks are stored by id). ".spouse" and ".child" are tags saying
// whom or which situation the item applies to; an item without tags applies
// to everyone. A task list without any ids stays an ordinary task list; one
// with ids on some items only is an error.
//
// The HTML is a list of native checkboxes, each in a label with the item's
// first paragraph, followed by the item's other content. The nearest heading
// above the list names it: the list is wrapped in a group labelled by that
// heading (the heading stays a heading; a list with no heading above it is
// not wrapped):
//
//	<div class="checklist-group" role="group" aria-labelledby="basics">
//	<ul class="checklist">
//	<li class="checklist-item" id="item-passport" data-id="passport" data-tags="spouse child">
//	<label class="checklist-label"><input type="checkbox" class="checklist-box" name="passport"> <span class="checklist-text">Passport, …</span></label>
//	…
//	</li>
//	</ul>
//	</div>
//
// The page's templates add the controls (progress, filter, sharing) and the
// script; the list alone is readable, can be ticked and printed without it.

// Item is a checklist item.
type Item struct {
	ID   string
	Tags []string
	Text string        // the label, as plain text
	HTML template.HTML // the label as inline HTML: language spans, code and emphasis kept, links as their text
	Line int
}

// Checklist node kinds.
var (
	KindChecklist      = ast.NewNodeKind("Checklist")
	KindChecklistItem  = ast.NewNodeKind("ChecklistItem")
	KindChecklistLabel = ast.NewNodeKind("ChecklistLabel")
)

// Checklist is a list of checklist items.
type Checklist struct {
	ast.BaseBlock
	Heading string // id of the nearest heading above the list, "" if none
}

// ChecklistItem is one item; its first child is its ChecklistLabel.
type ChecklistItem struct {
	ast.BaseBlock
	Item Item
}

// ChecklistLabel holds the inline content of the item's first paragraph.
type ChecklistLabel struct {
	ast.BaseBlock
	ID string
}

func (*Checklist) Kind() ast.NodeKind           { return KindChecklist }
func (n *Checklist) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (*ChecklistItem) Kind() ast.NodeKind       { return KindChecklistItem }
func (n *ChecklistItem) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.Item.ID}, nil)
}
func (*ChecklistLabel) Kind() ast.NodeKind           { return KindChecklistLabel }
func (n *ChecklistLabel) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var itemAttrRE = regexp.MustCompile(`^\s*\{#([^\s{}]*)((?:\s+\.[^\s{}]*)*)\s*\}\s*$`)

// itemAttr finds the "{#id .tag}" block at the end of a line: it matches the
// text from the last "{" (and the spaces before it) on, so that a long line
// costs one short match.
func itemAttr(line []byte) [][]byte {
	i := bytes.LastIndexByte(line, '{')
	if i < 0 {
		return nil
	}
	for i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
		i--
	}
	return itemAttrRE.FindSubmatch(line[i:])
}

var itemIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

type checklistTransformer struct{}

func (*checklistTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	var lists []*ast.List
	above := map[*ast.List]string{}
	// A list's group is labelled by the nearest heading before it: among
	// its earlier siblings, else its parent's, and so on up. nearest holds,
	// for each node on the way down to the one visited, the id of that
	// heading for its next child: the last heading among its children so far,
	// else the one its parent had for it. One pass, however many lists
	// (looking back from each list was quadratic).
	nearest := []string{""}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			nearest = nearest[:len(nearest)-1]
			return ast.WalkContinue, nil
		}
		top := &nearest[len(nearest)-1]
		switch t := n.(type) {
		case *ast.List:
			lists = append(lists, t)
			above[t] = *top
		case *ast.Heading:
			id, _ := t.AttributeString("id")
			*top = string(toBytes(id))
		}
		nearest = append(nearest, nearest[len(nearest)-1])
		return ast.WalkContinue, nil
	})
	seen := map[string]int{}
	for _, l := range lists {
		st.checklist(l, above[l], seen)
	}
}

// taskBlock returns the first block of a task-list item, or nil.
func taskBlock(li ast.Node) ast.Node {
	b := li.FirstChild()
	if b == nil {
		return nil
	}
	if _, ok := b.FirstChild().(*extast.TaskCheckBox); !ok {
		return nil
	}
	return b
}

// checklist turns list l into a Checklist if its items have ids; heading is
// the id of the heading above it, seen the item ids of the page so far.
func (st *state) checklist(l *ast.List, heading string, seen map[string]int) {
	type parsed struct {
		li    ast.Node
		block ast.Node
		item  Item
		ok    bool
	}
	var items []parsed
	withID := 0
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		b := taskBlock(li)
		if b == nil {
			if withID > 0 {
				st.errorf(li, "an item without a checkbox in a checklist (write \"- [ ] … {#id}\")")
			}
			items = append(items, parsed{li: li})
			continue
		}
		p := parsed{li: li, block: b, item: Item{Line: st.nodeLine(b)}}
		lines := b.Lines()
		last := lines.At(lines.Len() - 1)
		if m := itemAttr(last.Value(st.src)); m != nil {
			p.ok = true
			withID++
			p.item.ID = string(m[1])
			for _, t := range strings.Fields(string(m[2])) {
				p.item.Tags = append(p.item.Tags, strings.TrimPrefix(t, "."))
			}
			st.trimAttr(b, last.Stop-len(m[0]))
		}
		items = append(items, p)
	}
	if withID == 0 {
		return // an ordinary task list
	}
	cl := &Checklist{Heading: heading}
	cl.SetLines(l.Lines())
	for _, p := range items {
		if !p.ok {
			st.errs.Addf(st.ctx.File, st.nodeLine(p.li), "checklist item has no id: end its first line with {#some-id}, as the other items of this list do")
			continue
		}
		it := p.item
		if !itemIDRE.MatchString(it.ID) {
			st.errs.Addf(st.ctx.File, it.Line, "checklist item id %q: use lower-case letters, digits and hyphens", it.ID)
		}
		for _, t := range it.Tags {
			if !itemIDRE.MatchString(t) {
				st.errs.Addf(st.ctx.File, it.Line, "checklist tag %q: use lower-case letters, digits and hyphens", t)
			}
		}
		ci := &ChecklistItem{Item: it}
		if first, dup := seen[it.ID]; dup {
			st.errs.Addf(st.ctx.File, it.Line, "checklist item id %q is used twice on this page (first on line %d)", it.ID, first)
		} else {
			seen[it.ID] = it.Line
			ci.SetAttributeString("id", []byte("item-"+it.ID)) // registers the anchor; said once
		}
		label := &ChecklistLabel{ID: it.ID}
		label.SetLines(p.block.Lines())
		p.block.RemoveChild(p.block, p.block.FirstChild()) // the TaskCheckBox
		for c := p.block.FirstChild(); c != nil; {
			next := c.NextSibling()
			label.AppendChild(label, c)
			c = next
		}
		ci.Item.Text = plainText(label, st.src)
		ci.Item.HTML = inlineHTML(label, st.src)
		ci.AppendChild(ci, label)
		for c := p.li.FirstChild(); c != nil; {
			next := c.NextSibling()
			if c != p.block {
				ci.AppendChild(ci, c)
			}
			c = next
		}
		cl.AppendChild(cl, ci)
		st.doc.Checklist = append(st.doc.Checklist, ci.Item)
	}
	l.Parent().ReplaceChild(l.Parent(), l, cl)
}

// trimAttr cuts the inline content of block b at source offset cut, removing
// the attribute text that follows.
func (st *state) trimAttr(b ast.Node, cut int) {
	for c := b.LastChild(); c != nil; {
		prev := c.PreviousSibling()
		t, ok := c.(*ast.Text)
		if !ok {
			if firstOffset(c) >= cut {
				b.RemoveChild(b, c)
				c = prev
				continue
			}
			return
		}
		switch {
		case t.Segment.Start >= cut:
			b.RemoveChild(b, c)
		case t.Segment.Stop > cut:
			t.Segment = t.Segment.WithStop(cut)
			t.SetSoftLineBreak(false)
			return
		default:
			return
		}
		c = prev
	}
}

type checklistRenderer struct{}

func (*checklistRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindChecklist, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		h := n.(*Checklist).Heading
		switch {
		case entering && h != "":
			_, _ = w.WriteString(`<div class="checklist-group" role="group" aria-labelledby="` + html.EscapeString(h) + "\">\n<ul class=\"checklist\">\n")
		case entering:
			_, _ = w.WriteString("<ul class=\"checklist\">\n")
		case h != "":
			_, _ = w.WriteString("</ul>\n</div>\n")
		default:
			_, _ = w.WriteString("</ul>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindChecklistItem, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		it := n.(*ChecklistItem).Item
		if entering {
			id := html.EscapeString(it.ID)
			_, _ = w.WriteString(`<li class="checklist-item" id="item-` + id + `" data-id="` + id + `"`)
			if len(it.Tags) > 0 {
				_, _ = w.WriteString(` data-tags="` + html.EscapeString(strings.Join(it.Tags, " ")) + `"`)
			}
			_, _ = w.WriteString(">\n")
		} else {
			_, _ = w.WriteString("</li>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindChecklistLabel, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		id := html.EscapeString(n.(*ChecklistLabel).ID)
		if entering {
			_, _ = w.WriteString(`<label class="checklist-label"><input type="checkbox" class="checklist-box" name="` + id + `"> <span class="checklist-text">`)
		} else {
			_, _ = w.WriteString("</span></label>\n")
		}
		return ast.WalkContinue, nil
	})
}
