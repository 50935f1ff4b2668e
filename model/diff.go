package model

import (
	"fmt"
	"sort"
	"strings"
)

// Change is the kind of difference of an item between the old and the
// new tree.
type Change string

// The changes an item can have, in the order diffs list them.
const (
	Added   Change = "added"
	Removed Change = "removed"
	Renamed Change = "renamed"
	Changed Change = "changed"
)

var changeRank = map[Change]int{Added: 0, Removed: 1, Renamed: 2, Changed: 3}

// kindRank orders the kinds of item in a diff: handoffs, the connections
// that break, come first.
var kindRank = map[SubjectKind]int{SubjectHandoff: 0, SubjectSystem: 1, SubjectPerson: 2, SubjectTeam: 3}

// FieldChange is one source key whose value differs. Old is empty for a key
// that was added and New for a key that was removed. Lists are joined with
// ", ".
type FieldChange struct {
	Key string
	Old string
	New string
}

// ItemChange is a system, handoff, person or team that was added, removed,
// renamed or changed.
type ItemChange struct {
	Kind   SubjectKind
	Change Change
	// ID is the id in the new tree, or in the old tree for a removed item.
	ID string
	// OldID is the id in the old tree of a renamed item.
	OldID string
	// Title is the handoff's title or the name of the system, person or
	// team, falling back to the id.
	Title string
	// Stakes are the stakes of a handoff in either tree; a change with
	// stakes is high stakes.
	Stakes []string
	// Fields are the keys that differ. For an added item they are all its
	// keys with their new values; for a removed item, with their old values.
	Fields []FieldChange
}

// HighStakes reports whether the item is a handoff that moves money,
// customers, compliance or PII data in the old or the new tree.
func (c *ItemChange) HighStakes() bool { return len(c.Stakes) > 0 }

// Transfer is a handoff or system whose owner changed. From or To is empty
// when the item had no owner before or has none after.
type Transfer struct {
	Kind  SubjectKind
	ID    string
	Title string
	From  string
	To    string
}

// Orphaning is a handoff that is orphaned in the new tree but was not in the
// old one, or that was added orphaned.
type Orphaning struct {
	ID     string
	Title  string
	Added  bool
	Reason string
}

// Diff is the set of differences between two source trees: items, site
// settings, owners, orphaned handoffs and findings.
type Diff struct {
	Old, New *Model
	// Items lists handoffs, then systems, people and teams. High-stakes
	// handoffs come first; within each group items go by change (added,
	// removed, renamed, changed) and id.
	Items []*ItemChange
	// Settings are the keys of handoff.toml that differ.
	Settings []FieldChange
	// Transfers go by kind (handoffs first) and id.
	Transfers []Transfer
	Orphaned  []Orphaning
	// Introduced are findings of the new tree that the old one did not have,
	// and Resolved are findings of the old tree that are gone. Findings
	// match by rule, subject and message, so a finding that only moved to
	// another line is neither. Errors come first, then rules in the order of
	// Rules.
	Introduced []*Finding
	Resolved   []*Finding
}

// Compare returns the differences from the old model to the new one. Both
// should be loaded with the same build date, so that review states and the
// findings that depend on them compare.
func Compare(old, new *Model) *Diff {
	d := &Diff{Old: old, New: new}
	renames := map[SubjectKind]map[string]string{}

	systems := compareItems(SubjectSystem, systemEntries(old), systemEntries(new))
	renames[SubjectSystem] = renameMap(systems)
	handoffs := compareItems(SubjectHandoff, handoffEntries(old, renames[SubjectSystem]), handoffEntries(new, nil))
	renames[SubjectHandoff] = renameMap(handoffs)
	people := compareItems(SubjectPerson, personEntries(old), personEntries(new))
	renames[SubjectPerson] = renameMap(people)
	teams := compareItems(SubjectTeam, teamEntries(old), teamEntries(new))
	renames[SubjectTeam] = renameMap(teams)

	d.Items = append(d.Items, handoffs...)
	d.Items = append(d.Items, systems...)
	d.Items = append(d.Items, people...)
	d.Items = append(d.Items, teams...)
	d.Items = dropUnreadable(d.Items, old, new)
	sortItems(d.Items)

	d.Settings = diffFields(settingsFields(old.Settings), settingsFields(new.Settings))
	d.Transfers = transfers(old, new, renames)
	d.Orphaned = orphanings(old, new, renames[SubjectHandoff])
	d.Introduced, d.Resolved = compareFindings(old, new, renames)
	return d
}

