/*
 * SMB (445/tcp, "direct hosting" SMB over TCP): one SMB2 NEGOTIATE.
 *
 * The request (MS-SMB2 2.2.3) offers the dialects 2.0.2, 2.1, 3.0, 3.0.2
 * and 3.1.1, with the two negotiate contexts 3.1.1 requires (2.2.3.1.1
 * preauth integrity, SHA-512 and a 32-byte salt; 2.2.3.1.2 encryption
 * capabilities, four ciphers), inside the 4-byte length header of direct
 * TCP transport (MS-SMB2 2.1). The reply (2.2.4) tells the dialect the
 * server chose, whether it requires signing, its GUID, capabilities, size
 * limits, clock, the cipher it picked for 3.1.1 and which authentication
 * its SPNEGO blob offers. An SMB1-only server answering with an SMB1
 * header ("\xffSMB") is reported as such.
 *
 * Matching a reply to its request: the first request on a connection must
 * carry MessageId 0 (the server's command sequence window starts at {0},
 * MS-SMB2 3.3.5.2.3), and the NEGOTIATE response echoes nothing else of the
 * request. The txid goes into the ClientGuid, where a server's logs and a
 * capture show it; the reply must be a server-to-client NEGOTIATE with
 * MessageId 0, or it is "reply to another request". On TCP the connection
 * itself is the rest of the match.
 *
 * See docs/probe/smb.md for the layout and references.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "portplan/probe.h"

/* ---------- the request ---------- */

/* The SMB2 message starts after the 4-byte transport header; every offset
 * in an SMB2 message (NegotiateContextOffset, SecurityBufferOffset) counts
 * from its first byte, the 0xFE of the protocol id. */
#define NB_HDR 4
#define SMB2_HDR 64

/* Offsets in the SMB2 message of the bytes start() stamps per probe. */
#define REQ_CLIENT_GUID (SMB2_HDR + 0x0c) /* 0x4c: txid, little-endian */
#define REQ_SALT 0x7e                     /* 32-byte preauth salt */
#define REQ_SALT_LEN 32

