/* retention.c: the retention matrix (metrics/retention.h).
 *
 * One pass over the events index (metrics/evindex.h), user by user. The
 * user's events before the end of observation E give their memberships
 * (cohort index, anchor instant) and their return events (instant, period
 * index), both in time order. Each membership then walks the return events
 * after it: mode on counts each bucket k >= 1 once (the buckets come in
 * order), mode on_or_after counts 1..max k, through a difference row.
 * Period of an instant: a binary search over the period starts. With a
 * breakdown each membership goes to the matrix of its anchor row's segment.
 * Time: O(events log periods + memberships x columns x log returns);
 * memory: the matrices and one user's events. */
#include "metrics/retention.h"

#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "metrics/evindex.h"
#include "metrics/scope.h"
#include "precomp/precomp_matrix.h"

#define MAX_PERIODS 100000
#define MAX_CELLS (INT64_C(1) << 26)

/* the run's state */
typedef struct {
  const ls_retention_query *q;
  const int64_t *start; /* np + 1 period starts, start[np] = E */
  size_t np;
  size_t c0, nc;        /* selected cohorts: periods c0..c0+nc-1 */
  size_t nk;
  int64_t len;          /* rolling bucket length (ms) */
  int64_t *count;       /* nseg * nc * (nk + 1): difference rows for on_or_after */
  int32_t start_id, return_id; /* -1: any event */
  size_t nseg;          /* 1 without a breakdown */
  const int32_t *seg_of_row; /* the segment of each dataset row (-1: none), or NULL */
} run_state;

/* ---- private ---- */

/* the index of the period holding t (start[0] <= t < start[np]) */
static size_t period_of(const run_state *s, int64_t t) {
  size_t lo = 0, hi = s->np; /* start[lo] <= t < start[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->start[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/* columns observable for cohort period i: k < that */
static size_t observable(const run_state *s, size_t i) {
  if (s->q->buckets == LS_RETENTION_CALENDAR) return s->np - i;
  /* k >= 1 when (k + 1) * len <= E - end(period i); k = 0 (the size) always */
  int64_t left = s->start[s->np] - s->start[i + 1];
  return left / s->len > 1 ? (size_t)(left / s->len) : 1;
}

static ls_status check_query(ls_workspace *ws, const ls_retention_query *q) {
  if (q->period != LS_GRAIN_DAY && q->period != LS_GRAIN_WEEK && q->period != LS_GRAIN_MONTH)
    return ls_workspace_fail(ws, LS_EINVAL, "the retention period is day, week or month");
  if (q->type != LS_RETENTION_FIRST_TIME && q->type != LS_RETENTION_RECURRING)
    return ls_workspace_fail(ws, LS_EINVAL, "unknown retention type");
  if (q->mode != LS_RETENTION_ON && q->mode != LS_RETENTION_ON_OR_AFTER)
    return ls_workspace_fail(ws, LS_EINVAL, "unknown retention mode");
  if (q->buckets != LS_RETENTION_CALENDAR && q->buckets != LS_RETENTION_ROLLING_24H)
    return ls_workspace_fail(ws, LS_EINVAL, "unknown retention buckets");
  if ((q->start_event && !q->start_event[0]) || (q->return_event && !q->return_event[0]))
    return ls_workspace_fail(ws, LS_EINVAL, "an event name is empty");
  if (q->by && !q->by[0]) return ls_workspace_fail(ws, LS_EINVAL, "the breakdown column name is empty");
  if (q->from > q->to) return ls_workspace_fail(ws, LS_EINVAL, "the date range is empty");
  return LS_OK;
}

/* the complete periods from the one holding first to the last ending by asof:
 * *n starts and the end of the last one in *start */
static ls_status lay_out(ls_workspace *ws, ls_grain g, ls_tz tz, int64_t first, int64_t asof, int64_t **start,
                         size_t *n) {
  size_t cap = 64;
  int64_t *p = ls_malloc(cap * sizeof *p);
  if (!p) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  p[0] = ls_period_start(first, g, tz);
  for (*n = 0;; ++*n) {
    int64_t next = ls_period_next(p[*n], g, tz);
    if (next > asof) break;
    if (*n + 2 > cap) {
      int64_t *q = *n < MAX_PERIODS ? ls_reallocarray(p, cap *= 2, sizeof *q) : NULL;
      if (!q) {
        ls_free(p);
        if (*n < MAX_PERIODS) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
        return ls_workspace_fail(ws, LS_ERANGE, "retention: the data spans more than %d %ss", MAX_PERIODS,
                                 ls_grain_name(g));
      }
      p = q;
    }
    p[*n + 1] = next;
  }
  *start = p;
  return LS_OK;
}

/* the bucket of return event e (instant ret, period rp) of a membership of
 * cohort period i anchored at anchor: calendar, rp - i; rolling, the whole
 * lengths since the anchor (0 before it). Nondecreasing over a user's return
 * events, which come in time order. */
static int64_t bucket_of(const run_state *s, size_t i, int64_t anchor, int64_t ret, int64_t rp) {
  if (s->q->buckets == LS_RETENTION_CALENDAR) return rp - (int64_t)i;
  return ret < anchor ? 0 : (ret - anchor) / s->len;
}

/* count membership (cohort period i, anchor, segment seg) against the return
 * events ret[0..n) (instants) and rp (their periods). Since the buckets only
 * rise, mode on_or_after needs the last return alone, and mode on jumps
 * from a bucket's first return to the next bucket's by a binary search:
 * O(columns x log returns) per membership, not O(returns). */
static void count_membership(run_state *s, size_t i, int64_t anchor, size_t seg, const int64_t *ret,
                             const int64_t *rp, size_t n) {
  if (i < s->c0 || i >= s->c0 + s->nc) return;
  int64_t *row = s->count + (seg * s->nc + i - s->c0) * (s->nk + 1);
  row[0]++;
  if (s->q->mode == LS_RETENTION_ON_OR_AFTER) {
    /* a return past the last column is at or after each one: counted in
     * 1..last, +1 at 1 and -1 after last (summed in finish) */
    int64_t last = n ? bucket_of(s, i, anchor, ret[n - 1], rp[n - 1]) : 0;
    if (last >= (int64_t)s->nk) last = (int64_t)s->nk - 1;
    if (last >= 1) row[1]++, row[last + 1]--;
    return;
  }
  for (size_t e = 0; e < n;) {
    int64_t k = bucket_of(s, i, anchor, ret[e], rp[e]);
    if (k >= (int64_t)s->nk) break;
    if (k >= 1) row[k]++;
    /* on to the first return of a later bucket: at the start of the next
     * period (calendar, rp < np so i + k + 1 <= np) or one length on */
    int64_t next = s->q->buckets == LS_RETENTION_CALENDAR ? s->start[i + (size_t)k + 1] : anchor + (k + 1) * s->len;
    size_t lo = e + 1, hi = n; /* the first of ret[lo..n) at or after next */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (ret[mid] < next) lo = mid + 1;
      else hi = mid;
    }
    e = lo;
  }
}

