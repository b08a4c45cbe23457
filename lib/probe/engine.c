/*
 * The probe engine: non-blocking sockets on one epoll set.
 *
 * A probe goes CONNECT (TCP only) -> SEND -> READ -> done, each phase with
 * its own deadline. What it learns maps to PortQry's words:
 *   TCP connect refused (RST)          NOT LISTENING
 *   TCP connect timeout, ICMP refused  FILTERED
 *   TCP connected                      LISTENING (the protocol's reply, if
 *                                      any, adds what the service said)
 *   UDP answered                       LISTENING
 *   UDP ICMP port unreachable          NOT LISTENING (ECONNREFUSED on a
 *                                      connected socket, no root needed)
 *   UDP ICMP prohibited                FILTERED
 *   UDP silence after the retries      LISTENING OR FILTERED
 * At most `concurrency` probes are in flight and at most `rate` start per
 * second; a set stop flag (SIGINT) ends the run with what was found.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "portplan/probe.h"

enum phase { PH_IDLE, PH_CONNECT, PH_SEND, PH_READ, PH_DONE };

#define IN_MAX (1u << 20) /* a reply bigger than this is not a probe reply */

struct probe {
	size_t index;             /* into targets/results */
	int fd;
	enum phase phase;
	double started, deadline;
	unsigned tries;           /* UDP sends so far */
	void *state;              /* the protocol's */
	struct pp_buf out;        /* request bytes; sent counts what went */
	size_t sent;
	uint8_t *in;
	size_t in_len, in_cap;
	uint32_t txid;
};

struct engine {
	const struct pp_probe_target *targets;
	struct pp_probe_result *results;
	size_t n;
	const struct pp_probe_options *opt;
	int ep;
	struct probe *slots;
	size_t n_slots, active, next, done, listening;
	double t0, last_progress;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void pp_probe_options_default(struct pp_probe_options *o)
{
	*o = (struct pp_probe_options){.connect_ms = 1000, .write_ms = 1000, .read_ms = 2000,
				       .udp_retries = 1, .concurrency = 256, .rate = 0};
}

int pp_probe_resolve(const char *host, struct pp_probe_target *t)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai = NULL;
	if (getaddrinfo(host, NULL, &hints, &ai) != 0 || !ai)
		return -1;
	memcpy(&t->addr, ai->ai_addr, ai->ai_addrlen);
	t->addr_len = ai->ai_addrlen;
	snprintf(t->host, sizeof t->host, "%s", host);
	freeaddrinfo(ai);
	return 0;
}

/* A random transaction id per probe; not security, just matching. */
static uint32_t txid_next(void)
{
	static uint32_t x;
	if (!x)
		x = (uint32_t)time(NULL) ^ (uint32_t)getpid() * 2654435761u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x ? x : 1;
}

static void finish(struct engine *e, struct probe *p, enum pp_probe_state st, int error)
{
	struct pp_probe_result *r = &e->results[p->index];
	r->state = st;
	r->error = error;
	r->ms = now_ms() - p->started;
	if (p->fd >= 0) {
		epoll_ctl(e->ep, EPOLL_CTL_DEL, p->fd, NULL);
		close(p->fd);
	}
	p->fd = -1;
	free(p->state);
	free(p->in);
	pp_buf_free(&p->out);
	p->state = NULL;
	p->in = NULL;
	p->phase = PH_IDLE;
	e->active--;
	e->done++;
	if (st == PP_ST_LISTENING)
		e->listening++;
}

/* TCP errors that mean something in between refused, or dropped. */
static bool filtered_errno(int err)
{
	return err == EHOSTUNREACH || err == ENETUNREACH || err == EACCES || err == EPERM ||
	       err == ETIMEDOUT;
}

static void watch(struct engine *e, struct probe *p, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = p};
	epoll_ctl(e->ep, EPOLL_CTL_MOD, p->fd, &ev);
}

static void set_phase(struct engine *e, struct probe *p, enum phase ph, unsigned ms)
{
	p->phase = ph;
	p->deadline = now_ms() + ms;
	watch(e, p, ph == PH_SEND || ph == PH_CONNECT ? EPOLLOUT : EPOLLIN);
}

