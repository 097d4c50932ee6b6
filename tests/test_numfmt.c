/* test_numfmt.c — ps_numfmt_g (and so ps_fmt_double) against the loop it
 * replaces.
 *
 * The reference is parksim 0.3.0's ps_fmt_double, kept here verbatim: the
 * shortest of snprintf "%.15g", "%.16g", "%.17g" that strtod reads back.
 * Every check asks for the identical string, byte for byte, on: random
 * 64-bit patterns (GSL mt19937, fixed seeds), random values in the model's
 * ranges, every power of 2 and 10 with its neighbours, values whose
 * 17-digit form ends in 50 or 5 where 15 or 16 digits are cut (constructed
 * on both sides of the half), exact decimal ties (n + 0.5), and the special
 * values. A few known strings pin the reference itself.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "parksim/numfmt.h"
#include "parksim/output.h"
#include "test_util.h"

/* parksim 0.3.0's formatter: the definition of the text. */
static const char *reference(char *buf, double x)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, x);
        if (strtod(buf, NULL) == x || x != x)
            break;
    }
    return buf;
}

typedef struct tally {
    long checked, bad;
    char first[160]; /* the first mismatch */
} tally;

static void check(tally *t, double x)
{
    char want[32], got[32];
    reference(want, x);
    ps_numfmt_g(got, x);
    t->checked++;
    if (strcmp(want, got) != 0 && t->bad++ == 0)
        snprintf(t->first, sizeof t->first, "x = %a: reference \"%s\", ps_numfmt_g \"%s\"", x, want, got);
}

static void check_pm(tally *t, double x) /* x and -x */
{
    check(t, x);
    check(t, -x);
}

static void check_neighbours(tally *t, double x, int k) /* x and k doubles either side */
{
    double up = x, down = x;
    check_pm(t, x);
    for (int i = 0; i < k; i++) {
        up = nextafter(up, INFINITY);
        down = nextafter(down, -INFINITY);
        check_pm(t, up);
        check_pm(t, down);
    }
}

static void tally_assert(const tally *t, long min_checked)
{
    if (t->bad)
        fail_msg("%ld of %ld differ; first: %s", t->bad, t->checked, t->first);
    assert_true(t->checked >= min_checked);
}

static uint64_t get64(gsl_rng *r) /* mt19937 gives 32 bits a call */
{
    uint64_t hi = gsl_rng_get(r);
    return hi << 32 | gsl_rng_get(r);
}

static double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static void test_known_strings(void **state)
{
    (void)state;
    static const struct { double x; const char *s; } KNOWN[] = {
        {0.0, "0"}, {-0.0, "-0"}, {1.0, "1"}, {0.1, "0.1"}, {-2.5, "-2.5"}, {1e-5, "1e-05"},
        {1e-4, "0.0001"}, {123456789012345.0, "123456789012345"}, {1e15, "1e+15"},
        {1e16, "1e+16"}, {1.0 / 3, "0.3333333333333333"}, {0.1 + 0.2, "0.30000000000000004"},
        {1000000000000005.0, "1000000000000005"}, {DBL_MAX, "1.7976931348623157e+308"},
        {DBL_MIN, "2.2250738585072014e-308"}, {DBL_TRUE_MIN, "4.94065645841247e-324"},
        {INFINITY, "inf"}, {-INFINITY, "-inf"},
    };
    char buf[32];
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++) {
        assert_string_equal(reference(buf, KNOWN[i].x), KNOWN[i].s);
        assert_string_equal(ps_numfmt_g(buf, KNOWN[i].x), KNOWN[i].s);
        assert_string_equal(ps_fmt_double(buf, KNOWN[i].x), KNOWN[i].s);
    }
}

static void test_special_values(void **state)
{
    (void)state;
    tally t = {0};
    const double special[] = {0.0, DBL_MIN, DBL_TRUE_MIN, DBL_MIN - DBL_TRUE_MIN, DBL_MIN / 3,
                              DBL_MAX, INFINITY, NAN, DBL_EPSILON, 1e-16, 1e16};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        check_neighbours(&t, special[i], 3);
    char want[32], got[32]; /* NaN's sign is printed: both signs */
    assert_string_equal(ps_numfmt_g(got, -NAN), reference(want, -NAN));
    assert_string_equal(ps_numfmt_g(got, NAN), reference(want, NAN));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    for (int i = 0; i < 20000; i++) /* subnormals: exponent field 0 */
        check(&t, from_bits(get64(r) & ~(UINT64_C(0x7ff) << 52)));
    gsl_rng_free(r);
    tally_assert(&t, 20000);
}

/* Any 64-bit pattern: mostly |x| outside 1e-16..1e16, some NaNs. */
static void test_random_bit_patterns(void **state)
{
    (void)state;
    tally t = {0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20261202);
    for (int i = 0; i < 1000000; i++)
        check(&t, from_bits(get64(r)));
    gsl_rng_free(r);
    tally_assert(&t, 1000000);
}

/* Random patterns with 2^-60 <= |x| < 2^61: the integer path (1e-16 <=
 * |x| < 1e16) and both edges of it. */
