// Package serve serves a site on loopback while its sources change: it
// rebuilds on every change, reloads open pages, and shows the errors of a
// failed rebuild over the last site that built.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Site is one build of the site. File returns the file at a path below
// the site root, such as "systems/crm/index.html"; ok is false when there
// is none. A site may render its files only when they are asked for.
type Site interface {
	File(path string) (data []byte, ok bool, err error)
}

// BuildFunc builds the site from the sources. It returns the site and a
// one-line summary, or the problems that stopped the build.
type BuildFunc func(ctx context.Context) (site Site, summary string, problems []string, err error)

// Options configure a Server.
type Options struct {
	// Src is the source folder to watch.
	Src string
	// Addr is the loopback address to listen on, such as 127.0.0.1:8080.
	Addr  string
	Build BuildFunc
	// Log receives one line per build and per error that the server
	// handles without stopping.
	Log io.Writer
	// Debounce is how long the server waits after a change for more
	// changes before it rebuilds; default 50 ms.
	Debounce time.Duration
}

// CheckLoopback returns an error unless addr is host:port with a host that
// is a loopback address or "localhost": the development server is for the
// person at this machine only.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: write host:port, such as 127.0.0.1:8080", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--addr %q: serve listens on a loopback address only; use 127.0.0.1 or [::1] with a port", addr)
	}
	return nil
}

// Server is a running development server.
type Server struct {
	opts Options
	ln   net.Listener

	mu       sync.Mutex
	site     Site     // the last site that built, nil before the first
	problems []string // of the last build, when it failed
	gen      int      // counts finished builds, good or failed
	changed  chan struct{}
}

// New listens on the address.
func New(opts Options) (*Server, error) {
	if err := CheckLoopback(opts.Addr); err != nil {
		return nil, err
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 50 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", opts.Addr, err)
	}
	return &Server{opts: opts, ln: ln, changed: make(chan struct{})}, nil
}

// URL returns the address the site is served at.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() + "/" }

// Run builds the site, serves it and rebuilds on changes until ctx ends.
func (s *Server) Run(ctx context.Context) error {
	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		s.ln.Close()
		return fmt.Errorf("watch %s: %w", s.opts.Src, err)
	}
	defer watcher.Close()
	if err := s.watchTree(watcher, s.opts.Src); err != nil {
		s.ln.Close()
		return err
	}

	s.rebuild(ctx)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.ln) }()

	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			// Close, not Shutdown: open event streams never become idle.
			srv.Close()
			return nil
		case err := <-served:
			return err
		case ev, ok := <-watcher.Events:
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if err := s.watchTree(watcher, ev.Name); err != nil {
						fmt.Fprintf(s.opts.Log, "handoff: warning: %v\n", err)
					}
				}
			}
			timer = time.After(s.opts.Debounce)
		case err, ok := <-watcher.Errors:
			if ok {
				fmt.Fprintf(s.opts.Log, "handoff: warning: watching %s: %v\n", s.opts.Src, err)
			}
		case <-timer:
			timer = nil
			s.rebuild(ctx)
		}
	}
}

// watchTree adds dir and every folder below it to the watcher; fsnotify
// watches one folder at a time.
func (s *Server) watchTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if err := w.Add(p); err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		return nil
	})
}

// rebuild builds the site. On success the new site replaces the old one;
// on failure the old one stays and its pages show the problems.
func (s *Server) rebuild(ctx context.Context) {
	start := time.Now()
	site, summary, problems, err := s.opts.Build(ctx)
	if err != nil {
		problems = append(problems, err.Error())
	}

	s.mu.Lock()
	if len(problems) == 0 {
		s.site = site
		s.problems = nil
	} else {
		s.problems = problems
	}
	s.gen++
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()

	if len(problems) == 0 {
		fmt.Fprintf(s.opts.Log, "handoff: %s in %s\n", summary, time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintf(s.opts.Log, "handoff: error: the rebuild failed (%s); still serving the last site that built:\n", countProblems(len(problems)))
		for _, p := range problems {
			fmt.Fprintf(s.opts.Log, "handoff: %s\n", p)
		}
	}
}

func (s *Server) state() (site Site, problems []string, gen int, changed chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.site, s.problems, s.gen, s.changed
}

// ServeHTTP serves the files of the last site that built, with the reload
// script and any build problems added to every HTML page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadScript)
		return
	}
	site, problems, gen, _ := s.state()
	if site == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site did not build</h1>%s</body></html>",
			inject(gen, problems))
		return
	}

	// path.Clean of a rooted path removes every "..", so name stays
	// inside the site.
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	status := http.StatusOK
	data, ok, err := site.File(name)
	if err == nil && !ok && !strings.HasSuffix(name, "index.html") {
		// A folder asked for without its slash.
		if _, isDir, _ := site.File(name + "/index.html"); isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	if err == nil && !ok {
		status = http.StatusNotFound
		name = "404.html"
		if data, ok, err = site.File(name); err == nil && !ok {
			http.NotFound(w, r)
			return
		}
	}
	if err != nil {
		fmt.Fprintf(s.opts.Log, "handoff: error: %v\n", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasSuffix(name, ".html") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		snippet := []byte(inject(gen, problems))
		if i := bytes.LastIndex(data, []byte("</body>")); i >= 0 {
			data = append(append(append([]byte(nil), data[:i]...), snippet...), data[i:]...)
		} else {
			data = append(data, snippet...)
		}
	} else if ctype := contentType(name); ctype != "" {
		w.Header().Set("Content-Type", ctype)
	}
	w.WriteHeader(status)
	w.Write(data)
}

func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".ics":
		return "text/calendar; charset=utf-8"
	case ".xml":
		return "application/xml"
	}
	return ""
}

const (
	eventsPath = "/__handoff/events"
	scriptPath = "/__handoff/reload.js"
)

// reloadScript reloads the page when a build finishes after the page was
// served. The page states its build number in data-handoff-build.
const reloadScript = `(function () {
  var me = document.querySelector("[data-handoff-build]");
  if (!me || !window.EventSource) return;
  var built = me.getAttribute("data-handoff-build");
  var events = new EventSource("/__handoff/events");
  events.onmessage = function (e) {
    if (e.data !== built) { events.close(); location.reload(); }
  };
})();
`

// inject returns the HTML added to every page while serving: the reload
// script and, after a failed build, a panel with its problems.
func inject(gen int, problems []string) string {
	var b strings.Builder
	if len(problems) > 0 {
		b.WriteString(`<div id="handoff-build-errors" role="alert" style="position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:1000;background:#fff5f5;color:#7f1d1d;border:2px solid #c62828;border-radius:8px;padding:1rem;font:14px/1.4 ui-monospace,monospace;box-shadow:0 4px 16px rgba(0,0,0,.2)">`)
		fmt.Fprintf(&b, `<strong>The last rebuild failed (%s).</strong> This page is from the last site that built; fix the sources and it reloads.<ul>`, countProblems(len(problems)))
		for _, p := range problems {
			fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(p))
		}
		b.WriteString("</ul></div>")
	}
	fmt.Fprintf(&b, `<script data-handoff-build="%d" src="%s"></script>`, gen, scriptPath)
	return b.String()
}

// serveEvents streams the build number to a page as server-sent events:
// once when the page connects, then after every build, until the client goes away.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	for {
		_, _, gen, changed := s.state()
		fmt.Fprintf(w, "data: %d\n\n", gen)
		flusher.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-changed:
			if err := r.Context().Err(); err != nil {
				return
			}
		}
	}
}

func countProblems(n int) string {
	if n == 1 {
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", n)
}
