package site_test

import (
	_ "embed"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

// uiSiteArchive is a small guide with every layout and feature of the real
// one (see its comment); tests build it instead of the real pages, which
// the editors change.
//
//go:embed testdata/uisite.txtar
var uiSiteArchive string

// writeFixture writes the fixture guide into a new temporary directory and
// returns it: the repository's templates/, locales/, holiday data and
// site.yaml, the pages of uiSiteArchive, then the files of the extra
// archives, added or replacing.
func writeFixture(t testing.TB, extra ...string) string {
	t.Helper()
	src := t.TempDir()
	for _, dir := range []string{"templates", "locales", "content/holidays"} {
		if err := os.CopyFS(filepath.Join(src, dir), os.DirFS(filepath.Join("../..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"site.yaml": cfg}
	for _, a := range append([]string{uiSiteArchive}, extra...) {
		for _, f := range txtar.Parse([]byte(a)).Files {
			files[f.Name] = f.Data
		}
	}
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}
