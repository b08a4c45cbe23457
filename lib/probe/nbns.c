/*
 * NetBIOS name service (RFC 1002), port 137 over UDP: one NODE STATUS
 * REQUEST (RFC 1002 4.2.17) for the name "*", which every NetBIOS node
 * answers with its name table and its MAC address (the "unit ID" that
 * starts the statistics, RFC 1002 4.2.18), as `nbtstat -A` and
 * `nmblookup -A` ask. The request's NAME_TRN_ID carries the txid.
 *
 * From the name table the reply names the computer (the unique <00> name)
 * and its workgroup or domain (the group <00> name), and lists every name
 * with its suffix byte and group flag: <1c> group names are a domain's
 * controllers, <20> is the file server, <1d> and <1b> are browsers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"

struct nbns_state {
	uint16_t id;
};

/* The request, 50 bytes. */
static const uint8_t nbns_request[] = {
	/* 00 */ 0x00, 0x00, /* NAME_TRN_ID: stamped with the txid by nbns_start() */
	/* 02 */ 0x00, 0x00, /* R=0 request, OPCODE=0 query, NM_FLAGS=0 (unicast,
			      * no recursion), RCODE=0 */
	/* 04 */ 0x00, 0x01, /* QDCOUNT: one question */
	/* 06 */ 0x00, 0x00, /* ANCOUNT: 0 */
	/* 08 */ 0x00, 0x00, /* NSCOUNT: 0 */
	/* 0a */ 0x00, 0x00, /* ARCOUNT: 0 */
	/* 0c */ 0x20,       /* QUESTION_NAME: one label of 32 bytes, the 16-byte
			      * NetBIOS name "*" followed by 15 NULs, each byte
			      * split into two nibbles written 'A' + nibble
			      * (RFC 1001 14.1): '*' = 0x2a gives "CK", NUL "AA" */
	/* 0d */ 'C', 'K', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A',
	/* 1d */ 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A',
	/* 2d */ 0x00,       /* end of the name (no scope) */
	/* 2e */ 0x00, 0x21, /* QUESTION_TYPE: NBSTAT (0x21) */
	/* 30 */ 0x00, 0x01, /* QUESTION_CLASS: IN (1) */
};

#define NBNS_HDR 12
#define NBNS_NAME_OFF 0x0c
#define NBNS_NAME_LEN 34   /* 0x20, 32 bytes, 0x00 */
#define NBNS_T_NBSTAT 0x21
#define NBNS_ENTRY 18      /* 15 name bytes, the suffix byte, 2 flag bytes */
#define NBNS_F_GROUP 0x8000
#define NBNS_F_CONFLICT 0x0800

static int nbns_start(void *state, uint32_t txid, unsigned transport, const char *host,
		      struct pp_buf *out)
{
	struct nbns_state *st = state;
	(void)host;
	if (transport != PP_TR_UDP)
		return -1;
	uint8_t msg[sizeof nbns_request];
	memcpy(msg, nbns_request, sizeof msg);
	st->id = (uint16_t)txid;
	msg[0] = (uint8_t)(st->id >> 8);
	msg[1] = (uint8_t)st->id;
	pp_buf_put(out, (const char *)msg, sizeof msg);
	return out->failed ? -1 : 0;
}

static void nbns_say(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void nbns_say(struct pp_probe_reply *reply, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail, sizeof reply->detail, fmt, ap);
	va_end(ap);
}

/* A name table entry's 15 name bytes, printable, trailing spaces cut. */
static void nbns_entry_name(const uint8_t *e, char out[16])
{
	size_t n = 15;
	while (n > 0 && (e[n - 1] == ' ' || e[n - 1] == 0))
		n--;
	pp_printable(out, 16, e, n);
}

