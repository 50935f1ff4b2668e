package render

import (
	"fmt"
	"sort"

	"github.com/handoffmap/handoff/model"
)

// domainHandoffs returns the handoffs that start, end or pass through a
// system of the domain, sorted by id.
func domainHandoffs(d *model.Domain) []*model.Handoff {
	var list []*model.Handoff
	for _, s := range d.Systems {
		list = append(list, s.Inbound...)
		list = append(list, s.Outbound...)
		list = append(list, s.Through...)
	}
	return sortHandoffs(list)
}

// domainLine is the handoffs from one domain to another.
type domainLine struct {
	from, to string
	handoffs []*model.Handoff
}

// domainGraph draws one box per domain and a line for each of the busiest
// pairs of domains that handoffs connect, with the number of handoffs. It
// also returns every pair, for a table next to the graph. A handoff with via
// systems counts on every pair of domains along its path; steps inside one
// domain are counted in the domain's box.
func domainGraph(m *model.Model, link linkFunc) (graphSpec, string, []edgeRow) {
	inside := map[string]int{}
	lines := map[[2]string]*domainLine{}
	var order [][2]string
	for _, h := range m.Handoffs {
		path := h.Path()
		for i := 0; i+1 < len(path); i++ {
			a, b := m.System(path[i]), m.System(path[i+1])
			if a == nil || b == nil {
				continue
			}
			da, db := systemDomain(a), systemDomain(b)
			if da == db {
				inside[da]++
				continue
			}
			pair := [2]string{da, db}
			l := lines[pair]
			if l == nil {
				l = &domainLine{from: da, to: db}
				lines[pair] = l
				order = append(order, pair)
			}
			if n := len(l.handoffs); n == 0 || l.handoffs[n-1] != h {
				l.handoffs = append(l.handoffs, h)
			}
		}
	}
	// The busiest pairs are drawn; the table lists every pair.
	sort.Slice(order, func(i, j int) bool {
		a, b := lines[order[i]], lines[order[j]]
		if len(a.handoffs) != len(b.handoffs) {
			return len(a.handoffs) > len(b.handoffs)
		}
		if a.from != b.from {
			return a.from < b.from
		}
		return a.to < b.to
	})

	b := newGraphBuilder(link, false, false, "LR")
	for _, d := range m.Domains {
		label := fmt.Sprintf("%s\n%s", d.ID, plural(len(d.Systems), "system"))
		if n := inside[d.ID]; n > 0 {
			label += fmt.Sprintf(", %d inside", n)
		}
		b.g.node(nil, "domain "+d.ID,
			attr{"label", label},
			attr{"shape", "box"},
			attr{"style", "rounded,filled"},
			attr{"URL", link("domains/" + d.ID + "/")},
			attr{"tooltip", fmt.Sprintf("domain %s: %s; open it for its systems and handoffs", d.ID, plural(len(d.Systems), "system"))})
	}
	var all []edgeRow
	drawn, hidden := 0, 0
	for i, pair := range order {
		l := lines[pair]
		href := link("domains/" + l.from + "/#handoffs")
		row := edgeRow{From: "domain " + l.from, To: "domain " + l.to, What: plural(len(l.handoffs), "handoff"), Href: href, Count: len(l.handoffs)}
		all = append(all, row)
		if i >= maxGraphLines {
			hidden += len(l.handoffs)
			continue
		}
		drawn++
		gl := &groupLine{
			from:     &groupBox{id: "domain " + l.from, title: "domain " + l.from},
			to:       &groupBox{id: "domain " + l.to, title: "domain " + l.to},
			handoffs: l.handoffs,
		}
		b.g.edge(gl.from.id, gl.to.id, gl.attrs(&handoffsView{m: m, link: link}, href)...)
		b.rows = append(b.rows, row)
	}
	note := fmt.Sprintf("All %s of the %s as boxes, with one line per pair of domains and its number of handoffs. A box also counts the handoff steps inside its domain. Open a domain for its systems.",
		plural(len(m.Domains), "domain"), plural(len(m.Systems), "system"))
	if drawn < len(order) {
		note = fmt.Sprintf("All %s of the %s as boxes. Lines show the %d busiest of the %d pairs of domains that handoffs connect; the other %d pairs, with %s, are in the table of every pair below. A box also counts the handoff steps inside its domain. Open a domain for its systems.",
			plural(len(m.Domains), "domain"), plural(len(m.Systems), "system"), drawn, len(order), len(order)-drawn, plural(hidden, "handoff"))
	}
	return b.spec(), note, all
}
