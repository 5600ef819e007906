package site_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"guide/internal/corpus"
	"guide/internal/features"
	"guide/internal/output"
	"guide/internal/site"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// The build benchmarks run on a generated corpus of 5,000 pages per language
// (10,000 pages), and compare a full build (reading, front matter,
// Markdown, templates, writing public/ atomically) with bare goldmark
// converting the same Markdown with the same extensions on all processors,
// with and without writing the HTML to files:
//
//	go test ./internal/site -run '^$' -bench Corpus -benchtime 5x
//	GUIDE_BENCH_OUT=/dev/shm go test ./internal/site -run '^$' -bench Corpus -benchtime 5x
//
// The second writes to memory instead of the disk (see benchOut). The
// benchmarks that run a whole build or goldmark report the peak resident
// memory of the process during one (VmHWM, reset before each) as
// peak-RSS-MiB.

// corpusPages is the number of pages per language: 5,000, or
// $GUIDE_BENCH_PAGES (20000 for the 40,000-page comparison with Hugo).
var corpusPages = func() int {
	if n, err := strconv.Atoi(os.Getenv("GUIDE_BENCH_PAGES")); err == nil && n > 0 {
		return n
	}
	return 5000
}()

var corpusOnce struct {
	sync.Once
	dir string
	err error
}

func corpusDir(b *testing.B) string {
	corpusOnce.Do(func() {
		dir, err := os.MkdirTemp("", "guide-corpus-")
		if err != nil {
			corpusOnce.err = err
			return
		}
		corpusOnce.dir = dir
		corpusOnce.err = corpus.Write(dir, "../..", corpusPages)
	})
	if corpusOnce.err != nil {
		b.Fatal(corpusOnce.err)
	}
	return corpusOnce.dir
}

// benchOut is the directory the benchmarks write their output under:
// $GUIDE_BENCH_OUT (e.g. /dev/shm, to leave the disk out), else the system's
// temporary directory.
func benchOut(b *testing.B) string {
	if d := os.Getenv("GUIDE_BENCH_OUT"); d != "" {
		return d
	}
	return os.TempDir()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusOnce.dir != "" {
		os.RemoveAll(corpusOnce.dir)
	}
	os.Exit(code)
}

// BenchmarkCorpusBuild builds the corpus onto disk as guide build does:
// "fresh" into a directory with no earlier build beside it (every file
// written, as in CI), "again" with the spare tree of the previous build kept
// (only the files that differ are written, as on an editor's machine). Each
// is followed by the same build without the search index (neither the
// pages' search documents nor the index files: site.WithoutSearch), so that
// what the index adds is measured side by side in one run. The corpus has
// the guide's site.yaml, so its offline workers are made (every file written
// is hashed for them); "fresh-without-offline" is "fresh" with offline:
// false, for what that costs. cpu-ms/op is the CPU time of the process on
// all cores, which depends less than the time on what else the machine runs.
func BenchmarkCorpusBuild(b *testing.B) {
	src := corpusDir(b)
	for _, fresh := range []bool{true, false} {
		for _, v := range []string{"", "-without-search", "-without-offline"} {
			name := "again"
			if fresh {
				name = "fresh"
			}
			if !fresh && v == "-without-offline" {
				continue
			}
			opts := site.Options{Features: features.Guide()}
			if v == "-without-search" {
				opts = site.WithoutSearch(opts)
			}
			fsys := withOffline(b, src, v != "-without-offline")
			b.Run(name+v, func(b *testing.B) { corpusBuild(b, fsys, opts, fresh) })
		}
	}
}

func corpusBuild(b *testing.B, fsys fs.FS, opts site.Options, fresh bool) {
	out, err := os.MkdirTemp(benchOut(b), "public-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(out + ".spare")
	defer os.RemoveAll(out)
	var peak float64
	var cpu time.Duration
	files := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if fresh {
			if err := errors.Join(os.RemoveAll(out), os.RemoveAll(out+".spare")); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		cpu0 := cpuTime()
		b.StartTimer()
		dir, err := output.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		res, err := site.Build(context.Background(), fsys, opts, dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := dir.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - cpu0
		if res.Pages["en"] < corpusPages {
			b.Fatalf("built %v pages", res.Pages)
		}
		files = res.Files
		peak = max(peak, peakRSS())
		b.StartTimer()
	}
	b.ReportMetric(peak, "peak-RSS-MiB")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(files), "files")
}

// cpuTime is the CPU time the process has used, on all cores.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkCorpusHugo builds the same corpus with Hugo (corpus.WriteHugo:
// the same pages and languages, layouts doing the same work per page), when
// a hugo command is on the PATH (go install github.com/gohugoio/hugo@v0.160.1),
// writing under the same directory as BenchmarkCorpusBuild, so that the two
// are compared in one run. It reports Hugo's peak resident memory.
func BenchmarkCorpusHugo(b *testing.B) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		b.Skip("hugo is not on the PATH: go install github.com/gohugoio/hugo@v0.160.1 to compare with it")
	}
	ver, _ := exec.Command(hugo, "version").Output()
	b.Logf("%s", bytes.TrimSpace(ver))
	src, err := os.MkdirTemp("", "guide-corpus-hugo-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(src)
	if err := corpus.WriteHugo(src, corpusPages); err != nil {
		b.Fatal(err)
	}
	out, err := os.MkdirTemp(benchOut(b), "public-hugo-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(out)
	var peak float64
	for b.Loop() {
		cmd := exec.Command(hugo, "--quiet", "--source", src, "--destination", out, "--cleanDestinationDir")
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("hugo: %v\n%s", err, msg)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, float64(ru.Maxrss)/1024)
		}
	}
	b.ReportMetric(peak, "peak-RSS-MiB")
}