static enum pp_feed nbns_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			      struct pp_buf *out, struct pp_probe_reply *reply)
{
	const struct nbns_state *st = state;
	(void)transport;
	(void)out;
	uint16_t id, flags, qd, an;
	if (!pp_rd_u16be(in, len, 0, &id) || !pp_rd_u16be(in, len, 2, &flags) ||
	    !pp_rd_u16be(in, len, 4, &qd) || !pp_rd_u16be(in, len, 6, &an) || len < NBNS_HDR) {
		nbns_say(reply, "NBNS: reply of %zu bytes is shorter than a name service header", len);
		return PP_FEED_BAD;
	}
	if (id != st->id) {
		nbns_say(reply, "NBNS: reply to another request (NAME_TRN_ID 0x%04x, sent 0x%04x)", id,
			 st->id);
		return PP_FEED_BAD;
	}
	if (!(flags & 0x8000) || (flags >> 11 & 0xf) != 0) {
		nbns_say(reply, "NBNS: not a response to a query (flags 0x%04x)", flags);
		return PP_FEED_BAD;
	}
	unsigned rcode = flags & 0xf;
	if (rcode != 0 && an == 0 && qd == 0) {
		/* A negative response: the name service is there and said no. */
		nbns_say(reply, "NBNS: node status refused, RCODE %u", rcode);
		return PP_FEED_DONE;
	}
	if (qd != 0 || an != 1) {
		nbns_say(reply, "NBNS: %u questions and %u answers, not one node status answer", qd, an);
		return PP_FEED_BAD;
	}
	/* RR_NAME: our question's name again, or a pointer to it. */
	size_t off = NBNS_HDR;
	if (off < len && (in[off] & 0xc0) == 0xc0) {
		off += 2;
	} else {
		if (len - off < NBNS_NAME_LEN ||
		    memcmp(in + off, nbns_request + NBNS_NAME_OFF, NBNS_NAME_LEN) != 0) {
			nbns_say(reply, "NBNS: answer for another name, or truncated");
			return PP_FEED_BAD;
		}
		off += NBNS_NAME_LEN;
	}
	uint16_t type, class, rdlen;
	if (!pp_rd_u16be(in, len, off, &type) || !pp_rd_u16be(in, len, off + 2, &class) ||
	    !pp_rd_u16be(in, len, off + 8, &rdlen)) {
		nbns_say(reply, "NBNS: answer record truncated");
		return PP_FEED_BAD;
	}
	if (type != NBNS_T_NBSTAT || class != 1) {
		nbns_say(reply, "NBNS: answer of type 0x%04x class %u, not NBSTAT IN", type, class);
		return PP_FEED_BAD;
	}
	off += 10;
	if (len - off < rdlen || rdlen < 1) {
		nbns_say(reply, "NBNS: node status data truncated (%u bytes announced, %zu there)",
			 rdlen, len - off);
		return PP_FEED_BAD;
	}
	const uint8_t *rd = in + off;
	size_t num = rd[0];
	if ((size_t)rdlen < 1 + num * NBNS_ENTRY) {
		nbns_say(reply, "NBNS: %zu names announced, room for %zu", num,
			 ((size_t)rdlen - 1) / NBNS_ENTRY);
		return PP_FEED_BAD;
	}
	/* The computer and its workgroup or domain, then every name. */
	char computer[16] = "", group[16] = "", names[400] = "";
	size_t k = 0;
	for (size_t i = 0; i < num; i++) {
		const uint8_t *e = rd + 1 + i * NBNS_ENTRY;
		char name[16];
		nbns_entry_name(e, name);
		uint8_t suffix = e[15];
		uint16_t nf = (uint16_t)(e[16] << 8 | e[17]);
		if (suffix == 0x00 && !(nf & NBNS_F_GROUP) && !computer[0])
			memcpy(computer, name, sizeof computer);
		if (suffix == 0x00 && nf & NBNS_F_GROUP && !group[0])
			memcpy(group, name, sizeof group);
		if (k < sizeof names) {
			int w = snprintf(names + k, sizeof names - k, "%s%s<%02x>%s%s", i ? " " : "",
					 name, suffix, nf & NBNS_F_GROUP ? " (group)" : "",
					 nf & NBNS_F_CONFLICT ? " (conflict)" : "");
			k = w < 0 ? sizeof names : k + (size_t)w;
		}
	}
	if (k >= sizeof names)
		memcpy(names + sizeof names - 4, "...", 4);
	/* The statistics start with the 6-byte unit ID, the MAC address. */
	char mac[24] = "none";
	if ((size_t)rdlen - 1 - num * NBNS_ENTRY >= 6) {
		const uint8_t *m = rd + 1 + num * NBNS_ENTRY;
		snprintf(mac, sizeof mac, "%02x-%02x-%02x-%02x-%02x-%02x", m[0], m[1], m[2], m[3],
			 m[4], m[5]);
	}
	nbns_say(reply, "NetBIOS computer %s, workgroup %s, MAC %s; %zu name%s: %s",
		 computer[0] ? computer : "(none)", group[0] ? group : "(none)", mac, num,
		 num == 1 ? "" : "s", names);
	return PP_FEED_DONE;
}

