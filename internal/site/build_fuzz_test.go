package site_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/features"
	"guide/internal/output"
	"guide/internal/site"
	"guide/internal/source"
)

// buildBound is how long a build of the fixture guide with one hostile file
// may take before the fuzz target calls it a hang. A build of the fixture
// takes tens of milliseconds; the limits of package markdown keep every
// page's conversion linear in its size, which is at most 1 MiB here.
const buildBound = 20 * time.Second

// FuzzBuild builds the fixture guide with one file the fuzzer writes: its
// path under content/ (any name, in any directory), and its front matter and
// Markdown. Whatever the file, the build does not panic or hang, every error
// names a file of the site and a line that the file has, and a failed build
// leaves the previous output byte for byte as it was, modes included.
//
//	go test ./internal/site -run '^$' -fuzz FuzzBuild -fuzztime 5m
func FuzzBuild(f *testing.F) {
	seeds := []struct{ name, front, body string }{
		{"fees.en.md", "title: Fees", "## Fees\n\nNone.\n"},
		{"fees.zh.md", "title: 费用", "## 费用 {#fees}\n\n无。\n"},
		{"a b.en.md", "title: Space", "text"},
		{"q?#%.en.md", "title: Reserved", "text"},
		{"深/页.zh.md", "title: 中文", "[返回](/_index.md)"},
		{"documents/spouse.en.md", "title: Spouse\nquestions:\n  - id: route\n    label: Route?\n    answers: {zgc: A}", "- [ ] Passport {#passport .nope}\n- [ ] Passport {#passport}\n"},
		{"x.en.md", "title: [unclosed", "body"},
		{"x.en.md", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\ntitle: Alias", "body"},
		{"x.en.md", "title: Unknown\nreviwed: 2026-01-01", "body"},
		{"x.en.md", "title: Layout\nlayout: ../../../etc/passwd", "body"},
		{"x.en.md", "title: Links", "[a](../../../../etc/passwd) [b](javascript:alert(1)) ![c](/nope.png) <script>x</script>"},
		{"x.en.md", "title: Up", "[a](../../../../etc/passwd.md) ![c](/nope.png) ![d](../../x.png)"},
		{"x.en.md", "title: Emphasis", strings.Repeat("*a_", 3000)},
		{"x.en.md", "title: Brackets", strings.Repeat("[a](b", 3000)},
		{"x.en.md", "title: Definitions", strings.Repeat("[a]: b\n", 3000)},
		{"x.en.md", "title: Indent", strings.Repeat(" ", 400) + "- a"},
		{"x.en.md", "title: Footnotes", strings.Repeat("[^a] ", 3000)},
		{"x.en.md", "title: Table", "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n" + strings.Repeat("|b\n", 100)},
		{"x.en.md", "title: Headings", strings.Repeat("## Same\n", 2000)},
		{"x.en.md", "title: Steps", "## A {#a .and}\n## B {#b .or .step}\n"},
		{"x.en.md", "title: Spans", `<span lang="zh-Hans">绿卡`},
		{"check.en.md", "title: Check\nlayout: selfcheck", "## Q {#q .question}\n\n- [yes](#q)\n"},
		{"x.en.md", "", "no front matter"},
		{"x.en.md", "title: T\ndraft: true", "draft"},
		{"x.fr.md", "title: French", "un"},
		{"_index.en.md", "title: Home\nweight: x", "home"},
		{"notes.txt", "", "an asset"},
		{"x.en.md", "title: Bad\x00byte", "nul\x00"},
	}
	for _, s := range seeds {
		f.Add(s.name, s.front, s.body)
	}
	f.Fuzz(func(t *testing.T, name, front, body string) {
		name = path.Join("content", name)
		if !writable(name) {
			t.Skip()
		}
		src := writeFixture(t)
		out := filepath.Join(t.TempDir(), "public")
		if err := buildInto(src, out); err != nil {
			t.Fatalf("the fixture does not build: %v", err)
		}
		before := snapshot(t, out)
		data := body
		if front != "" {
			data = "---\n" + front + "\n---\n" + body
		}
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Skip() // a file of the fixture is in the way
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Skip()
		}
		done := make(chan error, 1)
		go func() { done <- buildInto(src, out) }()
		var err error
		select {
		case err = <-done:
		case <-time.After(buildBound):
			t.Fatalf("the build with %s did not end within %v", name, buildBound)
		}
		if err == nil {
			return
		}
		for _, e := range diag.Unjoin(err) {
			if msg := positioned(src, e); msg != "" {
				t.Errorf("%s, in the error %q", msg, e)
			}
		}
		if after := snapshot(t, out); after != before {
			t.Errorf("the failed build changed the output:\nbefore:\n%s\nafter:\n%s", before, after)
		}
	})
}

// writable reports whether a fuzzed path can be a file of the site on this
// machine: a valid, not too long path, with a name the file system takes.
func writable(name string) bool {
	if !fs.ValidPath(name) || !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\\") || len(name) > 200 {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if len(seg) > 100 {
			return false
		}
	}
	return name != "content/holidays" && !strings.HasPrefix(name, "content/holidays/")
}

// buildInto builds the site in src into out as guide build does.
func buildInto(src, out string) error {
	fsys, err := source.Open(src)
	if err != nil {
		return err
	}
	defer fsys.Close()
	dir, err := output.Begin(out)
	if err != nil {
		return err
	}
	if _, err := site.Build(context.Background(), fsys, site.Options{Features: features.Guide()}, dir); err != nil {
		dir.Abort()
		return err
	}
	return dir.Commit()
}

// positioned says what is wrong with where error e points ("" when it names
// a file of src and, if it has a line, one that the file has).
func positioned(src string, e error) string {
	de, ok := e.(*diag.Error)
	if !ok {
		return fmt.Sprintf("%T without a position", e)
	}
	if de.File == "" {
		return "no file named"
	}
	if !fs.ValidPath(de.File) {
		return fmt.Sprintf("the file %q is not a path in the site", de.File)
	}
	data, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(de.File)))
	if err != nil {
		if info, serr := os.Stat(filepath.Join(src, filepath.FromSlash(de.File))); serr == nil && info.IsDir() && de.Line == 0 {
			return "" // a directory, named whole
		}
		return fmt.Sprintf("the file %s does not exist", de.File)
	}
	if lines := bytes.Count(data, []byte("\n")) + 1; de.Line > lines {
		return fmt.Sprintf("line %d of %s, which has %d lines", de.Line, de.File, lines)
	}
	return ""
}

// snapshot describes the tree at dir: every path with its mode and a hash
// of its bytes, one per line.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(&b, "%s %v", filepath.ToSlash(rel), info.Mode())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " %x", content.Sum(data))
		}
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
