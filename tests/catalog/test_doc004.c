/*
 * Document 004, "Lync Server 2013: ポートの概要 - NAT を使用したプライベート IP
 * アドレスを含む単一統合エッジ": the catalog must say what the document says.
 * Expected values come from reading the seed document, not from the YAML.
 */
#include "catalog_test.h"

#define T_EXT "NAT を使用したプライベート IP アドレスを含む単一統合エッジのファイアウォールの概要: 外部インターフェイス"
#define T_INT "NAT を使用したプライベート IP アドレスを含む単一統合エッジのファイアウォールの概要: 内部インターフェイス"
#define T_FED "フェデレーションのファイアウォールの概要"
#define T_PIM "ファイアウォールの概要 \xe2\x80\x90 パブリック インスタント メッセージング接続"
#define T_XMPP "XMPP のファイアウォールの概要"
#define NBSP "\xc2\xa0"

/* A data path: id, from, to, transport, port that it must cover, line. */
static const struct pp_data_path *dp(const char *id, const char *from, const char *to,
				     unsigned transport, uint16_t port, unsigned line)
{
	const struct pp_data_path *d = pp_data_path_find(id);
	assert_non_null(d);
	assert_string_equal(d->product, "lync-2013");
	assert_non_null(d->from);
	assert_non_null(d->to);
	assert_string_equal(d->from, from);
	assert_string_equal(d->to, to);
	assert_int_equal(d->src.line, line);
	assert_int_equal(d->n_ports, 1);
	assert_int_equal(d->ports[0].transport, transport);
	assert_true(pp_ports_cover(&d->ports[0], transport, port));
	assert_non_null(d->note.ja);
	assert_non_null(d->note.en);
	return d;
}

static void test_document(void **state)
{
	(void)state;
	const struct pp_document *d = pp_document_find("004");
	assert_non_null(d);
	assert_string_equal(d->file, "004_06976dba569f4782.txt");
	assert_non_null(strstr(d->title.ja, "単一統合エッジ"));
	assert_non_null(strstr(d->title.ja, "Lync Server 2013"));
}

static void test_table_row_counts(void **state)
{
	(void)state;
	assert_int_equal(ct_count_table("004", T_EXT, true), 16);
	assert_int_equal(ct_count_table("004", T_INT, true), 11);
	assert_int_equal(ct_count_table("004", T_FED, true), 1);
	assert_int_equal(ct_count_table("004", T_PIM, true), 6);
	assert_int_equal(ct_count_table("004", T_XMPP, true), 3);
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_data_paths; i++)
		if (ct_from_doc(&c->data_paths[i].src, "004"))
			n++;
	assert_int_equal(n, 37);
}

