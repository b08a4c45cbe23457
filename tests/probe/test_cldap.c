/* Tests of the CLDAP "LDAP ping" probe (lib/probe/cldap.c), included here so
 * the tests see its captured reply and its request template. */
#include "probe_test.h"

#include "probe/cldap.c"

/* Start a probe with txid, then feed it the datagram in[0..len). */
static enum pp_feed run(uint32_t txid, const uint8_t *in, size_t len, struct pp_probe_reply *r)
{
	return pt_run(&pp_proto_cldap, txid, PP_TR_UDP, "10.0.0.1", in, len, r);
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_cldap, "cldap", 389, PP_TR_UDP);
	assert_int_equal(pp_proto_cldap.default_port, 389);
	assert_int_equal(pp_proto_cldap.transports, PP_TR_UDP);
}

static void test_request(void **state)
{
	(void)state;
	static const uint8_t want[] = {
		0x30, 0x36,                         /* LDAPMessage, 54 bytes */
		0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, /* messageID: the txid, 0x01000000 set */
		0x63, 0x2e,                         /* SearchRequest, 46 bytes */
		0x04, 0x00,                         /* baseObject "" */
		0x0a, 0x01, 0x00, 0x0a, 0x01, 0x00, /* scope base, never deref */
		0x02, 0x01, 0x00, 0x02, 0x01, 0x00, /* no size or time limit */
		0x01, 0x01, 0x00,                   /* typesOnly FALSE */
		0xa0, 0x0f, 0xa3, 0x0d,             /* (&(NtVer=\06\00\00\00)) */
		0x04, 0x05, 'N', 't', 'V', 'e', 'r', 0x04, 0x04, 0x06, 0x00, 0x00, 0x00,
		0x30, 0x0a, 0x04, 0x08, 'N', 'e', 't', 'l', 'o', 'g', 'o', 'n',
	};
	struct cldap_state st;
	struct pp_buf out = {0};
	pt_request(&pp_proto_cldap, &st, 0x9234abcdu, PP_TR_UDP, "dc1.pptest.lan", &out, want, sizeof want);
	assert_int_equal(st.msgid, 0x1334abcdu);
	/* A second start (a UDP retry) writes the same datagram again. */
	assert_int_equal(pp_proto_cldap.start(&st, 0x9234abcdu, PP_TR_UDP, NULL, &out), 0);
	assert_int_equal(out.len, 2 * sizeof want);
	assert_memory_equal(out.data + sizeof want, want, sizeof want);
	out.len = 0;
	assert_int_equal(pp_proto_cldap.start(&st, 1, PP_TR_TCP, "x", &out), -1);
	pp_buf_free(&out);
}

static void test_capture_and_prefixes(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	assert_int_equal(run(CLDAP_CAPTURE_TXID, cldap_capture, sizeof cldap_capture, &r),
			 PP_FEED_DONE);
	assert_string_equal(r.detail,
			    "CLDAP netlogon: DC dc1.pptest.lan (PPTEST\\DC1), domain pptest.lan, "
			    "forest pptest.lan, site Default-First-Site-Name, flags PDC,GC,LDAP,DS,"
			    "KDC,TIMESERV,CLOSEST,WRITABLE,GOOD_TIMESERV,FULL_SECRET");
	/* A datagram cut anywhere is never understood. */
	for (size_t n = 0; n < sizeof cldap_capture; n++)
		assert_int_equal(run(CLDAP_CAPTURE_TXID, cldap_capture, n, &r), PP_FEED_BAD);
	pp_probe_reply_free(&r);
}

