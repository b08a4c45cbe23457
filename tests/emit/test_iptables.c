/* Unit tests of the iptables emitter: exact lines of portplan.rules.v4 and
 * portplan.rules.v6 for small hand-made plans, and the fixture plan
 * (fixture.h) with ordinary and hostile names. */
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

extern const struct pp_emitter pp_emit_iptables;

struct files {
	char *v4, *v6;
};

/* Both files, which must be the only ones. Caller frees with files_free. */
static struct files emit(const struct pp_plan *p)
{
	static const char *const paths[] = {"portplan.rules.v4", "portplan.rules.v6"};
	struct pp_emit_out out;
	emit_checked(&pp_emit_iptables, p, paths, 2, &out);
	struct files f = {copy_output(&out, 0), copy_output(&out, 1)};
	pp_emit_out_free(&out);
	return f;
}

static void files_free(struct files *f)
{
	free(f->v4);
	free(f->v6);
}

/* A whole filter table in iptables-save's order; the flow rules come after
 * the conntrack rules and before COMMIT, which ends the file. */
static void test_skeleton_and_simple_rule(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("tiny");
	struct pp_endpoint *a = add_host(p, "a", "10.1.0.0/24"), *b = add_host(p, "b", "10.2.0.5");
	static const struct pp_range smtp[] = {{25, 25}};
	add_boundary_flow(p, "SMTP", a, b, PP_TR_TCP, smtp, 1);
	struct pp_flow *host = add_boundary_flow(p, "host only", a, b, PP_TR_TCP, smtp, 1);
	host->enforce = PP_ENF_HOST;
	struct files f = emit(p);
	const char *texts[2] = {f.v4, f.v6};
	for (int i = 0; i < 2; i++) {
		const char *t = texts[i];
		size_t table = line_no(t, "*filter");
		size_t input = line_no(t, ":INPUT ACCEPT [0:0]");
		size_t fwd = line_no(t, ":FORWARD DROP [0:0]");
		size_t output = line_no(t, ":OUTPUT ACCEPT [0:0]");
		size_t est = line_no(t, "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
		size_t inv = line_no(t, "-A FORWARD -m conntrack --ctstate INVALID -j DROP");
		size_t commit = line_no(t, "COMMIT");
		assert_true(table && table < input && input < fwd && fwd < output && output < est &&
			    est < inv && inv < commit);
		size_t len = strlen(t);
		assert_true(len > 8 && strcmp(t + len - 8, "\nCOMMIT\n") == 0);
		assert_null(strstr(t, "f002")); /* host-only */
		assert_line(t, "# 1 boundary flows; 1 host-only flows are left to host firewalls.");
	}
	size_t rule = line_no(f.v4, "-A FORWARD -s 10.1.0.0/24 -d 10.2.0.5/32 -p tcp -m tcp --dport 25 -m comment --comment \"f001 SMTP: a -> b\" -j ACCEPT");
	assert_true(rule > line_no(f.v4, "-A FORWARD -m conntrack --ctstate INVALID -j DROP"));
	assert_true(rule < line_no(f.v4, "COMMIT"));
	assert_line(f.v4, "# Load with: iptables-restore < portplan.rules.v4");
	assert_line(f.v6, "# Load with: ip6tables-restore < portplan.rules.v6");
	assert_line(f.v4, "# portplan: boundary firewall for plan \"tiny\", IPv4");
	assert_int_equal(count_of(f.v4, " -j ACCEPT\n"), 2);
	assert_int_equal(count_of(f.v6, " -j ACCEPT\n"), 1); /* conntrack only */
	files_free(&f);
	pp_plan_free(p);
}

/* Each file gets its own family; a flow without a common family is noted in
 * both; "any" drops -s/-d. */
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
	struct files f = emit(p);
	assert_line(f.v4, "-A FORWARD -s 10.0.0.1/32 -d 10.0.0.2/32 -p tcp -m tcp --dport 22 -m comment --comment \"f001 ssh: dual1 -> dual2\" -j ACCEPT");
	assert_line(f.v6, "-A FORWARD -s 2001:db8::1/128 -d 2001:db8::2/128 -p tcp -m tcp --dport 22 -m comment --comment \"f001 ssh: dual1 -> dual2\" -j ACCEPT");
	assert_line(f.v4, "# f002 ssh: v4only -> v6only: no address family in common, no rule");
	assert_line(f.v6, "# f002 ssh: v4only -> v6only: no address family in common, no rule");
	assert_line(f.v4, "-A FORWARD -d 10.0.0.2/32 -p tcp -m tcp --dport 22 -m comment --comment \"f003 ssh: any -> dual2\" -j ACCEPT");
	assert_line(f.v6, "-A FORWARD -d 2001:db8::2/128 -p tcp -m tcp --dport 22 -m comment --comment \"f003 ssh: any -> dual2\" -j ACCEPT");
	assert_line(f.v4, "-A FORWARD -p tcp -m tcp --dport 22 -m comment --comment \"f004 ssh: any -> any\" -j ACCEPT");
	assert_line(f.v6, "-A FORWARD -p tcp -m tcp --dport 22 -m comment --comment \"f004 ssh: any -> any\" -j ACCEPT");
	assert_null(strstr(f.v4, "f005"));
	assert_line(f.v6, "-A FORWARD -s 2001:db8::6/128 -d 2001:db8::1/128 -p tcp -m tcp --dport 22 -m comment --comment \"f005 ssh: v6only -> dual1\" -j ACCEPT");
	assert_null(strstr(f.v4, "2001:"));
	assert_null(strstr(f.v6, "10.0."));
	files_free(&f);
	pp_plan_free(p);
}

