#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

static int fold(int c)
{
	return c < 0x80 ? tolower(c) : c;
}

bool pp_eq_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (fold((unsigned char)*a) != fold((unsigned char)*b))
			return false;
	return *a == *b;
}

bool pp_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || fold((unsigned char)*s) != fold((unsigned char)*prefix))
			return false;
	return true;
}

/* Separators that users leave out or change: "callrouter" is "Call Router",
 * "hub transport" is "hub-transport". */
static bool separator(char c)
{
	return c == ' ' || c == '-' || c == '_' || c == '.';
}

static const char *skip_sep(const char *s)
{
	while (*s && separator(*s))
		s++;
	return s;
}

bool pp_prefix_loose(const char *s, const char *prefix)
{
	for (;;) {
		s = skip_sep(s);
		prefix = skip_sep(prefix);
		if (!*prefix)
			return true;
		if (!*s || fold((unsigned char)*s) != fold((unsigned char)*prefix))
			return false;
		s++;
		prefix++;
	}
}

bool pp_eq_loose(const char *a, const char *b)
{
	return pp_prefix_loose(a, b) && pp_prefix_loose(b, a);
}

bool pp_contains_ci(const char *haystack, const char *needle)
{
	if (!*needle)
		return true;
	for (; *haystack; haystack++)
		if (pp_prefix_ci(haystack, needle))
			return true;
	return false;
}

size_t pp_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	size_t *row = malloc((lb + 1) * sizeof *row);
	if (!row)
		return limit + 1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0], best = row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = fold((unsigned char)a[i - 1]) != fold((unsigned char)b[j - 1]);
			size_t v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > limit) {
			free(row);
			return limit + 1;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

/* East Asian wide and fullwidth blocks (Unicode UAX #11, W and F), enough
 * for the Japanese text of the catalog. */
static bool wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
	       (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	       (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	       (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	       (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
}

size_t pp_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	while (*p) {
		uint32_t c;
		int n;
		if (*p < 0x80) {
			c = *p;
			n = 1;
		} else if ((*p & 0xe0) == 0xc0) {
			c = *p & 0x1f;
			n = 2;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p & 0x0f;
			n = 3;
		} else if ((*p & 0xf8) == 0xf0) {
			c = *p & 0x07;
			n = 4;
		} else {
			w++;
			p++;
			continue;
		}
		int i;
		for (i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				break;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (i < n) { /* truncated sequence: one column per byte */
			w++;
			p++;
			continue;
		}
		p += n;
		if (c >= 0x300 && c <= 0x36f) /* combining marks */
			continue;
		w += wide(c) ? 2 : 1;
	}
	return w;
}

size_t pp_utf8_prefix_for_width(const char *s, size_t max)
{
	size_t bytes = 0, w = 0;
	char one[5];
	while (s[bytes]) {
		size_t n = 1;
		unsigned char c = (unsigned char)s[bytes];
		if (c >= 0xc0 && c < 0xe0)
			n = 2;
		else if (c >= 0xe0 && c < 0xf0)
			n = 3;
		else if (c >= 0xf0 && c < 0xf8)
			n = 4;
		for (size_t i = 1; i < n; i++)
			if ((s[bytes + i] & 0xc0) != 0x80) {
				n = 1;
				break;
			}
		memcpy(one, s + bytes, n);
		one[n] = '\0';
		size_t cw = pp_display_width(one);
		if (w + cw > max)
			break;
		w += cw;
		bytes += n;
	}
	return bytes;
}
