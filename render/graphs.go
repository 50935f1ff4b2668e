package render

import (
	"fmt"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// edgeStyle is the line style and arrowhead of one handoff kind.
type edgeStyle struct {
	style     string
	arrowhead string
}

// edgeStyles gives each handoff kind a line style and arrowhead, so kinds
// can be distinguished without colour.
var edgeStyles = map[string]edgeStyle{
	"api":         {"solid", "normal"},
	"webhook":     {"dashed", "normal"},
	"event":       {"dashed", "vee"},
	"queue":       {"dotted", "vee"},
	"cron":        {"solid", "box"},
	"batch":       {"solid", "obox"},
	"file":        {"dotted", "obox"},
	"spreadsheet": {"dotted", "box"},
	"connector":   {"dashed", "diamond"},
	"database":    {"solid", "dot"},
	"email":       {"dotted", "empty"},
	"manual":      {"dotted", "odot"},
	"other":       {"solid", "empty"},
}

// reviewColors are the colours of review states, shared by edges, badges
// and the stylesheet.
var reviewColors = map[string]string{
	model.ReviewFresh:   "#2e7d32",
	model.ReviewDueSoon: "#a15c00",
	model.ReviewOverdue: "#c62828",
	model.ReviewNever:   "#6a1b9a",
	model.ReviewNone:    "#6b7280",
}

// nodeShapes gives each system kind a node shape.
var nodeShapes = map[string]string{
	"saas":        "box",
	"service":     "box",
	"database":    "cylinder",
	"warehouse":   "cylinder",
	"spreadsheet": "note",
	"connector":   "hexagon",
	"queue":       "cds",
	"script":      "component",
	"other":       "ellipse",
}

// reviewLabels are the words shown for review states.
var reviewLabels = map[string]string{
	model.ReviewFresh:   "fresh",
	model.ReviewDueSoon: "due soon",
	model.ReviewOverdue: "overdue",
	model.ReviewNever:   "never reviewed",
	model.ReviewNone:    "no handoffs",
}

// linkFunc turns a site path such as "systems/crm/" into a link relative to
// the page the graph is placed on.
type linkFunc func(sitePath string) string

// graphBuilder adds systems and handoffs to one DOT graph, each once.
type graphBuilder struct {
	g       *dotGraph
	link    linkFunc
	labels  bool
	added   map[string]bool
	edges   map[string]bool
	focus   map[string]bool
	cluster bool
	// rows lists what the graph draws, for the table shown when the
	// graph cannot be laid out.
	rows []edgeRow
}

func newGraphBuilder(link linkFunc, labels, cluster bool, rankdir string) *graphBuilder {
	g := newDotGraph(
		attr{"rankdir", rankdir},
		attr{"bgcolor", "transparent"},
		attr{"nodesep", "0.3"},
		attr{"ranksep", "0.5"},
		attr{"fontname", "Helvetica,Arial,sans-serif"},
		attr{"fontsize", "11"},
	)
	return &graphBuilder{g: g, link: link, labels: labels, added: map[string]bool{}, edges: map[string]bool{}, focus: map[string]bool{}, cluster: cluster}
}

func (b *graphBuilder) system(s *model.System) {
	if s == nil || b.added[s.ID] {
		return
	}
	b.added[s.ID] = true
	name := s.Name
	if name == "" {
		name = s.ID
	}
	tooltip := fmt.Sprintf("%s (%s)", name, s.Kind)
	if s.Domain != "" {
		tooltip += ", domain " + s.Domain
	}
	if s.Owner != "" {
		tooltip += ", owner " + s.Owner
	}
	shape := nodeShapes[s.Kind]
	if shape == "" {
		shape = "box"
	}
	style := "filled"
	if shape == "box" {
		style = "rounded,filled"
	}
	attrs := []attr{
		{"label", truncate(name, 32)},
		{"shape", shape},
		{"style", style},
		{"URL", b.link("systems/" + s.ID + "/")},
		{"tooltip", tooltip},
	}
	if b.focus[s.ID] {
		attrs = append(attrs, attr{"penwidth", "2.5"}, attr{"color", "#1f2937"}, attr{"fillcolor", "#e0ecff"})
	}
	var c *dotCluster
	if b.cluster {
		domain := s.Domain
		if domain == "" {
			domain = "other"
		}
		c = b.g.cluster(domain, attr{"label", domain}, attr{"style", "rounded,dashed"}, attr{"color", "#9ca3af"},
			attr{"fontcolor", "#374151"}, attr{"URL", b.link("systems/") + "#domain-" + domain}, attr{"tooltip", "domain " + domain})
	}
	b.g.node(c, s.ID, attrs...)
}

// handoff adds the handoff as a chain of edges along from, each via, and to.
func (b *graphBuilder) handoff(m *model.Model, h *model.Handoff) {
	if h.From == "" || h.To == "" || b.edges[h.ID] {
		return
	}
	b.edges[h.ID] = true
	path := h.Path()
	for _, id := range path {
		b.system(m.System(id))
	}
	st := edgeStyles[h.Kind]
	if st.style == "" {
		st = edgeStyles["other"]
	}
	color := reviewColors[h.Review.State]
	tooltip := fmt.Sprintf("%s: %s, review %s", h.Title, h.Kind, reviewLabels[h.Review.State])
	if h.HighStakes {
		tooltip += ", high stakes (" + strings.Join(h.Stakes, ", ") + ")"
	}
	if h.Orphaned {
		tooltip += ", orphaned"
	}
	penwidth := "1.2"
	if h.HighStakes {
		penwidth = "3"
	}
	for i := 0; i+1 < len(path); i++ {
		attrs := []attr{
			{"style", st.style},
			{"arrowhead", st.arrowhead},
			{"color", color},
			{"penwidth", penwidth},
			{"URL", b.link("handoffs/" + h.ID + "/")},
			{"tooltip", tooltip},
		}
		if b.labels && i == 0 {
			label := truncate(h.Title, 28)
			if h.HighStakes {
				label = "⚠ " + label
			}
			attrs = append(attrs, attr{"label", label}, attr{"fontcolor", "#374151"})
		}
		b.g.edge(path[i], path[i+1], attrs...)
	}
	b.rows = append(b.rows, edgeRow{
		From: systemLabel(m, h.From), To: systemLabel(m, h.To),
		What: h.Title, Href: b.link("handoffs/" + h.ID + "/"), Count: 1,
	})
}

func (b *graphBuilder) spec() graphSpec { return graphSpec{dot: []byte(b.g.String()), edges: b.rows} }

// mapGraph draws every system, clustered by domain, and every handoff.
func mapGraph(m *model.Model, link linkFunc) graphSpec {
	b := newGraphBuilder(link, false, true, "LR")
	for _, s := range m.Systems {
		b.system(s)
	}
	for _, h := range m.Handoffs {
		b.handoff(m, h)
	}
	return b.spec()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
