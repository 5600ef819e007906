package markdown

import (
	"html"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Steps: a page that lists the steps of a process, GOV.UK's step-by-step
// pattern, marks each step's heading with the class "step":
//
//	## Get the recommendation letter {#letter .step}
//	## Get a police certificate {#police .step}
//	## Get a medical certificate {#medical .step .and}
//	## Ask for a translation {#translate .step .or}
//
// A step is numbered in order; a step done at the same time as the one
// before it (.and) or instead of it (.or) is not numbered but marked "and"
// or "or" (the UI strings step.and and step.or), so the heading text holds
// only the step's name. The marker is the first thing in the heading:
//
//	<h2 id="letter" class="step"><span class="step-number"><span class="visually-hidden">Step </span>1</span> Get the recommendation letter</h2>
//	<h2 id="medical" class="step and"><span class="step-logic">and</span> Get a medical certificate</h2>
//
// ("Step " is the UI string step.label.) The heading's plain text (for
// contents lists, search and translations) does not include the marker.

// KindStepMarker is the node of a step's number or and/or marker.
var KindStepMarker = ast.NewNodeKind("StepMarker")

// StepMarker is the marker at the start of a step's heading.
type StepMarker struct {
	ast.BaseInline
	Number int    // 1, 2, …; 0 for an and/or step
	Logic  string // "and" or "or" for those, else ""
	Label  string // the UI string: step.label for a number, step.and or step.or
}

func (*StepMarker) Kind() ast.NodeKind { return KindStepMarker }
func (n *StepMarker) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Number": strconv.Itoa(n.Number), "Logic": n.Logic}, nil)
}

type stepTransformer struct{}

func (*stepTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	label := func(id, fallback string) string {
		if st.ctx.Label == nil {
			return fallback
		}
		if s := st.ctx.Label(id); s != id {
			return s
		}
		return fallback
	}
	n := 0
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := node.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		classes := headingClasses(h)
		if !contains(classes, "step") {
			return ast.WalkSkipChildren, nil
		}
		m := &StepMarker{}
		switch {
		case contains(classes, "and"):
			m.Logic, m.Label = "and", label("step.and", "and")
		case contains(classes, "or"):
			m.Logic, m.Label = "or", label("step.or", "or")
		default:
			n++
			m.Number, m.Label = n, label("step.label", "Step")
		}
		if n == 0 && m.Logic != "" {
			st.errorf(h, "the first step cannot be an %q step: it has no step before it", m.Logic)
		}
		h.InsertBefore(h, h.FirstChild(), m)
		return ast.WalkSkipChildren, nil
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type stepRenderer struct{}

func (*stepRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindStepMarker, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		m := node.(*StepMarker)
		if m.Logic != "" {
			_, _ = w.WriteString(`<span class="step-logic">` + html.EscapeString(m.Label) + "</span> ")
		} else {
			_, _ = w.WriteString(`<span class="step-number"><span class="visually-hidden">` + html.EscapeString(m.Label) + " </span>" + strconv.Itoa(m.Number) + "</span> ")
		}
		return ast.WalkSkipChildren, nil
	})
}
