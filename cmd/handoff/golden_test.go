package main

import "flag"

// update rewrites golden files with the output of the code under test:
// go test ./... -update
var update = flag.Bool("update", false, "rewrite golden files under testdata/")