static const uint8_t smb_negotiate[] = {
	/* --- transport header, MS-SMB2 2.1 (direct TCP) --- */
	0x00,                   /* zero byte (NetBIOS session message type) */
	0x00, 0x00, 0xb2,       /* StreamProtocolLength: 178 bytes of SMB2, big-endian */

	/* --- SMB2 sync header, MS-SMB2 2.2.1.2; offsets in the SMB2 message --- */
	/* 0x00 */ 0xfe, 'S', 'M', 'B', /* ProtocolId */
	/* 0x04 */ 0x40, 0x00,          /* StructureSize: 64 */
	/* 0x06 */ 0x00, 0x00,          /* CreditCharge: 0 (NEGOTIATE costs nothing) */
	/* 0x08 */ 0x00, 0x00, 0x00, 0x00, /* ChannelSequence/Reserved: 0 in a request */
	/* 0x0c */ 0x00, 0x00,          /* Command: 0x0000 SMB2 NEGOTIATE */
	/* 0x0e */ 0x01, 0x00,          /* CreditRequest: 1 (one request is all we send) */
	/* 0x10 */ 0x00, 0x00, 0x00, 0x00, /* Flags: 0 (client to server, sync, unsigned) */
	/* 0x14 */ 0x00, 0x00, 0x00, 0x00, /* NextCommand: 0, not compounded */
	/* 0x18 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* MessageId: 0, the
				  * only id a server accepts first (3.3.5.2.3) */
	/* 0x20 */ 0x00, 0x00, 0x00, 0x00, /* Reserved (ProcessId): 0 */
	/* 0x24 */ 0x00, 0x00, 0x00, 0x00, /* TreeId: 0, no tree yet */
	/* 0x28 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* SessionId: 0, none yet */
	/* 0x30 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* Signature: 16 zero */
	/* 0x38 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* bytes, unsigned */

	/* --- NEGOTIATE request, MS-SMB2 2.2.3 --- */
	/* 0x40 */ 0x24, 0x00,          /* StructureSize: 36 */
	/* 0x42 */ 0x05, 0x00,          /* DialectCount: 5 */
	/* 0x44 */ 0x01, 0x00,          /* SecurityMode: SIGNING_ENABLED, not required,
				  * so the reply shows what the server requires */
	/* 0x46 */ 0x00, 0x00,          /* Reserved */
	/* 0x48 */ 0x7f, 0x00, 0x00, 0x00, /* Capabilities: DFS, LEASING, LARGE_MTU,
				  * MULTI_CHANNEL, PERSISTENT_HANDLES, DIRECTORY_LEASING,
				  * ENCRYPTION (0x7f, as Windows 10 offers) */
	/* 0x4c */ 0x00, 0x00, 0x00, 0x00, /* ClientGuid[0..3]: the txid, little-endian */
	/* 0x50 */ 'p', 'p', '-', 's', 'm', 'b', '-', 'p', 'r', 'o', 'b', 'e', /* ClientGuid[4..15] */
	/* 0x5c */ 0x70, 0x00, 0x00, 0x00, /* NegotiateContextOffset: 0x70 */
	/* 0x60 */ 0x02, 0x00,          /* NegotiateContextCount: 2 */
	/* 0x62 */ 0x00, 0x00,          /* Reserved2 */
	/* 0x64 */ 0x02, 0x02,          /* Dialects[0]: 0x0202 SMB 2.0.2 */
	/* 0x66 */ 0x10, 0x02,          /* Dialects[1]: 0x0210 SMB 2.1 */
	/* 0x68 */ 0x00, 0x03,          /* Dialects[2]: 0x0300 SMB 3.0 */
	/* 0x6a */ 0x02, 0x03,          /* Dialects[3]: 0x0302 SMB 3.0.2 */
	/* 0x6c */ 0x11, 0x03,          /* Dialects[4]: 0x0311 SMB 3.1.1 */
	/* 0x6e */ 0x00, 0x00,          /* Padding: contexts start 8-byte aligned */

	/* --- negotiate context 1, MS-SMB2 2.2.3.1.1 --- */
	/* 0x70 */ 0x01, 0x00,          /* ContextType: SMB2_PREAUTH_INTEGRITY_CAPABILITIES */
	/* 0x72 */ 0x26, 0x00,          /* DataLength: 38 (2 + 2 + 2 + 32) */
	/* 0x74 */ 0x00, 0x00, 0x00, 0x00, /* Reserved */
	/* 0x78 */ 0x01, 0x00,          /* HashAlgorithmCount: 1 */
	/* 0x7a */ 0x20, 0x00,          /* SaltLength: 32 */
	/* 0x7c */ 0x01, 0x00,          /* HashAlgorithms[0]: 0x0001 SHA-512 */
	/* 0x7e */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* Salt: 32 bytes, */
	/* 0x86 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* stamped from the */
	/* 0x8e */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* txid */
	/* 0x96 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0x9e */ 0x00, 0x00,          /* Padding to 8 bytes */

	/* --- negotiate context 2, MS-SMB2 2.2.3.1.2 --- */
	/* 0xa0 */ 0x02, 0x00,          /* ContextType: SMB2_ENCRYPTION_CAPABILITIES */
	/* 0xa2 */ 0x0a, 0x00,          /* DataLength: 10 (2 + 4 * 2) */
	/* 0xa4 */ 0x00, 0x00, 0x00, 0x00, /* Reserved */
	/* 0xa8 */ 0x04, 0x00,          /* CipherCount: 4 */
	/* 0xaa */ 0x02, 0x00,          /* Ciphers[0]: AES-128-GCM (preferred, as Windows) */
	/* 0xac */ 0x01, 0x00,          /* Ciphers[1]: AES-128-CCM */
	/* 0xae */ 0x04, 0x00,          /* Ciphers[2]: AES-256-GCM */
	/* 0xb0 */ 0x03, 0x00,          /* Ciphers[3]: AES-256-CCM */
	/* 0xb2 end: 178 bytes */
};

_Static_assert(sizeof smb_negotiate == NB_HDR + 0xb2, "SMB2 NEGOTIATE is 178 bytes");

struct smb_state {
	uint32_t txid; /* in the ClientGuid; the reply does not echo it */
};

static int smb_start(void *state, uint32_t txid, unsigned transport, const char *host,
		     struct pp_buf *out)
{
	(void)host;
	if (transport != PP_TR_TCP)
		return -1; /* SMB2 runs over TCP (SMB over QUIC is another port and TLS) */
	struct smb_state *st = state;
	st->txid = txid;
	uint8_t req[sizeof smb_negotiate];
	memcpy(req, smb_negotiate, sizeof req);
	uint8_t *m = req + NB_HDR;
	for (int i = 0; i < 4; i++)
		m[REQ_CLIENT_GUID + i] = (uint8_t)(txid >> (8 * i));
	/* The salt only has to differ between connections (it feeds the
	 * preauth hash); an xorshift of the txid is enough. */
	uint32_t x = txid ? txid : 0x9e3779b9u;
	for (int i = 0; i < REQ_SALT_LEN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		m[REQ_SALT + i] = (uint8_t)x;
	}
	pp_buf_put(out, (const char *)req, sizeof req);
	return out->failed ? -1 : 0;
}

/* ---------- reading the reply ---------- */

/* Largest reply accepted: a NEGOTIATE response is a few hundred bytes
 * (the SPNEGO blob is the bulk); a hostile server gets no more. */
#define MAX_MSG 65536
/* Negotiate contexts read at most; a real server sends 2 to 5. */
#define MAX_CTX 32

