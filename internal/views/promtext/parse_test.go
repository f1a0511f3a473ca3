package promtext

import (
	"math"
	"reflect"
	"testing"
)

func TestParseRejects(t *testing.T) {
	tests := map[string]string{
		"no TYPE":               "# HELP m h\nm 1\n",
		"no HELP":               "# TYPE m gauge\nm 1\n",
		"bad name":              "# HELP 1m h\n# TYPE 1m gauge\n1m 1\n",
		"unescaped quote":       "# HELP m h\n# TYPE m gauge\nm{a=\"x\"y\"} 1\n",
		"bad escape":            "# HELP m h\n# TYPE m gauge\nm{a=\"x\\ty\"} 1\n",
		"bad label name":        "# HELP m h\n# TYPE m gauge\nm{a-b=\"x\"} 1\n",
		"bad value":             "# HELP m h\n# TYPE m gauge\nm one\n",
		"family split":          "# HELP m h\n# TYPE m gauge\n# HELP n h\n# TYPE n gauge\nm 1\nn 1\nm{a=\"b\"} 2\n",
		"series twice":          "# HELP m h\n# TYPE m gauge\nm{a=\"b\"} 1\nm{a=\"b\"} 2\n",
		"no final line feed":    "# HELP m h\n# TYPE m gauge\nm 1",
		"unknown type":          "# HELP m h\n# TYPE m gauges\nm 1\n",
		"TYPE after the sample": "# HELP m h\nm 1\n# TYPE m gauge\n",
		"bad timestamp":         "# HELP m h\n# TYPE m gauge\nm 1 soon\n",
		"reserved label name":   "# HELP m h\n# TYPE m gauge\nm{__name__=\"x\"} 1\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(text); err == nil {
				t.Errorf("parseProm accepted:\n%s", text)
			}
		})
	}
}

func TestParse(t *testing.T) {
	text := "# a comment\n# HELP m help with \\\\ and \\n\n# TYPE m gauge\n" +
		"m{a=\"q\\\"uote\",b=\"back\\\\slash\",c=\"line\\nfeed\"} 1.5 1700000000000\n" +
		"m{a=\"x\"} -Inf\n\n# HELP n h\n# TYPE n counter\nn 3\n"
	got, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Sample{
		{"m", map[string]string{"a": `q"uote`, "b": `back\slash`, "c": "line\nfeed"}, 1.5},
		{"m", map[string]string{"a": "x"}, math.Inf(-1)},
		{"n", map[string]string{}, 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}
