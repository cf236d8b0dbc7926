/* test_experiment.c: experiments (metrics/experiment.h) and their statistics
 * (metrics/expstats.h) on hand-worked examples; every expected figure is
 * worked out in the comment beside it. */
#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/experiment.h"
#include "metrics/expstats.h"
#include "workspace/workspace.h"

#define N(a) (sizeof a / sizeof a[0])

typedef struct {
  const char *user, *event, *time, *bucket;
  double revenue; /* NaN: null */
} xrow;

/* an events table of rows: distinct_id, event, timestamp, ab_bucket, revenue */
static ls_workspace *ws_of(const xrow *rows, size_t n) {
  static const char *const NAMES[] = {"distinct_id", "event", "timestamp", "ab_bucket", "revenue"};
  static const ls_type TYPES[] = {LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_TIME, LS_TYPE_STRING, LS_TYPE_DOUBLE};
  ls_table *t = ls_table_new("events.csv");
  ls_column *c[5];
  for (int k = 0; k < 5; k++) c[k] = ls_table_add(t, NAMES[k], TYPES[k]);
  for (const xrow *r = rows; r < rows + n; r++) {
    const char *texts[] = {r->user, r->event, NULL, r->bucket};
    for (int k = 0; k < 4; k++) k == 2 ? push_time_or_null(c[k], r->time) : push_str_or_null(c[k], texts[k]);
    isnan(r->revenue) ? ls_column_push_null(c[4]) : ls_column_push_f64(c[4], r->revenue);
  }
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  return ws;
}

static ls_experiment *run(ls_workspace *ws, const ls_experiment_query *q) {
  ls_experiment *e = NULL;
  if (ls_experiment_run(ws, q, &e) != LS_OK) printf("  %s\n", ls_workspace_errmsg(ws));
  return e;
}

/* ---- statistics ---- */

TEST(beta_cdf_should_match_the_closed_forms_of_small_shapes) {
  CHECK_NUM(ls_beta_cdf(0.5, 2, 1), 0.25, 1e-12);  /* I_x(2,1) = x² */
  CHECK_NUM(ls_beta_cdf(0.3, 1, 2), 0.51, 1e-12);  /* 1 − (1 − x)² = 1 − 0.49 */
  CHECK_NUM(ls_beta_cdf(0.2, 2, 2), 0.104, 1e-12); /* 3x² − 2x³ = 0.12 − 0.016 */
  CHECK_NUM(ls_beta_cdf(0.9, 2, 2), 0.972, 1e-12); /* 2.43 − 1.458 (the swapped side) */
  CHECK(isnan(ls_beta_cdf(0.5, 0, 1)));
}

TEST(beta_quantiles_should_invert_the_closed_forms) {
  /* Beta(2,1): x² = p → √0.025 = 0.158113883, √0.975 = 0.987420883 */
  CHECK_NUM(ls_beta_quantile(0.025, 2, 1), 0.158113883008419, 1e-11);
  CHECK_NUM(ls_beta_quantile(0.975, 2, 1), 0.987420882906575, 1e-11);
  /* Beta(1,2): 1 − (1 − x)² = 0.025 → x = 1 − √0.975 = 0.012579117 */
  CHECK_NUM(ls_beta_quantile(0.025, 1, 2), 0.012579117093425, 1e-11);
  /* Beta(3,1): x³ = p → 0.025^(1/3) = 0.292401774 */
  CHECK_NUM(ls_beta_quantile(0.025, 3, 1), 0.292401773821287, 1e-11);
}

