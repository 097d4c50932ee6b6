/* scenario_literal.c — integer literals libconfig 1.5 misreads (how the
 * loader is split: engine/scenario_int.h).
 *
 * libconfig 1.5 stores an integer literal without the L suffix in 32 bits
 * and silently wraps anything larger: seed = 3000000000 is read as
 * -1294967296, runs = 99999999999 as 1215752191. The parsed setting keeps
 * no trace of that, so the text is scanned for such literals first, and a
 * setting holding the wrapped value of a reported literal is not reported a
 * second time.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '*';
}

static bool is_number_char(char c)
{
    return isalnum((unsigned char)c) || c == '.' || c == '+' || c == '-';
}

/* True if the number token (len characters) is an integer without the L
 * suffix whose value does not fit in 32 bits; *misread is what libconfig
 * makes of it (the low 32 bits). */
static bool is_wide_integer(const char *token, size_t len, int *misread)
{
    char text[64];
    if (len >= sizeof text || memchr(token, '.', len) || token[len - 1] == 'L')
        return false;
    memcpy(text, token, len);
    text[len] = '\0';
    const char *digits = text + (text[0] == '-' || text[0] == '+');
    bool hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
    if (!hex && strpbrk(digits, "eE"))
        return false; /* a real number such as 1e5 */
    char *end;
    errno = 0;
    if (hex) {
        unsigned long long u = strtoull(digits + 2, &end, 16);
        *misread = (int)(int32_t)(uint32_t)u;
        return *end == '\0' && (errno == ERANGE || u > INT32_MAX);
    }
    long long v = strtoll(text, &end, 10);
    *misread = (int)(int32_t)(uint32_t)(unsigned long long)v;
    return *end == '\0' && (errno == ERANGE || v > INT32_MAX || v < INT32_MIN);
}

/* Skip a comment, string or name at c (counting newlines into *line), or
 * return NULL if c starts none of them. */
static const char *skip_non_number(const char *c, int *line)
{
    if (*c == '#' || (c[0] == '/' && c[1] == '/'))
        return c + strcspn(c, "\n");
    if (c[0] == '/' && c[1] == '*') {
        for (c += 2; *c && !(c[0] == '*' && c[1] == '/'); c++)
            *line += *c == '\n';
        return *c ? c + 2 : c;
    }
    if (*c == '"') {
        for (c++; *c && *c != '"'; c++) {
            if (*c == '\\' && c[1])
                c++;
            *line += *c == '\n';
        }
        return *c ? c + 1 : c;
    }
    if (isalpha((unsigned char)*c) || *c == '*') {
        while (is_name_char(*c))
            c++;
        return c;
    }
    return NULL;
}

static void remember_misread(loader *ld, origin at, int misread)
{
    int capacity = (int)(sizeof ld->wide_integers / sizeof ld->wide_integers[0]);
    if (ld->n_wide_integers == capacity)
        return;
    ld->wide_integers[ld->n_wide_integers].at = at;
    ld->wide_integers[ld->n_wide_integers].misread = misread;
    ld->n_wide_integers++;
}

/* Report every integer literal in text that libconfig would wrap, counting
 * lines from at.line (0: text is one --set value). Each is remembered so
 * that the wrapped value is not reported a second time. Returns how many. */
int ps_sc_report_wide_integers(loader *ld, const char *text, origin at, const char *where)
{
    int found = 0, line = at.line;
    for (const char *c = text; *c;) {
        const char *next = skip_non_number(c, &line);
        if (next) {
            c = next;
            continue;
        }
        bool starts_number = isdigit((unsigned char)*c) ||
                             ((*c == '-' || *c == '+' || *c == '.') && isdigit((unsigned char)c[1]));
        if (!starts_number) {
            line += *c == '\n';
            c++;
            continue;
        }
        size_t len = 1;
        int misread = 0;
        while (is_number_char(c[len]))
            len++;
        if (is_wide_integer(c, len, &misread)) {
            origin here = {at.source, line};
            found++;
            remember_misread(ld, here, misread);
            ps_sc_report(ld, PS_ERR_CONFIG, here, where,
                           "integer %.*s does not fit in 32 bits, which libconfig reads "
                           "wrongly; write %.*sL",
                           (int)len, c, (int)len, c);
        }
        c += len;
    }
    return found;
}

/* True if s, written at `at`, holds the misread value of a literal that
 * was already reported. */
bool ps_sc_is_misread_integer(const loader *ld, const config_setting_t *s, origin at)
{
    if (config_setting_type(s) != CONFIG_TYPE_INT)
        return false;
    for (int i = 0; i < ld->n_wide_integers; i++)
        if (ld->wide_integers[i].at.source == at.source && ld->wide_integers[i].at.line == at.line &&
            ld->wide_integers[i].misread == config_setting_get_int(s))
            return true;
    return false;
}
