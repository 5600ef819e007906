package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"guide/internal/offline"
	"guide/internal/site"
)

// start writes testdata/site.txtar (plus extra files) to a temp dir and
// serves it with a real watcher on 127.0.0.1; it returns the site directory,
// the base URL and the server.
func start(t *testing.T, extra string) (string, string, *Server) {
	t.Helper()
	dir := siteDir(t, extra)
	s, addr, stop := serveDir(t, dir, "127.0.0.1:0")
	t.Cleanup(stop)
	base := "http://" + addr
	waitFor(t, base+"/_guide/state", "errors")
	return dir, base, s
}

// siteDir writes testdata/site.txtar, plus extra files, to a temp dir.
func siteDir(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(ar.Files, txtar.Parse([]byte(extra)).Files...) {
		write(t, filepath.Join(dir, f.Name), string(f.Data))
	}
	return dir
}

// offlineSiteDir is siteDir with offline: true in site.yaml.
func offlineSiteDir(t *testing.T) string {
	t.Helper()
	dir := siteDir(t, "")
	cfg, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "site.yaml"), string(cfg)+"offline: true\n")
	return dir
}

// serveDir runs a server for the site in dir on addr; stop shuts it down
// (once, whoever calls it).
func serveDir(t *testing.T, dir, addr string) (s *Server, bound string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s = New(Config{Src: dir, Log: io.Discard})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	var once sync.Once
	return s, ln.Addr().String(), func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
}

