#!/bin/sh
# End-to-end tests of the portplan command: output, formats and exit codes.
# Usage: tests/cli/run.sh PATH/TO/portplan   (PP_WRAP runs it under valgrind)
# Expected values come from reading the source documents, not the catalog.
P=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0 current=""

# run NAME EXPECTED_STATUS ARGS...: run portplan, keep stdout and stderr.
run() {
	current=$1 expected=$2
	shift 2
	${PP_WRAP:-} "$P" "$@" >"$T/out" 2>"$T/err"
	status=$?
	if [ "$status" -ne "$expected" ]; then
		fail "exit status $status, expected $expected"
		sed 's/^/  stderr: /' "$T/err" | head -5
	else
		pass
	fi
}
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $current: $1"; }
out_has() { grep -q -- "$1" "$T/out" && pass || fail "stdout lacks '$1'"; }
err_has() { grep -q -- "$1" "$T/err" && pass || fail "stderr lacks '$1'"; }
out_lacks() { grep -q -- "$1" "$T/out" && fail "stdout has '$1'" || pass; }
# jq_true EXPR: the JSON on stdout satisfies EXPR.
jq_true() {
	if [ "$(jq -e "$1" "$T/out" 2>/dev/null)" = "true" ]; then pass; else fail "jq: $1"; fi
}

# --- commands, help and usage errors ------------------------------------
run "help" 0 --help
for c in catalog emit help inconsistencies plan probe query verify; do out_has "^  $c "; done
run "no command" 2
err_has "usage: portplan COMMAND"
run "unknown command" 2 frobnicate
err_has "unknown command 'frobnicate'"
err_has "valid commands: catalog emit help inconsistencies plan probe query verify"
run "help query" 0 help query
out_has "usage: portplan query"
out_has "--format FORMAT"
run "query --help" 0 query --help
out_has "--from ROLE"
run "help unknown" 2 help nosuch
err_has "valid commands:"
run "unknown option" 2 query --colour 135
err_has "unknown option '--colour'"
err_has "valid options: --format"
run "bad format" 2 query --format xml 135
err_has "valid values: table json csv"
run "missing option argument" 2 query 135 --format
err_has "needs an argument"
run "query without argument" 2 query
err_has "what to look up"
run "version" 0 --version
out_has "^portplan [0-9]"

# Every option of every command is in the man page.
for c in catalog emit help inconsistencies plan probe query verify; do
	"$P" help "$c" | sed -n 's/.*--\([a-z-]*\).*/\1/p' | while read -r opt; do
		sed 's/\\-/-/g' docs/portplan.1 | grep -q -- "--$opt" || echo "$c --$opt"
	done
done >"$T/missing"
current="man page documents every option"
[ -s "$T/missing" ] && fail "$(tr '\n' ' ' <"$T/missing")" || pass

# --- by port ------------------------------------------------------------
run "135/tcp" 0 query 135/tcp --format json
jq_true '.query == "135/tcp" and .count == (.matches | length) and .count > 50'
# Every answer shows its source: document, section and line.
jq_true '[.matches[] | .source.document != null and .source.line > 0 and (.source.section | length) > 0] | all'
# 003: the RPC service (RpcSs) listens on 135/tcp; so do Netlogon's RPC row and the summary table.
jq_true '[.matches[] | select(.kind == "service" and (.system_names | index("RpcSs")))] | length >= 1'
jq_true '[.matches[] | select(.kind == "port-table")] | length >= 10'
# 001: Hub Transport to Mailbox over MAPI uses 135/TCP (RPC); setup creates RPC-EPMap rules.
jq_true '[.matches[] | select(.kind == "data-path" and .product == "exchange-2010")] | length >= 10'
jq_true '[.matches[] | select(.kind == "firewall-rule" and .name.en == "MSExchangeRPCEPMap (GFW) (TCP-In)" and .any_program)] | length == 1'
jq_true '[.matches[] | select(.kind == "firewall-rule" and .name.en == "MSExchangeIS RPCEPMap (TCP-In)" and .any_program == false)] | length == 1'
# 000: the front-end server needs 135 (TCP) EndPointMapper to reach the domain controllers.
jq_true '[.matches[] | select(.source.document == "000")] | length >= 2'
# Nothing in 004 (Lync edge) uses 135.
jq_true '[.matches[] | select(.source.document == "004")] | length == 0'

