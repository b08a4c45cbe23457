/*
 * Look-ups over the compiled catalog (build/catalog.gen.c). The catalog has
 * a few thousand entries at most, so a linear scan is fast enough and keeps
 * the generated arrays in source order, which is the order users expect.
 */
#include <string.h>

#include "portplan/catalog.h"

#define FIND_BY_ID(fn, type, array, count)                                  \
	const struct type *fn(const char *id)                               \
	{                                                                   \
		const struct pp_catalog *c = pp_catalog();                  \
		for (size_t i = 0; id && i < c->count; i++)                 \
			if (strcmp(c->array[i].id, id) == 0)                \
				return &c->array[i];                        \
		return NULL;                                                \
	}

FIND_BY_ID(pp_document_find, pp_document, documents, n_documents)
FIND_BY_ID(pp_product_find, pp_product, products, n_products)
FIND_BY_ID(pp_service_find, pp_service, services, n_services)
FIND_BY_ID(pp_port_table_row_find, pp_port_table_row, port_table, n_port_table)
FIND_BY_ID(pp_dynamic_range_find, pp_dynamic_range, dynamic_ranges, n_dynamic_ranges)
FIND_BY_ID(pp_data_path_find, pp_data_path, data_paths, n_data_paths)
FIND_BY_ID(pp_fw_rule_find, pp_fw_rule, fw_rules, n_fw_rules)
FIND_BY_ID(pp_registry_pin_find, pp_registry_pin, registry_pins, n_registry_pins)
FIND_BY_ID(pp_rpc_interface_find, pp_rpc_interface, rpc_interfaces, n_rpc_interfaces)
FIND_BY_ID(pp_list_find, pp_list, lists, n_lists)
FIND_BY_ID(pp_fact_find, pp_fact, facts, n_facts)
FIND_BY_ID(pp_inconsistency_find, pp_inconsistency, inconsistencies, n_inconsistencies)

const struct pp_role *pp_role_find(const char *product, const char *id)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; product && id && i < c->n_roles; i++)
		if (strcmp(c->roles[i].product, product) == 0 && strcmp(c->roles[i].id, id) == 0)
			return &c->roles[i];
	return NULL;
}

const struct pp_fw_rule *pp_fw_rule_find_name(const char *product, const char *name)
{
	const struct pp_catalog *c = pp_catalog();
	for (size_t i = 0; name && i < c->n_fw_rules; i++)
		if ((!product || strcmp(c->fw_rules[i].product, product) == 0) &&
		    strcmp(c->fw_rules[i].name, name) == 0)
			return &c->fw_rules[i];
	return NULL;
}

bool pp_ports_cover(const struct pp_ports *p, unsigned transport, uint16_t port)
{
	if (!(p->transport & transport))
		return false;
	if (p->symbols & PP_SYM_ANY)
		return true;
	if (p->symbols & PP_SYM_RPC_EPMAP && port == 135)
		return true;
	if (p->symbols & PP_SYM_DYNAMIC_RPC &&
	    ((port >= PP_DYNAMIC_RPC_LO) ||
	     (port >= PP_DYNAMIC_RPC_LEGACY_LO && port <= PP_DYNAMIC_RPC_LEGACY_HI)))
		return true;
	for (size_t i = 0; i < p->n_ranges; i++)
		if (port >= p->ranges[i].lo && port <= p->ranges[i].hi)
			return true;
	return false;
}

const char *pp_transport_name(unsigned transport)
{
	switch (transport) {
	case PP_TR_TCP: return "tcp";
	case PP_TR_UDP: return "udp";
	case PP_TR_TCP | PP_TR_UDP: return "tcp/udp";
	case PP_TR_ICMP: return "icmp";
	case PP_TR_GRE: return "gre";
	case PP_TR_AH: return "ah";
	case PP_TR_ESP: return "esp";
	case PP_TR_NONE: return "none";
	default: return "mixed";
	}
}

const char *pp_port_kind_name(enum pp_port_kind kind)
{
	switch (kind) {
	case PP_KIND_DYNAMIC: return "dynamic";
	case PP_KIND_CONFIGURABLE: return "configurable";
	case PP_KIND_FIXED: break;
	}
	return "fixed";
}