/* Connected: hand the protocol its turn, or we are done. */
static void connected(struct engine *e, struct probe *p)
{
	const struct pp_probe_target *t = &e->targets[p->index];
	struct pp_probe_result *r = &e->results[p->index];
	r->state = PP_ST_LISTENING;
	if (!t->proto) {
		finish(e, p, PP_ST_LISTENING, 0);
		return;
	}
	if (t->proto->start(p->state, p->txid, t->transport, t->host, &p->out) != 0 || p->out.failed) {
		snprintf(r->reply.detail, sizeof r->reply.detail, "%s: cannot build a request", t->proto->name);
		finish(e, p, PP_ST_LISTENING, 0);
		return;
	}
	p->sent = 0;
	set_phase(e, p, PH_SEND, e->opt->write_ms);
}

static void start(struct engine *e, struct probe *p, size_t index)
{
	const struct pp_probe_target *t = &e->targets[index];
	struct pp_probe_result *r = &e->results[index];
	memset(p, 0, sizeof *p);
	p->index = index;
	p->fd = -1;
	p->started = now_ms();
	p->txid = txid_next();
	r->target = *t;
	e->active++;
	p->state = calloc(1, t->proto ? t->proto->state_size + 1 : 1);
	int type = t->transport == PP_TR_UDP ? SOCK_DGRAM : SOCK_STREAM;
	p->fd = p->state ? socket(t->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) : -1;
	if (p->fd < 0) {
		finish(e, p, PP_ST_ERROR, errno);
		return;
	}
	struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = p};
	if (epoll_ctl(e->ep, EPOLL_CTL_ADD, p->fd, &ev) != 0) {
		finish(e, p, PP_ST_ERROR, errno);
		return;
	}
	int rc = connect(p->fd, (const struct sockaddr *)&t->addr, t->addr_len);
	if (t->transport == PP_TR_UDP) {
		if (rc != 0) {
			finish(e, p, PP_ST_ERROR, errno);
			return;
		}
		/* UDP: the request is the protocol's, or an empty datagram. */
		if (t->proto && (t->proto->start(p->state, p->txid, PP_TR_UDP, t->host, &p->out) != 0 ||
				 p->out.failed)) {
			snprintf(r->reply.detail, sizeof r->reply.detail, "%s: cannot build a request",
				 t->proto->name);
			finish(e, p, PP_ST_ERROR, 0);
			return;
		}
		set_phase(e, p, PH_SEND, e->opt->write_ms);
		return;
	}
	if (rc == 0)
		connected(e, p);
	else if (errno == EINPROGRESS)
		set_phase(e, p, PH_CONNECT, e->opt->connect_ms);
	else if (errno == ECONNREFUSED)
		finish(e, p, PP_ST_NOT_LISTENING, errno);
	else
		finish(e, p, filtered_errno(errno) ? PP_ST_FILTERED : PP_ST_ERROR, errno);
}

/* Feed what came in to the protocol, and act on its answer. */
static void feed(struct engine *e, struct probe *p, bool closed)
{
	const struct pp_probe_target *t = &e->targets[p->index];
	struct pp_probe_result *r = &e->results[p->index];
	enum pp_probe_state st = PP_ST_LISTENING;
	if (!t->proto) {
		/* No protocol: whatever came back is the banner. */
		pp_printable(r->reply.detail, sizeof r->reply.detail, p->in, p->in_len);
		finish(e, p, st, 0);
		return;
	}
	pp_buf_free(&p->out);
	enum pp_feed f = t->proto->feed(p->state, p->in, p->in_len, t->transport, &p->out, &r->reply);
	switch (f) {
	case PP_FEED_DONE:
		r->proto_ok = true;
		finish(e, p, st, 0);
		return;
	case PP_FEED_BAD:
		r->proto_ok = false;
		finish(e, p, st, 0);
		return;
	case PP_FEED_MORE:
		if (closed) {
			snprintf(r->reply.detail, sizeof r->reply.detail, "%s: %s", t->proto->name,
				 "the connection closed before a whole reply");
			finish(e, p, st, 0);
		} else if (t->transport == PP_TR_UDP) {
			/* A provisional answer (SIP 1xx): wait for the next datagram. */
			p->in_len = 0;
			set_phase(e, p, PH_READ, e->opt->read_ms);
		}
		return;
	case PP_FEED_NEXT:
		if (p->out.failed || closed) {
			finish(e, p, st, 0);
			return;
		}
		p->in_len = 0;
		p->sent = 0;
		set_phase(e, p, PH_SEND, e->opt->write_ms);
		return;
	}
}

