/*
 * The planner (see include/portplan/planner.h for what it derives and why).
 *
 * It works in two steps: every reason for traffic becomes a raw flow (one
 * catalog row, one source, one destination, one transport), then raw flows
 * that share endpoints, addresses, transport and RPC class are merged.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/planner.h"
#include "util/text.h"

#define MAX_RANGES 64
/* Classes this small are planned host by host, so that a server never
 * appears as its own source; larger ones are planned as one. */
#define SMALL_CLASS 16

/* Where one end of a flow is: an endpoint, with the addresses and zone of
 * the interface that carries the role. */
struct end {
	const struct pp_dep_host *host; /* NULL for the implicit "any" */
	size_t rank;                    /* position in the file; "any" last */
	struct pp_endpoint *ep;
	const struct pp_cidr *addrs;
	size_t n_addrs;
	const char *zone;
	const struct pp_role *role;     /* the catalog role held */
	enum pp_windows generation;
};

struct raw {
	struct end src, dst;
	unsigned transport;
	size_t range_at;              /* ports: pool[range_at .. +n_ranges) */
	size_t n_ranges;
	unsigned rpc;
	const char *program;
	struct pp_text auth, encryption;
	const char *ref;
	const char *name;
	const char *why;
};

struct planner {
	const struct pp_deployment *dep;
	struct pp_diags *d;
	struct pp_plan *plan;
	struct pp_endpoint **host_ep; /* by index in dep->hosts */
	struct pp_endpoint *any_ep;   /* made when first needed */
	struct raw *raws;
	size_t n_raws, cap_raws;
	struct pp_range *pool;        /* the ports of every raw flow */
	size_t n_pool, cap_pool;
	bool *warned_version;         /* by host index */
	const char **zone_of;         /* by host index, interned */
	struct pp_endpoint **groups;  /* source groups made so far, for reuse */
	size_t n_groups, cap_groups;
	struct class *classes;        /* hosts that plan alike, as sources */
	size_t n_classes;
	size_t *class_of;             /* by host index */
	char told[64][256];           /* missing pins already reported */
	size_t n_told;
	bool failed;
};

