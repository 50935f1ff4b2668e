package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

const fuzzPeople = `[teams.revops]
name = "Revenue Operations"

[people.maria]
name = "Maria Example"
team = "revops"

[people.dana]
name = "Dana Example"
active = false
`

// FuzzLoad writes arbitrary bytes as every kind of source file next to a
// small valid tree and loads it. Loading must end with findings, not a
// panic, and every finding needs a known rule, a severity and one line.
func FuzzLoad(f *testing.F) {
	files, err := filepath.Glob("../testdata/check/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, af := range ar.Files {
			f.Add(af.Data)
		}
	}
	f.Add([]byte("+++\ntitle = \"x\"\n+++\nbody"))

	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		write := func(rel string, content []byte) {
			path := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write("people.toml", []byte(fuzzPeople))
		write("systems/crm.toml", []byte("name = \"CRM\"\nowner = \"maria\"\n"))
		write("systems/fuzz.toml", data)
		write("handoffs/fuzz.toml", data)
		write("handoffs/fuzz.md", data)
		write("pages/fuzz.md", data)
		write("handoff.toml", data)

		m, err := Load(dir, Options{Now: NewDate(2026, 12, 4)})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		for _, finding := range m.Findings {
			if _, ok := ruleByID[finding.Rule]; !ok {
				t.Errorf("finding with unknown rule %q: %s", finding.Rule, finding)
			}
			if finding.Severity != SeverityError && finding.Severity != SeverityWarning {
				t.Errorf("finding with severity %q: %s", finding.Severity, finding)
			}
			if s := finding.String(); strings.ContainsAny(s, "\n\r") {
				t.Errorf("finding spans lines: %q", s)
			}
			if finding.Line < 0 || finding.Column < 0 {
				t.Errorf("finding with negative position: %s", finding)
			}
		}
	})
}
