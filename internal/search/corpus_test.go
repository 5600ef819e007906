package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A generated site for benchmarks and size tests, built like the pages of
// internal/corpus (the corpus the build benchmarks use): a title, text at the
// top, "What you need" with six checklist items, "Costs and time" with a
// table, "Common questions", in Chinese or English.
//
// corpusVocab uses internal/corpus's small vocabulary (some fifty words per
// language), so that every word is on most pages: the worst case for the
// size of postings. zipfVocab draws words from a large vocabulary with
// Zipf's law (30,000 English words; 30,000 Chinese words made of 3,500
// characters), as real text has: the worst case for the size of the
// dictionary.
type vocab int

const (
	corpusVocab vocab = iota
	zipfVocab
)

var (
	corpusZH = strings.Fields("申请人 应当 提交 有效 护照 以及 签证 或者 居留许可 的 原件 和 复印件 材料 需要 经过 认证 并 附 中文 翻译 受理 之日起 五十个 工作日 内 办结 外籍 配偶 子女 高层次人才 推荐函 管理委员会 出入境 管理局 体检 证明 无犯罪记录 六个月 以内 出具 公证 户口簿 结婚证 出生证明")
	corpusEN = strings.Fields("the applicant must submit a valid passport and visa or residence permit with copies documents need an apostille or legalisation and a certified Chinese translation decision within fifty working days after acceptance foreign spouse children high-level talent recommendation letter from the administrative committee medical certificate police certificate issued no more than six months before")
)

type textGen struct {
	r       *rand.Rand
	lang    string
	v       vocab
	zipf    *rand.Zipf
	en      []string // zipfVocab: the English words, most frequent first
	zhWords []string // zipfVocab: the Chinese words, most frequent first
}

func newTextGen(lang string, v vocab, seed uint64) *textGen {
	g := &textGen{r: rand.New(rand.NewPCG(seed, 11)), lang: lang, v: v}
	if v == zipfVocab {
		vr := rand.New(rand.NewPCG(5, 6)) // the same vocabulary for every page
		if lang == "zh" {
			// Words of one to four characters (most of two) from 3,500
			// characters, common ones more often, as Chinese is written.
			var chars []rune
			seen := map[rune]bool{}
			for len(chars) < 3500 {
				c := rune(0x4E00 + vr.IntN(0x9FA5-0x4E00))
				if !seen[c] {
					seen[c] = true
					chars = append(chars, c)
				}
			}
			cz := rand.NewZipf(vr, 1.01, 1, uint64(len(chars)-1))
			words := map[string]bool{}
			for len(g.zhWords) < 30000 {
				n := []int{1, 2, 2, 2, 2, 2, 3, 3, 4}[vr.IntN(9)]
				var w []rune
				for range n {
					w = append(w, chars[cz.Uint64()])
				}
				if !words[string(w)] {
					words[string(w)] = true
					g.zhWords = append(g.zhWords, string(w))
				}
			}
			g.zipf = rand.NewZipf(g.r, 1.01, 1, uint64(len(g.zhWords)-1))
		} else {
			syl := strings.Fields("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo ter tion ment ing al ly ous able")
			seen := map[string]bool{}
			for len(g.en) < 30000 {
				var w strings.Builder
				for range 1 + vr.IntN(4) {
					w.WriteString(syl[vr.IntN(len(syl))])
				}
				if s := w.String(); !seen[s] {
					seen[s] = true
					g.en = append(g.en, s)
				}
			}
			g.zipf = rand.NewZipf(g.r, 1.1, 1, uint64(len(g.en)-1))
		}
	}
	return g
}

func (g *textGen) word() string {
	switch {
	case g.v == corpusVocab && g.lang == "zh":
		return corpusZH[g.r.IntN(len(corpusZH))]
	case g.v == corpusVocab:
		return corpusEN[g.r.IntN(len(corpusEN))]
	case g.lang == "zh":
		return g.zhWords[g.zipf.Uint64()]
	default:
		return g.en[g.zipf.Uint64()]
	}
}

func (g *textGen) sentence(words int) string {
	var b strings.Builder
	for i := range words {
		w := g.word()
		if g.lang == "en" {
			if i > 0 {
				b.WriteByte(' ')
			} else {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
		}
		b.WriteString(w)
	}
	if g.lang == "zh" {
		b.WriteString("。")
	} else {
		b.WriteString(".")
	}
	return b.String()
}

func (g *textGen) paragraph() string {
	var parts []string
	for range 3 + g.r.IntN(4) {
		parts = append(parts, g.sentence(8+g.r.IntN(12)))
	}
	if g.lang == "zh" {
		return strings.Join(parts, "\n") // wrapped lines, as editors write Chinese
	}
	return strings.Join(parts, " ")
}

// genDocs returns n generated pages in lang.
func genDocs(lang string, n int, v vocab) []Doc {
	t := map[string]map[string]string{
		"zh": {"title": "材料说明 %d", "need": "需要准备什么", "costs": "费用和时间", "faq": "常见问题", "note": "以上信息仅供参考。", "see": "另见"},
		"en": {"title": "Documents note %d", "need": "What you need", "costs": "Costs and time", "faq": "Common questions", "note": "This information is a guide only.", "see": "See also"},
	}[lang]
	g := newTextGen(lang, v, 1)
	docs := make([]Doc, n)
	for i := range docs {
		d := Doc{URL: fmt.Sprintf("/%s/s%03d/p%05d/", lang, i/100, i), Title: fmt.Sprintf(t["title"], i)}
		d.Sections = append(d.Sections, Section{Text: g.sentence(10) + "\n" + g.paragraph()})
		d.Sections = append(d.Sections, Section{Anchor: "need", Heading: t["need"], Text: g.paragraph()})
		for k := range 6 {
			d.Sections = append(d.Sections, Section{Anchor: fmt.Sprintf("item-item-%d", k), Heading: g.sentence(5), Text: g.sentence(12), Item: true})
		}
		var costs strings.Builder
		costs.WriteString(t["note"] + "\n")
		for range 4 {
			fmt.Fprintf(&costs, "%s %d %d\n", g.sentence(3), 100*(1+g.r.IntN(20)), 1+g.r.IntN(60))
		}
		costs.WriteString(g.paragraph())
		d.Sections = append(d.Sections, Section{Anchor: "costs", Heading: t["costs"], Text: costs.String()})
		var faq strings.Builder
		for range 3 {
			fmt.Fprintf(&faq, "%s %s\n", g.sentence(4), g.sentence(15))
		}
		fmt.Fprintf(&faq, "%s: s%03d, s%03d.", t["see"], g.r.IntN(n)/100, g.r.IntN(n)/100)
		d.Sections = append(d.Sections, Section{Anchor: "common-questions", Heading: t["faq"], Text: faq.String()})
		docs[i] = d
	}
	return docs
}
