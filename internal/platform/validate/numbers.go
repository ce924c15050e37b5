package validate

import "strconv"

// The range of Italian postcodes in use: from 00010 (province of Roma)
// to 98168 (Messina).
const (
	MinCAP = "00010"
	MaxCAP = "98168"
)

// CAP normalises (trim, no spaces) and checks an Italian postcode: five
// digits between MinCAP and MaxCAP.
func CAP(s string) (string, error) {
	c := removeSpace(s)
	switch {
	case c == "":
		return c, fail(KeyCAP, ReasonEmpty)
	case !allDigits(c):
		return c, fail(KeyCAP, ReasonChars)
	case len(c) != 5:
		return c, fail(KeyCAP, ReasonLength)
	case c < MinCAP || c > MaxCAP:
		return c, fail(KeyCAP, ReasonRange)
	}
	return c, nil
}

// MaxAge is the highest age accepted.
const MaxAge = 120

// Age checks an age in whole years from 0 to MaxAge.
func Age(s string) (int, error) {
	a := trim(s)
	if a == "" {
		return 0, fail(KeyAge, ReasonEmpty, 0, MaxAge)
	}
	if len(a) > 3 || !allDigits(a) {
		return 0, fail(KeyAge, ReasonFormat, 0, MaxAge)
	}
	n, _ := strconv.Atoi(a)
	if n > MaxAge {
		return 0, fail(KeyAge, ReasonRange, 0, MaxAge)
	}
	return n, nil
}

// AgeRange checks the minimum and maximum age of a service. An empty
// bound means no limit and comes back as 0 or MaxAge; the minimum may not
// exceed the maximum. The error is about the minimum when both bounds are
// wrong; Checker.AgeRange tells the two fields apart.
func AgeRange(minAge, maxAge string) (lo, hi int, err error) {
	lo, hi = 0, MaxAge
	if trim(minAge) != "" {
		if lo, err = Age(minAge); err != nil {
			return 0, MaxAge, err
		}
	}
	if trim(maxAge) != "" {
		if hi, err = Age(maxAge); err != nil {
			return lo, MaxAge, err
		}
	}
	if lo > hi {
		return lo, hi, fail(KeyAgeRange, ReasonOrder)
	}
	return lo, hi, nil
}
