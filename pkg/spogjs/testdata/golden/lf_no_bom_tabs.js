	var	web_server_protocol	=	"http"	;
web_server_name =    "a.b"
var other = 1
