package slapdtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// adliteSchema defines userPrincipalName and sAMAccountName for OpenLDAP.
//
//go:embed testdata/adlite.schema
var adliteSchema []byte

// schemaDir holds the schema files of Debian's OpenLDAP package.
const schemaDir = "/etc/ldap/schema"

// writeFiles writes into dir the certificates, the schema, slapd.conf and
// the seed LDIF, and creates the database folder. It returns the CA.
func writeFiles(dir, password string, now time.Time) (*x509.Certificate, error) {
	ca, certPEM, keyPEM, err := certificates(now)
	if err != nil {
		return nil, err
	}
	ssha, err := sshaHash(password)
	if err != nil {
		return nil, err
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw})
	files := []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{"ca.crt", caPEM, 0o644},
		{"server.crt", certPEM, 0o644},
		{"server.key", keyPEM, 0o600},
		{"adlite.schema", adliteSchema, 0o644},
		{"slapd.conf", []byte(slapdConf(dir)), 0o644},
		{"seed.ldif", []byte(seedLDIF(ssha)), 0o600},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, f.mode); err != nil {
			return nil, fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "db"), 0o700); err != nil {
		return nil, fmt.Errorf("creating the database folder: %w", err)
	}
	return ca, nil
}

// slapdConf is the configuration: Debian's core schemas plus adlite, one
// mdb database, TLS, and access rules like Active Directory's defaults.
func slapdConf(dir string) string {
	q := func(name string) string { return `"` + filepath.Join(dir, name) + `"` }
	lines := []string{
		`include "` + schemaDir + `/core.schema"`,
		`include "` + schemaDir + `/cosine.schema"`,
		`include "` + schemaDir + `/inetorgperson.schema"`,
		`include ` + q("adlite.schema"),
		`modulepath /usr/lib/ldap`,
		`moduleload back_mdb`,
		`pidfile ` + q("slapd.pid"),
		`argsfile ` + q("slapd.args"),
		`TLSCACertificateFile ` + q("ca.crt"),
		`TLSCertificateFile ` + q("server.crt"),
		`TLSCertificateKeyFile ` + q("server.key"),
		``,
		`database mdb`,
		`suffix "` + BaseDN + `"`,
		`directory ` + q("db"),
		`maxsize 10485760`,
		`access to attrs=userPassword`,
		`	by anonymous auth`,
		`	by * none`,
		`access to *`,
		`	by users read`,
		`	by * none`,
	}
	return strings.Join(lines, "\n") + "\n"
}

// seedLDIF is the tree: the suffix, two OUs, the search account and the
// test user, both with passwordHash.
func seedLDIF(passwordHash string) string {
	user := func(dn, cn, upn string) string {
		return "dn: " + dn + "\n" +
			"objectClass: inetOrgPerson\nobjectClass: adLiteUser\n" +
			"cn: " + cn + "\nsn: " + cn + "\nuid: " + cn + "\n" +
			"sAMAccountName: " + cn + "\nuserPrincipalName: " + upn + "\n" +
			"userPassword: " + passwordHash + "\n"
	}
	return strings.Join([]string{
		"dn: " + BaseDN + "\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n",
		"dn: ou=Service," + BaseDN + "\nobjectClass: organizationalUnit\nou: Service\n",
		"dn: ou=Users," + BaseDN + "\nobjectClass: organizationalUnit\nou: Users\n",
		user(SearchDN, "svc-ece", SearchUPN),
		user(TestUserDN, "pcceadmin", TestUserUPN),
	}, "\n")
}

// sshaHash is the {SSHA} userPassword value of password (salted SHA-1, the
// scheme slapd verifies by default).
func sshaHash(password string) (string, error) {
	salt := make([]byte, 8)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	sum := sha1.Sum(append([]byte(password), salt...))
	return "{SSHA}" + base64.StdEncoding.EncodeToString(append(sum[:], salt...)), nil
}

// certificates makes a CA and a server certificate for 127.0.0.1 and
// localhost; it returns the CA and the server's certificate and PKCS#8 key
// in PEM.
func certificates(now time.Time) (*x509.Certificate, []byte, []byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("ca key: %w", err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: "slapdtest CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("ca certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("ca certificate: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("server key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano() + 1),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), caKey)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("server certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("server key: %w", err)
	}
	return ca,
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		nil
}
