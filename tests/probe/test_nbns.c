/* Tests of the NetBIOS name service probe (lib/probe/nbns.c), included
 * here so the tests see its captured reply and its request template. */
#include "probe_test.h"

#include "probe/nbns.c"

static enum pp_feed feed(struct nbns_state *st, const uint8_t *in, size_t len,
			 struct pp_probe_reply *r)
{
	return pt_feed(&pp_proto_nbns, st, in, len, PP_TR_UDP, r);
}

static void start(struct nbns_state *st, uint32_t txid)
{
	pt_start(&pp_proto_nbns, st, txid, PP_TR_UDP, "dc1.example.test");
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_nbns, "nbns", 137, PP_TR_UDP);
}

static void test_request(void **state)
{
	(void)state;
	static const char want[] = "\xbe\xef\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00"
				   "\x20" "CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "\x00"
				   "\x00\x21\x00\x01";
	struct nbns_state st;
	struct pp_buf out = {0};
	pt_request(&pp_proto_nbns, &st, 0x1234beefu, PP_TR_UDP, "x", &out, want, 50);
	assert_int_equal(sizeof want - 1, 50);
	assert_int_equal(pp_proto_nbns.start(&st, 1, PP_TR_TCP, "x", &out), -1);
	pp_buf_free(&out);
}

static void test_capture_and_prefixes(void **state)
{
	(void)state;
	struct nbns_state st;
	struct pp_probe_reply r = {0};
	start(&st, 0x99995a3cu);
	assert_int_equal(feed(&st, nbns_capture, sizeof nbns_capture, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "computer PPTEST, workgroup PPLAB"));
	assert_non_null(strstr(r.detail, "PPLAB<1e> (group)"));
	assert_non_null(strstr(r.detail, "MAC 00-00-00-00-00-00"));
	pt_prefixes_bad(&pp_proto_nbns, &st, nbns_capture, sizeof nbns_capture, &r);
}

/* A Windows-like reply built from the capture: a real MAC, a <1c> domain
 * controllers name, a compressed RR_NAME, and a name table too long to
 * list whole. */
static void test_variants(void **state)
{
	(void)state;
	struct nbns_state st;
	struct pp_probe_reply r = {0};
	start(&st, 0x5a3c);
	uint8_t b[sizeof nbns_capture];
	memcpy(b, nbns_capture, sizeof b);
	memcpy(b + 0xa5, "\x00\x15\x5d\x01\x02\x03", 6);
	b[0x93 + 15] = 0x1c;
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "MAC 00-15-5d-01-02-03"));
	assert_non_null(strstr(r.detail, "PPLAB<1c> (group)"));
	/* RR_NAME as a pointer */
	uint8_t c[sizeof nbns_capture - 32];
	memcpy(c, nbns_capture, 12);
	c[12] = 0xc0;
	c[13] = 0x0c;
	memcpy(c + 14, nbns_capture + 0x2e, sizeof nbns_capture - 0x2e);
	assert_int_equal(feed(&st, c, sizeof c, &r), PP_FEED_DONE);
	/* 255 names, no statistics: listed up to the cap, on one line */
	size_t n = 255, len = 0x38 + 1 + n * 18;
	uint8_t *big = malloc(len);
	assert_non_null(big);
	memcpy(big, nbns_capture, 0x38);
	big[0x36] = (uint8_t)((len - 0x38) >> 8);
	big[0x37] = (uint8_t)(len - 0x38);
	big[0x38] = (uint8_t)n;
	for (size_t i = 0; i < n; i++)
		memcpy(big + 0x39 + i * 18, nbns_capture + 0x39, 18);
	assert_int_equal(feed(&st, big, len, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "MAC none; 255 names"));
	assert_non_null(strstr(r.detail, "..."));
	assert_true(strlen(r.detail) < sizeof r.detail);
	free(big);
	/* a negative response */
	static const uint8_t neg[] = {0x5a, 0x3c, 0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0};
	assert_int_equal(feed(&st, neg, sizeof neg, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "NBNS: node status refused, RCODE 3");
	/* our own request sent back */
	static const uint8_t echo[] = {0x5a, 0x3c, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
	assert_int_equal(feed(&st, echo, sizeof echo, &r), PP_FEED_BAD);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct nbns_state st;
	struct pp_probe_reply r = {0};
	start(&st, 0x5a3d);
	assert_int_equal(feed(&st, nbns_capture, sizeof nbns_capture, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
}

static void test_garbage(void **state)
{
	(void)state;
	struct nbns_state st;
	struct pp_probe_reply r = {0};
	start(&st, 0x5a3c);
	uint32_t rng = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n;
		uint8_t *g = pt_random_alloc(&rng, 600, &n);
		if (i & 1 && n >= 8) { /* our ID, a response, one answer: look deeper */
			memcpy(g, "\x5a\x3c\x84\x00\x00\x00\x00\x01", 8);
		}
		assert_int_equal(feed(&st, g, n, &r), PP_FEED_BAD);
		free(g);
	}
	uint8_t b[sizeof nbns_capture];
	for (int i = 0; i < 50000; i++) {
		pt_mutate(&rng, b, nbns_capture, sizeof b, 3);
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
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("probe-nbns", tests, NULL, NULL);
}
