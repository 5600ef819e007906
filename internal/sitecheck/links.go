package sitecheck

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
)

// checkLinks checks that every internal URL leads to a file and every
// fragment to an element.
func (s *checker) checkLinks() {
	for _, file := range s.order {
		p := s.pages[file]
		for _, r := range p.refs {
			u, internal, _, err := s.resolve(p.url, r.raw)
			if err != nil {
				s.addf(CheckLinks, file, r.line, "<%s %s=%q>: not a URL: %v", r.tag, r.attr, r.raw, err)
				continue
			}
			if !internal {
				continue
			}
			tf, ok := s.fileOf(u)
			if !ok {
				if _, dir := s.fileOf(&url.URL{Path: u.Path + "/"}); dir && !strings.HasSuffix(u.Path, "/") {
					s.addf(CheckLinks, file, r.line, "<%s %s=%q>: %s is a directory: end the URL with \"/\" (this one costs a redirect, or fails)", r.tag, r.attr, r.raw, u.Path)
				} else {
					s.addf(CheckLinks, file, r.line, "<%s %s=%q>: no such file in the site (%s)", r.tag, r.attr, r.raw, u.Path)
				}
				continue
			}
			frag := u.Fragment
			tp := s.pages[tf]
			if frag == "" || tp == nil || strings.EqualFold(frag, "top") || strings.HasPrefix(frag, ":~:") {
				continue
			}
			ids := tp.ids
			if r.inTemplate && tp == p {
				ids = tp.allIDs
			}
			if !ids[frag] {
				where := "the page " + tf
				if tp == p {
					where = "this page"
				}
				if r.tag == "a" && !r.inTemplate && tp.allIDs[frag] {
					s.addf(CheckLinks, file, r.line, "<%s %s=%q>: #%s is only inside a <template> on %s, so it does not exist without JavaScript", r.tag, r.attr, r.raw, frag, where)
					continue
				}
				s.addf(CheckLinks, file, r.line, "<%s %s=%q>: no element with id %q on %s", r.tag, r.attr, r.raw, frag, where)
			}
		}
	}
}

// canonical returns the page's canonical URL, resolved, or nil.
func (s *checker) canonical(p *page) *url.URL {
	if len(p.canon) == 0 {
		return nil
	}
	u, _, _, err := s.resolve(p.url, p.canon[0].raw)
	if err != nil {
		return nil
	}
	return u
}

// selfCanonical reports whether the page's canonical URL is its own.
func (s *checker) selfCanonical(p *page) bool {
	u := s.canonical(p)
	return u != nil && u.String() == p.url.String()
}

// pageAt returns the page an internal URL serves, or nil.
func (s *checker) pageAt(u *url.URL) *page {
	if u == nil || u.Scheme != s.origin.Scheme || !strings.EqualFold(u.Host, s.origin.Host) {
		return nil
	}
	f, ok := s.fileOf(u)
	if !ok {
		return nil
	}
	return s.pages[f]
}

// absolute reports whether the site's own URLs (canonical, alternates,
// sitemap) must be absolute: when it was built with an absolute base URL.
func (s *checker) absolute() bool { return s.origin.Host != "site.invalid" }

func (s *checker) checkCanonical() {
	for _, file := range s.order {
		p := s.pages[file]
		switch len(p.canon) {
		case 0:
			s.addf(CheckCanonical, file, 0, "no <link rel=\"canonical\">")
			continue
		case 1:
		default:
			s.addf(CheckCanonical, file, p.canon[1].line, "%d rel=canonical links; a page has one", len(p.canon))
		}
		c := p.canon[0]
		if s.absolute() && !isAbsolute(c.raw) {
			s.addf(CheckCanonical, file, c.line, "canonical %q is not an absolute URL (search engines need one)", c.raw)
		}
		u := s.canonical(p)
		if u == nil {
			continue // checkLinks reports it
		}
		if u.Fragment != "" {
			s.addf(CheckCanonical, file, c.line, "canonical %q has a fragment", c.raw)
		}
		tp := s.pageAt(u)
		if tp == nil {
			if _, internal, _, _ := s.resolve(p.url, c.raw); !internal {
				s.addf(CheckCanonical, file, c.line, "canonical %q is not a page of this site", c.raw)
			}
			continue
		}
		if tp != p && !s.selfCanonical(tp) {
			s.addf(CheckCanonical, file, c.line, "canonical %q is %s, whose own canonical is another URL: point straight at the final page", c.raw, tp.file)
		}
	}
}

