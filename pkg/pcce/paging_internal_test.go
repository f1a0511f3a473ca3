package pcce

import (
	"context"
	"crypto/x509"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fakeInventory answers machine list pages from a function of the
// request number and startIndex.
func fakeClient(t *testing.T, answer func(n, start int) MachineList) (*Client, *int) {
	t.Helper()
	n := 0
	c, err := New(Config{
		BaseURL: "https://aw.example.com",
		User:    "u",
		RootCAs: x509.NewCertPool(),
		HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			start, _ := strconv.Atoi(r.URL.Query().Get("startIndex"))
			if r.URL.Query().Get("resultsPerPage") != "100" {
				t.Errorf("resultsPerPage %q, want 100", r.URL.Query().Get("resultsPerPage"))
			}
			n++
			b, err := xml.Marshal(answer(n, start))
			if err != nil {
				t.Fatal(err)
			}
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(string(b))), Header: http.Header{}}, nil
		})},
		Backoff: func(int) time.Duration { return 0 },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, &n
}

// pageOf returns machines [start, start+count) of a list of total.
func pageOf(start, count, total int) MachineList {
	l := MachineList{PageInfo: &PageInfo{StartIndex: start, ResultsPerPage: 100, TotalResults: total}}
	for i := start; i < start+count && i < total; i++ {
		l.Machines = append(l.Machines, Machine{Name: fmt.Sprintf("m%03d", i), RefURL: fmt.Sprintf("%s/%d", PathMachines, i)})
	}
	if start+count < total {
		l.PageInfo.NextPage = "https://elsewhere.example.com/next" // never followed
	}
	return l
}

func TestPagingEdgeCases(t *testing.T) {
	tests := []struct {
		name         string
		answer       func(n, start int) MachineList
		wantCount    int
		wantRequests int
		wantErr      string
	}{
		{
			name:         "three pages",
			answer:       func(_, start int) MachineList { return pageOf(start, 100, 250) },
			wantCount:    250,
			wantRequests: 3,
		},
		{
			name:         "a page past the end answers the last full page",
			answer:       func(_, start int) MachineList { return pageOf(min(start, 150), 100, 250) },
			wantCount:    250,
			wantRequests: 3,
		},
		{
			name: "server clamps the start: stop, no endless loop",
			answer: func(_, start int) MachineList {
				l := pageOf(0, 100, 250)
				l.PageInfo.NextPage = "x"
				return l
			},
			wantCount:    100,
			wantRequests: 2,
		},
		{
			name: "a page from another start is kept, once, and ends the listing",
			answer: func(_, start int) MachineList {
				if start == 100 {
					return pageOf(90, 100, 300)
				}
				return pageOf(start, 100, 300)
			},
			wantCount:    190,
			wantRequests: 2,
		},
		{
			name: "total changes: read again from the start",
			answer: func(n, start int) MachineList {
				if n == 2 {
					return pageOf(start, 100, 251)
				}
				return pageOf(start, 100, 250)
			},
			wantCount:    250,
			wantRequests: 2 + 3,
		},
		{
			name:         "total keeps changing: give up",
			answer:       func(n, start int) MachineList { return pageOf(start, 100, 200+n) },
			wantRequests: 6,
			wantErr:      "the list changed while it was read",
		},
		{
			name:         "no pageInfo: one page",
			answer:       func(_, start int) MachineList { l := pageOf(start, 100, 250); l.PageInfo = nil; return l },
			wantCount:    100,
			wantRequests: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, n := fakeClient(t, tt.answer)
			ms, err := c.ListMachines(context.Background(), "")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(ms) != tt.wantCount {
				t.Errorf("%d machines, want %d", len(ms), tt.wantCount)
			}
			if *n != tt.wantRequests {
				t.Errorf("%d requests, want %d", *n, tt.wantRequests)
			}
		})
	}
}

func TestHostNames(t *testing.T) {
	tests := []struct {
		read, wanted string
		norm         string
		same         bool
	}{
		{"ECE-Web-A.Example.COM.", "ece-web-a.example.com", "ece-web-a.example.com", true},
		{"ece-web-a.example.com", "ece-web-a", "ece-web-a.example.com", true},
		{"ece-web-ab.example.com", "ece-web-a", "ece-web-ab.example.com", false},
		{"ece-web-a.example.com", "ece-web-a.example.org", "ece-web-a.example.com", false},
		{" 10.0.0.1 ", "10.0.0.1", "10.0.0.1", true},
		{"", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.read+"~"+tt.wanted, func(t *testing.T) {
			if got := NormalizeHostName(tt.read); got != tt.norm {
				t.Errorf("NormalizeHostName(%q) = %q, want %q", tt.read, got, tt.norm)
			}
			if got := SameHost(tt.read, tt.wanted); got != tt.same {
				t.Errorf("SameHost(%q, %q) = %v, want %v", tt.read, tt.wanted, got, tt.same)
			}
		})
	}
	if got := TypesQuery(TypeECE, TypeECEWebServer); got != "types:(ECE|ECE_WEB_SERVER)" {
		t.Errorf("TypesQuery = %q", got)
	}
}

func TestExponentialBackoff(t *testing.T) {
	b := ExponentialBackoff(200*time.Millisecond, 10*time.Second, rand.New(rand.NewPCG(1, 1)))
	tests := []struct {
		attempt  int
		min, max time.Duration
	}{
		{0, 100 * time.Millisecond, 200 * time.Millisecond},
		{1, 100 * time.Millisecond, 200 * time.Millisecond},
		{2, 200 * time.Millisecond, 400 * time.Millisecond},
		{4, 800 * time.Millisecond, 1600 * time.Millisecond},
		{10, 5 * time.Second, 10 * time.Second},
		{1000, 5 * time.Second, 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.attempt), func(t *testing.T) {
			for range 20 {
				if d := b(tt.attempt); d < tt.min || d >= tt.max {
					t.Fatalf("backoff(%d) = %v, want in [%v, %v)", tt.attempt, d, tt.min, tt.max)
				}
			}
		})
	}
}

func TestItemPath(t *testing.T) {
	c, err := New(Config{BaseURL: "https://aw.example.com", User: "u", RootCAs: x509.NewCertPool()})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ref, want, wantErr string
	}{
		{PathMachines + "/5001", PathMachines + "/5001", ""},
		{"https://aw.example.com" + PathMachines + "/5001", PathMachines + "/5001", ""},
		{"https://evil.example.com" + PathMachines + "/5001", "", "points to another server"},
		{PathMRDs + "/5001", "", "is not an item of /unifiedconfig/config/machineinventory"},
		{PathMachines, "", "is not an item"},
		{PathMachines + "/5001/stats", "", "is not an item"},
		{"", "", "is not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			got, err := c.itemPath(tt.ref, PathMachines)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("itemPath(%q) = %q, %v; want %q", tt.ref, got, err, tt.want)
			}
		})
	}
}
