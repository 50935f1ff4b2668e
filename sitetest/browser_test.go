package sitetest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handoffmap/handoff/render"
)

// subPath is where the test server publishes the site, as GitHub Pages
// publishes a project site.
const subPath = "/integration-map/"

// pagesServer serves dir under subPath on 127.0.0.1 the way GitHub Pages
// does: a folder address serves its index.html, a file address serves the
// file as it is (net/http's FileServer would redirect index.html to the
// folder), and a missing file gets the site's 404.html with status 404.
func pagesServer(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, subPath)
		if !ok || strings.Contains(rel, "..") {
			http.NotFound(w, r)
			return
		}
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if info, err := os.Stat(full); err == nil && info.IsDir() {
			full = filepath.Join(full, "index.html")
		}
		f, err := os.Open(full)
		if err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			data, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(data)
			return
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || info.IsDir() {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, info.Name(), info.ModTime(), f)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// browser starts headless Chromium for one test, with a new profile and
// no network access beyond what the test serves.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := requireTool(t, "Chromium", "chromium", "chromium-browser")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 3*time.Minute)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return tabCtx
}

// consoleLog collects the errors that pages write to the console: calls of
// console.error, uncaught exceptions and browser log entries of level
// error, such as a file that failed to load.
type consoleLog struct {
	mu     sync.Mutex
	errors []string
	// allow contains substrings of errors that the test expects.
	allow []string
}

func watchConsole(t *testing.T, ctx context.Context, allow ...string) *consoleLog {
	t.Helper()
	c := &consoleLog{allow: allow}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			text := fmt.Sprintf("%s at %s:%d", m, m.URL, m.Line+1)
			c.mu.Lock()
			c.errors = append(c.errors, text)
			c.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		// Give the last events a moment to arrive.
		time.Sleep(200 * time.Millisecond)
		c.mu.Lock()
		defer c.mu.Unlock()
	next:
		for _, e := range c.errors {
			for _, a := range c.allow {
				if strings.Contains(e, a) {
					continue next
				}
			}
			t.Errorf("console error: %s", e)
		}
	})
	return c
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
func waitFor(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
			t.Fatalf("timed out waiting for %s on %s (last error: %v)", js, where, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestNavigationUnderSubPath(t *testing.T) {
	dir, _ := sites(t)
	srv := pagesServer(t, dir)
	ctx := browser(t)
	watchConsole(t, ctx)

	do(t, ctx, chromedp.Navigate(srv.URL+subPath))
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("header.top")).display`); got != "flex" {
		t.Errorf("header display = %q, want flex: the stylesheet did not load", got)
	}
	if got := eval[bool](t, ctx, `!!document.querySelector("link[rel=icon][href$='assets/favicon.svg']")`); !got {
		t.Errorf("the dashboard has no favicon link")
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href$="systems/index.html"]`)))
	waitFor(t, ctx, `location.pathname === "`+subPath+`systems/index.html" && document.readyState === "complete"`)
	if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != "Systems" {
		t.Errorf("systems page h1 = %q", got)
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`main table a[href$="systems/crm/index.html"]`)))
	waitFor(t, ctx, `location.pathname === "`+subPath+`systems/crm/index.html" && document.readyState === "complete"`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`a.brand`)))
	waitFor(t, ctx, `location.pathname === "`+subPath+`index.html" && document.readyState === "complete"`)
}

