/*
 * Document 003 (KB 832017), lines 1-640: the introduction and every section of
 * "システム サービスのポート". Expected values were written by reading
 * ../shared/seeds/003_07db2817c1798512.txt, not from the catalog file.
 */
#include "catalog_test.h"

/* ---- helpers ----------------------------------------------------------- */

static const struct pp_service *svc(const char *id)
{
	const struct pp_service *s = pp_service_find(id);
	if (s == NULL)
		print_error("service %s not found\n", id);
	assert_non_null(s);
	assert_non_null(s->src.doc);
	assert_string_equal(s->src.doc->id, "003");
	return s;
}

/* The row of service `id` written on seed line `line`. */
static const struct pp_ports *row(const char *id, unsigned line)
{
	const struct pp_service *s = svc(id);
	for (size_t i = 0; i < s->n_rows; i++)
		if (s->rows[i].line == line)
			return &s->rows[i];
	print_error("no row of %s on line %u\n", id, line);
	fail();
	return NULL;
}

static const struct pp_fact *fact(const char *id)
{
	const struct pp_fact *f = pp_fact_find(id);
	if (f == NULL)
		print_error("fact %s not found\n", id);
	assert_non_null(f);
	assert_string_equal(f->src.doc->id, "003");
	return f;
}

static const struct pp_inconsistency *inc(const char *id)
{
	const struct pp_inconsistency *x = pp_inconsistency_find(id);
	if (x == NULL)
		print_error("inconsistency %s not found\n", id);
	assert_non_null(x);
	assert_string_equal(x->src.doc->id, "003");
	return x;
}

/* Does any row of service `id` cover port/transport? */
static int svc_covers(const char *id, unsigned tr, uint16_t port)
{
	const struct pp_service *s = svc(id);
	return ct_row_covering(s->rows, s->n_rows, tr, port) != NULL;
}

/* Rows of every service whose section title is `title`. */
static size_t rows_in_section(const char *title)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_services; i++)
		if (ct_from_doc(&c->services[i].src, "003") &&
		    strcmp(c->services[i].src.section, title) == 0)
			n += c->services[i].n_rows;
	return n;
}

static const struct pp_service *by_name_ja(const char *ja)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_services; i++)
		if (c->services[i].name.ja != NULL && strcmp(c->services[i].name.ja, ja) == 0)
			return &c->services[i];
	return NULL;
}

static const struct pp_service *by_name_en(const char *en)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_services; i++)
		if (c->services[i].name.en != NULL && strcmp(c->services[i].name.en, en) == 0)
			return &c->services[i];
	return NULL;
}

static const struct pp_service *by_system_name(const char *name)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_services; i++)
		if (ct_has_str(c->services[i].system_names, c->services[i].n_system_names, name))
			return &c->services[i];
	return NULL;
}

/* ---- document and dynamic ranges --------------------------------------- */

static void test_document(void **state)
{
	(void)state;
	const struct pp_document *d = pp_document_find("003");
	assert_non_null(d);
	assert_string_equal(d->file, "003_07db2817c1798512.txt");
	assert_string_equal(d->title.ja, "Windows のサービス概要およびネットワーク ポート要件");
	assert_string_equal(d->kb, "832017");
}

static void test_dynamic_ranges(void **state)
{
	(void)state;
	const struct pp_dynamic_range *n = pp_dynamic_range_find("win-dyn-2008");
	const struct pp_dynamic_range *o = pp_dynamic_range_find("win-dyn-legacy");
	assert_non_null(n);
	assert_non_null(o);
	assert_int_equal(n->src.line, 5);
	assert_int_equal(o->src.line, 8);
	assert_string_equal(n->ports.spec, "49152-65535");
	assert_string_equal(o->ports.spec, "1025-5000");
	assert_true(pp_ports_cover(&n->ports, PP_TR_TCP, 49152));
	assert_true(pp_ports_cover(&n->ports, PP_TR_TCP, 65535));
	assert_false(pp_ports_cover(&n->ports, PP_TR_TCP, 5000));
	assert_true(pp_ports_cover(&o->ports, PP_TR_TCP, 1025));
	assert_false(pp_ports_cover(&o->ports, PP_TR_TCP, 1024));
	assert_true(ct_contains(o->os.ja, "Windows Server 2003"));
	assert_true(ct_contains(n->os.ja, "Windows Vista"));
}

/* ---- every service and its row count ------------------------------------ */

static const struct {
	const char *id, *section;
	unsigned line;
	size_t rows;
} services[] = {
	{"win-ad-lsa", "Active Directory (ローカル セキュリティ機関)", 37, 13},
	{"win-alg", "アプリケーション層ゲートウェイ サービス", 72, 1},
	{"win-aspnet-state", "ASP.NET 状態サービス", 81, 1},
	{"win-certsvc", "証明書サービス", 87, 3},
	{"win-clussvc", "クラスター サービス", 103, 7},
	{"win-browser", "Computer Browser", 119, 3},
	{"win-dhcpserver", "動的ホスト構成プロトコル (DHCP) サーバー", 129, 3},
	{"win-dfs", "DFS 名前空間", 137, 7},
	{"win-dfsr", "分散ファイル システム レプリケーション", 151, 3},
	{"win-trksvr", "分散リンク トラッキング サーバー", 161, 2},
	{"win-msdtc", "Distributed Transaction Coordinator", 169, 2},
	{"win-dns", "DNS サーバー", 177, 2},
	{"win-eventlog", "Event Log", 184, 4},
	{"win-fax", "Fax サービス", 195, 4},
	{"win-ntfrs", "ファイル複製", 205, 2},
	{"win-msftpsvc", "FTP Publishing Service", 213, 3},
	{"win-group-policy", "グループ ポリシー", 221, 5},
	{"win-httpfilter", "HTTP SSL", 237, 1},
	{"win-hyper-v-replica", "Hyper-V レプリカ", 244, 4},
	{"win-hyper-v-live-migration", "Hyper-V ライブ マイグレーション", 251, 3},
	{"win-ias", "インターネット認証サービス", 257, 4},
	{"win-sharedaccess", "インターネット接続ファイアウォール (ICF)/インターネット接続の共有", 266, 3},
	{"win-isa-tmg", "ISA/TMG Server", 280, 10},
	{"win-kdc", "Kerberos キー配布センター", 301, 5},
	{"win-licenseservice", "License Logging Service", 311, 3},
	{"win-msmq", "メッセージ キュー", 321, 8},
	{"win-msexchangemta", "Microsoft Exchange メッセージ転送エージェント (MTA) スタック", 334, 1},
	{"win-pop3svc", "Microsoft POP3 サービス", 340, 1},
	{"win-netlogon", "Net Logon", 346, 6},
	{"win-nntpsvc", "NNTP (ネットワーク ニュース転送プロトコル)", 363, 2},
	{"win-profsvc", "オフライン ファイル、ユーザー プロファイル サービス、フォルダー リダイレクト、およびプライマリ コンピューター", 370, 6},
	{"win-sysmonlog", "パフォーマンス ログと警告", 384, 1},
	{"win-spooler", "印刷スプーラー", 390, 6},
	{"win-binlsvc", "リモート インストール", 404, 1},
	{"win-rpcss", "リモート プロシージャ コール (RPC)", 410, 6},
	{"win-rpclocator", "Remote Procedure Call (RPC) Locator", 424, 4},
	{"win-remote-storage-user-link", "Remote Storage Notification", 435, 2},
	{"win-remote-storage-server", "リモート記憶域", 443, 2},
	{"win-remoteaccess", "ルーティングとリモート アクセス", 451, 5},
	{"win-lanmanserver", "サーバー", 463, 4},
	{"win-sharepoint-portal-server", "SharePoint Portal Server", 475, 2},
	{"win-smtpsvc", "簡易メール転送プロトコル (SMTP)", 481, 1},
	{"win-simptcp", "簡易 TCP/IP サービス", 487, 10},
	{"win-snmp", "簡易ネットワーク管理プロトコル (SNMP) サービス", 510, 1},
	{"win-snmptrap", "SNMP トラップ サービス", 516, 1},
	{"win-ssdpsrv", "Simple Service Discovery Protocol (SSDP) Discovery Service", 522, 3},
	{"win-lpdsvc", "TCP/IP プリント サーバー", 532, 1},
	{"win-tlntsvr", "Telnet", 538, 1},
	{"win-termservice", "リモート デスクトップ サービス (RDS)", 548, 2},
	{"win-termservlicensing", "RDS ライセンス (RDSL)", 555, 6},
	{"win-tssdis", "リモート デスクトップ接続ブローカー", 569, 2},
	{"win-tftpd", "Trivial FTP Daemon", 577, 1},
	{"win-upnphost", "UPnP デバイス ホスト", 588, 1},
	{"win-wins", "Windows インターネット ネーム サービス (WINS)", 594, 3},
	{"win-wmserver", "Windows Media サービス", 602, 7},
	{"win-winrm", "Windows リモート管理 (WinRM)", 619, 2},
	{"win-w32time", "Windows Time", 626, 2},
	{"win-w3svc", "World Wide Web 発行サービス", 634, 2},
};

