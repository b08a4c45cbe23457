/*
 * html: the plan as one self-contained page, portplan.html: a diagram of
 * zones, endpoints and flows (inline SVG), then the flows, endpoints,
 * registry values and warnings as tables. No script, no external URL, and
 * a Content-Security-Policy that forbids both, so the page is safe to open
 * from a mail or a share.
 *
 * The diagram is laid out like a sequence diagram, which never overlaps:
 * zones are columns, each endpoint a box with a lifeline inside its zone,
 * and each flow one horizontal arrow on a row of its own, labelled with id,
 * name and ports. Everything is integer arithmetic over plan order, so the
 * same plan gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/emit.h"
#include "util/text.h"

/* Untrusted text for element content or a quoted attribute, in HTML and in
 * inline SVG alike: & < > " ' as references; control characters other than
 * tab and newline as numeric references, so the DOM holds exactly the
 * original text (a raw CR would be turned into a newline by the parser);
 * a byte that is not UTF-8 as U+FFFD. */
static void h(struct pp_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p;) {
		size_t n = pp_emit_utf8_len(p);
		if (n == 0) {
			pp_buf_puts(b, "\xef\xbf\xbd");
			p++;
			continue;
		}
		if (n > 1) {
			pp_buf_put(b, (const char *)p, n);
			p += n;
			continue;
		}
		unsigned char c = *p++;
		switch (c) {
		case '&': pp_buf_puts(b, "&amp;"); break;
		case '<': pp_buf_puts(b, "&lt;"); break;
		case '>': pp_buf_puts(b, "&gt;"); break;
		case '"': pp_buf_puts(b, "&quot;"); break;
		case '\'': pp_buf_puts(b, "&#39;"); break;
		case '\t': case '\n': pp_buf_putc(b, (char)c); break;
		default:
			if (c < 0x20 || c == 0x7f)
				pp_buf_printf(b, "&#%u;", c);
			else
				pp_buf_putc(b, (char)c);
		}
	}
}

/* Untrusted text inline among other text: <bdi> keeps a right-to-left
 * override in a name from reordering what follows it. */
static void hbdi(struct pp_buf *b, const char *s)
{
	pp_buf_puts(b, "<bdi>");
	h(b, s);
	pp_buf_puts(b, "</bdi>");
}

static const char *rpc_text(unsigned rpc)
{
	return rpc & PP_RPC_EPMAP ? "RPC endpoint mapper" : rpc & PP_RPC_DYNAMIC ? "RPC dynamic range"
	     : rpc & PP_RPC_PINNED ? "RPC, pinned by registry" : NULL;
}

/* English first; the source's Japanese after it when it says more. */
static void text_pair(struct pp_buf *b, struct pp_text t)
{
	const char *en = t.en ? t.en : t.ja;
	if (!en) {
		pp_buf_puts(b, "-");
		return;
	}
	hbdi(b, en);
	if (t.ja && t.en && strcmp(t.ja, t.en) != 0) {
		pp_buf_puts(b, " <span lang=\"ja\">(");
		hbdi(b, t.ja);
		pp_buf_puts(b, ")</span>");
	}
}

static const char *const windows_names[] = {
	[PP_WIN_NONE] = NULL, [PP_WIN_LEGACY] = "Windows legacy (RPC 1025-5000)",
	[PP_WIN_MODERN] = "Windows modern (RPC 49152-65535)", [PP_WIN_MIXED] = "Windows mixed",
};

static const char *const short_windows[] = {
	[PP_WIN_NONE] = "", [PP_WIN_LEGACY] = " \xc2\xb7 Win legacy",
	[PP_WIN_MODERN] = " \xc2\xb7 Win modern", [PP_WIN_MIXED] = " \xc2\xb7 Win mixed",
};

static const char *windows_name(enum pp_windows w)
{
	return (unsigned)w <= PP_WIN_MIXED ? windows_names[w] : NULL;
}

/* ---------- the diagram ---------- */

enum {
	MARGIN = 12,    /* around the drawing */
	ZONE_PAD = 8,   /* zone edge to its first lane */
	ZONE_GAP = 16,  /* between zone columns */
	LANE_W = 136,   /* one endpoint's column */
	BOX_Y = MARGIN + 28, /* endpoint boxes, under the zone title */
	LINE_H = 14,    /* one line of detail in a box */
	MAX_ADDR_LINES = 3, /* then "+N more" */
	ROW_GAP = 40,   /* box bottom to the first flow's arrow */
	ROW_H = 36,
	CHAR_W = 7,     /* rough advance of one column of 12px text */
};

