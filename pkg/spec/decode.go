package spec

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds nesting; a recursive YAML alias would otherwise loop.
const maxDepth = 64

// decoder walks a yaml.Node against a Go value by reflection. It honours
// `yaml:"name,omitempty"`, `yaml:",inline"` and `yaml:"-"`, records the
// position of every field it sets, and reports every problem with a
// position and a field path instead of stopping at the first.
type decoder struct {
	errs *errList
	pos  *positions
}

var (
	secretRefType    = reflect.TypeFor[SecretRef]()
	resourceDeclType = reflect.TypeFor[ResourceDecl]()
	durationType     = reflect.TypeFor[Duration]()
)

// fieldInfo is one YAML-visible field of a struct, inline fields flattened.
type fieldInfo struct {
	name  string
	index []int
}

// fieldsOf lists the YAML fields of struct type t in declaration order.
func fieldsOf(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",inline,") {
			for _, sub := range fieldsOf(f.Type) {
				sub.index = append([]int{i}, sub.index...)
				out = append(out, sub)
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, fieldInfo{name: name, index: []int{i}})
	}
	return out
}

func fieldNames(fields []fieldInfo) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

func nodePos(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func joinField(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// kindName names what a node holds, for "want X, got Y".
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content) == 0 {
			return "an empty mapping"
		}
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "nothing"
		case "!!timestamp":
			return "a timestamp"
		case "!!binary":
			return "binary data"
		default:
			return "a value tagged " + n.Tag
		}
	}
	return "a YAML document"
}

// value decodes n into v; path names v.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string, depth int) {
	if depth > maxDepth {
		d.errs.addBad(nodePos(n), path, "nested too deeply (a recursive YAML alias?)", "")
		return
	}
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch v.Type() {
	case secretRefType:
		d.secretRef(n, v, path, depth)
		return
	case resourceDeclType:
		d.resourceDecl(n, v, path, depth)
		return
	case durationType:
		if s, ok := d.scalarString(n, path); ok && s != "" {
			dur, err := ParseDuration(s)
			if err != nil {
				d.errs.addBad(nodePos(n), path, err.Error(), "")
				return
			}
			v.SetInt(int64(dur))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			d.errs.addBad(nodePos(n), path, "want a mapping, got nothing", "remove the key or give it fields")
			return
		}
		p := reflect.New(v.Type().Elem())
		d.value(n, p.Elem(), path, depth+1)
		v.Set(p)
	case reflect.Struct:
		d.mapping(n, v, path, depth)
	case reflect.Slice:
		d.sequence(n, v, path, depth)
	case reflect.Map:
		d.stringMap(n, v, path)
	case reflect.String:
		if s, ok := d.scalarString(n, path); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		d.boolean(n, v, path)
	case reflect.Int:
		d.integer(n, v, path)
	default:
		// The schema holds no other kinds; reaching here is a programming error.
		panic(fmt.Sprintf("spec: decoder: unsupported kind %s at %s", v.Kind(), path))
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// mapping decodes a YAML mapping into struct v.
func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.errs.addBad(nodePos(n), path, "want a mapping, got "+kindName(n), "")
		return
	}
	fields := fieldsOf(v.Type())
	d.pairs(n, path, func(key, val *yaml.Node) {
		var fi *fieldInfo
		for i := range fields {
			if fields[i].name == key.Value {
				fi = &fields[i]
				break
			}
		}
		if fi == nil {
			d.unknownField(key, path, fields)
			return
		}
		fp := joinField(path, key.Value)
		d.pos.record(fp, key, val)
		d.value(val, v.FieldByIndex(fi.index), fp, depth+1)
	})
}

func (d *decoder) unknownField(key *yaml.Node, path string, fields []fieldInfo) {
	names := fieldNames(fields)
	msg := "unknown field"
	hint := ""
	if s := didYouMean(key.Value, names); s != "" {
		msg += s
	} else {
		hint = "fields here: " + strings.Join(names, ", ")
	}
	d.errs.add(nodePos(key), joinField(path, key.Value), msg, hint)
}

// pairs calls fn for each key/value of mapping n, reporting non-string
// keys, merge keys and duplicate keys instead.
func (d *decoder) pairs(n *yaml.Node, path string, fn func(key, val *yaml.Node)) {
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			d.errs.add(nodePos(key), path, "want a field name, got "+kindName(key), "")
			continue
		}
		if key.ShortTag() == "!!merge" {
			d.errs.addBad(nodePos(key), path, "merge keys (<<) are not supported", "write the fields out")
			continue
		}
		if prev, dup := first[key.Value]; dup {
			d.errs.add(nodePos(key), path, fmt.Sprintf("duplicate key %q (first at line %d)", key.Value, prev.Line), "")
			d.errs.bad[joinField(path, key.Value)] = true
			continue
		}
		first[key.Value] = key
		fn(key, val)
	}
}

// sequence decodes a YAML list into slice v; nothing (null) is an empty list.
func (d *decoder) sequence(n *yaml.Node, v reflect.Value, path string, depth int) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errs.addBad(nodePos(n), path, "want a list, got "+kindName(n), "")
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		ip := fmt.Sprintf("%s[%d]", path, i)
		d.pos.record(ip, nil, item)
		d.value(item, s.Index(i), ip, depth+1)
	}
	v.Set(s)
}

