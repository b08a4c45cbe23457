/*
 * STUN (3478/udp, also 3478/tcp): a Binding Request (RFC 5389 §6, §7.1)
 * and its answer: the address the server saw us come from (XOR-MAPPED-
 * ADDRESS, or MAPPED-ADDRESS from an RFC 3489 server), its SOFTWARE, or
 * the ERROR-CODE of a Binding Error Response. Lync/Skype edge servers and
 * every TURN server (coturn, MS-TURN) answer it without credentials.
 *
 * The reply is matched by its 128 bits of magic cookie and transaction ID,
 * which the server copies: an RFC 3489 server treats the cookie as part of
 * its (then 128-bit) transaction ID and copies it too.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "portplan/probe.h"

#define STUN_HEADER 20
#define STUN_COOKIE 0x2112a442u
#define STUN_MAX_ATTRS 64 /* attributes read at most */

/* Attribute types (RFC 5389 §18.2, RFC 3489 §11.2, RFC 5780 §7). */
#define STUN_A_MAPPED 0x0001       /* MAPPED-ADDRESS */
#define STUN_A_CHANGED 0x0005      /* CHANGED-ADDRESS (RFC 3489) */
#define STUN_A_ERROR 0x0009        /* ERROR-CODE */
#define STUN_A_XOR_MAPPED 0x0020   /* XOR-MAPPED-ADDRESS */
#define STUN_A_XOR_MAPPED_OLD 0x8020 /* the same, numbered as in the RFC 3489bis drafts */
#define STUN_A_SOFTWARE 0x8022     /* SOFTWARE (SERVER in RFC 3489bis) */
#define STUN_A_OTHER 0x802c        /* OTHER-ADDRESS (RFC 5780) */

struct stun_state {
	uint8_t tid[16]; /* magic cookie and transaction ID, as sent */
};

/*
 * The request, 20 bytes, a header and no attribute (RFC 5389 §6):
 *
 *   00  00 01        message type: Binding (method 0x001), class request
 *   02  00 00        message length: no attributes follow
 *   04  21 12 a4 42  magic cookie: marks an RFC 5389 client
 *   08  TT TT TT TT  transaction ID, 96 bits: the probe's txid (big-endian),
 *   12  70 6f 72 74    then "portplan", so a capture shows who asked
 *   16  70 6c 61 6e
 */
static int stun_start(void *state, uint32_t txid, unsigned transport, const char *host,
		      struct pp_buf *out)
{
	(void)transport;
	(void)host;
	struct stun_state *st = state;
	static const uint8_t head[8] = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
	uint8_t req[STUN_HEADER];
	memcpy(req, head, sizeof head);
	req[8] = (uint8_t)(txid >> 24);
	req[9] = (uint8_t)(txid >> 16);
	req[10] = (uint8_t)(txid >> 8);
	req[11] = (uint8_t)txid;
	memcpy(req + 12, "portplan", 8);
	memcpy(st->tid, req + 4, 16);
	pp_buf_put(out, (const char *)req, sizeof req);
	return out->failed ? -1 : 0;
}

/* Decode an address attribute (RFC 5389 §15.1, §15.2) into "a.b.c.d:port"
 * or "[v6]:port": 1 byte reserved, 1 byte family (1 IPv4, 2 IPv6), 2 bytes
 * port, then the address. XOR'ed: port with the cookie's top 16 bits,
 * address with the cookie (and, for IPv6, the transaction ID). */
