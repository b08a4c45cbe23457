#!/bin/sh
# Hand every emitter's output for the fixture plan (normal and hostile names)
# to its real consumer: tests/emit/check-TARGET.sh OUTDIR hostile|normal,
# which prints "ok ..." / "FAIL ..." lines. Usage: run.sh BUILD_DIR
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
for check in tests/emit/check-*.sh; do
	[ -e "$check" ] || continue
	target=$(basename "$check" .sh); target=${target#check-}
	for mode in normal hostile; do
		dir="$tmp/$target-$mode"
		if ! ${PP_WRAP:-} "$build/tests/emit/fixture-emit" "$target" "$dir" "$mode" >/dev/null; then
			echo "FAIL $target $mode: emitter failed"; failed=$((failed + 1)); continue
		fi
		out=$(sh "$check" "$dir" "$mode" 2>&1)
		printf '%s\n' "$out"
		p=$(printf '%s\n' "$out" | grep -c '^ok ')
		f=$(printf '%s\n' "$out" | grep -c '^FAIL ')
		passed=$((passed + p)); failed=$((failed + f))
		[ "$p" -gt 0 ] || { echo "FAIL $target $mode: the check reported nothing"; failed=$((failed + 1)); }
	done
done
echo "emit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
