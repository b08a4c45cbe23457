#!/bin/sh
# portplan probe and verify against real servers from Debian packages, in
# network namespaces this script creates and removes: a Samba Active
# Directory domain controller (tests/probe/samba-dc.sh) and snmpd, chrony,
# kamailio, coturn and prosody with nftables DROP and REJECT cases
# (tests/probe/servers.sh). No traffic leaves those namespaces.
# Usage: tests/probe/run.sh PATH/TO/portplan   (as root)
P=$1
T=$(mktemp -d)
NS_SRV=pp-srv-$$
NS_DC=pp-dc-$$
SRV=10.252.0.2
DC=10.251.0.2
passed=0 failed=0 current=""
cleanup() {
	tests/probe/servers.sh stop "$NS_SRV" >/dev/null 2>&1
	tests/probe/samba-dc.sh stop "$NS_DC" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $current: $1"; }
# probe NAME ARGS...: run portplan probe with JSON output into $T/out.
probe() {
	current=$1
	shift
	${PP_WRAP:-} "$P" probe --format json "$@" >"$T/out" 2>"$T/err" || { fail "exit status $?"; cat "$T/err"; }
}
# state PORT/PROTO STATE [jq condition on the result]
state() {
	port=${1%/*} tr=${1#*/}
	got=$(jq -r ".results[] | select(.port == $port and .transport == \"$tr\") | .state" "$T/out")
	[ "$got" = "$2" ] && pass || fail "$1 is '$got', expected '$2'"
	if [ -n "${3:-}" ]; then
		jq -e ".results[] | select(.port == $port and .transport == \"$tr\") | $3" "$T/out" >/dev/null &&
			pass || fail "$1: $3 ($(jq -c ".results[] | select(.port == $port and .transport == \"$tr\") | .reply" "$T/out"))"
	fi
}

if [ "$(id -u)" -ne 0 ]; then
	echo "probe-net: needs root for network namespaces; skipped"
	exit 0
fi

# --- the small servers -------------------------------------------------------
current="servers start"
if tests/probe/servers.sh start "$NS_SRV" >"$T/srv" 2>&1; then
	pass
	probe "small servers" -p 161/udp,123/udp,5060,3478/udp,5269/tcp,9999/tcp,8000/tcp,8001/tcp,8002/udp,8003/udp,8004/tcp,7/tcp \
		--read-timeout 1000 --connect-timeout 1000 "$SRV"
	state 161/udp LISTENING '.protocol_ok and (.reply | test("Linux|Debian|portplan"; "i"))'
	state 123/udp LISTENING '.protocol_ok and (.reply | test("stratum"; "i"))'
	state 5060/udp LISTENING '.protocol_ok and (.reply | test("200"))'
	state 5060/tcp LISTENING '.protocol_ok and (.reply | test("200"))'
	state 3478/udp LISTENING ".protocol_ok and (.reply | test(\"10.252.0.1\"))"
	state 5269/tcp LISTENING '.protocol_ok'
	state 9999/tcp LISTENING
	state 8000/tcp FILTERED
	state 8001/tcp "NOT LISTENING"
	state 8002/udp "NOT LISTENING"
	state 8003/udp "LISTENING OR FILTERED"
	state 8004/tcp FILTERED
	state 7/tcp "NOT LISTENING"
	# The same through the catalog: the SIP ports of the Exchange 2013 UM call router on a Client Access server.
	probe "by role" --role exchange-2013/client-access --read-timeout 1000 "$SRV"
	state 5060/tcp LISTENING
	# Ctrl-C: stop at once and print what was found so far (exit 130).
	current="interrupted"
	"$P" probe --format json -p 9999/tcp,8003/udp --read-timeout 20000 "$SRV" >"$T/int.json" 2>/dev/null &
	pid=$!
	sleep 1
	kill -INT $pid
	started=$(date +%s)
	wait $pid
	rc=$?
	[ $rc -eq 130 ] && [ $(( $(date +%s) - started )) -le 3 ] &&
		jq -e '(.notes | index("interrupted: the results so far")) != null and ([.results[] | select(.port == 9999) | .state] == ["LISTENING"])' "$T/int.json" >/dev/null &&
		pass || fail "exit status $rc"
	# JUnit for pipelines: one testcase per probe, well-formed.
	current="junit"
	${PP_WRAP:-} "$P" probe --format junit -p 9999/tcp,8001/tcp "$SRV" >"$T/junit.xml" 2>/dev/null
	python3 -c "
import sys, xml.etree.ElementTree as E
s = E.parse(sys.argv[1]).getroot()
assert s.tag == 'testsuite' and s.get('tests') == '2', s.attrib
assert len(s.findall('testcase')) == 2
" "$T/junit.xml" && pass || fail "not a JUnit testsuite of 2"
else
	fail "could not start: $(tail -5 "$T/srv")"
fi

