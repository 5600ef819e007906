package site_test

import (
	"strings"
	"testing"
)

// printSite has a print layout that lists the reading order and shows each
// page's PrintContent, a section with pages, a page left out of the print
// with the pages under it, and pages whose weights put them out of file
// order.
const printSite = `
-- templates/print.html --
{{template "base" .}}{{define "main"}}<ol>{{range .Site.ReadingOrder}}<li>{{.Anchor}} {{.Title}}</li>{{end}}</ol>
{{range .Site.ReadingOrder}}<section id="{{.Anchor}}"><h2>{{.Title}}</h2>{{.PrintContent}}</section>
{{end}}{{end}}
-- content/_index.en.md --
---
title: Home
---
See [fees](/fees.md), [the passport](/documents/spouse.md#passport) and [search](/search.md?q=x).
-- content/fees.en.md --
---
title: Fees
weight: 20
---
## Cost {#cost}

[Back](#cost), [timeline](/timeline.md#count).
-- content/timeline.en.md --
---
title: Timeline
weight: 10
---
## How to count {#count}
-- content/documents/_index.en.md --
---
title: Documents
weight: 30
---
## Cost {#cost}
-- content/documents/spouse.en.md --
---
title: Spouse
weight: 2
---
## Passport {#passport}
-- content/documents/child.en.md --
---
title: Child
weight: 1
---
## Cost {#cost}
-- content/tools/_index.en.md --
---
title: Tools
weight: 40
print: false
---
-- content/tools/calc.en.md --
---
title: Calculator
---
-- content/search.en.md --
---
title: Search
print: false
---
-- content/print.en.md --
---
title: The whole guide
layout: print
print: false
---
`

// TestReadingOrder builds a print page: home first, then every page depth
// first in the order of the weights, without the pages that say print:
// false and those under them; ids prefixed per page, links to pages of the
// document pointing inside it, to other pages at their permalink.
func TestReadingOrder(t *testing.T) {
	out, _ := mustBuild(t, printSite)
	const file = "en/print/index.html"
	contains(t, out, file,
		"<ol><li>p Home</li><li>p/timeline Timeline</li><li>p/fees Fees</li><li>p/documents Documents</li>"+
			"<li>p/documents/child Child</li><li>p/documents/spouse Spouse</li></ol>",
		`<a href="#p/fees">fees</a>`,
		`<a href="#p/documents/spouse:passport">the passport</a>`,
		`<a href="https://example.org/en/search/?q=x">search</a>`,
		`<h3 id="p/fees:cost">Cost</h3>`,
		`<a href="#p/fees:cost">Back</a>`,
		`<a href="#p/timeline:count">timeline</a>`,
		`<h3 id="p/documents:cost">Cost</h3>`,
		`<h3 id="p/documents/child:cost">Cost</h3>`,
	)
	lacks(t, out, file, "Tools", "Calculator", "p/search", "p/print", `id="cost"`)
	// The Chinese reading order has the Chinese pages, shown untranslated
	// from English where there is no Chinese file.
	contains(t, out, "zh/print/index.html", "<li>p/fees Fees</li>", `<a href="#p/fees">fees</a>`)
	// The pages themselves are as they were.
	contains(t, out, "en/fees/index.html", `<h2 id="cost">Cost</h2>`, `<a href="#cost">Back</a>`)
	if n := strings.Count(out[file], "<section"); n != 6 {
		t.Errorf("%d sections, want 6", n)
	}
}
