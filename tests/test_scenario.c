/* test_scenario.c — tests of the scenario loader (engine/scenario_*.c) and
 * of jobs (engine/job.c): loading a scenario and its extends chain, merging
 * targets by name, --set and typed overrides, the exact text of every kind
 * of error, writing and re-loading, ps_scenario_check and the scenario hash.
 *
 * Fixtures are in tests/data/scenario/ (complete.cfg sets every setting;
 * the others extend it or break one rule each). Run from the repository
 * root; main() changes there itself.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "parksim/job.h"
#include "parksim/scenario.h"
#include "scenario_table.h"

#define FIXTURES "tests/data/scenario/"

static ps_scenario loaded; /* large: kept off the stack */

/* Load path with overrides; fail the test (printing the error) if it fails. */
static void load_ok(const char *path, const char *const *overrides, int n, ps_scenario *sc)
{
    ps_error err;
    char text[1400];
    int status = ps_scenario_load(path, overrides, n, sc, &err);
    if (status != PS_OK)
        print_error("unexpected error: %s\n", ps_error_format(&err, text, sizeof text));
    assert_int_equal(status, PS_OK);
}

/* Load must fail with code and exactly the formatted message expected. */
static void load_fails(const char *path, const char *const *overrides, int n, ps_status code,
                       const char *expected)
{
    ps_error err;
    char text[1400];
    int status = ps_scenario_load(path, overrides, n, &loaded, &err);
    assert_int_equal(status, code);
    assert_int_equal(err.code, code);
    assert_string_equal(ps_error_format(&err, text, sizeof text), expected);
}

static void set_fails(const char *override, ps_status code, const char *expected)
{
    const char *overrides[] = {override};
    load_fails(FIXTURES "complete.cfg", overrides, 1, code, expected);
}

static void load_ok_typed(const char *path, const ps_override *overrides, int n, ps_scenario *sc)
{
    ps_error err;
    char text[1400];
    int status = ps_scenario_load_overrides(path, overrides, n, sc, &err);
    if (status != PS_OK)
        print_error("unexpected error: %s\n", ps_error_format(&err, text, sizeof text));
    assert_int_equal(status, PS_OK);
}

typedef struct collected_typed {
    int count;
    char first[700];
} collected_typed;

static void collect_typed(const ps_error *err, void *ctx)
{
    collected_typed *c = ctx;
    if (c->count++ == 0)
        ps_error_format(err, c->first, sizeof c->first);
}

/* Real path of a directory of the repository + "/" + name. */
static void absolute_in(const char *dir, const char *name, char *out, size_t n)
{
    char real[PATH_MAX];
    assert_non_null(realpath(dir, real));
    snprintf(out, n, "%s/%s", real, name);
}

/* ------------------------------------------------------------------ */

static void complete_file_loads_every_value(void **state)
{
    (void)state;
    ps_scenario *sc = &loaded;
    char data[PATH_MAX + 64];
    load_ok(FIXTURES "complete.cfg", NULL, 0, sc);

    assert_string_equal(sc->path, FIXTURES "complete.cfg");
    assert_int_equal(sc->run.base_year, 2015);
    assert_int_equal(sc->run.horizon, 2020);
    assert_int_equal(ps_scenario_years(sc), 6);
    assert_true(sc->run.seed == 20150101UL);
    assert_true(sc->run.runs == 200L);
    assert_string_equal(sc->run.out, "results/complete");
    assert_string_equal(sc->run.generator, "taus2");
    assert_false(sc->run.include_sip);
    assert_true(sc->shocks.discrete_random);
    assert_int_equal(sc->run.prefecture_cities, 293);
    assert_true(sc->shocks.national_sigma == 0.015);
    assert_true(sc->growth.mu == 0.08);
    assert_true(sc->growth.class_effect[PS_CLASS_WORLD] == 0.02);
    assert_true(sc->growth.class_effect[PS_CLASS_STANDARD] == -0.01);
    assert_true(sc->growth.region_effect[PS_REGION_NORTHEAST] == -0.03);
    assert_true(sc->value_added.min == 0.15 && sc->value_added.max == 0.45);
    assert_true(sc->rd.target[PS_CLASS_INNOVATIVE] == 0.06);
    assert_int_equal(sc->upgrade.pool_size, 400);
    assert_true(sc->upgrade.region_weight[PS_REGION_WEST] == 0.5);
    assert_true(sc->demotion.bottom_share == 0.05);
    assert_true(sc->policy.land_supply_factor == 1.0);

    absolute_in(".", "scenarios/data/zones-2015.tsv", data, sizeof data);
    assert_string_equal(sc->run.data, data);

    assert_int_equal(sc->n_targets, 3);
    assert_string_equal(sc->targets[0].name, "rd");
    assert_int_equal(sc->targets[0].metric, PS_M_RD_INTENSITY);
    assert_int_equal(sc->targets[0].op, PS_CMP_GE);
    assert_true(sc->targets[0].threshold == 0.065);
    assert_int_equal(sc->targets[0].year, 2020);
    assert_true(sc->targets[0].enabled);
    assert_string_equal(sc->targets[2].name, "coverage");
    assert_int_equal(sc->targets[2].metric, PS_M_CITY_COVERAGE);
    assert_int_equal(sc->targets[2].year, 2019);
    assert_true(sc->hash == 0); /* made by ps_job_open, once the data is read */
}

