/*
 * Cisco ASA: the boundary flows as one access list per source zone, applied
 * inbound on the interface whose nameif is the zone's name ("outside" for
 * flows from any address). Addresses go into `object-group network` per
 * endpoint, several port ranges into an `object-group service`. IPv4 and
 * IPv6 share one access list and one object-group, which needs ASA 9.0 or
 * later; ICMP is the exception (icmp matches IPv4 only, icmp6 IPv6 only), so
 * ping flows are split by family.
 *
 * Deployment text reaches the output only as names reduced by
 * pp_emit_ident, or as remark/description text reduced by pp_emit_comment
 * with '?', '{' and '}' replaced too: typed or pasted into the ASA CLI, '?'
 * asks for help and eats the rest of the line, and configurations are often
 * pushed as Jinja templates (Ansible asa_config), where {{ }} would run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "portplan/emit.h"

#define OBJ_MAX 64     /* object-group names */
#define NAMEIF_MAX 48  /* interface names */
#define REMARK_MAX 100 /* access-list remark text */
#define DESC_MAX 200   /* object-group description text */

struct names {
	char **v;
	size_t n, cap;
};

struct netgrp {
	const struct pp_endpoint *ep;
	struct pp_cidr *addrs;
	size_t n;
	const char *name;
};

struct svcgrp {
	unsigned transport;
	struct pp_range *ports;
	size_t n;
	const char *name;
};

struct zone {
	const char *key; /* the plan's zone name, or "outside" */
	const char *nameif;
	struct pp_buf acl;
};

struct asa {
	struct names objs, ifs; /* object-groups share one namespace */
	struct netgrp *net;
	size_t n_net, cap_net;
	struct svcgrp *svc;
	size_t n_svc, cap_svc;
	struct zone *zones;
	size_t n_zones, cap_zones;
	bool nomem, icmp;
};

/* Room for one more element of an array; NULL (array unchanged) when out
 * of memory. */
static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	size_t c = *cap ? *cap * 2 : 8;
	void *p = realloc(v, c * size);
	if (p)
		*cap = c;
	return p;
}

/* Remark and description text: one line of printable ASCII without '?',
 * '{' or '}'. */
static const char *asa_text(const char *s, char *buf, size_t size)
{
	return pp_emit_comment_without(s, buf, size, "?{}", '_');
}

/* A name that starts with a letter, so that it never reads as a number,
 * an option or a keyword abbreviation. */
static void asa_ident(const char *s, char *buf, size_t size)
{
	char tmp[OBJ_MAX + 1];
	pp_emit_ident(s, tmp, sizeof tmp);
	bool letter = (tmp[0] >= 'a' && tmp[0] <= 'z') || (tmp[0] >= 'A' && tmp[0] <= 'Z');
	size_t n = letter ? 0 : 3, len = strlen(tmp);
	memcpy(buf, "pp_", n);
	if (len > size - 1 - n)
		len = size - 1 - n;
	memcpy(buf + n, tmp, len);
	buf[n + len] = '\0';
}

/* Whether the names (a struct names) hold name, ignoring case. */
static bool name_taken(const char *name, const void *ctx)
{
	const struct names *used = ctx;
	for (size_t i = 0; i < used->n; i++)
		if (strcasecmp(used->v[i], name) == 0)
			return true;
	return false;
}

/* base, or base_2, base_3, ... cut to max bytes: the first that no earlier
 * name in used takes (ignoring case, as an operator reading the
 * configuration would). The names own the string. */
static const char *claim(struct asa *a, struct names *used, const char *base, size_t max)
{
	char cand[OBJ_MAX + 16];
	pp_emit_numbered_name(cand, sizeof cand, base, max, name_taken, used);
	char **v = grow(used->v, &used->cap, used->n, sizeof *used->v);
	char *copy = v ? strdup(cand) : NULL;
	if (!copy) {
		if (v)
			used->v = v;
		a->nomem = true;
		return NULL;
	}
	used->v = v;
	used->v[used->n++] = copy;
	return copy;
}

/* The object-group for an endpoint's address list; a list cut to one
 * family is named <endpoint>_v4 or _v6. */
