package search

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Doc is one page of one language.
type Doc struct {
	URL      string    // root-relative page URL, "/en/documents/spouse/"
	Title    string    // the page title
	Sections []Section // in document order
	// Later ranks the page after the pages that match as well otherwise (a
	// dated update, beside the guidance it is about): its title counts as
	// a heading, its headings and item labels as text.
	Later bool
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
	// ShardSize is the size in bytes at which term shards are cut (one
	// token's postings may be bigger). Default DefaultShardSize.
	ShardSize int
	// PageShardSize is the size at which page shards are cut (one page may
	// be bigger). Default DefaultPageShardSize.
	PageShardSize int
	// SingleFile is the size of the pages' text up to which the index is
	// one file, index.json, with the pages in it and no postings: the
	// browser indexes the pages when it loads them. Default
	// DefaultSingleFile.
	SingleFile int
}

// Defaults of Options.
const (
	DefaultShardSize     = 8 << 10
	DefaultPageShardSize = 6 << 10
	DefaultSingleFile    = 256 << 10
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

// Build returns the files of one language's index, by path relative to the
// output root ("search/en/index.json", and the shard files under
// "search/en/<hash>/" unless the index is a single file), given that
// language's docs in reading order (ties in ranking go to the earlier page)
// and its synonym groups (each a list of terms that mean the same). The
// same input gives the same bytes. Build uses every core; it keeps no
// state, so builds of several languages may run at once.
func Build(lang string, docs []Doc, synonyms [][]string, opts Options) (map[string][]byte, error) {
	if opts.Dir == "" {
		opts.Dir = "search/" + lang + "/"
	}
	if opts.ShardSize <= 0 {
		opts.ShardSize = DefaultShardSize
	}
	if opts.PageShardSize <= 0 {
		opts.PageShardSize = DefaultPageShardSize
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

	files := map[string][]byte{}
	m := manifest{lang: lang, docs: len(docs), synonyms: synonyms}
	size := 0
	for i := range docs {
		size += docSize(&docs[i])
	}
	if size <= opts.SingleFile {
		// A small site: the pages alone, in one shard in the manifest; the
		// browser indexes them.
		shards, counts := encodeDocs(docs, size+1)
		m.docShards = counts
		m.inline = map[string][]byte{}
		for i, s := range shards {
			m.inline["d"+strconv.Itoa(i)] = s
		}
		files[opts.Dir+"index.json"] = m.encode()
		return files, nil
	}

	var docShards [][]byte
	done := make(chan bool)
	go func() {
		docShards, m.docShards = encodeDocs(docs, opts.PageShardSize)
		close(done)
	}()
	tshards, firsts := termShards(indexDocs(docs, phrases), opts.ShardSize)
	m.terms = firsts
	<-done

	h := sha256.New()
	for _, s := range tshards {
		h.Write(s)
	}
	for _, s := range docShards {
		h.Write(s)
	}
	m.dir = hex.EncodeToString(h.Sum(nil))[:12] + "/"
	for i, s := range tshards {
		files[opts.Dir+m.dir+"t"+strconv.Itoa(i)+".json"] = s
	}
	for i, s := range docShards {
		files[opts.Dir+m.dir+"d"+strconv.Itoa(i)+".json"] = s
	}
	files[opts.Dir+"index.json"] = m.encode()
	return files, nil
}
