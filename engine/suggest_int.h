/* suggest_int.h — "did you mean" hints: the closest of a set of candidate
 * words within edit distance 2. Internal to engine/ (used by the scenario
 * loader for settings, metrics, targets and generators; any module that
 * reports an unknown name can use it).
 *
 * Usage: ps_suggest_init(&sg, word); ps_suggest_consider(&sg, c) for every
 * candidate; then ps_suggest_hint() gives " (did you mean 'x'?)" or "".
 * A ps_suggestion is plain memory on the caller's stack: thread-safe.
 */
#ifndef PARKSIM_SUGGEST_INT_H
#define PARKSIM_SUGGEST_INT_H

#include <stddef.h>

#define PS_SUGGEST_MAX 160 /* longest word or candidate compared, in bytes */

typedef struct ps_suggestion {
    const char *word;          /* what was written (not copied: keep it alive) */
    char best[PS_SUGGEST_MAX]; /* closest candidate so far, "" if none */
    int distance;              /* its edit distance (3: none within 2) */
} ps_suggestion;

/* Edit (Levenshtein) distance of a and b; INT_MAX if either is longer
 * than PS_SUGGEST_MAX. */
int ps_edit_distance(const char *a, const char *b);

void ps_suggest_init(ps_suggestion *sg, const char *word);

/* Keep candidate if it is closer to the word than the best so far (ties:
 * the first one wins). The word itself is never suggested. */
void ps_suggest_consider(ps_suggestion *sg, const char *candidate);

/* " (did you mean 'x'?)" written into buf, or "" (a literal) if there is no
 * suggestion. */
const char *ps_suggest_hint(const ps_suggestion *sg, char *buf, size_t n);

#endif
