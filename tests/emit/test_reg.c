/* Unit tests of the reg emitter (lib/emit/reg.c): the fixture plan in both
 * variants and small hand-made plans. check-reg.sh hands the same output to
 * Samba's registry tools and hivex. */
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

extern const struct pp_emitter pp_emit_reg;

#define NTDS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters"
#define SA "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeSA\\Parameters"
#define HOSTILE_STEM "x___rm_-rf_____reboot___halt_______________"

static int emit(const struct pp_plan *p, const char *host, struct pp_emit_out *out, char *err,
		size_t errlen)
{
	return emit_for_host(&pp_emit_reg, p, host, out, err, errlen);
}

static const char *text_of(const struct pp_emit_out *out, const char *path)
{
	const struct pp_buf *b = find_output(out, path);
	if (!b)
		fail_msg("no file %s", path);
	return b ? b->data : NULL;
}

static struct pp_endpoint *host(struct pp_plan *p, const char *name)
{
	return add_host(p, name, "10.0.0.1");
}

static void pin(struct pp_plan *p, const struct pp_endpoint *h, const char *key, const char *name,
		const char *type, uint32_t port, const char *id)
{
	struct pp_reg_value v = {h, key, name, type, port, id, "windows"};
	assert_non_null(pp_plan_add_reg_value(p, &v));
}

/* The text after the header comments: the [key] sections with their
 * comments, up to the end. */
static const char *body(const char *text)
{
	const char *s = strstr(text, "ports.\r\n\r\n");
	assert_non_null(s);
	return s + strlen("ports.\r\n\r\n");
}

/* Lines that are not ';' comments, joined. */
static void syntax_lines(const char *text, char *buf, size_t len)
{
	size_t n = 0;
	for (const char *s = text; *s;) {
		const char *e = strchr(s, '\n');
		size_t l = e ? (size_t)(e - s) + 1 : strlen(s);
		if (*s != ';') {
			assert_true(n + l < len);
			memcpy(buf + n, s, l);
			n += l;
		}
		s += l;
	}
	buf[n] = '\0';
}

static void test_fixture(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 2);
	assert_string_equal(out.files[0].path, "reg/dc1.reg");
	assert_string_equal(out.files[1].path, "reg/fe1.reg");
	assert_string_equal(
		text_of(&out, "reg/dc1.reg"),
		"Windows Registry Editor Version 5.00\r\n"
		"\r\n"
		"; portplan: static RPC ports for host dc1\r\n"
		"; plan: fixture\r\n"
		"; 1 value in 1 key. Import on that host as an administrator:\r\n"
		";   reg import dc1.reg   (or regedit /s dc1.reg)\r\n"
		"; then restart as each value says. The firewall rules of the same plan open\r\n"
		"; these ports.\r\n"
		"\r\n"
		"; exsp-pin-dc-ntds (windows): Active Directory logon and directory replication interfaces\r\n"
		";   \"TCP/IP Port\" = 1600 (dword:00000640)\r\n"
		";   restart: none stated by the source document; the port takes effect when the service "
		"next starts (restart the computer)\r\n"
		"[" NTDS "]\r\n"
		"\"TCP/IP Port\"=dword:00000640\r\n"
		"\r\n");
	/* Both SA values in one section, in plan order, each pin with the
	 * catalog's restart. */
	assert_string_equal(
		body(text_of(&out, "reg/fe1.reg")),
		"; exsp-pin-2000-sa-rfr (exchange-2003): Microsoft Exchange SA RFR interface\r\n"
		";   \"TCP/IP Port\" = 6001 (dword:00001771)\r\n"
		";   restart: Restart the computer.\r\n"
		"; exsp-pin-2000-sa-nspi (exchange-2003): Microsoft Exchange Directory NSPI Proxy interface\r\n"
		";   \"TCP/IP NSPI Port\" = 6002 (dword:00001772)\r\n"
		";   restart: Restart the computer.\r\n"
		"[" SA "]\r\n"
		"\"TCP/IP Port\"=dword:00001771\r\n"
		"\"TCP/IP NSPI Port\"=dword:00001772\r\n"
		"\r\n");
	assert_non_null(strstr(text_of(&out, "reg/fe1.reg"), "; 2 values in 1 key."));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* Header first, CRLF only, printable ASCII only, a blank line at the end. */