/* Lists become comma lists (iptables expands them), merged first. */
static void test_address_lists(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lists");
	struct pp_endpoint *a = add_host(p, "a", "10.0.0.1, 10.0.0.3, 10.0.0.0/30, 10.0.1.0/24");
	struct pp_endpoint *b = add_host(p, "b", "10.9.0.0/25, 10.9.0.128/25");
	static const struct pp_range r[] = {{80, 80}};
	add_boundary_flow(p, "web", a, b, PP_TR_TCP, r, 1);
	struct files f = emit(p);
	assert_line(f.v4, "-A FORWARD -s 10.0.0.0/30,10.0.1.0/24 -d 10.9.0.0/24 -p tcp -m tcp --dport 80 -m comment --comment \"f001 web: a -> b\" -j ACCEPT");
	files_free(&f);
	pp_plan_free(p);
}

static void test_ports(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("ports");
	struct pp_endpoint *a = add_host(p, "a", "10.0.0.1"), *b = add_host(p, "b", "10.0.0.2");
	static const struct pp_range range[] = {{1025, 5000}};
	static const struct pp_range several[] = {{389, 389}, {636, 636}, {3268, 3269}};
	static const struct pp_range all[] = {{0, 65535}};
	/* 10 ranges = 20 multiport slots: 7 ranges (14) then 3 */
	static const struct pp_range many[] = {{10, 11}, {20, 21}, {30, 31}, {40, 41}, {50, 51},
					       {60, 61}, {70, 71}, {80, 81}, {90, 91}, {100, 101}};
	/* 15 single ports fill one rule exactly; the 16th starts another */
	static const struct pp_range singles[] = {{1, 1}, {3, 3}, {5, 5}, {7, 7}, {9, 9}, {11, 11},
						  {13, 13}, {15, 15}, {17, 17}, {19, 19}, {21, 21},
						  {23, 23}, {25, 25}, {27, 27}, {29, 29}, {31, 31}};
	add_boundary_flow(p, "range", a, b, PP_TR_TCP, range, 1);
	add_boundary_flow(p, "several", a, b, PP_TR_UDP, several, 3);
	add_boundary_flow(p, "all", a, b, PP_TR_TCP, all, 1);
	add_boundary_flow(p, "none", a, b, PP_TR_UDP, NULL, 0);
	add_boundary_flow(p, "many", a, b, PP_TR_TCP, many, 10);
	add_boundary_flow(p, "singles", a, b, PP_TR_UDP, singles, 16);
	struct files f = emit(p);
	const char *pre = "-A FORWARD -s 10.0.0.1/32 -d 10.0.0.2/32";
	char want[512];
	snprintf(want, sizeof want, "%s -p tcp -m tcp --dport 1025:5000 -m comment --comment \"f001 range: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	snprintf(want, sizeof want, "%s -p udp -m multiport --dports 389,636,3268:3269 -m comment --comment \"f002 several: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	snprintf(want, sizeof want, "%s -p tcp -m comment --comment \"f003 all: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	snprintf(want, sizeof want, "%s -p udp -m comment --comment \"f004 none: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	snprintf(want, sizeof want, "%s -p tcp -m multiport --dports 10:11,20:21,30:31,40:41,50:51,60:61,70:71 -m comment --comment \"f005 many: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	snprintf(want, sizeof want, "%s -p tcp -m multiport --dports 80:81,90:91,100:101 -m comment --comment \"f005 many: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	assert_int_equal(count_of(f.v4, "\"f005 many"), 2);
	snprintf(want, sizeof want, "%s -p udp -m multiport --dports 1,3,5,7,9,11,13,15,17,19,21,23,25,27,29 -m comment --comment \"f006 singles: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	/* the remainder is a one-port multiport rule, still valid */
	snprintf(want, sizeof want, "%s -p udp -m multiport --dports 31 -m comment --comment \"f006 singles: a -> b\" -j ACCEPT", pre);
	assert_line(f.v4, want);
	files_free(&f);
	pp_plan_free(p);
}

