/* logbin.h — the bin of a log-scale histogram without a log per value.
 *
 * A histogram that bins r by floor(coord(r)), coord a nondecreasing
 * function of r built on log() (zones.tsv, provinces.tsv), costs one libm
 * log per value. A ps_logbin holds the n + 1 edges edge[b] = the smallest
 * positive double r with coord(r) >= b, found once by search on coord
 * itself; ps_logbin_find then gives floor(coord(r)) for any r from a cheap
 * approximate log and at most a step or two against the edges, so every
 * bin is exactly the one coord would give (provided coord is
 * nondecreasing, which log, and + and * by positive constants rounded to
 * nearest, are; tests/test_logbin.c checks it against coord directly).
 *
 * A ps_logbin is immutable once made: any number of threads may read it.
 */
#ifndef PARKSIM_LOGBIN_H
#define PARKSIM_LOGBIN_H

#include <stdint.h>
#include <string.h>

/* The bin coordinate of r (> 0), nondecreasing in r. */
typedef double (*ps_logbin_coord)(const void *ctx, double r);

typedef struct ps_logbin {
    int n;        /* bins */
    double *edge; /* n + 1 edges; +inf for a bin coord never reaches */
    double a, s;  /* coord(r) is about (ln r - a) * s: the first guess */
    /* Faster guess where the edges span few binades: r's top bits
     * (PS_LOGBIN_BITS bits of mantissa) minus first index a bucket whose
     * start lies in bin start[bucket]; NULL: guess from the log. */
    uint16_t *start;
    uint64_t first, buckets;
    int one_step; /* no bucket holds more than one edge after its start */
} ps_logbin;

#define PS_LOGBIN_BITS 7

/* Edges of bins 0..n of coord, whose coordinate is about (ln r - a) * s
 * (the guess only speeds the search). -1 if n < 1 or out of memory (lb
 * zeroed). */
int ps_logbin_init(ps_logbin *lb, int n, double a, double s, ps_logbin_coord coord, const void *ctx);
void ps_logbin_free(ps_logbin *lb); /* safe on a zeroed ps_logbin */

/* ln r to within about 1e-4 for a normal positive r (a first guess only). */
static inline double ps_logbin_ln(double r)
{
    uint64_t u;
    memcpy(&u, &r, sizeof u);
    int e = (int)((u >> 52) & 0x7ff) - 1023;
    u = (u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    memcpy(&m, &u, sizeof m);
    double t = (m - 1) / (m + 1), t2 = t * t; /* ln m = 2 atanh t, t <= 1/3 */
    return 0.6931471805599453 * e + 2 * t * (1 + t2 * (1.0 / 3 + t2 * 0.2));
}

/* floor(coord(r)) as a bin: -1 if r < edge[0] (or NaN), n if r >= edge[n],
 * else the b with edge[b] <= r < edge[b + 1]. */
static inline int ps_logbin_find(const ps_logbin *lb, double r)
{
    const double *e = lb->edge;
    if (!(r >= e[0]))
        return -1;
    if (r >= e[lb->n])
        return lb->n;
    int b;
    uint64_t k;
    memcpy(&k, &r, sizeof k);
    k = (k >> (52 - PS_LOGBIN_BITS)) - lb->first; /* r >= e[0] > 0: no wrap below */
    if (lb->start && k < lb->buckets) {
        b = lb->start[k]; /* the bucket's start is at most r: b is at most r's bin */
        if (lb->one_step)
            return b + (r >= e[b + 1]); /* b <= n - 1: r < e[n] */
    } else {
        double g = (ps_logbin_ln(r) - lb->a) * lb->s;
        b = g <= 0 ? 0 : g >= lb->n - 1 ? lb->n - 1 : (int)g;
        while (r < e[b]) /* stops at 0: r >= e[0] */
            b--;
    }
    while (r >= e[b + 1]) /* stops at n - 1: r < e[n] */
        b++;
    return b;
}

#endif