static bool stun_addr(const uint8_t *v, size_t n, bool xor, const uint8_t *tid, char *dst, size_t cap)
{
	uint8_t a[16];
	size_t alen;
	if (n == 8 && v[1] == 0x01)
		alen = 4;
	else if (n == 20 && v[1] == 0x02)
		alen = 16;
	else
		return false;
	uint16_t port = (uint16_t)(v[2] << 8 | v[3]);
	memcpy(a, v + 4, alen);
	if (xor) {
		port ^= (uint16_t)(STUN_COOKIE >> 16);
		static const uint8_t cookie[4] = {0x21, 0x12, 0xa4, 0x42};
		for (size_t i = 0; i < alen; i++)
			a[i] ^= i < 4 ? cookie[i] : tid[i];
	}
	char s[INET6_ADDRSTRLEN];
	if (!inet_ntop(alen == 4 ? AF_INET : AF_INET6, a, s, sizeof s))
		return false;
	snprintf(dst, cap, alen == 4 ? "%s:%u" : "[%s]:%u", s, (unsigned)port);
	return true;
}

/* Text attributes: an RFC 3489 server pads them with NULs inside the
 * length; those are not part of the text. */
static size_t stun_text_len(const uint8_t *v, size_t n)
{
	while (n > 0 && v[n - 1] == 0)
		n--;
	return n;
}

static enum pp_feed stun_bad(struct pp_probe_reply *reply, const char *why)
{
	snprintf(reply->detail, sizeof reply->detail, "%s", why);
	return PP_FEED_BAD;
}

static enum pp_feed stun_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			      struct pp_buf *out, struct pp_probe_reply *reply)
{
	(void)out;
	const struct stun_state *st = state;
	char why[160];
	uint16_t type, mlen;
	if (len < STUN_HEADER) {
		if (transport == PP_TR_TCP)
			return PP_FEED_MORE;
		snprintf(why, sizeof why, "truncated STUN message (%zu of %d header bytes)", len, STUN_HEADER);
		return stun_bad(reply, why);
	}
	pp_rd_u16be(in, len, 0, &type);
	pp_rd_u16be(in, len, 2, &mlen);
	/* The first two bits of every STUN message are zero (§6). */
	if (type & 0xc000)
		return stun_bad(reply, "not STUN (message type has its top bits set)");
	if (memcmp(in + 4, st->tid, 4) != 0) {
		uint32_t cookie;
		pp_rd_u32be(in, len, 4, &cookie);
		snprintf(why, sizeof why, "not a STUN reply to us (magic cookie 0x%08x)", (unsigned)cookie);
		return stun_bad(reply, why);
	}
	if (memcmp(in + 8, st->tid + 4, 12) != 0)
		return stun_bad(reply, "reply to another request (STUN transaction ID differs)");
	if (mlen % 4) {
		snprintf(why, sizeof why, "STUN message length %u is not a multiple of 4", (unsigned)mlen);
		return stun_bad(reply, why);
	}
	if (len - STUN_HEADER < mlen) {
		if (transport == PP_TR_TCP)
			return PP_FEED_MORE;
		snprintf(why, sizeof why, "truncated STUN message (%zu of %u attribute bytes)",
			 len - STUN_HEADER, (unsigned)mlen);
		return stun_bad(reply, why);
	}
	/* Binding Success Response 0x0101, Binding Error Response 0x0111. */
	if (type != 0x0101 && type != 0x0111) {
		snprintf(why, sizeof why, "STUN message type 0x%04x is not a Binding response",
			 (unsigned)type);
		return stun_bad(reply, why);
	}

