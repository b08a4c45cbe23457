#!/bin/sh
# check-reg.sh OUTDIR MODE: hand the reg emitter's files for the fixture plan
# to two independent .reg parsers and read every value back:
#   Samba: regpatch applies the file to a scratch ldb registry (its "private
#     dir" is a temp dir), regtree lists it;
#   hivex: hivexregedit --merge into a minimal REGF hive made here, read back
#     with hivexget, hivexregedit --export and Samba's regtree -F.
# Each registry must hold exactly the fixture's pins, nothing more. Prints one
# "ok ..." or "FAIL ...: why" line per check.
dir=$1 mode=$2 target=reg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/checklib.sh"
export LC_ALL=C

# The fixture's pins (tests/emit/fixture.h): host, key, value name, port.
cat > "$tmp/expected" <<'EOF'
dc1|HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\NTDS\Parameters|TCP/IP Port|1600
fe1|HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeSA\Parameters|TCP/IP Port|6001
fe1|HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeSA\Parameters|TCP/IP NSPI Port|6002
EOF

# expect HOST: "KEY|NAME|0x%08x" lines, sorted, as both read-backs print them.
expect() {
	grep "^$1|" "$tmp/expected" | while IFS='|' read -r _ key name port; do
		printf '%s|%s|0x%08x\n' "$key" "$name" "$port"
	done | sort
}

# regtree's indented listing as "KEY|NAME|0xDATA" lines for REG_DWORD values
# and "KEY" lines for keys.
regtree_flat() {
	awk '{
		match($0, /^ */); d = RLENGTH; s = substr($0, d + 1)
		if (s ~ / = REG_[A-Z_]+ : /) {
			i = index(s, " = "); v = substr(s, i + 3)
			sub(/^REG_DWORD : /, "", v)
			print key[d - 1] "|" substr(s, 1, i - 1) "|" v
		} else {
			key[d] = (d ? key[d - 1] "\\" : "") s; print key[d]
		}
	}'
}

# The keys a registry holding the expected values has under
# HKEY_LOCAL_MACHINE: each expected key and its ancestors.
expect_keys() {
	expect "$1" | cut -d'|' -f1 | while IFS= read -r k; do
		while [ "$k" != HKEY_LOCAL_MACHINE ]; do echo "$k"; k=${k%\\*}; done
	done | sort -u
}

# A minimal valid hive: REGF header, one 4 KiB hbin with a root nk, its sk
# (a self-relative security descriptor with no DACL) and one free cell.
# hivex cannot create a hive and Samba's tools cannot either.
make_hive() {
	python3 - "$1" <<'EOF'
import struct, sys
def cell(data):
    size = (4 + len(data) + 7) & ~7
    return struct.pack('<i', -size) + data + b'\0' * (size - 4 - len(data))
name = b'ROOT'
ROOT = 0x20
SK = ROOT + ((4 + 0x4c + len(name) + 7) & ~7)
nk = struct.pack('<2sHQIIIIIIIIIIIIIIIHH', b'nk', 0x2c, 0, 0, 0, 0, 0, 0xffffffff,
                 0xffffffff, 0, 0xffffffff, SK, 0xffffffff, 0, 0, 0, 0, 0, len(name), 0) + name
sd = struct.pack('<BBHIIII', 1, 0, 0x8004, 0, 0, 0, 0)
sk = struct.pack('<2sHIIII', b'sk', 0, SK, SK, 1, len(sd)) + sd
cells = cell(nk) + cell(sk)
free = 0x1000 - 0x20 - len(cells)
hbin = (struct.pack('<4sIIIIQI', b'hbin', 0, 0x1000, 0, 0, 0, 0) + cells +
        struct.pack('<i', free) + b'\0' * (free - 4))
hdr = bytearray(struct.pack('<4sIIQIIIIIII', b'regf', 1, 1, 0, 1, 3, 0, 1, ROOT, 0x1000, 1))
hdr += b'\0' * (0x1fc - len(hdr))
csum = 0
for i in range(0, 0x1fc, 4):
    csum ^= struct.unpack_from('<I', hdr, i)[0]
hdr += struct.pack('<I', csum) + b'\0' * (0x1000 - 0x200)
open(sys.argv[1], 'wb').write(bytes(hdr) + hbin)
EOF
}