static void test_roles(void **state)
{
	(void)state;
	static const char *const ids[] = {"edge", "edge-access", "edge-webconf", "edge-av",
					  "edge-internal", "xmpp-proxy", "xmpp-gateway", "front-end",
					  "director", "public-im-partner", "live-messenger-client",
					  "client", "xmpp-partner"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		assert_non_null(pp_role_find("lync-2013", ids[i]));
	const struct pp_role *av = pp_role_find("lync-2013", "edge-av");
	assert_non_null(strstr(av->name.ja, "音声ビデオ エッジ サービス"));
	assert_non_null(strstr(av->name.en, "A/V Edge"));
}

static void test_external_access(void **state)
{
	(void)state;
	const struct pp_data_path *x =
		dp("lync2013-ext-xmpp-5269-in", "any", "xmpp-proxy", PP_TR_TCP, 5269, 51);
	assert_string_equal(x->from_product, "network");
	assert_string_equal(x->from_as_written.ja, "任意");
	assert_string_equal(x->to_as_written.ja,
			    "XMPP プロキシ サービス (アクセス エッジ サービスと IP アドレスを共有)");
	const struct pp_data_path *h =
		dp("lync2013-ext-http-80-out", "edge-access", "any", PP_TR_TCP, 80, 57);
	assert_string_equal(h->note.ja, "証明書の失効/CRL のチェックおよび取得");
	assert_string_equal(h->ports[0].proto.ja, "HTTP");
	assert_string_equal(h->from_as_written.ja, "エッジ サーバー" NBSP "アクセス エッジ サービス");
	const struct pp_data_path *dt =
		dp("lync2013-ext-dns-tcp-53-out", "edge-access", "any", PP_TR_TCP, 53, 63);
	assert_string_equal(dt->note.ja, "TCP による DNS クエリ");
	const struct pp_data_path *du =
		dp("lync2013-ext-dns-udp-53-out", "edge-access", "any", PP_TR_UDP, 53, 69);
	assert_false(pp_ports_cover(&du->ports[0], PP_TR_TCP, 53));
	const struct pp_data_path *s =
		dp("lync2013-ext-sip-tls-443-in", "any", "edge-access", PP_TR_TCP, 443, 75);
	assert_string_equal(s->ports[0].proto.ja, "SIP (TLS)");
	assert_string_equal(s->note.ja, "外部ユーザー アクセス用のクライアントからサーバーへの SIP トラフィック");
	const struct pp_data_path *in =
		dp("lync2013-ext-sip-mtls-5061-in", "any", "edge-access", PP_TR_TCP, 5061, 81);
	const struct pp_data_path *out =
		dp("lync2013-ext-sip-mtls-5061-out", "edge-access", "any", PP_TR_TCP, 5061, 87);
	assert_string_equal(in->ports[0].proto.ja, "SIP (MTLS)");
	assert_string_equal(out->note.ja, "SIP を使用したフェデレーションおよびパブリック IM 接続用");
	const struct pp_data_path *p =
		dp("lync2013-ext-psom-443-in", "any", "edge-webconf", PP_TR_TCP, 443, 93);
	assert_string_equal(p->ports[0].proto.ja, "PSOM (TLS)");
	assert_string_equal(p->note.ja, "Web 会議メディア");
}

static void test_external_av(void **state)
{
	(void)state;
	struct {
		const char *id, *from, *to;
		unsigned tr, line;
	} rtp[] = {
		{"lync2013-ext-rtp-tcp-out", "edge-av", "any", PP_TR_TCP, 99},
		{"lync2013-ext-rtp-udp-out", "edge-av", "any", PP_TR_UDP, 105},
		{"lync2013-ext-rtp-tcp-in", "any", "edge-av", PP_TR_TCP, 111},
		{"lync2013-ext-rtp-udp-in", "any", "edge-av", PP_TR_UDP, 117},
	};
	for (size_t i = 0; i < 4; i++) {
		const struct pp_data_path *d =
			dp(rtp[i].id, rtp[i].from, rtp[i].to, rtp[i].tr, 50000, rtp[i].line);
		const struct pp_ports *r = &d->ports[0];
		assert_string_equal(r->proto.ja, "RTP");
		assert_string_equal(r->spec, "50000-59999");
		assert_string_equal(r->as_written, "50,000 ～ 59,999");
		assert_int_equal(r->kind, PP_KIND_DYNAMIC);
		assert_true(pp_ports_cover(r, rtp[i].tr, 59999));
		assert_false(pp_ports_cover(r, rtp[i].tr, 60000));
		assert_false(pp_ports_cover(r, rtp[i].tr, 49999));
		if (i > 0)
			assert_string_equal(d->note.ja, "Office Communications Server 2007 を実行するパートナーとのフェデレーションにのみ必要です。");
	}
	const struct pp_data_path *t = pp_data_path_find("lync2013-ext-rtp-tcp-out");
	assert_non_null(strstr(t->note.ja, "Lync Server 2013 を実行するパートナー"));

	const struct pp_data_path *so =
		dp("lync2013-ext-stun-udp-3478-out", "edge-av", "any", PP_TR_UDP, 3478, 123);
	assert_string_equal(so->ports[0].proto.ja, "STUN、MSTURN");
	assert_non_null(strstr(so->note.ja, "Windows Live Messenger"));
	assert_non_null(strstr(so->note.ja, "複数の エッジ プール"));
	const struct pp_data_path *si =
		dp("lync2013-ext-stun-udp-3478-in", "any", "edge-av", PP_TR_UDP, 3478, 129);
	assert_string_equal(si->note.ja, "STUN/UDP による候補の TURN ネゴシエーション/3478");
	dp("lync2013-ext-stun-tcp-443-in", "any", "edge-av", PP_TR_TCP, 443, 135);
	const struct pp_data_path *to =
		dp("lync2013-ext-stun-tcp-443-out", "edge-av", "any", PP_TR_TCP, 443, 141);
	assert_string_equal(to->note.ja, "STUN/TCP による候補の TURN ネゴシエーション/443");
}

/* The internal-interface table's sources read "任意 (...)" and name internal
 * servers (Directors, Front End servers and pools, the CMS pool, the XMPP
 * gateway): the catalog keeps the cell in from_as_written and reads the
 * role from it; media (STUN) comes from any internal host. */
static void test_internal(void **state)
{
	(void)state;
	const struct pp_data_path *x =
		dp("lync2013-int-xmpp-23456-in", "xmpp-gateway", "edge-internal", PP_TR_TCP, 23456, 169);
	assert_string_equal(x->ports[0].proto.ja, "XMPP/MTLS");
	assert_non_null(strstr(x->from_as_written.ja, "XMPP ゲートウェイ サービスを実行している"));
	assert_string_equal(x->to_as_written.ja, "エッジ サーバーの内部インターフェイス");
	const struct pp_data_path *si =
		dp("lync2013-int-sip-5061-in", "internal-servers", "edge-internal", PP_TR_TCP, 5061, 175);
	assert_non_null(strstr(si->note.ja, "送信 SIP トラフィック"));
	assert_non_null(strstr(si->from_as_written.ja, "ディレクター"));
	const struct pp_data_path *so =
		dp("lync2013-int-sip-5061-out", "edge-internal", "internal-servers", PP_TR_TCP, 5061, 181);
	assert_non_null(strstr(so->note.ja, "受信 SIP トラフィック"));
	const struct pp_data_path *ps =
		dp("lync2013-int-psom-8057-in", "front-end", "edge-internal", PP_TR_TCP, 8057, 187);
	assert_non_null(strstr(ps->note.ja, "Web 会議トラフィック"));
	const struct pp_data_path *av =
		dp("lync2013-int-sip-5062-in", "internal-servers", "edge-internal", PP_TR_TCP, 5062, 194);
	assert_non_null(strstr(av->note.ja, "音声ビデオ認証サービス"));
	assert_false(pp_ports_cover(&av->ports[0], PP_TR_TCP, 5061));
	const struct pp_data_path *su =
		dp("lync2013-int-stun-udp-3478-in", "internal", "edge-internal", PP_TR_UDP, 3478, 200);
	assert_non_null(strstr(su->note.ja, "優先パス"));
	const struct pp_data_path *st =
		dp("lync2013-int-stun-tcp-443-in", "internal", "edge-internal", PP_TR_TCP, 443, 206);
	assert_non_null(strstr(st->note.ja, "フォールバック パス"));
	assert_non_null(strstr(st->note.ja, "デスクトップ共有"));
	const struct pp_data_path *h =
		dp("lync2013-int-https-4443-in", "front-end", "edge-internal", PP_TR_TCP, 4443, 212);
	assert_string_equal(h->ports[0].proto.ja, "HTTPS");
	assert_string_equal(h->note.ja, "中央管理ストアから エッジ サーバーへの変更のレプリケーション");
	static const char *const cls[] = {"lync2013-int-mtls-50001-in", "lync2013-int-mtls-50002-in",
					  "lync2013-int-mtls-50003-in"};
	for (unsigned i = 0; i < 3; i++) {
		const struct pp_data_path *d =
			dp(cls[i], "internal-servers", "edge-internal", PP_TR_TCP, (uint16_t)(50001 + i), 218 + 6 * i);
		assert_string_equal(d->ports[0].proto.ja, "MTLS");
		assert_non_null(strstr(d->note.ja, "ClsAgent.exe"));
		assert_int_equal(d->ports[0].n_ranges, 1);
	}
}

static void test_federation_public_im_xmpp(void **state)
{
	(void)state;
	const struct pp_data_path *f =
		dp("lync2013-fed-sip-mtls-5061-out", "edge-access", "any", PP_TR_TCP, 5061, 259);
	assert_string_equal(f->from_as_written.ja, "アクセス エッジ サービスのパブリック IP アドレス");
	assert_string_equal(f->table.ja, T_FED);

	dp("lync2013-pim-sip-mtls-5061-in", "public-im-partner", "edge-access", PP_TR_TCP, 5061, 288);
	const struct pp_data_path *po =
		dp("lync2013-pim-sip-mtls-5061-out", "edge-access", "public-im-partner", PP_TR_TCP, 5061, 294);
	assert_string_equal(po->to_as_written.ja, "パブリック IM 接続パートナー");
	const struct pp_data_path *c =
		dp("lync2013-pim-sip-tls-443-in", "client", "edge-access", PP_TR_TCP, 443, 300);
	assert_string_equal(c->from_as_written.ja, "クライアント");
	const struct pp_data_path *r =
		dp("lync2013-pim-rtp-tcp-out", "edge-av", "live-messenger-client", PP_TR_TCP, 55000, 306);
	assert_string_equal(r->ports[0].as_written, "50,000 ～ 59,999");
	assert_non_null(strstr(r->note.ja, "Windows Live Messenger との音声ビデオ セッション"));
	dp("lync2013-pim-stun-udp-3478-out", "edge-av", "live-messenger-client", PP_TR_UDP, 3478, 312);
	const struct pp_data_path *sin =
		dp("lync2013-pim-stun-udp-3478-in", "live-messenger-client", "edge-av", PP_TR_UDP, 3478, 318);
	assert_string_equal(sin->note.ja, "Windows Live Messenger とのパブリック IM 接続では必須");

	const struct pp_data_path *xi =
		dp("lync2013-xmpp-5269-in", "any", "edge-access", PP_TR_TCP, 5269, 347);
	assert_string_equal(xi->to_as_written.ja,
			    "エッジ サーバー" NBSP " アクセス エッジ サービス インターフェイス IP アドレス");
	assert_non_null(strstr(xi->note.ja, "フェデレーション XMPP パートナーから"));
	const struct pp_data_path *xo =
		dp("lync2013-xmpp-5269-out", "edge-access", "any", PP_TR_TCP, 5269, 353);
	assert_non_null(strstr(xo->note.ja, "XMPP プロキシからフェデレーション XMPP パートナーへ"));
	const struct pp_data_path *xg =
		dp("lync2013-xmpp-23456-in", "xmpp-gateway", "edge-internal", PP_TR_TCP, 23456, 359);
	assert_string_equal(xg->to_as_written.ja, "各内部 エッジ サーバー インターフェイス IP");
}

static void test_facts(void **state)
{
	(void)state;
	const struct pp_fact *x = pp_fact_find("lync2013-fact-xmpp-5269-added");
	assert_non_null(x);
	assert_int_equal(x->src.line, 18);
	assert_int_equal(x->n_ports, 1);
	assert_true(pp_ports_cover(&x->ports[0], PP_TR_TCP, 5269));
	assert_string_equal(x->ports[0].as_written, "5269/TCP");
	const struct pp_fact *dep = pp_fact_find("lync2013-fact-xmpp-deployment");
	assert_non_null(dep);
	assert_non_null(strstr(dep->text.ja, "XMPP ゲートウェイ サーバーを フロント エンド サーバー"));
	const struct pp_fact *v6 = pp_fact_find("lync2013-fact-ipv6");
	assert_non_null(v6);
	assert_string_equal(v6->quote, "IPv4 に加えて IPv6 もサポートされるようになりました");
	const struct pp_fact *v4 = pp_fact_find("lync2013-fact-ipv4-only-scenario");
	assert_non_null(v4);
	assert_int_equal(v4->src.line, 20);
	const struct pp_fact *nat = pp_fact_find("lync2013-fact-nat-private-ip");
	assert_non_null(nat);
	assert_non_null(strstr(nat->quote, "NAT を使用したプライベート IP アドレス"));
	const struct pp_fact *bi = pp_fact_find("lync2013-fact-sip-bidirectional");
	assert_non_null(bi);
	assert_string_equal(bi->src.section, "ポートとプロトコルの詳細");
	assert_string_equal(bi->quote, "SIP トラフィックの双方向通過が許可されていることが必須です");
	const struct pp_fact *only = pp_fact_find("lync2013-fact-open-only-needed");
	assert_non_null(only);
	assert_int_equal(only->src.line, 28);
}

/* ---- one test per inconsistency ---- */

static void test_inc_count(void **state)
{
	(void)state;
	assert_int_equal(ct_count_inconsistencies("004"), 8);
}

static void test_inc_typo_2013edge(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-typo-2013edge", "typo", 18);
	assert_string_equal(i->as_written, "Lync Server 2013エッジ サーバー");
	assert_string_equal(i->reading.ja, "Lync Server 2013 エッジ サーバー");
}

static void test_inc_figure_missing(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-traffic-figure-missing", "missing", 30);
	assert_string_equal(i->as_written, "受信/送信のエッジ トラフィックの図が示すように");
	assert_non_null(strstr(i->reading.en, "both directions"));
}

static void test_inc_xmpp_no_role(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-xmpp-row-no-role", "missing", 51);
	assert_string_equal(i->as_written, "XMPP/TCP/5269");
	assert_non_null(strstr(i->reading.en, "XMPP Proxy"));
	const struct pp_data_path *d = pp_data_path_find("lync2013-ext-xmpp-5269-in");
	assert_non_null(d);
	assert_string_equal(d->name.ja, "XMPP/TCP/5269");
	assert_string_equal(d->to, "xmpp-proxy");
	assert_string_equal(d->ports[0].issue, "lync2013-xmpp-row-no-role");
}

static void test_inc_xmpp_outbound_missing(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-ext-xmpp-outbound-missing", "missing", 51);
	assert_string_equal(i->as_written, "XMPP/TCP/5269");
	/* The reading: outbound 5269 exists, from the XMPP table. */
	const struct pp_data_path *o = pp_data_path_find("lync2013-xmpp-5269-out");
	assert_non_null(o);
	assert_string_equal(o->from, "edge-access");
	assert_true(pp_ports_cover(&o->ports[0], PP_TR_TCP, 5269));
}

static void test_inc_av_space(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-ext-av-missing-space", "typo", 142);
	assert_string_equal(i->as_written, "エッジ サーバー音声ビデオ エッジ サービス");
	const struct pp_data_path *d = pp_data_path_find("lync2013-ext-stun-tcp-443-out");
	assert_non_null(d);
	assert_string_equal(d->from, "edge-av");
	assert_string_equal(d->from_as_written.ja, "エッジ サーバー音声ビデオ エッジ サービス");
}

static void test_inc_xmpp_source_dup(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-int-xmpp-source-duplicated", "garbled", 170);
	assert_string_equal(i->as_written,
			    "Standard Edition サーバー IP、Standard Edition サーバー IP アドレス");
	assert_non_null(strstr(i->reading.en, "Standard Edition server running the XMPP Gateway"));
	const struct pp_data_path *d = pp_data_path_find("lync2013-int-xmpp-23456-in");
	assert_non_null(strstr(d->from_as_written.ja, i->as_written));
}

static void test_inc_5062_source_garbled(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-int-5062-source-garbled", "garbled", 195);
	assert_string_equal(i->as_written,
			    "任意 (この エッジ サーバーを使用して、フロント エンド サーバーの IP アドレス");
	assert_non_null(strstr(i->reading.en, "Survivable Branch"));
	const struct pp_data_path *d = pp_data_path_find("lync2013-int-sip-5062-in");
	assert_non_null(d);
	assert_string_equal(d->ports[0].issue, "lync2013-int-5062-source-garbled");
}

static void test_inc_federation_inbound(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("lync2013-fed-inbound-missing", "missing", 259);
	assert_string_equal(i->as_written, "アクセス/SIP (MTLS)/TCP/5061");
	assert_non_null(strstr(i->reading.en, "both directions"));
	/* The inbound direction is in the external-interface table. */
	const struct pp_data_path *in = pp_data_path_find("lync2013-ext-sip-mtls-5061-in");
	assert_non_null(in);
	assert_string_equal(in->to, "edge-access");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_table_row_counts),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_external_access),
		cmocka_unit_test(test_external_av),
		cmocka_unit_test(test_internal),
		cmocka_unit_test(test_federation_public_im_xmpp),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_inc_count),
		cmocka_unit_test(test_inc_typo_2013edge),
		cmocka_unit_test(test_inc_figure_missing),
		cmocka_unit_test(test_inc_xmpp_no_role),
		cmocka_unit_test(test_inc_xmpp_outbound_missing),
		cmocka_unit_test(test_inc_av_space),
		cmocka_unit_test(test_inc_xmpp_source_dup),
		cmocka_unit_test(test_inc_5062_source_garbled),
		cmocka_unit_test(test_inc_federation_inbound),
	};
	return cmocka_run_group_tests_name("doc 004 Lync 2013 consolidated edge with NAT", tests, NULL,
					   NULL);
}
