/*
 * reg: Windows registry files that pin RPC services to the static ports the
 * firewall rules open (catalog document 000), one file per host:
 * reg/<host>.reg, imported there with `reg import` or `regedit /s`.
 *
 * The files are plain ASCII with CRLF line ends. Version 5.00 files may be
 * UTF-16LE (what regedit exports) or 8-bit; regedit reads both, but Samba's
 * regpatch and hivexregedit read only 8-bit files, and ASCII reads the same
 * under every Windows code page. Everything in them is either fixed syntax,
 * catalog text checked to fit it (keys, value names), numbers, or ';'
 * comments reduced by pp_emit_comment: no newline, CR or backslash, so a
 * name from the deployment can neither end its comment nor continue it.
 *
 * Comments go before each [key] line, never between values: Samba and
 * hivex both end a key section at a comment line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "portplan/catalog.h"
#include "portplan/emit.h"

#define STEM_MAX 48   /* host part of a file name: 46 characters, a device-name "_", NUL */
#define STEM_FULL 64  /* a file name stem with its suffix, NUL included */
#define TEXT_MAX 160  /* untrusted text in a comment or a message */

/* The part of a catalog key below HKEY_LOCAL_MACHINE, or NULL when the key
 * is elsewhere or cannot be written between [ and ] (control or non-ASCII
 * characters, brackets, an empty component). Document 000 writes one key
 * from System down, as regedt32 showed HKLM, so that form counts too. */
static const char *key_below_hklm(const char *key)
{
	static const char *const roots[] = {"HKEY_LOCAL_MACHINE\\", "HKLM\\"};
	const char *rest = NULL;
	for (size_t i = 0; i < sizeof roots / sizeof *roots && !rest; i++)
		if (strncasecmp(key, roots[i], strlen(roots[i])) == 0)
			rest = key + strlen(roots[i]);
	if (!rest && (strncasecmp(key, "SYSTEM\\", 7) == 0 || strncasecmp(key, "SOFTWARE\\", 9) == 0))
		rest = key;
	if (!rest || !*rest)
		return NULL;
	char prev = '\\';
	for (const char *s = rest; *s; prev = *s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c > 0x7e || c == '[' || c == ']' || (c == '\\' && prev == '\\'))
			return NULL;
	}
	return prev == '\\' ? NULL : rest;
}

/* A value name goes between quotes with " and \ escaped; a control or
 * non-ASCII character has no place in an ASCII file. The empty name is the
 * key's default value, never a port. */
static bool value_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static void put_quoted(struct pp_buf *b, const char *s)
{
	pp_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			pp_buf_putc(b, '\\');
		pp_buf_putc(b, *s);
	}
	pp_buf_putc(b, '"');
}

