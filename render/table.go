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
		handoffRow(&b, p, h, filterable)
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
	return template.HTML(b.String()), nil // #nosec: every value is escaped above
}

// handoffRow writes one row of the handoff table. Only the filterable table
// of the handoff list carries the values that its script filters and sorts
// by, because other pages neither filter nor sort. The stylesheet, not the
// cells, names the columns on phones.
func handoffRow(b *strings.Builder, p *pageData, h *model.Handoff, filterable bool) {
	systemLink := func(id string) {
		b.WriteString(`<a href="`)
		writeURL(b, p.Sys(id))
		b.WriteString(`">`)
		writeEscaped(b, p.SystemName(id))
		b.WriteString(`</a>`)
	}
	if filterable {
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
		b.WriteString("\">")
	} else {
		b.WriteString("\n<tr>")
	}
	b.WriteString("\n<td><a href=\"")
	writeURL(b, p.HO(h.ID))
	b.WriteString(`">`)
	writeEscaped(b, h.Title)
	b.WriteString(`</a>`)
	if h.Orphaned {
		b.WriteString(` <span class="flag flag-orphaned">orphaned</span>`)
	}
	b.WriteString("</td>\n<td>")
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
	b.WriteString("</td>\n<td>")
	writeEscaped(b, h.Kind)
	b.WriteString("</td>\n<td>")
	if h.Owner != "" {
		b.WriteString(`<a href="`)
		writeURL(b, p.PersonLink(h.Owner))
		b.WriteString(`">`)
		writeEscaped(b, p.PersonName(h.Owner))
		b.WriteString(`</a>`)
	} else {
		b.WriteString(`<span class="missing">none</span>`)
	}
	b.WriteString("</td>\n<td>")
	for _, stake := range h.Stakes {
		b.WriteString(`<span class="stake">`)
		writeEscaped(b, stake)
		b.WriteString(`</span> `)
	}
	if h.HighStakes && h.Monitoring == "" {
		b.WriteString(`<span class="flag flag-unmonitored">unmonitored</span>`)
	}
	b.WriteString("</td>\n<td>")
	writeEscaped(b, h.Status)
	due := h.Review.Due
	if filterable {
		b.WriteString("</td>\n<td data-sort=\"")
		if due.IsZero() {
			b.WriteString("0000-00-00")
		} else {
			writeEscaped(b, due.String())
		}
		b.WriteString(`">`)
	} else {
		b.WriteString("</td>\n<td>")
	}
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

// HandoffFacts returns the facts list of a handoff page as HTML. Like
// handoffTable it is Go code because a big map has one such page per
// handoff, and its output is what html/template printed for the same markup.
func (p *pageData) HandoffFacts() template.HTML {
	h := p.Handoff
	var b strings.Builder
	b.Grow(2048)
	link := func(href, text string) {
		b.WriteString(`<a href="`)
		writeURL(&b, href)
		b.WriteString(`">`)
		writeEscaped(&b, text)
		b.WriteString(`</a>`)
	}
	system := func(id string) {
		if id == "" {
			b.WriteString(`<span class="missing">unknown</span>`)
			return
		}
		link(p.Sys(id), p.SystemName(id))
	}
	b.WriteString("<dl class=\"facts\">\n<dt>From</dt><dd>")
	system(h.From)
	b.WriteString(`</dd>`)
	if len(h.Via) > 0 {
		b.WriteString(`<dt>Via</dt><dd>`)
		for i, v := range h.Via {
			if i > 0 {
				b.WriteString(` → `)
			}
			link(p.Sys(v), p.SystemName(v))
		}
		b.WriteString(`</dd>`)
	}
	b.WriteString("\n<dt>To</dt><dd>")
	system(h.To)
	b.WriteString("</dd>\n<dt>Kind</dt><dd>")
	writeEscaped(&b, h.Kind)
	b.WriteString(`</dd>`)
	if h.Trigger != "" {
		b.WriteString(`<dt>Trigger</dt><dd>`)
		writeEscaped(&b, h.Trigger)
		b.WriteString(`</dd>`)
	}
	if h.Schedule != "" {
		b.WriteString(`<dt>Schedule</dt><dd><code>`)
		writeEscaped(&b, h.Schedule)
		b.WriteString(`</code>`)
		if h.ScheduleText != "" {
			b.WriteString(`: `)
			writeEscaped(&b, h.ScheduleText)
		}
		b.WriteString(`</dd>`)
	}
	b.WriteString("\n<dt>Data</dt><dd>")
	for i, e := range h.Data {
		if i > 0 {
			b.WriteString(`, `)
		}
		link(p.DataLink(e), e)
	}
	if len(h.Data) == 0 {
		b.WriteString(`not stated`)
	}
	b.WriteString("</dd>\n<dt>Stakes</dt><dd>")
	if len(h.Stakes) > 0 {
		writeEscaped(&b, strings.Join(h.Stakes, ", "))
	} else {
		b.WriteString(`none declared`)
	}
	b.WriteString("</dd>\n<dt>Owner</dt><dd>")
	if h.Owner != "" {
		link(p.PersonLink(h.Owner), p.PersonName(h.Owner))
		if person := p.Model.Person(h.Owner); person != nil && !person.Active {
			b.WriteString(` (has left)`)
		}
	} else {
		b.WriteString(`<span class="missing">none</span>`)
	}
	b.WriteString(`</dd>`)
	if h.Backup != "" {
		b.WriteString(`<dt>Backup</dt><dd>`)
		link(p.PersonLink(h.Backup), p.PersonName(h.Backup))
		b.WriteString(`</dd>`)
	}
	b.WriteString("\n<dt>Status</dt><dd>")
	writeEscaped(&b, h.Status)
	if !h.Expires.IsZero() {
		b.WriteString(`, expires `)
		writeEscaped(&b, h.Expires.String())
	}
	b.WriteString(`</dd>`)
	if !h.Since.IsZero() {
		b.WriteString(`<dt>Since</dt><dd>`)
		writeEscaped(&b, h.Since.String())
		b.WriteString(`</dd>`)
	}
	b.WriteString("\n<dt>Monitoring</dt><dd>")
	if h.Monitoring != "" {
		writeEscaped(&b, h.Monitoring)
	} else {
		b.WriteString(`<span class="missing">none: a failure would go unnoticed</span>`)
	}
	b.WriteString(`</dd>`)
	if h.OnFailure != "" {
		b.WriteString(`<dt>On failure</dt><dd>`)
		writeEscaped(&b, h.OnFailure)
		b.WriteString(`</dd>`)
	}
	if h.Runbook != "" {
		b.WriteString(`<dt>Runbook</dt><dd><a href="`)
		writeURL(&b, h.Runbook)
		b.WriteString(`" rel="noopener">`)
		writeEscaped(&b, h.Runbook)
		b.WriteString(`</a></dd>`)
	}
	b.WriteString("\n<dt>Last reviewed</dt><dd>")
	if h.LastReviewed.IsZero() {
		b.WriteString(`never`)
	} else {
		writeEscaped(&b, h.LastReviewed.String())
		if h.ReviewedBy != "" {
			b.WriteString(` by `)
			link(p.PersonLink(h.ReviewedBy), p.PersonName(h.ReviewedBy))
		}
	}
	b.WriteString("</dd>\n<dt>Review</dt><dd>every ")
	writeEscaped(&b, fmt.Sprint(h.Review.Interval))
	if !h.Review.Due.IsZero() {
		b.WriteString(`, due `)
		writeEscaped(&b, h.Review.Due.String())
	}
	b.WriteString(`: `)
	b.WriteString(string(badgeHTML(h.Review)))
	b.WriteString(`</dd>`)
	if len(h.Tags) > 0 {
		b.WriteString(`<dt>Tags</dt><dd>`)
		for _, tag := range h.Tags {
			b.WriteString(`<span class="tag">`)
			writeEscaped(&b, tag)
			b.WriteString(`</span> `)
		}
		b.WriteString(`</dd>`)
	}
	b.WriteString("\n<dt>Source</dt><dd><code>")
	writeEscaped(&b, h.File)
	b.WriteString(`</code>`)
	if h.NotesFile != "" {
		b.WriteString(`, <code>`)
		writeEscaped(&b, h.NotesFile)
		b.WriteString(`</code>`)
	}
	b.WriteString("</dd>\n<dt>Badge</dt><dd><img src=\"")
	writeURL(&b, p.Link(fmt.Sprintf("badges/handoffs/%s.svg", h.ID)))
	b.WriteString(`" alt="review `)
	writeEscaped(&b, reviewLabels[h.Review.State])
	b.WriteString("\"></dd>\n</dl>")
	return template.HTML(b.String()) // #nosec: every value is escaped above
}
