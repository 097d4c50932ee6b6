/* fuzz_util.h — shared by the libFuzzer harnesses: a private temporary
 * directory per process and writing an input into a file there. A harness
 * that cannot set up its directory aborts (that is not a finding). */
#ifndef PARKSIM_FUZZ_UTIL_H
#define PARKSIM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh directory /tmp/parksim-fuzz-XXXXXX (made once per process). */
static inline const char *fuzz_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/parksim-fuzz-XXXXXX", tmp && strlen(tmp) < 32 ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return dir;
}

/* Write data[0..size) to path, replacing it. */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

#endif
