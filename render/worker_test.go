package render

import (
	"fmt"
	"os"
)

// A test binary started by a Pool with WorkerEnv set runs as a render
// worker, so the pool tests need no installed handoff binary.
func init() {
	if os.Getenv(WorkerEnv) == "1" {
		if err := ServeWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}
