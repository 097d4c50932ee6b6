/* baseline_gen.c — parksim-baseline: synthesise the per-zone base-year file.
 *
 * Usage: parksim-baseline SOURCE_CSV OUT_TSV
 *
 * Reads the list of national high-tech zones of end-2015 (national-zones-
 * 2015.csv: names, province, city, region, approval year and the few
 * published per-zone figures) and writes zones-2015.tsv: every national zone
 * with a synthetic 2015 state whose aggregates over the 146 zones (Suzhou
 * Industrial Park excluded) equal the published national figures exactly,
 * followed by a synthetic pool of provincial zones in a random "pool order".
 * Everything random comes from one gsl_rng (taus2) with the fixed seed
 * GEN_SEED, drawn in a fixed order, so the output is byte-identical on every
 * run. Every number used here is named below and documented, with its
 * source or the word "assumption", in scenarios/data/README.md.
 *
 * The output is written to a temporary file next to OUT_TSV, read back with
 * ps_baseline_load, checked against the targets and only then renamed over
 * OUT_TSV, so a failed run never leaves a half-written baseline.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sort.h>

#include "parksim/baseline.h"
#include "parksim/error.h"
#include "parksim/zone.h"

static const char *prog = "parksim-baseline";

/* ---- Targets and assumptions (see scenarios/data/README.md) ------------ */

#define GEN_SEED 20151231UL /* gsl_rng_taus2 seed: the base-year end date */
#define BASE_YEAR 2015

/* National aggregates over the 146 zones, SIP excluded. */
static const double T_REVENUE = 253700.0;      /* 亿元, published (the plan) */
static const double T_GDP = 81000.0;           /* 亿元, published (secondary) */
static const int T_OVER_1000 = 63;             /* zones with revenue > 1000 亿, published */
static const double T_REVENUE_LINE = 1000.0;   /* 亿元 */
static const double T_EMPLOYEES = 1719.0;      /* 万 persons, published */
static const double T_NEW_FIRMS = 190000.0;    /* published: 19万 新增注册企业 */
static const double T_ENTERPRISES = 1500000.0; /* assumption: new-firm share 12.7 % */
static const double T_PLOT_RATIO = 1.00;       /* published, 2014 evaluation */
static const double T_RD = 0.057;              /* 2014 R&D 4000亿 / GDP ~7.0万亿 */
static const double T_KIS = 0.21;              /* assumption */
static const double T_LAND_PROD = 0.5;         /* 亿元 GDP per built ha (5000 万元/ha), assumption */

/* Per-zone spread (assumptions). */
static const double VA_MEAN = 0.32, VA_CONC = 20.0; /* Beta(mean*c, (1-mean)*c) */
static const double VA_MIN = 0.12, VA_MAX = 0.75;   /* clamp of the draw */
static const double SD_RD = 0.35, SD_PROD = 0.30, SD_KIS = 0.30, SD_ENT = 0.30;
static const double SD_NEWRATE = 0.25, SD_LANDQ = 0.35, SD_PLOT = 0.20;
static const double ENT_ELASTICITY = 0.85;      /* enterprises ~ GDP^0.85 */
static const double BUILT_LO = 0.60, BUILT_SPAN = 0.35, BUILT_A = 4, BUILT_B = 3;
                                                /* built/approved = 0.6+0.35*Beta(4,3), mean 0.8 */

/* Seniority score that orders the synthesised revenues. */
static const double SCORE_CLASS[PS_CLASS_COUNT] = {3.0, 1.5, 0.5, 0.0};
static const double SCORE_PER_YEAR = 0.04; /* per year as a national zone */
static const double SCORE_DEMO = 0.8;
static const double SCORE_REGION[PS_REGION_COUNT] = {0.3, 0.1, 0.0, 0.0};
static const double SCORE_NOISE = 0.7;
static const int UNKNOWN_APPROVAL_YEAR = 2012; /* for scoring zones with no known date */

/* Relative class factors applied before the aggregates are scaled exactly
 * (world_class, innovative, specialty, standard). */
static const double F_RD[PS_CLASS_COUNT] = {1.6, 1.1, 0.9, 0.8};
static const double F_PROD[PS_CLASS_COUNT] = {1.35, 1.05, 0.95, 0.9};
static const double F_KIS[PS_CLASS_COUNT] = {0.30, 0.22, 0.17, 0.15};
static const double F_ENT[PS_CLASS_COUNT] = {1.3, 1.0, 0.9, 0.85};
static const double F_NEWRATE[PS_CLASS_COUNT] = {1.2, 1.0, 0.95, 0.9};
static const double F_LANDQ[PS_CLASS_COUNT] = {1.6, 1.1, 0.85, 0.75};
static const double F_PLOT[PS_CLASS_COUNT] = {1.3, 1.0, 0.9, 0.85};
static const double F_DEMO_RD = 1.15, F_DEMO_KIS = 1.1, F_DEMO_NEWRATE = 1.1;

/* Provincial pool (all assumptions except the two known provinces). */
#define POOL_SIZE 400
#define POOL_FIRST_ID 1001
static const double POOL_REV_MEDIAN = 150.0; /* 亿元 */
static const double POOL_REV_MAX = 800.0;    /* top quantile of the 400 */
static const double POOL_UNCOVERED = 0.60;   /* share placed in cities without a national zone */
static const int POOL_MAX_PER_CITY = 3;      /* ... but at most this many per such city */
static const double POOL_VA_MEAN = 0.30;
static const double POOL_RD = 0.025, POOL_KIS = 0.15, POOL_PLOT = 0.80;
static const double POOL_PROD = 35.0;        /* 万元 per person */
static const double POOL_LAND_PROD = 0.30;   /* 亿元 per built ha */
static const double POOL_ENT_PER_GDP = 1500000.0 / 81000.0; /* national ΣE/ΣY, per 亿元 */
static const double POOL_NEW_RATE = 0.10;
static const double POOL_SCORE_REGION[PS_REGION_COUNT] = {0.4, 0.2, 0.0, 0.0};
static const double POOL_SCORE_COVERED = 0.2;

/* ---- Fixed facts ------------------------------------------------------- */

/* Provinces, NBS region, prefecture-level cities at end-2015 (291 in all;
 * names spelled as in national-zones-2015.csv, same-name cities carry the
 * province in brackets) and the pool rule: fixed = known number of
 * provincial zones, else weight (-1 = number of cities). */
typedef struct province_info {
    const char *name;
    ps_region region;
    int fixed;
    int weight;
    const char *cities;
} province_info;

