package ical

import (
	"bytes"
	"testing"
)

func benchLines(b *testing.B, want propSet) {
	cal := outlookCalendar(5000, false)
	b.SetBytes(int64(len(cal)))
	cpu := startCPU()
	for b.Loop() {
		var l lines
		l.init(bytes.NewReader(cal), defaultBufSize, defaultMaxLine)
		n := 0
		for {
			ln := l.readLine(want)
			if ln == nil {
				break
			}
			n += len(ln.rest)
		}
	}
	cpu.report(b, len(cal))
}

func BenchmarkTryLinesSkipAll(b *testing.B) { benchLines(b, 0) }
func BenchmarkTryLinesStructure(b *testing.B) { benchLines(b, structureProps) }
func BenchmarkTryLinesEvent(b *testing.B) { benchLines(b, eventProps) }
func BenchmarkTryLinesAll(b *testing.B) { benchLines(b, ^propSet(0)) }