static void on_writable(struct engine *e, struct probe *p)
{
	const struct pp_probe_target *t = &e->targets[p->index];
	if (p->phase == PH_CONNECT) {
		int err = 0;
		socklen_t len = sizeof err;
		getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err == 0)
			connected(e, p);
		else if (err == ECONNREFUSED)
			finish(e, p, PP_ST_NOT_LISTENING, err);
		else
			finish(e, p, filtered_errno(err) ? PP_ST_FILTERED : PP_ST_ERROR, err);
		return;
	}
	if (p->phase != PH_SEND)
		return;
	while (p->sent < p->out.len || (p->out.len == 0 && t->transport == PP_TR_UDP && p->sent == 0)) {
		ssize_t n = send(p->fd, p->out.data ? p->out.data + p->sent : "", p->out.len - p->sent,
				 MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (errno == ECONNREFUSED)
				finish(e, p, PP_ST_NOT_LISTENING, errno);
			else
				finish(e, p, t->transport == PP_TR_UDP && filtered_errno(errno)
						     ? PP_ST_FILTERED
						     : t->transport == PP_TR_TCP ? PP_ST_LISTENING : PP_ST_ERROR,
				       errno);
			return;
		}
		p->sent += (size_t)n;
		if (p->out.len == 0)
			break; /* the empty datagram went */
	}
	if (t->transport == PP_TR_UDP)
		p->tries++;
	set_phase(e, p, PH_READ, e->opt->read_ms);
}

static void on_readable(struct engine *e, struct probe *p)
{
	const struct pp_probe_target *t = &e->targets[p->index];
	if (p->phase != PH_READ)
		return;
	if (p->in_len == p->in_cap) {
		size_t cap = p->in_cap ? p->in_cap * 2 : 4096;
		if (cap > IN_MAX) {
			snprintf(e->results[p->index].reply.detail, sizeof e->results[p->index].reply.detail,
				 "the reply exceeds %u bytes", IN_MAX);
			finish(e, p, PP_ST_LISTENING, 0);
			return;
		}
		uint8_t *in = realloc(p->in, cap);
		if (!in) {
			finish(e, p, PP_ST_ERROR, ENOMEM);
			return;
		}
		p->in = in;
		p->in_cap = cap;
	}
	ssize_t n = recv(p->fd, p->in + p->in_len, p->in_cap - p->in_len, 0);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		int err = errno;
		if (t->transport == PP_TR_UDP)
			finish(e, p, err == ECONNREFUSED ? PP_ST_NOT_LISTENING
					 : filtered_errno(err) ? PP_ST_FILTERED : PP_ST_ERROR, err);
		else /* connected, then reset: it was listening */
			finish(e, p, PP_ST_LISTENING, err);
		return;
	}
	if (t->transport == PP_TR_UDP) {
		p->in_len = (size_t)n; /* one datagram */
		feed(e, p, false);
		return;
	}
	p->in_len += (size_t)n;
	feed(e, p, n == 0);
}

static void on_timeout(struct engine *e, struct probe *p)
{
	const struct pp_probe_target *t = &e->targets[p->index];
	struct pp_probe_result *r = &e->results[p->index];
	switch (p->phase) {
	case PH_CONNECT:
		finish(e, p, PP_ST_FILTERED, ETIMEDOUT);
		return;
	case PH_SEND:
		finish(e, p, t->transport == PP_TR_TCP ? PP_ST_LISTENING : PP_ST_LISTENING_OR_FILTERED,
		       ETIMEDOUT);
		return;
	case PH_READ:
		if (t->transport == PP_TR_UDP && p->tries <= e->opt->udp_retries) {
			p->sent = 0;
			set_phase(e, p, PH_SEND, e->opt->write_ms);
			return;
		}
		if (t->transport == PP_TR_UDP) {
			finish(e, p, PP_ST_LISTENING_OR_FILTERED, ETIMEDOUT);
			return;
		}
		if (t->proto && !*r->reply.detail)
			snprintf(r->reply.detail, sizeof r->reply.detail, "%s: no reply within %u ms",
				 t->proto->name, e->opt->read_ms);
		finish(e, p, PP_ST_LISTENING, 0);
		return;
	case PH_IDLE:
	case PH_DONE:
		return;
	}
}

