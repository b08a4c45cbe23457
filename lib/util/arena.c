#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

struct pp_arena_chunk {
	struct pp_arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define CHUNK_MIN 16384

static void oom(void)
{
	fputs("portplan: out of memory\n", stderr);
	abort();
}

void *pp_arena_alloc(struct pp_arena *a, size_t size)
{
	size_t align = sizeof(max_align_t);
	size = (size + align - 1) / align * align;
	struct pp_arena_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t cap = size > CHUNK_MIN ? size : CHUNK_MIN;
		c = malloc(sizeof *c + cap);
		if (!c)
			oom();
		c->next = a->head;
		c->used = 0;
		c->size = cap;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	return memset(p, 0, size);
}

char *pp_arena_strndup(struct pp_arena *a, const char *s, size_t n)
{
	char *p = pp_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *pp_arena_strdup(struct pp_arena *a, const char *s)
{
	return s ? pp_arena_strndup(a, s, strlen(s)) : NULL;
}

char *pp_arena_printf(struct pp_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	char *p = pp_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void pp_arena_free(struct pp_arena *a)
{
	while (a->head) {
		struct pp_arena_chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}
