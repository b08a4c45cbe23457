#!/usr/bin/env python3
"""Write a deployment of N hosts for the benchmarks: an Active Directory
forest (2 domain controllers per 1,000 hosts, at least 2), Exchange 2010
servers of every internal role, Edge servers in the perimeter, client
groups of /24 networks, and the Internet. Deterministic for a given N."""
import sys

n = int(sys.argv[1])
dcs = max(2, n // 500)
edges = max(1, n // 100)
groups = max(1, n // 50)
servers = max(4, n - dcs - edges - groups - 1)
roles = ["mailbox"] * 8 + ["client-access"] * 4 + ["hub-transport"] * 3 + ["unified-messaging"]
out = ["deployment: generated %d hosts" % n,
       "zones:",
       "  - {name: internal, cidrs: [10.0.0.0/9]}",
       "  - {name: clients, cidrs: [10.128.0.0/9]}",
       "  - {name: perimeter, cidrs: [172.16.0.0/12]}",
       "  - {name: internet, cidrs: [0.0.0.0/0]}",
       "hosts:"]

def addr(base, i):
    return "%d.%d.%d.%d" % (base, (i >> 16) & 0x7f, (i >> 8) & 0xff, i & 0xff)

for i in range(dcs):
    out.append("  - {name: dc%d, zone: internal, addresses: [%s], windows: 2012 R2, roles: [windows/domain-controller, windows/global-catalog, windows/dns-server]}" % (i + 1, addr(10, 256 + i)))
for i in range(servers):
    out.append("  - {name: ex%d, zone: internal, addresses: [%s], windows: 2008 R2, roles: [exchange-2010/%s]}" % (i + 1, addr(10, 4096 + i), roles[i % len(roles)]))
for i in range(edges):
    out.append("  - {name: edge%d, zone: perimeter, addresses: [172.16.%d.%d], windows: 2008 R2, roles: [exchange-2010/edge-transport]}" % (i + 1, i // 250, i % 250 + 1))
out.append("groups:")
for i in range(groups):
    out.append("  - {name: clients%d, zone: clients, cidrs: [10.%d.%d.0/24], windows: '10', roles: [network/internal-clients, exchange-2010/smtp-client]}" % (i + 1, 128 + i // 256, i % 256))
out.append("  - {name: internet, zone: internet, cidrs: [0.0.0.0/0], roles: [network/any, network/external-clients, exchange-2010/remote-edge]}")
out.append("options: {netbios: false}")
print("\n".join(out))
