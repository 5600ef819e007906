package site

import (
	"context"
	"html/template"
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
	// The repository's timeline layout calls the calculator's function; a
	// stand-in is enough here (features cannot be imported by this package).
	calc := Feature{Name: "calculator", Load: func([]DataFile, []Language) (*Loaded, error) {
		return &Loaded{Funcs: template.FuncMap{"workdaysTable": func() any { return nil }}}, nil
	}}
	src, err := load(os.DirFS(dir), Options{Features: []Feature{calc}})
	if err != nil {
		b.Fatal(err)
	}
	m := index(src, Options{})
	if err := convert(context.Background(), m, nil, nil); err != nil {
		b.Fatal(err)
	}
	p := m.page(corpus.Page(98), m.langIndex("en"))
	if p == nil || p.doc == nil || len(p.doc.Checklist) == 0 {
		b.Fatalf("corpus page %s: no page with a checklist", corpus.Page(98))
	}
	w := newRenderer(src, m, nil, false).worker(0)
	for b.Loop() {
		if _, _, err := w.render(job{p.out, p}); err != nil {
			b.Fatal(err)
		}
	}
}
