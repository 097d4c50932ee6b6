/* fuzz_shard.c — libFuzzer harness of the shard reader: the input is a
 * shard.partial in a temporary directory, read with ps_shard_read. */
#include <stdint.h>
#include <stdio.h>

#include "fuzz_util.h"
#include "parksim/shard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[256];
    if (!path[0])
        snprintf(path, sizeof path, "%s/%s", fuzz_dir(), PS_SHARD_FILE);
    fuzz_write(path, data, size);
    ps_shard *s = NULL;
    ps_error err;
    int rc = ps_shard_read(fuzz_dir(), &s, &err);
    if (rc == 0 && !s)
        abort();
    ps_shard_free(s);
    return 0;
}
