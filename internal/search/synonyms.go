package search

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// groupToken is the token that stands for synonym group g in the index.
// The tokenizer never produces "~".
func groupToken(b []byte, g int) []byte {
	return strconv.AppendInt(append(b, '~'), int64(g), 10)
}

// phrase is one member of a synonym group, as units.
type phrase struct {
	units []string
	runes []rune // per unit: the character of a Han unit, 0 for a word
	group int
}

// phraseSet finds synonym phrases in a text's units.
type phraseSet struct {
	byWord map[string][]phrase // phrases by their first unit, a word
	byHan  map[rune][]phrase   // … or a Han character

	// Quick tests for Han units, which are many and often start a phrase:
	// bit r of first is set when a phrase starts with r (r < 0x10000), of
	// any when such a phrase has one unit or a word second, and pairs is a
	// hash set of the first two characters of the others.
	first, any []uint64
	pairs      []uint64
}

func hasBit(set []uint64, i uint32) bool { return set != nil && set[i>>6]&(1<<(i&63)) != 0 }

func setBit(set *[]uint64, i uint32, size int) {
	if *set == nil {
		*set = make([]uint64, size/64)
	}
	(*set)[i>>6] |= 1 << (i & 63)
}

const pairBits = 1 << 16

func pairHash(a, b rune) uint32 { return uint32(a*31+b) & (pairBits - 1) }

// mayStart reports quickly whether a phrase may start at units[i].
func (ps *phraseSet) mayStart(units []unit, i int) bool {
	u := units[i]
	switch {
	case !u.han:
		return len(ps.byWord) > 0
	case u.r >= 0x10000:
		return len(ps.byHan) > 0
	case !hasBit(ps.first, uint32(u.r)):
		return false
	case hasBit(ps.any, uint32(u.r)):
		return true
	}
	return i+1 < len(units) && units[i+1].han && hasBit(ps.pairs, pairHash(u.r, units[i+1].r))
}

// compileSynonyms tokenizes the synonym groups.
func compileSynonyms(groups [][]string) (*phraseSet, error) {
	ps := &phraseSet{byWord: map[string][]phrase{}, byHan: map[rune][]phrase{}}
	var errs []error
	var t tokenizer
	for g, group := range groups {
		if len(group) < 2 {
			errs = append(errs, fmt.Errorf("synonym group %d %q: needs two terms or more", g+1, group))
			continue
		}
		for _, term := range group {
			units := t.split(term)
			if len(units) == 0 {
				errs = append(errs, fmt.Errorf("synonym group %d: %q has nothing to search for", g+1, term))
				continue
			}
			p := phrase{group: g}
			for _, u := range units {
				p.units = append(p.units, string(t.text(u)))
				p.runes = append(p.runes, u.r)
			}
			if u := units[0]; !u.han {
				ps.byWord[p.units[0]] = append(ps.byWord[p.units[0]], p)
				continue
			}
			if r := units[0].r; r < 0x10000 {
				setBit(&ps.first, uint32(r), 0x10000)
				if len(units) == 1 || !units[1].han {
					setBit(&ps.any, uint32(r), 0x10000)
				} else {
					setBit(&ps.pairs, pairHash(r, units[1].r), pairBits)
				}
			}
			ps.byHan[p.runes[0]] = append(ps.byHan[p.runes[0]], p)
		}
	}
	// Longest first (the query side takes the longest match), then by group.
	order := func(list []phrase) []phrase {
		slices.SortStableFunc(list, func(a, b phrase) int {
			if len(a.units) != len(b.units) {
				return len(b.units) - len(a.units)
			}
			return a.group - b.group
		})
		return slices.CompactFunc(list, func(a, b phrase) bool {
			return a.group == b.group && slices.Equal(a.units, b.units)
		})
	}
	for k, list := range ps.byWord {
		ps.byWord[k] = order(list)
	}
	for k, list := range ps.byHan {
		ps.byHan[k] = order(list)
	}
	return ps, errors.Join(errs...)
}

// candidates returns the phrases that start with units[i]'s text, longest first.
func (ps *phraseSet) candidates(t *tokenizer, u unit) []phrase {
	if u.han {
		return ps.byHan[u.r]
	}
	return ps.byWord[string(t.text(u))]
}

// at reports whether phrase p starts at units[i].
func (p *phrase) at(t *tokenizer, units []unit, i int) bool {
	if i+len(p.units) > len(units) {
		return false
	}
	for k := 1; k < len(p.units); k++ {
		u := units[i+k]
		if p.runes[k] != 0 {
			if !u.han || u.r != p.runes[k] {
				return false
			}
		} else if u.han || string(t.text(u)) != p.units[k] {
			return false
		}
	}
	return true
}

// match calls f for the group of every phrase that starts at units[i].
func (ps *phraseSet) match(t *tokenizer, units []unit, i int, f func(group int)) {
	if !ps.mayStart(units, i) {
		return
	}
	for _, p := range ps.candidates(t, units[i]) {
		if p.at(t, units, i) {
			f(p.group)
		}
	}
}