static void warn(struct planner *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void warn(struct planner *p, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pp_diag_add(p->d, true, line, col, 0, NULL, "%s", msg);
	pp_plan_warn(p->plan, "%s", msg);
}

/* ---------- roles and endpoints ---------- */

static bool family(const char *declared, const char *id)
{
	size_t n = strlen(declared);
	return strncmp(declared, id, n) == 0 && (id[n] == '\0' || id[n] == '-');
}

/* Does a declared role cover the catalog role wanted? A role covers itself
 * and its family (lync-2013/edge covers edge-access, edge-av, ...), and a
 * wanted role covers what it includes, transitively (lync-2013:internal
 * includes internal-servers and network:internal-clients). */
static bool covers_depth(const struct pp_role *declared, const char *product, const char *id,
			 int depth)
{
	if (strcmp(declared->product, product) == 0 && family(declared->id, id))
		return true;
	const struct pp_role *wanted = pp_role_find(product, id);
	for (size_t i = 0; wanted && depth < 4 && i < wanted->n_includes; i++) {
		const char *inc = wanted->includes[i], *colon = strchr(inc, ':');
		char prod[64];
		if (colon && (size_t)(colon - inc) < sizeof prod) {
			snprintf(prod, sizeof prod, "%.*s", (int)(colon - inc), inc);
			if (covers_depth(declared, prod, colon + 1, depth + 1))
				return true;
		} else if (!colon && covers_depth(declared, product, inc, depth + 1)) {
			return true;
		}
	}
	return false;
}

static bool covers(const struct pp_role *declared, const char *product, const char *id)
{
	return covers_depth(declared, product, id, 0);
}

/*
 * Sources in classes: hosts (without interfaces) that share zone, group-ness,
 * Windows generation and roles send exactly the same flows, so they are
 * planned once, as one end with all their addresses. Without this, 4,000
 * mailbox servers replicating to each other would be 16 million raw flows.
 * A class includes the destination itself when both are in it; a rule that
 * lets a host reach itself is harmless, since that never crosses a firewall.
 */
struct class {
	size_t first;                 /* host index of the first member */
	size_t n_members;
	struct pp_endpoint *ep;       /* the host, or a group of all members */
	struct pp_cidr *addrs;
	size_t n_addrs;
};

static bool same_kind(const struct pp_dep_host *a, const struct pp_dep_host *b)
{
	if (a->group != b->group || a->generation != b->generation || a->n_ifaces || b->n_ifaces ||
	    strcmp(a->zone, b->zone) != 0 || a->n_roles != b->n_roles || !a->windows != !b->windows)
		return false;
	for (size_t i = 0; i < a->n_roles; i++) {
		bool found = false;
		for (size_t j = 0; j < b->n_roles && !found; j++)
			found = a->roles[i].role == b->roles[j].role;
		if (!found)
			return false;
	}
	return true;
}

static struct pp_endpoint *group_endpoint(struct planner *p, const struct pp_endpoint *const *members,
					  size_t n, const char *zone, const struct pp_cidr *addrs,
					  size_t n_addrs);
static size_t holders(struct planner *p, const char *product, const char *id, struct end *out,
		      size_t max);

static void build_classes(struct planner *p)
{
	const struct pp_deployment *dep = p->dep;
	p->classes = calloc(dep->n_hosts + 1, sizeof *p->classes);
	p->class_of = calloc(dep->n_hosts + 1, sizeof *p->class_of);
	if (!p->classes || !p->class_of)
		abort();
	/* Hosts hash into classes by a cheap key first, then compare. */
	for (size_t i = 0; i < dep->n_hosts; i++) {
		const struct pp_dep_host *h = &dep->hosts[i];
		size_t c;
		for (c = p->n_classes; c-- > 0;)
			if (same_kind(&dep->hosts[p->classes[c].first], h))
				break;
		if (c == (size_t)-1) {
			c = p->n_classes++;
			p->classes[c].first = i;
		}
		p->classes[c].n_members++;
		p->class_of[i] = c;
	}
	for (size_t c = 0; c < p->n_classes; c++) {
		struct class *k = &p->classes[c];
		if (k->n_members <= SMALL_CLASS) { /* planned host by host */
			k->ep = p->host_ep[k->first];
			k->addrs = dep->hosts[k->first].addrs;
			k->n_addrs = dep->hosts[k->first].n_addrs;
			continue;
		}
		const struct pp_endpoint **members = malloc(k->n_members * sizeof *members);
		size_t total = 0, m = 0;
		for (size_t i = k->first; i < dep->n_hosts; i++)
			if (p->class_of[i] == c) {
				members[m++] = p->host_ep[i];
				total += dep->hosts[i].n_addrs;
			}
		struct pp_cidr *addrs = malloc((total + 1) * sizeof *addrs);
		if (!members || !addrs)
			abort();
		size_t na = 0;
		for (size_t i = k->first; i < dep->n_hosts; i++)
			if (p->class_of[i] == c) {
				memcpy(addrs + na, dep->hosts[i].addrs, dep->hosts[i].n_addrs * sizeof *addrs);
				na += dep->hosts[i].n_addrs;
			}
		k->ep = group_endpoint(p, members, m, dep->hosts[k->first].zone, addrs, na);
		k->addrs = (struct pp_cidr *)k->ep->addrs;
		k->n_addrs = k->ep->n_addrs;
		free(members);
		free(addrs);
	}
}

/* The classes of hosts that hold product:id, as source ends. hosts is
 * scratch space; both arrays hold n_hosts + 1 ends (every host, or "any"). */
static size_t source_holders(struct planner *p, const char *product, const char *id,
			     struct end *hosts, struct end *out)
{
	size_t max = p->dep->n_hosts + 1;
	size_t nh = holders(p, product, id, hosts, max), n = 0;
	bool *done = calloc(p->n_classes + 1, sizeof *done);
	if (!done)
		abort();
	for (size_t i = 0; i < nh && n < max; i++) {
		if (!hosts[i].host) { /* the implicit "any" */
			out[n++] = hosts[i];
			continue;
		}
		size_t c = p->class_of[hosts[i].rank];
		struct class *k = &p->classes[c];
		if (k->n_members <= SMALL_CLASS || hosts[i].host->n_ifaces) {
			out[n++] = hosts[i];
			continue;
		}
		if (done[c])
			continue;
		done[c] = true;
		out[n] = hosts[i];
		out[n].host = NULL; /* many hosts: never "the same host" as a destination */
		out[n].ep = k->ep;
		out[n].addrs = k->addrs;
		out[n].n_addrs = k->n_addrs;
		out[n].generation = hosts[i].host->generation;
		n++;
	}
	free(done);
	return n;
}

/* Zone names interned: ends compare zones by pointer in the sort. */
static const char *zone_name(const struct planner *p, const char *name)
{
	for (size_t i = 0; name && i < p->dep->n_zones; i++)
		if (strcmp(p->dep->zones[i].name, name) == 0)
			return p->dep->zones[i].name;
	return name;
}

static struct pp_endpoint *any_endpoint(struct planner *p)
{
	if (!p->any_ep)
		p->any_ep = pp_plan_add_endpoint(p->plan, "any", PP_EP_ANY, NULL, "0.0.0.0/0, ::/0");
	return p->any_ep;
}

/* Every end that holds role product:id. */
static size_t holders(struct planner *p, const char *product, const char *id, struct end *out,
		      size_t max)
{
	const struct pp_deployment *dep = p->dep;
	const struct pp_catalog *c = pp_catalog();
	/* Which catalog roles cover the wanted one, once, not once per host. */
	bool *cov = calloc(c->n_roles + 1, sizeof *cov);
	if (!cov)
		abort();
	for (size_t r = 0; r < c->n_roles; r++)
		cov[r] = covers(&c->roles[r], product, id);
	size_t n = 0;
	for (size_t i = 0; i < dep->n_hosts && n < max; i++) {
		const struct pp_dep_host *h = &dep->hosts[i];
		const struct pp_role *held = NULL;
		for (size_t k = 0; k < h->n_roles && !held; k++)
			if (cov[h->roles[k].role - c->roles])
				held = h->roles[k].role;
		if (!held)
			continue;
		struct end e = {h, i, p->host_ep[i], h->addrs, h->n_addrs, p->zone_of[i], held,
				h->generation};
		/* A two-legged host answers on the leg that carries the role. */
		for (size_t f = 0; f < h->n_ifaces; f++)
			for (size_t k = 0; k < h->ifaces[f].n_roles; k++)
				if (cov[h->ifaces[f].roles[k].role - c->roles]) {
					e.addrs = h->ifaces[f].addrs;
					e.n_addrs = h->ifaces[f].n_addrs;
					e.zone = zone_name(p, h->ifaces[f].zone);
				}
		out[n++] = e;
	}
	free(cov);
	if (n == 0 && strcmp(product, "network") == 0 && strcmp(id, "any") == 0 && max > 0) {
		struct pp_endpoint *any = any_endpoint(p);
		static const struct pp_role any_role = {.product = "network", .id = "any",
							.name = {"任意", "Any"}};
		out[n++] = (struct end){NULL, dep->n_hosts, any, any->addrs, any->n_addrs, NULL, &any_role,
					PP_WIN_NONE};
	}
	return n;
}

/* ---------- ports ---------- */

static bool is_rpc_proto(const struct pp_ports *row)
{
	return (row->proto.en && pp_contains_ci(row->proto.en, "RPC")) ||
	       (row->proto.ja && pp_contains_ci(row->proto.ja, "RPC"));
}

static bool has_port(const struct pp_ports *row, unsigned port)
{
	for (size_t i = 0; i < row->n_ranges; i++)
		if (row->ranges[i].lo <= port && port <= row->ranges[i].hi)
			return true;
	return (row->symbols & PP_SYM_RPC_EPMAP) && port == 135;
}

/* The RPC dynamic ports of a destination host: the range of its Windows
 * generation (003, lines 4-10). Pinned ports come only from the catalog
 * rows that say `pinned`: a pin fixes one interface, not every RPC service
 * of the host. */
static size_t dynamic_rpc(struct planner *p, const struct end *dst, struct pp_range *out,
			  unsigned *rpc)
{
	const struct pp_deployment *dep = p->dep;
	size_t n = 0;
	*rpc = PP_RPC_DYNAMIC;
	enum pp_windows gen = dst->host ? dst->host->generation : dst->generation;
	if (gen == PP_WIN_NONE && dst->host) {
		if (!p->warned_version[dst->rank]) {
			p->warned_version[dst->rank] = true;
			warn(p, dst->host->line, dst->host->col,
			     "'%s' has no Windows version: its RPC dynamic range is taken as %s",
			     dst->host->name,
			     dep->options.legacy_windows ? "both 1025-5000 and 49152-65535" : "49152-65535");
		}
		gen = dep->options.legacy_windows ? PP_WIN_MIXED : PP_WIN_MODERN;
	}
	if (gen == PP_WIN_LEGACY || gen == PP_WIN_MIXED)
		out[n++] = (struct pp_range){PP_DYNAMIC_RPC_LEGACY_LO, PP_DYNAMIC_RPC_LEGACY_HI};
	if (gen != PP_WIN_LEGACY)
		out[n++] = (struct pp_range){PP_DYNAMIC_RPC_LO, PP_DYNAMIC_RPC_HI};
	return n;
}

/* Two catalog pins that name the same registry value (the registry is
 * case-insensitive): 000 gives NTDS\Parameters "TCP/IP Port" once for a
 * global catalog and once for the front-end's domain controllers. */
static bool same_value(const struct pp_registry_pin *a, const char *b_id)
{
	const struct pp_registry_pin *b = pp_registry_pin_find(b_id);
	return a == b || (b && pp_eq_ci(a->key, b->key) && pp_eq_ci(a->value_name, b->value_name));
}

/* The ports a `pinned` row means on this destination: the deployment's pins
 * of the registry values the row names. */
static size_t pinned_ports(struct planner *p, const struct pp_ports *row, const struct end *dst,
			   struct pp_range *out, const char *why_src, unsigned *missing)
{
	const struct pp_deployment *dep = p->dep;
	size_t n = 0;
	*missing = 0;
	for (size_t k = 0; k < row->n_pins; k++) {
		bool found = false;
		for (size_t i = 0; dst->host && i < dep->n_pins; i++)
			if (dep->pins[i].host == dst->host && same_value(dep->pins[i].pin, row->pins[k]) &&
			    n < MAX_RANGES) {
				out[n++] = (struct pp_range){dep->pins[i].port, dep->pins[i].port};
				found = true;
			}
		if (!found && dst->host) {
			(*missing)++;
			/* Once per host and value, not per transport or source. */
			char key[256];
			snprintf(key, sizeof key, "%zu %s", dst->rank, row->pins[k]);
			bool told = false;
			for (size_t t = 0; t < p->n_told; t++)
				told |= strcmp(p->told[t], key) == 0;
			if (told || p->n_told == sizeof p->told / sizeof *p->told)
				continue;
			snprintf(p->told[p->n_told++], sizeof *p->told, "%s", key);
			pp_diag_add(p->d, false, dst->host->line, dst->host->col, 0,
				    "add it under pins: (host, pin, port); portplan query NTDS or MSExchangeSA shows the values",
				    "'%s' needs a static port for registry value %s (%s): %s crosses a firewall to it",
				    dst->host->name, row->pins[k], pp_registry_pin_find(row->pins[k])
				    ? pp_registry_pin_find(row->pins[k])->value_name : "?", why_src);
		}
	}
	return n;
}

/* ---------- raw flows ---------- */

static struct raw *new_raw(struct planner *p)
{
	if (p->n_raws == p->cap_raws) {
		size_t cap = p->cap_raws ? p->cap_raws * 2 : 256;
		struct raw *r = realloc(p->raws, cap * sizeof *r);
		if (!r)
			abort();
		p->raws = r;
		p->cap_raws = cap;
	}
	struct raw *r = &p->raws[p->n_raws++];
	memset(r, 0, sizeof *r);
	return r;
}

/* Is [lo, hi] inside the numeric ranges (and endpoint mapper) of a row? */
static bool within(const struct pp_ports *row, unsigned lo, unsigned hi)
{
	unsigned cursor = lo;
	bool moved = true;
	while (cursor <= hi && moved) {
		moved = false;
		for (size_t i = 0; i < row->n_ranges; i++)
			if (row->ranges[i].lo <= cursor && cursor <= row->ranges[i].hi) {
				cursor = row->ranges[i].hi + 1u;
				moved = true;
			}
		if (!moved && cursor == 135 && row->symbols & PP_SYM_RPC_EPMAP) {
			cursor = 136;
			moved = true;
		}
	}
	return cursor > hi;
}

/* A vendor rule's program when exactly one program-restricted rule of the
 * destination role admits all these ports (dynamic RPC through the rule's
 * "Dynamic RPC" ports); NULL otherwise, or when GFW rules are acceptable. */
static const char *vendor_program(struct planner *p, const struct raw *r)
{
	if (p->dep->options.any_program || !r->dst.role || !r->n_ranges)
		return NULL;
	const struct pp_catalog *c = pp_catalog();
	const char *program = NULL;
	for (size_t i = 0; i < c->n_fw_rules; i++) {
		const struct pp_fw_rule *fw = &c->fw_rules[i];
		if (fw->any_program || !fw->program || strcmp(fw->product, r->dst.role->product) != 0 ||
		    !(fw->ports.transport & r->transport) || fw->ports.symbols & PP_SYM_ANY)
			continue;
		bool role = false;
		for (size_t k = 0; k < fw->n_roles; k++)
			role |= strcmp(fw->roles[k], r->dst.role->id) == 0;
		bool all = role;
		const struct pp_range *ranges = p->pool + r->range_at;
		for (size_t k = 0; k < r->n_ranges && all; k++)
			all = (r->rpc & PP_RPC_DYNAMIC) ? (fw->ports.symbols & PP_SYM_DYNAMIC_RPC) != 0
							: within(&fw->ports, ranges[k].lo, ranges[k].hi);
		if (!all)
			continue;
		if (program && strcmp(program, fw->program) != 0)
			return NULL; /* two programs share these ports: no restriction */
		program = fw->program;
	}
	return program;
}

static void add_raw(struct planner *p, const struct end *src, const struct end *dst,
		    unsigned transport, const struct pp_range *ranges, size_t n, unsigned rpc,
		    const struct pp_ports *row, const char *ref, const char *why, struct pp_text auth,
		    struct pp_text enc)
{
	if (src->host && src->host == dst->host)
		return; /* a server does not cross a firewall to itself */
	struct raw *r = new_raw(p);
	r->src = *src;
	r->dst = *dst;
	r->transport = transport;
	if (p->n_pool + n > p->cap_pool) {
		size_t cap = p->cap_pool ? p->cap_pool * 2 : 1024;
		while (cap < p->n_pool + n)
			cap *= 2;
		struct pp_range *grown = realloc(p->pool, cap * sizeof *grown);
		if (!grown)
			abort();
		p->pool = grown;
		p->cap_pool = cap;
	}
	if (n)
		memcpy(p->pool + p->n_pool, ranges, n * sizeof *ranges);
	r->range_at = p->n_pool;
	r->n_ranges = n;
	p->n_pool += n;
	r->rpc = rpc;
	r->ref = ref;
	r->why = why;
	r->name = row && row->proto.en ? row->proto.en : why;
	r->auth = auth;
	r->encryption = enc;
	r->program = vendor_program(p, r);
}

/* One catalog row between two ends: split by transport, resolve symbols. */
static void add_row(struct planner *p, const struct end *src, const struct end *dst,
		    const struct pp_ports *row, const char *ref, const char *why, struct pp_text auth,
		    struct pp_text enc, bool add_dynamic)
{
	static const unsigned transports[] = {PP_TR_TCP, PP_TR_UDP, PP_TR_ICMP, PP_TR_GRE, PP_TR_AH,
					      PP_TR_ESP};
	for (size_t t = 0; t < sizeof transports / sizeof *transports; t++) {
		unsigned tr = transports[t];
		if (!(row->transport & tr))
			continue;
		struct pp_range ranges[MAX_RANGES];
		size_t n = 0;
		unsigned rpc = 0;
		if (tr & (PP_TR_TCP | PP_TR_UDP)) {
			for (size_t i = 0; i < row->n_ranges && n < MAX_RANGES; i++)
				ranges[n++] = row->ranges[i];
			if (row->symbols & PP_SYM_RPC_EPMAP && n < MAX_RANGES)
				ranges[n++] = (struct pp_range){135, 135};
			if (row->symbols & PP_SYM_ANY) {
				n = 0;
				ranges[n++] = (struct pp_range){1, 65535};
			}
			if (has_port(row, 135) && tr == PP_TR_TCP && is_rpc_proto(row))
				rpc |= PP_RPC_EPMAP;
			if (row->symbols & PP_SYM_PINNED) {
				unsigned missing;
				struct pp_range pinned[MAX_RANGES];
				size_t k = pinned_ports(p, row, dst, pinned, why, &missing);
				if (missing)
					p->failed = true;
				if (k)
					add_raw(p, src, dst, tr, pinned, k, PP_RPC_PINNED, row, ref, why, auth, enc);
			}
			if (row->symbols & PP_SYM_DYNAMIC_RPC || (add_dynamic && rpc & PP_RPC_EPMAP)) {
				struct pp_range dyn[MAX_RANGES];
				unsigned dyn_rpc;
				size_t k = dynamic_rpc(p, dst, dyn, &dyn_rpc);
				add_raw(p, src, dst, tr, dyn, k, dyn_rpc, row, ref,
					"RPC: the endpoint mapper hands out a port from the destination's dynamic range (003, lines 4-10)",
					auth, enc);
			}
			if (!n)
				continue;
		}
		add_raw(p, src, dst, tr, ranges, n, rpc & PP_RPC_EPMAP, row, ref, why, auth, enc);
	}
}

/* Does a set of rows already say how RPC gets its dynamic port? */
static bool rows_have_dynamic(const struct pp_ports *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].symbols & (PP_SYM_DYNAMIC_RPC | PP_SYM_PINNED) ||
		    (rows[i].kind == PP_KIND_DYNAMIC && rows[i].n_ranges))
			return true;
	return false;
}


