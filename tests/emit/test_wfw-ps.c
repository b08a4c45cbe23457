/* Unit tests of the wfw-ps emitter (lib/emit/wfw-ps.c): PowerShell
 * New-NetFirewallRule scripts, one per destination host. */
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

extern const struct pp_emitter pp_emit_wfw_ps;

static const unsigned HOST = PP_ENF_HOST;

static int emit(const struct pp_plan *p, const char *host, struct pp_emit_out *out, char *err,
		size_t errlen)
{
	return emit_for_host(&pp_emit_wfw_ps, p, host, out, err, errlen);
}

/* The literal after " -Param " in a line, unquoted (for escaping tests). */
static const char *param(const char *l, const char *name)
{
	static char buf[4096];
	char key[64];
	snprintf(key, sizeof key, " -%s '", name);
	const char *p = strstr(l, key);
	size_t n = 0;
	buf[0] = '\0';
	if (!p)
		return buf;
	for (p += strlen(key); *p && n + 1 < sizeof buf; p++) {
		if (*p == '\'' && p[1] == '\'')
			p++;
		else if (*p == '\'')
			break;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	return buf;
}

/* The whole file for a one-flow plan: header, default deny, the rule, the
 * sweep of rules no longer planned. Boundary-only flows are not here. */
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
		output_text(&out, "wfw/srv1.ps1"),
		"\xEF\xBB\xBF#Requires -RunAsAdministrator\r\n"
		"#Requires -Modules NetSecurity\r\n"
		"# portplan: inbound Windows Firewall rules for srv1\r\n"
		"# Rules are named portplan-ID (the flow id) in group portplan. Running this again\r\n"
		"# replaces them and removes portplan rules that are no longer planned.\r\n"
		"$ErrorActionPreference = 'Stop'\r\n"
		"Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True -DefaultInboundAction Block\r\n"
		"\r\n"
		"Remove-NetFirewallRule -Name 'portplan-f001' -ErrorAction SilentlyContinue\r\n"
		"New-NetFirewallRule -Name 'portplan-f001' -DisplayName 'portplan f001: HTTPS from web clients' "
		"-Description 'portplan f001 (plan tiny): HTTPS, web clients to srv1; catalog x-ref' "
		"-Group 'portplan' -Direction Inbound -Action Allow -Protocol 'TCP' -LocalPort '443' "
		"-RemoteAddress '10.1.0.0/24' | Out-Null\r\n"
		"\r\n"
		"$keep = @('portplan-f001')\r\n"
		"Get-NetFirewallRule -Group 'portplan' -ErrorAction SilentlyContinue | Where-Object "
		"{ $keep -notcontains $_.Name } | Remove-NetFirewallRule\r\n");
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* Windows Firewall mixes families in one rule except for ICMP; source
 * addresses of a family the destination lacks are left out, and a rule
 * that cannot match at all is not written. */
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
	add_win_flow(p, "ping", six, h4, PP_TR_ICMP, NULL, 0, HOST, 0, NULL);      /* f007 */
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	const char *t46 = output_text(&out, "wfw/h46.ps1"), *t4 = output_text(&out, "wfw/h4.ps1");
	assert_non_null(t46);
	assert_non_null(t4);
	const char *l = crlf_line(t46, "New-NetFirewallRule -Name 'portplan-f001-v4'");
	assert_non_null(strstr(l, " -Protocol 'ICMPv4' -IcmpType '8' -RemoteAddress '10.1.0.0/24' | Out-Null"));
	assert_non_null(strstr(l, " -DisplayName 'portplan f001-v4: ping from dual'"));
	l = crlf_line(t46, "New-NetFirewallRule -Name 'portplan-f001-v6'");
	assert_non_null(strstr(l, " -Protocol 'ICMPv6' -IcmpType '128' -RemoteAddress '2001:db8:1::/64' | Out-Null"));
	assert_non_null(strstr(crlf_line(t4, "New-NetFirewallRule -Name 'portplan-f002-v4'"),
			       " -RemoteAddress '10.1.0.0/24' "));
	assert_null(strstr(t4, "portplan-f002-v6"));
	assert_non_null(strstr(crlf_line(t4, "New-NetFirewallRule -Name 'portplan-f003'"),
			       " -LocalPort '445' -RemoteAddress '10.1.0.0/24' | Out-Null"));
	assert_null(strstr(t4, "portplan-f004"));
	assert_null(strstr(t4, "portplan-f007"));
	assert_non_null(strstr(crlf_line(t4, "New-NetFirewallRule -Name 'portplan-f005'"), " -RemoteAddress 'Any' "));
	assert_non_null(strstr(crlf_line(t46, "New-NetFirewallRule -Name 'portplan-f006'"),
			       " -RemoteAddress '0.0.0.0-255.255.255.255','2001:db8:1::/64' "));
	assert_string_equal(crlf_line(t4, "$keep"), "$keep = @('portplan-f002-v4','portplan-f003','portplan-f005')");
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
	const char *t = output_text(&out, "wfw/b.ps1");
	assert_non_null(t);
	assert_non_null(strstr(crlf_line(t, "New-NetFirewallRule -Name 'portplan-f001'"),
			       " -Protocol 'UDP' -LocalPort '5060-5068','50000-59999' -RemoteAddress '10.0.0.1' | Out-Null"));
	assert_non_null(strstr(crlf_line(t, "New-NetFirewallRule -Name 'portplan-f002'"),
			       " -Protocol '50' -RemoteAddress '10.0.0.1' | Out-Null"));
	assert_non_null(strstr(crlf_line(t, "New-NetFirewallRule -Name 'portplan-f003'"), " -Protocol '51' -Remote"));
	assert_non_null(strstr(crlf_line(t, "New-NetFirewallRule -Name 'portplan-f004'"), " -Protocol '47' -Remote"));
	assert_non_null(strstr(crlf_line(t, "New-NetFirewallRule -Name 'portplan-f005'"),
			       " -Protocol 'TCP' -LocalPort 'Any' -Remote"));
	assert_null(output_text(&out, "wfw/a.ps1"));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* RPC and RPCEPMap where the destination's Windows has them, on TCP only;
 * explicit ports for legacy, mixed or unknown Windows and for pinned ports. */
