package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/handoffmap/handoff/schema"
	"github.com/handoffmap/handoff/templates"
)

const initUsage = "handoff init [DIR]"

const initHelp = `
init writes a starter map into DIR (default: the current folder): docs-src/
with site settings, people, three systems, two handoffs and a guide page, each
key explained in a comment; .github/workflows/handoff.yml, a GitHub Actions
workflow that checks pull requests, comments with handoff diff and publishes
the site to GitHub Pages from the main branch; and the JSON Schemas of the
source files in .handoff/schema/ with a .taplo.toml that associates them, so
editors with taplo (such as the Even Better TOML extension) complete and
validate keys.

It writes nothing when any of these files already exists.
`

func runInit(ctx context.Context, e *env, args []string) int {
	fs := e.flags("init", initUsage)
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		fmt.Fprint(fs.Output(), initHelp)
	}
	operands, code, done := parseInterspersed(fs, args)
	if done {
		return code
	}
	if len(operands) > 1 {
		fmt.Fprintf(e.stderr, "handoff init: expected at most one folder, got %d\n", len(operands))
		fs.Usage()
		return exitUsage
	}
	dir := "."
	if len(operands) == 1 {
		dir = operands[0]
	}

	files, err := starterFiles()
	if err != nil {
		e.errorf("init: %v", err)
		return exitFailed
	}
	var existing []string
	for _, f := range files {
		target := filepath.Join(dir, filepath.FromSlash(f))
		if _, err := os.Lstat(target); err == nil {
			existing = append(existing, target)
		}
	}
	if len(existing) > 0 {
		for _, p := range existing {
			e.errorf("%s already exists", p)
		}
		e.errorf("init wrote nothing: move or remove these files, or run init in another folder")
		return exitFailed
	}

	w := &fileWriter{}
	for _, f := range files {
		data, err := readStarterFile(f)
		if strings.HasSuffix(f, ".toml") {
			data = datesFromToday(data, e.now())
		}
		if err == nil {
			err = w.create(filepath.Join(dir, filepath.FromSlash(f)), data)
		}
		if err != nil {
			w.undo()
			e.errorf("init: %v; nothing was kept", err)
			return exitFailed
		}
	}
	for _, p := range w.files {
		fmt.Fprintln(e.stdout, filepath.ToSlash(p))
	}
	return exitOK
}

// schemaFolder is the folder, relative to the target folder, that init
// writes the JSON Schemas to. The starter .taplo.toml refers to it.
const schemaFolder = ".handoff/schema/"

// starterFiles returns the paths of the starter files relative to the
// target folder, sorted: the embedded starter tree and the JSON Schemas.
func starterFiles() ([]string, error) {
	var files []string
	err := fs.WalkDir(templates.Starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files = append(files, strings.TrimPrefix(p, "starter/"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(schema.Files, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		files = append(files, schemaFolder+name)
	}
	sort.Strings(files)
	return files, nil
}

// readStarterFile returns the starter file at rel, a path relative to the
// target folder.
func readStarterFile(rel string) ([]byte, error) {
	if name, ok := strings.CutPrefix(rel, schemaFolder); ok {
		return fs.ReadFile(schema.Files, name)
	}
	return fs.ReadFile(templates.Starter, path.Join("starter", rel))
}

// fileWriter creates new files and folders and can remove all of them
// again, so that a command that fails halfway leaves nothing behind.
type fileWriter struct {
	files []string
	dirs  []string
}

// create writes a new file, failing when it exists, and creates its
// missing parent folders.
func (w *fileWriter) create(name string, data []byte) error {
	if err := w.mkdirAll(filepath.Dir(name)); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w.files = append(w.files, name)
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// mkdirAll creates dir and its missing parents, remembering each folder it
// created.
func (w *fileWriter) mkdirAll(dir string) error {
	info, err := os.Stat(dir)
	if err == nil {
		if !info.IsDir() {
			return fmt.Errorf("%s exists and is not a folder", dir)
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := w.mkdirAll(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	w.dirs = append(w.dirs, dir)
	return nil
}

// undo removes the files and then the folders that w created, newest
// first. Folders are removed only when empty.
func (w *fileWriter) undo() {
	for i := len(w.files) - 1; i >= 0; i-- {
		os.Remove(w.files[i])
	}
	for i := len(w.dirs) - 1; i >= 0; i-- {
		os.Remove(w.dirs[i])
	}
}

// starterDate matches the value of a last_reviewed or since key.
var starterDate = regexp.MustCompile(`(?m)^(last_reviewed|since)( *= *)\d{4}-\d{2}-\d{2}`)

// datesFromToday sets the review and start dates of a starter file to
// today, so a new map starts fresh instead of overdue.
func datesFromToday(data []byte, today time.Time) []byte {
	date := today.UTC().Format("2006-01-02")
	return starterDate.ReplaceAll(data, []byte("${1}${2}"+date))
}
