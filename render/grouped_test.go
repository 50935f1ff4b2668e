package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/handoffmap/handoff/model"
)

// busiestSystem returns the system with the most handoffs.
func busiestSystem(m *model.Model) *model.System {
	var best *model.System
	for _, s := range m.Systems {
		if best == nil || len(s.Inbound)+len(s.Outbound) > len(best.Inbound)+len(best.Outbound) {
			best = s
		}
	}
	return best
}

func TestGroupedGraphKeepsEveryHandoff(t *testing.T) {
	m := loadGenerated(t, 600, 120, 5)
	link := func(p string) string { return p }
	for _, p := range m.People {
		handoffs := append(append([]*model.Handoff(nil), p.Owns...), p.Backs...)
		if len(handoffs) == 0 {
			continue
		}
		v := &handoffsView{m: m, link: link, handoffs: handoffs, focus: p.Systems, table: "people/" + p.ID + "/#owns", group: byDomain}
		spec, note := v.graph()
		if note == "" {
			t.Errorf("person %s: graph has no note", p.ID)
		}
		if lines := strings.Count(string(spec.dot), " -> "); lines > maxGraphLines+len(handoffs) {
			t.Errorf("person %s: %d lines", p.ID, lines)
		}

		// Every step of every handoff is in one line or counted inside
		// one group box.
		steps := 0
		for _, h := range sortHandoffs(handoffs) {
			steps += len(h.Path()) - 1
		}
		sorted := sortHandoffs(handoffs)
		if len(sorted) <= maxGraphLines && !strings.Contains(note, "folded") {
			continue
		}
		g := v.lastGrouped(sorted)
		counted := 0
		for _, l := range g.lines {
			counted += len(l.handoffs)
		}
		for _, b := range g.boxes {
			counted += b.inside
		}
		if counted < len(sorted) {
			t.Errorf("person %s: lines and boxes account for %d handoff steps of %d handoffs", p.ID, counted, len(sorted))
		}
		if len(g.lines) > maxGraphLines {
			t.Errorf("person %s: grouped graph has %d lines, more than %d", p.ID, len(g.lines), maxGraphLines)
		}
	}
}

// lastGrouped repeats the grouping that graph settled on, for inspection.
func (v *handoffsView) lastGrouped(handoffs []*model.Handoff) *groupedGraph {
	spec, _ := v.graph()
	var keep []string
	for _, s := range v.m.Systems {
		if strings.Contains(string(spec.dot), fmt.Sprintf("%q [", s.ID)) {
			keep = append(keep, s.ID)
		}
	}
	if strings.Contains(string(spec.dot), `"rest"`) {
		var groups []string
		for _, key := range v.groupsBySize(handoffs) {
			if strings.Contains(string(spec.dot), fmt.Sprintf("%q [", key)) {
				groups = append(groups, key)
			}
		}
		return v.grouped(handoffs, keep, groups)
	}
	return v.grouped(handoffs, keep, nil)
}

func TestNeighbourhoodOfHubFoldsColumns(t *testing.T) {
	m := loadGenerated(t, 1500, 100, 10)
	hub := busiestSystem(m)
	if len(hub.Inbound) <= maxColumnBoxes {
		t.Fatalf("busiest system %s has only %d inbound handoffs; the test needs a hub", hub.ID, len(hub.Inbound))
	}
	link := func(p string) string { return p }
	svg, note := neighbourhoodPicture(m, hub, link)
	if !strings.Contains(svg, "+") || !strings.Contains(note, "+N more") {
		t.Errorf("hub picture has no \"+N more\" boxes; note: %s", note)
	}
	// The link function makes site paths relative to the page, so a bare
	// "#inbound" would lead to the site root.
	if want := `"systems/` + hub.ID + `/#inbound"`; !strings.Contains(svg, want) {
		t.Errorf("no \"+N more\" box links to the system's own table %s", want)
	}

	in := append(append([]*model.Handoff(nil), hub.Inbound...), hub.Through...)
	column := neighbourColumn(m, in, func(h *model.Handoff) string { return h.From }, link, "#inbound")
	if len(column) > maxColumnBoxes {
		t.Errorf("inbound column has %d boxes, more than %d", len(column), maxColumnBoxes)
	}
	total := 0
	for _, n := range column {
		total += len(n.handoffs)
	}
	if total != len(in) {
		t.Errorf("inbound column boxes hold %d handoffs, want all %d", total, len(in))
	}
	for _, n := range column {
		if n.group && !strings.HasSuffix(n.href, "#inbound") {
			t.Errorf("group box %q links to %q, want the inbound table", n.label, n.href)
		}
	}
}

func TestDomainGraphListsEveryPair(t *testing.T) {
	m := loadGenerated(t, 2000, 400, 10)
	spec, note, all := domainGraph(m, func(p string) string { return p })
	if lines := strings.Count(string(spec.dot), " -> "); lines > maxGraphLines {
		t.Errorf("domain graph draws %d lines, more than %d", lines, maxGraphLines)
	}
	between := 0
	for _, h := range m.Handoffs {
		path := h.Path()
		for i := 0; i+1 < len(path); i++ {
			if systemDomain(m.System(path[i])) != systemDomain(m.System(path[i+1])) {
				between++
			}
		}
	}
	counted := 0
	for _, row := range all {
		counted += row.Count
	}
	if counted < between-len(m.Handoffs) || counted > between {
		t.Errorf("the table of domain pairs counts %d handoffs; %d handoff steps cross domains", counted, between)
	}
	if len(all) > maxGraphLines && !strings.Contains(note, "busiest") {
		t.Errorf("note does not say that only the busiest pairs are drawn: %s", note)
	}
}

func TestGraphNoteHighlightsOnlyDrawnSystems(t *testing.T) {
	small := loadGenerated(t, 1500, 100, 10)
	// So many systems that every one is folded into a group.
	large := loadGenerated(t, 2000, 1000, 10)
	for _, c := range []struct {
		name  string
		m     *model.Model
		focus []*model.System
		drawn bool
	}{
		{"hub of a small map", small, []*model.System{busiestSystem(small)}, true},
		{"every system of a large map", large, large.Systems, false},
	} {
		v := &handoffsView{m: c.m, link: func(p string) string { return p }, handoffs: c.m.Handoffs, focus: c.focus, group: byDomain}
		_, note := v.graph()
		first := highlighted(v, "Every handoff", "the focus is highlighted")
		if mentions := strings.Contains(first, "highlighted"); mentions != c.drawn || (v.focusDrawn > 0) != c.drawn {
			t.Errorf("%s: %d focus systems drawn, note %q%q", c.name, v.focusDrawn, first, note)
		}
	}
}
