/*
 * Pinned ports against a saved listener listing. Two formats, told apart
 * line by line: Windows `netstat -ano` ("TCP 0.0.0.0:135 0.0.0.0:0
 * LISTENING 912", UDP lines have no state) and Linux `ss -ltnu` ("tcp
 * LISTEN 0 128 0.0.0.0:22 0.0.0.0:*"). Lines of neither shape are skipped;
 * the listing is untrusted text and every field is checked.
 */
#include <stdlib.h>
#include <string.h>

#include "portplan/planner.h"
#include "util/text.h"

struct listener {
	unsigned transport;
	unsigned port;
	char owner[32]; /* PID or process text, for the message */
	unsigned line;
};

/* The port after the last ':' of an address, or -1. */
static long port_of(const char *tok)
{
	const char *colon = strrchr(tok, ':');
	if (!colon || !colon[1])
		return -1;
	char *end;
	long v = strtol(colon + 1, &end, 10);
	return *end || v < 0 || v > 65535 ? -1 : v;
}

static size_t split(char *line, char **tok, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *t = strtok_r(line, " \t\r", &save); t && n < max;
	     t = strtok_r(NULL, " \t\r", &save))
		tok[n++] = t;
	return n;
}

static bool parse_line(char *line, unsigned lineno, struct listener *out)
{
	char *tok[16];
	size_t n = split(line, tok, 16);
	if (n < 2)
		return false;
	unsigned tr = pp_eq_ci(tok[0], "tcp") || pp_eq_ci(tok[0], "tcp6") ? PP_TR_TCP
		    : pp_eq_ci(tok[0], "udp") || pp_eq_ci(tok[0], "udp6") ? PP_TR_UDP : 0;
	if (!tr)
		return false;
	*out = (struct listener){.transport = tr, .line = lineno};
	if (n >= 5 && (strcmp(tok[1], "LISTEN") == 0 || strcmp(tok[1], "UNCONN") == 0)) {
		/* ss: Netid State Recv-Q Send-Q Local Peer [Process] */
		long port = port_of(tok[4]);
		if (port < 0)
			return false;
		out->port = (unsigned)port;
		snprintf(out->owner, sizeof out->owner, "%.31s", n > 6 ? tok[6] : "a process");
		return true;
	}
	/* netstat -ano: Proto Local Foreign [State] PID */
	long port = port_of(tok[1]);
	if (port < 0 || n < 4)
		return false;
	if (tr == PP_TR_TCP && (n < 5 || strcmp(tok[3], "LISTENING") != 0))
		return false; /* an established connection's local port is not a listener */
	out->port = (unsigned)port;
	snprintf(out->owner, sizeof out->owner, "PID %.26s", tok[n - 1]);
	return true;
}

size_t pp_plan_check_listeners(const struct pp_deployment *dep, const char *host,
			       const char *listing_file, const char *text, size_t len,
			       struct pp_diags *d)
{
	d->file = listing_file;
	d->text = text;
	d->text_len = len;
	const struct pp_dep_host *h = NULL;
	size_t with_pins = 0;
	for (size_t i = 0; i < dep->n_pins; i++) {
		bool first = true;
		for (size_t j = 0; j < i; j++)
			first &= dep->pins[j].host != dep->pins[i].host;
		with_pins += first;
		if (host ? strcmp(dep->pins[i].host->name, host) == 0 : first)
			h = dep->pins[i].host;
	}
	if (!host && with_pins > 1) {
		pp_diag_add(d, false, 0, 0, 0, "say which with --host NAME",
			    "%zu hosts have pins; whose listeners are these?", with_pins);
		return 0;
	}
	if (!h) {
		pp_diag_add(d, false, 0, 0, 0, NULL, host ? "host '%s' has no pins to check" : "no host has pins to check",
			    host ? host : "");
		return 0;
	}
	size_t conflicts = 0, parsed = 0;
	const char *p = text, *end = text + len;
	for (unsigned lineno = 1; p < end; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		struct listener l;
		if (parse_line(line, lineno, &l)) {
			parsed++;
			for (size_t i = 0; i < dep->n_pins; i++) {
				const struct pp_dep_pin *pin = &dep->pins[i];
				if (pin->host != h || pin->port != l.port || !(l.transport & PP_TR_TCP))
					continue;
				pp_diag_add(d, false, lineno, 1, 0, NULL,
					    "port %u/tcp is already in use (%s): pin %s of '%s' would conflict, and a conflicting port stops the service from starting (000, line 71)",
					    l.port, l.owner, pin->pin->id, h->name);
				conflicts++;
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (!parsed)
		pp_diag_add(d, false, 0, 0, 0, "save it with 'netstat -ano' on Windows or 'ss -ltnu' on Linux",
			    "no listener found in the listing");
	return conflicts;
}
