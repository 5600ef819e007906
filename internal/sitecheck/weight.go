package sitecheck

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func readFile(fsys fs.FS, name string) ([]byte, error) { return fs.ReadFile(fsys, name) }

// gzipSize is the size of b compressed as a web server does by default.
func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// checkWeight adds up, for every page, its HTML and the stylesheets and
// scripts it loads (and the stylesheets those @import), each compressed.
func (s *checker) checkWeight() {
	sizes := map[string]int{}
	size := func(file string) int {
		if n, ok := sizes[file]; ok {
			return n
		}
		b, err := readFile(s.fsys, file)
		if err != nil {
			return 0
		}
		sizes[file] = gzipSize(b)
		return sizes[file]
	}
	for _, file := range s.order {
		p := s.pages[file]
		w := Weight{Page: file, HTML: gzipSize(p.src)}
		counted := map[string]bool{}
		var addCSS func(base *url.URL, raw string)
		addCSS = func(base *url.URL, raw string) {
			u, internal, _, err := s.resolve(base, raw)
			if err != nil || !internal {
				return
			}
			f, ok := s.fileOf(u)
			if !ok || counted[f] {
				return
			}
			counted[f] = true
			w.CSS += size(f)
			if css := s.css[f]; css != nil {
				for _, m := range cssImportRE.FindAllStringSubmatch(blankComments(css.src), -1) {
					addCSS(u, m[1]+m[2])
				}
			}
		}
		for _, r := range p.refs {
			switch {
			case r.tag == "link" && r.attr == "href" && r.kind == resource:
				if slices.Contains(strings.Fields(r.rel), "stylesheet") {
					addCSS(p.url, r.raw)
				}
			case r.tag == "script" && r.attr == "src":
				u, internal, _, err := s.resolve(p.url, r.raw)
				if err != nil || !internal {
					continue
				}
				if f, ok := s.fileOf(u); ok && !counted[f] {
					counted[f] = true
					w.JS += size(f)
				}
			}
		}
		if w.Total() > s.heaviest.Total() {
			s.heaviest = w
		}
		budget := s.cfg.MaxPageBytes
		if b, ok := s.cfg.Budgets[file]; ok {
			budget = b
		}
		if w.Total() > budget {
			s.addf(CheckWeight, file, 0, "the page weighs %d bytes compressed (HTML %d, CSS %d, JavaScript %d), more than the budget of %d",
				w.Total(), w.HTML, w.CSS, w.JS, budget)
		}
	}
}

// jsURLRE finds absolute and scheme-relative URLs at the start of the string
// literals of a script: "https://host…" or "//host…", where the host has a
// dot, is localhost or is an IPv6 literal (so that "//Timeline//EN" in a
// calendar's PRODID is not taken for one).
var jsURLRE = regexp.MustCompile("[\"'`]((?:https?:)?//(?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+|localhost|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?(?:[/?#][^\"'`\\s]*)?)")

// checkThirdParty reports everything a page makes the browser fetch from
// another origin.
func (s *checker) checkThirdParty() {
	foreign := func(base *url.URL, raw string) (string, bool) {
		u, internal, http, err := s.resolve(base, raw)
		if err != nil || internal || !http {
			return "", false
		}
		return u.Scheme + "://" + u.Host, true
	}
	for _, file := range s.order {
		p := s.pages[file]
		for _, r := range p.refs {
			if r.kind != resource {
				continue
			}
			if origin, ok := foreign(p.url, r.raw); ok {
				s.addf(CheckThirdParty, file, r.line, "<%s %s=%q> is fetched from %s: serve it from the site", r.tag, r.attr, r.raw, origin)
			}
		}
		walk(p.doc, false, func(n *html.Node, _ bool) {
			if n.Type != html.ElementNode {
				return
			}
			var css string
			if v, ok := attr(n, "style"); ok {
				css = v
			}
			if n.DataAtom == atom.Style && n.FirstChild != nil {
				css = n.FirstChild.Data
			}
			for _, c := range cssRefs(css) {
				if origin, ok := foreign(p.url, c.url); ok {
					s.addf(CheckThirdParty, file, p.lines[n]+c.line-1, "CSS fetches %s from %s: serve it from the site", c.url, origin)
				}
			}
		})
	}
	for file, css := range s.css {
		base := s.pageURL(file)
		for _, c := range cssRefs(css.src) {
			if origin, ok := foreign(base, c.url); ok {
				s.addf(CheckThirdParty, file, c.line, "CSS fetches %s from %s: serve it from the site", c.url, origin)
			}
		}
	}
	for file := range s.files {
		if !strings.HasSuffix(file, ".js") && !strings.HasSuffix(file, ".mjs") {
			continue
		}
		src, err := readFile(s.fsys, file)
		if err != nil {
			continue
		}
		text := string(src)
		for _, m := range jsURLRE.FindAllStringSubmatchIndex(text, -1) {
			raw := text[m[2]:m[3]]
			if origin, ok := foreign(s.pageURL(file), raw); ok {
				s.addf(CheckThirdParty, file, lineAt(text, m[0]), "the script names %s, on %s: a script must not fetch from another origin", raw, origin)
			}
		}
	}
}

// executable reports whether a <script type> runs as a classic script or a
// module (as opposed to a data block such as application/json).
func executable(typ string) (run, module bool) {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript", "text/jscript", "text/livescript", "application/x-javascript", "application/x-ecmascript", "text/x-javascript", "text/x-ecmascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4", "text/javascript1.5":
		return true, false
	case "module":
		return true, true
	}
	return false, false
}

// checkScripts reports scripts that hold up rendering or run inline.
func (s *checker) checkScripts() {
	for _, file := range s.order {
		p := s.pages[file]
		walk(p.doc, false, func(n *html.Node, inTemplate bool) {
			if n.Type != html.ElementNode {
				return
			}
			line := p.lines[n]
			for _, a := range n.Attr {
				if a.Namespace == "" && len(a.Key) > 2 && strings.HasPrefix(a.Key, "on") {
					s.addf(CheckScripts, file, line, "<%s %s=…>: inline event handler; attach it from a script file", n.Data, a.Key)
				}
				if (a.Key == "href" || a.Key == "action" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					s.addf(CheckScripts, file, line, "<%s %s=\"javascript:…\">: script in a URL; use a button and a script file", n.Data, a.Key)
				}
			}
			if n.DataAtom != atom.Script || inTemplate {
				return
			}
			typ, _ := attr(n, "type")
			run, module := executable(typ)
			if !run {
				return
			}
			src, hasSrc := attr(n, "src")
			_, deferred := attr(n, "defer")
			_, async := attr(n, "async")
			switch {
			case !hasSrc:
				s.addf(CheckScripts, file, line, "inline script: put it in templates/assets/ and load it with <script src=… defer>")
			case !module && !deferred && !async:
				s.addf(CheckScripts, file, line, "<script src=%q> blocks rendering: add defer", src)
			}
		})
	}
}
