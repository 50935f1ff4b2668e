package render

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// SearchIndexVersion is the version of the search-index.json format.
const SearchIndexVersion = 1

// searchItem is one entry of the search index: a page, the words it is
// found by, and a line that describes it in the results.
type searchItem struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	// URL is the page's path from the site root, with index.html.
	URL string `json:"url"`
	// Text contains further words that find the item, such as its id, owner
	// and kind, separated by spaces.
	Text string `json:"text"`
	// Detail is a short description shown under the title.
	Detail string `json:"detail,omitempty"`
}

// searchGroup is the items of one type, for the search page.
type searchGroup struct {
	ID    string
	Title string
	Items []searchItem
}

// searchGroups lists every system, handoff, person, team, data entity and
// extra page of the map, grouped by type, in the model's order.
func searchGroups(m *model.Model) []searchGroup {
	personName := func(id string) string {
		if p := m.Person(id); p != nil {
			return displayName(p.Name, id)
		}
		return id
	}
	teamName := func(id string) string {
		if t := m.Team(id); t != nil {
			return displayName(t.Name, id)
		}
		return id
	}
	words := func(parts ...string) string { return strings.Join(strings.Fields(strings.Join(parts, " ")), " ") }

	systems := searchGroup{ID: "systems", Title: "Systems"}
	for _, s := range m.Systems {
		systems.Items = append(systems.Items, searchItem{
			Type: "system", Title: displayName(s.Name, s.ID), URL: "systems/" + s.ID + "/index.html",
			Text:   words(s.ID, s.Kind, s.Domain, s.Owner, personName(s.Owner), s.Team, teamName(s.Team), strings.Join(s.SourceOfTruth, " ")),
			Detail: words(s.Kind, "system in", domainOf(m, s.ID)),
		})
	}
	handoffs := searchGroup{ID: "handoffs", Title: "Handoffs"}
	for _, h := range m.Handoffs {
		handoffs.Items = append(handoffs.Items, searchItem{
			Type: "handoff", Title: h.Title, URL: "handoffs/" + h.ID + "/index.html",
			Text: words(h.ID, h.Kind, systemName(m, h.From), systemName(m, h.To), strings.Join(h.Via, " "), h.Owner, personName(h.Owner),
				strings.Join(h.Data, " "), strings.Join(h.Stakes, " "), strings.Join(h.Tags, " "), h.Trigger),
			Detail: h.Kind + ": " + systemName(m, h.From) + " → " + systemName(m, h.To),
		})
	}
	people := searchGroup{ID: "people", Title: "People"}
	for _, p := range m.People {
		people.Items = append(people.Items, searchItem{
			Type: "person", Title: displayName(p.Name, p.ID), URL: "people/" + p.ID + "/index.html",
			Text: words(p.ID, p.Team, teamName(p.Team), p.Email, p.Chat), Detail: teamName(p.Team),
		})
	}
	teams := searchGroup{ID: "teams", Title: "Teams"}
	for _, t := range m.Teams {
		teams.Items = append(teams.Items, searchItem{
			Type: "team", Title: displayName(t.Name, t.ID), URL: "teams/" + t.ID + "/index.html",
			Text: words(t.ID, t.Chat), Detail: plural(len(t.Members), "member"),
		})
	}
	data := searchGroup{ID: "data", Title: "Data"}
	for _, e := range m.Entities {
		var sources []string
		for _, s := range e.Sources {
			sources = append(sources, displayName(s.Name, s.ID))
		}
		data.Items = append(data.Items, searchItem{
			Type: "data", Title: e.ID, URL: "data/" + e.ID + "/index.html",
			Text: words(strings.ReplaceAll(e.ID, "_", " "), strings.Join(sources, " ")), Detail: "data entity, moved by " + plural(len(e.Handoffs), "handoff"),
		})
	}
	pages := searchGroup{ID: "pages", Title: "Guide"}
	for _, p := range m.Pages {
		pages.Items = append(pages.Items, searchItem{
			Type: "page", Title: p.Title, URL: "pages/" + p.ID + "/index.html", Text: words(p.ID, p.Description), Detail: p.Description,
		})
	}

	var out []searchGroup
	for _, g := range []searchGroup{systems, handoffs, people, teams, data, pages} {
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// searchIndex writes search-index.json for other tools and search-index.js,
// which the search script loads. Browsers reject fetch() of a file:// URL,
// but load a script from one, so the script file makes search work when
// the site is opened from the file system.
func (s *site) searchIndex() error {
	doc := struct {
		Schema int          `json:"schema"`
		Items  []searchItem `json:"items"`
	}{Schema: SearchIndexVersion, Items: []searchItem{}}
	for _, g := range searchGroups(s.m) {
		doc.Items = append(doc.Items, g.Items...)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := s.write("search-index.json", buf.Bytes()); err != nil {
		return err
	}
	// json.Encoder escapes <, > and & and the line separators U+2028 and
	// U+2029, so the JSON is also a safe JavaScript expression.
	js := append([]byte("window.handoffSearchIndex = "), bytes.TrimSpace(buf.Bytes())...)
	js = append(js, ";\n"...)
	return s.write("search-index.js", js)
}

func (s *site) searchPage() error {
	p := newPage(s, "search/index.html", "Search", "")
	p.Description = "Search every system, handoff, person, team, data entity and guide page of the map."
	p.SearchGroups = searchGroups(s.m)
	return s.render("search", p)
}