static const province_info provinces[] = {
    {"Beijing", PS_REGION_EAST, -1, 0, ""},
    {"Tianjin", PS_REGION_EAST, -1, 2, ""},
    {"Hebei", PS_REGION_EAST, -1, -1,
     "Shijiazhuang,Tangshan,Qinhuangdao,Handan,Xingtai,Baoding,Zhangjiakou,Chengde,Cangzhou,"
     "Langfang,Hengshui"},
    {"Shanxi", PS_REGION_CENTRAL, -1, -1,
     "Taiyuan,Datong,Yangquan,Changzhi,Jincheng,Shuozhou,Jinzhong,Yuncheng,Xinzhou,Linfen,"
     "Lvliang"},
    {"Inner Mongolia", PS_REGION_WEST, -1, -1,
     "Hohhot,Baotou,Wuhai,Chifeng,Tongliao,Ordos,Hulunbuir,Bayannur,Ulanqab"},
    {"Liaoning", PS_REGION_NORTHEAST, -1, -1,
     "Shenyang,Dalian,Anshan,Fushun,Benxi,Dandong,Jinzhou,Yingkou,Fuxin,Liaoyang,Panjin,"
     "Tieling,Chaoyang,Huludao"},
    {"Jilin", PS_REGION_NORTHEAST, -1, -1,
     "Changchun,Jilin,Siping,Liaoyuan,Tonghua,Baishan,Songyuan,Baicheng"},
    {"Heilongjiang", PS_REGION_NORTHEAST, -1, -1,
     "Harbin,Qiqihar,Jixi,Hegang,Shuangyashan,Daqing,Yichun (Heilongjiang),Jiamusi,Qitaihe,"
     "Mudanjiang,Heihe,Suihua"},
    {"Shanghai", PS_REGION_EAST, -1, 0, ""},
    {"Jiangsu", PS_REGION_EAST, -1, -1,
     "Nanjing,Wuxi,Xuzhou,Changzhou,Suzhou,Nantong,Lianyungang,Huai'an,Yancheng,Yangzhou,"
     "Zhenjiang,Taizhou (Jiangsu),Suqian"},
    {"Zhejiang", PS_REGION_EAST, -1, -1,
     "Hangzhou,Ningbo,Wenzhou,Jiaxing,Huzhou,Shaoxing,Jinhua,Quzhou,Zhoushan,"
     "Taizhou (Zhejiang),Lishui"},
    {"Anhui", PS_REGION_CENTRAL, 14, -1,
     "Hefei,Wuhu,Bengbu,Huainan,Ma'anshan,Huaibei,Tongling,Anqing,Huangshan,Chuzhou,Fuyang,"
     "Suzhou (Anhui),Lu'an,Bozhou,Chizhou,Xuancheng"},
    {"Fujian", PS_REGION_EAST, -1, -1,
     "Fuzhou (Fujian),Xiamen,Putian,Sanming,Quanzhou,Zhangzhou,Nanping,Longyan,Ningde"},
    {"Jiangxi", PS_REGION_CENTRAL, -1, -1,
     "Nanchang,Jingdezhen,Pingxiang,Jiujiang,Xinyu,Yingtan,Ganzhou,Ji'an,Yichun (Jiangxi),"
     "Fuzhou (Jiangxi),Shangrao"},
    {"Shandong", PS_REGION_EAST, -1, -1,
     "Jinan,Qingdao,Zibo,Zaozhuang,Dongying,Yantai,Weifang,Jining,Tai'an,Weihai,Rizhao,Laiwu,"
     "Linyi,Dezhou,Liaocheng,Binzhou,Heze"},
    {"Henan", PS_REGION_CENTRAL, -1, -1,
     "Zhengzhou,Kaifeng,Luoyang,Pingdingshan,Anyang,Hebi,Xinxiang,Jiaozuo,Puyang,Xuchang,"
     "Luohe,Sanmenxia,Nanyang,Shangqiu,Xinyang,Zhoukou,Zhumadian"},
    {"Hubei", PS_REGION_CENTRAL, -1, -1,
     "Wuhan,Huangshi,Shiyan,Yichang,Xiangyang,Ezhou,Jingmen,Xiaogan,Jingzhou,Huanggang,"
     "Xianning,Suizhou"},
    {"Hunan", PS_REGION_CENTRAL, -1, -1,
     "Changsha,Zhuzhou,Xiangtan,Hengyang,Shaoyang,Yueyang,Changde,Zhangjiajie,Yiyang,Chenzhou,"
     "Yongzhou,Huaihua,Loudi"},
    {"Guangdong", PS_REGION_EAST, -1, -1,
     "Guangzhou,Shaoguan,Shenzhen,Zhuhai,Shantou,Foshan,Jiangmen,Zhanjiang,Maoming,Zhaoqing,"
     "Huizhou,Meizhou,Shanwei,Heyuan,Yangjiang,Qingyuan,Dongguan,Zhongshan,Chaozhou,Jieyang,"
     "Yunfu"},
    {"Guangxi", PS_REGION_WEST, -1, -1,
     "Nanning,Liuzhou,Guilin,Wuzhou,Beihai,Fangchenggang,Qinzhou,Guigang,Yulin (Guangxi),"
     "Baise,Hezhou,Hechi,Laibin,Chongzuo"},
    {"Hainan", PS_REGION_EAST, -1, -1, "Haikou,Sanya,Sansha,Danzhou"},
    {"Chongqing", PS_REGION_WEST, -1, 4, ""},
    {"Sichuan", PS_REGION_WEST, 25, -1,
     "Chengdu,Zigong,Panzhihua,Luzhou,Deyang,Mianyang,Guangyuan,Suining,Neijiang,Leshan,"
     "Nanchong,Meishan,Yibin,Guang'an,Dazhou,Ya'an,Bazhong,Ziyang"},
    {"Guizhou", PS_REGION_WEST, -1, -1, "Guiyang,Liupanshui,Zunyi,Anshun,Bijie,Tongren"},
    {"Yunnan", PS_REGION_WEST, -1, -1, "Kunming,Qujing,Yuxi,Baoshan,Zhaotong,Lijiang,Pu'er,Lincang"},
    {"Tibet", PS_REGION_WEST, -1, -1, "Lhasa,Shigatse,Chamdo,Nyingchi"},
    {"Shaanxi", PS_REGION_WEST, -1, -1,
     "Xi'an,Tongchuan,Baoji,Xianyang,Weinan,Yan'an,Hanzhong,Yulin (Shaanxi),Ankang,Shangluo"},
    {"Gansu", PS_REGION_WEST, -1, -1,
     "Lanzhou,Jiayuguan,Jinchang,Baiyin,Tianshui,Wuwei,Zhangye,Pingliang,Jiuquan,Qingyang,"
     "Dingxi,Longnan"},
    {"Qinghai", PS_REGION_WEST, -1, -1, "Xining,Haidong"},
    {"Ningxia", PS_REGION_WEST, -1, -1, "Yinchuan,Shizuishan,Wuzhong,Guyuan,Zhongwei"},
    {"Xinjiang", PS_REGION_WEST, -1, -1, "Urumqi,Karamay,Turpan"},
};
enum { N_PROVINCES = (int)(sizeof provinces / sizeof provinces[0]) };
#define N_PREFECTURE_CITIES 291

/* Cities of national zones that are not prefecture-level cities: autonomous
 * prefectures and county-level cities under the province or the XPCC. */
static const char *const non_prefecture_cities[] = {"Yanbian", "Changji", "Xiantao", "Shihezi"};

