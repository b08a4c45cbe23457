/* libFuzzer entry: any bytes as a deployment file, then planned. The parser
 * must report, never crash, leak or read out of bounds; the planner must
 * take whatever the parser accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/planner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct pp_diags d = {0};
	struct pp_deployment *dep = pp_deployment_parse("fuzz.yaml", text, size, &d);
	if (dep) {
		struct pp_plan *plan = pp_plan_build(dep, &d);
		pp_plan_free(plan);
		pp_deployment_free(dep);
	}
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		pp_diags_print(&d, null);
		fclose(null);
	}
	pp_diags_free(&d);
	free(text);
	return 0;
}
