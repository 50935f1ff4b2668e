package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options are the inputs of a load besides the source tree.
type Options struct {
	// Now is the build date that review states are computed against.
	Now Date
	// DisplayDir, when set, takes the place of the source folder in file
	// names of findings and in Model.Source, so that a tree extracted into a
	// temporary folder reads as its path in the repository.
	DisplayDir string
}

// maxFiles bounds the number of source files read in one tree.
var maxFiles = 200000

// Load reads, validates and derives the source tree in dir. Problems in the
// tree become findings of the returned model. The error is only for a tree
// that cannot be read at all, such as a missing folder.
func Load(dir string, opts Options) (*Model, error) {
	return loadWith(dir, opts, nil)
}

// A Loader loads the same source tree again and again, as serve does after
// every change. It keeps the content of every file it read, so a file whose
// size and modification time are unchanged is not read again. It keeps the
// decode of every system and handoff file with the findings of that decode,
// so an unchanged file is not parsed or checked again, and the parsed TOML
// of the other files. Derived facts and the findings about references
// between files are computed afresh on every load.
// A Loader is safe for use by one goroutine at a time.
type Loader struct {
	cache *parseCache
}

// NewLoader returns a Loader with an empty cache.
func NewLoader() *Loader {
	return &Loader{cache: newParseCache()}
}

// Load is Load of the package, with the parses of earlier loads reused.
// Entries for content that this load did not read are dropped.
func (ld *Loader) Load(dir string, opts Options) (*Model, error) {
	ld.cache.gen++
	m, err := loadWith(dir, opts, ld.cache)
	ld.cache.sweep()
	return m, err
}

func loadWith(dir string, opts Options, cache *parseCache) (*Model, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read the source folder %s: %w; check the path of the map's folder", dir, unwrapPathError(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("the source %q is not a folder", dir)
	}
	if opts.Now.IsZero() {
		return nil, errors.New("load: the build date is not set")
	}
	if !hasMap(dir) {
		return nil, fmt.Errorf("no handoff map in %s: it has none of handoff.toml, people.toml, systems/, handoffs/ or pages/; check the path of the map's folder, or start a map with handoff init", dir)
	}
	l := &loader{dir: dir, displayDir: dir, fsys: os.DirFS(dir), fs: &findings{}, cache: cache, dirs: &sync.Map{}}
	if opts.DisplayDir != "" {
		l.displayDir = opts.DisplayDir
	}
	l.dirPrefix = joinPrefix(l.dir)
	l.displayPrefix = filepath.ToSlash(joinPrefix(l.displayDir))
	m := &Model{Source: l.displayDir, Now: opts.Now}
	if err := l.load(m); err != nil {
		return nil, err
	}
	m.declared = snapshotDeclared(m, l.declaredHandoffs)
	derive(m, l.fs)
	m.finish(l.fs)
	return m, nil
}

