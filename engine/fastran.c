/* fastran.c — the out-of-line parts of the exact fast samplers (fastran.h):
 * ziggurat tables and rare path, Poisson (PTRS / inversion), binomial (BTRD /
 * inversion), and the Stirling-series correction both rejection tests use.
 *
 * Sources:
 *  - G. Marsaglia & W. W. Tsang (2000), "The ziggurat method for generating
 *    random variables", J. Stat. Softw. 5(8); J. A. Doornik (2005), "An
 *    improved ziggurat method to generate normal random samples" (index bits
 *    separate from the value bits). Tail: G. Marsaglia (1964), "Generating a
 *    variable from the tail of the normal distribution", Technometrics 6.
 *  - W. Hörmann (1993), "The transformed rejection method for generating
 *    Poisson random variables", Insurance: Math. Econ. 12:39-45 (PTRS).
 *  - W. Hörmann (1993), "The generation of binomial random variates",
 *    J. Stat. Comput. Simul. 46:101-110 (BTRD, steps numbered as there).
 *  - Inversion by sequential search: L. Devroye (1986), Non-Uniform Random
 *    Variate Generation, X.3 (Poisson) and X.4 (binomial).
 *
 * Exactness: every method here is exact in distribution given exact
 * uniforms. The position variates (the ziggurat's, PTRS's U, BTRD's first V
 * and U, the inversions' U) have 53 bits; the acceptance variates have 32,
 * which moves an acceptance probability by at most 2^-32. The Stirling
 * series is cut after the k^-7 term for k >= 10, an error below 4e-13 in a
 * log-density. Both are far below anything a simulation can resolve.
 */
#include "parksim/fastran.h"

#include <math.h>

/* Ziggurat tables for 128 layers of equal area v under exp(-x^2/2).
 * Computed in long double: r solved by bisection so that the top layer,
 * [0, x_126] x [f(x_126), 1], has area exactly v(r) = r f(r) + the tail
 * integral; x_i from f(x_i) = f(x_{i-1}) + v / x_{i-1}. Result r =
 * 3.442619855896652 (Marsaglia & Tsang quote 3.442619855899). edge[0] is the
 * base strip's pseudo-width v / f(r); edge[128] = 0. tests/test_fastran.c
 * recomputes both tables and checks every layer's area. */
