/*
 * Tests of the endpoint mapper probe (lib/probe/epm.c).
 *
 * The module's source is included here (renaming its exported table), as
 * curl's UNITTEST does, so the tests reach its captured Samba replies and
 * its state; the library's own copy is checked through pp_proto_find().
 * Besides the captured conversation, replies are built here with a small
 * NDR writer: Samba's "status with the last batch", several rounds,
 * fragments split at every byte, NULL and aliased towers, every floor kind,
 * faults, naks, caps and hostile counts.
 */
#include "probe_test.h"

#define pp_proto_epm pp_proto_epm_under_test
#include "probe/epm.c"
#undef pp_proto_epm

#define TXID 0x01020304u

/* ---------- a byte writer for building replies ---------- */

struct bytes {
	uint8_t *p;
	size_t n, cap;
};

static void put(struct bytes *b, const void *src, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	if (n)
		memcpy(b->p + b->n, src, n);
	b->n += n;
}

static void put8(struct bytes *b, uint8_t v)
{
	put(b, &v, 1);
}

static void put16(struct bytes *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(b, x, 2);
}

static void put32(struct bytes *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	put(b, x, 4);
}

static void pad4(struct bytes *b)
{
	while (b->n % 4)
		put8(b, 0);
}

static void bytes_free(struct bytes *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

/* The drsuapi interface UUID in NDR order, e3514235-4b06-11d1-ab04-00c04fc2dcd2. */
static const uint8_t drsuapi_uuid[16] = {0x35, 0x42, 0x51, 0xe3, 0x06, 0x4b, 0xd1, 0x11,
					 0xab, 0x04, 0x00, 0xc0, 0x4f, 0xc2, 0xdc, 0xd2};

static void floor_(struct bytes *t, const uint8_t *lhs, size_t lhs_len, const uint8_t *rhs, size_t rhs_len)
{
	put16(t, (uint16_t)lhs_len);
	put(t, lhs, lhs_len);
	put16(t, (uint16_t)rhs_len);
	put(t, rhs, rhs_len);
}

/* A tower: drsuapi v4.0, NDR, rpc (0x0b/0x0a/0x0c), then the floors given
 * as id, rhs, rhs length triples. */
static void tower(struct bytes *t, uint8_t rpc, int n_extra, ...)
{
	put16(t, (uint16_t)(3 + n_extra));
	uint8_t lhs[19] = {0x0d};
	memcpy(lhs + 1, drsuapi_uuid, 16);
	lhs[17] = 4;
	floor_(t, lhs, 19, (const uint8_t[]){0, 0}, 2);
	memcpy(lhs + 1, ndr_syntax, 16);
	lhs[17] = 2;
	floor_(t, lhs, 19, (const uint8_t[]){0, 0}, 2);
	floor_(t, &rpc, 1, (const uint8_t[]){0, 0}, 2);
	va_list ap;
	va_start(ap, n_extra);
	for (int i = 0; i < n_extra; i++) {
		uint8_t id = (uint8_t)va_arg(ap, int);
		const uint8_t *rhs = va_arg(ap, const uint8_t *);
		size_t rl = va_arg(ap, size_t);
		floor_(t, &id, 1, rhs, rl);
	}
	va_end(ap);
}

/* A TCP tower for port p on 10.0.0.1. */
static void tcp_tower(struct bytes *t, uint16_t port)
{
	uint8_t pb[2] = {(uint8_t)(port >> 8), (uint8_t)port};
	tower(t, 0x0b, 2, 0x07, pb, (size_t)2, 0x09, (const uint8_t[]){10, 0, 0, 1}, (size_t)4);
}

struct sent {
	uint32_t ref;          /* tower referent, 0 for NULL */
	const char *ann;
	const struct bytes *tower;
};

/* An ept_lookup response stub. */
static void stub(struct bytes *st, const uint8_t handle[20], const struct sent *e, uint32_t n, uint32_t status)
{
	put(st, handle, 20);
	put32(st, n);
	put32(st, n ? n : 500); /* max_count */
	put32(st, 0);           /* offset */
	put32(st, n);           /* actual_count */
	for (uint32_t i = 0; i < n; i++) {
		put(st, (const uint8_t[16]){0}, 16);
		put32(st, e[i].ref);
		size_t al = strlen(e[i].ann) + 1;
		put32(st, 0);
		put32(st, (uint32_t)al);
		put(st, e[i].ann, al);
		pad4(st);
	}
	for (uint32_t i = 0; i < n; i++) {
		bool seen = false;
		for (uint32_t j = 0; j < i; j++)
			seen |= e[j].ref == e[i].ref;
		if (!e[i].ref || seen)
			continue;
		pad4(st);
		put32(st, (uint32_t)e[i].tower->n);
		put32(st, (uint32_t)e[i].tower->n);
		put(st, e[i].tower->p, e[i].tower->n);
	}
	pad4(st);
	put32(st, status);
}

/* Wrap a stub in response PDUs of at most chunk stub bytes each. */
static void response(struct bytes *out, uint32_t call_id, const struct bytes *st, size_t chunk)
{
	size_t off = 0;
	do {
		size_t n = st->n - off < chunk ? st->n - off : chunk;
		uint8_t flags = (uint8_t)((off == 0 ? PFC_FIRST_FRAG : 0) | (off + n == st->n ? PFC_LAST_FRAG : 0));
		put(out, (const uint8_t[]){5, 0, PT_RESPONSE, flags, 0x10, 0, 0, 0}, 8);
		put16(out, (uint16_t)(24 + n));
		put16(out, 0);
		put32(out, call_id);
		put32(out, (uint32_t)(st->n - off)); /* alloc_hint */
		put32(out, 0);                        /* p_cont_id, cancel_count, reserved */
		put(out, st->p + off, n);
		off += n;
	} while (off < st->n);
}

static const uint8_t nil_handle[20];
static const uint8_t some_handle[20] = {0, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

/* ---------- driving the module ---------- */

struct conv {
	struct epm_state s;
	struct pp_buf out;
	struct pp_probe_reply r;
};

static enum pp_feed feed(struct conv *c, const uint8_t *in, size_t len)
{
	c->out.len = 0;
	return pp_proto_epm_under_test.feed(&c->s, in, len, PP_TR_TCP, &c->out, &c->r);
}

static uint32_t out_call_id(const struct conv *c)
{
	uint32_t v = 0;
	assert_true(pp_rd_u32le((const uint8_t *)c->out.data, c->out.len, 12, &v));
	return v;
}

/* Start with TXID and answer with Samba's bind_ack (call_id patched). */
static void bound(struct conv *c)
{
	memset(c, 0, sizeof *c);
	assert_int_equal(pp_proto_epm_under_test.start(&c->s, TXID, PP_TR_TCP, "dc", &c->out), 0);
	uint8_t ack[sizeof samba_bind_ack];
	memcpy(ack, samba_bind_ack, sizeof ack);
	put_u32le(ack + 12, TXID);
	assert_int_equal(feed(c, ack, sizeof ack), PP_FEED_NEXT);
	assert_int_equal(out_call_id(c), TXID + 1);
}

static void conv_free(struct conv *c)
{
	pp_buf_free(&c->out);
	pp_probe_reply_free(&c->r);
}

/* ---------- tests ---------- */

static void test_selftest(void **state)
{
	(void)state;
	const struct pp_proto *p = pp_proto_find("epm");
	assert_non_null(p);
	assert_string_equal(p->name, "epm");
	assert_int_equal(p->default_port, 135);
	assert_int_equal(p->transports, PP_TR_TCP);
	assert_ptr_equal(pp_proto_for_port(135, PP_TR_TCP), p);
	assert_int_equal(p->selftest(), 0);
	assert_int_equal(pp_proto_epm_under_test.selftest(), 0);
}

/* The request bytes, written out independently of the module's tables. */
static void test_request_bytes(void **state)
{
	(void)state;
	static const uint8_t bind[116] = {
		0x05, 0x00, 0x0b, 0x03, 0x10, 0x00, 0x00, 0x00, 0x74, 0x00, 0x00, 0x00, 0x04, 0x03, 0x02, 0x01,
		0xd0, 0x16, 0xd0, 0x16, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
		/* context 0: epm v3.0 / NDR v2 */
		0x00, 0x00, 0x01, 0x00,
		0x08, 0x83, 0xaf, 0xe1, 0x1f, 0x5d, 0xc9, 0x11, 0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa,
		0x03, 0x00, 0x00, 0x00,
		0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60,
		0x02, 0x00, 0x00, 0x00,
		/* context 1: epm v3.0 / NDR64 v1 */
		0x01, 0x00, 0x01, 0x00,
		0x08, 0x83, 0xaf, 0xe1, 0x1f, 0x5d, 0xc9, 0x11, 0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa,
		0x03, 0x00, 0x00, 0x00,
		0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49, 0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36,
		0x01, 0x00, 0x00, 0x00,
	};
	static const uint8_t lookup[64] = {
		0x05, 0x00, 0x00, 0x03, 0x10, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x05, 0x03, 0x02, 0x01,
		0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, /* alloc_hint 40, context 0, opnum 2 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* all, NULL, NULL */
		0x01, 0x00, 0x00, 0x00,                                                 /* RPC_C_VERS_ALL */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,             /* entry_handle */
		0xf4, 0x01, 0x00, 0x00,                                                 /* max_ents 500 */
	};
	struct conv c = {0};
	pt_request(&pp_proto_epm_under_test, &c.s, TXID, PP_TR_TCP, "dc", &c.out, bind, sizeof bind);
	conv_free(&c);

	bound(&c);
	assert_int_equal(c.out.len, sizeof lookup);
	assert_memory_equal(c.out.data, lookup, sizeof lookup);

	/* The next lookup carries the handle returned, and call_id + 1. */
	struct bytes st = {0}, rsp = {0}, tw = {0};
	tcp_tower(&tw, 49152);
	struct sent e[] = {{1, "drsuapi", &tw}};
	stub(&st, some_handle, e, 1, 0);
	response(&rsp, TXID + 1, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_NEXT);
	assert_int_equal(c.out.len, sizeof lookup);
	assert_memory_equal(c.out.data, lookup, 12);
	assert_int_equal(out_call_id(&c), TXID + 2);
	assert_memory_equal(c.out.data + 16, lookup + 16, 24);
	assert_memory_equal(c.out.data + 40, some_handle, 20);
	assert_memory_equal(c.out.data + 60, lookup + 60, 4);
	bytes_free(&st);
	bytes_free(&rsp);
	bytes_free(&tw);
	conv_free(&c);

	/* UDP: no request; a datagram is refused. */
	struct epm_state s = {0};
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	assert_int_equal(pp_proto_epm_under_test.start(&s, TXID, PP_TR_UDP, "dc", &out), -1);
	assert_int_equal(pp_proto_epm_under_test.feed(&s, samba_bind_ack, sizeof samba_bind_ack, PP_TR_UDP, &out, &r),
			 PP_FEED_BAD);
	pp_buf_free(&out);
}

/* Every prefix of each captured reply: never DONE or NEXT, never an entry,
 * and a datagram-sized cut (UDP) is refused outright. */
static void test_prefixes(void **state)
{
	(void)state;
	struct conv c0, c1, c2;
	memset(&c0, 0, sizeof c0);
	assert_int_equal(pp_proto_epm_under_test.start(&c0.s, ST_TXID, PP_TR_TCP, "dc", &c0.out), 0);
	c1 = c0;
	c1.out = (struct pp_buf){0};
	assert_int_equal(feed(&c1, samba_bind_ack, sizeof samba_bind_ack), PP_FEED_NEXT);
	c2 = c1;
	c2.out = (struct pp_buf){0};
	assert_int_equal(feed(&c2, samba_lookup1, sizeof samba_lookup1), PP_FEED_NEXT);
	pp_probe_reply_free(&c2.r);

	const struct {
		const struct epm_state *s;
		const uint8_t *p;
		size_t n;
	} replies[] = {
		{&c0.s, samba_bind_ack, sizeof samba_bind_ack},
		{&c1.s, samba_lookup1, sizeof samba_lookup1},
		{&c2.s, samba_lookup2, sizeof samba_lookup2},
	};
	for (size_t k = 0; k < 3; k++)
		for (size_t len = 0; len < replies[k].n; len++) {
			struct conv c = {.s = *replies[k].s};
			uint8_t *cut = pt_cut(replies[k].p, len);
			assert_int_equal(feed(&c, cut, len), PP_FEED_MORE);
			assert_int_equal(c.r.n_entries, 0);
			c.s = *replies[k].s;
			assert_int_equal(pp_proto_epm_under_test.feed(&c.s, cut, len, PP_TR_UDP, &c.out, &c.r),
					 PP_FEED_BAD);
			free(cut);
			conv_free(&c);
		}
	pp_buf_free(&c0.out);
	pp_buf_free(&c1.out);
	pp_buf_free(&c2.out);
}

static void test_wrong_txid(void **state)
{
	(void)state;
	struct conv c = {0};
	assert_int_equal(pp_proto_epm_under_test.start(&c.s, ST_TXID + 5, PP_TR_TCP, "dc", &c.out), 0);
	assert_int_equal(feed(&c, samba_bind_ack, sizeof samba_bind_ack), PP_FEED_BAD);
	assert_non_null(strstr(c.r.detail, "reply to another request"));
	conv_free(&c);

	/* A lookup response to the bind's call_id, or to a later one. */
	bound(&c);
	struct bytes st = {0}, rsp = {0};
	stub(&st, nil_handle, NULL, 0, EPT_S_NOT_REGISTERED);
	response(&rsp, TXID, &st, 5000);
	struct epm_state saved = c.s;
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_BAD);
	assert_non_null(strstr(c.r.detail, "reply to another request"));
	c.s = saved;
	rsp.n = 0;
	response(&rsp, TXID + 2, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_BAD);
	c.s = saved;
	rsp.n = 0;
	response(&rsp, TXID + 1, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_DONE);
	assert_string_equal(c.r.detail, "0 endpoints, 0 on TCP ports");
	bytes_free(&st);
	bytes_free(&rsp);
	conv_free(&c);
}

static uint32_t rnd_state = 12345;
static uint8_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (uint8_t)(rnd_state >> 16);
}

