package search_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"
)

// pagefindQueries are what readers look for (TestSearchRealSite in
// internal/site), with the page that should come first, searched in both
// languages; "" marks a query that should find nothing.
var pagefindQueries = []struct{ q, want string }{
	{"无犯罪记录证明", "documents/police-certificate/"},
	{"police certificate", "documents/police-certificate/"},
	{"海牙认证", "documents/legalisation/"},
	{"apostille", "documents/legalisation/"},
	{"体检", "documents/medical/"},
	{"medical check", "documents/medical/"},
	{"五星卡", "after-approval/"},
	{"five-star card", "after-approval/"},
	{"户口簿", "documents/spouse/"},
	{"working days", "timeline/"},
	{"段简", ""},
}

// BenchmarkPagefind compares the site's search with Pagefind (the npm
// package pinned in package.json, for this benchmark only) on the guide's
// own pages, side by side in one run. It builds the guide, runs Pagefind on
// the output twice (as it comes, and with --root-selector main: only each
// page's <main>), serves the directory on 127.0.0.1 with gzip (each file
// compressed when that makes it smaller: Pagefind's index files are
// compressed already), and in Chromium, for each engine and language,
// searches for each query of pagefindQueries through the engine's
// JavaScript API, as the page would: search.js's engine.open and
// Index.search with the snippets of the ten results it shows; Pagefind's
// init, search and data() of the results.
//
// Each query is first searched from a cold start (the page just loaded,
// nothing kept by the browser), counting the bytes of the bodies the server
// sends for the engine's files (assets/search.*.js and search/LANG/;
// pagefind/) until the first result is there (Pagefind: the first result's
// data()), and until the first ten are (cold10). first-q-cold-kB is the
// first query's, cold-kB and cold10-kB the most of any query. Then every
// query is searched 20 times more with what it needs loaded (p50-ms,
// p95-ms over all of them). right-first is the number of queries (of 10)
// whose right page comes first, nonsense-hits the results for 段简. The log
// (-v: without it, a benchmark's log is cut at ten lines) has a line per
// query: its rank of the right page ("-" when not among the first 50), its
// results, the first one, its cold bytes and times, and the files fetched.
// Run it with
//
//	go test -v -run '^$' -bench Pagefind -benchtime 1x ./internal/search
//
// after npm ci at the top of the repository; without Pagefind it is
// skipped, or fails under CI=true.
func BenchmarkPagefind(b *testing.B) {
	bin, err := filepath.Abs("../../node_modules/.bin/pagefind")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("Pagefind not found (CI=true, so this fails): run npm ci at the top of the repository")
		}
		b.Skip("Pagefind not found, skipping: run npm ci at the top of the repository")
	}
	br := browsertest.New(b)
	dir := sitetest.BuildRepo(b, "../..")
	for _, pf := range []struct {
		subdir string
		args   []string
	}{{"pagefind", nil}, {"pagefind-main", []string{"--root-selector", "main"}}} {
		cmd := exec.Command(bin, append([]string{"--site", dir, "--output-subdir", pf.subdir}, pf.args...)...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%s: %v\n%s", cmd, err, out)
		}
		b.Logf("%s: %.2f s; %s", strings.Join(cmd.Args[1:], " "), time.Since(start).Seconds(), summary(out))
	}
	srv := gzipServe(b, dir)
	logLoad(b)
	defer logLoad(b)
	for _, lang := range []string{"en", "zh"} {
		for _, engine := range []string{"guide", "pagefind", "pagefind-main"} {
			b.Run(engine+"/"+lang, func(b *testing.B) {
				for b.Loop() {
					compare(b, br, srv, engine, lang)
				}
			})
		}
	}
}

// logLoad logs the load average: the machine may be shared, and the
// times depend on it.
func logLoad(b *testing.B) {
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("load average %s", bytes.TrimSpace(l))
	}
}

// summary is the lines of Pagefind's output that say what it indexed.
func summary(out []byte) string {
	var s []string
	for l := range strings.Lines(string(out)) {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "Indexed ") || strings.HasPrefix(l, "Found ") || strings.HasPrefix(l, "Finished") {
			s = append(s, l)
		}
	}
	return strings.Join(s, "; ")
}

