package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"guide/internal/diag"
)

// The fuzz targets' seeds run in every go test. For a longer search, one
// target at a time:
//
//	go test -run '^$' -fuzz '^FuzzConvert$' -fuzztime 5m ./internal/markdown
//	go test -run '^$' -fuzz '^FuzzSelfCheck$' -fuzztime 5m ./internal/markdown

const fuzzFile = "content/documents/page.en.md"

// FuzzConvert converts arbitrary Markdown with every extension on (checklist
// items, links to content files, heading ids, callouts, language spans,
// self-checks). Seeds: the golden inputs in testdata/ and the guide's own
// pages. Properties:
//
//   - Convert does not panic and gives the same result twice;
//   - every error is a diag.Error naming the file and a line of it;
//   - the HTML is valid UTF-8;
//   - without errors: no raw HTML came through but language spans, ids are
//     unique and include every heading's and checklist item's, checklist ids
//     and tags are well formed, links to content files were resolved from
//     clean paths, and a self-check's answers form a graph from its first
//     question where every answer leads to a step, every step is reached and
//     nothing goes round in a circle.
func FuzzConvert(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, src []byte) {
		if !utf8.Valid(src) {
			return // package content rejects such files before they get here
		}
		var resolved []string
		ctx := Context{
			File: fuzzFile,
			Resolve: func(target string) (string, bool) {
				if target != path.Clean(target) || strings.HasPrefix(target, "/") || strings.HasPrefix(target, "../") || target == ".." {
					t.Errorf("Resolve(%q): not a clean path from the content root", target)
				}
				resolved = append(resolved, target)
				return "/en/" + strings.TrimSuffix(target, ".md") + "/", !strings.Contains(target, "missing")
			},
			Label: func(id string) string { return "[" + id + "]" },
		}
		doc, err := c.Convert(src, ctx)
		doc2, err2 := c.Convert(src, ctx)
		if fmt.Sprint(err) != fmt.Sprint(err2) || doc.HTML != doc2.HTML {
			t.Fatalf("two conversions differ:\n%v\n%v", err, err2)
		}
		checkErrors(t, err, fuzzFile, bytes.Count(src, []byte("\n"))+1)
		if !utf8.ValidString(doc.HTML) {
			t.Errorf("HTML is not valid UTF-8")
		}
		if err != nil {
			return
		}
		checkRawHTML(t, []byte(doc.HTML))
		checkIDs(t, doc)
		for _, l := range doc.Links {
			if !slices.Contains(resolved, l.Target) {
				t.Errorf("link to %s was not resolved", l.Target)
			}
		}
		if doc.SelfCheck != nil {
			checkSelfCheck(t, doc.SelfCheck)
		}
	})
}