func TestGraphNodeClickAndTools(t *testing.T) {
	dir, _ := sites(t)
	srv := pagesServer(t, dir)
	ctx := browser(t)
	watchConsole(t, ctx)

	do(t, ctx, chromedp.Navigate(srv.URL+subPath+"index.html"))
	waitFor(t, ctx, `!!document.querySelector(".graph-tools")`)

	// Hovering a node highlights it, its edges and its neighbours.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".graph-canvas g.node a[*|href$='systems/crm/index.html']").scrollIntoView({block: "center"})`))
	box := eval[[]float64](t, ctx, `(() => { const r = document.querySelector(".graph-canvas g.node a[*|href$='systems/crm/index.html']").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	do(t, ctx, chromedp.MouseEvent("mouseMoved", box[0], box[1]))
	waitFor(t, ctx, `document.querySelector(".graph-canvas svg").classList.contains("is-highlighting")`)
	if n := eval[int](t, ctx, `document.querySelectorAll(".graph-canvas g.edge.is-highlighted").length`); n == 0 {
		t.Error("hovering the CRM node highlighted no edge")
	}

	// Zoom in makes the graph wider than its frame; Fit restores it.
	width := eval[float64](t, ctx, `document.querySelector(".graph-canvas svg").getBoundingClientRect().width`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`.graph-tools button[aria-label="Zoom in"]`)))
	do(t, ctx, chromedp.Click(chromedp.CSS(`.graph-tools button[aria-label="Zoom in"]`)))
	zoomed := eval[float64](t, ctx, `document.querySelector(".graph-canvas svg").getBoundingClientRect().width`)
	if zoomed < width*1.5 {
		t.Errorf("after zooming in twice the graph is %.0fpx wide, was %.0fpx", zoomed, width)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`.graph-tools button[aria-label="Full screen"]`)))
	if !eval[bool](t, ctx, `document.querySelector("figure.graph").classList.contains("graph-full")`) {
		t.Error("the full screen button did not enlarge the graph")
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if eval[bool](t, ctx, `document.querySelector("figure.graph").classList.contains("graph-full")`) {
		t.Error("Escape did not leave full screen")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`.graph-tools button[aria-label="Fit to width"]`)))

	// A click on a node opens the system's page.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".graph-canvas g.node a[*|href$='systems/crm/index.html']").scrollIntoView({block: "center"})`))
	box = eval[[]float64](t, ctx, `(() => { const r = document.querySelector(".graph-canvas g.node a[*|href$='systems/crm/index.html'] text").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	do(t, ctx, chromedp.MouseClickXY(box[0], box[1]))
	waitFor(t, ctx, `location.pathname === "`+subPath+`systems/crm/index.html" && document.readyState === "complete"`)
}

func TestSearchBox(t *testing.T) {
	dir, _ := sites(t)
	srv := pagesServer(t, dir)
	ctx := browser(t)
	watchConsole(t, ctx)

	// From a page two folders deep, "tomas" finds Tomás Reyes: the search
	// folds accents.
	do(t, ctx,
		chromedp.Navigate(srv.URL+subPath+"systems/crm/index.html"),
		chromedp.Click(chromedp.ID("site-search")),
		chromedp.SendKeys(chromedp.ID("site-search"), "tomas"),
	)
	waitFor(t, ctx, `document.querySelector("#site-search").getAttribute("aria-expanded") === "true"`)
	first := eval[string](t, ctx, `document.querySelector("#site-search-list [role=option]").textContent`)
	if !strings.Contains(first, "Tomás Reyes") {
		t.Errorf("first suggestion for tomas = %q, want Tomás Reyes", first)
	}
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	if got := eval[string](t, ctx, `document.querySelector("#site-search").getAttribute("aria-activedescendant")`); got != "site-search-list-0" {
		t.Errorf("aria-activedescendant after ArrowDown = %q", got)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `location.pathname.endsWith("/people/tomas/index.html") && document.readyState === "complete"`)

	// One letter is enough to get suggestions; Escape closes them.
	do(t, ctx, chromedp.Click(chromedp.ID("site-search")), chromedp.SendKeys(chromedp.ID("site-search"), "k"))
	waitFor(t, ctx, `document.querySelector("#site-search").getAttribute("aria-expanded") === "true"`)
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, `document.querySelector("#site-search").getAttribute("aria-expanded") === "false"`)
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if got := eval[string](t, ctx, `document.querySelector("#site-search").value`); got != "" {
		t.Errorf("a second Escape left %q in the search box", got)
	}

	// Enter without a chosen suggestion opens the search page, which
	// filters its list by the query.
	do(t, ctx, chromedp.SendKeys(chromedp.ID("site-search"), "voice\r"))
	waitFor(t, ctx, `location.pathname.endsWith("/search/index.html") && document.readyState === "complete"`)
	waitFor(t, ctx, `document.querySelector("#search-status").textContent.includes("results for")`)
	visible := eval[[]string](t, ctx, `[...document.querySelectorAll(".search-list li:not([hidden])")].map(li => li.textContent)`)
	all := eval[int](t, ctx, `document.querySelectorAll(".search-list li").length`)
	if len(visible) == 0 || len(visible) >= all {
		t.Fatalf("search page shows %d of %d items for voice", len(visible), all)
	}
	for _, v := range visible {
		if !strings.Contains(strings.ToLower(v), "voice") {
			// The match may be in the hidden keywords, such as a data entity.
			t.Logf("result without voice in its visible text: %q", v)
		}
	}
}

func TestSearchPageWithoutScript(t *testing.T) {
	dir, _ := sites(t)
	data, err := os.ReadFile(filepath.Join(dir, "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{`href="../systems/crm/index.html"`, `href="../people/tomas/index.html"`, `href="../data/invoice/index.html"`, `href="../pages/publishing/index.html"`} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks the link %s", want)
		}
	}
}

func TestHandoffFilters(t *testing.T) {
	dir, _ := sites(t)
	srv := pagesServer(t, dir)
	ctx := browser(t)
	watchConsole(t, ctx)

	do(t, ctx, chromedp.Navigate(srv.URL+subPath+"handoffs/index.html#kind=webhook"))
	waitFor(t, ctx, `!document.querySelector("#handoff-filters").hidden`)
	total := eval[int](t, ctx, `document.querySelectorAll("#handoff-table tbody tr").length`)
	kinds := eval[[]string](t, ctx, `[...document.querySelectorAll("#handoff-table tbody tr:not([hidden])")].map(r => r.dataset.kind)`)
	if len(kinds) == 0 || len(kinds) == total {
		t.Fatalf("#kind=webhook shows %d of %d rows", len(kinds), total)
	}
	for _, k := range kinds {
		if k != "webhook" {
			t.Errorf("#kind=webhook shows a row of kind %q", k)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector("select[name=kind]").value`); got != "webhook" {
		t.Errorf("kind select = %q after loading #kind=webhook", got)
	}

	// Choosing a filter writes it to the address, to be linked.
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS(`select[name=kind]`), ""),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("select[name=kind]").dispatchEvent(new Event("change", {bubbles: true}))`),
		chromedp.SetValue(chromedp.CSS(`select[name=review]`), "overdue"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("select[name=review]").dispatchEvent(new Event("change", {bubbles: true}))`),
	)
	if got := eval[string](t, ctx, `location.hash`); got != "#review=overdue" {
		t.Errorf("hash after choosing review overdue = %q", got)
	}
	reviews := eval[[]string](t, ctx, `[...document.querySelectorAll("#handoff-table tbody tr:not([hidden])")].map(r => r.dataset.review)`)
	for _, r := range reviews {
		if r != "overdue" {
			t.Errorf("review filter shows a row in state %q", r)
		}
	}
	if !strings.Contains(eval[string](t, ctx, `document.querySelector("#handoff-count").textContent`), fmt.Sprintf("of %d", total)) {
		t.Error("the count line does not say how many rows are shown")
	}

	// Sorting by owner, then reversing it.
	do(t, ctx, chromedp.Click(chromedp.CSS(`th[data-key=owner] button`)))
	owners := eval[[]string](t, ctx, `[...document.querySelectorAll("#handoff-table tbody tr:not([hidden]) td:nth-child(4)")].map(td => td.textContent.trim())`)
	for i := 1; i < len(owners); i++ {
		if strings.ToLower(owners[i-1]) > strings.ToLower(owners[i]) {
			t.Errorf("owners not sorted: %q before %q", owners[i-1], owners[i])
		}
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`th[data-key=owner] button`)))
	if got := eval[string](t, ctx, `document.querySelector("th[data-key=owner]").getAttribute("aria-sort")`); got != "descending" {
		t.Errorf("aria-sort after the second click = %q", got)
	}
	if got := eval[string](t, ctx, `location.hash`); got != "#review=overdue&sort=owner&order=desc" {
		t.Errorf("hash after sorting = %q", got)
	}

	// Clearing the filters shows every row again.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#handoff-filters button[type=reset]`)))
	if n := eval[int](t, ctx, `document.querySelectorAll("#handoff-table tbody tr:not([hidden])").length`); n != total {
		t.Errorf("after clearing, %d of %d rows show", n, total)
	}
}

