#!/bin/sh
# check-wfw-ps.sh OUTDIR normal|hostile: check the wfw/*.ps1 scripts emitted
# for the fixture plan. There is no PowerShell on Debian, so the check is
# structural: a tokenizer that treats the same characters as quotes as
# PowerShell does (' and U+2018-U+201B) cuts each line into code and
# single-quoted literals; the code must be one of the statement forms the
# emitter writes and every literal must be well formed. Deployment text can
# then only be inside a literal. Prints "ok ..." / "FAIL ..." lines.
outdir=$1 mode=$2
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL wfw-ps $mode: python3 is not installed"
	exit 0
fi
exec python3 - "$outdir" "$mode" <<'EOF'
import ipaddress, os, re, sys

outdir, mode = sys.argv[1], sys.argv[2]
tag = "wfw-ps " + mode
QUOTES = "'\u2018\u2019\u201a\u201b"
# Windows Firewall also refuses '|' in rule names and descriptions.
BAD_IN_LITERAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff|]")
Q = "\x00"  # a literal, in the code skeleton

class Bad(Exception):
    pass

def lex(line):
    """Code with each single-quoted literal replaced by Q, and the literals."""
    code, lits, i = [], [], 0
    while i < len(line):
        if line[i] in QUOTES:
            j, buf = i + 1, []
            while True:
                if j >= len(line):
                    raise Bad("unterminated literal")
                if line[j] in QUOTES:
                    if j + 1 < len(line) and line[j + 1] in QUOTES:
                        buf.append(line[j]); j += 2; continue
                    break
                buf.append(line[j]); j += 1
            lit = "".join(buf)
            if BAD_IN_LITERAL.search(lit):
                raise Bad("control or separator character in a literal")
            lits.append(lit); code.append(Q); i = j + 1
        else:
            code.append(line[i]); i += 1
    return "".join(code), lits

L = "\x00(?:,\x00)*"
FORMS = {
    "requires": r"#Requires -RunAsAdministrator",
    "modules": r"#Requires -Modules NetSecurity",
    "comment": r"# [A-Za-z0-9 _.,:()-]*",
    "blank": r"",
    "eap": r"\$ErrorActionPreference = \x00",
    "profile": r"Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True -DefaultInboundAction Block",
    "remove": r"Remove-NetFirewallRule -Name \x00 -ErrorAction SilentlyContinue",
    "new": r"New-NetFirewallRule(?: -[A-Za-z]+ (?:" + L + r"|Inbound|Allow))+ \| Out-Null",
    "keep": r"\$keep = @\((?:" + L + r")?\)",
    "sweep": r"Get-NetFirewallRule -Group \x00 -ErrorAction SilentlyContinue \| Where-Object "
             r"\{ \$keep -notcontains \$_\.Name \} \| Remove-NetFirewallRule",
}
FORMS = {k: re.compile(v + r"\Z") for k, v in FORMS.items()}
REQUIRED = ["Name", "DisplayName", "Description", "Group", "Direction", "Action", "Protocol",
            "RemoteAddress"]
OPTIONAL = ["IcmpType", "LocalPort", "Program"]

def port_item(p, proto):
    if p in ("RPC", "RPCEPMap"):
        return proto == "TCP"
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", p)
    if not m:
        return False
    lo, hi = int(m[1]), int(m[2] or m[1])
    return 1 <= lo <= hi <= 65535

def addr_item(a):
    try:
        if "-" in a:
            lo, hi = (ipaddress.ip_address(x) for x in a.split("-"))
            return lo.version == hi.version and lo <= hi
        ipaddress.ip_network(a, strict=True)
        return True
    except ValueError:
        return False

def check_new(code, lits, line):
    """The New-NetFirewallRule parameters: names, values and their relations."""
    params, k = {}, 0
    for name, value in re.findall(r" -([A-Za-z]+) (" + L + r"|Inbound|Allow)", code):
        if name in params:
            raise Bad("parameter -%s twice" % name)
        n = value.count(Q)
        params[name] = lits[k:k + n] if n else value
        k += n
    for p in REQUIRED:
        if p not in params:
            raise Bad("no -" + p)
    for p in params:
        if p not in REQUIRED + OPTIONAL:
            raise Bad("unexpected -" + p)
    def one(p):
        if not isinstance(params[p], list) or len(params[p]) != 1:
            raise Bad("-%s is not one literal" % p)
        return params[p][0]
    name = one("Name")
    if not re.fullmatch(r"portplan-[A-Za-z0-9_.-]+", name):
        raise Bad("rule name %r" % name)
    rid = name[len("portplan-"):]
    for p in ("DisplayName", "Description"):
        if not one(p).startswith("portplan %s" % rid):
            raise Bad("-%s does not start with the flow id" % p)
    if one("Group") != "portplan" or params["Direction"] != "Inbound" or params["Action"] != "Allow":
        raise Bad("group, direction or action")
    proto = one("Protocol")
    if proto not in ("TCP", "UDP", "ICMPv4", "ICMPv6") and not (proto.isdigit() and int(proto) < 256):
        raise Bad("protocol %r" % proto)
    if ("LocalPort" in params) != (proto in ("TCP", "UDP")):
        raise Bad("-LocalPort with protocol %s" % proto)
    if "LocalPort" in params:
        ports = params["LocalPort"]
        if ports != ["Any"] and not all(port_item(p, proto) for p in ports):
            raise Bad("-LocalPort %r" % ports)
    icmp = {"ICMPv4": "8", "ICMPv6": "128"}.get(proto)
    if (params.get("IcmpType") or [None]) != [icmp]:
        raise Bad("-IcmpType for protocol %s" % proto)
    remote = params["RemoteAddress"]
    if remote != ["Any"] and not all(addr_item(a) for a in remote):
        raise Bad("-RemoteAddress %r" % remote)
    if "Program" in params and not re.fullmatch(r"[A-Za-z0-9 \\:._()%~-]+", one("Program")):
        raise Bad("-Program %r" % one("Program"))
    return name, params

