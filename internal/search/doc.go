// Package search builds the site's search index. Its tokenisation is the
// contract with the browser: templates/assets/search.js applies the same
// rules to the reader's query.
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
//     zero-width joiners, the word joiner and U+FEFF are ignored.
//   - Words of ASCII letters and digits are stemmed: -ies and -ie become -y
//     (in words of 5 letters or more), -sses -ss, -xes, -ches and -shes lose
//     -es (5 letters or more), and -s is dropped (4 letters or more, not
//     after s, u or i); then -ize, -ized, -izing and -ization are spelt with
//     s (6 letters or more): "certificates" is "certificate", "copies"
//     "copy", "legalization" "legalisation". No other stemming: no -ing or
//     -ed, and irregular plurals (children) are synonyms for the site to
//     give. A word keeps at most 32 characters.
//
// The index tokens of a text are its words and, for each Han run, its
// overlapping pairs of characters and then its last character alone:
// "无犯罪记录证明 police certificate" gives 无犯 犯罪 罪记 记录 录证 证明
// 明 police certificate. Every character of a run thus starts a token, so
// a one-character query matches by prefix (the tokens that start with it),
// which costs one token per run instead of one per character. Tokens lists
// them. testdata/tokens.json holds test cases that the Go tests and the
// browser tests (search.js in Chromium) both check.
package search