/* The plan's 世界一流高科技园区 candidates (class world_class). */
static const char *const world_class[] = {
    "中关村科技园区", "上海张江高新技术产业开发区", "深圳市高新技术产业园区",
    "武汉东湖新技术开发区", "西安高新技术产业开发区", "成都高新技术产业开发区",
    "杭州高新技术产业开发区", "苏州工业园区", "合肥高新技术产业开发区",
    "广州高新技术产业开发区"};

/* Members of national independent innovation demonstration zones approved
 * by end-2015 (year of the State Council approval of the 自创区). */
static const struct {
    const char *name_zh;
    int year;
} demo_members[] = {
    {"中关村科技园区", 2009}, {"武汉东湖新技术开发区", 2009},
    {"上海张江高新技术产业开发区", 2011}, {"深圳市高新技术产业园区", 2014},
    {"南京高新技术产业开发区", 2014}, {"苏州高新技术产业开发区", 2014},
    {"无锡高新技术产业开发区", 2014}, {"常州高新技术产业开发区", 2014},
    {"昆山高新技术产业开发区", 2014}, {"江阴高新技术产业开发区", 2014},
    {"武进高新技术产业开发区", 2014}, {"镇江高新技术产业开发区", 2014},
    {"苏州工业园区", 2014}, {"长沙高新技术产业开发区", 2014},
    {"株洲高新技术产业开发区", 2014}, {"湘潭高新技术产业开发区", 2014},
    {"天津滨海高新技术产业开发区", 2014}, {"成都高新技术产业开发区", 2015},
    {"西安高新技术产业开发区", 2015}, {"杭州高新技术产业开发区", 2015},
    {"萧山临江高新技术产业开发区", 2015}, {"广州高新技术产业开发区", 2015},
    {"珠海高新技术产业开发区", 2015}, {"佛山高新技术产业开发区", 2015},
    {"惠州仲恺高新技术产业开发区", 2015}, {"东莞松山湖高新技术产业开发区", 2015},
    {"中山火炬高技术产业开发区", 2015}, {"江门高新技术产业开发区", 2015},
    {"肇庆高新技术产业开发区", 2015}};

/* A zone whose Chinese name carries one of these industries is specialty. */
static const char *const specialty_words[] = {"医药", "稀土", "农业", "钒钛"};

/* The largest zone, pinned to the top synthesised revenue. */
static const char *const largest_zone = "中关村科技园区";

/* ---- Work data --------------------------------------------------------- */

typedef struct gzone {
    ps_zone_base z;
    double revenue;
    double pub_revenue, pub_gdp; /* 0 when not published */
    int approved_eff;            /* approval year used for scoring */
    int covered;                 /* provincial: city hosts a national zone */
    int province;                /* index into provinces[] */
} gzone;

typedef struct gen {
    gsl_rng *rng;
    gzone *nat;  /* national zones, CSV order, SIP included */
    int n_nat;
    gzone pool[POOL_SIZE];
} gen;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        die("out of memory");
    return p;
}

static void copy_str(char *dst, size_t n, const char *src, const char *what)
{
    if (strlen(src) >= n)
        die("%s too long: '%s'", what, src);
    memcpy(dst, src, strlen(src) + 1);
}

/* ---- CSV --------------------------------------------------------------- */

enum { CSV_MAX_FIELDS = 32 };

/* Split one CSV record (RFC 4180 quoting, no newlines inside fields) in
 * place. Returns the number of fields or -1 on a quoting error. */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *r = line, *w = line;
    for (;;) {
        if (n == max)
            return -1;
        f[n++] = w;
        if (*r == '"') {
            r++;
            for (;;) {
                if (*r == '\0')
                    return -1;
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r++;
                }
            }
            if (*r != ',' && *r != '\0')
                return -1;
        } else {
            while (*r != ',' && *r != '\0')
                *w++ = *r++;
        }
        int end = *r == '\0';
        *w++ = '\0';
        if (end)
            return n;
        r++;
    }
}

static int province_index(const char *name)
{
    for (int p = 0; p < N_PROVINCES; p++)
        if (strcmp(provinces[p].name, name) == 0)
            return p;
    return -1;
}

/* Is city one of province p's prefecture-level cities? */
static int is_prefecture_city(int p, const char *city)
{
    const char *s = provinces[p].cities;
    size_t len = strlen(city);
    while (*s) {
        size_t k = strcspn(s, ",");
        if (k == len && strncmp(s, city, len) == 0)
            return 1;
        s += k;
        if (*s == ',')
            s++;
    }
    return 0;
}

/* The prefecture-level city of a national zone's "city" field: a bracketed
 * part naming a province disambiguates and is kept ("Taizhou (Jiangsu)"); any
 * other bracketed part names a county or district and is dropped
 * ("Suzhou (Kunshan)" -> "Suzhou"); Laiwu was a prefecture-level city in 2015
 * (merged into Jinan in 2019). */
static void normalise_city(const char *raw, char *out, size_t n)
{
    if (strncmp(raw, "Jinan (Laiwu", 12) == 0) {
        copy_str(out, n, "Laiwu", "city");
        return;
    }
    const char *open = strstr(raw, " (");
    if (!open) {
        copy_str(out, n, raw, "city");
        return;
    }
    char inner[64];
    const char *close = strchr(open, ')');
    size_t k = close ? (size_t)(close - open - 2) : 0;
    if (close && k < sizeof inner) {
        memcpy(inner, open + 2, k);
        inner[k] = '\0';
        if (province_index(inner) >= 0) {
            copy_str(out, n, raw, "city");
            return;
        }
    }
    k = (size_t)(open - raw);
    if (k >= n)
        die("city too long: '%s'", raw);
    memcpy(out, raw, k);
    out[k] = '\0';
}

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static double parse_opt_number(const char *s, int line, const char *col)
{
    if (s[0] == '\0')
        return 0;
    char *end;
    double x = strtod(s, &end);
    if (*end != '\0' || !(x > 0) || !isfinite(x))
        die("source line %d: %s: expected a positive number, found '%s'", line, col, s);
    return x;
}

