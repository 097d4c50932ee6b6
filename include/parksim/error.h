/* error.h — how every parksim library function reports failure.
 *
 * The library never prints and never exits. A function that can fail returns
 * 0 on success or a ps_status code, and fills a caller-provided ps_error with
 * where the problem is (file and line, or data row and column, and the
 * setting) and a one-line message. Only the command line (engine/main.c,
 * engine/cli_*.c) prints, and it picks exit statuses (engine/cli_exit.c).
 */
#ifndef PARKSIM_ERROR_H
#define PARKSIM_ERROR_H

#include <stddef.h>

/* X-macro: code, short name. (What a status means to a shell script, its
 * exit status, is the command line's business: engine/cli_exit.c.) */
#define PS_STATUS_LIST(X)                        \
    X(PS_OK, "ok")                               \
    X(PS_ERR_IO, "i/o error")                    \
    X(PS_ERR_PARSE, "syntax error")              \
    X(PS_ERR_CONFIG, "invalid setting")          \
    X(PS_ERR_DATA, "invalid data")               \
    X(PS_ERR_NOMEM, "out of memory")             \
    X(PS_ERR_NUMERIC, "numerical failure")       \
    X(PS_ERR_MISMATCH, "inconsistent inputs")    \
    X(PS_ERR_INTERRUPTED, "interrupted")

typedef enum ps_status {
#define PS_STATUS_ENUM(code, name) code,
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

/* Short English name of code ("syntax error"). */
const char *ps_status_name(ps_status code);

#endif
