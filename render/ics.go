package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/handoffmap/handoff/model"
)

// icsUIDDomain ends the UID of every review event. UIDs must be the same in
// every build so that a calendar client updates an event instead of adding
// a copy, so they do not depend on the base URL. The .invalid top-level
// domain is reserved and never names a real host.
const icsUIDDomain = "review.handoff.invalid"

// ReviewsICS returns an iCalendar (RFC 5545) feed with one all-day event on
// the review due date of each handoff in the list that is not retired. A
// handoff that was never reviewed is due at once, so its event is on the
// build date. DTSTAMP is the build date, so the same build date gives the
// same bytes. name becomes the calendar's name.
func ReviewsICS(m *model.Model, handoffs []*model.Handoff, name, baseURL string) []byte {
	baseURL = normalizeBaseURL(baseURL)
	w := &icsWriter{}
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//handoff//review calendar//EN")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", "PUBLISH")
	w.text("NAME", name)
	w.text("X-WR-CALNAME", name)
	stamp := m.Now.Time().Format("20060102") + "T000000Z"
	// NOTE: a feed without events, such as that of a person who owns
	// nothing, is still written so that subscriptions keep working, although
	// RFC 5545's grammar requires at least one component.
	for _, h := range reviewQueue(handoffs) {
		if h.Status == "retired" {
			continue
		}
		due, uidDate := h.Review.Due, h.Review.Due.Time().Format("20060102")
		if h.Review.State == model.ReviewNever || due.IsZero() {
			due, uidDate = m.Now, "never"
		}
		page := exportURL(baseURL, "handoffs/"+h.ID+"/")
		w.prop("BEGIN", "VEVENT")
		w.prop("UID", "review-"+strings.ReplaceAll(h.ID, "/", ".")+"-"+uidDate+"@"+icsUIDDomain)
		w.prop("DTSTAMP", stamp)
		w.prop("DTSTART;VALUE=DATE", due.Time().Format("20060102"))
		w.prop("DTEND;VALUE=DATE", due.AddDays(1).Time().Format("20060102"))
		w.text("SUMMARY", "Review: "+h.Title)
		w.text("DESCRIPTION", icsDescription(m, h, page, baseURL != ""))
		if baseURL != "" {
			w.prop("URL;VALUE=URI", page)
		}
		w.text("CATEGORIES", reviewLabels[h.Review.State])
		w.prop("TRANSP", "TRANSPARENT")
		w.prop("END", "VEVENT")
	}
	w.prop("END", "VCALENDAR")
	return []byte(w.b.String())
}

func icsDescription(m *model.Model, h *model.Handoff, page string, absolute bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s handoff from %s to %s.\n", h.Kind, systemName(m, h.From), systemName(m, h.To))
	owner := h.Owner
	if p := m.Person(h.Owner); p != nil && p.Name != "" {
		owner = p.Name
	}
	fmt.Fprintf(&b, "Owner: %s.\n", owner)
	switch h.Review.State {
	case model.ReviewNever:
		b.WriteString("Never reviewed.\n")
	case model.ReviewOverdue:
		fmt.Fprintf(&b, "Overdue: last reviewed %s, due %s.\n", h.LastReviewed, h.Review.Due)
	default:
		fmt.Fprintf(&b, "Last reviewed %s; reviewed every %s.\n", h.LastReviewed, h.Review.Interval)
	}
	if absolute {
		fmt.Fprintf(&b, "Page: %s", page)
	} else {
		fmt.Fprintf(&b, "Page: %s in the published map", page)
	}
	return b.String()
}

func systemName(m *model.Model, id string) string {
	if s := m.System(id); s != nil && s.Name != "" {
		return s.Name
	}
	return id
}

// icsWriter writes content lines with CRLF ends, folded at 75 octets.
type icsWriter struct {
	b strings.Builder
}

// prop writes a property whose value needs no escaping.
func (w *icsWriter) prop(name, value string) {
	w.fold(name + ":" + value)
}

// text writes a TEXT property, escaping "\", ";", "," and line breaks.
func (w *icsWriter) text(name, value string) {
	value = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(value)
	w.fold(name + ":" + value)
}

// fold writes one content line, split into lines of at most 75 octets;
// each continuation line starts with a space. A split never falls inside
// a UTF-8 sequence.
func (w *icsWriter) fold(line string) {
	const limit = 75
	first := true
	for len(line) > 0 {
		room := limit
		if !first {
			room = limit - 1
			w.b.WriteByte(' ')
		}
		cut := min(room, len(line))
		for cut < len(line) && cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.b.WriteString(line[:cut])
		w.b.WriteString("\r\n")
		line = line[cut:]
		first = false
	}
}

func (s *site) reviewFeeds() error {
	title := s.m.Settings.Title
	if err := s.write("reviews.ics", ReviewsICS(s.m, s.m.Handoffs, title+": reviews", s.BaseURL)); err != nil {
		return err
	}
	for _, p := range s.m.People {
		list := append(append([]*model.Handoff(nil), p.Owns...), p.Backs...)
		name := fmt.Sprintf("%s: reviews of %s", title, displayName(p.Name, p.ID))
		if err := s.write("people/"+p.ID+"/reviews.ics", ReviewsICS(s.m, list, name, s.BaseURL)); err != nil {
			return err
		}
	}
	return nil
}
