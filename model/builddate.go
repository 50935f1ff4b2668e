package model

import (
	"fmt"
	"strconv"
	"time"
)

// BuildDate chooses the date that review states are computed against: the
// --now flag when given, else SOURCE_DATE_EPOCH (seconds since 1970, for
// reproducible builds) when set, else today in UTC.
func BuildDate(flag, sourceDateEpoch string, today time.Time) (Date, error) {
	if flag != "" {
		d, err := ParseDate(flag)
		if err != nil {
			return Date{}, fmt.Errorf("--now: %w", err)
		}
		return d, nil
	}
	if sourceDateEpoch != "" {
		secs, err := strconv.ParseInt(sourceDateEpoch, 10, 64)
		if err != nil || secs < 0 {
			return Date{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970-01-01: set it to such a number, such as $(git log -1 --format=%%ct), or unset it", sourceDateEpoch)
		}
		return DateOf(time.Unix(secs, 0)), nil
	}
	return DateOf(today), nil
}
