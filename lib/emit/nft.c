/*
 * nft: one `nft -f` script for a Linux firewall between zones.
 *
 * The script owns table inet portplan and nothing else. It adds the table,
 * deletes it and defines it again, all in the one transaction nft -f runs,
 * so loading it twice gives the same ruleset and leaves no stale set behind
 * (nftables 1.0.6 has no `destroy`). Address lists become named interval
 * sets, one per endpoint and family; the forward chain drops by default,
 * accepts replies, drops invalid packets and then accepts each boundary flow,
 * one rule per address family. Host-only flows belong to the hosts' own
 * firewalls and are left out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/emit.h"

/* nft refuses comments longer than 127 bytes. */
#define COMMENT_MAX 128
#define SET_NAME_MAX 48
#define RAW_MAX 1024

struct set {
	char name[SET_NAME_MAX + 16];
	uint8_t family;
	/* merged again here so that an unmerged list cannot make nft reject
	 * overlapping set elements */
	struct pp_emit_side addrs;
	char comment[COMMENT_MAX]; /* the endpoint's name, or flow id and side */
};

struct sets {
	struct set *v;
	size_t n, cap;
};

static bool side_equal(const struct pp_emit_side *a, const struct pp_emit_side *b)
{
	return pp_emit_same_cidrs(a->v, a->n, b->v, b->n);
}

/* Comment text for nft's quoted strings, which have no escapes at all:
 * pp_emit_comment drops quotes, backslashes and control bytes; '$' goes too,
 * so that no variable-looking `$(...)` appears even inside a string. */
static const char *nft_text(const char *s, char *buf, size_t max)
{
	return pp_emit_comment_without(s, buf, max, "$", '?');
}

/* Set names are nft identifiers: letters, digits and '_' only, starting with
 * a letter, and never a keyword because of the _v4/_v6 suffix. */
