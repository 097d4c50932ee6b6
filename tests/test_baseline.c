/* test_baseline.c — tests of the baseline loader and of the committed baseline.
 *
 * 1. scenarios/data/zones-2015.tsv matches every published or assumed
 *    aggregate of the 146 national zones (Suzhou Industrial Park excluded),
 *    the regional counts and the provincial pool size.
 * 2. Each bad-input fixture under tests/data/baseline/ gives its exact
 *    "file:line: column: message" and leaves the baseline empty.
 * 3. Running parksim-baseline again gives the committed file byte for byte.
 * Runs with the repository root as working directory (CTest sets it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/baseline.h"
#include "parksim/error.h"

#define BASELINE_FILE "scenarios/data/zones-2015.tsv"
#define FIXTURES "tests/data/baseline/"
#define REL_TOL 1e-6

/* cmocka 1.1.5 has no assert_double_equal: relative tolerance. */
#define assert_close(x, target, rel)                                                      \
    do {                                                                                  \
        double x_ = (x), t_ = (target);                                                   \
        if (!(fabs(x_ - t_) <= (rel) * fabs(t_)))                                         \
            fail_msg("%s = %.17g, expected %.17g (relative tolerance %g)", #x, x_, t_,    \
                     (double)(rel));                                                      \
    } while (0)

static const ps_zone_base *find_zone(const ps_baseline *b, const char *name_zh)
{
    for (int i = 0; i < b->n_zones; i++)
        if (strcmp(b->zones[i].name_zh, name_zh) == 0)
            return &b->zones[i];
    return NULL;
}

static void load_ok(const char *path, ps_baseline *b)
{
    ps_error err;
    char msg[1024];
    int rc = ps_baseline_load(path, b, &err);
    if (rc)
        fail_msg("%s", ps_error_format(&err, msg, sizeof msg));
}

/* ---- The committed baseline -------------------------------------------- */

static void test_national_aggregates(void **state)
{
    (void)state;
    ps_baseline b;
    load_ok(BASELINE_FILE, &b);
    assert_int_equal(b.year, 2015);
    assert_int_equal(b.n_national, 147);
    assert_int_equal(b.n_provincial, 400);
    assert_int_equal(b.n_zones, 547);

    int n146 = 0, n_sip = 0, over = 0, region[PS_REGION_COUNT] = {0};
    double y = 0, rev = 0, emp = 0, ent = 0, nf = 0, rd = 0, kis = 0, built = 0, phib = 0;
    for (int i = 0; i < b.n_national; i++) {
        const ps_zone_base *z = &b.zones[i];
        assert_int_equal(z->tier, PS_TIER_NATIONAL);
        region[z->region]++;
        if (z->sip) {
            n_sip++;
            continue;
        }
        n146++;
        y += z->gdp;
        rev += z->gdp / z->va_ratio;
        over += z->gdp / z->va_ratio > 1000.0;
        emp += z->gdp / z->productivity;
        ent += z->enterprises;
        nf += z->new_firms;
        rd += z->rd_intensity * z->gdp;
        kis += z->kis_share * z->gdp;
        built += z->land_built;
        phib += z->plot_ratio * z->land_built;
    }
    assert_int_equal(n146, 146);
    assert_int_equal(n_sip, 1);
    assert_int_equal(region[PS_REGION_EAST], 65);
    assert_int_equal(region[PS_REGION_CENTRAL], 33);
    assert_int_equal(region[PS_REGION_WEST], 33);
    assert_int_equal(region[PS_REGION_NORTHEAST], 16);
    assert_close(rev, 253700.0, REL_TOL);    /* 25.37 万亿 */
    assert_close(y, 81000.0, REL_TOL);       /* 8.1 万亿 */
    assert_int_equal(over, 63);
    assert_close(emp, 1719.0, REL_TOL);      /* 万 persons */
    assert_close(nf, 190000.0, REL_TOL);
    assert_close(ent, 1500000.0, REL_TOL);
    assert_close(nf / ent, 190000.0 / 1500000.0, REL_TOL);
    assert_close(rd / y, 0.057, REL_TOL);
    assert_close(kis / y, 0.21, REL_TOL);
    assert_close(phib / built, 1.00, REL_TOL);
    assert_close(y / built, 0.5, REL_TOL);   /* 5000 万元 per built ha */
    ps_baseline_free(&b);
}

