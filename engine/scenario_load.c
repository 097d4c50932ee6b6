/* scenario_load.c — reading a scenario: the extends chain, parent first,
 * then the overrides, then the plain struct filled in and cross-checked
 * (contract in include/parksim/scenario.h; how the loader is split in
 * engine/scenario_int.h).
 *
 * Every scalar is checked against the table in engine/scenario_table.h
 * (strict types, inclusive ranges) and kept in a "leaf" that remembers the
 * file and line its winning value came from. Every problem goes through
 * ps_sc_report(), which keeps the first one for ps_scenario_load and hands
 * each one to the caller for ps_scenario_check. All state lives in one
 * heap-allocated loader.
 */
#define _XOPEN_SOURCE 700 /* realpath, XSI strerror_r */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "paths_int.h"
#include "scenario_int.h"
#include "suggest_int.h"

const setting_info ps_sc_settings[N_SETTINGS] = {
#define PS_SETTING_INFO(path, type, field, lo, hi) \
    {path, T_##type, lo, hi, sizeof(((ps_scenario *)0)->field)},
    PS_SETTING_LIST(PS_SETTING_INFO)
#undef PS_SETTING_INFO
};

/* ------------------------------------------------------------------ */
/* Loader state and problems                                           */
/* ------------------------------------------------------------------ */

int ps_sc_intern_source(loader *ld, const char *name)
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
    ps_sc_intern_source(ld, "--set");
    ld->not_a_file[SOURCE_SET] = true;
    snprintf(ld->sources[MAX_SOURCES - 1], sizeof ld->sources[0], "(too many files)");
    return ld;
}

origin ps_sc_origin_in(loader *ld, const char *file, int line)
{
    origin at = {ps_sc_intern_source(ld, file), line};
    return at;
}

origin ps_sc_origin_of(loader *ld, const config_setting_t *s, const char *file)
{
    const char *own = config_setting_source_file(s);
    return ps_sc_origin_in(ld, own ? own : file, (int)config_setting_source_line(s));
}

void ps_sc_report(loader *ld, ps_status code, origin at, const char *where,
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


static void describe_errno(int errnum, char *buf, size_t n)
{
    if (strerror_r(errnum, buf, n) != 0)
        snprintf(buf, n, "error %d", errnum);
}

/* ------------------------------------------------------------------ */
/* The extends chain                                                   */
/* ------------------------------------------------------------------ */

static void load_chain(loader *ld, const char *path, origin referrer);

/* A scenario file larger than this is refused (plan.cfg is 12 KiB). */
enum { SCENARIO_MAX_BYTES = 1 << 24 };

static void report_unreadable(loader *ld, const char *path, origin referrer, const char *reason)
{
    if (referrer.source < 0)
        ps_sc_report(ld, PS_ERR_IO, ps_sc_origin_in(ld, path, 0), NULL,
                       "cannot read scenario file: %s", reason);
    else
        ps_sc_report(ld, PS_ERR_IO, referrer, "extends", "cannot read '%s': %s", path, reason);
}

/* The whole text of path, read once (a pipe or FIFO can be read only
 * once), NUL-terminated, malloc'd; NULL (and reported) if it cannot be
 * read, is not a regular file or pipe (a device such as /dev/zero would
 * never end), holds a NUL byte or is too large. */
static char *read_scenario_text(loader *ld, const char *path, origin referrer)
{
    char reason[128];
    FILE *f = fopen(path, "r");
    if (!f) {
        describe_errno(errno, reason, sizeof reason);
        report_unreadable(ld, path, referrer, reason);
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode))) {
        int errnum = errno;
        fclose(f);
        if (S_ISDIR(st.st_mode))
            describe_errno(EISDIR, reason, sizeof reason);
        else if (errnum && !S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode) && !S_ISSOCK(st.st_mode))
            describe_errno(errnum, reason, sizeof reason);
        else
            snprintf(reason, sizeof reason, "not a regular file or pipe");
        report_unreadable(ld, path, referrer, reason);
        return NULL;
    }
    size_t cap = 1 << 14, n = 0;
    char *text = malloc(cap);
    while (text) {
        n += fread(text + n, 1, cap - 1 - n, f);
        if (n < cap - 1 || cap >= SCENARIO_MAX_BYTES)
            break;
        char *bigger = realloc(text, 2 * cap);
        if (!bigger)
            free(text);
        text = bigger;
        cap *= 2;
    }
    const char *problem = NULL;
    if (!text)
        problem = "out of memory";
    else if (ferror(f))
        describe_errno(errno, reason, sizeof reason), problem = reason;
    else if (n == cap - 1 && fgetc(f) != EOF)
        snprintf(reason, sizeof reason, "larger than %d MiB", SCENARIO_MAX_BYTES >> 20), problem = reason;
    else if (memchr(text, '\0', n))
        problem = "holds a NUL byte (not a text file)";
    fclose(f);
    if (problem) {
        if (text)
            report_unreadable(ld, path, referrer, problem);
        else
            ps_sc_report(ld, PS_ERR_NOMEM, ps_sc_origin_in(ld, path, 0), NULL, "%s", problem);
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

static void report_read_failure(loader *ld, const config_t *cfg, const char *path)
{
    const char *file = config_error_file(cfg) ? config_error_file(cfg) : path;
    const char *text = config_error_text(cfg) ? config_error_text(cfg) : "unreadable";
    if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
        ps_sc_report(ld, PS_ERR_IO, ps_sc_origin_in(ld, file, 0), NULL,
                       "cannot read scenario file: %s", text);
    else
        ps_sc_report(ld, PS_ERR_PARSE, ps_sc_origin_in(ld, file, config_error_line(cfg)), NULL, "%s",
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
    ps_sc_report(ld, PS_ERR_CONFIG, referrer, "extends", "extends cycle: %s", chain);
}

/* Follow the extends setting of the file being read. */
static void follow_extends(loader *ld, const config_setting_t *s, const char *file)
{
    origin at = ps_sc_origin_of(ld, s, file);
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        ps_sc_report_wrong_type(ld, s, T_STRING, at, "extends");
        ld->chain_broken = true;
        return;
    }
    char parent[512];
    if (!ps_path_beside(ld->sources[at.source], config_setting_get_string(s), parent,
                     sizeof parent)) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, "extends", "path is too long");
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
            ps_sc_merge_targets(ld, member, path);
        else if (strcmp(name, "uncertainty") == 0)
            ps_sc_merge_uncertainty(ld, member, path);
        else
            ps_sc_merge_setting(ld, member, name, path);
    }
    ps_sc_apply_samples(ld);
}

