/* libFuzzer entry: any bytes as a saved `netstat -ano` / `ss -ltnu`
 * listing, checked against the pins of a fixed deployment. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/planner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char deployment[] =
	"deployment: fuzz\n"
	"zones: [{name: a, cidrs: [10.0.0.0/8]}]\n"
	"hosts:\n"
	"  - {name: dc1, zone: a, addresses: [10.0.0.1], windows: '2003', roles: [windows/domain-controller]}\n"
	"pins: [{host: dc1, pin: exsp-pin-dc-ntds, port: 5700}]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pp_deployment *dep;
	if (!dep) {
		struct pp_diags d = {0};
		dep = pp_deployment_parse("fuzz.yaml", deployment, sizeof deployment - 1, &d);
		pp_diags_free(&d);
		if (!dep)
			abort();
	}
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct pp_diags d = {0};
	pp_plan_check_listeners(dep, size % 2 ? "dc1" : NULL, "listing.txt", text, size, &d);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		pp_diags_print(&d, null);
		fclose(null);
	}
	pp_diags_free(&d);
	free(text);
	return 0;
}
