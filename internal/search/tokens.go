package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxMarks is the most combining characters a cluster keeps; more are
// dropped. (Normalisers differ on very long runs of marks: x/text inserts
// U+034F after 30 of them, browsers do not.)
const maxMarks = 16

// maxWord is the most characters a word token keeps, after stemming.
const maxWord = 32

// unit is one searchable piece of a text: a word, or one Han (or kana)
// character. Its text is in the tokenizer's buffer.
type unit struct {
	off, n int32 // text is buf[off:off+n]
	han    bool
	join   bool // a Han character that follows another of its run
	r      rune // a Han unit's character
}

// tokenizer splits text into units. The zero value is ready; it reuses its
// buffers from one call to the next and is not safe for concurrent use.
type tokenizer struct {
	buf   []byte
	units []unit
	norm  []byte // one normalised cluster
	word  int    // where the word being read starts in buf

	inWord  bool
	apos    bool // an apostrophe follows the word being read
	lastHan bool // the last unit is Han and nothing but white space followed it
	spaced  bool // … white space that is not a line break …
	broke   bool // … and a line break
	tail    bool // the last character read is part of a word or is Han
}

// split replaces t.units with the units of s.
func (t *tokenizer) split(s string) []unit {
	t.buf = t.buf[:0]
	t.units = t.units[:0]
	t.inWord, t.apos, t.lastHan, t.spaced, t.broke, t.tail = false, false, false, false, false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			// ASCII, and no combining character can follow: the fast path,
			// a whole run of ASCII letters and digits at once (but for the
			// last one before other characters, which may be marks).
			j := i
			for j < len(s) && asciiWord[s[j]] != 0 {
				j++
			}
			if j < len(s) && s[j] >= utf8.RuneSelf {
				j--
			}
			if j <= i {
				if c == ' ' {
					t.endWord()
					t.spaced, t.tail = true, false
				} else {
					t.rune(rune(c))
				}
				i++
				continue
			}
			if !t.inWord {
				t.word = len(t.buf)
			}
			k := len(t.buf)
			t.buf = append(t.buf, s[i:j]...)
			for b := t.buf[k:]; len(b) > 0; b = b[1:] {
				b[0] = asciiWord[b[0]]
			}
			i = j
			t.inWord, t.tail, t.apos, t.lastHan = true, true, false, false
			continue
		}
		if 0xE4 <= c && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(i+3 == len(s) || s[i+3] < utf8.RuneSelf || 0xE4 <= s[i+3] && s[i+3] <= 0xE9) {
			// U+4000 to U+9FFF, and no combining character follows (none is
			// in that range): Han, but for the Yijing hexagrams (U+4DC0 to
			// U+4DFF), which rune handles.
			r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			if r >= 0x4E00 {
				t.hanBytes(r, s[i:i+3])
			} else {
				t.rune(r)
			}
			i += 3
			continue
		}
		r, size := rune(c), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		j := i + size
		marks := 0
		for j < len(s) {
			m, msize := rune(s[j]), 1
			if m >= utf8.RuneSelf {
				m, msize = utf8.DecodeRuneInString(s[j:])
			}
			if !attaches(m) {
				break
			}
			marks++
			if marks > maxMarks {
				break
			}
			j += msize
		}
		switch {
		case j == i+size && r < utf8.RuneSelf:
			t.rune(lowerASCII(r))
		case j == i+size && r >= 0x4E00 && r <= 0x9FFF:
			t.han(r) // CJK Unified Ideographs: stable under NFKC, no case
		case j == i+size && fullwidth(r):
			t.rune(lowerASCII(r - 0xFEE0)) // what NFKC makes of them
		case j == i+size && cjkPunct(r):
			t.rune(r) // stable under NFKC
		default:
			t.cluster(s[i:j])
		}
		i = j
		// Skip the marks beyond maxMarks.
		for marks > maxMarks && i < len(s) {
			m, msize := utf8.DecodeRuneInString(s[i:])
			if !attaches(m) {
				break
			}
			i += msize
		}
	}
	t.endWord()
	return t.units
}

// cluster handles one base character with its combining characters.
func (t *tokenizer) cluster(c string) {
	if !utf8.ValidString(c) {
		t.sep(utf8.RuneError)
		return
	}
	if norm.NFKC.IsNormalString(c) {
		for _, r := range c {
			t.rune(lower(r))
		}
		return
	}
	t.norm = norm.NFKC.AppendString(t.norm[:0], c)
	for _, r := range string(t.norm) {
		t.rune(lower(r))
	}
}

