# Shared by the consumer checks tests/emit/check-TARGET.sh OUTDIR MODE that
# are shell scripts: sourced (not run) after they set target and mode.

# One result line each, the form tests/emit/run.sh counts.
ok() { echo "ok $target $mode: $1"; }
fail() { echo "FAIL $target $mode: $1: $2"; }

# A scratch directory $tmp and the name $ns of a network namespace of our
# own, so that a consumer never touches the host's rules; both go on exit.
# The caller makes the namespace (ip netns add "$ns") when it needs it;
# in_ns runs a command inside it.
netns_scratch() {
	ns=pp-test-$$
	tmp=$(mktemp -d) || exit 1
	trap cleanup EXIT
	trap 'exit 1' INT TERM HUP
}
cleanup() { ip netns delete "$ns" 2>/dev/null; rm -rf "$tmp"; }
in_ns() { ip netns exec "$ns" "$@"; }

# Make the namespace now; when that fails, say so and end the check.
netns_add() {
	ip netns add "$ns" 2>"$tmp/err" || { fail "netns" "cannot create $ns: $(head -c 200 "$tmp/err")"; exit 0; }
}

# Text checks of a rules file for a shell-like loader (nft, iptables),
# whatever the mode: no byte but printable ASCII, tab and newline; no "$("
# or backtick at all; every quoted string on one line. $2 prefixes each
# check's name.
check_rules_text() {
	if LC_ALL=C grep -q "$(printf '[^\t -~]')" "$1"; then
		fail "$2plain ASCII" "a byte outside printable ASCII, tab and newline"
	else
		ok "$2plain ASCII"
	fi
	if grep -qF -e '$(' -e '`' "$1"; then
		fail "$2no command substitution" "$(grep -nF -e '$(' -e '`' "$1" | head -n 1)"
	else
		ok "$2no command substitution"
	fi
	if awk -F'"' 'NF > 0 && NF % 2 == 0 { exit 1 }' "$1"; then
		ok "$2quotes balanced on every line"
	else
		fail "$2quotes balanced on every line" "a line with an odd number of quotes"
	fi
}
