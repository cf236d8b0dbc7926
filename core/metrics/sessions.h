/* sessions.h: sessions of an events dataset, as docs/metrics.md "Sessions"
 * describes them.
 *
 * A session is a run of one user's events (metrics/evindex.h order: time,
 * then row) in which each event follows the one before by at most the gap
 * (the setting session_gap_minutes, default 30): an event more than the gap
 * after the user's previous event starts a new session, so a gap of exactly
 * 30 minutes keeps the session going, and events at one instant always share
 * one. The gap is measured on the events the scope keeps. A session_id
 * column, when the data has one, plays no part: every source is cut by the
 * same rule (PostHog's own $session_id follows the same 30-minute rule).
 * A session lasts from its first event to its last (a session of one event
 * lasts 0 s) and belongs to the period holding its first event (local
 * periods in the workspace zone), even when it runs past midnight. */
#ifndef LS_SESSIONS_H
#define LS_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "metrics/evindex.h"
#include "metrics/metrics.h"

#define LS_SESSION_GAP_DEFAULT_MINUTES 30

/* The gap in ms from the workspace's session_gap_minutes setting. */
int64_t ls_session_gap(const ls_workspace *ws);

/* 1 when event i of x starts a session: the first of its user, or more than
 * gap ms after the user's event before. */
static inline int ls_session_starts(const ls_evindex *x, size_t i, int64_t gap) {
  return i == 0 || x->user[i] != x->user[i - 1] || x->t[i] - x->t[i - 1] > gap;
}

/* The end (one past the last event) of the session starting at event i. */
static inline size_t ls_session_end(const ls_evindex *x, size_t i, int64_t gap) {
  size_t j = i + 1;
  while (j < x->n && !ls_session_starts(x, j, gap)) j++;
  return j;
}

/* Catalog kernels, per period, over the sessions starting in it:
 *   sessions                 how many;
 *   session_duration         their mean duration in seconds (NaN: none);
 *   session_duration_median  their median duration in seconds (the mean of
 *                            the two middle ones for an even count; NaN: none);
 *   sessions_per_user        sessions / active users (users with any event in
 *                            the period, ls_activity_users; NaN: none). */
LS_KERNEL(sessions);
LS_KERNEL(session_duration);
LS_KERNEL(session_duration_median);
LS_KERNEL(sessions_per_user);

#endif
