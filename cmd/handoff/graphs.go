package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/handoffmap/handoff/render"
)

// graphFlags are the flags of the commands that lay out graphs.
type graphFlags struct {
	cacheDir *string
	noCache  *bool
	timeout  *time.Duration
	workers  *int
}

func addGraphFlags(fs *flag.FlagSet) *graphFlags {
	return &graphFlags{
		cacheDir: fs.String("cache-dir", "", "`folder` of the cache of laid-out graphs (default: handoff in the user cache folder, such as ~/.cache/handoff)"),
		noCache:  fs.Bool("no-cache", false, "lay out every graph, without reading or writing the graph cache"),
		timeout:  fs.Duration("graph-timeout", 20*time.Second, "time `limit` of one graph layout; a graph that takes longer is shown as a table of its edges"),
		workers:  fs.Int("graph-workers", 0, "`number` of worker processes that lay out graphs (default: one per CPU)"),
	}
}

// check returns a usage error for a flag value that open could not use.
func (g *graphFlags) check() error {
	if *g.workers < 0 {
		return fmt.Errorf("invalid --graph-workers %d: give a number of worker processes, or 0 for one per CPU", *g.workers)
	}
	if *g.timeout <= 0 {
		return fmt.Errorf("invalid --graph-timeout %s: give a time longer than zero, such as 20s or 2m", *g.timeout)
	}
	if *g.cacheDir != "" && !*g.noCache {
		if info, err := os.Stat(*g.cacheDir); err == nil && !info.IsDir() {
			return fmt.Errorf("--cache-dir %s is a file, not a folder: choose a folder for the graph cache, or use --no-cache", *g.cacheDir)
		}
	}
	return nil
}

// graphSetup is the renderer and cache of one command, to be closed when
// the command ends.
type graphSetup struct {
	renderer render.GraphRenderer
	cache    *render.GraphCache
	close    func()
}

// open starts the worker pool, which runs this program in worker mode, and
// opens the cache. Where the program cannot find its own executable, graphs
// are laid out in this process, one at a time.
func (g *graphFlags) open() (*graphSetup, error) {
	setup := &graphSetup{close: func() {}}
	if !*g.noCache {
		dir := *g.cacheDir
		if dir == "" {
			d, err := render.DefaultCacheDir()
			if err != nil {
				return nil, err
			}
			dir = d
		}
		cache, err := render.OpenGraphCache(dir)
		if err != nil {
			return nil, fmt.Errorf("%w; set --cache-dir or use --no-cache", err)
		}
		setup.cache = cache
	}
	exe, err := os.Executable()
	if err != nil {
		inProcess := &render.InProcess{}
		setup.renderer = inProcess
		setup.close = func() { inProcess.Close() }
		return setup, nil
	}
	pool, err := render.NewPool(render.PoolOptions{
		Command: []string{exe, workerCommand},
		Workers: *g.workers,
		Timeout: *g.timeout,
	})
	if err != nil {
		return nil, err
	}
	setup.renderer = pool
	setup.close = func() { pool.Close() }
	return setup, nil
}

// progressMinJobs is the size of build below which no progress is shown.
const progressMinJobs = 2000

// progress returns a function that reports build progress on w: one line
// rewritten in place on a terminal, else a line at every tenth of the work.
// Small builds print nothing.
func progress(w io.Writer) func(done, total int) {
	terminal := isTerminal(w)
	var (
		mu       sync.Mutex
		last     time.Time
		lastTick int
	)
	return func(done, total int) {
		if total < progressMinJobs {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if terminal {
			if done < total && time.Since(last) < 100*time.Millisecond {
				return
			}
			last = time.Now()
			fmt.Fprintf(w, "\rhandoff: writing pages and exports, %d of %d", done, total)
			if done == total {
				fmt.Fprint(w, "\r\033[K")
			}
			return
		}
		tick := done * 10 / total
		if tick > lastTick {
			lastTick = tick
			fmt.Fprintf(w, "handoff: wrote pages and exports, %d of %d\n", done, total)
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
