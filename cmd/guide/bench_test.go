package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"guide/internal/corpus"
)

// BenchmarkCheckAndBuild runs guide check and guide build, as the command
// does (argument parsing, the source tree opened through package source,
// output to a directory), side by side in one run on the 10,000-page
// corpus, so that what check costs beyond a build is read off one run:
//
//	go test -run '^$' -bench CheckAndBuild -benchtime 3x ./cmd/guide
//
// check may find problems in the generated pages (exit 1): only a usage
// error (exit 2) fails the benchmark.
func BenchmarkCheckAndBuild(b *testing.B) {
	src := filepath.Join(b.TempDir(), "corpus")
	if err := corpus.Write(src, "../..", 5000); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "public")
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			if code := run([]string{"check", "-src", src, "-today", "2026-12-02"}, io.Discard, io.Discard); code > 1 {
				b.Fatalf("guide check: exit %d", code)
			}
		}
	})
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			if code := run([]string{"build", "-src", src, "-out", out}, io.Discard, io.Discard); code != 0 {
				b.Fatalf("guide build: exit %d", code)
			}
			b.StopTimer()
			os.RemoveAll(out)
			os.RemoveAll(out + ".spare")
			b.StartTimer()
		}
	})
}
