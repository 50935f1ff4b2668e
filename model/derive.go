package model

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Review states of a handoff, from best to worst.
const (
	ReviewFresh   = "fresh"
	ReviewDueSoon = "due-soon"
	ReviewNever   = "never"
	ReviewOverdue = "overdue"
	// ReviewNone is the state of a system that no handoff touches.
	ReviewNone = "none"
)

// reviewRank orders review states from best to worst.
var reviewRank = map[string]int{ReviewNone: 0, ReviewFresh: 1, ReviewDueSoon: 2, ReviewNever: 3, ReviewOverdue: 4}

// ReviewState is the position of a handoff in its review cycle on the build date.
type ReviewState struct {
	State    string
	Due      Date
	Interval Duration
	// DaysLeft is the number of days until the due date, negative when overdue.
	DaysLeft int
}

// Worse reports whether state a is worse than state b.
func Worse(a, b string) bool { return reviewRank[a] > reviewRank[b] }

// derive indexes the model, resolves references and computes the derived
// facts, recording findings for what does not resolve.
func derive(m *Model, fs *findings) {
	sortByID(m.People, func(p *Person) string { return p.ID })
	sortByID(m.Teams, func(t *Team) string { return t.ID })
	sortByID(m.Systems, func(s *System) string { return s.ID })
	sortByID(m.Handoffs, func(h *Handoff) string { return h.ID })

	m.people = make(map[string]*Person, len(m.People))
	for _, p := range m.People {
		m.people[p.ID] = p
	}
	m.teams = make(map[string]*Team, len(m.Teams))
	for _, t := range m.Teams {
		m.teams[t.ID] = t
	}
	m.systems = make(map[string]*System, len(m.Systems))
	for _, s := range m.Systems {
		m.systems[s.ID] = s
	}
	m.handoffs = make(map[string]*Handoff, len(m.Handoffs))
	for _, h := range m.Handoffs {
		m.handoffs[h.ID] = h
	}

	r := &resolver{m: m, fs: fs}
	for _, p := range m.People {
		r.personTeam(p)
	}
	for _, s := range m.Systems {
		r.system(s)
	}
	resolveHandoffs(m, fs)
	deriveEntities(m, fs)
	deriveDomains(m)
	checkDefinitions(m, fs)
}

type resolver struct {
	m  *Model
	fs *findings
}

func (r *resolver) personTeam(p *Person) {
	if p.Team == "" {
		return
	}
	if t := r.m.teams[p.Team]; t != nil {
		t.Members = append(t.Members, p)
		return
	}
	r.fs.add("invalid-value", p.File, p.Pos.Of("team"), Subject{SubjectPerson, p.ID}, r.teamHint(p.Team),
		"person %q names the team %q, which is not in the [teams] table", p.ID, p.Team)
	p.Team = ""
}

func (r *resolver) teamHint(id string) string {
	ids := make([]string, len(r.m.Teams))
	for i, t := range r.m.Teams {
		ids[i] = t.ID
	}
	if n := nearest(id, ids); n != "" {
		return fmt.Sprintf("did you mean %q?", n)
	}
	return "add it under [teams] in people.toml"
}

func (r *resolver) system(s *System) {
	subject := Subject{SubjectSystem, s.ID}
	if s.Owner != "" {
		if p := r.checkPerson(s.File, s.Pos, "owner", s.Owner, subject, true); p != nil {
			p.Systems = append(p.Systems, s)
		} else {
			s.Owner = ""
		}
	}
	if s.Team != "" {
		if t := r.m.teams[s.Team]; t != nil {
			t.Systems = append(t.Systems, s)
		} else {
			r.fs.add("invalid-value", s.File, s.Pos.Of("team"), subject, r.teamHint(s.Team),
				"team %q is not in the [teams] table of people.toml", s.Team)
			s.Team = ""
		}
	}
}

// checkPerson resolves a reference to a person and reports it when it
// names a team or no known person. It returns the person, or nil.
func (r *resolver) checkPerson(file string, pos Positions, key, id string, subject Subject, isOwner bool) *Person {
	if p := r.m.people[id]; p != nil {
		return p
	}
	if r.m.peopleUnreadable {
		return nil
	}
	if t := r.m.teams[id]; t != nil && isOwner {
		r.fs.add("owner-is-team", file, pos.Of(key), subject, fmt.Sprintf("name one person of team %q as the owner", id),
			"%s %q is a team: ownership needs a person", key, id)
		return nil
	}
	hint := "add the person to people.toml, or correct the id"
	if n := nearest(id, r.personIDs()); n != "" {
		hint = fmt.Sprintf("did you mean %q?", n)
	}
	r.fs.add("unknown-person", file, pos.Of(key), subject, hint, "%s %q is not in people.toml", key, id)
	return nil
}

