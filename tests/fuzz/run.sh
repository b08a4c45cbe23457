#!/bin/sh
# Run each libFuzzer target for a bounded time (FUZZ_SECONDS, default 20)
# from a seed corpus of real inputs; a crash, leak or sanitizer report is a
# failure and leaves its input in build-fuzz/crash-*. Usage: run.sh BUILD_DIR
build=$1
seconds=${FUZZ_SECONDS:-20}
passed=0 failed=0
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus/deploy" "$corpus/listeners" "$corpus/query" "$corpus/protos"
cp examples/*.yaml tests/deploy/*.yaml "$corpus/deploy/"
cp tests/deploy/*.txt "$corpus/listeners/"
printf '135/tcp' >"$corpus/query/a"; printf 'Netlogon' >"$corpus/query/b"
printf 'exchange-2010\nhub-transport' >"$corpus/query/c"; printf '5060-5068/udp' >"$corpus/query/d"
printf '\001\000' >"$corpus/protos/seed"
for target in deploy listeners query protos; do
	if "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/crash-$target-" "$corpus/$target" >"$build/fuzz-$target.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok   fuzz_$target: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$build/fuzz-$target.log" | grep -o '[0-9]*$' || echo '?') runs in ${seconds}s"
	else
		failed=$((failed + 1))
		echo "FAIL fuzz_$target (see $build/fuzz-$target.log)"
		tail -30 "$build/fuzz-$target.log"
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