missing=
for t in regpatch:registry-tools regtree:registry-tools hivexregedit:libwin-hivex-perl \
	 hivexget:libhivex-bin python3:python3; do
	command -v "${t%%:*}" >/dev/null || missing="$missing ${t%%:*} (Debian package ${t#*:})"
done
if [ -n "$missing" ]; then
	fail "consumers" "not installed:$missing"
	exit 0
fi

# --- the file set -------------------------------------------------------
files=$(cd "$dir" 2>/dev/null && find . -type f | sort | tr '\n' ' ')
dc1=$(ls "$dir"/reg/dc1*.reg 2>/dev/null)
fe1=$(ls "$dir"/reg/fe1*.reg 2>/dev/null)
if [ "$(echo "$files" | wc -w)" -eq 2 ] && [ -f "$dc1" ] && [ -f "$fe1" ]; then
	ok "one file per host with pins: $files"
else
	fail "file set" "expected reg/dc1*.reg and reg/fe1*.reg, got: $files"
	exit 0
fi

samba_conf="$tmp/smb.conf"
: > "$samba_conf"
make_hive "$tmp/empty.hive" || fail "scratch hive" "python3 could not write it"

for host in dc1 fe1; do
	eval "f=\$$host"
	name=${f#"$dir"/}
	expect "$host" > "$tmp/$host.want"
	expect_keys "$host" > "$tmp/$host.keys"

	# Syntax: every line is the header, blank, a comment, a key or a DWORD
	# value; CRLF throughout; ASCII only; so no payload is anything but a
	# comment, and no comment continues onto the next line.
	tr -d '\r' < "$f" > "$tmp/$host.lf"
	why=
	if [ "$(head -n 1 "$f")" != "$(printf 'Windows Registry Editor Version 5.00\r')" ]; then
		why="first line is not the version 5.00 header"
	elif [ "$(grep -c "$(printf '\r')\$" "$f")" -ne "$(wc -l < "$f")" ] ||
	     [ "$(tr -cd '\r' < "$f" | wc -c)" -ne "$(wc -l < "$f")" ]; then
		why="not CRLF throughout"
	elif grep -q "$(printf '[^ -~\r]')" "$f"; then
		why="a byte outside printable ASCII"
	elif [ "$(tail -c 4 "$f" | od -An -c | tr -d ' ')" != '\r\n\r\n' ]; then
		why="no blank line at the end"
	elif bad=$(sed 1d "$tmp/$host.lf" | grep -Ev \
		'^$|^;[ -~]*[^\\]$|^\[HKEY_LOCAL_MACHINE(\\[ -Z^-~]+)+\]$|^"([^"\\]|\\["\\])+"=dword:[0-9a-f]{8}$' | head -n 1) &&
	     [ -n "$bad" ]; then
		why="unexpected line: $bad"
	elif grep -v '^;' "$tmp/$host.lf" | grep -Eq 'rm -rf|\$\(|`|reboot|halt|%[sn]'; then
		why="hostile text outside a comment"
	fi
	if [ -z "$why" ]; then ok "$name: .reg syntax, CRLF, ASCII, payload only in comments"
	else fail "$name" "$why"; fi

	# Samba: apply to an empty ldb registry, list it back. regpatch exits 0
	# even when it rejects a line, so its messages count as failure.
	priv="$tmp/samba-$host"
	mkdir "$priv"
	if ! out=$(regpatch -s "$samba_conf" "--option=private dir=$priv" "$f" 2>&1) || [ -n "$out" ]; then
		fail "samba regpatch $name" "$(echo "$out" | head -n 3 | tr '\n' ' ')"
	else
		regtree -s "$samba_conf" "--option=private dir=$priv" 2>/dev/null | regtree_flat > "$tmp/$host.samba"
		grep '|' "$tmp/$host.samba" | sort > "$tmp/$host.samba.values"
		grep -v '|' "$tmp/$host.samba" | grep '^HKEY_LOCAL_MACHINE\\' | sort > "$tmp/$host.samba.keys"
		if ! cmp -s "$tmp/$host.want" "$tmp/$host.samba.values"; then
			fail "samba regtree $name" "values differ: $(diff "$tmp/$host.want" "$tmp/$host.samba.values" | grep '^[<>]' | tr '\n' ' ')"
		elif ! cmp -s "$tmp/$host.keys" "$tmp/$host.samba.keys"; then
			fail "samba regtree $name" "keys differ: $(diff "$tmp/$host.keys" "$tmp/$host.samba.keys" | grep '^[<>]' | tr '\n' ' ')"
		else
			ok "samba regpatch + regtree $name: $(wc -l < "$tmp/$host.want") values, nothing else"
		fi
	fi

	# hivex: merge into a fresh hive. hivexregedit creates a key only under
	# an existing parent (regedit creates the whole path), so the parents
	# come first, from a skeleton file.
	hive="$tmp/$host.hive"
	cp "$tmp/empty.hive" "$hive"
	{
		echo 'Windows Registry Editor Version 5.00'
		sed -n 's/^\[\(.*\)\]$/\1/p' "$tmp/$host.lf" | while IFS= read -r k; do
			p=${k%\\*}
			while [ "$p" != HKEY_LOCAL_MACHINE ]; do echo "$p"; p=${p%\\*}; done
		done | sort -u | awk '{ print ""; print "[" $0 "]" }'
	} > "$tmp/$host.skel.reg"
	if ! out=$(hivexregedit --merge --prefix HKEY_LOCAL_MACHINE "$hive" "$tmp/$host.skel.reg" "$f" 2>&1) ||
	   [ -n "$out" ]; then
		fail "hivexregedit --merge $name" "$(echo "$out" | head -n 3 | tr '\n' ' ')"
		continue
	fi
	ok "hivexregedit --merge $name"

	# Each value on its own with hivexget (prints a DWORD in decimal).
	why=
	while IFS='|' read -r h key vname port; do
		[ "$h" = "$host" ] || continue
		got=$(hivexget "$hive" "${key#HKEY_LOCAL_MACHINE}" "$vname" 2>&1)
		[ "$got" = "$port" ] || why="$why ${key##*\\Services\\} \"$vname\": got '$got', want $port;"
	done < "$tmp/expected"
	if [ -z "$why" ]; then ok "hivexget $name: each pinned port reads back"
	else fail "hivexget $name" "$why"; fi

	# The whole hive exported: exactly the expected values, no other.
	hivexregedit --export --prefix HKEY_LOCAL_MACHINE "$hive" '\' 2>&1 | tr -d '\r' | awk '
		/^\[/ { k = substr($0, 2, length($0) - 2); sub(/\\$/, "", k); next }
		/^"/ && match($0, /"=dword:[0-9a-f]+$/) {
			printf "%s|%s|0x%s\n", k, substr($0, 2, RSTART - 2), substr($0, RSTART + 8); next }
		/=/ { print k "|" $0 }' | sort > "$tmp/$host.hivex"
	if cmp -s "$tmp/$host.want" "$tmp/$host.hivex"; then
		ok "hivexregedit --export $name: exactly the pinned values"
	else
		fail "hivexregedit --export $name" "$(diff "$tmp/$host.want" "$tmp/$host.hivex" | grep '^[<>]' | tr '\n' ' ')"
	fi

	# And Samba reading the hive hivex wrote: both agree on the REGF too.
	regtree -s "$samba_conf" -F "$hive" 2>/dev/null | regtree_flat |
		sed -n 's/^[^|\\]*\(\\.*|.*|.*\)$/HKEY_LOCAL_MACHINE\1/p' | sort > "$tmp/$host.regf"
	if cmp -s "$tmp/$host.want" "$tmp/$host.regf"; then
		ok "samba regtree -F on the hivex hive $name"
	else
		fail "samba regtree -F $name" "$(diff "$tmp/$host.want" "$tmp/$host.regf" | grep '^[<>]' | tr '\n' ' ')"
	fi
done