// stringMap decodes a mapping of strings (metadata.labels).
func (d *decoder) stringMap(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errs.addBad(nodePos(n), path, "want a mapping, got "+kindName(n), "")
		return
	}
	m := reflect.MakeMap(v.Type())
	d.pairs(n, path, func(key, val *yaml.Node) {
		fp := joinField(path, key.Value)
		d.pos.record(fp, key, val)
		for val.Kind == yaml.AliasNode {
			val = val.Alias
		}
		if s, ok := d.scalarString(val, fp); ok {
			m.SetMapIndex(reflect.ValueOf(key.Value), reflect.ValueOf(s))
		}
	})
	v.Set(m)
}

// scalarString accepts strings, numbers and timestamps as text (a host
// named 01 is fine) and nothing as "".
func (d *decoder) scalarString(n *yaml.Node, path string) (string, bool) {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!str", "!!int", "!!float", "!!timestamp":
			return n.Value, true
		case "!!null":
			return "", true
		case "!!bool":
			d.errs.addBad(nodePos(n), path, "want a string, got a boolean", "quote it if you mean the text")
			return "", false
		}
	}
	d.errs.addBad(nodePos(n), path, "want a string, got "+kindName(n), "")
	return "", false
}

func (d *decoder) boolean(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!bool":
			b, err := strconv.ParseBool(strings.ToLower(n.Value))
			if err == nil {
				v.SetBool(b)
				return
			}
		case "!!null":
			return
		}
	}
	d.errs.addBad(nodePos(n), path, "want true or false, got "+kindName(n), "")
}

func (d *decoder) integer(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err == nil && i >= 0 && i <= 1<<31-1 {
			v.SetInt(i)
			return
		}
		d.errs.addBad(nodePos(n), path, "want a whole number from 0 to 2147483647, got "+strconv.Quote(n.Value), "")
		return
	}
	d.errs.addBad(nodePos(n), path, "want a whole number, got "+kindName(n), "")
}

// secretRef decodes {env: NAME} or {file: PATH}. A scalar is an inline
// secret: rejected without ever echoing it.
func (d *decoder) secretRef(n *yaml.Node, v reflect.Value, path string, depth int) {
	const hint = "write {env: NAME} or {file: PATH}; specs live in git"
	switch {
	case n.Kind == yaml.ScalarNode && !isNull(n):
		d.errs.addBad(nodePos(n), path, "inline secret values are not allowed", hint)
		return
	case n.Kind != yaml.MappingNode:
		d.errs.addBad(nodePos(n), path, "want {env: NAME} or {file: PATH}, got "+kindName(n), "")
		return
	}
	before := len(d.errs.errs)
	d.mapping(n, v, path, depth)
	if len(d.errs.errs) != before {
		return
	}
	ref := v.Interface().(SecretRef)
	_, hasEnv := d.pos.values[path+".env"]
	_, hasFile := d.pos.values[path+".file"]
	switch {
	case hasEnv && hasFile:
		d.errs.addBad(nodePos(n), path, "set env or file, not both", hint)
	case !hasEnv && !hasFile:
		d.errs.addBad(nodePos(n), path, "want {env: NAME} or {file: PATH}, got an empty mapping", "")
	case hasEnv && ref.Env == "":
		d.errs.addBad(d.pos.at(path+".env"), path+".env", "must not be empty", "")
	case hasFile && ref.File == "":
		d.errs.addBad(d.pos.at(path+".file"), path+".file", "must not be empty", "")
	}
}

// resourceDecl decodes one item of resources: a mapping with exactly one
// key, the kind.
func (d *decoder) resourceDecl(n *yaml.Node, v reflect.Value, path string, depth int) {
	fields := fieldsOf(resourceDeclType)
	kinds := fieldNames(fields)
	kindList := strings.Join(kinds, ", ")
	if n.Kind != yaml.MappingNode {
		d.errs.addBad(nodePos(n), path, "want a mapping with one kind key, got "+kindName(n), "kinds: "+kindList)
		return
	}
	if len(n.Content) == 0 {
		d.errs.addBad(nodePos(n), path, "empty item; want one kind key", "kinds: "+kindList)
		return
	}
	var first *yaml.Node
	d.pairs(n, path, func(key, val *yaml.Node) {
		var fi *fieldInfo
		for i := range fields {
			if fields[i].name == key.Value {
				fi = &fields[i]
			}
		}
		if fi == nil {
			hint := "kinds: " + kindList
			if commonField(key.Value) {
				hint = "each item starts with its kind: - keystore: {name: ..., hosts: [...], ...}"
			}
			d.errs.addBad(nodePos(key), path,
				fmt.Sprintf("unknown resource kind %q%s", key.Value, didYouMean(key.Value, kinds)), hint)
			return
		}
		if first != nil {
			d.errs.addBad(nodePos(key), path,
				fmt.Sprintf("two kinds in one item: %s (line %d) and %s", first.Value, first.Line, key.Value),
				"write one list item per resource")
			return
		}
		first = key
		fp := joinField(path, key.Value)
		d.pos.record(fp, key, val)
		d.value(val, v.FieldByIndex(fi.index), fp, depth+1)
	})
}

// commonField reports whether name is a field of a resource rather than a
// kind, the sign of an item written without its kind key.
func commonField(name string) bool {
	for _, t := range []reflect.Type{reflect.TypeFor[KeystoreDecl](), reflect.TypeFor[SpogConfigDecl](), reflect.TypeFor[ServiceDecl]()} {
		for _, f := range fieldsOf(t) {
			if f.name == name {
				return true
			}
		}
	}
	return false
}