/* Random bytes in each state: refused (or awaited while under a header),
 * never understood; random stubs behind a valid header: refused. */
static void test_garbage(void **state)
{
	(void)state;
	struct conv bound_c;
	bound(&bound_c);
	struct epm_state fresh = {0};
	struct pp_buf tmp = {0};
	assert_int_equal(pp_proto_epm_under_test.start(&fresh, TXID, PP_TR_TCP, "dc", &tmp), 0);
	pp_buf_free(&tmp);
	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(rnd() | rnd() << 8) % 7000;
		uint8_t *g = malloc(len ? len : 1);
		assert_non_null(g);
		for (size_t i = 0; i < len; i++)
			g[i] = rnd();
		for (int which = 0; which < 2; which++) {
			struct conv c = {.s = which ? bound_c.s : fresh};
			enum pp_feed f = feed(&c, g, len);
			assert_true(f == PP_FEED_BAD || (f == PP_FEED_MORE && len < 16 && (len == 0 || g[0] == 5)));
			assert_int_equal(c.r.n_entries, 0);
			conv_free(&c);
		}
		/* The same bytes as the stub of a well-formed response. */
		struct bytes st = {.p = g, .n = len, .cap = len}, rsp = {0};
		response(&rsp, TXID + 1, &st, 5000);
		struct conv c = {.s = bound_c.s};
		enum pp_feed f = feed(&c, rsp.p, rsp.n);
		assert_int_equal(f, PP_FEED_BAD);
		conv_free(&c);
		bytes_free(&rsp);
		free(g);
	}
	conv_free(&bound_c);
}

