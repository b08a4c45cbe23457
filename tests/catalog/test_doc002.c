/*
 * Document 002, "UM プロトコル、ポート、およびサービス" (Exchange 2013 / 2016):
 * the catalog must say what the document says. Expected values come from
 * reading the seed document, not from the YAML.
 */
#include "catalog_test.h"

#define LISTEN_TABLE "UM のリスニング ポート"
#define FW_SECTION "ユニファイド メッセージングのプロトコルおよびサービス"

static const struct pp_ports *row_at(const struct pp_service *s, size_t i)
{
	assert_non_null(s);
	assert_true(i < s->n_rows);
	return &s->rows[i];
}

static void test_document(void **state)
{
	(void)state;
	const struct pp_document *d = pp_document_find("002");
	assert_non_null(d);
	assert_string_equal(d->file, "002_73fe50b65a2f68f7.txt");
	assert_string_equal(d->title.ja, "UM プロトコル、ポート、およびサービス");
	assert_non_null(d->applies_to);
	assert_non_null(strstr(d->applies_to, "Exchange Server 2016"));
	assert_non_null(strstr(d->applies_to, "Exchange Server 2013"));
}

/* "UM のリスニング ポート" has four rows: call router, UM service, worker SIP,
 * worker RTP. Count the distinct table lines among the service rows. */
static void test_listening_table_row_count(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	unsigned lines[16];
	size_t n_lines = 0, n_services = 0;
	for (size_t i = 0; i < c->n_services; i++) {
		const struct pp_service *s = &c->services[i];
		if (!ct_from_doc(&s->src, "002") || strcmp(s->src.section, LISTEN_TABLE) != 0)
			continue;
		n_services++;
		for (size_t j = 0; j < s->n_rows; j++) {
			size_t k;
			for (k = 0; k < n_lines; k++)
				if (lines[k] == s->rows[j].line)
					break;
			if (k == n_lines) {
				assert_true(n_lines < 16);
				lines[n_lines++] = s->rows[j].line;
			}
		}
	}
	assert_int_equal(n_services, 3);
	assert_int_equal(n_lines, 4);
}

static void test_call_router(void **state)
{
	(void)state;
	const struct pp_service *s = pp_service_find("ex2013-um-call-router");
	assert_non_null(s);
	assert_string_equal(s->product, "exchange-2013");
	assert_non_null(strstr(s->name.ja, "呼び出しルーター"));
	assert_non_null(strstr(s->name.en, "Call Router"));
	assert_string_equal(s->src.section, LISTEN_TABLE);
	assert_int_equal(s->src.line, 95);
	/* 5060 unsecured and 5061 secured, TCP only, changeable with a cmdlet. */
	int saw_5060 = 0, saw_5061 = 0;
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct pp_ports *p = &s->rows[i];
		assert_int_equal(p->transport, PP_TR_TCP);
		assert_int_equal(p->kind, PP_KIND_CONFIGURABLE);
		assert_non_null(p->note.en);
		assert_non_null(strstr(p->note.en, "Set-UMCallRouterSettings"));
		assert_false(pp_ports_cover(p, PP_TR_UDP, 5060));
		if (pp_ports_cover(p, PP_TR_TCP, 5060))
			saw_5060 = 1;
		if (pp_ports_cover(p, PP_TR_TCP, 5061))
			saw_5061 = 1;
		assert_int_equal(p->line, 96);
	}
	assert_true(saw_5060 && saw_5061);
	assert_string_equal(row_at(s, 0)->spec, "5060");
	assert_string_equal(row_at(s, 1)->spec, "5061");
}

