package sitecheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is one HTML file of the built site.
type page struct {
	file  string
	url   *url.URL
	src   []byte
	doc   *html.Node
	lines map[*html.Node]int // element → line of its start tag

	lang     string          // <html lang>; "" when missing
	langLine int             //
	ids      map[string]bool // ids and <a name> outside <template>
	allIDs   map[string]bool // the above and those inside <template>
	refs     []ref           // every URL in the page
	canon    []ref           // rel=canonical links
	alts     []alt           // rel=alternate hreflang links
}

// refKind says what the browser does with a URL.
type refKind int

const (
	navigation refKind = iota // followed when the reader chooses: a, area, form action
	resource                  // fetched with the page: script, stylesheet, image, icon, …
	metadata                  // rel=canonical, rel=alternate: read by machines, not fetched
)

// ref is a URL in a page.
type ref struct {
	kind       refKind
	tag, attr  string // where it is: "a", "href"
	raw        string // as written
	rel        string // <link rel>, lower-case
	line       int
	inTemplate bool // inside a <template>: exists only once a script uses it
}

// alt is a rel=alternate hreflang link.
type alt struct {
	hreflang string
	href     string // as written
	line     int
}

// stylesheet is a CSS file of the built site.
type stylesheet struct {
	file string
	src  string
}

func load(fsys fs.FS, cfg Config) (*checker, error) {
	origin, basePath, err := parseBase(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	s := &checker{fsys: fsys, cfg: cfg, origin: origin, basePath: basePath,
		files: map[string]bool{}, pages: map[string]*page{}, css: map[string]*stylesheet{}}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			s.files[p] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sitecheck: reading the site: %w", err)
	}
	for file := range s.files {
		switch {
		case strings.HasSuffix(file, ".html"):
			src, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil, err
			}
			p, err := s.parsePage(file, src)
			if err != nil {
				s.addf(CheckLinks, file, 0, "cannot parse HTML: %v", err)
				continue
			}
			s.pages[file] = p
			s.order = append(s.order, file)
		case strings.HasSuffix(file, ".css"):
			src, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil, err
			}
			s.css[file] = &stylesheet{file: file, src: string(src)}
		}
	}
	slices.Sort(s.order)
	if len(s.order) == 0 {
		return nil, fmt.Errorf("sitecheck: the site has no HTML pages (is it the output of guide build?)")
	}
	return s, nil
}

// parsePage parses one HTML file and collects what the checks need.
func (s *checker) parsePage(file string, src []byte) (*page, error) {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	p := &page{file: file, url: s.pageURL(file), src: src, doc: doc, lines: startLines(src, doc),
		ids: map[string]bool{}, allIDs: map[string]bool{}}
	walk(doc, false, func(n *html.Node, inTemplate bool) {
		if n.Type != html.ElementNode {
			return
		}
		line := p.lines[n]
		if n.DataAtom == atom.Html && n.Parent == doc {
			p.lang, _ = attr(n, "lang")
			p.langLine = line
		}
		targets := []string{}
		if id, ok := attr(n, "id"); ok {
			targets = append(targets, id)
		}
		if name, ok := attr(n, "name"); ok && n.DataAtom == atom.A {
			targets = append(targets, name) // <a name> is a fragment target too
		}
		for _, id := range targets {
			if id != "" {
				p.allIDs[id] = true
				if !inTemplate {
					p.ids[id] = true
				}
			}
		}
		rel, _ := attr(n, "rel")
		add := func(kind refKind, a, v string) {
			p.refs = append(p.refs, ref{kind: kind, tag: n.Data, attr: a, raw: v, rel: strings.ToLower(rel), line: line, inTemplate: inTemplate})
		}
		for _, a := range n.Attr {
			if a.Namespace != "" && a.Namespace != "xlink" {
				continue
			}
			switch kind, ok := refAttr(n, a.Key); {
			case !ok:
			case a.Key == "srcset" || a.Key == "imagesrcset":
				for _, c := range strings.Split(a.Val, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						add(kind, a.Key, f[0])
					}
				}
			case a.Key == "content": // <meta http-equiv=refresh content="0; url=…">
				if _, u, ok := strings.Cut(strings.ToLower(a.Val), "url="); ok {
					add(kind, a.Key, strings.Trim(a.Val[len(a.Val)-len(u):], `'" `))
				}
			default:
				add(kind, a.Key, a.Val)
			}
		}
		if n.DataAtom == atom.Link {
			rel := relSet(n)
			href, _ := attr(n, "href")
			if rel["canonical"] {
				p.canon = append(p.canon, ref{kind: metadata, tag: "link", attr: "href", raw: href, line: line})
			}
			if hl, ok := attr(n, "hreflang"); ok && rel["alternate"] {
				p.alts = append(p.alts, alt{hreflang: hl, href: href, line: line})
			}
		}
	})
	return p, nil
}

