// Package render turns a loaded model into the files of the static site:
// HTML pages, graphs, badges and exports. It never reads TOML.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/templates"
)

// Options are the inputs of a build besides the model.
type Options struct {
	// BaseURL is the address the site is published at; it overrides
	// base_url of handoff.toml. Only exports that need absolute URLs use it.
	BaseURL string
	// Graphs lays out graphs; nil means an in-process Graphviz renderer.
	Graphs GraphRenderer
	// Cache stores laid-out graphs between builds; nil means no cache.
	Cache *GraphCache
	// Progress, when set, is called after each piece of work with the
	// number done and the total. It is called from several goroutines.
	Progress func(done, total int)
	// Version is the handoff version written in the page footer.
	Version string
}

// Stats counts what a build wrote.
type Stats struct {
	Pages int
	// Graphs counts the graphs that needed Graphviz: LaidOut were laid out
	// in this build, Cached came from the graph cache, and TooLarge took
	// longer than the time limit and were replaced by a table.
	Graphs   int
	LaidOut  int
	Cached   int
	TooLarge int
	Files    int
}

// site is one build in progress.
type site struct {
	m       *model.Model
	opts    Options
	dir     string
	tmpl    map[string]*template.Template
	BaseURL string
	Title   string
	Version string

	dirs     sync.Map
	chromes  sync.Map
	pages    atomic.Int64
	laidOut  atomic.Int64
	cached   atomic.Int64
	tooLarge atomic.Int64
	files    atomic.Int64

	// badgeFiles maps a review state to the first badge file written for
	// it, which later badges of the state link to.
	badgeMu    sync.Mutex
	badgeFiles map[string]string

	mu sync.Mutex
	// htmlPaths lists every page written, for sitemap.xml.
	htmlPaths []string

	// mem, when set, receives the files in place of dir: path below the
	// site root to contents. Site renders into it.
	mem *sync.Map
}

// job is one independent piece of work of a build. paths lists the files
// it writes when they are known before it runs; nil means unknown.
type job struct {
	paths []string
	run   func() error
}

// Build writes the whole site for the model into dir, which must exist and
// be empty. It stops at the first error; the caller removes dir then.
func Build(m *model.Model, dir string, opts Options) (Stats, error) {
	return BuildContext(context.Background(), m, dir, opts)
}

// BuildContext is Build that also stops, with the context's error, when ctx
// is cancelled.
func BuildContext(ctx context.Context, m *model.Model, dir string, opts Options) (Stats, error) {
	s := newSite(m, opts)
	tmpl, err := parsedTemplates()
	if err != nil {
		return Stats{}, err
	}
	s.tmpl = tmpl
	s.dir = filepath.Clean(dir)

	if err := s.run(ctx, s.jobs()); err != nil {
		return Stats{}, err
	}
	if err := s.sitemap(); err != nil {
		return Stats{}, err
	}
	st := Stats{
		Pages:    int(s.pages.Load()),
		LaidOut:  int(s.laidOut.Load()),
		Cached:   int(s.cached.Load()),
		TooLarge: int(s.tooLarge.Load()),
		Files:    int(s.files.Load()),
	}
	st.Graphs = st.LaidOut + st.Cached + st.TooLarge
	return st, nil
}

func newSite(m *model.Model, opts Options) *site {
	if opts.Graphs == nil {
		opts.Graphs = &InProcess{}
	}
	s := &site{m: m, opts: opts, BaseURL: opts.BaseURL, Title: m.Settings.Title, Version: opts.Version}
	if s.BaseURL == "" {
		s.BaseURL = m.Settings.BaseURL
	}
	if s.BaseURL != "" && !strings.HasSuffix(s.BaseURL, "/") {
		s.BaseURL += "/"
	}
	return s
}

// jobs lists the independent pieces of work of a build. Each job's paths
// must name every file it writes, or be nil.
func (s *site) jobs() []job {
	m := s.m
	one := func(path string, run func() error) job { return job{[]string{path}, run} }
	jobs := []job{
		{assetPaths(), s.writeAssets},
		one("index.html", s.dashboard),
		one("systems/index.html", s.systemList),
		one("handoffs/index.html", s.handoffList),
		one("people/index.html", s.peopleList),
		one("teams/index.html", s.teamList),
		one("data/index.html", s.dataList),
		one("reviews/index.html", s.reviews),
		one("findings/index.html", s.findingsPage),
		one("pages/index.html", s.guideList),
		one("404.html", s.notFound),
		one("map.json", s.mapJSON),
		one("map.dot", s.mapDOT),
		{nil, s.mapMermaid},
		one("handoffs.csv", s.handoffsCSV),
		{nil, s.reviewFeeds},
		{[]string{"search-index.json", "search-index.js"}, s.searchIndex},
		one("search/index.html", s.searchPage),
		one(".nojekyll", func() error { return s.write(".nojekyll", nil) }),
	}
	for _, x := range m.Systems {
		jobs = append(jobs, job{[]string{"systems/" + x.ID + "/index.html", "badges/systems/" + x.ID + ".svg"},
			func() error { return s.systemPage(x) }})
	}
	for _, x := range m.Handoffs {
		jobs = append(jobs, job{[]string{"handoffs/" + x.ID + "/index.html", "badges/handoffs/" + x.ID + ".svg"},
			func() error { return s.handoffPage(x) }})
	}
	for _, x := range m.People {
		jobs = append(jobs, one("people/"+x.ID+"/index.html", func() error { return s.personPage(x) }))
	}
	for _, x := range m.Teams {
		jobs = append(jobs, one("teams/"+x.ID+"/index.html", func() error { return s.teamPage(x) }))
	}
	for _, x := range m.Entities {
		jobs = append(jobs, one("data/"+x.ID+"/index.html", func() error { return s.entityPage(x) }))
	}
	for _, x := range m.Pages {
		jobs = append(jobs, one("pages/"+x.ID+"/index.html", func() error { return s.extraPage(x) }))
	}
	for _, x := range m.Domains {
		jobs = append(jobs, one("domains/"+x.ID+"/index.html", func() error { return s.domainPage(x) }))
	}
	return jobs
}

