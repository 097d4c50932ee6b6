/* test_allocfail.c — every constructor under allocation failure.
 *
 * This program is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
 * (tests/CMakeLists.txt), so every malloc, calloc and realloc made by the
 * parksim library (a static archive linked into this program) goes through
 * the __wrap_ functions below. For N = 0, 1, 2, ... allocation number N
 * fails, and then either every later one too ("persistent") or none
 * ("once"), until a call makes more allocations than N without a failure
 * being injected; that call must succeed. Each injected failure must give
 * the documented status (PS_ERR_NOMEM, or NULL for the allocators), never
 * a crash, no leak (the sanitizer CI stage runs this with detect_leaks=1)
 * and, for the output set, no file in the directory.
 *
 * What is not covered: allocations made inside shared libraries (libconfig,
 * GSL, glibc's getline and open_memstream) call the C library's malloc
 * directly and are not wrapped, so only the library's own allocations are
 * failed. A failed one is therefore always reported by parksim itself, and
 * the test accepts PS_ERR_NOMEM only.
 */
#include <dirent.h>
#include <execinfo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parksim/accum.h"
#include "parksim/job.h"
#include "parksim/output.h"
#include "test_util.h"

#define PLAN "scenarios/plan.cfg"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before failing; -1 never */
static bool persistent;     /* keep failing once the countdown reached 0 */
static bool injected;       /* a failure was injected since arm() */

static bool fail_now(void)
{
    if (countdown < 0)
        return false;
    if (countdown > 0) {
        countdown--;
        return false;
    }
    injected = true;
    if (getenv("ALLOCFAIL_TRACE")) { /* where each injected failure happens */
        void *frames[16];
        fprintf(stderr, "-- allocation failed at:\n");
        backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
    }
    if (!persistent)
        countdown = -1;
    return true;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

static void arm(long n, bool keep_failing)
{
    injected = false;
    persistent = keep_failing;
    countdown = n;
}

static void disarm(void) { countdown = -1; }

/* Loop N = 0, 1, ... over try(N): it returns true on success; an injected
 * failure must not succeed (checked inside), and the loop stops at the
 * first N without one, which must succeed. Returns the number of
 * failure points found. */
typedef bool (*attempt_fn)(void *ctx, bool failed_expected);

static long sweep(const char *what, attempt_fn attempt, void *ctx)
{
    long total = 0;
    for (int mode = 0; mode < 2; mode++) {
        long n = 0;
        for (;; n++) {
            arm(n, mode == 1);
            bool ok = attempt(ctx, true);
            bool was_injected = injected;
            disarm();
            if (!was_injected) {
                if (!ok)
                    print_error("%s: failed with no allocation failure injected\n", what);
                assert_true(ok);
                break;
            }
            if (ok)
                print_error("%s: succeeded although allocation %ld failed (%s)\n", what, n,
                            mode ? "persistent" : "once");
            assert_false(ok);
        }
        total += n;
        print_message("%s: each of its %ld allocation%s failed in turn (%s)\n", what, n, n == 1 ? "" : "s",
                      mode ? "and every later one" : "once");
    }
    return total;
}

static bool expect_nomem(const char *what, int status, const ps_error *err)
{
    if (status == PS_OK)
        return true;
    char buf[2048];
    if (status != PS_ERR_NOMEM || err->code != PS_ERR_NOMEM)
        print_error("%s: status %s: %s\n", what, ps_status_name(status), ps_error_format(err, buf, sizeof buf));
    assert_int_equal(status, PS_ERR_NOMEM);
    return false;
}

/* ---- scenario, baseline, job ---- */

static bool try_scenario(void *ctx, bool f)
{
    (void)f;
    ps_scenario *sc = ctx;
    ps_error err;
    return expect_nomem("ps_scenario_load", ps_scenario_load(PLAN, NULL, 0, sc, &err), &err);
}

static void test_scenario_load(void **state)
{
    (void)state;
    static ps_scenario sc;
    assert_true(sweep("ps_scenario_load", try_scenario, &sc) > 0);
    assert_true(sc.unc.n > 0); /* plan.cfg has uncertain settings */
}

static ps_scenario plan;

static bool try_baseline(void *ctx, bool f)
{
    (void)f;
    ps_baseline *bl = ctx;
    ps_error err;
    bool ok = expect_nomem("ps_baseline_load", ps_baseline_load(plan.run.data, bl, &err), &err);
    if (ok)
        ps_baseline_free(bl);
    else
        ps_baseline_free(bl); /* documented safe on a failed load */
    return ok;
}

static void test_baseline_load(void **state)
{
    (void)state;
    ps_baseline bl;
    assert_true(sweep("ps_baseline_load", try_baseline, &bl) > 0);
}

static bool try_job(void *ctx, bool f)
{
    (void)f;
    ps_job *job = ctx;
    ps_error err;
    bool ok = expect_nomem("ps_job_open", ps_job_open(PLAN, NULL, 0, job, &err), &err);
    ps_job_close(job);
    return ok;
}

static void test_job_open_nomem(void **state)
{
    (void)state;
    static ps_job job;
    assert_true(sweep("ps_job_open", try_job, &job) > 0);
}

/* ---- model and its working storage ---- */

static ps_job job; /* opened without failures */

static bool try_model(void *ctx, bool f)
{
    (void)f;
    (void)ctx;
    ps_error err;
    ps_model *m = (ps_model *)0x1;
    int status = ps_model_create(&job.sc, &job.bl, &m, &err);
    bool ok = expect_nomem("ps_model_create", status, &err);
    if (ok)
        ps_model_free(m);
    return ok;
}

static bool try_accum(void *ctx, bool f)
{
    (void)f;
    (void)ctx;
    ps_accum *a = ps_accum_alloc(job.model);
    ps_accum_free(a);
    return a != NULL;
}

static bool try_workspace(void *ctx, bool f)
{
    (void)f;
    (void)ctx;
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_workspace_free(ws);
    return ws != NULL;
}

static bool try_result(void *ctx, bool f)
{
    (void)f;
    (void)ctx;
    ps_run_result *r = ps_run_result_alloc(job.model);
    ps_run_result_free(r);
    return r != NULL;
}

static void test_model_create(void **state)
{
    (void)state;
    assert_true(sweep("ps_model_create", try_model, NULL) > 0);
}

static void test_allocators(void **state)
{
    (void)state;
    assert_true(sweep("ps_accum_alloc", try_accum, NULL) > 0);
    assert_true(sweep("ps_workspace_alloc", try_workspace, NULL) > 0);
    assert_true(sweep("ps_run_result_alloc", try_result, NULL) > 0);
}

/* ---- the output set ---- */

static char root[64];
static ps_accum *acc; /* with a few runs in it */

/* Number of directory entries under dir (recursively, directories not
 * counted). */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            n += count_files(path);
        else
            n++;
    }
    closedir(d);
    return n;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            remove_tree(path);
            rmdir(path);
        } else {
            unlink(path);
        }
    }
    closedir(d);
}

