#!/bin/sh
# Deployment files: every mistake reported (golden stderr), the shipped
# examples plan cleanly, pins are checked against saved listener listings.
# Usage: tests/deploy/run.sh PATH/TO/portplan
P=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL $1"; }
run() { ${PP_WRAP:-} "$P" "$@" >"$T/out" 2>"$T/err"; }

for f in tests/deploy/bad-*.yaml; do
	run plan --check "$f"
	rc=$?
	[ $rc -eq 1 ] && ok || ko "$f: exit status $rc, expected 1"
	diff -u "${f%.yaml}.err" "$T/err" >"$T/diff" && ok || { ko "$f: messages differ"; cat "$T/diff"; }
	[ -s "$T/out" ] && ko "$f: wrote to stdout" || ok
done

for f in examples/*.yaml; do
	run plan --check "$f"
	[ $? -eq 0 ] && grep -q "^$f: ok: [0-9]* flows" "$T/out" && ok || { ko "$f does not plan"; cat "$T/err"; }
done

# A file that cannot be read, and one that is not a deployment at all.
run plan --check "$T/nonexistent.yaml"
[ $? -eq 1 ] && grep -q "nonexistent.yaml: error: cannot open" "$T/err" && ok || ko "missing file"
printf '\000\001\002binary' >"$T/binary.yaml"
run plan --check "$T/binary.yaml"
[ $? -eq 1 ] && grep -q "binary.yaml:1:1: error" "$T/err" && ok || ko "binary file"
printf -- '- just\n- a list\n' >"$T/list.yaml"
run plan --check "$T/list.yaml"
[ $? -eq 1 ] && grep -q "not a deployment" "$T/err" && ok || ko "a list is not a deployment"

# Listener listings (000: a port another program uses stops the service).
run plan --check examples/exchange-2003-frontend.yaml --listeners tests/deploy/netstat-dc1.txt --host dc1
[ $? -eq 1 ] && grep -q "netstat-dc1.txt:6:1: error: port 5700/tcp is already in use (PID 4242): pin exsp-pin-dc-ntds of 'dc1'" "$T/err" && ok || ko "netstat listing"
# The established connection on 5701 (line 7) is not a listener.
grep -q "5701" "$T/err" && ko "an established connection counted as a listener" || ok
run plan --check examples/exchange-2003-frontend.yaml --listeners tests/deploy/ss-be1.txt --host ex-be1
[ $? -eq 1 ] && grep -q "ss-be1.txt:4:1: error: port 5703/tcp is already in use" "$T/err" && ok || ko "ss listing"
grep -q "5701" "$T/err" && ko "a UDP listener counted against a TCP pin" || ok
run plan --check examples/exchange-2003-frontend.yaml --listeners tests/deploy/ss-be1.txt
[ $? -eq 1 ] && grep -q "3 hosts have pins; whose listeners are these" "$T/err" && ok || ko "listing without --host"
run plan --check examples/exchange-2003-frontend.yaml --listeners tests/deploy/netstat-dc1.txt --host ex-fe1
[ $? -eq 1 ] && grep -q "host 'ex-fe1' has no pins" "$T/err" && ok || ko "listing for a host without pins"

echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
