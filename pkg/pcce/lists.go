package pcce

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// maxPages guards against a server whose paging never ends.
const maxPages = 10000

// pager is a decoded page of T.
type pager[T any] interface {
	page() (*PageInfo, []T)
}

// errListChanged: the total changed while the pages were read.
var errListChanged = errors.New("the list changed while it was read")

// listAll reads every page of the collection at path, 100 items at a time.
// key identifies an item (its refURL) to drop one seen twice. If the total
// changes between pages (an item added or removed meanwhile, which shifts
// the pages), the listing starts over, at most three times.
func listAll[T any, P any, PP interface {
	*P
	pager[T]
}](ctx context.Context, c *Client, path, q string, key func(T) string) ([]T, error) {
	var err error
	for try := 0; try < 3; try++ {
		var items []T
		items, err = listOnce[T, P, PP](ctx, c, path, q, key)
		if !errors.Is(err, errListChanged) {
			return items, err
		}
	}
	return nil, err
}

func listOnce[T any, P any, PP interface {
	*P
	pager[T]
}](ctx context.Context, c *Client, path, q string, key func(T) string) ([]T, error) {
	var (
		all   []T
		seen  = map[string]bool{}
		start = 0
		total = -1
	)
	for pages := 0; ; pages++ {
		if pages == maxPages {
			return nil, fmt.Errorf("%s: more than %d pages; giving up", c.on(http.MethodGet, path), maxPages)
		}
		query := url.Values{
			"startIndex":     {strconv.Itoa(start)},
			"resultsPerPage": {strconv.Itoa(MaxResultsPerPage)},
		}
		if q != "" {
			query.Set("q", q)
		}
		resp, err := c.do(ctx, &request{method: http.MethodGet, path: path, query: query})
		if err != nil {
			return nil, err
		}
		var p P
		if err := xml.Unmarshal(resp.body, PP(&p)); err != nil {
			return nil, fmt.Errorf("%s: decoding page at %d: %w", c.on(http.MethodGet, path), start, err)
		}
		info, items := PP(&p).page()
		for _, it := range items {
			if k := key(it); k != "" {
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			all = append(all, it)
		}
		if info == nil {
			return all, nil // not paged
		}
		if total >= 0 && info.TotalResults != total {
			return nil, errListChanged
		}
		total = info.TotalResults
		// Stop on the last page; also when the server answered another
		// page than asked (past the end it returns the last full page).
		if info.NextPage == "" || len(items) == 0 || info.StartIndex != start {
			return all, nil
		}
		start = info.StartIndex + len(items)
		if start >= total {
			return all, nil
		}
	}
}

// ListMRDs returns every media routing domain.
func (c *Client) ListMRDs(ctx context.Context) ([]MRD, error) {
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	mrds, err := listAll[MRD, mrdPage](ctx, c, PathMRDs, "", func(m MRD) string { return m.RefURL })
	if err != nil {
		return nil, c.fail("listing media routing domains", nil, err)
	}
	return mrds, nil
}

// UpdateMRD replaces an MRD (PUT to m.RefURL) with m.ChangeStamp. Only
// multichannel MRDs can change: voice and legacyMultichannel ones (the
// ECE MRDs) are refused with an error matching ErrReadOnly.
func (c *Client) UpdateMRD(ctx context.Context, m MRD) error {
	op := "updating media routing domain " + m.RefURL
	path, err := c.itemPath(m.RefURL, PathMRDs)
	if err != nil {
		return c.fail(op, nil, err)
	}
	body, err := xml.Marshal(m)
	if err != nil {
		return c.fail(op, nil, fmt.Errorf("encoding the MRD: %w", err))
	}
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	rq := &request{method: http.MethodPut, path: path, body: append([]byte(xml.Header), body...)}
	if _, err := c.do(ctx, rq); err != nil {
		return c.fail(op, rq, err)
	}
	return nil
}

// ListApplicationInstances returns every application instance.
func (c *Client) ListApplicationInstances(ctx context.Context) ([]ApplicationInstance, error) {
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	ais, err := listAll[ApplicationInstance, appInstancePage](ctx, c, PathApplicationInstances, "",
		func(a ApplicationInstance) string { return a.RefURL })
	if err != nil {
		return nil, c.fail("listing application instances", nil, err)
	}
	return ais, nil
}

// MachineStatus reads the inventory alerts (tech note step 6: "no alerts
// in the status bar").
func (c *Client) MachineStatus(ctx context.Context) (MachineStatus, error) {
	const op = "reading the inventory status"
	ctx, cancel := c.withTotal(ctx)
	defer cancel()
	resp, err := c.do(ctx, &request{method: http.MethodGet, path: PathMachineStatus})
	if err != nil {
		return MachineStatus{}, c.fail(op, nil, err)
	}
	var st MachineStatus
	if err := xml.Unmarshal(resp.body, &st); err != nil {
		return MachineStatus{}, c.fail(op, nil, fmt.Errorf("%s: decoding the answer: %w", c.on(http.MethodGet, PathMachineStatus), err))
	}
	return st, nil
}
