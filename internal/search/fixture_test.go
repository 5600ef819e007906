package search

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// loadSite reads testdata/site.txtar (its comment says the format) and
// returns the pages of each language, in file order, and the synonyms.
func loadSite(t testing.TB) (map[string][]Doc, [][]string) {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return parseSite(t, ar)
}

func parseSite(t testing.TB, ar *txtar.Archive) (map[string][]Doc, [][]string) {
	t.Helper()
	docs := map[string][]Doc{}
	var synonyms [][]string
	for _, f := range ar.Files {
		lines := strings.Split(strings.TrimRight(string(f.Data), "\n"), "\n")
		if f.Name == "synonyms" {
			for _, l := range lines {
				synonyms = append(synonyms, strings.Split(l, " | "))
			}
			continue
		}
		lang, _, ok := strings.Cut(strings.TrimPrefix(f.Name, "/"), "/")
		if !ok || !strings.HasPrefix(lines[0], "# ") {
			t.Fatalf("%s: want a URL /<lang>/… and a first line \"# title\"", f.Name)
		}
		d := Doc{URL: f.Name, Title: strings.TrimPrefix(lines[0], "# ")}
		lines = lines[1:]
		if len(lines) > 0 && lines[0] == "(later)" {
			d.Later, lines = true, lines[1:]
		}
		var cur *Section
		for _, l := range lines {
			head, item := strings.CutPrefix(l, "- ")
			if !item {
				head, _ = strings.CutPrefix(l, "## ")
			}
			if anchor, heading, ok := strings.Cut(head, " | "); ok && head != l {
				d.Sections = append(d.Sections, Section{Anchor: anchor, Heading: heading, Item: item})
				cur = &d.Sections[len(d.Sections)-1]
				continue
			}
			if cur == nil {
				d.Sections = append(d.Sections, Section{})
				cur = &d.Sections[0]
			}
			if cur.Text != "" {
				cur.Text += "\n"
			}
			cur.Text += l
		}
		docs[lang] = append(docs[lang], d)
	}
	return docs, synonyms
}

// buildSite builds the index of every language of the test site.
func buildSite(t testing.TB, opts Options) map[string][]byte {
	t.Helper()
	docs, synonyms := loadSite(t)
	all := map[string][]byte{}
	for lang, d := range docs {
		files, err := Build(lang, d, synonyms, opts)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			all[name] = b
		}
	}
	return all
}