static void test_um_service(void **state)
{
	(void)state;
	const struct pp_service *s = pp_service_find("ex2013-um-service");
	assert_non_null(s);
	assert_int_equal(s->n_rows, 2);
	assert_string_equal(row_at(s, 0)->spec, "5062");
	assert_string_equal(row_at(s, 1)->spec, "5063");
	for (size_t i = 0; i < s->n_rows; i++) {
		assert_int_equal(s->rows[i].transport, PP_TR_TCP);
		assert_int_equal(s->rows[i].kind, PP_KIND_FIXED); /* ポートの変更は不可 */
		assert_int_equal(s->rows[i].line, 102);
	}
	assert_true(pp_ports_cover(row_at(s, 1), PP_TR_TCP, 5063));
	assert_false(pp_ports_cover(row_at(s, 1), PP_TR_UDP, 5063));
}

static void test_worker_process(void **state)
{
	(void)state;
	const struct pp_service *s = pp_service_find("ex2013-um-worker");
	assert_non_null(s);
	assert_string_equal(s->name.ja, "UM ワーカー プロセス");
	assert_int_equal(s->n_rows, 4);
	/* SIP: 5065 and 5067 unsecured, the same as written for mutual TLS,
	 * 5066 and 5068 added in dual mode; none changeable. */
	const struct pp_ports *tcp = row_at(s, 0);
	assert_true(pp_ports_cover(tcp, PP_TR_TCP, 5065));
	assert_true(pp_ports_cover(tcp, PP_TR_TCP, 5067));
	assert_false(pp_ports_cover(tcp, PP_TR_TCP, 5066));
	assert_int_equal(tcp->kind, PP_KIND_FIXED);
	const struct pp_ports *tls = row_at(s, 1);
	assert_true(pp_ports_cover(tls, PP_TR_TCP, 5065));
	assert_true(pp_ports_cover(tls, PP_TR_TCP, 5067));
	assert_non_null(tls->issue);
	assert_string_equal(tls->issue, "ex2013-worker-secured-ports-same");
	const struct pp_ports *dual = row_at(s, 2);
	assert_true(pp_ports_cover(dual, PP_TR_TCP, 5066));
	assert_true(pp_ports_cover(dual, PP_TR_TCP, 5068));
	assert_false(pp_ports_cover(dual, PP_TR_TCP, 5065));
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(s->rows[i].line, 108);
	/* RTP: UDP 1024-65535, no TCP, changeable in msexchangeum.config. */
	const struct pp_ports *rtp = row_at(s, 3);
	assert_int_equal(rtp->transport, PP_TR_UDP);
	assert_string_equal(rtp->spec, "1024-65535");
	assert_string_equal(rtp->as_written, "1024 ～ 65535");
	assert_true(pp_ports_cover(rtp, PP_TR_UDP, 1024));
	assert_true(pp_ports_cover(rtp, PP_TR_UDP, 65535));
	assert_false(pp_ports_cover(rtp, PP_TR_UDP, 1023));
	assert_false(pp_ports_cover(rtp, PP_TR_TCP, 5000));
	assert_int_equal(rtp->kind, PP_KIND_CONFIGURABLE);
	assert_non_null(strstr(rtp->note.ja, "msexchangeum.config"));
	assert_non_null(strstr(rtp->note.ja, "\\Program Files\\Microsoft\\Exchange\\V15\\bin"));
	assert_int_equal(rtp->line, 115);
}

struct fw_expect {
	const char *name;
	unsigned line;
	bool gfw;
};

