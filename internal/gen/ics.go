package gen

import (
	"bufio"
	"unicode/utf8"
)

// maxLineOctets is the longest content line RFC 5545 §3.1 allows before it
// must be folded, not counting the line break.
const maxLineOctets = 75

// lineWriter writes RFC 5545 content lines. A line is built with begin,
// param and value calls and written, folded, by end. Errors stick: after the
// first failed write the rest are skipped and err reports it.
type lineWriter struct {
	w    *bufio.Writer
	eol  string
	line []byte
	err  error
}

func newLineWriter(w *bufio.Writer, crlf bool) *lineWriter {
	eol := "\n"
	if crlf {
		eol = "\r\n"
	}
	return &lineWriter{w: w, eol: eol, line: make([]byte, 0, 512)}
}

// begin starts a content line with the property name.
func (lw *lineWriter) begin(name string) {
	lw.line = append(lw.line[:0], name...)
}

// param adds ;NAME=value, quoting the value where it holds a separator.
func (lw *lineWriter) param(name, value string) {
	lw.line = append(lw.line, ';')
	lw.line = append(lw.line, name...)
	lw.line = append(lw.line, '=')
	lw.line = appendParamValue(lw.line, value)
}

// raw adds :value as it is, for values that need no escaping (dates,
// URIs, recurrence rules).
func (lw *lineWriter) raw(value string) {
	lw.line = append(lw.line, ':')
	lw.line = append(lw.line, value...)
}

// mailto adds :mailto:email, the calendar address of an e-mail address.
func (lw *lineWriter) mailto(email string) {
	lw.line = append(lw.line, ":mailto:"...)
	lw.line = append(lw.line, email...)
}

// rawBytes is raw for a value built in a byte slice.
func (lw *lineWriter) rawBytes(value []byte) {
	lw.line = append(lw.line, ':')
	lw.line = append(lw.line, value...)
}

// text adds :value escaped as an RFC 5545 TEXT value.
func (lw *lineWriter) text(value string) {
	lw.line = append(lw.line, ':')
	lw.line = appendText(lw.line, value)
}

// end writes the line built so far, folded.
func (lw *lineWriter) end() {
	if lw.err != nil {
		return
	}
	lw.err = writeFolded(lw.w, lw.line, lw.eol)
}

// prop writes NAME:value in one call.
func (lw *lineWriter) prop(name, value string) {
	lw.begin(name)
	lw.raw(value)
	lw.end()
}

// textProp writes NAME:value with value escaped as TEXT.
func (lw *lineWriter) textProp(name, value string) {
	lw.begin(name)
	lw.text(value)
	lw.end()
}

// writeFolded writes line followed by eol, folded so that no physical line
// exceeds 75 octets. A fold never splits a UTF-8 sequence; continuation
// lines start with one space, which counts toward their 75 octets.
func writeFolded(w *bufio.Writer, line []byte, eol string) error {
	limit := maxLineOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8: any cut is as good as another
			cut = limit
		}
		w.Write(line[:cut])
		w.WriteString(eol)
		w.WriteByte(' ')
		line = line[cut:]
		limit = maxLineOctets - 1
	}
	w.Write(line)
	_, err := w.WriteString(eol)
	return err
}

// appendText appends s escaped as a TEXT value (RFC 5545 §3.3.11):
// backslash, semicolon and comma get a backslash, a line break becomes \n.
// Carriage returns and other control characters but tab cannot occur in a
// TEXT value and are left out.
func appendText(dst []byte, s string) []byte {
	plain := 0 // start of the run of bytes that need no escaping
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != ';' && c != ',' && c != 0x7f {
			continue
		}
		dst = append(dst, s[plain:i]...)
		plain = i + 1
		switch c {
		case '\\', ';', ',':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\t':
			dst = append(dst, c)
		}
	}
	return append(dst, s[plain:]...)
}

// appendParamValue appends a parameter value, in double quotes when it holds
// a colon, semicolon or comma (RFC 5545 §3.2). Double quotes and control
// characters cannot occur in a parameter value and are left out.
func appendParamValue(dst []byte, v string) []byte {
	quote := false
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == ':' || c == ';' || c == ',' {
			quote = true
			break
		}
	}
	if quote {
		dst = append(dst, '"')
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 0x20 && c != '"' && c != 0x7f || c == '\t' {
			dst = append(dst, c)
		}
	}
	if quote {
		dst = append(dst, '"')
	}
	return dst
}
