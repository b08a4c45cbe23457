/*
 * DNS (RFC 1035), port 53 over UDP and TCP: one standard query for the root
 * zone's NS records ". IN NS". Every DNS server says something to it: an
 * authoritative or caching server answers, a forwarder with no upstream
 * says REFUSED or SERVFAIL, and any RCODE at all proves a DNS server is
 * listening. Recursion is not asked for (RD=0), so the probe never makes
 * the server query anyone else.
 *
 * Over TCP the message is preceded by its length in two bytes (RFC 1035
 * 4.2.2); the reply is read until the whole message is in.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"

struct dns_state {
	uint16_t id;
};

/* The query, 17 bytes (19 with the TCP length prefix). */
static const uint8_t dns_query[] = {
	/* 00 */ 0x00, 0x00, /* ID: stamped with the txid by dns_start() */
	/* 02 */ 0x00, 0x00, /* flags: QR=0 query, OPCODE=0 QUERY, AA=0, TC=0,
			      * RD=0 (answer from what you hold, recurse to no one),
			      * RA=0, Z=0, RCODE=0 */
	/* 04 */ 0x00, 0x01, /* QDCOUNT: one question */
	/* 06 */ 0x00, 0x00, /* ANCOUNT: 0 */
	/* 08 */ 0x00, 0x00, /* NSCOUNT: 0 */
	/* 0a */ 0x00, 0x00, /* ARCOUNT: 0 (no EDNS OPT: every server, old or new,
			      * understands a plain query) */
	/* 0c */ 0x00,       /* QNAME: the root, "." (one empty label) */
	/* 0d */ 0x00, 0x02, /* QTYPE: NS (2) */
	/* 0f */ 0x00, 0x01, /* QCLASS: IN (1) */
};

#define DNS_HDR 12
#define DNS_T_NS 2
#define DNS_T_CNAME 5
#define DNS_T_SOA 6
#define DNS_T_PTR 12

static int dns_start(void *state, uint32_t txid, unsigned transport, const char *host,
		     struct pp_buf *out)
{
	struct dns_state *st = state;
	(void)host;
	uint8_t msg[2 + sizeof dns_query];
	size_t off = 0;
	if (transport == PP_TR_TCP) {
		/* TCP: the 2-byte message length, big-endian (RFC 1035 4.2.2) */
		msg[0] = 0;
		msg[1] = sizeof dns_query;
		off = 2;
	} else if (transport != PP_TR_UDP) {
		return -1;
	}
	memcpy(msg + off, dns_query, sizeof dns_query);
	st->id = (uint16_t)txid;
	msg[off] = (uint8_t)(st->id >> 8);
	msg[off + 1] = (uint8_t)st->id;
	pp_buf_put(out, (const char *)msg, off + sizeof dns_query);
	return out->failed ? -1 : 0;
}

static void dns_say(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void dns_say(struct pp_probe_reply *reply, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail, sizeof reply->detail, fmt, ap);
	va_end(ap);
}

/* Read the domain name at off, following compression pointers (RFC 1035
 * 4.1.4). *next is where the name ends at its first position (after the
 * terminating zero or the first pointer). A pointer must point before the
 * label it is in, so a chain of pointers cannot loop; names longer than
 * 255 bytes are refused. If text is not NULL, the name is written there in
 * dotted form, printable ("." for the root). */
static bool dns_name(const uint8_t *p, size_t len, size_t off, size_t *next, char *text,
		     size_t cap)
{
	size_t k = 0, total = 0;
	bool jumped = false;
	if (text && cap)
		text[0] = '\0';
	for (int hops = 0; hops < 128; hops++) {
		if (off >= len)
			return false;
		uint8_t c = p[off];
		if ((c & 0xc0) == 0xc0) {
			if (len - off < 2)
				return false;
			size_t target = (size_t)(c & 0x3f) << 8 | p[off + 1];
			if (target >= off)
				return false;
			if (!jumped)
				*next = off + 2;
			jumped = true;
			off = target;
			continue;
		}
		if (c & 0xc0)
			return false; /* 0x40 and 0x80: extended label types */
		if (c == 0) {
			if (!jumped)
				*next = off + 1;
			if (text && cap && k == 0 && cap > 1) {
				text[0] = '.';
				text[1] = '\0';
			}
			return true;
		}
		if (len - off - 1 < c)
			return false;
		total += (size_t)c + 1;
		if (total > 255)
			return false;
		if (text && cap > k + 1) {
			pp_printable(text + k, cap - k, p + off + 1, c);
			k += strlen(text + k);
			if (k + 1 < cap) {
				text[k++] = '.';
				text[k] = '\0';
			}
		}
		off += (size_t)c + 1;
	}
	return false;
}

