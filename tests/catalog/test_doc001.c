/*
 * Document 001, "Exchange ネットワーク ポートのリファレンス" (Exchange Server
 * 2010 SP2/SP3): the catalog must say what the document says. Expected
 * values come from reading the seed document, not from the YAML.
 *
 * The seed writes many port cells with a no-break space (U+00A0) between
 * the port and its parenthesis ("135/TCP\u00a0(RPC)"); NBSP below spells it.
 */
#include "catalog_test.h"

#define NBSP "\xc2\xa0"
#define T_TRANSPORT "トランスポート サーバーのデータ パス"
#define T_MAILBOX "メールボックス サーバーのデータ パス"
#define T_CAS "クライアント アクセス サーバーのデータ パス"
#define T_UM "ユニファイド メッセージング サーバーのデータ パス"
#define S_FW "Exchange 2010 セットアップで作成される Windows ファイアウォール ルール"
#define S_FW_NOTES "Exchange 2010 セットアップで作成される Windows ファイアウォール ルールに関する注意"

static const struct pp_data_path *dp(const char *id)
{
	const struct pp_data_path *p = pp_data_path_find(id);
	assert_non_null(p);
	assert_string_equal(p->product, "exchange-2010");
	assert_true(ct_from_doc(&p->src, "001"));
	return p;
}

/* The first port row of a data path that covers port/transport, or NULL. */
static const struct pp_ports *dp_row(const struct pp_data_path *p, unsigned tr, uint16_t port)
{
	return ct_row_covering(p->ports, p->n_ports, tr, port);
}

static int dp_covers(const struct pp_data_path *p, unsigned tr, uint16_t port)
{
	return dp_row(p, tr, port) != NULL;
}

/* A data path of a table by a substring of its Japanese or English name. */
static const struct pp_data_path *dp_named(const char *table, const char *ja, const char *en)
{
	const struct pp_catalog *c = pp_catalog();
	const struct pp_data_path *found = NULL;
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *p = &c->data_paths[i];
		if (!ct_from_doc(&p->src, "001") || strcmp(p->src.section, table) != 0)
			continue;
		if ((ja && strstr(p->name.ja, ja)) || (en && strstr(p->name.en, en))) {
			assert_null(found); /* the name must be unambiguous */
			found = p;
		}
	}
	assert_non_null(found);
	return found;
}

static const struct pp_fw_rule *fw(const char *name)
{
	const struct pp_fw_rule *r = pp_fw_rule_find_name("exchange-2010", name);
	assert_non_null(r);
	assert_true(ct_from_doc(&r->src, "001"));
	assert_string_equal(r->src.section, S_FW);
	assert_string_equal(r->direction, "in");
	assert_int_equal(r->ports.transport, PP_TR_TCP);
	return r;
}

static int has_role(const struct pp_fw_rule *r, const char *role)
{
	return ct_has_str(r->roles, r->n_roles, role);
}

/* Inconsistency `id` of this document: see ct_inconsistency_written. */
static const struct pp_inconsistency *inc(const char *id, const char *category,
					  const char *as_written, unsigned line)
{
	return ct_inconsistency_written("001", id, category, as_written, line);
}

/* ---------- document and table sizes ---------- */

static void test_document(void **state)
{
	(void)state;
	const struct pp_document *d = pp_document_find("001");
	assert_non_null(d);
	assert_string_equal(d->file, "001_b99a8e20ab0ae3ab.txt");
	assert_string_equal(d->title.ja, "Exchange ネットワーク ポートのリファレンス");
	assert_non_null(d->applies_to);
	assert_non_null(strstr(d->applies_to, "Exchange Server 2010 SP2"));
	assert_non_null(strstr(d->applies_to, "Exchange Server 2010 SP3"));
}

static void test_table_row_counts(void **state)
{
	(void)state;
	assert_int_equal(ct_count_table("001", T_TRANSPORT, false), 11);
	assert_int_equal(ct_count_table("001", T_MAILBOX, false), 18);
	assert_int_equal(ct_count_table("001", T_CAS, false), 19);
	assert_int_equal(ct_count_table("001", T_UM, false), 7);

	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_data_paths; i++)
		n += ct_from_doc(&c->data_paths[i].src, "001");
	assert_int_equal(n, 11 + 18 + 19 + 7);
}

/* Rows are in source order: each row's line is after the previous one. */
static void test_rows_in_source_order(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	unsigned last = 0;
	for (size_t i = 0; i < c->n_data_paths; i++) {
		if (!ct_from_doc(&c->data_paths[i].src, "001"))
			continue;
		assert_true(c->data_paths[i].src.line > last);
		last = c->data_paths[i].src.line;
	}
	assert_int_equal(last, 773);
	last = 0;
	for (size_t i = 0; i < c->n_fw_rules; i++) {
		if (!ct_from_doc(&c->fw_rules[i].src, "001"))
			continue;
		assert_true(c->fw_rules[i].src.line > last);
		last = c->fw_rules[i].src.line;
	}
	assert_int_equal(last, 1225);
}

/* ---------- トランスポート サーバーのデータ パス ---------- */

static void test_transport_smtp_paths(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_TRANSPORT,
		"ハブ トランスポート サーバーからハブ トランスポート サーバー", NULL);
	assert_int_equal(p->src.line, 21);
	assert_string_equal(p->from, "hub-transport");
	assert_string_equal(p->to, "hub-transport");
	assert_true(dp_covers(p, PP_TR_TCP, 25));
	assert_false(dp_covers(p, PP_TR_UDP, 25));
	assert_string_equal(dp_row(p, PP_TR_TCP, 25)->proto.ja, "SMTP");
	assert_string_equal(p->auth_default.ja, "Kerberos");
	assert_string_equal(p->encryption_supported.ja,
			    "はい、トランスポート層セキュリティ (TLS) を使用");
	assert_string_equal(p->encryption_default.en, "Yes");

	p = dp("ex2010-dp-hub-to-edge");
	assert_string_equal(p->name.ja, "ハブ トランスポート サーバーからエッジ トランスポート サーバー");
	assert_string_equal(p->src.section, T_TRANSPORT);
	assert_string_equal(p->to, "edge-transport");
	assert_string_equal(p->auth_default.ja, "直接信頼");
	assert_string_equal(p->auth_supported.en, "Direct trust");
	assert_true(dp_covers(p, PP_TR_TCP, 25));

	p = dp_named(T_TRANSPORT, "への送信", NULL);
	assert_string_equal(p->from, "edge-transport");
	assert_string_equal(p->to, "hub-transport");

	p = dp_named(T_TRANSPORT, "エッジ トランスポート サーバーからエッジ トランスポート サーバー", NULL);
	assert_string_equal(p->auth_default.ja, "匿名、証明書");
	assert_string_equal(p->encryption_supported.ja, "はい、TLS を使用");

	p = dp_named(T_TRANSPORT, "ユニファイド メッセージング サーバーからハブ", NULL);
	assert_string_equal(p->from, "unified-messaging");
	assert_true(dp_covers(p, PP_TR_TCP, 25));
}

