#!/usr/bin/env python3
"""Plan and emit generated deployments of 100, 1,000 and 10,000 hosts with
portplan, and produce the same allowed traffic with Capirca's aclgen
(Debian's python3-capirca 2.0.6) for the nftables, iptables and Windows
targets. Prints, for both, wall time, peak memory (max RSS of the process)
and the number of rules produced, with the ratios.

The Capirca input is the same plan: `portplan emit --target capirca` for
the boundary flows (nftables, iptables), and for Windows a policy this
script writes from `portplan plan --format json`: one term per host flow
with target windows_advfirewall, the traffic that `--target wfw-ps` allows.

    bench/bench-plan.py [--portplan build/portplan] [--sizes 100,1000,10000]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


GNU_TIME = "/usr/bin/time"


def run(cmd, cwd=None, limit=None):
    """Run cmd; return (seconds, max RSS in KiB), or (None, None) when it
    ran past limit seconds. Fails loudly otherwise. The memory comes from
    GNU time, which forks a small process: a child forked from this Python
    process would count Python's own pages in its max RSS."""
    start = time.monotonic()
    try:
        proc = subprocess.run([GNU_TIME, "-f", "%M"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, None
    elapsed = time.monotonic() - start
    err = proc.stderr.decode(errors="replace").strip().splitlines()
    if proc.returncode != 0 or not err:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), "\n".join(err[-20:])))
    return elapsed, int(err[-1])


def count(path_glob_dir, suffixes, pattern):
    """Lines matching pattern in the files under a directory (all files when
    suffixes is None: aclgen's iptables output has no extension)."""
    n = 0
    rx = re.compile(pattern)
    for root, _, files in os.walk(path_glob_dir):
        for f in files:
            if suffixes is None or f.endswith(suffixes):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    n += sum(1 for line in fh if rx.search(line))
    return n


def capirca_windows_policy(plan, out):
    """Write def/ and pol/ for the host flows of plan (Windows targets)."""
    os.makedirs(os.path.join(out, "def"))
    os.makedirs(os.path.join(out, "pol"))
    nets, svcs, terms = [], [], []
    for f in plan["flows"]:
        if "host" not in f["enforce"] or f["transport"] not in ("tcp", "udp"):
            continue
        v4 = lambda addrs: [a for a in addrs if ":" not in a]
        src, dst = v4(f["src_addresses"]), v4(f["dst_addresses"])
        if not src or not dst:
            continue
        fid = f["id"].upper()
        nets.append("S_%s = %s" % (fid, "\n    ".join(src)))
        nets.append("D_%s = %s" % (fid, "\n    ".join(dst)))
        ports = ["%s/%s" % ("%d-%d" % (lo, hi) if lo != hi else "%d" % lo, f["transport"])
                 for lo, hi in f["ports"]]
        svcs.append("P_%s = %s" % (fid, "\n    ".join(ports)))
        terms.append("term %s {\n  source-address:: S_%s\n  destination-address:: D_%s\n"
                     "  protocol:: %s\n  destination-port:: P_%s\n  action:: accept\n}\n"
                     % (f["id"].lower(), fid, fid, f["transport"], fid))
    with open(os.path.join(out, "def", "NETWORK.net"), "w") as fh:
        fh.write("\n\n".join(nets) + "\n")
    with open(os.path.join(out, "def", "SERVICES.svc"), "w") as fh:
        fh.write("\n\n".join(svcs) + "\n")
    with open(os.path.join(out, "pol", "hosts.pol"), "w") as fh:
        fh.write("header {\n  target:: windows_advfirewall in\n}\n\n" + "\n".join(terms))
    return len(terms)


def only_target(pol_dir, keep):
    """Keep only the header targets named in keep, in every policy."""
    for name in os.listdir(pol_dir):
        path = os.path.join(pol_dir, name)
        with open(path) as fh:
            lines = fh.readlines()
        out = [l for l in lines if not l.strip().startswith("target::") or
               l.split()[1] in keep]
        if not any(l.strip().startswith("target::") for l in out):
            os.remove(path)
        else:
            with open(path, "w") as fh:
                fh.writelines(out)


