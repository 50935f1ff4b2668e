package render

import (
	"encoding/json"

	"github.com/handoffmap/handoff/model"
)

// MapSchemaVersion is the version of the map.json format. It changes when a
// field is removed or changes meaning; new fields do not change it.
const MapSchemaVersion = 1

// mapDoc is the document written to map.json.
type mapDoc struct {
	Schema   int          `json:"schema"`
	Title    string       `json:"title"`
	BaseURL  string       `json:"base_url,omitempty"`
	BuiltOn  string       `json:"built_on"`
	Settings mapSettings  `json:"settings"`
	Teams    []mapTeam    `json:"teams"`
	People   []mapPerson  `json:"people"`
	Systems  []mapSystem  `json:"systems"`
	Handoffs []mapHandoff `json:"handoffs"`
	Data     []mapEntity  `json:"data"`
	Findings []mapFinding `json:"findings"`
}

type mapSettings struct {
	ReviewEvery string `json:"review_every"`
	DueSoon     string `json:"due_soon"`
}

type mapTeam struct {
	ID      string   `json:"id"`
	URL     string   `json:"url"`
	Name    string   `json:"name"`
	Chat    string   `json:"chat,omitempty"`
	Members []string `json:"members"`
}

type mapPerson struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	Name   string `json:"name"`
	Team   string `json:"team,omitempty"`
	Email  string `json:"email,omitempty"`
	Chat   string `json:"chat,omitempty"`
	Active bool   `json:"active"`
}

type mapSystem struct {
	ID            string            `json:"id"`
	URL           string            `json:"url"`
	Name          string            `json:"name"`
	Kind          string            `json:"kind"`
	Domain        string            `json:"domain,omitempty"`
	Owner         string            `json:"owner,omitempty"`
	Team          string            `json:"team,omitempty"`
	Link          string            `json:"link,omitempty"`
	SourceOfTruth []string          `json:"source_of_truth"`
	Definitions   map[string]string `json:"definitions,omitempty"`
	ReviewState   string            `json:"review_state"`
	Inbound       []string          `json:"inbound"`
	Outbound      []string          `json:"outbound"`
	Through       []string          `json:"through"`
}

type mapLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

type mapHandoff struct {
	ID           string    `json:"id"`
	URL          string    `json:"url"`
	Title        string    `json:"title"`
	From         string    `json:"from"`
	To           string    `json:"to"`
	Via          []string  `json:"via"`
	Kind         string    `json:"kind"`
	Trigger      string    `json:"trigger,omitempty"`
	Schedule     string    `json:"schedule,omitempty"`
	Data         []string  `json:"data"`
	Stakes       []string  `json:"stakes"`
	Owner        string    `json:"owner,omitempty"`
	Backup       string    `json:"backup,omitempty"`
	Status       string    `json:"status"`
	Expires      string    `json:"expires,omitempty"`
	Since        string    `json:"since,omitempty"`
	LastReviewed string    `json:"last_reviewed,omitempty"`
	ReviewedBy   string    `json:"reviewed_by,omitempty"`
	ReviewEvery  string    `json:"review_every"`
	Monitoring   string    `json:"monitoring,omitempty"`
	OnFailure    string    `json:"on_failure,omitempty"`
	Runbook      string    `json:"runbook,omitempty"`
	Tags         []string  `json:"tags"`
	Links        []mapLink `json:"links"`
	ReviewState  string    `json:"review_state"`
	ReviewDue    string    `json:"review_due,omitempty"`
	HighStakes   bool      `json:"high_stakes"`
	Orphaned     bool      `json:"orphaned"`
}

type mapEntity struct {
	ID       string   `json:"id"`
	URL      string   `json:"url"`
	Sources  []string `json:"sources_of_truth"`
	Handoffs []string `json:"handoffs"`
}

type mapFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Subject  string `json:"subject,omitempty"`
	ID       string `json:"id,omitempty"`
}

// nonNil returns an empty slice for nil, so that JSON arrays are never null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func ids(list []*model.Handoff) []string {
	out := make([]string, len(list))
	for i, h := range list {
		out[i] = h.ID
	}
	return out
}

