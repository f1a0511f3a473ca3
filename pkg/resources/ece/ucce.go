package ece

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/eceadmin"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// KindUCCEIntegration is the UCCE integration kind's name in addresses and
// specs.
const KindUCCEIntegration = "ece_ucce_integration"

// ErrNotConvergeable is wrapped by Plan when the saved integration differs
// from the spec.
var ErrNotConvergeable = fmt.Errorf("the integration is permanent in ECE; the only way to change it is to reinstall ECE (uninstall it completely, delete all its databases, and install it as new): %w", resources.ErrCannotConverge)

// DefaultAWDBPort is the SQL Server port used when the spec gives none.
const DefaultAWDBPort = 1433

// Console groups and labels of the Unified CCE integration (tech note step
// 5); the labels are the eceadmin.Settings keys.
const (
	GroupAWDB          = "AWDB Details"
	GroupConfiguration = "Configuration"
	LabelAWDBServer    = "Server name"
	LabelAWDBPort      = "Port"
	LabelAWDBDatabase  = "Database name"
	LabelAWDBUser      = "User name"
	LabelAWDBPassword  = "Password"
	LabelAppInstance   = "Application Instance"
	LabelAgentPGs      = "Agent PGs"
)

const (
	agentPGListSep     = ", "
	uqInstancePrefix   = "UQ"
	ucceSectionSubject = "UCCE integration"
)

// Attribute names of the UCCE integration kind.
const (
	AttrAWDBServer   = "awdb_server"
	AttrAWDBPort     = "awdb_port"
	AttrAWDBDatabase = "awdb_database"
	AttrAWDBUser     = "awdb_user"
	AttrAWDBPassword = "awdb_password"
	AttrAppInstance  = "application_instance"
	AttrAgentPGs     = "agent_pgs" // sorted, ", "-separated
	AttrSavedAt      = "saved_at"  // lab: when the integration was saved
)

// UCCESettings are the values of the Unified CCE integration.
type UCCESettings struct {
	AWDBServer   string
	AWDBPort     int // 0 means DefaultAWDBPort
	AWDBDatabase string
	AWDBUser     string
	AWDBPassword spec.SecretRef
	// ApplicationInstance is the one created for ECE (case-sensitive;
	// never the one starting with UQ).
	ApplicationInstance string
	// AgentPGs are the agent peripheral gateways; order does not matter.
	AgentPGs []string
}

// UCCEIntegrationConfig is everything the UCCE integration resource needs.
type UCCEIntegrationConfig struct {
	Addr      resources.Addr
	DependsOn []resources.Addr
	Backend   eceadmin.Backend
	Settings  UCCESettings
	// LookupEnv resolves env: secrets; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// UCCEIntegration is the ECE ↔ Unified CCE integration: permanent once
// saved. It implements resources.Resource and resources.Describer.
type UCCEIntegration struct {
	c UCCEIntegrationConfig
}

var (
	_ resources.Resource  = (*UCCEIntegration)(nil)
	_ resources.Describer = (*UCCEIntegration)(nil)
)

// NewUCCEIntegration returns the resource for c.
func NewUCCEIntegration(c UCCEIntegrationConfig) *UCCEIntegration {
	if c.Settings.AWDBPort == 0 {
		c.Settings.AWDBPort = DefaultAWDBPort
	}
	return &UCCEIntegration{c: c}
}

// Addr returns the resource's address.
func (r *UCCEIntegration) Addr() resources.Addr { return r.c.Addr }

// DependsOn returns the resource's dependencies.
func (r *UCCEIntegration) DependsOn() []resources.Addr { return r.c.DependsOn }

// Describe says what and through which backend.
func (r *UCCEIntegration) Describe() string {
	return "ECE Unified CCE integration, permanent once saved (" + r.c.Backend.Name() + " backend)"
}

// ucceField is one field with its desired value.
type ucceField struct {
	group, label, attr, value string
	secret                    bool
}

// fields lists the fields in console order; the password's value is its
// reference.
func (r *UCCEIntegration) fields() []ucceField {
	s := r.c.Settings
	return []ucceField{
		{GroupAWDB, LabelAWDBServer, AttrAWDBServer, s.AWDBServer, false},
		{GroupAWDB, LabelAWDBPort, AttrAWDBPort, strconv.Itoa(s.AWDBPort), false},
		{GroupAWDB, LabelAWDBDatabase, AttrAWDBDatabase, s.AWDBDatabase, false},
		{GroupAWDB, LabelAWDBUser, AttrAWDBUser, s.AWDBUser, false},
		{GroupAWDB, LabelAWDBPassword, AttrAWDBPassword, s.AWDBPassword.Ref(), true},
		{GroupConfiguration, LabelAppInstance, AttrAppInstance, s.ApplicationInstance, false},
		{GroupConfiguration, LabelAgentPGs, AttrAgentPGs, pgList(s.AgentPGs), false},
	}
}

// pgList is the canonical form of a PG list: sorted, ", "-separated.
func pgList(pgs []string) string {
	s := slices.Clone(pgs)
	for i := range s {
		s[i] = strings.TrimSpace(s[i])
	}
	slices.Sort(s)
	return strings.Join(slices.Compact(s), agentPGListSep)
}

// task is the operator task, with the password resolved into Secrets.
func (r *UCCEIntegration) task() (eceadmin.Task, error) {
	t := eceadmin.Task{
		Section:     eceadmin.UCCEIntegration,
		Title:       "Unified CCE integration (tech note step 5) - PERMANENT once saved",
		ConsolePath: eceadmin.UCCEIntegration.ConsolePath(),
		Notes: []string{
			"Sign in to CCE Administration as an administrator; on the Email and Chat card check the Device Name (the right ECE web server) and select Partition.",
			"Fill in the AWDB Details tab and save; then, on the Configuration tab, select the application instance and add every agent PG (green plus sign), and save.",
			"The application instance is case-sensitive and must not be the one starting with UQ.",
			"WARNING: once saved, ECE is connected to PCCE permanently; a mistake here means uninstalling ECE, deleting all its databases and installing it as new.",
		},
	}
	for _, f := range r.fields() {
		t.Fields = append(t.Fields, eceadmin.Field{Group: f.group, Label: f.label, Value: f.value, Secret: f.secret})
	}
	if ref := r.c.Settings.AWDBPassword; !ref.IsZero() {
		pw, err := ref.Resolve(r.c.LookupEnv)
		if err != nil {
			return eceadmin.Task{}, fmt.Errorf("%s: AWDB password: %w", ucceSectionSubject, err)
		}
		t.Secrets = eceadmin.SecretValues{LabelAWDBPassword: string(pw)}
		clear(pw)
	}
	return t, nil
}

// ucceRead is State.Private.
type ucceRead struct {
	obs          eceadmin.Observed
	passwordHash string // lab
	valuesHash   string // manual
}

// Read reads the section and the keyed hashes of the desired values.
func (r *UCCEIntegration) Read(ctx context.Context) (resources.State, error) {
	b := r.c.Backend
	obs, err := b.Read(ctx, eceadmin.UCCEIntegration)
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: reading the ECE settings (%s backend): %w", ucceSectionSubject, b.Name(), err)
	}
	task, err := r.task()
	if err != nil {
		return resources.State{}, err
	}
	rd := &ucceRead{obs: obs}
	if err := r.hashes(ctx, rd, task); err != nil {
		return resources.State{}, err
	}
	return r.state(rd), nil
}

