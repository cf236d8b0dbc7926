/* test_stripe_fixture.c: data/stripe_subscriptions.csv, a Stripe-style
 * subscriptions export, loaded from disk through the normal load path, against
 * numbers computed by hand from docs/metrics.md (never from the engine).
 *
 * ---- The file (21 rows, 16 customers, all times UTC, Jan–Jun 2026) ----
 *
 * Monthly amount of each row (docs/metrics.md "The monthly amount"):
 *   acme_pro        Pro $49 × 1, month               = 49     trial 01-05 → 01-19 10:00,
 *                   ends 03-16 12:00 (the upgrade)         counts [01-19 10:00, 03-16 12:00)
 *   acme_business   Business $99 × 1                 = 99     [03-16 12:00, –)
 *   bolt_basic      Basic $19                        = 19     [01-12 09:00, –)
 *   crane_team_5    Team $12 × 5 seats               = 60     [01-20 14:00, 04-10 08:00)
 *   crane_team_8    Team $12 × 8 seats (seat change) = 96     [04-10 08:00, –)
 *   delta_annual    Pro Annual $1,200 / year ÷ 12    = 100    [02-03 11:00, –); cancelled at
 *                   period end on 05-20 16:00, Ended At empty (the paid year runs to 2027-02-03)
 *   echo_weekly     Weekly $10 × 52/12               = 130/3 = 43.333…  [02-09 08:00, –)
 *                   (× 4 = 40; × 4.33 = 43.30)
 *   fjord_pro       Pro $49, trial 02-14 → 02-28 10:00, Ended At 02-28 10:00: on = off, never MRR
 *   gale_business   Business $99                     = 99     [01-26 15:00, 04-22 10:00)
 *   gale_pro        Pro $49 (the downgrade)          = 49     [04-22 10:00, –)
 *   harbor_basic    Basic $19, cancelled 03-22 at period end, Ended At 04-15 12:00
 *                                                    = 19     [01-15 12:00, 04-15 12:00)
 *                                                    (churn_at = canceled: [.., 03-22 09:00))
 *   iris_pro_1      Pro $49, cancelled at once       = 49     [01-28 09:00, 03-03 14:00)
 *   iris_pro_2      Pro $49, back (reactivation)     = 49     [05-11 10:00, –)
 *   juniper_pro     Pro $49, trial 05-25 → 06-08     = 49     [06-08 10:00, –)
 *   kite_pro        Pro $49, trialing 06-20 → 07-04 (after the as-of): no MRR by 07-01
 *   lumen_pro       Pro $49, trial 06-05 → 06-19, cancelled 06-12, ended 06-19: never MRR
 *   mesa_business   Business $99, Coupon Percent Off 20: 99 × 0.8 = 79.20  [03-02 10:00, –)
 *                   (discounts = ignore: 99)
 *   north_basic     Basic $19                        = 19     [06-30 15:00, –)
 *   orbit_pro       incomplete_expired: left out
 *   pike_pro        Pro $49, joins and leaves in April = 49   [04-03 10:00, 04-24 10:00)
 *   pike_basic      Basic $19, back in June          = 19     [06-15 10:00, –)
 *
 * The latest recorded instant is north's start, 06-30 15:00 (Ended At and
 * trial ends do not count), so the as-of instant is 07-01 00:00 and the
 * complete months are January (the first recorded instant, 01-05) to June.
 *
 * ---- Customer MRR at each month end (default settings) ----
 *          Jan  Feb     Mar     Apr     May     Jun
 *   acme   49   49      99      99      99      99
 *   bolt   19   19      19      19      19      19
 *   crane  60   60      60      96      96      96
 *   delta  –    100     100     100     100     100
 *   echo   –    130/3   130/3   130/3   130/3   130/3
 *   gale   99   99      99      49      49      49
 *   harbor 19   19      19      –       –       –
 *   iris   49   49      –       –       49      49
 *   mesa   –    –       79.2    79.2    79.2    79.2
 *   juniper, north, pike: 49, 19, 19 in June only (pike's April is inside the month)
 *   MRR    295  1315/3  7778/15 7283/15 8018/15 9323/15
 *          (438.33…, 518.53…, 485.53…, 534.53…, 621.53…)
 *   paying 6    8       8       7       8       11
 *
 * Boundary movements (end of P−1 against end of P):
 *   Jan  new 295 (acme 49, bolt 19, crane 60, gale 99, harbor 19, iris 49)
 *   Feb  new 100 + 130/3 = 430/3 (delta, echo)
 *   Mar  new 79.2 (mesa); expansion 50 (acme 49 → 99); churn 49 (iris); net 80.2
 *   Apr  expansion 36 (crane 60 → 96); contraction 50 (gale 99 → 49); churn 19 (harbor);
 *        net −33; pike joined and left inside April: invisible
 *   May  reactivation 49 (iris: MRR at the ends of Jan and Feb); net 49
 *   Jun  new 49 + 19 + 19 = 87 (juniper, north, and pike: no MRR at any earlier period end)
 * Customer churn rate = churned / paying at the end of P−1: Jan empty (0 at
 * the start), Feb 0/6, Mar 1/8, Apr 1/8, May 0/7, Jun 0/8.
 * NRR and GRR over the customers paying at the end of P−1:
 *   Mar  end-Feb customers at the end of March: 99+19+60+100+130/3+99+19+0 = 1318/3 → NRR
 *        1318/1315; capped at their February MRR (acme 49): 1168/3 → GRR 1168/1315
 *   Apr  end-Mar customers at the end of April: 99+19+96+100+130/3+49+0+79.2 = 7283/15 → NRR
 *        7283/7778; capped (crane 60): 6743/15 → GRR 6743/7778
 *   Feb, May, Jun: no starting customer changed → 1 and 1.
 * ARPA = MRR / paying: 295/6, 1315/24, 7778/120, 7283/105, 8018/120, 9323/165.
 * Trials started (by trial start): Jan acme, Feb fjord, May juniper, Jun kite and lumen.
 * Trial conversion (due: trial end ≤ 07-01): Jan 1/1, Feb 0/1, Mar and Apr none
 * started (empty), May 1/1, Jun 0/1 (kite's trial ends 07-04: not due).
 * Trial MRR: juniper at the end of May (05-25 < 06-01 ≤ 06-08), kite at the end of June: 49, 49.
 *
 * Each setting below repeats the derivation where it changes anything. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "revenue_fixture.h"
#include "workspace/load.h"
#include "workspace/workspace.h"

#define E NAN /* an empty value */
#define MONTHS 6

