package render

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/goccy/go-graphviz"
)

// GraphRenderer lays out a graph written in DOT and returns it as SVG.
type GraphRenderer interface {
	RenderSVG(dot []byte) ([]byte, error)
}

// graphvizMu guards every call into go-graphviz. Version 0.2.10 runs
// Graphviz in one WebAssembly instance shared by the whole package, so two
// goroutines must never be inside it at once, graphviz.New included.
var graphvizMu sync.Mutex

// InProcess renders graphs with go-graphviz in this process, one at a time.
type InProcess struct {
	gv *graphviz.Graphviz
}

// RenderSVG lays out the DOT text with the dot engine and returns the SVG.
func (r *InProcess) RenderSVG(dot []byte) ([]byte, error) {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()

	ctx := context.Background()
	if r.gv == nil {
		gv, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("start graphviz: %w", err)
		}
		r.gv = gv
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("parse DOT: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := r.gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("lay out graph: %w", err)
	}
	return buf.Bytes(), nil
}

// Close releases the Graphviz instance.
func (r *InProcess) Close() error {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	if r.gv == nil {
		return nil
	}
	err := r.gv.Close()
	r.gv = nil
	return err
}

// inlineSVG strips the XML declaration, doctype and comments that Graphviz
// writes before the <svg> element, so the SVG can be placed in HTML.
func inlineSVG(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	return bytes.TrimSpace(svg)
}
