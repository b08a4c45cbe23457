/*
 * Document 003 (KB 832017), lines 641-925: the port-sorted summary table
 * "ポートとプロトコル", its notes, the two Active Directory dependency lists
 * and the related-information facts. Expected values are taken from the
 * seed document itself (line numbers in the comments).
 */
#include "catalog_test.h"

#define SUMMARY "ポートとプロトコル"
#define ADREQ "Active Directory のポートおよびプロトコルの要件"

/* ---------- helpers ---------- */

static bool in_summary(const struct pp_port_table_row *r)
{
	return ct_from_doc(&r->src, "003") && strcmp(r->src.section, SUMMARY) == 0;
}

/* The summary row written on seed line `line`. */
static const struct pp_port_table_row *row_at(unsigned line)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_port_table; i++)
		if (in_summary(&c->port_table[i]) && c->port_table[i].src.line == line)
			return &c->port_table[i];
	return NULL;
}

/* Summary rows that cover port/transport. */
static size_t count_cover(unsigned transport, uint16_t port)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_port_table; i++)
		if (in_summary(&c->port_table[i]) &&
		    pp_ports_cover(&c->port_table[i].ports, transport, port))
			n++;
	return n;
}

/* Summary rows whose system-service cell is exactly `ja`. */
static size_t count_service_ja(const char *ja)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_port_table; i++)
		if (in_summary(&c->port_table[i]) && c->port_table[i].system_service.ja &&
		    strcmp(c->port_table[i].system_service.ja, ja) == 0)
			n++;
	return n;
}

/* Summary rows whose system-service English name contains `en`. */
static size_t count_service_en(const char *en)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_port_table; i++)
		if (in_summary(&c->port_table[i]) && c->port_table[i].system_service.en &&
		    strstr(c->port_table[i].system_service.en, en))
			n++;
	return n;
}

/* Check one summary row against the document: line, port spec, transport,
 * application protocol (ja) and system service cell (ja). */
static const struct pp_port_table_row *check_row(unsigned line, const char *spec,
						 unsigned transport, const char *proto_ja,
						 const char *service_ja)
{
	const struct pp_port_table_row *r = row_at(line);
	assert_non_null(r);
	assert_string_equal(r->ports.spec, spec);
	assert_int_equal(r->ports.transport, transport);
	assert_non_null(r->ports.proto.ja);
	assert_string_equal(r->ports.proto.ja, proto_ja);
	assert_non_null(r->ports.proto.en);
	assert_non_null(r->system_service.ja);
	assert_string_equal(r->system_service.ja, service_ja);
	assert_non_null(r->system_service.en);
	return r;
}

/* Inconsistency `id` of this document: see ct_inconsistency_written. */
static const struct pp_inconsistency *check_inc(const char *id, const char *category,
						const char *as_written, unsigned line)
{
	return ct_inconsistency_written("003", id, category, as_written, line);
}

/* The summary row on `line` is linked to inconsistency `id`. */
static void check_row_issue(unsigned line, const char *id)
{
	const struct pp_port_table_row *r = row_at(line);
	assert_non_null(r);
	assert_non_null(r->ports.issue);
	assert_string_equal(r->ports.issue, id);
	assert_true(ct_affects(pp_inconsistency_find(id), r->id));
}

static bool list_has(const struct pp_list *l, const char *ja, const char *service)
{
	for (size_t i = 0; i < l->n_items; i++)
		if (strcmp(l->items[i].text.ja, ja) == 0)
			return service == NULL ||
			       (l->items[i].service && strcmp(l->items[i].service, service) == 0);
	return false;
}

/* ---------- the table ---------- */

static void test_summary_row_count(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	unsigned prev = 0;
	for (size_t i = 0; i < c->n_port_table; i++) {
		if (!in_summary(&c->port_table[i]))
			continue;
		/* source order: lines 645..831 ascending */
		assert_true(c->port_table[i].src.line > prev);
		prev = c->port_table[i].src.line;
		n++;
	}
	/* lines 645-831: 187 lines, 4 rows (17 and 19 TCP/UDP) split over two */
	assert_int_equal(n, 183);
	assert_non_null(row_at(645));
	assert_non_null(row_at(831));
	assert_null(row_at(655)); /* continuation line of the 17/TCP row */
}

static void test_ip_protocol_rows(void **state)
{
	(void)state;
	const struct pp_port_table_row *r;
	r = check_row(645, "", PP_TR_GRE, "GRE (IP プロトコル 47)", "ルーティングとリモート アクセス");
	assert_string_equal(r->ports.as_written, "該当なし");
	check_row(646, "", PP_TR_ESP, "IPSec ESP (IP プロトコル 50)", "ルーティングとリモート アクセス");
	check_row(647, "", PP_TR_AH, "IPSec AH (IP プロトコル 51)", "ルーティングとリモート アクセス");
	assert_string_equal(pp_transport_name(row_at(646)->ports.transport), "esp");
	assert_int_equal(count_service_ja("ルーティングとリモート アクセス"), 5);
	assert_int_equal(count_service_en("Routing and Remote Access"), 5);
	check_row(777, "1701", PP_TR_UDP, "L2TP", "ルーティングとリモート アクセス");
	check_row(778, "1723", PP_TR_TCP, "PPTP", "ルーティングとリモート アクセス");
}

static void test_simple_tcpip_rows(void **state)
{
	(void)state;
	check_row(648, "7", PP_TR_TCP, "Echo", "簡易 TCP/IP サービス");
	check_row(651, "9", PP_TR_UDP, "Discard", "簡易 TCP/IP サービス");
	check_row(652, "13", PP_TR_TCP, "Daytime", "簡易 TCP/IP サービス");
	/* rows split over two lines: 654-655, 656-657, 658-659, 660-661 */
	check_row(654, "17", PP_TR_TCP, "Quotd", "簡易 TCP/IP サービス");
	check_row(656, "17", PP_TR_UDP, "Quotd", "簡易 TCP/IP サービス");
	check_row(660, "19", PP_TR_UDP, "Chargen", "簡易 TCP/IP サービス");
	assert_int_equal(count_service_ja("簡易 TCP/IP サービス"), 10);
	assert_int_equal(count_cover(PP_TR_UDP, 19), 1);
}