/* ICMP means ping: icmp echo-request in v4, icmpv6 echo-request in v6;
 * ESP, AH and GRE are protocols without ports. */
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
	struct files f = emit(p);
	assert_line(f.v4, "-A FORWARD -s 10.0.0.1/32 -d 10.0.0.2/32 -p icmp -m icmp --icmp-type echo-request -m comment --comment \"f001 ping: a -> b\" -j ACCEPT");
	assert_line(f.v6, "-A FORWARD -s 2001:db8::1/128 -d 2001:db8::2/128 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -m comment --comment \"f001 ping: a -> b\" -j ACCEPT");
	assert_line(f.v4, "-A FORWARD -s 10.0.0.1/32 -d 10.0.0.2/32 -p esp -m comment --comment \"f002 esp: a -> b\" -j ACCEPT");
	assert_line(f.v6, "-A FORWARD -s 2001:db8::1/128 -d 2001:db8::2/128 -p esp -m comment --comment \"f002 esp: a -> b\" -j ACCEPT");
	assert_line(f.v4, "-A FORWARD -s 10.0.0.1/32 -d 10.0.0.2/32 -p ah -m comment --comment \"f003 ah: a -> b\" -j ACCEPT");
	assert_line(f.v6, "-A FORWARD -s 2001:db8::1/128 -d 2001:db8::2/128 -p 47 -m comment --comment \"f004 gre: a -> b\" -j ACCEPT");
	assert_null(strstr(f.v4, "dport"));
	assert_null(strstr(f.v6, "dport"));
	files_free(&f);
	pp_plan_free(p);
}

/* Each hostile character class, alone in a name: '?' inside the comment's
 * double quotes, and '$' too. */
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
		struct files f = emit(p);
		snprintf(want, sizeof want,
			 "-A FORWARD -s 10.0.0.1/32 -d 10.0.0.2/32 -p tcp -m tcp --dport 80 -m comment --comment \"f001 %s: %s -> b\" -j ACCEPT",
			 comment, comment);
		assert_line(f.v4, want);
		snprintf(want, sizeof want, "# portplan: boundary firewall for plan \"%s\", IPv6", comment);
		assert_line(f.v6, want);
		files_free(&f);
		pp_plan_free(p);
	}
}

/* What iptables-restore takes literally inside double quotes stays. */
static void test_harmless_characters_kept(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("p");
	struct pp_endpoint *a = add_host(p, "x; rm -rf / # |&<> %s %n", "10.0.0.1"), *b = add_host(p, "b", "10.0.0.2");
	static const struct pp_range r[] = {{80, 80}};
	add_boundary_flow(p, "web", a, b, PP_TR_TCP, r, 1);
	struct files f = emit(p);
	assert_line(f.v4, "-A FORWARD -s 10.0.0.1/32 -d 10.0.0.2/32 -p tcp -m tcp --dport 80 -m comment --comment \"f001 web: x; rm -rf / # |&<> %s %n -> b\" -j ACCEPT");
	files_free(&f);
	pp_plan_free(p);
}

/* The comment match keeps 255 bytes: long names are cut so both ends of
 * the flow stay visible. */
static void test_long_names(void **state)
{
	(void)state;
	char longname[401];
	memset(longname, 'n', 400);
	longname[400] = '\0';
	struct pp_plan *p = pp_plan_new(longname);
	struct pp_endpoint *a = add_host(p, longname, "10.0.0.1"),
			   *b = add_host(p, "b", "10.0.0.2");
	static const struct pp_range r[] = {{80, 80}};
	add_boundary_flow(p, longname, a, b, PP_TR_TCP, r, 1);
	struct files f = emit(p);
	const char *c = strstr(f.v4, "--comment \"");
	assert_non_null(c);
	assert_true(strcspn(c + 11, "\"") <= 255);
	files_free(&f);
	pp_plan_free(p);

	p = pp_plan_new("short");
	a = add_host(p, longname, "10.0.0.1");
	b = add_host(p, "b", "10.0.0.2");
	add_boundary_flow(p, "web", a, b, PP_TR_TCP, r, 1);
	f = emit(p);
	char want[256];
	snprintf(want, sizeof want, "--comment \"f001 web: %.80s -> b\"", longname);
	assert_non_null(strstr(f.v4, want));
	files_free(&f);
	pp_plan_free(p);
}

