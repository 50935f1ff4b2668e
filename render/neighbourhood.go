package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// maxColumnBoxes is the number of boxes in one column of a system's
// neighbourhood picture; more neighbours are folded into "+N more" boxes.
const maxColumnBoxes = 12

// neighbour is one box of a neighbourhood column: a system, or a group of
// systems, with the handoffs that connect it to the centre.
type neighbour struct {
	label, href, title string
	handoffs           []*model.Handoff
	group              bool
	// systems is the number of systems a group box stands for.
	systems int
}

// neighbourhoodPicture draws a system in the middle, the systems that send
// to it (or through it) in a column on the left and the systems it sends
// to on the right, with a fixed layout instead of Graphviz. Every handoff
// is part of one line. It returns the SVG and a sentence that states how much
// the picture shows.
func neighbourhoodPicture(m *model.Model, s *model.System, link linkFunc) (string, string) {
	var in, out []*model.Handoff
	in = append(in, s.Inbound...)
	out = append(out, s.Outbound...)
	for _, h := range s.Through {
		in = append(in, h)
		out = append(out, h)
	}
	// "+N more" boxes link to the tables of the system's own page.
	page := "systems/" + s.ID + "/"
	left := neighbourColumn(m, in, func(h *model.Handoff) string { return h.From }, link, page+"#inbound")
	right := neighbourColumn(m, out, func(h *model.Handoff) string { return h.To }, link, page+"#outbound")

	const (
		boxW, boxH, rowH = 200, 30, 40
		gap              = 130
		centreW          = 200
		pad              = 4
	)
	rows := max(len(left), len(right), 1)
	height := rows*rowH + 2*pad
	width := 2*boxW + 2*gap + centreW + 2*pad
	cx := pad + boxW + gap
	rowY := func(i, n int) int {
		// Centre a column of n rows in the picture's height.
		top := pad + (rows-n)*rowH/2
		return top + i*rowH + (rowH-boxH)/2
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="neighbourhood" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="group" aria-label="%s">`,
		width, height, width, height, esc(fmt.Sprintf("%s: %s in, %s out", displayName(s.Name, s.ID), plural(len(in), "handoff"), plural(len(out), "handoff"))))
	for i, n := range left {
		y := rowY(i, len(left))
		neighbourBox(&b, n, pad, y, boxW, boxH)
		neighbourLine(&b, n, pad+boxW+2, cx-2, y+boxH/2, link)
	}
	for i, n := range right {
		y := rowY(i, len(right))
		neighbourBox(&b, n, cx+centreW+gap, y, boxW, boxH)
		neighbourLine(&b, n, cx+centreW+2, cx+centreW+gap-2, y+boxH/2, link)
	}
	name := truncate(displayName(s.Name, s.ID), 28)
	fmt.Fprintf(&b, `<a href="%s"><title>%s</title><rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="#e0ecff" stroke="#1f2937" stroke-width="2.5"/>`,
		esc(link("systems/"+s.ID+"/")), esc(s.ID), cx, pad, centreW, height-2*pad)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" font-weight="bold" fill="#1f2937">%s</text></a>`, cx+centreW/2, height/2+4, esc(name))
	b.WriteString("</svg>")

	note := fmt.Sprintf("Every handoff of the system: %s from %s on the left, %s to %s on the right; a handoff that passes through it is on both sides.",
		plural(len(in), "handoff"), plural(countSystems(left), "system"), plural(len(out), "handoff"), plural(countSystems(right), "system"))
	if hasGroup(left) || hasGroup(right) {
		note += fmt.Sprintf(" Beyond %d boxes a column folds the systems with fewest handoffs into “+N more” boxes by domain, which link to the tables below.", maxColumnBoxes)
	}
	return b.String(), note
}

