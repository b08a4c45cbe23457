/* A growable text buffer for emitted output. An allocation failure is
 * remembered (failed) rather than reported at each call; check it once. */
#ifndef PORTPLAN_BUF_H
#define PORTPLAN_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct pp_buf {
	char *data; /* NUL-terminated while not failed */
	size_t len, cap;
	bool failed;
};

void pp_buf_put(struct pp_buf *b, const char *s, size_t n);
void pp_buf_puts(struct pp_buf *b, const char *s);
void pp_buf_putc(struct pp_buf *b, char c);
void pp_buf_printf(struct pp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pp_buf_free(struct pp_buf *b);

#endif
