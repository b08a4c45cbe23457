/* Writing the CLI's output files all or nothing (see output.c). */
#ifndef PORTPLAN_SRC_OUTPUT_H
#define PORTPLAN_SRC_OUTPUT_H

#include <stddef.h>

struct output_file {
	const char *path;
	const char *data;
	size_t len;
};

/* 0, or -1 with a message in err and no target file changed. */
int output_write(const struct output_file *files, size_t n, char *err, size_t errlen);

#endif
