/*
 * XMPP server-to-server (5269/tcp): open a stream (RFC 6120 §4.7) and read
 * the server's stream header (version, from, id) and what follows it: its
 * <stream:features> (STARTTLS, required or not, dialback, SASL mechanisms)
 * or a <stream:error> (host-unknown, ...). Lync/Skype for Business edge
 * servers federate with XMPP partners on this port.
 *
 * The reply is read by a tolerant, bounded scan of XML tags, not by an XML
 * parser: tags and quoted attributes are found, names compared by their
 * local part, everything else skipped.
 *
 * The initiating stream header has no field for an id (the receiving
 * server chooses the stream id), so the txid is not sent: the TCP
 * connection itself matches the reply to the request.
 */
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"

#define XMPP_MAX (64 * 1024)  /* bytes read at most for a header and its features */
#define XMPP_MAX_TAGS 512     /* tags scanned at most */
#define XMPP_MAX_DEPTH 32     /* nesting followed at most */
#define XMPP_STREAMS_NS "http://etherx.jabber.org/streams"

struct xmpp_state {
	char to[260]; /* the domain we asked for, as sent */
};

static bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.' || c == ':' || c == '_';
}

/*
 * The request: an XML declaration and the initial stream header of a
 * server-to-server stream (RFC 6120 §4.7, §4.8.2), nothing else:
 *
 *   <?xml version='1.0'?>                        optional XML declaration (§11.5)
 *   <stream:stream
 *     xmlns='jabber:server'                      content namespace: s2s (§4.8.2)
 *     xmlns:stream='http://etherx.jabber.org/streams'   stream namespace (§4.8.1)
 *     to='HOST'                                  the domain we ask the server for
 *                                                (§4.7.2); an IPv6 address in
 *                                                brackets (RFC 7622 §3.2)
 *     version='1.0'>                             "I speak XMPP 1.0": the server
 *                                                then sends its features (§4.7.5)
 *
 * No 'from': we are not a server and do not want the receiving server to
 * verify us by dialback. HOST is restricted to host-name and address
 * characters, so nothing in it needs escaping.
 */
static int xmpp_start(void *state, uint32_t txid, unsigned transport, const char *host,
		      struct pp_buf *out)
{
	(void)txid;
	(void)transport;
	struct xmpp_state *st = state;
	size_t n = host ? strlen(host) : 0;
	if (n == 0 || n > 253)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!host_char(host[i]))
			return -1;
	bool v6 = strchr(host, ':') != NULL;
	snprintf(st->to, sizeof st->to, "%s%s%s", v6 ? "[" : "", host, v6 ? "]" : "");
	pp_buf_printf(out,
		      "<?xml version='1.0'?>"
		      "<stream:stream xmlns='jabber:server' xmlns:stream='" XMPP_STREAMS_NS "'"
		      " to='%s' version='1.0'>",
		      st->to);
	return out->failed ? -1 : 0;
}

/* ---------- a tolerant tag scanner ---------- */

enum xml_kind { XT_START, XT_END, XT_EMPTY, XT_SKIP };

struct xml_tag {
	enum xml_kind kind;
	const uint8_t *name; /* the qualified name */
	size_t name_len;
	const uint8_t *attrs; /* between the name and the closing '>' (or '/>') */
	size_t attrs_len;
	size_t text, text_len; /* character data before the tag */
	size_t end;            /* offset after the tag's '>' */
};

enum xml_next { XN_TAG, XN_INCOMPLETE, XN_BAD };

static bool xml_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Where the needle starts in p[from..len), or len. */
static size_t xml_find(const uint8_t *p, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= len; i++)
		if (memcmp(p + i, needle, n) == 0)
			return i;
	return len;
}

