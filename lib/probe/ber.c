/* Reading BER and DER from untrusted bytes (see ber.h), for ldap.c, cldap.c
 * and kerberos.c. */
#include <string.h>

#include "probe/ber.h"

enum pp_ber_result pp_ber_get(struct pp_ber *b, uint8_t *tag, struct pp_ber *val,
			      uint64_t *total)
{
	size_t off = b->off, end = b->end;
	if (total)
		*total = 0;
	if (off >= end)
		return PP_BER_SHORT;
	*tag = b->p[off];
	if ((*tag & 0x1f) == 0x1f)
		return PP_BER_BAD;
	if (end - off < 2)
		return PP_BER_SHORT;
	size_t n = b->p[off + 1], hl = 2;
	if (n & 0x80) {
		size_t k = n & 0x7f;
		if (k == 0 || k > 4)
			return PP_BER_BAD;
		if (end - off - 2 < k)
			return PP_BER_SHORT;
		n = 0;
		for (size_t i = 0; i < k; i++)
			n = n << 8 | b->p[off + 2 + i];
		hl += k;
	}
	if (total)
		*total = (uint64_t)hl + n;
	if (end - off - hl < n)
		return PP_BER_SHORT;
	val->p = b->p;
	val->off = off + hl;
	val->end = off + hl + n;
	b->off = val->end;
	return PP_BER_OK;
}

bool pp_ber_expect(struct pp_ber *b, uint8_t want, struct pp_ber *val)
{
	uint8_t tag;
	return pp_ber_get(b, &tag, val, NULL) == PP_BER_OK && tag == want;
}

bool pp_ber_uint(const struct pp_ber *v, uint32_t *out)
{
	size_t n = v->end - v->off;
	const uint8_t *q = v->p + v->off;
	if (n == 0 || n > 5 || q[0] & 0x80 || (n == 5 && q[0] != 0))
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++)
		x = x << 8 | q[i];
	*out = (uint32_t)x;
	return true;
}

size_t pp_ber_len(const struct pp_ber *v)
{
	return v->end - v->off;
}

bool pp_ber_eq_ci(const struct pp_ber *v, const char *name)
{
	size_t n = strlen(name);
	if (pp_ber_len(v) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = v->p[v->off + i];
		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		uint8_t d = (uint8_t)name[i];
		if (d >= 'A' && d <= 'Z')
			d = (uint8_t)(d - 'A' + 'a');
		if (c != d)
			return false;
	}
	return true;
}
