/*
 * The catalog: every port fact of the five source documents, compiled into
 * the binary from catalog/NNN-*.yaml by tools/gen-catalog (see
 * docs/catalog-format.md). Everything here is read-only static data; no
 * function allocates and nothing needs freeing.
 */
#ifndef PORTPLAN_CATALOG_H
#define PORTPLAN_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Transports, as a bit set: "tcp/udp" is PP_TR_TCP | PP_TR_UDP. */
enum pp_transport {
	PP_TR_NONE = 0,
	PP_TR_TCP = 1 << 0,
	PP_TR_UDP = 1 << 1,
	PP_TR_ICMP = 1 << 2,
	PP_TR_GRE = 1 << 3,
	PP_TR_AH = 1 << 4,
	PP_TR_ESP = 1 << 5,
};

/* How a port is used: fixed, picked at run time from a range, or a default
 * that an administrator can change. */
enum pp_port_kind {
	PP_KIND_FIXED = 0,
	PP_KIND_DYNAMIC,
	PP_KIND_CONFIGURABLE,
};

/* Symbolic ports, as a bit set. */
enum pp_port_symbol {
	PP_SYM_DYNAMIC_RPC = 1 << 0, /* 1025-5000 or 49152-65535 by Windows version */
	PP_SYM_RPC_EPMAP = 1 << 1,   /* the endpoint mapper, 135 */
	PP_SYM_ANY = 1 << 2,         /* every port */
	PP_SYM_PINNED = 1 << 3,      /* a static port an administrator assigns (000) */
};

/* The RPC dynamic ranges that `dynamic-rpc` stands for (003, section 1). */
#define PP_DYNAMIC_RPC_LEGACY_LO 1025
#define PP_DYNAMIC_RPC_LEGACY_HI 5000
#define PP_DYNAMIC_RPC_LO 49152
#define PP_DYNAMIC_RPC_HI 65535

/* A text in the source's words (ja) and in English (en); both are set, equal
 * when the source's words need no translation. */
struct pp_text {
	const char *ja;
	const char *en;
};

struct pp_document {
	const char *id;        /* "000" .. "004" */
	const char *file;      /* seed file name */
	struct pp_text title;
	const char *kb;        /* or NULL */
	const char *applies_to; /* or NULL */
};

/* Where a fact comes from: document, section title as written, line. */
struct pp_source {
	const struct pp_document *doc;
	const char *section;
	unsigned line;
};

struct pp_range {
	uint16_t lo, hi;
};

/* One port row: protocol, transport and ports, as one table row states them. */
struct pp_ports {
	struct pp_text proto;        /* application protocol; ja/en NULL if none */
	unsigned transport;          /* enum pp_transport bits */
	const char *spec;            /* normalised spec, "" when no port */
	const char *as_written;      /* source cell when it differs, or NULL */
	enum pp_port_kind kind;
	unsigned symbols;            /* enum pp_port_symbol bits */
	const struct pp_range *ranges; /* numeric items of spec */
	size_t n_ranges;
	struct pp_text note;         /* NULL members when none */
	const char *issue;           /* inconsistency id, or NULL */
	unsigned line;
	const char *const *pins;     /* registry_pins ids that give a `pinned` port */
	size_t n_pins;
};

struct pp_product {
	const char *id;
	struct pp_text name;
};

struct pp_role {
	const char *product; /* product id */
	const char *id;      /* unique within its product */
	struct pp_text name;
	struct pp_source src; /* doc NULL for roles from products.yaml */
	/* Roles of the same product that count as this one: network:clients
	 * includes internal-clients and external-clients. */
	const char *const *includes;
	size_t n_includes;
};

struct pp_service {
	const char *id;
	const char *product;
	struct pp_text name;
	const char *const *system_names;
	size_t n_system_names;
	struct pp_text description;
	struct pp_text note;
	const struct pp_ports *rows;
	size_t n_rows;
	struct pp_source src;
};

struct pp_port_table_row {
	const char *id;
	struct pp_ports ports;
	struct pp_text system_service;
	const char *service; /* services id */
	struct pp_source src;
};

struct pp_dynamic_range {
	const char *id;
	struct pp_text os;
	struct pp_ports ports;
	struct pp_source src;
};

struct pp_data_path {
	const char *id;
	const char *product;
	struct pp_text table;
	struct pp_text name;
	const char *from_product, *from; /* role reference, resolved */
	const char *to_product, *to;
	struct pp_text from_as_written, to_as_written;
	const struct pp_ports *ports;
	size_t n_ports;
	struct pp_text auth_default, auth_supported;
	struct pp_text encryption_supported, encryption_default;
	struct pp_text note;
	const char *issue;          /* inconsistency id, or NULL */
	struct pp_source src;
	bool both_ways;             /* the row holds both directions (Edge to Edge) */
};