static const char *dns_rcode_name(unsigned rcode)
{
	static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					    "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
					    "NXRRSET", "NOTAUTH", "NOTZONE"};
	return rcode < sizeof names / sizeof *names ? names[rcode] : NULL;
}

static const char *dns_type_name(unsigned type)
{
	switch (type) {
	case 1: return "A";
	case DNS_T_NS: return "NS";
	case DNS_T_CNAME: return "CNAME";
	case DNS_T_SOA: return "SOA";
	case DNS_T_PTR: return "PTR";
	case 28: return "AAAA";
	case 41: return "OPT";
	}
	return NULL;
}

/* One whole DNS message, msg[0..len). */
static enum pp_feed dns_parse(const struct dns_state *st, const uint8_t *msg, size_t len,
			      struct pp_probe_reply *reply)
{
	uint16_t id, flags, qd, an, ns, ar;
	if (!pp_rd_u16be(msg, len, 0, &id) || !pp_rd_u16be(msg, len, 2, &flags) ||
	    !pp_rd_u16be(msg, len, 4, &qd) || !pp_rd_u16be(msg, len, 6, &an) ||
	    !pp_rd_u16be(msg, len, 8, &ns) || !pp_rd_u16be(msg, len, 10, &ar)) {
		dns_say(reply, "DNS: reply of %zu bytes is shorter than a DNS header", len);
		return PP_FEED_BAD;
	}
	if (id != st->id) {
		dns_say(reply, "DNS: reply to another request (ID 0x%04x, sent 0x%04x)", id, st->id);
		return PP_FEED_BAD;
	}
	if (!(flags & 0x8000)) {
		dns_say(reply, "DNS: not a response (QR=0)");
		return PP_FEED_BAD;
	}
	unsigned opcode = flags >> 11 & 0xf, rcode = flags & 0xf;
	if (opcode != 0) {
		dns_say(reply, "DNS: response with opcode %u to a QUERY", opcode);
		return PP_FEED_BAD;
	}
	if (qd > 1) {
		dns_say(reply, "DNS: %u questions in the response to one", qd);
		return PP_FEED_BAD;
	}
	size_t off = DNS_HDR;
	if (qd == 1) {
		/* The question must be ours: ". IN NS". */
		size_t next = 0;
		char qname[8];
		uint16_t qtype, qclass;
		if (!dns_name(msg, len, off, &next, qname, sizeof qname) ||
		    !pp_rd_u16be(msg, len, next, &qtype) || !pp_rd_u16be(msg, len, next + 2, &qclass)) {
			dns_say(reply, "DNS: truncated or malformed question");
			return PP_FEED_BAD;
		}
		if (strcmp(qname, ".") != 0 || qtype != DNS_T_NS || qclass != 1) {
			dns_say(reply, "DNS: answer to another question");
			return PP_FEED_BAD;
		}
		off = next + 4;
	}
	/* Every record the counts announce must be there, whole (even with TC
	 * set, a server sends only whole records and counts what it sends). */
	char first[128] = "";
	unsigned total = (unsigned)an + ns + ar;
	for (unsigned i = 0; i < total; i++) {
		size_t next = 0;
		uint16_t type, rdlen;
		if (!dns_name(msg, len, off, &next, NULL, 0) || !pp_rd_u16be(msg, len, next, &type) ||
		    !pp_rd_u16be(msg, len, next + 8, &rdlen) || len - (next + 10) < rdlen) {
			dns_say(reply, "DNS: record %u of %u truncated or malformed", i + 1, total);
			return PP_FEED_BAD;
		}
		size_t rdata = next + 10, rend = rdata + rdlen, end = 0;
		/* Names in the record data are read as the rest: they must end
		 * where the data ends (their own labels inside it; pointers go
		 * back into the message). */
		char name[100];
		bool has_name = type == DNS_T_NS || type == DNS_T_CNAME || type == DNS_T_PTR ||
				type == DNS_T_SOA;
		if (has_name) {
			size_t mend = 0;
			bool ok = dns_name(msg, rend, rdata, &end, name, sizeof name);
			if (ok && type == DNS_T_SOA) /* MNAME, RNAME, then five 32-bit numbers */
				ok = dns_name(msg, rend, end, &mend, NULL, 0) && rend - mend == 20;
			else if (ok)
				ok = end == rend;
			if (!ok) {
				dns_say(reply, "DNS: record %u of %u has a malformed name in its data",
					i + 1, total);
				return PP_FEED_BAD;
			}
		}
		if (i == 0 && an > 0) {
			/* The first answer, for the person reading: "NS a.root-servers.net". */
			const char *tn = dns_type_name(type);
			if (has_name)
				snprintf(first, sizeof first, "; first answer %s %s", tn, name);
			else if (tn)
				snprintf(first, sizeof first, "; first answer type %s", tn);
			else
				snprintf(first, sizeof first, "; first answer type %u", type);
		}
		off = rdata + rdlen;
	}
	const char *rn = dns_rcode_name(rcode);
	char rbuf[16];
	if (!rn) {
		snprintf(rbuf, sizeof rbuf, "RCODE %u", rcode);
		rn = rbuf;
	}
	dns_say(reply, "DNS %s%s%s%s: %u answer%s, %u authority, %u additional%s", rn,
		flags & 0x0400 ? ", authoritative" : "", flags & 0x0080 ? ", recursion available" : "",
		flags & 0x0200 ? ", truncated" : "", an, an == 1 ? "" : "s", ns, ar, first);
	return PP_FEED_DONE;
}

