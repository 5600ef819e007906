// Package output writes a built site into a directory all at once, so that
// the directory is never missing, never half written and never a mix of two
// builds, whatever happens to the build.
//
// # How
//
// A build writes into a second directory beside the target, SPARE
// ("public.spare" for "public"), and Commit swaps the two. SPARE is kept
// between builds, holding an earlier build: Write compares each file with
// the one already there and writes only those whose content differs, and
// Commit first removes what the new build did not write. On a site where
// little changed, a build thus writes little and deletes little (on the
// machine the project measures on, creating and deleting inodes is most of a
// build's time: see BENCHMARKS.md). SPARE costs the disk space of a second
// copy of the site; it can be deleted at any time, the next build is then
// slower.
//
// # Guarantees
//
//   - The target is complete, old or new, at every instant. On Linux, Commit
//     swaps SPARE and the target in one renameat2(RENAME_EXCHANGE) call: a
//     web server serving the target, or a process killed at any point, sees
//     the complete previous tree or the complete new one. The first build,
//     with no previous target, renames SPARE into place.
//   - Without that call (other systems; a Linux file system that answers
//     EINVAL or ENOSYS), Commit renames the target aside
//     ("public.guide-swap"), SPARE into place, and the old tree to SPARE.
//     Between the first two renames there is no target: a web server can
//     find it missing for that instant, and a process killed there leaves it
//     missing until the next Begin, which renames the previous tree back.
//   - A build that fails, is aborted or is killed leaves the target as it
//     was. What it wrote stays in SPARE, to be compared against next time.
//   - Commit returns an error only when the new tree is not in place.
//     Problems that did not stop the build (a leftover of an earlier version
//     that could not be removed) are returned by Warning.
//   - Begin refuses a target that is not empty and has no Marker file, and a
//     SPARE without one: it never replaces or deletes a directory it did not
//     write. It removes what earlier runs of older versions left beside the
//     target ("public.tmp-*", holding the marker).
//   - Builds into the same target take turns: Begin waits for an exclusive
//     lock (flock) on the target's parent directory, held until Commit or
//     Abort returns, or the process ends.
//   - Files are 0644 and directories 0755 (less the umask), whatever the
//     sources or an earlier tree had: a kept file or directory with wider
//     permissions, or with another link to it, is replaced or narrowed.
//     Nothing outside SPARE is written: its entries are not followed, and
//     anything in it but regular files and directories is removed.
//   - A file that changed gets a new inode, so a reader that has the old one
//     open (a web server sending it) keeps reading the old content; a file
//     that did not change keeps its inode and modification time.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// Marker is the file every output directory carries.
const Marker = ".guide-output"

const markerText = "Written by guide build. This directory is replaced on every build: do not edit files here.\n"

// Dir is an output directory being written.
type Dir struct {
	final string
	spare string
	lock  *os.File // the target's parent directory, locked

	files map[string]bool // regular files found in the spare (slash-separated)
	dirs  map[string]bool // directories found in the spare

	// mu is held for reading by each Write and for writing by Abort and
	// Commit, so that they wait for writes under way.
	mu      sync.RWMutex
	done    bool     // committed or aborted
	written sync.Map // name → true, for every file of the new build
	used    sync.Map // name → true, for every directory holding one
	made    sync.Map // directories known to exist (paths)
	warns   []error  // see Warning

	// For tests: step returning false stops at the named step, as a crash
	// would; exchange is the swap in one call (exchange below).
	step     func(string) bool
	exchange func(a, b string) error
}

// Begin starts writing the output directory out.
func Begin(out string) (*Dir, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	lock, err := lockDir(parent)
	if err != nil {
		return nil, err
	}
	d := &Dir{final: out, spare: out + ".spare", lock: lock, exchange: exchange}
	if err := d.begin(); err != nil {
		d.unlock()
		return nil, err
	}
	return d, nil
}

