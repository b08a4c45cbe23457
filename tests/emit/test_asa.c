/* Unit tests of the Cisco ASA emitter (lib/emit/asa.c). */
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

extern const struct pp_emitter pp_emit_asa;

#define HEADER_TAIL                                                                              \
	"! Needs ASA 9.0 or later: IPv4 and IPv6 share the access lists and object-groups.\n"   \
	"! Each access list is applied inbound on the interface whose nameif is the\n"          \
	"! source zone; flows from any address enter on outside. The ASA is stateful:\n"        \
	"! replies to a permitted connection pass without a rule.\n"

/* The emitted portplan.asa, which must be the only file; free it. */
static char *emit(const struct pp_plan *plan)
{
	return emit_only_file(&pp_emit_asa, plan, "portplan.asa");
}

/* One TCP flow between two zones: the whole file, line for line. */
static void test_simple_flow(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *web = add_endpoint(p, "web", PP_EP_HOST, "dmz", "192.0.2.10");
	struct pp_endpoint *db = add_endpoint(p, "db", PP_EP_GROUP, "lan", "10.1.0.0/24, 10.1.1.5");
	db->description = "SQL servers";
	static const struct pp_range sql[] = {{1433, 1433}};
	add_flow(p, "SQL", web, db, PP_TR_TCP, sql, 1, PP_ENF_BOUNDARY);
	char *text = emit(p);
	assert_string_equal(text, "! portplan: Cisco ASA boundary rules for lab\n" HEADER_TAIL
				  "object-group network web\n"
				  " description web\n"
				  " network-object host 192.0.2.10\n"
				  "object-group network db\n"
				  " description db: SQL servers\n"
				  " network-object 10.1.0.0 255.255.255.0\n"
				  " network-object host 10.1.1.5\n"
				  "access-list dmz_access_in remark f001 SQL: web -> db\n"
				  "access-list dmz_access_in extended permit tcp object-group web object-group db eq 1433\n"
				  "access-list dmz_access_in extended deny ip any any\n"
				  "access-group dmz_access_in in interface dmz\n");
	free(text);
	pp_plan_free(p);
}

/* IPv4 and IPv6 share object-groups, except for ping: icmp matches IPv4
 * only and icmp6 IPv6 only, so the rule is split and each half uses the
 * addresses of its family. A pair with no family in common permits
 * nothing. */
