/* metrics.h: the compute kernels the catalog registers (catalog/registry.c).
 * Each fills one value per period as described in docs/metrics.md. */
#ifndef LS_METRICS_H
#define LS_METRICS_H

#include "catalog/catalog.h"

/* revenue.c: snapshots of subscriptions at the end of each period */
ls_status ls_metric_mrr(ls_workspace *ws, const ls_periods *p, double *out);
ls_status ls_metric_arr(ls_workspace *ws, const ls_periods *p, double *out);
ls_status ls_metric_customers(ls_workspace *ws, const ls_periods *p, double *out);

/* activity.c: distinct active users from an events dataset */
ls_status ls_metric_dau(ls_workspace *ws, const ls_periods *p, double *out);
ls_status ls_metric_wau(ls_workspace *ws, const ls_periods *p, double *out);
ls_status ls_metric_mau(ls_workspace *ws, const ls_periods *p, double *out);
ls_status ls_metric_new_users(ls_workspace *ws, const ls_periods *p, double *out);

#endif
