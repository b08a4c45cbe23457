/* Tests of the LDAP rootDSE probe (lib/probe/ldap.c), included here so the
 * tests see its captured reply and its request template. */
#include "probe_test.h"

#include "probe/ldap.c"

/* Start a probe with txid, then feed it in[0..len). */
static enum pp_feed run(uint32_t txid, const uint8_t *in, size_t len, struct pp_probe_reply *r)
{
	return pt_run(&pp_proto_ldap, txid, PP_TR_TCP, "dc1.pptest.lan", in, len, r);
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_ldap, "ldap", 389, PP_TR_TCP);
	assert_ptr_equal(pp_proto_for_port(3268, PP_TR_TCP), &pp_proto_ldap);
	assert_int_equal(pp_proto_ldap.default_port, 389);
	assert_int_equal(pp_proto_ldap.transports, PP_TR_TCP);
}

static void test_request(void **state)
{
	(void)state;
	static const uint8_t head[] = {
		0x30, 0x81, 0x82,             /* LDAPMessage, 130 bytes */
		0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, /* messageID: the txid, 0x01000000 set */
		0x63, 0x7a,                   /* SearchRequest, 122 bytes */
		0x04, 0x00,                   /* baseObject "" */
		0x0a, 0x01, 0x00,             /* scope baseObject */
		0x0a, 0x01, 0x00,             /* derefAliases never */
		0x02, 0x01, 0x00, 0x02, 0x01, 0x00, /* no size or time limit */
		0x01, 0x01, 0x00,             /* typesOnly FALSE */
		0x87, 0x0b, 'o', 'b', 'j', 'e', 'c', 't', 'C', 'l', 'a', 's', 's',
		0x30, 0x5a,                   /* the five attributes, 90 bytes */
	};
	static const char attrs[] = "\x04\x14" "defaultNamingContext" "\x04\x0b" "dnsHostName"
				    "\x04\x0f" "ldapServiceName" "\x04\x14" "supportedLDAPVersion"
				    "\x04\x0e" "namingContexts";
	struct ldap_state st;
	struct pp_buf out = {0};
	assert_int_equal(pp_proto_ldap.start(&st, 0x9234abcdu, PP_TR_TCP, "x", &out), 0);
	assert_int_equal(out.len, sizeof head + sizeof attrs - 1);
	assert_int_equal(out.len, 133);
	assert_memory_equal(out.data, head, sizeof head);
	assert_memory_equal(out.data + sizeof head, attrs, sizeof attrs - 1);
	assert_int_equal(st.msgid, 0x1334abcdu);
	/* The messageID is positive, 4 bytes, never 0, whatever the txid. */
	static const uint32_t txids[] = {0, 1, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0x00ffffffu};
	for (size_t i = 0; i < sizeof txids / sizeof *txids; i++) {
		out.len = 0;
		assert_int_equal(pp_proto_ldap.start(&st, txids[i], PP_TR_TCP, NULL, &out), 0);
		assert_int_equal(out.len, 133);
		uint8_t b0 = (uint8_t)out.data[5];
		assert_true(b0 >= 0x01 && b0 <= 0x7f);
	}
	/* LDAP over UDP is cldap's. */
	out.len = 0;
	assert_int_equal(pp_proto_ldap.start(&st, 1, PP_TR_UDP, "x", &out), -1);
	pp_buf_free(&out);
}

static void test_capture_and_prefixes(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	assert_int_equal(run(LDAP_CAPTURE_TXID, ldap_capture, sizeof ldap_capture, &r), PP_FEED_DONE);
	assert_string_equal(r.detail,
			    "LDAP success: dnsHostName dc1.pptest.lan, defaultNamingContext "
			    "DC=pptest,DC=lan, ldapServiceName pptest.lan:dc1$@PPTEST.LAN, LDAP "
			    "versions 2,3, 5 namingContexts (DC=pptest,DC=lan, ...)");
	/* Every cut of the TCP stream is incomplete, never done nor bad. */
	for (size_t n = 0; n < sizeof ldap_capture; n++)
		assert_int_equal(run(LDAP_CAPTURE_TXID, ldap_capture, n, &r), PP_FEED_MORE);
	/* Bytes after SearchResultDone are not read. */
	uint8_t more[sizeof ldap_capture + 4];
	memcpy(more, ldap_capture, sizeof ldap_capture);
	memcpy(more + sizeof ldap_capture, "\x30\x84\xff\xff", 4);
	assert_int_equal(run(LDAP_CAPTURE_TXID, more, sizeof more, &r), PP_FEED_DONE);
	pp_probe_reply_free(&r);
}

