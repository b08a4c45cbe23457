/* Unit tests of the json emitter: the exact document for a small hand-made
 * plan, every field of the fixture plan (fixture.h) read back with jansson,
 * hostile names round-tripping byte for byte, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "fixture.h"
#include "portplan/emit.h"
#include "emit_test.h"

extern const struct pp_emitter pp_emit_json;

/* The text of portplan.json, which must be the only file. Caller frees. */
static char *emit(const struct pp_plan *p)
{
	return emit_only_file(&pp_emit_json, p, "portplan.json");
}

static json_t *emit_parsed(const struct pp_plan *p)
{
	char *text = emit(p);
	json_error_t e;
	json_t *root = json_loads(text, 0, &e);
	if (!root)
		fail_msg("not JSON: %s at line %d in:\n%s", e.text, e.line, text);
	free(text);
	return root;
}

static json_t *flow_by_id(json_t *root, const char *id)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(root, "flows"), i, f)
		if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0)
			return f;
	fail_msg("no flow %s", id);
	return NULL;
}

/* v printed compactly, keys in document order, to compare parts exactly. */
static void assert_json(const json_t *v, const char *expected)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_non_null(s);
	if (strcmp(s, expected) != 0)
		fail_msg("got      %s\nexpected %s", s, expected);
	free(s);
}

/* The whole document for a small plan: key order, nulls for what the plan
 * does not say, CIDRs always with their prefix, one trailing newline. */
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
	p->warnings = (const char *[]){"check me"};
	p->n_warnings = 1;
	char *text = emit(p);
	p->warnings = NULL;
	p->n_warnings = 0;
	static const char expected[] =
		"{\n"
		"  \"format\": \"portplan-plan\",\n"
		"  \"version\": 1,\n"
		"  \"name\": \"lab\",\n"
		"  \"source_file\": null,\n"
		"  \"endpoints\": [\n"
		"    {\n"
		"      \"name\": \"mx\",\n"
		"      \"kind\": \"host\",\n"
		"      \"zone\": \"dmz\",\n"
		"      \"addresses\": [\n"
		"        \"192.0.2.1/32\",\n"
		"        \"2001:db8::1/128\"\n"
		"      ],\n"
		"      \"windows\": \"modern\",\n"
		"      \"windows_as_written\": \"2008 R2\",\n"
		"      \"description\": null,\n"
		"      \"members\": []\n"
		"    },\n"
		"    {\n"
		"      \"name\": \"lan\",\n"
		"      \"kind\": \"zone\",\n"
		"      \"zone\": \"lan\",\n"
		"      \"addresses\": [\n"
		"        \"10.1.0.0/16\"\n"
		"      ],\n"
		"      \"windows\": \"none\",\n"
		"      \"windows_as_written\": null,\n"
		"      \"description\": null,\n"
		"      \"members\": []\n"
		"    }\n"
		"  ],\n"
		"  \"flows\": [\n"
		"    {\n"
		"      \"id\": \"f001\",\n"
		"      \"name\": \"SMTP\",\n"
		"      \"src\": \"mx\",\n"
		"      \"dst\": \"lan\",\n"
		"      \"src_addresses\": [\n"
		"        \"192.0.2.1/32\",\n"
		"        \"2001:db8::1/128\"\n"
		"      ],\n"
		"      \"dst_addresses\": [\n"
		"        \"10.1.0.0/16\"\n"
		"      ],\n"
		"      \"transport\": \"tcp\",\n"
		"      \"ports\": [\n"
		"        [\n"
		"          25,\n"
		"          25\n"
		"        ],\n"
		"        [\n"
		"          587,\n"
		"          587\n"
		"        ]\n"
		"      ],\n"
		"      \"ports_display\": \"25,587\",\n"
		"      \"enforce\": [\n"
		"        \"boundary\"\n"
		"      ],\n"
		"      \"src_zone\": \"dmz\",\n"
		"      \"dst_zone\": \"lan\",\n"
		"      \"rpc\": [],\n"
		"      \"program\": null,\n"
		"      \"auth\": null,\n"
		"      \"encryption\": null,\n"
		"      \"refs\": [],\n"
		"      \"explain\": null\n"
		"    }\n"
		"  ],\n"
		"  \"registry_values\": [],\n"
		"  \"warnings\": [\n"
		"    \"check me\"\n"
		"  ]\n"
		"}\n";
	assert_string_equal(text, expected);
	free(text);
	pp_plan_free(p);
}