static void test_every_service_and_row_count(void **state)
{
	(void)state;
	size_t n = sizeof services / sizeof services[0];
	assert_int_equal(n, 58);
	for (size_t i = 0; i < n; i++) {
		const struct pp_service *s = svc(services[i].id);
		assert_string_equal(s->product, "windows");
		assert_string_equal(s->src.section, services[i].section);
		assert_int_equal(s->src.line, services[i].line);
		assert_int_equal(s->n_rows, services[i].rows);
		assert_int_equal(rows_in_section(services[i].section), services[i].rows);
		/* rows in source order, inside the section */
		unsigned next = i + 1 < n ? services[i + 1].line : 641;
		for (size_t j = 0; j < s->n_rows; j++) {
			assert_true(s->rows[j].line > s->src.line);
			assert_true(s->rows[j].line < next);
			if (j > 0)
				assert_true(s->rows[j].line > s->rows[j - 1].line);
		}
	}
	/* every 003 service of lines 1-640 is in the list above */
	const struct pp_catalog *c = pp_catalog();
	size_t mine = 0, total_rows = 0;
	for (size_t i = 0; i < c->n_services; i++)
		if (ct_from_doc(&c->services[i].src, "003") &&
		    c->services[i].src.line <= 640) {
			mine++;
			total_rows += c->services[i].n_rows;
		}
	assert_int_equal(mine, 58);
	assert_int_equal(total_rows, 201); /* 204 table lines, 3 rows broken over two lines */
}

/* ---- specific rows, section by section --------------------------------- */

static void test_active_directory(void **state)
{
	(void)state;
	const struct pp_service *s = svc("win-ad-lsa");
	assert_int_equal(s->n_system_names, 1);
	assert_string_equal(s->system_names[0], "LSASS");
	assert_string_equal(row("win-ad-lsa", 53)->proto.ja, "Active Directory Web サービス (ADWS)");
	assert_string_equal(row("win-ad-lsa", 53)->spec, "9389");
	assert_string_equal(row("win-ad-lsa", 54)->spec, "9389");
	assert_string_equal(row("win-ad-lsa", 55)->spec, "3269");
	assert_string_equal(row("win-ad-lsa", 56)->spec, "3268");
	assert_string_equal(row("win-ad-lsa", 56)->proto.ja, "グローバル カタログ");
	assert_int_equal(row("win-ad-lsa", 58)->transport, PP_TR_TCP);
	assert_int_equal(row("win-ad-lsa", 59)->transport, PP_TR_UDP);
	assert_true(pp_ports_cover(row("win-ad-lsa", 59), PP_TR_UDP, 389));
	assert_string_equal(row("win-ad-lsa", 60)->spec, "636");
	assert_true(pp_ports_cover(row("win-ad-lsa", 61), PP_TR_UDP, 500));
	assert_true(pp_ports_cover(row("win-ad-lsa", 62), PP_TR_UDP, 4500));
	assert_false(pp_ports_cover(row("win-ad-lsa", 62), PP_TR_TCP, 4500));
	assert_true(pp_ports_cover(row("win-ad-lsa", 63), PP_TR_TCP, 135));
	const struct pp_ports *dyn = row("win-ad-lsa", 64);
	assert_int_equal(dyn->kind, PP_KIND_DYNAMIC);
	assert_true(pp_ports_cover(dyn, PP_TR_TCP, 49152));
	assert_true(pp_ports_cover(dyn, PP_TR_TCP, 65535));
	assert_string_equal(dyn->as_written, "49152 - 65535");
	assert_true(ct_contains(dyn->note.ja, "ドメイン コントローラーと Active Directory"));
	assert_true(svc_covers("win-ad-lsa", PP_TR_TCP, 445));
	assert_false(svc_covers("win-ad-lsa", PP_TR_TCP, 88));
}

static void test_alg_aspnet_certsvc(void **state)
{
	(void)state;
	assert_string_equal(svc("win-alg")->system_names[0], "ALG");
	assert_string_equal(row("win-alg", 80)->proto.ja, "FTP コントロール");
	assert_true(pp_ports_cover(row("win-alg", 80), PP_TR_TCP, 21));
	assert_string_equal(svc("win-aspnet-state")->system_names[0], "aspnet_state");
	assert_true(pp_ports_cover(row("win-aspnet-state", 86), PP_TR_TCP, 42424));
	assert_string_equal(svc("win-certsvc")->system_names[0], "CertSvc");
	const struct pp_ports *smb = row("win-certsvc", 99);
	assert_string_equal(smb->spec, "445,139");
	assert_string_equal(smb->as_written, "445、139");
	assert_true(pp_ports_cover(smb, PP_TR_TCP, 445));
	assert_true(pp_ports_cover(smb, PP_TR_TCP, 139));
	assert_false(pp_ports_cover(smb, PP_TR_UDP, 139));
	assert_string_equal(row("win-certsvc", 100)->as_written, "49152 から 65535 までのランダム ポート番号");
	assert_int_equal(row("win-certsvc", 100)->kind, PP_KIND_DYNAMIC);
}

static void test_cluster(void **state)
{
	(void)state;
	assert_string_equal(svc("win-clussvc")->system_names[0], "ClusSvc");
	const struct pp_ports *u = row("win-clussvc", 108);
	assert_int_equal(u->transport, PP_TR_UDP);
	assert_string_equal(u->spec, "3343");
	assert_true(ct_contains(u->note.ja, "DTLS"));
	assert_int_equal(row("win-clussvc", 109)->transport, PP_TR_TCP);
	assert_string_equal(row("win-clussvc", 109)->spec, "3343");
	assert_int_equal(row("win-clussvc", 110)->transport, PP_TR_ICMP);
	assert_string_equal(row("win-clussvc", 110)->spec, "");
	assert_string_equal(row("win-clussvc", 111)->spec, "445");
	assert_string_equal(row("win-clussvc", 113)->proto.ja, "クラスター アドミニストレーター");
	assert_true(pp_ports_cover(row("win-clussvc", 113), PP_TR_UDP, 137));
	assert_true(pp_ports_cover(row("win-clussvc", 114), PP_TR_TCP, 50000));
	assert_true(ct_contains(svc("win-clussvc")->note.ja, "ICMP4、ICMP6"));
}

static void test_browser_dhcp_dfs(void **state)
{
	(void)state;
	assert_string_equal(svc("win-browser")->system_names[0], "Browser");
	assert_true(pp_ports_cover(row("win-browser", 125), PP_TR_UDP, 138));
	assert_true(pp_ports_cover(row("win-browser", 126), PP_TR_UDP, 137));
	assert_true(pp_ports_cover(row("win-browser", 127), PP_TR_TCP, 139));
	assert_string_equal(svc("win-dhcpserver")->system_names[0], "DHCPServer");
	assert_true(pp_ports_cover(row("win-dhcpserver", 134), PP_TR_UDP, 67));
	assert_true(pp_ports_cover(row("win-dhcpserver", 135), PP_TR_UDP, 2535));
	assert_true(ct_contains(row("win-dhcpserver", 135)->proto.ja, "MADCAP"));
	assert_string_equal(row("win-dhcpserver", 136)->proto.ja, "DHCP フェールオーバー");
	assert_true(pp_ports_cover(row("win-dhcpserver", 136), PP_TR_TCP, 647));
	assert_string_equal(svc("win-dfs")->system_names[0], "Dfs");
	assert_true(pp_ports_cover(row("win-dfs", 144), PP_TR_TCP, 389));
	assert_true(pp_ports_cover(row("win-dfs", 145), PP_TR_UDP, 389));
	assert_true(svc_covers("win-dfs", PP_TR_TCP, 445));
	assert_true(svc_covers("win-dfs", PP_TR_TCP, 135));
	assert_true(ct_contains(row("win-dfs", 142)->note.ja, "FQDN"));
}

