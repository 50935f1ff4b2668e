package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/handoffmap/handoff/model"
)

// templateHandoffTable is the handoff table as a template, as it was before
// handoffTable replaced it; handoffTable must print the same bytes.
const templateHandoffTable = `{{define "handoff-table"}}
{{- $p := .Page}}
<div class="table-wrap">
<table class="handoffs"{{if .Filterable}} id="handoff-table" data-filterable{{end}}>
<thead><tr><th scope="col" data-key="title">Handoff</th><th scope="col" data-key="path">From → to</th><th scope="col" data-key="kind">Kind</th><th scope="col" data-key="owner">Owner</th><th scope="col" data-key="stakes">Stakes</th><th scope="col" data-key="status">Status</th><th scope="col" data-key="review">Review</th></tr></thead>
<tbody>
{{- range .Handoffs}}
<tr data-kind="{{.Kind}}" data-status="{{.Status}}" data-review="{{.Review.State}}" data-owner="{{.Owner}}" data-team="{{$p.OwnerTeam .}}" data-stakes="{{join .Stakes " "}}">
<td data-label="Handoff"><a href="{{$p.HO .ID}}">{{.Title}}</a>{{if .Orphaned}} <span class="flag flag-orphaned">orphaned</span>{{end}}</td>
<td data-label="From → to">{{if .From}}<a href="{{$p.Sys .From}}">{{$p.SystemName .From}}</a>{{else}}<span class="missing">unknown</span>{{end}}{{range .Via}} → <a href="{{$p.Sys .}}">{{$p.SystemName .}}</a>{{end}} → {{if .To}}<a href="{{$p.Sys .To}}">{{$p.SystemName .To}}</a>{{else}}<span class="missing">unknown</span>{{end}}</td>
<td data-label="Kind">{{.Kind}}</td>
<td data-label="Owner">{{if .Owner}}<a href="{{$p.PersonLink .Owner}}">{{$p.PersonName .Owner}}</a>{{else}}<span class="missing">none</span>{{end}}</td>
<td data-label="Stakes">{{range .Stakes}}<span class="stake">{{.}}</span> {{end}}{{if and .HighStakes (not .Monitoring)}}<span class="flag flag-unmonitored">unmonitored</span>{{end}}</td>
<td data-label="Status">{{.Status}}</td>
<td data-label="Review" data-sort="{{if .Review.Due.IsZero}}0000-00-00{{else}}{{.Review.Due}}{{end}}">{{badge .Review}}{{if not .Review.Due.IsZero}}<br><small class="due">due {{.Review.Due}}</small>{{end}}</td>
</tr>
{{- end}}
</tbody>
</table>
</div>
{{- end}}`

func TestHandoffTableMatchesTemplate(t *testing.T) {
	hostile := "a&b <i>\"q\"</i> 'x'+y \x00 é → javascript:alert(1)"
	handoffs := []*model.Handoff{
		{ID: "billing/invoices", Title: "Invoices", From: "billing", To: "crm", Kind: "cron", Status: "active",
			Owner: "maria", Stakes: []string{"money", "pii"}, HighStakes: true,
			Review: model.ReviewState{State: model.ReviewOverdue, Due: model.NewDate(2026, 1, 2)}},
		{ID: "x/y", Title: hostile, Via: []string{"queue", hostile}, Kind: hostile, Status: hostile, Owner: hostile,
			Stakes: []string{hostile}, Orphaned: true, Monitoring: "dashboard",
			Review: model.ReviewState{State: model.ReviewNever}},
		{ID: hostile, Title: "", From: "javascript:alert(2)", To: "a b%c", Kind: "api",
			Review: model.ReviewState{State: model.ReviewFresh, Due: model.NewDate(2027, 3, 4)}},
	}
	funcs := template.FuncMap{"badge": badgeHTML, "join": strings.Join, "dict": dict, "handoffTable": handoffTable}
	old := template.Must(template.New("").Funcs(funcs).Parse(templateHandoffTable +
		`{{template "handoff-table" (dict "Page" .P "Handoffs" .H "Filterable" .F)}}`))
	cur := template.Must(template.New("").Funcs(funcs).Parse(
		`{{handoffTable (dict "Page" .P "Handoffs" .H "Filterable" .F)}}`))
	for _, path := range []string{"index.html", "systems/crm/index.html", "404.html"} {
		for _, filterable := range []bool{false, true} {
			for _, list := range [][]*model.Handoff{nil, handoffs} {
				p := newPage(&site{m: &model.Model{}}, path, "T", "")
				data := map[string]any{"P": p, "H": list, "F": filterable}
				var want, got bytes.Buffer
				if err := old.Execute(&want, data); err != nil {
					t.Fatal(err)
				}
				if err := cur.Execute(&got, data); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("%s, filterable %v, %d handoffs:\ngot  %s\nwant %s", path, filterable, len(list), got.String(), want.String())
				}
			}
		}
	}
}
