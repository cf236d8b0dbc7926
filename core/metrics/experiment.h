/* experiment.h: A/B tests over an events dataset, as docs/experiments.md
 * describes them (PostHog's Bayesian reading, CUPED, sample-ratio mismatch).
 *
 * A user's variant is the value of the variant column (scope.h lookup: the
 * events' column, else the customers' joined) on their exposure: their first
 * event in [from, to) carrying a non-empty value (or, with `exposure`, their
 * first such event of that name). Users whose events in range carry two or
 * more variants are left out (counted in `multiple`). The outcome Y of an
 * exposed user is read over their events in [exposure, to):
 *   conversion goal  1 when they did the goal event, else 0;
 *   mean goal        the sum of the numeric metric column (of the events
 *                    named `goal_event` when given; nulls skipped), 0 if none.
 * The pre-exposure value X is read the same way over the window of the same
 * length before the exposure, [2·t_exp − end, t_exp), end = min(to, the last
 * event's instant + 1 ms): for a conversion goal whether they did the goal
 * event there. A user has pre-exposure data when they have any event in it.
 *
 * Per variant: exposures (users), conversions (users with Y = 1; conversion
 * goals), mean and sd of Y. Method:
 *   beta    (conversion goal, no CUPED) posterior Beta(1 + c, 1 + n − c);
 *           value = c / n; 95% interval = its 2.5% and 97.5% quantiles;
 *   normal  (mean goal, or CUPED) posterior N(ȳ, s² / n), ȳ and s the mean
 *           and sd (n − 1) of Y (CUPED: of Y_adj); interval ȳ ± 1.959964 s/√n.
 * CUPED (cuped on, some exposed user with pre-exposure data, Var X > 0):
 * θ = Cov(X, Y) / Var(X) over all exposed users, Y_adj = Y − θ(X − X̄),
 * variance reduction 1 − Var(Y_adj) / Var(Y). Chance to win = P(the
 * variant's posterior is the highest), metrics/expstats.h; lift = value /
 * control's value − 1. SRM: Pearson's χ² of the exposures against the split
 * the weights give (equal by default), k − 1 degrees of freedom; srm when
 * p < 0.001. Insufficient (no winner named) when a variant has fewer than
 * min_exposures exposures or, for a conversion goal, fewer than
 * min_conversions conversions, or there are fewer than two variants. A
 * variant is significant, and the winner, when it is sufficient and its
 * chance to win is at least 0.95. */
#ifndef LS_EXPERIMENT_H
#define LS_EXPERIMENT_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

#define LS_EXPERIMENT_MAX_VARIANTS 20
#define LS_EXPERIMENT_MIN_EXPOSURES 100
#define LS_EXPERIMENT_MIN_CONVERSIONS 5
#define LS_EXPERIMENT_SIGNIFICANT 0.95
#define LS_EXPERIMENT_SRM_P 0.001

typedef struct {
  const char *variant;    /* the variant column (required) */
  const char *control;    /* a variant, or NULL: "control" when there is one
                             (ASCII case ignored), else the first in order */
  const char *exposure;   /* the exposing event's name, or NULL: any event */
  const char *goal_event; /* conversion goal: its event; mean goal: the
                             events the metric is summed over (NULL: all) */
  const char *metric;     /* a numeric column of the events: a mean goal;
                             NULL: a conversion goal (goal_event required) */
  int cuped;              /* 1: CUPED when there is pre-exposure data */
  const char *const *weight_names; /* nweights variants and their expected */
  const double *weights;  /* shares (> 0); 0 weights: an equal split */
  size_t nweights;
  int64_t min_exposures, min_conversions;
  int64_t from, to;       /* INT64_MIN / INT64_MAX: no bound */
  ls_scope scope;         /* rows of the events dataset to read */
} ls_experiment_query;
#define LS_EXPERIMENT_QUERY_INIT                                                                      \
  {NULL, NULL, NULL, NULL, NULL, 1, NULL, NULL, 0, LS_EXPERIMENT_MIN_EXPOSURES,                      \
   LS_EXPERIMENT_MIN_CONVERSIONS, INT64_MIN, INT64_MAX, {NULL, 0}}

typedef enum { LS_EXP_BETA, LS_EXP_NORMAL } ls_experiment_method;
typedef enum { LS_EXP_OK, LS_EXP_FEW_VARIANTS, LS_EXP_FEW_EXPOSURES, LS_EXP_FEW_CONVERSIONS } ls_experiment_guard;

typedef struct {
  char *name;
  int64_t exposures, conversions; /* conversions: conversion goals only (else 0) */
  double rate;      /* conversions / exposures (conversion goals), else NaN */
  double mean, sd;  /* of Y (sd: n − 1; NaN below 2 users) */
  double pre_mean;  /* of X (NaN without CUPED) */
  double value;     /* the estimate: rate (beta), or the mean of Y or Y_adj */
  double ci_low, ci_high; /* its 95% interval (NaN when undefined) */
  double lift;      /* value / control's value − 1 (NaN for the control, or 0) */
  double chance;    /* chance to win (NaN when undefined) */
  double expected;  /* the exposures the split expects */
  int significant;
} ls_experiment_variant;

typedef struct {
  int mean_goal;
  ls_experiment_method method;
  size_t nvariants;
  ls_experiment_variant *v; /* in byte order of their names */
  size_t control;
  int cuped;                /* CUPED applied */
  double theta, variance_reduction; /* NaN without CUPED */
  int64_t users_with_pre;   /* exposed users with pre-exposure data */
  int64_t multiple;         /* users left out: seen in two or more variants */
  double srm_chi2, srm_p;   /* NaN below two variants */
  int srm_df, srm;
  ls_experiment_guard guard;
  size_t guard_variant;     /* the variant the guard names */
  int64_t guard_count, guard_min;
  int winner;               /* the winning variant, or -1 */
} ls_experiment;

/* Run q over the workspace's events: *out (ls_experiment_free). LS_EINVAL
 * with the reason on ws for a bad query (no variant column, no goal, a metric
 * column that is not numeric, an unknown control or weight, a bad weight or
 * minimum, an empty range); LS_ENODATA, LS_ENOTFOUND (no such column),
 * LS_ERANGE (more than LS_EXPERIMENT_MAX_VARIANTS values), LS_ENOMEM. */
ls_status ls_experiment_run(ls_workspace *ws, const ls_experiment_query *q, ls_experiment **out);
/* ls_experiment_free(NULL) is a no-op. */
void ls_experiment_free(ls_experiment *e);

/* The experiment of JSON spec (docs/experiments.md: {"variant", "control",
 * "exposure", "goal": {"event"} | {"metric", "event"}, "cuped", "weights":
 * {variant: share}, "min_exposures", "min_conversions", "from", "to" (a day:
 * included), "where"}) as JSON text in *out (ls_free). Errors as
 * ls_experiment_run, and LS_EINVAL naming the key for a malformed spec. */
ls_status ls_experiment_json(ls_workspace *ws, const char *spec, char **out);

#endif
