/*
 * CLDAP, port 389/udp: the Active Directory "LDAP ping" (MS-ADTS 6.3.3),
 * the datagram every Windows client sends to find a domain controller. It
 * is an LDAPv3 SearchRequest (RFC 4511) in one UDP datagram: the rootDSE,
 * filter (&(NtVer=\06\00\00\00)), attribute Netlogon. The DC answers in one
 * datagram with a SearchResultEntry whose Netlogon value is a binary
 * NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS 6.3.1.9): the DC's flags (PDC,
 * GC, KDC, writable, ...), its DNS and NetBIOS names, its domain and
 * forest and its site; then a SearchResultDone.
 *
 * The filter names no DnsDomain: a DC then answers for its own domain
 * (MS-ADTS 6.3.3.2), so the probe needs no domain name and works on an
 * address. Only NtVer is given: NETLOGON_NT_VERSION_5 | _5EX (6) asks for
 * the _EX response, without the client's socket address (_5EX_WITH_IP).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"
#include "probe/ber.h"

struct cldap_state {
	uint32_t msgid;
};

#define CLDAP_MAX_MESSAGES 16
#define CLDAP_MAX_ATTRS 64
#define CLDAP_MAX_VALUES 64

/*
 * The SearchRequest, 56 bytes, all lengths fixed: the messageID is always a
 * 4-byte INTEGER in 0x01000000..0x7fffffff (positive, minimal, never 0).
 */
static const uint8_t cldap_request[] = {
	/* 00 */ 0x30, 0x36,             /* LDAPMessage: SEQUENCE, 54 bytes */
	/* 02 */ 0x02, 0x04,             /* messageID: INTEGER, 4 bytes, */
	/* 04 */ 0x00, 0x00, 0x00, 0x00, /*   stamped with the txid by cldap_start() */
	/* 08 */ 0x63, 0x2e,             /* protocolOp: [APPLICATION 3] SearchRequest, 46 bytes */
	/* 0a */ 0x04, 0x00,             /* baseObject: "" (the rootDSE) */
	/* 0c */ 0x0a, 0x01, 0x00,       /* scope: baseObject (0) */
	/* 0f */ 0x0a, 0x01, 0x00,       /* derefAliases: neverDerefAliases (0) */
	/* 12 */ 0x02, 0x01, 0x00,       /* sizeLimit: 0 */
	/* 15 */ 0x02, 0x01, 0x00,       /* timeLimit: 0 */
	/* 18 */ 0x01, 0x01, 0x00,       /* typesOnly: FALSE */
	/* 1b */ 0xa0, 0x0f,             /* filter: [0] and, 15 bytes (an LDAP ping's filter
					  * is an AND of equality matches, MS-ADTS 6.3.3.1;
					  * Samba answers nothing else), of one: */
	/* 1d */ 0xa3, 0x0d,             /*   [3] equalityMatch, 13 bytes: */
	/* 1f */ 0x04, 0x05,             /*     attributeDesc, 5 bytes */
	/* 21 */ 'N', 't', 'V', 'e', 'r',
	/* 26 */ 0x04, 0x04,             /*     assertionValue, 4 bytes: NtVer, little-endian */
	/* 28 */ 0x06, 0x00, 0x00, 0x00, /*     NETLOGON_NT_VERSION_5 (2) | _5EX (4) */
	/* 2c */ 0x30, 0x0a,             /* attributes: SEQUENCE OF, 10 bytes */
	/* 2e */ 0x04, 0x08,             /*   8 bytes */
	/* 30 */ 'N', 'e', 't', 'l', 'o', 'g', 'o', 'n',
	/* 38 */                         /* (no controls) */
};
#define CLDAP_MSGID_OFF 0x04

static int cldap_start(void *state, uint32_t txid, unsigned transport, const char *host,
		       struct pp_buf *out)
{
	struct cldap_state *st = state;
	(void)host;
	if (transport != PP_TR_UDP)
		return -1;
	st->msgid = (txid & 0x7fffffffu) | 0x01000000u;
	uint8_t msg[sizeof cldap_request];
	memcpy(msg, cldap_request, sizeof msg);
	msg[CLDAP_MSGID_OFF] = (uint8_t)(st->msgid >> 24);
	msg[CLDAP_MSGID_OFF + 1] = (uint8_t)(st->msgid >> 16);
	msg[CLDAP_MSGID_OFF + 2] = (uint8_t)(st->msgid >> 8);
	msg[CLDAP_MSGID_OFF + 3] = (uint8_t)st->msgid;
	pp_buf_put(out, (const char *)msg, sizeof msg);
	return out->failed ? -1 : 0;
}