const double ps_fr_zig_edge[PS_FR_ZIG_LAYERS + 1] = {
    0x1.db4668fe7d167p+1, 0x1.b8a7c476d1741p+1, 0x1.9c8e0c7c7f35ep+1, 0x1.8aa73e440e862p+1,
    0x1.7d45eb36e9ff4p+1, 0x1.7279dd4ac2679p+1, 0x1.695c2be68d3e4p+1, 0x1.616dff7c8dab3p+1,
    0x1.5a61edf7e73f4p+1, 0x1.540520129e8c8p+1, 0x1.4e3456b0e1da8p+1, 0x1.48d61806d430cp+1,
    0x1.43d75b60bac8dp+1, 0x1.3f29848d395fep+1, 0x1.3ac11b8e1e839p+1, 0x1.3694f3a3721bap+1,
    0x1.329d9725e1358p+1, 0x1.2ed4df8097554p+1, 0x1.2b35aa5ebcda5p+1, 0x1.27bba2b5d9b7dp+1,
    0x1.246317a6b3231p+1, 0x1.2128dd36bbd01p+1, 0x1.1e0a342cee675p+1, 0x1.1b04b731f48d4p+1,
    0x1.18164be0bf8c9p+1, 0x1.153d16d455057p+1, 0x1.1277720181096p+1, 0x1.0fc3e4d95cda5p+1,
    0x1.0d211dd288ac4p+1, 0x1.0a8ded0ec1159p+1, 0x1.08093fe3e1aa9p+1, 0x1.05921d1c4b0b9p+1,
    0x1.0327a1cc4a836p+1, 0x1.00c8fea16f933p+1, 0x1.fceaeb2ca0ee2p+0, 0x1.f858aff317ac8p+0,
    0x1.f3da09745b605p+0, 0x1.ef6dcddc7807dp+0, 0x1.eb12e914817afp+0, 0x1.e6c85a8495b0dp+0,
    0x1.e28d331c61c36p+0, 0x1.de609397db2b3p+0, 0x1.da41aaf794b3cp+0, 0x1.d62fb5257b279p+0,
    0x1.d229f9bfe95c7p+0, 0x1.ce2fcb05f3115p+0, 0x1.ca4084e08c207p+0, 0x1.c65b8c04d5d84p+0,
    0x1.c2804d2c6531dp+0, 0x1.beae3c60c7179p+0, 0x1.bae4d457e8092p+0, 0x1.b72395df55593p+0,
    0x1.b36a075492a98p+0, 0x1.afb7b428f83acp+0, 0x1.ac0c2c6fbfe6p+0, 0x1.a8670475107fbp+0,
    0x1.a4c7d45cfb2a5p+0, 0x1.a12e37c97caap+0, 0x1.9d99cd86aeea8p+0, 0x1.9a0a373c6d3ccp+0,
    0x1.967f1924c0e62p+0, 0x1.92f819c67bdfdp+0, 0x1.8f74e1b375764p+0, 0x1.8bf51b49e8281p+0,
    0x1.8878727879e86p+0, 0x1.84fe948480027p+0, 0x1.81872fd216669p+0, 0x1.7e11f3ada7506p+0,
    0x1.7a9e9016840d7p+0, 0x1.772cb58a3242ap+0, 0x1.73bc14d01277fp+0, 0x1.704c5ec504e8fp+0,
    0x1.6cdd4426b0a02p+0, 0x1.696e755e0eb23p+0, 0x1.65ffa248d7f43p+0, 0x1.62907a016eacp+0,
    0x1.5f20aaa4d7638p+0, 0x1.5bafe1164c044p+0, 0x1.583dc8bfea848p+0, 0x1.54ca0b4ff476ap+0,
    0x1.5154507206658p+0, 0x1.4ddc3d839cb58p+0, 0x1.4a6175432745fp+0, 0x1.46e39778d4ba1p+0,
    0x1.4362409821672p+0, 0x1.3fdd0959138fbp+0, 0x1.3c538647e5b53p+0, 0x1.38c54749af146p+0,
    0x1.3531d71460289p+0, 0x1.3198ba9823477p+0, 0x1.2df97057dd75fp+0, 0x1.2a536fae26375p+0,
    0x1.26a627fb9231dp+0, 0x1.22f0ffba96ce9p+0, 0x1.1f33537495bfap+0, 0x1.1b6c7492bde7ap+0,
    0x1.179ba80458345p+0, 0x1.13c024b2bbdffp+0, 0x1.0fd911b972d18p+0, 0x1.0be58456f2afcp+0,
    0x1.07e47d879726ep+0, 0x1.03d4e7390f21p+0, 0x1.ff6b21ffe30ecp-1, 0x1.f70a5866ad189p-1,
    0x1.ee848e954b85cp-1, 0x1.e5d6909f34423p-1, 0x1.dcfccc51a748p-1, 0x1.d3f340dd86c6bp-1,
    0x1.cab56ac6833a5p-1, 0x1.c13e2b012d149p-1, 0x1.b787a7c4f44a4p-1, 0x1.ad8b25067d385p-1,
    0x1.a340d1bad0391p-1, 0x1.989f85c72c985p-1, 0x1.8d9c6a9d0cf67p-1, 0x1.822a858ac5ecap-1,
    0x1.763a1600c1764p-1, 0x1.69b7b213c3f64p-1, 0x1.5c8afdbecef6ep-1, 0x1.4e94c08bd4d78p-1,
    0x1.3fabee18d682fp-1, 0x1.2f98d6bb0e73ap-1, 0x1.1e0ce6b54ec53p-1, 0x1.0a936da5942d2p-1,
    0x1.e8e576e3830fap-2, 0x1.b4c8fecd63b02p-2, 0x1.73949183add9dp-2, 0x1.16db47dfb32bep-2,
    0x0p+0,
};

