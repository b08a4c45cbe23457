/* Unit tests of the text helpers: name matching and terminal widths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/text.h"

static void test_case_folding(void **state)
{
	(void)state;
	assert_true(pp_eq_ci("Netlogon", "NETLOGON"));
	assert_false(pp_eq_ci("Netlogon", "Netlogo"));
	assert_true(pp_prefix_ci("MSExchangeIS", "msexch"));
	assert_false(pp_prefix_ci("MS", "MSExchange"));
	assert_true(pp_contains_ci("Microsoft Exchange MTA", "exchange"));
	/* Japanese has no case: bytes must match exactly. */
	assert_true(pp_eq_ci("ネットログオン", "ネットログオン"));
	assert_false(pp_eq_ci("ネット", "ネットログオン"));
}

static void test_loose_matching(void **state)
{
	(void)state;
	assert_true(pp_eq_loose("hub-transport", "Hub Transport"));
	assert_true(pp_eq_loose("callrouter", "Call Router"));
	assert_true(pp_prefix_loose("edge-transport", "edge"));
	assert_true(pp_prefix_loose("ハブ トランスポート サーバー", "ハブトランスポート"));
	assert_false(pp_eq_loose("hub-transport", "hub"));
	assert_true(pp_prefix_loose("anything", ""));
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(pp_edit_distance("netlogon", "netlogon", 2), 0);
	assert_int_equal(pp_edit_distance("netlgon", "netlogon", 2), 1);
	assert_int_equal(pp_edit_distance("ldpa", "ldap", 2), 2);
	/* Past the limit the distance is reported as limit + 1. */
	assert_int_equal(pp_edit_distance("kerberos", "x", 2), 3);
	assert_int_equal(pp_edit_distance("", "abc", 5), 3);
}

static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(pp_display_width(""), 0);
	assert_int_equal(pp_display_width("RPC"), 3);
	/* Katakana and kanji take two columns; the ideographic space too. */
	assert_int_equal(pp_display_width("ポート"), 6);
	assert_int_equal(pp_display_width("DNS サーバー"), 4 + 8);
	assert_int_equal(pp_display_width("既定"), 4);
	/* Fullwidth tilde as in "50,000 ～ 59,999". */
	assert_int_equal(pp_display_width("～"), 2);
	/* Broken UTF-8 never reads past the end, one column per bad byte. */
	assert_int_equal(pp_display_width("\xe3\x83"), 2);
	assert_int_equal(pp_display_width("\xff" "a"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_folding),
		cmocka_unit_test(test_loose_matching),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_display_width),
	};
	return cmocka_run_group_tests_name("text helpers", tests, NULL, NULL);
}
