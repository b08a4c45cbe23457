/*
 * LDAP (RFC 4511), port 389/tcp and the global catalog's 3268/tcp: one
 * anonymous search of the rootDSE, the entry every LDAP server shows to
 * anyone before a bind (RFC 4512 5.1). Active Directory, Samba and
 * OpenLDAP all answer it: a domain controller says its DNS name, its
 * domain's naming context and the LDAP versions it speaks.
 *
 * The reply is a stream of BER-encoded LDAPMessages: SearchResultEntry
 * (the rootDSE), perhaps SearchResultReference, then SearchResultDone with
 * the result code. They may come in any number of TCP segments; feed()
 * says MORE until SearchResultDone is in. Every message must carry the
 * messageID the request was stamped with.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"
#include "probe/ber.h"

struct ldap_state {
	uint32_t msgid;
};

/* A reply larger than this is not a rootDSE: give up rather than buffer. */
#define LDAP_MAX_REPLY (256u * 1024)
/* Messages, attributes and values read at most (each loop is capped). */
#define LDAP_MAX_MESSAGES 64
#define LDAP_MAX_ATTRS 256
#define LDAP_MAX_VALUES 256

/*
 * The SearchRequest, 133 bytes. Every length is fixed: the messageID is
 * always a 4-byte INTEGER (ldap_start() keeps it in 0x01000000..0x7fffffff,
 * so it is positive and its encoding minimal, as BER wants).
 */
static const uint8_t ldap_request[] = {
	/* 00 */ 0x30, 0x81, 0x82,       /* LDAPMessage: SEQUENCE, 130 bytes */
	/* 03 */ 0x02, 0x04,             /* messageID: INTEGER, 4 bytes, */
	/* 05 */ 0x00, 0x00, 0x00, 0x00, /*   stamped with the txid by ldap_start() */
	/* 09 */ 0x63, 0x7a,             /* protocolOp: [APPLICATION 3] SearchRequest, 122 bytes */
	/* 0b */ 0x04, 0x00,             /* baseObject: "" (the rootDSE) */
	/* 0d */ 0x0a, 0x01, 0x00,       /* scope: baseObject (0), the one entry */
	/* 10 */ 0x0a, 0x01, 0x00,       /* derefAliases: neverDerefAliases (0) */
	/* 13 */ 0x02, 0x01, 0x00,       /* sizeLimit: 0 (none; there is one entry) */
	/* 16 */ 0x02, 0x01, 0x00,       /* timeLimit: 0 (none; the engine times out) */
	/* 19 */ 0x01, 0x01, 0x00,       /* typesOnly: FALSE, send the values */
	/* 1c */ 0x87, 0x0b,             /* filter: [7] present, 11 bytes, (objectClass=*) */
	/* 1e */ 'o', 'b', 'j', 'e', 'c', 't', 'C', 'l', 'a', 's', 's',
	/* 29 */ 0x30, 0x5a,             /* attributes: SEQUENCE OF, 90 bytes */
	/* 2b */ 0x04, 0x14,             /*   20 bytes: the domain's naming context */
	/* 2d */ 'd', 'e', 'f', 'a', 'u', 'l', 't', 'N', 'a', 'm', 'i', 'n', 'g', 'C', 'o',
		 'n', 't', 'e', 'x', 't',
	/* 41 */ 0x04, 0x0b,             /*   11 bytes: the server's DNS name */
	/* 43 */ 'd', 'n', 's', 'H', 'o', 's', 't', 'N', 'a', 'm', 'e',
	/* 4e */ 0x04, 0x0f,             /*   15 bytes: "domain:host$@REALM" (AD) */
	/* 50 */ 'l', 'd', 'a', 'p', 'S', 'e', 'r', 'v', 'i', 'c', 'e', 'N', 'a', 'm', 'e',
	/* 5f */ 0x04, 0x14,             /*   20 bytes: 2 and/or 3 */
	/* 61 */ 's', 'u', 'p', 'p', 'o', 'r', 't', 'e', 'd', 'L', 'D', 'A', 'P', 'V', 'e',
		 'r', 's', 'i', 'o', 'n',
	/* 75 */ 0x04, 0x0e,             /*   14 bytes: the partitions the server holds */
	/* 77 */ 'n', 'a', 'm', 'i', 'n', 'g', 'C', 'o', 'n', 't', 'e', 'x', 't', 's',
	/* 85 */                         /* (no controls) */
};
#define LDAP_MSGID_OFF 0x05

