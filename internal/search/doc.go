// Package search builds the site's search index: one language's pages in,
// the JSON files that templates/assets/search.js searches in the browser
// out. The script applies the same tokenisation, query and ranking rules to
// the reader's query; this documentation is the contract between the two.
//
// # Tokens
//
// Text is cut into units with no dictionary, the same way at build time and
// at query time:
//
//   - Text is read in clusters: a character with the combining characters
//     after it (at most 16; more are dropped). Each cluster is normalised
//     with NFKC and lower-cased character by character with the simple
//     lower-case mapping, final sigma as sigma. (Cluster by cluster, because
//     the script needs each unit's place in the original text to highlight
//     it; it gives the same result as normalising the whole text.)
//   - Han, Hiragana and Katakana characters and ー are units of one
//     character each, in runs: characters that follow each other, or with
//     only white space that includes a line break between them (a Chinese
//     sentence wrapped in the source). A space without a line break ends a
//     run, so a reader can type "翻译 费用" for two words; punctuation ends
//     it too.
//   - Other letters, digits and marks make words; any other character ends a
//     word, except an apostrophe (' or ’) between two word characters, which
//     is dropped ("applicant's" is "applicants"). The soft hyphen,
//     zero-width joiners, the word joiner, U+FEFF and variation selectors
//     are ignored.
//   - Words of ASCII letters and digits are stemmed: -ies and -ie become -y
//     (in words of 5 letters or more), -sses -ss, -xes, -ches and -shes lose
//     -es (5 letters or more), and -s is dropped (4 letters or more, not
//     after s, u or i); then -ize, -ized, -izing and -ization are spelt with
//     s (6 letters or more): "certificates" is "certificate", "copies"
//     "copy", "legalization" "legalisation". No other stemming: no -ing or
//     -ed, and irregular plurals (children) are synonyms for the site to
//     give. A word keeps at most 32 characters.
//
// The index tokens of a text are its words and its Han characters, each
// Han character preceded by the pair it makes with the next one of its run:
// "无犯罪记录证明 police certificate" gives 无犯 无 犯罪 犯 罪记 罪 记录 记
// 录证 录 证明 证 明 police certificate. A query of one Han character
// looks its token up; a longer one, its pairs. (Matching one character by
// prefix instead, on the pairs that start with it and the last character of
// each run, makes term shards 5 to 13 % smaller on the generated sites of
// the benchmarks, but a common character then starts thousands of pairs,
// more shards than a query should fetch.) Tokens lists the tokens.
// testdata/tokens.json holds test cases that the Go tests and the browser
// tests (search.js in Chromium) both check.
//
// # Synonyms
//
// A synonym group is a list of terms that mean the same, in any language:
// ["permanent residence", "green card", "永久居留", "绿卡"]. Wherever the
// units of a term occur one after the other in a page (separators between
// them do not matter), the page also gets the group's token, "~" and the
// group's number ("~0"), in the same field. A query whose units contain a
// term searches for the group's token instead: the longest term at each
// point, and all the groups that have it.
//
// # Queries
//
// A query is cut into units in the same way and becomes terms, at most 32:
// a synonym group; a word; a pair of Han characters for each pair of a Han
// run of two or more characters; a Han character on its own (a run of one).
// The last word matches as a prefix, so that results come while the reader
// types, when it has two characters or more and nothing follows it (no
// space or punctuation): "pas" finds "passport". In a sharded index, a
// prefix that spans more than two term shards matches only the token equal
// to it, to keep a query's downloads small.
//
// A page given with Doc.Later (a dated update, beside the guidance it is
// about) ranks one field lower: its title counts as a heading and its
// headings and item labels as text, so that "apostille" finds the page
// that explains apostilles before the news that they replaced
// legalisation.
//
// A page matches when it has every term: "段简" finds nothing on a site
// where no page has the pair 段简, and "翻译费用" needs the pair 译费 where
// "翻译 费用" does not. Pages are ranked by the number of terms in their
// title, then the number in a heading or checklist item label (a term
// counts once, in the best field it is in on the page), then by their order
// in the docs given to Build. A result links to the section matching the
// most terms, a term in its heading counting more than one in its text, a
// checklist item rather than a heading of equal match, and the first of
// equals; to the top of the page when only the title matches.
// testdata/queries.json holds test cases that the Go tests (a reader of the
// index in reader_test.go) and the browser tests both check.
//
// # Files
//
// Build writes, under Options.Dir ("search/en/"), index.json, the manifest:
//
//	{"version": 1, "lang": "en", "docs": 5000,
//	 "terms": ["1", "legal", …],    first token of each term shard (t0, t1, …)
//	 "docShards": [2, 2, 1, …],     number of pages in each page shard (d0, d1, …)
//	 "synonyms": [["permanent residence", "绿卡"], …],
//	 "dir": "0f3a9c1b77e2/"}        where the shards are, from index.json
//
// and the shards, <dir>t<n>.json and <dir>d<n>.json. The directory is named
// by the start of the SHA-256 of the shards, so a shard's URL never names
// other content and the browser may keep it: the script fetches shards from
// its cache when it has them, and the manifest too when the network fails.
// A page that loaded an older manifest and finds its shards gone loads the
// manifest again.
//
// A small site's index (pages' text up to Options.SingleFile bytes) is
// index.json alone: no term shards ("terms" is empty), and its page shard
// inside, under "shards": {"d0": {…}}. The script makes the postings from
// the pages when it loads them, which costs less to download than postings
// would (for the guide: about 36 kB gzip a language, where the sharded index
// with its postings is 72 kB in English and 103 kB in Chinese). The default
// limit, 256 kB of text, keeps the guide in one file with room to grow; past
// it, first opening the index (fetching it and making the postings) takes
// long enough on a phone that shards are better.
//
// Term shard t<n> holds the tokens from terms[n] to before terms[n+1], in
// JavaScript string order (UTF-16 code units), with their postings:
//
//	{"tokens": ["passport", "pay"], "postings": ["AgM", "BAEC"]}
//
// A token's postings are base64 (without padding) of up to three sets of
// page numbers: the pages where the token's best field is the text, a
// heading or item label, the title (missing sets at the end are empty).
// A set is a varint h; for even h, h/2 varints follow, the first page
// number and then the gap to each next one; for odd h, a bitmap of h/2
// bytes, bit j of byte i (low bit first) standing for page 8i+j. Build
// picks the shorter.
//
// Page shard d<n> holds consecutive pages, numbered from the sum of the
// docShards before it:
//
//	{"docs": [["/en/fees/", "Fees", [["", "", "What it costs."], ["item-card", "The card", "…", 1]]]]}
//
// a page being [url, title, sections], with a fourth element 1 for a page
// ranked later (Doc.Later), and a section [anchor, heading, text], with a
// fourth element 1 for a checklist item.
//
// # Sizes
//
// A query fetches the manifest once, the term shards of its tokens (a
// prefix at most two), and the page shards of the results it shows, ten at
// a time. Term shards are cut at Options.ShardSize bytes (8 kB) and page
// shards at Options.PageShardSize (6 kB, or one page if bigger), so that a
// query of a 10,000-page site fetches under 100 kB uncompressed
// (TestLargeSiteFetch); on such a site that costs about 3,000 to 4,500 files
// a language. BenchmarkBuild measures the build, BenchmarkBrowserQuery the
// queries in Chromium, and BenchmarkPagefind compares the search of the
// guide's own pages with Pagefind's.
package search
