// Package site builds a multilingual static site from a source tree given as
// an fs.FS: content/ (Markdown), templates/ (html/template), locales/ (UI
// strings) and site.yaml. It is the contract between the generator and the
// authors, and this comment is its specification.
//
// # Stages
//
// Build runs six stages, each one function, in this order (build.go):
//
//	load      read site.yaml, the locale files, the templates and every content
//	          file; the features (see Features) read their data files
//	index     make the page model: a page for every translation key in every
//	          language, with its front matter, URLs, section, children,
//	          translations and the menu
//	convert   convert every content file's Markdown to HTML, once per file
//	          (a page shown untranslated in other languages shares it)
//	validate  check what needs all pages: links and anchors between pages,
//	          layouts, output paths that two sources would both write, and the
//	          features' checks across translations
//	render    execute the templates of every output (pages, 404 pages, the root)
//	write     hand every file to the Sink: pages, sitemap, robots.txt, feeds,
//	          assets
//
// A stage that finds author errors reports all of them (file:line: message)
// and the build stops before writing anything further; the caller discards
// what the sink received (package output keeps the previous public/).
//
// # Languages
//
// site.yaml lists the languages in order, the first being the default:
//
//	baseURL: https://example.org/
//	languages:
//	  - {key: zh, name: 中文, tag: zh-Hans}
//	  - {key: en, name: English, tag: en}
//	reviewAfterDays: 365
//	params: [summary]        # front-matter keys of the site's own (see package content)
//	feedback: editors@example.org  # or https://…?page={url}: where readers report a problem
//	offline: true            # a service worker per language (see Output)
//
// key is the file suffix and URL prefix, name is shown in the language
// switcher, tag is the BCP 47 tag used for lang and hreflang. A new language
// is a new entry here, a locale file and content files: no Go change. An
// unknown key or a bad value is an error naming its line.
//
// # Pages and URLs
//
//	content/_index.zh.md          → /zh/              the language's home
//	content/fees.zh.md            → /zh/fees/
//	content/documents/_index.zh.md → /zh/documents/   a section: lists its pages
//	                                                  by weight, then date (newest first), then title
//	content/documents/spouse.zh.md → /zh/documents/spouse/
//
// Files are described in package content (names, front matter). The path
// without the language suffix ("documents/spouse") is the translation key:
// files sharing it are one page in several languages.
//
// Every key gets a URL in every language. Where a language has no file for a
// key, the page is built from the default language's file (or the first
// language that has one) in the reader's language's interface, with a notice
// that it is not translated and the original language marked on the text; its
// canonical URL is the original, and it is left out of the sitemap and of the
// hreflang alternates. "guide check" lists these pages.
//
// Links to content files in Markdown ("/fees.md", "../timeline.md#calculator")
// become the URL of that page in the linking page's language; a link to a file
// that exists in no language, or to an anchor the target page does not have,
// is an error.
//
// A page's "layout" front matter must name a template of templates/ (a typo
// is an error with a suggestion). Two sources that would write the same
// output file (content/robots.txt and the generated robots.txt, or
// content/en/fees/index.html and the page /en/fees/) are an error naming both.
//
// # Templates
//
// templates/ holds html/template files:
//
//	base.html          defines "base": the whole document; it calls block "main"
//	home.html          the home page; defines "main" (and may redefine others)
//	section.html       section pages
//	page.html          ordinary pages; a page's "layout" front matter picks <layout>.html instead
//	404.html           the not-found page of each language
//	root.html          /, where the reader picks a language
//	partials/*.html    shared named templates, available to all of the above
//	assets/*           CSS and JavaScript, published under content-hashed names
//
// A page template executes with a *Page as dot. What a template can read is
// the page model, complete before any template runs and read-only while they
// run: any template may read any page's title, parameters, content, headings
// and checklist, in any language (through .Parent, .Pages, .Translations,
// .Site.Page, .Site.Menu …), and always sees the same thing whatever order
// pages are rendered in, so two builds of the same input produce identical
// bytes. Functions:
//
//	T "id" ["Name" value]…   UI string in the page's language (package i18n);
//	                         a "Count" argument picks the plural form
//	Tcounts "id" n ["Name" value]…
//	                         the UI string for every Count from 0 to n, as a
//	                         list (for scripts that show a changing count)
//	cached "name" . [variant]…
//	                         the output of template "name" run with that data,
//	                         made once per language, variants and build and then
//	                         reused (Hugo's partialCached): for parts that are the
//	                         same on every page, like a footer. Its data should be
//	                         the page (.) or .Site. The output must not depend on
//	                         the page beyond the variants: pass as variants
//	                         whatever else it depends on. guide check runs the
//	                         template for every page anyway and reports a
//	                         cached template whose output differs
//	asset "style.css"        URL of an asset, with its content hash in the name
//	date "layout" time       a date formatted with a Go layout (e.g. from T "date_layout")
//	json value               value as JSON, for data attributes and scripts
//	list a b …               a list of the values
//	langName "en"            a language's own name
//
// and the functions of the features.
//
// A layout can hold the whole guide of a language for printing: Site.ReadingOrder
// lists its pages (home, then each section followed by its pages, by weight;
// front matter print: false leaves a page and the pages under it out),
// Page.Anchor names each one's place in the document and Page.PrintContent is
// its content with ids prefixed by that anchor, links to the pages of the
// document pointing inside it and headings one level down. The contract is
// in print.go.
//
// # Features
//
// What one kind of page needs beyond this contract — a calculator with its
// data files, the checks of a questionnaire across translations — is a
// Feature, passed in Options by the command: it reads its data files from
// content/<dir>/*.yaml, adds template functions, checks the pages of each
// translation key after conversion, and reports what depends on today's date.
// This package knows none of them.
//
// # Output
//
// Pages are written as <url>/index.html. The build also writes /index.html
// (root.html), /404.html and /<lang>/404.html, /sitemap.xml with hreflang
// alternates, /robots.txt, an Atom feed /<lang>/<section>/feed.xml for each
// section whose front matter says feed: true, the assets, and content/ files
// that are neither Markdown nor .yaml data (at their path under content/,
// copied as they are). With offline: true in site.yaml, each language also
// gets a service worker, /<lang>/sw.js (offline.go says what it keeps;
// package offline what it does), made last from the sums of the files
// written.
//
// # Incremental rebuilds
//
// Live keeps a built site in memory for previews. It renders with the same
// stages and the same render loop as Build, and records, for every output,
// what its templates read: which pages and which of their fields, the menus,
// UI strings, layouts, assets and features, and the outputs of cached
// templates it used (with what those read). An update reloads the changed
// source files, makes the new page model, compares it with the previous one
// field by field, and renders again exactly the outputs whose recorded reads
// the change touches (and new outputs); the files that are not pages (sitemap,
// feeds) are made again and count as changed when their bytes change. Nothing
// in it is a rule about which edit affects which page: a template that
// prints another page's heading count is re-rendered when that page's
// headings change because it read them. An update that fails leaves the last
// good site as it was. The files of a Live are at every moment byte for byte
// those of a Build of the same sources.
package site

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"

	"guide/internal/diag"
	"guide/internal/drift"
	"guide/internal/offline"
)

