/*
 * Reading BER and DER (X.690) from untrusted bytes, for the protocols that
 * speak it: LDAP (ldap.c), CLDAP (cldap.c) and Kerberos (kerberos.c). Only
 * what they use is accepted: low tag numbers and definite lengths of at
 * most 4 bytes. Nothing is read outside p[off..end) of a reader.
 */
#ifndef PORTPLAN_PROBE_BER_H
#define PORTPLAN_PROBE_BER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What pp_ber_get() found. */
enum pp_ber_result {
	PP_BER_OK,    /* a whole element */
	PP_BER_SHORT, /* the element runs past the reader's end; *total, if asked,
		       * is its whole size once its header is in, else 0 */
	PP_BER_BAD,   /* a high tag number, or an indefinite or 5-byte length */
};

/* A reader over p[off..end): offsets are absolute in the received bytes,
 * so an element's value is a reader over the same p. */
struct pp_ber {
	const uint8_t *p;
	size_t off, end;
};

/* Read b's next element (tag, value as val) and pass it: never past b->end, a length <= 4 bytes. */
enum pp_ber_result pp_ber_get(struct pp_ber *b, uint8_t *tag, struct pp_ber *val,
			      uint64_t *total);
/* pp_ber_get() of a whole element with this tag, else false: the same bounds as pp_ber_get(). */
bool pp_ber_expect(struct pp_ber *b, uint8_t want, struct pp_ber *val);
/* A non-negative INTEGER or ENUMERATED, at most 5 bytes and 32 bits, else false (and *out untouched). */
bool pp_ber_uint(const struct pp_ber *v, uint32_t *out);
/* The bytes in v's value, v->end - v->off (a reader from pp_ber_get() has end >= off). */
size_t pp_ber_len(const struct pp_ber *v);
/* Is v's value the ASCII text name, in any case? Reads v's bytes only when the lengths match. */
bool pp_ber_eq_ci(const struct pp_ber *v, const char *name);

#endif