static void test_family_split(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *web = add_endpoint(p, "web", PP_EP_HOST, "dmz",
					       "192.0.2.10, 2001:db8::10");
	struct pp_endpoint *db = add_endpoint(p, "db", PP_EP_HOST, "lan",
					      "10.1.0.0/24, 2001:db8:1::/64");
	struct pp_endpoint *v4 = add_endpoint(p, "v4", PP_EP_HOST, "dmz", "192.0.2.20");
	struct pp_endpoint *v6 = add_endpoint(p, "v6", PP_EP_HOST, "lan", "2001:db8:1::6");
	struct pp_endpoint *any = add_endpoint(p, "any", PP_EP_ANY, NULL, "0.0.0.0/0, ::/0");
	static const struct pp_range https[] = {{443, 443}};
	add_flow(p, "ping", web, db, PP_TR_ICMP, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "HTTPS", web, db, PP_TR_TCP, https, 1, PP_ENF_BOUNDARY);
	add_flow(p, "HTTPS", v4, db, PP_TR_TCP, https, 1, PP_ENF_BOUNDARY);
	add_flow(p, "nothing", v4, v6, PP_TR_TCP, https, 1, PP_ENF_BOUNDARY);
	add_flow(p, "ping", any, web, PP_TR_ICMP, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "HTTPS", any, web, PP_TR_TCP, https, 1, PP_ENF_BOUNDARY);
	char *text = emit(p);
	const char *expect[] = {
		"object-group network web_v4",
		" network-object host 192.0.2.10",
		"object-group network db_v4",
		" network-object 10.1.0.0 255.255.255.0",
		"object-group network web_v6",
		" network-object host 2001:db8::10",
		"object-group network db_v6",
		" network-object 2001:db8:1::/64",
		"access-list dmz_access_in extended permit icmp object-group web_v4 object-group db_v4 echo",
		"access-list dmz_access_in extended permit icmp6 object-group web_v6 object-group db_v6 echo",
		"access-list dmz_access_in extended permit tcp object-group web object-group db eq 443",
		"access-list dmz_access_in extended permit tcp object-group v4 object-group db eq 443",
		"! f004 nothing: v4 -> v6: no address family in common, nothing to permit",
		"access-list outside_access_in extended permit icmp any4 object-group web_v4 echo",
		"access-list outside_access_in extended permit icmp6 any6 object-group web_v6 echo",
		"access-list outside_access_in extended permit tcp any object-group web eq 443",
		"access-group outside_access_in in interface outside",
		"policy-map global_policy",
		" class inspection_default",
		"  inspect icmp",
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	/* The family halves hold only their family. */
	for (const char *g = strstr(text, "object-group network "); g;
	     g = strstr(g + 1, "object-group network ")) {
		size_t len = strcspn(g, "\n");
		bool only4 = g[len - 1] == '4' && g[len - 3] == '_', only6 = g[len - 1] == '6' && g[len - 3] == '_';
		for (const char *l = g + len + 1; *l == ' '; l += strcspn(l, "\n") + 1) {
			bool has_colon = memchr(l, ':', strcspn(l, "\n")) != NULL;
			if (strncmp(l, " network-object ", 16) == 0 && ((only4 && has_colon) || (only6 && !has_colon)))
				fail_msg("%.*s holds '%.*s'", (int)len, g, (int)strcspn(l, "\n"), l);
		}
	}
	assert_false(has_line(text, "access-list dmz_access_in remark f004 nothing: v4 -> v6"));
	assert_int_equal(count_prefix(text, "object-group network "), 7);
	free(text);
	pp_plan_free(p);
}

/* One range is eq or range, several share an object-group service named
 * after them; all ports need no operand; port 0 cannot be written. */
static void test_ports(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = add_endpoint(p, "a", PP_EP_HOST, "z1", "192.0.2.1");
	struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "z2", "192.0.2.2");
	static const struct pp_range sip[] = {{5060, 5068}};
	static const struct pp_range ldap[] = {{389, 389}, {636, 636}, {3268, 3269}};
	static const struct pp_range all[] = {{0, 65535}};
	static const struct pp_range low[] = {{0, 1024}};
	static const struct pp_range zero[] = {{0, 0}};
	add_flow(p, "SIP", a, b, PP_TR_UDP, sip, 1, PP_ENF_BOUNDARY);
	add_flow(p, "LDAP", a, b, PP_TR_TCP, ldap, 3, PP_ENF_BOUNDARY);
	add_flow(p, "LDAP again", b, a, PP_TR_TCP, ldap, 3, PP_ENF_BOUNDARY);
	add_flow(p, "CLDAP", a, b, PP_TR_UDP, ldap, 3, PP_ENF_BOUNDARY);
	add_flow(p, "all", a, b, PP_TR_TCP, all, 1, PP_ENF_BOUNDARY);
	add_flow(p, "low", a, b, PP_TR_TCP, low, 1, PP_ENF_BOUNDARY);
	add_flow(p, "zero", a, b, PP_TR_TCP, zero, 1, PP_ENF_BOUNDARY);
	char *text = emit(p);
	const char *expect[] = {
		"object-group service tcp_389_636_3268-3269 tcp",
		" port-object eq 389",
		" port-object eq 636",
		" port-object range 3268 3269",
		"object-group service udp_389_636_3268-3269 udp",
		"access-list z1_access_in extended permit udp object-group a object-group b range 5060 5068",
		"access-list z1_access_in extended permit tcp object-group a object-group b object-group tcp_389_636_3268-3269",
		"access-list z2_access_in extended permit tcp object-group b object-group a object-group tcp_389_636_3268-3269",
		"access-list z1_access_in extended permit udp object-group a object-group b object-group udp_389_636_3268-3269",
		"access-list z1_access_in extended permit tcp object-group a object-group b",
		"access-list z1_access_in extended permit tcp object-group a object-group b range 1 1024",
		"! f007 zero: a -> b: port 0 cannot be permitted",
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	assert_int_equal(count_prefix(text, "object-group service "), 2);
	assert_int_equal(count_prefix(text, "access-list z1_access_in extended permit "), 5);
	free(text);
	pp_plan_free(p);
}

/* ESP, AH and GRE carry no ports; only boundary flows are emitted. */
static void test_protocols_and_boundary(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = add_endpoint(p, "a", PP_EP_HOST, "z1", "192.0.2.1");
	struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "z2", "2001:db8::2, 192.0.2.2");
	static const struct pp_range smb[] = {{445, 445}};
	add_flow(p, "ESP", a, b, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY | PP_ENF_HOST);
	add_flow(p, "AH", a, b, PP_TR_AH, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "GRE", a, b, PP_TR_GRE, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "SMB", a, b, PP_TR_TCP, smb, 1, PP_ENF_HOST);
	char *text = emit(p);
	assert_true(has_line(text, "access-list z1_access_in extended permit esp object-group a object-group b"));
	assert_true(has_line(text, "access-list z1_access_in extended permit ah object-group a object-group b"));
	assert_true(has_line(text, "access-list z1_access_in extended permit gre object-group a object-group b"));
	assert_int_equal(count_prefix(text, "access-list z1_access_in extended permit "), 3);
	assert_null(strstr(text, "SMB"));
	assert_null(strstr(text, "policy-map"));
	free(text);

	/* Host-only flows: no access list at all. */
	struct pp_plan *q = pp_plan_new("host only");
	a = add_endpoint(q, "a", PP_EP_HOST, "z1", "192.0.2.1");
	b = add_endpoint(q, "b", PP_EP_HOST, "z2", "192.0.2.2");
	add_flow(q, "SMB", a, b, PP_TR_TCP, smb, 1, PP_ENF_HOST);
	text = emit(q);
	assert_int_equal(count_prefix(text, "access-"), 0);
	assert_int_equal(count_prefix(text, "object-group"), 0);
	free(text);
	pp_plan_free(q);
	pp_plan_free(p);
}

