package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/templates"
)

func (s *site) dashboard() error {
	p := newPage(s, "index.html", "Dashboard", "dashboard")
	p.Title = s.m.Settings.Title
	p.Description = fmt.Sprintf("Integration map: %s and %s, with owners, monitoring and review dates.",
		plural(len(s.m.Systems), "system"), plural(len(s.m.Handoffs), "handoff"))
	spec := mapGraph(s.m, p.Link)
	p.GraphNote = fmt.Sprintf("All %s and %s, grouped by domain.", plural(len(s.m.Systems), "system"), plural(len(s.m.Handoffs), "handoff"))
	if len(s.m.Systems) > maxGraphSystems || len(s.m.Handoffs) > maxGraphLines {
		spec, p.GraphNote, p.Lines = domainGraph(s.m, p.Link)
	}
	graph, err := s.graph(spec)
	if err != nil {
		return fmt.Errorf("render dashboard map: %w", err)
	}
	p.Graph = graph
	p.Findings = sortedFindings(s.m.Findings)
	if len(p.Findings) > 10 {
		p.Findings = p.Findings[:10]
	}
	return s.render("dashboard", p)
}

func (s *site) systemList() error {
	p := newPage(s, "systems/index.html", "Systems", "systems")
	p.Description = fmt.Sprintf("All %s of the map by domain, with owners and review state.", plural(len(s.m.Systems), "system"))
	return s.render("systems", p)
}

func (s *site) systemPage(x *model.System) error {
	p := newPage(s, "systems/"+x.ID+"/index.html", displayName(x.Name, x.ID), "systems")
	p.System = x
	p.Description = fmt.Sprintf("%s: %s system in domain %s, %d inbound and %d outbound handoffs.",
		p.Title, x.Kind, x.Domain, len(x.Inbound), len(x.Outbound))
	p.Findings = s.m.FindingsFor(model.SubjectSystem, x.ID)
	picture, note := neighbourhoodPicture(s.m, x, p.Link)
	p.Graph = htmlSVG(picture)
	p.GraphNote = note
	if err := s.writeBadge("badges/systems/"+x.ID+".svg", x.Review.State); err != nil {
		return err
	}
	return s.render("system", p)
}

func (s *site) handoffList() error {
	p := newPage(s, "handoffs/index.html", "Handoffs", "handoffs")
	p.Description = fmt.Sprintf("All %s with kind, owner, stakes, status and review state.", plural(len(s.m.Handoffs), "handoff"))
	p.Handoffs = s.m.Handoffs
	return s.render("handoffs", p)
}

func (s *site) handoffPage(h *model.Handoff) error {
	p := newPage(s, "handoffs/"+h.ID+"/index.html", h.Title, "handoffs")
	p.Handoff = h
	p.Description = fmt.Sprintf("%s: %s handoff from %s to %s, owned by %s.", h.Title, h.Kind, p.SystemName(h.From), p.SystemName(h.To), p.PersonName(h.Owner))
	p.Findings = s.m.FindingsFor(model.SubjectHandoff, h.ID)
	if h.From != "" && h.To != "" {
		p.Graph = htmlSVG(pathPicture(s.m, h, p.Link))
	}
	if err := s.writeBadge("badges/handoffs/"+h.ID+".svg", h.Review.State); err != nil {
		return err
	}
	return s.render("handoff", p)
}

func (s *site) peopleList() error {
	p := newPage(s, "people/index.html", "People", "people")
	p.Description = "Everyone who owns, backs up or reviews a handoff, with what they own."
	return s.render("people", p)
}

func (s *site) personPage(x *model.Person) error {
	p := newPage(s, "people/"+x.ID+"/index.html", displayName(x.Name, x.ID), "people")
	p.Person = x
	p.Description = fmt.Sprintf("%s owns %s and backs up %s.", p.Title, plural(len(x.Owns), "handoff"), plural(len(x.Backs), "handoff"))
	p.Findings = s.m.FindingsFor(model.SubjectPerson, x.ID)
	p.Handoffs = reviewQueue(append(append([]*model.Handoff(nil), x.Owns...), x.Backs...))
	if len(x.Owns)+len(x.Backs) > 0 {
		v := &handoffsView{m: s.m, link: p.Link, handoffs: append(append([]*model.Handoff(nil), x.Owns...), x.Backs...),
			focus: x.Systems, table: "people/" + x.ID + "/#owns", group: byDomain}
		spec, note := v.graph()
		graph, err := s.graph(spec)
		if err != nil {
			return fmt.Errorf("render graph of person %s: %w", x.ID, err)
		}
		p.Graph = graph
		p.GraphNote = highlighted(v, "Every handoff the person owns or backs up", "the systems they own are highlighted") + note
	}
	return s.render("person", p)
}

func (s *site) teamList() error {
	p := newPage(s, "teams/index.html", "Teams", "people")
	p.Description = "Every team with its members and what they own."
	return s.render("teams", p)
}

func (s *site) teamPage(t *model.Team) error {
	p := newPage(s, "teams/"+t.ID+"/index.html", displayName(t.Name, t.ID), "people")
	p.Team = t
	// A team named "Data" would otherwise share its title with the data page.
	if !strings.HasSuffix(strings.ToLower(p.Title), "team") {
		p.HeadTitle = p.Title + " team"
	}
	var owned []*model.Handoff
	for _, member := range t.Members {
		owned = append(owned, member.Owns...)
	}
	p.Handoffs = sortHandoffs(owned)
	p.Description = fmt.Sprintf("%s: %s owning %s.", p.Title, plural(len(t.Members), "member"), plural(len(owned), "handoff"))
	if len(owned) > 0 || len(t.Systems) > 0 {
		v := &handoffsView{m: s.m, link: p.Link, handoffs: owned, focus: t.Systems, table: "teams/" + t.ID + "/#handoffs", group: byDomain}
		spec, note := v.graph()
		graph, err := s.graph(spec)
		if err != nil {
			return fmt.Errorf("render graph of team %s: %w", t.ID, err)
		}
		p.Graph = graph
		p.GraphNote = highlighted(v, "Every handoff a member owns", "the team's systems are highlighted") + note
	}
	return s.render("team", p)
}