/* one user's events [b, e) of the index; ret and rp hold e - b values */
static void count_user(run_state *s, const ls_evindex *x, size_t b, size_t e, int64_t *ret, int64_t *rp) {
  size_t n = 0;
  int64_t end = s->start[s->np];
  for (size_t i = b; i < e && x->t[i] < end; i++)
    if (x->t[i] >= s->start[0] && (s->return_id < 0 || x->name[i] == s->return_id)) {
      ret[n] = x->t[i];
      rp[n++] = (int64_t)period_of(s, x->t[i]);
    }
  size_t seen = SIZE_MAX; /* the period of the last membership */
  size_t from = 0;        /* the first return event in or after it */
  for (size_t i = b; i < e && x->t[i] < end; i++) {
    if (x->t[i] < s->start[0] || (s->start_id >= 0 && x->name[i] != s->start_id)) continue;
    size_t p = period_of(s, x->t[i]);
    if (p == seen) continue;
    seen = p;
    /* the return events from the anchor's period on: earlier ones have k < 1 */
    while (from < n && (size_t)rp[from] < p) from++;
    int32_t seg = s->seg_of_row ? s->seg_of_row[x->row[i]] : 0;
    if (seg >= 0) count_membership(s, p, x->t[i], (size_t)seg, ret + from, rp + from, n - from);
    if (s->q->type == LS_RETENTION_FIRST_TIME) break;
  }
}

