package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The strategies for writing a site atomically, on a tree shaped like the
// output of the 10,000-page corpus (10,000 pages of 16 kB, each in its own
// directory, in 100 sections per language):
//
//	GUIDE_BENCH_OUT=DIR go test -run '^$' -bench Strategies -benchtime 3x ./internal/output
//
// DIR defaults to the system's temporary directory; give one on the disk
// the site is built on. Each iteration is one build after two earlier ones;
// "same" builds the tree of the build before, "1pct" changes 1% of the
// pages. user-s/op and sys-s/op are the process's processor time; the file
// system's work shows in the second.
func BenchmarkStrategies(b *testing.B) {
	strategies := []struct {
		name  string
		build func(b *testing.B, out string, files []benchFile)
	}{
		{"fresh-remove", freshRemove(1, false)},           // the previous package: new tree, two renames, RemoveAll
		{"fresh-remove-parallel", freshRemove(2, false)},  // the same, writing and removing with 2 goroutines
		{"fresh-remove-background", freshRemove(2, true)}, // the old tree removed while the next build writes
		{"fresh-hardlink", freshHardlink},                 // unchanged files linked from the old tree
		{"spare", spareBuild},                             // this package
	}
	// The trees are removed at the end only: removing one makes the next
	// inodes slow to create on ext4 without a journal (see BENCHMARKS.md),
	// and that should count against the strategy that removes, not the next
	// benchmark.
	base, err := os.MkdirTemp(benchOut(b), "strategies-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(base) })
	for _, s := range strategies {
		for _, change := range []struct {
			name string
			pct  int
		}{{"same", 0}, {"1pct", 1}} {
			b.Run(s.name+"/"+change.name, func(b *testing.B) {
				dir, err := os.MkdirTemp(base, "")
				if err != nil {
					b.Fatal(err)
				}
				out := filepath.Join(dir, "public")
				for i := range 2 {
					s.build(b, out, benchTree(i, change.pct))
				}
				var user, sys time.Duration
				i := 2
				for b.Loop() {
					files := benchTree(i, change.pct)
					u0, s0 := cpuTime()
					s.build(b, out, files)
					u1, s1 := cpuTime()
					user, sys = user+u1-u0, sys+s1-s0
					i++
				}
				b.StopTimer()
				checkBench(b, out, benchTree(i-1, change.pct))
				b.ReportMetric(user.Seconds()/float64(b.N), "user-s/op")
				b.ReportMetric(sys.Seconds()/float64(b.N), "sys-s/op")
			})
		}
	}
}

func benchOut(b *testing.B) string {
	if d := os.Getenv("GUIDE_BENCH_OUT"); d != "" {
		return d
	}
	return os.TempDir()
}

// cpuTime is the user and system time of the process so far.
func cpuTime() (user, sys time.Duration) {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

type benchFile struct {
	name string
	data []byte
}

// benchTree is build i: 10,000 pages, of which pct% say i and the others
// say 0; every build has the same names.
func benchTree(i, pct int) []benchFile {
	const pages = 5000
	pad := strings.Repeat("页面内容 page content ", 700) // 16 kB
	var files []benchFile
	for _, lang := range []string{"en", "zh"} {
		for p := range pages {
			v := 0
			if pct > 0 && p%(100/pct) == 0 {
				v = i
			}
			name := fmt.Sprintf("%s/s%02d/p%04d/index.html", lang, p%100, p)
			files = append(files, benchFile{name, []byte(fmt.Sprintf("<p>%s %d</p>%s", name, v, pad))})
		}
	}
	return files
}

func checkBench(b *testing.B, out string, files []benchFile) {
	for _, f := range files[:50] {
		data, err := os.ReadFile(filepath.Join(out, f.name))
		if err != nil || !bytes.Equal(data, f.data) {
			b.Fatalf("%s: wrong content (%v)", f.name, err)
		}
	}
}

// parallel runs f on every file with n goroutines.
func parallel(n int, files []benchFile, f func(benchFile) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan benchFile)
	for range n {
		wg.Go(func() {
			for file := range next {
				if err := f(file); err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
				}
			}
		})
	}
	for _, file := range files {
		next <- file
	}
	close(next)
	wg.Wait()
	return first
}

