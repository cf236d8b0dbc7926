/* recon.h: reconciliation rules (type "reconcile"): match the rows of two
 * datasets by a key and count what is missing, duplicated or mismatched.
 * Exact definitions: docs/monitoring-insights.md. */
#ifndef LS_MONITOR_RECON_H
#define LS_MONITOR_RECON_H

#include <stdint.h>

#include "base/status.h"
#include "cJSON.h"
#include "workspace/workspace.h"

/* Run one reconciliation rule (type "reconcile"): match left and right rows by key;
 * appends to results one object {"rule","left","right","matched","missing_in_right",
 * "missing_in_left","duplicate_left","duplicate_right","mismatched","amount_left",
 * "amount_right","examples":[{"key","problem":"missing_in_right|missing_in_left|
 * duplicate_left|duplicate_right|mismatched","left_amount","right_amount"}] (first 20)}
 * and, when any problem is found, one alert {"rule","kind":"reconcile","severity",
 * "problems": n, "text"} to alerts. Per "grain" the counts are also given per period of
 * the left dataset's time: "periods":[{"period","missing_in_right",...}]. */
ls_status ls_recon_eval(ls_workspace *ws, const cJSON *rule, int64_t at, cJSON *results,
                        cJSON *alerts);

#endif
