package model

import (
	"bytes"
	"io/fs"
	"sync"
	"time"
)

// parseCache maps the content of a TOML file to its parse. Decoding only
// reads the parsed values, so one parse can serve many loads.
//
// While a load runs, the maps files and decoded are only read, so the
// workers that read files in parallel look them up without the lock. Their
// new entries wait in pendingFiles and pendingDecoded until the load ends.
type parseCache struct {
	mu      sync.Mutex
	gen     int
	entries map[string]*parsed
	// files maps a file's full path to its content when last read.
	files map[string]*readFile
	// decoded maps the path of a system or handoff file below the source
	// folder to its decode.
	decoded map[string]*decodedFile

	pendingFiles   map[string]*readFile
	pendingDecoded map[string]*decodedFile
}

func newParseCache() *parseCache {
	return &parseCache{
		entries:        map[string]*parsed{},
		files:          map[string]*readFile{},
		decoded:        map[string]*decodedFile{},
		pendingFiles:   map[string]*readFile{},
		pendingDecoded: map[string]*decodedFile{},
	}
}

type readFile struct {
	size  int64
	mtime time.Time
	data  []byte
	used  int
}

// racyWindow is how much older than its read a file's modification time
// must be before the time alone vouches for the content. A file changed
// in the same tick of a coarse clock as the read keeps its time, so its
// content is read again until its time is old enough (git's rule for
// "racily clean" files).
const racyWindow = 2 * time.Second

// content returns the cached content of the file at full when its size
// and modification time match the last read.
func (c *parseCache) content(full string, info fs.FileInfo) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	f, ok := c.files[full]
	if !ok || f.size != info.Size() || !f.mtime.Equal(info.ModTime()) {
		return nil, false
	}
	f.used = c.gen
	return f.data, true
}

// store remembers the content of a file read at readAt, unless its
// modification time is too recent to vouch for it.
func (c *parseCache) store(full string, info fs.FileInfo, data []byte, readAt time.Time) {
	if c == nil || readAt.Sub(info.ModTime()) < racyWindow || int64(len(data)) != info.Size() {
		return
	}
	c.mu.Lock()
	c.pendingFiles[full] = &readFile{size: info.Size(), mtime: info.ModTime(), data: data, used: c.gen}
	c.mu.Unlock()
}

type parsed struct {
	raw  map[string]any
	pos  Positions
	err  error
	at   Position
	used int // generation of the last load that read it
}

func (c *parseCache) parse(data []byte) (map[string]any, Positions, error, Position) {
	if c == nil {
		return parseTOML(data)
	}
	c.mu.Lock()
	p, ok := c.entries[string(data)]
	if ok {
		p.used = c.gen
	}
	c.mu.Unlock()
	if !ok {
		p = &parsed{used: c.gen}
		p.raw, p.pos, p.err, p.at = parseTOML(data)
		c.mu.Lock()
		c.entries[string(data)] = p
		c.mu.Unlock()
	}
	return p.raw, p.pos, p.err, p.at
}

// sweep adds the entries that the last load made, and drops those that
// it did not use.
func (c *parseCache) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, f := range c.pendingFiles {
		c.files[k] = f
		delete(c.pendingFiles, k)
	}
	for k, d := range c.pendingDecoded {
		c.decoded[k] = d
		delete(c.pendingDecoded, k)
	}
	for k, p := range c.entries {
		if p.used != c.gen {
			delete(c.entries, k)
		}
	}
	for k, f := range c.files {
		if f.used != c.gen {
			delete(c.files, k)
		}
	}
	for k, d := range c.decoded {
		if d.used != c.gen {
			delete(c.decoded, k)
		}
	}
}

// decodedFile is the decode of one system or handoff file, with the
// findings that decoding recorded. Every load copies value and findings
// before it changes them, so the stored ones never change.
type decodedFile struct {
	// The inputs of the decode: the source folder and its name in
	// findings, the id from the path, and the file's content, shared
	// with the content cache.
	dirPrefix     string
	displayPrefix string
	id            string
	source        []byte
	value         any
	// findings come from decoding alone; derived facts are not included.
	findings *findings
	// declared is the decoded handoff with the notes of its notes file,
	// which exists when hasNotes is set and has the content notesSource.
	declared    *Handoff
	hasNotes    bool
	notesSource []byte
	used        int
}

// decodeCached returns the decode of the TOML file at rel with content
// data, made by decode or taken from the cache. The value is shared with
// the cache, so the caller must copy it before changing it. A syntax error
// is recorded in l's findings, and the result is then nil.
func decodeCached[T any](l *loader, rel, id string, subject Subject, data []byte, decode func(t *table) *T) (*T, *decodedFile) {
	d := l.cache.lookupDecoded(rel)
	if d != nil && d.dirPrefix == l.dirPrefix && d.displayPrefix == l.displayPrefix && d.id == id && sameContent(d.source, data) {
		if v, ok := d.value.(*T); ok {
			if len(d.findings.list) > 0 {
				l.fs.merge(d.findings.clone())
			}
			return v, d
		}
	}
	// The parse is not kept, because the decode is. Keeping both would add
	// every file's parse tree to the memory that each garbage collection
	// scans.
	uncached := *l
	uncached.cache = nil
	t := uncached.parse(rel, data, subject, 0)
	if t == nil {
		return nil, nil
	}
	t.fs = &findings{}
	v := decode(t)
	d = &decodedFile{dirPrefix: l.dirPrefix, displayPrefix: l.displayPrefix, id: id, source: data, value: v, findings: t.fs}
	if l.cache == nil {
		l.fs.merge(t.fs)
		return v, d
	}
	l.cache.storeDecoded(rel, d)
	l.fs.merge(d.findings.clone())
	return v, d
}

func (c *parseCache) lookupDecoded(rel string) *decodedFile {
	if c == nil {
		return nil
	}
	d := c.decoded[rel]
	if d != nil {
		d.used = c.gen
	}
	return d
}

func (c *parseCache) storeDecoded(rel string, d *decodedFile) {
	c.mu.Lock()
	d.used = c.gen
	c.pendingDecoded[rel] = d
	c.mu.Unlock()
}

// declaredHandoff returns the decoded handoff with the notes of its notes
// file, when it has one, as a value that nothing changes. It is made again
// only when the notes file appears, changes or goes.
func (d *decodedFile) declaredHandoff(l *loader, notesRel string, hasNotes bool, notes []byte) *Handoff {
	if d.declared != nil && d.hasNotes == hasNotes && sameContent(d.notesSource, notes) {
		return d.declared
	}
	h := *d.value.(*Handoff)
	if hasNotes {
		h.addNotes(l.display(notesRel), notes)
	}
	d.declared, d.hasNotes, d.notesSource = &h, hasNotes, notes
	return d.declared
}

// sameContent reports whether a and b have the same bytes. It compares
// the bytes only when a and b are different slices, because the content
// cache returns the slice that was decoded while a file is unchanged.
func sameContent(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0] || bytes.Equal(a, b))
}