// fuzzSeeds are the golden inputs and the guide's pages (front matter
// blanked, as package content hands them over).
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	golden, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range golden {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			if af.Name == "input.md" {
				seeds = append(seeds, af.Data)
			}
		}
	}
	err = fs.WalkDir(os.DirFS("../../content"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := fs.ReadFile(os.DirFS("../../content"), p)
		if err != nil {
			return err
		}
		if fm, body, ok := bytes.Cut(src, []byte("\n---\n")); ok && bytes.HasPrefix(fm, []byte("---")) {
			src = append(bytes.Repeat([]byte("\n"), bytes.Count(fm, []byte("\n"))+2), body...)
		}
		seeds = append(seeds, src)
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"> [!WARNING]\n> Bring the **original**.\n",
		"> [!NOTE]\n",
		"> [!UNKNOWN]\n> text\n",
		"Say <span lang=\"zh-Hans\">户口簿</span> and <span lang=\"zh-Hans\">unclosed\n\nnext",
		"<div>raw</div>\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>\n",
		"[x](javascript:alert(1)) [y](/missing.md) [z](../../../fees.md#top) [w](<../a b.md>)\n",
		"## 资格条件\n\n## 资格条件\n\n## Title {#dup}\n\n## Other {#dup}\n",
		"- [ ] one {#a .x}\n- [ ] two {#a}\n- [ ] three\n- plain\n",
		"- [ ] Upper {#Bad .Tag}\n\n  More text.\n\n  - nested [ ] {#n}\n",
		"## Q {#q .question}\n\n- [Yes](#q)\n",
		"## Q {#q .question .outcome}\n\n## O {#o .outcome}\n",
		"# Top\n\n## Q {#q .question}\n\n- [A](#o)\n\n## Other\n\n## O {#o .outcome .eligible}\n",
		"中文换行\n不加空格\\ 。[^1]\n\n[^1]: 注释\n",
		"| a | b |\n|---|---|\n| <span lang=\"zh-Hans\">表</span> | ~~x~~ |\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

// checkErrors checks that every error is a diag.Error at file, on a line
// between 1 and lines.
func checkErrors(t *testing.T, err error, file string, lines int) {
	t.Helper()
	for _, e := range diag.Unjoin(err) {
		var de *diag.Error
		if !errors.As(e, &de) {
			t.Errorf("error without a position: %T %v", e, e)
			continue
		}
		if de.File != file || de.Line < 1 || de.Line > lines {
			t.Errorf("error at %s:%d, want %s and a line in 1..%d: %v", de.File, de.Line, file, lines, de)
		}
		if !utf8.ValidString(de.Msg) {
			t.Errorf("error message is not valid UTF-8: %q", de.Msg)
		}
	}
}

// checkRawHTML checks that no element the author wrote came through, except
// language spans: the only tags in the output are the renderer's own.
func checkRawHTML(t *testing.T, out []byte) {
	t.Helper()
	lower := strings.ToLower(string(out))
	for _, bad := range []string{"<script", "<style", "<iframe", "<object", "<embed", "<form", "<div>"} {
		if strings.Contains(lower, bad) {
			t.Errorf("raw HTML %q in the output:\n%s", bad, out)
		}
	}
	if m := scriptURLRE.FindString(lower); m != "" {
		t.Errorf("script URL %q in the output:\n%s", m, out)
	}
	for i := 0; ; {
		j := strings.Index(lower[i:], " on")
		if j < 0 {
			break
		}
		i += j + 3
		k := i
		for k < len(lower) && lower[k] >= 'a' && lower[k] <= 'z' {
			k++
		}
		if k > i && k < len(lower) && lower[k] == '=' && inTag(lower, i) {
			t.Errorf("event handler attribute in the output:\n%s", out)
			break
		}
	}
}

var scriptURLRE = regexp.MustCompile(`(?:href|src)="[\x00-\x20]*(?:javascript|vbscript|data):`)

// inTag reports whether offset i of s is inside a tag.
func inTag(s string, i int) bool {
	return strings.LastIndexByte(s[:i], '<') > strings.LastIndexByte(s[:i], '>')
}

func checkIDs(t *testing.T, doc *Doc) {
	t.Helper()
	seen := map[string]bool{}
	for _, id := range doc.IDs {
		if seen[id] {
			t.Errorf("id %q twice", id)
		}
		seen[id] = true
	}
	for _, h := range doc.Headings {
		if h.ID != "" && !seen[h.ID] {
			t.Errorf("heading id %q not in IDs", h.ID)
		}
	}
	items := map[string]bool{}
	for _, it := range doc.Checklist {
		if items[it.ID] {
			t.Errorf("checklist id %q twice", it.ID)
		}
		items[it.ID] = true
		if !itemIDRE.MatchString(it.ID) {
			t.Errorf("checklist id %q accepted", it.ID)
		}
		for _, tag := range it.Tags {
			if !itemIDRE.MatchString(tag) {
				t.Errorf("checklist tag %q accepted", tag)
			}
		}
		if !seen["item-"+it.ID] {
			t.Errorf("checklist item %q has no id item-%s in the page", it.ID, it.ID)
		}
	}
}

// checkSelfCheck checks the promises of a self-check that converted without
// errors.
func checkSelfCheck(t *testing.T, sc *SelfCheck) {
	t.Helper()
	if len(sc.Steps) == 0 || sc.Start != sc.Steps[0].ID || sc.Steps[0].Kind != StepQuestion {
		t.Fatalf("self-check does not start at its first question: %+v", sc)
	}
	for _, s := range sc.Steps {
		switch s.Kind {
		case StepQuestion:
			if len(s.Answers) == 0 || s.Result != "" {
				t.Errorf("question %q: %d answers, result %q", s.ID, len(s.Answers), s.Result)
			}
		case StepOutcome:
			if len(s.Answers) != 0 || !slices.Contains(Results, s.Result) {
				t.Errorf("outcome %q: %d answers, result %q", s.ID, len(s.Answers), s.Result)
			}
		default:
			t.Errorf("step %q of kind %q", s.ID, s.Kind)
		}
		if !itemIDRE.MatchString(s.ID) || s.ID == "step" {
			t.Errorf("step id %q accepted", s.ID)
		}
		for _, a := range s.Answers {
			if sc.Step(a.Target) == nil {
				t.Errorf("answer of %q leads to %q, not a step", s.ID, a.Target)
			}
		}
	}
	if why := graphProblem(sc); why != "" {
		t.Errorf("self-check accepted although %s", why)
	}
}

// graphProblem is an independent statement of the self-check's graph rules:
// it returns why the answers are not a graph from the first step in which
// every step is reached and no path comes back to a step, or "".
func graphProblem(sc *SelfCheck) string {
	index := map[string]int{}
	for i, s := range sc.Steps {
		if _, dup := index[s.ID]; dup {
			return "id " + s.ID + " is used twice"
		}
		index[s.ID] = i
	}
	// Reachability and cycles by repeated relaxation: step i is at depth d
	// when some path of d answers leads to it; in a graph without circles no
	// depth exceeds the number of steps.
	n := len(sc.Steps)
	depth := make([]int, n)
	for i := range depth {
		depth[i] = -1
	}
	depth[0] = 0
	for round := 0; round <= n; round++ {
		changed := false
		for i, s := range sc.Steps {
			if depth[i] < 0 {
				continue
			}
			for _, a := range s.Answers {
				j, ok := index[a.Target]
				if !ok {
					return "an answer leads to " + a.Target + ", which is not a step"
				}
				if depth[j] < depth[i]+1 {
					depth[j] = depth[i] + 1
					changed = true
				}
			}
		}
		if !changed {
			break
		}
		if round == n {
			return "the answers go round in a circle"
		}
	}
	for i, d := range depth {
		if d < 0 {
			return "step " + sc.Steps[i].ID + " is not reached"
		}
	}
	return ""
}

// FuzzSelfCheck builds self-checks from the fuzzer's bytes — how many steps,
// which are questions, what each answer leads to — and compares the
// converter's verdict with graphProblem and the structural rules: a
// self-check converts without error exactly when its first step is a
// question, every question has answers, every answer leads to a step, every
// step is reached and no answers go round in a circle; and then the steps
// and answers reported are the ones written, in order.
func FuzzSelfCheck(f *testing.F) {
	// Bytes: steps-1, a bit per step (1: question), then for each question
	// its number of answers and their targets (the step count: a missing step).
	f.Add([]byte{1, 0b01, 1, 1})                                   // q0 → o1
	f.Add([]byte{2, 0b011, 2, 1, 2, 1, 2})                         // q0 → q1 | o2, q1 → o2
	f.Add([]byte{5, 0b001111, 2, 1, 2, 2, 3, 4, 2, 3, 5, 2, 4, 5}) // two paths to q3
	f.Add([]byte{1, 0b11, 1, 1, 1, 0})                             // q0 → q1 → q0: a circle
	f.Add([]byte{2, 0b001, 1, 1})                                  // o2 is not reached
	f.Add([]byte{1, 0b00})                                         // starts with an outcome
	f.Add([]byte{1, 0b01, 0})                                      // a question without answers
	f.Add([]byte{1, 0b01, 1, 2})                                   // an answer to a missing step
	c := New(Options{})
	f.Fuzz(func(t *testing.T, b []byte) {
		next := func() int {
			if len(b) == 0 {
				return 0
			}
			v := int(b[0])
			b = b[1:]
			return v
		}
		n := 1 + next()%6
		kinds := next()
		type step struct {
			question bool
			answers  []int // step indexes; n means a missing step
		}
		steps := make([]step, n)
		var md strings.Builder
		md.WriteString("Answer the questions.\n\n")
		for i := range steps {
			s := &steps[i]
			s.question = kinds&(1<<i) != 0
			if s.question {
				fmt.Fprintf(&md, "## Question %d? {#s%d .question}\n\nA hint.\n\n", i, i)
				for range next() % 4 {
					s.answers = append(s.answers, next()%(n+1))
				}
				for k, a := range s.answers {
					fmt.Fprintf(&md, "- [Answer %d](#s%d)\n", k, a)
				}
			} else {
				fmt.Fprintf(&md, "## Outcome %d {#s%d .outcome .%s}\n\nWhat to do.\n", i, i, Results[i%len(Results)])
			}
			md.WriteString("\n")
		}
		src := []byte(md.String())
		doc, err := c.Convert(src, Context{File: fuzzFile})
		checkErrors(t, err, fuzzFile, bytes.Count(src, []byte("\n"))+1)

		// The expected verdict, from the model.
		want := ""
		model := &SelfCheck{Start: "s0"}
		for i, s := range steps {
			st := Step{ID: fmt.Sprintf("s%d", i), Kind: StepOutcome}
			if s.question {
				st.Kind = StepQuestion
				if len(s.answers) == 0 && want == "" {
					want = "a question has no answers"
				}
			}
			for _, a := range s.answers {
				st.Answers = append(st.Answers, Answer{Target: fmt.Sprintf("s%d", a)})
			}
			model.Steps = append(model.Steps, st)
		}
		if !steps[0].question {
			want = "the first step is an outcome"
		}
		if want == "" {
			want = graphProblem(model)
		}
		switch {
		case want == "" && err != nil:
			t.Fatalf("valid self-check rejected:\n%s\n%v", src, err)
		case want != "" && err == nil:
			t.Fatalf("self-check accepted although %s:\n%s", want, src)
		case err != nil:
			return
		}
		got := doc.SelfCheck
		if got == nil || len(got.Steps) != n {
			t.Fatalf("self-check has %v, want %d steps", got, n)
		}
		for i, s := range got.Steps {
			m := model.Steps[i]
			if s.ID != m.ID || s.Kind != m.Kind || len(s.Answers) != len(m.Answers) {
				t.Fatalf("step %d is %+v, want %+v", i, s, m)
			}
			for k, a := range s.Answers {
				if a.Target != m.Answers[k].Target || a.Label != fmt.Sprintf("Answer %d", k) {
					t.Errorf("step %s answer %d is %+v, want target %s", s.ID, k, a, m.Answers[k].Target)
				}
			}
		}
		checkSelfCheck(t, got)
	})
}
