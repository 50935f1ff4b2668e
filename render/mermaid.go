package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// MermaidMaxEdges is the number of edges above which map.mmd shows only
// how domains connect and each domain gets its own file. Mermaid does not
// draw a flowchart with more than 500 edges unless its maxEdges setting is
// raised.
const MermaidMaxEdges = 500

// MermaidFile is one Mermaid export file.
type MermaidFile struct {
	// Name is the file name at the site root, such as "map.mmd".
	Name string
	Data []byte
}

// MapMermaid returns the map as Mermaid flowcharts. The first file is
// map.mmd. While the map has at most MermaidMaxEdges edges, map.mmd is the
// whole map clustered by domain, and the only file. A larger map.mmd shows
// how domains connect, with a note, and each domain gets map-<domain>.mmd
// with the handoffs that start, end or pass through it.
func MapMermaid(m *model.Model, baseURL string) []MermaidFile {
	baseURL = normalizeBaseURL(baseURL)
	if mermaidEdges(m.Handoffs) <= MermaidMaxEdges {
		return []MermaidFile{{Name: "map.mmd", Data: mermaidWhole(m, baseURL)}}
	}
	files := []MermaidFile{{Name: "map.mmd", Data: mermaidDomains(m, baseURL)}}
	for _, d := range m.Domains {
		files = append(files, MermaidFile{Name: "map-" + d.ID + ".mmd", Data: mermaidDomain(m, d, baseURL)})
	}
	return files
}

// MermaidDomain returns the flowchart of one domain's handoffs, as in
// map-<domain>.mmd, or false when the map has no such domain.
func MermaidDomain(m *model.Model, domain, baseURL string) ([]byte, bool) {
	for _, d := range m.Domains {
		if d.ID == domain {
			return mermaidDomain(m, d, normalizeBaseURL(baseURL)), true
		}
	}
	return nil, false
}