static bool try_outset(void *ctx, bool f)
{
    (void)f;
    (void)ctx;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/out/sub", root);
    static ps_outset s;
    ps_error err;
    ps_error_clear(&err);
    ps_provenance prov = {.command = "run", .scenario = job.sc.path, .hash = job.sc.hash,
                          .seed = job.sc.run.seed, .first_run = 0, .runs = 4, .runs_done = 4,
                          .generator = "test", .threads = 1, .ranks = 1, .sc = &job.sc};
    int status = ps_out_mkdir(dir, &err);
    if (status == PS_OK) {
        ps_outset_init(&s, dir);
        FILE *runs = ps_outset_open(&s, "runs.tsv", &err);
        if (!runs) {
            status = err.code;
        } else {
            ps_write_runs_header(runs, job.model);
            status = ps_write_result_tables(&s, &prov, job.model, acc, &err);
            if (status == PS_OK)
                status = ps_outset_commit(&s, &err);
            else
                ps_outset_abort(&s);
        }
        if (!runs)
            ps_outset_abort(&s);
    }
    bool ok = expect_nomem("output set", status, &err);
    if (ok) {
        assert_int_equal(count_files(root), 7); /* runs.tsv and the six tables (zones.tsv, provinces.tsv included) */
    } else {
        if (count_files(root) != 0)
            print_error("output set: files left after a failure\n");
        assert_int_equal(count_files(root), 0);
    }
    remove_tree(root);
    return ok;
}

static void test_outset(void **state)
{
    (void)state;
    acc = ps_accum_alloc(job.model);
    assert_non_null(acc);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    assert_non_null(ws);
    assert_non_null(r);
    for (long run = 0; run < 4; run++) {
        assert_int_equal(ps_model_run(job.model, ws, run, r, NULL, NULL), PS_OK);
        assert_int_equal(ps_accum_add(acc, r), 0);
    }
    assert_int_equal(ps_accum_finish(acc), 0);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    strcpy(root, "/tmp/ps-allocfail-XXXXXX");
    assert_non_null(mkdtemp(root));
    /* The output set makes no allocation of its own (its files are
     * opened by the C library): the sweep finds none, and covers any that
     * is added later. */
    assert_int_equal(sweep("output set", try_outset, NULL), 0);
    rmdir(root);
    ps_accum_free(acc);
}

static int setup(void **state)
{
    (void)state;
    ps_error err;
    char buf[2048];
    if (ps_scenario_load(PLAN, NULL, 0, &plan, &err) != PS_OK ||
        ps_job_open(PLAN, NULL, 0, &job, &err) != PS_OK) {
        print_error("%s\n", ps_error_format(&err, buf, sizeof buf));
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ps_job_close(&job);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_load), cmocka_unit_test(test_baseline_load),
        cmocka_unit_test(test_job_open_nomem),      cmocka_unit_test(test_model_create),
        cmocka_unit_test(test_allocators),    cmocka_unit_test(test_outset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
