package sitecheck_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// allowedHosts are the hosts the guide may link to: official Chinese
// government hosts (gov.cn and every subdomain), the courts' English site,
// Beijing's official tourism site, the newspaper the project started from,
// and one newspaper host that reproduces a State Council notice (the sources
// page says so). This list is the one place that says so.
var allowedHosts = []string{
	".gov.cn",              // central, provincial and city governments, embassies (china-embassy.gov.cn)
	"english.court.gov.cn", // Supreme People's Court (covered by .gov.cn; named for the record)
	"en.visitbeijing.com.cn",
	"www.scmp.com",
	"politics.gmw.cn",
	"www.hcch.net",
	"www.w3.org", // the accessibility standard
}

func allowed(host string) bool {
	return slices.ContainsFunc(allowedHosts, func(a string) bool {
		return host == a || strings.HasPrefix(a, ".") && (strings.HasSuffix(host, a) || host == a[1:])
	})
}

var linkRE = regexp.MustCompile(`\]\(\s*<?([a-zA-Z][a-zA-Z0-9+.-]*:[^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>`)

// TestContentSources keeps the guide's facts traceable: every external link
// in content/ is https on an allowed host; no government link is a bare home
// page (unless the same line says why it is the home page); every content
// page cites at least one source (a link to the sources page or to an
// allowed host).
func TestContentSources(t *testing.T) {
	dir := filepath.Join("..", "..", "content")
	pages, links := 0, 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
		rel = filepath.ToSlash(rel)
		pages++
		cites := strings.Contains(string(src), "/sources.md") || strings.HasPrefix(filepath.Base(p), "sources.")
		for i, line := range strings.Split(string(src), "\n") {
			for _, m := range linkRE.FindAllStringSubmatch(line, -1) {
				raw := m[1] + m[2]
				if strings.HasPrefix(raw, "mailto:") {
					continue
				}
				links++
				u, err := url.Parse(raw)
				if err != nil {
					t.Errorf("%s:%d: link %q: %v", rel, i+1, raw, err)
					continue
				}
				switch {
				case u.Scheme != "https":
					t.Errorf("%s:%d: external link %q is not https", rel, i+1, raw)
				case !allowed(u.Host):
					t.Errorf("%s:%d: link to %s, which is not an allowed host (internal/sitecheck/content_test.go lists them)", rel, i+1, u.Host)
				case strings.HasSuffix(u.Host, ".gov.cn") && (u.Path == "" || u.Path == "/" || u.Path == "/index.html") && u.RawQuery == "" &&
					!strings.Contains(line, "home page") && !strings.Contains(line, "首页") && !strings.Contains(line, "主页"):
					t.Errorf("%s:%d: %q is a government home page: link the exact page the fact comes from", rel, i+1, raw)
				default:
					cites = true
				}
			}
		}
		if !cites {
			t.Errorf("%s: cites no source (link the sources page, /sources.md#…, or the official page)", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 50 || links < 50 {
		t.Errorf("found only %d pages and %d external links: is the walk still right?", pages, links)
	}
}
