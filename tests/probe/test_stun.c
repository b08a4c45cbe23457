/* The STUN probe (lib/probe/stun.c): its request bytes, and its parser fed
 * coturn's captured reply whole, cut at every length, for another probe,
 * corrupted and replaced by garbage. */
#include "probe_test.h"

extern const struct pp_proto pp_proto_stun;

/* coturn 4.6.1's Binding Success Response to txid 0x5eed0101 (as in stun.c). */
static const uint8_t reply_v4[] = {
	0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0x5e, 0xed, 0x01, 0x01,
	0x70, 0x6f, 0x72, 0x74, 0x70, 0x6c, 0x61, 0x6e, 0x00, 0x20, 0x00, 0x08,
	0x00, 0x01, 0xea, 0xe6, 0x5e, 0x12, 0xa4, 0x43, 0x00, 0x01, 0x00, 0x08,
	0x00, 0x01, 0xcb, 0xf4, 0x7f, 0x00, 0x00, 0x01, 0x80, 0x2b, 0x00, 0x08,
	0x00, 0x01, 0x0d, 0x96, 0x7f, 0x00, 0x00, 0x01, 0x80, 0x2c, 0x00, 0x08,
	0x00, 0x01, 0x0d, 0x97, 0x7f, 0x00, 0x00, 0x01, 0x80, 0x22, 0x00, 0x14,
	0x43, 0x6f, 0x74, 0x75, 0x72, 0x6e, 0x2d, 0x34, 0x2e, 0x36, 0x2e, 0x31,
	0x20, 0x27, 0x47, 0x6f, 0x72, 0x73, 0x74, 0x27,
};

#define TXID 0x5eed0101u

static enum pp_feed probe(uint32_t txid, unsigned tr, const void *bytes, size_t n,
			  struct pp_probe_reply *r)
{
	return pt_probe(&pp_proto_stun, txid, tr, "127.0.0.1", bytes, n, r);
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_stun, "stun", 3478, PP_TR_UDP);
}

static void test_request(void **state)
{
	(void)state;
	void *st = calloc(1, pp_proto_stun.state_size);
	struct pp_buf out = {0};
	static const uint8_t want[20] = {
		0x00, 0x01,             /* Binding Request */
		0x00, 0x00,             /* no attributes */
		0x21, 0x12, 0xa4, 0x42, /* magic cookie */
		0xde, 0xad, 0xbe, 0xef, /* the txid */
		'p', 'o', 'r', 't', 'p', 'l', 'a', 'n',
	};
	pt_request(&pp_proto_stun, st, 0xdeadbeef, PP_TR_UDP, "127.0.0.1", &out, want, 20);
	pp_buf_free(&out);
	free(st);
}

static void test_whole(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	assert_int_equal(probe(TXID, PP_TR_UDP, reply_v4, sizeof reply_v4, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "STUN Binding Success, mapped address 127.0.0.1:52212, other "
				      "address 127.0.0.1:3479, software 'Coturn-4.6.1 'Gorst''");
	assert_int_equal(probe(TXID, PP_TR_TCP, reply_v4, sizeof reply_v4, &r), PP_FEED_DONE);
}

static void test_prefixes(void **state)
{
	(void)state;
	pt_probe_prefixes(&pp_proto_stun, TXID, "127.0.0.1", PP_TR_UDP | PP_TR_TCP, reply_v4,
			  sizeof reply_v4, "truncated");
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	assert_int_equal(probe(TXID + 1, PP_TR_UDP, reply_v4, sizeof reply_v4, &r), PP_FEED_BAD);
	assert_string_equal(r.detail, "reply to another request (STUN transaction ID differs)");
	/* The rest of the transaction ID counts too. */
	uint8_t b[sizeof reply_v4];
	memcpy(b, reply_v4, sizeof b);
	b[19] ^= 0x20;
	assert_int_equal(probe(TXID, PP_TR_UDP, b, sizeof b, &r), PP_FEED_BAD);
	assert_string_equal(r.detail, "reply to another request (STUN transaction ID differs)");
}

/* Random bytes never match; random attributes behind a matching header
 * never crash the parser, nor read past the datagram; flipped bytes of
 * the real reply neither. */
static void test_garbage(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	uint32_t x = 424242;
	for (int i = 0; i < 3000; i++) {
		size_t n;
		uint8_t *b = pt_random_alloc(&x, 600, &n);
		assert_int_equal(probe(TXID, PP_TR_UDP, b, n, &r), PP_FEED_BAD);
		assert_int_not_equal(probe(TXID, PP_TR_TCP, b, n, &r), PP_FEED_DONE);
		if (n >= 20) { /* the header of a real reply, random attributes */
			memcpy(b, reply_v4, 20);
			size_t m = (n - 20) & ~(size_t)3;
			b[2] = (uint8_t)(m >> 8), b[3] = (uint8_t)m;
			for (size_t k = 20; k + 4 <= n; k += 4 + (b[k + 3] & 0x1c)) {
				b[k] = pt_xorshift32(&x) & 1 ? 0x80 : 0x00; /* types the parser reads */
				b[k + 1] = (uint8_t)(pt_xorshift32(&x) % 3 ? 0x20 + (pt_xorshift32(&x) & 2)
									   : pt_xorshift32(&x) % 12);
				b[k + 2] = 0;
				b[k + 3] = (uint8_t)(pt_xorshift32(&x) % 32);
			}
			probe(TXID, PP_TR_UDP, b, n, &r);
			probe(TXID, PP_TR_TCP, b, n, &r);
		}
		free(b);
	}
	uint8_t b[sizeof reply_v4];
	for (size_t pos = 0; pos < sizeof b; pos++)
		for (int v = 0; v < 256; v += 5) {
			memcpy(b, reply_v4, sizeof b);
			b[pos] = (uint8_t)v;
			probe(TXID, PP_TR_UDP, b, sizeof b, &r);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),  cmocka_unit_test(test_request),
		cmocka_unit_test(test_whole),     cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_wrong_txid), cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
