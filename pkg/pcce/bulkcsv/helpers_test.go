package bulkcsv

import "flag"

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// paPassword is a distinctive password with every character connectionInfo
// escapes; no error text or printed row may contain it.
const paPassword = `Pa&ss=w%rd,;"9Zq`
