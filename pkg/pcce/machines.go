package pcce

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// API paths below the base URL.
const (
	PathMachines             = "/unifiedconfig/config/machineinventory"
	PathMachineStatus        = PathMachines + "/status"
	PathMRDs                 = "/unifiedconfig/config/mediaroutingdomain"
	PathApplicationInstances = "/unifiedconfig/config/applicationinstance"
)

// ListMachines returns every machine matching the search q ("" for all;
// TypesQuery builds the machine type search), reading all pages, 100 at a
// time.
func (c *Client) ListMachines(ctx context.Context, q string) ([]Machine, error) {
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	ms, err := c.listMachines(ctx, q)
	if err != nil {
		return nil, c.fail("listing machines", nil, err)
	}
	return ms, nil
}

func (c *Client) listMachines(ctx context.Context, q string) ([]Machine, error) {
	return listAll[Machine, machinePage](ctx, c, PathMachines, q, func(m Machine) string { return m.RefURL })
}

// FindMachine returns the machine of type t whose host name is hostName
// (compared after NormalizeHostName; a short name matches the FQDN PCCE
// resolved it to). found is false when there is none.
func (c *Client) FindMachine(ctx context.Context, t MachineType, hostName string) (m Machine, found bool, err error) {
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	m, found, err = c.findMachine(ctx, t, hostName, "")
	if err != nil {
		return Machine{}, false, c.fail(fmt.Sprintf("looking for the %s machine %s", t, hostName), nil, err)
	}
	return m, found, nil
}

func (c *Client) findMachine(ctx context.Context, t MachineType, hostName, name string) (Machine, bool, error) {
	ms, err := c.listMachines(ctx, TypesQuery(t))
	if err != nil {
		return Machine{}, false, err
	}
	for _, m := range ms {
		if m.Type != t {
			continue
		}
		if hostName != "" && SameHost(m.HostName, hostName) {
			return m, true, nil
		}
	}
	for _, m := range ms {
		if m.Type == t && name != "" && strings.EqualFold(m.Name, name) {
			return m, true, nil
		}
	}
	return Machine{}, false, nil
}

// SameHost reports whether a host name read from PCCE (an FQDN) is the
// wanted one: equal after NormalizeHostName, or wanted is a short name and
// read is its FQDN.
func SameHost(read, wanted string) bool {
	r, w := NormalizeHostName(read), NormalizeHostName(wanted)
	if r == "" || w == "" {
		return false
	}
	return r == w || (!strings.Contains(w, ".") && strings.HasPrefix(r, w+"."))
}

// GetMachine reads one machine by its refURL. A missing machine is an
// error matching ErrNotFound.
func (c *Client) GetMachine(ctx context.Context, refURL string) (Machine, error) {
	op := "reading machine " + refURL
	path, err := c.itemPath(refURL, PathMachines)
	if err != nil {
		return Machine{}, c.fail(op, nil, err)
	}
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	resp, err := c.do(ctx, &request{method: http.MethodGet, path: path})
	if err != nil {
		return Machine{}, c.fail(op, nil, err)
	}
	var m Machine
	if err := xml.Unmarshal(resp.body, &m); err != nil {
		return Machine{}, c.fail(op, nil, fmt.Errorf("%s: decoding the answer: %w", c.on(http.MethodGet, path), err))
	}
	return m, nil
}