static void test_transport_rpc_paths(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_TRANSPORT, "メール発信サービス経由", NULL);
	assert_int_equal(p->src.line, 69);
	assert_string_equal(p->from, "mailbox");
	assert_string_equal(p->to, "hub-transport");
	assert_true(dp_covers(p, PP_TR_TCP, 135));
	assert_string_equal(dp_row(p, PP_TR_TCP, 135)->as_written, "135/TCP" NBSP "(RPC)");
	assert_non_null(strstr(p->auth_default.ja, "NTLM。同じサーバー上に"));
	assert_non_null(strstr(p->auth_default.en, "Kerberos"));
	assert_string_equal(p->auth_supported.ja, "NTLM/Kerberos");
	assert_string_equal(p->encryption_supported.ja, "はい、RPC 暗号化を使用");

	p = dp_named(T_TRANSPORT, "(MAPI 経由)", NULL);
	assert_string_equal(p->from, "hub-transport");
	assert_string_equal(p->to, "mailbox");
	assert_true(dp_covers(p, PP_TR_TCP, 135));
}

static void test_transport_edgesync_and_ad(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp("ex2010-dp-edgesync");
	assert_int_equal(p->src.line, 105);
	assert_true(dp_covers(p, PP_TR_TCP, 50636));
	assert_false(dp_covers(p, PP_TR_TCP, 50389));
	assert_string_equal(p->auth_default.ja, "基本");
	assert_string_equal(p->auth_default.en, "Basic");
	assert_string_equal(p->encryption_supported.ja, "はい、LDAP over SSL (LDAPS) を使用");

	p = dp_named(T_TRANSPORT, NULL, "Active Directory access from the Hub Transport");
	assert_string_equal(p->to_product, "windows");
	assert_string_equal(p->to, "domain-controller");
	assert_int_equal(p->n_ports, 5);
	assert_true(dp_covers(p, PP_TR_TCP, 389));
	assert_true(dp_covers(p, PP_TR_UDP, 389));
	assert_true(dp_covers(p, PP_TR_TCP, 3268));
	assert_false(dp_covers(p, PP_TR_UDP, 3268));
	assert_true(dp_covers(p, PP_TR_UDP, 88));
	assert_true(dp_covers(p, PP_TR_UDP, 53));
	assert_true(dp_covers(p, PP_TR_TCP, 135));
	assert_false(dp_covers(p, PP_TR_UDP, 135));
	assert_string_equal(p->encryption_supported.ja, "はい、Kerberos 暗号化を使用");

	p = dp_named(T_TRANSPORT, "(AD RMS) アクセス", NULL);
	assert_true(dp_covers(p, PP_TR_TCP, 443));
	assert_string_equal(dp_row(p, PP_TR_TCP, 443)->proto.ja, "HTTPS");
	assert_string_equal(p->encryption_supported.ja, "はい、SSL を使用");
}

static void test_transport_smtp_client(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_TRANSPORT, "SMTP クライアント", NULL);
	assert_int_equal(p->src.line, 141);
	assert_string_equal(p->to, "hub-transport");
	assert_non_null(strstr(p->name.ja, "Windows Live Mail"));
	assert_int_equal(p->n_ports, 2);
	assert_true(dp_covers(p, PP_TR_TCP, 587));
	assert_true(dp_covers(p, PP_TR_TCP, 25));
	assert_int_equal(dp_row(p, PP_TR_TCP, 587)->line, 143);
	assert_int_equal(dp_row(p, PP_TR_TCP, 25)->line, 145);
	/* The auth cells come after the two port lines. */
	assert_string_equal(p->auth_default.ja, "NTLM/Kerberos");
	assert_string_equal(p->encryption_supported.ja, "はい、TLS を使用");
	assert_string_equal(p->encryption_default.ja, "はい");
}

/* ---------- メールボックス サーバーのデータ パス ---------- */

static void test_mailbox_ad_and_admin(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_MAILBOX, NULL, "Admin remote access (Remote Registry)");
	assert_int_equal(p->src.line, 213);
	assert_true(dp_covers(p, PP_TR_TCP, 135));
	assert_string_equal(p->encryption_supported.ja, "はい、IPsec を使用");
	assert_string_equal(p->encryption_default.ja, "いいえ");

	p = dp_named(T_MAILBOX, "(SMB/ファイル)", NULL);
	assert_true(dp_covers(p, PP_TR_TCP, 445));
	assert_string_equal(dp_row(p, PP_TR_TCP, 445)->proto.ja, "SMB");
	assert_string_equal(p->encryption_default.en, "No");

	/* Four rows of the mailbox table reach Active Directory. */
	const char *ad[] = {"ex2010-dp-mbx-ad", "ex2010-dp-mbx-sa-ad",
			    "ex2010-dp-mbx-recipient-update-ad"};
	for (size_t i = 0; i < sizeof ad / sizeof *ad; i++) {
		p = dp(ad[i]);
		assert_string_equal(p->src.section, T_MAILBOX);
		assert_true(dp_covers(p, PP_TR_TCP, 3268));
		assert_true(dp_covers(p, PP_TR_UDP, 389));
		assert_string_equal(p->auth_default.ja, "Kerberos");
	}
	p = dp_named(T_MAILBOX, "オフライン アドレス帳 (OAB)", NULL);
	assert_true(dp_covers(p, PP_TR_TCP, 135));
	assert_false(dp_covers(p, PP_TR_TCP, 389));
	assert_string_equal(p->auth_supported.ja, "Kerberos");
}

static void test_mailbox_replication_paths(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_MAILBOX, "ログ配布", NULL);
	assert_int_equal(p->src.line, 273);
	const struct pp_ports *r = dp_row(p, PP_TR_TCP, 64327);
	assert_non_null(r);
	assert_int_equal(r->kind, PP_KIND_CONFIGURABLE);
	assert_string_equal(p->encryption_supported.ja, "はい");
	assert_string_equal(p->encryption_default.ja, "いいえ");

	p = dp_named(T_MAILBOX, "シード処理", NULL);
	assert_int_equal(p->src.line, 285);
	assert_non_null(dp_row(p, PP_TR_TCP, 64327));
	assert_int_equal(dp_row(p, PP_TR_TCP, 64327)->kind, PP_KIND_CONFIGURABLE);

	p = dp_named(T_MAILBOX, "クラスター化", NULL);
	assert_int_equal(p->src.line, 249);
	assert_true(dp_covers(p, PP_TR_TCP, 135));
	assert_true(dp_covers(p, PP_TR_UDP, 3343)); /* from the note after the table */
	assert_true(dp_covers(p, PP_TR_TCP, 49152)); /* dynamic RPC over TCP */
	assert_non_null(strstr(dp_row(p, PP_TR_TCP, 135)->note.ja, "メールボックス サーバーに関する注"));
}