static int ldap_start(void *state, uint32_t txid, unsigned transport, const char *host,
		      struct pp_buf *out)
{
	struct ldap_state *st = state;
	(void)host;
	if (transport != PP_TR_TCP)
		return -1;
	/* 0x01000000..0x7fffffff: positive, 4 bytes, never 0 (RFC 4511 4.1.1.1
	 * keeps messageID 0 for unsolicited notifications). */
	st->msgid = (txid & 0x7fffffffu) | 0x01000000u;
	uint8_t msg[sizeof ldap_request];
	memcpy(msg, ldap_request, sizeof msg);
	msg[LDAP_MSGID_OFF] = (uint8_t)(st->msgid >> 24);
	msg[LDAP_MSGID_OFF + 1] = (uint8_t)(st->msgid >> 16);
	msg[LDAP_MSGID_OFF + 2] = (uint8_t)(st->msgid >> 8);
	msg[LDAP_MSGID_OFF + 3] = (uint8_t)st->msgid;
	pp_buf_put(out, (const char *)msg, sizeof msg);
	return out->failed ? -1 : 0;
}

/* ---------- the reply ---------- */

/* The rootDSE attributes asked for, as found. */
struct ldap_dse {
	char dns_host[128];
	char default_nc[128];
	char service[128];
	char versions[32];   /* "2,3" */
	char first_nc[128];
	unsigned n_nc;       /* namingContexts values */
	unsigned n_found;    /* attributes of the five found */
};

static void ldap_say(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ldap_say(struct pp_probe_reply *reply, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail, sizeof reply->detail, fmt, ap);
	va_end(ap);
}

/* Append to the detail line, cut at its size. */
static void ldap_add(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ldap_add(struct pp_probe_reply *reply, const char *fmt, ...)
{
	size_t used = strlen(reply->detail);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail + used, sizeof reply->detail - used, fmt, ap);
	va_end(ap);
}

static enum pp_feed ldap_bad(struct pp_probe_reply *reply, const char *what)
{
	ldap_say(reply, "LDAP: %s", what);
	return PP_FEED_BAD;
}

static const char *ldap_result_name(uint32_t code)
{
	static const struct {
		uint32_t code;
		const char *name;
	} names[] = {
		{0, "success"}, {1, "operationsError"}, {2, "protocolError"},
		{3, "timeLimitExceeded"}, {4, "sizeLimitExceeded"}, {7, "authMethodNotSupported"},
		{8, "strongerAuthRequired"}, {10, "referral"}, {11, "adminLimitExceeded"},
		{12, "unavailableCriticalExtension"}, {13, "confidentialityRequired"},
		{16, "noSuchAttribute"}, {17, "undefinedAttributeType"}, {32, "noSuchObject"},
		{34, "invalidDNSyntax"}, {48, "inappropriateAuthentication"},
		{49, "invalidCredentials"}, {50, "insufficientAccessRights"}, {51, "busy"},
		{52, "unavailable"}, {53, "unwillingToPerform"}, {54, "loopDetect"}, {80, "other"},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].code == code)
			return names[i].name;
	return "result";
}

/* SearchResultEntry (RFC 4511 4.5.2): objectName, then a SEQUENCE OF
 * PartialAttribute { type, SET OF value }. Attribute descriptions are
 * case-insensitive (RFC 4512 2.5). NULL, or what is wrong. */
