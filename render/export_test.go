package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/goccy/go-graphviz"

	"github.com/handoffmap/handoff/model"
)

// writeTree writes a source tree from file names and contents and loads it
// for the build date 2026-12-01.
func loadTree(t *testing.T, files map[string]string) *model.Model {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := model.Load(dir, model.Options{Now: model.NewDate(2026, 12, 1)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Findings {
		if f.Severity == model.SeverityError {
			t.Fatalf("test tree has an error: %s", f)
		}
	}
	return m
}

// escapingTree is a map whose texts hold every character that CSV, iCalendar
// and Mermaid escape, and values that a spreadsheet would run as formulas.
var escapingTree = map[string]string{
	"handoff.toml": `title = "Test map; \"quoted\", with commas"` + "\n",
	"people.toml": `
[teams.ops]
name = "Ops"
[people.ana]
name = "=Ana Pérez"
team = "ops"
[people.bo]
name = "Bo"
team = "ops"
`,
	"systems/crm.toml":     "name = \"CRM \\\"#1\\\" <main>\"\nkind = \"saas\"\ndomain = \"sales\"\nowner = \"ana\"\n",
	"systems/billing.toml": "name = \"Billing\"\nkind = \"saas\"\ndomain = \"finance\"\nowner = \"bo\"\n",
	"systems/zap.toml":     "name = \"Zap\"\nkind = \"connector\"\ndomain = \"platform\"\nowner = \"bo\"\n",
	"handoffs/billing/invoices.toml": `
title = "=HYPERLINK(\"http://example.com\"), invoices; to CRM \\ now"
from = "billing"
to = "crm"
via = ["zap"]
kind = "webhook"
stakes = ["money"]
owner = "ana"
backup = "bo"
last_reviewed = 2026-10-01
monitoring = """+alert "sync-lag", pages #ops
after 1 h"""
`,
	"handoffs/crm/accounts.toml": `
title = "Accounts to billing with a title long enough to be folded in a calendar feed line"
from = "crm"
to = "billing"
kind = "api"
owner = "bo"
`,
	"handoffs/crm/old.toml": `
title = "Old export"
from = "crm"
to = "billing"
kind = "file"
owner = "bo"
status = "retired"
last_reviewed = 2025-01-01
`,
}

func TestHandoffsCSV(t *testing.T) {
	m := loadTree(t, escapingTree)
	data := HandoffsCSV(m, "https://maps.example.com/map")

	if bytes.Count(data, []byte("\r\n")) < 4 {
		t.Errorf("rows do not end with CRLF:\n%q", data)
	}
	r := csv.NewReader(bytes.NewReader(data))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v\n%s", err, data)
	}
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want a header and 3 handoffs", len(rows))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"owner", "stakes", "review_state", "review_due", "team", "url"} {
		if _, ok := col[name]; !ok {
			t.Errorf("header lacks column %q: %v", name, rows[0])
		}
	}
	inv := rows[1]
	if got := inv[col["id"]]; got != "billing/invoices" {
		t.Fatalf("first row is %q, want billing/invoices", got)
	}
	if got, want := inv[col["title"]], `'=HYPERLINK("http://example.com"), invoices; to CRM \ now`; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := inv[col["owner_name"]], "'=Ana Pérez"; got != want {
		t.Errorf("owner_name = %q, want %q", got, want)
	}
	if got, want := inv[col["monitoring"]], "'+alert \"sync-lag\", pages #ops\nafter 1 h"; got != want {
		t.Errorf("monitoring = %q, want %q", got, want)
	}
	if got := inv[col["review_due"]]; got != "2026-12-30" {
		t.Errorf("review_due = %q, want 2026-12-30", got)
	}
	if got := inv[col["url"]]; got != "https://maps.example.com/map/handoffs/billing/invoices/" {
		t.Errorf("url = %q", got)
	}
	if got := inv[col["team"]]; got != "ops" {
		t.Errorf("team = %q, want ops", got)
	}
}

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"a=b", "a=b"},
	} {
		if got := csvCell(tc.in); got != tc.want {
			t.Errorf("csvCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReviewsICS(t *testing.T) {
	m := loadTree(t, escapingTree)
	data := ReviewsICS(m, m.Handoffs, "Reviews, all; of them", "https://maps.example.com/map/")

	for i, line := range strings.SplitAfter(string(data), "\r\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\r\n") {
			t.Errorf("line %d does not end with CRLF: %q", i+1, line)
		}
		if n := len(strings.TrimSuffix(line, "\r\n")); n > 75 {
			t.Errorf("line %d is %d octets long, over 75: %q", i+1, n, line)
		}
		if strings.Contains(strings.TrimSuffix(line, "\r\n"), "\n") {
			t.Errorf("line %d has a bare LF: %q", i+1, line)
		}
	}

	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("got %d events, want 2 (the retired handoff has none)", len(events))
	}
	byUID := map[string]*ics.VEvent{}
	for _, e := range events {
		byUID[e.Id()] = e
	}
	inv := byUID["review-billing.invoices-20261230@review.handoff.invalid"]
	if inv == nil {
		t.Fatalf("no event with the UID of billing/invoices; UIDs: %v", keys(byUID))
	}
	start, err := inv.GetAllDayStartAt()
	if err != nil {
		t.Fatal(err)
	}
	if got := start.Format("2006-01-02"); got != "2026-12-30" {
		t.Errorf("start = %s, want the due date 2026-12-30", got)
	}
	if p := inv.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.ICalParameters["VALUE"][0] != "DATE" {
		t.Errorf("DTSTART is not an all-day date: %+v", p)
	}
	wantSummary := `Review: =HYPERLINK("http://example.com"), invoices; to CRM \ now`
	if got := inv.GetProperty(ics.ComponentPropertySummary).Value; got != wantSummary {
		t.Errorf("summary = %q, want %q", got, wantSummary)
	}
	if got := inv.GetProperty(ics.ComponentPropertyUrl).Value; got != "https://maps.example.com/map/handoffs/billing/invoices/" {
		t.Errorf("URL = %q", got)
	}
	desc := inv.GetProperty(ics.ComponentPropertyDescription).Value
	if !strings.Contains(desc, "\nPage: https://maps.example.com/map/handoffs/billing/invoices/") {
		t.Errorf("description lacks the page link: %q", desc)
	}
	if stamp := inv.GetProperty(ics.ComponentPropertyDtstamp).Value; stamp != "20261201T000000Z" {
		t.Errorf("DTSTAMP = %q, want the build date", stamp)
	}

	never := byUID["review-crm.accounts-never@review.handoff.invalid"]
	if never == nil {
		t.Fatalf("no event for the handoff that was never reviewed; UIDs: %v", keys(byUID))
	}
	if start, _ := never.GetAllDayStartAt(); start.Format("2006-01-02") != "2026-12-01" {
		t.Errorf("never-reviewed event is on %s, want the build date", start.Format("2006-01-02"))
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestICSFoldKeepsUTF8(t *testing.T) {
	w := &icsWriter{}
	w.text("SUMMARY", strings.Repeat("é", 100))
	for _, line := range strings.Split(strings.TrimSuffix(w.b.String(), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets", len(line))
		}
		if !utf8Valid(strings.TrimPrefix(line, " ")) {
			t.Errorf("a fold split a UTF-8 sequence: %q", line)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestMapMermaidEscapes(t *testing.T) {
	m := loadTree(t, escapingTree)
	files := MapMermaid(m, "")
	if len(files) != 1 || files[0].Name != "map.mmd" {
		t.Fatalf("a small map gives %d files, want map.mmd only", len(files))
	}
	text := string(files[0].Data)
	for _, want := range []string{
		"flowchart LR",
		`s_crm["CRM #quot;#35;1#quot; #lt;main#gt;"]`,
		`subgraph d_finance["finance"]`,
		`s_billing ==>|"⚠ =HYPERLINK(#quot;http://example.com#quot;), invoi…"| s_zap`,
		"s_zap ==> s_crm",
		`click s_crm href "systems/crm/index.html"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("map.mmd lacks %q:\n%s", want, text)
		}
	}
}

// TestMapMermaidLarge builds a map with more edges than Mermaid draws and
// checks that map.mmd shows the domains with a note, and that each domain
// gets a file of its own.
func TestMapMermaidLarge(t *testing.T) {
	files := map[string]string{
		"people.toml": "[people.ana]\nname = \"Ana\"\n",
	}
	for _, d := range []string{"east", "west"} {
		for i := range 12 {
			files[fmt.Sprintf("systems/%s-%d.toml", d, i)] = fmt.Sprintf("name = \"%s %d\"\nkind = \"service\"\ndomain = %q\nowner = \"ana\"\n", d, i, d)
		}
	}
	n := 0
	for i := range 12 {
		for j := range 12 {
			for _, pair := range [][2]string{{"east", "east"}, {"east", "west"}, {"west", "west"}, {"west", "east"}} {
				if i == j && pair[0] == pair[1] {
					continue
				}
				files[fmt.Sprintf("handoffs/h%d.toml", n)] = fmt.Sprintf("title = \"h%d\"\nfrom = \"%s-%d\"\nto = \"%s-%d\"\nkind = \"api\"\nowner = \"ana\"\nlast_reviewed = 2026-11-01\n", n, pair[0], i, pair[1], j)
				n++
			}
		}
	}
	m := loadTree(t, files)
	if mermaidEdges(m.Handoffs) <= MermaidMaxEdges {
		t.Fatalf("test map has only %d edges", mermaidEdges(m.Handoffs))
	}

	out := MapMermaid(m, "")
	var names []string
	for _, f := range out {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "map.mmd map-east.mmd map-west.mmd" {
		t.Fatalf("files = %s", got)
	}
	overview := string(out[0].Data)
	for _, want := range []string{"%% NOTE: the whole map has 552 edges", `d_east -->|"144 handoffs"| d_west`, `d_west -->|"144 handoffs"| d_east`} {
		if !strings.Contains(overview, want) {
			t.Errorf("map.mmd lacks %q:\n%s", want, overview)
		}
	}
	east := string(out[1].Data)
	if got := strings.Count(east, "-->"); got != 132+144+144 {
		t.Errorf("map-east.mmd has %d edges, want the 420 that touch east", got)
	}
	if strings.Contains(east, "NOTE") {
		t.Errorf("map-east.mmd has a note although its 420 edges are within the limit")
	}
	if domain, ok := MermaidDomain(m, "west", ""); !ok || !bytes.Equal(domain, out[2].Data) {
		t.Errorf("MermaidDomain(west) differs from map-west.mmd")
	}
	if _, ok := MermaidDomain(m, "north", ""); ok {
		t.Errorf("MermaidDomain found a domain that does not exist")
	}
}

func TestMapDOTParses(t *testing.T) {
	m := loadTree(t, escapingTree)
	dot := MapDOT(m, "https://maps.example.com/")
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		t.Fatalf("map.dot does not parse: %v\n%s", err, dot)
	}
	g.Close()
	if !bytes.Contains(dot, []byte(`URL="https://maps.example.com/systems/crm/"`)) {
		t.Errorf("map.dot has no absolute link to the CRM page:\n%s", dot)
	}
}

// buildSite builds the site of the model into a new folder.
func buildSite(t *testing.T, m *model.Model, baseURL string) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := Build(m, dir, Options{BaseURL: baseURL, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSitemapAndCanonical(t *testing.T) {
	m := loadTree(t, escapingTree)

	dir := buildSite(t, m, "https://maps.example.com/map")
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(readFile(t, dir, "sitemap.xml")), &set); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		if !strings.HasPrefix(u.Loc, "https://maps.example.com/map/") {
			t.Errorf("sitemap has a URL outside the site: %s", u.Loc)
		}
		locs[u.Loc] = true
	}
	for _, want := range []string{"https://maps.example.com/map/", "https://maps.example.com/map/systems/crm/", "https://maps.example.com/map/handoffs/billing/invoices/", "https://maps.example.com/map/search/"} {
		if !locs[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if locs["https://maps.example.com/map/404.html"] {
		t.Error("sitemap lists 404.html")
	}
	if page := readFile(t, dir, "systems/crm/index.html"); !strings.Contains(page, `<link rel="canonical" href="https://maps.example.com/map/systems/crm/">`) {
		t.Error("the system page has no canonical link")
	}
	if page := readFile(t, dir, "404.html"); !strings.Contains(page, `href="https://maps.example.com/map/systems/index.html"`) || strings.Contains(page, "canonical") {
		t.Error("404.html does not link absolutely, or has a canonical link")
	}

	dir = buildSite(t, m, "")
	if _, err := os.Stat(filepath.Join(dir, "sitemap.xml")); err == nil {
		t.Error("a site without a base URL has a sitemap.xml, whose URLs would be relative")
	}
	if page := readFile(t, dir, "systems/crm/index.html"); strings.Contains(page, "canonical") {
		t.Error("a site without a base URL has canonical links")
	}
	for _, name := range []string{".nojekyll", "assets/favicon.svg", "map.dot", "map.mmd", "handoffs.csv", "reviews.ics", "people/ana/reviews.ics", "search-index.json", "search-index.js", "search/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Errorf("the site lacks %s", name)
		}
	}
}

func TestSearchIndex(t *testing.T) {
	m := loadTree(t, escapingTree)
	dir := buildSite(t, m, "")
	text := readFile(t, dir, "search-index.json")
	var doc struct {
		Schema int          `json:"schema"`
		Items  []searchItem `json:"items"`
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, it := range doc.Items {
		types[it.Type]++
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(it.URL))); err != nil {
			t.Errorf("index item %q links to a missing page %s", it.Title, it.URL)
		}
	}
	for typ, want := range map[string]int{"system": 3, "handoff": 3, "person": 2, "team": 1} {
		if types[typ] != want {
			t.Errorf("index has %d items of type %s, want %d", types[typ], typ, want)
		}
	}
	js := readFile(t, dir, "search-index.js")
	body, ok := strings.CutPrefix(js, "window.handoffSearchIndex = ")
	if !ok || strings.TrimSuffix(body, ";\n") != strings.TrimSpace(text) {
		t.Errorf("search-index.js does not hold the same index as search-index.json")
	}
	if strings.Contains(text, "<") {
		t.Errorf("the index has an unescaped <, which a script file should not carry")
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	m := loadTree(t, escapingTree)
	a := buildSite(t, m, "https://maps.example.com/")
	b := buildSite(t, m, "https://maps.example.com/")
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		if readFile(t, a, rel) != readFile(t, b, rel) {
			t.Errorf("%s differs between two builds", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
