package site

import (
	"os"
	"testing"

	"guide/internal/corpus"
)

// BenchmarkPageTemplate executes the layout of one corpus page (a page with a
// checklist, in English) with the repository's templates: the cost of the
// templates per page, without Markdown or output.
//
//	go test -run '^$' -bench PageTemplate -benchmem ./internal/site
func BenchmarkPageTemplate(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, "../..", 100); err != nil {
		b.Fatal(err)
	}
	bl, err := load(os.DirFS(dir), Options{})
	if err != nil {
		b.Fatal(err)
	}
	bl.index()
	p := bl.pages[corpus.Page(98)]["en"]
	if p == nil || bl.convert(p) != nil || len(p.Checklist) == 0 {
		b.Fatalf("corpus page %s: no page with a checklist", corpus.Page(98))
	}
	for b.Loop() {
		if _, err := bl.tmpl.execute("en", bl.layout(p), p); err != nil {
			b.Fatal(err)
		}
	}
}
