/* Unit tests of the nft emitter: exact lines for small hand-made plans, and
 * the fixture plan (fixture.h) with ordinary and hostile names. */
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

extern const struct pp_emitter pp_emit_nft;

/* The text of portplan.nft, which must be the only file. Caller frees. */
static char *emit(const struct pp_plan *p)
{
	return emit_only_file(&pp_emit_nft, p, "portplan.nft");
}

/* Rules live in the forward chain, after the policy and the ct rules, and
 * the table is added, deleted and defined in that order. */
static void test_skeleton_and_simple_rule(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("tiny");
	struct pp_endpoint *a = add_host(p, "a", "10.1.0.0/24"), *b = add_host(p, "b", "10.2.0.5");
	static const struct pp_range smtp[] = {{25, 25}};
	add_boundary_flow(p, "SMTP", a, b, PP_TR_TCP, smtp, 1);
	struct pp_flow *host = add_boundary_flow(p, "host only", a, b, PP_TR_TCP, smtp, 1);
	host->enforce = PP_ENF_HOST;
	char *t = emit(p);

	size_t add = line_no(t, "table inet portplan"), del = line_no(t, "delete table inet portplan"),
	       def = line_no(t, "table inet portplan {");
	assert_true(add && add < del && del < def);
	assert_line(t, "\tcomment \"portplan: tiny\"");
	assert_line(t, "\tset a_v4 {");
	assert_line(t, "\t\ttype ipv4_addr");
	assert_line(t, "\t\tflags interval");
	assert_line(t, "\t\tcomment \"a\"");
	assert_line(t, "\t\telements = { 10.1.0.0/24 }");
	assert_line(t, "\t\telements = { 10.2.0.5 }");
	size_t chain = line_no(t, "\tchain forward {");
	size_t policy = line_no(t, "\t\ttype filter hook forward priority filter; policy drop;");
	size_t est = line_no(t, "\t\tct state established,related accept");
	size_t inv = line_no(t, "\t\tct state invalid drop");
	size_t rule = line_no(t, "\t\tip saddr @a_v4 ip daddr @b_v4 tcp dport 25 accept comment \"f001 SMTP: a -> b\"");
	assert_true(chain && chain < policy && policy < est && est < inv && inv < rule);
	assert_line(t, "# 1 boundary flows, 1 rules; 1 host-only flows are left to host firewalls.");
	/* the host-only flow is not a boundary rule */
	assert_null(strstr(t, "f002"));
	assert_int_equal(count_of(t, " accept comment "), 1);
	/* the file ends by closing the chain and the table */
	size_t len = strlen(t);
	assert_true(len > 5 && strcmp(t + len - 5, "\t}\n}\n") == 0);
	free(t);
	pp_plan_free(p);
}

/* An empty plan still gives a loadable table that drops everything. */
static void test_empty_plan(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("empty");
	char *t = emit(p);
	assert_line(t, "\t\ttype filter hook forward priority filter; policy drop;");
	assert_int_equal(count_of(t, " accept comment "), 0);
	assert_int_equal(count_of(t, "\tset "), 0);
	free(t);
	pp_plan_free(p);
}

/* inet tables need one rule per family; a family pair that cannot match
 * gets no rule, and a flow with no common family says so. */
