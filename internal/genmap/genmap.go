// Package genmap writes synthetic handoff source trees of any size for
// benchmarks and load tests: domains, hub systems, people and teams,
// handoffs with Markdown notes and review dates. The same options and seed
// always give the same files.
package genmap

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Options set the size and content of a generated map.
type Options struct {
	Handoffs int
	Systems  int
	People   int
	Seed     uint64
	// Today is the date the review dates are spread around; the zero value
	// means 2026-01-01, so that output does not depend on the clock.
	Today time.Time
}

// Map is a generated source tree in memory: file paths below the source
// folder, with forward slashes, and their contents.
type Map struct {
	Files map[string][]byte
	// Handoffs lists the generated handoffs, in id order, for writers of
	// other formats such as the Hugo comparison site.
	Handoffs []Handoff
}

// Handoff is the generated content of one handoff.
type Handoff struct {
	ID, Title, From, To, Kind, Owner string
	TOML, Notes                      string
}

var domainNames = []string{
	"finance", "sales", "support", "marketing", "product", "platform", "data", "logistics",
	"people-ops", "security", "identity", "payments", "catalog", "search", "analytics", "growth",
	"legal", "operations", "mobile", "partners", "billing", "fulfilment", "risk", "procurement",
}

var systemWords = []string{
	"ledger", "gateway", "portal", "sync", "router", "store", "tracker", "planner", "inbox", "reports",
	"scheduler", "importer", "exporter", "registry", "console", "desk", "hub", "vault", "pipeline", "index",
	"forecast", "catalogue", "queue", "archive", "dashboard", "notifier", "matcher", "scorer", "crawler", "mailer",
}

var entityNames = []string{
	"customer", "invoice", "order", "subscription", "payment", "refund", "lead", "contact", "account",
	"ticket", "shipment", "product", "price", "discount", "employee", "contract", "quote", "opportunity",
	"campaign", "event", "session", "device", "address", "tax-rate", "supplier", "purchase-order",
	"stock-level", "return", "review", "survey", "churn-score", "forecast", "budget", "expense", "payout",
}

var firstNames = []string{
	"Ada", "Bela", "Caro", "Dario", "Edda", "Femi", "Gus", "Hana", "Ivo", "Juna", "Kemal", "Lior", "Mira",
	"Nico", "Oona", "Pavo", "Quin", "Rhea", "Sami", "Tove", "Uli", "Vera", "Wim", "Xeni", "Yuri", "Zora",
}

var lastNames = []string{
	"Arden", "Brask", "Colm", "Dervi", "Eklund", "Farro", "Gavell", "Holm", "Istra", "Jarvo", "Kello",
	"Lunde", "Marrow", "Nessa", "Orvik", "Pell", "Quarry", "Rosk", "Selden", "Tarn", "Umber", "Vask",
}

var systemKinds = []string{"service", "service", "service", "service", "saas", "saas", "database", "database",
	"queue", "spreadsheet", "connector", "script", "script", "warehouse", "other"}

var handoffKinds = []string{"api", "api", "api", "webhook", "webhook", "event", "event", "queue", "cron", "batch",
	"file", "spreadsheet", "connector", "database", "email", "manual"}

var schedules = []string{"0 2 * * *", "*/15 * * * *", "30 6 * * 1-5", "0 * * * *", "0 3 1 * *", "45 23 * * 0"}

var stakeSets = [][]string{{"money"}, {"customers"}, {"pii"}, {"compliance"}, {"money", "customers"}, {"customers", "pii"}}

type system struct {
	id, name, kind, domain, owner, team string
	hub                                 bool
}

type person struct {
	id, name, team string
	active         bool
}