static void read_source(gen *g, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: %s", path, strerror(errno));
    static const char *const need[] = {"name_zh", "name_en", "province", "city", "region",
                                       "approved_year", "suzhou_industrial_park",
                                       "revenue_2015_yi", "gdp_2015_yi", "employees_2015_wan"};
    enum { C_ZH, C_EN, C_PROV, C_CITY, C_REGION, C_YEAR, C_SIP, C_REV, C_GDP, C_EMP, C_N };
    int col[C_N];
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, cap_z = 0;
    char *fld[CSV_MAX_FIELDS];
    int nf_header = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        int nf = csv_split(line, fld, CSV_MAX_FIELDS);
        if (nf < 0)
            die("%s:%d: bad CSV quoting", path, lineno);
        if (!nf_header) {
            for (int c = 0; c < C_N; c++) {
                col[c] = -1;
                for (int i = 0; i < nf; i++)
                    if (strcmp(fld[i], need[c]) == 0)
                        col[c] = i;
                if (col[c] < 0)
                    die("%s: missing column %s", path, need[c]);
            }
            nf_header = nf;
            continue;
        }
        if (nf != nf_header)
            die("%s:%d: %d fields, header has %d", path, lineno, nf, nf_header);
        if (g->n_nat == cap_z) {
            cap_z = cap_z ? 2 * cap_z : 256;
            gzone *nz = realloc(g->nat, (size_t)cap_z * sizeof *nz);
            if (!nz)
                die("out of memory");
            g->nat = nz;
        }
        gzone *gz = &g->nat[g->n_nat++];
        memset(gz, 0, sizeof *gz);
        ps_zone_base *z = &gz->z;
        z->id = g->n_nat;
        copy_str(z->name, sizeof z->name, fld[col[C_EN]], "name_en");
        copy_str(z->name_zh, sizeof z->name_zh, fld[col[C_ZH]], "name_zh");
        copy_str(z->province, sizeof z->province, fld[col[C_PROV]], "province");
        normalise_city(fld[col[C_CITY]], z->city, sizeof z->city);
        int p = province_index(z->province);
        if (p < 0)
            die("%s:%d: unknown province '%s'", path, lineno, z->province);
        gz->province = p;
        int r = ps_region_from_name(fld[col[C_REGION]]);
        if (r < 0 || (ps_region)r != provinces[p].region)
            die("%s:%d: region '%s' does not match province %s", path, lineno,
                fld[col[C_REGION]], z->province);
        z->region = (ps_region)r;
        if (!is_prefecture_city(p, z->city) && strcmp(z->city, z->province) != 0 &&
            !in_list(z->city, non_prefecture_cities,
                     sizeof non_prefecture_cities / sizeof non_prefecture_cities[0]))
            die("%s:%d: city '%s' is not a known prefecture-level city of %s", path, lineno,
                z->city, z->province);
        z->tier = PS_TIER_NATIONAL;
        const char *y = fld[col[C_YEAR]];
        z->approved = y[0] ? atoi(y) : 0;
        if (y[0] && (z->approved < 1980 || z->approved > BASE_YEAR))
            die("%s:%d: bad approved_year '%s'", path, lineno, y);
        gz->approved_eff = z->approved ? z->approved : UNKNOWN_APPROVAL_YEAR;
        z->sip = strcmp(fld[col[C_SIP]], "1") == 0;
        gz->pub_revenue = parse_opt_number(fld[col[C_REV]], lineno, need[C_REV]);
        gz->pub_gdp = parse_opt_number(fld[col[C_GDP]], lineno, need[C_GDP]);
        if (parse_opt_number(fld[col[C_EMP]], lineno, need[C_EMP]) > 0)
            die("%s:%d: published employees are not supported yet", path, lineno);
    }
    if (ferror(f))
        die("%s: read error", path);
    free(line);
    fclose(f);
    if (g->n_nat == 0)
        die("%s: no zones", path);
}

/* ---- Classes ----------------------------------------------------------- */

static int is_demo(const char *name_zh)
{
    for (size_t i = 0; i < sizeof demo_members / sizeof demo_members[0]; i++)
        if (strcmp(demo_members[i].name_zh, name_zh) == 0 && demo_members[i].year <= BASE_YEAR)
            return 1;
    return 0;
}

/* Class rule: world_class = the plan's candidates; specialty = an industry
 * in the name; innovative = other zones approved up to 2007; specialty =
 * remaining 自创区 members and remaining zones approved 2009-2010; standard =
 * the rest. */
static void classify(gen *g)
{
    for (size_t i = 0; i < sizeof world_class / sizeof world_class[0]; i++) {
        int found = 0;
        for (int k = 0; k < g->n_nat; k++)
            found += strcmp(g->nat[k].z.name_zh, world_class[i]) == 0;
        if (found != 1)
            die("world-class zone %s found %d times in the source", world_class[i], found);
    }
    for (size_t i = 0; i < sizeof demo_members / sizeof demo_members[0]; i++) {
        int found = 0;
        for (int k = 0; k < g->n_nat; k++)
            found += strcmp(g->nat[k].z.name_zh, demo_members[i].name_zh) == 0;
        if (found != 1)
            die("demonstration-zone member %s found %d times in the source",
                demo_members[i].name_zh, found);
    }
    for (int k = 0; k < g->n_nat; k++) {
        ps_zone_base *z = &g->nat[k].z;
        int named = 0;
        for (size_t w = 0; w < sizeof specialty_words / sizeof specialty_words[0]; w++)
            named |= strstr(z->name_zh, specialty_words[w]) != NULL;
        z->demo = is_demo(z->name_zh);
        if (in_list(z->name_zh, world_class, sizeof world_class / sizeof world_class[0]))
            z->cls = PS_CLASS_WORLD;
        else if (named)
            z->cls = PS_CLASS_SPECIALTY;
        else if (z->approved && z->approved <= 2007)
            z->cls = PS_CLASS_INNOVATIVE;
        else if (z->demo || (z->approved >= 2009 && z->approved <= 2010))
            z->cls = PS_CLASS_SPECIALTY;
        else
            z->cls = PS_CLASS_STANDARD;
    }
}

/* ---- Helpers ----------------------------------------------------------- */

static double lognoise(gen *g, double sd) { return exp(gsl_ran_gaussian_ziggurat(g->rng, sd)); }

static double draw_va(gen *g, double mean)
{
    double v = gsl_ran_beta(g->rng, mean * VA_CONC, (1 - mean) * VA_CONC);
    return v < VA_MIN ? VA_MIN : v > VA_MAX ? VA_MAX : v;
}

static double draw_built_share(gen *g)
{
    return BUILT_LO + BUILT_SPAN * gsl_ran_beta(g->rng, BUILT_A, BUILT_B);
}

/* Round x[0..n) to integers whose sum is exactly total, by largest
 * remainder (Hamilton). Σx must be total up to rounding error. */
static void round_to_total(double *x, int n, double total)
{
    double *frac = xcalloc((size_t)n, sizeof *frac);
    size_t *order = xcalloc((size_t)n, sizeof *order);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        double fl = floor(x[i]);
        frac[i] = -(x[i] - fl); /* ascending sort = largest remainder first */
        x[i] = fl;
        sum += fl;
    }
    double deficit = total - sum;
    if (deficit < -0.5 || deficit > n + 0.5)
        die("internal error: rounding deficit %g", deficit);
    gsl_sort_index(order, frac, 1, (size_t)n);
    for (int k = 0; k < (int)lround(deficit); k++)
        x[order[k]] += 1;
    free(frac);
    free(order);
}

/* ---- National zones ---------------------------------------------------- */

typedef struct grid_params {
    const double *z; /* standard normal quantiles of the grid */
    int n;
    double z_mid;    /* quantile at which the revenue line falls */
    double target;   /* sum the grid must reach */
} grid_params;

static double grid_sum(double sigma, const grid_params *gp)
{
    double s = 0;
    for (int k = 0; k < gp->n; k++)
        s += T_REVENUE_LINE * exp(sigma * (gp->z[k] - gp->z_mid));
    return s;
}

static double grid_residual(double sigma, void *params)
{
    const grid_params *gp = params;
    return grid_sum(sigma, gp) - gp->target;
}

/* σ of the lognormal whose quantiles at (k-0.5)/n sum to target, with μ set
 * so that exactly n_over quantiles exceed the revenue line (the line sits at
 * the quantile half-way between the last below and the first above). */
