// Command guide builds, checks and previews a multilingual static site.
//
//	guide build [-src DIR] [-out DIR] [-base-url URL] [-drafts] [-cpuprofile FILE]
//	guide check [-src DIR] [-json]
//	guide serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts]
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
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"guide/internal/diag"
	"guide/internal/output"
	"guide/internal/serve"
	"guide/internal/site"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  guide build [-src DIR] [-out DIR] [-base-url URL] [-drafts]   build the site into DIR (default SRC/public)
  guide check [-src DIR] [-json]                                 report errors, missing translations and overdue reviews
  guide serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts]        preview with live reload
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
	if os.Getenv("GOMEMLIMIT") == "" {
		// A build keeps little per page; ask the collector to keep the
		// process well under 300 MiB on a 10,000-page site (BENCHMARKS.md)
		// instead of letting the heap double between collections.
		debug.SetMemoryLimit(256 << 20)
	}
	start := time.Now()
	dir, err := output.Begin(*out)
	if err != nil {
		fmt.Fprintf(stderr, "guide build: %v\n", err)
		return 1
	}
	res, err := site.Build(os.DirFS(*src), site.Options{Drafts: *drafts, BaseURL: *baseURL}, dir.Write)
	if err != nil {
		dir.Abort()
		printErrors(stderr, *src, err)
		fmt.Fprintf(stderr, "guide build: failed; %s was not changed\n", *out)
		return 1
	}
	if err := dir.Commit(); err != nil {
		fmt.Fprintf(stderr, "guide build: writing %s: %v\n", *out, err)
		return 1
	}
	printErrors(stderr, *src, res.Warnings.Err())
	fmt.Fprintf(stdout, "built %s (%d files) in %s → %s\n", pageCounts(res), res.Files, time.Since(start).Round(time.Millisecond), *out)
	if n := len(res.Report.Untranslated); n > 0 {
		fmt.Fprintf(stdout, "%d page(s) shown untranslated; run guide check for the list\n", n)
	}
	return 0
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
	for _, d := range []string{"content", "templates", "locales"} {
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
	for _, e := range l.Sort() {
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
	if !parse(fl, args) {
		return 2
	}
	res, err := site.Build(os.DirFS(*src), site.Options{CheckCached: true}, func(string, []byte) error { return nil })
	if *asJSON {
		out := struct {
			Errors   []string     `json:"errors"`
			Warnings []string     `json:"warnings"`
			Report   *site.Report `json:"report,omitempty"`
		}{Errors: lines(err), Warnings: []string{}}
		if res != nil {
			out.Warnings = lines(res.Warnings.Err())
			out.Report = res.Report
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else {
		printErrors(stdout, *src, err)
		if res != nil {
			printReport(stdout, *src, res.Report) // includes the warnings
		}
	}
	if err != nil || !res.Report.Clean() {
		if !*asJSON {
			fmt.Fprintln(stdout, "guide check: the site needs fixing")
		}
		return 1
	}
	if !*asJSON {
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
	for _, e := range l.Sort() {
		out = append(out, e.Error())
	}
	return out
}

func printReport(w io.Writer, src string, r *site.Report) {
	rel := func(p string) string {
		if src == "." {
			return p
		}
		return filepath.ToSlash(filepath.Join(src, p))
	}
	for _, u := range r.Untranslated {
		fmt.Fprintf(w, "%s: not translated into %s (the page shows this file)\n", rel(u.Source), u.Lang)
	}
	var langs []string
	for l := range r.MissingUI {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		for _, id := range r.MissingUI[l] {
			fmt.Fprintf(w, "%s: UI string %q is missing\n", rel("locales/"+l+".yaml"), id)
		}
	}
	for _, f := range r.NotReviewed {
		fmt.Fprintf(w, "%s: no reviewed date in front matter\n", rel(f))
	}
	for _, s := range r.Stale {
		fmt.Fprintf(w, "%s: reviewed %s, %d days ago: check it against its sources\n", rel(s.File), s.Reviewed, s.Days)
	}
	for _, h := range r.Holidays {
		fmt.Fprintf(w, "%s: %s\n", rel(h.File), holidayNote(h))
	}
}

// holidayNote says what a missing holiday file means for the calculator.
func holidayNote(h site.MissingHolidays) string {
	s := fmt.Sprintf("no holiday data for %d", h.Year)
	if h.From != "" {
		s += fmt.Sprintf(": the timeline calculator ignores its holidays for applications accepted from %s on", h.From)
	}
	if h.Due {
		return s + "; add the file from the State Council General Office notice (" + strconv.Itoa(h.Year) + " has begun)"
	}
	return "note: " + s + "; add the file when the State Council General Office publishes its notice"
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
	s := serve.New(serve.Config{Src: *src, Drafts: *drafts, Log: stderr})
	fmt.Fprintf(stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", *src, ln.Addr())
	if err := s.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "guide serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
