/* insights.h: rule-based insights: the biggest movers period over period and
 * the segments that contributed most to a metric's change. Exact definitions:
 * docs/monitoring-insights.md. */
#ifndef LS_MONITOR_INSIGHTS_H
#define LS_MONITOR_INSIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "workspace/workspace.h"

/* Biggest movers: every catalog metric that runs on ws without arguments (no property
 * needed, not always broken down), at grain, comparing the last complete period ending by at
 * with the one before; ranked by how unusual the change is for that metric: score =
 * |change| / typical_change, typical_change = the median of the non-zero |changes| among
 * the up to 8 period-to-period changes before (at least 4 defined, else score null: ranked
 * after every scored mover), at least 1% of |previous|; ties (and the unscored) by
 * |change_pct|; the top n.
 * JSON array of {"metric","unit","grain","period","previous_period","value","previous",
 *  "change","change_pct","typical_change","score","lower_is_better"} */
ls_status ls_insights_movers(ls_workspace *ws, ls_grain grain, int64_t at, size_t n, cJSON **out);
/* Contribution analysis: which segments of which dimensions (plan, channel, country, segment,
 * event name, any property given in dims, else the dataset's and its customers' columns with
 * those roles) contributed most to a metric's change between the same two periods. JSON
 * {"metric","period","previous_period","value","previous","change","additive":bool,
 *  "dimensions":[{"by","segments":[{"segment","value","previous","change","share"}]}]}
 * share = segment change / total change for additive metrics (sums and counts: they add up
 * to 1 over a dimension); for ratios and averages, additive false and share is the segment's
 * change weighted by its share of volume (document exactly). */
ls_status ls_insights_contrib(ls_workspace *ws, const char *metric, ls_grain grain, int64_t at,
                              const char *const *dims, size_t n_dims, size_t top, cJSON **out);

#endif
