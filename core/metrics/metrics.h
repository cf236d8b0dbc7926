/* metrics.h: the compute kernels the catalog registers (catalog/registry.c).
 * Each fills one value per period over the rows a scope keeps, as
 * docs/metrics.md describes it. */
#ifndef LS_METRICS_H
#define LS_METRICS_H

#include "catalog/catalog.h"

#define LS_KERNEL(name) ls_status ls_metric_##name(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out)

/* revenue.c: subscriptions, from the revenue walk (revwalk.h) */
LS_KERNEL(mrr);
LS_KERNEL(arr);
LS_KERNEL(trial_mrr);
LS_KERNEL(customers);
LS_KERNEL(new_mrr);
LS_KERNEL(expansion_mrr);
LS_KERNEL(contraction_mrr);
LS_KERNEL(churned_mrr);
LS_KERNEL(reactivation_mrr);
LS_KERNEL(net_new_mrr);
LS_KERNEL(arpa);
LS_KERNEL(customer_churn_rate);
LS_KERNEL(gross_mrr_churn_rate);
LS_KERNEL(net_mrr_churn_rate);
LS_KERNEL(nrr);
LS_KERNEL(grr);
LS_KERNEL(ltv);
LS_KERNEL(quick_ratio);
LS_KERNEL(trials_started);
LS_KERNEL(trial_conversion_rate);
LS_KERNEL(cac);
LS_KERNEL(ltv_cac);
LS_KERNEL(cac_payback_months);

/* commerce.c: orders from a payments dataset (metrics/commerce_orders.h) */
LS_KERNEL(gmv);
LS_KERNEL(orders);
LS_KERNEL(aov);
LS_KERNEL(paying_users);
LS_KERNEL(arpu);
LS_KERNEL(arppu);
LS_KERNEL(paying_ratio);
LS_KERNEL(refund_rate_orders);
LS_KERNEL(refund_rate_amount);
LS_KERNEL(repurchase_rate);
LS_KERNEL(tier_users);   /* the total: users with a paid order by the end */
LS_KERNEL(tier_upgrades);
/* tier_users' segments: one per tier of the tiers setting */
extern const ls_segments ls_tier_segments;

/* commerce_renewal.c: subscriptions due to renew, from the revenue index */
LS_KERNEL(renewal_rate);

/* activity.c: distinct active users from an events dataset */
LS_KERNEL(dau);
LS_KERNEL(wau);
LS_KERNEL(mau);
LS_KERNEL(new_users);
LS_KERNEL(active_users);
LS_KERNEL(stickiness);

/* lifecycle.c: PostHog's lifecycle states (metrics/lifecycle.h) */
LS_KERNEL(lifecycle_new);
LS_KERNEL(lifecycle_returning);
LS_KERNEL(lifecycle_resurrecting);
LS_KERNEL(lifecycle_dormant); /* negative, as PostHog plots it */
/* propmath.c: a numeric property per period (metrics/propmath.h); count
 * counts events when the query names no property */
LS_KERNEL(count);
LS_KERNEL(sum);
LS_KERNEL(mean);
LS_KERNEL(min);
LS_KERNEL(max);
LS_KERNEL(p50);
LS_KERNEL(p90);
LS_KERNEL(p95);
LS_KERNEL(p99);

/* techmetrics.c: outcomes, throughput and features of events */
LS_KERNEL(task_success_rate);
LS_KERNEL(error_rate);
LS_KERNEL(failures);
LS_KERNEL(qps_peak);
LS_KERNEL(qps_mean);
LS_KERNEL(feature_penetration);
LS_KERNEL(feature_share);

/* Distinct users with any event in each period (not a registered metric:
 * the denominator of ARPU and the paying ratio). Errors as the others. */
ls_status ls_activity_users(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out);

#endif
