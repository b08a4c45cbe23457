/*
 * Running a query: walk every kind of catalog entry once and collect the
 * matches. Names are matched case-insensitively, exact before prefix, and
 * an unknown or ambiguous name yields suggestions instead of matches.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/query.h"
#include "util/text.h"

/* ---------- result building ---------- */

static int add(struct pp_result *r, enum pp_match_kind kind, enum pp_match_how how,
	       const void *entry, const struct pp_ports *ports, size_t item)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		struct pp_match *m = realloc(r->matches, cap * sizeof *m);
		if (!m)
			return -1;
		r->matches = m;
		r->cap = cap;
	}
	r->matches[r->n++] = (struct pp_match){kind, how, entry, ports, item};
	return 0;
}

static void add_near(struct pp_result *r, const char *s)
{
	for (size_t i = 0; i < r->n_near; i++)
		if (strcmp(r->near[i], s) == 0)
			return;
	if (r->n_near == r->cap_near) {
		size_t cap = r->cap_near ? r->cap_near * 2 : 8;
		const char **n = realloc(r->near, cap * sizeof *n);
		if (!n)
			return;
		r->near = n;
		r->cap_near = cap;
	}
	char *copy = strdup(s);
	if (copy)
		r->near[r->n_near++] = copy;
}

__attribute__((format(printf, 3, 4)))
static enum pp_query_status fail(struct pp_result *r, enum pp_query_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof r->message, fmt, ap);
	va_end(ap);
	return st;
}

void pp_result_free(struct pp_result *r)
{
	free(r->matches);
	for (size_t i = 0; i < r->n_near; i++)
		free((char *)r->near[i]);
	free(r->near);
	memset(r, 0, sizeof *r);
}

/* ---------- ports ---------- */

int pp_query_parse_port(const char *arg, struct pp_query *q)
{
	unsigned long lo = 0, hi;
	const char *p = arg;
	char *end;
	if (*p < '0' || *p > '9')
		return -1;
	lo = strtoul(p, &end, 10);
	hi = lo;
	p = end;
	if (*p == '-') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		hi = strtoul(p + 1, &end, 10);
		p = end;
	}
	if (lo > 65535 || hi > 65535 || lo > hi)
		return -1;
	unsigned transport = PP_TR_TCP | PP_TR_UDP;
	if (*p == '/') {
		if (pp_eq_ci(p + 1, "tcp"))
			transport = PP_TR_TCP;
		else if (pp_eq_ci(p + 1, "udp"))
			transport = PP_TR_UDP;
		else
			return -1;
	} else if (*p) {
		return -1;
	}
	q->type = PP_Q_PORT;
	q->transport = transport;
	q->lo = (uint16_t)lo;
	q->hi = (uint16_t)hi;
	return 0;
}

static bool overlap(unsigned lo, unsigned hi, unsigned a, unsigned b)
{
	return lo <= b && a <= hi;
}

/* Does row p share a port with [lo, hi] on transport? Sets *how. Numeric
 * items win over symbols, so "135,dynamic-rpc" answers 135 as fixed. */
static bool ports_overlap(const struct pp_ports *p, unsigned transport, unsigned lo, unsigned hi,
			  enum pp_match_how *how)
{
	if (!(p->transport & transport))
		return false;
	for (size_t i = 0; i < p->n_ranges; i++) {
		if (!overlap(lo, hi, p->ranges[i].lo, p->ranges[i].hi))
			continue;
		bool single = p->ranges[i].lo == p->ranges[i].hi;
		*how = p->kind == PP_KIND_CONFIGURABLE ? PP_HOW_CONFIGURABLE
		     : p->kind == PP_KIND_DYNAMIC && !single ? PP_HOW_DYNAMIC
							   : PP_HOW_FIXED;
		return true;
	}
	if (p->symbols & PP_SYM_RPC_EPMAP && overlap(lo, hi, 135, 135)) {
		*how = PP_HOW_FIXED;
		return true;
	}
	if (p->symbols & PP_SYM_DYNAMIC_RPC &&
	    (overlap(lo, hi, PP_DYNAMIC_RPC_LO, PP_DYNAMIC_RPC_HI) ||
	     overlap(lo, hi, PP_DYNAMIC_RPC_LEGACY_LO, PP_DYNAMIC_RPC_LEGACY_HI))) {
		*how = PP_HOW_DYNAMIC_RPC;
		return true;
	}
	if (p->symbols & PP_SYM_ANY) {
		*how = PP_HOW_ANY;
		return true;
	}
	return false;
}

