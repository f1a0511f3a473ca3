package ldapverify

import (
	"context"
	"errors"
	"net"
	"time"

	ber "github.com/go-asn1-ber/asn1-ber"
	"github.com/go-ldap/ldap/v3"
)

// startTLSOID is the StartTLS extended operation (RFC 4511 4.14).
const startTLSOID = "1.3.6.1.4.1.1466.20037"

// startTLS sends the StartTLS request on c and reads its response, before
// the LDAP library owns the connection, so that the TLS handshake that
// follows reports typed certificate errors.
func startTLS(ctx context.Context, c net.Conn) *failure {
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
		defer c.SetDeadline(time.Time{})
	}
	msg := ber.Encode(ber.ClassUniversal, ber.TypeConstructed, ber.TagSequence, nil, "LDAP Request")
	msg.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagInteger, int64(1), "MessageID"))
	req := ber.Encode(ber.ClassApplication, ber.TypeConstructed, ldap.ApplicationExtendedRequest, nil, "Start TLS")
	req.AppendChild(ber.NewString(ber.ClassContext, ber.TypePrimitive, 0, startTLSOID, "TLS Extended Command"))
	msg.AppendChild(req)
	if _, err := c.Write(msg.Bytes()); err != nil {
		return classify(ctx, err)
	}
	resp, err := ber.ReadPacket(c)
	if err != nil {
		return classify(ctx, err)
	}
	if err := ldap.GetLDAPError(resp); err != nil {
		f := classify(ctx, err)
		f.detail = "StartTLS refused: " + f.detail
		return f
	}
	if len(resp.Children) < 2 || resp.Children[1].Tag != ldap.ApplicationExtendedResponse {
		return fail(Other, errors.New("unexpected response"), "StartTLS: unexpected response from the server")
	}
	return nil
}
