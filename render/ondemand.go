package render

import (
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/handoffmap/handoff/model"
)

// Site renders the files of a site one at a time, when they are asked for,
// and keeps each file it rendered. handoff serve uses it so that a change
// to the sources costs a load and the pages viewed, not a whole build. The
// files are byte-identical to those Build writes for the same model and
// options. A Site is safe for concurrent use.
type Site struct {
	s     *site
	jobs  []job
	index map[string]int // path to the job that writes it
	done  []jobOnce
	rest  sync.Once
	// restErr is the error of the jobs whose files are not known ahead.
	restErr error
}

type jobOnce struct {
	once sync.Once
	err  error
}

// NewSite prepares the site of the model without rendering any file.
func NewSite(m *model.Model, opts Options) (*Site, error) {
	s := newSite(m, opts)
	tmpl, err := parsedTemplates()
	if err != nil {
		return nil, err
	}
	s.tmpl = tmpl
	s.mem = &sync.Map{}
	x := &Site{s: s, jobs: s.jobs(), index: map[string]int{}}
	x.done = make([]jobOnce, len(x.jobs))
	for i, j := range x.jobs {
		for _, p := range j.paths {
			x.index[p] = i
		}
	}
	return x, nil
}

// File returns the contents of the file at path below the site root, such
// as "handoffs/a/index.html", rendering it first when it is not yet. ok is
// false when the site has no such file; err is set when rendering failed.
func (x *Site) File(p string) (data []byte, ok bool, err error) {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if v, ok := x.s.mem.Load(p); ok {
		return v.([]byte), true, nil
	}
	if i, ok := x.index[p]; ok {
		d := &x.done[i]
		d.once.Do(func() { d.err = x.jobs[i].run() })
		if d.err != nil {
			return nil, false, d.err
		}
	} else {
		// The files of the other jobs are not known before they run, so
		// they all run once, on the first request of an unknown path.
		x.rest.Do(func() { x.restErr = x.runRest() })
		if x.restErr != nil {
			return nil, false, x.restErr
		}
	}
	v, ok := x.s.mem.Load(p)
	if !ok {
		return nil, false, nil
	}
	return v.([]byte), true, nil
}

// runRest runs the jobs whose files are not known ahead, and writes the
// sitemap of every page.
func (x *Site) runRest() error {
	for _, j := range x.jobs {
		if j.paths == nil {
			if err := j.run(); err != nil {
				return err
			}
		}
	}
	var pages []string
	for p := range x.index {
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	x.s.mu.Lock()
	x.s.htmlPaths = pages
	x.s.mu.Unlock()
	return x.s.sitemap()
}
