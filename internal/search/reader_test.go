package search

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// This file reads an index the way search.js does, as the reference the
// browser tests compare the script with: the same query plan, ranking and
// choice of section (not the snippets, which only the script makes).

type manifestJSON struct {
	Version   int                        `json:"version"`
	Lang      string                     `json:"lang"`
	Docs      int                        `json:"docs"`
	Terms     []string                   `json:"terms"`
	DocShards []int                      `json:"docShards"`
	Synonyms  [][]string                 `json:"synonyms"`
	Dir       string                     `json:"dir"`
	Shards    map[string]json.RawMessage `json:"shards"`
}

type termShard struct {
	Tokens   []string `json:"tokens"`
	Postings []string `json:"postings"`
}

type docShard struct {
	Docs []json.RawMessage `json:"docs"`
}

// reader is one language's index, read from the files Build returned.
type reader struct {
	t       testing.TB
	dir     string // the language's directory, "search/en/"
	files   map[string][]byte
	m       manifestJSON
	phrases *phraseSet
	fetched []string // the files read, in order

	local map[string][3][]int32 // an index without term shards: postings made from its pages
}

func openIndex(t testing.TB, files map[string][]byte, dir string) *reader {
	t.Helper()
	r := &reader{t: t, dir: dir, files: files}
	r.read("index.json", &r.m)
	var err error
	if r.phrases, err = compileSynonyms(r.m.Synonyms); err != nil {
		t.Fatal(err)
	}
	if len(r.m.Terms) == 0 {
		// As search.js does: index the pages.
		var docs []Doc
		for d := range r.m.Docs {
			docs = append(docs, r.doc(d))
		}
		parts := indexDocs(docs, r.phrases)
		r.local = map[string][3][]int32{}
		mergeAll(parts, func(tok token, ids []int32) {
			var lists [3][]int32
			for c, id := range ids {
				for f := range 3 {
					if id >= 0 {
						lists[f] = append(lists[f], parts[c].list(id, f)...)
					}
				}
			}
			r.local[tok.String()] = lists
		})
	}
	return r
}

func (r *reader) read(name string, v any) {
	r.t.Helper()
	var b []byte
	if name != "index.json" && r.m.Shards != nil {
		b = r.m.Shards[strings.TrimSuffix(name, ".json")]
	} else {
		if name != "index.json" {
			name = r.m.Dir + name
		}
		b = r.files[r.dir+name]
		r.fetched = append(r.fetched, r.dir+name)
	}
	if b == nil {
		r.t.Fatalf("%s%s: no such file", r.dir, name)
	}
	if err := json.Unmarshal(b, v); err != nil {
		r.t.Fatalf("%s%s: %v", r.dir, name, err)
	}
}

// term is one term of a query: pages must have one of its tokens, or a token
// starting with its prefix.
type term struct {
	tokens []string
	prefix string
}

func (q term) key() string { return q.prefix + "\x00" + strings.Join(q.tokens, "\x00") }

// maxTerms is the most terms a query has; the rest are ignored.
const maxTerms = 32

// maxPrefixShards is the most term shards a prefix may span; a prefix
// spanning more only matches the token equal to it.
const maxPrefixShards = 2

// plan turns a query into terms (see the package documentation).
func plan(q string, ps *phraseSet) []term {
	var t tokenizer
	units := t.split(q)
	tail := t.tail
	var terms []term
	seen := map[string]bool{}
	addTerm := func(x term) {
		if !seen[x.key()] && len(terms) < maxTerms {
			seen[x.key()] = true
			terms = append(terms, x)
		}
	}
	// phraseAt returns the length and groups of the longest synonym phrase at i.
	phraseAt := func(i int) (int, []string) {
		n := 0
		var groups []string
		for _, p := range ps.candidates(&t, units[i]) {
			if n > 0 && len(p.units) < n || !p.at(&t, units, i) {
				continue
			}
			n = len(p.units)
			groups = append(groups, string(groupToken(nil, p.group)))
		}
		return n, groups
	}
	for i := 0; i < len(units); {
		if n, groups := phraseAt(i); n > 0 {
			addTerm(term{tokens: groups})
			i += n
			continue
		}
		u := units[i]
		if !u.han {
			w := string(t.text(u))
			if i == len(units)-1 && tail && utf8.RuneCountInString(w) >= 2 {
				addTerm(term{prefix: w})
			} else {
				addTerm(term{tokens: []string{w}})
			}
			i++
			continue
		}
		j := i + 1
		for j < len(units) && units[j].join {
			if n, _ := phraseAt(j); n > 0 {
				break
			}
			j++
		}
		if j-i == 1 {
			addTerm(term{tokens: []string{string(t.text(u))}})
		}
		for k := i; k+1 < j; k++ {
			addTerm(term{tokens: []string{string(t.text(u)) + string(t.text(units[k+1]))}})
			u = units[k+1]
		}
		i = j
	}
	return terms
}

