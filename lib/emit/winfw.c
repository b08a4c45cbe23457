/* Shared by the Windows Firewall emitters (netsh, wfw-ps): see winfw.h. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emit/winfw.h"

/* ---------- checks ---------- */

/* A program path must arrive exactly or not at all: rather than reduce it,
 * accept only what Windows paths need (%VAR% included). */
static bool program_ok(const char *s)
{
	if (!*s || s[strlen(s) - 1] == '\\' || strlen(s) > 260)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
		    !strchr(" \\:._-()%~", *s))
			return false;
	return true;
}

/* Endpoint name for messages: printable ASCII, nothing to confuse a terminal. */
static const char *shown(const char *s, char *buf, size_t max)
{
	return pp_emit_comment(s, buf, max);
}

/* Hosts and groups have a firewall of their own; zones and "any" do not. */
static bool is_host(const struct pp_endpoint *e)
{
	return e->kind == PP_EP_HOST || e->kind == PP_EP_GROUP;
}

/* A host-enforced flow must go to a host, have one transport Windows
 * Firewall knows and a program path it can carry. */
static int check_flow(const struct pp_flow *f, char *err, size_t errlen)
{
	char s[64];
	if (!(f->enforce & PP_ENF_HOST))
		return 0;
	if (!f->dst || !f->src) {
		snprintf(err, errlen, "flow '%s' has no endpoints", shown(f->id, s, sizeof s));
		return -1;
	}
	if (!is_host(f->dst)) {
		char d[64];
		snprintf(err, errlen, "flow '%s' is enforced on its destination host, but '%s' is not a host",
			 shown(f->id, s, sizeof s), shown(f->dst->name, d, sizeof d));
		return -1;
	}
	if (!pp_emit_transport_name(f->transport)) {
		snprintf(err, errlen, "flow '%s' has no single transport", shown(f->id, s, sizeof s));
		return -1;
	}
	if (f->program && !program_ok(f->program)) {
		char p[128];
		snprintf(err, errlen, "flow '%s': program path '%s' has characters a rule cannot carry",
			 shown(f->id, s, sizeof s), shown(f->program, p, sizeof p));
		return -1;
	}
	return 0;
}

/* ---------- hosts ---------- */

#define STEM_SIZE (WINFW_IDENT_MAX + 8)

/* A file name stem from pp_emit_ident that common.c's path check accepts
 * and Windows can create: no "..", no leading or trailing dot, no device
 * name (CON, NUL, COM1, ...). */
static void host_stem(const char *name, char out[WINFW_IDENT_MAX + 2])
{
	char id[WINFW_IDENT_MAX];
	pp_emit_ident(name, id, sizeof id);
	size_t n = strlen(id);
	for (size_t i = 0; i < n; i++)
		if (id[i] == '.' && (i == 0 || i + 1 == n || id[i - 1] == '.'))
			id[i] = '_';
	static const char *const dev[] = {"CON", "PRN", "AUX", "NUL", "COM", "LPT"};
	size_t base = strcspn(id, ".");
	bool reserved = false;
	for (size_t i = 0; i < sizeof dev / sizeof *dev; i++)
		if (strncasecmp(id, dev[i], 3) == 0 &&
		    (i < 4 ? base == 3 : base == 4 && id[3] >= '0' && id[3] <= '9'))
			reserved = true;
	snprintf(out, WINFW_IDENT_MAX + 2, "%s%s", reserved ? "_" : "", id);
}

/* Unique stems for every host and group, in plan order, so a host's file
 * name does not depend on --host or on which hosts have rules. */
static char (*host_stems(const struct pp_plan *plan))[STEM_SIZE]
{
	char (*stems)[STEM_SIZE] = calloc(plan->n_endpoints + 1, sizeof *stems);
	if (!stems)
		return NULL;
	for (size_t i = 0; i < plan->n_endpoints; i++) {
		if (!is_host(plan->endpoints[i]))
			continue;
		char base[WINFW_IDENT_MAX + 2];
		host_stem(plan->endpoints[i]->name, base);
		snprintf(stems[i], sizeof stems[i], "%s", base);
		for (unsigned k = 2;; k++) {
			bool taken = false;
			for (size_t j = 0; j < i && !taken; j++)
				taken = strcasecmp(stems[j], stems[i]) == 0; /* Windows folds case */
			if (!taken)
				break;
			snprintf(stems[i], sizeof stems[i], "%s-%u", base, k);
		}
	}
	return stems;
}

/* ---------- rules ---------- */

/* The rules for f; none when no source address can reach a destination
 * address (a v6-only source to a v4-only host). */
