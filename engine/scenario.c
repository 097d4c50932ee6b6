/* scenario.c — loading, checking and writing scenarios (contract in
 * include/parksim/scenario.h).
 *
 * This is the only file that includes libconfig.h. A scenario file and its
 * extends chain are read parent first; every scalar is checked against the
 * table in engine/scenario_table.h (strict types, inclusive ranges) and kept
 * in a "leaf" that remembers the file and line its winning value came from.
 * The targets list is merged by target name. Command-line overrides are
 * parsed by libconfig too, so they are typed exactly like file settings, and
 * applied last. Only then is the plain ps_scenario filled in and
 * cross-checked. Every problem goes through report_problem(), which keeps the
 * first one for ps_scenario_load and hands each one to the caller for
 * ps_scenario_check. All state lives in one heap-allocated loader.
 */
#define _XOPEN_SOURCE 700 /* realpath, XSI strerror_r */

#include "parksim/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>
#include <libconfig.h>

#include "scenario_table.h"

/* ------------------------------------------------------------------ */
/* The settings table, expanded                                        */
/* ------------------------------------------------------------------ */

typedef enum value_type { T_REAL, T_INT, T_INT64, T_BOOL, T_STRING } value_type;

typedef struct setting_info {
    const char *path;
    value_type type;
    double lo, hi;   /* inclusive bounds for REAL, INT, INT64 */
    size_t capacity; /* STRING: size of the destination buffer */
} setting_info;

static const setting_info settings[] = {
#define PS_SETTING_INFO(path, type, field, lo, hi) \
    {path, T_##type, lo, hi, sizeof(((ps_scenario *)0)->field)},
    PS_SETTING_LIST(PS_SETTING_INFO)
#undef PS_SETTING_INFO
};

#define N_SETTINGS ((int)(sizeof settings / sizeof settings[0]))

/* The fields of one element of the targets list (besides its name). */
enum target_field { TF_METRIC, TF_OP, TF_THRESHOLD, TF_YEAR, TF_ENABLED, TF_COUNT };

static const setting_info target_fields[TF_COUNT] = {
    {"metric", T_STRING, 0, 0, 64},
    {"op", T_STRING, 0, 0, 8},
    {"threshold", T_REAL, -DBL_MAX, DBL_MAX, 0},
    {"year", T_INT, INT_MIN, INT_MAX, 0},
    {"enabled", T_BOOL, 0, 1, 0},
};

/* ------------------------------------------------------------------ */
/* Loader state                                                        */
/* ------------------------------------------------------------------ */

#define MAX_SOURCES 128 /* distinct files (and "--set") values can come from */
#define MAX_CHAIN 16    /* files in one extends chain */
#define MAX_TARGET_ENTRIES (4 * PS_MAX_TARGETS) /* including disabled ones */
#define PATH_TEXT 160   /* a dotted setting path, like ps_error.where */
#define SOURCE_SET 0    /* sources[0] is "--set" */

typedef struct origin {
    int source; /* index into loader.sources, -1 for none */
    int line;   /* 0 if unknown */
} origin;

static const origin no_origin = {-1, 0};

typedef struct scalar {
    double real;
    long long integer;
    bool boolean;
    char text[1024];
} scalar;

/* The winning value of one table setting after merging. */
typedef struct leaf {
    bool set;   /* some file or override gave it */
    bool valid; /* and the last value given passed its checks */
    origin at;
    scalar value;
} leaf;

typedef struct target_entry {
    char name[48];
    origin at; /* the element that introduced it */
    bool given[TF_COUNT];
    origin field_at[TF_COUNT];
    ps_metric metric;
    ps_cmp op;
    double threshold;
    int year;
    bool enabled;
    bool broken;   /* a problem was already reported: skip final checks */
    int last_file; /* file_seq of the last targets list that named it */
} target_entry;

typedef struct loader {
    bool collect_all; /* check: report every problem; load: keep the first */
    void (*report)(const ps_error *err, void *ctx);
    void *report_ctx;
    int problems;
    ps_error first;

    const char *top_path;
    bool chain_broken; /* a file of the chain could not be read */
    char sources[MAX_SOURCES][512];
    int n_sources;
    char chain_names[MAX_CHAIN][512]; /* files being read, top first */
    char chain_real[MAX_CHAIN][PATH_MAX];
    int chain_len;
    int file_seq;

    struct {
        origin at;
        int misread; /* the value libconfig made of it */
    } wide_integers[32];
    int n_wide_integers;

    leaf leaves[N_SETTINGS];
    target_entry targets[MAX_TARGET_ENTRIES];
    int n_targets;
} loader;

/* Copy src into dst of size n, cut short if needed; always terminated. */
static void copy_text(char *dst, size_t n, const char *src)
{
    size_t length = strnlen(src, n - 1);
    memcpy(dst, src, length);
    dst[length] = '\0';
}

static int intern_source(loader *ld, const char *name)
{
    for (int i = 0; i < ld->n_sources; i++)
        if (strcmp(ld->sources[i], name) == 0)
            return i;
    if (ld->n_sources == MAX_SOURCES - 1)
        return MAX_SOURCES - 1; /* holds "(too many files)" */
    copy_text(ld->sources[ld->n_sources], sizeof ld->sources[0], name);
    return ld->n_sources++;
}

static loader *loader_new(const char *top_path, bool collect_all,
                          void (*report)(const ps_error *, void *), void *ctx)
{
    loader *ld = calloc(1, sizeof *ld);
    if (!ld)
        return NULL;
    ld->collect_all = collect_all;
    ld->report = report;
    ld->report_ctx = ctx;
    ld->top_path = top_path;
    intern_source(ld, "--set");
    snprintf(ld->sources[MAX_SOURCES - 1], sizeof ld->sources[0], "(too many files)");
    return ld;
}

static origin origin_in(loader *ld, const char *file, int line)
{
    origin at = {intern_source(ld, file), line};
    return at;
}

/* Where s was written: its own file (an @include may differ from the file
 * being read) and line. */
static origin origin_of(loader *ld, const config_setting_t *s, const char *file)
{
    const char *own = config_setting_source_file(s);
    return origin_in(ld, own ? own : file, (int)config_setting_source_line(s));
}

static void report_problem(loader *ld, ps_status code, origin at, const char *where,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report_problem(loader *ld, ps_status code, origin at, const char *where,
                           const char *fmt, ...)
{
    char message[sizeof ld->first.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);

    ps_error e;
    ps_error_set(&e, code, at.source >= 0 ? ld->sources[at.source] : NULL, at.line, where,
                 "%s", message);
    ld->problems++;
    if (ld->collect_all) {
        if (ld->report)
            ld->report(&e, ld->report_ctx);
    } else if (ld->problems == 1) {
        ld->first = e;
    }
}

/* ------------------------------------------------------------------ */
/* Small text helpers                                                  */
/* ------------------------------------------------------------------ */

/* Make number text read back as a real by libconfig: "2" -> "2.0". */
static void mark_as_real(char *buf, size_t n)
{
    if (!strpbrk(buf, ".en")) /* '.', exponent, "inf", "nan" */
        strncat(buf, ".0", n - strlen(buf) - 1);
}

/* Shortest "%g" text that reads back as x (for messages); no exponent for
 * magnitudes from 1e-4 to 1e15, so 2020 is "2020", not "2.02e+03". */
static void format_number(double x, char *buf, size_t n)
{
    double magnitude = x < 0 ? -x : x;
    bool plain = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15);
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, n, "%.*g", precision, x);
        if (strtod(buf, NULL) == x && (!plain || !strchr(buf, 'e')))
            return;
    }
}

