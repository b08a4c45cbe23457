/* Unit tests of the markdown emitter: the exact report for a small plan,
 * each class of hostile character and how it is escaped, table rows that
 * keep their column count with the hostile fixture (fixture.h), ports and
 * transports as shown, determinism and bad input. */
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

extern const struct pp_emitter pp_emit_markdown;

/* The text of portplan.md, which must be the only file. Caller frees. */
static char *emit(const struct pp_plan *p)
{
	return emit_only_file(&pp_emit_markdown, p, "portplan.md");
}

static void test_small_plan_exact(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("lab");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "mx", PP_EP_HOST, "dmz", "192.0.2.1, 2001:db8::1");
	struct pp_endpoint *b = pp_plan_add_endpoint(p, "lan", PP_EP_ZONE, "lan", "10.1.0.0/16");
	a->windows = PP_WIN_MODERN;
	a->windows_as_written = "2008 R2";
	static const struct pp_range smtp[] = {{25, 25}, {587, 587}};
	add_flow(p, "SMTP", a, b, PP_TR_TCP, smtp, 2, PP_ENF_BOUNDARY);
	char *text = emit(p);
	static const char expected[] =
		"# Firewall plan: lab\n"
		"\n"
		"## Summary\n"
		"\n"
		"- 2 endpoints in 2 zones\n"
		"- 1 flow: 1 enforced at zone boundaries, 0 on destination hosts\n"
		"- 0 registry values that pin RPC ports\n"
		"- 0 warnings\n"
		"\n"
		"## Flows\n"
		"\n"
		"Each flow is allowed from its source to its destination; replies are implied. "
		"Everything else is denied.\n"
		"\n"
		"| id | flow | from | to | transport/ports | enforced | auth | encryption | why |\n"
		"|---|---|---|---|---|---|---|---|---|\n"
		"| f001 | SMTP | mx (192.0.2.1, 2001:db8::1) | lan (10.1.0.0/16) | tcp/25,587 | "
		"boundary dmz \xe2\x86\x92 lan | - | - | - |\n"
		"\n"
		"## Endpoints\n"
		"\n"
		"| name | kind | zone | addresses | Windows | description |\n"
		"|---|---|---|---|---|---|\n"
		"| mx | host | dmz | 192.0.2.1, 2001:db8::1 | modern (RPC 49152-65535), 2008 R2 | - |\n"
		"| lan | zone | lan | 10.1.0.0/16 | - | - |\n"
		"\n"
		"## Registry values\n"
		"\n"
		"None: no RPC service is pinned to a static port.\n"
		"\n"
		"## Warnings\n"
		"\n"
		"None.\n";
	assert_string_equal(text, expected);
	free(text);
	pp_plan_free(p);
}

/* Each class of character a deployment name may carry, as it must appear
 * in a cell: inert in CommonMark, GFM and Python-Markdown alike. */
static void test_escaping_each_class(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a|b", "a&#124;b"},                   /* would end the cell */
		{"`rm -rf /`", "\\`rm -rf /\\`"},      /* code span */
		{"*x* _y_", "\\*x\\* \\_y\\_"},        /* emphasis */
		{"~~z~~", "&#126;&#126;z&#126;&#126;"}, /* GFM strikethrough */
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"[click](http://evil/)", "\\[click\\](http&#58;//evil/)"},
		{"![i](x)", "!\\[i\\](x)"},
		{"https://x.example www.x.example", "https&#58;//x.example www\\.x.example"},
		{"&amp; &#124;", "&amp;amp; &amp;\\#124;"}, /* an entity stays text */
		{"# h ##", "\\# h \\#\\#"},
		{"a\\", "a\\\\"},                      /* would escape the next pipe */
		{"l1\nl2\r\tx\x01\x7f", "l1\xe2\x90\x8al2\xe2\x90\x8d\xe2\x90\x89x\xe2\x90\x81\xe2\x90\xa1"},
		{"u\xe2\x80\xa8v\xc2\x85w", "u\xe2\x90\xa4v\xe2\x90\xa4w"}, /* Unicode line breaks */
		{"bad\xff\xc3(", "bad\xef\xbf\xbd\xef\xbf\xbd("},
		{"x\"; $(halt) 'q' %s %n 日本語", "x\"; $(halt) 'q' %s %n 日本語"}, /* inert here */
		{"10:30 a.b", "10:30 a.b"},            /* ':' and '.' only where they would link */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct pp_plan *p = pp_plan_new("t");
		assert_non_null(pp_plan_add_endpoint(p, cases[i].in, PP_EP_HOST, "z", "192.0.2.1"));
		char *text = emit(p);
		char line[256];
		snprintf(line, sizeof line, "| %s | host | z | 192.0.2.1 | - | - |", cases[i].out);
		assert_line(text, line);
		free(text);
		pp_plan_free(p);
	}
}