static int query_port(const struct pp_query *q, struct pp_result *r)
{
	const struct pp_catalog *c = pp_catalog();
	unsigned tr = q->transport, lo = q->lo, hi = q->hi;
	enum pp_match_how how;
	int rc = 0;

	for (size_t i = 0; i < c->n_services; i++)
		for (size_t j = 0; j < c->services[i].n_rows; j++)
			if (ports_overlap(&c->services[i].rows[j], tr, lo, hi, &how))
				rc |= add(r, PP_M_SERVICE, how, &c->services[i],
					  &c->services[i].rows[j], 0);
	for (size_t i = 0; i < c->n_port_table; i++)
		if (ports_overlap(&c->port_table[i].ports, tr, lo, hi, &how))
			rc |= add(r, PP_M_PORT_TABLE, how, &c->port_table[i], &c->port_table[i].ports, 0);
	for (size_t i = 0; i < c->n_dynamic_ranges; i++)
		if (ports_overlap(&c->dynamic_ranges[i].ports, tr, lo, hi, &how))
			rc |= add(r, PP_M_DYNAMIC_RANGE, PP_HOW_DYNAMIC, &c->dynamic_ranges[i],
				  &c->dynamic_ranges[i].ports, 0);
	for (size_t i = 0; i < c->n_data_paths; i++)
		for (size_t j = 0; j < c->data_paths[i].n_ports; j++)
			if (ports_overlap(&c->data_paths[i].ports[j], tr, lo, hi, &how))
				rc |= add(r, PP_M_DATA_PATH, how, &c->data_paths[i],
					  &c->data_paths[i].ports[j], 0);
	for (size_t i = 0; i < c->n_fw_rules; i++)
		if (ports_overlap(&c->fw_rules[i].ports, tr, lo, hi, &how))
			rc |= add(r, PP_M_FW_RULE, how, &c->fw_rules[i], &c->fw_rules[i].ports, 0);
	for (size_t i = 0; i < c->n_registry_pins; i++) {
		long ex = c->registry_pins[i].example;
		if (ex >= 0 && (tr & PP_TR_TCP) && (unsigned long)ex >= lo && (unsigned long)ex <= hi)
			rc |= add(r, PP_M_REGISTRY_PIN, PP_HOW_EXAMPLE, &c->registry_pins[i], NULL, 0);
	}
	for (size_t i = 0; i < c->n_lists; i++)
		for (size_t k = 0; k < c->lists[i].n_items; k++)
			for (size_t j = 0; j < c->lists[i].items[k].n_ports; j++)
				if (ports_overlap(&c->lists[i].items[k].ports[j], tr, lo, hi, &how))
					rc |= add(r, PP_M_LIST_ITEM, how, &c->lists[i],
						  &c->lists[i].items[k].ports[j], k);
	for (size_t i = 0; i < c->n_facts; i++)
		for (size_t j = 0; j < c->facts[i].n_ports; j++)
			if (ports_overlap(&c->facts[i].ports[j], tr, lo, hi, &how))
				rc |= add(r, PP_M_FACT, how, &c->facts[i], &c->facts[i].ports[j], 0);
	return rc;
}

/* ---------- names ---------- */

/*
 * Service names form groups: a service's group is its first system service
 * name, folded to lowercase (or its id when it has none), so that the
 * Netlogon of two documents is one answer. Registry pins join the group of
 * the service they pin; firewall rules the group of their leading word
 * ("MSExchangeIS - RPC (TCP-In)" -> msexchangeis).
 */
#define GROUP_MAX 128

