// Package serve previews a site while an author edits it.
//
// A Server builds the site into memory (site.Live), serves it over HTTP,
// watches content/, templates/, locales/ and site.yaml, rebuilds what a
// change needs, and tells open browser tabs to reload — only the tabs whose
// page changed, only after the rebuild is complete, keeping their scroll
// position. A build error keeps the last good site being served and shows an
// overlay with file:line: message in every open tab (and in tabs opened
// later) until it is fixed. The first build failing does not stop the server.
//
// Live reload uses Server-Sent Events. To stay under the browser's limit of
// six connections per host, the open tabs of a site elect one of them (Web
// Locks) to hold the event stream, and it passes the events to the others
// (BroadcastChannel). After a server restart the stream reconnects by itself
// and each tab reloads if its page changed meanwhile.
//
// The reload script is added to HTML responses as they are served; built
// files never contain it.
//
// Safety: the server serves only what the build produced, from memory, so no
// request reaches the file system; it answers only requests whose Host is an
// IP address or localhost (against DNS rebinding), never lists directories,
// sends Content-Type with charset=utf-8 for text and Cache-Control: no-store.
// Binding to an address other than loopback is allowed but warned about.
//
// The one exception to serving what the build produced: a service worker of
// package offline (any request for a file named sw.js, whether the build has
// made one yet or not) is answered with offline.Unregister, a worker that
// removes itself and the saved copies, so that a published build's worker
// installed on the same address earlier cannot serve stale pages in a
// preview. (A browser updating an installed worker keeps the old one unless
// the script's URL answers 200, so a 404 would not do.) (The site's pages do not register a worker when the
// reload script is on the page.)
//
// Internal paths, all under /_guide/:
//
//	/_guide/live.js          the reload script
//	/_guide/events           the event stream: "state" {errors}, "reload" {changed, removed}
//	/_guide/state            the current errors, as JSON
//	/_guide/hash?page=NAME   a short hash of an output file, to detect changes after reconnecting
package serve

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"guide/internal/diag"
	"guide/internal/offline"
	"guide/internal/site"
)

//go:embed live.js
var liveJS []byte

// Config configures a Server.
type Config struct {
	Src      string         // the site's directory
	FS       fs.FS          // the site's files (default os.DirFS(Src)); Src is still watched
	Drafts   bool           // include draft pages
	Features []site.Feature // what the site's pages need (see site.Options)
	Quiet    time.Duration  // wait this long after the last file event before rebuilding (default 10ms)
	MaxWait  time.Duration  // rebuild at the latest this long after the first of a stream of events (default 1s)
	// SearchAfter: make the search index and the offline workers once no
	// change has come for this long after an update (default 500ms), so
	// that they do not compete with the updates of an editor saving as she
	// types; a change that comes while they are made stops them.
	SearchAfter time.Duration
	Idle        time.Duration // close keep-alive connections idle this long (default 30s)
	Log         io.Writer     // progress and errors (default os.Stderr)
}

// Server is a preview server.
type Server struct {
	cfg  Config
	live *site.Live

	mu     sync.RWMutex
	files  map[string][]byte // the last good site
	hashes map[string]string // short hashes of files, made on first use
	errs   []string          // the current build errors, as file:line: message
	ready  chan struct{}     // closed once the first build has finished, well or not

	hub    hub
	done   chan struct{} // closed on shutdown: ends event streams
	builds atomic.Int64  // updates run, for tests and logs
}

// New returns a Server for the site in cfg.Src.
func New(cfg Config) *Server {
	if cfg.Quiet == 0 {
		cfg.Quiet = 10 * time.Millisecond
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = time.Second
	}
	if cfg.SearchAfter == 0 {
		cfg.SearchAfter = 500 * time.Millisecond
	}
	if cfg.Idle == 0 {
		cfg.Idle = 30 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	if cfg.FS == nil {
		cfg.FS = os.DirFS(cfg.Src)
	}
	return &Server{
		cfg:    cfg,
		live:   site.NewLive(cfg.FS, site.Options{Drafts: cfg.Drafts, BaseURL: "/", Features: cfg.Features}),
		files:  map[string][]byte{},
		hashes: map[string]string{},
		ready:  make(chan struct{}),
		hub:    hub{clients: map[chan event]bool{}},
		done:   make(chan struct{}),
	}
}

func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.cfg.Log, format+"\n", args...)
}