static void format_real_literal(double x, char *buf, size_t n)
{
    format_number(x, buf, n);
    mark_as_real(buf, n);
}

static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int row[PATH_TEXT + 1];
    if (la > PATH_TEXT || lb > PATH_TEXT)
        return INT_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diagonal = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int above = row[j];
            int best = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

/* The closest candidate within edit distance 2, for "did you mean" hints. */
typedef struct suggestion {
    const char *word;
    char best[PATH_TEXT];
    int distance;
} suggestion;

static void suggestion_init(suggestion *sg, const char *word)
{
    sg->word = word;
    sg->best[0] = '\0';
    sg->distance = 3;
}

static void suggestion_consider(suggestion *sg, const char *candidate)
{
    if (strcmp(sg->word, candidate) == 0)
        return;
    int d = edit_distance(sg->word, candidate);
    if (d < sg->distance) {
        sg->distance = d;
        copy_text(sg->best, sizeof sg->best, candidate);
    }
}

/* " (did you mean 'x'?)" or "". */
static const char *suggestion_hint(const suggestion *sg, char *buf, size_t n)
{
    if (!sg->best[0])
        return "";
    snprintf(buf, n, " (did you mean '%s'?)", sg->best);
    return buf;
}

/* ------------------------------------------------------------------ */
/* Paths of files                                                      */
/* ------------------------------------------------------------------ */

/* Directory part of a file path: "a/b.cfg" -> "a", "b.cfg" -> ".". */
static void directory_of(const char *file, char *dir, size_t n)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        snprintf(dir, n, ".");
    else if (slash == file)
        snprintf(dir, n, "/");
    else
        snprintf(dir, n, "%.*s", (int)(slash - file), file);
}

/* name relative to the directory of file (name itself if absolute or if
 * file has no directory part). False if the result does not fit. */
static bool path_beside(const char *file, const char *name, char *out, size_t n)
{
    const char *slash = strrchr(file, '/');
    int k;
    if (name[0] == '/' || !slash)
        k = snprintf(out, n, "%s", name);
    else
        k = snprintf(out, n, "%.*s/%s", (int)(slash - file), file, name);
    return k >= 0 && (size_t)k < n;
}

/* Remove "." and ".." components of an absolute path, in place. */
static void normalize_absolute_path(char *path)
{
    char *parts[PATH_MAX / 2];
    int depth = 0;
    char copy[PATH_MAX];
    copy_text(copy, sizeof copy, path);
    for (char *save = NULL, *part = strtok_r(copy, "/", &save); part;
         part = strtok_r(NULL, "/", &save)) {
        if (strcmp(part, ".") == 0)
            continue;
        if (strcmp(part, "..") == 0) {
            if (depth > 0)
                depth--;
            continue;
        }
        parts[depth++] = part;
    }
    size_t used = 0;
    path[0] = '\0';
    for (int i = 0; i < depth; i++) {
        int k = snprintf(path + used, PATH_MAX - used, "/%s", parts[i]);
        if (k < 0 || (size_t)k >= PATH_MAX - used)
            break;
        used += (size_t)k;
    }
    if (depth == 0)
        snprintf(path, PATH_MAX, "/");
}

static void describe_errno(int errnum, char *buf, size_t n)
{
    if (strerror_r(errnum, buf, n) != 0)
        snprintf(buf, n, "error %d", errnum);
}

/* ------------------------------------------------------------------ */
/* Settings paths                                                      */
/* ------------------------------------------------------------------ */

static int setting_index(const char *path)
{
    for (int i = 0; i < N_SETTINGS; i++)
        if (strcmp(settings[i].path, path) == 0)
            return i;
    return -1;
}

/* True if path names a group of the table ("growth", "growth.class_effect"). */
static bool is_group_path(const char *path)
{
    size_t n = strlen(path);
    for (int i = 0; i < N_SETTINGS; i++)
        if (strncmp(settings[i].path, path, n) == 0 && settings[i].path[n] == '.')
            return true;
    return false;
}

/* First table setting inside the group path. */
static const char *first_setting_in(const char *group)
{
    size_t n = strlen(group);
    for (int i = 0; i < N_SETTINGS; i++)
        if (strncmp(settings[i].path, group, n) == 0 && settings[i].path[n] == '.')
            return settings[i].path;
    return "";
}

/* Consider every table path and every group path as a correction of word. */
static void suggest_setting(suggestion *sg)
{
    suggestion_consider(sg, "extends");
    suggestion_consider(sg, "targets");
    for (int i = 0; i < N_SETTINGS; i++) {
        const char *path = settings[i].path;
        suggestion_consider(sg, path);
        for (const char *dot = strchr(path, '.'); dot; dot = strchr(dot + 1, '.')) {
            char group[PATH_TEXT];
            snprintf(group, sizeof group, "%.*s", (int)(dot - path), path);
            suggestion_consider(sg, group);
        }
    }
}

static void report_unknown_setting(loader *ld, origin at, const char *path)
{
    suggestion sg;
    char hint[PATH_TEXT + 32];
    suggestion_init(&sg, path);
    suggest_setting(&sg);
    report_problem(ld, PS_ERR_CONFIG, at, path, "unknown setting%s",
                   suggestion_hint(&sg, hint, sizeof hint));
}

/* ------------------------------------------------------------------ */
/* Integer literals libconfig 1.5 misreads                             */
/* ------------------------------------------------------------------ */

/* libconfig 1.5 stores an integer literal without the L suffix in 32 bits
 * and silently wraps anything larger: seed = 3000000000 is read as
 * -1294967296, runs = 99999999999 as 1215752191. The parsed setting keeps
 * no trace of that, so the text is scanned for such literals first. */

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
static int report_wide_integers(loader *ld, const char *text, origin at, const char *where)
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
            report_problem(ld, PS_ERR_CONFIG, here, where,
                           "integer %.*s does not fit in 32 bits, which libconfig reads "
                           "wrongly; write %.*sL",
                           (int)len, c, (int)len, c);
        }
        c += len;
    }
    return found;
}