static void lower_copy(const char *s, size_t n, char *g, size_t len)
{
	size_t i;
	for (i = 0; i < n && s[i] && i + 1 < len; i++)
		g[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	g[i] = '\0';
}

static void group_of_service(const struct pp_service *s, char *g, size_t len)
{
	const char *name = s->n_system_names ? s->system_names[0] : s->id;
	lower_copy(name, strlen(name), g, len);
}

/* The leading word of a firewall rule name: up to a space or '('. */
static void group_of_rule(const struct pp_fw_rule *fw, char *g, size_t len)
{
	size_t n = strcspn(fw->name, " (");
	lower_copy(fw->name, n, g, len);
}

/* A named thing: key is what the user may type, group what it stands for,
 * label what we suggest. */
struct name_key {
	const char *key;
	char group[GROUP_MAX];
	const char *label;
};

struct name_index {
	struct name_key *k;
	size_t n, cap;
};

static void index_add(struct name_index *ix, const char *key, const char *group, const char *label)
{
	if (!key || !*key)
		return;
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 256;
		struct name_key *k = realloc(ix->k, cap * sizeof *k);
		if (!k)
			return;
		ix->k = k;
		ix->cap = cap;
	}
	struct name_key *nk = &ix->k[ix->n++];
	nk->key = key;
	snprintf(nk->group, sizeof nk->group, "%s", group);
	nk->label = label;
}

static void build_name_index(struct name_index *ix)
{
	const struct pp_catalog *c = pp_catalog();
	char g[GROUP_MAX];
	for (size_t i = 0; i < c->n_services; i++) {
		const struct pp_service *s = &c->services[i];
		group_of_service(s, g, sizeof g);
		const char *label = s->n_system_names ? s->system_names[0] : s->name.en;
		index_add(ix, s->id, g, label);
		index_add(ix, s->name.en, g, s->name.en);
		index_add(ix, s->name.ja, g, s->name.ja);
		for (size_t j = 0; j < s->n_system_names; j++)
			index_add(ix, s->system_names[j], g, s->system_names[j]);
	}
	for (size_t i = 0; i < c->n_registry_pins; i++) {
		const char *svc = c->registry_pins[i].service;
		if (!svc)
			continue;
		lower_copy(svc, strlen(svc), g, sizeof g);
		index_add(ix, svc, g, svc);
	}
	for (size_t i = 0; i < c->n_fw_rules; i++) {
		group_of_rule(&c->fw_rules[i], g, sizeof g);
		index_add(ix, c->fw_rules[i].name, g, c->fw_rules[i].name);
	}
}

/* Collect the distinct groups of keys that satisfy pred. */
static size_t groups_where(const struct name_index *ix, const char *name,
			   bool (*pred)(const char *key, const char *name), const char **out,
			   size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < ix->n; i++) {
		if (!pred(ix->k[i].key, name))
			continue;
		bool dup = false;
		for (size_t j = 0; j < n; j++)
			dup |= strcmp(out[j], ix->k[i].group) == 0;
		if (!dup && n < max)
			out[n++] = ix->k[i].group;
	}
	return n;
}

static bool pred_exact(const char *key, const char *name)
{
	return pp_eq_ci(key, name);
}

static bool pred_loose(const char *key, const char *name)
{
	return pp_eq_loose(key, name);
}

static bool pred_prefix(const char *key, const char *name)
{
	return pp_prefix_loose(key, name);
}

/* A firewall rule's leading word is a key only through this predicate:
 * "MSExchangeIS" names the rules "MSExchangeIS - RPC (TCP-In)" etc. */
static bool pred_rule_word(const char *key, const char *name)
{
	size_t n = strlen(name);
	return pp_prefix_ci(key, name) && (key[n] == ' ' || key[n] == '(');
}

static const char *label_of_group(const struct name_index *ix, const char *group)
{
	for (size_t i = 0; i < ix->n; i++)
		if (strcmp(ix->k[i].group, group) == 0)
			return ix->k[i].label;
	return group;
}

