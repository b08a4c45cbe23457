/*
 * Document 000: KB 270836 "Exchange Server の静的ポートの割り当て".
 * Expected values are taken from the seed document
 * (../shared/seeds/000_9bb1868ee0b2b64b.txt), not from the catalog file.
 */
#include "catalog_test.h"

#define S_MAPI2000 "MAPI クライアント コンピュータをファイアウォール経由で Exchange 2000 Server または Exchange Server 2003 に接続するための静的ポートの割り当て"
#define S_MAPI55 "MAPI クライアント コンピュータをファイアウォール経由で Exchange Server 5.5 に接続するための静的ポートの割り当て"
#define S_FE "境界ネットワーク イーサネット環境内のフロントエンド サーバー用のポートを静的に割り当て、コンピュータがネットワークにログオンしてバックエンド サーバーと通信できるようにする方法"
#define S_OWA55 "Microsoft Exchange Server 5.5 Outlook Web Access をファイアウォール経由で Exchange Server 5.5 に接続するように構成する方法"
#define S_LIMITS "Exchange Server の静的ポートを割り当てる場合の制限事項"
#define S_2007 "Microsoft Exchange Server 2007"
#define S_RELATED "関連情報"

static size_t count_pins(const char *section)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_registry_pins; i++)
		if (ct_from_doc(&c->registry_pins[i].src, "000") &&
		    (!section || strcmp(c->registry_pins[i].src.section, section) == 0))
			n++;
	return n;
}

/* The pin of doc 000 with this key suffix and value name, in section. */
static const struct pp_registry_pin *pin_by(const char *section, const char *key_tail,
					    const char *value_name)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_registry_pins; i++) {
		const struct pp_registry_pin *p = &c->registry_pins[i];
		size_t kl = strlen(p->key), tl = strlen(key_tail);
		if (ct_from_doc(&p->src, "000") && strcmp(p->src.section, section) == 0 && kl >= tl &&
		    strcmp(p->key + kl - tl, key_tail) == 0 && strcmp(p->value_name, value_name) == 0)
			return p;
	}
	return NULL;
}

static const struct pp_fact *fact_with_ja(const char *needle)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_facts; i++)
		if (ct_from_doc(&c->facts[i].src, "000") &&
		    (ct_contains(c->facts[i].text.ja, needle) || ct_contains(c->facts[i].quote, needle)))
			return &c->facts[i];
	return NULL;
}

static const struct pp_fact *fact_with_en(const char *needle)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_facts; i++)
		if (ct_from_doc(&c->facts[i].src, "000") && ct_contains(c->facts[i].text.en, needle))
			return &c->facts[i];
	return NULL;
}

/* ---------- document and counts ---------- */

static void test_document(void **state)
{
	(void)state;
	const struct pp_document *d = pp_document_find("000");
	assert_non_null(d);
	assert_string_equal(d->file, "000_9bb1868ee0b2b64b.txt");
	assert_string_equal(d->title.ja, "Exchange Server の静的ポートの割り当て");
	assert_non_null(d->kb);
	assert_string_equal(d->kb, "270836");
}

static void test_pin_counts(void **state)
{
	(void)state;
	/* 2000/2003: SA RFR, SA NSPI, IS, SRS, plus NTDS on a GC. */
	assert_int_equal(count_pins(S_MAPI2000), 5);
	/* 5.5: MSExchangeDS and MSExchangeIS. */
	assert_int_equal(count_pins(S_MAPI55), 2);
	/* Front-end: NTDS on the domain controllers. */
	assert_int_equal(count_pins(S_FE), 1);
	/* OWA 5.5: directory, information store, System Attendant. */
	assert_int_equal(count_pins(S_OWA55), 3);
	assert_int_equal(count_pins(NULL), 11);
}

