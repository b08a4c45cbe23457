/* Unit tests of the html emitter: exact rows and diagram geometry for a
 * small plan, each class of hostile character in text and in SVG, the
 * fixture's structure (one box per endpoint, one arrow per flow), only
 * known tags and no script or external reference even with hostile names,
 * determinism and bad input. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "portplan/emit.h"
#include "emit_test.h"

extern const struct pp_emitter pp_emit_html;

/* The text of portplan.html, which must be the only file. Caller frees. */
static char *emit(const struct pp_plan *p)
{
	return emit_only_file(&pp_emit_html, p, "portplan.html");
}

#define assert_contains(text, s) \
	do { \
		if (!strstr(text, s)) \
			fail_msg("missing [%s]", s); \
	} while (0)

/* Two zones of one lane each, 152 wide and 16 apart: lane centres at
 * 12+8+68 = 88 and 180+8+68 = 256, the drawing 12+152+16+152+12 = 344
 * wide. Boxes fit two address lines (40+2*14 = 68 high), so the first
 * arrow is at 40+68+40 = 148, the next 36 below, and the drawing ends
 * 12 under the last row: 232. */
static void test_small_plan(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "mx", PP_EP_HOST, "dmz", "192.0.2.1, 2001:db8::1");
	struct pp_endpoint *b = pp_plan_add_endpoint(p, "lan", PP_EP_ZONE, "lan", "10.1.0.0/16");
	a->windows = PP_WIN_MODERN;
	static const struct pp_range smtp[] = {{25, 25}, {587, 587}}, dns[] = {{53, 53}};
	add_flow(p, "SMTP", a, b, PP_TR_TCP, smtp, 2, PP_ENF_BOUNDARY);
	struct pp_flow *f = add_flow(p, "SMTP", b, a, PP_TR_UDP, dns, 1, PP_ENF_HOST | PP_ENF_BOUNDARY);
	f->name = "DNS";
	f->auth = (struct pp_text){"なし", "none"};
	f->explain = "why";
	f->refs = (const char *const[]){"r1", "r2"};
	f->n_refs = 2;
	char *text = emit(p);
	assert_contains(text, "<title>Firewall plan: lab</title>");
	assert_contains(text, "<h1>Firewall plan: <bdi>lab</bdi></h1>");
	assert_contains(text, "<p class=\"summary\">2 endpoints in 2 zones; 2 flows: 2 enforced at zone "
			      "boundaries, 1 on destination hosts; 0 registry values that pin RPC ports; "
			      "0 warnings.</p>");
	assert_contains(text, "\n<tr><td>f001</td><td><bdi>SMTP</bdi></td><td><bdi>mx</bdi><div class=\"addr\">"
			      "192.0.2.1, 2001:db8::1</div></td><td><bdi>lan</bdi><div class=\"addr\">"
			      "10.1.0.0/16</div></td><td>tcp/25,587</td><td>boundary <bdi>dmz</bdi> \xe2\x86\x92 "
			      "<bdi>lan</bdi></td><td>-</td><td>-</td><td>-</td></tr>\n");
	assert_contains(text, "\n<tr><td>f002</td><td><bdi>DNS</bdi></td><td><bdi>lan</bdi><div class=\"addr\">"
			      "10.1.0.0/16</div></td><td><bdi>mx</bdi><div class=\"addr\">192.0.2.1, "
			      "2001:db8::1</div></td><td>udp/53</td><td>boundary <bdi>lan</bdi> \xe2\x86\x92 "
			      "<bdi>dmz</bdi>,<br>host</td><td><bdi>none</bdi> <span lang=\"ja\">(<bdi>なし</bdi>)"
			      "</span></td><td>-</td><td><bdi>why</bdi><div class=\"addr\">refs r1, r2</div>"
			      "</td></tr>\n");
	assert_contains(text, "\n<tr><td><bdi>mx</bdi></td><td>host</td><td><bdi>dmz</bdi></td><td>192.0.2.1, "
			      "2001:db8::1</td><td>Windows modern (RPC 49152-65535)</td><td></td></tr>\n");
	assert_contains(text, "<svg class=\"diagram\" width=\"344\" height=\"232\" viewBox=\"0 0 344 232\"");
	assert_contains(text, "<g class=\"zone\"><rect x=\"12\" y=\"12\" width=\"152\" height=\"208\" rx=\"8\"/>"
			      "<text class=\"zone-name\" x=\"22\" y=\"30\">zone dmz</text></g>");
	assert_contains(text, "<line class=\"life\" x1=\"88\" y1=\"108\" x2=\"88\" y2=\"214\"/><svg x=\"27\" "
			      "y=\"40\" width=\"122\" height=\"68\">");
	assert_contains(text, "<text class=\"detail\" x=\"7\" y=\"34\">host \xc2\xb7 Win modern</text>"
			      "<text class=\"detail addr\" x=\"7\" y=\"48\">192.0.2.1</text>"
			      "<text class=\"detail addr\" x=\"7\" y=\"62\">2001:db8::1</text>");
	assert_contains(text, "<g class=\"flow boundary\"><title>f001 SMTP: mx \xe2\x86\x92 lan, tcp/25,587"
			      "</title><path class=\"arrow\" d=\"M88 148H253\"/><text class=\"label\" x=\"172\" "
			      "y=\"141\">f001 SMTP \xc2\xb7 tcp/25,587</text></g>");
	assert_contains(text, "<path class=\"arrow\" d=\"M256 184H91\"/>");
	free(text);
	pp_plan_free(p);
}

