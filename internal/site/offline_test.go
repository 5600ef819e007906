package site_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"guide/internal/offline"
	"guide/internal/site"
	"guide/internal/site/sitetest"
)

const offlineSite = `-- site.yaml --
baseURL: https://example.org/guide/
languages: [{key: zh, name: 中文, tag: zh-Hans}, {key: en, name: English, tag: en}]
offline: true
-- content/forms/apply.pdf --
%PDF
-- content/en/only-en.txt --
English file.
-- content/zh/only-zh.txt --
中文文件。
-- content/updates/_index.en.md --
---
title: Updates
feed: true
---
`

var manifestRE = regexp.MustCompile(`(?m)^const MANIFEST = (.*);$`)

// workerFiles reads the manifest of a built worker: URL → sum.
func workerFiles(t *testing.T, script string) map[string]offline.Sum {
	t.Helper()
	m := manifestRE.FindStringSubmatch(script)
	if m == nil {
		t.Fatalf("no manifest in the worker:\n%.300s", script)
	}
	var rows [][3]any
	if err := json.Unmarshal([]byte(m[1]), &rows); err != nil {
		t.Fatal(err)
	}
	files := map[string]offline.Sum{}
	for _, r := range rows {
		files[r[0].(string)] = offline.Sum{Hash: r[1].(string), Size: int64(r[2].(float64))}
	}
	return files
}

// TestOfflineWorkers: each language's worker keeps exactly that language's
// pages, the assets, that language's search index and the content files not
// in another language's directory — each with the sum of the file the build
// wrote — and nothing else (no other language, 404 page, feed, sitemap or
// worker).
func TestOfflineWorkers(t *testing.T) {
	out, _ := sitetest.MustBuild(t, site.Options{}, twoLanguages, offlineSite)
	for _, lang := range []string{"zh", "en"} {
		script, ok := out[lang+"/sw.js"]
		if !ok {
			t.Fatalf("no %s/sw.js", lang)
		}
		got := workerFiles(t, script)
		want := map[string]offline.Sum{}
		for name, data := range out {
			u := name
			switch {
			case strings.HasPrefix(name, lang+"/") && strings.HasSuffix(name, "/index.html"):
				u = strings.TrimSuffix(name, "index.html")
			case strings.HasPrefix(name, "assets/"), strings.HasPrefix(name, "search/"+lang+"/"),
				name == "forms/apply.pdf", name == lang+"/only-"+lang+".txt":
			default:
				continue
			}
			want[u] = offline.SumOf([]byte(data))
		}
		if len(want) < 10 {
			t.Fatalf("only %d files to keep for %s: is the test site right?", len(want), lang)
		}
		for u, s := range want {
			if got[u] != s {
				t.Errorf("%s/sw.js keeps %s as %v, want %v", lang, u, got[u], s)
			}
		}
		for u := range got {
			if _, ok := want[u]; !ok {
				t.Errorf("%s/sw.js keeps %s, which it should not", lang, u)
			}
		}
	}
	// Not offline: no workers.
	out, _ = sitetest.MustBuild(t, site.Options{}, twoLanguages)
	for name := range out {
		if strings.HasSuffix(name, offline.WorkerName) {
			t.Errorf("a site without offline: true has the worker %s", name)
		}
	}
}

// TestOfflineWorkerCollision: a content file where a worker goes is an error
// naming it.
func TestOfflineWorkerCollision(t *testing.T) {
	_, _, err := sitetest.Build(t, sitetest.FS(t, twoLanguages, offlineSite, "-- content/en/sw.js --\nx\n"), site.Options{})
	errorLine(t, err, "content/en/sw.js: publishes en/sw.js, which the offline worker also writes: rename or move one of them")
}