// Generate builds a map in memory.
func Generate(opts Options) (*Map, error) {
	if opts.Systems < 2 || opts.People < 1 || opts.Handoffs < 0 {
		return nil, errors.New("genmap: a map needs at least 2 systems and 1 person")
	}
	today := opts.Today
	if today.IsZero() {
		today = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	out := &Map{Files: map[string][]byte{}}
	put := func(name, text string) { out.Files[name] = []byte(text) }

	// Teams and people.
	nTeams := max(1, opts.People/10)
	var people []person
	var b strings.Builder
	for t := range nTeams {
		fmt.Fprintf(&b, "[teams.team-%d]\nname = %q\nchat = \"#team-%d\"\n\n", t+1, fmt.Sprintf("Team %d", t+1), t+1)
	}
	for i := range opts.People {
		first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		p := person{
			id:     fmt.Sprintf("%s-%s-%d", strings.ToLower(first), strings.ToLower(last), i+1),
			name:   first + " " + last,
			team:   fmt.Sprintf("team-%d", i%nTeams+1),
			active: i == 0 || r.IntN(100) >= 4,
		}
		people = append(people, p)
		fmt.Fprintf(&b, "[people.%s]\nname = %q\nteam = %q\nemail = \"%s@example.com\"\nactive = %t\n\n", p.id, p.name, p.team, p.id, p.active)
	}
	put("people.toml", b.String())
	activePerson := func() person {
		for {
			if p := people[r.IntN(len(people))]; p.active {
				return p
			}
		}
	}

	// Domains and systems; about 2% of systems are hubs that many handoffs use.
	nDomains := min(len(domainNames), max(3, opts.Systems/80))
	domains := domainNames[:nDomains]
	var systems []system
	byDomain := map[string][]int{}
	var hubs []int
	for i := range opts.Systems {
		d := domains[r.IntN(len(domains))]
		word := systemWords[r.IntN(len(systemWords))]
		s := system{
			id:     fmt.Sprintf("%s-%s-%d", d, word, i+1),
			name:   fmt.Sprintf("%s %s %d", titleCase(d), titleCase(word), i+1),
			kind:   systemKinds[r.IntN(len(systemKinds))],
			domain: d,
			hub:    i%50 == 0,
		}
		p := activePerson()
		s.owner, s.team = p.id, p.team
		if s.hub {
			hubs = append(hubs, i)
			s.kind = "service"
		}
		byDomain[d] = append(byDomain[d], i)
		systems = append(systems, s)
	}
	entities := entityNames
	source := map[string]int{}
	for i, e := range entities {
		source[e] = (i * 37) % len(systems)
	}
	for i, s := range systems {
		var sot []string
		for _, e := range entities {
			if source[e] == i {
				sot = append(sot, e)
			}
		}
		b.Reset()
		fmt.Fprintf(&b, "name = %q\nkind = %q\ndomain = %q\nowner = %q\nteam = %q\n", s.name, s.kind, s.domain, s.owner, s.team)
		fmt.Fprintf(&b, "url = \"https://%s.example.com\"\n", s.id)
		if len(sot) > 0 {
			fmt.Fprintf(&b, "source_of_truth = [%s]\n", quoteList(sot))
		}
		fmt.Fprintf(&b, "description = \"\"\"\n%s runs the %s work of the %s domain. %s\n\"\"\"\n",
			s.name, s.kind, s.domain, sentence(r))
		if r.IntN(10) == 0 {
			fmt.Fprintf(&b, "\n[definitions]\nactive_%s = %q\n", entities[r.IntN(len(entities))], sentence(r))
		}
		put("systems/"+s.id+".toml", b.String())
	}

	// Handoffs: mostly inside one domain, a third touching a hub.
	pick := func(domain string) int {
		if len(hubs) > 0 && r.IntN(3) == 0 {
			return hubs[r.IntN(len(hubs))]
		}
		if domain != "" && r.IntN(10) < 6 && len(byDomain[domain]) > 0 {
			list := byDomain[domain]
			return list[r.IntN(len(list))]
		}
		return r.IntN(len(systems))
	}
	connectors := []int{}
	for i, s := range systems {
		if s.kind == "connector" {
			connectors = append(connectors, i)
		}
	}
	for i := range opts.Handoffs {
		from := r.IntN(len(systems))
		to := pick(systems[from].domain)
		for to == from {
			to = r.IntN(len(systems))
		}
		fs, ts := systems[from], systems[to]
		kind := handoffKinds[r.IntN(len(handoffKinds))]
		ents := []string{entities[r.IntN(len(entities))]}
		if r.IntN(2) == 0 {
			if e := entities[r.IntN(len(entities))]; e != ents[0] {
				ents = append(ents, e)
			}
		}
		id := fmt.Sprintf("%s/%s-to-%s-%d", fs.domain, ents[0], ts.id, i+1)
		title := fmt.Sprintf("%s %s from %s to %s", titleCase(ents[0]), verb(kind), fs.name, ts.name)
		owner := activePerson()
		if r.IntN(50) == 0 {
			owner = people[r.IntN(len(people))]
		}
		since := today.AddDate(0, 0, -200-r.IntN(2000))
		b.Reset()
		fmt.Fprintf(&b, "title = %q\nfrom = %q\nto = %q\n", title, fs.id, ts.id)
		if len(connectors) > 0 && r.IntN(10) == 0 {
			fmt.Fprintf(&b, "via = [%q]\n", systems[connectors[r.IntN(len(connectors))]].id)
		}
		fmt.Fprintf(&b, "kind = %q\ntrigger = %q\n", kind, trigger(kind, ents[0]))
		if kind == "cron" || kind == "batch" {
			fmt.Fprintf(&b, "schedule = %q\n", schedules[r.IntN(len(schedules))])
		}
		fmt.Fprintf(&b, "data = [%s]\n", quoteList(ents))
		if r.IntN(10) < 3 {
			fmt.Fprintf(&b, "stakes = [%s]\n", quoteList(stakeSets[r.IntN(len(stakeSets))]))
		}
		fmt.Fprintf(&b, "owner = %q\n", owner.id)
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "backup = %q\n", activePerson().id)
		}
		status := "live"
		switch n := r.IntN(100); {
		case n < 3:
			status = "temporary"
		case n < 8:
			status = "planned"
		case n < 13:
			status = "deprecated"
		case n < 15:
			status = "retired"
		}
		fmt.Fprintf(&b, "status = %q\n", status)
		if status == "temporary" {
			fmt.Fprintf(&b, "expires = %s\n", today.AddDate(0, 0, r.IntN(240)-60).Format(time.DateOnly))
		}
		fmt.Fprintf(&b, "since = %s\n", since.Format(time.DateOnly))
		if r.IntN(10) < 8 {
			reviewed := today.AddDate(0, 0, -r.IntN(150))
			if reviewed.Before(since) {
				reviewed = since
			}
			fmt.Fprintf(&b, "last_reviewed = %s\nreviewed_by = %q\n", reviewed.Format(time.DateOnly), activePerson().id)
		}
		if r.IntN(5) == 0 {
			fmt.Fprintf(&b, "review_every = %q\n", []string{"30d", "6w", "6m"}[r.IntN(3)])
		}
		if r.IntN(10) < 7 {
			fmt.Fprintf(&b, "monitoring = %q\n", fmt.Sprintf("Alert '%s-lag' pages #%s after %d min without events", ents[0], ts.team, 15*(1+r.IntN(8))))
		}
		fmt.Fprintf(&b, "on_failure = %q\n", sentence(r))
		fmt.Fprintf(&b, "runbook = \"https://wiki.example.com/runbooks/%s\"\n", strings.ReplaceAll(id, "/", "-"))
		fmt.Fprintf(&b, "tags = [%s]\n", quoteList([]string{fs.domain, kind}))
		fmt.Fprintf(&b, "\n[[links]]\ntitle = \"Dashboard\"\nurl = \"https://grafana.example.com/d/%d\"\n", i+1)
		h := Handoff{ID: id, Title: title, From: fs.id, To: ts.id, Kind: kind, Owner: owner.id, TOML: b.String()}
		if r.IntN(10) < 3 {
			h.Notes = notes(r, fs, ts, ents[0])
			put("handoffs/"+id+".md", h.Notes)
		}
		put("handoffs/"+id+".toml", h.TOML)
		out.Handoffs = append(out.Handoffs, h)
	}
	sort.Slice(out.Handoffs, func(i, j int) bool { return out.Handoffs[i].ID < out.Handoffs[j].ID })

	put("handoff.toml", fmt.Sprintf("title = \"Synthetic map: %d handoffs\"\nreview_every = \"90d\"\ndue_soon = \"14d\"\n", opts.Handoffs))
	put("pages/about.md", "+++\ntitle = \"About this map\"\ndescription = \"A synthetic map made by the handoff generator.\"\nweight = 1\n+++\n\nThis map was generated for benchmarks. "+sentence(r)+"\n")
	return out, nil
}

