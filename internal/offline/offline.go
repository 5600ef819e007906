// Package offline makes the service workers that keep a built site readable
// without a network: one worker for each part of a site that a reader keeps
// as a whole (guide makes one per language, at /<lang>/sw.js), generated from
// the files the build has just written, with no library.
//
// A worker knows the files of its part by their URL, content hash and size
// (its manifest, part of the script: a site that changes makes a new worker,
// which the browser installs on the reader's next visit). It behaves so:
//
//   - Pages (navigations): network first. An answer that takes longer than
//     three seconds, fails or is a server error is replaced by the copy
//     saved on the phone, if there is one; that copy's <html> element gets
//     data-offline-saved="<RFC 3339 time it was saved>", for the page to
//     say so. Every page read is saved as it is read.
//   - The other files of the manifest (content-hashed assets, the search
//     index): the saved copy when its hash is the manifest's, else the
//     network (and the copy saved); the saved copy of an older version when
//     the network fails.
//   - On a message {type: "keep"} from a page it saves every file of the
//     manifest that it does not yet hold in the manifest's version, telling
//     the page its progress ({type: "progress", done, total}) and then its
//     state ({type: "status", kept, files, bytes, saved}); {type: "status"}
//     asks for the state, {type: "forget"} removes what it saved. A kept
//     part stays kept across versions: a new worker copies from the old
//     cache what has not changed and fetches the rest before it takes over,
//     unless the reader asked to save data (Save-Data), when it fetches
//     files as they are read. Without "keep", a new worker carries over the
//     pages read.
//   - A new worker takes over at once (no "refresh" prompt): the next page
//     the reader opens is the new version. Caches of older versions are
//     removed.
//
// Unregister is the worker a preview server answers with instead: it
// removes itself and every cache a worker of this package made, so that a
// preview is never served from a copy.
package offline

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"hash"
	"strings"
)

// WorkerName is the file name of a worker; its directory is the worker's
// scope.
const WorkerName = "sw.js"

// Sum is what a worker knows of a file's content.
type Sum struct {
	Hash string // the first 16 hex digits of the SHA-256 of the content
	Size int64  // bytes
}

// SumOf returns the Sum of data.
func SumOf(data []byte) Sum {
	s := NewSummer()
	s.Write(data)
	return s.Sum()
}

// Summer computes a Sum of what is written to it.
type Summer struct {
	h hash.Hash
	n int64
}

// NewSummer returns an empty Summer.
func NewSummer() *Summer { return &Summer{h: sha256.New()} }

// Write implements io.Writer; it never fails.
func (s *Summer) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	return s.h.Write(p)
}

// Sum is the Sum of what was written.
func (s *Summer) Sum() Sum { return Sum{Hash: hex.EncodeToString(s.h.Sum(nil))[:16], Size: s.n} }

// File is a file a worker keeps.
type File struct {
	URL string // relative to the directory above the worker's: "en/fees/", "assets/style.1a2b3c.css"
	Sum
}

//go:embed worker.js
var workerJS string

//go:embed unregister.js
var unregisterJS []byte

// Worker returns the script of a worker keeping files (in the given order:
// callers sort them, so that the same files make the same bytes). Its
// version is a hash of the manifest.
func Worker(files []File) []byte {
	manifest := make([][3]any, len(files))
	for i, f := range files {
		manifest[i] = [3]any{f.URL, f.Hash, f.Size}
	}
	data, err := json.Marshal(manifest)
	if err != nil {
		panic(err) // strings and numbers only
	}
	// A manifest in a script: "</" and U+2028/9 cannot end or break it, as
	// json.Marshal escapes <, > and &, and the line separators.
	version := sha256.Sum256(data)
	r := strings.NewReplacer(
		`"__VERSION__"`, `"`+hex.EncodeToString(version[:])[:16]+`"`,
		`[/* MANIFEST */]`, string(data),
	)
	return []byte(r.Replace(workerJS))
}

// Unregister returns the worker that removes itself and the caches of the
// workers of this package.
func Unregister() []byte { return bytes.Clone(unregisterJS) }
