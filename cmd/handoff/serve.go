package main

import (
	"context"
	"fmt"
	"os"

	"github.com/handoffmap/handoff/internal/serve"
	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/render"
)

func init() {
	register(&command{name: "serve", usage: "handoff serve [--src docs-src] [--addr 127.0.0.1:8080]",
		summary: "serve the site on this machine and rebuild it when a source file changes", run: runServe})
}

func runServe(ctx context.Context, e *env, args []string) int {
	fs := e.flags("serve", "handoff serve [--src docs-src] [--addr 127.0.0.1:8080] [--now YYYY-MM-DD] [--cache-dir DIR] [--no-cache] [--graph-timeout 20s] [--graph-workers N]")
	src := fs.String("src", "docs-src", "source `folder` to build and watch")
	addr := fs.String("addr", "127.0.0.1:8080", "loopback `address` to serve on, host:port; port 0 picks a free port")
	now := fs.String("now", "", "build `date` YYYY-MM-DD that review states are computed against (default: SOURCE_DATE_EPOCH, else today)")
	graphs := addGraphFlags(fs)
	if code, done := parse(fs, args); done {
		return code
	}
	if err := graphs.check(); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if err := serve.CheckLoopback(*addr); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if _, err := e.buildDate(*now); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if info, err := os.Stat(*src); err != nil || !info.IsDir() {
		e.errorf("the source folder %s does not exist: pass --src with the folder of handoff.toml", *src)
		return exitUsage
	}

	setup, err := graphs.open()
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	defer setup.close()

	// The loader keeps the parse of every source file, so a reload parses
	// only the files that changed. Pages render when they are requested,
	// so a change costs a load and the pages viewed, not a whole build.
	loader := model.NewLoader()
	build := func(ctx context.Context) (serve.Site, string, []string, error) {
		date, err := e.buildDate(*now)
		if err != nil {
			return nil, "", nil, err
		}
		m, err := loader.Load(*src, model.Options{Now: date})
		if err != nil {
			return nil, "", nil, fmt.Errorf("load: %w", err)
		}
		if m.Errors() > 0 {
			var problems []string
			for _, f := range m.Findings {
				if f.Severity == model.SeverityError {
					problems = append(problems, f.String())
				}
			}
			return nil, "", problems, nil
		}
		site, err := render.NewSite(m, render.Options{Version: version(), Graphs: setup.renderer, Cache: setup.cache})
		if err != nil {
			return nil, "", nil, fmt.Errorf("build: %w", err)
		}
		return site, fmt.Sprintf("loaded %d systems and %d handoffs, %d warnings; pages render when requested",
			len(m.Systems), len(m.Handoffs), m.Warnings()), nil, nil
	}

	srv, err := serve.New(serve.Options{Src: *src, Addr: *addr, Build: build, Log: e.stderr})
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	fmt.Fprintf(e.stdout, "serving %s at %s; press Ctrl+C to stop\n", *src, srv.URL())
	if err := srv.Run(ctx); err != nil {
		e.errorf("serve: %v", err)
		return exitFailed
	}
	fmt.Fprintf(e.stdout, "stopped serving %s\n", *src)
	return exitOK
}
