package search

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// manifest is index.json.
type manifest struct {
	lang      string
	docs      int
	terms     []string // first token of each term shard
	docShards []int    // pages in each page shard
	synonyms  [][]string
	dir       string            // shard directory, relative to index.json
	inline    map[string][]byte // or the shards themselves, by name
}

func (m *manifest) encode() []byte {
	b := []byte(`{"version":`)
	b = strconv.AppendInt(b, Version, 10)
	b = append(b, `,"lang":`...)
	b = appendString(b, m.lang)
	b = append(b, `,"docs":`...)
	b = strconv.AppendInt(b, int64(m.docs), 10)
	b = append(b, `,"terms":[`...)
	for i, t := range m.terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, t)
	}
	b = append(b, `],"docShards":[`...)
	for i, n := range m.docShards {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	b = append(b, `],"synonyms":[`...)
	for i, g := range m.synonyms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, s := range g {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		b = append(b, ']')
	}
	b = append(b, ']')
	if m.inline != nil {
		b = append(b, `,"shards":{`...)
		names := make([]string, 0, len(m.inline))
		for name := range m.inline {
			names = append(names, name)
		}
		slices.SortFunc(names, func(a, b string) int {
			x, _ := strconv.Atoi(a[1:])
			y, _ := strconv.Atoi(b[1:])
			return x - y
		})
		for i, name := range names {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, name)
			b = append(b, ':')
			b = append(b, strings.TrimSuffix(string(m.inline[name]), "\n")...)
		}
		b = append(b, '}')
	} else {
		b = append(b, `,"dir":`...)
		b = appendString(b, m.dir)
	}
	return append(b, "}\n"...)
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x80 {
			// Three-byte sequences without overlong or surrogate forms (most
			// of Chinese) quickly; others decoded.
			if (0xE1 <= c && c <= 0xEC || c == 0xEE || c == 0xEF) && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
				i += 3
				continue
			}
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size > 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i++
			start = i
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
