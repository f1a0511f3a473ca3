package lab

import "strings"

// spogConfigLines is spog_config.js as the ECE installer leaves it, before
// tech note step 3; %s is the web server's own FQDN. Besides the two values
// the integration manages it holds lines that trap naive editors: a
// commented-out example of the wanted line, a variable whose name starts
// with web_server_name, and an expression using web_server_protocol.
var spogConfigLines = []string{
	"/*",
	" * spog_config.js",
	" *",
	" * Configuration of the Enterprise Chat and Email gadgets hosted in the",
	" * Unified CCE Administration Single Pane of Glass (SPOG).",
	" *",
	" * web_server_protocol  protocol SPOG uses to reach the ECE web server: \"http\" or \"https\"",
	" * web_server_name      fully qualified name used to reach ECE; it must match the CN or a",
	" *                      SAN of the ECE web server certificate",
	" *",
	" * Back up this file before editing it. Keep the Windows line endings.",
	" *",
	" * Copyright (c) 2019-2021 by Cisco Systems, Inc. All rights reserved.",
	" */",
	"",
	"var gadget_version = \"12.6.1.10000.32\";",
	"var gadget_title = \"Enterprise Chat and Email\";",
	"var gadget_request_timeout = 30000;     // milliseconds",
	"var session_keepalive_interval = 300;   // seconds",
	"var session_idle_timeout = 1800;        // seconds",
	"",
	"// Secure deployments (required from 12.0 onwards):",
	"// var web_server_protocol = \"https\";",
	"var web_server_protocol = \"http\";",
	"var web_server_name = \"%s\";",
	"var web_server_name_alias = \"\";",
	"var web_server_port = \"\";",
	"var web_context_root = \"/system\";",
	"",
	"var spog_gadget_url = web_server_protocol + \"://\" + web_server_name +",
	"    (web_server_port ? \":\" + web_server_port : \"\") + web_context_root +",
	"    \"/templates/finesse/gadget/spog/spog.jsp\";",
	"",
	"var spog_debug_logging = false;",
}

// spogConfig renders spog_config.js for the web server fqdn, with CRLF line
// endings and a final CRLF.
func spogConfig(fqdn string) []byte {
	var b strings.Builder
	for _, l := range spogConfigLines {
		b.WriteString(strings.Replace(l, "%s", fqdn, 1))
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}