static void test_low_well_known_rows(void **state)
{
	(void)state;
	check_row(662, "20", PP_TR_TCP, "FTP 既定データ", "FTP Publishing Service");
	check_row(663, "21", PP_TR_TCP, "FTP コントロール", "FTP Publishing Service");
	check_row(664, "21", PP_TR_TCP, "FTP コントロール", "Application Layer Gateway Service");
	check_row(665, "23", PP_TR_TCP, "Telnet", "Telnet");
	check_row(666, "25", PP_TR_TCP, "SMTP", "簡易メール転送プロトコル");
	check_row(669, "42", PP_TR_UDP, "WINS レプリケーション", "Windows インターネット ネーム サービス");
	check_row(673, "53", PP_TR_UDP, "DNS", "インターネット接続ファイアウォール/インターネット接続の共有");
	check_row(676, "69", PP_TR_UDP, "TFTP", "Trivial FTP Daemon Service");
	check_row(683, "102", PP_TR_TCP, "X.400", "Microsoft Exchange MTA Stacks");
	check_row(686, "119", PP_TR_TCP, "NNTP", "ネットワーク ニュース転送プロトコル");
	check_row(688, "123", PP_TR_UDP, "SNTP", "Windows Time");
	assert_int_equal(count_cover(PP_TR_TCP, 53), 2);
	assert_int_equal(count_cover(PP_TR_UDP, 53), 2);
	assert_int_equal(count_cover(PP_TR_UDP, 67), 2);
	assert_int_equal(count_cover(PP_TR_UDP, 123), 2);
	/* FTP control port can be changed in IIS Manager (line 214) */
	assert_int_equal(row_at(663)->ports.kind, PP_KIND_CONFIGURABLE);
}

static void test_http_kerberos_rows(void **state)
{
	(void)state;
	check_row(677, "80", PP_TR_TCP, "HTTP", "Windows Media サービス");
	check_row(678, "80", PP_TR_TCP, "HTTP", "WinRM 1.1 以前");
	check_row(681, "88", PP_TR_TCP, "Kerberos", "Kerberos キー配布センター");
	check_row(682, "88", PP_TR_UDP, "Kerberos", "Kerberos キー配布センター");
	check_row(753, "464", PP_TR_UDP, "Kerberos Password V5", "Kerberos キー配布センター");
	check_row(754, "464", PP_TR_TCP, "Kerberos Password V5", "Kerberos キー配布センター");
	assert_int_equal(count_service_ja("Kerberos キー配布センター"), 5);
	assert_int_equal(count_service_en("Kerberos Key Distribution Center"), 5);
	const struct pp_port_table_row *r = row_at(681);
	assert_non_null(r->service);
	assert_string_equal(r->service, "win-kdc");
	/* 80/TCP: Windows Media, WinRM 1.1, WWW, SharePoint (677-680), Hyper-V (827) */
	assert_int_equal(count_cover(PP_TR_TCP, 80), 5);
	/* 443/TCP: 740-744 and Hyper-V (828) */
	assert_int_equal(count_cover(PP_TR_TCP, 443), 6);
}

static void test_rpc_135_rows(void **state)
{
	(void)state;
	const struct pp_port_table_row *r;
	r = check_row(690, "135", PP_TR_TCP, "RPC", "リモート プロシージャ コール");
	assert_string_equal(r->service, "win-rpcss");
	check_row(689, "135", PP_TR_TCP, "RPC", "メッセージ キュー");
	check_row(705, "135", PP_TR_TCP, "RPC", "Systems Management Server 2.0");
	check_row(707, "135", PP_TR_TCP, "RPC", "リモート デスクトップ接続ブローカー");
	check_row(825, "135", PP_TR_TCP, "WMI", "Hyper-V サービス");
	/* 19 RPC rows on lines 689-707, plus WMI for Hyper-V (825) */
	assert_int_equal(count_cover(PP_TR_TCP, 135), 20);
	assert_int_equal(count_cover(PP_TR_UDP, 135), 0);
}

static void test_netbios_smb_rows(void **state)
{
	(void)state;
	const struct pp_port_table_row *r;
	check_row(708, "137", PP_TR_UDP, "NetBIOS 名前解決", "Computer Browser");
	r = check_row(711, "137", PP_TR_UDP, "NetBIOS 名前解決", "Net Logon");
	assert_string_equal(r->service, "win-netlogon");
	check_row(718, "138", PP_TR_UDP, "NetBIOS データグラム サービス", "ライセンス ログ サービス");
	r = check_row(723, "139", PP_TR_TCP, "NetBIOS セッション サービス", "サーバー");
	assert_string_equal(r->service, "win-lanmanserver");
	check_row(752, "445", PP_TR_TCP, "SMB", "Net Logon");
	check_row(830, "445", PP_TR_TCP, "SMB", "Hyper-V ライブ マイグレーション");
	assert_int_equal(count_cover(PP_TR_UDP, 137), 5);  /* 708-712 */
	assert_int_equal(count_cover(PP_TR_UDP, 138), 6);  /* 713-718 */
	assert_int_equal(count_cover(PP_TR_TCP, 139), 10); /* 719-728 */
	assert_int_equal(count_cover(PP_TR_TCP, 445), 9);  /* 745-752, 830 */
	assert_int_equal(count_service_ja("Net Logon"), 4);
	assert_int_equal(count_service_ja("Systems Management Server 2.0"), 4);
}

