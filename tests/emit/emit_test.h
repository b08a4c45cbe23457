/*
 * Helpers shared by the emitter unit tests (tests/emit/test_*.c): emitting
 * a plan into buffers and checking the run, finding an output file,
 * finding and counting lines and strings in a text, and building small
 * plans by hand. Include after <cmocka.h>: the helpers assert with it.
 */
#ifndef PORTPLAN_TESTS_EMIT_EMIT_TEST_H
#define PORTPLAN_TESTS_EMIT_EMIT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "portplan/emit.h"

/* ---------- emitting ---------- */

/* Emit p with e and default options into *out (caller frees), which must
 * succeed with exactly the n files paths[], in that order, none failed. */
static inline void emit_checked(const struct pp_emitter *e, const struct pp_plan *p,
				const char *const *paths, size_t n, struct pp_emit_out *out)
{
	struct pp_emit_options opt = {0};
	char err[256] = "";
	*out = (struct pp_emit_out){0};
	assert_int_equal(e->emit(p, &opt, out, err, sizeof err), 0);
	assert_int_equal(out->n_files, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(out->files[i].path, paths[i]);
		assert_false(out->files[i].buf.failed);
	}
}

/* A copy of the text of output file i. Caller frees. */
static inline char *copy_output(const struct pp_emit_out *out, size_t i)
{
	char *text = strdup(out->files[i].buf.data);
	assert_non_null(text);
	return text;
}

/* The text of path, which must be the only file e emits for p. Caller frees. */
static inline char *emit_only_file(const struct pp_emitter *e, const struct pp_plan *p,
				   const char *path)
{
	struct pp_emit_out out;
	emit_checked(e, p, &path, 1, &out);
	char *text = copy_output(&out, 0);
	pp_emit_out_free(&out);
	return text;
}

/* Emit p with e for --host host (NULL: every host) into *out (the caller
 * frees it), the message into err; the emitter's return value. */
static inline int emit_for_host(const struct pp_emitter *e, const struct pp_plan *p,
				const char *host, struct pp_emit_out *out, char *err, size_t errlen)
{
	struct pp_emit_options opt = {.host = host};
	*out = (struct pp_emit_out){0};
	err[0] = '\0';
	return e->emit(p, &opt, out, err, errlen);
}

/* Emit p with e and default options, which must fail: the message goes to
 * err; returns how many files the emitter left in its output (freed). */
static inline size_t emit_failure(const struct pp_emitter *e, const struct pp_plan *p, char *err,
				  size_t errlen)
{
	struct pp_emit_out out;
	assert_int_equal(emit_for_host(e, p, NULL, &out, err, errlen), -1);
	size_t n = out.n_files;
	pp_emit_out_free(&out);
	return n;
}

/* The buffer of output file path (which must not have failed), or NULL
 * when there is no such file. */
static inline const struct pp_buf *find_output(const struct pp_emit_out *out, const char *path)
{
	for (size_t i = 0; i < out->n_files; i++)
		if (strcmp(out->files[i].path, path) == 0) {
			assert_false(out->files[i].buf.failed);
			return &out->files[i].buf;
		}
	return NULL;
}

/* The text of output file path, or NULL when there is no such file. */
static inline const char *output_text(const struct pp_emit_out *out, const char *path)
{
	const struct pp_buf *b = find_output(out, path);
	return b ? b->data : NULL;
}

/* Two outputs have the same files, in the same order, with the same bytes. */
static inline void assert_same_output(const struct pp_emit_out *a, const struct pp_emit_out *b)
{
	assert_int_equal(a->n_files, b->n_files);
	for (size_t i = 0; i < a->n_files; i++) {
		assert_string_equal(a->files[i].path, b->files[i].path);
		assert_int_equal(a->files[i].buf.len, b->files[i].buf.len);
		assert_memory_equal(a->files[i].buf.data, b->files[i].buf.data, a->files[i].buf.len);
	}
}

/* Same plan, same text: the fixture plan (plain and hostile) built twice
 * and emitted three times by emit (which returns text the caller frees). */
static inline void assert_same_text(char *(*emit)(const struct pp_plan *p))
{
	for (int hostile = 0; hostile < 2; hostile++) {
		struct pp_plan *p1 = fixture_plan(hostile), *p2 = fixture_plan(hostile);
		char *a = emit(p1), *b = emit(p2), *c = emit(p1);
		assert_string_equal(a, b);
		assert_string_equal(a, c);
		free(a);
		free(b);
		free(c);
		pp_plan_free(p1);
		pp_plan_free(p2);
	}
}

/* ---------- searching text ---------- */

/* Where the line that is exactly line ('\n'-separated, without its '\n')
 * starts in text, or NULL. */
static inline const char *find_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && memcmp(p, line, n) == 0)
			return p;
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* Whether text has a line that is exactly line. */
static inline bool has_line(const char *text, const char *line)
{
	return find_line(text, line) != NULL;
}

