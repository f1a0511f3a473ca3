// Package lab seeds a realistic "before" lab on disk: the state an ECE ↔ PCCE
// integration is in before anyone followed the tech note. `ecereconcile lab
// init DIR` calls [Init]; the end-to-end tests and the demo plan, apply and
// drift against what it wrote.
//
// # Layout
//
// The lab is one folder. Each server of the spec has a folder below hosts/,
// and a Windows path on that server is a file below it:
//
//	DIR/spec.yaml                     the lab's spec (see [SpecYAML])
//	DIR/README.txt                    one paragraph on the layout
//	DIR/certs/ad-dc.crt, .key         the AD domain controller's LDAPS certificate
//	DIR/secrets/ece-keystore.pass     password of the ECE app servers' keystore
//	DIR/hosts/<H>/C/X/Y               the file C:\X\Y on host H
//	DIR/hosts/<H>/.lab/services/S.json the state of service S on host H
//	DIR/hosts/<H>/C/Windows/System32/inetsrv/config/applicationHost.config
//	                                  IIS on the web servers (pkg/winops/labwin)
//	DIR/hosts/<H>/.lab/certstore, .lab/httpsys  LocalMachine\My and http.sys
//
// The mapping of Windows paths and service names is shared with the lab host
// transport (pkg/host/lab): drive letter upper-case, backslashes become
// folders, spaces and parentheses kept; a service file is the service name
// with every character outside [A-Za-z0-9._-] replaced by "_".
//
// # Invariants
//
//   - Init never overwrites: DIR must be missing or empty, and on error
//     nothing of the lab is left behind (it is built in a hidden sibling
//     folder and renamed into place).
//   - The clock and the randomness are injected ([Options]). The same Rand
//     gives the same password and certificate serial numbers; key pairs are
//     always fresh, since Go 1.26 crypto ignores custom randomness for keys.
//   - Private keys and the keystore password are written with mode 0600 and
//     never appear in errors.
//   - The package never prints.
package lab
