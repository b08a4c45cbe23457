/* Tests of the Kerberos AS-REQ probe (lib/probe/kerberos.c), included here so
 * the tests see its captured reply and its request builder. */
#include "probe_test.h"

#include "probe/kerberos.c"

/* Start a probe of dc1.pptest.lan with txid, then feed it in[0..len). */
static enum pp_feed run(uint32_t txid, unsigned tr, const uint8_t *in, size_t len,
			struct pp_probe_reply *r)
{
	return pt_run(&pp_proto_kerberos, txid, tr, "dc1.pptest.lan", in, len, r);
}

/* The capture with the TCP length in front. */
static size_t tcp_capture(uint8_t *b)
{
	size_t n = sizeof krb_capture;
	b[0] = b[1] = 0;
	b[2] = (uint8_t)(n >> 8);
	b[3] = (uint8_t)n;
	memcpy(b + 4, krb_capture, n);
	return n + 4;
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_kerberos, "kerberos", 88, PP_TR_UDP);
	assert_ptr_equal(pp_proto_for_port(88, PP_TR_TCP), &pp_proto_kerberos);
	assert_int_equal(pp_proto_kerberos.default_port, 88);
	assert_int_equal(pp_proto_kerberos.transports, PP_TR_TCP | PP_TR_UDP);
}

static void test_request(void **state)
{
	(void)state;
	/* The whole AS-REQ for dc1.pptest.lan, txid 0x9234abcd (the comment
	 * above krb_start() explains each field). */
	static const uint8_t want[] = {
		0x6a, 0x81, 0x99, 0x30, 0x81, 0x96,
		0xa1, 0x03, 0x02, 0x01, 0x05,             /* pvno 5 */
		0xa2, 0x03, 0x02, 0x01, 0x0a,             /* msg-type 10 */
		0xa4, 0x81, 0x89, 0x30, 0x81, 0x86,       /* req-body */
		0xa0, 0x07, 0x03, 0x05, 0x00, 0x40, 0x81, 0x00, 0x10, /* kdc-options */
		0xa1, 0x24, 0x30, 0x22, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x1b, 0x30, 0x19,
		0x1b, 0x17, 'p', 'o', 'r', 't', 'p', 'l', 'a', 'n', '-', 'p', 'r', 'o', 'b', 'e',
		'-', '9', '2', '3', '4', 'a', 'b', 'c', 'd',   /* cname */
		0xa2, 0x0c, 0x1b, 0x0a, 'P', 'P', 'T', 'E', 'S', 'T', '.', 'L', 'A', 'N',
		0xa3, 0x1f, 0x30, 0x1d, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xa1, 0x16, 0x30, 0x14,
		0x1b, 0x06, 'k', 'r', 'b', 't', 'g', 't',
		0x1b, 0x0a, 'P', 'P', 'T', 'E', 'S', 'T', '.', 'L', 'A', 'N', /* sname */
		0xa5, 0x11, 0x18, 0x0f, '2', '0', '3', '7', '0', '9', '1', '3', '0', '2', '4',
		'8', '0', '5', 'Z',                            /* till */
		0xa7, 0x06, 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, /* nonce */
		0xa8, 0x0b, 0x30, 0x09, 0x02, 0x01, 0x12, 0x02, 0x01, 0x11, 0x02, 0x01, 0x17,
	};
	struct krb_state st;
	struct pp_buf out = {0};
	pt_request(&pp_proto_kerberos, &st, 0x9234abcdu, PP_TR_UDP, "dc1.pptest.lan", &out, want, sizeof want);
	assert_string_equal(st.cname, "portplan-probe-9234abcd");
	assert_string_equal(st.realm, "PPTEST.LAN");
	/* TCP: the same after its length in 4 bytes. */
	out.len = 0;
	pt_request_framed(&pp_proto_kerberos, &st, 0x9234abcdu, "dc1.pptest.lan", &out, "\x00\x00\x00\x9c", 4,
			  want, sizeof want);
	pp_buf_free(&out);
}

/* The realm asked for each host, and a request that stays well-formed DER
 * whatever the realm's length. */
