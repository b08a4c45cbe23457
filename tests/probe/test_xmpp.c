/* The XMPP probe (lib/probe/xmpp.c): its stream header, and its scanner fed
 * prosody's captured reply whole, cut at every length, for another kind of
 * stream, corrupted and replaced by garbage. */
#include "probe_test.h"

extern const struct pp_proto pp_proto_xmpp;

/* prosody 0.12.3's reply to to='localhost' (as in xmpp.c). */
static const char reply[] =
	"<?xml version='1.0'?>"
	"<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
	" from='localhost' version='1.0' id='af459267-e649-42f3-b3a9-869e9ace8620' xml:lang='en'"
	" to='' xmlns:db='jabber:server:dialback'>"
	"<stream:features>"
	"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
	"<dialback xmlns='urn:xmpp:features:dialback'/>"
	"</stream:features>";

static enum pp_feed probe(const char *host, const void *bytes, size_t n, struct pp_probe_reply *r)
{
	return pt_probe(&pp_proto_xmpp, 7, PP_TR_TCP, host, bytes, n, r);
}

static void test_selftest(void **state)
{
	(void)state;
	pt_selftest(&pp_proto_xmpp, "xmpp", 5269, PP_TR_TCP);
}

static void test_request(void **state)
{
	(void)state;
	void *st = calloc(1, pp_proto_xmpp.state_size);
	struct pp_buf out = {0};
	assert_int_equal(pp_proto_xmpp.start(st, 1, PP_TR_TCP, "im.example.com", &out), 0);
	assert_string_equal(out.data, "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
				      "xmlns:stream='http://etherx.jabber.org/streams' "
				      "to='im.example.com' version='1.0'>");
	/* The stream header has no room for a txid: it is the same for any. */
	struct pp_buf out2 = {0};
	assert_int_equal(pp_proto_xmpp.start(st, 0xffffffff, PP_TR_TCP, "im.example.com", &out2), 0);
	assert_string_equal(out.data, out2.data);
	out.len = 0;
	assert_int_equal(pp_proto_xmpp.start(st, 1, PP_TR_TCP, "2001:db8::5", &out), 0);
	assert_non_null(strstr(out.data, " to='[2001:db8::5]' version='1.0'>"));
	static const char *const bad[] = {"", "a'b", "a<b", "a&amp;b", "a b", "a\"b", "a>b"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(pp_proto_xmpp.start(st, 1, PP_TR_TCP, bad[i], &out), -1);
	pp_buf_free(&out);
	pp_buf_free(&out2);
	free(st);
}

static void test_whole(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	assert_int_equal(probe("localhost", reply, sizeof reply - 1, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "XMPP 1.0 server-to-server stream, from 'localhost', id "
				      "'af459267-e649-42f3-b3a9-869e9ace8620', features: starttls "
				      "(required), dialback");
}

/* Every cut of the reply leaves the probe waiting for more. */
static void test_prefixes(void **state)
{
	(void)state;
	pt_probe_prefixes(&pp_proto_xmpp, 7, "localhost", PP_TR_TCP, reply, sizeof reply - 1, NULL);
}

/* No txid in XMPP: what is refused is a stream that is not XMPP's, and a
 * server answering for another domain is pointed out. */
static void test_other_stream(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	char b[sizeof reply];
	memcpy(b, reply, sizeof b);
	memcpy(strstr(b, "xmlns:stream="), "xmlns:strean=", 13);
	assert_int_equal(probe("localhost", b, sizeof b - 1, &r), PP_FEED_BAD);
	assert_string_equal(r.detail, "not an XMPP stream: no stream namespace "
				      "'http://etherx.jabber.org/streams'");
	assert_int_equal(probe("example.org", reply, sizeof reply - 1, &r), PP_FEED_DONE);
	assert_non_null(strstr(r.detail, "from 'localhost' (not the domain asked for)"));
	static const char client[] = "<stream:stream xmlns='jabber:client' "
				     "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
				     "<stream:features/>";
	assert_int_equal(probe("localhost", client, sizeof client - 1, &r), PP_FEED_DONE);
	assert_string_equal(r.detail, "XMPP 1.0 client-to-server (not s2s) stream, no features");
}

/* Random bytes are not XMPP; random tags after a real header, and flipped
 * bytes of the real reply, never crash the scanner. */
static void test_garbage(void **state)
{
	(void)state;
	struct pp_probe_reply r;
	static const char alphabet[] = "<>/='\" :ab?!-[]x\n";
	size_t head = (size_t)(strstr(reply, "<stream:features>") - reply);
	uint32_t x = 99991;
	for (int i = 0; i < 3000; i++) {
		size_t n = pt_xorshift32(&x) % 1500;
		uint8_t *b = malloc(n + head + 1);
		pt_random_bytes(&x, b, n);
		if (n && !strchr("< \t\r\n\xef", b[0]))
			assert_int_equal(probe("localhost", b, n, &r), PP_FEED_BAD);
		else
			assert_int_not_equal(probe("localhost", b, n, &r), PP_FEED_DONE);
		/* Markup-ish noise, alone and after the real header. */
		for (size_t k = 0; k < n; k++)
			b[k] = (uint8_t)alphabet[pt_xorshift32(&x) % (sizeof alphabet - 1)];
		probe("localhost", b, n, &r);
		memmove(b + head, b, n);
		memcpy(b, reply, head);
		probe("localhost", b, n + head, &r);
		free(b);
	}
	char b[sizeof reply];
	for (size_t pos = 0; pos < sizeof reply - 1; pos++)
		for (size_t v = 0; v < sizeof alphabet - 1; v++) {
			memcpy(b, reply, sizeof b);
			b[pos] = alphabet[v];
			probe("localhost", b, sizeof b - 1, &r);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),     cmocka_unit_test(test_request),
		cmocka_unit_test(test_whole),        cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_other_stream), cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
