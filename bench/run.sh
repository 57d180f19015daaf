#!/bin/sh
# Runs contenders over calendar sets ROUNDS times, round-robin (so that
# every contender meets the same background load), and appends Go
# benchmark lines for benchstat to OUT.
#
#   bench/run.sh OUT ROUNDS "klaver klaver-parse linescan" /tmp/bench300
#
# Run from the repository root; klaver-bench is built into $BIN (default
# /tmp/klaver-bench) first, so every round measures the same binary.
set -eu
out=$1 rounds=$2 libs=$3
shift 3
bin=${BIN:-/tmp/klaver-bench}
(cd bench && go build -o "$bin" ./cmd/klaver-bench)
i=1
while [ "$i" -le "$rounds" ]; do
	for lib in $libs; do
		"$bin" -lib "$lib" -benchfmt "$@" >>"$out"
	done
	i=$((i + 1))
done
