/*
 * Helpers shared by the per-document catalog tests (tests/catalog/test_*.c).
 * Each one is what two or more of those files used to define for themselves;
 * anything specific to one document stays in its own file.
 */
#ifndef PORTPLAN_CATALOG_TEST_H
#define PORTPLAN_CATALOG_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "portplan/catalog.h"

/* Does `src` come from source document `doc` ("000", "001", ...)? */
static inline bool ct_from_doc(const struct pp_source *src, const char *doc)
{
	return src->doc != NULL && strcmp(src->doc->id, doc) == 0;
}

/* Does `hay` contain `needle`? A NULL `hay` contains nothing. */
static inline bool ct_contains(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

/* Is `s` one of the `n` strings of `list`? */
static inline bool ct_has_str(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Does inconsistency `x` name `id` among the entries it affects? */
static inline bool ct_affects(const struct pp_inconsistency *x, const char *id)
{
	return ct_has_str(x->affects, x->n_affects, id);
}

/* The first of the `n` port rows `rows` that covers port/transport, or NULL. */
static inline const struct pp_ports *ct_row_covering(const struct pp_ports *rows, size_t n,
						     unsigned tr, uint16_t port)
{
	for (size_t i = 0; i < n; i++)
		if (pp_ports_cover(&rows[i], tr, port))
			return &rows[i];
	return NULL;
}

/* Does any port row of fact `f` cover port/transport? */
static inline bool ct_fact_covers(const struct pp_fact *f, unsigned tr, uint16_t port)
{
	return ct_row_covering(f->ports, f->n_ports, tr, port) != NULL;
}

/* How many inconsistencies come from document `doc`. */
static inline size_t ct_count_inconsistencies(const char *doc)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	for (size_t i = 0; i < c->n_inconsistencies; i++)
		n += ct_from_doc(&c->inconsistencies[i].src, doc);
	return n;
}

/* How many data paths of document `doc` sit in section `title`; each must
 * name `title` as its table and, if `in_order`, follow the one before it in
 * the seed. */
static inline size_t ct_count_table(const char *doc, const char *title, bool in_order)
{
	const struct pp_catalog *c = pp_catalog();
	size_t n = 0;
	unsigned last = 0;
	for (size_t i = 0; i < c->n_data_paths; i++) {
		const struct pp_data_path *d = &c->data_paths[i];
		if (!ct_from_doc(&d->src, doc) || strcmp(d->src.section, title) != 0)
			continue;
		assert_string_equal(d->table.ja, title);
		if (in_order)
			assert_true(d->src.line > last); /* source order */
		last = d->src.line;
		n++;
	}
	return n;
}

/* Inconsistency `id`, asserted to exist with this category on seed line `line`. */
static inline const struct pp_inconsistency *ct_inconsistency(const char *id, const char *category,
							      unsigned line)
{
	const struct pp_inconsistency *x = pp_inconsistency_find(id);
	assert_non_null(x);
	assert_string_equal(x->category, category);
	assert_int_equal(x->src.line, line);
	return x;
}

/* ct_inconsistency that also affects some entry and has an English reading
 * and reason. */
static inline const struct pp_inconsistency *
ct_inconsistency_explained(const char *id, const char *category, unsigned line)
{
	const struct pp_inconsistency *x = ct_inconsistency(id, category, line);
	assert_true(x->n_affects >= 1);
	assert_non_null(x->reading.en);
	assert_non_null(x->why.en);
	return x;
}

/* ct_inconsistency that also comes from document `doc`, quotes the seed as
 * `as_written`, and has a reading in both languages and an English reason. */
static inline const struct pp_inconsistency *
ct_inconsistency_written(const char *doc, const char *id, const char *category,
			 const char *as_written, unsigned line)
{
	const struct pp_inconsistency *x = ct_inconsistency(id, category, line);
	assert_true(ct_from_doc(&x->src, doc));
	assert_string_equal(x->as_written, as_written);
	assert_non_null(x->reading.ja);
	assert_non_null(x->reading.en);
	assert_non_null(x->why.en);
	return x;
}

#endif /* PORTPLAN_CATALOG_TEST_H */