static void test_format(void **state)
{
	(void)state;
	for (int hostile = 0; hostile < 2; hostile++) {
		struct pp_plan *p = fixture_plan(hostile);
		struct pp_emit_out out;
		char err[256];
		assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
		assert_int_equal(out.n_files, 2);
		for (size_t i = 0; i < out.n_files; i++) {
			const struct pp_buf *b = &out.files[i].buf;
			assert_int_equal(strncmp(b->data, "Windows Registry Editor Version 5.00\r\n\r\n", 40), 0);
			assert_true(b->len > 4);
			assert_memory_equal(b->data + b->len - 4, "\r\n\r\n", 4);
			assert_int_equal(strlen(b->data), b->len);
			for (size_t j = 0; j < b->len; j++) {
				unsigned char c = (unsigned char)b->data[j];
				if (c == '\r')
					assert_int_equal(b->data[j + 1], '\n');
				else if (c == '\n')
					assert_int_equal(b->data[j - 1], '\r');
				else
					assert_true(c >= 0x20 && c <= 0x7e);
			}
		}
		pp_emit_out_free(&out);
		pp_plan_free(p);
	}
}

/* Hostile names change comments and file names, never a line of syntax:
 * each character class is reduced to '?' in comments and '_' in names, and
 * a printf format stays literal text. */
static void test_hostile(void **state)
{
	(void)state;
	struct pp_plan *np = fixture_plan(false), *hp = fixture_plan(true);
	struct pp_emit_out n, h;
	char err[256];
	assert_int_equal(emit(np, NULL, &n, err, sizeof err), 0);
	assert_int_equal(emit(hp, NULL, &h, err, sizeof err), 0);
	assert_int_equal(h.n_files, 2);
	assert_string_equal(h.files[0].path, "reg/dc1" HOSTILE_STEM ".reg");
	assert_string_equal(h.files[1].path, "reg/fe1" HOSTILE_STEM ".reg");
	for (size_t i = 0; i < 2; i++) {
		static char a[4096], b[4096];
		syntax_lines(n.files[i].buf.data, a, sizeof a);
		syntax_lines(h.files[i].buf.data, b, sizeof b);
		assert_string_equal(a, b);
	}
	const char *t = h.files[0].buf.data;
	/* " ; rm -rf / # ` reboot ` $(halt) ' \n \r \t | & < > \ 日本語 %s %n */
	assert_non_null(strstr(t, "; portplan: static RPC ports for host "
				  "dc1x?; rm -rf / #?reboot?$(halt)????|&<>? ????????? %s %n\r\n"));
	assert_non_null(
		strstr(t, "; plan: fixturex?; rm -rf / #?reboot?$(halt)????|&<>? ????????? %s %n\r\n"));
	assert_non_null(strstr(t, ";   reg import dc1" HOSTILE_STEM ".reg   (or regedit /s dc1"
				  HOSTILE_STEM ".reg)\r\n"));
	assert_null(strchr(t, '`'));
	assert_null(strchr(t, '\''));
	assert_null(strchr(t, '\t'));
	pp_emit_out_free(&n);
	pp_emit_out_free(&h);
	pp_plan_free(np);
	pp_plan_free(hp);
}

static void test_no_values(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("empty");
	host(p, "dc1");
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 0);
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

