package render

import (
	"sort"

	"github.com/handoffmap/handoff/model"
)

// handoffFilter is one drop-down above the handoff list. Name is the
// data-* attribute of the table rows it matches and the key of the filter
// in the page address, such as #kind=webhook.
type handoffFilter struct {
	Name    string
	Label   string
	Options []filterOption
}

type filterOption struct {
	Value string
	Label string
}

// OwnerTeam returns the team id of the handoff's owner, or "".
func (p *pageData) OwnerTeam(h *model.Handoff) string {
	if person := p.Model.Person(h.Owner); person != nil {
		return person.Team
	}
	return ""
}

// HandoffFilters returns the filters of the handoff list, each with the
// values that occur in the page's handoffs, in the schema's order.
func (p *pageData) HandoffFilters() []handoffFilter {
	seen := map[string]map[string]bool{}
	mark := func(name, value string) {
		if value == "" {
			return
		}
		if seen[name] == nil {
			seen[name] = map[string]bool{}
		}
		seen[name][value] = true
	}
	for _, h := range p.Handoffs {
		mark("kind", h.Kind)
		for _, s := range h.Stakes {
			mark("stakes", s)
		}
		mark("owner", h.Owner)
		mark("team", p.OwnerTeam(h))
		mark("review", h.Review.State)
		mark("status", h.Status)
	}
	enum := func(name string, values []string, label func(string) string) []filterOption {
		var out []filterOption
		for _, v := range values {
			if seen[name][v] {
				out = append(out, filterOption{Value: v, Label: label(v)})
			}
		}
		return out
	}
	byLabel := func(name string, label func(string) string) []filterOption {
		var out []filterOption
		for v := range seen[name] {
			out = append(out, filterOption{Value: v, Label: label(v)})
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Label != out[j].Label {
				return out[i].Label < out[j].Label
			}
			return out[i].Value < out[j].Value
		})
		// Two people or teams may share a name, so their ids tell them apart.
		shared := map[string]bool{}
		for i := 1; i < len(out); i++ {
			if out[i].Label == out[i-1].Label {
				shared[out[i].Label] = true
			}
		}
		for i := range out {
			if shared[out[i].Label] {
				out[i].Label += " (" + out[i].Value + ")"
			}
		}
		return out
	}
	same := func(v string) string { return v }
	teamName := func(id string) string {
		if t := p.Model.Team(id); t != nil {
			return displayName(t.Name, id)
		}
		return id
	}
	states := []string{model.ReviewOverdue, model.ReviewNever, model.ReviewDueSoon, model.ReviewFresh}
	return []handoffFilter{
		{Name: "kind", Label: "Kind", Options: enum("kind", model.HandoffKinds, same)},
		{Name: "stakes", Label: "Stakes", Options: enum("stakes", model.Stakes, same)},
		{Name: "owner", Label: "Owner", Options: byLabel("owner", p.PersonName)},
		{Name: "team", Label: "Team", Options: byLabel("team", teamName)},
		{Name: "review", Label: "Review", Options: enum("review", states, func(v string) string { return reviewLabels[v] })},
		{Name: "status", Label: "Status", Options: enum("status", model.Statuses, same)},
	}
}
