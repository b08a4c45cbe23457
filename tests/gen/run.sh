#!/bin/sh
# Golden tests of tools/gen-catalog: each ok-*.yaml must compile into C that
# builds cleanly; each bad-*.yaml must fail with exactly the messages in its
# .err file and write nothing.
gen=$1
seeds=${SEEDS:-../shared/seeds}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
ko() { failed=$((failed + 1)); echo "FAIL $1"; }

for f in tests/gen/ok-*.yaml; do
	if "$gen" -s "$seeds" -o "$tmp/out.c" catalog/products.yaml "$f" 2>"$tmp/err" &&
	   ${CC:-cc} -std=c17 -Wall -Wextra -Werror -Iinclude -c -o "$tmp/out.o" "$tmp/out.c"; then
		ok "$f"
	else
		ko "$f"; cat "$tmp/err"
	fi
done
for f in tests/gen/bad-*.yaml; do
	rm -f "$tmp/out.c"
	if "$gen" -s "$seeds" -o "$tmp/out.c" catalog/products.yaml "$f" 2>"$tmp/err"; then
		ko "$f (accepted)"
	elif [ -e "$tmp/out.c" ]; then
		ko "$f (wrote output despite errors)"
	elif ! sed "s|$tmp/|OUT/|g" "$tmp/err" | diff -u "${f%.yaml}.err" -; then
		ko "$f (messages differ)"
	else
		ok "$f"
	fi
done
echo "gen: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
