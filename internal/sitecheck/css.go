package sitecheck

import (
	"regexp"
	"strings"
)

// The CSS here is read just well enough for the checks: the URLs a
// stylesheet fetches and the font-family declarations with their selectors.
// It is the build's own CSS, not arbitrary CSS from the web.

// blankComments replaces CSS comments with spaces, keeping newlines, so that
// offsets and lines stay those of the file.
func blankComments(src string) string {
	b := []byte(src)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '"' || b[i] == '\'' {
			q := b[i]
			for i++; i < len(b) && b[i] != q && b[i] != '\n'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			continue
		}
		if b[i] != '/' || b[i+1] != '*' {
			continue
		}
		j := strings.Index(string(b[i+2:]), "*/")
		end := len(b)
		if j >= 0 {
			end = i + 2 + j + 2
		}
		for k := i; k < end; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
		i = end - 1
	}
	return string(b)
}

func lineAt(src string, off int) int { return 1 + strings.Count(src[:off], "\n") }

// cssRef is a URL a stylesheet fetches.
type cssRef struct {
	url  string
	line int
}

var (
	cssURLRE    = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)
	cssImportRE = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// cssRefs returns the URLs of url() and @import in CSS source.
func cssRefs(src string) []cssRef {
	src = blankComments(src)
	var refs []cssRef
	for _, re := range []*regexp.Regexp{cssURLRE, cssImportRE} {
		for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
			for g := 2; g+1 < len(m); g += 2 {
				if m[g] >= 0 {
					refs = append(refs, cssRef{url: src[m[g]:m[g+1]], line: lineAt(src, m[0])})
					break
				}
			}
		}
	}
	return refs
}

// cssDecl is one declaration and the selector (prelude) of its rule.
type cssDecl struct {
	selector string // e.g. ":root" or "html:lang(zh) :lang(en)"
	prop     string // lower-case
	value    string
	line     int
}

// cssDecls returns the declarations of CSS source with the innermost
// selector they are under (at-rule blocks such as @media are looked through).
func cssDecls(src string) []cssDecl {
	src = blankComments(src)
	var (
		out   []cssDecl
		stack []string
		start int // where the current piece of text began
		depth int // parentheses
	)
	piece := func(end int) string { return src[start:end] }
	decl := func(end int) {
		text := piece(end)
		prop, value, ok := strings.Cut(text, ":")
		if !ok || len(stack) == 0 || strings.HasPrefix(strings.TrimSpace(stack[len(stack)-1]), "@") {
			return
		}
		lead := len(text) - len(strings.TrimLeft(text, " \t\r\n"))
		out = append(out, cssDecl{
			selector: strings.Join(strings.Fields(stack[len(stack)-1]), " "),
			prop:     strings.ToLower(strings.TrimSpace(prop)),
			value:    strings.TrimSpace(value),
			line:     lineAt(src, start+lead),
		})
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"', '\'':
			for i++; i < len(src) && src[i] != c && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		case '{':
			if depth == 0 {
				stack = append(stack, strings.TrimSpace(piece(i)))
				start = i + 1
			}
		case ';':
			if depth == 0 {
				decl(i)
				start = i + 1
			}
		case '}':
			if depth == 0 {
				decl(i)
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				start = i + 1
			}
		}
	}
	return out
}

// splitTop splits s at commas outside parentheses and strings.
func splitTop(s string) []string {
	var parts []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

// subject is the last compound selector of a complex selector: the element
// the rule styles ("html:lang(zh) :lang(en)" → ":lang(en)").
func subject(sel string) string {
	depth, last := 0, 0
	for i := 0; i < len(sel); i++ {
		switch c := sel[i]; {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && (c == ' ' || c == '>' || c == '+' || c == '~'):
			last = i + 1
		}
	}
	return strings.TrimSpace(sel[last:])
}