/* Zones become interface names: reduced, starting with a letter, unique;
 * flows from any address enter on outside. */
static void test_zones(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = add_endpoint(p, "a", PP_EP_HOST, "dmz; reload", "192.0.2.1");
	struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "dmz_ reload", "192.0.2.2");
	struct pp_endpoint *c = add_endpoint(p, "c", PP_EP_HOST, "1net", "192.0.2.3");
	struct pp_endpoint *any = add_endpoint(p, "Internet", PP_EP_ANY, NULL, "0.0.0.0/0, ::/0");
	add_flow(p, "x", a, c, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "y", b, c, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "z", c, a, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "w", any, a, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	char *text = emit(p);
	const char *expect[] = {
		"access-group dmz__reload_access_in in interface dmz__reload",
		"access-group dmz__reload_2_access_in in interface dmz__reload_2",
		"access-group pp_1net_access_in in interface pp_1net",
		"access-group outside_access_in in interface outside",
		"access-list outside_access_in extended permit esp any4 object-group a",
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	/* Each access list ends in an explicit deny, once. */
	assert_int_equal(count_prefix(text, "access-group "), 4);
	assert_int_equal(count_prefix(text, "access-list dmz__reload_access_in extended deny ip any any"), 1);
	free(text);
	pp_plan_free(p);
}

/* Object-group names: reduced, unique ignoring case, at most 64 bytes even
 * with the suffix that makes them unique. */
static void test_group_names(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	char long1[101], long2[101];
	memset(long1, 'a', 100), long1[100] = '\0';
	memcpy(long2, long1, sizeof long2), long2[99] = 'b';
	const struct pp_endpoint *e[] = {
		add_endpoint(p, "a b", PP_EP_HOST, "z", "192.0.2.1"),
		add_endpoint(p, "a;b", PP_EP_HOST, "z", "192.0.2.2"),
		add_endpoint(p, "Web", PP_EP_HOST, "z", "192.0.2.3"),
		add_endpoint(p, "web", PP_EP_HOST, "z", "192.0.2.4"),
		add_endpoint(p, long1, PP_EP_HOST, "z", "192.0.2.5"),
		add_endpoint(p, long2, PP_EP_HOST, "z", "192.0.2.6"),
		add_endpoint(p, "-x", PP_EP_HOST, "z", "192.0.2.7"),
		add_endpoint(p, "", PP_EP_HOST, "z", "192.0.2.8"),
	};
	struct pp_endpoint *dst = add_endpoint(p, "dst", PP_EP_HOST, "y", "198.51.100.1");
	for (size_t i = 0; i < sizeof e / sizeof *e; i++)
		add_flow(p, "f", e[i], dst, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	char *text = emit(p);
	char a64[65], a64_2[65];
	memset(a64, 'a', 64), a64[64] = '\0';
	memset(a64_2, 'a', 62), memcpy(a64_2 + 62, "_2", 3);
	char line1[128], line2[128];
	snprintf(line1, sizeof line1, "object-group network %s", a64);
	snprintf(line2, sizeof line2, "object-group network %s", a64_2);
	const char *expect[] = {
		"object-group network a_b", "object-group network a_b_2",
		"object-group network Web", "object-group network web_2",
		line1, line2,
		"object-group network pp_-x", "object-group network x",
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	free(text);
	pp_plan_free(p);
}

/* Each hostile character class: names keep only [A-Za-z0-9_.-], remarks
 * and descriptions only printable ASCII without quotes, backslash,
 * backtick, '?' or braces. */
static void test_hostile_classes(void **state)
{
	(void)state;
	static const struct {
		const char *payload, *ident, *text;
	} cases[] = {
		{"\"", "_", "_"},          {"'", "_", "_"},       {";", "_", ";"},
		{"`", "_", "_"},           {"$(halt)", "__halt_", "$(halt)"},
		{"\n", "_", "_"},          {"\r", "_", "_"},      {"\t", "_", "_"},
		{"\\", "_", "_"},          {"日", "___", "___"},   {"%n%s", "_n_s", "%n%s"},
		{"?", "_", "_"},           {"{{x}}", "__x__", "__x__"},
		{"\nrm -rf /", "_rm_-rf__", "_rm -rf /"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char name[64], zone[64], line[256];
		snprintf(name, sizeof name, "h%sx", cases[i].payload);
		snprintf(zone, sizeof zone, "z%s", cases[i].payload);
		struct pp_plan *p = pp_plan_new(name);
		struct pp_endpoint *a = add_endpoint(p, name, PP_EP_HOST, zone, "192.0.2.1");
		a->description = cases[i].payload;
		struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "lan", "192.0.2.2");
		add_flow(p, name, a, b, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
		char *text = emit(p);
		snprintf(line, sizeof line, "! portplan: Cisco ASA boundary rules for h%sx", cases[i].text);
		assert_true(has_line(text, line));
		snprintf(line, sizeof line, "object-group network h%sx", cases[i].ident);
		assert_true(has_line(text, line));
		snprintf(line, sizeof line, " description h%sx: %s", cases[i].text, cases[i].text);
		assert_true(has_line(text, line));
		snprintf(line, sizeof line, "access-list z%s_access_in remark f001 h%sx: h%sx -> b",
			 cases[i].ident, cases[i].text, cases[i].text);
		expect_line(text, line);
		snprintf(line, sizeof line, "access-group z%s_access_in in interface z%s", cases[i].ident,
			 cases[i].ident);
		assert_true(has_line(text, line));
		for (const unsigned char *c = (const unsigned char *)text; *c; c++)
			assert_true(*c == '\n' || (*c >= 0x20 && *c < 0x7f && !strchr("\"'`\\?{}", *c)));
		free(text);
		pp_plan_free(p);
	}
}

/* Remarks stop at 100 characters whatever the names. */
static void test_remark_limit(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	char name[300];
	memset(name, 'n', sizeof name - 1), name[sizeof name - 1] = '\0';
	struct pp_endpoint *a = add_endpoint(p, name, PP_EP_HOST, "z1", "192.0.2.1");
	struct pp_endpoint *b = add_endpoint(p, name, PP_EP_HOST, "z2", "192.0.2.2");
	add_flow(p, name, a, b, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	char *text = emit(p);
	const char *r = strstr(text, "access-list z1_access_in remark ");
	assert_non_null(r);
	r += strlen("access-list z1_access_in remark ");
	assert_int_equal(strcspn(r, "\n"), 100);
	assert_memory_equal(r, "f001 nnnn", 9);
	free(text);
	pp_plan_free(p);
}

/* The fixture, plain and hostile: the same structure (only names differ),
 * one remark and one permit per boundary flow, every line a known
 * command, and the same bytes every time. */
static void test_fixture(void **state)
{
	(void)state;
	char *texts[2];
	for (int hostile = 0; hostile < 2; hostile++) {
		struct pp_plan *p = fixture_plan(hostile);
		char *text = emit(p);
		char *again = emit(p);
		assert_string_equal(text, again);
		free(again);
		size_t boundary = 0;
		for (size_t i = 0; i < p->n_flows; i++)
			boundary += (p->flows[i].enforce & PP_ENF_BOUNDARY) != 0;
		assert_int_equal(boundary, 9);
		assert_int_equal(count_prefix(text, "access-list internal_access_in remark "), 2);
		assert_int_equal(count_prefix(text, "access-list perimeter_access_in remark "), 5);
		assert_int_equal(count_prefix(text, "access-list outside_access_in remark "), 2);
		/* The ping flow is IPv4 only (fe1 and dc1): one permit per flow. */
		const char *acls[] = {"internal", "perimeter", "outside"};
		size_t permits = 0;
		for (size_t i = 0; i < 3; i++) {
			char prefix[64];
			snprintf(prefix, sizeof prefix, "access-list %s_access_in extended permit ", acls[i]);
			permits += count_prefix(text, prefix);
		}
		assert_int_equal(permits, 9);
		assert_false(has_line(text, "access-list perimeter_access_in remark f005"));
		static const char *const known[] = {"! ", "object-group network ", "object-group service ",
						    " description ", " network-object ", " port-object ",
						    "access-list ", "access-group ", "policy-map global_policy",
						    " class inspection_default", "  inspect icmp"};
		for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
			bool ok = false;
			for (size_t k = 0; k < sizeof known / sizeof *known && !ok; k++)
				ok = strncmp(l, known[k], strlen(known[k])) == 0;
			if (!ok)
				fail_msg("unknown line '%.*s'", (int)strcspn(l, "\n"), l);
		}
		texts[hostile] = text;
		pp_plan_free(p);
	}
	assert_int_equal(count_prefix(texts[0], ""), count_prefix(texts[1], ""));
	assert_true(has_line(texts[0], "access-list outside_access_in extended permit udp any object-group edge1 object-group udp_5060-5068_50000-59999"));
	assert_null(strstr(texts[1], "\"; rm"));
	free(texts[0]);
	free(texts[1]);
}

static void test_bad_transport(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = add_endpoint(p, "a", PP_EP_HOST, "z1", "192.0.2.1");
	struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "z2", "192.0.2.2");
	static const struct pp_range dns[] = {{53, 53}};
	add_flow(p, "DNS", a, b, PP_TR_TCP | PP_TR_UDP, dns, 1, PP_ENF_BOUNDARY);
	char err[256];
	size_t left = emit_failure(&pp_emit_asa, p, err, sizeof err);
	assert_string_equal(err, "flow 'f001': transport is not exactly one protocol");
	assert_int_equal(left, 0);
	pp_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_flow),
		cmocka_unit_test(test_family_split),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_protocols_and_boundary),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_group_names),
		cmocka_unit_test(test_hostile_classes),
		cmocka_unit_test(test_remark_limit),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_bad_transport),
	};
	return cmocka_run_group_tests_name("emit-asa", tests, NULL, NULL);
}
