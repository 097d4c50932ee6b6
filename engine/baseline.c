/* baseline.c — reading and validating the base-year zone file.
 *
 * Implements include/parksim/baseline.h. The file is UTF-8 TSV (format in
 * scenarios/data/README.md): '#' lines are comments, one of them the
 * directive "# base_year=YYYY" (required, before the header); the first other
 * line is the header, mapped to the columns below by name in any order; then
 * one zone per line. Every field is checked against the column table (type
 * and bounds), then each row against its neighbours (built <= approved land,
 * new firms <= enterprises, unique ids, national zones before provincial
 * ones). Errors name file, physical line and column. Blank lines are skipped.
 * File order is kept as it is: it is the upgrade pool order, so a national
 * row after a provincial one is an error rather than silently reordered.
 * The file is read whole first and its bytes kept with the baseline, so the
 * scenario hash (engine/job.c) covers exactly the data the model uses.
 */
#include "parksim/baseline.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How a column is parsed and where it goes in ps_zone_base. */
typedef enum col_kind {
    COL_ID,        /* int > 0 */
    COL_ASCII,     /* non-empty ASCII text */
    COL_TEXT,      /* non-empty UTF-8 text */
    COL_TEXT_DASH, /* UTF-8 text, "-" stored as "" */
    COL_REGION,
    COL_TIER,
    COL_CLASS,
    COL_FLAG,      /* 0 or 1 */
    COL_YEAR,      /* 0 or a year not after the base year */
    COL_REAL,      /* finite number within bounds */
    COL_PUBLISHED  /* "-" or comma list of gdp, revenue, employees */
} col_kind;

/* Bounds of a COL_REAL column: lo < x (or lo <= x when lo_closed), x <= hi. */
typedef struct col_spec {
    const char *name;
    col_kind kind;
    size_t offset;
    size_t size; /* of the destination (strings: buffer size) */
    double lo;
    int lo_closed;
    double hi; /* INFINITY for none */
} col_spec;

/* Bounds of the data (README "Data files"): finite but absurd values would
 * overflow the model's state to inf within a few years, so every quantity
 * has a ceiling well above anything a zone can be. gdp: at most 1e6 亿元
 * (China's whole GDP in 2015 was 6.9e5 亿元), at least 1e-4 亿元 (10 000
 * yuan); productivity in [0.01, 1e4] 万元 per person (100 yuan to 100
 * million yuan); enterprises and new_firms at most 1e7 (China had about
 * 2e7 enterprises in 2015, all zones together under 1e6); land at most
 * 1e12 ha (no real limit: 1e12 stands for "unlimited land" in the test
 * zones; the model only compares and divides land); plot_ratio at most 100. */
#define PS_GDP_MIN 1e-4
#define PS_GDP_MAX 1e6
#define PS_PRODUCTIVITY_MIN 1e-2
#define PS_PRODUCTIVITY_MAX 1e4
#define PS_ENTERPRISES_MAX 1e7
#define PS_LAND_MAX 1e12
#define PS_PLOT_RATIO_MAX 100

#define ZF(field) offsetof(ps_zone_base, field), sizeof(((ps_zone_base *)0)->field)

static const col_spec columns[] = {
    {"id", COL_ID, ZF(id), 0, 0, 0},
    {"name", COL_ASCII, ZF(name), 0, 0, 0},
    {"name_zh", COL_TEXT_DASH, ZF(name_zh), 0, 0, 0},
    {"province", COL_TEXT, ZF(province), 0, 0, 0},
    {"city", COL_TEXT, ZF(city), 0, 0, 0},
    {"region", COL_REGION, ZF(region), 0, 0, 0},
    {"tier", COL_TIER, ZF(tier), 0, 0, 0},
    {"class", COL_CLASS, ZF(cls), 0, 0, 0},
    {"demo", COL_FLAG, ZF(demo), 0, 0, 0},
    {"sip", COL_FLAG, ZF(sip), 0, 0, 0},
    {"approved", COL_YEAR, ZF(approved), 0, 0, 0},
    {"gdp", COL_REAL, ZF(gdp), PS_GDP_MIN, 1, PS_GDP_MAX},
    {"va_ratio", COL_REAL, ZF(va_ratio), 0, 0, 1},
    {"rd_intensity", COL_REAL, ZF(rd_intensity), 0, 1, 1},
    {"productivity", COL_REAL, ZF(productivity), PS_PRODUCTIVITY_MIN, 1, PS_PRODUCTIVITY_MAX},
    {"enterprises", COL_REAL, ZF(enterprises), 0, 1, PS_ENTERPRISES_MAX},
    {"new_firms", COL_REAL, ZF(new_firms), 0, 1, PS_ENTERPRISES_MAX},
    {"kis_share", COL_REAL, ZF(kis_share), 0, 1, 1},
    {"land_approved", COL_REAL, ZF(land_approved), 0, 0, PS_LAND_MAX},
    {"land_built", COL_REAL, ZF(land_built), 0, 0, PS_LAND_MAX},
    {"plot_ratio", COL_REAL, ZF(plot_ratio), 0, 0, PS_PLOT_RATIO_MAX},
    {"published", COL_PUBLISHED, ZF(published), 0, 0, 0},
};
#undef ZF

