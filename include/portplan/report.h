/* Whole-catalog listings: what each document contributed, and every
 * resolved inconsistency of the sources. */
#ifndef PORTPLAN_REPORT_H
#define PORTPLAN_REPORT_H

#include <stdio.h>

#include "portplan/query.h"

enum pp_listing_format {
	PP_LIST_TABLE,
	PP_LIST_JSON,
	PP_LIST_MARKDOWN,
};

/* Entry counts per source document. Returns 0, or -1 on a write error. */
int pp_catalog_stats_print(FILE *out, enum pp_listing_format fmt);

/* Every inconsistency, or those of document doc_id when not NULL.
 * Returns the number listed, or -1 on a write error. */
long pp_inconsistencies_print(FILE *out, const char *doc_id, enum pp_listing_format fmt,
			      enum pp_lang lang);

#endif