static void test_family_split(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("families");
	struct pp_endpoint *dual1 = add_host(p, "dual1", "10.0.0.1, 2001:db8::1");
	struct pp_endpoint *dual2 = add_host(p, "dual2", "10.0.0.2, 2001:db8::2");
	struct pp_endpoint *v4 = add_host(p, "v4only", "10.0.0.4");
	struct pp_endpoint *v6 = add_host(p, "v6only", "2001:db8::6");
	struct pp_endpoint *any = pp_plan_add_endpoint(p, "any", PP_EP_ANY, NULL, "0.0.0.0/0, ::/0");
	static const struct pp_range ssh[] = {{22, 22}};
	add_boundary_flow(p, "ssh", dual1, dual2, PP_TR_TCP, ssh, 1);
	add_boundary_flow(p, "ssh", v4, v6, PP_TR_TCP, ssh, 1);
	add_boundary_flow(p, "ssh", any, dual2, PP_TR_TCP, ssh, 1);
	add_boundary_flow(p, "ssh", any, any, PP_TR_TCP, ssh, 1);
	add_boundary_flow(p, "ssh", v6, dual1, PP_TR_TCP, ssh, 1);
	char *t = emit(p);

	assert_line(t, "\t\tip saddr @dual1_v4 ip daddr @dual2_v4 tcp dport 22 accept comment \"f001 ssh: dual1 -> dual2\"");
	assert_line(t, "\t\tip6 saddr @dual1_v6 ip6 daddr @dual2_v6 tcp dport 22 accept comment \"f001 ssh: dual1 -> dual2\"");
	assert_line(t, "\t\t# f002 ssh: v4only -> v6only: no address family in common, no rule");
	assert_int_equal(count_of(t, "accept comment \"f002"), 0);
	assert_line(t, "\t\tip daddr @dual2_v4 tcp dport 22 accept comment \"f003 ssh: any -> dual2\"");
	assert_line(t, "\t\tip6 daddr @dual2_v6 tcp dport 22 accept comment \"f003 ssh: any -> dual2\"");
	assert_line(t, "\t\tmeta nfproto ipv4 tcp dport 22 accept comment \"f004 ssh: any -> any\"");
	assert_line(t, "\t\tmeta nfproto ipv6 tcp dport 22 accept comment \"f004 ssh: any -> any\"");
	assert_line(t, "\t\tip6 saddr @v6only_v6 ip6 daddr @dual1_v6 tcp dport 22 accept comment \"f005 ssh: v6only -> dual1\"");
	assert_int_equal(count_of(t, "accept comment \"f005"), 1);
	assert_line(t, "\t\ttype ipv6_addr");
	assert_line(t, "\t\telements = { 2001:db8::2 }");
	/* "any" never becomes a set */
	assert_null(strstr(t, "set any_"));
	free(t);
	pp_plan_free(p);
}

static void test_ports(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("ports");
	struct pp_endpoint *a = add_host(p, "a", "10.0.0.1"), *b = add_host(p, "b", "10.0.0.2");
	static const struct pp_range one[] = {{389, 389}};
	static const struct pp_range range[] = {{1025, 5000}};
	static const struct pp_range several[] = {{389, 389}, {636, 636}, {3268, 3269}};
	static const struct pp_range all[] = {{0, 65535}};
	add_boundary_flow(p, "one", a, b, PP_TR_TCP, one, 1);
	add_boundary_flow(p, "range", a, b, PP_TR_TCP, range, 1);
	add_boundary_flow(p, "several", a, b, PP_TR_UDP, several, 3);
	add_boundary_flow(p, "all", a, b, PP_TR_TCP, all, 1);
	add_boundary_flow(p, "none", a, b, PP_TR_UDP, NULL, 0);
	char *t = emit(p);
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 tcp dport 389 accept comment \"f001 one: a -> b\"");
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 tcp dport 1025-5000 accept comment \"f002 range: a -> b\"");
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 udp dport { 389, 636, 3268-3269 } accept comment \"f003 several: a -> b\"");
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 meta l4proto tcp accept comment \"f004 all: a -> b\"");
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 meta l4proto udp accept comment \"f005 none: a -> b\"");
	free(t);
	pp_plan_free(p);
}

/* ICMP means ping, in each family's own protocol; ESP, AH and GRE have no
 * ports; the plan's port list is ignored for them. */
static void test_icmp_esp_ah_gre(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("protocols");
	struct pp_endpoint *a = add_host(p, "a", "10.0.0.1, 2001:db8::1"), *b = add_host(p, "b", "10.0.0.2, 2001:db8::2");
	static const struct pp_range stray[] = {{7, 7}};
	add_boundary_flow(p, "ping", a, b, PP_TR_ICMP, stray, 1);
	add_boundary_flow(p, "esp", a, b, PP_TR_ESP, NULL, 0);
	add_boundary_flow(p, "ah", a, b, PP_TR_AH, NULL, 0);
	add_boundary_flow(p, "gre", a, b, PP_TR_GRE, NULL, 0);
	char *t = emit(p);
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 icmp type echo-request accept comment \"f001 ping: a -> b\"");
	assert_line(t, "\t\tip6 saddr @a_v6 ip6 daddr @b_v6 icmpv6 type echo-request accept comment \"f001 ping: a -> b\"");
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 meta l4proto esp accept comment \"f002 esp: a -> b\"");
	assert_line(t, "\t\tip6 saddr @a_v6 ip6 daddr @b_v6 meta l4proto esp accept comment \"f002 esp: a -> b\"");
	assert_line(t, "\t\tip saddr @a_v4 ip daddr @b_v4 meta l4proto ah accept comment \"f003 ah: a -> b\"");
	assert_line(t, "\t\tip6 saddr @a_v6 ip6 daddr @b_v6 meta l4proto 47 accept comment \"f004 gre: a -> b\"");
	assert_null(strstr(t, "dport"));
	free(t);
	pp_plan_free(p);
}

