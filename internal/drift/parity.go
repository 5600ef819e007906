package drift

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"guide/internal/markdown"
)

// Parity compares the facts of a translation with its source (see the
// package documentation for the rules). Findings the translation accepts in
// its differences carry their reason.
func Parity(source, translation Page) []Finding {
	t := translation.File
	var out []Finding
	add := func(section, check string, line int, format string, args ...any) {
		f := Finding{File: t.Path, Line: line, Section: section, Check: check, Message: fmt.Sprintf(format, args...)}
		for _, d := range t.Meta.Differences {
			if d.Section == section && d.Check == check {
				f.Reason = d.Reason
			}
		}
		out = append(out, f)
	}
	src := source.File.Path

	// Headings: the same ids in the same order.
	sh, th := headingIDs(source), headingIDs(translation)
	if !slices.Equal(sh, th) {
		for _, id := range sh {
			if !slices.Contains(th, id) {
				add(id, "headings", sectionLine(translation, Intro), "heading #%s of %s is missing here", id, src)
			}
		}
		for _, id := range th {
			if !slices.Contains(sh, id) {
				add(id, "headings", sectionLine(translation, id), "heading #%s is not in %s", id, src)
			}
		}
		if common(sh, th) && len(sh) == len(th) {
			add(Intro, "headings", sectionLine(translation, th[0]), "the headings are in another order than in %s: %s", src, strings.Join(sh, ", "))
		}
	}

	// Checklist items: the same tags (the checklist feature checks the ids).
	tags := map[string][]string{}
	for _, it := range source.Items {
		tags[it.ID] = it.Tags
	}
	for _, it := range translation.Items {
		if want, ok := tags[it.ID]; ok && !slices.Equal(sortedCopy(want), sortedCopy(it.Tags)) {
			add("item-"+it.ID, "items", it.Line, "checklist item %q has the tags %v here but %v in %s", it.ID, it.Tags, want, src)
		}
	}

	// Section by section: lists, numbers, links, callouts.
	ss := byID(source)
	for i, s := range translation.Sections {
		id := s.ID
		if i == 0 && id == "" {
			id = Intro
		}
		o, ok := ss[id]
		if !ok {
			continue
		}
		line := s.Line
		if id == Intro {
			line = sectionLine(translation, Intro)
		}
		what := "section #" + id
		if s.Item {
			what = "checklist item #" + strings.TrimPrefix(id, "item-")
		} else if id == Intro {
			what = "the text before the first heading"
		}
		if s.ListItems != o.ListItems {
			unit := "list items"
			if s.Item {
				unit = "points listed under it"
			}
			add(id, "lists", line, "%s has %d %s here but %d in %s", what, s.ListItems, unit, o.ListItems, src)
		}
		sText, oText := s.Heading+"\n"+s.Text, o.Heading+"\n"+o.Text
		if id == Intro {
			sText = t.Meta.Title + "\n" + t.Meta.Description + "\n" + sText
			oText = source.File.Meta.Title + "\n" + source.File.Meta.Description + "\n" + oText
		}
		sn, so := Numbers(sText), Numbers(oText)
		if miss := sn.missing(so); len(miss) > 0 {
			add(id, "numbers", line, "%s: %s here, not in %s", what, list(miss), src)
		}
		if miss := so.missing(sn); len(miss) > 0 {
			add(id, "numbers", line, "%s: %s in %s, not here", what, list(miss), src)
		}
		if a, b := linkSet(s.Links), linkSet(o.Links); !slices.Equal(a, b) {
			add(id, "links", line, "%s links to %s here but to %s in %s", what, orNone(a), orNone(b), src)
		}
		if !slices.Equal(s.Callouts, o.Callouts) {
			add(id, "callouts", line, "%s has the callouts %s here but %s in %s", what, orNone(s.Callouts), orNone(o.Callouts), src)
		}
	}
	return out
}

func headingIDs(p Page) []string {
	var ids []string
	for _, s := range p.Sections {
		if !s.Item && s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

func common(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func byID(p Page) map[string]markdown.Section {
	out := map[string]markdown.Section{}
	for i, s := range p.Sections {
		id := s.ID
		if i == 0 && id == "" {
			id = Intro
		}
		out[id] = s
	}
	return out
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// linkSet is the sorted, distinct link destinations.
func linkSet(links []string) []string {
	out := slices.Clone(links)
	slices.Sort(out)
	return slices.Compact(out)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func list(ns []string) string {
	if len(ns) == 1 {
		return "the number " + ns[0]
	}
	return "the numbers " + strings.Join(ns, ", ")
}

// numbers are the numbers of a text: written with digits (or as month
// names), and written in words.
type numbers struct {
	digits, words map[string]bool
}

// missing returns the numbers n has with digits that other has in neither
// form, sorted.
func (n numbers) missing(other numbers) []string {
	var out []string
	for d := range n.digits {
		if !other.digits[d] && !other.words[d] {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}
