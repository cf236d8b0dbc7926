/* funnel.c: conversion funnels (metrics/funnel.h).
 *
 * One pass over the events index (metrics/evindex.h). For each user, the
 * events in range that name a step or an exclusion (in strict order: all of
 * them) are gathered, the ties at one instant put in step order, and walked:
 *   sequential/strict  held[k] is the most recently started attempt that has
 *                      reached step k (its step times); a step-k event, tried
 *                      from the last step to the first, copies held[k-1] into
 *                      held[k] when within the window of its start, and a
 *                      step-1 event starts held[0] anew; in strict order every
 *                      event also drops each attempt it does not advance;
 *   any                from each step event, the distinct steps met within the
 *                      window (until all are met).
 * An attempt counts when it is let go unvoided (replaced, dropped, complete,
 * or at the end of the user's events): an exclusion event voids every
 * attempt still inside its window and not complete. The best counted attempt
 * (furthest step, first to get there) gives the user's step and times, added
 * to the user's segment. Time: O(events) for the ordered walks (x steps per event), O(events
 * x events per window) at worst for any order. */
#include "metrics/funnel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "metrics/evindex.h"
#include "metrics/scope.h"
#include "precomp/precomp_matrix.h"

#define MAXS LS_FUNNEL_MAX_STEPS

typedef struct {
  int64_t t;
  uint32_t steps; /* bit k: the event names step k */
  uint8_t key;    /* tie order: its lowest step, or MAXS (no step) */
  uint8_t excl;   /* an exclusion event */
  int32_t row;
} fev;

typedef struct {
  int valid;
  int64_t at[MAXS]; /* at[0..k]: the instants of steps 0..k */
} attempt;

typedef struct {
  int64_t *v;
  size_t n, cap;
} ivec;

typedef struct {
  int reached;        /* furthest step of the best attempt, -1: none */
  int64_t at[MAXS];   /* its step instants */
} best;

/* ---- private ---- */

static int ivec_push(ivec *a, int64_t x) {
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 16;
    int64_t *g = ls_reallocarray(a->v, cap, sizeof *g);
    if (!g) return 0;
    a->v = g;
    a->cap = cap;
  }
  a->v[a->n++] = x;
  return 1;
}

static int by_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int lowest_bit(uint32_t m) {
  int k = 0;
  while (!(m & 1u)) m >>= 1, k++;
  return k;
}

/* ties at one instant in step order, stable (runs of ties are short) */
static void order_ties(fev *e, size_t m) {
  for (size_t i = 1; i < m; i++) {
    fev x = e[i];
    size_t j = i;
    while (j > 0 && e[j - 1].t == x.t && e[j - 1].key > x.key) e[j] = e[j - 1], j--;
    e[j] = x;
  }
}

/* attempt a has reached step k for good: the user's best is the furthest
 * step, on a tie the attempt that got there first */
static void reach(best *b, const attempt *a, int k) {
  if (k < b->reached || (k == b->reached && a->at[k] >= b->at[k])) return;
  b->reached = k;
  memcpy(b->at, a->at, (size_t)(k + 1) * sizeof *a->at);
}

/* the attempt held at step k is let go (replaced, dropped, or the user's
 * events end) unvoided: the steps it reached stand */
static void settle(best *b, const attempt *held, int k) {
  if (held[k].valid) reach(b, &held[k], k);
}

/* sequential and strict: PostHog's per-step attempts */
static void walk_ordered(const fev *e, size_t m, int S, int64_t w, int strict, best *b) {
  attempt held[MAXS];
  for (int k = 0; k < S; k++) held[k].valid = 0;
  for (size_t i = 0; i < m && b->reached < S - 1; i++) {
    if (e[i].excl) { /* voids the attempts still inside their window; those past it stand */
      for (int k = 0; k < S; k++) {
        if (held[k].valid && e[i].t - held[k].at[0] > w) settle(b, held, k);
        held[k].valid = 0;
      }
      continue;
    }
    for (int k = S - 1; k >= 1; k--) {
      if ((e[i].steps >> k & 1u) && held[k - 1].valid && e[i].t - held[k - 1].at[0] <= w) {
        settle(b, held, k);
        memcpy(held[k].at, held[k - 1].at, (size_t)k * sizeof held[k].at[0]);
        held[k].at[k] = e[i].t;
        held[k].valid = 1;
        if (k == S - 1) settle(b, held, k); /* complete: nothing can void it */
      } else if (strict) {
        settle(b, held, k);
        held[k].valid = 0;
      }
    }
    if (e[i].steps & 1u) {
      settle(b, held, 0);
      held[0].valid = 1;
      held[0].at[0] = e[i].t;
    } else if (strict) {
      settle(b, held, 0);
      held[0].valid = 0;
    }
  }
  for (int k = 0; k < S; k++) settle(b, held, k);
}