/* Do the catalog's paths between these two roles pin their RPC ports? Then
 * they were written for a firewall (000) and list every port: no dynamic
 * range is added to their endpoint-mapper rows. */
static bool pair_is_pinned(const char *from_product, const char *from, const char *to_product,
			   const char *to)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *dp = &c->data_paths[i];
		if (!dp->from || !dp->to || strcmp(dp->from_product, from_product) || strcmp(dp->from, from) ||
		    strcmp(dp->to_product, to_product) || strcmp(dp->to, to))
			continue;
		for (size_t k = 0; k < dp->n_ports; k++)
			if (dp->ports[k].symbols & PP_SYM_PINNED)
				return true;
	}
	return false;
}

static void plan_data_paths(struct planner *p)
{
	const struct pp_catalog *c = pp_catalog();
	/* Ends of one data path: at most every host, or "any". */
	size_t max = p->dep->n_hosts + 1;
	struct end *src = malloc(max * sizeof *src), *dst = malloc(max * sizeof *dst),
		   *scratch = malloc(max * sizeof *scratch);
	if (!src || !dst || !scratch)
		abort();
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *dp = &c->data_paths[i];
		if (!dp->from || !dp->to)
			continue;
		size_t ns = source_holders(p, dp->from_product, dp->from, scratch, src);
		size_t nd = ns ? holders(p, dp->to_product, dp->to, dst, max) : 0;
		/* "any" as a destination is whoever is out there; as a source too. */
		bool dyn = !rows_have_dynamic(dp->ports, dp->n_ports) &&
			   !pair_is_pinned(dp->from_product, dp->from, dp->to_product, dp->to);
		for (size_t s = 0; s < ns; s++)
			for (size_t d = 0; d < nd; d++)
				for (size_t k = 0; k < dp->n_ports; k++) {
					add_row(p, &src[s], &dst[d], &dp->ports[k], dp->id,
						dp->name.en, dp->auth_default, dp->encryption_supported,
						dyn && dst[d].host && !dst[d].host->group);
					if (dp->both_ways)
						add_row(p, &dst[d], &src[s], &dp->ports[k], dp->id,
							dp->name.en, dp->auth_default,
							dp->encryption_supported,
							dyn && src[s].host && !src[s].host->group);
				}
	}
	free(src);
	free(dst);
	free(scratch);
}