run "135/tcp table" 0 query 135/tcp
out_has "^135/tcp: [0-9]* matches"
out_has "^KIND  *PRODUCT  *NAME"
out_has "Net Logon \[Netlogon\]"

run "3478/udp" 0 query 3478/udp --format json
# 004: A/V edge STUN/MSTURN on 3478/UDP, inbound from any and outbound to any.
jq_true '[.matches[] | select(.kind == "data-path" and .product == "lync-2013" and .to.role == "edge-av" and .from.role == "any")] | length >= 1'
jq_true '[.matches[] | select(.kind == "data-path" and .product == "lync-2013" and .from.role == "edge-av" and .to.role == "any")] | length >= 1'
jq_true '[.matches[] | .ports.transport] | all(. == "udp" or . == "tcp/udp")'

run "5060 means tcp and udp" 0 query 5060 --format json
jq_true '.query == "5060/tcp/udp"'
# 002: the UM call router listens on 5060 (TCP), configurable with Set-UMCallRouterSettings.
jq_true '[.matches[] | select(.kind == "service" and .product == "exchange-2013" and .match == "configurable")] | length >= 1'

run "port range" 0 query 5060-5068/tcp --format json
jq_true '[.matches[] | select(.product == "exchange-2013" and .kind == "service")] | length >= 3'

run "dynamic RPC port" 0 query 49200/tcp --format json
jq_true '[.matches[] | select(.match == "dynamic RPC")] | length >= 10'
jq_true '[.matches[] | select(.kind == "dynamic-range" and .id == "win-dyn-2008")] | length == 1'
run "legacy dynamic RPC port" 0 query 1030/tcp --format json
jq_true '[.matches[] | select(.kind == "dynamic-range" and .ports.ranges == [[1025, 5000]])] | length == 1'

run "media range" 0 query 50000/udp --format json
# 004: A/V edge RTP 50,000-59,999 is a range, marked as such.
jq_true '[.matches[] | select(.product == "lync-2013" and .match == "dynamic range")] | length >= 1'

run "csv" 0 query 135/tcp --format csv
current="csv parses with one record per match"
python3 - "$T/out" <<'EOF' && pass || fail "csv"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:3] == ["kind", "id", "product"], rows[0]
assert len(rows) > 51 and all(len(r) == len(rows[0]) for r in rows)
EOF

run "nothing on a port" 1 query 2/udp
out_has "nothing in the catalog"
run "bad port forced" 2 query --port 70000
err_has "bad port '70000'"

# --- by service -----------------------------------------------------------
run "service by system name" 0 query Netlogon --format json
# 003 Net Logon: NetBIOS 137-139 (glued footnotes), SMB 445, LDAP 389/udp.
jq_true '[.matches[] | select(.kind == "service") | .ports.ports] | (index("445") != null and index("389") != null)'
jq_true '[.matches[] | select(.kind == "service" and .ports.as_written == "1382")] | length == 1'
jq_true '[.matches[] | select(.kind == "service" and .issue != null)] | length >= 3'
run "service case-insensitive" 0 query NETLOGON --format json
jq_true '.count > 5'
run "service prefix" 0 query netlog --format json
jq_true '[.matches[] | select(.kind == "service") | .system_names | index("Netlogon")] | all'
run "service Japanese name" 0 query "Kerberos キー配布センター" --format json
jq_true '[.matches[] | select(.kind == "service") | .ports.ports] | index("88") != null and index("464") != null'
run "service words" 0 query Kerberos Key Distribution Center --format json
jq_true '[.matches[] | select(.kind == "service") | .system_names[0]] | unique == ["kdc"]'
run "Exchange service" 0 query MSExchangeIS --format json
# 000 pins the information store (ParametersSystem\TCP/IP Port); 001 has its firewall rules.
jq_true '[.matches[] | select(.kind == "registry-pin" and (.registry.key | endswith("MSExchangeIS\\ParametersSystem")))] | length >= 1'
jq_true '[.matches[] | select(.kind == "firewall-rule")] | length >= 3'
run "service table shows notes" 0 query Netlogon
out_has '^\[1\] '
run "service Japanese output" 0 query Netlogon --lang ja
out_has "NetBIOS データグラム サービス"

