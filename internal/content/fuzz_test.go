package content

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"guide/internal/diag"
)

// FuzzParse feeds arbitrary bytes to the front-matter parser. The seeds run
// in every go test; for a longer search:
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 5m ./internal/content
//
// Properties: Parse does not panic; every error is a diag.Error naming the
// file and a line of it; a parsed file has a title and a valid UTF-8 body in
// which every line of Markdown keeps its line number from the file.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: 费用\ndescription: 一句话。\nweight: 70\nreviewed: 2026-11-27\nmenu: main\n---\n正文。\n\n## 标题 {#fees}\n",
		"---\r\ntitle: Fees\r\n---\r\nBody\r\n",
		"\uFEFF---\ntitle: BOM\n---\nbody",
		"---\ntitle: no newline at the end\n---",
		"---\ntitle: x\n",
		"title: x\n---\nbody\n",
		"---\n---\nno title\n",
		"---\ntitle: \"\"\n---\n",
		"---\ntitle: [a, b]\nweight: heavy\n---\n",
		"---\ntitle: x\nreviewed: 27 November\ndate: 2026-13-45\n---\n",
		"---\ntitle: x\nmenu: footer\n---\n",
		"---\ntitle: x\n\tweight: 1\n---\n",
		"---\ntitle: x\nfilters:\n  spouse: Spouse\n  child: 子女\n---\n- [ ] a {#a .spouse}\n",
		"---\ntitle: x\ntitle: y\n---\n",
		"---\ntitle: &a x\nb: *a\n---\n",
		"---\n: \n---\n",
		"   \n\t\n",
		"",
		"---\ntitle: \xff\xfe\n---\n",
		"---  \ntitle: trailing spaces\n---  \t\nbody\n",
	} {
		f.Add([]byte(seed))
	}
	const file = "content/fees.zh.md"
	f.Fuzz(func(t *testing.T, src []byte) {
		fl, err := Config{Dir: "content", Langs: []string{"zh", "en"}}.Parse(file, src)
		lines := bytes.Count(src, []byte("\n")) + 1
		if err != nil {
			for _, e := range diag.Unjoin(err) {
				var de *diag.Error
				if !errors.As(e, &de) {
					t.Fatalf("error without a position: %T %v", e, e)
				}
				if de.File != file || de.Line < 1 || de.Line > lines {
					t.Errorf("error at %s:%d, want %s and a line in 1..%d: %v", de.File, de.Line, file, lines, de)
				}
				if !strings.HasPrefix(de.Error(), file+":") || !utf8.ValidString(de.Error()) {
					t.Errorf("error %q does not start with the file or is not UTF-8", de.Error())
				}
			}
			return
		}
		if strings.TrimSpace(fl.Meta.Title) == "" {
			t.Errorf("parsed without a title: %q", src)
		}
		if !utf8.Valid(fl.Body) {
			t.Errorf("body is not valid UTF-8")
		}
		// Body is blank lines for the front matter, then the file's own text.
		tail := bytes.TrimLeft(fl.Body, "\n")
		if !bytes.HasSuffix(src, tail) {
			t.Fatalf("body %q is not the end of the file %q", fl.Body, src)
		}
		if len(tail) > 0 {
			got := bytes.Count(fl.Body[:len(fl.Body)-len(tail)], []byte("\n"))
			want := bytes.Count(src[:len(src)-len(tail)], []byte("\n"))
			if got != want {
				t.Errorf("the Markdown starts on body line %d but file line %d", got+1, want+1)
			}
		}
	})
}