enum { N_COLUMNS = (int)(sizeof columns / sizeof columns[0]) };

/* Earliest approval year accepted (the first zone, Zhongguancun, is 1988). */
enum { PS_FIRST_YEAR = 1980, PS_LAST_YEAR = 2100 };

typedef struct loader {
    const char *path;
    int line;          /* current physical line */
    int year;          /* from the directive, 0 until seen */
    int ncols;         /* fields in the header */
    int col_of[N_COLUMNS]; /* field index of each column */
    int field_col[N_COLUMNS]; /* column of each field */
    char *fields[N_COLUMNS];
    ps_zone_base *zones;
    int *lines;        /* line of each zone, for duplicate-id messages */
    int n, cap;
    int *slots;        /* open-addressing set of ids: zone index + 1, 0 = empty */
    size_t n_slots;    /* a power of two, at least 2 * cap */
    int seen_provincial;
    ps_error *err;
} loader;

static int data_error(loader *ld, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int data_error(loader *ld, const char *where, const char *fmt, ...)
{
    char msg[sizeof ld->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, where, "%s", msg);
}

/* Split line in place at tabs into at most max fields; returns the number
 * of fields the line has (which may exceed max). */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (n < max)
            fields[n] = p;
        n++;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static int find_column(const char *name)
{
    for (int c = 0; c < N_COLUMNS; c++)
        if (strcmp(columns[c].name, name) == 0)
            return c;
    return -1;
}

/* "# base_year=YYYY", spaces allowed around the parts; sets ld->year. Any
 * other comment is ignored. Returns 0 or an error. */
static int parse_directive(loader *ld, const char *line)
{
    const char *p = line + 1;
    static const char key[] = "base_year";
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, key, sizeof key - 1) != 0)
        return 0;
    p += sizeof key - 1;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '=')
        return 0;
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    char *end;
    errno = 0;
    long y = strtol(p, &end, 10);
    const char *q = end;
    while (*q == ' ' || *q == '\t')
        q++;
    if (end == p || *q != '\0' || errno || y < PS_FIRST_YEAR || y > PS_LAST_YEAR)
        return data_error(ld, "base_year", "expected a year, found '%s'", p);
    if (ld->year && ld->year != (int)y)
        return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, "base_year",
                            "directive repeated with a different year (%d, then %ld)",
                            ld->year, y);
    ld->year = (int)y;
    return 0;
}

static int parse_header(loader *ld, char *line)
{
    if (!ld->year)
        return data_error(ld, NULL, "%s", "missing '# base_year=YYYY' directive before the header");
    char *f[N_COLUMNS + 1];
    int n = split_tabs(line, f, N_COLUMNS + 1);
    for (int c = 0; c < N_COLUMNS; c++)
        ld->col_of[c] = -1;
    for (int i = 0; i < n && i <= N_COLUMNS; i++) {
        int c = find_column(f[i]);
        if (c < 0)
            return data_error(ld, f[i], "%s", "unknown column");
        if (ld->col_of[c] >= 0)
            return data_error(ld, f[i], "%s", "duplicate column");
        ld->col_of[c] = i;
        ld->field_col[i] = c;
    }
    for (int c = 0; c < N_COLUMNS; c++)
        if (ld->col_of[c] < 0)
            return data_error(ld, columns[c].name, "%s", "missing column");
    ld->ncols = n;
    return 0;
}

