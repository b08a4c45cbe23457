#!/bin/sh
# check-asa.sh OUTDIR MODE: check OUTDIR/portplan.asa against the Cisco ASA
# 9.x command grammar it uses. No ASA (or ASA parser) runs on Debian, so the
# checks are structural: every line is a documented command in the right
# context, every object-group is defined before use and named once, the
# addresses, masks and ports are valid, icmp/icmp6 get addresses of their
# family, remarks and descriptions fit the ASA limits, every access list
# ends in a deny and is applied to one interface, every boundary flow of the
# fixture has its rule, and no hostile payload is left outside free text.
# Prints one "ok ..." / "FAIL ...: why" line per check.
dir=$1 mode=$2
file=$dir/portplan.asa
[ -f "$file" ] || { echo "FAIL asa $mode: output: no portplan.asa in $dir"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "FAIL asa $mode: consumer: python3 is not installed"; exit 0; }

python3 - "$file" "$mode" <<'EOF'
import ipaddress
import re
import sys

path, mode = sys.argv[1], sys.argv[2]
results = []


def check(what, problems):
    if problems:
        results.append("FAIL asa %s: %s: %s" % (mode, what, problems[0]))
    else:
        results.append("ok asa %s: %s" % (mode, what))


data = open(path, "rb").read()
check("plain ASCII, newline-terminated lines",
      ["byte 0x%02x at offset %d" % (b, i) for i, b in enumerate(data)
       if not (0x20 <= b < 0x7f or b == 0x0a)][:1]
      + ([] if data.endswith(b"\n") else ["no final newline"]))
lines = data.decode("ascii", "replace").split("\n")[:-1]

NAME = r"[A-Za-z][A-Za-z0-9_.-]{0,63}"
ACL = r"[A-Za-z][A-Za-z0-9_.-]{0,240}"
TEXT = r"[ -~]*"
ICMP_TYPES = {"echo", "echo-reply", "unreachable", "time-exceeded", "packet-too-big"}
PROTOS = {"ip", "tcp", "udp", "icmp", "icmp6", "esp", "ah", "gre"}

grammar, names, defs, uses, addrs, ports, fams, lengths = [], [], [], [], [], [], [], []
net = {}      # network object-group -> set of families
svc = {}      # service object-group -> protocol
acl_aces = {}  # access list -> list of (action, proto, src, dst, line number)
acl_remark = {}  # access list -> the last line was a remark
unremarked, groups_in = [], {}
applied = {}
free = []     # free text (comments, remarks, descriptions), for the payload check
ids = set()   # flow ids named by remarks
ctx = None


def fam_of(text):
    return 4 if ipaddress.ip_address(text).version == 4 else 6


def operand(toks, i, n):
    """An address operand at toks[i]: (families, next index) or raises."""
    t = toks[i]
    if t == "any":
        return {4, 6}, i + 1
    if t == "any4":
        return {4}, i + 1
    if t == "any6":
        return {6}, i + 1
    if t == "host":
        return {fam_of(toks[i + 1])}, i + 2
    if t == "object-group":
        name = toks[i + 1]
        if name not in net:
            uses.append("line %d: network object-group %s used before it is defined" % (n, name))
            return set(), i + 2
        return net[name], i + 2
    if "/" in t:
        return {ipaddress.ip_network(t, strict=True).version}, i + 1
    # address and netmask (not a wildcard mask, which ipaddress would take)
    mask = int(ipaddress.IPv4Address(toks[i + 1]))
    if (~mask & 0xffffffff) & ((~mask & 0xffffffff) + 1):
        raise ValueError("mask %s is not a netmask" % toks[i + 1])
    ipaddress.IPv4Network("%s/%s" % (ipaddress.IPv4Address(t), toks[i + 1]), strict=True)
    return {4}, i + 2


def port(text, n):
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= 65535:
        ports.append("line %d: port %s" % (n, text))
        return 0
    return int(text)