// dropUnreadable removes the items that look removed only because their
// file does not parse in the new tree, or added only because it did not
// parse in the old one. The syntax finding reports such a file instead.
func dropUnreadable(items []*ItemChange, old, new *Model) []*ItemChange {
	unreadable := func(m *Model, kind SubjectKind, id string) bool {
		for _, f := range m.FindingsFor(kind, id) {
			if f.Rule == "syntax" {
				return true
			}
		}
		return false
	}
	kept := items[:0]
	for _, c := range items {
		switch {
		case c.Change == Removed && unreadable(new, c.Kind, c.ID):
		case c.Change == Added && unreadable(old, c.Kind, c.ID):
		default:
			kept = append(kept, c)
		}
	}
	return kept
}

// Empty reports whether the trees have the same architecture: no item,
// setting or finding differs. Extra pages under pages/ are not compared.
func (d *Diff) Empty() bool {
	return len(d.Items) == 0 && len(d.Settings) == 0 && len(d.Introduced) == 0 && len(d.Resolved) == 0
}

// ItemsOf returns the item changes of one kind, in the diff's order.
func (d *Diff) ItemsOf(kind SubjectKind) []*ItemChange {
	var out []*ItemChange
	for _, c := range d.Items {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// entry is an item of one tree prepared for comparison.
type entry struct {
	id, title string
	fields    []field
	// renameKey matches a removed item to an added one: the same key in
	// both trees makes them one renamed item. Empty means never renamed.
	renameKey string
	stakes    []string
}

func systemEntries(m *Model) []entry {
	out := make([]entry, 0, len(m.Systems))
	for _, s := range m.Systems {
		d := m.declaredSystem(s)
		key := ""
		if d.Name != "" {
			key = d.Name + "\x00" + d.Kind
		}
		out = append(out, entry{id: s.ID, title: orID(d.Name, s.ID), fields: systemFields(d), renameKey: key})
	}
	return out
}

// handoffEntries prepares the handoffs of m. systemRenames maps old system
// ids to new ones, so that a handoff whose systems were renamed too is
// still matched as a rename.
func handoffEntries(m *Model, systemRenames map[string]string) []entry {
	rename := func(id string) string {
		if n, ok := systemRenames[id]; ok {
			return n
		}
		return id
	}
	out := make([]entry, 0, len(m.Handoffs))
	for _, h := range m.Handoffs {
		d := m.declaredHandoff(h)
		key := ""
		if d.Title != "" && d.From != "" && d.To != "" {
			key = rename(d.From) + "\x00" + rename(d.To) + "\x00" + d.Title
		}
		out = append(out, entry{id: h.ID, title: orID(d.Title, h.ID), fields: handoffFields(d), renameKey: key, stakes: d.Stakes})
	}
	return out
}

func personEntries(m *Model) []entry {
	out := make([]entry, 0, len(m.People))
	for _, p := range m.People {
		d := m.declaredPerson(p)
		key := ""
		if d.Name != "" {
			key = d.Name + "\x00" + d.Email
		}
		out = append(out, entry{id: p.ID, title: orID(d.Name, p.ID), fields: personFields(d), renameKey: key})
	}
	return out
}

func teamEntries(m *Model) []entry {
	out := make([]entry, 0, len(m.Teams))
	for _, t := range m.Teams {
		out = append(out, entry{id: t.ID, title: orID(t.Name, t.ID), fields: teamFields(*t), renameKey: t.Name})
	}
	return out
}

func orID(title, id string) string {
	if title == "" {
		return id
	}
	return title
}

// compareItems compares the items of one kind. A removed item and an added
// item with the same rename key become one renamed item; when several match,
// they pair up in id order.
func compareItems(kind SubjectKind, old, new []entry) []*ItemChange {
	oldByID := make(map[string]entry, len(old))
	for _, e := range old {
		oldByID[e.id] = e
	}
	newByID := make(map[string]entry, len(new))
	for _, e := range new {
		newByID[e.id] = e
	}

	var removed, added []entry
	var out []*ItemChange
	for _, e := range old {
		if _, ok := newByID[e.id]; !ok {
			removed = append(removed, e)
		}
	}
	for _, e := range new {
		o, ok := oldByID[e.id]
		if !ok {
			added = append(added, e)
			continue
		}
		if fields := diffFields(o.fields, e.fields); len(fields) > 0 {
			out = append(out, &ItemChange{Kind: kind, Change: Changed, ID: e.id, Title: e.title, Stakes: unionStakes(o.stakes, e.stakes), Fields: fields})
		}
	}

	// Pair renames: removed and added are in id order, so the pairing is
	// deterministic.
	used := make([]bool, len(added))
	for _, r := range removed {
		match := -1
		for i, a := range added {
			if !used[i] && r.renameKey != "" && a.renameKey == r.renameKey {
				match = i
				break
			}
		}
		if match < 0 {
			out = append(out, &ItemChange{Kind: kind, Change: Removed, ID: r.id, Title: r.title, Stakes: r.stakes, Fields: diffFields(r.fields, nil)})
			continue
		}
		used[match] = true
		a := added[match]
		out = append(out, &ItemChange{Kind: kind, Change: Renamed, ID: a.id, OldID: r.id, Title: a.title,
			Stakes: unionStakes(r.stakes, a.stakes), Fields: diffFields(r.fields, a.fields)})
	}
	for i, a := range added {
		if !used[i] {
			out = append(out, &ItemChange{Kind: kind, Change: Added, ID: a.id, Title: a.title, Stakes: a.stakes, Fields: diffFields(nil, a.fields)})
		}
	}
	return out
}

// unionStakes returns the stakes of both lists in the order of Stakes.
func unionStakes(a, b []string) []string {
	var out []string
	for _, s := range Stakes {
		if contains(a, s) || contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func sortItems(items []*ItemChange) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.HighStakes() != b.HighStakes() {
			return a.HighStakes()
		}
		if a.Kind != b.Kind {
			return kindRank[a.Kind] < kindRank[b.Kind]
		}
		if a.Change != b.Change {
			return changeRank[a.Change] < changeRank[b.Change]
		}
		return a.ID < b.ID
	})
}

// renameMap maps the old id of every renamed item to its new id.
func renameMap(items []*ItemChange) map[string]string {
	m := map[string]string{}
	for _, c := range items {
		if c.Change == Renamed {
			m[c.OldID] = c.ID
		}
	}
	return m
}

// oldIDOf returns the id in the old tree of an item with the new id, using
// the renames of its kind.
func oldIDOf(renames map[string]string, id string) string {
	for o, n := range renames {
		if n == id {
			return o
		}
	}
	return id
}

func transfers(old, new *Model, renames map[SubjectKind]map[string]string) []Transfer {
	var out []Transfer
	for _, h := range new.Handoffs {
		o := old.Handoff(oldIDOf(renames[SubjectHandoff], h.ID))
		if o == nil {
			continue
		}
		from, to := old.declaredHandoff(o).Owner, new.declaredHandoff(h).Owner
		if from != to {
			out = append(out, Transfer{Kind: SubjectHandoff, ID: h.ID, Title: h.Title, From: from, To: to})
		}
	}
	for _, s := range new.Systems {
		o := old.System(oldIDOf(renames[SubjectSystem], s.ID))
		if o == nil {
			continue
		}
		from, to := old.declaredSystem(o).Owner, new.declaredSystem(s).Owner
		if from != to {
			out = append(out, Transfer{Kind: SubjectSystem, ID: s.ID, Title: orID(s.Name, s.ID), From: from, To: to})
		}
	}
	return out
}

func orphanings(old, new *Model, handoffRenames map[string]string) []Orphaning {
	var out []Orphaning
	for _, h := range new.Handoffs {
		if !h.Orphaned {
			continue
		}
		o := old.Handoff(oldIDOf(handoffRenames, h.ID))
		if o != nil && o.Orphaned {
			continue
		}
		out = append(out, Orphaning{ID: h.ID, Title: h.Title, Added: o == nil, Reason: orphanReason(new, h)})
	}
	return out
}

// orphanReason returns the reason a handoff of m has no active owner.
func orphanReason(m *Model, h *Handoff) string {
	owner := m.declaredHandoff(h).Owner
	switch {
	case owner == "":
		return "it has no owner"
	case m.Team(owner) != nil && m.Person(owner) == nil:
		return fmt.Sprintf("its owner %q is a team, not a person", owner)
	case m.Person(owner) == nil:
		return fmt.Sprintf("its owner %q is not in people.toml", owner)
	}
	return fmt.Sprintf("its owner %q has left (active = false)", owner)
}

// findingKey identifies a finding across two trees: rule, subject and
// message, without file and position. renames maps old subject ids to new
// ones, so that a renamed item keeps its findings.
func findingKey(f *Finding, renames map[SubjectKind]map[string]string) string {
	id := f.Subject.ID
	if n, ok := renames[f.Subject.Kind][id]; ok {
		id = n
	}
	return strings.Join([]string{f.Rule, string(f.Subject.Kind), id, f.Message}, "\x00")
}

func compareFindings(old, new *Model, renames map[SubjectKind]map[string]string) (introduced, resolved []*Finding) {
	oldCount := map[string]int{}
	for _, f := range old.Findings {
		oldCount[findingKey(f, renames)]++
	}
	newCount := map[string]int{}
	for _, f := range new.Findings {
		newCount[findingKey(f, nil)]++
	}
	for _, f := range new.Findings {
		k := findingKey(f, nil)
		if oldCount[k] > 0 {
			oldCount[k]--
			continue
		}
		introduced = append(introduced, f)
	}
	for _, f := range old.Findings {
		k := findingKey(f, renames)
		if newCount[k] > 0 {
			newCount[k]--
			continue
		}
		resolved = append(resolved, f)
	}
	sortFindings(introduced)
	sortFindings(resolved)
	return introduced, resolved
}

var ruleRank = func() map[string]int {
	m := make(map[string]int, len(Rules))
	for i, r := range Rules {
		m[r.ID] = i
	}
	return m
}()

// sortFindings orders findings with errors first, then by the rules' order,
// then as the model orders them: file, line, column, message.
func sortFindings(list []*Finding) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		ae, be := a.Severity == SeverityError, b.Severity == SeverityError
		if ae != be {
			return ae
		}
		return ruleRank[a.Rule] < ruleRank[b.Rule]
	})
}

