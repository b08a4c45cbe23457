/* Unit tests of the netsh emitter (lib/emit/netsh.c): cmd.exe scripts of
 * netsh advfirewall commands, one per destination host. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "portplan/emit.h"
#include "emit_test.h"

extern const struct pp_emitter pp_emit_netsh;

static const unsigned HOST = PP_ENF_HOST;

static int emit(const struct pp_plan *p, const char *host, struct pp_emit_out *out, char *err,
		size_t errlen)
{
	return emit_for_host(&pp_emit_netsh, p, host, out, err, errlen);
}

/* The value of key="..." in a line (for escaping tests). */
static const char *quoted(const char *l, const char *key)
{
	static char buf[4096];
	char k[64];
	snprintf(k, sizeof k, " %s=\"", key);
	const char *p = strstr(l, k);
	buf[0] = '\0';
	if (p) {
		p += strlen(k);
		snprintf(buf, sizeof buf, "%.*s", (int)strcspn(p, "\""), p);
	}
	return buf;
}

/* The whole file for a one-flow plan. Boundary-only flows are not here. */
static void test_simple_file(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("tiny");
	struct pp_endpoint *cl = add_win_endpoint(p, "web clients", PP_EP_GROUP, "10.1.0.0/24",
						  PP_WIN_NONE);
	struct pp_endpoint *srv = add_win_endpoint(p, "srv1", PP_EP_HOST, "10.0.0.5",
						   PP_WIN_MODERN);
	static const struct pp_range https[] = {{443, 443}};
	add_win_flow(p, "HTTPS", cl, srv, PP_TR_TCP, https, 1, HOST | PP_ENF_BOUNDARY, 0, NULL);
	add_win_flow(p, "HTTP", cl, srv, PP_TR_TCP, https, 1, PP_ENF_BOUNDARY, 0, NULL);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	assert_string_equal(
		output_text(&out, "netsh/srv1.cmd"),
		"@echo off\r\n"
		"rem portplan: inbound Windows Firewall rules for srv1\r\n"
		"rem Rules are named portplan-ID (the flow id). Running this again deletes and adds them.\r\n"
		"setlocal EnableExtensions DisableDelayedExpansion\r\n"
		"net session >nul 2>&1 || goto notadmin\r\n"
		"netsh advfirewall set allprofiles state on || goto fail\r\n"
		"netsh advfirewall set allprofiles firewallpolicy blockinbound,allowoutbound || goto fail\r\n"
		"netsh advfirewall firewall delete rule name=\"portplan-f001\" dir=in >nul 2>&1\r\n"
		"netsh advfirewall firewall add rule name=\"portplan-f001\" dir=in action=allow protocol=TCP "
		"localport=443 remoteip=10.1.0.0/24 description=\"portplan f001 (plan tiny): HTTPS, web "
		"clients to srv1; catalog x-ref\" || goto fail\r\n"
		"exit /b 0\r\n"
		":notadmin\r\n"
		"echo portplan: run this as an administrator 1>&2\r\n"
		"exit /b 1\r\n"
		":fail\r\n"
		"echo portplan: a netsh command failed, the rules before it are in place 1>&2\r\n"
		"exit /b 1\r\n");
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* ICMPv4 and ICMPv6 are separate rules; source addresses of a family the
 * destination lacks are left out; a rule that cannot match is not written. */
static void test_families(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("fam");
	struct pp_endpoint *dual = add_win_endpoint(p, "dual", PP_EP_GROUP,
						    "10.1.0.0/24, 2001:db8:1::/64", 0);
	struct pp_endpoint *six = add_win_endpoint(p, "six", PP_EP_GROUP, "2001:db8:6::/64", 0);
	struct pp_endpoint *any = add_win_endpoint(p, "any", PP_EP_ANY, "0.0.0.0/0, ::/0", 0);
	struct pp_endpoint *mixed = add_win_endpoint(p, "mixed", PP_EP_GROUP,
						     "0.0.0.0/0, 2001:db8:1::/64", 0);
	struct pp_endpoint *h46 = add_win_endpoint(p, "h46", PP_EP_HOST, "10.0.0.5, 2001:db8::5",
						   PP_WIN_MODERN);
	struct pp_endpoint *h4 = add_win_endpoint(p, "h4", PP_EP_HOST, "10.0.0.6", PP_WIN_MODERN);
	static const struct pp_range smb[] = {{445, 445}};
	add_win_flow(p, "ping", dual, h46, PP_TR_ICMP, NULL, 0, HOST, 0, NULL);    /* f001 */
	add_win_flow(p, "ping", dual, h4, PP_TR_ICMP, NULL, 0, HOST, 0, NULL);     /* f002 */
	add_win_flow(p, "SMB", dual, h4, PP_TR_TCP, smb, 1, HOST, 0, NULL);        /* f003 */
	add_win_flow(p, "SMB", six, h4, PP_TR_TCP, smb, 1, HOST, 0, NULL);         /* f004 */
	add_win_flow(p, "SMB", any, h4, PP_TR_TCP, smb, 1, HOST, 0, NULL);         /* f005 */
	add_win_flow(p, "SMB", mixed, h46, PP_TR_TCP, smb, 1, HOST, 0, NULL);      /* f006 */
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	const char *t46 = output_text(&out, "netsh/h46.cmd"),
		   *t4 = output_text(&out, "netsh/h4.cmd");
	assert_non_null(t46);
	assert_non_null(t4);
	assert_string_equal(crlf_line(t46, "netsh advfirewall firewall add rule name=\"portplan-f001-v4\""),
			    "netsh advfirewall firewall add rule name=\"portplan-f001-v4\" dir=in action=allow "
			    "protocol=icmpv4:8,any remoteip=10.1.0.0/24 description=\"portplan f001-v4 (plan "
			    "fam): ping, dual to h46; catalog x-ref\" || goto fail");
	assert_non_null(strstr(crlf_line(t46, "netsh advfirewall firewall add rule name=\"portplan-f001-v6\""),
			       " protocol=icmpv6:128,any remoteip=2001:db8:1::/64 "));
	assert_non_null(strstr(t4, "name=\"portplan-f002-v4\" dir=in action=allow protocol=icmpv4:8,any "
				   "remoteip=10.1.0.0/24 "));
	assert_null(strstr(t4, "portplan-f002-v6"));
	assert_non_null(strstr(t4, "name=\"portplan-f003\" dir=in action=allow protocol=TCP localport=445 "
				   "remoteip=10.1.0.0/24 "));
	assert_null(strstr(t4, "portplan-f004"));
	assert_non_null(strstr(t4, "name=\"portplan-f005\" dir=in action=allow protocol=TCP localport=445 "
				   "remoteip=any "));
	assert_non_null(strstr(t46, " remoteip=0.0.0.0-255.255.255.255,2001:db8:1::/64 "));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

static void test_ports_and_protocols(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("ports");
	struct pp_endpoint *a = add_win_endpoint(p, "a", PP_EP_HOST, "10.0.0.1", PP_WIN_MODERN);
	struct pp_endpoint *b = add_win_endpoint(p, "b", PP_EP_HOST, "10.0.0.2", PP_WIN_MODERN);
	static const struct pp_range sip[] = {{5060, 5068}, {50000, 59999}};
	add_win_flow(p, "SIP", a, b, PP_TR_UDP, sip, 2, HOST, 0, NULL);
	add_win_flow(p, "ESP", a, b, PP_TR_ESP, NULL, 0, HOST, 0, NULL);
	add_win_flow(p, "AH", a, b, PP_TR_AH, NULL, 0, HOST, 0, NULL);
	add_win_flow(p, "GRE", a, b, PP_TR_GRE, NULL, 0, HOST, 0, NULL);
	add_win_flow(p, "all TCP", a, b, PP_TR_TCP, NULL, 0, HOST, 0, NULL);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	const char *t = output_text(&out, "netsh/b.cmd");
	assert_non_null(t);
	assert_non_null(strstr(t, "\"portplan-f001\" dir=in action=allow protocol=UDP "
				  "localport=5060-5068,50000-59999 remoteip=10.0.0.1 description="));
	assert_non_null(strstr(t, "\"portplan-f002\" dir=in action=allow protocol=50 remoteip=10.0.0.1 description="));
	assert_non_null(strstr(t, "\"portplan-f003\" dir=in action=allow protocol=51 remoteip="));
	assert_non_null(strstr(t, "\"portplan-f004\" dir=in action=allow protocol=47 remoteip="));
	assert_non_null(strstr(t, "\"portplan-f005\" dir=in action=allow protocol=TCP localport=any remoteip="));
	assert_null(output_text(&out, "netsh/a.cmd"));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

static void test_rpc_keywords(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("rpc");
	struct pp_endpoint *c = add_win_endpoint(p, "c", PP_EP_HOST, "10.0.0.1", PP_WIN_MODERN);
	struct pp_endpoint *m = add_win_endpoint(p, "m", PP_EP_HOST, "10.0.0.2", PP_WIN_MODERN);
	struct pp_endpoint *l = add_win_endpoint(p, "l", PP_EP_HOST, "10.0.0.3", PP_WIN_LEGACY);
	struct pp_endpoint *x = add_win_endpoint(p, "x", PP_EP_GROUP, "10.0.1.0/24", PP_WIN_MIXED);
	static const struct pp_range epm[] = {{135, 135}}, dyn[] = {{49152, 65535}},
				     legacy[] = {{1025, 5000}}, pin[] = {{1600, 1600}},
				     both[] = {{135, 135}, {49152, 65535}};
	add_win_flow(p, "epmap", c, m, PP_TR_TCP, epm, 1, HOST, PP_RPC_EPMAP, NULL);                 /* f001 */
	add_win_flow(p, "dyn", c, m, PP_TR_TCP, dyn, 1, HOST, PP_RPC_DYNAMIC, NULL);                 /* f002 */
	add_win_flow(p, "dyn", c, l, PP_TR_TCP, legacy, 1, HOST, PP_RPC_DYNAMIC, NULL);              /* f003 */
	add_win_flow(p, "pinned", c, m, PP_TR_TCP, pin, 1, HOST, PP_RPC_PINNED, NULL);               /* f004 */
	add_win_flow(p, "epmap", c, m, PP_TR_UDP, epm, 1, HOST, PP_RPC_EPMAP, NULL);                 /* f005 */
	add_win_flow(p, "both", c, m, PP_TR_TCP, both, 2, HOST, PP_RPC_EPMAP | PP_RPC_DYNAMIC, NULL); /* f006 */
	add_win_flow(p, "dyn", c, x, PP_TR_TCP, dyn, 1, HOST, PP_RPC_DYNAMIC, NULL);                 /* f007 */
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	const char *tm = output_text(&out, "netsh/m.cmd"), *tl = output_text(&out, "netsh/l.cmd"),
		   *tx = output_text(&out, "netsh/x.cmd");
	assert_non_null(tm);
	assert_non_null(tl);
	assert_non_null(tx);
	assert_non_null(strstr(tm, "\"portplan-f001\" dir=in action=allow protocol=TCP localport=RPC-EPMap remoteip="));
	assert_non_null(strstr(tm, "\"portplan-f002\" dir=in action=allow protocol=TCP localport=RPC remoteip="));
	assert_non_null(strstr(tl, "\"portplan-f003\" dir=in action=allow protocol=TCP localport=1025-5000 remoteip="));
	assert_non_null(strstr(tm, "\"portplan-f004\" dir=in action=allow protocol=TCP localport=1600 remoteip="));
	assert_non_null(strstr(tm, "\"portplan-f005\" dir=in action=allow protocol=UDP localport=135 remoteip="));
	assert_non_null(strstr(tm, "\"portplan-f006\" dir=in action=allow protocol=TCP localport=RPC-EPMap,RPC remoteip="));
	assert_non_null(strstr(tx, "\"portplan-f007\" dir=in action=allow protocol=TCP localport=49152-65535 remoteip="));
	assert_string_equal(crlf_line(tl, "rem Windows 2003"),
			    "rem Windows 2003 and earlier have no netsh advfirewall: apply these rules another way there.");
	assert_string_equal(crlf_line(tx, "rem Windows 2003"), crlf_line(tl, "rem Windows 2003"));
	assert_string_equal(crlf_line(tm, "rem Windows 2003"), "");
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* cmd.exe expands %VAR% in a batch file: the program's % are doubled so
 * netsh receives them and Windows Firewall expands them at run time. */
static void test_program(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("prog");
	struct pp_endpoint *a = add_win_endpoint(p, "a", PP_EP_HOST, "10.0.0.1", PP_WIN_MODERN);
	struct pp_endpoint *b = add_win_endpoint(p, "b", PP_EP_HOST, "10.0.0.2", PP_WIN_MODERN);
	static const struct pp_range smtp[] = {{25, 25}};
	add_win_flow(p, "SMTP", a, b, PP_TR_TCP, smtp, 1, HOST, 0, "%ExchangeInstallPath%Bin\\edgetransport.exe");
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_non_null(strstr(output_text(&out, "netsh/b.cmd"),
			       " remoteip=10.0.0.1 program=\"%%ExchangeInstallPath%%Bin\\edgetransport.exe\" "
			       "description=\"portplan f001 "));
	pp_emit_out_free(&out);
	static const char *const bad[] = {"C:\\x\".exe", "C:\\a&b.exe", "C:\\a|b.exe", "C:\\a^b.exe",
					  "C:\\a!b!.exe", "C:\\a\r\nb.exe", "C:\\dir\\", "C:\\\xe6\x97\xa5.exe"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		p->flows[0].program = bad[i];
		assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
		assert_non_null(strstr(err, "flow 'f001': program path"));
		pp_emit_out_free(&out);
	}
	pp_plan_free(p);
}

/* Each class of hostile character, in a source endpoint's name: cmd.exe's
 * metacharacters, quotes, backslashes and anything outside printable ASCII
 * become '?', one per character. */
static void test_escaping(void **state)
{
	(void)state;
	static const struct {
		const char *name, *shown;
	} cases[] = {
		{"a\"b", "a?b"},
		{"a%PATH%b%%c", "a?PATH?b?\?c"},
		{"a&b|c<d>e^f!g!", "a?b?c?d?e?f?g?"},
		{"a\\b\\", "a?b?"},
		{"a\nb\rc\td\x7f" "e\x1a", "a?b?c?d?e?"},
		{"日本語 é", "??? ?"},
		{"\xff\xc3(", "?\?("},
		{"$(halt) `r` ; ' # (x) %s", "$(halt) `r` ; ' # (x) ?s"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct pp_plan *p = pp_plan_new("esc");
		struct pp_endpoint *a = add_win_endpoint(p, cases[i].name, PP_EP_HOST, "10.0.0.1",
							 PP_WIN_MODERN);
		struct pp_endpoint *b = add_win_endpoint(p, "b", PP_EP_HOST, "10.0.0.2",
							 PP_WIN_MODERN);
		static const struct pp_range smtp[] = {{25, 25}};
		add_win_flow(p, "SMTP", a, b, PP_TR_TCP, smtp, 1, HOST, 0, NULL);
		struct pp_emit_out out;
		char err[256], want[512];
		assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
		snprintf(want, sizeof want, "portplan f001 (plan esc): SMTP, %s to b; catalog x-ref", cases[i].shown);
		const char *l = crlf_line(output_text(&out, "netsh/b.cmd"),
					  "netsh advfirewall firewall add");
		if (strcmp(quoted(l, "description"), want) != 0)
			fail_msg("case %zu: %s", i, l);
		pp_emit_out_free(&out);
		pp_plan_free(p);
	}
}

/* With hostile names every command is the same as with plain ones except
 * inside quotes, and the file stays printable ASCII. */
static void test_fixture_hostile_only_in_quotes(void **state)
{
	(void)state;
	struct pp_plan *plain = fixture_plan(false), *hostile = fixture_plan(true);
	struct pp_emit_out a, b;
	char err[256];
	assert_int_equal(emit(plain, NULL, &a, err, sizeof err), 0);
	assert_int_equal(emit(hostile, NULL, &b, err, sizeof err), 0);
	assert_int_equal(a.n_files, 4);
	assert_int_equal(b.n_files, 4);
	size_t rules = 0;
	for (size_t i = 0; i < a.n_files; i++) {
		const char *s = a.files[i].buf.data, *t = b.files[i].buf.data;
		for (const char *c = t; *c; c++)
			assert_true((*c >= 0x20 && *c < 0x7f) || *c == '\r' || *c == '\n');
		while (*s && *t) {
			const char *se = strstr(s, "\r\n"), *te = strstr(t, "\r\n");
			assert_non_null(se);
			assert_non_null(te);
			if (strncmp(s, "rem ", 4) != 0) { /* comments name the host */
				/* Outside quotes: identical. */
				size_t k = 0, m = 0;
				bool in = false;
				while (s + k < se || t + m < te) {
					if (s + k < se && s[k] == '"') {
						assert_int_equal(t[m], '"');
						in = !in;
						k++, m++;
						if (in) {
							k += strcspn(s + k, "\"");
							m += strcspn(t + m, "\"");
						}
						continue;
					}
					assert_true(s + k < se && t + m < te);
					assert_int_equal(s[k], t[m]);
					k++, m++;
				}
				assert_false(in);
			}
			rules += strncmp(s, "netsh advfirewall firewall add", 30) == 0;
			s = se + 2;
			t = te + 2;
		}
		assert_true(!*s && !*t);
	}
	assert_int_equal(rules, 16);
	assert_non_null(strstr(output_text(&b, "netsh/edge1x___rm_-rf_____reboot___halt______________________s__n.cmd"),
			       " description=\"portplan f001 (plan fixturex?; rm -rf / #`reboot`$(halt)'???????? "
			       "??? ?s ?n): SMTP, hub1x?; "));
	pp_emit_out_free(&a);
	pp_emit_out_free(&b);
	pp_plan_free(plain);
	pp_plan_free(hostile);
}

static void test_deterministic(void **state)
{
	(void)state;
	struct pp_plan *p1 = fixture_plan(true), *p2 = fixture_plan(true);
	struct pp_emit_out a, b;
	char err[256];
	assert_int_equal(emit(p1, NULL, &a, err, sizeof err), 0);
	assert_int_equal(emit(p2, NULL, &b, err, sizeof err), 0);
	assert_same_output(&a, &b);
	pp_emit_out_free(&a);
	pp_emit_out_free(&b);
	pp_plan_free(p1);
	pp_plan_free(p2);
}

static void test_host_option(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, "edge1", &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	assert_non_null(strstr(output_text(&out, "netsh/edge1.cmd"), "name=\"portplan-f015\""));
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "fe1", &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	assert_null(strstr(output_text(&out, "netsh/fe1.cmd"), "add rule"));
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "nope", &out, err, sizeof err), -1);
	assert_string_equal(err, "unknown host 'nope'");
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "perimeter", &out, err, sizeof err), -1);
	assert_string_equal(err, "'perimeter' is not a host or group");
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

static void test_file_names(void **state)
{
	(void)state;
	static const char *const names[] = {"a b", "a_b", "A_B", "NUL", "aux.1", "LPT9", "com"};
	static const char *const paths[] = {"netsh/a_b.cmd", "netsh/a_b-2.cmd", "netsh/A_B-3.cmd",
					    "netsh/_NUL.cmd", "netsh/_aux.1.cmd", "netsh/_LPT9.cmd",
					    "netsh/com.cmd"};
	struct pp_plan *p = pp_plan_new("names");
	struct pp_endpoint *src = add_win_endpoint(p, "src", PP_EP_GROUP, "10.9.0.0/16", 0);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		add_win_flow(p, "ESP", src,
			     add_win_endpoint(p, names[i], PP_EP_HOST, "10.0.0.1", PP_WIN_MODERN),
			     PP_TR_ESP, NULL, 0, HOST, 0, NULL);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, sizeof paths / sizeof *paths);
	for (size_t i = 0; i < out.n_files; i++)
		assert_string_equal(out.files[i].path, paths[i]);
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

static void test_errors(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("err");
	struct pp_endpoint *a = add_win_endpoint(p, "a", PP_EP_HOST, "10.0.0.1", PP_WIN_MODERN);
	struct pp_endpoint *any = add_win_endpoint(p, "any", PP_EP_ANY, "0.0.0.0/0", PP_WIN_NONE);
	add_win_flow(p, "to any", a, any, PP_TR_ESP, NULL, 0, HOST, 0, NULL);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
	assert_string_equal(err, "flow 'f001' is enforced on its destination host, but 'any' is not a host");
	pp_emit_out_free(&out);
	p->flows[0].enforce = PP_ENF_BOUNDARY;
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 0);
	pp_emit_out_free(&out);
	p->flows[0].enforce = HOST;
	p->flows[0].dst = a;
	p->flows[0].transport = 0;
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
	assert_string_equal(err, "flow 'f001' has no single transport");
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_file),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_ports_and_protocols),
		cmocka_unit_test(test_rpc_keywords),
		cmocka_unit_test(test_program),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_fixture_hostile_only_in_quotes),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_host_option),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("emit-netsh", tests, NULL, NULL);
}
