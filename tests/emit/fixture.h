/*
 * A representative plan for emitter tests, built by hand: two zones and an
 * "any" endpoint, IPv4 and IPv6, TCP, UDP, ICMP and ESP flows, single ports,
 * ranges and several ranges in one flow, RPC endpoint-mapper, dynamic and
 * pinned flows, a vendor program, registry pins for two hosts.
 *
 * With hostile set, every name and description that would come from a
 * deployment file carries quotes, semicolons, backticks, $(...), newlines,
 * a NUL-free control character and non-ASCII text: emitters must neither
 * break nor let any of it through as syntax.
 */
#ifndef PORTPLAN_TESTS_EMIT_FIXTURE_H
#define PORTPLAN_TESTS_EMIT_FIXTURE_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/plan.h"

#define FIXTURE_HOSTILE "x\"; rm -rf / #`reboot`$(halt)'\n\r\t|&<>\\ 日本語 %s %n"

static inline const char *fixture_name(bool hostile, const char *name, char *buf, size_t len)
{
	if (!hostile)
		return name;
	snprintf(buf, len, "%s%s", name, FIXTURE_HOSTILE);
	return buf;
}

static inline struct pp_endpoint *fixture_ep(struct pp_plan *p, bool hostile, const char *name,
					     enum pp_endpoint_kind kind, const char *zone,
					     const char *addrs, enum pp_windows win)
{
	char buf[256];
	struct pp_endpoint *e = pp_plan_add_endpoint(p, fixture_name(hostile, name, buf, sizeof buf),
						     kind, zone, addrs);
	if (!e)
		abort();
	e->windows = win;
	e->description = hostile ? pp_plan_strdup(p, FIXTURE_HOSTILE) : pp_plan_strdup(p, "test endpoint");
	return e;
}

static inline void fixture_flow(struct pp_plan *p, const char *name, const struct pp_endpoint *src,
				const struct pp_endpoint *dst, unsigned transport,
				const struct pp_range *ports, size_t n_ports, unsigned enforce,
				unsigned rpc, const char *program, const char *ref)
{
	const char *refs[] = {ref};
	struct pp_flow f = {
		.name = name, .src = src, .dst = dst,
		.src_addrs = src->addrs, .n_src_addrs = src->n_addrs,
		.dst_addrs = dst->addrs, .n_dst_addrs = dst->n_addrs,
		.transport = transport, .ports = ports, .n_ports = n_ports,
		.enforce = enforce, .src_zone = src->zone, .dst_zone = dst->zone,
		.rpc = rpc, .program = program,
		.auth = {"Kerberos", "Kerberos"}, .encryption = {"はい、TLS を使用", "Yes, using TLS"},
		.refs = refs, .n_refs = 1,
		.explain = "fixture flow",
	};
	pp_plan_add_flow(p, &f);
}

