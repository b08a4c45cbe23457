/*
 * SNMP (RFC 3416, community-based SNMPv2c per RFC 1901), port 161 over
 * UDP: one GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0, RFC 3418) with the
 * community "public", the request-id carrying the txid. An agent that does
 * not know the community sends nothing back (RFC 3584 5.2.1 tells it to
 * drop the message), which the engine reports as LISTENING OR FILTERED.
 *
 * The reply is BER (X.690) and read by a small reader that checks every
 * tag and length against the bytes that enclose it: the message, the
 * community, the GetResponse-PDU, its request-id, error-status and
 * error-index, and the first variable binding, whose value is shown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"

struct snmp_state {
	uint32_t request_id;
};

/* The request, 43 bytes: a BER SEQUENCE of version, community and PDU.
 * Every length is short-form (under 128), so each is one byte. */
static const uint8_t snmp_request[] = {
	/* 00 */ 0x30, 0x29,       /* SEQUENCE, 41 bytes: the message */
	/* 02 */ 0x02, 0x01, 0x01, /* INTEGER version: 1, SNMPv2c */
	/* 05 */ 0x04, 0x06,       /* OCTET STRING community, 6 bytes: */
	/* 07 */ 'p', 'u', 'b', 'l', 'i', 'c',
	/* 0d */ 0xa0, 0x1c,       /* [0] GetRequest-PDU, 28 bytes */
	/* 0f */ 0x02, 0x04,       /* INTEGER request-id, 4 bytes: */
	/* 11 */ 0x00, 0x00, 0x00, 0x00, /* stamped by snmp_start(): the txid with
				  * its high bit cleared and, if the first byte is
				  * then zero, its bit 24 set, so the 4-byte
				  * encoding is positive and minimal */
	/* 15 */ 0x02, 0x01, 0x00, /* INTEGER error-status: 0 */
	/* 18 */ 0x02, 0x01, 0x00, /* INTEGER error-index: 0 */
	/* 1b */ 0x30, 0x0e,       /* SEQUENCE variable-bindings, 14 bytes */
	/* 1d */ 0x30, 0x0c,       /* SEQUENCE VarBind, 12 bytes */
	/* 1f */ 0x06, 0x08,       /* OBJECT IDENTIFIER, 8 bytes: 1.3.6.1.2.1.1.1.0 */
	/* 21 */ 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, /* 1.3 = 40*1+3 = 0x2b */
	/* 29 */ 0x05, 0x00,       /* NULL: the value asked for */
};

#define SNMP_OFF_REQID 0x11
#define SNMP_OID_SYSDESCR (snmp_request + 0x21)
#define SNMP_OID_SYSDESCR_LEN 8

static int snmp_start(void *state, uint32_t txid, unsigned transport, const char *host,
		      struct pp_buf *out)
{
	struct snmp_state *st = state;
	(void)host;
	if (transport != PP_TR_UDP)
		return -1;
	uint8_t msg[sizeof snmp_request];
	memcpy(msg, snmp_request, sizeof msg);
	st->request_id = txid & 0x7fffffffu;
	if (st->request_id < 0x01000000u)
		st->request_id |= 0x01000000u;
	for (int i = 0; i < 4; i++)
		msg[SNMP_OFF_REQID + i] = (uint8_t)(st->request_id >> (24 - 8 * i));
	pp_buf_put(out, (const char *)msg, sizeof msg);
	return out->failed ? -1 : 0;
}

static void snmp_say(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void snmp_say(struct pp_probe_reply *reply, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail, sizeof reply->detail, fmt, ap);
	va_end(ap);
}

/* One BER TLV at *off, which must lie inside [*off, end): the tag (low tag
 * numbers only, one byte), the length (short form, or long form of 1 to 4
 * bytes; indefinite lengths are refused) and the contents, which must end
 * by end. On success *off is the first content byte. */
static bool ber_tlv(const uint8_t *p, size_t end, size_t *off, uint8_t *tag, size_t *clen)
{
	size_t o = *off;
	if (o >= end || end - o < 2)
		return false;
	*tag = p[o++];
	if ((*tag & 0x1f) == 0x1f)
		return false;
	size_t n = p[o++];
	if (n & 0x80) {
		size_t k = n & 0x7f;
		if (k == 0 || k > 4 || end - o < k)
			return false;
		n = 0;
		for (size_t i = 0; i < k; i++)
			n = n << 8 | p[o++];
	}
	if (end - o < n)
		return false;
	*off = o;
	*clen = n;
	return true;
}

/* A TLV that must have the given tag. */
static bool ber_expect(const uint8_t *p, size_t end, size_t *off, uint8_t tag, size_t *clen)
{
	uint8_t t;
	return ber_tlv(p, end, off, &t, clen) && t == tag;
}

