/* test_samples.c — samples files (engine/samples.c, the loader's
 * uncertainty.samples in engine/scenario_uncertain.c, rows in
 * ps_model_parameters): each run's row is uniform over the rows (chi-square
 * over 20 rows), the columns of a run come from one row jointly, a later
 * value takes a setting out of the file, and every bad file gives its exact
 * located message. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/samples.h"
#include "test_util.h"

#define PLAN PS_SOURCE_DIR "/scenarios/plan_fixed.cfg"
#define N_ROWS 20
#define N_RUNS 20000

static ps_scenario loaded;
static char tmpdir[256];

static void write_text(const char *name, const char *text, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* A scenario extending plan_fixed.cfg with body, beside the samples file. */
static void scenario_file(const char *name, const char *body, char *out, size_t n)
{
    char text[2048];
    snprintf(text, sizeof text, "extends = \"%s\";\n%s", PLAN, body);
    write_text(name, text, out, n);
}

/* N_ROWS rows: growth.mu = 0.01 r, shocks.zone_sigma = 0.2 - 0.005 r. */
static void write_rows(void)
{
    char text[4096] = "# provenance: test\ngrowth.mu\tshocks.zone_sigma\n", path[512];
    for (int r = 0; r < N_ROWS; r++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%.17g\t%.17g\n", 0.01 * r, 0.2 - 0.005 * r);
    write_text("rows.tsv", text, path, sizeof path);
}

static void rows_are_uniform_and_joint(void **state)
{
    (void)state;
    char path[512];
    write_rows();
    scenario_file("s.cfg", "uncertainty = { samples = \"rows.tsv\"; };\n", path, sizeof path);
    test_job job;
    test_job_open(&job, path, NULL, 0);
    const ps_unc_set *set = &job.sc.unc;
    assert_int_equal(set->n, 2); /* table order: shocks.zone_sigma, growth.mu */
    assert_string_equal(set->settings[0].path, "shocks.zone_sigma");
    assert_string_equal(set->settings[1].path, "growth.mu");
    assert_int_equal(set->settings[1].dist.kind, PS_UNC_SAMPLES);
    /* The struct holds the column's median: rows 9 and 10 averaged. */
    assert_close(job.sc.growth.mu, 0.095, 1e-12);
    long count[N_ROWS] = {0};
    double params[PS_UNC_MAX];
    for (long k = 0; k < N_RUNS; k++) {
        ps_model_parameters(job.model, k, params);
        long r = lround(params[1] / 0.01);
        assert_true(r >= 0 && r < N_ROWS);
        assert_close(params[1], 0.01 * (double)r, 1e-15);
        assert_close(params[0], 0.2 - 0.005 * (double)r, 1e-15); /* the same row */
        count[r]++;
    }
    double chi2 = 0, e = (double)N_RUNS / N_ROWS;
    for (int r = 0; r < N_ROWS; r++)
        chi2 += ((double)count[r] - e) * ((double)count[r] - e) / e;
    /* 19 degrees of freedom: fail only above the 0.1 % point (43.8). */
    assert_true(chi2 < gsl_cdf_chisq_Pinv(0.999, N_ROWS - 1));
    test_job_close(&job);
}

static void a_later_value_takes_a_setting_out(void **state)
{
    (void)state;
    char path[512];
    write_rows();
    scenario_file("parent.cfg", "uncertainty = { samples = \"rows.tsv\"; };\n", path, sizeof path);
    char child[512];
    write_text("child.cfg", "extends = \"parent.cfg\";\ngrowth = { mu = 0.05; };\n", child, sizeof child);
    ps_error err;
    assert_int_equal(ps_scenario_load(child, NULL, 0, &loaded, &err), PS_OK);
    assert_int_equal(loaded.unc.n, 1);
    assert_string_equal(loaded.unc.settings[0].path, "shocks.zone_sigma");
    assert_close(loaded.growth.mu, 0.05, 0);
    /* columns picks some; the file's value beats the same file's own. */
    scenario_file("cols.cfg",
                  "growth = { mu = 0.5; };\nuncertainty = { samples = \"rows.tsv\"; columns = [\"growth.mu\"]; };\n",
                  path, sizeof path);
    assert_int_equal(ps_scenario_load(path, NULL, 0, &loaded, &err), PS_OK);
    assert_int_equal(loaded.unc.n, 1);
    assert_string_equal(loaded.unc.settings[0].path, "growth.mu");
    const char *sets[] = {"growth.mu=0.07"};
    assert_int_equal(ps_scenario_load(path, sets, 1, &loaded, &err), PS_OK);
    assert_int_equal(loaded.unc.n, 0);
    assert_string_equal(loaded.unc.samples, "");
}

/* The message of loading a scenario whose samples file is text. */
static void expect(const char *text, const char *body, const char *message)
{
    char path[512], tsv[512], got[1400];
    write_text("bad.tsv", text, tsv, sizeof tsv);
    scenario_file("bad.cfg", body, path, sizeof path);
    ps_error err;
    assert_int_not_equal(ps_scenario_load(path, NULL, 0, &loaded, &err), PS_OK);
    ps_error_format(&err, got, sizeof got);
    const char *tail = strstr(got, "bad.");
    assert_non_null(tail);
    assert_string_equal(tail, message);
}

static void bad_files_are_located(void **state)
{
    (void)state;
    const char *use = "uncertainty = { samples = \"bad.tsv\"; };\n";
    expect("growth.muu\n0.1\n", use,
           "bad.tsv:1: growth.muu: 'growth.muu' is not a real setting (did you mean 'growth.mu'?)");
    expect("run.runs\n1\n", use, "bad.tsv:1: run.runs: 'run.runs' is not a real setting");
    expect("growth.mu\n0.1\nabc\n", use, "bad.tsv:3: growth.mu: 'abc' is not a finite number");
    expect("growth.mu\n0.1\n-3\n", use, "bad.tsv:3: growth.mu: -3 is outside the setting's range [-0.5, 1]");
    expect("# c\ngrowth.mu\tshocks.zone_sigma\n0.1\t0.2\n0.1\n", use,
           "bad.tsv:4: 1 field, the header (line 2) has 2");
    expect("# only a comment\n", use,
           "bad.tsv: empty: no header line naming the columns (setting paths, tab-separated)");
    expect("growth.mu\n", use, "bad.tsv:1: no rows of draws after the header");
    expect("growth.mu\tgrowth.mu\n1\t1\n", use, "bad.tsv:1: growth.mu: column given twice (columns 1 and 2)");
    /* The samples file is named as it is read: beside the scenario. */
    char message[700];
    snprintf(message, sizeof message,
             "bad.cfg:2: uncertainty.columns: 'growth.m' is not a column of %s/bad.tsv (did you mean 'growth.mu'?)",
             tmpdir);
    expect("growth.mu\n0.1\n", "uncertainty = { samples = \"bad.tsv\"; columns = [\"growth.m\"]; };\n", message);
}

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return test_tmpdir_make(tmpdir, sizeof tmpdir, "test_samples");
}

static int teardown(void **state)
{
    (void)state;
    return test_tmpdir_remove(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_are_uniform_and_joint),
        cmocka_unit_test(a_later_value_takes_a_setting_out),
        cmocka_unit_test(bad_files_are_located),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
