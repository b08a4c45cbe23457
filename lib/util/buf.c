#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/buf.h"

static bool grow(struct pp_buf *b, size_t more)
{
	if (b->failed)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void pp_buf_put(struct pp_buf *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void pp_buf_puts(struct pp_buf *b, const char *s)
{
	pp_buf_put(b, s, strlen(s));
}

void pp_buf_putc(struct pp_buf *b, char c)
{
	pp_buf_put(b, &c, 1);
}

void pp_buf_printf(struct pp_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(b, (size_t)n)) {
		b->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void pp_buf_free(struct pp_buf *b)
{
	free(b->data);
	*b = (struct pp_buf){0};
}