/* An INTEGER of 1 to 8 content bytes, two's complement. */
static bool ber_int(const uint8_t *p, size_t end, size_t *off, int64_t *v)
{
	size_t n;
	if (!ber_expect(p, end, off, 0x02, &n) || n < 1 || n > 8)
		return false;
	uint64_t u = p[*off] & 0x80 ? UINT64_MAX : 0;
	for (size_t i = 0; i < n; i++)
		u = u << 8 | p[*off + i];
	*v = (int64_t)u;
	*off += n;
	return true;
}

static const char *snmp_error_name(int64_t e)
{
	static const char *const names[] = {
		"noError",    "tooBig",          "noSuchName",        "badValue",
		"readOnly",   "genErr",          "noAccess",          "wrongType",
		"wrongLength", "wrongEncoding",  "wrongValue",        "noCreation",
		"inconsistentValue", "resourceUnavailable", "commitFailed", "undoFailed",
		"authorizationError", "notWritable", "inconsistentName",
	};
	return e >= 0 && e < (int64_t)(sizeof names / sizeof *names) ? names[e] : "unknown";
}

static enum pp_feed snmp_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			      struct pp_buf *out, struct pp_probe_reply *reply)
{
	const struct snmp_state *st = state;
	(void)transport;
	(void)out;
	size_t off = 0, n, end;
	int64_t version, reqid, err, erridx;
	if (!ber_expect(in, len, &off, 0x30, &n)) {
		snmp_say(reply, "SNMP: not a BER message, or truncated");
		return PP_FEED_BAD;
	}
	end = off + n;
	if (!ber_int(in, end, &off, &version)) {
		snmp_say(reply, "SNMP: no version in the message");
		return PP_FEED_BAD;
	}
	const char *vname = version == 0 ? "SNMPv1" : version == 1 ? "SNMPv2c" : NULL;
	if (!vname) {
		snmp_say(reply, "SNMP: version %lld in the reply to an SNMPv2c request",
			 (long long)version);
		return PP_FEED_BAD;
	}
	char community[72];
	if (!ber_expect(in, end, &off, 0x04, &n)) {
		snmp_say(reply, "SNMP: no community in the message");
		return PP_FEED_BAD;
	}
	pp_printable(community, sizeof community, in + off, n < 64 ? n : 64);
	off += n;
	uint8_t tag;
	if (!ber_tlv(in, end, &off, &tag, &n)) {
		snmp_say(reply, "SNMP: PDU truncated or malformed");
		return PP_FEED_BAD;
	}
	if (tag != 0xa2) {
		snmp_say(reply, "SNMP: PDU type 0x%02x, not a GetResponse (0xa2)", tag);
		return PP_FEED_BAD;
	}
	end = off + n; /* from here on, inside the PDU */
	if (!ber_int(in, end, &off, &reqid) || !ber_int(in, end, &off, &err) ||
	    !ber_int(in, end, &off, &erridx)) {
		snmp_say(reply, "SNMP: GetResponse header truncated or malformed");
		return PP_FEED_BAD;
	}
	if (reqid != (int64_t)st->request_id) {
		snmp_say(reply, "SNMP: reply to another request (request-id %lld, sent %lu)",
			 (long long)reqid, (unsigned long)st->request_id);
		return PP_FEED_BAD;
	}
	if (err != 0) {
		snmp_say(reply, "%s GetResponse, community \"%s\": error-status %s(%lld) at variable %lld",
			 vname, community, snmp_error_name(err), (long long)err, (long long)erridx);
		return PP_FEED_DONE;
	}
	/* variable-bindings: the first VarBind must be sysDescr.0. */
	size_t vb;
	if (!ber_expect(in, end, &off, 0x30, &n) || !ber_expect(in, off + n, &off, 0x30, &vb)) {
		snmp_say(reply, "SNMP: no variable in the GetResponse");
		return PP_FEED_BAD;
	}
	end = off + vb; /* inside the VarBind */
	if (!ber_expect(in, end, &off, 0x06, &n) || n != SNMP_OID_SYSDESCR_LEN ||
	    memcmp(in + off, SNMP_OID_SYSDESCR, n) != 0) {
		snmp_say(reply, "SNMP: the GetResponse is for another variable than sysDescr.0");
		return PP_FEED_BAD;
	}
	off += n;
	if (!ber_tlv(in, end, &off, &tag, &n)) {
		snmp_say(reply, "SNMP: the value of sysDescr.0 is truncated or malformed");
		return PP_FEED_BAD;
	}
	char value[300];
	switch (tag) {
	case 0x04:
		value[0] = '"';
		pp_printable(value + 1, sizeof value - 2, in + off, n);
		strcat(value, "\"");
		break;
	case 0x80: snprintf(value, sizeof value, "noSuchObject"); break;
	case 0x81: snprintf(value, sizeof value, "noSuchInstance"); break;
	case 0x82: snprintf(value, sizeof value, "endOfMibView"); break;
	default: snprintf(value, sizeof value, "a value of type 0x%02x, not a string", tag); break;
	}
	snmp_say(reply, "%s GetResponse, community \"%s\": sysDescr %s", vname, community, value);
	return PP_FEED_DONE;
}

