package markdown

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A self-check ("check if you can apply") is written as ordinary Markdown: a
// run of "##" sections, each a question or an outcome, marked by classes in
// the heading's attribute block. A page is a self-check when it has at least
// one such heading; it is then validated as a whole.
//
//	## Who is applying? {#relationship .question}
//
//	Optional hint text: paragraphs, even lists.
//
//	- [The husband or wife](#spouse-sponsor)
//	- [Someone else](#out-other)
//
//	## This guide does not cover your situation {#out-other .outcome .not-eligible}
//
//	Why, what to do instead, cost and time, a link to the checklist.
//
// A question ends with ONE list whose items are each exactly one link to
// another question or outcome on the page: those are its answers, in order.
// An outcome has one result class: .eligible, .not-eligible or .unsure. The
// first section is the first question, where the check starts. Each
// question or outcome runs to the next "#" or "##" heading; other "##"
// sections may come before the first question or after the last step, not
// between steps. Ids are lower-case letters, digits and hyphens ("step" is
// reserved for the page's script).
//
// Build-time checks, each reported with the file and line: every answer
// leads to a question or outcome of the page; every question and outcome can
// be reached from the first question; every question has answers and no
// outcome ends with a list of answers (no dead ends); no answers lead round
// in a circle. (Package site checks that the translations of a page have the
// same steps and the same answer targets in the same order.)
//
// Without JavaScript the page reads as a document whose answer links jump to
// the next heading. The HTML gives the page's script what it needs:
//
//	<div class="selfcheck" data-start="relationship">
//	<div class="selfcheck-step" data-step="relationship" data-kind="question">
//	<h2 id="relationship" class="question">Who is applying?</h2>
//	<p>hint</p>
//	<ul class="selfcheck-answers">
//	<li><a href="#spouse-sponsor">The husband or wife</a></li>
//	…
//	</ul>
//	</div>
//	<div class="selfcheck-step" data-step="out-other" data-kind="outcome" data-result="not-eligible">
//	…
//	</div>
//	</div>

// SelfCheck is the questions and outcomes of a page, in document order.
type SelfCheck struct {
	Start string // id of the first question
	Steps []Step

	index map[string]int // Steps by id, made by the converter; nil: Step searches
}

// Step is a question or an outcome.
type Step struct {
	ID      string
	Kind    string // "question" or "outcome"
	Result  string // outcomes: "eligible", "not-eligible" or "unsure"
	Text    string // the heading, as plain text
	Line    int
	Answers []Answer // questions: the answers in order
}

// Answer is one answer of a question.
type Answer struct {
	Label  string // the link text, as plain text
	Target string // id of the next question or outcome
	Line   int
}

// Step returns the step with the given id (the first, if several have it),
// or nil.
func (s *SelfCheck) Step(id string) *Step {
	if s.index != nil {
		if i, ok := s.index[id]; ok {
			return &s.Steps[i]
		}
		return nil
	}
	for i := range s.Steps {
		if s.Steps[i].ID == id {
			return &s.Steps[i]
		}
	}
	return nil
}

// Self-check step kinds and outcome results.
const (
	StepQuestion = "question"
	StepOutcome  = "outcome"
)

// Results are the classes an outcome can have.
var Results = []string{"eligible", "not-eligible", "unsure"}

// Self-check node kinds.
var (
	KindSelfCheck     = ast.NewNodeKind("SelfCheck")
	KindSelfCheckStep = ast.NewNodeKind("SelfCheckStep")
)

// SelfCheckNode holds the steps of a self-check.
type SelfCheckNode struct {
	ast.BaseBlock
	Start string
}

// SelfCheckStepNode is one question or outcome: its heading and what follows.
type SelfCheckStepNode struct {
	ast.BaseBlock
	Step *Step
}

func (*SelfCheckNode) Kind() ast.NodeKind { return KindSelfCheck }
func (n *SelfCheckNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Start": n.Start}, nil)
}
func (*SelfCheckStepNode) Kind() ast.NodeKind { return KindSelfCheckStep }
func (n *SelfCheckStepNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.Step.ID}, nil)
}

type selfCheckTransformer struct{}

func headingClasses(n ast.Node) []string {
	if c, ok := n.AttributeString("class"); ok {
		return strings.Fields(string(toBytes(c)))
	}
	return nil
}

func isStepHeading(n ast.Node) bool {
	h, ok := n.(*ast.Heading)
	if !ok {
		return false
	}
	cl := headingClasses(h)
	return slices.Contains(cl, StepQuestion) || slices.Contains(cl, StepOutcome)
}

