// Package diag holds the positioned errors that every build stage reports
// to authors: "content/fees.zh.md:4: front matter: title is required".
//
// A stage collects all the problems it finds (not just the first) and returns
// them joined, so an author sees every mistake in one run. Warnings are the same
// kind of value, reported without failing the build.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in an author's file.
type Error struct {
	File string // path relative to the site root, with forward slashes
	Line int    // 1-based; 0 when the problem concerns the whole file
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	if e.File == "" {
		return e.Msg
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errorf returns an *Error for file and line.
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// List collects problems. The zero value is ready to use. It is not safe for
// concurrent use.
type List []*Error

// Add appends e (an *Error, an error joined from several, or any other error,
// which is kept as a message without a position). Nil is ignored.
func (l *List) Add(err error) {
	for _, e := range Unjoin(err) {
		var de *Error
		if errors.As(e, &de) {
			*l = append(*l, de)
			continue
		}
		*l = append(*l, &Error{Msg: e.Error()})
	}
}

// Unjoin undoes errors.Join, however deeply nested: the errors err is made
// of, in order. Nil gives none.
func Unjoin(err error) []error {
	if err == nil {
		return nil
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, Unjoin(e)...)
	}
	return out
}

// Addf adds a positioned error.
func (l *List) Addf(file string, line int, format string, args ...any) {
	*l = append(*l, Errorf(file, line, format, args...))
}

// Sorted returns the problems ordered by file, line and message, each once,
// so that output is stable whatever order concurrent stages finished in. The
// list itself is not changed.
func (l List) Sorted() List {
	out := slices.Clone(l)
	slices.SortFunc(out, func(a, b *Error) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), strings.Compare(a.Msg, b.Msg))
	})
	return slices.CompactFunc(out, func(a, b *Error) bool { return *a == *b })
}

// Err returns the problems, sorted and each once, joined into one error, or
// nil if there are none. The list itself is not changed.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	sorted := l.Sorted()
	errs := make([]error, len(sorted))
	for i, e := range sorted {
		errs[i] = e
	}
	return errors.Join(errs...)
}