static void test_mailbox_other_rpc_paths(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_MAILBOX, "可用性 Web サービス", NULL);
	assert_string_equal(p->from, "client-access");
	assert_true(dp_covers(p, PP_TR_TCP, 135));

	p = dp_named(T_MAILBOX, "コンテンツ インデックス処理", NULL);
	assert_string_equal(p->encryption_supported.ja, "はい、RPC 暗号化を使用");

	p = dp_named(T_MAILBOX, "メールボックス アシスタント", NULL);
	assert_string_equal(p->encryption_supported.ja, "いいえ");
	assert_string_equal(p->encryption_default.ja, "いいえ");

	p = dp_named(T_MAILBOX, "MAPI アクセス", NULL);
	assert_string_equal(p->to, "mailbox");
	assert_true(dp_covers(p, PP_TR_TCP, 135));

	p = dp_named(T_MAILBOX, "トポロジ サービスのアクセス", NULL);
	assert_int_equal(p->src.line, 333);

	p = dp_named(T_MAILBOX, "(要求の待機)", NULL);
	assert_string_equal(p->encryption_supported.en, "No");

	p = dp_named(T_MAILBOX, "(MAPI クライアントの場合)", NULL);
	assert_string_equal(p->encryption_default.ja, "はい");

	p = dp_named(T_MAILBOX, "受信者更新サービスの RPC アクセス", NULL);
	assert_string_equal(p->auth_default.ja, "Kerberos");
	assert_true(dp_covers(p, PP_TR_TCP, 135));

	p = dp_named(T_MAILBOX, NULL, "Volume Shadow Copy Service");
	assert_int_equal(p->n_ports, 1);
	assert_int_equal(p->ports[0].n_ranges, 0);
	assert_int_equal(p->ports[0].transport, PP_TR_NONE);
	assert_string_equal(p->encryption_supported.ja, "いいえ");
}

/* ---------- クライアント アクセス サーバーのデータ パス ---------- */

static void test_cas_http_paths(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_CAS, "自動検出サービス", NULL);
	assert_true(dp_covers(p, PP_TR_TCP, 80));
	assert_true(dp_covers(p, PP_TR_TCP, 443));
	assert_string_equal(p->to, "client-access");
	assert_string_equal(p->auth_default.ja, "基本/統合 Windows 認証 (ネゴシエート)");
	assert_string_equal(p->auth_supported.ja, "基本、ダイジェスト、NTLM、ネゴシエート (Kerberos)");

	p = dp_named(T_CAS, "空き時間情報サービス", NULL);
	assert_string_equal(p->auth_supported.ja, "NTLM、Kerberos");

	p = dp_named(T_CAS, "OAB の Outlook へのアクセス", NULL);
	assert_string_equal(p->encryption_default.ja, "いいえ");

	p = dp("ex2010-dp-cas-owa");
	assert_string_equal(p->name.ja, "Outlook Web App");
	assert_string_equal(p->name.en, "Outlook Web App");
	assert_string_equal(p->auth_default.ja, "フォーム ベース認証");
	assert_non_null(strstr(p->auth_supported.ja, "NTLM (v2 のみ)"));
	assert_string_equal(p->encryption_default.ja, "はい、自己署名入り証明書を使用");

	p = dp_named(T_CAS, "Outlook" NBSP "Anywhere", "Outlook Anywhere");
	assert_string_equal(p->auth_default.ja, "基本");
	assert_string_equal(p->auth_supported.ja, "基本または NTLM");

	p = dp_named(T_CAS, "Exchange ActiveSync アプリケーション", NULL);
	assert_string_equal(p->auth_supported.ja, "基本、証明書");
	assert_true(dp_covers(p, PP_TR_TCP, 443));
}

static void test_cas_mail_protocols(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp("ex2010-dp-cas-pop3");
	assert_string_equal(p->name.ja, "POP3");
	assert_true(dp_covers(p, PP_TR_TCP, 110));
	assert_true(dp_covers(p, PP_TR_TCP, 995));
	assert_string_equal(dp_row(p, PP_TR_TCP, 110)->as_written, "110/TCP" NBSP "(TLS)");
	assert_string_equal(p->auth_default.ja, "基本、Kerberos");
	assert_string_equal(p->encryption_supported.ja, "はい、SSL、TLS を使用");

	p = dp("ex2010-dp-cas-imap4");
	assert_true(dp_covers(p, PP_TR_TCP, 143));
	assert_true(dp_covers(p, PP_TR_TCP, 993));
	assert_false(dp_covers(p, PP_TR_TCP, 995));

	p = dp_named(T_CAS, "メールボックス レプリケーション サービス (MRS)", NULL);
	assert_true(dp_covers(p, PP_TR_TCP, 808));
	assert_string_equal(p->auth_default.ja, "Kerberos/NTLM");
	assert_string_equal(p->auth_supported.ja, "Kerberos、NTLM");
}

static void test_cas_server_paths(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_CAS, "クライアント アクセス サーバーからユニファイド", NULL);
	assert_string_equal(p->to, "unified-messaging");
	assert_true(dp_covers(p, PP_TR_TCP, 5060));
	assert_true(dp_covers(p, PP_TR_TCP, 5061));
	assert_true(dp_covers(p, PP_TR_TCP, 5062));
	assert_string_equal(p->auth_default.ja, "IP アドレスごと");
	assert_string_equal(p->encryption_supported.ja,
			    "はい、セッション開始プロトコル (SIP) over TLS を使用");

	p = dp_named(T_CAS, "以前のバージョンの Exchange Server", NULL);
	assert_string_equal(p->to, "legacy-mailbox");
	assert_non_null(strstr(p->auth_supported.ja, "POP/IMAP テキスト"));
	assert_string_equal(p->encryption_default.ja, "いいえ");

	p = dp_named(T_CAS, "から Exchange 2010 メールボックス サーバー", NULL);
	assert_string_equal(p->to, "mailbox");
	assert_string_equal(p->auth_default.ja, "Kerberos");
	assert_string_equal(p->auth_supported.ja, "NTLM/Kerberos");

	p = dp_named(T_CAS, "(Exchange ActiveSync)", NULL);
	assert_string_equal(p->from, "client-access");
	assert_string_equal(p->auth_supported.ja, "Kerberos、証明書");

	p = dp_named(T_CAS, NULL, "(Exchange Web Services)");
	assert_int_equal(p->n_ports, 1);
	assert_true(dp_covers(p, PP_TR_TCP, 443));
	assert_false(dp_covers(p, PP_TR_TCP, 80));

	p = dp_named(T_CAS, "Office Communications Server から", NULL);
	assert_string_equal(p->from, "office-communications-server");
	assert_true(dp_covers(p, PP_TR_TCP, 5075));
	assert_true(dp_covers(p, PP_TR_TCP, 5076));
	assert_true(dp_covers(p, PP_TR_TCP, 5077));
	assert_true(dp_covers(p, PP_TR_TCP, 5061));
	assert_string_equal(dp_row(p, PP_TR_TCP, 5061)->as_written, "5061/TCP (OUT)");
	assert_string_equal(p->auth_default.ja, "mTLS (必須)");
}

/* ---------- ユニファイド メッセージング サーバーのデータ パス ---------- */

