package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"guide/internal/corpus"
	"guide/internal/features"
)

// The preview benchmarks run on a generated corpus of 5,000 pages per
// language (10,000 pages, the repository's templates and locales):
//
//	go test ./internal/serve -run '^$' -bench Serve -benchtime 50x
//
// BenchmarkServeEdit measures edit → new content served as a browser tab
// sees it: write a page's Markdown file, wait on the event stream for the
// reload that names the page, then fetch it and find the new text, through
// the real watcher and HTTP server. It reports the median and 95th
// percentile in milliseconds. BenchmarkServeStartup measures start → first
// page served (the first full build included), polling every 5 ms.

const corpusPages = 5000

func corpusSite(b *testing.B) string {
	dir := b.TempDir()
	if err := corpus.Write(dir, "../..", corpusPages); err != nil {
		b.Fatal(err)
	}
	return dir
}

func runServer(b *testing.B, dir string) (string, context.CancelFunc) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	s := New(Config{Src: dir, Log: io.Discard, Features: features.Guide()})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Run(ctx, ln); close(done) }()
	return "http://" + ln.Addr().String(), func() { cancel(); <-done }
}

// fetchUntil fetches url until the body contains want.
func fetchUntil(b *testing.B, client *http.Client, url, want string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), want) {
				return
			}
		}
		time.Sleep(5 * time.Millisecond) // leave the processors to the server
	}
	state := ""
	if u, err := neturl.Parse(url); err == nil {
		if resp, err := client.Get(u.Scheme + "://" + u.Host + "/_guide/state"); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			state = string(body)
		}
	}
	b.Fatalf("%s never contained %q; the server's state: %s", url, want, state)
}

func BenchmarkServeEdit(b *testing.B) {
	dir := corpusSite(b)
	base, stop := runServer(b, dir)
	defer stop()
	client := &http.Client{}
	rel := corpus.Page(1234)
	file := filepath.Join(dir, "content", filepath.FromSlash(rel)+".en.md")
	url := base + "/en/" + rel + "/"
	name := "en/" + rel + "/index.html"
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	fetchUntil(b, client, url, "<h1>")
	reloads := reloadEvents(b, base)
	var lat []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		marker := fmt.Sprintf("Edit number %d.", i)
		start := time.Now()
		if err := os.WriteFile(file, append(append([]byte{}, orig...), "\n"+marker+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		for served := false; !served; {
			select {
			case changed := <-reloads:
				if !slices.Contains(changed, name) {
					continue
				}
			case <-time.After(30 * time.Second):
				b.Fatalf("no reload of %s for 30 s", name)
			}
			_, body, _ := get(b, url)
			served = strings.Contains(body, marker)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
	b.ReportMetric(ms(lat[(len(lat)*95+99)/100-1]), "p95-ms")
}

// reloadEvents follows the server's event stream, as the reload script
// does, and sends the changed files of each reload.
func reloadEvents(b *testing.B, base string) <-chan []string {
	resp, err := http.Get(base + "/_guide/events")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { resp.Body.Close() })
	out := make(chan []string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<24)
		ev := ""
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				ev = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok && ev == "reload" {
				var r struct{ Changed []string }
				if json.Unmarshal([]byte(d), &r) == nil {
					out <- r.Changed
				}
			}
		}
	}()
	return out
}

func BenchmarkServeStartup(b *testing.B) {
	dir := corpusSite(b)
	client := &http.Client{}
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		base, stop := runServer(b, dir)
		fetchUntil(b, client, base+"/en/"+corpus.Page(4321)+"/", "<h1>")
		lat = append(lat, time.Since(start))
		b.StopTimer()
		stop()
		b.StartTimer()
	}
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
