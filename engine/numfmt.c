/* numfmt.c — output.h's number formatter: the shortest of "%.15g", "%.16g"
 * and "%.17g" that reads back to the double, in integer arithmetic.
 *
 * The text to reproduce. C11 7.21.6.1p8 (%e, %g): with precision P the
 * value is rounded to P significant digits; X is the decimal exponent of
 * the rounded value; if P > X >= -4 it is written in style f with P-1-X
 * decimals, otherwise in style e with P-1 decimals and an exponent of at
 * least two digits after its sign; then (no '#' flag) trailing zeros of the
 * fraction are removed, and the decimal point if no fraction is left; '-'
 * for a negative value, -0 included. glibc's printf rounds the exact binary
 * value correctly, ties to even under the default rounding mode
 * (stdio-common/printf_fp.c works on the exact value in multi-precision
 * integers; "%.0f" of 0.5, 2.5 prints 0, 2), and its strtod rounds the exact
 * decimal value correctly to nearest, ties to even (IEEE 754-2008 5.12.2
 * asks it up to 20 digits; glibc does it for any length). parksim never
 * changes the locale (LC_NUMERIC stays "C": '.') or the rounding mode.
 *
 * The method, for a normal x = m 2^e (2^52 <= m < 2^53) with
 * 10^E <= |x| < 10^(E+1) and -16 <= E <= 15. Let j = 16 - E (1..32) and
 * s = -(e + j). Then |x| 10^j = m 5^j 2^-s exactly, with N = m 5^j < 2^128
 * (5^32 < 2^75): for s >= 0 it is q0 + r0/2^s with q0 = N >> s and
 * r0 = N mod 2^s; for s < 0 it is the integer q0 = N << -s, r0 = 0. q0 has
 * exactly 17 digits (10^16 <= q0 < 10^17): it is |x| truncated to 17
 * significant digits, and r0 the exact rest.
 *
 * Rounding to P digits, d = 10^(17-P): q = q0 / d, and the exact dropped
 * part is rho = (q0 mod d) + r0/2^s, in [0, d). Round up iff 2 rho > d, or
 * 2 rho = d and q is odd; compared exactly as 2((q0 mod d) 2^s + r0) against
 * d 2^s. This is correct rounding of x itself, never a rounding of a
 * rounding. If q reaches 10^P the digits are 1 and zeros and X = E + 1.
 *
 * Reading back. The candidate c = q d 10^-j reads back to x iff it lies in
 * x's rounding interval: strictly closer to x than half the gap to the
 * neighbour on its side, or exactly half way with m even. Scaled by 10^j 2^s
 * (s >= 0), c - x becomes A 2^s - r0 with A = q d - q0 (|A| <= 100), and
 * the half gap 2^(e-1) becomes 5^j / 2, or 5^j / 4 below x when m = 2^52
 * (the gap below a power of two is half as wide). For s < 0, scaled by
 * 10^j: A, and 5^j 2^(-s-1) (5^j 2^(-s-2)). So with D = |A 2^s' - r0|,
 * s' = max(s, 0), G = 5^j 2^max(-s, 0): c reads back iff 2D < G (4D < G
 * below a power of two), or equality and m even. In this range
 * -2 <= s <= 74, so every product stays below 2^90. (For s >= 0, G is odd
 * and equality cannot happen; exact ties in the rounding itself do, e.g.
 * 2094.91729736328125 cut to 17 digits, and test_numfmt meets them.)
 *
 * Everything else (|x| < 1e-16 or >= 1e16, subnormals, inf, NaN, or a
 * compiler without unsigned __int128) takes the printf/strtod loop, which is
 * the definition. tests/test_numfmt.c compares both against that loop.
 */
#include "parksim/numfmt.h"

#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The definition (parksim 0.3.0's ps_fmt_double), for the values outside
 * the fast range. */
static const char *numfmt_loop(char *buf, double x)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, x);
        if (strtod(buf, NULL) == x || x != x)
            break;
    }
    return buf;
}

