package host

import (
	"errors"
	"io/fs"
)

func isExist(err error) bool { return errors.Is(err, fs.ErrExist) }
