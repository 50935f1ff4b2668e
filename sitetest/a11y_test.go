package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// a11yPages are the pages the accessibility scan covers: one of each kind.
var a11yPages = []string{
	"index.html",
	"systems/index.html",
	"systems/crm/index.html",
	"handoffs/index.html",
	"handoffs/billing/paid-invoices-to-crm/index.html",
	"people/index.html",
	"people/tomas/index.html",
	"teams/index.html",
	"teams/revops/index.html",
	"data/index.html",
	"data/invoice/index.html",
	"reviews/index.html",
	"findings/index.html",
	"search/index.html",
	"pages/index.html",
	"pages/publishing/index.html",
	"404.html",
}

// axeViolation is a rule that axe-core found broken, with the first nodes
// that break it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// TestAccessibility runs axe-core on one page of each kind, in the light and
// the dark colour scheme, and fails on any serious or critical violation.
func TestAccessibility(t *testing.T) {
	axePath := nodeModule(t, filepath.Join("axe-core", "axe.min.js"))
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := sites(t)
	srv := pagesServer(t, dir)
	ctx := browser(t)
	watchConsole(t, ctx)

	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " "))})))`
	for _, scheme := range []string{"light", "dark"} {
		do(t, ctx, colorScheme(scheme))
		for _, page := range a11yPages {
			do(t, ctx, chromedp.Navigate(srv.URL+subPath+page))
			waitFor(t, ctx, `document.readyState === "complete"`)
			do(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: run axe: %v", page, err)
			}
			for _, v := range violations {
				t.Errorf("%s (%s): %s %s: %s\n  %s", page, scheme, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n  "))
			}
		}
	}
}

// TestScreenshots saves screenshots of the dashboard, a system page, the
// handoff list, a handoff and the search page in the light and dark colour
// schemes, at phone width and as printed, into the folder that
// HANDOFF_SCREENSHOTS names. They are for people to look at, so the test is
// skipped when the variable is not set.
func TestScreenshots(t *testing.T) {
	out := os.Getenv("HANDOFF_SCREENSHOTS")
	if out == "" {
		t.Skip("set HANDOFF_SCREENSHOTS to a folder to save screenshots")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, _ := sites(t)
	srv := pagesServer(t, dir)
	ctx := browser(t)
	watchConsole(t, ctx)

	pages := map[string]string{
		"dashboard": "index.html",
		"system":    "systems/crm/index.html",
		"handoffs":  "handoffs/index.html",
		"handoff":   "handoffs/billing/paid-invoices-to-crm/index.html",
		"search":    "search/index.html?q=invoice",
	}
	views := []struct {
		name          string
		media, scheme string
		width, height int64
		mobile        bool
	}{
		{"light", "", "light", 1280, 900, false},
		{"dark", "", "dark", 1280, 900, false},
		{"phone", "", "light", 390, 844, true},
		{"phone-dark", "", "dark", 390, 844, true},
		{"print", "print", "light", 800, 1100, false},
	}
	for _, v := range views {
		opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
		if v.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		do(t, ctx, emulateMedia(v.media, v.scheme), chromedp.EmulateViewport(v.width, v.height, opts...))
		for name, page := range pages {
			do(t, ctx, chromedp.Navigate(srv.URL+subPath+page))
			waitFor(t, ctx, `document.readyState === "complete"`)
			// A phone or print screenshot shows the first screen; a desktop
			// one shows the whole page.
			shoot := chromedp.FullScreenshot(100)
			if v.mobile || v.media == "print" {
				shoot = chromedp.CaptureScreenshot()
			}
			shot, err := chromedp.Run(ctx, shoot)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(out, fmt.Sprintf("%s-%s.png", name, v.name))
			if err := os.WriteFile(file, shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
