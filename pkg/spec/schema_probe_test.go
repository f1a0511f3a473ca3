package spec

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The probe test keeps the schema and validate in agreement. Starting from
// valid specs that together write every field of the schema, it changes one
// value at a time, as each constraint of the schema says (every enum value,
// a value outside the set, each bound and one past it, a pattern's good and
// bad sample, an empty string or list, a duplicate item, a removed required
// field, an unknown field, a value of the wrong type), and checks that
// Parse reports a problem at that field exactly when the schema rejects the
// document.

// probeBases are valid specs; the first one writing a field is probed.
var probeBases = []string{
	// Every block, a self-signed certificate, the 2000-agent model.
	`apiVersion: ecereconcile/v1
kind: Environment
metadata:
  name: probe
  description: every field
  labels: {site: east, tier: 1}
  stateDir: state
hosts:
  - name: web-a
    fqdn: web-a.lab.example.com
    roles: [ece-web]
    connection:
      type: winrm
      endpoint: https://web-a.lab.example.com:5986/wsman
      user: 'LAB\svc'
      password: {env: WINRM_PASS}
      auth: ntlm
      caCertificate: ../certs/corp-root.crt
  - {name: web-b, fqdn: web-b.lab.example.com, roles: [ece-web], connection: {type: lab, root: hosts/web-b}}
  - {name: app-a, roles: [ece-app], connection: {type: local}}
  - {name: data-a, fqdn: data-a.lab.example.com, roles: [ece-data], connection: {type: local}}
  - {name: ads-a, roles: [pcce-ads], connection: {type: lab, root: hosts/ads-a}}
integration:
  ece:
    fqdn: ece.lab.example.com
    home: 'C:\Cisco\ECE'
    version: 12.5(1)
    patches: [ES1]
  activeDirectory:
    certificate: ../certs/ad-dc.crt
    alias: mydomaincontroller
    keystore: {path: 'C:\ece\pcce\mydomain.jks', type: jks, password: {file: secrets/ks.pass}, create: true}
  spogConfig:
    path: 'C:\Cisco\ECE\eService\templates\finesse\gadget\spog\spog_config.js'
    webServerProtocol: https
    webServerName: ece.lab.example.com
  adsTrust:
    truststore: {path: 'C:\jre\lib\security\cacerts', type: jks, password: {env: CACERTS_PASS}}
    certificates:
      - {alias: corp-root, certificate: ../certs/corp-root.crt}
    restartService: Apache Tomcat
  webCertificate:
    source: self-signed
    shared: true
    commonName: ece.lab.example.com
    # probe.example.com: the probes' sample name, so that a probed
    # spogConfig.webServerName is one the certificate is issued for.
    dnsNames: [ece.lab.example.com, web-a.lab.example.com, probe.example.com]
    organization: Lab
    keySize: 2048
    validity: 825d
    renewBefore: 30d
    friendlyName: ECE web
  iisBinding: {site: Default Web Site, port: 443}
  pcce:
    url: https://aw1.lab.example.com
    user: administrator@lab.example.com
    password: {env: PCCE_PASS}
    caCertificate: ../certs/corp-root.crt
    deploymentModel: "2000"
    version: 12.5(1)
    patches: [ES7]
    wxmAnalyzer: true
    requestTimeout: 45s
  inventory:
    applicationInstance: MultiChannel
    partitionAdmin: {user: pa@lab.example.com, password: {env: PA_PASS}}
    statusWait: 60s
  eceAdmin: {backend: lab, root: lab}
  partitionSSO:
    url: ldaps://gc.lab.example.com:3269
    dnAttribute: userPrincipalName
    base: ''
    searchDN: CN=svc,DC=lab,DC=example,DC=com
    password: {env: LDAP_PASS}
    sslEnabled: true
    keystorePath: 'C:\ece\pcce\mydomain.jks'
    testUser: agent1@lab.example.com
  traceLevels:
    - {process: EAAS-process, level: 8, maxDuration: 2h}
  ucceIntegration:
    awdb: {server: aw1.lab.example.com, port: 1433, database: pcce_awdb, user: ece, password: {env: AWDB_PASS}}
    applicationInstance: MultiChannel
    agentPGs: [PG1A]
resources:
  - keystore:
      name: extra_trust
      hosts: [ads-a]
      dependsOn: [keystore.ads_cacerts]
      path: 'C:\icm\extra.jks'
      type: jks
      password: {env: EXTRA_PASS}
      create: true
      entries:
        - {alias: corp-root, certificate: ../certs/corp-root.crt}
  - spog_config:
      name: copy
      hosts: [web-b]
      dependsOn: [spog_config.spog_config]
      path: 'D:\copy\spog_config.js'
      webServerProtocol: https
      webServerName: ece.lab.example.com
  - service:
      name: extra_agent
      hosts: [ads-a]
      dependsOn: ['keystore.extra_trust[ads-a]']
      service: Extra Agent
      restartOn: [keystore.extra_trust]
`,
	// A PFX and the 4000-agent model's bulk CSV.
	`apiVersion: ecereconcile/v1
kind: Environment
metadata: {name: probe-pfx}
hosts:
  - {name: web-a, roles: [ece-web], connection: {type: local}}
  - {name: data-a, fqdn: data-a.example.com, roles: [ece-data], connection: {type: local}}
  - {name: ads-a, roles: [pcce-ads], connection: {type: local}}
integration:
  ece: {fqdn: ece.lab.example.com}
  webCertificate:
    source: pfx
    pfx: {file: ../certs/chain.crt, password: {env: PFX_PASS}}
  adsTrust:
    truststore: {path: 'C:\jre\lib\security\cacerts'}
    certificates: [{alias: corp-root, certificate: ../certs/corp-root.crt}]
  pcce:
    url: https://aw1.example.com
    user: admin
    password: {env: PCCE_PASS}
    caCertificate: ../certs/corp-root.crt
    deploymentModel: "4000"
  inventory:
    applicationInstance: Site1_PS1_ECE
    partitionAdmin: {user: pa, password: {env: PA_PASS}}
    csvFile: state/inventory.csv
`,
	// A CSR per server.
	`apiVersion: ecereconcile/v1
kind: Environment
metadata: {name: probe-csr}
hosts:
  - {name: web-a, roles: [ece-web], connection: {type: local}}
  - {name: web-b, roles: [ece-web], connection: {type: local}}
integration:
  ece: {fqdn: ece.lab.example.com}
  webCertificate:
    source: csr
    shared: false
    csr: {dir: csr, signedCertificate: 'certs/{host}.crt'}
`,
	// A web certificate managed outside ecereconcile.
	`apiVersion: ecereconcile/v1
kind: Environment
metadata: {name: probe-outside}
hosts:
  - {name: ads-a, roles: [pcce-ads], connection: {type: local}}
integration:
  ece: {fqdn: ece.lab.example.com, webCertificate: ../certs/ece-web.crt}
  adsTrust:
    truststore: {path: 'C:\jre\lib\security\cacerts'}
`,
}

