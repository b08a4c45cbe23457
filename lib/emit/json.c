/*
 * json: the whole plan as one JSON document, portplan.json, for tools (jq,
 * audit scripts, inventories). Objects keep insertion order, so the same
 * plan always gives the same bytes; jansson does all the escaping, so any
 * deployment text round-trips exactly through a JSON reader.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portplan/emit.h"

/* Bumped when a key changes meaning or goes away; new keys keep it. */
#define FORMAT_VERSION 1

/* A JSON string, or null for NULL. jansson refuses invalid UTF-8; only a
 * hand-built plan can hold it (the YAML reader rejects it), and there each
 * bad byte becomes U+FFFD rather than failing the whole report. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *v = json_string(s);
	if (v)
		return v;
	char *fixed = malloc(strlen(s) * 3 + 1);
	if (!fixed)
		return NULL;
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = pp_emit_utf8_len(p);
		if (n == 0) {
			memcpy(fixed + o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		} else {
			memcpy(fixed + o, p, n);
			o += n;
			p += n;
		}
	}
	fixed[o] = '\0';
	v = json_string(fixed);
	free(fixed);
	return v;
}

/* Building is checked once at the end: each setter records a failure
 * (out of memory) instead of every call site testing it. */
struct builder {
	bool failed;
};

static void set(struct builder *b, json_t *obj, const char *key, json_t *v)
{
	if (!obj || !v || json_object_set_new(obj, key, v) != 0)
		b->failed = true;
}

static void append(struct builder *b, json_t *arr, json_t *v)
{
	if (!arr || !v || json_array_append_new(arr, v) != 0)
		b->failed = true;
}