/* ---------- Active Directory ---------- */

/* What a domain member uses on its domain controllers: the services that
 * Active Directory depends on (003, list at line 838) that members talk to,
 * plus Group Policy (003 section グループ ポリシー), which every member
 * applies from the DCs. Left out here: the replication-only services
 * (DFSR, FRS, SMTP, WINS), W3SVC, and Computer Browser unless NetBIOS is on. */
static const char *const member_services[] = {
	"win-ad-lsa", "win-kdc", "win-netlogon", "win-rpcss", "win-lanmanserver",
	"win-w32time", "win-dfs", "win-group-policy", "win-browser", NULL,
};

/* Between domain controllers, also SYSVOL and AD replication: DFSR on
 * Windows Server 2008 and later, FRS before (003, lines 842-843). */
static const char *const dc_services_modern[] = {"win-dfsr", NULL};
static const char *const dc_services_legacy[] = {"win-ntfrs", NULL};

static bool is_netbios(const struct pp_ports *row)
{
	if (row->proto.en && pp_contains_ci(row->proto.en, "NetBIOS"))
		return true;
	for (size_t i = 0; i < row->n_ranges; i++)
		if (row->ranges[i].lo <= 139 && row->ranges[i].hi >= 137)
			return true;
	return false;
}

static bool is_ipsec(const struct pp_ports *row)
{
	return row->transport & (PP_TR_ESP | PP_TR_AH) ||
	       (row->proto.en && (pp_contains_ci(row->proto.en, "IPSec") || pp_contains_ci(row->proto.en, "NAT-T")));
}

