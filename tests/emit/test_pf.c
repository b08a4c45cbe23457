/* Unit tests of the OpenBSD pf emitter (lib/emit/pf.c). */
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

extern const struct pp_emitter pp_emit_pf;

#define HEADER_TAIL                                                                              \
	"# Check with pfctl -nf portplan.pf.conf, load with pfctl -f portplan.pf.conf.\n"       \
	"# Rules keep state: replies to a passed connection pass with it.\n"

#define ND "pass quick inet6 proto icmp6 all icmp6-type { neighbrsol neighbradv } no state label \"ipv6-nd\""

/* The emitted portplan.pf.conf, which must be the only file; free it. */
static char *emit(const struct pp_plan *plan)
{
	return emit_only_file(&pp_emit_pf, plan, "portplan.pf.conf");
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
	assert_string_equal(text, "# portplan: pf boundary rules for lab\n" HEADER_TAIL
				  "# web\n"
				  "table <pp_web> const { 192.0.2.10 }\n"
				  "# db: SQL servers\n"
				  "table <pp_db> const { 10.1.0.0/24 10.1.1.5 }\n"
				  "set skip on lo\n"
				  "block drop all\n"
				  "# f001 SQL: web -> db (dmz -> lan)\n"
				  "pass quick inet proto tcp from <pp_web> to <pp_db> port 1433 keep state label \"f001 SQL\"\n");
	free(text);
	pp_plan_free(p);
}

/* Tables hold both families; the rule names the family when only one can
 * match, ping is split into icmp and icmp6, and a pair with no family in
 * common passes nothing. Neighbour discovery is let through once IPv6 is
 * used at all. */
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
	add_flow(p, "HTTPS", any, v6, PP_TR_TCP, https, 1, PP_ENF_BOUNDARY);
	add_flow(p, "ping", any, any, PP_TR_ICMP, NULL, 0, PP_ENF_BOUNDARY);
	char *text = emit(p);
	static const char *const expect[] = {
		"table <pp_web> const { 192.0.2.10 2001:db8::10 }",
		"table <pp_db> const { 10.1.0.0/24 2001:db8:1::/64 }",
		"pass quick inet proto icmp from <pp_web> to <pp_db> icmp-type echoreq keep state label \"f001 ping\"",
		"pass quick inet6 proto icmp6 from <pp_web> to <pp_db> icmp6-type echoreq keep state label \"f001 ping\"",
		"pass quick proto tcp from <pp_web> to <pp_db> port 443 keep state label \"f002 HTTPS\"",
		"pass quick inet proto tcp from <pp_v4> to <pp_db> port 443 keep state label \"f003 HTTPS\"",
		"# f004 nothing: v4 -> v6 (dmz -> lan)",
		"# no address family in common, nothing to pass",
		"pass quick inet6 proto tcp from any to <pp_v6> port 443 keep state label \"f005 HTTPS\"",
		"pass quick inet proto icmp from any to any icmp-type echoreq keep state label \"f006 ping\"",
		"pass quick inet6 proto icmp6 from any to any icmp6-type echoreq keep state label \"f006 ping\"",
		ND,
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	assert_null(strstr(text, "f004 nothing\""));
	assert_int_equal(count_prefix(text, "pass "), 8);
	/* The any endpoint never becomes a table. */
	assert_int_equal(count_prefix(text, "table "), 4);
	free(text);

	/* IPv4 only: no neighbour discovery rule. */
	struct pp_plan *q = pp_plan_new("v4");
	struct pp_endpoint *a = add_endpoint(q, "a", PP_EP_HOST, "z1", "192.0.2.1");
	struct pp_endpoint *b = add_endpoint(q, "b", PP_EP_HOST, "z2", "192.0.2.2, 2001:db8::2");
	add_flow(q, "ping", a, b, PP_TR_ICMP, NULL, 0, PP_ENF_BOUNDARY);
	text = emit(q);
	assert_false(has_line(text, ND));
	assert_int_equal(count_prefix(text, "pass "), 1);
	free(text);
	pp_plan_free(q);
	pp_plan_free(p);
}