/* The next tag at or after pos. */
static enum xml_next xml_next(const uint8_t *p, size_t len, size_t pos, struct xml_tag *t)
{
	size_t lt = pos;
	while (lt < len && p[lt] != '<')
		lt++;
	memset(t, 0, sizeof *t);
	t->text = pos;
	t->text_len = lt - pos;
	if (lt + 1 >= len)
		return XN_INCOMPLETE;
	size_t i = lt + 1;
	/* Declarations, processing instructions, comments, CDATA: skipped. */
	static const struct {
		const char *open, *close;
	} skips[] = {{"?", "?>"}, {"!--", "-->"}, {"![CDATA[", "]]>"}};
	for (size_t k = 0; k < sizeof skips / sizeof *skips; k++) {
		size_t on = strlen(skips[k].open), have = len - i < on ? len - i : on;
		if (memcmp(p + i, skips[k].open, have) != 0)
			continue;
		if (have < on)
			return XN_INCOMPLETE;
		{
			size_t c = xml_find(p, len, i + on, skips[k].close);
			if (c == len)
				return XN_INCOMPLETE;
			t->kind = XT_SKIP;
			t->end = c + strlen(skips[k].close);
			return XN_TAG;
		}
	}
	if (p[i] == '!')
		return XN_BAD; /* a DTD: never in XMPP (RFC 6120 §11.1) */
	t->kind = XT_START;
	if (p[i] == '/') {
		t->kind = XT_END;
		i++;
	}
	size_t ns = i;
	while (i < len && !xml_space(p[i]) && p[i] != '/' && p[i] != '>' && p[i] != '<' &&
	       p[i] != '=' && p[i] != '\'' && p[i] != '"')
		i++;
	if (i == len)
		return XN_INCOMPLETE;
	if (i == ns || p[i] == '<' || p[i] == '=' || p[i] == '\'' || p[i] == '"')
		return XN_BAD;
	t->name = p + ns;
	t->name_len = i - ns;
	/* Attributes up to '>', quotes honoured: a '>' may sit in a value. */
	size_t as = i;
	uint8_t quote = 0;
	for (; i < len; i++) {
		if (quote) {
			if (p[i] == quote)
				quote = 0;
		} else if (p[i] == '\'' || p[i] == '"') {
			quote = p[i];
		} else if (p[i] == '<') {
			return XN_BAD;
		} else if (p[i] == '>') {
			break;
		}
	}
	if (i == len)
		return XN_INCOMPLETE;
	size_t ae = i;
	if (ae > as && p[ae - 1] == '/') {
		if (t->kind == XT_END)
			return XN_BAD;
		t->kind = XT_EMPTY;
		ae--;
	}
	t->attrs = p + as;
	t->attrs_len = ae - as;
	t->end = i + 1;
	return XN_TAG;
}

/* The part of a qualified name after its prefix. */
static bool xml_local_is(const uint8_t *name, size_t n, const char *local)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (name[i] == ':')
			k = i + 1;
	return n - k == strlen(local) && memcmp(name + k, local, n - k) == 0;
}

static size_t xml_prefix_len(const uint8_t *name, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name[i] == ':')
			return i;
	return 0;
}

/* A printable copy of a tag's local name. */
static char *xml_local(const struct xml_tag *t, char *dst, size_t cap)
{
	size_t pn = xml_prefix_len(t->name, t->name_len);
	pn = pn ? pn + 1 : 0;
	return pp_printable(dst, cap, t->name + pn, t->name_len - pn);
}

/* Find attribute `name` (n bytes) in a tag's attribute span; its value
 * (without quotes) in *v, *vn. */
static bool xml_attr(const struct xml_tag *t, const uint8_t *name, size_t n, const uint8_t **v, size_t *vn)
{
	const uint8_t *a = t->attrs;
	size_t len = t->attrs_len, i = 0;
	for (int guard = 0; guard < 128; guard++) {
		while (i < len && xml_space(a[i]))
			i++;
		size_t ns = i;
		while (i < len && !xml_space(a[i]) && a[i] != '=')
			i++;
		size_t ne = i;
		while (i < len && xml_space(a[i]))
			i++;
		if (i >= len || a[i] != '=' || ne == ns)
			return false;
		i++;
		while (i < len && xml_space(a[i]))
			i++;
		if (i >= len || (a[i] != '\'' && a[i] != '"'))
			return false;
		uint8_t q = a[i++];
		size_t vs = i;
		while (i < len && a[i] != q)
			i++;
		if (i >= len)
			return false;
		if (ne - ns == n && memcmp(a + ns, name, n) == 0) {
			*v = a + vs;
			*vn = i - vs;
			return true;
		}
		i++;
	}
	return false;
}

static bool xml_attr_s(const struct xml_tag *t, const char *name, const uint8_t **v, size_t *vn)
{
	return xml_attr(t, (const uint8_t *)name, strlen(name), v, vn);
}

/* ---------- reading the reply ---------- */

static void xmpp_append(char *dst, size_t cap, const char *sep, const char *s)
{
	size_t k = strlen(dst);
	if (k + 1 < cap)
		snprintf(dst + k, cap - k, "%s%s", k ? sep : "", s);
}

static enum pp_feed xmpp_bad(struct pp_probe_reply *reply, const char *why)
{
	snprintf(reply->detail, sizeof reply->detail, "%s", why);
	return PP_FEED_BAD;
}

