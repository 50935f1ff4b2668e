package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"
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
// the DOT text, so an unchanged graph is laid out once. The content of an
// entry never changes after it is written, so several builds may share a
// cache. A build that uses an entry sets its modification time, and Prune
// removes the entries no build has used for a while.
type GraphCache struct {
	dir string
}

// CacheMaxAge is the age that handoff build passes to Prune, and
// pruneInterval the shortest time between two walks of the cache.
const (
	CacheMaxAge   = 30 * 24 * time.Hour
	pruneInterval = 24 * time.Hour
	// pruneStamp is the file in the cache folder whose modification time
	// records the last pruning.
	pruneStamp = "last-pruned"
)

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
	p := c.path(dot)
	svg, err := os.ReadFile(p)
	if err != nil || len(svg) == 0 {
		return nil, false
	}
	// The entry was used now, so pruning keeps it. A cache that cannot
	// be touched still serves it.
	now := time.Now()
	_ = os.Chtimes(p, now, now)
	return svg, true
}

// Prune removes the entries that no build has used for maxAge, and
// temporary files that an interrupted Put left, unless the cache was
// pruned in the last day. It returns the number of files it removed.
func (c *GraphCache) Prune(maxAge time.Duration, now time.Time) (int, error) {
	if c == nil {
		return 0, nil
	}
	stamp := filepath.Join(c.dir, pruneStamp)
	if info, err := os.Stat(stamp); err == nil && now.Sub(info.ModTime()) < pruneInterval {
		return 0, nil
	}
	removed := 0
	var errs []error
	err := filepath.WalkDir(filepath.Join(c.dir, "graphs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			// Another build removed or replaced it meanwhile.
			return nil
		}
		limit := maxAge
		if strings.HasPrefix(d.Name(), ".tmp-") {
			limit = time.Hour
		}
		if now.Sub(info.ModTime()) <= limit {
			return nil
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			return nil
		}
		removed++
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		if err := os.WriteFile(stamp, nil, 0o644); err != nil {
			errs = append(errs, err)
		} else if err := os.Chtimes(stamp, now, now); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("pruning the graph cache %s failed: %w", c.dir, err)
	}
	return removed, nil
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
