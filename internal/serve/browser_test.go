package serve

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"guide/internal/browsertest"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// until evaluates a JavaScript expression in the tab until it is true; it
// survives the page reloading meanwhile.
func until(ctx context.Context, expr string) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: still not true (last error %v)", expr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestBrowserReloadsAndShowsErrors(t *testing.T) {
	b := browsertest.New(t)
	dir, base, s := start(t, "")
	ctx := b.Tab(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/en/fees/"),
		chromedp.WaitVisible("main h1"),
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 1200); window.notReloaded = true`),
	); err != nil {
		t.Fatal(err)
	}
	// Wait for the tab to open its event stream.
	for deadline := time.Now().Add(10 * time.Second); s.hub.count() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page opened no event stream")
		}
	}

	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Changed in the editor."))
	if err := until(ctx, `[...document.querySelectorAll("main p")].some(p => p.textContent === "Changed in the editor.")`); err != nil {
		t.Fatalf("page did not reload with the new text: %v", err)
	}
	reloaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.notReloaded === undefined`))
	if err != nil || !reloaded {
		t.Fatalf("the page changed without a reload? %v %v", reloaded, err)
	}
	if err := until(ctx, `Math.abs(window.scrollY - 1200) < 5`); err != nil {
		y, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollY`))
		t.Fatalf("scroll position not kept: %v", y)
	}

	// A broken template: the overlay appears with file:line, the page stays.
	write(t, filepath.Join(dir, "templates/page.html"), "{{template \"base\" .}}\n{{if}}\n")
	overlay := `document.getElementById("guide-serve-errors")`
	if err := until(ctx, overlay+` && `+overlay+`.textContent.includes("templates/page.html:2:")`); err != nil {
		t.Fatalf("no error overlay: %v", err)
	}
	// A tab opened later shows it too.
	ctx2 := b.Tab(t)
	if err := chromedp.Do(ctx2, chromedp.Navigate(base+"/zh/fees/")); err != nil {
		t.Fatal(err)
	}
	if err := until(ctx2, overlay+` !== null`); err != nil {
		t.Fatalf("no overlay in a new tab: %v", err)
	}
	write(t, filepath.Join(dir, "templates/page.html"), `{{template "base" .}}`)
	if err := until(ctx, overlay+` === null`); err != nil {
		t.Fatalf("overlay not cleared: %v", err)
	}
	if err := until(ctx2, overlay+` === null`); err != nil {
		t.Fatalf("overlay not cleared in the second tab: %v", err)
	}
}

// After the server restarts, an open tab reconnects by itself and reloads
// if its page changed while the server was down.
func TestBrowserReconnectsAfterRestart(t *testing.T) {
	b := browsertest.New(t)
	dir := siteDir(t, "")
	s, addr, stop := serveDir(t, dir, "127.0.0.1:0")
	defer stop()
	base := "http://" + addr
	waitFor(t, base+"/_guide/state", "errors")

	ctx := b.Tab(t, "net::ERR_CONNECTION_REFUSED", "net::ERR_EMPTY_RESPONSE") // while the server is down
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/fees/"), chromedp.WaitVisible("main h1")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); s.hub.count() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page opened no event stream")
		}
	}
	stop()
	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Written while the server was down."))
	_, _, stop2 := serveDir(t, dir, addr)
	defer stop2()
	if err := until(ctx, `[...document.querySelectorAll("main p")].some(p => p.textContent === "Written while the server was down.")`); err != nil {
		t.Fatalf("the tab did not reconnect and reload: %v", err)
	}
}

// TestBrowser404ReloadsWhenThePageAppears: a tab showing the not-found page
// for a page that does not exist yet reloads when the author creates it.
func TestBrowser404ReloadsWhenThePageAppears(t *testing.T) {
	b := browsertest.New(t)
	dir, base, s := start(t, "")
	ctx := b.Tab(t, "status of 404 (Not Found)")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/new/"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); s.hub.count() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page opened no event stream")
		}
	}
	write(t, filepath.Join(dir, "content/new.en.md"), page("New", "Just written."))
	if err := until(ctx, `[...document.querySelectorAll("main p")].some(p => p.textContent === "Just written.")`); err != nil {
		t.Fatalf("the not-found tab did not reload when its page appeared: %v", err)
	}
}

// TestBrowserStorageBlocked: where the browser blocks storage (any use of
// sessionStorage throws), the reload script still runs without an error and
// reloads the tab.
func TestBrowserStorageBlocked(t *testing.T) {
	b := browsertest.New(t)
	dir, base, s := start(t, "")
	ctx := b.Tab(t)
	block := `Object.defineProperty(window, "sessionStorage", {get() { throw new DOMException("blocked", "SecurityError"); }});`
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: block}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/fees/"), chromedp.WaitVisible("main h1")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); s.hub.count() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page opened no event stream (did live.js stop on its first line?)")
		}
	}
	write(t, filepath.Join(dir, "content/fees.en.md"), page("Fees", "Storage is blocked."))
	if err := until(ctx, `[...document.querySelectorAll("main p")].some(p => p.textContent === "Storage is blocked.")`); err != nil {
		t.Fatalf("no reload with storage blocked: %v", err)
	}
	// Console errors in the tab fail the test at cleanup (browsertest).
}