static const char *dialect_name(uint16_t d)
{
	switch (d) {
	case 0x0202: return "2.0.2";
	case 0x0210: return "2.1";
	case 0x0300: return "3.0";
	case 0x0302: return "3.0.2";
	case 0x0311: return "3.1.1";
	case 0x02ff: return "2.??? (wildcard)";
	}
	return NULL;
}

static const char *cipher_name(uint16_t c)
{
	switch (c) {
	case 0x0000: return "none in common";
	case 0x0001: return "AES-128-CCM";
	case 0x0002: return "AES-128-GCM";
	case 0x0003: return "AES-256-CCM";
	case 0x0004: return "AES-256-GCM";
	}
	return NULL;
}

static const char *ntstatus_name(uint32_t s)
{
	switch (s) {
	case 0x00000000: return "STATUS_SUCCESS";
	case 0xc0000002: return "STATUS_NOT_IMPLEMENTED";
	case 0xc000000d: return "STATUS_INVALID_PARAMETER";
	case 0xc0000022: return "STATUS_ACCESS_DENIED";
	case 0xc00000bb: return "STATUS_NOT_SUPPORTED";
	case 0xc0000203: return "STATUS_USER_SESSION_DELETED";
	case 0xc000035c: return "STATUS_NETWORK_SESSION_EXPIRED";
	case 0xc0000205: return "STATUS_INSUFF_SERVER_RESOURCES";
	case 0xc00000d0: return "STATUS_REQUEST_NOT_ACCEPTED";
	}
	return "unknown status";
}

/* Append to dst (size cap) without overflowing: a bounded strcat. */
static void cat(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *dst, size_t cap, const char *fmt, ...)
{
	size_t n = strnlen(dst, cap);
	if (n + 1 >= cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst + n, cap - n, fmt, ap);
	va_end(ap);
}

/* A Windows FILETIME (100 ns ticks since 1601-01-01) as "YYYY-MM-DD
 * HH:MM:SS UTC", or "unset" / "invalid". */
static void filetime_str(uint64_t ft, char *dst, size_t cap)
{
	if (ft == 0) {
		snprintf(dst, cap, "unset");
		return;
	}
	const uint64_t epoch_diff = 11644473600ull; /* seconds from 1601 to 1970 */
	uint64_t secs = ft / 10000000u;
	struct tm tm;
	if (secs < epoch_diff || secs - epoch_diff > 253402300799ull /* 9999-12-31 */) {
		snprintf(dst, cap, "invalid (0x%016llx)", (unsigned long long)ft);
		return;
	}
	time_t t = (time_t)(secs - epoch_diff);
	if (!gmtime_r(&t, &tm) || strftime(dst, cap, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(dst, cap, "invalid (0x%016llx)", (unsigned long long)ft);
}

static bool rd_u64le(const uint8_t *p, size_t len, size_t off, uint64_t *v)
{
	uint32_t lo, hi;
	if (!pp_rd_u32le(p, len, off, &lo) || !pp_rd_u32le(p, len, off + 4, &hi))
		return false;
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

static bool has_bytes(const uint8_t *p, size_t len, const uint8_t *pat, size_t n)
{
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(p + i, pat, n) == 0)
			return true;
	return false;
}

/* Name what the SPNEGO blob (RFC 4178) offers, by the mechanism OIDs it
 * holds: a bounded scan, no ASN.1 parsing of untrusted lengths. */
static void spnego_mechs(const uint8_t *p, size_t n, char *dst, size_t cap)
{
	static const uint8_t krb5[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02};
	static const uint8_t mskrb5[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02};
	static const uint8_t ntlm[] = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a};
	static const uint8_t negoex[] = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x1e};
	dst[0] = '\0';
	if (has_bytes(p, n, krb5, sizeof krb5) || has_bytes(p, n, mskrb5, sizeof mskrb5))
		cat(dst, cap, "%sKerberos", dst[0] ? ", " : "");
	if (has_bytes(p, n, ntlm, sizeof ntlm))
		cat(dst, cap, "%sNTLMSSP", dst[0] ? ", " : "");
	if (has_bytes(p, n, negoex, sizeof negoex))
		cat(dst, cap, "%sNEGOEX", dst[0] ? ", " : "");
}

#define BAD(...) (snprintf(reply->detail, sizeof reply->detail, __VA_ARGS__), PP_FEED_BAD)

/* An SMB1 reply (MS-CIFS 2.2.3.1): the server does not speak SMB2. m is
 * the message after the transport header, n its length (>= 32). */