func (d *Dir) begin() error {
	if err := checkOurs(d.final, "-out"); err != nil {
		return err
	}
	if !d.at("locked") {
		return errCrash
	}
	d.recover()
	d.removeLeftovers()
	if !d.at("cleaned") {
		return errCrash
	}
	if err := checkOurs(d.spare, "the spare tree beside -out"); err != nil {
		return err
	}
	if err := os.Mkdir(d.spare, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if err := d.scan(); err != nil {
		return err
	}
	return d.Write(Marker, []byte(markerText))
}

var errCrash = errors.New("stopped by a test, as if killed")

// at tells a test which step was reached; false means stop there.
func (d *Dir) at(step string) bool { return d.step == nil || d.step(step) }

// checkOurs refuses a directory that exists, is not empty and has no marker,
// and anything else that is not a plain directory.
func checkOurs(dir, what string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s %s is a symbolic link: give the directory itself", what, dir)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a directory", dir)
	}
	if m, err := os.Lstat(filepath.Join(dir, Marker)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if names, _ := f.Readdirnames(1); len(names) > 0 {
		return fmt.Errorf("%s is not empty and was not written by guide (no %s file): refusing to replace it; choose another -out or empty it", dir, Marker)
	}
	return nil
}

// recover finishes or undoes a Commit that was interrupted between the
// renames of the fallback (see the package documentation).
func (d *Dir) recover() {
	aside := d.final + ".guide-swap"
	if !ours(aside) {
		return
	}
	if _, err := os.Lstat(d.final); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(aside, d.final); err != nil {
			d.warn(fmt.Errorf("restoring the previous %s from %s: %v", d.final, aside, err))
		}
		return
	}
	if _, err := os.Lstat(d.spare); errors.Is(err, fs.ErrNotExist) && os.Rename(aside, d.spare) == nil {
		return
	}
	if err := os.RemoveAll(aside); err != nil {
		d.warn(fmt.Errorf("removing %s, left by an interrupted build: %v", aside, err))
	}
}

// removeLeftovers removes the "public.tmp-*" directories that earlier
// versions of this package wrote and did not remove when killed. Only
// directories with the marker go: no other program makes them, and the lock
// says no build of this target is running.
func (d *Dir) removeLeftovers() {
	parent, base := filepath.Split(d.final)
	entries, err := os.ReadDir(parent)
	if err != nil {
		d.warn(err)
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), base+".tmp-") {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if !ours(p) {
			continue
		}
		if err := d.removeAll(p); err != nil {
			d.warn(fmt.Errorf("removing %s, left by an earlier build: %v (remove it by hand)", p, err))
		}
	}
}

// ours reports whether p is a directory (not a link to one) with the marker.
func ours(p string) bool {
	info, err := os.Lstat(p)
	if err != nil || !info.IsDir() {
		return false
	}
	m, err := os.Lstat(filepath.Join(p, Marker))
	return err == nil && m.Mode().IsRegular()
}

// removeAll is os.RemoveAll, with a step for tests to make it fail.
func (d *Dir) removeAll(p string) error {
	if !d.at("remove " + filepath.Base(p)) {
		return fmt.Errorf("unlinkat %s: operation not permitted", p)
	}
	return os.RemoveAll(p)
}

// scan lists the spare: what Write compares against and Commit removes if
// the build does not write it. Anything but regular files and directories
// is removed now, and directories are narrowed to 0755.
func (d *Dir) scan() error {
	d.files, d.dirs = map[string]bool{}, map[string]bool{}
	return filepath.WalkDir(d.spare, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.spare, p)
		name := filepath.ToSlash(rel)
		switch {
		case e.Type().IsRegular():
			d.files[name] = true
		case e.IsDir():
			info, err := e.Info()
			if err != nil {
				return err
			}
			if info.Mode().Perm()&^0o755 != 0 || info.Mode()&(fs.ModeSetgid|fs.ModeSticky) != 0 {
				if err := os.Chmod(p, 0o755); err != nil {
					return err
				}
			}
			if name != "." {
				d.dirs[name] = true
			}
			d.made.Store(p, true)
		default:
			return os.Remove(p) // a link, a pipe: not written by a build
		}
		return nil
	})
}