static void test_dfsr_trksvr_dtc_dns(void **state)
{
	(void)state;
	assert_string_equal(svc("win-dfsr")->system_names[0], "DFSR");
	assert_string_equal(row("win-dfsr", 157)->spec, "5722");
	assert_true(ct_contains(row("win-dfsr", 157)->note.ja, "Windows Server 2012 ドメイン コントローラーでは使用されません"));
	assert_true(ct_contains(row("win-dfsr", 158)->note.ja, "分散ファイル システム レプリケーション サービス"));
	assert_string_equal(svc("win-trksvr")->system_names[0], "TrkSvr");
	assert_true(pp_ports_cover(row("win-trksvr", 166), PP_TR_TCP, 135));
	assert_string_equal(svc("win-msdtc")->system_names[0], "MSDTC");
	assert_true(pp_ports_cover(row("win-msdtc", 175), PP_TR_TCP, 60000));
	assert_string_equal(svc("win-dns")->system_names[0], "DNS");
	assert_int_equal(row("win-dns", 182)->transport, PP_TR_UDP);
	assert_int_equal(row("win-dns", 183)->transport, PP_TR_TCP);
	assert_string_equal(row("win-dns", 183)->spec, "53");
}

static void test_eventlog_fax_frs_ftp(void **state)
{
	(void)state;
	assert_string_equal(svc("win-eventlog")->system_names[0], "Eventlog");
	assert_string_equal(row("win-eventlog", 189)->proto.ja, "RPC/名前付きパイプ (NP)");
	assert_true(pp_ports_cover(row("win-eventlog", 191), PP_TR_UDP, 137));
	assert_true(pp_ports_cover(row("win-eventlog", 192), PP_TR_UDP, 138));
	assert_true(ct_contains(svc("win-eventlog")->note.ja, "ファイルとプリンターの共有"));
	assert_string_equal(svc("win-fax")->system_names[0], "Fax");
	assert_true(pp_ports_cover(row("win-fax", 200), PP_TR_TCP, 139));
	assert_string_equal(svc("win-ntfrs")->system_names[0], "NtFrs");
	assert_string_equal(svc("win-msftpsvc")->system_names[0], "MSFTPSVC");
	assert_int_equal(row("win-msftpsvc", 218)->kind, PP_KIND_CONFIGURABLE);
	assert_true(pp_ports_cover(row("win-msftpsvc", 218), PP_TR_TCP, 21));
	assert_string_equal(row("win-msftpsvc", 219)->proto.ja, "FTP 既定データ");
	assert_true(pp_ports_cover(row("win-msftpsvc", 219), PP_TR_TCP, 20));
	assert_string_equal(row("win-msftpsvc", 220)->spec, "49152-65535");
}

static void test_group_policy(void **state)
{
	(void)state;
	const struct pp_service *s = svc("win-group-policy");
	assert_int_equal(s->n_system_names, 1);
	assert_string_equal(s->system_names[0], "グループ ポリシー");
	const struct pp_ports *dcom = row("win-group-policy", 227);
	assert_string_equal(dcom->proto.ja, "DCOM");
	assert_int_equal(dcom->transport, PP_TR_TCP | PP_TR_UDP);
	assert_true(pp_ports_cover(dcom, PP_TR_UDP, 49152));
	assert_int_equal(row("win-group-policy", 228)->transport, PP_TR_ICMP);
	assert_true(ct_contains(row("win-group-policy", 228)->note.ja, "Windows XP と Windows Server 2003 でのみ必要"));
	assert_true(pp_ports_cover(row("win-group-policy", 229), PP_TR_TCP, 389));
	assert_true(pp_ports_cover(row("win-group-policy", 230), PP_TR_TCP, 445));
	const struct pp_ports *rpc = row("win-group-policy", 231);
	assert_true(pp_ports_cover(rpc, PP_TR_TCP, 135));
	assert_true(pp_ports_cover(rpc, PP_TR_TCP, 49152));
	assert_true((rpc->symbols & PP_SYM_DYNAMIC_RPC) != 0);
	assert_string_equal(rpc->as_written, "135 49152 から 65535 までのランダム ポート番号");
}

static void test_http_ssl_hyper_v(void **state)
{
	(void)state;
	assert_string_equal(svc("win-httpfilter")->system_names[0], "HTTPFilter");
	assert_int_equal(row("win-httpfilter", 242)->kind, PP_KIND_CONFIGURABLE);
	assert_true(pp_ports_cover(row("win-httpfilter", 242), PP_TR_TCP, 443));
	assert_int_equal(svc("win-hyper-v-replica")->n_system_names, 0);
	assert_string_equal(row("win-hyper-v-replica", 247)->proto.ja, "WMI");
	assert_true(pp_ports_cover(row("win-hyper-v-replica", 247), PP_TR_TCP, 135));
	assert_string_equal(row("win-hyper-v-replica", 249)->proto.ja, "Kerberos 認証 (HTTP)");
	assert_true(pp_ports_cover(row("win-hyper-v-replica", 249), PP_TR_TCP, 80));
	assert_true(pp_ports_cover(row("win-hyper-v-replica", 250), PP_TR_TCP, 443));
	assert_string_equal(row("win-hyper-v-live-migration", 254)->proto.ja, "ライブ マイグレーション");
	assert_true(pp_ports_cover(row("win-hyper-v-live-migration", 254), PP_TR_TCP, 6600));
	assert_true(pp_ports_cover(row("win-hyper-v-live-migration", 255), PP_TR_TCP, 445));
	assert_true(pp_ports_cover(row("win-hyper-v-live-migration", 256), PP_TR_UDP, 3343));
}

static void test_ias_ics_isa(void **state)
{
	(void)state;
	assert_string_equal(svc("win-ias")->system_names[0], "IAS");
	assert_string_equal(row("win-ias", 262)->proto.ja, "レガシ RADIUS");
	assert_true(pp_ports_cover(row("win-ias", 262), PP_TR_UDP, 1645));
	assert_true(pp_ports_cover(row("win-ias", 263), PP_TR_UDP, 1646));
	assert_string_equal(row("win-ias", 264)->proto.ja, "RADIUS アカウンティング");
	assert_string_equal(row("win-ias", 264)->spec, "1813");
	assert_string_equal(row("win-ias", 265)->spec, "1812");
	assert_string_equal(svc("win-sharedaccess")->system_names[0], "SharedAccess");
	assert_true(svc_covers("win-sharedaccess", PP_TR_UDP, 67));
	assert_true(svc_covers("win-sharedaccess", PP_TR_TCP, 53));
	assert_int_equal(svc("win-isa-tmg")->n_system_names, 0);
	assert_string_equal(row("win-isa-tmg", 283)->spec, "2171");
	assert_string_equal(row("win-isa-tmg", 283)->as_written, "2171 (注 1)");
	assert_string_equal(row("win-isa-tmg", 284)->spec, "2173");
	assert_string_equal(row("win-isa-tmg", 285)->spec, "2172");
	assert_int_equal(row("win-isa-tmg", 286)->transport, PP_TR_TCP | PP_TR_UDP);
	assert_true(pp_ports_cover(row("win-isa-tmg", 286), PP_TR_UDP, 1025));
	assert_true(pp_ports_cover(row("win-isa-tmg", 287), PP_TR_UDP, 1745));
	assert_true(pp_ports_cover(row("win-isa-tmg", 287), PP_TR_TCP, 1745));
	assert_string_equal(row("win-isa-tmg", 288)->spec, "3847");
	assert_true(ct_contains(row("win-isa-tmg", 289)->note.ja, "ISA 管理 MMC でのみ使用されます"));
	assert_string_equal(row("win-isa-tmg", 291)->spec, "2175");
	assert_string_equal(row("win-isa-tmg", 291)->as_written, "2175 (注 1、4)");
	assert_string_equal(row("win-isa-tmg", 292)->proto.ja, "Web プロキシ クライアント");
	assert_true(pp_ports_cover(row("win-isa-tmg", 292), PP_TR_TCP, 8080));
	assert_true(ct_contains(row("win-isa-tmg", 292)->note.ja, "アレイ内トラフィック"));
}