static void test_um_telephony(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_UM, "電話機能の操作", NULL);
	assert_int_equal(p->src.line, 713);
	assert_string_equal(p->to, "unified-messaging");
	const uint16_t sip[] = {5060, 5065, 5067, 5061, 5066, 5068};
	for (size_t i = 0; i < sizeof sip / sizeof *sip; i++)
		assert_true(dp_covers(p, PP_TR_TCP, sip[i]));
	assert_false(dp_covers(p, PP_TR_TCP, 5062));
	const struct pp_ports *r = dp_row(p, PP_TR_TCP, 16500);
	assert_non_null(r);
	assert_int_equal(r->kind, PP_KIND_DYNAMIC);
	assert_true(dp_covers(p, PP_TR_TCP, 16000));
	assert_true(dp_covers(p, PP_TR_TCP, 17000));
	assert_false(dp_covers(p, PP_TR_TCP, 17001));
	r = dp_row(p, PP_TR_UDP, 1024);
	assert_non_null(r);
	assert_int_equal(r->kind, PP_KIND_DYNAMIC);
	assert_string_equal(r->proto.ja, "RTP");
	assert_true(dp_covers(p, PP_TR_UDP, 65535));
	assert_false(dp_covers(p, PP_TR_UDP, 1023));
	assert_string_equal(p->auth_supported.ja, "IP アドレスごと、MTLS");
	assert_string_equal(p->encryption_supported.ja, "はい、SIP/TLS、SRTP を使用");
	assert_string_equal(p->encryption_default.ja, "いいえ");
}

static void test_um_other_paths(void **state)
{
	(void)state;
	const struct pp_data_path *p = dp_named(T_UM, "ユニファイド メッセージング Web サービス", NULL);
	assert_true(dp_covers(p, PP_TR_TCP, 80));
	assert_string_equal(p->auth_default.ja, "統合 Windows 認証 (ネゴシエート)");

	p = dp("ex2010-dp-um-to-cas");
	assert_string_equal(p->name.ja, "ユニファイド メッセージング サーバーからクライアント アクセス サーバー");
	assert_true(dp_covers(p, PP_TR_TCP, 5075));
	assert_true(dp_covers(p, PP_TR_TCP, 5077));
	assert_false(dp_covers(p, PP_TR_TCP, 5078));

	p = dp_named(T_UM, "(電話での再生)", "Play on Phone");
	assert_true(p->ports[0].symbols & PP_SYM_DYNAMIC_RPC);
	assert_true(dp_covers(p, PP_TR_TCP, 1025));
	assert_true(dp_covers(p, PP_TR_TCP, 49152));

	p = dp_named(T_UM, "ユニファイド メッセージングからメールボックス", NULL);
	assert_true(dp_covers(p, PP_TR_TCP, 135));
	assert_string_equal(p->to, "mailbox");

	p = dp_named(T_UM, "Active Directory アクセス", NULL);
	assert_int_equal(p->n_ports, 5);
	assert_string_equal(p->from, "unified-messaging");
}

/* ---------- Windows ファイアウォール ルール ---------- */

static void test_fw_rule_counts(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0, gfw = 0, dyn = 0, epmap = 0;
	for (size_t i = 0; i < c->n_fw_rules; i++) {
		const struct pp_fw_rule *r = &c->fw_rules[i];
		if (!ct_from_doc(&r->src, "001"))
			continue;
		n++;
		assert_string_equal(r->product, "exchange-2010");
		assert_non_null(strstr(r->name, "(TCP-In)"));
		if (r->any_program) {
			gfw++;
			assert_null(r->program);
		} else {
			assert_non_null(r->program);
		}
		dyn += (r->ports.symbols & PP_SYM_DYNAMIC_RPC) != 0;
		epmap += (r->ports.symbols & PP_SYM_RPC_EPMAP) != 0;
	}
	assert_int_equal(n, 54);
	assert_int_equal(gfw, 11); /* ten "(GFW)" and one "(FGW)" */
	assert_int_equal(dyn, 19); /* "動的 RPC" */
	assert_int_equal(epmap, 14); /* "RPC-EPMap" */
}

static void test_fw_rpc_rules(void **state)
{
	(void)state;
	const struct pp_fw_rule *r = fw("MSExchangeADTopology - RPC (TCP-In)");
	assert_int_equal(r->src.line, 801);
	assert_int_equal(r->n_roles, 4);
	assert_true(has_role(r, "client-access"));
	assert_true(has_role(r, "hub-transport"));
	assert_true(has_role(r, "mailbox"));
	assert_true(has_role(r, "unified-messaging"));
	assert_false(has_role(r, "edge-transport"));
	assert_true(r->ports.symbols & PP_SYM_DYNAMIC_RPC);
	assert_string_equal(r->ports.as_written, "動的 RPC");
	assert_string_equal(r->program, "Bin\\MSExchangeADTopologyService.exe");
	assert_false(r->any_program);

	r = fw("MSExchangeMonitoring - RPC (TCP-In)");
	assert_true(has_role(r, "edge-transport"));
	assert_false(has_role(r, "mailbox"));

	r = fw("MSExchangeServiceHost - RPC (TCP-In)");
	assert_int_equal(r->n_roles, 5); /* すべての役割 */

	r = fw("MSExchangeRPCEPMap (GFW) (TCP-In)");
	assert_int_equal(r->n_roles, 5);
	assert_true(r->any_program);
	assert_null(r->program);
	assert_true(r->ports.symbols & PP_SYM_RPC_EPMAP);
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 135));
	assert_string_equal(r->ports.as_written, "RPC-EPMap");

	r = fw("MSExchangeRPC (GFW) (TCP-In)");
	assert_true(r->any_program);
	assert_int_equal(r->n_roles, 4);

	r = fw("MSExchangeIS - RPC (TCP-In)");
	assert_string_equal(r->program, "Bin\\Store.exe");
	r = fw("MSExchangeIS RPCEPMap (TCP-In)");
	assert_true(r->ports.symbols & PP_SYM_RPC_EPMAP);

	r = fw("RpcHttpLBS (TCP-In)");
	assert_string_equal(r->program, "System32\\Svchost.exe");

	r = fw("MSExchangeEdgeSync - RPCEPMap (TCP-In)");
	assert_int_equal(r->n_roles, 1);
	assert_true(has_role(r, "hub-transport"));
	assert_string_equal(r->program, "Bin\\Microsoft.Exchange.EdgeSyncSvc.exe");

	r = fw("MSExchangeTransportLogSearch - RPC (TCP-In)");
	assert_int_equal(r->n_roles, 3);
	assert_true(has_role(r, "edge-transport"));

	r = fw("MSExchangerepl - RPC-EPMap (TCP-In)");
	assert_string_equal(r->program, "Bin\\MSExchangeRepl.exe");
}