static enum pp_feed xmpp_feed(void *state, const uint8_t *in, size_t len, unsigned transport,
			      struct pp_buf *out, struct pp_probe_reply *reply)
{
	(void)out;
	(void)transport;
	const struct xmpp_state *st = state;
	char why[200], tmp[128];
	bool capped = len > XMPP_MAX;
	if (capped)
		len = XMPP_MAX;
	/* Anything but XML markup first (an optional byte-order mark and
	 * white space aside): not XMPP. */
	size_t pos = len >= 3 && in[0] == 0xef && in[1] == 0xbb && in[2] == 0xbf ? 3 : 0;
	while (pos < len && xml_space(in[pos]))
		pos++;
	if (pos < len && in[pos] != '<') {
		snprintf(why, sizeof why, "not XMPP: '%s'",
			 pp_printable(tmp, 41, in + pos, len - pos < 40 ? len - pos : 40));
		return xmpp_bad(reply, why);
	}

	struct xml_tag t;
	enum xml_next r = XN_TAG;
	unsigned tags = 0;
	/* 1. The stream header: the first element, <prefix:stream> in the
	 * streams namespace. */
	for (;;) {
		if (++tags > XMPP_MAX_TAGS)
			return xmpp_bad(reply, "too many XML declarations before the XMPP stream header");
		r = xml_next(in, len, pos, &t);
		if (r != XN_TAG)
			goto stop;
		for (size_t i = 0; i < t.text_len; i++)
			if (!xml_space(in[t.text + i]))
				return xmpp_bad(reply, "not XMPP: text before the stream header");
		pos = t.end;
		if (t.kind != XT_SKIP)
			break;
	}
	if (t.kind != XT_START || !xml_local_is(t.name, t.name_len, "stream")) {
		snprintf(why, sizeof why, "not an XMPP stream: the first element is <%s%s>",
			 t.kind == XT_END ? "/" : "",
			 pp_printable(tmp, 64, t.name, t.name_len));
		return xmpp_bad(reply, why);
	}
	/* Its prefix must be bound to the streams namespace (xmlns:stream=...,
	 * or xmlns=... for an unprefixed <stream>). */
	uint8_t xmlns[80] = "xmlns";
	size_t pl = xml_prefix_len(t.name, t.name_len), xl = 5;
	if (pl > 0 && pl < sizeof xmlns - 7) {
		xmlns[5] = ':';
		memcpy(xmlns + 6, t.name, pl);
		xl = 6 + pl;
	}
	const uint8_t *v;
	size_t vn;
	if (!xml_attr(&t, xmlns, xl, &v, &vn) || vn != strlen(XMPP_STREAMS_NS) ||
	    memcmp(v, XMPP_STREAMS_NS, vn) != 0) {
		snprintf(why, sizeof why, "not an XMPP stream: no stream namespace '" XMPP_STREAMS_NS "'");
		return xmpp_bad(reply, why);
	}
	char version[16] = "", from[128] = "", id[72] = "", ns[64] = "";
	if (xml_attr_s(&t, "version", &v, &vn))
		pp_printable(version, sizeof version, v, vn);
	if (xml_attr_s(&t, "from", &v, &vn))
		pp_printable(from, sizeof from, v, vn);
	if (xml_attr_s(&t, "id", &v, &vn))
		pp_printable(id, sizeof id, v, vn);
	if (xml_attr_s(&t, "xmlns", &v, &vn))
		pp_printable(ns, sizeof ns, v, vn);

	char head[400];
	const char *kind = strcmp(ns, "jabber:server") == 0   ? "server-to-server"
			   : strcmp(ns, "jabber:client") == 0 ? "client-to-server (not s2s)"
			   : ns[0]                            ? ns
							      : "no content namespace";
	snprintf(head, sizeof head, "XMPP%s%s %s stream", version[0] ? " " : "", version, kind);
	if (from[0]) {
		size_t k = strlen(head);
		snprintf(head + k, sizeof head - k, ", from '%s'%s", from,
			 strcmp(from, st->to) == 0 ? "" : " (not the domain asked for)");
	}
	if (id[0]) {
		size_t k = strlen(head);
		snprintf(head + k, sizeof head - k, ", id '%s'", id);
	}
	/* A stream without version='1.0' comes from a server older than XMPP
	 * 1.0 (RFC 3920): it sends no features, dialback is all it knows. */
	if (!version[0]) {
		snprintf(reply->detail, sizeof reply->detail, "%s (pre-XMPP 1.0 server, no features)", head);
		return PP_FEED_DONE;
	}

