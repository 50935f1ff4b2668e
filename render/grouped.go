package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// Graphs beyond these sizes are hard to read and slow to lay out, so larger
// sets of handoffs are drawn with some systems grouped. The limits are a
// judgement of readability on a laptop screen, not a Graphviz limit.
const (
	maxGraphSystems = 30
	maxGraphLines   = 60
)

// groupFunc returns the group a system is folded into when a graph cannot
// show it on its own: a key and the words that follow "+N more".
type groupFunc func(s *model.System) (key, words string)

// byDomain groups systems by domain.
func byDomain(s *model.System) (string, string) {
	d := systemDomain(s)
	return "domain " + d, "in " + d
}

func systemDomain(s *model.System) string {
	if s.Domain == "" {
		return "other"
	}
	return s.Domain
}

// handoffsView is a graph of a set of handoffs around some focus systems,
// such as what a person owns or what moves a data entity.
type handoffsView struct {
	m        *model.Model
	link     linkFunc
	handoffs []*model.Handoff
	focus    []*model.System
	// table is the site path of the page's table of every handoff, where
	// grouped boxes and lines link to.
	table string
	group groupFunc
	// groups remembers the group of each system, because the graph is
	// grouped several times while it is fitted to the limits.
	groups map[string][2]string
	// focusDrawn counts the focus systems that graph drew as boxes of
	// their own, which a page can highlight. The others are in groups.
	focusDrawn int
}

func (v *handoffsView) groupOf(s *model.System) (string, string) {
	if g, ok := v.groups[s.ID]; ok {
		return g[0], g[1]
	}
	if v.groups == nil {
		v.groups = map[string][2]string{}
	}
	key, words := v.group(s)
	v.groups[s.ID] = [2]string{key, words}
	return key, words
}

// graph returns the graph and a sentence that states how much of the set it
// shows. Up to maxGraphSystems systems and maxGraphLines handoffs are drawn
// one by one. Beyond that the busiest systems and the focus systems keep
// their own box and the others are folded into "+N more" boxes by group;
// handoffs between the same two boxes become one line with their count.
// No handoff is left out: each is part of exactly one line or counted in
// one group box.
func (v *handoffsView) graph() (graphSpec, string) {
	m := v.m
	handoffs := sortHandoffs(v.handoffs)
	degree := map[string]int{}
	var systems []string
	for _, h := range handoffs {
		for _, id := range h.Path() {
			if m.System(id) == nil {
				continue
			}
			if degree[id] == 0 {
				systems = append(systems, id)
			}
			degree[id]++
		}
	}
	for _, s := range v.focus {
		if degree[s.ID] == 0 {
			systems = append(systems, s.ID)
			degree[s.ID] = 0
		}
	}

	if len(systems) <= maxGraphSystems && len(handoffs) <= maxGraphLines {
		b := newGraphBuilder(v.link, len(handoffs) <= 40, false, "LR")
		for _, s := range v.focus {
			b.focus[s.ID] = true
			b.system(s)
		}
		for _, h := range handoffs {
			b.handoff(m, h)
		}
		v.focusDrawn = len(v.focus)
		return b.spec(), fmt.Sprintf("All %s and the %s they connect.", plural(len(handoffs), "handoff"), plural(len(systems), "system"))
	}

	focus := map[string]bool{}
	for _, s := range v.focus {
		focus[s.ID] = true
	}
	sort.SliceStable(systems, func(i, j int) bool {
		a, b := systems[i], systems[j]
		if focus[a] != focus[b] {
			return focus[a]
		}
		if degree[a] != degree[b] {
			return degree[a] > degree[b]
		}
		return a < b
	})
	// Fold more systems until the lines fit: first systems into their
	// groups, then the smallest groups into one box for the rest.
	keep := min(maxGraphSystems-8, len(systems))
	for {
		g := v.grouped(handoffs, systems[:keep], nil)
		if len(g.lines) <= maxGraphLines {
			// Focus systems sort first, so they are the first kept.
			v.focusDrawn = min(keep, len(focus))
			return g.spec(v), g.note(len(handoffs), len(systems), keep)
		}
		if keep == 0 {
			break
		}
		keep = keep * 2 / 3
	}
	// Fewer groups with a box of their own draw fewer lines. The largest
	// number of groups that fits is found by halving the range: trying one
	// fewer group at a time took a pass over every handoff per group.
	groups := v.groupsBySize(handoffs)
	fitting := func(n int) *groupedGraph {
		if g := v.grouped(handoffs, nil, groups[:n]); len(g.lines) <= maxGraphLines {
			return g
		}
		return nil
	}
	var best *groupedGraph
	lo, hi := 1, max(len(groups)-1, 0)
	for lo <= hi {
		mid := (lo + hi) / 2
		if g := fitting(mid); g != nil {
			best, lo = g, mid+1
		} else {
			hi = mid - 1
		}
	}
	if best == nil {
		best = v.grouped(handoffs, nil, groups[:0])
	}
	return best.spec(v), best.note(len(handoffs), len(systems), 0)
}

