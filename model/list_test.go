package model

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

func TestListWithSiblings(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{
		"a.toml", "a.md", ".hidden.toml", ".h/x.toml", "d1/b.toml", "d1/b.md",
		"d1/d2/c.toml", "d3/e.toml", "dangling.toml", "z.toml",
	} {
		full := filepath.Join(dir, "handoffs", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A folder named like a notes file exists, and a dangling link does not.
	if err := os.Mkdir(filepath.Join(dir, "handoffs", "d3", "e.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "handoffs", "dangling.md")); err != nil {
		t.Fatal(err)
	}

	l := &loader{dir: dir, displayDir: dir, fsys: os.DirFS(dir), fs: &findings{}}
	files, siblings, err := l.listWithSiblings("handoffs", ".toml", ".md")
	if err != nil {
		t.Fatal(err)
	}

	var ids []string
	for _, f := range files {
		ids = append(ids, f.id)
	}
	wantIDs := []string{"a", "d1/b", "d1/d2/c", "d3/e", "dangling", "z"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("ids %v, want %v", ids, wantIDs)
	}
	var paths []string
	for p := range siblings {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	wantPaths := []string{"handoffs/a.md", "handoffs/d1/b.md", "handoffs/d3/e.md"}
	if !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("siblings %v, want %v", paths, wantPaths)
	}
	if len(l.fs.list) != 0 {
		t.Errorf("listing recorded findings: %v", l.fs.list[0])
	}
}