func isAbsolute(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// altSet is a page's hreflang alternates as "hreflang URL" strings, sorted.
func (s *checker) altSet(p *page) []string {
	var set []string
	for _, a := range p.alts {
		u, _, _, err := s.resolve(p.url, a.href)
		if err != nil {
			continue
		}
		set = append(set, a.hreflang+" "+u.String())
	}
	slices.Sort(set)
	return set
}

func (s *checker) checkHreflang() {
	for _, file := range s.order {
		p := s.pages[file]
		if len(p.alts) == 0 {
			continue
		}
		self := s.selfCanonical(p)
		seen := map[string]bool{}
		var urls []string
		listsSelf := false
		var xdefault *alt
		for i, a := range p.alts {
			if seen[a.hreflang] {
				s.addf(CheckHreflang, file, a.line, "hreflang %q is listed twice", a.hreflang)
			}
			seen[a.hreflang] = true
			if s.absolute() && !isAbsolute(a.href) {
				s.addf(CheckHreflang, file, a.line, "alternate %q is not an absolute URL", a.href)
			}
			u, _, _, err := s.resolve(p.url, a.href)
			if err != nil {
				continue
			}
			if a.hreflang == "x-default" {
				xdefault = &p.alts[i]
				continue
			}
			urls = append(urls, u.String())
			tp := s.pageAt(u)
			if tp == nil {
				continue // checkLinks reports it
			}
			if tp == p {
				listsSelf = true
			}
			if tp.lang != a.hreflang {
				s.addf(CheckHreflang, file, a.line, "alternate %s is hreflang %q but the page says <html lang=%q>", a.href, a.hreflang, tp.lang)
			}
			if !s.selfCanonical(tp) {
				s.addf(CheckHreflang, file, a.line, "alternate %s has its canonical elsewhere (a page shown untranslated?): only pages that are their own canonical are alternates", a.href)
				continue
			}
			if tp != p && !slices.Equal(s.altSet(tp), s.altSet(p)) {
				s.addf(CheckHreflang, file, a.line, "alternate %s lists other alternates than this page (alternates must be the same on every page of the set, each listing itself):\n\tthis page: %s\n\t%s: %s",
					a.href, strings.Join(s.altSet(p), ", "), tp.file, strings.Join(s.altSet(tp), ", "))
			}
		}
		if self && !listsSelf {
			s.addf(CheckHreflang, file, p.alts[0].line, "the alternates do not include the page itself (hreflang %q)", p.lang)
		}
		if xdefault != nil {
			u, _, _, err := s.resolve(p.url, xdefault.href)
			if err == nil && !slices.Contains(urls, u.String()) {
				s.addf(CheckHreflang, file, xdefault.line, "x-default %s is not one of the alternates", xdefault.href)
			}
		}
	}
}

// sitemap is sitemap.xml.
type sitemap struct {
	URLs []struct {
		Loc   string `xml:"loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

const sitemapFile = "sitemap.xml"

func (s *checker) checkSitemap() {
	if !s.files[sitemapFile] {
		s.addf(CheckSitemap, sitemapFile, 0, "no sitemap")
		return
	}
	src, err := readFile(s.fsys, sitemapFile)
	if err != nil {
		s.addf(CheckSitemap, sitemapFile, 0, "%v", err)
		return
	}
	var sm sitemap
	if err := xml.Unmarshal(src, &sm); err != nil {
		s.addf(CheckSitemap, sitemapFile, 0, "not a sitemap: %v", err)
		return
	}
	root := s.pageURL("index.html")
	listed := map[*page]bool{}
	for _, e := range sm.URLs {
		line := lineOf(src, "<loc>"+xmlText(e.Loc)+"</loc>")
		if s.absolute() && !isAbsolute(e.Loc) {
			s.addf(CheckSitemap, sitemapFile, line, "<loc>%s</loc> is not an absolute URL", e.Loc)
		}
		u, internal, _, err := s.resolve(root, e.Loc)
		if err != nil || !internal {
			s.addf(CheckSitemap, sitemapFile, line, "<loc>%s</loc> is not a URL of this site", e.Loc)
			continue
		}
		p := s.pageAt(u)
		if p == nil {
			s.addf(CheckSitemap, sitemapFile, line, "<loc>%s</loc>: no such page", e.Loc)
			continue
		}
		if listed[p] {
			s.addf(CheckSitemap, sitemapFile, line, "<loc>%s</loc> is listed twice", e.Loc)
		}
		listed[p] = true
		if !s.selfCanonical(p) {
			s.addf(CheckSitemap, sitemapFile, line, "<loc>%s</loc>: the page's canonical is another URL (a page shown untranslated?); list only pages that are their own canonical", e.Loc)
			continue
		}
		if u.String() != p.url.String() {
			s.addf(CheckSitemap, sitemapFile, line, "<loc>%s</loc>: list the page at its canonical URL %s", e.Loc, p.url)
		}
		var set []string
		for _, l := range e.Links {
			if l.Rel != "alternate" {
				continue
			}
			if s.absolute() && !isAbsolute(l.Href) {
				s.addf(CheckSitemap, sitemapFile, line, "alternate %s is not an absolute URL", l.Href)
			}
			if lu, _, _, err := s.resolve(root, l.Href); err == nil {
				set = append(set, l.Hreflang+" "+lu.String())
			}
		}
		slices.Sort(set)
		if want := s.altSet(p); !slices.Equal(set, want) {
			s.addf(CheckSitemap, sitemapFile, line, "<loc>%s</loc>: the alternates differ from the page's hreflang links:\n\tsitemap: %s\n\tpage:    %s", e.Loc, strings.Join(set, ", "), strings.Join(want, ", "))
		}
	}
	for _, file := range s.order {
		p := s.pages[file]
		if s.langOfFile(file) == nil || isErrorPage(file) || listed[p] || !s.selfCanonical(p) {
			continue
		}
		s.addf(CheckSitemap, file, 0, "the page is not in %s", sitemapFile)
	}
}

// xmlText escapes s as encoding/xml writes character data.
func xmlText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// lineOf is the line of the first occurrence of needle in src, or 0.
func lineOf(src []byte, needle string) int {
	i := bytes.Index(src, []byte(needle))
	if i < 0 {
		return 0
	}
	return 1 + bytes.Count(src[:i], []byte("\n"))
}

// checkReachable follows links and forms' actions, as a reader without
// JavaScript can, from each language's home through the pages of that
// language, and from the site root through everything.
func (s *checker) checkReachable() {
	reach := func(start string, within func(file string) bool) map[string]bool {
		seen := map[string]bool{start: true}
		queue := []string{start}
		for len(queue) > 0 {
			p := s.pages[queue[0]]
			queue = queue[1:]
			for _, r := range p.refs {
				if r.kind != navigation || (r.tag != "a" && r.tag != "area" && r.tag != "form") || r.inTemplate {
					continue
				}
				u, internal, _, err := s.resolve(p.url, r.raw)
				if err != nil || !internal {
					continue
				}
				f, ok := s.fileOf(u)
				if ok && s.pages[f] != nil && !seen[f] && within(f) {
					seen[f] = true
					queue = append(queue, f)
				}
			}
		}
		return seen
	}
	for _, l := range s.cfg.Languages {
		home := l.Key + "/index.html"
		if s.pages[home] == nil {
			s.addf(CheckReachable, home, 0, "the home page of language %s is missing", l.Key)
			continue
		}
		seen := reach(home, func(f string) bool { return strings.HasPrefix(f, l.Key+"/") })
		for _, file := range s.order {
			if strings.HasPrefix(file, l.Key+"/") && !isErrorPage(file) && !seen[file] {
				s.addf(CheckReachable, file, 0, "no chain of links leads here from the home page %s without leaving the language", s.pageURL(home).Path)
			}
		}
	}
	if s.pages["index.html"] == nil {
		s.addf(CheckReachable, "index.html", 0, "the site has no root page")
		return
	}
	seen := reach("index.html", func(string) bool { return true })
	for _, file := range s.order {
		if !isErrorPage(file) && !seen[file] && s.langOfFile(file) == nil {
			s.addf(CheckReachable, file, 0, "no chain of links leads here from the site root")
		}
	}
	// The root is where readers choose their language: it links to every
	// language's home itself.
	root := s.pages["index.html"]
	direct := map[string]bool{}
	for _, r := range root.refs {
		if u, internal, _, err := s.resolve(root.url, r.raw); err == nil && internal && r.kind == navigation && !r.inTemplate {
			if f, ok := s.fileOf(u); ok {
				direct[f] = true
			}
		}
	}
	for _, l := range s.cfg.Languages {
		if home := l.Key + "/index.html"; s.pages[home] != nil && !direct[home] {
			s.addf(CheckReachable, "index.html", 0, "the root page does not link to the home page of %s", l.Key)
		}
	}
}
