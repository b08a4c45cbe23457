#!/bin/sh
# check-pf.sh OUTDIR MODE: check OUTDIR/portplan.pf.conf against the pf.conf
# grammar subset it uses. pfctl exists only on the BSDs (Debian 12 packages
# none), so the checks are structural: each line is tokenised the way
# pfctl's lexer does it (keywords, numbers, strings, quoted strings,
# punctuation), parsed as a table, option, block or pass statement, and
# checked for: braces and quotes balanced, table names that are neither
# keywords nor numbers, at most 31 bytes and defined once before use, valid
# addresses, ports 0-65535 and lo:hi ranges, icmp only with inet and icmp6
# only with inet6, rules whose tables hold their family, labels of at most
# 63 safe bytes, the block before every pass, every boundary flow of the
# fixture, and no hostile payload outside comments.
# Prints one "ok ..." / "FAIL ...: why" line per check.
dir=$1 mode=$2
file=$dir/portplan.pf.conf
[ -f "$file" ] || { echo "FAIL pf $mode: output: no portplan.pf.conf in $dir"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "FAIL pf $mode: consumer: python3 is not installed"; exit 0; }

python3 - "$file" "$mode" <<'EOF'
import ipaddress
import re
import sys

path, mode = sys.argv[1], sys.argv[2]
results = []


def check(what, problems):
    if problems:
        results.append("FAIL pf %s: %s: %s" % (mode, what, problems[0]))
    else:
        results.append("ok pf %s: %s" % (mode, what))


data = open(path, "rb").read()
check("plain ASCII, newline-terminated lines",
      ["byte 0x%02x at offset %d" % (b, i) for i, b in enumerate(data)
       if not (0x20 <= b < 0x7f or b == 0x0a)][:1]
      + ([] if data.endswith(b"\n") else ["no final newline"]))
lines = data.decode("ascii", "replace").split("\n")[:-1]

# A subset of pfctl's keyword table (sbin/pfctl/parse.y keywords[]): a bare
# word that is one of these is not a STRING, so it cannot name a table.
KEYWORDS = set("""af-to all allow-opts altq anchor antispoof any bandwidth binat binat-to
bitmask block block-policy buckets cbq code crop debug default divert-packet divert-reply
divert-to drop dup-to empty file fingerprints flags floating flush for fragment from global
group hostid icmp-type icmp6-type if-bound in include inet inet6 keep label least-states
limit load log loginterface match max max-mss max-src-conn max-src-conn-rate max-src-nodes
max-src-states min-ttl modulate nat nat-to no no-df no-route no-sync on once optimization os
out overload parent pass pflow port prio probability proto qlimit queue quick random
random-id rdr rdr-to reassemble received-on reply-to return return-icmp return-icmp6
return-rst round-robin route route-to rtable rule ruleset-optimization scrub self set
set-tos skip sloppy source-hash source-track state state-defaults state-policy static-port
sticky-address syncookies synproxy table tag tagged timeout to tos ttl urpf-failed
user""".split())
PUNCT = set("{}<>,!=()/")


def in_string(c):
    # pfctl's allowed_in_string()
    return c.isalnum() or (not c.isspace() and c.isprintable() and not c.isalnum()
                           and c not in "(){}<>!=/#,")


def tokens(line):
    """pfctl's yylex over one line: (kind, text) with kind KW, NUM, STR, QSTR or the
    punctuation character itself; raises ValueError where pfctl would fail."""
    out, i = [], 0
    while i < len(line):
        c = line[i]
        if c in " \t":
            i += 1
        elif c == "#":
            break
        elif c == "$":
            raise ValueError("macro reference")
        elif c == '"':
            j = line.find('"', i + 1)
            if j < 0:
                raise ValueError("unterminated quoted string")
            out.append(("QSTR", line[i + 1:j]))
            i = j + 1
        elif c in PUNCT:
            out.append((c, c))
            i += 1
        elif c.isalnum() or c in ":_-":
            j = i
            while j < len(line) and line[j].isdigit():
                j += 1
            if j > i and (j == len(line) or line[j].isspace() or line[j] in "),/}="):
                out.append(("NUM", line[i:j]))
                i = j
                continue
            if c == "-":
                raise ValueError("stray '-'")
            j = i
            while j < len(line) and in_string(line[j]):
                j += 1
            word = line[i:j]
            out.append(("KW" if word in KEYWORDS else "STR", word))
            i = j
        else:
            raise ValueError("character %r" % c)
    return out


