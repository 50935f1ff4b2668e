package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/handoffmap/handoff/model"
)

// graphSpec is a graph ready to be laid out: its DOT text and, for the
// table that replaces a graph too large to lay out, every line it draws.
type graphSpec struct {
	dot   []byte
	edges []edgeRow
}

// edgeRow is one line of a graph: one handoff, or several handoffs between
// the same two boxes.
type edgeRow struct {
	From, To string
	// What is the handoff's title, or how many handoffs the line stands for.
	What  string
	Href  string
	Count int
}

// fallbackHTML replaces a graph that could not be laid out in time with a
// table of its lines, so the page still shows every connection.
func fallbackHTML(g graphSpec, timeout time.Duration) template.HTML {
	var b strings.Builder
	within := ""
	if timeout > 0 {
		within = " within " + timeout.String()
	}
	fmt.Fprintf(&b, `<div class="graph-fallback"><p class="callout"><strong>Graph too large to lay out</strong>: Graphviz did not finish%s, so its %s are listed here instead.</p>`,
		within, plural(len(g.edges), "line"))
	b.WriteString(`<div class="table-wrap"><table><thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Handoffs</th></tr></thead><tbody>`)
	for _, e := range g.edges {
		fmt.Fprintf(&b, `<tr><td>%s</td><td>%s</td><td><a href="%s">%s</a></td></tr>`, esc(e.From), esc(e.To), esc(e.Href), esc(e.What))
	}
	b.WriteString(`</tbody></table></div></div>`)
	return template.HTML(b.String()) // #nosec: every text and link is escaped above
}

// systemLabel returns the name of a system, or its id.
func systemLabel(m *model.Model, id string) string {
	if s := m.System(id); s != nil && s.Name != "" {
		return s.Name
	}
	return id
}