static void test_directory_rows(void **state)
{
	(void)state;
	check_row(732, "389", PP_TR_TCP, "LDAP サーバー", "ローカル セキュリティ機関");
	check_row(737, "389", PP_TR_UDP, "DC ロケーター", "Kerberos キー配布センター");
	check_row(761, "636", PP_TR_TCP, "LDAP SSL", "ローカル セキュリティ機関");
	check_row(805, "3268", PP_TR_TCP, "グローバル カタログ", "ローカル セキュリティ機関");
	check_row(806, "3269", PP_TR_TCP, "グローバル カタログ", "ローカル セキュリティ機関");
	check_row(755, "500", PP_TR_UDP, "IPSec ISAKMP", "ローカル セキュリティ機関");
	check_row(812, "4500", PP_TR_UDP, "NAT-T", "ローカル セキュリティ機関");
	assert_int_equal(count_service_ja("ローカル セキュリティ機関"), 9);
	assert_int_equal(count_cover(PP_TR_TCP, 389), 3);
	assert_int_equal(count_cover(PP_TR_UDP, 389), 5);
}

static void test_mid_range_rows(void **state)
{
	(void)state;
	check_row(756, "515", PP_TR_TCP, "LPD", "TCP/IP プリント サーバー");
	check_row(757, "554", PP_TR_TCP, "RTSP", "Windows Media サービス");
	check_row(763, "647", PP_TR_TCP, "DHCP フェールオーバー", "DHCP フェールオーバー");
	check_row(770, "1270", PP_TR_TCP, "MOM-Encrypted", "Microsoft Operations Manager 2000");
	check_row(772, "1433", PP_TR_TCP, "SQL over TCP", "MSSQL$UDDI");
	check_row(773, "1434", PP_TR_UDP, "SQL Probe", "Microsoft SQL Server");
	check_row(776, "1646", PP_TR_UDP, "レガシ RADIUS", "インターネット認証サービス");
	check_row(783, "1812", PP_TR_UDP, "RADIUS 認証", "インターネット認証サービス");
	check_row(784, "1813", PP_TR_UDP, "RADIUS アカウンティング", "インターネット認証サービス");
	check_row(793, "2535", PP_TR_UDP,
		  "マルチキャスト アドレス動的クライアント割り当てプロトコル (MADCAP)", "DHCP サーバー");
	check_row(802, "2725", PP_TR_TCP, "SQL Analysis Services", "SQL Server Analysis Services");
	assert_int_equal(count_service_ja("メッセージ キュー"), 8);
	assert_int_equal(count_service_ja("Windows Media サービス"), 7);
	assert_int_equal(count_service_ja("SMS リモート コントロール エージェント"), 8);
	assert_int_equal(count_service_en("Internet Authentication Service"), 4);
}

static void test_high_rows(void **state)
{
	(void)state;
	check_row(803, "2869", PP_TR_TCP, "UPNP", "UPnP デバイス ホスト");
	check_row(804, "2869", PP_TR_TCP, "SSDP イベント通知", "SSDP Discovery Service");
	check_row(807, "3343", PP_TR_UDP, "クラスター サービス", "クラスター サービス");
	check_row(809, "3389", PP_TR_UDP, "RDS", "RDS");
	check_row(811, "4011", PP_TR_UDP, "BINL", "リモート インストール");
	check_row(813, "5000", PP_TR_TCP, "SSDP レガシ イベント通知", "SSDP Discovery Service");
	check_row(817, "6001", PP_TR_TCP, "インフォメーション ストア", "Exchange Server 2003");
	check_row(819, "6004", PP_TR_TCP, "DSProxy/NSPI", "Exchange Server 2003");
	check_row(820, "42424", PP_TR_TCP, "ASP.NET セッション状態", "ASP.NET 状態サービス");
	check_row(822, "5985", PP_TR_TCP, "HTTP", "WinRM 2.0");
	check_row(823, "5986", PP_TR_TCP, "HTTPS", "WinRM 2.0");
	check_row(829, "6600", PP_TR_TCP, "ライブ マイグレーション", "Hyper-V ライブ マイグレーション");
	check_row(831, "3343", PP_TR_UDP, "クラスター サービス トラフィック", "Hyper-V ライブ マイグレーション");
	/* DFSR 5722 (816); note on line 833 */
	const struct pp_port_table_row *r =
		check_row(816, "5722", PP_TR_TCP, "RPC", "分散ファイル システム レプリケーション");
	assert_non_null(r->ports.note.ja);
	assert_non_null(strstr(r->ports.note.ja, "Windows Server 2012 ドメイン コントローラーでは使用されません"));
	/* RDS listening port can be changed (line 922) */
	assert_int_equal(row_at(808)->ports.kind, PP_KIND_CONFIGURABLE);
}

static void test_dynamic_rows(void **state)
{
	(void)state;
	const struct pp_port_table_row *r;
	r = check_row(824, "1024-65535", PP_TR_TCP, "RPC", "ランダムに割り当てられた非特権 TCP ポート");
	assert_int_equal(r->ports.kind, PP_KIND_DYNAMIC);
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 1024));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 65535));
	assert_false(pp_ports_cover(&r->ports, PP_TR_TCP, 1023));
	r = check_row(826, "49152-65535", PP_TR_TCP, "ランダムに割り当てられた非特権 TCP ポート",
		      "Hyper-V サービス");
	assert_int_equal(r->ports.kind, PP_KIND_DYNAMIC);
	assert_string_equal(r->ports.as_written, "49152 ~ 65535 のランダムなポート番号");
	/* 50000/TCP: only the generic row and the Hyper-V row */
	assert_int_equal(count_cover(PP_TR_TCP, 50000), 2);
}

static void test_summary_notes(void **state)
{
	(void)state;
	const struct pp_fact *f = pp_fact_find("win-fact-summary-5722");
	assert_non_null(f);
	assert_int_equal(f->src.line, 833);
	assert_int_equal(f->n_ports, 1);
	assert_true(pp_ports_cover(&f->ports[0], PP_TR_TCP, 5722));
	f = pp_fact_find("win-fact-summary-dfsr-445");
	assert_non_null(f);
	assert_int_equal(f->src.line, 833);
	assert_true(pp_ports_cover(&f->ports[0], PP_TR_TCP, 445));
	assert_non_null(strstr(f->text.ja, "新しい空のレプリケートされたフォルダー"));
	f = pp_fact_find("win-fact-summary-table");
	assert_non_null(f);
	assert_string_equal(f->src.section, SUMMARY);
	assert_int_equal(f->src.line, 642);
	f = pp_fact_find("win-fact-summary-excel");
	assert_non_null(f);
	assert_int_equal(f->src.line, 834);
}