TEST(chance_to_win_should_match_the_integrals_worked_by_hand) {
  double a[3], b[3], c[3];
  /* Beta(1,2) (0 of 1) vs Beta(2,1) (1 of 1): P(B > A) = ∫ 2y · (1 − (1 − y)²) dy
   * = ∫ 2y(2y − y²) dy = 4/3 − 1/2 = 5/6 */
  a[0] = 1, b[0] = 2, a[1] = 2, b[1] = 1;
  ls_chance_beta(a, b, 2, c);
  CHECK_NUM(c[1], 5.0 / 6, 1e-9);
  CHECK_NUM(c[0], 1.0 / 6, 1e-9);
  /* Beta(2,2) (1 of 2) vs Beta(3,1) (2 of 2): ∫ 3x² (3x² − 2x³) dx = 9/5 − 1 = 4/5 */
  a[0] = 2, b[0] = 2, a[1] = 3, b[1] = 1;
  ls_chance_beta(a, b, 2, c);
  CHECK_NUM(c[1], 0.8, 1e-9);
  /* three arms Beta(2,1), Beta(1,1), Beta(1,1): the first is highest with
   * ∫ 2x · x · x dx = 1/2; the two others share the rest, 1/4 each */
  a[0] = 2, b[0] = 1, a[1] = 1, b[1] = 1, a[2] = 1, b[2] = 1;
  ls_chance_beta(a, b, 3, c);
  CHECK_NUM(c[0], 0.5, 1e-9);
  CHECK_NUM(c[1], 0.25, 1e-9);
  CHECK_NUM(c[2], 0.25, 1e-9);
  /* large, close arms: symmetric ones split evenly, whatever the grid */
  a[0] = a[1] = 501, b[0] = b[1] = 9501;
  ls_chance_beta(a, b, 2, c);
  CHECK_NUM(c[0], 0.5, 1e-9);
}

TEST(normal_chance_to_win_should_be_phi_of_the_standardised_gap) {
  /* N(10, 0.5) vs N(11, 0.5): P(B > A) = Φ(1 / √(0.5 + 0.5)) = Φ(1) = 0.841344746 */
  double m[2] = {10, 11}, s[2] = {sqrt(0.5), sqrt(0.5)}, c[2];
  ls_chance_normal(m, s, 2, c);
  CHECK_NUM(c[1], 0.841344746068543, 1e-9);
  CHECK_NUM(c[0], 0.158655253931457, 1e-9);
  s[0] = 0;
  ls_chance_normal(m, s, 2, c);
  CHECK(isnan(c[0]) && isnan(c[1]));
}

TEST(chi_square_tail_should_match_the_closed_forms) {
  /* df 1: P(χ² > 4) = 2(1 − Φ(2)) = 0.045500264; df 2: e^(−x/2), e^(−7.5) */
  CHECK_NUM(ls_chi2_sf(4, 1), 0.0455002638963584, 1e-12);
  CHECK_NUM(ls_chi2_sf(15, 2), 5.53084370147834e-4, 1e-14);
  CHECK_NUM(ls_chi2_sf(0.5, 2), exp(-0.25), 1e-12); /* the series side */
  CHECK_NUM(ls_chi2_sf(0, 1), 1, 0);
}

/* ---- conversion goals ---- */

/* the bucket is on the view events only; u2 bought before their exposure,
 * u5 saw both arms, u6 never carried a bucket */
static const xrow CONV[] = {
    {"u1", "view", "2026-03-02T10:00:00Z", "control", NAN},
    {"u1", "buy", "2026-03-03T10:00:00Z", NULL, NAN},
    {"u2", "buy", "2026-03-01T10:00:00Z", NULL, NAN},
    {"u2", "view", "2026-03-02T10:00:00Z", "control", NAN},
    {"u3", "view", "2026-03-02T10:00:00Z", "test", NAN},
    {"u3", "buy", "2026-03-02T11:00:00Z", NULL, NAN},
    {"u4", "view", "2026-03-02T12:00:00Z", "test", NAN},
    {"u4", "buy", "2026-03-04T10:00:00Z", NULL, NAN},
    {"u5", "view", "2026-03-02T10:00:00Z", "control", NAN},
    {"u5", "view", "2026-03-03T10:00:00Z", "test", NAN},
    {"u6", "view", "2026-03-02T10:00:00Z", NULL, NAN},
    {"u6", "buy", "2026-03-03T10:00:00Z", NULL, NAN},
};

