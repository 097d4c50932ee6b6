/* bench_fastran.c — nanoseconds per draw, GSL against fastran.h.
 *
 * Not a test (no assertions on time): a measurement to read. Each line
 * times the same job on GSL's taus2, fastran's taus2 and fastran's Philox
 * stream (ps_fr_cb; "reseed" starts a stream), best of five repetitions of
 * CPU time, and prints GSL's time over the SplitMix stream's. The last line is one zone-year's draws
 * as parksim makes them (reseed, 6 normals, 2 uniforms, a Poisson of mean
 * near 1000, a binomial of 5000 firms at p = 0.05).
 *
 * Build by hand (from the source root):
 *   cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude tests/bench_fastran.c \
 *      engine/fastran.c -lgsl -lgslcblas -lm -o bench_fastran
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "parksim/fastran.h"

enum job { GET, RESEED, NORMAL, POIS100, POIS1000, POIS5000, BINOM, ZONE_YEAR, N_JOBS };
static const char *const JOB_NAME[N_JOBS] = {
    "taus2 word",    "reseed",          "normal",         "poisson(100)",
    "poisson(1000)", "poisson(5000)",   "binomial(5000, 0.05)", "zone-year mix",
};
static double cb_job(ps_fr_cb *r, enum job j, long reps)
{
    double sink = 0;
    for (long i = 0; i < reps; i++) {
        switch (j) {
        case GET: sink += (double)ps_fr_cb_get(r); break;
        case RESEED: ps_fr_cb_start(r, (uint64_t)i * 0x9e3779b97f4a7c15ULL); sink += (double)ps_fr_cb_get(r); break;
        case NORMAL: sink += ps_fr_cb_normal(r); break;
        case POIS100: sink += (double)ps_fr_cb_poisson(r, 100); break;
        case POIS1000: sink += (double)ps_fr_cb_poisson(r, 1000); break;
        case POIS5000: sink += (double)ps_fr_cb_poisson(r, 5000); break;
        case BINOM: sink += (double)ps_fr_cb_binomial(r, 0.05, 5000); break;
        case ZONE_YEAR:
            ps_fr_cb_start(r, (uint64_t)i * 0x9e3779b97f4a7c15ULL);
            for (int k = 0; k < 6; k++)
                sink += ps_fr_cb_normal(r);
            sink += ps_fr_cb_uniform(r) + ps_fr_cb_uniform_pos(r);
            sink += (double)ps_fr_cb_poisson(r, 800 + (double)(i & 511));
            sink += (double)ps_fr_cb_binomial(r, 0.05, 5000);
            break;
        case N_JOBS: break;
        }
    }
    return sink;
}

static const long JOB_REPS[N_JOBS] = {20000000, 10000000, 10000000, 2000000,
                                      2000000,  2000000,  2000000,  1000000};

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double gsl_job(gsl_rng *g, enum job j, long reps)
{
    double sink = 0;
    for (long i = 0; i < reps; i++) {
        switch (j) {
        case GET: sink += (double)gsl_rng_get(g); break;
        case RESEED: gsl_rng_set(g, (unsigned long)i); sink += (double)gsl_rng_get(g); break;
        case NORMAL: sink += gsl_ran_gaussian_ziggurat(g, 1.0); break;
        case POIS100: sink += gsl_ran_poisson(g, 100); break;
        case POIS1000: sink += gsl_ran_poisson(g, 1000); break;
        case POIS5000: sink += gsl_ran_poisson(g, 5000); break;
        case BINOM: sink += gsl_ran_binomial(g, 0.05, 5000); break;
        case ZONE_YEAR:
            gsl_rng_set(g, (unsigned long)i);
            for (int k = 0; k < 6; k++)
                sink += gsl_ran_gaussian_ziggurat(g, 1.0);
            sink += gsl_rng_uniform(g) + gsl_rng_uniform(g);
            sink += gsl_ran_poisson(g, 800 + (double)(i & 511));
            sink += gsl_ran_binomial(g, 0.05, 5000);
            break;
        case N_JOBS: break;
        }
    }
    return sink;
}

static double fr_job(ps_fr_rng *r, enum job j, long reps)
{
    double sink = 0;
    for (long i = 0; i < reps; i++) {
        switch (j) {
        case GET: sink += ps_fr_get(r); break;
        case RESEED: ps_fr_seed(r, (unsigned long)i); sink += ps_fr_get(r); break;
        case NORMAL: sink += ps_fr_normal(r); break;
        case POIS100: sink += (double)ps_fr_poisson(r, 100); break;
        case POIS1000: sink += (double)ps_fr_poisson(r, 1000); break;
        case POIS5000: sink += (double)ps_fr_poisson(r, 5000); break;
        case BINOM: sink += (double)ps_fr_binomial(r, 0.05, 5000); break;
        case ZONE_YEAR:
            ps_fr_seed(r, (unsigned long)i);
            for (int k = 0; k < 6; k++)
                sink += ps_fr_normal(r);
            sink += ps_fr_uniform(r) + ps_fr_uniform(r);
            sink += (double)ps_fr_poisson(r, 800 + (double)(i & 511));
            sink += (double)ps_fr_binomial(r, 0.05, 5000);
            break;
        case N_JOBS: break;
        }
    }
    return sink;
}

int main(void)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    ps_fr_rng r;
    ps_fr_seed(&r, 1);
    ps_fr_cb c;
    ps_fr_cb_start(&c, 1);
    volatile double sink = 0; /* keeps the draws alive */
    printf("%-22s %10s %10s %10s %8s\n", "ns per draw", "GSL", "taus2", "splitmix", "ratio");
    for (int j = 0; j < N_JOBS; j++) {
        double best_g = 1e300, best_f = 1e300, best_c = 1e300;
        for (int rep = 0; rep < 5; rep++) {
            double t0 = cpu_seconds();
            sink += gsl_job(g, (enum job)j, JOB_REPS[j]);
            double t1 = cpu_seconds();
            sink += fr_job(&r, (enum job)j, JOB_REPS[j]);
            double t2 = cpu_seconds();
            sink += cb_job(&c, (enum job)j, JOB_REPS[j]);
            double t3 = cpu_seconds();
            best_g = t1 - t0 < best_g ? t1 - t0 : best_g;
            best_f = t2 - t1 < best_f ? t2 - t1 : best_f;
            best_c = t3 - t2 < best_c ? t3 - t2 : best_c;
        }
        double ng = 1e9 * best_g / (double)JOB_REPS[j], nf = 1e9 * best_f / (double)JOB_REPS[j];
        double nc = 1e9 * best_c / (double)JOB_REPS[j];
        printf("%-22s %10.1f %10.1f %10.1f %7.1fx\n", JOB_NAME[j], ng, nf, nc, ng / nc);
    }
    gsl_rng_free(g);
    return sink == 0.123456789; /* never true; uses sink */
}
