package search

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"guide/internal/browsertest"
)

// TestGuideSize builds the index of the repository's own site, from its
// built pages, and checks the budget: a language's index and search.js
// add up to at most 60 kB compressed with gzip.
func TestGuideSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site")
	}
	const budget = 60 << 10
	dir := browsertest.BuildSite(t, "../..")
	js, err := os.ReadFile("../../templates/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	script := gzipSize(js)
	for _, lang := range []string{"en", "zh"} {
		docs := guideDocs(t, os.DirFS(dir), lang)
		if len(docs) < 20 {
			t.Fatalf("%s: %d pages", lang, len(docs))
		}
		files, err := Build(lang, docs, benchSynonyms, Options{})
		if err != nil {
			t.Fatal(err)
		}
		index := files["search/"+lang+"/index.json"]
		if len(files) != 1 || index == nil {
			t.Fatalf("%s: %d files: the guide's text (%d bytes) is over Options.SingleFile, so its index is no longer one file; "+
				"raise SingleFile, or budget what a query downloads (see TestLargeSiteFetch)", lang, len(files), textSize(docs))
		}
		text := textSize(docs)
		t.Logf("%s: %d pages, %d bytes of text; index.json %d bytes, %d gzip; search.js %d bytes, %d gzip; total %d gzip",
			lang, len(docs), text, len(index), gzipSize(index), len(js), script, gzipSize(index)+script)
		if total := gzipSize(index) + script; total > budget {
			t.Errorf("%s: index and script are %d bytes gzip, over the budget of %d", lang, total, budget)
		}
	}
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// guideDocs reads the pages of one language of a built site as the build
// would give them to Build: the title, the text under each heading with an
// id, each checklist item (its label and the text under it), leaving out
// what is not content (the checklist's controls, templates, scripts).
func guideDocs(t testing.TB, fsys fs.FS, lang string) []Doc {
	t.Helper()
	var docs []Doc
	err := fs.WalkDir(fsys, lang, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) != "index.html" {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		root, err := html.Parse(bytes.NewReader(src))
		if err != nil {
			return err
		}
		if doc, ok := pageDoc(root); ok {
			doc.URL = "/" + strings.TrimSuffix(p, "index.html")
			docs = append(docs, doc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(docs, func(a, b Doc) int { return strings.Compare(a.URL, b.URL) })
	return docs
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func find(n *html.Node, f func(*html.Node) bool) *html.Node {
	if f(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := find(c, f); m != nil {
			return m
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func pageDoc(root *html.Node) (Doc, bool) {
	article := find(root, func(n *html.Node) bool { return n.DataAtom == atom.Article })
	if article == nil {
		return Doc{}, false
	}
	var d Doc
	if h1 := find(article, func(n *html.Node) bool { return n.DataAtom == atom.H1 }); h1 != nil {
		d.Title = textOf(h1)
	}
	d.Sections = []Section{{}}
	cur := 0     // the section text goes to
	heading := 0 // the section of the last heading
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			s := &d.Sections[cur]
			s.Text += n.Data
			return
		}
		if n.Type != html.ElementNode {
			return
		}
		switch {
		case n.DataAtom == atom.Script || n.DataAtom == atom.Template || n.DataAtom == atom.Noscript ||
			n.DataAtom == atom.H1 || attr(n, "id") == "checklist-panel" || hasClass(n, "checklist-print-info") ||
			n.DataAtom == atom.Form || n.DataAtom == atom.Input || n.DataAtom == atom.Button:
			return
		case (n.DataAtom == atom.H2 || n.DataAtom == atom.H3) && attr(n, "id") != "":
			d.Sections = append(d.Sections, Section{Anchor: attr(n, "id"), Heading: textOf(n)})
			cur, heading = len(d.Sections)-1, len(d.Sections)-1
			return
		case n.DataAtom == atom.Li && hasClass(n, "checklist-item") && attr(n, "id") != "":
			label := find(n, func(m *html.Node) bool { return hasClass(m, "checklist-text") })
			d.Sections = append(d.Sections, Section{Anchor: attr(n, "id"), Heading: textOf(label), Item: true})
			cur = len(d.Sections) - 1
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.DataAtom != atom.Label {
					walk(c)
				}
			}
			cur = heading
			return
		}
		block := n.DataAtom == atom.P || n.DataAtom == atom.Li || n.DataAtom == atom.Div || n.DataAtom == atom.Tr ||
			n.DataAtom == atom.Td || n.DataAtom == atom.Th || n.DataAtom == atom.Dt || n.DataAtom == atom.Dd
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			d.Sections[cur].Text += "\n"
		}
	}
	for c := article.FirstChild; c != nil; c = c.NextSibling {
		walk(c)
	}
	var out []Section
	for _, s := range d.Sections {
		s.Text = strings.TrimSpace(collapse(s.Text))
		if s.Anchor != "" || s.Text != "" {
			out = append(out, s)
		}
	}
	d.Sections = out
	return d, true
}

// collapse collapses runs of white space, keeping one line break where
// there was one.
func collapse(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if l := strings.Join(strings.Fields(line), " "); l != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l)
		}
	}
	return b.String()
}