def print_row(row):
    n, flows, target, t, m, r, ct, cm, cr, pt, pm, note = row
    if ct is None:
        print("%-6d %-6d %-9s | %7.3f %7.1f %10d | timed out                    |" % (
            n, flows, target, t, m / 1024, r))
        return
    print("%-6d %-6d %-9s | %7.3f %7.1f %10d | %7.3f %7.1f %10d | %6.1fx %6.1fx %s" % (
        n, flows, target, t, m / 1024, r, ct, cm / 1024, cr, ct / t if t else 0,
        cm / m if m else 0, ("%.2fx" % (cr / r)) if r and not note else "n/a"))
    if note:
        print("%24s %s" % ("", note))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portplan", default=os.path.join(HERE, "..", "build", "portplan"))
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--limit", type=float, default=600,
                    help="seconds one aclgen run may take before it is reported as timed out")
    args = ap.parse_args()
    portplan = os.path.abspath(args.portplan)
    aclgen = shutil.which("aclgen") or sys.exit("aclgen not found: apt-get install python3-capirca")
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit("GNU time not found: apt-get install time")
    rows = []
    print("%-6s %-6s %-9s | %-28s | %-28s | %s" % ("hosts", "flows", "target", "portplan: s, MiB, rules",
                                                   "aclgen: s, MiB, rules", "aclgen/portplan: time, memory, rules"))
    for n in [int(x) for x in args.sizes.split(",")]:
        tmp = tempfile.mkdtemp(prefix="pp-bench-")
        dep = os.path.join(tmp, "deploy.yaml")
        with open(dep, "w") as fh:
            subprocess.run([sys.executable, os.path.join(HERE, "gen-deployment.py"), str(n)],
                           stdout=fh, check=True)
        plan_t, plan_m = run([portplan, "plan", "--check", dep])
        plan = json.loads(subprocess.run([portplan, "plan", "--format", "json", dep],
                                         capture_output=True, check=True).stdout)
        flows = len(plan["flows"])

        # Capirca's inputs for the boundary flows come from the same plan.
        cap = os.path.join(tmp, "capirca")
        run([portplan, "emit", "--target", "capirca", "-o", cap + "/", dep])
        for target, pp_target, pattern, cap_keep, cap_pattern, note in (
            ("iptables", "iptables", r"^-A FORWARD (?!-m conntrack).*-j ACCEPT", {"iptables"},
             r"^-A (?!FORWARD -m conntrack).*-j ACCEPT", ""),
            ("nftables", "nft", r"^\s+(ip|ip6|meta|tcp|udp|icmp|icmpv6) .*accept", {"nftables"},
             r"\baccept\b", "Capirca 2.0.6 drops the ports of IPv4 rules: its rule count is not for the same traffic"),
            ("windows", "wfw-ps", r"^New-NetFirewallRule", None,
             r"netsh advfirewall firewall add rule", ""),
        ):
            out = os.path.join(tmp, "pp-" + target)
            t, m = run([portplan, "emit", "--target", pp_target, "-o", out + "/", dep])
            pp_rules = count(out, (".nft", ".v4", ".v6", ".ps1"), pattern)
            base = os.path.join(tmp, "cap-" + target)
            if cap_keep:
                shutil.copytree(os.path.join(cap, "policies"), os.path.join(base, "policies"))
                shutil.copytree(os.path.join(cap, "def"), os.path.join(base, "def"))
                only_target(os.path.join(base, "policies", "pol"), cap_keep)
            else:
                os.makedirs(os.path.join(base, "policies"))
                capirca_windows_policy(plan, os.path.join(base, "policies"))
                shutil.move(os.path.join(base, "policies", "def"), os.path.join(base, "def"))
            gen = os.path.join(base, "out")
            os.makedirs(gen)
            ct, cm = run([aclgen, "--base_directory", os.path.join(base, "policies"),
                          "--definitions_directory", os.path.join(base, "def"),
                          "--output_directory", gen], limit=args.limit)
            cap_rules = count(gen, None, cap_pattern) if ct is not None else None
            row = (n, flows, target, t, m, pp_rules, ct, cm, cap_rules, plan_t, plan_m, note)
            rows.append(row)
            print_row(row)
            sys.stdout.flush()
        shutil.rmtree(tmp)

    print("portplan plan alone: " + ", ".join("%d hosts %.3f s %.1f MiB" % (n, pt, pm / 1024)
                                               for n, _, tg, _, _, _, _, _, _, pt, pm, _ in rows
                                               if tg == "iptables"))


if __name__ == "__main__":
    main()
