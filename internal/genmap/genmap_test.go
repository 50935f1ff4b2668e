package genmap

import (
	"bytes"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	opts := Options{Handoffs: 300, Systems: 60, People: 10, Seed: 42}
	a, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("two runs wrote %d and %d files", len(a.Files), len(b.Files))
	}
	for name, data := range a.Files {
		if !bytes.Equal(data, b.Files[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	other, err := Generate(Options{Handoffs: 300, Systems: 60, People: 10, Seed: 43})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Files["people.toml"], other.Files["people.toml"]) {
		t.Error("another seed gives the same people.toml")
	}
}

func TestGenerateSizes(t *testing.T) {
	m, err := Generate(Options{Handoffs: 250, Systems: 50, People: 8, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Handoffs) != 250 {
		t.Errorf("generated %d handoffs, want 250", len(m.Handoffs))
	}
	systems := 0
	for name := range m.Files {
		if len(name) > 8 && name[:8] == "systems/" {
			systems++
		}
	}
	if systems != 50 {
		t.Errorf("generated %d system files, want 50", systems)
	}
}
