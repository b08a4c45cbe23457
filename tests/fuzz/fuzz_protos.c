/* libFuzzer entry: any bytes as a server's reply to every protocol probe.
 * The first byte picks the protocol and the transport; the rest is fed,
 * split in up to three pieces as a TCP stream arrives, and a conversation
 * (the endpoint mapper) goes on as long as the bytes last. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n_protos = 0;
	while (pp_protos[n_protos])
		n_protos++;
	if (size < 2 || !n_protos)
		return 0;
	const struct pp_proto *proto = pp_protos[data[0] % n_protos];
	unsigned tr = data[0] & 0x80 ? PP_TR_UDP : PP_TR_TCP;
	if (!(proto->transports & tr))
		tr = proto->transports & PP_TR_TCP ? PP_TR_TCP : PP_TR_UDP;
	data++, size--;
	void *state = calloc(1, proto->state_size + 1);
	struct pp_buf out = {0};
	struct pp_probe_reply reply = {0};
	const uint32_t txid = 0x01020304;
	if (state && proto->start(state, txid, tr, "fuzz.example", &out) == 0) {
		/* Feed the input in growing prefixes (TCP) or as one datagram. */
		size_t cuts[3] = {size / 3, 2 * size / 3, size};
		enum pp_feed f = PP_FEED_MORE;
		for (size_t c = tr == PP_TR_UDP ? 2 : 0; c < 3 && f == PP_FEED_MORE; c++) {
			uint8_t *copy = malloc(cuts[c] + 1); /* exact size: ASan sees overreads */
			if (!copy)
				break;
			memcpy(copy, data, cuts[c]);
			pp_buf_free(&out);
			f = proto->feed(state, copy, cuts[c], tr, &out, &reply);
			free(copy);
		}
	}
	pp_probe_reply_free(&reply);
	pp_buf_free(&out);
	free(state);
	return 0;
}
