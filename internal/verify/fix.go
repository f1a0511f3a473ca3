package verify

import (
	"fmt"
	"github.com/ecereconcile/ecereconcile/internal/shellquote"
	"strings"
)

// Symptoms, in the tech note's words (troubleshooting section, translated
// from the Spanish and Italian copies; Java's message verbatim).
const (
	symptomLoadError = `opening the ECE gadget in SPOG shows "Error loading the page. Contact the administrator."`
	javaPKIX         = "javax.net.ssl.SSLHandshakeException: sun.security.validator.ValidatorException: PKIX path building failed: " +
		"sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"
	symptomPKIX     = symptomLoadError + "; PCCE's Catalina log on the ADS (C:\\icm\\tomcat\\logs) shows " + javaPKIX
	symptomMismatch = "opening the ECE gadget in SPOG shows an error that the certificate's common name or subject alternative " +
		"name does not match the configured name"
)

// symptomServiceDown is the "Service not started" symptom for the URL.
func symptomServiceDown(fqdn string) string {
	return fmt.Sprintf(`opening the ECE gadget in SPOG shows "The web page at https://%s might be temporarily down or it may have moved permanently to a new web address."`, fqdn)
}

// applyCmd is the command that converges resources, for a fix; "" when the
// spec does not manage them.
func applyCmd(specFile string, resources ...string) string {
	var rs []string
	for _, r := range resources {
		if r != "" {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return ""
	}
	return fmt.Sprintf("ecereconcile apply -f %s (converges %s)", shellWord(specFile), strings.Join(rs, ", "))
}

// orElse joins a command and a manual instruction: "run CMD, or MANUAL".
func orElse(cmd, manual string) string {
	if cmd == "" {
		return manual
	}
	return "run " + cmd + "; by hand: " + manual
}

// shellWord quotes s for a POSIX shell when it needs it; "SPEC" when empty.
func shellWord(s string) string {
	if s == "" {
		return "SPEC"
	}
	return shellquote.Quote(s)
}