// Options are the choices of one build.
type Options struct {
	Drafts   bool      // include pages with draft: true
	BaseURL  string    // overrides site.yaml's baseURL when set
	Now      time.Time // today, for review ages; zero means the clock
	Features []Feature // what the site's pages need beyond this package

	// CheckCached makes every use of the cached template function run its
	// template anyway and fail when the output differs from the cached one:
	// a cached template that depends on more than it was told (guide check).
	CheckCached bool

	noSearch bool // no search index: for the benchmarks (WithoutSearch in export_test.go)
}

// Sink receives the built files: a path relative to the output root (slash
// separated, "en/fees/index.html") and its bytes, or a reader to copy them
// from (content assets, which may be large). Its methods are called from
// several goroutines at once and must not keep data after returning unless
// they copy it.
type Sink interface {
	Write(name string, data []byte) error
	WriteFrom(name string, r io.Reader) error
}

// Result is a built site.
type Result struct {
	Pages    map[string]int // pages per language key
	Files    int            // files written
	Warnings diag.List      // problems that do not stop the build
	Report   *Report        // what guide check needs

	m *model // for SectionTexts
}

// Build builds the site in fsys and hands every output file to sink. On
// author errors it returns them all, joined, and the caller must discard
// whatever the sink received. When ctx is cancelled it stops and returns
// ctx's error.
func Build(ctx context.Context, fsys fs.FS, opts Options, sink Sink) (*Result, error) {
	src, err := load(fsys, opts)
	if err != nil {
		return nil, err
	}
	m := index(src, opts)
	if err := convertAndValidate(ctx, m, nil, nil, true); err != nil {
		return nil, err
	}
	res := &Result{Pages: map[string]int{}}
	var sums *summing
	if m.cfg.Offline {
		sums = &summing{Sink: sink, sums: map[string]offline.Sum{}}
		sink = sums
	}
	r := newRenderer(src, m, nil, opts.CheckCached)
	var mu sync.Mutex
	err = r.run(ctx, m.jobs(), func(j job, data []byte, _ *deps) error {
		if err := sink.Write(j.out, data); err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if j.page.kind != kind404 && j.page.kind != kindRoot {
			res.Pages[m.langs[j.page.lang].Key]++
		}
		res.Files++
		return nil
	})
	if err != nil {
		return nil, err
	}
	var index []extra
	if !opts.noSearch {
		if index, err = m.searchFiles(ctx); err != nil {
			return nil, err
		}
	}
	for _, f := range append(extras(m), index...) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := f.write(m, sink); err != nil {
			return nil, err
		}
		res.Files++
	}
	if sums != nil {
		for _, f := range m.workers(sums.sums) {
			if err := f.write(m, sums.Sink); err != nil {
				return nil, err
			}
			res.Files++
		}
	}
	res.Warnings = m.warnings()
	res.Report = report(m, opts.Now)
	res.m = m
	return res, nil
}

