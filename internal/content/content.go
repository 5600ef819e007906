// Package content loads the author's Markdown files from the content
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
// build (content/holidays/2026.yaml): they are listed in Site.Data and not
// published. Other files that do not end in .md are assets: they are listed in
// Site.Assets and copied to the output as they are.
//
// File and directory names become URLs, so they are made of letters and
// digits (of any script), "-", "_" and "."; a name with a space, "#", "?",
// "%" or another character that has a meaning in URLs is an error that says
// how to rename it. (Refusing such names, rather than percent-encoding them,
// keeps every link, sitemap entry and hreflang the same as the file name an
// author sees.)
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
//	questions    list, on a checklist page: what the reader is asked so that the
//	             checklist shows the documents of their situation; each
//	             {id, label, hint, multiple, answers: {tag: label, …}} (see
//	             package checklist)
//	search       bool, default true: false leaves the page out of the site search
//	print        bool, default true: false leaves the page, and the pages under
//	             it, out of the reading order (the whole guide on one page for
//	             printing; see package site)
//	synonyms     mapping, of heading ids to other words for what the heading
//	             names ({permanent-residence: [green card, 绿卡]}): search finds
//	             the heading by any of them, in any language
//	translation  on a translation: what it was translated from (see package
//	             drift): {from: zh, checked: 2026-12-02, sections: {id: hash…}},
//	             written by guide translate
//	differences  on a translation: deliberate differences from the source that
//	             the parity check accepts, each {section, check, reason}
//
// Any other key is an error with a suggestion ("reviwed: unknown key; did you
// mean reviewed?"), unless the site declares it as one of its own parameters
// (Config.Params, from site.yaml). Every key, these included, is available to
// templates in Params.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"guide/internal/data"
	"guide/internal/diag"
	"guide/internal/parallel"
)

// MaxFileSize is the largest content file accepted (8 MiB). Larger files are
// almost certainly a mistake (a video saved as .md) and would stall a build.
const MaxFileSize = 8 << 20

// Config is what loading needs to know about the site.
type Config struct {
	Dir    string   // the content directory, from the site root: "content"
	Langs  []string // the site's language keys, the default first
	Params []string // front-matter keys the site declares beyond the built-in ones
}

// File is one author's file: one page in one language.
type File struct {
	Path    string // path from the site root, e.g. "content/documents/spouse.en.md"
	Key     string // translation key: "documents/spouse"; "documents" for its _index; "" for home
	Lang    string // language key from the file name
	Section bool   // an _index file
	Meta    Meta   // front matter
	Body    []byte // the Markdown after the front matter; front-matter lines kept as blank lines so line numbers match the file
	Sum     [32]byte

	lines map[string]int // front-matter key → its line in the file
}

// Line returns the line of a front-matter key in the file (the first line
// of the front matter when the key is absent): a top-level key
// ("reviewed"), or a question ("questions/0") or one of its answers
// ("questions/0/answers/zgc").
func (f *File) Line(key string) int {
	if l, ok := f.lines[key]; ok {
		return l
	}
	return 2
}

// Meta is the front matter of a page.
type Meta struct {
	Title       string              `yaml:"title"`
	Description string              `yaml:"description"`
	Weight      int                 `yaml:"weight"`
	Date        data.Date           `yaml:"date"`
	Lastmod     data.Date           `yaml:"lastmod"`
	Reviewed    data.Date           `yaml:"reviewed"`
	Draft       bool                `yaml:"draft"`
	Menu        string              `yaml:"menu"`
	Feed        bool                `yaml:"feed"`
	Layout      string              `yaml:"layout"`
	Questions   []Question          `yaml:"questions"`
	Synonyms    map[string][]string `yaml:"synonyms"`
	Search      *bool               `yaml:"search"`
	Print       *bool               `yaml:"print"`
	Translation *Stamp              `yaml:"translation"`
	Differences []Difference        `yaml:"differences"`
	Params      map[string]any      `yaml:"-"` // every key of the front matter
}

// Question is a question a checklist asks its reader.
type Question struct {
	ID       string     `yaml:"id"`
	Label    string     `yaml:"label"`    // the question
	Hint     string     `yaml:"hint"`     // more about it, optional
	Multiple bool       `yaml:"multiple"` // several answers may be true (check boxes, not radio buttons)
	Answers  data.Pairs `yaml:"answers"`  // tag → label, in the order shown
}

// Stamp records what a translation was translated from: the source's
// language, when a translator last brought the translation up to date, and
// the hash of each section of the source then (see package drift).
type Stamp struct {
	From     string            `yaml:"from"`
	Checked  data.Date         `yaml:"checked"`
	Sections map[string]string `yaml:"sections"`
}