	/* 2. The first child of the stream: <features>, <error>, or the end
	 * of the stream. Other elements are skipped whole. */
	char feats[200] = "", cond[64] = "", text[160] = "", mechs[120] = "";
	enum { NONE, FEATURES, ERROR } in_el = NONE;
	int depth = 0;
	bool in_text = false, in_mech = false, in_starttls = false, tls_required = false;
	for (;;) {
		if (++tags > XMPP_MAX_TAGS)
			return xmpp_bad(reply, "too many XML tags after the XMPP stream header");
		r = xml_next(in, len, pos, &t);
		if (r != XN_TAG)
			goto stop;
		pos = t.end;
		if (in_text && text[0] == 0)
			pp_printable(text, sizeof text, in + t.text, t.text_len);
		if (in_mech) {
			char m[64];
			xmpp_append(mechs, sizeof mechs, " ", pp_printable(m, sizeof m, in + t.text, t.text_len));
		}
		in_text = in_mech = false;
		if (t.kind == XT_SKIP)
			continue;
		if (depth == 0) {
			if (t.kind == XT_END && xml_local_is(t.name, t.name_len, "stream")) {
				snprintf(reply->detail, sizeof reply->detail, "%s, closed with no features", head);
				return PP_FEED_DONE;
			}
			if (t.kind == XT_END)
				return xmpp_bad(reply, "bad XMPP stream: an end tag with no start");
			in_el = xml_local_is(t.name, t.name_len, "features") ? FEATURES
				: xml_local_is(t.name, t.name_len, "error") ? ERROR
									   : NONE;
			if (t.kind == XT_EMPTY) {
				if (in_el == FEATURES) {
					snprintf(reply->detail, sizeof reply->detail, "%s, no features", head);
					return PP_FEED_DONE;
				}
				if (in_el == ERROR) {
					snprintf(reply->detail, sizeof reply->detail,
						 "%s, stream error (no condition)", head);
					return PP_FEED_DONE;
				}
				continue;
			}
			depth = 1;
			continue;
		}
		if (t.kind == XT_END) {
			depth--;
			if (depth == 1 && in_starttls)
				in_starttls = false;
			if (depth == 0 && in_el != NONE)
				break;
			continue;
		}
		/* A start or empty tag inside the first child. */
		if (depth == 1 && in_el == FEATURES) {
			char name[40];
			xml_local(&t, name, sizeof name);
			xmpp_append(feats, sizeof feats, ", ", name);
			in_starttls = strcmp(name, "starttls") == 0 && t.kind == XT_START;
		} else if (depth == 2 && in_el == FEATURES && in_starttls &&
			   xml_local_is(t.name, t.name_len, "required")) {
			tls_required = true;
		} else if (depth == 2 && in_el == FEATURES && xml_local_is(t.name, t.name_len, "mechanism") &&
			   t.kind == XT_START) {
			in_mech = true;
		} else if (depth == 1 && in_el == ERROR) {
			if (xml_local_is(t.name, t.name_len, "text"))
				in_text = t.kind == XT_START;
			else if (!cond[0])
				xml_local(&t, cond, sizeof cond);
		}
		if (t.kind == XT_START && ++depth > XMPP_MAX_DEPTH)
			return xmpp_bad(reply, "XMPP elements nested too deep");
	}

	if (in_el == ERROR) {
		snprintf(reply->detail, sizeof reply->detail, "%s, stream error %s%s%s%s", head,
			 cond[0] ? cond : "(no condition)", text[0] ? ": '" : "", text, text[0] ? "'" : "");
		return PP_FEED_DONE;
	}
	/* "starttls" becomes "starttls (required)"; SASL mechanisms listed. */
	char list[400] = "";
	const char *f = feats;
	while (*f) {
		const char *comma = strstr(f, ", ");
		size_t n = comma ? (size_t)(comma - f) : strlen(f);
		char one[48];
		snprintf(one, sizeof one, "%.*s", (int)(n < 40 ? n : 40), f);
		if (strcmp(one, "starttls") == 0 && tls_required)
			snprintf(one, sizeof one, "starttls (required)");
		else if (strcmp(one, "mechanisms") == 0 && mechs[0])
			snprintf(one, sizeof one, "SASL %.40s", mechs);
		xmpp_append(list, sizeof list, ", ", one);
		f += n;
		if (comma)
			f += 2;
	}
	snprintf(reply->detail, sizeof reply->detail, "%s, features: %s", head, list[0] ? list : "none");
	return PP_FEED_DONE;

stop:
	if (r == XN_BAD)
		return xmpp_bad(reply, "bad XML in the XMPP reply");
	if (capped) {
		snprintf(why, sizeof why, "no complete XMPP stream header and features in %d bytes", XMPP_MAX);
		return xmpp_bad(reply, why);
	}
	return PP_FEED_MORE;
}

