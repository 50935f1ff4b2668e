package render

import (
	"fmt"
	"html"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// textWidth estimates the width in pixels of s in an 11px sans-serif font.
// It is an estimate from average glyph widths, not a measurement.
func textWidth(s string) int {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("ijlI.,:;|!'` ", r):
			w += 3.2
		case strings.ContainsRune("mwMW@", r):
			w += 9.5
		case r >= 'A' && r <= 'Z':
			w += 7.5
		case r > 0x2e80:
			w += 11 // CJK and other wide scripts
		default:
			w += 6.2
		}
	}
	return int(w + 0.5)
}

// Badge returns a standalone SVG badge for a review state, in the two-part
// style that READMEs commonly show, with the words in a <title> for screen
// readers.
func Badge(label, state string) []byte {
	value := reviewLabels[state]
	color := reviewColors[state]
	lw := textWidth(label) + 12
	vw := textWidth(value) + 12
	total := lw + vw
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">`, total, esc(label), esc(value))
	fmt.Fprintf(&b, `<title>%s: %s</title>`, esc(label), esc(value))
	fmt.Fprintf(&b, `<clipPath id="r"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>`, total)
	fmt.Fprintf(&b, `<g clip-path="url(#r)"><rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/></g>`, lw, lw, vw, color)
	b.WriteString(`<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">`)
	fmt.Fprintf(&b, `<text x="%d" y="14">%s</text>`, lw/2, esc(label))
	fmt.Fprintf(&b, `<text x="%d" y="14">%s</text>`, lw+vw/2, esc(value))
	b.WriteString("</g></svg>\n")
	return []byte(b.String())
}

func esc(s string) string { return html.EscapeString(s) }

// pathPicture draws a handoff's from → via → to chain as a row of linked
// boxes with a fixed layout, so a handoff page needs no graph layout.
func pathPicture(m *model.Model, h *model.Handoff, link linkFunc) string {
	path := h.Path()
	const height, gap, pad = 44, 46, 10
	type box struct {
		x, w        int
		label, href string
		title       string
	}
	var boxes []box
	x := 1
	for _, id := range path {
		label := id
		if s := m.System(id); s != nil && s.Name != "" {
			label = s.Name
		}
		label = truncate(label, 30)
		w := max(textWidth(label)+2*pad, 60)
		boxes = append(boxes, box{x: x, w: w, label: label, href: link("systems/" + id + "/"), title: id})
		x += w + gap
	}
	width := x - gap + 1
	color := reviewColors[h.Review.State]
	st := edgeStyles[h.Kind]
	dash := map[string]string{"dashed": "6 3", "dotted": "2 3"}[st.style]
	stroke := "1.5"
	if h.HighStakes {
		stroke = "3"
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="path-picture" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="group" aria-label="%s">`,
		width, height+2, width, height+2, esc("from "+strings.Join(path, " via ")))
	for i, bx := range boxes {
		fmt.Fprintf(&b, `<a href="%s"><title>%s</title><rect x="%d" y="1" width="%d" height="%d" rx="6" fill="var(--node-bg, #fff)" stroke="#6b7280"/>`,
			esc(bx.href), esc(bx.title), bx.x, bx.w, height)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="currentColor">%s</text></a>`, bx.x+bx.w/2, height/2+5, esc(bx.label))
		if i+1 < len(boxes) {
			x1 := bx.x + bx.w
			x2 := boxes[i+1].x
			y := height/2 + 1
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%s"`, x1+2, y, x2-9, y, color, stroke)
			if dash != "" {
				fmt.Fprintf(&b, ` stroke-dasharray="%s"`, dash)
			}
			b.WriteString("/>")
			arrowhead(&b, st.arrowhead, x2-10, y, color)
		}
	}
	b.WriteString("</svg>")
	return b.String()
}

// arrowhead draws the head of a handoff line in the shape Graphviz gives
// its kind (edgeStyles), 9 wide and 10 high, from x to x+9 around the
// middle line y.
func arrowhead(b *strings.Builder, shape string, x, y int, color string) {
	switch shape {
	case "vee":
		fmt.Fprintf(b, `<polyline points="%d,%d %d,%d %d,%d" fill="none" stroke="%s" stroke-width="1.5"/>`, x+1, y-4, x+9, y, x+1, y+4, color)
	case "box":
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="8" height="8" fill="%s"/>`, x+1, y-4, color)
	case "obox":
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="7" height="8" fill="none" stroke="%s"/>`, x+1, y-4, color)
	case "diamond":
		fmt.Fprintf(b, `<polygon points="%d,%d %d,%d %d,%d %d,%d" fill="%s"/>`, x, y, x+4, y-5, x+9, y, x+4, y+5, color)
	case "dot":
		fmt.Fprintf(b, `<circle cx="%d" cy="%d" r="4" fill="%s"/>`, x+5, y, color)
	case "odot":
		fmt.Fprintf(b, `<circle cx="%d" cy="%d" r="3.5" fill="none" stroke="%s"/>`, x+5, y, color)
	case "empty":
		fmt.Fprintf(b, `<polygon points="%d,%d %d,%d %d,%d" fill="none" stroke="%s"/>`, x, y-5, x+9, y, x, y+5, color)
	default:
		fmt.Fprintf(b, `<polygon points="%d,%d %d,%d %d,%d" fill="%s"/>`, x, y-5, x+9, y, x, y+5, color)
	}
}