// Write generates a map into dir, which must not exist or be empty.
func Write(dir string, opts Options) (*Map, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("the folder %s is not empty: choose a new folder", dir)
	}
	m, err := Generate(opts)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(m.Files))
	for name := range m.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(full, m.Files[name], 0o644); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func notes(r *rand.Rand, from, to system, entity string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## How it works\n\n%s sends each %s to %s. %s %s\n\n", from.name, entity, to.name, sentence(r), sentence(r))
	b.WriteString("## When it fails\n\n")
	for range 3 {
		fmt.Fprintf(&b, "- %s\n", sentence(r))
	}
	fmt.Fprintf(&b, "\n| Step | Owner | Time |\n|---|---|---|\n| Check the lag alert | %s | 5 min |\n| Replay the events | %s | 30 min |\n\n", from.team, to.team)
	fmt.Fprintf(&b, "%s\n", sentence(r))
	return b.String()
}

var sentences = []string{
	"Retries run three times with a back-off of one minute before the record is parked.",
	"The nightly reconciliation report lists records that differ between both sides.",
	"Rate limits apply at 100 requests per second, so large backfills run at night.",
	"Field mappings live in the integration settings and change only through review.",
	"Duplicates are dropped by the idempotency key that the sender sets on each record.",
	"A failed run leaves the previous export in place and raises a ticket for the owner.",
	"Support reads the audit log when a customer asks why a record did not arrive.",
	"The schema is versioned, and both sides accept the previous version for a month.",
	"Missing records are replayed from the sender's outbox table by the on-call person.",
	"Finance checks the totals at month end against the general ledger.",
}

func sentence(r *rand.Rand) string { return sentences[r.IntN(len(sentences))] }

func verb(kind string) string {
	switch kind {
	case "cron", "batch", "file":
		return "export"
	case "event", "queue", "webhook":
		return "events"
	case "manual", "spreadsheet", "email":
		return "hand-over"
	}
	return "sync"
}

func trigger(kind, entity string) string {
	switch kind {
	case "cron", "batch":
		return "schedule"
	case "manual", "spreadsheet", "email":
		return "a person at month end"
	}
	return entity + ".updated"
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ReplaceAll(s[1:], "-", " ")
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
