package search

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used, on all cores: the cost of
// a build on a shared machine, where the time it takes depends on the load.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// benchSynonyms are as many synonym groups as the guide might have.
var benchSynonyms = func() [][]string {
	g := [][]string{
		{"permanent residence", "green card", "permanent residence card", "永久居留", "绿卡", "五星卡", "永久居留身份证"},
		{"police certificate", "no-criminal-record certificate", "无犯罪记录证明", "无犯罪记录"},
		{"apostille", "附加证明书", "海牙认证"}, {"legalisation", "consular legalisation", "领事认证"},
		{"acceptance", "受理"}, {"working day", "工作日"}, {"household register", "户口簿", "户口本"},
		{"marriage certificate", "结婚证"}, {"birth certificate", "出生证明"}, {"medical certificate", "体检证明", "健康证明"},
		{"high-level talent", "高层次人才"}, {"spouse", "配偶", "husband", "wife"}, {"child", "children", "子女", "孩子"},
		{"passport", "护照"}, {"visa", "签证"}, {"residence permit", "居留许可"}, {"translation", "翻译"},
		{"Exit-Entry Administration", "出入境管理局", "出入境"}, {"National Immigration Administration", "国家移民管理局", "移民局"},
		{"recommendation letter", "推荐函"}, {"Zhongguancun", "中关村"}, {"fee", "费用", "cost"},
	}
	return g
}()

// BenchmarkBuild builds the index of 5,000 generated pages of one
// language (the pages of a 10,000-page bilingual site are two such
// builds), with synonyms. cpu-ms/op is the CPU time on all cores.
func BenchmarkBuild(b *testing.B) {
	for _, v := range []struct {
		name string
		v    vocab
	}{{"corpus", corpusVocab}, {"zipf", zipfVocab}} {
		for _, lang := range []string{"en", "zh"} {
			b.Run(fmt.Sprintf("%s/%s", v.name, lang), func(b *testing.B) {
				docs := genDocs(lang, 5000, v.v)
				b.SetBytes(int64(textSize(docs)))
				var files map[string][]byte
				cpu := cpuTime()
				for b.Loop() {
					var err error
					if files, err = Build(lang, docs, benchSynonyms, Options{}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
				size := 0
				for _, f := range files {
					size += len(f)
				}
				b.ReportMetric(float64(len(files)), "files")
				b.ReportMetric(float64(size)/1e6, "MB-out")
			})
		}
	}
}

// textSize is the number of bytes of text in docs.
func textSize(docs []Doc) int {
	n := 0
	for _, d := range docs {
		n += len(d.Title)
		for _, s := range d.Sections {
			n += len(s.Heading) + len(s.Text)
		}
	}
	return n
}

// BenchmarkSplit cuts the text of 500 generated pages into units, on one core.
func BenchmarkSplit(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		b.Run(lang, func(b *testing.B) {
			docs := genDocs(lang, 500, corpusVocab)
			b.SetBytes(int64(textSize(docs)))
			var t tokenizer
			for b.Loop() {
				for i := range docs {
					t.split(docs[i].Title)
					for _, s := range docs[i].Sections {
						t.split(s.Heading)
						t.split(s.Text)
					}
				}
			}
		})
	}
}