static const char *netgroup(struct asa *a, const struct pp_endpoint *ep, const struct pp_cidr *v,
			    size_t n, unsigned only)
{
	for (size_t i = 0; i < a->n_net; i++)
		if (a->net[i].ep == ep && pp_emit_same_cidrs(a->net[i].addrs, a->net[i].n, v, n))
			return a->net[i].name;
	struct netgrp *g = grow(a->net, &a->cap_net, a->n_net, sizeof *a->net);
	struct pp_cidr *copy = g ? malloc(n * sizeof *copy) : NULL;
	if (g)
		a->net = g;
	if (!copy) {
		a->nomem = true;
		return NULL;
	}
	memcpy(copy, v, n * sizeof *copy);
	char base[OBJ_MAX + 1], full[OBJ_MAX + 8];
	asa_ident(ep && ep->name ? ep->name : "addresses", base, sizeof base);
	snprintf(full, sizeof full, "%s%s", base,
		 only == PP_EMIT_FAM4 ? "_v4" : only == PP_EMIT_FAM6 ? "_v6" : "");
	/* Keep the family suffix when the endpoint name is cut. */
	if (only && strlen(full) > OBJ_MAX)
		memmove(full + OBJ_MAX - 3, full + strlen(full) - 3, 4);
	const char *name = claim(a, &a->objs, full, OBJ_MAX);
	if (!name) {
		free(copy);
		return NULL;
	}
	a->net[a->n_net++] = (struct netgrp){ep, copy, n, name};
	return name;
}

/* One side of an ACE for the families fams: any/any4/any6 when the side
 * covers all of them, else an object-group (with only those families'
 * addresses when cut is set). */
static bool side(struct asa *a, const struct pp_endpoint *ep, const struct pp_cidr *v, size_t n,
		 unsigned fams, bool cut, char *out, size_t outlen)
{
	if ((pp_emit_any_families(v, n) & fams) == fams) {
		snprintf(out, outlen, "%s",
			 fams == PP_EMIT_FAM4 ? "any4" : fams == PP_EMIT_FAM6 ? "any6" : "any");
		return true;
	}
	const char *name;
	if (cut && pp_emit_families(v, n) != fams) {
		struct pp_cidr *sub = malloc(n * sizeof *sub);
		if (!sub) {
			a->nomem = true;
			return false;
		}
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if ((v[i].family == 4 ? PP_EMIT_FAM4 : PP_EMIT_FAM6) & fams)
				sub[m++] = v[i];
		name = netgroup(a, ep, sub, m, fams);
		free(sub);
	} else {
		name = netgroup(a, ep, v, n, 0);
	}
	if (!name)
		return false;
	snprintf(out, outlen, "object-group %s", name);
	return true;
}

/* The destination port operand: eq/range for one range, an object-group
 * service for several, nothing for all ports. Port 0 cannot be written, so
 * a range starting at 0 starts at 1. */
static bool port_operand(struct asa *a, const struct pp_flow *f, const char *proto, char *out,
			 size_t outlen)
{
	out[0] = '\0';
	if (f->n_ports == 0 || (f->n_ports == 1 && f->ports[0].lo <= 1 && f->ports[0].hi == 65535))
		return true;
	if (f->n_ports == 1) {
		unsigned lo = f->ports[0].lo ? f->ports[0].lo : 1, hi = f->ports[0].hi;
		if (lo == hi)
			snprintf(out, outlen, " eq %u", lo);
		else
			snprintf(out, outlen, " range %u %u", lo, hi);
		return true;
	}
	for (size_t i = 0; i < a->n_svc; i++)
		if (a->svc[i].transport == f->transport && a->svc[i].n == f->n_ports &&
		    memcmp(a->svc[i].ports, f->ports, f->n_ports * sizeof *f->ports) == 0) {
			snprintf(out, outlen, " object-group %s", a->svc[i].name);
			return true;
		}
	/* Named after its ports when they fit: tcp_389_636_3268-3269. */
	char base[OBJ_MAX + 16];
	size_t len = (size_t)snprintf(base, sizeof base, "%s", proto);
	for (size_t i = 0; i < f->n_ports && len <= OBJ_MAX; i++) {
		const struct pp_range *r = &f->ports[i];
		if (r->lo == r->hi)
			len += (size_t)snprintf(base + len, sizeof base - len, "_%u", r->lo);
		else
			len += (size_t)snprintf(base + len, sizeof base - len, "_%u-%u", r->lo, r->hi);
	}
	if (len > OBJ_MAX)
		snprintf(base, sizeof base, "%s_ports", proto);
	struct svcgrp *g = grow(a->svc, &a->cap_svc, a->n_svc, sizeof *a->svc);
	struct pp_range *copy = g ? malloc(f->n_ports * sizeof *copy) : NULL;
	if (g)
		a->svc = g;
	if (!copy) {
		a->nomem = true;
		return false;
	}
	memcpy(copy, f->ports, f->n_ports * sizeof *copy);
	const char *name = claim(a, &a->objs, base, OBJ_MAX);
	if (!name) {
		free(copy);
		return false;
	}
	a->svc[a->n_svc++] = (struct svcgrp){f->transport, copy, f->n_ports, name};
	snprintf(out, outlen, " object-group %s", name);
	return true;
}

