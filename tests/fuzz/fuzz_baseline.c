/* fuzz_baseline.c — libFuzzer harness of the baseline loader: the input is
 * a zones file, read with ps_baseline_load from a temporary file. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_util.h"
#include "parksim/baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[128];
    if (!path[0])
        snprintf(path, sizeof path, "%s/zones.tsv", fuzz_dir());
    fuzz_write(path, data, size);
    ps_baseline b;
    memset(&b, 0, sizeof b);
    ps_error err;
    int rc = ps_baseline_load(path, &b, &err);
    /* A loaded baseline keeps the file's bytes exactly. */
    if (rc == 0 && (b.n_bytes != size || memcmp(b.bytes, data, size) != 0))
        abort();
    ps_baseline_free(&b);
    return 0;
}
