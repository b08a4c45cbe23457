/* portplan probe and portplan verify: targets in, results out. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "portplan/planner.h"
#include "portplan/probe.h"
#include "portplan/probe_report.h"
#include "portplan/query.h"

static volatile int interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct probe_args {
	const struct cli_cmd *cmd;
	const char *ports, *service, *role, *from;
	enum pp_probe_format format;
	struct pp_probe_options opt;
	bool no_protocol;
	bool bad;
};

static unsigned number(struct probe_args *a, const char *opt, const char *arg, unsigned max)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || v > max) {
		cli_error(a->cmd, "--%s wants a number from 0 to %u, not '%s'", opt, max, arg);
		a->bad = true;
		return 0;
	}
	return (unsigned)v;
}

static int on_opt(int opt, const char *arg, void *ctx)
{
	struct probe_args *a = ctx;
	const char *name = a->cmd->opts[opt].name;
	if (!strcmp(name, "ports"))
		a->ports = arg;
	else if (!strcmp(name, "service"))
		a->service = arg;
	else if (!strcmp(name, "role"))
		a->role = arg;
	else if (!strcmp(name, "from"))
		a->from = arg;
	else if (!strcmp(name, "format"))
		a->format = !strcmp(arg, "json") ? PP_PROBE_JSON : !strcmp(arg, "junit") ? PP_PROBE_JUNIT
											 : PP_PROBE_TABLE;
	else if (!strcmp(name, "connect-timeout"))
		a->opt.connect_ms = number(a, name, arg, 600000);
	else if (!strcmp(name, "write-timeout"))
		a->opt.write_ms = number(a, name, arg, 600000);
	else if (!strcmp(name, "read-timeout"))
		a->opt.read_ms = number(a, name, arg, 600000);
	else if (!strcmp(name, "retries"))
		a->opt.udp_retries = number(a, name, arg, 10);
	else if (!strcmp(name, "concurrency"))
		a->opt.concurrency = number(a, name, arg, 65536);
	else if (!strcmp(name, "rate"))
		a->opt.rate = number(a, name, arg, 10000000);
	else if (!strcmp(name, "no-protocol"))
		a->no_protocol = true;
	return a->bad ? -1 : 0;
}

/* ---------- the ports to probe ---------- */

struct port_set {
	struct {
		uint16_t port;
		unsigned transport;
	} *v;
	size_t n, cap;
	char skipped[256]; /* what was too wide to probe */
};

static void add_port(struct port_set *s, uint16_t port, unsigned transport)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].port == port && s->v[i].transport == transport)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			abort();
	}
	s->v[s->n].port = port;
	s->v[s->n++].transport = transport;
}

/* A wide range (a dynamic or media range) is not probed port by port. */
#define MAX_RANGE 64

static void add_range(struct port_set *s, unsigned transport, unsigned lo, unsigned hi)
{
	if (hi - lo >= MAX_RANGE) {
		char r[32];
		snprintf(r, sizeof r, "%s%u-%u/%s", *s->skipped ? ", " : "", lo, hi,
			 transport == PP_TR_UDP ? "udp" : "tcp");
		if (strlen(s->skipped) + strlen(r) < sizeof s->skipped)
			strcat(s->skipped, r);
		return;
	}
	for (unsigned p = lo; p <= hi; p++)
		for (unsigned t = PP_TR_TCP; t <= PP_TR_UDP; t <<= 1)
			if (transport & t)
				add_port(s, (uint16_t)p, t);
}

static int ports_from_spec(struct probe_args *a, struct port_set *s)
{
	char *copy = strdup(a->ports), *save = NULL;
	if (!copy)
		return -1;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		struct pp_query q;
		if (pp_query_parse_port(item, &q) != 0) {
			cli_error(a->cmd, "bad port '%s' (expected PORT, LO-HI, optionally /tcp or /udp)", item);
			free(copy);
			return -1;
		}
		for (unsigned p = q.lo; p <= q.hi; p++)
			for (unsigned t = PP_TR_TCP; t <= PP_TR_UDP; t <<= 1)
				if (q.transport & t)
					add_port(s, (uint16_t)p, t);
	}
	free(copy);
	return 0;
}

