package lab

import "time"

// tomcatUptime is how long Apache Tomcat has been running on the ADS when the
// lab is made.
const tomcatUptime = 48 * time.Hour
