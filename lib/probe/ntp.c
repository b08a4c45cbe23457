/*
 * NTP (RFC 5905), port 123 over UDP: one client request (mode 3), as SNTP
 * sends it (RFC 4330 5: every field zero but the first byte and the
 * transmit timestamp). The server copies the request's transmit timestamp
 * into its reply's origin timestamp (RFC 5905 8, "origin timestamp"), so
 * the transmit timestamp carries the txid and the reply is matched by it.
 *
 * The reply tells the server's stratum, its reference (a clock name at
 * stratum 1, the upstream server's IPv4 address below), its precision and
 * leap indicator, or a kiss-o'-death (stratum 0 with a 4-letter code,
 * RFC 5905 7.4): the server is there but will not serve this client.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "portplan/probe.h"

struct ntp_state {
	uint8_t xmt[8]; /* the transmit timestamp sent, expected back as origin */
};

#define NTP_LEN 48

/* The request, 48 bytes. */
static const uint8_t ntp_request[NTP_LEN] = {
	/* 00 */ 0x23,       /* LI=0 (no warning), VN=4, Mode=3 (client): 00 100 011 */
	/* 01 */ 0x00,       /* stratum: 0, a client has none */
	/* 02 */ 0x00,       /* poll: 0 */
	/* 03 */ 0x00,       /* precision: 0 */
	/* 04 */ 0, 0, 0, 0, /* root delay: 0 */
	/* 08 */ 0, 0, 0, 0, /* root dispersion: 0 */
	/* 0c */ 0, 0, 0, 0, /* reference id: 0 */
	/* 10 */ 0, 0, 0, 0, 0, 0, 0, 0, /* reference timestamp: 0 */
	/* 18 */ 0, 0, 0, 0, 0, 0, 0, 0, /* origin timestamp: 0 (so the server
					  * answers in basic, not interleaved, mode) */
	/* 20 */ 0, 0, 0, 0, 0, 0, 0, 0, /* receive timestamp: 0 */
	/* 28 */ 0, 0, 0, 0, 0, 0, 0, 0, /* transmit timestamp: stamped by
					  * ntp_start(): seconds = txid, fraction =
					  * a mix of txid with its low bit set, so it is
					  * never zero (a zero transmit timestamp is
					  * bogus, RFC 5905 8) */
};

#define NTP_OFF_ORG 24
#define NTP_OFF_XMT 40

static int ntp_start(void *state, uint32_t txid, unsigned transport, const char *host,
		     struct pp_buf *out)
{
	struct ntp_state *st = state;
	(void)host;
	if (transport != PP_TR_UDP)
		return -1;
	uint8_t msg[NTP_LEN];
	memcpy(msg, ntp_request, sizeof msg);
	uint32_t frac = (txid * 2654435761u) | 1;
	for (int i = 0; i < 4; i++) {
		st->xmt[i] = (uint8_t)(txid >> (24 - 8 * i));
		st->xmt[4 + i] = (uint8_t)(frac >> (24 - 8 * i));
	}
	memcpy(msg + NTP_OFF_XMT, st->xmt, 8);
	pp_buf_put(out, (const char *)msg, sizeof msg);
	return out->failed ? -1 : 0;
}

static void ntp_say(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ntp_say(struct pp_probe_reply *reply, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail, sizeof reply->detail, fmt, ap);
	va_end(ap);
}

/* A kiss code's meaning (RFC 5905 7.4, figure 13), or NULL. */
static const char *ntp_kiss_meaning(const char *code)
{
	static const char *const kiss[][2] = {
		{"ACST", "unicast server"},     {"AUTH", "authentication failed"},
		{"AUTO", "autokey failed"},     {"BCST", "broadcast server"},
		{"CRYP", "cryptographic authentication failed"},
		{"DENY", "access denied"},      {"DROP", "lost peer in symmetric mode"},
		{"RSTR", "access restricted"},  {"INIT", "association not yet synchronized"},
		{"MCST", "multicast server"},   {"NKEY", "no key found"},
		{"RATE", "rate exceeded: the client must slow down"},
		{"RMOT", "remote host alteration"}, {"STEP", "step change in system time"},
	};
	for (size_t i = 0; i < sizeof kiss / sizeof *kiss; i++)
		if (strcmp(code, kiss[i][0]) == 0)
			return kiss[i][1];
	return NULL;
}

/* The reference id as 1 to 4 printable ASCII letters, digits or spaces
 * padded with NULs ("GPS", "PPS", "DENY"), into text; false if it is not. */
static bool ntp_refid_text(const uint8_t *id, char text[5])
{
	size_t n = 0;
	while (n < 4 && id[n])
		n++;
	for (size_t i = n; i < 4; i++)
		if (id[i])
			return false;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (id[i] < 0x20 || id[i] >= 0x7f)
			return false;
	pp_printable(text, 5, id, n);
	return true;
}

