package sitecheck_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// lighthousePages are the pages Lighthouse scores, in both languages.
var lighthousePages = []string{"/zh/", "/en/", "/zh/documents/", "/en/documents/", "/zh/timeline/", "/en/timeline/"}

// lighthouseMin is the lowest score accepted per category (scores are 0–1).
var lighthouseMin = map[string]float64{
	"performance":    0.95,
	"accessibility":  1,
	"best-practices": 1,
	"seo":            1,
}

// TestLighthouse runs Lighthouse (the npm package pinned in package.json,
// with Debian's Chromium) on the home, documents and timeline pages of both
// languages, with its default mobile emulation and simulated slow network:
// accessibility, best practices and SEO must score 100 and performance at
// least 95. The site is built with the test server's address as its base
// URL, so canonical and hreflang links are absolute, as when published.
//
// It takes about 15 seconds a page, so it runs only when asked:
//
//	GUIDE_LIGHTHOUSE=1 go test -run TestLighthouse ./internal/sitecheck
//
// .ci/run asks. When asked, a missing Node, Lighthouse or Chromium skips the
// test, except under CI=true, where it fails.
func TestLighthouse(t *testing.T) {
	if os.Getenv("GUIDE_LIGHTHOUSE") != "1" {
		t.Skip("Lighthouse runs only with GUIDE_LIGHTHOUSE=1 (it takes a few minutes)")
	}
	missing := func(what, how string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found (CI=true, so this fails): %s", what, how)
		}
		t.Skipf("%s not found, skipping: %s", what, how)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node", "apt-get install -y nodejs npm")
	}
	cli, err := filepath.Abs(filepath.Join(repo, "node_modules", "lighthouse", "cli", "index.js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cli); err != nil {
		missing("Lighthouse", "run npm ci at the top of the repository")
	}
	chrome := os.Getenv("CHROMIUM")
	if chrome == "" {
		chrome = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chrome); err != nil {
		missing("Chromium", "apt-get install -y chromium")
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	fsys, _ := buildRepo(t, base+"/")
	srv := &http.Server{Handler: http.FileServerFS(fsys), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	run := func(t *testing.T, page string) *lhReport {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, cli, base+page,
			"--output=json", "--output-path=stdout", "--quiet",
			"--only-categories=performance,accessibility,best-practices,seo",
			"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking")
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("lighthouse: %v\n%s", err, stderr.Bytes())
		}
		var r lhReport
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("lighthouse output: %v", err)
		}
		if r.RuntimeError != nil {
			t.Fatalf("lighthouse could not run: %s: %s", r.RuntimeError.Code, r.RuntimeError.Message)
		}
		for _, w := range r.RunWarnings {
			t.Logf("lighthouse warning: %s", w)
		}
		return &r
	}
	for _, p := range lighthousePages {
		t.Run(p, func(t *testing.T) {
			r := run(t, p)
			// Performance is measured in time, and a loaded machine slows
			// it down: below the bar, it is the median of three runs.
			if perf := r.Categories["performance"]; perf.Score != nil && *perf.Score < lighthouseMin["performance"] {
				runs := []float64{*perf.Score}
				for range 2 {
					if s := run(t, p).Categories["performance"].Score; s != nil {
						runs = append(runs, *s)
					}
				}
				sort.Float64s(runs)
				t.Logf("performance %v in three runs: the median counts", runs)
				median := runs[len(runs)/2]
				perf.Score = &median
				r.Categories["performance"] = perf
			}
			var scores []string
			for _, id := range sortedCategories(r.Categories) {
				c := r.Categories[id]
				if c.Score == nil {
					t.Errorf("%s: no score", c.Title)
					continue
				}
				scores = append(scores, fmt.Sprintf("%s %.0f", id, *c.Score*100))
				if *c.Score >= lighthouseMin[id] {
					continue
				}
				t.Errorf("%s scores %.0f, below %.0f:%s", c.Title, *c.Score*100, lighthouseMin[id]*100, r.failing(c))
			}
			for id := range lighthouseMin {
				if _, ok := r.Categories[id]; !ok {
					t.Errorf("no %s score in the report", id)
				}
			}
			t.Logf("%s: %s", p, strings.Join(scores, ", "))
		})
	}
}

// lhReport is the part of a Lighthouse JSON report the test reads.
type lhReport struct {
	RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
	RunWarnings  []string                        `json:"runWarnings"`
	Categories   map[string]lhCategory           `json:"categories"`
	Audits       map[string]struct {
		Title        string   `json:"title"`
		Score        *float64 `json:"score"`
		DisplayValue string   `json:"displayValue"`
		Explanation  string   `json:"explanation"`
	} `json:"audits"`
}

type lhCategory struct {
	Title     string   `json:"title"`
	Score     *float64 `json:"score"`
	AuditRefs []struct {
		ID     string  `json:"id"`
		Weight float64 `json:"weight"`
	} `json:"auditRefs"`
}

// failing lists the weighted audits of a category that did not pass.
func (r *lhReport) failing(c lhCategory) string {
	var s strings.Builder
	for _, ref := range c.AuditRefs {
		a, ok := r.Audits[ref.ID]
		if !ok || ref.Weight == 0 || a.Score == nil || *a.Score >= 1 {
			continue
		}
		fmt.Fprintf(&s, "\n\t%s (%s): %.2f %s %s", a.Title, ref.ID, *a.Score, a.DisplayValue, a.Explanation)
	}
	return s.String()
}

func sortedCategories(m map[string]lhCategory) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