/* Samba may give EPT_S_NOT_REGISTERED with the last batch: keep it. */
static void test_status_with_last_batch(void **state)
{
	(void)state;
	struct conv c;
	bound(&c);
	struct bytes t1 = {0}, t2 = {0}, st = {0}, rsp = {0};
	tcp_tower(&t1, 49152);
	tcp_tower(&t2, 49153);
	struct sent e[] = {{1, "netlogon", &t1}, {2, "drsuapi", &t2}, {3, "lsarpc", &t2}};
	stub(&st, some_handle, e, 3, EPT_S_NOT_REGISTERED);
	response(&rsp, TXID + 1, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_DONE);
	assert_int_equal(c.r.n_entries, 3);
	assert_string_equal(c.r.detail, "3 endpoints, 3 on TCP ports: 49152, 49153");
	assert_string_equal(c.r.entries[0].annotation, "netlogon");
	assert_string_equal(c.r.entries[0].uuid, "e3514235-4b06-11d1-ab04-00c04fc2dcd2");
	assert_int_equal(c.r.entries[0].vers_major, 4);
	assert_string_equal(c.r.entries[0].protseq, "ncacn_ip_tcp");
	assert_string_equal(c.r.entries[0].endpoint, "49152");
	assert_int_equal(c.r.entries[1].port, 49153);
	assert_string_equal(c.r.entries[2].address, "10.0.0.1");
	bytes_free(&t1);
	bytes_free(&t2);
	bytes_free(&st);
	bytes_free(&rsp);
	conv_free(&c);
}

