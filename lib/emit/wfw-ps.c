/*
 * Windows Firewall with Advanced Security, as a PowerShell script per
 * destination host (wfw/<host>.ps1): the host-enforced flows become inbound
 * allow rules made with New-NetFirewallRule.
 *
 * Each rule is named portplan-<flow id> and sits in group "portplan". The
 * script replaces rules one by one (Remove, then New) and finally removes
 * the group's rules that are no longer planned, so running it twice leaves
 * the same rules, and a failure half-way leaves the old rules in place for
 * the flows it has not reached (removing the whole group first would not).
 *
 * Deployment text only ever appears inside single-quoted literals. The file
 * is UTF-8 with a BOM: without one Windows PowerShell 5.1 reads it in the
 * ANSI code page, where the UTF-8 bytes 0x91 and 0x92 are the quotes
 * U+2018 and U+2019, which PowerShell treats as single quotes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "portplan/emit.h"

#define FAM4 1u
#define FAM6 2u
#define IDENT_MAX 64
#define TEXT_MAX 200 /* bytes of one deployment string in a literal */

/* ---------- text ---------- */

/* Length of the valid UTF-8 sequence at s and its code point; 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
		 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	if (!n)
		return 0;
	uint32_t c = s[0] & (0xFF >> (n + 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Code points that must not reach a literal: controls (C0, DEL, C1), the
 * quote variants PowerShell's tokenizer accepts, line and paragraph
 * separators, a stray BOM, and '|', which Windows Firewall refuses in rule
 * names and descriptions (the script would stop). */
static bool ps_unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x2018 && c <= 0x201E) ||
	       c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == '|';
}

/* Append s as the inside of a single-quoted literal: ' doubled, unsafe or
 * invalid characters as '?', at most max bytes of s. */
static void ps_text(struct pp_buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t used = 0;
	while (*p) {
		uint32_t c = 0;
		size_t n = utf8_decode(p, &c);
		if (used + (n ? n : 1) > max)
			break;
		if (!n || ps_unsafe(c))
			pp_buf_putc(b, '?');
		else if (c == '\'')
			pp_buf_puts(b, "''");
		else
			pp_buf_put(b, (const char *)p, n);
		used += n ? n : 1;
		p += n ? n : 1;
	}
}

static void ps_quote(struct pp_buf *b, const char *s)
{
	pp_buf_putc(b, '\'');
	ps_text(b, s, TEXT_MAX);
	pp_buf_putc(b, '\'');
}

/* A program path must arrive exactly or not at all: rather than reduce it,
 * accept only what Windows paths need (%VAR% included). */
static bool program_ok(const char *s)
{
	if (!*s || s[strlen(s) - 1] == '\\' || strlen(s) > 260)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
		    !strchr(" \\:._-()%~", *s))
			return false;
	return true;
}

/* Endpoint name for messages: printable ASCII, nothing to confuse a terminal. */
static const char *shown(const char *s, char *buf, size_t max)
{
	return pp_emit_comment(s, buf, max);
}

/* ---------- hosts ---------- */

static bool is_host(const struct pp_endpoint *e)
{
	return e->kind == PP_EP_HOST || e->kind == PP_EP_GROUP;
}

/* A file name stem from pp_emit_ident that common.c's path check accepts
 * and Windows can create: no "..", no leading or trailing dot, no device
 * name (CON, NUL, COM1, ...). */
static void host_stem(const char *name, char out[IDENT_MAX + 2])
{
	char id[IDENT_MAX];
	pp_emit_ident(name, id, sizeof id);
	size_t n = strlen(id);
	for (size_t i = 0; i < n; i++)
		if (id[i] == '.' && (i == 0 || i + 1 == n || id[i - 1] == '.'))
			id[i] = '_';
	static const char *const dev[] = {"CON", "PRN", "AUX", "NUL", "COM", "LPT"};
	size_t base = strcspn(id, ".");
	bool reserved = false;
	for (size_t i = 0; i < sizeof dev / sizeof *dev; i++)
		if (strncasecmp(id, dev[i], 3) == 0 &&
		    (i < 4 ? base == 3 : base == 4 && id[3] >= '0' && id[3] <= '9'))
			reserved = true;
	snprintf(out, IDENT_MAX + 2, "%s%s", reserved ? "_" : "", id);
}

/* Unique stems for every host and group, in plan order, so a host's file
 * name does not depend on --host or on which hosts have rules. */
