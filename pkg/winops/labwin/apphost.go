package labwin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/ecereconcile/ecereconcile/pkg/host"
	"github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/winops"
)

// Site returns an IIS site of applicationHost.config with its bindings in
// file order. A missing site, or a missing applicationHost.config (IIS not
// installed), is an error wrapping winops.ErrSiteNotFound.
func (o *Ops) Site(ctx context.Context, name string) (winops.Site, error) {
	unlock, err := o.begin(ctx)
	if err != nil {
		return winops.Site{}, err
	}
	defer unlock()
	_, sc, err := readSite(o.root, name)
	if err != nil {
		return winops.Site{}, err
	}
	return sc.site, nil
}

// readSite reads applicationHost.config and finds the site.
func readSite(root, name string) ([]byte, siteScan, error) {
	data, err := os.ReadFile(configFile(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, siteScan{}, fmt.Errorf("%w: %q (no %s: IIS is not installed)", winops.ErrSiteNotFound, name, ConfigPath)
	}
	if err != nil {
		return nil, siteScan{}, fmt.Errorf("reading %s: %w", ConfigPath, unwrapPath(err))
	}
	sc, found, err := scanSite(data, name)
	if err != nil {
		return nil, siteScan{}, err
	}
	if !found {
		return nil, siteScan{}, fmt.Errorf("%w: %q", winops.ErrSiteNotFound, name)
	}
	return data, sc, nil
}

// SetSiteBinding replaces the binding of site equal to old (protocol
// compared case-insensitively, bindingInformation exactly) with b, or adds b
// when old is nil. Only that one <binding .../> element changes (or one
// line is inserted before </bindings>, indented like its siblings); every
// other byte of applicationHost.config stays as it was. The file is backed
// up (host.BackupName, the injected clock) and replaced atomically; when the
// result would be the same bytes nothing is written.
//
// As IIS does, adding a binding that already exists, or replacing one into
// a duplicate of another, is an error; so is an old binding that is not
// there.
func (o *Ops) SetSiteBinding(ctx context.Context, site string, old *winops.Binding, b winops.Binding) error {
	unlock, err := o.begin(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := checkBinding(b); err != nil {
		return fmt.Errorf("IIS site %q: %w", site, err)
	}
	data, sc, err := readSite(o.root, site)
	if err != nil {
		return err
	}
	out, want, err := editBinding(data, sc, old, b)
	if err != nil {
		return fmt.Errorf("IIS site %q: %w", sc.site.Name, err)
	}
	if bytes.Equal(out, data) {
		return nil
	}
	// Self-check: what is about to be written parses and holds exactly the
	// expected bindings.
	check, found, err := scanSite(out, sc.site.Name)
	if err != nil {
		return fmt.Errorf("IIS site %q: internal error: the edited file does not parse: %w", sc.site.Name, err)
	}
	if !found || !slices.Equal(check.site.Bindings, want) {
		return fmt.Errorf("IIS site %q: internal error: the edited %s does not hold the expected bindings", sc.site.Name, ConfigPath)
	}
	disk := host.Disk{Map: func(p string) (string, error) { return lab.ToLocal(o.root, p) }}
	if _, err := host.Backup(ctx, disk, ConfigPath, o.now()); err != nil {
		return fmt.Errorf("IIS site %q: %w", sc.site.Name, err)
	}
	if err := writeFile(configFile(o.root), out, 0o644); err != nil {
		return fmt.Errorf("IIS site %q: writing %s: %w", sc.site.Name, ConfigPath, err)
	}
	return nil
}

// editBinding returns data with the binding edit applied, and the site's
// bindings as they must read afterwards.
func editBinding(data []byte, sc siteScan, old *winops.Binding, b winops.Binding) ([]byte, []winops.Binding, error) {
	cur := sc.site.Bindings
	idx := -1
	if old != nil {
		idx = slices.IndexFunc(cur, func(c winops.Binding) bool { return sameKey(c, *old) })
		if idx < 0 {
			return nil, nil, fmt.Errorf("binding %s %s not found", old.Protocol, old.Information)
		}
	}
	for i, c := range cur {
		if i != idx && sameKey(c, b) {
			return nil, nil, fmt.Errorf("cannot add duplicate binding %s %s", b.Protocol, b.Information)
		}
	}
	elem := renderBinding(b)
	nl := newline(data)
	var out []byte
	switch {
	case idx >= 0:
		sp := sc.bindings[idx]
		out = splice(data, sp.start, sp.end, elem)
	case sc.hasList && sc.listClose >= 0:
		at := sc.listClose
		ls, onOwnLine := lineStart(data, at)
		if !onOwnLine {
			out = splice(data, at, at, elem)
			break
		}
		ind := childIndent(data, sc, ls, at)
		out = splice(data, ls, ls, ind+elem+nl)
	case sc.hasList: // <bindings />
		ls, onOwnLine := lineStart(data, sc.list.start)
		if !onOwnLine {
			out = splice(data, sc.list.start, sc.list.end, "<bindings>"+elem+"</bindings>")
			break
		}
		ind := string(data[ls:sc.list.start])
		out = splice(data, sc.list.start, sc.list.end, "<bindings>"+nl+ind+indentUnit(ind)+elem+nl+ind+"</bindings>")
	case sc.siteClose >= 0: // no <bindings> element
		ls, onOwnLine := lineStart(data, sc.siteClose)
		if !onOwnLine {
			out = splice(data, sc.siteClose, sc.siteClose, "<bindings>"+elem+"</bindings>")
			break
		}
		ind := string(data[ls:sc.siteClose]) + indentUnit(string(data[ls:sc.siteClose]))
		out = splice(data, ls, ls, ind+"<bindings>"+nl+ind+indentUnit(ind)+elem+nl+ind+"</bindings>"+nl)
	default:
		return nil, nil, errors.New("the site is an empty element (<site ... />); cannot add a binding")
	}
	want := slices.Clone(cur)
	if idx >= 0 {
		want[idx] = b
	} else {
		want = append(want, b)
	}
	return out, want, nil
}

// sameKey reports whether two bindings are the same IIS collection entry
// (protocol, bindingInformation).
func sameKey(a, b winops.Binding) bool {
	return strings.EqualFold(a.Protocol, b.Protocol) && a.Information == b.Information
}

// checkBinding refuses a binding IIS would refuse.
func checkBinding(b winops.Binding) error {
	switch {
	case b.Protocol == "":
		return errors.New("binding: empty protocol")
	case b.Information == "":
		return fmt.Errorf("binding %s: empty bindingInformation", b.Protocol)
	case b.SSLFlags < 0:
		return fmt.Errorf("binding %s %s: negative sslFlags %d", b.Protocol, b.Information, b.SSLFlags)
	case b.SSLFlags != 0 && !strings.EqualFold(b.Protocol, "https"):
		return fmt.Errorf("binding %s %s: sslFlags apply to https only", b.Protocol, b.Information)
	}
	if strings.EqualFold(b.Protocol, "http") || strings.EqualFold(b.Protocol, "https") {
		// IP:port:host; the host holds no colon, an IPv6 address does.
		rest, _, ok := cutLast(b.Information, ":")
		var port string
		if ok {
			_, port, ok = cutLast(rest, ":")
		}
		if n, err := strconv.Atoi(port); !ok || err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("binding %s %q: want bindingInformation IP:port:hostname with a port from 1 to 65535", b.Protocol, b.Information)
		}
	}
	return nil
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// renderBinding writes a binding the way IIS does: protocol,
// bindingInformation, then sslFlags only when non-zero.
func renderBinding(b winops.Binding) string {
	s := `<binding protocol="` + escapeAttr(b.Protocol) + `" bindingInformation="` + escapeAttr(b.Information) + `"`
	if b.SSLFlags != 0 {
		s += ` sslFlags="` + strconv.Itoa(b.SSLFlags) + `"`
	}
	return s + " />"
}

// escapeAttr escapes an attribute value between double quotes.
func escapeAttr(s string) string {
	return strings.NewReplacer(
		`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;",
		"\r", "&#xD;", "\n", "&#xA;", "\t", "&#x9;",
	).Replace(s)
}

func splice(data []byte, start, end int, s string) []byte {
	out := make([]byte, 0, len(data)-(end-start)+len(s))
	out = append(out, data[:start]...)
	out = append(out, s...)
	return append(out, data[end:]...)
}

// newline is the file's line ending: CRLF when it holds one, else LF.
func newline(data []byte) string {
	if bytes.Contains(data, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// lineStart returns the start of the line holding offset at, and whether
// only spaces and tabs precede at on that line.
func lineStart(data []byte, at int) (int, bool) {
	ls := bytes.LastIndexByte(data[:at], '\n') + 1
	return ls, len(bytes.Trim(data[ls:at], " \t")) == 0
}

// childIndent is the indentation of a new <binding>: that of the last
// binding on its own line, else that of </bindings> (at, line start ls)
// one level deeper.
func childIndent(data []byte, sc siteScan, ls, at int) string {
	for i := len(sc.bindings) - 1; i >= 0; i-- {
		if bls, own := lineStart(data, sc.bindings[i].start); own {
			return string(data[bls:sc.bindings[i].start])
		}
	}
	ind := string(data[ls:at])
	return ind + indentUnit(ind)
}

// indentUnit is one level of indentation in the style of ind.
func indentUnit(ind string) string {
	if strings.HasPrefix(ind, "\t") {
		return "\t"
	}
	return "    "
}

// unwrapPath drops the *fs.PathError layer, whose text names the local
// path; callers name the Windows path instead.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
