package drift

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Numbers returns the numbers of a text, as the parity check compares them:
// those written with digits (1,500 is 1500; 09 is 9; 3.50 is 3.5) and month
// names (November is 11), and those written in words (fifty, fifty-two, six
// hundred; 五十, 两, 一百八十). Number words are English and Chinese, applied
// to any text (a Chinese term quoted in an English page counts).
func Numbers(text string) numbers {
	n := numbers{digits: map[string]bool{}, words: map[string]bool{}}
	text = norm.NFKC.String(text)
	rs := []rune(text)
	var word []byte
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isDigit(r):
			j := i
			for j < len(rs) && (isDigit(rs[j]) || (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1]) && (rs[j] == '.' || groupOfThree(rs, j+1))) {
				j++
			}
			n.digits[canonical(string(rs[i:j]))] = true
			i = j
		case strings.ContainsRune(hanDigits, r):
			j := i
			for j < len(rs) && strings.ContainsRune(hanDigits, rs[j]) {
				j++
			}
			if v, ok := hanValue(rs[i:j]); ok {
				n.words[itoa(v)] = true
			}
			i = j
		case unicode.IsLetter(r) && r < unicode.MaxLatin1:
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) && rs[j] < 0x250 || rs[j] == '-' && j+1 < len(rs) && unicode.IsLetter(rs[j+1])) {
				j++
			}
			// Lowered into a buffer reused from word to word: looking a word
			// up makes no string (most words are not numbers).
			word = word[:0]
			for _, r := range rs[i:j] {
				word = utf8.AppendRune(word, unicode.ToLower(r))
			}
			if m, ok := months[string(word)]; ok {
				n.digits[itoa(m)] = true
			} else if v, ok := englishValueBytes(word); ok {
				n.words[itoa(v)] = true
			}
			i = j
		default:
			i++
		}
	}
	englishCompounds(text, n.words)
	return n
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// groupOfThree reports whether exactly three digits start at i (a thousands
// group after a comma).
func groupOfThree(rs []rune, i int) bool {
	k := i
	for k < len(rs) && isDigit(rs[k]) {
		k++
	}
	return k-i == 3
}

// canonical writes a number without thousands separators, leading zeros or
// trailing decimal zeros.
func canonical(s string) string {
	s = strings.ReplaceAll(s, ",", "")
	whole, frac, dot := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if dot {
		frac = strings.TrimRight(frac, "0")
		if frac != "" {
			return whole + "." + frac
		}
	}
	return whole
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 10 {
		b = append([]byte{byte('0' + v%10)}, b...)
	}
	return string(b)
}

const hanDigits = "零〇一二两三四五六七八九十百千万"

// hanValue is the value of a Chinese numeral: 五十 50, 十二 12, 两 2,
// 一百八十 180, 三千五百 3500, 一万 10000; a run of digits without units
// (二〇二六) reads digit by digit.
func hanValue(rs []rune) (int, bool) {
	digit := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	unit := map[rune]int{'十': 10, '百': 100, '千': 1000}
	hasUnit := false
	for _, r := range rs {
		if unit[r] > 0 || r == '万' {
			hasUnit = true
		}
	}
	if !hasUnit {
		v := 0
		for _, r := range rs {
			v = v*10 + digit[r]
		}
		return v, true
	}
	total, section, cur := 0, 0, 0
	for _, r := range rs {
		switch {
		case r == '万':
			total += (section + cur) * 10000
			section, cur = 0, 0
		case unit[r] > 0:
			if cur == 0 {
				cur = 1 // 十 is ten
			}
			section += cur * unit[r]
			cur = 0
		default:
			cur = digit[r]
		}
	}
	return total + section + cur, true
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

var englishNumbers = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "twice": 2, "once": 1, "single": 1, "both": 2, "dozen": 12,
}

// englishValue reads one word, or a hyphenated tens-units pair (fifty-two).
func englishValue(w string) (int, bool) {
	if v, ok := englishNumbers[w]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		x, okx := englishNumbers[a]
		y, oky := englishNumbers[b]
		if okx && oky && x >= 20 && x%10 == 0 && x < 100 && y < 10 {
			return x + y, true
		}
	}
	return 0, false
}

// englishValueBytes is englishValue of a word in bytes, making no string.
func englishValueBytes(w []byte) (int, bool) {
	if v, ok := englishNumbers[string(w)]; ok {
		return v, true
	}
	if a, b, ok := bytes.Cut(w, []byte("-")); ok {
		x, okx := englishNumbers[string(a)]
		y, oky := englishNumbers[string(b)]
		if okx && oky && x >= 20 && x%10 == 0 && x < 100 && y < 10 {
			return x + y, true
		}
	}
	return 0, false
}

// englishCompounds adds "six hundred", "one hundred and eighty", "two
// thousand" to words.
func englishCompounds(text string, words map[string]bool) {
	// Every compound has "hundred" or "thousand" (in any case: its first
	// letter, or all of it, may be a capital).
	if !strings.Contains(text, "undred") && !strings.Contains(text, "housand") &&
		!strings.Contains(text, "UNDRED") && !strings.Contains(text, "HOUSAND") {
		return
	}
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	for i := 0; i < len(f); i++ {
		v, ok := englishValue(f[i])
		if !ok || v >= 100 {
			continue
		}
		total, j := v, i+1
		for j < len(f) {
			if m, ok := englishNumbers[f[j]]; ok && (m == 100 || m == 1000) {
				total *= m
				j++
				if j+1 < len(f) && f[j] == "and" {
					if w, ok := englishValue(f[j+1]); ok && w < 100 {
						total += w
						j += 2
					}
				}
				continue
			}
			break
		}
		if j > i+1 {
			words[itoa(total)] = true
		}
	}
}