/* complete.cfg <- chain-mid.cfg <- sub/chain-top.cfg, each level overriding. */
static void extends_chain_of_three_merges_leaf_by_leaf(void **state)
{
    (void)state;
    ps_scenario *sc = &loaded;
    char data[PATH_MAX + 64];
    load_ok(FIXTURES "sub/chain-top.cfg", NULL, 0, sc);

    assert_true(sc->growth.mu == 0.06);                           /* top over mid over complete */
    assert_true(sc->growth.class_effect[PS_CLASS_INNOVATIVE] == 0.015);  /* mid */
    assert_true(sc->growth.class_effect[PS_CLASS_WORLD] == 0.02);        /* complete, same group */
    assert_true(sc->growth.convergence == 0.1);                   /* complete */
    assert_true(sc->run.runs == 300L);                                /* mid */
    assert_int_equal(sc->run.prefecture_cities, 293);                 /* complete */
    assert_string_equal(sc->run.generator, "mt19937");                /* top */
    assert_true(sc->rd.target[PS_CLASS_STANDARD] == 0.035);       /* top */
    assert_true(sc->rd.target[PS_CLASS_SPECIALTY] == 0.04);       /* complete */

    /* run.data is relative to the file that set it: sub/. */
    absolute_in(FIXTURES "sub", "zones-local.tsv", data, sizeof data);
    assert_string_equal(sc->run.data, data);
}

static void targets_merge_by_name(void **state)
{
    (void)state;
    ps_scenario *sc = &loaded;
    load_ok(FIXTURES "sub/chain-top.cfg", NULL, 0, sc);

    assert_int_equal(sc->n_targets, 3); /* coverage disabled in chain-mid.cfg */
    assert_string_equal(sc->targets[0].name, "rd");
    assert_int_equal(sc->targets[0].metric, PS_M_RD_INTENSITY); /* kept */
    assert_int_equal(sc->targets[0].op, PS_CMP_GE);
    assert_true(sc->targets[0].threshold == 0.07);                /* mid changed only this */
    assert_int_equal(sc->targets[0].year, 2020);

    assert_string_equal(sc->targets[1].name, "gdp");
    assert_int_equal(sc->targets[1].op, PS_CMP_LT);               /* top */
    assert_int_equal(sc->targets[1].year, 2018);                  /* top */
    assert_true(sc->targets[1].threshold == 150000.0);            /* complete */

    assert_string_equal(sc->targets[2].name, "kis");              /* new in mid, appended */
    assert_int_equal(sc->targets[2].metric, PS_M_KIS_SHARE);
    assert_int_equal(sc->targets[2].op, PS_CMP_GT);
    assert_true(sc->targets[2].threshold == 0.3);
    assert_int_equal(sc->targets[2].year, 2018);
    for (int i = 0; i < sc->n_targets; i++)
        assert_string_not_equal(sc->targets[i].name, "coverage");
}

