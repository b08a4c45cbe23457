#!/bin/sh
# check-netsh.sh OUTDIR normal|hostile: check the netsh/*.cmd scripts
# emitted for the fixture plan. There is no cmd.exe or netsh on Debian, so
# the check is structural: a tokenizer cuts each line into code and
# double-quoted values the way cmd.exe does (no escapes inside quotes, but
# %VAR% and !VAR! still expand there); the code must be one of the command
# forms the emitter writes and every value must be free of characters
# cmd.exe or netsh's argument parser would act on. Prints "ok ..." / "FAIL
# ..." lines.
outdir=$1 mode=$2
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL netsh $mode: python3 is not installed"
	exit 0
fi
exec python3 - "$outdir" "$mode" <<'EOF'
import ipaddress, os, re, sys

outdir, mode = sys.argv[1], sys.argv[2]
tag = "netsh " + mode
Q = "\x00"  # a quoted value, in the code skeleton

class Bad(Exception):
    pass

def lex(line):
    """Code with each double-quoted value replaced by Q, and the values."""
    parts = line.split('"')
    if len(parts) % 2 == 0:
        raise Bad("unbalanced double quotes")
    vals = parts[1::2]
    for v in vals:
        if re.search(r"[&|<>^!]", v) or "%" in v.replace("%%", ""):
            raise Bad("cmd.exe metacharacter or lone %% in a quoted value: %r" % v[:40])
        if v.endswith("\\"):
            raise Bad("quoted value ends with a backslash")
    return Q.join(parts[0::2]), vals

FORMS = {
    "echo off": r"@echo off",
    "rem": r"rem [A-Za-z0-9 _.,:()-]*",
    "setlocal": r"setlocal EnableExtensions DisableDelayedExpansion",
    "admin": r"net session >nul 2>&1 \|\| goto notadmin",
    "state": r"netsh advfirewall set allprofiles state on \|\| goto fail",
    "policy": r"netsh advfirewall set allprofiles firewallpolicy blockinbound,allowoutbound \|\| goto fail",
    "delete": r"netsh advfirewall firewall delete rule name=\x00 dir=in >nul 2>&1",
    "add": r"netsh advfirewall firewall add rule(?: [a-z]+=(?:\x00|[A-Za-z0-9.,:/-]+))+ \|\| goto fail",
    "exit0": r"exit /b 0",
    "exit1": r"exit /b 1",
    "label": r":(?:notadmin|fail)",
    "echo": r"echo portplan: (?:run this as an administrator|a netsh command failed, "
            r"the rules before it are in place) 1>&2",
}
FORMS = {k: re.compile(v + r"\Z") for k, v in FORMS.items()}
REQUIRED = ["name", "dir", "action", "protocol", "remoteip", "description"]
OPTIONAL = ["localport", "program"]

def port_item(p, proto):
    if p in ("RPC", "RPC-EPMap"):
        return proto == "TCP"
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", p)
    return bool(m) and 1 <= int(m[1]) <= int(m[2] or m[1]) <= 65535

def addr_item(a):
    try:
        if "-" in a:
            lo, hi = (ipaddress.ip_address(x) for x in a.split("-"))
            return lo.version == hi.version and lo <= hi
        ipaddress.ip_network(a, strict=True)
        return True
    except ValueError:
        return False

def check_add(code, vals):
    params, k = {}, 0
    for key, value in re.findall(r" ([a-z]+)=(\x00|[A-Za-z0-9.,:/-]+)", code):
        if key in params:
            raise Bad("%s= twice" % key)
        params[key] = (vals[k], True) if value == Q else (value, False)
        k += value == Q
    for p in REQUIRED:
        if p not in params:
            raise Bad("no %s=" % p)
    for p in params:
        if p not in REQUIRED + OPTIONAL:
            raise Bad("unexpected %s=" % p)
    name, quoted = params["name"]
    if not quoted or not re.fullmatch(r"portplan-[A-Za-z0-9_.-]+", name):
        raise Bad("rule name %r" % name)
    desc, quoted = params["description"]
    if not quoted or not desc.startswith("portplan %s" % name[len("portplan-"):]) or "%" in desc:
        raise Bad("description does not start with the flow id, or has %")
    if params["dir"] != ("in", False) or params["action"] != ("allow", False):
        raise Bad("direction or action")
    proto = params["protocol"][0]
    if proto not in ("TCP", "UDP", "icmpv4:8,any", "icmpv6:128,any") and \
            not (proto.isdigit() and int(proto) < 256):
        raise Bad("protocol %r" % proto)
    if ("localport" in params) != (proto in ("TCP", "UDP")):
        raise Bad("localport= with protocol %s" % proto)
    if "localport" in params:
        ports = params["localport"][0].split(",")
        if ports != ["any"] and not all(port_item(p, proto) for p in ports):
            raise Bad("localport=%s" % params["localport"][0])
    remote = params["remoteip"][0].split(",")
    if remote != ["any"] and not all(addr_item(a) for a in remote):
        raise Bad("remoteip=%s" % params["remoteip"][0])
    if "program" in params:
        prog, quoted = params["program"]
        if not quoted or not re.fullmatch(r"(?:[A-Za-z0-9 \\:._()~-]|%%)+", prog):
            raise Bad("program=%r" % prog)
    return name, params