// patternSamples are, for each pattern of the schema, a value it accepts
// and one it refuses.
var patternSamples = map[string][2]string{
	objectNamePattern: {"probe-1", "Probe_1!"},
	envNamePattern:    {"PROBE_VAR", "1PROBE"},
	resourcePattern:   {"probe_name", "Probe-Name"},
	dnsNamePattern:    {"probe.example.com", "probe_1.example.com"},
	durationPattern:   {"36h", "1d12h"},
}

// step is one move down a YAML tree: a mapping key or a list index.
type step struct {
	key   string
	index int // when key is ""
}

func pathOf(steps []step) string {
	var b strings.Builder
	for _, s := range steps {
		if s.key == "" {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// probe is one change to a base spec.
type probe struct {
	base    int
	at      string // the field whose problems count
	what    string
	edit    func(root *yaml.Node)
	wantErr bool
}

// prober walks a base spec along the schema and collects probes.
type prober struct {
	js     *jsonSchema
	base   int
	seen   map[string]bool // normalized field + probe kind: the first base wins
	probes []probe
	// covered are the schema locations ("Host.roles[]") probed.
	covered map[string]bool
}

func (p *prober) add(loc, norm, what string, at string, wantErr bool, edit func(root *yaml.Node)) {
	p.covered[loc] = true
	if p.seen[norm+" "+what] {
		return
	}
	p.seen[norm+" "+what] = true
	p.probes = append(p.probes, probe{base: p.base, at: at, what: what, edit: edit, wantErr: wantErr})
}

// normalize drops list indices: hosts[].roles[].
var indexRE = regexp.MustCompile(`\[\d+\]`)

// walk visits node n (at steps) against schema s; loc names the schema
// location for coverage.
func (p *prober) walk(s map[string]any, n *yaml.Node, steps []step, loc string) {
	s = p.js.resolve(s)
	at := pathOf(steps)
	norm := indexRE.ReplaceAllString(at, "[]")
	set := func(v *yaml.Node) func(*yaml.Node) {
		steps := slices.Clone(steps)
		return func(root *yaml.Node) { *find(root, steps) = *v }
	}
	add := func(what string, wantErr bool, edit func(*yaml.Node)) {
		p.add(loc, norm, what, at, wantErr, edit)
	}
	types := schemaTypes(s)
	if len(steps) > 0 {
		switch {
		case slices.Contains(types, "object"), slices.Contains(types, "array"):
			add("a string", true, set(strNode("zz")))
		default:
			add("a mapping", true, set(mapNode("zz", strNode("zz"))))
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		for _, v := range enum {
			add(fmt.Sprintf("enum value %v", show(v)), false, set(valueNode(v)))
		}
		add("a value outside the enum", true, set(strNode("zz-outside")))
	}
	if pat, ok := s["pattern"].(string); ok {
		samples, known := patternSamples[pat]
		if !known {
			panic("no samples in patternSamples for the pattern " + pat)
		}
		add("pattern sample "+strconv.Quote(samples[0]), false, set(strNode(samples[0])))
		add("pattern sample "+strconv.Quote(samples[1]), true, set(strNode(samples[1])))
	}
	if v, ok := s["minLength"].(float64); ok && v == 1 {
		add("an empty string", true, set(strNode("")))
	}
	if v, ok := s["maxLength"].(float64); ok {
		long := strings.Repeat("a.", int(v)/2) + "aa" // valid labels, one too many characters
		add("a string over maxLength", true, set(strNode(long)))
	}
	if lo, ok := s["minimum"].(float64); ok {
		add("the minimum", false, set(intNode(int64(lo))))
		add("below the minimum", true, set(intNode(int64(lo)-1)))
	}
	if hi, ok := s["maximum"].(float64); ok {
		add("the maximum", false, set(intNode(int64(hi))))
		add("above the maximum", true, set(intNode(int64(hi)+1)))
	}
	switch n.Kind {
	case yaml.MappingNode:
		p.walkMapping(s, n, steps, loc, add, set)
	case yaml.SequenceNode:
		if v, ok := s["minItems"].(float64); ok && v == 1 {
			add("an empty list", true, set(&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}))
		}
		if s["uniqueItems"] == true && len(n.Content) > 0 {
			dup := cloneNode(n)
			dup.Content = append(dup.Content, cloneNode(n.Content[0]))
			add("a duplicate item", true, set(dup))
		}
		items, _ := s["items"].(map[string]any)
		for i, item := range n.Content {
			p.walk(items, item, append(slices.Clone(steps), step{index: i}), loc+"[]")
		}
	}
}

func (p *prober) walkMapping(s map[string]any, n *yaml.Node, steps []step, loc string,
	add func(string, bool, func(*yaml.Node)), set func(*yaml.Node) func(*yaml.Node)) {
	at := pathOf(steps)
	props, _ := s["properties"].(map[string]any)
	has := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		has[n.Content[i].Value] = true
	}
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			key := r.(string)
			if !has[key] {
				continue
			}
			steps := slices.Clone(steps)
			p.add(loc, indexRE.ReplaceAllString(at, "[]"), "without "+key, pathOf(append(slices.Clone(steps), step{key: key})), true,
				func(root *yaml.Node) { deleteKey(find(root, steps), key) })
		}
	}
	if s["additionalProperties"] == false {
		add("an unknown field", true, func(root *yaml.Node) {
			m := find(root, steps)
			m.Content = append(m.Content, strNode("zzUnknown"), strNode("zz"))
		})
	}
	if v, ok := s["minProperties"].(float64); ok && v == 1 {
		add("an empty mapping", true, set(&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}))
	}
	if v, ok := s["maxProperties"].(float64); ok && v == 1 && len(n.Content) == 2 {
		for _, other := range sortedKeys(props) {
			if !has[other] {
				val := n.Content[1]
				add("a second key "+other, true, func(root *yaml.Node) {
					m := find(root, steps)
					m.Content = append(m.Content, strNode(other), cloneNode(val))
				})
				break
			}
		}
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		// Each alternative requires one key: all of them, and none.
		all := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, alt := range oneOf {
			for _, k := range alt.(map[string]any)["required"].([]any) {
				all.Content = append(all.Content, strNode(k.(string)), strNode("PROBE_VALUE"))
			}
		}
		add("every alternative of oneOf", true, set(all))
		add("no alternative of oneOf", true, set(&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		child, ok := props[key].(map[string]any)
		childLoc := defName(s, loc) + "." + key
		if !ok {
			ap, isSchema := s["additionalProperties"].(map[string]any)
			if !isSchema {
				continue // the base is valid: not reached
			}
			child, childLoc = ap, loc+"{}"
		}
		p.walk(child, val, append(slices.Clone(steps), step{key: key}), childLoc)
	}
}

// defName names the schema location of an object: its definition, which
// the generator records in the description's type, or the location.
func defName(s map[string]any, loc string) string {
	if name, ok := s["$def"].(string); ok {
		return name
	}
	return loc
}

func schemaTypes(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, v := range t {
			out = append(out, v.(string))
		}
		return out
	}
	return nil
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

func intNode(i int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(i, 10)}
}

