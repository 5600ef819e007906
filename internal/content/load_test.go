package content

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"guide/internal/source"
)

// Load names every file it refuses, reads nothing outside the site through
// package source, and never opens a pipe or a device (a pipe would block
// this test for good, a device would never end).
func TestLoadRefusesSpecialFiles(t *testing.T) {
	base := t.TempDir()
	site := filepath.Join(base, "site")
	c := filepath.Join(site, "content")
	for name, data := range map[string]string{
		"fees.en.md":       "---\ntitle: Fees\n---\n",
		"docs/guide.en.md": "---\ntitle: Guide\n---\n",
	} {
		p := filepath.Join(c, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(base, "outside.en.md"), []byte("---\ntitle: Secret\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range [][2]string{
		{"/etc/passwd", "passwd.en.md"},
		{"/dev/zero", "zero.en.md"},
		{"../../outside.en.md", "outside.en.md"},
		{"pipe.en.md", "to-pipe.en.md"},
		{"../fees.en.md", "docs/fees.zh.md"}, // inside: followed
	} {
		if err := os.Symlink(l[0], filepath.Join(c, filepath.FromSlash(l[1]))); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(c, "pipe.en.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(c, "asset.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(c, "s.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()

	refused := map[string]string{
		"content/pipe.en.md":    "content/pipe.en.md: is a named pipe (FIFO), not a regular file",
		"content/to-pipe.en.md": "content/to-pipe.en.md: is a named pipe (FIFO), not a regular file",
		"content/asset.pdf":     "content/asset.pdf: is a named pipe (FIFO)",
		"content/s.md":          "content/s.md: is a socket, not a regular file",
	}
	confined, err := source.Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer confined.Close()
	for _, tt := range []struct {
		name string
		fsys fs.FS
		want map[string]string
	}{
		{"os.DirFS", os.DirFS(site), refused},
		{"source", confined, union(refused, map[string]string{
			"content/passwd.en.md":  `content/passwd.en.md: symbolic link to the absolute path "/etc/passwd" is not followed`,
			"content/zero.en.md":    `content/zero.en.md: symbolic link to the absolute path "/dev/zero" is not followed`,
			"content/outside.en.md": `content/outside.en.md: symbolic link to "../../outside.en.md" leads outside the site directory`,
		})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.fsys, Config{Dir: "content", Langs: []string{"zh", "en"}})
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("errors:\n%v\nwant %q", err, want)
				}
			}
			for _, f := range s.Files {
				if tt.want[f.Path] != "" || tt.name == "source" && f.Meta.Title == "Secret" {
					t.Errorf("%s was loaded", f.Path)
				}
			}
			for _, a := range s.Assets {
				if tt.want[a] != "" {
					t.Errorf("%s listed as an asset", a)
				}
			}
			if tt.name == "source" {
				var got []string
				for _, f := range s.Files {
					got = append(got, f.Path)
				}
				if strings.Join(got, " ") != "content/docs/fees.zh.md content/docs/guide.en.md content/fees.en.md" {
					t.Errorf("loaded %v", got)
				}
			}
		})
	}
}

func union(a, b map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

// A Markdown file is read no further than MaxFileSize, even when it says
// it is smaller (a file that grows, or a device).
func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.md")
	if err := os.WriteFile(p, []byte(strings.Repeat("x", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		limit int64
		want  string
	}{
		{100, ""},
		{99, "big.md: file is larger than the"},
	} {
		data, err := readFile(os.DirFS(dir), "big.md", tt.limit)
		switch {
		case tt.want == "" && (err != nil || len(data) != 100):
			t.Errorf("limit %d: %d bytes, %v", tt.limit, len(data), err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("limit %d: %v, want %q", tt.limit, err, tt.want)
		}
	}
	if err := os.Truncate(p, 9<<20+5); err != nil {
		t.Fatal(err)
	}
	if _, err := readFile(os.DirFS(dir), "big.md", MaxFileSize); err == nil || err.Error() != "big.md: file is 9 MiB, larger than the 8 MiB limit" {
		t.Errorf("9 MiB: %v", err)
	}
	if err := os.Truncate(p, 8<<20+5); err != nil {
		t.Fatal(err)
	}
	if _, err := readFile(os.DirFS(dir), "big.md", MaxFileSize); err == nil || err.Error() != "big.md: file is larger than the 8 MiB limit" {
		t.Errorf("8 MiB and 5 bytes: %v", err)
	}
}
