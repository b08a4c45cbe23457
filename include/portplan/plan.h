/*
 * A plan: the exact flows a deployment needs, ready for the emitters.
 *
 * Endpoints are the deployment's hosts, groups and zones with their
 * addresses; flows say who talks to whom on which transport and ports, why
 * (catalog references), and where the traffic is enforced. Registry values
 * pin RPC services to static ports. Everything a plan points to lives in its
 * arena and goes with pp_plan_free.
 *
 * The planner (pp_plan_build, in plan/) fills plans from a deployment; tests
 * and tools may also build them by hand with the pp_plan_add_* functions.
 */
#ifndef PORTPLAN_PLAN_H
#define PORTPLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "portplan/catalog.h"

/* ---------- addresses ---------- */

struct pp_cidr {
	uint8_t family; /* 4 or 6 */
	uint8_t prefix; /* 0-32 or 0-128 */
	uint8_t addr[16]; /* network byte order; host bits are zero */
};

#define PP_CIDR_STRLEN 64

/* Parse "10.0.0.0/8", "192.0.2.1" (a /32), "2001:db8::/32", "::1".
 * Host bits set below the prefix are an error (0 ok, -1 error). */
int pp_cidr_parse(const char *s, struct pp_cidr *out);
/* "10.0.0.0/8"; a single address keeps its /32 or /128 only if full is set. */
const char *pp_cidr_format(const struct pp_cidr *c, char buf[PP_CIDR_STRLEN], bool full);
bool pp_cidr_contains(const struct pp_cidr *outer, const struct pp_cidr *inner);
int pp_cidr_compare(const struct pp_cidr *a, const struct pp_cidr *b);

/* Sort, drop contained blocks, join neighbours: the fewest CIDRs that cover
 * exactly the same addresses. Works in place; returns the new count. */
size_t pp_cidr_merge(struct pp_cidr *v, size_t n);

/* Sort and join overlapping or adjacent port ranges; returns the new count. */
size_t pp_ranges_merge(struct pp_range *v, size_t n);

/* ---------- endpoints ---------- */

enum pp_endpoint_kind {
	PP_EP_HOST,   /* one server (maybe with two interfaces) */
	PP_EP_GROUP,  /* a host group or a client group */
	PP_EP_ZONE,   /* a whole zone */
	PP_EP_ANY,    /* any address: the catalog's "任意" / network:any */
};

/* Windows generation, which decides the RPC dynamic range. */
enum pp_windows {
	PP_WIN_NONE = 0,  /* not Windows, or not said */
	PP_WIN_LEGACY,    /* 2000, XP, Server 2003: 1025-5000 */
	PP_WIN_MODERN,    /* Vista, Server 2008 and later: 49152-65535 */
	PP_WIN_MIXED,     /* a group with both */
};

struct pp_endpoint {
	const char *name;           /* from the deployment file: untrusted text */
	enum pp_endpoint_kind kind;
	const char *zone;           /* zone name; NULL for PP_EP_ANY */
	const struct pp_cidr *addrs;
	size_t n_addrs;
	enum pp_windows windows;
	const char *windows_as_written; /* "2008 R2", ... or NULL */
	const char *description;    /* untrusted text, or NULL */
	/* A group the planner made to merge flows from several sources into
	 * one: the endpoints it stands for (NULL, 0 otherwise). */
	const struct pp_endpoint *const *members;
	size_t n_members;
};

/* ---------- flows ---------- */

/* Where a flow is enforced. A flow that crosses zones is enforced at the
 * boundary and on the destination host. */
enum pp_enforce {
	PP_ENF_HOST = 1 << 0,     /* inbound on the destination host's firewall */
	PP_ENF_BOUNDARY = 1 << 1, /* at the firewall between src_zone and dst_zone */
};

/* Which RPC keywords fit a flow (Windows Firewall's RPC / RPCEPMap). */
enum pp_rpc {
	PP_RPC_EPMAP = 1 << 0,   /* the flow includes 135 for the endpoint mapper */
	PP_RPC_DYNAMIC = 1 << 1, /* the flow includes the RPC dynamic range */
	PP_RPC_PINNED = 1 << 2,  /* the RPC ports are pinned static ports */
};

struct pp_flow {
	const char *id;             /* "f001", stable for a given deployment */
	const char *name;           /* short, built from catalog words: "SMTP" */
	const struct pp_endpoint *src, *dst;
	const struct pp_cidr *src_addrs; /* merged */
	size_t n_src_addrs;
	const struct pp_cidr *dst_addrs;
	size_t n_dst_addrs;
	unsigned transport;         /* exactly one PP_TR_* bit */
	const struct pp_range *ports; /* merged; none for icmp/gre/ah/esp */
	size_t n_ports;
	unsigned enforce;           /* enum pp_enforce bits */
	const char *src_zone, *dst_zone;
	unsigned rpc;               /* enum pp_rpc bits */
	const char *program;        /* a vendor rule's program, or NULL */
	struct pp_text auth;        /* expected authentication, or NULLs */
	struct pp_text encryption;  /* expected encryption, or NULLs */
	const char *const *refs;    /* catalog ids that require the flow */
	size_t n_refs;
	const char *explain;        /* why, in a sentence (plan --explain) */
};

/* ---------- registry values that pin RPC ports ---------- */

struct pp_reg_value {
	const struct pp_endpoint *host;
	const char *key;            /* HKEY_LOCAL_MACHINE\... */
	const char *value_name;     /* "TCP/IP Port" */
	const char *value_type;     /* REG_DWORD */
	uint32_t data;              /* the port */
	const char *pin;            /* registry_pins id */
	const char *product;        /* the product version it is for */
};

/* ---------- the plan ---------- */

struct pp_plan {
	const char *name;           /* deployment name: untrusted text */
	const char *source_file;
	struct pp_endpoint **endpoints; /* each stays put: flows point to them */
	size_t n_endpoints;
	struct pp_flow *flows;
	size_t n_flows;
	struct pp_reg_value *reg_values;
	size_t n_reg_values;
	const char **warnings;
	size_t n_warnings;
	struct pp_plan_private *priv; /* arena and growth state */
};

struct pp_plan *pp_plan_new(const char *name);
void pp_plan_free(struct pp_plan *plan);

/* Copies strings and arrays into the plan. addrs is a comma-separated list
 * of CIDRs ("10.0.0.1, 10.0.1.0/24"). Returns NULL on a bad address. */
struct pp_endpoint *pp_plan_add_endpoint(struct pp_plan *plan, const char *name,
					 enum pp_endpoint_kind kind, const char *zone,
					 const char *addrs);
/* The same with addresses already parsed; they are copied and merged. */
struct pp_endpoint *pp_plan_add_endpoint_cidrs(struct pp_plan *plan, const char *name,
					       enum pp_endpoint_kind kind, const char *zone,
					       const struct pp_cidr *addrs, size_t n_addrs);
/* Copies *flow, its strings and arrays (addresses and ports merged);
 * assigns the id when NULL. */
struct pp_flow *pp_plan_add_flow(struct pp_plan *plan, const struct pp_flow *flow);
struct pp_reg_value *pp_plan_add_reg_value(struct pp_plan *plan, const struct pp_reg_value *v);
void pp_plan_warn(struct pp_plan *plan, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Strings and zeroed memory that live as long as the plan. */
const char *pp_plan_strdup(struct pp_plan *plan, const char *s);
void *pp_plan_alloc(struct pp_plan *plan, size_t size);

#endif
