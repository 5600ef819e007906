//go:build unix

package source

import (
	"os"
	"syscall"
)

// openFlags open a named pipe without waiting for a writer, and a terminal
// without making it the process's controlling one.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY
