// Package e2e drives Trama in a real headless Chromium (Debian's package):
// user journeys through the pages, with axe-core checking accessibility on
// every page visited and the browser console watched for errors and
// Content-Security-Policy violations.
//
// Tests skip when no Chromium is found, unless TRAMA_REQUIRE_BROWSER=1
// (make test sets it after installing Chromium), in which case they fail.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/apptest"
)

// Browser is one Chromium tab on one Trama.
type Browser struct {
	T   testing.TB
	Env *apptest.Env
	ctx context.Context

	mu       sync.Mutex
	problems []chromedp.ConsoleMessage // console errors, exceptions, CSP violations
	noJS     bool

	documents atomic.Int64 // page requests sent: a click that navigates sends one
}

// ChromiumPath finds the browser: TRAMA_CHROMIUM, else chromium on PATH.
func ChromiumPath() string {
	if p := os.Getenv("TRAMA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts a headless Chromium for the test.
func NewBrowser(t testing.TB, env *apptest.Env) *Browser {
	t.Helper()
	bin := ChromiumPath()
	if bin == "" {
		if os.Getenv("TRAMA_REQUIRE_BROWSER") == "1" {
			t.Fatal("e2e: TRAMA_REQUIRE_BROWSER=1 but no Chromium found")
		}
		t.Skip("e2e: no Chromium (install Debian's chromium or set TRAMA_CHROMIUM)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "it-IT"),
		chromedp.Flag("accept-lang", "it-IT,it"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// A long journey on a loaded machine (axe-core runs on every page) can
	// take minutes; the limit only catches a browser that hangs.
	ctx, cancelTimeout := context.WithTimeout(ctx, 6*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })

	b := &Browser{T: t, Env: env, ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("e2e: start Chromium: %v", err)
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok && r.Type == network.ResourceTypeDocument {
			b.documents.Add(1)
		}
	}); err != nil {
		t.Fatalf("e2e: listen to Chromium: %v", err)
	}
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				b.mu.Lock()
				b.problems = append(b.problems, m)
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// Do runs chromedp steps, failing the test on error.
func (b *Browser) Do(steps ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.T.Fatalf("e2e: %v (page %s)", err, b.URL())
	}
}

// Eval evaluates JavaScript and returns its result as T.
func Eval[T any](b *Browser, js string, opts ...chromedp.EvaluateOption) T {
	b.T.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		b.T.Fatalf("e2e: evaluate %.60q: %v (page %s)", js, err, b.URL())
	}
	return v
}

// Visit opens a path of the site, then checks the page (Check).
func (b *Browser) Visit(path string) {
	b.T.Helper()
	b.Do(chromedp.Navigate(b.Env.URL + path))
	b.Check()
}

// URL is the current address.
func (b *Browser) URL() string {
	u, _ := chromedp.Run(b.ctx, chromedp.Location())
	return u
}

// Path is the current path and query.
func (b *Browser) Path() string { return strings.TrimPrefix(b.URL(), b.Env.URL) }

// Fill types value into the field matched by the CSS selector sel.
func (b *Browser) Fill(sel, value string) {
	b.T.Helper()
	q, _ := json.Marshal(sel)
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+string(q)+`).value = ""`),
		chromedp.SendKeys(chromedp.CSS(sel), value),
		// Leaving the field closes a datalist's suggestions, which on a
		// slow machine can open late and swallow the next click.
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+string(q)+`).blur()`))
}

// Click clicks the element matched by sel. A click on a checkbox or a
// radio button that did not change it (on a slow machine the page can move
// under the pointer) is repeated.
func (b *Browser) Click(sel string) {
	b.T.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
	q, _ := json.Marshal(sel)
	// A checkbox flips; an unchecked radio button gets checked; a checked
	// one stays as it is, so there is nothing to verify.
	state := `(e => e && (e.type === "checkbox" || e.type === "radio" && !e.checked) ? String(e.checked) : "")(document.querySelector(` + string(q) + `))`
	before := Eval[string](b, state)
	for try := 0; ; try++ {
		b.Do(chromedp.Click(chromedp.CSS(sel)))
		if before == "" || Eval[string](b, `(e => String(e.checked))(document.querySelector(`+string(q)+`))`) != before {
			return
		}
		if try == 2 {
			b.T.Fatalf("e2e: clicking %s three times did not change it", sel)
		}
		b.T.Logf("e2e: clicking %s again: the click before did not change it", sel)
	}
}

// Submit clicks a submit button, waits for the next page to load, then
// checks it. A marker set on the old page tells when it has been replaced.
// On a slow machine the page can still move under the pointer between
// finding the button and clicking it: a click that sent no request for a
// page is repeated (nothing was sent, so nothing is sent twice).
func (b *Browser) Submit(sel string) {
	b.T.Helper()
	b.navigate(sel)
}

// Follow clicks a link and, like Submit, waits for the page it leads to
// before checking it: what comes next never runs on the old page, however
// slowly the new one arrives.
func (b *Browser) Follow(sel string) {
	b.T.Helper()
	b.navigate(sel)
}

