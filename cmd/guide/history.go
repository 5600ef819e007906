package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"guide/internal/drift"
	"guide/internal/site"
)

// sourceChanges shows, for a stale section of a translation, what changed in
// its source since the translation was checked: the section's text in the
// newest earlier version of the source (from git) whose hash is the one the
// translation's stamp recorded, against its text now. Without git, or
// without such a version, it returns "" and check still reports the
// section.
type sourceChanges struct {
	dir      string // the site directory
	res      *site.Result
	versions map[string][]version // source file → its earlier versions, newest first
}

type version struct {
	commit string
	texts  map[string]string
}

// diff returns the change to show under finding f, indented, or "".
func (h *sourceChanges) diff(f drift.Finding) string {
	if f.Was == "" || f.Source == "" {
		return ""
	}
	vs, ok := h.versions[f.Source]
	if !ok {
		vs = h.load(f.Source)
		h.versions[f.Source] = vs
	}
	var now map[string]string
	for _, v := range vs {
		if v.commit == "" {
			now = v.texts
			continue
		}
		old, ok := v.texts[f.Section]
		if !ok || drift.Hash(old) != f.Was {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "    what changed in %s since commit %s:\n", f.Source, v.commit[:min(len(v.commit), 10)])
		for _, l := range lineDiff(strings.Split(old, "\n"), strings.Split(now[f.Section], "\n")) {
			b.WriteString("      " + l + "\n")
		}
		return b.String()
	}
	return ""
}

// load reads the source file now and its versions in git (at most 100), as
// section texts. Any problem with git gives none.
func (h *sourceChanges) load(path string) []version {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "-C", h.dir, "log", "-n", "100", "--format=%H", "--", path).Output()
	if err != nil {
		return nil
	}
	var vs []version
	if cur, err := os.ReadFile(filepath.Join(h.dir, filepath.FromSlash(path))); err == nil {
		if texts, err := h.res.SectionTexts(path, cur); err == nil {
			vs = append(vs, version{texts: texts})
		}
	}
	rp := h.repoPath(ctx, path)
	for _, c := range strings.Fields(string(out)) {
		data, err := exec.CommandContext(ctx, "git", "-C", h.dir, "show", c+":"+rp).Output()
		if err != nil {
			continue
		}
		if texts, err := h.res.SectionTexts(path, data); err == nil {
			vs = append(vs, version{commit: c, texts: texts})
		}
	}
	return vs
}

// repoPath is path (from the site directory) from the top of the repository.
func (h *sourceChanges) repoPath(ctx context.Context, path string) string {
	prefix, err := exec.CommandContext(ctx, "git", "-C", h.dir, "rev-parse", "--show-prefix").Output()
	if err != nil {
		return path
	}
	return string(bytes.TrimSpace(prefix)) + path
}

// lineDiff is a minimal line diff of a and b: "- " lines only in a, "+ "
// lines only in b, "  " lines in both (longest common subsequence).
func lineDiff(a, b []string) []string {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, "  "+a[i])
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, "- "+a[i])
			i++
		default:
			out = append(out, "+ "+b[j])
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, "- "+a[i])
	}
	for ; j < m; j++ {
		out = append(out, "+ "+b[j])
	}
	return out
}
