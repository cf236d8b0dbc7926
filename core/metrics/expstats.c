/* expstats.c: the statistics of experiments (metrics/expstats.h). */
#include "metrics/expstats.h"

#include <math.h>

#define TINY 1e-300
#define EPS 1e-15
#define MAX_TERMS 10000
#define SIMPSON_INTERVALS 4000 /* even */
#define TAIL 1e-12
#define SQRT_2PI 2.5066282746310002

/* ---- private ---- */

/* y·ln x, 0 when y is 0 (also at x = 0) */
static double xlogy(double y, double x) { return y == 0 ? 0 : y * log(x); }

static double lbeta(double a, double b) { return lgamma(a) + lgamma(b) - lgamma(a + b); }

/* the continued fraction of I_x(a, b) (DLMF 8.17.22), by modified Lentz:
 * 1 / (1 + d1 / (1 + d2 / (1 + …))) */
static double beta_cf(double x, double a, double b) {
  double f = 1, c = 1, d = 0;
  for (int j = 1; j <= MAX_TERMS; j++) {
    int m = j / 2;
    double num = j % 2 ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                       : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + num * d;
    if (fabs(d) < TINY) d = TINY;
    d = 1 / d;
    c = 1 + num / c;
    if (fabs(c) < TINY) c = TINY;
    double delta = c * d;
    f *= delta;
    if (fabs(delta - 1) < EPS) break;
  }
  return 1 / f;
}

static double beta_logpdf(double x, double a, double b) {
  return xlogy(a - 1, x) + xlogy(b - 1, 1 - x) - lbeta(a, b);
}

/* P(s, x) by its series (x < s + 1) */
static double gamma_p_series(double s, double x) {
  double term = 1 / s, sum = term;
  for (int n = 1; n <= MAX_TERMS; n++) {
    term *= x / (s + n);
    sum += term;
    if (fabs(term) < fabs(sum) * EPS) break;
  }
  return sum * exp(-x + s * log(x) - lgamma(s));
}

/* Q(s, x) by Legendre's continued fraction (x >= s + 1), modified Lentz */
static double gamma_q_cf(double s, double x) {
  double b = x + 1 - s, c = 1 / TINY, d = 1 / b, h = d;
  for (int n = 1; n <= MAX_TERMS; n++) {
    double an = -n * (n - s);
    b += 2;
    d = an * d + b;
    if (fabs(d) < TINY) d = TINY;
    c = b + an / c;
    if (fabs(c) < TINY) c = TINY;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (fabs(delta - 1) < EPS) break;
  }
  return exp(-x + s * log(x) - lgamma(s)) * h;
}

typedef double (*density_fn)(const double *p, const double *q, size_t k, size_t i, double x);

/* f_i(x) Π_{j≠i} F_j(x) for beta posteriors Beta(p[j], q[j]) */
static double beta_term(const double *a, const double *b, size_t k, size_t i, double x) {
  if (x <= 0 || x >= 1) return 0;
  double v = exp(beta_logpdf(x, a[i], b[i]));
  for (size_t j = 0; j < k && v > 0; j++)
    if (j != i) v *= ls_beta_cdf(x, a[j], b[j]);
  return v;
}

/* the same for normal posteriors N(m[j], s[j]²) */
static double normal_term(const double *m, const double *s, size_t k, size_t i, double x) {
  double z = (x - m[i]) / s[i];
  double v = exp(-0.5 * z * z) / (s[i] * SQRT_2PI);
  for (size_t j = 0; j < k && v > 0; j++)
    if (j != i) v *= ls_normal_cdf((x - m[j]) / s[j]);
  return v;
}

/* composite Simpson's rule of term over [lo, hi] */
static double simpson(density_fn term, const double *p, const double *q, size_t k, size_t i, double lo, double hi) {
  double h = (hi - lo) / SIMPSON_INTERVALS, sum = term(p, q, k, i, lo) + term(p, q, k, i, hi);
  for (int n = 1; n < SIMPSON_INTERVALS; n++) sum += (n % 2 ? 4 : 2) * term(p, q, k, i, lo + n * h);
  return sum * h / 3;
}

/* ---- API ---- */

double ls_beta_cdf(double x, double a, double b) {
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1) || !isfinite(a) || !isfinite(b)) return NAN;
  if (x == 0) return 0;
  if (x == 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - ls_beta_cdf(1 - x, b, a);
  double front = exp(xlogy(a, x) + xlogy(b, 1 - x) - lbeta(a, b)) / a;
  return front * beta_cf(x, a, b);
}

double ls_beta_quantile(double p, double a, double b) {
  if (!(p >= 0 && p <= 1 && a > 0 && b > 0) || !isfinite(a) || !isfinite(b)) return NAN;
  double lo = 0, hi = 1;
  for (int it = 0; it < 200 && hi - lo > 1e-13; it++) {
    double mid = (lo + hi) / 2;
    if (ls_beta_cdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

double ls_normal_cdf(double z) { return 0.5 * erfc(-z / sqrt(2.0)); }

double ls_chi2_sf(double x, double df) {
  if (!(df >= 1 && x >= 0) || !isfinite(df) || isnan(x)) return NAN;
  if (x == 0) return 1;
  if (isinf(x)) return 0;
  double s = df / 2, h = x / 2;
  return h < s + 1 ? 1 - gamma_p_series(s, h) : gamma_q_cf(s, h);
}

void ls_chance_beta(const double *a, const double *b, size_t k, double *out) {
  int ok = 1;
  for (size_t i = 0; i < k; i++) ok = ok && a[i] >= 1 && b[i] >= 1 && isfinite(a[i]) && isfinite(b[i]);
  for (size_t i = 0; i < k; i++) {
    if (!ok) {
      out[i] = NAN;
      continue;
    }
    if (k == 1) {
      out[i] = 1;
      continue;
    }
    double lo = ls_beta_quantile(TAIL, a[i], b[i]), hi = ls_beta_quantile(1 - TAIL, a[i], b[i]);
    out[i] = simpson(beta_term, a, b, k, i, lo, hi);
  }
}

void ls_chance_normal(const double *m, const double *s, size_t k, double *out) {
  int ok = 1;
  for (size_t i = 0; i < k; i++) ok = ok && isfinite(m[i]) && isfinite(s[i]) && s[i] > 0;
  for (size_t i = 0; i < k; i++) {
    if (!ok) out[i] = NAN;
    else if (k == 1) out[i] = 1;
    else out[i] = simpson(normal_term, m, s, k, i, m[i] - 10 * s[i], m[i] + 10 * s[i]);
  }
}
