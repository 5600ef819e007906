package search

import (
	"encoding/base64"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"
)

// postings is the inverted index of a range of pages.
type postings struct {
	words map[string]int32 // word and synonym group tokens → id
	han   hanTable         // Han tokens → id, by hanKey
	toks  []token          // per id

	phrases *phraseSet
	starts  []bool  // per id: a synonym phrase may start with this word
	groups  []int32 // per synonym group: the id of its token, -1 until seen

	// The page being indexed.
	doc     int32
	last    []int32 // per id: the last page it was seen on
	best    []uint8 // per id: its best field on that page
	touched []int32 // the ids of that page

	order []int32 // the ids in the order of their tokens, once sorted

	// Postings in page order, id<<32 | page<<2 | field-1 (no pointers for
	// the garbage collector to scan); then, after finish, by id and field:
	// the pages of id's field f are docs[start[3*id+f]:start[3*id+f+1]].
	flat  [][]uint64 // in blocks of flatBlock, so that growing copies nothing
	start []int32
	docs  []int32
}

const flatBlock = 1 << 16

// token is an index token: a word, or Han characters by their hanKey.
type token struct {
	word string
	han  uint64
}

// hanKey is the key of a Han token of one character or two (b == 0). The
// keys of tokens order like the tokens in JavaScript string order.
func hanKey(a, b rune) uint64 {
	k := uint64(key16(a)) << 21
	if b != 0 {
		k |= uint64(key16(b))
	}
	return k
}

func unkey16(k int) rune {
	switch {
	case k < 0xD800:
		return rune(k)
	case k < 0xD800+0x100000:
		return rune(k-0xD800) + 0x10000
	default:
		return rune(k - 0x100000)
	}
}

// runes returns the characters of a Han token (b == 0 for one).
func (t token) runes() (a, b rune) {
	a = unkey16(int(t.han >> 21))
	if k := int(t.han & (1<<21 - 1)); k != 0 {
		b = unkey16(k)
	}
	return a, b
}

func (t token) String() string {
	if t.han == 0 {
		return t.word
	}
	a, b := t.runes()
	if b == 0 {
		return string(a)
	}
	return string([]rune{a, b})
}

// appendJSON appends the token as a JSON string.
func (t token) appendJSON(dst []byte) []byte {
	if t.han == 0 {
		return appendString(dst, t.word)
	}
	a, b := t.runes()
	dst = utf8.AppendRune(append(dst, '"'), a)
	if b != 0 {
		dst = utf8.AppendRune(dst, b)
	}
	return append(dst, '"')
}

// compareTokens compares tokens in JavaScript string order.
func compareTokens(x, y token) int {
	switch {
	case x.han != 0 && y.han != 0:
		return cmpUint(x.han, y.han)
	case x.han == 0 && y.han == 0:
		return compare16(x.word, y.word)
	case x.han == 0:
		return cmpWordHan(x.word, y)
	}
	return -cmpWordHan(y.word, x)
}