static enum pp_feed smb1_reply(const uint8_t *m, size_t n, struct pp_probe_reply *reply)
{
	uint8_t cmd = m[4];
	uint32_t status;
	uint16_t mid;
	pp_rd_u32le(m, n, 5, &status);
	pp_rd_u16le(m, n, 30, &mid);
	if (!(m[9] & 0x80)) /* Flags: SMB_FLAGS_REPLY */
		return BAD("SMB1 header that is not a reply (our request echoed?)");
	char *d = reply->detail;
	size_t cap = sizeof reply->detail;
	snprintf(d, cap, "SMB1 only: the server answered SMB2 NEGOTIATE in SMB1 (command 0x%02x, %s",
		 cmd, status ? "" : "STATUS_SUCCESS");
	if (status)
		cat(d, cap, "status 0x%08x %s", status, ntstatus_name(status));
	cat(d, cap, ")");
	/* An SMB_COM_NEGOTIATE response: WordCount, then DialectIndex. */
	if (cmd == 0x72 && n >= 35 && m[32] >= 1) {
		uint16_t idx;
		pp_rd_u16le(m, n, 33, &idx);
		if (idx == 0xffff)
			cat(d, cap, ", no dialect in common");
		else
			cat(d, cap, ", dialect index %u", idx);
		/* NT LM 0.12 (WordCount 17): SecurityMode, then SystemTime. */
		uint64_t ft;
		if (m[32] == 17 && n >= 33 + 34 + 2 && rd_u64le(m, n, 33 + 23, &ft)) {
			uint8_t sm = m[35];
			char when[64];
			filetime_str(ft, when, sizeof when);
			cat(d, cap, ", signing %s, server time %s",
			    sm & 0x08 ? "required" : sm & 0x04 ? "enabled" : "disabled", when);
		}
	}
	cat(d, cap, "; SMB1 is deprecated and off by default since Windows 10 1709");
	return PP_FEED_DONE;
}

/* Parse the 3.1.1 negotiate contexts (MS-SMB2 2.2.4, 2.2.3.1): m is the
 * SMB2 message of n bytes. Appends the cipher and preauth hash to d. */
static enum pp_feed contexts(const uint8_t *m, size_t n, uint32_t off, uint16_t count,
			     char *d, size_t cap, struct pp_probe_reply *reply)
{
	if (count == 0)
		return BAD("SMB 3.1.1 reply without negotiate contexts");
	if (count > MAX_CTX)
		return BAD("SMB 3.1.1 reply claims %u negotiate contexts", count);
	if (off < SMB2_HDR + 64 || off > n)
		return BAD("negotiate context offset %u outside the %zu-byte reply", off, n);
	size_t at = off;
	bool seen_preauth = false, seen_cipher = false;
	for (unsigned i = 0; i < count; i++) {
		if (i > 0)
			at = (at + 7) & ~(size_t)7; /* each context starts 8-byte aligned */
		uint16_t type, dlen;
		if (!pp_rd_u16le(m, n, at, &type) || !pp_rd_u16le(m, n, at + 2, &dlen) || n - at < 8)
			return BAD("negotiate context %u of %u truncated", i + 1, count);
		const uint8_t *data = m + at + 8;
		if (dlen > n - at - 8)
			return BAD("negotiate context %u length %u past the end of the reply", i + 1, dlen);
		switch (type) {
		case 0x0001: { /* SMB2_PREAUTH_INTEGRITY_CAPABILITIES */
			uint16_t hc, sl, h;
			if (!pp_rd_u16le(data, dlen, 0, &hc) || !pp_rd_u16le(data, dlen, 2, &sl))
				return BAD("preauth integrity context too short");
			if (hc != 1 || (size_t)4 + 2u * hc + sl > dlen)
				return BAD("preauth integrity context: %u hashes, salt %u bytes in %u",
					   hc, sl, dlen);
			pp_rd_u16le(data, dlen, 4, &h);
			cat(d, cap, ", preauth %s", h == 1 ? "SHA-512" : "unknown hash");
			seen_preauth = true;
			break;
		}
		case 0x0002: { /* SMB2_ENCRYPTION_CAPABILITIES: exactly one cipher */
			uint16_t cc, c;
			if (!pp_rd_u16le(data, dlen, 0, &cc) || cc != 1 || !pp_rd_u16le(data, dlen, 2, &c))
				return BAD("encryption context must name one cipher");
			const char *cn = cipher_name(c);
			if (cn)
				cat(d, cap, ", cipher %s", cn);
			else
				cat(d, cap, ", cipher 0x%04x (not offered)", c);
			seen_cipher = true;
			break;
		}
		case 0x0003: /* SMB2_COMPRESSION_CAPABILITIES */
			cat(d, cap, ", compression");
			break;
		case 0x0006: /* SMB2_TRANSPORT_CAPABILITIES */
			cat(d, cap, ", transport security");
			break;
		case 0x0007: /* SMB2_RDMA_TRANSFORM_CAPABILITIES */
			cat(d, cap, ", RDMA transforms");
			break;
		case 0x0008: { /* SMB2_SIGNING_CAPABILITIES */
			uint16_t sc, s;
			if (pp_rd_u16le(data, dlen, 0, &sc) && sc == 1 && pp_rd_u16le(data, dlen, 2, &s))
				cat(d, cap, ", signing %s",
				    s == 0 ? "HMAC-SHA256" : s == 1 ? "AES-CMAC" : s == 2 ? "AES-GMAC" : "?");
			break;
		}
		default: /* POSIX extensions (Samba) and future contexts: skipped */
			break;
		}
		at += 8 + (size_t)dlen;
	}
	if (!seen_preauth)
		cat(d, cap, ", no preauth context");
	if (!seen_cipher)
		cat(d, cap, ", no encryption");
	return PP_FEED_DONE;
}