/* Scan the file at path (already parsed by libconfig). */
static void check_wide_integers_in_file(loader *ld, const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t size = 0;
    if (!f)
        return;
    FILE *copy = open_memstream(&text, &size);
    if (copy) {
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            fwrite(chunk, 1, n, copy);
        fclose(copy);
        report_wide_integers(ld, text, origin_in(ld, path, 1), NULL);
        free(text);
    }
    fclose(f);
}

/* True if s, written at `at`, holds the misread value of a literal that
 * was already reported. */
static bool is_misread_integer(const loader *ld, const config_setting_t *s, origin at)
{
    if (config_setting_type(s) != CONFIG_TYPE_INT)
        return false;
    for (int i = 0; i < ld->n_wide_integers; i++)
        if (ld->wide_integers[i].at.source == at.source && ld->wide_integers[i].at.line == at.line &&
            ld->wide_integers[i].misread == config_setting_get_int(s))
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* Typed values                                                        */
/* ------------------------------------------------------------------ */

static const char *expected_phrase(value_type type)
{
    switch (type) {
    case T_REAL:
        return "a real number";
    case T_INT:
    case T_INT64:
        return "an integer";
    case T_BOOL:
        return "true or false";
    case T_STRING:
        return "a string";
    }
    return "a value";
}

/* "integer 1", "real number 2.5", "string \"x\"", "a group { ... }". */
static void describe_found(const config_setting_t *s, char *buf, size_t n)
{
    char number[40];
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        snprintf(buf, n, "integer %lld", config_setting_get_int64(s));
        break;
    case CONFIG_TYPE_FLOAT:
        format_real_literal(config_setting_get_float(s), number, sizeof number);
        snprintf(buf, n, "real number %s", number);
        break;
    case CONFIG_TYPE_STRING:
        snprintf(buf, n, "string \"%.60s\"", config_setting_get_string(s));
        break;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, n, "boolean %s", config_setting_get_bool(s) ? "true" : "false");
        break;
    case CONFIG_TYPE_GROUP:
        snprintf(buf, n, "a group { ... }");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, n, "a list ( ... )");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, n, "an array [ ... ]");
        break;
    default:
        snprintf(buf, n, "nothing");
        break;
    }
}

static bool type_matches(value_type want, int found)
{
    switch (want) {
    case T_REAL:
        return found == CONFIG_TYPE_FLOAT;
    case T_INT:
    case T_INT64:
        return found == CONFIG_TYPE_INT || found == CONFIG_TYPE_INT64;
    case T_BOOL:
        return found == CONFIG_TYPE_BOOL;
    case T_STRING:
        return found == CONFIG_TYPE_STRING;
    }
    return false;
}

/* How to write the value the way the table wants it, or "". */
static const char *rewrite_hint(value_type want, const config_setting_t *s, char *buf, size_t n)
{
    int found = config_setting_type(s);
    if (want == T_REAL && (found == CONFIG_TYPE_INT || found == CONFIG_TYPE_INT64)) {
        snprintf(buf, n, " (write %lld.0)", config_setting_get_int64(s));
        return buf;
    }
    if ((want == T_INT || want == T_INT64) && found == CONFIG_TYPE_FLOAT) {
        double x = config_setting_get_float(s);
        if (x == (double)(long long)x && x > -1e15 && x < 1e15) {
            snprintf(buf, n, " (write %lld)", (long long)x);
            return buf;
        }
    }
    return "";
}

static void report_wrong_type(loader *ld, const config_setting_t *s, value_type want, origin at,
                              const char *where)
{
    char found[128], hint[64];
    describe_found(s, found, sizeof found);
    report_problem(ld, PS_ERR_CONFIG, at, where, "expected %s, found %s%s", expected_phrase(want),
                   found, rewrite_hint(want, s, hint, sizeof hint));
}

static bool check_range(loader *ld, const setting_info *info, double x, origin at,
                        const char *where)
{
    if (x >= info->lo && x <= info->hi)
        return true;
    char value[40], lo[40], hi[40];
    format_number(x, value, sizeof value);
    format_number(info->lo, lo, sizeof lo);
    format_number(info->hi, hi, sizeof hi);
    report_problem(ld, PS_ERR_CONFIG, at, where, "value %s is out of range [%s, %s]", value, lo,
                   hi);
    return false;
}

/* Check s against info (type, then range or length); fill *out if good. */
static bool read_scalar(loader *ld, const config_setting_t *s, const setting_info *info,
                        origin at, const char *where, scalar *out)
{
    if (is_misread_integer(ld, s, at))
        return false; /* already reported */
    if (!type_matches(info->type, config_setting_type(s))) {
        report_wrong_type(ld, s, info->type, at, where);
        return false;
    }
    switch (info->type) {
    case T_REAL:
        out->real = config_setting_get_float(s);
        return check_range(ld, info, out->real, at, where);
    case T_INT:
    case T_INT64:
        out->integer = config_setting_get_int64(s);
        return check_range(ld, info, (double)out->integer, at, where);
    case T_BOOL:
        out->boolean = config_setting_get_bool(s) != 0;
        return true;
    case T_STRING: {
        const char *text = config_setting_get_string(s);
        size_t length = strlen(text);
        if (length >= info->capacity || length >= sizeof out->text) {
            report_problem(ld, PS_ERR_CONFIG, at, where,
                           "text is %zu characters long; at most %zu fit", length,
                           info->capacity - 1);
            return false;
        }
        memcpy(out->text, text, length + 1);
        return true;
    }
    }
    return false;
}

/* Give table setting `index` the value s (or mark it invalid). */
static void assign_leaf(loader *ld, int index, const config_setting_t *s, origin at)
{
    leaf *target = &ld->leaves[index];
    scalar value;
    memset(&value, 0, sizeof value);
    bool ok = read_scalar(ld, s, &settings[index], at, settings[index].path, &value);
    target->set = true;
    target->valid = ok;
    target->at = at;
    if (ok)
        target->value = value;
}

/* ------------------------------------------------------------------ */
/* Merging settings of one file                                        */
/* ------------------------------------------------------------------ */

static void merge_setting(loader *ld, const config_setting_t *s, const char *path,
                          const char *file);

static void merge_group_members(loader *ld, const config_setting_t *group, const char *prefix,
                                const char *file)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        char path[PATH_TEXT];
        snprintf(path, sizeof path, "%s.%s", prefix, config_setting_name(member));
        merge_setting(ld, member, path, file);
    }
}

static void merge_setting(loader *ld, const config_setting_t *s, const char *path,
                          const char *file)
{
    origin at = origin_of(ld, s, file);
    int index = setting_index(path);
    if (index >= 0) {
        assign_leaf(ld, index, s, at);
    } else if (!is_group_path(path)) {
        report_unknown_setting(ld, at, path);
    } else if (!config_setting_is_group(s)) {
        char found[128];
        describe_found(s, found, sizeof found);
        report_problem(ld, PS_ERR_CONFIG, at, path, "expected a group { ... }, found %s", found);
    } else {
        merge_group_members(ld, s, path, file);
    }
}

