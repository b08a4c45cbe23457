#!/bin/sh
# Build and run every test, the way CI does: gcc, then clang, then ASan and
# UBSan, then valgrind. Installs what it needs first (as root).
# Ends with one line "all: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

run() { # NAME MAKE-ARGS...
	name=$1; shift
	echo "== $name"
	if ! make -s -j"$jobs" "$@" all >/dev/null; then
		echo "$name: build failed"; status=1; return
	fi
	make -s "$@" test 2>&1 | tee -a "$log" || status=1
}

run gcc CC=gcc BUILD=build
run clang CC=clang BUILD=build-clang
run sanitizers CC=clang BUILD=build-san SANITIZE=address,undefined
run valgrind CC=gcc BUILD=build PP_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"

# The probes against real servers (Samba AD DC, snmpd, chrony, kamailio,
# coturn, prosody) in network namespaces the test creates and removes.
# Once with the gcc build, once with the ASan+UBSan one.
for build in build build-san; do
	echo "== probe-net ($build)"
	tests/probe/run.sh "$build/portplan" 2>&1 | tee -a "$log"
	[ "$(tail -n 1 "$log" | sed -n 's/.* \([0-9]*\) failed$/\1/p')" = 0 ] || status=1
done

# A bounded fuzzing run of every parser of untrusted input.
echo "== fuzz"
FUZZ_SECONDS=${FUZZ_SECONDS:-20} make -s fuzz 2>&1 | tee -a "$log" || status=1

passed=$(sed -n 's/^[a-z-]*: \([0-9]*\) passed, [0-9]* failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^[a-z-]*: [0-9]* passed, \([0-9]*\) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
[ "$failed" -eq 0 ] || status=1
echo "all: $passed passed, $failed failed"
exit $status