static double fit_sigma(const grid_params *gp)
{
    gsl_function fn;
    fn.function = grid_residual;
    fn.params = (void *)gp;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        die("out of memory");
    double lo = 0.01, hi = 5.0;
    if (grid_residual(lo, fn.params) >= 0 || grid_residual(hi, fn.params) <= 0)
        die("revenue fit: target %.1f not bracketed by sigma in [%g, %g]", gp->target, lo, hi);
    if (gsl_root_fsolver_set(s, &fn, lo, hi) != GSL_SUCCESS)
        die("revenue fit: cannot start the root finder");
    double sigma = 0;
    int status = GSL_CONTINUE;
    for (int iter = 0; iter < 200 && status == GSL_CONTINUE; iter++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            die("revenue fit: root finder failed");
        sigma = gsl_root_fsolver_root(s);
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                        0, 1e-14);
    }
    gsl_root_fsolver_free(s);
    if (status != GSL_SUCCESS)
        die("revenue fit: no convergence");
    return sigma;
}

typedef struct nat_report {
    double sigma, mu, va_scale;
    int n_grid;
} nat_report;

static int counts_in_totals(const gzone *gz) { return !gz->z.sip; }

static void synth_national(gen *g, nat_report *rep)
{
    int n = g->n_nat;
    /* 1. Value-added ratio draw (scaled in step 4). */
    for (int i = 0; i < n; i++)
        g->nat[i].z.va_ratio = draw_va(g, VA_MEAN);

    /* 2. Published figures. Revenue published: kept, GDP synthesised unless
     * it is also published and consistent with the va bounds. GDP only:
     * kept, va = the national ratio ΣY/ΣR, revenue = GDP / va. */
    double pinned_revenue = 0;
    int pinned_over = 0, n_grid = 0;
    for (int i = 0; i < n; i++) {
        gzone *gz = &g->nat[i];
        if (gz->pub_revenue > 0) {
            gz->revenue = gz->pub_revenue;
            gz->z.published |= PS_FIELD_REVENUE;
            double ratio = gz->pub_gdp / gz->pub_revenue;
            if (gz->pub_gdp > 0 && ratio >= VA_MIN && ratio <= VA_MAX) {
                gz->z.gdp = gz->pub_gdp;
                gz->z.va_ratio = ratio;
                gz->z.published |= PS_FIELD_GDP;
            } else if (gz->pub_gdp > 0) {
                printf("note: %s: published GDP %.2f and revenue %.0f imply va %.3f; "
                       "revenue kept, GDP synthesised\n",
                       gz->z.name, gz->pub_gdp, gz->pub_revenue, ratio);
            }
        } else if (gz->pub_gdp > 0) {
            gz->z.gdp = gz->pub_gdp;
            gz->z.published |= PS_FIELD_GDP;
            gz->z.va_ratio = T_GDP / T_REVENUE; /* the national ratio, not a draw */
            gz->revenue = gz->z.gdp / gz->z.va_ratio;
        }
        if (!counts_in_totals(gz))
            continue;
        if (gz->revenue > 0) {
            pinned_revenue += gz->revenue;
            pinned_over += gz->revenue > T_REVENUE_LINE;
        } else {
            n_grid++;
        }
    }

    /* 3. Revenue of the others: lognormal quantiles by seniority rank. */
    double *score = xcalloc((size_t)n, sizeof *score);
    int *grid_zone = xcalloc((size_t)n, sizeof *grid_zone);
    int m = 0;
    for (int i = 0; i < n; i++) {
        gzone *gz = &g->nat[i];
        double noise = gsl_ran_gaussian_ziggurat(g->rng, SCORE_NOISE);
        if (!counts_in_totals(gz) || gz->revenue > 0)
            continue;
        /* negative: gsl_sort_index sorts ascending, rank 1 = highest score */
        score[m] = -(SCORE_CLASS[gz->z.cls] + SCORE_PER_YEAR * (BASE_YEAR - gz->approved_eff) +
                     (gz->z.demo ? SCORE_DEMO : 0) + SCORE_REGION[gz->z.region] + noise);
        if (strcmp(gz->z.name_zh, largest_zone) == 0)
            score[m] = -HUGE_VAL;
        grid_zone[m++] = i;
    }
    size_t *order = xcalloc((size_t)n_grid, sizeof *order);
    gsl_sort_index(order, score, 1, (size_t)n_grid);
    double *zq = xcalloc((size_t)n_grid, sizeof *zq);
    for (int r = 0; r < n_grid; r++) /* descending rank r -> ascending k = n_grid - r */
        zq[r] = gsl_cdf_ugaussian_Pinv((n_grid - r - 0.5) / n_grid);
    int n_over = T_OVER_1000 - pinned_over;
    if (n_over < 1 || n_over >= n_grid)
        die("revenue fit: %d zones over the line left for the grid", n_over);
    grid_params gp = {zq, n_grid, gsl_cdf_ugaussian_Pinv((double)(n_grid - n_over) / n_grid),
                      T_REVENUE - pinned_revenue};
    double sigma = fit_sigma(&gp);
    double exact = gp.target / grid_sum(sigma, &gp); /* removes the last 1e-14 */
    for (int r = 0; r < n_grid; r++)
        g->nat[grid_zone[order[r]]].revenue =
            T_REVENUE_LINE * exp(sigma * (zq[r] - gp.z_mid)) * exact;
    rep->sigma = sigma;
    rep->mu = log(T_REVENUE_LINE) - sigma * gp.z_mid;
    rep->n_grid = n_grid;
    free(score);
    free(grid_zone);
    free(order);
    free(zq);

    /* 4. GDP: scale the synthesised va so that ΣY hits the target. */
    double fixed_gdp = 0, free_gdp = 0;
    for (int i = 0; i < n; i++) {
        gzone *gz = &g->nat[i];
        if (!counts_in_totals(gz))
            continue;
        if (gz->z.published & PS_FIELD_GDP)
            fixed_gdp += gz->z.gdp;
        else
            free_gdp += gz->z.va_ratio * gz->revenue;
    }
    double s = (T_GDP - fixed_gdp) / free_gdp;
    rep->va_scale = s;
    for (int i = 0; i < n; i++) {
        gzone *gz = &g->nat[i];
        if (gz->z.published & PS_FIELD_GDP)
            continue;
        gz->z.va_ratio *= s;
        gz->z.gdp = gz->z.va_ratio * gz->revenue;
        if (gz->z.va_ratio > 1)
            die("internal error: va_ratio %g > 1 for %s", gz->z.va_ratio, gz->z.name);
    }

    /* 5. Per-zone draws, then exact scaling over the 146. */
    double *ent = xcalloc((size_t)n, sizeof *ent);
    double *nf = xcalloc((size_t)n, sizeof *nf);
    double *q = xcalloc((size_t)n, sizeof *q);
    for (int i = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        int c = z->cls;
        z->rd_intensity = F_RD[c] * (z->demo ? F_DEMO_RD : 1) * lognoise(g, SD_RD);
        z->productivity = F_PROD[c] * lognoise(g, SD_PROD);
        z->kis_share = F_KIS[c] * (z->demo ? F_DEMO_KIS : 1) * lognoise(g, SD_KIS);
        ent[i] = F_ENT[c] * pow(z->gdp, ENT_ELASTICITY) * lognoise(g, SD_ENT);
        nf[i] = ent[i] * F_NEWRATE[c] * (z->demo ? F_DEMO_NEWRATE : 1) * lognoise(g, SD_NEWRATE);
        q[i] = F_LANDQ[c] * lognoise(g, SD_LANDQ);
        z->plot_ratio = F_PLOT[c] * lognoise(g, SD_PLOT);
        z->land_built = z->gdp / q[i];
        z->land_approved = z->land_built / draw_built_share(g);
    }
    double sy = 0, srd = 0, sl = 0, sk = 0, se = 0, sn = 0, sb = 0, sphib = 0;
    for (int i = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        if (!counts_in_totals(&g->nat[i]))
            continue;
        sy += z->gdp;
        srd += z->rd_intensity * z->gdp;
        sl += z->gdp / z->productivity;
        sk += z->kis_share * z->gdp;
        se += ent[i];
        sn += nf[i];
        sb += z->land_built;
        sphib += z->plot_ratio * z->land_built;
    }
    double k_rd = T_RD * sy / srd, k_prod = sl / T_EMPLOYEES, k_kis = T_KIS * sy / sk;
    double k_ent = T_ENTERPRISES / se, k_nf = T_NEW_FIRMS / sn;
    double k_land = (T_GDP / T_LAND_PROD) / sb;
    double k_plot = T_PLOT_RATIO * sb / sphib; /* invariant under the land scale */
    for (int i = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        z->rd_intensity *= k_rd;
        z->productivity *= k_prod;
        z->kis_share *= k_kis;
        ent[i] *= k_ent;
        nf[i] *= k_nf;
        z->land_built *= k_land;
        z->land_approved *= k_land;
        z->plot_ratio *= k_plot;
        if (z->rd_intensity > 0.5 || z->kis_share > 0.95)
            die("internal error: share out of range for %s", z->name);
    }
    /* Integer counts: largest remainder over the 146, plain rounding for SIP. */
    double *e146 = xcalloc((size_t)n, sizeof *e146), *n146 = xcalloc((size_t)n, sizeof *n146);
    int m146 = 0;
    for (int i = 0; i < n; i++)
        if (counts_in_totals(&g->nat[i])) {
            e146[m146] = ent[i];
            n146[m146++] = nf[i];
        }
    round_to_total(e146, m146, T_ENTERPRISES);
    round_to_total(n146, m146, T_NEW_FIRMS);
    for (int i = 0, j = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        if (counts_in_totals(&g->nat[i])) {
            z->enterprises = e146[j];
            z->new_firms = n146[j++];
        } else {
            z->enterprises = round(ent[i]);
            z->new_firms = round(nf[i]);
        }
        if (z->enterprises < 1 || z->new_firms > z->enterprises)
            die("internal error: enterprise counts for %s", z->name);
    }
    free(ent);
    free(nf);
    free(q);
    free(e146);
    free(n146);
}