// Run serves the site on ln, builds it, and rebuilds on changes until ctx
// ends (at any moment, the first build included); then it shuts the server
// down cleanly and returns once everything it started has stopped. Requests
// that arrive before the first build has finished wait for it.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	// Watch before the first build, so that no save is missed.
	w := newWatcher(s.cfg.Src, s.cfg.Quiet, s.cfg.MaxWait, s.logf)
	w.start(ctx, &wg)
	wg.Go(func() { s.loop(ctx, w.batches) })
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: s.cfg.Idle}
	srv.RegisterOnShutdown(func() { close(s.done) })
	errc := make(chan error, 1)
	wg.Go(func() { errc <- srv.Serve(ln) })
	select {
	case err := <-errc:
		cancel()
		return err
	case <-ctx.Done():
	}
	// Finish requests in flight; a browser that keeps a connection open
	// beyond that is cut off.
	sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	return nil
}

// loop makes the first build, then rebuilds for each batch of changes. A
// batch that arrives while a rebuild runs cancels it: the rebuild starts
// again with both batches, so a slow or pathological save never holds up
// the next one. The search index and the offline workers of the last good
// build are made in the background once no batch has come for
// cfg.SearchAfter; a batch stops them too.
func (s *Server) loop(ctx context.Context, batches <-chan []string) {
	var pending []string
	all := true // the first build
	type made struct {
		ix  *site.SearchIndex
		err error // ctx's, when stopped
	}
	searched := make(chan made, 1)
	var (
		searching    bool
		stopSearch   context.CancelFunc = func() {}
		searchDue    <-chan time.Time   // nil: nothing to make, or being made
		searchTimer  *time.Timer
		armSearchDue = func() {
			if searchTimer != nil {
				searchTimer.Stop()
			}
			searchTimer = time.NewTimer(s.cfg.SearchAfter)
			searchDue = searchTimer.C
		}
	)
	search := func() {
		if searching {
			return
		}
		if ix := s.live.PrepareSearch(); ix != nil {
			searching = true
			sctx, cancel := context.WithCancel(ctx)
			stopSearch = cancel
			go func() { searched <- made{ix, ix.Make(sctx)} }()
		}
	}
	apply := func(m made) {
		searching = false
		stopSearch()
		if m.err != nil {
			return // stopped by a change: made again once it is quiet
		}
		if ch, err := s.live.ApplySearch(m.ix); err == nil {
			s.publish(ch)
		} else {
			s.logf("search index: %v", err)
		}
	}
	defer func() {
		if searching {
			stopSearch()
			<-searched
		}
		if searchTimer != nil {
			searchTimer.Stop()
		}
	}()
	for {
		if !all && pending == nil {
			select {
			case <-ctx.Done():
				return
			case m := <-searched:
				apply(m)
				continue
			case <-searchDue:
				searchDue = nil
				if searching { // a stopped one has not returned yet
					armSearchDue()
				} else {
					search()
				}
				continue
			case b := <-batches:
				stopSearch()
				all, pending = b == nil, b
				if pending == nil && !all {
					pending = []string{}
				}
			}
		}
		start := time.Now()
		bctx, cancel := context.WithCancel(ctx)
		type result struct {
			ch  *site.Change
			err error
		}
		resc := make(chan result, 1)
		changed := pending
		if all {
			changed = nil
		}
		go func() {
			ch, err := s.live.Update(bctx, changed)
			resc <- result{ch, err}
		}()
		var res result
	wait:
		for {
			select {
			case res = <-resc:
				break wait
			case b := <-batches:
				// A newer change: stop this rebuild and start one with both.
				cancel()
				<-resc
				all = all || b == nil
				pending = append(pending, b...)
				goto next
			case <-ctx.Done():
				cancel()
				<-resc
				return
			}
		}
		cancel()
		s.finish(res.ch, res.err, changed == nil, time.Since(start))
		all, pending = false, nil
		armSearchDue() // PrepareSearch tells whether there is anything to make
	next:
	}
}

