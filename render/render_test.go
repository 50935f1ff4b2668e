package render

import (
	"strings"
	"testing"
)

func TestDotQuote(t *testing.T) {
	tests := map[string]string{
		`plain`:         `"plain"`,
		`say "hi"`:      `"say \"hi\""`,
		`back\slash \N`: `"back\\slash \\N"`,
		"two\nlines":    `"two\nlines"`,
		"bell\x07":      `"bell"`,
		`a & <b>`:       `"a &amp; <b>"`,
		`"]; x -> y [`:  `"\"]; x -> y ["`,
	}
	for in, want := range tests {
		if got := dotQuote(in); got != want {
			t.Errorf("dotQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestGraphLabelsStayText(t *testing.T) {
	r := &InProcess{}
	dot := newDotGraph()
	dot.node(nil, `"]; evil [URL="javascript:alert(1)"`, attr{"label", `<script>alert(1)</script> & "q"`})
	svg, err := r.RenderSVG([]byte(dot.String()))
	if err != nil {
		t.Fatal(err)
	}
	out := string(svg)
	if strings.Contains(out, "<script") || strings.Contains(out, `href="javascript:`) {
		t.Errorf("hostile label reached the SVG as markup:\n%s", out)
	}
	if !strings.Contains(out, "&lt;script&gt;") {
		t.Errorf("label text is missing from the SVG:\n%s", out)
	}
}

func TestMarkdownIsSafe(t *testing.T) {
	link := func(p string) string { return "../" + p }
	out := string(renderMarkdown("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n# Title\n\n- [x] done\n\nText[^1]\n\n[^1]: Note.", link))
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown output contains %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{`<h1 id="title">`, `type="checkbox"`, `footnote`} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown output lacks %q:\n%s", want, out)
		}
	}
}

func TestRewriteLink(t *testing.T) {
	link := func(p string) string {
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		return "../../" + p
	}
	tests := map[string]string{
		"schema.md":             "../../pages/schema/index.html",
		"schema.md#ids":         "../../pages/schema/index.html#ids",
		"/systems/crm/":         "../../systems/crm/index.html",
		"../schema/":            "../schema/index.html",
		"https://example.com/x": "https://example.com/x",
		"#anchor":               "#anchor",
		"mailto:a@example.com":  "mailto:a@example.com",
	}
	for in, want := range tests {
		if got := rewriteLink(in, link); got != want {
			t.Errorf("rewriteLink(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBadgeIsStandaloneSVG(t *testing.T) {
	svg := string(Badge("review", "overdue"))
	for _, want := range []string{`xmlns="http://www.w3.org/2000/svg"`, "<title>review: overdue</title>", "#c62828"} {
		if !strings.Contains(svg, want) {
			t.Errorf("badge lacks %q: %s", want, svg)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		word string
		want string
	}{
		{1, "data entity", "1 data entity"},
		{35, "data entity", "35 data entities"},
		{2, "handoff", "2 handoffs"},
		{0, "system", "0 systems"},
		{3, "day", "3 days"},
		{2, "source of truth", "2 sources of truth"},
	} {
		if got := plural(c.n, c.word); got != c.want {
			t.Errorf("plural(%d, %q) = %q, want %q", c.n, c.word, got, c.want)
		}
	}
}

func TestOwnerFilterTellsNamesakesApart(t *testing.T) {
	m := loadGenerated(t, 200, 40, 12)
	m.People[1].Name = m.People[0].Name
	p := newPage(newSite(m, Options{}), "handoffs/index.html", "Handoffs", "handoffs")
	p.Handoffs = m.Handoffs
	labels := map[string]string{}
	for _, f := range p.HandoffFilters() {
		if f.Name != "owner" {
			continue
		}
		for _, o := range f.Options {
			if other, ok := labels[o.Label]; ok {
				t.Errorf("owners %s and %s share the label %q", other, o.Value, o.Label)
			}
			labels[o.Label] = o.Value
		}
	}
	for _, x := range m.People[:2] {
		if want := x.Name + " (" + x.ID + ")"; len(x.Owns) > 0 && labels[want] != x.ID {
			t.Errorf("no owner option %q", want)
		}
	}
}