// navigate clicks sel and waits for the page that replaces the current one.
func (b *Browser) navigate(sel string) {
	b.T.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Evaluate[chromedp.Void](`window.__tramaOld = true`))
	sent := false
	for try := 0; try < 3 && !sent; try++ {
		if try > 0 {
			b.T.Logf("e2e: clicking %s again: the click before sent no request", sel)
		}
		before := b.documents.Load()
		b.Do(chromedp.Click(chromedp.CSS(sel)))
		for range 200 { // 5 s
			if sent = b.documents.Load() > before; sent {
				break
			}
			time.Sleep(25 * time.Millisecond)
		}
	}
	if !sent {
		b.T.Fatalf("e2e: clicking %s three times sent no request (still on %s)", sel, b.Path())
	}
	for range 1200 { // 30 s: a loaded CI machine can take seconds to answer
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!window.__tramaOld && document.readyState === "complete"`))
		if err == nil && loaded {
			b.Check()
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	b.T.Fatalf("e2e: no new page after clicking %s (still on %s)", sel, b.Path())
}

// Text returns the visible text of the first element matched by sel.
func (b *Browser) Text(sel string) string {
	b.T.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.T.Fatalf("e2e: text of %s: %v", sel, err)
	}
	return s
}

// See fails the test unless the page contains every s.
func (b *Browser) See(ss ...string) {
	b.T.Helper()
	body := b.Text("body")
	for _, s := range ss {
		if !strings.Contains(body, s) {
			b.T.Fatalf("e2e: page %s lacks %q; it says:\n%s%s", b.Path(), s, excerpt(body), b.fieldErrors())
		}
	}
}

// WithoutJavaScript turns the pages' JavaScript off, as for a visitor who
// has it disabled. axe-core still checks every page: scripts are switched
// on only while it runs, after the page has loaded without them.
func (b *Browser) WithoutJavaScript() {
	b.T.Helper()
	b.scripts(false)
	b.noJS = true
}

func (b *Browser) scripts(on bool) {
	b.T.Helper()
	b.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
}

// Check runs axe-core (WCAG 2.1 A and AA rules) on the current page and
// fails the test on serious or critical violations, and on console errors
// or CSP violations seen so far.
func (b *Browser) Check() {
	b.T.Helper()
	b.Do(chromedp.WaitReady(chromedp.CSS("body")))
	if b.noJS {
		b.scripts(true)
		defer b.scripts(false)
	}
	if !Eval[bool](b, `typeof axe !== "undefined"`) {
		Eval[chromedp.Void](b, axeSource(b.T))
	}
	raw := Eval[string](b, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
		.then(r => JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)}))))`,
		chromedp.EvalAwaitPromise)
	var violations []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		b.T.Fatalf("e2e: axe result %q: %v", raw, err)
	}
	for _, v := range violations {
		b.T.Errorf("e2e: %s on %s: %s (%s)\n  %s", v.Impact, b.Path(), v.Help, v.ID, strings.Join(v.Nodes, "\n  "))
	}
	time.Sleep(20 * time.Millisecond) // let console events of this page arrive
	b.mu.Lock()
	problems := b.problems
	b.problems = nil
	b.mu.Unlock()
	page := b.URL()
	for _, p := range problems {
		// A form answered with 422 (or a 404 page) is the page itself, not a
		// broken resource; server errors always count.
		if strings.HasPrefix(p.Text, "Failed to load resource") && p.URL == page && !strings.Contains(p.Text, "status of 5") {
			continue
		}
		b.T.Errorf("e2e: on %s: %s: %s (%s)", b.Path(), p.Type, p.Text, p.URL)
	}
	if b.T.Failed() {
		b.T.FailNow()
	}
}

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// axeSource reads axe-core from the project's node_modules.
func axeSource(t testing.TB) string {
	axeOnce.Do(func() {
		dir, _ := os.Getwd()
		for dir != "/" {
			p := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
			if b, err := os.ReadFile(p); err == nil {
				axeJS = string(b)
				return
			}
			dir = filepath.Dir(dir)
		}
		axeErr = fmt.Errorf("axe-core not found in node_modules: run make assets")
	})
	if axeErr != nil {
		t.Fatal(axeErr)
	}
	return axeJS
}

// fieldErrors lists the messages next to fields of the page, if any, with
// the field and what it holds: what a failed form said, in full.
func (b *Browser) fieldErrors() string {
	errs, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".invalid-feedback, [aria-invalid=true]")).map(e =>
		e.matches("[aria-invalid=true]") ? "field " + (e.id || e.name) + " = " + JSON.stringify(e.value) : "message: " + e.textContent.trim())`))
	if len(errs) == 0 {
		return ""
	}
	return "\nfield errors:\n  " + strings.Join(errs, "\n  ")
}

func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return s
}

// Select chooses an option of a select element by value.
func Select(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SetValue(chromedp.CSS(sel), value)
}

// SetValue sets a field's value directly (date and time inputs, whose
// keyboard entry depends on the locale).
func (b *Browser) SetValue(sel, value string) {
	b.T.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), value))
}

// Screenshot saves a full-page PNG of the current page when the variable
// TRAMA_SCREENSHOTS names a folder (for looking at pages while developing).
func (b *Browser) Screenshot(name string) {
	b.T.Helper()
	dir := os.Getenv("TRAMA_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.T.Fatalf("e2e: screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.T.Fatal(err)
	}
}

// WaitFor waits until the page, which may reload itself meanwhile (a
// progress page), says s, then checks it.
func (b *Browser) WaitFor(s string) {
	b.T.Helper()
	for range 1200 { // 30 s: a loaded CI machine can take seconds to answer
		text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? document.body.innerText : ""`))
		if err == nil && strings.Contains(text, s) {
			b.Check()
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	b.T.Fatalf("e2e: page %s never said %q", b.Path(), s)
}