static void test_realms(void **state)
{
	(void)state;
	static const struct {
		const char *host, *realm;
	} cases[] = {
		{"dc1.pptest.lan", "PPTEST.LAN"}, {"pptest.lan", "PPTEST.LAN"},
		{"DC1.Corp.Example.", "CORP.EXAMPLE"}, {"dc1.child.corp.example", "CHILD.CORP.EXAMPLE"},
		{"10.251.37.2", "PORTPLAN.INVALID"}, {"::1", "PORTPLAN.INVALID"},
		{"fe80::1%eth0", "PORTPLAN.INVALID"}, {"dc1", "PORTPLAN.INVALID"},
		{"", "PORTPLAN.INVALID"}, {NULL, "PORTPLAN.INVALID"}, {".", "PORTPLAN.INVALID"},
		{"a b.example", "PORTPLAN.INVALID"}, {"dc1.ex_ample.com", "PORTPLAN.INVALID"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct krb_state st;
		struct pp_buf out = {0};
		assert_int_equal(pp_proto_kerberos.start(&st, 7, PP_TR_UDP, cases[i].host, &out), 0);
		assert_string_equal(st.realm, cases[i].realm);
		pp_buf_free(&out);
	}
	/* Long names: 2-byte and 3-byte DER lengths; the whole request parses. */
	char host[300];
	for (size_t len = 5; len < sizeof host - 1; len += 7) {
		memset(host, 'a', len);
		host[0] = 'h';
		host[1] = '.';
		host[len - 4] = '.';
		host[len] = '\0';
		struct krb_state st;
		struct pp_buf out = {0};
		int rc = pp_proto_kerberos.start(&st, 7, PP_TR_TCP, host, &out);
		assert_int_equal(rc, 0);
		uint32_t n;
		assert_true(pp_rd_u32be((const uint8_t *)out.data, out.len, 0, &n));
		assert_int_equal(n + 4, out.len);
		struct pp_ber all = {(const uint8_t *)out.data, 4, out.len}, app, seq, f;
		uint8_t tag;
		assert_int_equal(pp_ber_get(&all, &tag, &app, NULL), PP_BER_OK);
		assert_int_equal(tag, 0x6a);
		assert_int_equal(all.off, out.len);
		assert_true(pp_ber_expect(&app, 0x30, &seq));
		assert_true(pp_ber_expect(&seq, 0xa1, &f));
		assert_true(pp_ber_expect(&seq, 0xa2, &f));
		assert_true(pp_ber_expect(&seq, 0xa4, &f));
		assert_int_equal(seq.off, seq.end);
		pp_buf_free(&out);
	}
	struct krb_state st;
	struct pp_buf out = {0};
	assert_int_equal(pp_proto_kerberos.start(&st, 7, PP_TR_ICMP, "x", &out), -1);
	pp_buf_free(&out);
}

static void test_capture_and_prefixes(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_UDP, krb_capture, sizeof krb_capture, &r),
			 PP_FEED_DONE);
	assert_string_equal(r.detail, "Kerberos KRB-ERROR KDC_ERR_C_PRINCIPAL_UNKNOWN (6): realm "
				      "PPTEST.LAN, server time 2026-11-22 14:38:33Z");
	uint8_t tcp[4 + sizeof krb_capture];
	size_t tn = tcp_capture(tcp);
	assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_TCP, tcp, tn, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "KDC_ERR_C_PRINCIPAL_UNKNOWN (6)"));
	/* A datagram cut anywhere is bad; a TCP stream cut anywhere is incomplete. */
	for (size_t n = 0; n < sizeof krb_capture; n++)
		assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_UDP, krb_capture, n, &r), PP_FEED_BAD);
	for (size_t n = 0; n < tn; n++)
		assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_TCP, tcp, n, &r), PP_FEED_MORE);
	pp_probe_reply_free(&r);
}

