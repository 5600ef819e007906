package search

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"guide/internal/browsertest"
)

// BenchmarkBrowserQuery times queries in Chromium: search.js finding the
// results of 200 sampled queries (ranking, choosing the section, making
// the snippets of the ten it shows), on a 10,000-page generated site
// (5,000 pages a language, sharded) and on the guide itself (one file a
// language, which the script indexes when it loads it). "cold" includes
// fetching the shards from a server on this machine the first time; "warm"
// is the same queries again, with what they need loaded. Run it with
//
//	go test -run '^$' -bench BrowserQuery -benchtime 1x ./internal/search
func BenchmarkBrowserQuery(b *testing.B) {
	br := browsertest.New(b)
	type site struct {
		name string
		docs map[string][]Doc
	}
	sites := []site{{"corpus", map[string][]Doc{"en": genDocs("en", 5000, corpusVocab), "zh": genDocs("zh", 5000, corpusVocab)}}}
	fixture, _ := loadSite(b)
	sites = append(sites, site{"small", fixture})
	for _, s := range sites {
		index := map[string][]byte{}
		for lang, docs := range s.docs {
			files, err := Build(lang, docs, benchSynonyms, Options{})
			if err != nil {
				b.Fatal(err)
			}
			maps.Copy(index, files)
		}
		dir := b.TempDir()
		writeSite(b, dir, index, map[string][]Doc{"en": nil, "zh": nil})
		srv := serve(b, dir)
		for _, lang := range []string{"en", "zh"} {
			b.Run(s.name+"/"+lang, func(b *testing.B) {
				queries := sampleQueries(s.docs[lang], lang, 200)
				qs, _ := json.Marshal(queries)
				tb := tab{b, br.Incognito(b), srv.base}
				tb.open("/" + lang + "/hook.html")
				tb.until(`window.engine`)
				var r struct {
					Open float64   `json:"open"`
					Cold []float64 `json:"cold"`
					Warm []float64 `json:"warm"`
				}
				for b.Loop() {
					raw := eval[string](tb, `(async (base, qs) => {
						const t0 = performance.now();
						const ix = await engine.open(base, true);
						const open = performance.now() - t0;
						const run = async () => {
							const times = [];
							for (const q of qs) {
								const t = performance.now();
								const r = await ix.search(q, 0, 10);
								for (const h of r.hits) engine.snippet(h.text, r.terms, ix.phrases, false);
								times.push(performance.now() - t);
							}
							return times;
						};
						const cold = await run();
						const warm = await run();
						return JSON.stringify({open, cold, warm});
					})("/search/`+lang+`/", `+string(qs)+`)`)
					if err := json.Unmarshal([]byte(raw), &r); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(r.Open, "open-ms")
				b.ReportMetric(pct(r.Cold, 0.5), "cold-p50-ms")
				b.ReportMetric(pct(r.Cold, 0.95), "cold-p95-ms")
				b.ReportMetric(pct(r.Warm, 0.5), "warm-p50-ms")
				b.ReportMetric(pct(r.Warm, 0.95), "warm-p95-ms")
				b.ReportMetric(slices.Max(r.Warm), "warm-max-ms")
			})
		}
	}
}

func pct(v []float64, p float64) float64 {
	s := slices.Sorted(slices.Values(v))
	return s[min(len(s)-1, int(float64(len(s))*p))]
}