typedef struct {
  const char *metric;
  double v[MONTHS]; /* January to June 2026 */
} expect;

static ls_workspace *load_fixture(void) {
  const char *root = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/data/stripe_subscriptions.csv", root ? root : ".");
  ls_workspace *ws = ls_workspace_new();
  if (ls_load_path(ws, path, NULL) != LS_OK) CHECK_FAIL_("cannot load %s: %s", path, ls_workspace_errmsg(ws));
  return ws;
}

static void set(ls_workspace *ws, const char *key, const char *value) {
  if (ls_workspace_set(ws, key, value) != LS_OK) CHECK_FAIL_("set %s=%s: %s", key, value, ls_workspace_errmsg(ws));
}

/* every row of want over the workspace's complete months, which must be
 * January to June 2026 */
static void check_table(ls_workspace *ws, const char *settings, const expect *want, size_t n) {
  static const char *months[MONTHS] = {"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"};
  for (size_t i = 0; i < n; i++) {
    ls_query q = LS_QUERY_INIT;
    ls_series *s = NULL;
    if (ls_metric_run(ws, want[i].metric, &q, &s) != LS_OK) {
      CHECK_FAIL_("[%s] %s: %s", settings, want[i].metric, ls_workspace_errmsg(ws));
      continue;
    }
    CHECK_INT(s->n, MONTHS);
    if (s->n > 0) CHECK_INT(s->start[0], T("2026-01-01"));
    for (size_t k = 0; k < s->n && k < MONTHS; k++) {
      double g = s->value[k], w = want[i].v[k];
      if (!((isnan(g) && isnan(w)) || fabs(g - w) <= 1e-9))
        CHECK_FAIL_("[%s] %s %s is %.17g, expected %.17g", settings, want[i].metric, months[k], g, w);
    }
    ls_series_free(s);
  }
}

