/*
 * Windows Firewall with Advanced Security, as a cmd.exe script of netsh
 * commands per destination host (netsh/<host>.cmd): the host-enforced flows
 * become inbound allow rules. For hosts without the NetSecurity PowerShell
 * module (Server 2008 and 2008 R2); wfw-ps is the better choice elsewhere.
 *
 * Each rule is named portplan-<flow id>; the script deletes every rule of
 * that name and adds it again, so running it twice leaves the same rules.
 * netsh cannot select rules by group, so rules of flows that left the plan
 * stay until deleted by name (the wfw-ps script removes them).
 *
 * The file is ASCII with CRLF line ends: cmd.exe reads batch files in the
 * OEM code page. Deployment text only appears inside double quotes with
 * cmd.exe's metacharacters, quotes and backslashes (which escape a quote
 * for netsh's argument parser) replaced by '?'; % is replaced too, since
 * cmd.exe expands %VAR% even inside quotes.
 */
#include <stdint.h>
#include <string.h>

#include "emit/winfw.h"

/* Append s as the inside of a double-quoted netsh value: printable ASCII
 * without cmd.exe metacharacters; anything else becomes one '?' per
 * character. At most max bytes of s. */
static void cmd_text(struct pp_buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t used = 0;
	while (*p) {
		uint32_t c = 0;
		size_t n = pp_emit_utf8_decode(p, &c);
		if (used + (n ? n : 1) > max)
			break;
		bool ok = n == 1 && c >= 0x20 && c < 0x7F && !strchr("\"%&|<>^!\\", (int)c);
		pp_buf_putc(b, ok ? (char)c : '?');
		used += n ? n : 1;
		p += n ? n : 1;
	}
}

/* A program path, whose %VAR% Windows Firewall expands at run time: %
 * doubled so that cmd.exe passes it on. winfw.c has vetted the rest. */
static void cmd_program(struct pp_buf *b, const char *s)
{
	pp_buf_putc(b, '"');
	for (; *s; s++)
		if (*s == '%')
			pp_buf_puts(b, "%%");
		else
			pp_buf_putc(b, *s);
	pp_buf_putc(b, '"');
}

/* ---------- the script ---------- */

static const struct winfw_lists lists = {.quote = "", .any = "any", .epmap = "RPC-EPMap"};

static void put_head(struct pp_buf *b, const struct pp_endpoint *host, const char *stem)
{
	pp_buf_printf(b, "@echo off\r\n"
		      "rem portplan: inbound Windows Firewall rules for %s\r\n", stem);
	if (host->windows == PP_WIN_LEGACY || host->windows == PP_WIN_MIXED)
		pp_buf_puts(b, "rem Windows 2003 and earlier have no netsh advfirewall: apply these "
			       "rules another way there.\r\n");
	pp_buf_puts(b, "rem Rules are named portplan-ID (the flow id). Running this again deletes "
		       "and adds them.\r\n"
		       "setlocal EnableExtensions DisableDelayedExpansion\r\n"
		       "net session >nul 2>&1 || goto notadmin\r\n"
		       "netsh advfirewall set allprofiles state on || goto fail\r\n"
		       "netsh advfirewall set allprofiles firewallpolicy blockinbound,allowoutbound "
		       "|| goto fail\r\n");
}

static void put_rule(struct pp_buf *b, const struct pp_plan *plan, const struct pp_flow *f,
		     const char *name, const struct winfw_rule *r)
{
	const char *proto = r->proto ? r->proto
			  : r->fams == PP_EMIT_FAM4 ? "icmpv4:8,any" : "icmpv6:128,any";
	pp_buf_printf(b, "netsh advfirewall firewall delete rule name=\"%s\" dir=in >nul 2>&1\r\n", name);
	pp_buf_printf(b, "netsh advfirewall firewall add rule name=\"%s\" dir=in action=allow protocol=%s",
		      name, proto);
	if (f->transport == PP_TR_TCP || f->transport == PP_TR_UDP) {
		pp_buf_puts(b, " localport=");
		winfw_put_ports(b, f, &lists);
	}
	pp_buf_puts(b, " remoteip=");
	winfw_put_remote(b, f, r->fams, &lists);
	if (f->program) {
		pp_buf_puts(b, " program=");
		cmd_program(b, f->program);
	}
	pp_buf_puts(b, " description=\"");
	winfw_put_description(b, plan, f, r, cmd_text);
	pp_buf_puts(b, "\" || goto fail\r\n");
}

static void put_tail(struct pp_buf *b, const struct pp_buf *names)
{
	(void)names; /* netsh cannot select rules by group: no sweep */
	pp_buf_puts(b, "exit /b 0\r\n"
		       ":notadmin\r\n"
		       "echo portplan: run this as an administrator 1>&2\r\n"
		       "exit /b 1\r\n"
		       ":fail\r\n"
		       "echo portplan: a netsh command failed, the rules before it are in place 1>&2\r\n"
		       "exit /b 1\r\n");
}

static const struct winfw_script script = {
	.dir = "netsh", .ext = "cmd", .quote = '"',
	.head = put_head, .rule = put_rule, .tail = put_tail,
};

static int emit_netsh(const struct pp_plan *plan, const struct pp_emit_options *opt,
		       struct pp_emit_out *out, char *err, size_t errlen)
{
	return winfw_emit(plan, opt, out, err, errlen, &script);
}

const struct pp_emitter pp_emit_netsh = { .name = "netsh", .summary = "Windows Firewall, netsh advfirewall script per destination host", .emit = emit_netsh };
