// Package corpus writes a synthetic bilingual site for benchmarks: N pages
// per language with realistic Markdown (headings, paragraphs of Chinese and
// English, lists, tables, task-list checklists, footnotes, callouts and links
// between pages, with anchors), grouped in sections of 100 pages.
//
// The corpus is deterministic: the same N gives the same bytes.
package corpus

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// PerSection is the number of pages in each section directory.
const PerSection = 100

// Write writes the content of a corpus of n translation keys (so 2n files,
// zh and en) under dir/content, and copies site.yaml, templates/ and locales/
// from the site at src.
func Write(dir, src string, n int) error {
	if err := CopySite(dir, src); err != nil {
		return err
	}
	return writeContent(dir, n)
}

// writeContent writes the pages of the corpus under dir/content.
func writeContent(dir string, n int) error {
	r := rand.New(rand.NewPCG(1, 2))
	sections := (n + PerSection - 1) / PerSection
	write := func(rel, text string) error {
		p := filepath.Join(dir, "content", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, []byte(text), 0o644)
	}
	if err := write("_index.zh.md", "---\ntitle: 语料首页\nreviewed: 2026-11-27\n---\n这是基准测试用的语料。\n"); err != nil {
		return err
	}
	if err := write("_index.en.md", "---\ntitle: Corpus home\nreviewed: 2026-11-27\n---\nA corpus for benchmarks.\n"); err != nil {
		return err
	}
	for s := range sections {
		sec := fmt.Sprintf("s%03d", s)
		menu := ""
		if s < 5 {
			menu = "menu: main\n"
		}
		if err := write(sec+"/_index.zh.md", fmt.Sprintf("---\ntitle: 第%d部分\nweight: %d\n%sreviewed: 2026-11-27\n---\n本部分的页面。\n", s+1, s, menu)); err != nil {
			return err
		}
		if err := write(sec+"/_index.en.md", fmt.Sprintf("---\ntitle: Part %d\nweight: %d\n%sreviewed: 2026-11-27\n---\nPages of this part.\n", s+1, s, menu)); err != nil {
			return err
		}
	}
	for i := range n {
		rel := Page(i)
		other := Page(r.IntN(n))
		third := Page(r.IntN(n))
		seed := r.Uint64()
		if err := write(rel+".zh.md", page(i, "zh", other, third, seed)); err != nil {
			return err
		}
		if err := write(rel+".en.md", page(i, "en", other, third, seed)); err != nil {
			return err
		}
	}
	return nil
}

// Page is the content path (without language and extension) of page i.
func Page(i int) string {
	return fmt.Sprintf("s%03d/p%05d", i/PerSection, i)
}

var (
	zhWords = strings.Fields("申请人 应当 提交 有效 护照 以及 签证 或者 居留许可 的 原件 和 复印件 材料 需要 经过 认证 并 附 中文 翻译 受理 之日起 五十个 工作日 内 办结 外籍 配偶 子女 高层次人才 推荐函 管理委员会 出入境 管理局 体检 证明 无犯罪记录 六个月 以内 出具 公证 户口簿 结婚证 出生证明")
	enWords = strings.Fields("the applicant must submit a valid passport and visa or residence permit with copies documents need an apostille or legalisation and a certified Chinese translation decision within fifty working days after acceptance foreign spouse children high-level talent recommendation letter from the administrative committee medical certificate police certificate issued no more than six months before")
)

func sentence(r *rand.Rand, lang string, words int) string {
	var b strings.Builder
	list, sep, end := enWords, " ", "."
	if lang == "zh" {
		list, sep, end = zhWords, "", "。"
	}
	for i := range words {
		if i > 0 {
			b.WriteString(sep)
		}
		w := list[r.IntN(len(list))]
		if i == 0 && lang == "en" {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	b.WriteString(end)
	return b.String()
}

func paragraph(r *rand.Rand, lang string) string {
	var parts []string
	for range 3 + r.IntN(4) {
		parts = append(parts, sentence(r, lang, 8+r.IntN(12)))
	}
	if lang == "zh" {
		// Wrapped lines inside Chinese text, as editors write them.
		return strings.Join(parts, "\n")
	}
	return strings.Join(parts, " ")
}

// page is one page; both languages share structure, ids and links (seed).
func page(i int, lang, other, third string, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	t := map[string]map[string]string{
		"zh": {"title": "材料说明 %d", "h1": "需要准备什么", "h2": "费用和时间", "h3": "常见问题", "note": "以上信息仅供参考。", "see": "另见", "item": "材料", "fee": "费用", "days": "天数", "tag0": "配偶", "tag1": "子女", "tag2": "在国外结婚", "who": "您是谁？"},
		"en": {"title": "Documents note %d", "h1": "What you need", "h2": "Costs and time", "h3": "Common questions", "note": "This information is a guide only.", "see": "See also", "item": "Document", "fee": "Fee", "days": "Days", "tag0": "Spouse", "tag1": "Child", "tag2": "Married abroad", "who": "Who are you?"},
	}[lang]
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndescription: %s\nweight: %d\nreviewed: 2026-11-27\nquestions: [{id: who, label: %q, answers: {tag0: %q, tag1: %q, tag2: %q}}]\n---\n\n",
		fmt.Sprintf(t["title"], i), sentence(r, lang, 10), i%PerSection, t["who"], t["tag0"], t["tag1"], t["tag2"])
	b.WriteString(paragraph(r, lang) + "\n\n")
	fmt.Fprintf(&b, "## %s {#need}\n\n", t["h1"])
	b.WriteString(paragraph(r, lang) + "\n\n")
	for k := range 6 {
		fmt.Fprintf(&b, "- [ ] %s {#item-%d .tag%d}\n\n  %s\n\n", sentence(r, lang, 5), k, k%3, sentence(r, lang, 12))
	}
	fmt.Fprintf(&b, "> [!NOTE]\n> %s\n\n", t["note"])
	fmt.Fprintf(&b, "## %s {#costs}\n\n", t["h2"])
	fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---:|---:|\n", t["item"], t["fee"], t["days"])
	for range 4 {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", sentence(r, lang, 3), 100*(1+r.IntN(20)), 1+r.IntN(60))
	}
	b.WriteString("\n" + paragraph(r, lang) + "[^1]\n\n")
	fmt.Fprintf(&b, "## %s\n\n", t["h3"])
	for range 3 {
		fmt.Fprintf(&b, "1. **%s** %s\n", sentence(r, lang, 4), sentence(r, lang, 15))
	}
	fmt.Fprintf(&b, "\n%s: [%s](/%s.md#need), [%s](/%s.md#costs), <https://www.gov.cn/>.\n\n", t["see"], other, other, third, third)
	fmt.Fprintf(&b, "[^1]: %s\n", sentence(r, lang, 8))
	return b.String()
}

// CopySite copies a site's site.yaml, templates/ and locales/ (everything
// but its content) from src into dir.
func CopySite(dir, src string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"site.yaml", "templates", "locales"} {
		if err := copyTree(filepath.Join(src, name), filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
}
