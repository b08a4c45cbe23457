/* fixture-emit TARGET OUTDIR [hostile]: emit the fixture plan (fixture.h)
 * with one emitter into OUTDIR, for the tests that hand the result to the
 * target's real consumer (nft, iptables-restore, aclgen, ...). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "portplan/emit.h"

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			int rc = mkdir(path, 0755);
			*p = '/';
			if (rc != 0 && errno != EEXIST)
				return -1;
		}
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: fixture-emit TARGET OUTDIR [hostile]\n");
		return 2;
	}
	const struct pp_emitter *e = pp_emitter_find(argv[1]);
	if (!e) {
		fprintf(stderr, "fixture-emit: no emitter '%s'\n", argv[1]);
		return 2;
	}
	struct pp_plan *plan = fixture_plan(argc > 3 && strcmp(argv[3], "hostile") == 0);
	struct pp_emit_options opt = {0};
	struct pp_emit_out out = {0};
	char err[256] = "";
	int rc = e->emit(plan, &opt, &out, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "fixture-emit: %s: %s\n", e->name, err);
	} else {
		for (size_t i = 0; i < out.n_files && rc == 0; i++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[2], out.files[i].path);
			char *slash = strrchr(path, '/');
			*slash = '\0';
			if (mkdirs(path) != 0)
				rc = 1;
			*slash = '/';
			FILE *fp = fopen(path, "wb");
			if (!fp || out.files[i].buf.failed ||
			    fwrite(out.files[i].buf.data, 1, out.files[i].buf.len, fp) != out.files[i].buf.len)
				rc = 1;
			if (fp && fclose(fp) != 0)
				rc = 1;
			if (rc == 0)
				printf("%s\n", path);
		}
	}
	pp_emit_out_free(&out);
	pp_plan_free(plan);
	return rc;
}
