/*
 * markdown: the plan as a report for people, portplan.md: summary counts,
 * the flows table, endpoints, registry values and warnings, in GitHub-style
 * pipe tables that also render with Python-Markdown.
 *
 * Deployment text only ever lands inside a table cell or after a fixed
 * prefix on the title line, never at the start of a block, so escaping the
 * inline syntax (md_text) is enough to keep a value from breaking a row or
 * becoming HTML, a link or emphasis.
 */
#include <stdio.h>
#include <string.h>

#include "portplan/emit.h"

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Untrusted text for a table cell or a heading:
 *  - \ ` * _ [ ] # get a backslash (CommonMark and Python-Markdown both
 *    honour these escapes): no code span, emphasis, link or heading close;
 *  - & < > | ~ become character references: no HTML, no entity, no cell
 *    break, no strikethrough (Python-Markdown has no \| or \~ escape);
 *  - ':' after a letter and '.' after "www" are broken up so that GFM does
 *    not autolink "scheme://" or "www." text;
 *  - control characters (newline, CR, tab, ...) become their visible
 *    Control Pictures (U+2400 + c, DEL U+2421) and NEL, U+2028 and U+2029
 *    become U+2424, so a value stays on its row and its oddity shows;
 *  - a byte that is not UTF-8 becomes U+FFFD.
 * GFM still autolinks a bare e-mail address; its link shows its target. */
static void md_text(struct pp_buf *b, const char *s)
{
	const unsigned char *start = (const unsigned char *)s;
	for (const unsigned char *p = start; p && *p;) {
		unsigned char c = *p;
		size_t n = pp_emit_utf8_len(p);
		if (n == 0) {
			pp_buf_puts(b, "\xef\xbf\xbd");
			p++;
			continue;
		}
		if (n > 1) {
			bool line_sep = (n == 2 && p[0] == 0xc2 && p[1] == 0x85) ||
					(n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9));
			if (line_sep)
				pp_buf_puts(b, "\xe2\x90\xa4");
			else
				pp_buf_put(b, (const char *)p, n);
			p += n;
			continue;
		}
		p++;
		if (c < 0x20) {
			char pic[3] = {'\xe2', '\x90', (char)(0x80 + c)};
			pp_buf_put(b, pic, 3);
			continue;
		}
		switch (c) {
		case 0x7f: pp_buf_puts(b, "\xe2\x90\xa1"); break;
		case '\\': case '`': case '*': case '_': case '[': case ']': case '#':
			pp_buf_putc(b, '\\');
			pp_buf_putc(b, (char)c);
			break;
		case '&': pp_buf_puts(b, "&amp;"); break;
		case '<': pp_buf_puts(b, "&lt;"); break;
		case '>': pp_buf_puts(b, "&gt;"); break;
		case '|': pp_buf_puts(b, "&#124;"); break;
		case '~': pp_buf_puts(b, "&#126;"); break;
		case ':':
			pp_buf_puts(b, p - 1 > start && is_alpha(p[-2]) ? "&#58;" : ":");
			break;
		case '.':
			if (p - 1 - start >= 3 && (p[-4] | 0x20) == 'w' && (p[-3] | 0x20) == 'w' &&
			    (p[-2] | 0x20) == 'w')
				pp_buf_putc(b, '\\');
			pp_buf_putc(b, '.');
			break;
		default: pp_buf_putc(b, (char)c);
		}
	}
}

/* A code span for text that needs none of md_text's escapes inside one
 * (registry keys, program paths): printable, no backtick or pipe, no space
 * at either end. Anything else falls back to md_text. */
static void md_code(struct pp_buf *b, const char *s)
{
	bool plain = s && *s && s[0] != ' ' && s[strlen(s) - 1] != ' ';
	for (const unsigned char *p = (const unsigned char *)s; plain && *p; p++)
		plain = *p >= 0x20 && *p < 0x7f && *p != '`' && *p != '|';
	if (!plain) {
		md_text(b, s);
		return;
	}
	pp_buf_putc(b, '`');
	pp_buf_puts(b, s);
	pp_buf_putc(b, '`');
}

/* "tcp/25", "udp/5060-5068,50000-59999", "icmp echo", "esp", then what the
 * RPC ports are. */
