/* gen.h: the deterministic demo workspace generator.
 *
 * A career-tech SaaS: job seekers scan resumes against job posts. Plans Basic,
 * Pro and Team, monthly and annual, with trials, upgrades, downgrades, churn
 * and returns, and the ad campaigns that buy its paid signups. The same
 * options always give the same tables, byte for byte, on every platform
 * (native and WebAssembly). */
#ifndef LS_GEN_H
#define LS_GEN_H

#include <stdint.h>

#include "base/status.h"
#include "table/table.h"

typedef struct {
  uint64_t seed;   /* default 42 */
  int users;       /* default 10000; 1 .. 10,000,000 */
  int days;        /* default 365; 1 .. 3650 */
  int64_t start;   /* first day, ms since the epoch (UTC midnight); default 2025-11-01 */
  int event_users; /* 0 (default): every customer sends events; N in 1 .. users: only
                    * customers floor(i * users / N), i = 0 .. N-1, do (every other
                    * table is unchanged, and so are those customers' events) */
} ls_gen_options;

enum {
  LS_GEN_CUSTOMERS,
  LS_GEN_SUBSCRIPTIONS,
  LS_GEN_EVENTS,
  LS_GEN_PAYMENTS,
  LS_GEN_CAMPAIGNS,
  LS_GEN_REVIEWS,
  LS_GEN_TABLES
};

/* Fill o with the defaults above. */
void ls_gen_defaults(ls_gen_options *o);
/* Generate the six tables, named "customers.csv", "subscriptions.csv",
 * "events.csv", "payments.csv", "campaigns.csv" (hourly ad spend per
 * campaign, kind marketing_spend) and "reviews.csv" (reviews of the orders,
 * kind reviews), into out[LS_GEN_*]. The caller frees each
 * with ls_table_free. LS_EINVAL for options out of range, LS_ENOMEM on out of
 * memory; on error every out[i] is NULL. */
ls_status ls_gen(const ls_gen_options *o, ls_table *out[LS_GEN_TABLES]);

#endif