func (*selfCheckTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || !isStepHeading(n) {
			return ast.WalkContinue, nil
		}
		found = true
		if h := n.(*ast.Heading); h.Level != 2 || n.Parent() != doc {
			st.errorf(n, "questions and outcomes are \"##\" headings at the top level of the page")
		}
		return ast.WalkSkipChildren, nil
	})
	if !found {
		return
	}
	var children []ast.Node
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		children = append(children, c)
	}
	var (
		nodes    []*SelfCheckStepNode
		cur      *SelfCheckStepNode
		between  ast.Node // a non-step section heading after the steps began
		reported bool
	)
	for _, c := range children {
		if h, ok := c.(*ast.Heading); ok && h.Level <= 2 {
			if !isStepHeading(h) {
				cur = nil
				if len(nodes) > 0 && between == nil {
					between = h
				}
				continue
			}
			if between != nil && !reported {
				st.errorf(between, "this heading is between the questions and outcomes: put other sections before the first question or after the last outcome")
				reported = true
			}
			cur = &SelfCheckStepNode{Step: st.parseStep(h)}
			doc.InsertBefore(doc, h, cur)
			nodes = append(nodes, cur)
		}
		if cur != nil {
			cur.AppendChild(cur, c) // moves c
		}
	}
	if len(nodes) == 0 {
		return // only misplaced step headings, reported above
	}
	sc := &SelfCheck{}
	for _, n := range nodes {
		st.parseBody(n)
		sc.Steps = append(sc.Steps, *n.Step)
	}
	sc.index = make(map[string]int, len(sc.Steps))
	for i, n := range nodes {
		n.Step = &sc.Steps[i]
		if _, dup := sc.index[n.Step.ID]; !dup {
			sc.index[n.Step.ID] = i
		}
	}
	first := nodes[0].Step
	if first.Kind != StepQuestion {
		st.errs.Addf(st.ctx.File, first.Line, "the first question or outcome must be a question: the check starts there")
	} else {
		sc.Start = first.ID
	}
	st.checkGraph(sc, nodes)
	box := &SelfCheckNode{Start: sc.Start}
	doc.InsertBefore(doc, nodes[0], box)
	for _, n := range nodes {
		box.AppendChild(box, n)
	}
	st.doc.SelfCheck = sc
}

// parseStep reads a step's heading.
func (st *state) parseStep(h *ast.Heading) *Step {
	s := &Step{Text: plainText(h, st.src), Line: st.nodeLine(h)}
	if v, ok := h.AttributeString("id"); ok {
		s.ID = string(toBytes(v))
	}
	cl := headingClasses(h)
	q, o := slices.Contains(cl, StepQuestion), slices.Contains(cl, StepOutcome)
	var results []string
	for _, c := range cl {
		if slices.Contains(Results, c) {
			results = append(results, c)
		}
	}
	switch {
	case q && o:
		st.errs.Addf(st.ctx.File, s.Line, "a heading is either a .question or an .outcome, not both")
	case q:
		s.Kind = StepQuestion
		if len(results) > 0 {
			st.errs.Addf(st.ctx.File, s.Line, "question %q has a result class (.%s): only outcomes have one", s.ID, results[0])
		}
	default:
		s.Kind = StepOutcome
		if len(results) != 1 {
			st.errs.Addf(st.ctx.File, s.Line, "outcome %q needs exactly one of .eligible, .not-eligible or .unsure", s.ID)
		} else {
			s.Result = results[0]
		}
	}
	switch {
	case !itemIDRE.MatchString(s.ID):
		st.errs.Addf(st.ctx.File, s.Line, "%s id %q: give the heading an explicit id of lower-case letters, digits and hyphens, like {#relationship .question}", s.Kind, s.ID)
	case s.ID == "step":
		st.errs.Addf(st.ctx.File, s.Line, "%s id \"step\" is reserved: choose another", s.Kind)
	}
	return s
}

// parseBody finds a question's answers: the list that ends it.
func (st *state) parseBody(n *SelfCheckStepNode) {
	s := n.Step
	last := n.LastChild()
	list, _ := last.(*ast.List)
	if s.Kind == StepOutcome {
		if list != nil && st.answerList(list, false) != nil {
			st.errs.Addf(st.ctx.File, st.startLine(list), "outcome %q ends with a list of answers, but an outcome ends the check: make it a .question, or put the links in sentences", s.ID)
		}
		return
	}
	if list == nil {
		st.errs.Addf(st.ctx.File, s.Line, "question %q has no answers: end it with a list of links to the next question or outcome, like \"- [Yes](#next-id)\"", s.ID)
		return
	}
	s.Answers = st.answerList(list, true)
	list.SetAttributeString("class", []byte("selfcheck-answers"))
}