static void test_published_and_flags(void **state)
{
    (void)state;
    ps_baseline b;
    load_ok(BASELINE_FILE, &b);
    const ps_zone_base *sip = find_zone(&b, "苏州工业园区");
    const ps_zone_base *chengdu = find_zone(&b, "成都高新技术产业开发区");
    const ps_zone_base *xian = find_zone(&b, "西安高新技术产业开发区");
    const ps_zone_base *zgc = find_zone(&b, "中关村科技园区");
    assert_non_null(sip);
    assert_non_null(chengdu);
    assert_non_null(xian);
    assert_non_null(zgc);
    assert_true(sip->sip);
    assert_int_equal(sip->tier, PS_TIER_NATIONAL);
    assert_int_equal(sip->published, PS_FIELD_GDP);
    assert_close(sip->gdp, 2070.0, 1e-12);
    assert_int_equal(chengdu->published, PS_FIELD_GDP);
    assert_close(chengdu->gdp, 1277.6, 1e-12);
    assert_int_equal(xian->published, PS_FIELD_REVENUE);
    assert_close(xian->gdp / xian->va_ratio, 12700.0, 1e-12);

    int world = 0, demo = 0, pub = 0, sips = 0;
    for (int i = 0; i < b.n_zones; i++) {
        const ps_zone_base *z = &b.zones[i];
        world += z->cls == PS_CLASS_WORLD;
        demo += z->demo;
        pub += z->published != 0;
        sips += z->sip;
        assert_true(z->land_built <= z->land_approved);
        assert_true(z->new_firms <= z->enterprises);
        assert_true(z->enterprises == floor(z->enterprises));
        assert_true(z->new_firms == floor(z->new_firms));
    }
    assert_int_equal(world, 10);
    assert_int_equal(demo, 29);
    assert_int_equal(pub, 3);
    assert_int_equal(sips, 1);
    assert_int_equal(zgc->cls, PS_CLASS_WORLD);
    /* ZGC is pinned to the top of the synthesised revenues. */
    for (int i = 0; i < b.n_national; i++)
        assert_true(b.zones[i].gdp / b.zones[i].va_ratio <= zgc->gdp / zgc->va_ratio);
    ps_baseline_free(&b);
}

static void test_pool(void **state)
{
    (void)state;
    ps_baseline b;
    load_ok(BASELINE_FILE, &b);
    int uncovered = 0, anhui = 0, sichuan = 0;
    for (int i = b.n_national; i < b.n_zones; i++) {
        const ps_zone_base *z = &b.zones[i];
        assert_int_equal(z->tier, PS_TIER_PROVINCIAL);
        assert_int_equal(z->cls, PS_CLASS_STANDARD);
        assert_int_equal(z->approved, 0);
        assert_int_equal(z->id, 1001 + (i - b.n_national)); /* ids follow pool order */
        anhui += strcmp(z->province, "Anhui") == 0;
        sichuan += strcmp(z->province, "Sichuan") == 0;
        int hosted = 0;
        for (int k = 0; k < b.n_national; k++)
            hosted |= strcmp(b.zones[k].city, z->city) == 0 &&
                      strcmp(b.zones[k].province, z->province) == 0;
        uncovered += !hosted;
    }
    assert_int_equal(anhui, 14);
    assert_int_equal(sichuan, 25);
    assert_in_range(uncovered, 200, 260); /* ≈ 60 % of 400 */
    ps_baseline_free(&b);
}

/* ---- Fixtures ---------------------------------------------------------- */

