// Package source opens a site's directory as an fs.FS that reads nothing
// outside it, for building a tree that nobody has checked: a contribution, a
// pull request, a translator's zip.
//
// The guarantees, for every method of FS:
//
//   - Nothing outside the directory is read or even opened. Paths are
//     resolved by os.Root, one component at a time with no symbolic link
//     followed by the kernel, so the check cannot be raced. A symbolic link
//     that stays inside the directory is followed; one whose target leaves it
//     (an absolute target such as /etc/passwd or /dev/zero, or one with
//     enough "..") is an error that names the link, as a path from the site
//     root, and wraps ErrOutside. A chain of links that loops is an error
//     (syscall.ELOOP).
//   - Only regular files and directories are read. Files are opened with
//     O_NONBLOCK (and O_NOCTTY), so opening a named pipe returns at once
//     instead of waiting for a writer, and the type is then checked with
//     fstat on the opened descriptor, so what is checked is what would be
//     read: a named pipe, a socket or a device is an error naming it and
//     wrapping ErrNotRegular, and is closed unread. (Stat and ReadDir describe
//     such files without opening them, so a walk can refuse them unopened.)
//   - ReadFile refuses a file larger than MaxFileSize (ErrTooLarge), by its
//     size before reading and by what it reads if the file grows meanwhile,
//     so a huge file is an error, not an exhausted memory. A file opened with
//     Open can be read to its end in pieces of any size (for streaming a
//     large asset).
//   - Every error is an *fs.PathError whose Path is relative to the site
//     root and whose Err says what is wrong in words an author can act on.
//
// What it does not guard against: os.Root does not stop at mount points or
// bind mounts inside the directory, and a hard link is a file of the tree
// like any other.
package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// MaxFileSize is the largest file ReadFile reads (64 MiB): far above any
// page, template or data file of a site; a larger file is almost certainly
// a mistake. Open reads files of any size.
const MaxFileSize = 64 << 20

// The errors an *fs.PathError from FS can wrap, for errors.Is.
var (
	ErrOutside    = errors.New("symbolic link leads outside the site directory")
	ErrNotRegular = errors.New("not a regular file or directory")
	ErrTooLarge   = errors.New("file too large")
)

// FS is a site directory opened for reading. It implements fs.FS,
// fs.StatFS, fs.ReadDirFS, fs.ReadFileFS and fs.ReadLinkFS, and is safe for
// concurrent use.
type FS struct {
	root    *os.Root
	escapes error // what os.Root says of a path that leaves it
}

// Open opens the directory dir. The caller closes the FS when done.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	// os.Root does not export the error it gives for a path that leaves the
	// root; a path that certainly does tells which it is.
	_, err = root.Lstat("..")
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		root.Close()
		return nil, fmt.Errorf("%s: os.Root accepted \"..\" (%v)", dir, err)
	}
	return &FS{root: root, escapes: pe.Err}, nil
}

// Close releases the directory.
func (f *FS) Close() error { return f.root.Close() }

// Open opens a regular file or a directory (name is slash-separated and
// relative to the site directory). A directory it returns implements
// fs.ReadDirFile.
func (f *FS) Open(name string) (fs.File, error) {
	file, _, err := f.open("open", name)
	if err != nil {
		return nil, err
	}
	return file, nil
}

func (f *FS) open(op, name string) (*os.File, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	file, err := f.root.OpenFile(name, openFlags, 0)
	if err != nil {
		// Opening a socket fails (ENXIO); say what it is.
		if info, serr := f.root.Stat(name); serr == nil && !info.Mode().IsRegular() && !info.IsDir() {
			return nil, nil, &fs.PathError{Op: op, Path: name, Err: notRegular(info.Mode())}
		}
		return nil, nil, f.pathError(op, name, err)
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, nil, f.pathError(op, name, err)
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		file.Close()
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: notRegular(info.Mode())}
	}
	return file, info, nil
}

// Stat describes the named file, following symbolic links inside the
// directory. It describes a named pipe, socket or device too, without
// opening it (Open and ReadFile refuse them).
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	info, err := f.root.Stat(name)
	if err != nil {
		return nil, f.pathError("stat", name, err)
	}
	return info, nil
}

