package ical

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/bits"
)

// Sizes that bound the Reader's memory whatever the size of the file.
const (
	// defaultBufSize is the read buffer; most lines are far shorter.
	defaultBufSize = 256 << 10
	// defaultMaxLine is the longest unfolded line kept. A longer line is
	// skipped without being buffered and makes its event an error.
	defaultMaxLine = 16 << 20
	// maxNameScan is how far a line is searched for the end of its
	// property name before it is taken for a line without one.
	maxNameScan = 512
	// firstReadSize bounds the first read of a file: a calendar's header
	// and first event fit in it, so a caller that wants only those (the
	// calendar's name) does not pay for reading a whole buffer.
	firstReadSize = 16 << 10
)

// lineFlaw says why a logical line could not be used.
type lineFlaw uint8

const (
	flawNone    lineFlaw = iota
	flawNoColon          // no ':' or ';' after the property name
	flawTooLong          // longer than the line cap; its bytes were dropped
)

// logicalLine is one unfolded content line. name and rest point into the
// read buffer and are valid only until the next readLine.
type logicalLine struct {
	prop prop
	name []byte // property name as written
	rest []byte // everything after the name, starting with ';' or ':'
	num  int    // number of its first physical line
	flaw lineFlaw
	// folded is set when rest still holds the line's folds, each a line
	// end and the space or tab after it: see rawProps.
	folded bool
}

// rawProps are the properties whose folded lines are handed out as
// written, folds and all, when the whole line is in the buffer. Their
// reader looks them up as written in its cache of the lines read before
// (see userCache) and removes the folds, with unfoldText, only from a
// line it has not seen. A line with folds holds a line end and one
// without holds none, so the two kinds never meet in the cache.
const rawProps propSet = 1<<propAttendee | 1<<propOrganizer

// lines splits the input into logical lines. Unfolded lines are slices of
// the read buffer: a fold is removed by moving the rest of the line back
// over it, so a line is copied only when it was folded. A line longer than
// the buffer grows the buffer up to maxLine; beyond that it is dropped.
type lines struct {
	src     io.Reader
	base    []byte // the fixed-size buffer
	buf     []byte // base, or a larger one while a long line is read
	maxLine int
	pos     int         // unread input is buf[pos:end]
	end     int         // end of the input read so far
	off     int64       // input bytes before buf[0]
	line    int         // physical lines consumed
	eof     bool        // src has nothing more
	ioErr   error       // the read error that ended the input, other than io.EOF
	started bool        // the byte-order mark has been dealt with
	cur     logicalLine // the line readLine hands out
	raw     propSet     // rawProps; tests clear it to compare
}

func (l *lines) init(src io.Reader, bufSize, maxLine int) {
	l.src = src
	l.base = make([]byte, bufSize)
	l.buf = l.base
	l.maxLine = maxLine
	l.raw = rawProps
}

