package site

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/drift"
	"guide/internal/markdown"
)

// Translation drift (package drift): a page's source is its file in the
// first language of the site that has one; its other files are
// translations. guide check reports stale sections and parity findings of
// every translation; readers of a translation whose source changed since it
// was checked see a notice at each such section (and at the top when the
// page was never checked, or its title or first part changed), with a link
// to the same place in the source language.

// Drift is what guide check reports about translations.
type Drift struct {
	Findings []drift.Finding `json:"findings"` // stale sections and parity differences, to fix
	Accepted []drift.Finding `json:"accepted"` // differences the pages declare, with their reasons
}

// source returns the page of a key whose file is the source of the others,
// or nil.
func (m *model) source(key string) *page {
	for _, p := range m.pages[key] {
		if p.file != nil && !p.untranslated {
			return p
		}
	}
	return nil
}

// driftPage is a page as package drift compares it: links to other pages
// are written as their root-relative path without the language ("/fees/"),
// the same in every language.
func (m *model) driftPage(p *page) drift.Page {
	dp := drift.Page{File: p.file}
	if p.doc == nil {
		return dp
	}
	dp.Items = p.doc.Checklist
	prefix := m.cfg.root() + langToken + "/"
	for _, s := range p.doc.Sections {
		if slices.ContainsFunc(s.Links, func(l string) bool { return strings.HasPrefix(l, prefix) }) {
			s.Links = slices.Clone(s.Links)
			for i, l := range s.Links {
				if rest, ok := strings.CutPrefix(l, prefix); ok {
					s.Links[i] = "/" + rest
				}
			}
		}
		dp.Sections = append(dp.Sections, s)
	}
	return dp
}

// notice is a reader's notice to insert into a page's HTML: after the
// heading with id heading, after the label of checklist item item, or (both
// empty) at the top.
type notice struct {
	heading, item, html string
}

// withNotices is html with the notices inserted.
func withNotices(h string, ns []notice) string {
	for _, n := range ns {
		switch {
		case n.item != "":
			h = insertAfter(h, `id="item-`+html.EscapeString(n.item)+`"`, "</label>\n", n.html)
		case n.heading != "":
			h = insertAfterHeading(h, n.heading, n.html)
		default:
			h = n.html + h
		}
	}
	return h
}

// staleNotices are the notices of a translation: one after each stale
// section's heading (or checklist item's label), and one at the top when the
// whole page may be out of date.
func (m *model) staleNotices(p, src *page, stale []drift.Finding) []notice {
	lang := m.langs[p.lang].Key
	checked := ""
	if st := p.file.Meta.Translation; st != nil && !st.Checked.IsZero() {
		if layout, err := m.src.cat.T(lang, "date_layout"); err == nil {
			checked = st.Checked.Format(layout)
		} else {
			checked = st.Checked.Format(time.DateOnly)
		}
	}
	// The source language's name in the reader's language ("Chinese"), from
	// the UI string language.<key>, else its own name.
	name, err := m.src.cat.T(lang, "language."+m.langs[src.lang].Key)
	if err != nil {
		name = m.langs[src.lang].Name
	}
	text := func(msgID, anchor string) string {
		text, _ := m.src.cat.T(lang, msgID, "Language", name, "Date", checked)
		title, _ := m.src.cat.T(lang, "drift.title")
		link, _ := m.src.cat.T(lang, "drift.read_source", "Language", name)
		href := src.url
		if anchor != "" {
			href += "#" + anchor
		}
		tag := m.langs[src.lang].Tag
		return `<div class="callout callout-stale" role="note">` + "\n" +
			`<p class="callout-title">` + html.EscapeString(title) + "</p>\n" +
			`<p>` + html.EscapeString(text) + ` <a href="` + html.EscapeString(href) + `" hreflang="` + tag + `">` + html.EscapeString(link) + "</a></p>\n</div>\n"
	}
	var out []notice
	whole := false
	for _, f := range stale {
		if f.Section == drift.Intro || p.file.Meta.Translation == nil {
			whole = true
			continue
		}
		if id, ok := strings.CutPrefix(f.Section, "item-"); ok {
			out = append(out, notice{item: id, html: text("drift.item", f.Section)})
			continue
		}
		out = append(out, notice{heading: f.Section, html: text("drift.section", f.Section)})
	}
	if whole {
		msg := "drift.page"
		if p.file.Meta.Translation == nil {
			msg = "drift.unchecked"
		}
		out = append(out, notice{html: text(msg, "")})
	}
	return out
}

// insertAfterHeading inserts s after the heading element with id id.
func insertAfterHeading(h, id, s string) string {
	i := strings.Index(h, ` id="`+html.EscapeString(id)+`"`)
	if i < 0 {
		return h
	}
	start := strings.LastIndex(h[:i], "<h")
	if start < 0 || len(h) < start+3 {
		return h
	}
	return insertAfter(h, ` id="`+html.EscapeString(id)+`"`, "</h"+h[start+2:start+3]+">\n", s)
}

