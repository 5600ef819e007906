package site

import (
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"

	"guide/internal/data"
	"guide/internal/diag"
)

// The names of a site's files and directories, from its top directory.
// Build, serve and the corpus generator all use these.
const (
	ConfigFile  = "site.yaml"             // the site's configuration
	ContentDir  = "content"               // Markdown pages, data files and assets
	TemplateDir = "templates"             // layouts and partials
	AssetDir    = TemplateDir + "/assets" // CSS and JavaScript
	LocaleDir   = "locales"               // UI strings, one file per language
)

// SourceDirs are the directories whose files a build reads (with ConfigFile).
var SourceDirs = []string{ContentDir, TemplateDir, LocaleDir}

// Config is site.yaml.
type Config struct {
	BaseURL         string     `yaml:"baseURL"`         // absolute URL the site is published at; canonical links, sitemap, feeds
	Languages       []Language `yaml:"languages"`       // in order; the first is the default
	ReviewAfterDays int        `yaml:"reviewAfterDays"` // guide check flags pages reviewed longer ago (default 365)
	UnsafeHTML      bool       `yaml:"unsafeHTML"`      // let raw HTML in content through (default false)
	Params          []string   `yaml:"params"`          // front-matter keys of the site's own, beyond the built-in ones
	Feedback        string     `yaml:"feedback"`        // where readers report a problem with a page: a URL template or an email address
	Offline         bool       `yaml:"offline"`         // a service worker per language keeps the site readable offline (package offline)

	rootPath, origin string // from BaseURL: "/guide/" and "https://example.org" ("" when BaseURL is "/")
}

// Language is one language of the site.
type Language struct {
	Key  string `yaml:"key"`  // file suffix and URL prefix: zh in fees.zh.md and /zh/fees/
	Name string `yaml:"name"` // the language's own name, for the language switcher: 中文
	Tag  string `yaml:"tag"`  // BCP 47 tag for lang and hreflang: zh-Hans
}

var keyRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]+)*$`)
var tagRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// LoadConfig reads and checks site.yaml.
func LoadConfig(fsys fs.FS) (*Config, error) {
	src, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return nil, diag.Errorf(ConfigFile, 0, "cannot read the site configuration: %v (is -src the top of a site?)", unwrap(err))
	}
	doc, err := data.Parse(ConfigFile, 1, src)
	if err != nil {
		return nil, err
	}
	c := &Config{ReviewAfterDays: 365}
	if err := doc.Decode(c); err != nil {
		return nil, err
	}
	var l diag.List
	if len(c.Languages) == 0 {
		l.Add(doc.Errorf([]any{"languages"}, "languages: at least one language is required"))
	}
	seen := map[string]bool{}
	for i, lang := range c.Languages {
		where := fmt.Sprintf("languages[%d]", i)
		switch {
		case !keyRE.MatchString(lang.Key):
			l.Add(doc.Errorf([]any{"languages", i, "key"}, "%s: key %q must be lower-case letters (and hyphens), like zh or pt-br", where, lang.Key))
		case seen[lang.Key]:
			l.Add(doc.Errorf([]any{"languages", i, "key"}, "%s: language %q is listed twice", where, lang.Key))
		}
		seen[lang.Key] = true
		if !tagRE.MatchString(lang.Tag) {
			l.Add(doc.Errorf([]any{"languages", i, "tag"}, "%s: tag %q must be a BCP 47 language tag, like zh-Hans or en", where, lang.Tag))
		}
		if strings.TrimSpace(lang.Name) == "" {
			l.Add(doc.Errorf([]any{"languages", i, "name"}, "%s: name is required (the language's own name, like 中文)", where))
		}
	}
	if c.ReviewAfterDays <= 0 {
		l.Add(doc.Errorf([]any{"reviewAfterDays"}, "reviewAfterDays: %d must be a number of days greater than 0", c.ReviewAfterDays))
	}
	if f := strings.TrimSpace(c.Feedback); f != "" && !strings.Contains(f, "@") && !strings.HasPrefix(f, "https://") {
		l.Add(doc.Errorf([]any{"feedback"}, "feedback: %q must be an https:// address (it may contain {url} and {title}) or an email address", f))
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		l.Add(doc.Errorf([]any{"baseURL"}, "baseURL: %v", err))
	}
	return c, l.Err()
}

// SetBaseURL checks and sets the base URL: absolute http(s), or "/" for a
// site whose absolute address is not known.
func (c *Config) SetBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if s != "/" && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		return fmt.Errorf("%q must be an absolute http or https URL", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c.BaseURL = u.String()
	c.rootPath, c.origin = u.Path, ""
	if s != "/" {
		c.origin = u.Scheme + "://" + u.Host
	}
	return nil
}

// root is the path prefix of every URL of the site ("/" or "/guide/").
func (c *Config) root() string { return c.rootPath }

// abs makes a root-relative URL absolute (unchanged when the base URL is "/").
func (c *Config) abs(rel string) string { return c.origin + rel }

func (c *Config) langKeys() []string {
	keys := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		keys[i] = l.Key
	}
	return keys
}
