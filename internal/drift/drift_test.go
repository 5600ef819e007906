package drift

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"guide/internal/content"
	"guide/internal/markdown"
)

var cfg = content.Config{Dir: "content", Langs: []string{"zh", "en"}}

// page parses and converts one file for the tests.
func page(t *testing.T, path, src string) Page {
	t.Helper()
	f, err := cfg.Parse(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := markdown.New(markdown.Options{}).Convert(f.Body, markdown.Context{File: path, Resolve: func(target string) (string, bool) {
		return "/" + strings.TrimSuffix(target, ".md") + "/", true
	}})
	if err != nil {
		t.Fatal(err)
	}
	return Page{File: f, Sections: doc.Sections, Items: doc.Checklist}
}

const zhFees = `---
title: 费用
---
申请永久居留要交费。

## 申请费 {#application-fee}

每人 1,500 元，受理时缴纳。

> [!NOTE]
> 以官方为准。

## 证件费 {#card-fee}

- 证件费 300 元
- 换发 300 元

见[来源](https://english.beijing.gov.cn/livinginbeijing/permanentresidence/index.html)。
`

// TestHashes: what changes a section's hash, and what does not.
func TestHashes(t *testing.T) {
	base := Hashes(page(t, "content/fees.zh.md", zhFees))
	if len(base) != 3 || base[Intro] == "" || base["application-fee"] == "" || base["card-fee"] == "" {
		t.Fatalf("hashes %v", base)
	}
	tests := []struct {
		name    string
		edit    func(string) string
		changed []string
	}{
		{"nothing", func(s string) string { return s }, nil},
		{"re-wrapped", func(s string) string {
			return strings.Replace(s, "每人 1,500 元，受理时缴纳。", "每人 1,500 元，\n受理时缴纳。", 1)
		}, nil},
		{"spaces", func(s string) string { return strings.Replace(s, "每人 1,500 元", "每人1,500元", 1) }, nil},
		{"bold", func(s string) string { return strings.Replace(s, "1,500 元", "**1,500 元**", 1) }, nil},
		{"list markers", func(s string) string { return strings.ReplaceAll(s, "- ", "* ") }, nil},
		{"full-width digits", func(s string) string { return strings.Replace(s, "300 元\n- 换发", "３００ 元\n- 换发", 1) }, nil},
		{"a number", func(s string) string { return strings.Replace(s, "1,500", "1,600", 1) }, []string{"application-fee"}},
		{"a word", func(s string) string { return strings.Replace(s, "受理时", "批准时", 1) }, []string{"application-fee"}},
		{"a callout", func(s string) string { return strings.Replace(s, "[!NOTE]", "[!WARNING]", 1) }, []string{"application-fee"}},
		{"a link", func(s string) string { return strings.Replace(s, "index.html", "fees.html", 1) }, []string{"card-fee"}},
		{"the title", func(s string) string { return strings.Replace(s, "title: 费用", "title: 收费", 1) }, []string{Intro}},
		{"the heading", func(s string) string { return strings.Replace(s, "## 证件费", "## 制证费", 1) }, []string{"card-fee"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Hashes(page(t, "content/fees.zh.md", tt.edit(zhFees)))
			var changed []string
			for id, h := range base {
				if got[id] != h {
					changed = append(changed, id)
				}
			}
			slices.Sort(changed)
			if !slices.Equal(changed, tt.changed) {
				t.Errorf("changed %v, want %v", changed, tt.changed)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct{ text, digits, words string }{
		{"CNY 1,500 per person", "1500", ""},
		{"每人1500元", "1500", ""},
		{"7 November 2023", "11 2023 7", ""},
		{"2023年11月7日", "11 2023 7", ""},
		{"2023-11-07", "11 2023 7", ""},
		{"within fifty working days", "", "50"},
		{"五十个工作日内", "", "50"},
		{"six months, two years, fifty-two weeks", "", "2 52 6"},
		{"一百八十天，两年，三千五百", "", "180 2 3500"},
		{"one hundred and eighty days", "", "1 100 180 80"},
		{"3.50 × 5.3 cm, 09:00–17:00", "0 17 3.5 5.3 9", ""},
		{"Article 6(4)", "4 6", ""},
		{"第六条第（四）项", "", "4 6"},
		{"２０２６年", "2026", ""},
		{"Six Hundred people, TWO THOUSAND days", "", "100 1000 2 2000 6 600"},
		{"Fifty-Two Weeks in November", "11", "52"},
	}
	for _, tt := range tests {
		n := Numbers(tt.text)
		if got := keys(n.digits); got != tt.digits {
			t.Errorf("%q: digits %q, want %q", tt.text, got, tt.digits)
		}
		if got := keys(n.words); got != tt.words {
			t.Errorf("%q: words %q, want %q", tt.text, got, tt.words)
		}
	}
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

const enFees = `---
title: Fees
---
You pay fees to apply for permanent residence.

## Application fee {#application-fee}

CNY 1500 per person, paid at acceptance.

> [!NOTE]
> The official figure counts.

## Card fee {#card-fee}

- Card: CNY 300
- Renewal: CNY 300

See [the source](https://english.beijing.gov.cn/livinginbeijing/permanentresidence/index.html).
`

// TestParity: honest translations pass, in either direction; a missing or
// changed fact fails, naming the section and the line.
func TestParity(t *testing.T) {
	zh := page(t, "content/fees.zh.md", zhFees)
	tests := []struct {
		name string
		en   func(string) string
		want []string
	}{
		{"honest", func(s string) string { return s }, nil},
		{"a number in words", func(s string) string {
			return strings.Replace(s, "You pay fees", "You pay fees (one for each person)", 1)
		}, nil},
		{"other order of the text", func(s string) string {
			return strings.Replace(s, "CNY 1500 per person, paid at acceptance.", "Paid at acceptance: CNY 1500 for each person.", 1)
		}, nil},
		{"a number missing", func(s string) string { return strings.Replace(s, "CNY 1500 per person", "A fee per person", 1) },
			[]string{"content/fees.en.md:6: section #application-fee: the number 1500 in content/fees.zh.md, not here"}},
		{"a number changed", func(s string) string { return strings.Replace(s, "CNY 1500", "CNY 1600", 1) },
			[]string{"content/fees.en.md:6: section #application-fee: the number 1600 here, not in content/fees.zh.md",
				"content/fees.en.md:6: section #application-fee: the number 1500 in content/fees.zh.md, not here"}},
		{"a warning missing", func(s string) string {
			return strings.Replace(s, "> [!NOTE]\n> The official figure counts.\n", "", 1)
		}, []string{"content/fees.en.md:6: section #application-fee has the callouts none here but note in content/fees.zh.md"}},
		{"a sub-point missing", func(s string) string { return strings.Replace(s, "- Renewal: CNY 300\n", "", 1) },
			[]string{"content/fees.en.md:13: section #card-fee has 1 list items here but 2 in content/fees.zh.md"}},
		{"another link", func(s string) string { return strings.Replace(s, "index.html", "fees.html", 1) },
			[]string{"content/fees.en.md:13: section #card-fee links to https://english.beijing.gov.cn/livinginbeijing/permanentresidence/fees.html here but to https://english.beijing.gov.cn/livinginbeijing/permanentresidence/index.html in content/fees.zh.md"}},
		{"a heading missing", func(s string) string {
			return s[:strings.Index(s, "## Card fee")]
		}, []string{"content/fees.en.md:2: heading #card-fee of content/fees.zh.md is missing here"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en := page(t, "content/fees.en.md", tt.en(enFees))
			var got []string
			for _, f := range Parity(zh, en) {
				got = append(got, f.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			// Parity is symmetric in what it finds.
			if back := Parity(en, zh); len(back) != len(tt.want) {
				t.Errorf("the other way round: %d findings, want %d: %v", len(back), len(tt.want), back)
			}
		})
	}
}

// TestAcceptedDifference: a difference the translation declares is kept,
// with its reason, not dropped silently.
func TestAcceptedDifference(t *testing.T) {
	zh := page(t, "content/fees.zh.md", zhFees)
	en := page(t, "content/fees.en.md", strings.Replace(strings.Replace(enFees, "CNY 1500 per person", "A fee per person", 1),
		"title: Fees\n", "title: Fees\ndifferences:\n  - {section: application-fee, check: numbers, reason: The amount is on the sources page.}\n", 1))
	got := Parity(zh, en)
	if len(got) != 1 || got[0].Reason != "The amount is on the sources page." {
		t.Errorf("findings %+v", got)
	}
}

// TestStale: a stamp made from the source is fresh; editing the source makes
// exactly the edited sections stale, with the translation's lines.
func TestStale(t *testing.T) {
	zh := page(t, "content/fees.zh.md", zhFees)
	stamp := Stamp(zh, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	withStamp := func(st *content.Stamp) Page {
		var secs []string
		for _, id := range orderedIDs(zh) {
			secs = append(secs, fmt.Sprintf("%s: %s", id, st.Sections[id]))
		}
		src := strings.Replace(enFees, "title: Fees\n", "title: Fees\ntranslation:\n  from: zh\n  checked: 2026-11-27\n  sections: {"+strings.Join(secs, ", ")+"}\n", 1)
		return page(t, "content/fees.en.md", src)
	}
	en := withStamp(stamp)
	if got := Stale(zh, en); len(got) != 0 {
		t.Fatalf("fresh stamp: %v", got)
	}
	edited := page(t, "content/fees.zh.md", strings.Replace(strings.Replace(zhFees, "每人 1,500 元", "每人 1,600 元", 1), "## 证件费 {#card-fee}", "## 证件费 {#card-fee}\n\n## 退费 {#refund}\n\n不退。", 1))
	var got []string
	for _, f := range Stale(edited, en) {
		got = append(got, f.String())
	}
	want := []string{
		"content/fees.en.md:10: section #application-fee: the zh source changed since this translation was checked (2026-11-27)",
		"content/fees.en.md:17: section #card-fee: the zh source changed since this translation was checked (2026-11-27)",
		"content/fees.en.md:3: section #refund is new in the zh source since this translation was checked (2026-11-27)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("stale:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	unstamped := page(t, "content/fees.en.md", enFees)
	if got := Stale(zh, unstamped); len(got) != 1 || !strings.Contains(got[0].Message, "no translation stamp") {
		t.Errorf("no stamp: %v", got)
	}
}
