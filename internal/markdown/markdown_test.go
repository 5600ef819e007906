package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// resolve is the link resolver the golden tests use: pages fees, timeline,
// documents/spouse and the documents section exist.
func resolve(target string) (string, bool) {
	pages := map[string]string{
		"fees.md":                "/en/fees/",
		"timeline.md":            "/en/timeline/",
		"documents/spouse.md":    "/en/documents/spouse/",
		"documents/_index.md":    "/en/documents/",
		"documents/spouse.zh.md": "/zh/documents/spouse/",
	}
	u, ok := pages[target]
	return u, ok
}

// TestGolden converts testdata/*.txtar: the "input.md" file is converted as
// content/documents/page.en.md and must give "output.html", the headings in
// "headings" (level, id, text and HTML) and, when present, exactly the
// errors in "errors".
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	c := New(Options{})
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string][]byte{}
			for _, f := range ar.Files {
				sections[f.Name] = f.Data
			}
			in, ok := sections["input.md"]
			if !ok {
				t.Fatal("no input.md section")
			}
			doc, err := c.Convert(in, Context{
				File:    "content/documents/page.en.md",
				Resolve: resolve,
				Label:   func(id string) string { return "[" + id + "]" },
			})
			var gotErr string
			if err != nil {
				gotErr = err.Error() + "\n"
			}
			var got, heads []byte
			if doc != nil {
				got = []byte(doc.HTML)
				for _, h := range doc.Headings {
					heads = fmt.Appendf(heads, "%d #%s %q %s\n", h.Level, h.ID, h.Text, h.HTML)
				}
			}
			if *update {
				ar.Files = []txtar.File{{Name: "input.md", Data: in}, {Name: "output.html", Data: got}, {Name: "headings", Data: heads}}
				if gotErr != "" {
					ar.Files = append(ar.Files, txtar.File{Name: "errors", Data: []byte(gotErr)})
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := sections["output.html"]; !bytes.Equal(got, want) {
				t.Errorf("HTML differs (run go test ./internal/markdown -update to accept)\n--- got ---\n%s\n--- want ---\n%s", got, want)
			}
			if want := sections["headings"]; !bytes.Equal(heads, want) {
				t.Errorf("headings differ (run go test ./internal/markdown -update to accept)\n--- got ---\n%s\n--- want ---\n%s", heads, want)
			}
			if want := string(sections["errors"]); gotErr != want {
				t.Errorf("errors differ\n--- got ---\n%s\n--- want ---\n%s", gotErr, want)
			}
		})
	}
}

func TestSections(t *testing.T) {
	src := "Intro with a [link](https://example.org/a).\n\n## Fees {#fees}\n\nCNY 1,500\nper person.\n\n> [!WARNING]\n> Check first.\n\n- one\n- two\n\nBring:\n\n- [ ] Passport {#passport}\n\n  - original\n  - copy\n\n### 中文 标题\n\n第一行\n第二行\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	doc, err := New(Options{}).Convert([]byte(src), Context{File: "content/x.en.md"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range doc.Sections {
		got = append(got, fmt.Sprintf("%s|%v|%s|%d|%d|%q|%v|%v|%d", s.ID, s.Item, s.Heading, s.Level, s.Line, s.Text, s.Links, s.Callouts, s.ListItems))
	}
	want := []string{
		`|false||0|1|"Intro with a link."|[https://example.org/a]|[]|0`,
		`fees|false|Fees|2|3|"CNY 1,500 per person.\nCheck first.\none\ntwo\nBring:"|[]|[warning]|2`,
		`item-passport|true|Passport|0|16|"original\ncopy"|[]|[]|2`,
		`中文-标题|false|中文 标题|3|21|"第一行第二行\na b\n1 2"|[]|[]|0`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sections:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
