package model

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// The values the schema's enum keys accept.
var (
	SystemKinds    = []string{"saas", "service", "database", "warehouse", "spreadsheet", "connector", "queue", "script", "other"}
	HandoffKinds   = []string{"api", "webhook", "event", "queue", "cron", "batch", "file", "spreadsheet", "connector", "database", "email", "manual", "other"}
	Stakes         = []string{"money", "customers", "compliance", "pii"}
	Statuses       = []string{"live", "temporary", "planned", "deprecated", "retired"}
	SeverityValues = []string{string(SeverityError), string(SeverityWarning), string(SeverityOff)}
)

// The keys each kind of source file accepts.
var (
	settingsKeys = []string{"title", "base_url", "review_every", "due_soon", "rules"}
	peopleKeys   = []string{"teams", "people"}
	teamKeys     = []string{"name", "chat"}
	personKeys   = []string{"name", "team", "email", "chat", "active"}
	systemKeys   = []string{"name", "kind", "domain", "owner", "team", "url", "source_of_truth", "description", "definitions"}
	handoffKeys  = []string{"title", "from", "to", "via", "kind", "trigger", "schedule", "data", "stakes", "owner", "backup",
		"status", "expires", "since", "last_reviewed", "reviewed_by", "review_every", "monitoring", "on_failure", "runbook",
		"tags", "notes", "links"}
	linkKeys = []string{"title", "url"}
	pageKeys = []string{"title", "description", "weight"}
)

// Default settings when handoff.toml leaves them out.
var (
	DefaultReviewEvery = Duration{Days: 90, Text: "90d"}
	DefaultDueSoon     = Duration{Days: 14, Text: "14d"}
)

func decodeSettings(t *table) Settings {
	t.checkKeys("handoff.toml", settingsKeys...)
	s := Settings{
		File:        t.file,
		Title:       t.str("title"),
		BaseURL:     t.url("base_url"),
		ReviewEvery: t.duration("review_every"),
		DueSoon:     t.duration("due_soon"),
		Rules:       map[string]Severity{},
		Pos:         t.pos,
	}
	if s.BaseURL != "" && !strings.HasPrefix(s.BaseURL, "http://") && !strings.HasPrefix(s.BaseURL, "https://") {
		t.invalidValue("base_url", "write the full address of the published site, such as https://acme.github.io/integration-map/", "must be an absolute http or https URL")
		s.BaseURL = ""
	}
	if rules := t.sub("rules"); rules != nil {
		ids := make([]string, len(Rules))
		for i, r := range Rules {
			ids[i] = r.ID
		}
		rules.checkKeys("the [rules] table (rule ids)", ids...)
		for _, id := range rules.sortedKeys() {
			if _, known := ruleByID[id]; !known {
				continue
			}
			if v := rules.enum(id, SeverityValues); v != "" {
				s.Rules[id] = Severity(v)
			}
		}
	}
	return s
}

func decodePeople(t *table) ([]*Person, []*Team) {
	t.checkKeys("people.toml", peopleKeys...)
	var teams []*Team
	if tt := t.sub("teams"); tt != nil {
		positions := t.pos.subsByKey(tt.path)
		for _, id := range tt.sortedKeys() {
			sub := tt.sub(id)
			if sub == nil {
				continue
			}
			sub.subject = Subject{SubjectTeam, id}
			if err := checkName(id); err != nil {
				t.fs.add("invalid-id", t.file, sub.at(""), sub.subject, suggestHint(id), "team id %q: %v%s", id, err, caseTwin(id, tt.sortedKeys()))
				continue
			}
			sub.checkKeys(fmt.Sprintf("team %q", id), teamKeys...)
			teams = append(teams, &Team{ID: id, File: t.file, Name: sub.str("name"), Chat: sub.str("chat"), Pos: positionsOf(positions, id)})
		}
	}
	var people []*Person
	if pt := t.sub("people"); pt != nil {
		positions := t.pos.subsByKey(pt.path)
		for _, id := range pt.sortedKeys() {
			sub := pt.sub(id)
			if sub == nil {
				continue
			}
			sub.subject = Subject{SubjectPerson, id}
			if err := checkName(id); err != nil {
				t.fs.add("invalid-id", t.file, sub.at(""), sub.subject, suggestHint(id), "person id %q: %v%s", id, err, caseTwin(id, pt.sortedKeys()))
				continue
			}
			sub.checkKeys(fmt.Sprintf("person %q", id), personKeys...)
			p := &Person{
				ID:     id,
				File:   t.file,
				Name:   sub.str("name"),
				Team:   sub.str("team"),
				Email:  sub.str("email"),
				Chat:   sub.str("chat"),
				Active: sub.boolean("active", true),
				Pos:    positionsOf(positions, id),
			}
			if p.Email != "" && strings.ContainsAny(p.Email, " <>\"'") || p.Email != "" && !strings.Contains(p.Email, "@") {
				sub.invalidValue("email", "write a plain address such as name@example.com", "invalid email address %q", p.Email)
				p.Email = ""
			}
			people = append(people, p)
		}
	}
	return people, teams
}

