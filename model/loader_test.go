package model_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/handoffmap/handoff/internal/genmap"
	"github.com/handoffmap/handoff/model"
)

// TestLoaderMatchesLoad checks that a Loader, which reuses the content and
// decodes of earlier loads, gives the same model and findings as a fresh
// Load after every kind of change. The steps edit files, break and fix the
// syntax, add and remove files, and change people.toml, a system, a notes
// file and the severity of a rule. The last four change findings about
// handoff files that did not change. The test also checks that a later
// load leaves the model of an earlier one as it was.
//
// The steps run twice: with the modification times that the writes give,
// which are too recent for the loader to trust, and with every written
// file given a distinct old time, as in serve after an edit.
func TestLoaderMatchesLoad(t *testing.T) {
	for _, oldTimes := range []bool{false, true} {
		name := "recent times"
		if oldTimes {
			name = "old times"
		}
		t.Run(name, func(t *testing.T) { testLoaderSteps(t, oldTimes) })
	}
}

func testLoaderSteps(t *testing.T, oldTimes bool) {
	dir := t.TempDir()
	gm, err := genmap.Write(dir, genmap.Options{Handoffs: 60, Systems: 15, People: 5, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	// Files older than the loader's window for racy times are cached by
	// size and time; every edit below gives its file a new time.
	old := time.Now().Add(-time.Hour)
	ageFiles(t, dir, old)
	written := 0
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if oldTimes {
			written++
			mtime := old.Add(time.Duration(written) * time.Second)
			if err := os.Chtimes(name, mtime, mtime); err != nil {
				t.Fatal(err)
			}
		}
	}
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	remove := func(name string) {
		t.Helper()
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
	handoffFile := func(id string) string { return filepath.Join(dir, "handoffs", filepath.FromSlash(id)+".toml") }
	notesFile := func(id string) string { return filepath.Join(dir, "handoffs", filepath.FromSlash(id)+".md") }
	first, second := handoffFile(gm.Handoffs[0].ID), handoffFile(gm.Handoffs[1].ID)
	orig, other := read(first), read(second)

	// A person who owns handoffs, and a system that handoffs start at.
	owner := gm.Handoffs[2].Owner
	peopleFile := filepath.Join(dir, "people.toml")
	people := read(peopleFile)
	header := "[people." + owner + "]\n"
	at := strings.Index(people, header)
	if at < 0 || !strings.Contains(people[at:], "active = true") {
		t.Fatalf("people.toml has no section %q with active = true", header)
	}
	ownerLeft := people[:at] + strings.Replace(people[at:], "active = true", "active = false", 1)
	systemFile := filepath.Join(dir, "systems", gm.Handoffs[3].From+".toml")
	system := read(systemFile)
	settingsFile := filepath.Join(dir, "handoff.toml")
	settings := read(settingsFile)
	noNotes := gm.Handoffs[4].ID
	if _, err := os.Stat(notesFile(noNotes)); err == nil {
		remove(notesFile(noNotes))
	}

	steps := []struct {
		name   string
		change func()
	}{
		{"unchanged", func() {}},
		{"edited title", func() {
			write(first, strings.Replace(orig, "title = ", "title = \"Edited\"\n# ", 1))
		}},
		{"syntax error", func() { write(first, orig+"\nbroken = = 1\n") }},
		{"fixed", func() { write(first, orig) }},
		{"fixed and old", func() {
			if err := os.Chtimes(first, old, old.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
		}},
		{"edited again", func() { write(first, strings.Replace(orig, "title = ", "title = \"Edited again\"\n# ", 1)) }},
		{"same content in two files", func() { write(second, orig) }},
		{"owner unknown", func() {
			write(second, strings.Replace(other, "owner = ", "owner = \"nobody-by-that-id\"\n# ", 1))
		}},
		{"new file", func() { write(handoffFile("added-by-test"), other) }},
		{"removed file", func() {
			remove(handoffFile("added-by-test"))
			write(second, other)
		}},
		{"owner left", func() { write(peopleFile, ownerLeft) }},
		{"owner back", func() { write(peopleFile, people) }},
		{"system renamed", func() {
			write(systemFile, strings.Replace(system, "name = ", "name = \"Renamed system\"\n# ", 1))
		}},
		{"system removed", func() { remove(systemFile) }},
		{"system back", func() { write(systemFile, system) }},
		{"notes added", func() { write(notesFile(noNotes), "First notes.\n") }},
		{"notes edited", func() { write(notesFile(noNotes), "Second notes, longer.\n") }},
		{"notes removed", func() { remove(notesFile(noNotes)) }},
		{"unknown key", func() { write(first, orig+"\ncolour = \"red\"\n") }},
		{"rule made a warning", func() { write(settingsFile, settings+"\n[rules]\nunknown-key = \"warning\"\n") }},
		{"rule back", func() { write(settingsFile, settings) }},
	}
	loader := model.NewLoader()
	var lastGot, lastWant *model.Model
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
			t.Errorf("%s: the loader's findings differ from a fresh load (-want +got):\n%s", step.name,
				cmp.Diff(findingTexts(want), findingTexts(got)))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the loader's model differs from a fresh load", step.name)
		}
		if lastGot != nil && !reflect.DeepEqual(lastGot, lastWant) {
			t.Errorf("%s: the load changed the model of the previous load", step.name)
		}
		lastGot, lastWant = got, want
	}
}
