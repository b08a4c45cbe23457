/* Shared by the protocol modules: the protocol table, the reply record and
 * bounds-checked readers for untrusted bytes. */
#include <stdlib.h>
#include <string.h>

#include "portplan/probe.h"

const char *pp_probe_state_name(enum pp_probe_state st)
{
	switch (st) {
	case PP_ST_LISTENING: return "LISTENING";
	case PP_ST_NOT_LISTENING: return "NOT LISTENING";
	case PP_ST_FILTERED: return "FILTERED";
	case PP_ST_LISTENING_OR_FILTERED: return "LISTENING OR FILTERED";
	case PP_ST_ERROR: return "ERROR";
	case PP_ST_NOT_RUN: return "NOT RUN";
	}
	return "?";
}

const struct pp_proto *pp_proto_find(const char *name)
{
	for (size_t i = 0; name && pp_protos[i]; i++)
		if (strcmp(pp_protos[i]->name, name) == 0)
			return pp_protos[i];
	return NULL;
}

/* The well-known ports of the catalog's services and the protocol that
 * speaks on each (003's tables, 004's edge tables). */
static const struct {
	uint16_t port;
	unsigned transport;
	const char *proto;
} by_port[] = {
	{53, PP_TR_TCP | PP_TR_UDP, "dns"},  {88, PP_TR_TCP | PP_TR_UDP, "kerberos"},
	{123, PP_TR_UDP, "ntp"},             {135, PP_TR_TCP, "epm"},
	{137, PP_TR_UDP, "nbns"},            {161, PP_TR_UDP, "snmp"},
	{389, PP_TR_TCP, "ldap"},            {389, PP_TR_UDP, "cldap"},
	{445, PP_TR_TCP, "smb"},             {3268, PP_TR_TCP, "ldap"},
	{3478, PP_TR_UDP, "stun"},           {5060, PP_TR_TCP | PP_TR_UDP, "sip"},
	{5269, PP_TR_TCP, "xmpp"},
};

const struct pp_proto *pp_proto_for_port(uint16_t port, unsigned transport)
{
	for (size_t i = 0; i < sizeof by_port / sizeof *by_port; i++)
		if (by_port[i].port == port && by_port[i].transport & transport)
			return pp_proto_find(by_port[i].proto);
	return NULL;
}

void pp_probe_reply_free(struct pp_probe_reply *r)
{
	free(r->entries);
	r->entries = NULL;
	r->n_entries = r->cap_entries = 0;
}

int pp_probe_reply_add_entry(struct pp_probe_reply *r, const struct pp_epm_entry *e)
{
	if (r->n_entries >= 4096)
		return -1;
	if (r->n_entries == r->cap_entries) {
		size_t cap = r->cap_entries ? r->cap_entries * 2 : 32;
		struct pp_epm_entry *v = realloc(r->entries, cap * sizeof *v);
		if (!v)
			return -1;
		r->entries = v;
		r->cap_entries = cap;
	}
	r->entries[r->n_entries++] = *e;
	return 0;
}

bool pp_rd_u16be(const uint8_t *p, size_t len, size_t off, uint16_t *v)
{
	if (off > len || len - off < 2)
		return false;
	*v = (uint16_t)(p[off] << 8 | p[off + 1]);
	return true;
}

bool pp_rd_u32be(const uint8_t *p, size_t len, size_t off, uint32_t *v)
{
	if (off > len || len - off < 4)
		return false;
	*v = (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 | (uint32_t)p[off + 2] << 8 | p[off + 3];
	return true;
}

bool pp_rd_u16le(const uint8_t *p, size_t len, size_t off, uint16_t *v)
{
	if (off > len || len - off < 2)
		return false;
	*v = (uint16_t)(p[off] | p[off + 1] << 8);
	return true;
}

bool pp_rd_u32le(const uint8_t *p, size_t len, size_t off, uint32_t *v)
{
	if (off > len || len - off < 4)
		return false;
	*v = p[off] | (uint32_t)p[off + 1] << 8 | (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
	return true;
}

char *pp_printable(char *dst, size_t cap, const uint8_t *src, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		dst[k++] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	if (cap)
		dst[k] = '\0';
	return dst;
}