func (r *resolver) personIDs() []string {
	ids := make([]string, len(r.m.People))
	for i, p := range r.m.People {
		ids[i] = p.ID
	}
	return ids
}

func (r *resolver) systemIDs() []string {
	ids := make([]string, len(r.m.Systems))
	for i, s := range r.m.Systems {
		ids[i] = s.ID
	}
	return ids
}

func (r *resolver) checkSystem(h *Handoff, key, id string) *System {
	if s := r.m.systems[id]; s != nil {
		return s
	}
	if r.m.unreadableSystems[id] {
		return nil
	}
	hint := fmt.Sprintf("add systems/%s.toml, or correct the id", id)
	if n := nearest(id, r.systemIDs()); n != "" {
		hint = fmt.Sprintf("did you mean %q?", n)
	}
	r.fs.add("unknown-system", h.File, h.Pos.Of(key), Subject{SubjectHandoff, h.ID}, hint, "%s names the system %q, which does not exist", key, id)
	return nil
}

// handoffLinks are the systems and people that a handoff names and that
// exist.
type handoffLinks struct {
	from, to      *System
	via           []*System
	owner, backup *Person
}

// minParallelHandoffs is the number of handoffs from which resolveHandoffs
// uses more than one goroutine.
var minParallelHandoffs = 512

// resolveHandoffs resolves and checks every handoff, then adds each to the
// lists of the systems and people it names, in the order of m.Handoffs.
// The checks only read the model apart from the handoff itself, so they run
// on one goroutine per CPU in chunks. Findings of each chunk are merged in
// chunk order, the order of a run on one goroutine.
func resolveHandoffs(m *Model, fs *findings) {
	links := make([]handoffLinks, len(m.Handoffs))
	chunks := 1
	if len(m.Handoffs) >= minParallelHandoffs {
		chunks = 4 * runtime.GOMAXPROCS(0)
	}
	found := make([]*findings, chunks)
	var wg sync.WaitGroup
	for c := range chunks {
		lo, hi := c*len(links)/chunks, (c+1)*len(links)/chunks
		found[c] = &findings{}
		r := &resolver{m: m, fs: found[c]}
		if chunks == 1 {
			r.fs = fs
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				links[i] = r.handoff(m.Handoffs[i])
			}
		}()
	}
	wg.Wait()
	if chunks > 1 {
		for _, f := range found {
			fs.merge(f)
		}
	}

	for i, h := range m.Handoffs {
		l := links[i]
		if l.from != nil {
			l.from.Outbound = append(l.from.Outbound, h)
		}
		if l.to != nil {
			l.to.Inbound = append(l.to.Inbound, h)
		}
		for _, s := range l.via {
			s.Through = append(s.Through, h)
		}
		if l.owner != nil {
			l.owner.Owns = append(l.owner.Owns, h)
		}
		if l.backup != nil {
			l.backup.Backs = append(l.backup.Backs, h)
		}
	}
}