/* ---- Provincial pool --------------------------------------------------- */

static void split_cities(const char *s, char buf[][48], int max, int *n)
{
    *n = 0;
    while (*s) {
        size_t k = strcspn(s, ",");
        if (*n == max || k >= 48)
            die("internal error: city table");
        memcpy(buf[*n], s, k);
        buf[*n][k] = '\0';
        (*n)++;
        s += k;
        if (*s == ',')
            s++;
    }
}

typedef struct pool_report {
    int per_province[N_PROVINCES];
    int uncovered;
    int covered_cities; /* prefecture-level cities hosting a national zone */
} pool_report;

static void allocate_pool(int *count)
{
    int fixed = 0;
    double wsum = 0;
    double w[N_PROVINCES];
    for (int p = 0; p < N_PROVINCES; p++) {
        int nc = 0;
        char buf[32][48];
        split_cities(provinces[p].cities, buf, 32, &nc);
        w[p] = provinces[p].fixed >= 0 ? 0 : provinces[p].weight >= 0 ? provinces[p].weight : nc;
        if (provinces[p].fixed >= 0)
            fixed += provinces[p].fixed;
        wsum += w[p];
    }
    double quota[N_PROVINCES], frac[N_PROVINCES];
    size_t order[N_PROVINCES];
    int given = 0;
    for (int p = 0; p < N_PROVINCES; p++) {
        quota[p] = (POOL_SIZE - fixed) * w[p] / wsum;
        count[p] = provinces[p].fixed >= 0 ? provinces[p].fixed : (int)floor(quota[p]);
        frac[p] = provinces[p].fixed >= 0 ? 1.0 : -(quota[p] - floor(quota[p]));
        given += count[p];
    }
    gsl_sort_index(order, frac, 1, N_PROVINCES);
    for (int k = 0; given < POOL_SIZE; k++, given++)
        count[order[k]]++;
}

