package model

import (
	"reflect"
	"testing"
)

func TestSubsByKeyMatchesSub(t *testing.T) {
	src := `[people.ada]
name = "Ada"
team = "core"

[people.bo]
name = "Bo"

[people.bo.extra]
note = "nested"

[teams.core]
name = "Core"
`
	_, pos, err, _ := parseTOML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	subs := pos.subsByKey("people")
	if len(subs) != 2 {
		t.Errorf("got positions for %d people, want 2: %v", len(subs), subs)
	}
	for _, id := range []string{"ada", "bo"} {
		if got, want := subs[id], pos.Sub("people."+id); !reflect.DeepEqual(got, want) {
			t.Errorf("positions of %s: got %v, want %v", id, got, want)
		}
	}
}