static bool is_gc(const struct pp_ports *row)
{
	return has_port(row, 3268) || has_port(row, 3269);
}

static bool holds(const struct pp_dep_host *h, const char *product, const char *id)
{
	for (size_t k = 0; h && k < h->n_roles; k++)
		if (covers(h->roles[k].role, product, id))
			return true;
	return false;
}

static void add_service(struct planner *p, const struct end *src, const struct end *dst,
			const char *service_id, const char *why)
{
	const struct pp_service *s = pp_service_find(service_id);
	if (!s)
		return;
	const struct pp_dep_options *o = &p->dep->options;
	bool gc = holds(dst->host, "windows", "global-catalog");
	bool dyn = !rows_have_dynamic(s->rows, s->n_rows);
	for (size_t k = 0; k < s->n_rows; k++) {
		const struct pp_ports *row = &s->rows[k];
		if (!o->netbios && is_netbios(row))
			continue;
		if (!o->ipsec && is_ipsec(row))
			continue;
		if (!gc && is_gc(row))
			continue;
		if (!row->transport || (!*row->spec && row->transport & (PP_TR_TCP | PP_TR_UDP)))
			continue;
		add_row(p, src, dst, row, s->id, why, (struct pp_text){0}, (struct pp_text){0}, dyn);
	}
}

/* Members: Windows hosts and groups that are not DCs themselves. Edge
 * Transport servers are not domain members (they sit in the perimeter with
 * AD LDS), so hosts holding exchange-2010/edge-transport are left out. */
static bool is_member(const struct pp_dep_host *h)
{
	return h->windows && !holds(h, "exchange-2010", "edge-transport") &&
	       !holds(h, "lync-2013", "edge");
}

/* A host whose role has pinned-RPC paths to the domain controllers (000's
 * front-end in the perimeter) has its whole logon traffic listed by them:
 * the general member flows would reopen the dynamic range that the pinning
 * closed. */
static bool logon_listed(const struct pp_dep_host *h)
{
	for (size_t k = 0; k < h->n_roles; k++)
		if (pair_is_pinned(h->roles[k].role->product, h->roles[k].role->id, "windows",
				   "domain-controller"))
			return true;
	return false;
}

/* The domain members as source ends: small classes host by host, large
 * ones whole. A class is alike in everything is_member and logon_listed
 * look at. */
static size_t member_ends(struct planner *p, struct end *out)
{
	const struct pp_deployment *dep = p->dep;
	size_t n = 0;
	for (size_t i = 0; i < dep->n_hosts; i++) {
		const struct pp_dep_host *m = &dep->hosts[i];
		const struct class *k = &p->classes[p->class_of[i]];
		bool whole = k->n_members > SMALL_CLASS;
		if (!is_member(m) || logon_listed(m) || (whole && k->first != i))
			continue;
		out[n++] = whole ? (struct end){NULL, i, k->ep, k->addrs, k->n_addrs, p->zone_of[i], NULL,
						m->generation}
				 : (struct end){m, i, p->host_ep[i], m->addrs, m->n_addrs, p->zone_of[i], NULL,
						m->generation};
	}
	return n;
}

static void plan_active_directory(struct planner *p)
{
	const struct pp_deployment *dep = p->dep;
	struct end *members = malloc((dep->n_hosts + 1) * sizeof *members);
	if (!members)
		abort();
	size_t n_members = member_ends(p, members);
	for (size_t i = 0; i < dep->n_hosts; i++) {
		const struct pp_dep_host *dc = &dep->hosts[i];
		bool is_dc = holds(dc, "windows", "domain-controller");
		bool is_dns = holds(dc, "windows", "dns-server");
		if (!is_dc && !is_dns)
			continue;
		struct end dst = {dc, i, p->host_ep[i], dc->addrs, dc->n_addrs, p->zone_of[i],
				  pp_role_find("windows", is_dc ? "domain-controller" : "dns-server"),
				  dc->generation};
		for (size_t e = 0; e < n_members; e++) {
			const struct end *src_end = &members[e];
			const struct pp_dep_host *m = &dep->hosts[src_end->rank];
			if (src_end->host == dc)
				continue;
			struct end src = *src_end;
			if (is_dns)
				add_service(p, &src, &dst, "win-dns",
					    "Name resolution: domain members use the DNS server (003 DNS Server)");
			if (!is_dc)
				continue;
			for (size_t s = 0; member_services[s]; s++) {
				if (!dep->options.netbios && strcmp(member_services[s], "win-browser") == 0)
					continue;
				add_service(p, &src, &dst, member_services[s],
					    "Domain member to domain controller: a service Active Directory depends on (003, line 838)");
			}
			if (holds(m, "windows", "domain-controller")) {
				const char *const *repl = dc->generation == PP_WIN_LEGACY ? dc_services_legacy
											   : dc_services_modern;
				for (size_t s = 0; repl[s]; s++)
					add_service(p, &src, &dst, repl[s],
						    "Domain controller to domain controller: SYSVOL and directory replication (003, lines 842-843)");
			}
		}
	}
	free(members);
}

/* ---------- pins ---------- */

static bool dynamic_range_has(enum pp_windows gen, unsigned port)
{
	bool legacy = port >= PP_DYNAMIC_RPC_LEGACY_LO && port <= PP_DYNAMIC_RPC_LEGACY_HI;
	bool modern = port >= PP_DYNAMIC_RPC_LO;
	return gen == PP_WIN_LEGACY ? legacy : gen == PP_WIN_MODERN ? modern : legacy || modern;
}

/* The fixed catalog ports a host listens on: rows of data paths to its
 * roles, and rows of services its roles run (AD services on a DC). */
static const char *port_in_use(const struct pp_dep_host *h, unsigned port)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *dp = &c->data_paths[i];
		if (!dp->to || !holds(h, dp->to_product, dp->to))
			continue;
		for (size_t k = 0; k < dp->n_ports; k++)
			if (dp->ports[k].kind == PP_KIND_FIXED && has_port(&dp->ports[k], port))
				return dp->id;
	}
	if (holds(h, "windows", "domain-controller"))
		for (size_t s = 0; member_services[s]; s++) {
			const struct pp_service *svc = pp_service_find(member_services[s]);
			for (size_t k = 0; svc && k < svc->n_rows; k++)
				if (svc->rows[k].kind == PP_KIND_FIXED && has_port(&svc->rows[k], port))
					return svc->id;
		}
	return NULL;
}

