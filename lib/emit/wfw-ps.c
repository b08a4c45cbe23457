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

#include "emit/winfw.h"

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
		size_t n = pp_emit_utf8_decode(p, &c);
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
	ps_text(b, s, WINFW_TEXT_MAX);
	pp_buf_putc(b, '\'');
}

/* ---------- the script ---------- */

static const struct winfw_lists lists = {.quote = "'", .any = "Any", .epmap = "RPCEPMap"};

static void put_head(struct pp_buf *b, const struct pp_endpoint *host, const char *stem)
{
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
}

static void put_rule(struct pp_buf *b, const struct pp_plan *plan, const struct pp_flow *f,
		     const char *name, const struct winfw_rule *r)
{
	char id[WINFW_IDENT_MAX];
	pp_emit_ident(f->id, id, sizeof id);
	bool v4 = r->fams == PP_EMIT_FAM4;
	const char *proto = r->proto ? r->proto : v4 ? "ICMPv4" : "ICMPv6";
	const char *icmp_type = r->proto ? NULL : v4 ? "8" : "128"; /* echo request */
	pp_buf_puts(b, "\r\n");
	pp_buf_printf(b, "Remove-NetFirewallRule -Name '%s' -ErrorAction SilentlyContinue\r\n", name);
	pp_buf_printf(b, "New-NetFirewallRule -Name '%s' -DisplayName 'portplan %s%s: ", name, id,
		      r->suffix);
	ps_text(b, f->name, WINFW_TEXT_MAX);
	pp_buf_puts(b, " from ");
	ps_text(b, f->src->name, WINFW_TEXT_MAX);
	pp_buf_puts(b, "' -Description '");
	winfw_put_description(b, plan, f, r, ps_text);
	pp_buf_printf(b, "' -Group 'portplan' -Direction Inbound -Action Allow -Protocol '%s'", proto);
	if (icmp_type)
		pp_buf_printf(b, " -IcmpType '%s'", icmp_type);
	if (f->transport == PP_TR_TCP || f->transport == PP_TR_UDP) {
		pp_buf_puts(b, " -LocalPort ");
		winfw_put_ports(b, f, &lists);
	}
	pp_buf_puts(b, " -RemoteAddress ");
	winfw_put_remote(b, f, r->fams, &lists);
	if (f->program) {
		pp_buf_puts(b, " -Program ");
		ps_quote(b, f->program);
	}
	pp_buf_puts(b, " | Out-Null\r\n");
}

/* Finally remove the group's rules that are no longer planned. */
static void put_tail(struct pp_buf *b, const struct pp_buf *names)
{
	pp_buf_printf(b, "\r\n$keep = @(%s)\r\n", names->data ? names->data : "");
	pp_buf_puts(b, "Get-NetFirewallRule -Group 'portplan' -ErrorAction SilentlyContinue | "
		       "Where-Object { $keep -notcontains $_.Name } | Remove-NetFirewallRule\r\n");
}

static const struct winfw_script script = {
	.dir = "wfw", .ext = "ps1", .quote = '\'',
	.head = put_head, .rule = put_rule, .tail = put_tail,
};

static int emit_wfw_ps(const struct pp_plan *plan, const struct pp_emit_options *opt,
		       struct pp_emit_out *out, char *err, size_t errlen)
{
	return winfw_emit(plan, opt, out, err, errlen, &script);
}

const struct pp_emitter pp_emit_wfw_ps = { .name = "wfw-ps", .summary = "Windows Firewall, PowerShell New-NetFirewallRule script per destination host", .emit = emit_wfw_ps };