# --- the Samba AD domain controller ------------------------------------------
current="samba start"
if tests/probe/samba-dc.sh start "$NS_DC" >"$T/dc" 2>&1; then
	pass
	probe "samba dc" -p 53,88,135/tcp,137/udp,389,445/tcp,3268/tcp --read-timeout 3000 "$DC"
	state 53/udp LISTENING '.protocol_ok'
	state 53/tcp LISTENING '.protocol_ok'
	state 88/udp LISTENING '.protocol_ok'
	state 88/tcp LISTENING '.protocol_ok'
	state 389/tcp LISTENING '.protocol_ok'
	state 389/udp LISTENING '.protocol_ok and (.reply | test("PPTEST"; "i"))'
	state 3268/tcp LISTENING '.protocol_ok'
	state 445/tcp LISTENING '.protocol_ok and (.reply | test("SMB"))'
	state 137/udp LISTENING
	# The endpoint mapper lists every endpoint the DC registered (about
	# fifty on Debian 12), and its TCP ports are exactly the ports from
	# 49152 up that a full scan finds open.
	state 135/tcp LISTENING '.protocol_ok and (.endpoints | length) >= 40'
	jq -r '[.results[] | select(.port == 135) | .endpoints[] | select(.protseq == "ncacn_ip_tcp" and .port >= 49152) | .port] | unique | .[]' "$T/out" | sort -n >"$T/epm-ports"
	for uuid in e3514235-4b06-11d1-ab04-00c04fc2dcd2 12345778-1234-abcd-ef00-0123456789ab 12345678-1234-abcd-ef00-01234567cffb; do
		current="epm lists $uuid"
		jq -e "[.results[] | select(.port == 135) | .endpoints[] | .uuid] | index(\"$uuid\") != null" "$T/out" >/dev/null && pass || fail "missing"
	done
	probe "full scan of the dynamic range" -p 49152-65535/tcp --connect-timeout 1000 "$DC"
	jq -r '.results[] | select(.state == "LISTENING") | .port' "$T/out" | sort -n >"$T/scan-ports"
	current="epm ports = scanned ports"
	[ -s "$T/scan-ports" ] && cmp -s "$T/epm-ports" "$T/scan-ports" && pass ||
		fail "epm $(tr '\n' ' ' <"$T/epm-ports") vs scan $(tr '\n' ' ' <"$T/scan-ports")"

	# verify: the flows of a plan whose source is this side of the veth.
	cp examples/lab-samba-dc.yaml "$T/deploy.yaml"
	# A Samba DC is not a Windows DC: it runs no Windows Time (123/udp),
	# no AD Web Services (9389/tcp) and registers RPC over HTTP (593)
	# without listening on it. verify must fail exactly those, and pass
	# every other flow, the endpoint mapper's dynamic ports included.
	current="verify fails only what Samba lacks"
	${PP_WRAP:-} "$P" verify --from here --format json "$T/deploy.yaml" >"$T/v.json" 2>"$T/err"
	rc=$?
	jq -r '[.results[] | select(.verdict == "FAIL") | "\(.port)/\(.transport)"] | sort | join(" ")' "$T/v.json" >"$T/fails"
	[ $rc -eq 1 ] && [ "$(cat "$T/fails")" = "123/udp 593/tcp 9389/tcp" ] && pass || fail "exit status $rc, failed: $(cat "$T/fails")"
	current="verify probes the endpoint mapper's ports"
	jq -e '[.results[] | select(.port >= 49152 and .verdict == "pass")] | length >= 3' "$T/v.json" >/dev/null && pass || fail "none"
	current="verify passes Kerberos, LDAP, SMB, DNS"
	jq -e '[.results[] | select(.verdict == "pass") | "\(.port)/\(.transport)"] as $p | ["88/tcp", "88/udp", "389/tcp", "389/udp", "445/tcp", "53/udp", "3268/tcp"] - $p == []' "$T/v.json" >/dev/null && pass || fail "missing"
	# A rule removed: LDAP dropped inside the DC's namespace.
	ip netns exec "$NS_DC" nft -f - <<'EOF'
table inet pp_verify_test {
	chain input { type filter hook input priority 0; tcp dport 389 drop; }
}
EOF
	current="verify fails when a rule is removed"
	${PP_WRAP:-} "$P" verify --from here --connect-timeout 500 --format json "$T/deploy.yaml" >"$T/v2.json" 2>/dev/null
	rc=$?
	[ $rc -eq 1 ] && jq -e '[.results[] | select(.port == 389 and .transport == "tcp" and .verdict == "FAIL" and .state == "FILTERED")] | length == 1' "$T/v2.json" >/dev/null &&
		jq -e '[.results[] | select(.verdict == "FAIL")] | length == 4' "$T/v2.json" >/dev/null &&
		pass || fail "exit status $rc"
	ip netns exec "$NS_DC" nft delete table inet pp_verify_test
	# The same DC described as Windows Server 2003: its plan allows the
	# legacy range 1025-5000, and the endpoint mapper hands out ports from
	# 49152: verify names each one as outside the plan.
	sed 's/windows: 2012 R2/windows: "2003"/' "$T/deploy.yaml" >"$T/legacy.yaml"
	current="verify catches ports outside the plan"
	${PP_WRAP:-} "$P" verify --from here --connect-timeout 500 "$T/legacy.yaml" >"$T/v3.txt" 2>/dev/null
	rc=$?
	[ $rc -eq 1 ] && grep -q "endpoint mapper handed out .*/tcp .* outside the plan's ports" "$T/v3.txt" && pass || fail "exit status $rc"
else
	fail "could not start: $(tail -5 "$T/dc")"
fi

echo "probe-net: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
