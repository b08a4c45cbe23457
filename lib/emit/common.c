/* Shared by the emitters: the output file set, and text reduced to what a
 * rule language can carry without quoting. */
#include <stdlib.h>
#include <string.h>

#include "portplan/emit.h"

static bool safe_path(const char *p)
{
	if (!*p || *p == '/')
		return false;
	for (const char *s = p; *s; s++)
		if (!(s[0] >= 'a' && s[0] <= 'z') && !(s[0] >= 'A' && s[0] <= 'Z') &&
		    !(s[0] >= '0' && s[0] <= '9') && !strchr("._-/", s[0]))
			return false;
	return !strstr(p, "..") && !strstr(p, "//");
}

struct pp_buf *pp_emit_file(struct pp_emit_out *out, const char *path)
{
	if (!safe_path(path))
		return NULL;
	for (size_t i = 0; i < out->n_files; i++)
		if (strcmp(out->files[i].path, path) == 0)
			return &out->files[i].buf;
	if (out->n_files == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 4;
		struct pp_emit_file *f = realloc(out->files, cap * sizeof *f);
		if (!f)
			return NULL;
		out->files = f;
		out->cap = cap;
	}
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	out->files[out->n_files] = (struct pp_emit_file){copy, {0}};
	return &out->files[out->n_files++].buf;
}

void pp_emit_out_free(struct pp_emit_out *out)
{
	for (size_t i = 0; i < out->n_files; i++) {
		free(out->files[i].path);
		pp_buf_free(&out->files[i].buf);
	}
	free(out->files);
	*out = (struct pp_emit_out){0};
}

const char *pp_emit_ident(const char *s, char *buf, size_t max)
{
	size_t n = 0;
	for (; s && *s && n + 1 < max; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '-' || c == '.';
		buf[n++] = ok ? c : '_';
	}
	if (n == 0 && max > 1)
		buf[n++] = 'x';
	buf[n] = '\0';
	return buf;
}

const char *pp_emit_comment(const char *s, char *buf, size_t max)
{
	size_t n = 0;
	for (; s && *s && n + 1 < max; s++) {
		unsigned char c = (unsigned char)*s;
		buf[n++] = c < 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '\\' || c == '`' ? '?'
													: (char)c;
	}
	buf[n] = '\0';
	return buf;
}

const struct pp_emitter *pp_emitter_find(const char *name)
{
	for (size_t i = 0; pp_emitters[i]; i++)
		if (strcmp(pp_emitters[i]->name, name) == 0)
			return pp_emitters[i];
	return NULL;
}
