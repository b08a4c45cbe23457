/*
 * iptables: iptables-restore input for a Linux firewall between zones, one
 * file per address family (portplan.rules.v4 for iptables-restore,
 * portplan.rules.v6 for ip6tables-restore).
 *
 * Each file is a whole filter table, as iptables-save writes it: restoring
 * it replaces the table, so loading it twice gives the same rules. FORWARD
 * drops by default, accepts replies, drops invalid packets and then accepts
 * each boundary flow of that family; INPUT and OUTPUT are declared ACCEPT
 * and empty, because the plan says nothing about traffic to or from the
 * firewall itself. Host-only flows belong to the hosts' own firewalls.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/emit.h"

/* The comment match keeps at most 255 bytes. */
#define COMMENT_MAX 256
/* multiport takes at most 15 ports, a range counting as two. */
#define MULTIPORT_SLOTS 15

/* Comment text inside iptables-restore's double quotes: pp_emit_comment
 * drops quotes, backslashes (restore's escape) and control bytes; '$' goes
 * too, so that the files never show a shell-looking `$(...)`. */
static const char *ipt_text(const char *s, char *buf, size_t max)
{
	return pp_emit_comment_without(s, buf, max, "$", '?');
}

static void flow_comment(const struct pp_flow *f, char out[COMMENT_MAX])
{
	/* endpoint names cut to 80 bytes each so that both fit in 255 */
	pp_emit_rule_comment(f, 80, out, COMMENT_MAX);
}

/* A flow's addresses of one family (pp_emit_side_get merges them again:
 * cheap, and it keeps -s/-d lists minimal even if a plan was built by
 * hand); none for "any". */
static void put_addrs(struct pp_buf *b, const char *opt, const struct pp_emit_side *s)
{
	if (s->any)
		return;
	/* a list expands to one kernel rule per address at restore time */
	pp_buf_printf(b, " %s ", opt);
	for (size_t i = 0; i < s->n; i++) {
		char c[PP_CIDR_STRLEN];
		pp_buf_printf(b, "%s%s", i ? "," : "", pp_cidr_format(&s->v[i], c, true));
	}
}

/* "25" or "1025:5000" appended to match. */
static void put_range(char *match, size_t max, const struct pp_range *r)
{
	size_t n = strlen(match);
	if (r->hi != r->lo)
		snprintf(match + n, max - n, "%u:%u", (unsigned)r->lo, (unsigned)r->hi);
	else
		snprintf(match + n, max - n, "%u", (unsigned)r->lo);
}

/* One -A line: prefix (addresses), match (protocol and ports), comment. */
static void put_rule(struct pp_buf *b, const struct pp_buf *prefix, const char *match,
		     const char *comment)
{
	pp_buf_puts(b, "-A FORWARD");
	if (prefix->len)
		pp_buf_put(b, prefix->data, prefix->len);
	pp_buf_printf(b, "%s -m comment --comment \"%s\" -j ACCEPT\n", match, comment);
}

/* The flow's -A lines for one family. */
static void put_flow(struct pp_buf *b, const struct pp_flow *f, uint8_t family,
		     const struct pp_buf *prefix, const char *comment)
{
	const char *proto = f->transport == PP_TR_TCP ? "tcp" : "udp";
	/* 15 slots of "65535:65535," fit with room to spare */
	char match[256];
	switch (f->transport) {
	case PP_TR_ICMP: /* ICMP in a plan means ping */
		put_rule(b, prefix, family == 4 ? " -p icmp -m icmp --icmp-type echo-request"
						: " -p ipv6-icmp -m icmp6 --icmpv6-type echo-request",
			 comment);
		return;
	case PP_TR_ESP:
		put_rule(b, prefix, " -p esp", comment);
		return;
	case PP_TR_AH:
		put_rule(b, prefix, " -p ah", comment);
		return;
	case PP_TR_GRE: /* by number: the name needs /etc/protocols */
		put_rule(b, prefix, " -p 47", comment);
		return;
	}
	if (f->n_ports == 0 || (f->n_ports == 1 && f->ports[0].lo == 0 && f->ports[0].hi == 65535)) {
		snprintf(match, sizeof match, " -p %s", proto);
		put_rule(b, prefix, match, comment);
		return;
	}
	if (f->n_ports == 1) {
		snprintf(match, sizeof match, " -p %s -m %s --dport ", proto, proto);
		put_range(match, sizeof match, &f->ports[0]);
		put_rule(b, prefix, match, comment);
		return;
	}
	/* Several ranges: multiport, split where one rule would exceed 15. */
	for (size_t i = 0; i < f->n_ports;) {
		snprintf(match, sizeof match, " -p %s -m multiport --dports ", proto);
		unsigned slots = 0;
		for (size_t first = i; i < f->n_ports; i++) {
			unsigned need = f->ports[i].lo == f->ports[i].hi ? 1 : 2;
			if (slots + need > MULTIPORT_SLOTS)
				break;
			if (i > first)
				strcat(match, ",");
			put_range(match, sizeof match, &f->ports[i]);
			slots += need;
		}
		put_rule(b, prefix, match, comment);
	}
}

