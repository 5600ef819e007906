// Command corpus writes a synthetic bilingual site for benchmarks:
//
//	go run ./cmd/corpus -pages 5000 -out /tmp/corpus
//	go run ./cmd/corpus -pages 5000 -hugo -out /tmp/corpus-hugo
//
// writes 5,000 pages in each language (10,000 files) with the templates and
// locales of the site in -src, ready for `guide build -src /tmp/corpus` or
// `guide serve -src /tmp/corpus`.
package main

import (
	"flag"
	"fmt"
	"os"

	"guide/internal/corpus"
)

func main() {
	pages := flag.Int("pages", 5000, "pages per language")
	out := flag.String("out", "", "directory to write (must not exist or be empty)")
	src := flag.String("src", ".", "site whose site.yaml, templates/ and locales/ are copied")
	hugo := flag.Bool("hugo", false, "write the same pages as a Hugo site (for comparing with Hugo)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if entries, _ := os.ReadDir(*out); len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "corpus: %s is not empty\n", *out)
		os.Exit(1)
	}
	write := func() error { return corpus.Write(*out, *src, *pages) }
	if *hugo {
		write = func() error { return corpus.WriteHugo(*out, *pages) }
	}
	if err := write(); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d pages per language to %s\n", *pages, *out)
}