// more reads more input while keeping buf[pos:end]. It returns false when
// nothing more could be read: at the end of input, or when the buffer is
// full at its largest size (then eof is false).
func (l *lines) more() bool {
	if l.eof {
		return false
	}
	l.compact()
	if l.end == len(l.buf) && !l.grow() {
		return false
	}
	room := l.buf[l.end:]
	if l.off == 0 && l.end == 0 {
		room = room[:min(len(room), firstReadSize)]
	}
	for range 100 {
		n, err := l.src.Read(room)
		l.end += n
		if err != nil {
			l.eof = true
			if err != io.EOF {
				l.ioErr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	l.eof = true
	l.ioErr = io.ErrNoProgress
	return false
}

// compact moves the unread input to the front of the buffer, back into the
// fixed-size buffer when it fits there again.
func (l *lines) compact() {
	if l.pos == 0 {
		return
	}
	n := l.end - l.pos
	dst := l.buf
	if len(l.buf) > len(l.base) && n <= len(l.base)/2 {
		dst = l.base
	}
	copy(dst, l.buf[l.pos:l.end])
	l.buf = dst
	l.off += int64(l.pos)
	l.pos, l.end = 0, n
}

// grow doubles a full buffer, up to the line cap.
func (l *lines) grow() bool {
	if len(l.buf) >= l.maxLine {
		return false
	}
	bigger := make([]byte, min(2*len(l.buf), l.maxLine))
	copy(bigger, l.buf[:l.end])
	l.buf = bigger
	return true
}

// skipBOM drops a UTF-8 byte-order mark at the start of the input.
func (l *lines) skipBOM() {
	l.started = true
	for l.end-l.pos < 3 && l.more() {
	}
	if bytes.HasPrefix(l.buf[l.pos:l.end], []byte("\xEF\xBB\xBF")) {
		l.pos += 3
	}
}

// readLine returns the next logical line whose property is in want. Lines
// of other properties are skipped without being unfolded or buffered, and
// empty lines are ignored. It returns nil at the end of the input. The
// line is valid until the next call.
//
// Most lines are short and many are skipped (DTSTAMP, CREATED, X-...), so
// readLine keeps its place in locals while it skips lines, and reads the
// first shortLine bytes of a line as words: they give the line end of most
// lines at less cost than a call to bytes.IndexByte, which is left for
// longer lines. Most names are up to 16 bytes long, so the first two words
// also give a name's end and its prop. The lines this cannot handle go to
// readOther: those without a name before their end (empty lines too), and
// those too near the end of the buffer.
func (l *lines) readLine(want propSet) *logicalLine {
	if !l.started {
		l.skipBOM()
	}
	for {
		buf := l.buf[:l.end:l.end]
		pos, line := l.pos, l.line
		var n, nl int
		var p prop
		for {
			if pos < 0 || pos > len(buf)-shortLine {
				nl = -1
				break
			}
			b := buf[pos:]
			w, w2 := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
			// The line end: in each word the lowest mark of zeroBytes is
			// exact. The words are written out, as a loop over them keeps
			// less in registers and costs more.
			if m := zeroBytes(w ^ (ones * '\n')); m != 0 {
				nl = bits.TrailingZeros64(m) >> 3
			} else if m := zeroBytes(w2 ^ (ones * '\n')); m != 0 {
				nl = 8 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[16:]) ^ (ones * '\n')); m != 0 {
				nl = 16 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[24:]) ^ (ones * '\n')); m != 0 {
				nl = 24 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[32:]) ^ (ones * '\n')); m != 0 {
				nl = 32 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[40:]) ^ (ones * '\n')); m != 0 {
				nl = 40 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[48:]) ^ (ones * '\n')); m != 0 {
				nl = 48 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[56:]) ^ (ones * '\n')); m != 0 {
				nl = 56 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[64:]) ^ (ones * '\n')); m != 0 {
				nl = 64 + bits.TrailingZeros64(m)>>3
			} else if m := zeroBytes(binary.LittleEndian.Uint64(b[72:]) ^ (ones * '\n')); m != 0 {
				nl = 72 + bits.TrailingZeros64(m)>>3
			} else if nl = bytes.IndexByte(b[shortLine:], '\n'); nl >= 0 {
				nl += shortLine
			}
			if nl < 0 || nl+1 >= len(b) {
				nl = -1
				break
			}
			// The name: ':' and ';' differ only in the lowest bit, and
			// their marks are exact.
			if m := zeroBytes((w ^ (ones * ':')) &^ ones); m != 0 {
				n = bits.TrailingZeros64(m) >> 3
				p = lookupShort(w&(1<<(8*n)-1), 0, n)
			} else if m := zeroBytes((w2 ^ (ones * ':')) &^ ones); m != 0 {
				n = 8 + bits.TrailingZeros64(m)>>3
				p = lookupShort(w, w2&(1<<(8*(n-8))-1), n)
			} else if m := zeroBytes((binary.LittleEndian.Uint64(b[16:]) ^ (ones * ':')) &^ ones); m != 0 {
				n = 16 + bits.TrailingZeros64(m)>>3
				p = lookupWords(w, w2, b[:n])
			} else if m := zeroBytes((binary.LittleEndian.Uint64(b[24:]) ^ (ones * ':')) &^ ones); m != 0 {
				n = 24 + bits.TrailingZeros64(m)>>3
				p = lookupWords(w, w2, b[:n])
			} else {
				n, p = longName(b, nl)
			}
			if n >= nl {
				nl = -1 // no name before the line end
				break
			}
			if isFoldSpace(b[nl+1]) {
				break
			}
			if want.has(p) {
				text := b[:nl]
				if text[nl-1] == '\r' {
					text = text[:nl-1]
				}
				l.pos, l.line = pos+nl+1, line+1
				// Set the fields one by one: the line lives in the heap,
				// and a whole-struct store costs a copy through the stack.
				ln := &l.cur
				ln.prop, ln.flaw, ln.num, ln.folded = p, flawNone, line+1, false
				ln.name, ln.rest = text[:n], text[n:]
				return ln
			}
			pos += nl + 1
			line++
		}
		l.pos, l.line = pos, line
		if nl >= 0 {
			// A folded line.
			if l.takeFolded(&l.cur, p, n, nl, want) {
				return &l.cur
			}
			continue
		}
		if ln, done := l.readOther(want); done {
			return ln
		}
	}
}