static struct zone *zone_for(struct asa *a, const char *key)
{
	for (size_t i = 0; i < a->n_zones; i++)
		if (strcmp(a->zones[i].key, key) == 0)
			return &a->zones[i];
	struct zone *z = grow(a->zones, &a->cap_zones, a->n_zones, sizeof *a->zones);
	if (!z) {
		a->nomem = true;
		return NULL;
	}
	a->zones = z;
	char base[OBJ_MAX + 1];
	asa_ident(key, base, sizeof base);
	const char *nameif = claim(a, &a->ifs, base, NAMEIF_MAX);
	if (!nameif)
		return NULL;
	a->zones[a->n_zones] = (struct zone){key, nameif, {0}};
	return &a->zones[a->n_zones++];
}

static int emit_flow(struct asa *a, const struct pp_flow *f, char *err, size_t errlen)
{
	if (pp_emit_check_transport(f, err, errlen) != 0)
		return -1;
	const char *proto = pp_emit_transport_name(f->transport);
	struct zone *z = zone_for(a, f->src_zone ? f->src_zone : "outside");
	if (!z)
		return 0;
	const char *acl = z->nameif;
	char raw[1024], text[REMARK_MAX + 1];
	snprintf(raw, sizeof raw, "%s %s: %s -> %s", f->id ? f->id : "", f->name ? f->name : "",
		 f->src && f->src->name ? f->src->name : "", f->dst && f->dst->name ? f->dst->name : "");
	asa_text(raw, text, sizeof text);

	unsigned fams = pp_emit_families(f->src_addrs, f->n_src_addrs) &
			pp_emit_families(f->dst_addrs, f->n_dst_addrs);
	if (!fams) {
		/* A v4-only side and a v6-only side: no packet can match. */
		pp_buf_printf(&z->acl, "! %s: no address family in common, nothing to permit\n", text);
		return 0;
	}
	if ((f->transport & (PP_TR_TCP | PP_TR_UDP)) && f->n_ports == 1 && f->ports[0].hi == 0) {
		pp_buf_printf(&z->acl, "! %s: port 0 cannot be permitted\n", text);
		return 0;
	}
	pp_buf_printf(&z->acl, "access-list %s_access_in remark %s\n", acl, text);

	char src[OBJ_MAX + 32], dst[OBJ_MAX + 32], ports[OBJ_MAX + 32];
	if (f->transport == PP_TR_ICMP) {
		a->icmp = true;
		for (unsigned fam = PP_EMIT_FAM4; fam <= PP_EMIT_FAM6; fam <<= 1) {
			if (!(fams & fam))
				continue;
			if (!side(a, f->src, f->src_addrs, f->n_src_addrs, fam, true, src, sizeof src) ||
			    !side(a, f->dst, f->dst_addrs, f->n_dst_addrs, fam, true, dst, sizeof dst))
				return 0;
			pp_buf_printf(&z->acl, "access-list %s_access_in extended permit %s %s %s echo\n", acl,
				      fam == PP_EMIT_FAM4 ? "icmp" : "icmp6", src, dst);
		}
		return 0;
	}
	if (!side(a, f->src, f->src_addrs, f->n_src_addrs, fams, false, src, sizeof src) ||
	    !side(a, f->dst, f->dst_addrs, f->n_dst_addrs, fams, false, dst, sizeof dst))
		return 0;
	if (f->transport & (PP_TR_TCP | PP_TR_UDP)) {
		if (!port_operand(a, f, proto, ports, sizeof ports))
			return 0;
	} else {
		ports[0] = '\0';
	}
	pp_buf_printf(&z->acl, "access-list %s_access_in extended permit %s %s %s%s\n", acl, proto, src,
		      dst, ports);
	return 0;
}

