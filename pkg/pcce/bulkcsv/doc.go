// Package bulkcsv reads and writes the Packaged CCE bulk inventory file:
// the CSV that 4000- and 12000-agent deployments upload in Unified CCE
// Administration (Inventory > bulk import) to add machines, such as the
// ECE data and web servers of tech note steps 4.2 and 4.3, that those
// deployments do not create one by one.
//
// # Format
//
// The columns are those of the inventory file in the Packaged CCE
// Developer Reference (Bulk Operation API example), in that order:
//
//	name,machineType,publicAddress,privateAddress,side,newPublicAddress,newPrivateAddress,connectionInfo,isReinstalled
//
// Read accepts these columns in any order and any subset of them that has
// name and machineType; any other column is an error, so that Upsert never
// drops what it does not understand. Write always writes the full header,
// lines end in CRLF (the file is edited and uploaded on Windows), and a
// UTF-8 byte order mark is skipped on read and kept by Upsert.
//
// connectionInfo is "key=value" items joined by "&":
// "userName=pa@example.com&password=...&applicationInstance=MultiChannel".
// userName and password are the documented keys; applicationInstance (the
// ECE web server's, case-sensitive) is this package's choice, as the
// public documentation does not show where the bulk file carries it.
// Inside keys and values '%', '&' and '=' are percent-escaped (%25, %26,
// %3D), and so are ',', ';', '"' and control characters, so that the field
// never needs CSV quoting; decoding accepts any %XX.
//
// # Secrets
//
// The PA password in connectionInfo is unavoidable: it is what PCCE
// imports. So:
//
//   - Upsert writes the file with mode 0600 (an existing file with wider
//     permissions is narrowed first) and replaces it atomically; its path
//     comes from the caller and is never derived from a secret.
//   - Errors never quote a connectionInfo value: they name the line, the
//     column and the key.
//   - A Row or ConnectionInfo printed with any fmt verb shows the password
//     as "******".
//
// Operators should delete the file once it is uploaded.
package bulkcsv