static int parse_real(loader *ld, const col_spec *cs, const char *s, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || s[0] == ' ' || s[0] == '\t')
        return data_error(ld, cs->name, "expected a number, found '%s'", s);
    if (!isfinite(x) || errno == ERANGE)
        return data_error(ld, cs->name, "expected a finite number, found '%s'", s);
    int below = cs->lo_closed ? x < cs->lo : x <= cs->lo;
    if (below || x > cs->hi) {
        if (isinf(cs->hi))
            return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, cs->name,
                                "must be %s %g, found %s", cs->lo_closed ? ">=" : ">",
                                cs->lo, s);
        return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, cs->name,
                            "must be in %c%g, %g], found %s", cs->lo_closed ? '[' : '(',
                            cs->lo, cs->hi, s);
    }
    *out = x;
    return 0;
}

static int parse_int(loader *ld, const col_spec *cs, const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || s[0] == ' ' || s[0] == '\t' || errno || v < INT_MIN ||
        v > INT_MAX)
        return data_error(ld, cs->name, "expected an integer, found '%s'", s);
    *out = v;
    return 0;
}

static int parse_published(loader *ld, const col_spec *cs, const char *s, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"gdp", PS_FIELD_GDP}, {"revenue", PS_FIELD_REVENUE},
                 {"employees", PS_FIELD_EMPLOYEES}, {"name", PS_FIELD_NAME}};
    *out = 0;
    if (strcmp(s, "-") == 0)
        return 0;
    const char *p = s;
    for (;;) {
        size_t len = strcspn(p, ",");
        unsigned bit = 0;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == len && strncmp(names[k].name, p, len) == 0)
                bit = names[k].bit;
        if (!bit)
            return data_error(ld, cs->name,
                              "expected '-' or a comma list of gdp, revenue, employees, name, "
                              "found '%s'", s);
        *out |= bit;
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
}

static int parse_field(loader *ld, const col_spec *cs, const char *s, ps_zone_base *z)
{
    char *dst = (char *)z + cs->offset;
    if (s[0] == '\0')
        return data_error(ld, cs->name, "%s", "empty field");
    switch (cs->kind) {
    case COL_ID: {
        long v = 0; /* set by parse_int on success; -O3 cannot see that */
        int rc = parse_int(ld, cs, s, &v);
        if (rc)
            return rc;
        if (v <= 0)
            return data_error(ld, cs->name, "must be a positive integer, found %s", s);
        *(int *)(void *)dst = (int)v;
        return 0;
    }
    case COL_ASCII:
        for (const char *p = s; *p; p++)
            if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
                return data_error(ld, cs->name, "expected ASCII text, found '%s'", s);
        /* fall through */
    case COL_TEXT:
    case COL_TEXT_DASH:
        if (strlen(s) >= cs->size)
            return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, cs->name,
                                "longer than %zu bytes: '%s'", cs->size - 1, s);
        if (cs->kind == COL_TEXT_DASH && strcmp(s, "-") == 0)
            dst[0] = '\0';
        else
            memcpy(dst, s, strlen(s) + 1);
        return 0;
    case COL_REGION: {
        int r = ps_region_from_name(s);
        if (r < 0)
            return data_error(ld, cs->name,
                              "unknown region '%s' (expected east, central, west or northeast)", s);
        *(ps_region *)(void *)dst = (ps_region)r;
        return 0;
    }
    case COL_TIER: {
        int t = ps_tier_from_name(s);
        if (t < 0)
            return data_error(ld, cs->name, "unknown tier '%s' (expected national or provincial)",
                              s);
        *(ps_tier *)(void *)dst = (ps_tier)t;
        return 0;
    }
    case COL_CLASS: {
        int c = ps_class_from_name(s);
        if (c < 0)
            return data_error(ld, cs->name,
                              "unknown class '%s' (expected world_class, innovative, specialty or "
                              "standard)", s);
        *(ps_class *)(void *)dst = (ps_class)c;
        return 0;
    }
    case COL_FLAG:
        if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
            return data_error(ld, cs->name, "expected 0 or 1, found '%s'", s);
        *(bool *)(void *)dst = s[0] == '1';
        return 0;
    case COL_YEAR: {
        long v = 0; /* set by parse_int on success; -O3 cannot see that */
        int rc = parse_int(ld, cs, s, &v);
        if (rc)
            return rc;
        if (v != 0 && (v < PS_FIRST_YEAR || v > ld->year))
            return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, cs->name,
                                "must be 0 (unknown) or a year from %d to %d, found %s",
                                PS_FIRST_YEAR, ld->year, s);
        *(int *)(void *)dst = (int)v;
        return 0;
    }
    case COL_REAL: {
        double x = 0;
        int rc = parse_real(ld, cs, s, &x);
        if (rc)
            return rc;
        *(double *)(void *)dst = x;
        return 0;
    }
    case COL_PUBLISHED: {
        unsigned bits;
        int rc = parse_published(ld, cs, s, &bits);
        if (rc)
            return rc;
        *(unsigned *)(void *)dst = bits;
        return 0;
    }
    }
    return data_error(ld, cs->name, "%s", "internal error: unknown column kind");
}