/* Rounds: go on with the handle while status is 0 and the handle is not
 * nil; a nil handle ends the list too. */
static void test_rounds(void **state)
{
	(void)state;
	struct conv c;
	bound(&c);
	struct bytes tw = {0}, st = {0}, rsp = {0};
	tcp_tower(&tw, 50000);
	struct sent e[] = {{7, "a", &tw}, {8, "b", &tw}};
	stub(&st, some_handle, e, 2, 0);
	response(&rsp, TXID + 1, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_NEXT);
	assert_memory_equal(c.out.data + 40, some_handle, 20);
	st.n = rsp.n = 0;
	stub(&st, nil_handle, e, 1, 0);
	response(&rsp, TXID + 2, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_DONE);
	assert_int_equal(c.r.n_entries, 3);
	assert_string_equal(c.r.detail, "3 endpoints, 3 on TCP ports: 50000");
	conv_free(&c);

	/* A server that never ends: stopped after 32 lookups. */
	bound(&c);
	for (unsigned round = 1;; round++) {
		st.n = rsp.n = 0;
		stub(&st, some_handle, e, 1, 0);
		response(&rsp, TXID + round, &st, 5000);
		enum pp_feed f = feed(&c, rsp.p, rsp.n);
		if (round < EPM_MAX_ROUNDS) {
			assert_int_equal(f, PP_FEED_NEXT);
			continue;
		}
		assert_int_equal(f, PP_FEED_DONE);
		break;
	}
	assert_int_equal(c.r.n_entries, EPM_MAX_ROUNDS);
	assert_string_equal(c.r.detail, "32 endpoints, 32 on TCP ports: 50000 (stopped after 32 lookups)");
	conv_free(&c);

	/* 500 entries a round: cut at the reply's 4,096. */
	bound(&c);
	struct sent *many = calloc(500, sizeof *many);
	assert_non_null(many);
	for (int i = 0; i < 500; i++)
		many[i] = (struct sent){(uint32_t)i + 1, "x", &tw};
	enum pp_feed f = PP_FEED_NEXT;
	unsigned round;
	for (round = 1; f == PP_FEED_NEXT; round++) {
		st.n = rsp.n = 0;
		stub(&st, some_handle, many, 500, 0);
		response(&rsp, TXID + round, &st, 5816);
		f = feed(&c, rsp.p, rsp.n);
	}
	assert_int_equal(f, PP_FEED_DONE);
	assert_int_equal(round - 1, 9);
	assert_int_equal(c.r.n_entries, 4096);
	assert_string_equal(c.r.detail, "4096 endpoints, 4096 on TCP ports: 50000 (list cut at 4,096 entries)");
	free(many);
	conv_free(&c);
	bytes_free(&tw);
	bytes_free(&st);
	bytes_free(&rsp);
}