#if defined(__SIZEOF_INT128__) && FLT_RADIX == 2 && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024

__extension__ typedef unsigned __int128 numfmt_u128;

static const uint64_t POW10[18] = {
    UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000), UINT64_C(10000), UINT64_C(100000),
    UINT64_C(1000000), UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000),
    UINT64_C(10000000000), UINT64_C(100000000000), UINT64_C(1000000000000),
    UINT64_C(10000000000000), UINT64_C(100000000000000), UINT64_C(1000000000000000),
    UINT64_C(10000000000000000), UINT64_C(100000000000000000),
};

/* 5^j for j = 0..32 as (high, low) 64-bit halves. */
static const uint64_t POW5[33][2] = {
    {0, UINT64_C(1)}, {0, UINT64_C(5)}, {0, UINT64_C(25)}, {0, UINT64_C(125)},
    {0, UINT64_C(625)}, {0, UINT64_C(3125)}, {0, UINT64_C(15625)}, {0, UINT64_C(78125)},
    {0, UINT64_C(390625)}, {0, UINT64_C(1953125)}, {0, UINT64_C(9765625)},
    {0, UINT64_C(48828125)}, {0, UINT64_C(244140625)}, {0, UINT64_C(1220703125)},
    {0, UINT64_C(6103515625)}, {0, UINT64_C(30517578125)}, {0, UINT64_C(152587890625)},
    {0, UINT64_C(762939453125)}, {0, UINT64_C(3814697265625)}, {0, UINT64_C(19073486328125)},
    {0, UINT64_C(95367431640625)}, {0, UINT64_C(476837158203125)},
    {0, UINT64_C(2384185791015625)}, {0, UINT64_C(11920928955078125)},
    {0, UINT64_C(59604644775390625)}, {0, UINT64_C(298023223876953125)},
    {0, UINT64_C(1490116119384765625)}, {0, UINT64_C(7450580596923828125)},
    {UINT64_C(2), UINT64_C(359414837200037393)}, {UINT64_C(10), UINT64_C(1797074186000186965)},
    {UINT64_C(50), UINT64_C(8985370930000934825)}, {UINT64_C(252), UINT64_C(8033366502585570893)},
    {UINT64_C(1262), UINT64_C(3273344365508751233)},
};

/* The %g text of the P-digit integer q (10^(P-1) <= q < 10^P) times
 * 10^(X-P+1), as C11 7.21.6.1p8 lays it out; at p, returns the end. */
static char *numfmt_layout(char *p, uint64_t q, int P, int X)
{
    static const char PAIRS[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    char dig[17];
    int left = P; /* digits still to write, from the right */
    for (; left >= 2; left -= 2, q /= 100)
        memcpy(dig + left - 2, PAIRS + 2 * (q % 100), 2);
    if (left)
        dig[0] = (char)('0' + q);
    int nd = P; /* significant digits left once trailing zeros go */
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    if (X < -4 || X >= P) { /* style e */
        *p++ = dig[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, dig + 1, (size_t)(nd - 1));
            p += nd - 1;
        }
        *p++ = 'e';
        *p++ = X < 0 ? '-' : '+';
        int ax = X < 0 ? -X : X;
        if (ax >= 100)
            *p++ = (char)('0' + ax / 100);
        *p++ = (char)('0' + ax / 10 % 10);
        *p++ = (char)('0' + ax % 10);
    } else if (X >= 0) { /* style f, X + 1 <= P integer digits */
        memcpy(p, dig, (size_t)(X + 1));
        p += X + 1;
        if (nd > X + 1) {
            *p++ = '.';
            memcpy(p, dig + X + 1, (size_t)(nd - X - 1));
            p += nd - X - 1;
        }
    } else { /* style f, -4 <= X <= -1: 0.000ddd */
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -X - 1; i++)
            *p++ = '0';
        memcpy(p, dig, (size_t)nd);
        p += nd;
    }
    *p = '\0';
    return p;
}

