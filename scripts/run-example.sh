#!/bin/sh
# Build portplan and answer the example questions in examples/queries.txt.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -s -j"$(nproc 2>/dev/null || echo 2)" build/portplan
grep -v '^#' examples/queries.txt | grep . | while IFS= read -r line; do
	printf '\n$ portplan %s\n' "$line"
	# shellcheck disable=SC2086
	build/portplan $line || true
done
