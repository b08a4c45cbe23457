/*
 * Probing: PortQry-style checks of TCP and UDP ports, with protocol-aware
 * requests for the services Windows servers run.
 *
 * The engine (lib/probe/engine.c) is non-blocking and event-driven
 * (epoll): many targets at once, bounded concurrency, separate connect,
 * write and read timeouts, UDP retries and a rate limit. It needs no
 * privileges: TCP connect(), and connected UDP sockets, on which an ICMP
 * port-unreachable comes back as ECONNREFUSED.
 *
 * Each protocol is one file in lib/probe/ exporting a `const struct
 * pp_proto pp_proto_<name>`: it writes its request bytes (documented field
 * by field) and reads the reply, trusting nothing in it. A protocol may
 * hold a conversation (the endpoint mapper binds, then looks up until the
 * server says there is no more).
 */
#ifndef PORTPLAN_PROBE_H
#define PORTPLAN_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "portplan/buf.h"
#include "portplan/catalog.h"

/* What a probe found, in PortQry's words. */
enum pp_probe_state {
	PP_ST_LISTENING,              /* TCP connected, or UDP answered */
	PP_ST_NOT_LISTENING,          /* TCP reset, or ICMP port unreachable */
	PP_ST_FILTERED,               /* no answer to TCP, or an ICMP "prohibited" */
	PP_ST_LISTENING_OR_FILTERED,  /* UDP sent, nothing came back */
	PP_ST_ERROR,                  /* a local error: no socket, bad address */
	PP_ST_NOT_RUN,                /* stopped (Ctrl-C) before it ran */
};

/* "LISTENING", "NOT LISTENING", ...: static strings. */
const char *pp_probe_state_name(enum pp_probe_state st);

/* ---------- protocols ---------- */

/* What a protocol's feed() says about the bytes so far. */
enum pp_feed {
	PP_FEED_DONE,   /* the reply is complete and understood: detail is set */
	PP_FEED_MORE,   /* a TCP reply is incomplete: wait for more bytes */
	PP_FEED_NEXT,   /* the protocol wrote its next request to out: send it,
			 * then feed the next reply from its first byte */
	PP_FEED_BAD,    /* not this protocol, or malformed: detail says why */
};

/* One endpoint an RPC endpoint mapper lists. */
struct pp_epm_entry {
	char uuid[37];          /* interface UUID, lowercase */
	uint16_t vers_major, vers_minor;
	char annotation[65];    /* printable, cut at 64 bytes */
	char protseq[32];       /* "ncacn_ip_tcp", "ncacn_np", "ncalrpc", ... */
	char endpoint[128];     /* port ("49152"), pipe ("\\pipe\\lsass") or name */
	uint16_t port;          /* for ncacn_ip_tcp / ncadg_ip_udp / ncacn_http, else 0 */
	char address[46];       /* the IP address the entry names, if any */
};

/* Where a protocol writes what it understood of a reply. */
struct pp_probe_reply {
	char detail[512];             /* one line for a person: "DNS: NOERROR, 1 answer" */
	struct pp_epm_entry *entries; /* the endpoint mapper's list (malloc'ed) */
	size_t n_entries, cap_entries;
};

struct pp_proto {
	const char *name;           /* "dns", "ldap", "epm", ... */
	uint16_t default_port;
	unsigned transports;        /* PP_TR_TCP and/or PP_TR_UDP it speaks */
	size_t state_size;          /* bytes of per-probe state, zeroed before start */
	/* Write the first request to out. txid is random per probe: put it
	 * where the protocol has a transaction id, so a reply is matched to
	 * its request. host is the name or address probed (for SIP's URI,
	 * DNS's question, ...). 0, or -1 if no request can be made. */
	int (*start)(void *state, uint32_t txid, unsigned transport, const char *host,
		     struct pp_buf *out);
	/* Read the reply: in holds every byte received since the last
	 * request (TCP) or one datagram (UDP). May write the next request to
	 * out (PP_FEED_NEXT). Never reads past len. */
	enum pp_feed (*feed)(void *state, const uint8_t *in, size_t len, unsigned transport,
			     struct pp_buf *out, struct pp_probe_reply *reply);
	/* Check the parser against captured replies; 0 when all pass, else
	 * the number of failures, with a message on stderr for each. */
	int (*selftest)(void);
};