struct layout {
	size_t n_zones;
	const char **zone_names; /* NULL: the endpoints with no zone (any) */
	int *zone_x, *zone_w;
	size_t *ep_zone;         /* per endpoint: its zone index */
	int *ep_x;               /* per endpoint: the lane's centre */
	int box_h;               /* every box fits the longest address list */
	int width, height;
};

static bool same_zone(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void layout_free(struct layout *l)
{
	free(l->zone_names);
	free(l->zone_x);
	free(l->zone_w);
	free(l->ep_zone);
	free(l->ep_x);
}

static size_t endpoint_index(const struct pp_plan *plan, const struct pp_endpoint *e)
{
	size_t i = 0;
	while (i < plan->n_endpoints && plan->endpoints[i] != e)
		i++;
	return i;
}

/* The arrow's label, escaped, and its rough width in pixels: measured on
 * the escaped text, which is never shorter, so it only errs wide. */
static int flow_label(struct pp_buf *label, const struct pp_flow *f)
{
	h(label, f->id);
	pp_buf_puts(label, " ");
	h(label, f->name);
	pp_buf_puts(label, " \xc2\xb7 ");
	pp_emit_report_ports(label, f); /* digits and fixed words: no escaping */
	return label->data ? (int)pp_display_width(label->data) * CHAR_W : 0;
}

/* Zones in order of first appearance, each endpoint in a lane of its zone
 * in plan order. 0, or -1 when out of memory. */
static int layout_plan(const struct pp_plan *plan, struct layout *l)
{
	size_t n = plan->n_endpoints;
	*l = (struct layout){0};
	l->zone_names = calloc(n + 1, sizeof *l->zone_names);
	l->zone_x = calloc(n + 1, sizeof *l->zone_x);
	l->zone_w = calloc(n + 1, sizeof *l->zone_w);
	l->ep_zone = calloc(n + 1, sizeof *l->ep_zone);
	l->ep_x = calloc(n + 1, sizeof *l->ep_x);
	if (!l->zone_names || !l->zone_x || !l->zone_w || !l->ep_zone || !l->ep_x)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *z = plan->endpoints[i]->zone;
		size_t k = 0;
		while (k < l->n_zones && !same_zone(l->zone_names[k], z))
			k++;
		if (k == l->n_zones)
			l->zone_names[l->n_zones++] = z;
		l->ep_zone[i] = k;
	}
	int x = MARGIN;
	for (size_t k = 0; k < l->n_zones; k++) {
		int lanes = 0;
		for (size_t i = 0; i < n; i++)
			if (l->ep_zone[i] == k)
				l->ep_x[i] = x + ZONE_PAD + lanes++ * LANE_W + LANE_W / 2;
		l->zone_x[k] = x;
		l->zone_w[k] = lanes * LANE_W + 2 * ZONE_PAD;
		x += l->zone_w[k] + ZONE_GAP;
	}
	size_t lines = 1;
	for (size_t i = 0; i < n; i++) {
		size_t a = plan->endpoints[i]->n_addrs;
		a = a > MAX_ADDR_LINES ? MAX_ADDR_LINES + 1 : a;
		lines = a > lines ? a : lines;
	}
	l->box_h = 40 + (int)lines * LINE_H;
	l->width = (n ? x - ZONE_GAP : x + 200) + MARGIN;
	/* A flow to itself puts its label right of its lane: make room. */
	for (size_t i = 0; i < plan->n_flows; i++) {
		const struct pp_flow *f = &plan->flows[i];
		size_t e = endpoint_index(plan, f->src);
		if (f->src != f->dst || e == n)
			continue;
		struct pp_buf label = {0};
		int need = l->ep_x[e] + 34 + flow_label(&label, f) + MARGIN;
		pp_buf_free(&label);
		l->width = need > l->width ? need : l->width;
	}
	l->height = BOX_Y + l->box_h + ROW_GAP + (int)plan->n_flows * ROW_H + MARGIN;
	return 0;
}