/* One set per endpoint and family, shared by the flows that use it; names
 * that collide are numbered; a flow that uses only part of an endpoint gets
 * its own set; input lists are merged so nft never sees overlapping
 * elements. */
static void test_sets(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("sets");
	struct pp_endpoint *a = add_host(p, "a", "10.0.0.1"), *b = add_host(p, "b", "10.0.0.2");
	struct pp_endpoint *ab1 = add_host(p, "a b", "10.0.1.1"),
			   *ab2 = add_host(p, "a.b", "10.0.1.2");
	struct pp_endpoint *digit = add_host(p, "10net", "10.0.0.0/8");
	struct pp_endpoint *messy = add_host(p, "messy", "10.9.0.128/25, 10.9.0.5, 10.9.0.0/25");
	static const struct pp_range r[] = {{80, 80}};
	add_boundary_flow(p, "one", a, b, PP_TR_TCP, r, 1);
	add_boundary_flow(p, "two", a, b, PP_TR_UDP, r, 1);
	add_boundary_flow(p, "three", ab1, ab2, PP_TR_TCP, r, 1);
	add_boundary_flow(p, "four", digit, messy, PP_TR_TCP, r, 1);
	struct pp_cidr part;
	assert_int_equal(pp_cidr_parse("10.0.0.0/24", &part), 0);
	struct pp_flow f = {.name = "part", .src = digit, .dst = b, .src_addrs = &part, .n_src_addrs = 1,
			    .dst_addrs = b->addrs, .n_dst_addrs = b->n_addrs, .transport = PP_TR_TCP,
			    .ports = r, .n_ports = 1, .enforce = PP_ENF_BOUNDARY};
	pp_plan_add_flow(p, &f);
	char *t = emit(p);
	assert_int_equal(count_of(t, "\tset a_v4 {"), 1);
	assert_int_equal(count_of(t, "\tset b_v4 {"), 1);
	assert_line(t, "\t\tip saddr @a_b_v4 ip daddr @a_b_v4_2 tcp dport 80 accept comment \"f003 three: a b -> a.b\"");
	assert_line(t, "\t\tcomment \"a b\"");
	assert_line(t, "\t\tcomment \"a.b\"");
	assert_line(t, "\t\tip saddr @s_10net_v4 ip daddr @messy_v4 tcp dport 80 accept comment \"f004 four: 10net -> messy\"");
	assert_line(t, "\t\telements = { 10.9.0.0/24 }");
	assert_line(t, "\t\tip saddr @f005_src_v4 ip daddr @b_v4 tcp dport 80 accept comment \"f005 part: 10net -> b\"");
	assert_line(t, "\t\tcomment \"f005_src\"");
	assert_line(t, "\t\telements = { 10.0.0.0/24 }");
	free(t);
	pp_plan_free(p);
}

/* Many sets: the set table grows while a rule's sets are being found, and
 * the rule still names the right ones. */
static void test_many_sets(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("many");
	struct pp_endpoint *e[20];
	for (int i = 0; i < 20; i++) {
		char name[8], addr[16];
		snprintf(name, sizeof name, "e%d", i);
		snprintf(addr, sizeof addr, "10.0.%d.1", i);
		e[i] = add_host(p, name, addr);
	}
	static const struct pp_range r[] = {{80, 80}};
	for (int i = 0; i + 1 < 20; i++)
		add_boundary_flow(p, "web", e[i], e[i + 1], PP_TR_TCP, r, 1);
	char *t = emit(p);
	assert_int_equal(count_of(t, "\tset "), 20);
	for (int i = 0; i + 1 < 20; i++) {
		char want[128];
		snprintf(want, sizeof want,
			 "\t\tip saddr @e%d_v4 ip daddr @e%d_v4 tcp dport 80 accept comment \"f%03d web: e%d -> e%d\"",
			 i, i + 1, i + 1, i, i + 1);
		assert_line(t, want);
	}
	free(t);
	pp_plan_free(p);
}

