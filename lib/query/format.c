/*
 * Rendering query results: an aligned table for people (CJK-aware widths,
 * empty columns dropped, source inconsistencies as numbered notes below),
 * JSON through jansson, and RFC 4180 CSV for scripts.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/query.h"
#include "util/json.h"
#include "util/text.h"

/* ---------- the fields of one match ---------- */

static const char *tx(struct pp_text t, enum pp_lang lang)
{
	const char *s = lang == PP_LANG_JA ? t.ja : t.en;
	if (!s)
		s = lang == PP_LANG_JA ? t.en : t.ja;
	return s ? s : "";
}

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

enum col { C_KIND, C_PRODUCT, C_NAME, C_PROTO, C_TRANSPORT, C_PORTS, C_MATCH, C_PATH,
	   C_SOURCE, C_DETAIL, N_COLS };

static const char *const col_title[N_COLS] = {
	"KIND", "PRODUCT", "NAME", "PROTOCOL", "TRANSPORT", "PORTS", "MATCH", "FROM -> TO",
	"SOURCE", "DETAIL",
};

struct fields {
	const char *id;
	const char *product;
	struct pp_text name;
	const struct pp_source *src;
	const char *issue;     /* the row's, or the entry's */
	char *col[N_COLS];     /* owned */
};

static const char *entry_id(const struct pp_match *m)
{
	switch (m->kind) {
	case PP_M_SERVICE: return ((const struct pp_service *)m->entry)->id;
	case PP_M_PORT_TABLE: return ((const struct pp_port_table_row *)m->entry)->id;
	case PP_M_DYNAMIC_RANGE: return ((const struct pp_dynamic_range *)m->entry)->id;
	case PP_M_DATA_PATH: return ((const struct pp_data_path *)m->entry)->id;
	case PP_M_FW_RULE: return ((const struct pp_fw_rule *)m->entry)->id;
	case PP_M_REGISTRY_PIN: return ((const struct pp_registry_pin *)m->entry)->id;
	case PP_M_LIST_ITEM: return ((const struct pp_list *)m->entry)->id;
	case PP_M_FACT: return ((const struct pp_fact *)m->entry)->id;
	}
	return "";
}

