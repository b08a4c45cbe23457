#!/bin/sh
# check-json.sh OUTDIR MODE: hand OUTDIR/portplan.json to jq and check what
# a tool reading it relies on: it parses, the counts, the pinned, ICMP and
# ESP flows, ports that match their display string, and names (hostile ones
# in hostile mode) that come back byte for byte. Prints one "ok ..." /
# "FAIL ...: why" line per check.
dir=$1 mode=$2 target=json
file=$dir/portplan.json
. "$(dirname "$0")/checklib.sh"

[ -f "$file" ] || { fail "output" "no portplan.json in $dir"; exit 0; }
command -v jq >/dev/null 2>&1 || { fail "consumer" "jq is not installed"; exit 0; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# What tests/emit/fixture.h appends to every name in hostile mode.
h=""
[ "$mode" = hostile ] && h=$(printf 'x"; rm -rf / #`reboot`$(halt)'"'"'\n\r\t|&<>\\ 日本語 %%s %%n')

# check WHAT EXPR: jq's EXPR over the file must be exactly true.
check() {
	if out=$(jq --arg h "$h" "$2" "$file" 2>&1) && [ "$out" = true ]; then
		ok "$1"
	else
		fail "$1" "$(printf '%s' "$out" | tr '\n' ' ' | head -c 300)"
	fi
}

if jq empty "$file" 2>"$tmp/err"; then
	ok "jq parses it"
else
	fail "jq parses it" "$(head -c 300 "$tmp/err")"
	exit 0
fi
check "format and version" '.format == "portplan-plan" and .version == 1'
check "counts" '(.endpoints | length) == 9 and (.flows | length) == 16 and
	(.registry_values | length) == 3 and .warnings == []'
check "flow ids in order" '[.flows[].id] == [range(1; 17) | "f" + ("00\(.)" | .[-3:])]'
check "endpoint names exact" '[.endpoints[].name] ==
	(["internal", "perimeter", "any", "dc1", "dc0", "hub1", "edge1", "fe1", "clients"] | map(. + $h))'
check "descriptions exact" '[.endpoints[].description | . == (if $h == "" then "test endpoint" else $h end)] | all'
check "plan name exact" '.name == "fixture" + $h'
check "flow ends name endpoints" '[.endpoints[].name] as $names |
	[.flows[] | .src, .dst | IN($names[])] | all'
check "pinned flows match the registry" '
	[.flows[] | select(.rpc == ["pinned"]) | [.transport, .ports, .dst, .enforce]] ==
	[["tcp", [[1600, 1600]], "dc1" + $h, ["host", "boundary"]],
	 ["udp", [[1600, 1600]], "dc1" + $h, ["host", "boundary"]]] and
	(.registry_values[] | select(.pin == "exsp-pin-dc-ntds") | .data == 1600 and .host == "dc1" + $h
	 and .value_name == "TCP/IP Port")'
check "ICMP and ESP have no ports" '[.flows[] | select(.transport == "icmp" or .transport == "esp") |
	[.id, .transport, .ports, .ports_display]] == [["f014", "icmp", [], ""], ["f016", "esp", [], ""]]'
check "ports match their display" '[.flows[] | .ports_display == (.ports |
	map(if .[0] == .[1] then "\(.[0])" else "\(.[0])-\(.[1])" end) | join(","))] | all'
check "several ranges in one flow" '(.flows[] | select(.id == "f015") | .ports) == [[5060, 5068], [50000, 59999]]'
check "both families in one flow" '.flows[0].dst_addresses == ["192.168.10.5/32", "2001:db8:10::5/128"]'
check "program path exact" '.flows[2].program == "%ExchangeInstallPath%Bin\\edgetransport.exe"'
check "enforce and rpc words" '[.flows[] | (.enforce | length > 0 and all(IN("host", "boundary"))) and
	(.rpc | all(IN("epmap", "dynamic", "pinned")))] | all'

# Byte for byte through jq -j: the plan name, then each endpoint's name.
jq -j '.name' "$file" >"$tmp/got" 2>&1
printf 'fixture%s' "$h" >"$tmp/want"
if cmp -s "$tmp/got" "$tmp/want"; then
	ok "jq -j gives back the exact bytes"
else
	fail "jq -j gives back the exact bytes" "$(od -c "$tmp/got" | head -n 3 | tr '\n' ' ')"
fi

# No payload as syntax: the raw document has no control byte but newline,
# and no line starts outside JSON (a command, a comment).
if LC_ALL=C tr -d '\n' <"$file" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	fail "no raw control bytes" "a control byte outside \\u escapes"
else
	ok "no raw control bytes"
fi
if grep -qvE '^ *([]{}["]|[0-9-]|true|false|null)' "$file"; then
	fail "every line is JSON" "$(grep -vE '^ *([]{}["]|[0-9-]|true|false|null)' "$file" | head -n 1)"
else
	ok "every line is JSON"
fi