	/* Attributes: type, length, value, padded to 4 bytes (§15). Each
	 * length is checked against what is left of the message. */
	char xmapped[64] = "", mapped[64] = "", other[64] = "", software[100] = "", reason[100] = "";
	unsigned code = 0;
	size_t end = STUN_HEADER + (size_t)mlen, off = STUN_HEADER;
	for (unsigned n = 0; off < end; n++) {
		uint16_t at, alen;
		if (n >= STUN_MAX_ATTRS) {
			snprintf(why, sizeof why, "more than %d STUN attributes", STUN_MAX_ATTRS);
			return stun_bad(reply, why);
		}
		if (end - off < 4 || !pp_rd_u16be(in, end, off, &at) || !pp_rd_u16be(in, end, off + 2, &alen))
			return stun_bad(reply, "STUN attribute header cut by the message end");
		if (alen > end - off - 4) {
			snprintf(why, sizeof why, "STUN attribute 0x%04x (%u bytes) runs past the message end",
				 (unsigned)at, (unsigned)alen);
			return stun_bad(reply, why);
		}
		const uint8_t *v = in + off + 4;
		char *addr = NULL;
		bool xor = false;
		switch (at) {
		case STUN_A_XOR_MAPPED:
		case STUN_A_XOR_MAPPED_OLD:
			addr = xmapped, xor = true;
			break;
		case STUN_A_MAPPED:
			addr = mapped;
			break;
		case STUN_A_OTHER:
		case STUN_A_CHANGED:
			addr = other;
			break;
		case STUN_A_SOFTWARE:
			pp_printable(software, sizeof software, v, stun_text_len(v, alen));
			break;
		case STUN_A_ERROR:
			/* 21 bits reserved, 3 bits class (3..6), 8 bits number
			 * (0..99), then the reason phrase (§15.6). */
			if (alen < 4 || (v[2] & 7) < 3 || (v[2] & 7) > 6 || v[3] > 99)
				return stun_bad(reply, "bad STUN ERROR-CODE attribute");
			code = (unsigned)(v[2] & 7) * 100 + v[3];
			pp_printable(reason, sizeof reason, v + 4, stun_text_len(v + 4, alen - 4u));
			break;
		default:
			break; /* MESSAGE-INTEGRITY, FINGERPRINT, vendors' own */
		}
		if (addr && !addr[0] && !stun_addr(v, alen, xor, st->tid, addr, sizeof xmapped)) {
			snprintf(why, sizeof why, "bad STUN address attribute 0x%04x (%u bytes)", (unsigned)at,
				 (unsigned)alen);
			return stun_bad(reply, why);
		}
		/* Padding to 4 bytes is part of the message length (RFC 5389);
		 * an RFC 3489 server may end on an unpadded attribute. */
		size_t padded = ((size_t)alen + 3) & ~(size_t)3;
		off = padded > end - off - 4 ? end : off + 4 + padded;
	}

	char sw[128] = "";
	if (software[0])
		snprintf(sw, sizeof sw, ", software '%s'", software);
	if (type == 0x0111) {
		if (!code)
			return stun_bad(reply, "STUN Binding Error Response without an ERROR-CODE");
		snprintf(reply->detail, sizeof reply->detail, "STUN Binding Error %u%s%s%s", code,
			 reason[0] ? " " : "", reason, sw);
		return PP_FEED_DONE;
	}
	char oth[96] = "";
	if (other[0])
		snprintf(oth, sizeof oth, ", other address %s", other);
	/* Both forms, and they differ: something on the way rewrote the
	 * plain one, which is why RFC 5389 XORs it. */
	char alg[128] = "";
	if (xmapped[0] && mapped[0] && strcmp(xmapped, mapped) != 0)
		snprintf(alg, sizeof alg, " (MAPPED-ADDRESS says %s: rewritten on the way)", mapped);
	if (xmapped[0])
		snprintf(reply->detail, sizeof reply->detail, "STUN Binding Success, mapped address %s%s%s%s",
			 xmapped, alg, oth, sw);
	else if (mapped[0])
		snprintf(reply->detail, sizeof reply->detail,
			 "STUN Binding Success, mapped address %s (MAPPED-ADDRESS only: an RFC 3489 server)%s%s",
			 mapped, oth, sw);
	else
		snprintf(reply->detail, sizeof reply->detail, "STUN Binding Success, no mapped address%s%s",
			 oth, sw);
	return PP_FEED_DONE;
}

/* ---------- selftest ---------- */

/*
 * Captured from coturn 4.6.1 (Debian 12 package "coturn", turnserver -c
 * with stun-only, listening-ip=127.0.0.1 and ::1, port 3478: see
 * docs/probe/stun.md), over UDP.
 *
 * 1. The reply to stun_start(txid 0x5eed0101) sent to 127.0.0.1.
 */
