/*
 * gen-catalog: validate catalog/NNN-*.yaml and compile them into C.
 *
 *   gen-catalog [-s SEEDS_DIR] -o OUT.c FILE.yaml...
 *
 * Every rule of docs/catalog-format.md is checked here; all errors are
 * reported as "file:line:column: error: ..." and nothing is written when
 * there is one. With -s, provenance is checked against the seed documents:
 * section titles must occur in the document, `as_written` and `quote` texts
 * near their line.
 *
 * The generator walks each YAML document twice: pass 1 collects every id
 * (so cross-references may point forwards or into other files), pass 2
 * validates and emits. The output is a set of static arrays whose layout is
 * include/portplan/catalog.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "portplan/catalog.h"

/* ---------- small utilities ---------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "gen-catalog: out of memory\n");
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xrealloc(NULL, n), s, n);
}

static void bputn(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void bputs(struct buf *b, const char *s)
{
	bputn(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		bputn(b, tmp, (size_t)n);
		return;
	}
	char *big = xrealloc(NULL, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	bputn(b, big, (size_t)n);
	free(big);
}

/* A C string literal, or NULL. '?' is escaped so that no trigraph forms. */
static void bstr(struct buf *b, const char *s)
{
	if (!s) {
		bputs(b, "NULL");
		return;
	}
	bputs(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': bputs(b, "\\\""); break;
		case '\\': bputs(b, "\\\\"); break;
		case '?': bputs(b, "\\?"); break;
		case '\n': bputs(b, "\\n"); break;
		case '\t': bputs(b, "\\t"); break;
		default:
			if (*p < 0x20)
				bprintf(b, "\\%03o", *p);
			else
				bputn(b, (const char *)p, 1);
		}
	}
	bputs(b, "\"");
}

/* ---------- errors ---------- */

static int n_errors;

struct yfile {
	const char *path;
	yaml_document_t doc;
	struct seed *seed; /* the document's seed text, or NULL */
	const char *doc_id;
};

__attribute__((format(printf, 3, 4)))
static void err_at(const struct yfile *f, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	if (n)
		fprintf(stderr, "%s:%zu:%zu: error: ", f->path, n->start_mark.line + 1,
			n->start_mark.column + 1);
	else
		fprintf(stderr, "%s: error: ", f->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	n_errors++;
}

/* ---------- YAML node helpers ---------- */

static yaml_node_t *node(struct yfile *f, int idx)
{
	return yaml_document_get_node(&f->doc, idx);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The value of key in mapping m, or NULL. */
static yaml_node_t *get(struct yfile *f, yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(f, p->key));
		if (k && strcmp(k, key) == 0)
			return node(f, p->value);
	}
	return NULL;
}

/* Report keys of m that are not in the NULL-terminated list allowed. */
static void check_keys(struct yfile *f, yaml_node_t *m, const char *what, const char *const *allowed)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node(f, p->key);
		const char *k = scalar(kn);
		bool ok = false;
		for (const char *const *a = allowed; k && *a; a++)
			if (strcmp(k, *a) == 0)
				ok = true;
		if (!ok) {
			struct buf list = {0};
			for (const char *const *a = allowed; *a; a++)
				bprintf(&list, "%s%s", a == allowed ? "" : ", ", *a);
			err_at(f, kn, "unknown key '%s' in %s (expected one of: %s)", k ? k : "?", what,
			       list.p);
			free(list.p);
		}
	}
}

static const char *req_str(struct yfile *f, yaml_node_t *m, const char *key, const char *what)
{
	yaml_node_t *v = get(f, m, key);
	const char *s = scalar(v);
	if (!v)
		err_at(f, m, "%s: missing '%s'", what, key);
	else if (!s || !*s)
		err_at(f, v, "%s: '%s' must be a non-empty string", what, key);
	return s && *s ? s : NULL;
}

static const char *opt_str(struct yfile *f, yaml_node_t *m, const char *key)
{
	yaml_node_t *v = get(f, m, key);
	if (!v)
		return NULL;
	if (v->type != YAML_SCALAR_NODE) {
		err_at(f, v, "'%s' must be a string", key);
		return NULL;
	}
	return scalar(v);
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || !*s)
		return false;
	unsigned long v = 0;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static unsigned req_line(struct yfile *f, yaml_node_t *m, const char *what);

/* The sequence under key, or NULL; quiet (pass 1 leaves errors to pass 2). */
static yaml_node_t *seq_of(struct yfile *f, yaml_node_t *m, const char *key)
{
	yaml_node_t *v = get(f, m, key);
	return v && v->type == YAML_SEQUENCE_NODE ? v : NULL;
}

static yaml_node_t *opt_seq(struct yfile *f, yaml_node_t *m, const char *key)
{
	yaml_node_t *v = get(f, m, key);
	if (v && v->type != YAML_SEQUENCE_NODE) {
		err_at(f, v, "'%s' must be a list", key);
		return NULL;
	}
	return v;
}

/* Iterate the items of a sequence node (which may be NULL); seq is
 * evaluated once. */
