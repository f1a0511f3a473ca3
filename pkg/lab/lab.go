package lab

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// ErrNotEmpty is wrapped by Init's error when the target folder already holds
// something.
var ErrNotEmpty = errors.New("lab init never overwrites")

// defaultRand is crypto/rand, used when Options.Rand is nil.
var defaultRand io.Reader = rand.Reader

// Options are Init's injected dependencies.
type Options struct {
	// Now is the lab's clock: certificate validity and service start times
	// are relative to it. Default time.Now.
	Now func() time.Time
	// Rand is the lab's randomness: the keystore password and certificate
	// serial numbers come from it, in that order, before any key is made.
	// Default crypto/rand.Reader.
	Rand io.Reader
}

// Lab is a seeded lab.
type Lab struct {
	// Dir is the lab folder, absolute.
	Dir string
	// SpecPath is Dir/spec.yaml.
	SpecPath string
	// Hosts are the lab's servers in spec order.
	Hosts []HostInfo
}

// HostPath returns the file standing for winPath on host h of this lab.
func (l *Lab) HostPath(h, winPath string) string { return HostPath(l.Dir, h, winPath) }

// Init seeds a new lab in dir, which must be missing or empty. It builds the
// lab in a hidden sibling folder and renames it into place, so on error
// nothing of the lab is left behind (missing parent folders it created are
// removed again).
func Init(dir string, opt Options) (*Lab, error) {
	if dir == "" {
		return nil, errors.New("lab init: no folder given")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Rand == nil {
		opt.Rand = defaultRand
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	existed, err := checkEmpty(abs, dir)
	if err != nil {
		return nil, err
	}
	perm := fs.FileMode(0o755)
	if existed {
		if fi, err := os.Stat(abs); err == nil {
			perm = fi.Mode().Perm() // keep the empty folder's mode
		}
	}
	made, err := mkdirParents(filepath.Dir(abs))
	if err != nil {
		return nil, fmt.Errorf("%s: creating parent folder: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".lab-init-")
	if err != nil {
		removeMade(made)
		return nil, fmt.Errorf("%s: creating temporary folder: %w", dir, err)
	}
	done := false
	defer func() {
		if !done {
			_ = os.RemoveAll(tmp)
			removeMade(made)
		}
	}()

	if err := seed(tmp, dir, opt); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if err := os.Chmod(tmp, perm); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if existed {
		// Remove fails when something appeared in the folder meanwhile:
		// still never an overwrite.
		if err := os.Remove(abs); err != nil {
			return nil, fmt.Errorf("%s is not empty; %w", dir, ErrNotEmpty)
		}
	}
	if err := os.Rename(tmp, abs); err != nil {
		if existed {
			_ = os.Mkdir(abs, perm)
		}
		return nil, fmt.Errorf("%s: moving the lab into place: %w", dir, err)
	}
	done = true
	return &Lab{Dir: abs, SpecPath: filepath.Join(abs, SpecFile), Hosts: Topology()}, nil
}

// checkEmpty reports whether abs exists; an existing file or a non-empty
// folder is an error naming dir as the user gave it.
func checkEmpty(abs, dir string) (existed bool, err error) {
	fi, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", dir, err)
	}
	if !fi.IsDir() {
		return true, fmt.Errorf("%s is not empty; %w", dir, ErrNotEmpty)
	}
	f, err := os.Open(abs)
	if err != nil {
		return true, fmt.Errorf("%s: %w", dir, err)
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if err != nil && !errors.Is(err, io.EOF) {
		return true, fmt.Errorf("%s: %w", dir, err)
	}
	if len(names) > 0 {
		return true, fmt.Errorf("%s is not empty; %w", dir, ErrNotEmpty)
	}
	return true, nil
}

// mkdirParents creates dir and its missing parents and returns the folders
// it created, deepest first.
func mkdirParents(dir string) ([]string, error) {
	var missing []string
	for p := dir; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if len(missing) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return missing, nil
}

// removeMade removes the folders mkdirParents created, if still empty.
func removeMade(made []string) {
	for _, p := range made {
		_ = os.Remove(p)
	}
}

// randomness are the values Init draws from Options.Rand, drawn first and in
// a fixed order so that the same Rand gives the same values whatever the
// crypto library does with it afterwards.
type randomness struct {
	password  []byte
	webSerial *big.Int
	adSerial  *big.Int
	caSerials []*big.Int
	// secrets of the simulated servers, by file (LDAPSearchPassFile, ...),
	// drawn after everything above.
	secrets  map[string][]byte
	awSerial *big.Int
}

func draw(random io.Reader) (randomness, error) {
	var r randomness
	var err error
	if r.password, err = randomPassword(random); err != nil {
		return r, err
	}
	if r.webSerial, err = randomSerial(random); err != nil {
		return r, err
	}
	if r.adSerial, err = randomSerial(random); err != nil {
		return r, err
	}
	for range jdkCAs {
		s, err := randomSerial(random)
		if err != nil {
			return r, err
		}
		r.caSerials = append(r.caSerials, s)
	}
	r.secrets = map[string][]byte{}
	for _, f := range serverSecrets {
		if r.secrets[f], err = randomPassword(random); err != nil {
			return r, err
		}
	}
	if r.awSerial, err = randomSerial(random); err != nil {
		return r, err
	}
	return r, nil
}
