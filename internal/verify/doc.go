// Package verify is `ecereconcile verify`: the tech note's step 6
// (validation) and its troubleshooting section as checks, each naming the
// symptom SPOG or ECE would show and the fix, before anyone opens SPOG.
//
// # Checks
//
//	id                   subject              passes when
//	pkix                 web server → ADS     the chain the web server presents on 443 builds to a
//	                                          trusted certificate of the ADS's cacerts, valid for
//	                                          ece.fqdn (what PCCE's Tomcat does; else "PKIX path
//	                                          building failed")
//	sni                  web server           the https binding has no host name and "Require
//	                                          Server Name Indication" off: the same certificate
//	                                          with and without SNI (step 1.2)
//	fqdn_in_certificate  web server           ece.fqdn is a DNS SAN of the presented leaf (a CN
//	                                          alone fails: browsers ignore it)
//	fqdn_in_certificate  PCCE inventory       the ECE_WEB_SERVER's hostName is an FQDN the
//	                                          certificates are valid for (step 4.3)
//	cisco_service        ECE app/data server  the Windows service "Cisco Service" runs
//	ldap                 partition SSO        TLS with the keystore of step 2.1, bind, UPN search
//	                                          (internal/wire's verification of the partition SSO)
//	inventory_status     PCCE                 ECE machines are in the inventory and no alert
//	                                          concerns them (pkg/resources/check's inventory_status)
//	agent_channels       ECE                  ECE_Email and ECE_Chat are associated with the
//	                                          application instance and the Unified CCE integration
//	                                          is saved with it; with the manual ECE backend a skip
//	                                          that says what a person checks in the console
//
// # How it runs
//
// [Run] first gathers facts — every read of reality, concurrently, under one
// timeout — then judges them with pure functions, one per check, so each
// decision is table-tested without I/O. A server that does not answer fails
// (status error) only the checks that need it. Results come in a fixed
// order: by check as above, then by subject in spec order.
//
// A web server's certificate is taken "as presented" through a [Presenter]:
// [TLSPresenter] dials the server (with SNI = ece.fqdn and without) and
// takes the peer chain without trusting it; [IISPresenter] reads what IIS
// would present from the Windows operations (site binding → http.sys
// binding → certificate store), for lab hosts. Trust is decided here,
// against each ADS truststore, never by the TLS stack.
//
// # Output
//
// [Text] writes one line per check (✓ pass, ✗ fail or error, - skip), then
// every failure with what was found, the symptom and the fix, then the
// checks left to a person. [JSON] writes one document:
//
//	{
//	  "format_version": 1,             // bumped on incompatible changes
//	  "tool_version": "…",
//	  "environment": "lab",            // metadata.name
//	  "spec": "lab/spec.yaml",
//	  "fqdn": "ece.lab.example.com",
//	  "checked_at": "RFC 3339, UTC",
//	  "duration_ms": 120,
//	  "ok": false,                     // no fail and no error
//	  "counts": {"pass": 9, "fail": 2, "skip": 1, "error": 0},
//	  "results": [{
//	    "check": "pkix", "subject": "ece-web-a → ads-a", "status": "fail",
//	    "code": "PKIXPathBuildingFailed",          // reason code; omitted on pass
//	    "summary": "what was found, one sentence",
//	    "symptom": "what SPOG/ECE shows",          // fail only
//	    "fix": "what to do"                        // fail, error, skip
//	  }]
//	}
//
// # Invariants
//
//   - Nothing is written anywhere: verify only reads.
//   - Secrets (keystore, LDAP, PCCE passwords) are used to read, never put
//     in a result: results are built from codes, names and certificates.
//   - The package never prints; the clock is injected ([Options.Now]).
package verify
