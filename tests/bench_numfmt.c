/* bench_numfmt.c — nanoseconds per number: parksim 0.3.0's printf/strtod
 * formatter against ps_numfmt_g, over the same million values.
 *
 * Not a test (no assertions on time): a measurement to read. Each line is
 * one kind of value (fixed seed), best of five repetitions of CPU time; a
 * checksum of the texts keeps the work from being optimised away and shows
 * both produce the same bytes.
 *
 * Build: cmake --build build --target bench_numfmt && build/tests/bench_numfmt
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "parksim/numfmt.h"

#define N_VALUES 1000000
#define REPS 5

static const char *reference(char *buf, double x) /* 0.3.0's ps_fmt_double */
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, x);
        if (strtod(buf, NULL) == x || x != x)
            break;
    }
    return buf;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Best CPU ns per value of f over v; *sum: a checksum of the texts. */
static double time_it(const char *(*f)(char *, double), const double *v, uint64_t *sum)
{
    double best = INFINITY;
    for (int r = 0; r < REPS; r++) {
        uint64_t h = 1469598103934665603u; /* FNV-1a over all texts */
        double t0 = cpu_seconds();
        for (int i = 0; i < N_VALUES; i++) {
            char buf[32];
            for (const char *p = f(buf, v[i]); *p; p++)
                h = (h ^ (unsigned char)*p) * 1099511628211u;
        }
        double t = (cpu_seconds() - t0) * 1e9 / N_VALUES;
        best = t < best ? t : best;
        *sum = h;
    }
    return best;
}

int main(void)
{
    static const char *const KIND[] = {"amounts 1e-6..1e7 (log-uniform)", "probabilities U(0,1)",
                                       "counts 0..1e7", "short decimals k/1000"};
    double *v = malloc(N_VALUES * sizeof *v);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!v || !r)
        return 1;
    printf("%-34s %12s %12s %8s  %s\n", "values (1e6 each)", "0.3.0 ns", "numfmt ns", "ratio", "same text");
    for (int k = 0; k < 4; k++) {
        gsl_rng_set(r, (unsigned long)k + 1);
        for (int i = 0; i < N_VALUES; i++) {
            double u = gsl_rng_uniform(r);
            v[i] = k == 0 ? exp(log(1e-6) + (log(1e7) - log(1e-6)) * u)
                 : k == 1 ? u
                 : k == 2 ? floor(u * 1e7)
                          : floor(u * 100000) / 1000;
        }
        uint64_t h_old, h_new;
        double t_old = time_it(reference, v, &h_old), t_new = time_it(ps_numfmt_g, v, &h_new);
        printf("%-34s %12.0f %12.1f %8.1f  %s\n", KIND[k], t_old, t_new, t_old / t_new,
               h_old == h_new ? "yes" : "NO");
    }
    gsl_rng_free(r);
    free(v);
    return 0;
}
