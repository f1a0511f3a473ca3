// Package local is the host transport for the machine the tool runs on.
//
// Paths are used as given: on the Windows server itself "C:\Cisco\ECE\..."
// is that file; on another machine the spec must name paths that exist there
// (a mounted share, for example).
//
// # Files
//
// WriteFile creates missing parent folders (0755) and replaces the file
// atomically through internal/atomicfile, keeping an existing file's mode.
// CopyFile never overwrites: an existing destination is an error wrapping
// fs.ErrExist. ReadFile and Remove of a missing file wrap fs.ErrNotExist.
//
// # Services
//
// On Windows, services are read with Get-Service and restarted with
// Restart-Service through powershell.exe. The service name never becomes
// part of the script: the script is a constant, passed Base64-encoded, and
// reads the name from an environment variable, so a name such as
// "x'; Remove-Item C:\ -Recurse" is only ever a name. A service matches by
// its name or, failing that, its display name ("Apache Tomcat").
//
// Elsewhere service control returns an error wrapping [ErrServicesUnsupported].
package local