def check_file(path):
    raw = open(path, "rb").read()
    if any(b > 0x7e or (b < 0x20 and b not in (0x0d, 0x0a)) for b in raw):
        raise Bad("not printable ASCII")
    text = raw.decode("ascii")
    if not text.endswith("\r\n") or "\n" in text.replace("\r\n", "") or "\r" in text.replace("\r\n", ""):
        raise Bad("line ends are not all CRLF")
    names, kinds, deleted, rules = [], [], None, []
    for no, line in enumerate(text[:-2].split("\r\n"), 1):
        try:
            if re.match(r"\s*(rm|reboot|halt)\b", line):
                raise Bad("a line starts with a hostile command")
            code, vals = lex(line)
            kind = next((k for k, r in FORMS.items() if r.match(code)), None)
            if kind is None:
                raise Bad("not a known command: %r" % code[:60])
            if kind == "delete":
                deleted = vals[0]
            if kind == "add":
                name, params = check_add(code, vals)
                if kinds[-1:] != ["delete"] or deleted != name:
                    raise Bad("add rule not preceded by delete rule of the same name")
                if name in names:
                    raise Bad("rule %s twice" % name)
                names.append(name)
                rules.append(params)
            kinds.append(kind)
        except Bad as e:
            raise Bad("line %d: %s" % (no, e))
    head = kinds[:kinds.index("exit0")] if "exit0" in kinds else []
    if kinds[0] != "echo off" or not all(k in head for k in ("setlocal", "admin", "state", "policy")):
        raise Bad("the setup commands are missing before the rules")
    if kinds[len(head):] != ["exit0", "label", "echo", "exit1", "label", "echo", "exit1"]:
        raise Bad("the script does not end with its exit and error labels")
    return rules

d = os.path.join(outdir, "netsh")
files = sorted(os.listdir(d)) if os.path.isdir(d) else []
extra = [f for f in os.listdir(outdir) if f != "netsh"]
if len(files) == 4 and not extra and all(re.fullmatch(r"[A-Za-z0-9_.-]+\.cmd", f) for f in files):
    print("ok %s: one script per destination host (%s)" % (tag, ", ".join(f[:12] for f in files)))
else:
    print("FAIL %s: files %r, others %r" % (tag, files, extra))
all_rules = []
for f in files:
    try:
        rules = check_file(os.path.join(d, f))
        all_rules += rules
        print("ok %s: %s is well formed (%d rules)" % (tag, f[:12], len(rules)))
    except (Bad, UnicodeDecodeError) as e:
        print("FAIL %s: %s: %s" % (tag, f[:40], e))
# 16 host-enforced flows, the ICMP one to a v4-only host giving one rule.
if len(all_rules) == 16:
    print("ok %s: 16 rules for 16 host-enforced flows" % tag)
else:
    print("FAIL %s: %d rules for 16 host-enforced flows" % (tag, len(all_rules)))
progs = [r["program"][0] for r in all_rules if "program" in r]
if progs == ["%%ExchangeInstallPath%%Bin\\edgetransport.exe"]:
    print("ok %s: program path with %%VAR%% doubled for cmd.exe" % tag)
else:
    print("FAIL %s: program paths %r" % (tag, progs))
if mode == "hostile":
    payload = "?; rm -rf / #`reboot`$(halt)'???????? ??? ?s ?n"
    descs = [r["description"][0] for r in all_rules]
    if descs and all(payload in t for t in descs):
        print("ok %s: hostile names inside quotes with metacharacters as ?" % tag)
    else:
        print("FAIL %s: hostile names not found reduced inside the descriptions" % tag)
EOF
