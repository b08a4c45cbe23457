/* The SIP probe (lib/probe/sip.c): its request bytes, and its parser fed
 * kamailio's captured reply whole, cut at every length, for another probe,
 * corrupted and replaced by garbage. */
#include "probe_test.h"

extern const struct pp_proto pp_proto_sip;

/* kamailio 5.6.3's reply to txid 0x5eed0001 over UDP (as in sip.c). */
static const char reply_udp[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/UDP portplan.invalid;branch=z9hG4bK-pp-5eed0001;rport=39381;received=127.0.0.1\r\n"
	"From: <sip:portplan@127.0.0.1>;tag=5eed0001\r\n"
	"To: <sip:portplan@127.0.0.1>;tag=9dd61ff61e802d8e2bef5f14621ef3c2.34d00000\r\n"
	"Call-ID: 5eed0001@portplan\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n"
	"Server: kamailio (5.6.3 (x86_64/linux))\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

#define TXID 0x5eed0001u

/* One probe: start with txid, feed n bytes; the detail in r. */
static enum pp_feed probe(uint32_t txid, unsigned tr, const void *bytes, size_t n,
			  struct pp_probe_reply *r)
{
	return pt_probe(&pp_proto_sip, txid, tr, "127.0.0.1", bytes, n, r);
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_sip, "sip", 5060, PP_TR_UDP);
	assert_ptr_equal(pp_proto_for_port(5060, PP_TR_TCP), &pp_proto_sip);
}

static void test_request(void **state)
{
	(void)state;
	void *st = calloc(1, pp_proto_sip.state_size);
	struct pp_buf out = {0};
	assert_int_equal(pp_proto_sip.start(st, 0xdeadbeef, PP_TR_UDP, "sip.example.com", &out), 0);
	assert_string_equal(out.data,
			    "OPTIONS sip:sip.example.com SIP/2.0\r\n"
			    "Via: SIP/2.0/UDP portplan.invalid;branch=z9hG4bK-pp-deadbeef;rport\r\n"
			    "Max-Forwards: 70\r\n"
			    "From: <sip:portplan@sip.example.com>;tag=deadbeef\r\n"
			    "To: <sip:portplan@sip.example.com>\r\n"
			    "Call-ID: deadbeef@portplan\r\n"
			    "CSeq: 1 OPTIONS\r\n"
			    "Contact: <sip:portplan@portplan.invalid>\r\n"
			    "Accept: application/sdp\r\n"
			    "User-Agent: portplan\r\n"
			    "Content-Length: 0\r\n"
			    "\r\n");
	/* TCP says so in the Via; an IPv6 address goes in brackets. */
	out.len = 0;
	assert_int_equal(pp_proto_sip.start(st, 1, PP_TR_TCP, "2001:db8::1", &out), 0);
	assert_memory_equal(out.data, "OPTIONS sip:[2001:db8::1] SIP/2.0\r\nVia: SIP/2.0/TCP ", 50);
	assert_non_null(strstr(out.data, "\r\nCall-ID: 00000001@portplan\r\n"));
	/* Nothing from the host name can break the request. */
	static const char *const bad[] = {"", "a b", "a\r\nX: y", "a>b", "a;b", "a\"b", "a@b"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		out.len = 0;
		assert_int_equal(pp_proto_sip.start(st, 1, PP_TR_UDP, bad[i], &out), -1);
	}
	char longname[300];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(pp_proto_sip.start(st, 1, PP_TR_UDP, longname, &out), -1);
	pp_buf_free(&out);
	free(st);
}

static void test_whole(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	assert_int_equal(probe(TXID, PP_TR_UDP, reply_udp, sizeof reply_udp - 1, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "SIP 200 OK, server 'kamailio (5.6.3 (x86_64/linux))', "
				      "allow INVITE, ACK, CANCEL, OPTIONS, BYE");
}

/* Every cut of the reply: a datagram is refused, a stream waits for more. */
static void test_prefixes(void **state)
{
	(void)state;
	pt_probe_prefixes(&pp_proto_sip, TXID, "127.0.0.1", PP_TR_UDP | PP_TR_TCP, reply_udp,
			  sizeof reply_udp - 1, NULL);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	assert_int_equal(probe(TXID + 1, PP_TR_UDP, reply_udp, sizeof reply_udp - 1, &r), PP_FEED_BAD);
	assert_string_equal(r.detail, "reply to another request (Call-ID '5eed0001@portplan')");
	assert_int_equal(probe(TXID ^ 0x80000000u, PP_TR_TCP, reply_udp, sizeof reply_udp - 1, &r),
			 PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
}

/* Random bytes are never a SIP reply; flipped bytes of the real one never
 * crash the parser. */
static void test_garbage(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	uint8_t *b = malloc(2048);
	uint32_t x = 12345;
	for (int i = 0; i < 3000; i++) {
		size_t n = pt_xorshift32(&x) % 2048;
		pt_random_bytes(&x, b, n);
		assert_int_equal(probe(TXID, PP_TR_UDP, b, n, &r), PP_FEED_BAD);
		assert_int_not_equal(probe(TXID, PP_TR_TCP, b, n, &r), PP_FEED_DONE);
	}
	size_t n = sizeof reply_udp - 1;
	for (size_t pos = 0; pos < n; pos++)
		for (int v = 0; v < 4; v++) {
			memcpy(b, reply_udp, n);
			static const uint8_t vals[] = {0, '\n', ':', 0xff};
			b[pos] = vals[v];
			probe(TXID, PP_TR_UDP, b, n, &r);
			probe(TXID, PP_TR_TCP, b, n, &r);
		}
	/* A header block that never ends, and one of endless lines. */
	memcpy(b, "SIP/2.0 200 OK\r\n", 16);
	memset(b + 16, 'x', 2048 - 16);
	assert_int_equal(probe(TXID, PP_TR_TCP, b, 2048, &r), PP_FEED_MORE);
	free(b);
	size_t big = 20000;
	b = malloc(big);
	memcpy(b, "SIP/2.0 200 OK\r\n", 16);
	for (size_t k = 16; k + 3 <= big; k += 3)
		memcpy(b + k, "a:\n", 3);
	assert_int_equal(probe(TXID, PP_TR_TCP, b, big, &r), PP_FEED_BAD);
	memset(b + 16, 'x', big - 16);
	assert_int_equal(probe(TXID, PP_TR_TCP, b, big, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "no end of the SIP header"));
	free(b);
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