static void test_host_option(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, "fe1", &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	assert_string_equal(out.files[0].path, "reg/fe1.reg");
	assert_non_null(strstr(out.files[0].buf.data, "[" SA "]\r\n"));
	pp_emit_out_free(&out);
	assert_int_equal(emit(p, "dc1", &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	assert_string_equal(out.files[0].path, "reg/dc1.reg");
	pp_emit_out_free(&out);
	/* Names match exactly: no file for an unknown host or a prefix. */
	assert_int_equal(emit(p, "fe", &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 0);
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* HKLM\ and document 000's "System\..." form both become
 * HKEY_LOCAL_MACHINE\; keys that differ only in case share a section. */
static void test_keys(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("keys");
	struct pp_endpoint *h = host(p, "ex55");
	pin(p, h, "System\\CurrentControlSet\\Services\\MSExchangeIS\\ParametersSystem", "TCP/IP Port",
	    "REG_DWORD", 5001, "exsp-pin-55-is");
	pin(p, h, "HKLM\\SOFTWARE\\Vendor", "Port", "REG_DWORD", 65535, "p2");
	pin(p, h, "hkey_local_machine\\system\\currentcontrolset\\services\\msexchangeis\\"
	    "parameterssystem", "Other Port", "REG_DWORD", 1, "p3");
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, 1);
	char syntax[2048];
	syntax_lines(body(text_of(&out, "reg/ex55.reg")), syntax, sizeof syntax);
	assert_string_equal(syntax,
			    "[HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\MSExchangeIS\\"
			    "ParametersSystem]\r\n"
			    "\"TCP/IP Port\"=dword:00001389\r\n"
			    "\"Other Port\"=dword:00000001\r\n"
			    "\r\n"
			    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor]\r\n"
			    "\"Port\"=dword:0000ffff\r\n"
			    "\r\n");
	assert_non_null(strstr(out.files[0].buf.data, "; 3 values in 2 keys."));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* The same value twice (names ignore case) is written once with both pins
 * named; two different ports for one value is an error. */
static void test_duplicates(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("dup");
	struct pp_endpoint *h = host(p, "gc1");
	pin(p, h, NTDS, "TCP/IP Port", "REG_DWORD", 1600, "exsp-pin-dc-ntds");
	pin(p, h, "HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\NTDS\\Parameters",
	    "tcp/ip port", "REG_DWORD", 1600, "exsp-pin-2000-gc-ntds");
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	const char *t = body(text_of(&out, "reg/gc1.reg"));
	assert_non_null(strstr(t, "; exsp-pin-dc-ntds (windows)"));
	assert_non_null(strstr(t, "; exsp-pin-2000-gc-ntds (windows): "
				  "Name Service Provider Interface (NSPI)\r\n"
				  ";   \"tcp/ip port\" = 1600 (dword:00000640)\r\n"
				  ";   restart: Restart the global catalog server so that the static "
				  "assignment is read when NSPI initialises.\r\n"));
	char syntax[1024];
	syntax_lines(t, syntax, sizeof syntax);
	assert_string_equal(syntax, "[" NTDS "]\r\n\"TCP/IP Port\"=dword:00000640\r\n\r\n");
	pp_emit_out_free(&out);
	pp_plan_free(p);

	p = pp_plan_new("conflict");
	h = host(p, "gc1\n[HKEY_LOCAL_MACHINE\\X]");
	pin(p, h, NTDS, "TCP/IP Port", "REG_DWORD", 1600, "a");
	pin(p, h, NTDS, "TCP/IP Port", "REG_DWORD", 1700, "b");
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "1600 (a) and 1700 (b)"));
	assert_non_null(strstr(err, "host 'gc1?[HKEY_LOCAL_MACHINE?X]'"));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* Anything that cannot be written as a key line or a DWORD value line is
 * refused rather than mangled. */
static void test_rejects(void **state)
{
	(void)state;
	static const struct {
		const char *key, *name, *type;
		uint32_t port;
		const char *why;
	} bad[] = {
		{"HKEY_CURRENT_USER\\Software\\X", "Port", "REG_DWORD", 1, "HKEY_LOCAL_MACHINE"},
		{"Services\\NTDS\\Parameters", "Port", "REG_DWORD", 1, "HKEY_LOCAL_MACHINE"},
		{"HKEY_LOCAL_MACHINE\\", "Port", "REG_DWORD", 1, "key"},
		{"HKEY_LOCAL_MACHINE\\A\\\\B", "Port", "REG_DWORD", 1, "key"},
		{"HKEY_LOCAL_MACHINE\\A\\", "Port", "REG_DWORD", 1, "key"},
		{"HKEY_LOCAL_MACHINE\\A]\r\n[HKEY_LOCAL_MACHINE\\B", "Port", "REG_DWORD", 1, "key"},
		{"HKEY_LOCAL_MACHINE\\A\n", "Port", "REG_DWORD", 1, "key"},
		{"HKEY_LOCAL_MACHINE\\\xe6\x97\xa5", "Port", "REG_DWORD", 1, "key"},
		{NTDS, "", "REG_DWORD", 1, "value name"},
		{NTDS, "a\nb", "REG_DWORD", 1, "value name"},
		{NTDS, "\xc3\xa9", "REG_DWORD", 1, "value name"},
		{NTDS, "Port", "REG_SZ", 1, "REG_DWORD"},
		{NTDS, "Port", "REG_DWORD", 0, "1-65535"},
		{NTDS, "Port", "REG_DWORD", 65536, "1-65535"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct pp_plan *p = pp_plan_new("bad");
		pin(p, host(p, "h"), bad[i].key, bad[i].name, bad[i].type, bad[i].port, "x");
		struct pp_emit_out out;
		char err[256];
		assert_int_equal(emit(p, NULL, &out, err, sizeof err), -1);
		assert_non_null(strstr(err, bad[i].why));
		assert_null(strchr(err, '\n'));
		pp_emit_out_free(&out);
		pp_plan_free(p);
	}
}

/* Value names are quoted the regedit way: \" and \\. */
static void test_value_name_quoting(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("q");
	pin(p, host(p, "h"), NTDS, "a\"b\\c", "REG_DWORD", 4660, "x");
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	char syntax[1024];
	syntax_lines(body(text_of(&out, "reg/h.reg")), syntax, sizeof syntax);
	assert_string_equal(syntax, "[" NTDS "]\r\n\"a\\\"b\\\\c\"=dword:00001234\r\n\r\n");
	/* The comment names it too, reduced. */
	assert_non_null(strstr(out.files[0].buf.data, ";   \"a?b?c\" = 4660 (dword:00001234)\r\n"));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* File names: identifiers Windows accepts, unique ignoring case, in the
 * order the plan first names the hosts. */
static void test_file_names(void **state)
{
	(void)state;
	static const struct {
		const char *host, *path;
	} cases[] = {
		{"dc1", "reg/dc1.reg"},
		{"dc1-2", "reg/dc1-2.reg"},
		{"DC1", "reg/DC1-3.reg"},
		{"dc 1", "reg/dc_1.reg"},
		{"dc/1", "reg/dc_1-2.reg"},
		{"con", "reg/con_.reg"},
		{"Com3.example", "reg/Com3_.example.reg"},
		{"com10", "reg/com10.reg"},
		{"a..b.", "reg/a._b_.reg"},
		{".hidden", "reg/_hidden.reg"},
		{"../../etc/passwd", "reg/_._.__etc_passwd.reg"},
		{"", "reg/x.reg"},
		/* 46 characters at most, so a suffix always fits. */
		{"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
		 "reg/abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrst.reg"},
	};
	size_t n = sizeof cases / sizeof *cases;
	struct pp_plan *p = pp_plan_new("names");
	for (size_t i = 0; i < n; i++)
		pin(p, host(p, cases[i].host), NTDS, "TCP/IP Port", "REG_DWORD", 1600, "x");
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	assert_int_equal(out.n_files, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(out.files[i].path, cases[i].path);
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* A pin the catalog does not know still gets its id and a restart note. */
static void test_unknown_pin(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("u");
	struct pp_endpoint *h = host(p, "h");
	pin(p, h, NTDS, "TCP/IP Port", "REG_DWORD", 1600, "local-pin");
	pin(p, h, SA, "TCP/IP Port", "REG_DWORD", 6001, NULL);
	struct pp_emit_out out;
	char err[256];
	assert_int_equal(emit(p, NULL, &out, err, sizeof err), 0);
	const char *t = body(text_of(&out, "reg/h.reg"));
	assert_non_null(strstr(t, "; local-pin (windows)\r\n;   \"TCP/IP Port\" = 1600"));
	assert_non_null(strstr(t, "; (no pin id) (windows)\r\n;   \"TCP/IP Port\" = 6001"));
	assert_non_null(strstr(t, ";   restart: none stated by the source document;"));
	pp_emit_out_free(&out);
	pp_plan_free(p);
}

/* Same plan, same bytes: two plans built alike, emitted twice each. */
static void test_deterministic(void **state)
{
	(void)state;
	for (int hostile = 0; hostile < 2; hostile++) {
		struct pp_plan *a = fixture_plan(hostile), *b = fixture_plan(hostile);
		struct pp_emit_out oa, ob, oa2;
		char err[256];
		assert_int_equal(emit(a, NULL, &oa, err, sizeof err), 0);
		assert_int_equal(emit(b, NULL, &ob, err, sizeof err), 0);
		assert_int_equal(emit(a, NULL, &oa2, err, sizeof err), 0);
		assert_int_equal(oa.n_files, ob.n_files);
		assert_int_equal(oa.n_files, oa2.n_files);
		for (size_t i = 0; i < oa.n_files; i++) {
			assert_string_equal(oa.files[i].path, ob.files[i].path);
			assert_string_equal(oa.files[i].buf.data, ob.files[i].buf.data);
			assert_string_equal(oa.files[i].path, oa2.files[i].path);
			assert_string_equal(oa.files[i].buf.data, oa2.files[i].buf.data);
		}
		pp_emit_out_free(&oa);
		pp_emit_out_free(&ob);
		pp_emit_out_free(&oa2);
		pp_plan_free(a);
		pp_plan_free(b);
	}
}

static void test_registered(void **state)
{
	(void)state;
	assert_ptr_equal(pp_emitter_find("reg"), &pp_emit_reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_no_values),
		cmocka_unit_test(test_host_option),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_value_name_quoting),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_unknown_pin),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_registered),
	};
	return cmocka_run_group_tests_name("emit-reg", tests, NULL, NULL);
}