static void test_other_counts(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	size_t uuids = 0, incons = ct_count_inconsistencies("000"), dps = 0, dps_table = 0;
	for (size_t i = 0; i < c->n_rpc_interfaces; i++)
		uuids += (size_t)ct_from_doc(&c->rpc_interfaces[i].src, "000");
	for (size_t i = 0; i < c->n_data_paths; i++) {
		if (!ct_from_doc(&c->data_paths[i].src, "000"))
			continue;
		dps++;
		if (strcmp(c->data_paths[i].table.ja, S_FE) == 0)
			dps_table++;
	}
	/* Two UUIDs on line 111, three on line 140. */
	assert_int_equal(uuids, 5);
	assert_int_equal(incons, 13);
	/* Nine list items towards DC/GC/back-end, the W2000 ping, and the
	 * web-client example of line 127; plus the MAPI-client paths stated
	 * after the pinning steps (lines 57, 62 and 97): two each for
	 * Exchange 2000 and 2003 (server, global catalog), one for 5.5. */
	assert_int_equal(dps, 16);
	assert_int_equal(dps_table, 11);
}

/* Line 57: after pinning, open TCP to the ports of steps 3, 5, 7 and 9
 * (SA RFR, NSPI proxy, information store, SRS) and 135. The pinned row
 * names those four registry values. */
static void test_mapi_paths(void **state)
{
	(void)state;
	const struct pp_data_path *d = pp_data_path_find("exsp-dp-mapi-2003-to-server");
	assert_non_null(d);
	assert_string_equal(d->from, "mapi-client");
	assert_string_equal(d->to, "back-end");
	assert_int_equal(d->n_ports, 2);
	assert_true(pp_ports_cover(&d->ports[0], PP_TR_TCP, 135));
	assert_true(d->ports[1].symbols & PP_SYM_PINNED);
	assert_int_equal(d->ports[1].transport, PP_TR_TCP);
	assert_int_equal(d->ports[1].n_pins, 4);
	assert_true(ct_has_str(d->ports[1].pins, d->ports[1].n_pins, "exsp-pin-2000-sa-nspi"));
	assert_true(ct_has_str(d->ports[1].pins, d->ports[1].n_pins, "exsp-pin-2000-srs"));
	/* 5.5 (line 97): steps 3 and 5 only, the directory and the store. */
	d = pp_data_path_find("exsp-dp-mapi-55-to-server");
	assert_non_null(d);
	assert_int_equal(d->ports[1].n_pins, 2);
	assert_true(ct_has_str(d->ports[1].pins, d->ports[1].n_pins, "exsp-pin-55-ds"));
	/* The front-end's AD logon port is the NTDS pin on the DCs (line 116). */
	d = pp_data_path_find("exsp-dp-fe-to-dc-ad-rpc");
	assert_non_null(d);
	assert_int_equal(d->ports[0].n_pins, 1);
	assert_string_equal(d->ports[0].pins[0], "exsp-pin-dc-ntds");
}

/* ---------- registry pins ---------- */

