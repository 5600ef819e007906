// Package sitetest builds small sites written as txtar archives, for the
// tests of package site and of the features.
//
// Every site starts from base.txtar (two languages, minimal templates and
// locales); a test's archive adds or replaces files, and a file whose content
// is exactly "DELETE\n" removes it.
package sitetest

import (
	"context"
	_ "embed"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"guide/internal/site"

	"golang.org/x/tools/txtar"
)

//go:embed base.txtar
var base []byte

// Today is the date tests build as of, unless they say otherwise.
var Today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// FS returns the base site with the files of the archives added or replaced.
func FS(t testing.TB, archives ...string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	files := txtar.Parse(base).Files
	for _, a := range archives {
		files = append(files, txtar.Parse([]byte(a)).Files...)
	}
	for _, f := range files {
		if string(f.Data) == "DELETE\n" {
			delete(fsys, f.Name)
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// Build builds fsys into memory, as of Today unless opts.Now is set, and
// returns the files by name.
func Build(t testing.TB, fsys fs.FS, opts site.Options) (map[string]string, *site.Result, error) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = Today
	}
	var mem site.Memory
	res, err := site.Build(context.Background(), fsys, opts, &mem)
	out := map[string]string{}
	for name, data := range mem.Files() {
		out[name] = string(data)
	}
	return out, res, err
}

// MustBuild builds the base site with the archives added, failing the test
// on error.
func MustBuild(t testing.TB, opts site.Options, archives ...string) (map[string]string, *site.Result) {
	t.Helper()
	out, res, err := Build(t, FS(t, archives...), opts)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return out, res
}

// Contains fails the test unless file exists in out and contains every want.
func Contains(t testing.TB, out map[string]string, file string, wants ...string) {
	t.Helper()
	got, ok := out[file]
	if !ok {
		t.Fatalf("no output file %s", file)
	}
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q; it is:\n%s", file, w, clip(got))
		}
	}
}

// Lacks fails the test if file contains any of unwanted.
func Lacks(t testing.TB, out map[string]string, file string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(out[file], w) {
			t.Errorf("%s contains %q; it is:\n%s", file, w, clip(out[file]))
		}
	}
}

// ErrorLine fails the test unless err has a line that is exactly want.
func ErrorLine(t testing.TB, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	for _, l := range strings.Split(err.Error(), "\n") {
		if l == want {
			return
		}
	}
	t.Errorf("errors:\n%v\nwant a line:\n%s", err, want)
}

// clip shortens long outputs in messages.
func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}
