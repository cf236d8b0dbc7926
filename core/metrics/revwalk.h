/* revwalk.h: one walk over the customers gives every revenue series at the
 * period ends.
 *
 * A customer's MRR at an instant is the sum of its counting subscriptions'
 * (metrics/revindex.h), never below 0; MRR is the sum over customers. The
 * snapshot of a period is taken at its last instant: a subscription counts
 * at the end of P when on < end <= off, end the instant the next period
 * starts (one starting on the 1st is MRR of that month, not the one before).
 * Periods run from the one holding the dataset's first recorded instant to
 * the end of the periods asked for, so movements, LTV and cohorts see the
 * whole history whatever range is shown.
 *
 * Movements (setting movements):
 *   boundary  each customer's MRR a at the end of P-1 against b at the end
 *             of P: new (a = 0 < b, no MRR at any earlier period end),
 *             reactivation (a = 0 < b otherwise), expansion (0 < a < b, b-a),
 *             contraction (0 < b < a, a-b), churn (a > 0 = b, a);
 *   event     the same rules for every instant a customer's MRR changes, x
 *             before it and y after, new when it never had MRR before.
 * Either way MRR(P) = MRR(P-1) + new + reactivation + expansion
 * - contraction - churn holds exactly, in units. */
#ifndef LS_REVWALK_H
#define LS_REVWALK_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "metrics/revindex.h"

typedef struct {
  size_t n;                 /* periods */
  int64_t *start;           /* n + 1 instants */
  /* units (LS_REV_UNIT), per period */
  int64_t *mrr;             /* at the end */
  int64_t *start_mrr;       /* at the end of the one before */
  int64_t *new_mrr, *expansion, *contraction, *churn, *reactivation;
  int64_t *retained;        /* MRR at the end of customers paying at the start */
  int64_t *kept;            /* sum of min(start, end) MRR over those customers */
  int64_t *trial_mrr;       /* of subscriptions in trial at the end */
  /* counts, per period */
  int64_t *customers, *start_customers;
  int64_t *n_new, *n_churn, *n_reactivation;
  int64_t *trials_started;  /* trials that started in the period */
  int64_t *trials_due;      /* of those, trials whose end has passed (by as-of) */
  int64_t *trials_converted;/* of those due, subscriptions still on after the trial */
  /* cohorts by the period of a customer's first MRR at a period end */
  int32_t *cohort;          /* per customer of the index: its period, -1 none */
  int64_t *cohort_size;     /* per period: customers in its cohort */
  int64_t *cohort_mrr;      /* [q * n + k], k >= q: the cohort's MRR at the end
                               of k; NULL when n > LS_REVWALK_COHORTS_MAX */
} ls_revwalk;

#define LS_REVWALK_COHORTS_MAX 400

/* The walk for the rows sc keeps, in p's grain and zone, through p's end;
 * *offset is the walk period of p's first (cached like the index). Errors as
 * ls_revindex_get. */
ls_status ls_revwalk_get(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, const ls_revwalk **out,
                         size_t *offset);

#endif