/* A box: name, kind and Windows generation, then one address a line. */
static void svg_endpoint(struct pp_buf *b, const struct pp_endpoint *e, int cx, int box_h, int bottom)
{
	int w = LANE_W - 14;
	pp_buf_printf(b, "<g class=\"endpoint ep-%s\"><title>", pp_emit_kind_name(e->kind, "?"));
	h(b, e->name);
	pp_buf_printf(b, "</title><line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", cx,
		      BOX_Y + box_h, cx, bottom);
	/* A nested svg clips a long name to its box; the title shows it whole. */
	pp_buf_printf(b, "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">", cx - w / 2, BOX_Y, w, box_h);
	pp_buf_printf(b, "<rect class=\"box\" x=\"1\" y=\"1\" width=\"%d\" height=\"%d\" rx=\"5\"/>", w - 2,
		      box_h - 2);
	pp_buf_puts(b, "<text class=\"name\" x=\"7\" y=\"18\">");
	h(b, e->name);
	pp_buf_printf(b, "</text><text class=\"detail\" x=\"7\" y=\"34\">%s%s</text>",
		      pp_emit_kind_name(e->kind, "?"),
		      short_windows[(unsigned)e->windows <= PP_WIN_MIXED ? e->windows : 0]);
	for (size_t i = 0; i < e->n_addrs; i++) {
		int y = 34 + LINE_H * (int)(i + 1);
		char s[PP_CIDR_STRLEN];
		if (i == MAX_ADDR_LINES && e->n_addrs > MAX_ADDR_LINES + 1) {
			pp_buf_printf(b, "<text class=\"detail\" x=\"7\" y=\"%d\">+%zu more</text>", y,
				      e->n_addrs - i);
			break;
		}
		pp_buf_printf(b, "<text class=\"detail addr\" x=\"7\" y=\"%d\">%s</text>", y,
			      pp_cidr_format(&e->addrs[i], s, false));
	}
	pp_buf_puts(b, "</svg></g>\n");
}

static void svg_flow(struct pp_buf *b, const struct pp_flow *f, int x1, int x2, int y, int width)
{
	const char *cls = f->enforce & PP_ENF_BOUNDARY ? "boundary" : "host";
	pp_buf_printf(b, "<g class=\"flow %s\"><title>", cls);
	h(b, f->id);
	pp_buf_puts(b, " ");
	h(b, f->name);
	pp_buf_puts(b, ": ");
	h(b, f->src->name);
	pp_buf_puts(b, " \xe2\x86\x92 ");
	h(b, f->dst->name);
	pp_buf_puts(b, ", ");
	pp_emit_report_ports(b, f);
	pp_buf_puts(b, "</title>");

	struct pp_buf label = {0};
	int tw = flow_label(&label, f);
	int lx;
	if (x1 == x2) {
		/* To itself: a small loop to the right, the label after it. */
		pp_buf_printf(b, "<path class=\"arrow\" d=\"M%d %dh28v16h-24\"/>", x1, y - 8);
		lx = x1 + 34;
	} else {
		int end = x2 > x1 ? x2 - 3 : x2 + 3;
		pp_buf_printf(b, "<path class=\"arrow\" d=\"M%d %dH%d\"/>", x1, y, end);
		lx = (x1 + x2) / 2;
		if (lx - tw / 2 < MARGIN)
			lx = MARGIN + tw / 2;
		if (lx + tw / 2 > width - MARGIN)
			lx = width - MARGIN - tw / 2;
	}
	pp_buf_printf(b, "<text class=\"label%s\" x=\"%d\" y=\"%d\">", x1 == x2 ? " loop" : "", lx,
		      x1 == x2 ? y + 4 : y - 7);
	if (label.data)
		pp_buf_puts(b, label.data);
	b->failed |= label.failed;
	pp_buf_free(&label);
	pp_buf_puts(b, "</text></g>\n");
}

static int svg_diagram(struct pp_buf *b, const struct pp_plan *plan, char *err, size_t errlen)
{
	struct layout l;
	if (layout_plan(plan, &l) != 0) {
		layout_free(&l);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pp_buf_printf(b, "<svg class=\"diagram\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		      "role=\"img\" aria-label=\"zones, endpoints and flows\">\n", l.width, l.height,
		      l.width, l.height);
	pp_buf_puts(b, "<defs>"
		       "<marker id=\"head-boundary\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
		       "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
		       "<path d=\"M0 0L10 5L0 10z\" class=\"head boundary\"/></marker>"
		       "<marker id=\"head-host\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
		       "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
		       "<path d=\"M0 0L10 5L0 10z\" class=\"head host\"/></marker>"
		       "</defs>\n");
	for (size_t k = 0; k < l.n_zones; k++) {
		pp_buf_printf(b, "<g class=\"zone\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"8\"/>"
			      "<text class=\"zone-name\" x=\"%d\" y=\"%d\">", l.zone_x[k], MARGIN, l.zone_w[k],
			      l.height - 2 * MARGIN, l.zone_x[k] + 10, MARGIN + 18);
		if (l.zone_names[k]) {
			pp_buf_puts(b, "zone ");
			h(b, l.zone_names[k]);
		} else {
			pp_buf_puts(b, "any address");
		}
		pp_buf_puts(b, "</text></g>\n");
	}
	for (size_t i = 0; i < plan->n_endpoints; i++)
		svg_endpoint(b, plan->endpoints[i], l.ep_x[i], l.box_h, l.height - MARGIN - 6);
	int rc = 0;
	for (size_t i = 0; i < plan->n_flows && rc == 0; i++) {
		const struct pp_flow *f = &plan->flows[i];
		size_t s = endpoint_index(plan, f->src), d = endpoint_index(plan, f->dst);
		if (s == plan->n_endpoints || d == plan->n_endpoints) {
			char id[64];
			snprintf(err, errlen, "flow '%s' refers to an endpoint that is not in the plan",
				 pp_emit_comment(f->id, id, sizeof id));
			rc = -1;
			break;
		}
		svg_flow(b, f, l.ep_x[s], l.ep_x[d], BOX_Y + l.box_h + ROW_GAP + (int)i * ROW_H, l.width);
	}
	pp_buf_puts(b, "</svg>\n");
	layout_free(&l);
	return rc;
}

/* ---------- the page ---------- */

static const char style[] =
	"body{font:14px/1.45 system-ui,\"Noto Sans\",\"DejaVu Sans\",sans-serif;color:#1d2430;"
	"margin:16px;background:#fff}\n"
	"h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:22px 0 8px}\n"
	"table{border-collapse:collapse;margin:4px 0 12px}\n"
	"th,td{border:1px solid #c9ced6;padding:3px 8px;text-align:left;vertical-align:top}\n"
	"th{background:#eef1f5}tbody tr:nth-child(even){background:#f7f8fa}\n"
	"bdi{white-space:pre-wrap}.addr{color:#5a6474;font-size:12px}\n"
	"code{font:12px ui-monospace,\"DejaVu Sans Mono\",monospace;overflow-wrap:anywhere}\n"
	".key{display:inline-block;width:26px;height:0;border-top:3px solid;vertical-align:middle}\n"
	".diagram-box{overflow-x:auto}\n"
	"svg.diagram{font:12px system-ui,\"Noto Sans\",\"DejaVu Sans\",sans-serif}\n"
	".zone rect{fill:#f3f5f8;stroke:#b7bfcb}.zone-name{font-weight:600;fill:#3c4656}\n"
	".box{fill:#fff;stroke:#5a6474}.ep-zone .box,.ep-any .box{stroke-dasharray:4 3}\n"
	".name{font-weight:600}.detail{font-size:11px;fill:#5a6474}\n"
	".life{stroke:#aab2bf;stroke-dasharray:3 4}\n"
	".arrow{fill:none;stroke-width:2}\n"
	".boundary .arrow{stroke:#b8412c;marker-end:url(#head-boundary)}.head.boundary{fill:#b8412c}\n"
	".host .arrow{stroke:#2a62b8;marker-end:url(#head-host)}.head.host{fill:#2a62b8}\n"
	".label{text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:4px;"
	"stroke-linejoin:round}.label.loop{text-anchor:start}\n";

static void table_head(struct pp_buf *b, const char *id, const char *const *cols, size_t n)
{
	pp_buf_printf(b, "<table id=\"%s\">\n<thead><tr>", id);
	for (size_t i = 0; i < n; i++)
		pp_buf_printf(b, "<th>%s</th>", cols[i]);
	pp_buf_puts(b, "</tr></thead>\n<tbody>\n");
}

static void flow_row(struct pp_buf *b, const struct pp_flow *f)
{
	pp_buf_puts(b, "<tr><td>");
	h(b, f->id);
	pp_buf_puts(b, "</td><td>");
	hbdi(b, f->name);
	if (f->program) {
		pp_buf_puts(b, "<div class=\"addr\">program <code>");
		h(b, f->program);
		pp_buf_puts(b, "</code></div>");
	}
	pp_buf_puts(b, "</td><td>");
	hbdi(b, f->src->name);
	pp_buf_puts(b, "<div class=\"addr\">");
	pp_emit_cidr_list(b, f->src_addrs, f->n_src_addrs);
	pp_buf_puts(b, "</div></td><td>");
	hbdi(b, f->dst->name);
	pp_buf_puts(b, "<div class=\"addr\">");
	pp_emit_cidr_list(b, f->dst_addrs, f->n_dst_addrs);
	pp_buf_puts(b, "</div></td><td>");
	pp_emit_report_ports(b, f);
	if (rpc_text(f->rpc))
		pp_buf_printf(b, "<div class=\"addr\">%s</div>", rpc_text(f->rpc));
	pp_buf_puts(b, "</td><td>");
	if (f->enforce & PP_ENF_BOUNDARY) {
		pp_buf_puts(b, "boundary ");
		hbdi(b, f->src_zone ? f->src_zone : "any");
		pp_buf_puts(b, " \xe2\x86\x92 ");
		hbdi(b, f->dst_zone ? f->dst_zone : "any");
		pp_buf_puts(b, f->enforce & PP_ENF_HOST ? ",<br>" : "");
	}
	pp_buf_puts(b, f->enforce & PP_ENF_HOST ? "host" : "");
	pp_buf_puts(b, "</td><td>");
	text_pair(b, f->auth);
	pp_buf_puts(b, "</td><td>");
	text_pair(b, f->encryption);
	pp_buf_puts(b, "</td><td>");
	if (f->explain)
		hbdi(b, f->explain);
	if (!f->explain && !f->n_refs)
		pp_buf_putc(b, '-');
	for (size_t i = 0; i < f->n_refs; i++) {
		pp_buf_puts(b, i ? ", " : "<div class=\"addr\">refs ");
		h(b, f->refs[i]);
	}
	pp_buf_puts(b, f->n_refs ? "</div></td></tr>\n" : "</td></tr>\n");
}

static int emit_html(const struct pp_plan *plan, const struct pp_emit_options *opt,
		     struct pp_emit_out *out, char *err, size_t errlen)
{
	(void)opt; /* a report covers every host */
	struct pp_emit_summary sum;
	if (pp_emit_report_summary(plan, &sum, err, errlen) != 0)
		return -1;

	struct pp_buf *b = pp_emit_file(out, "portplan.html");
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pp_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<title>Firewall plan");
	if (plan->name && *plan->name) {
		pp_buf_puts(b, ": ");
		h(b, plan->name);
	}
	pp_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Firewall plan", style);
	if (plan->name && *plan->name) {
		pp_buf_puts(b, ": ");
		hbdi(b, plan->name);
	}
	pp_buf_puts(b, "</h1>\n");
	if (plan->source_file) {
		pp_buf_puts(b, "<p>Planned from <code>");
		h(b, plan->source_file);
		pp_buf_puts(b, "</code> by portplan.</p>\n");
	}
	pp_buf_printf(b, "<p class=\"summary\">%zu endpoint%s in %zu zone%s; %zu flow%s: %zu enforced at "
		      "zone boundaries, %zu on destination hosts; %zu registry value%s that pin RPC "
		      "ports; %zu warning%s.</p>\n", plan->n_endpoints, pp_emit_plural(plan->n_endpoints),
		      sum.zones, pp_emit_plural(sum.zones), plan->n_flows, pp_emit_plural(plan->n_flows),
		      sum.boundary, sum.host, plan->n_reg_values, pp_emit_plural(plan->n_reg_values),
		      plan->n_warnings, pp_emit_plural(plan->n_warnings));

	pp_buf_puts(b, "<h2>Diagram</h2>\n<p><span class=\"key\" style=\"color:#b8412c\"></span> "
		       "crosses a zone boundary: allowed at the boundary firewall (and on the host "
		       "where marked). <span class=\"key\" style=\"color:#2a62b8\"></span> allowed on "
		       "the destination host's firewall only. Replies are implied; everything else is "
		       "denied.</p>\n<div class=\"diagram-box\">\n");
	if (svg_diagram(b, plan, err, errlen) != 0)
		return -1;
	pp_buf_puts(b, "</div>\n<h2>Flows</h2>\n");
	static const char *const flow_cols[] = {"id", "flow", "from", "to", "transport/ports",
						"enforced", "auth", "encryption", "why"};
	if (plan->n_flows == 0) {
		pp_buf_puts(b, "<p>None: nothing is allowed.</p>\n");
	} else {
		table_head(b, "flows", flow_cols, sizeof flow_cols / sizeof *flow_cols);
		for (size_t i = 0; i < plan->n_flows; i++)
			flow_row(b, &plan->flows[i]);
		pp_buf_puts(b, "</tbody></table>\n");
	}
	pp_buf_puts(b, "<h2>Endpoints</h2>\n");

	static const char *const ep_cols[] = {"name", "kind", "zone", "addresses", "Windows",
					      "description"};
	table_head(b, "endpoints", ep_cols, sizeof ep_cols / sizeof *ep_cols);
	for (size_t i = 0; i < plan->n_endpoints; i++) {
		const struct pp_endpoint *e = plan->endpoints[i];
		pp_buf_puts(b, "<tr><td>");
		hbdi(b, e->name);
		pp_buf_printf(b, "</td><td>%s", pp_emit_kind_name(e->kind, "?"));
		for (size_t m = 0; m < e->n_members; m++) {
			pp_buf_puts(b, m ? ", " : " of ");
			hbdi(b, e->members[m] ? e->members[m]->name : "?");
		}
		pp_buf_puts(b, "</td><td>");
		if (e->zone)
			hbdi(b, e->zone);
		else
			pp_buf_puts(b, "-");
		pp_buf_puts(b, "</td><td>");
		pp_emit_cidr_list(b, e->addrs, e->n_addrs);
		pp_buf_printf(b, "</td><td>%s", windows_name(e->windows) ? windows_name(e->windows) : "-");
		if (e->windows_as_written) {
			pp_buf_puts(b, ", ");
			hbdi(b, e->windows_as_written);
		}
		pp_buf_puts(b, "</td><td>");
		if (e->description)
			hbdi(b, e->description);
		pp_buf_puts(b, "</td></tr>\n");
	}
	pp_buf_puts(b, "</tbody></table>\n<h2>Registry values</h2>\n");

	if (plan->n_reg_values == 0) {
		pp_buf_puts(b, "<p>None: no RPC service is pinned to a static port.</p>\n");
	} else {
		pp_buf_puts(b, "<p>Set on each host, then restart the service, so that its RPC ports "
			       "match the pinned flows.</p>\n");
		static const char *const reg_cols[] = {"host", "key", "value", "type", "data", "pin",
						       "product"};
		table_head(b, "registry", reg_cols, sizeof reg_cols / sizeof *reg_cols);
		for (size_t i = 0; i < plan->n_reg_values; i++) {
			const struct pp_reg_value *r = &plan->reg_values[i];
			pp_buf_puts(b, "<tr><td>");
			if (r->host)
				hbdi(b, r->host->name);
			pp_buf_puts(b, "</td><td><code>");
			h(b, r->key);
			pp_buf_puts(b, "</code></td><td><code>");
			h(b, r->value_name);
			pp_buf_puts(b, "</code></td><td>");
			h(b, r->value_type);
			pp_buf_printf(b, "</td><td>%lu</td><td>", (unsigned long)r->data);
			h(b, r->pin);
			pp_buf_puts(b, "</td><td>");
			h(b, r->product);
			pp_buf_puts(b, "</td></tr>\n");
		}
		pp_buf_puts(b, "</tbody></table>\n");
	}

	pp_buf_puts(b, "<h2>Warnings</h2>\n");
	if (plan->n_warnings == 0) {
		pp_buf_puts(b, "<p>None.</p>\n");
	} else {
		pp_buf_puts(b, "<ul class=\"warnings\">\n");
		for (size_t i = 0; i < plan->n_warnings; i++) {
			pp_buf_puts(b, "<li>");
			hbdi(b, plan->warnings[i]);
			pp_buf_puts(b, "</li>\n");
		}
		pp_buf_puts(b, "</ul>\n");
	}
	pp_buf_puts(b, "</body>\n</html>\n");
	if (b->failed) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

const struct pp_emitter pp_emit_html = { .name = "html", .summary = "the plan as a self-contained HTML page with a diagram (portplan.html)", .emit = emit_html };