#define FOR_SEQ(f, seq, it)                                                                 \
	for (yaml_node_t *it##_s = (seq); it##_s; it##_s = NULL)                             \
		for (yaml_node_item_t *it##_i = it##_s->data.sequence.items.start;           \
		     it##_i < it##_s->data.sequence.items.top; it##_i++)                      \
			for (yaml_node_t *it = node(f, *it##_i), *it##_once = it; it##_once;  \
			     it##_once = NULL)

/* ---------- seeds (provenance checks) ---------- */

struct seed {
	char *name;
	char *text;
	char **lines;
	size_t n_lines;
};

static const char *seeds_dir;
static struct seed **seeds; /* each allocated apart: files keep pointers */
static size_t n_seeds;

static struct seed *seed_load(const char *name)
{
	for (size_t i = 0; i < n_seeds; i++)
		if (strcmp(seeds[i]->name, name) == 0)
			return seeds[i];
	if (!seeds_dir)
		return NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", seeds_dir, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct buf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		bputn(&b, chunk, n);
	fclose(fp);
	seeds = xrealloc(seeds, (n_seeds + 1) * sizeof *seeds);
	struct seed *s = seeds[n_seeds++] = xrealloc(NULL, sizeof *s);
	s->name = xstrdup(name);
	s->text = b.p ? b.p : xstrdup("");
	/* A private copy split into lines, for the per-line checks. */
	char *copy = xstrdup(s->text);
	s->lines = NULL;
	s->n_lines = 0;
	for (char *p = copy, *nl; p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		if (!nl && !*p)
			break;
		s->lines = xrealloc(s->lines, (s->n_lines + 1) * sizeof *s->lines);
		s->lines[s->n_lines++] = p;
	}
	return s;
}

/* Provenance windows: a row spread over several source lines (001's tables,
 * 004's HTML cells) still counts as "on" its line. */
#define NEAR_BEFORE 2
#define NEAR_AFTER 12

static bool seed_near(const struct seed *s, unsigned line, const char *text)
{
	size_t lo = line > NEAR_BEFORE ? line - NEAR_BEFORE : 1;
	size_t hi = line + NEAR_AFTER;
	for (size_t l = lo; l <= hi && l <= s->n_lines; l++)
		if (strstr(s->lines[l - 1], text))
			return true;
	return false;
}

static void check_line(struct yfile *f, yaml_node_t *at, unsigned line)
{
	if (f->seed && line > f->seed->n_lines)
		err_at(f, at, "line %u is past the end of %s (%zu lines)", line, f->seed->name,
		       f->seed->n_lines);
}

static void check_section(struct yfile *f, yaml_node_t *m, const char *section)
{
	if (f->seed && section && !strstr(f->seed->text, section))
		err_at(f, get(f, m, "section"), "section '%s' does not occur in %s", section,
		       f->seed->name);
}

static void check_written(struct yfile *f, yaml_node_t *m, const char *key, unsigned line)
{
	const char *s = opt_str(f, m, key);
	if (f->seed && s && line && !seed_near(f->seed, line, s))
		err_at(f, get(f, m, key), "%s '%s' does not occur near line %u of %s", key, s, line,
		       f->seed->name);
}

/* ---------- ids ---------- */

enum id_kind {
	K_SERVICE, K_PORT_TABLE, K_DYNAMIC_RANGE, K_DATA_PATH, K_FW_RULE, K_REGISTRY_PIN,
	K_RPC_INTERFACE, K_LIST, K_FACT, K_INCONSISTENCY, K_PRODUCT, K_ROLE, K_DOCUMENT,
};

struct id {
	char *key; /* "id", or "product:role" for roles */
	enum id_kind kind;
	size_t index; /* position in its array */
};

static struct id *ids;
static size_t n_ids;

static struct id *id_find(const char *key)
{
	for (size_t i = 0; i < n_ids; i++)
		if (strcmp(ids[i].key, key) == 0)
			return &ids[i];
	return NULL;
}

static bool valid_id(const char *s)
{
	if (!s || !islower((unsigned char)*s))
		return false;
	for (const char *p = s; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-' && *p != '.')
			return false;
	return true;
}

static size_t kind_count[K_DOCUMENT + 1];

static void id_add(struct yfile *f, yaml_node_t *at, const char *key, enum id_kind kind)
{
	if (id_find(key)) {
		err_at(f, at, "duplicate id '%s'", key);
		return;
	}
	ids = xrealloc(ids, (n_ids + 1) * sizeof *ids);
	ids[n_ids++] = (struct id){xstrdup(key), kind, kind_count[kind]++};
}

static void check_ref(struct yfile *f, yaml_node_t *at, const char *key, int kind, const char *what)
{
	struct id *id = key ? id_find(key) : NULL;
	if (!key)
		return;
	if (!id)
		err_at(f, at, "%s '%s' does not resolve", what, key);
	else if (kind >= 0 && id->kind != (enum id_kind)kind)
		err_at(f, at, "%s '%s' names an entry of another kind", what, key);
}

/* ---------- emitted arrays ---------- */

/* One buffer per top-level array, plus one for auxiliary arrays (rows,
 * ranges, string lists) that the entries point to. */
static struct buf out_aux, out_kind[K_DOCUMENT + 1];
static unsigned aux_seq;

static const char *const kind_array[] = {
	[K_SERVICE] = "services", [K_PORT_TABLE] = "port_table",
	[K_DYNAMIC_RANGE] = "dynamic_ranges", [K_DATA_PATH] = "data_paths",
	[K_FW_RULE] = "fw_rules", [K_REGISTRY_PIN] = "registry_pins",
	[K_RPC_INTERFACE] = "rpc_interfaces", [K_LIST] = "lists", [K_FACT] = "facts",
	[K_INCONSISTENCY] = "inconsistencies", [K_PRODUCT] = "products", [K_ROLE] = "roles",
	[K_DOCUMENT] = "documents",
};

static const char *const kind_yaml[] = {
	[K_SERVICE] = "services", [K_PORT_TABLE] = "port_table",
	[K_DYNAMIC_RANGE] = "dynamic_ranges", [K_DATA_PATH] = "data_paths",
	[K_FW_RULE] = "firewall_rules", [K_REGISTRY_PIN] = "registry_pins",
	[K_RPC_INTERFACE] = "rpc_interfaces", [K_LIST] = "lists", [K_FACT] = "facts",
	[K_INCONSISTENCY] = "inconsistencies",
};

/* Emit a pp_text initializer from a scalar or a {ja, en} mapping. */
static void emit_text(struct yfile *f, struct buf *b, yaml_node_t *m, const char *key, bool required,
		      const char *what)
{
	yaml_node_t *v = get(f, m, key);
	const char *ja = NULL, *en = NULL;
	if (!v) {
		if (required)
			err_at(f, m, "%s: missing '%s'", what, key);
	} else if (v->type == YAML_SCALAR_NODE) {
		ja = en = scalar(v);
	} else if (v->type == YAML_MAPPING_NODE) {
		static const char *const keys[] = {"ja", "en", NULL};
		check_keys(f, v, key, keys);
		ja = scalar(get(f, v, "ja"));
		en = scalar(get(f, v, "en"));
		if (!ja || !en)
			err_at(f, v, "%s: '%s' needs both 'ja' and 'en' strings", what, key);
	} else {
		err_at(f, v, "%s: '%s' must be a string or {ja, en}", what, key);
	}
	bputs(b, "{");
	bstr(b, ja);
	bputs(b, ", ");
	bstr(b, en);
	bputs(b, "}");
}

/* ref_kind for emit_strlist: an id_kind, or one of these. */
#define REF_ANY (-1)  /* an id of any kind */
#define REF_NONE (-2) /* plain strings */

/* Emit "sN, n" for a static string list, or "NULL, 0" when empty. */
static void emit_strlist(struct yfile *f, struct buf *b, yaml_node_t *m, const char *key,
			 int ref_kind, const char *what)
{
	yaml_node_t *seq = opt_seq(f, m, key);
	size_t n = seq ? (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start) : 0;
	if (!n) {
		bputs(b, "NULL, 0");
		return;
	}
	unsigned name = aux_seq++;
	bprintf(&out_aux, "static const char *const s%u[] = {", name);
	FOR_SEQ(f, seq, it) {
		const char *s = scalar(it);
		if (!s || !*s)
			err_at(f, it, "%s: '%s' items must be non-empty strings", what, key);
		else if (ref_kind != REF_NONE)
			check_ref(f, it, s, ref_kind, key);
		bstr(&out_aux, s);
		bputs(&out_aux, ", ");
	}
	bputs(&out_aux, "};\n");
	bprintf(b, "s%u, %zu", name, n);
}

static unsigned parse_transport(struct yfile *f, yaml_node_t *at, const char *s)
{
	static const struct {
		const char *name;
		unsigned bits;
	} names[] = {
		{"tcp", PP_TR_TCP}, {"udp", PP_TR_UDP}, {"tcp/udp", PP_TR_TCP | PP_TR_UDP},
		{"icmp", PP_TR_ICMP}, {"gre", PP_TR_GRE}, {"ah", PP_TR_AH}, {"esp", PP_TR_ESP},
		{"none", PP_TR_NONE},
	};
	for (size_t i = 0; s && i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].bits;
	err_at(f, at, "unknown transport '%s' (expected tcp, udp, tcp/udp, icmp, gre, ah, esp or none)",
	       s ? s : "?");
	return PP_TR_NONE;
}

/*
 * Emit a pp_ports initializer from a mapping holding proto, transport,
 * ports, as_written, kind, note, issue and line (a row, or an entry whose
 * port fields sit at its top level). default_line is used when m has none.
 */
static void emit_ports(struct yfile *f, struct buf *b, yaml_node_t *m, unsigned default_line,
		       const char *what)
{
	const char *spec = opt_str(f, m, "ports");
	yaml_node_t *spec_node = get(f, m, "ports");
	const char *tr = opt_str(f, m, "transport");
	unsigned transport = tr ? parse_transport(f, get(f, m, "transport"), tr) : PP_TR_NONE;
	if (!tr)
		err_at(f, m, "%s: missing 'transport'", what);
	unsigned line = get(f, m, "line") ? req_line(f, m, what) : default_line;

	/* Port spec: numbers, ranges and symbols separated by commas. */
	unsigned symbols = 0, n_ranges = 0;
	unsigned name = aux_seq++;
	struct buf ranges = {0};
	if (spec && *spec) {
		char *copy = xstrdup(spec), *save = NULL;
		for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
			while (*item == ' ')
				item++;
			char *end = item + strlen(item);
			while (end > item && end[-1] == ' ')
				*--end = '\0';
			unsigned long lo, hi;
			char *dash = strchr(item, '-');
			if (strcmp(item, "dynamic-rpc") == 0) {
				symbols |= PP_SYM_DYNAMIC_RPC;
			} else if (strcmp(item, "rpc-epmap") == 0) {
				symbols |= PP_SYM_RPC_EPMAP;
			} else if (strcmp(item, "any") == 0) {
				symbols |= PP_SYM_ANY;
			} else if (strcmp(item, "pinned") == 0) {
				symbols |= PP_SYM_PINNED;
			} else if (!dash && parse_uint(item, 65535, &lo)) {
				bprintf(&ranges, "{%lu, %lu}, ", lo, lo);
				n_ranges++;
			} else if (dash) {
				*dash = '\0';
				if (!parse_uint(item, 65535, &lo) || !parse_uint(dash + 1, 65535, &hi))
					err_at(f, spec_node, "%s: bad port range '%s-%s' (ports are 0-65535)",
					       what, item, dash + 1);
				else if (lo > hi)
					err_at(f, spec_node, "%s: port range %lu-%lu has lo > hi", what, lo, hi);
				else {
					bprintf(&ranges, "{%lu, %lu}, ", lo, hi);
					n_ranges++;
				}
			} else {
				err_at(f, spec_node,
				       "%s: bad port '%s' (expected 0-65535, lo-hi, dynamic-rpc, rpc-epmap, pinned or any)",
				       what, item);
			}
		}
		free(copy);
		if ((transport & (PP_TR_TCP | PP_TR_UDP)) == 0)
			err_at(f, spec_node, "%s: ports given for transport '%s', which has none", what, tr);
	}
	if (n_ranges)
		bprintf(&out_aux, "static const struct pp_range r%u[] = {%s};\n", name, ranges.p);
	free(ranges.p);

	const char *kind = opt_str(f, m, "kind");
	const char *kind_c = "PP_KIND_FIXED";
	if (kind && strcmp(kind, "dynamic") == 0)
		kind_c = "PP_KIND_DYNAMIC";
	else if (kind && strcmp(kind, "configurable") == 0)
		kind_c = "PP_KIND_CONFIGURABLE";
	else if (kind && strcmp(kind, "fixed") != 0)
		err_at(f, get(f, m, "kind"), "%s: unknown kind '%s' (expected fixed, dynamic or configurable)",
		       what, kind);
	if (symbols & PP_SYM_DYNAMIC_RPC && !kind)
		kind_c = "PP_KIND_DYNAMIC";

	const char *issue = opt_str(f, m, "issue");
	check_ref(f, get(f, m, "issue"), issue, K_INCONSISTENCY, "issue");
	check_written(f, m, "as_written", line);

	bputs(b, "{");
	emit_text(f, b, m, "proto", false, what);
	bprintf(b, ", %u, ", transport);
	bstr(b, spec ? spec : "");
	bputs(b, ", ");
	bstr(b, opt_str(f, m, "as_written"));
	bprintf(b, ", %s, %u, ", kind_c, symbols);
	if (n_ranges)
		bprintf(b, "r%u, %u, ", name, n_ranges);
	else
		bputs(b, "NULL, 0, ");
	emit_text(f, b, m, "note", false, what);
	bputs(b, ", ");
	bstr(b, issue);
	bprintf(b, ", %u, ", line);
	emit_strlist(f, b, m, "pins", K_REGISTRY_PIN, what);
	if (get(f, m, "pins") && !(symbols & PP_SYM_PINNED))
		err_at(f, get(f, m, "pins"), "%s: 'pins' belongs on a row whose ports say 'pinned'", what);
	bputs(b, "}");
}

static const char *const row_keys[] = {"proto", "transport", "ports", "as_written", "kind",
				       "note", "issue", "line", "pins", NULL};

/* A list of port rows; emits "rowsN, n" or "NULL, 0". */
static void emit_rows(struct yfile *f, struct buf *b, yaml_node_t *m, const char *key,
		      unsigned default_line, const char *what)
{
	yaml_node_t *seq = opt_seq(f, m, key);
	size_t n = seq ? (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start) : 0;
	if (!n) {
		bputs(b, "NULL, 0");
		return;
	}
	struct buf rows = {0};
	FOR_SEQ(f, seq, it) {
		if (it->type != YAML_MAPPING_NODE) {
			err_at(f, it, "%s: each of '%s' must be a mapping", what, key);
			continue;
		}
		check_keys(f, it, "a port row", row_keys);
		if (!get(f, it, "line"))
			err_at(f, it, "%s: row without 'line'", what);
		emit_ports(f, &rows, it, default_line, what);
		bputs(&rows, ",\n");
	}
	unsigned name = aux_seq++;
	bprintf(&out_aux, "static const struct pp_ports p%u[] = {\n%s};\n", name, rows.p ? rows.p : "");
	free(rows.p);
	bprintf(b, "p%u, %zu", name, n);
}

static unsigned req_line(struct yfile *f, yaml_node_t *m, const char *what)
{
	yaml_node_t *v = get(f, m, "line");
	unsigned long line = 0;
	if (!v)
		err_at(f, m, "%s: missing 'line'", what);
	else if (!parse_uint(scalar(v), 1000000, &line) || line == 0)
		err_at(f, v, "%s: 'line' must be a positive number", what);
	else
		check_line(f, v, (unsigned)line);
	return (unsigned)line;
}

/* Emit the pp_source of entry m, whose line the caller has read. */
static void emit_source(struct yfile *f, struct buf *b, yaml_node_t *m, unsigned line,
			const char *what)
{
	const char *section = req_str(f, m, "section", what);
	check_section(f, m, section);
	struct id *doc = f->doc_id ? id_find(f->doc_id) : NULL;
	if (doc)
		bprintf(b, "{&documents[%zu], ", doc->index);
	else
		bputs(b, "{NULL, ");
	bstr(b, section);
	bprintf(b, ", %u}", line);
}

/* A role reference "role" (of default_product) or "product:role". */
static void emit_role_ref(struct yfile *f, struct buf *b, yaml_node_t *m, const char *key,
			  const char *default_product, const char *what)
{
	yaml_node_t *v = get(f, m, key);
	const char *s = scalar(v);
	if (!v) {
		bputs(b, "NULL, NULL");
		return;
	}
	if (!s || !*s) {
		err_at(f, v, "%s: '%s' must be a role", what, key);
		bputs(b, "NULL, NULL");
		return;
	}
	char full[512];
	const char *colon = strchr(s, ':');
	if (colon)
		snprintf(full, sizeof full, "%s", s);
	else
		snprintf(full, sizeof full, "%s:%s", default_product ? default_product : "?", s);
	if (!id_find(full) || id_find(full)->kind != K_ROLE)
		err_at(f, v, "%s: role '%s' does not resolve (no role '%s')", what, s, full);
	char *sep = strchr(full, ':');
	*sep = '\0';
	bstr(b, full);
	bputs(b, ", ");
	bstr(b, sep + 1);
}

/* A role's `includes`: roles of the same product, or product:role. */
static void emit_includes(struct yfile *f, struct buf *b, yaml_node_t *r, const char *product)
{
	yaml_node_t *seq = opt_seq(f, r, "includes");
	FOR_SEQ(f, seq, it) {
		char key[512];
		const char *v = scalar(it) ? scalar(it) : "?";
		if (strchr(v, ':'))
			snprintf(key, sizeof key, "%s", v);
		else
			snprintf(key, sizeof key, "%s:%s", product ? product : "?", v);
		struct id *id = id_find(key);
		if (!id || id->kind != K_ROLE)
			err_at(f, it, "role '%s' of product '%s' does not resolve", scalar(it) ? scalar(it) : "?",
			       product ? product : "?");
	}
	emit_strlist(f, b, r, "includes", REF_NONE, "role");
}

/* ---------- pass 1: ids ---------- */

static const char *const top_keys[] = {"document", "products", "roles", "services", "port_table",
				       "dynamic_ranges", "data_paths", "firewall_rules",
				       "registry_pins", "rpc_interfaces", "lists", "facts",
				       "inconsistencies", NULL};

static void collect_ids(struct yfile *f)
{
	yaml_node_t *root = yaml_document_get_root_node(&f->doc);
	if (!root || root->type != YAML_MAPPING_NODE) {
		err_at(f, root, "a catalog file must be a mapping");
		return;
	}
	check_keys(f, root, "a catalog file", top_keys);

	yaml_node_t *d = get(f, root, "document");
	if (d) {
		const char *id = req_str(f, d, "id", "document");
		const char *file = req_str(f, d, "file", "document");
		if (id) {
			char key[64];
			snprintf(key, sizeof key, "doc:%s", id);
			f->doc_id = xstrdup(key);
			struct id *prev = id_find(key);
			if (!prev)
				id_add(f, d, key, K_DOCUMENT);
			else
				f->doc_id = prev->key;
		}
		if (file) {
			f->seed = seed_load(file);
			if (seeds_dir && !f->seed)
				err_at(f, get(f, d, "file"), "cannot read seed '%s/%s'", seeds_dir, file);
		}
	}

	FOR_SEQ(f, seq_of(f, root, "products"), p) {
		const char *pid = req_str(f, p, "id", "product");
		if (!pid)
			continue;
		id_add(f, p, pid, K_PRODUCT);
		FOR_SEQ(f, seq_of(f, p, "roles"), r) {
			const char *rid = req_str(f, r, "id", "role");
			char key[512];
			snprintf(key, sizeof key, "%s:%s", pid, rid ? rid : "?");
			if (rid)
				id_add(f, r, key, K_ROLE);
		}
	}
	FOR_SEQ(f, seq_of(f, root, "roles"), r) {
		const char *pid = req_str(f, r, "product", "role");
		const char *rid = req_str(f, r, "id", "role");
		char key[512];
		snprintf(key, sizeof key, "%s:%s", pid ? pid : "?", rid ? rid : "?");
		if (pid && rid)
			id_add(f, r, key, K_ROLE);
	}
	for (int k = K_SERVICE; k <= K_INCONSISTENCY; k++) {
		FOR_SEQ(f, seq_of(f, root, kind_yaml[k]), e) {
			const char *id = req_str(f, e, "id", kind_yaml[k]);
			if (!id)
				continue;
			if (!valid_id(id))
				err_at(f, get(f, e, "id"), "id '%s' must be lowercase kebab-case", id);
			id_add(f, e, id, (enum id_kind)k);
		}
	}
}

/* ---------- pass 2: validate and emit ---------- */

static void emit_products(struct yfile *f, yaml_node_t *root)
{
	static const char *const pkeys[] = {"id", "name", "roles", NULL};
	static const char *const rkeys[] = {"id", "name", "product", "section", "line", "includes", NULL};
	FOR_SEQ(f, opt_seq(f, root, "products"), p) {
		check_keys(f, p, "a product", pkeys);
		const char *pid = scalar(get(f, p, "id"));
		struct buf *b = &out_kind[K_PRODUCT];
		bputs(b, "\t{");
		bstr(b, pid);
		bputs(b, ", ");
		emit_text(f, b, p, "name", true, "product");
		bputs(b, "},\n");
		FOR_SEQ(f, opt_seq(f, p, "roles"), r) {
			check_keys(f, r, "a role", rkeys);
			struct buf *rb = &out_kind[K_ROLE];
			bputs(rb, "\t{");
			bstr(rb, pid);
			bputs(rb, ", ");
			bstr(rb, scalar(get(f, r, "id")));
			bputs(rb, ", ");
			emit_text(f, rb, r, "name", true, "role");
			bputs(rb, ", {NULL, NULL, 0}, ");
			emit_includes(f, rb, r, pid);
			bputs(rb, "},\n");
		}
	}
	FOR_SEQ(f, opt_seq(f, root, "roles"), r) {
		check_keys(f, r, "a role", rkeys);
		const char *pid = scalar(get(f, r, "product"));
		check_ref(f, get(f, r, "product"), pid, K_PRODUCT, "product");
		struct buf *rb = &out_kind[K_ROLE];
		bputs(rb, "\t{");
		bstr(rb, pid);
		bputs(rb, ", ");
		bstr(rb, scalar(get(f, r, "id")));
		bputs(rb, ", ");
		emit_text(f, rb, r, "name", true, "role");
		bputs(rb, ", ");
		emit_source(f, rb, r, req_line(f, r, "role"), "role");
		bputs(rb, ", ");
		emit_includes(f, rb, r, pid);
		bputs(rb, "},\n");
	}
}

static const char *entry_product(struct yfile *f, yaml_node_t *e, bool required, const char *what)
{
	const char *p = required ? req_str(f, e, "product", what) : opt_str(f, e, "product");
	check_ref(f, get(f, e, "product"), p, K_PRODUCT, "product");
	return p;
}

static void emit_entry(struct yfile *f, enum id_kind k, yaml_node_t *e)
{
	struct buf *b = &out_kind[k];
	const char *what = kind_yaml[k];
	const char *id = scalar(get(f, e, "id"));
	if (e->type != YAML_MAPPING_NODE) {
		err_at(f, e, "each of '%s' must be a mapping", what);
		return;
	}
	unsigned line = req_line(f, e, what);
	bputs(b, "\t{");
	bstr(b, id);
	bputs(b, ", ");
	switch (k) {
	case K_SERVICE: {
		static const char *const keys[] = {"id", "product", "name", "system_names", "description",
						   "note", "rows", "section", "line", NULL};
		check_keys(f, e, "a service", keys);
		bstr(b, entry_product(f, e, true, what));
		bputs(b, ", ");
		emit_text(f, b, e, "name", true, what);
		bputs(b, ", ");
		emit_strlist(f, b, e, "system_names", REF_NONE, what);
		bputs(b, ", ");
		emit_text(f, b, e, "description", false, what);
		bputs(b, ", ");
		emit_text(f, b, e, "note", false, what);
		bputs(b, ", ");
		emit_rows(f, b, e, "rows", line, what);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		break;
	}
	case K_PORT_TABLE: {
		static const char *const keys[] = {"id", "ports", "transport", "proto", "system_service",
						   "service", "as_written", "issue", "kind", "note",
						   "section", "line", NULL};
		check_keys(f, e, "a port table row", keys);
		emit_ports(f, b, e, line, what);
		bputs(b, ", ");
		emit_text(f, b, e, "system_service", true, what);
		bputs(b, ", ");
		const char *svc = opt_str(f, e, "service");
		check_ref(f, get(f, e, "service"), svc, K_SERVICE, "service");
		bstr(b, svc);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		break;
	}
	case K_DYNAMIC_RANGE: {
		static const char *const keys[] = {"id", "os", "ports", "transport", "kind", "proto", "note", "as_written",
						   "issue", "section", "line", NULL};
		check_keys(f, e, "a dynamic range", keys);
		emit_text(f, b, e, "os", true, what);
		bputs(b, ", ");
		emit_ports(f, b, e, line, what);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		break;
	}
	case K_DATA_PATH: {
		static const char *const keys[] = {
			"id", "product", "table", "name", "from", "to", "from_as_written",
			"to_as_written", "ports", "auth_default", "auth_supported",
			"encryption_supported", "encryption_default", "note", "issue", "section",
			"line", "both_ways", NULL};
		check_keys(f, e, "a data path", keys);
		const char *product = entry_product(f, e, true, what);
		bstr(b, product);
		bputs(b, ", ");
		emit_text(f, b, e, "table", true, what);
		bputs(b, ", ");
		emit_text(f, b, e, "name", true, what);
		bputs(b, ", ");
		emit_role_ref(f, b, e, "from", product, what);
		bputs(b, ", ");
		emit_role_ref(f, b, e, "to", product, what);
		bputs(b, ", ");
		if (!get(f, e, "from") || !get(f, e, "to"))
			err_at(f, e, "data path '%s' needs 'from' and 'to'", id ? id : "?");
		emit_text(f, b, e, "from_as_written", false, what);
		bputs(b, ", ");
		emit_text(f, b, e, "to_as_written", false, what);
		bputs(b, ", ");
		const char *issue = opt_str(f, e, "issue");
		check_ref(f, get(f, e, "issue"), issue, K_INCONSISTENCY, "issue");
		emit_rows(f, b, e, "ports", line, what);
		static const char *const cells[] = {"auth_default", "auth_supported",
						    "encryption_supported", "encryption_default",
						    "note"};
		for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
			bputs(b, ", ");
			emit_text(f, b, e, cells[i], false, what);
		}
		bputs(b, ", ");
		bstr(b, issue);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		const char *both = opt_str(f, e, "both_ways");
		if (both && strcmp(both, "true") != 0 && strcmp(both, "false") != 0)
			err_at(f, get(f, e, "both_ways"), "'both_ways' must be true or false");
		bprintf(b, ", %s", both && strcmp(both, "true") == 0 ? "true" : "false");
		break;
	}
	case K_FW_RULE: {
		static const char *const keys[] = {"id", "product", "name", "roles", "transport", "ports",
						   "program", "any_program", "direction", "note",
						   "as_written", "issue", "kind", "proto", "section",
						   "line", NULL};
		check_keys(f, e, "a firewall rule", keys);
		const char *product = entry_product(f, e, true, what);
		bstr(b, product);
		bputs(b, ", ");
		bstr(b, req_str(f, e, "name", what));
		bputs(b, ", ");
		/* Roles are ids of this rule's product. */
		FOR_SEQ(f, opt_seq(f, e, "roles"), r) {
			char key[512];
			snprintf(key, sizeof key, "%s:%s", product ? product : "?", scalar(r) ? scalar(r) : "?");
			struct id *rid = id_find(key);
			if (!rid || rid->kind != K_ROLE)
				err_at(f, r, "role '%s' of product '%s' does not resolve",
				       scalar(r) ? scalar(r) : "?", product ? product : "?");
		}
		emit_strlist(f, b, e, "roles", REF_NONE, what); /* checked above */
		bputs(b, ", ");
		emit_ports(f, b, e, line, what);
		bputs(b, ", ");
		const char *program = opt_str(f, e, "program");
		const char *any = opt_str(f, e, "any_program");
		bool any_program = any && strcmp(any, "true") == 0;
		if (any && strcmp(any, "true") != 0 && strcmp(any, "false") != 0)
			err_at(f, get(f, e, "any_program"), "'any_program' must be true or false");
		if (!any_program && !program)
			err_at(f, e, "firewall rule '%s': give 'program', or 'any_program: true'",
			       id ? id : "?");
		bstr(b, program);
		bprintf(b, ", %s, ", any_program ? "true" : "false");
		const char *dir = opt_str(f, e, "direction");
		if (dir && strcmp(dir, "in") != 0 && strcmp(dir, "out") != 0)
			err_at(f, get(f, e, "direction"), "'direction' must be in or out");
		bstr(b, dir ? dir : "in");
		bputs(b, ", ");
		emit_text(f, b, e, "note", false, what);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		break;
	}
	case K_REGISTRY_PIN: {
		static const char *const keys[] = {"id", "products", "key", "value_name", "value_type",
						   "data", "example", "service", "interface",
						   "rpc_interfaces", "restart", "note", "issue",
						   "section", "line", NULL};
		check_keys(f, e, "a registry pin", keys);
		emit_strlist(f, b, e, "products", K_PRODUCT, what);
		bputs(b, ", ");
		bstr(b, req_str(f, e, "key", what));
		bputs(b, ", ");
		bstr(b, req_str(f, e, "value_name", what));
		bputs(b, ", ");
		const char *type = req_str(f, e, "value_type", what);
		if (type && strcmp(type, "REG_DWORD") != 0 && strcmp(type, "REG_SZ") != 0 &&
		    strcmp(type, "REG_MULTI_SZ") != 0)
			err_at(f, get(f, e, "value_type"), "unknown registry type '%s'", type);
		bstr(b, type);
		bputs(b, ", ");
		emit_text(f, b, e, "data", true, what);
		const char *ex = opt_str(f, e, "example");
		unsigned long exv = 0;
		if (ex && !parse_uint(ex, 65535, &exv))
			err_at(f, get(f, e, "example"), "'example' must be a port number");
		bprintf(b, ", %ld, ", ex ? (long)exv : -1L);
		bstr(b, opt_str(f, e, "service"));
		bputs(b, ", ");
		emit_text(f, b, e, "interface", false, what);
		bputs(b, ", ");
		emit_strlist(f, b, e, "rpc_interfaces", K_RPC_INTERFACE, what);
		bputs(b, ", ");
		emit_text(f, b, e, "restart", false, what);
		bputs(b, ", ");
		emit_text(f, b, e, "note", false, what);
		bputs(b, ", ");
		const char *issue = opt_str(f, e, "issue");
		check_ref(f, get(f, e, "issue"), issue, K_INCONSISTENCY, "issue");
		bstr(b, issue);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		break;
	}
	case K_RPC_INTERFACE: {
		static const char *const keys[] = {"id", "uuid", "as_written", "name", "issue", "section",
						   "line", NULL};
		check_keys(f, e, "an RPC interface", keys);
		const char *uuid = req_str(f, e, "uuid", what);
		/* 8-4-4-4-12 lowercase hex digits. */
		static const int groups[] = {8, 4, 4, 4, 12};
		const char *p = uuid;
		bool ok = uuid != NULL;
		for (size_t g = 0; ok && g < 5; g++) {
			for (int i = 0; i < groups[g]; i++, p++)
				if (!isxdigit((unsigned char)*p) || isupper((unsigned char)*p))
					ok = false;
			if (ok && g < 4 && *p++ != '-')
				ok = false;
		}
		if (uuid && (!ok || *p))
			err_at(f, get(f, e, "uuid"), "'%s' is not a lowercase UUID", uuid);
		bstr(b, uuid);
		bputs(b, ", ");
		bstr(b, opt_str(f, e, "as_written"));
		bputs(b, ", ");
		emit_text(f, b, e, "name", true, what);
		bputs(b, ", ");
		const char *issue = opt_str(f, e, "issue");
		check_ref(f, get(f, e, "issue"), issue, K_INCONSISTENCY, "issue");
		bstr(b, issue);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		check_written(f, e, "as_written", line);
		if (!get(f, e, "as_written"))
			check_written(f, e, "uuid", line);
		break;
	}
	case K_LIST: {
		static const char *const keys[] = {"id", "title", "items", "section", "line", NULL};
		static const char *const ikeys[] = {"text", "service", "ports", "line", NULL};
		check_keys(f, e, "a list", keys);
		emit_text(f, b, e, "title", true, what);
		yaml_node_t *items = opt_seq(f, e, "items");
		struct buf ib = {0};
		size_t n = 0;
		FOR_SEQ(f, items, it) {
			check_keys(f, it, "a list item", ikeys);
			bputs(&ib, "\t{");
			emit_text(f, &ib, it, "text", true, "list item");
			bputs(&ib, ", ");
			const char *svc = opt_str(f, it, "service");
			check_ref(f, get(f, it, "service"), svc, K_SERVICE, "service");
			bstr(&ib, svc);
			bputs(&ib, ", ");
			unsigned item_line = req_line(f, it, "list item");
			emit_rows(f, &ib, it, "ports", item_line, "list item");
			bprintf(&ib, ", %u},\n", item_line);
			n++;
		}
		if (!n)
			err_at(f, e, "list '%s' has no items", id ? id : "?");
		unsigned name = aux_seq++;
		bprintf(&out_aux, "static const struct pp_list_item li%u[] = {\n%s};\n", name,
			ib.p ? ib.p : "");
		free(ib.p);
		bprintf(b, ", li%u, %zu, ", name, n);
		emit_source(f, b, e, line, what);
		break;
	}
	case K_FACT: {
		static const char *const keys[] = {"id", "product", "topic", "text", "quote", "ports",
						   "refs", "issue", "section", "line", NULL};
		check_keys(f, e, "a fact", keys);
		bstr(b, entry_product(f, e, false, what));
		bputs(b, ", ");
		emit_text(f, b, e, "topic", true, what);
		bputs(b, ", ");
		emit_text(f, b, e, "text", true, what);
		bputs(b, ", ");
		bstr(b, req_str(f, e, "quote", what));
		bputs(b, ", ");
		check_written(f, e, "quote", line);
		const char *issue = opt_str(f, e, "issue");
		check_ref(f, get(f, e, "issue"), issue, K_INCONSISTENCY, "issue");
		emit_rows(f, b, e, "ports", line, what);
		bputs(b, ", ");
		emit_strlist(f, b, e, "refs", REF_ANY, what);
		bputs(b, ", ");
		bstr(b, issue);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		break;
	}
	case K_INCONSISTENCY: {
		static const char *const keys[] = {"id", "category", "as_written", "reading", "why",
						   "affects", "section", "line", NULL};
		static const char *const cats[] = {"glued-footnote", "typo", "contradiction",
						   "garbled", "missing", NULL};
		check_keys(f, e, "an inconsistency", keys);
		const char *cat = req_str(f, e, "category", what);
		bool ok = false;
		for (const char *const *c = cats; cat && *c; c++)
			ok |= strcmp(cat, *c) == 0;
		if (cat && !ok)
			err_at(f, get(f, e, "category"),
			       "unknown category '%s' (expected glued-footnote, typo, contradiction, garbled or missing)",
			       cat);
		bstr(b, cat);
		bputs(b, ", ");
		bstr(b, req_str(f, e, "as_written", what));
		bputs(b, ", ");
		emit_text(f, b, e, "reading", true, what);
		bputs(b, ", ");
		emit_text(f, b, e, "why", true, what);
		bputs(b, ", ");
		emit_strlist(f, b, e, "affects", REF_ANY, what);
		bputs(b, ", ");
		emit_source(f, b, e, line, what);
		check_written(f, e, "as_written", line);
		break;
	}
	default:
		break;
	}
	bputs(b, "},\n");
}

static void emit_file(struct yfile *f)
{
	yaml_node_t *root = yaml_document_get_root_node(&f->doc);
	if (!root || root->type != YAML_MAPPING_NODE)
		return;
	yaml_node_t *d = get(f, root, "document");
	if (d) {
		static const char *const keys[] = {"id", "file", "title", "kb", "applies_to", NULL};
		check_keys(f, d, "document", keys);
		struct id *doc = f->doc_id ? id_find(f->doc_id) : NULL;
		/* A document split over several files is emitted once. */
		static char *emitted[64];
		static size_t n_emitted;
		bool seen = false;
		for (size_t i = 0; i < n_emitted; i++)
			seen |= doc && strcmp(emitted[i], doc->key) == 0;
		if (doc && !seen && n_emitted < 64) {
			emitted[n_emitted++] = doc->key;
			struct buf *b = &out_kind[K_DOCUMENT];
			bputs(b, "\t{");
			bstr(b, doc->key + 4);
			bputs(b, ", ");
			bstr(b, scalar(get(f, d, "file")));
			bputs(b, ", ");
			emit_text(f, b, d, "title", true, "document");
			bputs(b, ", ");
			bstr(b, opt_str(f, d, "kb"));
			bputs(b, ", ");
			bstr(b, opt_str(f, d, "applies_to"));
			bputs(b, "},\n");
		}
	} else {
		bool has_entries = false;
		for (int k = K_SERVICE; k <= K_INCONSISTENCY; k++)
			has_entries |= get(f, root, kind_yaml[k]) != NULL;
		if (has_entries)
			err_at(f, root, "a file with entries needs a 'document' block");
	}
	emit_products(f, root);
	for (int k = K_SERVICE; k <= K_INCONSISTENCY; k++)
		FOR_SEQ(f, opt_seq(f, root, kind_yaml[k]), e)
			emit_entry(f, (enum id_kind)k, e);
}

static bool load(struct yfile *f)
{
	FILE *fp = fopen(f->path, "rb");
	if (!fp) {
		fprintf(stderr, "%s: error: cannot open: %s\n", f->path, strerror(errno));
		n_errors++;
		return false;
	}
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	bool ok = yaml_parser_load(&parser, &f->doc);
	if (!ok) {
		fprintf(stderr, "%s:%zu:%zu: error: %s", f->path, parser.problem_mark.line + 1,
			parser.problem_mark.column + 1, parser.problem ? parser.problem : "bad YAML");
		if (parser.context)
			fprintf(stderr, " %s (which started at %zu:%zu)", parser.context,
				parser.context_mark.line + 1, parser.context_mark.column + 1);
		fputc('\n', stderr);
		n_errors++;
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	return ok;
}

static void write_output(const char *out)
{
	struct buf c = {0};
	bputs(&c, "/* generated by tools/gen-catalog from catalog/ YAML files; do not edit */\n");
	bputs(&c, "#include \"portplan/catalog.h\"\n\n");
	if (kind_count[K_DOCUMENT])
		bprintf(&c, "static const struct pp_document documents[] = {\n%s};\n",
			out_kind[K_DOCUMENT].p);
	bputn(&c, out_aux.p ? out_aux.p : "", out_aux.len);
	static const char *const ctype[] = {
		[K_SERVICE] = "pp_service", [K_PORT_TABLE] = "pp_port_table_row",
		[K_DYNAMIC_RANGE] = "pp_dynamic_range", [K_DATA_PATH] = "pp_data_path",
		[K_FW_RULE] = "pp_fw_rule", [K_REGISTRY_PIN] = "pp_registry_pin",
		[K_RPC_INTERFACE] = "pp_rpc_interface", [K_LIST] = "pp_list", [K_FACT] = "pp_fact",
		[K_INCONSISTENCY] = "pp_inconsistency", [K_PRODUCT] = "pp_product",
		[K_ROLE] = "pp_role",
	};
	for (int k = K_SERVICE; k < K_DOCUMENT; k++) {
		if (!kind_count[k])
			continue;
		bprintf(&c, "static const struct %s %s[] = {\n", ctype[k], kind_array[k]);
		bputn(&c, out_kind[k].p, out_kind[k].len);
		bputs(&c, "};\n");
	}
	bputs(&c, "\nstatic const struct pp_catalog catalog = {\n");
	static const int order[] = {K_DOCUMENT, K_PRODUCT, K_ROLE, K_SERVICE, K_PORT_TABLE,
				    K_DYNAMIC_RANGE, K_DATA_PATH, K_FW_RULE, K_REGISTRY_PIN,
				    K_RPC_INTERFACE, K_LIST, K_FACT, K_INCONSISTENCY};
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		int k = order[i];
		if (kind_count[k])
			bprintf(&c, "\t%s, %zu,\n", kind_array[k], kind_count[k]);
		else
			bputs(&c, "\tNULL, 0,\n");
	}
	bputs(&c, "};\n\nconst struct pp_catalog *pp_catalog(void)\n{\n\treturn &catalog;\n}\n");

	/* Write atomically: a temporary file beside the output, then rename. */
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out, (long)getpid());
	FILE *fp = fopen(tmp, "wb");
	if (!fp || fwrite(c.p, 1, c.len, fp) != c.len || fclose(fp) != 0 || rename(tmp, out) != 0) {
		fprintf(stderr, "gen-catalog: cannot write '%s': %s\n", out, strerror(errno));
		unlink(tmp);
		exit(1);
	}
	free(c.p);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "s:o:")) != -1) {
		switch (opt) {
		case 's': seeds_dir = optarg; break;
		case 'o': out = optarg; break;
		default:
			fprintf(stderr, "usage: gen-catalog [-s SEEDS_DIR] -o OUT.c FILE.yaml...\n");
			return 2;
		}
	}
	if (!out || optind >= argc) {
		fprintf(stderr, "usage: gen-catalog [-s SEEDS_DIR] -o OUT.c FILE.yaml...\n");
		return 2;
	}
	size_t n_files = (size_t)(argc - optind);
	struct yfile *files = calloc(n_files, sizeof *files);
	bool *loaded = calloc(n_files, sizeof *loaded);
	if (!files || !loaded)
		return 2;
	for (size_t i = 0; i < n_files; i++) {
		files[i].path = argv[optind + (int)i];
		loaded[i] = load(&files[i]);
	}
	for (size_t i = 0; i < n_files; i++)
		if (loaded[i])
			collect_ids(&files[i]);
	for (size_t i = 0; i < n_files; i++)
		if (loaded[i])
			emit_file(&files[i]);
	if (n_errors) {
		fprintf(stderr, "gen-catalog: %d error%s; '%s' not written\n", n_errors,
			n_errors == 1 ? "" : "s", out);
		return 1;
	}
	write_output(out);
	for (size_t i = 0; i < n_files; i++)
		if (loaded[i])
			yaml_document_delete(&files[i].doc);
	free(files);
	free(loaded);
	return 0;
}