static void fill(const struct pp_match *m, enum pp_lang lang, struct fields *f)
{
	memset(f, 0, sizeof *f);
	f->id = entry_id(m);
	const char *detail = NULL;
	char *owned_detail = NULL;
	switch (m->kind) {
	case PP_M_SERVICE: {
		const struct pp_service *s = m->entry;
		f->product = s->product;
		f->name = s->name;
		f->src = &s->src;
		if (s->n_system_names) {
			f->col[C_NAME] = dupf("%s [%s]", tx(s->name, lang), s->system_names[0]);
		}
		detail = m->ports ? tx(m->ports->note, lang) : tx(s->note, lang);
		break;
	}
	case PP_M_PORT_TABLE: {
		const struct pp_port_table_row *p = m->entry;
		f->name = p->system_service;
		f->src = &p->src;
		f->product = "windows";
		owned_detail = p->service ? dupf("service %s", p->service) : NULL;
		break;
	}
	case PP_M_DYNAMIC_RANGE: {
		const struct pp_dynamic_range *d = m->entry;
		f->name = d->os;
		f->src = &d->src;
		f->product = "windows";
		detail = tx(d->ports.note, lang);
		break;
	}
	case PP_M_DATA_PATH: {
		const struct pp_data_path *d = m->entry;
		f->product = d->product;
		f->name = d->name;
		f->src = &d->src;
		f->issue = d->issue;
		f->col[C_PATH] = dupf("%s%s%s -> %s%s%s", d->from_product && strcmp(d->from_product, d->product) ? d->from_product : "",
				      d->from_product && strcmp(d->from_product, d->product) ? ":" : "", d->from ? d->from : "?",
				      d->to_product && strcmp(d->to_product, d->product) ? d->to_product : "",
				      d->to_product && strcmp(d->to_product, d->product) ? ":" : "", d->to ? d->to : "?");
		struct {
			const char *label;
			struct pp_text t;
		} cells[] = {
			{"auth", d->auth_default}, {"supported", d->auth_supported},
			{"encryption", d->encryption_supported}, {"by default", d->encryption_default},
			{"note", d->note},
		};
		size_t len = 0;
		for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
			if (cells[i].t.en || cells[i].t.ja)
				len += strlen(cells[i].label) + strlen(tx(cells[i].t, lang)) + 4;
		owned_detail = calloc(1, len + 1);
		for (size_t i = 0; owned_detail && i < sizeof cells / sizeof *cells; i++)
			if (cells[i].t.en || cells[i].t.ja) {
				if (*owned_detail)
					strcat(owned_detail, "; ");
				strcat(owned_detail, cells[i].label);
				strcat(owned_detail, ": ");
				strcat(owned_detail, tx(cells[i].t, lang));
			}
		if (m->ports && (m->ports->note.en || m->ports->note.ja)) {
			char *more = dupf("%s%s%s", owned_detail ? owned_detail : "", owned_detail && *owned_detail ? "; " : "",
					  tx(m->ports->note, lang));
			free(owned_detail);
			owned_detail = more;
		}
		break;
	}
	case PP_M_FW_RULE: {
		const struct pp_fw_rule *fw = m->entry;
		f->product = fw->product;
		f->name = (struct pp_text){fw->name, fw->name};
		f->src = &fw->src;
		size_t len = 64 + (fw->program ? strlen(fw->program) : 0);
		for (size_t i = 0; i < fw->n_roles; i++)
			len += strlen(fw->roles[i]) + 2;
		owned_detail = calloc(1, len);
		if (owned_detail) {
			strcat(owned_detail, fw->any_program ? "any program (GFW)" : "program ");
			if (!fw->any_program && fw->program)
				strcat(owned_detail, fw->program);
			strcat(owned_detail, "; roles ");
			for (size_t i = 0; i < fw->n_roles; i++) {
				if (i)
					strcat(owned_detail, ", ");
				strcat(owned_detail, fw->roles[i]);
			}
		}
		f->col[C_PATH] = dupf("%s", fw->direction && !strcmp(fw->direction, "out") ? "outbound" : "inbound");
		break;
	}
	case PP_M_REGISTRY_PIN: {
		const struct pp_registry_pin *p = m->entry;
		f->issue = p->issue;
		f->product = p->n_products ? p->products[0] : "";
		f->name = p->interface.en || p->interface.ja ? p->interface
			: (struct pp_text){p->service, p->service};
		f->src = &p->src;
		if (p->example >= 0)
			owned_detail = dupf("%s\\%s (%s) = %s; example %ld", p->key, p->value_name,
					    p->value_type, tx(p->data, lang), p->example);
		else
			owned_detail = dupf("%s\\%s (%s) = %s", p->key, p->value_name, p->value_type,
					    tx(p->data, lang));
		f->col[C_PROTO] = dupf("RPC");
		f->col[C_TRANSPORT] = dupf("tcp");
		f->col[C_PORTS] = dupf("pinned");
		break;
	}
	case PP_M_LIST_ITEM: {
		const struct pp_list *l = m->entry;
		f->name = l->title;
		f->src = &l->src;
		detail = tx(l->items[m->item].text, lang);
		break;
	}
	case PP_M_FACT: {
		const struct pp_fact *fa = m->entry;
		f->issue = fa->issue;
		f->product = fa->product;
		f->name = fa->topic;
		f->src = &fa->src;
		detail = tx(fa->text, lang);
		break;
	}
	}
	if (m->ports) {
		const struct pp_ports *p = m->ports;
		if (p->issue)
			f->issue = p->issue;
		if (p->proto.en || p->proto.ja)
			f->col[C_PROTO] = dupf("%s", tx(p->proto, lang));
		f->col[C_TRANSPORT] = dupf("%s", pp_transport_name(p->transport));
		/* What the source wrote shows in the numbered note of an
		 * inconsistency, and always in JSON and CSV. */
		f->col[C_PORTS] = dupf("%s", *p->spec ? p->spec : "-");
	}
	f->col[C_KIND] = dupf("%s", pp_match_kind_name(m->kind));
	f->col[C_PRODUCT] = dupf("%s", f->product ? f->product : "");
	if (!f->col[C_NAME])
		f->col[C_NAME] = dupf("%s", tx(f->name, lang));
	f->col[C_MATCH] = dupf("%s", pp_match_how_name(m->how));
	if (f->src)
		f->col[C_SOURCE] = dupf("%s:%u %s", f->src->doc ? f->src->doc->id : "-", f->src->line,
					f->src->section ? f->src->section : "");
	f->col[C_DETAIL] = owned_detail ? owned_detail : dupf("%s", detail ? detail : "");
	for (int i = 0; i < N_COLS; i++)
		if (!f->col[i])
			f->col[i] = dupf("%s", "");
}

