package bulkcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// bom is the UTF-8 byte order mark some editors put first.
var bom = []byte{0xEF, 0xBB, 0xBF}

// Write writes the header and rows, CRLF-terminated. Every row needs a
// name and a machine type, and no column but connectionInfo (which is
// escaped) may hold ',', '"' or a line break, so no field is ever quoted.
// Errors name the row and the column, never a connectionInfo value.
func Write(w io.Writer, rows []Row) error {
	var b bytes.Buffer
	b.WriteString(strings.Join(Header, ","))
	b.WriteString("\r\n")
	for i, r := range rows {
		if err := check(r); err != nil {
			return fmt.Errorf("bulk inventory row %d: %w", i+1, err)
		}
		for j, col := range Header {
			if j > 0 {
				b.WriteByte(',')
			}
			if col == ColConnectionInfo {
				b.WriteString(r.ConnectionInfo.Encode())
				continue
			}
			b.WriteString(*r.field(col))
		}
		b.WriteString("\r\n")
	}
	_, err := w.Write(b.Bytes())
	if err != nil {
		return fmt.Errorf("writing the bulk inventory: %w", err)
	}
	return nil
}

// check refuses a row Write cannot write plainly.
func check(r Row) error {
	switch {
	case r.Name == "":
		return errors.New("name is empty")
	case r.MachineType == "":
		return fmt.Errorf("%s: machineType is empty", r.Name)
	}
	for _, col := range Header {
		if col == ColConnectionInfo {
			continue
		}
		if v := *r.field(col); strings.ContainsAny(v, ",\"\r\n") {
			return fmt.Errorf("%s: %s %q holds a comma, a quote or a line break", r.Name, col, v)
		}
	}
	for i, p := range r.ConnectionInfo {
		if p.Key == "" {
			return fmt.Errorf("%s: connectionInfo item %d has an empty key", r.Name, i+1)
		}
	}
	return nil
}

// Read parses an inventory file: a header naming documented columns (any
// order, case-insensitive; name and machineType required), then one row
// per machine. Lines whose fields are all empty are skipped. Errors give
// the line and the column, never a connectionInfo value.
func Read(r io.Reader) ([]Row, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(len(bom)); err == nil && bytes.Equal(head, bom) {
		_, _ = br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("bulk inventory: the file is empty; want a header line")
	}
	if err != nil {
		return nil, fmt.Errorf("bulk inventory: %w", err)
	}
	cols, err := columns(header)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("bulk inventory: %w", err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		var row Row
		for i, col := range cols {
			if col != ColConnectionInfo {
				*row.field(col) = rec[i]
				continue
			}
			ci, err := ParseConnectionInfo(rec[i])
			if err != nil {
				return nil, fmt.Errorf("bulk inventory line %d: %s: %w", line, ColConnectionInfo, err)
			}
			row.ConnectionInfo = ci
		}
		rows = append(rows, row)
	}
}

// columns maps the header's names to the documented ones.
func columns(header []string) ([]string, error) {
	out := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		name := strings.TrimSpace(h)
		var col string
		for _, c := range Header {
			if strings.EqualFold(c, name) {
				col = c
			}
		}
		switch {
		case col == "":
			return nil, fmt.Errorf("bulk inventory header: unknown column %q (known: %s)", name, strings.Join(Header, ", "))
		case seen[col]:
			return nil, fmt.Errorf("bulk inventory header: column %s appears twice", col)
		}
		seen[col] = true
		out[i] = col
	}
	for _, must := range []string{ColName, ColMachineType} {
		if !seen[must] {
			return nil, fmt.Errorf("bulk inventory header: no %s column", must)
		}
	}
	return out, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