// readOther is readLine for a line at pos that the word scan does not
// handle. It returns done and the line when the line is in want, or nil
// at the end of the input, and done false when it skipped the line.
func (l *lines) readOther(want propSet) (ln *logicalLine, done bool) {
	if l.pos == l.end && !l.more() {
		return nil, true
	}
	ln = &l.cur
	*ln = logicalLine{num: l.line + 1}
	n, term := l.scanName()
	if term != 0 {
		ln.prop = lookupProp(l.buf[l.pos : l.pos+n])
		return ln, l.takeLine(ln, n, want)
	}
	text, flaw := l.unfold(0)
	ln.flaw = flaw
	if flaw != flawNone {
		return ln, true
	}
	if len(text) == 0 {
		return nil, false
	}
	// A fold may split the name; look again in the unfolded line.
	n = bytes.IndexAny(text, ";:")
	if n < 0 {
		ln.name, ln.flaw = text, flawNoColon
		return ln, true
	}
	if ln.prop = lookupProp(text[:n]); want.has(ln.prop) {
		ln.name, ln.rest = text[:n], text[n:]
		return ln, true
	}
	return nil, false
}

// shortLine is how much of a line readLine reads in words before it leaves
// the search for the line end to bytes.IndexByte, whose fixed cost is
// less than that of the words only for longer lines. Calendars fold lines
// at 75 bytes, so most lines are shorter.
const shortLine = 80

// longName returns the length of a name longer than 32 bytes at the
// start of b, a line whose end is at nl, and its prop. The length is nl
// when no ';' or ':' ends a name within maxNameScan bytes of the line.
func longName(b []byte, nl int) (int, prop) {
	if nl <= 32 {
		return nl, propOther
	}
	if n := nameEnd(b[32:min(nl, maxNameScan)]); n >= 0 {
		n += 32
		return n, lookupWords(binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]), b[:n])
	}
	return nl, propOther
}

// nameEnd returns the index of the first ';' or ':' in b, -1 when there is
// none. It looks at eight bytes at a time.
func nameEnd(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// ':' and ';' differ only in the lowest bit.
		if m := zeroBytes((x ^ (ones * ':')) &^ ones); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(b); i++ {
		if b[i]|1 == ';' {
			return i
		}
	}
	return -1
}

// takeLine reads the logical line at pos, whose name of length n is
// ln.prop, when it is in want, and skips it otherwise.
// It returns false when the line was skipped.
func (l *lines) takeLine(ln *logicalLine, n int, want propSet) bool {
	if !want.has(ln.prop) {
		l.skipLine(n)
		return false
	}
	text, flaw := l.unfold(n)
	ln.flaw = flaw
	if flaw == flawNone {
		ln.name, ln.rest = text[:n], text[n:]
	}
	return true
}

// takeFolded reads the folded logical line at pos, whose name of length n
// is p and whose first line end is at pos+nl, when p is in want, and
// skips it otherwise. It returns false when the line was skipped.
func (l *lines) takeFolded(ln *logicalLine, p prop, n, nl int, want propSet) bool {
	if !want.has(p) {
		l.skipLine(n)
		return false
	}
	ln.prop, ln.num = p, l.line+1
	if l.raw.has(p) {
		if text := l.rawBuffered(nl); text != nil {
			ln.flaw, ln.folded = flawNone, true
			ln.name, ln.rest = text[:n], text[n:]
			return true
		}
	}
	ln.folded = false
	text, w, seg, scan := l.unfoldBuffered(nl)
	if text == nil {
		text = l.unfoldRest(w, seg, scan)
	}
	ln.flaw = flawNone
	if text == nil {
		ln.flaw = flawTooLong
		ln.name, ln.rest = nil, nil
		return true
	}
	ln.name, ln.rest = text[:n], text[n:]
	return true
}

