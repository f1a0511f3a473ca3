// Package atomicfile replaces files so that a reader sees the old bytes or
// the new bytes, never a mix, and copies files without ever overwriting one.
//
// # Replacing a file
//
// [WriteFile] writes to a temporary file in the target's folder
// (".<base>.tmp-<random>"), syncs it, gives it the target's mode (an existing
// file keeps its mode; perm is for a new one), renames it over the target and
// syncs the folder so the rename itself survives a crash. On any error the
// temporary file is removed and the target is untouched.
//
// A symbolic link at the target is followed: the file it points to is
// replaced and the link stays a link.
//
// # Windows
//
// os.Rename on Windows is MoveFileEx with MOVEFILE_REPLACE_EXISTING. It
// fails ("Access is denied" / sharing violation) while another process holds
// the target open without FILE_SHARE_DELETE — an editor, an antivirus
// scanner, or a JVM that keeps a keystore open. The target is then left
// untouched and WriteFile returns the error; retrying later is the caller's
// decision. Windows cannot sync a folder, so that step is skipped there; NTFS
// journals the rename itself.
//
// # Copying a file
//
// [CopyNew] copies src to a dst that must not exist yet: used for backups,
// where overwriting an earlier backup would lose it. The copy is written to
// a temporary file and given its name by a hard link, which fails when dst
// exists; so dst, once it exists, is always a complete copy, even after a
// crash. File systems without hard links fall back to a checked rename.
//
// # Crashes and leftovers
//
// A process killed in the middle of a write can leave its temporary file
// (".<base>.tmp-<random>", hidden, never the target's name); nothing reads
// those, and the next write of the same target makes a new one. The
// targets themselves hold the old or the new bytes, never a mix.
//
// # Test hook
//
// Every step of a write (see [Step]) is reported to a package hook that is
// nil in the normal build. A binary built with the crashtest tag can set it
// (SetHook) to count the steps and kill itself at one of them: that is how
// the crash-safety test interrupts apply between any two steps. The normal
// build keeps only the nil check.
package atomicfile