static void test_fixture_counts_and_endpoints(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	json_t *root = emit_parsed(p);
	assert_int_equal(json_array_size(json_object_get(root, "endpoints")), 9);
	assert_int_equal(json_array_size(json_object_get(root, "flows")), 16);
	assert_int_equal(json_array_size(json_object_get(root, "registry_values")), 3);
	assert_int_equal(json_array_size(json_object_get(root, "warnings")), 0);
	json_t *eps = json_object_get(root, "endpoints");
	/* Mixed families stay in one list; "any" has no zone. */
	assert_json(json_array_get(eps, 1),
		    "{\"name\":\"perimeter\",\"kind\":\"zone\",\"zone\":\"perimeter\","
		    "\"addresses\":[\"192.168.10.0/24\",\"2001:db8:10::/64\"],\"windows\":\"none\","
		    "\"windows_as_written\":null,\"description\":\"test endpoint\",\"members\":[]}");
	assert_json(json_object_get(json_array_get(eps, 2), "zone"), "null");
	assert_json(json_object_get(json_array_get(eps, 2), "addresses"), "[\"0.0.0.0/0\",\"::/0\"]");
	assert_json(json_object_get(json_array_get(eps, 4), "windows"), "\"legacy\"");
	json_decref(root);
	pp_plan_free(p);
}

/* Every field of a flow, including the program's backslash and the two
 * languages of auth and encryption. */
static void test_fixture_flow_fields(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	json_t *root = emit_parsed(p);
	assert_json(flow_by_id(root, "f003"),
		    "{\"id\":\"f003\",\"name\":\"SMTP\",\"src\":\"edge1\",\"dst\":\"hub1\","
		    "\"src_addresses\":[\"192.168.10.5/32\",\"2001:db8:10::5/128\"],"
		    "\"dst_addresses\":[\"10.0.2.20/31\"],\"transport\":\"tcp\",\"ports\":[[25,25]],"
		    "\"ports_display\":\"25\",\"enforce\":[\"host\",\"boundary\"],"
		    "\"src_zone\":\"perimeter\",\"dst_zone\":\"internal\",\"rpc\":[],"
		    "\"program\":\"%ExchangeInstallPath%Bin\\\\edgetransport.exe\","
		    "\"auth\":{\"ja\":\"Kerberos\",\"en\":\"Kerberos\"},"
		    "\"encryption\":{\"ja\":\"はい、TLS を使用\",\"en\":\"Yes, using TLS\"},"
		    "\"refs\":[\"ex2010-dp-edge-to-hub\"],\"explain\":\"fixture flow\"}");
	json_decref(root);
	pp_plan_free(p);
}

static void test_rpc_and_ranges(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	json_t *root = emit_parsed(p);
	json_t *f = flow_by_id(root, "f012");
	assert_json(json_object_get(f, "rpc"), "[\"pinned\"]");
	assert_json(json_object_get(f, "ports"), "[[1600,1600]]");
	assert_json(json_object_get(flow_by_id(root, "f013"), "transport"), "\"udp\"");
	assert_json(json_object_get(flow_by_id(root, "f008"), "rpc"), "[\"epmap\"]");
	assert_json(json_object_get(flow_by_id(root, "f010"), "rpc"), "[\"dynamic\"]");
	assert_json(json_object_get(flow_by_id(root, "f010"), "ports_display"), "\"1025-5000\"");
	assert_json(json_object_get(flow_by_id(root, "f005"), "enforce"), "[\"host\"]");
	f = flow_by_id(root, "f015");
	assert_json(json_object_get(f, "ports"), "[[5060,5068],[50000,59999]]");
	assert_json(json_object_get(f, "ports_display"), "\"5060-5068,50000-59999\"");
	assert_json(json_object_get(f, "src_zone"), "null");
	assert_json(json_object_get(flow_by_id(root, "f007"), "ports_display"),
		    "\"389,636,3268-3269\"");
	/* The registry value that pins f012's port. */
	assert_json(json_array_get(json_object_get(root, "registry_values"), 0),
		    "{\"host\":\"dc1\",\"key\":\"HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\CurrentControlSet"
		    "\\\\Services\\\\NTDS\\\\Parameters\",\"value_name\":\"TCP/IP Port\","
		    "\"value_type\":\"REG_DWORD\",\"data\":1600,\"pin\":\"exsp-pin-dc-ntds\","
		    "\"product\":\"windows\"}");
	json_decref(root);
	pp_plan_free(p);
}

/* ICMP, ESP (and GRE, AH) have no ports: an empty list, an empty display. */
static void test_portless_transports(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(false);
	json_t *root = emit_parsed(p);
	for (size_t i = 0; i < 2; i++) {
		json_t *f = flow_by_id(root, i ? "f016" : "f014");
		assert_json(json_object_get(f, "transport"), i ? "\"esp\"" : "\"icmp\"");
		assert_json(json_object_get(f, "ports"), "[]");
		assert_json(json_object_get(f, "ports_display"), "\"\"");
	}
	json_decref(root);
	pp_plan_free(p);

	p = pp_plan_new("t");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "a", PP_EP_HOST, "z", "192.0.2.1");
	add_flow(p, "SMTP", a, a, PP_TR_GRE, NULL, 0, PP_ENF_BOUNDARY);
	add_flow(p, "SMTP", a, a, PP_TR_AH, NULL, 0, PP_ENF_BOUNDARY);
	root = emit_parsed(p);
	assert_json(json_object_get(flow_by_id(root, "f001"), "transport"), "\"gre\"");
	assert_json(json_object_get(flow_by_id(root, "f002"), "transport"), "\"ah\"");
	json_decref(root);
	pp_plan_free(p);
}

