package checklist_test

import (
	"strings"
	"testing"

	"guide/internal/checklist"
	"guide/internal/site"
	"guide/internal/site/sitetest"
)

var opts = site.Options{Features: []site.Feature{checklist.Feature()}}

func TestErrors(t *testing.T) {
	tests := []struct{ name, archive, want string }{
		{"tag without a question", "-- content/a.en.md --\n---\ntitle: A\n---\n- [ ] Passport {#passport .spouse}\n",
			`content/a.en.md:4: checklist tag "spouse" is not an answer of any question in the front matter: add it under a question's answers`},
		{"tag no question answers", "-- content/a.en.md --\n---\ntitle: A\nquestions: [{id: who, label: 'Who?', answers: {spouse: Spouse, child: Child}}]\n---\n- [ ] Passport {#passport .spouse}\n- [ ] Photo {#photo .adult}\n",
			`content/a.en.md:6: checklist tag "adult" is not an answer of any question in the front matter: add it under a question's answers`},
		{"ids differ", "-- content/a.en.md --\n---\ntitle: A\n---\n- [ ] Passport {#passport}\n- [ ] Photo {#photo}\n-- content/a.zh.md --\n---\ntitle: A\n---\n- [ ] 护照 {#passport}\n",
			`content/a.en.md:5: checklist item "photo" has no counterpart in content/a.zh.md (translations must have the same item ids)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sitetest.Build(t, sitetest.FS(t, tt.archive), opts)
			sitetest.ErrorLine(t, err, tt.want)
		})
	}
}

func TestSameItems(t *testing.T) {
	sitetest.MustBuild(t, opts, "-- content/a.en.md --\n---\ntitle: A\nquestions: [{id: who, label: 'Who?', answers: {spouse: Spouse, child: Child}}]\n---\n- [ ] Passport {#passport .spouse}\n-- content/a.zh.md --\n---\ntitle: A\nquestions: [{id: who, label: '谁？', answers: {spouse: 配偶, child: 子女}}]\n---\n- [ ] 护照 {#passport .spouse}\n")
}

const questionsPage = `-- content/a.en.md --
---
title: A
questions:
  - id: married
    label: Where did you marry?
    answers:
      married-china: In China
      married-abroad: Outside China
---
- [ ] Passport {#passport}
- [ ] Foreign certificate {#marriage-abroad .married-abroad}
-- content/a.zh.md --
---
title: 甲
questions:
  - id: married
    label: 在哪里结婚？
    answers:
      married-china: 在中国
      married-abroad: 在国外
---
- [ ] 护照 {#passport}
- [ ] 外国结婚证 {#marriage-abroad .married-abroad}
`

func TestQuestions(t *testing.T) {
	sitetest.MustBuild(t, opts, questionsPage)
	tests := []struct{ name, archive, want string }{
		{"tag that answers nothing", strings.Replace(questionsPage, "{#marriage-abroad .married-abroad}\n-- content/a.zh.md", "{#marriage-abroad .married-abroad .divorced}\n-- content/a.zh.md", 1),
			`content/a.en.md:11: checklist tag "divorced" is not an answer of any question in the front matter: add it under a question's answers`},
		{"one answer", strings.Replace(questionsPage, "      married-china: In China\n", "", 1),
			`content/a.en.md:4: question "married" needs at least two answers (tag: label)`},
		{"answers differ", strings.Replace(questionsPage, "      married-china: 在中国\n      married-abroad: 在国外", "      married-abroad: 在国外\n      married-china: 在中国", 1),
			`content/a.en.md:4: question "married": answers [married-china married-abroad] (multiple: false) here but [married-abroad married-china] (multiple: false) in content/a.zh.md`},
		{"answer twice", strings.Replace(questionsPage, "      married-abroad: Outside China", "      married-abroad: Outside China\n  - id: again\n    label: Again?\n    answers: {married-china: Yes, no: No}", 1),
			`content/a.en.md:11: answer "married-china" is already an answer of question "married": answers are the tags items carry and must be unique on the page`},
		{"bad id", strings.Replace(questionsPage, "  - id: married\n    label: Where", "  - id: Married!\n    label: Where", 1),
			`content/a.en.md:4: question 1: id "Married!": use lower-case letters, digits and hyphens`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sitetest.Build(t, sitetest.FS(t, tt.archive), opts)
			sitetest.ErrorLine(t, err, tt.want)
		})
	}
}