static char (*host_stems(const struct pp_plan *plan))[IDENT_MAX + 8]
{
	char (*stems)[IDENT_MAX + 8] = calloc(plan->n_endpoints + 1, sizeof *stems);
	if (!stems)
		return NULL;
	for (size_t i = 0; i < plan->n_endpoints; i++) {
		if (!is_host(plan->endpoints[i]))
			continue;
		char base[IDENT_MAX + 2];
		host_stem(plan->endpoints[i]->name, base);
		snprintf(stems[i], sizeof stems[i], "%s", base);
		for (unsigned k = 2;; k++) {
			bool taken = false;
			for (size_t j = 0; j < i && !taken; j++)
				taken = strcasecmp(stems[j], stems[i]) == 0; /* Windows folds case */
			if (!taken)
				break;
			snprintf(stems[i], sizeof stems[i], "%s-%u", base, k);
		}
	}
	return stems;
}

/* ---------- rules ---------- */

static unsigned families(const struct pp_cidr *v, size_t n)
{
	unsigned m = 0;
	for (size_t i = 0; i < n; i++)
		m |= v[i].family == 4 ? FAM4 : FAM6;
	return m;
}

/* One rule: a flow, or one address family of an ICMP flow (ICMPv4 and
 * ICMPv6 are different protocols to Windows Firewall). */
struct rule {
	unsigned fams;         /* which source addresses apply */
	const char *suffix;    /* of the rule name */
	const char *proto;
	const char *icmp_type; /* echo request, or NULL */
};

/* The rules for f; none when no source address can reach a destination
 * address (a v6-only source to a v4-only host). */
static size_t flow_rules(const struct pp_flow *f, struct rule out[2])
{
	unsigned both = families(f->src_addrs, f->n_src_addrs) &
			(f->n_dst_addrs ? families(f->dst_addrs, f->n_dst_addrs) : FAM4 | FAM6);
	size_t n = 0;
	if (f->transport == PP_TR_ICMP) {
		if (both & FAM4)
			out[n++] = (struct rule){FAM4, "-v4", "ICMPv4", "8"};
		if (both & FAM6)
			out[n++] = (struct rule){FAM6, "-v6", "ICMPv6", "128"};
		return n;
	}
	if (!both)
		return 0;
	static const struct {
		unsigned tr;
		const char *proto;
	} protos[] = {{PP_TR_TCP, "TCP"}, {PP_TR_UDP, "UDP"}, {PP_TR_GRE, "47"},
		      {PP_TR_ESP, "50"}, {PP_TR_AH, "51"}};
	for (size_t i = 0; i < sizeof protos / sizeof *protos; i++)
		if (f->transport == protos[i].tr)
			out[n++] = (struct rule){both, "", protos[i].proto, NULL};
	return n;
}

static void put_item(struct pp_buf *b, const char **sep, const char *item)
{
	pp_buf_printf(b, "%s'%s'", *sep, item);
	*sep = ",";
}

/* -RemoteAddress: the source CIDRs of the rule's families; 'Any' when they
 * cover every address of those families (the host has no other). */
