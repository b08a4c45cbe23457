/* Unit tests of the query engine, over the real compiled catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "portplan/query.h"

static void test_parse_port(void **state)
{
	(void)state;
	struct pp_query q;
	assert_int_equal(pp_query_parse_port("135", &q), 0);
	assert_int_equal(q.type, PP_Q_PORT);
	assert_int_equal(q.lo, 135);
	assert_int_equal(q.hi, 135);
	assert_int_equal(q.transport, PP_TR_TCP | PP_TR_UDP);
	assert_int_equal(pp_query_parse_port("135/tcp", &q), 0);
	assert_int_equal(q.transport, PP_TR_TCP);
	assert_int_equal(pp_query_parse_port("5060-5068/UDP", &q), 0);
	assert_int_equal(q.lo, 5060);
	assert_int_equal(q.hi, 5068);
	assert_int_equal(q.transport, PP_TR_UDP);
	assert_int_equal(pp_query_parse_port("0", &q), 0);
	assert_int_equal(pp_query_parse_port("65535", &q), 0);
	static const char *const bad[] = {"", "/tcp", "65536", "10-5", "135/icmp", "135x", "-5",
					  "5-", "5-/tcp", " 135", "135 ", "99999999999999999999",
					  "135/", "1-2-3"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_not_equal(pp_query_parse_port(bad[i], &q), 0);
}

static bool has_match(const struct pp_result *r, enum pp_match_kind kind, const void *entry,
		      const struct pp_ports *ports)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->matches[i].kind == kind && r->matches[i].entry == entry &&
		    r->matches[i].ports == ports)
			return true;
	return false;
}

/* The port query finds every row that covers the port: checked against an
 * independent walk with pp_ports_cover, for ports where each kind of match
 * occurs. */
static void test_port_query_is_complete(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	static const uint16_t ports[] = {25, 53, 88, 135, 389, 445, 1030, 3478, 5060, 49200, 50000, 64327};
	static const unsigned transports[] = {PP_TR_TCP, PP_TR_UDP};
	for (size_t pi = 0; pi < sizeof ports / sizeof *ports; pi++)
		for (size_t ti = 0; ti < 2; ti++) {
			struct pp_query q = {.type = PP_Q_PORT, .transport = transports[ti],
					     .lo = ports[pi], .hi = ports[pi]};
			struct pp_result r;
			assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
			size_t expected = 0;
			for (size_t i = 0; i < c->n_services; i++)
				for (size_t j = 0; j < c->services[i].n_rows; j++)
					if (pp_ports_cover(&c->services[i].rows[j], q.transport, q.lo)) {
						expected++;
						assert_true(has_match(&r, PP_M_SERVICE, &c->services[i],
								      &c->services[i].rows[j]));
					}
			for (size_t i = 0; i < c->n_data_paths; i++)
				for (size_t j = 0; j < c->data_paths[i].n_ports; j++)
					if (pp_ports_cover(&c->data_paths[i].ports[j], q.transport, q.lo)) {
						expected++;
						assert_true(has_match(&r, PP_M_DATA_PATH, &c->data_paths[i],
								      &c->data_paths[i].ports[j]));
					}
			for (size_t i = 0; i < c->n_fw_rules; i++)
				if (pp_ports_cover(&c->fw_rules[i].ports, q.transport, q.lo)) {
					expected++;
					assert_true(has_match(&r, PP_M_FW_RULE, &c->fw_rules[i],
							      &c->fw_rules[i].ports));
				}
			for (size_t i = 0; i < c->n_port_table; i++)
				if (pp_ports_cover(&c->port_table[i].ports, q.transport, q.lo)) {
					expected++;
					assert_true(has_match(&r, PP_M_PORT_TABLE, &c->port_table[i],
							      &c->port_table[i].ports));
				}
			size_t got = 0;
			for (size_t i = 0; i < r.n; i++)
				got += r.matches[i].kind == PP_M_SERVICE || r.matches[i].kind == PP_M_DATA_PATH ||
				       r.matches[i].kind == PP_M_FW_RULE || r.matches[i].kind == PP_M_PORT_TABLE;
			assert_int_equal(got, expected); /* and nothing else */
			pp_result_free(&r);
		}
}

