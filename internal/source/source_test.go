package source

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// tree makes a site directory "site" inside a fresh temporary directory,
// next to a file "outside" that no method may read, and opens it.
func tree(t *testing.T) (dir string, fsys *FS) {
	t.Helper()
	base := t.TempDir()
	dir = filepath.Join(base, "site")
	write(t, filepath.Join(base, "outside"), "secret")
	write(t, filepath.Join(dir, "content", "fees.en.md"), "---\ntitle: Fees\n---\n")
	write(t, filepath.Join(dir, "content", "docs", "spouse.en.md"), "spouse")
	write(t, filepath.Join(dir, "site.yaml"), "languages: []\n")
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsys.Close() })
	return dir, fsys
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Links that stay inside are followed, whatever they point at.
func TestInsideLinksFollowed(t *testing.T) {
	dir, fsys := tree(t)
	symlink(t, "fees.en.md", filepath.Join(dir, "content", "fees.zh.md"))
	symlink(t, "../content/docs", filepath.Join(dir, "content", "docs-link"))
	symlink(t, "../site.yaml", filepath.Join(dir, "content", "up"))
	for name, want := range map[string]string{
		"content/fees.zh.md":             "---\ntitle: Fees\n---\n",
		"content/docs-link/spouse.en.md": "spouse",
		"content/up":                     "languages: []\n",
	} {
		got, err := fsys.ReadFile(name)
		if err != nil || string(got) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	info, err := fsys.Stat("content/docs-link")
	if err != nil || !info.IsDir() {
		t.Errorf("Stat(content/docs-link) = %v, %v; want a directory", info, err)
	}
}

// Everything that would read outside the tree, or hang, or is not a file,
// is a *fs.PathError naming the link or file, returned by every method.
func TestRefused(t *testing.T) {
	dir, fsys := tree(t)
	c := filepath.Join(dir, "content")
	symlink(t, "/etc/passwd", filepath.Join(c, "passwd.en.md"))
	symlink(t, "/dev/zero", filepath.Join(c, "zero.en.md"))
	symlink(t, "../../outside", filepath.Join(c, "outside.en.md"))
	symlink(t, "../../../../../../../../../../../../dev/zero", filepath.Join(c, "zero-rel.en.md"))
	symlink(t, "..", filepath.Join(c, "docs", "up")) // content/docs/up is content: inside
	symlink(t, "../../..", filepath.Join(c, "docs", "top"))
	symlink(t, "loop-b", filepath.Join(c, "loop-a"))
	symlink(t, "loop-a", filepath.Join(c, "loop-b"))
	symlink(t, "fees.en.md/x", filepath.Join(c, "through-file"))
	symlink(t, dir+"/content/fees.en.md", filepath.Join(c, "absolute-inside.en.md"))
	mkfifo(t, filepath.Join(c, "fifo.en.md"))
	symlink(t, "fifo.en.md", filepath.Join(c, "to-fifo.en.md"))
	sock := filepath.Join(c, "s")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatalf("making a socket: %v", err)
	}
	defer ln.Close()
	device := ""
	if err := syscall.Mknod(filepath.Join(c, "zero-dev"), syscall.S_IFCHR|0o644, 1<<8|5); err == nil {
		device = "content/zero-dev"
	} else {
		t.Logf("no device node made (%v): that case is not tested", err)
	}

	tests := []struct {
		name    string // asked for
		path    string // named in the error
		is      error
		message string
	}{
		{"content/passwd.en.md", "content/passwd.en.md", ErrOutside, `symbolic link to the absolute path "/etc/passwd" is not followed`},
		{"content/zero.en.md", "content/zero.en.md", ErrOutside, `absolute path "/dev/zero"`},
		{"content/outside.en.md", "content/outside.en.md", ErrOutside, `symbolic link to "../../outside" leads outside the site directory`},
		{"content/zero-rel.en.md", "content/zero-rel.en.md", ErrOutside, "leads outside the site directory"},
		{"content/docs/top/outside", "content/docs/top", ErrOutside, `symbolic link to "../../.." leads outside`},
		{"content/docs/up/docs/top/x", "content/docs/up/docs/top", // the link, by the way it was reached
			ErrOutside, `symbolic link to "../../.." leads outside`},
		{"content/absolute-inside.en.md", "content/absolute-inside.en.md", ErrOutside, "only relative links"},
		{"content/loop-a", "content/loop-a", syscall.ELOOP, "too many levels of symbolic links"},
		{"content/through-file", "content/through-file", syscall.ENOTDIR, "not a directory"},
		{"content/fifo.en.md", "content/fifo.en.md", ErrNotRegular, "is a named pipe (FIFO), not a regular file"},
		{"content/to-fifo.en.md", "content/to-fifo.en.md", ErrNotRegular, "named pipe"},
		{"content/s", "content/s", ErrNotRegular, "is a socket"},
		{"content/missing.md", "content/missing.md", fs.ErrNotExist, "no such file"},
		{"../outside", "../outside", fs.ErrInvalid, "invalid"},
		{"/etc/passwd", "/etc/passwd", fs.ErrInvalid, "invalid"},
	}
	if device != "" {
		tests = append(tests, struct {
			name, path string
			is         error
			message    string
		}{device, device, ErrNotRegular, "is a character device"})
	}
	methods := map[string]func(string) error{
		"Open": func(n string) error {
			f, err := fsys.Open(n)
			if err == nil {
				f.Close()
			}
			return err
		},
		"ReadFile":    func(n string) error { _, err := fsys.ReadFile(n); return err },
		"fs.ReadFile": func(n string) error { _, err := fs.ReadFile(fsys, n); return err },
		"Stat":        func(n string) error { _, err := fsys.Stat(n); return err },
	}
	for _, tt := range tests {
		for m, call := range methods {
			t.Run(m+"/"+tt.name, func(t *testing.T) {
				if m == "Stat" && errors.Is(tt.is, ErrNotRegular) {
					info, err := fsys.Stat(tt.name)
					if err != nil || info.Mode().IsRegular() {
						t.Errorf("Stat = %v, %v; want the special file described", info, err)
					}
					return
				}
				err := call(tt.name)
				var pe *fs.PathError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T), want an *fs.PathError", err, err)
				}
				if pe.Path != tt.path {
					t.Errorf("error names %q, want %q (%v)", pe.Path, tt.path, err)
				}
				if !errors.Is(err, tt.is) {
					t.Errorf("error %v is not %v", err, tt.is)
				}
				if !strings.Contains(err.Error(), tt.message) {
					t.Errorf("error %q does not say %q", err, tt.message)
				}
				if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "root:") {
					t.Errorf("error shows what is outside: %v", err)
				}
			})
		}
	}
}