/*
 * Captured from Net-SNMP 5.9.3 (Debian 12 package snmpd, 5.9.3+dfsg-2+deb12u1),
 * `snmpd -f -C -c snmpd.conf` with `rocommunity public 127.0.0.1` and
 * `sysDescr portplan test agent (Debian snmpd)`, on 127.0.0.1:161 in a test
 * network namespace (docs/probe/snmp.md): the reply to snmp_request sent
 * with request-id 0x5a3c0f1e.
 */
static const uint8_t snmp_capture[] = {
	/* 00 */ 0x30, 0x4b,             /* SEQUENCE, 75 bytes */
	/* 02 */ 0x02, 0x01, 0x01,       /* version 1: SNMPv2c */
	/* 05 */ 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c', /* community */
	/* 0d */ 0xa2, 0x3e,             /* GetResponse-PDU, 62 bytes */
	/* 0f */ 0x02, 0x04, 0x5a, 0x3c, 0x0f, 0x1e, /* request-id */
	/* 15 */ 0x02, 0x01, 0x00,       /* error-status 0 */
	/* 18 */ 0x02, 0x01, 0x00,       /* error-index 0 */
	/* 1b */ 0x30, 0x30,             /* variable-bindings, 48 bytes */
	/* 1d */ 0x30, 0x2e,             /* VarBind, 46 bytes */
	/* 1f */ 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, /* sysDescr.0 */
	/* 29 */ 0x04, 0x22,             /* OCTET STRING, 34 bytes: */
	/* 2b */ 'p', 'o', 'r', 't', 'p', 'l', 'a', 'n', ' ', 't', 'e', 's', 't', ' ', 'a', 'g',
	/* 3b */ 'e', 'n', 't', ' ', '(', 'D', 'e', 'b', 'i', 'a', 'n', ' ', 's', 'n', 'm', 'p',
	/* 4b */ 'd', ')',
};

static int snmp_selftest(void)
{
	int fails = 0;
	struct snmp_state st = {.request_id = 0x5a3c0f1e};
	struct pp_probe_reply r = {0};
	uint8_t buf[sizeof snmp_capture];

	if (snmp_feed(&st, snmp_capture, sizeof snmp_capture, PP_TR_UDP, NULL, &r) != PP_FEED_DONE ||
	    strcmp(r.detail, "SNMPv2c GetResponse, community \"public\": "
			     "sysDescr \"portplan test agent (Debian snmpd)\"") != 0) {
		fprintf(stderr, "snmp selftest: capture: %s\n", r.detail);
		fails++;
	}
	/* Truncated: the string's last byte is missing. */
	if (snmp_feed(&st, snmp_capture, sizeof snmp_capture - 1, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "snmp selftest: truncated reply accepted\n");
		fails++;
	}
	/* Corrupted: the string claims more bytes than its VarBind holds. */
	memcpy(buf, snmp_capture, sizeof buf);
	buf[0x2a] = 0x30;
	if (snmp_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "snmp selftest: overlong string accepted\n");
		fails++;
	}
	/* Corrupted: a 5-byte long-form length. */
	memcpy(buf, snmp_capture, sizeof buf);
	buf[0x1c] = 0x85;
	if (snmp_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "snmp selftest: 5-byte length accepted\n");
		fails++;
	}
	/* An error-status: noSuchName(2) at variable 1. */
	memcpy(buf, snmp_capture, sizeof buf);
	buf[0x17] = 2;
	buf[0x1a] = 1;
	if (snmp_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_DONE ||
	    strcmp(r.detail, "SNMPv2c GetResponse, community \"public\": "
			     "error-status noSuchName(2) at variable 1") != 0) {
		fprintf(stderr, "snmp selftest: error-status: %s\n", r.detail);
		fails++;
	}
	/* Another request-id. */
	st.request_id++;
	if (snmp_feed(&st, snmp_capture, sizeof snmp_capture, PP_TR_UDP, NULL, &r) != PP_FEED_BAD ||
	    !strstr(r.detail, "reply to another request")) {
		fprintf(stderr, "snmp selftest: reply to another request accepted\n");
		fails++;
	}
	return fails;
}

const struct pp_proto pp_proto_snmp = { .name = "snmp", .default_port = 161, .transports = PP_TR_UDP, .state_size = sizeof(struct snmp_state), .start = snmp_start, .feed = snmp_feed, .selftest = snmp_selftest };
