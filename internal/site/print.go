package site

// # The whole guide on one page
//
// A layout can show every page of a language in one document, for printing
// (content/print.<lang>.md with layout: print, say): Site.ReadingOrder lists
// the pages, Page.Anchor names each page's place in the document, and
// Page.PrintContent is a page's content made to sit beside the others'.
//
//   - ReadingOrder is the home page, then the pages below it depth first:
//     each section is followed by the pages under it, and the pages of one
//     section come in the order of Pages (weight, then date, newest first,
//     then title), the order of the menu and of the sections' lists. A page
//     whose front matter says print: false is left out, and so are the pages
//     under it. The 404 pages and the root are never in it.
//   - Anchor is "p" for the home page and "p/" followed by the translation
//     key for the others ("p/documents/spouse"): the id of the page's place
//     in the document, the same in every build.
//   - PrintContent is Content with every id the page defines prefixed with
//     its Anchor and ":" ("basics" becomes "p/documents/spouse:basics"), and
//     every reference to one prefixed the same way: for, form, list, headers,
//     the aria-* attributes that name ids (each name of a list: aria-labelledby,
//     aria-describedby, aria-controls, aria-owns, aria-flowto, aria-details,
//     aria-errormessage, aria-activedescendant), and href="#…". Since no
//     translation key contains ":", the part of an id before its first ":"
//     names its page, and ids never collide between the pages of one
//     document. A link to a page of the reading order (in the same language)
//     points at the page's anchor, or at the prefixed id its fragment names;
//     a link to another page of the site gets that page's permalink (absolute
//     when the base URL is), so that a printed copy says where it leads; any
//     other link is left as it is. Headings go one level down (h1 becomes h2,
//     h2 becomes h3, …; h6 stays h6), under the page's own heading, which
//     the layout gives the level 2.
//
// The rewriting reads the HTML the build converted from Markdown (tags with
// quoted attributes, text escaped); it is not a general HTML parser.

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// ReadingOrder is the pages of this language in reading order (see "The whole
// guide on one page" in print.go).
func (s *Site) ReadingOrder() []*Page {
	return s.m.views(s.m.readingOrder(s.lang, s.r), s.r)
}

// Anchor is the id of the page's place in a document of the reading order:
// "p" for home, "p/documents/spouse".
func (v *Page) Anchor() string { return anchor(v.p.key) }

// PrintContent is Content for a document of the whole reading order: ids
// prefixed with Anchor, links to the pages of the reading order pointing
// inside the document, headings one level down (see print.go).
func (v *Page) PrintContent() template.HTML {
	v.read(fContent)
	return template.HTML(v.m.printContent(v.p, v.r))
}

func anchor(key string) string {
	if key == "" {
		return "p"
	}
	return "p/" + key
}

// printable reports whether p's front matter lets it be printed.
func printable(p *page) bool {
	return p.file == nil || p.file.Meta.Print == nil || *p.file.Meta.Print
}

// readingOrder lists the pages of language lang in reading order, recording
// in r what it read.
func (m *model) readingOrder(lang int, r *recorder) []*page {
	var out []*page
	var walk func(p *page)
	walk = func(p *page) {
		r.page(p.id, fParams|fChildren)
		if !printable(p) {
			return
		}
		out = append(out, p)
		for _, c := range p.children {
			walk(c)
		}
	}
	walk(m.pages[""][lang])
	return out
}

// printContent is p's content rewritten for the document of its language's
// reading order.
func (m *model) printContent(p *page, r *recorder) string {
	order := m.readingOrder(p.lang, r)
	inOrder := make(map[*page]bool, len(order))
	for _, q := range order {
		inOrder[q] = true
	}
	byURL := map[string]*page{}
	for _, key := range m.keys {
		q := m.pages[key][p.lang]
		byURL[q.url] = q
	}
	link := func(href string) (string, bool) {
		rest, frag, hasFrag := strings.Cut(href, "#")
		u, query, hasQuery := strings.Cut(rest, "?")
		q := byURL[u]
		if q == nil {
			return "", false
		}
		r.page(q.id, fURL)
		if inOrder[q] {
			if hasFrag && frag != "" {
				return "#" + anchor(q.key) + ":" + frag, true
			}
			return "#" + anchor(q.key), true
		}
		out := q.permalink
		if hasQuery {
			out += "?" + query
		}
		if hasFrag {
			out += "#" + frag
		}
		return out, true
	}
	return embed(p.content(), anchor(p.key), link)
}

