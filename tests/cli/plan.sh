#!/bin/sh
# End-to-end tests of portplan plan and emit on the shipped examples: what
# an Exchange and firewall engineer checks in each plan, the files emit
# writes (all or nothing) and hostile names in a deployment file.
# Usage: tests/cli/plan.sh PATH/TO/portplan
P=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0 current=""
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $current: $1"; }
run() { # NAME STATUS ARGS...
	current=$1 expected=$2
	shift 2
	${PP_WRAP:-} "$P" "$@" >"$T/out" 2>"$T/err"
	status=$?
	[ "$status" -eq "$expected" ] && pass || { fail "exit status $status, expected $expected"; head -5 "$T/err"; }
}
jq_true() { [ "$(jq -e "$1" "$T/out" 2>/dev/null)" = "true" ] && pass || fail "jq: $1"; }
out_has() { grep -q -- "$1" "$T/out" && pass || fail "stdout lacks '$1'"; }
err_has() { grep -q -- "$1" "$T/err" && pass || fail "stderr lacks '$1'"; }

# A flow's ports as "lo-hi,..." for jq comparisons.
PORTS='[.ports[] | if .[0] == .[1] then "\(.[0])" else "\(.[0])-\(.[1])" end] | join(",")'

# --- (a) Exchange 2010 with an Edge Transport server ----------------------
A=examples/exchange-2010-edge.yaml
run "plan (a)" 0 plan --format json "$A"
# Hub Transport to Edge: SMTP and EdgeSync (50636), crossing into the perimeter.
jq_true "[.flows[] | select(.src == \"ex-hub1\" and .dst == \"ex-edge1\" and .transport == \"tcp\") | $PORTS] == [\"25,50636\"]"
jq_true '[.flows[] | select(.src == "ex-hub1" and .dst == "ex-edge1") | .enforce | sort] == [["boundary", "host"]]'
# Edge to Hub and Internet mail to and from the Edge on 25 only.
jq_true "[.flows[] | select(.src == \"ex-edge1\" and .dst == \"ex-hub1\") | $PORTS] == [\"25\"]"
jq_true "[.flows[] | select(.src == \"internet\" and .dst == \"ex-edge1\") | $PORTS] == [\"25\"]"
jq_true "[.flows[] | select(.src == \"ex-edge1\" and .dst == \"internet\") | $PORTS] == [\"25\"]"
# The Edge is not a domain member: nothing from it to the DCs.
jq_true '[.flows[] | select(.dst == "dc1" and (.src | test("edge")))] | length == 0'
# Nothing from the Internet to a Mailbox server, and no RPC from it at all.
jq_true '[.flows[] | select(.src == "internet" and (.dst | test("mbx")))] | length == 0'
jq_true '[.flows[] | select(.src == "internet" and (.rpc | length) > 0)] | length == 0'
# Members to a DC: Kerberos, LDAP, SMB, the global catalog, and the RPC
# dynamic range of a 2012 R2 DC (49152-65535), but no NetBIOS.
jq_true '[.flows[] | select(.dst == "dc1" and .transport == "tcp" and (.src | test("ex-mbx1"))) | .ports[] | .[0]] | (index(88) != null and index(389) != null and index(445) != null and index(3268) != null and index(49152) != null)'
jq_true '[.flows[] | select(.dst == "dc1" and (.rpc | index("dynamic"))) | .ports] | unique == [[[49152, 65535]]]'
jq_true '[.flows[] | .ports[] | select(.[0] <= 139 and .[1] >= 137)] | length == 0'
# Mailbox servers replicate to each other on 64327 (log shipping, seeding).
jq_true "[.flows[] | select(.src == \"ex-mbx2\" and .dst == \"ex-mbx1\" and .transport == \"tcp\") | $PORTS] | index(\"64327\") != null"
# The UM server gets SIP and RTP from the IP PBX.
jq_true '[.flows[] | select(.src == "ip-pbx" and .dst == "ex-um1" and .transport == "udp") | .ports] == [[[1024, 65535]]]'
# Every flow names the catalog entries that require it.
jq_true '[.flows[] | (.refs | length) > 0] | all'

run "explain (a)" 0 plan --explain "$A"
out_has "because ex2010-dp-edgesync: Microsoft Exchange EdgeSync"
out_has "auth: Direct trust"

