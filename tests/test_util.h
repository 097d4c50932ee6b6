/* test_util.h — shared helpers for the cmocka tests: a double comparison
 * with a tolerance (cmocka 1.1.5 has none) and loading a scenario, its
 * baseline and model in one call. */
#ifndef PARKSIM_TEST_UTIL_H
#define PARKSIM_TEST_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "parksim/baseline.h"
#include "parksim/model.h"
#include "parksim/scenario.h"

#define assert_close(actual, expected, tol)                                                        \
    do {                                                                                           \
        double a_ = (actual), e_ = (expected), t_ = (tol);                                         \
        if (!(fabs(a_ - e_) <= t_)) {                                                              \
            print_error("%s = %.17g, expected %.17g within %.3g\n", #actual, a_, e_, t_);          \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

typedef struct test_job {
    ps_scenario sc;
    ps_baseline bl;
    ps_model *model;
} test_job;

/* Load path with overrides; fails the test with the error text otherwise. */
static inline void test_job_open(test_job *job, const char *path, const char *const *sets, int n_sets)
{
    ps_error err;
    char buf[2048];
    ps_error_clear(&err);
    if (ps_scenario_load(path, sets, n_sets, &job->sc, &err) != PS_OK ||
        ps_baseline_load(job->sc.run.data, &job->bl, &err) != PS_OK ||
        ps_model_create(&job->sc, &job->bl, &job->model, &err) != PS_OK) {
        print_error("%s\n", ps_error_format(&err, buf, sizeof buf));
        fail();
    }
}

static inline void test_job_close(test_job *job)
{
    ps_model_free(job->model);
    ps_baseline_free(&job->bl);
}

/* Value of metric m in year index y of a run result. */
static inline double run_value(const ps_run_result *r, ps_metric m, int y)
{
    return r->values[m * r->n_years + y];
}

/* A fresh directory /tmp/<name>.XXXXXX into dir (size n); 0 or -1. */
static inline int test_tmpdir_make(char *dir, size_t n, const char *name)
{
    snprintf(dir, n, "/tmp/%s.XXXXXX", name);
    return mkdtemp(dir) ? 0 : -1;
}

/* Remove dir and everything in it; 0 or -1. */
static inline int test_tmpdir_remove(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
