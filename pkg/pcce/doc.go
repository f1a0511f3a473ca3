// Package pcce is a client of the Packaged CCE Unified Config REST API on
// an AW/ADS: the machine inventory (tech note steps 4.2 and 4.3), the media
// routing domains and application instances (prerequisites), and the
// inventory status (step 6: no alerts).
//
// The API is XML over HTTPS with Basic authentication. Lists page with
// startIndex/resultsPerPage (at most 100) and answer <results> with a
// <pageInfo>; updates carry the changeStamp the item was read at; errors
// are <apiErrors><apiError><errorType/><errorData/><errorMessage/>...; a
// create answers 201 with the new item's absolute URL in Location, while
// refURLs in bodies are relative.
//
// # Operations
//
// ListMachines (q: TypesQuery(TypeECE, TypeECEWebServer) is
// "types:(ECE|ECE_WEB_SERVER)"), FindMachine, GetMachine, CreateMachine,
// UpdateMachine, ListMRDs, UpdateMRD (refused for the read-only ECE
// MRDs), ListApplicationInstances, MachineStatus. NewECEWebServer and
// NewECEDataServer build the entries of steps 4.3 and 4.2; SameHost and
// NormalizeHostName compare host names as PCCE stores them.
//
// # Invariants
//
//   - TLS only, always verified: New refuses an http:// base URL, a nil
//     Config.RootCAs and an HTTP client that skips verification. Redirects
//     are not followed (they would carry the credentials elsewhere).
//   - Secrets never leave in errors or logs: the configured password and
//     every password of a request body are removed from error texts; the
//     logger gets method, path, status, attempt and duration, never
//     headers or bodies. A Password prints as "******" and marshals to JSON
//     as "", and is never read from an answer.
//   - Retries: GET and PUT are retried on 5xx, 429, timeouts and broken
//     connections, with backoff; never on other 4xx or an untrusted
//     certificate. A POST is sent again only when the server certainly did
//     not act (503, 429, or no connection); otherwise the inventory is
//     searched for the machine (same type and host name, or same name)
//     first, so a lost answer never leads to a duplicate. Every operation,
//     retries and pages included, is bounded by TotalTimeout; each request
//     by Timeout.
//   - Errors name the operation, the request and the AW (host:port of the
//     base URL, never credentials): "pcce: creating ECE_WEB_SERVER machine
//     "ece-web-a": PCCE aw1.example.com:443 rejected the request (HTTP 400
//     on POST /unifiedconfig/config/machineinventory):
//     invalidInput.invalidValue: name: must match ..."; a request that got
//     no answer reads "GET /unifiedconfig/config/machineinventory on
//     aw1.example.com:443: timed out ...". Callers branch with
//     errors.Is on ErrConflict (stale changeStamp: re-read, re-plan),
//     ErrNotFound, ErrUnauthorized, ErrDuplicate, ErrReadOnly, ErrTimeout,
//     ErrUntrusted, or errors.As on *APIError.
//   - A list that changes while its pages are read (the total moves) is
//     read again from the start, at most three times; items are
//     de-duplicated by refURL.
//
// # Documented, and chosen where the documentation is silent
//
// From the Packaged CCE Developer Reference (12.x-15.0): the paths
// /unifiedconfig/config/machineinventory, .../machineinventory/status and
// /unifiedconfig/config/mediaroutingdomain; the machine elements (name of
// at most 128 characters of [A-Za-z0-9._-] starting alphanumeric, type,
// hostName that PCCE turns into the FQDN, changeStamp, refURL, networks of
// services with a password that "can be used when creating or updating,
// but is not returned"); machine types ECE and ECE_WEB_SERVER; the advanced
// search types:(A|B); paging (startIndex from 0; resultsPerPage minimum 1,
// default 25, maximum 100; past the end, the last full page; pageInfo with
// totalResults, resultsPerPage, startIndex, firstPage, lastPage, prevPage,
// nextPage, searchTerm); MRD types voice, legacyMultichannel (ECE,
// read-only) and multichannel; the status body <status><alerts><alert>
// <apiErrors/><machine/></alert></alerts><scanInfo/></status> with error
// type inventory.MissingMachine; error types invalidInput.outOfRange and
// invalidInput.fieldLengthExceeded with <errorDetail><min/><max/>.
//
// Chosen (and honoured by pccesim): the ECE web server's PA login is the
// userName/password of an ADMINISTRATION service, its application
// instance an <applicationInstance><refURL/><name/></applicationInstance>
// in its MACHINE_INFO service (documented only as "MACHINE_INFO:
// Application instance"); an MRD names its application instance the same
// way; application instances are listed at
// /unifiedconfig/config/applicationinstance; a stale changeStamp is HTTP
// 409 with invalidInput.changeStampMismatch; the other error types are the
// ErrType* constants; alerts for an ECE web server are
// inventory.InvalidCredentials and inventory.HostNotResolvable; list
// answers are <results><pageInfo/><machines><machine>... (the client also
// reads a bare <mediaRoutingDomains> root, as in the documented MRD
// example). The developer reference lists type ECE as not creatable over
// the API; step 4.2 needs it created, so pccesim allows it unless
// Options.StrictECEType.
package pcce