static void test_rpc_keywords(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("rpc");
	struct pp_endpoint *c = add_win_endpoint(p, "c", PP_EP_HOST, "10.0.0.1", PP_WIN_MODERN);
	struct pp_endpoint *m = add_win_endpoint(p, "m", PP_EP_HOST, "10.0.0.2", PP_WIN_MODERN);
	struct pp_endpoint *l = add_win_endpoint(p, "l", PP_EP_HOST, "10.0.0.3", PP_WIN_LEGACY);
	struct pp_endpoint *u = add_win_endpoint(p, "u", PP_EP_HOST, "10.0.0.4", PP_WIN_NONE);
	static const struct pp_range epm[] = {{135, 135}}, dyn[] = {{49152, 65535}},
				     legacy[] = {{1025, 5000}}, pin[] = {{1600, 1600}},
				     epm_more[] = {{130, 140}, {445, 445}};
	add_win_flow(p, "epmap", c, m, PP_TR_TCP, epm, 1, HOST, PP_RPC_EPMAP, NULL);                 /* f001 */
	add_win_flow(p, "dyn", c, m, PP_TR_TCP, dyn, 1, HOST, PP_RPC_DYNAMIC, NULL);                 /* f002 */
	add_win_flow(p, "dyn", c, l, PP_TR_TCP, legacy, 1, HOST, PP_RPC_DYNAMIC, NULL);              /* f003 */
	add_win_flow(p, "pinned", c, m, PP_TR_TCP, pin, 1, HOST, PP_RPC_PINNED, NULL);               /* f004 */
	add_win_flow(p, "epmap", c, m, PP_TR_UDP, epm, 1, HOST, PP_RPC_EPMAP, NULL);                 /* f005 */
	add_win_flow(p, "epmap+", c, m, PP_TR_TCP, epm_more, 2, HOST, PP_RPC_EPMAP, NULL);           /* f006 */
	add_win_flow(p, "dyn", c, u, PP_TR_TCP, dyn, 1, HOST, PP_RPC_DYNAMIC, NULL);                 /* f007 */
	add_win_flow(p, "epmap", c, l, PP_TR_TCP, epm, 1, HOST, PP_RPC_EPMAP, NULL);                 /* f008 */
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	const char *tm = output_text(&out, "wfw/m.ps1"), *tl = output_text(&out, "wfw/l.ps1"),
		   *tu = output_text(&out, "wfw/u.ps1");
	assert_non_null(tm);
	assert_non_null(tl);
	assert_non_null(tu);
	assert_non_null(strstr(crlf_line(tm, "New-NetFirewallRule -Name 'portplan-f001'"), " -LocalPort 'RPCEPMap' "));
	assert_non_null(strstr(crlf_line(tm, "New-NetFirewallRule -Name 'portplan-f002'"), " -LocalPort 'RPC' "));
	assert_non_null(strstr(crlf_line(tl, "New-NetFirewallRule -Name 'portplan-f003'"), " -LocalPort '1025-5000' "));
	assert_non_null(strstr(crlf_line(tm, "New-NetFirewallRule -Name 'portplan-f004'"), " -LocalPort '1600' "));
	assert_non_null(strstr(crlf_line(tm, "New-NetFirewallRule -Name 'portplan-f005'"), " -LocalPort '135' "));
	assert_non_null(strstr(crlf_line(tm, "New-NetFirewallRule -Name 'portplan-f006'"),
			       " -LocalPort 'RPCEPMap','130-134','136-140','445' "));
	assert_non_null(strstr(crlf_line(tu, "New-NetFirewallRule -Name 'portplan-f007'"), " -LocalPort '49152-65535' "));
	assert_non_null(strstr(crlf_line(tl, "New-NetFirewallRule -Name 'portplan-f008'"), " -LocalPort '135' "));
	/* A legacy host's script says it cannot run there. */
	assert_string_equal(crlf_line(tl, "# Windows 2003"),
			    "# Windows 2003 and earlier have no NetSecurity module: apply these rules another way there.");
	assert_string_equal(crlf_line(tm, "# Windows 2003"), "");
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

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
	assert_non_null(strstr(crlf_line(output_text(&out, "wfw/b.ps1"), "New-NetFirewallRule"),
			       " -RemoteAddress '10.0.0.1' -Program '%ExchangeInstallPath%Bin\\edgetransport.exe' | Out-Null"));
	pp_emit_out_free(&out);
	/* A path that would need quoting is refused, not altered. */
	static const char *const bad[] = {"C:\\x'y.exe", "C:\\x\".exe", "C:\\a\nb.exe", "C:\\dir\\",
					  "C:\\x\xe2\x80\x99.exe", "C:\\$(halt).exe", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		p->flows[0].program = bad[i];
		assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
		assert_non_null(strstr(err, "flow 'f001': program path"));
		for (const char *e = err; *e; e++)
			assert_true(*e >= 0x20 && *e < 0x7f);
		pp_emit_out_free(&out);
	}
	pp_plan_free(p);
}

