package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Doc is one page of one language.
type Doc struct {
	URL      string    // root-relative page URL, "/en/documents/spouse/"
	Title    string    // the page title
	Sections []Section // in document order
}

// Section is the text under one heading, or one checklist item.
type Section struct {
	Anchor  string // element id to link to ("" = the top of the page); ids keep Chinese characters ("资格条件")
	Heading string // the heading text, or the checklist item's label
	Text    string // plain text of the section (no markup)
	Item    bool   // a checklist item rather than a heading section
}

// Options tune the layout of the index files. The zero value gives the defaults.
type Options struct {
	// Dir is the directory of the language's files, relative to the output
	// root, ending in "/". Default "search/<lang>/".
	Dir string
	// ShardSize is the size in bytes a shard file is cut at (a single token's
	// postings or a single page may be bigger). Default DefaultShardSize.
	ShardSize int
	// SingleFile is the size up to which the whole index is written as one
	// file, index.json, with its shards inside. Default DefaultSingleFile.
	SingleFile int
}

// Defaults of Options.
const (
	DefaultShardSize  = 16 << 10
	DefaultSingleFile = 256 << 10
)

// Version is the version of the index format, the manifest's "version".
const Version = 1

// Fields of a page a token can be in, best last. A page is listed in a
// token's postings under the best field the token is in on that page.
const (
	fieldBody    = 1 // section text
	fieldHeading = 2 // a heading or a checklist item's label
	fieldTitle   = 3 // the page title
)

// groupToken is the token that stands for synonym group g in the index.
// The tokenizer never produces "~".
func groupToken(b []byte, g int) []byte {
	return strconv.AppendInt(append(b, '~'), int64(g), 10)
}

// Build returns the files of one language's index, by path relative to the
// output root ("search/en/index.json", and the shard files under
// "search/en/<version>/" when the index is not a single file), given that
// language's docs in reading order (ties in ranking go to the earlier page)
// and its synonym groups. The same input gives the same bytes.
func Build(lang string, docs []Doc, synonyms [][]string, opts Options) (map[string][]byte, error) {
	if opts.Dir == "" {
		opts.Dir = "search/" + lang + "/"
	}
	if opts.ShardSize <= 0 {
		opts.ShardSize = DefaultShardSize
	}
	if opts.SingleFile <= 0 {
		opts.SingleFile = DefaultSingleFile
	}
	var errs []error
	if lang == "" || strings.ContainsAny(lang, "/\\.\"") {
		errs = append(errs, fmt.Errorf("search: language %q: must be a non-empty key without / \\ . or \"", lang))
	}
	if !strings.HasSuffix(opts.Dir, "/") || strings.HasPrefix(opts.Dir, "/") {
		errs = append(errs, fmt.Errorf("search: %s: Options.Dir %q must be relative and end in /", lang, opts.Dir))
	}
	seen := make(map[string]bool, len(docs))
	for i, d := range docs {
		switch {
		case d.URL == "":
			errs = append(errs, fmt.Errorf("search: %s: page %d (%q) has no URL", lang, i, d.Title))
		case seen[d.URL]:
			errs = append(errs, fmt.Errorf("search: %s: %s: page listed twice", lang, d.URL))
		}
		seen[d.URL] = true
	}
	phrases, err := compileSynonyms(synonyms)
	if err != nil {
		errs = append(errs, fmt.Errorf("search: %s: %w", lang, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	p := indexDocs(docs, phrases)
	termShards, firsts := p.shards(opts.ShardSize)
	docShards, counts := encodeDocs(docs, opts.ShardSize)

	m := manifest{lang: lang, docs: len(docs), terms: firsts, docShards: counts, synonyms: synonyms}
	size := 0
	for _, s := range termShards {
		size += len(s)
	}
	for _, s := range docShards {
		size += len(s)
	}
	files := map[string][]byte{}
	if size <= opts.SingleFile {
		m.inline = make(map[string][]byte)
		for i, s := range termShards {
			m.inline["t"+strconv.Itoa(i)] = s
		}
		for i, s := range docShards {
			m.inline["d"+strconv.Itoa(i)] = s
		}
	} else {
		h := sha256.New()
		for _, s := range termShards {
			h.Write(s)
		}
		for _, s := range docShards {
			h.Write(s)
		}
		m.dir = hex.EncodeToString(h.Sum(nil))[:12] + "/"
		for i, s := range termShards {
			files[opts.Dir+m.dir+"t"+strconv.Itoa(i)+".json"] = s
		}
		for i, s := range docShards {
			files[opts.Dir+m.dir+"d"+strconv.Itoa(i)+".json"] = s
		}
	}
	files[opts.Dir+"index.json"] = m.encode()
	return files, nil
}

// phrase is one member of a synonym group, as units.
type phrase struct {
	units []string
	group int
}

// phraseSet finds synonym phrases in a text's units.
type phraseSet struct {
	byFirst map[string][]phrase // by the text of the first unit
}

// compileSynonyms tokenizes the synonym groups.
func compileSynonyms(groups [][]string) (*phraseSet, error) {
	ps := &phraseSet{byFirst: map[string][]phrase{}}
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
			}
			ps.byFirst[p.units[0]] = append(ps.byFirst[p.units[0]], p)
		}
	}
	for k, list := range ps.byFirst {
		// Longest first (the query side takes the longest match), then by group.
		slices.SortStableFunc(list, func(a, b phrase) int {
			if len(a.units) != len(b.units) {
				return len(b.units) - len(a.units)
			}
			return a.group - b.group
		})
		ps.byFirst[k] = slices.CompactFunc(list, func(a, b phrase) bool {
			return a.group == b.group && slices.Equal(a.units, b.units)
		})
	}
	return ps, errors.Join(errs...)
}

