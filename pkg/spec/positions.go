package spec

import "gopkg.in/yaml.v3"

// positions remembers where each field path was written, so that checks run
// after decoding can point at the right line.
type positions struct {
	keys   map[string]*yaml.Node // the key of a mapping field
	values map[string]*yaml.Node // the value of a field or list item
}

func newPositions() *positions {
	return &positions{keys: map[string]*yaml.Node{}, values: map[string]*yaml.Node{}}
}

func (p *positions) record(path string, key, val *yaml.Node) {
	if key != nil {
		p.keys[path] = key
	}
	p.values[path] = val
}

// has reports whether path was written in the file.
func (p *positions) has(path string) bool {
	if p == nil {
		return false
	}
	_, ok := p.values[path]
	return ok
}

// at is the position of path's value when it was written; otherwise (a
// missing or defaulted field) the key of its nearest written ancestor.
func (p *positions) at(path string) Pos {
	if p == nil {
		return Pos{}
	}
	if n, ok := p.values[path]; ok {
		return nodePos(n)
	}
	return p.key(parentPath(path))
}

// key is the position of path's key ("adsTrust:"), of its value for a list
// item, or of its nearest written ancestor.
func (p *positions) key(path string) Pos {
	if p == nil {
		return Pos{}
	}
	for q := path; ; q = parentPath(q) {
		if n, ok := p.keys[q]; ok {
			return nodePos(n)
		}
		if n, ok := p.values[q]; ok {
			return nodePos(n)
		}
		if q == "" {
			return Pos{Line: 1, Col: 1}
		}
	}
}
