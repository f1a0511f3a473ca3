/*
 * Copyright (c) 2019 Cisco Systems, Inc.
 * SPOG gadget configuration. Example:
 *   var web_server_name = "ece-web.example.com";
 */
// var web_server_protocol = "https";  <- uncomment for SSL

var web_server_protocol = "http";
var web_server_name = "ECEWEB01";
var web_server_port = ""; // keep empty for 443

var help = "set web_server_name = \"host\" above";
var pattern = /web_server_name = "x"/g;
var tpl = `web_server_name = "${web_server_port}"`;
function url() {
    return web_server_protocol + "://" + web_server_name + "/system/web/view/platform/spog/";
}
