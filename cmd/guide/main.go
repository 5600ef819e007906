// Command guide builds, checks and previews a multilingual static site.
//
//	guide build [-src DIR] [-out DIR] [-base-url URL] [-drafts] [-cpuprofile FILE]
//	guide check [-src DIR] [-json] [-strict] [-today DATE]
//	guide serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts]
//	guide translate [-src DIR] [-today DATE] PAGE LANG
//
// Exit status: 0 on success, 1 when the site has errors (each printed as
// path:line: message) or check finds something to fix, 2 on bad usage.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"guide/internal/diag"
	"guide/internal/features"
	"guide/internal/output"
	"guide/internal/serve"
	"guide/internal/site"
	"guide/internal/source"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  guide build [-src DIR] [-out DIR] [-base-url URL] [-drafts]   build the site into DIR (default SRC/public)
  guide check [-src DIR] [-json] [-strict] [-today DATE]         report errors, missing translations; warn of overdue reviews
  guide serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts]        preview with live reload
  guide translate [-src DIR] [-today DATE] PAGE LANG              stamp (or start) PAGE's translation into LANG
`

// run is main without the process: tests call it.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "translate":
		return cmdTranslate(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "guide: unknown command %q\n%s", args[0], usage)
	return 2
}

func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("guide "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return false
	}
	return true
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fl := flags("build", stderr)
	src := fl.String("src", ".", "site directory (holds site.yaml, content/, templates/, locales/)")
	out := fl.String("out", "", "output directory (default SRC/public)")
	baseURL := fl.String("base-url", "", "absolute URL the site is published at (overrides site.yaml)")
	drafts := fl.Bool("drafts", false, "include draft pages")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the build to `FILE` (for go tool pprof)")
	if !parse(fl, args) {
		return 2
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "guide build: %v\n", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "guide build: %v\n", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	if err := checkOut(*src, *out); err != nil {
		fmt.Fprintf(stderr, "guide build: %v\n", err)
		return 2
	}
	start := time.Now()
	fsys, err := source.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "guide build: -src: %v\n", err)
		return 1
	}
	defer fsys.Close()
	// Ctrl-C or SIGTERM aborts the build: the previous output stays. The
	// build goes on in a goroutine, told to stop by its context; the
	// process ends without waiting for it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b := &building{}
	done := make(chan error, 1)
	var res *site.Result
	go func() {
		dir, err := output.Begin(*out)
		if err != nil {
			done <- err
			return
		}
		if !b.started(dir) {
			done <- nil
			return
		}
		res, err = site.Build(ctx, fsys, site.Options{Drafts: *drafts, BaseURL: *baseURL, Features: features.Guide()}, dir)
		done <- err
	}()
	var err2 error
	select {
	case err2 = <-done:
	case <-ctx.Done():
		b.interrupt()
		fmt.Fprintf(stderr, "guide build: interrupted; %s was not changed\n", *out)
		return 1
	}
	dir := b.dir
	if dir == nil {
		fmt.Fprintf(stderr, "guide build: %v\n", err2)
		return 1
	}
	if err2 != nil {
		dir.Abort()
		printErrors(stderr, *src, err2)
		fmt.Fprintf(stderr, "guide build: failed; %s was not changed\n", *out)
		return 1
	}
	if err := dir.Commit(); err != nil {
		fmt.Fprintf(stderr, "guide build: writing %s: %v\n", *out, err)
		return 1
	}
	if w := dir.Warning(); w != nil {
		fmt.Fprintf(stderr, "guide build: warning: %v\n", w)
	}
	printErrors(stderr, *src, res.Warnings.Err())
	fmt.Fprintf(stdout, "built %s (%d files) in %s → %s\n", pageCounts(res), res.Files, time.Since(start).Round(time.Millisecond), *out)
	if n := len(res.Report.Untranslated); n > 0 {
		fmt.Fprintf(stdout, "%d page(s) shown untranslated; run guide check for the list\n", n)
	}
	return 0
}

// building is the output of a build that a signal may interrupt.
type building struct {
	mu          sync.Mutex
	dir         *output.Dir
	interrupted bool
}

// started records the output directory once Begin returned it, and reports
// whether the build should go on (false: interrupted meanwhile, and dir
// aborted).
func (b *building) started(dir *output.Dir) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.interrupted {
		dir.Abort()
		return false
	}
	b.dir = dir
	return true
}

// interrupt aborts the build's output, waiting for the file being written.
func (b *building) interrupt() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.interrupted = true
	if b.dir != nil {
		b.dir.Abort()
	}
}

// checkOut refuses output directories that would overwrite the author's files.
func checkOut(src, out string) error {
	s, err1 := filepath.Abs(src)
	o, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if output.Inside(s, o) {
		return fmt.Errorf("-out %s would replace the site's own directory", out)
	}
	for _, d := range site.SourceDirs {
		if output.Inside(o, filepath.Join(s, d)) {
			return fmt.Errorf("-out %s is inside the author's %s/ directory", out, d)
		}
	}
	return nil
}

func pageCounts(res *site.Result) string {
	var langs []string
	for l := range res.Pages {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var parts []string
	for _, l := range langs {
		parts = append(parts, fmt.Sprintf("%d %s", res.Pages[l], l))
	}
	return strings.Join(parts, " + ") + " pages"
}

// printErrors prints each error on its own line, paths relative to the
// current directory.
func printErrors(w io.Writer, src string, err error) {
	if err == nil {
		return
	}
	var l diag.List
	l.Add(err)
	for _, e := range l.Sorted() {
		if e.File != "" && src != "." {
			e.File = filepath.ToSlash(filepath.Join(src, e.File))
		}
		fmt.Fprintln(w, e.Error())
	}
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fl := flags("check", stderr)
	src := fl.String("src", ".", "site directory")
	asJSON := fl.Bool("json", false, "print the report as JSON")
	strict := fl.Bool("strict", false, "fail on warnings too (overdue reviews, missing holiday years)")
	today := fl.String("today", "", "measure review ages and due holiday years as on this `DATE` (2006-01-02; default: today)")
	if !parse(fl, args) {
		return 2
	}
	opts := site.Options{CheckCached: true, Features: features.Guide()}
	if *today != "" {
		t, err := time.Parse(time.DateOnly, *today)
		if err != nil {
			fmt.Fprintf(stderr, "guide check: -today %q: write the date as 2006-01-02\n", *today)
			return 2
		}
		opts.Now = t
	}
	fsys, err := source.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "guide check: -src: %v\n", err)
		return 1
	}
	defer fsys.Close()
	res, err := site.Build(context.Background(), fsys, opts, site.Discard{})
	failed := err != nil || !res.Report.Clean(*strict)
	if *asJSON {
		out := struct {
			Errors   []string     `json:"errors"`
			Warnings []string     `json:"warnings"`
			Report   *site.Report `json:"report,omitempty"`
			Failed   bool         `json:"failed"`
		}{Errors: lines(err), Warnings: []string{}, Failed: failed}
		if res != nil {
			out.Warnings = append(lines(res.Warnings.Err()), reportWarnings(*src, res.Report)...)
			out.Report = res.Report
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
		if failed {
			return 1
		}
		return 0
	}
	printErrors(stdout, *src, err)
	if res == nil {
		fmt.Fprintln(stdout, "guide check: the site needs fixing")
		return 1
	}
	printReport(stdout, *src, res.Report, &sourceChanges{dir: *src, res: res, versions: map[string][]version{}})
	printErrors(stdout, *src, res.Warnings.Err())
	for _, w := range reportWarnings(*src, res.Report) {
		fmt.Fprintln(stdout, w)
	}
	n := res.Report.Warnings()
	switch {
	case failed && *strict && n > 0:
		fmt.Fprintf(stdout, "guide check: the site needs fixing (-strict: %s count as failures)\n", warnings(n))
		return 1
	case failed:
		fmt.Fprintln(stdout, "guide check: the site needs fixing")
		return 1
	case n > 0:
		fmt.Fprintf(stdout, "guide check: %s, all translated; %s above (-strict makes them fail)\n", pageCounts(res), warnings(n))
	default:
		fmt.Fprintf(stdout, "guide check: %s, all translated and reviewed\n", pageCounts(res))
	}
	return 0
}

func lines(err error) []string {
	out := []string{}
	if err == nil {
		return out
	}
	var l diag.List
	l.Add(err)
	for _, e := range l.Sorted() {
		out = append(out, e.Error())
	}
	return out
}

func warnings(n int) string {
	if n == 1 {
		return "1 warning"
	}
	return fmt.Sprintf("%d warnings", n)
}

// relTo names a site file relative to the current directory.
func relTo(src, p string) string {
	if src == "." {
		return p
	}
	return filepath.ToSlash(filepath.Join(src, p))
}

// printReport prints what needs fixing; for a stale section of a
// translation, what changed in its source where git history tells.
func printReport(w io.Writer, src string, r *site.Report, changes *sourceChanges) {
	for _, u := range r.Untranslated {
		fmt.Fprintf(w, "%s: not translated into %s (the page shows this file)\n", relTo(src, u.Source), u.Lang)
	}
	for _, l := range slices.Sorted(maps.Keys(r.MissingUI)) {
		for _, id := range r.MissingUI[l] {
			fmt.Fprintf(w, "%s: UI string %q is missing\n", relTo(src, "locales/"+l+".yaml"), id)
		}
	}
	for _, f := range r.NotReviewed {
		fmt.Fprintf(w, "%s: no reviewed date in front matter\n", relTo(src, f))
	}
	if r.Drift != nil {
		for _, f := range r.Drift.Findings {
			fmt.Fprintf(w, "%s:%d: %s\n", relTo(src, f.File), f.Line, f.Message)
			fmt.Fprint(w, changes.diff(f))
		}
		for _, f := range r.Drift.Accepted {
			fmt.Fprintf(w, "%s:%d: accepted difference (%s): %s\n", relTo(src, f.File), f.Line, f.Reason, f.Message)
		}
	}
}

// reportWarnings are the lines of what depends on today's date.
func reportWarnings(src string, r *site.Report) []string {
	out := []string{}
	for _, s := range r.Stale {
		out = append(out, fmt.Sprintf("%s: warning: reviewed %s, %d days before %s: check the page against its sources and update reviewed", relTo(src, s.File), s.Reviewed, s.Days, r.Today))
	}
	for _, d := range append(slices.Clone(r.Settings), r.Due...) {
		out = append(out, fmt.Sprintf("%s: warning: %s", relTo(src, d.File), d.Message))
	}
	return out
}

// cmdTranslate stamps a translation as checked against its source today, or
// starts one from a copy of the source.
func cmdTranslate(args []string, stdout, stderr io.Writer) int {
	fl := flags("translate", stderr)
	src := fl.String("src", ".", "site directory")
	today := fl.String("today", "", "stamp the translation as checked on this `DATE` (2006-01-02; default: today)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 2 {
		fmt.Fprintf(stderr, "usage: guide translate [-src DIR] [-today DATE] PAGE LANG\n  PAGE is a file of the page (content/fees.zh.md) or its key (fees); LANG the language to stamp or start\n")
		return 2
	}
	day := time.Now()
	if *today != "" {
		t, err := time.Parse(time.DateOnly, *today)
		if err != nil {
			fmt.Fprintf(stderr, "guide translate: -today %q: write the date as 2006-01-02\n", *today)
			return 2
		}
		day = t
	}
	key := pageKey(fl.Arg(0))
	fsys, err := source.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "guide translate: -src: %v\n", err)
		return 1
	}
	defer fsys.Close()
	t, err := site.Translate(context.Background(), fsys, site.Options{Features: features.Guide()}, key, fl.Arg(1), day)
	if err != nil {
		printErrors(stderr, *src, err)
		return 1
	}
	p := filepath.Join(*src, filepath.FromSlash(t.Path))
	if err := os.WriteFile(p, t.Data, 0o644); err != nil {
		fmt.Fprintf(stderr, "guide translate: %v\n", err)
		return 1
	}
	if t.Created {
		fmt.Fprintf(stdout, "created %s from %s, stamped: translate it, keeping the heading and item ids, then run this command again\n", relTo(*src, t.Path), relTo(*src, t.Source))
	} else {
		fmt.Fprintf(stdout, "stamped %s as checked against %s on %s\n", relTo(*src, t.Path), relTo(*src, t.Source), day.Format(time.DateOnly))
	}
	return 0
}

// pageKey is the translation key of a page named by one of its files
// (content/documents/spouse.en.md, documents/spouse.md) or by its key.
func pageKey(arg string) string {
	k := strings.TrimPrefix(filepath.ToSlash(arg), "./")
	k = strings.TrimPrefix(k, site.ContentDir+"/")
	if strings.HasSuffix(k, ".md") {
		k = strings.TrimSuffix(k, ".md")
		if i := strings.LastIndexByte(k, '.'); i > strings.LastIndexByte(k, '/') {
			k = k[:i]
		}
	}
	k = strings.TrimSuffix(k, "/_index")
	if k == "_index" {
		k = ""
	}
	return k
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fl := flags("serve", stderr)
	src := fl.String("src", ".", "site directory")
	addr := fl.String("addr", "127.0.0.1:1313", "address to listen on")
	drafts := fl.Bool("drafts", false, "include draft pages")
	if !parse(fl, args) {
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "guide serve: %v\n", err)
		return 1
	}
	if !serve.Loopback(*addr) {
		fmt.Fprintf(stderr, "\nWARNING: guide serve is listening on %s, reachable from other machines.\n"+
			"It is a preview server for one author, not for the public. Use -addr 127.0.0.1:1313 unless you mean it.\n\n", ln.Addr())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fsys, err := source.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "guide serve: -src: %v\n", err)
		return 1
	}
	defer fsys.Close()
	s := serve.New(serve.Config{Src: *src, FS: fsys, Drafts: *drafts, Log: stderr, Features: features.Guide()})
	fmt.Fprintf(stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", *src, ln.Addr())
	if err := s.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "guide serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