static void check_pins(struct planner *p)
{
	const struct pp_deployment *dep = p->dep;
	for (size_t i = 0; i < dep->n_pins; i++) {
		const struct pp_dep_pin *pin = &dep->pins[i];
		unsigned port = pin->port;
		const char *what = pin->pin->id;
		/* 000: "a value above 1024"; 5.5: 5000-65535 recommended. */
		if (port <= 1024)
			pp_diag_add(p->d, false, pin->line, pin->col, 0,
				    "000 asks for a port above 1024 (line 123), 5000-65535 for Exchange 5.5 (line 80)",
				    "pin %s of '%s': port %u is 1024 or below", what, pin->host->name, port);
		else if (dynamic_range_has(pin->host->generation, port))
			pp_diag_add(p->d, false, pin->line, pin->col, 0,
				    "pick a port outside 1025-5000 (Windows 2000/2003) and 49152-65535 (2008 and later)",
				    "pin %s of '%s': port %u lies inside the host's RPC dynamic range, where another service can take it",
				    what, pin->host->name, port);
		for (size_t j = 0; j < i; j++)
			if (dep->pins[j].host == pin->host && same_value(pin->pin, dep->pins[j].pin->id))
				pp_diag_add(p->d, false, pin->line, pin->col, 0, NULL,
					    "pin %s of '%s': the registry value is already pinned by %s", what,
					    pin->host->name, dep->pins[j].pin->id);
			else if (dep->pins[j].host == pin->host && dep->pins[j].port == port)
				pp_diag_add(p->d, false, pin->line, pin->col, 0,
					    "000 (line 33): give every registry value its own port",
					    "pin %s of '%s': port %u is already pinned for %s", what,
					    pin->host->name, port, dep->pins[j].pin->id);
		const char *user = port_in_use(pin->host, port);
		if (user)
			pp_diag_add(p->d, false, pin->line, pin->col, 0,
				    "000 (line 71): a port that conflicts with another program stops NSPI from starting",
				    "pin %s of '%s': port %u is already used by %s on that host", what,
				    pin->host->name, port, user);
		bool for_host = false;
		for (size_t k = 0; k < pin->pin->n_products; k++)
			for (size_t r = 0; r < pin->host->n_roles; r++)
				for_host |= strcmp(pin->host->roles[r].role->product, pin->pin->products[k]) == 0;
		if (!for_host)
			warn(p, pin->line, pin->col,
			     "pin %s is for %s%s, which '%s' does not run", what, pin->pin->products[0],
			     pin->pin->n_products > 1 ? " and others" : "", pin->host->name);
	}
}

/* ---------- merging ---------- */

/* Step 1 joins the raw flows of one source-destination pair; step 2 joins
 * pairs that differ only by source into one flow from a made-up group. */
struct pair {
	struct end src, dst;
	unsigned transport, rpc, enforce;
	const char *program;
	struct pp_range *ranges;
	size_t n_ranges;
	const char **refs, **whys;    /* parallel: each catalog reason once */
	size_t n_refs;
	char *names, *auth_ja, *auth_en, *enc_ja, *enc_en;
};

static bool same_addrs(const struct pp_cidr *a, size_t na, const struct pp_cidr *b, size_t nb)
{
	return na == nb && (a == b || memcmp(a, b, na * sizeof *a) == 0);
}

static int cmp_str(const char *a, const char *b)
{
	return a == b ? 0 : !a ? -1 : !b ? 1 : strcmp(a, b);
}

static int cmp_addrs(const struct pp_cidr *a, size_t na, const struct pp_cidr *b, size_t nb)
{
	if (na != nb)
		return na < nb ? -1 : 1;
	return a == b ? 0 : memcmp(a, b, na * sizeof *a);
}

/* Raw flows in order of destination, source, transport and what keeps
 * them apart (RPC class, program, addresses), so that step 1 merges runs. */
static int cmp_raw(const void *x, const void *y)
{
	const struct raw *a = x, *b = y;
	int c;
	if (a->dst.rank != b->dst.rank)
		return a->dst.rank < b->dst.rank ? -1 : 1;
	if (a->src.rank != b->src.rank)
		return a->src.rank < b->src.rank ? -1 : 1;
	if (a->transport != b->transport)
		return a->transport < b->transport ? -1 : 1;
	unsigned ra = a->rpc & ~PP_RPC_EPMAP, rb = b->rpc & ~PP_RPC_EPMAP;
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if ((c = cmp_str(a->program, b->program)) != 0)
		return c;
	if ((c = cmp_str(a->src.zone, b->src.zone)) != 0 || (c = cmp_str(a->dst.zone, b->dst.zone)) != 0)
		return c;
	if ((c = cmp_addrs(a->src.addrs, a->src.n_addrs, b->src.addrs, b->src.n_addrs)) != 0)
		return c;
	if ((c = cmp_addrs(a->dst.addrs, a->dst.n_addrs, b->dst.addrs, b->dst.n_addrs)) != 0)
		return c;
	return a < b ? -1 : a > b; /* stable: file order */
}

static bool same_pair_key(const struct raw *a, const struct raw *b)
{
	return a->dst.rank == b->dst.rank && a->src.rank == b->src.rank && a->transport == b->transport &&
	       (a->rpc & ~PP_RPC_EPMAP) == (b->rpc & ~PP_RPC_EPMAP) && !cmp_str(a->program, b->program) &&
	       !cmp_str(a->src.zone, b->src.zone) && !cmp_str(a->dst.zone, b->dst.zone) &&
	       same_addrs(a->src.addrs, a->src.n_addrs, b->src.addrs, b->src.n_addrs) &&
	       same_addrs(a->dst.addrs, a->dst.n_addrs, b->dst.addrs, b->dst.n_addrs);
}

/* Append s to a "; "-separated list of distinct items (growing it). */
static void add_item(char **list, const char *s)
{
	if (!s || !*s)
		return;
	size_t n = *list ? strlen(*list) : 0, len = strlen(s);
	for (const char *p = *list; p && (p = strstr(p, s)); p++)
		if ((p == *list || (p - *list >= 2 && p[-2] == ';')) && (p[len] == '\0' || p[len] == ';'))
			return;
	char *grown = realloc(*list, n + len + 3);
	if (!grown)
		abort();
	if (n)
		memcpy(grown + n, "; ", 2), n += 2;
	memcpy(grown + n, s, len + 1);
	*list = grown;
}