static void write_netgroup(struct pp_buf *b, const struct netgrp *g)
{
	char raw[1024], text[DESC_MAX + 1];
	pp_buf_printf(b, "object-group network %s\n", g->name);
	if (g->ep) {
		snprintf(raw, sizeof raw, "%s%s%s", g->ep->name ? g->ep->name : "",
			 g->ep->description ? ": " : "", g->ep->description ? g->ep->description : "");
		pp_buf_printf(b, " description %s\n", asa_text(raw, text, sizeof text));
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct pp_cidr *c = &g->addrs[i];
		char s[PP_CIDR_STRLEN];
		unsigned bits = c->family == 4 ? 32 : 128;
		if (c->prefix == bits) {
			pp_buf_printf(b, " network-object host %s\n", pp_cidr_format(c, s, false));
		} else if (c->family == 6) {
			pp_buf_printf(b, " network-object %s\n", pp_cidr_format(c, s, true));
		} else {
			uint32_t m = c->prefix ? 0xffffffffu << (32 - c->prefix) : 0;
			pp_buf_printf(b, " network-object %u.%u.%u.%u %u.%u.%u.%u\n", c->addr[0], c->addr[1],
				      c->addr[2], c->addr[3], m >> 24, (m >> 16) & 0xff, (m >> 8) & 0xff,
				      m & 0xff);
		}
	}
}

static void write_config(struct pp_buf *b, const struct pp_plan *plan, const struct asa *a)
{
	char text[DESC_MAX + 1];
	pp_buf_printf(b, "! portplan: Cisco ASA boundary rules for %s\n",
		      asa_text(plan->name, text, sizeof text));
	pp_buf_puts(b, "! Needs ASA 9.0 or later: IPv4 and IPv6 share the access lists and object-groups.\n"
		       "! Each access list is applied inbound on the interface whose nameif is the\n"
		       "! source zone; flows from any address enter on outside. The ASA is stateful:\n"
		       "! replies to a permitted connection pass without a rule.\n");
	for (size_t i = 0; i < a->n_net; i++)
		write_netgroup(b, &a->net[i]);
	for (size_t i = 0; i < a->n_svc; i++) {
		const struct svcgrp *g = &a->svc[i];
		pp_buf_printf(b, "object-group service %s %s\n", g->name,
			      pp_emit_transport_name(g->transport));
		for (size_t j = 0; j < g->n; j++) {
			unsigned lo = g->ports[j].lo ? g->ports[j].lo : 1, hi = g->ports[j].hi;
			if (lo == hi)
				pp_buf_printf(b, " port-object eq %u\n", lo);
			else if (lo < hi)
				pp_buf_printf(b, " port-object range %u %u\n", lo, hi);
		}
	}
	for (size_t i = 0; i < a->n_zones; i++) {
		if (a->zones[i].acl.len)
			pp_buf_put(b, a->zones[i].acl.data, a->zones[i].acl.len);
		/* Explicit, so that the default deny shows in the hit counts. */
		pp_buf_printf(b, "access-list %s_access_in extended deny ip any any\n", a->zones[i].nameif);
	}
	for (size_t i = 0; i < a->n_zones; i++)
		pp_buf_printf(b, "access-group %s_access_in in interface %s\n", a->zones[i].nameif,
			      a->zones[i].nameif);
	if (a->icmp)
		/* Without ICMP inspection echo replies need a rule of their own. */
		pp_buf_puts(b, "policy-map global_policy\n"
			       " class inspection_default\n"
			       "  inspect icmp\n");
}

static void asa_free(struct asa *a)
{
	for (size_t i = 0; i < a->n_net; i++)
		free(a->net[i].addrs);
	for (size_t i = 0; i < a->n_svc; i++)
		free(a->svc[i].ports);
	for (size_t i = 0; i < a->n_zones; i++)
		pp_buf_free(&a->zones[i].acl);
	for (size_t i = 0; i < a->objs.n; i++)
		free(a->objs.v[i]);
	for (size_t i = 0; i < a->ifs.n; i++)
		free(a->ifs.v[i]);
	free(a->objs.v);
	free(a->ifs.v);
	free(a->net);
	free(a->svc);
	free(a->zones);
}

static int emit_asa(const struct pp_plan *plan, const struct pp_emit_options *opt,
		    struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt;
	struct asa a = {0};
	int rc = 0;
	for (size_t i = 0; i < plan->n_flows && rc == 0 && !a.nomem; i++)
		if (plan->flows[i].enforce & PP_ENF_BOUNDARY)
			rc = emit_flow(&a, &plan->flows[i], err, errlen);
	for (size_t i = 0; i < a.n_zones; i++)
		a.nomem |= a.zones[i].acl.failed;
	struct pp_buf *b = NULL;
	if (rc == 0 && !a.nomem && (b = pp_emit_file(out, "portplan.asa")) != NULL)
		write_config(b, plan, &a);
	if (rc == 0 && (!b || b->failed)) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	asa_free(&a);
	return rc;
}

const struct pp_emitter pp_emit_asa = { .name = "asa", .summary = "Cisco ASA 9.x access lists and object-groups for zone boundaries", .emit = emit_asa };
