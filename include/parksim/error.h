/* error.h — how every parksim library function reports failure.
 *
 * The library never prints and never exits. A function that can fail returns
 * 0 on success or a ps_status code, and fills a caller-provided ps_error with
 * where the problem is (file and line, or data row and column, and the
 * setting) and a one-line message. Only main() prints and picks exit codes.
 */
#ifndef PARKSIM_ERROR_H
#define PARKSIM_ERROR_H

#include <stddef.h>

/* X-macro: code, exit status used by the command line, short name. */
#define PS_STATUS_LIST(X)                                  \
    X(PS_OK, 0, "ok")                                      \
    X(PS_ERR_IO, 3, "i/o error")                           \
    X(PS_ERR_PARSE, 4, "syntax error")                     \
    X(PS_ERR_CONFIG, 4, "invalid setting")                 \
    X(PS_ERR_DATA, 5, "invalid data")                      \
    X(PS_ERR_NOMEM, 6, "out of memory")                    \
    X(PS_ERR_NUMERIC, 7, "numerical failure")              \
    X(PS_ERR_MISMATCH, 8, "inconsistent inputs")           \
    X(PS_ERR_INTERRUPTED, 130, "interrupted")

typedef enum ps_status {
#define PS_STATUS_ENUM(code, exit_status, name) code,
    PS_STATUS_LIST(PS_STATUS_ENUM)
#undef PS_STATUS_ENUM
    PS_STATUS_COUNT
} ps_status;

typedef struct ps_error {
    ps_status code;
    char file[512];    /* file the problem is in, "" if none */
    int line;          /* 1-based line in file, 0 if unknown */
    char where[160];   /* setting path ("growth.mu") or data column, "" if none */
    char message[640]; /* one line, no trailing newline */
} ps_error;

/* Reset err to "no error". err may be NULL. */
void ps_error_clear(ps_error *err);

/* Record an error and return code. err may be NULL (the error is then only
 * returned). file and where may be NULL. Thread-safe on distinct err. */
ps_status ps_error_set(ps_error *err, ps_status code, const char *file, int line,
                       const char *where, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Write "file:line: setting: message" (parts that are unknown are left out)
 * into buf of size n. Returns buf. */
char *ps_error_format(const ps_error *err, char *buf, size_t n);

/* Process exit status the command line uses for code. */
int ps_status_exit_code(ps_status code);

/* Short English name of code ("syntax error"). */
const char *ps_status_name(ps_status code);

#endif