static const char *ldap_entry(struct pp_ber *op, struct ldap_dse *dse)
{
	struct pp_ber name, attrs, attr, type, vals, val;
	if (!pp_ber_expect(op, 0x04, &name))
		return "SearchResultEntry without an objectName";
	if (!pp_ber_expect(op, 0x30, &attrs))
		return "SearchResultEntry without attributes";
	for (unsigned na = 0; attrs.off < attrs.end; na++) {
		if (na >= LDAP_MAX_ATTRS)
			return "too many attributes";
		if (!pp_ber_expect(&attrs, 0x30, &attr) || !pp_ber_expect(&attr, 0x04, &type) ||
		    !pp_ber_expect(&attr, 0x31, &vals))
			return "malformed attribute in SearchResultEntry";
		char *dst = NULL;
		size_t cap = 0;
		bool versions = false, nc = false;
		if (pp_ber_eq_ci(&type, "dnsHostName")) {
			dst = dse->dns_host, cap = sizeof dse->dns_host;
		} else if (pp_ber_eq_ci(&type, "defaultNamingContext")) {
			dst = dse->default_nc, cap = sizeof dse->default_nc;
		} else if (pp_ber_eq_ci(&type, "ldapServiceName")) {
			dst = dse->service, cap = sizeof dse->service;
		} else if (pp_ber_eq_ci(&type, "supportedLDAPVersion")) {
			versions = true;
		} else if (pp_ber_eq_ci(&type, "namingContexts")) {
			nc = true;
		} else {
			continue; /* not asked for: a server may add some */
		}
		dse->n_found++;
		for (unsigned nv = 0; vals.off < vals.end; nv++) {
			if (nv >= LDAP_MAX_VALUES)
				return "too many values";
			if (!pp_ber_expect(&vals, 0x04, &val))
				return "malformed attribute value";
			const uint8_t *v = val.p + val.off;
			size_t n = pp_ber_len(&val);
			if (dst && nv == 0) {
				pp_printable(dst, cap, v, n);
			} else if (nc) {
				if (dse->n_nc++ == 0)
					pp_printable(dse->first_nc, sizeof dse->first_nc, v, n);
			} else if (versions) {
				size_t used = strlen(dse->versions);
				if (used + n + 2 < sizeof dse->versions) {
					if (used)
						dse->versions[used++] = ',';
					pp_printable(dse->versions + used, sizeof dse->versions - used, v, n);
				}
			}
		}
	}
	return NULL;
}

/* LDAPResult (RFC 4511 4.1.9): resultCode, matchedDN, diagnosticMessage. */
static const char *ldap_result(struct pp_ber *op, uint32_t *code, char *diag, size_t cap)
{
	struct pp_ber rc, dn, msg;
	if (!pp_ber_expect(op, 0x0a, &rc) || !pp_ber_uint(&rc, code))
		return "LDAPResult without a resultCode";
	if (!pp_ber_expect(op, 0x04, &dn) || !pp_ber_expect(op, 0x04, &msg))
		return "malformed LDAPResult";
	pp_printable(diag, cap, msg.p + msg.off, pp_ber_len(&msg) > 160 ? 160 : pp_ber_len(&msg));
	return NULL;
}

static void ldap_summary(const struct ldap_dse *dse, uint32_t code, const char *diag,
			 struct pp_probe_reply *reply)
{
	ldap_say(reply, "LDAP %s", ldap_result_name(code));
	if (code != 0) {
		ldap_add(reply, " (%u)", (unsigned)code);
		if (*diag)
			ldap_add(reply, ": %s", diag);
	}
	if (dse->n_found == 0) {
		ldap_add(reply, "%s rootDSE has none of the attributes asked for", code ? "," : ":");
		return;
	}
	const char *sep = ": ";
	if (*dse->dns_host)
		ldap_add(reply, "%sdnsHostName %s", sep, dse->dns_host), sep = ", ";
	if (*dse->default_nc)
		ldap_add(reply, "%sdefaultNamingContext %s", sep, dse->default_nc), sep = ", ";
	if (*dse->service)
		ldap_add(reply, "%sldapServiceName %s", sep, dse->service), sep = ", ";
	if (*dse->versions)
		ldap_add(reply, "%sLDAP versions %s", sep, dse->versions), sep = ", ";
	if (dse->n_nc)
		ldap_add(reply, "%s%u namingContexts (%s%s)", sep, dse->n_nc, dse->first_nc,
			 dse->n_nc > 1 ? ", ..." : "");
}

