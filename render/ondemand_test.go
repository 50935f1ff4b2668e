package render

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestSiteMatchesBuild checks that every file a Site renders on request is
// byte-identical to the file Build writes, in any order of requests, and
// that a Site has no file Build does not write.
func TestSiteMatchesBuild(t *testing.T) {
	m := loadGenerated(t, 80, 20, 6)
	m.Settings.BaseURL = "https://maps.example.com/"
	cache, err := OpenGraphCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Cache: cache, Version: "test"}
	dir, _ := buildTo(t, m, opts)
	x, err := NewSite(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		paths = append(paths, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Ask for the last files first, so that pages render before the
	// lists and exports that share their data. The second pass requests
	// files rendered earlier, after many other pages rendered since.
	for pass := range 2 {
		for i := len(paths) - 1; i >= 0; i-- {
			checkSiteFile(t, x, dir, paths[i], pass)
		}
	}
	for _, p := range []string{"no-such-page.html", "handoffs/no-such-handoff/index.html", "favicon.ico"} {
		if _, ok, err := x.File(p); ok || err != nil {
			t.Errorf("File(%q) = ok %v, err %v; want no file", p, ok, err)
		}
	}
	// ".." cannot leave the site.
	if got, ok, _ := x.File("../../index.html"); !ok || !bytes.Contains(got, []byte("<html")) {
		t.Error(`File("../../index.html") is not the dashboard`)
	}
}

// checkSiteFile compares the file p of the Site with the file Build wrote
// below dir. pass counts the earlier requests of every file.
func checkSiteFile(t *testing.T, x *Site, dir, p string, pass int) {
	t.Helper()
	want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := x.File(p)
	if err != nil {
		t.Fatalf("File(%q): %v", p, err)
	}
	if !ok {
		t.Errorf("File(%q): no such file, but Build wrote it", p)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("File(%q) differs from the file Build wrote, on request %d of it", p, pass+1)
	}
}