func mapNode(k string, v *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Content: []*yaml.Node{strNode(k), v}}
}

// valueNode is an enum value as YAML: text quoted, numbers plain.
func valueNode(v any) *yaml.Node {
	if f, ok := v.(float64); ok {
		return intNode(int64(f))
	}
	return strNode(v.(string))
}

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = cloneNode(k)
	}
	return &c
}

// find returns the node at steps below root.
func find(root *yaml.Node, steps []step) *yaml.Node {
	n := root
	for _, s := range steps {
		if s.key == "" {
			n = n.Content[s.index]
			continue
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == s.key {
				n = n.Content[i+1]
				break
			}
		}
	}
	return n
}

func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}

// schemaLocations lists the schema's locations ("Host.roles[]"), as the
// prober names them, for the coverage check.
func schemaLocations(js *jsonSchema) []string {
	var out []string
	var walk func(s map[string]any, loc string, depth int)
	walk = func(s map[string]any, loc string, depth int) {
		if depth > 20 {
			return
		}
		s = js.resolve(s)
		if loc != "" {
			out = append(out, loc)
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for _, k := range sortedKeys(props) {
				walk(props[k].(map[string]any), defName(s, loc)+"."+k, depth+1)
			}
		}
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			walk(ap, loc+"{}", depth+1)
		}
		if items, ok := s["items"].(map[string]any); ok {
			walk(items, loc+"[]", depth+1)
		}
	}
	walk(js.root, "Spec", 0)
	return out
}