/* Each class of hostile character, in a source endpoint's name. */
static void test_escaping(void **state)
{
	(void)state;
	static const struct {
		const char *name, *shown;
	} cases[] = {
		{"a'b''c", "a''b''''c"},                                   /* quote doubled */
		{"a\xe2\x80\x98" "b\xe2\x80\x99" "c\xe2\x80\x9a" "d\xe2\x80\x9b" "e", "a?b?c?d?e"}, /* quote variants */
		{"\xe2\x80\x9cq\xe2\x80\x9d", "?q?"},                       /* double quote variants */
		{"a\nb\rc\td\x7f" "e\x01", "a?b?c?d?e?"},                   /* C0 and DEL */
		{"n\xc2\x85l\xe2\x80\xa8p\xe2\x80\xa9" "b\xef\xbb\xbf", "n?l?p?b?"}, /* NEL, LS, PS, BOM */
		{"\xff\xc3(\xed\xa0\x80", "?\?(?\??"},                       /* invalid UTF-8 */
		{"日本語 é", "日本語 é"},                                    /* kept */
		{"$(halt) `r` ; & < > \\ \" # %s %n @{x}", "$(halt) `r` ; & < > \\ \" # %s %n @{x}"},
		{"a|b", "a?b"},                                             /* refused by the firewall */
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
		char err[256];
		assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
		const char *l = crlf_line(output_text(&out, "wfw/b.ps1"), "New-NetFirewallRule");
		char want[512];
		snprintf(want, sizeof want, " -DisplayName 'portplan f001: SMTP from %s' -Description ",
			 cases[i].shown);
		if (!strstr(l, want))
			fail_msg("case %zu: %s", i, l);
		pp_emit_out_free(&out);
		pp_plan_free(p);
	}
	/* A long name is cut at 200 bytes, never inside a UTF-8 sequence. */
	char name[512] = "", want[512] = "portplan f001: x from ";
	for (int i = 0; i < 100; i++)
		strcat(name, "\xe6\x97\xa5"); /* 3 bytes each */
	for (int i = 0; i < 66; i++)
		strcat(want, "\xe6\x97\xa5");
	struct pp_plan *p = pp_plan_new("long");
	struct pp_endpoint *a = add_win_endpoint(p, name, PP_EP_HOST, "10.0.0.1", PP_WIN_MODERN);
	struct pp_endpoint *b = add_win_endpoint(p, "b", PP_EP_HOST, "10.0.0.2", PP_WIN_MODERN);
	add_win_flow(p, "x", a, b, PP_TR_ESP, NULL, 0, HOST, 0, NULL);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_string_equal(param(crlf_line(output_text(&out, "wfw/b.ps1"), "New-"), "DisplayName"),
			    want);
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* The code around the literals of a line: '' for each literal. */
static void skeleton(const char *l, char *out, size_t max)
{
	size_t n = 0;
	for (const char *s = l; *s && n + 3 < max; s++) {
		out[n++] = *s;
		if (*s != '\'')
			continue;
		for (s++; *s && !(*s == '\'' && s[1] != '\''); s += *s == '\'' ? 2 : 1)
			;
		out[n++] = '\'';
		if (!*s)
			break;
	}
	out[n] = '\0';
}

/* With hostile names every statement is the same as with plain ones: the
 * hostile text changes what is inside literals and nothing else. */
static void test_fixture_hostile_only_in_literals(void **state)
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
		while (*s && *t) {
			const char *se = strstr(s, "\r\n"), *te = strstr(t, "\r\n");
			assert_non_null(se);
			assert_non_null(te);
			char ls[8192], lt[8192], ks[8192], kt[8192];
			snprintf(ls, sizeof ls, "%.*s", (int)(se - s), s);
			snprintf(lt, sizeof lt, "%.*s", (int)(te - t), t);
			for (const char *c = lt; *c; c++)
				assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
			if (ls[0] != '#') { /* comments name the host */
				skeleton(ls, ks, sizeof ks);
				skeleton(lt, kt, sizeof kt);
				assert_string_equal(ks, kt);
			}
			rules += strncmp(ls, "New-", 4) == 0;
			s = se + 2;
			t = te + 2;
		}
		assert_true(!*s && !*t);
	}
	assert_int_equal(rules, 16);
	assert_non_null(output_text(&a, "wfw/dc1.ps1"));
	assert_non_null(strstr(output_text(&b, "wfw/edge1x___rm_-rf_____reboot___halt______________________s__n.ps1"),
			       "-DisplayName 'portplan f001: SMTP from hub1x\"; rm -rf / #`reboot`$(halt)''????&<>\\ "
			       "日本語 %s %n' "));
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
	assert_int_equal(emit(p, "dc1", &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	assert_non_null(strstr(output_text(&out, "wfw/dc1.ps1"), "'portplan-f016'"));
	pp_emit_out_free(&out);
	/* A host without host-enforced flows gets a script that removes them. */
	assert_int_equal(emit(p, "fe1", &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	assert_string_equal(crlf_line(output_text(&out, "wfw/fe1.ps1"), "$keep"), "$keep = @()");
	assert_null(strstr(output_text(&out, "wfw/fe1.ps1"), "New-"));
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "dc9", &out, err, sizeof err), -1);
	assert_string_equal(err, "unknown host 'dc9'");
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "internal", &out, err, sizeof err), -1);
	assert_string_equal(err, "'internal' is not a host or group");
	pp_emit_out_free(&out);
	pp_plan_free(p);
	/* A hostile host by its full name, or by its file name. */
	p = fixture_plan(true);
	char name[256];
	fixture_name(true, "edge1", name, sizeof name);
	assert_int_equal(emit(p, name, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "hub1x___rm_-rf_____reboot___halt______________________s__n", &out, err,
			      sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "x\"\x1b[2J", &out, err, sizeof err), -1);
	assert_string_equal(err, "unknown host 'x??[2J'");
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* File names: unique (ignoring case, as Windows does), safe, and not a
 * Windows device name. */
