/*
 * Emitters: one per target, each in lib/emit/<name>.c exporting
 * `const struct pp_emitter pp_emit_<name>`, turn a plan into the text an
 * administrator deploys. An emitter never writes files itself: it fills one
 * or more named buffers in a pp_emit_out, and the caller writes them
 * atomically (all or nothing).
 *
 * Text from the deployment file (endpoint names, descriptions, the plan
 * name) is untrusted: every emitter escapes or rejects it for its target so
 * that no value can inject a command or a rule.
 */
#ifndef PORTPLAN_EMIT_H
#define PORTPLAN_EMIT_H

#include "portplan/buf.h"
#include "portplan/plan.h"

struct pp_emit_options {
	const char *host;     /* host-firewall targets: only this destination host */
	bool any_program;     /* Windows: may use the vendor's "any program" (GFW) form */
};

/* The files an emitter produces, by relative path ("portplan.nft",
 * "def/NETWORK.net", "reg/dc1.reg"). */
struct pp_emit_file {
	char *path;
	struct pp_buf buf;
};

struct pp_emit_out {
	struct pp_emit_file *files;
	size_t n_files, cap;
};

/* The buffer for path, created empty on first use; NULL when out of memory
 * or when path is not a safe relative path (no "..", no leading '/'). */
struct pp_buf *pp_emit_file(struct pp_emit_out *out, const char *path);
void pp_emit_out_free(struct pp_emit_out *out);

struct pp_emitter {
	const char *name;        /* --target value: "nft" */
	const char *summary;     /* one line for --help */
	/* Fill out. 0 on success; -1 with a message in err. */
	int (*emit)(const struct pp_plan *plan, const struct pp_emit_options *opt,
		    struct pp_emit_out *out, char *err, size_t errlen);
};

/* Every emitter, NULL-terminated (generated from lib/emit/ at build time). */
extern const struct pp_emitter *const pp_emitters[];
const struct pp_emitter *pp_emitter_find(const char *name);

/* ---------- helpers shared by emitters ---------- */

/* Endpoint or plan text reduced to [A-Za-z0-9_.-], at most max bytes, never
 * empty ("x" instead): for identifiers in rule languages. */
const char *pp_emit_ident(const char *s, char *buf, size_t max);
/* Text for a comment: printable ASCII only (others become '?'), no quotes,
 * backslashes or newlines, at most max bytes. */
const char *pp_emit_comment(const char *s, char *buf, size_t max);
/* pp_emit_comment with each of chars as with too: for targets where more characters act ($, {}). */
const char *pp_emit_comment_without(const char *s, char *buf, size_t max, const char *chars,
				    char with);

/* Length (1-4) and code point of the valid UTF-8 sequence at s, 0 if invalid: for non-ASCII. */
size_t pp_emit_utf8_decode(const unsigned char *s, uint32_t *cp);
/* pp_emit_utf8_decode's length alone, for emitters that copy valid sequences as they are. */
size_t pp_emit_utf8_len(const unsigned char *s);

/* "tcp", "udp", "icmp", "gre", "ah", "esp", or NULL unless t is exactly one of them. */
const char *pp_emit_transport_name(unsigned t);
/* nft, iptables: every flow has one transport and no reversed port range; else -1 and err. */
int pp_emit_check_transport_and_ports(const struct pp_plan *plan, char *err, size_t errlen);
/* asa, pf: the flow has exactly one transport; else -1 and err. */
int pp_emit_check_transport(const struct pp_flow *f, char *err, size_t errlen);

/* How many flows have any of the enforce bits, for the counts in headers and summaries. */
size_t pp_emit_count_enforced(const struct pp_plan *plan, unsigned enforce);

/* What a report's summary counts besides the plan's own array sizes. */
struct pp_emit_summary {
	size_t boundary, host; /* flows enforced at a boundary, on a host */
	size_t zones;          /* distinct zone names of the endpoints */
};
/* Reports: -1 and err unless every flow has both ends and one transport; else 0 and the counts. */
int pp_emit_report_summary(const struct pp_plan *plan, struct pp_emit_summary *sum, char *err,
			   size_t errlen);

/* Reports: a flow's transport and ports as people read them ("tcp/25,587", "icmp echo", "esp"). */
void pp_emit_report_ports(struct pp_buf *b, const struct pp_flow *f);
/* Reports: addresses in short form joined by ", ". */
void pp_emit_cidr_list(struct pp_buf *b, const struct pp_cidr *v, size_t n);
/* Reports: an endpoint kind's name ("host", "group", "zone", "any"), unknown when out of range. */
const char *pp_emit_kind_name(enum pp_endpoint_kind k, const char *unknown);
/* Reports: "s" unless n is 1, for the counts in summaries. */
const char *pp_emit_plural(size_t n);

/* Address families as a bit set, for targets that split rules by family. */
#define PP_EMIT_FAM4 1u
#define PP_EMIT_FAM6 2u
/* The families (PP_EMIT_FAM*) the addresses hold: where a rule can match at all. */
unsigned pp_emit_families(const struct pp_cidr *v, size_t n);
/* The families the addresses cover whole (a /0): where "any" can stand for them. */
unsigned pp_emit_any_families(const struct pp_cidr *v, size_t n);
/* The same addresses in the same order: to reuse a named address list or set. */
bool pp_emit_same_cidrs(const struct pp_cidr *a, size_t na, const struct pp_cidr *b, size_t nb);

/* A flow side's addresses of one family, merged again (a hand-built plan may overlap). */
struct pp_emit_side {
	struct pp_cidr *v; /* malloc'd, or NULL when none; the caller frees it */
	size_t n;
	bool any;          /* 0.0.0.0/0 or ::/0: no address match needed */
};
/* Fill s with v's addresses of family (4 or 6), for nft and iptables; -1 when out of memory. */
int pp_emit_side_get(struct pp_emit_side *s, const struct pp_cidr *v, size_t n, uint8_t family);
/* Both sides of a flow for one family; -1 (nothing left to free) when out of memory. */
int pp_emit_flow_sides(const struct pp_flow *f, uint8_t family, struct pp_emit_side *src,
		       struct pp_emit_side *dst);

/* nft's and iptables' rule comment "<id> <name>: <src> -> <dst>", names cut to name_max. */
void pp_emit_rule_comment(const struct pp_flow *f, int name_max, char *out, size_t max);

/* base, or base_2, base_3... cut to max bytes, the first not taken(): unique asa/pf names. */
void pp_emit_numbered_name(char *out, size_t outlen, const char *base, size_t max,
			   bool (*taken)(const char *name, const void *ctx), const void *ctx);

#endif