static enum pp_feed ntp_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			     struct pp_buf *out, struct pp_probe_reply *reply)
{
	const struct ntp_state *st = state;
	(void)transport;
	(void)out;
	/* A reply is the 48-byte header, perhaps followed by extension fields
	 * and a MAC, which are not read. */
	if (len < NTP_LEN) {
		ntp_say(reply, "NTP: reply of %zu bytes is shorter than an NTP header", len);
		return PP_FEED_BAD;
	}
	unsigned li = in[0] >> 6, vn = in[0] >> 3 & 7, mode = in[0] & 7;
	if (vn < 1 || vn > 4) {
		ntp_say(reply, "NTP: version %u is not NTP", vn);
		return PP_FEED_BAD;
	}
	if (mode != 4) {
		ntp_say(reply, "NTP: mode %u in the reply, not 4 (server)", mode);
		return PP_FEED_BAD;
	}
	if (memcmp(in + NTP_OFF_ORG, st->xmt, 8) != 0) {
		ntp_say(reply, "NTP: reply to another request (origin timestamp is not ours)");
		return PP_FEED_BAD;
	}
	unsigned stratum = in[1];
	int precision = (int8_t)in[3];
	const uint8_t *refid = in + 12;
	char code[5];
	if (stratum == 0 && ntp_refid_text(refid, code)) {
		const char *why = ntp_kiss_meaning(code);
		ntp_say(reply, "NTPv%u kiss-o'-death %s%s%s", vn, code, why ? ": " : "",
			why ? why : "");
		return PP_FEED_DONE;
	}
	char ref[32];
	if (stratum == 0 || stratum >= 16)
		snprintf(ref, sizeof ref, "unsynchronized");
	else if (stratum == 1)
		snprintf(ref, sizeof ref, "reference %s",
			 ntp_refid_text(refid, code) ? code : "(not text)");
	else
		snprintf(ref, sizeof ref, "reference %u.%u.%u.%u", refid[0], refid[1], refid[2],
			 refid[3]);
	static const char *const leap[] = {"none", "+1 s", "-1 s", "alarm (unsynchronized)"};
	/* The server's clock, from its transmit timestamp: seconds since 1900,
	 * and from 2036 on, when they wrap, since 2036-02-07 06:28:16 UTC (the
	 * high bit tells which, RFC 4330 3). Zero means no time. */
	uint32_t secs = 0;
	char when[40] = "";
	if (pp_rd_u32be(in, len, NTP_OFF_XMT, &secs) && secs != 0) {
		int64_t usecs = secs & 0x80000000u ? (int64_t)secs - 2208988800
						  : (int64_t)secs + 2085978496;
		time_t t = (time_t)usecs;
		struct tm tm;
		if ((int64_t)t == usecs && gmtime_r(&t, &tm))
			strftime(when, sizeof when, ", time %Y-%m-%d %H:%M:%S UTC", &tm);
	}
	ntp_say(reply, "NTPv%u mode 4 (server), stratum %u, %s, precision 2^%d s, leap %s%s", vn,
		stratum, ref, precision, leap[li], when);
	return PP_FEED_DONE;
}

/*
 * Captured from chrony 4.3 (Debian 12 package chrony, 4.3-2+deb12u3),
 * `chronyd -x -d` with `local stratum 10` and `allow 127.0.0.1`, on
 * 127.0.0.1:123 in a test network namespace (docs/probe/ntp.md): the reply
 * to ntp_request sent with txid 0x5a3c0f1e.
 */
static const uint8_t ntp_capture[] = {
	/* 00 */ 0x24,                   /* LI=0, VN=4, mode 4 (server) */
	/* 01 */ 0x0a,                   /* stratum 10 */
	/* 02 */ 0x00,                   /* poll 0 (ours, echoed) */
	/* 03 */ 0xe7,                   /* precision -25: 2^-25 s, about 30 ns */
	/* 04 */ 0x00, 0x00, 0x00, 0x00, /* root delay 0 */
	/* 08 */ 0x00, 0x00, 0x00, 0x00, /* root dispersion 0 */
	/* 0c */ 0x7f, 0x7f, 0x01, 0x01, /* reference id 127.127.1.1 (the local clock) */
	/* 10 */ 0xee, 0xad, 0x7c, 0x61, 0xc5, 0x04, 0x9b, 0xb9, /* reference timestamp */
	/* 18 */ 0x5a, 0x3c, 0x0f, 0x1e, 0x8a, 0x1d, 0xa1, 0xbf, /* origin: our transmit timestamp */
	/* 20 */ 0xee, 0xad, 0x7c, 0x66, 0x76, 0xf5, 0x54, 0xef, /* receive timestamp */
	/* 28 */ 0xee, 0xad, 0x7c, 0x66, 0x76, 0xf8, 0xd9, 0x1c, /* transmit: 2026-11-22 14:36:22 UTC */
};

