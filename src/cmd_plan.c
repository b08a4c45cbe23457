/* portplan plan and portplan emit: deployment file -> plan -> files. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "output.h"
#include "portplan/emit.h"
#include "portplan/planner.h"
#include "portplan/query.h"

struct plan_args {
	const struct cli_cmd *cmd;
	bool explain, check, json;
	const char *target, *out, *host, *listeners;
	bool any_program;
};

static int on_opt(int opt, const char *arg, void *ctx)
{
	struct plan_args *a = ctx;
	const char *name = a->cmd->opts[opt].name;
	if (strcmp(name, "explain") == 0)
		a->explain = true;
	else if (strcmp(name, "check") == 0)
		a->check = true;
	else if (strcmp(name, "format") == 0)
		a->json = strcmp(arg, "json") == 0;
	else if (strcmp(name, "target") == 0)
		a->target = arg;
	else if (strcmp(name, "output") == 0)
		a->out = arg;
	else if (strcmp(name, "host") == 0)
		a->host = arg;
	else if (strcmp(name, "listeners") == 0)
		a->listeners = arg;
	return 0;
}

/* Load and plan FILE, printing every diagnostic. NULL on errors. */
static struct pp_plan *load_plan(const struct cli_cmd *cmd, const char *file, const char *listeners,
				 const char *host, struct pp_deployment **dep_out)
{
	struct pp_diags d = {0};
	struct pp_deployment *dep = pp_deployment_load(file, &d);
	struct pp_plan *plan = dep ? pp_plan_build(dep, &d) : NULL;
	pp_diags_print(&d, stderr);
	if (!plan && d.n_errors)
		cli_error(cmd, "%zu error%s in '%s'", d.n_errors, d.n_errors == 1 ? "" : "s", file);
	pp_diags_free(&d);
	if (plan && listeners) {
		struct pp_diags l = {0};
		FILE *fp = fopen(listeners, "rb");
		char *text = NULL;
		size_t len = 0;
		if (fp) {
			text = malloc(1u << 24);
			len = text ? fread(text, 1, (1u << 24) - 1, fp) : 0;
			fclose(fp);
		}
		if (!text) {
			cli_error(cmd, "cannot read '%s'", listeners);
			pp_plan_free(plan);
			plan = NULL;
		} else {
			text[len] = '\0';
			size_t conflicts = pp_plan_check_listeners(dep, host, listeners, text, len, &l);
			pp_diags_print(&l, stderr);
			if (conflicts || l.n_errors) {
				pp_plan_free(plan);
				plan = NULL;
			}
			pp_diags_free(&l);
			free(text);
		}
	}
	if (plan && dep_out)
		*dep_out = dep;
	else
		pp_deployment_free(dep);
	return plan;
}

static const char *enforce_text(unsigned e)
{
	switch (e) {
	case PP_ENF_HOST: return "host";
	case PP_ENF_BOUNDARY: return "boundary";
	case PP_ENF_HOST | PP_ENF_BOUNDARY: return "host+boundary";
	}
	return "none";
}

static void ports_text(const struct pp_flow *f, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f->n_ports && n + 16 < len; i++)
		n += (size_t)snprintf(buf + n, len - n, f->ports[i].lo == f->ports[i].hi ? "%s%u" : "%s%u-%u",
				      i ? "," : "", f->ports[i].lo, f->ports[i].hi);
	if (!f->n_ports)
		snprintf(buf, len, "-");
}

/* Names come from the deployment file: no control byte reaches the
 * terminal (an escape sequence could rewrite what the user sees). */