static void test_pins_2000(void **state)
{
	(void)state;
	const struct pp_registry_pin *rfr =
		pin_by(S_MAPI2000, "MSExchangeSA\\Parameters", "TCP/IP Port");
	assert_non_null(rfr);
	assert_string_equal(rfr->key,
			    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeSA\\Parameters");
	assert_string_equal(rfr->value_type, "REG_DWORD");
	assert_string_equal(rfr->service, "MSExchangeSA");
	assert_true(ct_contains(rfr->interface.ja, "SA RFR"));
	assert_true(ct_contains(rfr->data.ja, "The port number to be assigned, in decimal format"));
	assert_true(ct_has_str(rfr->products, rfr->n_products, "exchange-2000"));
	assert_true(ct_has_str(rfr->products, rfr->n_products, "exchange-2003"));
	assert_true(ct_contains(rfr->restart.ja, "コンピュータを再起動します"));
	assert_int_equal(rfr->example, -1);

	const struct pp_registry_pin *nspi =
		pin_by(S_MAPI2000, "MSExchangeSA\\Parameters", "TCP/IP NSPI Port");
	assert_non_null(nspi);
	assert_true(ct_contains(nspi->interface.ja, "NSPI Proxy"));
	assert_string_equal(nspi->value_type, "REG_DWORD");

	const struct pp_registry_pin *is =
		pin_by(S_MAPI2000, "MSExchangeIS\\ParametersSystem", "TCP/IP Port");
	assert_non_null(is);
	assert_string_equal(is->service, "MSExchangeIS");
	assert_true(ct_contains(is->interface.en, "Information Store"));

	const struct pp_registry_pin *srs = pp_registry_pin_find("exsp-pin-2000-srs");
	assert_non_null(srs);
	assert_string_equal(srs->key,
			    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeSRS\\Parameters");
	assert_string_equal(srs->service, "MSExchangeSRS");
	assert_true(ct_contains(srs->interface.ja, "サイト レプリケーション サービス (SRS)"));
	assert_int_equal(srs->src.line, 50);
}

static void test_pin_gc_ntds(void **state)
{
	(void)state;
	const struct pp_registry_pin *gc = pin_by(S_MAPI2000, "NTDS\\Parameters", "TCP/IP Port");
	assert_non_null(gc);
	assert_string_equal(gc->service, "NTDS");
	assert_int_equal(gc->src.line, 62);
	assert_true(ct_contains(gc->interface.ja, "NSPI"));
	assert_true(ct_contains(gc->restart.ja, "グローバル カタログ サーバーを再起動"));
	assert_true(ct_contains(gc->restart.en, "global catalog"));
}

static void test_pins_55(void **state)
{
	(void)state;
	const struct pp_registry_pin *ds =
		pin_by(S_MAPI55, "MSExchangeDS\\Parameters", "TCP/IP Port");
	assert_non_null(ds);
	assert_int_equal(ds->example, 5000);
	assert_string_equal(ds->service, "MSExchangeDS");
	assert_int_equal(ds->n_products, 1);
	assert_string_equal(ds->products[0], "exchange-5.5");

	const struct pp_registry_pin *is =
		pin_by(S_MAPI55, "MSExchangeIS\\ParametersSystem", "TCP/IP Port");
	assert_non_null(is);
	assert_int_equal(is->example, 5001);
	assert_int_equal(is->src.line, 87);
	assert_true(ct_contains(is->restart.ja, "再起動"));
}

static void test_pin_dc_ntds(void **state)
{
	(void)state;
	const struct pp_registry_pin *dc = pin_by(S_FE, "NTDS\\Parameters", "TCP/IP Port");
	assert_non_null(dc);
	assert_string_equal(dc->key,
			    "HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\NTDS\\Parameters");
	assert_true(ct_contains(dc->data.ja, "A value that is more than 1024"));
	assert_int_equal(dc->n_rpc_interfaces, 2);
	assert_true(ct_has_str(dc->products, dc->n_products, "windows"));
	assert_int_equal(dc->src.line, 116);
}

static void test_pins_owa55(void **state)
{
	(void)state;
	const struct pp_registry_pin *ds =
		pin_by(S_OWA55, "MSExchangeDS\\Parameters", "TCP/IP Port");
	const struct pp_registry_pin *is =
		pin_by(S_OWA55, "MSExchangeIS\\ParametersSystem", "TCP/IP Port");
	const struct pp_registry_pin *sa =
		pin_by(S_OWA55, "MSExchangeSA\\Parameters", "TCP/IP Port");
	assert_non_null(ds);
	assert_non_null(is);
	assert_non_null(sa);
	assert_int_equal(ds->src.line, 145);
	assert_int_equal(is->src.line, 155);
	assert_int_equal(sa->src.line, 165);
	assert_int_equal(sa->n_rpc_interfaces, 1);
	const struct pp_rpc_interface *u = pp_rpc_interface_find(sa->rpc_interfaces[0]);
	assert_non_null(u);
	assert_string_equal(u->uuid, "469d6ec0-0d87-11ce-b13f-00aa003bac6c");
	u = pp_rpc_interface_find(ds->rpc_interfaces[0]);
	assert_non_null(u);
	assert_string_equal(u->uuid, "f5cc5a18-4264-101a-8c59-08002b2f8426");
	u = pp_rpc_interface_find(is->rpc_interfaces[0]);
	assert_non_null(u);
	assert_string_equal(u->uuid, "a4f1db00-ca47-1067-b31f-00dd010662da");
	/* Only the last procedure of the section restarts the computer. */
	assert_true(ct_contains(sa->restart.ja, "コンピュータを再起動します"));
}

/* ---------- RPC interfaces ---------- */

static void test_rpc_interfaces(void **state)
{
	(void)state;
	const struct pp_catalog *c = pp_catalog();
	int logon = 0, drs = 0;
	for (size_t i = 0; i < c->n_rpc_interfaces; i++) {
		const struct pp_rpc_interface *u = &c->rpc_interfaces[i];
		if (!ct_from_doc(&u->src, "000"))
			continue;
		if (strcmp(u->uuid, "12345678-1234-abcd-ef00-01234567cffb") == 0) {
			logon = 1;
			assert_null(u->as_written);
			assert_int_equal(u->src.line, 111);
		}
		if (strcmp(u->uuid, "e3514235-4b06-11d1-ab04-00c04fc2dcd2") == 0) {
			drs = 1;
			assert_non_null(u->as_written);
			assert_string_equal(u->as_written, "3514235-4b06-11d1-ab04-00c04fc2dcd2");
			assert_non_null(u->issue);
		}
		if (strcmp(u->uuid, "f5cc5a18-4264-101a-8c59-08002b2f8426") == 0)
			assert_true(ct_contains(u->name.ja, "Exchange Server 5.5 ディレクトリ サービス"));
	}
	assert_true(logon);
	assert_true(drs);
}

/* ---------- front-end list and data paths ---------- */

static void test_fe_list(void **state)
{
	(void)state;
	const struct pp_list *l = pp_list_find("exsp-list-fe-logon-ports");
	assert_non_null(l);
	assert_string_equal(l->src.section, S_FE);
	/* Bullets at lines 103-111, 124 and 125. */
	assert_int_equal(l->n_items, 11);
	const struct pp_list_item *it = l->items;
	assert_int_equal(it[0].line, 103);
	assert_true(pp_ports_cover(&it[0].ports[0], PP_TR_TCP, 53));
	assert_true(pp_ports_cover(&it[0].ports[0], PP_TR_UDP, 53));
	assert_true(pp_ports_cover(&it[1].ports[0], PP_TR_TCP, 80));
	assert_false(pp_ports_cover(&it[1].ports[0], PP_TR_UDP, 80));
	assert_true(pp_ports_cover(&it[2].ports[0], PP_TR_UDP, 88));
	assert_true(pp_ports_cover(&it[3].ports[0], PP_TR_UDP, 123));
	assert_false(pp_ports_cover(&it[3].ports[0], PP_TR_TCP, 123));
	assert_true(ct_contains(it[4].text.ja, "EndPointMapper"));
	assert_true(pp_ports_cover(&it[4].ports[0], PP_TR_TCP, 135));
	assert_true(pp_ports_cover(&it[5].ports[0], PP_TR_UDP, 389));
	assert_true(pp_ports_cover(&it[6].ports[0], PP_TR_TCP, 445));
	assert_false(pp_ports_cover(&it[6].ports[0], PP_TR_UDP, 445));
	assert_true(ct_contains(it[6].text.ja, "Netlogon"));
	assert_true(pp_ports_cover(&it[7].ports[0], PP_TR_TCP, 3268));
	/* The pinned AD port: more than 1024. */
	assert_int_equal(it[8].line, 111);
	/* No number in the source: a port the administrator pins. */
	assert_true(it[8].ports[0].symbols & PP_SYM_PINNED);
	assert_int_equal(it[8].ports[0].n_ranges, 0);
	assert_true(it[8].ports[0].transport == (PP_TR_TCP | PP_TR_UDP));
	/* Outbound client-side ports 1024-65535. */
	assert_int_equal(it[9].line, 124);
	assert_int_equal(it[9].ports[0].kind, PP_KIND_DYNAMIC);
	assert_true(pp_ports_cover(&it[9].ports[0], PP_TR_TCP, 1024));
	assert_true(pp_ports_cover(&it[9].ports[0], PP_TR_TCP, 65535));
	assert_string_equal(it[9].ports[0].as_written, "1024 から 65535");
	/* Windows 2000 logon pings. */
	assert_int_equal(it[10].line, 125);
	assert_int_equal(it[10].ports[0].transport, PP_TR_ICMP);
}

static void test_data_paths(void **state)
{
	(void)state;
	const struct pp_data_path *gc = pp_data_path_find("exsp-dp-fe-to-gc-ldap");
	assert_non_null(gc);
	assert_string_equal(gc->from, "front-end");
	assert_string_equal(gc->to_product, "windows");
	assert_string_equal(gc->to, "global-catalog");
	assert_int_equal(gc->n_ports, 1);
	assert_true(pp_ports_cover(&gc->ports[0], PP_TR_TCP, 3268));
	assert_int_equal(gc->src.line, 110);

	const struct pp_data_path *krb = pp_data_path_find("exsp-dp-fe-to-dc-kerberos");
	assert_non_null(krb);
	assert_string_equal(krb->to, "domain-controller");
	assert_int_equal(krb->ports[0].transport, PP_TR_TCP | PP_TR_UDP);
	assert_true(pp_ports_cover(&krb->ports[0], PP_TR_TCP, 88));

	const struct pp_data_path *owa = pp_data_path_find("exsp-dp-fe-to-be-owa");
	assert_non_null(owa);
	assert_string_equal(owa->to, "back-end");
	assert_true(pp_ports_cover(&owa->ports[0], PP_TR_TCP, 80));

	const struct pp_data_path *web = pp_data_path_find("exsp-dp-fe-to-be-web-clients");
	assert_non_null(web);
	assert_int_equal(web->n_ports, 2);
	assert_true(pp_ports_cover(&web->ports[1], PP_TR_TCP, 143));

	const struct pp_data_path *ad = pp_data_path_find("exsp-dp-fe-to-dc-ad-rpc");
	assert_non_null(ad);
	assert_true(ad->ports[0].symbols & PP_SYM_PINNED);
	assert_true(ad->ports[0].transport & PP_TR_UDP);
	assert_false(pp_ports_cover(&ad->ports[0], PP_TR_TCP, 135));

	/* Every 000 data path starts at the front-end; 135/tcp goes to a DC. */
	const struct pp_catalog *c = pp_catalog();
	int epmap = 0;
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *d = &c->data_paths[i];
		if (!ct_from_doc(&d->src, "000") || strcmp(d->table.ja, S_FE) != 0)
			continue;
		assert_string_equal(d->from, "front-end");
		for (size_t j = 0; j < d->n_ports; j++)
			if (pp_ports_cover(&d->ports[j], PP_TR_TCP, 135) &&
			    strcmp(d->to, "domain-controller") == 0)
				epmap = 1;
	}
	assert_true(epmap);
}

/* ---------- services ---------- */

static void test_services(void **state)
{
	(void)state;
	const struct pp_service *ds = pp_service_find("exsp-svc-55-ds");
	assert_non_null(ds);
	assert_int_equal(ds->n_rows, 1);
	assert_string_equal(ds->rows[0].spec, "5000");
	assert_int_equal(ds->rows[0].kind, PP_KIND_CONFIGURABLE);
	assert_int_equal(ds->rows[0].line, 83);
	assert_true(ct_has_str(ds->system_names, ds->n_system_names, "MSExchangeDS"));

	const struct pp_service *is = pp_service_find("exsp-svc-55-is");
	assert_non_null(is);
	assert_true(pp_ports_cover(&is->rows[0], PP_TR_TCP, 5001));
	assert_int_equal(is->rows[0].line, 92);

	const struct pp_service *sa = pp_service_find("exsp-svc-2000-sa");
	assert_non_null(sa);
	assert_true(pp_ports_cover(&sa->rows[0], PP_TR_TCP, 135));
	assert_non_null(sa->rows[0].issue);

	const struct pp_service *ntds = pp_service_find("exsp-svc-dc-ntds");
	assert_non_null(ntds);
	assert_int_equal(ntds->n_rows, 2);
	assert_true(pp_ports_cover(&ntds->rows[0], PP_TR_TCP, 1025));
	assert_true(pp_ports_cover(&ntds->rows[0], PP_TR_TCP, 1026));
	assert_false(pp_ports_cover(&ntds->rows[0], PP_TR_TCP, 1027));
	assert_string_equal(ntds->rows[1].as_written, "A value that is more than 1024");
}

/* ---------- facts ---------- */

static void test_facts_open_ports(void **state)
{
	(void)state;
	const struct pp_fact *f2000 = fact_with_ja("手順 3.、5.、7.、および 9. で割り当てたポート");
	assert_non_null(f2000);
	assert_int_equal(f2000->src.line, 57);
	assert_true(ct_fact_covers(f2000, PP_TR_TCP, 135));
	assert_false(ct_fact_covers(f2000, PP_TR_UDP, 135));

	const struct pp_fact *f55 = fact_with_ja("手順 3. および 5. で割り当てたポート");
	assert_non_null(f55);
	assert_int_equal(f55->src.line, 97);
	assert_true(ct_fact_covers(f55, PP_TR_TCP, 135));
	assert_true(ct_fact_covers(f55, PP_TR_TCP, 5000));
	assert_true(ct_fact_covers(f55, PP_TR_TCP, 5001));
	assert_false(ct_fact_covers(f55, PP_TR_TCP, 5002));
}

static void test_facts_constraints(void **state)
{
	(void)state;
	const struct pp_fact *f;

	f = fact_with_ja("NSPI は起動しません");
	assert_non_null(f);
	assert_int_equal(f->src.line, 71);
	assert_non_null(fact_with_en("NSPI does not start"));

	f = fact_with_ja("未使用のポートを使用する必要があります");
	assert_non_null(f);
	assert_int_equal(f->src.line, 33);

	f = fact_with_ja("5000 〜 65535 (10 進数) の範囲");
	assert_non_null(f);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 5000));
	assert_true(ct_fact_covers(f, PP_TR_TCP, 65535));
	assert_false(ct_fact_covers(f, PP_TR_TCP, 4999));

	f = fact_with_ja("1024 (10 進数) を超える値を割り当ててください");
	assert_non_null(f);
	assert_false(ct_fact_covers(f, PP_TR_TCP, 1024));
	assert_true(f->ports[0].symbols & PP_SYM_PINNED);
	assert_string_equal(f->ports[0].as_written, "1024 (10 進数) を超える値");

	f = fact_with_ja("起動中にポート 1025 または 1026 が割り当てられます");
	assert_non_null(f);
	assert_int_equal(f->ports[0].kind, PP_KIND_DYNAMIC);

	f = fact_with_ja("グローバル カタログ サーバーを再起動し");
	assert_non_null(f);
	assert_int_equal(f->src.line, 69);

	f = fact_with_ja("\"TCP/IP\" のスラッシュが \"/\" であることを確認します");
	assert_non_null(f);
	assert_int_equal(f->src.line, 123);

	f = fact_with_ja("パフォーマンスに影響はありません");
	assert_non_null(f);

	f = fact_with_ja("ポート 80 (TCP) や IMAP 143 (TCP)");
	assert_non_null(f);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 143));
	assert_true(ct_fact_covers(f, PP_TR_TCP, 80));

	f = fact_with_ja("TCP/IP ルートを定義することも必要です");
	assert_non_null(f);
	assert_int_equal(f->src.line, 132);
}