static void test_kdc_license_msmq(void **state)
{
	(void)state;
	assert_string_equal(svc("win-kdc")->system_names[0], "kdc");
	assert_true(pp_ports_cover(row("win-kdc", 306), PP_TR_TCP, 88));
	assert_true(pp_ports_cover(row("win-kdc", 307), PP_TR_UDP, 88));
	assert_string_equal(row("win-kdc", 308)->proto.ja, "Kerberos Password V5");
	assert_true(pp_ports_cover(row("win-kdc", 308), PP_TR_UDP, 464));
	assert_true(pp_ports_cover(row("win-kdc", 309), PP_TR_TCP, 464));
	assert_string_equal(row("win-kdc", 310)->proto.ja, "DC ロケーター");
	assert_true(pp_ports_cover(row("win-kdc", 310), PP_TR_UDP, 389));
	assert_string_equal(svc("win-licenseservice")->system_names[0], "LicenseService");
	assert_false(svc_covers("win-licenseservice", PP_TR_UDP, 137));
	assert_string_equal(svc("win-msmq")->system_names[0], "MSMQ");
	assert_true(pp_ports_cover(row("win-msmq", 326), PP_TR_TCP, 1801));
	assert_true(pp_ports_cover(row("win-msmq", 327), PP_TR_UDP, 1801));
	assert_string_equal(row("win-msmq", 328)->proto.ja, "MSMQ-DC");
	assert_string_equal(row("win-msmq", 328)->spec, "2101");
	assert_string_equal(row("win-msmq", 329)->spec, "2107");
	assert_int_equal(row("win-msmq", 330)->transport, PP_TR_UDP);
	assert_string_equal(row("win-msmq", 330)->spec, "3527");
	assert_string_equal(row("win-msmq", 331)->spec, "2105");
	assert_string_equal(row("win-msmq", 332)->spec, "2103");
	assert_string_equal(row("win-msexchangemta", 339)->proto.ja, "X.400");
	assert_true(pp_ports_cover(row("win-msexchangemta", 339), PP_TR_TCP, 102));
	assert_true(pp_ports_cover(row("win-pop3svc", 345), PP_TR_TCP, 110));
}

static void test_netlogon(void **state)
{
	(void)state;
	assert_string_equal(svc("win-netlogon")->system_names[0], "Netlogon");
	assert_true(pp_ports_cover(row("win-netlogon", 351), PP_TR_UDP, 138));
	assert_true(pp_ports_cover(row("win-netlogon", 352), PP_TR_UDP, 137));
	assert_true(pp_ports_cover(row("win-netlogon", 353), PP_TR_TCP, 139));
	assert_true(pp_ports_cover(row("win-netlogon", 354), PP_TR_TCP, 445));
	assert_int_equal(row("win-netlogon", 355)->transport, PP_TR_UDP);
	assert_string_equal(row("win-netlogon", 355)->spec, "389");
	assert_true(pp_ports_cover(row("win-netlogon", 356), PP_TR_TCP, 135));
	assert_true(pp_ports_cover(row("win-netlogon", 356), PP_TR_TCP, 65535));
	assert_true(ct_contains(svc("win-netlogon")->note.ja, "NodeType=2"));
	assert_true(ct_contains(row("win-netlogon", 351)->note.ja, "NETBIOS ポートは省略可能です"));
}

static void test_nntp_profiles_spooler(void **state)
{
	(void)state;
	assert_string_equal(svc("win-nntpsvc")->system_names[0], "NNTPSVC");
	assert_string_equal(row("win-nntpsvc", 369)->proto.ja, "NNTP over SSL");
	assert_true(pp_ports_cover(row("win-nntpsvc", 369), PP_TR_TCP, 563));
	assert_true(pp_ports_cover(row("win-nntpsvc", 368), PP_TR_TCP, 119));
	const struct pp_service *p = svc("win-profsvc");
	assert_int_equal(p->n_system_names, 2);
	assert_string_equal(p->system_names[0], "ProfSvc");
	assert_string_equal(p->system_names[1], "CscService");
	assert_true(svc_covers("win-profsvc", PP_TR_TCP, 3268));
	assert_true(svc_covers("win-profsvc", PP_TR_TCP, 636));
	assert_string_equal(svc("win-sysmonlog")->system_names[0], "SysmonLog");
	assert_true(pp_ports_cover(row("win-sysmonlog", 389), PP_TR_TCP, 139));
	assert_string_equal(svc("win-spooler")->system_names[0], "Spooler");
	assert_true(pp_ports_cover(row("win-spooler", 396), PP_TR_TCP, 49152));
	assert_true(pp_ports_cover(row("win-spooler", 400), PP_TR_TCP, 445));
	assert_string_equal(svc("win-binlsvc")->system_names[0], "BINLSVC");
	assert_string_equal(row("win-binlsvc", 409)->proto.ja, "BINL");
	assert_true(pp_ports_cover(row("win-binlsvc", 409), PP_TR_UDP, 4011));
}

static void test_rpc_storage_rras(void **state)
{
	(void)state;
	assert_string_equal(svc("win-rpcss")->system_names[0], "RpcSs");
	assert_string_equal(row("win-rpcss", 416)->proto.ja, "RPC over HTTPS");
	assert_true(pp_ports_cover(row("win-rpcss", 416), PP_TR_TCP, 593));
	assert_true(pp_ports_cover(row("win-rpcss", 415), PP_TR_TCP, 135));
	assert_true(ct_contains(svc("win-rpcss")->note.ja, "エフェメラル ポート範囲"));
	assert_string_equal(svc("win-rpclocator")->system_names[0], "RpcLocator");
	assert_false(svc_covers("win-rpclocator", PP_TR_TCP, 135));
	assert_string_equal(svc("win-remote-storage-user-link")->system_names[0], "Remote_Storage_User_Link");
	assert_string_equal(svc("win-remote-storage-server")->system_names[0], "Remote_Storage_Server");
	assert_string_equal(svc("win-remoteaccess")->system_names[0], "RemoteAccess");
	assert_int_equal(row("win-remoteaccess", 458)->transport, PP_TR_GRE);
	assert_string_equal(row("win-remoteaccess", 458)->spec, "");
	assert_string_equal(row("win-remoteaccess", 458)->as_written, "該当なし");
	assert_int_equal(row("win-remoteaccess", 459)->transport, PP_TR_AH);
	assert_string_equal(row("win-remoteaccess", 459)->proto.ja, "IPSec AH (IP プロトコル 51)");
	assert_int_equal(row("win-remoteaccess", 460)->transport, PP_TR_ESP);
	assert_true(pp_ports_cover(row("win-remoteaccess", 461), PP_TR_UDP, 1701));
	assert_true(pp_ports_cover(row("win-remoteaccess", 462), PP_TR_TCP, 1723));
	assert_false(pp_ports_cover(row("win-remoteaccess", 462), PP_TR_UDP, 1723));
}

static void test_server_sharepoint_smtp_simptcp(void **state)
{
	(void)state;
	assert_string_equal(svc("win-lanmanserver")->system_names[0], "lanmanserver");
	assert_true(pp_ports_cover(row("win-lanmanserver", 474), PP_TR_TCP, 445));
	assert_true(ct_contains(svc("win-lanmanserver")->note.ja, "Windows 2000 以降のクライアントはポート 445 で動作可能です"));
	assert_int_equal(svc("win-sharepoint-portal-server")->n_system_names, 0);
	assert_true(pp_ports_cover(row("win-sharepoint-portal-server", 479), PP_TR_TCP, 80));
	assert_true(pp_ports_cover(row("win-sharepoint-portal-server", 480), PP_TR_TCP, 443));
	assert_string_equal(svc("win-smtpsvc")->system_names[0], "SMTPSVC");
	assert_true(pp_ports_cover(row("win-smtpsvc", 486), PP_TR_TCP, 25));
	assert_string_equal(svc("win-simptcp")->system_names[0], "SimpTcp");
	assert_string_equal(row("win-simptcp", 497)->proto.ja, "Chargen");
	assert_int_equal(row("win-simptcp", 497)->transport, PP_TR_TCP);
	assert_string_equal(row("win-simptcp", 497)->spec, "19");
	assert_int_equal(row("win-simptcp", 499)->transport, PP_TR_UDP);
	assert_string_equal(row("win-simptcp", 501)->spec, "13");
	assert_string_equal(row("win-simptcp", 503)->spec, "9");
	assert_string_equal(row("win-simptcp", 505)->proto.ja, "Echo");
	assert_string_equal(row("win-simptcp", 506)->spec, "7");
	assert_string_equal(row("win-simptcp", 507)->proto.ja, "Quotd");
	assert_string_equal(row("win-simptcp", 507)->spec, "17");
	assert_int_equal(row("win-simptcp", 509)->transport, PP_TR_UDP);
	const struct pp_list *l = pp_list_find("win-simptcp-protocols");
	assert_non_null(l);
	assert_int_equal(l->n_items, 5);
	assert_string_equal(l->items[2].text.ja, "Character Generator、ポート 19、RFC 864");
	assert_string_equal(l->items[3].ports[0].spec, "13");
	assert_string_equal(l->items[4].service, "win-simptcp");
}