// hasMap reports whether dir has any of the files and folders of a
// source tree, so that a wrong --src is an error, not an empty site.
func hasMap(dir string) bool {
	for _, name := range []string{"handoff.toml", "people.toml", "systems", "handoffs", "pages"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

type loader struct {
	dir        string
	displayDir string
	// dirPrefix and displayPrefix are dir and displayDir as joinPrefix
	// returns them.
	dirPrefix     string
	displayPrefix string
	// root is the absolute source folder with symbolic links resolved,
	// set on first use by inside.
	root  string
	fsys  fs.FS
	fs    *findings
	files int
	// cache, when set, holds the parses of earlier loads.
	cache *parseCache
	// dirs maps a folder to whether it stays inside the source folder,
	// for the rest of the load. Most files are not links, and such a file
	// is inside exactly when its folder is. A sync.Map is read without a
	// lock once its keys are stored, and folders are few.
	dirs *sync.Map
	// declaredHandoffs are the handoffs as declared in their files, shared
	// with the cache. They are nil without a cache.
	declaredHandoffs []*Handoff
}

// display returns the path of a file below the source folder as findings
// name it: the source folder as the user wrote it, then the file.
func (l *loader) display(rel string) string {
	return l.displayPrefix + rel
}

// full returns the path of a file below the source folder for the os
// package.
func (l *loader) full(rel string) string {
	return l.dirPrefix + filepath.FromSlash(rel)
}

// joinPrefix returns the text that filepath.Join(dir, rel) starts with for
// every clean relative path rel that does not start with "..", so that
// joining becomes concatenation: "a/b/" for "a/b", "" for "." and "/" for
// "/". The loader joins paths for every file on every load.
func joinPrefix(dir string) string {
	return strings.TrimSuffix(filepath.Join(dir, "x"), "x")
}

// readTable reads and parses one TOML file. It returns nil after recording
// a finding when the file cannot be read or parsed.
func (l *loader) readTable(rel string, subject Subject) *table {
	data, ok := l.read(rel, subject)
	if !ok {
		return nil
	}
	return l.parse(rel, data, subject, 0)
}

func (l *loader) parse(rel string, data []byte, subject Subject, lineOffset int) *table {
	file := l.display(rel)
	raw, pos, err, at := l.cache.parse(data)
	if err != nil {
		at.Line += lineOffset
		l.fs.add("syntax", file, at, subject, "fix the TOML syntax at this position", "%v", err)
		return nil
	}
	if lineOffset != 0 {
		// A new map: the parse may be shared through the cache.
		shifted := make(Positions, len(pos))
		for k, p := range pos {
			p.Line += lineOffset
			shifted[k] = p
		}
		pos = shifted
	}
	return &table{file: file, raw: raw, pos: pos, subject: subject, fs: l.fs}
}

func (l *loader) read(rel string, subject Subject) ([]byte, bool) {
	l.files++
	if l.files > maxFiles {
		if l.files == maxFiles+1 {
			l.fs.add("invalid-value", l.display(rel), Position{}, subject, "split the map into several source trees",
				"the source tree has more than %d files; the rest is not read", maxFiles)
		}
		return nil, false
	}
	// A file that is not a link is inside when its folder is, and then its
	// Lstat is its Stat. This saves resolving every part of its path.
	full := l.full(rel)
	info, err := os.Lstat(full)
	// Only a file that is not a link is cached: a link may point to
	// another file of the same size and time.
	cacheable := err == nil && info.Mode().IsRegular()
	if err != nil || info.Mode()&fs.ModeSymlink != 0 || !l.insideDir(path.Dir(rel)) {
		cacheable = false
		if !l.inside(rel) {
			l.fs.add("invalid-value", l.display(rel), Position{}, subject, "replace the link with a copy of the file",
				"symbolic link points outside the source folder and is not followed")
			return nil, false
		}
		info, err = fs.Stat(l.fsys, rel)
	}
	if err == nil && !info.Mode().IsRegular() {
		// A named pipe or device would block the read or never end.
		l.fs.add("invalid-value", l.display(rel), Position{}, subject, "replace it with a regular file",
			"not a regular file (%s)", info.Mode().Type())
		return nil, false
	}
	if err == nil && info.Size() > maxSourceSize {
		l.fs.add("invalid-value", l.display(rel), Position{}, subject, "split it into smaller files",
			"the file is %d bytes, more than the limit of %d", info.Size(), maxSourceSize)
		return nil, false
	}
	if cacheable {
		if data, ok := l.cache.content(full, info); ok {
			return data, true
		}
	}
	readAt := time.Now()
	data, err := fs.ReadFile(l.fsys, rel)
	if err != nil {
		l.fs.add("syntax", l.display(rel), Position{}, subject, "check the file's permissions", "cannot read the file: %v", unwrapPathError(err))
		return nil, false
	}
	if cacheable {
		l.cache.store(full, info, data, readAt)
	}
	return data, true
}

// insideDir is inside for a folder, remembered for the rest of the load.
func (l *loader) insideDir(dir string) bool {
	if dir == "." {
		return true
	}
	if ok, known := l.dirs.Load(dir); known {
		return ok.(bool)
	}
	ok := l.inside(dir)
	l.dirs.Store(dir, ok)
	return ok
}

// inside reports whether rel, after following symbolic links in any of its
// folders as well as in its last part, stays inside the source folder.
func (l *loader) inside(rel string) bool {
	if l.root == "" {
		root, err := filepath.EvalSymlinks(l.dir)
		if err != nil {
			return false
		}
		if l.root, err = filepath.Abs(root); err != nil {
			return false
		}
	}
	target, err := filepath.EvalSymlinks(filepath.Join(l.dir, filepath.FromSlash(rel)))
	if err != nil {
		// A dangling link or a loop: reading the file reports the error.
		return true
	}
	target, err = filepath.Abs(target)
	if err != nil {
		return false
	}
	return target == l.root || strings.HasPrefix(target, l.root+string(filepath.Separator))
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) exists(rel string) bool {
	_, err := fs.Stat(l.fsys, rel)
	return err == nil
}

func (l *loader) load(m *Model) error {
	m.Settings = Settings{Rules: map[string]Severity{}}
	if l.exists("handoff.toml") {
		if t := l.readTable("handoff.toml", Subject{SubjectSite, ""}); t != nil {
			m.Settings = decodeSettings(t)
		}
	}
	if m.Settings.ReviewEvery.IsZero() {
		m.Settings.ReviewEvery = DefaultReviewEvery
	}
	if m.Settings.DueSoon.IsZero() {
		m.Settings.DueSoon = DefaultDueSoon
	}
	if m.Settings.Title == "" {
		m.Settings.Title = "Integration map"
	}

	if l.exists("people.toml") {
		if t := l.readTable("people.toml", Subject{SubjectSite, ""}); t != nil {
			m.People, m.Teams = decodePeople(t)
		} else {
			m.peopleUnreadable = true
		}
	}

	m.unreadableSystems = map[string]bool{}
	systemFiles, err := l.list("systems", ".toml")
	if err != nil {
		return err
	}
	handoffFiles, notesFiles, err := l.listWithSiblings("handoffs", ".toml", ".md")
	if err != nil {
		return err
	}
	// Each file decodes on its own, so files are read in parallel when the
	// tree is below the file limit. Above it, the limit's finding needs the
	// reads in order. Results are merged in path order either way.
	parallel := len(systemFiles)+2*len(handoffFiles) < maxFiles-l.files-100
	systems := make([]*System, len(systemFiles))
	unreadable := make([]string, len(systemFiles))
	l.each(len(systemFiles), parallel, func(i int, l *loader) {
		f := systemFiles[i]
		if !l.checkFileID(f, "system", systemFiles) {
			// Handoffs most likely name the system by the id the file
			// should have, so do not report those references again.
			unreadable[i] = suggestID(f.id)
			return
		}
		if s := l.loadSystem(f); s != nil {
			systems[i] = s
		} else {
			unreadable[i] = f.id
		}
	})
	for i, s := range systems {
		if s != nil {
			m.Systems = append(m.Systems, s)
		} else if unreadable[i] != "" {
			m.unreadableSystems[unreadable[i]] = true
		}
	}

	handoffs := make([]*Handoff, len(handoffFiles))
	declared := make([]*Handoff, len(handoffFiles))
	l.each(len(handoffFiles), parallel, func(i int, l *loader) {
		handoffs[i], declared[i] = l.loadHandoff(handoffFiles[i], handoffFiles, notesFiles)
	})
	for i, h := range handoffs {
		if h != nil {
			m.Handoffs = append(m.Handoffs, h)
			if declared[i] != nil {
				l.declaredHandoffs = append(l.declaredHandoffs, declared[i])
			}
		}
	}

	pageFiles, err := l.list("pages", ".md")
	if err != nil {
		return err
	}
	for _, f := range pageFiles {
		if !l.checkFileID(f, "page", pageFiles) {
			continue
		}
		if p := l.loadPage(f); p != nil {
			m.Pages = append(m.Pages, p)
		}
	}
	sortPages(m.Pages)
	return nil
}

// each calls fn for 0 ≤ i < n, on one goroutine per CPU when parallel is
// set. Each call gets a loader of its own whose findings are added to l's
// in the order of i, so the findings do not depend on scheduling.
func (l *loader) each(n int, parallel bool, fn func(i int, l *loader)) {
	if !parallel {
		for i := range n {
			fn(i, l)
		}
		return
	}
	found := make([]*findings, n)
	workers := make([]*loader, runtime.GOMAXPROCS(0))
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for w := range workers {
		// A worker keeps its loader and findings collector for as long as
		// the calls record no findings, as most do.
		sub := *l
		sub.fs, sub.files = &findings{}, 0
		workers[w] = &sub
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i, &sub)
				if len(sub.fs.list) > 0 {
					found[i] = sub.fs
					sub.fs = &findings{}
				}
			}
		}()
	}
	wg.Wait()
	for _, fs := range found {
		if fs != nil {
			l.fs.merge(fs)
		}
	}
	for _, sub := range workers {
		l.files += sub.files
	}
}

