/* test_design.c — designs of experiments (engine/design.c): a Latin
 * hypercube has exactly one point in every stratum of every dimension, is
 * the same for the same seed and differs for another; random points stay in
 * the unit cube with the uniform's mean; integer scaling gives every whole
 * number an equal share; design files are read exactly and every bad file
 * gives its exact located message. */
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/design.h"
#include "test_util.h"

static char tmpdir[256];

static void write_text(const char *name, const char *text, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void lhs_has_one_point_per_stratum(void **state)
{
    (void)state;
    const int k = 5;
    const long sizes[] = {1, 2, 7, 100, 1000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        long n = sizes[s];
        double *u = malloc((size_t)(n * k) * sizeof *u);
        int *seen = calloc((size_t)n, sizeof *seen);
        assert_non_null(u);
        assert_non_null(seen);
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(r, 20151231);
        assert_int_equal(ps_design_unit_lhs(r, k, n, u, NULL), PS_OK);
        for (int j = 0; j < k; j++) {
            memset(seen, 0, (size_t)n * sizeof *seen);
            for (long i = 0; i < n; i++) {
                double x = u[i * k + j];
                assert_true(x >= 0 && x < 1);
                seen[(long)floor(x * (double)n)]++;
            }
            for (long i = 0; i < n; i++)
                assert_int_equal(seen[i], 1);
        }
        /* Same seed, same design; another seed, another one (n > 1). */
        double *v = malloc((size_t)(n * k) * sizeof *v);
        assert_non_null(v);
        gsl_rng_set(r, 20151231);
        ps_design_unit_lhs(r, k, n, v, NULL);
        assert_memory_equal(u, v, (size_t)(n * k) * sizeof *u);
        gsl_rng_set(r, 7);
        ps_design_unit_lhs(r, k, n, v, NULL);
        assert_true(memcmp(u, v, (size_t)(n * k) * sizeof *u) != 0);
        gsl_rng_free(r);
        free(u);
        free(v);
        free(seen);
    }
}

/* 3 x 20000 uniforms: the mean of U(0,1) is 1/2 with sd sqrt(1/12)/sqrt(n)
 * = 0.0020; 5 sd = 0.010. Every coordinate in [0, 1). */
static void random_points_are_uniform_in_the_cube(void **state)
{
    (void)state;
    const int k = 3;
    const long n = 20000;
    double *u = malloc((size_t)(n * k) * sizeof *u);
    assert_non_null(u);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1);
    ps_design_unit_random(r, k, n, u);
    for (int j = 0; j < k; j++) {
        double sum = 0;
        for (long i = 0; i < n; i++) {
            assert_true(u[i * k + j] >= 0 && u[i * k + j] < 1);
            sum += u[i * k + j];
        }
        assert_close(sum / (double)n, 0.5, 5 * sqrt(1.0 / 12 / (double)n));
    }
    gsl_rng_free(r);
    free(u);
}

static void scale_maps_reals_and_integers(void **state)
{
    (void)state;
    assert_close(ps_design_scale(0, 0.1, 0.3, false), 0.1, 0);
    assert_close(ps_design_scale(0.5, 0.1, 0.3, false), 0.2, 1e-15);
    /* 10..14: five whole numbers, a fifth of [0, 1) each. */
    assert_close(ps_design_scale(0, 10, 14, true), 10, 0);
    assert_close(ps_design_scale(0.1999, 10, 14, true), 10, 0);
    assert_close(ps_design_scale(0.2, 10, 14, true), 11, 0);
    assert_close(ps_design_scale(0.9999999, 10, 14, true), 14, 0);
    assert_close(ps_design_scale(nextafter(1.0, 0.0), 10, 14, true), 14, 0);
    /* LHS over 5 points of a 5-level integer setting: each level once. */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 3);
    double u[5];
    int seen[5] = {0};
    ps_design_unit_lhs(r, 1, 5, u, NULL);
    for (int i = 0; i < 5; i++)
        seen[(int)ps_design_scale(u[i], 10, 14, true) - 10]++;
    for (int i = 0; i < 5; i++)
        assert_int_equal(seen[i], 1);
    gsl_rng_free(r);
}