static bool reserved_device(const char *s, size_t n)
{
	static const char *const names[] = {"CON", "PRN", "AUX", "NUL"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (n == 3 && strncasecmp(s, names[i], 3) == 0)
			return true;
	return n == 4 && (strncasecmp(s, "COM", 3) == 0 || strncasecmp(s, "LPT", 3) == 0) &&
	       s[3] >= '1' && s[3] <= '9';
}

/* The file name stem for a host: its name as an identifier that Windows
 * accepts too (no leading, trailing or doubled dot, no device name such as
 * CON before the first dot), distinct ignoring case from the n stems taken
 * (NTFS ignores case) by a "-2", "-3", ... suffix. */
static void host_stem(const char *name, char (*taken)[STEM_FULL], size_t n, char out[STEM_FULL])
{
	char base[STEM_MAX];
	pp_emit_ident(name, base, sizeof base - 1);
	for (size_t i = 0; base[i]; i++)
		if (base[i] == '.' && (i == 0 || base[i - 1] == '.' || base[i + 1] == '\0'))
			base[i] = '_';
	size_t dev = strcspn(base, ".");
	if (reserved_device(base, dev)) {
		memmove(base + dev + 1, base + dev, strlen(base + dev) + 1);
		base[dev] = '_';
	}
	snprintf(out, STEM_FULL, "%s", base);
	for (unsigned k = 2;; k++) {
		size_t i = 0;
		while (i < n && strcasecmp(taken[i], out) != 0)
			i++;
		if (i == n)
			return;
		snprintf(out, STEM_FULL, "%s-%u", base, k);
	}
}

static bool same_key(const struct pp_reg_value *a, const struct pp_reg_value *b)
{
	return strcasecmp(key_below_hklm(a->key), key_below_hklm(b->key)) == 0;
}

static bool same_value(const struct pp_reg_value *a, const struct pp_reg_value *b)
{
	return same_key(a, b) && strcasecmp(a->value_name, b->value_name) == 0;
}

/* Every value this file set will hold can be written and none contradicts
 * another on the same host (the registry ignores case in names). */
static int check_values(const struct pp_plan *plan, const bool *wanted, char *err, size_t errlen)
{
	char host[TEXT_MAX], text[TEXT_MAX];
	for (size_t i = 0; i < plan->n_reg_values; i++) {
		const struct pp_reg_value *v = &plan->reg_values[i];
		if (!v->host || !v->key || !v->value_name || !v->value_type) {
			snprintf(err, errlen, "registry value %zu has no host, key, name or type", i + 1);
			return -1;
		}
		if (!wanted[i])
			continue;
		pp_emit_comment(v->host->name, host, sizeof host);
		if (!key_below_hklm(v->key)) {
			snprintf(err, errlen,
				 "host '%s': key '%s' is not a key under HKEY_LOCAL_MACHINE a .reg file can carry",
				 host, pp_emit_comment(v->key, text, sizeof text));
			return -1;
		}
		if (!value_name_ok(v->value_name)) {
			snprintf(err, errlen, "host '%s': value name '%s' cannot be written to a .reg file",
				 host, pp_emit_comment(v->value_name, text, sizeof text));
			return -1;
		}
		if (strcmp(v->value_type, "REG_DWORD") != 0) {
			snprintf(err, errlen, "host '%s': value '%s' is %s, not a REG_DWORD port", host,
				 v->value_name, pp_emit_comment(v->value_type, text, sizeof text));
			return -1;
		}
		if (v->data < 1 || v->data > 65535) {
			snprintf(err, errlen, "host '%s': value '%s' pins port %lu, outside 1-65535", host,
				 v->value_name, (unsigned long)v->data);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			const struct pp_reg_value *w = &plan->reg_values[j];
			if (w->host == v->host && same_value(v, w) && w->data != v->data) {
				snprintf(err, errlen,
					 "host '%s': '%s' in HKEY_LOCAL_MACHINE\\%s is pinned to both %lu (%s) and %lu (%s)",
					 host, v->value_name, key_below_hklm(v->key), (unsigned long)w->data,
					 w->pin ? w->pin : "no pin", (unsigned long)v->data,
					 v->pin ? v->pin : "no pin");
				return -1;
			}
		}
	}
	return 0;
}

static void put_value_comment(struct pp_buf *b, const struct pp_reg_value *v)
{
	char pin[TEXT_MAX], product[TEXT_MAX], text[TEXT_MAX * 2];
	const struct pp_registry_pin *cat = pp_registry_pin_find(v->pin);
	pp_buf_printf(b, "; %s", pp_emit_comment(v->pin ? v->pin : "(no pin id)", pin, sizeof pin));
	if (v->product)
		pp_buf_printf(b, " (%s)", pp_emit_comment(v->product, product, sizeof product));
	if (cat && cat->interface.en)
		pp_buf_printf(b, ": %s", pp_emit_comment(cat->interface.en, text, sizeof text));
	pp_buf_printf(b, "\r\n;   \"%s\" = %lu (dword:%08lx)\r\n",
		      pp_emit_comment(v->value_name, text, sizeof text), (unsigned long)v->data,
		      (unsigned long)v->data);
	/* The document gives no restart for some pins; the services read these
	 * values when they start, so the port changes only after a restart. */
	pp_buf_printf(b, ";   restart: %s\r\n",
		      cat && cat->restart.en
			      ? pp_emit_comment(cat->restart.en, text, sizeof text)
			      : "none stated by the source document; the port takes effect when the "
				"service next starts (restart the computer)");
}

/* One host's file: header, then one [key] section per key in plan order,
 * each value once. */
static void put_host(struct pp_buf *b, const struct pp_plan *plan, const struct pp_endpoint *host,
		     const char *stem)
{
	char name[TEXT_MAX], plan_name[TEXT_MAX];
	size_t n_values = 0, n_keys = 0;
	for (size_t i = 0; i < plan->n_reg_values; i++) {
		const struct pp_reg_value *v = &plan->reg_values[i];
		if (v->host != host)
			continue;
		bool new_key = true, new_value = true;
		for (size_t j = 0; j < i; j++) {
			const struct pp_reg_value *w = &plan->reg_values[j];
			if (w->host == host && same_key(v, w))
				new_key = false;
			if (w->host == host && same_value(v, w))
				new_value = false;
		}
		n_keys += new_key;
		n_values += new_value;
	}

	pp_buf_puts(b, "Windows Registry Editor Version 5.00\r\n\r\n");
	pp_buf_printf(b, "; portplan: static RPC ports for host %s\r\n",
		      pp_emit_comment(host->name, name, sizeof name));
	pp_buf_printf(b, "; plan: %s\r\n", pp_emit_comment(plan->name, plan_name, sizeof plan_name));
	pp_buf_printf(b, "; %zu value%s in %zu key%s. Import on that host as an administrator:\r\n",
		      n_values, n_values == 1 ? "" : "s", n_keys, n_keys == 1 ? "" : "s");
	pp_buf_printf(b, ";   reg import %s.reg   (or regedit /s %s.reg)\r\n", stem, stem);
	pp_buf_puts(b, "; then restart as each value says. The firewall rules of the same plan open\r\n"
		       "; these ports.\r\n");

	for (size_t i = 0; i < plan->n_reg_values; i++) {
		const struct pp_reg_value *v = &plan->reg_values[i];
		bool first = v->host == host;
		for (size_t j = 0; first && j < i; j++)
			first = !(plan->reg_values[j].host == host && same_key(v, &plan->reg_values[j]));
		if (!first)
			continue;
		pp_buf_puts(b, "\r\n");
		for (size_t k = i; k < plan->n_reg_values; k++)
			if (plan->reg_values[k].host == host && same_key(v, &plan->reg_values[k]))
				put_value_comment(b, &plan->reg_values[k]);
		pp_buf_printf(b, "[HKEY_LOCAL_MACHINE\\%s]\r\n", key_below_hklm(v->key));
		for (size_t k = i; k < plan->n_reg_values; k++) {
			const struct pp_reg_value *w = &plan->reg_values[k];
			bool once = w->host == host && same_key(v, w);
			for (size_t j = i; once && j < k; j++)
				once = !(plan->reg_values[j].host == host && same_value(w, &plan->reg_values[j]));
			if (!once)
				continue;
			put_quoted(b, w->value_name);
			pp_buf_printf(b, "=dword:%08lx\r\n", (unsigned long)w->data);
		}
	}
	/* regedit may skip a last value that no blank line follows. */
	pp_buf_puts(b, "\r\n");
}

static int emit_reg(const struct pp_plan *plan, const struct pp_emit_options *opt,
		    struct pp_emit_out *out, char *err, size_t errlen)
{
	if (plan->n_reg_values == 0)
		return 0;
	const char *only = opt ? opt->host : NULL;
	bool *wanted = calloc(plan->n_reg_values, sizeof *wanted);
	const struct pp_endpoint **hosts = calloc(plan->n_reg_values, sizeof *hosts);
	char (*stems)[STEM_FULL] = calloc(plan->n_reg_values, sizeof *stems);
	int rc = -1;
	if (!wanted || !hosts || !stems) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < plan->n_reg_values; i++) {
		const struct pp_endpoint *h = plan->reg_values[i].host;
		wanted[i] = h && (!only || (h->name && strcmp(h->name, only) == 0));
	}
	if (check_values(plan, wanted, err, errlen) != 0)
		goto done;

	/* Hosts in the order the plan first names them, so stems and the file
	 * order are the same on every run. */
	size_t n_hosts = 0;
	for (size_t i = 0; i < plan->n_reg_values; i++) {
		const struct pp_endpoint *h = plan->reg_values[i].host;
		size_t j = 0;
		while (j < n_hosts && hosts[j] != h)
			j++;
		if (!wanted[i] || j < n_hosts)
			continue;
		host_stem(h->name, stems, n_hosts, stems[n_hosts]);
		hosts[n_hosts++] = h;
	}
	for (size_t i = 0; i < n_hosts; i++) {
		char path[STEM_FULL + 16];
		snprintf(path, sizeof path, "reg/%s.reg", stems[i]);
		struct pp_buf *b = pp_emit_file(out, path);
		if (!b) {
			snprintf(err, errlen, "out of memory");
			goto done;
		}
		put_host(b, plan, hosts[i], stems[i]);
		if (b->failed) {
			snprintf(err, errlen, "out of memory");
			goto done;
		}
	}
	rc = 0;
done:
	free(wanted);
	free(hosts);
	free(stems);
	return rc;
}

const struct pp_emitter pp_emit_reg = { .name = "reg", .summary = "Windows .reg files pinning RPC services to static ports, one per host", .emit = emit_reg };
