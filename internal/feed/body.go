package feed

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"mime"
	"strings"
)

const (
	// sniffSpace is how much blank space may precede BEGIN:VCALENDAR.
	sniffSpace = 1024
	// sniffSize is how many bytes are looked at to tell a calendar: a byte
	// order mark, the blank space and BEGIN:VCALENDAR with its line end.
	sniffSize = 3 + sniffSpace + len(beginCalendar) + 1
)

const beginCalendar = "BEGIN:VCALENDAR"

// sniffCalendar returns a reader over at most limit bytes of body, after
// checking from its first bytes that body is an iCalendar stream. Only
// those first bytes are buffered, and only as many as it takes to decide:
// Fetch returns as soon as BEGIN:VCALENDAR has arrived, however slowly the
// rest follows.
func sniffCalendar(body io.ReadCloser, limit int64, contentType string) (io.ReadCloser, error) {
	r := bufio.NewReaderSize(&limitReader{r: body, left: limit, limit: limit}, sniffSize)
	for {
		_, err := r.Peek(min(r.Buffered()+1, sniffSize)) // wait for more
		if err != nil && err != io.EOF {
			return nil, err
		}
		head, _ := r.Peek(r.Buffered())
		isCalendar, decided := calendarStart(head, err == io.EOF || len(head) == sniffSize)
		if !decided {
			continue
		}
		if !isCalendar {
			return nil, notCalendar(isHTML(contentType))
		}
		return readCloser{r, body}, nil
	}
}

// calendarStart reports whether head, the first bytes of a response,
// begins an iCalendar stream: BEGIN:VCALENDAR after an optional UTF-8 byte
// order mark and up to sniffSpace bytes of blank space, followed by a line
// end or the end of the stream. Property names are case-insensitive
// (RFC 5545, section 2). decided is false while head is too short to tell
// and more may come; complete says that no more will.
func calendarStart(head []byte, complete bool) (isCalendar, decided bool) {
	const bom = "\xef\xbb\xbf"
	if len(head) < len(bom) && strings.HasPrefix(bom, string(head)) && !complete {
		return false, false
	}
	head = bytes.TrimPrefix(head, []byte(bom))
	rest := bytes.TrimLeft(head, " \t\r\n")
	if len(head)-len(rest) > sniffSpace {
		return false, true
	}
	n := min(len(rest), len(beginCalendar))
	if !asciiEqualFold(rest[:n], beginCalendar[:n]) {
		return false, true
	}
	if len(rest) > n {
		return rest[n] == '\r' || rest[n] == '\n', true
	}
	if !complete {
		return false, false
	}
	return n == len(beginCalendar), true
}

// asciiEqualFold compares b with the ASCII text s, ignoring ASCII case
// only: Unicode folding would match the Kelvin sign to K.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if asciiLower(b[i]) != asciiLower(s[i]) {
			return false
		}
	}
	return true
}

func asciiLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// limitReader fails once more than limit bytes have been read, where
// io.LimitReader would end quietly: a cut-off calendar still parses, and
// the member would never learn that part of it was dropped.
type limitReader struct {
	r     io.Reader
	left  int64
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, tooLarge(l.limit)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n - 1, tooLarge(l.limit)
	}
	return n, err
}

// readCloser joins the buffered reader to the response body it reads.
type readCloser struct {
	io.Reader
	io.Closer
}

// body is Result.Body: it explains read errors as *Error and ends the
// fetch's context on Close.
type body struct {
	r      io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	f      *Fetcher
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		return n, b.f.explain(b.ctx, err)
	}
	return n, err
}

func (b *body) Close() error {
	err := b.r.Close()
	b.cancel()
	return err
}

// isHTML reports whether a Content-Type names a web page, which for a feed
// address means a sign-in or error page. It only chooses the message: the
// first bytes decide, so a calendar served as text/html is still accepted.
func isHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}
