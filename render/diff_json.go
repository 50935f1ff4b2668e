package render

import (
	"encoding/json"

	"github.com/handoffmap/handoff/model"
)

// DiffSchemaVersion is the version of the JSON diff format. It changes when
// a field is removed or changes meaning; new fields do not change it.
const DiffSchemaVersion = 1

type diffDoc struct {
	Schema     int              `json:"schema"`
	Old        string           `json:"old,omitempty"`
	New        string           `json:"new,omitempty"`
	Summary    string           `json:"summary"`
	Empty      bool             `json:"empty"`
	NewErrors  int              `json:"new_errors"`
	Items      []diffItem       `json:"items"`
	Settings   []diffField      `json:"settings"`
	Transfers  []diffTransfer   `json:"transfers"`
	Orphaned   []diffOrphan     `json:"orphaned"`
	Introduced []diffFindingDoc `json:"findings_introduced"`
	Resolved   []diffFindingDoc `json:"findings_resolved"`
}

type diffItem struct {
	Kind       string      `json:"kind"`
	Change     string      `json:"change"`
	ID         string      `json:"id"`
	OldID      string      `json:"old_id,omitempty"`
	Title      string      `json:"title"`
	URL        string      `json:"url,omitempty"`
	HighStakes bool        `json:"high_stakes"`
	Stakes     []string    `json:"stakes"`
	Fields     []diffField `json:"fields"`
}

type diffField struct {
	Key string `json:"key"`
	Old string `json:"old"`
	New string `json:"new"`
}

type diffTransfer struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
	From  string `json:"from"`
	To    string `json:"to"`
}

type diffOrphan struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Added  bool   `json:"added"`
	Reason string `json:"reason"`
}

type diffFindingDoc struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Subject  string `json:"subject_kind,omitempty"`
	ID       string `json:"subject_id,omitempty"`
}

// DiffJSON returns the facts of the diff as indented JSON: the same items,
// fields, transfers, orphaned handoffs and findings as the Markdown, with
// values never cut and no length limit.
func DiffJSON(d *model.Diff, opts DiffOptions) ([]byte, error) {
	w := &diffWriter{opts: opts, base: baseURL(opts.BaseURL)}
	doc := diffDoc{
		Schema:     DiffSchemaVersion,
		Old:        opts.OldLabel,
		New:        opts.NewLabel,
		Summary:    d.Summary(),
		Empty:      d.Empty(),
		NewErrors:  d.NewErrors(),
		Items:      []diffItem{},
		Settings:   fieldDocs(d.Settings),
		Transfers:  []diffTransfer{},
		Orphaned:   []diffOrphan{},
		Introduced: findingDocs(d.Introduced),
		Resolved:   findingDocs(d.Resolved),
	}
	for _, c := range d.Items {
		item := diffItem{Kind: string(c.Kind), Change: string(c.Change), ID: c.ID, OldID: c.OldID, Title: c.Title,
			HighStakes: c.HighStakes(), Stakes: c.Stakes, Fields: fieldDocs(c.Fields)}
		if item.Stakes == nil {
			item.Stakes = []string{}
		}
		if c.Change != model.Removed {
			item.URL = w.pageURL(c.Kind, c.ID)
		}
		doc.Items = append(doc.Items, item)
	}
	for _, t := range d.Transfers {
		doc.Transfers = append(doc.Transfers, diffTransfer{Kind: string(t.Kind), ID: t.ID, Title: t.Title, From: t.From, To: t.To})
	}
	for _, o := range d.Orphaned {
		doc.Orphaned = append(doc.Orphaned, diffOrphan{ID: o.ID, Title: o.Title, Added: o.Added, Reason: o.Reason})
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func fieldDocs(fields []model.FieldChange) []diffField {
	out := make([]diffField, 0, len(fields))
	for _, f := range fields {
		out = append(out, diffField{Key: f.Key, Old: f.Old, New: f.New})
	}
	return out
}

func findingDocs(list []*model.Finding) []diffFindingDoc {
	out := make([]diffFindingDoc, 0, len(list))
	for _, f := range list {
		out = append(out, diffFindingDoc{Rule: f.Rule, Severity: string(f.Severity), File: f.File, Line: f.Line, Column: f.Column,
			Message: f.Message, Hint: f.Hint, Subject: string(f.Subject.Kind), ID: f.Subject.ID})
	}
	return out
}