class Parser:
    def __init__(self, toks):
        self.t, self.i = toks, 0

    def peek(self, k=0):
        return self.t[self.i + k] if self.i + k < len(self.t) else (None, None)

    def take(self, kind=None, text=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (text and tok[1] != text):
            raise ValueError("expected %s, found %s" % (text or kind or "a word",
                                                       repr(tok[1]) if tok[0] else "end of line"))
        self.i += 1
        return tok[1]

    def accept(self, kind, text=None):
        tok = self.peek()
        if tok[0] == kind and (text is None or tok[1] == text):
            self.i += 1
            return tok[1]
        return None

    def done(self):
        if self.i != len(self.t):
            raise ValueError("trailing %r" % self.peek()[1])


def address(p):
    text = p.take("STR") if p.peek()[0] == "STR" else p.take("NUM")
    if p.accept("/"):
        text += "/" + p.take("NUM")
    return ipaddress.ip_network(text, strict=True)


tables = {}          # name -> set of families
grammar, names, uses, addrs, ports, fams, labels, order = [], [], [], [], [], [], [], []
label_ids, comments = set(), []
blocked = False
ND = "pass quick inet6 proto icmp6 all icmp6-type { neighbrsol neighbradv } no state label \"ipv6-nd\""

for n, line in enumerate(lines, 1):
    if line.startswith("#"):
        comments.append(line)
        if line.endswith("\\"):
            grammar.append("line %d: a comment ending in a backslash continues onto the next line" % n)
        continue
    try:
        p = Parser(tokens(line))
        if p.accept("KW", "table"):
            p.take("<")
            name = p.take("STR")
            p.take(">")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]{0,30}", name):
                names.append("line %d: table name '%s'" % (n, name))
            if name in tables:
                names.append("line %d: table <%s> defined twice" % (n, name))
            if p.take("STR") != "const":
                raise ValueError("table option")
            p.take("{")
            fam = set()
            while not p.accept("}"):
                fam.add(address(p).version)
            p.done()
            if not fam:
                addrs.append("line %d: empty table" % n)
            tables[name] = fam
        elif p.accept("KW", "set"):
            p.take("KW", "skip"), p.take("KW", "on"), p.take("STR", "lo"), p.done()
        elif p.accept("KW", "block"):
            p.take("KW", "drop"), p.take("KW", "all"), p.done()
            blocked = True
        elif p.accept("KW", "pass"):
            if not blocked:
                order.append("line %d: pass before the default block" % n)
            p.take("KW", "quick")
            af = p.accept("KW", "inet") or p.accept("KW", "inet6")
            p.take("KW", "proto")
            proto = p.take("STR")
            if proto not in ("tcp", "udp", "icmp", "icmp6", "esp", "ah", "gre"):
                raise ValueError("protocol %s" % proto)
            sides, has_port = [], False
            if not p.accept("KW", "all"):
                for kw in ("from", "to"):
                    p.take("KW", kw)
                    if p.accept("KW", "any"):
                        sides.append({4, 6})
                    else:
                        p.take("<")
                        name = p.accept("STR") or p.take("NUM")
                        p.take(">")
                        if name not in tables:
                            uses.append("line %d: table <%s> used before it is defined" % (n, name))
                        sides.append(tables.get(name, set()))
                if p.accept("KW", "port"):
                    has_port = True
                    items = []
                    if p.accept("{"):
                        while not p.accept("}"):
                            items.append(p.take())
                    else:
                        items.append(p.take())
                    for item in items:
                        m = re.fullmatch(r"([0-9]{1,5})(?::([0-9]{1,5}))?", item)
                        if not m or int(m.group(1)) > 65535 or int(m.group(2) or 0) > 65535 \
                                or (m.group(2) and int(m.group(1)) > int(m.group(2))):
                            ports.append("line %d: port %s" % (n, item))
            icmp = None
            label = state = None
            while p.peek()[0] is not None:
                if p.accept("KW", "icmp-type") or p.accept("KW", "icmp6-type"):
                    icmp = p.t[p.i - 1][1]
                    if p.accept("{"):
                        while not p.accept("}"):
                            p.take("STR")
                    else:
                        p.take("STR")
                elif p.accept("KW", "keep") or p.accept("KW", "no"):
                    state = p.t[p.i - 1][1]
                    p.take("KW", "state")
                elif p.accept("KW", "label"):
                    label = p.take("QSTR")
                else:
                    raise ValueError("option %r" % p.peek()[1])
            want = {"icmp": ("inet", "icmp-type"), "icmp6": ("inet6", "icmp6-type")}.get(proto)
            if want and (af, icmp) != want:
                fams.append("line %d: %s needs %s and %s" % (n, proto, *want))
            if not want and icmp:
                fams.append("line %d: %s with an icmp type" % (n, proto))
            if has_port and proto not in ("tcp", "udp"):
                ports.append("line %d: port with %s" % (n, proto))
            need = {"inet": {4}, "inet6": {6}}.get(af, {4, 6})
            if sides and not (sides[0] & sides[1] & need):
                fams.append("line %d: no address of the rule's family on both sides" % n)
            if label is None or not re.fullmatch(r"[A-Za-z0-9 _.:()-]{1,63}", label):
                labels.append("line %d: label %r" % (n, label))
            elif line != ND:
                m = re.match(r"(f[0-9]+) ", label)
                if m:
                    label_ids.add(m.group(1))
                else:
                    labels.append("line %d: label without a flow id" % n)
            if state is None:
                fams.append("line %d: no state option" % n)
        else:
            raise ValueError("unknown statement")
    except ValueError as e:
        grammar.append("line %d: %s (%s)" % (n, line[:120], e))

check("every line parses as pf.conf (table, set, block, pass)", grammar)
check("table names: not keywords or numbers, 31 bytes, defined once", names)
check("tables defined before use", uses)
check("addresses valid", addrs)
check("ports 0-65535, lo:hi ascending, only for tcp/udp", ports)
check("address families (inet/icmp, inet6/icmp6, tables of the rule's family)", fams)
check("labels: 63 safe bytes naming a flow", labels)
check("default block before every pass", order + ([] if blocked else ["no block rule"]))
want = {"f001", "f002", "f003", "f004", "f011", "f012", "f013", "f014", "f015"}
check("the fixture's boundary flows, and only those",
      ["missing %s" % f for f in sorted(want - label_ids)]
      + ["unexpected %s" % f for f in sorted(label_ids - want)])
rules = [l for l in lines if not l.startswith("#")]
check("payload only in comments",
      ["'%s'" % l[:120] for l in rules if re.search(r"\$|`|rm -rf|\(halt\)|%[sn]|;|'|\\\\", l)]
      + ["'%s'" % l[:120] for l in lines if re.match(r"\s*(rm|reboot|halt)\b", l)]
      + ["template braces: '%s'" % l[:120] for l in comments if "{" in l or "}" in l])
print("\n".join(results))
EOF
