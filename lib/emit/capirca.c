/*
 * capirca: a Capirca policy and its naming definitions, for aclgen.
 *
 * def/NETWORK.net names every endpoint's addresses (NAME, and NAME_V4 and
 * NAME_V6 when it has both families); def/SERVICES.svc names every port
 * set per transport. The boundary flows become one term each (one per
 * address family when a flow spans both), in three policies that share the
 * terms, because Capirca 2.0.6 (Debian 12) renders one family per iptables
 * filter and its nftables generator needs a policy of its own:
 *
 *   policies/pol/portplan.pol        iptables, speedway (IPv4), cisco (both),
 *                                    ciscoasa (IPv4), windows_advfirewall in
 *   policies/pol/portplan-inet6.pol  iptables, speedway (IPv6)
 *   policies/pol/portplan-nft.pol    nftables mixed input, without IPv6 or
 *                                    ICMP terms (2.0.6 bugs, see put_flow)
 *
 * Every term carries the flow id, name and endpoints as comments. Text from
 * the deployment reaches the files only as NAMES ([A-Z0-9_]) or as comments
 * reduced to letters, digits, spaces and a few inert punctuation marks: the
 * generators copy comments into shell-like iptables lines, cmd.exe batch
 * files and Cisco CLI, and Python's splitlines() would break a .pol line at
 * CR, form feed or U+2028. Host-only flows belong to the host firewall
 * targets and are left out.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "portplan/emit.h"
#include "util/arena.h"

#define NAME_MAX_LEN 40   /* a NETWORK.net base name */
#define SVC_MAX_LEN 48    /* a SERVICES.svc name */
#define TERM_MAX_LEN 24   /* Capirca's iptables limit, the smallest of ours */
#define COMMENT_MAX 100   /* ciscoasa cuts remarks at 100 characters */
#define NAME_BUF 64

/* Names handed out so far in one namespace. */
struct name_node {
	struct name_node *next;
	char s[NAME_BUF];
};

struct names {
	struct name_node *head;
};

/* A named address list in NETWORK.net: an endpoint's, or a flow's own when
 * the planner narrowed it. */
struct netlist {
	const struct pp_endpoint *ep;
	const struct pp_cidr *v;
	size_t n;
	bool has4, has6, any; /* any: both 0.0.0.0/0 and ::/0 */
	char name[NAME_BUF];
	const char *note;     /* reduced comment text, or NULL */
};

struct service {
	unsigned transport;
	const struct pp_range *r;
	size_t n;
	char name[NAME_BUF];
};

struct ctx {
	const struct pp_plan *plan;
	struct pp_arena arena;
	struct names net_names, svc_names, term_names;
	struct netlist *lists;
	size_t n_lists;
	struct service *svcs;
	size_t n_svcs;
	size_t *src, *dst;    /* per flow: index into lists, or SIZE_MAX */
	char (*terms)[NAME_BUF]; /* per flow: the term name without family suffix */
	bool *split;          /* per flow: one term per family */
};

enum { POL_MAIN, POL_INET6, POL_NFT };

/* ---------- text ---------- */

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Comment text: letters, digits, single spaces and _.,:/+=@()- only. Any
 * other byte (quotes, $, backticks, %, ;, |, &, <, >, #, ?, backslash,
 * control and non-ASCII bytes) becomes '_', whitespace a space, runs of
 * either one; at most max - 1 bytes, no leading or trailing space. */
