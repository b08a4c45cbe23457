/* Text helpers shared inside the library: ASCII case folding (Japanese
 * text has no case), prefix and edit-distance matching, and terminal
 * display width of UTF-8 (CJK characters take two columns). */
#ifndef PORTPLAN_UTIL_TEXT_H
#define PORTPLAN_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool pp_eq_ci(const char *a, const char *b);
bool pp_prefix_ci(const char *s, const char *prefix);
/* Like the _ci forms, ignoring spaces, '-', '_' and '.'. */
bool pp_eq_loose(const char *a, const char *b);
bool pp_prefix_loose(const char *s, const char *prefix);
bool pp_contains_ci(const char *haystack, const char *needle);

/* Levenshtein distance over bytes, ASCII case-folded; stops counting at
 * limit + 1 so that long strings cost little. */
size_t pp_edit_distance(const char *a, const char *b, size_t limit);

/* Columns that s takes on a terminal. Invalid UTF-8 counts one per byte. */
size_t pp_display_width(const char *s);

/* How many bytes of s fit in max columns, never splitting a character. */
size_t pp_utf8_prefix_for_width(const char *s, size_t max);

#endif
