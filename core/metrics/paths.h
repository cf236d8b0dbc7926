/* paths.h: paths through the events of sessions (metrics/sessions.h), as
 * docs/metrics.md "Paths" describes them.
 *
 * The sessions read are those whose first event lies in [from, to), taken
 * whole (a session that runs past `to` keeps its later events). A transition
 * is a pair of consecutive events a → b of one session; repeats count
 * (a → a). Nodes are named:
 *   top transitions   the event names, with "(start)" before each session's
 *                     first event and "(end)" after its last, so that every
 *                     session shows where it begins and where it drops off;
 *   after E           "0:E" for the first E of each session holding one,
 *                     then "k:name" for the k-th event after it, k = 1..steps;
 *                     a session that ends after k < steps events goes to
 *                     "k+1:(end)";
 *   before E          "0:E" for the first E of each session holding one,
 *                     "-k:name" for the k-th event before it, k = 1..steps;
 *                     a session that starts k < steps events before E comes
 *                     from "-(k+1):(start)".
 * For each (from, to) pair: transitions = how many times it occurs, users =
 * the distinct users with it. Pairs are sorted by transitions (most first),
 * then from and to (by step, then name bytes); the first `top` are kept.
 * With after E the drop-off table gives, for step k = 0..steps, the sessions
 * (and distinct users) that reach step k, and of those the sessions (users)
 * whose session ends right there. */
#ifndef LS_PATHS_H
#define LS_PATHS_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

#define LS_PATHS_MAX_STEPS 20
#define LS_PATHS_DEFAULT_STEPS 5
#define LS_PATHS_DEFAULT_TOP 50
#define LS_PATHS_MAX_TOP 10000

typedef struct {
  const char *after;  /* an event name, or NULL */
  const char *before; /* an event name, or NULL (not both) */
  size_t steps;       /* 1..LS_PATHS_MAX_STEPS, with after or before */
  size_t top;         /* 1..LS_PATHS_MAX_TOP pairs kept */
  int64_t from, to;   /* sessions starting from <= t < to (INT64_MIN /
                         INT64_MAX: no bound) */
  ls_scope scope;     /* rows of the events dataset to read */
} ls_paths_query;
#define LS_PATHS_QUERY_INIT {NULL, NULL, LS_PATHS_DEFAULT_STEPS, LS_PATHS_DEFAULT_TOP, INT64_MIN, INT64_MAX, {NULL, 0}}

typedef struct {
  size_t n;              /* pairs kept (at most top) */
  size_t distinct;       /* distinct pairs before the cut */
  char **from, **to;     /* n node names */
  int64_t *users, *transitions;
  int64_t sessions;      /* sessions read (with after / before: those with E) */
  int64_t users_total;   /* distinct users of those sessions */
  /* after E only (else nsteps 0 and NULL): per step k = 0..nsteps */
  size_t nsteps;
  int64_t *reached_sessions, *reached_users;
  int64_t *ended_sessions, *ended_users;
} ls_paths;

/* Run q over the workspace's events: *out (ls_paths_free). LS_EINVAL with
 * the reason on ws for a bad query (steps or top out of range, both after
 * and before, an empty name, an empty range); LS_ENODATA, LS_ENOTFOUND,
 * LS_ERANGE (too many event names to number the nodes), LS_ENOMEM as the
 * message on ws says. An event name no row has gives no pairs. */
ls_status ls_paths_run(ls_workspace *ws, const ls_paths_query *q, ls_paths **out);
/* ls_paths_free(NULL) is a no-op. */
void ls_paths_free(ls_paths *p);

#endif
