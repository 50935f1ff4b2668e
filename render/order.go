package render

import (
	"html/template"
	"sort"

	"github.com/handoffmap/handoff/model"
)

// reviewQueue orders handoffs for review: never reviewed first, then by due
// date, then by id; each handoff appears once.
func reviewQueue(list []*model.Handoff) []*model.Handoff {
	out := dedupe(list)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		an, bn := a.Review.State == model.ReviewNever, b.Review.State == model.ReviewNever
		if an != bn {
			return an
		}
		if a.Review.Due != b.Review.Due {
			return a.Review.Due.Before(b.Review.Due)
		}
		return a.ID < b.ID
	})
	return out
}

// sortHandoffs returns the handoffs sorted by id, each once.
func sortHandoffs(list []*model.Handoff) []*model.Handoff {
	out := dedupe(list)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func dedupe(list []*model.Handoff) []*model.Handoff {
	seen := make(map[string]bool, len(list))
	out := make([]*model.Handoff, 0, len(list))
	for _, h := range list {
		if !seen[h.ID] {
			seen[h.ID] = true
			out = append(out, h)
		}
	}
	return out
}

func htmlSVG(svg string) template.HTML {
	return template.HTML(svg) // #nosec: built by pathPicture, which escapes every text and attribute
}