/* ------------------------------------------------------------------ */
/* Targets                                                             */
/* ------------------------------------------------------------------ */

static int target_field_index(const char *name)
{
    for (int f = 0; f < TF_COUNT; f++)
        if (strcmp(target_fields[f].path, name) == 0)
            return f;
    return -1;
}

static int cmp_from_name(const char *name)
{
    static const ps_cmp all[] = {PS_CMP_GE, PS_CMP_GT, PS_CMP_LE, PS_CMP_LT};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(ps_cmp_name(all[i]), name) == 0)
            return (int)all[i];
    return -1;
}

static target_entry *find_target(loader *ld, const char *name)
{
    for (int i = 0; i < ld->n_targets; i++)
        if (strcmp(ld->targets[i].name, name) == 0)
            return &ld->targets[i];
    return NULL;
}

static bool is_valid_target_name(const char *name)
{
    if (!name[0])
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-'))
            return false;
    return true;
}

static void report_unknown_metric(loader *ld, origin at, const char *where, const char *name)
{
    suggestion sg;
    char hint[PATH_TEXT + 32];
    suggestion_init(&sg, name);
    for (int m = 0; m < PS_METRIC_COUNT; m++)
        suggestion_consider(&sg, ps_metric_get((ps_metric)m)->name);
    report_problem(ld, PS_ERR_CONFIG, at, where, "unknown metric '%s'%s", name,
                   suggestion_hint(&sg, hint, sizeof hint));
}

/* Set field f of target t from s; validates metric and op names. */
static void set_target_field(loader *ld, target_entry *t, int f, const config_setting_t *s,
                             origin at, const char *where)
{
    scalar v;
    memset(&v, 0, sizeof v);
    t->given[f] = true;
    t->field_at[f] = at;
    if (!read_scalar(ld, s, &target_fields[f], at, where, &v)) {
        t->broken = true;
        return;
    }
    switch (f) {
    case TF_METRIC: {
        int m = ps_metric_from_name(v.text);
        if (m < 0) {
            report_unknown_metric(ld, at, where, v.text);
            t->broken = true;
        } else {
            t->metric = (ps_metric)m;
        }
        break;
    }
    case TF_OP: {
        int op = cmp_from_name(v.text);
        if (op < 0) {
            report_problem(ld, PS_ERR_CONFIG, at, where,
                           "op must be \">=\", \">\", \"<=\" or \"<\", found \"%s\"", v.text);
            t->broken = true;
        } else {
            t->op = (ps_cmp)op;
        }
        break;
    }
    case TF_THRESHOLD:
        t->threshold = v.real;
        break;
    case TF_YEAR:
        t->year = (int)v.integer;
        break;
    case TF_ENABLED:
        t->enabled = v.boolean;
        break;
    }
}

static void report_unknown_target_field(loader *ld, origin at, const char *target_where,
                                        const char *field)
{
    char path[PATH_TEXT], candidate[PATH_TEXT], hint[PATH_TEXT + 32];
    suggestion sg;
    snprintf(path, sizeof path, "%s.%s", target_where, field);
    suggestion_init(&sg, path);
    for (int f = 0; f < TF_COUNT; f++) {
        snprintf(candidate, sizeof candidate, "%s.%s", target_where, target_fields[f].path);
        suggestion_consider(&sg, candidate);
    }
    report_problem(ld, PS_ERR_CONFIG, at, path, "unknown setting%s",
                   suggestion_hint(&sg, hint, sizeof hint));
}

/* The name of a target element, checked; false (reported) if unusable. */
static bool read_target_name(loader *ld, const config_setting_t *element, origin at,
                             const char *where, char *name, size_t n)
{
    const config_setting_t *s = config_setting_get_member(element, "name");
    if (!s) {
        report_problem(ld, PS_ERR_CONFIG, at, where, "target has no name (name = \"...\";)");
        return false;
    }
    origin name_at = origin_of(ld, s, ld->sources[at.source]);
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        report_wrong_type(ld, s, T_STRING, name_at, where);
        return false;
    }
    const char *text = config_setting_get_string(s);
    if (strlen(text) >= n) {
        report_problem(ld, PS_ERR_CONFIG, name_at, where,
                       "target name is longer than %zu characters", n - 1);
        return false;
    }
    if (!is_valid_target_name(text)) {
        report_problem(ld, PS_ERR_CONFIG, name_at, where,
                       "target name \"%s\" may only use letters, digits, '_' and '-'", text);
        return false;
    }
    copy_text(name, n, text);
    return true;
}

static target_entry *add_target(loader *ld, const char *name, origin at)
{
    if (ld->n_targets == MAX_TARGET_ENTRIES)
        return NULL;
    target_entry *t = &ld->targets[ld->n_targets++];
    memset(t, 0, sizeof *t);
    copy_text(t->name, sizeof t->name, name);
    t->at = at;
    t->enabled = true;
    t->last_file = -1;
    return t;
}

/* A target first named in this element must give every field but enabled. */
static void require_complete_target(loader *ld, target_entry *t, const char *where)
{
    char missing[96] = "";
    for (int f = 0; f < TF_COUNT; f++) {
        if (f == TF_ENABLED || t->given[f])
            continue;
        if (missing[0])
            strncat(missing, ", ", sizeof missing - strlen(missing) - 1);
        strncat(missing, target_fields[f].path, sizeof missing - strlen(missing) - 1);
    }
    if (!missing[0])
        return;
    report_problem(ld, PS_ERR_CONFIG, t->at, where,
                   "new target '%s' must set metric, op, threshold and year (missing %s)",
                   t->name, missing);
    t->broken = true;
}

static void merge_target_element(loader *ld, const config_setting_t *element, int index,
                                 const char *file)
{
    origin at = origin_of(ld, element, file);
    char where[PATH_TEXT], name[sizeof ld->targets[0].name];
    snprintf(where, sizeof where, "targets[%d]", index);
    if (!config_setting_is_group(element)) {
        char found[128];
        describe_found(element, found, sizeof found);
        report_problem(ld, PS_ERR_CONFIG, at, where,
                       "expected a target group { name = ...; ... }, found %s", found);
        return;
    }
    if (!read_target_name(ld, element, at, where, name, sizeof name))
        return;
    snprintf(where, sizeof where, "targets.%s", name);

    target_entry *t = find_target(ld, name);
    bool is_new = t == NULL;
    if (t && t->last_file == ld->file_seq) {
        report_problem(ld, PS_ERR_CONFIG, at, where, "target '%s' appears twice in this list",
                       name);
        return;
    }
    if (is_new && !(t = add_target(ld, name, at))) {
        report_problem(ld, PS_ERR_CONFIG, at, where, "too many targets (at most %d)",
                       MAX_TARGET_ENTRIES);
        return;
    }
    t->last_file = ld->file_seq;

    int n = config_setting_length(element);
    for (int i = 0; i < n; i++) {
        const config_setting_t *member = config_setting_get_elem(element, (unsigned)i);
        const char *field = config_setting_name(member);
        origin member_at = origin_of(ld, member, file);
        char path[PATH_TEXT + 16];
        if (strcmp(field, "name") == 0)
            continue;
        int f = target_field_index(field);
        if (f < 0) {
            report_unknown_target_field(ld, member_at, where, field);
            continue;
        }
        snprintf(path, sizeof path, "%s.%s", where, field);
        set_target_field(ld, t, f, member, member_at, path);
    }
    if (is_new)
        require_complete_target(ld, t, where);
}

