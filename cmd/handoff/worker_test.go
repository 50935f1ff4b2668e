package main

import (
	"fmt"
	"os"

	"github.com/handoffmap/handoff/render"
)

// build and serve start this test binary as their render workers (it is
// os.Executable), with render.WorkerEnv set: it then runs the worker loop
// instead of the tests.
func init() {
	if os.Getenv(render.WorkerEnv) == "1" {
		if err := render.ServeWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}