/* The same response split into fragments at every size: the same list. */
static void test_fragments(void **state)
{
	(void)state;
	struct bytes t1 = {0}, t2 = {0}, st = {0}, rsp = {0};
	tcp_tower(&t1, 49152);
	tower(&t2, 0x0b, 2, 0x0f, (const uint8_t *)"\\pipe\\lsass", (size_t)12, 0x11, (const uint8_t *)"DC1",
	      (size_t)4);
	struct sent e[] = {{1, "one", &t1}, {0, "no tower", NULL}, {2, "two", &t2}, {1, "alias", &t1}};
	stub(&st, nil_handle, e, 4, EPT_S_NOT_REGISTERED);
	for (size_t chunk = 1; chunk <= st.n; chunk++) {
		struct conv c;
		bound(&c);
		rsp.n = 0;
		response(&rsp, TXID + 1, &st, chunk);
		assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_DONE);
		assert_int_equal(c.r.n_entries, 4);
		assert_string_equal(c.r.entries[0].endpoint, "49152");
		assert_string_equal(c.r.entries[1].annotation, "no tower");
		assert_string_equal(c.r.entries[1].protseq, "");
		assert_string_equal(c.r.entries[1].uuid, "");
		assert_string_equal(c.r.entries[2].protseq, "ncacn_np");
		assert_string_equal(c.r.entries[2].endpoint, "\\pipe\\lsass");
		assert_string_equal(c.r.entries[2].address, "DC1");
		assert_string_equal(c.r.entries[3].annotation, "alias");
		assert_string_equal(c.r.entries[3].endpoint, "49152");
		assert_string_equal(c.r.detail, "4 endpoints, 2 on TCP ports: 49152");
		/* one byte short: awaited */
		struct conv d;
		bound(&d);
		assert_int_equal(feed(&d, rsp.p, rsp.n - 1), PP_FEED_MORE);
		conv_free(&d);
		conv_free(&c);
	}
	bytes_free(&t1);
	bytes_free(&t2);
	bytes_free(&st);
	bytes_free(&rsp);
}