static void test_good_fixture(void **state)
{
    (void)state;
    ps_baseline b, r;
    load_ok(FIXTURES "good.tsv", &b);
    assert_int_equal(b.year, 2015);
    assert_int_equal(b.n_zones, 3);
    assert_int_equal(b.n_national, 2);
    assert_int_equal(b.n_provincial, 1);
    assert_string_equal(b.path, FIXTURES "good.tsv");
    const ps_zone_base *z = &b.zones[0];
    assert_int_equal(z->id, 1);
    assert_string_equal(z->name, "Alpha High-tech Zone");
    assert_string_equal(z->name_zh, "甲高新区");
    assert_string_equal(z->city, "Nanjing");
    assert_int_equal(z->region, PS_REGION_EAST);
    assert_int_equal(z->cls, PS_CLASS_INNOVATIVE);
    assert_true(z->demo);
    assert_false(z->sip);
    assert_int_equal(z->approved, 1991);
    assert_close(z->gdp, 1000.5, 0);
    assert_close(z->plot_ratio, 1.1, 0);
    assert_int_equal(z->published, 0);
    assert_int_equal(b.zones[1].published, PS_FIELD_GDP);
    assert_true(b.zones[1].sip);
    assert_string_equal(b.zones[2].name_zh, ""); /* "-" */
    assert_int_equal(b.zones[2].tier, PS_TIER_PROVINCIAL);

    load_ok(FIXTURES "reordered.tsv", &r); /* columns are mapped by name */
    assert_int_equal(r.n_zones, b.n_zones);
    for (int i = 0; i < b.n_zones; i++)
        assert_memory_equal(&r.zones[i], &b.zones[i], sizeof b.zones[i]);
    ps_baseline_free(&r);
    ps_baseline_free(&b);
    ps_baseline_free(&b); /* freeing twice is safe */
}

typedef struct bad_case {
    const char *file;
    ps_status code;
    const char *message;
} bad_case;

static const bad_case bad_cases[] = {
    {FIXTURES "does_not_exist.tsv", PS_ERR_IO,
     FIXTURES "does_not_exist.tsv: cannot open: No such file or directory"},
    {FIXTURES "missing_column.tsv", PS_ERR_DATA,
     FIXTURES "missing_column.tsv:3: kis_share: missing column"},
    {FIXTURES "unknown_column.tsv", PS_ERR_DATA,
     FIXTURES "unknown_column.tsv:3: revenue: unknown column"},
    {FIXTURES "too_few_fields.tsv", PS_ERR_DATA,
     FIXTURES "too_few_fields.tsv:5: published: missing field (row has 21 fields, header has 22)"},
    {FIXTURES "bad_number.tsv", PS_ERR_DATA,
     FIXTURES "bad_number.tsv:6: gdp: expected a number, found 'abc'"},
    {FIXTURES "unknown_region.tsv", PS_ERR_DATA,
     FIXTURES "unknown_region.tsv:4: region: unknown region 'middle' (expected east, central, "
              "west or northeast)"},
    {FIXTURES "out_of_range.tsv", PS_ERR_DATA,
     FIXTURES "out_of_range.tsv:5: va_ratio: must be in (0, 1], found 1.5"},
    {FIXTURES "duplicate_id.tsv", PS_ERR_DATA,
     FIXTURES "duplicate_id.tsv:6: id: duplicate id 1 (first on line 4)"},
    {FIXTURES "no_base_year.tsv", PS_ERR_DATA,
     FIXTURES "no_base_year.tsv:3: missing '# base_year=YYYY' directive before the header"},
    {FIXTURES "built_exceeds_approved.tsv", PS_ERR_DATA,
     FIXTURES "built_exceeds_approved.tsv:6: land_built: 250 exceeds land_approved 200"},
    {FIXTURES "national_after_provincial.tsv", PS_ERR_DATA,
     FIXTURES "national_after_provincial.tsv:6: tier: national zone after provincial ones "
              "(national zones must come first)"},
};

static void check_bad(const bad_case *c)
{
    ps_baseline b;
    ps_error err;
    char msg[1024];
    memset(&b, 0xab, sizeof b); /* the loader must clear it */
    int rc = ps_baseline_load(c->file, &b, &err);
    assert_int_equal(rc, c->code);
    assert_int_equal(err.code, c->code);
    assert_string_equal(ps_error_format(&err, msg, sizeof msg), c->message);
    assert_null(b.zones);
    assert_int_equal(b.n_zones, 0);
    assert_int_equal(b.n_national, 0);
    assert_int_equal(b.n_provincial, 0);
    assert_int_equal(b.year, 0);
    ps_baseline_free(&b);
}

#define BAD_TEST(name, index)                                                            \
    static void name(void **state)                                                       \
    {                                                                                    \
        (void)state;                                                                     \
        check_bad(&bad_cases[index]);                                                    \
    }
BAD_TEST(test_missing_file, 0)
BAD_TEST(test_missing_column, 1)
BAD_TEST(test_unknown_column, 2)
BAD_TEST(test_too_few_fields, 3)
BAD_TEST(test_bad_number, 4)
BAD_TEST(test_unknown_region, 5)
BAD_TEST(test_out_of_range, 6)
BAD_TEST(test_duplicate_id, 7)
BAD_TEST(test_no_base_year, 8)
BAD_TEST(test_built_exceeds_approved, 9)
BAD_TEST(test_national_after_provincial, 10)

