/* cli_batch.c — `parksim compare`, `parksim sweep`, `parksim merge`. */
#include <stdio.h>

#include "cli.h"

int cli_compare(const cli_options *o) { (void)o; return cli_usage_error("compare: not built yet"); }
int cli_sweep(const cli_options *o) { (void)o; return cli_usage_error("sweep: not built yet"); }
int cli_merge(const cli_options *o) { (void)o; return cli_usage_error("merge: not built yet"); }