// publish serves the files a change made and tells the tabs whose page
// changed.
func (s *Server) publish(ch *site.Change) {
	s.mu.Lock()
	for _, name := range ch.Changed {
		data, _ := s.live.File(name)
		s.files[name] = data
		delete(s.hashes, name)
	}
	for _, name := range ch.Removed {
		delete(s.files, name)
		delete(s.hashes, name)
	}
	s.mu.Unlock()
	// Tabs show pages, not the search index (a search page fetches it as
	// the reader types): only pages are news to them.
	changed, removed := pagesOf(ch.Changed), pagesOf(ch.Removed)
	if len(changed)+len(removed) > 0 {
		data, _ := json.Marshal(map[string][]string{"changed": nonNil(changed), "removed": nonNil(removed)})
		s.hub.send(event{"reload", data})
	}
}

// pagesOf leaves out the files of the search index.
func pagesOf(names []string) []string {
	var out []string
	for _, n := range names {
		if !strings.HasPrefix(n, "search/") {
			out = append(out, n)
		}
	}
	return out
}

// finish publishes the result of an update and tells the browsers.
func (s *Server) finish(ch *site.Change, err error, full bool, took time.Duration) {
	s.builds.Add(1)
	defer func() {
		select {
		case <-s.ready:
		default:
			close(s.ready)
		}
	}()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return
		}
		lines := errorLines(err)
		s.mu.Lock()
		s.errs = lines
		s.mu.Unlock()
		s.logf("build failed:\n  %s", strings.Join(lines, "\n  "))
		s.hub.send(event{"state", stateJSON(lines)})
		return
	}
	s.mu.Lock()
	hadErrors := len(s.errs) > 0
	s.errs = nil
	s.mu.Unlock()
	s.publish(ch)
	if hadErrors || full {
		s.hub.send(event{"state", stateJSON(nil)})
	}
	took = took.Round(100 * time.Microsecond)
	switch {
	case full:
		s.logf("built %d files in %s; watching for changes", len(s.files), took)
	case len(ch.Changed)+len(ch.Removed) == 0:
		s.logf("rebuilt in %s: no page changed", took)
	default:
		s.logf("rebuilt in %s: %d file(s) changed", took, len(ch.Changed)+len(ch.Removed))
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func errorLines(err error) []string {
	var l diag.List
	l.Add(err)
	var out []string
	for _, e := range l.Sorted() {
		out = append(out, e.Error())
	}
	return out
}

func stateJSON(errs []string) []byte {
	data, _ := json.Marshal(map[string][]string{"errors": nonNil(errs)})
	return data
}

// ServeHTTP serves the site and the live-reload endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !localHost(r.Host) {
		http.Error(w, "guide serve: this server only answers requests for localhost or an IP address", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	p := r.URL.Path
	if strings.HasPrefix(p, "/_guide/") {
		s.internal(w, r)
		return
	}
	name, ok := cleanPath(p)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if path.Base(name) == offline.WorkerName {
		h.Set("Content-Type", contentType(name))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(offline.Unregister())
		}
		return
	}
	s.mu.RLock()
	data, found := s.files[name]
	_, isDir := s.files[path.Join(name, "index.html")]
	s.mu.RUnlock()
	if !found && isDir && name != "" {
		http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	requested := name
	if !found {
		status = http.StatusNotFound
		name = s.notFoundPage(name)
		s.mu.RLock()
		data, found = s.files[name]
		s.mu.RUnlock()
		if !found {
			name, data = "404.html", []byte("<!doctype html><title>Not found</title><p>Not found.")
		}
	}
	ctype := contentType(name)
	h.Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		page := name
		if status == http.StatusNotFound {
			page = requested // reload the tab when the missing page appears
		}
		data = s.inject(page, data)
	}
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		_, _ = w.Write(data)
	}
}

