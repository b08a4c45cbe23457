/*
 * portplan: the command-line front end. Everything it does is in the
 * library; this file holds the command table, option parsing and help.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PORTPLAN_VERSION "0.1.0"

const char *const cli_formats_query[] = {"table", "json", "csv", NULL};
const char *const cli_langs[] = {"en", "ja", NULL};
static const char *const formats_incons[] = {"table", "json", "markdown", NULL};
static const char *const formats_catalog[] = {"table", "json", NULL};

static const struct cli_opt query_opts[] = {
	{"format", 'f', "FORMAT", "output format: table (default), json or csv", cli_formats_query},
	{"lang", 'l', "LANG", "names and notes in en (default) or ja, as written in the source",
	 cli_langs},
	{"from", 0, "ROLE", "data paths from this role ([product:]role, id or name, or a prefix)", NULL},
	{"to", 0, "ROLE", "data paths to this role", NULL},
	{"product", 'p', "PRODUCT", "restrict a --from/--to query to one product", NULL},
	{"port", 0, NULL, "read the argument as a port (135, 135/tcp, 5060-5068/udp)", NULL},
	{"service", 's', NULL, "read the arguments as a service name", NULL},
	{"wide", 'w', NULL, "do not cut long table cells to fit a terminal", NULL},
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

static const struct cli_opt incons_opts[] = {
	{"format", 'f', "FORMAT", "output format: table (default), json or markdown", formats_incons},
	{"lang", 'l', "LANG", "readings in en (default) or ja", cli_langs},
	{"document", 'd', "ID", "only the inconsistencies of one document (000 to 004)", NULL},
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

static const struct cli_opt catalog_opts[] = {
	{"format", 'f', "FORMAT", "output format: table (default) or json", formats_catalog},
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

static const char *const formats_plan[] = {"table", "json", NULL};

static const struct cli_opt plan_opts[] = {
	{"explain", 'e', NULL, "say why each flow exists: catalog entries, auth, encryption, program", NULL},
	{"check", 'c', NULL, "validate and plan, print a one-line summary, write nothing", NULL},
	{"format", 'f', "FORMAT", "table (default) or json", formats_plan},
	{"listeners", 'L', "FILE", "check the pins against a saved 'netstat -ano' or 'ss -ltnu'", NULL},
	{"host", 'H', "NAME", "the host whose listeners --listeners are", NULL},
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

static const struct cli_opt emit_opts[] = {
	{"target", 't', "TARGET", "what to write (see 'portplan help emit')", NULL},
	{"output", 'o', "PATH", "a file, or a directory for targets with several files", NULL},
	{"host", 'H', "NAME", "host-firewall and registry targets: only this host", NULL},
	{"listeners", 'L', "FILE", "check the pins against a saved 'netstat -ano' or 'ss -ltnu' first", NULL},
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

static const char *const formats_probe[] = {"table", "json", "junit", NULL};

#define PROBE_ENGINE_OPTS                                                                   \
	{"format", 'f', "FORMAT", "table (default), json or junit (JUnit XML for pipelines)",  \
	 formats_probe},                                                                     \
	{"connect-timeout", 0, "MS", "TCP connect timeout (default 1000)", NULL},              \
	{"write-timeout", 0, "MS", "sending a request (default 1000)", NULL},                  \
	{"read-timeout", 0, "MS", "waiting for a reply (default 2000)", NULL},                 \
	{"retries", 0, "N", "UDP: sends after a silence before giving up (default 1)", NULL},  \
	{"concurrency", 0, "N", "probes in flight at most (default 256)", NULL},               \
	{"rate", 0, "N", "new probes per second at most (default: no limit)", NULL},           \
	{"no-protocol", 0, NULL, "plain TCP connect and empty UDP datagrams only", NULL}

static const struct cli_opt probe_opts[] = {
	{"ports", 'p', "PORTS", "ports: 135,445,5060-5068/tcp,53/udp (no /tcp or /udp: both)", NULL},
	{"service", 's', "NAME", "the ports of a catalog service (Netlogon, kdc, ...)", NULL},
	{"role", 'r', "PRODUCT/ROLE", "the ports a role listens on (exchange-2010/hub-transport)", NULL},
	PROBE_ENGINE_OPTS,
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

static const struct cli_opt verify_opts[] = {
	{"from", 0, "NAME", "where this runs: a host or group of the deployment", NULL},
	PROBE_ENGINE_OPTS,
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

static const struct cli_opt help_opts[] = {
	{"help", 'h', NULL, "show this help", NULL},
	{0},
};

/* Sorted by name: the help lists them in this order. */
const struct cli_cmd cli_commands[] = {
	{"catalog", cmd_catalog, "[--format FORMAT]",
	 "show what the catalog holds, per source document",
	 "Counts the catalog's entries per source document and kind: services and their\n"
	 "rows, summary-table rows, data paths, firewall rules, registry pins, RPC\n"
	 "interfaces, lists, facts and resolved inconsistencies.",
	 catalog_opts},
	{"emit", cmd_emit, "--target TARGET [-o PATH] DEPLOYMENT.yaml",
	 "write the plan as firewall rules, registry files or a report",
	 "Targets: nft (nftables), iptables (iptables-restore, IPv4 and IPv6), wfw-ps\n"
	 "(PowerShell New-NetFirewallRule, per host), netsh (per host), asa (Cisco ASA),\n"
	 "pf (pf.conf), capirca (policy and naming definitions), reg (registry values\n"
	 "that pin RPC ports, per host), json, markdown, html (report with a diagram).\n"
	 "Network targets take the flows that cross zones; host targets the flows into\n"
	 "each Windows host. Files are written all or nothing; with one file and no -o\n"
	 "it goes to standard output. Names from the deployment are escaped for every\n"
	 "target.",
	 emit_opts},
	{"help", cmd_help, "[COMMAND]", "show help for portplan or one command",
	 "Without an argument, lists the commands; with one, shows its options.", help_opts},
	{"inconsistencies", cmd_inconsistencies, "[--document ID] [--format FORMAT]",
	 "list every contradiction and typo in the sources, and how it was read",
	 "The source documents contradict themselves and each other in places: footnote\n"
	 "digits glued to port numbers, misspelled protocols, ports that differ between\n"
	 "tables, garbled sentences. Each one was resolved on purpose; this lists what\n"
	 "the source says, how portplan reads it and why, and which entries use it.",
	 incons_opts},
	{"plan", cmd_plan, "[--explain | --check | --format json] DEPLOYMENT.yaml",
	 "the exact flows a deployment needs",
	 "Reads a deployment (zones, hosts and groups with roles and Windows versions,\n"
	 "RPC pins, options; see portplan-deployment(5)) and prints every flow it\n"
	 "needs: source, destination, transport, ports, where it is enforced, and why.\n"
	 "Dynamic RPC resolves to 49152-65535 or 1025-5000 by the destination's Windows\n"
	 "version, or to its pinned ports. Flows are merged: ports joined into ranges,\n"
	 "sources with the same needs into one, addresses into the fewest CIDRs.\n"
	 "Every mistake in the file is reported as file:line:column with the line.\n"
	 "Exit status: 0 planned, 1 errors in the file or conflicting pins, 2 usage.",
	 plan_opts},
	{"probe", cmd_probe, "[OPTIONS] HOST...",
	 "check ports the way PortQry does, with protocol-aware requests",
	 "Probes every port of every host at once (non-blocking, no root needed) and\n"
	 "says, as PortQry does, LISTENING, NOT LISTENING, FILTERED or, for UDP without\n"
	 "an answer, LISTENING OR FILTERED. Known services get a real request and their\n"
	 "reply decoded: DNS, LDAP and CLDAP, NetBIOS name service, SNMP, NTP, Kerberos,\n"
	 "SIP, STUN, SMB, XMPP, and the RPC endpoint mapper on 135/tcp, whose whole list\n"
	 "of registered endpoints is printed. Without ports, 135/tcp is probed.\n"
	 "Ctrl-C stops and prints what was found so far (exit status 130).",
	 probe_opts},
	{"query", cmd_query, "[OPTIONS] PORT | SERVICE | PRODUCT [ROLE] | --from ROLE --to ROLE",
	 "what uses a port, what a service needs, what flows between roles",
	 "By port:     portplan query 135/tcp      (5060 means both tcp and udp;\n"
	 "                                         ranges like 5060-5068/tcp)\n"
	 "             Services whose dynamic or configurable ranges contain the port\n"
	 "             are listed and marked as such in the MATCH column.\n"
	 "By service:  portplan query Netlogon     (friendly name, system service name,\n"
	 "             Japanese name, firewall rule name; case-insensitive; an\n"
	 "             unambiguous prefix is enough)\n"
	 "By role:     portplan query exchange-2010 hub-transport\n"
	 "             portplan query lync-2013 edge   (a prefix names a family of roles)\n"
	 "By path:     portplan query --from hub-transport --to edge-transport\n"
	 "             lists the data paths with their authentication and encryption,\n"
	 "             the vendor firewall rules that admit them and the registry pins\n"
	 "             that apply.\n"
	 "Every answer shows its source: document, line and section as written.\n"
	 "Exit status: 0 with an answer, 1 when nothing matches a port, 2 for an unknown\n"
	 "or ambiguous name (the near matches are listed) or a usage error.",
	 query_opts},
	{"verify", cmd_verify, "--from NAME [OPTIONS] DEPLOYMENT.yaml",
	 "probe exactly the flows of a plan that start where this runs",
	 "Plans the deployment, takes the flows whose source is NAME (a host, or a group\n"
	 "it belongs to) and probes each destination port. For dynamic RPC it asks the\n"
	 "destination's endpoint mapper which ports it really handed out, fails the ones\n"
	 "outside the plan (what pinning RPC ports is for) and probes the rest. Wide\n"
	 "media ranges and networks are reported, not probed.\n"
	 "Exit status: 0 every required flow works, 1 one fails, 2 usage.",
	 verify_opts},
};
const size_t cli_n_commands = sizeof cli_commands / sizeof *cli_commands;

