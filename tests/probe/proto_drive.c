/*
 * proto-drive PROTO HOST PORT tcp|udp: hold one protocol conversation with
 * blocking sockets and print what the protocol understood. A development
 * and test tool for protocol modules, independent of the engine; it talks
 * only to the address it is given (loopback or a test namespace).
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "portplan/probe.h"

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: proto-drive PROTO HOST PORT tcp|udp\n");
		return 2;
	}
	const struct pp_proto *proto = pp_proto_find(argv[1]);
	if (!proto) {
		fprintf(stderr, "proto-drive: no protocol '%s'\n", argv[1]);
		return 2;
	}
	unsigned tr = strcmp(argv[4], "udp") == 0 ? PP_TR_UDP : PP_TR_TCP;
	struct addrinfo hints = {.ai_socktype = tr == PP_TR_UDP ? SOCK_DGRAM : SOCK_STREAM}, *ai;
	if (getaddrinfo(argv[2], argv[3], &hints, &ai) != 0) {
		fprintf(stderr, "proto-drive: cannot resolve %s\n", argv[2]);
		return 2;
	}
	int fd = socket(ai->ai_family, ai->ai_socktype, 0);
	struct timeval tv = {3, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		fprintf(stderr, "proto-drive: connect: %s\n", strerror(errno));
		return 1;
	}
	freeaddrinfo(ai);
	void *state = calloc(1, proto->state_size + 1);
	struct pp_buf out = {0};
	struct pp_probe_reply reply = {0};
	uint32_t txid = (uint32_t)getpid() * 2654435761u;
	if (proto->start(state, txid, tr, argv[2], &out) != 0) {
		fprintf(stderr, "proto-drive: %s cannot make a request\n", proto->name);
		return 1;
	}
	uint8_t *in = malloc(1 << 20);
	size_t len = 0;
	enum pp_feed f = PP_FEED_NEXT;
	for (int rounds = 0; f == PP_FEED_NEXT && rounds < 1000; rounds++) {
		if (send(fd, out.data, out.len, 0) != (ssize_t)out.len) {
			fprintf(stderr, "proto-drive: send: %s\n", strerror(errno));
			return 1;
		}
		out.len = 0;
		len = 0;
		f = PP_FEED_MORE;
		while (f == PP_FEED_MORE) {
			ssize_t n = recv(fd, in + len, (1 << 20) - len, 0);
			if (n <= 0) {
				fprintf(stderr, "proto-drive: recv: %s\n", n == 0 ? "closed" : strerror(errno));
				return 1;
			}
			len = tr == PP_TR_UDP ? (size_t)n : len + (size_t)n;
			f = proto->feed(state, in, len, tr, &out, &reply);
		}
	}
	printf("%s: %s\n", f == PP_FEED_DONE ? "done" : "bad", reply.detail);
	for (size_t i = 0; i < reply.n_entries; i++) {
		const struct pp_epm_entry *e = &reply.entries[i];
		printf("%s v%u.%u %s %s [%s] %s\n", e->uuid, e->vers_major, e->vers_minor, e->protseq,
		       e->endpoint, e->address, e->annotation);
	}
	pp_probe_reply_free(&reply);
	pp_buf_free(&out);
	free(state);
	free(in);
	close(fd);
	return f == PP_FEED_DONE ? 0 : 1;
}
