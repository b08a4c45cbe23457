/* Writing JSON documents: one place for the layout portplan uses. */
#ifndef PORTPLAN_UTIL_JSON_H
#define PORTPLAN_UTIL_JSON_H

#include <jansson.h>
#include <stdio.h>

/* Write v, indented, keys in insertion order, as one write (jansson's
 * streaming writer issues one stdio call per token). 0, or -1 on error. */
int pp_json_write(const json_t *v, FILE *out);

#endif
