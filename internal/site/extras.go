package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// extra is an output that is not rendered by a template: the sitemap,
// robots.txt, feeds and assets.
type extra struct {
	name   string
	source string // what makes it, for messages: a file, or "the sitemap"
	data   []byte // nil for a content asset, copied from its file
}

func (e extra) write(m *model, s Sink) error {
	if e.data != nil {
		return s.Write(e.name, e.data)
	}
	f, err := m.src.fsys.Open(e.source)
	if err != nil {
		return fmt.Errorf("%s: %v", e.source, unwrap(err))
	}
	defer f.Close()
	if err := s.WriteFrom(e.name, f); err != nil {
		return fmt.Errorf("%s: %v", e.source, err)
	}
	return nil
}

// read returns the bytes of an extra.
func (e extra) read(m *model) ([]byte, error) {
	if e.data != nil {
		return e.data, nil
	}
	data, err := fs.ReadFile(m.src.fsys, e.source)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", e.source, unwrap(err))
	}
	return data, nil
}

// extras are the outputs that are not rendered by templates, generated ones
// first, then the assets.
func extras(m *model) []extra {
	out := []extra{
		{name: "sitemap.xml", source: "the sitemap", data: sitemap(m)},
		{name: "robots.txt", source: "the robots.txt the build makes", data: robots(m)},
	}
	for _, key := range m.keys {
		for _, p := range m.pages[key] {
			if p.file != nil && p.file.Meta.Feed && !p.untranslated {
				out = append(out, extra{name: strings.TrimSuffix(p.out, "index.html") + "feed.xml", source: "the feed of " + p.file.Path, data: feed(m, p)})
			}
		}
	}
	var assets []extra
	for _, a := range m.src.tmpl.assets {
		assets = append(assets, extra{name: a.Path, source: "the asset " + a.Path, data: a.Data})
	}
	slices.SortFunc(assets, func(x, y extra) int { return strings.Compare(x.name, y.name) })
	out = append(out, assets...)
	for _, p := range m.src.content.Assets {
		out = append(out, extra{name: strings.TrimPrefix(p, ContentDir+"/"), source: p})
	}
	return out
}

func sitemap(m *model) []byte {
	var buf bytes.Buffer
	buf.Grow(400 * len(m.keys) * len(m.langs)) // made again on every preview update: no regrowing
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	link := func(tag, href string) {
		buf.WriteString(`<xhtml:link rel="alternate" hreflang="`)
		buf.WriteString(tag)
		buf.WriteString(`" href="`)
		buf.WriteString(xmlEscape(href))
		buf.WriteString(`"/>`)
	}
	for _, key := range m.keys {
		for _, p := range m.pages[key] {
			if p.untranslated {
				continue
			}
			buf.WriteString("<url><loc>")
			buf.WriteString(xmlEscape(p.permalink))
			buf.WriteString("</loc>")
			if !p.lastmod.IsZero() {
				buf.WriteString("<lastmod>")
				buf.Write(p.lastmod.AppendFormat(buf.AvailableBuffer(), "2006-01-02"))
				buf.WriteString("</lastmod>")
			}
			for _, a := range p.alternates {
				link(m.langs[a.lang].Tag, a.permalink)
			}
			if len(p.alternates) > 0 {
				link("x-default", p.alternates[0].permalink)
			}
			buf.WriteString("</url>\n")
		}
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func robots(m *model) []byte {
	s := "User-agent: *\nAllow: /\n"
	if m.cfg.BaseURL != "/" {
		s += "Sitemap: " + m.cfg.abs(m.cfg.root()+"sitemap.xml") + "\n"
	}
	return []byte(s)
}

// feed is the Atom feed of a section's dated pages, newest first.
func feed(m *model, s *page) []byte {
	var entries []*page
	for _, p := range s.children {
		if !p.date.IsZero() && !p.untranslated {
			entries = append(entries, p)
		}
	}
	slices.SortStableFunc(entries, func(x, y *page) int { return y.date.Compare(x.date) })
	updated := s.date
	for _, e := range entries {
		if u := latest(e); u.After(updated) {
			updated = u
		}
	}
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	fmt.Fprintf(&buf, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">`+"\n", m.langs[s.lang].Tag)
	fmt.Fprintf(&buf, "<title>%s</title>\n<id>%s</id>\n", xmlEscape(s.title), xmlEscape(s.permalink))
	fmt.Fprintf(&buf, `<link rel="alternate" type="text/html" href="%s"/>`+"\n", xmlEscape(s.permalink))
	fmt.Fprintf(&buf, `<link rel="self" href="%s"/>`+"\n", xmlEscape(s.permalink+"feed.xml"))
	fmt.Fprintf(&buf, "<updated>%s</updated>\n", rfc3339(updated))
	for _, e := range entries {
		buf.WriteString("<entry>\n")
		fmt.Fprintf(&buf, "<title>%s</title>\n<id>%s</id>\n", xmlEscape(e.title), xmlEscape(e.permalink))
		fmt.Fprintf(&buf, `<link rel="alternate" type="text/html" href="%s"/>`+"\n", xmlEscape(e.permalink))
		fmt.Fprintf(&buf, "<published>%s</published>\n<updated>%s</updated>\n", rfc3339(e.date), rfc3339(latest(e)))
		if e.description != "" {
			fmt.Fprintf(&buf, "<summary>%s</summary>\n", xmlEscape(e.description))
		}
		fmt.Fprintf(&buf, "<content type=\"html\">%s</content>\n", xmlEscape(e.content()))
		buf.WriteString("</entry>\n")
	}
	buf.WriteString("</feed>\n")
	return buf.Bytes()
}

func latest(p *page) time.Time {
	if p.lastmod.After(p.date) {
		return p.lastmod
	}
	return p.date
}
