/*
 * Catalog load plus 1,000 mixed queries in one process: ports (single and
 * ranges, tcp, udp or both), service names (exact, prefix, Japanese,
 * unknown), products with roles, and data paths, each rendered as JSON to
 * /dev/null as the CLI would. Prints the time per query by kind and the
 * peak memory of the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "portplan/query.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned n_queries = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 1000;
	FILE *sink = fopen("/dev/null", "w");
	if (!sink)
		return 1;

	double t0 = now();
	const struct pp_catalog *c = pp_catalog();
	size_t entries = c->n_services + c->n_port_table + c->n_data_paths + c->n_fw_rules +
			 c->n_registry_pins + c->n_facts + c->n_lists + c->n_inconsistencies;
	double load = now() - t0;

	static const char *const names[] = {"Netlogon", "kdc", "MSExchangeIS", "net logon", "RpcSs",
					    "DNS", "W32Time", "Kerberos キー配布センター", "msexchangead",
					    "UMCallRouter", "no-such-service", "TermService"};
	static const char *const roles[][2] = {{"exchange-2010", "hub-transport"},
					       {"exchange-2010", "mailbox"},
					       {"lync-2013", "edge"},
					       {"exchange-2013", NULL}};
	static const char *const paths[][2] = {{"hub-transport", "edge-transport"},
					       {"mailbox", "domain-controller"},
					       {NULL, "edge-av"}};
	enum { K_PORT, K_RANGE, K_NAME, K_ROLE, K_PATH, N_KINDS };
	static const char *const kind_name[N_KINDS] = {"port", "port range", "service name",
						       "product/role", "data path"};
	double spent[N_KINDS] = {0};
	unsigned count[N_KINDS] = {0};
	size_t matches = 0;
	double run_time = 0;
	unsigned seed = 12345;

	double t_all = now();
	for (unsigned i = 0; i < n_queries; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned kind = i % 10 < 4 ? K_PORT : i % 10 < 5 ? K_RANGE : i % 10 < 8 ? K_NAME
									     : i % 10 < 9 ? K_ROLE : K_PATH;
		struct pp_query q = {0};
		unsigned r = (seed >> 8) & 0xffff;
		switch (kind) {
		case K_PORT:
			q.type = PP_Q_PORT;
			/* Half well-known ports, half anywhere. */
			q.lo = q.hi = (uint16_t)(i & 1 ? r : r % 1024);
			q.transport = (r & 3) == 0 ? PP_TR_UDP : (r & 3) == 1 ? PP_TR_TCP : PP_TR_TCP | PP_TR_UDP;
			break;
		case K_RANGE:
			q.type = PP_Q_PORT;
			q.lo = (uint16_t)(r % 60000);
			q.hi = (uint16_t)(q.lo + (r % 500));
			q.transport = PP_TR_TCP | PP_TR_UDP;
			break;
		case K_NAME:
			q.type = PP_Q_SERVICE;
			q.name = names[r % (sizeof names / sizeof *names)];
			break;
		case K_ROLE:
			q.type = PP_Q_PRODUCT;
			q.product = roles[r % 4][0];
			q.role = roles[r % 4][1];
			break;
		case K_PATH:
			q.type = PP_Q_PATH;
			q.from = paths[r % 3][0];
			q.to = paths[r % 3][1];
			break;
		}
		double t = now();
		struct pp_result res;
		enum pp_query_status st = pp_query_run(&q, &res);
		double t_run = now();
		if (st == PP_QUERY_OK)
			pp_result_print(&res, sink, PP_FMT_JSON, PP_LANG_EN, false);
		matches += res.n;
		pp_result_free(&res);
		run_time += t_run - t;
		spent[kind] += now() - t;
		count[kind]++;
	}
	double total = now() - t_all;

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("catalog: %zu entries, first access %.1f us\n", entries, load * 1e6);
	printf("queries: %u in %.3f s, %.1f us per query, %zu matches rendered as JSON\n", n_queries,
	       total, total / n_queries * 1e6, matches);
	printf("  of which the query itself %.1f us, rendering JSON %.1f us\n", run_time / n_queries * 1e6,
	       (total - run_time) / n_queries * 1e6);
	for (int k = 0; k < N_KINDS; k++)
		if (count[k])
			printf("  %-13s %4u queries, %8.1f us each\n", kind_name[k], count[k],
			       spent[k] / count[k] * 1e6);
	printf("peak memory (max RSS): %ld KiB\n", ru.ru_maxrss);
	fclose(sink);
	return 0;
}
