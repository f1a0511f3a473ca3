// Package spogjs reads and edits ECE's spog_config.js (tech note step 3):
//
//	var web_server_protocol = "https";
//	var web_server_name = "ece.example.com";
//
// It never rewrites the file: [Set] replaces only the bytes between the
// quotes of the assignments it is asked to change. Every other byte stays —
// line endings (CRLF), a UTF-8 byte order mark, comments, other lines,
// trailing text.
//
// # What counts as an assignment
//
// A small JavaScript lexer (lex.go) splits the file into tokens, skipping
// // and /* */ comments and keeping string, template and regular-expression
// literals whole, so text inside them is never mistaken for code. An
// assignment is an identifier, not preceded by '.', followed by a single
// '=' and then a string literal in single or double quotes that ends the
// expression (followed by ; , ) ] } the end of the file, or a new line that
// starts a new statement). "var", "let" and "const" are optional, spacing is
// free. An identifier assigned anything else (a template, a concatenation, a
// variable, a compound "+=") is recorded as an assignment that is not a plain
// string: it cannot be edited safely.
//
// # Invariants
//
//   - A name must be assigned exactly once, as a plain string, for Set to
//     edit it; otherwise the [AssignmentError] names the lines. A missing
//     assignment is never appended.
//   - A new value must not contain the assignment's quote, a backslash or a
//     line break ([CheckValue]): the edited file lexes into the same tokens,
//     with only the edited strings' contents changed.
//   - Values are the raw text between the quotes; escape sequences are not
//     interpreted.
//   - Line numbers are 1-based; CRLF, LF, lone CR, U+2028 and U+2029 end a
//     line, as in JavaScript.
package spogjs