/* One port, one range lo:hi, several in braces, nothing for all ports. */
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
	add_flow(p, "SIP", a, b, PP_TR_UDP, sip, 1, PP_ENF_BOUNDARY);
	add_flow(p, "LDAP", a, b, PP_TR_TCP, ldap, 3, PP_ENF_BOUNDARY);
	add_flow(p, "all", a, b, PP_TR_TCP, all, 1, PP_ENF_BOUNDARY);
	add_flow(p, "low", a, b, PP_TR_TCP, low, 1, PP_ENF_BOUNDARY);
	char *text = emit(p);
	static const char *const expect[] = {
		"pass quick inet proto udp from <pp_a> to <pp_b> port 5060:5068 keep state label \"f001 SIP\"",
		"pass quick inet proto tcp from <pp_a> to <pp_b> port { 389 636 3268:3269 } keep state label \"f002 LDAP\"",
		"pass quick inet proto tcp from <pp_a> to <pp_b> keep state label \"f003 all\"",
		"pass quick inet proto tcp from <pp_a> to <pp_b> port 0:1024 keep state label \"f004 low\"",
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	free(text);
	pp_plan_free(p);
}

/* ESP, AH and GRE carry no ports; only boundary flows are emitted. */
static void test_protocols_and_boundary(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = add_endpoint(p, "a", PP_EP_HOST, "z1", "192.0.2.1, 2001:db8::1");
	struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "z2", "2001:db8::2, 192.0.2.2");
	static const struct pp_range smb[] = {{445, 445}};
	add_flow(p, "ESP", a, b, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY | PP_ENF_HOST);
	add_flow(p, "AH", a, b, PP_TR_AH, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "GRE", a, b, PP_TR_GRE, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "SMB", a, b, PP_TR_TCP, smb, 1, PP_ENF_HOST);
	char *text = emit(p);
	static const char *const expect[] = {
		"table <pp_b> const { 192.0.2.2 2001:db8::2 }",
		"pass quick proto esp from <pp_a> to <pp_b> keep state label \"f001 ESP\"",
		"pass quick proto ah from <pp_a> to <pp_b> keep state label \"f002 AH\"",
		"pass quick proto gre from <pp_a> to <pp_b> keep state label \"f003 GRE\"",
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	assert_int_equal(count_prefix(text, "pass quick proto "), 3);
	assert_null(strstr(text, "SMB"));
	free(text);

	/* Host-only flows: the default deny and nothing else. */
	struct pp_plan *q = pp_plan_new("host only");
	a = add_endpoint(q, "a", PP_EP_HOST, "z1", "192.0.2.1");
	b = add_endpoint(q, "b", PP_EP_HOST, "z2", "192.0.2.2");
	add_flow(q, "SMB", a, b, PP_TR_TCP, smb, 1, PP_ENF_HOST);
	text = emit(q);
	assert_string_equal(text, "# portplan: pf boundary rules for host only\n" HEADER_TAIL
				  "set skip on lo\n"
				  "block drop all\n");
	free(text);
	pp_plan_free(q);
	pp_plan_free(p);
}

/* Table names: pp_ and the reduced endpoint name, so never a pf keyword or
 * a number; unique; at most 31 bytes with the suffix; a second address
 * list for the same endpoint gets a table of its own. */