/* any order: the most distinct steps inside one window from a step event */
static void walk_any(const fev *e, size_t m, int S, int64_t w, best *b) {
  attempt a;
  for (size_t i = 0; i < m && b->reached < S - 1; i++) {
    if (!e[i].steps || e[i].excl) continue;
    uint32_t seen = 0;
    int cnt = 0, void_ = 0;
    for (size_t j = i; j < m && cnt < S && e[j].t - e[i].t <= w; j++) {
      if (e[j].excl) { /* inside the window before all steps: the attempt is void */
        void_ = 1;
        break;
      }
      uint32_t fresh = e[j].steps & ~seen;
      if (!fresh) continue;
      seen |= 1u << lowest_bit(fresh);
      a.at[cnt++] = e[j].t;
    }
    if (!void_) reach(b, &a, cnt - 1);
  }
}

static ls_status check_query(ls_workspace *ws, const ls_funnel_query *q) {
  if (q->nsteps < LS_FUNNEL_MIN_STEPS || q->nsteps > LS_FUNNEL_MAX_STEPS || !q->steps)
    return ls_workspace_fail(ws, LS_EINVAL, "a funnel has %d to %d steps, not %zu", LS_FUNNEL_MIN_STEPS,
                             LS_FUNNEL_MAX_STEPS, q->nsteps);
  if (q->window <= 0) return ls_workspace_fail(ws, LS_EINVAL, "the conversion window must be longer than 0");
  if (q->order != LS_FUNNEL_SEQUENTIAL && q->order != LS_FUNNEL_STRICT && q->order != LS_FUNNEL_ANY)
    return ls_workspace_fail(ws, LS_EINVAL, "unknown funnel order");
  if (q->nexclude > LS_FUNNEL_MAX_EXCLUDE || (q->nexclude && !q->exclude))
    return ls_workspace_fail(ws, LS_EINVAL, "at most %d exclusion events", LS_FUNNEL_MAX_EXCLUDE);
  if (q->from >= q->to) return ls_workspace_fail(ws, LS_EINVAL, "the date range is empty");
  for (size_t k = 0; k < q->nsteps; k++)
    if (!q->steps[k] || !q->steps[k][0]) return ls_workspace_fail(ws, LS_EINVAL, "step %zu has no event name", k + 1);
  for (size_t x = 0; x < q->nexclude; x++) {
    if (!q->exclude[x] || !q->exclude[x][0]) return ls_workspace_fail(ws, LS_EINVAL, "an exclusion has no event name");
    for (size_t k = 0; k < q->nsteps; k++)
      if (strcmp(q->exclude[x], q->steps[k]) == 0)
        return ls_workspace_fail(ws, LS_EINVAL, "\"%s\" is both a step and an exclusion", q->exclude[x]);
  }
  return LS_OK;
}

static ls_funnel *result_new(size_t S, size_t nseg, char **labels) {
  ls_funnel *f = ls_calloc(1, sizeof *f);
  if (!f) return NULL;
  f->nsteps = S;
  f->nsegments = nseg;
  f->segment = labels;
  size_t n = S * nseg + 1;
  f->users = ls_calloc(n, sizeof *f->users);
  f->from_start = ls_calloc(n, sizeof(double));
  f->from_previous = ls_calloc(n, sizeof(double));
  f->median_seconds = ls_calloc(n, sizeof(double));
  f->mean_seconds = ls_calloc(n, sizeof(double));
  if (!f->users || !f->from_start || !f->from_previous || !f->median_seconds || !f->mean_seconds) {
    f->segment = NULL; /* the caller still owns the labels */
    ls_funnel_free(f);
    return NULL;
  }
  return f;
}

