#!/bin/sh
# check-nft.sh OUTDIR MODE: hand OUTDIR/portplan.nft to nft inside a network
# namespace of our own (the host's ruleset is never touched), load it twice
# and read it back. Prints one "ok ..." / "FAIL ...: why" line per check.
dir=$1 mode=$2 target=nft
file=$dir/portplan.nft
. "$(dirname "$0")/checklib.sh"

[ -f "$file" ] || { fail "output" "no portplan.nft in $dir"; exit 0; }
command -v nft >/dev/null 2>&1 || { fail "consumer" "nft is not installed"; exit 0; }

netns_scratch
netns_add

# Text checks, whatever the mode (checklib.sh); no hostile payload outside
# a comment.
check_rules_text "$file" ""
bare=$(sed -e 's/"[^"]*"//g' -e 's/#.*//' "$file")
if printf '%s\n' "$bare" | grep -qE 'rm -rf|\(halt\)|%[sn]|^[[:space:]]*rm[[:space:]]'; then
	fail "payload only in comments" "$(printf '%s\n' "$bare" | grep -E 'rm -rf|\(halt\)|%[sn]' | head -n 1)"
else
	ok "payload only in comments"
fi
badset=$(sed -n 's/^[[:space:]]*set \([^ ]*\) {$/\1/p' "$file" | grep -v '^[A-Za-z][A-Za-z0-9_]*$')
if [ -n "$badset" ]; then
	fail "set names are plain identifiers" "$(printf '%s' "$badset" | head -n 1)"
else
	ok "set names are plain identifiers"
fi

# nft itself: check, load, read back.
if in_ns nft -c -f "$file" >"$tmp/out" 2>&1; then
	ok "nft -c accepts the script"
else
	fail "nft -c accepts the script" "$(head -c 300 "$tmp/out")"
	exit 0
fi
if in_ns nft -f "$file" >"$tmp/out" 2>&1; then
	ok "nft -f loads it"
else
	fail "nft -f loads it" "$(head -c 300 "$tmp/out")"
	exit 0
fi
in_ns nft list ruleset >"$tmp/first" 2>&1

want=$(grep -c ' accept comment "' "$file")
got=$(grep -c ' accept comment "' "$tmp/first")
if [ "$want" -gt 0 ] && [ "$want" = "$got" ]; then
	ok "all $want flow rules loaded"
else
	fail "all flow rules loaded" "file has $want, ruleset has $got"
fi
grep -o 'comment "[^"]*"' "$file" | sort >"$tmp/c-file"
grep -o 'comment "[^"]*"' "$tmp/first" | sort >"$tmp/c-list"
if cmp -s "$tmp/c-file" "$tmp/c-list"; then
	ok "comments read back unchanged"
else
	fail "comments read back unchanged" "$(diff "$tmp/c-file" "$tmp/c-list" | sed -n 2p)"
fi
if awk -F'"' 'NF > 0 && NF % 2 == 0 { exit 1 }' "$tmp/first"; then
	ok "no raw quote in listed comments"
else
	fail "no raw quote in listed comments" "an odd number of quotes on a listed line"
fi
if grep -q 'policy drop;' "$tmp/first" && grep -q 'ct state established,related accept' "$tmp/first" &&
   grep -q 'ct state invalid drop' "$tmp/first"; then
	ok "forward chain drops by default and accepts replies"
else
	fail "forward chain drops by default and accepts replies" "policy or ct rules missing"
fi

# Idempotence: stale objects added by hand vanish on reload, and the second
# load gives exactly the first ruleset.
in_ns nft add set inet portplan pp_stale '{ type ipv4_addr; }' 2>/dev/null
in_ns nft add rule inet portplan forward accept 2>/dev/null
if in_ns nft -f "$file" >"$tmp/out" 2>&1 && in_ns nft list ruleset >"$tmp/second" 2>&1 &&
   cmp -s "$tmp/first" "$tmp/second"; then
	ok "reloading is idempotent and drops stale objects"
else
	fail "reloading is idempotent and drops stale objects" \
		"$(head -c 200 "$tmp/out")$(diff "$tmp/first" "$tmp/second" | sed -n 2p)"
fi
if [ "$(in_ns nft list tables)" = "table inet portplan" ]; then
	ok "only table inet portplan exists"
else
	fail "only table inet portplan exists" "$(in_ns nft list tables | tr '\n' ' ')"
fi
exit 0