static void test_free_zeroed(void **state)
{
    (void)state;
    ps_baseline b;
    memset(&b, 0, sizeof b);
    ps_baseline_free(&b);
    ps_baseline_free(NULL);
}

/* ---- Reproducibility --------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Regenerate the baseline of base year `year` (extra = tool options) and
 * compare it byte for byte with the committed file. */
static void regenerate_identical(const char *extra, const char *committed_path)
{
    const char *out = PS_BINARY_DIR "/test_baseline_regen.tsv";
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s/parksim-baseline' %s '%s/scenarios/data/national-zones-2015.csv' '%s'"
             " > /dev/null", PS_BINARY_DIR, extra, PS_SOURCE_DIR, out);
    remove(out);
    int rc = system(cmd);
    if (rc != 0)
        fail_msg("'%s' failed with status %d (is the parksim-baseline target built?)", cmd, rc);
    size_t n_new = 0, n_old = 0;
    char *fresh = slurp(out, &n_new);
    char *committed = slurp(committed_path, &n_old);
    assert_non_null(fresh);
    assert_non_null(committed);
    assert_int_equal(n_new, n_old);
    assert_memory_equal(fresh, committed, n_old);
    free(fresh);
    free(committed);
    remove(out);
}

static void test_regenerate_identical(void **state)
{
    (void)state;
    regenerate_identical("", PS_SOURCE_DIR "/" BASELINE_FILE);
}

static void test_regenerate_2013_identical(void **state)
{
    (void)state;
    regenerate_identical("--base-year 2013", PS_SOURCE_DIR "/scenarios/data/zones-2013.tsv");
}

/* The 2013 baseline: the zones national by the end of 2013 and 2013's
 * published aggregates (history-2009-2015.tsv: 114 zones, revenue 203 000,
 * GDP 58 000, 55 over 1000 亿); the rest derived as data/README.md says. */
static void test_2013_aggregates(void **state)
{
    (void)state;
    ps_baseline b;
    load_ok("scenarios/data/zones-2013.tsv", &b);
    assert_int_equal(b.year, 2013);
    assert_int_equal(b.n_national, 115);
    assert_int_equal(b.n_provincial, 400);
    int n = 0, over = 0, late = 0;
    double y = 0, rev = 0, emp = 0, ent = 0, nf = 0, rd = 0;
    for (int i = 0; i < b.n_national; i++) {
        const ps_zone_base *z = &b.zones[i];
        late += z->approved > 2013;
        assert_int_equal(z->published, 0); /* the per-zone figures are 2015's */
        if (z->sip)
            continue;
        n++;
        y += z->gdp;
        rev += z->gdp / z->va_ratio;
        over += z->gdp / z->va_ratio > 1000.0;
        emp += z->gdp / z->productivity;
        ent += z->enterprises;
        nf += z->new_firms;
        rd += z->rd_intensity * z->gdp;
    }
    double r = 203000.0 / 253700.0;
    assert_int_equal(n, 114);
    assert_int_equal(late, 0);
    assert_int_equal(over, 55);
    assert_close(rev, 203000.0, REL_TOL);
    assert_close(y, 58000.0, REL_TOL);
    assert_close(emp, 1719.0 * r, REL_TOL);
    assert_close(ent, 1200236.0, REL_TOL);
    assert_close(nf, 152030.0, REL_TOL);
    assert_close(rd / y, 0.057, REL_TOL);
    ps_baseline_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_national_aggregates),
        cmocka_unit_test(test_published_and_flags),
        cmocka_unit_test(test_pool),
        cmocka_unit_test(test_good_fixture),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_missing_column),
        cmocka_unit_test(test_unknown_column),
        cmocka_unit_test(test_too_few_fields),
        cmocka_unit_test(test_bad_number),
        cmocka_unit_test(test_unknown_region),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_no_base_year),
        cmocka_unit_test(test_built_exceeds_approved),
        cmocka_unit_test(test_national_after_provincial),
        cmocka_unit_test(test_free_zeroed),
        cmocka_unit_test(test_regenerate_identical),
        cmocka_unit_test(test_regenerate_2013_identical),
        cmocka_unit_test(test_2013_aggregates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
