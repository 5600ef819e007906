// Package content loads the author's Markdown files from the content/
// directory of a site: it maps file names to pages and languages and parses
// the YAML front matter. It does not render Markdown.
//
// # File names
//
//	content/<dir>/<name>.<lang>.md     a page; its translation key is <dir>/<name>
//	content/<dir>/_index.<lang>.md     the section page of <dir>; key <dir>
//	content/_index.<lang>.md           the home page of a language; key "" (empty)
//
// <lang> is one of the site's language keys. A file without a language suffix
// (fees.md) belongs to the default (first) language, as in Hugo. Two files for
// one key and language, an unknown suffix, invalid UTF-8, an empty file or one
// larger than MaxFileSize are errors. Files ending in .yaml are data for the
// build (content/holidays/2026.yaml, see package workdays): they are listed in
// Site.Data and not published. Other files that do not end in .md are assets:
// they are listed in Site.Assets and copied to the output as they are.
//
// # Front matter
//
// YAML between a first line "---" and the next line "---". Keys:
//
//	title        string, required
//	description  string
//	weight       integer; orders pages within a section (then title)
//	date         date (2006-01-02 or RFC 3339): publication date, for feeds
//	lastmod      date: last meaningful change
//	reviewed     date: the content was last checked against its sources
//	draft        bool: left out of the site unless drafts are asked for
//	menu         string: "main" puts the page in the site navigation
//	feed         bool, on a section page: publish an Atom feed of its pages
//	layout       string: template to render the page with (default by kind)
//	filters      mapping, on a checklist page: the label of each checklist tag,
//	             in the order the filter shows them
//
// Every key, these included, is also available to templates in Params.
package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"guide/internal/data"
	"guide/internal/diag"
)

// Dir is the directory of a site that holds the content.
const Dir = "content"

// MaxFileSize is the largest content file accepted (8 MiB). Larger files are
// almost certainly a mistake (a video saved as .md) and would stall a build.
const MaxFileSize = 8 << 20

// File is one author's file: one page in one language.
type File struct {
	Path    string // path from the site root, e.g. "content/documents/spouse.en.md"
	Key     string // translation key: "documents/spouse"; "documents" for its _index; "" for home
	Lang    string // language key from the file name
	Section bool   // an _index file
	Meta    Meta   // front matter
	Body    []byte // the Markdown after the front matter; front-matter lines kept as blank lines so line numbers match the file
	Sum     [32]byte
}

// Meta is the front matter of a page.
type Meta struct {
	Title       string         `yaml:"title"`
	Description string         `yaml:"description"`
	Weight      int            `yaml:"weight"`
	Date        data.Date      `yaml:"date"`
	Lastmod     data.Date      `yaml:"lastmod"`
	Reviewed    data.Date      `yaml:"reviewed"`
	Draft       bool           `yaml:"draft"`
	Menu        string         `yaml:"menu"`
	Feed        bool           `yaml:"feed"`
	Layout      string         `yaml:"layout"`
	Filters     data.Pairs     `yaml:"filters"`
	Params      map[string]any `yaml:"-"` // every key of the front matter
}

// Name describes where a file sits in the site; it is what the file's name
// alone tells.
type Name struct {
	Key     string
	Lang    string
	Section bool
}

// ParseName maps a path under content/ (without the "content/" prefix) to its
// key and language. langs are the site's language keys, the first being the
// default.
func ParseName(rel string, langs []string) (Name, error) {
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	stem := strings.TrimSuffix(base, ".md")
	lang := langs[0]
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		lang = stem[i+1:]
		stem = stem[:i]
		if !contains(langs, lang) {
			return Name{}, fmt.Errorf("unknown language %q in file name (the site's languages are %s)", lang, strings.Join(langs, ", "))
		}
	}
	if stem == "" {
		return Name{}, fmt.Errorf("file name has no page name")
	}
	if stem == "_index" {
		return Name{Key: dir, Lang: lang, Section: true}, nil
	}
	return Name{Key: path.Join(dir, stem), Lang: lang}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Parse reads one file's bytes: name checks, front matter, body.
