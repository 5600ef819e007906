package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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

// TestBuildHostileSource: links out of the site and special files are errors
// naming them, in build and check; nothing is read from outside and the
// previous public/ stays.
func TestBuildHostileSource(t *testing.T) {
	dir := writeSite(t, smallSite)
	if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
		t.Fatal(stderr)
	}
	before := snapshot(t, filepath.Join(dir, "public"))
	outside := filepath.Join(t.TempDir(), "secret.en.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: SECRET\n---\nSECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(dir, "content")
	for link, target := range map[string]string{
		"passwd.en.md": "/etc/passwd",
		"zero.en.md":   "/dev/zero",
		"secret.en.md": outside,
		"up.en.md":     "../../../../../../../../../../../" + outside,
	} {
		if err := os.Symlink(target, filepath.Join(c, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(c, "pipe.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"build", "check"} {
		code, stdout, stderr := runGuide(t, cmd, "-src", dir)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", cmd, code)
		}
		msgs := stdout + stderr
		for _, want := range []string{
			"/content/passwd.en.md: symbolic link to the absolute path \"/etc/passwd\" is not followed",
			"/content/zero.en.md: symbolic link to the absolute path \"/dev/zero\" is not followed",
			"/content/secret.en.md: symbolic link to the absolute path",
			"/content/up.en.md: symbolic link to \"../../",
			"/content/pipe.pdf: is a named pipe (FIFO), not a regular file",
		} {
			if !strings.Contains(msgs, filepath.ToSlash(dir)+want) {
				t.Errorf("%s: output lacks %q:\n%s", cmd, want, msgs)
			}
		}
		if strings.Contains(msgs, "SECRET") || strings.Contains(msgs, "root:") {
			t.Errorf("%s: output shows a file from outside:\n%s", cmd, msgs)
		}
	}
	if after := snapshot(t, filepath.Join(dir, "public")); after != before {
		t.Error("failed build changed public/")
	}
}

// childArgs makes the test binary, run again, be guide with these arguments
// (separated by \x1f): TestChildGuide.
const childArgs = "GUIDE_TEST_CHILD_ARGS"

// TestChildGuide is guide in a child process, for the tests that signal it;
// it does nothing in a normal run.
func TestChildGuide(t *testing.T) {
	args := os.Getenv(childArgs)
	if args == "" {
		t.Skip("run by TestBuildInterrupted")
	}
	os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

// slowPages are pages within every limit of package markdown that still take
// a while to convert (half a second each here).
func slowPages() string {
	var b strings.Builder
	for i := range 4 {
		fmt.Fprintf(&b, "-- content/slow%d.en.md --\n---\ntitle: Slow\n---\n", i)
		for b.Len() < (i+1)*(900<<10) {
			b.WriteString(strings.Repeat("*a_", 250) + "\n\n")
		}
	}
	return b.String()
}

// TestBuildInterrupted: Ctrl-C or SIGTERM during a build stops it with exit
// status 1 and a message; the previous public/ is as it was, and the next
// build works and leaves nothing but public/ and its spare tree.
func TestBuildInterrupted(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := writeSite(t, smallSite)
			if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
				t.Fatal(stderr)
			}
			public := filepath.Join(dir, "public")
			before := snapshot(t, public)
			writeArchive(t, dir, slowPages())
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildGuide$", "-test.count=1")
			cmd.Env = append(os.Environ(), childArgs+"=build\x1f-src\x1f"+dir)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The build has begun when its spare tree has the marker.
			for {
				if _, err := os.Stat(filepath.Join(public+".spare", ".guide-output")); err == nil {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(stderr.String(), "guide build: interrupted; "+public+" was not changed") {
				t.Fatalf("exit %v, stderr:\n%s", err, stderr.String())
			}
			if after := snapshot(t, public); after != before {
				t.Error("an interrupted build changed public/")
			}
			for i := range 4 {
				if err := os.Remove(filepath.Join(dir, "content", fmt.Sprintf("slow%d.en.md", i))); err != nil {
					t.Fatal(err)
				}
			}
			writeArchive(t, dir, "-- content/more.en.md --\n---\ntitle: More\n---\n")
			if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
				t.Fatal(stderr)
			}
			if _, err := os.Stat(filepath.Join(public, "en", "more", "index.html")); err != nil {
				t.Error(err)
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, "public?*"))
			if len(leftovers) != 1 || leftovers[0] != public+".spare" {
				t.Errorf("beside public/: %v", leftovers)
			}
		})
	}
}

// TestBuildPathologicalPage: a page that would take goldmark minutes is an
// error naming the file and line, quickly, and nothing is published.
func TestBuildPathologicalPage(t *testing.T) {
	dir := writeSite(t, smallSite)
	if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
		t.Fatal(stderr)
	}
	before := snapshot(t, filepath.Join(dir, "public"))
	writeArchive(t, dir, "-- content/x.en.md --\n---\ntitle: X\n---\n\n"+strings.Repeat("*a_", 100_000)+"\n"+
		"-- content/y.en.md --\n---\ntitle: Y\n---\n"+strings.Repeat("  ", 2000)+"- a\n")
	code, _, stderr := runGuide(t, "build", "-src", dir)
	for _, want := range []string{
		filepath.ToSlash(dir) + "/content/x.en.md:5: more than 500 emphasis markers (*, _ or ~) in one paragraph",
		filepath.ToSlash(dir) + "/content/y.en.md:4: the line starts with 4002 columns of indentation",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}
	if after := snapshot(t, filepath.Join(dir, "public")); after != before {
		t.Error("failed build changed public/")
	}
}

// TestBuildModes: published files are 0644 and directories 0755, whatever
// the modes of the sources (an asset made executable, set-uid, writable by
// all).
func TestBuildModes(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := writeSite(t, smallSite+"-- content/docs/form.pdf --\n%PDF\n")
	asset := filepath.Join(dir, "content", "docs", "form.pdf")
	if err := os.Chmod(asset, 0o4777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "content", "docs"), 0o777); err != nil {
		t.Fatal(err)
	}
	for range 3 { // new, then through the spare tree
		if code, _, stderr := runGuide(t, "build", "-src", dir); code != 0 {
			t.Fatal(stderr)
		}
	}
	err := filepath.WalkDir(filepath.Join(dir, "public"), func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		want := os.FileMode(0o644)
		if info.IsDir() {
			want = os.ModeDir | 0o755
		}
		if err == nil && info.Mode() != want {
			t.Errorf("%s: %v, want %v", p, info.Mode(), want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "docs", "form.pdf")); err != nil {
		t.Error(err)
	}
}
