/* main.c — parksim-baseline: synthesise the per-zone base-year file.
 *
 * Usage: parksim-baseline [--data DIR] [--base-year YEAR] [--provincial FILE] SOURCE_CSV OUT_TSV
 *
 * Reads the list of national high-tech zones of end-2015 (SOURCE_CSV,
 * national-zones-2015.csv) and the geography tables in DIR (by default
 * tools/baseline/data of the source tree it was built from), and writes
 * OUT_TSV (zones-2015.tsv): every national zone with a synthetic 2015 state
 * whose aggregates over the 146 zones (Suzhou Industrial Park excluded)
 * equal the published national figures exactly, followed by a synthetic
 * pool of provincial zones in a random "pool order". Everything random
 * comes from one gsl_rng (taus2) with the fixed seed BG_SEED, drawn in a
 * fixed order, so the output is byte-identical on every run. With
 * --base-year 2013 it writes the state at the end of 2013 instead (the zones
 * national by then, 2013's published aggregates, the rest derived as
 * targets.h says), for backtests from an earlier year. With --provincial
 * FILE, the real provincial zones listed in FILE take the places of
 * synthetic ones of their provinces (import.c).
 *
 * The output is written to a temporary file next to OUT_TSV, read back and
 * checked (check.c), and only then renamed over OUT_TSV, so a failed run
 * never leaves a half-written baseline.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "bgen.h"

#ifndef BG_DATA_DIR
#error "BG_DATA_DIR (the default directory of the geography tables) must be defined"
#endif

static const char *prog = "parksim-baseline";

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [--data DIR] [--base-year YEAR] [--provincial FILE] SOURCE_CSV OUT_TSV\n"
            "Synthesise the parksim per-zone baseline (national zones and the provincial\n"
            "pool) from the national zone list SOURCE_CSV and write it to OUT_TSV.\n"
            "Deterministic: the same input always gives the same bytes.\n\n"
            "  -d, --data DIR  read the geography tables (provinces.tsv, cities.tsv,\n"
            "                  named-zones.tsv, city-aliases.tsv) from DIR\n"
            "                  [default: %s]\n"
            "  -y, --base-year YEAR\n"
            "                  the base year: 2015 (default; the zone list's year) or\n"
            "                  2013 (zones approved by then, 2013's published aggregates)\n"
            "  -p, --provincial FILE\n"
            "                  real provincial zones (TSV: name, province, city; optional\n"
            "                  name_zh, gdp, revenue, employees) in place of synthetic\n"
            "                  ones of their provinces; unknown figures filled as before\n"
            "                  (scenarios/data/README.md, \"A real provincial list\")\n"
            "  -h, --help      show this help and exit\n",
            prog, BG_DATA_DIR);
}

static int usage_error(const char *problem)
{
    fprintf(stderr, "%s: %s\n", prog, problem);
    fprintf(stderr, "Try '%s --help' for more information.\n", prog);
    return 2;
}

/* Write g to a temporary file beside out, check it, rename it over out. */
static void install(const bg_gen *g, const char *source, const char *out)
{
    size_t tlen = strlen(out) + 16;
    char *tmp = bg_xcalloc(tlen, 1);
    snprintf(tmp, tlen, "%s.tmp.XXXXXX", out);
    int fd = mkstemp(tmp);
    if (fd < 0)
        bg_die("%s: %s", tmp, strerror(errno));
    if (fchmod(fd, 0644) != 0)
        bg_die("%s: %s", tmp, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f)
        bg_die("%s: %s", tmp, strerror(errno));
    bg_write_file(f, g, source);
    int werr = ferror(f);
    if (fclose(f) != 0 || werr) {
        int e = errno;
        remove(tmp);
        bg_die("%s: write failed: %s", tmp, strerror(e));
    }
    if (!bg_check_file(tmp, g->yt)) {
        remove(tmp);
        exit(1);
    }
    if (rename(tmp, out) != 0) {
        int e = errno;
        remove(tmp);
        bg_die("cannot rename %s to %s: %s", tmp, out, strerror(e));
    }
    free(tmp);
}