// fullwidth reports whether r is a fullwidth form of an ASCII character,
// which NFKC maps to that character (TestFastPaths checks it).
func fullwidth(r rune) bool { return 0xFF01 <= r && r <= 0xFF5E }

// cjkPunct reports whether r is common Chinese punctuation that NFKC keeps
// as it is: 、。〃 and the brackets 〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟.
func cjkPunct(r rune) bool {
	return 0x3001 <= r && r <= 0x3003 || 0x3008 <= r && r <= 0x3011 || 0x3014 <= r && r <= 0x301F
}

// asciiWord maps ASCII letters and digits to themselves in lower case,
// other bytes to 0.
var asciiWord = func() (t [256]byte) {
	for c := range 128 {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		}
	}
	return t
}()

func lowerASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// lower is the simple lower-case mapping, with final sigma as sigma.
func lower(r rune) rune {
	if r < utf8.RuneSelf {
		return lowerASCII(r)
	}
	r = unicode.ToLower(r)
	if r == 'ς' {
		r = 'σ'
	}
	return r
}

// rune classifies one normalised, lower-cased character.
func (t *tokenizer) rune(r rune) {
	if ignorable(r) {
		return
	}
	t.tail = false
	switch {
	case isHan(r):
		t.han(r)
	case isWord(r):
		if t.apos {
			t.apos = false // an apostrophe inside a word is dropped: "applicant's" is "applicants"
		}
		if !t.inWord {
			t.word = len(t.buf)
		}
		t.buf = utf8.AppendRune(t.buf, r)
		t.inWord = true
		t.lastHan = false
		t.tail = true
	case r == '\'' || r == '’':
		if t.inWord && !t.apos {
			t.apos = true
			return
		}
		t.sep(r)
	default:
		t.sep(r)
	}
}

// ignorable reports whether r is skipped as if it were not there: the soft
// hyphen, zero-width joiners and non-joiners, the word joiner, U+FEFF and
// variation selectors (which choose a glyph: 葛 with U+E0100 is 葛).
func ignorable(r rune) bool {
	return r == 0xAD || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF ||
		0xFE00 <= r && r <= 0xFE0F || 0xE0100 <= r && r <= 0xE01EF
}

// han adds a Han unit.
func (t *tokenizer) han(r rune) {
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	t.hanBytes(r, string(b[:n]))
}

// hanBytes adds a Han unit, r encoded as b.
func (t *tokenizer) hanBytes(r rune, b string) {
	if t.inWord {
		t.endWord()
	}
	join := t.lastHan && (!t.spaced || t.broke)
	t.units = append(t.units, unit{off: int32(len(t.buf)), n: int32(len(b)), han: true, join: join, r: r})
	t.buf = append(t.buf, b...)
	t.lastHan, t.spaced, t.broke, t.tail = true, false, false, true
}

// sep ends the word being read. Between two Han characters, white space
// with a line break does not end their run (a Chinese sentence wrapped in
// the source); other white space and any other separator do.
func (t *tokenizer) sep(r rune) {
	t.endWord()
	switch {
	case r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029:
		t.broke = true
	case r == ' ' || r == '\t' || r >= utf8.RuneSelf && unicode.Is(unicode.White_Space, r):
		t.spaced = true
	default:
		t.lastHan = false
	}
}

func (t *tokenizer) endWord() {
	if !t.inWord {
		return
	}
	w := stem(t.buf[t.word:]) // in place
	for i, n := 0, 0; len(w) > maxWord && i < len(w); n++ {
		if n == maxWord {
			w = w[:i]
			break
		}
		_, size := utf8.DecodeRune(w[i:])
		i += size
	}
	t.buf = t.buf[:t.word+len(w)]
	t.units = append(t.units, unit{off: int32(t.word), n: int32(len(w))})
	t.inWord, t.apos = false, false
}

// text returns the text of unit u.
func (t *tokenizer) text(u unit) []byte { return t.buf[u.off : u.off+u.n] }