/* ---------- NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS 6.3.1.9) ---------- */

struct netlogon {
	uint16_t opcode;
	uint32_t flags;
	char forest[256], domain[256], host[256];
	char nb_domain[256], nb_host[256], user[256];
	char dc_site[256], client_site[256];
	uint32_t nt_version;
};

#define NL_NAMES 8

/*
 * Read the name at *off: RFC 1035 labels, compressed with pointers whose
 * offsets count from the start of the structure (MS-ADTS 6.3.1.9 and
 * 6.3.7). *off moves past the name where it first sits (its terminating
 * zero, or its first pointer). A pointer must point before the place the
 * name was being read from, so pointers cannot loop; a name is at most 255
 * bytes. dst has 256 bytes. NULL, or what is wrong.
 */
static const char *nl_name(const uint8_t *p, size_t n, size_t *off, char *dst)
{
	size_t pos = *off, limit = *off, k = 0;
	bool jumped = false;
	dst[0] = '\0';
	for (unsigned labels = 0;; labels++) {
		if (labels > 128)
			return "name with too many labels";
		if (pos >= n)
			return "name runs past the end";
		uint8_t l = p[pos];
		if (l == 0) {
			if (!jumped)
				*off = pos + 1;
			return NULL;
		}
		if ((l & 0xc0) == 0xc0) {
			if (n - pos < 2)
				return "name pointer cut short";
			size_t target = (size_t)(l & 0x3f) << 8 | p[pos + 1];
			if (!jumped)
				*off = pos + 2;
			if (target >= n)
				return "name pointer out of range";
			if (target >= limit)
				return "name pointer loops or points forward";
			jumped = true;
			limit = pos = target;
			continue;
		}
		if (l & 0xc0)
			return "unknown label type in a name";
		if (n - pos - 1 < l)
			return "label runs past the end";
		if (k + l + 1 > 255)
			return "name longer than 255 bytes";
		if (k)
			dst[k++] = '.';
		pp_printable(dst + k, 256 - k, p + pos + 1, l);
		k += l;
		pos += 1 + (size_t)l;
	}
}

/* Decode the structure in p[0..n). NULL, or what is wrong. */
static const char *nl_decode(const uint8_t *p, size_t n, struct netlogon *nl)
{
	uint16_t token1, token2;
	/* 00 Opcode (2, LE), 02 Sbz (2), 04 Flags (4, LE), 08 DomainGuid (16),
	 * 18 the names. */
	if (!pp_rd_u16le(p, n, 0, &nl->opcode) || !pp_rd_u32le(p, n, 4, &nl->flags) || n < 24)
		return "Netlogon value too short";
	/* LOGON_SAM_LOGON_RESPONSE_EX (23), LOGON_SAM_PAUSE_RESPONSE_EX (24),
	 * LOGON_SAM_USER_UNKNOWN_EX (25): the one structure. */
	if (nl->opcode < 23 || nl->opcode > 25)
		return "Netlogon value is not a SAM_LOGON_RESPONSE_EX (opcode not 23, 24 or 25)";
	char *names[NL_NAMES] = {nl->forest, nl->domain, nl->host, nl->nb_domain,
				 nl->nb_host, nl->user, nl->dc_site, nl->client_site};
	size_t off = 24;
	for (size_t i = 0; i < NL_NAMES; i++) {
		const char *err = nl_name(p, n, &off, names[i]);
		if (err)
			return err;
	}
	/* DcSockAddrSize and DcSockAddr come only with NETLOGON_NT_VERSION_5EX_WITH_IP,
	 * NextClosestSiteName only with _WITH_CLOSEST_SITE: neither was asked.
	 * Then NtVersion (4, LE), LmNtToken (2) and Lm20Token (2), both 0xffff. */
	if (n - off != 8 || !pp_rd_u32le(p, n, off, &nl->nt_version) ||
	    !pp_rd_u16le(p, n, off + 4, &token1) || !pp_rd_u16le(p, n, off + 6, &token2))
		return "Netlogon value does not end in NtVersion and the two tokens";
	if (token1 != 0xffff || token2 != 0xffff)
		return "Netlogon value with LmNtToken or Lm20Token not 0xffff";
	return NULL;
}