/* ---------- selftest ---------- */

/*
 * Captured from prosody 0.12.3 (Debian 12 package "prosody") listening for
 * s2s on 127.0.0.1:5269 with a self-signed certificate for "localhost"
 * (docs/probe/xmpp.md), in reply to xmpp_start(host). XMPP is text: the
 * bytes are written as string pieces, one element a line.
 *
 * 1. to='localhost', the default configuration (TLS required for s2s).
 */
static const char xmpp_features[] =
	"<?xml version='1.0'?>"
	"<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
	" from='localhost' version='1.0' id='af459267-e649-42f3-b3a9-869e9ace8620' xml:lang='en'"
	" to='' xmlns:db='jabber:server:dialback'>"
	"<stream:features>"
	"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
	"<dialback xmlns='urn:xmpp:features:dialback'/>"
	"</stream:features>";

/* 2. to='localhost', s2s_require_encryption = false. */
static const char xmpp_features_notls[] =
	"<?xml version='1.0'?>"
	"<stream:stream from='localhost' version='1.0' id='2f1a88f5-13b4-4931-b2ff-d02941b3444f'"
	" xmlns:stream='http://etherx.jabber.org/streams' to='' xmlns='jabber:server'"
	" xmlns:db='jabber:server:dialback' xml:lang='en'>"
	"<stream:features>"
	"<dialback xmlns='urn:xmpp:features:dialback'/>"
	"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
	"</stream:features>";

/* 3. to='127.0.0.1', a domain the server does not serve. */
static const char xmpp_error[] =
	"<?xml version='1.0'?>"
	"<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
	" to='' id='0eade6cb-3771-4f25-864f-aaaa11644c0a' xml:lang='en' version='1.0'"
	" from='127.0.0.1'>"
	"<stream:error>"
	"<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
	"<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>This host does not serve 127.0.0.1</text>"
	"</stream:error>"
	"</stream:stream>";

#define XMPP_HEAD_LOCALHOST "XMPP 1.0 server-to-server stream, from 'localhost', id "

static int xmpp_check(const char *what, const char *host, const char *bytes, size_t n,
		      enum pp_feed want, const char *want_detail)
{
	struct xmpp_state st;
	struct pp_buf out = {0};
	struct pp_probe_reply r = {0};
	int fail = 0;
	if (xmpp_start(&st, 0, PP_TR_TCP, host, &out) != 0) {
		fprintf(stderr, "xmpp selftest: %s: start failed\n", what);
		fail = 1;
	} else {
		enum pp_feed f = xmpp_feed(&st, (const uint8_t *)bytes, n, PP_TR_TCP, &out, &r);
		if (f != want || (want_detail && strncmp(r.detail, want_detail, strlen(want_detail)) != 0)) {
			fprintf(stderr, "xmpp selftest: %s: got %d '%s', want %d '%s'\n", what, (int)f,
				r.detail, (int)want, want_detail ? want_detail : "");
			fail = 1;
		}
	}
	pp_buf_free(&out);
	pp_probe_reply_free(&r);
	return fail;
}

