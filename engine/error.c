/* error.c — filling and formatting ps_error (see include/parksim/error.h). */
#include "parksim/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ps_error_clear(ps_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

ps_status ps_error_set(ps_error *err, ps_status code, const char *file, int line,
                       const char *where, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    snprintf(err->where, sizeof err->where, "%s", where ? where : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

char *ps_error_format(const ps_error *err, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
#define PS_APPEND(...)                                                     \
    do {                                                                   \
        int k_ = snprintf(buf + used, n - used, __VA_ARGS__);              \
        if (k_ > 0)                                                        \
            used += (size_t)k_ < n - used ? (size_t)k_ : n - used - 1;     \
    } while (0)
    if (err->file[0] && err->line > 0)
        PS_APPEND("%s:%d: ", err->file, err->line);
    else if (err->file[0])
        PS_APPEND("%s: ", err->file);
    if (err->where[0])
        PS_APPEND("%s: ", err->where);
    PS_APPEND("%s", err->message);
#undef PS_APPEND
    return buf;
}

const char *ps_status_name(ps_status code)
{
    switch (code) {
#define PS_STATUS_NAME(c, name) \
    case c:                                  \
        return name;
        PS_STATUS_LIST(PS_STATUS_NAME)
#undef PS_STATUS_NAME
    default:
        return "unknown error";
    }
}
