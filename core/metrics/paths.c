/* paths.c: transitions between consecutive events of sessions
 * (metrics/paths.h).
 *
 * One pass over the events index (metrics/evindex.h), user by user, cuts the
 * sessions (metrics/sessions.h) and adds each transition to an open-address
 * hash table keyed by its two nodes. A node is a number: step * (names + 2)
 * + what, where what is an event name id, or names for "(start)" and
 * names + 1 for "(end)". Since users come one after another, a pair's
 * distinct users are counted by remembering the last user that added to it.
 * The pairs are then sorted and cut to the top ones: O(n + p log p) for n
 * events and p distinct pairs. */
#include "metrics/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "metrics/evindex.h"
#include "metrics/sessions.h"

/* ---- private ---- */

typedef struct {
  uint64_t key; /* from << 32 | to */
  int64_t transitions, users;
  int32_t last_user;
  uint64_t from_order, to_order; /* sort keys of the nodes (node_order) */
} pair;

typedef struct {
  pair *pairs;
  size_t n, cap;
  int32_t *slot; /* index into pairs, -1 empty; nslots a power of two */
  size_t nslots;
} pair_table;

/* a walk's state: the index, the node numbering and the pairs */
typedef struct {
  const ls_evindex *x;
  uint32_t width; /* names + 2 */
  int sign;       /* +1 after, -1 before, 0 top transitions */
  pair_table t;
} walk;

static uint64_t mix(uint64_t k) {
  k ^= k >> 33;
  k *= UINT64_C(0xff51afd7ed558ccd);
  k ^= k >> 33;
  return k;
}

static int table_grow(pair_table *t) {
  size_t ns = t->nslots ? t->nslots * 2 : 1024;
  int32_t *slot = ls_malloc(ns * sizeof *slot);
  pair *pairs = ls_reallocarray(t->pairs, ns / 2, sizeof *pairs);
  if (!slot || !pairs) {
    ls_free(slot);
    if (pairs) t->pairs = pairs;
    return 0;
  }
  t->pairs = pairs;
  t->cap = ns / 2;
  for (size_t i = 0; i < ns; i++) slot[i] = -1;
  for (size_t i = 0; i < t->n; i++) {
    size_t h = (size_t)mix(pairs[i].key) & (ns - 1);
    while (slot[h] >= 0) h = (h + 1) & (ns - 1);
    slot[h] = (int32_t)i;
  }
  ls_free(t->slot);
  t->slot = slot;
  t->nslots = ns;
  return 1;
}

/* count one transition from → to of user u; 0 on out of memory */
static int add(walk *w, uint32_t from, uint32_t to, int32_t u) {
  pair_table *t = &w->t;
  if (t->n + 1 > t->cap && !table_grow(t)) return 0;
  uint64_t key = (uint64_t)from << 32 | to;
  size_t h = (size_t)mix(key) & (t->nslots - 1);
  while (t->slot[h] >= 0 && t->pairs[t->slot[h]].key != key) h = (h + 1) & (t->nslots - 1);
  if (t->slot[h] < 0) {
    t->slot[h] = (int32_t)t->n;
    t->pairs[t->n++] = (pair){key, 0, 0, -1, 0, 0};
  }
  pair *p = &t->pairs[t->slot[h]];
  p->transitions++;
  if (p->last_user != u) p->users++, p->last_user = u;
  return 1;
}

static uint32_t node(const walk *w, size_t step, uint32_t what) { return (uint32_t)step * w->width + what; }
static uint32_t name_at(const walk *w, size_t i) { return (uint32_t)w->x->name[i]; }

/* the name of a node's event ("(start)", "(end)" or an event name) and its
 * signed step */
static const char *node_name(const walk *w, uint32_t nd, long *step) {
  uint32_t what = nd % w->width, names = w->width - 2;
  *step = w->sign * (long)(nd / w->width);
  return what == names ? "(start)" : what == names + 1 ? "(end)" : ls_evindex_name(w->x, (int32_t)what);
}

typedef struct {
  const char *name;
  uint32_t what;
} named;

