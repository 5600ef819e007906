package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"guide/internal/corpus"

	"golang.org/x/tools/txtar"
)

// writeSite writes the repository's templates, locales and site.yaml plus the
// content files of archive into a temp dir and returns it.
func writeSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.CopySite(dir, filepath.Join("..", "..")); err != nil {
		t.Fatal(err)
	}
	writeArchive(t, dir, archive)
	return dir
}

func writeArchive(t *testing.T, dir, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// stamp stamps every English page of the small site as checked against
// its Chinese source.
func stamp(t *testing.T, dir string) {
	t.Helper()
	for _, page := range []string{"_index", "fees"} {
		if code, _, stderr := runGuide(t, "translate", "-src", dir, "-today", "2026-11-02", page, "en"); code != 0 {
			t.Fatalf("translate %s: exit %d\n%s", page, code, stderr)
		}
	}
}

func runGuide(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

const smallSite = `
-- content/_index.zh.md --
---
title: 首页
reviewed: 2026-11-01
---
-- content/_index.en.md --
---
title: Home
reviewed: 2026-11-01
---
-- content/fees.zh.md --
---
title: 费用
reviewed: 2026-11-01
---
见[首页](/_index.md)。
-- content/fees.en.md --
---
title: Fees
reviewed: 2026-11-01
---
See [home](/_index.md).
`

func TestBuildWritesSite(t *testing.T) {
	dir := writeSite(t, smallSite)
	code, stdout, stderr := runGuide(t, "build", "-src", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built 2 en + 2 zh pages") {
		t.Errorf("summary = %q", stdout)
	}
	for _, f := range []string{"index.html", "en/fees/index.html", "zh/fees/index.html", "sitemap.xml", ".guide-output"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Error(err)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "public", "en", "fees", "index.html"))
	if !bytes.Contains(html, []byte(`<a href="/en/">home</a>`)) {
		t.Errorf("link not rewritten:\n%s", html)
	}
	if bytes.Contains(html, []byte("EventSource")) {
		t.Error("build output contains the live-reload script")
	}
}

// A failed build leaves the previous public/ as it was; a good one removes
// the outputs of deleted sources.
func TestBuildIsAtomic(t *testing.T) {
	dir := writeSite(t, smallSite)
	if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
		t.Fatal(stderr)
	}
	before := snapshot(t, filepath.Join(dir, "public"))

	writeArchive(t, dir, "-- content/fees.en.md --\n---\ntitle: [broken\n---\n-- content/more.en.md --\n---\ntitle: More\n---\n")
	code, _, stderr := runGuide(t, "build", "-src", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := filepath.ToSlash(filepath.Join(dir, "content/fees.en.md")) + ":2: "
	if !strings.Contains(stderr, want) || strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
		t.Errorf("stderr = %q, want an error at %s", stderr, want)
	}
	if after := snapshot(t, filepath.Join(dir, "public")); after != before {
		t.Error("failed build changed public/")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "public.tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary directories left: %v", leftovers)
	}

	if err := os.Remove(filepath.Join(dir, "content", "fees.en.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content", "fees.zh.md")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "en", "fees", "index.html")); !os.IsNotExist(err) {
		t.Error("output of a deleted page survived the build")
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "en", "more", "index.html")); err != nil {
		t.Error(err)
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + "\n" + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestBuildRefusesForeignOutput(t *testing.T) {
	dir := writeSite(t, smallSite)
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "precious.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runGuide(t, "build", "-src", dir, "-out", other)
	if code != 1 || !strings.Contains(stderr, "not written by guide") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(other, "precious.txt")); err != nil {
		t.Error("foreign directory was touched")
	}
	for _, out := range []string{dir, filepath.Join(dir, "content"), filepath.Join(dir, "content", "x"), filepath.Dir(dir)} {
		if code, _, _ := runGuide(t, "build", "-src", dir, "-out", out); code != 2 {
			t.Errorf("-out %s: exit %d, want 2", out, code)
		}
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"build", "-nope"}, {"build", "extra"}, {"check", "-src"}} {
		if code, _, _ := runGuide(t, args...); code != 2 {
			t.Errorf("guide %v: exit %d, want 2", args, code)
		}
	}
}