static void test_facts_icmp_limits_2007(void **state)
{
	(void)state;
	const struct pp_fact *f;

	f = fact_with_ja("デフォルトで ICMP を使用して");
	assert_non_null(f);
	assert_int_equal(f->ports[0].transport, PP_TR_ICMP);

	f = fact_with_ja("RPCDump");
	assert_non_null(f);
	assert_string_equal(f->src.section, S_LIMITS);

	f = fact_with_ja("既定のメール フォルダを開けません。");
	assert_non_null(f);
	assert_int_equal(f->src.line, 182);

	f = fact_with_ja("WMI サービスでは、1024 から始めて");
	assert_non_null(f);
	assert_true(ct_fact_covers(f, PP_TR_TCP, 1024));

	f = fact_with_ja("WMI (Windows Management Instrumentation) が対象サーバーに接続できる");
	assert_non_null(f);
	assert_int_equal(f->src.line, 188);

	f = fact_with_ja("エッジ サーバー以外のサーバーはすべて企業ネットワーク上に展開する必要があります");
	assert_non_null(f);
	assert_string_equal(f->src.section, S_2007);

	f = fact_with_ja("ファイアウォールは、実稼働環境とクライアントの間に構成する必要があります");
	assert_non_null(f);
	assert_int_equal(f->src.line, 206);

	f = fact_with_ja("ネットワーク アドレス変換 (NAT)");
	assert_non_null(f);
	assert_string_equal(f->src.section, S_RELATED);
	assert_int_equal(f->src.line, 219);
}

