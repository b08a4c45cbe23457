#include <stdlib.h>
#include <string.h>

#include "util/json.h"

int pp_json_write(const json_t *v, FILE *out)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		return -1;
	size_t n = strlen(s);
	int rc = fwrite(s, 1, n, out) == n ? 0 : -1;
	free(s);
	return rc;
}
