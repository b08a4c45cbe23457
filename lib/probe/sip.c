/*
 * SIP (5060/udp and 5060/tcp): an OPTIONS request (RFC 3261 §11), the
 * "ping" every SIP server answers, and its final response: status code and
 * reason, the Server (or User-Agent) header and the Allow list.
 *
 * The reply is matched to the request by its Call-ID and CSeq, both of
 * which a server copies from the request (RFC 3261 §8.2.6.2). Over TCP the
 * response may arrive in pieces: it is complete when the header block has
 * ended and Content-Length body bytes have followed (§18.3). A provisional
 * response (1xx) is skipped: the final one follows it.
 */
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"

#define SIP_MAX_HEADER (16 * 1024) /* a header block longer than this is not SIP */
#define SIP_MAX_BODY (64 * 1024)   /* an OPTIONS answer carries at most an SDP */
#define SIP_MAX_LINES 256          /* header lines read at most */
#define SIP_MAX_MSGS 8             /* provisional responses skipped at most (TCP) */
#define SIP_SENT_BY "portplan.invalid"

struct sip_state {
	char call_id[40]; /* what we sent: "<txid hex>@portplan" */
};

/* Is c allowed in the host part of our URIs? A name or an address: no
 * space, quote or angle bracket can leak into the request. */
static bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.' || c == ':' || c == '_';
}

/*
 * The request (RFC 3261 §11.1, one header a line, CRLF line ends):
 *
 *   OPTIONS sip:HOST SIP/2.0                     request line: the server itself
 *   Via: SIP/2.0/UDP portplan.invalid;branch=z9hG4bK-pp-TXID;rport
 *                                                transport as sent (UDP or TCP);
 *                                                sent-by: a name that cannot
 *                                                resolve (RFC 6761), we do not
 *                                                know our own address; rport
 *                                                (RFC 3581) makes the server
 *                                                answer the port we sent from;
 *                                                branch: the RFC 3261 magic
 *                                                cookie z9hG4bK, then the txid
 *   Max-Forwards: 70                             the recommended initial value
 *   From: <sip:portplan@HOST>;tag=TXID           tag required in a request
 *   To: <sip:portplan@HOST>                      no tag: outside a dialog
 *   Call-ID: TXID@portplan                       matched in the reply
 *   CSeq: 1 OPTIONS                              matched in the reply
 *   Contact: <sip:portplan@portplan.invalid>     where we could be reached
 *   Accept: application/sdp                      §11.1 "SHOULD" for OPTIONS
 *   User-Agent: portplan                         who asks, for the server's log
 *   Content-Length: 0                            no body; required over TCP
 *   (empty line)
 *
 * TXID is the probe's txid as 8 lowercase hex digits. HOST is the name or
 * address probed; an IPv6 address goes in brackets.
 */
static int sip_start(void *state, uint32_t txid, unsigned transport, const char *host,
		     struct pp_buf *out)
{
	struct sip_state *st = state;
	size_t n = host ? strlen(host) : 0;
	if (n == 0 || n > 253)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!host_char(host[i]))
			return -1;
	bool v6 = strchr(host, ':') != NULL;
	char h[260];
	snprintf(h, sizeof h, "%s%s%s", v6 ? "[" : "", host, v6 ? "]" : "");
	snprintf(st->call_id, sizeof st->call_id, "%08x@portplan", (unsigned)txid);
	pp_buf_printf(out,
		      "OPTIONS sip:%s SIP/2.0\r\n"
		      "Via: SIP/2.0/%s " SIP_SENT_BY ";branch=z9hG4bK-pp-%08x;rport\r\n"
		      "Max-Forwards: 70\r\n"
		      "From: <sip:portplan@%s>;tag=%08x\r\n"
		      "To: <sip:portplan@%s>\r\n"
		      "Call-ID: %s\r\n"
		      "CSeq: 1 OPTIONS\r\n"
		      "Contact: <sip:portplan@" SIP_SENT_BY ">\r\n"
		      "Accept: application/sdp\r\n"
		      "User-Agent: portplan\r\n"
		      "Content-Length: 0\r\n"
		      "\r\n",
		      h, transport == PP_TR_TCP ? "TCP" : "UDP", (unsigned)txid, h, (unsigned)txid, h,
		      st->call_id);
	return out->failed ? -1 : 0;
}

/* ---------- reading the response ---------- */

