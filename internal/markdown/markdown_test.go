package markdown

import (
	"bytes"
	"flag"
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
// content/documents/page.en.md and must give "output.html" and, when present,
// exactly the errors in "errors".
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
			var got []byte
			if doc != nil {
				got = []byte(doc.HTML)
			}
			if *update {
				ar.Files = []txtar.File{{Name: "input.md", Data: in}, {Name: "output.html", Data: got}}
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
			if want := string(sections["errors"]); gotErr != want {
				t.Errorf("errors differ\n--- got ---\n%s\n--- want ---\n%s", gotErr, want)
			}
		})
	}
}
