/*
 * Writing emitted files all or nothing: every file goes to a temporary name
 * beside its target first (same directory, so rename is atomic), and only
 * when all are written and flushed are they renamed into place. On any
 * failure the temporaries are removed and no target is touched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

static int mkdirs(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
		return -1;
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0755) != 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int output_write(const struct output_file *files, size_t n, char *err, size_t errlen)
{
	char (*tmp)[4096] = calloc(n + 1, sizeof *tmp);
	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t made = 0;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *slash = strrchr(files[i].path, '/');
		if (slash && slash != files[i].path) {
			char dir[4096];
			snprintf(dir, sizeof dir, "%.*s", (int)(slash - files[i].path), files[i].path);
			if (mkdirs(dir) != 0) {
				snprintf(err, errlen, "cannot create directory '%s': %s", dir, strerror(errno));
				rc = -1;
				break;
			}
		}
		if (snprintf(tmp[i], sizeof tmp[i], "%s.tmp.XXXXXX", files[i].path) >= (int)sizeof tmp[i]) {
			snprintf(err, errlen, "path too long: '%s'", files[i].path);
			rc = -1;
			break;
		}
		int fd = mkstemp(tmp[i]);
		if (fd < 0) {
			snprintf(err, errlen, "cannot write '%s': %s", files[i].path, strerror(errno));
			rc = -1;
			break;
		}
		made = i + 1;
		if (write_all(fd, files[i].data, files[i].len) != 0 || fchmod(fd, 0644) != 0 ||
		    fsync(fd) != 0) {
			snprintf(err, errlen, "cannot write '%s': %s", files[i].path, strerror(errno));
			rc = -1;
		}
		if (close(fd) != 0 && rc == 0) {
			snprintf(err, errlen, "cannot write '%s': %s", files[i].path, strerror(errno));
			rc = -1;
		}
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (rename(tmp[i], files[i].path) != 0) {
			snprintf(err, errlen, "cannot write '%s': %s", files[i].path, strerror(errno));
			rc = -1;
		}
	if (rc != 0)
		for (size_t i = 0; i < made; i++)
			unlink(tmp[i]);
	free(tmp);
	return rc;
}
