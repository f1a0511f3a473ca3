package pcce_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/pcce"
)

// fuzzPassword is the API password of the fuzzed client; answers may echo
// it, errors must not.
const fuzzPassword = "Fuzz-Api-Secret-77"

// fuzzOps are the client operations whose answers are decoded, by index.
var fuzzOps = []struct {
	name string
	run  func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error)
}{
	{"ListMachines", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		return c.ListMachines(ctx, pcce.TypesQuery(pcce.TypeECE, pcce.TypeECEWebServer))
	}},
	{"FindMachine", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		m, found, err := c.FindMachine(ctx, pcce.TypeECEWebServer, "ece")
		if found {
			return []pcce.Machine{m}, err
		}
		return nil, err
	}},
	{"GetMachine", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		m, err := c.GetMachine(ctx, pcce.PathMachines+"/5001")
		return []pcce.Machine{m}, err
	}},
	{"ListMRDs", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		_, err := c.ListMRDs(ctx)
		return nil, err
	}},
	{"ListApplicationInstances", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		_, err := c.ListApplicationInstances(ctx)
		return nil, err
	}},
	{"MachineStatus", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		_, err := c.MachineStatus(ctx)
		return nil, err
	}},
	{"UpdateMachine", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		m := pcce.NewECEWebServer("ece", "ece.example.com", "pa", pcce.Password(fuzzPassword+"-pa"), pcce.Ref{Name: "MultiChannel"})
		m.RefURL = pcce.PathMachines + "/5001"
		return nil, c.UpdateMachine(ctx, m)
	}},
	{"CreateMachine", func(ctx context.Context, c *pcce.Client) ([]pcce.Machine, error) {
		m := pcce.NewECEDataServer("ece-data", "ece-data.example.com")
		_, err := c.CreateMachine(ctx, m)
		return nil, err
	}},
}

// fixedAnswer answers every request with the same status, Location and
// body, without a network.
type fixedAnswer struct {
	status   int
	location string
	body     []byte
}

func (a *fixedAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	h := http.Header{"Content-Type": {"application/xml"}}
	if a.location != "" {
		h.Set("Location", a.location)
	}
	return &http.Response{
		StatusCode: a.status,
		Header:     h,
		Body:       io.NopCloser(bytes.NewReader(a.body)),
		Request:    req,
	}, nil
}