// handoff resolves the references of a handoff, clearing those that name
// nothing, computes its derived facts and records its findings. It returns
// what the handoff names, and leaves the lists of systems and people to
// resolveHandoffs.
func (r *resolver) handoff(h *Handoff) handoffLinks {
	subject := Subject{SubjectHandoff, h.ID}
	m := r.m
	var links handoffLinks

	// Systems.
	if h.From == "" {
		switch {
		case h.invalid["from"]:
		case h.Pos.has("from"):
			r.fs.add("invalid-value", h.File, h.Pos.Of("from"), subject, "write the id of a system, the file name under systems/ without .toml", "from is empty")
		default:
			r.fs.add("invalid-value", h.File, h.Pos.Of(""), subject, "add from = \"<system id>\"", "the handoff has no from system")
		}
	} else if s := r.checkSystem(h, "from", h.From); s != nil {
		links.from = s
	} else {
		h.From = ""
	}
	if h.To == "" {
		switch {
		case h.invalid["to"]:
		case h.Pos.has("to"):
			r.fs.add("invalid-value", h.File, h.Pos.Of("to"), subject, "write the id of a system, the file name under systems/ without .toml", "to is empty")
		default:
			r.fs.add("invalid-value", h.File, h.Pos.Of(""), subject, "add to = \"<system id>\"", "the handoff has no to system")
		}
	} else if s := r.checkSystem(h, "to", h.To); s != nil {
		links.to = s
	} else {
		h.To = ""
	}
	var via []string
	for _, id := range h.Via {
		if s := r.checkSystem(h, "via", id); s != nil {
			links.via = append(links.via, s)
			via = append(via, id)
		}
	}
	h.Via = via
	if h.From != "" && h.From == h.To {
		r.fs.add("self-loop", h.File, h.Pos.Of("to"), subject, "check from and to; a step inside one system is not a handoff",
			"from and to are both %q", h.From)
	}
	if h.Title == "" {
		h.Title = h.ID
	}

	// People.
	var owner *Person
	switch {
	case h.Owner == "" && h.invalid["owner"]:
		// Reported already, as invalid-value or as a misspelt key.
	case h.Owner == "" && !h.Pos.has("owner"):
		r.fs.add("owner-missing", h.File, h.Pos.Of(""), subject, "add owner = \"<person id>\": the person to call when it breaks",
			"the handoff has no owner")
	case h.Owner == "":
		r.fs.add("owner-missing", h.File, h.Pos.Of("owner"), subject, "name the person to call when it breaks", "owner is empty")
	default:
		owner = r.checkPerson(h.File, h.Pos, "owner", h.Owner, subject, true)
	}
	if owner != nil {
		links.owner = owner
		if !owner.Active {
			r.fs.add("owner-inactive", h.File, h.Pos.Of("owner"), subject, "hand it over to an active person and update owner",
				"owner %q has left (active = false): the handoff is orphaned", h.Owner)
		}
	} else {
		h.Owner = ""
	}
	h.Orphaned = owner == nil || !owner.Active
	if h.Backup != "" {
		if p := r.checkPerson(h.File, h.Pos, "backup", h.Backup, subject, false); p != nil {
			links.backup = p
		} else {
			h.Backup = ""
		}
	}
	if h.ReviewedBy != "" && r.checkPerson(h.File, h.Pos, "reviewed_by", h.ReviewedBy, subject, false) == nil {
		h.ReviewedBy = ""
	}

	// Review, stakes and status.
	h.HighStakes = len(h.Stakes) > 0
	h.Review = reviewState(h, m.Settings, m.Now)
	if h.Status != "retired" {
		switch h.Review.State {
		case ReviewOverdue:
			r.fs.add("review-overdue", h.File, h.Pos.Of("last_reviewed"), subject, "review it, then set last_reviewed and reviewed_by",
				"review was due on %s (%d days ago; last reviewed %s, every %s)", h.Review.Due, -h.Review.DaysLeft, h.LastReviewed, h.Review.Interval)
		case ReviewNever:
			if h.invalid["last_reviewed"] {
				break
			}
			r.fs.add("never-reviewed", h.File, h.Pos.Of(""), subject, "review it, then add last_reviewed and reviewed_by",
				"the handoff has never been reviewed (no last_reviewed)")
		}
	}
	if h.HighStakes && strings.TrimSpace(h.Monitoring) == "" && !h.invalid["monitoring"] && h.Status != "retired" && h.Status != "planned" {
		r.fs.add("unmonitored-high-stakes", h.File, h.Pos.Of("stakes"), subject,
			"add monitoring = \"…\": say which alert fires, where, and after how long",
			"the handoff is high stakes (%s) and has no monitoring: a failure would go unnoticed", strings.Join(h.Stakes, ", "))
	}
	if h.Status == "temporary" {
		switch {
		case h.Expires.IsZero() && h.invalid["expires"]:
			// Reported as invalid-value already.
		case h.Expires.IsZero():
			r.fs.add("temporary-without-expiry", h.File, h.Pos.Of("status"), subject, "add expires = YYYY-MM-DD: when it should be gone",
				"status is \"temporary\" but the handoff has no expires date")
		case h.Expires.Before(m.Now):
			r.fs.add("temporary-expired", h.File, h.Pos.Of("expires"), subject, "remove it, or make it permanent with a new status",
				"the temporary handoff expired on %s but its status is still \"temporary\"", h.Expires)
		}
	}
	return links
}

func (p Positions) has(key string) bool {
	_, ok := p[key]
	return ok
}

// reviewState computes the review state of a handoff on the date now.
func reviewState(h *Handoff, s Settings, now Date) ReviewState {
	interval := s.ReviewEvery
	if !h.ReviewEvery.IsZero() {
		interval = h.ReviewEvery
	}
	st := ReviewState{Interval: interval}
	if h.LastReviewed.IsZero() {
		st.State = ReviewNever
		return st
	}
	st.Due = h.LastReviewed.AddDays(interval.Days)
	st.DaysLeft = now.DaysUntil(st.Due)
	switch {
	case st.DaysLeft < 0:
		st.State = ReviewOverdue
	case st.DaysLeft <= s.DueSoon.Days:
		st.State = ReviewDueSoon
	default:
		st.State = ReviewFresh
	}
	return st
}