static json_t *jtext(struct pp_text t)
{
	if (!t.ja && !t.en)
		return json_null();
	json_t *o = json_object();
	if (o && (json_object_set_new(o, "ja", jstr(t.ja)) != 0 ||
		  json_object_set_new(o, "en", jstr(t.en)) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *jaddrs(struct builder *b, const struct pp_cidr *v, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char s[PP_CIDR_STRLEN];
		append(b, arr, json_string(pp_cidr_format(&v[i], s, true)));
	}
	return arr;
}

static const char *const windows_names[] = {
	[PP_WIN_NONE] = "none", [PP_WIN_LEGACY] = "legacy", [PP_WIN_MODERN] = "modern",
	[PP_WIN_MIXED] = "mixed",
};

static const char *name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "unknown";
}

static json_t *jendpoint(struct builder *b, const struct pp_endpoint *e)
{
	json_t *o = json_object();
	set(b, o, "name", jstr(e->name));
	set(b, o, "kind", json_string(pp_emit_kind_name(e->kind, "unknown")));
	set(b, o, "zone", jstr(e->zone));
	set(b, o, "addresses", jaddrs(b, e->addrs, e->n_addrs));
	set(b, o, "windows", json_string(name_of(windows_names, 4, e->windows)));
	set(b, o, "windows_as_written", jstr(e->windows_as_written));
	set(b, o, "description", jstr(e->description));
	json_t *members = json_array();
	for (size_t i = 0; i < e->n_members; i++)
		append(b, members, jstr(e->members[i] ? e->members[i]->name : NULL));
	set(b, o, "members", members);
	return o;
}

static json_t *jflow(struct builder *b, const struct pp_flow *f)
{
	json_t *o = json_object();
	set(b, o, "id", jstr(f->id));
	set(b, o, "name", jstr(f->name));
	set(b, o, "src", jstr(f->src->name));
	set(b, o, "dst", jstr(f->dst->name));
	set(b, o, "src_addresses", jaddrs(b, f->src_addrs, f->n_src_addrs));
	set(b, o, "dst_addresses", jaddrs(b, f->dst_addrs, f->n_dst_addrs));
	set(b, o, "transport", json_string(pp_emit_transport_name(f->transport)));

	json_t *ports = json_array();
	struct pp_buf display = {0};
	for (size_t i = 0; i < f->n_ports; i++) {
		const struct pp_range *r = &f->ports[i];
		append(b, ports, json_pack("[i, i]", (int)r->lo, (int)r->hi));
		pp_buf_printf(&display, i ? ",%u" : "%u", (unsigned)r->lo);
		if (r->hi != r->lo)
			pp_buf_printf(&display, "-%u", (unsigned)r->hi);
	}
	set(b, o, "ports", ports);
	set(b, o, "ports_display", display.failed ? NULL : json_string(display.data ? display.data : ""));
	pp_buf_free(&display);

	json_t *enforce = json_array();
	if (f->enforce & PP_ENF_HOST)
		append(b, enforce, json_string("host"));
	if (f->enforce & PP_ENF_BOUNDARY)
		append(b, enforce, json_string("boundary"));
	set(b, o, "enforce", enforce);
	set(b, o, "src_zone", jstr(f->src_zone));
	set(b, o, "dst_zone", jstr(f->dst_zone));

	json_t *rpc = json_array();
	if (f->rpc & PP_RPC_EPMAP)
		append(b, rpc, json_string("epmap"));
	if (f->rpc & PP_RPC_DYNAMIC)
		append(b, rpc, json_string("dynamic"));
	if (f->rpc & PP_RPC_PINNED)
		append(b, rpc, json_string("pinned"));
	set(b, o, "rpc", rpc);
	set(b, o, "program", jstr(f->program));
	set(b, o, "auth", jtext(f->auth));
	set(b, o, "encryption", jtext(f->encryption));

	json_t *refs = json_array();
	for (size_t i = 0; i < f->n_refs; i++)
		append(b, refs, jstr(f->refs[i]));
	set(b, o, "refs", refs);
	set(b, o, "explain", jstr(f->explain));
	return o;
}

static json_t *jreg(struct builder *b, const struct pp_reg_value *r)
{
	json_t *o = json_object();
	set(b, o, "host", jstr(r->host ? r->host->name : NULL));
	set(b, o, "key", jstr(r->key));
	set(b, o, "value_name", jstr(r->value_name));
	set(b, o, "value_type", jstr(r->value_type));
	set(b, o, "data", json_integer((json_int_t)r->data));
	set(b, o, "pin", jstr(r->pin));
	set(b, o, "product", jstr(r->product));
	return o;
}

static int emit_json(const struct pp_plan *plan, const struct pp_emit_options *opt,
		     struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt; /* a report covers every host */
	for (size_t i = 0; i < plan->n_flows; i++) {
		const struct pp_flow *f = &plan->flows[i];
		char id[64];
		if (!f->src || !f->dst) {
			snprintf(err, errlen, "flow '%s' has no source or destination",
				 pp_emit_comment(f->id, id, sizeof id));
			return -1;
		}
		if (!pp_emit_transport_name(f->transport)) {
			snprintf(err, errlen, "flow '%s' does not have exactly one transport",
				 pp_emit_comment(f->id, id, sizeof id));
			return -1;
		}
	}

	struct builder b = {false};
	json_t *root = json_object();
	set(&b, root, "format", json_string("portplan-plan"));
	set(&b, root, "version", json_integer(FORMAT_VERSION));
	set(&b, root, "name", jstr(plan->name));
	set(&b, root, "source_file", jstr(plan->source_file));
	json_t *arr = json_array();
	for (size_t i = 0; i < plan->n_endpoints; i++)
		append(&b, arr, jendpoint(&b, plan->endpoints[i]));
	set(&b, root, "endpoints", arr);
	arr = json_array();
	for (size_t i = 0; i < plan->n_flows; i++)
		append(&b, arr, jflow(&b, &plan->flows[i]));
	set(&b, root, "flows", arr);
	arr = json_array();
	for (size_t i = 0; i < plan->n_reg_values; i++)
		append(&b, arr, jreg(&b, &plan->reg_values[i]));
	set(&b, root, "registry_values", arr);
	arr = json_array();
	for (size_t i = 0; i < plan->n_warnings; i++)
		append(&b, arr, jstr(plan->warnings[i]));
	set(&b, root, "warnings", arr);

	char *text = b.failed ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	struct pp_buf *buf = text ? pp_emit_file(out, "portplan.json") : NULL;
	if (buf) {
		pp_buf_puts(buf, text);
		pp_buf_putc(buf, '\n');
	}
	free(text);
	if (!buf || buf->failed) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

const struct pp_emitter pp_emit_json = { .name = "json", .summary = "the whole plan as JSON for tools (portplan.json)", .emit = emit_json };