/* The same chronyd without `local stratum 10`, so with no time source:
 * stratum 0 and reference id 0 with the leap alarm, which is not a
 * kiss-o'-death. */
static const uint8_t ntp_capture_unsync[] = {
	/* 00 */ 0xe4,                   /* LI=3 (alarm), VN=4, mode 4 (server) */
	/* 01 */ 0x00, 0x00, 0xe7,       /* stratum 0, poll 0, precision -25 */
	/* 04 */ 0x00, 0x01, 0x00, 0x00, /* root delay 1 s */
	/* 08 */ 0x00, 0x01, 0x00, 0x00, /* root dispersion 1 s */
	/* 0c */ 0x00, 0x00, 0x00, 0x00, /* reference id 0 */
	/* 10 */ 0, 0, 0, 0, 0, 0, 0, 0, /* reference timestamp 0 */
	/* 18 */ 0x5a, 0x3c, 0x0f, 0x1e, 0x8a, 0x1d, 0xa1, 0xbf, /* origin: ours */
	/* 20 */ 0xee, 0xad, 0x7c, 0x77, 0xc0, 0xfb, 0xda, 0x15, /* receive */
	/* 28 */ 0xee, 0xad, 0x7c, 0x77, 0xc2, 0x2f, 0xd8, 0x54, /* transmit */
};

static int ntp_selftest(void)
{
	int fails = 0;
	struct ntp_state st;
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	uint8_t buf[sizeof ntp_capture];

	if (ntp_start(&st, 0x5a3c0f1e, PP_TR_UDP, "", &out) != 0 ||
	    ntp_feed(&st, ntp_capture, sizeof ntp_capture, PP_TR_UDP, NULL, &r) != PP_FEED_DONE ||
	    strcmp(r.detail, "NTPv4 mode 4 (server), stratum 10, reference 127.127.1.1, "
			     "precision 2^-25 s, leap none, time 2026-11-22 14:36:22 UTC") != 0) {
		fprintf(stderr, "ntp selftest: capture: %s\n", r.detail);
		fails++;
	}
	pp_buf_free(&out);
	if (ntp_feed(&st, ntp_capture_unsync, sizeof ntp_capture_unsync, PP_TR_UDP, NULL, &r) !=
		    PP_FEED_DONE ||
	    strcmp(r.detail, "NTPv4 mode 4 (server), stratum 0, unsynchronized, precision 2^-25 s, "
			     "leap alarm (unsynchronized), time 2026-11-22 14:36:39 UTC") != 0) {
		fprintf(stderr, "ntp selftest: unsynchronized capture: %s\n", r.detail);
		fails++;
	}
	/* Truncated: one byte short of the header. */
	if (ntp_feed(&st, ntp_capture, sizeof ntp_capture - 1, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "ntp selftest: truncated reply accepted\n");
		fails++;
	}
	/* Corrupted: mode 3, a client's request sent back. */
	memcpy(buf, ntp_capture, sizeof buf);
	buf[0] = 0x23;
	if (ntp_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_BAD) {
		fprintf(stderr, "ntp selftest: mode 3 reply accepted\n");
		fails++;
	}
	/* Corrupted: another origin timestamp. */
	memcpy(buf, ntp_capture, sizeof buf);
	buf[NTP_OFF_ORG + 7] ^= 0x40;
	if (ntp_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_BAD ||
	    !strstr(r.detail, "reply to another request")) {
		fprintf(stderr, "ntp selftest: reply to another request accepted\n");
		fails++;
	}
	/* A kiss-o'-death: stratum 0, reference id "RATE". */
	memcpy(buf, ntp_capture, sizeof buf);
	buf[0] = 0xe4;
	buf[1] = 0;
	memcpy(buf + 12, "RATE", 4);
	if (ntp_feed(&st, buf, sizeof buf, PP_TR_UDP, NULL, &r) != PP_FEED_DONE ||
	    strcmp(r.detail, "NTPv4 kiss-o'-death RATE: rate exceeded: the client must slow down") != 0) {
		fprintf(stderr, "ntp selftest: kiss-o'-death: %s\n", r.detail);
		fails++;
	}
	return fails;
}

const struct pp_proto pp_proto_ntp = { .name = "ntp", .default_port = 123, .transports = PP_TR_UDP, .state_size = sizeof(struct ntp_state), .start = ntp_start, .feed = ntp_feed, .selftest = ntp_selftest };
