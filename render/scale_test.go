package render

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handoffmap/handoff/internal/genmap"
	"github.com/handoffmap/handoff/model"
)

// loadGenerated writes a synthetic map and loads it.
func loadGenerated(t testing.TB, handoffs, systems, people int) *model.Model {
	t.Helper()
	dir := t.TempDir()
	if _, err := genmap.Write(dir, genmap.Options{Handoffs: handoffs, Systems: systems, People: people, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	m, err := model.Load(dir, model.Options{Now: model.NewDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors() > 0 {
		t.Fatalf("generated map has %d errors, first: %s", m.Errors(), m.Findings[0])
	}
	return m
}

func buildTo(t *testing.T, m *model.Model, opts Options) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	stats, err := Build(m, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return dir, stats
}

func TestBuildWarmCacheLaysOutNothing(t *testing.T) {
	m := loadGenerated(t, 300, 60, 12)
	cache, err := OpenGraphCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pool := testPool(t, PoolOptions{Workers: 2})

	cold, first := buildTo(t, m, Options{Graphs: pool, Cache: cache})
	if first.LaidOut == 0 || first.Graphs == 0 {
		t.Fatalf("cold build: %+v; want graphs laid out", first)
	}
	warm, second := buildTo(t, m, Options{Graphs: pool, Cache: cache})
	if second.LaidOut != 0 {
		t.Errorf("warm build laid out %d graphs, want 0", second.LaidOut)
	}
	if second.Cached != first.Graphs {
		t.Errorf("warm build took %d graphs from the cache, want all %d", second.Cached, first.Graphs)
	}
	assertSameTree(t, cold, warm)
}

// assertSameTree fails when two folders differ in any file name or byte.
func assertSameTree(t *testing.T, a, b string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		out := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				out[rel] = data
			}
			return err
		})
		return out
	}
	fa, fb := files(a), files(b)
	if len(fa) != len(fb) {
		t.Errorf("the builds wrote %d and %d files", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between the builds", name)
		}
	}
}

func TestBuildReplacesSlowGraphWithTable(t *testing.T) {
	m := loadGenerated(t, 120, 40, 6)
	// No graph is laid out in a microsecond, so every graph takes the
	// fallback; the build must still succeed.
	pool := testPool(t, PoolOptions{Workers: 1, Timeout: time.Microsecond})
	dir, stats := buildTo(t, m, Options{Graphs: pool})
	if stats.TooLarge == 0 || stats.TooLarge != stats.Graphs {
		t.Fatalf("stats = %+v; want every graph too large to lay out", stats)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Graph too large to lay out") {
		t.Error("the dashboard does not say its graph was too large to lay out")
	}
	if !strings.Contains(string(page), `class="graph-fallback"`) || !strings.Contains(string(page), "<td>") {
		t.Error("the dashboard has no table of the graph's lines in place of the graph")
	}
}
