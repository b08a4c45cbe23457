/*
 * Reading a deployment file with libyaml's document loader, which keeps the
 * position of every node. Each check adds a diagnostic and goes on, so one
 * run reports every mistake; nothing here trusts the file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "portplan/deploy.h"
#include "util/arena.h"
#include "util/text.h"

struct pp_deployment_private {
	struct pp_arena arena;
};

/* Deployment files are small; a cap keeps a hostile one from costing much. */
#define MAX_FILE_SIZE (16u << 20)

struct reader {
	yaml_document_t doc;
	struct pp_diags *d;
	struct pp_deployment *dep;
	struct pp_arena *a;
};

/* ---------- node helpers ---------- */

static yaml_node_t *node(struct reader *r, int i)
{
	return yaml_document_get_node(&r->doc, i);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static unsigned line_of(const yaml_node_t *n)
{
	return n ? (unsigned)n->start_mark.line + 1 : 0;
}

static unsigned col_of(const yaml_node_t *n)
{
	return n ? (unsigned)n->start_mark.column + 1 : 0;
}

/* The caret spans a scalar on one line; otherwise one column. */
static unsigned end_col_of(const yaml_node_t *n)
{
	if (!n || n->start_mark.line != n->end_mark.line)
		return 0;
	return (unsigned)n->end_mark.column + 1;
}

__attribute__((format(printf, 4, 5)))
static void err(struct reader *r, const yaml_node_t *at, const char *hint, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pp_diag_add(r->d, false, line_of(at), col_of(at), end_col_of(at), hint, "%s", msg);
}

static yaml_node_t *get(struct reader *r, yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(r, p->key));
		if (k && strcmp(k, key) == 0)
			return node(r, p->value);
	}
	return NULL;
}

/* "did you mean 'x'?" from a NULL-terminated list, or NULL. */
static const char *suggest(const char *word, const char *const *choices, char *buf, size_t len)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; choices[i]; i++) {
		size_t d = pp_edit_distance(word, choices[i], 2);
		if (d < best_d || (!best && pp_prefix_ci(choices[i], word) && *word)) {
			best = choices[i];
			best_d = d;
		}
	}
	if (!best)
		return NULL;
	snprintf(buf, len, "did you mean '%s'?", best);
	return buf;
}

static void check_keys(struct reader *r, yaml_node_t *m, const char *what,
		       const char *const *allowed)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(r, p->key);
		const char *key = scalar(k);
		bool ok = false;
		/* YAML wants unique keys but libyaml does not check: the second
		 * would silently win or be ignored. */
		for (yaml_node_pair_t *q = m->data.mapping.pairs.start; key && q < p; q++) {
			const char *earlier = scalar(node(r, q->key));
			if (earlier && strcmp(earlier, key) == 0) {
				err(r, k, NULL, "key '%s' is given twice in %s", key, what);
				break;
			}
		}
		for (size_t i = 0; key && allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (ok)
			continue;
		char expected[256] = "expected one of:", hint[128];
		for (size_t i = 0; allowed[i]; i++) {
			strncat(expected, " ", sizeof expected - strlen(expected) - 1);
			strncat(expected, allowed[i], sizeof expected - strlen(expected) - 1);
		}
		const char *h = key ? suggest(key, allowed, hint, sizeof hint) : NULL;
		err(r, k, h ? h : expected, "unknown key '%s' in %s", key ? key : "?", what);
	}
}

/* A required or optional non-empty string. */
static const char *str(struct reader *r, yaml_node_t *m, const char *key, bool required,
		       const char *what)
{
	yaml_node_t *v = get(r, m, key);
	if (!v) {
		if (required)
			err(r, m, NULL, "%s: missing '%s'", what, key);
		return NULL;
	}
	const char *s = scalar(v);
	if (!s || !*s) {
		err(r, v, NULL, "%s: '%s' must be a non-empty string", what, key);
		return NULL;
	}
	if (strlen(s) > 4096) {
		err(r, v, NULL, "%s: '%s' is longer than 4096 bytes", what, key);
		return NULL;
	}
	return pp_arena_strdup(r->a, s);
}

