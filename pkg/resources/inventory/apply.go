package inventory

import (
	"context"
	"errors"
	"fmt"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
	"github.com/ecereconcile/ecereconcile/pkg/pcce/bulkcsv"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// maxAttempts bounds the POST/PUT attempts of one Apply when the machine
// keeps changing underneath (stale changeStamp, concurrent create).
const maxAttempts = 3

// ErrBulkUploadPending is matched (errors.Is) by the error of an Apply in
// CSV mode: the machine's row is in the bulk CSV, waiting for the operator
// to upload it.
var ErrBulkUploadPending = errors.New("waiting for the bulk inventory upload")

// Apply adds or updates the machine. A stale changeStamp or a create
// refused as a duplicate makes it read and plan again, then retry (at most
// three attempts in all). After a successful write it records the
// password hash and returns the state read again. In CSV mode a create
// writes the bulk CSV row and fails with ErrBulkUploadPending.
func (r *Resource) Apply(ctx context.Context, ch resources.Change) (resources.State, error) {
	p, ok := ch.Private.(*planned)
	if !ok || p == nil {
		return resources.State{}, fmt.Errorf("%s: the change carries no inventory plan", r.c.Name)
	}
	if ch.Action == resources.NoOp {
		return r.Read(ctx)
	}
	var pw string
	if r.isWeb() {
		var err error
		if pw, err = r.password(); err != nil {
			return resources.State{}, err
		}
	}
	for attempt := 1; ; attempt++ {
		if p.create && r.c.CSVFile != "" {
			return resources.State{}, r.writeCSV(pw)
		}
		err := r.write(ctx, p, pw)
		if err == nil {
			if r.isWeb() {
				if err := r.hashes.record(r.c.Addr, pw); err != nil {
					return resources.State{}, fmt.Errorf("%s: written to PCCE, but %w", r.c.Name, err)
				}
			}
			return r.Read(ctx)
		}
		duplicate := p.create && errors.Is(err, pcce.ErrDuplicate)
		if !duplicate && !errors.Is(err, pcce.ErrConflict) {
			return resources.State{}, fmt.Errorf("%s: %w", r.c.Name, err)
		}
		if attempt == maxAttempts {
			return resources.State{}, fmt.Errorf("%s: gave up after %d attempts, the machine kept changing in PCCE: %w", r.c.Name, attempt, err)
		}
		// Someone else changed or created the machine: converge from what
		// is there now.
		st, rerr := r.Read(ctx)
		if rerr != nil {
			return resources.State{}, fmt.Errorf("%s: reading again after %w: %w", r.c.Name, err, rerr)
		}
		if duplicate && !st.Exists {
			return resources.State{}, fmt.Errorf("%s: PCCE refuses to add it as a duplicate, but no %s machine has host name %s (another machine may have the name): %w",
				r.c.Name, r.c.Type, r.c.HostName, err)
		}
		next, perr := r.Plan(resources.PlanInput{Current: st})
		if perr != nil {
			return resources.State{}, perr
		}
		if next.Action == resources.NoOp {
			return st, nil
		}
		p = next.Private.(*planned)
	}
}

// write sends one POST or PUT.
func (r *Resource) write(ctx context.Context, p *planned, pw string) error {
	if p.create {
		_, err := r.c.Client.CreateMachine(ctx, r.desiredMachine(pw))
		return err
	}
	return r.c.Client.UpdateMachine(ctx, r.updatedMachine(p.machine, pw))
}

// writeCSV puts the machine's row into the bulk CSV and returns the error
// that asks the operator to upload it.
func (r *Resource) writeCSV(pw string) error {
	row := bulkcsv.NewECEDataServer(r.c.Name, r.c.HostName)
	if r.isWeb() {
		row = bulkcsv.NewECEWebServer(r.c.Name, r.c.HostName, r.c.User, pw, r.c.AppInstance)
		row.MachineType = r.c.Type
	}
	if err := bulkcsv.Upsert(r.c.CSVFile, row); err != nil {
		return fmt.Errorf("%s: %w", r.c.Name, err)
	}
	return fmt.Errorf("%s: %w: its row is in %s; upload that file in Unified CCE Administration > Inventory (bulk import), then run plan again",
		r.c.Name, ErrBulkUploadPending, r.c.CSVFile)
}