static void synth_pool(gen *g, pool_report *rep)
{
    int count[N_PROVINCES];
    allocate_pool(count);
    memset(rep, 0, sizeof *rep);
    int np = 0;
    for (int p = 0; p < N_PROVINCES; p++) {
        char cities[32][48];
        int nc;
        split_cities(provinces[p].cities, cities, 32, &nc);
        const char *unc[32], *cov[32];
        int nu = 0, nv = 0;
        for (int c = 0; c < nc; c++) {
            int hosted = 0;
            for (int k = 0; k < g->n_nat; k++)
                hosted |= strcmp(g->nat[k].z.city, cities[c]) == 0 && g->nat[k].province == p;
            if (hosted)
                cov[nv++] = cities[c];
            else if (strcmp(cities[c], "Sansha") != 0) /* islands, no industrial land */
                unc[nu++] = cities[c];
            rep->covered_cities += hosted;
        }
        if (nc == 0) /* municipality */
            cov[nv++] = provinces[p].name;
        if (nu > 1) /* gsl_ran_shuffle does not accept n = 0 */
            gsl_ran_shuffle(g->rng, unc, (size_t)nu, sizeof unc[0]);
        if (nv > 1)
            gsl_ran_shuffle(g->rng, cov, (size_t)nv, sizeof cov[0]);
        int n = count[p];
        int m = nu == 0 ? 0 : nv == 0 ? n : (int)lround(POOL_UNCOVERED * n);
        if (nv > 0 && m > POOL_MAX_PER_CITY * nu)
            m = POOL_MAX_PER_CITY * nu;
        rep->per_province[p] = n;
        for (int j = 0; j < n; j++) {
            gzone *gz = &g->pool[np++];
            ps_zone_base *z = &gz->z;
            const char *city = j < m ? unc[j % nu] : cov[(j - m) % nv];
            gz->covered = j >= m;
            rep->uncovered += !gz->covered;
            int same = 1;
            for (int k = 0; k < np - 1; k++)
                same += strcmp(g->pool[k].z.city, city) == 0;
            if (same == 1)
                snprintf(z->name, sizeof z->name, "%s Provincial High-tech Zone", city);
            else
                snprintf(z->name, sizeof z->name, "%s Provincial High-tech Zone No. %d", city,
                         same);
            copy_str(z->province, sizeof z->province, provinces[p].name, "province");
            copy_str(z->city, sizeof z->city, city, "city");
            z->region = provinces[p].region;
            z->tier = PS_TIER_PROVINCIAL;
            z->cls = PS_CLASS_STANDARD;
            gz->province = p;
        }
    }
    if (np != POOL_SIZE)
        die("internal error: pool has %d zones", np);

    /* Revenue: lognormal quantiles (median 150, top 800) ordered by score. */
    double score[POOL_SIZE];
    size_t order[POOL_SIZE];
    for (int i = 0; i < POOL_SIZE; i++)
        score[i] = -(POOL_SCORE_REGION[g->pool[i].z.region] +
                     (g->pool[i].covered ? POOL_SCORE_COVERED : 0) +
                     gsl_ran_ugaussian(g->rng));
    gsl_sort_index(order, score, 1, POOL_SIZE);
    double ztop = gsl_cdf_ugaussian_Pinv((POOL_SIZE - 0.5) / POOL_SIZE);
    double sigma = log(POOL_REV_MAX / POOL_REV_MEDIAN) / ztop;
    for (int r = 0; r < POOL_SIZE; r++)
        g->pool[order[r]].revenue =
            POOL_REV_MEDIAN * exp(sigma * gsl_cdf_ugaussian_Pinv((POOL_SIZE - r - 0.5) / POOL_SIZE));

    double sy = 0, srd = 0, sl = 0, sk = 0, sb = 0, sphib = 0, se = 0, sn = 0;
    double ent[POOL_SIZE], nf[POOL_SIZE];
    for (int i = 0; i < POOL_SIZE; i++) {
        ps_zone_base *z = &g->pool[i].z;
        z->va_ratio = draw_va(g, POOL_VA_MEAN);
        z->gdp = z->va_ratio * g->pool[i].revenue;
        z->rd_intensity = lognoise(g, SD_RD);
        z->productivity = lognoise(g, SD_PROD);
        z->kis_share = lognoise(g, SD_KIS);
        ent[i] = pow(z->gdp, ENT_ELASTICITY) * lognoise(g, SD_ENT);
        nf[i] = ent[i] * lognoise(g, SD_NEWRATE);
        z->plot_ratio = lognoise(g, SD_PLOT);
        z->land_built = z->gdp / lognoise(g, SD_LANDQ);
        z->land_approved = z->land_built / draw_built_share(g);
        sy += z->gdp;
        srd += z->rd_intensity * z->gdp;
        sl += z->gdp / z->productivity;
        sk += z->kis_share * z->gdp;
        se += ent[i];
        sn += nf[i];
        sb += z->land_built;
        sphib += z->plot_ratio * z->land_built;
    }
    double k_rd = POOL_RD * sy / srd, k_prod = sl / (sy / POOL_PROD), k_kis = POOL_KIS * sy / sk;
    double k_land = (sy / POOL_LAND_PROD) / sb, k_plot = POOL_PLOT * sb / sphib;
    double k_ent = POOL_ENT_PER_GDP * sy / se;
    double k_nf = POOL_NEW_RATE * POOL_ENT_PER_GDP * sy / sn;
    for (int i = 0; i < POOL_SIZE; i++) {
        ps_zone_base *z = &g->pool[i].z;
        z->rd_intensity *= k_rd;
        z->productivity *= k_prod;
        z->kis_share *= k_kis;
        z->land_built *= k_land;
        z->land_approved *= k_land;
        z->plot_ratio *= k_plot;
        z->enterprises = fmax(1, round(ent[i] * k_ent));
        z->new_firms = fmin(z->enterprises, round(nf[i] * k_nf));
        if (z->rd_intensity > 0.5 || z->kis_share > 0.95)
            die("internal error: share out of range for %s", z->name);
    }

    /* Pool order: one random permutation; ids follow it. */
    gsl_ran_shuffle(g->rng, g->pool, POOL_SIZE, sizeof g->pool[0]);
    for (int i = 0; i < POOL_SIZE; i++)
        g->pool[i].z.id = POOL_FIRST_ID + i;
}

/* ---- Output ------------------------------------------------------------ */

/* Shortest %g form that reads back to exactly x. */
static const char *fmt_num(char *buf, size_t n, double x)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

static const char *fmt_published(char *buf, size_t n, unsigned bits)
{
    buf[0] = '\0';
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{PS_FIELD_GDP, "gdp"}, {PS_FIELD_REVENUE, "revenue"},
                 {PS_FIELD_EMPLOYEES, "employees"}};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (bits & names[k].bit) {
            if (buf[0])
                strncat(buf, ",", n - strlen(buf) - 1);
            strncat(buf, names[k].name, n - strlen(buf) - 1);
        }
    if (!buf[0])
        snprintf(buf, n, "-");
    return buf;
}

static void write_zone(FILE *f, const ps_zone_base *z)
{
    char b[11][40], pub[40];
    fprintf(f, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d", z->id, z->name,
            z->name_zh[0] ? z->name_zh : "-", z->province, z->city, ps_region_name(z->region),
            ps_tier_name(z->tier), ps_class_name(z->cls), z->demo, z->sip, z->approved);
    fprintf(f, "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", fmt_num(b[0], 40, z->gdp),
            fmt_num(b[1], 40, z->va_ratio), fmt_num(b[2], 40, z->rd_intensity),
            fmt_num(b[3], 40, z->productivity), fmt_num(b[4], 40, z->enterprises),
            fmt_num(b[5], 40, z->new_firms), fmt_num(b[6], 40, z->kis_share),
            fmt_num(b[7], 40, z->land_approved), fmt_num(b[8], 40, z->land_built),
            fmt_num(b[9], 40, z->plot_ratio), fmt_published(pub, sizeof pub, z->published));
}

static void write_file(FILE *f, const gen *g, const char *source)
{
    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    fprintf(f, "# zones-2015.tsv - parksim per-zone baseline at the end of the base year.\n");
    fprintf(f, "# Generated by parksim-baseline from %s (gsl_rng taus2, seed %lu).\n", base,
            GEN_SEED);
    fprintf(f, "# Do not edit: format, sources and assumptions in scenarios/data/README.md.\n");
    fprintf(f, "# Rows: %d national zones (146 + Suzhou Industrial Park), then %d provincial\n",
            g->n_nat, POOL_SIZE);
    fprintf(f, "# zones in pool order (upgrade.pool_size = N uses the first N of them).\n");
    fprintf(f, "# base_year=%d\n", BASE_YEAR);
    fprintf(f, "id\tname\tname_zh\tprovince\tcity\tregion\ttier\tclass\tdemo\tsip\tapproved"
               "\tgdp\tva_ratio\trd_intensity\tproductivity\tenterprises\tnew_firms\tkis_share"
               "\tland_approved\tland_built\tplot_ratio\tpublished\n");
    for (int i = 0; i < g->n_nat; i++)
        write_zone(f, &g->nat[i].z);
    for (int i = 0; i < POOL_SIZE; i++)
        write_zone(f, &g->pool[i].z);
}