/* A list of scalars, or a single scalar taken as a list of one. */
static size_t scalars(struct reader *r, yaml_node_t *v, const char *key, yaml_node_t **out,
		      size_t max)
{
	if (!v)
		return 0;
	if (v->type == YAML_SCALAR_NODE) {
		out[0] = v;
		return 1;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		err(r, v, NULL, "'%s' must be a list", key);
		return 0;
	}
	size_t n = 0;
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *it = node(r, *i);
		if (!scalar(it)) {
			err(r, it, NULL, "each item of '%s' must be a string", key);
			continue;
		}
		if (n == max) {
			err(r, it, NULL, "'%s' has more than %zu items", key, max);
			break;
		}
		out[n++] = it;
	}
	return n;
}

#define MAX_ITEMS 4096

/* Addresses: "10.0.0.1", "10.0.0.0/8", "2001:db8::/32". */
static struct pp_cidr *cidrs(struct reader *r, yaml_node_t *v, const char *key, size_t *n_out)
{
	yaml_node_t **items = calloc(MAX_ITEMS, sizeof *items);
	if (!items)
		return NULL;
	size_t n = scalars(r, v, key, items, MAX_ITEMS);
	struct pp_cidr *out = pp_arena_alloc(r->a, (n + 1) * sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (pp_cidr_parse(scalar(items[i]), &out[k]) == 0)
			k++;
		else
			err(r, items[i],
			    "write an IPv4 or IPv6 address, or a network with its prefix length and no host bits set (10.0.0.0/16)",
			    "'%s' is not an address or network", scalar(items[i]));
	}
	free(items);
	*n_out = k;
	return out;
}

static bool boolean(struct reader *r, yaml_node_t *m, const char *key, bool dflt)
{
	yaml_node_t *v = get(r, m, key);
	const char *s = scalar(v);
	if (!v)
		return dflt;
	if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0))
		return true;
	if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0))
		return false;
	err(r, v, "write true or false", "'%s' must be true or false", key);
	return dflt;
}

/* ---------- Windows versions ---------- */

