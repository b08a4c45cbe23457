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

#endif