/* Hostile text comes back byte for byte, and the raw document holds no
 * control character but the newlines between tokens. */
static void test_hostile_round_trip(void **state)
{
	(void)state;
	struct pp_plan *p = fixture_plan(true);
	char *text = emit(p);
	for (const char *c = text; *c; c++)
		if ((unsigned char)*c < 0x20 && *c != '\n')
			fail_msg("raw control byte 0x%02x at offset %zu", (unsigned char)*c,
				 (size_t)(c - text));
	assert_non_null(strstr(text, "x\\\"; rm -rf / #`reboot`$(halt)'\\n\\r\\t|&<>\\\\ 日本語 %s %n\""));
	json_t *root = json_loads(text, 0, NULL);
	assert_non_null(root);
	free(text);
	assert_string_equal(json_string_value(json_object_get(root, "name")), "fixture" FIXTURE_HOSTILE);
	json_t *eps = json_object_get(root, "endpoints");
	for (size_t i = 0; i < p->n_endpoints; i++) {
		json_t *e = json_array_get(eps, i);
		assert_string_equal(json_string_value(json_object_get(e, "name")), p->endpoints[i]->name);
		assert_string_equal(json_string_value(json_object_get(e, "description")), FIXTURE_HOSTILE);
	}
	assert_string_equal(json_string_value(json_object_get(flow_by_id(root, "f001"), "src")),
			    "hub1" FIXTURE_HOSTILE);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(root, "registry_values"), 1), "host")),
			    "fe1" FIXTURE_HOSTILE);
	json_decref(root);
	pp_plan_free(p);
}

/* Text that is not UTF-8 (only a hand-built plan has it) is repaired, one
 * U+FFFD per bad byte, instead of failing the whole document. */
static void test_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a\xff" "b", "a\xef\xbf\xbd" "b"},
		{"\xc3(", "\xef\xbf\xbd("},                          /* truncated sequence */
		{"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},              /* overlong '/' */
		{"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* surrogate */
		{"\xe6\x97\xa5" "\xe6\x97", "\xe6\x97\xa5\xef\xbf\xbd\xef\xbf\xbd"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct pp_plan *p = pp_plan_new(cases[i].in);
		json_t *root = emit_parsed(p);
		assert_string_equal(json_string_value(json_object_get(root, "name")), cases[i].out);
		json_decref(root);
		pp_plan_free(p);
	}
}

static void test_members(void **state)
{
	(void)state;
	struct pp_plan *p = pp_plan_new("t");
	struct pp_endpoint *a = pp_plan_add_endpoint(p, "a", PP_EP_HOST, "z", "192.0.2.1");
	struct pp_endpoint *b = pp_plan_add_endpoint(p, "b", PP_EP_HOST, "z", "192.0.2.2");
	struct pp_endpoint *g = pp_plan_add_endpoint(p, "a+b", PP_EP_GROUP, "z", "192.0.2.1, 192.0.2.2");
	const struct pp_endpoint *members[] = {a, b};
	g->members = members;
	g->n_members = 2;
	json_t *root = emit_parsed(p);
	json_t *e = json_array_get(json_object_get(root, "endpoints"), 2);
	assert_json(json_object_get(e, "members"), "[\"a\",\"b\"]");
	json_decref(root);
	pp_plan_free(p);
}

static void test_deterministic(void **state)
{
	(void)state;
	assert_same_text(emit);
}

/* A flow with no single transport is a planner bug: refused, with its id. */
static void test_rejects_bad_transport(void **state)
{
	(void)state;
	static const unsigned bad[] = {0, PP_TR_TCP | PP_TR_UDP, 1u << 9};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct pp_plan *p = pp_plan_new("t");
		struct pp_endpoint *a = pp_plan_add_endpoint(p, "a", PP_EP_HOST, "z", "192.0.2.1");
		static const struct pp_range r[] = {{53, 53}};
		add_flow(p, "SMTP", a, a, bad[i], r, 1, PP_ENF_BOUNDARY);
		char err[256];
		size_t left = emit_failure(&pp_emit_json, p, err, sizeof err);
		assert_string_equal(err, "flow 'f001' does not have exactly one transport");
		assert_int_equal(left, 0);
		pp_plan_free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_plan_exact),
		cmocka_unit_test(test_fixture_counts_and_endpoints),
		cmocka_unit_test(test_fixture_flow_fields),
		cmocka_unit_test(test_rpc_and_ranges),
		cmocka_unit_test(test_portless_transports),
		cmocka_unit_test(test_hostile_round_trip),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_rejects_bad_transport),
	};
	return cmocka_run_group_tests_name("json emitter", tests, NULL, NULL);
}