static void test_firewall_rules(void **state)
{
	(void)state;
	static const struct fw_expect want[] = {
		{"SESWorker (GFW) (TCP-In)", 32, true},
		{"UMCallRouter (GFW) (TCP-In)", 34, true},
		{"UMCallRouter (TCP-In)", 36, false},
		{"UMService (GFW) (TCP-In)", 38, true},
		{"UMService (TCP-In)", 40, false},
		{"UMWorkerProcess – RPC (TCP-In)", 42, false},
		{"UMWorkerProcess (GFW) (TCP-In)", 44, true},
		{"UMWorkerProcess (TCP-In)", 46, false},
	};
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_fw_rules; i++)
		if (ct_from_doc(&c->fw_rules[i].src, "002"))
			n++;
	assert_int_equal(n, 8);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct pp_fw_rule *r = pp_fw_rule_find_name("exchange-2013", want[i].name);
		assert_non_null(r);
		assert_int_equal(r->src.line, want[i].line);
		assert_string_equal(r->src.section, FW_SECTION);
		assert_int_equal(r->any_program, want[i].gfw);
		assert_string_equal(r->direction, "in");
		/* "TCP ポートの制限なしで受信通信を許可する" */
		assert_int_equal(r->ports.transport, PP_TR_TCP);
		assert_true(r->ports.symbols & PP_SYM_ANY);
		assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 5060));
		assert_true(pp_ports_cover(&r->ports, PP_TR_TCP, 12345));
		assert_true(r->n_roles >= 1);
	}
	const struct pp_fw_rule *cr = pp_fw_rule_find("ex2013-fw-umcallrouter");
	assert_non_null(cr);
	assert_int_equal(cr->n_roles, 1);
	assert_string_equal(cr->roles[0], "client-access");
	const struct pp_fw_rule *ses = pp_fw_rule_find("ex2013-fw-sesworker-gfw");
	assert_non_null(ses);
	assert_int_equal(ses->n_roles, 2);
	const struct pp_list *l = pp_list_find("ex2013-list-um-fw-rules");
	assert_non_null(l);
	assert_int_equal(l->n_items, 8);
	assert_string_equal(l->items[5].text.ja, "UMWorkerProcess – RPC (TCP-In)");
}

static void test_sip_facts(void **state)
{
	(void)state;
	const struct pp_fact *f = pp_fact_find("ex2013-fact-sip-clients-5060");
	assert_non_null(f);
	assert_string_equal(f->src.section, "セッション開始プロトコル");
	assert_int_equal(f->src.line, 52);
	assert_int_equal(f->n_ports, 1);
	assert_true(pp_ports_cover(&f->ports[0], PP_TR_TCP, 5060));
	assert_true(pp_ports_cover(&f->ports[0], PP_TR_UDP, 5060));
	assert_non_null(strstr(f->text.ja, "VoIP ゲートウェイや IP 構内交換機 (PBX)"));
	assert_non_null(pp_role_find("exchange-2013", "voip-gateway"));
	assert_non_null(pp_role_find("exchange-2013", "ip-pbx"));

	const struct pp_fact *cas = pp_fact_find("ex2013-fact-cas-5060-5061");
	assert_non_null(cas);
	assert_int_equal(cas->n_ports, 2);
	assert_true(pp_ports_cover(&cas->ports[1], PP_TR_TCP, 5061));
	assert_non_null(strstr(cas->text.ja, "Set-UMCallRouterSettings"));

	const struct pp_fact *mbx = pp_fact_find("ex2013-fact-mailbox-5062-5063");
	assert_non_null(mbx);
	assert_non_null(strstr(mbx->quote, "Exchange 管理シェル コマンドレットでは構成できません"));

	const struct pp_fact *tcp_only = pp_fact_find("ex2013-fact-callrouter-tcp-only");
	assert_non_null(tcp_only);
	assert_string_equal(tcp_only->quote, "TCP ポートだけを使用して UDP ポートは使用しません");

	const struct pp_fact *media = pp_fact_find("ex2013-fact-media-channel");
	assert_non_null(media);
	assert_non_null(strstr(media->text.ja, "SBC"));
	assert_non_null(strstr(media->text.en, "SRTP"));
}