// attaches reports whether r belongs to the cluster of the character before
// it: combining marks, and the few other characters NFKC can combine with
// what precedes them (conjoining Hangul vowels and finals, the halfwidth
// kana voicing marks). TestAttaches checks this against the NFKC tables.
func attaches(r rune) bool {
	if r < 0x300 || 0x3400 <= r && r <= 0x9FFF || 0xAC00 <= r && r <= 0xD7A3 || 0xFF00 <= r && r <= 0xFF9D {
		return false
	}
	return unicode.Is(unicode.M, r) ||
		0x1160 <= r && r <= 0x11FF || 0xD7B0 <= r && r <= 0xD7FF ||
		r == 0xFF9E || r == 0xFF9F
}

// isHan reports whether r is written without spaces between words and is
// indexed as overlapping pairs: Han, Hiragana, Katakana and the long vowel
// mark ー.
func isHan(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 0x30FC
}

// isWord reports whether r is part of a word: letters, numbers and marks.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// stem applies the light English stemming rules to an ASCII word (others
// are returned unchanged). It may modify w in place and returns the result.
//
//	-ies → -y, -ie → -y            (5 letters or more: copies, copy; cookies, cookie)
//	-sses → -ss                    (addresses → address)
//	-xes, -ches, -shes → drop -es  (5 letters or more: taxes, churches)
//	-s → drop                      (4 letters or more, not -ss, -us, -is: visas, fees, applicants)
//	-ize, -ized, -izing, -ization → -ise, -ised, -ising, -isation (6 letters or more)
func stem(w []byte) []byte {
	n := len(w)
	if n < 4 {
		return w
	}
	switch w[n-1] {
	case 's', 'e', 'n', 'g', 'd': // the rules' last letters
	default:
		return w
	}
	for _, c := range w {
		if c >= utf8.RuneSelf {
			return w
		}
	}
	has := func(suffix string) bool { return hasSuffix(w, suffix) }
	switch {
	case n >= 5 && has("ies"):
		w = append(w[:n-3], 'y')
	case n >= 5 && has("ie"):
		w = append(w[:n-2], 'y')
	case has("sses"):
		w = w[:n-2]
	case n >= 5 && (has("xes") || has("ches") || has("shes")):
		w = w[:n-2]
	case n >= 4 && has("s") && !has("ss") && !has("us") && !has("is"):
		w = w[:n-1]
	}
	n = len(w)
	if n >= 6 {
		switch {
		case has("ization"):
			w[n-6] = 's'
		case has("izing"):
			w[n-4] = 's'
		case has("ized"):
			w[n-3] = 's'
		case has("ize"):
			w[n-2] = 's'
		}
	}
	return w
}

func hasSuffix(w []byte, suffix string) bool {
	return len(w) >= len(suffix) && string(w[len(w)-len(suffix):]) == suffix
}

// Tokens returns the index tokens of s, in order: each word (stemmed),
// and each Han character preceded by its pair with the next one of its run
// (if any). The package documentation gives the rules; search.js
// implements the same ones.
func Tokens(s string) []string {
	var t tokenizer
	units := t.split(s)
	var out []string
	for i, u := range units {
		if pair := t.pair(units, i); pair != nil {
			out = append(out, string(pair))
		}
		out = append(out, string(t.text(u)))
	}
	return out
}

// pair returns the Han pair token that starts at units[i] (this character
// and the next one of its run), or nil.
func (t *tokenizer) pair(units []unit, i int) []byte {
	if u := units[i]; u.han && i+1 < len(units) && units[i+1].join {
		next := units[i+1]
		return t.buf[u.off : next.off+next.n]
	}
	return nil
}

// compare16 compares strings in UTF-16 code unit order, the order of
// JavaScript's < on strings: code points from U+E000 to U+FFFF sort after
// those above U+FFFF. Elsewhere it is the order of the UTF-8 bytes.
func compare16(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return len(a) - len(b)
	}
	x, y := a[i], b[i]
	// Lead bytes 0xEE and 0xEF start U+E000 to U+FFFF, 0xF0 to 0xF4 the
	// code points above U+FFFF. (At the first difference both bytes are
	// lead bytes or both are continuation bytes of runes of one length.)
	if x >= 0xEE && y >= 0xEE && (x >= 0xF0) != (y >= 0xF0) {
		if x >= 0xF0 {
			return -1
		}
		return 1
	}
	return int(x) - int(y)
}

func key16(r rune) int {
	switch {
	case r < 0xD800:
		return int(r)
	case r >= 0x10000:
		return 0xD800 + int(r-0x10000)
	default:
		return int(r) + 0x100000
	}
}
