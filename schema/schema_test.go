package schema

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// taplo returns the taplo command that .ci/run installs from npm, skipping
// the test when it is missing, unless the CI environment variable is set.
func taplo(t *testing.T) string {
	t.Helper()
	candidates := []string{filepath.Join("..", ".ci", "node", "node_modules", ".bin", "taplo")}
	if dir := os.Getenv("HANDOFF_NODE_MODULES"); dir != "" {
		candidates = append([]string{filepath.Join(dir, ".bin", "taplo")}, candidates...)
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			abs, err := filepath.Abs(c)
			if err != nil {
				t.Fatal(err)
			}
			return abs
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("taplo not found in %v; .ci/run installs it", candidates)
	}
	t.Skipf("taplo not found in %v; skipped because CI is not set", candidates)
	return ""
}

func runTaplo(t *testing.T, dir string, files ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(taplo(t), append([]string{"check"}, files...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "RUST_LOG=error")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestTaploAcceptsExample checks the shipped example map with taplo and the
// repository's .taplo.toml, as an editor would.
func TestTaploAcceptsExample(t *testing.T) {
	var files []string
	for _, pattern := range []string{"docs-src/*.toml", "docs-src/systems/*.toml", "docs-src/handoffs/*/*.toml", "docs-src/handoffs/*.toml"} {
		matches, err := filepath.Glob(filepath.Join("..", pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			files = append(files, strings.TrimPrefix(filepath.ToSlash(m), "../"))
		}
	}
	if len(files) < 4 {
		t.Fatalf("found only %d TOML files in docs-src", len(files))
	}
	if out, err := runTaplo(t, "..", files...); err != nil {
		t.Errorf("taplo rejects the example map (%v):\n%s", err, out)
	}
}

// TestTaploRejectsMistakes checks that taplo, given the schemas, reports
// the mistakes an editor should mark: an unknown key, an unknown enum value
// and a URL with a forbidden scheme, through .taplo.toml and through a
// #:schema directive.
func TestTaploRejectsMistakes(t *testing.T) {
	dir := t.TempDir()
	for name := range Names {
		data, err := Files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "schema", name), string(data))
	}
	config, err := os.ReadFile(filepath.Join("..", ".taplo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, ".taplo.toml"), string(config))
	bad := "title = \"Bad\"\nfrom = \"a\"\nto = \"b\"\nkind = \"carrier-pigeon\"\nowner = \"ana\"\nstakez = [\"money\"]\nrunbook = \"javascript:alert(1)\"\n"
	write(t, filepath.Join(dir, "docs-src", "handoffs", "x", "bad.toml"), bad)
	write(t, filepath.Join(dir, "elsewhere", "bad.toml"), "#:schema ../schema/handoff.json\n"+bad)

	for _, file := range []string{"docs-src/handoffs/x/bad.toml", "elsewhere/bad.toml"} {
		t.Run(file, func(t *testing.T) {
			out, err := runTaplo(t, dir, file)
			if err == nil {
				t.Fatalf("taplo accepted a file with mistakes:\n%s", out)
			}
			for _, want := range []string{`"carrier-pigeon" is not one of`, "'stakez' was unexpected", `"javascript:alert(1)" does not match`} {
				if !strings.Contains(out, want) {
					t.Errorf("taplo output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