/*
 * Captured from nmbd 4.17.12 (Debian 12 package samba, 2:4.17.12+dfsg-0+deb12u4),
 * `nmbd -F` with netbios name PPTEST, workgroup PPLAB, `interfaces = pp0 lo`,
 * `bind interfaces only = yes`, in a test network namespace where pp0 is one
 * end of a veth pair (docs/probe/nbns.md): the reply to nbns_request sent
 * with NAME_TRN_ID 0x5a3c to 127.0.0.1:137. `nmblookup -A` shows it as
 *   PPTEST <00> B <ACTIVE>, PPTEST <03>, PPTEST <20>, ..__MSBROWSE__. <01> <GROUP>,
 *   PPLAB <00> <GROUP>, PPLAB <1e> <GROUP>; MAC Address = 00-00-00-00-00-00
 */
static const uint8_t nbns_capture[] = {
	/* 00 */ 0x5a, 0x3c, /* NAME_TRN_ID */
	/* 02 */ 0x84, 0x00, /* R=1 response, OPCODE 0, AA=1, RCODE 0 */
	/* 04 */ 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, /* QD 0, AN 1, NS 0, AR 0 */
	/* 0c */ 0x20, 'C', 'K', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A',
	/* 1c */ 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A',
	/* 2c */ 'A', 0x00,  /* RR_NAME: "*" */
	/* 2e */ 0x00, 0x21, 0x00, 0x01, /* NBSTAT IN */
	/* 32 */ 0x00, 0x00, 0x00, 0x00, /* TTL 0 */
	/* 36 */ 0x00, 0x9b, /* RDLENGTH 155 = 1 + 6 * 18 + 46 */
	/* 38 */ 0x06,       /* NUM_NAMES 6 */
	/* 39 */ 'P', 'P', 'T', 'E', 'S', 'T', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 0x00,
	/* 49 */ 0x04, 0x00, /* unique, B-node, active */
	/* 4b */ 'P', 'P', 'T', 'E', 'S', 'T', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 0x03,
	/* 5b */ 0x04, 0x00,
	/* 5d */ 'P', 'P', 'T', 'E', 'S', 'T', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 0x20,
	/* 6d */ 0x04, 0x00,
	/* 6f */ 0x01, 0x02, '_', '_', 'M', 'S', 'B', 'R', 'O', 'W', 'S', 'E', '_', '_', 0x02, 0x01,
	/* 7f */ 0x84, 0x00, /* group, B-node, active */
	/* 81 */ 'P', 'P', 'L', 'A', 'B', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 0x00,
	/* 91 */ 0x84, 0x00,
	/* 93 */ 'P', 'P', 'L', 'A', 'B', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 0x1e,
	/* a3 */ 0x84, 0x00,
	/* a5 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* unit ID (MAC): Samba sends zeros */
	/* ab */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* the rest of */
	/* bf */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* the statistics */
};

static int nbns_selftest(void)
{
	int fails = 0;
	struct nbns_state st = {.id = 0x5a3c};
	struct pp_probe_reply r = {0};
	uint8_t buf[sizeof nbns_capture];

	if (nbns_feed(&st, nbns_capture, sizeof nbns_capture, PP_TR_UDP, NULL, &r) != PP_FEED_DONE ||
	    strcmp(r.detail, "NetBIOS computer PPTEST, workgroup PPLAB, MAC 00-00-00-00-00-00; "
			     "6 names: PPTEST<00> PPTEST<03> PPTEST<20> ??__MSBROWSE__?<01> (group) "
			     "PPLAB<00> (group) PPLAB<1e> (group)") != 0) {
		fprintf(stderr, "nbns selftest: capture: %s\n", r.detail);
		fails++;
	}
	/* Truncated: the statistics cut short. */
	if (nbns_feed(&st, nbns_capture, sizeof nbns_capture - 10, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "nbns selftest: truncated reply accepted\n");
		fails++;
	}
	/* Corrupted: 9 names announced, room for 8. */
	memcpy(buf, nbns_capture, sizeof buf);
	buf[0x38] = 9;
	if (nbns_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "nbns selftest: too many names accepted\n");
		fails++;
	}
	/* Corrupted: the answer is for another name. */
	memcpy(buf, nbns_capture, sizeof buf);
	buf[0x0e] = 'L';
	if (nbns_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "nbns selftest: answer for another name accepted\n");
		fails++;
	}
	/* Another NAME_TRN_ID. */
	st.id = 0x5a3d;
	if (nbns_feed(&st, nbns_capture, sizeof nbns_capture, PP_TR_UDP, NULL, &r) != PP_FEED_BAD ||
	    !strstr(r.detail, "reply to another request")) {
		fprintf(stderr, "nbns selftest: reply to another request accepted\n");
		fails++;
	}
	return fails;
}

const struct pp_proto pp_proto_nbns = { .name = "nbns", .default_port = 137, .transports = PP_TR_UDP, .state_size = sizeof(struct nbns_state), .start = nbns_start, .feed = nbns_feed, .selftest = nbns_selftest };
