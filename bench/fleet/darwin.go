package main

import "runtime"

// isDarwin: ru_maxrss is in bytes there.
var isDarwin = runtime.GOOS == "darwin" || runtime.GOOS == "ios"
