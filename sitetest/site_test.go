package sitetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/render"
)

// buildDate is the date the example is built for, so that review states
// and the tests that count them do not change with the calendar.
var buildDate = model.NewDate(2026, 12, 1)

// publishedURL is the address the second build is made for, as GitHub
// Pages would serve a project site.
const publishedURL = "https://acme.github.io/integration-map/"

var (
	buildOnce  sync.Once
	buildErr   error
	relSite    string // built without a base URL: every link relative
	publishedS string // built with publishedURL
	tmpRoot    string
	// exampleModel is docs-src loaded for buildDate.
	exampleModel *model.Model
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// sites builds docs-src twice, without and with a base URL, once per test
// binary, and returns the two output folders.
func sites(t *testing.T) (relative, published string) {
	t.Helper()
	buildOnce.Do(func() {
		tmpRoot, buildErr = os.MkdirTemp("", "handoff-sitetest-")
		if buildErr != nil {
			return
		}
		m, err := model.Load(filepath.Join("..", "docs-src"), model.Options{Now: buildDate})
		if err != nil {
			buildErr = err
			return
		}
		exampleModel = m
		if m.Errors() > 0 {
			buildErr = fmt.Errorf("docs-src has %d errors, first: %s", m.Errors(), m.Findings[0])
			return
		}
		relSite = filepath.Join(tmpRoot, "relative")
		publishedS = filepath.Join(tmpRoot, "published")
		for dir, base := range map[string]string{relSite: "", publishedS: publishedURL} {
			if err := os.Mkdir(dir, 0o755); err != nil {
				buildErr = err
				return
			}
			if _, err := render.Build(m, dir, render.Options{BaseURL: base, Version: "test"}); err != nil {
				buildErr = err
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatalf("build docs-src: %v", buildErr)
	}
	return relSite, publishedS
}

// requireTool returns the path of an external program, skipping the test
// when it is missing, unless the CI environment variable is set.
func requireTool(t *testing.T, name string, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	missing(t, "%s is not installed (looked for %v)", name, candidates)
	return ""
}

// requireFile returns the first existing file among the candidates,
// skipping or failing as requireTool does.
func requireFile(t *testing.T, what string, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if _, err := os.Stat(c); err == nil {
			abs, err := filepath.Abs(c)
			if err != nil {
				t.Fatal(err)
			}
			return abs
		}
	}
	missing(t, "%s not found (looked in %v); .ci/run installs it", what, candidates)
	return ""
}

func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format+"; skipped because CI is not set", args...)
}

// nodeModule returns a file of an npm package that .ci/run installs under
// .ci/node, or under the folder that HANDOFF_NODE_MODULES names.
func nodeModule(t *testing.T, rel string) string {
	t.Helper()
	var candidates []string
	if dir := os.Getenv("HANDOFF_NODE_MODULES"); dir != "" {
		candidates = append(candidates, filepath.Join(dir, rel))
	}
	candidates = append(candidates, filepath.Join("..", ".ci", "node", "node_modules", rel))
	return requireFile(t, rel, candidates...)
}