static enum pp_match_how how_of(const struct pp_result *r, const char *service_id, uint16_t port)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct pp_match *m = &r->matches[i];
		if (m->kind == PP_M_SERVICE && strcmp(((const struct pp_service *)m->entry)->id, service_id) == 0)
			return m->how;
	}
	(void)port;
	return (enum pp_match_how)-1;
}

static void test_match_kinds(void **state)
{
	(void)state;
	struct pp_query q = {.type = PP_Q_PORT, .transport = PP_TR_TCP, .lo = 49152, .hi = 49152};
	struct pp_result r;
	/* Netlogon's RPC row is 135 plus the dynamic range (003, line 352ff). */
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
	assert_int_equal(how_of(&r, "win-netlogon", 49152), PP_HOW_DYNAMIC_RPC);
	pp_result_free(&r);
	q.lo = q.hi = 135;
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
	assert_int_equal(how_of(&r, "win-netlogon", 135), PP_HOW_FIXED);
	pp_result_free(&r);
	/* 49151 and 5001 are outside both RPC dynamic ranges. */
	q.lo = q.hi = 49151;
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
	assert_int_equal(how_of(&r, "win-netlogon", 49151), (enum pp_match_how)-1);
	pp_result_free(&r);
	/* The UM call router's SIP port can be changed (002). */
	q.lo = q.hi = 5060;
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
	bool configurable = false;
	for (size_t i = 0; i < r.n; i++)
		configurable |= r.matches[i].kind == PP_M_SERVICE && r.matches[i].how == PP_HOW_CONFIGURABLE;
	assert_true(configurable);
	pp_result_free(&r);
}

static void test_names(void **state)
{
	(void)state;
	struct pp_query q = {.type = PP_Q_SERVICE, .name = "Netlogon"};
	struct pp_result r;
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
	assert_true(r.n > 0);
	pp_result_free(&r);
	q.name = "net logon";
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
	pp_result_free(&r);
	q.name = "MSExchangeM";
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_AMBIGUOUS);
	assert_true(r.n_near >= 2);
	assert_int_equal(r.n, 0);
	pp_result_free(&r);
	q.name = "Netlgon";
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_UNKNOWN);
	bool suggested = false;
	for (size_t i = 0; i < r.n_near; i++)
		suggested |= strcmp(r.near[i], "Netlogon") == 0;
	assert_true(suggested);
	pp_result_free(&r);
	q.name = "zzzzzzzzzzzz";
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_UNKNOWN);
	assert_int_equal(r.n_near, 0);
	pp_result_free(&r);
}

static void test_roles_and_paths(void **state)
{
	(void)state;
	struct pp_query q = {.type = PP_Q_PRODUCT, .product = "exchange-2010", .role = "edge-transport"};
	struct pp_result r;
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_OK);
	for (size_t i = 0; i < r.n; i++)
		if (r.matches[i].kind == PP_M_DATA_PATH) {
			const struct pp_data_path *d = r.matches[i].entry;
			assert_true(strcmp(d->from, "edge-transport") == 0 || strcmp(d->to, "edge-transport") == 0);
		}
	pp_result_free(&r);
	q.product = "exchange";
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_AMBIGUOUS);
	pp_result_free(&r);
	q.product = "exchange-2010";
	q.role = "pilot";
	assert_int_equal(pp_query_run(&q, &r), PP_QUERY_UNKNOWN);
	assert_true(r.n_near > 0);
	pp_result_free(&r);

	struct pp_query p = {.type = PP_Q_PATH, .from = "edge-transport", .to = "hub-transport"};
	assert_int_equal(pp_query_run(&p, &r), PP_QUERY_OK);
	size_t paths = 0;
	for (size_t i = 0; i < r.n; i++)
		if (r.matches[i].kind == PP_M_DATA_PATH) {
			const struct pp_data_path *d = r.matches[i].entry;
			assert_string_equal(d->from, "edge-transport");
			assert_string_equal(d->to, "hub-transport");
			paths++;
		}
	assert_true(paths >= 1);
	pp_result_free(&r);
	p.from = p.to = NULL;
	assert_int_equal(pp_query_run(&p, &r), PP_QUERY_BAD);
	pp_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_port),
		cmocka_unit_test(test_port_query_is_complete),
		cmocka_unit_test(test_match_kinds),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_roles_and_paths),
	};
	return cmocka_run_group_tests_name("query", tests, NULL, NULL);
}