void cli_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "portplan%s%s: ", cmd ? " " : "", cmd ? cmd->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_command_help(const struct cli_cmd *cmd, FILE *out)
{
	fprintf(out, "usage: portplan %s %s\n\n%s\n\n%s\n\noptions:\n", cmd->name, cmd->usage,
		cmd->summary, cmd->description);
	for (const struct cli_opt *o = cmd->opts; o->name; o++) {
		char left[64];
		if (o->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(out, "  %-24s %s\n", left, o->help);
	}
}

static void list_opts(const struct cli_cmd *cmd, FILE *out)
{
	fputs("valid options:", out);
	for (const struct cli_opt *o = cmd->opts; o->name; o++)
		fprintf(out, " --%s", o->name);
	fputc('\n', out);
}

int cli_choice(const struct cli_cmd *cmd, const char *opt, const char *const *choices,
	       const char *value)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], value) == 0)
			return i;
	cli_error(cmd, "invalid value '%s' for --%s", value, opt);
	fputs("valid values:", stderr);
	for (int i = 0; choices[i]; i++)
		fprintf(stderr, " %s", choices[i]);
	fputc('\n', stderr);
	return -1;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
	      int (*on_opt)(int opt, const char *arg, void *ctx), void *ctx)
{
	struct option longopts[32];
	char shortopts[64];
	size_t n = 0, s = 0;
	shortopts[s++] = ':'; /* report a missing argument as ':' */
	for (const struct cli_opt *o = cmd->opts; o->name && n + 1 < 32; o++, n++) {
		longopts[n] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
					      256 + (int)n};
		if (o->short_name && s + 3 < sizeof shortopts) {
			shortopts[s++] = (char)o->short_name;
			if (o->arg)
				shortopts[s++] = ':';
		}
	}
	longopts[n] = (struct option){0};
	shortopts[s] = '\0';
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int idx = -1;
		if (c >= 256) {
			idx = c - 256;
		} else if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];
			if (c == ':')
				cli_error(cmd, "option '%s' needs an argument", bad);
			else if (optopt)
				cli_error(cmd, "unknown option '-%c'", optopt);
			else
				cli_error(cmd, "unknown option '%s'", bad);
			list_opts(cmd, stderr);
			return -1;
		} else {
			for (size_t i = 0; i < n; i++)
				if (cmd->opts[i].short_name == c)
					idx = (int)i;
		}
		if (idx < 0)
			return -1;
		const struct cli_opt *o = &cmd->opts[idx];
		if (strcmp(o->name, "help") == 0) {
			cli_command_help(cmd, stdout);
			return -2;
		}
		if (o->choices && cli_choice(cmd, o->name, o->choices, optarg) < 0)
			return -1;
		if (on_opt(idx, optarg, ctx) != 0)
			return -1;
	}
	return optind;
}

