/* registry.c: every metric, registered once. docs/metrics.md documents each
 * exactly as computed; a test checks that every name here appears there. */
#include "catalog/registry.h"

#include "metrics/metrics.h"

#define ALL_GRAINS (LS_GRAIN_DAY | LS_GRAIN_WEEK | LS_GRAIN_MONTH)

const ls_metric_def ls_registry[] = {
  {"mrr", "MRR", "currency",
   "Monthly recurring revenue: the monthly-normalised amount x quantity of subscriptions active "
   "and out of trial at the end of the period.",
   LS_KIND_SUBSCRIPTIONS, ALL_GRAINS, LS_GRAIN_MONTH, ls_metric_mrr},
  {"arr", "ARR", "currency", "Annual run rate: 12 x MRR at the end of the period.",
   LS_KIND_SUBSCRIPTIONS, ALL_GRAINS, LS_GRAIN_MONTH, ls_metric_arr},
  {"customers", "Paying customers", "count",
   "Customers whose MRR is above zero at the end of the period.",
   LS_KIND_SUBSCRIPTIONS, ALL_GRAINS, LS_GRAIN_MONTH, ls_metric_customers},
  {"dau", "DAU", "count", "Daily active users: distinct users with any event that day.",
   LS_KIND_EVENTS, LS_GRAIN_DAY, LS_GRAIN_DAY, ls_metric_dau},
  {"wau", "WAU", "count",
   "Weekly active users, rolling: distinct users with any event in the 7 days ending that day.",
   LS_KIND_EVENTS, LS_GRAIN_DAY, LS_GRAIN_DAY, ls_metric_wau},
  {"mau", "MAU", "count",
   "Monthly active users, rolling: distinct users with any event in the 30 days ending that day.",
   LS_KIND_EVENTS, LS_GRAIN_DAY, LS_GRAIN_DAY, ls_metric_mau},
  {"new_users", "New users", "count",
   "Users whose first event falls in the period.",
   LS_KIND_EVENTS, ALL_GRAINS, LS_GRAIN_DAY, ls_metric_new_users},
};

const size_t ls_registry_count = sizeof ls_registry / sizeof ls_registry[0];
