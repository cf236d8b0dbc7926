/* registry.c: every metric, registered once. docs/metrics.md documents each
 * exactly as computed; a test checks that every name here appears there. */
#include "catalog/registry.h"

#include "metrics/metrics.h"
#include "metrics/sessions.h"

#define ALL_GRAINS (LS_GRAIN_DAY | LS_GRAIN_WEEK | LS_GRAIN_MONTH)

/* the settings every subscription metric reads (workspace/settings.h) */
#define SUBS "weekly_factor,discounts,churn_at,currency,rates"
#define MOVES SUBS ",movements"
#define KA(name, title, unit, desc, settings, by, args) \
  {#name, title, unit, desc, LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_DAY, ls_metric_##name, settings, by, NULL, args},
#define KS(name, kernel, title, unit, desc, needs, grains, dflt, settings, by, segments) \
  {#name, title, unit, desc, needs, grains, dflt, ls_metric_##kernel, settings, by, segments, 0},
#define K(name, kernel, title, unit, desc, needs, grains, dflt, settings, by) \
  KS(name, kernel, title, unit, desc, needs, grains, dflt, settings, by, NULL)
#define M(name, title, unit, desc, needs, grains, dflt) K(name, name, title, unit, desc, needs, grains, dflt, "", -1)
#define SUB(name, title, unit, settings, desc) \
  K(name, name, title, unit, desc, LS_KIND_SUBSCRIPTIONS, ALL_GRAINS, LS_GRAIN_MONTH, settings, -1)
/* property math: an event filter and a property, needed */
#define PROP(name, title, desc) \
  KA(name, title, "number", desc, "", -1, LS_ARG_EVENT | LS_ARG_PROPERTY | LS_ARG_PROPERTY_NEEDED)
/* the settings every payments metric reads */
#define PAYS "discounts,currency,rates"
#define PAY(name, title, unit, settings, desc) \
  K(name, name, title, unit, desc, LS_KIND_PAYMENTS, ALL_GRAINS, LS_GRAIN_MONTH, settings, -1)
/* a session metric (metrics/sessions.h): the 30-minute rule, by setting */
#define SES(name, title, unit, desc) \
  K(name, name, title, unit, desc, LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_DAY, "session_gap_minutes", -1)

const ls_metric_def ls_registry[] = {
  SUB(mrr, "MRR", "currency", SUBS,
      "Monthly recurring revenue: the monthly-normalised amount x quantity, less recurring discounts, of "
      "subscriptions active and out of trial at the end of the period.")
  SUB(arr, "ARR", "currency", SUBS, "Annual run rate: 12 x MRR at the end of the period.")
  SUB(trial_mrr, "Trial MRR", "currency", SUBS,
      "The MRR subscriptions in trial at the end of the period will bring when they convert.")
  SUB(customers, "Paying customers", "count", SUBS, "Customers whose MRR is above zero at the end of the period.")
  SUB(new_mrr, "New MRR", "currency", MOVES, "MRR of customers who started paying for the first time in the period.")
  SUB(expansion_mrr, "Expansion MRR", "currency", MOVES, "MRR added by paying customers who pay more.")
  SUB(contraction_mrr, "Contraction MRR", "currency", MOVES, "MRR lost by paying customers who pay less.")
  SUB(churned_mrr, "Churned MRR", "currency", MOVES, "MRR of customers who stopped paying in the period.")
  SUB(reactivation_mrr, "Reactivation MRR", "currency", MOVES, "MRR of former customers who started paying again.")
  SUB(net_new_mrr, "Net new MRR", "currency", MOVES,
      "New + reactivation + expansion - contraction - churned MRR: the change of MRR over the period.")
  SUB(arpa, "ARPA", "currency", SUBS, "Average revenue per account: MRR / paying customers at the end of the period.")
  SUB(customer_churn_rate, "Customer churn rate", "ratio", MOVES ",churn_denominator",
      "Customers who churned in the period / paying customers at its start (plus the new ones, by setting).")
  SUB(gross_mrr_churn_rate, "Gross MRR churn rate", "ratio", MOVES,
      "(Churned + contraction MRR) / MRR at the start of the period.")
  SUB(net_mrr_churn_rate, "Net MRR churn rate", "ratio", MOVES,
      "(Churned + contraction - expansion - reactivation MRR) / MRR at the start of the period.")
  SUB(nrr, "NRR", "ratio", SUBS,
      "Net revenue retention: MRR at the end of the period of the customers paying at its start / their MRR "
      "at the start.")
  SUB(grr, "GRR", "ratio", SUBS,
      "Gross revenue retention: the same customers' MRR at the end, each capped at its start, / their MRR "
      "at the start.")
  /* ARPA is monthly, so a lifetime needs monthly churn rates: month grain only */
  K(ltv, ltv, "LTV", "currency", "Lifetime value: ARPA / the mean monthly customer churn rate of the 6 months before.",
    LS_KIND_SUBSCRIPTIONS, LS_GRAIN_MONTH, LS_GRAIN_MONTH, MOVES ",churn_denominator", -1)
  SUB(quick_ratio, "Quick ratio", "multiple", MOVES,
      "(New + expansion + reactivation MRR) / (churned + contraction MRR).")
  SUB(trials_started, "Trials started", "count", SUBS, "Subscriptions whose trial started in the period.")
  SUB(trial_conversion_rate, "Trial conversion rate", "ratio", SUBS,
      "Of the trials that started in the period and have ended, the share still subscribed after the trial.")
  SUB(cac, "CAC", "currency", MOVES,
      "Customer acquisition cost: acquisition spend in the period / new paying customers in it.")
  K(ltv_cac, ltv_cac, "LTV:CAC", "multiple", "LTV / CAC; 3 or more is healthy.", LS_KIND_SUBSCRIPTIONS,
    LS_GRAIN_MONTH, LS_GRAIN_MONTH, MOVES ",churn_denominator", -1)
  SUB(cac_payback_months, "CAC payback", "months", MOVES ",gross_margin",
      "Months of gross margin to earn back CAC: CAC / (ARPA x gross margin); under 12 is healthy.")
  K(mrr_by_plan, mrr, "MRR by plan", "currency", "MRR at the end of the period of each plan's subscriptions.",
    LS_KIND_SUBSCRIPTIONS, ALL_GRAINS, LS_GRAIN_MONTH, SUBS, LS_ROLE_PLAN)
  PAY(gmv, "GMV", "currency", PAYS,
      "Gross merchandise value: the amount of the paid orders placed in the period, discounts off, refunds not "
      "subtracted.")
  PAY(orders, "Orders", "count", PAYS, "Paid orders placed in the period (distinct order ids, else rows).")
  PAY(aov, "AOV", "currency", PAYS, "Average order value: GMV / paid orders.")
  PAY(paying_users, "Paying users", "count", PAYS, "Distinct customers with a paid order placed in the period.")
  PAY(arpu, "ARPU", "currency", PAYS,
      "Average revenue per user: GMV / active users (distinct users with any event in the period).")
  PAY(arppu, "ARPPU", "currency", PAYS, "Average revenue per paying user: GMV / paying users.")
  PAY(paying_ratio, "Paying ratio", "ratio", PAYS, "Paying users / active users (users with any event in the period).")
  PAY(refund_rate_orders, "Refund rate (orders)", "ratio", PAYS,
      "Paid orders placed in the period that were refunded, in full or in part / paid orders.")
  PAY(refund_rate_amount, "Refund rate (amount)", "ratio", PAYS,
      "Amount refunded of the paid orders placed in the period / their amount (GMV).")
  PAY(repurchase_rate, "Repurchase rate", "ratio", PAYS,
      "Customers with 2 or more paid orders in the period / paying customers in the period.")
  K(renewal_rate, renewal_rate, "Renewal rate", "ratio",
    "Subscriptions due to renew in the period (a billing period ended) that renewed / subscriptions due.",
    LS_KIND_SUBSCRIPTIONS, ALL_GRAINS, LS_GRAIN_MONTH, SUBS, -1)
  KS(tier_users, tier_users, "Users by tier", "count",
     "Users with a paid order by the end of the period, by membership tier of cumulative paid amount less "
     "refunds.",
     LS_KIND_PAYMENTS, ALL_GRAINS, LS_GRAIN_MONTH, PAYS ",tiers", -1, &ls_tier_segments)
  PAY(tier_upgrades, "Tier upgrades", "count", PAYS ",tiers",
      "Users whose membership tier at the end of the period is higher than at the end of the period before.")
  M(dau, "DAU", "count", "Daily active users: distinct users with any event that day.",
    LS_KIND_EVENTS, LS_GRAIN_DAY, LS_GRAIN_DAY)
  M(wau, "WAU", "count", "Weekly active users, rolling: distinct users with any event in the 7 days ending that day.",
    LS_KIND_EVENTS, LS_GRAIN_DAY, LS_GRAIN_DAY)
  M(mau, "MAU", "count",
    "Monthly active users, rolling: distinct users with any event in the 30 days ending that day.",
    LS_KIND_EVENTS, LS_GRAIN_DAY, LS_GRAIN_DAY)
  M(new_users, "New users", "count", "Users whose first event falls in the period.",
    LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_DAY)
  M(active_users, "Active users", "count", "Distinct users with any event in the calendar period.",
    LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_WEEK)
  M(stickiness, "Stickiness", "ratio",
    "DAU / MAU (rolling) of each day; at week and month grains the mean of the daily ratios over the period.",
    LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_DAY)
  M(lifecycle_new, "Lifecycle: new", "count", "Active users whose first event falls in the period.",
    LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_WEEK)
  M(lifecycle_returning, "Lifecycle: returning", "count",
    "Active users who were active in the period before too.", LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_WEEK)
  M(lifecycle_resurrecting, "Lifecycle: resurrecting", "count",
    "Active users, not new, who were not active in the period before.", LS_KIND_EVENTS, ALL_GRAINS,
    LS_GRAIN_WEEK)
  M(lifecycle_dormant, "Lifecycle: dormant", "count",
    "Users active in the period before and not in this one, as a negative count (PostHog plots them below zero).",
    LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_WEEK)
  KA(count, "Event count", "count",
     "Events in the period; with a property, the events whose property holds a number.", "", -1,
     LS_ARG_EVENT | LS_ARG_PROPERTY)
  PROP(sum, "Sum", "The sum of a numeric property over the period's events (0 when none).")
  PROP(mean, "Mean", "The mean of a numeric property over the period's events.")
  PROP(min, "Minimum", "The least value of a numeric property among the period's events.")
  PROP(max, "Maximum", "The greatest value of a numeric property among the period's events.")
  PROP(p50, "Median (p50)",
       "The median of a numeric property over the period's events, interpolated between the two middle values.")
  PROP(p90, "p90", "The 90th percentile of a numeric property over the period's events (linear interpolation).")
  PROP(p95, "p95", "The 95th percentile of a numeric property over the period's events (linear interpolation).")
  PROP(p99, "p99", "The 99th percentile of a numeric property over the period's events (linear interpolation).")
  KA(task_success_rate, "Task success rate", "ratio",
     "Events with a success outcome / events with an outcome (success flag, status word or HTTP status below 400).",
     "", -1, LS_ARG_EVENT)
  KA(error_rate, "Error rate", "ratio",
     "Events with an error outcome (HTTP status 500 and above, by setting 400; a failure flag or word) / events "
     "with an outcome.",
     "error_status", -1, LS_ARG_EVENT)
  KA(failures, "Failures", "count",
     "Events whose outcome is not a success; broken down by an error code column, the top codes.", "", -1,
     LS_ARG_EVENT)
  KA(qps_peak, "Peak QPS", "number", "The most events in any one second of the period.", "", -1, LS_ARG_EVENT)
  KA(qps_mean, "Mean QPS", "number", "Events in the period / the period's length in seconds.", "", -1,
     LS_ARG_EVENT)
  KA(feature_penetration, "Feature penetration", "ratio",
     "Users with an event of the feature in the period / users with any event in it, per feature.", "",
     LS_ROLE_EVENT, LS_ARG_EVENT)
  KA(feature_share, "Feature share", "ratio",
     "Events of the feature in the period / events of every feature in it, per feature.", "", LS_ROLE_EVENT,
     LS_ARG_EVENT)
  SES(sessions, "Sessions", "count",
      "Sessions starting in the period; a session ends after session_gap_minutes (30) without events.")
  SES(session_duration, "Session duration", "seconds",
      "Mean duration of the sessions starting in the period, first event to last (one event: 0 s).")
  SES(session_duration_median, "Median session duration", "seconds",
      "Median duration of the sessions starting in the period, first event to last (one event: 0 s).")
  SES(sessions_per_user, "Sessions per user", "count",
      "Sessions starting in the period / active users (distinct users with any event in the period).")
};

const size_t ls_registry_count = sizeof ls_registry / sizeof ls_registry[0];