/* ---------- Active Directory lists ---------- */

static void test_ad_dependencies_list(void **state)
{
	(void)state;
	const struct pp_list *l = pp_list_find("win-ad-dependencies");
	assert_non_null(l);
	assert_string_equal(l->src.section, ADREQ);
	assert_int_equal(l->src.line, 838);
	assert_int_equal(l->n_items, 13); /* lines 839-851 */
	assert_int_equal(l->items[0].line, 839);
	assert_string_equal(l->items[0].text.ja, "Active Directory / LSA");
	assert_int_equal(l->items[12].line, 851);
	assert_string_equal(l->items[12].text.ja, "World Wide Web 発行サービス");
	assert_true(list_has(l, "Kerberos キー配布センター", "win-kdc"));
	assert_true(list_has(l, "Net Logon", "win-netlogon"));
	assert_true(list_has(l, "リモート プロシージャ コール (RPC)", "win-rpcss"));
	assert_true(list_has(l, "サーバー", "win-lanmanserver"));
	assert_true(list_has(l, "分散ファイル システム レプリケーション (SYSVOL のレプリケーションに FRS を使用しない場合)", NULL));
	for (size_t i = 0; i < l->n_items; i++)
		assert_non_null(l->items[i].service);
}

static void test_ad_dependents_list(void **state)
{
	(void)state;
	const struct pp_list *l = pp_list_find("win-ad-dependents");
	assert_non_null(l);
	assert_string_equal(l->src.section, ADREQ);
	assert_int_equal(l->src.line, 852);
	assert_int_equal(l->n_items, 23); /* lines 853-875 */
	assert_string_equal(l->items[0].text.ja, "証明書サービス (個別の構成に必要)");
	assert_string_equal(l->items[22].text.ja, "リモート デスクトップ接続ブローカー");
	assert_int_equal(l->items[22].line, 875);
	assert_true(list_has(l, "Net Logon", "win-netlogon"));
	assert_true(list_has(l, "サーバー", "win-lanmanserver"));
	assert_true(list_has(l, "DFS 名前空間 (ドメインベースの名前空間を使用する場合)", NULL));
	assert_true(list_has(l, "RDSL", NULL));
	for (size_t i = 0; i < l->n_items; i++)
		assert_non_null(l->items[i].service);
}

static void test_ad_requirement_facts(void **state)
{
	(void)state;
	const struct pp_fact *f = pp_fact_find("win-fact-adreq-not-exhaustive");
	assert_non_null(f);
	assert_int_equal(f->src.line, 837);
	assert_string_equal(f->quote, "ただし、これ以外のものが必要な場合もあります");
	f = pp_fact_find("win-fact-adreq-dependencies");
	assert_non_null(f);
	assert_int_equal(f->src.line, 836);
}

static void test_related_information_facts(void **state)
{
	(void)state;
	const struct pp_fact *f = pp_fact_find("win-fact-relinfo-dfsr-static-rpc");
	assert_non_null(f);
	assert_int_equal(f->src.line, 907);
	f = pp_fact_find("win-fact-relinfo-dfsr-static-rpc-command");
	assert_non_null(f);
	assert_int_equal(f->src.line, 908);
	assert_string_equal(f->quote, "dfsrdiag StaticRPC/port:nnnnn/Member:Branch01.sales.contoso.com");
	f = pp_fact_find("win-fact-relinfo-rds-port");
	assert_non_null(f);
	assert_int_equal(f->src.line, 922);
	f = pp_fact_find("win-fact-relinfo-rpc-firewall");
	assert_non_null(f);
	assert_int_equal(f->src.line, 896);
	f = pp_fact_find("win-fact-relinfo-msmq");
	assert_non_null(f);
	assert_int_equal(f->src.line, 918);
}

/* ---------- inconsistencies: one test each ---------- */

static void test_inc_upd_typo(void **state)
{
	(void)state;
	check_inc("win-pt-inc-upd-typo", "typo", "UPD", 799);
	const struct pp_port_table_row *r =
		check_row(799, "2703", PP_TR_UDP, "SMS リモート チャット", "SMS リモート コントロール エージェント");
	assert_string_equal(r->ports.as_written, "UPD");
	check_row_issue(799, "win-pt-inc-upd-typo");
	assert_int_equal(count_cover(PP_TR_UDP, 2703), 1);
	assert_int_equal(count_cover(PP_TR_TCP, 2703), 2); /* 798 and the 1024-65535 row (824) */
}

static void test_inc_order_9389(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-order-9389", "contradiction", "9389", 764);
	check_row_issue(764, "win-pt-inc-order-9389");
	assert_true(ct_affects(inc, row_at(765)->id));
	check_row(764, "9389", PP_TR_TCP, "Active Directory Web サービス (ADWS)", "Active Directory Web サービス (ADWS)");
}

static void test_inc_order_42424(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-order-42424", "contradiction", "42424", 820);
	check_row_issue(820, "win-pt-inc-order-42424");
	check_row(821, "51515", PP_TR_TCP, "MOM-Clear", "Microsoft Operations Manager 2000");
	assert_true(ct_affects(inc, row_at(821)->id));
	check_row_issue(821, "win-pt-inc-order-42424");
}

static void test_inc_order_tail(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-order-tail", "contradiction",
						       "135 | TCP | WMI | Hyper-V サービス", 825);
	for (unsigned l = 824; l <= 831; l++)
		assert_true(ct_affects(inc, row_at(l)->id));
	check_row_issue(830, "win-pt-inc-order-tail");
}

static void test_inc_random_row_columns(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-random-row-columns", "garbled",
						       "RPC | ランダムに割り当てられた非特権 TCP ポート", 824);
	assert_true(ct_affects(inc, row_at(824)->id));
	/* resolved: the row belongs to RPC (RpcSs) */
	assert_string_equal(row_at(824)->service, "win-rpcss");
}

