/* The plan container: endpoints, flows and registry values in one arena. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/plan.h"
#include "util/arena.h"

struct pp_plan_private {
	struct pp_arena arena;
	size_t cap_endpoints, cap_flows, cap_reg, cap_warnings;
};

/* Make room for one more element. Flows and registry values may move when
 * their array grows (nothing points to them); endpoints are allocated one
 * by one in the arena and the array holds pointers, so they never move. */
static void *grow(void *array, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return array;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(array, c * size);
	if (!p) {
		fputs("portplan: out of memory\n", stderr);
		abort();
	}
	*cap = c;
	return p;
}

struct pp_plan *pp_plan_new(const char *name)
{
	struct pp_plan *plan = calloc(1, sizeof *plan);
	struct pp_plan_private *priv = calloc(1, sizeof *priv);
	if (!plan || !priv) {
		free(plan);
		free(priv);
		return NULL;
	}
	plan->priv = priv;
	plan->name = pp_arena_strdup(&priv->arena, name ? name : "");
	return plan;
}

void pp_plan_free(struct pp_plan *plan)
{
	if (!plan)
		return;
	free(plan->endpoints);
	free(plan->flows);
	free(plan->reg_values);
	free(plan->warnings);
	pp_arena_free(&plan->priv->arena);
	free(plan->priv);
	free(plan);
}

const char *pp_plan_strdup(struct pp_plan *plan, const char *s)
{
	return pp_arena_strdup(&plan->priv->arena, s);
}

void *pp_plan_alloc(struct pp_plan *plan, size_t size)
{
	return pp_arena_alloc(&plan->priv->arena, size);
}

struct pp_endpoint *pp_plan_add_endpoint(struct pp_plan *plan, const char *name,
					 enum pp_endpoint_kind kind, const char *zone,
					 const char *addrs)
{
	struct pp_arena *a = &plan->priv->arena;
	size_t n = 0;
	struct pp_cidr *v = NULL;
	if (addrs && *addrs) {
		size_t max = 1;
		for (const char *p = addrs; *p; p++)
			max += *p == ',';
		v = pp_arena_alloc(a, max * sizeof *v);
		char *copy = pp_arena_strdup(a, addrs), *save = NULL;
		for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
			if (pp_cidr_parse(t, &v[n++]) != 0)
				return NULL;
	}
	return pp_plan_add_endpoint_cidrs(plan, name, kind, zone, v, n);
}

struct pp_endpoint *pp_plan_add_endpoint_cidrs(struct pp_plan *plan, const char *name,
					       enum pp_endpoint_kind kind, const char *zone,
					       const struct pp_cidr *addrs, size_t n_addrs)
{
	struct pp_arena *a = &plan->priv->arena;
	struct pp_cidr *v = pp_arena_alloc(a, (n_addrs + 1) * sizeof *v);
	if (n_addrs)
		memcpy(v, addrs, n_addrs * sizeof *v);
	struct pp_endpoint *ep = pp_arena_alloc(a, sizeof *ep);
	*ep = (struct pp_endpoint){.name = pp_arena_strdup(a, name), .kind = kind,
				   .zone = pp_arena_strdup(a, zone), .addrs = v,
				   .n_addrs = pp_cidr_merge(v, n_addrs)};
	plan->endpoints = grow(plan->endpoints, &plan->priv->cap_endpoints, plan->n_endpoints,
			       sizeof *plan->endpoints);
	plan->endpoints[plan->n_endpoints++] = ep;
	return ep;
}

static const char **copy_strings(struct pp_arena *a, const char *const *v, size_t n)
{
	if (!n)
		return NULL;
	const char **out = pp_arena_alloc(a, n * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = pp_arena_strdup(a, v[i]);
	return out;
}

/* A flow's addresses: shared with its endpoint when they are the
 * endpoint's own (already merged, in this plan's arena), else copied and
 * merged. Thousands of flows from one big group then share one array. */
static const struct pp_cidr *copy_addrs(struct pp_plan *plan, const struct pp_endpoint *ep,
					const struct pp_cidr *v, size_t *n)
{
	if (ep && v == ep->addrs && *n == ep->n_addrs)
		return v;
	struct pp_cidr *copy = pp_arena_alloc(&plan->priv->arena, (*n + 1) * sizeof *copy);
	if (*n)
		memcpy(copy, v, *n * sizeof *copy);
	*n = pp_cidr_merge(copy, *n);
	return copy;
}

struct pp_flow *pp_plan_add_flow(struct pp_plan *plan, const struct pp_flow *flow)
{
	struct pp_arena *a = &plan->priv->arena;
	plan->flows = grow(plan->flows, &plan->priv->cap_flows, plan->n_flows, sizeof *plan->flows);
	struct pp_flow *f = &plan->flows[plan->n_flows++];
	*f = *flow;
	f->id = flow->id ? pp_arena_strdup(a, flow->id) : pp_arena_printf(a, "f%03zu", plan->n_flows);
	f->name = pp_arena_strdup(a, flow->name);
	f->src_addrs = copy_addrs(plan, flow->src, flow->src_addrs, &f->n_src_addrs);
	f->dst_addrs = copy_addrs(plan, flow->dst, flow->dst_addrs, &f->n_dst_addrs);
	struct pp_range *ports = pp_arena_alloc(a, (flow->n_ports + 1) * sizeof *ports);
	if (flow->n_ports)
		memcpy(ports, flow->ports, flow->n_ports * sizeof *ports);
	f->n_ports = pp_ranges_merge(ports, flow->n_ports);
	f->ports = ports;
	f->src_zone = pp_arena_strdup(a, flow->src_zone);
	f->dst_zone = pp_arena_strdup(a, flow->dst_zone);
	f->program = pp_arena_strdup(a, flow->program);
	f->auth = (struct pp_text){pp_arena_strdup(a, flow->auth.ja), pp_arena_strdup(a, flow->auth.en)};
	f->encryption = (struct pp_text){pp_arena_strdup(a, flow->encryption.ja),
					 pp_arena_strdup(a, flow->encryption.en)};
	f->refs = copy_strings(a, flow->refs, flow->n_refs);
	f->explain = pp_arena_strdup(a, flow->explain);
	return f;
}

struct pp_reg_value *pp_plan_add_reg_value(struct pp_plan *plan, const struct pp_reg_value *v)
{
	struct pp_arena *a = &plan->priv->arena;
	plan->reg_values = grow(plan->reg_values, &plan->priv->cap_reg, plan->n_reg_values,
				sizeof *plan->reg_values);
	struct pp_reg_value *r = &plan->reg_values[plan->n_reg_values++];
	*r = *v;
	r->key = pp_arena_strdup(a, v->key);
	r->value_name = pp_arena_strdup(a, v->value_name);
	r->value_type = pp_arena_strdup(a, v->value_type);
	r->pin = pp_arena_strdup(a, v->pin);
	r->product = pp_arena_strdup(a, v->product);
	return r;
}

void pp_plan_warn(struct pp_plan *plan, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[512];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	plan->warnings = grow(plan->warnings, &plan->priv->cap_warnings, plan->n_warnings,
			      sizeof *plan->warnings);
	plan->warnings[plan->n_warnings++] = pp_arena_strdup(&plan->priv->arena, tmp);
}