// match calls f for the group of every phrase that starts at units[i].
func (ps *phraseSet) match(t *tokenizer, units []unit, i int, f func(group int)) {
	list := ps.byFirst[string(t.text(units[i]))]
	for _, p := range list {
		if i+len(p.units) > len(units) {
			continue
		}
		ok := true
		for k := 1; k < len(p.units); k++ {
			if string(t.text(units[i+k])) != p.units[k] {
				ok = false
				break
			}
		}
		if ok {
			f(p.group)
		}
	}
}

// postings is the inverted index of some pages.
type postings struct {
	dict   map[string]int32
	tokens []string
	lists  [][3][]int32 // per token, per field (body, heading, title): page numbers, ascending

	// The page being indexed.
	doc     int32
	last    []int32 // per token: the last page it was seen on
	best    []uint8 // per token: its best field on that page
	touched []int32 // the tokens of that page
}

func newPostings() *postings {
	return &postings{dict: map[string]int32{}}
}

func (p *postings) add(tok []byte, field uint8) {
	id, ok := p.dict[string(tok)]
	if !ok {
		id = int32(len(p.tokens))
		s := string(tok)
		p.dict[s] = id
		p.tokens = append(p.tokens, s)
		p.lists = append(p.lists, [3][]int32{})
		p.last = append(p.last, -1)
		p.best = append(p.best, 0)
	}
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
		l := &p.lists[id][p.best[id]-1]
		*l = append(*l, p.doc)
	}
	p.touched = p.touched[:0]
}

// indexer indexes pages with its own tokenizer.
type indexer struct {
	t       tokenizer
	p       *postings
	phrases *phraseSet
	scratch []byte
}

func (x *indexer) text(s string, field uint8) {
	units := x.t.split(s)
	for i := range units {
		x.p.add(x.t.token(units, i), field)
		if len(x.phrases.byFirst) > 0 {
			x.phrases.match(&x.t, units, i, func(g int) {
				x.scratch = groupToken(x.scratch[:0], g)
				x.p.add(x.scratch, field)
			})
		}
	}
}

func (x *indexer) doc(n int32, d *Doc) {
	x.p.doc = n
	x.text(d.Title, fieldTitle)
	for i := range d.Sections {
		s := &d.Sections[i]
		x.text(s.Heading, fieldHeading)
		x.text(s.Text, fieldBody)
	}
	x.p.endDoc()
}

// indexDocs indexes docs on all cores, in chunks of consecutive pages, and
// merges the chunks.
func indexDocs(docs []Doc, phrases *phraseSet) *postings {
	const chunk = 256
	n := (len(docs) + chunk - 1) / chunk
	parts := make([]*postings, n)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			x := &indexer{phrases: phrases}
			for c := range work {
				x.p = newPostings()
				for i := c * chunk; i < min(len(docs), (c+1)*chunk); i++ {
					x.doc(int32(i), &docs[i])
				}
				parts[c] = x.p
			}
		})
	}
	for c := range n {
		work <- c
	}
	close(work)
	wg.Wait()
	if n == 0 {
		return newPostings()
	}
	all := parts[0]
	for _, part := range parts[1:] {
		for id, tok := range part.tokens {
			g, ok := all.dict[tok]
			if !ok {
				g = int32(len(all.tokens))
				all.dict[tok] = g
				all.tokens = append(all.tokens, tok)
				all.lists = append(all.lists, [3][]int32{})
			}
			for f := range 3 {
				all.lists[g][f] = append(all.lists[g][f], part.lists[id][f]...)
			}
		}
	}
	return all
}

