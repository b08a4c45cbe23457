#!/bin/sh
# Run cmocka test binaries; print each one's output and a closing line
# "SUITE: N passed, N failed" summed from cmocka's own summaries.
# Exit non-zero if any test failed or any binary crashed. PP_WRAP, when set,
# runs each binary under a wrapper (valgrind).
suite=$1; shift
passed=0 failed=0 status=0
for t in "$@"; do
	out=$(${PP_WRAP:-} "$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ -z "$p$f" ]; then
		echo "$t: no cmocka summary (exit status $rc)"
		failed=$((failed + 1)) status=1
	elif [ "$rc" -ne 0 ]; then
		status=1
		[ -z "$f" ] && { failed=$((failed + 1)); echo "$t: exited with status $rc"; }
	fi
done
# A suite with no binary yet says nothing rather than "0 passed".
[ $# -gt 0 ] || [ "$passed$failed" != "00" ] || exit 0
echo "$suite: $passed passed, $failed failed"
exit $status
