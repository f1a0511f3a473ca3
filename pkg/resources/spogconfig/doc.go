// Package spogconfig is the resource kind "spog_config": the two values of
// ECE's spog_config.js on one web server (tech note step 3).
//
//	var web_server_protocol = "https";
//	var web_server_name = "ece.example.com";
//
// # Life cycle
//
//	Read   the file's bytes; Attrs path, web_server_protocol, web_server_name;
//	       Fingerprint sha256 of the bytes. A missing file is Exists=false.
//	Plan   NoOp when both values match, else Update. A missing file, an
//	       assignment that is missing, repeated or not a plain string, or a
//	       file that is not valid JavaScript is a Plan error naming the lines.
//	Apply  reads again and refuses when the bytes moved since Read, backs the
//	       file up (host.Backup), edits only the two values (package spogjs)
//	       and replaces the file atomically.
//
// # Invariants
//
//   - The file is never created: ECE installs it; a missing one means the
//     spec names the wrong path or the wrong host.
//   - A missing assignment is never appended.
//   - Every byte but the two values stays: CRLF, BOM, comments, other lines.
//   - No write without a backup made just before it.
package spogconfig