func TestCheck(t *testing.T) {
	dir := writeSite(t, smallSite+"-- site.yaml --\nlanguages: [{key: zh, name: 中文, tag: zh-Hans}, {key: en, name: English, tag: en}]\nfeedback: editors@example.org\n")
	stamp(t, dir)
	code, stdout, _ := runGuide(t, "check", "-src", dir, "-today", "2026-12-01")
	if code != 0 || !strings.Contains(stdout, "all translated and reviewed") {
		t.Errorf("clean site: exit %d\n%s", code, stdout)
	}
	writeArchive(t, dir, "-- content/new.en.md --\n---\ntitle: New\n---\n")
	code, stdout, _ = runGuide(t, "check", "-src", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		filepath.ToSlash(dir) + "/content/new.en.md: not translated into zh",
		filepath.ToSlash(dir) + "/content/new.en.md: no reviewed date in front matter",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runGuide(t, "check", "-src", dir, "-json")
	if code != 1 || !strings.Contains(stdout, `"lang": "zh"`) {
		t.Errorf("-json: exit %d\n%s", code, stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("check wrote output")
	}
}

// TestRealSite builds the repository's own site: it must have no errors, no
// warnings, and check must find nothing to fix, whatever the date: overdue
// reviews and missing holiday years are warnings (exit 0) unless -strict.
func TestRealSite(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runGuide(t, "build", "-src", "../..", "-out", filepath.Join(out, "public"))
	if code != 0 || stderr != "" {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, today := range []string{"2026-12-02", "2027-01-02", "2027-06-01", "2031-03-01"} {
		code, stdout, stderr = runGuide(t, "check", "-src", "../..", "-today", today)
		if code != 0 {
			t.Errorf("check -today %s: exit %d\n%s%s", today, code, stdout, stderr)
		}
	}
	// Years later, check warns and -strict fails.
	_, stdout, _ = runGuide(t, "check", "-src", "../..", "-today", "2031-03-01")
	if !strings.Contains(stdout, "content/holidays/2031.yaml: warning: no holiday data for 2031") ||
		!strings.Contains(stdout, ": warning: reviewed ") {
		t.Errorf("check in 2031 does not warn:\n%s", stdout)
	}
	if code, _, _ = runGuide(t, "check", "-src", "../..", "-today", "2031-03-01", "-strict"); code != 1 {
		t.Errorf("check -strict in 2031: exit %d, want 1", code)
	}
}

// TestCheckWarnings: what depends on the date is a warning, in text and in
// -json, and fails only with -strict.
func TestCheckWarnings(t *testing.T) {
	dir := writeSite(t, smallSite)
	writeArchive(t, dir, "-- site.yaml --\nlanguages: [{key: zh, name: 中文, tag: zh-Hans}, {key: en, name: English, tag: en}]\nreviewAfterDays: 30\n")
	stamp(t, dir)
	code, stdout, _ := runGuide(t, "check", "-src", dir, "-today", "2030-01-01")
	if code != 0 || !strings.Contains(stdout, ": warning: reviewed ") || !strings.Contains(stdout, "-strict makes them fail") {
		t.Errorf("exit %d, want 0 with warnings:\n%s", code, stdout)
	}
	code, stdout, _ = runGuide(t, "check", "-src", dir, "-today", "2030-01-01", "-json")
	var report struct {
		Warnings []string
		Failed   bool
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatal(err)
	}
	if code != 0 || report.Failed || len(report.Warnings) == 0 || !strings.Contains(report.Warnings[0], "warning: reviewed") {
		t.Errorf("-json: exit %d, %+v", code, report)
	}
	if code, stdout, _ = runGuide(t, "check", "-src", dir, "-today", "2030-01-01", "-strict", "-json"); code != 1 || !strings.Contains(stdout, `"failed": true`) {
		t.Errorf("-strict -json: exit %d\n%s", code, stdout)
	}
	if code, _, _ = runGuide(t, "check", "-src", dir, "-today", "January"); code != 2 {
		t.Errorf("-today January: exit %d, want 2", code)
	}
}

// TestTranslate walks the translation workflow: stamp, edit the source,
// see the stale section (with what changed, from git), stamp again; and
// start a new translation from a copy of the source.
func TestTranslate(t *testing.T) {
	dir := writeSite(t, smallSite+`
-- content/card.zh.md --
---
title: 证件
reviewed: 2026-11-01
---
## 证件费 {#card-fee}

证件费300元，发证时缴纳。

## 领取

本人领取。
-- content/card.en.md --
---
title: Card
reviewed: 2026-11-01
---
## Card fee {#card-fee}

CNY 300, paid when the card is issued.

## Collecting {#领取}

In person.
`)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	stamp(t, dir)
	code, stdout, stderr := runGuide(t, "translate", "-src", dir, "-today", "2026-11-02", "content/card.zh.md", "en")
	if code != 0 || !strings.Contains(stdout, "stamped "+filepath.ToSlash(dir)+"/content/card.en.md as checked against") {
		t.Fatalf("translate: exit %d\n%s%s", code, stdout, stderr)
	}
	en, _ := os.ReadFile(filepath.Join(dir, "content/card.en.md"))
	if !strings.Contains(string(en), "translation:\n  from: zh\n  checked: 2026-11-02\n  sections: {\"_\": ") ||
		!strings.HasSuffix(string(en), "## Collecting {#领取}\n\nIn person.\n") {
		t.Errorf("stamped file:\n%s", en)
	}
	if code, stdout, _ = runGuide(t, "check", "-src", dir, "-today", "2026-12-01"); code != 0 {
		t.Fatalf("check after stamping: exit %d\n%s", code, stdout)
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "first")

	// The source changes: the English page is stale in that section only,
	// and check shows what changed.
	writeArchive(t, dir, "-- content/card.zh.md --\n---\ntitle: 证件\nreviewed: 2026-11-01\n---\n## 证件费 {#card-fee}\n\n证件费300元，发证时缴纳，可用银行卡。\n\n## 领取\n\n本人领取。\n")
	git("commit", "-q", "-am", "second")
	code, stdout, _ = runGuide(t, "check", "-src", dir, "-today", "2026-12-01")
	want := filepath.ToSlash(dir) + "/content/card.en.md:9: section #card-fee: the zh source changed since this translation was checked (2026-11-02)"
	if code != 1 || !strings.Contains(stdout, want) || strings.Contains(stdout, "#领取") {
		t.Errorf("check: exit %d, want 1 and only\n%s\n%s", code, want, stdout)
	}
	if !strings.Contains(stdout, "- 证件费300元，发证时缴纳。") || !strings.Contains(stdout, "+ 证件费300元，发证时缴纳，可用银行卡。") {
		t.Errorf("check does not show what changed:\n%s", stdout)
	}
	// The reader sees a notice in that section, linking to the source's.
	if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "public/en/card/index.html"))
	if !strings.Contains(string(html), `<a href="/zh/card/#card-fee" hreflang="zh-Hans">Read the Chinese version</a>`) {
		t.Errorf("no notice in the stale section:\n%s", html)
	}
	// Stamped again: clean.
	runGuide(t, "translate", "-src", dir, "-today", "2026-11-03", "card", "en")
	if code, stdout, _ = runGuide(t, "check", "-src", dir, "-today", "2026-12-01"); code != 0 {
		t.Errorf("check after stamping again: exit %d\n%s", code, stdout)
	}

	// A new translation starts as a stamped copy of the source with every
	// heading's id written out.
	writeArchive(t, dir, "-- content/new.zh.md --\n---\ntitle: 新页\nreviewed: 2026-11-01\n---\n## 说明\n\n正文。\n")
	code, stdout, _ = runGuide(t, "translate", "-src", dir, "-today", "2026-11-03", "new", "en")
	created, _ := os.ReadFile(filepath.Join(dir, "content/new.en.md"))
	if code != 0 || !strings.Contains(stdout, "created") || !strings.Contains(string(created), "## 说明 {#说明}\n") || !strings.Contains(string(created), "translation:\n  from: zh") {
		t.Errorf("new translation: exit %d %s\n%s", code, stdout, created)
	}
	if code, _, _ := runGuide(t, "translate", "-src", dir, "new", "zh"); code != 1 {
		t.Errorf("translating into the source's own language: exit %d, want 1", code)
	}
}