/* The set of ids seen, so the duplicate check is linear in the rows. */
static size_t id_slot(const loader *ld, int id)
{
    return ((size_t)(unsigned)id * 2654435761u) & (ld->n_slots - 1);
}

static int find_id(const loader *ld, int id)
{
    if (!ld->n_slots)
        return -1;
    for (size_t i = id_slot(ld, id); ld->slots[i]; i = (i + 1) & (ld->n_slots - 1))
        if (ld->zones[ld->slots[i] - 1].id == id)
            return ld->slots[i] - 1;
    return -1;
}

static void add_id(loader *ld, int k)
{
    size_t i = id_slot(ld, ld->zones[k].id);
    while (ld->slots[i])
        i = (i + 1) & (ld->n_slots - 1);
    ld->slots[i] = k + 1;
}

/* Rebuild the set with at least twice the zone capacity. */
static int grow_id_set(loader *ld)
{
    size_t n = 16;
    while (n < 2 * (size_t)ld->cap)
        n *= 2;
    int *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(ld->slots);
    ld->slots = slots;
    ld->n_slots = n;
    for (int k = 0; k < ld->n; k++)
        add_id(ld, k);
    return 0;
}

static int parse_row(loader *ld, char *line)
{
    int n = split_tabs(line, ld->fields, N_COLUMNS);
    if (n < ld->ncols)
        return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line,
                            columns[ld->field_col[n]].name,
                            "missing field (row has %d fields, header has %d)", n, ld->ncols);
    if (n > ld->ncols)
        return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, NULL,
                            "too many fields (row has %d fields, header has %d)", n, ld->ncols);
    ps_zone_base z;
    memset(&z, 0, sizeof z);
    for (int i = 0; i < n; i++) {
        int rc = parse_field(ld, &columns[ld->field_col[i]], ld->fields[i], &z);
        if (rc)
            return rc;
    }
    /* Checks across fields and rows. */
    if (z.land_built > z.land_approved)
        return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, "land_built",
                            "%.17g exceeds land_approved %.17g", z.land_built, z.land_approved);
    if (z.new_firms > z.enterprises)
        return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, "new_firms",
                            "%.17g exceeds enterprises %.17g", z.new_firms, z.enterprises);
    if (z.sip && z.tier != PS_TIER_NATIONAL)
        return data_error(ld, "sip", "%s", "Suzhou Industrial Park must have tier national");
    if (z.tier == PS_TIER_NATIONAL && ld->seen_provincial)
        return data_error(ld, "tier", "%s",
                          "national zone after provincial ones (national zones must come first)");
    if (z.tier == PS_TIER_PROVINCIAL)
        ld->seen_provincial = 1;
    int k = find_id(ld, z.id);
    if (k >= 0)
        return ps_error_set(ld->err, PS_ERR_DATA, ld->path, ld->line, "id",
                            "duplicate id %d (first on line %d)", z.id, ld->lines[k]);
    if (ld->n == ld->cap) {
        int cap = ld->cap ? 2 * ld->cap : 256;
        ps_zone_base *zs = realloc(ld->zones, (size_t)cap * sizeof *zs);
        if (!zs)
            return ps_error_set(ld->err, PS_ERR_NOMEM, ld->path, ld->line, NULL, "out of memory");
        ld->zones = zs;
        int *ls = realloc(ld->lines, (size_t)cap * sizeof *ls);
        if (!ls)
            return ps_error_set(ld->err, PS_ERR_NOMEM, ld->path, ld->line, NULL, "out of memory");
        ld->lines = ls;
        ld->cap = cap;
        if (grow_id_set(ld) != 0)
            return ps_error_set(ld->err, PS_ERR_NOMEM, ld->path, ld->line, NULL, "out of memory");
    }
    ld->zones[ld->n] = z;
    ld->lines[ld->n] = ld->line;
    ld->n++;
    add_id(ld, ld->n - 1);
    return 0;
}

