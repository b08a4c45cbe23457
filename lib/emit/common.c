/* Shared by the emitters: the output file set, text reduced to what a
 * rule language can carry without quoting, UTF-8, the checks and counts
 * every target makes of a plan's flows, and address-family helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/emit.h"

static bool safe_path(const char *p)
{
	if (!*p || *p == '/')
		return false;
	for (const char *s = p; *s; s++)
		if (!(s[0] >= 'a' && s[0] <= 'z') && !(s[0] >= 'A' && s[0] <= 'Z') &&
		    !(s[0] >= '0' && s[0] <= '9') && !strchr("._-/", s[0]))
			return false;
	return !strstr(p, "..") && !strstr(p, "//");
}

struct pp_buf *pp_emit_file(struct pp_emit_out *out, const char *path)
{
	if (!safe_path(path))
		return NULL;
	for (size_t i = 0; i < out->n_files; i++)
		if (strcmp(out->files[i].path, path) == 0)
			return &out->files[i].buf;
	if (out->n_files == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 4;
		struct pp_emit_file *f = realloc(out->files, cap * sizeof *f);
		if (!f)
			return NULL;
		out->files = f;
		out->cap = cap;
	}
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	out->files[out->n_files] = (struct pp_emit_file){copy, {0}};
	return &out->files[out->n_files++].buf;
}

void pp_emit_out_free(struct pp_emit_out *out)
{
	for (size_t i = 0; i < out->n_files; i++) {
		free(out->files[i].path);
		pp_buf_free(&out->files[i].buf);
	}
	free(out->files);
	*out = (struct pp_emit_out){0};
}

const char *pp_emit_ident(const char *s, char *buf, size_t max)
{
	size_t n = 0;
	for (; s && *s && n + 1 < max; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '-' || c == '.';
		buf[n++] = ok ? c : '_';
	}
	if (n == 0 && max > 1)
		buf[n++] = 'x';
	buf[n] = '\0';
	return buf;
}

const char *pp_emit_comment(const char *s, char *buf, size_t max)
{
	size_t n = 0;
	for (; s && *s && n + 1 < max; s++) {
		unsigned char c = (unsigned char)*s;
		buf[n++] = c < 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '\\' || c == '`' ? '?'
													: (char)c;
	}
	buf[n] = '\0';
	return buf;
}

const char *pp_emit_comment_without(const char *s, char *buf, size_t max, const char *chars,
				    char with)
{
	pp_emit_comment(s, buf, max);
	for (char *p = buf; *p; p++)
		if (strchr(chars, *p))
			*p = with;
	return buf;
}

/* ---------- UTF-8 ---------- */