static enum pp_feed smb_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			     struct pp_buf *out, struct pp_probe_reply *reply)
{
	(void)state;
	(void)out;
	/* An incomplete reply: wait on TCP; on anything else it is final. */
	const enum pp_feed more = transport == PP_TR_TCP ? PP_FEED_MORE : PP_FEED_BAD;
	if (more == PP_FEED_BAD)
		snprintf(reply->detail, sizeof reply->detail, "SMB reply truncated");

	/* Skip NetBIOS keepalives (type 0x85, length 0), a handful at most. */
	size_t pos = 0;
	for (int k = 0; k < 8 && len - pos >= 4 && in[pos] == 0x85; k++) {
		if (in[pos + 1] || in[pos + 2] || in[pos + 3])
			return BAD("NetBIOS keepalive with a length");
		pos += 4;
	}
	if (len - pos >= 1 && in[pos] != 0x00) {
		if (in[pos] == 0x83)
			return BAD("NetBIOS negative session response: not direct-hosted SMB");
		if (in[pos] == 0x85) /* a keepalive being received, or too many */
			return len - pos < 4 ? more : BAD("NetBIOS keepalives and no reply");
		return BAD("not SMB: transport header type 0x%02x", in[pos]);
	}
	if (len - pos < NB_HDR)
		return more;
	size_t mlen = (size_t)in[pos + 1] << 16 | (size_t)in[pos + 2] << 8 | in[pos + 3];
	const uint8_t *m = in + pos + NB_HDR;
	size_t have = len - pos - NB_HDR;
	/* Check the protocol id as soon as it is there, to reject non-SMB
	 * replies before waiting for a length they only seem to announce. */
	size_t idn = have < 4 ? have : 4;
	if (memcmp(m, "\xfeSMB", idn) != 0 && memcmp(m, "\xffSMB", idn) != 0)
		return BAD("not SMB: protocol id is not \\xfeSMB or \\xffSMB");
	if (mlen > MAX_MSG)
		return BAD("SMB message length %zu is too large for a NEGOTIATE reply", mlen);
	if (mlen < 4)
		return BAD("SMB message of %zu bytes", mlen);
	if (have < mlen)
		return more;

	if (m[0] == 0xff) {
		if (mlen < 32)
			return BAD("SMB1 message of %zu bytes, shorter than its header", mlen);
		return smb1_reply(m, mlen, reply);
	}

	/* --- SMB2 header, MS-SMB2 2.2.1 --- */
	if (mlen < SMB2_HDR)
		return BAD("SMB2 message of %zu bytes, shorter than its header", mlen);
	uint16_t ssize, cmd;
	uint32_t status, flags;
	uint64_t mid;
	pp_rd_u16le(m, mlen, 0x04, &ssize);
	pp_rd_u32le(m, mlen, 0x08, &status);
	pp_rd_u16le(m, mlen, 0x0c, &cmd);
	pp_rd_u32le(m, mlen, 0x10, &flags);
	rd_u64le(m, mlen, 0x18, &mid);
	if (ssize != 64)
		return BAD("SMB2 header StructureSize %u, not 64", ssize);
	if (!(flags & 0x00000001)) /* SMB2_FLAGS_SERVER_TO_REDIR */
		return BAD("SMB2 message is not a reply (our request echoed?)");
	if (cmd != 0x0000 || mid != 0)
		return BAD("reply to another request (command 0x%04x, MessageId %llu)", cmd,
			   (unsigned long long)mid);

	const uint8_t *b = m + SMB2_HDR;
	size_t bn = mlen - SMB2_HDR;
	uint16_t bsize;
	if (!pp_rd_u16le(b, bn, 0, &bsize))
		return BAD("SMB2 NEGOTIATE reply without a body");
	if (status != 0) {
		/* An ERROR response (2.2.2): StructureSize 9. */
		if (bsize != 9)
			return BAD("SMB2 status 0x%08x with a body of StructureSize %u", status, bsize);
		snprintf(reply->detail, sizeof reply->detail,
			 "SMB2 server refused NEGOTIATE: status 0x%08x %s", status,
			 ntstatus_name(status));
		return PP_FEED_DONE;
	}

