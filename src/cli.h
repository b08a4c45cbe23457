/*
 * The command table and the option tables: one description of each
 * subcommand and option drives dispatch, getopt_long and --help alike.
 */
#ifndef PORTPLAN_CLI_H
#define PORTPLAN_CLI_H

#include <stdbool.h>
#include <stdio.h>

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_opt {
	const char *name;   /* long name, without "--" */
	int short_name;     /* a letter, or 0 */
	const char *arg;    /* argument placeholder, or NULL for a flag */
	const char *help;
	const char *const *choices; /* for arguments with a fixed set of values */
};

struct cli_cmd {
	const char *name;
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
	const char *usage;   /* after "portplan NAME " */
	const char *summary; /* one line */
	const char *description;
	const struct cli_opt *opts; /* terminated by a zero entry */
};

extern const struct cli_cmd cli_commands[];
extern const size_t cli_n_commands;

/* Parse argv against cmd's options: calls on_opt(index into cmd->opts,
 * optarg, ctx) for each; returns optind, or -1 after printing a usage error
 * that lists the valid choices. --help prints the command's help and
 * returns -2. */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
	      int (*on_opt)(int opt, const char *arg, void *ctx), void *ctx);

void cli_command_help(const struct cli_cmd *cmd, FILE *out);
int cli_choice(const struct cli_cmd *cmd, const char *opt, const char *const *choices,
	       const char *value);

__attribute__((format(printf, 2, 3)))
void cli_error(const struct cli_cmd *cmd, const char *fmt, ...);

int cmd_query(const struct cli_cmd *cmd, int argc, char **argv);
int cmd_catalog(const struct cli_cmd *cmd, int argc, char **argv);
int cmd_inconsistencies(const struct cli_cmd *cmd, int argc, char **argv);
int cmd_help(const struct cli_cmd *cmd, int argc, char **argv);
int cmd_plan(const struct cli_cmd *cmd, int argc, char **argv);
int cmd_emit(const struct cli_cmd *cmd, int argc, char **argv);
int cmd_probe(const struct cli_cmd *cmd, int argc, char **argv);
int cmd_verify(const struct cli_cmd *cmd, int argc, char **argv);

extern const char *const cli_formats_query[];
extern const char *const cli_langs[];

#endif
