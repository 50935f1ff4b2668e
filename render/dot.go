package render

import (
	"fmt"
	"strings"
)

// dotQuote returns s as a quoted DOT string. Backslashes and quotes are
// escaped so that no text can end the string or start a Graphviz escape
// such as \N. "&" becomes "&amp;" because Graphviz passes character
// references through to SVG unchanged. Control characters are dropped.
func dotQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '&':
			b.WriteString("&amp;")
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			// Dropped: Graphviz and XML reject most control characters.
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// attr is one DOT attribute; attributes are written in the order given.
type attr struct {
	key, value string
}

func writeAttrs(b *strings.Builder, attrs []attr) {
	if len(attrs) == 0 {
		return
	}
	b.WriteString(" [")
	for i, a := range attrs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a.key)
		b.WriteByte('=')
		b.WriteString(dotQuote(a.value))
	}
	b.WriteByte(']')
}

// dotGraph collects nodes, clusters and edges and writes them as DOT text
// in the order they were added: graph attributes, clusters with their
// nodes, loose nodes, then edges.
type dotGraph struct {
	attrs    []attr
	clusters []*dotCluster
	byName   map[string]*dotCluster
	nodes    []dotNode
	edges    []dotEdge
}

type dotCluster struct {
	id    string
	attrs []attr
	nodes []dotNode
}

type dotNode struct {
	id    string
	attrs []attr
}

type dotEdge struct {
	from, to string
	attrs    []attr
}

func newDotGraph(attrs ...attr) *dotGraph {
	return &dotGraph{attrs: attrs, byName: map[string]*dotCluster{}}
}

// cluster returns the cluster with the id, adding it on first use.
func (g *dotGraph) cluster(id string, attrs ...attr) *dotCluster {
	if c := g.byName[id]; c != nil {
		return c
	}
	c := &dotCluster{id: id, attrs: attrs}
	g.byName[id] = c
	g.clusters = append(g.clusters, c)
	return c
}

func (g *dotGraph) node(cluster *dotCluster, id string, attrs ...attr) {
	n := dotNode{id: id, attrs: attrs}
	if cluster != nil {
		cluster.nodes = append(cluster.nodes, n)
		return
	}
	g.nodes = append(g.nodes, n)
}

func (g *dotGraph) edge(from, to string, attrs ...attr) {
	g.edges = append(g.edges, dotEdge{from: from, to: to, attrs: attrs})
}

func (g *dotGraph) String() string {
	var b strings.Builder
	b.WriteString("digraph \"map\" {\n")
	for _, a := range g.attrs {
		fmt.Fprintf(&b, "  %s=%s;\n", a.key, dotQuote(a.value))
	}
	// The margin leaves room for browsers whose fallback sans-serif font is
	// wider than the Helvetica metrics Graphviz measures labels with.
	b.WriteString("  node [fontname=\"Helvetica,Arial,sans-serif\" fontsize=\"11\" shape=\"box\" style=\"rounded,filled\" fillcolor=\"#ffffff\" color=\"#6b7280\" margin=\"0.22,0.06\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica,Arial,sans-serif\" fontsize=\"9\" arrowsize=\"0.7\"];\n")
	for i, c := range g.clusters {
		fmt.Fprintf(&b, "  subgraph %s {\n", dotQuote(fmt.Sprintf("cluster_%d", i)))
		for _, a := range c.attrs {
			fmt.Fprintf(&b, "    %s=%s;\n", a.key, dotQuote(a.value))
		}
		for _, n := range c.nodes {
			b.WriteString("    " + dotQuote(n.id))
			writeAttrs(&b, n.attrs)
			b.WriteString(";\n")
		}
		b.WriteString("  }\n")
	}
	for _, n := range g.nodes {
		b.WriteString("  " + dotQuote(n.id))
		writeAttrs(&b, n.attrs)
		b.WriteString(";\n")
	}
	for _, e := range g.edges {
		b.WriteString("  " + dotQuote(e.from) + " -> " + dotQuote(e.to))
		writeAttrs(&b, e.attrs)
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
	return b.String()
}
