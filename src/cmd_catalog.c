/* portplan catalog and portplan inconsistencies: whole-catalog listings. */
#include <string.h>

#include "cli.h"
#include "portplan/report.h"

struct listing_args {
	const struct cli_cmd *cmd;
	enum pp_listing_format format;
	enum pp_lang lang;
	const char *document;
};

static int on_opt(int opt, const char *arg, void *ctx)
{
	struct listing_args *a = ctx;
	const char *name = a->cmd->opts[opt].name;
	if (strcmp(name, "format") == 0)
		a->format = strcmp(arg, "json") == 0 ? PP_LIST_JSON
			  : strcmp(arg, "markdown") == 0 ? PP_LIST_MARKDOWN
							  : PP_LIST_TABLE;
	else if (strcmp(name, "lang") == 0)
		a->lang = strcmp(arg, "ja") == 0 ? PP_LANG_JA : PP_LANG_EN;
	else if (strcmp(name, "document") == 0)
		a->document = arg;
	return 0;
}

/* Options only, no arguments. Returns -1 to go on, or the exit status. */
static int parse(const struct cli_cmd *cmd, int argc, char **argv, struct listing_args *a)
{
	*a = (struct listing_args){cmd, PP_LIST_TABLE, PP_LANG_EN, NULL};
	int i = cli_parse(cmd, argc, argv, on_opt, a);
	if (i < 0)
		return i == -2 ? EXIT_OK : EXIT_USAGE;
	if (i < argc) {
		cli_error(cmd, "unexpected argument '%s'", argv[i]);
		return EXIT_USAGE;
	}
	return -1;
}

int cmd_catalog(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct listing_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	return pp_catalog_stats_print(stdout, a.format) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_inconsistencies(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct listing_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (a.document && !pp_document_find(a.document)) {
		const struct pp_catalog *c = pp_catalog();
		cli_error(cmd, "unknown document '%s'", a.document);
		fputs("valid documents:", stderr);
		for (size_t k = 0; k < c->n_documents; k++)
			fprintf(stderr, " %s", c->documents[k].id);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	return pp_inconsistencies_print(stdout, a.document, a.format, a.lang) < 0 ? EXIT_FAIL : EXIT_OK;
}
