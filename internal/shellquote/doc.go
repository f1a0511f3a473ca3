// Package shellquote quotes words for a POSIX shell (sh, bash, zsh), for
// the commands the tool prints for a person to copy: the plan file's
// checksum and apply lines, the demo's transcript, the lab spec's example
// commands, and the completion scripts.
//
// # Invariants
//
//   - A POSIX shell reads [Quote](s) back as exactly the one word s,
//     whatever s holds (spaces, quotes, $ ; & | * ? ~, line breaks,
//     non-ASCII); [Join] keeps each argument one word.
//   - A word made only of ASCII letters, digits and - _ . / : = @ + , % is
//     left as it is, so the usual paths and flags read naturally. Any other
//     word goes in single quotes, each single quote inside it closing the
//     quotes, escaped with a backslash, and reopening them. The empty word
//     becomes a pair of single quotes.
//   - A word starting with = is quoted: zsh would expand =cmd to the path
//     of cmd.
//
// fish reads the same single quotes except that it takes a backslash
// followed by a backslash or a quote inside them as an escape, so a word
// holding a backslash may not survive into fish. PowerShell doubles a
// quote inside single quotes instead and is not served here.
package shellquote
