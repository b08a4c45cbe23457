#!/usr/bin/env python3
"""portplan probe against nmap and masscan on the same target: a network
namespace (tests/probe/servers.sh) running real servers, with every TCP
port from 20000 to 29999 dropped by nftables inside it.

1. All 65,535 TCP ports: portplan probe (connect), nmap -sT (connect) and
   masscan (SYN, raw sockets). The truth: the listeners `ss` shows inside
   the namespace, the dropped range, everything else closed.
2. The Microsoft UDP port set of the catalog (003's summary table) with
   protocol probes: portplan probe and nmap -sU (which sends its own
   payloads). The truth: the UDP listeners inside the namespace.

Prints wall time, accuracy (ports classified right / all) and the ratios.
Run as root:  bench/bench-probe.py [--portplan build/portplan]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NS = "pp-bench-%d" % os.getpid()
PEER = "10.252.0.2"
DROPPED = range(20000, 30000)
UDP_PORTS = [53, 67, 69, 88, 123, 137, 138, 161, 162, 389, 464, 500, 520, 1645, 1646, 1701,
             1812, 1813, 1900, 2535, 3343, 3478, 3527, 4500, 5004, 5005, 5060, 5355]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def timed(cmd):
    start = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True)
    return time.monotonic() - start, out.stdout, out.returncode


def truth():
    tcp = {int(m.group(1)) for m in re.finditer(r"%s:(\d+)" % re.escape(PEER),
                                                sh(["ip", "netns", "exec", NS, "ss", "-ltnH"]))}
    udp = {int(m.group(1)) for m in re.finditer(r"%s:(\d+)" % re.escape(PEER),
                                                sh(["ip", "netns", "exec", NS, "ss", "-lunH"]))}
    return tcp, udp


def accuracy(found_open, found_filtered, truth_open, ports, truth_filtered=frozenset(), filtered_known=True):
    """Share of ports put in the right class: open, filtered, closed."""
    right = 0
    for p in ports:
        want = "open" if p in truth_open else "filtered" if p in truth_filtered else "closed"
        got = "open" if p in found_open else "filtered" if p in found_filtered else "closed"
        if not filtered_known and want == "filtered":
            want = "closed"  # a scanner that reports only open ports
        right += want == got
    return right / len(ports)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portplan", default=os.path.join(ROOT, "build", "portplan"))
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root (network namespaces, masscan, nmap -sU)")
    for tool in ("nmap", "masscan"):
        if not shutil.which(tool):
            sys.exit("%s not found: apt-get install nmap masscan" % tool)
    sh([os.path.join(ROOT, "tests", "probe", "servers.sh"), "start", NS])
    try:
        subprocess.run(["ip", "netns", "exec", NS, "nft", "-f", "-"], check=True, text=True, input=
                       "table inet pp_bench {\n chain input {\n  type filter hook input priority filter - 10;\n"
                       "  tcp dport 20000-29999 drop\n }\n}\n")
        t_open, u_open = truth()
        all_tcp = range(1, 65536)
        rows = []

        # --- TCP, every port ---------------------------------------------------
        t, out, _ = timed([args.portplan, "probe", "--format", "json", "--no-protocol",
                           "--connect-timeout", "1000", "--concurrency", "1024", "-p", "1-65535/tcp", PEER])
        res = json.loads(out)["results"]
        o = {r["port"] for r in res if r["state"] == "LISTENING"}
        f = {r["port"] for r in res if r["state"] == "FILTERED"}
        rows.append(("tcp 1-65535", "portplan probe", t, accuracy(o, f, t_open, all_tcp, set(DROPPED))))
        t, out, _ = timed(["nmap", "-sT", "-Pn", "-n", "-p-", "-T4", "--max-retries", "1", "-oG", "-", PEER])
        o = {int(p) for p in re.findall(r"(\d+)/open/tcp", out)}
        f = {int(p) for p in re.findall(r"(\d+)/filtered/tcp", out)}
        # nmap -oG lists only the interesting ports; "Ignored State" covers the rest.
        if "Ignored State: filtered" in out:
            f = set(all_tcp) - o - {int(p) for p in re.findall(r"(\d+)/closed/tcp", out)}
        rows.append(("tcp 1-65535", "nmap -sT", t, accuracy(o, f, t_open, all_tcp, set(DROPPED))))
        t, out, _ = timed(["masscan", PEER, "-p1-65535", "--rate", "20000", "--wait", "2", "-oL", "-"])
        o = {int(p) for p in re.findall(r"^open tcp (\d+)", out, re.M)}
        # masscan reports open ports only: filtered and closed look alike.
        rows.append(("tcp 1-65535", "masscan (SYN)", t,
                     accuracy(o, set(), t_open, all_tcp, set(DROPPED), filtered_known=False)))

        # --- UDP, the Microsoft set -------------------------------------------
        spec = ",".join("%d/udp" % p for p in UDP_PORTS)
        t, out, _ = timed([args.portplan, "probe", "--format", "json", "--read-timeout", "1000", "-p", spec, PEER])
        res = json.loads(out)["results"]
        o = {r["port"] for r in res if r["state"] == "LISTENING"}
        f = {r["port"] for r in res if r["state"] == "LISTENING OR FILTERED"}
        rows.append(("udp MS set", "portplan probe", t, accuracy(o, f, u_open, UDP_PORTS)))
        t, out, _ = timed(["nmap", "-sU", "-Pn", "-n", "-T4", "--max-retries", "1", "-p",
                           ",".join(map(str, UDP_PORTS)), "-oG", "-", PEER])
        o = {int(p) for p in re.findall(r"(\d+)/open/udp", out)}
        f = {int(p) for p in re.findall(r"(\d+)/open\|filtered/udp", out)}
        rows.append(("udp MS set", "nmap -sU", t, accuracy(o, f, u_open, UDP_PORTS)))

        print("truth: %d TCP listeners %s, %d dropped, %d UDP listeners %s" % (
            len(t_open), sorted(t_open), len(DROPPED), len(u_open), sorted(u_open)))
        print("%-12s %-16s %9s %9s %s" % ("work", "tool", "seconds", "accuracy", "time vs portplan"))
        base = {}
        for work, tool, t, acc in rows:
            base.setdefault(work, t)
            print("%-12s %-16s %9.2f %8.1f%% %6.2fx" % (work, tool, t, acc * 100, t / base[work]))
    finally:
        subprocess.run([os.path.join(ROOT, "tests", "probe", "servers.sh"), "stop", NS],
                       capture_output=True)


if __name__ == "__main__":
    main()