// path checks an output name and returns its path in the spare.
func (d *Dir) path(name string) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, `\`) {
		return "", fmt.Errorf("output path %q leaves the output directory", name)
	}
	return filepath.Join(d.spare, filepath.FromSlash(name)), nil
}

// Write writes one file, name being slash-separated and relative to the
// output root. It is safe for concurrent use.
func (d *Dir) Write(name string, data []byte) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	p, err := d.start(name)
	if err != nil {
		return err
	}
	if d.files[path.Clean(name)] {
		if same, err := sameFile(p, data); err != nil || same {
			return err
		}
	}
	f, err := d.create(p)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return closeFile(f, err)
}

// WriteFrom writes one file from r, read to its end, without holding it in
// memory (an asset of any size). Otherwise it is Write.
func (d *Dir) WriteFrom(name string, r io.Reader) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	p, err := d.start(name)
	if err != nil {
		return err
	}
	if d.files[path.Clean(name)] {
		return d.replaceFrom(p, r)
	}
	f, err := d.create(p)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return closeFile(f, err)
}

// start checks that the build goes on and name is new in it, and makes the
// file's directory.
func (d *Dir) start(name string) (string, error) {
	if d.done {
		return "", errors.New("output: write after Commit or Abort")
	}
	p, err := d.path(name)
	if err != nil {
		return "", err
	}
	name = path.Clean(name)
	if _, dup := d.written.LoadOrStore(name, true); dup {
		return "", fmt.Errorf("output file %s written twice", name)
	}
	if d.dirs[name] { // a directory where the file goes now
		if err := os.RemoveAll(p); err != nil {
			return "", err
		}
		d.made.Delete(p)
	}
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if _, seen := d.used.LoadOrStore(dir, true); seen {
			break
		}
	}
	return p, d.mkdirAll(filepath.Dir(p))
}

// mkdirAll makes directory p and its parents in the spare, replacing a file
// of an earlier build that is in the way.
func (d *Dir) mkdirAll(p string) error {
	if _, ok := d.made.Load(p); ok {
		return nil
	}
	if err := d.mkdirAll(filepath.Dir(p)); err != nil {
		return err
	}
	err := os.Mkdir(p, 0o755)
	if errors.Is(err, fs.ErrExist) {
		var info fs.FileInfo
		if info, err = os.Lstat(p); err == nil && !info.IsDir() {
			// A file of an earlier build; this build writes no file there,
			// since it writes a directory.
			if err = os.Remove(p); err == nil || errors.Is(err, fs.ErrNotExist) {
				err = os.Mkdir(p, 0o755)
			}
		}
		if errors.Is(err, fs.ErrExist) { // made by another Write meanwhile
			err = nil
		}
	}
	if err != nil {
		return err
	}
	d.made.Store(p, true)
	return nil
}

// create makes a new file at p, a new inode even where a file was.
func (d *Dir) create(p string) (*os.File, error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL | noFollow
	f, err := os.OpenFile(p, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		f, err = os.OpenFile(p, flags, 0o644)
	}
	return f, err
}

// createTemp makes a new file in dir with a name no build writes (a file
// left by a killed build is removed by the next Commit, as a file the build
// did not write).
func createTemp(dir string) (*os.File, error) {
	for {
		p := filepath.Join(dir, fmt.Sprintf(".guide-write-%d", rand.Uint64()))
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

func closeFile(f *os.File, err error) error {
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// keepable reports whether an earlier build's file can stay as it is: a
// regular file with no other link to it and no permission beyond 0644.
func keepable(info fs.FileInfo) bool {
	return info.Mode().IsRegular() && info.Mode().Perm()&^0o644 == 0 && info.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) == 0 && links(info) == 1
}

// sameFile reports whether the file at p can be kept because it holds data.
func sameFile(p string, data []byte) (bool, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return false, nil // gone or not a file: write it
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !keepable(info) || info.Size() != int64(len(data)) {
		return false, nil
	}
	buf := make([]byte, min(len(data), 64<<10))
	for off := 0; off < len(data); {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data)-off)])
		if err != nil || !bytes.Equal(buf[:n], data[off:off+n]) {
			return false, nil
		}
		off += n
	}
	return true, nil
}

// replaceFrom writes r to the file at p unless the file already holds what
// r has, comparing as it reads. At the first difference it writes a new file
// beside it (the equal part copied from the old one, then the rest of r)
// and renames it over the old one.
func (d *Dir) replaceFrom(p string, r io.Reader) error {
	old, err := os.OpenFile(p, os.O_RDONLY|noFollow, 0)
	if err != nil {
		f, err := d.create(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, r)
		return closeFile(f, err)
	}
	defer old.Close()
	if info, err := old.Stat(); err != nil || !keepable(info) {
		f, err := d.create(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, r)
		return closeFile(f, err)
	}
	const chunk = 64 << 10
	bufR, bufOld := make([]byte, chunk), make([]byte, chunk)
	var equal int64 // bytes of r already compared equal to old
	for {
		n, rerr := io.ReadFull(r, bufR)
		if rerr != nil && rerr != io.EOF && rerr != io.ErrUnexpectedEOF {
			return rerr
		}
		m, _ := io.ReadFull(old, bufOld[:n])
		if m != n || !bytes.Equal(bufR[:n], bufOld[:n]) {
			return d.rewrite(p, old, equal, bufR[:n], r)
		}
		equal += int64(n)
		if rerr != nil { // r ended: the same if old ends here too
			if k, _ := old.Read(bufOld[:1]); k == 0 {
				return nil
			}
			return d.rewrite(p, old, equal, nil, r)
		}
	}
}

// rewrite writes, in a new file renamed over p, the first n bytes of old,
// then pending, then the rest of r.
func (d *Dir) rewrite(p string, old *os.File, n int64, pending []byte, r io.Reader) error {
	f, err := createTemp(filepath.Dir(p))
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = io.Copy(f, io.NewSectionReader(old, 0, n))
	if err == nil {
		_, err = f.Write(pending)
	}
	if err == nil {
		_, err = io.Copy(f, r)
	}
	if err = closeFile(f, err); err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Commit replaces the target directory with the new one. After it, and
// whatever it returns, the Dir can no longer be written.
func (d *Dir) Commit() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return errors.New("output: Commit after Commit or Abort")
	}
	d.done = true
	defer d.unlock()
	if err := d.removeStale(); err != nil {
		return fmt.Errorf("removing files of an earlier build from %s: %v", d.spare, err)
	}
	if !d.at("cleaned spare") {
		return errCrash
	}
	return d.swap()
}

// removeStale removes from the spare every file and directory that the
// build did not write.
func (d *Dir) removeStale() error {
	for name := range d.files {
		if _, ok := d.written.Load(name); ok {
			continue
		}
		if _, ok := d.used.Load(name); ok {
			continue // a directory now, made by a Write
		}
		if err := os.Remove(filepath.Join(d.spare, filepath.FromSlash(name))); err != nil && !gone(err) {
			return err
		}
	}
	var stale []string
	for name := range d.dirs {
		_, used := d.used.Load(name)
		_, file := d.written.Load(name) // a file now, written in its place
		if !used && !file {
			stale = append(stale, name)
		}
	}
	// Deepest first, so that each is empty when its turn comes.
	slices.SortFunc(stale, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, name := range stale {
		if err := os.Remove(filepath.Join(d.spare, filepath.FromSlash(name))); err != nil && !gone(err) {
			return err
		}
	}
	return nil
}

// gone reports whether removing a file failed because it is not there: a
// directory on its way was replaced by a file of the new build.
func gone(err error) bool { return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) }

// swap puts the spare in place of the target and keeps the old tree as
// the spare.
func (d *Dir) swap() error {
	if _, err := os.Lstat(d.final); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(d.spare, d.final) // the first build
	}
	err := d.exchange(d.spare, d.final)
	if err == nil || !errors.Is(err, errNoExchange) {
		return err
	}
	// Three renames: see the package documentation for what this does not
	// guarantee.
	aside := d.final + ".guide-swap"
	if err := os.Rename(d.final, aside); err != nil {
		return err
	}
	if !d.at("target aside") {
		return errCrash
	}
	if err := os.Rename(d.spare, d.final); err != nil {
		if rerr := os.Rename(aside, d.final); rerr != nil {
			return fmt.Errorf("%v; and putting the previous tree back: %v (it is in %s)", err, rerr, aside)
		}
		return err
	}
	if !d.at("spare in place") {
		return errCrash
	}
	if err := os.Rename(aside, d.spare); err != nil {
		d.warn(fmt.Errorf("keeping the previous tree as %s: %v (the next build removes %s)", d.spare, err, aside))
	}
	return nil
}

// Abort discards the build: the target stays as it was. What was written
// stays in the spare for the next build to compare against. Abort waits for
// writes under way, and later ones fail.
func (d *Dir) Abort() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.done {
		d.done = true
		d.unlock()
	}
}

// Warning returns the problems that did not stop the build, joined, or nil.
func (d *Dir) Warning() error { return errors.Join(d.warns...) }

func (d *Dir) warn(err error) { d.warns = append(d.warns, err) }

func (d *Dir) unlock() {
	if d.lock != nil {
		d.lock.Close() // releases the flock
		d.lock = nil
	}
}

// Inside reports whether path p is dir or inside it (both cleaned, absolute).
func Inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel) && !strings.HasPrefix(rel, ".."))
}