static void fields_free(struct fields *f)
{
	for (int i = 0; i < N_COLS; i++)
		free(f->col[i]);
}

/* ---------- table ---------- */

/* Column caps for a table that fits a terminal; the last column runs on. */
static const size_t col_max[N_COLS] = {
	[C_KIND] = 14, [C_PRODUCT] = 14, [C_NAME] = 44, [C_PROTO] = 24, [C_TRANSPORT] = 9,
	[C_PORTS] = 28, [C_MATCH] = 14, [C_PATH] = 44, [C_SOURCE] = 40, [C_DETAIL] = 0,
};

static void cut(char **cell, size_t max)
{
	if (!max || pp_display_width(*cell) <= max)
		return;
	size_t keep = pp_utf8_prefix_for_width(*cell, max - 3);
	char *s = dupf("%.*s...", (int)keep, *cell);
	if (s) {
		free(*cell);
		*cell = s;
	}
}

static int print_table(const struct pp_result *r, FILE *out, enum pp_lang lang, bool wide)
{
	if (!r->n) {
		fprintf(out, "%s: nothing in the catalog\n", r->title);
		return ferror(out) ? -1 : 0;
	}
	struct fields *rows = calloc(r->n, sizeof *rows);
	if (!rows)
		return -1;
	size_t width[N_COLS] = {0};
	bool used[N_COLS] = {0};
	/* Inconsistencies become numbered notes; a row shows its number. */
	const char *issues[256];
	size_t n_issues = 0;
	for (size_t i = 0; i < r->n; i++) {
		fill(&r->matches[i], lang, &rows[i]);
		if (rows[i].issue) {
			/* The note number goes after the cut, so it always shows. */
			if (!wide)
				cut(&rows[i].col[C_PORTS], col_max[C_PORTS] - 5);
			size_t k;
			for (k = 0; k < n_issues && strcmp(issues[k], rows[i].issue); k++)
				;
			if (k == n_issues && n_issues < 256)
				issues[n_issues++] = rows[i].issue;
			char *marked = dupf("%s [%zu]", rows[i].col[C_PORTS], k + 1);
			if (marked) {
				free(rows[i].col[C_PORTS]);
				rows[i].col[C_PORTS] = marked;
			}
		}
		for (int c = 0; c < N_COLS; c++) {
			if (!wide)
				cut(&rows[i].col[c], col_max[c]);
			size_t w = pp_display_width(rows[i].col[c]);
			if (w > width[c])
				width[c] = w;
			used[c] |= w > 0;
		}
	}
	int last = 0;
	for (int c = 0; c < N_COLS; c++) {
		if (used[c] && pp_display_width(col_title[c]) > width[c])
			width[c] = pp_display_width(col_title[c]);
		if (used[c])
			last = c;
	}
	fprintf(out, "%s: %zu match%s\n", r->title, r->n, r->n == 1 ? "" : "es");
	for (size_t i = 0; i <= r->n; i++) {
		for (int c = 0, first = 1; c < N_COLS; c++) {
			if (!used[c])
				continue;
			const char *s = i == 0 ? col_title[c] : rows[i - 1].col[c];
			fprintf(out, "%s%s", first ? "" : "  ", s);
			first = 0;
			if (c != last)
				for (size_t w = pp_display_width(s); w < width[c]; w++)
					fputc(' ', out);
		}
		fputc('\n', out);
	}
	for (size_t k = 0; k < n_issues; k++) {
		const struct pp_inconsistency *inc = pp_inconsistency_find(issues[k]);
		if (!inc)
			continue;
		fprintf(out, "[%zu] %s (%s:%u): the source says \"%s\"; read as: %s. %s\n", k + 1, inc->id,
			inc->src.doc ? inc->src.doc->id : "-", inc->src.line, inc->as_written,
			tx(inc->reading, lang), tx(inc->why, lang));
	}
	for (size_t i = 0; i < r->n; i++)
		fields_free(&rows[i]);
	free(rows);
	return ferror(out) ? -1 : 0;
}

