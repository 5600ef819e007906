package workdays

import (
	"fmt"
	"time"
)

// Date is a calendar date, as the number of days since 1 January 1970. It
// has no time of day and no time zone: 受理 on 1 September is 1 September
// wherever the reader is.
type Date int32

// DateOf returns the date y-m-d. Out-of-range months and days are
// normalised as time.Date does (31 April is 1 May).
func DateOf(y int, m time.Month, d int) Date {
	secs := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	if secs < 0 {
		secs -= 86400 - 1 // round down before 1970
	}
	return Date(secs / 86400)
}

// ParseDate parses "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date: write it as 2026-09-01", s)
	}
	return FromTime(t), nil
}

// FromTime returns the calendar date of t in t's own location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return DateOf(y, m, d)
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Year returns the year of the date.
func (d Date) Year() int { return d.Time().Year() }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Weekend reports whether the date is a Saturday or a Sunday.
func (d Date) Weekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// String formats the date as 2006-01-02.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// AddMonths returns the same day n calendar months later; when that month is
// shorter, its last day (31 August + 6 months is 28 or 29 February).
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Time().Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return DateOf(first.Year(), first.Month(), min(day, last))
}