// refAttr says whether attribute key of element n holds a URL, and what kind.
func refAttr(n *html.Node, key string) (refKind, bool) {
	switch key {
	case "href":
		switch n.DataAtom {
		case atom.A, atom.Area:
			return navigation, true
		case atom.Link:
			rel := relSet(n)
			for _, r := range []string{"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"} {
				if rel[r] {
					return resource, true
				}
			}
			return metadata, true
		case atom.Base:
			return metadata, true
		}
		if n.Namespace == "svg" { // <a href>, <use href>, <image href> in SVG
			if n.Data == "a" {
				return navigation, true
			}
			return resource, true
		}
	case "src":
		return resource, true
	case "srcset", "imagesrcset", "poster", "background":
		return resource, true
	case "data":
		return resource, n.DataAtom == atom.Object
	case "action", "formaction", "cite":
		return navigation, true
	case "content":
		if v, _ := attr(n, "http-equiv"); n.DataAtom == atom.Meta && strings.EqualFold(v, "refresh") {
			return navigation, true
		}
	}
	return 0, false
}

func relSet(n *html.Node) map[string]bool {
	v, _ := attr(n, "rel")
	m := map[string]bool{}
	for _, r := range strings.Fields(strings.ToLower(v)) {
		m[r] = true
	}
	return m
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// walk calls f for n and every node below it in document order, saying
// whether the node is inside a <template>.
func walk(n *html.Node, inTemplate bool, f func(n *html.Node, inTemplate bool)) {
	f(n, inTemplate)
	in := inTemplate || n.Type == html.ElementNode && n.DataAtom == atom.Template
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, in, f)
	}
}

// startLines finds the line of every element's start tag. The parser does
// not keep positions, so the tokenizer's start tags are matched to the tree's
// elements in document order (the same order for the valid HTML the build
// writes); elements the parser implied (a missing <tbody>) get the line of
// the next start tag.
func startLines(src []byte, doc *html.Node) map[*html.Node]int {
	type tag struct {
		name  string
		attrs []html.Attribute
		line  int
	}
	var tags []tag
	z := html.NewTokenizer(bytes.NewReader(src))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			t := z.Token()
			tags = append(tags, tag{name: t.Data, attrs: t.Attr, line: line})
		}
		line += bytes.Count(raw, []byte("\n"))
	}
	lines := map[*html.Node]int{}
	next := 0
	walk(doc, false, func(n *html.Node, _ bool) {
		if n.Type != html.ElementNode {
			return
		}
		for j := next; j < len(tags) && j < next+4; j++ {
			if strings.EqualFold(tags[j].name, n.Data) && sameAttrs(tags[j].attrs, n.Attr) {
				lines[n] = tags[j].line
				next = j + 1
				return
			}
		}
		if next < len(tags) {
			lines[n] = tags[next].line
		}
	})
	return lines
}

func sameAttrs(a, b []html.Attribute) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i].Key, b[i].Key) || a[i].Val != b[i].Val {
			return false
		}
	}
	return true
}
