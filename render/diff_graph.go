package render

import (
	"fmt"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// diffStyle is the colours and line styles of one state in the diff graph:
// added, removed, changed, or unchanged context around a change.
type diffStyle struct {
	color, fill, nodeStyle, edgeStyle, penwidth string
}

const (
	stateAdded   = "added"
	stateRemoved = "removed"
	stateChanged = "changed"
	stateContext = "unchanged"
)

var diffStyles = map[string]diffStyle{
	stateAdded:   {color: "#1a7f37", fill: "#dafbe1", nodeStyle: "rounded,filled,bold", edgeStyle: "bold", penwidth: "2.5"},
	stateRemoved: {color: "#cf222e", fill: "#ffebe9", nodeStyle: "rounded,filled,dashed", edgeStyle: "dashed", penwidth: "2"},
	stateChanged: {color: "#9a6700", fill: "#fff8c5", nodeStyle: "rounded,filled", edgeStyle: "solid", penwidth: "2"},
	stateContext: {color: "#9ca3af", fill: "#ffffff", nodeStyle: "rounded,filled", edgeStyle: "solid", penwidth: "1"},
}

// diffGraph collects the systems and handoff edges of the diff graph, each
// system once with the strongest state it has.
type diffGraph struct {
	d      *model.Diff
	w      *diffWriter
	g      *dotGraph
	order  []string
	state  map[string]string
	models map[string]*model.Model
	lines  []diffEdge
}

type diffEdge struct {
	h     *model.Handoff
	state string
	note  string
}

// stateRank decides the state of a system drawn for several reasons: its
// own change wins over the context of a neighbour.
var stateRank = map[string]int{stateContext: 0, stateChanged: 1, stateRemoved: 2, stateAdded: 3}

// DiffDOT returns the changed part of the map as DOT: systems and handoffs
// that were added (green, bold), removed (red, dashed) or changed (amber),
// their unchanged neighbours in grey, and a legend.
func DiffDOT(d *model.Diff, opts DiffOptions) []byte {
	b := &diffGraph{
		d:      d,
		w:      &diffWriter{opts: opts, base: baseURL(opts.BaseURL)},
		g:      newDotGraph(attr{"rankdir", "LR"}, attr{"bgcolor", "white"}, attr{"nodesep", "0.3"}, attr{"ranksep", "0.6"}, attr{"fontname", "Helvetica,Arial,sans-serif"}, attr{"fontsize", "11"}),
		state:  map[string]string{},
		models: map[string]*model.Model{},
	}
	b.collect()
	b.legend()
	for _, id := range b.order {
		b.node(id)
	}
	for _, e := range b.lines {
		b.edge(e)
	}
	if len(b.order) == 0 {
		b.g.node(nil, "note:empty", attr{"label", "No architecture changes."}, attr{"shape", "plaintext"}, attr{"style", ""})
	}
	return []byte(b.g.String())
}

// DiffSVG lays out DiffDOT with the renderer, or with Graphviz in this
// process when r is nil.
func DiffSVG(d *model.Diff, opts DiffOptions, r GraphRenderer) ([]byte, error) {
	if r == nil {
		r = &InProcess{}
	}
	return r.RenderSVG(DiffDOT(d, opts))
}

func (b *diffGraph) collect() {
	d := b.d
	changed := map[string]bool{}
	for _, c := range d.ItemsOf(model.SubjectSystem) {
		m, state := d.New, stateChanged
		switch c.Change {
		case model.Added:
			state = stateAdded
		case model.Removed:
			m, state = d.Old, stateRemoved
		}
		b.system(m, c.ID, state)
		if c.Change != model.Removed {
			changed[c.ID] = true
		}
	}

	drawn := map[string]bool{}
	for _, c := range d.ItemsOf(model.SubjectHandoff) {
		drawn[c.ID] = true
		switch c.Change {
		case model.Added:
			b.handoff(d.New, d.New.Handoff(c.ID), stateAdded, "")
		case model.Removed:
			b.handoff(d.Old, d.Old.Handoff(c.ID), stateRemoved, "")
		default:
			h := d.New.Handoff(c.ID)
			oldID := c.ID
			if c.OldID != "" {
				oldID = c.OldID
			}
			// A handoff that now runs between other systems shows its old
			// path as removed.
			if o := d.Old.Handoff(oldID); o != nil && h != nil && strings.Join(o.Path(), "\x00") != strings.Join(h.Path(), "\x00") {
				b.handoff(d.Old, o, stateRemoved, "old path")
			}
			b.handoff(d.New, h, stateChanged, "")
		}
	}
	for _, o := range d.Orphaned {
		if !drawn[o.ID] {
			drawn[o.ID] = true
			b.handoff(d.New, d.New.Handoff(o.ID), stateChanged, "orphaned")
		}
	}

	// Neighbours: the unchanged handoffs of changed systems, with the
	// systems at their other ends.
	for _, s := range d.New.Systems {
		if !changed[s.ID] {
			continue
		}
		for _, list := range [][]*model.Handoff{s.Inbound, s.Outbound, s.Through} {
			for _, h := range list {
				if !drawn[h.ID] {
					drawn[h.ID] = true
					b.handoff(d.New, h, stateContext, "")
				}
			}
		}
	}
}

// system records a system to draw, keeping its strongest state.
func (b *diffGraph) system(m *model.Model, id, state string) {
	old, seen := b.state[id]
	if !seen {
		b.order = append(b.order, id)
		b.models[id] = m
	}
	if !seen || stateRank[state] > stateRank[old] {
		b.state[id] = state
		if m.System(id) != nil {
			b.models[id] = m
		}
	}
}

func (b *diffGraph) handoff(m *model.Model, h *model.Handoff, state, note string) {
	if h == nil || h.From == "" || h.To == "" {
		return
	}
	for _, id := range h.Path() {
		b.system(m, id, stateContext)
	}
	b.lines = append(b.lines, diffEdge{h: h, state: state, note: note})
}

func (b *diffGraph) node(id string) {
	st := diffStyles[b.state[id]]
	label, kind := id, ""
	if s := b.models[id].System(id); s != nil {
		label, kind = orName(s.Name, id), s.Kind
	}
	shape := nodeShapes[kind]
	if shape == "" {
		shape = "box"
	}
	style := st.nodeStyle
	if shape != "box" {
		style = strings.TrimPrefix(style, "rounded,")
	}
	attrs := []attr{
		{"label", truncate(label, 32)},
		{"shape", shape},
		{"style", style},
		{"color", st.color},
		{"fillcolor", st.fill},
		{"tooltip", fmt.Sprintf("system %s: %s", id, b.state[id])},
	}
	if b.state[id] != stateContext {
		attrs = append(attrs, attr{"penwidth", "2"})
	}
	if u := b.w.pageURL(model.SubjectSystem, id); u != "" && b.state[id] != stateRemoved {
		attrs = append(attrs, attr{"URL", u})
	}
	b.g.node(nil, id, attrs...)
}

func (b *diffGraph) edge(e diffEdge) {
	st := diffStyles[e.state]
	path := e.h.Path()
	label := truncate(e.h.Title, 28)
	if e.note != "" {
		label += " (" + e.note + ")"
	}
	tooltip := fmt.Sprintf("handoff %s: %s", e.h.ID, e.state)
	if e.note != "" {
		tooltip += ", " + e.note
	}
	for i := 0; i+1 < len(path); i++ {
		attrs := []attr{
			{"color", st.color},
			{"style", st.edgeStyle},
			{"penwidth", st.penwidth},
			{"tooltip", tooltip},
		}
		if i == 0 {
			attrs = append(attrs, attr{"label", label}, attr{"fontcolor", st.color})
		}
		if u := b.w.pageURL(model.SubjectHandoff, e.h.ID); u != "" && e.state != stateRemoved {
			attrs = append(attrs, attr{"URL", u})
		}
		b.g.edge(path[i], path[i+1], attrs...)
	}
}

// legend draws a sample system and a sample handoff for each state in a
// cluster of its own. Its node ids contain ":", which no system id can.
func (b *diffGraph) legend() {
	c := b.g.cluster("legend", attr{"label", "Legend"}, attr{"style", "rounded"}, attr{"color", "#d1d5db"}, attr{"fontcolor", "#374151"})
	for _, state := range []string{stateAdded, stateRemoved, stateChanged, stateContext} {
		st := diffStyles[state]
		b.g.node(c, "legend:system:"+state, attr{"label", state + " system"}, attr{"shape", "box"}, attr{"style", st.nodeStyle},
			attr{"color", st.color}, attr{"fillcolor", st.fill}, attr{"fontsize", "9"})
	}
	for _, state := range []string{stateAdded, stateRemoved, stateChanged, stateContext} {
		st := diffStyles[state]
		from, to := "legend:from:"+state, "legend:to:"+state
		b.g.node(c, from, attr{"label", ""}, attr{"shape", "point"}, attr{"width", "0.05"}, attr{"color", st.color})
		b.g.node(c, to, attr{"label", ""}, attr{"shape", "point"}, attr{"width", "0.05"}, attr{"color", st.color})
		b.g.edge(from, to, attr{"label", state + " handoff"}, attr{"color", st.color}, attr{"fontcolor", st.color},
			attr{"style", st.edgeStyle}, attr{"penwidth", st.penwidth}, attr{"fontsize", "9"})
	}
}

func orName(name, id string) string {
	if name == "" {
		return id
	}
	return name
}