/* Copy s into b (cap bytes) with the first `from` replaced by `to`. */
static size_t xmpp_edit(char *b, size_t cap, const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	int n = at ? snprintf(b, cap, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from))
		   : snprintf(b, cap, "%s", s);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static int xmpp_selftest(void)
{
	int fail = 0;
	static char b[XMPP_MAX + 64];
	size_t n;
	const char *feat_tag = strstr(xmpp_features, "<stream:features>");

	/* The captures, whole. */
	fail += xmpp_check("features", "localhost", xmpp_features, sizeof xmpp_features - 1, PP_FEED_DONE,
			   XMPP_HEAD_LOCALHOST "'af459267-e649-42f3-b3a9-869e9ace8620', features: "
			   "starttls (required), dialback");
	fail += xmpp_check("no tls", "localhost", xmpp_features_notls, sizeof xmpp_features_notls - 1,
			   PP_FEED_DONE,
			   XMPP_HEAD_LOCALHOST "'2f1a88f5-13b4-4931-b2ff-d02941b3444f', features: dialback, "
			   "starttls");
	fail += xmpp_check("error", "127.0.0.1", xmpp_error, sizeof xmpp_error - 1, PP_FEED_DONE,
			   "XMPP 1.0 server-to-server stream, from '127.0.0.1', id "
			   "'0eade6cb-3771-4f25-864f-aaaa11644c0a', stream error host-unknown: 'This host "
			   "does not serve 127.0.0.1'");
	fail += xmpp_check("other domain", "example.org", xmpp_features, sizeof xmpp_features - 1,
			   PP_FEED_DONE,
			   "XMPP 1.0 server-to-server stream, from 'localhost' (not the domain asked for)");

	/* Truncated: the header alone, the features half-way: wait. */
	fail += xmpp_check("header only", "localhost", xmpp_features, (size_t)(feat_tag - xmpp_features),
			   PP_FEED_MORE, NULL);
	fail += xmpp_check("half features", "localhost", xmpp_features, sizeof xmpp_features - 20,
			   PP_FEED_MORE, NULL);

	/* Corrupted. */
	n = xmpp_edit(b, sizeof b, xmpp_features, "etherx.jabber.org", "etherx.jabber.orc");
	fail += xmpp_check("stream ns", "localhost", b, n, PP_FEED_BAD,
			   "not an XMPP stream: no stream namespace");
	n = xmpp_edit(b, sizeof b, xmpp_features, "<stream:stream ", "<stream:strean ");
	fail += xmpp_check("not stream", "localhost", b, n, PP_FEED_BAD,
			   "not an XMPP stream: the first element is <stream:strean>");
	n = xmpp_edit(b, sizeof b, xmpp_features, "<dialback ", "<dial<back ");
	fail += xmpp_check("bad tag", "localhost", b, n, PP_FEED_BAD, "bad XML in the XMPP reply");
	fail += xmpp_check("http", "localhost", "HTTP/1.1 400 Bad Request\r\n\r\n", 28, PP_FEED_BAD,
			   "not XMPP: 'HTTP/1.1 400 Bad Request?\?");
	xmpp_edit(b, sizeof b, xmpp_features, "'localhost' version='1.0'", "'localhost'");
	fail += xmpp_check("pre-1.0", "localhost", b, (size_t)(feat_tag - xmpp_features) - 14, PP_FEED_DONE,
			   "XMPP server-to-server stream, from 'localhost', id "
			   "'af459267-e649-42f3-b3a9-869e9ace8620' (pre-XMPP 1.0 server, no features)");
	n = xmpp_edit(b, sizeof b, xmpp_features, "<dialback xmlns='urn:xmpp:features:dialback'/>",
		      "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>EXTERNAL</mechanism>"
		      "<mechanism>PLAIN</mechanism></mechanisms>");
	fail += xmpp_check("sasl", "localhost", b, n, PP_FEED_DONE,
			   XMPP_HEAD_LOCALHOST "'af459267-e649-42f3-b3a9-869e9ace8620', features: "
			   "starttls (required), SASL EXTERNAL PLAIN");

	/* Hostile: endless nesting, endless tags, a header that never ends. */
	n = (size_t)(feat_tag - xmpp_features);
	memcpy(b, xmpp_features, n);
	for (; n + 3 < 4096; n += 3)
		memcpy(b + n, "<a>", 3);
	fail += xmpp_check("deep", "localhost", b, n, PP_FEED_BAD, "XMPP elements nested too deep");
	n = (size_t)(feat_tag - xmpp_features);
	memcpy(b, xmpp_features, n);
	for (; n + 4 < 8192; n += 4)
		memcpy(b + n, "<a/>", 4);
	fail += xmpp_check("many", "localhost", b, n, PP_FEED_BAD, "too many XML tags");
	memcpy(b, "<stream:stream a='", 18);
	memset(b + 18, 'x', sizeof b - 18);
	fail += xmpp_check("endless", "localhost", b, sizeof b, PP_FEED_BAD,
			   "no complete XMPP stream header and features in 65536 bytes");
	fail += xmpp_check("endless, so far", "localhost", b, 4096, PP_FEED_MORE, NULL);
	return fail;
}

const struct pp_proto pp_proto_xmpp = { .name = "xmpp", .default_port = 5269, .transports = PP_TR_TCP, .state_size = sizeof(struct xmpp_state), .start = xmpp_start, .feed = xmpp_feed, .selftest = xmpp_selftest };