static void test_snmp_to_rdsl(void **state)
{
	(void)state;
	assert_true(pp_ports_cover(row("win-snmp", 515), PP_TR_UDP, 161));
	assert_string_equal(row("win-snmptrap", 521)->proto.ja, "SNMP Traps Outgoing");
	assert_true(pp_ports_cover(row("win-snmptrap", 521), PP_TR_UDP, 162));
	assert_string_equal(svc("win-ssdpsrv")->system_names[0], "SSDPRSR");
	assert_true(pp_ports_cover(row("win-ssdpsrv", 529), PP_TR_UDP, 1900));
	assert_string_equal(row("win-ssdpsrv", 530)->proto.ja, "SSDP イベント通知");
	assert_true(pp_ports_cover(row("win-ssdpsrv", 530), PP_TR_TCP, 2869));
	assert_string_equal(row("win-ssdpsrv", 531)->proto.ja, "SSDP レガシ イベント通知");
	assert_true(pp_ports_cover(row("win-ssdpsrv", 531), PP_TR_TCP, 5000));
	assert_string_equal(svc("win-lpdsvc")->system_names[0], "LPDSVC");
	assert_true(pp_ports_cover(row("win-lpdsvc", 537), PP_TR_TCP, 515));
	assert_string_equal(svc("win-tlntsvr")->system_names[0], "TlntSvr");
	assert_true(pp_ports_cover(row("win-tlntsvr", 547), PP_TR_TCP, 23));
	assert_string_equal(svc("win-termservice")->system_names[0], "TermService");
	assert_true(pp_ports_cover(row("win-termservice", 553), PP_TR_TCP, 3389));
	assert_true(pp_ports_cover(row("win-termservice", 554), PP_TR_UDP, 3389));
	assert_string_equal(svc("win-termservlicensing")->system_names[0], "TermServLicensing");
	assert_true(svc_covers("win-termservlicensing", PP_TR_UDP, 138));
	assert_string_equal(svc("win-tssdis")->system_names[0], "Tssdis");
}

static void test_tftp_to_www(void **state)
{
	(void)state;
	assert_string_equal(svc("win-tftpd")->system_names[0], "tftpd");
	assert_true(pp_ports_cover(row("win-tftpd", 587), PP_TR_UDP, 69));
	assert_false(pp_ports_cover(row("win-tftpd", 587), PP_TR_TCP, 69));
	assert_string_equal(svc("win-upnphost")->system_names[0], "UPNPHost");
	assert_true(pp_ports_cover(row("win-upnphost", 593), PP_TR_TCP, 2869));
	assert_string_equal(row("win-wins", 600)->proto.ja, "WINS レプリケーション");
	assert_true(pp_ports_cover(row("win-wins", 600), PP_TR_TCP, 42));
	assert_true(pp_ports_cover(row("win-wins", 601), PP_TR_UDP, 42));
	assert_string_equal(svc("win-wmserver")->system_names[0], "WMServer");
	assert_true(pp_ports_cover(row("win-wmserver", 613), PP_TR_TCP, 1755));
	assert_true(pp_ports_cover(row("win-wmserver", 614), PP_TR_UDP, 1755));
	assert_string_equal(row("win-wmserver", 615)->proto.ja, "MS Theater");
	assert_string_equal(row("win-wmserver", 615)->spec, "2460");
	assert_string_equal(row("win-wmserver", 616)->proto.ja, "RTCP");
	assert_string_equal(row("win-wmserver", 616)->spec, "5005");
	assert_string_equal(row("win-wmserver", 617)->spec, "5004");
	assert_true(pp_ports_cover(row("win-wmserver", 618), PP_TR_TCP, 554));
	const struct pp_ports *w1 = row("win-winrm", 623);
	assert_string_equal(w1->proto.ja, "WinRM 1.1 以前");
	assert_true(pp_ports_cover(w1, PP_TR_TCP, 80));
	assert_true(pp_ports_cover(w1, PP_TR_TCP, 443));
	const struct pp_ports *w2 = row("win-winrm", 624);
	assert_true(pp_ports_cover(w2, PP_TR_TCP, 5985));
	assert_true(pp_ports_cover(w2, PP_TR_TCP, 5986));
	assert_false(pp_ports_cover(w2, PP_TR_TCP, 80));
	assert_int_equal(w2->kind, PP_KIND_CONFIGURABLE);
	assert_string_equal(svc("win-w32time")->system_names[0], "W32Time");
	assert_string_equal(row("win-w32time", 633)->proto.ja, "SNTP");
	assert_true(pp_ports_cover(row("win-w32time", 632), PP_TR_UDP, 123));
	assert_string_equal(svc("win-w3svc")->system_names[0], "W3SVC");
	assert_true(pp_ports_cover(row("win-w3svc", 639), PP_TR_TCP, 80));
	assert_true(pp_ports_cover(row("win-w3svc", 640), PP_TR_TCP, 443));
}

static void test_name_search(void **state)
{
	(void)state;
	assert_non_null(by_name_ja("証明書サービス"));
	assert_string_equal(by_name_ja("証明書サービス")->id, "win-certsvc");
	assert_string_equal(by_name_ja("リモート記憶域")->id, "win-remote-storage-server");
	assert_string_equal(by_name_ja("サーバー")->id, "win-lanmanserver");
	assert_string_equal(by_name_ja("Hyper-V ライブ マイグレーション")->id, "win-hyper-v-live-migration");
	assert_non_null(by_name_en("Certificate Services"));
	assert_string_equal(by_name_en("Certificate Services")->id, "win-certsvc");
	assert_string_equal(by_name_en("Net Logon")->id, "win-netlogon");
	assert_string_equal(by_name_en("Print Spooler")->id, "win-spooler");
	assert_string_equal(by_name_en("Kerberos Key Distribution Center")->id, "win-kdc");
	assert_string_equal(by_name_en("Windows Remote Management (WinRM)")->id, "win-winrm");
	assert_string_equal(by_system_name("RpcSs")->id, "win-rpcss");
	assert_string_equal(by_system_name("CscService")->id, "win-profsvc");
	assert_string_equal(by_system_name("MSExchangeMTA")->id, "win-msexchangemta");
}

/* ---- prose facts -------------------------------------------------------- */

static void test_facts_intro(void **state)
{
	(void)state;
	const struct pp_fact *f = fact("win-fact-dyn-mixed");
	assert_int_equal(f->n_ports, 2);
	assert_true(pp_ports_cover(&f->ports[0], PP_TR_TCP, 49152));
	assert_true(pp_ports_cover(&f->ports[1], PP_TR_TCP, 1025));
	assert_true(pp_ports_cover(&fact("win-fact-dyn-only-legacy")->ports[0], PP_TR_TCP, 5000));
	assert_true(pp_ports_cover(&fact("win-fact-dyn-only-new")->ports[0], PP_TR_TCP, 65535));
	assert_string_equal(fact("win-fact-no-firewall-config")->quote,
			    "この記事のポート情報を使用して Windows ファイアウォールを構成しないでください。");
	assert_int_equal(fact("win-fact-no-firewall-config")->src.line, 17);
	assert_true(pp_ports_cover(&fact("win-fact-rpc-dynamic-ports")->ports[0], PP_TR_UDP, 1025));
	assert_false(pp_ports_cover(&fact("win-fact-rpc-dynamic-ports")->ports[0], PP_TR_UDP, 1024));
}

static void test_facts_active_directory(void **state)
{
	(void)state;
	assert_string_equal(fact("win-fact-ldap-ping-limit")->quote, "PingLimit = 4");
	assert_int_equal(fact("win-fact-ldap-ping-limit")->src.line, 69);
	assert_string_equal(fact("win-fact-ldap-ping-wait")->quote, "PingWaitTimeout = 2000ms");
	assert_int_equal(fact("win-fact-ldap-ping-wait")->src.line, 70);
	assert_true(ct_contains(fact("win-fact-ldap-ping-keepalive")->text.ja, "120 秒"));
	assert_int_equal(fact("win-fact-ldap-icmp-ping")->ports[0].transport, PP_TR_ICMP);
	assert_int_equal(fact("win-fact-ad-encap-esp")->ports[0].transport, PP_TR_ESP);
	assert_true(ct_contains(fact("win-fact-ad-encap-esp")->text.ja, "IP プロトコル 50"));
	assert_true(pp_ports_cover(&fact("win-fact-ad-encap-natt")->ports[0], PP_TR_UDP, 4500));
	assert_true(pp_ports_cover(&fact("win-fact-ad-encap-isakmp")->ports[0], PP_TR_UDP, 500));
	const struct pp_fact *e = fact("win-fact-ad-ephemeral");
	assert_int_equal(e->n_ports, 2);
	assert_true(pp_ports_cover(&e->ports[1], PP_TR_TCP, 49152));
	const struct pp_list *l = pp_list_find("win-ad-encapsulated-allow");
	assert_non_null(l);
	assert_int_equal(l->n_items, 3);
	assert_int_equal(l->items[0].ports[0].transport, PP_TR_ESP);
}

