package sitetest

import (
	"context"
	"path/filepath"
	"testing"

	"guide/internal/features"
	"guide/internal/output"
	"guide/internal/site"
	"guide/internal/source"
)

// BuildRepo builds the site whose sources are in src (the repository root,
// say "../..") with the guide's features into a temporary directory and
// returns that directory, ready for browsertest.Serve. The base URL is "/",
// so every link stays on the test server.
func BuildRepo(t testing.TB, src string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	dir, err := output.Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := source.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if _, err := site.Build(context.Background(), fsys, site.Options{BaseURL: "/", Features: features.Guide()}, dir); err != nil {
		dir.Abort()
		t.Fatalf("building %s:\n%v", src, err)
	}
	if err := dir.Commit(); err != nil {
		t.Fatal(err)
	}
	return out
}