static enum pp_feed ldap_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			      struct pp_buf *out, struct pp_probe_reply *reply)
{
	const struct ldap_state *st = state;
	(void)out;
	struct ldap_dse dse;
	memset(&dse, 0, sizeof dse);
	struct pp_ber all = {in, 0, len};
	char text[200];
	if (len > LDAP_MAX_REPLY)
		return ldap_bad(reply, "reply too long for a rootDSE");
	for (unsigned n = 0;; n++) {
		if (all.off == len)
			return transport == PP_TR_TCP ? PP_FEED_MORE
						       : ldap_bad(reply, "no SearchResultDone");
		if (n >= LDAP_MAX_MESSAGES)
			return ldap_bad(reply, "too many messages");
		if (in[all.off] != 0x30) {
			snprintf(text, sizeof text, "not an LDAP message (byte 0x%02x at offset %zu)",
				 in[all.off], all.off);
			return ldap_bad(reply, text);
		}
		uint8_t tag;
		uint64_t total;
		struct pp_ber msg, id, op;
		int r = pp_ber_get(&all, &tag, &msg, &total);
		if (r == PP_BER_BAD)
			return ldap_bad(reply, "malformed BER length");
		if (r == PP_BER_SHORT) {
			if (total > LDAP_MAX_REPLY)
				return ldap_bad(reply, "message too long for a rootDSE");
			return transport == PP_TR_TCP ? PP_FEED_MORE
						       : ldap_bad(reply, "truncated message");
		}
		uint32_t msgid, code;
		if (!pp_ber_expect(&msg, 0x02, &id) || !pp_ber_uint(&id, &msgid))
			return ldap_bad(reply, "message without a messageID");
		if (pp_ber_get(&msg, &tag, &op, NULL) != PP_BER_OK)
			return ldap_bad(reply, "message without an operation");
		/* What follows (controls, [0]) is not needed. */
		if (msgid != st->msgid) {
			if (msgid == 0 && tag == 0x78 && !ldap_result(&op, &code, text, sizeof text)) {
				/* ExtendedResponse with messageID 0: a Notice of
				 * Disconnection (RFC 4511 4.4.1). */
				ldap_say(reply, "LDAP: the server disconnects: %s (%u)%s%s",
					 ldap_result_name(code), (unsigned)code, *text ? ": " : "", text);
				return PP_FEED_BAD;
			}
			snprintf(text, sizeof text, "reply to another request (messageID %u, not %u)",
				 (unsigned)msgid, (unsigned)st->msgid);
			return ldap_bad(reply, text);
		}
		const char *err;
		switch (tag) {
		case 0x64: /* [APPLICATION 4] SearchResultEntry */
			if ((err = ldap_entry(&op, &dse)))
				return ldap_bad(reply, err);
			break;
		case 0x73: /* [APPLICATION 19] SearchResultReference: a referral, no data */
			break;
		case 0x65: /* [APPLICATION 5] SearchResultDone */
			if ((err = ldap_result(&op, &code, text, sizeof text)))
				return ldap_bad(reply, err);
			ldap_summary(&dse, code, text, reply);
			return PP_FEED_DONE;
		default:
			snprintf(text, sizeof text, "unexpected operation 0x%02x in the reply", tag);
			return ldap_bad(reply, text);
		}
	}
}

/* ---------- selftest ---------- */

/*
 * Captured on 2026-11-22 from Samba 4.17.12-Debian (Debian 12 package
 * samba 2:4.17.12+dfsg-0+deb12u4), an AD DC provisioned as realm PPTEST.LAN,
 * host dc1, in a test network namespace; the reply to ldap_start() with
 * txid 0x1234abcd (messageID 0x1234abcd), read with proto-drive's loop.
 * Two messages: SearchResultEntry (the rootDSE) and SearchResultDone.
 */
