// Package browsertest runs tests in a real headless Chromium through chromedp.
//
// New finds the browser (/usr/bin/chromium, or $CHROMIUM). When there is none,
// tests are skipped with a message saying how to install it, except under
// CI=true, where a missing browser fails the test: CI must prove browser
// behaviour, not skip it. Axe scans need the pinned axe-core npm package
// (npm ci at the top of the repository): New checks for it once, and fails
// without it under CI=true; elsewhere each scan, in a subtest of its own
// (Accessible), is skipped, and the behaviour around it is still tested.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one Chromium process.
type Browser struct {
	ctx context.Context // the browser's first tab; new tabs derive from it
	axe string          // axe.min.js, "" when the npm package is missing
}

func missing(t testing.TB, what, how string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found (CI=true, so this fails): %s", what, how)
	}
	t.Skipf("%s not found, skipping: %s", what, how)
}

// New starts a headless Chromium for the test and stops it at cleanup.
func New(t testing.TB) *Browser {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		}
	}
	if path == "" {
		missing(t, "Chromium", "install it with: apt-get install -y chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(390, 844), // a phone
		chromedp.UserDataDir(t.TempDir()),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("starting Chromium %s: %v", path, err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &Browser{ctx: ctx, axe: axeSource()}
	if b.axe == "" && os.Getenv("CI") == "true" {
		t.Fatalf("axe-core not found (CI=true, so this fails): run npm ci at the top of the repository")
	}
	return b
}

// Tab opens a new tab in the browser's default profile: tabs share
// localStorage. Console errors and uncaught exceptions in the tab fail the
// test at cleanup. Actions on the tab time out after a minute.
// Console messages that contain one of expected (a 404 the test asks for,
// say) are not errors.
func (b *Browser) Tab(t testing.TB, expected ...string) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	return watch(t, ctx, cancel, func(m chromedp.ConsoleMessage) bool {
		return slices.ContainsFunc(expected, func(e string) bool { return strings.Contains(m.String(), e) })
	})
}

// Incognito opens a tab in a fresh browser context with empty storage, like
// another person's browser.
func (b *Browser) Incognito(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	return watch(t, ctx, cancel, nil)
}

// IncognitoAllowing is Incognito, but console messages for which allowed
// returns true do not fail the test: the errors a test causes on purpose,
// such as the browser's report of a request its test server refuses.
func (b *Browser) IncognitoAllowing(t testing.TB, allowed func(chromedp.ConsoleMessage) bool) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	return watch(t, ctx, cancel, allowed)
}

func watch(t testing.TB, ctx context.Context, cancel context.CancelFunc, allowed func(chromedp.ConsoleMessage) bool) context.Context {
	t.Helper()
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if (m.IsException() || m.Type == "error" || m.Type == "assert") && (allowed == nil || !allowed(m)) {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	tctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		tcancel()
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser console: %s", p)
		}
	})
	return tctx
}

// Serve serves dir over HTTP on 127.0.0.1 for the test and returns its base
// URL, without a trailing slash.
func Serve(t testing.TB, dir string) string {
	t.Helper()
	return ServeHandler(t, http.FileServer(http.Dir(dir)))
}

// ServeHandler is Serve with a handler of the test's own.
func ServeHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// Violation is one axe-core finding.
type Violation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v Violation) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s: %s", v.ID, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&s, "\n    %v %s", n.Target, n.HTML)
	}
	return s.String()
}

// axeSource is axe.min.js from the pinned npm package, or "".
func axeSource() string {
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
		if src, err := os.ReadFile(p); err == nil {
			return string(src)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Axe runs axe-core on the page open in ctx with the WCAG 2.2 A and AA rules
// and returns the violations. Without the axe-core package it skips the test
// (New already failed it under CI=true): call it from a test or subtest of
// its own, so that it never cuts a behaviour test short (Accessible).
func (b *Browser) Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	if b.axe == "" {
		t.Skip("axe-core not found, skipping the accessibility scan: run npm ci at the top of the repository")
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
		t.Fatalf("loading axe: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var v []Violation
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	return v
}

// Accessible scans the page open in ctx with axe in a subtest of its own
// named after what is on show, and reports every violation there.
func (b *Browser) Accessible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	t.Run("axe "+what, func(t *testing.T) {
		for _, v := range b.Axe(t, ctx) {
			t.Errorf("%s: %s", what, v)
		}
	})
}