static void test_fw_port_rules(void **state)
{
	(void)state;
	const struct pp_fw_rule *r = fw("MSExchangeIMAP4 (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 143));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 993));
	assert_string_equal(r->program, "ClientAccess\\PopImap\\Microsoft.Exchange.Imap4Service.exe");

	r = fw("MSExchange - POP3 (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 110));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 995));

	r = fw("MSExchangeOWAAppPool (TCP-In)");
	assert_string_equal(r->program, "Inetsrv\\w3wp.exe");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 5076));

	r = fw("MSExchangeAB-RpcHttp (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 6002));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 6004));
	assert_false(pp_ports_cover(&r->ports, PP_TR_TCP, 6003));

	r = fw("MSExchangeRPC (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 6001));
	assert_int_equal(r->n_roles, 2);

	r = fw("MSExchangeMailboxReplication (GFW) (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 808));
	assert_true(r->any_program);

	r = fw("MSExchangerepl - Log Copier (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 64327));
	assert_string_equal(r->program, "Bin\\MSExchangeRepl.exe");

	r = fw("MSExchangeTransportWorker (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 25));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 587));
	assert_string_equal(r->program, "Bin\\edgetransport.exe");

	r = fw("SESWorker (GFW) (TCP-In)");
	assert_true(r->ports.symbols & PP_SYM_ANY);
	assert_true(r->any_program);
	assert_string_equal(r->ports.as_written, "任意");
	r = fw("SESWorker (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 12345));
	assert_string_equal(r->program, "UnifiedMessaging\\SESWorker.exe");

	r = fw("UMService (GFW) (TCP-In)");
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 5060));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 5061));
	assert_false(pp_ports_cover(&r->ports, PP_TR_TCP, 5062));
	assert_string_equal(r->ports.as_written, "5060, 5061");

	r = fw("UMWorkerProcess (TCP-In)");
	for (uint16_t port = 5065; port <= 5068; port++)
		assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, port));
	assert_string_equal(r->program, "Bin\\UMWorkerProcess.exe");

	r = fw("UMWorkerProcess - RPC (TCP-In)");
	assert_int_equal(r->src.line, 1225);
	assert_true(r->ports.symbols & PP_SYM_DYNAMIC_RPC);
}

/* ---------- facts from the notes ---------- */

static const struct pp_fact *fact(const char *id, const char *section, unsigned line)
{
	const struct pp_fact *f = pp_fact_find(id);
	assert_non_null(f);
	assert_true(ct_from_doc(&f->src, "001"));
	assert_string_equal(f->src.section, section);
	assert_int_equal(f->src.line, line);
	return f;
}

static void test_transport_notes(void **state)
{
	(void)state;
	const struct pp_fact *f = fact("ex2010-fact-edgesync-50636", "トランスポート サーバーに関する注", 165);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 50636));
	assert_non_null(strstr(f->quote, "TCP 50636"));
	f = fact("ex2010-fact-adlds-50389", "トランスポート サーバーに関する注", 165);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 50389));
	assert_non_null(strstr(f->quote, "SSL は使用されません"));
	f = fact("ex2010-fact-hub-hub-tls", "トランスポート サーバーに関する注", 157);
	assert_non_null(strstr(f->quote, "自己署名入り証明書"));
	f = fact("ex2010-fact-hub-mbx-colocated-auth", "トランスポート サーバーに関する注", 169);
	assert_non_null(strstr(f->quote, "NTLM 認証が使用されます"));
	f = fact("ex2010-fact-irm-ad-rms", "トランスポート サーバーに関する注", 179);
	assert_non_null(strstr(f->quote, "HTTPS"));
}

static void test_mailbox_notes(void **state)
{
	(void)state;
	const struct pp_fact *f = fact("ex2010-fact-cluster-heartbeat-3343", "メールボックス サーバーに関する注", 421);
	assert_true(ct_fact_covers(f, PP_TR_UDP, 3343));
	assert_false(ct_fact_covers(f, PP_TR_TCP, 3343));
	f = fact("ex2010-fact-clussvc-3343", "メールボックス サーバーに関する注", 419);
	assert_non_null(strstr(f->quote, "ClusSvc.exe"));
	assert_true(ct_fact_covers(f, PP_TR_UDP, 3343));
	f = fact("ex2010-fact-log-shipping-64327", "メールボックス サーバーに関する注", 423);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 64327));
	assert_int_equal(f->ports[0].kind, PP_KIND_CONFIGURABLE);
	f = fact("ex2010-fact-log-shipping-port-changeable", "メールボックス サーバーに関する注", 423);
	assert_non_null(strstr(f->quote, "別のポートを指定できます"));
	f = fact("ex2010-fact-rpc-always-encrypted", "メールボックス サーバー", 193);
	assert_string_equal(f->quote, "RPC トラフィックは常に暗号化されます。");
	f = fact("ex2010-fact-mbx-negotiate", "メールボックス サーバーに関する注", 425);
	assert_non_null(strstr(f->quote, "最初に Kerberos"));
}

static void test_cas_and_um_notes(void **state)
{
	(void)state;
	const struct pp_fact *f = fact("ex2010-fact-pop3-proxy-995", "クライアント アクセス サーバーに関する注", 683);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 995));
	f = fact("ex2010-fact-imap4-proxy-993", "クライアント アクセス サーバーに関する注", 683);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 993));
	assert_false(ct_fact_covers(f, PP_TR_TCP, 995));
	f = fact("ex2010-fact-no-ntlm-pop-imap", T_CAS, 667);
	assert_non_null(strstr(f->quote, "POP3 や IMAP4"));
	f = fact("ex2010-fact-no-firewall-between-exchange", "クライアント アクセス サーバーの接続", 687);
	assert_non_null(strstr(f->quote, "サポートされていません"));
	f = fact("ex2010-fact-um-sip-5060-5061", "ユニファイド メッセージング サーバーに関する注", 789);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 5060));
	assert_true(ct_fact_covers(f, PP_TR_TCP, 5061));
	f = fact("ex2010-fact-um-control-range", T_UM, 715);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 16000));
	f = fact("ex2010-fact-um-rtp-range", T_UM, 715);
	assert_true(ct_fact_covers(f, PP_TR_UDP, 65535));
	f = fact("ex2010-fact-um-gw-no-ntlm-kerberos", "ユニファイド メッセージング サーバー", 691);
	assert_non_null(strstr(f->quote, "NTLM または Kerberos"));
}

static void test_firewall_notes(void **state)
{
	(void)state;
	const struct pp_fact *f = fact("ex2010-fact-setup-creates-rules", S_FW, 795);
	assert_non_null(strstr(f->quote, "Windows ファイアウォール ルールを作成します"));
	f = fact("ex2010-fact-wfas-stateful", S_FW, 795);
	assert_non_null(strstr(f->quote, "ステートフル"));
	f = fact("ex2010-fact-iis-opens-80-443", S_FW_NOTES, 1235);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 80));
	assert_true(ct_fact_covers(f, PP_TR_TCP, 443));
	f = fact("ex2010-fact-gfw-meaning", S_FW_NOTES, 1237);
	assert_non_null(strstr(f->quote, "(GFW)"));
	f = fact("ex2010-fact-gfw-can-disable", S_FW_NOTES, 1237);
	assert_non_null(strstr(f->quote, "無効化または削除"));
	f = fact("ex2010-fact-rpc-epmap-135", S_FW_NOTES, 1239);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 135));
	f = fact("ex2010-fact-rpc-two-rules", S_FW_NOTES, 1239);
	assert_non_null(strstr(f->quote, "2 つのファイアウォール ルール"));
	f = fact("ex2010-fact-rules-not-modifiable", S_FW_NOTES, 1243);
	assert_non_null(strstr(f->quote, "変更することはできません"));
}

/* ---------- inconsistencies: one test each ---------- */

static void test_inc_count(void **state)
{
	(void)state;
	assert_int_equal(ct_count_inconsistencies("001"), 37);
}

