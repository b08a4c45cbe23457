/*
 * OpenBSD pf.conf for the firewall between zones: a table per endpoint
 * address list, block everything, then one stateful pass rule per boundary
 * flow. Tables hold IPv4 and IPv6 together and pf matches each packet
 * against its own family's entries, so only the address family keyword
 * changes between rules: inet or inet6 when the two sides share one family,
 * and one rule per family for ping (icmp and icmp6 are different
 * protocols).
 *
 * Deployment text reaches the output only as table names (pp_ plus
 * pp_emit_ident: never a keyword or a number to pfctl's lexer), comment
 * lines (pp_emit_comment: no backslash, which would continue the comment
 * onto the next line; no '{' or '}' either, for files kept as Jinja
 * templates) and labels (letters, digits, space and _.:()-: no quote, and
 * no '$', which pf expands in labels).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "portplan/emit.h"

#define TABLE_MAX 31 /* PF_TABLE_NAME_SIZE - 1 */
#define LABEL_MAX 63 /* PF_RULE_LABEL_SIZE - 1 */
#define TEXT_MAX 200 /* comment lines */

struct table {
	const struct pp_endpoint *ep;
	const struct pp_cidr *addrs; /* the plan's */
	size_t n;
	char *name;
};

struct pf {
	struct table *tables;
	size_t n_tables, cap_tables;
	struct pp_buf rules;
	bool nomem, inet6;
};

/* Comment text: one line, see above. */
static const char *pf_text(const char *s, char *buf, size_t size)
{
	return pp_emit_comment_without(s, buf, size, "{}", '_');
}

/* Label text: the characters above, others become '_'. */
static const char *pf_label(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	for (; s && *s && n + 1 < size; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  (c && strchr(" _.:()-", c));
		buf[n++] = ok ? c : '_';
	}
	buf[n] = '\0';
	return buf;
}

/* Whether an earlier table of the struct pf has name, ignoring case. */
static bool table_taken(const char *name, const void *ctx)
{
	const struct pf *p = ctx;
	for (size_t i = 0; i < p->n_tables; i++)
		if (strcasecmp(p->tables[i].name, name) == 0)
			return true;
	return false;
}

/* The table for an endpoint's address list, named pp_<endpoint>, then
 * pp_<endpoint>_2, ... for another list or a name that reduces to the same
 * identifier. */
static const char *table_for(struct pf *p, const struct pp_endpoint *ep, const struct pp_cidr *v,
			     size_t n)
{
	for (size_t i = 0; i < p->n_tables; i++)
		if (p->tables[i].ep == ep &&
		    pp_emit_same_cidrs(p->tables[i].addrs, p->tables[i].n, v, n))
			return p->tables[i].name;
	char id[TABLE_MAX + 1], base[TABLE_MAX + 8], cand[TABLE_MAX + 1];
	pp_emit_ident(ep && ep->name ? ep->name : "addresses", id, sizeof id);
	snprintf(base, sizeof base, "pp_%s", id);
	pp_emit_numbered_name(cand, sizeof cand, base, TABLE_MAX, table_taken, p);
	if (p->n_tables == p->cap_tables) {
		size_t cap = p->cap_tables ? p->cap_tables * 2 : 8;
		struct table *t = realloc(p->tables, cap * sizeof *t);
		if (!t) {
			p->nomem = true;
			return NULL;
		}
		p->tables = t;
		p->cap_tables = cap;
	}
	char *name = strdup(cand);
	if (!name) {
		p->nomem = true;
		return NULL;
	}
	p->tables[p->n_tables++] = (struct table){ep, v, n, name};
	return name;
}

/* One side of a rule for the families fams: any when the side covers all
 * of them, else its table. */
static bool side(struct pf *p, const struct pp_endpoint *ep, const struct pp_cidr *v, size_t n,
		 unsigned fams, char *out, size_t outlen)
{
	if ((pp_emit_any_families(v, n) & fams) == fams) {
		snprintf(out, outlen, "any");
		return true;
	}
	const char *name = table_for(p, ep, v, n);
	if (!name)
		return false;
	snprintf(out, outlen, "<%s>", name);
	return true;
}

/* " port 25", " port 3268:3269", " port { 389 636 }", or nothing for all
 * ports. */
static void ports(struct pp_buf *b, const struct pp_flow *f)
{
	if (f->n_ports == 0 || (f->n_ports == 1 && f->ports[0].lo == 0 && f->ports[0].hi == 65535))
		return;
	pp_buf_puts(b, f->n_ports > 1 ? " port {" : " port");
	for (size_t i = 0; i < f->n_ports; i++) {
		if (f->ports[i].lo == f->ports[i].hi)
			pp_buf_printf(b, " %u", f->ports[i].lo);
		else
			pp_buf_printf(b, " %u:%u", f->ports[i].lo, f->ports[i].hi);
	}
	if (f->n_ports > 1)
		pp_buf_puts(b, " }");
}

