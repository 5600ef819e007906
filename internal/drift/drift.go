// Package drift tells when a translation no longer says what its source
// says: which sections of the source changed since the translation was last
// checked (staleness), and which facts differ between them (parity).
//
// # Sections and their hashes
//
// A page is compared section by section (package markdown's Sections): the
// text before the first heading together with the title and description
// (id "_"), each heading's section (by heading id) and each checklist item
// (by "item-<id>"); translations share these ids. A section's hash covers
// its meaningful text only: its heading and plain text, its link
// destinations and its callouts, after Unicode NFKC normalisation with every
// space removed. So a whitespace-only or formatting-only edit of the source
// (re-wrapping a paragraph, bold, a list marker) changes no hash, and a
// changed word, number, link or callout does.
//
// # Staleness
//
// A translation records what it was translated from in its front matter,
// written by "guide translate":
//
//	translation:
//	  from: zh
//	  checked: 2026-12-02
//	  sections: {_: 3f9a1c, fees: 0b7d22, item-passport: 9e41aa}
//
// Stale compares these hashes with the source's sections now and reports
// each section that changed, appeared or went away since the translation
// was checked. It needs no version control.
//
// # Parity
//
// Parity checks, section by section, what can be checked mechanically
// between a source and a translation, so that an honest translation passes
// (other word order, plural forms, a number written in words) and a missing
// fact fails:
//
//	headings  the same heading ids in the same order
//	items     the same checklist items with the same tags
//	lists     the same number of list items in each section, and of points
//	          under each checklist item
//	numbers   every number written with digits in one language appears in the
//	          other, with digits or in words. Dates count by their parts
//	          (2023年11月7日, 7 November 2023 and 2023-11-07 are 2023, 11 and
//	          7); 1,500 and 1500 are one number; month names count as their
//	          numbers. Number words are known for English and Chinese
//	          (五十, 两, fifty, six); other languages compare digits only
//	links     the same external link destinations and the same internal
//	          link targets
//	callouts  the same callouts ([!WARNING], [!NOTE] …) in the same order
//
// A translation may declare a deliberate difference in its front matter,
// with a reason a reader would agree with; the finding is then listed as
// accepted rather than reported:
//
//	differences:
//	  - {section: holidays-2026, check: numbers, reason: The Chinese text names the holidays by date ranges.}
package drift

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"guide/internal/content"
	"guide/internal/markdown"

	"golang.org/x/text/unicode/norm"
)

// Intro is the id of the part of a page before its first heading, with its
// title and description.
const Intro = "_"

// Checks are the names of the parity rules, for front-matter differences.
var Checks = []string{"headings", "items", "lists", "numbers", "links", "callouts"}

// Page is one file of a page, as drift compares it.
type Page struct {
	File     *content.File // its path, language and front matter
	Sections []markdown.Section
	Items    []markdown.Item
}

// Finding is one difference between a translation and its source.
type Finding struct {
	File    string // the translation
	Line    int
	Section string // the section's id
	Check   string // "stale", or a parity rule
	Message string
	Reason  string // when the page accepts the difference (differences:), why
	Source  string // the source's file
	Was     string // for a changed section: its hash when the translation was checked
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message)
}

// Hashes returns the hash of every section of a page, by id.
func Hashes(p Page) map[string]string {
	out := map[string]string{}
	for id, text := range Texts(p) {
		out[id] = hash(text)
	}
	return out
}

// Texts returns what the hash of each section of a page covers, by id:
// for showing what changed in a section.
func Texts(p Page) map[string]string {
	out := map[string]string{}
	for i, s := range p.Sections {
		text := s.Heading + "\n" + s.Text + "\n" + strings.Join(s.Links, "\n") + "\n" + strings.Join(s.Callouts, "\n")
		id := s.ID
		if i == 0 && id == "" {
			id = Intro
			text = p.File.Meta.Title + "\n" + p.File.Meta.Description + "\n" + text
		}
		out[id] = strings.TrimSpace(text)
	}
	return out
}

// Hash is the hash of a section's text (as Texts gives it).
func Hash(text string) string { return hash(text) }

func hash(text string) string {
	text = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(text))
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:3])
}

// Stamp is the stamp a translation of source gets when it is checked on day.
func Stamp(source Page, day time.Time) *content.Stamp {
	st := &content.Stamp{From: source.File.Lang, Sections: Hashes(source)}
	st.Checked.Time = day
	return st
}

// sectionLine is the line of section id in a page, or of its translation
// stamp, or of its front matter, for messages.
func sectionLine(p Page, id string) int {
	for i, s := range p.Sections {
		if s.ID == id || i == 0 && id == Intro {
			if id == Intro {
				return p.File.Line("title")
			}
			return s.Line
		}
	}
	return p.File.Line("translation")
}

// Stale reports the sections of source that changed since translation was
// checked against it.
func Stale(source, translation Page) []Finding {
	t := translation.File
	st := t.Meta.Translation
	if st == nil {
		return []Finding{{File: t.Path, Line: 1, Section: Intro, Check: "stale",
			Message: fmt.Sprintf("no translation stamp: once this translation says what %s says, run guide translate %s", source.File.Path, t.Path)}}
	}
	var out []Finding
	if st.From != source.File.Lang {
		return []Finding{{File: t.Path, Line: t.Line("translation"), Section: Intro, Check: "stale",
			Message: fmt.Sprintf("translation: from %s, but the source of this page is %s (run guide translate %s)", st.From, source.File.Path, t.Path)}}
	}
	date := st.Checked.Format(time.DateOnly)
	now := Hashes(source)
	for _, s := range orderedIDs(source) {
		was, ok := st.Sections[s]
		switch {
		case !ok:
			out = append(out, Finding{File: t.Path, Line: sectionLine(translation, s), Section: s, Check: "stale",
				Message: fmt.Sprintf("section #%s is new in the %s source since this translation was checked (%s)", s, st.From, date)})
		case was != now[s]:
			out = append(out, Finding{File: t.Path, Line: sectionLine(translation, s), Section: s, Check: "stale", Was: was,
				Message: fmt.Sprintf("section #%s: the %s source changed since this translation was checked (%s)", s, st.From, date)})
		}
	}
	for i := range out {
		out[i].Source = source.File.Path
	}
	var gone []string
	for s := range st.Sections {
		if _, ok := now[s]; !ok {
			gone = append(gone, s)
		}
	}
	slices.Sort(gone)
	for _, s := range gone {
		out = append(out, Finding{File: t.Path, Line: sectionLine(translation, s), Section: s, Check: "stale", Source: source.File.Path,
			Message: fmt.Sprintf("section #%s was removed from the %s source since this translation was checked (%s)", s, st.From, date)})
	}
	return out
}

// orderedIDs are the section ids of a page in order, the intro first.
func orderedIDs(p Page) []string {
	ids := make([]string, 0, len(p.Sections))
	for i, s := range p.Sections {
		if i == 0 && s.ID == "" {
			ids = append(ids, Intro)
			continue
		}
		ids = append(ids, s.ID)
	}
	return ids
}
