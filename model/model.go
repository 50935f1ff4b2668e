// Package model reads a handoff source tree, validates it and derives the facts
// that pages, checks and diffs are built from. It does not depend on HTML.
package model

import "sort"

// Model is a loaded and validated source tree with its derived facts.
type Model struct {
	// Source is the source folder as given by the user, or
	// Options.DisplayDir when set; file names in findings start with it.
	Source   string
	Settings Settings
	Now      Date

	People   []*Person
	Teams    []*Team
	Systems  []*System
	Handoffs []*Handoff
	Pages    []*Page
	Entities []*Entity
	Domains  []*Domain

	Findings []*Finding

	people   map[string]*Person
	teams    map[string]*Team
	systems  map[string]*System
	handoffs map[string]*Handoff
	entities map[string]*Entity

	findingsBySubject map[Subject][]*Finding

	// unreadableSystems are the ids of system files that could not be read
	// or parsed, and peopleUnreadable is true when people.toml could not.
	// References to them are not reported again as unknown.
	unreadableSystems map[string]bool
	peopleUnreadable  bool
	// declared keeps the values as written in the source files, before
	// derive clears references that do not resolve; diffs compare them.
	declared *declared
}

// Settings are the site settings from handoff.toml.
type Settings struct {
	File        string
	Title       string
	BaseURL     string
	ReviewEvery Duration
	DueSoon     Duration
	// Rules maps a rule id to the severity set in the [rules] table.
	Rules map[string]Severity
	Pos   Positions
}

// Person is an entry of the [people] table in people.toml.
type Person struct {
	ID     string
	File   string
	Name   string
	Team   string
	Email  string
	Chat   string
	Active bool
	Pos    Positions

	// Owns and Backs are the handoffs the person owns or backs up.
	Owns  []*Handoff
	Backs []*Handoff
	// Systems are the systems the person owns.
	Systems []*System
}

// Team is an entry of the [teams] table in people.toml.
type Team struct {
	ID   string
	File string
	Name string
	Chat string
	Pos  Positions

	Members []*Person
	// Systems are the systems whose team key names this team.
	Systems []*System
}

// System is one file under systems/.
type System struct {
	ID            string
	File          string
	Name          string
	Kind          string
	Domain        string
	Owner         string
	Team          string
	URL           string
	SourceOfTruth []string
	Description   string
	Definitions   []Definition
	Pos           Positions

	// Inbound and Outbound are the handoffs that end or start at the system;
	// Through are the handoffs that pass through it as a via.
	Inbound  []*Handoff
	Outbound []*Handoff
	Through  []*Handoff
	// Review is the worst review state of the handoffs that touch the system.
	Review ReviewState
}

// Definition is the meaning a system gives to a business term.
type Definition struct {
	System *System
	Term   string
	Text   string
}

// Link is an entry of a handoff's [[links]] array.
type Link struct {
	Title string
	URL   string
}

// Handoff is one file under handoffs/, with its optional sibling notes file.
type Handoff struct {
	ID           string
	File         string
	NotesFile    string
	Title        string
	From         string
	To           string
	Via          []string
	Kind         string
	Trigger      string
	Schedule     string
	Data         []string
	Stakes       []string
	Owner        string
	Backup       string
	Status       string
	Expires      Date
	Since        Date
	LastReviewed Date
	ReviewedBy   string
	ReviewEvery  Duration
	Monitoring   string
	OnFailure    string
	Runbook      string
	Tags         []string
	Notes        string
	Links        []Link
	Pos          Positions

	Review     ReviewState
	HighStakes bool
	Orphaned   bool
	// ScheduleText explains Schedule in words, when it is a valid cron expression.
	ScheduleText string

	// invalid lists the keys whose values were reported as invalid.
	invalid map[string]bool
}

// Page is an extra page from pages/*.md.
type Page struct {
	ID          string
	File        string
	Title       string
	Description string
	Weight      int
	Body        string
}

// Entity is a data entity named in a handoff's data or a system's
// source_of_truth, with its lineage.
type Entity struct {
	ID       string
	Handoffs []*Handoff
	Sources  []*System
	// Definitions are the definitions whose term names the entity.
	Definitions []Definition
}

// Domain is a group of systems that share a domain value.
type Domain struct {
	ID      string
	Systems []*System
}

// Person returns the person with the id, or nil.
func (m *Model) Person(id string) *Person { return m.people[id] }

// Team returns the team with the id, or nil.
func (m *Model) Team(id string) *Team { return m.teams[id] }

// System returns the system with the id, or nil.
func (m *Model) System(id string) *System { return m.systems[id] }

// Handoff returns the handoff with the id, or nil.
func (m *Model) Handoff(id string) *Handoff { return m.handoffs[id] }

// Entity returns the data entity with the id, or nil.
func (m *Model) Entity(id string) *Entity { return m.entities[id] }

// Path returns the ids of every system the handoff passes, in order:
// from, each via, to.
func (h *Handoff) Path() []string {
	path := make([]string, 0, len(h.Via)+2)
	path = append(path, h.From)
	path = append(path, h.Via...)
	return append(path, h.To)
}

// FindingsFor returns the findings about one subject, in the model's order.
func (m *Model) FindingsFor(kind SubjectKind, id string) []*Finding {
	return m.findingsBySubject[Subject{Kind: kind, ID: id}]
}

func sortByID[T any](items []T, id func(T) string) {
	sort.Slice(items, func(i, j int) bool { return id(items[i]) < id(items[j]) })
}