TEST(conversion_experiment_should_read_beta_posteriors_from_counts) {
  ls_workspace *ws = ws_of(CONV, N(CONV));
  ls_experiment_query q = LS_EXPERIMENT_QUERY_INIT;
  q.variant = "ab_bucket", q.goal_event = "buy", q.cuped = 0;
  ls_experiment *e = run(ws, &q);
  CHECK(e != NULL);
  if (e) {
    /* control: u1 converts, u2's buy is before the exposure: 1 of 2 → Beta(2,2);
     * test: u3 and u4 both: 2 of 2 → Beta(3,1); u5 (both arms) left out */
    CHECK_INT(e->nvariants, 2);
    CHECK_STR(e->v[0].name, "control");
    CHECK_INT(e->control, 0);
    CHECK_INT(e->multiple, 1);
    CHECK_INT(e->method, LS_EXP_BETA);
    CHECK_INT(e->v[0].exposures, 2);
    CHECK_INT(e->v[0].conversions, 1);
    CHECK_INT(e->v[1].exposures, 2);
    CHECK_INT(e->v[1].conversions, 2);
    CHECK_NUM(e->v[0].rate, 0.5, 1e-12);
    CHECK_NUM(e->v[1].value, 1.0, 1e-12);
    CHECK_NUM(e->v[1].lift, 1.0, 1e-12); /* 1 / 0.5 − 1 */
    CHECK(isnan(e->v[0].lift));
    CHECK_NUM(e->v[1].chance, 0.8, 1e-9); /* the 4/5 worked above */
    CHECK_NUM(e->v[0].chance, 0.2, 1e-9);
    CHECK_NUM(e->v[1].ci_low, 0.292401773821287, 1e-10);  /* Beta(3,1): 0.025^(1/3) */
    CHECK_NUM(e->v[1].ci_high, 0.991596241340387, 1e-10); /* 0.975^(1/3) */
    CHECK_NUM(ls_beta_cdf(e->v[0].ci_low, 2, 2), 0.025, 1e-10);
    /* 2 of 2 against an even split: χ² 0, p 1, no mismatch */
    CHECK_NUM(e->srm_chi2, 0, 1e-12);
    CHECK_NUM(e->srm_p, 1, 1e-12);
    CHECK_INT(e->srm, 0);
    /* 2 exposures < 100: no winner, the guard names the first arm short of it */
    CHECK_INT(e->guard, LS_EXP_FEW_EXPOSURES);
    CHECK_STR(e->v[e->guard_variant].name, "control");
    CHECK_INT(e->guard_count, 2);
    CHECK_INT(e->winner, -1);
    CHECK_INT(e->v[1].significant, 0);
  }
  ls_experiment_free(e);
  q.min_exposures = 2, q.min_conversions = 2; /* control has 1 conversion */
  e = run(ws, &q);
  CHECK(e && e->guard == LS_EXP_FEW_CONVERSIONS && e->guard_count == 1);
  ls_experiment_free(e);
  q.min_exposures = 0, q.min_conversions = 0; /* a sufficient sample, but 0.8 < 0.95 */
  e = run(ws, &q);
  CHECK(e && e->guard == LS_EXP_OK && e->winner == -1);
  ls_experiment_free(e);
  ls_workspace_free(ws);
}

TEST(conversion_experiment_should_take_the_named_exposure_and_control) {
  ls_workspace *ws = ws_of(CONV, N(CONV));
  ls_experiment_query q = LS_EXPERIMENT_QUERY_INIT;
  q.variant = "AB_Bucket", q.goal_event = "buy", q.cuped = 0, q.control = "TEST", q.exposure = "view";
  ls_experiment *e = run(ws, &q);
  CHECK(e && e->control == 1);
  /* lift of control against test: 0.5 / 1 − 1 = −0.5 */
  if (e) CHECK_NUM(e->v[0].lift, -0.5, 1e-12);
  ls_experiment_free(e);
  q.exposure = "buy", q.control = NULL; /* the buys carry no bucket: nobody is exposed */
  e = run(ws, &q);
  CHECK(e && e->nvariants == 0 && e->guard == LS_EXP_FEW_VARIANTS);
  ls_experiment_free(e);
  ls_workspace_free(ws);
}

