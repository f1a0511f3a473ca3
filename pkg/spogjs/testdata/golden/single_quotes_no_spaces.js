let web_server_protocol='http'
const web_server_name='old.example.com'  ;   // trailing comment
window.web_server_name = "not-this-one";
