package inventory

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// Files of the state folder.
const (
	// StateFileName holds the recorded password hashes.
	StateFileName = "inventory.json"
	// KeyFileName holds the hash key, hex-encoded, mode 0600.
	KeyFileName = "inventory.key"
)

const stateVersion = 1

// stateFile is inventory.json.
type stateFile struct {
	Version   int                       `json:"version"`
	Passwords map[string]passwordRecord `json:"passwords"`
}

// passwordRecord is the keyed hash of the last password sent for one
// address, never the password.
type passwordRecord struct {
	Hash     string    `json:"hash"`
	Recorded time.Time `json:"recorded"`
}

// dirLocks serialises the state folder's read-modify-write cycles within
// the process: the inventory machines share one folder.
var dirLocks sync.Map // cleaned dir -> *sync.Mutex

// hashStore reads and records password hashes in one state folder.
type hashStore struct {
	dir  string
	rand io.Reader
	now  func() time.Time
}

func newHashStore(dir string, rand io.Reader, now func() time.Time) *hashStore {
	return &hashStore{dir: dir, rand: rand, now: now}
}

func (s *hashStore) lock() func() {
	m, _ := dirLocks.LoadOrStore(filepath.Clean(s.dir), &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// observe returns the hash recorded for addr ("" if none) and the keyed
// hash of password under the folder's key ("" while there is no key: then
// nothing was ever recorded either). It creates nothing.
func (s *hashStore) observe(addr resources.Addr, password string) (recorded, desired string, err error) {
	defer s.lock()()
	key, err := s.key(false)
	if err != nil || key == nil {
		return "", "", err
	}
	st, err := s.load()
	if err != nil {
		return "", "", err
	}
	return st.Passwords[addr.String()].Hash, eceadmin.HashSecret(key, password), nil
}

// record stores the keyed hash of password for addr, creating the key and
// the folder on first use.
func (s *hashStore) record(addr resources.Addr, password string) error {
	defer s.lock()()
	key, err := s.key(true)
	if err != nil {
		return err
	}
	st, err := s.load()
	if err != nil {
		return err
	}
	st.Passwords[addr.String()] = passwordRecord{Hash: eceadmin.HashSecret(key, password), Recorded: s.now().UTC()}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("recording the password hash: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(s.dir, StateFileName), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("recording the password hash: %w", err)
	}
	return nil
}

// load reads inventory.json; a missing file is an empty state.
func (s *hashStore) load() (stateFile, error) {
	path := filepath.Join(s.dir, StateFileName)
	st := stateFile{Version: stateVersion, Passwords: map[string]passwordRecord{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("reading the recorded password hashes: %w", err)
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, fmt.Errorf("reading the recorded password hashes: %s: %w", path, err)
	}
	if st.Version != stateVersion {
		return st, fmt.Errorf("reading the recorded password hashes: %s: version %d, want %d", path, st.Version, stateVersion)
	}
	if st.Passwords == nil {
		st.Passwords = map[string]passwordRecord{}
	}
	return st, nil
}

// key returns the hash key; nil when there is none and create is false.
func (s *hashStore) key(create bool) ([]byte, error) {
	kf := eceadmin.NewKeyFile(filepath.Join(s.dir, KeyFileName), s.rand)
	if create {
		return kf.Get()
	}
	return kf.Existing()
}