static inline struct pp_plan *fixture_plan(bool hostile)
{
	char buf[256];
	struct pp_plan *p = pp_plan_new(fixture_name(hostile, "fixture", buf, sizeof buf));
	struct pp_endpoint *internal = fixture_ep(p, hostile, "internal", PP_EP_ZONE, "internal",
						  "10.0.0.0/16", PP_WIN_NONE);
	struct pp_endpoint *perimeter = fixture_ep(p, hostile, "perimeter", PP_EP_ZONE, "perimeter",
						   "192.168.10.0/24, 2001:db8:10::/64", PP_WIN_NONE);
	(void)internal, (void)perimeter;
	struct pp_endpoint *any = fixture_ep(p, hostile, "any", PP_EP_ANY, NULL, "0.0.0.0/0, ::/0",
					     PP_WIN_NONE);
	struct pp_endpoint *dc1 = fixture_ep(p, hostile, "dc1", PP_EP_HOST, "internal", "10.0.1.10",
					     PP_WIN_MODERN);
	struct pp_endpoint *dc0 = fixture_ep(p, hostile, "dc0", PP_EP_HOST, "internal", "10.0.1.11",
					     PP_WIN_LEGACY);
	struct pp_endpoint *hub = fixture_ep(p, hostile, "hub1", PP_EP_HOST, "internal",
					     "10.0.2.20, 10.0.2.21", PP_WIN_MODERN);
	struct pp_endpoint *edge = fixture_ep(p, hostile, "edge1", PP_EP_HOST, "perimeter",
					      "192.168.10.5, 2001:db8:10::5", PP_WIN_MODERN);
	struct pp_endpoint *fe = fixture_ep(p, hostile, "fe1", PP_EP_HOST, "perimeter", "192.168.10.7",
					    PP_WIN_LEGACY);
	struct pp_endpoint *clients = fixture_ep(p, hostile, "clients", PP_EP_GROUP, "internal",
						 "10.0.100.0/22", PP_WIN_MODERN);

	static const struct pp_range smtp[] = {{25, 25}};
	static const struct pp_range edgesync[] = {{50636, 50636}};
	static const struct pp_range kerberos[] = {{88, 88}};
	static const struct pp_range epmap[] = {{135, 135}};
	static const struct pp_range dyn[] = {{49152, 65535}};
	static const struct pp_range dyn_legacy[] = {{1025, 5000}};
	static const struct pp_range pinned[] = {{1600, 1600}};
	static const struct pp_range sip_media[] = {{5060, 5068}, {50000, 59999}};
	static const struct pp_range ldap[] = {{389, 389}, {636, 636}, {3268, 3269}};
	const unsigned both = PP_ENF_HOST | PP_ENF_BOUNDARY;

	fixture_flow(p, "SMTP", hub, edge, PP_TR_TCP, smtp, 1, both, 0, NULL, "ex2010-dp-hub-to-edge");
	fixture_flow(p, "EdgeSync", hub, edge, PP_TR_TCP, edgesync, 1, both, 0, NULL,
		     "ex2010-dp-edgesync");
	fixture_flow(p, "SMTP", edge, hub, PP_TR_TCP, smtp, 1, both, 0,
		     "%ExchangeInstallPath%Bin\\edgetransport.exe", "ex2010-dp-edge-to-hub");
	fixture_flow(p, "SMTP from the Internet", any, edge, PP_TR_TCP, smtp, 1, both, 0, NULL,
		     "ex2010-dp-edge-to-edge");
	fixture_flow(p, "Kerberos", clients, dc1, PP_TR_UDP, kerberos, 1, PP_ENF_HOST, 0, NULL, "win-kdc");
	fixture_flow(p, "Kerberos", clients, dc1, PP_TR_TCP, kerberos, 1, PP_ENF_HOST, 0, NULL, "win-kdc");
	fixture_flow(p, "LDAP", clients, dc1, PP_TR_TCP, ldap, 3, PP_ENF_HOST, 0, NULL, "win-ad-lsa");
	fixture_flow(p, "RPC endpoint mapper", hub, dc1, PP_TR_TCP, epmap, 1, PP_ENF_HOST, PP_RPC_EPMAP,
		     NULL, "win-rpcss");
	fixture_flow(p, "RPC dynamic", hub, dc1, PP_TR_TCP, dyn, 1, PP_ENF_HOST, PP_RPC_DYNAMIC, NULL,
		     "win-netlogon");
	fixture_flow(p, "RPC dynamic (legacy)", hub, dc0, PP_TR_TCP, dyn_legacy, 1, PP_ENF_HOST,
		     PP_RPC_DYNAMIC, NULL, "win-netlogon");
	fixture_flow(p, "RPC endpoint mapper", fe, dc1, PP_TR_TCP, epmap, 1, both, PP_RPC_EPMAP, NULL,
		     "exsp-dp-fe-to-dc-epmap");
	fixture_flow(p, "AD logon (pinned)", fe, dc1, PP_TR_TCP, pinned, 1, both, PP_RPC_PINNED, NULL,
		     "exsp-dp-fe-to-dc-ad-rpc");
	fixture_flow(p, "AD logon (pinned)", fe, dc1, PP_TR_UDP, pinned, 1, both, PP_RPC_PINNED, NULL,
		     "exsp-dp-fe-to-dc-ad-rpc");
	fixture_flow(p, "ping", fe, dc1, PP_TR_ICMP, NULL, 0, both, 0, NULL, "exsp-dp-fe-to-dc-ping");
	fixture_flow(p, "SIP and media", any, edge, PP_TR_UDP, sip_media, 2, both, 0, NULL,
		     "lync2013-ext-rtp-udp-in");
	fixture_flow(p, "IPsec ESP", hub, dc1, PP_TR_ESP, NULL, 0, PP_ENF_HOST, 0, NULL, "win-ad-lsa");

	struct pp_reg_value ntds = {dc1, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters",
				    "TCP/IP Port", "REG_DWORD", 1600, "exsp-pin-dc-ntds", "windows"};
	pp_plan_add_reg_value(p, &ntds);
	struct pp_reg_value rfr = {fe, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeSA\\Parameters",
				   "TCP/IP Port", "REG_DWORD", 6001, "exsp-pin-2000-sa-rfr", "exchange-2003"};
	pp_plan_add_reg_value(p, &rfr);
	struct pp_reg_value nspi = {fe, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeSA\\Parameters",
				    "TCP/IP NSPI Port", "REG_DWORD", 6002, "exsp-pin-2000-sa-nspi", "exchange-2003"};
	pp_plan_add_reg_value(p, &nspi);
	return p;
}

#endif
