package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReviewState(t *testing.T) {
	now := NewDate(2026, time.December, 4)
	settings := Settings{ReviewEvery: DefaultReviewEvery, DueSoon: DefaultDueSoon}
	tests := []struct {
		name         string
		lastReviewed Date
		every        string
		want         string
		due          string
	}{
		{"never reviewed", Date{}, "", ReviewNever, ""},
		{"fresh", NewDate(2026, time.November, 1), "", ReviewFresh, "2027-01-30"},
		{"due soon at the window's edge", NewDate(2026, time.September, 19), "", ReviewDueSoon, "2026-12-18"},
		{"due today is not overdue", NewDate(2026, time.September, 5), "", ReviewDueSoon, "2026-12-04"},
		{"overdue by one day", NewDate(2026, time.September, 4), "", ReviewOverdue, "2026-12-03"},
		{"own interval", NewDate(2026, time.November, 1), "30d", ReviewOverdue, "2026-12-01"},
		{"interval in weeks", NewDate(2026, time.November, 1), "6w", ReviewDueSoon, "2026-12-13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &Handoff{LastReviewed: tt.lastReviewed}
			if tt.every != "" {
				d, err := ParseDuration(tt.every)
				if err != nil {
					t.Fatal(err)
				}
				h.ReviewEvery = d
			}
			got := reviewState(h, settings, now)
			if got.State != tt.want {
				t.Errorf("state = %s, want %s", got.State, tt.want)
			}
			if got.Due.String() != tt.due {
				t.Errorf("due = %s, want %s", got.Due, tt.due)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	for in, days := range map[string]int{"90d": 90, "2w": 14, "3m": 90, "1d": 1} {
		d, err := ParseDuration(in)
		if err != nil || d.Days != days {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d days", in, d.Days, err, days)
		}
	}
	for _, in := range []string{"", "d", "90", "-1d", "0d", "1y", "1.5d", "90 d"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) succeeded, want an error", in)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for _, ok := range []string{"https://example.com/x", "http://example.com", "mailto:a@example.com", "pages/guide", "../x.html", "#top"} {
		if err := CheckURL(ok); err != nil {
			t.Errorf("CheckURL(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "https://", "//example.com/x", " https://example.com", "file:///etc/passwd", "https://exa\nmple.com"} {
		if err := CheckURL(bad); err == nil {
			t.Errorf("CheckURL(%q) = nil, want an error", bad)
		}
	}
}

func TestExplainCron(t *testing.T) {
	tests := map[string]string{
		"0 2 * * *":     "at 02:00, every day",
		"30 6 * * 1-5":  "at 06:30, on Monday to Friday",
		"*/15 * * * *":  "every 15 minutes, every day",
		"0 0 1 * *":     "at 00:00, on day of the month 1",
		"@daily":        "at 00:00, every day",
		"0 9 * JAN MON": "at 09:00, on Monday in January",
	}
	for expr, want := range tests {
		got, err := ExplainCron(expr)
		if err != nil {
			t.Errorf("ExplainCron(%q): %v", expr, err)
			continue
		}
		if !strings.HasPrefix(got, want) {
			t.Errorf("ExplainCron(%q) = %q, want it to start with %q", expr, got, want)
		}
	}
	for _, bad := range []string{"", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "a b c d e"} {
		if _, err := ExplainCron(bad); err == nil {
			t.Errorf("ExplainCron(%q) succeeded, want an error", bad)
		}
	}
}

func TestCheckID(t *testing.T) {
	for _, ok := range []string{"crm", "billing/invoices-to-crm", "a_b-1"} {
		if err := checkID(ok); err != nil {
			t.Errorf("checkID(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "CRM", "a//b", "../x", "a/../b", "a b", "é", "a.b", "/a", "a/"} {
		if err := checkID(bad); err == nil {
			t.Errorf("checkID(%q) = nil, want an error", bad)
		}
	}
}

func TestIndexKeys(t *testing.T) {
	src := "title = \"x\"\n" +
		"notes = \"\"\"\n" +
		"fake = \"not a key\"\n" +
		"\"\"\"\n" +
		"  owner = \"ana\"\n" +
		"\"quoted key\" = 1\n" +
		"[definitions]\n" +
		"active_user = \"y\"\n" +
		"[[links]]\n" +
		"url = \"https://example.com\"\n" +
		"[[links]]\n" +
		"url = \"https://example.com/2\"\n"
	pos := indexKeys(src)
	want := map[string]Position{
		"title":                   {1, 1},
		"owner":                   {5, 3},
		"quoted key":              {6, 1},
		"definitions":             {7, 1},
		"definitions.active_user": {8, 1},
		"links.0.url":             {10, 1},
		"links.1":                 {11, 1},
		"links.1.url":             {12, 1},
	}
	for key, p := range want {
		if pos[key] != p {
			t.Errorf("position of %s = %v, want %v", key, pos[key], p)
		}
	}
	if _, ok := pos["fake"]; ok {
		t.Error("a line inside a multi-line string was indexed as a key")
	}
}

func TestEditDistanceSuggestion(t *testing.T) {
	if got := nearest("biling", []string{"billing", "crm", "warehouse"}); got != "billing" {
		t.Errorf("nearest = %q, want billing", got)
	}
	if got := nearest("zzz", []string{"billing", "crm"}); got != "" {
		t.Errorf("nearest = %q, want no suggestion", got)
	}
	if got := nearest("x1", []string{"to", "via", "kind"}); got != "" {
		t.Errorf("nearest(x1) = %q, want no suggestion for a short name that shares no letter", got)
	}
	if got := nearest("lee", []string{"li", "maria"}); got != "li" {
		t.Errorf("nearest(lee) = %q, want li", got)
	}
}

func TestLoadFindingsPositions(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("people.toml", "[teams.ops]\nname = \"Ops\"\n[people.ana]\nname = \"Ana\"\nteam = \"ops\"\n")
	write("systems/crm.toml", "name = \"CRM\"\nkind = \"saas\"\n")
	write("systems/billing.toml", "\ufeffname = \"Billing\"\r\nkind = \"saas\"\r\nowner = \"ana\"\r\n")
	write("handoffs/a.toml", "title = \"A\"\nfrom = \"crm\"\nto = \"billing\"\nowner = \"ops\"\nlast_reviewed = \"2026-01-01\"\n")
	write("handoffs/b.toml", "title = \"B\"\nfrom = \"crm\"\nto = \"crm\"\nowner = \"anna\"\nstakes = [\"money\"]\nstatus = \"temporary\"\n")
	write("handoffs/Bad.toml", "title = \"C\"\n")

	m, err := Load(dir, Options{Now: NewDate(2026, time.December, 4)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range m.Findings {
		rel := strings.TrimPrefix(f.File, filepath.ToSlash(dir)+"/")
		got[f.Rule+" "+rel] = strings.TrimPrefix(f.Location(), filepath.ToSlash(dir)+"/") + " " + f.Message + " " + f.Hint
	}
	want := map[string]string{
		"owner-is-team handoffs/a.toml":            "handoffs/a.toml:4:1",
		"invalid-value handoffs/a.toml":            "handoffs/a.toml:5:1",
		"self-loop handoffs/b.toml":                "handoffs/b.toml:3:1",
		"unknown-person handoffs/b.toml":           `handoffs/b.toml:4:1 owner "anna" is not in people.toml did you mean "ana"?`,
		"temporary-without-expiry handoffs/b.toml": "handoffs/b.toml:6:1",
		"unmonitored-high-stakes handoffs/b.toml":  "handoffs/b.toml:5:1",
		"invalid-id handoffs/Bad.toml":             "handoffs/Bad.toml",
	}
	for key, prefix := range want {
		if !strings.HasPrefix(got[key], prefix) {
			t.Errorf("finding %s = %q, want it to start with %q", key, got[key], prefix)
		}
	}
	if _, ok := got["syntax systems/billing.toml"]; ok {
		t.Error("a byte order mark and CRLF line ends were reported as a syntax error")
	}
	if m.System("billing") == nil || m.System("billing").Owner != "ana" {
		t.Error("the system with a byte order mark and CRLF line ends did not load")
	}
}