def check_file(path):
    raw = open(path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        raise Bad("no UTF-8 byte order mark")
    text = raw[3:].decode("utf-8")  # raises on bad UTF-8
    if not text.endswith("\r\n") or "\n" in text.replace("\r\n", "") or "\r" in text.replace("\r\n", ""):
        raise Bad("line ends are not all CRLF")
    lines = text[:-2].split("\r\n")
    if lines[0] != "#Requires -RunAsAdministrator":
        raise Bad("does not start with #Requires -RunAsAdministrator")
    names, kinds, keep, removed, rules = [], [], None, None, []
    for no, line in enumerate(lines, 1):
        try:
            if re.match(r"\s*(rm|reboot|halt)\b", line):
                raise Bad("a line starts with a hostile command")
            code, lits = lex(line)
            if "$(" in code or "`" in code or ";" in code:
                raise Bad("$(, ` or ; outside a literal")
            kind = next((k for k, r in FORMS.items() if r.match(code)), None)
            if kind is None:
                raise Bad("not a known statement: %r" % code[:60])
            if kind == "eap" and lits != ["Stop"]:
                raise Bad("$ErrorActionPreference is not Stop")
            if kind == "remove":
                removed = lits[0]
            if kind == "new":
                name, params = check_new(code, lits, line)
                if kinds[-1:] != ["remove"] or removed != name:
                    raise Bad("New-NetFirewallRule not preceded by Remove of the same name")
                if name in names:
                    raise Bad("rule %s twice" % name)
                names.append(name)
                rules.append(params)
            if kind == "keep":
                keep = lits
            if kind == "sweep" and (lits != ["portplan"] or kinds[-1:] != ["keep"]):
                raise Bad("the sweep is not of group portplan right after $keep")
            kinds.append(kind)
        except Bad as e:
            raise Bad("line %d: %s" % (no, e))
    if kinds[-2:] != ["keep", "sweep"] or keep != names:
        raise Bad("$keep is not the list of the rules made")
    for k in ("modules", "eap", "profile"):
        if k not in kinds[:kinds.index("remove") if "remove" in kinds else len(kinds)]:
            raise Bad("no %s statement before the rules" % k)
    return rules

wfw = os.path.join(outdir, "wfw")
files = sorted(os.listdir(wfw)) if os.path.isdir(wfw) else []
extra = [f for f in os.listdir(outdir) if f != "wfw"]
if len(files) == 4 and not extra and all(re.fullmatch(r"[A-Za-z0-9_.-]+\.ps1", f) for f in files):
    print("ok %s: one script per destination host (%s)" % (tag, ", ".join(f[:12] for f in files)))
else:
    print("FAIL %s: files %r, others %r" % (tag, files, extra))
all_rules = []
for f in files:
    try:
        rules = check_file(os.path.join(wfw, f))
        all_rules += rules
        print("ok %s: %s is well formed (%d rules)" % (tag, f[:12], len(rules)))
    except (Bad, UnicodeDecodeError) as e:
        print("FAIL %s: %s: %s" % (tag, f[:40], e))
# 16 host-enforced flows, the ICMP one to a v4-only host giving one rule.
if len(all_rules) == 16:
    print("ok %s: 16 rules for 16 host-enforced flows" % tag)
else:
    print("FAIL %s: %d rules for 16 host-enforced flows" % (tag, len(all_rules)))
texts = [t for r in all_rules for p in ("DisplayName", "Description") for t in r.get(p, [])]
if mode == "hostile":
    payload = "\"; rm -rf / #`reboot`$(halt)'????&<>\\ 日本語 %s %n"
    if texts and all(payload in t for t in texts):
        print("ok %s: hostile names kept inside literals, controls and | as ?" % tag)
    else:
        print("FAIL %s: hostile names not found intact inside the literals" % tag)
EOF
