#!/bin/sh
# check-capirca.sh OUTDIR MODE: hand OUTDIR (def/ and policies/) to Capirca's
# aclgen, then the iptables and nftables it renders to iptables-restore,
# ip6tables-restore and nft inside a network namespace of our own; the
# Cisco, ASA and Windows outputs, which have no consumer on Debian, are
# checked line by line for shape. Prints one "ok ..." / "FAIL ...: why" line
# per check.
dir=$1 mode=$2 target=capirca
. "$(dirname "$0")/checklib.sh"
first() { head -n 1 | cut -c1-200; }

net=$dir/def/NETWORK.net svc=$dir/def/SERVICES.svc
pol=$dir/policies/pol/portplan.pol
pol6=$dir/policies/pol/portplan-inet6.pol
polnft=$dir/policies/pol/portplan-nft.pol
for f in "$net" "$svc" "$pol" "$pol6" "$polnft"; do
	[ -s "$f" ] || { fail "output" "no ${f#"$dir"/}"; exit 0; }
done
ours="$net $svc $pol $pol6 $polnft"

netns_scratch

# ---- our files, as text ----
# shellcheck disable=SC2086
if LC_ALL=C grep -n "$(printf '[^\t -~]')" $ours >"$tmp/bad"; then
	fail "plain ASCII" "$(first <"$tmp/bad")"
else
	ok "plain ASCII in def/ and policies/"
fi
# shellcheck disable=SC2086
if grep -nF -e '$(' -e '`' -e '\' $ours >"$tmp/bad"; then
	fail "no \$( backtick or backslash" "$(first <"$tmp/bad")"
else
	ok "no \$( backtick or backslash in def/ and policies/"
fi
bad=$(grep -h '"' "$pol" "$pol6" "$polnft" |
	grep -vE '^  comment:: "[^"]*"$|^  verbatim:: (iptables|speedway) "[^"]*"$')
if [ -n "$bad" ]; then
	fail "quoted strings" "$(printf '%s\n' "$bad" | first)"
else
	ok "every quoted string is one whole comment:: or verbatim:: value"
fi
names=$(cat "$net" "$svc" | sed -n 's/^\([^ #][^ ]*\) = .*/\1/p')
bad=$(printf '%s\n' "$names" | grep -v '^[A-Z][A-Z0-9_]*$')
dups=$(printf '%s\n' "$names" | sort | uniq -d)
if [ -n "$bad$dups" ]; then
	fail "definition names" "bad: $(printf '%s' "$bad" | first) dup: $(printf '%s' "$dups" | first)"
else
	ok "definition names are [A-Z0-9_] and unique"
fi
terms=$(sed -n 's/^term \([^ ]*\) {$/\1/p' "$pol")
bad=$(printf '%s\n' "$terms" | grep -vE '^[a-z][a-z0-9-]{0,23}$')
dups=$(printf '%s\n' "$terms" | sort | uniq -d)
if [ -n "$bad$dups" ]; then
	fail "term names" "bad: $(printf '%s' "$bad" | first) dup: $(printf '%s' "$dups" | first)"
else
	ok "term names are [a-z0-9-], at most 24 long and unique"
fi
# Outside comments (whole-line # and comment:: strings) no payload at all.
# shellcheck disable=SC2086
bare=$(cat $ours | sed -e '/^[[:space:]]*#/d' -e 's/^  comment:: "[^"]*"$//')
if printf '%s\n' "$bare" | grep -nE 'rm -rf|halt|reboot|%[sn]|[;|&<>]' >"$tmp/bad"; then
	fail "payload only in comments" "$(first <"$tmp/bad")"
else
	ok "payload only in comments of def/ and policies/"
fi

# ---- aclgen ----
if command -v aclgen >/dev/null 2>&1; then
	set -- aclgen
elif /usr/bin/python3 -c 'import capirca.aclgen' 2>/dev/null; then
	set -- /usr/bin/python3 -m capirca.aclgen
else
	fail "consumer" "Capirca's aclgen is not installed (python3-capirca)"
	exit 0
