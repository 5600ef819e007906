// Package sitecheck checks a built site — the directory "guide build" writes —
// against the site-wide quality gates that need no browser. It reads only the
// output (HTML, CSS, JavaScript, sitemap.xml), so it checks what readers,
// search engines and translation tools get, whatever template or content
// produced it.
//
// # Checks
//
// Each problem names its check, the output file and, where there is one, the
// line:
//
//	links        every internal link, resource and form action resolves to a
//	             file of the site; every #fragment names an element of the
//	             target page (an id, or an <a name>; "#top" and "#" always
//	             work). Ids inside <template> count only for links that are
//	             themselves inside a template: without JavaScript they do not
//	             exist.
//	canonical    every page has one rel=canonical link, to a page of the site
//	             whose canonical is itself.
//	hreflang     the rel=alternate hreflang links of a page resolve to pages
//	             whose <html lang> is that hreflang, include the page itself,
//	             are the same set on every page of the set, and x-default is
//	             one of them. A page whose canonical is another page (a page
//	             shown untranslated, whose canonical is the original) must not
//	             be an alternate, nor list itself.
//	sitemap      sitemap.xml lists every page of every language whose
//	             canonical is itself — and no other — once, at its canonical
//	             URL, with the same hreflang alternates as the page. Error
//	             pages (404.html) and the language chooser at the site root
//	             are not pages of a language and are not required.
//	reachable    every page of a language is reached from that language's
//	             home by following links and submitting forms (outside
//	             <template>, so without JavaScript) between pages of the
//	             language; every other page
//	             from the site root, which links to every language's home.
//	             Error pages are exempt.
//	weight       a page's HTML, stylesheets and scripts, each gzip-compressed,
//	             add up to at most Config.MaxPageBytes (or the page's own
//	             budget in Config.Budgets).
//	third-party  nothing the browser fetches by itself comes from another
//	             origin: scripts, stylesheets, images, frames, media, icons,
//	             preloads and preconnects; url() and @import in CSS; URLs in
//	             the string literals of scripts. Links a reader follows are
//	             not requests and may go anywhere.
//	scripts      no render-blocking script: every external classic script
//	             is defer or async; no inline executable script, inline
//	             event handler attribute (onclick=…) or javascript: URL.
//	lang         <html lang> is the tag of the language the URL is in (the
//	             root: one of the site's tags); every lang and hreflang value
//	             is one of the site's tags; Han characters in text or in
//	             attributes people read (alt, title, aria-label, placeholder,
//	             meta description) sit inside an element whose language is
//	             Chinese or Japanese, so that screen readers and translation
//	             tools treat them as such.
//	fonts        the font stacks Chinese text gets — rules whose subject is
//	             :root, html or body, or has :lang(zh…) — name a Chinese font
//	             for each of Windows, macOS, iOS, Android and Linux and end
//	             with a generic family (see platformFonts).
//
// Accessibility in a browser (axe-core on every page) and Lighthouse scores
// are gates too, tested in this package (axe_browser_test.go,
// lighthouse_test.go); valid HTML is the Nu HTML Checker's, which .ci/run
// runs on the built site.
package sitecheck

import (
	"cmp"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"
)

// DefaultMaxPageBytes is the weight budget of one page: HTML, CSS and
// JavaScript, gzip-compressed (50 kB).
const DefaultMaxPageBytes = 50_000

// Config describes the site that was built.
type Config struct {
	// BaseURL is the base URL the site was built with: "/" or an absolute
	// URL such as "https://example.org/guide/". Links to it are internal.
	BaseURL string
	// Languages are the site's languages, the first being the default.
	Languages []Language
	// MaxPageBytes is the weight budget of a page; 0 means DefaultMaxPageBytes.
	MaxPageBytes int
	// Budgets are the weight budgets of particular pages, by output file
	// ("en/print/index.html"), in place of MaxPageBytes: pages that are
	// heavy by design, such as a whole guide on one page for printing.
	Budgets map[string]int
}

// Language is one language of the site.
type Language struct {
	Key string // URL prefix: "zh" in /zh/fees/
	Tag string // BCP 47 tag of lang and hreflang: "zh-Hans"
}

// The checks, as named in problems.
const (
	CheckLinks      = "links"
	CheckCanonical  = "canonical"
	CheckHreflang   = "hreflang"
	CheckSitemap    = "sitemap"
	CheckReachable  = "reachable"
	CheckWeight     = "weight"
	CheckThirdParty = "third-party"
	CheckScripts    = "scripts"
	CheckLang       = "lang"
	CheckFonts      = "fonts"
)

// Problem is one failed check.
type Problem struct {
	Check string // one of the Check constants
	File  string // output file, slash-separated: "en/fees/index.html"; "" for the site as a whole
	Line  int    // 1-based; 0 when it concerns the whole file
	Msg   string
}

