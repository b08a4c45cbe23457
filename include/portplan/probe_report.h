/* Printing probe results, and what verify makes of them. */
#ifndef PORTPLAN_PROBE_REPORT_H
#define PORTPLAN_PROBE_REPORT_H

#include <stdio.h>

#include "portplan/probe.h"

enum pp_probe_format {
	PP_PROBE_TABLE,
	PP_PROBE_JSON,
	PP_PROBE_JUNIT,
};

/* verify's judgement of one probe of a required flow. */
enum pp_probe_verdict {
	PP_VERDICT_NONE,   /* plain probe: no judgement */
	PP_VERDICT_PASS,   /* the flow works */
	PP_VERDICT_UNSURE, /* UDP without an answer: open, or dropped */
	PP_VERDICT_FAIL,   /* refused, filtered, or outside the plan */
};

const char *pp_probe_verdict_name(enum pp_probe_verdict v);
const char *pp_probe_address(const struct pp_probe_target *t, char *buf, size_t len);

/* Print results (and verdicts, when v is not NULL, and notes: a
 * NULL-terminated list of lines, or NULL). suite names the run in JSON and
 * JUnit. 0, or -1 on a write error. */
int pp_probe_print(const struct pp_probe_result *r, size_t n, const enum pp_probe_verdict *v,
		   const char *const *notes, enum pp_probe_format fmt, const char *suite, FILE *out);

#endif
