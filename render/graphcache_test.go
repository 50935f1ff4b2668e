package render

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestGraphCachePruneRemovesUnusedEntries(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenGraphCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	old, used, fresh := []byte("digraph old {}"), []byte("digraph used {}"), []byte("digraph fresh {}")
	for _, dot := range [][]byte{old, used, fresh} {
		if err := c.Put(dot, []byte("<svg/>")); err != nil {
			t.Fatal(err)
		}
	}
	longAgo := now.Add(-CacheMaxAge - time.Hour)
	for _, dot := range [][]byte{old, used} {
		if err := os.Chtimes(c.path(dot), longAgo, longAgo); err != nil {
			t.Fatal(err)
		}
	}
	// A build reads the entry, which marks it as used.
	if _, ok := c.Get(used); !ok {
		t.Fatal("Get(used) missed")
	}
	leftover := filepath.Join(filepath.Dir(c.path(fresh)), ".tmp-123")
	if err := os.WriteFile(leftover, []byte("<sv"), 0o644); err != nil {
		t.Fatal(err)
	}
	twoHoursAgo := now.Add(-2 * time.Hour)
	if err := os.Chtimes(leftover, twoHoursAgo, twoHoursAgo); err != nil {
		t.Fatal(err)
	}

	removed, err := c.Prune(CacheMaxAge, now)
	if err != nil {
		t.Fatal(err)
	}
	if removed != 2 {
		t.Errorf("Prune removed %d files, want 2 (the unused entry and the leftover temporary file)", removed)
	}
	if _, ok := c.Get(old); ok {
		t.Error("the entry unused for longer than CacheMaxAge is still in the cache")
	}
	for name, dot := range map[string][]byte{"used": used, "fresh": fresh} {
		if _, ok := c.Get(dot); !ok {
			t.Errorf("the %s entry was removed", name)
		}
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the leftover temporary file is still there: %v", err)
	}

	// Within a day of pruning, the cache is not walked again.
	if err := os.Chtimes(c.path(fresh), longAgo, longAgo); err != nil {
		t.Fatal(err)
	}
	if removed, err := c.Prune(CacheMaxAge, now.Add(time.Hour)); err != nil || removed != 0 {
		t.Errorf("second Prune within a day = %d, %v; want 0, nil", removed, err)
	}
	if removed, err := c.Prune(CacheMaxAge, now.Add(25*time.Hour)); err != nil || removed != 1 {
		t.Errorf("Prune a day later = %d, %v; want 1, nil", removed, err)
	}
}