static void extends_cycle_names_the_chain(void **state)
{
    (void)state;
    load_fails(FIXTURES "cycle-a.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "cycle-b.cfg:3: extends: extends cycle: " FIXTURES "cycle-a.cfg -> " FIXTURES
               "cycle-b.cfg -> " FIXTURES "cycle-a.cfg");
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    load_fails(FIXTURES "no-such.cfg", NULL, 0, PS_ERR_IO,
               FIXTURES "no-such.cfg: cannot read scenario file: No such file or directory");
}

static void syntax_error_gives_file_and_line(void **state)
{
    (void)state;
    load_fails(FIXTURES "syntax.cfg", NULL, 0, PS_ERR_PARSE, FIXTURES "syntax.cfg:4: syntax error");
}

static void real_for_integer_is_an_error(void **state)
{
    (void)state;
    load_fails(FIXTURES "wrong-type.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "wrong-type.cfg:4: run.horizon: expected an integer, found real number 2020.5");
}

/* rate = 20; and distribution parameters written as integers are reals;
 * the same through --set; written back with a decimal point. */
static void integer_for_real_is_that_real(void **state)
{
    (void)state;
    load_ok(FIXTURES "int-for-real.cfg", NULL, 0, &loaded);
    assert_true(loaded.upgrade.rate == 20.0);
    assert_int_equal(loaded.unc.n, 1);
    assert_string_equal(loaded.unc.settings[0].path, "growth.mu");
    const ps_unc_dist *d = &loaded.unc.settings[0].dist;
    assert_true(d->mean == 0.0 && d->sd == 1.0 && d->min == 0.0 && d->max == 1.0);
    const char *set[] = {"upgrade.rate=25", "growth.mu={dist=\"uniform\";min=0;max=1;}"};
    load_ok(FIXTURES "complete.cfg", set, 2, &loaded);
    assert_true(loaded.upgrade.rate == 25.0);
    assert_true(loaded.unc.settings[0].dist.min == 0.0 && loaded.unc.settings[0].dist.max == 1.0);
}

static void unknown_setting_suggests_a_name(void **state)
{
    (void)state;
    load_fails(FIXTURES "unknown.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "unknown.cfg:4: growth.muu: unknown setting (did you mean 'growth.mu'?)");
}

static void value_out_of_range_gives_the_range(void **state)
{
    (void)state;
    load_fails(FIXTURES "range.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "range.cfg:4: land.supply_cap: value 1.5 is out of range [0, 1]");
}

static void missing_setting_names_the_top_file(void **state)
{
    (void)state;
    load_fails(FIXTURES "missing.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "missing.cfg: shocks.national_ar: missing setting (every scenario must "
                        "set it; extend plan.cfg)");
}

static void unknown_target_metric_is_an_error(void **state)
{
    (void)state;
    load_fails(FIXTURES "bad-metric.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "bad-metric.cfg:5: targets.rd2.metric: unknown metric 'rd_intensty' (did "
                        "you mean 'rd_intensity'?)");
}

static void target_year_must_be_projected(void **state)
{
    (void)state;
    load_fails(FIXTURES "target-year.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "target-year.cfg:6: targets.rd.year: year 2025 is outside the projection "
                        "years 2016..2020");
}

static void new_target_must_be_complete(void **state)
{
    (void)state;
    load_fails(FIXTURES "incomplete-target.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "incomplete-target.cfg:3: targets.jobs: new target 'jobs' must set metric, "
                        "op, threshold and year (missing op, year)");
}

/* libconfig 1.5 wraps such literals silently; the loader must not. */
static void integer_beyond_32_bits_needs_a_suffix(void **state)
{
    (void)state;
    load_fails(FIXTURES "wide-integer.cfg", NULL, 0, PS_ERR_CONFIG,
               FIXTURES "wide-integer.cfg:4: integer 3000000000 does not fit in 32 bits, which "
                        "libconfig reads wrongly; write 3000000000L");
    /* reported once: the wrapped value is not range-checked again */
    assert_int_equal(ps_scenario_check(FIXTURES "wide-integer.cfg", NULL, 0, NULL, NULL), 1);
}

/* ------------------------------------------------------------------ */
/* --set                                                               */

static void set_with_wrong_type_is_an_error(void **state)
{
    (void)state;
    set_fails("growth.mu=\"1\"", PS_ERR_CONFIG,
              "--set: growth.mu: expected a real number, found string \"1\"");
    set_fails("run.include_sip=1", PS_ERR_CONFIG,
              "--set: run.include_sip: expected true or false, found integer 1");
    set_fails("run.horizon=2020.0", PS_ERR_CONFIG,
              "--set: run.horizon: expected an integer, found real number 2020.0 (write 2020)");
}

static void set_with_unknown_key_is_an_error(void **state)
{
    (void)state;
    set_fails("growth.muu=0.1", PS_ERR_CONFIG,
              "--set: growth.muu: unknown setting (did you mean 'growth.mu'?)");
    set_fails("targets.rdd.year=2019", PS_ERR_CONFIG,
              "--set: targets.rdd.year: unknown target 'rdd' (did you mean 'rd'?)");
    set_fails("growth.mu", PS_ERR_CONFIG, "--set: growth.mu: expected key=value");
}

static void set_checks_range_and_wide_integers(void **state)
{
    (void)state;
    set_fails("growth.mu=1.5", PS_ERR_CONFIG, "--set: growth.mu: value 1.5 is out of range [-0.5, 1]");
    set_fails("run.seed=3000000000", PS_ERR_CONFIG,
              "--set: run.seed: integer 3000000000 does not fit in 32 bits, which libconfig reads "
              "wrongly; write 3000000000L");
}

static void set_overrides_after_the_chain(void **state)
{
    (void)state;
    ps_scenario *sc = &loaded;
    const char *overrides[] = {"growth.mu=0.05", "run.generator=mt19937", "run.seed=4294967295L",
                               "targets.gdp.threshold=1.5e5", "targets.rd.enabled=false",
                               "run.out=\"out dir\""};
    load_ok(FIXTURES "sub/chain-top.cfg", overrides, 6, sc);
    assert_true(sc->growth.mu == 0.05);
    assert_string_equal(sc->run.generator, "mt19937");
    assert_true(sc->run.seed == 4294967295UL);
    assert_string_equal(sc->run.out, "out dir");
    assert_int_equal(sc->n_targets, 2);
    assert_string_equal(sc->targets[0].name, "gdp");
    assert_true(sc->targets[0].threshold == 150000.0);
    assert_int_equal(sc->targets[0].year, 2018);

    const char *one[] = {"growth.mu=0.05"};
    load_ok(FIXTURES "complete.cfg", one, 1, sc);
    assert_true(sc->growth.mu == 0.05);
    assert_true(sc->growth.convergence == 0.1);
}

static void cross_checks_between_settings(void **state)
{
    (void)state;
    set_fails("run.horizon=2015", PS_ERR_CONFIG,
              "--set: run.horizon: horizon 2015 must be after base_year 2015");
    set_fails("run.horizon=2090", PS_ERR_CONFIG,
              "--set: run.horizon: 2015..2090 is 76 years; at most 64 fit");
    set_fails("value_added.min=0.5", PS_ERR_CONFIG,
              "--set: value_added.min: min 0.5 is above value_added.max 0.45");
    set_fails("run.generator=mt1993", PS_ERR_CONFIG,
              "--set: run.generator: unknown GSL generator 'mt1993' (did you mean 'mt19937'?)");
    set_fails("targets.coverage.year=2015", PS_ERR_CONFIG,
              "--set: targets.coverage.year: year 2015 is outside the projection years 2016..2020");
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static void assert_same_scenario(const ps_scenario *a, const ps_scenario *b)
{
#define SAME_REAL(field) assert_true(a->field == b->field)
#define SAME_INT(field) assert_true(a->field == b->field)
#define SAME_INT64(field) assert_true(a->field == b->field)
#define SAME_BOOL(field) assert_true(a->field == b->field)
#define SAME_STRING(field) assert_string_equal(a->field, b->field)
#define SAME_SETTING(path, type, field, lo, hi) SAME_##type(field);
    PS_SETTING_LIST(SAME_SETTING)
#undef SAME_SETTING
    assert_int_equal(a->n_targets, b->n_targets);
    for (int i = 0; i < a->n_targets; i++) {
        assert_string_equal(a->targets[i].name, b->targets[i].name);
        assert_int_equal(a->targets[i].metric, b->targets[i].metric);
        assert_int_equal(a->targets[i].op, b->targets[i].op);
        assert_true(a->targets[i].threshold == b->targets[i].threshold);
        assert_int_equal(a->targets[i].year, b->targets[i].year);
        assert_int_equal(a->targets[i].enabled, b->targets[i].enabled);
    }
}

static void written_scenario_loads_back_identical(void **state)
{
    (void)state;
    static ps_scenario first, second;
    const char *overrides[] = {"run.out=\"quote \\\" back\\\\slash\ttab\"", "run.seed=4294967295L",
                               "growth.mu=0.1234567890123456789", "land.tech_gain=-1e-5",
                               "upgrade.rate=1000.0"};
    const char *copy = PS_BINARY_DIR "/test_scenario_roundtrip.cfg";
    load_ok(FIXTURES "sub/chain-top.cfg", overrides, 5, &first);

    FILE *f = fopen(copy, "w");
    assert_non_null(f);
    assert_int_equal(ps_scenario_write(&first, f), 0);
    assert_int_equal(fclose(f), 0);

    load_ok(copy, NULL, 0, &second);
    assert_string_equal(second.path, copy);
    assert_same_scenario(&first, &second);
    assert_string_equal(second.run.out, "quote \" back\\slash\ttab");
    remove(copy);
}

static void written_text_is_grouped_and_typed(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    const char *overrides[] = {"run.seed=4294967295L"};
    load_ok(FIXTURES "complete.cfg", overrides, 1, &loaded);
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    assert_int_equal(ps_scenario_write(&loaded, f), 0);
    fclose(f);
    assert_null(strstr(text, "extends ="));
    assert_non_null(strstr(text, "\nrun = {\n    base_year = 2015;\n    horizon = 2020;\n"));
    assert_non_null(strstr(text, "    seed = 4294967295L;\n    runs = 200;\n"));
    assert_non_null(strstr(text, "    class_effect = {\n        world_class = 0.02;\n"));
    assert_non_null(strstr(text, "        specialty = 0.0;\n")); /* a real keeps its point */
    assert_non_null(strstr(text, "    rate = 12.0;\n"));
    assert_non_null(strstr(text, "{ name = \"rd\"; metric = \"rd_intensity\"; op = \">=\"; "
                                 "threshold = 0.065; year = 2020; enabled = true; }"));
    /* groups appear in table order, each once */
    const char *run = strstr(text, "\nrun = {"), *policy = strstr(text, "\npolicy = {");
    assert_true(run && policy && run < policy);
    assert_null(strstr(policy + 1, "\npolicy = {"));
    free(text);
}

/* Every write is checked: a stream that refuses writes gives -1. */
static void write_error_is_reported(void **state)
{
    (void)state;
    load_ok(FIXTURES "complete.cfg", NULL, 0, &loaded);
    FILE *read_only = fopen(FIXTURES "complete.cfg", "r");
    assert_non_null(read_only);
    assert_int_equal(ps_scenario_write(&loaded, read_only), -1);
    fclose(read_only);
}

/* The hash of a job: FNV-1a 64 of the resolved text with run.data blanked,
 * continued over the data file's bytes. */
static uint64_t expected_hash(const ps_scenario *sc)
{
    static ps_scenario blank;
    char *text = NULL;
    size_t size = 0;
    uint64_t h = 14695981039346656037ULL;
    blank = *sc;
    blank.run.data[0] = '\0';
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    assert_int_equal(ps_scenario_write(&blank, f), 0);
    fclose(f);
    for (size_t i = 0; i < size; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    free(text);
    FILE *data = fopen(sc->run.data, "rb");
    assert_non_null(data);
    for (int c; (c = getc(data)) != EOF;)
        h = (h ^ (unsigned)c) * 1099511628211ULL;
    fclose(data);
    return h;
}

static void job_hash_covers_text_and_data(void **state)
{
    (void)state;
    static ps_job job;
    ps_error err;
    ps_override ov[] = {{"run.runs", 'i', {.integer = 2500}, "--runs"},
                        {"run.out", 's', {.text = "out/plan"}, "-o"}};
    assert_int_equal(ps_job_open("scenarios/plan_fixed.cfg", ov, 2, &job, &err), PS_OK);
    /* Pinned: what `parksim run scenarios/plan_fixed.cfg --runs 2500 -o
     * out/plan` prints as scenario_hash (a change of plan.cfg, plan_fixed.cfg
     * or the data file changes it, deliberately: update it then). */
    assert_true(job.sc.hash == 0xe8188a56f3cc751bULL);
    assert_true(job.sc.hash == expected_hash(&job.sc));
    assert_true(job.bl.n_bytes > 0 && job.bl.bytes[job.bl.n_bytes] == '\0');
    uint64_t again = 0;
    assert_int_equal(ps_job_hash(&job.sc, job.bl.bytes, job.bl.n_bytes, &again), 0);
    assert_true(again == job.sc.hash);
    ps_job_close(&job);
    ps_job_close(&job); /* twice is safe */
    assert_null(job.model);
}

static void hash_follows_the_settings(void **state)
{
    (void)state;
    static ps_job a, b, c;
    ps_error err;
    ps_override same = {NULL, 0, {.text = "growth.mu=0.08"}, NULL};
    ps_override other = {"growth.mu", 'r', {.real = 0.0800001}, "--mu"};
    assert_int_equal(ps_job_open(FIXTURES "complete.cfg", NULL, 0, &a, &err), PS_OK);
    assert_int_equal(ps_job_open(FIXTURES "complete.cfg", &same, 1, &b, &err), PS_OK);
    assert_int_equal(ps_job_open(FIXTURES "complete.cfg", &other, 1, &c, &err), PS_OK);
    assert_true(a.sc.hash != 0);
    assert_true(a.sc.hash == b.sc.hash);
    assert_true(a.sc.hash != c.sc.hash);
    ps_job_close(&a);
    ps_job_close(&b);
    ps_job_close(&c);
}

static void job_reports_the_first_problem(void **state)
{
    (void)state;
    static ps_job job;
    ps_error err;
    char text[1400];
    ps_override data = {"run.data", 's', {.text = "no/such/zones.tsv"}, "--data"};
    assert_int_equal(ps_job_open(FIXTURES "complete.cfg", &data, 1, &job, &err), PS_ERR_IO);
    char expected[PATH_MAX + 64];
    absolute_in(".", "no/such/zones.tsv: cannot open: No such file or directory", expected,
                sizeof expected); /* relative to the working directory, not the file */
    assert_string_equal(ps_error_format(&err, text, sizeof text), expected);
    assert_null(job.model);
    ps_job_close(&job);
}

/* ------------------------------------------------------------------ */
/* Typed overrides                                                     */

static void typed_overrides_bypass_libconfig_text(void **state)
{
    (void)state;
    ps_override ov[] = {
        {"run.runs", 'i', {.integer = 3000000000LL}, "--runs"}, /* beyond 32 bits, no L */
        {"run.out", 's', {.text = "a\"b"}, "-o"},              /* quote kept verbatim */
        {"growth.mu", 'r', {.real = 0.07}, "--mu"},
        {"run.include_sip", 'b', {.boolean = true}, "--sip"},
        {"targets.rd.threshold", 'r', {.real = 0.07}, "--set"},
        {"run.seed", 0, {.text = "4294967295L"}, "--seed"}, /* kind 0: libconfig text */
    };
    load_ok_typed(FIXTURES "complete.cfg", ov, 6, &loaded);
    assert_true(loaded.run.runs == 3000000000L);
    assert_string_equal(loaded.run.out, "a\"b");
    assert_true(loaded.growth.mu == 0.07);
    assert_true(loaded.run.include_sip);
    assert_true(loaded.targets[0].threshold == 0.07);
    assert_true(loaded.run.seed == 4294967295UL);
}

static void typed_override_fails(const ps_override *ov, ps_status code, const char *expected)
{
    ps_error err;
    char text[1400];
    assert_int_equal(ps_scenario_load_overrides(FIXTURES "complete.cfg", ov, 1, &loaded, &err), code);
    assert_string_equal(ps_error_format(&err, text, sizeof text), expected);
}

static void typed_overrides_are_checked_like_file_values(void **state)
{
    (void)state;
    ps_override zero = {"run.runs", 'i', {.integer = 0}, "--runs"};
    typed_override_fails(&zero, PS_ERR_CONFIG,
                         "--runs: run.runs: value 0 is out of range [1, 1000000000000]");
    ps_override huge = {"run.runs", 'i', {.integer = 2000000000000LL}, "--runs"};
    typed_override_fails(&huge, PS_ERR_CONFIG,
                         "--runs: run.runs: value 2000000000000 is out of range [1, 1000000000000]");
    ps_override unknown = {"run.rnus", 'i', {.integer = 5}, "--runs"};
    typed_override_fails(&unknown, PS_ERR_CONFIG,
                         "--runs: run.rnus: unknown setting (did you mean 'run.runs'?)");
    ps_override wrong_kind = {"run.horizon", 'r', {.real = 2020.5}, "--horizon"};
    typed_override_fails(&wrong_kind, PS_ERR_CONFIG,
                         "--horizon: run.horizon: expected an integer, found real number 2020.5");
    ps_override no_origin = {"land.supply_cap", 'r', {.real = 1.5}, NULL};
    typed_override_fails(&no_origin, PS_ERR_CONFIG,
                         "--set: land.supply_cap: value 1.5 is out of range [0, 1]");
    ps_override metric = {"targets.rd.metric", 's', {.text = "rd_intensty"}, "--metric"};
    typed_override_fails(&metric, PS_ERR_CONFIG,
                         "--metric: targets.rd.metric: unknown metric 'rd_intensty' "
                         "(did you mean 'rd_intensity'?)");
    ps_override whole = {NULL, 0, {.text = "growth.mu"}, NULL};
    typed_override_fails(&whole, PS_ERR_CONFIG, "--set: growth.mu: expected key=value");

    /* check reports each with its origin */
    collected_typed c = {0};
    ps_override two[] = {zero, unknown};
    assert_int_equal(ps_scenario_check_overrides(FIXTURES "complete.cfg", two, 2, collect_typed, &c), 2);
    assert_string_equal(c.first, "--runs: run.runs: value 0 is out of range [1, 1000000000000]");
}

/* ------------------------------------------------------------------ */
/* ps_scenario_check                                                   */

typedef struct collected {
    int count;
    char messages[8][700];
} collected;

static void collect(const ps_error *err, void *ctx)
{
    collected *c = ctx;
    if (c->count < 8)
        ps_error_format(err, c->messages[c->count], sizeof c->messages[0]);
    c->count++;
}

static void check_reports_every_problem(void **state)
{
    (void)state;
    collected c = {0};
    int n = ps_scenario_check(FIXTURES "three-problems.cfg", NULL, 0, collect, &c);
    assert_int_equal(n, 3);
    assert_int_equal(c.count, 3);
    assert_string_equal(c.messages[0], FIXTURES "three-problems.cfg:5: run.horizon: expected an "
                                                "integer, found real number 2020.0 (write 2020)");
    assert_string_equal(c.messages[1], FIXTURES "three-problems.cfg:7: land.supply_cap: value 1.5 "
                                                "is out of range [0, 1]");
    assert_string_equal(c.messages[2], FIXTURES "three-problems.cfg:8: land.suply_cap: "
                                                "unknown setting (did you mean 'land.supply_cap'?)");
}

static void check_counts_overrides_and_clean_files(void **state)
{
    (void)state;
    collected c = {0};
    assert_int_equal(ps_scenario_check(FIXTURES "complete.cfg", NULL, 0, collect, &c), 0);
    assert_int_equal(c.count, 0);

    const char *overrides[] = {"run.horizon=2020.0", "nope=2", "run.generator=mt19937"};
    assert_int_equal(ps_scenario_check(FIXTURES "complete.cfg", overrides, 3, collect, &c), 2);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.messages[1], "--set: nope: unknown setting");

    /* missing.cfg sets only the run group: every other setting is reported. */
    int outside_run = 0;
#define COUNT_OUTSIDE_RUN(path, type, field, lo, hi) outside_run += strncmp(path, "run.", 4) != 0;
    PS_SETTING_LIST(COUNT_OUTSIDE_RUN)
#undef COUNT_OUTSIDE_RUN
    assert_int_equal(ps_scenario_check(FIXTURES "missing.cfg", NULL, 0, NULL, NULL), outside_run);
}

static void comparison_operators(void **state)
{
    (void)state;
    assert_string_equal(ps_cmp_name(PS_CMP_GE), ">=");
    assert_string_equal(ps_cmp_name(PS_CMP_GT), ">");
    assert_string_equal(ps_cmp_name(PS_CMP_LE), "<=");
    assert_string_equal(ps_cmp_name(PS_CMP_LT), "<");
    assert_true(ps_cmp_holds(PS_CMP_GE, 1.0, 1.0));
    assert_false(ps_cmp_holds(PS_CMP_GT, 1.0, 1.0));
    assert_true(ps_cmp_holds(PS_CMP_GT, 1.5, 1.0));
    assert_true(ps_cmp_holds(PS_CMP_LE, 1.0, 1.0));
    assert_false(ps_cmp_holds(PS_CMP_LE, 1.5, 1.0));
    assert_false(ps_cmp_holds(PS_CMP_LT, 1.0, 1.0));
    assert_true(ps_cmp_holds(PS_CMP_LT, 0.5, 1.0));
    assert_false(ps_cmp_holds(PS_CMP_GE, 0.5, 1.0));
}

int main(void)
{
    if (chdir(PS_SOURCE_DIR) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_file_loads_every_value),
        cmocka_unit_test(extends_chain_of_three_merges_leaf_by_leaf),
        cmocka_unit_test(targets_merge_by_name),
        cmocka_unit_test(extends_cycle_names_the_chain),
        cmocka_unit_test(missing_file_is_an_io_error),
        cmocka_unit_test(syntax_error_gives_file_and_line),
        cmocka_unit_test(real_for_integer_is_an_error),
        cmocka_unit_test(integer_for_real_is_that_real),
        cmocka_unit_test(unknown_setting_suggests_a_name),
        cmocka_unit_test(value_out_of_range_gives_the_range),
        cmocka_unit_test(missing_setting_names_the_top_file),
        cmocka_unit_test(unknown_target_metric_is_an_error),
        cmocka_unit_test(target_year_must_be_projected),
        cmocka_unit_test(new_target_must_be_complete),
        cmocka_unit_test(integer_beyond_32_bits_needs_a_suffix),
        cmocka_unit_test(set_with_wrong_type_is_an_error),
        cmocka_unit_test(set_with_unknown_key_is_an_error),
        cmocka_unit_test(set_checks_range_and_wide_integers),
        cmocka_unit_test(set_overrides_after_the_chain),
        cmocka_unit_test(cross_checks_between_settings),
        cmocka_unit_test(written_scenario_loads_back_identical),
        cmocka_unit_test(written_text_is_grouped_and_typed),
        cmocka_unit_test(write_error_is_reported),
        cmocka_unit_test(job_hash_covers_text_and_data),
        cmocka_unit_test(hash_follows_the_settings),
        cmocka_unit_test(job_reports_the_first_problem),
        cmocka_unit_test(typed_overrides_bypass_libconfig_text),
        cmocka_unit_test(typed_overrides_are_checked_like_file_values),
        cmocka_unit_test(check_reports_every_problem),
        cmocka_unit_test(check_counts_overrides_and_clean_files),
        cmocka_unit_test(comparison_operators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