static const uint8_t stun_v4[] = {
	/* 00 */ 0x01, 0x01,             /* Binding Success Response */
	/* 02 */ 0x00, 0x48,             /* 72 bytes of attributes */
	/* 04 */ 0x21, 0x12, 0xa4, 0x42, /* magic cookie */
	/* 08 */ 0x5e, 0xed, 0x01, 0x01, /* transaction ID: our txid... */
	/* 12 */ 0x70, 0x6f, 0x72, 0x74, 0x70, 0x6c, 0x61, 0x6e, /* ..."portplan" */
	/* 20 */ 0x00, 0x20, 0x00, 0x08, /* XOR-MAPPED-ADDRESS, 8 bytes */
	/* 24 */ 0x00, 0x01, 0xea, 0xe6, /* IPv4, port 0xeae6 ^ 0x2112 = 52212 */
	/* 28 */ 0x5e, 0x12, 0xa4, 0x43, /* address ^ cookie = 127.0.0.1 */
	/* 32 */ 0x00, 0x01, 0x00, 0x08, /* MAPPED-ADDRESS, 8 bytes */
	/* 36 */ 0x00, 0x01, 0xcb, 0xf4, 0x7f, 0x00, 0x00, 0x01, /* 127.0.0.1:52212 */
	/* 44 */ 0x80, 0x2b, 0x00, 0x08, /* RESPONSE-ORIGIN, 8 bytes */
	/* 48 */ 0x00, 0x01, 0x0d, 0x96, 0x7f, 0x00, 0x00, 0x01, /* 127.0.0.1:3478 */
	/* 56 */ 0x80, 0x2c, 0x00, 0x08, /* OTHER-ADDRESS, 8 bytes */
	/* 60 */ 0x00, 0x01, 0x0d, 0x97, 0x7f, 0x00, 0x00, 0x01, /* 127.0.0.1:3479 */
	/* 68 */ 0x80, 0x22, 0x00, 0x14, /* SOFTWARE, 20 bytes */
	/* 72 */ 0x43, 0x6f, 0x74, 0x75, 0x72, 0x6e, 0x2d, 0x34, 0x2e, 0x36, 0x2e, 0x31,
	/* 84 */ 0x20, 0x27, 0x47, 0x6f, 0x72, 0x73, 0x74, 0x27, /* "Coturn-4.6.1 'Gorst'" */
};

/* 2. The reply to stun_start(txid 0x5eed0102) sent to ::1. */
static const uint8_t stun_v6[] = {
	/* 00 */ 0x01, 0x01, 0x00, 0x78, /* Binding Success Response, 120 bytes */
	/* 04 */ 0x21, 0x12, 0xa4, 0x42, 0x5e, 0xed, 0x01, 0x02, /* cookie, txid */
	/* 12 */ 0x70, 0x6f, 0x72, 0x74, 0x70, 0x6c, 0x61, 0x6e, /* "portplan" */
	/* 20 */ 0x00, 0x20, 0x00, 0x14, /* XOR-MAPPED-ADDRESS, 20 bytes */
	/* 24 */ 0x00, 0x02, 0x9b, 0xd2, /* IPv6, port ^ 0x2112 = 47808 */
	/* 28 */ 0x21, 0x12, 0xa4, 0x42, 0x5e, 0xed, 0x01, 0x02, /* ::1 ^ (cookie, */
	/* 36 */ 0x70, 0x6f, 0x72, 0x74, 0x70, 0x6c, 0x61, 0x6f, /* transaction ID) */
	/* 44 */ 0x00, 0x01, 0x00, 0x14, /* MAPPED-ADDRESS, 20 bytes */
	/* 48 */ 0x00, 0x02, 0xba, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 60 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* [::1]:47808 */
	/* 68 */ 0x80, 0x2b, 0x00, 0x14, /* RESPONSE-ORIGIN, 20 bytes */
	/* 72 */ 0x00, 0x02, 0x0d, 0x96, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 84 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* [::1]:3478 */
	/* 92 */ 0x80, 0x2c, 0x00, 0x14, /* OTHER-ADDRESS, 20 bytes */
	/* 96 */ 0x00, 0x02, 0x0d, 0x97, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 108 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* [::1]:3479 */
	/* 116 */ 0x80, 0x22, 0x00, 0x14, /* SOFTWARE, 20 bytes */
	/* 120 */ 0x43, 0x6f, 0x74, 0x75, 0x72, 0x6e, 0x2d, 0x34, 0x2e, 0x36, 0x2e, 0x31,
	/* 132 */ 0x20, 0x27, 0x47, 0x6f, 0x72, 0x73, 0x74, 0x27,
};

