/* portplan query: parse the arguments into a pp_query and print the result. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "portplan/query.h"

struct query_args {
	enum pp_format format;
	enum pp_lang lang;
	const char *from, *to, *product;
	bool force_port, force_service, wide;
};

static int on_opt(int opt, const char *arg, void *ctx)
{
	struct query_args *a = ctx;
	switch (opt) {
	case 0: a->format = (enum pp_format)cli_choice(NULL, "format", cli_formats_query, arg); break;
	case 1: a->lang = (enum pp_lang)cli_choice(NULL, "lang", cli_langs, arg); break;
	case 2: a->from = arg; break;
	case 3: a->to = arg; break;
	case 4: a->product = arg; break;
	case 5: a->force_port = true; break;
	case 6: a->force_service = true; break;
	case 7: a->wide = true; break;
	}
	return 0;
}

/* A product id, exactly (case-insensitively): then the query is by role. */
static bool is_product(const char *s)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; i < c->n_products; i++)
		if (strcasecmp(c->products[i].id, s) == 0)
			return true;
	return false;
}

int cmd_query(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct query_args a = {PP_FMT_TABLE, PP_LANG_EN, NULL, NULL, NULL, false, false, false};
	int i = cli_parse(cmd, argc, argv, on_opt, &a);
	if (i < 0)
		return i == -2 ? EXIT_OK : EXIT_USAGE;
	int n = argc - i;
	char **args = argv + i;

	struct pp_query q = {0};
	char *joined = NULL;
	if (a.from || a.to) {
		q.type = PP_Q_PATH;
		q.from = a.from;
		q.to = a.to;
		q.product = a.product;
		if (n == 1 && !a.product)
			q.product = args[0];
		else if (n > 0) {
			cli_error(cmd, "a --from/--to query takes no other argument than a product");
			return EXIT_USAGE;
		}
	} else if (n == 0) {
		cli_error(cmd, "what to look up? give a port, a service, a product and role, or --from/--to");
		fprintf(stderr, "try: portplan query 135/tcp | Netlogon | exchange-2010 hub-transport\n");
		return EXIT_USAGE;
	} else if (!a.force_service && n == 1 && pp_query_parse_port(args[0], &q) == 0) {
		/* q filled in */
	} else if (a.force_port) {
		cli_error(cmd, "bad port '%s' (expected PORT, LO-HI, optionally /tcp or /udp, within 0-65535)",
			  args[0]);
		return EXIT_USAGE;
	} else if (!a.force_service && (n <= 2 && (is_product(args[0]) || a.product))) {
		q.type = PP_Q_PRODUCT;
		q.product = a.product ? a.product : args[0];
		q.role = a.product ? (n >= 1 ? args[0] : NULL) : (n == 2 ? args[1] : NULL);
		if (a.product && n > 1) {
			cli_error(cmd, "give one role with --product");
			return EXIT_USAGE;
		}
	} else {
		size_t len = 0;
		for (int k = 0; k < n; k++)
			len += strlen(args[k]) + 1;
		joined = calloc(1, len + 1);
		if (!joined)
			return EXIT_FAIL;
		for (int k = 0; k < n; k++) {
			if (k)
				strcat(joined, " ");
			strcat(joined, args[k]);
		}
		q.type = PP_Q_SERVICE;
		q.name = joined;
	}

	struct pp_result r;
	enum pp_query_status st = pp_query_run(&q, &r);
	int rc = EXIT_OK;
	if (st != PP_QUERY_OK) {
		cli_error(cmd, "%s", r.message);
		if (r.n_near) {
			fprintf(stderr, "%s:\n", st == PP_QUERY_AMBIGUOUS ? "it could be" : "did you mean");
			for (size_t k = 0; k < r.n_near && k < 20; k++)
				fprintf(stderr, "  %s\n", r.near[k]);
			if (r.n_near > 20)
				fprintf(stderr, "  ... and %zu more\n", r.n_near - 20);
		}
		rc = st == PP_QUERY_BAD ? EXIT_FAIL : EXIT_USAGE;
	} else {
		if (pp_result_print(&r, stdout, a.format, a.lang, a.wide) != 0)
			rc = EXIT_FAIL;
		else if (r.n == 0)
			rc = EXIT_FAIL;
	}
	pp_result_free(&r);
	free(joined);
	return rc;
}