# --- (b) Exchange 2003 front-end in the perimeter, pinned RPC -----------------
B=examples/exchange-2003-frontend.yaml
run "plan (b)" 0 plan --format json "$B"
# 000: the front-end logs on through the firewall with exactly these ports:
# DNS, Kerberos, the endpoint mapper, LDAP, SMB, the global catalog, NTP,
# the pinned NTDS port (5700, tcp and udp) and ping; no dynamic range.
jq_true "[.flows[] | select(.src == \"ex-fe1\" and .dst == \"dc1\" and .transport == \"tcp\") | $PORTS] | sort == [\"53,88,135,389,445,3268\", \"5700\"]"
jq_true "[.flows[] | select(.src == \"ex-fe1\" and .dst == \"dc1\" and .transport == \"udp\") | $PORTS] | sort == [\"53,88,123,389\", \"5700\"]"
jq_true '[.flows[] | select(.src == "ex-fe1" and .dst == "dc1" and .transport == "icmp")] | length == 1'
jq_true '[.flows[] | select(.src == "ex-fe1") | .ports[] | select(.[1] > .[0])] | length == 0'
# The front-end reaches its back-end for Outlook Web Access (80) and IMAP (143).
jq_true "[.flows[] | select(.src == \"ex-fe1\" and .dst == \"ex-be1\") | $PORTS] == [\"80,143\"]"
# MAPI clients: 135 and the four pinned interfaces of the back-end.
jq_true "[.flows[] | select(.src == \"outlook-clients\" and .dst == \"ex-be1\") | $PORTS] | sort == [\"135\", \"5701-5704\"]"
jq_true '[.flows[] | select(.src == "outlook-clients" and .dst == "ex-be1" and (.rpc | index("pinned")))] | length == 1'
# Between the 2003 DCs in one zone, RPC uses 1025-5000 (legacy Windows).
jq_true '[.flows[] | select(.dst == "dc1" and (.rpc | index("dynamic"))) | .ports] | unique == [[[1025, 5000]]]'
jq_true '.registry_values | length == 6'

# --- (c) Lync 2013 Edge behind NAT with Exchange 2013 UM ---------------------
C=examples/lync-2013-edge-exchange-2013-um.yaml
run "plan (c)" 0 plan --format json "$C"
# The external services answer on the external leg, in the external perimeter.
jq_true '[.flows[] | select(.src == "internet" and .dst == "lync-edge1") | .dst_addresses] | unique == [["172.16.31.10/32"]]'
jq_true '[.flows[] | select(.src == "internet" and .dst == "lync-edge1") | .dst_zone] | unique == ["perimeter-external"]'
jq_true "[.flows[] | select(.src == \"internet\" and .dst == \"lync-edge1\" and .transport == \"udp\") | $PORTS] == [\"3478,50000-59999\"]"
# The Front End reaches the internal leg (SIP 5061, CMS 4443, PSOM 8057 ...).
jq_true '[.flows[] | select(.src == "lync-fe1" and .dst == "lync-edge1" and .transport == "tcp") | .dst_addresses] == [["172.16.30.10/32"]]'
jq_true '[.flows[] | select(.src == "lync-fe1" and .dst == "lync-edge1" and .transport == "tcp") | .ports[] | .[0]] | (index(5061) != null and index(4443) != null and index(8057) != null)'
# Federation partners on 5061 both ways; no Lync flow from the Internet to
# the internal leg.
jq_true "[.flows[] | select(.src == \"federation-partners\" and .dst == \"lync-edge1\") | $PORTS] == [\"5061\"]"
jq_true '[.flows[] | select(.src == "internet" and (.dst_addresses | index("172.16.30.10/32")))] | length == 0'
# UM: the SBC in the perimeter reaches the call router (5060-5061) and the
# worker (5065-5068) through the firewall; media on UDP 1024-65535.
jq_true "[.flows[] | select(.src == \"sbc\" and .dst == \"ex-cas1\") | $PORTS] == [\"5060-5061\"]"
jq_true "[.flows[] | select(.src == \"sbc\" and .dst == \"ex-mbx1\" and .transport == \"tcp\") | $PORTS] == [\"5065-5068\"]"
jq_true '[.flows[] | select(.src == "ex-cas1" and .dst == "ex-mbx1") | .ports] == [[[5062, 5063]]]'

# outbound: allow: flows out to "any" need no boundary rule.
sed 's/^  netbios: false/  netbios: false\n  outbound: allow/' "$C" >"$T/outbound.yaml"
run "outbound allow" 0 plan --format json "$T/outbound.yaml"
jq_true '[.flows[] | select(.src == "lync-edge1" and .dst == "internet") | .enforce] | unique == [[]]'
jq_true '[.flows[] | select(.src == "internet" and .dst == "lync-edge1") | .enforce | index("boundary")] | all'

