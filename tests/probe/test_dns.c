/* Tests of the DNS probe (lib/probe/dns.c), included here so the tests see
 * its captured reply and its request template. */
#include "probe_test.h"

#include "probe/dns.c"

static enum pp_feed feed(struct dns_state *st, const uint8_t *in, size_t len, unsigned tr,
			 struct pp_probe_reply *r)
{
	return pt_feed(&pp_proto_dns, st, in, len, tr, r);
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_dns, "dns", 53, PP_TR_UDP);
	assert_ptr_equal(pp_proto_for_port(53, PP_TR_TCP), &pp_proto_dns);
}

static void test_request(void **state)
{
	(void)state;
	static const uint8_t udp[] = {0xbe, 0xef, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
				      0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01};
	struct dns_state st = {0};
	struct pp_buf out = {0};
	pt_request(&pp_proto_dns, &st, 0x1234beefu, PP_TR_UDP, "dc1.example.test", &out, udp, sizeof udp);
	assert_int_equal(st.id, 0xbeef);
	out.len = 0;
	pt_request_framed(&pp_proto_dns, &st, 0xbeef, "dc1", &out, "\x00\x11", 2, udp, sizeof udp);
	pp_buf_free(&out);
}

static void test_capture_and_prefixes(void **state)
{
	(void)state;
	struct dns_state st = {0};
	struct pp_probe_reply r = {0};
	pt_start(&pp_proto_dns, &st, 0x77775a3cu, PP_TR_UDP, "x");
	assert_int_equal(feed(&st, dns_capture, sizeof dns_capture, PP_TR_UDP, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "NOERROR"));
	assert_non_null(strstr(r.detail, "2 answers"));
	/* Every cut datagram is refused; every cut TCP stream waits for more. */
	uint8_t *tcp = malloc(2 + sizeof dns_capture);
	assert_non_null(tcp);
	tcp[0] = 0;
	tcp[1] = sizeof dns_capture;
	memcpy(tcp + 2, dns_capture, sizeof dns_capture);
	pt_prefixes_bad(&pp_proto_dns, &st, dns_capture, sizeof dns_capture, &r);
	for (size_t n = 0; n < sizeof dns_capture_refused; n++)
		assert_int_equal(feed(&st, dns_capture_refused, n, PP_TR_UDP, &r), PP_FEED_BAD);
	assert_int_equal(feed(&st, dns_capture_refused, sizeof dns_capture_refused, PP_TR_UDP, &r),
			 PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "REFUSED"));
	for (size_t n = 0; n < 2 + sizeof dns_capture; n++)
		assert_int_equal(feed(&st, tcp, n, PP_TR_TCP, &r), PP_FEED_MORE);
	assert_int_equal(feed(&st, tcp, 2 + sizeof dns_capture, PP_TR_TCP, &r), PP_FEED_DONE);
	free(tcp);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct dns_state st = {0};
	struct pp_probe_reply r = {0};
	pt_start(&pp_proto_dns, &st, 0x5a3d, PP_TR_UDP, "x");
	assert_int_equal(feed(&st, dns_capture, sizeof dns_capture, PP_TR_UDP, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
}

static void test_garbage(void **state)
{
	(void)state;
	struct dns_state st = {.id = 0x5a3c};
	struct pp_probe_reply r = {0};
	uint32_t rng = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n;
		uint8_t *g = pt_random_alloc(&rng, 600, &n);
		if (i & 1 && n >= 4) { /* our ID and QR set: the parser must look deeper */
			g[0] = 0x5a;
			g[1] = 0x3c;
			g[2] = (uint8_t)(g[2] | 0x80) & 0x87;
		}
		assert_int_equal(feed(&st, g, n, PP_TR_UDP, &r), PP_FEED_BAD);
		enum pp_feed f = feed(&st, g, n, PP_TR_TCP, &r);
		assert_true(f == PP_FEED_BAD || f == PP_FEED_MORE);
		free(g);
	}
	/* The capture with a few random bytes changed: never a crash. */
	uint8_t b[sizeof dns_capture];
	for (int i = 0; i < 20000; i++) {
		pt_mutate(&rng, b, dns_capture, sizeof b, 3);
		(void)feed(&st, b, sizeof b, PP_TR_UDP, &r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_capture_and_prefixes),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("probe-dns", tests, NULL, NULL);
}
