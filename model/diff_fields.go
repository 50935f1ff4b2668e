package model

import (
	"sort"
	"strconv"
	"strings"
)

// declared contains copies of items as decoded from their files, before derive
// resolves references. derive clears a from, to, owner or team that names
// nothing, and a diff must still show the value the author wrote.
type declared struct {
	systems  map[string]System
	handoffs map[string]*Handoff
	people   map[string]Person
}

// snapshotDeclared copies the items of m before derive changes them. When
// handoffs is not nil, it has the declared handoffs already, as values that
// nothing changes, and they are kept without a copy.
func snapshotDeclared(m *Model, handoffs []*Handoff) *declared {
	d := &declared{
		systems:  make(map[string]System, len(m.Systems)),
		handoffs: make(map[string]*Handoff, len(m.Handoffs)),
		people:   make(map[string]Person, len(m.People)),
	}
	for _, s := range m.Systems {
		d.systems[s.ID] = *s
	}
	if handoffs != nil {
		for _, h := range handoffs {
			d.handoffs[h.ID] = h
		}
	} else {
		for _, h := range m.Handoffs {
			copied := *h
			d.handoffs[h.ID] = &copied
		}
	}
	for _, p := range m.People {
		d.people[p.ID] = *p
	}
	return d
}

// declaredHandoff returns the handoff as written in its file. A model that
// was not made by Load has no copies, and its items are returned as they are.
func (m *Model) declaredHandoff(h *Handoff) Handoff {
	if m.declared != nil {
		if d, ok := m.declared.handoffs[h.ID]; ok {
			return *d
		}
	}
	return *h
}

func (m *Model) declaredSystem(s *System) System {
	if m.declared != nil {
		if d, ok := m.declared.systems[s.ID]; ok {
			return d
		}
	}
	return *s
}

func (m *Model) declaredPerson(p *Person) Person {
	if m.declared != nil {
		if d, ok := m.declared.people[p.ID]; ok {
			return d
		}
	}
	return *p
}

// field is one source key of an item with its value written as text.
type field struct {
	key, value string
	// rank is the key's place in the schema; keys of one table, such as
	// the terms of [definitions], share a rank and sort by key.
	rank int
}

// fieldList collects the fields of an item in schema order, leaving out
// empty values. Every call to add or list takes the next rank, whether the
// value is empty or not, so the same key has the same rank in every item.
type fieldList struct {
	fields []field
	rank   int
}

func (l *fieldList) add(key, value string) {
	l.rank++
	l.addTable(key, value)
}

// addTable adds a key of a table at the current rank.
func (l *fieldList) addTable(key, value string) {
	if value != "" {
		l.fields = append(l.fields, field{key, value, l.rank})
	}
}

func (l *fieldList) list(key string, values []string) { l.add(key, strings.Join(values, ", ")) }

func handoffFields(h Handoff) []field {
	var l fieldList
	l.add("title", h.Title)
	l.add("from", h.From)
	l.add("to", h.To)
	l.list("via", h.Via)
	l.add("kind", h.Kind)
	l.add("trigger", h.Trigger)
	l.add("schedule", h.Schedule)
	l.list("data", h.Data)
	l.list("stakes", h.Stakes)
	l.add("owner", h.Owner)
	l.add("backup", h.Backup)
	l.add("status", h.Status)
	l.add("expires", h.Expires.String())
	l.add("since", h.Since.String())
	l.add("last_reviewed", h.LastReviewed.String())
	l.add("reviewed_by", h.ReviewedBy)
	l.add("review_every", h.ReviewEvery.String())
	l.add("monitoring", h.Monitoring)
	l.add("on_failure", h.OnFailure)
	l.add("runbook", h.Runbook)
	l.list("tags", h.Tags)
	l.add("notes", h.Notes)
	links := make([]string, len(h.Links))
	for i, link := range h.Links {
		links[i] = link.Title + " <" + link.URL + ">"
	}
	l.add("links", strings.Join(links, "; "))
	return l.fields
}

func systemFields(s System) []field {
	var l fieldList
	l.add("name", s.Name)
	l.add("kind", s.Kind)
	l.add("domain", s.Domain)
	l.add("owner", s.Owner)
	l.add("team", s.Team)
	l.add("url", s.URL)
	l.list("source_of_truth", s.SourceOfTruth)
	l.add("description", s.Description)
	l.rank++
	for _, d := range s.Definitions {
		l.addTable("definitions."+d.Term, d.Text)
	}
	return l.fields
}

func personFields(p Person) []field {
	var l fieldList
	l.add("name", p.Name)
	l.add("team", p.Team)
	l.add("email", p.Email)
	l.add("chat", p.Chat)
	l.add("active", strconv.FormatBool(p.Active))
	return l.fields
}

func teamFields(t Team) []field {
	var l fieldList
	l.add("name", t.Name)
	l.add("chat", t.Chat)
	return l.fields
}

func settingsFields(s Settings) []field {
	var l fieldList
	l.add("title", s.Title)
	l.add("base_url", s.BaseURL)
	l.add("review_every", s.ReviewEvery.String())
	l.add("due_soon", s.DueSoon.String())
	rules := make([]string, 0, len(s.Rules))
	for id := range s.Rules {
		rules = append(rules, id)
	}
	sort.Strings(rules)
	l.rank++
	for _, id := range rules {
		l.addTable("rules."+id, string(s.Rules[id]))
	}
	return l.fields
}

// diffFields returns the keys whose values differ, in schema order.
func diffFields(old, new []field) []FieldChange {
	type pair struct {
		key      string
		rank     int
		old, new string
	}
	byKey := map[string]*pair{}
	var pairs []*pair
	for _, f := range old {
		p := &pair{key: f.key, rank: f.rank, old: f.value}
		byKey[f.key] = p
		pairs = append(pairs, p)
	}
	for _, f := range new {
		if p := byKey[f.key]; p != nil {
			p.new = f.value
			continue
		}
		pairs = append(pairs, &pair{key: f.key, rank: f.rank, new: f.value})
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i].rank != pairs[j].rank {
			return pairs[i].rank < pairs[j].rank
		}
		return pairs[i].key < pairs[j].key
	})
	var out []FieldChange
	for _, p := range pairs {
		if p.old != p.new {
			out = append(out, FieldChange{Key: p.key, Old: p.old, New: p.new})
		}
	}
	return out
}