static int cmp_named(const void *a, const void *b) {
  return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

/* rank[what] for every event name and the two end nodes: their place in
 * byte order of their names. NULL on out of memory. */
static uint32_t *name_ranks(const walk *w) {
  size_t n = w->width;
  named *v = ls_malloc(n * sizeof *v);
  uint32_t *rank = ls_malloc(n * sizeof *rank);
  if (!v || !rank) {
    ls_free(v);
    ls_free(rank);
    return NULL;
  }
  long step;
  for (uint32_t i = 0; i < n; i++) v[i] = (named){node_name(w, i, &step), i};
  qsort(v, n, sizeof *v, cmp_named);
  for (uint32_t i = 0; i < n; i++) rank[v[i].what] = i;
  ls_free(v);
  return rank;
}

/* a node's sort key: its signed step (offset to stay positive), then the
 * rank of its name */
static uint64_t node_order(const walk *w, const uint32_t *rank, uint32_t nd) {
  long step;
  node_name(w, nd, &step);
  return (uint64_t)(step + LS_PATHS_MAX_STEPS + 1) << 32 | rank[nd % w->width];
}

static int cmp_pair(const void *pa, const void *pb) {
  const pair *a = pa, *b = pb;
  if (a->transitions != b->transitions) return a->transitions > b->transitions ? -1 : 1;
  if (a->from_order != b->from_order) return a->from_order < b->from_order ? -1 : 1;
  return (a->to_order > b->to_order) - (a->to_order < b->to_order);
}

/* "name", or "k:name" with a step */
static char *label(const walk *w, uint32_t nd) {
  long step;
  const char *name = node_name(w, nd, &step);
  if (w->sign == 0) return ls_strdup(name);
  size_t len = strlen(name) + 24;
  char *s = ls_malloc(len);
  if (s) snprintf(s, len, "%ld:%s", step, name);
  return s;
}

/* per-step distinct counting for the drop-off table */
static void count_user(int64_t *users, int32_t *last, size_t k, int32_t u) {
  if (last[k] != u) users[k]++, last[k] = u;
}

/* the pairs of session [i, end), whose first event E (at j) the walk starts
 * from (top transitions: j unused); 0 on out of memory */
static int walk_session(walk *w, const ls_paths_query *q, size_t i, size_t j, size_t end, ls_paths *r, int32_t *last) {
  int32_t u = w->x->user[i];
  uint32_t names = w->width - 2;
  if (w->sign == 0) {
    if (!add(w, names, name_at(w, i), u)) return 0;
    for (size_t k = i + 1; k < end; k++)
      if (!add(w, name_at(w, k - 1), name_at(w, k), u)) return 0;
    return add(w, name_at(w, end - 1), names + 1, u);
  }
  if (w->sign > 0) {
    for (size_t k = 0; k <= q->steps && j + k < end; k++) {
      r->reached_sessions[k]++;
      count_user(r->reached_users, last, k, u);
      if (j + k == end - 1) {
        r->ended_sessions[k]++;
        count_user(r->ended_users, last + q->steps + 1, k, u);
      }
    }
    for (size_t k = 1; k <= q->steps; k++) {
      uint32_t to = j + k < end ? name_at(w, j + k) : names + 1;
      if (!add(w, node(w, k - 1, name_at(w, j + k - 1)), node(w, k, to), u)) return 0;
      if (j + k >= end) break;
    }
    return 1;
  }
  for (size_t k = 1; k <= q->steps; k++) {
    uint32_t from = j >= i + k ? name_at(w, j - k) : names;
    if (!add(w, node(w, k, from), node(w, k - 1, name_at(w, j - k + 1)), u)) return 0;
    if (j < i + k) break;
  }
  return 1;
}

static ls_status check_query(ls_workspace *ws, const ls_paths_query *q) {
  if (q->after && q->before) return ls_workspace_fail(ws, LS_EINVAL, "after and before exclude each other");
  if ((q->after && !*q->after) || (q->before && !*q->before))
    return ls_workspace_fail(ws, LS_EINVAL, "the event name is empty");
  if (q->steps < 1 || q->steps > LS_PATHS_MAX_STEPS)
    return ls_workspace_fail(ws, LS_EINVAL, "steps must be from 1 to %d", LS_PATHS_MAX_STEPS);
  if (q->top < 1 || q->top > LS_PATHS_MAX_TOP)
    return ls_workspace_fail(ws, LS_EINVAL, "top must be from 1 to %d", LS_PATHS_MAX_TOP);
  if (q->from >= q->to) return ls_workspace_fail(ws, LS_EINVAL, "the date range is empty");
  return LS_OK;
}

static ls_paths *result_new(const ls_paths_query *q) {
  ls_paths *r = ls_calloc(1, sizeof *r);
  if (!r || !q->after) return r;
  size_t n = q->steps + 1;
  r->nsteps = q->steps;
  r->reached_sessions = ls_calloc(n, sizeof(int64_t));
  r->reached_users = ls_calloc(n, sizeof(int64_t));
  r->ended_sessions = ls_calloc(n, sizeof(int64_t));
  r->ended_users = ls_calloc(n, sizeof(int64_t));
  if (!r->reached_sessions || !r->reached_users || !r->ended_sessions || !r->ended_users) {
    ls_paths_free(r);
    return NULL;
  }
  return r;
}

/* every session of the walk's index into w->t and r's counts */
static int walk_all(walk *w, const ls_paths_query *q, int64_t gap, int32_t target, ls_paths *r) {
  const ls_evindex *x = w->x;
  int32_t *last = ls_malloc(2 * (q->steps + 1) * sizeof *last), last_user = -1;
  if (!last) return 0;
  for (size_t k = 0; k < 2 * (q->steps + 1); k++) last[k] = -1;
  int ok = 1;
  for (size_t i = 0; ok && i < x->n;) {
    size_t end = ls_session_end(x, i, gap), j = i;
    if (x->t[i] >= q->from && x->t[i] < q->to) {
      if (w->sign) /* the session's first E */
        while (j < end && x->name[j] != target) j++;
      if (j < end) {
        r->sessions++;
        if (x->user[i] != last_user) r->users_total++, last_user = x->user[i];
        ok = walk_session(w, q, i, j, end, r, last);
      }
    }
    i = end;
  }
  ls_free(last);
  return ok;
}

/* sort w's pairs, keep the top ones in r; 0 on out of memory */
static int keep_top(walk *w, const ls_paths_query *q, ls_paths *r) {
  pair_table *t = &w->t;
  uint32_t *rank = name_ranks(w);
  if (!rank) return 0;
  for (size_t k = 0; k < t->n; k++) {
    t->pairs[k].from_order = node_order(w, rank, (uint32_t)(t->pairs[k].key >> 32));
    t->pairs[k].to_order = node_order(w, rank, (uint32_t)t->pairs[k].key);
  }
  ls_free(rank);
  if (t->n) qsort(t->pairs, t->n, sizeof *t->pairs, cmp_pair);
  r->distinct = t->n;
  size_t n = t->n < q->top ? t->n : q->top;
  r->from = ls_calloc(n ? n : 1, sizeof *r->from);
  r->to = ls_calloc(n ? n : 1, sizeof *r->to);
  r->users = ls_calloc(n ? n : 1, sizeof *r->users);
  r->transitions = ls_calloc(n ? n : 1, sizeof *r->transitions);
  if (!r->from || !r->to || !r->users || !r->transitions) return 0;
  for (size_t k = 0; k < n; k++, r->n++) {
    r->from[k] = label(w, (uint32_t)(t->pairs[k].key >> 32));
    r->to[k] = label(w, (uint32_t)t->pairs[k].key);
    r->users[k] = t->pairs[k].users;
    r->transitions[k] = t->pairs[k].transitions;
    if (!r->from[k] || !r->to[k]) {
      r->n++;
      return 0;
    }
  }
  return 1;
}

/* ---- API ---- */

ls_status ls_paths_run(ls_workspace *ws, const ls_paths_query *q, ls_paths **out) {
  *out = NULL;
  ls_status st = check_query(ws, q);
  if (st != LS_OK) return st;
  int64_t gap = ls_session_gap(ws);
  const ls_evindex *x = NULL;
  st = ls_evindex_get(ws, &q->scope, &x);
  if (st != LS_OK) return st;
  size_t nn = ls_evindex_name_count(x);
  if ((uint64_t)(nn + 2) * (q->steps + 1) >= UINT32_MAX)
    return ls_workspace_fail(ws, LS_ERANGE, "too many distinct event names (%zu) for paths", nn);
  const char *target = q->after ? q->after : q->before;
  walk w = {x, (uint32_t)(nn + 2), q->after ? 1 : q->before ? -1 : 0, {NULL, 0, 0, NULL, 0}};
  ls_paths *r = result_new(q);
  int ok = r != NULL;
  int32_t id = target ? ls_evindex_name_id(x, target) : -1;
  if (ok && (!target || id >= 0)) ok = walk_all(&w, q, gap, id, r);
  if (ok) ok = keep_top(&w, q, r);
  ls_free(w.t.pairs);
  ls_free(w.t.slot);
  if (!ok) {
    ls_paths_free(r);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *out = r;
  return LS_OK;
}

void ls_paths_free(ls_paths *p) {
  if (!p) return;
  for (size_t k = 0; k < p->n; k++) {
    ls_free(p->from[k]);
    ls_free(p->to[k]);
  }
  ls_free(p->from);
  ls_free(p->to);
  ls_free(p->users);
  ls_free(p->transitions);
  ls_free(p->reached_sessions);
  ls_free(p->reached_users);
  ls_free(p->ended_sessions);
  ls_free(p->ended_users);
  ls_free(p);
}