// neighbourColumn groups handoffs by the system at their other end, the
// busiest first. When there are more than maxColumnBoxes systems, the rest
// are grouped by domain, and past that into one last box.
func neighbourColumn(m *model.Model, handoffs []*model.Handoff, end func(*model.Handoff) string, link linkFunc, table string) []*neighbour {
	byID := map[string]*neighbour{}
	var ids []string
	for _, h := range sortHandoffs(handoffs) {
		id := end(h)
		n := byID[id]
		if n == nil {
			n = &neighbour{label: systemLabel(m, id), href: link("systems/" + id + "/"), title: id}
			byID[id] = n
			ids = append(ids, id)
		}
		n.handoffs = append(n.handoffs, h)
	}
	sort.SliceStable(ids, func(i, j int) bool {
		a, b := byID[ids[i]], byID[ids[j]]
		if len(a.handoffs) != len(b.handoffs) {
			return len(a.handoffs) > len(b.handoffs)
		}
		return ids[i] < ids[j]
	})
	if len(ids) <= maxColumnBoxes {
		out := make([]*neighbour, len(ids))
		for i, id := range ids {
			out[i] = byID[id]
		}
		return out
	}

	// Keep the busiest systems and fold the others by domain, the largest
	// domains first. Past the last box, the remaining domains share one box.
	keep := maxColumnBoxes / 2
	out := make([]*neighbour, 0, maxColumnBoxes)
	for _, id := range ids[:keep] {
		out = append(out, byID[id])
	}
	var domains []string
	members := map[string][]string{}
	for _, id := range ids[keep:] {
		d := "other"
		if s := m.System(id); s != nil {
			d = systemDomain(s)
		}
		if members[d] == nil {
			domains = append(domains, d)
		}
		members[d] = append(members[d], id)
	}
	sort.SliceStable(domains, func(i, j int) bool { return len(members[domains[i]]) > len(members[domains[j]]) })
	boxes := maxColumnBoxes - keep
	for i, d := range domains {
		g := &neighbour{group: true, href: link(table)}
		list := members[d]
		if len(domains) > boxes && i == boxes-1 {
			// One last box for every remaining domain.
			list = nil
			for _, d := range domains[i:] {
				list = append(list, members[d]...)
			}
			g.label = fmt.Sprintf("+%d more in %d domains", len(list), len(domains)-i)
		} else {
			g.label = fmt.Sprintf("+%d more in %s", len(list), d)
		}
		g.systems = len(list)
		g.title = strings.Join(list[:min(len(list), 12)], ", ")
		if len(list) > 12 {
			g.title += fmt.Sprintf(" and %d more", len(list)-12)
		}
		for _, id := range list {
			g.handoffs = append(g.handoffs, byID[id].handoffs...)
		}
		out = append(out, g)
		if len(out) == maxColumnBoxes {
			break
		}
	}
	return out
}

func countSystems(column []*neighbour) int {
	n := 0
	for _, x := range column {
		if x.group {
			n += x.systems
		} else {
			n++
		}
	}
	return n
}

func hasGroup(column []*neighbour) bool {
	for _, x := range column {
		if x.group {
			return true
		}
	}
	return false
}

func neighbourBox(b *strings.Builder, n *neighbour, x, y, w, h int) {
	dash := ""
	if n.group {
		dash = ` stroke-dasharray="4 3"`
	}
	fmt.Fprintf(b, `<a href="%s"><title>%s</title><rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="#fff" stroke="#6b7280"%s/>`,
		esc(n.href), esc(n.title), x, y, w, h, dash)
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="#1f2937">%s</text></a>`, x+w/2, y+h/2+4, esc(truncate(n.label, 30)))
}

// neighbourLine draws the arrow from x1 to x2 at height y for the handoffs
// of one box. One handoff is drawn in the style of its kind, several with
// their number. The colour is the worst review state, and the line is
// thick when any handoff has high stakes.
func neighbourLine(b *strings.Builder, n *neighbour, x1, x2, y int, link linkFunc) {
	worst := model.ReviewNone
	high := false
	for _, h := range n.handoffs {
		if model.Worse(h.Review.State, worst) {
			worst = h.Review.State
		}
		high = high || h.HighStakes
	}
	color := reviewColors[worst]
	stroke := "1.5"
	if high {
		stroke = "3"
	}
	href, title, dash := n.href, "", ""
	if len(n.handoffs) == 1 {
		h := n.handoffs[0]
		href = link("handoffs/" + h.ID + "/")
		title = fmt.Sprintf("%s: %s, review %s", h.Title, h.Kind, reviewLabels[h.Review.State])
		dash = map[string]string{"dashed": "6 3", "dotted": "2 3"}[edgeStyles[h.Kind].style]
	} else {
		var titles []string
		for _, h := range n.handoffs[:min(len(n.handoffs), 10)] {
			titles = append(titles, h.Title)
		}
		title = strings.Join(titles, "; ")
		if len(n.handoffs) > 10 {
			title += fmt.Sprintf("; and %d more", len(n.handoffs)-10)
		}
	}
	fmt.Fprintf(b, `<a href="%s"><title>%s</title><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%s"`, esc(href), esc(title), x1, y, x2-9, y, color, stroke)
	if dash != "" {
		fmt.Fprintf(b, ` stroke-dasharray="%s"`, dash)
	}
	b.WriteString("/>")
	fmt.Fprintf(b, `<polygon points="%d,%d %d,%d %d,%d" fill="%s"/>`, x2-10, y-5, x2, y, x2-10, y+5, color)
	if len(n.handoffs) > 1 {
		fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" font-size="10" fill="#374151">%s</text>`, (x1+x2)/2, y-5, esc(plural(len(n.handoffs), "handoff")))
	}
	b.WriteString("</a>")
}
