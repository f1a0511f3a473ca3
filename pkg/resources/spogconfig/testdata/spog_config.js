/*
 * SPOG gadget configuration for Enterprise Chat and Email.
 * Example: var web_server_name = "ece-web.example.com";
 */
var web_server_protocol = "http";
var web_server_name = "ECEWEB01";
var web_server_port = ""; // empty for 443
