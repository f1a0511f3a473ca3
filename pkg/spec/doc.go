// Package spec reads an environment spec: the YAML document an operator
// writes. It owns the v1 schema (types.go), strict positional decoding,
// defaults, validation, secret references and the expansion of the
// integration block into resource instances.
//
// # Loading
//
// [Load] (or [Parse] for bytes already in memory) runs these phases and
// returns every problem at once, never the first only:
//
//	parse      YAML text -> yaml.Node (syntax errors, one document per file)
//	decode     yaml.Node -> Spec by a reflective walker: unknown fields,
//	           wrong types, duplicate keys, inline secrets
//	default    documented defaults (jks, "changeit", Apache Tomcat, https, ...)
//	validate   required fields, names, roles, hosts, paths, certificates
//	expand     integration + resources -> []Instance, references, cycles
//
// The error is a go-multierror whose Error() prints one [FieldError] per line,
// sorted by position:
//
//	spec.yaml:12:7: hosts[2].connection.type: "ssh" is not a connection type; want local or lab
//
// # Invariants
//
//   - No I/O besides reading the spec and the certificate files it names.
//     Secret files are never read while loading: CI validates specs without
//     secrets. [SecretRef.Resolve] reads them when a resource needs them.
//   - A file the spec names is read only if it is a regular file of at most
//     [MaxFileSize] bytes ([ReadFile]), and the spec itself is read up to
//     [MaxSpecSize] bytes: /dev/zero or a named pipe cannot hang validate.
//   - Every error names a line, YAML syntax errors included (yaml.v3 leaves
//     the line out of some: syntax.go finds it).
//   - A secret value never appears in an error, in a field of Spec or in the
//     hash. A plain string where a secret reference is expected is rejected.
//   - Paths on servers (keystores, spog_config.js) stay as written: Windows
//     paths remain Windows paths. Paths on the machine running the tool
//     (secret files, lab roots, the state folder) are made absolute against
//     the spec's folder. Certificate paths stay as written (for messages);
//     the parsed certificates are in the Cert fields.
//   - A loaded Spec is valid: every reference resolves, the dependency graph
//     of its instances has no cycle, and [Spec.Instances] is in a stable order.
package spec