/* Every kind of floor, and untrusted text made printable. */
static void test_floors(void **state)
{
	(void)state;
	struct bytes t[7] = {{0}}, st = {0}, rsp = {0};
	tower(&t[0], 0x0a, 2, 0x08, (const uint8_t[]){0x04, 0x01}, (size_t)2, 0x09, (const uint8_t[]){192, 0, 2, 7},
	      (size_t)4);
	tower(&t[1], 0x0b, 2, 0x1f, (const uint8_t[]){0x02, 0x51}, (size_t)2, 0x09, (const uint8_t[]){0, 0, 0, 0},
	      (size_t)4);
	tower(&t[2], 0x0c, 1, 0x10, (const uint8_t *)"LRPC-\x01\xff", (size_t)8);
	tower(&t[3], 0x0b, 1, 0x11, (const uint8_t *)"NBHOST", (size_t)6); /* no NUL */
	tower(&t[4], 0x0b, 1, 0x42, (const uint8_t[]){1}, (size_t)1);
	tower(&t[5], 0x0b, 0);
	tower(&t[6], 0x0a, 1, 0x20, (const uint8_t *)"/run/x.sock", (size_t)12);
	struct sent e[] = {
		{1, "udp", &t[0]}, {2, "http", &t[1]}, {3, "lrpc", &t[2]},          {4, "nb", &t[3]},
		{5, "odd", &t[4]}, {6, "bare", &t[5]}, {7, "unix\x1b[31m", &t[6]},
	};
	stub(&st, nil_handle, e, 7, 0);
	response(&rsp, TXID + 1, &st, 5000);
	struct conv c;
	bound(&c);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_DONE);
	assert_int_equal(c.r.n_entries, 7);
	const struct pp_epm_entry *x = c.r.entries;
	assert_string_equal(x[0].protseq, "ncadg_ip_udp");
	assert_int_equal(x[0].port, 1025);
	assert_string_equal(x[0].address, "192.0.2.7");
	assert_string_equal(x[1].protseq, "ncacn_http");
	assert_int_equal(x[1].port, 593);
	assert_string_equal(x[2].protseq, "ncalrpc");
	assert_string_equal(x[2].endpoint, "LRPC-??");
	assert_string_equal(x[3].protseq, "ncacn_nb");
	assert_string_equal(x[3].endpoint, "NBHOST");
	assert_string_equal(x[4].protseq, "protocol_0x42");
	assert_string_equal(x[5].protseq, "ncacn");
	assert_string_equal(x[5].uuid, "e3514235-4b06-11d1-ab04-00c04fc2dcd2");
	assert_string_equal(x[6].protseq, "ncadg_unix_dgram");
	assert_string_equal(x[6].endpoint, "/run/x.sock");
	assert_string_equal(x[6].annotation, "unix?[31m");
	assert_string_equal(c.r.detail, "7 endpoints, 0 on TCP ports");
	conv_free(&c);
	for (int i = 0; i < 7; i++)
		bytes_free(&t[i]);
	bytes_free(&st);
	bytes_free(&rsp);
}

/* Many distinct ports: the summary stays one line within the detail. */
static void test_summary_cut(void **state)
{
	(void)state;
	struct bytes t[300] = {{0}}, st = {0}, rsp = {0};
	struct sent e[300];
	for (int i = 0; i < 300; i++) {
		tcp_tower(&t[i], (uint16_t)(50000 + i));
		e[i] = (struct sent){(uint32_t)i + 1, "p", &t[i]};
	}
	stub(&st, nil_handle, e, 300, EPT_S_NOT_REGISTERED);
	response(&rsp, TXID + 1, &st, 5816);
	struct conv c;
	bound(&c);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_DONE);
	assert_int_equal(c.r.n_entries, 300);
	assert_memory_equal(c.r.detail, "300 endpoints, 300 on TCP ports: 50000, 50001, ", 47);
	assert_non_null(strstr(c.r.detail, ", ..."));
	assert_null(strchr(c.r.detail, '\n'));
	assert_true(strlen(c.r.detail) < sizeof c.r.detail);
	conv_free(&c);
	for (int i = 0; i < 300; i++)
		bytes_free(&t[i]);
	bytes_free(&st);
	bytes_free(&rsp);
}

static void put_header(struct bytes *b, uint8_t ptype, uint16_t frag_len, uint32_t call_id)
{
	put(b, (const uint8_t[]){5, 0, ptype, 3, 0x10, 0, 0, 0}, 8);
	put16(b, frag_len);
	put16(b, 0);
	put32(b, call_id);
}

