package render

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/handoffmap/handoff/model"
)

// MarkerFile is written at the root of every site that Publish creates. A
// later build replaces a non-empty folder only when it has this file, so a
// folder the tool did not create is never emptied.
const MarkerFile = ".handoff-site"

const markerText = "This folder was written by `handoff build`. The next build replaces it whole; keep no other files here.\n"

// Publish builds the site into a new folder next to out and, once the whole
// build succeeded, puts it in the place of out. A failed build leaves out as
// it was. Publish refuses to replace a non-empty folder without MarkerFile,
// and a folder that contains the source tree.
func Publish(m *model.Model, out string, opts Options) (Stats, error) {
	return PublishContext(context.Background(), m, out, opts)
}

// PublishContext is Publish that stops when ctx is cancelled, such as by
// an interrupt. It then removes the temporary folder and leaves out as it was.
func PublishContext(ctx context.Context, m *model.Model, out string, opts Options) (Stats, error) {
	if err := checkOut(out, m.Source); err != nil {
		return Stats{}, err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Stats{}, fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return Stats{}, fmt.Errorf("create a temporary folder next to %s: %w", out, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()

	stats, err := BuildContext(ctx, m, tmp, opts)
	if err != nil {
		return Stats{}, err
	}
	if err := ctx.Err(); err != nil {
		return Stats{}, err
	}
	if err := os.WriteFile(filepath.Join(tmp, MarkerFile), []byte(markerText), 0o644); err != nil {
		return Stats{}, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return Stats{}, err
	}

	if _, err := os.Lstat(out); err == nil {
		old := tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return Stats{}, fmt.Errorf("move the previous site aside: %w", err)
		}
		if err := os.Rename(tmp, out); err != nil {
			os.Rename(old, out)
			return Stats{}, fmt.Errorf("put the new site in place: %w", err)
		}
		done = true
		if err := removeAll(old); err != nil {
			return stats, fmt.Errorf("remove the previous site %s: %w", old, err)
		}
		return stats, nil
	}
	if err := os.Rename(tmp, out); err != nil {
		return Stats{}, fmt.Errorf("put the new site in place: %w", err)
	}
	done = true
	return stats, nil
}

// checkOut returns an error when out exists and is not a site that Publish
// wrote, or when replacing it would remove the source tree.
func checkOut(out, src string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if absSrc, err := filepath.Abs(src); err == nil {
		if absSrc == absOut || strings.HasPrefix(absSrc, absOut+string(filepath.Separator)) {
			return fmt.Errorf("the output folder %s contains the source folder %s: choose another --out, such as public", out, src)
		}
	}
	info, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("the output %s exists and is not a folder: remove it or choose another --out", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, MarkerFile)); err != nil {
		return fmt.Errorf("the output folder %s is not empty and was not written by handoff build (it has no %s file): choose an empty or new folder with --out, or empty %s yourself", out, MarkerFile, out)
	}
	return nil
}

// removeAll removes a folder like os.RemoveAll, in parallel. A site has
// many thousands of small files in a few large folders: handoffs/ holds a
// folder per handoff. Removing them one after the other is a large part of
// a rebuild, so one worker per CPU removes the entries three levels down,
// then the folders above them go.
func removeAll(dir string) error {
	var parts []string
	var list func(d string, depth int)
	list = func(d string, depth int) {
		entries, err := os.ReadDir(d)
		if err != nil {
			// os.RemoveAll below reports what stays in the way.
			return
		}
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if e.IsDir() && depth < 3 {
				list(p, depth+1)
			} else {
				parts = append(parts, p)
			}
		}
	}
	list(dir, 1)
	var (
		wg   sync.WaitGroup
		next atomic.Int64
		errs = make([]error, len(parts))
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(parts) {
					return
				}
				errs[i] = os.RemoveAll(parts[i])
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}
