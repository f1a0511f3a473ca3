package lab

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"github.com/ecereconcile/ecereconcile/internal/shellquote"
)

// specHeader is the comment block leading spec.yaml; {{.Dir}} is the lab
// folder as the user named it.
const specHeader = `# ecereconcile lab: a realistic "before" of the ECE <-> PCCE integration.
#
# An HA 400-agent deployment in the lab.example.com domain, every server a folder
# below hosts/ (the Windows path C:\X\Y on host H is hosts/H/C/X/Y; service
# states are hosts/H/.lab/services/*.json). Nothing of the tech note is done yet:
#   - ece-web-a/b: spog_config.js still says http and the server's own name;
#     IIS has no https binding on ece-web-a; ece-web-b has one with a host
#     name, SNI on and its own certificate (not valid for ece.lab.example.com);
#   - ece-app-a/b: no Active Directory keystore (C:\ece\pcce\mydomain.jks);
#   - ads-a/b: the JDK 8 cacerts does not trust the ECE web certificate,
#     Apache Tomcat is running.
# The ECE admin settings (partition SSO, trace levels, the UCCE integration)
# are in a simulated admin store (.lab/ece). PCCE (its Unified Config REST
# API: inventory, MRDs) and the Active Directory the partition SSO is
# verified against are simulators that run while
#   ecereconcile lab serve --dir {{.Dir}}
# does (it writes their ports into this file, on the "# lab serve" lines). The AD certificate is in certs/, the passwords in secrets/;
# ecereconcile makes the web certificate (self-signed, shared by both web servers).
#
# Try:
#   ecereconcile validate -f {{.Dir}}/spec.yaml
#   ecereconcile plan     -f {{.Dir}}/spec.yaml
#   ecereconcile plan     -f {{.Dir}}/spec.yaml --out {{.Dir}}/change.plan
#   ecereconcile apply    {{.Dir}}/change.plan
#   ecereconcile plan     -f {{.Dir}}/spec.yaml --detailed-exitcode   # 0: nothing left to do
#   ecereconcile drift    -f {{.Dir}}/spec.yaml
#   ecereconcile graph    -f {{.Dir}}/spec.yaml | dot -Tsvg > graph.svg
# then edit a spog_config.js below hosts/ece-web-b by hand and run drift again.
`

// specBody is the lab's spec proper.
const specBody = `apiVersion: ecereconcile/v1
kind: Environment
metadata:
  name: lab
  description: ECE HA 400 agents integrated with PCCE (ecereconcile lab)
hosts:
  - name: ece-web-a
    fqdn: ece-web-a.lab.example.com
    roles: [ece-web]
    connection: {type: lab, root: hosts/ece-web-a}
  - name: ece-web-b
    fqdn: ece-web-b.lab.example.com
    roles: [ece-web]
    connection: {type: lab, root: hosts/ece-web-b}
  - name: ece-app-a
    roles: [ece-app]
    connection: {type: lab, root: hosts/ece-app-a}
  - name: ece-app-b
    roles: [ece-app]
    connection: {type: lab, root: hosts/ece-app-b}
  - name: ece-data
    fqdn: ece-data.lab.example.com
    roles: [ece-data]
    connection: {type: lab, root: hosts/ece-data}
  - name: ads-a
    roles: [pcce-ads]
    connection: {type: lab, root: hosts/ads-a}
  - name: ads-b
    roles: [pcce-ads]
    connection: {type: lab, root: hosts/ads-b}
integration:
  ece:
    fqdn: ece.lab.example.com
    home: 'C:\Cisco\ECE'
    version: 12.0(1)
    patches: [ES3, ES3_ET1a]
  webCertificate:
    source: self-signed
    dnsNames: [ece.lab.example.com, ece-web-a.lab.example.com, ece-web-b.lab.example.com]
    renewBefore: 30d
  iisBinding:
    site: Default Web Site
    port: 443
  activeDirectory:
    certificate: certs/ad-dc.crt
    alias: mydomaincontroller
    keystore:
      path: 'C:\ece\pcce\mydomain.jks'
      type: jks
      password: {file: secrets/ece-keystore.pass}
      create: true
  spogConfig:
    webServerProtocol: https
    webServerName: ece.lab.example.com
  adsTrust:
    truststore:
      path: 'C:\Program Files (x86)\OpenJDK\jre-8.0.272.10-hotspot\lib\security\cacerts'
      type: jks
    restartService: Apache Tomcat
  pcce:
    url: https://127.0.0.1:443  # lab serve
    user: administrator@lab.example.com
    password: {file: secrets/pcce-admin.pass}
    caCertificate: certs/pcce-aw.crt
    deploymentModel: "2000"
    version: 12.0(1)
    patches: [ES37]
  inventory:
    applicationInstance: MultiChannel
    partitionAdmin:
      user: pa@lab.example.com
      password: {file: secrets/ece-pa.pass}
    statusWait: 1s  # the simulator validates at once
  eceAdmin:
    backend: lab
    root: .
  partitionSSO:
    url: ldaps://127.0.0.1:3269  # lab serve
    searchDN: CN=svc-ece,OU=Service,DC=lab,DC=example,DC=com
    password: {file: secrets/ldap-search.pass}
    testUser: agent1@lab.example.com
  traceLevels:
    - {process: EAAS-process, level: 4}
    - {process: EAMS-process, level: 4}
    - {process: dx-process, level: 4}
    - {process: rx-process, level: 4}
  ucceIntegration:
    awdb:
      server: aw1.lab.example.com
      database: pcce_awdb
      user: ece_awdb
      password: {file: secrets/awdb.pass}
    applicationInstance: MultiChannel
    agentPGs: [PG1A, PG1B]
`

var specTemplate = template.Must(template.New("spec.yaml").Parse(specHeader + "\n" + specBody))

// SpecYAML renders the lab's spec.yaml; dir is the lab folder as the user
// named it, used only in the comment's example commands.
func SpecYAML(dir string) ([]byte, error) {
	var buf bytes.Buffer
	if err := specTemplate.Execute(&buf, struct{ Dir string }{shellWord(dir)}); err != nil {
		return nil, fmt.Errorf("rendering spec.yaml: %w", err)
	}
	return buf.Bytes(), nil
}

// shellWord quotes dir for the example commands when it needs it. A name
// with a line break (which would end the YAML comment) becomes "DIR".
func shellWord(dir string) string {
	if strings.ContainsAny(dir, "\r\n") {
		return "DIR"
	}
	return shellquote.Quote(dir)
}
