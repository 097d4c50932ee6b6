/* fastran_check.h — a quick goodness-of-fit self-check of the samplers the
 * model draws from (fastran.h), for `parksim bench`.
 *
 * Each check draws PS_FR_CHECK_DRAWS variates from a fixed counter-based
 * stream and compares them with GSL's own distribution functions by a
 * chi-square test over bins of equal expected count (the normal; the
 * Poisson and binomial exactly and through the corrected normal of large
 * counts, at the model's typical parameters). A check fails below p = 1e-6:
 * with ten checks a false alarm has odds of about one in 100 000. The full
 * tests, with their power shown, are tests/test_fastran.c.
 *
 * Thread safety: pure; allocates nothing.
 */
#ifndef PARKSIM_FASTRAN_CHECK_H
#define PARKSIM_FASTRAN_CHECK_H

#define PS_FR_CHECK_COUNT 9
#define PS_FR_CHECK_DRAWS 200000
#define PS_FR_CHECK_REJECT_P 1e-6

typedef struct ps_fr_check {
    char name[48]; /* e.g. "poisson(200), corrected normal" */
    int bins;
    double chi2, p; /* chi-square and its p-value (bins - 1 degrees of freedom) */
} ps_fr_check;

/* Run every check into out[PS_FR_CHECK_COUNT]; returns how many failed
 * (p < PS_FR_CHECK_REJECT_P). */
int ps_fr_check_run(ps_fr_check out[PS_FR_CHECK_COUNT]);

#endif
