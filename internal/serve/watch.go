package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"guide/internal/site"

	"github.com/fsnotify/fsnotify"
)

// watchedDirs are the directories of a site that a change in triggers a
// rebuild; the site's top directory is watched too, for site.yaml.
var watchedDirs = site.SourceDirs

// Ignored reports whether a file name is an editor's or the system's
// temporary file, whose changes never need a rebuild: vim's swap files and
// its 4913 write test, backup files ending in ~, Emacs lock and auto-save
// files, JetBrains safe-write files, and hidden files.
func Ignored(name string) bool {
	base := filepath.Base(name)
	switch {
	case base == "4913", strings.HasPrefix(base, "."), strings.HasSuffix(base, "~"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.Contains(base, "___jb_tmp___"), strings.Contains(base, "___jb_old___"):
		return true
	}
	for _, ext := range []string{".swp", ".swx", ".swo", ".tmp", ".crswap", ".part"} {
		if strings.HasSuffix(base, ext) {
			return true
		}
	}
	return false
}

// watcher turns file system events under a site into batches of changed
// paths (relative to the site, slash-separated). A batch is sent once events
// stop for the quiet period, so a burst (a git checkout, an editor's
// rename-and-write save) becomes one rebuild; a stream of events that never
// stops is sent at the latest maxWait after its first event, so that the
// preview never falls behind for ever. A nil batch means "anything may have
// changed" (the event queue overflowed).
type watcher struct {
	root    string
	quiet   time.Duration
	maxWait time.Duration
	logf    func(format string, args ...any)
	batches chan []string
}

func newWatcher(root string, quiet, maxWait time.Duration, logf func(string, ...any)) *watcher {
	return &watcher{root: root, quiet: quiet, maxWait: maxWait, logf: logf, batches: make(chan []string, 1)}
}

// start begins watching; changes are seen from the moment it returns. Then
// it goes on in the background until ctx ends, in goroutines that wg
// tracks. It falls back to polling when the system refuses more watches.
func (w *watcher) start(ctx context.Context, wg *sync.WaitGroup) {
	fw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		w.logf("cannot watch files (%v); checking for changes every second instead", err)
		last := w.stamps()
		wg.Go(func() { w.poll(ctx, last) })
		return
	}
	if err := w.addTree(fw, w.root, false); err != nil {
		if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
			w.logf("the system limit on watched directories is reached (raise fs.inotify.max_user_watches); checking for changes every second instead")
			fw.Close()
			last := w.stamps()
			wg.Go(func() { w.poll(ctx, last) })
			return
		}
		w.logf("watching %s: %v", w.root, err)
	}
	wg.Go(func() { w.run(ctx, fw) })
}

func (w *watcher) run(ctx context.Context, fw *fsnotify.Watcher) {
	defer fw.Close()
	pending := map[string]bool{}
	overflow := false
	var first time.Time // the first event of the pending batch
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	arm := func(d time.Duration) {
		if first.IsZero() {
			first = time.Now()
		}
		if left := w.maxWait - time.Since(first); d > left {
			d = max(left, 0)
		}
		timer.Reset(d)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-fw.Events:
			if !ok {
				return
			}
			rel, relevant := w.relevant(ev.Name)
			if !relevant || ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// Files written before the watch started make no events:
					// rescan the new directory.
					for _, p := range w.files(ev.Name) {
						pending[p] = true
					}
					if err := w.addTree(fw, ev.Name, true); err != nil {
						w.logf("watching %s: %v", ev.Name, err)
					}
				}
			}
			pending[rel] = true
			arm(w.wait(len(pending)))
		case err, ok := <-fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				overflow = true
				arm(w.quiet)
				continue
			}
			w.logf("watching files: %v", err)
		case <-timer.C:
			var batch []string
			if !overflow {
				batch = make([]string, 0, len(pending))
				for p := range pending {
					batch = append(batch, p)
				}
				slices.Sort(batch)
			}
			pending, overflow, first = map[string]bool{}, false, time.Time{}
			select {
			case w.batches <- batch:
			case <-ctx.Done():
				return
			}
		}
	}
}

// wait is how long to wait for more events with n paths pending: the quiet
// period for an editor's save, ten times longer once a burst (a git
// checkout, a copy of a folder) is under way, so that it becomes one
// rebuild even when a loaded machine writes it slowly.
func (w *watcher) wait(n int) time.Duration {
	if n > 20 {
		return 10 * w.quiet
	}
	return w.quiet
}

// relevant maps an event path to a site-relative path and says whether it
// can matter: site.yaml, or a file under a watched directory that is not a
// temporary file.
func (w *watcher) relevant(name string) (string, bool) {
	rel, err := filepath.Rel(w.root, name)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if Ignored(rel) {
		return "", false
	}
	if !strings.Contains(rel, "/") {
		return rel, rel == site.ConfigFile || slices.Contains(watchedDirs, rel)
	}
	for _, d := range watchedDirs {
		if strings.HasPrefix(rel, d+"/") {
			return rel, true
		}
	}
	return "", false
}

// addTree watches the site root (not recursively) and every directory under
// the watched directories, or, with sub, dir and everything under it.
func (w *watcher) addTree(fw *fsnotify.Watcher, dir string, sub bool) error {
	var roots []string
	if sub {
		roots = []string{dir}
	} else {
		if err := fw.Add(w.root); err != nil {
			return err
		}
		for _, d := range watchedDirs {
			roots = append(roots, filepath.Join(w.root, d))
		}
	}
	for _, r := range roots {
		err := filepath.WalkDir(r, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if p != r && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return fw.Add(p)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// files lists the site-relative paths of the files under dir.
func (w *watcher) files(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if rel, ok := w.relevant(p); ok {
				out = append(out, rel)
			}
		}
		return nil
	})
	return out
}

type stamp struct {
	mod  time.Time
	size int64
}

// stamps records the modification time and size of every relevant file.
func (w *watcher) stamps() map[string]stamp {
	m := map[string]stamp{}
	for _, d := range append([]string{site.ConfigFile}, watchedDirs...) {
		_ = filepath.WalkDir(filepath.Join(w.root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			if rel, ok := w.relevant(p); ok {
				if info, err := e.Info(); err == nil {
					m[rel] = stamp{info.ModTime(), info.Size()}
				}
			}
			return nil
		})
	}
	return m
}

// poll checks modification times and sizes every second: the fallback when
// the system cannot watch enough directories.
func (w *watcher) poll(ctx context.Context, last map[string]stamp) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		cur := w.stamps()
		var batch []string
		for p, s := range cur {
			if last[p] != s {
				batch = append(batch, p)
			}
		}
		for p := range last {
			if _, ok := cur[p]; !ok {
				batch = append(batch, p)
			}
		}
		last = cur
		if len(batch) > 0 {
			slices.Sort(batch)
			select {
			case w.batches <- batch:
			case <-ctx.Done():
				return
			}
		}
	}
}