static void merge_targets(loader *ld, const config_setting_t *list, const char *file)
{
    bool empty_array = config_setting_is_array(list) && config_setting_length(list) == 0;
    if (!config_setting_is_list(list) && !empty_array) {
        char found[128];
        describe_found(list, found, sizeof found);
        report_problem(ld, PS_ERR_CONFIG, origin_of(ld, list, file), "targets",
                       "expected a list of targets ( { name = ...; ... }, ... ), found %s",
                       found);
        return;
    }
    int n = config_setting_length(list);
    for (int i = 0; i < n; i++)
        merge_target_element(ld, config_setting_get_elem(list, (unsigned)i), i, file);
}

/* ------------------------------------------------------------------ */
/* The extends chain                                                   */
/* ------------------------------------------------------------------ */

static void load_chain(loader *ld, const char *path, origin referrer);

/* False (and reported) if path cannot be opened for reading. */
static bool file_is_readable(loader *ld, const char *path, origin referrer)
{
    struct stat st;
    int errnum = 0;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        errnum = EISDIR;
    } else {
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            return true;
        }
        errnum = errno;
    }
    char reason[128];
    describe_errno(errnum, reason, sizeof reason);
    if (referrer.source < 0)
        report_problem(ld, PS_ERR_IO, origin_in(ld, path, 0), NULL,
                       "cannot read scenario file: %s", reason);
    else
        report_problem(ld, PS_ERR_IO, referrer, "extends", "cannot read '%s': %s", path, reason);
    return false;
}

static void report_read_failure(loader *ld, const config_t *cfg, const char *path)
{
    const char *file = config_error_file(cfg) ? config_error_file(cfg) : path;
    const char *text = config_error_text(cfg) ? config_error_text(cfg) : "unreadable";
    if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
        report_problem(ld, PS_ERR_IO, origin_in(ld, file, 0), NULL,
                       "cannot read scenario file: %s", text);
    else
        report_problem(ld, PS_ERR_PARSE, origin_in(ld, file, config_error_line(cfg)), NULL, "%s",
                       text);
}

/* Index in the chain of the file whose real path is real, or -1. */
static int chain_position(const loader *ld, const char *real)
{
    for (int i = 0; i < ld->chain_len; i++)
        if (strcmp(ld->chain_real[i], real) == 0)
            return i;
    return -1;
}

static void report_cycle(loader *ld, int start, const char *path, origin referrer)
{
    char chain[sizeof ld->first.message] = "";
    for (int i = start; i < ld->chain_len; i++) {
        strncat(chain, ld->chain_names[i], sizeof chain - strlen(chain) - 1);
        strncat(chain, " -> ", sizeof chain - strlen(chain) - 1);
    }
    strncat(chain, path, sizeof chain - strlen(chain) - 1);
    report_problem(ld, PS_ERR_CONFIG, referrer, "extends", "extends cycle: %s", chain);
}

/* Follow the extends setting of the file being read. */
static void follow_extends(loader *ld, const config_setting_t *s, const char *file)
{
    origin at = origin_of(ld, s, file);
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        report_wrong_type(ld, s, T_STRING, at, "extends");
        ld->chain_broken = true;
        return;
    }
    char parent[512];
    if (!path_beside(ld->sources[at.source], config_setting_get_string(s), parent,
                     sizeof parent)) {
        report_problem(ld, PS_ERR_CONFIG, at, "extends", "path is too long");
        ld->chain_broken = true;
        return;
    }
    load_chain(ld, parent, at);
}

/* Merge the settings of one parsed file, after those of its parents. */
static void merge_file(loader *ld, const config_t *cfg, const char *path)
{
    const config_setting_t *root = config_root_setting(cfg);
    const config_setting_t *extends = config_setting_get_member(root, "extends");
    if (extends)
        follow_extends(ld, extends, path);

    ld->file_seq++;
    int n = config_setting_length(root);
    for (int i = 0; i < n; i++) {
        const config_setting_t *member = config_setting_get_elem(root, (unsigned)i);
        const char *name = config_setting_name(member);
        if (strcmp(name, "extends") == 0)
            continue;
        if (strcmp(name, "targets") == 0)
            merge_targets(ld, member, path);
        else
            merge_setting(ld, member, name, path);
    }
}

/* Read path (named by the extends at referrer, or the top file) and merge
 * its chain. */
static void load_chain(loader *ld, const char *path, origin referrer)
{
    if (!file_is_readable(ld, path, referrer)) {
        ld->chain_broken = true;
        return;
    }
    char real[PATH_MAX];
    if (!realpath(path, real))
        copy_text(real, sizeof real, path);
    int seen = chain_position(ld, real);
    if (seen >= 0 || ld->chain_len == MAX_CHAIN) {
        if (seen >= 0)
            report_cycle(ld, seen, path, referrer);
        else
            report_problem(ld, PS_ERR_CONFIG, referrer, "extends",
                           "extends chain is longer than %d files", MAX_CHAIN);
        ld->chain_broken = true;
        return;
    }
    copy_text(ld->chain_names[ld->chain_len], sizeof ld->chain_names[0], path);
    copy_text(ld->chain_real[ld->chain_len], sizeof ld->chain_real[0], real);
    ld->chain_len++;

    config_t cfg;
    char dir[512];
    config_init(&cfg);
    directory_of(path, dir, sizeof dir);
    config_set_include_dir(&cfg, dir);
    if (config_read_file(&cfg, path) == CONFIG_TRUE) {
        check_wide_integers_in_file(ld, path);
        merge_file(ld, &cfg, path);
    } else {
        report_read_failure(ld, &cfg, path);
        ld->chain_broken = true;
    }
    config_destroy(&cfg);
    ld->chain_len--;
}

/* ------------------------------------------------------------------ */
/* Overrides ("key=value")                                             */
/* ------------------------------------------------------------------ */

/* Parse text as a libconfig value ("v = text;"); if that fails and text has
 * no quotes, take it as a string. NULL (with *why set) if neither works. */