static void a_design_file_is_read_exactly(void **state)
{
    (void)state;
    char path[512];
    write_text("ok.tsv",
               "# from SALib: saltelli.sample\n"
               "growth.mu\trun.prefecture_cities \n"
               "\n"
               "0.08\t12\n"
               "# a comment between points\n"
               " 1e-2 \t-3\r\n"
               "0.1234567890123456789\t0\n",
               path, sizeof path);
    ps_design d;
    ps_error err;
    ps_error_clear(&err);
    assert_int_equal(ps_design_read(path, &d, &err), PS_OK);
    assert_int_equal(d.k, 2);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.keys[0], "growth.mu");
    assert_string_equal(d.keys[1], "run.prefecture_cities");
    assert_int_equal(d.kinds[0], 'r');
    assert_int_equal(d.kinds[1], 'i');
    const double want[] = {0.08, 12, 1e-2, -3, 0.1234567890123456789, 0};
    for (int i = 0; i < 6; i++)
        assert_true(d.x[i] == want[i]);
    assert_int_equal(d.lines[0], 4);
    assert_int_equal(d.lines[1], 6);
    assert_int_equal(d.lines[2], 7);
    ps_design_free(&d);
    ps_design_free(&d); /* twice: a no-op */
    ps_design_free(NULL);
}

static void bad_design_files_are_located(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"growth.mu\tgrowth.mux\n0.1\t0.2\n", ":1: column growth.mux: unknown setting (did you mean 'growth.mu'?)"},
        {"# c\ngrowth.mu\trun.out\n0.1\tx\n", ":2: column run.out: not a numeric setting (a text setting): a design gives numbers"},
        {"run.include_sip\n1\n", ":1: column run.include_sip: not a numeric setting (a true/false setting): a design gives numbers"},
        {"growth.mu\tgrowth.mu\n1\t1\n", ":1: column growth.mu: named twice (columns 1 and 2)"},
        {"growth.mu\trun.prefecture_cities\n0.1\t3\n0.2\t3.5\n", ":3: column run.prefecture_cities: an integer setting: expected a whole number, got '3.5'"},
        {"growth.mu\trun.prefecture_cities\n0.1\t3\n0,2\t3\n", ":3: column growth.mu: expected a number, got '0,2'"},
        {"growth.mu\n\nnan\n", ":3: column growth.mu: expected a finite number, got 'nan'"},
        {"growth.mu\trun.prefecture_cities\n0.1\n", ":2: 1 value, expected 2 (one per column of the header)"},
        {"growth.mu\trun.prefecture_cities\n0.1\t2\t3\n", ":2: more than 2 values, expected 2 (one per column of the header)"},
        {"growth.mu\trun.prefecture_cities\n0.1\t\n", ":2: column run.prefecture_cities: expected a number, got ''"},
        {"# only a comment\n", ":1: no header line (setting paths, tab-separated)"},
        {"growth.mu\n# no points\n", ":2: no points (a header and no value lines)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[512], name[32], got[2048], want[2048];
        snprintf(name, sizeof name, "bad%zu.tsv", i);
        write_text(name, cases[i].text, path, sizeof path);
        ps_design d;
        ps_error err;
        ps_error_clear(&err);
        assert_int_not_equal(ps_design_read(path, &d, &err), PS_OK);
        assert_null(d.x);
        snprintf(want, sizeof want, "%s%s", path, cases[i].message);
        assert_string_equal(ps_error_format(&err, got, sizeof got), want);
    }
    ps_design d;
    ps_error err;
    char want[600], got[2048];
    snprintf(want, sizeof want, "%s/none.tsv", tmpdir);
    assert_int_equal(ps_design_read(want, &d, &err), PS_ERR_IO);
    snprintf(want + strlen(want), sizeof want - strlen(want), ": cannot open the design file: No such file or directory");
    assert_string_equal(ps_error_format(&err, got, sizeof got), want);
}

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return test_tmpdir_make(tmpdir, sizeof tmpdir, "test_design");
}

static int teardown(void **state)
{
    (void)state;
    return test_tmpdir_remove(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lhs_has_one_point_per_stratum),
        cmocka_unit_test(random_points_are_uniform_in_the_cube),
        cmocka_unit_test(scale_maps_reals_and_integers),
        cmocka_unit_test(a_design_file_is_read_exactly),
        cmocka_unit_test(bad_design_files_are_located),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