size_t pp_emit_utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
		 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	if (!n)
		return 0;
	uint32_t c = s[0] & (0xFF >> (n + 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

size_t pp_emit_utf8_len(const unsigned char *s)
{
	uint32_t cp;
	return pp_emit_utf8_decode(s, &cp);
}

/* ---------- flows ---------- */

const char *pp_emit_transport_name(unsigned t)
{
	switch (t) {
	case PP_TR_TCP: return "tcp";
	case PP_TR_UDP: return "udp";
	case PP_TR_ICMP: return "icmp";
	case PP_TR_GRE: return "gre";
	case PP_TR_AH: return "ah";
	case PP_TR_ESP: return "esp";
	default: return NULL;
	}
}

/* How many distinct zone names the endpoints have. */
static size_t count_zones(const struct pp_plan *plan)
{
	size_t zones = 0;
	for (size_t i = 0; i < plan->n_endpoints; i++) {
		const char *z = plan->endpoints[i]->zone;
		bool seen = !z;
		for (size_t j = 0; j < i && !seen; j++)
			seen = plan->endpoints[j]->zone && strcmp(plan->endpoints[j]->zone, z) == 0;
		zones += !seen;
	}
	return zones;
}

int pp_emit_report_summary(const struct pp_plan *plan, struct pp_emit_summary *sum, char *err,
			   size_t errlen)
{
	for (size_t i = 0; i < plan->n_flows; i++) {
		const struct pp_flow *f = &plan->flows[i];
		char id[64];
		if (!f->src || !f->dst || !pp_emit_transport_name(f->transport)) {
			snprintf(err, errlen, "flow '%s' needs a source, a destination and exactly one transport",
				 pp_emit_comment(f->id, id, sizeof id));
			return -1;
		}
	}
	sum->boundary = pp_emit_count_enforced(plan, PP_ENF_BOUNDARY);
	sum->host = pp_emit_count_enforced(plan, PP_ENF_HOST);
	sum->zones = count_zones(plan);
	return 0;
}

int pp_emit_check_transport_and_ports(const struct pp_plan *plan, char *err, size_t errlen)
{
	for (size_t i = 0; i < plan->n_flows; i++) {
		const struct pp_flow *f = &plan->flows[i];
		char fid[32];
		if (!pp_emit_transport_name(f->transport)) {
			snprintf(err, errlen, "flow '%s': transport must be exactly one of tcp, udp, icmp, gre, ah, esp",
				 pp_emit_ident(f->id, fid, sizeof fid));
			return -1;
		}
		for (size_t j = 0; j < f->n_ports; j++)
			if (f->ports[j].lo > f->ports[j].hi) {
				snprintf(err, errlen, "flow '%s': port range %u-%u is reversed",
					 pp_emit_ident(f->id, fid, sizeof fid),
					 (unsigned)f->ports[j].lo, (unsigned)f->ports[j].hi);
				return -1;
			}
	}
	return 0;
}

int pp_emit_check_transport(const struct pp_flow *f, char *err, size_t errlen)
{
	if (pp_emit_transport_name(f->transport))
		return 0;
	char id[32];
	snprintf(err, errlen, "flow '%s': transport is not exactly one protocol",
		 pp_emit_comment(f->id, id, sizeof id));
	return -1;
}

size_t pp_emit_count_enforced(const struct pp_plan *plan, unsigned enforce)
{
	size_t n = 0;
	for (size_t i = 0; i < plan->n_flows; i++)
		n += (plan->flows[i].enforce & enforce) != 0;
	return n;
}

void pp_emit_report_ports(struct pp_buf *b, const struct pp_flow *f)
{
	pp_buf_puts(b, f->transport == PP_TR_ICMP ? "icmp echo" : pp_emit_transport_name(f->transport));
	for (size_t i = 0; i < f->n_ports; i++) {
		pp_buf_printf(b, "%c%u", i ? ',' : '/', (unsigned)f->ports[i].lo);
		if (f->ports[i].hi != f->ports[i].lo)
			pp_buf_printf(b, "-%u", (unsigned)f->ports[i].hi);
	}
}

void pp_emit_cidr_list(struct pp_buf *b, const struct pp_cidr *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char s[PP_CIDR_STRLEN];
		pp_buf_puts(b, i ? ", " : "");
		pp_buf_puts(b, pp_cidr_format(&v[i], s, false));
	}
}

const char *pp_emit_kind_name(enum pp_endpoint_kind k, const char *unknown)
{
	static const char *const names[] = {
		[PP_EP_HOST] = "host", [PP_EP_GROUP] = "group", [PP_EP_ZONE] = "zone", [PP_EP_ANY] = "any",
	};
	return (unsigned)k < sizeof names / sizeof *names ? names[k] : unknown;
}

const char *pp_emit_plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void pp_emit_rule_comment(const struct pp_flow *f, int name_max, char *out, size_t max)
{
	char raw[1024];
	snprintf(raw, sizeof raw, "%s %s: %.*s -> %.*s", f->id ? f->id : "?", f->name ? f->name : "",
		 name_max, f->src && f->src->name ? f->src->name : "?",
		 name_max, f->dst && f->dst->name ? f->dst->name : "?");
	pp_emit_comment_without(raw, out, max, "$", '?');
}

/* ---------- addresses ---------- */

unsigned pp_emit_families(const struct pp_cidr *v, size_t n)
{
	unsigned m = 0;
	for (size_t i = 0; i < n; i++)
		m |= v[i].family == 4 ? PP_EMIT_FAM4 : PP_EMIT_FAM6;
	return m;
}

unsigned pp_emit_any_families(const struct pp_cidr *v, size_t n)
{
	unsigned m = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].prefix == 0)
			m |= v[i].family == 4 ? PP_EMIT_FAM4 : PP_EMIT_FAM6;
	return m;
}

bool pp_emit_same_cidrs(const struct pp_cidr *a, size_t na, const struct pp_cidr *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (pp_cidr_compare(&a[i], &b[i]) != 0)
			return false;
	return true;
}

int pp_emit_side_get(struct pp_emit_side *s, const struct pp_cidr *v, size_t n, uint8_t family)
{
	*s = (struct pp_emit_side){0};
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += v[i].family == family;
	if (!count)
		return 0;
	s->v = malloc(count * sizeof *s->v);
	if (!s->v)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (v[i].family == family)
			s->v[s->n++] = v[i];
	s->n = pp_cidr_merge(s->v, s->n);
	s->any = s->n == 1 && s->v[0].prefix == 0;
	return 0;
}

int pp_emit_flow_sides(const struct pp_flow *f, uint8_t family, struct pp_emit_side *src,
		       struct pp_emit_side *dst)
{
	if (pp_emit_side_get(src, f->src_addrs, f->n_src_addrs, family) != 0)
		return -1;
	if (pp_emit_side_get(dst, f->dst_addrs, f->n_dst_addrs, family) != 0) {
		free(src->v);
		return -1;
	}
	return 0;
}

/* ---------- names ---------- */

void pp_emit_numbered_name(char *out, size_t outlen, const char *base, size_t max,
			   bool (*taken)(const char *name, const void *ctx), const void *ctx)
{
	size_t blen = strlen(base);
	for (unsigned k = 1;; k++) {
		char suffix[16] = "";
		if (k > 1)
			snprintf(suffix, sizeof suffix, "_%u", k);
		size_t keep = max - strlen(suffix);
		snprintf(out, outlen, "%.*s%s", (int)(keep < blen ? keep : blen), base, suffix);
		if (!taken(out, ctx))
			return;
	}
}

const struct pp_emitter *pp_emitter_find(const char *name)
{
	for (size_t i = 0; pp_emitters[i]; i++)
		if (strcmp(pp_emitters[i]->name, name) == 0)
			return pp_emitters[i];
	return NULL;
}