// loadSystem reads a system file, or returns nil after recording a
// finding.
func (l *loader) loadSystem(f sourceFile) *System {
	subject := Subject{SubjectSystem, f.id}
	data, ok := l.read(f.rel, subject)
	if !ok {
		return nil
	}
	cached, _ := decodeCached(l, f.rel, f.id, subject, data, func(t *table) *System { return decodeSystem(t, f.id) })
	if cached == nil || l.cache == nil {
		return cached
	}
	// derive changes the system it resolves, and definitions point back
	// to their system.
	s := *cached
	if len(cached.Definitions) > 0 {
		s.Definitions = make([]Definition, len(cached.Definitions))
		for i, d := range cached.Definitions {
			d.System = &s
			s.Definitions[i] = d
		}
	}
	return &s
}

// loadHandoff reads a handoff file and its sibling notes file, or returns
// nil after recording a finding. notesFiles contains the paths of the
// notes files that exist. With a cache, the second result is the handoff
// as declared in the files, shared with the cache, and the first is a copy
// of it for derive to change.
func (l *loader) loadHandoff(f sourceFile, all []sourceFile, notesFiles map[string]bool) (*Handoff, *Handoff) {
	subject := Subject{SubjectHandoff, f.id}
	if !l.checkFileID(f, "handoff", all) {
		return nil, nil
	}
	data, ok := l.read(f.rel, subject)
	if !ok {
		return nil, nil
	}
	decoded, d := decodeCached(l, f.rel, f.id, subject, data, func(t *table) *Handoff { return decodeHandoff(t, f.id) })
	if decoded == nil {
		return nil, nil
	}
	notesRel := strings.TrimSuffix(f.rel, ".toml") + ".md"
	var notes []byte
	hasNotes := false
	if notesFiles[notesRel] {
		notes, hasNotes = l.read(notesRel, subject)
	}
	if l.cache == nil {
		if hasNotes {
			decoded.addNotes(l.display(notesRel), notes)
		}
		return decoded, nil
	}
	declared := d.declaredHandoff(l, notesRel, hasNotes, notes)
	h := *declared
	return &h, declared
}