/* 3. An RFC 3489 exchange: the request had no magic cookie, its 128-bit
 * transaction ID was "rfc3489-portplan" (sent by hand), and coturn answered
 * as an RFC 3489 server: MAPPED-ADDRESS, SOURCE-ADDRESS, CHANGED-ADDRESS,
 * and SOFTWARE NUL-padded inside its length. */
static const uint8_t stun_3489_tid[16] = "rfc3489-portplan";
static const uint8_t stun_3489[] = {
	/* 00 */ 0x01, 0x01, 0x00, 0x40, /* Binding Response, 64 bytes */
	/* 04 */ 0x72, 0x66, 0x63, 0x33, 0x34, 0x38, 0x39, 0x2d, /* "rfc3489-" */
	/* 12 */ 0x70, 0x6f, 0x72, 0x74, 0x70, 0x6c, 0x61, 0x6e, /* "portplan" */
	/* 20 */ 0x00, 0x01, 0x00, 0x08, /* MAPPED-ADDRESS */
	/* 24 */ 0x00, 0x01, 0xd0, 0x7b, 0x7f, 0x00, 0x00, 0x01, /* 127.0.0.1:53371 */
	/* 32 */ 0x00, 0x04, 0x00, 0x08, /* SOURCE-ADDRESS */
	/* 36 */ 0x00, 0x01, 0x0d, 0x96, 0x7f, 0x00, 0x00, 0x01, /* 127.0.0.1:3478 */
	/* 44 */ 0x00, 0x05, 0x00, 0x08, /* CHANGED-ADDRESS */
	/* 48 */ 0x00, 0x01, 0x0d, 0x97, 0x7f, 0x00, 0x00, 0x01, /* 127.0.0.1:3479 */
	/* 56 */ 0x80, 0x22, 0x00, 0x18, /* SOFTWARE, 24 bytes */
	/* 60 */ 0x43, 0x6f, 0x74, 0x75, 0x72, 0x6e, 0x2d, 0x34, 0x2e, 0x36, 0x2e, 0x31,
	/* 72 */ 0x20, 0x27, 0x47, 0x6f, 0x72, 0x73, 0x74, 0x27, 0x00, 0x00, 0x00, 0x00,
};

/* 4. A Binding Error Response: the request (sent by hand) was ours for txid
 * 0x5eed0104 plus an unknown comprehension-required attribute 0x0030. */
