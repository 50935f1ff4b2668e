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
{{if $.Filterable}}<tr data-kind="{{.Kind}}" data-status="{{.Status}}" data-review="{{.Review.State}}" data-owner="{{.Owner}}" data-team="{{$p.OwnerTeam .}}" data-stakes="{{join .Stakes " "}}">{{else}}<tr>{{end}}
<td><a href="{{$p.HO .ID}}">{{.Title}}</a>{{if .Orphaned}} <span class="flag flag-orphaned">orphaned</span>{{end}}</td>
<td>{{if .From}}<a href="{{$p.Sys .From}}">{{$p.SystemName .From}}</a>{{else}}<span class="missing">unknown</span>{{end}}{{range .Via}} → <a href="{{$p.Sys .}}">{{$p.SystemName .}}</a>{{end}} → {{if .To}}<a href="{{$p.Sys .To}}">{{$p.SystemName .To}}</a>{{else}}<span class="missing">unknown</span>{{end}}</td>
<td>{{.Kind}}</td>
<td>{{if .Owner}}<a href="{{$p.PersonLink .Owner}}">{{$p.PersonName .Owner}}</a>{{else}}<span class="missing">none</span>{{end}}</td>
<td>{{range .Stakes}}<span class="stake">{{.}}</span> {{end}}{{if and .HighStakes (not .Monitoring)}}<span class="flag flag-unmonitored">unmonitored</span>{{end}}</td>
<td>{{.Status}}</td>
<td{{if $.Filterable}} data-sort="{{if .Review.Due.IsZero}}0000-00-00{{else}}{{.Review.Due}}{{end}}"{{end}}>{{badge .Review}}{{if not .Review.Due.IsZero}}<br><small class="due">due {{.Review.Due}}</small>{{end}}</td>
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

// templateHandoffFacts is the list of facts of the handoff page as a
// template, as it was before HandoffFacts replaced it.
const templateHandoffFacts = `{{$p := .}}{{$h := .Handoff}}<dl class="facts">
<dt>From</dt><dd>{{if $h.From}}<a href="{{.Sys $h.From}}">{{.SystemName $h.From}}</a>{{else}}<span class="missing">unknown</span>{{end}}</dd>
{{- if $h.Via}}<dt>Via</dt><dd>{{range $i, $v := $h.Via}}{{if $i}} → {{end}}<a href="{{$p.Sys $v}}">{{$p.SystemName $v}}</a>{{end}}</dd>{{end}}
<dt>To</dt><dd>{{if $h.To}}<a href="{{.Sys $h.To}}">{{.SystemName $h.To}}</a>{{else}}<span class="missing">unknown</span>{{end}}</dd>
<dt>Kind</dt><dd>{{$h.Kind}}</dd>
{{- if $h.Trigger}}<dt>Trigger</dt><dd>{{$h.Trigger}}</dd>{{end}}
{{- if $h.Schedule}}<dt>Schedule</dt><dd><code>{{$h.Schedule}}</code>{{with $h.ScheduleText}}: {{.}}{{end}}</dd>{{end}}
<dt>Data</dt><dd>{{range $i, $e := $h.Data}}{{if $i}}, {{end}}<a href="{{$p.DataLink $e}}">{{$e}}</a>{{else}}not stated{{end}}</dd>
<dt>Stakes</dt><dd>{{if $h.Stakes}}{{join $h.Stakes ", "}}{{else}}none declared{{end}}</dd>
<dt>Owner</dt><dd>{{if $h.Owner}}<a href="{{.PersonLink $h.Owner}}">{{.PersonName $h.Owner}}</a>{{with .Model.Person $h.Owner}}{{if not .Active}} (has left){{end}}{{end}}{{else}}<span class="missing">none</span>{{end}}</dd>
{{- if $h.Backup}}<dt>Backup</dt><dd><a href="{{.PersonLink $h.Backup}}">{{.PersonName $h.Backup}}</a></dd>{{end}}
<dt>Status</dt><dd>{{$h.Status}}{{if not $h.Expires.IsZero}}, expires {{$h.Expires}}{{end}}</dd>
{{- if not $h.Since.IsZero}}<dt>Since</dt><dd>{{$h.Since}}</dd>{{end}}
<dt>Monitoring</dt><dd>{{if $h.Monitoring}}{{$h.Monitoring}}{{else}}<span class="missing">none: a failure would go unnoticed</span>{{end}}</dd>
{{- if $h.OnFailure}}<dt>On failure</dt><dd>{{$h.OnFailure}}</dd>{{end}}
{{- if $h.Runbook}}<dt>Runbook</dt><dd><a href="{{$h.Runbook}}" rel="noopener">{{$h.Runbook}}</a></dd>{{end}}
<dt>Last reviewed</dt><dd>{{if $h.LastReviewed.IsZero}}never{{else}}{{$h.LastReviewed}}{{if $h.ReviewedBy}} by <a href="{{.PersonLink $h.ReviewedBy}}">{{.PersonName $h.ReviewedBy}}</a>{{end}}{{end}}</dd>
<dt>Review</dt><dd>every {{$h.Review.Interval}}{{if not $h.Review.Due.IsZero}}, due {{$h.Review.Due}}{{end}}: {{badge $h.Review}}</dd>
{{- if $h.Tags}}<dt>Tags</dt><dd>{{range $h.Tags}}<span class="tag">{{.}}</span> {{end}}</dd>{{end}}
<dt>Source</dt><dd><code>{{$h.File}}</code>{{with $h.NotesFile}}, <code>{{.}}</code>{{end}}</dd>
<dt>Badge</dt><dd><img src="{{.Link (printf "badges/handoffs/%s.svg" $h.ID)}}" alt="review {{reviewLabel $h.Review.State}}"></dd>
</dl>`