static size_t flow_rules(const struct pp_flow *f, struct winfw_rule out[2])
{
	unsigned both = pp_emit_families(f->src_addrs, f->n_src_addrs) &
			(f->n_dst_addrs ? pp_emit_families(f->dst_addrs, f->n_dst_addrs)
					: PP_EMIT_FAM4 | PP_EMIT_FAM6);
	size_t n = 0;
	if (f->transport == PP_TR_ICMP) {
		if (both & PP_EMIT_FAM4)
			out[n++] = (struct winfw_rule){PP_EMIT_FAM4, "-v4", NULL};
		if (both & PP_EMIT_FAM6)
			out[n++] = (struct winfw_rule){PP_EMIT_FAM6, "-v6", NULL};
		return n;
	}
	if (!both)
		return 0;
	static const struct {
		unsigned tr;
		const char *proto;
	} protos[] = {{PP_TR_TCP, "TCP"}, {PP_TR_UDP, "UDP"}, {PP_TR_GRE, "47"},
		      {PP_TR_ESP, "50"}, {PP_TR_AH, "51"}};
	for (size_t i = 0; i < sizeof protos / sizeof *protos; i++)
		if (f->transport == protos[i].tr)
			out[n++] = (struct winfw_rule){both, "", protos[i].proto};
	return n;
}

static void put_item(struct pp_buf *b, const char **sep, const struct winfw_lists *l,
		     const char *item)
{
	pp_buf_printf(b, "%s%s%s%s", *sep, l->quote, item, l->quote);
	*sep = ",";
}

void winfw_put_remote(struct pp_buf *b, const struct pp_flow *f, unsigned fams,
		      const struct winfw_lists *l)
{
	const char *sep = "";
	if ((pp_emit_any_families(f->src_addrs, f->n_src_addrs) & fams) == fams) {
		put_item(b, &sep, l, l->any);
		return;
	}
	for (size_t i = 0; i < f->n_src_addrs; i++) {
		const struct pp_cidr *c = &f->src_addrs[i];
		char s[PP_CIDR_STRLEN];
		if (!(fams & (c->family == 4 ? PP_EMIT_FAM4 : PP_EMIT_FAM6)))
			continue;
		/* Windows takes ranges, not /0. */
		put_item(b, &sep, l, c->prefix ? pp_cidr_format(c, s, false)
				     : c->family == 4 ? "0.0.0.0-255.255.255.255"
						      : "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	}
}

void winfw_put_ports(struct pp_buf *b, const struct pp_flow *f, const struct winfw_lists *l)
{
	bool kw = f->transport == PP_TR_TCP && f->dst->windows == PP_WIN_MODERN;
	bool epmap = false;
	for (size_t i = 0; kw && (f->rpc & PP_RPC_EPMAP) && i < f->n_ports; i++)
		epmap |= f->ports[i].lo <= 135 && 135 <= f->ports[i].hi;
	const char *sep = "";
	if (epmap)
		put_item(b, &sep, l, l->epmap);
	if (kw && (f->rpc & PP_RPC_DYNAMIC)) {
		put_item(b, &sep, l, "RPC"); /* the dynamic range is all the rest */
		return;
	}
	for (size_t i = 0; i < f->n_ports; i++) {
		struct pp_range r[2] = {f->ports[i], {1, 0}};
		if (epmap && r[0].lo <= 135 && 135 <= r[0].hi) {
			r[1] = (struct pp_range){136, r[0].hi};
			r[0].hi = 134;
		}
		for (size_t k = 0; k < 2; k++) {
			char s[16];
			if (r[k].lo > r[k].hi)
				continue;
			if (r[k].lo == r[k].hi)
				snprintf(s, sizeof s, "%u", r[k].lo);
			else
				snprintf(s, sizeof s, "%u-%u", r[k].lo, r[k].hi);
			put_item(b, &sep, l, s);
		}
	}
	if (!*sep)
		put_item(b, &sep, l, l->any);
}

void winfw_put_description(struct pp_buf *b, const struct pp_plan *plan, const struct pp_flow *f,
			   const struct winfw_rule *r,
			   void (*text)(struct pp_buf *b, const char *s, size_t max))
{
	char id[WINFW_IDENT_MAX];
	pp_buf_printf(b, "portplan %s%s (plan ", pp_emit_ident(f->id, id, sizeof id), r->suffix);
	text(b, plan->name, WINFW_TEXT_MAX);
	pp_buf_puts(b, "): ");
	text(b, f->name, WINFW_TEXT_MAX);
	pp_buf_puts(b, ", ");
	text(b, f->src->name, WINFW_TEXT_MAX);
	pp_buf_puts(b, " to ");
	text(b, f->dst->name, WINFW_TEXT_MAX);
	if (f->n_refs)
		pp_buf_puts(b, "; catalog");
	for (size_t i = 0; i < f->n_refs; i++) {
		pp_buf_putc(b, ' ');
		text(b, f->refs[i], WINFW_TEXT_MAX);
	}
}

/* ---------- files ---------- */

/* One host's script: head, its rules named portplan-<flow id><suffix> in
 * plan order (two rules of one name are an error), tail. */
/* Host-enforced flows by destination: one sort instead of a pass over
 * every flow for every host (10,000 hosts would be 10^9 steps). */
struct by_dst {
	const struct pp_endpoint *dst;
	size_t flow;
};

static int cmp_by_dst(const void *a, const void *b)
{
	const struct by_dst *x = a, *y = b;
	if (x->dst != y->dst)
		return (uintptr_t)x->dst < (uintptr_t)y->dst ? -1 : 1;
	return x->flow < y->flow ? -1 : x->flow > y->flow;
}

/* The run of index entries for host, or an empty run. */
static const struct by_dst *flows_of(const struct by_dst *index, size_t n, const struct pp_endpoint *host,
				     size_t *count)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)index[mid].dst < (uintptr_t)host)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && index[end].dst == host)
		end++;
	*count = end - lo;
	return index + lo;
}