/* Each class of character a deployment name may carry, in a table cell and
 * in the SVG text of its box: the DOM must hold exactly the original. */
static void test_escaping_each_class(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a&b", "a&amp;b"},
		{"</script><script>alert(1)</script>", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"\" onmouseover=\"x", "&quot; onmouseover=&quot;x"},
		{"' onload='x", "&#39; onload=&#39;x"},
		{"<!-- ]]> <![CDATA[", "&lt;!-- ]]&gt; &lt;![CDATA["},
		{"&lt;", "&amp;lt;"},                 /* a reference stays text */
		{"cr\r|lf\n|tab\t", "cr&#13;|lf\n|tab\t"}, /* CR would become LF */
		{"c\x01\x1b[31m\x7f", "c&#1;&#27;[31m&#127;"},
		{"bad\xff\xc3(", "bad\xef\xbf\xbd\xef\xbf\xbd("},
		{"\xe2\x80\xae" "exe.txt", "\xe2\x80\xae" "exe.txt"}, /* RLO: isolated by <bdi> */
		{"x\"; rm -rf / #`reboot`$(halt) %s %n 日本語", "x&quot;; rm -rf / #`reboot`$(halt) %s %n 日本語"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct pp_plan *p = pp_plan_new("t");
		assert_non_null(pp_plan_add_endpoint(p, cases[i].in, PP_EP_HOST, "z", "192.0.2.1"));
		char *text = emit(p);
		char want[512];
		snprintf(want, sizeof want, "\n<tr><td><bdi>%s</bdi></td><td>host</td>", cases[i].out);
		assert_contains(text, want);
		snprintf(want, sizeof want, "<text class=\"name\" x=\"7\" y=\"18\">%s</text>", cases[i].out);
		assert_contains(text, want);
		snprintf(want, sizeof want, "<g class=\"endpoint ep-host\"><title>%s</title>", cases[i].out);
		assert_contains(text, want);
		free(text);
		pp_plan_free(p);
	}
}

/* One box per endpoint, one arrow per flow, one row per flow and endpoint,
 * one column per zone (and one for the endpoints with no zone). */
static void test_fixture_structure(void **state)
{
	(void)state;
	for (int hostile = 0; hostile < 2; hostile++) {
		struct pp_plan *p = fixture_plan(hostile);
		char *text = emit(p);
		assert_int_equal(count_of(text, "<g class=\"endpoint "), 9);
		assert_int_equal(count_of(text, "<g class=\"endpoint ep-host\">"), 5);
		assert_int_equal(count_of(text, "<g class=\"flow "), 16);
		assert_int_equal(count_of(text, "<g class=\"flow boundary\">"), 9);
		assert_int_equal(count_of(text, "<path class=\"arrow\""), 16);
		assert_int_equal(count_of(text, "<g class=\"zone\">"), 3);
		assert_int_equal(count_of(text, "<tr><td>f0"), 16);
		assert_int_equal(count_of(text, "<tr><td><bdi>"), 9 + 3);
		assert_contains(text, "<td>udp/5060-5068,50000-59999</td>");
		assert_contains(text, "<td>icmp echo</td>");
		assert_contains(text, "<td>esp</td><td>host</td>");
		assert_contains(text, "<td>tcp/1600<div class=\"addr\">RPC, pinned by registry</div></td>");
		assert_contains(text, "<div class=\"addr\">program <code>%ExchangeInstallPath%Bin\\edgetransport.exe"
				      "</code></div>");
		assert_contains(text, "<div class=\"addr\">192.168.10.5, 2001:db8:10::5</div>");
		assert_contains(text, "<text class=\"zone-name\" x=\"1174\" y=\"30\">any address</text>");
		free(text);
		pp_plan_free(p);
	}
}

static bool is_known_tag(const char *name, size_t n)
{
	static const char *const tags[] = {
		"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "div",
		"span", "bdi", "br", "code", "table", "thead", "tbody", "tr", "th", "td", "ul", "li",
		"svg", "defs", "marker", "path", "g", "rect", "line", "text",
	};
	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
		if (strlen(tags[i]) == n && strncmp(tags[i], name, n) == 0)
			return true;
	return false;
}

/* With hostile names everywhere: every '<' opens a tag we write, every '&'
 * a reference, no tag has an event handler, nothing refers outside the
 * page, and the CSP forbids script should anything slip through. */
