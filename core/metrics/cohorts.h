/* cohorts.h: revenue retention by cohort.
 *
 * A customer's cohort is the period at whose end it first had MRR. For
 * cohort q and k = 0, 1, ...: the MRR at the end of period q + k of the
 * cohort's customers (expansion and reactivation included, whatever plan)
 * divided by the cohort's MRR at the end of q. k = 0 is 1. */
#ifndef LS_COHORTS_H
#define LS_COHORTS_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

typedef struct {
  ls_grain grain;
  ls_tz tz;
  size_t n;           /* cohorts (and periods): those of the query */
  int64_t *start;     /* n period starts */
  int64_t *customers; /* per cohort */
  double *start_mrr;  /* per cohort, currency units */
  double *retention;  /* [q * n + k]: NaN when q + k is past the last period
                         or the cohort is empty */
} ls_cohorts;

/* The revenue cohorts of the subscriptions the query's scope keeps, over the
 * periods ls_metric_run lays out for "mrr" (grain default month). On LS_OK
 * the caller frees *out with ls_cohorts_free. Errors as ls_metric_run;
 * LS_ERANGE past LS_REVWALK_COHORTS_MAX periods. */
ls_status ls_revenue_cohorts(ls_workspace *ws, const ls_query *q, ls_cohorts **out);
void ls_cohorts_free(ls_cohorts *c);

#endif