// run runs the jobs on one worker per CPU and returns the first error. It
// starts no new job once ctx is cancelled.
func (s *site) run(ctx context.Context, jobs []job) error {
	var (
		next  atomic.Int64
		done  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				mu.Lock()
				if first == nil && ctx.Err() != nil {
					first = ctx.Err()
				}
				failed := first != nil
				mu.Unlock()
				if failed {
					return
				}
				if err := jobs[i].run(); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
				if s.opts.Progress != nil {
					s.opts.Progress(int(done.Add(1)), len(jobs))
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// write writes one output file below the site root.
func (s *site) write(rel string, data []byte) error {
	if s.mem != nil {
		// Pages are rendered into pooled buffers that the next page
		// reuses, so the stored file must be a copy.
		s.mem.Store(rel, bytes.Clone(data))
		s.files.Add(1)
		return nil
	}
	full := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	if err := writeFile(full, data); err != nil {
		return err
	}
	s.files.Add(1)
	return nil
}

// mkdir creates a folder below the site root and the missing folders above
// it. The build starts from an empty root, so a folder this build has not
// recorded does not exist yet, and mkdir creates it without a stat first.
func (s *site) mkdir(dir string) error {
	if _, done := s.dirs.Load(dir); done || dir == s.dir || filepath.Dir(dir) == dir {
		return nil
	}
	if err := s.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	// Two workers may create the same folder at once, so an existing
	// folder is no error.
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// writeBadge writes the review badge of a state. Badges have one content
// per state, so after the first file of a state the others are hard links
// to it. A link skips allocating a new inode, which is most of the cost of
// the thousands of small badge files of a large map. Where linking fails,
// the badge is written as a file of its own.
func (s *site) writeBadge(rel, state string) error {
	data := Badge("review", state)
	if s.mem != nil {
		return s.write(rel, data)
	}
	s.badgeMu.Lock()
	first, ok := s.badgeFiles[state]
	if !ok {
		// The first file of a state is written under the lock, so no link
		// is made to a file that is not complete.
		err := s.write(rel, data)
		if err == nil {
			if s.badgeFiles == nil {
				s.badgeFiles = map[string]string{}
			}
			s.badgeFiles[state] = filepath.Join(s.dir, filepath.FromSlash(rel))
		}
		s.badgeMu.Unlock()
		return err
	}
	s.badgeMu.Unlock()

	full := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	if err := os.Link(first, full); err != nil {
		return s.write(rel, data)
	}
	s.files.Add(1)
	return nil
}

// render executes a page template and writes the page.
func (s *site) render(kind string, p *pageData) error {
	t := s.tmpl[kind]
	if t == nil {
		return fmt.Errorf("render %s: no template %q", p.Path, kind)
	}
	var err error
	if p.Header, err = s.chrome(t, "header", p.root+"\x00"+p.Section, p); err != nil {
		return err
	}
	if p.Footer, err = s.chrome(t, "footer", p.root, p); err != nil {
		return err
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		// A buffer of an exceptionally large page is left to the
		// garbage collector rather than kept for the rest of the build.
		if buf.Cap() <= 4<<20 {
			buf.Reset()
			pageBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", p.Path, err)
	}
	s.pages.Add(1)
	if s.mem == nil {
		s.mu.Lock()
		s.htmlPaths = append(s.htmlPaths, p.Path)
		s.mu.Unlock()
	}
	return s.write(p.Path, buf.Bytes())
}

// chrome returns the output of the template name, which depends on no
// more of the page than key names, executed once per build for each key.
// The header and footer of thousands of pages are the same but for the
// folder depth and the section.
func (s *site) chrome(t *template.Template, name, key string, p *pageData) (template.HTML, error) {
	key = name + "\x00" + key
	if html, ok := s.chromes.Load(key); ok {
		return html.(template.HTML), nil
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, p); err != nil {
		return "", fmt.Errorf("render %s: %w", p.Path, err)
	}
	html := template.HTML(b.String()) // #nosec: escaped by html/template
	s.chromes.Store(key, html)
	return html, nil
}

// pageBuffers holds the buffers pages are rendered into, so that a build
// of thousands of pages does not grow a new one for each.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// graph returns the SVG of a graph for inline use: from the cache when an
// earlier build laid out the same DOT text, else laid out now. A graph
// that takes longer than the renderer's time limit becomes a table of its
// lines, and the build goes on.
func (s *site) graph(g graphSpec) (template.HTML, error) {
	svg, ok := s.opts.Cache.Get(g.dot)
	if ok {
		s.cached.Add(1)
	} else {
		var err error
		svg, err = s.opts.Graphs.RenderSVG(g.dot)
		if errors.Is(err, ErrGraphTooLarge) {
			s.tooLarge.Add(1)
			var limit time.Duration
			if t, ok := s.opts.Graphs.(interface{ Timeout() time.Duration }); ok {
				limit = t.Timeout()
			}
			return fallbackHTML(g, limit), nil
		}
		if err != nil {
			return "", err
		}
		s.laidOut.Add(1)
		// A cache that cannot be written costs time in the next build,
		// not correctness in this one.
		_ = s.opts.Cache.Put(g.dot, svg)
	}
	return template.HTML(inlineSVG(svg)), nil // #nosec: every label in the DOT text is escaped by dotQuote
}

func (s *site) writeAssets() error {
	return fs.WalkDir(templates.Assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.Assets, p)
		if err != nil {
			return err
		}
		return s.write(p, data)
	})
}

// parsedTemplates parses the embedded templates once per process.
var parsedTemplates = sync.OnceValues(parseTemplates)

// assetPaths lists the files writeAssets writes.
func assetPaths() []string {
	var out []string
	_ = fs.WalkDir(templates.Assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out
}

func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(template.FuncMap{
		"badge":        badgeHTML,
		"reviewLabel":  func(state string) string { return reviewLabels[state] },
		"legend":       legend,
		"join":         strings.Join,
		"plural":       plural,
		"dict":         dict,
		"handoffTable": handoffTable,
		"sentence":     sentence,
	}).ParseFS(templates.Pages, "pages/layout.html", "pages/partials.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	names, err := fs.Glob(templates.Pages, "pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, name := range names {
		kind := strings.TrimSuffix(filepath.Base(name), ".html")
		if kind == "layout" || kind == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templates.Pages, name)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		out[kind] = t
	}
	if len(out) == 0 {
		return nil, errors.New("parse templates: no page templates found")
	}
	return out, nil
}

// plural returns "1 handoff" or "3 handoffs".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if word == "source of truth" {
		return fmt.Sprintf("%d sources of truth", n)
	}
	// A word that ends in a consonant and y, such as "entity", ends in
	// "ies" in the plural.
	if stem, ok := strings.CutSuffix(word, "y"); ok && len(stem) > 0 && !strings.ContainsAny(stem[len(stem)-1:], "aeiou") {
		return fmt.Sprintf("%d %sies", n, stem)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// legend returns the graph legend, built once: every graph page shows it.
var legend = sync.OnceValue(legendHTML)

// legendHTML returns the graph legend: a line sample for every handoff
// kind, the colours of review states and the mark of high stakes. The
// samples are drawn by the stylesheet from their classes (ls-dashed,
// ls-vee and so on), so the legend that thousands of pages repeat costs a
// line of markup per sample.
func legendHTML() template.HTML {
	var b strings.Builder
	b.WriteString(`<details class="legend"><summary>Legend</summary><div class="legend-body"><ul class="legend-kinds">`)
	for _, kind := range model.HandoffKinds {
		st := edgeStyles[kind]
		fmt.Fprintf(&b, `<li><i class="ls ls-%s ls-%s"></i> %s</li>`, st.style, st.arrowhead, kind)
	}
	b.WriteString(`</ul><ul class="legend-states">`)
	for _, state := range []string{model.ReviewFresh, model.ReviewDueSoon, model.ReviewOverdue, model.ReviewNever} {
		fmt.Fprintf(&b, `<li><i class="ls ls-wide ls-%s"></i> review %s</li>`, state, reviewLabels[state])
	}
	b.WriteString(`<li><i class="ls ls-bold"></i> high stakes (money, customers, compliance, PII), label marked ⚠</li>`)
	b.WriteString(`</ul><p>Boxes are systems, or groups of systems such as domains where the note under a graph says so. A cylinder is a database or warehouse, a note a spreadsheet, a hexagon a connector, a component a script. Click a box or a line to open its page; hover for details.</p></div></details>`)
	return template.HTML(b.String())
}

// sortedFindings returns the findings with errors first, then by file and line.
func sortedFindings(list []*model.Finding) []*model.Finding {
	out := append([]*model.Finding(nil), list...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Severity == model.SeverityError && out[j].Severity != model.SeverityError
	})
	return out
}

// sentence returns s with its first letter in upper case, for rule
// summaries that start a paragraph.
func sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
