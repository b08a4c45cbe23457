/*
 * Helpers shared by the protocol tests (tests/probe/test_*.c): a protocol's
 * selftest and registration, its request bytes, starting and feeding it,
 * every cut of a captured reply, and deterministic random garbage and
 * mutated captures. Include before the module's source: the helpers assert
 * with cmocka.
 */
#ifndef PORTPLAN_TESTS_PROBE_PROBE_TEST_H
#define PORTPLAN_TESTS_PROBE_PROBE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "portplan/probe.h"

/* ---------- the protocol table ---------- */

/* p passes its selftest and is found by name and for port over tr. */
static inline void pt_selftest(const struct pp_proto *p, const char *name, uint16_t port,
			       unsigned tr)
{
	assert_int_equal(p->selftest(), 0);
	assert_ptr_equal(pp_proto_find(name), p);
	assert_ptr_equal(pp_proto_for_port(port, tr), p);
}

/* ---------- starting and feeding ---------- */

/* start() on st succeeds and writes exactly want[0..n) to the empty out. */
static inline void pt_request(const struct pp_proto *p, void *st, uint32_t txid, unsigned tr,
			      const char *host, struct pp_buf *out, const void *want, size_t n)
{
	assert_int_equal(p->start(st, txid, tr, host, out), 0);
	assert_int_equal(out->len, n);
	assert_memory_equal(out->data, want, n);
}

/* The same over TCP, where the request is want[0..n) after frame[0..fn). */
static inline void pt_request_framed(const struct pp_proto *p, void *st, uint32_t txid,
				     const char *host, struct pp_buf *out, const void *frame, size_t fn,
				     const void *want, size_t n)
{
	assert_int_equal(p->start(st, txid, PP_TR_TCP, host, out), 0);
	assert_int_equal(out->len, fn + n);
	assert_memory_equal(out->data, frame, fn);
	assert_memory_equal(out->data + fn, want, n);
}

/* start() on st succeeds; the request it writes is dropped. */
static inline void pt_start(const struct pp_proto *p, void *st, uint32_t txid, unsigned tr,
			    const char *host)
{
	struct pp_buf out = {0};
	assert_int_equal(p->start(st, txid, tr, host, &out), 0);
	pp_buf_free(&out);
}

/* Feed st in[0..len) over tr, which must write nothing to send. */
static inline enum pp_feed pt_feed(const struct pp_proto *p, void *st, const void *in, size_t len,
				   unsigned tr, struct pp_probe_reply *r)
{
	struct pp_buf out = {0};
	enum pp_feed f = p->feed(st, in, len, tr, &out, r);
	assert_int_equal(out.len, 0);
	pp_buf_free(&out);
	return f;
}

/* pt_start a fresh state with txid for host, then pt_feed it in[0..len). */
static inline enum pp_feed pt_run(const struct pp_proto *p, uint32_t txid, unsigned tr,
				  const char *host, const void *in, size_t len,
				  struct pp_probe_reply *r)
{
	void *st = calloc(1, p->state_size);
	assert_non_null(st);
	pt_start(p, st, txid, tr, host);
	enum pp_feed f = pt_feed(p, st, in, len, tr, r);
	free(st);
	return f;
}

/* One probe of a fresh state: r cleared, start with txid for host, feed
 * in[0..len); whatever happened, the detail is one printable line. */
static inline enum pp_feed pt_probe(const struct pp_proto *p, uint32_t txid, unsigned tr,
				    const char *host, const void *in, size_t len,
				    struct pp_probe_reply *r)
{
	void *st = calloc(1, p->state_size);
	struct pp_buf out = {0};
	assert_non_null(st);
	memset(r, 0, sizeof *r);
	assert_int_equal(p->start(st, txid, tr, host, &out), 0);
	enum pp_feed f = p->feed(st, in, len, tr, &out, r);
	for (const char *c = r->detail; *c; c++)
		assert_true(*c >= 0x20 && *c < 0x7f);
	pp_buf_free(&out);
	free(st);
	return f;
}

/* ---------- cut replies ---------- */

/* An exact-size heap copy of bytes[0..n) (1 byte for n = 0), so ASan and
 * valgrind see any read past n. Caller frees. */
static inline uint8_t *pt_cut(const void *bytes, size_t n)
{
	uint8_t *cut = malloc(n ? n : 1);
	assert_non_null(cut);
	memcpy(cut, bytes, n);
	return cut;
}

/* Every cut of a datagram, a pt_cut copy fed to st over UDP: BAD. */
static inline void pt_prefixes_bad(const struct pp_proto *p, void *st, const void *bytes, size_t n,
				   struct pp_probe_reply *r)
{
	for (size_t k = 0; k < n; k++) {
		uint8_t *cut = pt_cut(bytes, k);
		assert_int_equal(pt_feed(p, st, cut, k, PP_TR_UDP, r), PP_FEED_BAD);
		free(cut);
	}
}

/* Every cut of a reply, a pt_cut copy, through pt_probe over each transport
 * in trs: over UDP BAD (saying udp_says unless NULL), over TCP MORE. */
static inline void pt_probe_prefixes(const struct pp_proto *p, uint32_t txid, const char *host,
				     unsigned trs, const void *bytes, size_t n, const char *udp_says)
{
	struct pp_probe_reply r;
	for (size_t k = 0; k < n; k++) {
		uint8_t *cut = pt_cut(bytes, k);
		if (trs & PP_TR_UDP) {
			assert_int_equal(pt_probe(p, txid, PP_TR_UDP, host, cut, k, &r), PP_FEED_BAD);
			if (udp_says)
				assert_non_null(strstr(r.detail, udp_says));
		}
		if (trs & PP_TR_TCP)
			assert_int_equal(pt_probe(p, txid, PP_TR_TCP, host, cut, k, &r), PP_FEED_MORE);
		free(cut);
	}
}

/* ---------- garbage ---------- */

/* Marsaglia's xorshift32: the next number from the state *x. */
static inline uint32_t pt_xorshift32(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* b[0..n) set to random bytes from *x. */
static inline void pt_random_bytes(uint32_t *x, uint8_t *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		b[k] = (uint8_t)pt_xorshift32(x);
}

/* A random length below max in *n, then an exact-size heap buffer (1 byte
 * for 0) of that many random bytes. Caller frees. */
static inline uint8_t *pt_random_alloc(uint32_t *x, size_t max, size_t *n)
{
	*n = pt_xorshift32(x) % max;
	uint8_t *b = malloc(*n ? *n : 1);
	assert_non_null(b);
	pt_random_bytes(x, b, *n);
	return b;
}

/* b = capture[0..n) with times bytes changed, each drawing its value, then its place. */
static inline void pt_mutate(uint32_t *x, uint8_t *b, const void *capture, size_t n, int times)
{
	memcpy(b, capture, n);
	for (int k = 0; k < times; k++) {
		uint8_t v = (uint8_t)pt_xorshift32(x);
		b[pt_xorshift32(x) % n] = v;
	}
}

#endif