/* DS_FLAG bits (MS-ADTS 6.3.1.2), in the order a person reads them. */
static const struct {
	uint32_t bit;
	const char *name;
} nl_flags[] = {
	{0x00000001, "PDC"},      {0x00000004, "GC"},       {0x00000008, "LDAP"},
	{0x00000010, "DS"},       {0x00000020, "KDC"},      {0x00000040, "TIMESERV"},
	{0x00000080, "CLOSEST"},  {0x00000100, "WRITABLE"}, {0x00000200, "GOOD_TIMESERV"},
	{0x00000400, "NDNC"},     {0x00000800, "RODC"},     {0x00001000, "FULL_SECRET"},
	{0x00002000, "ADWS"},     {0x00004000, "DS_8"},     {0x00008000, "DS_9"},
	{0x00010000, "DS_10"},    {0x00020000, "KEYLIST"},  {0x20000000, "DNS_CONTROLLER"},
	{0x40000000, "DNS_DOMAIN"}, {0x80000000, "DNS_FOREST"},
};

static void cldap_say(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void cldap_say(struct pp_probe_reply *reply, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail, sizeof reply->detail, fmt, ap);
	va_end(ap);
}

static void cldap_add(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void cldap_add(struct pp_probe_reply *reply, const char *fmt, ...)
{
	size_t used = strlen(reply->detail);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail + used, sizeof reply->detail - used, fmt, ap);
	va_end(ap);
}

static enum pp_feed cldap_bad(struct pp_probe_reply *reply, const char *what)
{
	cldap_say(reply, "CLDAP: %s", what);
	return PP_FEED_BAD;
}

static void cldap_summary(const struct netlogon *nl, struct pp_probe_reply *reply)
{
	cldap_say(reply, "CLDAP netlogon: DC %s (%s\\%s), domain %s, forest %s, site %s",
		  *nl->host ? nl->host : "?", nl->nb_domain, nl->nb_host, nl->domain, nl->forest,
		  *nl->dc_site ? nl->dc_site : "?");
	if (*nl->client_site && strcmp(nl->client_site, nl->dc_site) != 0)
		cldap_add(reply, ", client site %s", nl->client_site);
	else if (!*nl->client_site)
		cldap_add(reply, ", no site for this client");
	if (nl->opcode == 24)
		cldap_add(reply, ", DC PAUSED");
	cldap_add(reply, ", flags");
	const char *sep = " ";
	for (size_t i = 0; i < sizeof nl_flags / sizeof *nl_flags; i++)
		if (nl->flags & nl_flags[i].bit) {
			cldap_add(reply, "%s%s", sep, nl_flags[i].name);
			sep = ",";
		}
	if (*sep == ' ')
		cldap_add(reply, " none");
}

/* SearchResultEntry: find the Netlogon value. NULL, or what is wrong. */
static const char *cldap_entry(struct pp_ber *op, struct pp_ber *value, bool *found)
{
	struct pp_ber name, attrs, attr, type, vals, val;
	if (!pp_ber_expect(op, 0x04, &name) || !pp_ber_expect(op, 0x30, &attrs))
		return "malformed SearchResultEntry";
	for (unsigned na = 0; attrs.off < attrs.end; na++) {
		if (na >= CLDAP_MAX_ATTRS)
			return "too many attributes";
		if (!pp_ber_expect(&attrs, 0x30, &attr) || !pp_ber_expect(&attr, 0x04, &type) ||
		    !pp_ber_expect(&attr, 0x31, &vals))
			return "malformed attribute in SearchResultEntry";
		for (unsigned nv = 0; vals.off < vals.end; nv++) {
			if (nv >= CLDAP_MAX_VALUES)
				return "too many values";
			if (!pp_ber_expect(&vals, 0x04, &val))
				return "malformed attribute value";
			if (nv == 0 && pp_ber_eq_ci(&type, "netlogon")) {
				*value = val;
				*found = true;
			}
		}
	}
	return NULL;
}