static void test_inc_edgesync_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-garbled-edgesync-path-name", "garbled",
		"Microsoft ハブ トランスポート サーバーからエッジ トランスポート サーバーへの Exchange EdgeSync サービス", 105);
	assert_non_null(strstr(x->reading.ja, "Microsoft Exchange EdgeSync サービス"));
	const struct pp_data_path *p = dp("ex2010-dp-edgesync");
	assert_string_equal(p->name.ja, x->as_written);
	assert_non_null(strstr(p->name.en, "Microsoft Exchange EdgeSync"));
	assert_string_equal(p->issue, "ex2010-garbled-edgesync-path-name");
}

static void test_inc_hub_trans(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-typo-hub-trans", "typo",
		"ハブ トランス サーバーからの Active Directory アクセス", 117);
	assert_non_null(strstr(x->reading.ja, "ハブ トランスポート サーバー"));
	assert_true(ct_affects(x, "ex2010-dp-hub-ad"));
	assert_string_equal(dp("ex2010-dp-hub-ad")->from, "hub-transport");
}

static void test_inc_ad_rms_asterisk(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-dangling-asterisk-ad-rms", "missing", "はい*", 139);
	const struct pp_data_path *p = dp("ex2010-dp-hub-ad-rms");
	assert_string_equal(p->encryption_default.ja, "はい*");
	assert_non_null(strstr(p->encryption_default.en, "Yes"));
	assert_true(ct_affects(x, p->id));
}

static void test_inc_smtp_client_587(void **state)
{
	(void)state;
	inc("ex2010-smtp-client-587-split", "missing", "587 (SMTP)", 143);
	const struct pp_ports *r = dp_row(dp("ex2010-dp-smtp-client-to-hub"), PP_TR_TCP, 587);
	assert_non_null(r);
	assert_string_equal(r->as_written, "587 (SMTP)");
	assert_int_equal(r->transport, PP_TR_TCP);
	assert_string_equal(r->issue, "ex2010-smtp-client-587-split");
}

static void test_inc_rpc_encryption_remote_registry(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-rpc-encryption-remote-registry", "contradiction", "いいえ", 223);
	assert_true(ct_affects(x, "ex2010-fact-rpc-always-encrypted"));
	assert_string_equal(dp("ex2010-dp-mbx-admin-remote-registry")->encryption_default.ja, "いいえ");
}

static void test_inc_rpc_encryption_clustering(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-rpc-encryption-clustering", "contradiction", "いいえ", 259);
	assert_true(ct_affects(x, "ex2010-dp-mbx-clustering"));
	assert_string_equal(dp("ex2010-dp-mbx-clustering")->encryption_default.ja, "いいえ");
}

static void test_inc_log_shipping_transport(void **state)
{
	(void)state;
	inc("ex2010-log-shipping-no-transport", "missing", "64327 (カスタマイズ可能)", 275);
	const struct pp_ports *r = dp_row(dp("ex2010-dp-mbx-log-shipping"), PP_TR_TCP, 64327);
	assert_non_null(r);
	assert_string_equal(r->as_written, "64327 (カスタマイズ可能)");
	assert_string_equal(r->issue, "ex2010-log-shipping-no-transport");
	assert_false(dp_covers(dp("ex2010-dp-mbx-log-shipping"), PP_TR_UDP, 64327));
}

static void test_inc_seeding_transport(void **state)
{
	(void)state;
	inc("ex2010-seeding-no-transport", "missing", "64327 (カスタマイズ可能)", 287);
	const struct pp_ports *r = dp_row(dp("ex2010-dp-mbx-seeding"), PP_TR_TCP, 64327);
	assert_non_null(r);
	assert_string_equal(r->issue, "ex2010-seeding-no-transport");
}

static void test_inc_vss_smb(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-vss-local-message-block", "typo",
					       "ローカル メッセージ ブロック (SMB)", 299);
	assert_non_null(strstr(x->reading.en, "Server Message Block"));
	const struct pp_data_path *p = dp("ex2010-dp-mbx-vss-backup");
	assert_string_equal(p->ports[0].as_written, "ローカル メッセージ ブロック (SMB)");
	assert_string_equal(p->ports[0].spec, "");
}

static void test_inc_rpc_encryption_assistants(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-rpc-encryption-mbx-assistants", "contradiction", "いいえ", 317);
	assert_true(ct_affects(x, "ex2010-dp-mbx-assistants"));
	assert_string_equal(dp("ex2010-dp-mbx-assistants")->issue, x->id);
}

static void test_inc_rpc_encryption_sa_listen(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-rpc-encryption-sa-listen", "contradiction", "いいえ", 353);
	assert_true(ct_affects(x, "ex2010-dp-mbx-sa-listen"));
	assert_string_equal(dp("ex2010-dp-mbx-sa-listen")->encryption_supported.ja, "いいえ");
}

static void test_inc_clustering_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-clustering-name-mismatch", "contradiction", "[クラスタリング]", 419);
	assert_non_null(strstr(x->reading.ja, "クラスター化"));
	assert_string_equal(dp("ex2010-dp-mbx-clustering")->name.ja, "クラスター化");
	assert_true(ct_affects(x, "ex2010-dp-mbx-clustering"));
}

static void test_inc_intra_node(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-intra-node-wording", "garbled", "ノード内の通信では", 421);
	assert_non_null(strstr(x->reading.ja, "ノード間"));
}

static void test_inc_log_delivery_term(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-log-delivery-term", "typo", "ログ配信", 423);
	assert_string_equal(x->reading.ja, "ログ配布");
	assert_true(ct_affects(x, "ex2010-fact-log-shipping-64327"));
}

static void test_inc_cas_to_um_5062(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-cas-to-um-5062", "contradiction", "5062/TCP", 559);
	assert_true(ct_affects(x, "ex2010-dp-cas-to-um"));
	/* Kept as the table says; no UM rule opens it. */
	assert_true(dp_covers(dp("ex2010-dp-cas-to-um"), PP_TR_TCP, 5062));
	assert_false(pp_ports_cover(&fw("UMService (TCP-In)")->ports, PP_TR_TCP, 5062));
}

static void test_inc_cas_to_um_dynamic(void **state)
{
	(void)state;
	inc("ex2010-cas-to-um-dynamic-unspecified", "missing", "動的なポート", 559);
	const struct pp_data_path *p = dp("ex2010-dp-cas-to-um");
	int seen = 0;
	for (size_t i = 0; i < p->n_ports; i++)
		if (p->ports[i].as_written && strcmp(p->ports[i].as_written, "動的なポート") == 0) {
			seen = 1;
			assert_int_equal(p->ports[i].kind, PP_KIND_DYNAMIC);
			assert_int_equal(p->ports[i].n_ranges, 0);
		}
	assert_true(seen);
}

static void test_inc_cas_to_mailbox_rpc(void **state)
{
	(void)state;
	inc("ex2010-cas-to-mailbox-no-port", "missing",
	    "RPC。「クライアント アクセス サーバーに関する注」を参照してください。", 583);
	const struct pp_data_path *p = dp("ex2010-dp-cas-to-mailbox");
	assert_true(dp_covers(p, PP_TR_TCP, 135));
	assert_true(dp_covers(p, PP_TR_TCP, 60000));
	assert_non_null(strstr(dp_row(p, PP_TR_TCP, 135)->as_written, "RPC。"));
}

