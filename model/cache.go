package model

import (
	"io/fs"
	"sync"
	"time"
)

// parseCache maps the content of a TOML file to its parse. Decoding only
// reads the parsed values, so one parse can serve many loads.
type parseCache struct {
	mu      sync.Mutex
	gen     int
	entries map[string]*parsed
	// files maps a file's full path to its content when last read.
	files map[string]*readFile
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
	c.mu.Lock()
	defer c.mu.Unlock()
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
	c.files[full] = &readFile{size: info.Size(), mtime: info.ModTime(), data: data, used: c.gen}
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

// sweep drops the parses that the last load did not use.
func (c *parseCache) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
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
}
