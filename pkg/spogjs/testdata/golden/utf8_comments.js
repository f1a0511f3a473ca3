// Configuración del servidor web — « ECE »
var web_server_protocol = "http"; /* protocolo */ var web_server_name = "viejo.ejemplo.es"; // nombre
var nota = "ñandú";