/* Raw '|' that are not escaped, i.e. GFM's cell separators. */
static size_t cell_seps(const char *line, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (line[i] == '\\')
			i++;
		else if (line[i] == '|')
			n++;
	return n;
}

/* With hostile names everywhere, every table row keeps its header's column
 * count, nothing is raw HTML, and no value starts a line. */
static void test_hostile_fixture_tables(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(true);
	char *text = emit(p);
	size_t cols = 0, rows = 0, lines = 0;
	for (const char *l = text; *l; lines++) {
		const char *nl = strchr(l, '\n');
		assert_non_null(nl);
		size_t len = (size_t)(nl - l);
		if (len && l[0] == '|') {
			size_t n = cell_seps(l, len);
			if (!cols)
				cols = n;
			else if (n != cols)
				fail_msg("row with %zu separators, header has %zu: %.*s", n, cols, (int)len, l);
			rows++;
		} else {
			cols = 0;
			/* Outside tables only our own lines; the title carries the name. */
			assert_true(len == 0 || l[0] == '#' || l[0] == '-' || strncmp(l, "Each ", 5) == 0 ||
				    strncmp(l, "Set ", 4) == 0 || strncmp(l, "None", 4) == 0);
		}
		l = nl + 1;
	}
	assert_int_equal(rows, (2 + 16) + (2 + 9) + (2 + 3));
	for (const char *c = text; *c; c++) {
		assert_false((unsigned char)*c < 0x20 && *c != '\n');
		assert_false(*c == '<');
	}
	/* Unescaped backticks only pair up around our code spans (keys, the
	 * program), which hold no deployment text. */
	for (const char *c = text; (c = strchr(c, '`')); c++) {
		if (c[-1] == '\\')
			continue;
		const char *end = strchr(c + 1, '`');
		assert_non_null(end);
		assert_true(memchr(c, '\n', (size_t)(end - c)) == NULL);
		char span[256];
		snprintf(span, sizeof span, "%.*s", (int)(end - c - 1), c + 1);
		assert_null(strstr(span, "rm -rf"));
		c = end;
	}
	assert_line(text, "# Firewall plan: fixturex\"; rm -rf / \\#\\`reboot\\`$(halt)'"
			  "\xe2\x90\x8a\xe2\x90\x8d\xe2\x90\x89&#124;&amp;&lt;&gt;\\\\ 日本語 %s %n");
	free(text);
	pp_plan_free(p);
}

static const char *flow_line(const char *text, const char *id, char *buf, size_t len)
{
	char prefix[16];
	snprintf(prefix, sizeof prefix, "\n| %s |", id);
	const char *l = strstr(text, prefix);
	assert_non_null(l);
	l++;
	size_t n = (size_t)(strchr(l, '\n') - l);
	assert_true(n < len);
	memcpy(buf, l, n);
	buf[n] = '\0';
	return buf;
}