// scanName returns the length of the property name at pos and the byte
// that ended it: ';' or ':', or 0 when the physical line ended first or
// no such byte came within maxNameScan bytes. It looks at eight bytes at a
// time, as names are up to 30 bytes long and every line has one.
func (l *lines) scanName() (int, byte) {
	i := 0
	for {
		buf := l.buf[l.pos:l.end]
		for ; i+8 <= len(buf) && i < maxNameScan; i += 8 {
			if m := nameEnds(binary.LittleEndian.Uint64(buf[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				return i, nameTerminator(buf[i])
			}
		}
		for ; i < len(buf) && i < maxNameScan; i++ {
			if c := buf[i]; c == ';' || c == ':' || c == '\n' {
				return i, nameTerminator(c)
			}
		}
		if i >= maxNameScan || !l.more() {
			return i, 0
		}
	}
}

// nameTerminator maps the byte that ended a name to scanName's result.
func nameTerminator(c byte) byte {
	if c == '\n' {
		return 0
	}
	return c
}

// nameEnds marks, in the high bit of each byte, the bytes of x (read
// little-endian) that are ';', ':' or '\n'. Marks above the lowest one
// may be false; the lowest is exact.
func nameEnds(x uint64) uint64 {
	// ':' and ';' differ only in the lowest bit.
	return zeroBytes((x^(ones*':'))&^ones) | zeroBytes(x^(ones*'\n'))
}

const ones = 0x0101010101010101

// zeroBytes marks the zero bytes of x in their high bit (the lowest mark
// is exact, higher ones may be false).
func zeroBytes(x uint64) uint64 {
	return (x - ones) &^ x & (ones * 0x80)
}

// unfold reads the logical line at pos, removing folds in place, and
// returns it without its line ending. The first from bytes are known to
// hold no line end. A line too long for the buffer is dropped and reported
// as flawTooLong.
func (l *lines) unfold(from int) ([]byte, lineFlaw) {
	// Most lines are not folded and end within the buffer.
	i := bytes.IndexByte(l.buf[l.pos+from:l.end], '\n')
	if i >= 0 {
		nl := l.pos + from + i
		if nl+1 < l.end && !isFoldSpace(l.buf[nl+1]) {
			text := l.buf[l.pos:nl]
			if len(text) > 0 && text[len(text)-1] == '\r' {
				text = text[:len(text)-1]
			}
			l.pos = nl + 1
			l.line++
			return text, flawNone
		}
	}
	w, seg, scan := 0, 0, from // offsets from pos: unfolded length, segment start, search start
	if i >= 0 {
		var text []byte
		if text, w, seg, scan = l.unfoldBuffered(from + i); text != nil {
			return text, flawNone
		}
	}
	if text := l.unfoldRest(w, seg, scan); text != nil {
		return text, flawNone
	}
	return nil, flawTooLong
}

// unfoldRest goes on with unfold where the buffer ended: the unfolded
// text so far is w bytes from pos, the current segment starts at pos+seg
// and the search for its end at pos+scan. It returns nil for a line too
// long for the buffer, which it skips.
func (l *lines) unfoldRest(w, seg, scan int) []byte {
	for {
		i := bytes.IndexByte(l.buf[l.pos+scan:l.end], '\n')
		if i < 0 {
			if l.eof {
				w = l.moveSegment(w, seg, l.end-l.pos)
				if l.end-l.pos > seg {
					l.line++
				}
				text := l.buf[l.pos : l.pos+w]
				l.pos = l.end
				return text
			}
			scan = l.end - l.pos
			if !l.more() && !l.eof {
				l.skipLine(scan)
				return nil
			}
			continue
		}
		nl := scan + i
		if l.pos+nl+1 == l.end && !l.eof {
			// The byte after the newline decides whether the line goes on.
			scan = nl
			if !l.more() && !l.eof {
				l.skipLine(nl)
				return nil
			}
			continue
		}
		w = l.moveSegment(w, seg, nl)
		l.line++
		if l.pos+nl+1 < l.end && isFoldSpace(l.buf[l.pos+nl+1]) {
			seg, scan = nl+2, nl+2
			continue
		}
		text := l.buf[l.pos : l.pos+w]
		l.pos += nl + 1
		return text
	}
}

// unfoldBuffered unfolds the line at pos, whose first line end is at
// pos+nl, as far as the buffer holds it. It returns the line, or nil and
// how far it got (as unfold's w, seg and scan) when the buffer ends first.
// Folded lines are long and have many segments (ATTENDEE, DESCRIPTION),
// and each segment costs two calls, so it keeps little in locals: less
// to save and restore around a call.
func (l *lines) unfoldBuffered(nl int) (text []byte, w, seg, scan int) {
	buf := l.buf[l.pos:l.end]
	if nl+1 >= len(buf) {
		return nil, 0, 0, nl
	}
	for {
		end := nl
		if end > seg && buf[end-1] == '\r' {
			end--
		}
		if w != seg {
			copy(buf[w:], buf[seg:end])
		}
		w += end - seg
		l.line++
		if c := buf[nl+1]; c != ' ' && c != '\t' {
			l.pos += nl + 1
			return buf[:w], w, seg, seg
		}
		seg = nl + 2
		i := bytes.IndexByte(buf[seg:], '\n')
		if i < 0 {
			return nil, w, seg, seg
		}
		if nl = seg + i; nl+1 >= len(buf) {
			return nil, w, seg, nl
		}
	}
}

// rawBuffered is unfoldBuffered for the rawProps: it returns the line at
// pos, whose first line end is at pos+nl, with its folds, or nil when the
// buffer ends first. Then nothing has been read, and unfoldBuffered
// starts over.
func (l *lines) rawBuffered(nl int) []byte {
	buf := l.buf[l.pos:l.end]
	seg, segments := 0, 0 // where the last physical line starts, and how many there are
	for {
		if nl+1 >= len(buf) {
			return nil
		}
		segments++
		if c := buf[nl+1]; c != ' ' && c != '\t' {
			end := nl
			if end > seg && buf[end-1] == '\r' {
				end--
			}
			l.pos += nl + 1
			l.line += segments
			return buf[:end]
		}
		seg = nl + 2
		i := bytes.IndexByte(buf[seg:], '\n')
		if i < 0 {
			return nil
		}
		nl = seg + i
	}
}

// unfoldText appends raw, a line with folds as rawBuffered returns it, to
// dst without its folds, as unfoldBuffered would have unfolded it: every
// line end (LF or CRLF) and the space or tab after it go.
func unfoldText(dst, raw []byte) []byte {
	seg := 0
	for {
		i := bytes.IndexByte(raw[seg:], '\n')
		if i < 0 {
			return append(dst, raw[seg:]...)
		}
		end := seg + i
		if end > seg && raw[end-1] == '\r' {
			end--
		}
		dst = append(dst, raw[seg:end]...)
		seg += i + 2
	}
}

// moveSegment appends the physical segment buf[pos+seg:pos+segEnd], less a
// trailing CR, to the unfolded text of length w and returns the new length.
func (l *lines) moveSegment(w, seg, segEnd int) int {
	if segEnd > seg && l.buf[l.pos+segEnd-1] == '\r' {
		segEnd--
	}
	if w != seg {
		copy(l.buf[l.pos+w:], l.buf[l.pos+seg:l.pos+segEnd])
	}
	return w + segEnd - seg
}

// skipLine drops the rest of the logical line whose unread part starts at
// pos+from, reading on as needed but never growing the buffer.
func (l *lines) skipLine(from int) {
	l.pos += from
	partial := from > 0 // part of the current physical line was read
	for {
		i := bytes.IndexByte(l.buf[l.pos:l.end], '\n')
		if i < 0 {
			partial = partial || l.pos < l.end
			l.pos = l.end
			if !l.more() {
				if partial {
					l.line++ // a last line without a line ending
				}
				return
			}
			continue
		}
		l.pos += i + 1
		l.line++
		if l.pos == l.end {
			l.more()
		}
		if l.pos == l.end || !isFoldSpace(l.buf[l.pos]) {
			return
		}
		l.pos++
		partial = true
	}
}

// isFoldSpace reports whether c, first on a physical line, continues the
// previous line (RFC 5545 §3.1).
func isFoldSpace(c byte) bool { return c == ' ' || c == '\t' }

// bytesRead returns how much of the input has been consumed.
func (l *lines) bytesRead() int64 { return l.off + int64(l.pos) }
