/* actindex.h: the (user, local day) index of an events dataset that
 * activity.c builds and lifecycle.c reads (private to metrics/).
 *
 * pairs holds every distinct (user, local day) pair of the rows a scope keeps
 * as user << daybits | (day - day0), sorted, so each user's active days come
 * together in increasing order. Users are dense ids of first appearance. */
#ifndef LS_METRICS_ACTINDEX_H
#define LS_METRICS_ACTINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "base/timeutil.h"
#include "base/tz.h"
#include "catalog/catalog.h"

typedef struct {
  int64_t day0;     /* local day number of the first active day */
  size_t ndays;     /* days from day0 to the last active day, inclusive (0: no pairs) */
  int daybits;      /* bits of a day offset inside a pair key */
  size_t npairs;
  uint64_t *pairs;  /* user << daybits | day offset, sorted, distinct */
  int64_t *newcum;  /* ndays + 1: newcum[d] = users whose first day < d */
} act_index;

/* The index of the workspace's events dataset over the rows sc keeps, built
 * once and cached on ws (the workspace owns it: never freed by the caller).
 * LS_ENOMEM, LS_ERANGE or a scope error, with the message on ws. */
ls_status ls_actindex_get(ls_workspace *ws, const ls_scope *sc, act_index **out);

/* The local day number period k of p starts on (0 <= k <= p->n). */
static inline int64_t ls_actindex_period_day(const ls_periods *p, size_t k) {
  return ls_floor_div(ls_tz_to_local(p->tz, p->start[k]), LS_MS_PER_DAY);
}

#endif