/* Ports, ranges, portless transports, both families and the RPC kind. */
static void test_fixture_flows(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	char *text = emit(p);
	char l[1024];
	assert_string_equal(flow_line(text, "f004", l, sizeof l),
			    "| f004 | SMTP from the Internet | any (0.0.0.0/0, ::/0) | edge1 (192.168.10.5, "
			    "2001:db8:10::5) | tcp/25 | boundary any \xe2\x86\x92 perimeter, host | Kerberos | "
			    "Yes, using TLS (はい、TLS を使用) | fixture flow; refs ex2010-dp-edge-to-edge |");
	assert_non_null(strstr(flow_line(text, "f003", l, sizeof l),
				"| SMTP, program `%ExchangeInstallPath%Bin\\edgetransport.exe` |"));
	assert_non_null(strstr(flow_line(text, "f005", l, sizeof l), "| udp/88 | host |"));
	assert_non_null(strstr(flow_line(text, "f007", l, sizeof l), "| tcp/389,636,3268-3269 |"));
	assert_non_null(strstr(flow_line(text, "f008", l, sizeof l), "| tcp/135 (RPC endpoint mapper) |"));
	assert_non_null(strstr(flow_line(text, "f010", l, sizeof l), "| tcp/1025-5000 (RPC dynamic range) |"));
	assert_non_null(strstr(flow_line(text, "f013", l, sizeof l), "| udp/1600 (RPC, pinned by registry) |"));
	assert_non_null(strstr(flow_line(text, "f014", l, sizeof l), "| icmp echo |"));
	assert_non_null(strstr(flow_line(text, "f015", l, sizeof l), "| udp/5060-5068,50000-59999 |"));
	assert_non_null(strstr(flow_line(text, "f016", l, sizeof l), "| esp | host |"));
	assert_line(text, "- 9 endpoints in 2 zones");
	assert_line(text, "- 16 flows: 9 enforced at zone boundaries, 16 on destination hosts");
	assert_line(text, "| dc1 | `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters` | "
			  "`TCP/IP Port` | `REG_DWORD` | 1600 | exsp-pin-dc-ntds | windows |");
	free(text);
	pp_plan_free(p);
}

/* A code span is used only when its text needs no escape; otherwise the
 * text is escaped like any other. */
static void test_program_code_span_fallback(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("t");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "a", PP_EP_HOST, "z", "192.0.2.1");
	static const struct pp_range r[] = {{25, 25}};
	add_flow(p, "SMTP", a, a, PP_TR_TCP, r, 1, PP_ENF_HOST)->program = "C:\\a`b|c.exe";
	add_flow(p, "SMTP", a, a, PP_TR_TCP, r, 1, PP_ENF_HOST)->program = " C:\\x.exe";
	char *text = emit(p);
	char l[512];
	assert_non_null(strstr(flow_line(text, "f001", l, sizeof l),
				"| SMTP, program C&#58;\\\\a\\`b&#124;c.exe |"));
	assert_non_null(strstr(flow_line(text, "f002", l, sizeof l), "| SMTP, program  C&#58;\\\\x.exe |"));
	free(text);
	pp_plan_free(p);
}

static void test_warnings_and_members(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("t");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "a_1", PP_EP_HOST, "z", "192.0.2.1");
	struct pp_endpoint *b = pp_plan_add_endpoint(p, "b|2", PP_EP_HOST, "z", "192.0.2.2");
	struct pp_endpoint *g = pp_plan_add_endpoint(p, "ab", PP_EP_GROUP, "z", "192.0.2.1, 192.0.2.2");
	const struct pp_endpoint *members[] = {a, b};
	g->members = members;
	g->n_members = 2;
	pp_plan_warn(p, "endpoint '%s' has no <address>", "x|y");
	char *text = emit(p);
	assert_line(text, "| ab | group of a\\_1, b&#124;2 | z | 192.0.2.1, 192.0.2.2 | - | - |");
	assert_line(text, "| # | warning |");
	assert_line(text, "| 1 | endpoint 'x&#124;y' has no &lt;address&gt; |");
	assert_line(text, "- 1 warning");
	free(text);
	pp_plan_free(p);
}

static void test_deterministic(void **state)
{
	(void)state;
	assert_same_text(emit);
}

static void test_rejects_bad_flow(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("t");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "a", PP_EP_HOST, "z", "192.0.2.1");
	add_flow(p, "SMTP", a, a, PP_TR_TCP | PP_TR_UDP, NULL, 0, PP_ENF_HOST);
	char err[256];
	emit_failure(&pp_emit_markdown, p, err, sizeof err);
	assert_string_equal(err, "flow 'f001' needs a source, a destination and exactly one transport");
	pp_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_plan_exact),
		cmocka_unit_test(test_escaping_each_class),
		cmocka_unit_test(test_hostile_fixture_tables),
		cmocka_unit_test(test_fixture_flows),
		cmocka_unit_test(test_program_code_span_fallback),
		cmocka_unit_test(test_warnings_and_members),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_rejects_bad_flow),
	};
	return cmocka_run_group_tests_name("markdown emitter", tests, NULL, NULL);
}