/* Every protocol, NULL-terminated (generated from lib/probe/ at build time). */
extern const struct pp_proto *const pp_protos[];
const struct pp_proto *pp_proto_find(const char *name);
/* The protocol portplan speaks by default on a port and transport
 * (53 -> dns, 389/udp -> cldap, 135/tcp -> epm, ...), or NULL. */
const struct pp_proto *pp_proto_for_port(uint16_t port, unsigned transport);

void pp_probe_reply_free(struct pp_probe_reply *r);
/* Append an entry (for the endpoint mapper); 0, or -1 when out of memory
 * or past a cap of 4,096 entries (a hostile server could list forever). */
int pp_probe_reply_add_entry(struct pp_probe_reply *r, const struct pp_epm_entry *e);

/* Helpers for reply parsers: bounds-checked big- and little-endian reads,
 * and printable copies of untrusted strings. */
bool pp_rd_u16be(const uint8_t *p, size_t len, size_t off, uint16_t *v);
bool pp_rd_u32be(const uint8_t *p, size_t len, size_t off, uint32_t *v);
bool pp_rd_u16le(const uint8_t *p, size_t len, size_t off, uint16_t *v);
bool pp_rd_u32le(const uint8_t *p, size_t len, size_t off, uint32_t *v);
/* Copy at most n bytes of untrusted text into dst (size cap), replacing
 * control and non-ASCII bytes with '?'. Returns dst. */
char *pp_printable(char *dst, size_t cap, const uint8_t *src, size_t n);

/* ---------- the engine ---------- */

struct pp_probe_target {
	char host[256];             /* as given, for display and for protocols */
	struct sockaddr_storage addr;
	socklen_t addr_len;
	uint16_t port;
	unsigned transport;         /* PP_TR_TCP or PP_TR_UDP */
	const struct pp_proto *proto; /* NULL: plain connect / empty datagram */
	const char *flow;           /* verify: the plan flow this checks, or NULL */
};

struct pp_probe_result {
	struct pp_probe_target target;
	enum pp_probe_state state;
	double ms;                  /* time to the answer that decided the state */
	int error;                  /* errno behind NOT LISTENING / FILTERED / ERROR */
	bool proto_ok;              /* the protocol understood the reply */
	struct pp_probe_reply reply;
};

struct pp_probe_options {
	unsigned connect_ms;        /* TCP connect timeout (default 1000) */
	unsigned write_ms;          /* sending a request (default 1000) */
	unsigned read_ms;           /* waiting for a reply (default 2000) */
	unsigned udp_retries;       /* extra UDP sends after a silence (default 1) */
	unsigned concurrency;       /* probes in flight at most (default 256) */
	unsigned rate;              /* new probes per second at most; 0: no limit */
	bool progress;              /* a progress line on stderr (a terminal) */
	volatile int *stop;         /* set to non-zero (SIGINT) to stop early */
};

void pp_probe_options_default(struct pp_probe_options *o);

/* Probe every target; results[i] is targets[i]'s. Returns 0, or -1 when
 * the engine itself failed (no epoll); probe failures are results. */
int pp_probe_run(const struct pp_probe_target *targets, size_t n,
		 const struct pp_probe_options *opt, struct pp_probe_result *results);
void pp_probe_results_free(struct pp_probe_result *results, size_t n);

/* Resolve host (a name or address) into target->addr; 0 or -1. */
int pp_probe_resolve(const char *host, struct pp_probe_target *target);

#endif