static ls_retention *result_new(const run_state *s, ls_grain g, ls_tz tz) {
  ls_retention *r = ls_calloc(1, sizeof *r);
  if (!r) return NULL;
  size_t m = s->nseg * s->nc;
  r->grain = g, r->tz = tz, r->ncohorts = s->nc, r->nk = s->nk, r->nsegments = s->nseg;
  r->cohort = ls_malloc((s->nc + 1) * sizeof *r->cohort);
  r->size = ls_malloc((m + 1) * sizeof *r->size);
  r->count = ls_malloc((m * s->nk + 1) * sizeof *r->count);
  r->mean = ls_malloc((s->nseg * s->nk + 1) * sizeof *r->mean);
  r->mean_size = ls_malloc((s->nseg + 1) * sizeof *r->mean_size);
  if (!r->cohort || !r->size || !r->count || !r->mean || !r->mean_size) {
    ls_retention_free(r);
    return NULL;
  }
  return r;
}

void ls_retention_mean_row(ls_retention *r, size_t g) {
  const int64_t *size = r->size + g * r->ncohorts, *count = r->count + g * r->ncohorts * r->nk;
  r->mean_size[g] = 0;
  for (size_t c = 0; c < r->ncohorts; c++) r->mean_size[g] += size[c];
  for (size_t k = 0; k < r->nk; k++) {
    int64_t num = 0, den = 0;
    for (size_t c = 0; c < r->ncohorts; c++)
      if (count[c * r->nk + k] != LS_RETENTION_ABSENT) num += count[c * r->nk + k], den += size[c];
    r->mean[g * r->nk + k] = den ? (double)num / (double)den : NAN;
  }
}

/* the difference rows summed, the cells not observable marked, the means */
static void finish(const run_state *s, ls_retention *r) {
  for (size_t c = 0; c < s->nc; c++) r->cohort[c] = s->start[s->c0 + c];
  for (size_t g = 0; g < s->nseg; g++) {
    for (size_t c = 0; c < s->nc; c++) {
      size_t m = g * s->nc + c;
      const int64_t *row = s->count + m * (s->nk + 1);
      size_t obs = observable(s, s->c0 + c);
      int64_t run = 0;
      r->size[m] = row[0];
      for (size_t k = 0; k < s->nk; k++) {
        int64_t v = row[k];
        if (k > 0 && s->q->mode == LS_RETENTION_ON_OR_AFTER) v = run += row[k];
        r->count[m * s->nk + k] = k < obs ? v : LS_RETENTION_ABSENT;
      }
    }
    ls_retention_mean_row(r, g);
  }
}

/* drop the segments with no membership (their labels freed), keeping order */
static void compact(ls_retention *r) {
  size_t nc = r->ncohorts, nk = r->nk, kept = 0;
  for (size_t g = 0; r->segment && g < r->nsegments; g++) {
    if (r->mean_size[g] == 0) {
      ls_free(r->segment[g]);
      continue;
    }
    if (kept != g) {
      r->segment[kept] = r->segment[g];
      r->mean_size[kept] = r->mean_size[g];
      memmove(&r->size[kept * nc], &r->size[g * nc], nc * sizeof *r->size);
      memmove(&r->count[kept * nc * nk], &r->count[g * nc * nk], nc * nk * sizeof *r->count);
      memmove(&r->mean[kept * nk], &r->mean[g * nk], nk * sizeof *r->mean);
    }
    kept++;
  }
  if (r->segment) r->nsegments = kept;
}

/* the event id of name (NULL: -1, any event); LS_ENOTFOUND when no row has it */
static ls_status event_id(ls_workspace *ws, const ls_evindex *x, const char *name, int32_t *id) {
  *id = -1;
  if (!name) return LS_OK;
  *id = ls_evindex_name_id(x, name);
  return *id >= 0 ? LS_OK : ls_workspace_fail(ws, LS_ENOTFOUND, "no event is named \"%s\"", name);
}

/* ---- API ---- */