static enum pp_feed cldap_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			       struct pp_buf *out, struct pp_probe_reply *reply)
{
	const struct cldap_state *st = state;
	(void)out;
	(void)transport;
	struct pp_ber all = {in, 0, len}, value = {in, 0, 0};
	bool found = false;
	char text[200];
	for (unsigned n = 0;; n++) {
		if (all.off == len)
			return cldap_bad(reply, len ? "no SearchResultDone" : "empty datagram");
		if (n >= CLDAP_MAX_MESSAGES)
			return cldap_bad(reply, "too many messages");
		uint8_t tag;
		struct pp_ber msg, id, op;
		int r = pp_ber_get(&all, &tag, &msg, NULL);
		if (r == PP_BER_OK && tag != 0x30)
			r = PP_BER_BAD;
		if (r != PP_BER_OK) {
			snprintf(text, sizeof text, "%s at offset %zu",
				 r == PP_BER_SHORT ? "truncated message" : "not an LDAP message",
				 all.off);
			return cldap_bad(reply, text);
		}
		uint32_t msgid, code;
		if (!pp_ber_expect(&msg, 0x02, &id) || !pp_ber_uint(&id, &msgid))
			return cldap_bad(reply, "message without a messageID");
		if (pp_ber_get(&msg, &tag, &op, NULL) != PP_BER_OK)
			return cldap_bad(reply, "message without an operation");
		if (msgid != st->msgid) {
			snprintf(text, sizeof text, "reply to another request (messageID %u, not %u)",
				 (unsigned)msgid, (unsigned)st->msgid);
			return cldap_bad(reply, text);
		}
		const char *err;
		struct pp_ber rc, dn, diag;
		switch (tag) {
		case 0x64: /* SearchResultEntry */
			if ((err = cldap_entry(&op, &value, &found)))
				return cldap_bad(reply, err);
			break;
		case 0x65: /* SearchResultDone: LDAPResult */
			if (!pp_ber_expect(&op, 0x0a, &rc) || !pp_ber_uint(&rc, &code) ||
			    !pp_ber_expect(&op, 0x04, &dn) || !pp_ber_expect(&op, 0x04, &diag))
				return cldap_bad(reply, "malformed SearchResultDone");
			if (!found) {
				pp_printable(text, sizeof text, diag.p + diag.off,
					     pp_ber_len(&diag) > 160 ? 160 : pp_ber_len(&diag));
				cldap_say(reply, "CLDAP: result %u%s%s, no Netlogon value (not a domain "
					  "controller?)", (unsigned)code, *text ? ": " : "", text);
				return PP_FEED_DONE;
			}
			struct netlogon nl;
			memset(&nl, 0, sizeof nl);
			if ((err = nl_decode(value.p + value.off, pp_ber_len(&value), &nl)))
				return cldap_bad(reply, err);
			cldap_summary(&nl, reply);
			return PP_FEED_DONE;
		default:
			snprintf(text, sizeof text, "unexpected operation 0x%02x in the reply", tag);
			return cldap_bad(reply, text);
		}
	}
}

/* ---------- selftest ---------- */

/*
 * Captured on 2026-11-22 from Samba 4.17.12-Debian (Debian 12 package
 * samba 2:4.17.12+dfsg-0+deb12u4), an AD DC provisioned as realm PPTEST.LAN,
 * NetBIOS domain PPTEST, host dc1, in a test network namespace: the reply
 * to cldap_start() with txid 0x1234abcd (messageID 0x1334abcd).
 *
 * 000 LDAPMessage, 121 bytes; 002 messageID; 008 SearchResultEntry;
 * 00a objectName ""; 00c attributes; 010 "netlogon"; 01a its SET; 01c the
 * value, 93 bytes: NETLOGON_SAM_LOGON_RESPONSE_EX from 01e, whose own
 * offsets are in brackets: [00] opcode 23; [02] Sbz; [04] flags 0x13fd;
 * [08] DomainGuid; [18] DnsForestName "pptest.lan"; [24] DnsDomainName, a
 * pointer to [18]; [26] DnsHostName "dc1" + pointer to [18]; [2c]
 * NetbiosDomainName "PPTEST"; [34] NetbiosComputerName "DC1"; [39]
 * UserName ""; [3a] DcSiteName "Default-First-Site-Name"; [53]
 * ClientSiteName, a pointer to [3a]; [55] NtVersion 5; [59] LmNtToken and
 * Lm20Token 0xffff. 07b LDAPMessage: SearchResultDone, success.
 */