static void set_base_name(const char *label, uint8_t family, char *out, size_t max)
{
	char id[SET_NAME_MAX];
	pp_emit_ident(label, id, sizeof id);
	size_t n = 0; /* '.' and '-' become '_'; runs of '_' collapse to one */
	for (const char *p = id; *p; p++) {
		char c = *p == '.' || *p == '-' ? '_' : *p;
		if (c != '_' || (n && id[n - 1] != '_'))
			id[n++] = c;
	}
	while (n > 0 && id[n - 1] == '_')
		n--;
	if (n == 0)
		id[n++] = 'x';
	id[n] = '\0';
	bool letter = (id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z');
	snprintf(out, max, "%s%s_v%u", letter ? "" : "s_", id, (unsigned)family);
}

/* The set for these addresses under this label, its name copied to name:
 * reused when the same label already has the same addresses, numbered when
 * two labels reduce to the same name. Takes ownership of a->v. -1 when out
 * of memory. (Names are copied because sets->v moves as it grows.) */
static int set_for(struct sets *sets, const char *label, uint8_t family,
		   struct pp_emit_side *a, char name[SET_NAME_MAX + 16])
{
	char base[SET_NAME_MAX + 8];
	set_base_name(label, family, base, sizeof base);
	snprintf(name, SET_NAME_MAX + 16, "%s", base);
	for (unsigned k = 2;; k++) {
		struct set *same = NULL;
		for (size_t i = 0; i < sets->n && !same; i++)
			if (strcmp(sets->v[i].name, name) == 0)
				same = &sets->v[i];
		if (!same)
			break;
		char comment[COMMENT_MAX];
		if (side_equal(&same->addrs, a) &&
		    strcmp(same->comment, nft_text(label, comment, sizeof comment)) == 0) {
			free(a->v);
			a->v = NULL;
			return 0;
		}
		snprintf(name, SET_NAME_MAX + 16, "%s_%u", base, k);
	}
	if (sets->n == sets->cap) {
		size_t cap = sets->cap ? sets->cap * 2 : 8;
		struct set *v = realloc(sets->v, cap * sizeof *v);
		if (!v)
			return -1;
		sets->v = v;
		sets->cap = cap;
	}
	struct set *s = &sets->v[sets->n++];
	*s = (struct set){.family = family, .addrs = *a};
	snprintf(s->name, sizeof s->name, "%s", name);
	nft_text(label, s->comment, sizeof s->comment);
	a->v = NULL;
	return 0;
}

/* The set's label: the endpoint's name when the flow uses exactly the
 * endpoint's addresses of this family, else "<flow id>_src" / "_dst". */
static int label_for(const struct pp_endpoint *ep, const struct pp_emit_side *a,
		     uint8_t family, const char *flow_id, const char *dir, char *fallback, size_t max,
		     const char **label)
{
	if (ep) {
		struct pp_emit_side e;
		if (pp_emit_side_get(&e, ep->addrs, ep->n_addrs, family) != 0)
			return -1;
		bool same = side_equal(&e, a);
		free(e.v);
		if (same) {
			*label = ep->name;
			return 0;
		}
	}
	snprintf(fallback, max, "%s_%s", flow_id, dir);
	*label = fallback;
	return 0;
}

static void put_ports(struct pp_buf *b, const char *proto, const struct pp_flow *f)
{
	if (f->n_ports == 0 || (f->n_ports == 1 && f->ports[0].lo == 0 && f->ports[0].hi == 65535)) {
		pp_buf_printf(b, "meta l4proto %s", proto);
		return;
	}
	pp_buf_printf(b, "%s dport ", proto);
	if (f->n_ports > 1)
		pp_buf_puts(b, "{ ");
	for (size_t i = 0; i < f->n_ports; i++) {
		const struct pp_range *r = &f->ports[i];
		pp_buf_printf(b, "%s%u", i ? ", " : "", (unsigned)r->lo);
		if (r->hi != r->lo)
			pp_buf_printf(b, "-%u", (unsigned)r->hi);
	}
	if (f->n_ports > 1)
		pp_buf_puts(b, " }");
}

static void put_proto(struct pp_buf *b, const struct pp_flow *f, uint8_t family)
{
	switch (f->transport) {
	case PP_TR_TCP:
		put_ports(b, "tcp", f);
		break;
	case PP_TR_UDP:
		put_ports(b, "udp", f);
		break;
	case PP_TR_ICMP: /* ICMP in a plan means ping */
		pp_buf_puts(b, family == 4 ? "icmp type echo-request" : "icmpv6 type echo-request");
		break;
	case PP_TR_ESP:
		pp_buf_puts(b, "meta l4proto esp");
		break;
	case PP_TR_AH:
		pp_buf_puts(b, "meta l4proto ah");
		break;
	case PP_TR_GRE: /* by number: the name needs /etc/protocols */
		pp_buf_puts(b, "meta l4proto 47");
		break;
	}
}

static void flow_comment(const struct pp_flow *f, char out[COMMENT_MAX])
{
	/* endpoint names cut to 40 bytes each so that both fit in 127 */
	pp_emit_rule_comment(f, 40, out, COMMENT_MAX);
}

/* One flow's rules into rules, its sets into sets. 0, -1 out of memory. */
static int emit_flow(const struct pp_flow *f, struct sets *sets, struct pp_buf *rules,
		     size_t *n_rules)
{
	char comment[COMMENT_MAX], fid[32];
	flow_comment(f, comment);
	pp_emit_ident(f->id, fid, sizeof fid);
	size_t before = *n_rules;
	for (uint8_t family = 4; family <= 6; family += 2) {
		const char *fam = family == 4 ? "ip" : "ip6";
		struct pp_emit_side src, dst;
		if (pp_emit_flow_sides(f, family, &src, &dst) != 0)
			return -1;
		if (!src.n || !dst.n) { /* this family cannot match */
			free(src.v);
			free(dst.v);
			continue;
		}
		struct pp_emit_side *sides[2] = {&src, &dst};
		const struct pp_endpoint *eps[2] = {f->src, f->dst};
		static const char *const dirs[2] = {"src", "dst"};
		char named[2][SET_NAME_MAX + 16] = {"", ""}, fallback[64];
		int rc = 0;
		for (int i = 0; i < 2 && rc == 0; i++) {
			if (sides[i]->any)
				continue;
			const char *label;
			rc = label_for(eps[i], sides[i], family, fid, dirs[i], fallback,
				       sizeof fallback, &label);
			if (rc == 0)
				rc = set_for(sets, label, family, sides[i], named[i]);
		}
		free(src.v);
		free(dst.v);
		if (rc != 0)
			return -1;
		pp_buf_puts(rules, "\t\t");
		if (named[0][0])
			pp_buf_printf(rules, "%s saddr @%s ", fam, named[0]);
		if (named[1][0])
			pp_buf_printf(rules, "%s daddr @%s ", fam, named[1]);
		if (!named[0][0] && !named[1][0])
			pp_buf_printf(rules, "meta nfproto ipv%u ", (unsigned)family);
		put_proto(rules, f, family);
		pp_buf_printf(rules, " accept comment \"%s\"\n", comment);
		(*n_rules)++;
	}
	if (*n_rules == before)
		pp_buf_printf(rules, "\t\t# %s: no address family in common, no rule\n", comment);
	return 0;
}

static void sets_free(struct sets *sets)
{
	for (size_t i = 0; i < sets->n; i++)
		free(sets->v[i].addrs.v);
	free(sets->v);
}

static int emit_nft(const struct pp_plan *plan, const struct pp_emit_options *opt,
		    struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt; /* a network firewall: no per-host selection */
	if (pp_emit_check_transport_and_ports(plan, err, errlen) != 0)
		return -1;

	struct sets sets = {0};
	struct pp_buf rules = {0};
	size_t n_rules = 0, n_boundary = 0;
	int rc = 0;
	for (size_t i = 0; i < plan->n_flows && rc == 0; i++)
		if (plan->flows[i].enforce & PP_ENF_BOUNDARY) {
			n_boundary++;
			rc = emit_flow(&plan->flows[i], &sets, &rules, &n_rules);
		}

	struct pp_buf *b = rc == 0 ? pp_emit_file(out, "portplan.nft") : NULL;
	if (b) {
		char name[COMMENT_MAX], raw[RAW_MAX], table_comment[COMMENT_MAX];
		nft_text(plan->name, name, sizeof name);
		snprintf(raw, sizeof raw, "portplan: %s", plan->name ? plan->name : "");
		nft_text(raw, table_comment, sizeof table_comment);
		pp_buf_puts(b, "#!/usr/sbin/nft -f\n");
		pp_buf_printf(b, "# portplan: boundary firewall for plan \"%s\"\n", name);
		pp_buf_printf(b, "# %zu boundary flows, %zu rules; %zu host-only flows are left to host firewalls.\n",
			      n_boundary, n_rules, plan->n_flows - n_boundary);
		pp_buf_puts(b, "# Load with: nft -f portplan.nft. It replaces table inet portplan in one\n"
			       "# transaction and touches nothing else.\n\n");
		pp_buf_puts(b, "table inet portplan\ndelete table inet portplan\n\ntable inet portplan {\n");
		pp_buf_printf(b, "\tcomment \"%s\"\n", table_comment);
		for (size_t i = 0; i < sets.n; i++) {
			const struct set *s = &sets.v[i];
			pp_buf_printf(b, "\n\tset %s {\n\t\ttype %s\n\t\tflags interval\n\t\tcomment \"%s\"\n",
				      s->name, s->family == 4 ? "ipv4_addr" : "ipv6_addr", s->comment);
			pp_buf_puts(b, "\t\telements = { ");
			for (size_t j = 0; j < s->addrs.n; j++) {
				char c[PP_CIDR_STRLEN];
				pp_buf_printf(b, "%s%s", j ? ", " : "", pp_cidr_format(&s->addrs.v[j], c, false));
			}
			pp_buf_puts(b, " }\n\t}\n");
		}
		pp_buf_puts(b, "\n\tchain forward {\n"
			       "\t\ttype filter hook forward priority filter; policy drop;\n"
			       "\t\tct state established,related accept\n"
			       "\t\tct state invalid drop\n");
		if (rules.len)
			pp_buf_put(b, rules.data, rules.len);
		pp_buf_puts(b, "\t}\n}\n");
	}
	bool failed = rc != 0 || !b || b->failed || rules.failed;
	pp_buf_free(&rules);
	sets_free(&sets);
	if (failed) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

const struct pp_emitter pp_emit_nft = { .name = "nft", .summary = "nftables script (nft -f) for a firewall between zones", .emit = emit_nft };
