package site

import (
	"strings"
	"testing"
)

// TestEmbed rewrites HTML as the build converts it for the document of a
// whole reading order: ids and the references to them prefixed, links to
// pages of the document pointing inside it, headings one level down.
func TestEmbed(t *testing.T) {
	// The links of the test: fees and documents/spouse are in the document,
	// search is a page of the site that is not, anything else is not a page.
	link := func(href string) (string, bool) {
		switch href {
		case "/en/fees/":
			return "#p/fees", true
		case "/en/documents/spouse/#passport":
			return "#p/documents/spouse:passport", true
		case "/en/search/?q=fees":
			return "https://example.org/en/search/?q=fees", true
		}
		return "", false
	}
	tests := []struct {
		name, prefix, in, want string
	}{
		{"heading id and level", "p/fees", `<h2 id="cost">Cost</h2>`, `<h3 id="p/fees:cost">Cost</h3>`},
		{"every level down, h6 stays", "p", `<h1>a</h1><h3>b</h3><h5>c</h5><h6>d</h6>`, `<h2>a</h2><h4>b</h4><h6>c</h6><h6>d</h6>`},
		{"not a heading", "p", `<hr><header><h2x>`, `<hr><header><h2x>`},
		{"same id on another page", "p/documents/child", `<h2 id="cost">Cost</h2>`, `<h3 id="p/documents/child:cost">Cost</h3>`},
		{"fragment on the same page", "p/fees", `<a href="#cost">cost</a>`, `<a href="#p/fees:cost">cost</a>`},
		{"an empty fragment", "p/fees", `<a href="#">top</a>`, `<a href="#p/fees">top</a>`},
		{"footnotes", "p/fees", `<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
			`<sup id="p/fees:fnref:1"><a href="#p/fees:fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`},
		{"label for", "p/a", `<label for="q">Q</label><input id="q" list="l"><datalist id="l"></datalist>`,
			`<label for="p/a:q">Q</label><input id="p/a:q" list="p/a:l"><datalist id="p/a:l"></datalist>`},
		{"aria lists", "p/a", `<div role="group" aria-labelledby="h1 h2" aria-describedby=" d " aria-controls="c" aria-owns="o1 o2">`,
			`<div role="group" aria-labelledby="p/a:h1 p/a:h2" aria-describedby="p/a:d" aria-controls="p/a:c" aria-owns="p/a:o1 p/a:o2">`},
		{"table headers", "p/a", `<td headers="x y">1</td>`, `<td headers="p/a:x p/a:y">1</td>`},
		{"a page in the document", "p", `<a href="/en/fees/">fees</a>`, `<a href="#p/fees">fees</a>`},
		{"a heading of another page in the document", "p", `<a href="/en/documents/spouse/#passport">passport</a>`,
			`<a href="#p/documents/spouse:passport">passport</a>`},
		{"a page not in the document", "p", `<a href="/en/search/?q=fees">search</a>`, `<a href="https://example.org/en/search/?q=fees">search</a>`},
		{"not a page", "p", `<a href="https://www.gov.cn/x?a=1&amp;b=2">gov</a><img src="/x.png" alt="">`,
			`<a href="https://www.gov.cn/x?a=1&amp;b=2">gov</a><img src="/x.png" alt="">`},
		{"values escaped", "p/a", `<h2 id="a&amp;b" class="step">x</h2>`, `<h3 id="p/a:a&amp;b" class="step">x</h3>`},
		{"Chinese ids", "p/费用", `<h2 id="怎样计算">怎样计算</h2><a href="#%E6%80%8E">x</a>`,
			`<h3 id="p/费用:怎样计算">怎样计算</h3><a href="#p/费用:%E6%80%8E">x</a>`},
		{"single quotes and attributes without a value", "p/a", `<input type='checkbox' checked id='x' disabled>`,
			`<input type='checkbox' checked id="p/a:x" disabled>`},
		{"text that looks like attributes", "p/a", `<p title="id=x for=y">id="z" &lt;h2 id="w"&gt;</p>`,
			`<p title="id=x for=y">id="z" &lt;h2 id="w"&gt;</p>`},
		{"data attributes are not references", "p/a", `<li id="item-x" data-id="x" data-tags="a b">`, `<li id="p/a:item-x" data-id="x" data-tags="a b">`},
		{"comments and a stray <", "p/a", `<!-- <h2 id="x"> --> a < b <h2 id="y">`, `<!-- <h2 id="x"> --> a < b <h3 id="p/a:y">`},
		{"an unclosed tag", "p/a", `<h2 id="x"`, `<h2 id="x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := embed(tc.in, tc.prefix, link); got != tc.want {
				t.Errorf("embed(%q, %q)\n got %s\nwant %s", tc.in, tc.prefix, got, tc.want)
			}
		})
	}
}

// TestEmbedNoCollision: two pages with the same ids give different ids in
// one document, and every reference names the id of its own page.
func TestEmbedNoCollision(t *testing.T) {
	page := `<h2 id="basics">Basics</h2><div role="group" aria-labelledby="basics"><li id="item-passport"></li></div><a href="#basics">up</a>`
	none := func(string) (string, bool) { return "", false }
	a, b := embed(page, anchor("documents/spouse"), none), embed(page, anchor("documents/child"), none)
	ids := map[string]string{}
	for name, doc := range map[string]string{"spouse": a, "child": b} {
		for _, part := range strings.Split(doc, `id="`)[1:] {
			id := part[:strings.IndexByte(part, '"')]
			if other, dup := ids[id]; dup {
				t.Errorf("id %q is in %s and %s", id, other, name)
			}
			ids[id] = name
		}
	}
	for _, want := range []string{`aria-labelledby="p/documents/spouse:basics"`, `href="#p/documents/spouse:basics"`} {
		if !strings.Contains(a, want) {
			t.Errorf("%s lacks %s", a, want)
		}
	}
}

func TestAnchor(t *testing.T) {
	for key, want := range map[string]string{"": "p", "fees": "p/fees", "documents/spouse": "p/documents/spouse", "documents": "p/documents"} {
		if got := anchor(key); got != want {
			t.Errorf("anchor(%q) = %q, want %q", key, got, want)
		}
	}
}