const double ps_fr_zig_dens[PS_FR_ZIG_LAYERS + 1] = {
    0x0p+0, 0x1.5de9e3373317ep-9, 0x1.6ba8b0ffc2db5p-8, 0x1.1a9b6b3fcb82bp-7,
    0x1.83f4bed1a0f08p-7, 0x1.f100847656becp-7, 0x1.309cee4e14779p-6, 0x1.6a23fa9d6c22dp-6,
    0x1.a4f57a25e8f2fp-6, 0x1.e0f951d58f84ap-6, 0x1.0f0e539c938c2p-5, 0x1.2e282b7255da3p-5,
    0x1.4dc3fcbda5a08p-5, 0x1.6ddc9dd20b8c3p-5, 0x1.8e6db483cac0dp-5, 0x1.af738c17b4e9ep-5,
    0x1.d0eaf633a6b86p-5, 0x1.f2d13368cf93bp-5, 0x1.0a91f0918dae4p-4, 0x1.1bf075c21538bp-4,
    0x1.2d834113457cep-4, 0x1.3f49878976d2fp-4, 0x1.514297b246585p-4, 0x1.636dd69e998c4p-4,
    0x1.75cabd60f402dp-4, 0x1.8858d6f55ed84p-4, 0x1.9b17be7e73957p-4, 0x1.ae071dc7bf93ap-4,
    0x1.c126ac0128a84p-4, 0x1.d4762ca995a17p-4, 0x1.e7f56ea118c46p-4, 0x1.fba44b5c61818p-4,
    0x1.07c1531a357f7p-3, 0x1.11c835e726135p-3, 0x1.1be6c8cbe5a43p-3, 0x1.261d0aaaf7623p-3,
    0x1.306afe619efedp-3, 0x1.3ad0aa9de455dp-3, 0x1.454e19baadb53p-3, 0x1.4fe359a145658p-3,
    0x1.5a907bafba9e4p-3, 0x1.655594a3a5051p-3, 0x1.7032bc88e51f9p-3, 0x1.7b280eac0c6f7p-3,
    0x1.8635a99025d7ap-3, 0x1.915baee7a2ddcp-3, 0x1.9c9a43903cae1p-3, 0x1.a7f18f91a0d6ap-3,
    0x1.b361be1ec9a66p-3, 0x1.beeafd99e93b6p-3, 0x1.ca8d7f9ad4b42p-3, 0x1.d64978f7e2d93p-3,
    0x1.e21f21d136fa4p-3, 0x1.ee0eb59e75db4p-3, 0x1.fa18733ee75d6p-3, 0x1.031e4e8606256p-2,
    0x1.093dbc775a1f7p-2, 0x1.0f6aa83b52202p-2, 0x1.15a5387a71a06p-2, 0x1.1bed95cc633cbp-2,
    0x1.2243eac7ee4p-2, 0x1.28a864146d916p-2, 0x1.2f1b307cdcc48p-2, 0x1.359c810492f8ep-2,
    0x1.3c2c88fdc65e7p-2, 0x1.42cb7e21f69bfp-2, 0x1.497998ac60179p-2, 0x1.503713769e39cp-2,
    0x1.57042c17a74d2p-2, 0x1.5de1230551a9bp-2, 0x1.64ce3bb89770fp-2, 0x1.6bcbbcd4d4695p-2,
    0x1.72d9f052408dcp-2, 0x1.79f923abf1d11p-2, 0x1.8129a811b882ep-2, 0x1.886bd29e33e65p-2,
    0x1.8fbffc918800bp-2, 0x1.972683912ac19p-2, 0x1.9e9fc9ed4d931p-2, 0x1.a62c36ec797eap-2,
    0x1.adcc371e07b84p-2, 0x1.b5803cb43707p-2, 0x1.bd48bfe6b8a9p-2, 0x1.c5263f5ead9fcp-2,
    0x1.cd1940ad30932p-2, 0x1.d52250cdb191fp-2, 0x1.dd4204b59916cp-2, 0x1.e578f9f2e03a4p-2,
    0x1.edc7d75b8e9bdp-2, 0x1.f62f4dd05d61p-2, 0x1.feb019151c56ep-2, 0x1.03a58060f304ap-1,
    0x1.08006ca85ac6bp-1, 0x1.0c6942a5c900fp-1, 0x1.10e07b50236c2p-1, 0x1.1566980fc6949p-1,
    0x1.19fc2397562a2p-1, 0x1.1ea1b2d9fe535p-1, 0x1.2357e62437dc2p-1, 0x1.281f6a5d3389p-1,
    0x1.2cf8fa7868c02p-1, 0x1.31e5612075dadp-1, 0x1.36e57aa6a89bap-1, 0x1.3bfa3745495cdp-1,
    0x1.41249dc6579c7p-1, 0x1.4665cea512cc8p-1, 0x1.4bbf07c6d4684p-1, 0x1.5131a8eff8ed9p-1,
    0x1.56bf3924ad864p-1, 0x1.5c696d34a27fdp-1, 0x1.62322fc5a83b4p-1, 0x1.681bab4ed2ff3p-1,
    0x1.6e2856a01cb2ap-1, 0x1.745b04d03ea4p-1, 0x1.7ab6f9c66e43bp-1, 0x1.81400521b52b5p-1,
    0x1.87faa61a8cfap-1, 0x1.8eec3c5bda1f6p-1, 0x1.961b4c1b19f3p-1, 0x1.9d8fdfaee4af6p-1,
    0x1.a55418112ba08p-1, 0x1.ad750b7275ddp-1, 0x1.b6042cf926211p-1, 0x1.bf19b6813348bp-1,
    0x1.c8d923fa0897bp-1, 0x1.d37a74ffe486ap-1, 0x1.df6071937f4c9p-1, 0x1.ed5cf061144dep-1,
    0x1p+0,
};

