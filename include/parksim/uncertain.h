/* uncertain.h — uncertain settings: a distribution in place of a number,
 * and how a run draws its parameter vector (engine/MODEL.md, "Uncertain
 * settings").
 *
 * A real setting of a scenario may hold a distribution (ps_unc_dist). The
 * scenario loader parses and validates them into a ps_unc_set (held in
 * ps_scenario.unc); before year one, run k draws one value per uncertain
 * setting:
 *   u_i      one uniform from the stream keyed by (seed, run, FNV-1a of the
 *            setting's path) (ps_rng_stream_uniform): never shared with
 *            another setting, so fixing one setting leaves every other
 *            setting's draws as they were, and two scenarios sharing an
 *            uncertain setting draw the same values of it;
 *   copula   settings named in a correlation get z_i = Phi^-1(u_i),
 *            correlated through the Cholesky factor L of the normal
 *            correlation matrix (y = L z, table order), u_i = Phi(y_i);
 *   value    x_i = F_i^-1(u_i), the (truncated) marginal's inverse CDF;
 *   samples  settings taken from a samples file take row r of it, r drawn
 *            uniformly from the stream (seed, run, PS_STREAM_SAMPLE_ROW).
 * Everything here is a pure function of its arguments: thread-safe.
 */
#ifndef PARKSIM_UNCERTAIN_H
#define PARKSIM_UNCERTAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PS_UNC_MAX 96         /* uncertain settings in one scenario (every real one fits) */
#define PS_UNC_MAX_CORR 64    /* correlations in one scenario */
#define PS_UNC_PATH 64        /* longest setting path + 1 */

typedef enum ps_unc_kind {
    PS_UNC_UNIFORM,    /* min, max */
    PS_UNC_NORMAL,     /* mean, sd; truncated to [min, max] if given */
    PS_UNC_LOGNORMAL,  /* median, sdlog (of ln x); truncated to [min, max] if given */
    PS_UNC_TRIANGULAR, /* min, mode, max */
    PS_UNC_PERT,       /* min, mode, max: beta(1 + 4(mode-min)/(max-min), 1 + 4(max-mode)/(max-min)) */
    PS_UNC_BETA,       /* alpha, beta, scaled to [min, max] */
    PS_UNC_SAMPLES,    /* a column of the scenario's samples file (no parameters) */
    PS_UNC_KIND_COUNT
} ps_unc_kind;

/* One distribution. min/max are the support of uniform, triangular, PERT
 * and beta, and the truncation bounds of normal and lognormal (-inf/+inf
 * when not truncated on that side). */
typedef struct ps_unc_dist {
    ps_unc_kind kind;
    double mean, sd;      /* normal */
    double median, sdlog; /* lognormal: ln x ~ N(ln median, sdlog^2) */
    double mode;          /* triangular, PERT */
    double alpha, beta;   /* beta shapes */
    double min, max;
} ps_unc_dist;

/* One uncertain setting of a scenario. */
typedef struct ps_unc_setting {
    char path[PS_UNC_PATH]; /* "growth.mu" */
    size_t offset;          /* of its double in ps_scenario */
    uint64_t key;           /* ps_unc_key(path): its stream */
    ps_unc_dist dist;
    int column;             /* PS_UNC_SAMPLES: column in the samples file */
} ps_unc_setting;

/* A rank (Spearman) correlation between settings[a] and settings[b]. */
typedef struct ps_unc_correlation {
    int a, b;
    double rho;
} ps_unc_correlation;

/* The uncertain settings of a scenario, in table order. */
typedef struct ps_unc_set {
    int n;
    ps_unc_setting settings[PS_UNC_MAX];
    int n_corr;
    ps_unc_correlation corr[PS_UNC_MAX_CORR];
    char samples[1024]; /* absolute path of the samples file, "" if none */
} ps_unc_set;

/* "uniform", "normal", ... ; NULL for an unknown kind. */
const char *ps_unc_kind_name(ps_unc_kind kind);
/* The kind named name (PS_UNC_SAMPLES is not a name), or -1. */
int ps_unc_kind_from_name(const char *name);

/* The stream key of a setting path: FNV-1a 64 of its bytes. */
uint64_t ps_unc_key(const char *path);

/* Check the parameters of d. Returns NULL if good; else the message of the
 * first problem (into why) and *field names the field it is about ("" for
 * the distribution as a whole). */
const char *ps_unc_check(const ps_unc_dist *d, char *why, size_t n, const char **field);

/* Untruncated CDF of d at x. */
double ps_unc_cdf_untruncated(const ps_unc_dist *d, double x);

/* Inverse CDF of d (truncated to [min, max] for normal and lognormal) at
 * u in (0, 1); the result lies in [min, max]. d must pass ps_unc_check. */
double ps_unc_quantile(const ps_unc_dist *d, double u);

/* Normal or lognormal with given 5th and 95th percentiles (of the
 * untruncated distribution): fills mean/sd or median/sdlog of *d. Returns
 * 0, or -1 if p05 >= p95 (or p05 <= 0 for lognormal). */
int ps_unc_from_percentiles(ps_unc_dist *d, double p05, double p95);

/* Spearman's rho to the correlation of the normals of a Gaussian copula:
 * 2 sin(pi rho / 6). */
double ps_unc_normal_correlation(double spearman);

/* Lower Cholesky factor of the normal correlation matrix of set's
 * correlations, over the settings named in any (map[i] = row of setting i,
 * or -1); *m their count; l is m x m, row-major, caller-allocated with
 * room for PS_UNC_MAX^2. Returns 0, or -1 if the matrix is not positive
 * definite. */
int ps_unc_cholesky(const ps_unc_set *set, int *map, int *m, double *l);

/* The uniforms u[0..set->n) of run `run` (copula applied; entries of
 * PS_UNC_SAMPLES settings are left as drawn, unused). l/map/m as made by
 * ps_unc_cholesky (m = 0: no correlations). scratch holds 2 * PS_UNC_MAX
 * doubles. */
void ps_unc_uniforms(const ps_unc_set *set, const double *l, const int *map, int m, unsigned long seed,
                     long run, double *u, double *scratch);

/* Row of a samples file with n_rows rows that run `run` uses. */
long ps_unc_sample_row(unsigned long seed, long run, long n_rows);

#endif
