/* Tests of the SMB protocol module (lib/probe/smb.c): its selftest, the
 * request bytes, and its parser fed truncated, mismatched, corrupted and
 * random replies. */
#include "probe_test.h"

/* Samba 4.17.12-Debian's reply to the request with txid 0x12345678: the
 * capture lib/probe/smb.c's selftest uses (its comment has the layout). */
static const uint8_t reply311[] = {
	/* 0000 */ 0x00, 0x00, 0x01, 0x0c, 0xfe, 0x53, 0x4d, 0x42, 0x40, 0x00, 0x00, 0x00,
	/* 000c */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 0018 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0024 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0030 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 003c */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41, 0x00, 0x01, 0x00,
	/* 0048 */ 0x11, 0x03, 0x02, 0x00, 0x70, 0x70, 0x74, 0x65, 0x73, 0x74, 0x00, 0x00,
	/* 0054 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00,
	/* 0060 */ 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00,
	/* 006c */ 0x08, 0xdc, 0xd5, 0x8f, 0x8e, 0x7a, 0xdd, 0x01, 0x00, 0x00, 0x00, 0x00,
	/* 0078 */ 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x4a, 0x00, 0xd0, 0x00, 0x00, 0x00,
	/* 0084 */ 0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x3e,
	/* 0090 */ 0x30, 0x3c, 0xa0, 0x0e, 0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
	/* 009c */ 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a, 0xa3, 0x2a, 0x30, 0x28, 0xa0, 0x26,
	/* 00a8 */ 0x1b, 0x24, 0x6e, 0x6f, 0x74, 0x5f, 0x64, 0x65, 0x66, 0x69, 0x6e, 0x65,
	/* 00b4 */ 0x64, 0x5f, 0x69, 0x6e, 0x5f, 0x52, 0x46, 0x43, 0x34, 0x31, 0x37, 0x38,
	/* 00c0 */ 0x40, 0x70, 0x6c, 0x65, 0x61, 0x73, 0x65, 0x5f, 0x69, 0x67, 0x6e, 0x6f,
	/* 00cc */ 0x72, 0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x26, 0x00,
	/* 00d8 */ 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00, 0x01, 0x00, 0x6c, 0x0e,
	/* 00e4 */ 0x45, 0x29, 0x69, 0xea, 0xc4, 0xb8, 0xf1, 0x84, 0x4a, 0xfb, 0xb9, 0x65,
	/* 00f0 */ 0xe6, 0x43, 0xa8, 0x43, 0xd4, 0xce, 0x5f, 0x2f, 0x1a, 0xbe, 0x8b, 0x3b,
	/* 00fc */ 0xba, 0x44, 0xe4, 0x02, 0x30, 0xb6, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00,
	/* 0108 */ 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00,
};

static const struct pp_proto *smb(void)
{
	const struct pp_proto *p = pp_proto_find("smb");
	assert_non_null(p);
	return p;
}

/* Feed bytes to a fresh state; the detail goes to detail (512 bytes). */
static enum pp_feed feed(const uint8_t *in, size_t len, unsigned transport, char *detail)
{
	const struct pp_proto *p = smb();
	void *st = calloc(1, p->state_size + 1);
	assert_non_null(st);
	struct pp_probe_reply r = {0};
	/* One request, one reply: nothing more to send. */
	enum pp_feed f = pt_feed(p, st, in, len, transport, &r);
	assert_true(strnlen(r.detail, sizeof r.detail) < sizeof r.detail);
	if (detail)
		memcpy(detail, r.detail, sizeof r.detail);
	pp_probe_reply_free(&r);
	free(st);
	return f;
}

static void test_selftest(void **state)
{
	(void)state;
	const struct pp_proto *p = smb();
	assert_string_equal(p->name, "smb");
	assert_int_equal(p->default_port, 445);
	assert_int_equal(p->transports, PP_TR_TCP);
	assert_int_equal(p->selftest(), 0);
	assert_ptr_equal(pp_proto_for_port(445, PP_TR_TCP), p);
}

