package spec

import "flag"

var update = flag.Bool("update", false, "rewrite golden files and create missing test certificates")
