/*
 * Shared by the two Windows Firewall emitters, netsh.c (cmd.exe scripts of
 * netsh commands) and wfw-ps.c (PowerShell scripts): which hosts get a
 * script and under which file name, the checks of the host-enforced flows,
 * how a flow becomes inbound rules and their names, and the rules' address
 * and port lists. Each emitter supplies only its script language.
 */
#ifndef PORTPLAN_EMIT_WINFW_H
#define PORTPLAN_EMIT_WINFW_H

#include "portplan/emit.h"

#define WINFW_IDENT_MAX 64 /* a flow id or host name reduced by pp_emit_ident */
#define WINFW_TEXT_MAX 200 /* bytes of one deployment string in a rule's text */

/* One rule: a flow, or one address family of an ICMP flow (ICMPv4 and
 * ICMPv6 are different protocols to Windows Firewall). */
struct winfw_rule {
	unsigned fams;      /* which source addresses apply (PP_EMIT_FAM*) */
	const char *suffix; /* of the rule name: "", "-v4" or "-v6" */
	const char *proto;  /* "TCP", "UDP", "47", "50" or "51"; NULL for ICMP:
			     * echo request of the one family in fams */
};

/* How a script language writes the rules' lists. */
struct winfw_lists {
	const char *quote; /* around each item: "" or "'" */
	const char *any;   /* the one item for every address or port */
	const char *epmap; /* the RPC endpoint mapper keyword */
};

/* A script language: the file and its text around the rules. */
struct winfw_script {
	const char *dir, *ext; /* each host's file is <dir>/<stem>.<ext> */
	char quote;            /* around each rule name in the list of names */
	/* The text before the rules. */
	void (*head)(struct pp_buf *b, const struct pp_endpoint *host, const char *stem);
	/* One rule, named name. */
	void (*rule)(struct pp_buf *b, const struct pp_plan *plan, const struct pp_flow *f,
		     const char *name, const struct winfw_rule *r);
	/* The text after the rules; names lists the rule names, quoted, joined
	 * by ',' (its data is NULL when there are none). */
	void (*tail)(struct pp_buf *b, const struct pp_buf *names);
};

/* The whole emitter: checks the flows, then one script per host with rules (or for opt->host). */
int winfw_emit(const struct pp_plan *plan, const struct pp_emit_options *opt,
	       struct pp_emit_out *out, char *err, size_t errlen,
	       const struct winfw_script *script);

/* A rule's remote addresses: the source CIDRs of its families, or "any" when they cover them. */
void winfw_put_remote(struct pp_buf *b, const struct pp_flow *f, unsigned fams,
		      const struct winfw_lists *l);
/* A rule's local ports: RPC keywords where the Windows has them, else the ports, or "any". */
void winfw_put_ports(struct pp_buf *b, const struct pp_flow *f, const struct winfw_lists *l);
/* A rule's description "portplan <id> (plan <plan>): <flow>, <src> to <dst>; catalog <refs>". */
void winfw_put_description(struct pp_buf *b, const struct pp_plan *plan, const struct pp_flow *f,
			   const struct winfw_rule *r,
			   void (*text)(struct pp_buf *b, const char *s, size_t max));

#endif