static int collect_group(const char *group, struct pp_result *r)
{
	const struct pp_catalog *c = pp_catalog();
	char g[GROUP_MAX];
	int rc = 0;
	const char *ids[256];
	size_t n_ids = 0;
	for (size_t i = 0; i < c->n_services; i++) {
		const struct pp_service *s = &c->services[i];
		bool in = strcmp(s->id, group) == 0;
		for (size_t j = 0; j < s->n_system_names; j++) {
			lower_copy(s->system_names[j], strlen(s->system_names[j]), g, sizeof g);
			in |= strcmp(g, group) == 0;
		}
		if (!in)
			continue;
		if (n_ids < 256)
			ids[n_ids++] = s->id;
		if (!s->n_rows)
			rc |= add(r, PP_M_SERVICE, PP_HOW_NAME, s, NULL, 0);
		for (size_t j = 0; j < s->n_rows; j++)
			rc |= add(r, PP_M_SERVICE, PP_HOW_NAME, s, &s->rows[j], 0);
	}
	for (size_t k = 0; k < n_ids; k++) {
		for (size_t i = 0; i < c->n_port_table; i++)
			if (c->port_table[i].service && strcmp(c->port_table[i].service, ids[k]) == 0)
				rc |= add(r, PP_M_PORT_TABLE, PP_HOW_NAME, &c->port_table[i],
					  &c->port_table[i].ports, 0);
		for (size_t i = 0; i < c->n_lists; i++)
			for (size_t j = 0; j < c->lists[i].n_items; j++)
				if (c->lists[i].items[j].service &&
				    strcmp(c->lists[i].items[j].service, ids[k]) == 0)
					rc |= add(r, PP_M_LIST_ITEM, PP_HOW_NAME, &c->lists[i], NULL, j);
		for (size_t i = 0; i < c->n_facts; i++)
			for (size_t j = 0; j < c->facts[i].n_refs; j++)
				if (strcmp(c->facts[i].refs[j], ids[k]) == 0)
					rc |= add(r, PP_M_FACT, PP_HOW_NAME, &c->facts[i], NULL, 0);
	}
	for (size_t i = 0; i < c->n_registry_pins; i++) {
		const char *svc = c->registry_pins[i].service;
		if (!svc)
			continue;
		lower_copy(svc, strlen(svc), g, sizeof g);
		if (strcmp(g, group) == 0)
			rc |= add(r, PP_M_REGISTRY_PIN, PP_HOW_NAME, &c->registry_pins[i], NULL, 0);
	}
	for (size_t i = 0; i < c->n_fw_rules; i++) {
		group_of_rule(&c->fw_rules[i], g, sizeof g);
		if (strcmp(g, group) == 0)
			rc |= add(r, PP_M_FW_RULE, PP_HOW_NAME, &c->fw_rules[i], &c->fw_rules[i].ports, 0);
	}
	return rc;
}

static enum pp_query_status query_service(const struct pp_query *q, struct pp_result *r)
{
	struct name_index ix = {0};
	build_name_index(&ix);
	const char *groups[64];
	size_t n = groups_where(&ix, q->name, pred_exact, groups, 64);
	if (n == 0)
		n = groups_where(&ix, q->name, pred_loose, groups, 64);
	if (n == 0)
		n = groups_where(&ix, q->name, pred_rule_word, groups, 64);
	if (n == 0)
		n = groups_where(&ix, q->name, pred_prefix, groups, 64);
	enum pp_query_status st = PP_QUERY_OK;
	if (n == 1) {
		if (collect_group(groups[0], r))
			st = fail(r, PP_QUERY_BAD, "out of memory");
	} else if (n > 1) {
		for (size_t i = 0; i < n; i++)
			add_near(r, label_of_group(&ix, groups[i]));
		st = fail(r, PP_QUERY_AMBIGUOUS, "'%s' is ambiguous", q->name);
	} else {
		/* Suggestions: names containing it, or a few edits away. */
		size_t limit = strlen(q->name) < 5 ? 1 : 2;
		for (size_t i = 0; i < ix.n; i++)
			if (pp_contains_ci(ix.k[i].key, q->name) ||
			    pp_edit_distance(ix.k[i].key, q->name, limit) <= limit)
				add_near(r, ix.k[i].label);
		st = fail(r, PP_QUERY_UNKNOWN, "no service, system service or firewall rule named '%s'",
			  q->name);
	}
	free(ix.k);
	return st;
}

/* ---------- products and roles ---------- */

static const struct pp_product *resolve_product(const char *name, struct pp_result *r,
						 enum pp_query_status *st)
{
	const struct pp_catalog *c = pp_catalog();
	const struct pp_product *found = NULL;
	size_t n = 0;
	for (size_t i = 0; i < c->n_products; i++)
		if (pp_eq_ci(c->products[i].id, name))
			return &c->products[i];
	for (size_t i = 0; i < c->n_products; i++)
		if (pp_prefix_ci(c->products[i].id, name) || pp_eq_ci(c->products[i].name.en, name) ||
		    pp_eq_ci(c->products[i].name.ja, name)) {
			found = &c->products[i];
			n++;
		}
	if (n == 1)
		return found;
	for (size_t i = 0; i < c->n_products; i++)
		if (n > 1 ? pp_prefix_ci(c->products[i].id, name) : true)
			add_near(r, c->products[i].id);
	*st = fail(r, n > 1 ? PP_QUERY_AMBIGUOUS : PP_QUERY_UNKNOWN,
		   n > 1 ? "product '%s' is ambiguous" : "unknown product '%s'", name);
	return NULL;
}