static void put_remote(struct pp_buf *b, const struct pp_flow *f, unsigned fams)
{
	unsigned any = 0;
	for (size_t i = 0; i < f->n_src_addrs; i++)
		if (f->src_addrs[i].prefix == 0)
			any |= f->src_addrs[i].family == 4 ? FAM4 : FAM6;
	if ((any & fams) == fams) {
		pp_buf_puts(b, "'Any'");
		return;
	}
	const char *sep = "";
	for (size_t i = 0; i < f->n_src_addrs; i++) {
		const struct pp_cidr *c = &f->src_addrs[i];
		char s[PP_CIDR_STRLEN];
		if (!(fams & (c->family == 4 ? FAM4 : FAM6)))
			continue;
		/* Windows takes ranges, not /0. */
		put_item(b, &sep, c->prefix ? pp_cidr_format(c, s, false)
			 : c->family == 4 ? "0.0.0.0-255.255.255.255"
					  : "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	}
}

/* -LocalPort: the RPC keywords where they fit (TCP to a host whose Windows
 * has them), explicit ports otherwise; 'Any' for a flow without ports. */
static void put_ports(struct pp_buf *b, const struct pp_flow *f)
{
	bool kw = f->transport == PP_TR_TCP && f->dst->windows == PP_WIN_MODERN;
	bool epmap = false;
	for (size_t i = 0; kw && (f->rpc & PP_RPC_EPMAP) && i < f->n_ports; i++)
		epmap |= f->ports[i].lo <= 135 && 135 <= f->ports[i].hi;
	const char *sep = "";
	if (epmap)
		put_item(b, &sep, "RPCEPMap");
	if (kw && (f->rpc & PP_RPC_DYNAMIC)) {
		put_item(b, &sep, "RPC"); /* the dynamic range is all the rest */
		return;
	}
	for (size_t i = 0; i < f->n_ports; i++) {
		struct pp_range r[2] = {f->ports[i], {1, 0}};
		if (epmap && r[0].lo <= 135 && 135 <= r[0].hi) {
			r[1] = (struct pp_range){136, r[0].hi};
			r[0].hi = 134;
		}
		for (size_t k = 0; k < 2; k++) {
			char s[16];
			if (r[k].lo > r[k].hi)
				continue;
			if (r[k].lo == r[k].hi)
				snprintf(s, sizeof s, "%u", r[k].lo);
			else
				snprintf(s, sizeof s, "%u-%u", r[k].lo, r[k].hi);
			put_item(b, &sep, s);
		}
	}
	if (!*sep)
		put_item(b, &sep, "Any");
}

static void put_rule(struct pp_buf *b, const struct pp_plan *plan, const struct pp_flow *f,
		     const char *name, const struct rule *r)
{
	char id[IDENT_MAX];
	pp_emit_ident(f->id, id, sizeof id);
	pp_buf_printf(b, "Remove-NetFirewallRule -Name '%s' -ErrorAction SilentlyContinue\r\n", name);
	pp_buf_printf(b, "New-NetFirewallRule -Name '%s' -DisplayName 'portplan %s%s: ", name, id,
		      r->suffix);
	ps_text(b, f->name, TEXT_MAX);
	pp_buf_puts(b, " from ");
	ps_text(b, f->src->name, TEXT_MAX);
	pp_buf_printf(b, "' -Description 'portplan %s%s (plan ", id, r->suffix);
	ps_text(b, plan->name, TEXT_MAX);
	pp_buf_puts(b, "): ");
	ps_text(b, f->name, TEXT_MAX);
	pp_buf_puts(b, ", ");
	ps_text(b, f->src->name, TEXT_MAX);
	pp_buf_puts(b, " to ");
	ps_text(b, f->dst->name, TEXT_MAX);
	if (f->n_refs)
		pp_buf_puts(b, "; catalog");
	for (size_t i = 0; i < f->n_refs; i++) {
		pp_buf_putc(b, ' ');
		ps_text(b, f->refs[i], TEXT_MAX);
	}
	pp_buf_printf(b, "' -Group 'portplan' -Direction Inbound -Action Allow -Protocol '%s'",
		      r->proto);
	if (r->icmp_type)
		pp_buf_printf(b, " -IcmpType '%s'", r->icmp_type);
	if (f->transport == PP_TR_TCP || f->transport == PP_TR_UDP) {
		pp_buf_puts(b, " -LocalPort ");
		put_ports(b, f);
	}
	pp_buf_puts(b, " -RemoteAddress ");
	put_remote(b, f, r->fams);
	if (f->program) {
		pp_buf_puts(b, " -Program ");
		ps_quote(b, f->program);
	}
	pp_buf_puts(b, " | Out-Null\r\n");
}

/* ---------- files ---------- */

static int check_flow(const struct pp_flow *f, char *err, size_t errlen)
{
	char s[64];
	if (!(f->enforce & PP_ENF_HOST))
		return 0;
	if (!f->dst || !f->src) {
		snprintf(err, errlen, "flow '%s' has no endpoints", shown(f->id, s, sizeof s));
		return -1;
	}
	if (!is_host(f->dst)) {
		char d[64];
		snprintf(err, errlen, "flow '%s' is enforced on its destination host, but '%s' is not a host",
			 shown(f->id, s, sizeof s), shown(f->dst->name, d, sizeof d));
		return -1;
	}
	if (f->transport == 0 || (f->transport & (f->transport - 1)) ||
	    (f->transport & ~(unsigned)(PP_TR_TCP | PP_TR_UDP | PP_TR_ICMP | PP_TR_GRE | PP_TR_AH | PP_TR_ESP))) {
		snprintf(err, errlen, "flow '%s' has no single transport", shown(f->id, s, sizeof s));
		return -1;
	}
	if (f->program && !program_ok(f->program)) {
		char p[128];
		snprintf(err, errlen, "flow '%s': program path '%s' has characters a rule cannot carry",
			 shown(f->id, s, sizeof s), shown(f->program, p, sizeof p));
		return -1;
	}
	return 0;
}

static int emit_host(const struct pp_plan *plan, const struct pp_endpoint *host, const char *stem,
		     struct pp_emit_out *out, char *err, size_t errlen)
{
	char path[IDENT_MAX + 32];
	snprintf(path, sizeof path, "wfw/%s.ps1", stem);
	struct pp_buf *b = pp_emit_file(out, path);
	if (!b) {
		snprintf(err, errlen, "cannot create '%s'", path);
		return -1;
	}
	struct pp_buf keep = {0};
	pp_buf_puts(b, "\xEF\xBB\xBF#Requires -RunAsAdministrator\r\n"
		       "#Requires -Modules NetSecurity\r\n");
	pp_buf_printf(b, "# portplan: inbound Windows Firewall rules for %s\r\n", stem);
	if (host->windows == PP_WIN_LEGACY || host->windows == PP_WIN_MIXED)
		pp_buf_puts(b, "# Windows 2003 and earlier have no NetSecurity module: apply these "
			       "rules another way there.\r\n");
	pp_buf_puts(b, "# Rules are named portplan-ID (the flow id) in group portplan. Running this "
		       "again\r\n"
		       "# replaces them and removes portplan rules that are no longer planned.\r\n"
		       "$ErrorActionPreference = 'Stop'\r\n"
		       "Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True "
		       "-DefaultInboundAction Block\r\n");
	int rc = 0;
	for (size_t i = 0; i < plan->n_flows && rc == 0; i++) {
		const struct pp_flow *f = &plan->flows[i];
		if (!(f->enforce & PP_ENF_HOST) || f->dst != host)
			continue;
		struct rule r[2];
		size_t n = flow_rules(f, r);
		for (size_t k = 0; k < n && rc == 0; k++) {
			char id[IDENT_MAX], name[IDENT_MAX + 16], quoted[IDENT_MAX + 20];
			snprintf(name, sizeof name, "portplan-%s%s", pp_emit_ident(f->id, id, sizeof id),
				 r[k].suffix);
			snprintf(quoted, sizeof quoted, "'%s'", name);
			if (keep.data && strstr(keep.data, quoted)) {
				snprintf(err, errlen, "two rules for '%s' would be named '%s'", stem, name);
				rc = -1;
				break;
			}
			pp_buf_printf(&keep, "%s%s", keep.len ? "," : "", quoted);
			pp_buf_puts(b, "\r\n");
			put_rule(b, plan, f, name, &r[k]);
		}
	}
	pp_buf_printf(b, "\r\n$keep = @(%s)\r\n", keep.data ? keep.data : "");
	pp_buf_puts(b, "Get-NetFirewallRule -Group 'portplan' -ErrorAction SilentlyContinue | "
		       "Where-Object { $keep -notcontains $_.Name } | Remove-NetFirewallRule\r\n");
	if (rc == 0 && (b->failed || keep.failed)) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	pp_buf_free(&keep);
	return rc;
}

static int emit_wfw_ps(const struct pp_plan *plan, const struct pp_emit_options *opt,
		       struct pp_emit_out *out, char *err, size_t errlen)
{
	for (size_t i = 0; i < plan->n_flows; i++)
		if (check_flow(&plan->flows[i], err, errlen) != 0)
			return -1;
	char (*stems)[IDENT_MAX + 8] = host_stems(plan);
	if (!stems) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* --host names a host or group by its name, or by its file name stem. */
	const struct pp_endpoint *only = NULL;
	if (opt && opt->host) {
		for (size_t i = 0; i < plan->n_endpoints && !only; i++)
			if (strcmp(plan->endpoints[i]->name, opt->host) == 0)
				only = plan->endpoints[i];
		for (size_t i = 0; i < plan->n_endpoints && !only; i++)
			if (is_host(plan->endpoints[i]) && strcmp(stems[i], opt->host) == 0)
				only = plan->endpoints[i];
		char s[64];
		if (!only || !is_host(only)) {
			snprintf(err, errlen, only ? "'%s' is not a host or group" : "unknown host '%s'",
				 shown(opt->host, s, sizeof s));
			free(stems);
			return -1;
		}
	}
	int rc = 0;
	for (size_t i = 0; i < plan->n_endpoints && rc == 0; i++) {
		const struct pp_endpoint *e = plan->endpoints[i];
		if (!is_host(e) || (only && e != only))
			continue;
		bool any = only != NULL; /* the chosen host gets a file even without rules */
		for (size_t k = 0; k < plan->n_flows && !any; k++)
			any = (plan->flows[k].enforce & PP_ENF_HOST) && plan->flows[k].dst == e;
		if (any)
			rc = emit_host(plan, e, stems[i], out, err, errlen);
	}
	free(stems);
	return rc;
}

const struct pp_emitter pp_emit_wfw_ps = { .name = "wfw-ps", .summary = "Windows Firewall, PowerShell New-NetFirewallRule script per destination host", .emit = emit_wfw_ps };