// compare runs the queries through one engine on one language's pages and
// reports what it found, fetched and took.
func compare(b *testing.B, br *browsertest.Browser, srv *countingServer, engine, lang string) {
	ctx := br.Incognito(b)
	run := func(actions ...chromedp.Action[chromedp.Void]) {
		b.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.guideSearchHook = e => { window.engine = e; };`}); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		b.Fatal(err)
	}
	eval := func(js string) string {
		b.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatalf("%s: %v", js, err)
		}
		return v
	}
	prefixes := []string{"/assets/search.", "/search/"}
	// open, cold(q) and rank(q) are JavaScript for the engine: open makes
	// it ready, cold searches for q and shows the first result, more the
	// other nine, and rank returns {count, first, rank} for q and want.
	var open, cold, more, timed, rank string
	switch engine {
	case "guide":
		open = `window.ix = await engine.open("/search/` + lang + `/")`
		cold = `const r = await ix.search(q, 0, 10); for (const h of r.hits) engine.snippet(h.text, r.terms, ix.phrases, false)`
		more = ``
		timed = cold
		rank = `const r = await ix.search(q, 0, 1000);
			const urls = r.hits.map(h => h.url + (h.anchor ? "#" + h.anchor : ""));
			return {count: r.count, first: urls[0] || "", rank: want ? urls.findIndex(u => u.startsWith(want)) + 1 : 0}`
	default:
		prefixes = []string{"/" + engine + "/"}
		open = `window.pf = await import("/` + engine + `/pagefind.js"); await pf.init()`
		cold = `window.r = await pf.search(q); if (r.results.length) await r.results[0].data()`
		more = `await Promise.all(r.results.slice(1, 10).map(x => x.data()))`
		timed = `const r = await pf.search(q); await Promise.all(r.results.slice(0, 10).map(x => x.data()))`
		rank = `const r = await pf.search(q);
			let first = "", at = 0;
			for (let i = 0; i < r.results.length && i < 50; i++) {
				const d = await r.results[i].data();
				const url = d.url.replace(/index\.html$/, "");
				if (i === 0) first = d.sub_results && d.sub_results.length && d.sub_results[0].url.includes("#") ? d.sub_results[0].url : url;
				if (want && url.startsWith(want)) { at = i + 1; break; }
			}
			return {count: r.results.length, first, rank: at}`
	}
	type row struct {
		q, want, first string
		count, rank    int
		cold, cold10   int
		coldMs         float64
		times          []float64
	}
	var rows []row
	for _, c := range pagefindQueries {
		want := ""
		if c.want != "" {
			want = "/" + lang + "/" + c.want
		}
		// A cold start: the page loaded again (with search.js, which every
		// page of the site loads), nothing of the engine in the browser's
		// memory or cache.
		srv.reset()
		run(chromedp.Navigate(srv.base+"/"+lang+"/fees/"), chromedp.WaitReady("footer"))
		qs, _ := json.Marshal(c.q)
		ws, _ := json.Marshal(want)
		ms := eval(`(async (q) => { const t0 = performance.now(); ` + open + `; ` + cold + `; return String(performance.now() - t0); })(` + string(qs) + `)`)
		var coldMs float64
		fmt.Sscan(ms, &coldMs)
		first := srv.sent(prefixes)
		eval(`(async (q) => { ` + more + `; return ""; })(` + string(qs) + `)`)
		ten := srv.sent(prefixes)
		b.Logf("%s/%s: %s: %s", engine, lang, c.q, srv.files(prefixes))
		var res struct {
			Count int    `json:"count"`
			First string `json:"first"`
			Rank  int    `json:"rank"`
		}
		raw := eval(`(async (q, want) => { const x = await (async () => { ` + rank + ` })(); return JSON.stringify(x); })(` + string(qs) + `, ` + string(ws) + `)`)
		if err := json.Unmarshal([]byte(raw), &res); err != nil {
			b.Fatal(err)
		}
		rows = append(rows, row{q: c.q, want: c.want, first: res.First, count: res.Count, rank: res.Rank, cold: first, cold10: ten, coldMs: coldMs})
	}
	// Warm: every query 20 times, with what it needs loaded.
	qs, _ := json.Marshal(func() []string {
		var q []string
		for _, c := range pagefindQueries {
			q = append(q, c.q)
		}
		return q
	}())
	raw := eval(`(async (qs) => {
		const times = qs.map(() => []);
		for (const q of qs) await (async () => { ` + timed + ` })();
		for (let k = 0; k < 20; k++) {
			for (let i = 0; i < qs.length; i++) {
				const q = qs[i], t = performance.now();
				await (async () => { ` + timed + ` })();
				times[i].push(performance.now() - t);
			}
		}
		return JSON.stringify(times);
	})(` + string(qs) + `)`)
	var times [][]float64
	if err := json.Unmarshal([]byte(raw), &times); err != nil {
		b.Fatal(err)
	}
	var all []float64
	right, nonsense, maxCold, maxCold10 := 0, 0, 0, 0
	for i := range rows {
		rows[i].times = times[i]
		all = append(all, times[i]...)
		if rows[i].want == "" {
			nonsense = rows[i].count
		} else if rows[i].rank == 1 {
			right++
		}
		maxCold, maxCold10 = max(maxCold, rows[i].cold), max(maxCold10, rows[i].cold10)
	}
	b.Logf("%s/%s: query | right page | rank | results | first result | cold bytes (first, ten) | cold ms | warm p50 / p95 ms", engine, lang)
	for _, r := range rows {
		rank := fmt.Sprint(r.rank)
		if r.rank == 0 {
			rank = "-"
		}
		b.Logf("%s/%s: %s | %s | %s | %d | %s | %d, %d | %.1f | %.2f / %.2f", engine, lang, r.q, r.want, rank, r.count, r.first, r.cold, r.cold10, r.coldMs, pct(r.times, 0.5), pct(r.times, 0.95))
	}
	b.ReportMetric(float64(rows[0].cold)/1e3, "first-q-cold-kB")
	b.ReportMetric(float64(maxCold)/1e3, "cold-kB")
	b.ReportMetric(float64(maxCold10)/1e3, "cold10-kB")
	b.ReportMetric(float64(right), "right-first")
	b.ReportMetric(float64(nonsense), "nonsense-hits")
	b.ReportMetric(pct(all, 0.5), "p50-ms")
	b.ReportMetric(pct(all, 0.95), "p95-ms")
}

func pct(v []float64, p float64) float64 {
	s := slices.Sorted(slices.Values(v))
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// countingServer serves a directory on 127.0.0.1, each response compressed
// with gzip when that makes it smaller and marked not to be stored (so that
// Pagefind's web worker, which the tab's disabled cache does not reach,
// fetches everything again too), and counts the bytes of the bodies it
// sends per path since the last reset.
type countingServer struct {
	base  string
	mu    sync.Mutex
	bytes map[string]int // bytes sent per path since the reset
	order []string       // the paths in the order of their first request
}

func gzipServe(t testing.TB, dir string) *countingServer {
	t.Helper()
	s := &countingServer{bytes: map[string]int{}}
	files := http.FileServer(http.Dir(dir))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every request is a first visit's: the whole file, never kept.
		r.Header.Del("If-Modified-Since")
		r.Header.Del("If-None-Match")
		rec := httptest.NewRecorder()
		files.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && rec.Code == http.StatusOK {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(body)
			_ = zw.Close()
			if buf.Len() < len(body) {
				body = buf.Bytes()
				w.Header().Set("Content-Encoding", "gzip")
			}
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.Header().Add("Vary", "Accept-Encoding")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(rec.Code)
		n, _ := w.Write(body)
		s.mu.Lock()
		if _, ok := s.bytes[r.URL.Path]; !ok {
			s.order = append(s.order, r.URL.Path)
		}
		s.bytes[r.URL.Path] += n
		s.mu.Unlock()
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	s.base = "http://" + ln.Addr().String()
	return s
}

func (s *countingServer) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bytes = map[string]int{}
	s.order = nil
}

// sent is the number of bytes sent since the reset for paths that start
// with one of prefixes.
func (s *countingServer) sent(prefixes []string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, b := range s.bytes {
		if hasPrefix(p, prefixes) {
			n += b
		}
	}
	return n
}

// files lists the paths sent since the reset that start with one of
// prefixes, with their bytes, in the order they were first asked for.
func (s *countingServer) files(prefixes []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var l []string
	for _, p := range s.order {
		if hasPrefix(p, prefixes) {
			l = append(l, fmt.Sprintf("%s %d", p, s.bytes[p]))
		}
	}
	return strings.Join(l, ", ")
}

func hasPrefix(s string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}
