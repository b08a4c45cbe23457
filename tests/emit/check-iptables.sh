#!/bin/sh
# check-iptables.sh OUTDIR MODE: hand OUTDIR/portplan.rules.v4 and .v6 to
# iptables-restore and ip6tables-restore inside a network namespace of our
# own (the host's rules are never touched), restore them twice and read them
# back with iptables-save. Prints one "ok ..." / "FAIL ...: why" per check.
dir=$1 mode=$2 target=iptables
. "$(dirname "$0")/checklib.sh"

for c in iptables-restore ip6tables-restore iptables-save ip6tables-save; do
	command -v $c >/dev/null 2>&1 || { fail "consumer" "$c is not installed"; exit 0; }
done

netns_scratch
netns_add

# The comments of a ruleset, one per line, sorted and unique; iptables-save
# quotes a comment only when it has a space.
comments() {
	sed -n -e 's/.* --comment "\([^"]*\)".*/\1/p' -e 't' -e 's/.* --comment \([^ ]*\) .*/\1/p' "$1" |
		sort -u
}

# How many kernel rules the -A FORWARD lines expand to: -s and -d lists
# multiply.
expected_rules() {
	awk '/^-A FORWARD / {
		n = 1
		for (i = 1; i < NF; i++)
			if ($i == "-s" || $i == "-d")
				n *= split($(i + 1), parts, ",")
		total += n
	} END { print total + 0 }' "$1"
}

check_family() {
	v=$1 restore=$2 save=$3
	file=$dir/portplan.rules.v$v
	[ -f "$file" ] || { fail "v$v output" "no portplan.rules.v$v in $dir"; return; }

	# Text checks, whatever the mode.
	check_rules_text "$file" "v$v "
	other=$(grep -vE '^(#|\*filter$|:(INPUT|FORWARD|OUTPUT) (ACCEPT|DROP) \[0:0\]$|-A FORWARD |COMMIT$)' "$file")
	if [ -n "$other" ]; then
		fail "v$v only comments, table, chains, rules" "$(printf '%s\n' "$other" | head -n 1)"
	else
		ok "v$v only comments, table, chains, rules"
	fi
	bare=$(sed -e 's/"[^"]*"//g' -e 's/^#.*//' "$file")
	if printf '%s\n' "$bare" | grep -qE 'rm -rf|\(halt\)|%[sn]|#'; then
		fail "v$v payload only in comments" "$(printf '%s\n' "$bare" | grep -E 'rm -rf|\(halt\)|%[sn]|#' | head -n 1)"
	else
		ok "v$v payload only in comments"
	fi

	# The consumer: test, restore, read back, restore again.
	if in_ns $restore --test "$file" >"$tmp/out" 2>&1; then
		ok "v$v $restore --test accepts the file"
	else
		fail "v$v $restore --test accepts the file" "$(head -c 300 "$tmp/out")"
		return
	fi
	if in_ns $restore "$file" >"$tmp/out" 2>&1; then
		ok "v$v $restore loads it"
	else
		fail "v$v $restore loads it" "$(head -c 300 "$tmp/out")"
		return
	fi
	in_ns $save -t filter | grep -v '^#' >"$tmp/first$v"
	if grep -qx ':FORWARD DROP \[0:0\]' "$tmp/first$v" &&
	   grep -qx -- '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT' "$tmp/first$v"; then
		ok "v$v FORWARD drops by default and accepts replies"
	else
		fail "v$v FORWARD drops by default and accepts replies" "policy or conntrack rule missing"
	fi
	want=$(expected_rules "$file")
	got=$(grep -c '^-A FORWARD ' "$tmp/first$v")
	if [ "$want" -gt 2 ] && [ "$want" = "$got" ]; then
		ok "v$v all $want rules loaded"
	else
		fail "v$v all rules loaded" "file expands to $want, $save shows $got"
	fi
	comments "$file" >"$tmp/c-file"
	comments "$tmp/first$v" >"$tmp/c-save"
	if [ -s "$tmp/c-file" ] && cmp -s "$tmp/c-file" "$tmp/c-save"; then
		ok "v$v comments read back unchanged"
	else
		fail "v$v comments read back unchanged" "$(diff "$tmp/c-file" "$tmp/c-save" | sed -n 2p)"
	fi
	if awk -F'"' 'NF > 0 && NF % 2 == 0 { exit 1 }' "$tmp/first$v"; then
		ok "v$v no raw quote in saved comments"
	else
		fail "v$v no raw quote in saved comments" "an odd number of quotes on a saved line"
	fi
	in_ns $restore "$file" >"$tmp/out" 2>&1
	in_ns $save -t filter | grep -v '^#' >"$tmp/second$v"
	if cmp -s "$tmp/first$v" "$tmp/second$v"; then
		ok "v$v restoring again is idempotent"
	else
		fail "v$v restoring again is idempotent" "$(diff "$tmp/first$v" "$tmp/second$v" | sed -n 2p)"
	fi
}

check_family 4 iptables-restore iptables-save
check_family 6 ip6tables-restore ip6tables-save
exit 0
