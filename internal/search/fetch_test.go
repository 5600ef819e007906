package search

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// sampleQueries returns n queries a reader might type on a generated site:
// one to three words of its pages (the last one cut short, as while typing,
// one time in four) in English; two to six characters of its text in Chinese.
func sampleQueries(docs []Doc, lang string, n int) []string {
	r := rand.New(rand.NewPCG(7, 8))
	var qs []string
	for len(qs) < n {
		d := docs[r.IntN(len(docs))]
		text := []rune(d.Sections[r.IntN(len(d.Sections))].Text)
		if len(text) < 10 {
			continue
		}
		if lang == "zh" {
			start := r.IntN(len(text) - 6)
			q := string(text[start : start+2+r.IntN(5)])
			if strings.ContainsAny(q, "。\n0123456789 ") {
				continue
			}
			qs = append(qs, q)
			continue
		}
		words := strings.Fields(strings.Map(func(c rune) rune {
			if c == '.' || c == ',' || c == ':' {
				return ' '
			}
			return c
		}, string(text)))
		k := r.IntN(len(words))
		w := words[k:min(len(words), k+1+r.IntN(3))]
		q := strings.Join(w, " ")
		if last := w[len(w)-1]; r.IntN(4) == 0 && len(last) > 3 {
			q = strings.TrimSuffix(q, last) + last[:2+r.IntN(len(last)-2)]
		}
		qs = append(qs, q)
	}
	return qs
}

// fetchSizes returns, for each query, the bytes of the files a search for
// it fetches (the manifest not counted: it is fetched once), without and
// with gzip.
func fetchSizes(t testing.TB, files map[string][]byte, dir string, queries []string) (raw, gz []int) {
	t.Helper()
	r := openIndex(t, files, dir)
	gzipped := map[string]int{}
	for _, q := range queries {
		r.fetched = nil
		r.search(q, 10)
		slices.Sort(r.fetched)
		n, g := 0, 0
		for _, f := range slices.Compact(r.fetched) {
			if strings.HasSuffix(f, "/index.json") {
				continue
			}
			if _, ok := gzipped[f]; !ok {
				gzipped[f] = gzipSize(files[f])
			}
			n += len(files[f])
			g += gzipped[f]
		}
		raw, gz = append(raw, n), append(gz, g)
	}
	return raw, gz
}

func percentile(v []int, p float64) int {
	s := slices.Sorted(slices.Values(v))
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// TestLargeSiteFetch builds the index of 5,000 generated pages in each
// language (a 10,000-page site) and checks that a query fetches at most
// 100 kB (uncompressed, the shards and the page shards of the ten results
// it shows), for 300 queries of each kind.
func TestLargeSiteFetch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large indexes")
	}
	if raceEnabled {
		t.Skip("sizes do not depend on goroutines, and this takes a minute with -race (TestBuildDeterministic builds in parallel)")
	}
	const budget = 100 << 10
	for _, v := range []struct {
		name string
		v    vocab
	}{{"corpus", corpusVocab}, {"zipf", zipfVocab}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%s/%s", v.name, lang), func(t *testing.T) {
				docs := genDocs(lang, 5000, v.v)
				files, err := Build(lang, docs, benchSynonyms, Options{})
				if err != nil {
					t.Fatal(err)
				}
				total := 0
				for _, f := range files {
					total += len(f)
				}
				queries := sampleQueries(docs, lang, 300)
				raw, gz := fetchSizes(t, files, "search/"+lang+"/", queries)
				t.Logf("%d files, %.1f MB, manifest %d bytes (%d gzip); a query fetches: median %d bytes (%d gzip), p95 %d (%d), max %d (%d)",
					len(files), float64(total)/1e6, len(files["search/"+lang+"/index.json"]), gzipSize(files["search/"+lang+"/index.json"]),
					percentile(raw, 0.5), percentile(gz, 0.5), percentile(raw, 0.95), percentile(gz, 0.95), slices.Max(raw), slices.Max(gz))
				for i, n := range raw {
					if n > budget {
						t.Errorf("%q fetches %d bytes", queries[i], n)
					}
				}
			})
		}
	}
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}