// addNotes appends the content of the handoff's notes file to its notes.
func (h *Handoff) addNotes(file string, notes []byte) {
	h.NotesFile = file
	if h.Notes != "" {
		h.Notes += "\n\n"
	}
	h.Notes += string(notes)
}

func (l *loader) loadPage(f sourceFile) *Page {
	subject := Subject{SubjectPage, f.id}
	data, ok := l.read(f.rel, subject)
	if !ok {
		return nil
	}
	front, body, _, found := splitFrontMatter(data)
	if !found {
		return &Page{ID: f.id, File: l.display(f.rel), Title: f.id, Body: string(body)}
	}
	t := l.parse(f.rel, front, subject, 1)
	if t == nil {
		return nil
	}
	return decodePage(t, f.id, string(body))
}

// sourceFile is a file found below one of the tree's folders.
type sourceFile struct {
	rel string // path below the source folder, with forward slashes
	id  string
}

// list returns the files with the extension below folder, sorted by path,
// with ids made from their paths. A missing folder has no files.
func (l *loader) list(folder, ext string) ([]sourceFile, error) {
	files, _, err := l.listWithSiblings(folder, ext, "")
	return files, err
}

// listWithSiblings is list that also returns the set of paths below
// folder, outside hidden folders, that end in siblingExt and for which
// fs.Stat succeeds, so a dangling link is left out. The set is empty when
// siblingExt is "". Looking a file up in the set saves a stat.
func (l *loader) listWithSiblings(folder, ext, siblingExt string) ([]sourceFile, map[string]bool, error) {
	siblings := map[string]bool{}
	if !l.exists(folder) {
		return nil, siblings, nil
	}
	if !l.inside(folder) {
		l.fs.add("invalid-value", l.display(folder), Position{}, Subject{}, "replace the link with a copy of the folder",
			"symbolic link points outside the source folder and is not followed")
		return nil, siblings, nil
	}
	// The subfolders are walked in parallel, and their results are merged
	// in the order of a walk of the whole tree.
	entries, err := fs.ReadDir(l.fsys, folder)
	if err != nil {
		// The walk of the whole folder below reports the error as a finding.
		entries = nil
	}
	parts := make([]listing, max(len(entries), 1))
	var wg sync.WaitGroup
	workers := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, e := range entries {
		parts[i].fs = &findings{}
		p := folder + "/" + e.Name()
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			l.visit(folder, ext, siblingExt, &parts[i], p, e)
			continue
		}
		wg.Add(1)
		workers <- struct{}{}
		go func() {
			defer wg.Done()
			l.walk(folder, p, ext, siblingExt, &parts[i])
			<-workers
		}()
	}
	if entries == nil {
		parts[0].fs = l.fs
		l.walk(folder, folder, ext, siblingExt, &parts[0])
	}
	wg.Wait()

	var files []sourceFile
	for _, part := range parts {
		files = append(files, part.files...)
		for _, p := range part.siblings {
			siblings[p] = true
		}
		if part.fs != l.fs {
			l.fs.merge(part.fs)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	return files, siblings, nil
}

// listing contains the files, siblings and findings that a walk of one
// part of a folder found.
type listing struct {
	files    []sourceFile
	siblings []string
	fs       *findings
}

// walk visits the tree at root, which is folder or a path below it, for
// listWithSiblings.
func (l *loader) walk(folder, root, ext, siblingExt string, out *listing) {
	// visit returns no error other than fs.SkipDir, so the walk returns nil.
	fs.WalkDir(l.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			out.fs.add("syntax", l.display(p), Position{}, Subject{}, "check the folder's permissions", "cannot read: %v", unwrapPathError(err))
			return nil
		}
		return l.visit(folder, ext, siblingExt, out, p, d)
	})
}