static void test_rtp_facts(void **state)
{
	(void)state;
	const struct pp_fact *r = pp_fact_find("ex2013-fact-rtp-range");
	assert_non_null(r);
	assert_string_equal(r->src.section, "リアルタイム転送プロトコル");
	assert_int_equal(r->src.line, 58);
	assert_int_equal(r->n_ports, 1);
	assert_int_equal(r->ports[0].kind, PP_KIND_DYNAMIC);
	assert_int_equal(r->ports[0].transport, PP_TR_UDP);
	assert_true(pp_ports_cover(&r->ports[0], PP_TR_UDP, 40000));
	assert_false(pp_ports_cover(&r->ports[0], PP_TR_UDP, 80));
	const struct pp_fact *eo = pp_fact_find("ex2013-fact-rtp-even-odd");
	assert_non_null(eo);
	assert_non_null(strstr(eo->text.ja, "偶数の UDP ポート"));
	const struct pp_fact *hard = pp_fact_find("ex2013-fact-rtp-firewall-hard");
	assert_non_null(hard);
	assert_non_null(strstr(hard->quote, "ファイアウォールを通過するのは困難です"));
}

static void test_web_services_and_lync(void **state)
{
	(void)state;
	const struct pp_fact *ws = pp_fact_find("ex2013-fact-umws-on-mailbox");
	assert_non_null(ws);
	assert_string_equal(ws->src.section, "ユニファイド メッセージング Web サービス");
	assert_int_equal(ws->n_ports, 0);
	const struct pp_list *features = pp_list_find("ex2013-list-umws-client-features");
	assert_non_null(features);
	assert_int_equal(features->n_items, 2);
	assert_string_equal(features->items[1].text.ja, "Outlook クライアントの電話での再生機能");
	assert_int_equal(features->items[1].line, 68);

	const struct pp_fact *nat = pp_fact_find("ex2013-fact-nat-traversal");
	assert_non_null(nat);
	assert_string_equal(nat->src.section, "Lync Server と UM ポート");
	assert_int_equal(nat->src.line, 124);
	const struct pp_fact *av = pp_fact_find("ex2013-fact-mediation-av-edge");
	assert_non_null(av);
	assert_non_null(strstr(av->text.ja, "A/V エッジ サーバー"));
	assert_int_equal(av->src.line, 126);
	const struct pp_list *refs = pp_list_find("ex2013-list-lync-deploy-refs");
	assert_non_null(refs);
	assert_int_equal(refs->n_items, 2);
}

/* ---- one test per inconsistency ---- */

static void test_inc_count(void **state)
{
	(void)state;
	assert_int_equal(ct_count_inconsistencies("002"), 14);
}

static void test_inc_microsoftexchange(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-typo-microsoftexchange", "typo", 20);
	assert_string_equal(i->as_written, "MicrosoftExchange 2013");
	assert_string_equal(i->reading.ja, "Microsoft Exchange 2013");
}

static void test_inc_fw_reconfigure(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-fw-reconfigure-vs-no-restriction", "contradiction", 24);
	assert_string_equal(i->as_written, "Windows ファイアウォール ルールを再構成する必要もあります");
	assert_non_null(strstr(i->reading.en, "no TCP port restriction"));
}

static void test_inc_sip_5060_udp(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-sip-5060-udp-contradiction", "contradiction", 52);
	assert_string_equal(i->as_written, "TCP と UDP ポート 5060");
	assert_non_null(strstr(i->reading.en, "TCP 5060 only"));
	/* The resolved reading: the call router has no UDP row. */
	const struct pp_service *s = pp_service_find("ex2013-um-call-router");
	assert_non_null(s);
	for (size_t k = 0; k < s->n_rows; k++)
		assert_false(pp_ports_cover(&s->rows[k], PP_TR_UDP, 5060));
	const struct pp_fact *f = pp_fact_find("ex2013-fact-sip-clients-5060");
	assert_non_null(f);
	assert_string_equal(f->ports[0].issue, "ex2013-sip-5060-udp-contradiction");
	assert_string_equal(f->ports[0].as_written, "TCP と UDP ポート 5060");
}