func Parse(p string, n Name, src []byte) (*File, error) {
	if len(src) > MaxFileSize {
		return nil, diag.Errorf(p, 0, "file is %d MiB, larger than the %d MiB limit", len(src)>>20, MaxFileSize>>20)
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, diag.Errorf(p, 1, "file is empty (a page needs front matter with a title)")
	}
	if !utf8.Valid(src) {
		return nil, diag.Errorf(p, lineOfInvalidUTF8(src), "invalid UTF-8 (save the file as UTF-8)")
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	fm, body, err := split(p, src)
	if err != nil {
		return nil, err
	}
	f := &File{Path: p, Key: n.Key, Lang: n.Lang, Section: n.Section, Body: body, Sum: sum(src)}
	var l diag.List
	l.Add(data.DecodeAll(p, 2, fm, &f.Meta, &f.Meta.Params))
	if err := l.Err(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(f.Meta.Title) == "" {
		l.Addf(p, keyLine(fm, "title"), "front matter: title is required")
	}
	if f.Meta.Menu != "" && f.Meta.Menu != "main" {
		l.Addf(p, keyLine(fm, "menu"), "front matter: menu must be \"main\" (got %q)", f.Meta.Menu)
	}
	return f, l.Err()
}

// split separates the front matter from the body. The body keeps one newline
// for every line of front matter so that Markdown line numbers are the file's.
func split(p string, src []byte) (fm, body []byte, err error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, nil, diag.Errorf(p, 1, "front matter missing: the file must start with a line \"---\", YAML with at least a title, and another \"---\"")
	}
	off := 0
	for {
		line, next, found := bytes.Cut(rest[off:], []byte("\n"))
		if string(bytes.TrimRight(line, " \t\r")) == "---" {
			fm = rest[:off]
			n := 2 + bytes.Count(fm, []byte("\n"))
			body = make([]byte, 0, n+len(next))
			body = append(body, bytes.Repeat([]byte("\n"), n)...)
			body = append(body, next...)
			return fm, body, nil
		}
		if !found {
			return nil, nil, diag.Errorf(p, 1, "front matter is not closed: add a line \"---\" after the YAML")
		}
		off += len(line) + 1
	}
}

// keyLine finds the line of a top-level key in front matter (for errors about
// values that decoded fine but are not acceptable); 1 if the key is absent.
func keyLine(fm []byte, key string) int {
	for i, line := range bytes.Split(fm, []byte("\n")) {
		if bytes.HasPrefix(line, []byte(key+":")) {
			return i + 2
		}
	}
	return 1
}

func lineOfInvalidUTF8(src []byte) int {
	line := 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line
}

// Site is the content of a site as files.
type Site struct {
	Files  []*File  // sorted by path
	Assets []string // non-Markdown files, paths from the site root
	Data   []string // .yaml data files, paths from the site root; read by the build, not published
}

// Load walks content/ in fsys and parses every file. It returns what it could
// load and every problem found, joined. langs are the site's language keys
// (the first is the default).
//
// Only regular files are read or listed: a named pipe, a socket or a device
// (directly or through a symbolic link) is an error naming it, found from the
// directory listing without opening it, and a symbolic link to a directory
// is not followed. A Markdown file is read no further than MaxFileSize. With
// an fsys from package source, links that leave the site are errors naming
// the link too.
func Load(fsys fs.FS, langs []string) (*Site, error) {
	var l diag.List
	s := &Site{}
	seen := map[Name]string{}
	type job struct {
		path string
		name Name
	}
	var jobs []job
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errorsIsNotExist(err) {
				return fs.SkipDir
			}
			l.Add(fileError(p, err))
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != Dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			if err != nil {
				if brokenLink(err) {
					l.Addf(p, 0, "broken or looping symbolic link: %v", unwrapPathError(err))
				} else {
					l.Add(fileError(p, err)) // a link out of the site (package source)
				}
				return nil
			}
			if info.IsDir() {
				l.Addf(p, 0, "symbolic links to directories are not followed (they can loop); copy or move the directory instead")
				return nil
			}
			mode = info.Mode().Type()
		}
		if d.IsDir() {
			return nil
		}
		// A named pipe, socket or device is never opened: a pipe would
		// block the build, a device (a link to /dev/zero) never ends.
		if !mode.IsRegular() {
			l.Addf(p, 0, "%s", notRegular(mode))
			return nil
		}
		if strings.HasSuffix(name, ".yaml") {
			s.Data = append(s.Data, p)
			return nil
		}
		if !strings.HasSuffix(name, ".md") {
			s.Assets = append(s.Assets, p)
			return nil
		}
		rel := strings.TrimPrefix(p, Dir+"/")
		n, err := ParseName(rel, langs)
		if err != nil {
			l.Addf(p, 0, "%v", err)
			return nil
		}
		if other, dup := seen[n]; dup {
			l.Addf(p, 0, "same page and language as %s (one file per page and language)", other)
			return nil
		}
		seen[n] = p
		jobs = append(jobs, job{p, n})
		return nil
	})
	if err != nil {
		l.Add(err)
	}
	files := make([]*File, len(jobs))
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(i int) {
		src, err := readFile(fsys, jobs[i].path, MaxFileSize)
		if err != nil {
			errs[i] = err
			return
		}
		files[i], errs[i] = Parse(jobs[i].path, jobs[i].name, src)
	})
	for i, f := range files {
		l.Add(errs[i])
		if f != nil && errs[i] == nil {
			s.Files = append(s.Files, f)
		}
	}
	return s, l.Err()
}