TEST(conversion_cuped_should_use_the_pre_exposure_goal_event) {
  ls_workspace *ws = ws_of(CONV, N(CONV));
  ls_experiment_query q = LS_EXPERIMENT_QUERY_INIT;
  q.variant = "ab_bucket", q.goal_event = "buy";
  ls_experiment *e = run(ws, &q);
  CHECK(e != NULL);
  if (e) {
    /* X (bought in the window before the exposure): u1 0, u2 1, u3 0, u4 0;
     * Y: 1, 0, 1, 1. X̄ = 0.25, Ȳ = 0.75; ΣdxΣdy = −0.0625·3 − 0.5625 = −0.75,
     * Σdx² = 0.75: θ = −1. Y_adj = Y + (X − 0.25) = 0.75 for all four: the
     * variance falls to 0 (reduction 1), and with no spread left no chance
     * to win can be told */
    CHECK_INT(e->cuped, 1);
    CHECK_INT(e->users_with_pre, 1);
    CHECK_INT(e->method, LS_EXP_NORMAL);
    CHECK_NUM(e->theta, -1, 1e-12);
    CHECK_NUM(e->variance_reduction, 1, 1e-12);
    CHECK_NUM(e->v[0].value, 0.75, 1e-12);
    CHECK_NUM(e->v[0].pre_mean, 0.5, 1e-12);
    CHECK(isnan(e->v[0].chance));
    CHECK_INT(e->v[1].conversions, 2); /* the counts stay raw */
  }
  ls_experiment_free(e);
  ls_workspace_free(ws);
}

/* ---- mean goals and CUPED ---- */

/* six users exposed on Mar 10 (the view carries the bucket); the last event
 * is on Mar 12 00:00, so each window is 2 days (+1 ms) long each side:
 * buys on Mar 9 are before the exposure (X), on Mar 11 after it (Y).
 *        X  Y
 *   c1   1  2     t1  1  3
 *   c2   2  3     t2  2  5
 *   c3   3  5     t3  3  6
 * c1's "ping" with revenue 100 is no buy: left out of the goal. */
static const xrow MEAN[] = {
    {"c1", "buy", "2026-03-09T08:00:00Z", NULL, 1},  {"c1", "view", "2026-03-10T00:00:00Z", "control", NAN},
    {"c1", "buy", "2026-03-11T08:00:00Z", NULL, 2},  {"c1", "ping", "2026-03-11T09:00:00Z", NULL, 100},
    {"c2", "buy", "2026-03-09T08:00:00Z", NULL, 2},  {"c2", "view", "2026-03-10T00:00:00Z", "control", NAN},
    {"c2", "buy", "2026-03-11T08:00:00Z", NULL, 1},  {"c2", "buy", "2026-03-11T09:00:00Z", NULL, 2},
    {"c3", "buy", "2026-03-09T08:00:00Z", NULL, 3},  {"c3", "view", "2026-03-10T00:00:00Z", "control", NAN},
    {"c3", "buy", "2026-03-11T08:00:00Z", NULL, 5},  {"t1", "buy", "2026-03-09T08:00:00Z", NULL, 1},
    {"t1", "view", "2026-03-10T00:00:00Z", "test", NAN}, {"t1", "buy", "2026-03-11T08:00:00Z", NULL, 3},
    {"t2", "buy", "2026-03-09T08:00:00Z", NULL, 2},  {"t2", "view", "2026-03-10T00:00:00Z", "test", NAN},
    {"t2", "buy", "2026-03-11T08:00:00Z", NULL, 5},  {"t2", "buy", "2026-03-11T10:00:00Z", NULL, NAN},
    {"t3", "buy", "2026-03-09T08:00:00Z", NULL, 3},  {"t3", "view", "2026-03-10T00:00:00Z", "test", NAN},
    {"t3", "buy", "2026-03-11T08:00:00Z", NULL, 6},  {"t3", "ping", "2026-03-12T00:00:00Z", NULL, NAN},
};

/* the mean of revenue over the buys of MEAN, with or without CUPED */
static ls_experiment *run_revenue(int cuped, int64_t min_exposures) {
  ls_workspace *ws = ws_of(MEAN, N(MEAN));
  ls_experiment_query q = LS_EXPERIMENT_QUERY_INIT;
  q.variant = "ab_bucket", q.metric = "revenue", q.goal_event = "buy", q.cuped = cuped, q.min_exposures = min_exposures;
  ls_experiment *e = run(ws, &q);
  ls_workspace_free(ws);
  return e;
}