struct pp_fw_rule {
	const char *id;
	const char *product;
	const char *name;           /* exactly as written */
	const char *const *roles;   /* role ids of `product` */
	size_t n_roles;
	struct pp_ports ports;
	const char *program;        /* NULL: any program */
	bool any_program;           /* a GFW rule */
	const char *direction;      /* "in" or "out" */
	struct pp_text note;
	struct pp_source src;
};

struct pp_registry_pin {
	const char *id;
	const char *const *products;
	size_t n_products;
	const char *key;
	const char *value_name;
	const char *value_type;
	struct pp_text data;
	long example;               /* -1 when the document gives none */
	const char *service;        /* system service name */
	struct pp_text interface;
	const char *const *rpc_interfaces; /* rpc_interface ids */
	size_t n_rpc_interfaces;
	struct pp_text restart;
	struct pp_text note;
	const char *issue;          /* inconsistency id, or NULL */
	struct pp_source src;
};

struct pp_rpc_interface {
	const char *id;
	const char *uuid;
	const char *as_written;     /* or NULL */
	struct pp_text name;
	const char *issue;
	struct pp_source src;
};

struct pp_list_item {
	struct pp_text text;
	const char *service;        /* services id, or NULL */
	const struct pp_ports *ports;
	size_t n_ports;
	unsigned line;
};

struct pp_list {
	const char *id;
	struct pp_text title;
	const struct pp_list_item *items;
	size_t n_items;
	struct pp_source src;
};

struct pp_fact {
	const char *id;
	const char *product;        /* or NULL */
	struct pp_text topic;
	struct pp_text text;
	const char *quote;
	const struct pp_ports *ports;
	size_t n_ports;
	const char *const *refs;
	size_t n_refs;
	const char *issue;          /* inconsistency id, or NULL */
	struct pp_source src;
};

struct pp_inconsistency {
	const char *id;
	const char *category;
	const char *as_written;
	struct pp_text reading;
	struct pp_text why;
	const char *const *affects;
	size_t n_affects;
	struct pp_source src;
};

struct pp_catalog {
	const struct pp_document *documents;
	size_t n_documents;
	const struct pp_product *products;
	size_t n_products;
	const struct pp_role *roles;
	size_t n_roles;
	const struct pp_service *services;
	size_t n_services;
	const struct pp_port_table_row *port_table;
	size_t n_port_table;
	const struct pp_dynamic_range *dynamic_ranges;
	size_t n_dynamic_ranges;
	const struct pp_data_path *data_paths;
	size_t n_data_paths;
	const struct pp_fw_rule *fw_rules;
	size_t n_fw_rules;
	const struct pp_registry_pin *registry_pins;
	size_t n_registry_pins;
	const struct pp_rpc_interface *rpc_interfaces;
	size_t n_rpc_interfaces;
	const struct pp_list *lists;
	size_t n_lists;
	const struct pp_fact *facts;
	size_t n_facts;
	const struct pp_inconsistency *inconsistencies;
	size_t n_inconsistencies;
};

/* The compiled catalog. */
const struct pp_catalog *pp_catalog(void);

/* Look-ups by id (exact); NULL when absent. */
const struct pp_document *pp_document_find(const char *id);
const struct pp_product *pp_product_find(const char *id);
const struct pp_role *pp_role_find(const char *product, const char *id);
const struct pp_service *pp_service_find(const char *id);
const struct pp_port_table_row *pp_port_table_row_find(const char *id);
const struct pp_dynamic_range *pp_dynamic_range_find(const char *id);
const struct pp_data_path *pp_data_path_find(const char *id);
const struct pp_fw_rule *pp_fw_rule_find(const char *id);
const struct pp_fw_rule *pp_fw_rule_find_name(const char *product, const char *name);
const struct pp_registry_pin *pp_registry_pin_find(const char *id);
const struct pp_rpc_interface *pp_rpc_interface_find(const char *id);
const struct pp_list *pp_list_find(const char *id);
const struct pp_fact *pp_fact_find(const char *id);
const struct pp_inconsistency *pp_inconsistency_find(const char *id);

/* Does a port row cover port/transport? (transport is one PP_TR_* bit.)
 * A `dynamic-rpc` row covers both dynamic ranges; `any` covers everything. */
bool pp_ports_cover(const struct pp_ports *p, unsigned transport, uint16_t port);

/* "tcp", "udp", "tcp/udp", "icmp", ...: a static string. */
const char *pp_transport_name(unsigned transport);
const char *pp_port_kind_name(enum pp_port_kind kind);

#endif