static void main_help(FILE *out)
{
	fprintf(out, "usage: portplan COMMAND [OPTIONS] [ARGS]\n\n"
		     "portplan knows which ports Windows, Active Directory, Exchange and Lync\n"
		     "servers need, from five Microsoft documents compiled into its catalog.\n\n"
		     "commands:\n");
	for (size_t i = 0; i < cli_n_commands; i++)
		fprintf(out, "  %-16s %s\n", cli_commands[i].name, cli_commands[i].summary);
	fprintf(out, "\n'portplan help COMMAND' or 'portplan COMMAND --help' shows a command's options.\n"
		     "'portplan --version' prints the version.\n");
}

static const struct cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < cli_n_commands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

static void list_commands(FILE *out)
{
	fputs("valid commands:", out);
	for (size_t i = 0; i < cli_n_commands; i++)
		fprintf(out, " %s", cli_commands[i].name);
	fputc('\n', out);
}

static int no_opts(int opt, const char *arg, void *ctx)
{
	(void)opt, (void)arg, (void)ctx;
	return 0;
}

int cmd_help(const struct cli_cmd *cmd, int argc, char **argv)
{
	int i = cli_parse(cmd, argc, argv, no_opts, NULL);
	if (i < 0)
		return i == -2 ? EXIT_OK : EXIT_USAGE;
	if (i >= argc) {
		main_help(stdout);
		return EXIT_OK;
	}
	const struct cli_cmd *c = find_command(argv[i]);
	if (!c) {
		cli_error(cmd, "unknown command '%s'", argv[i]);
		list_commands(stderr);
		return EXIT_USAGE;
	}
	cli_command_help(c, stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		main_help(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		main_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("portplan %s\n", PORTPLAN_VERSION);
		return EXIT_OK;
	}
	const struct cli_cmd *cmd = find_command(name);
	if (!cmd) {
		if (name[0] == '-')
			cli_error(NULL, "unknown option '%s'", name);
		else
			cli_error(NULL, "unknown command '%s'", name);
		list_commands(stderr);
		return EXIT_USAGE;
	}
	int rc = cmd->run(cmd, argc - 1, argv + 1);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(cmd, "cannot write the output");
		return EXIT_FAIL;
	}
	return rc;
}
