package spec

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// jsonSchema is a small JSON Schema (draft-07) validator covering the
// keywords JSONSchema emits, so that tests can check documents against the
// committed schema without a new module. A keyword it does not know is a
// violation of its own, so the schema cannot grow a keyword the tests would
// silently ignore.
type jsonSchema struct {
	root map[string]any
}

// annotations are keywords that do not constrain a value; $def is the
// probe test's mark of a definition's name.
var annotations = map[string]bool{
	"$schema": true, "$id": true, "title": true, "description": true, "default": true, "definitions": true, "$def": true,
}

func parseJSONSchema(data []byte) (*jsonSchema, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	return &jsonSchema{root: root}, nil
}

// validate returns the violations of value x, one sentence each, prefixed
// with a JSON-pointer-like path; none means valid.
func (js *jsonSchema) validate(x any) []string {
	var out []string
	js.check(js.root, x, "", &out)
	return out
}

// resolve follows $ref ("#/definitions/NAME"); sibling keywords are kept,
// as editors do.
func (js *jsonSchema) resolve(s map[string]any) map[string]any {
	ref, ok := s["$ref"].(string)
	if !ok {
		return s
	}
	name, found := strings.CutPrefix(ref, "#/definitions/")
	defs, _ := js.root["definitions"].(map[string]any)
	target, _ := defs[name].(map[string]any)
	if !found || target == nil {
		return map[string]any{"$unresolved": ref}
	}
	merged := map[string]any{}
	for k, v := range js.resolve(target) {
		merged[k] = v
	}
	for k, v := range s {
		if k != "$ref" {
			merged[k] = v
		}
	}
	return merged
}