static void ports_text(struct pp_buf *b, const struct pp_flow *f)
{
	pp_emit_report_ports(b, f);
	if (f->rpc & PP_RPC_EPMAP)
		pp_buf_puts(b, " (RPC endpoint mapper)");
	if (f->rpc & PP_RPC_DYNAMIC)
		pp_buf_puts(b, " (RPC dynamic range)");
	if (f->rpc & PP_RPC_PINNED)
		pp_buf_puts(b, " (RPC, pinned by registry)");
}

/* English first; the source's Japanese after it when it says more. */
static void text_pair(struct pp_buf *b, struct pp_text t)
{
	const char *en = t.en ? t.en : t.ja;
	if (!en) {
		pp_buf_putc(b, '-');
		return;
	}
	md_text(b, en);
	if (t.ja && t.en && strcmp(t.ja, t.en) != 0) {
		pp_buf_puts(b, " (");
		md_text(b, t.ja);
		pp_buf_putc(b, ')');
	}
}

static void table_head(struct pp_buf *b, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pp_buf_printf(b, "| %s ", cols[i]);
	pp_buf_puts(b, "|\n");
	for (size_t i = 0; i < n; i++)
		pp_buf_puts(b, "|---");
	pp_buf_puts(b, "|\n");
}

static const char *const windows_names[] = {
	[PP_WIN_NONE] = "-", [PP_WIN_LEGACY] = "legacy (RPC 1025-5000)",
	[PP_WIN_MODERN] = "modern (RPC 49152-65535)", [PP_WIN_MIXED] = "mixed",
};

static void flow_row(struct pp_buf *b, const struct pp_flow *f)
{
	pp_buf_puts(b, "| ");
	md_text(b, f->id);
	pp_buf_puts(b, " | ");
	md_text(b, f->name);
	if (f->program) {
		pp_buf_puts(b, ", program ");
		md_code(b, f->program);
	}
	pp_buf_puts(b, " | ");
	md_text(b, f->src->name);
	pp_buf_puts(b, " (");
	pp_emit_cidr_list(b, f->src_addrs, f->n_src_addrs);
	pp_buf_puts(b, ") | ");
	md_text(b, f->dst->name);
	pp_buf_puts(b, " (");
	pp_emit_cidr_list(b, f->dst_addrs, f->n_dst_addrs);
	pp_buf_puts(b, ") | ");
	ports_text(b, f);
	pp_buf_puts(b, " | ");
	if (f->enforce & PP_ENF_BOUNDARY) {
		pp_buf_puts(b, "boundary ");
		md_text(b, f->src_zone ? f->src_zone : "any");
		pp_buf_puts(b, " \xe2\x86\x92 ");
		md_text(b, f->dst_zone ? f->dst_zone : "any");
		pp_buf_puts(b, f->enforce & PP_ENF_HOST ? ", " : "");
	}
	pp_buf_puts(b, f->enforce & PP_ENF_HOST ? "host" : "");
	pp_buf_puts(b, " | ");
	text_pair(b, f->auth);
	pp_buf_puts(b, " | ");
	text_pair(b, f->encryption);
	pp_buf_puts(b, " | ");
	md_text(b, f->explain);
	if (!f->explain && !f->n_refs)
		pp_buf_putc(b, '-');
	for (size_t i = 0; i < f->n_refs; i++) {
		pp_buf_puts(b, i ? ", " : f->explain ? "; refs " : "refs ");
		md_text(b, f->refs[i]);
	}
	pp_buf_puts(b, " |\n");
}

