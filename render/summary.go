package render

import (
	"fmt"

	"github.com/handoffmap/handoff/model"
)

// health counts what needs attention on the dashboard.
type health struct {
	Overdue, DueSoon, Never int
	Orphaned, Unmonitored   int
	Expired                 int
	Errors, Warnings        int
}

// Health counts the handoffs that need attention.
func (p *pageData) Health() health {
	m := p.Model
	h := health{Errors: m.Errors(), Warnings: m.Warnings()}
	for _, x := range m.Handoffs {
		if x.Status == "retired" {
			continue
		}
		switch x.Review.State {
		case model.ReviewOverdue:
			h.Overdue++
		case model.ReviewDueSoon:
			h.DueSoon++
		case model.ReviewNever:
			h.Never++
		}
		if x.Orphaned {
			h.Orphaned++
		}
		if x.HighStakes && x.Monitoring == "" && x.Status != "planned" {
			h.Unmonitored++
		}
		if x.Status == "temporary" && !x.Expires.IsZero() && x.Expires.Before(m.Now) {
			h.Expired++
		}
	}
	return h
}

// reviewGroups splits a review queue by state.
type reviewGroups struct {
	Overdue, DueSoon, Never []*model.Handoff
}

// ReviewGroups splits the page's handoffs by review state, keeping their order.
func (p *pageData) ReviewGroups() reviewGroups {
	var g reviewGroups
	for _, h := range p.Handoffs {
		switch h.Review.State {
		case model.ReviewOverdue:
			g.Overdue = append(g.Overdue, h)
		case model.ReviewDueSoon:
			g.DueSoon = append(g.DueSoon, h)
		case model.ReviewNever:
			g.Never = append(g.Never, h)
		}
	}
	return g
}

// findingGroup is the findings of one rule.
type findingGroup struct {
	Rule     model.Rule
	Findings []*model.Finding
}

// FindingGroups groups the page's findings by rule, in the order of the
// rules table.
func (p *pageData) FindingGroups() []findingGroup {
	byRule := map[string][]*model.Finding{}
	for _, f := range p.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	var out []findingGroup
	for _, r := range model.Rules {
		if list := byRule[r.ID]; len(list) > 0 {
			out = append(out, findingGroup{Rule: r, Findings: list})
		}
	}
	return out
}

// dict builds a map from alternating keys and values, so that a template
// can pass several values to another template.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		key, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", pairs[i])
		}
		m[key] = pairs[i+1]
	}
	return m, nil
}
