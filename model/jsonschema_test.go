package model

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/handoffmap/handoff/schema"
)

// jsonSchema is the part of a JSON Schema that the drift tests compare.
type jsonSchema struct {
	Ref                  string                 `json:"$ref"`
	Type                 string                 `json:"type"`
	Enum                 []string               `json:"enum"`
	Required             []string               `json:"required"`
	Properties           map[string]*jsonSchema `json:"properties"`
	Items                *jsonSchema            `json:"items"`
	AdditionalProperties json.RawMessage        `json:"additionalProperties"`
	Definitions          map[string]*jsonSchema `json:"definitions"`
}

func loadSchema(t *testing.T, name string) *jsonSchema {
	t.Helper()
	data, err := schema.Files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var s jsonSchema
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &s
}

func (s *jsonSchema) keys() []string {
	var out []string
	for k := range s.Properties {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// additional returns the schema of additionalProperties, or nil when it
// is a boolean.
func (s *jsonSchema) additional(t *testing.T) *jsonSchema {
	t.Helper()
	var sub jsonSchema
	if err := json.Unmarshal(s.AdditionalProperties, &sub); err != nil {
		t.Fatalf("additionalProperties is not a schema: %s", s.AdditionalProperties)
	}
	return &sub
}

func sorted(list []string) []string {
	out := slices.Clone(list)
	sort.Strings(out)
	return out
}

// checkObject fails unless the schema of a table has exactly the keys that
// the loader accepts, rejects every other key as the loader does, and
// requires only keys it has.
func checkObject(t *testing.T, what string, s *jsonSchema, keys []string) {
	t.Helper()
	if got, want := s.keys(), sorted(keys); !slices.Equal(got, want) {
		t.Errorf("%s: schema keys %v, loader keys %v", what, got, want)
	}
	if string(s.AdditionalProperties) != "false" {
		t.Errorf("%s: additionalProperties = %s, want false, as the loader reports unknown keys", what, s.AdditionalProperties)
	}
	for _, r := range s.Required {
		if s.Properties[r] == nil {
			t.Errorf("%s: requires %q, which is not one of its keys", what, r)
		}
	}
}

func checkEnum(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: schema enum %v, model values %v", what, got, want)
	}
}

func TestJSONSchemaHandoff(t *testing.T) {
	s := loadSchema(t, "handoff.json")
	checkObject(t, "handoff", s, handoffKeys)
	checkEnum(t, "handoff kind", s.Properties["kind"].Enum, HandoffKinds)
	checkEnum(t, "handoff status", s.Properties["status"].Enum, Statuses)
	checkEnum(t, "handoff stakes", s.Properties["stakes"].Items.Enum, Stakes)
	checkObject(t, "handoff links item", s.Properties["links"].Items, linkKeys)
}

func TestJSONSchemaSystem(t *testing.T) {
	s := loadSchema(t, "system.json")
	checkObject(t, "system", s, systemKeys)
	checkEnum(t, "system kind", s.Properties["kind"].Enum, SystemKinds)
}

func TestJSONSchemaPeople(t *testing.T) {
	s := loadSchema(t, "people.json")
	checkObject(t, "people.toml", s, peopleKeys)
	checkObject(t, "team", s.Properties["teams"].additional(t), teamKeys)
	checkObject(t, "person", s.Properties["people"].additional(t), personKeys)
}

func TestJSONSchemaSettings(t *testing.T) {
	s := loadSchema(t, "settings.json")
	checkObject(t, "handoff.toml", s, settingsKeys)
	rules := s.Properties["rules"]
	var ids []string
	for _, r := range Rules {
		ids = append(ids, r.ID)
	}
	checkObject(t, "[rules]", rules, ids)
	for id, r := range rules.Properties {
		checkEnum(t, "rule "+id, r.Enum, SeverityValues)
	}
}

func TestJSONSchemaNames(t *testing.T) {
	entries, err := schema.Files.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := schema.Names[e.Name()]; !ok {
			t.Errorf("schema file %s is not in schema.Names", e.Name())
		}
	}
	for name := range schema.Names {
		if _, err := schema.Files.ReadFile(name); err != nil {
			t.Errorf("schema.Names lists %s: %v", name, err)
		}
	}
}

func TestJSONSchemaURLPattern(t *testing.T) {
	var raw struct {
		Definitions struct {
			URL struct {
				Pattern string `json:"pattern"`
			} `json:"url"`
		} `json:"definitions"`
	}
	data, err := schema.Files.ReadFile("handoff.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	// The pattern uses only syntax that ECMA-262 and Go's RE2 share.
	re, err := regexp.Compile(raw.Definitions.URL.Pattern)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []string{"https://wiki.example.com/x", "HTTP://example.com", "mailto:ops@example.com", "../runbooks/sync", "pages/runbook.md", "runbook", "docs/a:b"} {
		if CheckURL(tc) != nil {
			t.Fatalf("test case %q is not a valid URL for the loader", tc)
		}
		if !re.MatchString(tc) {
			t.Errorf("the schema rejects %q, which the loader accepts", tc)
		}
	}
	for _, tc := range []string{"javascript:alert(1)", "data:text/html,x", "ftp://example.com/x", "file:///etc/passwd"} {
		if CheckURL(tc) == nil {
			t.Fatalf("test case %q is a valid URL for the loader", tc)
		}
		if re.MatchString(tc) {
			t.Errorf("the schema accepts %q, which the loader rejects", tc)
		}
	}
}
