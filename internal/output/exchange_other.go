//go:build !linux

package output

import "errors"

var errNoExchange = errors.New("exchanging two names in one call is not supported on this system")

func exchange(a, b string) error { return errNoExchange }