	/* --- NEGOTIATE response, MS-SMB2 2.2.4 --- */
	if (bsize != 65)
		return BAD("SMB2 NEGOTIATE reply StructureSize %u, not 65", bsize);
	if (bn < 64)
		return BAD("SMB2 NEGOTIATE reply body of %zu bytes, shorter than 64", bn);
	uint16_t secmode, dialect, nctx, sboff, sblen;
	uint32_t caps, max_tr, max_rd, max_wr, ctxoff;
	uint64_t systime;
	pp_rd_u16le(b, bn, 0x02, &secmode);
	pp_rd_u16le(b, bn, 0x04, &dialect);
	pp_rd_u16le(b, bn, 0x06, &nctx);
	const uint8_t *g = b + 0x08; /* ServerGuid, 16 bytes */
	pp_rd_u32le(b, bn, 0x18, &caps);
	pp_rd_u32le(b, bn, 0x1c, &max_tr);
	pp_rd_u32le(b, bn, 0x20, &max_rd);
	pp_rd_u32le(b, bn, 0x24, &max_wr);
	rd_u64le(b, bn, 0x28, &systime);
	pp_rd_u16le(b, bn, 0x38, &sboff);
	pp_rd_u16le(b, bn, 0x3a, &sblen);
	pp_rd_u32le(b, bn, 0x3c, &ctxoff);

	const char *dn = dialect_name(dialect);
	if (!dn || dialect == 0x02ff)
		return BAD("server chose dialect 0x%04x, which was not offered", dialect);

	char *d = reply->detail;
	size_t cap = sizeof reply->detail;
	snprintf(d, cap, "SMB2 dialect %s, signing %s", dn,
		 secmode & 0x02 ? "required" : secmode & 0x01 ? "enabled (not required)" : "disabled");
	if (dialect == 0x0311) {
		enum pp_feed f = contexts(m, mlen, ctxoff, nctx, d, cap, reply);
		if (f != PP_FEED_DONE)
			return f;
	}

	/* The security buffer: its offset counts from the SMB2 header. */
	if (sblen) {
		if (sboff < SMB2_HDR + 64 || sboff > mlen || sblen > mlen - sboff)
			return BAD("security buffer (offset %u, %u bytes) outside the %zu-byte reply",
				   sboff, sblen, mlen);
		char mechs[64];
		spnego_mechs(m + sboff, sblen, mechs, sizeof mechs);
		if (m[sboff] == 0x60) /* GSS-API InitialContextToken: SPNEGO NegTokenInit */
			cat(d, cap, ", SPNEGO %u bytes%s%s%s", sblen, mechs[0] ? " (" : "", mechs,
			    mechs[0] ? ")" : "");
		else
			cat(d, cap, ", security blob %u bytes (not SPNEGO)", sblen);
	} else {
		cat(d, cap, ", no security blob");
	}

	static const char *const capnames[] = {"DFS", "LEASING", "LARGE_MTU", "MULTI_CHANNEL",
					       "PERSISTENT_HANDLES", "DIRECTORY_LEASING",
					       "ENCRYPTION", "NOTIFICATIONS"};
	cat(d, cap, ", caps");
	if (!caps)
		cat(d, cap, " none");
	for (unsigned i = 0; i < 8; i++)
		if (caps & 1u << i)
			cat(d, cap, "%s%s", caps & ((1u << i) - 1) ? "|" : " ", capnames[i]);
	if (caps & ~0xffu)
		cat(d, cap, "%s0x%x", caps & 0xffu ? "|" : " ", caps & ~0xffu);

	char when[64];
	filetime_str(systime, when, sizeof when);
	cat(d, cap, ", max transact/read/write %u/%u/%u, server time %s", max_tr, max_rd, max_wr,
	    when);
	cat(d, cap,
	    ", server GUID %02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13],
	    g[14], g[15]);
	return PP_FEED_DONE;
}

/* ---------- selftest ---------- */

/*
 * Captured from Samba 4.17.12-Debian (Debian 12 package "samba"), smbd
 * run in a private network namespace on 127.0.0.1:445 with a minimal
 * smb.conf (standalone server, netbios name PPTEST, one guest share,
 * `smb ports = 445`, `interfaces = lo`, `bind interfaces only = yes`):
 * the reply to this file's request with txid 0x12345678 (docs/probe/smb.md
 * says how). Offsets on the left are of the TCP bytes; the SMB2 message
 * starts at 0x04, its NEGOTIATE body at 0x44:
 *   0x44 StructureSize 65, 0x46 SecurityMode 0x0001 (signing enabled),
 *   0x48 DialectRevision 0x0311, 0x4a NegotiateContextCount 2,
 *   0x4c ServerGuid "pptest" + zeros, 0x5c Capabilities 0x0f,
 *   0x60/0x64/0x68 MaxTransact/Read/WriteSize 8 MiB,
 *   0x6c SystemTime 0x01dd7a8e8fd5dc08 (2026-11-22 14:34:20 UTC),
 *   0x7c SecurityBufferOffset 0x80, 0x7e SecurityBufferLength 74,
 *   0x80 NegotiateContextOffset 0xd0; 0x84 SPNEGO NegTokenInit (NTLMSSP);
 *   0xd4 preauth context (SHA-512, 32-byte salt), 0x104 encryption
 *   context (AES-128-GCM).
 */
