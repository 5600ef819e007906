package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
)

// WriteHugo writes the same corpus as Write (n pages per language) as a
// Hugo site, for measuring Hugo on the same pages side by side: the same
// content files, a hugo.toml with the same two languages (Chinese the
// default, each language under its own directory), and layouts that do
// the same work per page as the repository's (title, description,
// canonical and hreflang links, site name, language switcher, menu,
// breadcrumbs, the content, dates, section lists and a footer made once per
// language with partialCached).
func WriteHugo(dir string, n int) error {
	tmp, err := os.MkdirTemp("", "guide-corpus-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := writeContent(tmp, n); err != nil {
		return err
	}
	err = filepath.WalkDir(filepath.Join(tmp, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tmp, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dir, rel), data)
	})
	if err != nil {
		return err
	}
	for name, text := range hugoFiles {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(text)); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

var hugoFiles = map[string]string{
	"hugo.toml": `baseURL = "https://zgc-green-card.example.org/"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true
[languages.zh]
  languageName = "中文"
  languageCode = "zh-Hans"
  weight = 1
  title = "中关村外籍家属永久居留指南"
[languages.en]
  languageName = "English"
  languageCode = "en"
  weight = 2
  title = "Zhongguancun Green Card Guide for Families"
[markup.goldmark.parser.attribute]
  title = true
  block = true
[markup.goldmark.extensions]
  footnote = true
  table = true
  taskList = true
  strikethrough = true
  linkify = true
  cjk.enable = true
  cjk.escapedSpace = true
`,
	"layouts/baseof.html": `<!doctype html>
<html lang="{{ .Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">
{{- end }}
</head>
<body>
<header class="site-header">
<a class="site-name" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav class="lang-switch"><ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.LanguageCode }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>
{{ partialCached "menu.html" . .Language.Lang }}
</header>
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li>{{ .Title }}</li></ol></nav>
<main id="main">
<h1>{{ .Title }}</h1>
{{ block "main" . }}{{ .Content }}{{ end }}
<p class="page-dates">{{ with .Params.reviewed }}<time datetime="{{ . }}">{{ . }}</time>{{ end }}</p>
</main>
{{ partialCached "footer.html" . .Language.Lang }}
</body>
</html>
`,
	"layouts/single.html":           `{{ define "main" }}{{ .Content }}{{ end }}`,
	"layouts/list.html":             `{{ define "main" }}{{ .Content }}<h2>{{ len .Pages }}</h2><ul class="page-list">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>{{ end }}`,
	"layouts/home.html":             `{{ define "main" }}{{ .Content }}<ul class="page-list">{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}</ul>{{ end }}`,
	"layouts/_partials/menu.html":   `<nav class="site-nav"><ul>{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}</ul></nav>`,
	"layouts/_partials/footer.html": `<footer class="site-footer"><p>{{ site.Title }}</p></footer>`,
}