// idAttrs name one id; idListAttrs a list of them, separated by spaces.
var (
	idAttrs     = map[string]bool{"id": true, "for": true, "form": true, "list": true}
	idListAttrs = map[string]bool{
		"headers": true, "aria-labelledby": true, "aria-describedby": true, "aria-controls": true, "aria-owns": true,
		"aria-flowto": true, "aria-details": true, "aria-errormessage": true, "aria-activedescendant": true,
	}
	attrValueRE = regexp.MustCompile(`(\s)([^\s"'>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+)`)
)

// embed rewrites the tags of src, HTML converted from Markdown, for a
// document that holds it with others: ids and references to them prefixed
// with prefix and ":", hrefs given to link (which returns the new value and
// true, or false to leave it), headings one level down.
func embed(src, prefix string, link func(href string) (string, bool)) string {
	var b strings.Builder
	b.Grow(len(src) + len(src)/8)
	for i := 0; i < len(src); {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			b.WriteString(src[i:])
			break
		}
		b.WriteString(src[i : i+j])
		i += j
		if strings.HasPrefix(src[i:], "<!--") {
			end := strings.Index(src[i:], "-->")
			if end < 0 {
				b.WriteString(src[i:])
				break
			}
			b.WriteString(src[i : i+end+3])
			i += end + 3
			continue
		}
		end := tagEnd(src, i)
		if end == 0 { // a "<" that starts no tag
			b.WriteByte('<')
			i++
			continue
		}
		if end < 0 { // a tag that does not end
			b.WriteString(src[i:])
			break
		}
		b.WriteString(embedTag(src[i:end], prefix, link))
		i = end
	}
	return b.String()
}

// tagEnd is the index just after the tag that starts at src[i] ('<'), 0
// when src[i] starts no tag, -1 when the tag does not end.
func tagEnd(src string, i int) int {
	k := i + 1
	if k < len(src) && src[k] == '/' {
		k++
	}
	if k >= len(src) || !isLetter(src[k]) {
		return 0
	}
	var quote byte
	for ; k < len(src); k++ {
		c := src[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k + 1
		}
	}
	return -1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// embedTag rewrites one tag ("<h2 id=\"x\">", "</h2>").
func embedTag(tag, prefix string, link func(string) (string, bool)) string {
	start := 1
	if tag[1] == '/' {
		start = 2
	}
	end := start
	for end < len(tag) && (isLetter(tag[end]) || tag[end] >= '0' && tag[end] <= '9') {
		end++
	}
	name := strings.ToLower(tag[start:end])
	if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' {
		level := min(name[1]-'0'+1, 6)
		tag = tag[:start] + "h" + string('0'+level) + tag[end:]
	}
	if start == 2 {
		return tag
	}
	return attrValueRE.ReplaceAllStringFunc(tag, func(a string) string {
		m := attrValueRE.FindStringSubmatch(a)
		attr, raw := strings.ToLower(m[2]), m[4]
		if raw[0] == '"' || raw[0] == '\'' {
			raw = raw[1 : len(raw)-1]
		}
		val := html.UnescapeString(raw)
		switch {
		case idAttrs[attr] && val != "":
			val = prefix + ":" + val
		case idListAttrs[attr]:
			ids := strings.Fields(val)
			for i, id := range ids {
				ids[i] = prefix + ":" + id
			}
			val = strings.Join(ids, " ")
		case attr == "href" && strings.HasPrefix(val, "#"):
			if val == "#" {
				val = "#" + prefix
			} else {
				val = "#" + prefix + ":" + val[1:]
			}
		case attr == "href":
			v, ok := link(val)
			if !ok {
				return a
			}
			val = v
		default:
			return a
		}
		return m[1] + m[2] + m[3] + `"` + html.EscapeString(val) + `"`
	})
}