static int emit_host(const struct pp_plan *plan, const struct pp_endpoint *host, const char *stem,
		     const struct by_dst *mine, size_t n_mine, struct pp_emit_out *out, char *err,
		     size_t errlen, const struct winfw_script *script)
{
	char path[WINFW_IDENT_MAX + 32];
	snprintf(path, sizeof path, "%s/%s.%s", script->dir, stem, script->ext);
	struct pp_buf *b = pp_emit_file(out, path);
	if (!b) {
		snprintf(err, errlen, "cannot create '%s'", path);
		return -1;
	}
	struct pp_buf names = {0};
	script->head(b, host, stem);
	int rc = 0;
	for (size_t m = 0; m < n_mine && rc == 0; m++) {
		const struct pp_flow *f = &plan->flows[mine[m].flow];
		struct winfw_rule r[2];
		size_t n = flow_rules(f, r);
		for (size_t k = 0; k < n && rc == 0; k++) {
			char id[WINFW_IDENT_MAX], name[WINFW_IDENT_MAX + 16], quoted[WINFW_IDENT_MAX + 20];
			snprintf(name, sizeof name, "portplan-%s%s", pp_emit_ident(f->id, id, sizeof id),
				 r[k].suffix);
			snprintf(quoted, sizeof quoted, "%c%s%c", script->quote, name, script->quote);
			if (names.data && strstr(names.data, quoted)) {
				snprintf(err, errlen, "two rules for '%s' would be named '%s'", stem, name);
				rc = -1;
				break;
			}
			pp_buf_printf(&names, "%s%s", names.len ? "," : "", quoted);
			script->rule(b, plan, f, name, &r[k]);
		}
	}
	script->tail(b, &names);
	if (rc == 0 && (b->failed || names.failed)) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	pp_buf_free(&names);
	return rc;
}

int winfw_emit(const struct pp_plan *plan, const struct pp_emit_options *opt,
	       struct pp_emit_out *out, char *err, size_t errlen,
	       const struct winfw_script *script)
{
	for (size_t i = 0; i < plan->n_flows; i++)
		if (check_flow(&plan->flows[i], err, errlen) != 0)
			return -1;
	char (*stems)[STEM_SIZE] = host_stems(plan);
	if (!stems) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* --host names a host or group by its name, or by its file name stem. */
	const struct pp_endpoint *only = NULL;
	if (opt && opt->host) {
		for (size_t i = 0; i < plan->n_endpoints && !only; i++)
			if (strcmp(plan->endpoints[i]->name, opt->host) == 0)
				only = plan->endpoints[i];
		for (size_t i = 0; i < plan->n_endpoints && !only; i++)
			if (is_host(plan->endpoints[i]) && strcmp(stems[i], opt->host) == 0)
				only = plan->endpoints[i];
		char s[64];
		if (!only || !is_host(only)) {
			snprintf(err, errlen, only ? "'%s' is not a host or group" : "unknown host '%s'",
				 shown(opt->host, s, sizeof s));
			free(stems);
			return -1;
		}
	}
	struct by_dst *index = malloc((plan->n_flows + 1) * sizeof *index);
	if (!index) {
		free(stems);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t n_index = 0;
	for (size_t k = 0; k < plan->n_flows; k++)
		if (plan->flows[k].enforce & PP_ENF_HOST)
			index[n_index++] = (struct by_dst){plan->flows[k].dst, k};
	qsort(index, n_index, sizeof *index, cmp_by_dst);
	int rc = 0;
	for (size_t i = 0; i < plan->n_endpoints && rc == 0; i++) {
		const struct pp_endpoint *e = plan->endpoints[i];
		if (!is_host(e) || (only && e != only))
			continue;
		size_t n_mine;
		const struct by_dst *mine = flows_of(index, n_index, e, &n_mine);
		/* The chosen host gets a file even without rules. */
		if (n_mine || only)
			rc = emit_host(plan, e, stems[i], mine, n_mine, out, err, errlen, script);
	}
	free(index);
	free(stems);
	return rc;
}
