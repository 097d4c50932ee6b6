/* cli_exit.c — how the command line ends: its table of exit statuses, and
 * the two ways it reports a problem on stderr (a library error, a usage
 * error). The library only returns ps_status codes; what they mean to a
 * shell script is decided here. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

/* Documented in `parksim --help` and README.md; scripts rely on them. */
static const struct {
    ps_status code;
    int exit_status;
} exit_table[] = {
    {PS_OK, 0},           {PS_ERR_IO, 3},      {PS_ERR_PARSE, 4},    {PS_ERR_CONFIG, 4},
    {PS_ERR_DATA, 5},     {PS_ERR_NOMEM, 6},   {PS_ERR_NUMERIC, 7},  {PS_ERR_MISMATCH, 8},
    {PS_ERR_INTERRUPTED, 130},
};

int cli_exit_code(ps_status code)
{
    for (size_t i = 0; i < sizeof exit_table / sizeof exit_table[0]; i++)
        if (exit_table[i].code == code)
            return exit_table[i].exit_status;
    return 1; /* a status without an entry: a bug, but still a failure */
}

int cli_report(const ps_error *err)
{
    char buf[2048];
    fprintf(stderr, "parksim: %s\n", ps_error_format(err, buf, sizeof buf));
    return cli_exit_code(err->code);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("parksim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'parksim --help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

int cli_flush_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    ps_error err;
    ps_error_set(&err, PS_ERR_IO, NULL, 0, NULL, "could not write to standard output");
    return cli_report(&err);
}