/* ---------- inconsistencies: one test each ---------- */

/* ct_inconsistency that also affects some entry. */
static const struct pp_inconsistency *incons(const char *id, const char *category,
					      unsigned line)
{
	const struct pp_inconsistency *i = ct_inconsistency(id, category, line);
	assert_true(i->n_affects > 0);
	return i;
}

static void test_inc_uuid_missing_digit(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-uuid-drs-missing-digit", "typo", 111);
	assert_string_equal(i->as_written, "3514235-4b06-11d1-ab04-00c04fc2dcd2");
	assert_true(ct_contains(i->reading.ja, "e3514235-4b06-11d1-ab04-00c04fc2dcd2"));
	const struct pp_rpc_interface *u = pp_rpc_interface_find("exsp-uuid-ad-drs");
	assert_non_null(u);
	assert_string_equal(u->issue, "exsp-uuid-drs-missing-digit");
}

static void test_inc_srs_value_name(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		incons("exsp-srs-value-name-truncated", "missing", 52);
	assert_string_equal(i->as_written, "値の名前 : TCP/IP");
	assert_true(ct_contains(i->reading.en, "TCP/IP Port"));
	const struct pp_registry_pin *srs = pp_registry_pin_find("exsp-pin-2000-srs");
	assert_non_null(srs);
	assert_string_equal(srs->value_name, "TCP/IP Port");
}