// cmpWordHan compares a word with a Han token in JavaScript string order.
func cmpWordHan(w string, t token) int {
	a, b := t.runes()
	for _, r := range [2]rune{a, b} {
		if r == 0 {
			break
		}
		if w == "" {
			return -1
		}
		c, size := utf8.DecodeRuneInString(w)
		if c != r {
			return key16(c) - key16(r)
		}
		w = w[size:]
	}
	if w == "" {
		return 0
	}
	return 1
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func newPostings(phrases *phraseSet) *postings {
	return &postings{words: map[string]int32{}, phrases: phrases}
}

func (p *postings) newID(t token) int32 {
	id := int32(len(p.toks))
	p.toks = append(p.toks, t)
	p.last = append(p.last, -1)
	p.best = append(p.best, 0)
	return id
}

// addWord adds a word and returns its id.
func (p *postings) addWord(w []byte, field uint8) int32 {
	id, ok := p.words[string(w)]
	if !ok {
		s := string(w)
		id = p.newID(token{word: s})
		p.words[s] = id
		_, start := p.phrases.byWord[s]
		p.starts = append(p.starts, start)
	}
	p.add(id, field)
	return id
}

// addGroup adds the token of synonym group g.
func (p *postings) addGroup(g int, field uint8) {
	for len(p.groups) <= g {
		p.groups = append(p.groups, -1)
	}
	if p.groups[g] < 0 {
		p.groups[g] = p.addWord(groupToken(nil, g), field)
		return
	}
	p.add(p.groups[g], field)
}

func (p *postings) addHan(k uint64, field uint8) {
	slot := p.han.find(k)
	if slot.key != k {
		slot.key, slot.id = k, p.newID(token{han: k})
		p.starts = append(p.starts, false) // Han units use phraseSet.mayStart
		p.han.n++
	}
	p.add(slot.id, field)
	if p.han.n*4 > len(p.han.slots)*3 {
		p.han.grow()
	}
}

func (p *postings) add(id int32, field uint8) {
	if p.last[id] != p.doc {
		p.last[id] = p.doc
		p.best[id] = field
		p.touched = append(p.touched, id)
	} else if field > p.best[id] {
		p.best[id] = field
	}
}

func (p *postings) endDoc() {
	for _, id := range p.touched {
		if len(p.flat) == 0 || len(p.flat[len(p.flat)-1]) == flatBlock {
			p.flat = append(p.flat, make([]uint64, 0, flatBlock))
		}
		last := &p.flat[len(p.flat)-1]
		*last = append(*last, uint64(id)<<32|uint64(p.doc)<<2|uint64(p.best[id]-1))
	}
	p.touched = p.touched[:0]
}

// finish sorts the postings by id and field (page order is kept).
func (p *postings) finish() {
	p.start = make([]int32, 3*len(p.toks)+1)
	n := 0
	for _, block := range p.flat {
		for _, f := range block {
			p.start[3*(f>>32)+f&3+1]++
		}
		n += len(block)
	}
	for i := 1; i < len(p.start); i++ {
		p.start[i] += p.start[i-1]
	}
	p.docs = make([]int32, n)
	next := slices.Clone(p.start)
	for _, block := range p.flat {
		for _, f := range block {
			k := 3*(f>>32) + f&3
			p.docs[next[k]] = int32(f >> 2 & (1<<30 - 1))
			next[k]++
		}
	}
	p.flat, p.last, p.best = nil, nil, nil
}

// list returns the pages of token id whose best field is f+1.
func (p *postings) list(id int32, f int) []int32 {
	return p.docs[p.start[3*int(id)+f]:p.start[3*int(id)+f+1]]
}

// hanTable maps Han token keys to ids: open addressing, linear probing.
type hanTable struct {
	slots []hanSlot
	n     int
}

type hanSlot struct {
	key uint64 // 0: empty (no key is 0)
	id  int32
}

func (h *hanTable) find(k uint64) *hanSlot {
	if h.slots == nil {
		h.slots = make([]hanSlot, 1024)
	}
	mask := uint64(len(h.slots) - 1)
	for i := (k * 0x9E3779B97F4A7C15) >> 32 & mask; ; i = (i + 1) & mask {
		if s := &h.slots[i]; s.key == k || s.key == 0 {
			return s
		}
	}
}

func (h *hanTable) grow() {
	old := h.slots
	h.slots = make([]hanSlot, 2*len(old))
	for _, s := range old {
		if s.key != 0 {
			*h.find(s.key) = s
		}
	}
}

// sorted returns the ids in the order of their tokens.
func (p *postings) sorted() []int32 {
	var words, han []int32
	for id, t := range p.toks {
		if t.han == 0 {
			words = append(words, int32(id))
		} else {
			han = append(han, int32(id))
		}
	}
	slices.SortFunc(words, func(a, b int32) int { return compare16(p.toks[a].word, p.toks[b].word) })
	slices.SortFunc(han, func(a, b int32) int { return cmpUint(p.toks[a].han, p.toks[b].han) })
	out := make([]int32, 0, len(p.toks))
	for len(words) > 0 && len(han) > 0 {
		if compareTokens(p.toks[words[0]], p.toks[han[0]]) < 0 {
			out, words = append(out, words[0]), words[1:]
		} else {
			out, han = append(out, han[0]), han[1:]
		}
	}
	return append(append(out, words...), han...)
}

// indexer indexes pages with its own tokenizer.
type indexer struct {
	t       tokenizer
	p       *postings
	phrases *phraseSet
}

func (x *indexer) text(s string, field uint8) {
	units := x.t.split(s)
	for i, u := range units {
		var start bool
		if u.han {
			if i+1 < len(units) && units[i+1].join {
				x.p.addHan(hanKey(u.r, units[i+1].r), field)
			}
			x.p.addHan(hanKey(u.r, 0), field)
			start = x.phrases.mayStart(units, i)
		} else {
			start = x.p.starts[x.p.addWord(x.t.text(u), field)]
		}
		if start {
			x.phrases.match(&x.t, units, i, func(g int) { x.p.addGroup(g, field) })
		}
	}
}

func (x *indexer) doc(n int32, d *Doc) {
	x.p.doc = n
	title, heading := uint8(fieldTitle), uint8(fieldHeading)
	if d.Later {
		title, heading = fieldHeading, fieldBody
	}
	x.text(d.Title, title)
	for i := range d.Sections {
		s := &d.Sections[i]
		x.text(s.Heading, heading)
		x.text(s.Text, fieldBody)
	}
	x.p.endDoc()
}

// indexDocs indexes docs in as many ranges of consecutive pages as there
// are cores, one range each, with their tokens sorted.
func indexDocs(docs []Doc, phrases *phraseSet) []*postings {
	n := max(1, min(runtime.GOMAXPROCS(0), len(docs)/64))
	parts := make([]*postings, n)
	var wg sync.WaitGroup
	for c := range n {
		wg.Go(func() {
			x := &indexer{phrases: phrases, p: newPostings(phrases)}
			for i := c * len(docs) / n; i < (c+1)*len(docs)/n; i++ {
				x.doc(int32(i), &docs[i])
			}
			x.p.finish()
			x.p.order = x.p.sorted()
			parts[c] = x.p
		})
	}
	wg.Wait()
	return parts
}

// merge calls f for each token of the ranges, in order, with the ids it has
// in them (-1 where it is not), taking from range c the tokens of its order
// from from[c] to before to[c].
func merge(parts []*postings, from, to []int, f func(t token, ids []int32)) {
	pos := slices.Clone(from)
	ids := make([]int32, len(parts))
	for {
		var t token
		found := false
		for c, p := range parts {
			if pos[c] < to[c] {
				if u := p.toks[p.order[pos[c]]]; !found || compareTokens(u, t) < 0 {
					t, found = u, true
				}
			}
		}
		if !found {
			return
		}
		for c, p := range parts {
			ids[c] = -1
			if pos[c] < to[c] && p.toks[p.order[pos[c]]] == t {
				ids[c] = p.order[pos[c]]
				pos[c]++
			}
		}
		f(t, ids)
	}
}

// mergeAll is merge over all the tokens.
func mergeAll(parts []*postings, f func(t token, ids []int32)) {
	from, to := make([]int, len(parts)), make([]int, len(parts))
	for c, p := range parts {
		to[c] = len(p.order)
	}
	merge(parts, from, to, f)
}

// encoded is the JSON of a range of tokens and of their postings, each
// with a comma before it: the bytes of entry i are buf[end[i-1]:tok[i]]
// (the token) and buf[tok[i]:end[i]] (its postings).
type encoded struct {
	toks     []token
	buf      []byte
	tok, end []int32
}

// encode encodes the tokens of the ranges from from[c] to before to[c].
func encode(parts []*postings, from, to []int) *encoded {
	n := 0 // at most this many tokens
	for c := range parts {
		n += to[c] - from[c]
	}
	e := &encoded{toks: make([]token, 0, n), tok: make([]int32, 0, n), end: make([]int32, 0, n), buf: make([]byte, 0, 24*n)}
	var set []byte
	lists := make([][]int32, len(parts))
	merge(parts, from, to, func(t token, ids []int32) {
		// The sets of body, heading and title pages, the empty ones at the
		// end left out.
		set = set[:0]
		empty := 0
		for f := range 3 {
			n := 0
			for c, id := range ids {
				lists[c] = nil
				if id >= 0 {
					lists[c] = parts[c].list(id, f)
					n += len(lists[c])
				}
			}
			if n == 0 {
				empty++
				continue
			}
			for range empty {
				set = append(set, 0)
			}
			empty = 0
			set = appendSet(set, lists...)
		}
		e.toks = append(e.toks, t)
		e.buf = t.appendJSON(append(e.buf, ','))
		e.tok = append(e.tok, int32(len(e.buf)))
		e.buf = append(e.buf, ',', '"')
		e.buf = base64.RawStdEncoding.AppendEncode(e.buf, set)
		e.buf = append(e.buf, '"')
		e.end = append(e.end, int32(len(e.buf)))
	})
	return e
}

// termShards encodes the postings of the ranges' tokens, in order, in
// shards of about size bytes, and returns them with the first token of each.
// The tokens are encoded in parallel, in as many stretches of the order of
// tokens as there are cores (cut at the tokens of the largest range).
func termShards(parts []*postings, size int) (shards [][]byte, firsts []string) {
	big := parts[0]
	for _, p := range parts {
		if len(p.order) > len(big.order) {
			big = p
		}
	}
	n := max(1, min(runtime.GOMAXPROCS(0), len(big.order)/1024))
	bounds := make([][]int, n+1) // bounds[k][c]: where stretch k starts in range c
	for k := range bounds {
		bounds[k] = make([]int, len(parts))
		for c, p := range parts {
			switch k {
			case 0:
			case n:
				bounds[k][c] = len(p.order)
			default:
				cut := big.toks[big.order[k*len(big.order)/n]]
				bounds[k][c], _ = slices.BinarySearchFunc(p.order, cut, func(id int32, cut token) int {
					return compareTokens(p.toks[id], cut)
				})
			}
		}
	}
	stretches := make([]*encoded, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() { stretches[k] = encode(parts, bounds[k], bounds[k+1]) })
	}
	wg.Wait()

	var toks, posts []byte
	flush := func() {
		if len(toks) == 0 {
			return
		}
		b := make([]byte, 0, len(toks)+len(posts)+32)
		b = append(b, `{"tokens":[`...)
		b = append(b, toks[1:]...)
		b = append(b, `],"postings":[`...)
		b = append(b, posts[1:]...)
		b = append(b, "]}\n"...)
		shards = append(shards, b)
		toks, posts = toks[:0], posts[:0]
	}
	for _, e := range stretches {
		start := int32(0)
		for i, t := range e.toks {
			tok, post := e.buf[start:e.tok[i]], e.buf[e.tok[i]:e.end[i]]
			start = e.end[i]
			if len(toks) > 0 && len(toks)+len(posts)+len(tok)+len(post) > size {
				flush()
			}
			if len(toks) == 0 {
				firsts = append(firsts, t.String())
			}
			toks = append(toks, tok...)
			posts = append(posts, post...)
		}
	}
	flush()
	return shards, firsts
}