/* Each hostile character class, alone in an endpoint name: '?' in comments
 * (which nft cannot escape), reduced to '_' runs in set names. */
static void test_escaping_each_class(void **state)
{
	(void)state;
	static const struct {
		const char *in, *comment;
	} classes[] = {
		{"\"", "?"}, {"'", "?"}, {"`", "?"}, {"\\", "?"}, {"\n", "?"}, {"\r", "?"}, {"\t", "?"},
		{"$(halt)", "?(halt)"}, {"\xe6\x97\xa5", "???"}, {"\x7f", "?"}, {"\x01", "?"},
	};
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		char name[32], comment[32], want[256];
		snprintf(name, sizeof name, "a%sb", classes[i].in);
		snprintf(comment, sizeof comment, "a%sb", classes[i].comment);
		struct pp_plan *p = pp_plan_new(name);
		struct pp_endpoint *a = add_host(p, name, "10.0.0.1"),
				   *b = add_host(p, "b", "10.0.0.2");
		static const struct pp_range r[] = {{80, 80}};
		add_boundary_flow(p, name, a, b, PP_TR_TCP, r, 1);
		char *t = emit(p);
		const char *set = strcmp(classes[i].in, "$(halt)") == 0 ? "a_halt_b_v4" : "a_b_v4";
		snprintf(want, sizeof want,
			 "\t\tip saddr @%s ip daddr @b_v4 tcp dport 80 accept comment \"f001 %s: %s -> b\"",
			 set, comment, comment);
		assert_line(t, want);
		snprintf(want, sizeof want, "\tcomment \"portplan: %s\"", comment);
		assert_line(t, want);
		snprintf(want, sizeof want, "# portplan: boundary firewall for plan \"%s\"", comment);
		assert_line(t, want);
		free(t);
		pp_plan_free(p);
	}
}

/* Characters that nft takes literally inside a quoted string stay, so the
 * auditor reads the real name; a printf format is plain text. */
static void test_harmless_characters_kept(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("p");
	struct pp_endpoint *a = add_host(p, "x; rm -rf / # |&<> %s %n", "10.0.0.1"), *b = add_host(p, "b", "10.0.0.2");
	static const struct pp_range r[] = {{80, 80}};
	add_boundary_flow(p, "web", a, b, PP_TR_TCP, r, 1);
	char *t = emit(p);
	assert_line(t, "\t\tip saddr @x_rm_rf_s_n_v4 ip daddr @b_v4 tcp dport 80 accept comment \"f001 web: x; rm -rf / # |&<> %s %n -> b\"");
	free(t);
	pp_plan_free(p);
}

/* nft refuses comments over 127 bytes: long names are cut, and both ends of
 * the flow stay visible. */
static void test_long_names(void **state)
{
	(void)state;
	char longname[301];
	memset(longname, 'n', 300);
	longname[300] = '\0';
	struct pp_plan *p = pp_plan_new(longname);
	struct pp_endpoint *a = add_host(p, longname, "10.0.0.1"),
			   *b = add_host(p, longname, "10.0.0.2");
	static const struct pp_range r[] = {{80, 80}};
	add_boundary_flow(p, longname, a, b, PP_TR_TCP, r, 1);
	char *t = emit(p);
	const char *c = strstr(t, "accept comment \"");
	assert_non_null(c);
	c += strlen("accept comment \"");
	size_t n = strcspn(c, "\"");
	assert_true(n <= 127);
	/* set names stay short and distinct */
	char want[128];
	snprintf(want, sizeof want, "\tset %.47s_v4 {", longname);
	assert_line(t, want);
	snprintf(want, sizeof want, "\tset %.47s_v4_2 {", longname);
	assert_line(t, want);
	for (const char *q = strstr(t, "comment \""); q; q = strstr(q + 1, "comment \""))
		assert_true(strcspn(q + 9, "\"") <= 127);
	free(t);
	pp_plan_free(p);
}