/* The whole file into *bytes (malloc'd, NUL-terminated, *size without the
 * NUL). Its exact bytes are kept: the scenario hash covers them. */
/* A data file larger than this is refused (the real one is 0.3 MiB). */
enum { PS_DATA_MAX_BYTES = 1 << 28 };

static int read_all(FILE *f, const char *path, char **bytes, size_t *size, ps_error *err)
{
    size_t cap = 1 << 17, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            return ps_error_set(err, PS_ERR_NOMEM, path, 0, NULL, "out of memory");
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (n < cap - 1)
            break;
        if (cap >= PS_DATA_MAX_BYTES) {
            free(buf);
            return ps_error_set(err, PS_ERR_DATA, path, 0, NULL, "larger than %d MiB", PS_DATA_MAX_BYTES >> 20);
        }
        char *bigger = realloc(buf, 2 * cap);
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    if (ferror(f)) {
        int errnum = errno;
        free(buf);
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "read error: %s", strerror(errnum));
    }
    buf[n] = '\0';
    *bytes = buf;
    *size = n;
    return 0;
}

/* Like getline(), from the text at *pos: the next line with its '\n' into
 * *line (grown as needed, NUL-terminated); its length, or -1 at the end. */
static ssize_t next_line(const char *text, size_t size, size_t *pos, char **line, size_t *cap)
{
    if (*pos >= size)
        return -1;
    const char *start = text + *pos, *nl = memchr(start, '\n', size - *pos);
    size_t len = nl ? (size_t)(nl - start) + 1 : size - *pos;
    if (len + 1 > *cap) {
        char *bigger = realloc(*line, len + 1);
        if (!bigger)
            return -2;
        *line = bigger;
        *cap = len + 1;
    }
    memcpy(*line, start, len);
    (*line)[len] = '\0';
    *pos += len;
    return (ssize_t)len;
}

int ps_baseline_load(const char *path, ps_baseline *out, ps_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f)
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode))) {
        fclose(f);
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "not a regular file (a device, directory or socket)");
    }
    char *text = NULL;
    size_t size = 0, pos = 0;
    int rc = read_all(f, path, &text, &size, err);
    fclose(f);
    if (rc)
        return rc;

    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.path = path;
    ld.err = err;
    char *line = NULL;
    size_t linecap = 0;
    ssize_t len;
    int have_header = 0;
    while ((len = next_line(text, size, &pos, &line, &linecap)) >= 0) {
        ld.line++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *s = line;
        if (ld.line == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
            s += 3; /* UTF-8 byte-order mark */
        if (strlen(s) != (size_t)(len - (s - line))) {
            rc = data_error(&ld, NULL, "%s", "NUL byte in line");
            break;
        }
        if (s[0] == '\0')
            continue;
        if (s[0] == '#') {
            rc = parse_directive(&ld, s);
            if (rc)
                break;
            continue;
        }
        rc = have_header ? parse_row(&ld, s) : parse_header(&ld, s);
        if (rc)
            break;
        have_header = 1;
    }
    if (!rc && len == -2)
        rc = ps_error_set(err, PS_ERR_NOMEM, path, ld.line + 1, NULL, "out of memory");
    if (!rc && !have_header)
        rc = ld.year ? data_error(&ld, NULL, "%s", "no header line")
                     : data_error(&ld, NULL, "%s", "missing '# base_year=YYYY' directive");
    if (!rc && ld.n == 0)
        rc = data_error(&ld, NULL, "%s", "no zones");
    free(line);
    free(ld.slots);
    if (rc) {
        free(text);
        free(ld.zones);
        free(ld.lines);
        return rc;
    }
    free(ld.lines);
    snprintf(out->path, sizeof out->path, "%s", path);
    out->year = ld.year;
    out->n_zones = ld.n;
    out->zones = ld.zones;
    out->bytes = text;
    out->n_bytes = size;
    for (int i = 0; i < ld.n; i++) {
        if (ld.zones[i].tier == PS_TIER_NATIONAL)
            out->n_national++;
        else
            out->n_provincial++;
    }
    return 0;
}

void ps_baseline_free(ps_baseline *b)
{
    if (!b)
        return;
    free(b->zones);
    free(b->bytes);
    memset(b, 0, sizeof *b);
}