static void test_facts_prose_ports(void **state)
{
	(void)state;
	assert_true(pp_ports_cover(&fact("win-fact-ipam-48885")->ports[0], PP_TR_TCP, 48885));
	assert_string_equal(fact("win-fact-ipam-48885")->src.section, "IP アドレス管理 (IPAM)");
	assert_true(pp_ports_cover(&fact("win-fact-branchcache-3702")->ports[0], PP_TR_UDP, 3702));
	assert_true(pp_ports_cover(&fact("win-fact-branchcache-80")->ports[0], PP_TR_TCP, 80));
	assert_true(pp_ports_cover(&fact("win-fact-branchcache-443")->ports[0], PP_TR_TCP, 443));
	assert_string_equal(fact("win-fact-branchcache-443")->src.section, "BranchCache 情報");
	assert_true(pp_ports_cover(&fact("win-fact-alg-ftp-loopback")->ports[0], PP_TR_TCP, 3000));
	assert_true(pp_ports_cover(&fact("win-fact-alg-ftp-loopback")->ports[0], PP_TR_TCP, 5000));
	assert_true(pp_ports_cover(&fact("win-fact-isa-note7-tmg-range")->ports[0], PP_TR_TCP, 10000));
	assert_false(pp_ports_cover(&fact("win-fact-isa-note7-tmg-range")->ports[0], PP_TR_TCP, 9999));
	assert_int_equal(fact("win-fact-isa-note3-fwc-control")->ports[0].transport, PP_TR_UDP);
	assert_int_equal(fact("win-fact-isa-note1-isa2000")->n_ports, 5);
	assert_true(pp_ports_cover(&fact("win-fact-w3svc-8098")->ports[0], PP_TR_TCP, 8098));
	assert_true(pp_ports_cover(&fact("win-fact-winrm-2-0")->ports[0], PP_TR_TCP, 5985));
	assert_true(pp_ports_cover(&fact("win-fact-winrm-1-1")->ports[1], PP_TR_TCP, 443));
	const struct pp_fact *gp = fact("win-fact-gp-remote-update");
	assert_int_equal(gp->n_ports, 2);
	assert_true(pp_ports_cover(&gp->ports[0], PP_TR_TCP, 135));
	assert_true(pp_ports_cover(&gp->ports[1], PP_TR_TCP, 49152));
	assert_true(pp_ports_cover(&fact("win-fact-ftp-data-port")->ports[1], PP_TR_TCP, 4130));
	assert_true(pp_ports_cover(&fact("win-fact-cluster-dtls")->ports[0], PP_TR_UDP, 3343));
	assert_true(pp_ports_cover(&fact("win-fact-dfsr-5722")->ports[0], PP_TR_TCP, 5722));
	const struct pp_fact *r = fact("win-fact-rras-l2tp-ipsec");
	assert_int_equal(r->n_ports, 3);
	assert_int_equal(r->ports[0].transport, PP_TR_ESP);
	assert_true(pp_ports_cover(&r->ports[1], PP_TR_UDP, 4500));
	assert_true(pp_ports_cover(&fact("win-fact-tftp-69")->ports[0], PP_TR_UDP, 69));
	assert_true(pp_ports_cover(&fact("win-fact-w32time-sntp")->ports[0], PP_TR_UDP, 123));
	assert_true(pp_ports_cover(&fact("win-fact-ssdp-2869")->ports[0], PP_TR_TCP, 2869));
	assert_true(pp_ports_cover(&fact("win-fact-server-139-icmp")->ports[0], PP_TR_TCP, 139));
	assert_string_equal(fact("win-fact-netlogon-nodetype")->quote, "NodeType=2");
}

/* ---- inconsistencies: one test each ------------------------------------ */

static const char *const my_incs[] = {
	"win-inc-intro-dyn-2012-only", "win-inc-intro-dyn-2012-mixed", "win-inc-intro-dyn-list-glued",
	"win-inc-intro-summary-ref", "win-inc-intro-protocol-typo", "win-inc-intro-applies-to-missing",
	"win-inc-ad-ephemeral-1024", "win-inc-ad-dyn-list-glued", "win-inc-ad-icmp-row-shifted",
	"win-inc-alg-lg-typo", "win-inc-alg-support-typo", "win-inc-cluster-icmp-echo-port",
	"win-inc-cluster-2008-version", "win-inc-browser-compile", "win-footnote-glued-138-dfs",
	"win-footnote-glued-139-dfs", "win-footnote-glued-5722-dfsr", "win-inc-dtc-ref-missing",
	"win-inc-frs-ref-missing", "win-inc-ftp-passive-range", "win-inc-gp-kerberos-missing",
	"win-inc-gp-system-name", "win-footnote-dcom-gp", "win-footnote-glued-icmp-gp",
	"win-footnote-rpc-gp", "win-inc-gp-eventlog-ref", "win-inc-ipam-wcf-name",
	"win-inc-isa-two-ranges", "win-inc-isa-notes-unnumbered", "win-footnote-glued-138-netlogon",
	"win-footnote-glued-137-netlogon", "win-footnote-glued-139-netlogon", "win-footnote-rpc-netlogon",
	"win-inc-netlogon-broken-sentence", "win-inc-profsvc-broken-sentence",
	"win-inc-simptcp-broken-chargen-tcp", "win-inc-simptcp-broken-chargen-udp",
	"win-inc-simptcp-broken-quotd-tcp", "win-inc-snmptrap-outgoing", "win-inc-ssdp-event-port",
	"win-inc-ssdp-service-name", "win-inc-w32time-untranslated",
};

static void test_inconsistency_list(void **state)
{
	(void)state;
	size_t n = sizeof my_incs / sizeof my_incs[0];
	assert_int_equal(n, 42);
	for (size_t i = 0; i < n; i++) {
		const struct pp_inconsistency *x = inc(my_incs[i]);
		assert_true(x->src.line <= 640);
		assert_non_null(x->reading.en);
		assert_non_null(x->why.en);
	}
	const struct pp_catalog *c = pp_catalog();
	size_t count = 0;
	for (size_t i = 0; i < c->n_inconsistencies; i++) {
		const struct pp_inconsistency *x = &c->inconsistencies[i];
		if (ct_from_doc(&x->src, "003") && strncmp(x->id, "win-pt-", 7) != 0 && x->src.line <= 640)
			count++;
	}
	assert_int_equal(count, 42);
}

/* A glued footnote on a port cell: the row reads `spec`, keeps the cell. */
static void check_glued_port(const char *incid, const char *service, unsigned line,
			     const char *cell, const char *spec, unsigned tr, uint16_t port)
{
	const struct pp_inconsistency *x = inc(incid);
	assert_string_equal(x->category, "glued-footnote");
	assert_string_equal(x->as_written, cell);
	assert_int_equal(x->src.line, line);
	assert_true(ct_affects(x, service));
	const struct pp_ports *r = row(service, line);
	assert_string_equal(r->spec, spec);
	assert_string_equal(r->as_written, cell);
	assert_string_equal(r->issue, incid);
	assert_true(pp_ports_cover(r, tr, port));
}

static void test_inc_dyn_2012_only(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-intro-dyn-2012-only");
	assert_string_equal(x->category, "contradiction");
	assert_string_equal(x->as_written, "Windows Server 2012 以降のバージョンの Windows のみ");
	assert_int_equal(x->src.line, 12);
	assert_true(ct_contains(x->reading.en, "Windows Server 2008"));
	assert_true(ct_affects(x, "win-fact-dyn-only-new"));
}

static void test_inc_dyn_2012_mixed(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-intro-dyn-2012-mixed");
	assert_true(ct_contains(x->as_written, "Windows Server 2012 と、"));
	assert_int_equal(x->src.line, 13);
	assert_true(ct_contains(x->reading.en, "both ranges"));
	assert_true(ct_affects(x, "win-fact-dyn-mixed"));
}

static void test_inc_dyn_list_glued(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-intro-dyn-list-glued");
	assert_string_equal(x->category, "garbled");
	assert_true(ct_contains(x->as_written, "1025 ~ 5000 - コンピューター"));
	assert_int_equal(x->src.line, 15);
	assert_true(pp_ports_cover(&fact("win-fact-dyn-only-legacy")->ports[0], PP_TR_TCP, 1025));
}