func write(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t testing.TB, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

// waitFor polls url until its body contains want (or, with "!" in front,
// until it no longer does).
func waitFor(t *testing.T, url, want string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	neg := strings.HasPrefix(want, "!")
	want = strings.TrimPrefix(want, "!")
	var body string
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			if strings.Contains(body, want) != neg {
				return body
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: waited 30s for %q (negated %v); last body:\n%s", url, want, neg, body)
	return ""
}

func page(title, body string) string {
	return fmt.Sprintf("---\ntitle: %s\n---\n%s\n", title, body)
}

func TestEditCreateRenameDelete(t *testing.T) {
	dir, base, _ := start(t, "")
	waitFor(t, base+"/en/fees/", "Original fees text.")

	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Edited fees text."))
	waitFor(t, base+"/en/fees/", "Edited fees text.")

	write(t, filepath.Join(dir, "content/new.en.md"), page("New", "A new page."))
	waitFor(t, base+"/en/new/", "A new page.")

	if err := os.Rename(filepath.Join(dir, "content/new.en.md"), filepath.Join(dir, "content/renamed.en.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base+"/en/renamed/", "A new page.")
	if code, _, _ := get(t, base+"/en/new/"); code != http.StatusNotFound {
		t.Errorf("renamed page still served at its old URL: %d", code)
	}

	if err := os.Remove(filepath.Join(dir, "content/renamed.en.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base+"/_guide/state", "errors")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _, _ := get(t, base+"/en/renamed/"); code == http.StatusNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deleted page still served")
		}
		time.Sleep(10 * time.Millisecond)
	}

	// New directories are watched, and files written before the watch are seen.
	write(t, filepath.Join(dir, "content/deep/er/page.en.md"), page("Deep", "Deep page."))
	waitFor(t, base+"/en/deep/er/page/", "Deep page.")
	write(t, filepath.Join(dir, "content/deep/er/page.en.md"), page("Deep", "Deep page, edited."))
	waitFor(t, base+"/en/deep/er/page/", "Deep page, edited.")

	write(t, filepath.Join(dir, "templates/page.html"), `{{template "base" .}}<p>new template</p>`)
	waitFor(t, base+"/en/fees/", "new template")

	write(t, filepath.Join(dir, "locales/en.yaml"), "hello: Hi there\n")
	waitFor(t, base+"/en/fees/", "Hi there")
}

func TestAtomicSaves(t *testing.T) {
	dir, base, s := start(t, "")
	target := filepath.Join(dir, "content/fees.en.md")
	saves := []struct {
		name string
		save func(text string)
	}{
		{"vim", func(text string) {
			// :w with backupcopy=no: a write test, then rename away, write, delete the backup.
			write(t, filepath.Join(dir, "content/4913"), "")
			os.Remove(filepath.Join(dir, "content/4913"))
			os.Rename(target, target+"~")
			write(t, filepath.Join(dir, "content/.fees.en.md.swp"), "swap")
			write(t, target, text)
			os.Remove(target + "~")
		}},
		{"jetbrains", func(text string) {
			tmp := filepath.Join(dir, "content/fees.en.md___jb_tmp___")
			old := filepath.Join(dir, "content/fees.en.md___jb_old___")
			write(t, tmp, text)
			os.Rename(target, old)
			os.Rename(tmp, target)
			os.Remove(old)
		}},
		{"vscode", func(text string) {
			f, err := os.OpenFile(target, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond) // the reader may see the empty file
			f.WriteString(text)
			f.Close()
		}},
		{"emacs", func(text string) {
			lock := filepath.Join(dir, "content/.#fees.en.md")
			os.Symlink("user@host.123", lock)
			write(t, filepath.Join(dir, "content/#fees.en.md#"), "autosave")
			write(t, target, text)
			os.Remove(lock)
			os.Remove(filepath.Join(dir, "content/#fees.en.md#"))
		}},
	}
	for _, sv := range saves {
		t.Run(sv.name, func(t *testing.T) {
			before := s.builds.Load()
			text := "Saved by " + sv.name + "."
			sv.save(page("Fees", text))
			waitFor(t, base+"/en/fees/", text)
			time.Sleep(100 * time.Millisecond) // let any straggling events in
			if n := s.builds.Load() - before; n > 3 {
				t.Errorf("%d rebuilds for one save", n)
			}
			if _, body, _ := get(t, base+"/_guide/state"); strings.Contains(body, "content/") {
				t.Errorf("errors left after the save: %s", body)
			}
		})
	}
}

func TestBurst(t *testing.T) {
	dir, base, s := start(t, "")
	before := s.builds.Load()
	for i := range 500 {
		write(t, filepath.Join(dir, fmt.Sprintf("content/burst/p%03d.en.md", i)), page(fmt.Sprintf("Page %d", i), fmt.Sprintf("Burst page %d.", i)))
	}
	waitFor(t, base+"/en/burst/p499/", "Burst page 499.")
	for _, i := range []int{0, 137, 498} {
		waitFor(t, fmt.Sprintf("%s/en/burst/p%03d/", base, i), fmt.Sprintf("Burst page %d.", i))
	}
	time.Sleep(200 * time.Millisecond)
	if n := s.builds.Load() - before; n > 10 {
		t.Errorf("500 files made %d rebuilds, want a handful", n)
	}
}

func TestErrorsKeepLastGoodSite(t *testing.T) {
	dir, base, _ := start(t, "")
	write(t, filepath.Join(dir, "templates/page.html"), "{{template \"base\" .}}\n{{if}}\n")
	state := waitFor(t, base+"/_guide/state", "templates/page.html:2:")
	if !strings.Contains(state, "missing value for if") {
		t.Errorf("state = %s", state)
	}
	if _, body, _ := get(t, base+"/en/fees/"); !strings.Contains(body, "Original fees text.") {
		t.Error("last good page not served during the error")
	}
	write(t, filepath.Join(dir, "templates/page.html"), "{{template \"base\" .}}<p>fixed</p>")
	waitFor(t, base+"/_guide/state", "!templates/page.html")
	waitFor(t, base+"/en/fees/", "fixed")

	write(t, filepath.Join(dir, "content/fees.en.md"), "---\ntitle: Fees\n---\n\n[broken](/nope.md)\n")
	waitFor(t, base+"/_guide/state", "content/fees.en.md:5: link to /nope.md: no such page")
	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Fixed again."))
	waitFor(t, base+"/_guide/state", "!content/fees.en.md")
	waitFor(t, base+"/en/fees/", "Fixed again.")
}

func TestFirstBuildFails(t *testing.T) {
	dir, base, _ := start(t, "-- content/fees.en.md --\n---\ntitle: [broken\n---\n")
	waitFor(t, base+"/_guide/state", "content/fees.en.md:2:")
	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Now it builds."))
	waitFor(t, base+"/en/fees/", "Now it builds.")
}

func TestEventsComeAfterTheRebuild(t *testing.T) {
	dir, base, _ := start(t, "")
	resp, err := http.Get(base + "/_guide/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				events <- name + " " + d
			}
		}
		close(events)
	}()
	next := func() string {
		select {
		case ev := <-events:
			return ev
		case <-time.After(10 * time.Second):
			t.Fatal("no event")
		}
		return ""
	}
	if ev := next(); ev != `state {"errors":[]}` {
		t.Errorf("first event %q", ev)
	}
	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Event text."))
	ev := next()
	if ev != `reload {"changed":["en/fees/index.html"],"removed":[]}` {
		t.Errorf("reload event %q", ev)
	}
	// The event is sent only once the new page is served.
	if _, body, _ := get(t, base+"/en/fees/"); !strings.Contains(body, "Event text.") {
		t.Error("reload announced before the page was rebuilt")
	}
	// A save that changes nothing sends nothing.
	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Event text."))
	select {
	case ev := <-events:
		t.Errorf("unexpected event after an identical save: %q", ev)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestHTTPSafety(t *testing.T) {
	_, base, _ := start(t, "")
	code, body, h := get(t, base+"/en/fees/")
	if code != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("Cache-Control") != "no-store" {
		t.Errorf("page: %d %v", code, h)
	}
	if !strings.Contains(body, `<script src="/_guide/live.js" data-page="en/fees/index.html"`) {
		t.Error("reload script not injected")
	}
	for _, p := range []string{"/../site.yaml", "/%2e%2e/site.yaml", "/en/..%2f..%2fsite.yaml", "/content/fees.en.md", "/site.yaml", "/..%5csite.yaml"} {
		code, body, _ := get(t, base+p)
		if code == 200 || strings.Contains(body, "languages:") || strings.Contains(body, "Original fees text") && !strings.Contains(body, "<html") {
			t.Errorf("%s: %d\n%s", p, code, body)
		}
	}
	// No directory listings: a directory URL without a slash redirects to its page.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(base + "/en/fees")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/en/fees/" {
		t.Errorf("/en/fees: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if code, _, _ := get(t, base+"/en/nothing/"); code != http.StatusNotFound {
		t.Errorf("missing page: %d", code)
	}
	for host, want := range map[string]int{
		"evil.example.com":       http.StatusForbidden,
		"evil.example.com:1313":  http.StatusForbidden,
		"127.0.0.1:1313":         http.StatusOK,
		"localhost:1313":         http.StatusOK,
		"[::1]:1313":             http.StatusOK,
		"192.168.1.20:1313":      http.StatusOK,
		"localhost.evil.example": http.StatusForbidden,
	} {
		req, _ := http.NewRequest("GET", base+"/en/fees/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
	req, _ := http.NewRequest("POST", base+"/en/fees/", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %v %v", resp, err)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"content/fees.en.md": false, "content/.fees.en.md.swp": true, "content/fees.en.md~": true,
		"content/4913": true, "content/.#fees.en.md": true, "content/#fees.en.md#": true,
		"content/fees.en.md___jb_tmp___": true, "content/fees.en.md___jb_old___": true,
		"templates/page.html": false, "content/x.tmp": true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v", name, got)
		}
	}
}

// Templates and locale files can be created, renamed and deleted while the
// server runs, like pages.
func TestTemplateAndLocaleFiles(t *testing.T) {
	dir, base, _ := start(t, "")
	// A new layout, and a page that asks for it.
	write(t, filepath.Join(dir, "templates/special.html"), `{{template "base" .}}<p>special layout</p>`)
	write(t, filepath.Join(dir, "content/fees.en.md"), "---\ntitle: Fees\nlayout: special\n---\nFees.\n")
	waitFor(t, base+"/en/fees/", "special layout")
	// Renamed: the page names a layout that no longer exists, which is an
	// error (the last good page stays); without its layout key it builds.
	if err := os.Rename(filepath.Join(dir, "templates/special.html"), filepath.Join(dir, "templates/other.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base+"/_guide/state", `content/fees.en.md:3: layout special: there is no template templates/special.html`)
	waitFor(t, base+"/en/fees/", "special layout")
	write(t, filepath.Join(dir, "content/fees.en.md"), "---\ntitle: Fees\n---\nFees.\n")
	waitFor(t, base+"/en/fees/", "!special layout")
	waitFor(t, base+"/_guide/state", `{"errors":[]}`)
	// Deleted: nothing breaks.
	if err := os.Remove(filepath.Join(dir, "templates/other.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base+"/_guide/state", `{"errors":[]}`)

	// The English locale deleted: English pages fall back to Chinese strings.
	if err := os.Remove(filepath.Join(dir, "locales/en.yaml")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base+"/en/fees/", `<p class="hello">你好</p>`)
	// Created again, under the other YAML extension (a rename of the kind an
	// editor might make): English again.
	write(t, filepath.Join(dir, "locales/en.yml"), "hello: Hello again\n")
	waitFor(t, base+"/en/fees/", `<p class="hello">Hello again</p>`)
	if err := os.Rename(filepath.Join(dir, "locales/en.yml"), filepath.Join(dir, "locales/en.yaml")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "locales/en.yaml"), "hello: Hello\n")
	waitFor(t, base+"/en/fees/", `<p class="hello">Hello</p>`)
}

// TestRunStopsEverything: when Run returns, the goroutines it started (the
// watcher, the rebuild loop, the search index, the HTTP handlers) have
// stopped: none is left running the server's or the watcher's code. (The
// libraries' own goroutines — fsnotify's reader, a net/http connection —
// may still be finishing the close that Run waited for.)
func TestRunStopsEverything(t *testing.T) {
	dir := siteDir(t, "")
	for i := range 3 {
		_, addr, stop := serveDir(t, dir, "127.0.0.1:0")
		waitFor(t, "http://"+addr+"/en/fees/", "Fees")
		write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", fmt.Sprint("An edit while serving ", i)))
		waitFor(t, "http://"+addr+"/en/fees/", fmt.Sprint("An edit while serving ", i))
		stop()
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		for _, g := range strings.Split(stacks, "\n\n") {
			if strings.Contains(g, "guide/internal/serve.") && !strings.Contains(g, "TestRunStopsEverything") {
				t.Errorf("a goroutine still runs after Run returned:\n%s", g)
			}
		}
	}
}

// TestWatcherMaxWait: a stream of writes that never pauses for the quiet
// period still gives a batch, at the latest MaxWait after it began.
func TestWatcherMaxWait(t *testing.T) {
	dir := siteDir(t, "")
	w := newWatcher(dir, 50*time.Millisecond, 200*time.Millisecond, t.Logf)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	w.start(ctx, &wg)
	defer func() { cancel(); wg.Wait() }()
	stop := make(chan struct{})
	var writers sync.WaitGroup
	writers.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", fmt.Sprint("save ", i)))
		}
	})
	defer func() { close(stop); writers.Wait() }()
	select {
	case b := <-w.batches:
		if len(b) != 1 || b[0] != "content/fees.en.md" {
			t.Errorf("batch %v", b)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no batch while saves keep coming every 10 ms (quiet period 50 ms, most 200 ms)")
	}
}

// TestInjectedScriptIsEscaped: the name of the page asked for goes into the
// reload script's attributes escaped, whatever it is.
func TestInjectedScriptIsEscaped(t *testing.T) {
	_, base, _ := start(t, "")
	code, body, _ := get(t, base+`/x%22%20onload=%22alert(1)%22%3Cb%3E/`)
	if code != http.StatusNotFound {
		t.Errorf("status %d", code)
	}
	if !strings.Contains(body, `data-page="x&#34; onload=&#34;alert(1)&#34;&lt;b&gt;/index.html"`) || strings.Contains(body, `" onload="`) {
		t.Errorf("the page name is not escaped:\n%s", body)
	}
}

// TestWorkerIsUnregistered: the preview answers every request for a worker
// script with one that removes itself, never with the worker the build makes,
// and also before the build has made one or when the site has none (a worker
// installed earlier on the address asks for its script to update, and a 404
// would leave it in place).
func TestWorkerIsUnregistered(t *testing.T) {
	for _, offlineSite := range []bool{true, false} {
		t.Run(fmt.Sprint("offline=", offlineSite), func(t *testing.T) {
			dir := siteDir(t, "")
			if offlineSite {
				dir = offlineSiteDir(t)
			}
			_, addr, stop := serveDir(t, dir, "127.0.0.1:0")
			t.Cleanup(stop)
			base := "http://" + addr
			check := func() {
				for _, p := range []string{"/en/sw.js", "/zh/sw.js", "/sw.js", "/en/fees/sw.js"} {
					status, body, h := get(t, base+p)
					if status != http.StatusOK || body != string(offline.Unregister()) || !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") {
						t.Errorf("%s: %d %s\n%s", p, status, h.Get("Content-Type"), body)
					}
				}
			}
			check() // at once, before any background work is done
			waitFor(t, base+"/_guide/state", "errors")
			check()
		})
	}
}

// TestSearchIndexFollowsEdits: the search index (and the offline worker,
// which lists the index's files with their sums) is made in the background
// after edits, stopped and made again when edits keep coming, and ends up
// as a fresh build's: it finds the last edit's word, and none of the
// earlier ones.
func TestSearchIndexFollowsEdits(t *testing.T) {
	dir := offlineSiteDir(t)
	s, addr, stop := serveDir(t, dir, "127.0.0.1:0")
	t.Cleanup(stop)
	base := "http://" + addr
	waitFor(t, base+"/search/en/index.json", "Fees")
	word := func(i int) string { return fmt.Sprintf("zebrafish%dq", i) }
	const edits = 20
	for i := range edits {
		write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", word(i)))
		time.Sleep(20 * time.Millisecond) // faster than SearchAfter (500 ms)
	}
	index := waitFor(t, base+"/search/en/index.json", word(edits-1))
	for i := range edits - 1 {
		if strings.Contains(index, word(i)) {
			t.Errorf("the index still has edit %d's word %q", i, word(i))
		}
	}
	// The preview answers sw.js with the unregistering worker, so the
	// worker it made (which lists the index with its sum) is read from
	// its files.
	res := build(t, dir)
	s.mu.RLock()
	worker := s.files["en/sw.js"]
	s.mu.RUnlock()
	for name, got := range map[string][]byte{"search/en/index.json": []byte(index), "en/sw.js": worker} {
		if want := res[name]; !bytes.Equal(got, want) {
			t.Errorf("the preview's %s differs from a fresh build's:\npreview %s\nbuild   %s", name, got, want)
		}
	}
}

// build builds the site in dir as the preview does, into memory.
func build(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	var sink site.Memory
	if _, err := site.Build(context.Background(), os.DirFS(dir), site.Options{BaseURL: "/"}, &sink); err != nil {
		t.Fatal(err)
	}
	return sink.Files()
}