// convertAndValidate runs the convert and validate stages, and makes each
// key's result (keys.go: translations compared with their sources, notices,
// what the search index gets), reusing those of prev whose inputs are the
// same (a Live's). It returns the errors of both stages: a page whose
// Markdown has errors is still checked against its translations, so that an
// author sees every mistake at once. With release (a build, not a Live),
// what the build needs no more once a key's result is made is let go: its
// files' Markdown and their sections.
func convertAndValidate(ctx context.Context, m *model, cache map[string]*converted, prev *model, release bool) error {
	var prevResults map[string]*keyResult
	if prev != nil {
		prevResults = prev.results
	}
	var mu sync.Mutex
	m.results = make(map[string]*keyResult, len(m.keys))
	err := convert(ctx, m, cache, func(key string, convs []*converted) {
		r := m.keyResult(key, convs, prevResults[key])
		if release {
			for _, c := range convs {
				c.file.Body = nil
				if c.doc != nil {
					c.doc.Sections = nil
				}
			}
		}
		mu.Lock()
		m.results[key] = r
		mu.Unlock()
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var l diag.List
	l.Add(err)
	l.Add(validate(m, prev))
	if err := l.Err(); err != nil {
		return err
	}
	m.drift = &Drift{Findings: []drift.Finding{}, Accepted: []drift.Finding{}}
	for _, key := range m.keys {
		m.drift.Findings = append(m.drift.Findings, m.results[key].drift.Findings...)
		m.drift.Accepted = append(m.drift.Accepted, m.results[key].drift.Accepted...)
	}
	return nil
}

// Memory is a Sink that keeps the files in memory, for tests and checks.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// Write implements Sink.
func (s *Memory) Write(name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	if _, dup := s.files[name]; dup {
		return fmt.Errorf("%s written twice", name)
	}
	s.files[name] = slices.Clone(data)
	return nil
}

// WriteFrom implements Sink.
func (s *Memory) WriteFrom(name string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return s.Write(name, data)
}

// Files returns the files written, by name.
func (s *Memory) Files() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.files)
}

// Discard is a Sink that drops what it receives (guide check).
type Discard struct{}

// Write implements Sink.
func (Discard) Write(string, []byte) error { return nil }

// WriteFrom implements Sink.
func (Discard) WriteFrom(string, io.Reader) error { return nil }