static void test_inc_summary_ref(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-intro-summary-ref");
	assert_string_equal(x->as_written, "「ポートおよびプロトコル」");
	assert_int_equal(x->src.line, 26);
	assert_true(ct_contains(x->reading.en, "ポートとプロトコル"));
}

static void test_inc_protocol_typo(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-intro-protocol-typo");
	assert_string_equal(x->category, "typo");
	assert_string_equal(x->as_written, "アプリケーション プロパティ");
	assert_string_equal(x->reading.ja, "アプリケーション プロトコル");
	assert_int_equal(x->src.line, 30);
}

static void test_inc_applies_to_missing(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-intro-applies-to-missing");
	assert_string_equal(x->category, "missing");
	assert_string_equal(x->as_written, "「対象製品」セクション");
	assert_int_equal(x->src.line, 34);
	assert_null(pp_document_find("003")->applies_to);
}

static void test_inc_ad_ephemeral(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-ad-ephemeral-1024");
	assert_string_equal(x->as_written, "1024 ~ 5000");
	assert_int_equal(x->src.line, 38);
	const struct pp_ports *p = &fact("win-fact-ad-ephemeral")->ports[0];
	assert_string_equal(p->spec, "1025-5000");
	assert_string_equal(p->as_written, "1024 ~ 5000");
	assert_string_equal(p->issue, "win-inc-ad-ephemeral-1024");
	assert_false(pp_ports_cover(p, PP_TR_TCP, 1024));
	assert_true(pp_ports_cover(p, PP_TR_TCP, 1025));
}

static void test_inc_ad_dyn_list_glued(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-ad-dyn-list-glued");
	assert_string_equal(x->as_written, "低い数値のポート範囲 1025 ~ 5000コンピューター");
	assert_int_equal(x->src.line, 43);
	assert_true(ct_affects(x, "win-fact-ad-dyn-only-legacy"));
	assert_true(pp_ports_cover(&fact("win-fact-ad-dyn-only-legacy")->ports[0], PP_TR_TCP, 5000));
}

static void test_inc_ad_icmp_row(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-ad-icmp-row-shifted");
	assert_string_equal(x->as_written, "ICMP | ポート番号なし | |");
	const struct pp_ports *r = row("win-ad-lsa", 57);
	assert_int_equal(r->transport, PP_TR_ICMP);
	assert_string_equal(r->spec, "");
	assert_string_equal(r->as_written, "ポート番号なし");
	assert_string_equal(r->issue, "win-inc-ad-icmp-row-shifted");
}

static void test_inc_alg_lg(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-alg-lg-typo");
	assert_string_equal(x->as_written, "LG FTP プラグイン");
	assert_string_equal(x->reading.ja, "ALG FTP プラグイン");
	assert_int_equal(x->src.line, 73);
	assert_true(ct_affects(x, "win-alg"));
}

static void test_inc_alg_support(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-alg-support-typo");
	assert_string_equal(x->as_written, "サポーしています");
	assert_string_equal(x->reading.ja, "サポートしています");
}

static void test_inc_cluster_echo_port(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-cluster-icmp-echo-port");
	assert_string_equal(x->as_written, "エコー ポート");
	assert_int_equal(x->src.line, 110);
	const struct pp_ports *r = row("win-clussvc", 110);
	assert_int_equal(r->transport, PP_TR_ICMP);
	assert_string_equal(r->spec, "");
	assert_true(ct_contains(r->as_written, "エコー ポート (このポートは、ノードの 追加ウィザード"));
	assert_string_equal(r->issue, "win-inc-cluster-icmp-echo-port");
}

static void test_inc_cluster_2008(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-cluster-2008-version");
	assert_string_equal(x->as_written, "2008 以上での Windows フェールオーバー クラスター");
	assert_true(ct_contains(x->reading.en, "Windows Server 2008"));
	assert_int_equal(x->src.line, 116);
}

static void test_inc_browser_compile(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-browser-compile");
	assert_string_equal(x->as_written, "RPC を使用してコンパイルを行います");
	assert_int_equal(x->src.line, 128);
	assert_true(ct_contains(x->reading.en, "named pipes"));
}

static void test_inc_dfs_138(void **state)
{
	(void)state;
	check_glued_port("win-footnote-glued-138-dfs", "win-dfs", 142, "1382", "138", PP_TR_UDP, 138);
	assert_false(pp_ports_cover(row("win-dfs", 142), PP_TR_UDP, 1382));
}

static void test_inc_dfs_139(void **state)
{
	(void)state;
	check_glued_port("win-footnote-glued-139-dfs", "win-dfs", 143, "1392", "139", PP_TR_TCP, 139);
}

static void test_inc_dfsr_5722(void **state)
{
	(void)state;
	check_glued_port("win-footnote-glued-5722-dfsr", "win-dfsr", 157, "57222", "5722", PP_TR_TCP, 5722);
	assert_false(pp_ports_cover(row("win-dfsr", 157), PP_TR_TCP, 57222));
}

static void test_inc_dtc_ref(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-dtc-ref-missing");
	assert_string_equal(x->category, "missing");
	assert_string_equal(x->as_written, "「分散トランザクション コーディネーター」");
	assert_int_equal(x->src.line, 176);
	assert_string_equal(row("win-msdtc", 175)->issue, "win-inc-dtc-ref-missing");
}

static void test_inc_frs_ref(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-frs-ref-missing");
	assert_string_equal(x->as_written, "「ファイル レプリケーション サービス」");
	assert_int_equal(x->src.line, 212);
	assert_string_equal(row("win-ntfrs", 211)->issue, "win-inc-frs-ref-missing");
}

static void test_inc_ftp_passive(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-ftp-passive-range");
	assert_string_equal(x->as_written, "49152 ~ 65535 のランダムなポート番号");
	assert_int_equal(x->src.line, 220);
	const struct pp_ports *r = row("win-msftpsvc", 220);
	assert_true(pp_ports_cover(r, PP_TR_TCP, 49152));
	const struct pp_ports *p = &fact("win-fact-ftp-passive")->ports[0];
	assert_string_equal(p->spec, "1025-5000");
	assert_string_equal(p->issue, "win-inc-ftp-passive-range");
}

static void test_inc_gp_kerberos(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-gp-kerberos-missing");
	assert_string_equal(x->as_written, "Kerberos、LDAP、SMB、および RPC");
	assert_true(ct_contains(x->reading.en, "88"));
	assert_false(svc_covers("win-group-policy", PP_TR_TCP, 88));
	assert_true(svc_covers("win-kdc", PP_TR_TCP, 88));
}

static void test_inc_gp_system_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-gp-system-name");
	assert_string_equal(x->as_written, "システム サービス名: グループ ポリシー");
	assert_int_equal(x->src.line, 224);
	assert_string_equal(svc("win-group-policy")->system_names[0], "グループ ポリシー");
}

static void test_inc_gp_dcom(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-footnote-dcom-gp");
	assert_string_equal(x->as_written, "DCOM¹");
	assert_int_equal(x->src.line, 227);
	assert_string_equal(row("win-group-policy", 227)->proto.ja, "DCOM");
	assert_string_equal(row("win-group-policy", 227)->issue, "win-footnote-dcom-gp");
}

static void test_inc_gp_icmp(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-footnote-glued-icmp-gp");
	assert_string_equal(x->as_written, "ICMP (ping)2");
	assert_int_equal(x->src.line, 228);
	assert_string_equal(row("win-group-policy", 228)->proto.ja, "ICMP (ping)");
	assert_string_equal(row("win-group-policy", 228)->issue, "win-footnote-glued-icmp-gp");
}

static void test_inc_gp_rpc(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-footnote-rpc-gp");
	assert_string_equal(x->as_written, "RPC¹");
	assert_int_equal(x->src.line, 231);
	assert_string_equal(row("win-group-policy", 231)->proto.ja, "RPC");
}

static void test_inc_gp_eventlog_ref(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-gp-eventlog-ref");
	assert_string_equal(x->as_written, "「イベント ログ」セクション");
	assert_true(ct_contains(x->reading.en, "Event Log"));
	assert_string_equal(svc("win-eventlog")->src.section, "Event Log");
}

static void test_inc_ipam_wcf(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-ipam-wcf-name");
	assert_string_equal(x->as_written, "Windows Communications Framework");
	assert_string_equal(x->reading.ja, "Windows Communication Foundation");
	assert_int_equal(x->src.line, 275);
}