static void test_inc_owa_old_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-owa-old-name", "typo", "(Outlook Web Access)", 605);
	assert_string_equal(x->reading.en, "Outlook Web App");
	assert_non_null(strstr(dp("ex2010-dp-cas-to-cas-owa")->name.ja, "(Outlook Web Access)"));
}

static void test_inc_cas_pop3_transport(void **state)
{
	(void)state;
	inc("ex2010-cas-pop3-no-transport", "missing", "995 (SSL)", 631);
	const struct pp_ports *r = dp_row(dp("ex2010-dp-cas-to-cas-pop3"), PP_TR_TCP, 995);
	assert_non_null(r);
	assert_string_equal(r->as_written, "995 (SSL)");
}

static void test_inc_cas_imap4_transport(void **state)
{
	(void)state;
	inc("ex2010-cas-imap4-no-transport", "missing", "993 (SSL)", 643);
	const struct pp_ports *r = dp_row(dp("ex2010-dp-cas-to-cas-imap4"), PP_TR_TCP, 993);
	assert_non_null(r);
	assert_string_equal(r->as_written, "993 (SSL)");
}

static void test_inc_kb937031_title(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-garbled-kb937031-title", "garbled",
		"「イベント ID 1036 がモバイル デバイスを接続するには、Exchange 2007 サーバーに Exchange 2003 "
		"バックエンド サーバー上のメールボックスにアクセスする際に、CAS の役割が実行されている "
		"Exchange 2007 サーバーに記録されます。」", 677);
	assert_non_null(strstr(x->reading.en, "Event ID 1036"));
	assert_true(ct_affects(x, "ex2010-fact-kb937031"));
}

static void test_inc_imap4_tls_443(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-imap4-tls-port-443", "contradiction",
					       "TLS (ポート 443/TCP 上)", 683);
	assert_non_null(strstr(x->reading.ja, "143/TCP"));
	assert_true(dp_covers(dp("ex2010-dp-cas-imap4"), PP_TR_TCP, 143));
	assert_false(dp_covers(dp("ex2010-dp-cas-imap4"), PP_TR_TCP, 443));
}

static void test_inc_imap4_ssl_995(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-imap4-ssl-port-995", "contradiction",
					       "SSL 暗号化された IMAP4 を使用してポート 995 に接続", 683);
	assert_non_null(strstr(x->reading.ja, "ポート 993"));
	assert_true(ct_affects(x, "ex2010-fact-imap4-proxy-993"));
}

static void test_inc_play_on_phone_transport(void **state)
{
	(void)state;
	inc("ex2010-um-play-on-phone-no-transport", "missing", "動的 RPC", 751);
	const struct pp_data_path *p = dp("ex2010-dp-um-to-cas-play-on-phone");
	assert_string_equal(p->ports[0].as_written, "動的 RPC");
	assert_int_equal(p->ports[0].transport, PP_TR_TCP);
	assert_string_equal(p->ports[0].issue, "ex2010-um-play-on-phone-no-transport");
}

static void test_inc_um_to_hub_tls(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-um-to-hub-proto-tls", "contradiction",
					       "25/TCP" NBSP "(TLS)", 763);
	assert_non_null(strstr(x->reading.en, "SMTP"));
	const struct pp_ports *r = dp_row(dp("ex2010-dp-um-to-hub-um"), PP_TR_TCP, 25);
	assert_non_null(r);
	assert_string_equal(r->as_written, "25/TCP" NBSP "(TLS)");
}

static void test_inc_fw_no_epmap_adtopology(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-fw-no-epmap-adtopology", "contradiction",
					       "MSExchangeADTopology - RPC (TCP-In)", 801);
	assert_true(ct_affects(x, "ex2010-fact-rpc-two-rules"));
	assert_null(pp_fw_rule_find_name("exchange-2010", "MSExchangeADTopology - RPCEPMap (TCP-In)"));
}

static void test_inc_fw_no_epmap_monitoring(void **state)
{
	(void)state;
	inc("ex2010-fw-no-epmap-monitoring", "contradiction", "MSExchangeMonitoring - RPC (TCP-In)", 809);
	assert_string_equal(fw("MSExchangeMonitoring - RPC (TCP-In)")->ports.issue, "ex2010-fw-no-epmap-monitoring");
}

static void test_inc_fw_servicehost_program(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-fw-servicehost-program-garbled", "garbled",
					       "Bin\\Microsoft.Exchange.Service.Host", 831);
	assert_string_equal(x->reading.en, "Bin\\Microsoft.Exchange.ServiceHost.exe");
	const struct pp_fw_rule *r = fw("MSExchangeServiceHost - RPCEPMap (TCP-In)");
	assert_string_equal(r->program, "Bin\\Microsoft.Exchange.ServiceHost.exe");
	assert_non_null(strstr(r->note.ja, "Bin\\Microsoft.Exchange.Service.Host"));
}

static void test_inc_fw_any_program_wording(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-fw-any-program-wording", "typo", "すべて", 855);
	assert_int_equal(x->n_affects, 3);
	assert_true(fw("MSExchange - IMAP4 (GFW) (TCP-In)")->any_program);
	assert_true(fw("MSExchange - OWA (GFW) (TCP-In)")->any_program);
}

static void test_inc_fw_fgw(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-fw-typo-fgw", "typo", "MSExchange - POP3 (FGW) (TCP-In)", 865);
	assert_string_equal(x->reading.en, "MSExchange - POP3 (GFW) (TCP-In)");
	const struct pp_fw_rule *r = fw("MSExchange - POP3 (FGW) (TCP-In)");
	assert_true(r->any_program);
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 995));
	assert_null(pp_fw_rule_find_name("exchange-2010", "MSExchange - POP3 (GFW) (TCP-In)"));
}

static void test_inc_fw_no_epmap_rpchttplbs(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-fw-no-epmap-rpchttplbs", "contradiction", "RpcHttpLBS (TCP-In)", 921);
	assert_true(ct_affects(x, "ex2010-fw-rpchttplbs"));
}

static void test_inc_fw_prcepmap(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-fw-typo-prcepmap", "typo", "MSExchangeRPC - PRCEPMap (TCP-In)", 937);
	assert_string_equal(x->reading.en, "MSExchangeRPC - RPCEPMap (TCP-In)");
	const struct pp_fw_rule *r = fw("MSExchangeRPC - PRCEPMap (TCP-In)");
	assert_true(r->ports.symbols & PP_SYM_RPC_EPMAP);
	assert_string_equal(r->program, "Bin\\Microsoft.Exchange.RpcClientAccess.Service.exe");
}

static void test_inc_fw_is_gfw_ports(void **state)
{
	(void)state;
	inc("ex2010-fw-is-gfw-ports-differ", "contradiction", "6001、6002、6003、6004 (TCP)", 989);
	const struct pp_fw_rule *g = fw("MSExchangeIS (GFW) (TCP-In)");
	const struct pp_fw_rule *p = fw("MSExchangeIS (TCP-In)");
	assert_true(pp_ports_cover(&g->ports, PP_TR_TCP, 6003));
	assert_false(pp_ports_cover(&p->ports, PP_TR_TCP, 6003));
	assert_true(pp_ports_cover(&p->ports, PP_TR_TCP, 6001));
	assert_string_equal(g->ports.as_written, "6001、6002、6003、6004 (TCP)");
}

