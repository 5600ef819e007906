package markdown

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkTransformer rewrites links to content files into page URLs and rejects
// script URLs.
type linkTransformer struct{}

func (*linkTransformer) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	st := getState(pc)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link:
			if st.tooManyLinkBytes(n, t.Destination, t.Title) {
				t.Destination, t.Title = nil, nil
				break
			}
			t.Destination = st.rewrite(n, t.Destination)
		case *ast.Image:
			if st.tooManyLinkBytes(n, t.Destination, t.Title) {
				t.Destination, t.Title = nil, nil
				break
			}
			if dangerous(t.Destination) {
				st.errorf(n, "image source %q uses a script URL", t.Destination)
			}
		case *ast.AutoLink:
			if dangerous(t.URL(st.src)) {
				st.errorf(n, "link %q uses a script URL", t.URL(st.src))
			}
		}
		return ast.WalkContinue, nil
	})
}

// tooManyLinkBytes counts the bytes of a link's destination and title, and
// reports whether the page's links have gone past maxLinkBytes (saying so
// once). Link reference definitions can repeat a long URL on every use;
// the links past the limit are rendered without one, so that the page
// cannot render to far more than its size.
func (st *state) tooManyLinkBytes(n ast.Node, dest, title []byte) bool {
	limit := maxLinkBytes(len(st.src))
	before := st.linkBytes
	st.linkBytes += len(dest) + len(title)
	if st.linkBytes <= limit {
		return false
	}
	if before <= limit {
		st.errorf(n, "the links of the page add up to more than %s of URLs and titles (the page is %s): a link reference definition with a long URL or title is used too often; shorten it, or link to it less", size(limit), size(len(st.src)))
	}
	return true
}

// dangerous reports URLs that would run code when followed.
func dangerous(dest []byte) bool {
	d := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1 // browsers ignore control characters and spaces in schemes
		}
		return r
	}, string(dest)))
	return strings.HasPrefix(d, "javascript:") || strings.HasPrefix(d, "vbscript:") || strings.HasPrefix(d, "data:")
}

// rewrite returns the URL a link destination should have.
func (st *state) rewrite(n ast.Node, dest []byte) []byte {
	if dangerous(dest) {
		st.errorf(n, "link %q uses a script URL", dest)
		return nil
	}
	raw := string(dest)
	u, err := url.Parse(raw)
	if err != nil {
		st.errorf(n, "link %q is not a valid URL: %v", raw, err)
		return dest
	}
	if u.Scheme != "" || u.Host != "" || !strings.HasSuffix(u.Path, ".md") {
		return dest // external, in-page, or not a content file
	}
	if !utf8.ValidString(u.Path) {
		st.errorf(n, "link %q: its %%-escapes do not decode to UTF-8 text", raw)
		return dest
	}
	target := u.Path
	if !strings.HasPrefix(target, "/") {
		target = path.Join(path.Dir(strings.TrimPrefix(st.ctx.File, "content/")), target)
	}
	target = strings.TrimPrefix(path.Clean("/"+target), "/")
	line := st.nodeLine(n)
	st.doc.Links = append(st.doc.Links, Link{Target: target, Fragment: u.Fragment, Line: line})
	if st.ctx.Resolve == nil {
		return dest
	}
	href, ok := st.ctx.Resolve(target)
	if !ok {
		st.errs.Addf(st.ctx.File, line, "link to %s: no such page (content/%s does not exist in any language)", raw, target)
		return dest
	}
	var b bytes.Buffer
	b.WriteString(href)
	if u.RawQuery != "" {
		b.WriteString("?" + u.RawQuery)
	}
	if u.Fragment != "" {
		b.WriteString("#" + u.EscapedFragment())
	}
	return b.Bytes()
}