// FuzzAnswers feeds one PCCE answer (a status and a body: machine lists
// with pageInfo, a machine, MRDs, application instances, the inventory
// status, apiErrors, HTML error pages, garbage) to each operation. It never
// panics; an error starts with "pcce: ", never shows the API password, and
// for a non-2xx status is an *APIError of that status matching the
// sentinel of the status; a password is never read from an answer.
//
// Seed corpus: testdata/fuzz/FuzzAnswers holds the documented payloads of
// testdata/ and answers of the lab's PCCE simulator.
func FuzzAnswers(f *testing.F) {
	f.Add(uint8(0), uint16(200), []byte(`<results><pageInfo><resultsPerPage>100</resultsPerPage><startIndex>0</startIndex><totalResults>1</totalResults></pageInfo><machines><machine><changeStamp>1</changeStamp><refURL>/unifiedconfig/config/machineinventory/5001</refURL><name>ece</name><type>ECE_WEB_SERVER</type><hostName>ece.example.com</hostName><networks><network><type>PUBLIC</type><services><service><type>ADMINISTRATION</type><userName>pa</userName><password>leaked</password></service></services></network></networks></machine></machines></results>`))
	f.Add(uint8(0), uint16(200), []byte(`<results><pageInfo><startIndex>0</startIndex><totalResults>300</totalResults><nextPage>x</nextPage></pageInfo><machines><machine><refURL>/a</refURL></machine></machines></results>`))
	f.Add(uint8(6), uint16(409), []byte(`<apiErrors><apiError><errorType>invalidInput.changeStampMismatch</errorType><errorMessage>stale</errorMessage></apiError></apiErrors>`))
	f.Add(uint8(7), uint16(400), []byte(`<apiErrors><apiError><errorType>invalidInput.invalidValue</errorType><errorData>password</errorData><errorMessage>`+fuzzPassword+`</errorMessage></apiError></apiErrors>`))
	f.Add(uint8(3), uint16(502), []byte(`<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>`+fuzzPassword+`</body></html>`))
	// The password across the 200th character of an error page.
	f.Add(uint8(4), uint16(302), []byte("<html><body>"+strings.Repeat("x ", 95)+fuzzPassword+"</body></html>"))
	f.Add(uint8(1), uint16(401), []byte(`<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>`))
	f.Add(uint8(5), uint16(200), []byte(`<status><alerts><alert><apiErrors><apiError><errorType>inventory.MissingMachine</errorType></apiError></apiErrors><machine><host>vm1</host><type>ECE</type></machine></alert></alerts><scanInfo><lastScanDateTime>1700000000000</lastScanDateTime></scanInfo></status>`))
	f.Add(uint8(2), uint16(200), []byte(`<machine><name>ece`))
	f.Fuzz(func(t *testing.T, op uint8, status uint16, body []byte) {
		o := fuzzOps[int(op)%len(fuzzOps)]
		code := 200 + int(status)%400
		ans := &fixedAnswer{status: code, body: body}
		if code == http.StatusCreated {
			ans.location = "https://aw.example.com/unifiedconfig/config/machineinventory/5002"
		}
		c, err := pcce.New(pcce.Config{
			BaseURL:      "https://aw.example.com",
			User:         "administrator",
			Password:     fuzzPassword,
			RootCAs:      x509.NewCertPool(),
			HTTPClient:   &http.Client{Transport: ans},
			Timeout:      5 * time.Second,
			TotalTimeout: 10 * time.Second,
			Retries:      -1,
			Backoff:      func(int) time.Duration { return 0 },
			Sleep:        func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
		})
		if err != nil {
			t.Fatal(err)
		}
		machines, err := o.run(context.Background(), c)
		for _, m := range machines {
			for _, n := range m.Networks {
				for _, s := range n.Services {
					if s.Password != "" {
						t.Fatalf("%s: a password was read from the answer", o.name)
					}
				}
			}
		}
		if err == nil {
			if code > 299 {
				t.Fatalf("%s: HTTP %d accepted", o.name, code)
			}
			return
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "pcce: ") {
			t.Fatalf("%s: error does not start with the package: %q", o.name, msg)
		}
		if strings.Contains(msg, fuzzPassword) || cutPassword(body, msg) {
			t.Fatalf("%s: error shows (the start of) the API password: %q", o.name, msg)
		}
		var ae *pcce.APIError
		if code > 299 {
			if !errors.As(err, &ae) || ae.Status != code {
				t.Fatalf("%s: HTTP %d is not an *APIError of that status: %v", o.name, code, err)
			}
			for status, sentinel := range map[int]error{401: pcce.ErrUnauthorized, 403: pcce.ErrUnauthorized, 404: pcce.ErrNotFound, 409: pcce.ErrConflict} {
				if code == status && !errors.Is(err, sentinel) {
					t.Fatalf("%s: HTTP %d does not match %v: %v", o.name, code, sentinel, err)
				}
			}
		} else if errors.As(err, &ae) {
			t.Fatalf("%s: HTTP %d reported as an API error: %v", o.name, code, err)
		}
	})
}

// cutPassword reports whether msg shows the start of the password that
// body holds: a password cut where an error page is shortened.
func cutPassword(body []byte, msg string) bool {
	pw, start := []byte(fuzzPassword), fuzzPassword[:10]
	if !bytes.Contains(body, pw) || bytes.Contains(bytes.ReplaceAll(body, pw, nil), []byte(start)) {
		return false
	}
	return strings.Contains(msg, start)
}
