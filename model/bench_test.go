package model_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/handoffmap/handoff/internal/genmap"
	"github.com/handoffmap/handoff/model"
)

var buildDate = model.NewDate(2026, 1, 1)

// sizes are the map sizes of the benchmarks: handoffs, systems, people.
var sizes = [][3]int{{100, 20, 5}, {1000, 200, 30}, {10000, 2000, 300}}

func writeMap(b testing.TB, size [3]int) string {
	b.Helper()
	dir := b.TempDir()
	if _, err := genmap.Write(dir, genmap.Options{Handoffs: size[0], Systems: size[1], People: size[2], Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

func BenchmarkLoad(b *testing.B) {
	for _, size := range sizes {
		b.Run(fmt.Sprintf("handoffs=%d", size[0]), func(b *testing.B) {
			dir := writeMap(b, size)
			b.ResetTimer()
			for b.Loop() {
				if _, err := model.Load(dir, model.Options{Now: buildDate}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheck measures what handoff check does: load the map and
// format every finding.
func BenchmarkCheck(b *testing.B) {
	for _, size := range sizes {
		b.Run(fmt.Sprintf("handoffs=%d", size[0]), func(b *testing.B) {
			dir := writeMap(b, size)
			b.ResetTimer()
			for b.Loop() {
				m, err := model.Load(dir, model.Options{Now: buildDate})
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for _, f := range m.Findings {
					n += len(f.String())
				}
				if n == 0 {
					b.Fatal("the generated map has no findings")
				}
			}
		})
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	dir := writeMap(t, [3]int{800, 150, 20})
	first, err := model.Load(dir, model.Options{Now: buildDate})
	if err != nil {
		t.Fatal(err)
	}
	if first.Errors() > 0 {
		t.Fatalf("generated map has errors; first finding: %s", first.Findings[0])
	}
	for range 3 {
		again, err := model.Load(dir, model.Options{Now: buildDate})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(findingTexts(first), findingTexts(again)) {
			t.Fatal("two loads of the same tree give different findings")
		}
		if len(again.Handoffs) != len(first.Handoffs) || len(again.Systems) != len(first.Systems) {
			t.Fatal("two loads of the same tree give different handoffs or systems")
		}
		for i, h := range again.Handoffs {
			if h.ID != first.Handoffs[i].ID || h.Notes != first.Handoffs[i].Notes {
				t.Fatalf("handoff %d differs between loads: %s and %s", i, h.ID, first.Handoffs[i].ID)
			}
		}
	}
}

func findingTexts(m *model.Model) []string {
	out := make([]string, len(m.Findings))
	for i, f := range m.Findings {
		out[i] = f.String()
	}
	return out
}

// BenchmarkReload measures what serve does after a change: a load with
// the parses of the previous load kept. The files are made an hour old
// first, as in a map that was not just generated. The loader reads again
// every file changed in the last 2 seconds, because a file's modification
// time alone cannot vouch for its content then.
func BenchmarkReload(b *testing.B) {
	for _, size := range sizes {
		b.Run(fmt.Sprintf("handoffs=%d", size[0]), func(b *testing.B) {
			dir := writeMap(b, size)
			ageFiles(b, dir, time.Now().Add(-time.Hour))
			loader := model.NewLoader()
			if _, err := loader.Load(dir, model.Options{Now: buildDate}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := loader.Load(dir, model.Options{Now: buildDate}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ageFiles sets the modification time of every file below dir to mtime.
func ageFiles(tb testing.TB, dir string, mtime time.Time) {
	tb.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, mtime, mtime)
	})
	if err != nil {
		tb.Fatal(err)
	}
}