static const uint8_t cap_smb311[] = {
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

/* The same server with `server max protocol = SMB2_10` and `server signing
 * = mandatory`: dialect 0x0210 at 0x48, SecurityMode 0x0003 at 0x46, no
 * negotiate contexts; Capabilities 0x07. */
static const uint8_t cap_smb21[] = {
	/* 0000 */ 0x00, 0x00, 0x00, 0xca, 0xfe, 0x53, 0x4d, 0x42, 0x40, 0x00, 0x00, 0x00,
	/* 000c */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 0018 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0024 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0030 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 003c */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41, 0x00, 0x03, 0x00,
	/* 0048 */ 0x10, 0x02, 0x00, 0x00, 0x70, 0x70, 0x74, 0x65, 0x73, 0x74, 0x00, 0x00,
	/* 0054 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00,
	/* 0060 */ 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00,
	/* 006c */ 0xf6, 0x22, 0x57, 0x9d, 0x8e, 0x7a, 0xdd, 0x01, 0x00, 0x00, 0x00, 0x00,
	/* 0078 */ 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x4a, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0084 */ 0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x3e,
	/* 0090 */ 0x30, 0x3c, 0xa0, 0x0e, 0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
	/* 009c */ 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a, 0xa3, 0x2a, 0x30, 0x28, 0xa0, 0x26,
	/* 00a8 */ 0x1b, 0x24, 0x6e, 0x6f, 0x74, 0x5f, 0x64, 0x65, 0x66, 0x69, 0x6e, 0x65,
	/* 00b4 */ 0x64, 0x5f, 0x69, 0x6e, 0x5f, 0x52, 0x46, 0x43, 0x34, 0x31, 0x37, 0x38,
	/* 00c0 */ 0x40, 0x70, 0x6c, 0x65, 0x61, 0x73, 0x65, 0x5f, 0x69, 0x67, 0x6e, 0x6f,
	/* 00cc */ 0x72, 0x65,
};

/* The same server with `server min protocol = NT1` and `server max
 * protocol = NT1`, answering an SMB1 NEGOTIATE offering "NT LM 0.12" (an
 * SMB1-only Samba closes the connection on an SMB2 NEGOTIATE instead):
 * 0x04 "\xffSMB", 0x08 command 0x72, 0x0d Flags 0x88 (reply), 0x24
 * WordCount 17, 0x25 DialectIndex 0, 0x27 SecurityMode 0x03 (no signing),
 * 0x3c SystemTime. */
static const uint8_t cap_smb1[] = {
	/* 0000 */ 0x00, 0x00, 0x00, 0x9f, 0xff, 0x53, 0x4d, 0x42, 0x72, 0x00, 0x00, 0x00,
	/* 000c */ 0x00, 0x88, 0x01, 0xc8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0018 */ 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x00,
	/* 0024 */ 0x11, 0x00, 0x00, 0x03, 0x32, 0x00, 0x01, 0x00, 0x04, 0x41, 0x00, 0x00,
	/* 0030 */ 0x00, 0x00, 0x01, 0x00, 0xf8, 0x3d, 0x00, 0x00, 0xfd, 0xf3, 0x80, 0x80,
	/* 003c */ 0x02, 0x67, 0xdf, 0x97, 0x8e, 0x7a, 0xdd, 0x01, 0x00, 0x00, 0x00, 0x5a,
	/* 0048 */ 0x00, 0x70, 0x70, 0x74, 0x65, 0x73, 0x74, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0054 */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01,
	/* 0060 */ 0x05, 0x05, 0x02, 0xa0, 0x3e, 0x30, 0x3c, 0xa0, 0x0e, 0x30, 0x0c, 0x06,
	/* 006c */ 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a, 0xa3,
	/* 0078 */ 0x2a, 0x30, 0x28, 0xa0, 0x26, 0x1b, 0x24, 0x6e, 0x6f, 0x74, 0x5f, 0x64,
	/* 0084 */ 0x65, 0x66, 0x69, 0x6e, 0x65, 0x64, 0x5f, 0x69, 0x6e, 0x5f, 0x52, 0x46,
	/* 0090 */ 0x43, 0x34, 0x31, 0x37, 0x38, 0x40, 0x70, 0x6c, 0x65, 0x61, 0x73, 0x65,
	/* 009c */ 0x5f, 0x69, 0x67, 0x6e, 0x6f, 0x72, 0x65,
};

/* Feed len bytes of a copy of cap, with one byte changed (at >= 0), and
 * check the outcome and that the detail holds want. */
static int check(const char *what, const uint8_t *cap, size_t len, long at, uint8_t val,
		 unsigned transport, enum pp_feed expect, const char *want)
{
	uint8_t buf[512];
	if (len > sizeof buf)
		return 1;
	memcpy(buf, cap, len);
	if (at >= 0 && (size_t)at < len)
		buf[at] = val;
	struct smb_state st = {0};
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	enum pp_feed f = smb_feed(&st, buf, len, transport, &out, &r);
	pp_buf_free(&out);
	pp_probe_reply_free(&r);
	if (f != expect || (want && !strstr(r.detail, want))) {
		fprintf(stderr, "smb selftest: %s: got %d \"%s\", expected %d with \"%s\"\n", what, f,
			r.detail, expect, want ? want : "");
		return 1;
	}
	return 0;
}

static int smb_selftest(void)
{
	int fail = 0;
	const size_t n311 = sizeof cap_smb311, n21 = sizeof cap_smb21, n1 = sizeof cap_smb1;
	static const char *const want311[] = {
		"SMB2 dialect 3.1.1, signing enabled (not required)", "preauth SHA-512",
		"cipher AES-128-GCM", "SPNEGO 74 bytes (NTLMSSP)",
		"caps DFS|LEASING|LARGE_MTU|MULTI_CHANNEL",
		"max transact/read/write 8388608/8388608/8388608",
		"server time 2026-11-22 14:34:20 UTC",
		"server GUID 65747070-7473-0000-0000-000000000000",
	};
	for (size_t i = 0; i < sizeof want311 / sizeof *want311; i++)
		fail += check("3.1.1", cap_smb311, n311, -1, 0, PP_TR_TCP, PP_FEED_DONE, want311[i]);
	fail += check("2.1", cap_smb21, n21, -1, 0, PP_TR_TCP, PP_FEED_DONE,
		      "SMB2 dialect 2.1, signing required, SPNEGO 74 bytes (NTLMSSP), caps DFS|LEASING|LARGE_MTU,");
	fail += check("smb1", cap_smb1, n1, -1, 0, PP_TR_TCP, PP_FEED_DONE,
		      "SMB1 only: the server answered SMB2 NEGOTIATE in SMB1 (command 0x72, STATUS_SUCCESS), "
		      "dialect index 0, signing disabled, server time 2026-11-22");

	/* Truncated: wait for more on TCP, never a result from a part. */
	fail += check("truncated", cap_smb311, n311 - 1, -1, 0, PP_TR_TCP, PP_FEED_MORE, NULL);
	fail += check("truncated header", cap_smb311, 3, -1, 0, PP_TR_TCP, PP_FEED_MORE, NULL);
	fail += check("truncated datagram", cap_smb311, n311 - 1, -1, 0, PP_TR_UDP, PP_FEED_BAD,
		      "truncated");

	/* Corrupted. */
	fail += check("protocol id", cap_smb311, n311, 0x05, 'X', PP_TR_TCP, PP_FEED_BAD, "not SMB");
	fail += check("StructureSize", cap_smb311, n311, 0x44, 66, PP_TR_TCP, PP_FEED_BAD,
		      "StructureSize 66");
	fail += check("MessageId", cap_smb311, n311, 0x1c, 1, PP_TR_TCP, PP_FEED_BAD,
		      "reply to another request");
	fail += check("command", cap_smb311, n311, 0x10, 0x01, PP_TR_TCP, PP_FEED_BAD,
		      "reply to another request");
	fail += check("not a reply", cap_smb311, n311, 0x14, 0x00, PP_TR_TCP, PP_FEED_BAD,
		      "not a reply");
	fail += check("dialect", cap_smb311, n311, 0x48, 0x12, PP_TR_TCP, PP_FEED_BAD,
		      "not offered");
	fail += check("context length", cap_smb311, n311, 0x107, 0x7f, PP_TR_TCP, PP_FEED_BAD,
		      "past the end");
	fail += check("context count", cap_smb311, n311, 0x4a, 0x7f, PP_TR_TCP, PP_FEED_BAD,
		      "127 negotiate contexts");
	fail += check("context offset", cap_smb311, n311, 0x81, 0x7f, PP_TR_TCP, PP_FEED_BAD,
		      "outside");
	fail += check("security buffer", cap_smb311, n311, 0x7f, 0x7f, PP_TR_TCP, PP_FEED_BAD,
		      "security buffer");
	fail += check("huge length", cap_smb311, n311, 0x01, 0x7f, PP_TR_TCP, PP_FEED_BAD,
		      "too large");
	fail += check("smb1 request", cap_smb1, n1, 0x0d, 0x08, PP_TR_TCP, PP_FEED_BAD,
		      "not a reply");
	return fail;
}

const struct pp_proto pp_proto_smb = { .name = "smb", .default_port = 445, .transports = PP_TR_TCP, .state_size = sizeof(struct smb_state), .start = smb_start, .feed = smb_feed, .selftest = smb_selftest };
