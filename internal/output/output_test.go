package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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

// tree is a build: file names and their contents.
type tree map[string]string

// version is a build of n pages, every file saying which version it is.
func version(v string, n int) tree {
	t := tree{"index.html": v + " home", "assets/site.css": v + " css"}
	for i := range n {
		t[fmt.Sprintf("en/s%d/p%d/index.html", i%7, i)] = v + " page " + fmt.Sprint(i)
	}
	return t
}

// build writes t into out and commits it.
func build(t *testing.T, out string, files tree) *Dir {
	t.Helper()
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, files)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

func write(t *testing.T, d *Dir, files tree) {
	t.Helper()
	for name, data := range files {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
}

// contents reads a directory back as a tree (the marker left out).
func contents(t *testing.T, dir string) tree {
	t.Helper()
	got := tree{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel != Marker {
			got[filepath.ToSlash(rel)] = read(t, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func equal(a, b tree) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// beside lists what is beside out, out included.
func beside(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCommitReplacesAndAbortKeeps(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, tree{"index.html": "v1", "en/fees/index.html": "v1 fees", "en/old/index.html": "v1 old"})
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
	write(t, d, tree{"en/fees/index.html": "v2"})
	d.Abort()
	if got := read(t, filepath.Join(out, "en/fees/index.html")); got != "v1 fees" {
		t.Errorf("after Abort: %q", got)
	}
	if err := d.Write("x", nil); err == nil {
		t.Error("Write after Abort succeeded")
	}
	// A successful one replaces everything: old files go.
	v3 := tree{"index.html": "v3", "en/fees/index.html": "v3 fees"}
	build(t, out, v3)
	if got := contents(t, out); !equal(got, v3) {
		t.Errorf("after Commit: %v", got)
	}
	if got := beside(t, out); !slices.Equal(got, []string{"public", "public.spare"}) {
		t.Errorf("beside the output: %v", got)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		t.Error(err)
	}
}

// Builds in a row, each different from the one before in every way a tree
// can change: files and directories added, removed, changed, a file
// becoming a directory and back. Each result is exactly its build.
func TestSuccessiveBuilds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	builds := []tree{
		{"a.html": "1", "d/x.html": "1", "d/e/y.html": "1", "gone/z.html": "1", "f": "file"},
		{"a.html": "2", "d/x.html": "1", "f/inside.html": "now a directory", "new/deep/er/n.html": "2"},
		{"a.html": "2", "d": "now a file", "f": "a file again"},
		{},
		{"a.html": "5", "d/e/y.html": "5"},
		{"a.html": "5", "d/e/y.html": "5"}, // unchanged
	}
	for i, b := range builds {
		build(t, out, b)
		if got := contents(t, out); !equal(got, b) {
			t.Fatalf("build %d: got %v, want %v", i, got, b)
		}
		// No empty directory of an earlier build stays.
		err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
			if err == nil && e.IsDir() && p != out {
				if entries, _ := os.ReadDir(p); len(entries) == 0 {
					t.Errorf("build %d: empty directory %s", i, p)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A file whose content did not change keeps its inode; one that changed
// gets a new one, so a reader with the old one open keeps reading it.
func TestUnchangedKeptChangedNew(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, tree{"same.html": "same", "changed.html": "old content", "resized.html": "old"})
	build(t, out, tree{"same.html": "same", "changed.html": "old content", "resized.html": "old"})
	ino := func(p string) uint64 {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info.Sys().(*syscall.Stat_t).Ino
	}
	before := map[string]uint64{}
	for _, n := range []string{"same.html", "changed.html", "resized.html"} {
		before[n] = ino(filepath.Join(out, n))
	}
	// Held open, so that their inode numbers cannot be reused.
	open, err := os.Open(filepath.Join(out, "changed.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer open.Close()
	open2, err := os.Open(filepath.Join(out, "resized.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer open2.Close()
	// Two builds: the spare holds the tree of the build before last.
	for range 2 {
		build(t, out, tree{"same.html": "same", "changed.html": "new content", "resized.html": "new, longer"})
	}
	if ino(filepath.Join(out, "changed.html")) == before["changed.html"] || ino(filepath.Join(out, "resized.html")) == before["resized.html"] {
		t.Error("a changed file kept its inode")
	}
	if ino(filepath.Join(out, "same.html")) != before["same.html"] {
		t.Error("an unchanged file was rewritten")
	}
	if data, _ := io.ReadAll(open); string(data) != "old content" {
		t.Errorf("a reader of the old file read %q", data)
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
	// A spare that is not ours is not touched either.
	out := filepath.Join(dir, "public")
	if err := os.MkdirAll(out+".spare", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out+".spare", "mine.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(out); err == nil || !strings.Contains(err.Error(), "not written by guide") {
		t.Errorf("foreign spare: %v", err)
	}
	if read(t, filepath.Join(out+".spare", "mine.txt")) != "mine" {
		t.Error("foreign spare changed")
	}
	// Nor is a link to a directory.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(empty, link); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a link as -out: %v", err)
	}
}

func TestWriteStaysInside(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, name := range []string{"../escape.html", "/abs.html", "a/../../b.html", `a\..\..\b.html`, ""} {
		if err := d.Write(name, nil); err == nil {
			t.Errorf("Write(%q) accepted", name)
		}
		if err := d.WriteFrom(name, strings.NewReader("")); err == nil {
			t.Errorf("WriteFrom(%q) accepted", name)
		}
	}
	if err := d.Write("twice.html", nil); err != nil {
		t.Fatal(err)
	}
	if err := d.Write("twice.html", nil); err == nil {
		t.Error("the same file written twice")
	}
}

// The spare is our own tree, but whatever was put in it between builds
// does not reach outside or widen permissions: links and special files are
// removed, not followed; wide modes, set-id bits and extra links replaced.
func TestSpareTampered(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "public")
	files := tree{"a/x.html": "x", "b.html": "b", "c.html": "c", "d.html": "d"}
	build(t, out, files)
	build(t, out, files) // now out.spare holds a full tree
	spare := out + ".spare"
	victim := filepath.Join(base, "victim")
	if err := os.Mkdir(victim, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(spare, "a")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(spare, "a")); err != nil { // a/x.html would land in victim
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(spare, "b.html"), 0o4777); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(spare, "c.html"), filepath.Join(base, "c-link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(spare, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(spare, 0o777); err != nil {
		t.Fatal(err)
	}
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	build(t, out, files)
	if got := contents(t, out); !equal(got, files) {
		t.Errorf("got %v", got)
	}
	if entries, _ := os.ReadDir(victim); len(entries) > 0 {
		t.Errorf("wrote through a link into %s", victim)
	}
	if read(t, filepath.Join(base, "c-link")) != "c" {
		t.Error("a file linked from outside was changed")
	}
	checkModes(t, out)
}

// checkModes: files 0644 and directories 0755 exactly (the umask is 0).
func checkModes(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		want := fs.FileMode(0o644)
		if info.IsDir() {
			want = fs.ModeDir | 0o755
		}
		if info.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode(), want)
		}
		if !info.IsDir() && info.Sys().(*syscall.Stat_t).Nlink != 1 {
			t.Errorf("%s: %d links", p, info.Sys().(*syscall.Stat_t).Nlink)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Output files are 0644 and directories 0755 whatever the umask allows,
// for Write and WriteFrom, new or replacing.
func TestModes(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	out := filepath.Join(t.TempDir(), "public")
	for _, v := range []string{"1", "2", "2", "3"} {
		d, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		write(t, d, tree{"a/b/c.html": v, "d.html": v})
		if err := d.WriteFrom("e/asset.pdf", strings.NewReader(strings.Repeat(v, 100_000))); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		checkModes(t, out)
	}
}

// counting reads n bytes of a pattern, made as they are read: the asset is
// never in memory as a whole.
type counting struct {
	n, off int64
	change int64 // offset of one byte that differs, or -1
}

// alphabet is the pattern counting repeats, long enough for any one Read.
var alphabet = bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz"), (64<<10)/26+2)

func (r *counting) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.off, 64<<10)]
	copy(p, alphabet[r.off%26:])
	if r.change >= r.off && r.change < r.off+int64(len(p)) {
		p[r.change-r.off] = '!'
	}
	r.off += int64(len(p))
	return len(p), nil
}

// WriteFrom streams: a 32 MiB asset allocates a few hundred KiB, when it is
// new, when it is the same as in the spare (kept), and when one byte in the
// middle differs (rewritten, the same part copied from the old file).
func TestWriteFromStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 32 MiB files")
	}
	const size = 32 << 20
	out := filepath.Join(t.TempDir(), "public")
	for i, tt := range []struct {
		change int64
		size   int64
	}{
		{-1, size},
		{-1, size},
		{-1, size}, // the spare now has the same file: compared, kept
		{size / 2, size},
		{size / 2, size},
		{-1, size - 1}, // shorter
		{-1, size - 1},
		{-1, size}, // longer
	} {
		d, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err = d.WriteFrom("big.bin", &counting{n: tt.size, change: tt.change})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("build %d: WriteFrom allocated %d bytes for a %d-byte file", i, alloc, tt.size)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(out, "big.bin"))
		if err != nil {
			t.Fatal(err)
		}
		want := &counting{n: tt.size, change: tt.change}
		if !sameStream(t, f, want) {
			t.Errorf("build %d: big.bin is not what was written", i)
		}
		f.Close()
	}
}

func sameStream(t *testing.T, a, b io.Reader) bool {
	t.Helper()
	ba, bb := make([]byte, 1<<20), make([]byte, 1<<20)
	for {
		n, erra := io.ReadFull(a, ba)
		m, errb := io.ReadFull(b, bb)
		if n != m || !bytes.Equal(ba[:n], bb[:m]) {
			return false
		}
		if erra != nil || errb != nil {
			return (erra == io.EOF || erra == io.ErrUnexpectedEOF) && (errb == io.EOF || errb == io.ErrUnexpectedEOF)
		}
	}
}

// A failing reader fails the write and leaves no file behind it.
func TestWriteFromError(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, tree{"a.bin": "aaaa"})
	build(t, out, tree{"a.bin": "aaaa"})
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	broken := io.MultiReader(strings.NewReader("ab"), iotest{errors.New("disk gone")})
	if err := d.WriteFrom("a.bin", broken); err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("WriteFrom = %v", err)
	}
	d.Abort()
	matches, _ := filepath.Glob(filepath.Join(out+".spare", ".guide-write-*"))
	if len(matches) > 0 {
		t.Errorf("left %v", matches)
	}
	if read(t, filepath.Join(out, "a.bin")) != "aaaa" {
		t.Error("output changed")
	}
}

type iotest struct{ err error }

func (r iotest) Read([]byte) (int, error) { return 0, r.err }

// Begin removes what killed builds of earlier versions left: directories
// named like their temporary trees holding the marker; not others.
func TestLeftoversRemoved(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "public")
	build(t, out, tree{"a": "1"})
	mk := func(name string, marker bool) string {
		p := filepath.Join(base, name)
		if err := os.MkdirAll(filepath.Join(p, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if marker {
			if err := os.WriteFile(filepath.Join(p, Marker), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	mk("public.tmp-123", true)
	mk("public.tmp-456.old", true)
	mk("public.tmp-789", false)    // not ours
	mk("other.tmp-123", true)      // another target's
	mk("public.tmp-nope/x", false) // not ours either
	if err := os.WriteFile(filepath.Join(base, "public.tmp-file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	d := build(t, out, tree{"a": "2"})
	if d.Warning() != nil {
		t.Errorf("warning: %v", d.Warning())
	}
	want := []string{"other.tmp-123", "public", "public.spare", "public.tmp-789", "public.tmp-file", "public.tmp-nope"}
	if got := beside(t, out); !slices.Equal(got, want) {
		t.Errorf("beside the output: %v\nwant %v", got, want)
	}
}

// A leftover that cannot be removed is a warning: the build goes on, and the
// next one tries again.
func TestLeftoverWarning(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "public")
	left := filepath.Join(base, "public.tmp-1")
	if err := os.MkdirAll(left, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left, Marker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Fatal("leftover not removed")
	}
	if err := os.MkdirAll(left, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left, Marker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err = begin(out, func(step string) bool { return step != "remove public.tmp-1" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, tree{"a": "1"})
	if err := d.Commit(); err != nil {
		t.Fatalf("Commit failed for a leftover: %v", err)
	}
	if w := d.Warning(); w == nil || !strings.Contains(w.Error(), "public.tmp-1") {
		t.Errorf("warning = %v", w)
	}
	if got := contents(t, out); !equal(got, tree{"a": "1"}) {
		t.Errorf("output %v", got)
	}
	build(t, out, tree{"a": "2"})
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Error("the next build did not remove the leftover")
	}
}

// begin is Begin with the test hooks set from the start.
func begin(out string, step func(string) bool, exch func(a, b string) error) (*Dir, error) {
	out = filepath.Clean(out)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	lock, err := lockDir(filepath.Dir(out))
	if err != nil {
		return nil, err
	}
	d := &Dir{final: out, spare: out + ".spare", lock: lock, exchange: exchange, step: step}
	if exch != nil {
		d.exchange = exch
	}
	if err := d.begin(); err != nil {
		d.unlock()
		return nil, err
	}
	return d, nil
}

func noExchange(a, b string) error { return errNoExchange }

// A crash at every step of a build, with the exchange and with the
// fallback: the output is always the complete previous build or the
// complete new one (never missing, except between the fallback's first two
// renames), and the next build puts everything right.
func TestCrashAtEveryStep(t *testing.T) {
	steps := []string{"locked", "cleaned", "half written", "cleaned spare", "target aside", "spare in place", ""}
	for _, fallback := range []bool{false, true} {
		for _, step := range steps {
			if !fallback && (step == "target aside" || step == "spare in place") {
				continue
			}
			t.Run(fmt.Sprintf("fallback=%v/%s", fallback, step), func(t *testing.T) {
				var exch func(a, b string) error
				if fallback {
					exch = noExchange
				}
				out := filepath.Join(t.TempDir(), "public")
				v1, v2, v3 := version("v1", 30), version("v2", 25), version("v3", 35)
				for _, v := range []tree{v1, v1} {
					d, err := begin(out, nil, exch)
					if err != nil {
						t.Fatal(err)
					}
					write(t, d, v)
					if err := d.Commit(); err != nil {
						t.Fatal(err)
					}
				}
				// The build that crashes.
				crashed := false
				d, err := begin(out, func(s string) bool {
					if s == step {
						crashed = true
					}
					return s != step
				}, exch)
				if err == nil {
					n := 0
					for name, data := range v2 {
						if step == "half written" && n == len(v2)/2 {
							crashed = true
							break
						}
						if err := d.Write(name, []byte(data)); err != nil {
							t.Fatal(err)
						}
						n++
					}
					if crashed {
						d.unlock() // the process is gone: so is its lock
					} else if err := d.Commit(); err != nil && !errors.Is(err, errCrash) {
						t.Fatal(err)
					}
				}
				if step != "" && !crashed {
					t.Fatalf("step %q never reached", step)
				}
				got, err := os.Stat(out)
				switch {
				case fallback && step == "target aside":
					if err == nil {
						t.Error("the target is there between the fallback's renames")
					}
				case err != nil:
					t.Fatalf("no output after a crash at %q", step)
				default:
					_ = got
					if c := contents(t, out); !equal(c, v1) && !equal(c, v2) {
						t.Errorf("output after a crash at %q is neither build: %d files", step, len(c))
					}
				}
				// The next build.
				d, err = begin(out, nil, exch)
				if err != nil {
					t.Fatal(err)
				}
				if fallback && step == "target aside" {
					if c := contents(t, out); !equal(c, v1) {
						t.Error("Begin did not restore the previous output")
					}
				}
				write(t, d, v3)
				if err := d.Commit(); err != nil {
					t.Fatal(err)
				}
				if c := contents(t, out); !equal(c, v3) {
					t.Errorf("next build: %d files, not v3", len(c))
				}
				if got := beside(t, out); !slices.Equal(got, []string{"public", "public.spare"}) {
					t.Errorf("beside the output: %v", got)
				}
			})
		}
	}
}

// Two builds at once into the same target take turns: the second Begin
// returns after the first Commit, and the output is one complete build.
func TestTwoBuildsAtOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for round := range 5 {
		var wg sync.WaitGroup
		var active atomic.Int32
		errs := make(chan error, 2)
		builds := []tree{version(fmt.Sprint("a", round), 200), version(fmt.Sprint("b", round), 150)}
		for _, v := range builds {
			wg.Go(func() {
				d, err := Begin(out)
				if err != nil {
					errs <- err
					return
				}
				if n := active.Add(1); n != 1 {
					errs <- fmt.Errorf("%d builds hold the output at once", n)
				}
				for name, data := range v {
					if err := d.Write(name, []byte(data)); err != nil {
						errs <- err
					}
				}
				active.Add(-1)
				errs <- d.Commit()
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if c := contents(t, out); !equal(c, builds[0]) && !equal(c, builds[1]) {
			t.Errorf("round %d: the output is neither build", round)
		}
	}
}

// Abort waits for a write under way; writes after it fail.
func TestAbortWaitsForWrites(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan bool), make(chan bool)
	var finished atomic.Bool
	go func() {
		_ = d.WriteFrom("slow.bin", io.MultiReader(readerFunc(func() { started <- true; <-release }), strings.NewReader("x")))
		finished.Store(true)
	}()
	<-started
	aborted := make(chan bool)
	go func() { d.Abort(); aborted <- finished.Load() }()
	close(release)
	if !<-aborted {
		t.Error("Abort returned while a write was under way")
	}
	if err := d.Write("late.html", nil); err == nil {
		t.Error("Write after Abort succeeded")
	}
}

// readerFunc calls f on its first Read and then reads nothing.
type readerFunc func()

func (f readerFunc) Read([]byte) (int, error) {
	if f != nil {
		f()
	}
	return 0, io.EOF
}
