/* lifecycle.h: PostHog's lifecycle of active users and the distribution of
 * active days per user, per period, from the (user, day) index of activity.c.
 *
 * Lifecycle of period P, for a user active in P: new when P holds the user's
 * first active day, returning when the user was active in P-1 too,
 * resurrecting otherwise; dormant counts the users active in P-1 and not in
 * P. The catalog's lifecycle_dormant is that count negated (as PostHog plots
 * it); ls_lifecycle gives it positive. */
#ifndef LS_METRICS_LIFECYCLE_H
#define LS_METRICS_LIFECYCLE_H

#include <stddef.h>

#include "catalog/catalog.h"

enum { LS_LIFE_NEW, LS_LIFE_RETURNING, LS_LIFE_RESURRECTING, LS_LIFE_DORMANT, LS_LIFE_STATES };

/* out[s * p->n + k]: users of state s (LS_LIFE_*) in period k of p, over the
 * rows sc keeps, dormant positive. LS_ENODATA without an events dataset,
 * LS_ENOMEM; the message on ws. */
ls_status ls_lifecycle(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out);

/* The most days a period can have (a month). */
#define LS_ACTIVE_DAYS_MAX 31

/* out[k * (LS_ACTIVE_DAYS_MAX + 1) + d]: users active on exactly d distinct
 * local days of period k (1 <= d <= LS_ACTIVE_DAYS_MAX; index 0 is 0), over
 * the rows sc keeps. p->n * (LS_ACTIVE_DAYS_MAX + 1) doubles. Errors as
 * ls_lifecycle. */
ls_status ls_active_days(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out);

#endif