/* The roles a user's word stands for, within product (or all products when
 * NULL): a role named exactly so and its family (roles whose id extends its
 * id after a '-'), else every role whose id or name starts with the word. */
static size_t resolve_roles(const char *product, const char *word, const struct pp_role **out,
			    size_t max)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	const char *colon = strchr(word, ':');
	char prod_buf[64];
	if (colon && (size_t)(colon - word) < sizeof prod_buf) {
		memcpy(prod_buf, word, (size_t)(colon - word));
		prod_buf[colon - word] = '\0';
		product = prod_buf;
		word = colon + 1;
	}
	/* An exact role brings its family: "edge" is also edge-access, edge-av... */
	for (size_t i = 0; i < c->n_roles; i++) {
		const struct pp_role *ro = &c->roles[i];
		if (product && strcmp(ro->product, product) != 0)
			continue;
		if (pp_eq_loose(ro->id, word) || pp_eq_loose(ro->name.en, word) ||
		    pp_eq_loose(ro->name.ja, word)) {
			for (size_t j = 0; j < c->n_roles && n < max; j++) {
				const struct pp_role *kin = &c->roles[j];
				size_t len = strlen(ro->id);
				if (strcmp(kin->product, ro->product) == 0 &&
				    strncmp(kin->id, ro->id, len) == 0 &&
				    (kin->id[len] == '\0' || kin->id[len] == '-'))
					out[n++] = kin;
			}
		}
	}
	for (int pass = 1; pass < 2 && n == 0; pass++) {
		for (size_t i = 0; i < c->n_roles; i++) {
			const struct pp_role *ro = &c->roles[i];
			if (product && strcmp(ro->product, product) != 0)
				continue;
			bool hit = pass == 0 ? pp_eq_loose(ro->id, word) || pp_eq_loose(ro->name.en, word) ||
						       pp_eq_loose(ro->name.ja, word)
					     : pp_prefix_loose(ro->id, word) || pp_prefix_loose(ro->name.en, word) ||
						       pp_prefix_loose(ro->name.ja, word);
			if (hit && n < max)
				out[n++] = ro;
		}
	}
	return n;
}

static bool role_in(const char *product, const char *role, const struct pp_role *const *set,
		    size_t n)
{
	for (size_t i = 0; product && role && i < n; i++)
		if (strcmp(set[i]->product, product) == 0 && strcmp(set[i]->id, role) == 0)
			return true;
	return false;
}

static void suggest_roles(const char *product, const char *word, struct pp_result *r)
{
	const struct pp_catalog *c = pp_catalog();
	char buf[256];
	for (size_t i = 0; i < c->n_roles; i++) {
		const struct pp_role *ro = &c->roles[i];
		if (product && strcmp(ro->product, product) != 0)
			continue;
		if (product || pp_contains_ci(ro->id, word) || pp_edit_distance(ro->id, word, 3) <= 3) {
			snprintf(buf, sizeof buf, "%s:%s", ro->product, ro->id);
			add_near(r, buf);
		}
	}
}

#define ROLES_MAX 64