enum pp_windows pp_windows_generation(const char *version)
{
	static const struct {
		const char *name;
		enum pp_windows gen;
	} versions[] = {
		{"2000", PP_WIN_LEGACY}, {"xp", PP_WIN_LEGACY}, {"2003", PP_WIN_LEGACY},
		{"2003r2", PP_WIN_LEGACY}, {"vista", PP_WIN_MODERN}, {"2008", PP_WIN_MODERN},
		{"2008r2", PP_WIN_MODERN}, {"7", PP_WIN_MODERN}, {"8", PP_WIN_MODERN},
		{"8.1", PP_WIN_MODERN}, {"2012", PP_WIN_MODERN}, {"2012r2", PP_WIN_MODERN},
		{"10", PP_WIN_MODERN}, {"2016", PP_WIN_MODERN}, {"2019", PP_WIN_MODERN},
		{"2022", PP_WIN_MODERN}, {"11", PP_WIN_MODERN}, {"2025", PP_WIN_MODERN},
	};
	if (!version)
		return PP_WIN_NONE;
	/* "Windows Server 2008 R2" -> "2008r2": drop the words and spaces. */
	char key[32];
	size_t n = 0;
	const char *p = version;
	if (pp_prefix_ci(p, "windows"))
		p += 7;
	while (*p == ' ')
		p++;
	if (pp_prefix_ci(p, "server"))
		p += 6;
	for (; *p && n + 1 < sizeof key; p++)
		if (*p != ' ')
			key[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	key[n] = '\0';
	for (size_t i = 0; i < sizeof versions / sizeof *versions; i++)
		if (strcmp(key, versions[i].name) == 0)
			return versions[i].gen;
	return PP_WIN_NONE;
}

/* ---------- roles ---------- */

/* "exchange-2010/hub-transport" or "exchange-2010:hub-transport". */
static void parse_role(struct reader *r, yaml_node_t *v, struct pp_dep_role *out, bool *ok)
{
	const char *s = scalar(v);
	const char *sep = s ? strpbrk(s, "/:") : NULL;
	*ok = false;
	if (!sep) {
		err(r, v, "write product/role, for example exchange-2010/hub-transport (portplan query PRODUCT lists the roles)",
		    "role '%s' needs its product", s ? s : "?");
		return;
	}
	char product[64];
	size_t pn = (size_t)(sep - s);
	if (pn >= sizeof product)
		pn = sizeof product - 1;
	memcpy(product, s, pn);
	product[pn] = '\0';
	const char *role = sep + 1;
	const struct pp_catalog *c = pp_catalog();
	if (!pp_product_find(product)) {
		const char *names[64];
		size_t n = 0;
		for (size_t i = 0; i < c->n_products && n + 1 < 64; i++)
			names[n++] = c->products[i].id;
		names[n] = NULL;
		char hint[128];
		err(r, v, suggest(product, names, hint, sizeof hint), "unknown product '%s'", product);
		return;
	}
	const struct pp_role *found = pp_role_find(product, role);
	if (!found) {
		const char *names[256];
		size_t n = 0;
		for (size_t i = 0; i < c->n_roles && n + 1 < 256; i++)
			if (strcmp(c->roles[i].product, product) == 0)
				names[n++] = c->roles[i].id;
		names[n] = NULL;
		char hint[512];
		const char *h = suggest(role, names, hint, sizeof hint);
		if (!h) {
			snprintf(hint, sizeof hint, "roles of %s:", product);
			for (size_t i = 0; i < n; i++) {
				strncat(hint, " ", sizeof hint - strlen(hint) - 1);
				strncat(hint, names[i], sizeof hint - strlen(hint) - 1);
			}
			h = hint;
		}
		err(r, v, h, "product '%s' has no role '%s'", product, role);
		return;
	}
	*out = (struct pp_dep_role){found, line_of(v), col_of(v)};
	*ok = true;
}

static struct pp_dep_role *roles(struct reader *r, yaml_node_t *v, size_t *n_out)
{
	yaml_node_t *items[256];
	size_t n = scalars(r, v, "roles", items, 256);
	struct pp_dep_role *out = pp_arena_alloc(r->a, (n + 1) * sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool ok;
		parse_role(r, items[i], &out[k], &ok);
		k += ok;
	}
	*n_out = k;
	return out;
}

/* ---------- sections ---------- */

static const struct pp_dep_zone *zone_find(const struct pp_deployment *dep, const char *name)
{
	for (size_t i = 0; name && i < dep->n_zones; i++)
		if (strcmp(dep->zones[i].name, name) == 0)
			return &dep->zones[i];
	return NULL;
}

static void zone_ref(struct reader *r, yaml_node_t *at, const char *name)
{
	if (!name || zone_find(r->dep, name))
		return;
	const char *names[256];
	size_t n = 0;
	for (size_t i = 0; i < r->dep->n_zones && n + 1 < 256; i++)
		names[n++] = r->dep->zones[i].name;
	names[n] = NULL;
	char hint[128];
	err(r, at, suggest(name, names, hint, sizeof hint), "unknown zone '%s'", name);
}

/* Every address of a host must lie in its zone: a wrong zone puts the
 * boundary rules on the wrong firewall. */
static void check_in_zone(struct reader *r, yaml_node_t *at, const char *zone_name,
			  const struct pp_cidr *v, size_t n)
{
	const struct pp_dep_zone *z = zone_find(r->dep, zone_name);
	if (!z || !z->n_cidrs)
		return;
	for (size_t i = 0; i < n; i++) {
		bool in = false;
		for (size_t j = 0; j < z->n_cidrs; j++)
			in |= pp_cidr_contains(&z->cidrs[j], &v[i]);
		if (!in) {
			char a[PP_CIDR_STRLEN], b[PP_CIDR_STRLEN];
			err(r, at, NULL, "address %s is outside zone '%s' (%s%s)", pp_cidr_format(&v[i], a, false),
			    zone_name, pp_cidr_format(&z->cidrs[0], b, true), z->n_cidrs > 1 ? ", ..." : "");
		}
	}
}

static size_t seq_len(yaml_node_t *v)
{
	return v && v->type == YAML_SEQUENCE_NODE
		       ? (size_t)(v->data.sequence.items.top - v->data.sequence.items.start)
		       : 0;
}

static yaml_node_t *seq(struct reader *r, yaml_node_t *root, const char *key)
{
	yaml_node_t *v = get(r, root, key);
	if (v && v->type != YAML_SEQUENCE_NODE) {
		err(r, v, NULL, "'%s' must be a list", key);
		return NULL;
	}
	return v;
}

static void read_zones(struct reader *r, yaml_node_t *root)
{
	static const char *const keys[] = {"name", "cidrs", "description", NULL};
	yaml_node_t *v = seq(r, root, "zones");
	struct pp_deployment *dep = r->dep;
	dep->zones = pp_arena_alloc(r->a, (seq_len(v) + 1) * sizeof *dep->zones);
	for (size_t i = 0; i < seq_len(v); i++) {
		yaml_node_t *z = node(r, v->data.sequence.items.start[i]);
		if (z->type != YAML_MAPPING_NODE) {
			err(r, z, NULL, "a zone must be a mapping with name and cidrs");
			continue;
		}
		check_keys(r, z, "a zone", keys);
		struct pp_dep_zone *out = &dep->zones[dep->n_zones];
		memset(out, 0, sizeof *out);
		out->name = str(r, z, "name", true, "zone");
		out->cidrs = cidrs(r, get(r, z, "cidrs"), "cidrs", &out->n_cidrs);
		out->description = str(r, z, "description", false, "zone");
		out->line = line_of(z);
		out->col = col_of(z);
		if (!out->name)
			continue;
		if (zone_find(dep, out->name)) {
			err(r, get(r, z, "name"), NULL, "zone '%s' is defined twice", out->name);
			continue;
		}
		dep->n_zones++;
	}
}

static const struct pp_dep_host *host_find(const struct pp_deployment *dep, const char *name)
{
	for (size_t i = 0; name && i < dep->n_hosts; i++)
		if (strcmp(dep->hosts[i].name, name) == 0)
			return &dep->hosts[i];
	return NULL;
}

static void read_iface(struct reader *r, yaml_node_t *v, struct pp_dep_host *h,
		       struct pp_dep_iface *out, bool *ok)
{
	static const char *const keys[] = {"name", "addresses", "zone", "public", "roles", NULL};
	*ok = false;
	memset(out, 0, sizeof *out);
	if (v->type != YAML_MAPPING_NODE) {
		err(r, v, NULL, "an interface must be a mapping (name, addresses, zone, public, roles)");
		return;
	}
	check_keys(r, v, "an interface", keys);
	out->name = str(r, v, "name", true, "interface");
	out->zone = str(r, v, "zone", false, "interface");
	if (!out->zone)
		out->zone = h->zone;
	zone_ref(r, get(r, v, "zone"), out->zone == h->zone ? NULL : out->zone);
	out->addrs = cidrs(r, get(r, v, "addresses"), "addresses", &out->n_addrs);
	if (!get(r, v, "addresses"))
		err(r, v, NULL, "interface '%s' has no addresses", out->name ? out->name : "?");
	check_in_zone(r, get(r, v, "addresses"), out->zone, out->addrs, out->n_addrs);
	out->public_addr = str(r, v, "public", false, "interface");
	if (out->public_addr) {
		struct pp_cidr c;
		if (pp_cidr_parse(out->public_addr, &c) != 0)
			err(r, get(r, v, "public"), NULL, "'%s' is not an address", out->public_addr);
	}
	out->roles = roles(r, get(r, v, "roles"), &out->n_roles);
	/* An interface carries some of its host's roles, not new ones. */
	for (size_t i = 0; i < out->n_roles; i++) {
		bool of_host = false;
		for (size_t j = 0; j < h->n_roles; j++) {
			const struct pp_role *a = out->roles[i].role, *b = h->roles[j].role;
			size_t len = strlen(b->id);
			of_host |= strcmp(a->product, b->product) == 0 && strncmp(a->id, b->id, len) == 0 &&
				   (a->id[len] == '\0' || a->id[len] == '-');
		}
		if (!of_host)
			pp_diag_add(r->d, false, out->roles[i].line, out->roles[i].col, 0, NULL,
				    "interface role '%s/%s' is not one of host '%s''s roles",
				    out->roles[i].role->product, out->roles[i].role->id, h->name);
	}
	*ok = out->name != NULL;
}

static void read_hosts(struct reader *r, yaml_node_t *root, const char *key, bool group)
{
	static const char *const host_keys[] = {"name", "zone", "addresses", "windows", "roles",
						"interfaces", "description", NULL};
	static const char *const group_keys[] = {"name", "zone", "cidrs", "addresses", "windows",
						 "roles", "description", NULL};
	yaml_node_t *v = seq(r, root, key);
	struct pp_deployment *dep = r->dep;
	for (size_t i = 0; i < seq_len(v); i++) {
		yaml_node_t *m = node(r, v->data.sequence.items.start[i]);
		const char *what = group ? "group" : "host";
		if (m->type != YAML_MAPPING_NODE) {
			err(r, m, NULL, "a %s must be a mapping", what);
			continue;
		}
		check_keys(r, m, group ? "a group" : "a host", group ? group_keys : host_keys);
		/* The slot may hold a rejected entry's leftovers: start clean. */
		struct pp_dep_host *h = &dep->hosts[dep->n_hosts];
		memset(h, 0, sizeof *h);
		h->group = group;
		h->line = line_of(m);
		h->col = col_of(m);
		h->name = str(r, m, "name", true, what);
		h->zone = str(r, m, "zone", true, what);
		zone_ref(r, get(r, m, "zone"), h->zone);
		h->description = str(r, m, "description", false, what);
		h->windows = str(r, m, "windows", false, what);
		if (h->windows) {
			h->generation = pp_windows_generation(h->windows);
			if (h->generation == PP_WIN_NONE)
				err(r, get(r, m, "windows"),
				    "known versions: 2000, XP, 2003, 2003 R2, Vista, 2008, 2008 R2, 7, 8, 8.1, 2012, 2012 R2, 10, 2016, 2019, 2022, 11, 2025",
				    "unknown Windows version '%s'", h->windows);
		}
		h->roles = roles(r, get(r, m, "roles"), &h->n_roles);

		/* Addresses: the host's own, plus those of its interfaces. */
		const char *addr_key = group && get(r, m, "cidrs") ? "cidrs" : "addresses";
		size_t n_own = 0;
		struct pp_cidr *own = cidrs(r, get(r, m, addr_key), addr_key, &n_own);
		check_in_zone(r, get(r, m, addr_key), h->zone, own, n_own);
		yaml_node_t *ifs = group ? NULL : seq(r, m, "interfaces");
		h->ifaces = pp_arena_alloc(r->a, (seq_len(ifs) + 1) * sizeof *h->ifaces);
		size_t n_all = n_own;
		for (size_t k = 0; k < seq_len(ifs); k++) {
			bool ok;
			read_iface(r, node(r, ifs->data.sequence.items.start[k]), h, &h->ifaces[h->n_ifaces], &ok);
			if (ok)
				n_all += h->ifaces[h->n_ifaces++].n_addrs;
		}
		h->addrs = pp_arena_alloc(r->a, (n_all + 1) * sizeof *h->addrs);
		memcpy(h->addrs, own, n_own * sizeof *own);
		h->n_addrs = n_own;
		for (size_t k = 0; k < h->n_ifaces; k++) {
			memcpy(h->addrs + h->n_addrs, h->ifaces[k].addrs, h->ifaces[k].n_addrs * sizeof *own);
			h->n_addrs += h->ifaces[k].n_addrs;
		}
		if (!h->n_addrs && !get(r, m, addr_key) && !seq_len(ifs))
			err(r, m, group ? "a group needs cidrs (or addresses)" : "a host needs addresses, or interfaces with addresses",
			    "%s '%s' has no address", what, h->name ? h->name : "?");
		if (!h->name)
			continue;
		if (host_find(dep, h->name)) {
			err(r, get(r, m, "name"), NULL, "name '%s' is used twice", h->name);
			continue;
		}
		dep->n_hosts++;
	}
}

static void read_pins(struct reader *r, yaml_node_t *root)
{
	static const char *const keys[] = {"host", "pin", "port", NULL};
	yaml_node_t *v = seq(r, root, "pins");
	struct pp_deployment *dep = r->dep;
	dep->pins = pp_arena_alloc(r->a, (seq_len(v) + 1) * sizeof *dep->pins);
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < seq_len(v); i++) {
		yaml_node_t *m = node(r, v->data.sequence.items.start[i]);
		if (m->type != YAML_MAPPING_NODE) {
			err(r, m, NULL, "a pin must be a mapping (host, pin, port)");
			continue;
		}
		check_keys(r, m, "a pin", keys);
		struct pp_dep_pin *p = &dep->pins[dep->n_pins];
		memset(p, 0, sizeof *p);
		p->line = line_of(m);
		p->col = col_of(m);
		const char *host = str(r, m, "host", true, "pin");
		const char *pin = str(r, m, "pin", true, "pin");
		const char *port = str(r, m, "port", true, "pin");
		p->host = host_find(dep, host);
		if (host && !p->host) {
			const char *names[512];
			size_t n = 0;
			for (size_t k = 0; k < dep->n_hosts && n + 1 < 512; k++)
				names[n++] = dep->hosts[k].name;
			names[n] = NULL;
			char hint[128];
			err(r, get(r, m, "host"), suggest(host, names, hint, sizeof hint), "unknown host '%s'", host);
		}
		p->pin = pin ? pp_registry_pin_find(pin) : NULL;
		if (pin && !p->pin) {
			const char *names[256];
			size_t n = 0;
			for (size_t k = 0; k < c->n_registry_pins && n + 1 < 256; k++)
				names[n++] = c->registry_pins[k].id;
			names[n] = NULL;
			char hint[128];
			const char *h = suggest(pin, names, hint, sizeof hint);
			err(r, get(r, m, "pin"), h ? h : "'portplan query MSExchangeSA' (or NTDS, MSExchangeIS, ...) lists the registry pins",
			    "unknown registry pin '%s'", pin);
		}
		char *end = NULL;
		unsigned long value = port ? strtoul(port, &end, 10) : 0;
		if (port && (*port < '0' || *port > '9' || *end || value > 65535)) {
			err(r, get(r, m, "port"), NULL, "pin port '%s' is not a number from 0 to 65535", port);
			continue;
		}
		p->port = (uint16_t)value;
		if (p->host && p->pin && port)
			dep->n_pins++;
	}
}

