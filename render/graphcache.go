package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
)

// graphFormat changes whenever the SVG made from the same DOT text changes
// for a reason other than the go-graphviz version, such as post-processing.
const graphFormat = "1"

// rendererVersion names the Graphviz build that lays out graphs, so that
// a cache entry written by another version is never used.
var rendererVersion = sync.OnceValue(func() string {
	v := "go-graphviz unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/goccy/go-graphviz" {
				v = "go-graphviz " + dep.Version
				if dep.Replace != nil {
					v += " => " + dep.Replace.Path + " " + dep.Replace.Version
				}
			}
		}
	}
	return v + "; format " + graphFormat
})

// GraphCache stores laid-out SVG by the SHA-256 of the renderer version and
// the DOT text, so an unchanged graph is laid out once. Entries are never
// changed after they are written, so several builds may share a cache.
type GraphCache struct {
	dir string
}

// DefaultCacheDir returns the cache folder used when no other is given:
// handoff below the user's cache folder, such as ~/.cache/handoff.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache folder: %w; set --cache-dir or use --no-cache", err)
	}
	return filepath.Join(dir, "handoff"), nil
}

// OpenGraphCache returns the cache in dir, creating the folder.
func OpenGraphCache(dir string) (*GraphCache, error) {
	if err := os.MkdirAll(filepath.Join(dir, "graphs"), 0o755); err != nil {
		return nil, fmt.Errorf("create the graph cache: %w", err)
	}
	return &GraphCache{dir: dir}, nil
}

// Dir returns the cache's folder.
func (c *GraphCache) Dir() string { return c.dir }

func (c *GraphCache) path(dot []byte) string {
	h := sha256.New()
	h.Write([]byte(rendererVersion()))
	h.Write([]byte{0})
	h.Write(dot)
	key := hex.EncodeToString(h.Sum(nil))
	return filepath.Join(c.dir, "graphs", key[:2], key+".svg")
}

// Get returns the SVG stored for the DOT text. A miss, including an
// unreadable entry, returns false.
func (c *GraphCache) Get(dot []byte) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	svg, err := os.ReadFile(c.path(dot))
	if err != nil || len(svg) == 0 {
		return nil, false
	}
	return svg, true
}

// Put stores the SVG laid out from the DOT text. It writes a temporary file
// and renames it, so a reader never sees half an entry.
func (c *GraphCache) Put(dot, svg []byte) error {
	if c == nil {
		return nil
	}
	target := c.path(dot)
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(target), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(svg)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), target); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