func (s *site) mapMermaid() error {
	for _, f := range MapMermaid(s.m, s.BaseURL) {
		if err := s.write(f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// mermaidGraph collects the lines of one Mermaid flowchart.
type mermaidGraph struct {
	baseURL string
	b       strings.Builder
	ids     map[string]string
	used    map[string]bool
	edges   int
	// styles maps a linkStyle to the indexes of the edges drawn with it.
	styles map[string][]int
}

func newMermaidGraph(baseURL string) *mermaidGraph {
	return &mermaidGraph{baseURL: baseURL, ids: map[string]string{}, used: map[string]bool{}, styles: map[string][]int{}}
}

var mermaidIDReplacer = strings.NewReplacer("-", "_", "/", "__")

// nodeID returns the Mermaid node id for an id of ours. Mermaid ids may not
// contain "/" and must not be keywords such as "end", so every id gets a
// prefix, "-" becomes "_" and "/" becomes "__". A clash gets a number.
func (g *mermaidGraph) nodeID(prefix, id string) string {
	key := prefix + id
	if v, ok := g.ids[key]; ok {
		return v
	}
	base := prefix + mermaidIDReplacer.Replace(id)
	v := base
	for n := 2; g.used[v]; n++ {
		v = fmt.Sprintf("%s_%d", base, n)
	}
	g.ids[key] = v
	g.used[v] = true
	return v
}

// mermaidText escapes text for a quoted Mermaid label with Mermaid's entity
// codes, so that quotes, "#", angle brackets and backticks stay text.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '`':
			b.WriteString("#96;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			if r >= 0x20 && r != 0x7f {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func (g *mermaidGraph) line(indent int, format string, args ...any) {
	g.b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *mermaidGraph) header(m *model.Model, what string) {
	g.line(0, "%%%% %s: %s. Written by handoff; edit the TOML files, not this file.", mermaidText(m.Settings.Title), what)
}

func (g *mermaidGraph) system(indent int, s *model.System) {
	g.line(indent, "%s[\"%s\"]", g.nodeID("s_", s.ID), mermaidText(displayName(s.Name, s.ID)))
}

// handoff draws the handoff as a chain of edges along its path, labelled on
// the first edge. Dashed arrows are the kinds drawn dashed or dotted in the
// site's graphs, thick arrows high stakes; colour shows the review state.
func (g *mermaidGraph) handoff(h *model.Handoff) {
	path := h.Path()
	arrow := "-->"
	switch edgeStyles[h.Kind].style {
	case "dashed", "dotted":
		arrow = "-.->"
	}
	if h.HighStakes {
		arrow = "==>"
	}
	for i := 0; i+1 < len(path); i++ {
		from, to := g.nodeID("s_", path[i]), g.nodeID("s_", path[i+1])
		if i == 0 {
			label := truncate(h.Title, 40)
			if h.HighStakes {
				label = "⚠ " + label
			}
			g.line(1, "%s %s|\"%s\"| %s", from, arrow, mermaidText(label), to)
		} else {
			g.line(1, "%s %s %s", from, arrow, to)
		}
		style := "stroke:" + reviewColors[h.Review.State]
		g.styles[style] = append(g.styles[style], g.edges)
		g.edges++
	}
}

// finish writes the edge colours and the links of the systems.
func (g *mermaidGraph) finish(systems []*model.System) []byte {
	styles := make([]string, 0, len(g.styles))
	for style := range g.styles {
		styles = append(styles, style)
	}
	sort.Strings(styles)
	for _, style := range styles {
		idx := make([]string, len(g.styles[style]))
		for i, n := range g.styles[style] {
			idx[i] = fmt.Sprint(n)
		}
		g.line(1, "linkStyle %s %s", strings.Join(idx, ","), style)
	}
	for _, s := range systems {
		g.line(1, "click %s href \"%s\"", g.nodeID("s_", s.ID), mermaidText(exportURL(g.baseURL, "systems/"+s.ID+"/")))
	}
	return []byte(g.b.String())
}

// mermaidEdges counts the edges a flowchart of the handoffs draws.
func mermaidEdges(handoffs []*model.Handoff) int {
	n := 0
	for _, h := range handoffs {
		if h.From != "" && h.To != "" {
			n += len(h.Path()) - 1
		}
	}
	return n
}

func mermaidWhole(m *model.Model, baseURL string) []byte {
	g := newMermaidGraph(baseURL)
	g.header(m, plural(len(m.Systems), "system")+" and "+plural(len(m.Handoffs), "handoff"))
	g.line(0, "flowchart LR")
	for _, d := range m.Domains {
		g.line(1, "subgraph %s[\"%s\"]", g.nodeID("d_", d.ID), mermaidText(d.ID))
		for _, s := range d.Systems {
			g.system(2, s)
		}
		g.line(1, "end")
	}
	for _, h := range m.Handoffs {
		if h.From != "" && h.To != "" {
			g.handoff(h)
		}
	}
	return g.finish(m.Systems)
}

// domainOf returns the domain id of a system, "other" when it has none.
func domainOf(m *model.Model, systemID string) string {
	if s := m.System(systemID); s != nil && s.Domain != "" {
		return s.Domain
	}
	return "other"
}

// mermaidDomains draws one node per domain and one edge per pair of domains
// that handoffs connect, labelled with the number of those handoffs.
func mermaidDomains(m *model.Model, baseURL string) []byte {
	g := newMermaidGraph(baseURL)
	g.header(m, plural(len(m.Systems), "system")+" and "+plural(len(m.Handoffs), "handoff"))
	g.line(0, "%%%% NOTE: the whole map has %d edges, more than the %d that Mermaid draws by default.", mermaidEdges(m.Handoffs), MermaidMaxEdges)
	g.line(0, "%%%% This file shows how domains connect; map-<domain>.mmd shows the handoffs of each domain.")
	g.line(0, "flowchart LR")
	for _, d := range m.Domains {
		g.line(1, "%s[\"%s (%s)\"]", g.nodeID("d_", d.ID), mermaidText(d.ID), plural(len(d.Systems), "system"))
	}
	type pair struct{ from, to string }
	counts := map[pair]int{}
	for _, h := range m.Handoffs {
		if h.From == "" || h.To == "" {
			continue
		}
		path := h.Path()
		seen := map[pair]bool{}
		for i := 0; i+1 < len(path); i++ {
			p := pair{domainOf(m, path[i]), domainOf(m, path[i+1])}
			if p.from != p.to && !seen[p] {
				seen[p] = true
				counts[p]++
			}
		}
	}
	pairs := make([]pair, 0, len(counts))
	for p := range counts {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].from != pairs[j].from {
			return pairs[i].from < pairs[j].from
		}
		return pairs[i].to < pairs[j].to
	})
	for _, p := range pairs {
		g.line(1, "%s -->|\"%s\"| %s", g.nodeID("d_", p.from), plural(counts[p], "handoff"), g.nodeID("d_", p.to))
	}
	for _, d := range m.Domains {
		g.line(1, "click %s href \"%s\"", g.nodeID("d_", d.ID), mermaidText(exportURL(baseURL, "systems/")+"#domain-"+d.ID))
	}
	return []byte(g.b.String())
}

// mermaidDomain draws the handoffs that touch one domain. The domain's
// systems are grouped in a subgraph, and the systems at the other ends
// stand outside it.
func mermaidDomain(m *model.Model, d *model.Domain, baseURL string) []byte {
	var handoffs []*model.Handoff
	for _, h := range m.Handoffs {
		if h.From == "" || h.To == "" {
			continue
		}
		for _, id := range h.Path() {
			if domainOf(m, id) == d.ID {
				handoffs = append(handoffs, h)
				break
			}
		}
	}
	inside := map[string]bool{}
	for _, s := range d.Systems {
		inside[s.ID] = true
	}
	outsideIDs := map[string]bool{}
	for _, h := range handoffs {
		for _, id := range h.Path() {
			if !inside[id] {
				outsideIDs[id] = true
			}
		}
	}
	var outside []*model.System
	for _, s := range m.Systems {
		if outsideIDs[s.ID] {
			outside = append(outside, s)
		}
	}

	g := newMermaidGraph(baseURL)
	g.header(m, fmt.Sprintf("domain %s, %s and the %s that touch it", d.ID, plural(len(d.Systems), "system"), plural(len(handoffs), "handoff")))
	if n := mermaidEdges(handoffs); n > MermaidMaxEdges {
		g.line(0, "%%%% NOTE: this domain alone has %d edges; raise Mermaid's maxEdges setting to draw it.", n)
	}
	g.line(0, "flowchart LR")
	g.line(1, "subgraph %s[\"%s\"]", g.nodeID("d_", d.ID), mermaidText(d.ID))
	for _, s := range d.Systems {
		g.system(2, s)
	}
	g.line(1, "end")
	for _, s := range outside {
		g.system(1, s)
	}
	for _, h := range handoffs {
		g.handoff(h)
	}
	return g.finish(append(append([]*model.System(nil), d.Systems...), outside...))
}