static char lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : (char)c;
}

/* Does the n-byte header name equal name (case-insensitively, §7.3.1)? */
static bool name_is(const uint8_t *p, size_t n, const char *name)
{
	if (strlen(name) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(p[i]) != lower((uint8_t)name[i]))
			return false;
	return true;
}

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t';
}

/* What one response said. */
struct sip_msg {
	unsigned code;
	char reason[80];
	char server[128];
	char allow[160];
	bool has_call_id, has_cseq, has_length, has_via, via_kept;
	size_t content_length;
	size_t total;            /* bytes of the whole message */
};

enum sip_parse { SIP_OK, SIP_INCOMPLETE, SIP_BAD };

/* Where the header block ends: the offset after its empty line, or 0 when
 * it has not ended within len. Lines end in CRLF; a bare LF is tolerated. */
static size_t header_end(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] != '\n')
			continue;
		if (i + 1 < len && p[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && p[i + 1] == '\r' && p[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

static void append_list(char *dst, size_t cap, const char *s)
{
	size_t k = strlen(dst);
	if (k + 1 >= cap)
		return;
	snprintf(dst + k, cap - k, "%s%s", k ? ", " : "", s);
}

/* Parse one response at p[0..len): its status line, the headers we read,
 * and its length. why says what was wrong (SIP_BAD) or missing. */
static enum sip_parse parse_msg(const struct sip_state *st, const uint8_t *p, size_t len,
				unsigned transport, struct sip_msg *m, char *why, size_t why_cap)
{
	static const char version[] = "SIP/2.0 ";
	memset(m, 0, sizeof *m);
	for (size_t i = 0; i < len && i < sizeof version - 1; i++)
		if (lower(p[i]) != lower((uint8_t)version[i])) {
			char t[41];
			snprintf(why, why_cap, "not a SIP response: '%s'",
				 pp_printable(t, sizeof t, p, len < 40 ? len : 40));
			return SIP_BAD;
		}
	size_t hend = header_end(p, len < SIP_MAX_HEADER ? len : SIP_MAX_HEADER);
	if (hend == 0) {
		if (len >= SIP_MAX_HEADER) {
			snprintf(why, why_cap, "no end of the SIP header within %d bytes", SIP_MAX_HEADER);
			return SIP_BAD;
		}
		snprintf(why, why_cap, "truncated SIP response (%zu bytes, header not ended)", len);
		return SIP_INCOMPLETE;
	}

	/* Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF */
	size_t i = sizeof version - 1;
	if (hend < i + 4 || p[i] < '1' || p[i] > '6' || p[i + 1] < '0' || p[i + 1] > '9' ||
	    p[i + 2] < '0' || p[i + 2] > '9' || !(p[i + 3] == ' ' || p[i + 3] == '\r' || p[i + 3] == '\n')) {
		snprintf(why, why_cap, "bad SIP status line");
		return SIP_BAD;
	}
	m->code = (unsigned)((p[i] - '0') * 100 + (p[i + 1] - '0') * 10 + (p[i + 2] - '0'));
	i += 3;
	size_t eol = i;
	while (eol < hend && p[eol] != '\n')
		eol++;
	size_t r0 = i < eol && p[i] == ' ' ? i + 1 : i, r1 = eol;
	if (r1 > r0 && p[r1 - 1] == '\r')
		r1--;
	pp_printable(m->reason, sizeof m->reason, p + r0, r1 - r0);

	/* Headers: name ":" value, one a line up to the empty line. A line
	 * starting with a space continues the previous one (§7.3.1): such
	 * continuations are skipped, none of the headers we read needs one. */
	size_t lines = 0;
	for (size_t ls = eol + 1; ls < hend && lines < SIP_MAX_LINES; lines++) {
		size_t le = ls;
		while (le < hend && p[le] != '\n')
			le++;
		size_t ve = le; /* value end, before CR */
		if (ve > ls && p[ve - 1] == '\r')
			ve--;
		size_t next = le + 1;
		if (ve == ls)
			break; /* the empty line */
		if (is_space(p[ls])) {
			ls = next;
			continue;
		}
		size_t colon = ls;
		while (colon < ve && p[colon] != ':')
			colon++;
		if (colon == ve) {
			snprintf(why, why_cap, "bad SIP header line %zu (no colon)", lines + 1);
			return SIP_BAD;
		}
		size_t ne = colon;
		while (ne > ls && is_space(p[ne - 1]))
			ne--;
		size_t vs = colon + 1;
		while (vs < ve && is_space(p[vs]))
			vs++;
		size_t vlen = ve - vs;
		const uint8_t *name = p + ls, *val = p + vs;
		size_t nlen = ne - ls;
		if (name_is(name, nlen, "Call-ID") || name_is(name, nlen, "i")) {
			char got[48];
			if (vlen != strlen(st->call_id) || memcmp(val, st->call_id, vlen) != 0) {
				snprintf(why, why_cap, "reply to another request (Call-ID '%s')",
					 pp_printable(got, sizeof got, val, vlen));
				return SIP_BAD;
			}
			m->has_call_id = true;
		} else if (name_is(name, nlen, "CSeq")) {
			/* CSeq = 1*DIGIT LWS Method: ours is "1 OPTIONS" */
			size_t k = 0;
			while (k < vlen && val[k] == '0')
				k++;
			bool ok = k < vlen && val[k] == '1';
			k++;
			size_t sp = k;
			while (k < vlen && is_space(val[k]))
				k++;
			ok = ok && k > sp && vlen - k == 7 && memcmp(val + k, "OPTIONS", 7) == 0;
			if (!ok) {
				char got[48];
				snprintf(why, why_cap, "reply to another request (CSeq '%s')",
					 pp_printable(got, sizeof got, val, vlen));
				return SIP_BAD;
			}
			m->has_cseq = true;
		} else if (name_is(name, nlen, "Content-Length") || name_is(name, nlen, "l")) {
			size_t v = 0, k = 0;
			for (; k < vlen && val[k] >= '0' && val[k] <= '9'; k++) {
				v = v * 10 + (size_t)(val[k] - '0');
				if (v > SIP_MAX_BODY)
					break;
			}
			if (k == 0 || k < vlen || v > SIP_MAX_BODY) {
				char got[32];
				snprintf(why, why_cap, "bad SIP Content-Length '%s'",
					 pp_printable(got, sizeof got, val, vlen));
				return SIP_BAD;
			}
			m->has_length = true;
			m->content_length = v;
		} else if (name_is(name, nlen, "Server") ||
			   (name_is(name, nlen, "User-Agent") && !m->server[0])) {
			pp_printable(m->server, sizeof m->server, val, vlen);
		} else if (name_is(name, nlen, "Allow")) {
			char a[160];
			append_list(m->allow, sizeof m->allow, pp_printable(a, sizeof a, val, vlen));
		} else if ((name_is(name, nlen, "Via") || name_is(name, nlen, "v")) && !m->has_via) {
			/* The top Via is ours, copied back; a SIP ALG on the way may
			 * have rewritten its sent-by. */
			m->has_via = true;
			static const char ours[] = SIP_SENT_BY;
			for (size_t k = 0; k + sizeof ours - 1 <= vlen && !m->via_kept; k++)
				m->via_kept = memcmp(val + k, ours, sizeof ours - 1) == 0;
		}
		ls = next;
	}
	if (lines >= SIP_MAX_LINES) {
		snprintf(why, why_cap, "more than %d SIP header lines", SIP_MAX_LINES);
		return SIP_BAD;
	}
	if (!m->has_call_id) {
		snprintf(why, why_cap, "SIP response without a Call-ID");
		return SIP_BAD;
	}
	if (!m->has_cseq) {
		snprintf(why, why_cap, "SIP response without a CSeq");
		return SIP_BAD;
	}
	/* The body: Content-Length bytes after the header block. Without one a
	 * datagram's body is the rest of it (§18.3); over TCP it is required,
	 * and missing is read as no body. */
	size_t body = m->has_length ? m->content_length : transport == PP_TR_UDP ? len - hend : 0;
	if (body > len - hend) {
		snprintf(why, why_cap, "truncated SIP response (body %zu of %zu bytes)", len - hend, body);
		return SIP_INCOMPLETE;
	}
	m->total = hend + body;
	return SIP_OK;
}

static enum pp_feed sip_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			     struct pp_buf *out, struct pp_probe_reply *reply)
{
	(void)out;
	const struct sip_state *st = state;
	char why[160];
	struct sip_msg m;
	size_t off = 0;
	for (int n = 0; n < SIP_MAX_MSGS; n++) {
		enum sip_parse r = parse_msg(st, in + off, len - off, transport, &m, why, sizeof why);
		if (r == SIP_INCOMPLETE && transport == PP_TR_TCP)
			return PP_FEED_MORE;
		if (r != SIP_OK) {
			snprintf(reply->detail, sizeof reply->detail, "%s", why);
			return PP_FEED_BAD;
		}
		if (m.code >= 200)
			break;
		/* A provisional response: the final one comes next, in the same
		 * stream or in the next datagram. */
		if (transport != PP_TR_TCP)
			return PP_FEED_MORE;
		off += m.total;
		if (off >= len)
			return PP_FEED_MORE;
	}
	if (m.code < 200) {
		snprintf(reply->detail, sizeof reply->detail, "more than %d provisional SIP responses",
			 SIP_MAX_MSGS);
		return PP_FEED_BAD;
	}
	snprintf(reply->detail, sizeof reply->detail, "SIP %u %s%s%s%s%s%s", m.code, m.reason,
		 m.server[0] ? ", server '" : "", m.server, m.server[0] ? "'" : "",
		 m.allow[0] ? ", allow " : "", m.allow);
	if (m.has_via && !m.via_kept) {
		size_t k = strlen(reply->detail);
		snprintf(reply->detail + k, sizeof reply->detail - k, " (top Via rewritten on the way: a SIP ALG?)");
	}
	return PP_FEED_DONE;
}

/* ---------- selftest ---------- */

/*
 * Captured from kamailio 5.6.3 (Debian 12 package "kamailio") on
 * 127.0.0.1:5060, a minimal configuration answering OPTIONS with
 * sl_send_reply("200", "OK") and an Allow header (docs/probe/sip.md), in
 * reply to sip_start(txid 0x5eed0001, UDP, "127.0.0.1"). SIP is text: the
 * bytes are written as string pieces, one header a line.
 */
static const char sip_udp_200[] =
	"SIP/2.0 200 OK\r\n"                                         /* status line */
	"Via: SIP/2.0/UDP portplan.invalid;branch=z9hG4bK-pp-5eed0001;rport=39381;received=127.0.0.1\r\n"
	"From: <sip:portplan@127.0.0.1>;tag=5eed0001\r\n"
	"To: <sip:portplan@127.0.0.1>;tag=9dd61ff61e802d8e2bef5f14621ef3c2.34d00000\r\n"
	"Call-ID: 5eed0001@portplan\r\n"                              /* ours, copied */
	"CSeq: 1 OPTIONS\r\n"                                         /* ours, copied */
	"Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n"
	"Server: kamailio (5.6.3 (x86_64/linux))\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

/* The same server over TCP, txid 0x5eed0002. */
static const char sip_tcp_200[] =
	"SIP/2.0 200 OK\r\n"
	"Via: SIP/2.0/TCP portplan.invalid;branch=z9hG4bK-pp-5eed0002;rport=46770;received=127.0.0.1\r\n"
	"From: <sip:portplan@127.0.0.1>;tag=5eed0002\r\n"
	"To: <sip:portplan@127.0.0.1>;tag=9dd61ff61e802d8e2bef5f14621ef3c2.34d00000\r\n"
	"Call-ID: 5eed0002@portplan\r\n"
	"CSeq: 1 OPTIONS\r\n"
	"Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n"
	"Server: kamailio (5.6.3 (x86_64/linux))\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

#define SIP_KAMAILIO_DETAIL \
	"SIP 200 OK, server 'kamailio (5.6.3 (x86_64/linux))', allow INVITE, ACK, CANCEL, OPTIONS, BYE"

/* Start a probe with txid over transport, feed it n bytes of reply, and
 * check the result (and, when want_detail is set, the detail's start). */
static int sip_check(const char *what, uint32_t txid, unsigned transport, const char *reply_bytes,
		     size_t n, enum pp_feed want, const char *want_detail)
{
	struct sip_state st = {0};
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	int fail = 0;
	if (sip_start(&st, txid, transport, "127.0.0.1", &out) != 0) {
		fprintf(stderr, "sip selftest: %s: start failed\n", what);
		fail = 1;
	} else {
		enum pp_feed f = sip_feed(&st, (const uint8_t *)reply_bytes, n, transport, &out, &r);
		if (f != want || (want_detail && strncmp(r.detail, want_detail, strlen(want_detail)) != 0)) {
			fprintf(stderr, "sip selftest: %s: got %d '%s', want %d '%s'\n", what, (int)f,
				r.detail, (int)want, want_detail ? want_detail : "");
			fail = 1;
		}
	}
	pp_buf_free(&out);
	pp_probe_reply_free(&r);
	return fail;
}

static int sip_selftest(void)
{
	int fail = 0;
	char b[1024];
	size_t n = sizeof sip_udp_200 - 1;

	/* The captured replies, whole. */
	fail += sip_check("udp 200", 0x5eed0001, PP_TR_UDP, sip_udp_200, n, PP_FEED_DONE,
			  SIP_KAMAILIO_DETAIL);
	fail += sip_check("tcp 200", 0x5eed0002, PP_TR_TCP, sip_tcp_200, sizeof sip_tcp_200 - 1,
			  PP_FEED_DONE, SIP_KAMAILIO_DETAIL);
	/* Truncated: a datagram cut short is bad, a stream waits for more. */
	fail += sip_check("udp truncated", 0x5eed0001, PP_TR_UDP, sip_udp_200, n - 2, PP_FEED_BAD,
			  "truncated");
	fail += sip_check("tcp in pieces", 0x5eed0002, PP_TR_TCP, sip_tcp_200, 100, PP_FEED_MORE, NULL);
	/* Matched by Call-ID: the same reply to another probe is refused. */
	fail += sip_check("other txid", 0x5eed0003, PP_TR_UDP, sip_udp_200, n, PP_FEED_BAD,
			  "reply to another request (Call-ID '5eed0001@portplan')");
	/* Corrupted: the status code, the CSeq, the Content-Length. */
	memcpy(b, sip_udp_200, n);
	b[8] = 'x';
	fail += sip_check("bad status", 0x5eed0001, PP_TR_UDP, b, n, PP_FEED_BAD, "bad SIP status line");
	memcpy(b, sip_udp_200, n);
	memcpy(strstr(b, "CSeq: 1") + 6, "2", 1);
	fail += sip_check("other CSeq", 0x5eed0001, PP_TR_UDP, b, n, PP_FEED_BAD,
			  "reply to another request (CSeq '2 OPTIONS')");
	memcpy(b, sip_udp_200, n);
	memcpy(strstr(b, "Length: 0") + 8, "9", 1);
	fail += sip_check("long body", 0x5eed0001, PP_TR_UDP, b, n, PP_FEED_BAD, "truncated SIP response (body 0 of 9");
	fail += sip_check("long body tcp", 0x5eed0001, PP_TR_TCP, b, n, PP_FEED_MORE, NULL);
	/* A provisional response before the final one (TCP): skipped. Made
	 * from the capture: "100 Trying" with the same headers, then 200. */
	int k1 = snprintf(b, sizeof b, "SIP/2.0 100 Trying\r\n%s", strchr(sip_tcp_200, '\n') + 1);
	int k = k1 + snprintf(b + k1, sizeof b - (size_t)k1, "%s", sip_tcp_200);
	fail += sip_check("100 then 200", 0x5eed0002, PP_TR_TCP, b, (size_t)k, PP_FEED_DONE,
			  SIP_KAMAILIO_DETAIL);
	fail += sip_check("100 alone", 0x5eed0002, PP_TR_TCP, b, (size_t)k1, PP_FEED_MORE, NULL);
	fail += sip_check("100 on udp", 0x5eed0002, PP_TR_UDP, b, (size_t)k1, PP_FEED_MORE, NULL);
	/* A SIP ALG that rewrote our Via's sent-by is reported. */
	memcpy(b, sip_udp_200, n);
	memcpy(strstr(b, "portplan.invalid"), "10.11.12.13.....", 16);
	fail += sip_check("via rewritten", 0x5eed0001, PP_TR_UDP, b, n, PP_FEED_DONE,
			  SIP_KAMAILIO_DETAIL " (top Via rewritten");
	/* Not SIP at all. */
	fail += sip_check("http", 0x5eed0001, PP_TR_TCP, "HTTP/1.1 400 Bad Request\r\n\r\n", 28,
			  PP_FEED_BAD, "not a SIP response");
	return fail;
}

const struct pp_proto pp_proto_sip = { .name = "sip", .default_port = 5060, .transports = PP_TR_TCP | PP_TR_UDP, .state_size = sizeof(struct sip_state), .start = sip_start, .feed = sip_feed, .selftest = sip_selftest };