run "unknown service" 2 query Netlgon
err_has "no service, system service or firewall rule named 'Netlgon'"
err_has "did you mean"
err_has "  Netlogon"
run "ambiguous service" 2 query MSExchangeM
err_has "ambiguous"
err_has "it could be"

# --- by product and role, by path ------------------------------------------
run "product role" 0 query exchange-2010 hub-transport --format json
jq_true '[.matches[] | select(.kind == "data-path")] | length >= 10'
jq_true '[.matches[] | select(.kind == "firewall-rule" and (.roles | index("hub-transport")))] | length >= 5'
run "role family" 0 query lync-2013 edge --format json
jq_true '[.matches[] | select(.kind == "data-path")] | length >= 30'
# A leading word of firewall rules names those rules ("MSExchange - POP3 ...").
run "rule word" 0 query MSExchange --format json
jq_true '[.matches[] | .name.en | startswith("MSExchange - ")] | all'
run "unknown role" 2 query exchange-2010 hub-transprot
err_has "has no role 'hub-transprot'"
err_has "exchange-2010:hub-transport"

run "path hub to edge" 0 query --from hub-transport --to edge-transport --format json
# 001: Hub Transport to Edge Transport, 25/TCP (SMTP), direct trust, TLS;
# EdgeSync on 50636/TCP (SSL) with basic authentication.
jq_true '[.matches[] | select(.kind == "data-path" and .ports.ports == "25" and .auth_default.ja == "直接信頼")] | length == 1'
jq_true '[.matches[] | select(.kind == "data-path" and .ports.ports == "50636" and .auth_default.ja == "基本")] | length == 1'
# 001 lists no Edge Transport rule for 25 or 50636 (an inconsistency of its
# own, ex2010-fw-no-edge-smtp-rule), and its RPC rules do not admit them.
jq_true '[.matches[] | select(.kind == "firewall-rule")] | length == 0'
run "path UM to hub" 0 query --from unified-messaging --to hub-transport --format json
# SMTP on 25: setup's MSExchangeTransportWorker rules, program-restricted and GFW.
jq_true '[.matches[] | select(.kind == "firewall-rule") | .name.en] | sort == ["MSExchangeTransportWorker (GFW) (TCP-In)", "MSExchangeTransportWorker (TCP-In)"]'
jq_true '[.matches[] | select(.kind == "firewall-rule" and .any_program == false) | .program] == ["Bin\\edgetransport.exe"]'
run "path table" 0 query --from hub-transport --to edge-transport
out_has "hub-transport -> edge-transport"
run "path to a domain controller" 0 query --from mailbox --to domain-controller --format json
jq_true '[.matches[] | select(.kind == "data-path") | .ports.ports] | index("389") != null and index("3268") != null'
run "path unknown role" 2 query --from nowhere --to edge-transport
err_has "no role 'nowhere'"

# --- whole-catalog listings ------------------------------------------------
run "catalog" 0 catalog --format json
jq_true '[.documents[].id] == ["000", "001", "002", "003", "004"]'
jq_true '[.documents[] | select(.id == "003") | .port_table_rows] == [183]'
run "inconsistencies" 0 inconsistencies --format json
jq_true 'length >= 100 and ([.[] | (.as_written | length) > 0 and (.why.en | length) > 0] | all)'
jq_true '[.[] | select(.as_written == "UPD")] | length >= 1'
run "inconsistencies of one document" 0 inconsistencies --document 000
out_has "exsp-uuid-drs-missing-digit"
out_lacks "win-pt-inc-upd-typo"
run "inconsistencies unknown document" 2 inconsistencies --document 9
err_has "valid documents: 000 001 002 003 004"
run "inconsistencies markdown" 0 inconsistencies --format markdown
current="docs/inconsistencies.md is up to date (make docs)"
cmp -s "$T/out" docs/inconsistencies.md && pass || fail "regenerate with 'make docs'"

# --- output errors ----------------------------------------------------------
current="write error"
if [ -w /dev/full ]; then
	${PP_WRAP:-} "$P" query 135/tcp >/dev/full 2>"$T/err"
	[ $? -eq 1 ] && grep -q "cannot write" "$T/err" && pass || fail "no error on a full disk"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
