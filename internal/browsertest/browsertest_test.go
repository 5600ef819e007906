package browsertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestHarness checks the harness itself on a tiny page: it reads the DOM and
// axe finds the violation planted in it.
func TestHarness(t *testing.T) {
	dir := t.TempDir()
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,"></head>
<body><main><h1 id="h">Hello</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	b := New(t)
	ctx := b.Tab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(Serve(t, dir)+"/")); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text("#h"))
	if err != nil || text != "Hello" {
		t.Fatalf("text = %q, %v", text, err)
	}
	v := b.Axe(t, ctx)
	if len(v) != 1 || v[0].ID != "image-alt" {
		t.Errorf("axe found %v, want exactly image-alt", v)
	}
}
