package eceadmin

import (
	"context"
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
)

// Paths of the lab store, relative to the lab folder.
const (
	LabStoreFile = ".lab/ece/admin.json"
	LabKeyFile   = ".lab/ece/hash.key"
)

// LabOption configures NewLab.
type LabOption func(*Lab)

// LabClock sets the clock that stamps saved values; the default is time.Now.
func LabClock(now func() time.Time) LabOption { return func(l *Lab) { l.now = now } }

// LabRand sets the randomness of the hash key; the default is crypto/rand.
func LabRand(r io.Reader) LabOption { return func(l *Lab) { l.key.rand = r } }

// Lab is a simulated ECE admin store in <dir>/.lab/ece/admin.json. It keeps
// secret fields as keyed hashes, remembers when each field changed and its
// previous value, and refuses a second save of the Unified CCE integration
// with ErrPermanent. It does not revert an expired trace window by itself
// (ECE does): the trace level kind plans that revert.
type Lab struct {
	dir string
	now func() time.Time
	key *KeyFile
	mu  sync.Mutex // guards the store file
}

var _ Backend = (*Lab)(nil)

// NewLab returns the lab backend of the lab folder dir. The store must
// have been made by SeedLab.
func NewLab(dir string, opts ...LabOption) *Lab {
	l := &Lab{dir: dir, now: time.Now, key: NewKeyFile(filepath.Join(dir, filepath.FromSlash(LabKeyFile)), nil)}
	for _, o := range opts {
		o(l)
	}
	return l
}

// SeedLab writes an empty store in the lab folder dir: no SSO
// configuration, no integration, the four trace processes at 2 - Error. It
// refuses to overwrite an existing store.
func SeedLab(dir string) error {
	path := filepath.Join(dir, filepath.FromSlash(LabStoreFile))
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("seeding the ECE admin store: %s: %w", path, fs.ErrExist)
	}
	st := &labStore{Version: 1, Sections: map[Section]*labSection{
		PartitionSSO:    {Fields: map[string]labField{}},
		TraceLevels:     {Fields: map[string]labField{}},
		UCCEIntegration: {Fields: map[string]labField{}},
	}}
	for _, p := range TraceProcesses {
		st.Sections[TraceLevels].Fields[TraceLevelLabel(p)] = labField{Value: TraceError.String()}
		st.Sections[TraceLevels].Fields[TraceDurationLabel(p)] = labField{}
	}
	if err := writeStore(path, st); err != nil {
		return err
	}
	// The hash key too, so that plan never writes into the lab.
	_, err := NewKeyFile(filepath.Join(dir, filepath.FromSlash(LabKeyFile)), nil).Get()
	return err
}

// Name returns "lab".
func (l *Lab) Name() string { return "lab" }

// Hash is the keyed hash under <dir>/.lab/ece/hash.key.
func (l *Lab) Hash(ctx context.Context, value string) (string, error) {
	return l.key.hash(ctx, value)
}

// Read returns the stored values of s.
func (l *Lab) Read(ctx context.Context, s Section) (Observed, error) {
	if err := ctx.Err(); err != nil {
		return Observed{}, err
	}
	if !s.Valid() {
		return Observed{}, fmt.Errorf("unknown ECE admin section %q", s)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	st, err := l.load()
	if err != nil {
		return Observed{}, err
	}
	return st.section(s).observed(), nil
}

// Apply saves the task's fields into s, secrets as keyed hashes. Fields
// the task does not name keep their values.
func (l *Lab) Apply(ctx context.Context, s Section, t Task) (Observed, error) {
	if err := checkTask(s, t); err != nil {
		return Observed{}, err
	}
	values := make(map[string]labField, len(t.Fields))
	for _, f := range t.Fields {
		v, err := fieldValue(t, f)
		if err != nil {
			return Observed{}, err
		}
		if f.Secret && v != "" {
			if v, err = l.Hash(ctx, v); err != nil {
				return Observed{}, err
			}
		}
		values[f.Label] = labField{Value: v, Secret: f.Secret}
	}
	if err := ctx.Err(); err != nil {
		return Observed{}, err
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	st, err := l.load()
	if err != nil {
		return Observed{}, err
	}
	sec := st.section(s)
	if s == UCCEIntegration && !sec.SavedAt.IsZero() {
		return Observed{}, fmt.Errorf("%s: saved on %s: %w", s, sec.SavedAt.UTC().Format(time.RFC3339), ErrPermanent)
	}
	now := l.now().UTC()
	for label, nv := range values {
		old, had := sec.Fields[label]
		switch {
		case !had:
			nv.SetAt = now
		case old.Value == nv.Value:
			nv = old
		default:
			nv.Previous, nv.PreviousSetAt, nv.SetAt = old.Value, old.SetAt, now
		}
		sec.Fields[label] = nv
	}
	sec.SavedAt = now
	st.Sections[s] = sec
	if err := writeStore(l.storePath(), st); err != nil {
		return Observed{}, err
	}
	return sec.observed(), nil
}

func (l *Lab) storePath() string { return filepath.Join(l.dir, filepath.FromSlash(LabStoreFile)) }

// labStore is the JSON of admin.json.
type labStore struct {
	Version  int                     `json:"version"`
	Sections map[Section]*labSection `json:"sections"`
}

type labSection struct {
	SavedAt time.Time           `json:"saved_at,omitzero"`
	Fields  map[string]labField `json:"fields"`
}

type labField struct {
	Value         string    `json:"value"`
	Secret        bool      `json:"secret,omitempty"` // Value is a keyed hash
	SetAt         time.Time `json:"set_at,omitzero"`
	Previous      string    `json:"previous,omitempty"`
	PreviousSetAt time.Time `json:"previous_set_at,omitzero"`
}

// section returns s, empty when absent.
func (st *labStore) section(s Section) *labSection {
	sec := st.Sections[s]
	if sec == nil {
		sec = &labSection{}
	}
	if sec.Fields == nil {
		sec.Fields = map[string]labField{}
	}
	return sec
}

// observed describes the section: every stored field, seeded ones
// included; SavedAt stays zero until the first Apply.
func (sec *labSection) observed() Observed {
	o := Observed{Known: true, Settings: Settings{}, Fields: map[string]FieldMeta{}, SavedAt: sec.SavedAt}
	for label, f := range sec.Fields {
		o.Settings[label] = f.Value
		o.Fields[label] = FieldMeta{SetAt: f.SetAt, Previous: f.Previous, PreviousSetAt: f.PreviousSetAt}
	}
	return o
}

// load reads the store; a missing store is an error: the lab was not seeded.
func (l *Lab) load() (*labStore, error) {
	path := l.storePath()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("lab ECE admin store %s is missing (not seeded with eceadmin.SeedLab): %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("lab ECE admin store: %w", err)
	}
	var st labStore
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("lab ECE admin store %s: %w", path, err)
	}
	if st.Version != 1 {
		return nil, fmt.Errorf("lab ECE admin store %s: unknown version %d", path, st.Version)
	}
	if st.Sections == nil {
		st.Sections = map[Section]*labSection{}
	}
	return &st, nil
}

// writeStore writes st atomically, creating the folder.
func writeStore(path string, st *labStore) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("lab ECE admin store: encoding: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("lab ECE admin store: %w", err)
	}
	if err := atomicfile.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("lab ECE admin store: %w", err)
	}
	return nil
}