func TestHandoffFactsMatchTemplate(t *testing.T) {
	hostile := "a&b <i>\"q\"</i> 'x'+y \x00 é → javascript:alert(1)"
	handoffs := []*model.Handoff{
		{ID: "billing/invoices", File: "handoffs/billing/invoices.toml", Title: "Invoices", From: "billing", To: "crm", Kind: "cron",
			Status: "active", Owner: "maria", Stakes: []string{"money", "pii"}, HighStakes: true,
			Review: model.ReviewState{State: model.ReviewOverdue, Due: model.NewDate(2026, 1, 2)}},
		{ID: "x/y", File: hostile, NotesFile: hostile, Title: hostile, Via: []string{"queue", hostile}, Kind: hostile,
			Trigger: hostile, Schedule: hostile, ScheduleText: hostile, Data: []string{"invoice", hostile},
			Status: hostile, Owner: hostile, Backup: hostile, Stakes: []string{hostile}, Orphaned: true,
			Monitoring: hostile, OnFailure: hostile, Runbook: "javascript:alert(2)", Tags: []string{hostile, "b"},
			Expires: model.NewDate(2027, 1, 1), Since: model.NewDate(2020, 2, 3), LastReviewed: model.NewDate(2026, 5, 6),
			ReviewedBy: hostile, Review: model.ReviewState{State: model.ReviewNever}},
		{ID: hostile, From: "javascript:alert(3)", To: "a b%c", Kind: "api", Runbook: "https://example.com/run?a=1&b='2'",
			LastReviewed: model.NewDate(2026, 5, 6),
			Review:       model.ReviewState{State: model.ReviewFresh, Due: model.NewDate(2027, 3, 4)}},
		{ID: "plain", Runbook: "pages/guide.md", Review: model.ReviewState{State: model.ReviewNone}},
	}
	funcs := template.FuncMap{"badge": badgeHTML, "join": strings.Join,
		"reviewLabel": func(state string) string { return reviewLabels[state] }}
	old := template.Must(template.New("").Funcs(funcs).Parse(templateHandoffFacts))
	cur := template.Must(template.New("").Parse(`{{.HandoffFacts}}`))
	for _, path := range []string{"handoffs/x/index.html", "404.html"} {
		for _, h := range handoffs {
			p := newPage(&site{m: &model.Model{}}, path, "T", "")
			p.Handoff = h
			var want, got bytes.Buffer
			if err := old.Execute(&want, p); err != nil {
				t.Fatal(err)
			}
			if err := cur.Execute(&got, p); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s, handoff %q:\ngot  %s\nwant %s", path, h.ID, got.String(), want.String())
			}
		}
	}
}
