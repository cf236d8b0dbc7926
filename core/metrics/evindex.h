/* evindex.h: the events of an events dataset sorted by (user, time, row), the
 * shared input of the per-user product kernels (funnels; retention, lifecycle
 * and paths to come).
 *
 * Each kept row of the workspace's events dataset (LS_KIND_EVENTS) becomes one
 * event with its user's dense id (ls_keymap: numbered by first appearance in
 * the whole dataset, whatever the scope), its instant (ms since the epoch, UTC:
 * the workspace zone plays no part) and its event name as an id of the event
 * column's dictionary. Rows outside the scope (--where), or without a user, an
 * event name or a valid time, are left out. The events are sorted by user,
 * then instant, then dataset row (so events at one instant keep file order),
 * with a stable counting sort on user, then each user's events by instant (a
 * check when already in order, else a merge sort): O(n) time for a log in time
 * order, O(n log m) at worst (m: one user's most events), O(n) memory beyond
 * the table. One user's events are contiguous:
 * user u's lie in [first[u], first[u + 1]) (empty for a user the scope drops).
 *
 * The index is cached per scope in the workspace cache (ls_workspace_cached_ctx)
 * and owned by it: a pointer is valid until the next call that may build a
 * cache entry, so hold at most one cache pointer across such calls. */
#ifndef LS_EVINDEX_H
#define LS_EVINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

typedef struct {
  int di;                /* the events dataset */
  size_t n;              /* events kept */
  size_t nusers;         /* dense user ids 0..nusers-1 */
  int32_t *user;         /* per event: its user */
  int64_t *t;            /* per event: its instant (ms, UTC) */
  int32_t *name;         /* per event: its name, an id of event_col's dictionary */
  int32_t *row;          /* per event: its row in the dataset */
  size_t *first;         /* nusers + 1 offsets into the events, by user */
  const ls_column *event_col; /* the event column (STRING): names' owner */
} ls_evindex;

/* The index of the workspace's events dataset over the rows sc keeps (NULL:
 * all), built once per scope and cached. Errors on ws: LS_ENODATA (no events
 * dataset, or one without a user, event or timestamp column), LS_EINVAL (the
 * event column is not text), LS_ENOTFOUND / LS_EINVAL from the scope,
 * LS_ENOMEM. */
ls_status ls_evindex_get(ls_workspace *ws, const ls_scope *sc, const ls_evindex **out);

/* The id of event name s (exact bytes, case kept), or -1 when no row has it. */
int32_t ls_evindex_name_id(const ls_evindex *x, const char *s);
/* The text of name id (0 <= id < ls_evindex_name_count). */
const char *ls_evindex_name(const ls_evindex *x, int32_t id);
/* Number of distinct event names in the dataset (ids 0..count-1). */
size_t ls_evindex_name_count(const ls_evindex *x);

#endif