// shards encodes the postings, tokens in JavaScript string order, cut into
// shards of about size bytes, and returns them with the first token of each.
func (p *postings) shards(size int) (shards [][]byte, firsts []string) {
	order := make([]int32, len(p.tokens))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return compare16(p.tokens[a], p.tokens[b]) })

	var toks, posts, set []byte
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
	var tok, post []byte
	for _, id := range order {
		set = set[:0]
		l := &p.lists[id]
		last := 2
		for last >= 0 && len(l[last]) == 0 {
			last--
		}
		for f := 0; f <= last; f++ {
			set = appendSet(set, l[f])
		}
		tok = appendString(append(tok[:0], ','), p.tokens[id])
		post = append(post[:0], ',', '"')
		post = base64.RawStdEncoding.AppendEncode(post, set)
		post = append(post, '"')
		if len(toks) > 0 && len(toks)+len(posts)+len(tok)+len(post) > size {
			flush()
		}
		if len(toks) == 0 {
			firsts = append(firsts, p.tokens[id])
		}
		toks = append(toks, tok...)
		posts = append(posts, post...)
	}
	flush()
	return shards, firsts
}

// appendSet appends a set of page numbers: a varint header h, then for even
// h, h/2 varints (the first page, then the gap to each next one), and for
// odd h, a bitmap of h/2 bytes (bit j of byte i, low bit first, is page
// 8i+j), whichever is shorter.
func appendSet(b []byte, docs []int32) []byte {
	if len(docs) == 0 {
		return append(b, 0)
	}
	sparse := 0
	prev := int32(0)
	for i, d := range docs {
		gap := d - prev
		if i == 0 {
			gap = d
		}
		sparse += uvarintLen(uint64(gap))
		prev = d
	}
	bitmap := int(docs[len(docs)-1])/8 + 1
	if bitmap < sparse {
		b = appendUvarint(b, uint64(bitmap)<<1|1)
		start := len(b)
		b = append(b, make([]byte, bitmap)...)
		for _, d := range docs {
			b[start+int(d)/8] |= 1 << (d % 8)
		}
		return b
	}
	b = appendUvarint(b, uint64(len(docs))<<1)
	prev = 0
	for i, d := range docs {
		gap := d - prev
		if i == 0 {
			gap = d
		}
		b = appendUvarint(b, uint64(gap))
		prev = d
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

// encodeDocs encodes the pages in shards of consecutive pages of about size
// bytes and returns them with the number of pages in each.
func encodeDocs(docs []Doc, size int) (shards [][]byte, counts []int) {
	enc := make([][]byte, len(docs))
	var wg sync.WaitGroup
	step := (len(docs) + runtime.GOMAXPROCS(0) - 1) / max(1, runtime.GOMAXPROCS(0))
	for lo := 0; lo < len(docs); lo += step {
		wg.Go(func() {
			for i := lo; i < min(lo+step, len(docs)); i++ {
				enc[i] = appendDoc(nil, &docs[i])
			}
		})
	}
	wg.Wait()
	var cur []byte
	n := 0
	flush := func() {
		if n == 0 {
			return
		}
		b := make([]byte, 0, len(cur)+16)
		b = append(b, `{"docs":[`...)
		b = append(b, cur[1:]...)
		b = append(b, "]}\n"...)
		shards = append(shards, b)
		counts = append(counts, n)
		cur, n = cur[:0], 0
	}
	for _, e := range enc {
		if n > 0 && len(cur)+1+len(e) > size {
			flush()
		}
		cur = append(append(cur, ','), e...)
		n++
	}
	flush()
	return shards, counts
}

// appendDoc appends a page: [url, title, [[anchor, heading, text], [anchor, label, text, 1], …]].
func appendDoc(b []byte, d *Doc) []byte {
	b = append(b, '[')
	b = appendString(b, d.URL)
	b = append(b, ',')
	b = appendString(b, d.Title)
	b = append(b, ",["...)
	for i, s := range d.Sections {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendString(b, s.Anchor)
		b = append(b, ',')
		b = appendString(b, s.Heading)
		b = append(b, ',')
		b = appendString(b, s.Text)
		if s.Item {
			b = append(b, ",1"...)
		}
		b = append(b, ']')
	}
	return append(b, "]]"...)
}

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
			if a[0] != b[0] {
				return int(b[0]) - int(a[0]) // t before d
			}
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
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i++
			start = i
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
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
