package model

import "flag"

// The -update flag rewrites golden files in the packages that have them. It
// is defined here too so that go test ./... -update runs every package.
var _ = flag.Bool("update", false, "rewrite golden files (no golden files in this package)")