# --- emit ----------------------------------------------------------------
run "emit nft to stdout" 0 emit --target nft "$A"
out_has "table inet portplan"
run "emit many files needs -o" 2 emit --target wfw-ps "$A"
err_has "give -o DIRECTORY"
run "emit to a directory" 0 emit --target wfw-ps -o "$T/wfw/" "$A"
current="one PowerShell file per Windows host"
n=$(ls "$T/wfw/wfw" | wc -l)
[ "$n" -eq 8 ] && pass || fail "$n files"
run "emit one host" 0 emit --target reg -o "$T/reg/" --host dc1 "$B"
current="reg for dc1 only"
[ "$(ls "$T/reg/reg")" = "dc1.reg" ] && pass || fail "$(ls "$T/reg/reg")"
run "emit to a file" 0 emit --target iptables -o "$T/ipt/" "$A"
current="iptables writes v4 and v6"
[ -s "$T/ipt/portplan.rules.v4" ] && [ -s "$T/ipt/portplan.rules.v6" ] && pass || fail "missing files"
run "unknown target" 2 emit --target junos "$A"
err_has "valid targets: "
err_has " nft"
run "no target" 2 emit "$A"
err_has "give --target"

# All or nothing: a target directory that cannot be written leaves nothing.
mkdir -p "$T/ro/wfw" && chmod 500 "$T/ro/wfw"
if [ "$(id -u)" -ne 0 ]; then
	run "unwritable directory" 1 emit --target wfw-ps -o "$T/ro/" "$A"
	current="no partial output"
	[ -z "$(ls "$T/ro/wfw")" ] && pass || fail "files left behind"
fi
# A file where a directory is needed fails before anything is written.
: >"$T/blocker"
run "output path is a file" 1 emit --target wfw-ps -o "$T/blocker/" "$A"
current="nothing half-written"
ls "$T" | grep -q '\.tmp\.' && fail "temporary files left" || pass

# A deployment with errors writes nothing.
run "errors write nothing" 1 emit --target nft -o "$T/bad.nft" tests/deploy/bad-many.yaml
current="no output on errors"
[ -e "$T/bad.nft" ] && fail "file written" || pass

# --- hostile names -----------------------------------------------------------
cat >"$T/hostile.yaml" <<'EOF'
deployment: "evil'; DROP TABLE $(reboot) `halt` \"x\" 日本"
zones:
  - {name: "in\"side", cidrs: [10.0.0.0/16]}
  - {name: "perim;eter", cidrs: [192.168.1.0/24]}
hosts:
  - name: "dc1\"; rm -rf / #"
    zone: "in\"side"
    addresses: [10.0.1.10]
    windows: "2012"
    roles: [windows/domain-controller]
  - name: "hub$(reboot)`x`"
    zone: "in\"side"
    addresses: [10.0.2.20]
    windows: "2012"
    roles: [exchange-2010/hub-transport]
  - name: "edge\n[HKEY_LOCAL_MACHINE\\x]\n\"a\"=dword:1"
    zone: "perim;eter"
    addresses: [192.168.1.5]
    windows: "2012"
    roles: [exchange-2010/edge-transport]
    description: "'; Remove-Item C:\\ -Recurse #\r\nformat c:"
EOF
run "hostile plan" 0 plan "$T/hostile.yaml"
current="no control byte reaches the terminal"
LC_ALL=C grep -q "$(printf '\033')" "$T/out" && fail "escape in output" || pass
for t in nft iptables wfw-ps netsh asa pf capirca json markdown html; do
	run "hostile emit $t" 0 emit --target "$t" -o "$T/h-$t/" "$T/hostile.yaml"
done
current="hostile nft loads"
if command -v nft >/dev/null && [ "$(id -u)" -eq 0 ]; then
	ns=pp-plan-test-$$
	ip netns add "$ns" && {
		ip netns exec "$ns" nft -f "$T/h-nft/portplan.nft" && pass || fail "nft rejected it"
		ip netns del "$ns"
	}
fi
current="hostile iptables restores"
if command -v iptables-restore >/dev/null && [ "$(id -u)" -eq 0 ]; then
	ns=pp-plan-test-$$
	ip netns add "$ns" && {
		ip netns exec "$ns" iptables-restore --test "$T/h-iptables/portplan.rules.v4" && pass || fail "rejected"
		ip netns del "$ns"
	}
fi
current="no injected PowerShell statement"
grep -h "Remove-Item\|rm -rf\|reboot" "$T"/h-wfw-ps/wfw/*.ps1 | grep -v "^ *#" | grep -vq "'[^']*\(Remove-Item\|rm -rf\|reboot\)[^']*'" && fail "payload outside a literal" || pass

echo "plan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