/* Whole-file properties of the fixture, both variants. */
static void check_fixture_text(const char *t)
{
	for (const unsigned char *q = (const unsigned char *)t; *q; q++)
		assert_true(*q == '\n' || *q == '\t' || (*q >= 0x20 && *q <= 0x7e));
	assert_null(strstr(t, "$("));
	assert_null(strchr(t, '`'));
	assert_null(strchr(t, '\\'));
	assert_null(strchr(t, '\''));
	for (const char *line = t; *line;) {
		const char *nl = strchr(line, '\n');
		assert_non_null(nl);
		size_t quotes = 0;
		for (const char *q = line; q < nl; q++)
			quotes += *q == '"';
		assert_true(quotes == 0 || quotes == 2);
		assert_false(strncmp(line + strspn(line, " \t"), "rm ", 3) == 0);
		line = nl + 1;
	}
	/* 9 boundary flows: f004 and f015 are dual-stack */
	assert_int_equal(count_of(t, " accept comment \""), 11);
	assert_int_equal(count_of(t, "\tset "), 5);
	assert_null(strstr(t, "\"f005")); /* host-only */
	assert_null(strstr(t, "\"f016"));
}

static void test_fixture(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	char *t = emit(p);
	check_fixture_text(t);
	assert_line(t, "\t\tip saddr @edge1_v4 ip daddr @hub1_v4 tcp dport 25 accept comment \"f003 SMTP: edge1 -> hub1\"");
	assert_line(t, "\t\tip6 daddr @edge1_v6 udp dport { 5060-5068, 50000-59999 } accept comment \"f015 SIP and media: any -> edge1\"");
	assert_line(t, "\t\tip saddr @fe1_v4 ip daddr @dc1_v4 icmp type echo-request accept comment \"f014 ping: fe1 -> dc1\"");
	assert_line(t, "\t\telements = { 10.0.2.20/31 }");
	free(t);
	pp_plan_free(p);
}

static void test_fixture_hostile(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(true);
	char *t = emit(p);
	check_fixture_text(t);
	assert_line(t, "\tset hub1x_rm_rf_reboot_halt_v4 {");
	assert_line(t, "\t\tcomment \"hub1x?; rm -rf / #?reboot?\?(halt)????|&<>? ????????? %s %n\"");
	assert_line(t, "# portplan: boundary firewall for plan \"fixturex?; rm -rf / #?reboot?\?(halt)????|&<>? ????????? %s %n\"");
	free(t);
	pp_plan_free(p);
}

/* Same plan, same bytes: two plans built apart give identical output. */
static void test_deterministic(void **state)
{
	(void)state;
	assert_same_text(emit);
}

static void test_bad_flows(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("bad");
	struct pp_endpoint *a = add_host(p, "a", "10.0.0.1"), *b = add_host(p, "b", "10.0.0.2");
	static const struct pp_range r[] = {{80, 80}};
	struct pp_flow *f = add_boundary_flow(p, "two transports", a, b, PP_TR_TCP, r, 1);
	f->transport = PP_TR_TCP | PP_TR_UDP;
	char err[256];
	size_t left = emit_failure(&pp_emit_nft, p, err, sizeof err);
	assert_string_equal(err, "flow 'f001': transport must be exactly one of tcp, udp, icmp, gre, ah, esp");
	assert_int_equal(left, 0);

	f->transport = PP_TR_TCP;
	static const struct pp_range reversed[] = {{90, 80}};
	f->ports = reversed;
	emit_failure(&pp_emit_nft, p, err, sizeof err);
	assert_string_equal(err, "flow 'f001': port range 90-80 is reversed");
	pp_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skeleton_and_simple_rule),
		cmocka_unit_test(test_empty_plan),
		cmocka_unit_test(test_family_split),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_icmp_esp_ah_gre),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_many_sets),
		cmocka_unit_test(test_escaping_each_class),
		cmocka_unit_test(test_harmless_characters_kept),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_fixture_hostile),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_bad_flows),
	};
	return cmocka_run_group_tests_name("emit-nft", tests, NULL, NULL);
}