static void print_report(const bg_gen *g, const bg_nat_report *nrep, const bg_pool_report *prep)
{
    int counts[PS_CLASS_COUNT] = {0}, demo = 0;
    for (int i = 0; i < g->n_nat; i++) {
        counts[g->nat[i].z.cls]++;
        demo += g->nat[i].z.demo;
    }
    printf("base year %d\n", g->yt->year);
    printf("revenue lognormal of the %d synthesised zones: mu %.6f, sigma %.6f; va scale %.6f\n",
           nrep->n_grid, nrep->mu, nrep->sigma, nrep->va_scale);
    printf("classes (incl. SIP): world_class %d, innovative %d, specialty %d, standard %d;"
           " demo %d\n", counts[0], counts[1], counts[2], counts[3], demo);
    printf("pool: %d in cities without a national zone (%.1f %%); %d of %d prefecture-level"
           " cities host a national zone\n", prep->uncovered, 100.0 * prep->uncovered / BG_POOL_SIZE,
           prep->covered_cities, g->geo.n_prefecture);
    printf("pool per province:");
    int np = g->geo.n_provinces;
    for (int p = 0; p < np; p++)
        printf(" %s %d%s", g->geo.provinces[p].name, prep->per_province[p], p + 1 < np ? "," : "\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
                                         {"base-year", required_argument, NULL, 'y'},
                                         {"provincial", required_argument, NULL, 'p'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *data_dir = BG_DATA_DIR, *provincial = NULL;
    const bg_year *yt = &BG_YEARS[0];
    int c;
    char problem[256];
    opterr = 0; /* getopt's own messages name argv[0], not the program */
    while ((c = getopt_long(argc, argv, ":d:y:p:h", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
        }
        if (c == 'd') {
            data_dir = optarg;
            continue;
        }
        if (c == 'p') {
            provincial = optarg;
            continue;
        }
        if (c == 'y') {
            yt = NULL;
            for (int k = 0; k < BG_N_YEARS; k++) {
                char y[16];
                snprintf(y, sizeof y, "%d", BG_YEARS[k].year);
                if (strcmp(optarg, y) == 0)
                    yt = &BG_YEARS[k];
            }
            if (!yt) {
                snprintf(problem, sizeof problem, "--base-year '%s': must be 2015 or 2013", optarg);
                return usage_error(problem);
            }
            continue;
        }
        snprintf(problem, sizeof problem, "%s '%s'",
                 c == ':' ? "missing argument to" : "unrecognized option", argv[optind - 1]);
        return usage_error(problem);
    }
    if (argc - optind != 2)
        return usage_error("expected SOURCE_CSV and OUT_TSV");
    const char *source = argv[optind], *out = argv[optind + 1];
    gsl_set_error_handler_off();
    /* The output is replaced by rename(): never do that to a device, a pipe
     * or a directory. */
    struct stat st;
    if (stat(out, &st) == 0 && !S_ISREG(st.st_mode))
        bg_die("%s: not a regular file", out);

    static bg_gen g; /* large; zeroed */
    g.yt = yt;
    bg_geo_load(&g.geo, data_dir);
    g.rng = gsl_rng_alloc(gsl_rng_taus2);
    if (!g.rng)
        bg_die("out of memory");
    gsl_rng_set(g.rng, BG_SEED);

    bg_source_read(&g, source);
    bg_classify(&g); /* on the whole list: a zone's class does not depend on the base year */
    if (yt->year != BG_BASE_YEAR)
        bg_source_filter(&g, data_dir);
    bg_nat_report nrep;
    bg_synth_national(&g, &nrep);
    bg_pool_report prep;
    bg_synth_pool(&g, &prep);
    if (provincial) {
        g.imported = provincial;
        g.n_imported = bg_import_pool(&g, provincial);
    }
    /* The report comes before the check's summary, as the check reads the
     * temporary file back. */
    print_report(&g, &nrep, &prep);
    install(&g, source, out);

    free(prep.per_province);
    free(g.nat);
    bg_geo_free(&g.geo);
    gsl_rng_free(g.rng);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