static void test_capture_decoded(void **state)
{
	(void)state;
	char d[512];
	assert_int_equal(feed(reply311, sizeof reply311, PP_TR_TCP, d), PP_FEED_DONE);
	assert_non_null(strstr(d, "SMB2 dialect 3.1.1, signing enabled (not required)"));
	assert_non_null(strstr(d, "cipher AES-128-GCM"));
	assert_non_null(strstr(d, "server GUID 65747070-7473-0000-0000-000000000000"));
	/* Signing required: SecurityMode 0x0003. */
	uint8_t b[sizeof reply311];
	memcpy(b, reply311, sizeof b);
	b[0x46] = 0x03;
	assert_int_equal(feed(b, sizeof b, PP_TR_TCP, d), PP_FEED_DONE);
	assert_non_null(strstr(d, "signing required"));
	/* Bytes after the message (a server pipelining) are not read. */
	uint8_t more[sizeof reply311 + 16];
	memcpy(more, reply311, sizeof reply311);
	memset(more + sizeof reply311, 0xee, 16);
	assert_int_equal(feed(more, sizeof more, PP_TR_TCP, NULL), PP_FEED_DONE);
	/* A NetBIOS keepalive (0x85, length 0) before the reply is skipped;
	 * keepalives without end are not a reply. */
	uint8_t ka[4 + sizeof reply311];
	memcpy(ka, "\x85\x00\x00\x00", 4);
	memcpy(ka + 4, reply311, sizeof reply311);
	assert_int_equal(feed(ka, sizeof ka, PP_TR_TCP, NULL), PP_FEED_DONE);
	assert_int_equal(feed(ka, 6, PP_TR_TCP, NULL), PP_FEED_MORE);
	uint8_t kas[40];
	for (size_t i = 0; i < sizeof kas; i += 4)
		memcpy(kas + i, "\x85\x00\x00\x00", 4);
	assert_int_equal(feed(kas, 30, PP_TR_TCP, NULL), PP_FEED_MORE);
	assert_int_equal(feed(kas, sizeof kas, PP_TR_TCP, d), PP_FEED_BAD);
	assert_non_null(strstr(d, "keepalives"));
}

static void test_every_prefix(void **state)
{
	(void)state;
	for (size_t n = 0; n < sizeof reply311; n++) {
		uint8_t *b = pt_cut(reply311, n);
		assert_int_equal(feed(b, n, PP_TR_TCP, NULL), PP_FEED_MORE);
		assert_int_not_equal(feed(b, n, PP_TR_UDP, NULL), PP_FEED_DONE);
		free(b);
	}
}

static void test_wrong_id(void **state)
{
	(void)state;
	char d[512];
	uint8_t b[sizeof reply311];
	/* The reply's only echo of the request is MessageId (0). */
	for (size_t i = 0; i < 8; i++) {
		memcpy(b, reply311, sizeof b);
		b[0x1c + i] = 0x5a;
		assert_int_equal(feed(b, sizeof b, PP_TR_TCP, d), PP_FEED_BAD);
		assert_non_null(strstr(d, "reply to another request"));
	}
	/* A reply to another command (SESSION_SETUP). */
	memcpy(b, reply311, sizeof b);
	b[0x10] = 0x01;
	assert_int_equal(feed(b, sizeof b, PP_TR_TCP, d), PP_FEED_BAD);
	assert_non_null(strstr(d, "reply to another request"));
}

static void test_error_response(void **state)
{
	(void)state;
	/* An SMB2 ERROR response (MS-SMB2 2.2.2) with STATUS_NOT_SUPPORTED. */
	uint8_t b[4 + 64 + 9];
	memset(b, 0, sizeof b);
	memcpy(b, reply311, 4 + 64);
	b[2] = 0;
	b[3] = 64 + 9;
	b[0x0c] = 0xbb; b[0x0f] = 0xc0; /* Status 0xC00000BB */
	b[0x44] = 9;                    /* StructureSize 9 */
	char d[512];
	assert_int_equal(feed(b, sizeof b, PP_TR_TCP, d), PP_FEED_DONE);
	assert_non_null(strstr(d, "refused NEGOTIATE: status 0xc00000bb STATUS_NOT_SUPPORTED"));
	b[0x44] = 65;
	assert_int_equal(feed(b, sizeof b, PP_TR_TCP, NULL), PP_FEED_BAD);
}

static void test_garbage(void **state)
{
	(void)state;
	uint32_t x = 0x2545f491;
	for (int i = 0; i < 20000; i++) {
		size_t n;
		uint8_t *b = pt_random_alloc(&x, 400, &n);
		assert_int_not_equal(feed(b, n, PP_TR_TCP, NULL), PP_FEED_DONE);
		/* The same behind a valid transport and SMB2 header: may be
		 * anything but must not crash or read past n. */
		if (n >= 8) {
			b[0] = 0x00;
			b[1] = 0x00;
			b[2] = (uint8_t)((n - 4) >> 8);
			b[3] = (uint8_t)(n - 4);
			memcpy(b + 4, i & 1 ? "\xfeSMB" : "\xffSMB", 4);
			feed(b, n, PP_TR_TCP, NULL);
		}
		free(b);
	}
	/* Text servers on 445 by mistake. */
	static const char *const text[] = {"HTTP/1.1 400 Bad Request\r\n\r\n", "SSH-2.0-OpenSSH_9.2\r\n",
					   "220 mail ESMTP\r\n"};
	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		assert_int_equal(feed((const uint8_t *)text[i], strlen(text[i]), PP_TR_TCP, NULL),
				 PP_FEED_BAD);
}