static const uint8_t ldap_capture[] = {
	/* 000: LDAPMessage, 0x16e bytes; 004: messageID 0x1334abcd; 00a: [APPLICATION 4]
	 * SearchResultEntry; 00e: objectName ""; 010: attributes; 014: the first,
	 * defaultNamingContext, its values' SET at 02c; ... 172: LDAPMessage;
	 * 17a: [APPLICATION 5] SearchResultDone: resultCode 0, matchedDN "", message "" */
	/* 000 */ 0x30, 0x82, 0x01, 0x6e, 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, 0x64, 0x82,
	/* 00c */ 0x01, 0x64, 0x04, 0x00, 0x30, 0x82, 0x01, 0x5e, 0x30, 0x2a, 0x04, 0x14,
	/* 018 */ 0x64, 0x65, 0x66, 0x61, 0x75, 0x6c, 0x74, 0x4e, 0x61, 0x6d, 0x69, 0x6e,
	/* 024 */ 0x67, 0x43, 0x6f, 0x6e, 0x74, 0x65, 0x78, 0x74, 0x31, 0x12, 0x04, 0x10,
	/* 030 */ 0x44, 0x43, 0x3d, 0x70, 0x70, 0x74, 0x65, 0x73, 0x74, 0x2c, 0x44, 0x43,
	/* 03c */ 0x3d, 0x6c, 0x61, 0x6e, 0x30, 0x1e, 0x04, 0x14, 0x73, 0x75, 0x70, 0x70,
	/* 048 */ 0x6f, 0x72, 0x74, 0x65, 0x64, 0x4c, 0x44, 0x41, 0x50, 0x56, 0x65, 0x72,
	/* 054 */ 0x73, 0x69, 0x6f, 0x6e, 0x31, 0x06, 0x04, 0x01, 0x32, 0x04, 0x01, 0x33,
	/* 060 */ 0x30, 0x1f, 0x04, 0x0b, 0x64, 0x6e, 0x73, 0x48, 0x6f, 0x73, 0x74, 0x4e,
	/* 06c */ 0x61, 0x6d, 0x65, 0x31, 0x10, 0x04, 0x0e, 0x64, 0x63, 0x31, 0x2e, 0x70,
	/* 078 */ 0x70, 0x74, 0x65, 0x73, 0x74, 0x2e, 0x6c, 0x61, 0x6e, 0x30, 0x2f, 0x04,
	/* 084 */ 0x0f, 0x6c, 0x64, 0x61, 0x70, 0x53, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65,
	/* 090 */ 0x4e, 0x61, 0x6d, 0x65, 0x31, 0x1c, 0x04, 0x1a, 0x70, 0x70, 0x74, 0x65,
	/* 09c */ 0x73, 0x74, 0x2e, 0x6c, 0x61, 0x6e, 0x3a, 0x64, 0x63, 0x31, 0x24, 0x40,
	/* 0a8 */ 0x50, 0x50, 0x54, 0x45, 0x53, 0x54, 0x2e, 0x4c, 0x41, 0x4e, 0x30, 0x81,
	/* 0b4 */ 0xbd, 0x04, 0x0e, 0x6e, 0x61, 0x6d, 0x69, 0x6e, 0x67, 0x43, 0x6f, 0x6e,
	/* 0c0 */ 0x74, 0x65, 0x78, 0x74, 0x73, 0x31, 0x81, 0xaa, 0x04, 0x10, 0x44, 0x43,
	/* 0cc */ 0x3d, 0x70, 0x70, 0x74, 0x65, 0x73, 0x74, 0x2c, 0x44, 0x43, 0x3d, 0x6c,
	/* 0d8 */ 0x61, 0x6e, 0x04, 0x21, 0x43, 0x4e, 0x3d, 0x43, 0x6f, 0x6e, 0x66, 0x69,
	/* 0e4 */ 0x67, 0x75, 0x72, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x2c, 0x44, 0x43, 0x3d,
	/* 0f0 */ 0x70, 0x70, 0x74, 0x65, 0x73, 0x74, 0x2c, 0x44, 0x43, 0x3d, 0x6c, 0x61,
	/* 0fc */ 0x6e, 0x04, 0x2b, 0x43, 0x4e, 0x3d, 0x53, 0x63, 0x68, 0x65, 0x6d, 0x61,
	/* 108 */ 0x2c, 0x43, 0x4e, 0x3d, 0x43, 0x6f, 0x6e, 0x66, 0x69, 0x67, 0x75, 0x72,
	/* 114 */ 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x2c, 0x44, 0x43, 0x3d, 0x70, 0x70, 0x74,
	/* 120 */ 0x65, 0x73, 0x74, 0x2c, 0x44, 0x43, 0x3d, 0x6c, 0x61, 0x6e, 0x04, 0x22,
	/* 12c */ 0x44, 0x43, 0x3d, 0x44, 0x6f, 0x6d, 0x61, 0x69, 0x6e, 0x44, 0x6e, 0x73,
	/* 138 */ 0x5a, 0x6f, 0x6e, 0x65, 0x73, 0x2c, 0x44, 0x43, 0x3d, 0x70, 0x70, 0x74,
	/* 144 */ 0x65, 0x73, 0x74, 0x2c, 0x44, 0x43, 0x3d, 0x6c, 0x61, 0x6e, 0x04, 0x22,
	/* 150 */ 0x44, 0x43, 0x3d, 0x46, 0x6f, 0x72, 0x65, 0x73, 0x74, 0x44, 0x6e, 0x73,
	/* 15c */ 0x5a, 0x6f, 0x6e, 0x65, 0x73, 0x2c, 0x44, 0x43, 0x3d, 0x70, 0x70, 0x74,
	/* 168 */ 0x65, 0x73, 0x74, 0x2c, 0x44, 0x43, 0x3d, 0x6c, 0x61, 0x6e, 0x30, 0x0f,
	/* 174 */ 0x02, 0x04, 0x13, 0x34, 0xab, 0xcd, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04,
	/* 180 */ 0x00, 0x04, 0x00,
};
/* Where the capture's first value SET (defaultNamingContext's) has its length. */
#define LDAP_CAPTURE_ATTR_LEN_OFF 0x2d
#define LDAP_CAPTURE_TXID 0x1234abcdu