static const uint8_t cldap_capture[] = {
	/* 000 */ 0x30, 0x79, 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, 0x64, 0x71, 0x04, 0x00,
	/* 00c */ 0x30, 0x6d, 0x30, 0x6b, 0x04, 0x08, 0x6e, 0x65, 0x74, 0x6c, 0x6f, 0x67,
	/* 018 */ 0x6f, 0x6e, 0x31, 0x5f, 0x04, 0x5d, 0x17, 0x00, 0x00, 0x00, 0xfd, 0x13,
	/* 024 */ 0x00, 0x00, 0x39, 0xea, 0x4a, 0xf0, 0x4d, 0x1b, 0x1f, 0x4b, 0x9e, 0xe4,
	/* 030 */ 0x54, 0xd3, 0x06, 0x5f, 0x72, 0xb9, 0x06, 0x70, 0x70, 0x74, 0x65, 0x73,
	/* 03c */ 0x74, 0x03, 0x6c, 0x61, 0x6e, 0x00, 0xc0, 0x18, 0x03, 0x64, 0x63, 0x31,
	/* 048 */ 0xc0, 0x18, 0x06, 0x50, 0x50, 0x54, 0x45, 0x53, 0x54, 0x00, 0x03, 0x44,
	/* 054 */ 0x43, 0x31, 0x00, 0x00, 0x17, 0x44, 0x65, 0x66, 0x61, 0x75, 0x6c, 0x74,
	/* 060 */ 0x2d, 0x46, 0x69, 0x72, 0x73, 0x74, 0x2d, 0x53, 0x69, 0x74, 0x65, 0x2d,
	/* 06c */ 0x4e, 0x61, 0x6d, 0x65, 0x00, 0xc0, 0x3a, 0x05, 0x00, 0x00, 0x00, 0xff,
	/* 078 */ 0xff, 0xff, 0xff, 0x30, 0x0f, 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, 0x65,
	/* 084 */ 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00,
};
#define CLDAP_CAPTURE_TXID 0x1234abcdu
#define CLDAP_CAPTURE_NL 0x1e    /* where the Netlogon structure starts */
#define CLDAP_CAPTURE_DONE 0x7b  /* where SearchResultDone starts */

static int cldap_check(const uint8_t *in, size_t len, uint32_t txid, enum pp_feed want,
		       const char *needle, const char *what)
{
	struct cldap_state st;
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	int fails = 0;
	if (cldap_start(&st, txid, PP_TR_UDP, "", &out) != 0) {
		fprintf(stderr, "cldap selftest: %s: start failed\n", what);
		pp_buf_free(&out);
		return 1;
	}
	enum pp_feed f = cldap_feed(&st, in, len, PP_TR_UDP, &out, &r);
	if (f != want || (needle && !strstr(r.detail, needle))) {
		fprintf(stderr, "cldap selftest: %s: got %d '%s'\n", what, (int)f, r.detail);
		fails = 1;
	}
	pp_buf_free(&out);
	pp_probe_reply_free(&r);
	return fails;
}

static int cldap_selftest(void)
{
	int fails = 0;
	const uint8_t *c = cldap_capture;
	size_t n = sizeof cldap_capture;
	fails += cldap_check(c, n, CLDAP_CAPTURE_TXID, PP_FEED_DONE,
			     "CLDAP netlogon: DC dc1.pptest.lan (PPTEST\\DC1), domain pptest.lan, "
			     "forest pptest.lan, site Default-First-Site-Name, flags PDC,GC,LDAP,DS,"
			     "KDC,TIMESERV,CLOSEST,WRITABLE,GOOD_TIMESERV,FULL_SECRET",
			     "capture");
	/* Truncated: the datagram less its last byte, or without SearchResultDone. */
	fails += cldap_check(c, n - 1, CLDAP_CAPTURE_TXID, PP_FEED_BAD, "truncated", "cut short");
	fails += cldap_check(c, CLDAP_CAPTURE_DONE, CLDAP_CAPTURE_TXID, PP_FEED_BAD,
			     "no SearchResultDone", "entry alone");
	fails += cldap_check(c, n, CLDAP_CAPTURE_TXID ^ 0x10, PP_FEED_BAD,
			     "reply to another request", "another messageID");
	/* Corrupted names: DnsDomainName's pointer to itself, to a later name,
	 * out of range; and another opcode. */
	static const struct {
		size_t off;
		uint8_t byte;
		const char *needle;
	} bad[] = {
		{CLDAP_CAPTURE_NL + 0x25, 0x24, "loops"},
		{CLDAP_CAPTURE_NL + 0x25, 0x3a, "points forward"},
		{CLDAP_CAPTURE_NL + 0x24, 0xff, "out of range"},
		{CLDAP_CAPTURE_NL + 0x24, 0x80, "label type"},
		{CLDAP_CAPTURE_NL + 0x00, 0x13, "not a SAM_LOGON_RESPONSE_EX"},
		{CLDAP_CAPTURE_NL + 0x59, 0x00, "0xffff"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		uint8_t buf[sizeof cldap_capture];
		memcpy(buf, c, n);
		buf[bad[i].off] = bad[i].byte;
		fails += cldap_check(buf, n, CLDAP_CAPTURE_TXID, PP_FEED_BAD, bad[i].needle,
				     "corrupted Netlogon value");
	}
	return fails;
}

const struct pp_proto pp_proto_cldap = { .name = "cldap", .default_port = 389, .transports = PP_TR_UDP, .state_size = sizeof(struct cldap_state), .start = cldap_start, .feed = cldap_feed, .selftest = cldap_selftest };