static size_t make_pairs(struct planner *p, struct pair **out)
{
	if (p->n_raws) /* raws is NULL for a deployment that needs nothing */
		qsort(p->raws, p->n_raws, sizeof *p->raws, cmp_raw);
	struct pair *v = calloc(p->n_raws + 1, sizeof *v);
	if (!v)
		abort();
	size_t n = 0;
	for (size_t i = 0; i < p->n_raws;) {
		size_t j = i;
		while (j < p->n_raws && same_pair_key(&p->raws[i], &p->raws[j]))
			j++;
		const struct raw *a = &p->raws[i];
		struct pair *q = &v[n++];
		q->src = a->src;
		q->dst = a->dst;
		q->transport = a->transport;
		q->program = a->program;
		size_t total = 0;
		for (size_t k = i; k < j; k++)
			total += p->raws[k].n_ranges;
		q->ranges = malloc((total + 1) * sizeof *q->ranges);
		q->refs = malloc((j - i) * sizeof *q->refs);
		q->whys = malloc((j - i) * sizeof *q->whys);
		if (!q->ranges || !q->refs || !q->whys)
			abort();
		for (size_t k = i; k < j; k++) {
			const struct raw *b = &p->raws[k];
			if (b->n_ranges)
				memcpy(q->ranges + q->n_ranges, p->pool + b->range_at,
				       b->n_ranges * sizeof *q->ranges);
			q->n_ranges += b->n_ranges;
			q->rpc |= b->rpc;
			bool seen = false;
			for (size_t r = 0; r < q->n_refs; r++)
				seen |= strcmp(q->refs[r], b->ref) == 0;
			if (!seen) {
				q->whys[q->n_refs] = b->why;
				q->refs[q->n_refs++] = b->ref;
			}
			add_item(&q->names, b->name);
			add_item(&q->auth_ja, b->auth.ja);
			add_item(&q->auth_en, b->auth.en);
			add_item(&q->enc_ja, b->encryption.ja);
			add_item(&q->enc_en, b->encryption.en);
		}
		q->n_ranges = pp_ranges_merge(q->ranges, q->n_ranges);
		/* Only the endpoint mapper alone keeps the RPCEPMap keyword. */
		if (!(q->n_ranges == 1 && q->ranges[0].lo == 135 && q->ranges[0].hi == 135))
			q->rpc &= ~PP_RPC_EPMAP;
		if (a->dst.host && !a->dst.host->group)
			q->enforce |= PP_ENF_HOST;
		if (!a->src.zone || !a->dst.zone || strcmp(a->src.zone, a->dst.zone) != 0)
			q->enforce |= PP_ENF_BOUNDARY;
		/* With `outbound: allow` the boundary firewalls already let
		 * everything out to "any": no boundary rule for it. */
		if (p->dep->options.outbound == PP_OUTBOUND_ALLOW && a->src.host &&
		    a->dst.role && strcmp(a->dst.role->product, "network") == 0 &&
		    strcmp(a->dst.role->id, "any") == 0)
			q->enforce &= ~(unsigned)PP_ENF_BOUNDARY;
		i = j;
	}
	*out = v;
	return n;
}

static int cmp_ranges(const struct pp_range *a, size_t na, const struct pp_range *b, size_t nb)
{
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(a, b, na * sizeof *a);
}

/* Pairs that differ only by source, in runs; keeps destination order. */
static int cmp_pair(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	int c;
	if (a->dst.rank != b->dst.rank)
		return a->dst.rank < b->dst.rank ? -1 : 1;
	if (a->transport != b->transport)
		return a->transport < b->transport ? -1 : 1;
	if (a->rpc != b->rpc)
		return a->rpc < b->rpc ? -1 : 1;
	if (a->enforce != b->enforce)
		return a->enforce < b->enforce ? -1 : 1;
	if ((c = cmp_ranges(a->ranges, a->n_ranges, b->ranges, b->n_ranges)) != 0 ||
	    (c = cmp_str(a->program, b->program)) != 0 || (c = cmp_str(a->src.zone, b->src.zone)) != 0 ||
	    (c = cmp_str(a->dst.zone, b->dst.zone)) != 0 ||
	    (c = cmp_addrs(a->dst.addrs, a->dst.n_addrs, b->dst.addrs, b->dst.n_addrs)) != 0)
		return c;
	if (a->src.rank != b->src.rank)
		return a->src.rank < b->src.rank ? -1 : 1;
	return a < b ? -1 : a > b;
}

static bool same_but_source(const struct pair *a, const struct pair *b)
{
	return a->dst.rank == b->dst.rank && a->transport == b->transport && a->rpc == b->rpc &&
	       a->enforce == b->enforce && !cmp_ranges(a->ranges, a->n_ranges, b->ranges, b->n_ranges) &&
	       !cmp_str(a->program, b->program) && !cmp_str(a->src.zone, b->src.zone) &&
	       !cmp_str(a->dst.zone, b->dst.zone) &&
	       same_addrs(a->dst.addrs, a->dst.n_addrs, b->dst.addrs, b->dst.n_addrs);
}

static void pair_free(struct pair *q)
{
	free(q->ranges);
	free(q->refs);
	free(q->whys);
	free(q->names);
	free(q->auth_ja);
	free(q->auth_en);
	free(q->enc_ja);
	free(q->enc_en);
}

/* A group endpoint for several endpoints: "a, b, c" or "a, b and 7 more";
 * members that are groups themselves are flattened. */
static struct pp_endpoint *group_endpoint(struct planner *p, const struct pp_endpoint *const *members,
					  size_t n, const char *zone, const struct pp_cidr *addrs,
					  size_t n_addrs)
{
	size_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += members[k]->n_members ? members[k]->n_members : 1;
	const struct pp_endpoint **flat = pp_plan_alloc(p->plan, (total + 1) * sizeof *flat);
	size_t nf = 0;
	for (size_t k = 0; k < n; k++)
		if (members[k]->n_members)
			for (size_t j = 0; j < members[k]->n_members; j++)
				flat[nf++] = members[k]->members[j];
		else
			flat[nf++] = members[k];
	char name[160] = "";
	size_t shown = 0;
	for (size_t k = 0; k < nf; k++) {
		const char *nm = flat[k]->name;
		if (shown != k || strlen(name) + strlen(nm) + 2 >= 100)
			continue;
		if (*name)
			strcat(name, ", ");
		strcat(name, nm);
		shown++;
	}
	if (shown < nf)
		snprintf(name + strlen(name), sizeof name - strlen(name), " and %zu more", nf - shown);
	struct pp_endpoint *g = pp_plan_add_endpoint_cidrs(p->plan, name, PP_EP_GROUP, zone, addrs, n_addrs);
	g->members = flat;
	g->n_members = nf;
	g->windows = flat[0]->windows;
	return g;
}

/* Do the sources of pairs v[0..n) make up exactly group g? */
static bool same_members(const struct pp_endpoint *g, const struct pair *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pp_endpoint *e = v[i].src.ep;
		size_t m = e->n_members ? e->n_members : 1;
		if (k + m > g->n_members)
			return false;
		for (size_t j = 0; j < m; j++)
			if (g->members[k++] != (e->n_members ? e->members[j] : e))
				return false;
	}
	return k == g->n_members;
}

