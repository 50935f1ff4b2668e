package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// pageData is the input of every page template: the page's place in the
// site and the items it shows. Fields that a kind of page does not use stay
// empty.
type pageData struct {
	// Path is the output file below the site root, such as
	// "systems/crm/index.html".
	Path  string
	Title string
	// HeadTitle, when set, is the page's <title> in place of Title, for a
	// page whose heading alone could be the title of another page.
	HeadTitle   string
	Description string
	// Section names the navigation entry that the page belongs to.
	Section string

	Site    *site
	Model   *model.Model
	System  *model.System
	Handoff *model.Handoff
	Person  *model.Person
	Team    *model.Team
	Entity  *model.Entity
	Page    *model.Page
	Domain  *model.Domain
	// Handoffs is the list a page shows, such as the handoffs a team owns.
	Handoffs []*model.Handoff
	Findings []*model.Finding
	Graph    template.HTML
	// GraphNote states how much of the map the graph shows.
	GraphNote string
	// Lines lists every line of a graph that does not draw them all.
	Lines []edgeRow
	// InlineStyle, when set, is placed in a <style> element in place of
	// the link to style.css.
	InlineStyle template.CSS
	// Scripts is true when the page loads the scripts under assets/.
	Scripts bool
	// SearchGroups is everything the search page lists.
	SearchGroups []searchGroup
	// Header and Footer are the page's header and footer, filled in by
	// site.render.
	Header template.HTML
	Footer template.HTML

	// root is the prefix of links to site paths: "../" once per folder
	// level of Path, or the base URL on pages such as 404.html that are
	// served at any depth.
	root string
}

func newPage(s *site, path, title, section string) *pageData {
	return &pageData{
		Path:    path,
		Title:   title,
		Section: section,
		Site:    s,
		Model:   s.m,
		Scripts: true,
		root:    strings.Repeat("../", strings.Count(path, "/")),
	}
}

// Canonical returns the absolute address of the page, or "" when the site
// has no base URL. A folder's index.html is addressed as the folder.
func (p *pageData) Canonical() string {
	if p.Site.BaseURL == "" || p.Path == "404.html" {
		return ""
	}
	return p.Site.BaseURL + sitePathURL(p.Path)
}

// sitePathURL turns an output file path into its URL path below the site
// root: "systems/crm/index.html" becomes "systems/crm/".
func sitePathURL(path string) string {
	if path == "index.html" {
		return ""
	}
	return strings.TrimSuffix(path, "index.html")
}

// Link returns the link from this page to a site path. A path that names a
// folder gets "index.html", so that links also work from the file system.
func (p *pageData) Link(sitePath string) string {
	target, fragment, _ := strings.Cut(sitePath, "#")
	if target == "" || strings.HasSuffix(target, "/") {
		target += "index.html"
	}
	if fragment != "" {
		fragment = "#" + fragment
	}
	return p.root + target + fragment
}

// Sys returns the link to a system's page.
func (p *pageData) Sys(id string) string { return p.Link("systems/" + id + "/") }

// HO returns the link to a handoff's page.
func (p *pageData) HO(id string) string { return p.Link("handoffs/" + id + "/") }

// PersonLink returns the link to a person's page.
func (p *pageData) PersonLink(id string) string { return p.Link("people/" + id + "/") }

// TeamLink returns the link to a team's page.
func (p *pageData) TeamLink(id string) string { return p.Link("teams/" + id + "/") }

// DataLink returns the link to a data entity's page.
func (p *pageData) DataLink(id string) string { return p.Link("data/" + id + "/") }

// DomainLink returns the link to a domain's page.
func (p *pageData) DomainLink(id string) string { return p.Link("domains/" + id + "/") }

// Asset returns the link to a file under assets/.
func (p *pageData) Asset(name string) string { return p.root + "assets/" + name }

// MD renders Markdown with links relative to this page.
func (p *pageData) MD(src string) template.HTML { return renderMarkdown(src, p.Link) }

// Notes renders Markdown placed under a second-level page heading, with its
// headings moved down one level so they rank below it.
func (p *pageData) Notes(src string) template.HTML { return renderMarkdownShifted(src, p.Link, 1) }

// SubjectLink returns the link to the page of a finding's subject, or "".
func (p *pageData) SubjectLink(s model.Subject) string {
	switch s.Kind {
	case model.SubjectSystem:
		if p.Model.System(s.ID) != nil {
			return p.Sys(s.ID)
		}
	case model.SubjectHandoff:
		if p.Model.Handoff(s.ID) != nil {
			return p.HO(s.ID)
		}
	case model.SubjectPerson:
		if p.Model.Person(s.ID) != nil {
			return p.PersonLink(s.ID)
		}
	case model.SubjectTeam:
		if p.Model.Team(s.ID) != nil {
			return p.TeamLink(s.ID)
		}
	case model.SubjectEntity:
		if p.Model.Entity(s.ID) != nil {
			return p.DataLink(s.ID)
		}
	case model.SubjectPage:
		return p.Link("pages/" + s.ID + "/")
	}
	return ""
}

// PersonName returns the name of a person, or the id when the person is unknown.
func (p *pageData) PersonName(id string) string {
	if person := p.Model.Person(id); person != nil && person.Name != "" {
		return person.Name
	}
	return id
}

// SystemName returns the name of a system, or the id when it has none.
func (p *pageData) SystemName(id string) string {
	if s := p.Model.System(id); s != nil && s.Name != "" {
		return s.Name
	}
	return id
}

// badgeIcons mark review states with a symbol, so that badges can be
// distinguished without colour.
var badgeIcons = map[string]string{
	model.ReviewFresh:   "✓",
	model.ReviewDueSoon: "◷",
	model.ReviewOverdue: "!",
	model.ReviewNever:   "?",
	model.ReviewNone:    "–",
}

// badgeHTML returns an inline badge for a review state.
func badgeHTML(r model.ReviewState) template.HTML {
	title := "review " + reviewLabels[r.State]
	switch r.State {
	case model.ReviewOverdue:
		title = fmt.Sprintf("review overdue since %s", r.Due)
	case model.ReviewDueSoon, model.ReviewFresh:
		title = fmt.Sprintf("review due on %s", r.Due)
	}
	return template.HTML(fmt.Sprintf(`<span class="badge badge-%s" title="%s"><span aria-hidden="true">%s</span> %s</span>`,
		r.State, template.HTMLEscapeString(title), badgeIcons[r.State], reviewLabels[r.State]))
}
