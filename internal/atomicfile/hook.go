package atomicfile

import "strconv"

// Step is one step of a write, reported to the test hook after it is done.
// The steps of one write happen in this order; a crash after any of them
// leaves the target either untouched or wholly replaced.
type Step int

const (
	// StepCreated: the temporary file exists, still empty.
	StepCreated Step = iota + 1
	// StepWritten: the data is in the temporary file, not yet synced.
	StepWritten
	// StepSynced: the temporary file is synced and closed.
	StepSynced
	// StepRenamed: WriteFile renamed the temporary file over the target.
	StepRenamed
	// StepLinked: CopyNew linked the temporary file to the new name.
	StepLinked
	// StepDirSynced: the folder holding the target is synced.
	StepDirSynced
)

var stepNames = [...]string{
	StepCreated:   "created",
	StepWritten:   "written",
	StepSynced:    "synced",
	StepRenamed:   "renamed",
	StepLinked:    "linked",
	StepDirSynced: "dir-synced",
}

func (s Step) String() string {
	if s > 0 && int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "step(" + strconv.Itoa(int(s)) + ")"
}

// hook, when not nil, is called after every step of every write with the
// step and the target's path (not the temporary file's). It is nil in the
// normal build: only a binary built with the crashtest tag can set it
// (SetHook, in hook_crashtest.go), to kill itself between two steps.
var hook func(Step, string)

// after reports a finished step to the hook, if any.
func after(s Step, target string) {
	if hook != nil {
		hook(s, target)
	}
}