// insertAfter inserts s after the first end that follows marker in h.
func insertAfter(h, marker, end, s string) string {
	i := strings.Index(h, marker)
	if i < 0 {
		return h
	}
	j := strings.Index(h[i:], end)
	if j < 0 {
		return h
	}
	k := i + j + len(end)
	return h[:k] + s + h[k:]
}

// Translated is what Translate made.
type Translated struct {
	Path    string // the translation's file
	Source  string // its source's file
	Data    []byte // the translation's new bytes
	Created bool   // there was no translation: Data is a copy of the source
}

// Translate stamps the translation of page key into language lang as
// checked against its source on day (see package drift): it returns the
// translation's file with its "translation:" front matter replaced and
// nothing else changed, or, when the page has no file in lang yet, a copy of
// the source with the stamp and every heading's id written out, ready to
// translate. It writes nothing.
func Translate(ctx context.Context, fsys fs.FS, opts Options, key, lang string, day time.Time) (*Translated, error) {
	src, err := load(fsys, opts)
	if err != nil {
		return nil, err
	}
	m := index(src, opts)
	if err := convertAndValidate(ctx, m, nil, nil, false); err != nil {
		return nil, err
	}
	li := m.langIndex(lang)
	if li < 0 {
		return nil, fmt.Errorf("no language %q in %s (the languages are %s)", lang, ConfigFile, strings.Join(m.cfg.langKeys(), ", "))
	}
	if m.pages[key] == nil {
		return nil, fmt.Errorf("no page %q in %s/", key, ContentDir)
	}
	source := m.source(key)
	if source == nil {
		return nil, fmt.Errorf("page %q has no file", key)
	}
	if source.lang == li {
		return nil, fmt.Errorf("%s is the source of this page; translate it into another language", source.file.Path)
	}
	stamp := drift.Stamp(m.driftPage(source), day)
	var block strings.Builder
	fmt.Fprintf(&block, "translation:\n  from: %s\n  checked: %s\n  sections: {", stamp.From, day.Format(time.DateOnly))
	for i, s := range source.doc.Sections {
		id := s.ID
		if i == 0 && id == "" {
			id = drift.Intro
		}
		if i > 0 {
			block.WriteString(", ")
		}
		fmt.Fprintf(&block, "%s: %s", strconv.Quote(id), strconv.Quote(stamp.Sections[id]))
	}
	block.WriteString("}\n")
	t := &Translated{Source: source.file.Path}
	var data []byte
	if p := m.pages[key][li]; p.file != nil && !p.untranslated {
		t.Path = p.file.Path
		if data, err = fs.ReadFile(fsys, t.Path); err != nil {
			return nil, diag.Errorf(t.Path, 0, "%v", unwrap(err))
		}
	} else {
		t.Path, t.Created = translationPath(source.file, lang), true
		if data, err = fs.ReadFile(fsys, source.file.Path); err != nil {
			return nil, diag.Errorf(source.file.Path, 0, "%v", unwrap(err))
		}
		data = explicitIDs(data, source.doc.Headings)
	}
	if t.Data, err = content.SetFrontMatter(t.Path, data, "translation", block.String()); err != nil {
		return nil, err
	}
	return t, nil
}

// translationPath is where the translation into lang of source goes.
func translationPath(source *content.File, lang string) string {
	dir, base := path.Split(source.Path)
	stem := strings.TrimSuffix(base, ".md")
	if i := strings.LastIndexByte(stem, '.'); i >= 0 && stem[i+1:] == source.Lang {
		stem = stem[:i]
	}
	return dir + stem + "." + lang + ".md"
}

// explicitIDs writes each heading's id into its line ("## 费用 {#fees}"), so
// that a translation keeps the ids its source's headings were given.
func explicitIDs(src []byte, headings []markdown.Heading) []byte {
	lines := bytes.SplitAfter(src, []byte("\n"))
	for _, h := range headings {
		i := h.Line - 1
		if i < 0 || i >= len(lines) || bytes.Contains(lines[i], []byte("{#")) || !bytes.HasPrefix(bytes.TrimSpace(lines[i]), []byte("#")) {
			continue
		}
		l := bytes.TrimRight(lines[i], "\r\n")
		lines[i] = append(append(slices.Clip(l), []byte(" {#"+h.ID+"}")...), lines[i][len(l):]...)
	}
	return bytes.Join(lines, nil)
}

// SectionTexts converts data as the content file at path (another version
// of it, say from version control) the way the build converted the file, and
// returns what package drift hashes of each section, by id: so that guide
// check can show what changed in a source since a translation was checked.
func (r *Result) SectionTexts(path string, data []byte) (map[string]string, error) {
	m := r.m
	f, err := m.src.contentConfig().Parse(path, data)
	if err != nil {
		return nil, err
	}
	c := convertFile(m, f)
	if c.doc == nil {
		return nil, c.err
	}
	p := &page{file: f, doc: c.doc}
	return drift.Texts(m.driftPage(p)), nil
}