func (s *site) dataList() error {
	p := newPage(s, "data/index.html", "Data", "data")
	p.Description = "Every data entity the map moves, with its source of truth and the handoffs that carry it."
	return s.render("data", p)
}

func (s *site) entityPage(e *model.Entity) error {
	p := newPage(s, "data/"+e.ID+"/index.html", e.ID, "data")
	p.Entity = e
	p.Description = fmt.Sprintf("Lineage of %s: %s, moved by %s.", e.ID, plural(len(e.Sources), "source of truth"), plural(len(e.Handoffs), "handoff"))
	p.Findings = s.m.FindingsFor(model.SubjectEntity, e.ID)
	p.Handoffs = e.Handoffs
	if len(e.Handoffs) > 0 {
		v := &handoffsView{m: s.m, link: p.Link, handoffs: e.Handoffs, focus: e.Sources, table: "data/" + e.ID + "/#lineage", group: byDomain}
		spec, note := v.graph()
		graph, err := s.graph(spec)
		if err != nil {
			return fmt.Errorf("render graph of data entity %s: %w", e.ID, err)
		}
		p.Graph = graph
		p.GraphNote = highlighted(v, "Every handoff that moves this entity", "highlighted systems are its source of truth") + note
	}
	return s.render("entity", p)
}

func (s *site) domainPage(d *model.Domain) error {
	p := newPage(s, "domains/"+d.ID+"/index.html", "Domain "+d.ID, "systems")
	p.Domain = d
	p.Handoffs = domainHandoffs(d)
	p.Description = fmt.Sprintf("Domain %s: %s and the %s that start, end or pass through them.",
		d.ID, plural(len(d.Systems), "system"), plural(len(p.Handoffs), "handoff"))
	if len(p.Handoffs) > 0 || len(d.Systems) > 0 {
		// Systems of this domain beyond the limit are grouped by kind, the
		// systems of other domains by domain.
		group := func(x *model.System) (string, string) {
			if systemDomain(x) == d.ID {
				return "kind " + x.Kind, x.Kind + " systems"
			}
			return byDomain(x)
		}
		v := &handoffsView{m: s.m, link: p.Link, handoffs: p.Handoffs, focus: d.Systems, table: "domains/" + d.ID + "/#handoffs", group: group}
		spec, note := v.graph()
		graph, err := s.graph(spec)
		if err != nil {
			return fmt.Errorf("render graph of domain %s: %w", d.ID, err)
		}
		p.Graph = graph
		p.GraphNote = highlighted(v, "Every handoff that starts, ends or passes in the domain", "its systems are highlighted") + note
	}
	return s.render("domain", p)
}

func (s *site) reviews() error {
	p := newPage(s, "reviews/index.html", "Reviews", "reviews")
	p.Description = "The review queue: overdue, due soon and never reviewed handoffs, by due date."
	var due []*model.Handoff
	for _, h := range s.m.Handoffs {
		if h.Status != "retired" && h.Review.State != model.ReviewFresh {
			due = append(due, h)
		}
	}
	p.Handoffs = reviewQueue(due)
	return s.render("reviews", p)
}

func (s *site) findingsPage() error {
	p := newPage(s, "findings/index.html", "Findings", "findings")
	p.Description = fmt.Sprintf("Every check finding: %s and %s.", plural(s.m.Errors(), "error"), plural(s.m.Warnings(), "warning"))
	p.Findings = s.m.Findings
	return s.render("findings", p)
}

func (s *site) guideList() error {
	p := newPage(s, "pages/index.html", "Guide", "guide")
	p.Description = "The guide pages of this map."
	return s.render("guide", p)
}

func (s *site) extraPage(x *model.Page) error {
	p := newPage(s, "pages/"+x.ID+"/index.html", x.Title, "guide")
	p.Page = x
	p.Description = x.Description
	return s.render("page", p)
}

// notFound writes 404.html, which GitHub Pages serves in place of any
// missing file, at that file's address and so at any folder depth. Its
// links start at the base URL when there is one. Without one they are
// relative to the site root, and a script in the page looks for the root
// and rewrites them. The stylesheet is inlined because its relative link
// would break at depth.
func (s *site) notFound() error {
	p := newPage(s, "404.html", "Page not found", "")
	p.Description = "This page does not exist in the map."
	p.root = s.BaseURL
	p.Scripts = s.BaseURL != ""
	css, err := fs.ReadFile(templates.Assets, "assets/style.css")
	if err != nil {
		return err
	}
	p.InlineStyle = template.CSS(css) // #nosec: our own stylesheet
	return s.render("404", p)
}

func displayName(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// highlighted returns the first sentence of a graph's note: what the graph
// shows, and which systems are highlighted when the graph drew any of them
// as a box of its own rather than inside a group.
func highlighted(v *handoffsView, shows, highlight string) string {
	if v.focusDrawn == 0 {
		return shows + ". "
	}
	return shows + "; " + highlight + ". "
}
