/*
 * The probe engine against sockets this test opens on 127.0.0.1: the
 * states PortQry reports, UDP retries, protocol conversations, the
 * concurrency and rate limits, and stopping. (FILTERED needs a firewall
 * that drops: tests/probe/run.sh checks it inside a network namespace.)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "portplan/probe.h"

static uint16_t port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	getsockname(fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin_port);
}

static int bound(int type)
{
	int fd = socket(AF_INET, type, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

/* A port nothing listens on: bound, then closed. */
static uint16_t free_port(int type)
{
	int fd = bound(type);
	uint16_t p = port_of(fd);
	close(fd);
	return p;
}

static struct pp_probe_target target(uint16_t port, unsigned transport, const struct pp_proto *proto)
{
	struct pp_probe_target t = {0};
	assert_int_equal(pp_probe_resolve("127.0.0.1", &t), 0);
	((struct sockaddr_in *)&t.addr)->sin_port = htons(port);
	t.port = port;
	t.transport = transport;
	t.proto = proto;
	return t;
}

static struct pp_probe_options fast(void)
{
	struct pp_probe_options o;
	pp_probe_options_default(&o);
	o.connect_ms = 500;
	o.read_ms = 200;
	o.write_ms = 200;
	return o;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

static void test_tcp_states(void **state)
{
	(void)state;
	int l = bound(SOCK_STREAM);
	assert_int_equal(listen(l, 16), 0);
	struct pp_probe_target t[2] = {target(port_of(l), PP_TR_TCP, NULL),
				       target(free_port(SOCK_STREAM), PP_TR_TCP, NULL)};
	struct pp_probe_result r[2];
	struct pp_probe_options o = fast();
	assert_int_equal(pp_probe_run(t, 2, &o, r), 0);
	assert_int_equal(r[0].state, PP_ST_LISTENING);
	assert_int_equal(r[1].state, PP_ST_NOT_LISTENING);
	assert_string_equal(pp_probe_state_name(r[1].state), "NOT LISTENING");
	pp_probe_results_free(r, 2);
	close(l);
}

/* A child that answers every datagram with "pong:" and what it got. */
static pid_t udp_echo(int fd)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 100; i++) {
			char buf[512];
			struct sockaddr_storage from;
			socklen_t len = sizeof from;
			ssize_t n = recvfrom(fd, buf, sizeof buf - 5, 0, (struct sockaddr *)&from, &len);
			if (n < 0)
				_exit(0);
			char out[512] = "pong:";
			memcpy(out + 5, buf, (size_t)n);
			sendto(fd, out, (size_t)n + 5, 0, (struct sockaddr *)&from, len);
		}
		_exit(0);
	}
	return pid;
}

static void test_udp_states(void **state)
{
	(void)state;
	int silent = bound(SOCK_DGRAM), echo = bound(SOCK_DGRAM);
	pid_t child = udp_echo(echo);
	struct pp_probe_target t[3] = {target(port_of(silent), PP_TR_UDP, NULL),
				       target(port_of(echo), PP_TR_UDP, NULL),
				       target(free_port(SOCK_DGRAM), PP_TR_UDP, NULL)};
	struct pp_probe_result r[3];
	struct pp_probe_options o = fast();
	o.udp_retries = 2;
	double t0 = now();
	assert_int_equal(pp_probe_run(t, 3, &o, r), 0);
	double took = now() - t0;
	/* Silence after three sends of 200 ms each. */
	assert_int_equal(r[0].state, PP_ST_LISTENING_OR_FILTERED);
	assert_true(took >= 3 * 200 - 20);
	assert_true(r[0].ms >= 3 * 200 - 20);
	/* The echo answered the empty datagram: the reply is the banner. */
	assert_int_equal(r[1].state, PP_ST_LISTENING);
	assert_string_equal(r[1].reply.detail, "pong:");
	/* ICMP port unreachable, seen without root. */
	assert_int_equal(r[2].state, PP_ST_NOT_LISTENING);
	pp_probe_results_free(r, 3);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	close(silent);
	close(echo);
}

/* ---------- a protocol of this test's own: PING, PONG, twice ---------- */

struct pingpong {
	int round;
};

static int pp_start(void *state, uint32_t txid, unsigned transport, const char *host, struct pp_buf *out)
{
	(void)txid, (void)transport, (void)host, (void)state;
	pp_buf_puts(out, "PING1\n");
	return 0;
}

static enum pp_feed pp_feed_fn(void *state, const uint8_t *in, size_t len, unsigned transport,
			       struct pp_buf *out, struct pp_probe_reply *reply)
{
	(void)transport;
	struct pingpong *s = state;
	if (len < 6)
		return PP_FEED_MORE; /* comes in pieces: wait */
	if (memcmp(in, "PONG", 4) != 0) {
		snprintf(reply->detail, sizeof reply->detail, "pingpong: not a PONG");
		return PP_FEED_BAD;
	}
	if (++s->round == 1) {
		pp_buf_puts(out, "PING2\n");
		return PP_FEED_NEXT;
	}
	snprintf(reply->detail, sizeof reply->detail, "pingpong: %d rounds, last %.5s", s->round, in);
	return PP_FEED_DONE;
}

static const struct pp_proto pingpong = {"pingpong", 0, PP_TR_TCP, sizeof(struct pingpong), pp_start,
					 pp_feed_fn, NULL};

/* A child serving n connections: answers "PONGx\n" to each line, sending
 * the reply in two pieces; or, with silent set, says nothing. */
