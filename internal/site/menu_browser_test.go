package site_test

import (
	"testing"

	"guide/internal/browsertest"
	"guide/internal/site/sitetest"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestMenuFoldsOnPhones: on a phone-sized window (the harness's default) the
// site navigation folds behind a Menu button that opens it, with the
// keyboard too; on a wide window it is open and the button is not shown;
// without JavaScript it is open.
func TestMenuFoldsOnPhones(t *testing.T) {
	b := browsertest.New(t)
	base := browsertest.Serve(t, sitetest.BuildRepo(t, "../.."))
	ctx := b.Tab(t)
	state := func() (bool, string, bool) {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[
			document.querySelector(".menu-toggle").offsetParent === null,
			document.querySelector(".menu-toggle").getAttribute("aria-expanded"),
			document.getElementById("site-menu").offsetParent !== null]`))
		if err != nil || len(v) != 3 {
			t.Fatalf("reading the menu: %v %v", v, err)
		}
		return v[0].(bool), v[1].(string), v[2].(bool)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/zh/fees/"), chromedp.WaitVisible(".menu-toggle")); err != nil {
		t.Fatal(err)
	}
	if hidden, expanded, visible := state(); hidden || expanded != "false" || visible {
		t.Errorf("phone: button hidden %v, aria-expanded %s, menu visible %v; want a folded menu", hidden, expanded, visible)
	}
	if err := chromedp.Do(ctx, chromedp.Click(".menu-toggle")); err != nil {
		t.Fatal(err)
	}
	if _, expanded, visible := state(); expanded != "true" || !visible {
		t.Errorf("after a click: aria-expanded %s, menu visible %v", expanded, visible)
	}
	// Keyboard: Enter on the focused button folds it again.
	if err := chromedp.Do(ctx, chromedp.Focus(".menu-toggle"), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if _, expanded, visible := state(); expanded != "false" || visible {
		t.Errorf("after Enter: aria-expanded %s, menu visible %v", expanded, visible)
	}
	b.Accessible(t, ctx, "menu")
	// Without JavaScript: the menu open, no button.
	nojs := b.Tab(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(nojs, chromedp.Navigate(base+"/en/fees/"), chromedp.WaitReady("#site-menu")); err != nil {
		t.Fatal(err)
	}
	ctx = nojs
	if hidden, _, visible := state(); !hidden || !visible {
		t.Errorf("without JavaScript: button hidden %v, menu visible %v; want an open menu and no button", hidden, visible)
	}
	// A wide window: no button, the menu open.
	wide := b.Tab(t)
	if err := chromedp.Do(wide, chromedp.EmulateViewport(1200, 800), chromedp.Navigate(base+"/en/fees/"), chromedp.WaitReady("#site-menu")); err != nil {
		t.Fatal(err)
	}
	ctx = wide
	if hidden, _, visible := state(); !hidden || !visible {
		t.Errorf("wide: button hidden %v, menu visible %v; want an open menu and no button", hidden, visible)
	}
}