static const char *cap_text(const char *s, char *buf, size_t max)
{
	size_t n = 0;
	for (; s && *s && n + 1 < max; s++) {
		unsigned char c = (unsigned char)*s;
		char out = is_alnum(c) || (c && strchr("_.,:/+=@()-", c)) ? (char)c
			   : c == ' ' || c == '\t' || c == '\n' || c == '\r' ? ' '
									      : '_';
		bool replaced = out != (char)c || c == ' ';
		if (replaced && n > 0 && buf[n - 1] == out)
			continue;
		if (out == ' ' && n == 0)
			continue;
		buf[n++] = out;
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

/* Appends s to buf (size max), cut to fit. */
static void append(char *buf, size_t max, const char *s)
{
	size_t n = strlen(buf);
	while (s && *s && n + 1 < max)
		buf[n++] = *s++;
	buf[n] = '\0';
}

/* A NETWORK.net or SERVICES.svc name part: [A-Z0-9_], no leading, trailing
 * or doubled '_', never empty. */
static void upper_ident(const char *s, char *buf, size_t max)
{
	char tmp[NAME_BUF];
	pp_emit_ident(s, tmp, max < sizeof tmp ? max : sizeof tmp);
	size_t n = 0;
	for (const char *p = tmp; *p; p++) {
		char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		if (!is_alnum((unsigned char)c))
			c = '_';
		if (c == '_' && (n == 0 || buf[n - 1] == '_'))
			continue;
		buf[n++] = c;
	}
	while (n > 0 && buf[n - 1] == '_')
		n--;
	if (n == 0)
		buf[n++] = 'X';
	buf[n] = '\0';
}

/* A term name part: [a-z0-9-], no leading, trailing or doubled '-'. */
static void lower_slug(const char *s, char *buf, size_t max)
{
	size_t n = 0;
	for (; s && *s && n + 1 < max; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (!is_alnum((unsigned char)c))
			c = '-';
		if (c == '-' && (n == 0 || buf[n - 1] == '-'))
			continue;
		buf[n++] = c;
	}
	while (n > 0 && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
}

/* ---------- unique names ---------- */

static bool names_has(const struct names *r, const char *s)
{
	for (const struct name_node *p = r->head; p; p = p->next)
		if (strcmp(p->s, s) == 0)
			return true;
	return false;
}

static void names_add(struct pp_arena *a, struct names *r, const char *s)
{
	struct name_node *p = pp_arena_alloc(a, sizeof *p);
	p->s[0] = '\0';
	append(p->s, sizeof p->s, s);
	p->next = r->head;
	r->head = p;
}

/* Picks base, else base<sep>2, base<sep>3 ... (cut to max bytes), such that
 * base + each suffix is a free name; claims all of them and writes the base
 * to out. */
static void claim(struct ctx *c, struct names *r, const char *base, const char *const *suf,
		  size_t nsuf, size_t max, char sep, char out[NAME_BUF])
{
	for (unsigned k = 1;; k++) {
		char tail[16] = "";
		if (k > 1)
			snprintf(tail, sizeof tail, "%c%u", sep, k);
		size_t keep = strlen(base);
		if (keep + strlen(tail) > max)
			keep = max - strlen(tail);
		while (k > 1 && keep > 1 && base[keep - 1] == sep)
			keep--;
		out[0] = '\0';
		append(out, keep + 1 < NAME_BUF ? keep + 1 : NAME_BUF, base);
		append(out, NAME_BUF, tail);
		bool free_all = true;
		for (size_t i = 0; i < nsuf && free_all; i++) {
			char full[NAME_BUF] = "";
			append(full, sizeof full, out);
			append(full, sizeof full, suf[i]);
			free_all = !names_has(r, full);
		}
		if (!free_all)
			continue;
		for (size_t i = 0; i < nsuf; i++) {
			char full[NAME_BUF] = "";
			append(full, sizeof full, out);
			append(full, sizeof full, suf[i]);
			names_add(&c->arena, r, full);
		}
		return;
	}
}

/* ---------- address lists ---------- */

static void list_families(struct netlist *l)
{
	bool any4 = false, any6 = false;
	for (size_t i = 0; i < l->n; i++) {
		bool v4 = l->v[i].family == 4;
		l->has4 |= v4;
		l->has6 |= !v4;
		if (l->v[i].prefix == 0) {
			any4 |= v4;
			any6 |= !v4;
		}
	}
	l->any = any4 && any6;
}

static size_t add_list(struct ctx *c, const struct pp_endpoint *ep, const struct pp_cidr *v,
		       size_t n, const char *base, const char *note)
{
	struct netlist *l = &c->lists[c->n_lists];
	*l = (struct netlist){.ep = ep, .v = v, .n = n, .note = note};
	list_families(l);
	char ident[NAME_BUF];
	upper_ident(base, ident, NAME_MAX_LEN + 1);
	/* A name must start with a letter: the policy lexer reads digits as a
	 * number. */
	char start[NAME_BUF];
	snprintf(start, sizeof start, "%s%.*s", ident[0] >= '0' && ident[0] <= '9' ? "N_" : "",
		 NAME_MAX_LEN, ident);
	static const char *const one[] = {""}, *const both[] = {"", "_V4", "_V6"};
	bool two = l->has4 && l->has6;
	claim(c, &c->net_names, start, two ? both : one, two ? 3 : 1, NAME_MAX_LEN, '_', l->name);
	return c->n_lists++;
}

/* The list a flow side refers to: its endpoint's when the addresses are the
 * same, else one of its own (shared with other flows of that endpoint that
 * have the same addresses). SIZE_MAX when the side has no addresses. */
static size_t side_list(struct ctx *c, const struct pp_flow *f, bool dst)
{
	const struct pp_endpoint *ep = dst ? f->dst : f->src;
	const struct pp_cidr *v = dst ? f->dst_addrs : f->src_addrs;
	size_t n = dst ? f->n_dst_addrs : f->n_src_addrs;
	if (n == 0)
		return SIZE_MAX;
	for (size_t i = 0; i < c->n_lists; i++)
		if (c->lists[i].ep == ep && pp_emit_same_cidrs(c->lists[i].v, c->lists[i].n, v, n))
			return i;
	char base[NAME_BUF * 3], a[NAME_BUF], b[NAME_BUF];
	upper_ident(ep ? ep->name : "flow", a, 24);
	upper_ident(f->id, b, 12);
	snprintf(base, sizeof base, "%s_%s_%s", a, b, dst ? "DST" : "SRC");
	char note[COMMENT_MAX];
	char id[24];
	snprintf(note, sizeof note, "%s addresses of flow %s", dst ? "destination" : "source",
		 cap_text(f->id, id, sizeof id));
	return add_list(c, ep, v, n, base, pp_arena_strdup(&c->arena, note));
}

/* ---------- services ---------- */

static bool port_transport(unsigned tr)
{
	return tr == PP_TR_TCP || tr == PP_TR_UDP;
}

static const char *tr_word(unsigned tr, bool upper)
{
	return tr == PP_TR_TCP ? (upper ? "TCP" : "tcp") : (upper ? "UDP" : "udp");
}

static int range_cmp(const struct pp_range *a, size_t na, const struct pp_range *b, size_t nb)
{
	for (size_t i = 0; i < na && i < nb; i++) {
		if (a[i].lo != b[i].lo)
			return a[i].lo < b[i].lo ? -1 : 1;
		if (a[i].hi != b[i].hi)
			return a[i].hi < b[i].hi ? -1 : 1;
	}
	return na == nb ? 0 : na < nb ? -1 : 1;
}

static int svc_cmp(const struct service *a, const struct service *b)
{
	if (a->transport != b->transport)
		return a->transport < b->transport ? -1 : 1;
	return range_cmp(a->r, a->n, b->r, b->n);
}

static const struct service *find_service(const struct ctx *c, const struct pp_flow *f)
{
	struct service key = {.transport = f->transport, .r = f->ports, .n = f->n_ports};
	for (size_t i = 0; i < c->n_svcs; i++)
		if (svc_cmp(&c->svcs[i], &key) == 0)
			return &c->svcs[i];
	return NULL;
}

/* PP_TCP_25, PP_TCP_49152_TO_65535, PP_UDP_5060_TO_5068_50000_TO_59999;
 * a set too long for that is PP_TCP_<first>_AND_<n>_MORE. */
static void service_name(struct ctx *c, struct service *s)
{
	char full[512];
	size_t len = (size_t)snprintf(full, sizeof full, "PP_%s", tr_word(s->transport, true));
	for (size_t i = 0; i < s->n && len < sizeof full; i++) {
		if (s->r[i].lo == s->r[i].hi)
			len += (size_t)snprintf(full + len, sizeof full - len, "_%u", s->r[i].lo);
		else
			len += (size_t)snprintf(full + len, sizeof full - len, "_%u_TO_%u", s->r[i].lo,
						s->r[i].hi);
	}
	if (len > SVC_MAX_LEN) {
		if (s->r[0].lo == s->r[0].hi)
			snprintf(full, sizeof full, "PP_%s_%u_AND_%zu_MORE", tr_word(s->transport, true),
				 s->r[0].lo, s->n - 1);
		else
			snprintf(full, sizeof full, "PP_%s_%u_TO_%u_AND_%zu_MORE",
				 tr_word(s->transport, true), s->r[0].lo, s->r[0].hi, s->n - 1);
	}
	static const char *const one[] = {""};
	claim(c, &c->svc_names, full, one, 1, SVC_MAX_LEN, '_', s->name);
}

/* Every port set of the plan's TCP and UDP flows, sorted by transport and
 * ports so the names do not depend on flow order. */
static void collect_services(struct ctx *c)
{
	for (size_t i = 0; i < c->plan->n_flows; i++) {
		const struct pp_flow *f = &c->plan->flows[i];
		if (!port_transport(f->transport) || f->n_ports == 0 || find_service(c, f))
			continue;
		struct service s = {.transport = f->transport, .r = f->ports, .n = f->n_ports};
		size_t j = c->n_svcs++;
		while (j > 0 && svc_cmp(&c->svcs[j - 1], &s) > 0) {
			c->svcs[j] = c->svcs[j - 1];
			j--;
		}
		c->svcs[j] = s;
	}
	for (size_t i = 0; i < c->n_svcs; i++)
		service_name(c, &c->svcs[i]);
}

/* ---------- terms ---------- */

static const char *proto_word(unsigned tr, int family)
{
	return tr == PP_TR_ICMP && family == 6 ? "icmpv6" : pp_emit_transport_name(tr);
}

/* Which families a flow's terms cover: both sides need addresses of the
 * family (any counts as both). */
static unsigned flow_families(const struct ctx *c, size_t i)
{
	if (c->src[i] == SIZE_MAX || c->dst[i] == SIZE_MAX)
		return 0;
	const struct netlist *s = &c->lists[c->src[i]], *d = &c->lists[c->dst[i]];
	return (s->has4 && d->has4 ? PP_EMIT_FAM4 : 0u) |
	       (s->has6 && d->has6 ? PP_EMIT_FAM6 : 0u);
}

/* f001-smtp: the id when it has the documented fNNN form, else "f-" and the
 * id reduced, so that a name never starts with a digit and is never one of
 * the policy language's keywords (none starts with "f" and a digit or
 * "f-"), then the flow name; unique with its family suffixes. */
static void term_name(struct ctx *c, size_t i)
{
	const struct pp_flow *f = &c->plan->flows[i];
	char id[NAME_BUF], name[NAME_BUF], base[NAME_BUF * 2];
	const char *p = f->id ? f->id : "";
	bool plain = p[0] == 'f' && p[1] && strspn(p + 1, "0123456789") == strlen(p + 1) &&
		     strlen(p) < 16;
	id[0] = '\0';
	if (plain) {
		append(id, sizeof id, p);
	} else {
		char slug[NAME_BUF];
		lower_slug(p, slug, 16);
		append(id, sizeof id, "f-");
		append(id, sizeof id, slug[0] ? slug : "x");
	}
	lower_slug(f->name, name, sizeof name);
	base[0] = '\0';
	append(base, sizeof base, id);
	append(base, sizeof base, name[0] ? "-" : "");
	append(base, sizeof base, name);
	unsigned fam = flow_families(c, i);
	bool any_any = c->lists[c->src[i]].any && c->lists[c->dst[i]].any;
	/* Both families: one term each, unless both sides are "any" and the
	 * protocol is the same in both (no addresses then say the family). */
	c->split[i] = fam == (PP_EMIT_FAM4 | PP_EMIT_FAM6) &&
		      !(any_any && f->transport != PP_TR_ICMP);
	static const char *const one[] = {""}, *const both[] = {"-v4", "-v6"};
	size_t max = TERM_MAX_LEN - (c->split[i] ? 3 : 0);
	char cut[NAME_BUF] = "";
	append(cut, max + 1, base);
	size_t n = strlen(cut);
	while (n > 0 && cut[n - 1] == '-')
		cut[--n] = '\0';
	claim(c, &c->term_names, cut, c->split[i] ? both : one, c->split[i] ? 2 : 1, max, '-',
	      c->terms[i]);
}

/* A side that is "any" in both families says nothing: the other side's
 * addresses or the protocol (icmp, icmpv6) still fix the family, and when
 * both are "any" the term is meant for both. */
static void put_addr_ref(struct pp_buf *b, const char *key, const struct netlist *l, int family)
{
	if (l->any)
		return;
	const char *suffix = !(l->has4 && l->has6) ? "" : family == 4 ? "_V4" : family == 6 ? "_V6" : "";
	pp_buf_printf(b, "  %s:: %s%s\n", key, l->name, suffix);
}

/* One term: family 4 or 6, or 0 for a family-free term (any to any). nft
 * takes one comment per chain, so the nftables policy has no refs line. */
static void put_term(const struct ctx *c, struct pp_buf *b, size_t i, int family, int pol)
{
	const struct pp_flow *f = &c->plan->flows[i];
	const struct netlist *s = &c->lists[c->src[i]], *d = &c->lists[c->dst[i]];
	char id[24], name[64], sname[40], dname[40], comment[COMMENT_MAX];
	cap_text(f->id, id, sizeof id);
	cap_text(f->name, name, sizeof name);
	cap_text(f->src ? f->src->name : NULL, sname, sizeof sname);
	cap_text(f->dst ? f->dst->name : NULL, dname, sizeof dname);
	pp_buf_printf(b, "term %s%s {\n", c->terms[i],
		      !c->split[i] ? "" : family == 4 ? "-v4" : "-v6");
	comment[0] = '\0';
	const char *parts[] = {id, " ", name, ": ", sname, " to ", dname};
	for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
		append(comment, sizeof comment, parts[k]);
	pp_buf_printf(b, "  comment:: \"%s\"\n", comment);
	if (f->n_refs && pol != POL_NFT) {
		comment[0] = '\0';
		append(comment, sizeof comment, "refs:");
		for (size_t r = 0; r < f->n_refs; r++) {
			char ref[COMMENT_MAX];
			append(comment, sizeof comment, r ? ", " : " ");
			append(comment, sizeof comment, cap_text(f->refs[r], ref, sizeof ref));
		}
		size_t len = strlen(comment);
		while (len > 0 && (comment[len - 1] == ' ' || comment[len - 1] == ','))
			comment[--len] = '\0';
		pp_buf_printf(b, "  comment:: \"%s\"\n", comment);
	}
	put_addr_ref(b, "source-address", s, family);
	put_addr_ref(b, "destination-address", d, family);
	pp_buf_printf(b, "  protocol:: %s\n", proto_word(f->transport, family));
	if (f->transport == PP_TR_ICMP)
		pp_buf_puts(b, "  icmp-type:: echo-request\n");
	const struct service *svc = port_transport(f->transport) && f->n_ports ? find_service(c, f)
										: NULL;
	if (svc)
		pp_buf_printf(b, "  destination-port:: %s\n", svc->name);
	/* Capirca 2.0.6's ciscoasa renders IPv4 only (an IPv6 term gives stray
	 * lines that are not ASA commands). */
	if (family == 6)
		pp_buf_puts(b, "  platform-exclude:: ciscoasa\n");
	pp_buf_puts(b, "  action:: accept\n}\n\n");
}

static void put_flow(const struct ctx *c, struct pp_buf *b, size_t i, int pol)
{
	const struct pp_flow *f = &c->plan->flows[i];
	char id[24], name[64];
	cap_text(f->id, id, sizeof id);
	cap_text(f->name, name, sizeof name);
	unsigned fam = flow_families(c, i);
	if (fam == 0) {
		pp_buf_printf(b, "# %s %s: left out, %s\n\n", id, name,
			      c->src[i] == SIZE_MAX || c->dst[i] == SIZE_MAX
				      ? "a side has no addresses"
				      : "source and destination share no address family");
		return;
	}
	/* Capirca 2.0.6's nftables generator fails on any icmp-type, and
	 * writes IPv6 rules with an "ip protocol" match that nft rejects. */
	if (pol == POL_NFT && f->transport == PP_TR_ICMP) {
		pp_buf_printf(b, "# %s %s: left out, Capirca 2.0.6's nftables generator fails on "
				 "icmp-type\n\n",
			      id, name);
		return;
	}
	bool any_any = c->lists[c->src[i]].any && c->lists[c->dst[i]].any;
	if (any_any && f->transport != PP_TR_ICMP) {
		put_term(c, b, i, 0, pol);
		return;
	}
	if (fam & PP_EMIT_FAM4)
		put_term(c, b, i, 4, pol);
	if ((fam & PP_EMIT_FAM6) && pol == POL_NFT)
		pp_buf_printf(b, "# %s %s (IPv6): left out, Capirca 2.0.6's nftables generator "
				 "writes IPv6 rules that nft rejects\n\n",
			      id, name);
	else if (fam & PP_EMIT_FAM6)
		put_term(c, b, i, 6, pol);
}

/* ---------- files ---------- */

static void put_network(const struct ctx *c, struct pp_buf *b, const char *plan_name)
{
	pp_buf_printf(b, "# portplan: network definitions for plan %s\n", plan_name);
	pp_buf_puts(b, "# One name per endpoint address list; NAME_V4 and NAME_V6 hold each\n"
		       "# family of a list that has both. Generated: edit the deployment instead.\n");
	for (size_t i = 0; i < c->n_lists; i++) {
		const struct netlist *l = &c->lists[i];
		pp_buf_putc(b, '\n');
		if (l->note && l->note[0])
			pp_buf_printf(b, "# %s\n", l->note);
		bool two = l->has4 && l->has6;
		for (int fam = two ? 4 : 0; fam <= (two ? 6 : 0); fam += 2) {
			char name[NAME_BUF + 4];
			snprintf(name, sizeof name, "%s%s", l->name, fam == 4 ? "_V4" : fam == 6 ? "_V6" : "");
			size_t k = 0;
			for (size_t j = 0; j < l->n; j++) {
				if (fam && l->v[j].family != fam)
					continue;
				char addr[PP_CIDR_STRLEN];
				pp_cidr_format(&l->v[j], addr, true);
				if (k++ == 0)
					pp_buf_printf(b, "%s = %s\n", name, addr);
				else
					pp_buf_printf(b, "%*s%s\n", (int)strlen(name) + 3, "", addr);
			}
		}
		if (two)
			pp_buf_printf(b, "%s = %s_V4\n%*s%s_V6\n", l->name, l->name,
				      (int)strlen(l->name) + 3, "", l->name);
	}
}

static void put_services(const struct ctx *c, struct pp_buf *b, const char *plan_name)
{
	pp_buf_printf(b, "# portplan: service definitions for plan %s\n", plan_name);
	pp_buf_puts(b, "# One name per port set and transport of the plan's flows.\n"
		       "# Generated: edit the deployment instead.\n\n");
	for (size_t i = 0; i < c->n_svcs; i++) {
		const struct service *s = &c->svcs[i];
		for (size_t j = 0; j < s->n; j++) {
			if (j == 0)
				pp_buf_printf(b, "%s = ", s->name);
			else
				pp_buf_printf(b, "%*s", (int)strlen(s->name) + 3, "");
			if (s->r[j].lo == s->r[j].hi)
				pp_buf_printf(b, "%u/%s\n", s->r[j].lo, tr_word(s->transport, false));
			else
				pp_buf_printf(b, "%u-%u/%s\n", s->r[j].lo, s->r[j].hi,
					      tr_word(s->transport, false));
		}
	}
}

static void put_policy(const struct ctx *c, struct pp_buf *b, int pol, const char *plan_name)
{
	static const char *const what[] = {
		[POL_MAIN] = "iptables and speedway (IPv4), cisco, ciscoasa (IPv4),\n"
			     "# windows_advfirewall (inbound rules on the destination hosts)",
		[POL_INET6] = "iptables and speedway (IPv6); IPv4 is in portplan.pol",
		[POL_NFT] = "nftables, IPv4 only. Capirca 2.0.6 offers only the input\n"
			    "# and output hooks (a router needs forward), drops the ports of IPv4\n"
			    "# rules, fails on icmp-type and writes IPv6 rules that nft rejects:\n"
			    "# check its output before use",
	};
	pp_buf_printf(b, "# portplan: boundary flows of plan %s\n", plan_name);
	pp_buf_printf(b, "# Targets: %s.\n", what[pol]);
	pp_buf_puts(b, "# One term per flow and address family, then deny. Generated: edit the\n"
		       "# deployment instead.\n\n");
	pp_buf_puts(b, "header {\n");
	pp_buf_printf(b, "  comment:: \"portplan: boundary flows of plan %s\"\n", plan_name);
	if (pol == POL_MAIN)
		pp_buf_puts(b, "  target:: iptables FORWARD DROP inet\n"
			       "  target:: speedway FORWARD DROP inet\n"
			       "  target:: cisco portplan mixed\n"
			       "  target:: ciscoasa portplan\n"
			       "  target:: windows_advfirewall in\n");
	else if (pol == POL_INET6)
		pp_buf_puts(b, "  target:: iptables FORWARD DROP inet6\n"
			       "  target:: speedway FORWARD DROP inet6\n");
	else
		pp_buf_puts(b, "  target:: nftables mixed input\n");
	pp_buf_puts(b, "}\n\n");

	/* Replies. nftables, ASA and Windows are stateful by themselves; a Cisco
	 * ACL is not and passes TCP replies only. */
	if (pol != POL_NFT)
		pp_buf_puts(b, "term established {\n"
			       "  comment:: \"replies of allowed flows\"\n"
			       "  verbatim:: iptables \"-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\"\n"
			       "  verbatim:: speedway \"-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\"\n"
			       "  platform:: iptables speedway\n"
			       "}\n\n");
	if (pol == POL_MAIN)
		pp_buf_puts(b, "term tcp-established {\n"
			       "  comment:: \"replies of allowed TCP flows\"\n"
			       "  protocol:: tcp\n"
			       "  option:: tcp-established\n"
			       "  action:: accept\n"
			       "  platform:: cisco\n"
			       "}\n\n");

	for (size_t i = 0; i < c->plan->n_flows; i++)
		if (c->plan->flows[i].enforce & PP_ENF_BOUNDARY)
			put_flow(c, b, i, pol);

	/* Windows Firewall lets a block rule beat every allow rule, and denies
	 * unmatched inbound traffic by itself. */
	pp_buf_puts(b, "term default-deny {\n"
		       "  comment:: \"deny everything else\"\n"
		       "  action:: deny\n");
	if (pol == POL_MAIN)
		pp_buf_puts(b, "  platform-exclude:: windows_advfirewall\n");
	pp_buf_puts(b, "}\n");
}

/* ---------- the emitter ---------- */

static int check_flows(const struct pp_plan *plan, char *err, size_t errlen)
{
	for (size_t i = 0; i < plan->n_flows; i++) {
		const struct pp_flow *f = &plan->flows[i];
		char id[24];
		if (!proto_word(f->transport, 4)) {
			snprintf(err, errlen, "flow '%s': transport is not exactly one protocol",
				 cap_text(f->id, id, sizeof id));
			return -1;
		}
		if (!port_transport(f->transport) && f->n_ports) {
			snprintf(err, errlen, "flow '%s': ports given for a protocol without ports",
				 cap_text(f->id, id, sizeof id));
			return -1;
		}
	}
	return 0;
}

static int emit_capirca(const struct pp_plan *plan, const struct pp_emit_options *opt,
			struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt; /* boundary flows only: no per-host output */
	if (check_flows(plan, err, errlen) != 0)
		return -1;
	struct ctx c = {.plan = plan};
	size_t nf = plan->n_flows;
	c.lists = pp_arena_alloc(&c.arena, (plan->n_endpoints + 2 * nf + 1) * sizeof *c.lists);
	c.svcs = pp_arena_alloc(&c.arena, (nf + 1) * sizeof *c.svcs);
	c.src = pp_arena_alloc(&c.arena, (nf + 1) * sizeof *c.src);
	c.dst = pp_arena_alloc(&c.arena, (nf + 1) * sizeof *c.dst);
	c.terms = pp_arena_alloc(&c.arena, (nf + 1) * sizeof *c.terms);
	c.split = pp_arena_alloc(&c.arena, (nf + 1) * sizeof *c.split);

	static const char *const fixed[] = {"established", "tcp-established", "default-deny"};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		names_add(&c.arena, &c.term_names, fixed[i]);

	for (size_t i = 0; i < plan->n_endpoints; i++) {
		const struct pp_endpoint *ep = plan->endpoints[i];
		char name[48], desc[COMMENT_MAX], note[COMMENT_MAX + 48] = "";
		cap_text(ep->name, name, sizeof name);
		cap_text(ep->description, desc, sizeof desc);
		append(note, sizeof note, name);
		append(note, sizeof note, desc[0] ? ": " : "");
		append(note, sizeof note, desc);
		if (ep->n_addrs)
			add_list(&c, ep, ep->addrs, ep->n_addrs, ep->name,
				 pp_arena_strdup(&c.arena, note));
	}
	for (size_t i = 0; i < nf; i++) {
		const struct pp_flow *f = &plan->flows[i];
		c.src[i] = c.dst[i] = SIZE_MAX;
		if (!(f->enforce & PP_ENF_BOUNDARY))
			continue;
		c.src[i] = side_list(&c, f, false);
		c.dst[i] = side_list(&c, f, true);
		if (flow_families(&c, i))
			term_name(&c, i);
	}
	collect_services(&c);

	char plan_name[64];
	cap_text(plan->name, plan_name, sizeof plan_name);
	if (!plan_name[0])
		snprintf(plan_name, sizeof plan_name, "(unnamed)");
	static const char *const pol_path[] = {
		[POL_MAIN] = "policies/pol/portplan.pol",
		[POL_INET6] = "policies/pol/portplan-inet6.pol",
		[POL_NFT] = "policies/pol/portplan-nft.pol",
	};
	struct pp_buf *net = pp_emit_file(out, "def/NETWORK.net");
	struct pp_buf *svc = pp_emit_file(out, "def/SERVICES.svc");
	int rc = net && svc ? 0 : -1;
	if (rc == 0) {
		put_network(&c, net, plan_name);
		put_services(&c, svc, plan_name);
		rc = net->failed || svc->failed ? -1 : 0;
	}
	for (int pol = POL_MAIN; pol <= POL_NFT && rc == 0; pol++) {
		struct pp_buf *b = pp_emit_file(out, pol_path[pol]);
		if (!b)
			rc = -1;
		else
			put_policy(&c, b, pol, plan_name);
		if (b && b->failed)
			rc = -1;
	}
	pp_arena_free(&c.arena);
	if (rc != 0)
		snprintf(err, errlen, "out of memory");
	return rc;
}

const struct pp_emitter pp_emit_capirca = { .name = "capirca", .summary = "Capirca policies and naming definitions for aclgen (iptables, speedway, cisco, ciscoasa, windows_advfirewall, nftables)", .emit = emit_capirca };
