package main

import (
	"context"
	"fmt"
	"os"

	"github.com/handoffmap/handoff/render"
)

// workerCommand is the hidden sub-command that a build's render pool runs:
// this program, laying out graphs sent on stdin.
const workerCommand = "__render-worker"

func init() {
	register(&command{name: workerCommand, usage: "handoff " + workerCommand, hidden: true,
		summary: "lay out graphs sent on stdin (used by build and serve)", run: runWorker})
}

func runWorker(ctx context.Context, e *env, args []string) int {
	if err := render.ServeWorker(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(e.stderr, "handoff: error: render worker: %v\n", err)
		return exitFailed
	}
	return exitOK
}
