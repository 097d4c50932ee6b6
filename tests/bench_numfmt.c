/* bench_numfmt.c — nanoseconds per number: parksim 0.3.0's printf/strtod
 * formatter against ps_numfmt_g, over the same million values.
 *
 * Not a test (no assertions on time): a measurement to read. Each line is
 * one kind of value (fixed seed), best of five repetitions of CPU time;
 * the last column says whether both wrote the same bytes for every value
 * (checked apart from the timing).
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

/* Best CPU ns per value of f over v; *sink keeps the calls alive. */
static double time_it(const char *(*f)(char *, double), const double *v, long *sink)
{
    double best = INFINITY;
    for (int r = 0; r < REPS; r++) {
        double t0 = cpu_seconds();
        for (int i = 0; i < N_VALUES; i++) {
            char buf[32];
            *sink += f(buf, v[i])[1];
        }
        double t = (cpu_seconds() - t0) * 1e9 / N_VALUES;
        best = t < best ? t : best;
    }
    return best;
}

/* Whether both give the same text for every value (not timed). */
static int same_text(const double *v)
{
    for (int i = 0; i < N_VALUES; i++) {
        char a[32], b[32];
        if (strcmp(reference(a, v[i]), ps_numfmt_g(b, v[i])) != 0)
            return 0;
    }
    return 1;
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
        long sink = 0;
        double t_old = time_it(reference, v, &sink), t_new = time_it(ps_numfmt_g, v, &sink);
        printf("%-34s %12.0f %12.1f %8.1f  %s\n", KIND[k], t_old, t_new, t_old / t_new,
               same_text(v) ? "yes" : "NO");
        if (sink == 42) /* never: keeps sink used */
            putchar(' ');
    }
    gsl_rng_free(r);
    free(v);
    return 0;
}