static const double HALF_LOG_2PI = 0.91893853320467274178;

double ps_fr_stirling_tail(double k)
{
    /* Exact values for k < 10 (long double lgammal, rounded), the series
     * 1/12z - 1/360z^3 + 1/1260z^5 - 1/1680z^7 with z = k + 1 above. */
    static const double small[10] = {
        0x1.4c071bcda0a5bp-4, 0x1.52a9b923ea649p-5, 0x1.c579a268d80b3p-6, 0x1.54a2662fd78a9p-6,
        0x1.10b4e513fcbedp-6, 0x1.c6b167bebdf36p-7, 0x1.85d4d612e4a86p-7, 0x1.552805e7b3076p-7,
        0x1.2f4871b12ab63p-7, 0x1.10f9d4c0743a8p-7,
    };
    if (k < 10)
        return small[(int)k];
    double z = k + 1, z2 = 1 / (z * z);
    return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - z2 / 1680) * z2) * z2) / z;
}

/* log of the Poisson(mu) probability of k, written around t = mu/(k+1) - 1
 * so that nothing of size mu cancels (PTRS needs it near k = mu). */
static double poisson_log_pmf(double k, double mu)
{
    double t = (mu - (k + 1)) / (k + 1);
    return k * (log1p(t) - t) - t - 0.5 * log(k + 1) - HALF_LOG_2PI - ps_fr_stirling_tail(k);
}


/* ---- the samplers, once per generator (engine/fastran_samplers.h) ---------- */

#define FR_T ps_fr_rng
#define FR_NAME(f) ps_fr_##f
#define FR_LOCAL(f) f##_taus
#define FR_U53(r) ps_fr_uniform53(r)
#define FR_UACC(r) ps_fr_uniform(r)
#define FR_ATTEMPT(r, i, negative, x)                                                                      \
    do {                                                                                                   \
        uint32_t lo_ = ps_fr_get(r), hi_ = ps_fr_get(r);                                                   \
        (i) = lo_ & (PS_FR_ZIG_LAYERS - 1);                                                                \
        (negative) = (lo_ & 128u) != 0;                                                                    \
        (x) = (double)(int64_t)(((uint64_t)hi_ << 21) | (lo_ >> 11)) * 0x1p-53 * ps_fr_zig_edge[i];       \
    } while (0)
#include "fastran_samplers.h"
#undef FR_T
#undef FR_NAME
#undef FR_LOCAL
#undef FR_U53
#undef FR_UACC
#undef FR_ATTEMPT

/* Counter-based streams: one word per uniform, every uniform of 53 bits. */
#define FR_T ps_fr_cb
#define FR_NAME(f) ps_fr_cb_##f
#define FR_LOCAL(f) f##_cb
#define FR_U53(r) ps_fr_cb_uniform(r)
#define FR_UACC(r) ps_fr_cb_uniform(r)
#define FR_ATTEMPT(r, i, negative, x)                                                                      \
    do {                                                                                                   \
        uint64_t w_ = ps_fr_cb_get(r);                                                                     \
        (i) = (unsigned)(w_ & (PS_FR_ZIG_LAYERS - 1));                                                     \
        (negative) = (w_ & 128u) != 0;                                                                     \
        (x) = (double)(int64_t)(w_ >> 11) * 0x1p-53 * ps_fr_zig_edge[i];                                   \
    } while (0)
#include "fastran_samplers.h"
#undef FR_T
#undef FR_NAME
#undef FR_LOCAL
#undef FR_U53
#undef FR_UACC
#undef FR_ATTEMPT