static void read_options(struct reader *r, yaml_node_t *root)
{
	static const char *const keys[] = {"netbios", "legacy_windows", "any_program_rules", "ipsec",
					   "outbound", NULL};
	yaml_node_t *m = get(r, root, "options");
	struct pp_dep_options *o = &r->dep->options;
	*o = (struct pp_dep_options){.netbios = false, .legacy_windows = false,
				     .any_program = false, .ipsec = false,
				     .outbound = PP_OUTBOUND_DENY};
	if (!m)
		return;
	if (m->type != YAML_MAPPING_NODE) {
		err(r, m, NULL, "'options' must be a mapping");
		return;
	}
	check_keys(r, m, "options", keys);
	o->netbios = boolean(r, m, "netbios", false);
	o->legacy_windows = boolean(r, m, "legacy_windows", false);
	o->any_program = boolean(r, m, "any_program_rules", false);
	o->ipsec = boolean(r, m, "ipsec", false);
	yaml_node_t *ob = get(r, m, "outbound");
	const char *s = scalar(ob);
	if (ob && s && strcmp(s, "allow") == 0)
		o->outbound = PP_OUTBOUND_ALLOW;
	else if (ob && !(s && strcmp(s, "deny") == 0))
		err(r, ob, "write allow or deny", "'outbound' must be allow or deny");
}

