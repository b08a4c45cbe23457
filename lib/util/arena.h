/* A bump allocator: everything a plan or a deployment owns lives in one
 * arena and is freed at once. Allocation failure aborts (like git's
 * xmalloc): the sizes here are small and a half-built plan is useless. */
#ifndef PORTPLAN_UTIL_ARENA_H
#define PORTPLAN_UTIL_ARENA_H

#include <stddef.h>

struct pp_arena {
	struct pp_arena_chunk *head;
};

void *pp_arena_alloc(struct pp_arena *a, size_t size); /* zeroed, aligned for any type */
char *pp_arena_strdup(struct pp_arena *a, const char *s);
char *pp_arena_strndup(struct pp_arena *a, const char *s, size_t n);
char *pp_arena_printf(struct pp_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pp_arena_free(struct pp_arena *a);

#endif