/* ---------- JSON ---------- */

static json_t *jtext(struct pp_text t)
{
	if (!t.ja && !t.en)
		return json_null();
	return json_pack("{s:s?, s:s?}", "ja", t.ja, "en", t.en);
}

static json_t *jports(const struct pp_ports *p)
{
	if (!p)
		return json_null();
	json_t *ranges = json_array();
	for (size_t i = 0; i < p->n_ranges; i++)
		json_array_append_new(ranges, json_pack("[i, i]", p->ranges[i].lo, p->ranges[i].hi));
	json_t *symbols = json_array();
	if (p->symbols & PP_SYM_DYNAMIC_RPC)
		json_array_append_new(symbols, json_string("dynamic-rpc"));
	if (p->symbols & PP_SYM_RPC_EPMAP)
		json_array_append_new(symbols, json_string("rpc-epmap"));
	if (p->symbols & PP_SYM_ANY)
		json_array_append_new(symbols, json_string("any"));
	if (p->symbols & PP_SYM_PINNED)
		json_array_append_new(symbols, json_string("pinned"));
	return json_pack("{s:o, s:s, s:s, s:o, s:o, s:s, s:s?, s:o, s:i}", "protocol", jtext(p->proto),
			 "transport", pp_transport_name(p->transport), "ports", p->spec, "ranges", ranges,
			 "symbols", symbols, "kind", pp_port_kind_name(p->kind), "as_written",
			 p->as_written, "note", jtext(p->note), "line", p->line);
}

static json_t *jsource(const struct pp_source *s)
{
	if (!s)
		return json_null();
	return json_pack("{s:s?, s:s?, s:s?, s:i}", "document", s->doc ? s->doc->id : NULL, "file",
			 s->doc ? s->doc->file : NULL, "section", s->section, "line", s->line);
}

static json_t *jissue(const char *id)
{
	const struct pp_inconsistency *inc = id ? pp_inconsistency_find(id) : NULL;
	if (!inc)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "id", inc->id, "category", inc->category,
			 "as_written", inc->as_written, "reading", jtext(inc->reading), "why",
			 jtext(inc->why), "source", jsource(&inc->src));
}