// A directory listing shows what is there, refused entries included, so that
// a walk can name them; walking does not follow links.
func TestWalkNamesEverything(t *testing.T) {
	dir, fsys := tree(t)
	c := filepath.Join(dir, "content")
	symlink(t, "/etc", filepath.Join(c, "etc"))
	mkfifo(t, filepath.Join(c, "fifo.md"))
	var walked []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		walked = append(walked, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".", "content", "content/docs", "content/docs/spouse.en.md", "content/etc", "content/fees.en.md", "content/fifo.md", "site.yaml"}
	if !slices.Equal(walked, want) {
		t.Errorf("walked %q\nwant %q", walked, want)
	}
	matches, err := fs.Glob(fsys, "content/*.md")
	if err != nil || !slices.Equal(matches, []string{"content/fees.en.md", "content/fifo.md"}) {
		t.Errorf("Glob = %q, %v", matches, err)
	}
	if _, err := fsys.ReadDir("content/etc"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadDir through a link to /etc: %v", err)
	}
	if _, err := fsys.ReadDir("content/fifo.md"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadDir of a FIFO: %v", err)
	}
	if _, err := fsys.ReadDir("content/fees.en.md"); err == nil {
		t.Error("ReadDir of a file succeeded")
	}
}

// A file over MaxFileSize is refused by ReadFile before it is read; Open
// streams it.
func TestLargeFile(t *testing.T) {
	dir, fsys := tree(t)
	p := filepath.Join(dir, "content", "video.md")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: no disk used.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = fsys.ReadFile("content/video.md")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "content/video.md: file is larger than the 64 MiB limit") {
		t.Errorf("ReadFile: %v", err)
	}
	if err := os.Truncate(p, 3*MaxFileSize/2); err != nil {
		t.Fatal(err)
	}
	if _, err := fsys.ReadFile("content/video.md"); err == nil || !strings.Contains(err.Error(), "file is 96 MiB, larger than the 64 MiB limit") {
		t.Errorf("ReadFile: %v", err)
	}
	r, err := fsys.Open("content/video.md")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, err := io.Copy(io.Discard, r)
	if err != nil || n != 3*MaxFileSize/2 {
		t.Errorf("streaming: %d bytes, %v", n, err)
	}
}

// A file that grows past the limit while it is read is refused too: the
// limit holds on what is read, not only on the size first seen.
func TestReadAllLimit(t *testing.T) {
	for _, tt := range []struct {
		data  string
		size  int64
		limit int64
		ok    bool
	}{
		{"abc", 3, 3, true},
		{"abc", 0, 3, true},   // a size of 0 (a file in /proc) reads what is there
		{"abcd", 3, 3, false}, // grew
		{"abcd", 0, 3, false},
		{"abc", 4, 3, false}, // said too large
		{"", 0, 3, true},
	} {
		got, err := readAll(strings.NewReader(tt.data), tt.size, tt.limit)
		if tt.ok && (err != nil || string(got) != tt.data) {
			t.Errorf("readAll(%q, %d, %d) = %q, %v", tt.data, tt.size, tt.limit, got, err)
		}
		if !tt.ok && !errors.Is(err, ErrTooLarge) {
			t.Errorf("readAll(%q, %d, %d) = %q, %v; want ErrTooLarge", tt.data, tt.size, tt.limit, got, err)
		}
	}
}

func TestFS(t *testing.T) {
	dir, fsys := tree(t)
	symlink(t, "fees.en.md", filepath.Join(dir, "content", "fees.zh.md"))
	if err := fstest.TestFS(fsys, "content/fees.en.md", "content/fees.zh.md", "content/docs/spouse.en.md", "site.yaml"); err != nil {
		t.Fatal(err)
	}
}

// Open refuses what is not a directory.
func TestOpenErrors(t *testing.T) {
	base := t.TempDir()
	if _, err := Open(filepath.Join(base, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v", err)
	}
	write(t, filepath.Join(base, "file"), "x")
	if _, err := Open(filepath.Join(base, "file")); err == nil {
		t.Error("Open(a file) succeeded")
	}
}
