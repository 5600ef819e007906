package site_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"guide/internal/browsertest"
	"guide/internal/site"
	"guide/internal/site/sitetest"

	"github.com/chromedp/chromedp"
)

// driftSite has a page in two languages; the translation's stamp records
// hashes that match the source's first section but not its second.
const driftSite = `
-- locales/zh.yaml --
site_title: 指南
home: 首页
pages:
  other: 共 {{.Count}} 页
untranslated: 本页尚未翻译成中文（原文为{{.Language}}）。
not_found_title: 找不到页面
date_layout: 2006年1月2日
drift.title: 内容可能不是最新的
drift.section: 本节的{{.Language}}原文在这份中文译文最近一次核对（{{.Date}}）之后有改动。
drift.page: 本页的{{.Language}}原文在这份中文译文最近一次核对（{{.Date}}）之后有改动，部分内容可能已经过时。
drift.unchecked: 这份中文译文尚未与本页的{{.Language}}原文核对，内容可能与原文不同。
drift.read_source: 阅读{{.Language}}原文
language.en: 英文
-- locales/en.yaml --
site_title: Guide
home: Home
pages:
  one: "{{.Count}} page"
  other: "{{.Count}} pages"
untranslated: "Not yet translated (original in {{.Language}})."
not_found_title: Not found
date_layout: 2 January 2006
drift.title: This may be out of date
drift.section: "The {{.Language}} version of this section has changed since this English text was last checked against it ({{.Date}})."
drift.page: "The {{.Language}} version of this page has changed since this English text was last checked against it ({{.Date}}). Parts of this page may be out of date."
drift.unchecked: "This English text has not yet been checked against the {{.Language}} version of this page, so it may differ from it."
drift.read_source: "Read the {{.Language}} version"
language.zh: Chinese
-- content/_index.zh.md --
---
title: 首页
---
-- content/_index.en.md --
---
title: Home
translation: {from: zh, checked: 2026-11-20, sections: {"_": "000000"}}
---
-- content/fees.zh.md --
---
title: 费用
---
## 申请费 {#application-fee}

每人1,500元。

## 证件费 {#card-fee}

300元。
`

// stampedFees is the English translation of fees, stamped with the hashes
// of the Chinese page as it is in driftSite except for #card-fee.
func stampedFees(t *testing.T) string {
	t.Helper()
	fsys := sitetest.FS(t, driftSite)
	tr, err := site.Translate(context.Background(), fsys, site.Options{}, "fees", "en", sitetest.Today)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(tr.Data), "---\n## 申请费", "---\n## Application fee", 1)
	text = strings.Replace(text, "每人1,500元。", "CNY 1,500 per person.", 1)
	text = strings.Replace(text, "## 证件费 {#card-fee}\n\n300元。", "## Card fee {#card-fee}\n\nCNY 300.", 1)
	text = strings.Replace(text, "title: 费用", "title: Fees", 1)
	// The stamp says #card-fee had another text when it was checked.
	i := strings.Index(text, `"card-fee": "`) + len(`"card-fee": "`)
	return text[:i] + "ffffff" + text[i+6:]
}

func TestStaleNotice(t *testing.T) {
	out, res := sitetest.MustBuild(t, site.Options{}, driftSite, "-- content/fees.en.md --\n"+stampedFees(t))
	// The stale section gets a notice after its heading, linking to the
	// same section of the source; the other section does not.
	sitetest.Contains(t, out, "en/fees/index.html",
		`<h2 id="card-fee">Card fee</h2>
<div class="callout callout-stale" role="note">
<p class="callout-title">This may be out of date</p>
<p>The Chinese version of this section has changed since this English text was last checked against it (27 November 2026). <a href="/zh/fees/#card-fee" hreflang="zh-Hans">Read the Chinese version</a></p>
</div>`)
	if strings.Count(out["en/fees/index.html"], "callout-stale") != 1 {
		t.Errorf("more than one notice:\n%s", out["en/fees/index.html"])
	}
	// A translation whose first part changed gets a notice at the top.
	sitetest.Contains(t, out, "en/index.html", `<p>The Chinese version of this page has changed since this English text was last checked against it (20 November 2026). Parts of this page may be out of date. <a href="/zh/" hreflang="zh-Hans">Read the Chinese version</a></p>`)
	sitetest.Lacks(t, out, "zh/fees/index.html", "callout-stale")
	// guide check lists both.
	var got []string
	for _, f := range res.Report.Drift.Findings {
		got = append(got, f.String())
	}
	want := "content/_index.en.md:2: section #_: the zh source changed since this translation was checked (2026-11-20)\n" +
		"content/fees.en.md:12: section #card-fee: the zh source changed since this translation was checked (2026-11-27)"
	if strings.Join(got, "\n") != want {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestStaleNoticeInChinese: with English as the source language, a stale
// Chinese translation says so in Chinese.
func TestStaleNoticeInChinese(t *testing.T) {
	out, _ := sitetest.MustBuild(t, site.Options{}, driftSite, `
-- site.yaml --
baseURL: https://example.org/
languages:
  - {key: en, name: English, tag: en}
  - {key: zh, name: 中文, tag: zh-Hans}
-- content/_index.zh.md --
---
title: 首页
---
-- content/fees.en.md --
---
title: Fees
---
## Card fee {#card-fee}

CNY 300.
`)
	sitetest.Contains(t, out, "zh/fees/index.html", `<p>这份中文译文尚未与本页的英文原文核对，内容可能与原文不同。 <a href="/en/fees/" hreflang="en">阅读英文原文</a></p>`)
}

// TestStaleNoticeInTheBrowser: the notice is visible, announced as a note,
// and its link lands on the same section of the source.
func TestStaleNoticeInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	dir := t.TempDir()
	out, _ := sitetest.MustBuild(t, site.Options{BaseURL: "/"}, driftSite, "-- content/fees.en.md --\n"+stampedFees(t))
	for name, data := range out {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "favicon.ico"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	base := browsertest.Serve(t, dir)
	ctx := b.Tab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/fees/"), chromedp.WaitVisible(".callout-stale")); err != nil {
		t.Fatal(err)
	}
	role, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".callout-stale").getAttribute("role")`))
	if err != nil || role != "note" {
		t.Errorf("role %q, %v", role, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(".callout-stale a"), chromedp.WaitVisible("#card-fee")); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.hash`))
	if err != nil || loc != "/zh/fees/#card-fee" {
		t.Errorf("the link leads to %q, %v", loc, err)
	}
}
