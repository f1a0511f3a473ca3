package scale

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/internal/wire"
	"github.com/ecereconcile/ecereconcile/pkg/lab"
	"github.com/ecereconcile/ecereconcile/pkg/plan"
	"github.com/ecereconcile/ecereconcile/pkg/spec"
)

// BenchmarkPlanPerResource plans specs of 10, 100 and 1,000 ADS hosts.
func BenchmarkPlanPerResource(b *testing.B) {
	template := filepath.Join(b.TempDir(), "lab")
	if _, err := lab.Init(template, lab.Options{Now: time.Now, Rand: rand.Reader}); err != nil {
		b.Fatal(err)
	}
	for _, hosts := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("hosts=%d", hosts), func(b *testing.B) {
			specPath := adsSpec(b, template, hosts)
			var resources int
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu0 := cpuTime()
			for b.Loop() {
				resources = planOnce(b, specPath)
			}
			cpu := cpuTime() - cpu0
			runtime.ReadMemStats(&after)
			if want := 2 * hosts; resources != want {
				b.Fatalf("%d resources planned, want %d", resources, want)
			}
			perResource := func(total float64) float64 { return total / float64(b.N) / float64(resources) }
			b.ReportMetric(perResource(float64(b.Elapsed().Nanoseconds())), "ns/resource")
			b.ReportMetric(perResource(float64(cpu.Nanoseconds())), "cpu-ns/resource")
			b.ReportMetric(perResource(float64(after.Mallocs-before.Mallocs)), "allocs/resource")
			b.ReportMetric(perResource(float64(after.TotalAlloc-before.TotalAlloc)), "B/resource")
			b.ReportMetric(float64(resources), "resources")
		})
	}
}

// planOnce does what `plan -f` does before rendering, and returns how many
// resources were planned.
func planOnce(b *testing.B, specPath string) int {
	sp, err := spec.Load(specPath)
	if err != nil {
		b.Fatal(err)
	}
	rs, err := wire.Resources(sp, wire.Env{Now: time.Now, LookupEnv: os.LookupEnv})
	if err != nil {
		b.Fatal(err)
	}
	g, err := plan.NewGraph(rs)
	if err != nil {
		b.Fatal(err)
	}
	p, err := plan.Build(context.Background(), g, plan.Options{Journal: plan.NewMemJournal()})
	if err != nil {
		b.Fatal(err)
	}
	for _, it := range p.Items {
		if it.Err != nil {
			b.Fatalf("%s: %v", it.Addr, it.Err)
		}
	}
	return len(p.Items)
}

// adsSpec writes a spec of n ADS hosts, each a copy of the lab's ads-a (a
// JDK 8 cacerts of 5 CAs and a running Apache Tomcat), whose truststores
// must trust one ECE web certificate.
func adsSpec(b *testing.B, template string, n int) string {
	b.Helper()
	dir := b.TempDir()
	var hosts strings.Builder
	for i := range n {
		name := fmt.Sprintf("ads-%04d", i)
		if err := os.CopyFS(filepath.Join(dir, "hosts", name), os.DirFS(filepath.Join(template, "hosts", "ads-a"))); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&hosts, "  - name: %s\n    roles: [pcce-ads]\n    connection: {type: lab, root: hosts/%s}\n", name, name)
	}
	if err := os.WriteFile(filepath.Join(dir, "ece-web.crt"), webCertificate(b), 0o644); err != nil {
		b.Fatal(err)
	}
	spec := `apiVersion: ecereconcile/v1
kind: Environment
metadata:
  name: scale
hosts:
` + hosts.String() + `integration:
  ece:
    fqdn: ece.lab.example.com
    home: 'C:\Cisco\ECE'
    webCertificate: ece-web.crt
  adsTrust:
    truststore:
      path: 'C:\Program Files (x86)\OpenJDK\jre-8.0.272.10-hotspot\lib\security\cacerts'
      type: jks
    restartService: Apache Tomcat
`
	path := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// webCertificate is a self-signed certificate for the ECE FQDN (PEM).
func webCertificate(b *testing.B) []byte {
	b.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "ece.lab.example.com"},
		DNSNames:     []string{"ece.lab.example.com"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(1, 0, 0),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		b.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