// BenchmarkCorpusRender is the build without the disk: every output file is
// made and handed to a sink that drops it.
func BenchmarkCorpusRender(b *testing.B) { benchRender(b, os.DirFS(corpusDir(b))) }

// BenchmarkCorpusRenderPlain is BenchmarkCorpusRender with a base layout
// that prints only the page's content: the difference is what the templates
// cost.
func BenchmarkCorpusRenderPlain(b *testing.B) {
	benchRender(b, overlay{os.DirFS(corpusDir(b)), fstest.MapFS{
		"templates/base.html": {Data: []byte(`{{define "base"}}{{.Content}}{{end}}`)},
	}})
}

func benchRender(b *testing.B, fsys fs.FS) {
	for b.Loop() {
		res, err := site.Build(context.Background(), fsys, site.Options{Features: features.Guide()}, site.Discard{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Pages["en"] < corpusPages {
			b.Fatalf("built %v pages", res.Pages)
		}
	}
}

// overlay is a file system with some files replaced.
type overlay struct {
	fs.FS
	files fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.FS.Open(name)
}

// BenchmarkCorpusGoldmark is the floor the build is compared with: bare
// goldmark with the same extensions converting the same Markdown on all
// processors, reading the files and dropping the HTML.
func BenchmarkCorpusGoldmark(b *testing.B) { benchGoldmark(b, false) }

// BenchmarkCorpusGoldmarkWrite is the same, also writing each page's HTML
// to <path>/index.html in a new directory under the benchmark output
// directory: the least any generator that writes files must do.
func BenchmarkCorpusGoldmarkWrite(b *testing.B) { benchGoldmark(b, true) }

func benchGoldmark(b *testing.B, write bool) {
	contentDir := filepath.Join(corpusDir(b), "content")
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.CJK),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
	)
	var files []string
	err := filepath.WalkDir(contentDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	parent := benchOut(b)
	var peak float64
	for b.Loop() {
		b.StopTimer()
		out, err := os.MkdirTemp(parent, "goldmark-")
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		b.StartTimer()
		var wg sync.WaitGroup
		next := make(chan string)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				var buf bytes.Buffer
				for p := range next {
					src, err := os.ReadFile(p)
					if err != nil {
						b.Error(err)
						continue
					}
					// Skip the front matter, as the build does.
					if _, body, ok := bytes.Cut(src[4:], []byte("\n---\n")); ok {
						src = body
					}
					buf.Reset()
					if err := md.Convert(src, &buf); err != nil {
						b.Error(err)
					}
					if write {
						dir := filepath.Join(out, strings.TrimSuffix(p[len(contentDir):], ".md"))
						if err := os.MkdirAll(dir, 0o755); err != nil {
							b.Error(err)
						}
						if err := os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644); err != nil {
							b.Error(err)
						}
					}
				}
			})
		}
		for _, f := range files {
			next <- f
		}
		close(next)
		wg.Wait()
		b.StopTimer()
		peak = max(peak, peakRSS())
		os.RemoveAll(out)
		b.StartTimer()
	}
	b.ReportMetric(peak, "peak-RSS-MiB")
}

// resetPeakRSS resets the kernel's high-water mark of resident memory for
// this process (Linux).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS reads the high-water mark of resident memory, in MiB.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkCorpusLiveEdit is the rebuild that the preview server runs when
// one page's Markdown changes, without the watcher and HTTP around it.
// "offline" is the guide's site.yaml, where the edit also notes the file
// for the offline workers (made again with the search index, after the
// page is served); "no-offline" is without workers.
func BenchmarkCorpusLiveEdit(b *testing.B) {
	src := corpusDir(b)
	for _, offline := range []bool{true, false} {
		name := "offline"
		if !offline {
			name = "no-offline"
		}
		b.Run(name, func(b *testing.B) {
			l := site.NewLive(withOffline(b, src, offline), site.Options{Features: features.Guide()})
			if _, err := l.Update(context.Background(), nil); err != nil {
				b.Fatal(err)
			}
			rel := "content/" + corpus.Page(1234) + ".en.md"
			file := filepath.Join(src, filepath.FromSlash(rel))
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			defer os.WriteFile(file, orig, 0o644)
			i := 0
			for b.Loop() {
				i++
				if err := os.WriteFile(file, append(append([]byte{}, orig...), "\nEdit "+strconv.Itoa(i)+".\n"...), 0o644); err != nil {
					b.Fatal(err)
				}
				ch, err := l.Update(context.Background(), []string{rel})
				if err != nil {
					b.Fatal(err)
				}
				if len(ch.Changed) != 1 {
					b.Fatalf("changed %v", ch.Changed)
				}
			}
		})
	}
}

// withOffline is the site in dir with site.yaml's offline setting as given.
func withOffline(b *testing.B, dir string, offline bool) fs.FS {
	cfg, err := os.ReadFile(filepath.Join(dir, site.ConfigFile))
	if err != nil {
		b.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^offline: .*\n`).ReplaceAllString(string(cfg), "")
	return overlay{os.DirFS(dir), fstest.MapFS{site.ConfigFile: {Data: fmt.Appendf(nil, "%soffline: %v\n", text, offline)}}}
}