fi
gen=$tmp/gen
mkdir "$gen"
if (cd "$tmp" && "$@" --base_directory "$dir/policies" --definitions_directory "$dir/def" \
	--output_directory "$gen") >"$tmp/aclgen.log" 2>&1 &&
	! grep -qiE 'error|traceback' "$tmp/aclgen.log"; then
	ok "aclgen renders the policies"
else
	fail "aclgen renders the policies" "$(grep -iE 'error|exception' "$tmp/aclgen.log" | tail -n 3 | tr '\n' ' ' | cut -c1-300)"
	exit 0
fi
for pair in iptables:portplan speedway:portplan.ipt cisco:portplan.acl ciscoasa:portplan.asa \
	windows_advfirewall:portplan.bat iptables-inet6:portplan-inet6 \
	speedway-inet6:portplan-inet6.ipt nftables:portplan-nft.nft; do
	if [ -s "$gen/${pair#*:}" ]; then
		ok "aclgen wrote ${pair%%:*} (${pair#*:})"
	else
		fail "aclgen wrote ${pair%%:*}" "no ${pair#*:}"
	fi
done

# Every flow term reaches every target that can carry it: IPv6 terms (those
# excluded from ciscoasa) skip the ASA and nftables, ICMP terms nftables.
flows=$(awk '/^term /{t=$2; v6=0; icmp=0} /platform-exclude:: ciscoasa/{v6=1}
	/protocol:: icmp/{icmp=1} /^}/ && t != "" {print t, v6, icmp; t=""}' "$pol" |
	grep -vE '^(established|tcp-established|default-deny) ')
missing=""
while read -r t v6 icmp; do
	[ -n "$t" ] || continue
	grep -q "^ remark $t\$" "$gen/portplan.acl" || missing="$missing cisco:$t"
	[ "$v6" = 1 ] || grep -q "^access-list portplan remark $t\$" "$gen/portplan.asa" ||
		missing="$missing ciscoasa:$t"
	grep -q "name=i_$t " "$gen/portplan.bat" || missing="$missing windows:$t"
	cat "$gen/portplan.ipt" "$gen/portplan-inet6.ipt" | grep -q "^-N F_$t\$" ||
		missing="$missing speedway:$t"
	[ "$icmp$v6" != 00 ] || grep -q "chain $t {" "$gen/portplan-nft.nft" ||
		missing="$missing nftables:$t"
done <<EOF
$flows
EOF
if [ -n "$missing" ]; then
	fail "every flow term rendered" "$(echo "$missing" | cut -c1-300)"
else
	ok "every flow term rendered by every target ($(printf '%s\n' "$flows" | grep -c .) terms)"
fi

