package render

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// exportURL returns the address of a site path such as "systems/crm/" for
// an export file at the site root. It is absolute when there is a base URL,
// else relative to the root, and folders get "index.html" so that the link
// also works from the file system.
func exportURL(baseURL, sitePath string) string {
	if baseURL != "" {
		return baseURL + sitePath
	}
	if sitePath == "" || strings.HasSuffix(sitePath, "/") {
		return sitePath + "index.html"
	}
	return sitePath
}

// normalizeBaseURL returns the base URL with a final "/", or "".
func normalizeBaseURL(baseURL string) string {
	if baseURL != "" && !strings.HasSuffix(baseURL, "/") {
		return baseURL + "/"
	}
	return baseURL
}

// MapDOT returns the whole map as Graphviz DOT, every system and handoff:
// systems clustered by domain, every handoff, and links to the pages.
func MapDOT(m *model.Model, baseURL string) []byte {
	baseURL = normalizeBaseURL(baseURL)
	return mapGraph(m, func(p string) string { return exportURL(baseURL, p) }).dot
}

func (s *site) mapDOT() error {
	return s.write("map.dot", MapDOT(s.m, s.BaseURL))
}

// HandoffsCSV returns one row per handoff, for spreadsheets. Quoting follows
// RFC 4180 with CRLF line ends. A cell that starts with "=", "+", "-", "@",
// a tab or a carriage return gets a leading "'", so that a spreadsheet shows
// it as text instead of running it as a formula.
func HandoffsCSV(m *model.Model, baseURL string) []byte {
	baseURL = normalizeBaseURL(baseURL)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write([]string{"id", "title", "from", "to", "via", "kind", "owner", "owner_name", "team", "backup",
		"stakes", "high_stakes", "status", "expires", "monitoring", "last_reviewed", "reviewed_by",
		"review_every", "review_state", "review_due", "orphaned", "url"})
	for _, h := range m.Handoffs {
		ownerName, team := "", ""
		if owner := m.Person(h.Owner); owner != nil {
			ownerName, team = owner.Name, owner.Team
		}
		row := []string{
			h.ID, h.Title, h.From, h.To, strings.Join(h.Via, " "), h.Kind, h.Owner, ownerName, team, h.Backup,
			strings.Join(h.Stakes, " "), yesNo(h.HighStakes), h.Status, h.Expires.String(), h.Monitoring,
			h.LastReviewed.String(), h.ReviewedBy, h.Review.Interval.String(), h.Review.State, h.Review.Due.String(),
			yesNo(h.Orphaned), exportURL(baseURL, "handoffs/"+h.ID+"/"),
		}
		for i, cell := range row {
			row[i] = csvCell(cell)
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// csvCell neutralises text that a spreadsheet would run as a formula.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *site) handoffsCSV() error {
	return s.write("handoffs.csv", HandoffsCSV(s.m, s.BaseURL))
}
