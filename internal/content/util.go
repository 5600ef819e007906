package content

import (
	"crypto/sha256"
	"errors"
	"io/fs"
)

// Sum is the hash of a file's bytes, as File.Sum.
func Sum(b []byte) [32]byte { return sha256.Sum256(b) }

// unwrapPathError drops the "open content/x.md:" prefix that fs errors carry,
// since diag errors name the file already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
