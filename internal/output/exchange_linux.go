package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// errNoExchange says the system cannot exchange two names in one call.
var errNoExchange = errors.New("renameat2(RENAME_EXCHANGE) is not supported here")

// exchange swaps the directories a and b in one call.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch err {
	case nil:
		return nil
	case unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP:
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