// Summary returns the diff in one line, such as
// "+2 handoffs, −1 system, 3 changed; 1 new error", or
// "No architecture changes." when the diff is empty.
func (d *Diff) Summary() string {
	if d.Empty() {
		return "No architecture changes."
	}
	var parts []string
	renamed, changed := 0, 0
	if len(d.Settings) > 0 {
		changed++
	}
	for _, kind := range []SubjectKind{SubjectHandoff, SubjectSystem, SubjectPerson, SubjectTeam} {
		added, removed := 0, 0
		for _, c := range d.ItemsOf(kind) {
			switch c.Change {
			case Added:
				added++
			case Removed:
				removed++
			case Renamed:
				renamed++
			case Changed:
				changed++
			}
		}
		if added > 0 {
			parts = append(parts, "+"+countNoun(added, kind))
		}
		if removed > 0 {
			// U+2212 MINUS SIGN lines up with the plus sign.
			parts = append(parts, "−"+countNoun(removed, kind))
		}
	}
	if renamed > 0 {
		parts = append(parts, fmt.Sprintf("%d renamed", renamed))
	}
	if changed > 0 {
		parts = append(parts, fmt.Sprintf("%d changed", changed))
	}
	if len(parts) == 0 {
		parts = append(parts, "no item changed")
	}

	var found []string
	newErrors := d.NewErrors()
	newWarnings := len(d.Introduced) - newErrors
	if newErrors > 0 {
		found = append(found, pluralize(newErrors, "new error", "new errors"))
	}
	if newWarnings > 0 {
		found = append(found, pluralize(newWarnings, "new warning", "new warnings"))
	}
	if len(d.Resolved) > 0 {
		found = append(found, pluralize(len(d.Resolved), "finding resolved", "findings resolved"))
	}
	s := strings.Join(parts, ", ")
	if len(found) > 0 {
		s += "; " + strings.Join(found, ", ")
	}
	return s
}

// NewErrors returns the number of introduced findings with error severity.
func (d *Diff) NewErrors() int {
	n := 0
	for _, f := range d.Introduced {
		if f.Severity == SeverityError {
			n++
		}
	}
	return n
}

var kindNouns = map[SubjectKind][2]string{
	SubjectHandoff: {"handoff", "handoffs"},
	SubjectSystem:  {"system", "systems"},
	SubjectPerson:  {"person", "people"},
	SubjectTeam:    {"team", "teams"},
}

func countNoun(n int, kind SubjectKind) string {
	nouns := kindNouns[kind]
	return pluralize(n, nouns[0], nouns[1])
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
