package sitecheck

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readAttrs are the attributes whose text people read or hear, in the
// language of their element.
var readAttrs = map[string]bool{
	"alt": true, "title": true, "placeholder": true, "label": true,
	"aria-label": true, "aria-description": true, "aria-placeholder": true,
	"aria-roledescription": true, "aria-valuetext": true,
}

// hanLanguage reports whether a language tag is one written with Han
// characters (Chinese, Japanese), so that Han text in it is marked right.
func hanLanguage(tag string) bool {
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return primary == "zh" || primary == "ja"
}

// hanRun returns the first run of Han characters in s and how many Han
// characters s has, or "" when it has none.
func hanRun(s string) (run string, count int) {
	start := -1
	for i, r := range s {
		if unicode.Is(unicode.Han, r) {
			count++
			if start < 0 {
				start = i
			}
		} else if start >= 0 && run == "" {
			run = s[start:i]
		}
	}
	if start >= 0 && run == "" {
		run = s[start:]
	}
	return run, count
}

func (s *checker) knownTag(tag string) bool {
	for _, l := range s.cfg.Languages {
		if strings.EqualFold(l.Tag, tag) {
			return true
		}
	}
	return false
}

func (s *checker) tags() string {
	var t []string
	for _, l := range s.cfg.Languages {
		t = append(t, l.Tag)
	}
	return strings.Join(t, ", ")
}

func (s *checker) checkLang() {
	for _, file := range s.order {
		p := s.pages[file]
		switch want := s.langOfFile(file); {
		case p.lang == "":
			s.addf(CheckLang, file, p.langLine, "<html> has no lang attribute")
		case want != nil && !strings.EqualFold(p.lang, want.Tag):
			s.addf(CheckLang, file, p.langLine, "<html lang=%q> on a page under /%s/: it should be %q", p.lang, want.Key, want.Tag)
		}
		var visit func(n *html.Node, lang string)
		visit = func(n *html.Node, lang string) {
			switch n.Type {
			case html.TextNode:
				if par := n.Parent; par != nil && (par.DataAtom == atom.Script || par.DataAtom == atom.Style) {
					return
				}
				s.checkHan(p, n.Parent, lang, "text", n.Data)
				return
			case html.ElementNode:
				line := p.lines[n]
				if v, ok := attr(n, "lang"); ok {
					if !s.knownTag(v) {
						s.addf(CheckLang, file, line, "<%s lang=%q>: not one of the site's languages (%s)", n.Data, v, s.tags())
					}
					lang = v
				}
				if v, ok := attr(n, "hreflang"); ok && !s.knownTag(v) && !(v == "x-default" && n.DataAtom == atom.Link) {
					s.addf(CheckLang, file, line, "<%s hreflang=%q>: not one of the site's languages (%s)", n.Data, v, s.tags())
				}
				for _, a := range n.Attr {
					if a.Namespace == "" && readAttrs[a.Key] {
						s.checkHan(p, n, lang, a.Key+" attribute", a.Val)
					}
				}
				if name, _ := attr(n, "name"); n.DataAtom == atom.Meta && strings.EqualFold(name, "description") {
					content, _ := attr(n, "content")
					s.checkHan(p, n, lang, "meta description", content)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c, lang)
			}
		}
		visit(p.doc, "")
	}
}

// checkHan reports Han characters in text whose language is not one written
// with them.
func (s *checker) checkHan(p *page, el *html.Node, lang, what, text string) {
	if hanLanguage(lang) {
		return
	}
	run, n := hanRun(text)
	if n == 0 {
		return
	}
	line := p.lines[el]
	// The run's own line: its first occurrence from its element's start tag on.
	if off := offsetOfLine(p.src, line); off >= 0 {
		if k := strings.Index(string(p.src[off:]), run); k >= 0 {
			line = lineAt(string(p.src), off+k)
		}
	}
	name := "?"
	if el != nil {
		name = el.Data
	}
	fix := fmt.Sprintf("mark them, e.g. <span lang=%q>%s</span>", s.hanTag(), run)
	if what != "text" || name == "title" {
		fix = "this text cannot hold markup: say it without them, or give the element the language"
	}
	s.addf(CheckLang, p.file, line, "%d Han character(s) in the %s of <%s> whose language is %q, starting %q: %s", n, what, name, lang, run, fix)
}

