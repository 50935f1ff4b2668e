package genmap

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// hugoLayouts is a minimal Hugo theme: one base template, a page template
// that shows a handoff's fields and content, and a list of pages.
var hugoLayouts = map[string]string{
	"layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Built with Hugo</footer></body></html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<dl>{{ range $k, $v := .Params }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>
{{ .Content }}{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
	"static/style.css": "body { font-family: sans-serif; max-width: 60rem; margin: 0 auto; }\n",
}

// WriteHugo writes a Hugo site with one Markdown page per handoff of the
// map, for comparing build times: the front matter holds the handoff's
// TOML fields and the body its notes, so each page has about the size of
// the handoff's source files.
func WriteHugo(dir string, m *Map) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("the folder %s is not empty: choose a new folder", dir)
	}
	files := map[string]string{
		"hugo.toml": "baseURL = \"https://example.com/\"\ntitle = \"Hugo comparison site\"\ndisableKinds = [\"taxonomy\", \"term\"]\n",
	}
	for name, text := range hugoLayouts {
		files[name] = text
	}
	files["content/handoffs/_index.md"] = "+++\ntitle = \"Handoffs\"\n+++\n"
	for _, h := range m.Handoffs {
		// Links tables in the front matter would end the front matter's
		// top-level keys, so they go into the body.
		front, links, _ := strings.Cut(h.TOML, "\n[[links]]")
		body := h.Notes
		if links != "" {
			body += "\n## Links\n\n```toml\n[[links]]" + links + "```\n"
		}
		files["content/handoffs/"+h.ID+".md"] = "+++\n" + front + "+++\n\n" + body
	}
	for name, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
