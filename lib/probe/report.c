/* Printing probe results: an aligned table, JSON (jansson) and JUnit XML
 * for pipelines. Text that came from the network is printable already
 * (protocol parsers copy it through pp_printable). */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "portplan/probe.h"
#include "portplan/probe_report.h"
#include "util/json.h"

const char *pp_probe_address(const struct pp_probe_target *t, char *buf, size_t len)
{
	const void *a = t->addr.ss_family == AF_INET6
				? (const void *)&((const struct sockaddr_in6 *)&t->addr)->sin6_addr
				: (const void *)&((const struct sockaddr_in *)&t->addr)->sin_addr;
	if (!inet_ntop(t->addr.ss_family, a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

const char *pp_probe_verdict_name(enum pp_probe_verdict v)
{
	switch (v) {
	case PP_VERDICT_NONE: return "";
	case PP_VERDICT_PASS: return "pass";
	case PP_VERDICT_UNSURE: return "unsure";
	case PP_VERDICT_FAIL: return "FAIL";
	}
	return "?";
}

static const char *transport(const struct pp_probe_target *t)
{
	return t->transport == PP_TR_UDP ? "udp" : "tcp";
}

static void print_table(const struct pp_probe_result *r, size_t n, const enum pp_probe_verdict *v,
			const char *const *notes, FILE *out)
{
	bool flows = false;
	for (size_t i = 0; i < n; i++)
		flows |= r[i].target.flow != NULL;
	fprintf(out, "%s%-40s %-11s %-22s %8s  %s\n", flows ? "FLOW   VERDICT " : "", "TARGET", "PROTOCOL",
		"STATE", "MS", "REPLY");
	for (size_t i = 0; i < n; i++) {
		char addr[64], target[128];
		pp_probe_address(&r[i].target, addr, sizeof addr);
		/* An IPv6 address goes in brackets before its port. */
		bool v6 = strchr(addr, ':') != NULL, named = strcmp(addr, r[i].target.host) != 0;
		snprintf(target, sizeof target, "%s%s%s%s%s:%u/%s", named ? r[i].target.host : "",
			 named ? " " : "", v6 ? "[" : "", addr, v6 ? "]" : "", r[i].target.port,
			 transport(&r[i].target));
		if (flows)
			fprintf(out, "%-6s %-7s ", r[i].target.flow ? r[i].target.flow : "-",
				v ? pp_probe_verdict_name(v[i]) : "");
		fprintf(out, "%-40s %-11s %-22s %8.1f  %s\n", target,
			r[i].target.proto ? r[i].target.proto->name : "-", pp_probe_state_name(r[i].state),
			r[i].ms, r[i].reply.detail);
		for (size_t k = 0; k < r[i].reply.n_entries; k++) {
			const struct pp_epm_entry *e = &r[i].reply.entries[k];
			fprintf(out, "    %s v%u.%u %-13s %-22s %s\n", e->uuid, e->vers_major, e->vers_minor,
				e->protseq, e->endpoint, e->annotation);
		}
	}
	for (size_t i = 0; notes && notes[i]; i++)
		fprintf(out, "%s\n", notes[i]);
}

static json_t *jresult(const struct pp_probe_result *r, enum pp_probe_verdict v)
{
	char addr[64];
	json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s?, s:s, s:f, s:b, s:s}", "host", r->target.host,
			      "address", pp_probe_address(&r->target, addr, sizeof addr), "port",
			      r->target.port, "transport", transport(&r->target), "protocol",
			      r->target.proto ? r->target.proto->name : NULL, "state",
			      pp_probe_state_name(r->state), "ms", r->ms, "protocol_ok", r->proto_ok,
			      "reply", r->reply.detail);
	if (r->target.flow) {
		json_object_set_new(o, "flow", json_string(r->target.flow));
		json_object_set_new(o, "verdict", json_string(pp_probe_verdict_name(v)));
	}
	if (r->reply.n_entries) {
		json_t *a = json_array();
		for (size_t k = 0; k < r->reply.n_entries; k++) {
			const struct pp_epm_entry *e = &r->reply.entries[k];
			json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:i, s:s}", "uuid",
							   e->uuid, "version_major", e->vers_major,
							   "version_minor", e->vers_minor, "protseq", e->protseq,
							   "endpoint", e->endpoint, "annotation", e->annotation,
							   "port", e->port, "address", e->address));
		}
		json_object_set_new(o, "endpoints", a);
	}
	return o;
}

/* XML text and attribute values: the five entities, and no control byte
 * (XML 1.0 cannot carry them at all). */
static void xml(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fputc(c < 0x20 && c != '\t' ? '?' : c, out);
		}
	}
}

static void print_junit(const struct pp_probe_result *r, size_t n, const enum pp_probe_verdict *v,
			const char *suite, FILE *out)
{
	size_t failures = 0;
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		failures += v ? v[i] == PP_VERDICT_FAIL : 0;
		total += r[i].ms;
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"");
	xml(out, suite);
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" time=\"%.3f\">\n", n, failures, total / 1000.0);
	for (size_t i = 0; i < n; i++) {
		char addr[64], name[256];
		snprintf(name, sizeof name, "%s%s%s:%u/%s", r[i].target.flow ? r[i].target.flow : "",
			 r[i].target.flow ? " " : "", pp_probe_address(&r[i].target, addr, sizeof addr),
			 r[i].target.port, transport(&r[i].target));
		fputs("  <testcase classname=\"portplan.", out);
		xml(out, r[i].target.host);
		fputs("\" name=\"", out);
		xml(out, name);
		fprintf(out, "\" time=\"%.3f\">", r[i].ms / 1000.0);
		if (v && v[i] == PP_VERDICT_FAIL) {
			fputs("<failure message=\"", out);
			xml(out, pp_probe_state_name(r[i].state));
			fputs("\">", out);
			xml(out, r[i].reply.detail);
			fputs("</failure>", out);
		}
		fputs("<system-out>", out);
		xml(out, pp_probe_state_name(r[i].state));
		if (*r[i].reply.detail) {
			fputs(": ", out);
			xml(out, r[i].reply.detail);
		}
		fputs("</system-out></testcase>\n", out);
	}
	fputs("</testsuite>\n", out);
}

int pp_probe_print(const struct pp_probe_result *r, size_t n, const enum pp_probe_verdict *v,
		   const char *const *notes, enum pp_probe_format fmt, const char *suite, FILE *out)
{
	switch (fmt) {
	case PP_PROBE_TABLE:
		print_table(r, n, v, notes, out);
		break;
	case PP_PROBE_JUNIT:
		print_junit(r, n, v, suite, out);
		break;
	case PP_PROBE_JSON: {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, jresult(&r[i], v ? v[i] : PP_VERDICT_NONE));
		json_t *root = json_pack("{s:s, s:o}", "run", suite, "results", a);
		json_t *jn = json_array();
		for (size_t i = 0; notes && notes[i]; i++)
			json_array_append_new(jn, json_string(notes[i]));
		json_object_set_new(root, "notes", jn);
		int rc = pp_json_write(root, out);
		fputc('\n', out);
		json_decref(root);
		if (rc)
			return -1;
		break;
	}
	}
	return ferror(out) ? -1 : 0;
}
