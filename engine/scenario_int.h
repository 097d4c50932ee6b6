/* scenario_int.h — what the files of the scenario loader share. Internal to
 * engine/scenario_*.c, the only files that include libconfig.h.
 *
 * The loader is split along its own seams:
 *   scenario_load.c     the extends chain, reading files, building and
 *                       cross-checking the struct; ps_scenario_load/_check
 *   scenario_merge.c    typed values into leaves, merging groups, overrides
 *   scenario_targets.c  the targets list, merged by target name
 *   scenario_literal.c  integer literals libconfig 1.5 silently wraps
 *   scenario_write.c    ps_scenario_write and number text
 * One heap-allocated `loader` carries all state of one load; every problem
 * goes through ps_sc_report().
 */
#ifndef PARKSIM_SCENARIO_INT_H
#define PARKSIM_SCENARIO_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <libconfig.h>

#include "parksim/scenario.h"
#include "scenario_table.h"

/* ---- the settings table, expanded ---------------------------------- */

typedef enum value_type { T_REAL, T_INT, T_INT64, T_BOOL, T_STRING } value_type;

typedef struct setting_info {
    const char *path;
    value_type type;
    double lo, hi;   /* inclusive bounds for REAL, INT, INT64 */
    size_t capacity; /* STRING: size of the destination buffer */
} setting_info;

#define PS_SC_COUNT_ONE(path, type, field, lo, hi) +1
enum { N_SETTINGS = 0 PS_SETTING_LIST(PS_SC_COUNT_ONE) };
#undef PS_SC_COUNT_ONE

extern const setting_info ps_sc_settings[N_SETTINGS]; /* table order */

/* The fields of one element of the targets list (besides its name). */
enum target_field { TF_METRIC, TF_OP, TF_THRESHOLD, TF_YEAR, TF_ENABLED, TF_PROVINCE, TF_COUNT };

/* ---- loader state -------------------------------------------------- */

#define MAX_SOURCES 128 /* distinct files (and override origins) values can come from */
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
    scalar value;     /* an uncertain setting: the median of its distribution */
    bool uncertain;   /* value is a distribution (scenario_uncertain.c) */
    ps_unc_dist dist;
} leaf;

/* A correlation of the uncertainty group, merged by its pair of settings. */
typedef struct corr_entry {
    int a, b; /* table indices, a < b */
    double rho;
    origin at;
} corr_entry;

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
    char province[PS_PROVINCE_NAME]; /* "" for the nation */
    bool broken;   /* a problem was already reported: skip final checks */
    int last_file; /* file_seq of the last targets list that named it */
} target_entry;

/* A setting by province (scenario_province.c), merged entry by entry. */
enum { PMAP_EFFECT, PMAP_WEIGHT, PMAP_RESERVED, PMAP_COUNT };
typedef struct province_entry {
    char name[PS_PROVINCE_NAME]; /* as in the data file: spaces, not '_' */
    double value;
    origin at;
} province_entry;
typedef struct province_map {
    int n;
    province_entry e[PS_PROVINCE_MAX];
} province_map;

typedef struct loader {
    bool collect_all; /* check: report every problem; load: keep the first */
    void (*report)(const ps_error *err, void *ctx);
    void *report_ctx;
    int problems;
    ps_error first;

    const char *top_path;
    bool chain_broken; /* a file of the chain could not be read */
    char sources[MAX_SOURCES][512];
    bool not_a_file[MAX_SOURCES]; /* an override origin ("--set", "--runs") */
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
    corr_entry corr[PS_UNC_MAX_CORR];
    int n_corr;

    /* uncertainty.samples: declared by the file being merged (applied when
     * its merge ends), and the one in force. */
    struct {
        bool pending;
        origin at, columns_at;
        char display[512]; /* beside the declaring file, as a person reads it */
        bool has_columns;
        int n_columns;
        char columns[PS_UNC_MAX][PS_UNC_PATH];
    } samples_decl;
    char samples_abs[1024];
    char samples_display[512];
    province_map pmaps[PMAP_COUNT]; /* growth.province_effect, upgrade.province_weight, upgrade.reserved */
    struct {
        bool given;
        origin at;
        int n;
        int values[PS_MAX_YEARS];
    } schedule; /* upgrade.schedule */
} loader;

/* Copy src into dst of size n, cut short if needed; always terminated. */
static inline void copy_text(char *dst, size_t n, const char *src)
{
    size_t length = strnlen(src, n - 1);
    memcpy(dst, src, length);
    dst[length] = '\0';
}