static void test_inc_55_is_key(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-55-is-key-no-hive", "missing", 87);
	assert_string_equal(i->as_written,
			    "System\\CurrentControlSet\\Services\\MSExchangeIS\\ParametersSystem");
	assert_string_equal(i->reading.en,
			    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeIS\\ParametersSystem");
	/* The pin keeps the key exactly as written. */
	const struct pp_registry_pin *p = pp_registry_pin_find("exsp-pin-55-is");
	assert_non_null(p);
	assert_string_equal(p->key, i->as_written);
}

static void test_inc_sa_135_2000(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-sa-port-135-2000", "contradiction", 57);
	assert_string_equal(i->as_written,
			    "Microsoft Exchange System Attendant サービス用のポート 135");
	assert_true(ct_contains(i->reading.en, "endpoint mapper"));
	assert_true(ct_has_str(i->affects, i->n_affects, "exsp-svc-2000-sa"));
}

static void test_inc_sa_135_55(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-sa-port-135-55", "contradiction", 97);
	assert_string_equal(i->as_written,
			    "Microsoft Exchange System Attendant サービス用のポート 135");
	assert_true(ct_contains(i->reading.en, "endpoint mapper"));
	const struct pp_service *sa = pp_service_find("exsp-svc-55-sa");
	assert_non_null(sa);
	assert_string_equal(sa->rows[0].issue, "exsp-sa-port-135-55");
	assert_true(pp_ports_cover(&sa->rows[0], PP_TR_TCP, 135));
}

static void test_inc_one_port_per_key(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-one-port-per-key", "contradiction", 33);
	assert_string_equal(i->as_written, "レジストリ キーごとに、必ず別々のポート設定を割り当ててください。");
	assert_true(ct_contains(i->reading.en, "each registry value"));
	/* Both values of the one key MSExchangeSA\Parameters exist. */
	assert_non_null(pp_registry_pin_find("exsp-pin-2000-sa-rfr"));
	assert_non_null(pp_registry_pin_find("exsp-pin-2000-sa-nspi"));
}

static void test_inc_owa_80(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-owa-port-80-garbled", "garbled", 104);
	assert_true(ct_contains(i->as_written, "通信にアクセスする Outlook Web Access"));
	assert_true(ct_contains(i->reading.en, "80/tcp"));
}

static void test_inc_icmp(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-icmp-absent-vs-ping", "contradiction", 134);
	assert_true(ct_contains(i->as_written, "Internet Control Message Protocol (ICMP) 接続が存在しません"));
	assert_true(ct_contains(i->reading.en, "allow ICMP"));
	assert_true(ct_has_str(i->affects, i->n_affects, "exsp-dp-fe-to-dc-ping"));
}

static void test_inc_any_port(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		incons("exsp-any-port-vs-recommended", "contradiction", 185);
	assert_string_equal(i->as_written, "全範囲 (1 〜 65535)");
	assert_true(ct_contains(i->reading.en, "5000-65535"));
	const struct pp_fact *f = fact_with_ja("全範囲 (1 〜 65535)");
	assert_non_null(f);
	assert_string_equal(f->ports[0].as_written, "1 〜 65535");
	assert_true(f->ports[0].symbols & PP_SYM_PINNED);
}

static void test_inc_wmi_kb(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		incons("exsp-wmi-static-kb-mismatch", "contradiction", 190);
	assert_string_equal(i->as_written, "WMI サービスのポートを静的に割り当てる方法");
	assert_true(ct_contains(i->reading.en, "dynamic port range"));
}

static void test_inc_2007_procedures(void **state)
{
	(void)state;
	const struct pp_inconsistency *i =
		incons("exsp-2007-procedures-vs-perimeter", "contradiction", 195);
	assert_true(ct_contains(i->as_written, "Exchange Server 2007 でも正常に機能します。"));
	assert_true(ct_contains(i->reading.en, "Edge"));
}

static void test_inc_2007_garbled(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-2007-no-firewall-garbled", "garbled", 206);
	assert_string_equal(i->as_written, "Exchange 2007 のサーバー間にファイアウォールが存在しない場合");
	assert_true(ct_contains(i->reading.en, "no firewall between Exchange 2007 servers"));
}

static void test_inc_newmail_udp(void **state)
{
	(void)state;
	const struct pp_inconsistency *i = incons("exsp-newmail-udp-title", "contradiction", 220);
	assert_string_equal(i->as_written, "新着メールの通知パケット用の UDP ポートを構成する方法");
	assert_true(ct_contains(i->reading.en, "cannot be configured"));
	const struct pp_fact *f = fact_with_ja("264035 新着メールの通知パケット用の UDP ポートを構成できない");
	assert_non_null(f);
	assert_int_equal(f->src.line, 221);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_pin_counts),
		cmocka_unit_test(test_other_counts),
		cmocka_unit_test(test_mapi_paths),
		cmocka_unit_test(test_pins_2000),
		cmocka_unit_test(test_pin_gc_ntds),
		cmocka_unit_test(test_pins_55),
		cmocka_unit_test(test_pin_dc_ntds),
		cmocka_unit_test(test_pins_owa55),
		cmocka_unit_test(test_rpc_interfaces),
		cmocka_unit_test(test_fe_list),
		cmocka_unit_test(test_data_paths),
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_facts_open_ports),
		cmocka_unit_test(test_facts_constraints),
		cmocka_unit_test(test_facts_icmp_limits_2007),
		cmocka_unit_test(test_inc_uuid_missing_digit),
		cmocka_unit_test(test_inc_srs_value_name),
		cmocka_unit_test(test_inc_55_is_key),
		cmocka_unit_test(test_inc_sa_135_2000),
		cmocka_unit_test(test_inc_sa_135_55),
		cmocka_unit_test(test_inc_one_port_per_key),
		cmocka_unit_test(test_inc_owa_80),
		cmocka_unit_test(test_inc_icmp),
		cmocka_unit_test(test_inc_any_port),
		cmocka_unit_test(test_inc_wmi_kb),
		cmocka_unit_test(test_inc_2007_procedures),
		cmocka_unit_test(test_inc_2007_garbled),
		cmocka_unit_test(test_inc_newmail_udp),
	};
	return cmocka_run_group_tests_name("doc 000 Exchange static ports (KB 270836)", tests, NULL,
					   NULL);
}