TEST(mean_experiment_without_cuped_should_use_the_raw_means) {
  ls_experiment *e = run_revenue(0, LS_EXPERIMENT_MIN_EXPOSURES);
  CHECK(e != NULL);
  if (e) {
    /* control Y 2, 3, 5: mean 10/3, deviations −4/3, −1/3, 5/3, Σ² = 42/9,
     * sd = √(42/9 / 2) = √(7/3) = 1.527525; test 3, 5, 6: mean 14/3, the same
     * sd. se = 1.527525/√3 = 0.881917; chance = Φ((4/3)/√(2·0.777778)) =
     * Φ(1.069045) = 0.857475; lift = (14/3)/(10/3) − 1 = 0.4 */
    CHECK_INT(e->method, LS_EXP_NORMAL);
    CHECK_INT(e->cuped, 0);
    CHECK_INT(e->v[0].conversions, 0);
    CHECK(isnan(e->v[0].rate));
    CHECK_NUM(e->v[0].mean, 10.0 / 3, 1e-12);
    CHECK_NUM(e->v[1].mean, 14.0 / 3, 1e-12);
    CHECK_NUM(e->v[0].sd, 1.52752523165195, 1e-10);
    CHECK_NUM(e->v[1].lift, 0.4, 1e-12);
    CHECK_NUM(e->v[1].chance, 0.857475296298694, 1e-8);
    CHECK(isnan(e->theta));
  }
  ls_experiment_free(e);
}

TEST(cuped_should_take_theta_from_the_six_users_worked_by_hand) {
  ls_experiment *e = run_revenue(1, 3);
  CHECK(e != NULL);
  if (e) {
    /* X̄ = 2, Ȳ = 4; dx = −1 0 1 −1 0 1, dy = −2 −1 1 −1 1 2: Σdxdy = 6,
     * Σdx² = 4, θ = 1.5. Y_adj = Y − 1.5(X − 2) = 3.5 3 3.5 | 4.5 5 4.5;
     * Var Y = 12/5 = 2.4, Var Y_adj = 3/5 = 0.6: reduction 1 − 0.6/2.4 = 0.75.
     * Adjusted means 10/3 and 14/3 (each arm's X̄ is 2), each arm's sd
     * √((1/36 + 1/9 + 1/36)/2) = √(1/12) = 0.288675, se 1/6: the test arm's
     * interval 14/3 ± 1.959964/6 = [4.340006, 4.993327]; chance to win
     * Φ((4/3)/√(2/36)) = Φ(5.656854), 1 − 7.7e−9 */
    CHECK_INT(e->cuped, 1);
    CHECK_INT(e->users_with_pre, 6);
    CHECK_NUM(e->theta, 1.5, 1e-12);
    CHECK_NUM(e->variance_reduction, 0.75, 1e-12);
    CHECK_NUM(e->v[1].value, 14.0 / 3, 1e-12);
    CHECK_NUM(e->v[1].mean, 14.0 / 3, 1e-12); /* the raw mean, kept */
    CHECK_NUM(e->v[1].sd, 1.52752523165195, 1e-10);
    CHECK_NUM(e->v[1].ci_low, 4.34000600257666, 1e-9);
    CHECK_NUM(e->v[1].ci_high, 4.99332733075668, 1e-9);
    CHECK_NUM(e->v[0].pre_mean, 2, 1e-12);
    CHECK_NUM(e->v[1].chance, 1, 1e-7);
    CHECK_INT(e->guard, LS_EXP_OK);
    CHECK_INT(e->winner, 1);
    CHECK_INT(e->v[1].significant, 1);
  }
  ls_experiment_free(e);
}

TEST(cuped_should_say_nothing_without_pre_exposure_data) {
  /* from Mar 10 on, the window before each exposure still reaches Mar 9:
   * the pre-exposure window is not cut at from. A window that starts after
   * every buy: only the views and later events, so no user has one. */
  static const xrow LATE[] = {
      {"a", "view", "2026-03-10T00:00:00Z", "control", NAN}, {"a", "buy", "2026-03-11T00:00:00Z", NULL, 4},
      {"b", "view", "2026-03-10T00:00:00Z", "test", NAN},    {"b", "buy", "2026-03-11T00:00:00Z", NULL, 6},
  };
  ls_workspace *ws = ws_of(LATE, N(LATE));
  ls_experiment_query q = LS_EXPERIMENT_QUERY_INIT;
  q.variant = "ab_bucket", q.metric = "revenue";
  ls_experiment *e = run(ws, &q);
  CHECK(e && e->cuped == 0 && e->users_with_pre == 0 && isnan(e->variance_reduction));
  if (e) CHECK_NUM(e->v[1].value, 6, 1e-12);
  ls_experiment_free(e);
  ls_workspace_free(ws);
}

