package selfcheck_test

import (
	"strings"
	"testing"

	"guide/internal/selfcheck"
	"guide/internal/site"
	"guide/internal/site/sitetest"
)

var opts = site.Options{Features: []site.Feature{selfcheck.Feature()}}

// selfCheckPage is a small self-check in one language, with extra Markdown at
// its end. In these sites zh is the first language, so the other
// translations are compared with it.
func selfCheckPage(lang, extra string) string {
	return `-- content/check.` + lang + `.md --
---
title: Check ` + lang + `
layout: selfcheck
---
Intro.

## Who? {#who .question}

- [Spouse](#spouse)
- [Other](#out-no)

## Recognised? {#spouse .question}

- [Yes](#out-yes)
- [Not sure](#out-unsure)

## Yes {#out-yes .outcome .eligible}

[Checklist](/fees.md)

## Unsure {#out-unsure .outcome .unsure}

## No {#out-no .outcome .not-eligible}
` + extra + `
-- content/fees.` + lang + `.md --
---
title: Fees
---
-- templates/selfcheck.html --
{{template "base" .}}{{define "main"}}<script src="{{asset "style.css"}}"></script>{{.Content}}{{end}}
`
}

func TestSelfCheckPage(t *testing.T) {
	out, _ := sitetest.MustBuild(t, opts, selfCheckPage("zh", "")+selfCheckPage("en", ""))
	sitetest.Contains(t, out, "en/check/index.html",
		`<div class="selfcheck" data-start="who">`,
		`<div class="selfcheck-step" data-step="out-yes" data-kind="outcome" data-result="eligible">`,
		`<ul class="selfcheck-answers">`, `<a href="/en/fees/">Checklist</a>`)
	// A page shown untranslated keeps its self-check.
	out, _ = sitetest.MustBuild(t, opts, selfCheckPage("en", ""))
	sitetest.Contains(t, out, "zh/check/index.html", `data-start="who"`)
}

func TestSelfCheckErrors(t *testing.T) {
	tests := []struct {
		name, archive string
		want          []string
	}{
		{"answers differ", selfCheckPage("en", "") + strings.Replace(selfCheckPage("zh", ""), "- [Not sure](#out-unsure)", "- [Not sure](#out-no)", 1),
			[]string{`content/check.en.md:12: question "spouse": the answers lead to [#out-yes #out-unsure] here but to [#out-yes #out-no] in content/check.zh.md (translations must have the same answers in the same order)`}},
		{"answer order", selfCheckPage("en", "") + strings.Replace(selfCheckPage("zh", ""), "- [Spouse](#spouse)\n- [Other](#out-no)", "- [Other](#out-no)\n- [Spouse](#spouse)", 1),
			[]string{`content/check.en.md:7: question "who": the answers lead to [#spouse #out-no] here but to [#out-no #spouse] in content/check.zh.md`}},
		{"missing outcome", selfCheckPage("zh", "") + selfCheckPage("en", "\n## Extra {#out-extra .outcome .unsure}\n\n[back](#who)\n"),
			[]string{`content/check.en.md:25: outcome "out-extra" has no counterpart in content/check.zh.md (translations must have the same questions and outcomes)`,
				`content/check.en.md:25: outcome "out-extra" cannot be reached: no answer leads to it from the first question`}},
		{"outcome only in one language", strings.Replace(selfCheckPage("zh", ""), "- [Not sure](#out-unsure)", "- [Not sure](#out-extra)\n\n## Extra {#out-extra .outcome .unsure}", 1) + selfCheckPage("en", ""),
			[]string{
				`content/check.en.md:12: question "spouse": the answers lead to [#out-yes #out-unsure] here but to [#out-yes #out-extra] in content/check.zh.md`,
				`content/check.zh.md:17: outcome "out-extra" has no counterpart in content/check.en.md (translations must have the same questions and outcomes)`,
				`content/check.zh.md:23: outcome "out-unsure" cannot be reached: no answer leads to it from the first question`,
			}},
		{"result differs", selfCheckPage("en", "") + strings.Replace(selfCheckPage("zh", ""), "{#out-unsure .outcome .unsure}", "{#out-unsure .outcome .not-eligible}", 1),
			[]string{`content/check.en.md:21: outcome "out-unsure" is .unsure here but .not-eligible in content/check.zh.md`}},
		{"no questions in a translation", selfCheckPage("en", "") + "-- content/check.zh.md --\n---\ntitle: 自测\n---\n只有文字。\n",
			[]string{`content/check.en.md:7: the page has questions but its translation content/check.zh.md has none (translations must have the same questions and outcomes)`}},
		{"no layout", strings.Replace(selfCheckPage("en", ""), "layout: selfcheck\n", "", 1),
			[]string{`content/check.en.md:6: the page has questions: add "layout: selfcheck" to its front matter`}},
		{"layout without questions", "-- content/plain.en.md --\n---\ntitle: Plain\nlayout: selfcheck\n---\nText.\n",
			[]string{`content/plain.en.md:3: layout selfcheck: the page has no questions`}},
		{"broken definition", strings.Replace(selfCheckPage("en", ""), "- [Yes](#out-yes)", "- [Yes](#out-maybe)", 1),
			[]string{`content/check.en.md:14: answer leads to #out-maybe, which is not a question or outcome of this page`,
				`content/check.en.md:17: outcome "out-yes" cannot be reached: no answer leads to it from the first question`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sitetest.Build(t, sitetest.FS(t, tt.archive), opts)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("errors\n%v\ndo not contain\n%s", err, w)
				}
			}
		})
	}
}