/* Whole-file properties of the fixture, both variants. */
static void check_text(const char *t)
{
	for (const unsigned char *q = (const unsigned char *)t; *q; q++)
		assert_true(*q == '\n' || (*q >= 0x20 && *q <= 0x7e));
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
		/* every line is a comment, the table, a chain, a rule or COMMIT */
		assert_true(*line == '#' || *line == '*' || *line == ':' ||
			    strncmp(line, "-A FORWARD ", 11) == 0 || strncmp(line, "COMMIT\n", 7) == 0);
		line = nl + 1;
	}
}

static void test_fixture(void **state)
{
	(void)state;
	for (int hostile = 0; hostile <= 1; hostile++) {
		struct pp_plan *p = fixture_plan(hostile);
		struct files f = emit(p);
		check_text(f.v4);
		check_text(f.v6);
		/* 9 boundary flows, all IPv4; f004 and f015 also IPv6; plus conntrack */
		assert_int_equal(count_of(f.v4, "\n-A FORWARD "), 9 + 2);
		assert_int_equal(count_of(f.v6, "\n-A FORWARD "), 2 + 2);
		assert_null(strstr(f.v4, "\"f005")); /* host-only */
		files_free(&f);
		pp_plan_free(p);
	}
	struct pp_plan *p = fixture_plan(false);
	struct files f = emit(p);
	assert_line(f.v4, "-A FORWARD -s 192.168.10.5/32 -d 10.0.2.20/31 -p tcp -m tcp --dport 25 -m comment --comment \"f003 SMTP: edge1 -> hub1\" -j ACCEPT");
	assert_line(f.v6, "-A FORWARD -d 2001:db8:10::5/128 -p udp -m multiport --dports 5060:5068,50000:59999 -m comment --comment \"f015 SIP and media: any -> edge1\" -j ACCEPT");
	files_free(&f);
	pp_plan_free(p);

	p = fixture_plan(true);
	f = emit(p);
	assert_line(f.v4, "# portplan: boundary firewall for plan \"fixturex?; rm -rf / #?reboot?\?(halt)????|&<>? ????????? %s %n\", IPv4");
	assert_line(f.v4, "-A FORWARD -s 192.168.10.7/32 -d 10.0.1.10/32 -p icmp -m icmp --icmp-type echo-request -m comment --comment \"f014 ping: fe1x?; rm -rf / #?reboot?\?(halt)????|&<>? ????????? %s %n -> dc1x?; rm -rf / #?reboot?\?(halt)????|&<>? ????????? %s %n\" -j ACCEPT");
	files_free(&f);
	pp_plan_free(p);
}

/* Same plan, same bytes. */
static void test_deterministic(void **state)
{
	(void)state;
	for (int hostile = 0; hostile <= 1; hostile++) {
		struct pp_plan *p1 = fixture_plan(hostile), *p2 = fixture_plan(hostile);
		struct files a = emit(p1), b = emit(p2), c = emit(p1);
		assert_string_equal(a.v4, b.v4);
		assert_string_equal(a.v6, b.v6);
		assert_string_equal(a.v4, c.v4);
		assert_string_equal(a.v6, c.v6);
		files_free(&a);
		files_free(&b);
		files_free(&c);
		pp_plan_free(p1);
		pp_plan_free(p2);
	}
}

static void test_bad_flows(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("bad");
	struct pp_endpoint *a = add_host(p, "a", "10.0.0.1"), *b = add_host(p, "b", "10.0.0.2");
	static const struct pp_range r[] = {{80, 80}};
	struct pp_flow *f = add_boundary_flow(p, "no transport", a, b, PP_TR_NONE, r, 1);
	char err[256];
	size_t left = emit_failure(&pp_emit_iptables, p, err, sizeof err);
	assert_string_equal(err, "flow 'f001': transport must be exactly one of tcp, udp, icmp, gre, ah, esp");
	assert_int_equal(left, 0);

	f->transport = PP_TR_UDP;
	static const struct pp_range reversed[] = {{90, 80}};
	f->ports = reversed;
	emit_failure(&pp_emit_iptables, p, err, sizeof err);
	assert_string_equal(err, "flow 'f001': port range 90-80 is reversed");
	pp_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skeleton_and_simple_rule),
		cmocka_unit_test(test_family_split),
		cmocka_unit_test(test_address_lists),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_icmp_esp_ah_gre),
		cmocka_unit_test(test_escaping_each_class),
		cmocka_unit_test(test_harmless_characters_kept),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_bad_flows),
	};
	return cmocka_run_group_tests_name("emit-iptables", tests, NULL, NULL);
}