// positionsOf returns the positions of key from subsByKey, never nil.
func positionsOf(subs map[string]Positions, key string) Positions {
	if p := subs[key]; p != nil {
		return p
	}
	return Positions{}
}

func decodeSystem(t *table, id string) *System {
	t.checkKeys("a system", systemKeys...)
	s := &System{
		ID:            id,
		File:          t.file,
		Name:          t.str("name"),
		Kind:          t.enum("kind", SystemKinds),
		Domain:        t.str("domain"),
		Owner:         t.str("owner"),
		Team:          t.str("team"),
		URL:           t.url("url"),
		SourceOfTruth: t.idList("source_of_truth", "entity"),
		Description:   t.str("description"),
		Pos:           t.pos,
	}
	if s.Domain != "" {
		if err := checkName(s.Domain); err != nil {
			t.invalidValue("domain", fmt.Sprintf("write %q", suggestID(s.Domain)), "domain %q: %v", s.Domain, err)
			s.Domain = ""
		}
	}
	if defs := t.sub("definitions"); defs != nil {
		for _, term := range defs.sortedKeys() {
			if text := defs.str(term); text != "" {
				s.Definitions = append(s.Definitions, Definition{System: s, Term: term, Text: text})
			}
		}
	}
	return s
}

func decodeHandoff(t *table, id string) *Handoff {
	t.checkKeys("a handoff", handoffKeys...)
	h := &Handoff{
		ID:           id,
		File:         t.file,
		Title:        t.str("title"),
		From:         t.str("from"),
		To:           t.str("to"),
		Via:          t.strList("via"),
		Kind:         t.enum("kind", HandoffKinds),
		Trigger:      t.str("trigger"),
		Schedule:     t.str("schedule"),
		Data:         t.idList("data", "entity"),
		Stakes:       t.enumList("stakes", Stakes),
		Owner:        t.str("owner"),
		Backup:       t.str("backup"),
		Status:       t.enum("status", Statuses),
		Expires:      t.date("expires"),
		Since:        t.date("since"),
		LastReviewed: t.date("last_reviewed"),
		ReviewedBy:   t.str("reviewed_by"),
		ReviewEvery:  t.duration("review_every"),
		Monitoring:   t.str("monitoring"),
		OnFailure:    t.str("on_failure"),
		Runbook:      t.url("runbook"),
		Tags:         t.strList("tags"),
		Notes:        t.str("notes"),
		Pos:          t.pos,
	}
	h.invalid = t.invalid
	if h.Status == "" && !t.has("status") {
		h.Status = "live"
	}
	if h.Schedule != "" {
		text, err := ExplainCron(h.Schedule)
		if err != nil {
			t.invalidValue("schedule", "write 5 fields: minute hour day-of-month month day-of-week, such as \"0 2 * * *\"", "invalid cron expression %q: %v", h.Schedule, err)
		}
		h.ScheduleText = text
	}
	for i, lt := range t.tables("links") {
		lt.checkKeys(fmt.Sprintf("links item %d", i+1), linkKeys...)
		l := Link{Title: lt.str("title"), URL: lt.url("url")}
		if l.URL == "" {
			if !lt.has("url") {
				lt.invalidValue("url", "add url = \"https://…\" to the link", "the link has no url")
			}
			continue
		}
		if l.Title == "" {
			l.Title = l.URL
		}
		h.Links = append(h.Links, l)
	}
	return h
}

// splitFrontMatter separates TOML front matter between "+++" lines from the
// Markdown body. ok is false when the text has no front matter.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	text := string(data)
	first, rest, found := strings.Cut(text, "\n")
	if !found || strings.TrimRight(first, "\r \t") != "+++" {
		return nil, data, 1, false
	}
	lines := strings.SplitAfter(rest, "\n")
	for i, line := range lines {
		if strings.TrimRight(line, "\r\n \t") == "+++" {
			front := strings.Join(lines[:i], "")
			body := strings.Join(lines[i+1:], "")
			return []byte(front), []byte(body), i + 3, true
		}
	}
	return nil, data, 1, false
}

func decodePage(t *table, id string, body string) *Page {
	t.checkKeys("page front matter", pageKeys...)
	p := &Page{ID: id, File: t.file, Title: t.str("title"), Description: t.str("description"), Weight: t.integer("weight"), Body: body}
	if p.Title == "" {
		p.Title = id
	}
	return p
}

// caseTwin returns a note naming the id of ids that differs from id only
// by case, or "".
func caseTwin(id string, ids []string) string {
	for _, other := range ids {
		if other != id && strings.EqualFold(other, id) {
			return fmt.Sprintf("; it differs only by case from %q, and ids that differ only by case name the same page", other)
		}
	}
	return ""
}

func suggestHint(id string) string {
	if s := suggestID(id); s != "" && s != id {
		return fmt.Sprintf("rename it to %q", s)
	}
	return ""
}

func sortPages(pages []*Page) {
	sort.Slice(pages, func(i, j int) bool {
		if pages[i].Weight != pages[j].Weight {
			return pages[i].Weight < pages[j].Weight
		}
		return pages[i].ID < pages[j].ID
	})
}