static const char *clean(const char *s, char *buf, size_t len)
{
	size_t n = 0;
	for (; s && *s && n + 1 < len; s++)
		buf[n++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
	buf[n] = '\0';
	return buf;
}

static void print_plan(const struct pp_plan *plan, bool explain)
{
	char a[256], b[256];
	printf("%s: %zu flows, %zu registry values\n", clean(plan->name, a, sizeof a), plan->n_flows,
	       plan->n_reg_values);
	printf("%-5s %-28s %-28s %-9s %-24s %-13s %s\n", "ID", "FROM", "TO", "TRANSPORT", "PORTS",
	       "ENFORCED", "WHAT");
	for (size_t i = 0; i < plan->n_flows; i++) {
		const struct pp_flow *f = &plan->flows[i];
		char ports[256];
		ports_text(f, ports, sizeof ports);
		if (f->rpc & PP_RPC_DYNAMIC)
			strncat(ports, " (RPC)", sizeof ports - strlen(ports) - 1);
		else if (f->rpc & PP_RPC_PINNED)
			strncat(ports, " (pinned)", sizeof ports - strlen(ports) - 1);
		printf("%-5s %-28.28s %-28.28s %-9s %-24s %-13s %s\n", f->id, clean(f->src->name, a, sizeof a),
		       clean(f->dst->name, b, sizeof b), pp_transport_name(f->transport), ports,
		       enforce_text(f->enforce), f->name);
		if (explain) {
			if (f->auth.en || f->encryption.en)
				printf("      auth: %s; encryption: %s\n", f->auth.en ? f->auth.en : "-",
				       f->encryption.en ? f->encryption.en : "-");
			if (f->program)
				printf("      program: %s\n", f->program);
			/* The explanation is "ref: why; ref: why": one per line. */
			const char *p = f->explain ? f->explain : "";
			while (*p) {
				size_t n = strcspn(p, ";");
				printf("      because %.*s\n", (int)n, p);
				p += n;
				while (*p == ';' || *p == ' ')
					p++;
			}
		}
	}
	for (size_t i = 0; i < plan->n_reg_values; i++) {
		const struct pp_reg_value *v = &plan->reg_values[i];
		printf("pin  %s: %s\\%s = %u (%s)\n", clean(v->host->name, a, sizeof a), v->key, v->value_name,
		       v->data, v->pin);
	}
}

static int emit_to(const struct cli_cmd *cmd, const struct pp_plan *plan, const char *target,
		   const char *out, const char *host, bool any_program, bool to_stdout_ok)
{
	const struct pp_emitter *e = pp_emitter_find(target);
	if (!e) {
		cli_error(cmd, "unknown target '%s'", target);
		fputs("valid targets:", stderr);
		for (size_t i = 0; pp_emitters[i]; i++)
			fprintf(stderr, " %s", pp_emitters[i]->name);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	struct pp_emit_options opt = {host, any_program};
	struct pp_emit_out files = {0};
	char err[512] = "";
	int rc = EXIT_OK;
	if (e->emit(plan, &opt, &files, err, sizeof err) != 0) {
		cli_error(cmd, "%s: %s", e->name, err);
		rc = EXIT_FAIL;
	}
	for (size_t i = 0; rc == EXIT_OK && i < files.n_files; i++)
		if (files.files[i].buf.failed) {
			cli_error(cmd, "%s: out of memory", e->name);
			rc = EXIT_FAIL;
		}
	if (rc == EXIT_OK && files.n_files == 0) {
		fprintf(stderr, "portplan %s: %s: nothing to write for this plan\n", cmd->name, e->name);
	} else if (rc == EXIT_OK && !out) {
		if (files.n_files > 1 || !to_stdout_ok) {
			cli_error(cmd, "%s writes %zu files; give -o DIRECTORY", e->name, files.n_files);
			rc = EXIT_USAGE;
		} else {
			fwrite(files.files[0].buf.data, 1, files.files[0].buf.len, stdout);
		}
	} else if (rc == EXIT_OK) {
		/* -o names the file when there is one and PATH is not a
		 * directory; otherwise a directory to write them under. */
		struct stat st;
		bool dir = files.n_files > 1 || (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) ||
			   out[strlen(out) - 1] == '/';
		struct output_file *v = calloc(files.n_files, sizeof *v);
		char (*paths)[4096] = calloc(files.n_files, sizeof *paths);
		if (!v || !paths) {
			rc = EXIT_FAIL;
		} else {
			for (size_t i = 0; i < files.n_files; i++) {
				if (dir)
					snprintf(paths[i], sizeof paths[i], "%s%s%s", out,
						 out[strlen(out) - 1] == '/' ? "" : "/", files.files[i].path);
				else
					snprintf(paths[i], sizeof paths[i], "%s", out);
				v[i] = (struct output_file){paths[i], files.files[i].buf.data, files.files[i].buf.len};
			}
			if (output_write(v, files.n_files, err, sizeof err) != 0) {
				cli_error(cmd, "%s", err);
				rc = EXIT_FAIL;
			} else {
				for (size_t i = 0; i < files.n_files; i++)
					fprintf(stderr, "wrote %s\n", paths[i]);
			}
		}
		free(v);
		free(paths);
	}
	pp_emit_out_free(&files);
	return rc;
}

int cmd_plan(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct plan_args a = {.cmd = cmd};
	int i = cli_parse(cmd, argc, argv, on_opt, &a);
	if (i < 0)
		return i == -2 ? EXIT_OK : EXIT_USAGE;
	if (argc - i != 1) {
		cli_error(cmd, argc - i ? "give one deployment file" : "which deployment file?");
		return EXIT_USAGE;
	}
	struct pp_plan *plan = load_plan(cmd, argv[i], a.listeners, a.host, NULL);
	if (!plan)
		return EXIT_FAIL;
	int rc = EXIT_OK;
	if (a.check)
		printf("%s: ok: %zu flows, %zu registry values, %zu warnings\n", argv[i], plan->n_flows,
		       plan->n_reg_values, plan->n_warnings);
	else if (a.json)
		rc = emit_to(cmd, plan, "json", NULL, NULL, false, true);
	else
		print_plan(plan, a.explain);
	pp_plan_free(plan);
	return rc;
}

int cmd_emit(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct plan_args a = {.cmd = cmd};
	int i = cli_parse(cmd, argc, argv, on_opt, &a);
	if (i < 0)
		return i == -2 ? EXIT_OK : EXIT_USAGE;
	if (!a.target) {
		cli_error(cmd, "which target? give --target");
		fputs("valid targets:", stderr);
		for (size_t k = 0; pp_emitters[k]; k++)
			fprintf(stderr, " %s", pp_emitters[k]->name);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	if (argc - i != 1) {
		cli_error(cmd, argc - i ? "give one deployment file" : "which deployment file?");
		return EXIT_USAGE;
	}
	if (!pp_emitter_find(a.target))
		return emit_to(cmd, NULL, a.target, NULL, NULL, false, false);
	struct pp_deployment *dep = NULL;
	struct pp_plan *plan = load_plan(cmd, argv[i], a.listeners, a.host, &dep);
	if (!plan)
		return EXIT_FAIL;
	int rc = emit_to(cmd, plan, a.target, a.out, a.host, dep->options.any_program, true);
	pp_plan_free(plan);
	pp_deployment_free(dep);
	return rc;
}