// writeFresh writes files into the new directory tmp.
func writeFresh(n int, tmp string, files []benchFile, each func(p string, f benchFile) error) error {
	var dirs sync.Map
	return parallel(n, files, func(f benchFile) error {
		p := filepath.Join(tmp, filepath.FromSlash(f.name))
		if _, ok := dirs.Load(filepath.Dir(p)); !ok {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			dirs.Store(filepath.Dir(p), true)
		}
		return each(p, f)
	})
}

// removeTree removes dir with n goroutines, one top-level entry each.
func removeTree(n int, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var subs []benchFile
	for _, e := range entries {
		sub, err := os.ReadDir(filepath.Join(dir, e.Name()))
		if err != nil {
			subs = append(subs, benchFile{name: e.Name()})
			continue
		}
		for _, s := range sub {
			subs = append(subs, benchFile{name: filepath.Join(e.Name(), s.Name())})
		}
	}
	if err := parallel(n, subs, func(f benchFile) error { return os.RemoveAll(filepath.Join(dir, f.name)) }); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// swapIn puts tmp in place of out with two renames and returns where the
// old tree went ("" if there was none).
func swapIn(out, tmp string) (string, error) {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return "", err
		}
	}
	return old, os.Rename(tmp, out)
}

// freshRemove writes a new tree with n goroutines, swaps it in and removes
// the old one; background leaves the removal to overlap the next build.
func freshRemove(n int, background bool) func(b *testing.B, out string, files []benchFile) {
	var pending sync.WaitGroup
	return func(b *testing.B, out string, files []benchFile) {
		tmp, err := os.MkdirTemp(filepath.Dir(out), "public.tmp-")
		if err != nil {
			b.Fatal(err)
		}
		err = writeFresh(n, tmp, files, func(p string, f benchFile) error { return os.WriteFile(p, f.data, 0o644) })
		if err != nil {
			b.Fatal(err)
		}
		old, err := swapIn(out, tmp)
		if err != nil {
			b.Fatal(err)
		}
		pending.Wait() // the removal started by the build before
		if old == "" {
			return
		}
		if background {
			pending.Go(func() { _ = removeTree(n, old) })
			return
		}
		if err := removeTree(n, old); err != nil {
			b.Fatal(err)
		}
	}
}

// freshHardlink writes a new tree in which each file whose content is the
// same as in the old tree is a hard link to it, swaps it in and removes the
// old tree.
func freshHardlink(b *testing.B, out string, files []benchFile) {
	tmp, err := os.MkdirTemp(filepath.Dir(out), "public.tmp-")
	if err != nil {
		b.Fatal(err)
	}
	n := runtime.GOMAXPROCS(0)
	err = writeFresh(n, tmp, files, func(p string, f benchFile) error {
		rel, _ := filepath.Rel(tmp, p)
		old := filepath.Join(out, rel)
		if same, _ := sameFile(old, f.data); same {
			return os.Link(old, p)
		}
		return os.WriteFile(p, f.data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	old, err := swapIn(out, tmp)
	if err != nil {
		b.Fatal(err)
	}
	if old != "" {
		if err := removeTree(n, old); err != nil {
			b.Fatal(err)
		}
	}
}

// spareBuild is this package, writing with GOMAXPROCS goroutines as the
// site's build does.
func spareBuild(b *testing.B, out string, files []benchFile) {
	d, err := Begin(out)
	if err != nil {
		b.Fatal(err)
	}
	if err := parallel(runtime.GOMAXPROCS(0), files, func(f benchFile) error { return d.Write(f.name, f.data) }); err != nil {
		b.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		b.Fatal(err)
	}
}