/* ---------- entry points ---------- */

struct pp_deployment *pp_deployment_parse(const char *file, const char *text, size_t len,
					  struct pp_diags *d)
{
	d->file = file;
	d->text = text;
	d->text_len = len;
	struct reader r = {.d = d};
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &r.doc)) {
		char hint[128] = "";
		if (parser.context)
			snprintf(hint, sizeof hint, "%s, which started at line %zu", parser.context,
				 parser.context_mark.line + 1);
		pp_diag_add(d, false, (unsigned)parser.problem_mark.line + 1,
			    (unsigned)parser.problem_mark.column + 1, 0, *hint ? hint : NULL, "%s",
			    parser.problem ? parser.problem : "not valid YAML");
		yaml_parser_delete(&parser);
		return NULL;
	}
	yaml_parser_delete(&parser);

	struct pp_deployment *dep = calloc(1, sizeof *dep);
	struct pp_deployment_private *priv = calloc(1, sizeof *priv);
	if (!dep || !priv) {
		free(dep);
		free(priv);
		yaml_document_delete(&r.doc);
		pp_diag_add(d, false, 0, 0, 0, NULL, "out of memory");
		return NULL;
	}
	dep->priv = priv;
	r.dep = dep;
	r.a = &priv->arena;
	dep->file = pp_arena_strdup(r.a, file);

	yaml_node_t *root = yaml_document_get_root_node(&r.doc);
	static const char *const keys[] = {"deployment", "zones", "hosts", "groups", "pins",
					   "options", NULL};
	if (!root || root->type != YAML_MAPPING_NODE) {
		pp_diag_add(d, false, root ? line_of(root) : 1, root ? col_of(root) : 1, 0,
			    "a deployment file is a mapping with deployment, zones, hosts, groups, pins and options",
			    "not a deployment");
	} else {
		check_keys(&r, root, "the deployment", keys);
		dep->name = str(&r, root, "deployment", true, "the file");
		read_zones(&r, root);
		yaml_node_t *hosts = seq(&r, root, "hosts"), *groups = seq(&r, root, "groups");
		dep->hosts = pp_arena_alloc(r.a, (seq_len(hosts) + seq_len(groups) + 1) * sizeof *dep->hosts);
		read_hosts(&r, root, "hosts", false);
		read_hosts(&r, root, "groups", true);
		read_pins(&r, root);
		read_options(&r, root);
		if (!dep->n_zones && !get(&r, root, "zones"))
			pp_diag_add(d, false, 1, 1, 0, NULL, "the deployment defines no zones");
	}
	yaml_document_delete(&r.doc);
	if (d->n_errors) {
		pp_deployment_free(dep);
		return NULL;
	}
	if (!dep->name)
		dep->name = "";
	return dep;
}

struct pp_deployment *pp_deployment_load(const char *path, struct pp_diags *d)
{
	d->file = path;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		pp_diag_add(d, false, 0, 0, 0, NULL, "cannot open: %s", strerror(errno));
		return NULL;
	}
	char *text = malloc(MAX_FILE_SIZE + 1);
	size_t len = text ? fread(text, 1, MAX_FILE_SIZE + 1, fp) : 0;
	bool bad = !text || ferror(fp);
	fclose(fp);
	if (bad || len > MAX_FILE_SIZE) {
		free(text);
		pp_diag_add(d, false, 0, 0, 0, NULL, bad ? "cannot read the file" : "larger than 16 MiB");
		return NULL;
	}
	text[len] = '\0';
	d->owned_text = text;
	return pp_deployment_parse(path, text, len, d);
}

void pp_deployment_free(struct pp_deployment *dep)
{
	if (!dep)
		return;
	pp_arena_free(&dep->priv->arena);
	free(dep->priv);
	free(dep);
}
