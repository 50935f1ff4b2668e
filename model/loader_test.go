package model_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/handoffmap/handoff/internal/genmap"
	"github.com/handoffmap/handoff/model"
)

// TestLoaderMatchesLoad checks that a Loader, which reuses the parses of
// earlier loads, gives the same model as a fresh Load after every kind of
// change: an edit, a syntax error, a fix, a new file and a removed one.
func TestLoaderMatchesLoad(t *testing.T) {
	dir := t.TempDir()
	gm, err := genmap.Write(dir, genmap.Options{Handoffs: 60, Systems: 15, People: 5, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	// Files older than the loader's window for racy times are cached by
	// size and time; every edit below gives its file a new time.
	old := time.Now().Add(-time.Hour)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	file := func(id string) string { return filepath.Join(dir, "handoffs", filepath.FromSlash(id)+".toml") }
	first, second := file(gm.Handoffs[0].ID), file(gm.Handoffs[1].ID)
	orig, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	other, err := os.ReadFile(second)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		change func()
	}{
		{"unchanged", func() {}},
		{"edited title", func() {
			write(first, strings.Replace(string(orig), "title = ", "title = \"Edited\"\n# ", 1))
		}},
		{"syntax error", func() { write(first, string(orig)+"\nbroken = = 1\n") }},
		{"fixed", func() { write(first, string(orig)) }},
		{"fixed and old", func() {
			if err := os.Chtimes(first, old, old.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
		}},
		{"edited again", func() { write(first, strings.Replace(string(orig), "title = ", "title = \"Edited again\"\n# ", 1)) }},
		{"same content in two files", func() { write(second, string(orig)) }},
		{"new file", func() { write(file("added-by-test"), string(other)) }},
		{"removed file", func() {
			if err := os.Remove(file("added-by-test")); err != nil {
				t.Fatal(err)
			}
			write(second, string(other))
		}},
	}
	loader := model.NewLoader()
	for _, step := range steps {
		step.change()
		want, err := model.Load(dir, model.Options{Now: buildDate})
		if err != nil {
			t.Fatal(err)
		}
		got, err := loader.Load(dir, model.Options{Now: buildDate})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(findingTexts(got), findingTexts(want)) {
			t.Errorf("%s: the loader's findings differ from a fresh load:\n%s\nwant:\n%s", step.name,
				strings.Join(findingTexts(got), "\n"), strings.Join(findingTexts(want), "\n"))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the loader's model differs from a fresh load", step.name)
		}
	}
}