// cleanPath maps a URL path to an output file name; "/en/" is
// "en/index.html". Paths that try to climb out (.., also encoded, which
// net/http has decoded by now), or hold backslashes or NUL bytes, are refused.
func cleanPath(p string) (string, bool) {
	if strings.ContainsAny(p, "\\\x00") || !strings.HasPrefix(p, "/") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "." || name == "" {
		return "index.html", true
	}
	if strings.HasSuffix(p, "/") {
		name += "/index.html"
	}
	return name, true
}

// notFoundPage is the 404 page for a missing file: the language's own if the
// path starts with a language's directory that has one.
func (s *Server) notFoundPage(name string) string {
	if lang, _, ok := strings.Cut(name, "/"); ok {
		s.mu.RLock()
		_, has := s.files[lang+"/404.html"]
		s.mu.RUnlock()
		if has {
			return lang + "/404.html"
		}
	}
	return "404.html"
}

func contentType(name string) string {
	ext := path.Ext(name)
	switch ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json; charset=utf-8"
	case ".svg":
		return "image/svg+xml; charset=utf-8"
	case ".ics":
		return "text/calendar; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the reload script before </body> (or at the end). name is
// the output file the tab shows, or the missing one it asked for.
func (s *Server) inject(name string, data []byte) []byte {
	tag := fmt.Sprintf(`<script src="/_guide/live.js" data-page="%s" data-hash="%s" defer></script>`, html.EscapeString(name), s.hash(name))
	i := strings.LastIndex(string(data), "</body>")
	if i < 0 {
		i = len(data)
	}
	out := make([]byte, 0, len(data)+len(tag))
	out = append(out, data[:i]...)
	out = append(out, tag...)
	return append(out, data[i:]...)
}

// hash is a short hash of an output file ("" if there is none).
func (s *Server) hash(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.hashes[name]; ok {
		return h
	}
	data, ok := s.files[name]
	if !ok {
		return ""
	}
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:8])
	s.hashes[name] = h
	return h
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_guide/live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(liveJS)
	case "/_guide/state":
		s.mu.RLock()
		data := stateJSON(s.errs)
		s.mu.RUnlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(data)
	case "/_guide/hash":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, s.hash(r.URL.Query().Get("page")))
	case "/_guide/events":
		s.events(w, r)
	default:
		http.NotFound(w, r)
	}
}

// events streams build events to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Connection", "keep-alive")
	c := s.hub.add()
	defer s.hub.remove(c)
	s.mu.RLock()
	first := event{"state", stateJSON(s.errs)}
	s.mu.RUnlock()
	if writeEvent(w, first) != nil {
		return
	}
	flusher.Flush()
	keepalive := time.NewTicker(30 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case ev, ok := <-c:
			if !ok {
				return // too slow: dropped; the browser reconnects
			}
			if writeEvent(w, ev) != nil {
				return
			}
		case <-keepalive.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
		}
		flusher.Flush()
	}
}

type event struct {
	name string
	data []byte
}

func writeEvent(w io.Writer, ev event) error {
	_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
	return err
}

// hub fans events out to the connected tabs. Sending never blocks a build: a
// client whose queue is full is dropped (its browser reconnects).
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
}

func (h *hub) add() chan event {
	c := make(chan event, 16)
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
	return c
}

func (h *hub) remove(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c)
	}
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func (h *hub) send(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- ev:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

// localHost reports whether a Host header names this machine in a way a DNS
// rebinding attack cannot forge: an IP address, or localhost.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if net.ParseIP(host) != nil {
		return true
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// Loopback reports whether addr (host:port) binds only the loopback interface.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