/* ---- scenario_load.c ------------------------------------------------ */

/* Index of name in ld->sources, added if new. */
int ps_sc_intern_source(loader *ld, const char *name);
origin ps_sc_origin_in(loader *ld, const char *file, int line);
/* Where s was written: its own file (an @include may differ from the file
 * being read) and line. */
origin ps_sc_origin_of(loader *ld, const config_setting_t *s, const char *file);
/* Count a problem; keep the first (load) or hand it to the caller (check). */
void ps_sc_report(loader *ld, ps_status code, origin at, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* ---- scenario_merge.c ----------------------------------------------- */

int ps_sc_setting_index(const char *path); /* index in ps_sc_settings or -1 */
/* "integer 1", "real number 2.5", "string \"x\"", "a group { ... }". */
void ps_sc_describe_found(const config_setting_t *s, char *buf, size_t n);
void ps_sc_report_wrong_type(loader *ld, const config_setting_t *s, value_type want, origin at,
                             const char *where);
/* Check s against info (type, then range or length); fill *out if good. */
bool ps_sc_read_scalar(loader *ld, const config_setting_t *s, const setting_info *info, origin at,
                       const char *where, scalar *out);
/* Merge setting s found at path (a table setting or a group of them). */
void ps_sc_merge_setting(loader *ld, const config_setting_t *s, const char *path, const char *file);
/* Apply one override (after every file). */
void ps_sc_apply_override(loader *ld, const ps_override *ov);

/* ---- scenario_targets.c --------------------------------------------- */

void ps_sc_merge_targets(loader *ld, const config_setting_t *list, const char *file);
/* key is "targets.NAME.FIELD". */
void ps_sc_override_target(loader *ld, const char *key, const config_setting_t *value, origin at);
/* Enabled, well-formed targets into sc, parent order first. */
void ps_sc_finish_targets(loader *ld, ps_scenario *sc, bool years_known);

/* ---- scenario_uncertain.c ------------------------------------------- */

/* Read the distribution group given for the real setting info (at path). */
bool ps_sc_read_distribution(loader *ld, const config_setting_t *group, const setting_info *info, origin at,
                             const char *path, ps_unc_dist *out);
/* Merge the top-level `uncertainty` group of a file. */
void ps_sc_merge_uncertainty(loader *ld, const config_setting_t *group, const char *file);
/* Apply the samples file the file just merged declared (if any): its
 * columns override what that file and its parents gave. */
void ps_sc_apply_samples(loader *ld);
/* Fill sc->unc from the leaves and correlations; checks the copula. */
void ps_sc_finish_uncertain(loader *ld, ps_scenario *sc);

/* ---- scenario_province.c ------------------------------------------- */
/* If path is a setting by province (a whole group, or one province of it)
 * or upgrade.schedule, merge s into the loader and return true. file: the
 * file s was read from (member origins), NULL for an override at `at`. */
bool ps_sc_merge_province(loader *ld, const config_setting_t *s, const char *path, const char *file, origin at);
/* Those paths as did-you-mean candidates. */
struct ps_suggestion;
void ps_sc_suggest_province(struct ps_suggestion *sg);
/* Into sc, sorted by name; checks names against the data file's provinces
 * (settings and targets) and the schedule's length against the years. */
void ps_sc_finish_provinces(loader *ld, ps_scenario *sc, bool years_known);
/* The metrics reported by province (national_zones, upgrades, gdp,
 * rd_intensity, city_coverage). */
bool ps_sc_is_province_metric(ps_metric m);

/* ---- scenario_literal.c --------------------------------------------- */

/* Report every integer literal in text that libconfig would wrap, counting
 * lines from at.line (0: text is one override value). Returns how many. */
int ps_sc_report_wide_integers(loader *ld, const char *text, origin at, const char *where);
/* True if s, written at `at`, holds the misread value of a literal that
 * was already reported. */
bool ps_sc_is_misread_integer(const loader *ld, const config_setting_t *s, origin at);

/* ---- scenario_write.c ----------------------------------------------- */

/* Shortest "%g" text that reads back as x (for messages); no exponent for
 * magnitudes from 1e-4 to 1e15, so 2020 is "2020", not "2.02e+03". */
void ps_sc_format_number(double x, char *buf, size_t n);
/* The same, marked as a real for libconfig: 2 -> "2.0". */
void ps_sc_format_real_literal(double x, char *buf, size_t n);

#endif