/* The fixed ports of the catalog rows a query finds. */
static int ports_from_query(struct probe_args *a, const struct pp_query *q, struct port_set *s)
{
	struct pp_result r;
	enum pp_query_status st = pp_query_run(q, &r);
	if (st != PP_QUERY_OK) {
		cli_error(a->cmd, "%s", r.message);
		for (size_t i = 0; i < r.n_near && i < 10; i++)
			fprintf(stderr, "  %s\n", r.near[i]);
		pp_result_free(&r);
		return -1;
	}
	for (size_t i = 0; i < r.n; i++) {
		const struct pp_match *m = &r.matches[i];
		if (!m->ports || m->kind == PP_M_FACT || m->kind == PP_M_LIST_ITEM)
			continue;
		/* For a role, only the paths that end at it. */
		if (q->type == PP_Q_PRODUCT && m->kind == PP_M_DATA_PATH) {
			const struct pp_data_path *d = m->entry;
			if (!d->to || strncmp(d->to, q->role, strlen(q->role)) != 0)
				continue;
		}
		for (size_t k = 0; k < m->ports->n_ranges; k++)
			add_range(s, m->ports->transport, m->ports->ranges[k].lo, m->ports->ranges[k].hi);
		if (m->ports->symbols & PP_SYM_RPC_EPMAP)
			add_port(s, 135, PP_TR_TCP);
	}
	pp_result_free(&r);
	return 0;
}

static int collect_ports(struct probe_args *a, struct port_set *s)
{
	if (!!a->ports + !!a->service + !!a->role > 1) {
		cli_error(a->cmd, "give one of --ports, --service and --role");
		return -1;
	}
	if (a->ports)
		return ports_from_spec(a, s);
	if (a->service) {
		struct pp_query q = {.type = PP_Q_SERVICE, .name = a->service};
		return ports_from_query(a, &q, s);
	}
	if (a->role) {
		char product[64];
		const char *sep = strpbrk(a->role, "/:");
		if (!sep || (size_t)(sep - a->role) >= sizeof product) {
			cli_error(a->cmd, "--role wants PRODUCT/ROLE, for example exchange-2010/hub-transport");
			return -1;
		}
		snprintf(product, sizeof product, "%.*s", (int)(sep - a->role), a->role);
		struct pp_query q = {.type = PP_Q_PRODUCT, .product = product, .role = sep + 1};
		return ports_from_query(a, &q, s);
	}
	/* PortQry's default question: the endpoint mapper. */
	add_port(s, 135, PP_TR_TCP);
	return 0;
}

static void setup(struct probe_args *a)
{
	struct sigaction sa = {.sa_handler = on_sigint};
	sigaction(SIGINT, &sa, NULL);
	a->opt.stop = &interrupted;
	a->opt.progress = isatty(STDERR_FILENO) && a->format == PP_PROBE_TABLE;
}

int cmd_probe(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct probe_args a = {.cmd = cmd};
	pp_probe_options_default(&a.opt);
	int i = cli_parse(cmd, argc, argv, on_opt, &a);
	if (i < 0)
		return i == -2 ? EXIT_OK : EXIT_USAGE;
	if (i >= argc) {
		cli_error(cmd, "which host? give one or more names or addresses");
		return EXIT_USAGE;
	}
	struct port_set ports = {0};
	if (collect_ports(&a, &ports) != 0) {
		free(ports.v);
		return EXIT_USAGE;
	}
	size_t n_hosts = (size_t)(argc - i), n = n_hosts * ports.n;
	struct pp_probe_target *targets = calloc(n + 1, sizeof *targets);
	struct pp_probe_result *results = calloc(n + 1, sizeof *results);
	if (!targets || !results)
		abort();
	size_t k = 0;
	int rc = EXIT_OK;
	for (int h = i; h < argc; h++) {
		struct pp_probe_target base = {0};
		if (pp_probe_resolve(argv[h], &base) != 0) {
			cli_error(cmd, "cannot resolve '%s'", argv[h]);
			rc = EXIT_USAGE;
			continue;
		}
		for (size_t p = 0; p < ports.n; p++) {
			targets[k] = base;
			targets[k].port = ports.v[p].port;
			targets[k].transport = ports.v[p].transport;
			if (base.addr.ss_family == AF_INET)
				((struct sockaddr_in *)&targets[k].addr)->sin_port = htons(ports.v[p].port);
			else
				((struct sockaddr_in6 *)&targets[k].addr)->sin6_port = htons(ports.v[p].port);
			targets[k].proto = a.no_protocol ? NULL
							 : pp_proto_for_port(ports.v[p].port, ports.v[p].transport);
			k++;
		}
	}
	if (rc == EXIT_OK) {
		setup(&a);
		if (pp_probe_run(targets, k, &a.opt, results) != 0) {
			cli_error(cmd, "cannot start the probe engine");
			rc = EXIT_FAIL;
		} else {
			char note[320];
			const char *notes[3] = {NULL};
			size_t nn = 0;
			if (*ports.skipped) {
				snprintf(note, sizeof note, "not probed port by port (dynamic or media ranges): %s",
					 ports.skipped);
				notes[nn++] = note;
			}
			if (interrupted)
				notes[nn++] = "interrupted: the results so far";
			if (pp_probe_print(results, k, NULL, notes, a.format, "portplan probe", stdout) != 0)
				rc = EXIT_FAIL;
		}
	}
	pp_probe_results_free(results, k);
	free(results);
	free(targets);
	free(ports.v);
	return interrupted ? 130 : rc;
}

