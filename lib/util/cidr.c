/* Addresses and ports: parsing, printing and merging into the fewest
 * blocks. inet_pton/inet_ntop do the address syntax. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portplan/plan.h"

static unsigned bits(const struct pp_cidr *c)
{
	return c->family == 4 ? 32 : 128;
}

static bool bit(const uint8_t *a, unsigned i)
{
	return a[i / 8] >> (7 - i % 8) & 1;
}

int pp_cidr_parse(const char *s, struct pp_cidr *out)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof host)
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, host, out->addr) == 1)
		out->family = 4;
	else if (inet_pton(AF_INET6, host, out->addr) == 1)
		out->family = 6;
	else
		return -1;
	unsigned long prefix = bits(out);
	if (slash) {
		char *end;
		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || prefix > bits(out))
			return -1;
	}
	out->prefix = (uint8_t)prefix;
	for (unsigned i = out->prefix; i < bits(out); i++)
		if (bit(out->addr, i))
			return -1; /* host bits set: say what you mean */
	return 0;
}

const char *pp_cidr_format(const struct pp_cidr *c, char buf[PP_CIDR_STRLEN], bool full)
{
	char host[INET6_ADDRSTRLEN];
	inet_ntop(c->family == 4 ? AF_INET : AF_INET6, c->addr, host, sizeof host);
	if (c->prefix == bits(c) && !full)
		snprintf(buf, PP_CIDR_STRLEN, "%s", host);
	else
		snprintf(buf, PP_CIDR_STRLEN, "%s/%u", host, c->prefix);
	return buf;
}

bool pp_cidr_contains(const struct pp_cidr *outer, const struct pp_cidr *inner)
{
	if (outer->family != inner->family || outer->prefix > inner->prefix)
		return false;
	for (unsigned i = 0; i < outer->prefix; i++)
		if (bit(outer->addr, i) != bit(inner->addr, i))
			return false;
	return true;
}

int pp_cidr_compare(const struct pp_cidr *a, const struct pp_cidr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	int c = memcmp(a->addr, b->addr, 16);
	if (c)
		return c;
	return a->prefix < b->prefix ? -1 : a->prefix > b->prefix;
}

static int cmp_cidr(const void *a, const void *b)
{
	return pp_cidr_compare(a, b);
}

/* Two blocks of the same prefix that are the halves of one larger block. */
static bool siblings(const struct pp_cidr *a, const struct pp_cidr *b)
{
	if (a->family != b->family || a->prefix != b->prefix || a->prefix == 0)
		return false;
	unsigned last = a->prefix - 1u;
	for (unsigned i = 0; i < last; i++)
		if (bit(a->addr, i) != bit(b->addr, i))
			return false;
	return bit(a->addr, last) != bit(b->addr, last);
}

size_t pp_cidr_merge(struct pp_cidr *v, size_t n)
{
	bool changed = true;
	while (changed && n > 1) {
		changed = false;
		qsort(v, n, sizeof *v, cmp_cidr);
		size_t out = 0;
		for (size_t i = 0; i < n; i++) {
			if (out && pp_cidr_contains(&v[out - 1], &v[i])) {
				changed = true;
				continue;
			}
			if (out && siblings(&v[out - 1], &v[i])) {
				struct pp_cidr *p = &v[out - 1];
				p->prefix--;
				p->addr[p->prefix / 8] &= (uint8_t)~(0x80u >> (p->prefix % 8));
				changed = true;
				continue;
			}
			v[out++] = v[i];
		}
		n = out;
	}
	return n;
}

static int cmp_range(const void *a, const void *b)
{
	const struct pp_range *x = a, *y = b;
	return x->lo != y->lo ? (x->lo < y->lo ? -1 : 1) : (x->hi < y->hi ? -1 : x->hi > y->hi);
}

size_t pp_ranges_merge(struct pp_range *v, size_t n)
{
	if (n < 2)
		return n;
	qsort(v, n, sizeof *v, cmp_range);
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out && (unsigned)v[i].lo <= (unsigned)v[out - 1].hi + 1u) {
			if (v[i].hi > v[out - 1].hi)
				v[out - 1].hi = v[i].hi;
			continue;
		}
		v[out++] = v[i];
	}
	return out;
}