// shardOf returns the term shard a token is in, if it is in the index.
func (r *reader) shardOf(tok string) int {
	i, _ := slices.BinarySearchFunc(r.m.Terms, tok, func(first, tok string) int {
		if compare16(first, tok) <= 0 {
			return -1
		}
		return 1
	})
	return max(0, i-1)
}

func (r *reader) termShard(i int) termShard {
	var s termShard
	r.read("t"+strconv.Itoa(i)+".json", &s)
	return s
}

// fields returns, for each page, the best field of the term on it (0: not there).
func (r *reader) fields(q term) []uint8 {
	out := make([]uint8, r.m.Docs)
	addPostings := func(post string) {
		b, err := base64.RawStdEncoding.DecodeString(post)
		if err != nil {
			r.t.Fatal(err)
		}
		for f := uint8(fieldBody); len(b) > 0; f++ {
			var docs []int32
			docs, b = readSet(r.t, b)
			for _, d := range docs {
				out[d] = max(out[d], f)
			}
		}
	}
	if r.local != nil {
		for tok, lists := range r.local {
			if q.prefix != "" && strings.HasPrefix(tok, q.prefix) || slices.Contains(q.tokens, tok) {
				for f, docs := range lists {
					for _, d := range docs {
						out[d] = max(out[d], uint8(f+1))
					}
				}
			}
		}
		return out
	}
	if q.prefix != "" {
		lo, hi := r.shardOf(q.prefix), r.shardOf(q.prefix+"\uFFFF")
		if hi-lo+1 > maxPrefixShards {
			q = term{tokens: []string{q.prefix}}
		} else {
			for i := lo; i <= hi; i++ {
				s := r.termShard(i)
				for k, tok := range s.Tokens {
					if strings.HasPrefix(tok, q.prefix) {
						addPostings(s.Postings[k])
					}
				}
			}
			return out
		}
	}
	for _, tok := range q.tokens {
		s := r.termShard(r.shardOf(tok))
		if k, ok := slices.BinarySearchFunc(s.Tokens, tok, compare16); ok {
			addPostings(s.Postings[k])
		}
	}
	return out
}

func readSet(t testing.TB, b []byte) ([]int32, []byte) {
	t.Helper()
	h, b := readUvarint(t, b)
	var docs []int32
	if h&1 == 1 {
		n := int(h >> 1)
		for i := range n * 8 {
			if b[i/8]&(1<<(i%8)) != 0 {
				docs = append(docs, int32(i))
			}
		}
		return docs, b[n:]
	}
	d := int32(0)
	for i := range int(h >> 1) {
		var gap uint64
		gap, b = readUvarint(t, b)
		if i == 0 {
			d = int32(gap)
		} else {
			d += int32(gap)
		}
		docs = append(docs, d)
	}
	return docs, b
}

func readUvarint(t testing.TB, b []byte) (uint64, []byte) {
	var v uint64
	for i, c := range b {
		v |= uint64(c&0x7F) << (7 * i)
		if c < 0x80 {
			return v, b[i+1:]
		}
	}
	t.Fatal("truncated varint")
	return 0, nil
}

// hit is one result: a page and the section to link to.
type hit struct {
	Doc    int
	URL    string
	Anchor string
}

func (h hit) String() string {
	if h.Anchor == "" {
		return h.URL
	}
	return h.URL + "#" + h.Anchor
}