/* ---------- verify ---------- */

static bool from_here(const struct pp_endpoint *src, const char *name)
{
	if (!strcmp(src->name, name))
		return true;
	for (size_t i = 0; i < src->n_members; i++)
		if (!strcmp(src->members[i]->name, name))
			return true;
	return false;
}

static bool single(const struct pp_cidr *c)
{
	return c->prefix == (c->family == 4 ? 32 : 128);
}

static void target_for(struct pp_probe_target *t, const struct pp_endpoint *dst, const struct pp_cidr *c,
		       uint16_t port, unsigned transport, const char *flow)
{
	memset(t, 0, sizeof *t);
	char addr[PP_CIDR_STRLEN];
	pp_cidr_format(c, addr, false);
	snprintf(t->host, sizeof t->host, "%s", dst->name);
	if (c->family == 4) {
		struct sockaddr_in *s = (struct sockaddr_in *)&t->addr;
		s->sin_family = AF_INET;
		memcpy(&s->sin_addr, c->addr, 4);
		s->sin_port = htons(port);
		t->addr_len = sizeof *s;
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&t->addr;
		s->sin6_family = AF_INET6;
		memcpy(&s->sin6_addr, c->addr, 16);
		s->sin6_port = htons(port);
		t->addr_len = sizeof *s;
	}
	t->port = port;
	t->transport = transport;
	t->proto = pp_proto_for_port(port, transport);
	t->flow = flow;
}

/* Lines printed under verify's results: a NULL-terminated list. */
struct notes {
	char **v;
	size_t n;
};