static enum pp_feed dns_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			     struct pp_buf *out, struct pp_probe_reply *reply)
{
	const struct dns_state *st = state;
	(void)out;
	if (transport != PP_TR_TCP)
		return dns_parse(st, in, len, reply);
	uint16_t mlen;
	if (!pp_rd_u16be(in, len, 0, &mlen))
		return PP_FEED_MORE;
	if (mlen < DNS_HDR) {
		dns_say(reply, "DNS: TCP message length %u is shorter than a DNS header", mlen);
		return PP_FEED_BAD;
	}
	if (len - 2 < mlen)
		return PP_FEED_MORE;
	return dns_parse(st, in + 2, mlen, reply);
}

/*
 * Captured from BIND 9.18.49 (Debian 12 package bind9, 1:9.18.49-1~deb12u3)
 * serving a stand-in root zone on 127.0.0.1:53 in a test network namespace
 * (docs/probe/dns.md has the configuration): the UDP reply to dns_query
 * sent with ID 0x5a3c. `dig . NS +norec +noedns` shows it as
 *   status: NOERROR, flags: qr aa; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 0
 *   .  86400 IN NS b.root.test.
 *   .  86400 IN NS a.root.test.
 */
static const uint8_t dns_capture[] = {
	/* 00 */ 0x5a, 0x3c, /* ID */
	/* 02 */ 0x84, 0x00, /* QR=1, AA=1, RCODE=NOERROR */
	/* 04 */ 0x00, 0x01, /* QDCOUNT 1 */
	/* 06 */ 0x00, 0x02, /* ANCOUNT 2 */
	/* 08 */ 0x00, 0x00, /* NSCOUNT 0 */
	/* 0a */ 0x00, 0x00, /* ARCOUNT 0 */
	/* 0c */ 0x00, 0x00, 0x02, 0x00, 0x01, /* question: "." NS IN */
	/* 11 */ 0x00,                   /* answer 1: owner "." */
	/* 12 */ 0x00, 0x02, 0x00, 0x01, /* NS IN */
	/* 16 */ 0x00, 0x01, 0x51, 0x80, /* TTL 86400 */
	/* 1a */ 0x00, 0x0d,             /* RDLENGTH 13 */
	/* 1c */ 0x01, 'b', 0x04, 'r', 'o', 'o', 't', 0x04, 't', 'e', 's', 't', 0x00, /* b.root.test. */
	/* 29 */ 0xc0, 0x11,             /* answer 2: owner, a pointer to 0x11 (".") */
	/* 2b */ 0x00, 0x02, 0x00, 0x01, /* NS IN */
	/* 2f */ 0x00, 0x01, 0x51, 0x80, /* TTL 86400 */
	/* 33 */ 0x00, 0x04,             /* RDLENGTH 4 */
	/* 35 */ 0x01, 'a', 0xc0, 0x1e,  /* "a" + a pointer to 0x1e ("root.test.") */
};

