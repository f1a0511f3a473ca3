package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// JournalFileName is the name of the file a FileJournal keeps in its
// directory.
const JournalFileName = "pending.json"

// journalVersion is the version of the pending.json format.
const journalVersion = 1

// FileJournal is a Journal kept in DIR/pending.json, so a pending
// notification survives the process. The file is created on the first
// notification, replaced atomically (temporary file, fsync, rename) on every
// change, and has mode 0600. It holds addresses and times only, no secrets.
//
// A mutex serialises use within one process; every operation reads the file
// again, but two processes writing the same journal at the same moment can
// still lose an update, so one directory should serve one run at a time.
type FileJournal struct {
	mu   sync.Mutex
	dir  string
	path string
}

type journalFile struct {
	Version int        `json:"version"`
	Pending pendingSet `json:"pending"`
}

// OpenFileJournal returns the journal kept in dir. The directory is created
// (mode 0700) when the first notification is written. An existing
// pending.json that cannot be read or parsed is an error now rather than a
// surprise later.
func OpenFileJournal(dir string) (*FileJournal, error) {
	if dir == "" {
		return nil, errors.New("journal: empty directory name")
	}
	j := &FileJournal{dir: dir, path: filepath.Join(dir, JournalFileName)}
	if _, err := j.load(); err != nil {
		return nil, err
	}
	return j, nil
}

// Path returns the journal file's path.
func (j *FileJournal) Path() string { return j.path }

// Pending implements Journal.
func (j *FileJournal) Pending() (map[resources.Addr][]resources.Trigger, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, err := j.load()
	if err != nil {
		return nil, err
	}
	return p.clone(), nil
}

// Record implements Journal.
func (j *FileJournal) Record(sub resources.Addr, t resources.Trigger) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, err := j.load()
	if err != nil {
		return err
	}
	if !p.record(sub, t) {
		return nil
	}
	return j.save(p)
}

// Clear implements Journal.
func (j *FileJournal) Clear(sub resources.Addr) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, err := j.load()
	if err != nil {
		return err
	}
	if !p.clear(sub) {
		return nil
	}
	return j.save(p)
}

// Forget implements Journal.
func (j *FileJournal) Forget(sub resources.Addr, t resources.Trigger) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, err := j.load()
	if err != nil {
		return err
	}
	if !p.forget(sub, t) {
		return nil
	}
	return j.save(p)
}

// load reads the file; a missing file is an empty journal.
func (j *FileJournal) load() (pendingSet, error) {
	b, err := os.ReadFile(j.path)
	if errors.Is(err, fs.ErrNotExist) {
		return pendingSet{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal %s: reading: %w", j.path, err)
	}
	var f journalFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("journal %s: not valid JSON: %w", j.path, err)
	}
	if f.Version != journalVersion {
		return nil, fmt.Errorf("journal %s: version %d is not supported (this tool reads version %d)", j.path, f.Version, journalVersion)
	}
	if f.Pending == nil {
		f.Pending = pendingSet{}
	}
	return f.Pending, nil
}

func (j *FileJournal) save(p pendingSet) error {
	b, err := json.MarshalIndent(journalFile{Version: journalVersion, Pending: p}, "", "  ")
	if err != nil {
		return fmt.Errorf("journal %s: encoding: %w", j.path, err)
	}
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		return fmt.Errorf("journal %s: creating directory: %w", j.path, err)
	}
	if err := atomicfile.WriteFile(j.path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	return nil
}