// appendSet appends a set of page numbers, given in ascending parts: a
// varint header h, then for even h, h/2 varints (the first page, then the
// gap to each next one), and for odd h, a bitmap of h/2 bytes (bit j of
// byte i, low bit first, is page 8i+j), whichever is shorter.
func appendSet(b []byte, parts ...[]int32) []byte {
	count, sparse, last := 0, 0, int32(-1)
	for _, docs := range parts {
		for _, d := range docs {
			if last < 0 {
				sparse += uvarintLen(uint64(d))
			} else {
				sparse += uvarintLen(uint64(d - last))
			}
			last = d
			count++
		}
	}
	if count == 0 {
		return append(b, 0)
	}
	if bitmap := int(last)/8 + 1; bitmap < sparse {
		b = appendUvarint(b, uint64(bitmap)<<1|1)
		start := len(b)
		b = append(b, make([]byte, bitmap)...)
		for _, docs := range parts {
			for _, d := range docs {
				b[start+int(d)/8] |= 1 << (d % 8)
			}
		}
		return b
	}
	b = appendUvarint(b, uint64(count)<<1)
	last = -1
	for _, docs := range parts {
		for _, d := range docs {
			if last < 0 {
				b = appendUvarint(b, uint64(d))
			} else {
				b = appendUvarint(b, uint64(d-last))
			}
			last = d
		}
	}
	return b
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