static enum pp_query_status query_product(const struct pp_query *q, struct pp_result *r)
{
	const struct pp_catalog *c = pp_catalog();
	enum pp_query_status st = PP_QUERY_OK;
	const struct pp_product *p = resolve_product(q->product, r, &st);
	if (!p)
		return st;
	const struct pp_role *roles[ROLES_MAX];
	size_t n_roles = 0;
	if (q->role) {
		n_roles = resolve_roles(p->id, q->role, roles, ROLES_MAX);
		if (!n_roles) {
			suggest_roles(p->id, q->role, r);
			return fail(r, PP_QUERY_UNKNOWN, "product '%s' has no role '%s'", p->id, q->role);
		}
	}
	int rc = 0;
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *d = &c->data_paths[i];
		bool hit = n_roles ? role_in(d->from_product, d->from, roles, n_roles) ||
					     role_in(d->to_product, d->to, roles, n_roles)
				   : strcmp(d->product, p->id) == 0 ||
					     (d->from_product && strcmp(d->from_product, p->id) == 0) ||
					     (d->to_product && strcmp(d->to_product, p->id) == 0);
		for (size_t j = 0; hit && j < d->n_ports; j++)
			rc |= add(r, PP_M_DATA_PATH, PP_HOW_NAME, d, &d->ports[j], 0);
		if (hit && !d->n_ports)
			rc |= add(r, PP_M_DATA_PATH, PP_HOW_NAME, d, NULL, 0);
	}
	for (size_t i = 0; i < c->n_fw_rules; i++) {
		const struct pp_fw_rule *fw = &c->fw_rules[i];
		if (strcmp(fw->product, p->id) != 0)
			continue;
		bool hit = !n_roles;
		for (size_t j = 0; !hit && j < fw->n_roles; j++)
			hit = role_in(fw->product, fw->roles[j], roles, n_roles);
		if (hit)
			rc |= add(r, PP_M_FW_RULE, PP_HOW_NAME, fw, &fw->ports, 0);
	}
	if (!n_roles) {
		for (size_t i = 0; i < c->n_services; i++)
			if (strcmp(c->services[i].product, p->id) == 0)
				for (size_t j = 0; j < c->services[i].n_rows; j++)
					rc |= add(r, PP_M_SERVICE, PP_HOW_NAME, &c->services[i],
						  &c->services[i].rows[j], 0);
		for (size_t i = 0; i < c->n_facts; i++)
			if (c->facts[i].product && strcmp(c->facts[i].product, p->id) == 0)
				rc |= add(r, PP_M_FACT, PP_HOW_NAME, &c->facts[i], NULL, 0);
	}
	for (size_t i = 0; i < c->n_registry_pins; i++)
		for (size_t j = 0; j < c->registry_pins[i].n_products; j++)
			if (strcmp(c->registry_pins[i].products[j], p->id) == 0)
				rc |= add(r, PP_M_REGISTRY_PIN, PP_HOW_NAME, &c->registry_pins[i], NULL, 0);
	return rc ? fail(r, PP_QUERY_BAD, "out of memory") : PP_QUERY_OK;
}

/* ---------- data paths ---------- */

/* Does a firewall rule let in (some of) the traffic of data path d? */
static bool rule_admits(const struct pp_fw_rule *fw, const struct pp_data_path *d)
{
	if (!d->to_product || strcmp(fw->product, d->to_product) != 0)
		return false;
	bool role = false;
	for (size_t i = 0; i < fw->n_roles; i++)
		role |= strcmp(fw->roles[i], d->to) == 0;
	if (!role)
		return false;
	enum pp_match_how how;
	/* A "Dynamic RPC" rule is for RPC only (program-restricted to an RPC
	 * server): it admits a path's RPC, not a fixed port that happens to
	 * lie in 49152-65535 (EdgeSync's 50636). */
	struct pp_ports fixed = fw->ports;
	fixed.symbols &= ~(unsigned)PP_SYM_DYNAMIC_RPC;
	for (size_t i = 0; i < d->n_ports; i++) {
		const struct pp_ports *p = &d->ports[i];
		for (size_t j = 0; j < p->n_ranges; j++) {
			if (ports_overlap(&fixed, p->transport, p->ranges[j].lo, p->ranges[j].hi, &how))
				return true;
			/* RPC on 135 goes on to a dynamic port: the RPC rules admit it. */
			if (p->ranges[j].lo <= 135 && p->ranges[j].hi >= 135 &&
			    fw->ports.symbols & PP_SYM_DYNAMIC_RPC && p->transport & PP_TR_TCP)
				return true;
		}
	}
	return false;
}

