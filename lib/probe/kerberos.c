/*
 * Kerberos 5 (RFC 4120), port 88 over UDP and TCP: an AS-REQ for the
 * realm's krbtgt, without pre-authentication, for a client principal
 * that does not exist ("portplan-probe-<txid in hex>"). Every KDC answers
 * it, with a KRB-ERROR: KDC_ERR_C_PRINCIPAL_UNKNOWN from the realm's KDC,
 * KDC_ERR_WRONG_REALM or KDC_ERR_S_PRINCIPAL_UNKNOWN when the realm is not
 * its own, and each error carries the KDC's realm and clock (a client more
 * than 5 minutes off cannot log on: the time is worth seeing). The client
 * name is made up so that no account is locked or logged on to; a domain
 * controller may log event 4768 with failure code 0x6 for it.
 *
 * The realm is the probed host's DNS domain upper-cased: "dc1.corp.example"
 * and "corp.example" both ask realm CORP.EXAMPLE. An address or a one-label
 * name has no domain: the realm is then PORTPLAN.INVALID, and the KDC's
 * KRB-ERROR still proves it listens, and names its own realm.
 *
 * A KRB-ERROR does not echo the AS-REQ's nonce: a reply is matched to its
 * request by the client name, which has the txid in it, when the KDC
 * names the client (Samba and Windows do for an unknown client).
 *
 * Over TCP each message is preceded by its length in 4 bytes, big-endian,
 * whose high bit is reserved (RFC 4120 7.2.2).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"
#include "probe/ber.h"

#define KRB_PLACEHOLDER_REALM "PORTPLAN.INVALID"
/* A reply larger than this is not an answer to this AS-REQ. */
#define KRB_MAX_REPLY 65536u
#define KRB_MAX_COMPONENTS 8

struct krb_state {
	char cname[32]; /* "portplan-probe-1234abcd" */
	char realm[256];
};

/* ---------- the request (DER, X.690) ---------- */

/* The request is built inside out in a byte array: each constructed
 * element's content is written, then wrapped with its tag and length. */
struct der {
	uint8_t b[1024];
	size_t n;
	bool over;
};

static void der_put(struct der *d, const void *s, size_t n)
{
	if (d->over || n > sizeof d->b - d->n) {
		d->over = true;
		return;
	}
	memcpy(d->b + d->n, s, n);
	d->n += n;
}

/* Make d->b[mark..n) the content of a TLV with this tag (DER: the shortest
 * length form). */
static void der_wrap(struct der *d, size_t mark, uint8_t tag)
{
	if (d->over)
		return;
	size_t len = d->n - mark, hl = len < 0x80 ? 2 : len < 0x100 ? 3 : 4;
	if (hl > sizeof d->b - d->n) {
		d->over = true;
		return;
	}
	memmove(d->b + mark + hl, d->b + mark, len);
	d->b[mark] = tag;
	if (hl == 2) {
		d->b[mark + 1] = (uint8_t)len;
	} else if (hl == 3) {
		d->b[mark + 1] = 0x81;
		d->b[mark + 2] = (uint8_t)len;
	} else {
		d->b[mark + 1] = 0x82;
		d->b[mark + 2] = (uint8_t)(len >> 8);
		d->b[mark + 3] = (uint8_t)len;
	}
	d->n += hl;
}

/* [ctx] GeneralString (KerberosString, Realm). */
static void der_kstring(struct der *d, uint8_t ctx, const char *s)
{
	size_t m = d->n;
	der_put(d, s, strlen(s));
	der_wrap(d, m, 0x1b);
	der_wrap(d, m, ctx);
}

/* [ctx] PrincipalName { [0] name-type INTEGER, [1] name-string SEQUENCE OF
 * KerberosString }. */
static void der_principal(struct der *d, uint8_t ctx, uint8_t name_type, const char *c1,
			  const char *c2)
{
	size_t m = d->n, seq, names;
	const uint8_t type[] = {0xa0, 0x03, 0x02, 0x01, name_type};
	der_put(d, type, sizeof type);
	seq = d->n;
	names = d->n;
	for (const char *c = c1; c; c = c == c1 ? c2 : NULL) {
		size_t s = d->n;
		der_put(d, c, strlen(c));
		der_wrap(d, s, 0x1b);
	}
	der_wrap(d, names, 0x30);
	der_wrap(d, seq, 0xa1);
	der_wrap(d, m, 0x30);
	der_wrap(d, m, ctx);
}

