/* libFuzzer entry: any bytes as what a user types after `portplan query`:
 * a port, a service name, a product and role, a data path. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *second = memchr(text, '\n', size);
	if (second)
		*second++ = '\0';
	FILE *null = fopen("/dev/null", "w");
	struct pp_query queries[4];
	size_t n = 0;
	if (pp_query_parse_port(text, &queries[n]) == 0)
		n++;
	queries[n++] = (struct pp_query){.type = PP_Q_SERVICE, .name = text};
	queries[n++] = (struct pp_query){.type = PP_Q_PRODUCT, .product = text, .role = second};
	queries[n++] = (struct pp_query){.type = PP_Q_PATH, .from = text, .to = second};
	for (size_t i = 0; i < n; i++) {
		struct pp_result r;
		if (pp_query_run(&queries[i], &r) == PP_QUERY_OK && null)
			pp_result_print(&r, null, (enum pp_format)(size % 3), PP_LANG_EN, false);
		pp_result_free(&r);
	}
	if (null)
		fclose(null);
	free(text);
	return 0;
}
