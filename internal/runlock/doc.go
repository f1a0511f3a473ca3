// Package runlock keeps two applies off one environment: a lock file in the
// environment's state folder, held from before apply reads reality until it
// ends.
//
// # The lock file
//
// [Acquire] creates DIR/apply.lock exclusively holding an [Owner] as JSON:
// pid, hostname, user, command (program and subcommand only, never flag
// values), start time, tool version and a random nonce that tells two
// holders apart. The content is written to a temporary file (O_EXCL) that
// is then hard-linked to apply.lock, which fails when apply.lock exists: a
// reader never sees the lock empty or half written. Where the file system
// has no hard links, apply.lock is created with O_EXCL and written in one
// write. [Lock.Release] removes it, but only while it still holds this
// run's bytes. The file holds no secret.
//
// # Who holds it
//
// When the file exists, Acquire reads it and decides:
//
//	owner's host   owner's pid        result
//	this host      running            *HeldError (ErrHeld): wait, or stop that apply
//	this host      not running        stale: taken over, Lock.TookOver names it
//	another host   (cannot tell)      *HeldError with Foreign: never judged stale
//	unreadable     -                  error wrapping ErrUnreadable: check, remove by hand
//
// A file that does not parse is read again for up to 100 ms first (on a file
// system without hard links it is empty between another acquirer's create
// and its write).
//
// # Taking over a stale lock
//
// Removing a stale file and creating a new one is a race: two processes
// that both judged it stale could both win, the second one removing the
// first one's fresh lock. Instead the taker first acquires a claim,
// DIR/apply.lock.takeover-<generation>, where the generation is a hash of
// the stale file's bytes, with this very algorithm (so a claim left by a
// taker that died is itself taken over). Holding the claim it reads the lock
// again: still that generation, it renames a complete new lock file over it
// (the lock never disappears, so no plain creator can slip in); another
// generation means someone else finished first and it starts over, where it
// finds that one's live lock. A claim held by a running taker makes the
// others look again a moment later, so they name the winner. Only the claimant of a generation can replace
// it, and a generation never comes back, so exactly one taker wins.
//
// Liveness is os.FindProcess and signal 0 on Unix, OpenProcess and
// GetExitCodeProcess on Windows; a process that cannot be probed counts as
// running. A reused pid makes a stale lock look held: the error says how to
// remove it by hand.
package runlock