# Rendered text: comments are the only place for deployment text.
strip() {
	sed -e '/^[[:space:]]*#/d' -e '/^ remark /d' -e '/^!/d' -e '/^access-list portplan remark /d' \
		-e '/^:/d' -e 's/--comment "[^"]*"//' -e 's/comment "[^"]*"//' "$@"
}
if strip "$gen"/* | grep -nE 'rm -rf|halt|reboot|%[sn]|\$\(|`|^[[:space:]]*rm[[:space:]]' >"$tmp/bad"; then
	fail "rendered payload only in comments" "$(first <"$tmp/bad")"
else
	ok "rendered payload only in comments"
fi
bad=$(grep -vE '^$|^clear configure access-list portplan$|^access-list portplan (remark .*|extended (permit|deny) [a-z0-9 .:]+)$' "$gen/portplan.asa")
[ -z "$bad" ] && ok "ciscoasa lines are ACL commands" ||
	fail "ciscoasa lines are ACL commands" "$(printf '%s\n' "$bad" | first)"
bad=$(grep -vE '^$|^!|^ remark |^ (permit|deny) [a-z0-9 .:]+$|^(no )?ipv?6? ?access-list (extended )?[a-z0-9-]+$|^exit$' "$gen/portplan.acl")
[ -z "$bad" ] && ok "cisco lines are ACL commands" ||
	fail "cisco lines are ACL commands" "$(printf '%s\n' "$bad" | first)"
bad=$(grep -vE '^$|^:|^netsh advfirewall firewall add rule name=i_[a-z0-9-]+ [a-z0-9=:./,-][a-z0-9=:./, -]*$' "$gen/portplan.bat")
[ -z "$bad" ] && ok "windows_advfirewall lines are labels or netsh commands without cmd.exe metacharacters" ||
	fail "windows_advfirewall lines" "$(printf '%s\n' "$bad" | first)"

# ---- iptables, ip6tables, nft in a namespace of our own ----
ip netns add "$ns" 2>"$tmp/err" || { fail "netns" "cannot create $ns: $(first <"$tmp/err")"; exit 0; }

# Capirca's iptables target writes rule lines only; its speedway target
# writes the same rules as a restore file.
if head -n 20 "$gen/portplan" | grep -q '^\*filter'; then
	cp "$gen/portplan" "$tmp/ipt4"
	ok "aclgen iptables output is a complete restore file"
else
	{ echo '*filter'; grep -v '^#' "$gen/portplan"; echo 'COMMIT'; } >"$tmp/ipt4"
	ok "aclgen iptables output is rule lines without *filter/COMMIT (wrapped for iptables-restore)"
fi
{ echo '*filter'; grep -v '^#' "$gen/portplan-inet6"; echo 'COMMIT'; } >"$tmp/ipt6"
for pair in iptables:"$tmp/ipt4" ip6tables:"$tmp/ipt6" iptables:"$gen/portplan.ipt" \
	ip6tables:"$gen/portplan-inet6.ipt"; do
	cmd=${pair%%:*}-restore file=${pair#*:}
	if in_ns "$cmd" --test <"$file" >"$tmp/out" 2>&1; then
		ok "$cmd --test accepts $(basename "$file")"
	else
		fail "$cmd --test accepts $(basename "$file")" "$(first <"$tmp/out")"
	fi
done
# Loading in the empty namespace also checks what --test leaves out (that
# every jump target exists); then read the result back.
for fam in iptables:portplan.ipt ip6tables:portplan-inet6.ipt; do
	cmd=${fam%%:*} file=$gen/${fam#*:}
	if in_ns "$cmd-restore" <"$file" >"$tmp/out" 2>&1 && in_ns "$cmd-save" >"$tmp/saved" 2>&1; then
		if grep -q '^:FORWARD DROP' "$tmp/saved" &&
			grep -q -- '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT' "$tmp/saved"; then
			ok "$cmd loads $(basename "$file"): FORWARD drops, replies accepted"
		else
			fail "$cmd loads $(basename "$file")" "no FORWARD DROP policy or no reply rule"
		fi
	else
		fail "$cmd loads $(basename "$file")" "$(first <"$tmp/out")"
	fi
done
if in_ns iptables-save | grep -q -- '--comment "f001 '; then
	ok "iptables keeps the flow id in rule comments"
else
	fail "iptables keeps the flow id in rule comments" "no comment starting with f001"
fi

nftf=$gen/portplan-nft.nft
if in_ns nft -c -f "$nftf" >"$tmp/out" 2>&1; then
	ok "nft -c accepts portplan-nft.nft"
else
	fail "nft -c accepts portplan-nft.nft" "$(first <"$tmp/out")"
fi
if in_ns nft -f "$nftf" >"$tmp/out" 2>&1 && in_ns nft list ruleset >"$tmp/saved" 2>&1 &&
	grep -q 'policy drop' "$tmp/saved"; then
	ok "nft loads portplan-nft.nft with policy drop"
else
	fail "nft loads portplan-nft.nft" "$(first <"$tmp/out")"
fi
# Capirca 2.0.6 writes an IPv4 rule without the ports next to each rule with
# them (it keeps ports only when a term has both source and destination
# ports), so the nft output accepts every port of the protocol.
dropped=$(grep -E '^[[:space:]]*ip [sd]addr .* ip protocol (tcp|udp) ct state new accept$' "$nftf")
if [ -n "$dropped" ]; then
	ok "capirca nftables: known 2.0.6 bug, ports dropped ($(printf '%s\n' "$dropped" | grep -c .) IPv4 rules without their ports)"
elif grep -qE '(tcp|udp) dport' "$nftf"; then
	ok "capirca nftables: ports kept"
else
	fail "capirca nftables ports" "no rule with a destination port"
fi
exit 0
