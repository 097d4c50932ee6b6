/* util.c — how parksim-baseline fails: one message on stderr, exit 1.
 *
 * The generator is a one-shot program whose only useful outcome is a
 * complete, checked file, so every error ends the run; the output is only
 * replaced after the final check (main.c), so dying never leaves a
 * half-written baseline.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgen.h"

void bg_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "parksim-baseline: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void *bg_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        bg_die("out of memory");
    return p;
}

void bg_copy_str(char *dst, size_t n, const char *src, const char *what)
{
    size_t len = strlen(src);
    if (len >= n)
        bg_die("%s too long: '%s'", what, src);
    memcpy(dst, src, len + 1);
}
