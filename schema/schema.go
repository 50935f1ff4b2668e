// Package schema contains the JSON Schemas (draft-07) of the source files of a
// handoff map, for editors that complete and validate TOML against a
// schema, such as taplo and the Even Better TOML extension.
package schema

import "embed"

// Files contains the schemas: handoff.json for handoffs/*.toml, system.json
// for systems/*.toml, people.json for people.toml and settings.json for
// handoff.toml.
//
//go:embed *.json
var Files embed.FS

// Names maps each schema file to the source files it describes, as globs
// relative to the source folder.
var Names = map[string][]string{
	"handoff.json":  {"handoffs/**/*.toml"},
	"system.json":   {"systems/*.toml"},
	"people.json":   {"people.toml"},
	"settings.json": {"handoff.toml"},
}