static const config_setting_t *parse_override_value(config_t *cfg, const char *text,
                                                    const char **why)
{
    size_t n = strlen(text) + 8;
    char *source = malloc(n);
    *why = "out of memory";
    if (!source)
        return NULL;
    snprintf(source, n, "v = %s;", text);
    int parsed = config_read_string(cfg, source);
    free(source);
    const config_setting_t *root = config_root_setting(cfg);
    if (parsed == CONFIG_TRUE && config_setting_length(root) == 1) {
        const config_setting_t *v = config_setting_get_member(root, "v");
        if (v)
            return v;
    }
    *why = parsed == CONFIG_TRUE ? "not a single value"
                                 : (config_error_text(cfg) ? config_error_text(cfg) : "syntax error");
    if (strchr(text, '"'))
        return NULL;
    config_destroy(cfg);
    config_init(cfg);
    config_setting_t *v = config_setting_add(config_root_setting(cfg), "v", CONFIG_TYPE_STRING);
    if (!v || config_setting_set_string(v, text) != CONFIG_TRUE)
        return NULL;
    return v;
}

static void override_target(loader *ld, const char *key, const config_setting_t *value, origin at)
{
    const char *name = key + strlen("targets.");
    const char *dot = strchr(name, '.');
    char wanted[sizeof ld->targets[0].name];
    if (!dot || dot == name || (size_t)(dot - name) >= sizeof wanted) {
        report_problem(ld, PS_ERR_CONFIG, at, key, "expected targets.NAME.FIELD");
        return;
    }
    snprintf(wanted, sizeof wanted, "%.*s", (int)(dot - name), name);
    target_entry *t = find_target(ld, wanted);
    if (!t) {
        suggestion sg;
        char hint[PATH_TEXT + 32];
        suggestion_init(&sg, wanted);
        for (int i = 0; i < ld->n_targets; i++)
            suggestion_consider(&sg, ld->targets[i].name);
        report_problem(ld, PS_ERR_CONFIG, at, key, "unknown target '%s'%s", wanted,
                       suggestion_hint(&sg, hint, sizeof hint));
        return;
    }
    char target_where[PATH_TEXT];
    snprintf(target_where, sizeof target_where, "targets.%s", wanted);
    int f = target_field_index(dot + 1);
    if (f < 0)
        report_unknown_target_field(ld, at, target_where, dot + 1);
    else
        set_target_field(ld, t, f, value, at, key);
}

static void apply_override_value(loader *ld, const char *key, const config_setting_t *value,
                                 origin at)
{
    if (strncmp(key, "targets.", strlen("targets.")) == 0) {
        override_target(ld, key, value, at);
        return;
    }
    int index = setting_index(key);
    if (index >= 0)
        assign_leaf(ld, index, value, at);
    else if (is_group_path(key))
        report_problem(ld, PS_ERR_CONFIG, at, key, "is a group; set its settings one by one (%s=...)",
                       first_setting_in(key));
    else
        report_unknown_setting(ld, at, key);
}

static void apply_override(loader *ld, const char *text)
{
    origin at = {SOURCE_SET, 0};
    const char *equals = strchr(text, '=');
    char key[PATH_TEXT];
    if (!equals || equals == text || (size_t)(equals - text) >= sizeof key) {
        report_problem(ld, PS_ERR_CONFIG, at, text, "expected key=value");
        return;
    }
    snprintf(key, sizeof key, "%.*s", (int)(equals - text), text);

    if (report_wide_integers(ld, equals + 1, at, key) > 0)
        return;
    config_t cfg;
    const char *why = NULL;
    config_init(&cfg);
    const config_setting_t *value = parse_override_value(&cfg, equals + 1, &why);
    if (value)
        apply_override_value(ld, key, value, at);
    else
        report_problem(ld, PS_ERR_PARSE, at, key, "cannot parse value '%s': %s", equals + 1, why);
    config_destroy(&cfg);
}

/* ------------------------------------------------------------------ */
/* From leaves to the struct, and the checks across settings           */
/* ------------------------------------------------------------------ */

#define STORE_REAL(dst, v) (dst) = (v)->real
#define STORE_INT(dst, v) (dst) = (int)(v)->integer
#define STORE_INT64(dst, v) (dst) = (v)->integer
#define STORE_BOOL(dst, v) (dst) = (v)->boolean
#define STORE_STRING(dst, v) copy_text((dst), sizeof(dst), (v)->text)

static void store_setting(ps_scenario *sc, int index, const scalar *v)
{
    int k = 0;
#define PS_STORE(path, type, field, lo, hi) \
    if (index == k++) {                     \
        STORE_##type(sc->field, v);         \
        return;                             \
    }
    PS_SETTING_LIST(PS_STORE)
#undef PS_STORE
}

#define FETCH_REAL(src, v) (v)->real = (src)
#define FETCH_INT(src, v) (v)->integer = (src)
#define FETCH_INT64(src, v) (v)->integer = (long long)(src)
#define FETCH_BOOL(src, v) (v)->boolean = (src)
#define FETCH_STRING(src, v) copy_text((v)->text, sizeof(v)->text, (src))

static void fetch_setting(const ps_scenario *sc, int index, scalar *v)
{
    int k = 0;
#define PS_FETCH(path, type, field, lo, hi) \
    if (index == k++) {                     \
        FETCH_##type(sc->field, v);         \
        return;                             \
    }
    PS_SETTING_LIST(PS_FETCH)
#undef PS_FETCH
}

static const leaf *valid_leaf(const loader *ld, const char *path)
{
    const leaf *l = &ld->leaves[setting_index(path)];
    return l->valid ? l : NULL;
}

static void report_missing_settings(loader *ld)
{
    for (int i = 0; i < N_SETTINGS; i++)
        if (!ld->leaves[i].set)
            report_problem(ld, PS_ERR_CONFIG, origin_in(ld, ld->top_path, 0), settings[i].path,
                           "missing setting (every scenario must set it; extend plan.cfg)");
}

/* run.data relative to the directory of the file that set it (the working
 * directory for --set), absolute: real path if it exists, else normalized. */
static void resolve_data_path(loader *ld, const leaf *data, ps_scenario *sc)
{
    const char *value = data->value.text;
    char base[PATH_MAX] = "", joined[2 * PATH_MAX], real[PATH_MAX];
    if (!value[0]) {
        report_problem(ld, PS_ERR_CONFIG, data->at, "run.data", "empty path");
        return;
    }
    if (value[0] != '/') {
        char dir[PATH_MAX];
        if (data->at.source == SOURCE_SET)
            snprintf(dir, sizeof dir, ".");
        else
            directory_of(ld->sources[data->at.source], dir, sizeof dir);
        if (!realpath(dir, base) && !getcwd(base, sizeof base))
            snprintf(base, sizeof base, "/");
    }
    snprintf(joined, sizeof joined, "%s%s%s", base, base[0] ? "/" : "", value);
    if (realpath(joined, real)) {
        copy_text(joined, sizeof joined, real);
    } else if (strlen(joined) < PATH_MAX) {
        normalize_absolute_path(joined);
    }
    if (strlen(joined) >= sizeof sc->run.data) {
        report_problem(ld, PS_ERR_CONFIG, data->at, "run.data",
                       "resolved path is longer than %zu characters", sizeof sc->run.data - 1);
        return;
    }
    copy_text(sc->run.data, sizeof sc->run.data, joined);
}