func TestFromFileSystem(t *testing.T) {
	dir, _ := sites(t)
	ctx := browser(t)
	watchConsole(t, ctx)
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/handoffs/index.html"}).String()

	do(t, ctx, chromedp.Navigate(u+"#stakes=money"))
	waitFor(t, ctx, `!document.querySelector("#handoff-filters").hidden`)
	stakes := eval[[]string](t, ctx, `[...document.querySelectorAll("#handoff-table tbody tr:not([hidden])")].map(r => r.dataset.stakes)`)
	if len(stakes) == 0 {
		t.Fatal("#stakes=money shows no row from file://")
	}
	for _, s := range stakes {
		if !strings.Contains(" "+s+" ", " money ") {
			t.Errorf("#stakes=money shows a row with stakes %q", s)
		}
	}

	// search-index.js loads from file://, where fetch() of JSON would fail.
	do(t, ctx, chromedp.Click(chromedp.ID("site-search")), chromedp.SendKeys(chromedp.ID("site-search"), "crm"))
	waitFor(t, ctx, `document.querySelector("#site-search").getAttribute("aria-expanded") === "true"`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `location.protocol === "file:" && location.pathname.endsWith("/index.html") && !location.pathname.endsWith("/handoffs/index.html") && document.readyState === "complete"`)

	do(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href$="data/index.html"]`)))
	waitFor(t, ctx, `location.pathname.endsWith("/data/index.html") && document.readyState === "complete"`)
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("header.top")).display`); got != "flex" {
		t.Errorf("header display = %q from file://: the stylesheet did not load", got)
	}
}