static void progress(struct engine *e, bool last)
{
	if (!e->opt->progress)
		return;
	double t = now_ms();
	if (!last && t - e->last_progress < 200)
		return;
	e->last_progress = t;
	fprintf(stderr, "\r%zu/%zu probed, %zu listening, %.1f s", e->done, e->n, e->listening,
		(t - e->t0) / 1000.0);
	if (last)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

int pp_probe_run(const struct pp_probe_target *targets, size_t n,
		 const struct pp_probe_options *opt, struct pp_probe_result *results)
{
	struct engine e = {.targets = targets, .results = results, .n = n, .opt = opt};
	e.n_slots = opt->concurrency ? opt->concurrency : 1;
	e.slots = calloc(e.n_slots, sizeof *e.slots);
	e.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!e.slots || e.ep < 0) {
		free(e.slots);
		if (e.ep >= 0)
			close(e.ep);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof results[i]);
		results[i].target = targets[i];
		results[i].state = PP_ST_NOT_RUN;
	}
	for (size_t i = 0; i < e.n_slots; i++)
		e.slots[i].fd = -1;
	e.t0 = now_ms();
	struct epoll_event events[64];
	while (e.next < n || e.active > 0) {
		bool stopping = opt->stop && *opt->stop;
		double t = now_ms();
		/* Start what the concurrency and the rate allow. */
		for (size_t s = 0; !stopping && s < e.n_slots && e.next < n; s++) {
			if (e.slots[s].phase != PH_IDLE)
				continue;
			if (opt->rate && (double)e.next >= (t - e.t0) * opt->rate / 1000.0 + 1)
				break;
			start(&e, &e.slots[s], e.next++);
		}
		if (stopping) {
			for (size_t s = 0; s < e.n_slots; s++)
				if (e.slots[s].phase != PH_IDLE) {
					struct probe *p = &e.slots[s];
					/* A connected TCP probe has its answer already. */
					enum pp_probe_state st = results[p->index].state == PP_ST_LISTENING
									 ? PP_ST_LISTENING
									 : PP_ST_NOT_RUN;
					finish(&e, p, st, EINTR);
				}
			e.next = n;
			break;
		}
		double wait = 1000;
		for (size_t s = 0; s < e.n_slots; s++)
			if (e.slots[s].phase != PH_IDLE && e.slots[s].deadline - t < wait)
				wait = e.slots[s].deadline - t;
		if (opt->rate && e.next < n && e.active < e.n_slots)
			wait = wait < 1000.0 / opt->rate ? wait : 1000.0 / opt->rate;
		if (wait < 0)
			wait = 0;
		int k = epoll_wait(e.ep, events, 64, (int)wait + (wait > 0 && wait < 1 ? 1 : 0));
		if (k < 0 && errno != EINTR)
			break;
		for (int i = 0; i < k; i++) {
			struct probe *p = events[i].data.ptr;
			if (p->phase == PH_IDLE)
				continue;
			uint32_t ev = events[i].events;
			if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP) && p->phase == PH_READ)
				on_readable(&e, p);
			else if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))
				on_writable(&e, p);
		}
		t = now_ms();
		for (size_t s = 0; s < e.n_slots; s++)
			if (e.slots[s].phase != PH_IDLE && e.slots[s].deadline <= t)
				on_timeout(&e, &e.slots[s]);
		progress(&e, false);
	}
	progress(&e, true);
	close(e.ep);
	free(e.slots);
	return 0;
}

void pp_probe_results_free(struct pp_probe_result *results, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pp_probe_reply_free(&results[i].reply);
}