func (s *site) mapJSON() error {
	data, err := MapJSON(s.m, s.BaseURL)
	if err != nil {
		return err
	}
	return s.write("map.json", data)
}

// MapJSON returns map.json: the whole model with its derived facts. URLs are
// absolute when a base URL is set, else relative to the site root.
func MapJSON(m *model.Model, baseURL string) ([]byte, error) {
	baseURL = normalizeBaseURL(baseURL)
	url := func(p string) string { return baseURL + p }
	doc := mapDoc{
		Schema:   MapSchemaVersion,
		Title:    m.Settings.Title,
		BaseURL:  baseURL,
		BuiltOn:  m.Now.String(),
		Settings: mapSettings{ReviewEvery: m.Settings.ReviewEvery.String(), DueSoon: m.Settings.DueSoon.String()},
		Teams:    []mapTeam{},
		People:   []mapPerson{},
		Systems:  []mapSystem{},
		Handoffs: []mapHandoff{},
		Data:     []mapEntity{},
		Findings: []mapFinding{},
	}
	for _, t := range m.Teams {
		members := []string{}
		for _, p := range t.Members {
			members = append(members, p.ID)
		}
		doc.Teams = append(doc.Teams, mapTeam{ID: t.ID, URL: url("teams/" + t.ID + "/"), Name: t.Name, Chat: t.Chat, Members: members})
	}
	for _, p := range m.People {
		doc.People = append(doc.People, mapPerson{ID: p.ID, URL: url("people/" + p.ID + "/"), Name: p.Name, Team: p.Team, Email: p.Email, Chat: p.Chat, Active: p.Active})
	}
	for _, x := range m.Systems {
		ms := mapSystem{
			ID: x.ID, URL: url("systems/" + x.ID + "/"), Name: x.Name, Kind: x.Kind, Domain: x.Domain, Owner: x.Owner, Team: x.Team,
			Link: x.URL, SourceOfTruth: nonNil(x.SourceOfTruth), ReviewState: x.Review.State,
			Inbound: ids(x.Inbound), Outbound: ids(x.Outbound), Through: ids(x.Through),
		}
		if len(x.Definitions) > 0 {
			ms.Definitions = map[string]string{}
			for _, d := range x.Definitions {
				ms.Definitions[d.Term] = d.Text
			}
		}
		doc.Systems = append(doc.Systems, ms)
	}
	for _, h := range m.Handoffs {
		links := []mapLink{}
		for _, l := range h.Links {
			links = append(links, mapLink{Title: l.Title, URL: l.URL})
		}
		doc.Handoffs = append(doc.Handoffs, mapHandoff{
			ID: h.ID, URL: url("handoffs/" + h.ID + "/"), Title: h.Title, From: h.From, To: h.To, Via: nonNil(h.Via), Kind: h.Kind,
			Trigger: h.Trigger, Schedule: h.Schedule, Data: nonNil(h.Data), Stakes: nonNil(h.Stakes), Owner: h.Owner, Backup: h.Backup,
			Status: h.Status, Expires: h.Expires.String(), Since: h.Since.String(), LastReviewed: h.LastReviewed.String(),
			ReviewedBy: h.ReviewedBy, ReviewEvery: h.Review.Interval.String(), Monitoring: h.Monitoring, OnFailure: h.OnFailure,
			Runbook: h.Runbook, Tags: nonNil(h.Tags), Links: links, ReviewState: h.Review.State, ReviewDue: h.Review.Due.String(),
			HighStakes: h.HighStakes, Orphaned: h.Orphaned,
		})
	}
	for _, e := range m.Entities {
		sources := []string{}
		for _, x := range e.Sources {
			sources = append(sources, x.ID)
		}
		doc.Data = append(doc.Data, mapEntity{ID: e.ID, URL: url("data/" + e.ID + "/"), Sources: sources, Handoffs: ids(e.Handoffs)})
	}
	for _, f := range m.Findings {
		doc.Findings = append(doc.Findings, mapFinding{
			Rule: f.Rule, Severity: string(f.Severity), File: f.File, Line: f.Line, Column: f.Column,
			Message: f.Message, Hint: f.Hint, Subject: string(f.Subject.Kind), ID: f.Subject.ID,
		})
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
