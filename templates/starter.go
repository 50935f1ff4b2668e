package templates

import "embed"

// Starter holds the files that handoff init writes, below starter/: a
// small source folder docs-src/ and the GitHub Actions workflow
// .github/workflows/handoff.yml.
//
//go:embed all:starter
var Starter embed.FS

// New holds the templates that handoff new fills in: handoff.toml,
// system.toml and person.toml, Go text/template files with the fields ID
// and Title.
//
//go:embed new/*.toml
var New embed.FS
