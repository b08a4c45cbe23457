/* Tests of the NTP probe (lib/probe/ntp.c), included here so the tests see
 * its captured replies and its request template. */
#include "probe_test.h"

#include "probe/ntp.c"

#define CAPTURE_TXID 0x5a3c0f1eu

static enum pp_feed feed(struct ntp_state *st, const uint8_t *in, size_t len,
			 struct pp_probe_reply *r)
{
	return pt_feed(&pp_proto_ntp, st, in, len, PP_TR_UDP, r);
}

static void start(struct ntp_state *st, uint32_t txid)
{
	pt_start(&pp_proto_ntp, st, txid, PP_TR_UDP, "ntp.example.test");
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_ntp, "ntp", 123, PP_TR_UDP);
}

static void test_request(void **state)
{
	(void)state;
	struct ntp_state st;
	struct pp_buf out = {0};
	assert_int_equal(pp_proto_ntp.start(&st, CAPTURE_TXID, PP_TR_UDP, "x", &out), 0);
	assert_int_equal(out.len, 48);
	const uint8_t *p = (const uint8_t *)out.data;
	assert_int_equal(p[0], 0x23); /* LI 0, VN 4, mode 3 */
	for (size_t i = 1; i < 40; i++)
		assert_int_equal(p[i], 0);
	/* the transmit timestamp carries the txid; the capture echoes it */
	assert_memory_equal(p + 40, "\x5a\x3c\x0f\x1e", 4);
	assert_memory_equal(p + 40, ntp_capture + 24, 8);
	/* never a zero transmit timestamp, even for txid 0 */
	out.len = 0;
	assert_int_equal(pp_proto_ntp.start(&st, 0, PP_TR_UDP, "x", &out), 0);
	assert_int_not_equal(memcmp(out.data + 40, "\0\0\0\0\0\0\0\0", 8), 0);
	/* NTP is UDP only */
	assert_int_equal(pp_proto_ntp.start(&st, 1, PP_TR_TCP, "x", &out), -1);
	pp_buf_free(&out);
}

static void test_capture_and_prefixes(void **state)
{
	(void)state;
	struct ntp_state st;
	struct pp_probe_reply r = {0};
	start(&st, CAPTURE_TXID);
	assert_int_equal(feed(&st, ntp_capture, sizeof ntp_capture, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "stratum 10"));
	assert_non_null(strstr(r.detail, "reference 127.127.1.1"));
	assert_non_null(strstr(r.detail, "precision 2^-25"));
	assert_int_equal(feed(&st, ntp_capture_unsync, sizeof ntp_capture_unsync, &r), PP_FEED_DONE);
	assert_null(strstr(r.detail, "kiss"));
	pt_prefixes_bad(&pp_proto_ntp, &st, ntp_capture, sizeof ntp_capture, &r);
	/* extension fields or a MAC after the header are allowed */
	uint8_t longer[sizeof ntp_capture + 20] = {0};
	memcpy(longer, ntp_capture, sizeof ntp_capture);
	assert_int_equal(feed(&st, longer, sizeof longer, &r), PP_FEED_DONE);
}

static void test_stratum_1_and_kod(void **state)
{
	(void)state;
	struct ntp_state st;
	struct pp_probe_reply r = {0};
	uint8_t b[sizeof ntp_capture];
	start(&st, CAPTURE_TXID);
	memcpy(b, ntp_capture, sizeof b);
	b[1] = 1;
	memcpy(b + 12, "GPS\0", 4);
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "stratum 1, reference GPS,"));
	memcpy(b + 12, "G\x01S\0", 4);
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "reference (not text)"));
	b[0] = 0xe4;
	b[1] = 0;
	memcpy(b + 12, "DENY", 4);
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "NTPv4 kiss-o'-death DENY: access denied");
	memcpy(b + 12, "ZZZZ", 4);
	assert_int_equal(feed(&st, b, sizeof b, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "NTPv4 kiss-o'-death ZZZZ");
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct ntp_state st;
	struct pp_probe_reply r = {0};
	start(&st, CAPTURE_TXID + 1);
	assert_int_equal(feed(&st, ntp_capture, sizeof ntp_capture, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
}

static void test_garbage(void **state)
{
	(void)state;
	struct ntp_state st;
	struct pp_probe_reply r = {0};
	start(&st, CAPTURE_TXID);
	uint32_t rng = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n;
		uint8_t *g = pt_random_alloc(&rng, 200, &n);
		assert_int_equal(feed(&st, g, n, &r), PP_FEED_BAD);
		free(g);
	}
	/* the capture with random bytes changed outside the origin timestamp:
	 * never a crash, and whatever is said fits on one line */
	uint8_t b[sizeof ntp_capture];
	for (int i = 0; i < 20000; i++) {
		memcpy(b, ntp_capture, sizeof b);
		for (int k = 0; k < 3; k++) {
			size_t at = pt_xorshift32(&rng) % sizeof b;
			if (at < 24 || at >= 32)
				b[at] = (uint8_t)pt_xorshift32(&rng);
		}
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
		cmocka_unit_test(test_stratum_1_and_kod),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("probe-ntp", tests, NULL, NULL);
}