/* The group of the sources of pairs v[0..n): the same sources feed many
 * destinations, so a group made once is reused. */
static struct pp_endpoint *source_group(struct planner *p, const struct pair *v, size_t n)
{
	for (size_t i = p->n_groups; i-- > 0;)
		if (same_members(p->groups[i], v, n))
			return p->groups[i];
	size_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += v[k].src.n_addrs;
	struct pp_cidr *addrs = malloc((total + 1) * sizeof *addrs);
	const struct pp_endpoint **members = malloc(n * sizeof *members);
	if (!addrs || !members)
		abort();
	size_t na = 0;
	for (size_t k = 0; k < n; k++) {
		memcpy(addrs + na, v[k].src.addrs, v[k].src.n_addrs * sizeof *addrs);
		na += v[k].src.n_addrs;
		members[k] = v[k].src.ep;
	}
	struct pp_endpoint *g = group_endpoint(p, members, n, v[0].src.zone, addrs, na);
	free(addrs);
	free(members);
	if (p->n_groups == p->cap_groups) {
		p->cap_groups = p->cap_groups ? p->cap_groups * 2 : 16;
		p->groups = realloc(p->groups, p->cap_groups * sizeof *p->groups);
		if (!p->groups)
			abort();
	}
	p->groups[p->n_groups++] = g;
	return g;
}

static void merge(struct planner *p)
{
	struct pair *v;
	size_t n = make_pairs(p, &v);
	qsort(v, n, sizeof *v, cmp_pair);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && same_but_source(&v[i], &v[j]))
			j++;
		struct pair *q = &v[i];
		struct pp_endpoint *src = j - i > 1 ? source_group(p, v + i, j - i) : q->src.ep;
		/* Each catalog reason once, with why it applies. */
		const char **refs = NULL;
		char *explain = NULL;
		size_t n_refs = 0;
		for (size_t k = i; k < j; k++)
			for (size_t r = 0; r < v[k].n_refs; r++) {
				bool seen = false;
				for (size_t t = 0; t < n_refs && !seen; t++)
					seen = strcmp(refs[t], v[k].refs[r]) == 0;
				if (seen)
					continue;
				const char **grown = realloc(refs, (n_refs + 1) * sizeof *refs);
				if (!grown)
					abort();
				refs = grown;
				refs[n_refs++] = v[k].refs[r];
				char line[600];
				snprintf(line, sizeof line, "%s: %s", v[k].refs[r], v[k].whys[r] ? v[k].whys[r] : "");
				add_item(&explain, line);
			}
		char name[64];
		snprintf(name, sizeof name, "%s", q->names ? q->names : pp_transport_name(q->transport));
		if (q->names && strlen(q->names) >= sizeof name)
			strcpy(name + sizeof name - 4, "...");
		const struct pp_cidr *sa = j - i > 1 ? src->addrs : q->src.addrs;
		size_t nsa = j - i > 1 ? src->n_addrs : q->src.n_addrs;
		struct pp_flow f = {
			.name = name, .src = src, .dst = q->dst.ep,
			.src_addrs = sa, .n_src_addrs = nsa,
			.dst_addrs = q->dst.addrs, .n_dst_addrs = q->dst.n_addrs,
			.transport = q->transport, .ports = q->ranges, .n_ports = q->n_ranges,
			.enforce = q->enforce, .src_zone = q->src.zone, .dst_zone = q->dst.zone,
			.rpc = q->rpc, .program = q->program,
			.auth = {q->auth_ja, q->auth_en}, .encryption = {q->enc_ja, q->enc_en},
			.refs = refs, .n_refs = n_refs, .explain = explain,
		};
		pp_plan_add_flow(p->plan, &f);
		free(refs);
		free(explain);
		i = j;
	}
	for (size_t k = 0; k < n; k++)
		pair_free(&v[k]);
	free(v);
}

/* ---------- entry point ---------- */

struct pp_plan *pp_plan_build(const struct pp_deployment *dep, struct pp_diags *d)
{
	struct planner p = {.dep = dep, .d = d};
	p.plan = pp_plan_new(dep->name);
	p.host_ep = calloc(dep->n_hosts + 1, sizeof *p.host_ep);
	p.warned_version = calloc(dep->n_hosts + 1, sizeof *p.warned_version);
	if (!p.plan || !p.host_ep || !p.warned_version)
		abort();
	p.plan->source_file = pp_plan_strdup(p.plan, dep->file);
	for (size_t i = 0; i < dep->n_zones; i++) {
		const struct pp_dep_zone *z = &dep->zones[i];
		struct pp_endpoint *e = pp_plan_add_endpoint_cidrs(p.plan, z->name, PP_EP_ZONE, z->name,
								   z->cidrs, z->n_cidrs);
		e->description = pp_plan_strdup(p.plan, z->description);
	}
	for (size_t i = 0; i < dep->n_hosts; i++) {
		const struct pp_dep_host *h = &dep->hosts[i];
		struct pp_endpoint *e = pp_plan_add_endpoint_cidrs(
			p.plan, h->name, h->group ? PP_EP_GROUP : PP_EP_HOST, h->zone, h->addrs, h->n_addrs);
		e->windows = h->generation;
		e->windows_as_written = pp_plan_strdup(p.plan, h->windows);
		e->description = pp_plan_strdup(p.plan, h->description);
		p.host_ep[i] = e;
	}
	p.zone_of = calloc(dep->n_hosts + 1, sizeof *p.zone_of);
	if (!p.zone_of)
		abort();
	for (size_t i = 0; i < dep->n_hosts; i++)
		p.zone_of[i] = zone_name(&p, dep->hosts[i].zone);
	build_classes(&p);
	check_pins(&p);
	plan_data_paths(&p);
	plan_active_directory(&p);
	for (size_t i = 0; i < dep->n_pins; i++) {
		const struct pp_dep_pin *pin = &dep->pins[i];
		struct pp_reg_value v = {p.host_ep[pin->host - dep->hosts], pin->pin->key,
					 pin->pin->value_name, pin->pin->value_type, pin->port, pin->pin->id,
					 pin->pin->products[0]};
		pp_plan_add_reg_value(p.plan, &v);
	}
	merge(&p);
	free(p.raws);
	free(p.host_ep);
	free(p.warned_version);
	free(p.classes);
	free(p.class_of);
	free(p.pool);
	free(p.zone_of);
	free(p.groups);
	if (d->n_errors || p.failed) {
		pp_plan_free(p.plan);
		return NULL;
	}
	return p.plan;
}