// answerList reads a list of answers. With report, each item that is not
// exactly one in-page link is an error; without, such an item makes the
// whole list not a list of answers (nil).
func (st *state) answerList(list *ast.List, report bool) []Answer {
	var answers []Answer
	for li := list.FirstChild(); li != nil; li = li.NextSibling() {
		line := st.startLine(li)
		link := onlyLink(li, st.src)
		if link == nil {
			if !report {
				return nil
			}
			st.errs.Addf(st.ctx.File, line, "an answer must be exactly one link to a question or outcome of this page, like \"- [Yes](#next-id)\"")
			continue
		}
		dest := string(link.Destination)
		if !strings.HasPrefix(dest, "#") || len(dest) < 2 {
			if !report {
				return nil
			}
			st.errs.Addf(st.ctx.File, line, "answer link %q must lead to a question or outcome on this page, like (#next-id)", dest)
			continue
		}
		answers = append(answers, Answer{Label: plainText(link, st.src), Target: dest[1:], Line: line})
	}
	return answers
}

// onlyLink returns the link that is a list item's whole content, or nil.
func onlyLink(li ast.Node, src []byte) *ast.Link {
	if li.ChildCount() != 1 {
		return nil
	}
	var link *ast.Link
	for c := li.FirstChild().FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Link:
			if link != nil {
				return nil
			}
			link = t
		case *ast.Text:
			if strings.TrimSpace(string(t.Segment.Value(src))) != "" {
				return nil
			}
		default:
			return nil
		}
	}
	return link
}

// startLine is the line a block's first text is on.
func (st *state) startLine(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if c.Type() == ast.TypeBlock {
			if l := c.Lines(); l != nil && l.Len() > 0 {
				return st.line(l.At(0).Start)
			}
		} else if off := firstOffset(c); off >= 0 {
			return st.line(off)
		}
	}
	return st.nodeLine(n)
}

// checkGraph checks the answers as a graph: targets exist, every step is
// reached from the start, no circles.
func (st *state) checkGraph(sc *SelfCheck, nodes []*SelfCheckStepNode) {
	ids := map[string]*Step{}
	for i := range sc.Steps {
		ids[sc.Steps[i].ID] = &sc.Steps[i]
	}
	for _, s := range sc.Steps {
		for _, a := range s.Answers {
			if ids[a.Target] == nil {
				st.errs.Addf(st.ctx.File, a.Line, "answer leads to #%s, which is not a question or outcome of this page", a.Target)
			}
		}
	}
	if sc.Start != "" {
		reached := map[string]bool{sc.Start: true}
		queue := []string{sc.Start}
		for len(queue) > 0 {
			s := ids[queue[0]]
			queue = queue[1:]
			for _, a := range s.Answers {
				if ids[a.Target] != nil && !reached[a.Target] {
					reached[a.Target] = true
					queue = append(queue, a.Target)
				}
			}
		}
		for _, s := range sc.Steps {
			if !reached[s.ID] {
				st.errs.Addf(st.ctx.File, s.Line, "%s %q cannot be reached: no answer leads to it from the first question", s.Kind, s.ID)
			}
		}
	}
	// Circles: depth-first search, reporting each answer that leads back to
	// a step still on the path.
	const (
		unseen = iota
		onPath
		done
	)
	color := map[string]int{}
	var path []string
	at := map[string]int{} // index in path of each step on it
	var visit func(id string)
	visit = func(id string) {
		color[id] = onPath
		at[id] = len(path)
		path = append(path, id)
		for _, a := range ids[id].Answers {
			switch color[a.Target] {
			case onPath:
				st.errs.Addf(st.ctx.File, a.Line, "answers go round in a circle: %s", circle(path[at[a.Target]:]))
			case unseen:
				if ids[a.Target] != nil {
					visit(a.Target)
				}
			}
		}
		path = path[:len(path)-1]
		color[id] = done
	}
	for _, s := range sc.Steps {
		if color[s.ID] == unseen {
			visit(s.ID)
		}
	}
}

// circle describes the steps of a circle, back to the first. A long one is
// shortened, so that the errors of a page stay proportional to it (n answers
// leading back along a path of n steps would otherwise print n² ids).
func circle(steps []string) string {
	const show = 4 // steps at each end of a long circle
	if len(steps) <= 2*show+1 {
		return strings.Join(steps, " → ") + " → " + steps[0]
	}
	return fmt.Sprintf("%s → … (%d more) → %s → %s", strings.Join(steps[:show], " → "), len(steps)-2*show, strings.Join(steps[len(steps)-show:], " → "), steps[0])
}

type selfCheckRenderer struct{}

func (*selfCheckRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindSelfCheck, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="selfcheck" data-start="` + html.EscapeString(n.(*SelfCheckNode).Start) + "\">\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindSelfCheckStep, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		s := n.(*SelfCheckStepNode).Step
		if entering {
			_, _ = w.WriteString(`<div class="selfcheck-step" data-step="` + html.EscapeString(s.ID) + `" data-kind="` + s.Kind + `"`)
			if s.Result != "" {
				_, _ = w.WriteString(` data-result="` + s.Result + `"`)
			}
			_, _ = w.WriteString(">\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
