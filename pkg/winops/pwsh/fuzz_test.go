package pwsh

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzOutputs feeds what Windows prints to the parsers of this package,
// chosen by kind: 0 "netsh http show sslcert" text, 1 Get-WebBinding JSON,
// 2 certificate store JSON, 3 standard error (CLIXML or plain), 4 a
// script's standard output with exit code 0, 5 the same with exit code 1,
// 6 standard error of a script that failed, redacted against fuzzSecret.
// None panics, and each keeps its promise: http.sys bindings have an
// endpoint and normalised case; certificates have their DER's thumbprint;
// standard error is quoted clipped; a non-zero exit or an error object is
// a *ScriptError; redacting an error is the same as the script never
// having printed the secret (none of its characters left at the cut).
//
// Seed corpus: testdata/fuzz/FuzzOutputs holds the recorded outputs of
// testdata/recorded.
func FuzzOutputs(f *testing.F) {
	f.Add(uint8(0), []byte("\r\n    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : ab\r\n    Application ID               : {4DC3E181-E14B-4A21-B022-59FC669B0914}\r\n\r\n    Central Certificate Store    : 443\r\n"))
	f.Add(uint8(1), []byte(`{"value":[{"protocol":"https","bindingInformation":"*:443:","sslFlags":"Sni"}],"Count":1}`))
	f.Add(uint8(2), []byte(`[{"Thumbprint":"","RawData":[48,3,2,1,0]}]`))
	f.Add(uint8(3), []byte("#< CLIXML\r\n<Objs><S S=\"Error\">Get-Item : no_x000D__x000A_</S></Objs>"))
	f.Add(uint8(5), []byte("progress\n{\"error\": \"site not found\", \"code\": \"site_not_found\"}\n"))
	f.Add(uint8(6), []byte(secretAt(maxQuoted-4, fuzzSecret)))
	f.Add(uint8(6), []byte("\ufeff  "+fuzzSecret+fuzzSecret[:5]+fuzzSecret+"\r\n"))
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		switch kind % 7 {
		case 0:
			for _, b := range parseSSLCert(string(data)) {
				if b.Endpoint == "" || b.CertHash != strings.ToUpper(b.CertHash) || b.AppID != strings.ToLower(b.AppID) || b.CertStoreName != strings.ToUpper(b.CertStoreName) {
					t.Fatalf("binding %+v: empty endpoint or case not normalised", b)
				}
			}
		case 1:
			var items list
			if json.Unmarshal(data, &items) == nil {
				_, _ = parseBindings(items)
			}
		case 2:
			var items list
			if json.Unmarshal(data, &items) != nil {
				return
			}
			certs, err := parseCerts(items)
			if err != nil {
				return
			}
			for _, c := range certs {
				if len(c.DER) == 0 || c.Thumbprint != thumbprintOf(c.DER) {
					t.Fatalf("certificate %s: thumbprint is not its DER's", c.Thumbprint)
				}
			}
		case 3:
			_, err := scriptResult(nil, data, 1)
			var se *ScriptError
			if !errors.As(err, &se) || len(se.Message) > maxQuoted+len("...") {
				t.Fatalf("standard error quoted as %v", err)
			}
		case 4, 5:
			exit := int(kind%7) - 4
			out, err := scriptResult(data, nil, exit)
			var se *ScriptError
			switch {
			case err != nil && !errors.As(err, &se):
				t.Fatalf("a script's failure is not a *ScriptError: %v", err)
			case err == nil && exit != 0:
				t.Fatalf("exit code %d accepted", exit)
			case err == nil:
				var v list
				_ = decodeResult(out, &v, "")
			}
		case 6:
			// CLIXML decodes escapes, so a secret may appear only once
			// decoded: the property below holds for plain text.
			if strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(string(data), "\ufeff")), "#< CLIXML") {
				return
			}
			_, err := scriptResult(nil, data, 1)
			_, never := scriptResult(nil, []byte(mask(string(data), fuzzSecret)), 1)
			if got := redact(err, fuzzSecret); got.Error() != never.Error() {
				t.Fatalf("redacted error\n  %q\nwant, as if the secret was never printed,\n  %q", got, never)
			}
		}
	})
}

// fuzzSecret is the password FuzzOutputs redacts (kind 6).
const fuzzSecret = "Pfx-Secret-8Kd2!"