func (p Problem) String() string {
	if p.File == "" {
		return fmt.Sprintf("%s: %s", p.Check, p.Msg)
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Check, p.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", p.File, p.Check, p.Msg)
}

// Report is the result of a check.
type Report struct {
	Problems []Problem // sorted by file, line, check and message
	Pages    int       // HTML pages checked
	Heaviest Weight    // the heaviest page
}

// Weight is what a page costs to load: gzip-compressed bytes.
type Weight struct {
	Page string // output file
	HTML int
	CSS  int
	JS   int
}

// Total is HTML, CSS and JavaScript together.
func (w Weight) Total() int { return w.HTML + w.CSS + w.JS }

// Check checks the built site in fsys. Problems found are in the report; the
// error is for a configuration or a site that cannot be read at all.
func Check(fsys fs.FS, cfg Config) (*Report, error) {
	if cfg.MaxPageBytes == 0 {
		cfg.MaxPageBytes = DefaultMaxPageBytes
	}
	if len(cfg.Languages) == 0 {
		return nil, fmt.Errorf("sitecheck: no languages configured")
	}
	s, err := load(fsys, cfg)
	if err != nil {
		return nil, err
	}
	s.checkLinks()
	s.checkCanonical()
	s.checkHreflang()
	s.checkSitemap()
	s.checkReachable()
	s.checkWeight()
	s.checkThirdParty()
	s.checkScripts()
	s.checkLang()
	s.checkFonts()
	slices.SortFunc(s.problems, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), strings.Compare(a.Check, b.Check), strings.Compare(a.Msg, b.Msg))
	})
	s.problems = slices.Compact(s.problems)
	return &Report{Problems: s.problems, Pages: len(s.pages), Heaviest: s.heaviest}, nil
}

// checker is one run's state.
type checker struct {
	fsys     fs.FS
	cfg      Config
	origin   *url.URL // scheme and host internal URLs have
	basePath string   // path every URL of the site starts with: "/" or "/guide/"
	files    map[string]bool
	pages    map[string]*page // by output file
	order    []string         // page files, sorted
	css      map[string]*stylesheet
	problems []Problem
	heaviest Weight
}

func (s *checker) addf(check, file string, line int, format string, args ...any) {
	s.problems = append(s.problems, Problem{Check: check, File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// placeholderOrigin stands for the site's origin when it was built with base
// URL "/": root-relative URLs resolve to it. The .invalid top-level domain
// never resolves, so it cannot be mistaken for a real site.
const placeholderOrigin = "http://site.invalid"

func parseBase(base string) (origin *url.URL, path string, err error) {
	if base == "" || base == "/" {
		u, _ := url.Parse(placeholderOrigin + "/")
		return u, "/", nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", fmt.Errorf("sitecheck: base URL %q must be \"/\" or an absolute http(s) URL", base)
	}
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: p}, p, nil
}

// pageURL is the URL an output file is served at.
func (s *checker) pageURL(file string) *url.URL {
	p := file
	if p == "index.html" {
		p = ""
	} else if rest, ok := strings.CutSuffix(p, "/index.html"); ok {
		p = rest + "/"
	}
	return &url.URL{Scheme: s.origin.Scheme, Host: s.origin.Host, Path: s.basePath + p}
}

// resolve resolves ref, as written on the page at base, to an absolute URL.
// internal reports whether it is a URL of this site (same origin, under the
// base path); http reports whether it is fetched over HTTP(S) at all (not
// data:, mailto:, …).
func (s *checker) resolve(base *url.URL, ref string) (u *url.URL, internal, http bool, err error) {
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return nil, false, false, err
	}
	u = base.ResolveReference(r)
	http = u.Scheme == "http" || u.Scheme == "https"
	internal = http && u.Scheme == s.origin.Scheme && strings.EqualFold(u.Host, s.origin.Host)
	return u, internal, http, nil
}

// fileOf maps an internal URL to the output file served for it, as a static
// file server does: a path ending in "/" serves its index.html. ok is false
// when no file is served.
func (s *checker) fileOf(u *url.URL) (file string, ok bool) {
	rel, under := strings.CutPrefix(u.Path, s.basePath)
	if !under {
		if u.Path+"/" == s.basePath {
			rel = ""
		} else {
			return "", false
		}
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if s.files[rel] {
		return rel, true
	}
	return "", false
}

// isErrorPage reports whether an output file is a "not found" page, served by
// the web server instead of a missing file rather than linked.
func isErrorPage(file string) bool {
	b := file[strings.LastIndexByte(file, '/')+1:]
	return b == "404.html"
}

// langOfFile is the language whose directory holds an output file, or nil.
func (s *checker) langOfFile(file string) *Language {
	for i, l := range s.cfg.Languages {
		if strings.HasPrefix(file, l.Key+"/") {
			return &s.cfg.Languages[i]
		}
	}
	return nil
}