static json_t *jmatch(const struct pp_match *m)
{
	struct fields f;
	fill(m, PP_LANG_EN, &f);
	json_t *o = json_pack("{s:s, s:s, s:s?, s:o, s:s, s:o, s:o}", "kind", pp_match_kind_name(m->kind),
			      "id", f.id, "product", f.product, "name", jtext(f.name), "match",
			      m->how == PP_HOW_NAME ? "name" : pp_match_how_name(m->how), "ports",
			      jports(m->ports), "source", jsource(f.src));
	json_object_set_new(o, "issue", jissue(f.issue));
	switch (m->kind) {
	case PP_M_SERVICE: {
		const struct pp_service *s = m->entry;
		json_t *names = json_array();
		for (size_t i = 0; i < s->n_system_names; i++)
			json_array_append_new(names, json_string(s->system_names[i]));
		json_object_set_new(o, "system_names", names);
		break;
	}
	case PP_M_PORT_TABLE:
		json_object_set_new(o, "service",
				    json_string(((const struct pp_port_table_row *)m->entry)->service));
		break;
	case PP_M_DATA_PATH: {
		const struct pp_data_path *d = m->entry;
		json_object_set_new(o, "from", json_pack("{s:s?, s:s?, s:o}", "product", d->from_product,
							 "role", d->from, "as_written", jtext(d->from_as_written)));
		json_object_set_new(o, "to", json_pack("{s:s?, s:s?, s:o}", "product", d->to_product,
						       "role", d->to, "as_written", jtext(d->to_as_written)));
		json_object_set_new(o, "table", jtext(d->table));
		json_object_set_new(o, "auth_default", jtext(d->auth_default));
		json_object_set_new(o, "auth_supported", jtext(d->auth_supported));
		json_object_set_new(o, "encryption_supported", jtext(d->encryption_supported));
		json_object_set_new(o, "encryption_default", jtext(d->encryption_default));
		json_object_set_new(o, "note", jtext(d->note));
		break;
	}
	case PP_M_FW_RULE: {
		const struct pp_fw_rule *fw = m->entry;
		json_t *roles = json_array();
		for (size_t i = 0; i < fw->n_roles; i++)
			json_array_append_new(roles, json_string(fw->roles[i]));
		json_object_set_new(o, "roles", roles);
		json_object_set_new(o, "program", fw->program ? json_string(fw->program) : json_null());
		json_object_set_new(o, "any_program", json_boolean(fw->any_program));
		json_object_set_new(o, "direction", json_string(fw->direction));
		break;
	}
	case PP_M_REGISTRY_PIN: {
		const struct pp_registry_pin *p = m->entry;
		json_t *products = json_array();
		for (size_t i = 0; i < p->n_products; i++)
			json_array_append_new(products, json_string(p->products[i]));
		json_object_set_new(o, "products", products);
		json_object_set_new(o, "registry", json_pack("{s:s, s:s, s:s, s:o}", "key", p->key,
							     "value_name", p->value_name, "value_type",
							     p->value_type, "data", jtext(p->data)));
		json_object_set_new(o, "service", p->service ? json_string(p->service) : json_null());
		json_object_set_new(o, "example", p->example >= 0 ? json_integer(p->example) : json_null());
		break;
	}
	case PP_M_LIST_ITEM: {
		const struct pp_list *l = m->entry;
		json_object_set_new(o, "item", jtext(l->items[m->item].text));
		break;
	}
	case PP_M_FACT:
		json_object_set_new(o, "text", jtext(((const struct pp_fact *)m->entry)->text));
		break;
	case PP_M_DYNAMIC_RANGE:
		break;
	}
	fields_free(&f);
	return o;
}

static int print_json(const struct pp_result *r, FILE *out)
{
	json_t *matches = json_array();
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(matches, jmatch(&r->matches[i]));
	json_t *root = json_pack("{s:s, s:i, s:o}", "query", r->title, "count", (json_int_t)r->n,
				 "matches", matches);
	if (!root)
		return -1;
	int rc = pp_json_write(root, out);
	fputc('\n', out);
	json_decref(root);
	return rc || ferror(out) ? -1 : 0;
}

/* ---------- CSV ---------- */

static void csv_field(FILE *out, const char *s, bool last)
{
	s = s ? s : "";
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputs(last ? "\r\n" : ",", out);
}

static int print_csv(const struct pp_result *r, FILE *out, enum pp_lang lang)
{
	static const char *const head[] = {"kind", "id", "product", "name", "protocol", "transport",
					   "ports", "as_written", "match", "from_to", "document", "section", "line",
					   "issue", "detail"};
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		csv_field(out, head[i], i + 1 == sizeof head / sizeof *head);
	for (size_t i = 0; i < r->n; i++) {
		struct fields f;
		fill(&r->matches[i], lang, &f);
		char line[16];
		snprintf(line, sizeof line, "%u", f.src ? f.src->line : 0);
		const char *v[] = {f.col[C_KIND], f.id, f.col[C_PRODUCT], tx(f.name, lang),
				   f.col[C_PROTO], f.col[C_TRANSPORT], f.col[C_PORTS],
				   r->matches[i].ports ? r->matches[i].ports->as_written : NULL, f.col[C_MATCH],
				   f.col[C_PATH], f.src && f.src->doc ? f.src->doc->id : "",
				   f.src ? f.src->section : "", line, f.issue, f.col[C_DETAIL]};
		for (size_t k = 0; k < sizeof v / sizeof *v; k++)
			csv_field(out, v[k], k + 1 == sizeof v / sizeof *v);
		fields_free(&f);
	}
	return ferror(out) ? -1 : 0;
}

int pp_result_print(const struct pp_result *r, FILE *out, enum pp_format fmt, enum pp_lang lang,
		    bool wide)
{
	switch (fmt) {
	case PP_FMT_JSON: return print_json(r, out);
	case PP_FMT_CSV: return print_csv(r, out, lang);
	case PP_FMT_TABLE: break;
	}
	return print_table(r, out, lang, wide);
}