/* the rates and times of f from the per-step conversion times d */
static void finish(ls_funnel *f, ivec *d) {
  size_t S = f->nsteps;
  for (size_t s = 0; s < f->nsegments; s++)
    for (size_t k = 0; k < S; k++) {
      size_t i = s * S + k;
      int64_t u0 = f->users[s * S], up = k ? f->users[i - 1] : f->users[i];
      f->from_start[i] = u0 ? (double)f->users[i] / (double)u0 : NAN;
      f->from_previous[i] = up ? (double)f->users[i] / (double)up : NAN;
      f->median_seconds[i] = f->mean_seconds[i] = NAN;
      ivec *v = &d[i];
      if (k == 0 || v->n == 0) continue;
      qsort(v->v, v->n, sizeof *v->v, by_i64);
      double sum = 0;
      for (size_t j = 0; j < v->n; j++) sum += (double)v->v[j];
      f->mean_seconds[i] = sum / (double)v->n / 1000.0;
      f->median_seconds[i] = (v->n % 2 ? (double)v->v[v->n / 2]
                                        : ((double)v->v[v->n / 2 - 1] + (double)v->v[v->n / 2]) / 2) / 1000.0;
    }
}

/* drop the segments no user entered (their labels freed), moving d along */
static void compact(ls_funnel *f, ivec *d) {
  size_t S = f->nsteps, kept = 0;
  for (size_t s = 0; f->segment && s < f->nsegments; s++) {
    if (f->users[s * S] == 0) {
      ls_free(f->segment[s]);
      for (size_t k = 0; k < S; k++) ls_free(d[s * S + k].v), d[s * S + k] = (ivec){NULL, 0, 0};
      continue;
    }
    if (kept != s) {
      f->segment[kept] = f->segment[s];
      memmove(&f->users[kept * S], &f->users[s * S], S * sizeof *f->users);
      memmove(&d[kept * S], &d[s * S], S * sizeof *d);
      for (size_t k = 0; k < S; k++) d[s * S + k] = (ivec){NULL, 0, 0};
    }
    kept++;
  }
  if (f->segment) f->nsegments = kept;
}

/* ---- API ---- */

int ls_funnel_order_parse(const char *s) {
  if (!s) return -1;
  if (strcmp(s, "sequential") == 0) return LS_FUNNEL_SEQUENTIAL;
  if (strcmp(s, "strict") == 0) return LS_FUNNEL_STRICT;
  if (strcmp(s, "any") == 0) return LS_FUNNEL_ANY;
  return -1;
}

int ls_funnel_window_parse(const char *s, int64_t *ms) {
  static const struct { char unit; int64_t ms; } UNITS[] = {
      {'s', 1000}, {'m', 60000}, {'h', 3600000}, {'d', LS_MS_PER_DAY}, {'w', 7 * LS_MS_PER_DAY}};
  if (!s || *s < '0' || *s > '9') return 0;
  char *end;
  unsigned long long count = strtoull(s, &end, 10);
  if (count == 0 || count > 1000000000ULL || end[0] == '\0' || end[1] != '\0') return 0;
  for (size_t k = 0; k < sizeof UNITS / sizeof UNITS[0]; k++)
    if (UNITS[k].unit == *end) {
      *ms = (int64_t)count * UNITS[k].ms;
      return 1;
    }
  return 0;
}

