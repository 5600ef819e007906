package output

import (
	"os"
	"path/filepath"
	"testing"
)

func read(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCommitReplacesAndAbortKeeps(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "en/fees/index.html", "en/old/index.html"} {
		if err := d.Write(name, []byte("v1 "+name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("output visible before Commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	// A second build that fails leaves the first.
	d, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("en/fees/index.html", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if got := read(t, filepath.Join(out, "en/fees/index.html")); got != "v1 en/fees/index.html" {
		t.Errorf("after Abort: %q", got)
	}
	// A successful one replaces everything: old files go.
	d, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("en/fees/index.html", []byte("v3")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "en/fees/index.html")); got != "v3" {
		t.Errorf("after Commit: %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "en/old/index.html")); !os.IsNotExist(err) {
		t.Error("file of the previous build survived")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

func TestRefusesForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(dir); err == nil {
		t.Fatal("Begin accepted a directory it did not write")
	}
	if _, err := Begin(filepath.Join(dir, "notes.txt")); err == nil {
		t.Fatal("Begin accepted a file")
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := Begin(empty)
	if err != nil {
		t.Fatalf("empty directory refused: %v", err)
	}
	d.Abort()
}

func TestWriteStaysInside(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, name := range []string{"../escape.html", "/abs.html", "a/../../b.html"} {
		if err := d.Write(name, nil); err == nil {
			t.Errorf("Write(%q) accepted", name)
		}
	}
}
