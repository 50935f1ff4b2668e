package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/render"
)

func runBuild(ctx context.Context, e *env, args []string) int {
	fs := e.flags("build", "handoff build [--src docs-src] [--out public] [--base-url URL] [--now YYYY-MM-DD] [-v] [--cache-dir DIR] [--no-cache] [--graph-timeout 20s] [--graph-workers N]")
	src := fs.String("src", "docs-src", "source `folder` with handoff.toml, people.toml, systems/, handoffs/ and pages/")
	out := fs.String("out", "public", "output `folder`; replaced whole when the build succeeds")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is published at, for exports that need absolute links; overrides base_url of handoff.toml")
	now := fs.String("now", "", "build `date` YYYY-MM-DD that review states are computed against (default: SOURCE_DATE_EPOCH, else today)")
	verbose := fs.Bool("v", false, "print every warning, not only their count")
	graphs := addGraphFlags(fs)
	if code, done := parse(fs, args); done {
		return code
	}
	if err := graphs.check(); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if *baseURL != "" {
		if err := model.CheckURL(*baseURL); err != nil || !isAbsoluteHTTP(*baseURL) {
			e.errorf("--base-url %q: write the full address of the published site, such as https://acme.github.io/integration-map/", *baseURL)
			return exitUsage
		}
	}
	date, err := e.buildDate(*now)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}

	// A build allocates a lot and lives for seconds: collecting garbage
	// when the heap has tripled rather than doubled saved about a tenth of
	// the CPU time of a 10,000-handoff build, and its peak memory stayed
	// below Hugo's (docs-src/pages/benchmarks.md). GOGC, when set, wins.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	start := time.Now()
	m, code := e.loadWithoutErrors(*src, date, "build failed", "nothing was written")
	if m == nil {
		return code
	}
	if *verbose {
		for _, f := range m.Findings {
			fmt.Fprintf(e.stderr, "%s\n", f)
		}
	}

	setup, err := graphs.open()
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	defer setup.close()
	stats, err := render.PublishContext(ctx, m, *out, render.Options{
		BaseURL:  *baseURL,
		Version:  version(),
		Graphs:   setup.renderer,
		Cache:    setup.cache,
		Progress: progress(e.stderr),
	})
	if err != nil {
		e.errorf("build: %v", err)
		return exitFailed
	}
	fmt.Fprintf(e.stdout, "built %s: %d pages, %s; %d files; %d warnings; %s\n",
		*out, stats.Pages, graphSummary(stats), stats.Files, m.Warnings(), time.Since(start).Round(time.Millisecond))
	// The site is in place; a cache that cannot be pruned costs disk
	// space, not this build.
	if _, err := setup.cache.Prune(render.CacheMaxAge, time.Now()); err != nil {
		fmt.Fprintf(e.stderr, "handoff: warning: %v; remove old files below it by hand, or use another --cache-dir\n", err)
	}
	return exitOK
}

// graphSummary counts the graphs a build laid out, took from the cache
// and replaced by a table.
func graphSummary(st render.Stats) string {
	s := fmt.Sprintf("%d graphs (%d laid out, %d from cache", st.Graphs, st.LaidOut, st.Cached)
	if st.TooLarge > 0 {
		s += fmt.Sprintf(", %d too large to lay out", st.TooLarge)
	}
	return s + ")"
}

func isAbsoluteHTTP(s string) bool {
	return len(s) > 8 && (s[:7] == "http://" || s[:8] == "https://")
}