static void test_inc_fw_no_epmap_search(void **state)
{
	(void)state;
	inc("ex2010-fw-no-epmap-search", "contradiction", "MSExchangeSearch - RPC (TCP-In)", 1073);
	assert_string_equal(fw("MSExchangeSearch - RPC (TCP-In)")->program,
			    "Bin\\Microsoft.Exchange.Search.ExSearch.exe");
}

static void test_inc_fw_no_edge_smtp(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-fw-no-edge-smtp-rule", "missing",
					       "MSExchangeTransportWorker (GFW) (TCP-In)", 1145);
	assert_true(ct_affects(x, "ex2010-dp-hub-to-edge"));
	/* No rule of the table opens 25 on the Edge Transport role. */
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_fw_rules; i++) {
		const struct pp_fw_rule *r = &c->fw_rules[i];
		if (ct_from_doc(&r->src, "001") && has_role(r, "edge-transport"))
			assert_false(pp_ports_cover(&r->ports, PP_TR_TCP, 25) &&
				     !(r->ports.symbols & PP_SYM_ANY));
	}
	assert_int_equal(fw("MSExchangeTransportWorker (GFW) (TCP-In)")->n_roles, 1);
}

static void test_inc_fw_no_epmap_umworker(void **state)
{
	(void)state;
	inc("ex2010-fw-no-epmap-umworkerprocess", "contradiction", "UMWorkerProcess - RPC (TCP-In)", 1225);
	assert_null(pp_fw_rule_find_name("exchange-2010", "UMWorkerProcess - RPCEPMap (TCP-In)"));
}

static void test_inc_kb179442(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("ex2010-kb179442-duplicate-microsoft", "typo",
					       "Microsoft Microsoft サポート技術情報", 1245);
	assert_string_equal(x->reading.ja, "Microsoft サポート技術情報");
	assert_true(ct_affects(x, "ex2010-fact-kb179442"));
}

/* The Edge-to-Edge row (line 57) is SMTP between this organization's Edge
 * and another organization's (note, line 167): read as both directions to
 * a remote Edge. The Client Access rows for clients start at any client. */
static void test_readings_of_sources(void **state)
{
	(void)state;
	const struct pp_data_path *p = pp_data_path_find("ex2010-dp-edge-to-edge");
	assert_non_null(p);
	assert_string_equal(p->from, "edge-transport");
	assert_string_equal(p->to, "remote-edge");
	assert_true(p->both_ways);
	assert_true(pp_ports_cover(&p->ports[0], PP_TR_TCP, 25));
	p = pp_data_path_find("ex2010-dp-cas-owa");
	assert_non_null(p);
	assert_string_equal(p->from_product, "network");
	assert_string_equal(p->from, "clients");
	const struct pp_role *clients = pp_role_find("network", "clients");
	assert_non_null(clients);
	assert_int_equal(clients->n_includes, 2);
	p = pp_data_path_find("ex2010-dp-mbx-adtopology");
	assert_non_null(p);
	assert_string_equal(p->from, "exchange-server");
	assert_false(pp_data_path_find("ex2010-dp-hub-to-edge")->both_ways);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readings_of_sources),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_table_row_counts),
		cmocka_unit_test(test_rows_in_source_order),
		cmocka_unit_test(test_transport_smtp_paths),
		cmocka_unit_test(test_transport_rpc_paths),
		cmocka_unit_test(test_transport_edgesync_and_ad),
		cmocka_unit_test(test_transport_smtp_client),
		cmocka_unit_test(test_mailbox_ad_and_admin),
		cmocka_unit_test(test_mailbox_replication_paths),
		cmocka_unit_test(test_mailbox_other_rpc_paths),
		cmocka_unit_test(test_cas_http_paths),
		cmocka_unit_test(test_cas_mail_protocols),
		cmocka_unit_test(test_cas_server_paths),
		cmocka_unit_test(test_um_telephony),
		cmocka_unit_test(test_um_other_paths),
		cmocka_unit_test(test_fw_rule_counts),
		cmocka_unit_test(test_fw_rpc_rules),
		cmocka_unit_test(test_fw_port_rules),
		cmocka_unit_test(test_transport_notes),
		cmocka_unit_test(test_mailbox_notes),
		cmocka_unit_test(test_cas_and_um_notes),
		cmocka_unit_test(test_firewall_notes),
		cmocka_unit_test(test_inc_count),
		cmocka_unit_test(test_inc_edgesync_name),
		cmocka_unit_test(test_inc_hub_trans),
		cmocka_unit_test(test_inc_ad_rms_asterisk),
		cmocka_unit_test(test_inc_smtp_client_587),
		cmocka_unit_test(test_inc_rpc_encryption_remote_registry),
		cmocka_unit_test(test_inc_rpc_encryption_clustering),
		cmocka_unit_test(test_inc_log_shipping_transport),
		cmocka_unit_test(test_inc_seeding_transport),
		cmocka_unit_test(test_inc_vss_smb),
		cmocka_unit_test(test_inc_rpc_encryption_assistants),
		cmocka_unit_test(test_inc_rpc_encryption_sa_listen),
		cmocka_unit_test(test_inc_clustering_name),
		cmocka_unit_test(test_inc_intra_node),
		cmocka_unit_test(test_inc_log_delivery_term),
		cmocka_unit_test(test_inc_cas_to_um_5062),
		cmocka_unit_test(test_inc_cas_to_um_dynamic),
		cmocka_unit_test(test_inc_cas_to_mailbox_rpc),
		cmocka_unit_test(test_inc_owa_old_name),
		cmocka_unit_test(test_inc_cas_pop3_transport),
		cmocka_unit_test(test_inc_cas_imap4_transport),
		cmocka_unit_test(test_inc_kb937031_title),
		cmocka_unit_test(test_inc_imap4_tls_443),
		cmocka_unit_test(test_inc_imap4_ssl_995),
		cmocka_unit_test(test_inc_play_on_phone_transport),
		cmocka_unit_test(test_inc_um_to_hub_tls),
		cmocka_unit_test(test_inc_fw_no_epmap_adtopology),
		cmocka_unit_test(test_inc_fw_no_epmap_monitoring),
		cmocka_unit_test(test_inc_fw_servicehost_program),
		cmocka_unit_test(test_inc_fw_any_program_wording),
		cmocka_unit_test(test_inc_fw_fgw),
		cmocka_unit_test(test_inc_fw_no_epmap_rpchttplbs),
		cmocka_unit_test(test_inc_fw_prcepmap),
		cmocka_unit_test(test_inc_fw_is_gfw_ports),
		cmocka_unit_test(test_inc_fw_no_epmap_search),
		cmocka_unit_test(test_inc_fw_no_edge_smtp),
		cmocka_unit_test(test_inc_fw_no_epmap_umworker),
		cmocka_unit_test(test_inc_kb179442),
	};
	return cmocka_run_group_tests_name("doc 001 Exchange 2010 network ports", tests, NULL, NULL);
}