static void test_file_names(void **state)
{
	(void)state;
	static const char *const names[] = {"a b", "a_b", "A_B", "..", "CON", "con.x", "COM1",
					    "", "lpt", "x.", "web.example.com"};
	static const char *const paths[] = {"wfw/a_b.ps1", "wfw/a_b-2.ps1", "wfw/A_B-3.ps1",
					    "wfw/__.ps1", "wfw/_CON.ps1", "wfw/_con.x.ps1",
					    "wfw/_COM1.ps1", "wfw/x.ps1", "wfw/lpt.ps1", "wfw/x_.ps1",
					    "wfw/web.example.com.ps1"};
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
	struct pp_endpoint *z = add_win_endpoint(p, "zone\nx", PP_EP_ZONE, "10.0.0.0/8",
						 PP_WIN_NONE);
	add_win_flow(p, "to a zone", a, z, PP_TR_ESP, NULL, 0, HOST, 0, NULL);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
	assert_string_equal(err, "flow 'f001' is enforced on its destination host, but 'zone?x' is not a host");
	pp_emit_out_free(&out);
	/* Enforced at the boundary only: nothing for the host firewall. */
	p->flows[0].enforce = PP_ENF_BOUNDARY;
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 0);
	pp_emit_out_free(&out);
	p->flows[0].enforce = HOST;
	p->flows[0].dst = a;
	p->flows[0].transport = PP_TR_TCP | PP_TR_UDP;
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
	assert_string_equal(err, "flow 'f001' has no single transport");
	pp_emit_out_free(&out);
	/* Two flow ids that reduce to the same rule name. */
	p->flows[0].transport = PP_TR_ESP;
	add_win_flow(p, "again", a, a, PP_TR_ESP, NULL, 0, HOST, 0, NULL);
	p->flows[0].id = "f 1";
	p->flows[1].id = "f_1";
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
	assert_string_equal(err, "two rules for 'a' would be named 'portplan-f_1'");
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
		cmocka_unit_test(test_fixture_hostile_only_in_literals),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_host_option),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("emit-wfw-ps", tests, NULL, NULL);
}
