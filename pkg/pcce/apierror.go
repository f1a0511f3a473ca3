package pcce

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error types of <apiErrors> bodies. The documentation defines the format
// and a few types (outOfRange, fieldLengthExceeded); the others are this
// package's choice, shared with the simulator.
const (
	// ErrTypeFieldRequired: a required field is missing.
	ErrTypeFieldRequired = "invalidInput.fieldRequired"
	// ErrTypeFieldLengthExceeded: a field is longer than allowed
	// (documented; errorDetail carries max).
	ErrTypeFieldLengthExceeded = "invalidInput.fieldLengthExceeded"
	// ErrTypeOutOfRange: a number is outside its range (documented;
	// errorDetail carries min and max), e.g. resultsPerPage > 100.
	ErrTypeOutOfRange = "invalidInput.outOfRange"
	// ErrTypeInvalidValue: a field holds a value that is not allowed, e.g.
	// a machine name with characters outside [A-Za-z0-9._-].
	ErrTypeInvalidValue = "invalidInput.invalidValue"
	// ErrTypeDuplicate: an item with the same identity exists (a machine
	// of the same type and host name, or the same name).
	ErrTypeDuplicate = "invalidInput.duplicate"
	// ErrTypeInvalidReference: a reference names no item (an application
	// instance whose name differs, even only in case).
	ErrTypeInvalidReference = "invalidInput.invalidReference"
	// ErrTypeReadOnly: the item cannot be changed over the API (voice and
	// legacyMultichannel MRDs).
	ErrTypeReadOnly = "invalidInput.readOnly"
	// ErrTypeOperationNotAllowed: the operation is not allowed for this
	// machine type (the documented per-type create/update/delete table).
	ErrTypeOperationNotAllowed = "invalidInput.operationNotAllowed"
	// ErrTypeChangeStampMismatch: the changeStamp of an update is not the
	// item's current one; sent with HTTP 409.
	ErrTypeChangeStampMismatch = "invalidInput.changeStampMismatch"
	// ErrTypeMalformed: the body is not the expected XML.
	ErrTypeMalformed = "invalidInput.malformedRequest"
	// ErrTypeInvalidSearch: the q parameter cannot be understood.
	ErrTypeInvalidSearch = "invalidInput.invalidSearch"
	// ErrTypeNotFound: the item does not exist; sent with HTTP 404.
	ErrTypeNotFound = "notFound"
)

// Sentinel errors; an *APIError matches them with errors.Is.
var (
	// ErrConflict: an update carried a stale changeStamp (someone changed
	// the item since it was read). Re-read, re-plan, retry.
	ErrConflict = errors.New("changeStamp conflict: the item changed since it was read")
	// ErrNotFound: the item does not exist (HTTP 404).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: PCCE refused the credentials (HTTP 401) or the
	// user's role (HTTP 403).
	ErrUnauthorized = errors.New("credentials refused")
	// ErrDuplicate: the item exists already.
	ErrDuplicate = errors.New("already exists")
	// ErrReadOnly: the item cannot be changed over the API.
	ErrReadOnly = errors.New("read-only over the API")
	// ErrTimeout: a request or the whole operation ran out of time.
	ErrTimeout = errors.New("timed out")
	// ErrUntrusted: the server's certificate is not trusted by the CA
	// bundle, or does not match the host name.
	ErrUntrusted = errors.New("certificate not trusted")
)

// ErrorItem is one <apiError>.
type ErrorItem struct {
	Type    string       `xml:"errorType"`
	Data    string       `xml:"errorData,omitempty"`
	Message string       `xml:"errorMessage,omitempty"`
	Detail  *ErrorDetail `xml:"errorDetail,omitempty"`
}

// ErrorDetail is the documented extra information of some error types.
type ErrorDetail struct {
	Min string `xml:"min,omitempty"`
	Max string `xml:"max,omitempty"`
}

// String is "type: data: message", leaving out empty parts.
func (e ErrorItem) String() string {
	parts := []string{e.Type}
	if e.Data != "" {
		parts = append(parts, e.Data)
	}
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	return strings.Join(parts, ": ")
}

// APIErrors is the <apiErrors> body PCCE answers errors with.
type APIErrors struct {
	XMLName xml.Name    `xml:"apiErrors"`
	Errors  []ErrorItem `xml:"apiError"`
}

// APIError is a request PCCE answered with an error status. Errors holds
// the <apiErrors> items, if the body had any.
type APIError struct {
	// Server is the AW that answered, host:port of the base URL
	// ("aw1.example.com:443"); never credentials. Empty leaves it out of
	// the text.
	Server string
	Status int
	Method string
	Path   string
	Errors []ErrorItem
	// Body is the start of a body that was not <apiErrors> (an HTML error
	// page), with secrets removed.
	Body string
}

// Error reads "PCCE aw1.example.com:443 rejected the request (HTTP 400 on
// POST /unifiedconfig/config/machineinventory): invalidInput.invalidValue:
// name: must match ...", naming the AW so that an operator with several
// knows which one answered.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("PCCE ")
	if e.Server != "" {
		b.WriteString(e.Server)
		b.WriteString(" ")
	}
	switch e.Status {
	case http.StatusUnauthorized:
		b.WriteString("refused the credentials")
	case http.StatusForbidden:
		b.WriteString("refused the user's permissions")
	case http.StatusNotFound:
		b.WriteString("has no such item")
	default:
		if e.Status >= 500 {
			b.WriteString("failed to answer the request")
		} else {
			b.WriteString("rejected the request")
		}
	}
	fmt.Fprintf(&b, " (HTTP %d on %s %s)", e.Status, e.Method, e.Path)
	for i, item := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(item.String())
	}
	if len(e.Errors) == 0 && e.Body != "" {
		b.WriteString(": ")
		b.WriteString(e.Body)
	}
	return b.String()
}

// Is matches the sentinel errors by status and error type.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrConflict:
		return e.Status == http.StatusConflict || e.HasType(ErrTypeChangeStampMismatch)
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	case ErrDuplicate:
		return e.HasType(ErrTypeDuplicate)
	case ErrReadOnly:
		return e.HasType(ErrTypeReadOnly)
	}
	return false
}

// HasType reports whether any item has this error type (case-insensitive).
func (e *APIError) HasType(t string) bool {
	for _, item := range e.Errors {
		if strings.EqualFold(item.Type, t) {
			return true
		}
	}
	return false
}
