/* Diagnostics with a place: collected while loading, printed together with
 * the offending source line and a caret, nftables style. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/deploy.h"
#include "util/text.h"

void pp_diag_add(struct pp_diags *d, bool warning, unsigned line, unsigned col, unsigned end_col,
		 const char *hint, const char *fmt, ...)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct pp_diag *v = realloc(d->v, cap * sizeof *v);
		if (!v)
			return;
		d->v = v;
		d->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = malloc(n > 0 ? (size_t)n + 1 : 1);
	if (!msg)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	va_end(ap);
	d->v[d->n++] = (struct pp_diag){warning, line, col, end_col, msg, hint ? strdup(hint) : NULL};
	if (!warning)
		d->n_errors++;
}

/* The text of 1-based line, without its newline. */
static const char *source_line(const struct pp_diags *d, unsigned line, size_t *len)
{
	const char *p = d->text, *end = d->text + d->text_len;
	for (unsigned l = 1; p && p < end && l < line; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (p)
			p++;
	}
	if (!p || p >= end)
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	if (*len && p[*len - 1] == '\r')
		(*len)--; /* a CRLF file's line ends with the CR */
	return p;
}

/* A source line printed back must not carry terminal escapes from a hostile
 * file: control bytes become '?'. */
static void print_clean(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		fputc(c < 0x20 && c != '\t' ? '?' : c == 0x7f ? '?' : c, out);
	}
}

void pp_diags_print(const struct pp_diags *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct pp_diag *g = &d->v[i];
		const char *kind = g->warning ? "warning" : "error";
		if (g->line)
			fprintf(out, "%s:%u:%u: %s: ", d->file, g->line, g->col, kind);
		else
			fprintf(out, "%s: %s: ", d->file, kind);
		print_clean(out, g->msg, strlen(g->msg));
		fputc('\n', out);
		size_t len;
		const char *src = g->line && d->text ? source_line(d, g->line, &len) : NULL;
		if (src) {
			fputs("  ", out);
			print_clean(out, src, len);
			fputs("\n  ", out);
			/* YAML columns count characters: walk them, padding by
			 * each one's display width (two for CJK), tabs kept. */
			size_t b = 0;
			for (unsigned c = 1; c < g->col && b < len; c++) {
				size_t n = 1;
				while (b + n < len && ((unsigned char)src[b + n] & 0xc0) == 0x80)
					n++;
				char one[8] = {0};
				memcpy(one, src + b, n < sizeof one ? n : sizeof one - 1);
				if (src[b] == '\t')
					fputc('\t', out);
				else
					for (size_t w = pp_display_width(one); w > 0; w--)
						fputc(' ', out);
				b += n;
			}
			unsigned width = g->end_col > g->col ? g->end_col - g->col : 1;
			for (unsigned c = 0; c < width; c++)
				fputc('^', out);
			fputc('\n', out);
		}
		if (g->hint) {
			fputs("  ", out);
			print_clean(out, g->hint, strlen(g->hint));
			fputc('\n', out);
		}
	}
}

void pp_diags_free(struct pp_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].msg);
		free(d->v[i].hint);
	}
	free(d->v);
	free(d->owned_text);
	d->v = NULL;
	d->n = d->cap = d->n_errors = 0;
	d->owned_text = NULL;
	d->text = NULL;
}