static void test_inc_rtcp_odd_port(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-rtcp-odd-port-tcp", "contradiction", 58);
	assert_string_equal(i->as_written, "その偶数の次に大きい奇数のポートが TCP 通信で使用されます");
	assert_non_null(strstr(i->reading.en, "RTCP"));
	/* RTP has no TCP port in the table. */
	const struct pp_service *w = pp_service_find("ex2013-um-worker");
	assert_non_null(w);
	assert_int_equal(row_at(w, 3)->transport, PP_TR_UDP);
}

static void test_inc_outlook_glued(void **state)
{
	(void)state;
	const struct pp_inconsistency *a =
		ct_inconsistency_explained("ex2013-typo-2013outlook-62", "typo", 62);
	const struct pp_inconsistency *b =
		ct_inconsistency_explained("ex2013-typo-2013outlook-66", "typo", 66);
	assert_string_equal(a->as_written, "Exchange 2013Outlook Web App");
	assert_string_equal(b->as_written, "Exchange 2013Outlook Web App");
	assert_string_equal(a->reading.ja, "Exchange 2013 Outlook Web App");
	assert_string_equal(b->reading.ja, "Exchange 2013 Outlook Web App");
}

static void test_inc_mtls_condition(void **state)
{
	(void)state;
	const struct pp_inconsistency *a =
		ct_inconsistency_explained("ex2013-mtls-condition-cas", "garbled", 72);
	assert_string_equal(a->as_written, "相互 TLS が使用されている場合、既定ではクライアント アクセス サーバーは");
	assert_non_null(strstr(a->reading.en, "5060"));
	assert_non_null(strstr(a->reading.en, "5061"));
	const struct pp_inconsistency *b =
		ct_inconsistency_explained("ex2013-mtls-condition-mailbox", "garbled", 72);
	assert_string_equal(b->as_written, "相互 TLS が使用されている場合、既定ではメールボックス サーバーは");
	assert_non_null(strstr(b->reading.en, "5062"));
	assert_non_null(strstr(b->reading.en, "5063"));
}

static void test_inc_callrouter_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-callrouter-name-missing-exchange", "typo", 95);
	assert_string_equal(i->as_written, "Microsoft ユニファイド メッセージング呼び出しルーター サービス");
	assert_string_equal(i->reading.ja, "Microsoft Exchange ユニファイド メッセージング呼び出しルーター サービス");
	const struct pp_service *s = pp_service_find("ex2013-um-call-router");
	assert_non_null(s);
	assert_string_equal(s->name.ja, "Microsoft Exchange ユニファイド メッセージング呼び出しルーター サービス");
}

static void test_inc_worker_secured(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-worker-secured-ports-same", "contradiction", 108);
	assert_string_equal(i->as_written, "相互 TLS の場合、5065 および 5067 (セキュリティで保護される)");
	assert_non_null(strstr(i->reading.en, "5065-5068"));
	const struct pp_service *w = pp_service_find("ex2013-um-worker");
	assert_non_null(w);
	assert_string_equal(row_at(w, 1)->as_written, "5065 および 5067 (セキュリティで保護される)");
}

static void test_inc_um_server_role(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-um-server-role-2013", "contradiction", 116);
	assert_string_equal(i->as_written, "Exchange 2013 ユニファイド メッセージング サーバー");
	assert_non_null(strstr(i->reading.ja, "メールボックス サーバー"));
	const struct pp_service *w = pp_service_find("ex2013-um-worker");
	assert_non_null(w);
	assert_string_equal(row_at(w, 3)->issue, "ex2013-um-server-role-2013");
}

static void test_inc_lync_and_or(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-lync-and-or", "garbled", 124);
	assert_non_null(strstr(i->as_written, "Communications Server 2007 R2 と Microsoft Lync Server 2010 または"));
	assert_non_null(strstr(i->reading.en, "One of"));
}

static void test_inc_lync_2013_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-lync-2013-name", "typo", 124);
	assert_string_equal(i->as_written, "Microsoft Lync 2013");
	assert_string_equal(i->reading.en, "Microsoft Lync Server 2013");
}

