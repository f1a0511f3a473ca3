// Package lab is the host transport of the lab: a host is a folder.
//
// # Paths
//
// The spec's Windows paths map below the host's folder ([ToLocal]):
//
//	C:\Cisco\ECE\x.js          <root>/C/Cisco/ECE/x.js   (drive letter upper-cased)
//	c:/Cisco/ECE/x.js          <root>/C/Cisco/ECE/x.js   ('/' is a separator too)
//	\\fs01\share\x.jks         <root>/UNC/fs01/share/x.jks
//	\\?\C:\x                   <root>/C/x
//
// Relative paths (x.js, \x.js, C:x.js), names Windows forbids (< > : " | ? *
// and control characters) and ".." that would climb above the drive or the
// share are errors: a spec path never reaches outside the host's folder.
// Unlike Windows the lab is case-sensitive below the drive letter.
//
// # Files
//
// As in package local: WriteFile creates parent folders (0755) and replaces
// atomically (internal/atomicfile), CopyFile never overwrites, a missing
// file wraps fs.ErrNotExist.
//
// # Services
//
// A service is a JSON file, <root>/.lab/services/<file>.json, where <file>
// is the service name with every character outside [A-Za-z0-9._-] replaced
// by '_' ("Apache Tomcat" -> Apache_Tomcat.json):
//
//	{"name":"Apache Tomcat","running":true,"startedAt":"2026-11-22T10:46:00Z","restarts":0}
//
// No file (or a file naming another service) is a service that does not
// exist. RestartService sets running, startedAt = the injected clock and
// counts the restart, replacing the file atomically. [WriteService] and
// [ReadService] let `lab init` and tests seed and inspect services.
//
// # Latency
//
// [WithLatency] makes every call wait (honouring its context) before it
// acts, so benchmarks can model a remote host.
package lab