/* Captured from dnsmasq 2.90 (Debian 12 package dnsmasq-base,
 * 2.90-4~deb12u2), `dnsmasq -k --no-resolv --no-hosts -p 5300`: a forwarder
 * with nowhere to forward refuses, which still proves a DNS server. */
static const uint8_t dns_capture_refused[] = {
	/* 00 */ 0x5a, 0x3c, /* ID */
	/* 02 */ 0x80, 0x85, /* QR=1, RA=1, RCODE=5 REFUSED */
	/* 04 */ 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* QD 1, AN 0, NS 0, AR 0 */
	/* 0c */ 0x00, 0x00, 0x02, 0x00, 0x01, /* question: "." NS IN */
};

static int dns_selftest(void)
{
	int fails = 0;
	struct dns_state st = {.id = 0x5a3c};
	struct pp_probe_reply r = {0};
	uint8_t buf[sizeof dns_capture + 2];

	if (dns_feed(&st, dns_capture, sizeof dns_capture, PP_TR_UDP, NULL, &r) != PP_FEED_DONE ||
	    strcmp(r.detail, "DNS NOERROR, authoritative: 2 answers, 0 authority, 0 additional; "
			     "first answer NS b.root.test.") != 0) {
		fprintf(stderr, "dns selftest: capture: %s\n", r.detail);
		fails++;
	}
	if (dns_feed(&st, dns_capture_refused, sizeof dns_capture_refused, PP_TR_UDP, NULL, &r) !=
		    PP_FEED_DONE ||
	    strcmp(r.detail, "DNS REFUSED, recursion available: 0 answers, 0 authority, "
			     "0 additional") != 0) {
		fprintf(stderr, "dns selftest: REFUSED capture: %s\n", r.detail);
		fails++;
	}
	/* The same over TCP, whole and one byte short. */
	buf[0] = 0;
	buf[1] = sizeof dns_capture;
	memcpy(buf + 2, dns_capture, sizeof dns_capture);
	if (dns_feed(&st, buf, sizeof buf, PP_TR_TCP, NULL, &r) != PP_FEED_DONE) {
		fprintf(stderr, "dns selftest: capture over TCP: %s\n", r.detail);
		fails++;
	}
	if (dns_feed(&st, buf, sizeof buf - 1, PP_TR_TCP, NULL, &r) != PP_FEED_MORE) {
		fprintf(stderr, "dns selftest: short TCP reply is not MORE\n");
		fails++;
	}
	/* Truncated datagram: the last A record is cut. */
	if (dns_feed(&st, dns_capture, sizeof dns_capture - 3, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "dns selftest: truncated reply accepted\n");
		fails++;
	}
	/* Corrupted: a pointer to itself, in an owner name and in record data. */
	memcpy(buf, dns_capture, sizeof dns_capture);
	buf[0x2a] = 0x29;
	if (dns_feed(&st, buf, sizeof dns_capture, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "dns selftest: looping owner pointer accepted\n");
		fails++;
	}
	memcpy(buf, dns_capture, sizeof dns_capture);
	buf[0x38] = 0x37;
	if (dns_feed(&st, buf, sizeof dns_capture, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "dns selftest: looping data pointer accepted\n");
		fails++;
	}
	/* Corrupted: a record count past the records there are. */
	memcpy(buf, dns_capture, sizeof dns_capture);
	buf[0x0b] = 1;
	if (dns_feed(&st, buf, sizeof dns_capture, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "dns selftest: missing additional record accepted\n");
		fails++;
	}
	/* Another ID. */
	st.id = 0x5a3d;
	if (dns_feed(&st, dns_capture, sizeof dns_capture, PP_TR_UDP, NULL, &r) != PP_FEED_BAD ||
	    !strstr(r.detail, "reply to another request")) {
		fprintf(stderr, "dns selftest: reply to another ID accepted\n");
		fails++;
	}
	return fails;
}

const struct pp_proto pp_proto_dns = { .name = "dns", .default_port = 53, .transports = PP_TR_TCP | PP_TR_UDP, .state_size = sizeof(struct dns_state), .start = dns_start, .feed = dns_feed, .selftest = dns_selftest };
