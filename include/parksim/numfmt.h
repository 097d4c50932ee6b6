/* numfmt.h — a double as the shortest of "%.15g", "%.16g", "%.17g" that
 * reads back to it, without the printf/strtod round trips.
 *
 * ps_numfmt_g writes exactly the text of
 *
 *     for (p = 15; p <= 17; p++) {
 *         snprintf(buf, 32, "%.*g", p, x);
 *         if (strtod(buf, NULL) == x || x != x) break;
 *     }
 *
 * in the C locale under round-to-nearest (the program changes neither), for
 * every double: finite, ±0, subnormal, ±inf and NaN. For 1e-16 <= |x| < 1e16
 * it computes the digits and the round-trip test exactly in 128-bit integer
 * arithmetic (numfmt.c says why that is exact) and writes '.' whatever the
 * locale; other values, and compilers without a 128-bit integer, take the
 * loop above (printf's decimal point: '.' in the C locale, which parksim
 * never leaves). Thread-safe, no allocation.
 */
#ifndef PARKSIM_NUMFMT_H
#define PARKSIM_NUMFMT_H

/* The text described above in buf (at least 32 bytes); returns buf. */
const char *ps_numfmt_g(char *buf, double x);

#endif