/* A KRB-ERROR built here: another error, another realm, an e-text. */
static void test_other_errors(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	uint8_t b[sizeof krb_capture];
	memcpy(b, krb_capture, sizeof b);
	b[0x2e] = 68; /* error-code: KDC_ERR_WRONG_REALM */
	memcpy(b + 0x33, "OTHER.LAN\x01", 10); /* crealm, still 10 bytes */
	assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_UDP, b, sizeof b, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "Kerberos KRB-ERROR KDC_ERR_WRONG_REALM (68): realm "
				      "PPTEST.LAN, server time 2026-11-22 14:38:33Z, client realm "
				      "OTHER.LAN?");
	b[0x2e] = 99; /* no such code */
	assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_UDP, b, sizeof b, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "KRB_ERR_UNKNOWN_CODE (99)"));
	/* Without its cname [8] (03d..062), the reply cannot be matched: it is
	 * still a KDC's answer. */
	uint8_t nocname[sizeof krb_capture - 0x26];
	memcpy(nocname, krb_capture, 0x3d);
	memcpy(nocname + 0x3d, krb_capture + 0x63, sizeof krb_capture - 0x63);
	nocname[2] = 0x8f - 0x26;
	nocname[5] = 0x8c - 0x26;
	assert_int_equal(run(0xdeadbeefu, PP_TR_UDP, nocname, sizeof nocname, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "KDC_ERR_C_PRINCIPAL_UNKNOWN"));
	/* Fields out of order: cname's tag made [7], after crealm [7]. */
	memcpy(b, krb_capture, sizeof b);
	b[0x3d] = 0xa7;
	assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_UDP, b, sizeof b, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "out of order"));
	/* An AS-REP for our client (a KDC that wants no pre-authentication). */
	static const uint8_t asrep[] = {
		0x6b, 0x40, 0x30, 0x3e,
		0xa0, 0x03, 0x02, 0x01, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x0b,
		0xa3, 0x0c, 0x1b, 0x0a, 'P', 'P', 'T', 'E', 'S', 'T', '.', 'L', 'A', 'N',
		0xa4, 0x24, 0x30, 0x22, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x1b, 0x30, 0x19,
		0x1b, 0x17, 'p', 'o', 'r', 't', 'p', 'l', 'a', 'n', '-', 'p', 'r', 'o', 'b', 'e',
		'-', '1', '2', '3', '4', 'a', 'b', 'c', 'd',
	};
	assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_UDP, asrep, sizeof asrep, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "Kerberos AS-REP: the KDC issued a ticket for "
				      "portplan-probe-1234abcd@PPTEST.LAN without pre-authentication");
	assert_int_equal(run(KRB_CAPTURE_TXID + 1, PP_TR_UDP, asrep, sizeof asrep, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
	pp_probe_reply_free(&r);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	assert_int_equal(run(0xdeadbeefu, PP_TR_UDP, krb_capture, sizeof krb_capture, &r),
			 PP_FEED_BAD);
	assert_string_equal(r.detail, "Kerberos: reply to another request (client "
				      "portplan-probe-1234abcd, not portplan-probe-deadbeef)");
	uint8_t tcp[4 + sizeof krb_capture];
	size_t tn = tcp_capture(tcp);
	assert_int_equal(run(KRB_CAPTURE_TXID ^ 0x100, PP_TR_TCP, tcp, tn, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
	pp_probe_reply_free(&r);
}

static void test_garbage(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
#define S(x) {x, sizeof x - 1}
	static const struct {
		const char *s;
		size_t n;
	} texts[] = {
		S("HTTP/1.1 400 Bad Request\r\n\r\n"), /* over TCP: a length of 1.2 GB */
		S("\x80\x00\x00\x10"),                 /* the reserved bit */
		S("\x00\x00\x00\x00"),                 /* an empty message */
		S("\x00\x01\x00\x01"),                 /* 64 KiB + 1 */
		S("\x00\x00\x00\x02\x7e\x00"),         /* an empty KRB-ERROR */
		S("\x00\x00\x00\x04\x7e\x02\x30\x00"), /* no fields */
		S("\x00\x00\x00\x02\x6d\x00"),         /* a TGS-REP */
		S("\x00\x00\x00\x02\x7f\x00"),         /* a high tag number */
	};
#undef S
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		assert_int_equal(run(1, PP_TR_TCP, (const uint8_t *)texts[i].s, texts[i].n, &r),
				 PP_FEED_BAD);
		assert_int_equal(run(1, PP_TR_UDP, (const uint8_t *)texts[i].s, texts[i].n, &r),
				 PP_FEED_BAD);
	}
	uint8_t b[512];
	uint32_t rng = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n = pt_xorshift32(&rng) % sizeof b;
		pt_random_bytes(&rng, b, n);
		assert_int_equal(run(KRB_CAPTURE_TXID, PP_TR_UDP, b, n, &r), PP_FEED_BAD);
		assert_int_not_equal(run(KRB_CAPTURE_TXID, PP_TR_TCP, b, n, &r), PP_FEED_DONE);
	}
	for (int i = 0; i < 50000; i++) {
		pt_mutate(&rng, b, krb_capture, sizeof krb_capture, 3);
		(void)run(KRB_CAPTURE_TXID, PP_TR_UDP, b, sizeof krb_capture, &r);
		assert_true(strlen(r.detail) < sizeof r.detail);
	}
	pp_probe_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_realms),
		cmocka_unit_test(test_capture_and_prefixes),
		cmocka_unit_test(test_other_errors),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("probe-kerberos", tests, NULL, NULL);
}