// visit adds the entry at p to out when it is a source file or a sibling,
// and returns fs.SkipDir for a hidden folder.
func (l *loader) visit(folder, ext, siblingExt string, out *listing, p string, d fs.DirEntry) error {
	if siblingExt != "" && p != folder && strings.HasSuffix(p, siblingExt) {
		if d.Type()&fs.ModeSymlink == 0 || l.exists(p) {
			out.siblings = append(out.siblings, p)
		}
	}
	if d.IsDir() {
		if p != folder && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		return nil
	}
	if strings.HasPrefix(d.Name(), ".") || !strings.HasSuffix(p, ext) {
		return nil
	}
	if d.Type()&fs.ModeSymlink != 0 {
		target, err := fs.Stat(l.fsys, p)
		if err == nil && target.IsDir() {
			return nil
		}
	}
	id := strings.TrimSuffix(strings.TrimPrefix(p, folder+"/"), ext)
	out.files = append(out.files, sourceFile{rel: p, id: id})
	return nil
}

// checkFileID reports a finding and returns false when the id of a file
// breaks the id rules. Upper case is rejected, so two accepted ids never
// differ only by case. When two files would, the finding names the other
// file, because both cannot exist in a checkout on macOS or Windows.
func (l *loader) checkFileID(f sourceFile, what string, all []sourceFile) bool {
	err := checkID(f.id)
	if err == nil {
		return true
	}
	for _, other := range all {
		if other.rel != f.rel && strings.EqualFold(other.id, f.id) {
			l.fs.add("invalid-id", l.display(f.rel), Position{}, Subject{}, "merge the two files into one, or give this one another lower-case name",
				"%s id %q differs only by case from %q (%s), so the two files collide on case-insensitive file systems such as macOS and Windows, and ids are lower case only",
				what, f.id, other.id, l.display(other.rel))
			return false
		}
	}
	l.fs.add("invalid-id", l.display(f.rel), Position{}, Subject{}, renameHint(f),
		"%s id %q: %v", what, f.id, err)
	return false
}

func renameHint(f sourceFile) string {
	s := suggestID(f.id)
	if s == "" || s == f.id {
		return "rename the file using lower-case letters, digits, \"-\" and \"_\""
	}
	ext := path.Ext(f.rel)
	folder := strings.TrimSuffix(f.rel, f.id+ext)
	return fmt.Sprintf("rename the file to %s", folder+s+ext)
}
