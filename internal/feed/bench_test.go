package feed

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkFetch fetches an 8 MiB feed from a local server and reads it to
// the end. B/op far below the feed's size shows that the body streams.
func BenchmarkFetch(b *testing.B) {
	feed := calendarV1 + strings.Repeat("X-FILLER:0123456789012345678901234567890123456789012345678901234567\r\n", (8<<20)/70)
	srv := serve(b, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, feed) })
	f := localFetcher(Options{})
	b.SetBytes(int64(len(feed)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := f.Fetch(context.Background(), srv.URL, Validators{})
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || n != int64(len(feed)) {
			b.Fatalf("read %d bytes, %v", n, err)
		}
	}
}