static const uint8_t stun_420[] = {
	/* 00 */ 0x01, 0x11, 0x00, 0x3c, /* Binding Error Response, 60 bytes */
	/* 04 */ 0x21, 0x12, 0xa4, 0x42, 0x5e, 0xed, 0x01, 0x04, /* cookie, txid */
	/* 12 */ 0x70, 0x6f, 0x72, 0x74, 0x70, 0x6c, 0x61, 0x6e, /* "portplan" */
	/* 20 */ 0x00, 0x09, 0x00, 0x18, /* ERROR-CODE, 24 bytes */
	/* 24 */ 0x00, 0x00, 0x04, 0x14, /* class 4, number 20: 420 */
	/* 28 */ 0x55, 0x6e, 0x6b, 0x6e, 0x6f, 0x77, 0x6e, 0x20, 0x41, 0x74, 0x74, 0x72,
	/* 40 */ 0x69, 0x62, 0x75, 0x74, 0x65, 0x00, 0x00, 0x00, /* "Unknown Attribute" */
	/* 48 */ 0x00, 0x0a, 0x00, 0x02, /* UNKNOWN-ATTRIBUTES, 2 bytes */
	/* 52 */ 0x00, 0x30, 0x00, 0x00, /* 0x0030, padding */
	/* 56 */ 0x80, 0x22, 0x00, 0x14, /* SOFTWARE, 20 bytes */
	/* 60 */ 0x43, 0x6f, 0x74, 0x75, 0x72, 0x6e, 0x2d, 0x34, 0x2e, 0x36, 0x2e, 0x31,
	/* 72 */ 0x20, 0x27, 0x47, 0x6f, 0x72, 0x73, 0x74, 0x27,
};

#define STUN_COTURN "software 'Coturn-4.6.1 'Gorst''"

/* Feed n bytes to a probe whose request carried txid (or, when tid is
 * set, that 128-bit transaction ID) and check the outcome and the start
 * of the detail. */
static int stun_check(const char *what, uint32_t txid, const uint8_t *tid, unsigned transport,
		      const uint8_t *bytes, size_t n, enum pp_feed want, const char *want_detail)
{
	struct stun_state st;
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	int fail = 0;
	if (stun_start(&st, txid, transport, "127.0.0.1", &out) != 0) {
		fprintf(stderr, "stun selftest: %s: start failed\n", what);
		fail = 1;
	} else {
		if (tid)
			memcpy(st.tid, tid, sizeof st.tid);
		enum pp_feed f = stun_feed(&st, bytes, n, transport, &out, &r);
		if (f != want || (want_detail && strncmp(r.detail, want_detail, strlen(want_detail)) != 0)) {
			fprintf(stderr, "stun selftest: %s: got %d '%s', want %d '%s'\n", what, (int)f,
				r.detail, (int)want, want_detail ? want_detail : "");
			fail = 1;
		}
	}
	pp_buf_free(&out);
	pp_probe_reply_free(&r);
	return fail;
}