ls_status ls_retention_run(ls_workspace *ws, const ls_retention_query *q, ls_retention **out) {
  *out = NULL;
  if (!ws || !q) return LS_EINVAL;
  ls_status st = check_query(ws, q);
  if (st != LS_OK) return st;
  int used; /* a matrix read back from a file, without events (precomp/precomp_matrix.h) */
  if ((st = ls_precomp_retention(ws, q, out, &used)) != LS_OK || used) return st;
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  if (di < 0) return ls_workspace_fail(ws, LS_ENODATA, "no events dataset is loaded");
  int64_t first, asof;
  if (ls_workspace_extent(ws, LS_KIND_EVENTS, &first, &asof) != LS_OK)
    return ls_workspace_fail(ws, LS_ENODATA, "retention: the events dataset records no times");
  if (q->asof != INT64_MIN) asof = q->asof;
  ls_tz tz = ls_workspace_tz(ws);
  int64_t *start = NULL;
  size_t np = 0;
  st = lay_out(ws, q->period, tz, first, asof, &start, &np);
  /* the segments before the index: its pointer is held to the end, with no
   * other cache lookup after it */
  char **labels = NULL;
  size_t nseg = 1;
  int32_t *seg_of_row = NULL;
  if (st == LS_OK && q->by)
    st = ls_scope_segment_rows(ws, di, q->by, &q->scope, LS_BREAKDOWN_MAX, &labels, &nseg, &seg_of_row);
  if (st == LS_OK && q->by && nseg == 0) { /* no value: one empty segment, dropped by compact */
    ls_scope_values_free(labels, 0);
    labels = ls_calloc(1, sizeof *labels);
    nseg = 1;
    if (!labels) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  const ls_evindex *x = NULL;
  if (st == LS_OK) st = ls_evindex_get(ws, &q->scope, &x);
  run_state s = {q, start, np, 0, 0, 0, 0, NULL, -1, -1, nseg, seg_of_row};
  if (st == LS_OK) st = event_id(ws, x, q->start_event, &s.start_id);
  if (st == LS_OK) st = event_id(ws, x, q->return_event, &s.return_id);
  s.len = (q->period == LS_GRAIN_DAY ? 1 : q->period == LS_GRAIN_WEEK ? 7 : 30) * LS_MS_PER_DAY;
  /* the selected cohorts: periods ending after from and starting by to */
  while (st == LS_OK && s.c0 < s.np && s.start[s.c0 + 1] <= q->from) s.c0++;
  while (st == LS_OK && s.c0 + s.nc < s.np && s.start[s.c0 + s.nc] <= q->to) s.nc++;
  s.nk = s.nc ? observable(&s, s.c0) : 0;
  if (st == LS_OK && s.nk && (int64_t)(s.nc * nseg) > MAX_CELLS / (int64_t)(s.nk + 1))
    st = ls_workspace_fail(ws, LS_ERANGE, "retention: too many cohorts and periods (narrow --from/--to)");
  if (st != LS_OK) {
    ls_scope_values_free(labels, q->by ? nseg : 0);
    ls_free(seg_of_row);
    ls_free(start);
    return st;
  }
  size_t most = 1; /* the most events of one user */
  for (size_t u = 0; u < x->nusers; u++)
    if (x->first[u + 1] - x->first[u] > most) most = x->first[u + 1] - x->first[u];
  s.count = ls_calloc(nseg * s.nc * (s.nk + 1) + 1, sizeof *s.count);
  int64_t *ret = ls_malloc(most * sizeof *ret), *rp = ls_malloc(most * sizeof *rp);
  ls_retention *r = result_new(&s, q->period, tz);
  if (r) r->segment = labels;
  else ls_scope_values_free(labels, q->by ? nseg : 0);
  int ok = s.count && r && ret && rp;
  for (size_t u = 0; ok && s.nc && u < x->nusers; u++) count_user(&s, x, x->first[u], x->first[u + 1], ret, rp);
  if (ok) {
    finish(&s, r);
    compact(r);
  }
  ls_free(ret);
  ls_free(rp);
  ls_free(s.count);
  ls_free(seg_of_row);
  ls_free(start);
  if (!ok) {
    ls_retention_free(r);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *out = r;
  return LS_OK;
}

void ls_retention_free(ls_retention *r) {
  if (!r) return;
  ls_scope_values_free(r->segment, r->segment ? r->nsegments : 0);
  ls_free(r->cohort);
  ls_free(r->size);
  ls_free(r->count);
  ls_free(r->mean);
  ls_free(r->mean_size);
  ls_free(r);
}

static int parse_of(const char *s, const char *a, const char *b) {
  if (!s) return -1;
  return strcmp(s, a) == 0 ? 0 : strcmp(s, b) == 0 ? 1 : -1;
}

int ls_retention_type_parse(const char *s) {
  return parse_of(s, "first_time", "recurring");
}

int ls_retention_mode_parse(const char *s) {
  return parse_of(s, "on", "on_or_after");
}

int ls_retention_buckets_parse(const char *s) {
  return parse_of(s, "calendar", "rolling_24h");
}