static void test_inc_random_row_range(void **state)
{
	(void)state;
	check_inc("win-pt-inc-random-row-range", "contradiction", "1024-65535", 824);
	check_row_issue(824, "win-pt-inc-random-row-range");
	const struct pp_port_table_row *r = row_at(824);
	/* covers both default dynamic ranges (lines 6-10) */
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 1025));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 5000));
	assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 49152));
}

static void test_inc_missing_dynamic_rows(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-missing-dynamic-rows", "missing",
						       "ランダムに割り当てられた非特権 TCP ポート", 824);
	assert_true(ct_affects(inc, "win-netlogon"));
	assert_true(inc->n_affects >= 17);
	/* no summary row other than 824 and Hyper-V's 826 covers 49152/TCP */
	assert_int_equal(count_cover(PP_TR_TCP, 49152), 2);
}

static void test_inc_hyper_v_name(void **state)
{
	(void)state;
	check_inc("win-pt-inc-hyper-v-name", "contradiction", "Hyper-V サービス", 825);
	for (unsigned l = 825; l <= 828; l++)
		check_row_issue(l, "win-pt-inc-hyper-v-name");
	check_row(827, "80", PP_TR_TCP, "Kerberos 認証 (HTTP)", "Hyper-V サービス");
	check_row(828, "443", PP_TR_TCP, "証明書ベースの認証 (HTTPS)", "Hyper-V サービス");
	assert_int_equal(count_service_ja("Hyper-V サービス"), 4);
}

static void test_inc_dc_locator_name(void **state)
{
	(void)state;
	check_inc("win-pt-inc-dc-locator-name", "contradiction", "DC ロケーター", 733);
	check_row(733, "389", PP_TR_UDP, "DC ロケーター", "ローカル セキュリティ機関");
	check_row(735, "389", PP_TR_UDP, "DC ロケーター", "DFS 名前空間");
	check_row(736, "389", PP_TR_UDP, "DC ロケーター", "Netlogon");
	check_row_issue(733, "win-pt-inc-dc-locator-name");
	check_row_issue(735, "win-pt-inc-dc-locator-name");
	check_row_issue(736, "win-pt-inc-dc-locator-name");
	assert_null(row_at(737)->ports.issue); /* KDC's own table says DC ロケーター */
}

static void test_inc_dfsr_389(void **state)
{
	(void)state;
	check_inc("win-pt-inc-dfsr-389", "contradiction",
		  "389 | TCP | LDAP サーバー | 分散ファイル システム レプリケーション", 738);
	check_row(738, "389", PP_TR_TCP, "LDAP サーバー", "分散ファイル システム レプリケーション");
	check_row(739, "389", PP_TR_UDP, "DC ロケーター", "分散ファイル システム レプリケーション");
	check_row_issue(738, "win-pt-inc-dfsr-389");
	check_row_issue(739, "win-pt-inc-dfsr-389");
}

static void test_inc_dfsr_445(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-dfsr-445", "contradiction",
		"445 | TCP | SMB | 分散ファイル システム レプリケーション", 750);
	check_row_issue(750, "win-pt-inc-dfsr-445");
	assert_true(ct_affects(inc, "win-fact-summary-dfsr-445"));
	assert_non_null(row_at(750)->ports.note.ja);
}

static void test_inc_lsa_636_udp(void **state)
{
	(void)state;
	check_inc("win-pt-inc-lsa-636-udp", "contradiction", "636 | UDP | LDAP SSL", 762);
	check_row(762, "636", PP_TR_UDP, "LDAP SSL", "ローカル セキュリティ機関");
	check_row_issue(762, "win-pt-inc-lsa-636-udp");
}

static void test_inc_rpc_593_name(void **state)
{
	(void)state;
	check_inc("win-pt-inc-rpc-593-name", "contradiction", "RPC over HTTP エンドポイント マッパー", 759);
	const struct pp_port_table_row *r =
		check_row(759, "593", PP_TR_TCP, "RPC over HTTP エンドポイント マッパー", "リモート プロシージャ コール");
	assert_string_equal(r->service, "win-rpcss");
	check_row_issue(759, "win-pt-inc-rpc-593-name");
	check_row(760, "593", PP_TR_TCP, "RPC over HTTPS", "Exchange Server");
}

static void test_inc_adws_columns(void **state)
{
	(void)state;
	check_inc("win-pt-inc-adws-columns", "garbled",
		  "Active Directory Web サービス (ADWS) | Active Directory Management Gateway Service", 765);
	check_row(765, "9389", PP_TR_TCP, "Active Directory Web サービス (ADWS)",
		  "Active Directory Management Gateway Service");
	check_row_issue(765, "win-pt-inc-adws-columns");
	/* both 9389 rows resolved to the same (Active Directory) service */
	assert_non_null(row_at(764)->service);
	assert_string_equal(row_at(764)->service, row_at(765)->service);
	assert_string_equal(row_at(765)->service, row_at(732)->service);
}

static void test_inc_dhcp_failover_name(void **state)
{
	(void)state;
	check_inc("win-pt-inc-dhcp-failover-name", "contradiction", "DHCP フェールオーバー | DHCP フェールオーバー", 763);
	check_row_issue(763, "win-pt-inc-dhcp-failover-name");
	/* resolved to the DHCP Server service, like 67/UDP (674) */
	assert_string_equal(row_at(763)->service, row_at(674)->service);
}

static void test_inc_dfs_name(void **state)
{
	(void)state;
	check_inc("win-pt-inc-dfs-name", "contradiction", "分散ファイル システム", 716);
	check_row(716, "138", PP_TR_UDP, "NetBIOS データグラム サービス", "分散ファイル システム");
	check_row_issue(716, "win-pt-inc-dfs-name");
	/* resolved to DFS Namespace, like 139/TCP "DFS 名前空間" (726) */
	assert_string_equal(row_at(716)->service, row_at(726)->service);
}