static int ldap_check(const uint8_t *in, size_t len, uint32_t txid, unsigned transport,
		      enum pp_feed want, const char *needle, const char *what)
{
	struct ldap_state st;
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	int fails = 0;
	if (ldap_start(&st, txid, transport == PP_TR_UDP ? PP_TR_TCP : transport, "", &out) != 0) {
		fprintf(stderr, "ldap selftest: %s: start failed\n", what);
		pp_buf_free(&out);
		return 1;
	}
	enum pp_feed f = ldap_feed(&st, in, len, transport, &out, &r);
	if (f != want || (needle && !strstr(r.detail, needle))) {
		fprintf(stderr, "ldap selftest: %s: got %d '%s'\n", what, (int)f, r.detail);
		fails = 1;
	}
	pp_buf_free(&out);
	pp_probe_reply_free(&r);
	return fails;
}

static int ldap_selftest(void)
{
	int fails = 0;
	const uint8_t *c = ldap_capture;
	size_t n = sizeof ldap_capture;
	fails += ldap_check(c, n, LDAP_CAPTURE_TXID, PP_TR_TCP, PP_FEED_DONE,
			    "LDAP success: dnsHostName dc1.pptest.lan, defaultNamingContext "
			    "DC=pptest,DC=lan, ldapServiceName pptest.lan:dc1$@PPTEST.LAN, "
			    "LDAP versions 2,3, 5 namingContexts (DC=pptest,DC=lan, ...)",
			    "capture");
	/* Cut anywhere: MORE over TCP, never DONE. */
	fails += ldap_check(c, n - 1, LDAP_CAPTURE_TXID, PP_TR_TCP, PP_FEED_MORE, NULL,
			    "capture less its last byte");
	fails += ldap_check(c, n / 2, LDAP_CAPTURE_TXID, PP_TR_TCP, PP_FEED_MORE, NULL,
			    "half the capture");
	/* Another request's reply. */
	fails += ldap_check(c, n, LDAP_CAPTURE_TXID + 1, PP_TR_TCP, PP_FEED_BAD,
			    "reply to another request", "another messageID");
	/* Corrupted: an attribute's length runs past its entry. */
	uint8_t bad[sizeof ldap_capture];
	memcpy(bad, c, n);
	bad[LDAP_CAPTURE_ATTR_LEN_OFF] = 0x7f;
	fails += ldap_check(bad, n, LDAP_CAPTURE_TXID, PP_TR_TCP, PP_FEED_BAD, "malformed",
			    "corrupted attribute length");
	/* Corrupted: a 5-byte BER length. */
	memcpy(bad, c, n);
	bad[1] = 0x85;
	fails += ldap_check(bad, n, LDAP_CAPTURE_TXID, PP_TR_TCP, PP_FEED_BAD, "BER length",
			    "5-byte length");
	/* An HTTP server on the port. */
	static const uint8_t http[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
	fails += ldap_check(http, sizeof http - 1, LDAP_CAPTURE_TXID, PP_TR_TCP, PP_FEED_BAD,
			    "not an LDAP message", "HTTP reply");
	return fails;
}

const struct pp_proto pp_proto_ldap = { .name = "ldap", .default_port = 389, .transports = PP_TR_TCP, .state_size = sizeof(struct ldap_state), .start = ldap_start, .feed = ldap_feed, .selftest = ldap_selftest };
