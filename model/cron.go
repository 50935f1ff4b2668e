package model

import (
	"fmt"
	"strconv"
	"strings"
)

// cronField is the range and names of one field of a cron expression.
type cronField struct {
	name     string
	min, max int
	names    []string // names for min, min+1, ... where the field has them
}

var cronFields = []cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	{name: "day of week", min: 0, max: 7, names: []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

var cronMacros = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// cronPart is one comma-separated item of a field: a range with a step.
type cronPart struct {
	all      bool
	from, to int
	step     int
}

// ExplainCron validates a five-field cron expression (minute, hour, day of
// month, month, day of week, or a macro such as @daily) and explains it in
// words.
func ExplainCron(expr string) (string, error) {
	expr = strings.TrimSpace(expr)
	if m, ok := cronMacros[strings.ToLower(expr)]; ok {
		expr = m
	}
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return "", fmt.Errorf("a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has %d", len(fields))
	}
	parsed := make([][]cronPart, 5)
	for i, f := range fields {
		parts, err := parseCronField(f, cronFields[i])
		if err != nil {
			return "", err
		}
		parsed[i] = parts
	}
	return explainCron(fields, parsed), nil
}

func parseCronField(s string, f cronField) ([]cronPart, error) {
	var parts []cronPart
	for _, item := range strings.Split(s, ",") {
		p := cronPart{step: 1}
		rng := item
		if i := strings.IndexByte(item, '/'); i >= 0 {
			step, err := strconv.Atoi(item[i+1:])
			if err != nil || step < 1 || step > f.max {
				return nil, fmt.Errorf("invalid step %q in the %s field: use a number from 1 to %d", item[i+1:], f.name, f.max)
			}
			p.step, rng = step, item[:i]
		}
		switch {
		case rng == "*":
			p.all, p.from, p.to = true, f.min, f.max
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			from, err := cronValue(a, f)
			if err != nil {
				return nil, err
			}
			to, err := cronValue(b, f)
			if err != nil {
				return nil, err
			}
			if from > to {
				return nil, fmt.Errorf("invalid range %q in the %s field: the start is after the end", rng, f.name)
			}
			p.from, p.to = from, to
		default:
			v, err := cronValue(rng, f)
			if err != nil {
				return nil, err
			}
			p.from, p.to = v, v
			if p.step != 1 {
				p.to = f.max
			}
		}
		parts = append(parts, p)
	}
	return parts, nil
}

func cronValue(s string, f cronField) (int, error) {
	for i, n := range f.names {
		if strings.EqualFold(s, n) {
			return f.min + i, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < f.min || v > f.max {
		return 0, fmt.Errorf("invalid value %q in the %s field: use %d to %d", s, f.name, f.min, f.max)
	}
	return v, nil
}

func single(parts []cronPart) (int, bool) {
	if len(parts) == 1 && !parts[0].all && parts[0].from == parts[0].to {
		return parts[0].from, true
	}
	return 0, false
}

func isEvery(parts []cronPart) bool {
	return len(parts) == 1 && parts[0].all && parts[0].step == 1
}

func explainCron(fields []string, p [][]cronPart) string {
	var when string
	minute, minuteOne := single(p[0])
	hour, hourOne := single(p[1])
	switch {
	case minuteOne && hourOne:
		when = fmt.Sprintf("at %02d:%02d", hour, minute)
	case minuteOne && isEvery(p[1]):
		when = fmt.Sprintf("at minute %d of every hour", minute)
	case minuteOne:
		when = fmt.Sprintf("at minute %d of %s", minute, describeParts(p[1], "hour", nil))
	case isEvery(p[0]) && isEvery(p[1]):
		when = "every minute"
	case len(p[0]) == 1 && p[0][0].all && isEvery(p[1]):
		when = fmt.Sprintf("every %d minutes", p[0][0].step)
	default:
		when = describeParts(p[0], "minute", nil) + ", " + describeParts(p[1], "hour", nil)
	}

	var days []string
	if !isEvery(p[2]) {
		days = append(days, "on "+describeParts(p[2], "day of the month", nil))
	}
	if !isEvery(p[4]) {
		days = append(days, "on "+describeParts(p[4], "weekday", weekdayNames))
	}
	day := "every day"
	if len(days) > 0 {
		// Cron runs when either day field matches if both are restricted.
		day = strings.Join(days, " or ")
	}
	if !isEvery(p[3]) {
		day += " in " + describeParts(p[3], "month", monthNames[:])
	}
	return when + ", " + day + " (UTC unless the host says otherwise)"
}

// describeParts writes the items of a field in words; names, when given,
// name the values from the field's minimum on.
func describeParts(parts []cronPart, unit string, names []string) string {
	name := func(v int) string {
		if names != nil {
			if unit == "month" {
				return names[v-1]
			}
			return names[v]
		}
		return strconv.Itoa(v)
	}
	var items []string
	for _, p := range parts {
		var s string
		switch {
		case p.all && p.step == 1:
			s = "every " + unit
		case p.all:
			s = fmt.Sprintf("every %d %ss", p.step, unit)
		case p.from == p.to:
			s = unit + " " + name(p.from)
			if names != nil {
				s = name(p.from)
			}
		case p.step == 1:
			s = fmt.Sprintf("%s %s to %s", unit, name(p.from), name(p.to))
			if names != nil {
				s = fmt.Sprintf("%s to %s", name(p.from), name(p.to))
			}
		default:
			s = fmt.Sprintf("every %d %ss from %s to %s", p.step, unit, name(p.from), name(p.to))
		}
		items = append(items, s)
	}
	return strings.Join(items, ", ")
}