/* The 1-based number of the first line that is exactly line, or 0. */
static inline size_t line_no(const char *text, const char *line)
{
	const char *at = find_line(text, line);
	if (!at)
		return 0;
	size_t no = 1;
	for (const char *p = text; p < at; p++)
		no += *p == '\n';
	return no;
}

#define assert_line(text, line) \
	do { \
		if (!line_no(text, line)) \
			fail_msg("missing line [%s] in:\n%s", line, text); \
	} while (0)

/* line must be a line of text. */
static inline void expect_line(const char *text, const char *line)
{
	if (!has_line(text, line))
		fail_msg("missing line '%s' in:\n%s", line, text);
}

/* Each of the n lines must be a line of text (anywhere, in any order). */
static inline void expect_lines(const char *text, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_line(text, lines[i]);
}

/* How many times needle occurs in text, overlapping ones included. */
static inline size_t count_of(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* How many lines of text start with prefix. */
static inline size_t count_prefix(const char *text, const char *prefix)
{
	size_t lines = 0, n = strlen(prefix);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		lines += strncmp(p, prefix, n) == 0;
	return lines;
}

/* The first whole line of a CRLF text that starts with prefix, without its
 * CRLF, or "" (in a static buffer: valid until the next call). */
static inline const char *crlf_line(const char *text, const char *prefix)
{
	static char buf[8192];
	buf[0] = '\0';
	for (const char *p = text; p && *p;) {
		const char *end = strstr(p, "\r\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (strncmp(p, prefix, strlen(prefix)) == 0 && n < sizeof buf) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			return buf;
		}
		p = end ? end + 2 : NULL;
	}
	return buf;
}

/* ---------- small plans ---------- */

/* An endpoint, which must parse. */
static inline struct pp_endpoint *add_endpoint(struct pp_plan *p, const char *name,
					       enum pp_endpoint_kind kind, const char *zone,
					       const char *addrs)
{
	struct pp_endpoint *e = pp_plan_add_endpoint(p, name, kind, zone, addrs);
	assert_non_null(e);
	return e;
}

/* A host with addresses addrs in zone "z". */
static inline struct pp_endpoint *add_host(struct pp_plan *p, const char *name, const char *addrs)
{
	return add_endpoint(p, name, PP_EP_HOST, "z", addrs);
}

/* A host or group running Windows win, in zone "z" (host firewall targets). */
static inline struct pp_endpoint *add_win_endpoint(struct pp_plan *p, const char *name,
						   enum pp_endpoint_kind kind, const char *addrs,
						   enum pp_windows win)
{
	struct pp_endpoint *e = add_endpoint(p, name, kind, "z", addrs);
	e->windows = win;
	return e;
}

/* A flow between all the addresses of two endpoints, in their zones. */
static inline struct pp_flow *add_flow(struct pp_plan *p, const char *name,
				       const struct pp_endpoint *src, const struct pp_endpoint *dst,
				       unsigned transport, const struct pp_range *ports,
				       size_t n_ports, unsigned enforce)
{
	struct pp_flow f = {
		.name = name, .src = src, .dst = dst,
		.src_addrs = src->addrs, .n_src_addrs = src->n_addrs,
		.dst_addrs = dst->addrs, .n_dst_addrs = dst->n_addrs,
		.transport = transport, .ports = ports, .n_ports = n_ports,
		.enforce = enforce, .src_zone = src->zone, .dst_zone = dst->zone,
	};
	return pp_plan_add_flow(p, &f);
}

/* The same, enforced at the boundary only (network firewall targets). */
static inline struct pp_flow *add_boundary_flow(struct pp_plan *p, const char *name,
						const struct pp_endpoint *src,
						const struct pp_endpoint *dst, unsigned transport,
						const struct pp_range *ports, size_t n_ports)
{
	return add_flow(p, name, src, dst, transport, ports, n_ports, PP_ENF_BOUNDARY);
}

/* A flow for the host firewall targets: all the addresses of two
 * endpoints, with RPC bits, a program (or NULL) and catalog ref "x-ref". */
static inline void add_win_flow(struct pp_plan *p, const char *name, const struct pp_endpoint *src,
				const struct pp_endpoint *dst, unsigned transport,
				const struct pp_range *ports, size_t n_ports, unsigned enforce,
				unsigned rpc, const char *program)
{
	const char *refs[] = {"x-ref"};
	struct pp_flow f = {
		.name = name, .src = src, .dst = dst,
		.src_addrs = src->addrs, .n_src_addrs = src->n_addrs,
		.dst_addrs = dst->addrs, .n_dst_addrs = dst->n_addrs,
		.transport = transport, .ports = ports, .n_ports = n_ports, .enforce = enforce,
		.rpc = rpc, .program = program, .refs = refs, .n_refs = 1,
	};
	assert_non_null(pp_plan_add_flow(p, &f));
}

#endif
