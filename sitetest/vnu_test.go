package sitetest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNuHTMLChecker runs the W3C Nu Html Checker on every page of both
// builds of the example, and fails on any error it reports.
func TestNuHTMLChecker(t *testing.T) {
	jar := nodeModule(t, filepath.Join("vnu-jar", "build", "dist", "vnu.jar"))
	java := requireTool(t, "Java", "java")
	relative, published := sites(t)

	// A page with a known error shows that vnu runs and reports errors.
	control := t.TempDir()
	if err := os.WriteFile(filepath.Join(control, "bad.html"), []byte("<p>no doctype, no title"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", control).CombinedOutput(); err == nil {
		t.Fatalf("vnu accepted a page without doctype and title:\n%s", out)
	}

	for name, dir := range map[string]string{"relative": relative, "published": published} {
		t.Run(name, func(t *testing.T) {
			pages, err := filepath.Glob(filepath.Join(dir, "*.html"))
			if err != nil {
				t.Fatal(err)
			}
			more, err := filepath.Glob(filepath.Join(dir, "*", "*.html"))
			if err != nil {
				t.Fatal(err)
			}
			if len(pages)+len(more) < 2 {
				t.Fatalf("found no pages in %s", dir)
			}
			// Given a folder, vnu checks every HTML file below it.
			cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", "--format", "gnu", dir)
			var out bytes.Buffer
			cmd.Stdout = &out
			cmd.Stderr = &out
			err = cmd.Run()
			text := strings.TrimSpace(strings.ReplaceAll(out.String(), dir+string(filepath.Separator), ""))
			if err != nil || text != "" {
				t.Errorf("vnu reported errors (%v):\n%s", err, text)
			}
		})
	}
}
