package render

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/templates"
)

func TestLegendSampleForEveryKind(t *testing.T) {
	legend := string(legendHTML())
	for _, kind := range model.HandoffKinds {
		st := edgeStyles[kind]
		want := `<i class="ls ls-` + st.style + ` ls-` + st.arrowhead + `"></i> ` + kind + `</li>`
		if !strings.Contains(legend, want) {
			t.Errorf("legend has no sample %s", want)
		}
	}
	if strings.Contains(legend, "<svg") {
		t.Error("legend draws inline SVG; the stylesheet draws its samples")
	}
}

func TestLegendClassesInStylesheet(t *testing.T) {
	data, err := fs.ReadFile(templates.Assets, "assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(data)
	for _, kind := range model.HandoffKinds {
		st := edgeStyles[kind]
		for _, class := range []string{st.style, st.arrowhead} {
			if class == "solid" || class == "normal" {
				// The plain line and the filled triangle are the defaults of .ls.
				continue
			}
			if !strings.Contains(css, ".ls-"+class+"::") {
				t.Errorf("style.css does not draw .ls-%s of kind %s", class, kind)
			}
		}
	}
}

func TestPathPictureDrawsKindArrowhead(t *testing.T) {
	m := &model.Model{}
	link := func(p string) string { return p }
	for kind, want := range map[string]string{
		"api":      `<polygon points="`,
		"email":    `fill="none" stroke=`,
		"cron":     `<rect x=`,
		"database": `<circle `,
		"event":    `<polyline `,
	} {
		h := &model.Handoff{ID: "a/b", From: "a", To: "b", Kind: kind}
		svg := pathPicture(m, h, link)
		head := svg[strings.LastIndex(svg, "<line"):]
		if !strings.Contains(head, want) {
			t.Errorf("kind %s: arrowhead %q missing after the line: %s", kind, want, head)
		}
	}
}
