package lab

import "time"

// tomcatUptime is how long Apache Tomcat has been running on the ADS when the
// lab is made.
const tomcatUptime = 48 * time.Hour

// ciscoUptime is how long Cisco Service has been running on the ECE app and
// data servers when the lab is made.
const ciscoUptime = 72 * time.Hour