/* ---- sample ratio ---- */

TEST(srm_should_test_the_exposures_against_the_weights) {
  ls_workspace *ws = ws_of(MEAN, N(MEAN));
  static const char *const names[] = {"control", "test", "holdout"};
  static const double w[] = {1, 2, 1};
  ls_experiment_query q = LS_EXPERIMENT_QUERY_INIT;
  q.variant = "ab_bucket", q.metric = "revenue", q.weight_names = names, q.weights = w, q.nweights = 2;
  ls_experiment *e = run(ws, &q);
  CHECK(e != NULL);
  if (e) {
    /* 3 and 3 of 6 against 1:2 → expected 2 and 4: χ² = 1/2 + 1/4 = 0.75,
     * df 1, p = 2(1 − Φ(√0.75)) = 0.386476 */
    CHECK_NUM(e->v[0].expected, 2, 1e-12);
    CHECK_NUM(e->srm_chi2, 0.75, 1e-12);
    CHECK_INT(e->srm_df, 1);
    CHECK_NUM(e->srm_p, 0.386476230771233, 1e-10);
    CHECK_INT(e->srm, 0);
  }
  ls_experiment_free(e);
  q.nweights = 3; /* a holdout named but never seen: 3, 3, 0 against 1.5, 3, 1.5:
                   * χ² = 1.5 + 0 + 1.5 = 3, df 2, p = e^(−1.5) = 0.223130 */
  e = run(ws, &q);
  CHECK(e && e->nvariants == 3);
  if (e) {
    CHECK_STR(e->v[0].name, "control");
    CHECK_STR(e->v[1].name, "holdout");
    CHECK_INT(e->v[1].exposures, 0);
    CHECK_NUM(e->srm_chi2, 3, 1e-12);
    CHECK_NUM(e->srm_p, exp(-1.5), 1e-12);
  }
  ls_experiment_free(e);
  ls_workspace_free(ws);
}

TEST(srm_should_flag_a_split_far_from_even) {
  /* 30 users in control, 90 in test against 60 / 60: χ² = 900/60 · 2 = 30,
   * df 1, p = 2(1 − Φ(√30)) = 4.3e−8 < 0.001 */
  xrow rows[120];
  char ids[120][16];
  for (int i = 0; i < 120; i++) {
    snprintf(ids[i], sizeof ids[i], "u%d", i);
    rows[i] = (xrow){ids[i], "view", "2026-03-10T00:00:00Z", i < 30 ? "control" : "test", NAN};
  }
  ls_workspace *ws = ws_of(rows, 120);
  ls_experiment_query q = LS_EXPERIMENT_QUERY_INIT;
  q.variant = "ab_bucket", q.goal_event = "buy";
  ls_experiment *e = run(ws, &q);
  CHECK(e && e->srm == 1);
  if (e) {
    CHECK_NUM(e->srm_chi2, 30, 1e-12);
    CHECK_NUM(e->srm_p, 4.3204e-8, 1e-11);
    CHECK_INT(e->guard, LS_EXP_FEW_EXPOSURES); /* 30 < 100 */
  }
  ls_experiment_free(e);
  ls_workspace_free(ws);
}

/* ---- specs ---- */

static ls_status json_of(ls_workspace *ws, const char *spec, char **out) {
  *out = NULL;
  return ls_experiment_json(ws, spec, out);
}