static void test_table_names(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	const struct pp_endpoint *e[] = {
		add_endpoint(p, "any", PP_EP_HOST, "z", "192.0.2.1"),
		add_endpoint(p, "table", PP_EP_HOST, "z", "192.0.2.2"),
		add_endpoint(p, "123", PP_EP_HOST, "z", "192.0.2.3"),
		add_endpoint(p, "a b", PP_EP_HOST, "z", "192.0.2.4"),
		add_endpoint(p, "a;b", PP_EP_HOST, "z", "192.0.2.5"),
		add_endpoint(p, "abcdefghijklmnopqrstuvwxyz0123456789", PP_EP_HOST, "z",
			     "192.0.2.6"),
		add_endpoint(p, "abcdefghijklmnopqrstuvwxyz0123456789x", PP_EP_HOST, "z",
			     "192.0.2.7"),
		add_endpoint(p, "", PP_EP_HOST, "z", "192.0.2.8"),
	};
	struct pp_endpoint *dst = add_endpoint(p, "dst", PP_EP_HOST, "y",
					       "198.51.100.1, 198.51.100.2");
	for (size_t i = 0; i < sizeof e / sizeof *e; i++)
		add_flow(p, "f", e[i], dst, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	/* The same endpoint with fewer addresses. */
	struct pp_flow narrow = {
		.name = "narrow", .src = e[0], .dst = dst,
		.src_addrs = e[0]->addrs, .n_src_addrs = 1, .dst_addrs = dst->addrs, .n_dst_addrs = 1,
		.transport = PP_TR_ESP, .enforce = PP_ENF_BOUNDARY,
	};
	pp_plan_add_flow(p, &narrow);
	char *text = emit(p);
	static const char *const expect[] = {
		"table <pp_any> const { 192.0.2.1 }",
		"table <pp_table> const { 192.0.2.2 }",
		"table <pp_123> const { 192.0.2.3 }",
		"table <pp_a_b> const { 192.0.2.4 }",
		"table <pp_a_b_2> const { 192.0.2.5 }",
		"table <pp_abcdefghijklmnopqrstuvwxyz01> const { 192.0.2.6 }",
		"table <pp_abcdefghijklmnopqrstuvwxyz_2> const { 192.0.2.7 }",
		"table <pp_x> const { 192.0.2.8 }",
		"table <pp_dst> const { 198.51.100.1 198.51.100.2 }",
		"table <pp_dst_2> const { 198.51.100.1 }",
		"pass quick inet proto esp from <pp_any> to <pp_dst_2> keep state label \"f009 narrow\"",
	};
	expect_lines(text, expect, sizeof expect / sizeof *expect);
	assert_int_equal(strlen("pp_abcdefghijklmnopqrstuvwxyz01"), 31);
	assert_int_equal(count_prefix(text, "table "), 10);
	free(text);
	pp_plan_free(p);
}

/* Each hostile character class: table names keep [A-Za-z0-9_.-], comments
 * printable ASCII without quotes, backslash, backtick or braces, labels
 * only letters, digits, space and _.:()-. */
static void test_hostile_classes(void **state)
{
	(void)state;
	static const struct {
		const char *payload, *ident, *text, *label;
	} cases[] = {
		{"\"", "_", "?", "_"},          {"'", "_", "?", "_"},
		{";", "_", ";", "_"},           {"`", "_", "?", "_"},
		{"$(halt)", "__halt_", "$(halt)", "_(halt)"},
		{"\n", "_", "?", "_"},          {"\r", "_", "?", "_"},
		{"\t", "_", "?", "_"},          {"\\", "_", "?", "_"},
		{"日", "___", "???", "___"},    {"%n%s", "_n_s", "%n%s", "_n_s"},
		{"{{x}}", "__x__", "__x__", "__x__"},
		{"\nrm -rf /", "_rm_-rf__", "?rm -rf /", "_rm -rf _"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char name[64], line[256];
		snprintf(name, sizeof name, "h%sx", cases[i].payload);
		struct pp_plan *p = pp_plan_new(name);
		struct pp_endpoint *a = add_endpoint(p, name, PP_EP_HOST, name, "192.0.2.1");
		a->description = cases[i].payload;
		struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "lan", "192.0.2.2");
		add_flow(p, name, a, b, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
		char *text = emit(p);
		snprintf(line, sizeof line, "# portplan: pf boundary rules for h%sx", cases[i].text);
		assert_true(has_line(text, line));
		snprintf(line, sizeof line, "# h%sx: %s", cases[i].text, cases[i].text);
		assert_true(has_line(text, line));
		snprintf(line, sizeof line, "# f001 h%sx: h%sx -> b (h%sx -> lan)", cases[i].text,
			 cases[i].text, cases[i].text);
		assert_true(has_line(text, line));
		snprintf(line, sizeof line,
			 "pass quick inet proto esp from <pp_h%sx> to <pp_b> keep state label \"f001 h%sx\"",
			 cases[i].ident, cases[i].label);
		expect_line(text, line);
		for (const unsigned char *c = (const unsigned char *)text; *c; c++)
			assert_true(*c == '\n' || (*c >= 0x20 && *c < 0x7f && !strchr("'`\\", *c)));
		/* No payload newline made a line of its own. */
		assert_int_equal(count_prefix(text, ""), 11);
		free(text);
		pp_plan_free(p);
	}
}

/* Labels stop at 63 bytes and never carry '$' (pf expands $nr, $if, ...). */
static void test_label_limit(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = add_endpoint(p, "a", PP_EP_HOST, "z1", "192.0.2.1");
	struct pp_endpoint *b = add_endpoint(p, "b", PP_EP_HOST, "z2", "192.0.2.2");
	char name[200];
	memset(name, '$', sizeof name - 1), name[sizeof name - 1] = '\0';
	add_flow(p, name, a, b, PP_TR_ESP, NULL, 0, PP_ENF_BOUNDARY);
	char *text = emit(p);
	const char *l = strstr(text, "label \"");
	assert_non_null(l);
	l += strlen("label \"");
	assert_int_equal(strcspn(l, "\""), 63);
	assert_memory_equal(l, "f001 ____", 9);
	assert_null(memchr(l, '$', 63));
	free(text);
	pp_plan_free(p);
}

/* The fixture, plain and hostile: the same structure, one pass rule per
 * boundary flow (ping is IPv4 only), every line a known statement, and the
 * same bytes every time. */
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
		assert_int_equal(count_prefix(text, "pass quick "), 10); /* 9 flows and ND */
		assert_true(has_line(text, ND));
		assert_int_equal(count_prefix(text, "table <pp_"), 4);
		assert_int_equal(count_prefix(text, "block drop all"), 1);
		static const char *const known[] = {"# ", "table <pp_", "set skip on lo", "block drop all",
						    "pass quick "};
		for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
			bool ok = false;
			for (size_t k = 0; k < sizeof known / sizeof *known && !ok; k++)
				ok = strncmp(l, known[k], strlen(known[k])) == 0;
			if (!ok)
				fail_msg("unknown line '%.*s'", (int)strcspn(l, "\n"), l);
			/* Outside comments, no '$' (pf macros) at all. */
			if (l[0] != '#')
				assert_null(memchr(l, '$', strcspn(l, "\n")));
		}
		/* The block comes before every pass. */
		assert_true(strstr(text, "block drop all") < strstr(text, "pass quick "));
		texts[hostile] = text;
		pp_plan_free(p);
	}
	assert_int_equal(count_prefix(texts[0], ""), count_prefix(texts[1], ""));
	assert_true(has_line(texts[0], "pass quick proto udp from any to <pp_edge1> port { 5060:5068 50000:59999 } keep state label \"f015 SIP and media\""));
	assert_true(has_line(texts[0], "pass quick inet proto icmp from <pp_fe1> to <pp_dc1> icmp-type echoreq keep state label \"f014 ping\""));
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
	size_t left = emit_failure(&pp_emit_pf, p, err, sizeof err);
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
		cmocka_unit_test(test_table_names),
		cmocka_unit_test(test_hostile_classes),
		cmocka_unit_test(test_label_limit),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_bad_transport),
	};
	return cmocka_run_group_tests_name("emit-pf", tests, NULL, NULL);
}