static void test_no_netlogon(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	/* What Samba says to a filter it does not take: SearchResultDone alone. */
	static const uint8_t done[] = {0x30, 0x0f, 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, 0x65, 0x07,
				       0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00};
	assert_int_equal(run(CLDAP_CAPTURE_TXID, done, sizeof done, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "no Netlogon value"));
	/* No flags, a paused DC, another client site. */
	uint8_t b[sizeof cldap_capture];
	memcpy(b, cldap_capture, sizeof b);
	memset(b + CLDAP_CAPTURE_NL + 4, 0, 4);
	b[CLDAP_CAPTURE_NL] = 24;          /* LOGON_SAM_PAUSE_RESPONSE_EX */
	b[CLDAP_CAPTURE_NL + 0x54] = 0x34; /* ClientSiteName: a pointer to [34], "DC1" */
	assert_int_equal(run(CLDAP_CAPTURE_TXID, b, sizeof b, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "client site DC1"));
	assert_non_null(strstr(r.detail, "DC PAUSED"));
	assert_non_null(strstr(r.detail, "flags none"));
	pp_probe_reply_free(&r);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	assert_int_equal(run(CLDAP_CAPTURE_TXID + 1, cldap_capture, sizeof cldap_capture, &r),
			 PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
	pp_probe_reply_free(&r);
}

static void test_names(void **state)
{
	(void)state;
	char name[256];
	size_t off;
	/* A chain of pointers, each to the one before: followed, and bounded. */
	uint8_t chain[2 + 2 * 100];
	chain[0] = 0x00; /* the root name at 0 */
	chain[1] = 0x00;
	for (size_t i = 1; i <= 100; i++) {
		chain[2 * i] = 0xc0;
		chain[2 * i + 1] = (uint8_t)(2 * (i - 1));
	}
	off = 200;
	assert_null(nl_name(chain, sizeof chain, &off, name));
	assert_int_equal(off, 202);
	assert_string_equal(name, "");
	/* Pointers into themselves, forward, out of range; labels past the end. */
	static const struct {
		uint8_t b[8];
		size_t n, off;
		const char *err;
	} bad[] = {
		{{0x01, 'a', 0xc0, 0x02}, 4, 0, "loops"},
		{{0x01, 'a', 0xc0, 0x00}, 4, 0, "loops"},
		{{0xc0, 0x02, 0x00}, 3, 0, "forward"},
		{{0xc0, 0x40, 0x00}, 3, 0, "out of range"},
		{{0xc0}, 1, 0, "cut short"},
		{{0x05, 'a', 'b'}, 3, 0, "past the end"},
		{{0x01, 'a'}, 2, 0, "past the end"},
		{{0x40, 'a'}, 2, 0, "label type"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		off = bad[i].off;
		const char *err = nl_name(bad[i].b, bad[i].n, &off, name);
		assert_non_null(err);
		assert_non_null(strstr(err, bad[i].err));
	}
	/* 255 bytes at most: four 63-byte labels make 255 with the dots; five do not. */
	uint8_t long_name[5 * 64 + 1];
	for (size_t i = 0; i < 5; i++) {
		long_name[64 * i] = 63;
		memset(long_name + 64 * i + 1, 'x', 63);
	}
	long_name[4 * 64] = 0;
	off = 0;
	assert_null(nl_name(long_name, 4 * 64 + 1, &off, name));
	assert_int_equal(strlen(name), 255);
	long_name[4 * 64] = 63;
	long_name[5 * 64] = 0;
	off = 0;
	assert_non_null(nl_name(long_name, sizeof long_name, &off, name));
}

static void test_garbage(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	uint8_t b[512];
	uint32_t rng = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n = pt_xorshift32(&rng) % sizeof b;
		pt_random_bytes(&rng, b, n);
		assert_int_equal(run(CLDAP_CAPTURE_TXID, b, n, &r), PP_FEED_BAD);
	}
	/* Mutated captures: never a crash, a detail always terminated. */
	for (int i = 0; i < 50000; i++) {
		pt_mutate(&rng, b, cldap_capture, sizeof cldap_capture, 3);
		(void)run(CLDAP_CAPTURE_TXID, b, sizeof cldap_capture, &r);
		assert_true(strlen(r.detail) < sizeof r.detail);
	}
	pp_probe_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_capture_and_prefixes),
		cmocka_unit_test(test_no_netlogon),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("probe-cldap", tests, NULL, NULL);
}