static int emit_flow(struct pf *p, const struct pp_flow *f, char *err, size_t errlen)
{
	if (pp_emit_check_transport(f, err, errlen) != 0)
		return -1;
	const char *proto = pp_emit_transport_name(f->transport);
	struct pp_buf *b = &p->rules;
	char raw[1024], text[TEXT_MAX + 1], label[LABEL_MAX + 1];
	snprintf(raw, sizeof raw, "%s %s: %s -> %s (%s -> %s)", f->id ? f->id : "",
		 f->name ? f->name : "", f->src && f->src->name ? f->src->name : "",
		 f->dst && f->dst->name ? f->dst->name : "", f->src_zone ? f->src_zone : "any",
		 f->dst_zone ? f->dst_zone : "any");
	pp_buf_printf(b, "# %s\n", pf_text(raw, text, sizeof text));
	snprintf(raw, sizeof raw, "%s %s", f->id ? f->id : "", f->name ? f->name : "");
	pf_label(raw, label, sizeof label);

	unsigned fams = pp_emit_families(f->src_addrs, f->n_src_addrs) &
			pp_emit_families(f->dst_addrs, f->n_dst_addrs);
	if (!fams) {
		/* A v4-only side and a v6-only side: no packet can match. */
		pp_buf_puts(b, "# no address family in common, nothing to pass\n");
		return 0;
	}
	char src[TABLE_MAX + 8], dst[TABLE_MAX + 8];
	if (f->transport == PP_TR_ICMP) {
		for (unsigned fam = PP_EMIT_FAM4; fam <= PP_EMIT_FAM6; fam <<= 1) {
			if (!(fams & fam))
				continue;
			if (!side(p, f->src, f->src_addrs, f->n_src_addrs, fam, src, sizeof src) ||
			    !side(p, f->dst, f->dst_addrs, f->n_dst_addrs, fam, dst, sizeof dst))
				return 0;
			p->inet6 |= fam == PP_EMIT_FAM6;
			pp_buf_printf(b, "pass quick %s from %s to %s %s echoreq keep state label \"%s\"\n",
				      fam == PP_EMIT_FAM4 ? "inet proto icmp" : "inet6 proto icmp6", src,
				      dst, fam == PP_EMIT_FAM4 ? "icmp-type" : "icmp6-type", label);
		}
		return 0;
	}
	if (!side(p, f->src, f->src_addrs, f->n_src_addrs, fams, src, sizeof src) ||
	    !side(p, f->dst, f->dst_addrs, f->n_dst_addrs, fams, dst, sizeof dst))
		return 0;
	p->inet6 |= (fams & PP_EMIT_FAM6) != 0;
	pp_buf_printf(b, "pass quick %sproto %s from %s to %s",
		      fams == PP_EMIT_FAM4 ? "inet " : fams == PP_EMIT_FAM6 ? "inet6 " : "", proto, src,
		      dst);
	if (f->transport & (PP_TR_TCP | PP_TR_UDP))
		ports(b, f);
	pp_buf_printf(b, " keep state label \"%s\"\n", label);
	return 0;
}

static void write_conf(struct pp_buf *b, const struct pp_plan *plan, const struct pf *p)
{
	char text[TEXT_MAX + 1], s[PP_CIDR_STRLEN];
	pp_buf_printf(b, "# portplan: pf boundary rules for %s\n",
		      pf_text(plan->name, text, sizeof text));
	pp_buf_puts(b, "# Check with pfctl -nf portplan.pf.conf, load with pfctl -f portplan.pf.conf.\n"
		       "# Rules keep state: replies to a passed connection pass with it.\n");
	for (size_t i = 0; i < p->n_tables; i++) {
		const struct table *t = &p->tables[i];
		if (t->ep) {
			char raw[1024];
			snprintf(raw, sizeof raw, "%s%s%s", t->ep->name ? t->ep->name : "",
				 t->ep->description ? ": " : "", t->ep->description ? t->ep->description : "");
			pp_buf_printf(b, "# %s\n", pf_text(raw, text, sizeof text));
		}
		pp_buf_printf(b, "table <%s> const {", t->name);
		for (size_t j = 0; j < t->n; j++)
			pp_buf_printf(b, " %s", pp_cidr_format(&t->addrs[j], s, false));
		pp_buf_puts(b, " }\n");
	}
	pp_buf_puts(b, "set skip on lo\n"
		       "block drop all\n");
	if (p->inet6)
		/* Without neighbour discovery IPv6 stops at the firewall itself. */
		pp_buf_puts(b, "pass quick inet6 proto icmp6 all icmp6-type { neighbrsol neighbradv }"
			       " no state label \"ipv6-nd\"\n");
	if (p->rules.len)
		pp_buf_put(b, p->rules.data, p->rules.len);
}

static int emit_pf(const struct pp_plan *plan, const struct pp_emit_options *opt,
		   struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt;
	struct pf p = {0};
	int rc = 0;
	for (size_t i = 0; i < plan->n_flows && rc == 0 && !p.nomem; i++)
		if (plan->flows[i].enforce & PP_ENF_BOUNDARY)
			rc = emit_flow(&p, &plan->flows[i], err, errlen);
	struct pp_buf *b = NULL;
	if (rc == 0 && !p.nomem && !p.rules.failed && (b = pp_emit_file(out, "portplan.pf.conf")))
		write_conf(b, plan, &p);
	if (rc == 0 && (!b || b->failed)) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	for (size_t i = 0; i < p.n_tables; i++)
		free(p.tables[i].name);
	free(p.tables);
	pp_buf_free(&p.rules);
	return rc;
}

const struct pp_emitter pp_emit_pf = { .name = "pf", .summary = "OpenBSD pf.conf tables and stateful pass rules for zone boundaries", .emit = emit_pf };