/* |x| 10^j = q0 + r0 / 2^sp exactly; G: twice the half gap scaled alike. */
typedef struct numfmt_val {
    uint64_t q0;
    numfmt_u128 r0, G;
    int sp;
    uint64_t m;
} numfmt_val;

/* q: |x| rounded to 17 - log10(d) digits (d = 100, 10, 1; a constant once
 * inlined, so the divisions are multiplications); returns whether q d 10^-j
 * reads back to |x|. */
static inline int numfmt_cut(const numfmt_val *v, uint64_t d, uint64_t *qp)
{
    uint64_t q = v->q0 / d;
    numfmt_u128 twice_rest = (((numfmt_u128)(v->q0 % d) << v->sp) + v->r0) * 2, half = (numfmt_u128)d << v->sp;
    if (twice_rest > half || (twice_rest == half && (q & 1)))
        q++;
    *qp = q;
    if (d == 1)
        return 1;
    int64_t A = (int64_t)(q * d) - (int64_t)v->q0;
    numfmt_u128 D = A > 0 ? ((numfmt_u128)A << v->sp) - v->r0 : ((numfmt_u128)(-A) << v->sp) + v->r0;
    int below = A < 0 || (A == 0 && v->r0 > 0);
    numfmt_u128 lhs = D * (below && v->m == UINT64_C(1) << 52 ? 4u : 2u);
    return lhs < v->G || (lhs == v->G && !(v->m & 1));
}

/* The rounded P digits q at exponent E, 10^P (a carry) as 1 at E + 1. */
static void numfmt_emit(char *p, uint64_t q, int P, int E)
{
    if (q == POW10[P])
        numfmt_layout(p, POW10[P - 1], P, E + 1);
    else
        numfmt_layout(p, q, P, E);
}

const char *ps_numfmt_g(char *buf, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)(bits >> 52 & 0x7ff);
    if (biased == 0 && (bits << 1) == 0) { /* %.15g of ±0 reads back: "0", "-0" */
        return strcpy(buf, bits >> 63 ? "-0" : "0");
    }
    if (biased == 0 || biased == 0x7ff)
        return numfmt_loop(buf, x); /* subnormal, inf, NaN */
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
    int b = biased - 1023; /* 2^b <= |x| < 2^(b+1); e = b - 52 */

    /* E: a first guess b log10(2) (1233 / 4096, truncated: within one of
     * floor(log10 |x|) here), then corrected until q0 has 17 digits. */
    int E = b * 1233 / 4096, j = 0, s = 0;
    numfmt_u128 N = 0, t = 0;
    for (int tries = 0;; tries++) {
        if (tries == 3 || E < -16 || E > 15)
            return numfmt_loop(buf, x);
        j = 16 - E;
        s = -(b - 52 + j);
        N = (numfmt_u128)m * (((numfmt_u128)POW5[j][0] << 64) | POW5[j][1]);
        t = s >= 0 ? N >> s : N << -s;
        if (t >= POW10[17])
            E++;
        else if (t < POW10[16])
            E--;
        else
            break;
    }
    uint64_t q0 = (uint64_t)t;
    int sp = s >= 0 ? s : 0;
    numfmt_u128 r0 = s > 0 ? N & (((numfmt_u128)1 << s) - 1) : 0;
    numfmt_u128 G = (((numfmt_u128)POW5[j][0] << 64) | POW5[j][1]) << (s < 0 ? -s : 0);

    numfmt_val v = {q0, r0, G, sp, m};
    char *p = buf;
    if (bits >> 63)
        *p++ = '-';
    uint64_t q;
    if (numfmt_cut(&v, 100, &q))
        numfmt_emit(p, q, 15, E);
    else if (numfmt_cut(&v, 10, &q))
        numfmt_emit(p, q, 16, E);
    else
        numfmt_cut(&v, 1, &q), numfmt_emit(p, q, 17, E); /* 17 digits always read back */
    return buf;
}

#else /* no 128-bit integers: the definition */

const char *ps_numfmt_g(char *buf, double x)
{
    return numfmt_loop(buf, x);
}

#endif