TEST(json_spec_should_print_what_the_run_gives) {
  ls_workspace *ws = ws_of(CONV, N(CONV));
  char *out = NULL;
  CHECK_INT(json_of(ws, "{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"cuped\":false,\"to\":\"2026-03-04\"}", &out), LS_OK);
  CHECK_HAS(out, "\"method\":\"beta\"");
  CHECK_HAS(out, "\"name\":\"test\",\"exposures\":2,\"conversions\":2,\"rate\":1,");
  CHECK_HAS(out, "\"lift\":1,\"chance\":0.8,"); /* 4/5, printed to 10 digits */
  CHECK_HAS(out, "\"ci\":[0.2924017738,0.9915962413]"); /* 0.025^(1/3), 0.975^(1/3) */
  CHECK_HAS(out, "\"cuped\":null,\"cuped_requested\":false");
  CHECK_HAS(out, "\"insufficient\":true,\"reason\":{\"code\":\"exposures\",\"variant\":\"control\",\"count\":2,\"min\":100}");
  CHECK_HAS(out, "\"winner\":null");
  ls_free(out);
  /* "to" is a day included: up to Mar 2 u4's Mar 4 buy is outside, u3's counts */
  CHECK_INT(json_of(ws, "{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"cuped\":false,\"to\":\"2026-03-02\"}", &out), LS_OK);
  CHECK_HAS(out, "\"name\":\"test\",\"exposures\":2,\"conversions\":1,");
  ls_free(out);
  ls_workspace_free(ws);
}

TEST(json_spec_should_refuse_malformed_specs_naming_the_key) {
  static const struct {
    const char *spec, *part;
    ls_status st;
  } BAD[] = {
      {"[1]", "not a JSON object", LS_EINVAL},
      {"{\"goal\":{\"event\":\"buy\"}}", "variant column", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\"}", "\"goal\"", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{}}", "needs a goal", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":\"buy\"}", "\"goal\"", LS_EINVAL},
      {"{\"variant\":7,\"goal\":{\"event\":\"buy\"}}", "\"variant\" must be a text", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"cuped\":\"yes\"}", "\"cuped\"", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"weights\":[1,1]}", "\"weights\"", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"weights\":{\"control\":-1,\"test\":1}}", "above 0", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"weights\":{\"control\":1}}", "none for variant \"test\"", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"control\":\"nope\"}", "control \"nope\"", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"metric\":\"ab_bucket\"}}", "not numeric", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"metric\":\"nope\"}}", "no column \"nope\"", LS_ENOTFOUND},
      {"{\"variant\":\"nope\",\"goal\":{\"event\":\"buy\"}}", "nope", LS_ENOTFOUND},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"by\":\"plan\"}", "\"by\" is not taken", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"min_exposures\":-1}", "\"min_exposures\"", LS_EINVAL},
      {"{\"variant\":\"ab_bucket\",\"goal\":{\"event\":\"buy\"},\"from\":\"2026-03-05\",\"to\":\"2026-03-01\"}", "empty", LS_EINVAL},
  };
  ls_workspace *ws = ws_of(CONV, N(CONV));
  for (size_t i = 0; i < N(BAD); i++) {
    char *out = NULL;
    ls_status st = json_of(ws, BAD[i].spec, &out);
    if (st != BAD[i].st) printf("  spec %zu: status %d, expected %d (%s)\n", i, (int)st, (int)BAD[i].st, ls_workspace_errmsg(ws));
    CHECK_INT(st, BAD[i].st);
    CHECK(out == NULL);
    CHECK_HAS(ls_workspace_errmsg(ws), BAD[i].part);
    ls_free(out);
  }
  ls_workspace_free(ws);
}

int main(void) {
  RUN(beta_cdf_should_match_the_closed_forms_of_small_shapes);
  RUN(beta_quantiles_should_invert_the_closed_forms);
  RUN(chance_to_win_should_match_the_integrals_worked_by_hand);
  RUN(normal_chance_to_win_should_be_phi_of_the_standardised_gap);
  RUN(chi_square_tail_should_match_the_closed_forms);
  RUN(conversion_experiment_should_read_beta_posteriors_from_counts);
  RUN(conversion_experiment_should_take_the_named_exposure_and_control);
  RUN(conversion_cuped_should_use_the_pre_exposure_goal_event);
  RUN(mean_experiment_without_cuped_should_use_the_raw_means);
  RUN(cuped_should_take_theta_from_the_six_users_worked_by_hand);
  RUN(cuped_should_say_nothing_without_pre_exposure_data);
  RUN(srm_should_test_the_exposures_against_the_weights);
  RUN(srm_should_flag_a_split_far_from_even);
  RUN(json_spec_should_print_what_the_run_gives);
  RUN(json_spec_should_refuse_malformed_specs_naming_the_key);
  return check_done();
}