static bool is_gsl_generator(const char *name)
{
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t; t++)
        if (strcmp((*t)->name, name) == 0)
            return true;
    return false;
}

static void check_generator(loader *ld, const leaf *generator)
{
    const char *name = generator->value.text;
    if (is_gsl_generator(name))
        return;
    suggestion sg;
    char hint[PATH_TEXT + 32];
    suggestion_init(&sg, name);
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t; t++)
        suggestion_consider(&sg, (*t)->name);
    report_problem(ld, PS_ERR_CONFIG, generator->at, "run.generator",
                   "unknown GSL generator '%s'%s", name,
                   sg.best[0] ? suggestion_hint(&sg, hint, sizeof hint)
                              : " (for example taus2, mt19937 or ranlxd2)");
}

/* True if base_year and horizon are usable for the checks of target years. */
static bool check_years(loader *ld)
{
    const leaf *base = valid_leaf(ld, "run.base_year");
    const leaf *horizon = valid_leaf(ld, "run.horizon");
    if (!base || !horizon)
        return false;
    long long b = base->value.integer, h = horizon->value.integer;
    if (h <= b) {
        report_problem(ld, PS_ERR_CONFIG, horizon->at, "run.horizon",
                       "horizon %lld must be after base_year %lld", h, b);
        return false;
    }
    if (h - b + 1 > PS_MAX_YEARS) {
        report_problem(ld, PS_ERR_CONFIG, horizon->at, "run.horizon",
                       "%lld..%lld is %lld years; at most %d fit", b, h, h - b + 1,
                       PS_MAX_YEARS);
        return false;
    }
    return true;
}

static void check_value_added_bounds(loader *ld)
{
    const leaf *lo = valid_leaf(ld, "value_added.min");
    const leaf *hi = valid_leaf(ld, "value_added.max");
    if (!lo || !hi || lo->value.real <= hi->value.real)
        return;
    char a[40], b[40];
    format_number(lo->value.real, a, sizeof a);
    format_number(hi->value.real, b, sizeof b);
    report_problem(ld, PS_ERR_CONFIG, lo->at, "value_added.min",
                   "min %s is above value_added.max %s", a, b);
}

/* Enabled, well-formed targets into sc, parent order first. */
static void finish_targets(loader *ld, ps_scenario *sc, bool years_known)
{
    sc->n_targets = 0;
    for (int i = 0; i < ld->n_targets; i++) {
        const target_entry *t = &ld->targets[i];
        char where[PATH_TEXT];
        if (!t->enabled || t->broken)
            continue;
        snprintf(where, sizeof where, "targets.%s", t->name);
        if (years_known && (t->year <= sc->run.base_year || t->year > sc->run.horizon)) {
            strncat(where, ".year", sizeof where - strlen(where) - 1);
            report_problem(ld, PS_ERR_CONFIG, t->field_at[TF_YEAR], where,
                           "year %d is outside the projection years %d..%d", t->year,
                           sc->run.base_year + 1, sc->run.horizon);
            continue;
        }
        if (sc->n_targets == PS_MAX_TARGETS) {
            report_problem(ld, PS_ERR_CONFIG, t->at, where,
                           "more than %d targets are enabled", PS_MAX_TARGETS);
            return;
        }
        ps_target *out = &sc->targets[sc->n_targets++];
        copy_text(out->name, sizeof out->name, t->name);
        out->metric = t->metric;
        out->op = t->op;
        out->threshold = t->threshold;
        out->year = t->year;
        out->enabled = true;
    }
}

static void finish_scenario(loader *ld, ps_scenario *sc)
{
    if (!ld->chain_broken)
        report_missing_settings(ld);
    for (int i = 0; i < N_SETTINGS; i++)
        if (ld->leaves[i].valid)
            store_setting(sc, i, &ld->leaves[i].value);
    sc->run.data[0] = '\0';
    const leaf *data = valid_leaf(ld, "run.data");
    if (data)
        resolve_data_path(ld, data, sc);
    bool years_known = check_years(ld);
    check_value_added_bounds(ld);
    const leaf *generator = valid_leaf(ld, "run.generator");
    if (generator)
        check_generator(ld, generator);
    finish_targets(ld, sc, years_known && !ld->chain_broken);
}

/* The whole pipeline; problems end up in ld. */
static void build_scenario(loader *ld, const char *path, const char *const *overrides,
                           int n_overrides, ps_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    if (strlen(path) >= sizeof sc->path) {
        report_problem(ld, PS_ERR_IO, no_origin, NULL, "scenario path is longer than %zu characters",
                       sizeof sc->path - 1);
        return;
    }
    copy_text(sc->path, sizeof sc->path, path);
    load_chain(ld, path, no_origin);
    for (int i = 0; i < n_overrides; i++)
        apply_override(ld, overrides[i]);
    finish_scenario(ld, sc);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

typedef struct writer {
    FILE *f;
    bool failed;
} writer;

static void emit(writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void emit(writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(w->f, fmt, ap) < 0)
        w->failed = true;
    va_end(ap);
}

static void emit_indent(writer *w, int depth)
{
    for (int i = 0; i < depth; i++)
        emit(w, "    ");
}

static void emit_quoted(writer *w, const char *text)
{
    emit(w, "\"");
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        switch (*c) {
        case '"':
            emit(w, "\\\"");
            break;
        case '\\':
            emit(w, "\\\\");
            break;
        case '\n':
            emit(w, "\\n");
            break;
        case '\r':
            emit(w, "\\r");
            break;
        case '\t':
            emit(w, "\\t");
            break;
        case '\f':
            emit(w, "\\f");
            break;
        default:
            if (*c < 0x20 || *c == 0x7f)
                emit(w, "\\x%02x", (unsigned)*c);
            else
                emit(w, "%c", *c);
            break;
        }
    }
    emit(w, "\"");
}

static void emit_real(writer *w, double x)
{
    char text[48];
    format_real_literal(x, text, sizeof text); /* shortest text that reads back to x */
    emit(w, "%s", text);
}

