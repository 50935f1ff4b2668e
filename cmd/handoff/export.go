package main

import (
	"context"
	"strings"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/render"
)

const exportUsage = "handoff export --format json|dot|mermaid|csv [--src docs-src] [--base-url URL] [--domain ID] [--now YYYY-MM-DD]"

// runExport prints one of the site's exports to stdout: map.json, map.dot,
// map.mmd or handoffs.csv, byte for byte as build writes them.
func runExport(ctx context.Context, e *env, args []string) int {
	fs := e.flags("export", exportUsage)
	format := fs.String("format", "", "export `format`: json (map.json), dot (map.dot), mermaid (map.mmd) or csv (handoffs.csv)")
	src := fs.String("src", "docs-src", "source `folder` with handoff.toml, people.toml, systems/, handoffs/ and pages/")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is published at, for absolute links; overrides base_url of handoff.toml")
	domain := fs.String("domain", "", "with --format mermaid, print only the flowchart of the domain with this `ID`, as in map-<domain>.mmd")
	now := fs.String("now", "", "build `date` YYYY-MM-DD that review states are computed against (default: SOURCE_DATE_EPOCH, else today)")
	if code, done := parse(fs, args); done {
		return code
	}
	switch *format {
	case "json", "dot", "mermaid", "csv":
	case "":
		e.errorf("export: --format is required: json, dot, mermaid or csv")
		fs.Usage()
		return exitUsage
	default:
		e.errorf("export: unknown --format %q: use json, dot, mermaid or csv", *format)
		return exitUsage
	}
	if *domain != "" && *format != "mermaid" {
		e.errorf("export: --domain works only with --format mermaid")
		return exitUsage
	}
	if *baseURL != "" && (model.CheckURL(*baseURL) != nil || !isAbsoluteHTTP(*baseURL)) {
		e.errorf("--base-url %q: write the full address of the published site, such as https://acme.github.io/integration-map/", *baseURL)
		return exitUsage
	}
	date, err := e.buildDate(*now)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}

	m, code := e.loadWithoutErrors(*src, date, "export failed", "run handoff check for details")
	if m == nil {
		return code
	}
	url := *baseURL
	if url == "" {
		url = m.Settings.BaseURL
	}

	var out []byte
	switch *format {
	case "json":
		out, err = render.MapJSON(m, url)
		if err != nil {
			e.errorf("export: %v", err)
			return exitFailed
		}
	case "dot":
		out = render.MapDOT(m, url)
	case "csv":
		out = render.HandoffsCSV(m, url)
	case "mermaid":
		if *domain == "" {
			out = render.MapMermaid(m, url)[0].Data
			break
		}
		var ok bool
		if out, ok = render.MermaidDomain(m, *domain, url); !ok {
			ids := make([]string, len(m.Domains))
			for i, d := range m.Domains {
				ids[i] = d.ID
			}
			e.errorf("export: --domain %q: no system is in that domain; the domains are %s", *domain, strings.Join(ids, ", "))
			return exitUsage
		}
	}
	if _, err := e.stdout.Write(out); err != nil {
		e.errorf("export: %v", err)
		return exitFailed
	}
	return exitOK
}
