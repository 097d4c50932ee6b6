/* test_province.c — provinces in the model (engine/province.c): the
 * approval schedule, reserved approvals, the province growth effect, the
 * province weight, targets by province against a count made from the
 * trajectory callback, and the accumulator's results by province against
 * the same runs counted by hand. Scenario: plan_fixed.cfg (no uncertain
 * settings), 2015..2020. */
#include <math.h>
#include <string.h>

#include "parksim/accum.h"
#include "parksim/province.h"

#include "test_util.h"

#define FIXED PS_SOURCE_DIR "/scenarios/plan_fixed.cfg"
#define RUNS 60

static int province_of(const ps_model *m, const char *name)
{
    const ps_province_table *t = ps_model_provinces(m);
    for (int p = 0; p < t->n; p++)
        if (strcmp(t->name[p], name) == 0)
            return p;
    fail_msg("no province %s", name);
    return -1;
}

/* Every run upgrades exactly the scheduled number each year, with every
 * other draw as before: the run's shocks are those of the random-count
 * scenario (the base year and year 1's GDP before upgrades matter only
 * through the count), and no eligible-pool shortage at these counts. */
static void test_schedule_exact(void **state)
{
    (void)state;
    static const char *const sets[] = {"upgrade.schedule=[10, 12, 0, 3, 25]"};
    static const int want[5] = {10, 12, 0, 3, 25};
    test_job job;
    test_job_open(&job, FIXED, sets, 1);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    for (long run = 0; run < RUNS; run++) {
        assert_int_equal(ps_model_run(job.model, ws, run, r, NULL, NULL), 0);
        double zones = run_value(r, PS_M_NATIONAL_ZONES, 0);
        for (int y = 1; y < r->n_years; y++) {
            assert_close(run_value(r, PS_M_UPGRADES, y), want[y - 1], 0);
            zones += want[y - 1];
            assert_close(run_value(r, PS_M_NATIONAL_ZONES, y), zones, 0); /* no demotions in plan_fixed */
        }
    }
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* With one approval a year reserved for Guangdong and a schedule of one a
 * year, every upgrade is a Guangdong zone (it has 29 pool zones, enough
 * eligible ones every year). */
typedef struct upgrade_count {
    int total, in_province;
    const char *province;
} upgrade_count;

static int count_upgrades(void *ctx, const ps_zone_view *z)
{
    upgrade_count *c = ctx;
    if (z->upgraded) {
        c->total++;
        c->in_province += strcmp(z->base->province, c->province) == 0;
    }
    return 0;
}

static void test_reserved_go_to_province(void **state)
{
    (void)state;
    static const char *const sets[] = {"upgrade.schedule=[1, 1, 1, 1, 1]", "upgrade.reserved.Guangdong=1"};
    test_job job;
    test_job_open(&job, FIXED, sets, 2);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    upgrade_count c = {0, 0, "Guangdong"};
    for (long run = 0; run < 20; run++)
        assert_int_equal(ps_model_run(job.model, ws, run, r, count_upgrades, &c), 0);
    assert_int_equal(c.total, 20 * 5);
    assert_int_equal(c.in_province, 20 * 5);
    test_job_close(&job);

    /* Without the reservation, Guangdong gets about its share of the pool:
     * far from all (29 of 260 pool zones). */
    upgrade_count d = {0, 0, "Guangdong"};
    test_job_open(&job, FIXED, sets, 1);
    for (long run = 0; run < 20; run++)
        assert_int_equal(ps_model_run(job.model, ws, run, r, count_upgrades, &d), 0);
    assert_int_equal(d.total, 20 * 5);
    assert_true(d.in_province < 50);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* upgrade.province_weight = 0 excludes a province: never upgraded. */
static void test_weight_zero_excludes(void **state)
{
    (void)state;
    static const char *const sets[] = {"upgrade.province_weight.Guangdong=0.0"};
    test_job job;
    test_job_open(&job, FIXED, sets, 1);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    upgrade_count c = {0, 0, "Guangdong"};
    for (long run = 0; run < 20; run++)
        assert_int_equal(ps_model_run(job.model, ws, run, r, count_upgrades, &c), 0);
    assert_true(c.total > 100);
    assert_int_equal(c.in_province, 0);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* The GDP of every zone in year index 1 of run 0 (n zones). */
typedef struct gdp_year {
    int year;
    int n;
    double gdp[1024], growth[1024];
    char province[1024][PS_PROVINCE_NAME];
} gdp_year;

static int keep_gdp(void *ctx, const ps_zone_view *z)
{
    gdp_year *g = ctx;
    if (z->year == g->year && g->n < 1024) {
        g->gdp[g->n] = z->gdp;
        g->growth[g->n] = z->growth_potential;
        snprintf(g->province[g->n], PS_PROVINCE_NAME, "%s", z->base->province);
        g->n++;
    }
    return 0;
}

/* growth.province_effect adds exactly its value to the potential growth of
 * the province's zones in the first year and changes no other zone's
 * first year, and no zone's base year. */
static void test_effect_only_province(void **state)
{
    (void)state;
    static const char *const sets[] = {"growth.province_effect.Guangdong=0.01"};
    test_job plain, fast;
    test_job_open(&plain, FIXED, NULL, 0);
    test_job_open(&fast, FIXED, sets, 1);
    ps_workspace *ws = ps_workspace_alloc(plain.model);
    ps_run_result *r = ps_run_result_alloc(plain.model);
    static gdp_year a[2], b[2];
    for (int y = 0; y < 2; y++) {
        a[y].year = b[y].year = 2015 + y;
        assert_int_equal(ps_model_run(plain.model, ws, 3, r, keep_gdp, &a[y]), 0);
        assert_int_equal(ps_model_run(fast.model, ws, 3, r, keep_gdp, &b[y]), 0);
        assert_int_equal(a[y].n, b[y].n);
    }
    int in_province = 0;
    for (int i = 0; i < a[0].n; i++) {
        assert_close(b[0].gdp[i], a[0].gdp[i], 0); /* base year untouched */
        if (strcmp(a[1].province[i], "Guangdong") == 0) {
            in_province++;
            assert_close(b[1].growth[i] - a[1].growth[i], 0.01, 1e-12);
            assert_true(b[1].gdp[i] >= a[1].gdp[i]); /* less when land binds, never below */
        } else {
            assert_close(b[1].gdp[i], a[1].gdp[i], 0);
            assert_close(b[1].growth[i], a[1].growth[i], 0);
        }
    }
    /* 11 national zones and 21 of its 29 pool zones among the first 260 of the pool */
    assert_int_equal(in_province, 11 + 21);
    assert_int_equal(ps_model_provinces(plain.model)->n_zones[province_of(plain.model, "Guangdong")], 32);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&plain);
    test_job_close(&fast);
}

/* A province target against the count made from the trajectory callback:
 * its met counter equals the runs in which Guangdong's national zones
 * (SIP is in Jiangsu) in 2020 reach the threshold. The accumulator's
 * province results equal the same runs counted by hand: mean and median
 * of the zone count exactly, the GDP mean to its fixed-point quantum. */
typedef struct province_tally {
    int zones;
    double gdp;
} province_tally;

static int tally_2020(void *ctx, const ps_zone_view *z)
{
    province_tally *t = ctx;
    if (z->year == 2020 && z->tier == PS_TIER_NATIONAL && strcmp(z->base->province, "Guangdong") == 0) {
        t->zones++;
        t->gdp += z->gdp;
    }
    return 0;
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void test_province_target_and_accum(void **state)
{
    (void)state;
    /* A new target cannot be made by --set (targets.NAME.FIELD changes one): a child file. */
    char dir[256], path[512];
    assert_int_equal(test_tmpdir_make(dir, sizeof dir, "test_province"), 0);
    snprintf(path, sizeof path, "%s/gd.cfg", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "extends = \"%s\";\n"
               "targets = ( { name = \"gd_zones\"; metric = \"national_zones\"; province = \"Guangdong\";"
               " op = \">=\"; threshold = 17.0; year = 2020; } );\n", FIXED);
    assert_int_equal(fclose(f), 0);
    test_job job;
    test_job_open(&job, path, NULL, 0);
    const ps_model *m = job.model;
    int t = job.sc.n_targets - 1, gd = province_of(m, "Guangdong"), ny = ps_model_years(m);
    assert_string_equal(job.sc.targets[t].name, "gd_zones");
    ps_workspace *ws = ps_workspace_alloc(m);
    ps_run_result *r = ps_run_result_alloc(m);
    ps_accum *acc = ps_accum_alloc(m);
    int met = 0, zones[RUNS];
    double gdp_sum = 0;
    for (long run = 0; run < RUNS; run++) {
        province_tally tally = {0, 0};
        assert_int_equal(ps_model_run(m, ws, run, r, tally_2020, &tally), 0);
        assert_int_equal(ps_accum_add(acc, r), 0);
        met += tally.zones >= 17;
        assert_int_equal(r->met[t], tally.zones >= 17);
        assert_close(ps_province_value(r, gd, PS_PV_ZONES, ny - 1), tally.zones, 0);
        assert_close(ps_province_value(r, gd, PS_PV_GDP, ny - 1), tally.gdp, 1e-9 * tally.gdp);
        zones[run] = tally.zones;
        gdp_sum += tally.gdp;
    }
    assert_int_equal(ps_accum_finish(acc), 0);
    assert_int_equal((int)ps_accum_met(acc, t), met);
    assert_true(met > 0 && met < RUNS); /* the threshold was chosen inside the spread */
    const struct ps_province_accum *pa = ps_accum_provinces(acc);
    double zone_sum = 0;
    for (int k = 0; k < RUNS; k++)
        zone_sum += zones[k];
    assert_close(ps_province_mean(pa, gd, PS_PV_ZONES, ny - 1), zone_sum / RUNS, 1e-12);
    qsort(zones, RUNS, sizeof zones[0], cmp_int);
    /* q = 0.5 of 60 runs: the 30th smallest value (cumulative count reaches 30) */
    assert_close(ps_province_quantile(pa, gd, PS_PV_ZONES, ny - 1, 0.5), zones[29], 0);
    assert_close(ps_province_quantile(pa, gd, PS_PV_ZONES, ny - 1, 0.05), zones[2], 0);
    /* GDP mean: fixed-point sum, each run rounded to 1e-4 亿元 */
    assert_close(ps_province_mean(pa, gd, PS_PV_GDP, ny - 1), gdp_sum / RUNS, 1e-4);
    /* Base year: 11 national zones, all 60 runs */
    assert_close(ps_province_quantile(pa, gd, PS_PV_ZONES, 0, 0.05), 11, 0);
    assert_close(ps_province_runs(pa, gd, PS_PV_ZONES, 0), RUNS, 0);
    ps_accum_free(acc);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
    assert_int_equal(test_tmpdir_remove(dir), 0);
}

/* The sum over provinces of the national zones and GDP is the nation's. */
static void test_provinces_add_up(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, FIXED, NULL, 0);
    const ps_model *m = job.model;
    const ps_province_table *t = ps_model_provinces(m);
    assert_int_equal(t->n, 31);
    ps_workspace *ws = ps_workspace_alloc(m);
    ps_run_result *r = ps_run_result_alloc(m);
    assert_int_equal(ps_model_run(m, ws, 7, r, NULL, NULL), 0);
    for (int y = 0; y < r->n_years; y++) {
        double zones = 0, gdp = 0, rd = 0;
        for (int p = 0; p < t->n; p++) {
            zones += ps_province_value(r, p, PS_PV_ZONES, y);
            double g = ps_province_value(r, p, PS_PV_GDP, y);
            gdp += g;
            if (g > 0)
                rd += g * ps_province_value(r, p, PS_PV_RD, y);
        }
        assert_close(zones, run_value(r, PS_M_NATIONAL_ZONES, y), 0);
        assert_close(gdp, run_value(r, PS_M_GDP, y), 1e-9 * gdp);
        assert_close(rd / gdp, run_value(r, PS_M_RD_INTENSITY, y), 1e-9);
    }
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_exact),
        cmocka_unit_test(test_reserved_go_to_province),
        cmocka_unit_test(test_weight_zero_excludes),
        cmocka_unit_test(test_effect_only_province),
        cmocka_unit_test(test_province_target_and_accum),
        cmocka_unit_test(test_provinces_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
