package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"syscall"

	"guide/internal/diag"
)

// Sum is the hash of a file's bytes, as File.Sum.
func Sum(b []byte) [32]byte { return sha256.Sum256(b) }

// brokenLink reports whether err, from following a symbolic link, says the
// link points nowhere or round in a circle.
func brokenLink(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ELOOP)
}

// fileError is err as a diag error about file p; the path the fs error
// names is dropped when it is p, and kept when it is another (a link on
// the way to p).
func fileError(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path != p {
		return diag.Errorf(p, 0, "%s: %v", pe.Path, pe.Err)
	}
	return diag.Errorf(p, 0, "%v", unwrapPathError(err))
}

// notRegular says why a special file is refused.
func notRegular(m fs.FileMode) string {
	kind := "special file"
	switch {
	case m.IsDir():
		return "is a directory, not a file: it changed while the site was read; build again"
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeCharDevice != 0:
		kind = "character device"
	case m&fs.ModeDevice != 0:
		kind = "device"
	}
	return "is a " + kind + ", not a regular file: only regular files and directories are read; remove it from content/"
}

// readFile reads file p, refusing what is not a regular file and reading no
// more than limit bytes, so that a huge file or one that never ends cannot
// exhaust memory whatever fsys is.
func readFile(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fileError(p, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fileError(p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, diag.Errorf(p, 0, "%s", notRegular(info.Mode()))
	}
	if info.Size() > limit && info.Size()>>20 > limit>>20 {
		return nil, diag.Errorf(p, 0, "file is %d MiB, larger than the %d MiB limit", info.Size()>>20, limit>>20)
	}
	if info.Size() > limit {
		return nil, diag.Errorf(p, 0, "file is larger than the %d MiB limit", limit>>20)
	}
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, fileError(p, err)
	}
	if int64(buf.Len()) > limit {
		return nil, diag.Errorf(p, 0, "file is larger than the %d MiB limit", limit>>20)
	}
	return buf.Bytes(), nil
}

// unwrapPathError drops the "open content/x.md:" prefix that fs errors carry,
// since diag errors name the file already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