/* A SearchResultDone alone, with a result code and a message. */
static void test_result_codes(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	uint8_t done[] = {0x30, 0x16, 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, 0x65, 0x0e, 0x0a,
			  0x01, 0x35, 0x04, 0x00, 0x04, 0x07, 'n', 'o', '\n', 'w', 'a', 'y', '!'};
	assert_int_equal(run(LDAP_CAPTURE_TXID, done, sizeof done, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "LDAP unwillingToPerform (53): no?way!, rootDSE has none "
				      "of the attributes asked for");
	/* A Notice of Disconnection (messageID 0, ExtendedResponse). */
	uint8_t notice[] = {0x30, 0x0c, 0x02, 0x01, 0x00, 0x78, 0x07, 0x0a, 0x01, 0x02,
			    0x04, 0x00, 0x04, 0x00};
	assert_int_equal(run(LDAP_CAPTURE_TXID, notice, sizeof notice, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "disconnects: protocolError (2)"));
	/* A BindResponse is not an answer to a search. */
	uint8_t bind[] = {0x30, 0x0f, 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, 0x61, 0x07, 0x0a,
			  0x01, 0x00, 0x04, 0x00, 0x04, 0x00};
	assert_int_equal(run(LDAP_CAPTURE_TXID, bind, sizeof bind, &r), PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "unexpected operation 0x61"));
	pp_probe_reply_free(&r);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct pp_probe_reply r = {0};
	assert_int_equal(run(LDAP_CAPTURE_TXID ^ 1, ldap_capture, sizeof ldap_capture, &r),
			 PP_FEED_BAD);
	assert_non_null(strstr(r.detail, "reply to another request"));
	/* The right entry, then a SearchResultDone for another request. */
	uint8_t b[sizeof ldap_capture];
	memcpy(b, ldap_capture, sizeof b);
	b[0x179] ^= 0x01; /* the second message's messageID */
	assert_int_equal(run(LDAP_CAPTURE_TXID, b, sizeof b, &r), PP_FEED_BAD);
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
		S("HTTP/1.1 400 Bad Request\r\n\r\n"), S("SSH-2.0-OpenSSH_9.2\r\n"),
		S("\x15\x03\x01\x00\x02\x02\x46"), /* a TLS alert */
		S("\x30\x85\x00\x00\x00\x00\x01"),  /* a 5-byte length */
		S("\x30\x80\x02\x01\x01"),          /* indefinite length */
		S("\x30\x84\x7f\xff\xff\xff"),      /* 2 GiB announced */
		S("\x30\x03\x02\x01\x01"),          /* no operation */
		S("\x30\x02\x04\x00"),              /* no messageID */
		S("\x30\x07\x02\x01\x80\x65\x02\x0a\x00"), /* a negative messageID */
		S("\x30\x0c\x02\x04\x13\x34\xab\xcd\x65\x04\x0a\x01\x00\x04"),
		/* a SearchResultDone cut inside */
	};
#undef S
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		assert_int_equal(run(LDAP_CAPTURE_TXID, (const uint8_t *)texts[i].s, texts[i].n, &r),
				 PP_FEED_BAD);
	/* A reply past the cap. */
	uint8_t *big = calloc(1, LDAP_MAX_REPLY + 1);
	assert_non_null(big);
	assert_int_equal(run(LDAP_CAPTURE_TXID, big, LDAP_MAX_REPLY + 1, &r), PP_FEED_BAD);
	free(big);
	/* Random bytes: never understood. Mutated captures: never a crash. */
	uint8_t b[512];
	uint32_t rng = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n = pt_xorshift32(&rng) % sizeof b;
		pt_random_bytes(&rng, b, n);
		assert_int_not_equal(run(LDAP_CAPTURE_TXID, b, n, &r), PP_FEED_DONE);
	}
	for (int i = 0; i < 20000; i++) {
		pt_mutate(&rng, b, ldap_capture, sizeof ldap_capture, 3);
		(void)run(LDAP_CAPTURE_TXID, b, sizeof ldap_capture, &r);
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
		cmocka_unit_test(test_result_codes),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("probe-ldap", tests, NULL, NULL);
}