// hanTag is the tag of the site's first language written with Han
// characters, to suggest in messages.
func (s *checker) hanTag() string {
	for _, l := range s.cfg.Languages {
		if hanLanguage(l.Tag) {
			return l.Tag
		}
	}
	return "zh-Hans"
}

// platformFonts are, for each platform, font families that cover Simplified
// Chinese there (system fonts; the site loads none). On Android, the generic
// sans-serif and serif resolve to Noto Sans/Serif CJK for Chinese text, and
// Noto Sans CJK cannot be relied on by name, so the generic family counts.
var platformFonts = []struct {
	platform string
	families []string
}{
	{"Windows", []string{"microsoft yahei", "microsoft yahei ui", "dengxian", "simhei", "simsun", "nsimsun"}},
	{"macOS", []string{"pingfang sc", "hiragino sans gb", "heiti sc", "stheiti", "songti sc", "stsong"}},
	{"iOS", []string{"pingfang sc", "heiti sc", "stheiti"}},
	{"Android", []string{"noto sans cjk sc", "noto sans sc", "source han sans sc", "sans-serif", "serif"}},
	{"Linux", []string{"noto sans cjk sc", "noto sans sc", "source han sans sc", "source han sans cn", "wenquanyi micro hei", "wenquanyi zen hei", "droid sans fallback"}},
}

var genericFamilies = map[string]bool{"serif": true, "sans-serif": true, "monospace": true, "cursive": true, "fantasy": true, "system-ui": true, "ui-serif": true, "ui-sans-serif": true, "ui-monospace": true, "ui-rounded": true, "math": true}

// chineseSubject reports whether a selector's subject is the whole document
// or Chinese text: the rules whose fonts Chinese text gets.
func chineseSubject(sel string) bool {
	for _, one := range splitTop(sel) {
		sub := strings.ToLower(subject(one))
		if sub == ":root" || sub == "html" || sub == "body" || strings.Contains(sub, ":lang(zh") {
			return true
		}
	}
	return false
}

func (s *checker) checkFonts() {
	chinese := false
	for _, l := range s.cfg.Languages {
		chinese = chinese || hanLanguage(l.Tag)
	}
	if !chinese {
		return
	}
	found := false
	for _, file := range slices.Sorted(maps.Keys(s.css)) {
		for _, d := range cssDecls(s.css[file].src) {
			if d.prop != "font-family" || !chineseSubject(d.selector) {
				continue
			}
			var stack []string
			for _, f := range splitTop(d.value) {
				stack = append(stack, strings.ToLower(strings.Trim(f, `"' `)))
			}
			if len(stack) == 1 && (stack[0] == "inherit" || stack[0] == "initial" || stack[0] == "unset" || stack[0] == "revert") {
				continue
			}
			found = true
			var missing []string
			for _, pf := range platformFonts {
				ok := false
				for _, f := range pf.families {
					for _, g := range stack {
						ok = ok || f == g
					}
				}
				if !ok {
					missing = append(missing, pf.platform+" (e.g. \""+pf.families[0]+"\")")
				}
			}
			if len(missing) > 0 {
				s.addf(CheckFonts, file, d.line, "font stack of %q has no Chinese font for %s", d.selector, strings.Join(missing, ", "))
			}
			if !genericFamilies[stack[len(stack)-1]] {
				s.addf(CheckFonts, file, d.line, "font stack of %q does not end with a generic family such as sans-serif", d.selector)
			}
		}
	}
	if !found {
		s.addf(CheckFonts, "", 0, "no stylesheet gives Chinese text a font stack (a font-family on :root, html, body or :lang(zh))")
	}
}

// offsetOfLine is the byte offset where 1-based line starts in src, or -1.
func offsetOfLine(src []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off
}