/* Which families a flow can match (PP_EMIT_FAM*). */
static unsigned flow_families(const struct pp_flow *f)
{
	return pp_emit_families(f->src_addrs, f->n_src_addrs) &
	       pp_emit_families(f->dst_addrs, f->n_dst_addrs);
}

static int emit_family(const struct pp_plan *plan, uint8_t family, struct pp_buf *b)
{
	const char *restore = family == 4 ? "iptables-restore" : "ip6tables-restore";
	size_t n_boundary = pp_emit_count_enforced(plan, PP_ENF_BOUNDARY);
	size_t n_host = plan->n_flows - n_boundary;
	char name[COMMENT_MAX];
	ipt_text(plan->name, name, sizeof name);
	pp_buf_printf(b, "# portplan: boundary firewall for plan \"%s\", IPv%u\n", name, (unsigned)family);
	pp_buf_printf(b, "# %zu boundary flows; %zu host-only flows are left to host firewalls.\n",
		      n_boundary, n_host);
	pp_buf_printf(b, "# Load with: %s < portplan.rules.v%u\n", restore, (unsigned)family);
	pp_buf_puts(b, "# This replaces the whole filter table: INPUT and OUTPUT become ACCEPT and empty.\n");
	pp_buf_puts(b, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
		       "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
		       "-A FORWARD -m conntrack --ctstate INVALID -j DROP\n");
	for (size_t i = 0; i < plan->n_flows; i++) {
		const struct pp_flow *f = &plan->flows[i];
		if (!(f->enforce & PP_ENF_BOUNDARY))
			continue;
		char comment[COMMENT_MAX];
		flow_comment(f, comment);
		if (!flow_families(f)) {
			pp_buf_printf(b, "# %s: no address family in common, no rule\n", comment);
			continue;
		}
		struct pp_emit_side src, dst;
		if (pp_emit_flow_sides(f, family, &src, &dst) != 0)
			return -1;
		if (src.n && dst.n) {
			struct pp_buf prefix = {0};
			put_addrs(&prefix, "-s", &src);
			put_addrs(&prefix, "-d", &dst);
			if (!prefix.failed)
				put_flow(b, f, family, &prefix, comment);
			b->failed |= prefix.failed;
			pp_buf_free(&prefix);
		}
		free(src.v);
		free(dst.v);
	}
	pp_buf_puts(b, "COMMIT\n");
	return b->failed ? -1 : 0;
}

static int emit_iptables(const struct pp_plan *plan, const struct pp_emit_options *opt,
			 struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt; /* a network firewall: no per-host selection */
	if (pp_emit_check_transport_and_ports(plan, err, errlen) != 0)
		return -1;
	struct pp_buf *v4 = pp_emit_file(out, "portplan.rules.v4");
	if (!v4 || emit_family(plan, 4, v4) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct pp_buf *v6 = pp_emit_file(out, "portplan.rules.v6");
	if (!v6 || emit_family(plan, 6, v6) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

const struct pp_emitter pp_emit_iptables = { .name = "iptables", .summary = "iptables-restore files (IPv4 and IPv6) for a firewall between zones", .emit = emit_iptables };
