var web_server_protocol = "https";
var web_server_name = "ece.example.com";