// groupsBySize returns the group keys of the systems of the handoffs, the
// groups with most handoff steps first.
func (v *handoffsView) groupsBySize(handoffs []*model.Handoff) []string {
	size := map[string]int{}
	var keys []string
	for _, h := range handoffs {
		for _, id := range h.Path() {
			s := v.m.System(id)
			if s == nil {
				continue
			}
			key, _ := v.groupOf(s)
			if size[key] == 0 {
				keys = append(keys, key)
			}
			size[key]++
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if size[keys[i]] != size[keys[j]] {
			return size[keys[i]] > size[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// groupedGraph is a graph whose boxes are single systems or groups.
type groupedGraph struct {
	boxes  []*groupBox
	byID   map[string]*groupBox
	lines  []*groupLine
	byPair map[[2]string]*groupLine
}

type groupBox struct {
	id     string
	system *model.System
	// title names a box that stands for something other than a system or
	// a group, such as a domain.
	title    string
	words    string
	members  []string
	isMember map[string]bool
	// inside counts handoff steps between two members of one group box.
	inside int
}

type groupLine struct {
	from, to *groupBox
	handoffs []*model.Handoff
}

// grouped folds every system but those in keep into group boxes. When
// groups is not nil, only those groups keep a box of their own and the
// systems of all other groups share one box.
func (v *handoffsView) grouped(handoffs []*model.Handoff, keep []string, groups []string) *groupedGraph {
	m := v.m
	g := &groupedGraph{byID: map[string]*groupBox{}, byPair: map[[2]string]*groupLine{}}
	single := map[string]bool{}
	for _, id := range keep {
		single[id] = true
	}
	ownBox := map[string]bool{}
	for _, key := range groups {
		ownBox[key] = true
	}
	// A handoff step looks up the boxes of its two systems, so the box of
	// each system is found once per graph.
	boxes := map[string]*groupBox{}
	boxOf := func(id string) *groupBox {
		if b := boxes[id]; b != nil {
			return b
		}
		s := m.System(id)
		key, words := "system "+id, ""
		if !single[id] {
			key, words = v.groupOf(s)
			if groups != nil && !ownBox[key] {
				key, words = "rest", "elsewhere"
			}
		}
		b := g.byID[key]
		if b == nil {
			b = &groupBox{id: key, words: words, isMember: map[string]bool{}}
			if single[id] {
				b.system = s
			}
			g.byID[key] = b
			g.boxes = append(g.boxes, b)
		}
		if !single[id] && !b.isMember[id] {
			b.isMember[id] = true
			b.members = append(b.members, id)
		}
		boxes[id] = b
		return b
	}
	for _, id := range keep {
		boxOf(id)
	}
	// known returns the box of a system the map defines, or nil.
	known := func(id string) *groupBox {
		if boxes[id] == nil && m.System(id) == nil {
			return nil
		}
		return boxOf(id)
	}
	for _, h := range handoffs {
		path := h.Path()
		for i := 0; i+1 < len(path); i++ {
			from, to := known(path[i]), known(path[i+1])
			if from == nil || to == nil {
				continue
			}
			if from == to && from.system == nil {
				from.inside++
				continue
			}
			pair := [2]string{from.id, to.id}
			l := g.byPair[pair]
			if l == nil {
				l = &groupLine{from: from, to: to}
				g.byPair[pair] = l
				g.lines = append(g.lines, l)
			}
			if n := len(l.handoffs); n == 0 || l.handoffs[n-1] != h {
				l.handoffs = append(l.handoffs, h)
			}
		}
	}
	return g
}

func (g *groupedGraph) spec(v *handoffsView) graphSpec {
	b := newGraphBuilder(v.link, false, false, "LR")
	table := v.link(v.table)
	for _, s := range v.focus {
		b.focus[s.ID] = true
	}
	for _, box := range g.boxes {
		if box.system != nil {
			b.system(box.system)
			continue
		}
		label := fmt.Sprintf("+%d more %s", len(box.members), box.words)
		tooltip := strings.Join(box.members[:min(len(box.members), 12)], ", ")
		if len(box.members) > 12 {
			tooltip += fmt.Sprintf(" and %d more", len(box.members)-12)
		}
		if box.inside > 0 {
			label += fmt.Sprintf("\n%s among them", plural(box.inside, "handoff"))
		}
		b.g.node(nil, box.id, attr{"label", label}, attr{"shape", "folder"}, attr{"style", "dashed"},
			attr{"URL", table}, attr{"tooltip", tooltip})
	}
	for _, l := range g.lines {
		if len(l.handoffs) == 1 && l.from.system != nil && l.to.system != nil && len(l.handoffs[0].Via) == 0 {
			b.handoff(v.m, l.handoffs[0])
			continue
		}
		b.g.edge(l.from.id, l.to.id, l.attrs(v, table)...)
		b.rows = append(b.rows, edgeRow{From: l.from.name(v.m), To: l.to.name(v.m), What: plural(len(l.handoffs), "handoff"), Href: table, Count: len(l.handoffs)})
	}
	return b.spec()
}

func (box *groupBox) name(m *model.Model) string {
	if box.system != nil {
		return systemLabel(m, box.system.ID)
	}
	if box.title != "" {
		return box.title
	}
	return fmt.Sprintf("+%d more %s", len(box.members), box.words)
}

// attrs draws a line that stands for one or more handoffs: coloured by the
// worst review state among them and thick when any has high stakes.
func (l *groupLine) attrs(v *handoffsView, table string) []attr {
	worst := model.ReviewNone
	high := 0
	for _, h := range l.handoffs {
		if model.Worse(h.Review.State, worst) {
			worst = h.Review.State
		}
		if h.HighStakes {
			high++
		}
	}
	penwidth := "1.2"
	if high > 0 {
		penwidth = "3"
	}
	href := table
	if len(l.handoffs) == 1 {
		href = v.link("handoffs/" + l.handoffs[0].ID + "/")
	}
	label := plural(len(l.handoffs), "handoff")
	tooltip := fmt.Sprintf("%s from %s to %s; worst review state %s", label, l.from.name(v.m), l.to.name(v.m), reviewLabels[worst])
	if high > 0 {
		tooltip += fmt.Sprintf("; %d high stakes", high)
	}
	return []attr{
		{"style", "solid"},
		{"arrowhead", "normal"},
		{"color", reviewColors[worst]},
		{"penwidth", penwidth},
		// xlabel is placed after the layout: edge labels as label make
		// Graphviz's dot many times slower on graphs of this size.
		{"xlabel", label},
		{"fontcolor", "#374151"},
		{"URL", href},
		{"tooltip", tooltip},
	}
}

func (g *groupedGraph) note(handoffs, systems, keep int) string {
	return fmt.Sprintf("All %s between %s: %d drawn on their own and the other %d folded into “+N more” boxes. Handoffs between the same two boxes are one line with their count; the table lists each handoff.",
		plural(handoffs, "handoff"), plural(systems, "system"), keep, systems-keep)
}
