/*
 * A deployment: zones, hosts and groups with their roles, RPC pins and
 * options, read from a YAML file (docs/deployment.md, portplan-deployment(5)).
 *
 * Loading never stops at the first mistake: every problem becomes a
 * diagnostic with file, line and column, and the caller prints them all.
 */
#ifndef PORTPLAN_DEPLOY_H
#define PORTPLAN_DEPLOY_H

#include <stdbool.h>
#include <stdio.h>

#include "portplan/catalog.h"
#include "portplan/plan.h"

/* ---------- diagnostics ---------- */

struct pp_diag {
	bool warning;
	unsigned line, col, end_col; /* 1-based; 0 when not tied to a place */
	char *msg;
	char *hint;                  /* "did you mean 'ldap'?", or NULL */
};

struct pp_diags {
	const char *file;
	const char *text;            /* the file's text, for the source line */
	size_t text_len;
	char *owned_text;            /* set when pp_deployment_load read it */
	struct pp_diag *v;
	size_t n, cap;
	size_t n_errors;
};

void pp_diag_add(struct pp_diags *d, bool warning, unsigned line, unsigned col, unsigned end_col,
		 const char *hint, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* "file:line:col: error: msg", the source line and a caret under the
 * columns, then the hint; in the order found. */
void pp_diags_print(const struct pp_diags *d, FILE *out);
void pp_diags_free(struct pp_diags *d);

/* ---------- the deployment ---------- */

struct pp_dep_role {
	const struct pp_role *role; /* resolved catalog role */
	unsigned line, col;
};

/* A leg of a host with two (an Edge server's internal and external side). */
struct pp_dep_iface {
	const char *name;
	const char *zone;
	struct pp_cidr *addrs;
	size_t n_addrs;
	const char *public_addr;    /* the address NAT publishes, as written */
	struct pp_dep_role *roles;  /* the roles this leg carries; none: all */
	size_t n_roles;
};

struct pp_dep_host {
	const char *name;
	bool group;                 /* a host group or client group */
	const char *zone;
	struct pp_cidr *addrs;      /* all addresses, interfaces included */
	size_t n_addrs;
	const char *windows;        /* as written, or NULL */
	enum pp_windows generation;
	struct pp_dep_role *roles;
	size_t n_roles;
	struct pp_dep_iface *ifaces;
	size_t n_ifaces;
	const char *description;
	unsigned line, col;
};

struct pp_dep_zone {
	const char *name;
	struct pp_cidr *cidrs;
	size_t n_cidrs;
	const char *description;
	unsigned line, col;
};

struct pp_dep_pin {
	const struct pp_dep_host *host;
	const struct pp_registry_pin *pin;
	uint16_t port;
	unsigned line, col;
};

enum pp_outbound { PP_OUTBOUND_ALLOW, PP_OUTBOUND_DENY };

struct pp_dep_options {
	bool netbios;          /* NetBIOS (137-139) still needed */
	bool legacy_windows;   /* hosts of unknown version may be pre-2008 */
	bool any_program;      /* Exchange's "any program" (GFW) rules are acceptable */
	bool ipsec;            /* AD traffic is IPsec-encapsulated through firewalls */
	enum pp_outbound outbound;
};

struct pp_deployment {
	const char *name;
	const char *file;
	struct pp_dep_zone *zones;
	size_t n_zones;
	struct pp_dep_host *hosts;  /* hosts and groups, in file order */
	size_t n_hosts;
	struct pp_dep_pin *pins;
	size_t n_pins;
	struct pp_dep_options options;
	struct pp_deployment_private *priv;
};

/* Parse text (named file in messages). Returns the deployment, or NULL when
 * d has errors (warnings alone do not fail). */
struct pp_deployment *pp_deployment_parse(const char *file, const char *text, size_t len,
					  struct pp_diags *d);
/* Read and parse a file; a read error is a diagnostic too. The diags own
 * the text read (for printing source lines) until pp_diags_free. */
struct pp_deployment *pp_deployment_load(const char *path, struct pp_diags *d);
void pp_deployment_free(struct pp_deployment *dep);

/* Windows generation from a version as written ("2008 R2", "XP", "10",
 * "Windows Server 2003"); PP_WIN_NONE when not recognised. */
enum pp_windows pp_windows_generation(const char *version);

#endif
