/* logbin.c — edges of log-scale histogram bins (see include/parksim/logbin.h). */
#include "parksim/logbin.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#define INF_BITS 0x7ff0000000000000ULL

static double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static uint64_t to_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Positive doubles are ordered as their bit patterns; 0 (r = +0) stands
 * for "below every positive r" and never satisfies the predicate. */
static bool reaches(ps_logbin_coord coord, const void *ctx, uint64_t u, double b)
{
    return u > 0 && coord(ctx, from_bits(u)) >= b;
}

/* The smallest positive r (as bits) with coord(r) >= b, or INF_BITS. */
static uint64_t edge_of(ps_logbin_coord coord, const void *ctx, double b, double guess)
{
    if (!reaches(coord, ctx, INF_BITS, b))
        return INF_BITS;
    uint64_t c = guess > 0 && guess < INFINITY ? to_bits(guess) : 1;
    uint64_t lo, hi, step = 1;
    if (reaches(coord, ctx, c, b)) { /* gallop down to a value below the edge */
        hi = c;
        for (;;) {
            lo = hi > step ? hi - step : 0;
            if (!reaches(coord, ctx, lo, b))
                break;
            hi = lo, step *= 2;
        }
    } else { /* gallop up to a value at or above it */
        lo = c;
        for (;;) {
            hi = INF_BITS - lo > step ? lo + step : INF_BITS;
            if (reaches(coord, ctx, hi, b))
                break;
            lo = hi, step *= 2;
        }
    }
    while (hi - lo > 1) { /* !reaches(lo), reaches(hi) */
        uint64_t mid = lo + (hi - lo) / 2;
        if (reaches(coord, ctx, mid, b))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

int ps_logbin_init(ps_logbin *lb, int n, double a, double s, ps_logbin_coord coord, const void *ctx)
{
    memset(lb, 0, sizeof *lb);
    if (n < 1)
        return -1;
    lb->edge = malloc(sizeof *lb->edge * ((size_t)n + 1));
    if (!lb->edge)
        return -1;
    lb->n = n, lb->a = a, lb->s = s;
    for (int b = 0; b <= n; b++)
        lb->edge[b] = from_bits(edge_of(coord, ctx, b, exp(a + b / s)));
    /* Buckets of PS_LOGBIN_BITS mantissa bits from edge[0] to edge[n], if
     * they are few (a fixed bound: 64 binades) and the bins fit 16 bits. */
    int shift = 52 - PS_LOGBIN_BITS;
    uint64_t lo = to_bits(lb->edge[0]) >> shift, hi = to_bits(lb->edge[n]) >> shift;
    if (n >= 65535 || !(lb->edge[n] < INFINITY) || hi - lo >= (64ULL << PS_LOGBIN_BITS))
        return 0;
    lb->first = lo;
    lb->buckets = hi - lo + 1;
    lb->start = malloc(sizeof *lb->start * lb->buckets);
    if (!lb->start) {
        ps_logbin_free(lb);
        return -1;
    }
    for (uint64_t k = 0; k < lb->buckets; k++) { /* bin of the bucket's first value (edge[0] for the first) */
        double r = k == 0 ? lb->edge[0] : from_bits((lo + k) << shift);
        int b = k == 0 ? 0 : lb->start[k - 1];
        while (b + 1 < n && r >= lb->edge[b + 1])
            b++;
        lb->start[k] = (uint16_t)b;
    }
    /* Edges inside each bucket (after its start, before the next one's). */
    lb->one_step = 1;
    for (uint64_t k = 0; k < lb->buckets && lb->one_step; k++) {
        double next = from_bits((lo + k + 1) << shift);
        int b = lb->start[k], inside = 0;
        while (b + 1 <= n && lb->edge[b + 1] < next)
            b++, inside++;
        lb->one_step = inside <= 1;
    }
    return 0;
}

void ps_logbin_free(ps_logbin *lb)
{
    free(lb->edge);
    free(lb->start);
    memset(lb, 0, sizeof *lb);
}