static void test_inc_trksvr_name(void **state)
{
	(void)state;
	check_inc("win-pt-inc-trksvr-name", "contradiction", "分散リンク トラッキング", 695);
	check_row(695, "135", PP_TR_TCP, "RPC", "分散リンク トラッキング");
	check_row_issue(695, "win-pt-inc-trksvr-name");
	assert_non_null(row_at(695)->service);
}

static void test_inc_winrm_name(void **state)
{
	(void)state;
	check_inc("win-pt-inc-winrm-name", "contradiction", "WinRM 1.1 以前", 678);
	check_row(744, "443", PP_TR_TCP, "HTTPS", "WinRM 1.1 以前");
	check_row_issue(678, "win-pt-inc-winrm-name");
	check_row_issue(744, "win-pt-inc-winrm-name");
	check_row_issue(822, "win-pt-inc-winrm-name");
	check_row_issue(823, "win-pt-inc-winrm-name");
	/* all four rows resolve to the one WinRM service */
	assert_string_equal(row_at(678)->service, row_at(823)->service);
}

static void test_inc_exchange_135_duplicate(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-exchange-135-duplicate",
						       "contradiction", "Microsoft Exchange Server", 699);
	check_row(691, "135", PP_TR_TCP, "RPC", "Exchange Server");
	check_row(699, "135", PP_TR_TCP, "RPC", "Microsoft Exchange Server");
	assert_true(ct_affects(inc, row_at(691)->id));
	check_row_issue(699, "win-pt-inc-exchange-135-duplicate");
}

static void test_inc_no_section_exchange(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-no-section-exchange", "missing", "Exchange Server", 667);
	check_row(667, "25", PP_TR_TCP, "SMTP", "Exchange Server");
	check_row(729, "143", PP_TR_TCP, "IMAP", "Exchange Server");
	check_row(743, "443", PP_TR_TCP, "RPC over HTTPS", "Exchange Server 2003");
	check_row(766, "993", PP_TR_TCP, "IMAP over SSL", "Exchange Server");
	check_row(767, "995", PP_TR_TCP, "POP3 over SSL", "Exchange Server");
	check_row(818, "6002", PP_TR_TCP, "Directory Referral", "Exchange Server 2003");
	check_row_issue(667, "win-pt-inc-no-section-exchange");
	assert_int_equal(inc->n_affects, 12);
	assert_null(row_at(667)->service);
	assert_int_equal(count_service_ja("Exchange Server"), 7);
	assert_int_equal(count_service_ja("Exchange Server 2003"), 4);
}

static void test_inc_no_section_sms(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-no-section-sms", "missing", "Systems Management Server 2.0", 705);
	check_row(727, "139", PP_TR_TCP, "NetBIOS セッション サービス", "Systems Management Server 2.0");
	check_row_issue(712, "win-pt-inc-no-section-sms");
	assert_int_equal(inc->n_affects, 4);
	assert_null(row_at(717)->service);
}

static void test_inc_no_section_sms_rc(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-no-section-sms-rc", "missing",
						       "SMS リモート コントロール エージェント", 794);
	check_row(794, "2701", PP_TR_TCP, "SMS リモート コントロール (コントロール)", "SMS リモート コントロール エージェント");
	check_row(797, "2702", PP_TR_UDP, "SMS リモート コントロール (データ)", "SMS リモート コントロール エージェント");
	check_row(801, "2704", PP_TR_UDP, "SMS リモート ファイル転送", "SMS リモート コントロール エージェント");
	check_row_issue(801, "win-pt-inc-no-section-sms-rc");
	assert_true(ct_affects(inc, row_at(799)->id));
	assert_int_equal(inc->n_affects, 8);
}

static void test_inc_no_section_sql(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-no-section-sql", "missing", "Microsoft SQL Server", 771);
	check_row(771, "1433", PP_TR_TCP, "SQL over TCP", "Microsoft SQL Server");
	check_row(790, "2393", PP_TR_TCP, "OLAP Services 7.0", "SQL Server: Downlevel OLAP Client Support");
	check_row(791, "2394", PP_TR_TCP, "OLAP Services 7.0", "SQL Server: Downlevel OLAP Client Support");
	check_row_issue(774, "win-pt-inc-no-section-sql");
	assert_int_equal(inc->n_affects, 7);
}

static void test_inc_no_section_mom(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-no-section-mom", "missing", "Microsoft Operations Manager 2000", 770);
	check_row_issue(770, "win-pt-inc-no-section-mom");
	assert_true(ct_affects(inc, row_at(821)->id));
	assert_int_equal(count_service_ja("Microsoft Operations Manager 2000"), 2);
}

static void test_inc_no_section_bootstrap(void **state)
{
	(void)state;
	check_inc("win-pt-inc-no-section-bootstrap", "missing", "Installation Bootstrap protocol server", 768);
	check_row(768, "1067", PP_TR_TCP, "Installation Bootstrap Service", "Installation Bootstrap protocol server");
	check_row(769, "1068", PP_TR_TCP, "Installation Bootstrap Service", "Installation Bootstrap protocol client");
	check_row_issue(768, "win-pt-inc-no-section-bootstrap");
	check_row_issue(769, "win-pt-inc-no-section-bootstrap");
}

static void test_inc_missing_lsa(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-missing-lsa", "missing", "ICMP | ポート番号なし", 57);
	assert_string_equal(inc->src.section, "Active Directory (ローカル セキュリティ機関)");
	/* the summary has no ICMP row and no 445 row for the LSA */
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_port_table; i++)
		if (in_summary(&c->port_table[i])) {
			assert_int_not_equal(c->port_table[i].ports.transport, PP_TR_ICMP);
			if (pp_ports_cover(&c->port_table[i].ports, PP_TR_TCP, 445))
				assert_string_not_equal(c->port_table[i].system_service.ja, "ローカル セキュリティ機関");
		}
}

static void test_inc_missing_certsvc(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-certsvc", "missing", "SMB | TCP | 445、139", 99);
	assert_int_equal(count_service_ja("証明書サービス"), 1);
	check_row(692, "135", PP_TR_TCP, "RPC", "証明書サービス");
}