static void test_mutations(void **state)
{
	(void)state;
	/* Every byte of the capture set to a handful of values: never a
	 * crash, never a read past the end (checked under ASan/valgrind). */
	static const uint8_t vals[] = {0x00, 0x01, 0x07, 0x7f, 0x80, 0xfe, 0xff};
	uint8_t *b = malloc(sizeof reply311);
	assert_non_null(b);
	for (size_t i = 0; i < sizeof reply311; i++)
		for (size_t v = 0; v < sizeof vals; v++) {
			memcpy(b, reply311, sizeof reply311);
			b[i] = vals[v];
			feed(b, sizeof reply311, PP_TR_TCP, NULL);
		}
	free(b);
}

static void test_request(void **state)
{
	(void)state;
	const struct pp_proto *p = smb();
	void *st = calloc(1, p->state_size + 1);
	assert_non_null(st);
	struct pp_buf out = {0};
	assert_int_equal(p->start(st, 0x12345678, PP_TR_TCP, "fs01.example", &out), 0);
	assert_int_equal(out.len, 4 + 178);
	const uint8_t *r = (const uint8_t *)out.data;
	/* Transport header: zero byte, 24-bit length 178. */
	assert_memory_equal(r, "\x00\x00\x00\xb2", 4);
	const uint8_t *m = r + 4;
	/* SMB2 header: ProtocolId, StructureSize 64, CreditCharge 0,
	 * Status 0, Command NEGOTIATE, CreditRequest 1, Flags 0,
	 * NextCommand 0, MessageId 0, ProcessId 0, TreeId 0, SessionId 0,
	 * Signature 0. */
	static const uint8_t hdr[64] = {0xfe, 'S', 'M', 'B', 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
	assert_memory_equal(m, hdr, 64);
	/* NEGOTIATE: StructureSize 36, DialectCount 5, SecurityMode
	 * SIGNING_ENABLED, Reserved, Capabilities 0x7f. */
	assert_memory_equal(m + 0x40, "\x24\x00\x05\x00\x01\x00\x00\x00\x7f\x00\x00\x00", 12);
	/* ClientGuid: the txid little-endian, then "pp-smb-probe". */
	assert_memory_equal(m + 0x4c, "\x78\x56\x34\x12pp-smb-probe", 16);
	/* NegotiateContextOffset 0x70, NegotiateContextCount 2, Reserved2. */
	assert_memory_equal(m + 0x5c, "\x70\x00\x00\x00\x02\x00\x00\x00", 8);
	/* Dialects 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1 and padding. */
	assert_memory_equal(m + 0x64, "\x02\x02\x10\x02\x00\x03\x02\x03\x11\x03\x00\x00", 12);
	/* Preauth integrity: type 1, length 38, reserved, one hash, salt 32
	 * bytes, SHA-512. */
	assert_memory_equal(m + 0x70, "\x01\x00\x26\x00\x00\x00\x00\x00\x01\x00\x20\x00\x01\x00", 14);
	/* Padding, then encryption: type 2, length 10, reserved, 4 ciphers:
	 * AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM. */
	assert_memory_equal(m + 0x9e,
			    "\x00\x00\x02\x00\x0a\x00\x00\x00\x00\x00\x04\x00\x02\x00\x01\x00\x04\x00\x03\x00",
			    20);

	/* The salt comes from the txid: another txid, another salt and GUID. */
	struct pp_buf out2 = {0};
	memset(st, 0, p->state_size);
	assert_int_equal(p->start(st, 0x9abcdef0, PP_TR_TCP, "fs01.example", &out2), 0);
	assert_int_equal(out2.len, out.len);
	assert_memory_not_equal(out.data + 4 + 0x7e, out2.data + 4 + 0x7e, 32);
	assert_memory_equal(out2.data + 4 + 0x4c, "\xf0\xde\xbc\x9a", 4);
	assert_memory_equal(out.data, out2.data, 4 + 0x4c);

	/* No SMB over UDP. */
	struct pp_buf out3 = {0};
	memset(st, 0, p->state_size);
	assert_int_equal(p->start(st, 1, PP_TR_UDP, "fs01.example", &out3), -1);
	pp_buf_free(&out);
	pp_buf_free(&out2);
	pp_buf_free(&out3);
	free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),
		cmocka_unit_test(test_capture_decoded),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_wrong_id),
		cmocka_unit_test(test_error_response),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_request),
	};
	return cmocka_run_group_tests_name("probe-smb", tests, NULL, NULL);
}