func TestSchemaAgreesWithValidate(t *testing.T) {
	js := withDefNames(committedSchema(t))
	p := &prober{js: js, seen: map[string]bool{}, covered: map[string]bool{}}
	roots := make([]*yaml.Node, len(probeBases))
	for i, b := range probeBases {
		if _, err := Parse(probeFile, []byte(b), nil); err != nil {
			t.Fatalf("probe base %d is not valid:\n%v", i, err)
		}
		x, _ := yamlToJSON([]byte(b))
		if v := js.validate(x); len(v) > 0 {
			t.Fatalf("the schema rejects probe base %d:\n%s", i, strings.Join(v, "\n"))
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(b), &doc); err != nil {
			t.Fatal(err)
		}
		roots[i] = doc.Content[0]
		p.base = i
		p.walk(js.root, roots[i], nil, "Spec")
	}
	for _, loc := range schemaLocations(js) {
		if !p.covered[loc] {
			t.Errorf("no probe base writes %s: add it to probeBases", loc)
		}
	}
	if len(p.probes) < 300 {
		t.Errorf("only %d probes", len(p.probes))
	}
	t.Logf("%d probes over %d schema locations", len(p.probes), len(p.covered))
	for _, pr := range p.probes {
		name := pr.at + ": " + pr.what
		root := cloneNode(roots[pr.base])
		pr.edit(root)
		data, err := yaml.Marshal(root)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, perr := Parse(probeFile, data, nil)
		var here, syntax []string
		for _, fe := range FieldErrors(perr) {
			switch {
			case pr.at == "":
				here = append(here, fe.Error())
			case fe.Path == "":
				syntax = append(syntax, fe.Error())
			case fe.Path == pr.at || strings.HasPrefix(fe.Path, pr.at+".") || strings.HasPrefix(fe.Path, pr.at+"["):
				here = append(here, fe.Error())
			}
		}
		if len(syntax) > 0 {
			t.Errorf("%s: the probe is not a spec: %s", name, strings.Join(syntax, "; "))
			continue
		}
		x, err := yamlToJSON(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		violations := js.validate(x)
		switch {
		case pr.wantErr && len(here) == 0:
			t.Errorf("%s: the schema refuses it (%s) but validate accepts it", name, strings.Join(violations, "; "))
		case pr.wantErr && len(violations) == 0:
			t.Errorf("%s: validate refuses it but the schema accepts it", name)
		case !pr.wantErr && len(here) > 0:
			t.Errorf("%s: the schema allows it but validate refuses it:\n%s", name, strings.Join(here, "\n"))
		case !pr.wantErr && len(violations) > 0:
			t.Errorf("%s: the schema refuses it: %s", name, strings.Join(violations, "; "))
		}
	}
}

// probeFile names the probes; certificates resolve against testdata/valid.
const probeFile = "testdata/valid/probe.yaml"

// withDefNames marks each definition with its name ($def, a test-only key
// the validator ignores), so that probes name schema locations by type.
func withDefNames(js *jsonSchema) *jsonSchema {
	defs, _ := js.root["definitions"].(map[string]any)
	for name, d := range defs {
		d.(map[string]any)["$def"] = name
	}
	js.root["$def"] = "Spec"
	return js
}