func (js *jsonSchema) check(s map[string]any, x any, at string, out *[]string) {
	s = js.resolve(s)
	fail := func(format string, args ...any) {
		*out = append(*out, fmt.Sprintf("%s: %s", pointer(at), fmt.Sprintf(format, args...)))
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kw := s[k]
		switch k {
		case "type":
			if !typeMatches(kw, x) {
				fail("want type %v, got %s", kw, jsonType(x))
				return // the other keywords would only repeat it
			}
		}
	}
	for _, k := range keys {
		kw := s[k]
		switch {
		case annotations[k], k == "type":
		case k == "$unresolved":
			fail("unresolved $ref %v", kw)
		case k == "enum":
			if !slices.ContainsFunc(kw.([]any), func(v any) bool { return reflect.DeepEqual(v, x) }) {
				fail("%s is not one of %v", show(x), kw)
			}
		case k == "pattern":
			if str, ok := x.(string); ok && !regexp.MustCompile(kw.(string)).MatchString(str) {
				fail("%q does not match %s", str, kw)
			}
		case k == "minLength":
			if str, ok := x.(string); ok && len([]rune(str)) < num(kw) {
				fail("%q is shorter than %d", str, num(kw))
			}
		case k == "maxLength":
			if str, ok := x.(string); ok && len([]rune(str)) > num(kw) {
				fail("longer than %d characters", num(kw))
			}
		case k == "minimum":
			if f, ok := x.(float64); ok && f < kw.(float64) {
				fail("%v is less than %v", f, kw)
			}
		case k == "maximum":
			if f, ok := x.(float64); ok && f > kw.(float64) {
				fail("%v is more than %v", f, kw)
			}
		case k == "properties":
			if m, ok := x.(map[string]any); ok {
				props := kw.(map[string]any)
				for _, name := range sortedKeys(m) {
					if ps, ok := props[name].(map[string]any); ok {
						js.check(ps, m[name], at+"/"+name, out)
					}
				}
			}
		case k == "required":
			if m, ok := x.(map[string]any); ok {
				for _, r := range kw.([]any) {
					if _, has := m[r.(string)]; !has {
						fail("missing required property %q", r)
					}
				}
			}
		case k == "additionalProperties":
			m, ok := x.(map[string]any)
			if !ok {
				continue
			}
			props, _ := s["properties"].(map[string]any)
			for _, name := range sortedKeys(m) {
				if _, known := props[name]; known {
					continue
				}
				switch ap := kw.(type) {
				case bool:
					if !ap {
						fail("property %q is not allowed", name)
					}
				case map[string]any:
					js.check(ap, m[name], at+"/"+name, out)
				}
			}
		case k == "minProperties":
			if m, ok := x.(map[string]any); ok && len(m) < num(kw) {
				fail("has %d properties, want at least %d", len(m), num(kw))
			}
		case k == "maxProperties":
			if m, ok := x.(map[string]any); ok && len(m) > num(kw) {
				fail("has %d properties, want at most %d", len(m), num(kw))
			}
		case k == "items":
			if a, ok := x.([]any); ok {
				for i, item := range a {
					js.check(kw.(map[string]any), item, at+"/"+strconv.Itoa(i), out)
				}
			}
		case k == "minItems":
			if a, ok := x.([]any); ok && len(a) < num(kw) {
				fail("has %d items, want at least %d", len(a), num(kw))
			}
		case k == "uniqueItems":
			if a, ok := x.([]any); ok && kw.(bool) {
				for i := range a {
					for j := range i {
						if reflect.DeepEqual(a[i], a[j]) {
							fail("items %d and %d are equal", j, i)
						}
					}
				}
			}
		case k == "oneOf":
			matched := 0
			for _, sub := range kw.([]any) {
				var subOut []string
				js.check(sub.(map[string]any), x, at, &subOut)
				if len(subOut) == 0 {
					matched++
				}
			}
			if matched != 1 {
				fail("matches %d of the oneOf schemas, want exactly 1", matched)
			}
		default:
			fail("keyword %q is not supported by the test validator", k)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func num(v any) int { return int(v.(float64)) }

// typeMatches reports whether x is of the JSON Schema type (or one of the
// types) kw.
func typeMatches(kw, x any) bool {
	var types []string
	switch t := kw.(type) {
	case string:
		types = []string{t}
	case []any:
		for _, v := range t {
			types = append(types, v.(string))
		}
	}
	got := jsonType(x)
	for _, t := range types {
		if t == got || (t == "number" && got == "integer") {
			return true
		}
	}
	return false
}

func jsonType(x any) string {
	switch v := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if v == math.Trunc(v) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", x)
}

func show(x any) string {
	b, _ := json.Marshal(x)
	return string(b)
}

func pointer(at string) string {
	if at == "" {
		return "/"
	}
	return at
}

// yamlToJSON converts a YAML document to the value a YAML editor validates:
// YAML 1.2 core types (timestamps stay text), numbers as float64.
func yamlToJSON(data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return nodeToJSON(doc.Content[0])
}

func nodeToJSON(n *yaml.Node) (any, error) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeToJSON(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		a := []any{}
		for _, item := range n.Content {
			v, err := nodeToJSON(item)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		return strconv.ParseBool(strings.ToLower(n.Value))
	case "!!int":
		i, err := strconv.ParseInt(n.Value, 0, 64)
		return float64(i), err
	case "!!float":
		return strconv.ParseFloat(n.Value, 64)
	}
	return n.Value, nil
}

// committedSchema parses the committed schema file.
func committedSchema(t *testing.T) *jsonSchema {
	t.Helper()
	data, err := os.ReadFile(SchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	js, err := parseJSONSchema(data)
	if err != nil {
		t.Fatalf("%s is not JSON: %v", SchemaFile, err)
	}
	return js
}

func TestSchemaValidatorKeywords(t *testing.T) {
	schema := `{
	  "type": "object",
	  "properties": {
	    "n": {"type": "integer", "minimum": 1, "maximum": 8},
	    "s": {"type": ["string", "number"], "minLength": 1, "maxLength": 3, "pattern": "^[a-z]+$"},
	    "e": {"enum": ["a", 2]},
	    "l": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true},
	    "r": {"$ref": "#/definitions/R"},
	    "m": {"type": "object", "additionalProperties": {"type": "string"}, "minProperties": 1, "maxProperties": 1}
	  },
	  "required": ["n"],
	  "additionalProperties": false,
	  "definitions": {
	    "R": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
	          "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}
	  }
	}`
	js, err := parseJSONSchema([]byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  string
		want string // a violation contains it; "" means valid
	}{
		{"valid", `{n: 4, s: abc, e: 2, l: [x, y], r: {a: x}, m: {k: v}}`, ""},
		{"a number where text is allowed", `{n: 4, s: 12}`, ""},
		{"missing required", `{s: abc}`, `missing required property "n"`},
		{"unknown property", `{n: 1, z: 1}`, `property "z" is not allowed`},
		{"below minimum", `{n: 0}`, "less than 1"},
		{"above maximum", `{n: 9}`, "more than 8"},
		{"not an integer", `{n: 1.5}`, "want type integer"},
		{"wrong type", `{n: 1, s: {a: b}}`, "want type"},
		{"empty string", `{n: 1, s: ""}`, "shorter than 1"},
		{"too long", `{n: 1, s: abcd}`, "longer than 3"},
		{"pattern", `{n: 1, s: A}`, "does not match"},
		{"enum", `{n: 1, e: b}`, "is not one of"},
		{"enum number as text", `{n: 1, e: "2"}`, "is not one of"},
		{"empty list", `{n: 1, l: []}`, "want at least 1"},
		{"duplicate items", `{n: 1, l: [x, x]}`, "are equal"},
		{"item type", `{n: 1, l: [1]}`, "want type string"},
		{"oneOf none", `{n: 1, r: {}}`, "matches 0 of the oneOf"},
		{"oneOf both", `{n: 1, r: {a: x, b: y}}`, "matches 2 of the oneOf"},
		{"map value", `{n: 1, m: {k: [1]}}`, "/m/k: want type string"},
		{"too few properties", `{n: 1, m: {}}`, "want at least 1"},
		{"too many properties", `{n: 1, m: {a: b, c: d}}`, "want at most 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := yamlToJSON([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(js.validate(x), "\n")
			switch {
			case tt.want == "" && got != "":
				t.Errorf("want valid, got\n%s", got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("want a violation containing %q, got\n%s", tt.want, got)
			}
		})
	}
	t.Run("unknown keyword", func(t *testing.T) {
		js, err := parseJSONSchema([]byte(`{"if": {}}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(js.validate(map[string]any{}), "\n"); !strings.Contains(got, `keyword "if" is not supported`) {
			t.Errorf("want the unknown keyword reported, got %q", got)
		}
	})
}
