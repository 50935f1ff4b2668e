package main

import (
	"context"
	"fmt"

	"github.com/handoffmap/handoff/internal/genmap"
)

func init() {
	register(&command{name: "__generate", hidden: true,
		usage:   "handoff __generate --out DIR [--handoffs N] [--systems N] [--people N] [--seed S] [--hugo DIR]",
		summary: "write a synthetic map for benchmarks", run: runGenerate})
}

func runGenerate(ctx context.Context, e *env, args []string) int {
	fs := e.flags("__generate", "handoff __generate --out DIR [--handoffs N] [--systems N] [--people N] [--seed S] [--hugo DIR]")
	out := fs.String("out", "", "new or empty `folder` to write the source tree into")
	handoffs := fs.Int("handoffs", 1000, "`number` of handoffs")
	systems := fs.Int("systems", 200, "`number` of systems")
	people := fs.Int("people", 30, "`number` of people")
	seed := fs.Uint64("seed", 1, "random `seed`; the same seed and sizes give the same files")
	hugo := fs.String("hugo", "", "also write a Hugo site with one page per handoff into this new or empty `folder`")
	if code, done := parse(fs, args); done {
		return code
	}
	if *out == "" {
		e.errorf("--out is missing: name a new folder for the map")
		return exitUsage
	}
	m, err := genmap.Write(*out, genmap.Options{Handoffs: *handoffs, Systems: *systems, People: *people, Seed: *seed})
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	if *hugo != "" {
		if err := genmap.WriteHugo(*hugo, m); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d handoffs, %d systems, %d people, %d files\n", *out, *handoffs, *systems, *people, len(m.Files))
	return exitOK
}