static pid_t tcp_server(int l, int n, int silent)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (int c = 0; c < n; c++) {
			int fd = accept(l, NULL, NULL);
			if (fd < 0)
				_exit(0);
			char buf[64];
			ssize_t k;
			while (!silent && (k = recv(fd, buf, sizeof buf, 0)) > 0) {
				send(fd, "PO", 2, 0);
				nanosleep(&(struct timespec){0, 20000000}, NULL);
				char tail[8] = "NGx\n";
				tail[2] = k >= 5 ? buf[4] : '?';
				send(fd, tail, 4, 0);
			}
			if (silent)
				sleep(2);
			close(fd);
		}
		_exit(0);
	}
	return pid;
}

static void test_conversation(void **state)
{
	(void)state;
	int l = bound(SOCK_STREAM);
	assert_int_equal(listen(l, 16), 0);
	pid_t child = tcp_server(l, 1, 0);
	struct pp_probe_target t = target(port_of(l), PP_TR_TCP, &pingpong);
	struct pp_probe_result r;
	struct pp_probe_options o = fast();
	assert_int_equal(pp_probe_run(&t, 1, &o, &r), 0);
	assert_int_equal(r.state, PP_ST_LISTENING);
	assert_true(r.proto_ok);
	assert_string_equal(r.reply.detail, "pingpong: 2 rounds, last PONG2");
	pp_probe_results_free(&r, 1);
	waitpid(child, NULL, 0);
	close(l);
}

static void test_read_timeout(void **state)
{
	(void)state;
	int l = bound(SOCK_STREAM);
	assert_int_equal(listen(l, 16), 0);
	pid_t child = tcp_server(l, 1, 1);
	struct pp_probe_target t = target(port_of(l), PP_TR_TCP, &pingpong);
	struct pp_probe_result r;
	struct pp_probe_options o = fast();
	assert_int_equal(pp_probe_run(&t, 1, &o, &r), 0);
	/* Connected, so listening; the service said nothing in time. */
	assert_int_equal(r.state, PP_ST_LISTENING);
	assert_false(r.proto_ok);
	assert_string_equal(r.reply.detail, "pingpong: no reply within 200 ms");
	pp_probe_results_free(&r, 1);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	close(l);
}

static void test_many_bounded(void **state)
{
	(void)state;
	enum { N = 300 };
	int l = bound(SOCK_STREAM);
	assert_int_equal(listen(l, N), 0);
	uint16_t closed = free_port(SOCK_STREAM);
	struct pp_probe_target *t = calloc(N, sizeof *t);
	struct pp_probe_result *r = calloc(N, sizeof *r);
	for (int i = 0; i < N; i++)
		t[i] = target(i % 2 ? closed : port_of(l), PP_TR_TCP, NULL);
	struct pp_probe_options o = fast();
	o.concurrency = 7;
	assert_int_equal(pp_probe_run(t, N, &o, r), 0);
	for (int i = 0; i < N; i++)
		assert_int_equal(r[i].state, i % 2 ? PP_ST_NOT_LISTENING : PP_ST_LISTENING);
	pp_probe_results_free(r, N);
	free(t);
	free(r);
	close(l);
}

static void test_rate(void **state)
{
	(void)state;
	enum { N = 21 };
	struct pp_probe_target t[N];
	struct pp_probe_result r[N];
	uint16_t closed = free_port(SOCK_STREAM);
	for (int i = 0; i < N; i++)
		t[i] = target(closed, PP_TR_TCP, NULL);
	struct pp_probe_options o = fast();
	o.rate = 100; /* 21 probes at 100 per second: at least 200 ms */
	double t0 = now();
	assert_int_equal(pp_probe_run(t, N, &o, r), 0);
	double took = now() - t0;
	assert_true(took >= 190);
	assert_true(took < 2000);
	for (int i = 0; i < N; i++)
		assert_int_equal(r[i].state, PP_ST_NOT_LISTENING);
	pp_probe_results_free(r, N);
}

static void test_stop(void **state)
{
	(void)state;
	volatile int stop = 1;
	struct pp_probe_target t[3];
	struct pp_probe_result r[3];
	for (int i = 0; i < 3; i++)
		t[i] = target(free_port(SOCK_STREAM), PP_TR_TCP, NULL);
	struct pp_probe_options o = fast();
	o.stop = &stop;
	assert_int_equal(pp_probe_run(t, 3, &o, r), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r[i].state, PP_ST_NOT_RUN);
	pp_probe_results_free(r, 3);
}

static void test_helpers(void **state)
{
	(void)state;
	const uint8_t b[] = {0x12, 0x34, 0x56, 0x78};
	uint16_t v16;
	uint32_t v32;
	assert_true(pp_rd_u16be(b, 4, 2, &v16));
	assert_int_equal(v16, 0x5678);
	assert_false(pp_rd_u16be(b, 4, 3, &v16));
	assert_false(pp_rd_u32le(b, 4, 1, &v32));
	assert_false(pp_rd_u32be(b, 4, (size_t)-1, &v32)); /* no wrap-around */
	assert_true(pp_rd_u32le(b, 4, 0, &v32));
	assert_int_equal(v32, 0x78563412);
	char out[8];
	const uint8_t dirty[] = {'o', 'k', 0x1b, '[', 0xff, '\n', 'x', 'y', 'z'};
	assert_string_equal(pp_printable(out, sizeof out, dirty, sizeof dirty), "ok?[??x");
	struct pp_probe_reply rep = {0};
	struct pp_epm_entry e = {0};
	size_t added = 0;
	while (pp_probe_reply_add_entry(&rep, &e) == 0)
		added++;
	assert_int_equal(added, 4096); /* a server that lists forever is cut off */
	pp_probe_reply_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_states),   cmocka_unit_test(test_udp_states),
		cmocka_unit_test(test_conversation), cmocka_unit_test(test_read_timeout),
		cmocka_unit_test(test_many_bounded), cmocka_unit_test(test_rate),
		cmocka_unit_test(test_stop),         cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests_name("probe engine", tests, NULL, NULL);
}