static int emit_markdown(const struct pp_plan *plan, const struct pp_emit_options *opt,
			 struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt; /* a report covers every host */
	struct pp_emit_summary sum;
	if (pp_emit_report_summary(plan, &sum, err, errlen) != 0)
		return -1;

	struct pp_buf *b = pp_emit_file(out, "portplan.md");
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pp_buf_puts(b, "# Firewall plan");
	if (plan->name && *plan->name) {
		pp_buf_puts(b, ": ");
		md_text(b, plan->name);
	}
	pp_buf_puts(b, "\n\n");
	if (plan->source_file) {
		pp_buf_puts(b, "Planned from ");
		md_code(b, plan->source_file);
		pp_buf_puts(b, " by portplan.\n\n");
	}

	pp_buf_puts(b, "## Summary\n\n");
	pp_buf_printf(b, "- %zu endpoint%s in %zu zone%s\n", plan->n_endpoints,
		      pp_emit_plural(plan->n_endpoints), sum.zones, pp_emit_plural(sum.zones));
	pp_buf_printf(b, "- %zu flow%s: %zu enforced at zone boundaries, %zu on destination hosts\n",
		      plan->n_flows, pp_emit_plural(plan->n_flows), sum.boundary, sum.host);
	pp_buf_printf(b, "- %zu registry value%s that pin RPC ports\n", plan->n_reg_values,
		      pp_emit_plural(plan->n_reg_values));
	pp_buf_printf(b, "- %zu warning%s\n\n", plan->n_warnings, pp_emit_plural(plan->n_warnings));

	/* Replies to every flow are implied: the firewalls are stateful. */
	pp_buf_puts(b, "## Flows\n\nEach flow is allowed from its source to its destination; replies are "
		       "implied. Everything else is denied.\n\n");
	static const char *const flow_cols[] = {"id", "flow", "from", "to", "transport/ports",
						"enforced", "auth", "encryption", "why"};
	if (plan->n_flows == 0)
		pp_buf_puts(b, "None: nothing is allowed.\n");
	else
		table_head(b, flow_cols, sizeof flow_cols / sizeof *flow_cols);
	for (size_t i = 0; i < plan->n_flows; i++)
		flow_row(b, &plan->flows[i]);

	pp_buf_puts(b, "\n## Endpoints\n\n");
	static const char *const ep_cols[] = {"name", "kind", "zone", "addresses", "Windows",
					      "description"};
	table_head(b, ep_cols, sizeof ep_cols / sizeof *ep_cols);
	for (size_t i = 0; i < plan->n_endpoints; i++) {
		const struct pp_endpoint *e = plan->endpoints[i];
		pp_buf_puts(b, "| ");
		md_text(b, e->name);
		pp_buf_printf(b, " | %s", pp_emit_kind_name(e->kind, "?"));
		for (size_t m = 0; m < e->n_members; m++) {
			pp_buf_puts(b, m ? ", " : " of ");
			md_text(b, e->members[m] ? e->members[m]->name : "?");
		}
		pp_buf_puts(b, " | ");
		md_text(b, e->zone ? e->zone : "-");
		pp_buf_puts(b, " | ");
		pp_emit_cidr_list(b, e->addrs, e->n_addrs);
		pp_buf_printf(b, " | %s", e->windows <= PP_WIN_MIXED ? windows_names[e->windows] : "?");
		if (e->windows_as_written) {
			pp_buf_puts(b, ", ");
			md_text(b, e->windows_as_written);
		}
		pp_buf_puts(b, " | ");
		md_text(b, e->description ? e->description : "-");
		pp_buf_puts(b, " |\n");
	}

	pp_buf_puts(b, "\n## Registry values\n\n");
	if (plan->n_reg_values == 0) {
		pp_buf_puts(b, "None: no RPC service is pinned to a static port.\n");
	} else {
		pp_buf_puts(b, "Set on each host, then restart the service, so that its RPC ports match "
			       "the pinned flows.\n\n");
		static const char *const reg_cols[] = {"host", "key", "value", "type", "data", "pin",
						       "product"};
		table_head(b, reg_cols, sizeof reg_cols / sizeof *reg_cols);
		for (size_t i = 0; i < plan->n_reg_values; i++) {
			const struct pp_reg_value *r = &plan->reg_values[i];
			pp_buf_puts(b, "| ");
			md_text(b, r->host ? r->host->name : "-");
			pp_buf_puts(b, " | ");
			md_code(b, r->key);
			pp_buf_puts(b, " | ");
			md_code(b, r->value_name);
			pp_buf_puts(b, " | ");
			md_code(b, r->value_type);
			pp_buf_printf(b, " | %lu | ", (unsigned long)r->data);
			md_text(b, r->pin);
			pp_buf_puts(b, " | ");
			md_text(b, r->product);
			pp_buf_puts(b, " |\n");
		}
	}

	pp_buf_puts(b, "\n## Warnings\n\n");
	if (plan->n_warnings == 0) {
		pp_buf_puts(b, "None.\n");
	} else {
		static const char *const warn_cols[] = {"#", "warning"};
		table_head(b, warn_cols, 2);
		for (size_t i = 0; i < plan->n_warnings; i++) {
			pp_buf_printf(b, "| %zu | ", i + 1);
			md_text(b, plan->warnings[i]);
			pp_buf_puts(b, " |\n");
		}
	}
	if (b->failed) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

const struct pp_emitter pp_emit_markdown = { .name = "markdown", .summary = "the plan as a Markdown report for people (portplan.md)", .emit = emit_markdown };
