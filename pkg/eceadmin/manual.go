package eceadmin

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/atomicfile"
)

// File names in the manual backend's state folder.
const (
	AttestationsFile = "attestations.json"
	ManualKeyFile    = "ece-admin.key"
)

// ManualConfig configures the manual backend.
type ManualConfig struct {
	// StateDir holds attestations.json and the hash key; created (0700)
	// when first needed.
	StateDir string
	// Confirm shows the task to the operator (RenderTask) and returns who
	// did it, or an error when the operator declined. It never receives
	// Task.Secrets.
	Confirm func(ctx context.Context, t Task) (who string, err error)
	// Now stamps attestations; nil means time.Now.
	Now func() time.Time
	// Rand generates the hash key; nil means crypto/rand.
	Rand io.Reader
}

// Manual is the backend for production ECE, which has no admin API: Apply
// hands the task to an operator and records the attestation; Read can only
// tell what was attested.
type Manual struct {
	c   ManualConfig
	key *KeyFile
	mu  sync.Mutex // guards attestations.json
}

var _ Backend = (*Manual)(nil)

// NewManual returns the manual backend.
func NewManual(c ManualConfig) *Manual {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Rand == nil {
		c.Rand = rand.Reader
	}
	return &Manual{c: c, key: NewKeyFile(filepath.Join(c.StateDir, ManualKeyFile), c.Rand)}
}

// Name returns "manual".
func (m *Manual) Name() string { return "manual" }

// Hash is the keyed hash under <StateDir>/ece-admin.key.
func (m *Manual) Hash(ctx context.Context, value string) (string, error) {
	return m.key.hash(ctx, value)
}

// Read returns Known=false and the section's attestations.
func (m *Manual) Read(ctx context.Context, s Section) (Observed, error) {
	if err := ctx.Err(); err != nil {
		return Observed{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	all, err := m.load()
	if err != nil {
		return Observed{}, err
	}
	return Observed{Known: false, Attested: ofSection(all, s)}, nil
}

// Apply hands t (without its secrets) to Confirm and records the
// attestation. A Unified CCE integration already attested fails with
// ErrPermanent before anyone is asked.
func (m *Manual) Apply(ctx context.Context, s Section, t Task) (Observed, error) {
	if err := checkTask(s, t); err != nil {
		return Observed{}, err
	}
	if t.ValuesHash == "" {
		return Observed{}, fmt.Errorf("%s: task has no values hash (Seal it)", s)
	}
	if m.c.Confirm == nil {
		return Observed{}, fmt.Errorf("%s: manual backend: no way to ask the operator", s)
	}
	if s == UCCEIntegration {
		obs, err := m.Read(ctx, s)
		if err != nil {
			return Observed{}, err
		}
		if a := obs.Attestation(t.Scope); a != nil {
			return Observed{}, fmt.Errorf("%s: saved on %s (attested by %s): %w", s, a.When.UTC().Format(time.RFC3339), a.Who, ErrPermanent)
		}
	}
	shown := t
	shown.Secrets = nil
	who, err := m.c.Confirm(ctx, shown)
	if err != nil {
		return Observed{}, fmt.Errorf("%s: operator task not confirmed: %w", s, err)
	}
	who = strings.TrimSpace(who)
	if who == "" {
		return Observed{}, fmt.Errorf("%s: operator task confirmed without saying who did it", s)
	}
	a := Attestation{Section: s, Scope: t.Scope, Who: who, When: m.c.Now().UTC(), ValuesHash: t.ValuesHash, Fields: t.Labels()}

	m.mu.Lock()
	defer m.mu.Unlock()
	all, err := m.load()
	if err != nil {
		return Observed{}, err
	}
	all = slices.DeleteFunc(all, func(b Attestation) bool { return b.Section == s && b.Scope == t.Scope })
	all = append(all, a)
	if err := m.save(all); err != nil {
		return Observed{}, err
	}
	return Observed{Known: false, Attested: ofSection(all, s)}, nil
}

// attestationsDoc is the JSON of attestations.json.
type attestationsDoc struct {
	Version      int           `json:"version"`
	Attestations []Attestation `json:"attestations"`
}

func (m *Manual) path() string { return filepath.Join(m.c.StateDir, AttestationsFile) }

// load reads attestations.json; a missing file is no attestation.
func (m *Manual) load() ([]Attestation, error) {
	b, err := os.ReadFile(m.path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("attestations: %w", err)
	}
	var doc attestationsDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("attestations %s: %w", m.path(), err)
	}
	if doc.Version != 1 {
		return nil, fmt.Errorf("attestations %s: unknown version %d", m.path(), doc.Version)
	}
	return doc.Attestations, nil
}

// save writes attestations.json atomically, sorted by section and scope.
func (m *Manual) save(all []Attestation) error {
	slices.SortFunc(all, func(a, b Attestation) int {
		return cmp.Or(cmp.Compare(a.Section, b.Section), cmp.Compare(a.Scope, b.Scope))
	})
	b, err := json.MarshalIndent(attestationsDoc{Version: 1, Attestations: all}, "", "  ")
	if err != nil {
		return fmt.Errorf("attestations: encoding: %w", err)
	}
	if err := os.MkdirAll(m.c.StateDir, 0o700); err != nil {
		return fmt.Errorf("attestations: %w", err)
	}
	if err := atomicfile.WriteFile(m.path(), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("attestations: %w", err)
	}
	return nil
}

// ofSection filters all to section s, sorted by scope.
func ofSection(all []Attestation, s Section) []Attestation {
	var out []Attestation
	for _, a := range all {
		if a.Section == s {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b Attestation) int { return cmp.Compare(a.Scope, b.Scope) })
	return out
}

// checkTask refuses a task for another section or an unknown one.
func checkTask(s Section, t Task) error {
	if !s.Valid() {
		return fmt.Errorf("unknown ECE admin section %q", s)
	}
	if t.Section != s {
		return fmt.Errorf("%s: task is for section %q", s, t.Section)
	}
	return nil
}