static int stun_selftest(void)
{
	int fail = 0;
	uint8_t b[256];
	const size_t n4 = sizeof stun_v4;
	const unsigned U = PP_TR_UDP, T = PP_TR_TCP;

	/* The captures, whole. */
	fail += stun_check("ipv4", 0x5eed0101, NULL, U, stun_v4, n4, PP_FEED_DONE,
			   "STUN Binding Success, mapped address 127.0.0.1:52212, other address "
			   "127.0.0.1:3479, " STUN_COTURN);
	fail += stun_check("ipv6", 0x5eed0102, NULL, U, stun_v6, sizeof stun_v6, PP_FEED_DONE,
			   "STUN Binding Success, mapped address [::1]:47808, other address [::1]:3479, "
			   STUN_COTURN);
	fail += stun_check("rfc 3489", 0, stun_3489_tid, U, stun_3489, sizeof stun_3489, PP_FEED_DONE,
			   "STUN Binding Success, mapped address 127.0.0.1:53371 (MAPPED-ADDRESS only: an "
			   "RFC 3489 server), other address 127.0.0.1:3479, " STUN_COTURN);
	fail += stun_check("error 420", 0x5eed0104, NULL, U, stun_420, sizeof stun_420, PP_FEED_DONE,
			   "STUN Binding Error 420 Unknown Attribute, " STUN_COTURN);
	fail += stun_check("tcp", 0x5eed0101, NULL, T, stun_v4, n4, PP_FEED_DONE,
			   "STUN Binding Success, mapped address 127.0.0.1:52212");

	/* Truncated: a datagram is bad, a stream waits. */
	fail += stun_check("cut header", 0x5eed0101, NULL, U, stun_v4, 19, PP_FEED_BAD, "truncated");
	fail += stun_check("cut attrs", 0x5eed0101, NULL, U, stun_v4, n4 - 1, PP_FEED_BAD, "truncated");
	fail += stun_check("tcp cut", 0x5eed0101, NULL, T, stun_v4, n4 - 1, PP_FEED_MORE, NULL);

	/* Another probe's reply, and other cookies. */
	fail += stun_check("other txid", 0x5eed0999, NULL, U, stun_v4, n4, PP_FEED_BAD,
			   "reply to another request");
	memcpy(b, stun_v4, n4);
	b[7] ^= 1;
	fail += stun_check("bad cookie", 0x5eed0101, NULL, U, b, n4, PP_FEED_BAD,
			   "not a STUN reply to us (magic cookie 0x2112a443)");

	/* Corrupted lengths and values. */
	memcpy(b, stun_v4, n4);
	b[22] = 0xff; /* XOR-MAPPED-ADDRESS length 0xff08 */
	fail += stun_check("attr too long", 0x5eed0101, NULL, U, b, n4, PP_FEED_BAD,
			   "STUN attribute 0x0020 (65288 bytes) runs past");
	memcpy(b, stun_v4, n4);
	b[3] = 0x46; /* message length 70 */
	fail += stun_check("length % 4", 0x5eed0101, NULL, U, b, n4, PP_FEED_BAD, "STUN message length 70");
	memcpy(b, stun_v4, n4);
	b[3] = 0x4c; /* message length 76: past the datagram */
	fail += stun_check("length past", 0x5eed0101, NULL, U, b, n4, PP_FEED_BAD, "truncated");
	memcpy(b, stun_v4, n4);
	b[25] = 0x03; /* address family 3 */
	fail += stun_check("family", 0x5eed0101, NULL, U, b, n4, PP_FEED_BAD,
			   "bad STUN address attribute 0x0020");
	memcpy(b, stun_v4, n4);
	b[3] = 0x10, b[23] = 0x0a; /* 16 bytes of attributes: one of 10 bytes, padded */
	fail += stun_check("odd length", 0x5eed0101, NULL, U, b, 36, PP_FEED_BAD,
			   "bad STUN address attribute 0x0020 (10 bytes)");
	memcpy(b, stun_v4, n4);
	b[1] = 0x11; /* an error response without ERROR-CODE */
	fail += stun_check("error no code", 0x5eed0101, NULL, U, b, n4, PP_FEED_BAD,
			   "STUN Binding Error Response without an ERROR-CODE");
	memcpy(b, stun_420, sizeof stun_420);
	b[26] = 0x07; /* class 7 */
	fail += stun_check("error class", 0x5eed0104, NULL, U, b, sizeof stun_420, PP_FEED_BAD,
			   "bad STUN ERROR-CODE");
	memcpy(b, stun_v4, n4);
	b[1] = 0x01, b[0] = 0x00; /* a Binding Request coming back */
	fail += stun_check("request", 0x5eed0101, NULL, U, b, n4, PP_FEED_BAD,
			   "STUN message type 0x0001 is not a Binding response");
	memcpy(b, stun_v4, n4);
	b[43] = 0x09; /* MAPPED-ADDRESS 127.0.0.9: a rewrite on the way */
	fail += stun_check("rewritten", 0x5eed0101, NULL, U, b, n4, PP_FEED_DONE,
			   "STUN Binding Success, mapped address 127.0.0.1:52212 (MAPPED-ADDRESS says "
			   "127.0.0.9:52212: rewritten on the way)");
	return fail;
}

const struct pp_proto pp_proto_stun = { .name = "stun", .default_port = 3478, .transports = PP_TR_UDP | PP_TR_TCP, .state_size = sizeof(struct stun_state), .start = stun_start, .feed = stun_feed, .selftest = stun_selftest };