// hashes fills the hash Plan needs: the password's (lab) or the values'
// (manual).
func (r *UCCEIntegration) hashes(ctx context.Context, rd *ucceRead, task eceadmin.Task) error {
	b := r.c.Backend
	var err error
	if rd.obs.Known {
		if pw := task.Secrets[LabelAWDBPassword]; pw != "" {
			rd.passwordHash, err = b.Hash(ctx, pw)
		}
	} else {
		var sealed eceadmin.Task
		sealed, err = eceadmin.Seal(ctx, b, task)
		rd.valuesHash = sealed.ValuesHash
	}
	if err != nil {
		return fmt.Errorf("%s: %w", ucceSectionSubject, err)
	}
	return nil
}

// state describes what was read.
func (r *UCCEIntegration) state(rd *ucceRead) resources.State {
	attrs := resources.Attrs{AttrBackend: resources.V(r.c.Backend.Name())}
	extra := map[string]string{}
	var warnings []string
	var unverifiable string
	exists := false
	if rd.obs.Known {
		exists = !rd.obs.SavedAt.IsZero()
		if exists {
			attrs[AttrSavedAt] = resources.V(stamp(rd.obs.SavedAt))
		}
		for _, f := range r.fields() {
			v, ok := rd.obs.Settings[f.label]
			switch {
			case !ok:
			case f.secret:
				extra[f.attr] = v
				if v == rd.passwordHash && v != "" {
					attrs[f.attr] = secretAttr(f.value)
				} else if v != "" {
					attrs[f.attr] = secretAttr("(another password)")
				}
			default:
				attrs[f.attr] = resources.V(v)
			}
		}
	} else {
		a := rd.obs.Attestation("")
		exists = a != nil
		attrs[AttrAttestation] = attestationAttr(a)
		if a != nil {
			extra["attested values"] = a.ValuesHash
			warnings = append(warnings, unknownSince(a))
			unverifiable = unknownSince(a)
		}
	}
	return resources.State{Exists: exists, Attrs: attrs, Fingerprint: fingerprint(exists, attrs, extra), Warnings: warnings, Unverifiable: unverifiable, Private: rd}
}

// uccePlanned is Change.Private.
type uccePlanned struct{}

// Apply saves the integration through the backend: permanently.
func (r *UCCEIntegration) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	if ch.Action == resources.NoOp {
		return r.Read(ctx)
	}
	if _, ok := ch.Private.(*uccePlanned); !ok {
		return resources.State{}, fmt.Errorf("%s: change was not planned by this resource: plan again", ucceSectionSubject)
	}
	b := r.c.Backend
	task, err := r.task()
	if err != nil {
		return resources.State{}, err
	}
	sealed, err := eceadmin.Seal(ctx, b, task)
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: %w", ucceSectionSubject, err)
	}
	obs, err := b.Apply(ctx, eceadmin.UCCEIntegration, sealed)
	if err != nil {
		return resources.State{}, fmt.Errorf("%s: %w", ucceSectionSubject, err)
	}
	rd := &ucceRead{obs: obs}
	if err := r.hashes(ctx, rd, task); err != nil {
		return resources.State{}, err
	}
	return r.state(rd), nil
}