static enum pp_query_status query_path(const struct pp_query *q, struct pp_result *r)
{
	const struct pp_catalog *c = pp_catalog();
	enum pp_query_status st = PP_QUERY_OK;
	const char *product = NULL;
	if (q->product) {
		const struct pp_product *p = resolve_product(q->product, r, &st);
		if (!p)
			return st;
		product = p->id;
	}
	const struct pp_role *from[ROLES_MAX], *to[ROLES_MAX];
	size_t n_from = 0, n_to = 0;
	if (q->from && !(n_from = resolve_roles(product, q->from, from, ROLES_MAX))) {
		suggest_roles(product, q->from, r);
		return fail(r, PP_QUERY_UNKNOWN, "no role '%s'", q->from);
	}
	if (q->to && !(n_to = resolve_roles(product, q->to, to, ROLES_MAX))) {
		suggest_roles(product, q->to, r);
		return fail(r, PP_QUERY_UNKNOWN, "no role '%s'", q->to);
	}
	int rc = 0;
	size_t first_path = r->n;
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *d = &c->data_paths[i];
		if (product && strcmp(d->product, product) != 0)
			continue;
		if (q->from && !role_in(d->from_product, d->from, from, n_from))
			continue;
		if (q->to && !role_in(d->to_product, d->to, to, n_to))
			continue;
		for (size_t j = 0; j < d->n_ports; j++)
			rc |= add(r, PP_M_DATA_PATH, PP_HOW_NAME, d, &d->ports[j], 0);
		if (!d->n_ports)
			rc |= add(r, PP_M_DATA_PATH, PP_HOW_NAME, d, NULL, 0);
	}
	/* The vendor firewall rules that admit these paths at their destination,
	 * each once, and the registry pins of the destination's product. */
	size_t last_path = r->n;
	for (size_t i = 0; i < c->n_fw_rules; i++)
		for (size_t k = first_path; k < last_path; k++)
			if (rule_admits(&c->fw_rules[i], r->matches[k].entry)) {
				rc |= add(r, PP_M_FW_RULE, PP_HOW_NAME, &c->fw_rules[i],
					  &c->fw_rules[i].ports, 0);
				break;
			}
	for (size_t i = 0; i < c->n_registry_pins; i++) {
		bool hit = false;
		for (size_t j = 0; j < c->registry_pins[i].n_products; j++)
			for (size_t k = first_path; k < last_path; k++) {
				const struct pp_data_path *d = r->matches[k].entry;
				hit |= d->to_product &&
				       strcmp(c->registry_pins[i].products[j], d->to_product) == 0;
			}
		if (hit)
			rc |= add(r, PP_M_REGISTRY_PIN, PP_HOW_NAME, &c->registry_pins[i], NULL, 0);
	}
	return rc ? fail(r, PP_QUERY_BAD, "out of memory") : PP_QUERY_OK;
}

enum pp_query_status pp_query_run(const struct pp_query *q, struct pp_result *r)
{
	memset(r, 0, sizeof *r);
	switch (q->type) {
	case PP_Q_PORT:
		if (q->lo == q->hi)
			snprintf(r->title, sizeof r->title, "%u/%s", q->lo, pp_transport_name(q->transport));
		else
			snprintf(r->title, sizeof r->title, "%u-%u/%s", q->lo, q->hi,
				 pp_transport_name(q->transport));
		return query_port(q, r) ? fail(r, PP_QUERY_BAD, "out of memory") : PP_QUERY_OK;
	case PP_Q_SERVICE:
		snprintf(r->title, sizeof r->title, "service %s", q->name);
		return query_service(q, r);
	case PP_Q_PRODUCT:
		snprintf(r->title, sizeof r->title, "%s%s%s", q->product, q->role ? " " : "",
			 q->role ? q->role : "");
		return query_product(q, r);
	case PP_Q_PATH:
		snprintf(r->title, sizeof r->title, "from %s to %s", q->from ? q->from : "any",
			 q->to ? q->to : "any");
		if (!q->from && !q->to)
			return fail(r, PP_QUERY_BAD, "a data path query needs --from or --to");
		return query_path(q, r);
	}
	return fail(r, PP_QUERY_BAD, "unknown query type");
}

const char *pp_match_kind_name(enum pp_match_kind kind)
{
	switch (kind) {
	case PP_M_SERVICE: return "service";
	case PP_M_PORT_TABLE: return "port-table";
	case PP_M_DYNAMIC_RANGE: return "dynamic-range";
	case PP_M_DATA_PATH: return "data-path";
	case PP_M_FW_RULE: return "firewall-rule";
	case PP_M_REGISTRY_PIN: return "registry-pin";
	case PP_M_LIST_ITEM: return "list";
	case PP_M_FACT: return "fact";
	}
	return "?";
}

const char *pp_match_how_name(enum pp_match_how how)
{
	switch (how) {
	case PP_HOW_FIXED: return "fixed";
	case PP_HOW_DYNAMIC: return "dynamic range";
	case PP_HOW_CONFIGURABLE: return "configurable";
	case PP_HOW_DYNAMIC_RPC: return "dynamic RPC";
	case PP_HOW_ANY: return "any port";
	case PP_HOW_EXAMPLE: return "example value";
	case PP_HOW_NAME: return "";
	}
	return "?";
}
