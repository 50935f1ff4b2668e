package model

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/handoffmap/handoff/internal/genmap"
)

// TestResolveHandoffsInParallel checks that resolving handoffs in chunks
// on several goroutines gives the model and findings of a run on one.
func TestResolveHandoffsInParallel(t *testing.T) {
	dir := t.TempDir()
	gm, err := genmap.Write(dir, genmap.Options{Handoffs: 700, Systems: 120, People: 20, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Unknown systems and people give findings in every chunk.
	for _, h := range gm.Handoffs[:5] {
		if err := os.Remove(filepath.Join(dir, "systems", h.From+".toml")); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "people.toml"), []byte("[people.someone-else]\nname = \"Someone Else\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	load := func(minParallel int) *Model {
		t.Helper()
		saved := minParallelHandoffs
		minParallelHandoffs = minParallel
		defer func() { minParallelHandoffs = saved }()
		m, err := Load(dir, Options{Now: NewDate(2026, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	single, parallel := load(1<<30), load(1)
	if len(single.Findings) < 700 {
		t.Fatalf("the map has %d findings, want at least one per handoff", len(single.Findings))
	}
	if len(parallel.Findings) != len(single.Findings) {
		t.Fatalf("parallel resolution gives %d findings, one goroutine %d", len(parallel.Findings), len(single.Findings))
	}
	for i, f := range parallel.Findings {
		if f.String() != single.Findings[i].String() {
			t.Fatalf("finding %d: parallel resolution gives\n%s\none goroutine gives\n%s", i, f, single.Findings[i])
		}
	}
	if !reflect.DeepEqual(parallel, single) {
		t.Error("parallel resolution gives another model than one goroutine")
	}
}
