/*
 * Queries over the catalog: by port, by service name, by product and role,
 * by data path. A query fills a pp_result with matches; pp_result_print
 * renders it as an aligned table, JSON or CSV. Nothing here writes to
 * stderr: errors come back as a code and a message in the result.
 */
#ifndef PORTPLAN_QUERY_H
#define PORTPLAN_QUERY_H

#include <stdio.h>

#include "portplan/catalog.h"

enum pp_query_type {
	PP_Q_PORT,    /* ports lo-hi on transports */
	PP_Q_SERVICE, /* a service, system service or firewall-rule name */
	PP_Q_PRODUCT, /* a product, and optionally a role (or role family) */
	PP_Q_PATH,    /* data paths from one role to another */
};

struct pp_query {
	enum pp_query_type type;
	unsigned transport;   /* PP_Q_PORT: PP_TR_TCP and/or PP_TR_UDP */
	uint16_t lo, hi;      /* PP_Q_PORT */
	const char *name;     /* PP_Q_SERVICE */
	const char *product;  /* PP_Q_PRODUCT, PP_Q_PATH (optional) */
	const char *role;     /* PP_Q_PRODUCT (optional) */
	const char *from, *to; /* PP_Q_PATH; either may be NULL */
};

enum pp_match_kind {
	PP_M_SERVICE,       /* a row of a service's port table */
	PP_M_PORT_TABLE,    /* a row of 003's port-sorted summary */
	PP_M_DYNAMIC_RANGE,
	PP_M_DATA_PATH,     /* one port row of a data path */
	PP_M_FW_RULE,
	PP_M_REGISTRY_PIN,
	PP_M_LIST_ITEM,
	PP_M_FACT,
};

/* How a queried port matched: the row's own kind, or through a symbol. */
enum pp_match_how {
	PP_HOW_FIXED,
	PP_HOW_DYNAMIC,      /* inside a range picked from at run time */
	PP_HOW_CONFIGURABLE, /* a default that can be changed */
	PP_HOW_DYNAMIC_RPC,  /* through the symbolic RPC dynamic range */
	PP_HOW_ANY,          /* a rule open to every port */
	PP_HOW_EXAMPLE,      /* a registry pin whose example is this port */
	PP_HOW_NAME,         /* matched by name, role or path, not by port */
};

struct pp_match {
	enum pp_match_kind kind;
	enum pp_match_how how;
	const void *entry;           /* the pp_service, pp_data_path, ... */
	const struct pp_ports *ports; /* the row that matched, or NULL */
	size_t item;                 /* PP_M_LIST_ITEM: index in the list */
};

enum pp_query_status {
	PP_QUERY_OK = 0,
	PP_QUERY_UNKNOWN,   /* nothing by that name; near holds suggestions */
	PP_QUERY_AMBIGUOUS, /* several things by that name; near holds them */
	PP_QUERY_BAD,       /* a malformed query */
};

struct pp_result {
	struct pp_match *matches;
	size_t n, cap;
	const char **near;   /* suggestions for UNKNOWN / AMBIGUOUS */
	size_t n_near, cap_near;
	char message[256];   /* what went wrong, when status != OK */
	char title[256];     /* what was asked, in words */
};

/* Parse a port argument: "135", "135/tcp", "5060-5068/udp". A port without
 * transport means both TCP and UDP. Returns 0 on success. */
int pp_query_parse_port(const char *arg, struct pp_query *q);

/* Run q; the result's memory is the caller's to release with pp_result_free. */
enum pp_query_status pp_query_run(const struct pp_query *q, struct pp_result *r);
void pp_result_free(struct pp_result *r);

enum pp_format {
	PP_FMT_TABLE,
	PP_FMT_JSON,
	PP_FMT_CSV,
};

enum pp_lang {
	PP_LANG_EN,
	PP_LANG_JA,
};

/* Render r to out. In a table, long cells are cut to fit (with "...")
 * unless wide is set; JSON and CSV are always whole. Returns 0, or -1 when
 * writing failed. */
int pp_result_print(const struct pp_result *r, FILE *out, enum pp_format fmt, enum pp_lang lang,
		    bool wide);

/* Shared helpers, also used by other commands. */
const char *pp_match_kind_name(enum pp_match_kind kind);
const char *pp_match_how_name(enum pp_match_how how);

#endif
