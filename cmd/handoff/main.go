// Command handoff compiles a folder of TOML files, one per system handoff,
// into a static website: an architecture map with owners, monitoring and
// review dates.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