static void test_inc_missing_clussvc(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-missing-clussvc", "missing", "クラスター サービス | TCP | 3343", 109);
	assert_true(ct_affects(inc, row_at(807)->id));
	/* 3343/TCP only through the generic 1024-65535 row */
	assert_int_equal(count_cover(PP_TR_TCP, 3343), 1);
	assert_int_equal(count_service_ja("クラスター サービス"), 2);
}

static void test_inc_missing_eventlog(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-eventlog", "missing", "RPC/名前付きパイプ (NP) | TCP | 139", 189);
	assert_int_equal(count_service_en("Event"), 0);
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_port_table; i++)
		if (in_summary(&c->port_table[i]))
			assert_null(strstr(c->port_table[i].ports.proto.ja, "RPC/"));
}

static void test_inc_missing_group_policy(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-group-policy", "missing", "DCOM¹ | TCP + UDP", 227);
	assert_int_equal(count_service_ja("グループ ポリシー"), 1);
	check_row(701, "135", PP_TR_TCP, "RPC", "グループ ポリシー");
}

static void test_inc_missing_isa_tmg(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-isa-tmg", "missing", "構成保管 (ドメイン) | TCP | 2171", 283);
	/* 2171 and 8080 only through the generic 1024-65535 row; 1745/UDP not at all */
	assert_int_equal(count_cover(PP_TR_TCP, 2171), 1);
	assert_int_equal(count_cover(PP_TR_TCP, 8080), 1);
	assert_int_equal(count_cover(PP_TR_UDP, 1745), 0);
}

static void test_inc_missing_netlogon_rpc(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-missing-netlogon-rpc", "missing", "RPC¹ | TCP | 135", 356);
	assert_true(ct_affects(inc, "win-netlogon"));
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_port_table; i++)
		if (in_summary(&c->port_table[i]) && pp_ports_cover(&c->port_table[i].ports, PP_TR_TCP, 135))
			assert_string_not_equal(c->port_table[i].system_service.ja, "Net Logon");
}

static void test_inc_missing_profsvc(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-missing-profsvc", "missing", "SMB | TCP | 445", 378);
	assert_string_equal(inc->src.section,
		"オフライン ファイル、ユーザー プロファイル サービス、フォルダー リダイレクト、およびプライマリ コンピューター");
	assert_int_equal(count_service_en("Offline"), 0);
}

static void test_inc_missing_spooler(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-spooler", "missing", "RPC | TCP | 135", 395);
	assert_int_equal(count_service_ja("印刷スプーラー"), 2);
	check_row(722, "139", PP_TR_TCP, "NetBIOS セッション サービス", "印刷スプーラー");
	check_row(746, "445", PP_TR_TCP, "SMB", "印刷スプーラー");
}

static void test_inc_missing_rpcss(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-missing-rpcss", "missing",
						       "NetBIOS データグラム サービス | UDP | 138", 417);
	assert_true(ct_affects(inc, "win-rpcss"));
	assert_int_equal(count_service_ja("リモート プロシージャ コール"), 2);
}

static void test_inc_missing_rpclocator(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-rpclocator", "missing", "NetBIOS データグラム サービス | UDP | 138", 429);
	assert_int_equal(count_service_ja("リモート プロシージャ コール ロケーター"), 2);
	check_row(748, "445", PP_TR_TCP, "SMB", "リモート プロシージャ コール ロケーター");
}

static void test_inc_missing_rdsl(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-rdsl", "missing", "NetBIOS データグラム サービス | UDP | 138", 562);
	assert_int_equal(count_service_ja("RDSL"), 1);
	check_row(706, "135", PP_TR_TCP, "RPC", "RDSL");
}

static void test_inc_missing_ipam(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-missing-ipam", "missing", "48885", 275);
	assert_string_equal(inc->src.section, "IP アドレス管理 (IPAM)");
	/* 48885 only through the generic 1024-65535 row */
	assert_int_equal(count_cover(PP_TR_TCP, 48885), 1);
}

static void test_inc_missing_branchcache(void **state)
{
	(void)state;
	check_inc("win-pt-inc-missing-branchcache", "missing", "ポート 3702 (UDP)", 277);
	assert_int_equal(count_cover(PP_TR_UDP, 3702), 0);
}

static void test_inc_relinfo_replication_typo(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-relinfo-replication-typo", "typo", "レブリケーション", 899);
	assert_non_null(strstr(inc->reading.ja, "レプリケーション"));
	const struct pp_fact *f = pp_fact_find("win-fact-relinfo-ad-restrict");
	assert_non_null(f);
	assert_true(ct_affects(inc, f->id));
}

static void test_inc_relinfo_lsa_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc =
		check_inc("win-pt-inc-relinfo-lsa-name", "garbled", "ローカル システム証明機関", 900);
	assert_non_null(strstr(inc->reading.ja, "ローカル セキュリティ機関"));
}

static void test_inc_relinfo_dfsrdiag_syntax(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-relinfo-dfsrdiag-syntax", "garbled",
		"dfsrdiag StaticRPC/port:nnnnn/Member:Branch01.sales.contoso.com", 908);
	assert_string_equal(inc->reading.en, "dfsrdiag StaticRPC /port:nnnnn /Member:Branch01.sales.contoso.com");
}

static void test_inc_relinfo_split_sentence(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-relinfo-split-sentence", "garbled",
		"は対象のメンバー コンピューターの DNS 名または NetBIOS 名です", 911);
	assert_non_null(strstr(inc->reading.ja, "Branch01.sales.contoso.com は対象の"));
}

static void test_inc_relinfo_exchange_sites_missing(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-relinfo-exchange-sites-missing", "missing",
						       "次のマイクロソフト Web サイトを参照してください。", 904);
	assert_string_equal(inc->src.section, "Exchange Server");
}

static void test_inc_relinfo_ftp_missing(void **state)
{
	(void)state;
	const struct pp_inconsistency *inc = check_inc("win-pt-inc-relinfo-ftp-missing", "missing",
		"FTP の詳細については、以下のリソースを参照してください。", 914);
	assert_string_equal(inc->src.section, "インターネット インフォメーション サービス");
}