/* The realm for a host: its DNS domain, upper-cased (see the top). */
static void krb_realm_for(const char *host, char *realm, size_t cap)
{
	size_t n = host ? strlen(host) : 0;
	while (n && host[n - 1] == '.')
		n--;
	const char *dot = n ? memchr(host, '.', n) : NULL;
	bool digits_only = true, ok = n > 0 && n < cap && n < 254;
	for (size_t i = 0; ok && i < n; i++) {
		char c = host[i];
		if (!(c == '.' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')))
			ok = false; /* an IPv6 address (':'), or not a DNS name */
		if (c != '.' && (c < '0' || c > '9'))
			digits_only = false;
	}
	if (!ok || !dot || digits_only) {
		snprintf(realm, cap, "%s", KRB_PLACEHOLDER_REALM);
		return;
	}
	/* Two dots or more: a host in a domain; one: the domain itself. */
	const char *from = memchr(dot + 1, '.', n - (size_t)(dot + 1 - host)) ? dot + 1 : host;
	size_t k = 0;
	for (const char *c = from; c < host + n; c++)
		realm[k++] = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
	realm[k] = '\0';
}

/*
 * The AS-REQ (RFC 4120 5.4.1), 156 bytes for realm PPTEST.LAN and txid
 * 0x1234abcd:
 *
 *   00 6a 81 99          [APPLICATION 10] AS-REQ, 153 bytes
 *   03 30 81 96          KDC-REQ: SEQUENCE, 150 bytes
 *   06 a1 03 02 01 05    pvno [1]: 5
 *   0b a2 03 02 01 0a    msg-type [2]: 10, KRB_AS_REQ
 *                        (no padata [3]: no pre-authentication)
 *   10 a4 81 89          req-body [4]:
 *   13 30 81 86          KDC-REQ-BODY: SEQUENCE, 134 bytes
 *   16 a0 07 03 05 00 40 81 00 10
 *                        kdc-options [0]: BIT STRING, forwardable, renewable,
 *                        canonicalize, renewable-ok (as kinit asks)
 *   1f a1 24 30 22 a0 03 02 01 01 a1 1b 30 19 1b 17 "portplan-probe-1234abcd"
 *                        cname [1]: NT-PRINCIPAL (1), made up, with the txid
 *   45 a2 0c 1b 0a "PPTEST.LAN"
 *                        realm [2]
 *   53 a3 1f 30 1d a0 03 02 01 02 a1 16 30 14 1b 06 "krbtgt" 1b 0a "PPTEST.LAN"
 *                        sname [3]: NT-SRV-INST (2), krbtgt/REALM
 *                        (no from [4])
 *   74 a5 11 18 0f "20370913024805Z"
 *                        till [5]: the far future, as kinit asks
 *                        (no rtime [6])
 *   87 a7 06 02 04 13 34 ab cd
 *                        nonce [7]: from the txid, kept in 0x01000000..
 *                        0x7fffffff (a positive 4-byte INTEGER: some KDCs
 *                        take 31 bits only)
 *   8f a8 0b 30 09 02 01 12 02 01 11 02 01 17
 *                        etype [8]: aes256-cts-hmac-sha1-96 (18),
 *                        aes128-cts-hmac-sha1-96 (17), rc4-hmac (23)
 *   9c                   (no addresses [9], enc-authorization-data [10],
 *                        additional-tickets [11])
 *
 * Lengths follow the realm's; over TCP the 4-byte length comes first.
 */
static int krb_start(void *state, uint32_t txid, unsigned transport, const char *host,
		     struct pp_buf *out)
{
	struct krb_state *st = state;
	if (transport != PP_TR_TCP && transport != PP_TR_UDP)
		return -1;
	krb_realm_for(host, st->realm, sizeof st->realm);
	snprintf(st->cname, sizeof st->cname, "portplan-probe-%08x", (unsigned)txid);
	uint32_t nonce = (txid & 0x7fffffffu) | 0x01000000u;

	struct der d = {.n = 0};
	static const uint8_t pvno[] = {0xa1, 0x03, 0x02, 0x01, 0x05};
	static const uint8_t msg_type[] = {0xa2, 0x03, 0x02, 0x01, 0x0a};
	static const uint8_t kdc_options[] = {0xa0, 0x07, 0x03, 0x05, 0x00, 0x40, 0x81, 0x00, 0x10};
	static const uint8_t till[] = {0xa5, 0x11, 0x18, 0x0f, '2', '0', '3', '7', '0', '9', '1',
				       '3', '0', '2', '4', '8', '0', '5', 'Z'};
	static const uint8_t etypes[] = {0xa8, 0x0b, 0x30, 0x09, 0x02, 0x01, 0x12,
					 0x02, 0x01, 0x11, 0x02, 0x01, 0x17};
	const uint8_t nonce_field[] = {0xa7, 0x06, 0x02, 0x04, (uint8_t)(nonce >> 24),
				       (uint8_t)(nonce >> 16), (uint8_t)(nonce >> 8), (uint8_t)nonce};

	der_put(&d, pvno, sizeof pvno);
	der_put(&d, msg_type, sizeof msg_type);
	size_t body = d.n;
	der_put(&d, kdc_options, sizeof kdc_options);
	der_principal(&d, 0xa1, 1, st->cname, NULL);
	der_kstring(&d, 0xa2, st->realm);
	der_principal(&d, 0xa3, 2, "krbtgt", st->realm);
	der_put(&d, till, sizeof till);
	der_put(&d, nonce_field, sizeof nonce_field);
	der_put(&d, etypes, sizeof etypes);
	der_wrap(&d, body, 0x30); /* KDC-REQ-BODY */
	der_wrap(&d, body, 0xa4); /* req-body [4] */
	der_wrap(&d, 0, 0x30);    /* KDC-REQ */
	der_wrap(&d, 0, 0x6a);    /* [APPLICATION 10] AS-REQ */
	if (d.over)
		return -1;
	if (transport == PP_TR_TCP) {
		const char len[4] = {0, 0, (char)(d.n >> 8), (char)d.n};
		pp_buf_put(out, len, sizeof len);
	}
	pp_buf_put(out, (const char *)d.b, d.n);
	return out->failed ? -1 : 0;
}

/* ---------- reading the reply (DER, read with probe/ber.h) ---------- */

/* A GeneralString, printable, into dst. */
static bool krb_string(const struct pp_ber *v, char *dst, size_t cap)
{
	size_t n = pp_ber_len(v);
	if (n >= cap)
		n = cap - 1;
	pp_printable(dst, cap, v->p + v->off, n);
	return true;
}

/* PrincipalName (RFC 4120 5.2.2): name-string's components joined by '/'. */
static bool krb_principal(struct pp_ber *v, char *dst, size_t cap)
{
	struct pp_ber f0, f1, type, names, s;
	uint32_t name_type;
	if (!pp_ber_expect(v, 0xa0, &f0) || !pp_ber_expect(&f0, 0x02, &type) ||
	    !pp_ber_uint(&type, &name_type) || !pp_ber_expect(v, 0xa1, &f1) ||
	    !pp_ber_expect(&f1, 0x30, &names))
		return false;
	size_t k = 0;
	dst[0] = '\0';
	for (unsigned i = 0; names.off < names.end; i++) {
		if (i >= KRB_MAX_COMPONENTS || !pp_ber_expect(&names, 0x1b, &s))
			return false;
		size_t n = pp_ber_len(&s);
		if (k + n + 2 > cap)
			return false;
		if (i)
			dst[k++] = '/';
		pp_printable(dst + k, cap - k, s.p + s.off, n);
		k += n;
	}
	return true;
}

/* KerberosTime "YYYYMMDDHHMMSSZ" as "YYYY-MM-DD HH:MM:SSZ". */
static bool krb_time(const struct pp_ber *v, char *dst, size_t cap)
{
	const uint8_t *t = v->p + v->off;
	if (pp_ber_len(v) != 15 || t[14] != 'Z')
		return false;
	for (size_t i = 0; i < 14; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	snprintf(dst, cap, "%.4s-%.2s-%.2s %.2s:%.2s:%.2sZ", (const char *)t, (const char *)t + 4,
		 (const char *)t + 6, (const char *)t + 8, (const char *)t + 10,
		 (const char *)t + 12);
	return true;
}

static const char *krb_error_name(uint32_t code)
{
	static const struct {
		uint32_t code;
		const char *name;
	} names[] = {
		{0, "KDC_ERR_NONE"}, {1, "KDC_ERR_NAME_EXP"}, {2, "KDC_ERR_SERVICE_EXP"},
		{3, "KDC_ERR_BAD_PVNO"}, {4, "KDC_ERR_C_OLD_MAST_KVNO"},
		{5, "KDC_ERR_S_OLD_MAST_KVNO"}, {6, "KDC_ERR_C_PRINCIPAL_UNKNOWN"},
		{7, "KDC_ERR_S_PRINCIPAL_UNKNOWN"}, {8, "KDC_ERR_PRINCIPAL_NOT_UNIQUE"},
		{9, "KDC_ERR_NULL_KEY"}, {10, "KDC_ERR_CANNOT_POSTDATE"}, {11, "KDC_ERR_NEVER_VALID"},
		{12, "KDC_ERR_POLICY"}, {13, "KDC_ERR_BADOPTION"}, {14, "KDC_ERR_ETYPE_NOSUPP"},
		{15, "KDC_ERR_SUMTYPE_NOSUPP"}, {16, "KDC_ERR_PADATA_TYPE_NOSUPP"},
		{17, "KDC_ERR_TRTYPE_NOSUPP"}, {18, "KDC_ERR_CLIENT_REVOKED"},
		{19, "KDC_ERR_SERVICE_REVOKED"}, {20, "KDC_ERR_TGT_REVOKED"},
		{21, "KDC_ERR_CLIENT_NOTYET"}, {22, "KDC_ERR_SERVICE_NOTYET"},
		{23, "KDC_ERR_KEY_EXPIRED"}, {24, "KDC_ERR_PREAUTH_FAILED"},
		{25, "KDC_ERR_PREAUTH_REQUIRED"}, {26, "KDC_ERR_SERVER_NOMATCH"},
		{27, "KDC_ERR_MUST_USE_USER2USER"}, {28, "KDC_ERR_PATH_NOT_ACCEPTED"},
		{29, "KDC_ERR_SVC_UNAVAILABLE"}, {31, "KRB_AP_ERR_BAD_INTEGRITY"},
		{32, "KRB_AP_ERR_TKT_EXPIRED"}, {33, "KRB_AP_ERR_TKT_NYV"}, {34, "KRB_AP_ERR_REPEAT"},
		{35, "KRB_AP_ERR_NOT_US"}, {36, "KRB_AP_ERR_BADMATCH"}, {37, "KRB_AP_ERR_SKEW"},
		{38, "KRB_AP_ERR_BADADDR"}, {39, "KRB_AP_ERR_BADVERSION"},
		{40, "KRB_AP_ERR_MSG_TYPE"}, {41, "KRB_AP_ERR_MODIFIED"}, {42, "KRB_AP_ERR_BADORDER"},
		{44, "KRB_AP_ERR_BADKEYVER"}, {45, "KRB_AP_ERR_NOKEY"}, {46, "KRB_AP_ERR_MUT_FAIL"},
		{47, "KRB_AP_ERR_BADDIRECTION"}, {48, "KRB_AP_ERR_METHOD"}, {49, "KRB_AP_ERR_BADSEQ"},
		{50, "KRB_AP_ERR_INAPP_CKSUM"}, {51, "KRB_AP_PATH_NOT_ACCEPTED"},
		{52, "KRB_ERR_RESPONSE_TOO_BIG"}, {60, "KRB_ERR_GENERIC"},
		{61, "KRB_ERR_FIELD_TOOLONG"}, {62, "KDC_ERR_CLIENT_NOT_TRUSTED"},
		{63, "KDC_ERR_KDC_NOT_TRUSTED"}, {64, "KDC_ERR_INVALID_SIG"},
		{65, "KDC_ERR_KEY_TOO_WEAK"}, {66, "KDC_ERR_CERTIFICATE_MISMATCH"},
		{67, "KRB_AP_ERR_NO_TGT"}, {68, "KDC_ERR_WRONG_REALM"},
		{69, "KRB_AP_ERR_USER_TO_USER_REQUIRED"}, {70, "KDC_ERR_CANT_VERIFY_CERTIFICATE"},
		{71, "KDC_ERR_INVALID_CERTIFICATE"}, {72, "KDC_ERR_REVOKED_CERTIFICATE"},
		{73, "KDC_ERR_REVOCATION_STATUS_UNKNOWN"},
		{74, "KDC_ERR_REVOCATION_STATUS_UNAVAILABLE"}, {75, "KDC_ERR_CLIENT_NAME_MISMATCH"},
		{76, "KDC_ERR_KDC_NAME_MISMATCH"}, {90, "KDC_ERR_PREAUTH_EXPIRED"},
		{91, "KDC_ERR_MORE_PREAUTH_DATA_REQUIRED"},
		{93, "KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS"},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].code == code)
			return names[i].name;
	return "KRB_ERR_UNKNOWN_CODE";
}

static void krb_say(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void krb_say(struct pp_probe_reply *reply, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail, sizeof reply->detail, fmt, ap);
	va_end(ap);
}

static void krb_add(struct pp_probe_reply *reply, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void krb_add(struct pp_probe_reply *reply, const char *fmt, ...)
{
	size_t used = strlen(reply->detail);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reply->detail + used, sizeof reply->detail - used, fmt, ap);
	va_end(ap);
}

static enum pp_feed krb_bad(struct pp_probe_reply *reply, const char *what)
{
	krb_say(reply, "Kerberos: %s", what);
	return PP_FEED_BAD;
}

/* What a KRB-ERROR or an AS-REP says. */
struct krb_reply {
	bool error;            /* KRB-ERROR, else AS-REP */
	bool has_code, has_time, has_cname;
	uint32_t pvno, msg_type, code;
	char stime[32];
	char crealm[256], realm[256];
	char cname[256], sname[256];
	char etext[160];
};

/*
 * The fields of a KRB-ERROR (RFC 4120 5.9.1) or an AS-REP (5.4.2): a
 * SEQUENCE of context-tagged fields in increasing order. NULL, or what is
 * wrong.
 *   KRB-ERROR: [0] pvno [1] msg-type [2] ctime [3] cusec [4] stime [5] susec
 *     [6] error-code [7] crealm [8] cname [9] realm [10] sname [11] e-text
 *     [12] e-data
 *   AS-REP: [0] pvno [1] msg-type [2] padata [3] crealm [4] cname [5] ticket
 *     [6] enc-part
 */
static const char *krb_fields(struct pp_ber *seq, struct krb_reply *kr)
{
	int last = -1;
	bool have_pvno = false, have_type = false;
	for (unsigned i = 0; seq->off < seq->end; i++) {
		uint8_t tag, vt;
		struct pp_ber field, v;
		if (i > 16 || pp_ber_get(seq, &tag, &field, NULL) != PP_BER_OK ||
		    (tag & 0xe0) != 0xa0)
			return "malformed message";
		int k = tag & 0x1f;
		if (k <= last)
			return "fields out of order";
		last = k;
		if (pp_ber_get(&field, &vt, &v, NULL) != PP_BER_OK || field.off != field.end)
			return "malformed field";
		bool ok = true;
		if (k == 0) {
			ok = vt == 0x02 && pp_ber_uint(&v, &kr->pvno);
			have_pvno = true;
		} else if (k == 1) {
			ok = vt == 0x02 && pp_ber_uint(&v, &kr->msg_type);
			have_type = true;
		} else if (kr->error) {
			switch (k) {
			case 4:
				ok = vt == 0x18 && krb_time(&v, kr->stime, sizeof kr->stime);
				kr->has_time = true;
				break;
			case 6:
				ok = vt == 0x02 && pp_ber_uint(&v, &kr->code);
				kr->has_code = true;
				break;
			case 7:
				ok = vt == 0x1b && krb_string(&v, kr->crealm, sizeof kr->crealm);
				break;
			case 8:
				ok = vt == 0x30 && krb_principal(&v, kr->cname, sizeof kr->cname);
				kr->has_cname = true;
				break;
			case 9:
				ok = vt == 0x1b && krb_string(&v, kr->realm, sizeof kr->realm);
				break;
			case 10:
				ok = vt == 0x30 && krb_principal(&v, kr->sname, sizeof kr->sname);
				break;
			case 11:
				ok = vt == 0x1b && krb_string(&v, kr->etext, sizeof kr->etext);
				break;
			default: /* ctime, cusec, susec, e-data */
				ok = k <= 12;
			}
		} else {
			switch (k) {
			case 3:
				ok = vt == 0x1b && krb_string(&v, kr->crealm, sizeof kr->crealm);
				break;
			case 4:
				ok = vt == 0x30 && krb_principal(&v, kr->cname, sizeof kr->cname);
				kr->has_cname = true;
				break;
			default: /* padata, ticket, enc-part */
				ok = k <= 6;
			}
		}
		if (!ok)
			return "malformed field";
	}
	if (!have_pvno || !have_type)
		return "message without pvno or msg-type";
	if (kr->pvno != 5)
		return "not Kerberos 5 (pvno is not 5)";
	if (kr->msg_type != (kr->error ? 30u : 11u))
		return "msg-type does not match the message";
	if (kr->error && (!kr->has_code || !kr->has_time || !*kr->realm))
		return "KRB-ERROR without error-code, stime or realm";
	if (!kr->error && !kr->has_cname)
		return "AS-REP without cname";
	return NULL;
}

static enum pp_feed krb_parse(const struct krb_state *st, const uint8_t *msg, size_t len,
			      struct pp_probe_reply *reply)
{
	struct pp_ber all = {msg, 0, len}, app, seq;
	uint8_t tag;
	struct krb_reply kr;
	memset(&kr, 0, sizeof kr);
	int r = pp_ber_get(&all, &tag, &app, NULL);
	if (r == PP_BER_SHORT)
		return krb_bad(reply, "truncated message");
	if (r == PP_BER_BAD || (tag != 0x7e && tag != 0x6b)) {
		char text[96];
		snprintf(text, sizeof text, "not a KRB-ERROR or AS-REP (first byte 0x%02x)", msg[0]);
		return krb_bad(reply, text);
	}
	kr.error = tag == 0x7e; /* [APPLICATION 30] KRB-ERROR, [APPLICATION 11] AS-REP */
	if (!pp_ber_expect(&app, 0x30, &seq) || app.off != app.end)
		return krb_bad(reply, "malformed message");
	const char *err = krb_fields(&seq, &kr);
	if (err)
		return krb_bad(reply, err);
	if (kr.has_cname && strcmp(kr.cname, st->cname) != 0) {
		char text[400];
		snprintf(text, sizeof text, "reply to another request (client %s, not %s)", kr.cname,
			 st->cname);
		return krb_bad(reply, text);
	}
	if (!kr.error) {
		krb_say(reply, "Kerberos AS-REP: the KDC issued a ticket for %s@%s without "
			"pre-authentication", kr.cname, kr.crealm);
		return PP_FEED_DONE;
	}
	krb_say(reply, "Kerberos KRB-ERROR %s (%u): realm %s, server time %s",
		krb_error_name(kr.code), (unsigned)kr.code, kr.realm, kr.stime);
	if (*kr.crealm && strcmp(kr.crealm, kr.realm) != 0)
		krb_add(reply, ", client realm %s", kr.crealm);
	if (strcmp(st->realm, KRB_PLACEHOLDER_REALM) == 0)
		krb_add(reply, " (asked %s: the host named no domain)", st->realm);
	else if (strcmp(kr.realm, st->realm) != 0)
		krb_add(reply, " (asked %s)", st->realm);
	if (*kr.etext)
		krb_add(reply, ", e-text: %s", kr.etext);
	return PP_FEED_DONE;
}

static enum pp_feed krb_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			     struct pp_buf *out, struct pp_probe_reply *reply)
{
	const struct krb_state *st = state;
	(void)out;
	if (transport != PP_TR_TCP)
		return len ? krb_parse(st, in, len, reply) : krb_bad(reply, "empty datagram");
	uint32_t n;
	if (!pp_rd_u32be(in, len, 0, &n))
		return PP_FEED_MORE;
	if (n & 0x80000000u)
		return krb_bad(reply, "TCP length with the reserved bit set (not Kerberos)");
	if (n == 0 || n > KRB_MAX_REPLY)
		return krb_bad(reply, "TCP length out of range (not Kerberos)");
	if (len - 4 < n)
		return PP_FEED_MORE;
	return krb_parse(st, in + 4, n, reply);
}

/* ---------- selftest ---------- */

/*
 * Captured on 2026-11-22 from Samba 4.17.12-Debian's KDC (Debian 12 package
 * samba 2:4.17.12+dfsg-0+deb12u4; Heimdal inside), an AD DC provisioned as
 * realm PPTEST.LAN in a test network namespace: the UDP reply to
 * krb_start() for host dc1.pptest.lan with txid 0x1234abcd. (Over TCP the
 * same bytes came after the length 00 00 00 92.)
 *
 *   000 7e 81 8f    [APPLICATION 30] KRB-ERROR
 *   003 30 81 8c    SEQUENCE
 *   006 a0          pvno 5
 *   00b a1          msg-type 30
 *   010 a4          stime "20261122143833Z"
 *   023 a5          susec 475945
 *   02a a6          error-code 6, KDC_ERR_C_PRINCIPAL_UNKNOWN
 *   02f a7          crealm "PPTEST.LAN"
 *   03d a8          cname NT-PRINCIPAL "portplan-probe-1234abcd"
 *   063 a9          realm "PPTEST.LAN"
 *   071 aa          sname NT-SRV-INST "krbtgt/PPTEST.LAN"
 */
static const uint8_t krb_capture[] = {
	/* 000 */ 0x7e, 0x81, 0x8f, 0x30, 0x81, 0x8c, 0xa0, 0x03, 0x02, 0x01, 0x05, 0xa1,
	/* 00c */ 0x03, 0x02, 0x01, 0x1e, 0xa4, 0x11, 0x18, 0x0f, 0x32, 0x30, 0x32, 0x36,
	/* 018 */ 0x31, 0x31, 0x32, 0x32, 0x31, 0x34, 0x33, 0x38, 0x33, 0x33, 0x5a, 0xa5,
	/* 024 */ 0x05, 0x02, 0x03, 0x07, 0x43, 0x29, 0xa6, 0x03, 0x02, 0x01, 0x06, 0xa7,
	/* 030 */ 0x0c, 0x1b, 0x0a, 0x50, 0x50, 0x54, 0x45, 0x53, 0x54, 0x2e, 0x4c, 0x41,
	/* 03c */ 0x4e, 0xa8, 0x24, 0x30, 0x22, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x1b,
	/* 048 */ 0x30, 0x19, 0x1b, 0x17, 0x70, 0x6f, 0x72, 0x74, 0x70, 0x6c, 0x61, 0x6e,
	/* 054 */ 0x2d, 0x70, 0x72, 0x6f, 0x62, 0x65, 0x2d, 0x31, 0x32, 0x33, 0x34, 0x61,
	/* 060 */ 0x62, 0x63, 0x64, 0xa9, 0x0c, 0x1b, 0x0a, 0x50, 0x50, 0x54, 0x45, 0x53,
	/* 06c */ 0x54, 0x2e, 0x4c, 0x41, 0x4e, 0xaa, 0x1f, 0x30, 0x1d, 0xa0, 0x03, 0x02,
	/* 078 */ 0x01, 0x02, 0xa1, 0x16, 0x30, 0x14, 0x1b, 0x06, 0x6b, 0x72, 0x62, 0x74,
	/* 084 */ 0x67, 0x74, 0x1b, 0x0a, 0x50, 0x50, 0x54, 0x45, 0x53, 0x54, 0x2e, 0x4c,
	/* 090 */ 0x41, 0x4e,
};
#define KRB_CAPTURE_TXID 0x1234abcdu
#define KRB_CAPTURE_HOST "dc1.pptest.lan"

static int krb_check(const uint8_t *in, size_t len, uint32_t txid, unsigned transport,
		     enum pp_feed want, const char *needle, const char *what)
{
	struct krb_state st;
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	int fails = 0;
	if (krb_start(&st, txid, transport, KRB_CAPTURE_HOST, &out) != 0) {
		fprintf(stderr, "kerberos selftest: %s: start failed\n", what);
		pp_buf_free(&out);
		return 1;
	}
	enum pp_feed f = krb_feed(&st, in, len, transport, &out, &r);
	if (f != want || (needle && !strstr(r.detail, needle))) {
		fprintf(stderr, "kerberos selftest: %s: got %d '%s'\n", what, (int)f, r.detail);
		fails = 1;
	}
	pp_buf_free(&out);
	pp_probe_reply_free(&r);
	return fails;
}

static int krb_selftest(void)
{
	int fails = 0;
	const uint8_t *c = krb_capture;
	size_t n = sizeof krb_capture;
	fails += krb_check(c, n, KRB_CAPTURE_TXID, PP_TR_UDP, PP_FEED_DONE,
			   "Kerberos KRB-ERROR KDC_ERR_C_PRINCIPAL_UNKNOWN (6): realm PPTEST.LAN, "
			   "server time 2026-11-22 14:38:33Z",
			   "capture");
	/* Over TCP, with the length in front; and cut short. */
	uint8_t tcp[4 + sizeof krb_capture];
	tcp[0] = tcp[1] = 0;
	tcp[2] = (uint8_t)(n >> 8);
	tcp[3] = (uint8_t)n;
	memcpy(tcp + 4, c, n);
	fails += krb_check(tcp, sizeof tcp, KRB_CAPTURE_TXID, PP_TR_TCP, PP_FEED_DONE,
			   "KDC_ERR_C_PRINCIPAL_UNKNOWN", "capture over TCP");
	fails += krb_check(tcp, sizeof tcp - 1, KRB_CAPTURE_TXID, PP_TR_TCP, PP_FEED_MORE, NULL,
			   "TCP reply less its last byte");
	fails += krb_check(tcp, 3, KRB_CAPTURE_TXID, PP_TR_TCP, PP_FEED_MORE, NULL,
			   "TCP length cut short");
	tcp[0] = 0x80;
	fails += krb_check(tcp, sizeof tcp, KRB_CAPTURE_TXID, PP_TR_TCP, PP_FEED_BAD,
			   "reserved bit", "TCP length's reserved bit");
	fails += krb_check(c, n - 1, KRB_CAPTURE_TXID, PP_TR_UDP, PP_FEED_BAD, "truncated",
			   "datagram less its last byte");
	fails += krb_check(c, n, KRB_CAPTURE_TXID + 1, PP_TR_UDP, PP_FEED_BAD,
			   "reply to another request", "another client name");
	/* Corrupted: pvno 4, a letter in stime, error-code's field made [3]
	 * (out of order), the first byte. */
	static const struct {
		size_t off;
		uint8_t byte;
		const char *needle;
	} bad[] = {
		{0x0a, 0x04, "not Kerberos 5"},
		{0x14, 'x', "malformed field"},
		{0x2a, 0xa3, "out of order"},
		{0x00, 0x6d, "not a KRB-ERROR or AS-REP"},
		{0x02, 0xff, "truncated"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		uint8_t buf[sizeof krb_capture];
		memcpy(buf, c, n);
		buf[bad[i].off] = bad[i].byte;
		fails += krb_check(buf, n, KRB_CAPTURE_TXID, PP_TR_UDP, PP_FEED_BAD, bad[i].needle,
				   "corrupted KRB-ERROR");
	}
	return fails;
}

const struct pp_proto pp_proto_kerberos = { .name = "kerberos", .default_port = 88, .transports = PP_TR_TCP | PP_TR_UDP, .state_size = sizeof(struct krb_state), .start = krb_start, .feed = krb_feed, .selftest = krb_selftest };