// Lstat describes the named file without following it if it is a symbolic
// link (the parent directories are followed, inside the directory only).
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrInvalid}
	}
	info, err := f.root.Lstat(name)
	if err != nil {
		return nil, f.pathError("lstat", name, err)
	}
	return info, nil
}

// ReadLink returns the target of the named symbolic link as written, which
// may be outside the directory: it is a string, nothing is read there.
func (f *FS) ReadLink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	target, err := f.root.Readlink(name)
	if err != nil {
		return "", f.pathError("readlink", name, err)
	}
	return target, nil
}

// ReadDir lists the named directory, sorted by name. Entries are not
// followed: a symbolic link is listed as one.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, info, err := f.open("readdir", name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	entries, err := file.ReadDir(-1)
	if err != nil {
		return nil, f.pathError("readdir", name, err)
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// ReadFile reads the named regular file, at most MaxFileSize bytes.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, info, err := f.open("read", name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	data, err := readAll(file, info.Size(), MaxFileSize)
	if err != nil {
		return nil, f.pathError("read", name, err)
	}
	return data, nil
}

// readAll reads r to its end, refusing to read more than limit bytes.
// size, the size the file said it had, sizes the buffer; a size above limit
// fails before reading anything.
func readAll(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, &tooLarge{size: size, max: limit}
	}
	buf := make([]byte, 0, max(size, 0)+1) // one more, to see the end without growing
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &tooLarge{size: -1, max: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// pathError turns what os.Root returned for name into an *fs.PathError
// with the path from the site root and an error an author understands.
func (f *FS) pathError(op, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, f.escapes) {
		link, target := f.escapingLink(name)
		return &fs.PathError{Op: op, Path: link, Err: &outside{target: target}}
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// escapingLink finds the symbolic link on the way to name whose target
// leaves the root: name itself or one of its parents. It only chooses what
// the error names; os.Root has already refused the path.
func (f *FS) escapingLink(name string) (link, target string) {
	parts := strings.Split(name, "/")
	for i := range parts {
		p := path.Join(parts[:i+1]...)
		info, err := f.root.Lstat(p)
		if err != nil {
			break
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if _, err := f.root.Stat(p); err != nil && errors.Is(err, f.escapes) {
			target, _ = f.root.Readlink(p)
			return p, target
		}
	}
	return name, ""
}

type outside struct{ target string }

func (e *outside) Error() string {
	switch {
	case e.target == "":
		return "path leads outside the site directory through a symbolic link; only links that stay inside it are followed"
	case path.IsAbs(e.target) || strings.HasPrefix(e.target, `\`):
		return fmt.Sprintf("symbolic link to the absolute path %q is not followed: only relative links that stay inside the site directory are; copy the file into the site instead", e.target)
	}
	return fmt.Sprintf("symbolic link to %q leads outside the site directory: only links that stay inside it are followed; copy the file into the site instead", e.target)
}

func (e *outside) Is(target error) bool { return target == ErrOutside }

type notRegularError struct{ kind string }

func notRegular(m fs.FileMode) error {
	kind := "special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeCharDevice != 0:
		kind = "character device"
	case m&fs.ModeDevice != 0:
		kind = "device"
	}
	return &notRegularError{kind: kind}
}

func (e *notRegularError) Error() string {
	return fmt.Sprintf("is a %s, not a regular file: only regular files and directories are read; remove it from the site", e.kind)
}

func (e *notRegularError) Is(target error) bool { return target == ErrNotRegular }

type tooLarge struct{ size, max int64 }

func (e *tooLarge) Error() string {
	if e.size < 0 || e.size>>20 <= e.max>>20 {
		return fmt.Sprintf("file is larger than the %d MiB limit", e.max>>20)
	}
	return fmt.Sprintf("file is %d MiB, larger than the %d MiB limit", e.size>>20, e.max>>20)
}

func (e *tooLarge) Is(target error) bool { return target == ErrTooLarge }