static void test_inc_truncated_end(void **state)
{
	(void)state;
	check_inc("win-pt-inc-truncated-end", "missing", "Windows Media サービス", 925);
}

static void check_split_row(const char *id, const char *as_written, unsigned line, const char *spec,
			    unsigned transport, const char *proto)
{
	const struct pp_inconsistency *inc = check_inc(id, "garbled", as_written, line);
	check_row(line, spec, transport, proto, "簡易 TCP/IP サービス");
	check_row_issue(line, id);
	assert_null(row_at(line + 1)); /* the service cell's line is not a row */
	assert_int_equal(inc->n_affects, 1);
}

static void test_inc_split_row_17_tcp(void **state)
{
	(void)state;
	check_split_row("win-pt-inc-split-row-17-tcp", "17 | TCP | Quotd |", 654, "17", PP_TR_TCP, "Quotd");
}

static void test_inc_split_row_17_udp(void **state)
{
	(void)state;
	check_split_row("win-pt-inc-split-row-17-udp", "17 | UDP | Quotd |", 656, "17", PP_TR_UDP, "Quotd");
}

static void test_inc_split_row_19_tcp(void **state)
{
	(void)state;
	check_split_row("win-pt-inc-split-row-19-tcp", "19 | TCP | Chargen |", 658, "19", PP_TR_TCP, "Chargen");
}

static void test_inc_split_row_19_udp(void **state)
{
	(void)state;
	check_split_row("win-pt-inc-split-row-19-udp", "19 | UDP | Chargen |", 660, "19", PP_TR_UDP, "Chargen");
}

static void test_inc_count(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_inconsistencies; i++)
		if (strncmp(c->inconsistencies[i].id, "win-pt-inc-", 11) == 0)
			n++;
	assert_int_equal(n, 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_row_count),
		cmocka_unit_test(test_ip_protocol_rows),
		cmocka_unit_test(test_simple_tcpip_rows),
		cmocka_unit_test(test_low_well_known_rows),
		cmocka_unit_test(test_http_kerberos_rows),
		cmocka_unit_test(test_rpc_135_rows),
		cmocka_unit_test(test_netbios_smb_rows),
		cmocka_unit_test(test_directory_rows),
		cmocka_unit_test(test_mid_range_rows),
		cmocka_unit_test(test_high_rows),
		cmocka_unit_test(test_dynamic_rows),
		cmocka_unit_test(test_summary_notes),
		cmocka_unit_test(test_ad_dependencies_list),
		cmocka_unit_test(test_ad_dependents_list),
		cmocka_unit_test(test_ad_requirement_facts),
		cmocka_unit_test(test_related_information_facts),
		cmocka_unit_test(test_inc_upd_typo),
		cmocka_unit_test(test_inc_order_9389),
		cmocka_unit_test(test_inc_order_42424),
		cmocka_unit_test(test_inc_order_tail),
		cmocka_unit_test(test_inc_random_row_columns),
		cmocka_unit_test(test_inc_random_row_range),
		cmocka_unit_test(test_inc_missing_dynamic_rows),
		cmocka_unit_test(test_inc_hyper_v_name),
		cmocka_unit_test(test_inc_dc_locator_name),
		cmocka_unit_test(test_inc_dfsr_389),
		cmocka_unit_test(test_inc_dfsr_445),
		cmocka_unit_test(test_inc_lsa_636_udp),
		cmocka_unit_test(test_inc_rpc_593_name),
		cmocka_unit_test(test_inc_adws_columns),
		cmocka_unit_test(test_inc_dhcp_failover_name),
		cmocka_unit_test(test_inc_dfs_name),
		cmocka_unit_test(test_inc_trksvr_name),
		cmocka_unit_test(test_inc_winrm_name),
		cmocka_unit_test(test_inc_exchange_135_duplicate),
		cmocka_unit_test(test_inc_no_section_exchange),
		cmocka_unit_test(test_inc_no_section_sms),
		cmocka_unit_test(test_inc_no_section_sms_rc),
		cmocka_unit_test(test_inc_no_section_sql),
		cmocka_unit_test(test_inc_no_section_mom),
		cmocka_unit_test(test_inc_no_section_bootstrap),
		cmocka_unit_test(test_inc_missing_lsa),
		cmocka_unit_test(test_inc_missing_certsvc),
		cmocka_unit_test(test_inc_missing_clussvc),
		cmocka_unit_test(test_inc_missing_eventlog),
		cmocka_unit_test(test_inc_missing_group_policy),
		cmocka_unit_test(test_inc_missing_isa_tmg),
		cmocka_unit_test(test_inc_missing_netlogon_rpc),
		cmocka_unit_test(test_inc_missing_profsvc),
		cmocka_unit_test(test_inc_missing_spooler),
		cmocka_unit_test(test_inc_missing_rpcss),
		cmocka_unit_test(test_inc_missing_rpclocator),
		cmocka_unit_test(test_inc_missing_rdsl),
		cmocka_unit_test(test_inc_missing_ipam),
		cmocka_unit_test(test_inc_missing_branchcache),
		cmocka_unit_test(test_inc_relinfo_replication_typo),
		cmocka_unit_test(test_inc_relinfo_lsa_name),
		cmocka_unit_test(test_inc_relinfo_dfsrdiag_syntax),
		cmocka_unit_test(test_inc_relinfo_split_sentence),
		cmocka_unit_test(test_inc_relinfo_exchange_sites_missing),
		cmocka_unit_test(test_inc_relinfo_ftp_missing),
		cmocka_unit_test(test_inc_truncated_end),
		cmocka_unit_test(test_inc_split_row_17_tcp),
		cmocka_unit_test(test_inc_split_row_17_udp),
		cmocka_unit_test(test_inc_split_row_19_tcp),
		cmocka_unit_test(test_inc_split_row_19_udp),
		cmocka_unit_test(test_inc_count),
	};
	return cmocka_run_group_tests_name("doc 003 port table (ポートとプロトコル)", tests, NULL, NULL);
}