/* ---- Check ------------------------------------------------------------- */

static int close_to(double x, double target) { return fabs(x - target) <= 1e-9 * fabs(target); }

/* Read the file back and check every target; prints a summary. */
static int check_file(const char *path)
{
    ps_baseline b;
    ps_error err;
    char msg[1024];
    if (ps_baseline_load(path, &b, &err)) {
        fprintf(stderr, "%s: written file does not load: %s\n", prog,
                ps_error_format(&err, msg, sizeof msg));
        return 0;
    }
    double y = 0, r = 0, l = 0, e = 0, nf = 0, rd = 0, k = 0, bl = 0, phib = 0;
    int n146 = 0, over = 0, region[PS_REGION_COUNT] = {0};
    double py = 0, pr = 0, prd = 0, pk = 0, pb = 0, pphib = 0, pl = 0, pe = 0, pn = 0;
    for (int i = 0; i < b.n_zones; i++) {
        const ps_zone_base *z = &b.zones[i];
        if (z->tier == PS_TIER_PROVINCIAL) {
            py += z->gdp;
            pr += z->gdp / z->va_ratio;
            prd += z->rd_intensity * z->gdp;
            pk += z->kis_share * z->gdp;
            pb += z->land_built;
            pphib += z->plot_ratio * z->land_built;
            pl += z->gdp / z->productivity;
            pe += z->enterprises;
            pn += z->new_firms;
            continue;
        }
        region[z->region]++;
        if (z->sip)
            continue;
        n146++;
        y += z->gdp;
        r += z->gdp / z->va_ratio;
        over += z->gdp / z->va_ratio > T_REVENUE_LINE;
        l += z->gdp / z->productivity;
        e += z->enterprises;
        nf += z->new_firms;
        rd += z->rd_intensity * z->gdp;
        k += z->kis_share * z->gdp;
        bl += z->land_built;
        phib += z->plot_ratio * z->land_built;
    }
    int ok = n146 == 146 && b.n_national == 147 && b.n_provincial == POOL_SIZE &&
             close_to(r, T_REVENUE) && close_to(y, T_GDP) && over == T_OVER_1000 &&
             close_to(l, T_EMPLOYEES) && close_to(e, T_ENTERPRISES) && close_to(nf, T_NEW_FIRMS) &&
             close_to(rd / y, T_RD) && close_to(k / y, T_KIS) && close_to(phib / bl, T_PLOT_RATIO) &&
             close_to(y / bl, T_LAND_PROD);
    printf("national (146, SIP excluded): revenue %.6f, GDP %.6f, over 1000: %d, employees %.6f\n",
           r, y, over, l);
    printf("  enterprises %.0f, new firms %.0f (share %.4f), R&D %.6f, KIS %.6f, plot %.6f,"
           " built %.1f ha\n", e, nf, nf / e, rd / y, k / y, phib / bl, bl);
    printf("  zones: %d national (east %d, central %d, west %d, northeast %d), %d provincial\n",
           b.n_national, region[0], region[1], region[2], region[3], b.n_provincial);
    printf("pool (%d): revenue %.1f, GDP %.1f, R&D %.4f, KIS %.4f, plot %.4f, productivity %.2f,"
           " enterprises %.0f, new-firm share %.4f\n", b.n_provincial, pr, py, prd / py, pk / py,
           pphib / pb, py / pl, pe, pn / pe);
    ps_baseline_free(&b);
    if (!ok)
        fprintf(stderr, "%s: the written file misses a target\n", prog);
    return ok;
}

/* ---- main -------------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: %s SOURCE_CSV OUT_TSV\n"
            "Synthesise the parksim per-zone baseline (national zones and the provincial\n"
            "pool) from the national zone list SOURCE_CSV and write it to OUT_TSV.\n"
            "Deterministic: the same input always gives the same bytes.\n\n"
            "  -h, --help  show this help and exit\n",
            prog);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return 0;
        }
        fprintf(stderr, "Try '%s --help' for more information.\n", prog);
        return 2;
    }
    if (argc - optind != 2) {
        fprintf(stderr, "%s: expected SOURCE_CSV and OUT_TSV\n", prog);
        fprintf(stderr, "Try '%s --help' for more information.\n", prog);
        return 2;
    }
    const char *source = argv[optind], *out = argv[optind + 1];
    gsl_set_error_handler_off();
    /* The output is replaced by rename(): never do that to a device, a pipe
     * or a directory. */
    struct stat st;
    if (stat(out, &st) == 0 && !S_ISREG(st.st_mode))
        die("%s: not a regular file", out);

    static gen g; /* large; zeroed */
    g.rng = gsl_rng_alloc(gsl_rng_taus2);
    if (!g.rng)
        die("out of memory");
    gsl_rng_set(g.rng, GEN_SEED);

    read_source(&g, source);
    classify(&g);
    nat_report nrep;
    synth_national(&g, &nrep);
    pool_report prep;
    synth_pool(&g, &prep);

    size_t tlen = strlen(out) + 16;
    char *tmp = xcalloc(tlen, 1);
    snprintf(tmp, tlen, "%s.tmp.XXXXXX", out);
    int fd = mkstemp(tmp);
    if (fd < 0)
        die("%s: %s", tmp, strerror(errno));
    if (fchmod(fd, 0644) != 0)
        die("%s: %s", tmp, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f)
        die("%s: %s", tmp, strerror(errno));
    write_file(f, &g, source);
    int werr = ferror(f);
    if (fclose(f) != 0 || werr) {
        int e = errno;
        remove(tmp);
        die("%s: write failed: %s", tmp, strerror(e));
    }
    int counts[PS_CLASS_COUNT] = {0}, demo = 0;
    for (int i = 0; i < g.n_nat; i++) {
        counts[g.nat[i].z.cls]++;
        demo += g.nat[i].z.demo;
    }
    printf("revenue lognormal of the %d synthesised zones: mu %.6f, sigma %.6f; va scale %.6f\n",
           nrep.n_grid, nrep.mu, nrep.sigma, nrep.va_scale);
    printf("classes (incl. SIP): world_class %d, innovative %d, specialty %d, standard %d;"
           " demo %d\n", counts[0], counts[1], counts[2], counts[3], demo);
    printf("pool: %d in cities without a national zone (%.1f %%); %d of %d prefecture-level"
           " cities host a national zone\n", prep.uncovered, 100.0 * prep.uncovered / POOL_SIZE,
           prep.covered_cities, N_PREFECTURE_CITIES);
    printf("pool per province:");
    for (int p = 0; p < N_PROVINCES; p++)
        printf(" %s %d%s", provinces[p].name, prep.per_province[p], p + 1 < N_PROVINCES ? "," : "\n");
    if (!check_file(tmp)) {
        remove(tmp);
        return 1;
    }
    if (rename(tmp, out) != 0) {
        int e = errno;
        remove(tmp);
        die("cannot rename %s to %s: %s", tmp, out, strerror(e));
    }
    free(tmp);
    free(g.nat);
    gsl_rng_free(g.rng);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