/* Faults, naks and rejected contexts. */
static void test_faults(void **state)
{
	(void)state;
	struct conv c = {0};
	struct bytes b = {0};

	/* bind_nak */
	assert_int_equal(pp_proto_epm_under_test.start(&c.s, TXID, PP_TR_TCP, "dc", &c.out), 0);
	put_header(&b, PT_BIND_NAK, 18, TXID);
	put16(&b, 4);
	assert_int_equal(feed(&c, b.p, b.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm bind rejected: protocol version not supported (4)");
	conv_free(&c);

	/* a fault to the bind */
	memset(&c, 0, sizeof c);
	assert_int_equal(pp_proto_epm_under_test.start(&c.s, TXID, PP_TR_TCP, "dc", &c.out), 0);
	b.n = 0;
	put_header(&b, PT_FAULT, 32, TXID);
	put32(&b, 0);
	put32(&b, 0);
	put32(&b, 0x1c010003);
	put32(&b, 0);
	assert_int_equal(feed(&c, b.p, b.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm bind fault 0x1c010003 (unknown interface)");
	conv_free(&c);

	/* bind_acks: only NDR64 accepted, both rejected, no result, NDR64 accepted too */
	static const struct {
		size_t off;
		uint8_t val;
		enum pp_feed want;
		const char *detail;
	} acks[] = {
		{36, 2, PP_FEED_BAD, "epm bind: context rejected (result 2, reason 0)"},
		{32, 0, PP_FEED_BAD, "epm bind_ack: 0 results for 2 contexts"},
		{32, 3, PP_FEED_BAD, "epm bind_ack: 3 results for 2 contexts"},
		{24, 200, PP_FEED_BAD, "epm bind_ack: secondary address runs past the fragment"},
		{40, 5, PP_FEED_BAD, "epm bind_ack: accepted a transfer syntax other than NDR v2"},
		{3, 1, PP_FEED_BAD, "epm bind: fragmented bind reply (flags 0x01)"},
		{10, 8, PP_FEED_BAD, "epm bind: unasked-for authentication trailer of 8 bytes"},
		{2, 2, PP_FEED_BAD, "epm bind: unexpected DCE/RPC packet type 2"},
		{1, 2, PP_FEED_BAD, "epm bind: not DCE/RPC: version 5.2"},
		{0, 4, PP_FEED_BAD, "epm bind: not DCE/RPC: version 4"},
		{60, 0, PP_FEED_NEXT, ""},
	};
	for (size_t i = 0; i < sizeof acks / sizeof *acks; i++) {
		memset(&c, 0, sizeof c);
		assert_int_equal(pp_proto_epm_under_test.start(&c.s, ST_TXID, PP_TR_TCP, "dc", &c.out), 0);
		uint8_t ack[sizeof samba_bind_ack];
		memcpy(ack, samba_bind_ack, sizeof ack);
		ack[acks[i].off] = acks[i].val;
		assert_int_equal(feed(&c, ack, sizeof ack), acks[i].want);
		assert_string_equal(c.r.detail, acks[i].detail);
		if (acks[i].want == PP_FEED_NEXT)
			assert_true(c.s.ndr64_accepted);
		conv_free(&c);
	}
	{
		memset(&c, 0, sizeof c);
		assert_int_equal(pp_proto_epm_under_test.start(&c.s, ST_TXID, PP_TR_TCP, "dc", &c.out), 0);
		uint8_t ack[sizeof samba_bind_ack];
		memcpy(ack, samba_bind_ack, sizeof ack);
		ack[36] = 2;
		ack[60] = 0;
		assert_int_equal(feed(&c, ack, sizeof ack), PP_FEED_BAD);
		assert_non_null(strstr(c.r.detail, "only NDR64"));
		conv_free(&c);
	}

	/* a fault to the first lookup: bad; to a later one: the list so far */
	bound(&c);
	b.n = 0;
	put_header(&b, PT_FAULT, 32, TXID + 1);
	put32(&b, 0);
	put32(&b, 0);
	put32(&b, 0x1c010002);
	put32(&b, 0);
	assert_int_equal(feed(&c, b.p, b.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm: ept_lookup fault 0x1c010002 (operation number out of range)");
	conv_free(&c);

	bound(&c);
	struct bytes tw = {0}, st = {0}, rsp = {0};
	tcp_tower(&tw, 49155);
	struct sent e[] = {{1, "x", &tw}};
	stub(&st, some_handle, e, 1, 0);
	response(&rsp, TXID + 1, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_NEXT);
	b.n = 0;
	put_header(&b, PT_FAULT, 32, TXID + 2);
	put32(&b, 0);
	put32(&b, 0);
	put32(&b, 0x000006f7);
	put32(&b, 0);
	assert_int_equal(feed(&c, b.p, b.n), PP_FEED_DONE);
	assert_string_equal(c.r.detail,
			    "1 endpoint, 1 on TCP ports: 49155 (then ept_lookup fault 0x000006f7 (bad stub data))");
	conv_free(&c);

	/* an error status with no entry: bad */
	bound(&c);
	st.n = rsp.n = 0;
	stub(&st, nil_handle, NULL, 0, 5);
	response(&rsp, TXID + 1, &st, 5000);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm: ept_lookup status 0x00000005 (access denied)");
	conv_free(&c);
	bytes_free(&tw);
	bytes_free(&st);
	bytes_free(&rsp);
	bytes_free(&b);
}

/* Hostile counts and lengths in the captured response, each refused with
 * the reason named. */
static void test_hostile(void **state)
{
	(void)state;
	static const struct {
		size_t off, width;
		uint32_t val;
		const char *reason;
	} cases[] = {
		{12, 4, ST_TXID + 7, "reply to another request"},
		{44, 4, 54, "num_ents and the entries array disagree"},
		{48, 4, 52, "entries array bounds inconsistent"},
		{52, 4, 1000, "entries array bounds inconsistent"},
		{84, 4, 65, "annotation longer than 64 bytes"},
		{80, 4, 60, "annotation longer than 64 bytes"},
		{2028, 4, 87, "tower length and its array size disagree"},
		{2036, 2, 261, "tower floors malformed or past the tower"},
		{2036 + 2 + 25 + 25 + 7 + 3, 2, 200, "tower floors malformed or past the tower"},
		{2036 + 2, 2, 0, "tower floors malformed or past the tower"},
		{2, 1, 0x0c, "unexpected DCE/RPC packet type 12"},
		{8, 2, 23, "response fragment of 23 bytes"},
		{8, 2, 15, "fragment length 15 outside 16..5840"},
		{10, 2, 16, "unasked-for authentication trailer"},
		{20, 2, 1, "response on context 1"},
		{3, 1, 0x02, "fragment 0 lacks the first-fragment flag"},
		{5832 + 3, 1, 0x03, "fragment 1 carries the first-fragment flag"},
		{5832 + 4, 1, 0x00, "big-endian data representation"},
		{5832 + 8, 2, 5841, "fragment length 5841 outside 16..5840"},
	};
	struct conv c1;
	memset(&c1, 0, sizeof c1);
	assert_int_equal(pp_proto_epm_under_test.start(&c1.s, ST_TXID, PP_TR_TCP, "dc", &c1.out), 0);
	assert_int_equal(feed(&c1, samba_bind_ack, sizeof samba_bind_ack), PP_FEED_NEXT);
	uint8_t *copy = malloc(sizeof samba_lookup1);
	assert_non_null(copy);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		memcpy(copy, samba_lookup1, sizeof samba_lookup1);
		for (size_t b = 0; b < cases[i].width; b++)
			copy[cases[i].off + b] = (uint8_t)(cases[i].val >> (8 * b));
		struct conv c = {.s = c1.s};
		assert_int_equal(feed(&c, copy, sizeof samba_lookup1), PP_FEED_BAD);
		if (!strstr(c.r.detail, cases[i].reason))
			fail_msg("case %zu: '%s' does not say '%s'", i, c.r.detail, cases[i].reason);
		conv_free(&c);
	}

	/* More than the 500 entries asked for, consistently counted. */
	struct bytes st = {0}, rsp = {0};
	put(&st, nil_handle, 20);
	put32(&st, 501);
	put32(&st, 501);
	put32(&st, 0);
	put32(&st, 501);
	put32(&st, 0);
	response(&rsp, TXID + 1, &st, 5000);
	struct conv c;
	bound(&c);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm lookup: more entries than the 500 asked for");
	conv_free(&c);

	/* A claimed count far past the bytes there are. */
	st.n = rsp.n = 0;
	put(&st, nil_handle, 20);
	put32(&st, 400);
	put32(&st, 400);
	put32(&st, 0);
	put32(&st, 399);
	put32(&st, 0);
	response(&rsp, TXID + 1, &st, 5000);
	bound(&c);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm lookup: num_ents and the entries array disagree");
	conv_free(&c);
	st.n = rsp.n = 0;
	put(&st, nil_handle, 20);
	put32(&st, 400);
	put32(&st, 400);
	put32(&st, 0);
	put32(&st, 400);
	response(&rsp, TXID + 1, &st, 5000);
	bound(&c);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm lookup: entries run past the response");
	conv_free(&c);

	/* A tower claiming more bytes than there are. */
	memcpy(copy, samba_lookup1, sizeof samba_lookup1);
	put_u32le(copy + 2028, 86 + 5000);
	put_u32le(copy + 2032, 86 + 5000);
	c = (struct conv){.s = c1.s};
	assert_int_equal(feed(&c, copy, sizeof samba_lookup1), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm lookup: tower runs past the response");
	conv_free(&c);

	/* A response stub over 1 MiB, in well-formed fragments. */
	st.n = rsp.n = 0;
	uint8_t *zero = calloc(1, EPM_MAX_STUB + 1);
	assert_non_null(zero);
	put(&st, zero, EPM_MAX_STUB + 1);
	free(zero);
	response(&rsp, TXID + 1, &st, 5816);
	bound(&c);
	assert_int_equal(feed(&c, rsp.p, rsp.n), PP_FEED_BAD);
	assert_string_equal(c.r.detail, "epm lookup: response over 1048576 bytes");
	conv_free(&c);
	free(copy);
	bytes_free(&st);
	bytes_free(&rsp);
	conv_free(&c1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),
		cmocka_unit_test(test_request_bytes),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_wrong_txid),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_status_with_last_batch),
		cmocka_unit_test(test_rounds),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_floors),
		cmocka_unit_test(test_summary_cut),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
