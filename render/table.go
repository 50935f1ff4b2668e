package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/handoffmap/handoff/model"
)

// handoffTable writes the table of handoffs that the lists, system, person,
// team, entity and domain pages show. It is Go code rather than a template
// because a big map prints tens of thousands of rows, and a template spends
// most of a build looking up fields and methods by reflection. Its output
// is what html/template would print for the same markup: text and quoted
// attribute values are escaped as html/template escapes them, and links
// that are not plain paths go through html/template itself.
//
// args are the template's arguments: Page (*pageData), Handoffs
// ([]*model.Handoff) and, on the handoff list, Filterable (true).
func handoffTable(args map[string]any) (template.HTML, error) {
	p, ok := args["Page"].(*pageData)
	if !ok {
		return "", fmt.Errorf("handoff table: Page is %T, not a page", args["Page"])
	}
	list, ok := args["Handoffs"].([]*model.Handoff)
	if !ok && args["Handoffs"] != nil {
		return "", fmt.Errorf("handoff table: Handoffs is %T, not a list of handoffs", args["Handoffs"])
	}
	filterable, _ := args["Filterable"].(bool)

	var b strings.Builder
	b.Grow(200 + 900*len(list))
	b.WriteString("\n<div class=\"table-wrap\">\n<table class=\"handoffs\"")
	if filterable {
		b.WriteString(` id="handoff-table" data-filterable`)
	}
	b.WriteString(`>` + "\n" + `<thead><tr><th scope="col" data-key="title">Handoff</th><th scope="col" data-key="path">From → to</th><th scope="col" data-key="kind">Kind</th><th scope="col" data-key="owner">Owner</th><th scope="col" data-key="stakes">Stakes</th><th scope="col" data-key="status">Status</th><th scope="col" data-key="review">Review</th></tr></thead>` + "\n<tbody>")
	for _, h := range list {
		handoffRow(&b, p, h)
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
	return template.HTML(b.String()), nil // #nosec: every value is escaped above
}

// handoffRow writes one row of the handoff table.
func handoffRow(b *strings.Builder, p *pageData, h *model.Handoff) {
	systemLink := func(id string) {
		b.WriteString(`<a href="`)
		writeURL(b, p.Sys(id))
		b.WriteString(`">`)
		writeEscaped(b, p.SystemName(id))
		b.WriteString(`</a>`)
	}
	b.WriteString("\n<tr data-kind=\"")
	writeEscaped(b, h.Kind)
	b.WriteString(`" data-status="`)
	writeEscaped(b, h.Status)
	b.WriteString(`" data-review="`)
	writeEscaped(b, h.Review.State)
	b.WriteString(`" data-owner="`)
	writeEscaped(b, h.Owner)
	b.WriteString(`" data-team="`)
	writeEscaped(b, p.OwnerTeam(h))
	b.WriteString(`" data-stakes="`)
	writeEscaped(b, strings.Join(h.Stakes, " "))
	b.WriteString("\">\n<td data-label=\"Handoff\"><a href=\"")
	writeURL(b, p.HO(h.ID))
	b.WriteString(`">`)
	writeEscaped(b, h.Title)
	b.WriteString(`</a>`)
	if h.Orphaned {
		b.WriteString(` <span class="flag flag-orphaned">orphaned</span>`)
	}
	b.WriteString("</td>\n<td data-label=\"From → to\">")
	if h.From != "" {
		systemLink(h.From)
	} else {
		b.WriteString(`<span class="missing">unknown</span>`)
	}
	for _, via := range h.Via {
		b.WriteString(` → `)
		systemLink(via)
	}
	b.WriteString(` → `)
	if h.To != "" {
		systemLink(h.To)
	} else {
		b.WriteString(`<span class="missing">unknown</span>`)
	}
	b.WriteString("</td>\n<td data-label=\"Kind\">")
	writeEscaped(b, h.Kind)
	b.WriteString("</td>\n<td data-label=\"Owner\">")
	if h.Owner != "" {
		b.WriteString(`<a href="`)
		writeURL(b, p.PersonLink(h.Owner))
		b.WriteString(`">`)
		writeEscaped(b, p.PersonName(h.Owner))
		b.WriteString(`</a>`)
	} else {
		b.WriteString(`<span class="missing">none</span>`)
	}
	b.WriteString("</td>\n<td data-label=\"Stakes\">")
	for _, stake := range h.Stakes {
		b.WriteString(`<span class="stake">`)
		writeEscaped(b, stake)
		b.WriteString(`</span> `)
	}
	if h.HighStakes && h.Monitoring == "" {
		b.WriteString(`<span class="flag flag-unmonitored">unmonitored</span>`)
	}
	b.WriteString("</td>\n<td data-label=\"Status\">")
	writeEscaped(b, h.Status)
	b.WriteString("</td>\n<td data-label=\"Review\" data-sort=\"")
	due := h.Review.Due
	if due.IsZero() {
		b.WriteString("0000-00-00")
	} else {
		writeEscaped(b, due.String())
	}
	b.WriteString(`">`)
	b.WriteString(string(badgeHTML(h.Review)))
	if !due.IsZero() {
		b.WriteString(`<br><small class="due">due `)
		writeEscaped(b, due.String())
		b.WriteString(`</small>`)
	}
	b.WriteString("</td>\n</tr>")
}

// writeEscaped writes s escaped as html/template escapes a string in text
// and in a quoted attribute value.
func writeEscaped(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case 0:
			esc = "\uFFFD"
		case '"':
			esc = "&#34;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '+':
			esc = "&#43;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// writeURL writes a link as html/template prints it in an href attribute.
// A plain relative path is printed as it is; anything else goes through
// html/template, which filters and normalizes URLs.
func writeURL(b *strings.Builder, u string) {
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '#') {
			b.WriteString(templateURL(u))
			return
		}
	}
	b.WriteString(u)
}

var hrefTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("href").Parse(`<a href="{{.}}">`))
})

// templateURL returns u as html/template prints it in an href attribute.
func templateURL(u string) string {
	var buf bytes.Buffer
	if err := hrefTemplate().Execute(&buf, u); err != nil {
		return "#ZgotmplZ"
	}
	return strings.TrimSuffix(strings.TrimPrefix(buf.String(), `<a href="`), `">`)
}