static void emit_value(writer *w, value_type type, const scalar *v)
{
    switch (type) {
    case T_REAL:
        emit_real(w, v->real);
        break;
    case T_INT:
        emit(w, "%lld", v->integer);
        break;
    case T_INT64:
        emit(w, "%lld%s", v->integer, v->integer > INT32_MAX || v->integer < INT32_MIN ? "L" : "");
        break;
    case T_BOOL:
        emit(w, "%s", v->boolean ? "true" : "false");
        break;
    case T_STRING:
        emit_quoted(w, v->text);
        break;
    }
}

/* Number of leading dot-separated components two group paths share. */
static int common_groups(const char *a, const char *b)
{
    int shared = 0;
    for (;;) {
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        if (la == 0 || la != lb || strncmp(a, b, la) != 0)
            return shared;
        shared++;
        if (!a[la] || !b[lb])
            return shared;
        a += la + 1;
        b += lb + 1;
    }
}

static int count_groups(const char *group)
{
    if (!group[0])
        return 0;
    int n = 1;
    for (const char *c = group; *c; c++)
        n += *c == '.';
    return n;
}

/* Close the groups of `open` that `next` does not share, open the new ones. */
static void switch_groups(writer *w, const char *open, const char *next)
{
    int shared = common_groups(open, next);
    for (int depth = count_groups(open); depth > shared; depth--) {
        emit_indent(w, depth - 1);
        emit(w, "};\n");
    }
    const char *part = next;
    for (int depth = 0; depth < count_groups(next); depth++) {
        const char *end = strchr(part, '.');
        int len = end ? (int)(end - part) : (int)strlen(part);
        if (depth >= shared) {
            if (depth == 0)
                emit(w, "\n");
            emit_indent(w, depth);
            emit(w, "%.*s = {\n", len, part);
        }
        part = end ? end + 1 : part + len;
    }
}

static void emit_settings(writer *w, const ps_scenario *sc)
{
    char open[PATH_TEXT] = "";
    for (int i = 0; i < N_SETTINGS; i++) {
        const char *path = settings[i].path;
        const char *last_dot = strrchr(path, '.');
        char group[PATH_TEXT];
        snprintf(group, sizeof group, "%.*s", last_dot ? (int)(last_dot - path) : 0, path);
        switch_groups(w, open, group);
        copy_text(open, sizeof open, group);

        scalar v;
        fetch_setting(sc, i, &v);
        emit_indent(w, count_groups(group));
        emit(w, "%s = ", last_dot ? last_dot + 1 : path);
        emit_value(w, settings[i].type, &v);
        emit(w, ";\n");
    }
    switch_groups(w, open, "");
}

static void emit_targets(writer *w, const ps_scenario *sc)
{
    emit(w, "\ntargets = (");
    for (int i = 0; i < sc->n_targets; i++) {
        const ps_target *t = &sc->targets[i];
        emit(w, "%s\n    { name = ", i ? "," : "");
        emit_quoted(w, t->name);
        emit(w, "; metric = ");
        emit_quoted(w, ps_metric_get(t->metric)->name);
        emit(w, "; op = ");
        emit_quoted(w, ps_cmp_name(t->op));
        emit(w, "; threshold = ");
        emit_real(w, t->threshold);
        emit(w, "; year = %d; enabled = %s; }", t->year, t->enabled ? "true" : "false");
    }
    emit(w, "%s);\n", sc->n_targets ? "\n" : " ");
}

int ps_scenario_write(const ps_scenario *sc, FILE *f)
{
    writer w = {f, false};
    emit(&w, "# Resolved parksim scenario: every setting, no extends.\n");
    emit_settings(&w, sc);
    emit_targets(&w, sc);
    if (fflush(f) != 0 || ferror(f))
        w.failed = true;
    return w.failed ? -1 : 0;
}

#define FNV1A64_START 14695981039346656037ULL

static uint64_t fnv1a64(uint64_t h, const char *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* sc->hash: the resolved text (as ps_scenario_write produces it) with the
 * data file's *contents* in place of its path, so the same scenario and data
 * hash alike in any checkout (shards from different nodes can be merged) and
 * an edited data file changes the hash. An unreadable data file hashes by its
 * path; loading it will fail later with a proper message. */
static int compute_hash(ps_scenario *sc)
{
    ps_scenario without_path = *sc;
    without_path.run.data[0] = '\0';
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f)
        return -1;
    int written = ps_scenario_write(&without_path, f);
    if (fclose(f) != 0 || written != 0) {
        free(text);
        return -1;
    }
    uint64_t h = fnv1a64(FNV1A64_START, text, size);
    free(text);
    FILE *data = fopen(sc->run.data, "rb");
    if (!data) {
        sc->hash = fnv1a64(h, sc->run.data, strlen(sc->run.data));
        return 0;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, data)) > 0)
        h = fnv1a64(h, buf, n);
    fclose(data);
    sc->hash = h;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Public entry points                                                 */
/* ------------------------------------------------------------------ */

int ps_scenario_load(const char *path, const char *const *overrides, int n_overrides,
                     ps_scenario *out, ps_error *err)
{
    ps_error_clear(err);
    loader *ld = loader_new(path, false, NULL, NULL);
    if (!ld)
        return ps_error_set(err, PS_ERR_NOMEM, path, 0, NULL, "out of memory reading the scenario");
    build_scenario(ld, path, overrides, n_overrides, out);
    int status = PS_OK;
    if (ld->problems > 0) {
        status = ld->first.code;
        if (err)
            *err = ld->first;
    } else if (compute_hash(out) != 0) {
        status = ps_error_set(err, PS_ERR_NOMEM, path, 0, NULL, "out of memory hashing the scenario");
    }
    free(ld);
    return status;
}

int ps_scenario_check(const char *path, const char *const *overrides, int n_overrides,
                      void (*report)(const ps_error *err, void *ctx), void *ctx)
{
    loader *ld = loader_new(path, true, report, ctx);
    ps_scenario *scratch = malloc(sizeof *scratch);
    int problems;
    if (!ld || !scratch) {
        ps_error e;
        ps_error_set(&e, PS_ERR_NOMEM, path, 0, NULL, "out of memory checking the scenario");
        if (report)
            report(&e, ctx);
        problems = 1;
    } else {
        build_scenario(ld, path, overrides, n_overrides, scratch);
        problems = ld->problems;
    }
    free(scratch);
    free(ld);
    return problems;
}

const char *ps_cmp_name(ps_cmp op)
{
    switch (op) {
    case PS_CMP_GE:
        return ">=";
    case PS_CMP_GT:
        return ">";
    case PS_CMP_LE:
        return "<=";
    case PS_CMP_LT:
        return "<";
    }
    return "?";
}

bool ps_cmp_holds(ps_cmp op, double value, double threshold)
{
    switch (op) {
    case PS_CMP_GE:
        return value >= threshold;
    case PS_CMP_GT:
        return value > threshold;
    case PS_CMP_LE:
        return value <= threshold;
    case PS_CMP_LT:
        return value < threshold;
    }
    return false;
}