static void test_inc_isa_two_ranges(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-isa-two-ranges");
	assert_string_equal(x->as_written, "1024 ~ 65535 のランダムなポート番号 10000 ~ 65535 のランダムなポート番号 (注 7)");
	const struct pp_ports *r = row("win-isa-tmg", 290);
	assert_string_equal(r->as_written, x->as_written);
	assert_int_equal(r->n_ranges, 2);
	assert_int_equal(r->ranges[0].lo, 1024);
	assert_int_equal(r->ranges[1].lo, 10000);
	assert_true(pp_ports_cover(r, PP_TR_TCP, 1024));
}

static void test_inc_isa_notes(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-isa-notes-unnumbered");
	assert_string_equal(x->as_written, "このポートは、ISA 2000 では使用されません。");
	assert_int_equal(x->src.line, 294);
	assert_true(ct_contains(x->reading.en, "notes 1-7"));
	assert_int_equal(fact("win-fact-isa-note5-array")->src.line, 298);
}

static void test_inc_netlogon_138(void **state)
{
	(void)state;
	check_glued_port("win-footnote-glued-138-netlogon", "win-netlogon", 351, "1382", "138", PP_TR_UDP, 138);
}

static void test_inc_netlogon_137(void **state)
{
	(void)state;
	check_glued_port("win-footnote-glued-137-netlogon", "win-netlogon", 352, "1372", "137", PP_TR_UDP, 137);
	assert_false(pp_ports_cover(row("win-netlogon", 352), PP_TR_UDP, 1372));
}

static void test_inc_netlogon_139(void **state)
{
	(void)state;
	check_glued_port("win-footnote-glued-139-netlogon", "win-netlogon", 353, "1392", "139", PP_TR_TCP, 139);
}

static void test_inc_netlogon_rpc(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-footnote-rpc-netlogon");
	assert_string_equal(x->as_written, "RPC¹");
	assert_int_equal(x->src.line, 356);
	const struct pp_ports *r = row("win-netlogon", 356);
	assert_string_equal(r->spec, "135,dynamic-rpc");
	assert_string_equal(r->as_written, "135 49152 から 65535 までのランダム ポート番号");
}

static void test_inc_netlogon_sentence(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-netlogon-broken-sentence");
	assert_string_equal(x->as_written, "Netlogon");
	assert_int_equal(x->src.line, 359);
	assert_int_equal(fact("win-fact-netlogon-netbios-fallback")->src.line, 360);
}

static void test_inc_profsvc_sentence(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-profsvc-broken-sentence");
	assert_true(ct_contains(x->as_written, "Winlogon"));
	assert_int_equal(x->src.line, 371);
	assert_true(ct_affects(x, "win-profsvc"));
}

static void test_inc_chargen_tcp(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-simptcp-broken-chargen-tcp");
	assert_string_equal(x->as_written, "Chargen |");
	assert_int_equal(x->src.line, 497);
	assert_true(pp_ports_cover(row("win-simptcp", 497), PP_TR_TCP, 19));
}

static void test_inc_chargen_udp(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-simptcp-broken-chargen-udp");
	assert_string_equal(x->as_written, "Chargen |");
	assert_int_equal(x->src.line, 499);
	assert_true(pp_ports_cover(row("win-simptcp", 499), PP_TR_UDP, 19));
}

static void test_inc_quotd_tcp(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-simptcp-broken-quotd-tcp");
	assert_string_equal(x->as_written, "Quotd |");
	assert_int_equal(x->src.line, 507);
	assert_true(pp_ports_cover(row("win-simptcp", 507), PP_TR_TCP, 17));
}

static void test_inc_snmptrap(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-snmptrap-outgoing");
	assert_string_equal(x->as_written, "SNMP Traps Outgoing");
	assert_true(ct_contains(x->reading.en, "receives"));
	assert_string_equal(row("win-snmptrap", 521)->issue, "win-inc-snmptrap-outgoing");
}

static void test_inc_ssdp_port(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-ssdp-event-port");
	assert_string_equal(x->as_written, "現在、SSDP イベント通知サービスは TCP ポート 5000 を使用します。");
	assert_true(ct_contains(x->reading.en, "2869"));
	assert_true(pp_ports_cover(row("win-ssdpsrv", 530), PP_TR_TCP, 2869));
}

static void test_inc_ssdp_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-ssdp-service-name");
	assert_string_equal(x->as_written, "SSDPRSR");
	assert_string_equal(x->reading.ja, "SSDPSRV");
	assert_int_equal(x->src.line, 526);
	assert_true(ct_affects(x, "win-ssdpsrv"));
}

static void test_inc_w32time_english(void **state)
{
	(void)state;
	const struct pp_inconsistency *x = inc("win-inc-w32time-untranslated");
	assert_string_equal(x->as_written, "Windows Server 2003 uses NTP.");
	assert_int_equal(x->src.line, 627);
	assert_true(ct_contains(x->reading.ja, "NTP を使用します"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_dynamic_ranges),
		cmocka_unit_test(test_every_service_and_row_count),
		cmocka_unit_test(test_active_directory),
		cmocka_unit_test(test_alg_aspnet_certsvc),
		cmocka_unit_test(test_cluster),
		cmocka_unit_test(test_browser_dhcp_dfs),
		cmocka_unit_test(test_dfsr_trksvr_dtc_dns),
		cmocka_unit_test(test_eventlog_fax_frs_ftp),
		cmocka_unit_test(test_group_policy),
		cmocka_unit_test(test_http_ssl_hyper_v),
		cmocka_unit_test(test_ias_ics_isa),
		cmocka_unit_test(test_kdc_license_msmq),
		cmocka_unit_test(test_netlogon),
		cmocka_unit_test(test_nntp_profiles_spooler),
		cmocka_unit_test(test_rpc_storage_rras),
		cmocka_unit_test(test_server_sharepoint_smtp_simptcp),
		cmocka_unit_test(test_snmp_to_rdsl),
		cmocka_unit_test(test_tftp_to_www),
		cmocka_unit_test(test_name_search),
		cmocka_unit_test(test_facts_intro),
		cmocka_unit_test(test_facts_active_directory),
		cmocka_unit_test(test_facts_prose_ports),
		cmocka_unit_test(test_inconsistency_list),
		cmocka_unit_test(test_inc_dyn_2012_only),
		cmocka_unit_test(test_inc_dyn_2012_mixed),
		cmocka_unit_test(test_inc_dyn_list_glued),
		cmocka_unit_test(test_inc_summary_ref),
		cmocka_unit_test(test_inc_protocol_typo),
		cmocka_unit_test(test_inc_applies_to_missing),
		cmocka_unit_test(test_inc_ad_ephemeral),
		cmocka_unit_test(test_inc_ad_dyn_list_glued),
		cmocka_unit_test(test_inc_ad_icmp_row),
		cmocka_unit_test(test_inc_alg_lg),
		cmocka_unit_test(test_inc_alg_support),
		cmocka_unit_test(test_inc_cluster_echo_port),
		cmocka_unit_test(test_inc_cluster_2008),
		cmocka_unit_test(test_inc_browser_compile),
		cmocka_unit_test(test_inc_dfs_138),
		cmocka_unit_test(test_inc_dfs_139),
		cmocka_unit_test(test_inc_dfsr_5722),
		cmocka_unit_test(test_inc_dtc_ref),
		cmocka_unit_test(test_inc_frs_ref),
		cmocka_unit_test(test_inc_ftp_passive),
		cmocka_unit_test(test_inc_gp_kerberos),
		cmocka_unit_test(test_inc_gp_system_name),
		cmocka_unit_test(test_inc_gp_dcom),
		cmocka_unit_test(test_inc_gp_icmp),
		cmocka_unit_test(test_inc_gp_rpc),
		cmocka_unit_test(test_inc_gp_eventlog_ref),
		cmocka_unit_test(test_inc_ipam_wcf),
		cmocka_unit_test(test_inc_isa_two_ranges),
		cmocka_unit_test(test_inc_isa_notes),
		cmocka_unit_test(test_inc_netlogon_138),
		cmocka_unit_test(test_inc_netlogon_137),
		cmocka_unit_test(test_inc_netlogon_139),
		cmocka_unit_test(test_inc_netlogon_rpc),
		cmocka_unit_test(test_inc_netlogon_sentence),
		cmocka_unit_test(test_inc_profsvc_sentence),
		cmocka_unit_test(test_inc_chargen_tcp),
		cmocka_unit_test(test_inc_chargen_udp),
		cmocka_unit_test(test_inc_quotd_tcp),
		cmocka_unit_test(test_inc_snmptrap),
		cmocka_unit_test(test_inc_ssdp_port),
		cmocka_unit_test(test_inc_ssdp_name),
		cmocka_unit_test(test_inc_w32time_english),
	};
	return cmocka_run_group_tests_name("doc 003 services (lines 1-640)", tests, NULL, NULL);
}
