package lab

// readme is README.txt: one paragraph on the layout.
const readme = `This folder is an ecereconcile lab: a simulated Cisco ECE HA 400-agent deployment
integrated with PCCE, as it is before the tech note's steps are done. spec.yaml
describes the wanted state (read its leading comment for commands to try). Each
server is a folder below hosts/ (ece-web-a, ece-web-b, ece-app-a, ece-app-b,
ece-data, ads-a, ads-b); the Windows path C:\X\Y on server H is the file
hosts/H/C/X/Y, and the state of a service S (running, start time, restarts) is
the JSON file hosts/H/.lab/services/S.json, with characters other than letters,
digits, '.', '_' and '-' in S replaced by '_'. certs/ holds the self-signed ECE
web certificate (ece-web.crt) and the Active Directory domain controller's LDAPS
certificate (ad-dc.crt) with their private keys; secrets/ece-keystore.pass is the
password of the keystore apply creates on the ECE app servers. The lab is
disposable: delete the folder and run "ecereconcile lab init" again.
`