func deriveEntities(m *Model, fs *findings) {
	m.entities = map[string]*Entity{}
	entity := func(id string) *Entity {
		e := m.entities[id]
		if e == nil {
			e = &Entity{ID: id}
			m.entities[id] = e
		}
		return e
	}
	for _, s := range m.Systems {
		for _, id := range s.SourceOfTruth {
			e := entity(id)
			e.Sources = append(e.Sources, s)
		}
	}
	for _, h := range m.Handoffs {
		for _, id := range h.Data {
			e := entity(id)
			e.Handoffs = append(e.Handoffs, h)
		}
	}
	for _, s := range m.Systems {
		for _, d := range s.Definitions {
			for _, word := range termWords(d.Term) {
				if e := m.entities[word]; e != nil {
					e.Definitions = append(e.Definitions, d)
				}
			}
		}
	}
	for _, e := range m.entities {
		m.Entities = append(m.Entities, e)
	}
	sortByID(m.Entities, func(e *Entity) string { return e.ID })

	for _, e := range m.Entities {
		subject := Subject{SubjectEntity, e.ID}
		switch {
		case len(e.Sources) == 0 && len(e.Handoffs) > 0 && len(m.unreadableSystems) == 0:
			// A system file that could not be read may declare the
			// entity, so the rule stays silent until it is fixed.
			h := e.Handoffs[0]
			fs.add("no-source-of-truth", h.File, h.Pos.Of("data"), subject,
				fmt.Sprintf("add %q to source_of_truth of the system that owns it", e.ID),
				"no system declares %q as its source_of_truth, but it is moved by %s", e.ID, countOf(len(e.Handoffs), "handoff"))
		case len(e.Sources) > 1:
			names := make([]string, len(e.Sources))
			for i, s := range e.Sources {
				names[i] = s.ID
			}
			for _, s := range e.Sources[1:] {
				fs.add("conflicting-sources-of-truth", s.File, s.Pos.Of("source_of_truth"), subject,
					"keep it on the one system that is authoritative and remove it from the others",
					"%q is claimed as source_of_truth by %s", e.ID, strings.Join(names, " and "))
			}
		}
	}
}

// termWords returns the words of a definition term and their singular
// forms, so that "active_customers" relates to the entity "customer".
func termWords(term string) []string {
	var words []string
	seen := map[string]bool{}
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	add(term)
	for _, w := range strings.FieldsFunc(term, func(r rune) bool { return r == '_' || r == '-' || r == ' ' }) {
		add(w)
		add(strings.TrimSuffix(w, "s"))
	}
	return words
}

func deriveDomains(m *Model) {
	byID := map[string]*Domain{}
	for _, s := range m.Systems {
		id := s.Domain
		if id == "" {
			id = "other"
		}
		d := byID[id]
		if d == nil {
			d = &Domain{ID: id}
			byID[id] = d
			m.Domains = append(m.Domains, d)
		}
		d.Systems = append(d.Systems, s)

		s.Review.State = ReviewNone
		for _, list := range [][]*Handoff{s.Inbound, s.Outbound, s.Through} {
			for _, h := range list {
				if Worse(h.Review.State, s.Review.State) {
					s.Review = h.Review
				}
			}
		}
	}
	sortByID(m.Domains, func(d *Domain) string { return d.ID })
}

// checkDefinitions reports terms that two systems define with different texts.
func checkDefinitions(m *Model, fs *findings) {
	byTerm := map[string][]Definition{}
	var terms []string
	for _, s := range m.Systems {
		for _, d := range s.Definitions {
			if _, ok := byTerm[d.Term]; !ok {
				terms = append(terms, d.Term)
			}
			byTerm[d.Term] = append(byTerm[d.Term], d)
		}
	}
	sort.Strings(terms)
	for _, term := range terms {
		defs := byTerm[term]
		first := defs[0]
		for _, d := range defs[1:] {
			if normalizeText(d.Text) == normalizeText(first.Text) {
				continue
			}
			fs.add("conflicting-definitions", d.System.File, d.System.Pos.Of("definitions."+term), Subject{SubjectSystem, d.System.ID},
				"agree on one definition, or name the terms apart",
				"%q is defined differently: %s says %q, %s says %q", term, first.System.ID, first.Text, d.System.ID, d.Text)
		}
	}
}

func normalizeText(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// countOf returns "1 handoff" or "3 handoffs".
func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