/* Read path (named by the extends at referrer, or the top file) and merge
 * its chain. */
static void load_chain(loader *ld, const char *path, origin referrer)
{
    char *text = read_scenario_text(ld, path, referrer);
    if (!text) {
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
            ps_sc_report(ld, PS_ERR_CONFIG, referrer, "extends",
                           "extends chain is longer than %d files", MAX_CHAIN);
        ld->chain_broken = true;
        free(text);
        return;
    }
    copy_text(ld->chain_names[ld->chain_len], sizeof ld->chain_names[0], path);
    copy_text(ld->chain_real[ld->chain_len], sizeof ld->chain_real[0], real);
    ld->chain_len++;

    config_t cfg;
    char dir[512];
    config_init(&cfg);
    ps_path_directory_of(path, dir, sizeof dir);
    config_set_include_dir(&cfg, dir);
    /* A UTF-8 byte-order mark (editors on Windows write one) is skipped. */
    const char *body = strncmp(text, "\xef\xbb\xbf", 3) == 0 ? text + 3 : text;
    if (config_read_string(&cfg, body) == CONFIG_TRUE) {
        ps_sc_report_wide_integers(ld, body, ps_sc_origin_in(ld, path, 1), NULL);
        merge_file(ld, &cfg, path);
    } else {
        report_read_failure(ld, &cfg, path);
        ld->chain_broken = true;
    }
    config_destroy(&cfg);
    free(text);
    ld->chain_len--;
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

static const leaf *valid_leaf(const loader *ld, const char *path)
{
    const leaf *l = &ld->leaves[ps_sc_setting_index(path)];
    return l->valid ? l : NULL;
}

static void report_missing_settings(loader *ld)
{
    for (int i = 0; i < N_SETTINGS; i++)
        if (!ld->leaves[i].set)
            ps_sc_report(ld, PS_ERR_CONFIG, ps_sc_origin_in(ld, ld->top_path, 0), ps_sc_settings[i].path,
                           "missing setting (every scenario must set it; extend plan.cfg)");
}

/* run.data relative to the directory of the file that set it (the working
 * directory for an override), absolute: real path if it exists, else normalized. */
static void resolve_data_path(loader *ld, const leaf *data, ps_scenario *sc)
{
    const char *value = data->value.text;
    char base[PATH_MAX] = "", joined[2 * PATH_MAX], real[PATH_MAX];
    if (!value[0]) {
        ps_sc_report(ld, PS_ERR_CONFIG, data->at, "run.data", "empty path");
        return;
    }
    if (value[0] != '/') {
        char dir[PATH_MAX];
        if (ld->not_a_file[data->at.source])
            snprintf(dir, sizeof dir, ".");
        else
            ps_path_directory_of(ld->sources[data->at.source], dir, sizeof dir);
        if (!realpath(dir, base) && !getcwd(base, sizeof base))
            snprintf(base, sizeof base, "/");
    }
    snprintf(joined, sizeof joined, "%s%s%s", base, base[0] ? "/" : "", value);
    if (realpath(joined, real)) {
        copy_text(joined, sizeof joined, real);
    } else if (strlen(joined) < PATH_MAX) {
        ps_path_normalize_absolute(joined);
    }
    if (strlen(joined) >= sizeof sc->run.data) {
        ps_sc_report(ld, PS_ERR_CONFIG, data->at, "run.data",
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
    ps_suggestion sg;
    char hint[PATH_TEXT + 32];
    ps_suggest_init(&sg, name);
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t; t++)
        ps_suggest_consider(&sg, (*t)->name);
    ps_sc_report(ld, PS_ERR_CONFIG, generator->at, "run.generator",
                   "unknown GSL generator '%s'%s", name,
                   sg.best[0] ? ps_suggest_hint(&sg, hint, sizeof hint)
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
        ps_sc_report(ld, PS_ERR_CONFIG, horizon->at, "run.horizon",
                       "horizon %lld must be after base_year %lld", h, b);
        return false;
    }
    if (h - b + 1 > PS_MAX_YEARS) {
        ps_sc_report(ld, PS_ERR_CONFIG, horizon->at, "run.horizon",
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
    ps_sc_format_number(lo->value.real, a, sizeof a);
    ps_sc_format_number(hi->value.real, b, sizeof b);
    ps_sc_report(ld, PS_ERR_CONFIG, lo->at, "value_added.min",
                   "min %s is above value_added.max %s", a, b);
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
    ps_sc_finish_targets(ld, sc, years_known && !ld->chain_broken);
    ps_sc_finish_provinces(ld, sc, years_known && !ld->chain_broken);
    ps_sc_finish_uncertain(ld, sc);
}

/* The whole pipeline; problems end up in ld. */
static void build_scenario(loader *ld, const char *path, const ps_override *overrides,
                           int n_overrides, ps_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    if (strlen(path) >= sizeof sc->path) {
        ps_sc_report(ld, PS_ERR_IO, no_origin, NULL, "scenario path is longer than %zu characters",
                       sizeof sc->path - 1);
        return;
    }
    copy_text(sc->path, sizeof sc->path, path);
    load_chain(ld, path, no_origin);
    for (int i = 0; i < n_overrides; i++)
        ps_sc_apply_override(ld, &overrides[i]);
    finish_scenario(ld, sc);
}

/* ------------------------------------------------------------------ */
/* Public entry points                                                 */
/* ------------------------------------------------------------------ */

int ps_scenario_load_overrides(const char *path, const ps_override *overrides, int n_overrides,
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
    }
    free(ld);
    return status;
}

int ps_scenario_check_load(const char *path, const ps_override *overrides, int n_overrides, ps_scenario *out,
                           void (*report)(const ps_error *err, void *ctx), void *ctx)
{
    loader *ld = loader_new(path, true, report, ctx);
    int problems;
    if (!ld) {
        ps_error e;
        ps_error_set(&e, PS_ERR_NOMEM, path, 0, NULL, "out of memory checking the scenario");
        if (report)
            report(&e, ctx);
        problems = 1;
    } else {
        build_scenario(ld, path, overrides, n_overrides, out);
        problems = ld->problems;
    }
    free(ld);
    return problems;
}

int ps_scenario_check_overrides(const char *path, const ps_override *overrides, int n_overrides,
                                void (*report)(const ps_error *err, void *ctx), void *ctx)
{
    ps_scenario *scratch = malloc(sizeof *scratch);
    if (!scratch) {
        ps_error e;
        ps_error_set(&e, PS_ERR_NOMEM, path, 0, NULL, "out of memory checking the scenario");
        if (report)
            report(&e, ctx);
        return 1;
    }
    int problems = ps_scenario_check_load(path, overrides, n_overrides, scratch, report, ctx);
    free(scratch);
    return problems;
}

/* "key=value" strings as untyped overrides (path NULL: split by the loader,
 * which reports a missing '=' against the whole text). NULL if out of
 * memory; a valid pointer (to be freed) even for n == 0. */
static ps_override *text_overrides(const char *const *texts, int n)
{
    ps_override *ov = calloc(n > 0 ? (size_t)n : 1, sizeof *ov);
    for (int i = 0; ov && i < n; i++)
        ov[i] = (ps_override){.path = NULL, .kind = 0, .value.text = texts[i], .origin = "--set"};
    return ov;
}

int ps_scenario_load(const char *path, const char *const *overrides, int n_overrides,
                     ps_scenario *out, ps_error *err)
{
    ps_override *ov = text_overrides(overrides, n_overrides);
    if (!ov) {
        ps_error_clear(err);
        return ps_error_set(err, PS_ERR_NOMEM, path, 0, NULL, "out of memory reading the scenario");
    }
    int status = ps_scenario_load_overrides(path, ov, n_overrides, out, err);
    free(ov);
    return status;
}

int ps_scenario_check(const char *path, const char *const *overrides, int n_overrides,
                      void (*report)(const ps_error *err, void *ctx), void *ctx)
{
    ps_override *ov = text_overrides(overrides, n_overrides);
    if (!ov) {
        ps_error e;
        ps_error_set(&e, PS_ERR_NOMEM, path, 0, NULL, "out of memory checking the scenario");
        if (report)
            report(&e, ctx);
        return 1;
    }
    int problems = ps_scenario_check_overrides(path, ov, n_overrides, report, ctx);
    free(ov);
    return problems;
}
