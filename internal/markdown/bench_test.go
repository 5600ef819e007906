package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"guide/internal/corpus"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// go test ./internal/markdown -run '^$' -bench Convert compares the
// converter with bare goldmark (same extensions) on corpus pages.
func corpusDocs(b *testing.B) [][]byte {
	dir := b.TempDir()
	if err := corpus.Write(dir, "../..", 100); err != nil {
		b.Fatal(err)
	}
	var docs [][]byte
	for i := range 100 {
		for _, lang := range []string{"zh", "en"} {
			src, err := os.ReadFile(filepath.Join(dir, "content", filepath.FromSlash(corpus.Page(i))+"."+lang+".md"))
			if err != nil {
				b.Fatal(err)
			}
			_, body, _ := bytes.Cut(src[4:], []byte("\n---\n"))
			docs = append(docs, body)
		}
	}
	return docs
}

func BenchmarkConvertGuide(b *testing.B) {
	docs := corpusDocs(b)
	c := New(Options{})
	ctx := Context{File: "content/x.en.md", Resolve: func(string) (string, bool) { return "/en/x/", true }}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := c.Convert(d, ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkConvertGoldmark(b *testing.B) {
	docs := corpusDocs(b)
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.CJK),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
	)
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			buf.Reset()
			if err := md.Convert(d, &buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}