// search returns the number of pages that match q and the first limit of
// them, best first.
func (r *reader) search(q string, limit int) (int, []hit) {
	terms := plan(q, r.phrases)
	if len(terms) == 0 {
		return 0, nil
	}
	score := make([]int, r.m.Docs)
	for d := range score {
		score[d] = 1 // matches so far
	}
	for _, q := range terms {
		f := r.fields(q)
		for d := range score {
			switch {
			case score[d] == 0:
			case f[d] == 0:
				score[d] = 0
			case f[d] == fieldTitle:
				score[d] += 64
			case f[d] == fieldHeading:
				score[d]++
			}
		}
	}
	var docs []int
	for d, s := range score {
		if s > 0 {
			docs = append(docs, d)
		}
	}
	slices.SortStableFunc(docs, func(a, b int) int { return score[b] - score[a] })
	var hits []hit
	for _, d := range docs[:min(limit, len(docs))] {
		doc := r.doc(d)
		hits = append(hits, hit{Doc: d, URL: doc.URL, Anchor: bestSection(doc, terms, r.phrases)})
	}
	return len(docs), hits
}

// doc reads page d from its page shard.
func (r *reader) doc(d int) Doc {
	first := 0
	for i, n := range r.m.DocShards {
		if d < first+n {
			var s docShard
			r.read("d"+strconv.Itoa(i)+".json", &s)
			return decodeDoc(r.t, s.Docs[d-first])
		}
		first += n
	}
	r.t.Fatalf("no page %d", d)
	return Doc{}
}

func decodeDoc(t testing.TB, raw json.RawMessage) Doc {
	t.Helper()
	var v []json.RawMessage
	if err := json.Unmarshal(raw, &v); err != nil || len(v) < 3 || len(v) > 4 {
		t.Fatalf("page %s: %v", raw, err)
	}
	var d Doc
	var sections [][]any
	for i, p := range []any{&d.URL, &d.Title, &sections} {
		if err := json.Unmarshal(v[i], p); err != nil {
			t.Fatal(err)
		}
	}
	if len(v) == 4 {
		if string(v[3]) != "1" {
			t.Fatalf("page %s: the fourth element is not 1", raw)
		}
		d.Later = true
	}
	for _, s := range sections {
		if len(s) < 3 || len(s) > 4 {
			t.Fatalf("section %v", s)
		}
		sec := Section{Anchor: s[0].(string), Heading: s[1].(string), Text: s[2].(string)}
		if len(s) == 4 {
			sec.Item = s[3] == 1.0
			if !sec.Item {
				t.Fatalf("section %v: the fourth element is not 1", s)
			}
		}
		d.Sections = append(d.Sections, sec)
	}
	return d
}

// sectionTokens returns the index tokens of s with its synonym groups.
func sectionTokens(s string, ps *phraseSet) map[string]bool {
	var t tokenizer
	units := t.split(s)
	set := map[string]bool{}
	for i, u := range units {
		if pair := t.pair(units, i); pair != nil {
			set[string(pair)] = true
		}
		set[string(t.text(u))] = true
		ps.match(&t, units, i, func(g int) { set[string(groupToken(nil, g))] = true })
	}
	return set
}

func (q term) in(set map[string]bool) bool {
	for _, tok := range q.tokens {
		if set[tok] {
			return true
		}
	}
	if q.prefix != "" {
		for tok := range set {
			if strings.HasPrefix(tok, q.prefix) {
				return true
			}
		}
	}
	return false
}

// bestSection returns the anchor of the section of d that matches the most
// terms (a term in the heading counting more than in the text), a
// checklist item rather than a heading of equal match, the first of
// equals; "" when no section matches (the title did).
func bestSection(d Doc, terms []term, ps *phraseSet) string {
	best, bestN, bestW, bestItem := "", 0, 0, false
	for _, s := range d.Sections {
		head, text := sectionTokens(s.Heading, ps), sectionTokens(s.Text, ps)
		n, w := 0, 0
		for _, q := range terms {
			switch {
			case q.in(head):
				n, w = n+1, w+2
			case q.in(text):
				n, w = n+1, w+1
			}
		}
		if n > bestN || n == bestN && n > 0 && (w > bestW || w == bestW && s.Item && !bestItem) {
			best, bestN, bestW, bestItem = s.Anchor, n, w, s.Item
		}
	}
	return best
}

func (r *reader) String() string { return fmt.Sprintf("index %s (%d pages)", r.dir, r.m.Docs) }
