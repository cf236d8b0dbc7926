/* expstats.h: the statistics of experiments (metrics/experiment.h), each
 * computed deterministically: no random draws, so every run, native or
 * WebAssembly, gives the same digits.
 *
 * The regularized incomplete beta I_x(a, b) by its continued fraction
 * (modified Lentz), on the side of x where it converges fast (swapping to
 * 1 − I_{1−x}(b, a) when x > (a + 1) / (a + b + 2)); Beta quantiles by
 * bisection on it; the upper tail of the chi-square by the regularized
 * incomplete gamma (its series below a + 1, its continued fraction above).
 * The chance that each of k posteriors is the highest, P(X_i > max_{j≠i} X_j)
 * = ∫ f_i(x) Π_{j≠i} F_j(x) dx, by composite Simpson's rule over 4000
 * intervals spanning variant i's own central 1 − 2·10⁻¹² mass (beta) or
 * mean ± 10 sd (normal), where f_i lives. */
#ifndef LS_EXPSTATS_H
#define LS_EXPSTATS_H

#include <stddef.h>

/* I_x(a, b) for a, b > 0 and 0 <= x <= 1; NaN for arguments outside. */
double ls_beta_cdf(double x, double a, double b);
/* The x with I_x(a, b) = p (0 <= p <= 1), to 1e-13; NaN outside. */
double ls_beta_quantile(double p, double a, double b);
/* Φ(z), the standard normal distribution function. */
double ls_normal_cdf(double z);
/* P(χ²_df > x) for df >= 1, x >= 0; NaN outside. */
double ls_chi2_sf(double x, double df);

/* out[i] = P(Beta(a[i], b[i]) is the highest of the k), each a, b >= 1.
 * k >= 1; NaN in every out[i] when an a or b is below 1 or not finite. */
void ls_chance_beta(const double *a, const double *b, size_t k, double *out);
/* out[i] = P(N(m[i], s[i]²) is the highest of the k); NaN in every out[i]
 * when an s is not finite and > 0 or an m not finite. */
void ls_chance_normal(const double *m, const double *s, size_t k, double *out);

#endif
