/* Tests of the SNMP probe (lib/probe/snmp.c), included here so the tests
 * see its captured reply and its request template. */
#include "probe_test.h"

#include "probe/snmp.c"

#define CAPTURE_TXID 0x5a3c0f1eu

static enum pp_feed feed(struct snmp_state *st, const uint8_t *in, size_t len,
			 struct pp_probe_reply *r)
{
	return pt_feed(&pp_proto_snmp, st, in, len, PP_TR_UDP, r);
}

static void start(struct snmp_state *st, uint32_t txid)
{
	pt_start(&pp_proto_snmp, st, txid, PP_TR_UDP, "sw1.example.test");
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_snmp, "snmp", 161, PP_TR_UDP);
}

static void test_request(void **state)
{
	(void)state;
	static const uint8_t want[] = {
		0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c',
		0xa0, 0x1c, 0x02, 0x04, 0x5a, 0x3c, 0x0f, 0x1e, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
		0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,
		0x05, 0x00,
	};
	struct snmp_state st;
	struct pp_buf out = {0};
	pt_request(&pp_proto_snmp, &st, CAPTURE_TXID, PP_TR_UDP, "x", &out, want, sizeof want);
	/* the request-id is always a positive, minimal 4-byte INTEGER */
	for (uint32_t txid = 0; txid < 4000000000u; txid += 99991) {
		out.len = 0;
		assert_int_equal(pp_proto_snmp.start(&st, txid, PP_TR_UDP, "x", &out), 0);
		uint8_t first = (uint8_t)out.data[0x11];
		assert_true(first >= 0x01 && first <= 0x7f);
	}
	assert_int_equal(pp_proto_snmp.start(&st, 1, PP_TR_TCP, "x", &out), -1);
	pp_buf_free(&out);
}

static void test_capture_and_prefixes(void **state)
{
	(void)state;
	struct snmp_state st;
	struct pp_probe_reply r = {0};
	start(&st, CAPTURE_TXID);
	assert_int_equal(feed(&st, snmp_capture, sizeof snmp_capture, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "SNMPv2c"));
	assert_non_null(strstr(r.detail, "\"public\""));
	assert_non_null(strstr(r.detail, "portplan test agent (Debian snmpd)"));
	pt_prefixes_bad(&pp_proto_snmp, &st, snmp_capture, sizeof snmp_capture, &r);
}

static void test_values(void **state)
{
	(void)state;
	struct snmp_state st;
	struct pp_probe_reply r = {0};
	uint8_t b[sizeof snmp_capture];
	start(&st, CAPTURE_TXID);
	/* noSuchObject in place of the string: shorten every enclosing length */
	memcpy(b, snmp_capture, sizeof b);
	b[0x01] = 0x4b - 34;
	b[0x0e] = 0x3e - 34;
	b[0x1c] = 0x30 - 34;
	b[0x1e] = 0x2e - 34;
	b[0x29] = 0x80;
	b[0x2a] = 0x00;
	assert_int_equal(feed(&st, b, 0x2b, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "SNMPv2c GetResponse, community \"public\": sysDescr noSuchObject");
	/* control bytes in the string come out as '?' */
	memcpy(b, snmp_capture, sizeof b);
	b[0x2b] = '\n';
	b[0x2c] = 0xff;
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "sysDescr \"??rtplan"));
	/* another variable */
	memcpy(b, snmp_capture, sizeof b);
	b[0x28] = 1;
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_BAD);
	/* a GetRequest sent back is not a GetResponse */
	memcpy(b, snmp_capture, sizeof b);
	b[0x0d] = 0xa0;
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_BAD);
	/* indefinite length */
	memcpy(b, snmp_capture, sizeof b);
	b[0x01] = 0x80;
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_BAD);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct snmp_state st;
	struct pp_probe_reply r = {0};
	start(&st, CAPTURE_TXID + 1);
	assert_int_equal(feed(&st, snmp_capture, sizeof snmp_capture, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
}

static void test_garbage(void **state)
{
	(void)state;
	struct snmp_state st;
	struct pp_probe_reply r = {0};
	start(&st, CAPTURE_TXID);
	uint32_t rng = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n;
		uint8_t *g = pt_random_alloc(&rng, 200, &n);
		assert_int_equal(feed(&st, g, n, &r), PP_FEED_BAD);
		free(g);
	}
	/* the capture with a few bytes changed: never a crash */
	uint8_t b[sizeof snmp_capture];
	for (int i = 0; i < 50000; i++) {
		pt_mutate(&rng, b, snmp_capture, sizeof b, 3);
		(void)feed(&st, b, sizeof b, &r);
		assert_null(strchr(r.detail, '\n'));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_capture_and_prefixes),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("probe-snmp", tests, NULL, NULL);
}
