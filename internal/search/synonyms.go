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
	han    []uint64            // bit r set: a phrase starts with Han character r (r < 0x10000)
}

// mayStart reports quickly whether a phrase may start with unit u.
func (ps *phraseSet) mayStart(u unit) bool {
	if u.han && u.r < 0x10000 {
		return ps.han != nil && ps.han[u.r>>6]&(1<<(u.r&63)) != 0
	}
	if u.han {
		return len(ps.byHan) > 0
	}
	return len(ps.byWord) > 0
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
			if u := units[0]; u.r < 0x10000 {
				if ps.han == nil {
					ps.han = make([]uint64, 0x10000/64)
				}
				ps.han[u.r>>6] |= 1 << (u.r & 63)
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
	if !ps.mayStart(units[i]) {
		return
	}
	for _, p := range ps.candidates(t, units[i]) {
		if p.at(t, units, i) {
			f(p.group)
		}
	}
}