ls_status ls_funnel_run(ls_workspace *ws, const ls_funnel_query *q, ls_funnel **out) {
  *out = NULL;
  if (!ws || !q) return LS_EINVAL;
  ls_status st = check_query(ws, q);
  if (st != LS_OK) return st;
  int used; /* a funnel read back from a file, without events (precomp/precomp_matrix.h) */
  if ((st = ls_precomp_funnel(ws, q, out, &used)) != LS_OK || used) return st;
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  if (di < 0) return ls_workspace_fail(ws, LS_ENODATA, "no events dataset is loaded");
  /* the segments first: the index pointer is held to the end, with no other
   * cache lookup after it */
  char **labels = NULL;
  size_t nseg = 1;
  int32_t *seg_of_row = NULL;
  if (q->by) {
    st = ls_scope_segment_rows(ws, di, q->by, &q->scope, LS_BREAKDOWN_MAX, &labels, &nseg, &seg_of_row);
    if (st != LS_OK) return st;
  }
  const ls_evindex *x = NULL;
  st = ls_evindex_get(ws, &q->scope, &x);
  if (st != LS_OK) {
    ls_scope_values_free(labels, nseg);
    ls_free(seg_of_row);
    return st;
  }
  int S = (int)q->nsteps;
  size_t nn = ls_evindex_name_count(x);
  uint32_t *steps_of = ls_calloc(nn + 1, sizeof *steps_of);
  uint8_t *excl_of = ls_calloc(nn + 1, 1);
  fev *buf = ls_malloc((x->n ? x->n : 1) * sizeof *buf);
  ivec *d = ls_calloc((size_t)S * nseg + 1, sizeof *d);
  ls_funnel *f = result_new((size_t)S, q->by ? nseg : 1, labels);
  int ok = steps_of && excl_of && buf && d && f;
  if (!f) ls_scope_values_free(labels, nseg);
  for (int k = 0; ok && k < S; k++) {
    int32_t id = ls_evindex_name_id(x, q->steps[k]);
    if (id >= 0) steps_of[id] |= 1u << k;
  }
  for (size_t e = 0; ok && e < q->nexclude; e++) {
    int32_t id = ls_evindex_name_id(x, q->exclude[e]);
    if (id >= 0) excl_of[id] = 1;
  }
  int strict = q->order == LS_FUNNEL_STRICT;
  for (size_t u = 0; ok && u < x->nusers; u++) {
    size_t m = 0;
    int32_t touch = -1; /* the row of the first step-1 (any order: step) event */
    for (size_t i = x->first[u]; i < x->first[u + 1]; i++) {
      if (x->t[i] < q->from || x->t[i] >= q->to) continue;
      uint32_t sm = steps_of[x->name[i]];
      if (!sm && !excl_of[x->name[i]] && !strict) continue;
      if (touch < 0 && (q->order == LS_FUNNEL_ANY ? sm != 0 : (sm & 1u))) touch = x->row[i];
      buf[m++] = (fev){x->t[i], sm, (uint8_t)(sm ? lowest_bit(sm) : MAXS), excl_of[x->name[i]], x->row[i]};
    }
    if (touch < 0) continue; /* never entered the funnel */
    size_t s = 0;
    if (seg_of_row) {
      if (seg_of_row[touch] < 0) continue;
      s = (size_t)seg_of_row[touch];
    }
    order_ties(buf, m);
    best b = {-1, {0}};
    if (q->order == LS_FUNNEL_ANY) walk_any(buf, m, S, q->window, &b);
    else walk_ordered(buf, m, S, q->window, strict, &b);
    for (int k = 0; k <= b.reached; k++) {
      f->users[s * (size_t)S + (size_t)k]++;
      if (k && !ivec_push(&d[s * (size_t)S + (size_t)k], b.at[k] - b.at[k - 1])) ok = 0;
    }
  }
  if (ok) {
    compact(f, d);
    finish(f, d);
  }
  for (size_t i = 0; d && i < (size_t)S * nseg; i++) ls_free(d[i].v);
  ls_free(d);
  ls_free(buf);
  ls_free(steps_of);
  ls_free(excl_of);
  ls_free(seg_of_row);
  if (!ok) {
    ls_funnel_free(f);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *out = f;
  return LS_OK;
}

void ls_funnel_free(ls_funnel *f) {
  if (!f) return;
  ls_scope_values_free(f->segment, f->segment ? f->nsegments : 0);
  ls_free(f->users);
  ls_free(f->from_start);
  ls_free(f->from_previous);
  ls_free(f->median_seconds);
  ls_free(f->mean_seconds);
  ls_free(f);
}