static void test_hostile_markup(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(true);
	char *text = emit(p);
	for (const char *c = text; (c = strchr(c, '<')); c++) {
		const char *name = c + 1 + (c[1] == '/');
		size_t n = 0;
		while (isalnum((unsigned char)name[n]) || name[n] == '!')
			n++;
		if (!is_known_tag(name, n))
			fail_msg("unexpected tag at offset %zu: %.40s", (size_t)(c - text), c);
		const char *end = strchr(c, '>');
		assert_non_null(end);
		for (const char *a = c; a < end; a++)
			assert_false(a[0] == ' ' && a[1] == 'o' && a[2] == 'n');
	}
	for (const char *c = text; (c = strchr(c, '&')); c++) {
		size_t n = strspn(c + 1, "#0123456789abcdefghijklmnopqrstuvwxyz");
		assert_int_equal(c[1 + n], ';');
	}
	assert_null(strstr(text, "<script"));
	assert_null(strstr(text, "://"));
	assert_null(strstr(text, "href"));
	assert_null(strstr(text, "src="));
	assert_contains(text, "content=\"default-src 'none'; style-src 'unsafe-inline'\"");
	assert_contains(text, "<title>Firewall plan: fixturex&quot;; rm -rf / #`reboot`$(halt)&#39;\n&#13;\t"
			      "|&amp;&lt;&gt;\\ 日本語 %s %n</title>");
	free(text);
	pp_plan_free(p);
}

/* A flow from an endpoint to itself loops back to its lifeline. */
static void test_self_loop(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("t");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "a", PP_EP_HOST, "z", "192.0.2.1");
	add_flow(p, "SMTP", a, a, PP_TR_ICMP, NULL, 0, PP_ENF_HOST);
	char *text = emit(p);
	/* Lane centre 88; one address line: box 54 high, arrow at 40+54+40;
	 * the drawing widens for the label: 88+34 + 21 columns of 7 + 12. */
	assert_contains(text, "<svg class=\"diagram\" width=\"281\" ");
	assert_contains(text, "<path class=\"arrow\" d=\"M88 126h28v16h-24\"/><text class=\"label loop\" "
			      "x=\"122\" y=\"138\">f001 SMTP \xc2\xb7 icmp echo</text>");
	free(text);
	pp_plan_free(p);
}

static void test_warnings_and_members(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "a<1>", PP_EP_HOST, "z", "192.0.2.1");
	struct pp_endpoint *g = pp_plan_add_endpoint(p, "g", PP_EP_GROUP, "z", "192.0.2.1");
	const struct pp_endpoint *members[] = {a};
	g->members = members;
	g->n_members = 1;
	pp_plan_warn(p, "endpoint '%s' has no <address>", "x&y");
	char *text = emit(p);
	assert_contains(text, "<title>Firewall plan</title>");
	assert_contains(text, "<h1>Firewall plan</h1>");
	assert_contains(text, "<td>group of <bdi>a&lt;1&gt;</bdi></td>");
	assert_contains(text, "<li><bdi>endpoint &#39;x&amp;y&#39; has no &lt;address&gt;</bdi></li>");
	assert_contains(text, "<p>None: nothing is allowed.</p>");
	free(text);
	pp_plan_free(p);
}

static void test_deterministic(void **state)
{
	(void)state;
	assert_same_text(emit);
}

static void test_rejects_bad_flows(void **state)
{
	(void)state;
	struct pp_plan *other = pp_plan_new("other");
	struct pp_endpoint *stranger = pp_plan_add_endpoint(other, "s", PP_EP_HOST, "z", "192.0.2.9");
	for (int i = 0; i < 2; i++) {
		struct pp_plan *p = pp_plan_new("t");
		struct pp_endpoint *a = pp_plan_add_endpoint(p, "a", PP_EP_HOST, "z", "192.0.2.1");
		if (i == 0)
			add_flow(p, "SMTP", a, a, PP_TR_ESP | PP_TR_AH, NULL, 0, PP_ENF_HOST);
		else
			add_flow(p, "SMTP", stranger, a, PP_TR_ESP, NULL, 0, PP_ENF_HOST);
		char err[256];
		emit_failure(&pp_emit_html, p, err, sizeof err);
		assert_string_equal(err, i == 0 ? "flow 'f001' needs a source, a destination and exactly one transport"
						: "flow 'f001' refers to an endpoint that is not in the plan");
		pp_plan_free(p);
	}
	pp_plan_free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_plan),
		cmocka_unit_test(test_escaping_each_class),
		cmocka_unit_test(test_fixture_structure),
		cmocka_unit_test(test_hostile_markup),
		cmocka_unit_test(test_self_loop),
		cmocka_unit_test(test_warnings_and_members),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_rejects_bad_flows),
	};
	return cmocka_run_group_tests_name("html emitter", tests, NULL, NULL);
}