static void test_random_bits_near_one(void **state)
{
    (void)state;
    tally t = {0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 4357);
    for (int i = 0; i < 2000000; i++) {
        uint64_t u = get64(r), ex = (uint64_t)(1023 - 60) + gsl_rng_uniform_int(r, 121);
        check(&t, from_bits((u & ~(UINT64_C(0x7ff) << 52)) | ex << 52));
    }
    gsl_rng_free(r);
    tally_assert(&t, 2000000);
}

/* What the model writes: amounts 1e-6..1e7 (log-uniform), counts,
 * probabilities, and short decimals such as settings (k / 10^n). */
static void test_model_ranges(void **state)
{
    (void)state;
    tally t = {0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    for (int i = 0; i < 100000; i++) {
        check(&t, exp(log(1e-6) + (log(1e7) - log(1e-6)) * gsl_rng_uniform(r)));
        check(&t, (double)gsl_rng_uniform_int(r, 10000001));
        check(&t, gsl_rng_uniform(r));
        check(&t, (double)gsl_rng_uniform_int(r, 100000) / pow(10, (double)gsl_rng_uniform_int(r, 9)));
        /* a sum and a mean of such numbers: the digits of model output */
        double a = gsl_rng_uniform(r) * 1e4, b = gsl_rng_uniform(r) * 1e4;
        check_pm(&t, (a + b) / 3);
    }
    gsl_rng_free(r);
    tally_assert(&t, 600000);
}

/* 2^k for every k, 10^k for every k, and their neighbours. */
static void test_powers_and_neighbours(void **state)
{
    (void)state;
    tally t = {0};
    for (int k = -1074; k <= 1023; k++)
        check_neighbours(&t, ldexp(1.0, k), 2);
    for (int k = -323; k <= 308; k++) {
        char s[16];
        snprintf(s, sizeof s, "1e%d", k);
        check_neighbours(&t, strtod(s, NULL), 2);
    }
    tally_assert(&t, 10 * (2098 + 632));
}

/* Doubles whose 17 significant digits end in "50" (a 15-digit cut at the
 * half) or in "5" (a 16-digit cut at the half): the double nearest to
 * D50 10^k or D5 10^k and its neighbours, which fall on both sides of the
 * half. Asserted: the construction does produce such values. */
static void test_halfway_constructed(void **state)
{
    (void)state;
    tally t = {0};
    long ends50 = 0, ends5 = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 99);
    for (int i = 0; i < 40000; i++) {
        for (int cut = 1; cut <= 2; cut++) { /* cut 2: 15 digits + "50"; 1: 16 digits + "5" */
            unsigned long lo = cut == 2 ? 100000000000000UL : 1000000000000000UL;
            unsigned long digits = lo + (unsigned long)(gsl_rng_uniform(r) * 9.0 * (double)lo);
            int ex = (int)gsl_rng_uniform_int(r, 46) - 36; /* value 1e-20 .. 1e26 */
            char s[48];
            snprintf(s, sizeof s, "%lu%se%d", digits, cut == 2 ? "50" : "5", ex);
            double x = strtod(s, NULL), y = x;
            for (int k = 0; k < 5; k++, y = nextafter(y, INFINITY)) {
                char e[40];
                snprintf(e, sizeof e, "%.16e", y);
                const char *mant_end = strchr(e, 'e');
                ends50 += mant_end[-2] == '5' && mant_end[-1] == '0';
                ends5 += mant_end[-1] == '5';
            }
            check_neighbours(&t, x, 4);
        }
    }
    gsl_rng_free(r);
    tally_assert(&t, 720000);
    assert_true(ends50 > 4000);
    assert_true(ends5 > 4000);
}

/* Exact decimal ties, where printf rounds half to even: n + 0.5 has 16
 * significant digits for 1e14 <= n < 1e15 (a tie at 15) and 17 for
 * 1e15 <= n < 2^52 (a tie at 16), and is a double. */
static void test_exact_ties(void **state)
{
    (void)state;
    tally t = {0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2015);
    for (int i = 0; i < 100000; i++) {
        double n15 = 1e14 + floor(gsl_rng_uniform(r) * 9e14);
        double n16 = 1e15 + floor(gsl_rng_uniform(r) * (4503599627370496.0 - 1e15));
        check_pm(&t, n15 + 0.5);
        check_pm(&t, n16 + 0.5);
        /* ties at 15 digits in integers: 16-digit n ending in 5 */
        check_pm(&t, floor(1e14 + gsl_rng_uniform(r) * 9e14) * 10 + 5);
    }
    gsl_rng_free(r);
    tally_assert(&t, 600000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_strings),         cmocka_unit_test(test_special_values),
        cmocka_unit_test(test_random_bit_patterns),   cmocka_unit_test(test_random_bits_near_one),
        cmocka_unit_test(test_model_ranges),          cmocka_unit_test(test_powers_and_neighbours),
        cmocka_unit_test(test_halfway_constructed),   cmocka_unit_test(test_exact_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