__attribute__((format(printf, 2, 3)))
static void note_add(struct notes *l, const char *fmt, ...)
{
	char line[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	char **v = realloc(l->v, (l->n + 2) * sizeof *v);
	if (!v || !(v[l->n] = strdup(line)))
		abort();
	v[++l->n] = NULL;
	l->v = v;
}

/* Does a target point at address c? */
static bool same_addr(const struct pp_probe_target *t, const struct pp_cidr *c)
{
	if (c->family == 4)
		return t->addr.ss_family == AF_INET &&
		       !memcmp(&((const struct sockaddr_in *)&t->addr)->sin_addr, c->addr, 4);
	return t->addr.ss_family == AF_INET6 &&
	       !memcmp(&((const struct sockaddr_in6 *)&t->addr)->sin6_addr, c->addr, 16);
}

static enum pp_probe_verdict judge(const struct pp_probe_result *r)
{
	switch (r->state) {
	case PP_ST_LISTENING: return PP_VERDICT_PASS;
	case PP_ST_LISTENING_OR_FILTERED: return PP_VERDICT_UNSURE;
	default: return PP_VERDICT_FAIL;
	}
}

int cmd_verify(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct probe_args a = {.cmd = cmd};
	pp_probe_options_default(&a.opt);
	int i = cli_parse(cmd, argc, argv, on_opt, &a);
	if (i < 0)
		return i == -2 ? EXIT_OK : EXIT_USAGE;
	if (argc - i != 1 || !a.from) {
		cli_error(cmd, "give one deployment file and --from NAME (where this runs)");
		return EXIT_USAGE;
	}
	struct pp_diags d = {0};
	struct pp_deployment *dep = pp_deployment_load(argv[i], &d);
	struct pp_plan *plan = dep ? pp_plan_build(dep, &d) : NULL;
	pp_diags_print(&d, stderr);
	pp_diags_free(&d);
	pp_deployment_free(dep);
	if (!plan)
		return EXIT_FAIL;

	/* Round one: every fixed port of every flow from here; the endpoint
	 * mapper of every destination of a dynamic-RPC flow. */
	size_t cap = 1024, n = 0, n_flows = 0;
	struct pp_probe_target *t = calloc(cap, sizeof *t);
	struct notes notes = {0};
	if (!t)
		abort();
	for (size_t f = 0; f < plan->n_flows; f++) {
		const struct pp_flow *fl = &plan->flows[f];
		if (!from_here(fl->src, a.from))
			continue;
		n_flows++;
		if (!(fl->transport & (PP_TR_TCP | PP_TR_UDP))) {
			note_add(&notes, "%s: %s to %s is not TCP or UDP: not probed", fl->id,
				 pp_transport_name(fl->transport), fl->dst->name);
			continue;
		}
		for (size_t c = 0; c < fl->n_dst_addrs; c++) {
			if (!single(&fl->dst_addrs[c])) {
				char addr[PP_CIDR_STRLEN];
				note_add(&notes, "%s: %s is a network, not a host: not probed", fl->id,
					 pp_cidr_format(&fl->dst_addrs[c], addr, true));
				continue;
			}
			for (size_t r = 0; r < fl->n_ports; r++) {
				unsigned lo = fl->ports[r].lo, hi = fl->ports[r].hi;
				unsigned transport = fl->transport;
				if (hi - lo >= MAX_RANGE) {
					if (fl->rpc & PP_RPC_DYNAMIC) {
						/* Ask the endpoint mapper (135/tcp) which
						 * ports it hands out, once per address. */
						lo = hi = 135;
						transport = PP_TR_TCP;
						bool asked = false;
						for (size_t j = 0; j < n && !asked; j++)
							asked = t[j].port == 135 && t[j].transport == PP_TR_TCP &&
								same_addr(&t[j], &fl->dst_addrs[c]);
						if (asked)
							continue;
					} else {
						note_add(&notes, "%s: %u-%u/%s to %s is a range picked at run time: not probed",
							 fl->id, lo, hi, pp_transport_name(fl->transport), fl->dst->name);
						continue;
					}
				}
				for (unsigned p = lo; p <= hi; p++) {
					if (n == cap) {
						cap *= 2;
						t = realloc(t, cap * sizeof *t);
						if (!t)
							abort();
					}
					target_for(&t[n++], fl->dst, &fl->dst_addrs[c], (uint16_t)p, transport, fl->id);
				}
			}
		}
	}
	if (!n_flows) {
		cli_error(cmd, "no flow of the plan starts at '%s'", a.from);
		fputs("sources in the plan:", stderr);
		for (size_t f = 0, shown = 0; f < plan->n_endpoints && shown < 20; f++)
			if (plan->endpoints[f]->kind == PP_EP_HOST || plan->endpoints[f]->kind == PP_EP_GROUP) {
				fprintf(stderr, " %s", plan->endpoints[f]->name);
				shown++;
			}
		fputc('\n', stderr);
		pp_plan_free(plan);
		free(t);
		for (size_t k = 0; k < notes.n; k++)
			free(notes.v[k]);
		free(notes.v);
		return EXIT_USAGE;
	}
	setup(&a);
	struct pp_probe_result *res = calloc(n + 1, sizeof *res);
	if (!res || pp_probe_run(t, n, &a.opt, res) != 0)
		abort();

	/* Round two: the TCP ports the endpoint mappers really handed out
	 * must be inside the plan, and reachable. */
	size_t n2 = 0, cap2 = 64;
	struct pp_probe_target *t2 = calloc(cap2, sizeof *t2);
	enum pp_probe_verdict *v = calloc(n + 1, sizeof *v);
	if (!t2 || !v)
		abort();
	int rc = EXIT_OK;
	for (size_t k = 0; k < n; k++) {
		v[k] = judge(&res[k]);
		if (strcmp(res[k].target.proto ? res[k].target.proto->name : "", "epm") != 0)
			continue;
		const struct pp_flow *fl = NULL;
		for (size_t f = 0; f < plan->n_flows && !fl; f++)
			if (!strcmp(plan->flows[f].id, res[k].target.flow))
				fl = &plan->flows[f];
		/* The dynamic-RPC flow to the same destination. */
		const struct pp_flow *dyn = NULL;
		for (size_t f = 0; f < plan->n_flows && fl && !dyn; f++)
			if (plan->flows[f].dst == fl->dst && plan->flows[f].rpc & (PP_RPC_DYNAMIC | PP_RPC_PINNED) &&
			    plan->flows[f].transport == PP_TR_TCP && from_here(plan->flows[f].src, a.from))
				dyn = &plan->flows[f];
		for (size_t e = 0; e < res[k].reply.n_entries; e++) {
			const struct pp_epm_entry *en = &res[k].reply.entries[e];
			if (strcmp(en->protseq, "ncacn_ip_tcp") != 0 || !en->port)
				continue;
			bool seen = false;
			char here[64], there[64];
			pp_probe_address(&res[k].target, here, sizeof here);
			for (size_t j = 0; j < n2 && !seen; j++)
				seen = t2[j].port == en->port &&
				       !strcmp(pp_probe_address(&t2[j], there, sizeof there), here);
			if (seen)
				continue;
			bool allowed = false;
			const struct pp_flow *cover[2] = {dyn, fl};
			for (size_t c = 0; c < 2; c++)
				for (size_t r = 0; cover[c] && r < cover[c]->n_ports; r++)
					allowed |= en->port >= cover[c]->ports[r].lo && en->port <= cover[c]->ports[r].hi;
			if (!allowed) {
				note_add(&notes,
					 "FAIL %s: %s's endpoint mapper handed out %u/tcp for %s (%s), outside the plan's ports",
					 res[k].target.flow, res[k].target.host, en->port, en->uuid, en->annotation);
				rc = EXIT_FAIL;
				continue;
			}
			if (n2 == cap2) {
				cap2 *= 2;
				t2 = realloc(t2, cap2 * sizeof *t2);
				if (!t2)
					abort();
			}
			t2[n2] = res[k].target;
			t2[n2].port = en->port;
			t2[n2].proto = NULL;
			t2[n2].flow = dyn ? dyn->id : res[k].target.flow;
			if (t2[n2].addr.ss_family == AF_INET)
				((struct sockaddr_in *)&t2[n2].addr)->sin_port = htons(en->port);
			else
				((struct sockaddr_in6 *)&t2[n2].addr)->sin6_port = htons(en->port);
			n2++;
		}
	}
	struct pp_probe_result *all = realloc(res, (n + n2 + 1) * sizeof *all);
	v = realloc(v, (n + n2 + 1) * sizeof *v);
	if (!all || !v)
		abort();
	res = all;
	if (n2 && !interrupted && pp_probe_run(t2, n2, &a.opt, res + n) == 0)
		for (size_t k = n; k < n + n2; k++)
			v[k] = judge(&res[k]);
	else
		n2 = 0;
	size_t failed = 0, unsure = 0;
	for (size_t k = 0; k < n + n2; k++) {
		failed += v[k] == PP_VERDICT_FAIL;
		unsure += v[k] == PP_VERDICT_UNSURE;
	}
	if (failed)
		rc = EXIT_FAIL;
	char summary[200];
	snprintf(summary, sizeof summary, "%zu flows from %s, %zu probes: %zu failed, %zu unsure (UDP without an answer)",
		 n_flows, a.from, n + n2, failed, unsure);
	note_add(&notes, "%s", summary);
	if (pp_probe_print(res, n + n2, v, (const char *const *)notes.v, a.format, "portplan verify", stdout) != 0)
		rc = EXIT_FAIL;
	for (size_t k = 0; k < notes.n; k++)
		free(notes.v[k]);
	free(notes.v);
	pp_probe_results_free(res, n + n2);
	free(res);
	free(v);
	free(t);
	free(t2);
	pp_plan_free(plan);
	return interrupted ? 130 : rc;
}
