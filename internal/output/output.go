// Package output writes a built site into a directory all at once.
//
// Files go to a new directory beside the target ("public.tmp-…"). Commit
// swaps it in for the old directory with two renames and then removes the old
// one; Abort removes it and leaves the target as it was. So a failed build
// never leaves a half-written site, and a successful one leaves no file whose
// source was deleted.
//
// To avoid ever replacing a directory that is not ours (-out pointed at a
// home directory by mistake), an existing non-empty target must contain the
// marker file that every build writes.
package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Marker is the file every output directory carries.
const Marker = ".guide-output"

// Dir is an output directory being written.
type Dir struct {
	final string
	tmp   string
	dirs  sync.Map // directories already created
}

// Begin starts writing the output directory out.
func Begin(out string) (*Dir, error) {
	out = filepath.Clean(out)
	if err := checkOurs(out); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	d := &Dir{final: out, tmp: tmp}
	if err := d.Write(Marker, []byte("Written by guide build. This directory is replaced on every build: do not edit files here.\n")); err != nil {
		d.Abort()
		return nil, err
	}
	return d, nil
}

// checkOurs refuses a target that exists, is not empty and has no marker.
func checkOurs(out string) error {
	info, err := os.Stat(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a directory", out)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty and was not written by guide (no %s file): refusing to replace it; choose another -out or empty it", out, Marker)
	}
	return nil
}

// Write writes one file, name being slash-separated and relative to the
// output root. It is safe for concurrent use.
func (d *Dir) Write(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("output path %q leaves the output directory", name)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, ok := d.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		d.dirs.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o644)
}

// WriteFrom writes one file from r, streaming, like Write.
func (d *Dir) WriteFrom(name string, r io.Reader) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("output path %q leaves the output directory", name)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, ok := d.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		d.dirs.Store(dir, true)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Commit replaces the target directory with the new one.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Stat(d.final); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.final, old); err != nil {
			d.Abort()
			return err
		}
	}
	if err := os.Rename(d.tmp, d.final); err != nil {
		if old != "" {
			_ = os.Rename(old, d.final)
		}
		d.Abort()
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort discards what was written.
func (d *Dir) Abort() { _ = os.RemoveAll(d.tmp) }

// Inside reports whether path p is dir or inside it (both cleaned, absolute).
func Inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel) && !strings.HasPrefix(rel, ".."))
}