/* want over a fresh load of the fixture under the settings kv (key, value, …, NULL) */
static void check_under(const char *const *kv, const char *label, const expect *want, size_t n) {
  ls_workspace *ws = load_fixture();
  for (size_t i = 0; kv[i] && kv[i + 1]; i += 2) set(ws, kv[i], kv[i + 1]);
  check_table(ws, label, want, n);
  ls_workspace_free(ws);
}

#define CHECK_UNDER(table, ...) \
  check_under((const char *const[]){__VA_ARGS__, NULL}, #table, table, sizeof table / sizeof table[0])

/* ---- default settings: churn_at ended, movements boundary, weekly_factor 52/12 ---- */

static const expect DEFAULTS[] = {
    {"mrr", {295, 1315.0 / 3, 7778.0 / 15, 7283.0 / 15, 8018.0 / 15, 9323.0 / 15}},
    {"arr", {3540, 5260, 6222.4, 5826.4, 6414.4, 7458.4}}, /* 12 × MRR */
    {"customers", {6, 8, 8, 7, 8, 11}},
    {"new_mrr", {295, 430.0 / 3, 79.2, 0, 0, 87}},
    {"expansion_mrr", {0, 0, 50, 36, 0, 0}},
    {"contraction_mrr", {0, 0, 0, 50, 0, 0}},
    {"churned_mrr", {0, 0, 49, 19, 0, 0}},
    {"reactivation_mrr", {0, 0, 0, 0, 49, 0}},
    {"net_new_mrr", {295, 430.0 / 3, 80.2, -33, 49, 87}},
    {"customer_churn_rate", {E, 0, 1.0 / 8, 1.0 / 8, 0, 0}},
    {"trials_started", {1, 1, 0, 0, 1, 2}},
    {"trial_conversion_rate", {1, 0, E, E, 1, 0}},
    {"trial_mrr", {0, 0, 0, 0, 49, 49}},
    {"nrr", {E, 1, 1318.0 / 1315, 7283.0 / 7778, 1, 1}},
    {"grr", {E, 1, 1168.0 / 1315, 6743.0 / 7778, 1, 1}},
    {"arpa", {295.0 / 6, 1315.0 / 24, 7778.0 / 120, 7283.0 / 105, 8018.0 / 120, 9323.0 / 165}},
    /* (churn + contraction) / MRR(P−1): Mar 49 / (1315/3), Apr 69 / (7778/15) */
    {"gross_mrr_churn_rate", {E, 0, 147.0 / 1315, 1035.0 / 7778, 0, 0}},
    /* (churn + contraction − expansion − reactivation) / MRR(P−1): Mar (49 − 50) / (1315/3),
     * Apr (69 − 36) / (7778/15), May −49 / (7283/15) */
    {"net_mrr_churn_rate", {E, 0, -3.0 / 1315, 495.0 / 7778, -735.0 / 7283, 0}},
    /* (new + expansion + reactivation) / (churn + contraction): Mar 129.2 / 49, Apr 36 / 69 */
    {"quick_ratio", {E, E, 129.2 / 49, 36.0 / 69, E, E}},
    {"ltv", {E, E, E, E, E, E}}, /* fewer than 7 periods of history */
};

TEST(stripe_export_should_give_the_hand_computed_numbers_under_the_defaults) {
  CHECK_UNDER(DEFAULTS, NULL);
}

/* ---- churn_at = canceled: harbor stops at 03-22 09:00, delta at 05-20 16:00 ----
 *   MRR  Mar 7778/15 − 19 = 7493/15 (7 paying); Apr 7283/15 (harbor was 0 there anyway);
 *        May 8018/15 − 100 = 6518/15 (7); Jun 6518/15 + 87 = 7823/15 (10)
 *   Mar  churn 49 + 19 = 68 (iris, harbor), 2 of 8 customers; net 79.2 + 50 − 68 = 61.2
 *        NRR (1318/3 − 19) / (1315/3) = 1261/1315; GRR (1168/3 − 19) / (1315/3) = 1111/1315
 *   Apr  churn 0, 0 of 7; net 36 − 50 = −14; NRR 7283/7493; GRR 6743/7493
 *   May  reactivation 49, churn 100 (delta), 1 of 7; net −51;
 *        NRR = GRR = (7283/15 − 100) / (7283/15) = 5783/7283
 *   fjord and lumen were cancelled inside their trials: still never MRR, still not converted. */
static const expect CANCELED[] = {
    {"mrr", {295, 1315.0 / 3, 7493.0 / 15, 7283.0 / 15, 6518.0 / 15, 7823.0 / 15}},
    {"customers", {6, 8, 7, 7, 7, 10}},
    {"new_mrr", {295, 430.0 / 3, 79.2, 0, 0, 87}},
    {"expansion_mrr", {0, 0, 50, 36, 0, 0}},
    {"contraction_mrr", {0, 0, 0, 50, 0, 0}},
    {"churned_mrr", {0, 0, 68, 0, 100, 0}},
    {"reactivation_mrr", {0, 0, 0, 0, 49, 0}},
    {"net_new_mrr", {295, 430.0 / 3, 61.2, -14, -51, 87}},
    {"customer_churn_rate", {E, 0, 2.0 / 8, 0, 1.0 / 7, 0}},
    {"nrr", {E, 1, 1261.0 / 1315, 7283.0 / 7493, 5783.0 / 7283, 1}},
    {"grr", {E, 1, 1111.0 / 1315, 6743.0 / 7493, 5783.0 / 7283, 1}},
    {"arpa", {295.0 / 6, 1315.0 / 24, 7493.0 / 105, 7283.0 / 105, 6518.0 / 105, 7823.0 / 150}},
    {"trials_started", {1, 1, 0, 0, 1, 2}},
    {"trial_conversion_rate", {1, 0, E, E, 1, 0}},
    {"trial_mrr", {0, 0, 0, 0, 49, 49}},
};

TEST(churn_at_canceled_should_date_the_period_end_cancellations_at_the_request) {
  CHECK_UNDER(CANCELED, "churn_at", "canceled");
}

/* ---- movements = event: every change at its instant ----
 *   An upgrade or seat change is one row ending and the next starting at the
 *   same instant, taken together: acme 49 → 99, crane 60 → 96, gale 99 → 49
 *   stay expansion and contraction, as under boundary.
 *   Apr  pike joins (04-03, new 49) and leaves (04-24, churn 49): new 49, churn 19 + 49 = 68,
 *        churned customers 2 of 8; net still −33; quick ratio (49 + 36) / (68 + 50) = 85/118;
 *        gross churn 118 / (7778/15) = 1770/7778
 *   Jun  pike comes back: it had MRR at an earlier instant, so reactivation 19; new 49 + 19 = 68
 *   NRR and GRR read the period-end snapshots: as under boundary. */
static const expect EVENT[] = {
    {"mrr", {295, 1315.0 / 3, 7778.0 / 15, 7283.0 / 15, 8018.0 / 15, 9323.0 / 15}},
    {"new_mrr", {295, 430.0 / 3, 79.2, 49, 0, 68}},
    {"expansion_mrr", {0, 0, 50, 36, 0, 0}},
    {"contraction_mrr", {0, 0, 0, 50, 0, 0}},
    {"churned_mrr", {0, 0, 49, 68, 0, 0}},
    {"reactivation_mrr", {0, 0, 0, 0, 49, 19}},
    {"net_new_mrr", {295, 430.0 / 3, 80.2, -33, 49, 87}},
    {"customer_churn_rate", {E, 0, 1.0 / 8, 2.0 / 8, 0, 0}},
    {"quick_ratio", {E, E, 129.2 / 49, 85.0 / 118, E, E}},
    {"gross_mrr_churn_rate", {E, 0, 147.0 / 1315, 1770.0 / 7778, 0, 0}},
    {"nrr", {E, 1, 1318.0 / 1315, 7283.0 / 7778, 1, 1}},
    {"grr", {E, 1, 1168.0 / 1315, 6743.0 / 7778, 1, 1}},
};

TEST(movements_event_should_see_the_customer_who_joins_and_leaves_inside_april) {
  CHECK_UNDER(EVENT, "movements", "event");
}

/* ---- churn_denominator = start_plus_new: churned / (paying at the start + new) ----
 *   boundary: Jan 0 / (0 + 6) = 0 (no longer empty), Feb 0 / (6 + 2), Mar 1 / (8 + 1),
 *             Apr 1 / (8 + 0), May 0 / (7 + 0), Jun 0 / (8 + 3)
 *   event:    Apr 2 / (8 + 1) (pike is new and churned); the rest as boundary */
static const expect PLUS_NEW[] = {{"customer_churn_rate", {0, 0, 1.0 / 9, 1.0 / 8, 0, 0}}};
static const expect PLUS_NEW_EVENT[] = {{"customer_churn_rate", {0, 0, 1.0 / 9, 2.0 / 9, 0, 0}}};

TEST(churn_denominator_start_plus_new_should_add_the_new_customers) {
  CHECK_UNDER(PLUS_NEW, "churn_denominator", "start_plus_new");
  CHECK_UNDER(PLUS_NEW_EVENT, "churn_denominator", "start_plus_new", "movements", "event");
}

/* ---- weekly_factor: echo's $10 a week is 130/3 (52/12), 40 (4) or 43.30 (4.33) a month ----
 *   at 4: MRR Feb 1315/3 − 130/3 + 40 = 435; Mar 515.2; Apr 482.2; May 531.2; Jun 618.2;
 *         new Feb 100 + 40 = 140; NRR Mar (99+19+60+100+40+99+19) / 435 = 436/435
 *   at 4.33: Feb 438.3, Mar 518.5, Apr 485.5, May 534.5, Jun 621.5 */
static const expect WEEKLY_4[] = {
    {"mrr", {295, 435, 515.2, 482.2, 531.2, 618.2}},
    {"new_mrr", {295, 140, 79.2, 0, 0, 87}},
    {"nrr", {E, 1, 436.0 / 435, 482.2 / 515.2, 1, 1}}, /* Apr: 99+19+96+100+40+49+0+79.2 */
};
static const expect WEEKLY_433[] = {{"mrr", {295, 438.3, 518.5, 485.5, 534.5, 621.5}}};

TEST(weekly_factor_should_scale_the_weekly_plan_only) {
  CHECK_UNDER(WEEKLY_4, "weekly_factor", "4");
  CHECK_UNDER(WEEKLY_433, "weekly_factor", "4.33");
}

/* ---- discounts = ignore: mesa pays list price, 99 instead of 79.20 (+19.8 = +297/15) ---- */
static const expect NO_DISCOUNT[] = {
    {"mrr", {295, 1315.0 / 3, 8075.0 / 15, 7580.0 / 15, 8315.0 / 15, 9620.0 / 15}},
    {"new_mrr", {295, 430.0 / 3, 99, 0, 0, 87}},
};

TEST(discounts_ignore_should_read_the_list_price_of_the_coupon_row) {
  CHECK_UNDER(NO_DISCOUNT, "discounts", "ignore");
}

/* ---- mrr_by_plan: each plan's subscriptions alone ----
 *   Basic      bolt 19 + harbor 19 (to 04-15) + north 19 + pike 19 (June)
 *   Business   gale 99 (to 04-22) + acme 99 (from 03-16) + mesa 79.2 (from 03-02)
 *   Pro        acme 49 (to 03-16) + iris 49 (to 03-03, again from 05-11) + gale 49 (from 04-22)
 *              + juniper 49 (June)
 *   Pro Annual delta 100 from February; Team crane 60, then 96 from April; Weekly echo 130/3
 * Each month the plans add up to MRR (Jan 38 + 99 + 98 + 60 = 295). */
TEST(mrr_by_plan_should_split_mrr_by_the_plan_column) {
  static const expect PLANS[] = {
      {"Basic", {38, 38, 38, 19, 19, 57}},
      {"Business", {99, 99, 277.2, 178.2, 178.2, 178.2}},
      {"Pro", {98, 98, 0, 49, 98, 147}},
      {"Pro Annual", {0, 100, 100, 100, 100, 100}},
      {"Team", {60, 60, 60, 96, 96, 96}},
      {"Weekly", {0, 130.0 / 3, 130.0 / 3, 130.0 / 3, 130.0 / 3, 130.0 / 3}},
  };
  ls_workspace *ws = load_fixture();
  ls_query q = LS_QUERY_INIT;
  ls_breakdown *b = NULL;
  if (ls_metric_run_by(ws, "mrr_by_plan", &q, &b) != LS_OK) {
    CHECK_FAIL_("mrr_by_plan: %s", ls_workspace_errmsg(ws));
    ls_workspace_free(ws);
    return;
  }
  CHECK_STR(b->by, "Plan");
  CHECK_INT(b->n, 6);
  for (size_t i = 0; i < b->n && i < 6; i++) {
    CHECK_STR(b->label[i], PLANS[i].metric);
    CHECK_INT(b->series[i]->n, MONTHS);
    for (size_t k = 0; k < b->series[i]->n && k < MONTHS; k++)
      if (fabs(b->series[i]->value[k] - PLANS[i].v[k]) > 1e-9)
        CHECK_FAIL_("%s month %zu is %.17g, expected %.17g", PLANS[i].metric, k + 1, b->series[i]->value[k],
                    PLANS[i].v[k]);
  }
  ls_breakdown_free(b);
  ls_workspace_free(ws);
}

/* ---- day grain: a period-end cancellation counts until its Ended At ----
 *   end of 04-14: acme 99, bolt 19, crane 96, delta 100, echo 130/3, gale 99, harbor 19,
 *                 mesa 79.2, pike 49 = 9053/15
 *   end of 04-15: harbor's paid month ended at 12:00 → 9053/15 − 19 = 8768/15
 *   end of 04-24: gale became 49 on 04-22, pike left at 10:00 → 8768/15 − 50 − 49 = 7283/15 */
TEST(a_period_end_cancellation_should_count_until_its_ended_at) {
  ls_workspace *ws = load_fixture();
  CHECK_NUM(value_in(ws, "mrr", LS_GRAIN_DAY, "2026-04-14", NULL), 9053.0 / 15, 1e-9);
  CHECK_NUM(value_in(ws, "mrr", LS_GRAIN_DAY, "2026-04-15", NULL), 8768.0 / 15, 1e-9);
  CHECK_NUM(value_in(ws, "mrr", LS_GRAIN_DAY, "2026-04-24", NULL), 7283.0 / 15, 1e-9);
  CHECK_NUM(value_in(ws, "customers", LS_GRAIN_DAY, "2026-04-14", NULL), 9, 0);
  CHECK_NUM(value_in(ws, "customers", LS_GRAIN_DAY, "2026-04-24", NULL), 7, 0);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(stripe_export_should_give_the_hand_computed_numbers_under_the_defaults);
  RUN(churn_at_canceled_should_date_the_period_end_cancellations_at_the_request);
  RUN(movements_event_should_see_the_customer_who_joins_and_leaves_inside_april);
  RUN(churn_denominator_start_plus_new_should_add_the_new_customers);
  RUN(weekly_factor_should_scale_the_weekly_plan_only);
  RUN(discounts_ignore_should_read_the_list_price_of_the_coupon_row);
  RUN(mrr_by_plan_should_split_mrr_by_the_plan_column);
  RUN(a_period_end_cancellation_should_count_until_its_ended_at);
  return check_done();
}