// Difference is a deliberate difference between a translation and its
// source, which the parity check accepts.
type Difference struct {
	Section string `yaml:"section"` // the section's id ("_" for the text before the first heading)
	Check   string `yaml:"check"`   // the rule: headings, items, lists, numbers, links, callouts
	Reason  string `yaml:"reason"`  // why, for the reader of guide check
}

// Name describes where a file sits in the site; it is what the file's name
// alone tells.
type Name struct {
	Key     string
	Lang    string
	Section bool
}

// ParseName maps a path under the content directory (without its prefix) to
// its key and language. langs are the site's language keys, the first being
// the default.
func ParseName(rel string, langs []string) (Name, error) {
	if err := CheckName(rel); err != nil {
		return Name{}, err
	}
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	stem := strings.TrimSuffix(base, ".md")
	lang := langs[0]
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		lang = stem[i+1:]
		stem = stem[:i]
		if !slices.Contains(langs, lang) {
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

// CheckName reports a path (slash-separated) whose names cannot become
// URLs as they are: each name must be letters and digits of any script, "-",
// "_" and ".", and not start with "-".
func CheckName(rel string) error {
	for _, seg := range strings.Split(rel, "/") {
		for _, r := range seg {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '-' || r == '_' || r == '.' {
				continue
			}
			what := fmt.Sprintf("%q", r)
			if unicode.IsSpace(r) {
				what = "a space"
			}
			return fmt.Errorf("the name %q has %s, which cannot be in a URL as it is: rename it with letters, digits, \"-\" and \"_\" only (for example %q)", seg, what, suggestName(seg))
		}
	}
	return nil
}

func suggestName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '.' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}

// Parse reads one page file's bytes: its name, front matter and body. p is
// its path from the site root.
func (c Config) Parse(p string, src []byte) (*File, error) {
	n, err := ParseName(strings.TrimPrefix(p, c.Dir+"/"), c.Langs)
	if err != nil {
		return nil, diag.Errorf(p, 0, "%v", err)
	}
	return c.parse(p, n, src)
}

func (c Config) parse(p string, n Name, src []byte) (*File, error) {
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
	f := &File{Path: p, Key: n.Key, Lang: n.Lang, Section: n.Section, Body: body, Sum: Sum(src)}
	doc, err := data.Parse(p, 2, fm)
	if err != nil {
		return nil, err
	}
	f.lines = map[string]int{}
	for _, k := range doc.Keys() {
		f.lines[k] = doc.Line(k)
	}
	if err := doc.Decode(&f.Meta, c.Params...); err != nil {
		return nil, err
	}
	for i, q := range f.Meta.Questions {
		f.lines[fmt.Sprintf("questions/%d", i)] = doc.Line("questions", i)
		for _, a := range q.Answers {
			f.lines[fmt.Sprintf("questions/%d/answers/%s", i, a.Key)] = doc.Line("questions", i, "answers", a.Key)
		}
	}
	if err := doc.Loose(&f.Meta.Params); err != nil {
		return nil, err
	}
	var l diag.List
	if strings.TrimSpace(f.Meta.Title) == "" {
		l.Add(doc.Errorf([]any{"title"}, "front matter: title is required"))
	}
	if f.Meta.Menu != "" && f.Meta.Menu != "main" {
		l.Add(doc.Errorf([]any{"menu"}, "front matter: menu must be \"main\" (got %q)", f.Meta.Menu))
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

// Load walks the content directory in fsys and parses every file. It returns
// what it could load and every problem found, joined.
//
// Only regular files are read or listed: a named pipe, a socket or a device
// (directly or through a symbolic link) is an error naming it, found from the
// directory listing without opening it, and a symbolic link to a directory
// is not followed. A Markdown file is read no further than MaxFileSize. With
// an fsys from package source, links that leave the site are errors naming
// the link too.
func Load(fsys fs.FS, c Config) (*Site, error) {
	var l diag.List
	s := &Site{}
	pages := c.scan(fsys, c.Dir, s, &l)
	s.Files = c.parseAll(fsys, pages, &l)
	s.sort()
	l.Add(s.checkDuplicates())
	return s, l.Err()
}

// Update returns the site after the files at the paths in changed (from the
// site root, slash-separated) were created, edited, renamed or deleted: a
// path that is now a directory is scanned whole; a path that no longer
// exists removes it and everything under it. Only those files are read
// again; s itself is not changed.
func (s *Site) Update(fsys fs.FS, c Config, changed []string) (*Site, error) {
	var l diag.List
	gone := func(p string) bool {
		return slices.ContainsFunc(changed, func(ch string) bool { return p == ch || strings.HasPrefix(p, ch+"/") })
	}
	n := &Site{}
	for _, f := range s.Files {
		if !gone(f.Path) {
			n.Files = append(n.Files, f)
		}
	}
	for _, p := range s.Assets {
		if !gone(p) {
			n.Assets = append(n.Assets, p)
		}
	}
	for _, p := range s.Data {
		if !gone(p) {
			n.Data = append(n.Data, p)
		}
	}
	var pages []job
	for _, p := range changed {
		if p != c.Dir && !strings.HasPrefix(p, c.Dir+"/") {
			continue
		}
		if _, err := fs.Lstat(fsys, p); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				l.Add(fileError(p, err))
			}
			continue
		}
		pages = append(pages, c.scan(fsys, p, n, &l)...)
	}
	n.Files = append(n.Files, c.parseAll(fsys, pages, &l)...)
	n.sort()
	l.Add(n.checkDuplicates())
	return n, l.Err()
}

// job is a page file to read.
type job struct {
	path string
	name Name
}

// scan walks root (the content directory, or a file or directory in it),
// listing assets and data files in s and returning the pages to read.
func (c Config) scan(fsys fs.FS, root string, s *Site, l *diag.List) []job {
	var jobs []job
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == c.Dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			l.Add(fileError(p, err))
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != c.Dir {
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
		if p != c.Dir {
			if err := CheckName(name); err != nil {
				l.Addf(p, 0, "%v", err)
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
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
		n, err := ParseName(strings.TrimPrefix(p, c.Dir+"/"), c.Langs)
		if err != nil {
			l.Addf(p, 0, "%v", err)
			return nil
		}
		jobs = append(jobs, job{p, n})
		return nil
	})
	if err != nil {
		l.Add(err)
	}
	return jobs
}

// parseAll reads and parses page files on all processors.
func (c Config) parseAll(fsys fs.FS, jobs []job, l *diag.List) []*File {
	files := make([]*File, len(jobs))
	errs := make([]error, len(jobs))
	parallel.Do(len(jobs), func(i int) {
		src, err := readFile(fsys, jobs[i].path, MaxFileSize)
		if err != nil {
			errs[i] = err
			return
		}
		files[i], errs[i] = c.parse(jobs[i].path, jobs[i].name, src)
	})
	var out []*File
	for i, f := range files {
		l.Add(errs[i])
		if f != nil && errs[i] == nil {
			out = append(out, f)
		}
	}
	return out
}

func (s *Site) sort() {
	slices.SortFunc(s.Files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	slices.Sort(s.Assets)
	slices.Sort(s.Data)
	s.Assets = slices.Compact(s.Assets)
	s.Data = slices.Compact(s.Data)
	s.Files = slices.CompactFunc(s.Files, func(a, b *File) bool { return a.Path == b.Path })
}

// checkDuplicates reports two files for one page and language (fees.md and
// fees.zh.md, when zh is the default language); the later one is dropped.
func (s *Site) checkDuplicates() error {
	var l diag.List
	seen := map[Name]string{}
	kept := s.Files[:0]
	for _, f := range s.Files {
		n := Name{Key: f.Key, Lang: f.Lang} // a section's _index and a page of the same name are one key
		if other, dup := seen[n]; dup {
			l.Addf(f.Path, 0, "same page and language as %s (one file per page and language)", other)
			continue
		}
		seen[n] = f.Path
		kept = append(kept, f)
	}
	s.Files = kept
	return l.Err()
}

// SetFrontMatter returns src, a page file, with the top-level front-matter
// key replaced by block (YAML text starting with "key:", ending in a
// newline), or added at the end of the front matter when the key is absent.
// Everything else stays byte for byte as it was.
func SetFrontMatter(p string, src []byte, key, block string) ([]byte, error) {
	bom := bytes.HasPrefix(src, []byte("\uFEFF"))
	body := bytes.TrimPrefix(src, []byte("\uFEFF"))
	lines := bytes.SplitAfter(body, []byte("\n"))
	if len(lines) == 0 || string(bytes.TrimRight(lines[0], " \t\r\n")) != "---" {
		return nil, diag.Errorf(p, 1, "front matter missing: the file must start with a line \"---\"")
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if string(bytes.TrimRight(lines[i], " \t\r\n")) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, diag.Errorf(p, 1, "front matter is not closed: add a line \"---\" after the YAML")
	}
	start, stop := -1, -1
	for i := 1; i < end; i++ {
		if bytes.HasPrefix(lines[i], []byte(key+":")) {
			start, stop = i, i+1
			for stop < end && (len(bytes.TrimSpace(lines[stop])) == 0 || lines[stop][0] == ' ' || lines[stop][0] == '\t') {
				stop++
			}
			break
		}
	}
	if start < 0 {
		start, stop = end, end
	}
	var out bytes.Buffer
	if bom {
		out.WriteString("\uFEFF")
	}
	for _, l := range lines[:start] {
		out.Write(l)
	}
	out.WriteString(block)
	for _, l := range lines[stop:] {
		out.Write(l)
	}
	return out.Bytes(), nil
}