for n, line in enumerate(lines, 1):
    try:
        if re.fullmatch(r"!( %s)?" % TEXT, line):
            free.append(line[1:])
            continue
        m = re.fullmatch(r"object-group (network|service) (\S+)(?: (tcp|udp|tcp-udp))?", line)
        if m and (m.group(1) == "network") == (m.group(3) is None):
            name = m.group(2)
            if not re.fullmatch(NAME, name):
                names.append("line %d: object-group name '%s'" % (n, name))
            if name.lower() in (x.lower() for x in list(net) + list(svc)):
                names.append("line %d: object-group %s defined twice" % (n, name))
            if m.group(1) == "network":
                net[name] = set()
            else:
                svc[name] = m.group(3)
            ctx = (m.group(1), name)
            groups_in[name] = 0
            continue
        m = re.fullmatch(r" description (%s)" % TEXT, line)
        if m and ctx and ctx[0] in ("network", "service"):
            free.append(m.group(1))
            if len(m.group(1)) > 200:
                lengths.append("line %d: description longer than 200 characters" % n)
            continue
        m = re.fullmatch(r" network-object (.*)", line)
        if m and ctx and ctx[0] == "network":
            toks = m.group(1).split(" ")
            fam, end = operand(toks, 0, n) if toks[0] != "object-group" else (set(), 0)
            if end != len(toks) or not fam or toks[0] in ("any", "any4", "any6"):
                grammar.append("line %d: %s" % (n, line))
            net[ctx[1]] |= fam
            groups_in[ctx[1]] += 1
            continue
        m = re.fullmatch(r" port-object (eq (\S+)|range (\S+) (\S+))", line)
        if m and ctx and ctx[0] == "service":
            if m.group(2):
                port(m.group(2), n)
            elif port(m.group(3), n) >= port(m.group(4), n):
                ports.append("line %d: range %s %s" % (n, m.group(3), m.group(4)))
            groups_in[ctx[1]] += 1
            continue
        m = re.fullmatch(r"access-list (\S+) remark (.*)", line)
        if m and re.fullmatch(ACL, m.group(1)):
            ctx = None
            free.append(m.group(2))
            if not 1 <= len(m.group(2)) <= 100:
                lengths.append("line %d: remark of %d characters" % (n, len(m.group(2))))
            flow = re.match(r"(f[0-9]+) ", m.group(2))
            if flow:
                ids.add(flow.group(1))
            else:
                lengths.append("line %d: remark without a flow id" % n)
            acl_remark[m.group(1)] = True
            continue
        m = re.fullmatch(r"access-list (\S+) extended (permit|deny) (\S+) (.*)", line)
        if m and re.fullmatch(ACL, m.group(1)) and m.group(3) in PROTOS:
            ctx = None
            acl, action, proto = m.group(1), m.group(2), m.group(3)
            toks = m.group(4).split(" ")
            src, i = operand(toks, 0, n)
            dst, i = operand(toks, i, n)
            rest = toks[i:]
            if proto in ("tcp", "udp") and rest:
                if rest[0] == "eq" and len(rest) == 2:
                    port(rest[1], n)
                elif rest[0] == "range" and len(rest) == 3:
                    if port(rest[1], n) >= port(rest[2], n):
                        ports.append("line %d: range %s %s" % (n, rest[1], rest[2]))
                elif rest[0] == "object-group" and len(rest) == 2:
                    if svc.get(rest[1]) not in (proto, "tcp-udp"):
                        uses.append("line %d: service object-group %s is not a defined %s group"
                                    % (n, rest[1], proto))
                else:
                    raise ValueError("port operand")
            elif proto in ("icmp", "icmp6") and rest:
                if len(rest) != 1 or rest[0] not in ICMP_TYPES:
                    raise ValueError("icmp type")
            elif rest:
                raise ValueError("trailing words")
            want = {"icmp": {4}, "icmp6": {6}}.get(proto)
            if want and (src != want or dst != want):
                fams.append("line %d: %s with %s -> %s addresses" % (n, proto, sorted(src), sorted(dst)))
            if not src & dst:
                fams.append("line %d: no address family in common, the rule matches nothing" % n)
            # A remark, then the permits of its flow (ping has two).
            if action == "permit" and not acl_remark.get(acl):
                unremarked.append("line %d: permit without a remark" % n)
            if action == "deny":
                acl_remark[acl] = False
            acl_aces.setdefault(acl, []).append((action, proto, m.group(4), n))
            continue
        m = re.fullmatch(r"access-group (\S+) in interface (\S+)", line)
        if m:
            ctx = None
            if m.group(1) not in acl_aces:
                uses.append("line %d: access list %s applied before it is defined" % (n, m.group(1)))
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]{0,47}", m.group(2)):
                names.append("line %d: interface name '%s'" % (n, m.group(2)))
            if m.group(2) in applied.values() or m.group(1) in applied:
                uses.append("line %d: second access-group for %s" % (n, m.group(2)))
            applied[m.group(1)] = m.group(2)
            continue
        if line == "policy-map global_policy":
            ctx = ("policy", None)
            continue
        if line == " class inspection_default" and ctx and ctx[0] == "policy":
            ctx = ("class", None)
            continue
        if line == "  inspect icmp" and ctx and ctx[0] == "class":
            continue
        grammar.append("line %d: %s" % (n, line[:120]))
    except (ValueError, IndexError) as e:
        addrs.append("line %d: %s (%s)" % (n, line[:120], e))

check("every line is an ASA command in its context", grammar)
check("object-group and interface names valid and unique", names)
check("objects and access lists defined before use", uses)
check("addresses and masks valid", addrs)
check("ports 1-65535, ranges ascending", ports)
check("every object-group has members",
      ["object-group %s is empty" % g for g, k in groups_in.items() if k == 0])
check("icmp/icmp6 address families", fams)
check("remark and description limits", lengths + unremarked)
check("every access list ends in deny ip any any and is applied",
      ["%s ends with '%s'" % (a, " ".join(v[-1][:3])) for a, v in acl_aces.items()
       if v[-1][:3] != ("deny", "ip", "any any")]
      + ["%s is not applied to an interface" % a for a in acl_aces if a not in applied])

want = {"f001", "f002", "f003", "f004", "f011", "f012", "f013", "f014", "f015"}
check("the fixture's boundary flows, and only those",
      ["missing %s" % f for f in sorted(want - ids)] + ["unexpected %s" % f for f in sorted(ids - want)])

# Hostile payload: free text may carry it; the commands themselves never.
syntax = [l for l in lines if not l.startswith("!") and " remark " not in l
          and not l.startswith(" description ")]
check("payload only in remarks, descriptions and comments",
      ["'%s'" % l[:120] for l in syntax
       if re.search(r"\$\(|`|rm -rf|\(halt\)|%[sn]|;|\"|'", l)]
      + ["'%s'" % l[:120] for l in lines if re.match(r"\s*(rm|reboot|halt)\b", l)]
      + ["'?' asks the ASA CLI for help: '%s'" % l[:120] for l in lines if "?" in l]
      + ["template braces: '%s'" % l[:120] for l in lines if "{" in l or "}" in l])
print("\n".join(results))
EOF