func TestNotFoundPageAtDepth(t *testing.T) {
	for _, tc := range []struct {
		name    string
		baseURL bool
	}{{"relative links", false}, {"base URL", true}} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := sites(t)
			var srv *httptest.Server
			if tc.baseURL {
				// Built for the test server's own address, so that the
				// absolute links stay on 127.0.0.1.
				dir = t.TempDir()
				srv = pagesServer(t, dir)
				if _, err := render.Build(exampleModel, dir, render.Options{BaseURL: srv.URL + subPath, Version: "test"}); err != nil {
					t.Fatal(err)
				}
			} else {
				srv = pagesServer(t, dir)
			}
			ctx := browser(t)
			// The missing page itself is the one expected error.
			watchConsole(t, ctx, "404 (Not Found)")

			do(t, ctx, chromedp.Navigate(srv.URL+subPath+"systems/renamed/old/page/"))
			if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("header.top")).display`); got != "flex" {
				t.Errorf("header display = %q: the 404 page has no style at depth", got)
			}
			want := subPath + "systems/index.html"
			if tc.baseURL {
				want = srv.URL + want
			}
			waitFor(t, ctx, `document.querySelector("nav a[href$='systems/index.html']").getAttribute("href") === "`+want+`"`)
			do(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href$="systems/index.html"]`)))
			waitFor(t, ctx, `location.pathname === "`+subPath+`systems/index.html" && document.querySelector("h1").textContent === "Systems"`)
		})
	}
}

// colorScheme emulates prefers-color-scheme.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return emulateMedia("", scheme)
}

// emulateMedia emulates a CSS media type, such as "print", and
// prefers-color-scheme; an empty media type means the screen.
func emulateMedia(media, scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media:    media,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}