// CreateMachine adds m to the inventory (POST) and returns the new
// machine's refURL (from the Location header, made relative). m.RefURL and
// m.ChangeStamp are ignored.
//
// A lost answer never creates a duplicate: unless the server certainly did
// not act (a 503, or no connection), the inventory is searched for a
// machine of m's type and host name (or name) before sending again, and
// that machine's refURL is returned if it is there.
func (c *Client) CreateMachine(ctx context.Context, m Machine) (string, error) {
	op := fmt.Sprintf("creating %s machine %q", m.Type, m.Name)
	body, secrets, err := encode(m, true)
	if err != nil {
		return "", c.fail(op, nil, err)
	}
	rq := &request{method: http.MethodPost, path: PathMachines, body: body, secrets: secrets}
	rq.recover = func(ctx context.Context) (*response, bool, error) {
		found, ok, err := c.findMachine(ctx, m.Type, m.HostName, m.Name)
		if err != nil || !ok {
			return nil, false, err
		}
		return &response{status: http.StatusCreated, location: found.RefURL}, true, nil
	}
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	resp, err := c.do(ctx, rq)
	if err != nil {
		// A duplicate after a lost answer is the machine the lost attempt
		// created; a duplicate on the first attempt is the caller's.
		var ae *APIError
		if errors.As(err, &ae) && errors.Is(ae, ErrDuplicate) && ctx.Err() == nil {
			if r, found, rerr := rq.recover(ctx); rerr == nil && found && retried(err) {
				return r.location, nil
			}
		}
		return "", c.fail(op, rq, err)
	}
	ref, err := c.refFromLocation(resp.location)
	if err != nil {
		return "", c.fail(op, rq, err)
	}
	return ref, nil
}

// retried reports whether err comes from an attempt after the first.
func retried(err error) bool {
	var re *retriedError
	return errors.As(err, &re)
}

// UpdateMachine replaces m (PUT to m.RefURL) with m.ChangeStamp, the
// version it was read at. A stale changeStamp is an error matching
// ErrConflict: re-read and re-plan. An empty password leaves the stored one.
//
// An update whose answer was lost is sent again; if the lost one was
// applied, the retry reports ErrConflict (its changeStamp is now stale),
// which the caller handles the same way.
func (c *Client) UpdateMachine(ctx context.Context, m Machine) error {
	op := "updating machine " + m.RefURL
	path, err := c.itemPath(m.RefURL, PathMachines)
	if err != nil {
		return c.fail(op, nil, err)
	}
	body, secrets, err := encode(m, false)
	if err != nil {
		return c.fail(op, nil, err)
	}
	rq := &request{method: http.MethodPut, path: path, body: body, secrets: secrets}
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	if _, err := c.do(ctx, rq); err != nil {
		return c.fail(op, rq, err)
	}
	return nil
}

// encode is the XML body for m; secrets are its passwords. A create sends
// neither refURL nor changeStamp.
func encode(m Machine, create bool) ([]byte, []string, error) {
	m = m.Clone()
	if create {
		m.RefURL = ""
		m.ChangeStamp = 0
	}
	var secrets []string
	for _, n := range m.Networks {
		for _, s := range n.Services {
			if s.Password != "" {
				secrets = append(secrets, string(s.Password))
			}
		}
	}
	b, err := xml.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, secrets, fmt.Errorf("encoding the machine: %w", err)
	}
	return append([]byte(xml.Header), b...), secrets, nil
}

// itemPath checks that refURL names an item of the collection at base
// (relative, or absolute on the AW itself) and returns its path.
func (c *Client) itemPath(refURL, base string) (string, error) {
	u, err := url.Parse(refURL)
	if err != nil || refURL == "" {
		return "", fmt.Errorf("refURL %q is not a URL", refURL)
	}
	if u.IsAbs() && !strings.EqualFold(u.Host, c.base.Host) {
		return "", fmt.Errorf("refURL %q points to another server than %s", refURL, c.base.Host)
	}
	p := strings.TrimPrefix(u.Path, c.base.Path)
	id := strings.TrimPrefix(p, base+"/")
	if id == p || id == "" || strings.Contains(id, "/") {
		return "", fmt.Errorf("refURL %q is not an item of %s", refURL, base)
	}
	return p, nil
}

// refFromLocation makes the absolute Location of a create relative, as
// refURLs are in XML bodies.
func (c *Client) refFromLocation(loc string) (string, error) {
	if loc == "" {
		return "", fmt.Errorf("PCCE %s answered the create without a Location header", c.server)
	}
	if !strings.Contains(loc, "://") {
		return loc, nil // a refURL already (the recovered create)
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("PCCE %s answered the create with an unreadable Location %q", c.server, loc)
	}
	return strings.TrimPrefix(u.Path, c.base.Path), nil
}