static void test_inc_ocs_2007_r2(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		ct_inconsistency_explained("ex2013-ocs-2007-vs-r2", "contradiction", 124);
	assert_string_equal(i->as_written, "特定の Communications Server 2007 または Lync Server プール");
	assert_non_null(strstr(i->reading.en, "2007 R2"));
}

/* The UM data paths stated in prose (lines 52, 58, 72, table line 108):
 * peers -> call router 5060/5061, call router -> UM service 5062/5063,
 * peers -> worker 5065-5068 and RTP both ways on UDP 1024-65535. */
static void test_um_data_paths(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_data_paths; i++)
		n += (size_t)ct_from_doc(&c->data_paths[i].src, "002");
	assert_int_equal(n, 13);
	const struct pp_data_path *d = pp_data_path_find("ex2013-dp-cas-to-mbx-sip");
	assert_non_null(d);
	assert_string_equal(d->from, "client-access");
	assert_string_equal(d->to, "mailbox");
	assert_true(pp_ports_cover(&d->ports[0], PP_TR_TCP, 5062));
	assert_true(pp_ports_cover(&d->ports[0], PP_TR_TCP, 5063));
	assert_false(pp_ports_cover(&d->ports[0], PP_TR_UDP, 5062));
	d = pp_data_path_find("ex2013-dp-voip-gateway-to-cas-sip");
	assert_non_null(d);
	assert_int_equal(d->ports[0].kind, PP_KIND_CONFIGURABLE);
	assert_true(pp_ports_cover(&d->ports[0], PP_TR_TCP, 5061));
	assert_false(pp_ports_cover(&d->ports[0], PP_TR_UDP, 5060));
	d = pp_data_path_find("ex2013-dp-mbx-to-sbc-rtp");
	assert_non_null(d);
	assert_string_equal(d->from, "mailbox");
	assert_string_equal(d->to, "sbc");
	assert_int_equal(d->ports[0].kind, PP_KIND_DYNAMIC);
	assert_true(pp_ports_cover(&d->ports[0], PP_TR_UDP, 1024));
	assert_false(pp_ports_cover(&d->ports[0], PP_TR_UDP, 1023));
	d = pp_data_path_find("ex2013-dp-ip-pbx-to-mbx-sip");
	assert_non_null(d);
	assert_true(pp_ports_cover(&d->ports[0], PP_TR_TCP, 5068));
	assert_false(pp_ports_cover(&d->ports[0], PP_TR_TCP, 5064));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_um_data_paths),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_listening_table_row_count),
		cmocka_unit_test(test_call_router),
		cmocka_unit_test(test_um_service),
		cmocka_unit_test(test_worker_process),
		cmocka_unit_test(test_firewall_rules),
		cmocka_unit_test(test_sip_facts),
		cmocka_unit_test(test_rtp_facts),
		cmocka_unit_test(test_web_services_and_lync),
		cmocka_unit_test(test_inc_count),
		cmocka_unit_test(test_inc_microsoftexchange),
		cmocka_unit_test(test_inc_fw_reconfigure),
		cmocka_unit_test(test_inc_sip_5060_udp),
		cmocka_unit_test(test_inc_rtcp_odd_port),
		cmocka_unit_test(test_inc_outlook_glued),
		cmocka_unit_test(test_inc_mtls_condition),
		cmocka_unit_test(test_inc_callrouter_name),
		cmocka_unit_test(test_inc_worker_secured),
		cmocka_unit_test(test_inc_um_server_role),
		cmocka_unit_test(test_inc_lync_and_or),
		cmocka_unit_test(test_inc_lync_2013_name),
		cmocka_unit_test(test_inc_ocs_2007_r2),
	};
	return cmocka_run_group_tests_name("doc 002 UM protocols, ports and services", tests, NULL, NULL);
}
