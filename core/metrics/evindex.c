/* evindex.c: events sorted by (user, time, row) (metrics/evindex.h).
 *
 * A counting sort of the kept rows by user, stable (each user's events in row
 * order), then each user's events by instant: already in order when the log
 * was written in time order (one check per event), else a stable merge sort
 * of that user's rows. O(n) for a log in time order, O(n log m) at worst, m
 * the most events of one user. */
#include "metrics/evindex.h"

#include <string.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "metrics/scope.h"
#include "metrics/userscope.h"

/* ---- private ---- */

static void ev_free(void *p) {
  ls_evindex *x = p;
  if (!x) return;
  ls_free(x->user);
  ls_free(x->t);
  ls_free(x->name);
  ls_free(x->row);
  ls_free(x->first);
  ls_free(x);
}

static const ls_column *role_col(const ls_workspace *ws, int di, ls_role r) {
  int c = ls_workspace_detection(ws, (size_t)di)->col[r];
  return c < 0 ? NULL : ls_table_col(ls_workspace_table(ws, (size_t)di), (size_t)c);
}

/* rows[0..m) by (tv[row], row), stable (rows come in increasing order) */
static void merge_sort_rows(int32_t *rows, int32_t *tmp, size_t m, const int64_t *tv) {
  for (size_t w = 1; w < m; w *= 2) {
    for (size_t lo = 0; lo < m; lo += 2 * w) {
      size_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m, a = lo, b = mid, k = lo;
      while (a < mid && b < hi) tmp[k++] = tv[rows[b]] < tv[rows[a]] ? rows[b++] : rows[a++];
      while (a < mid) tmp[k++] = rows[a++];
      while (b < hi) tmp[k++] = rows[b++];
    }
    memcpy(rows, tmp, m * sizeof *rows);
  }
}

/* events [b, e) of one user, placed in row order, put in (instant, row)
 * order: nothing to do when the instants already rise (a log written in time
 * order), else a stable merge sort of the rows by instant */
static void order_user(ls_evindex *x, size_t b, size_t e, const int64_t *tv, const int32_t *names, int32_t *tmp) {
  size_t i = b + 1;
  while (i < e && x->t[i - 1] <= x->t[i]) i++;
  if (i >= e) return;
  merge_sort_rows(x->row + b, tmp, e - b, tv);
  for (size_t k = b; k < e; k++) x->t[k] = tv[x->row[k]], x->name[k] = names[x->row[k]];
}

/* The index of a scope that keeps whole users (kept: per user), cut from
 * the index of every row: the kept users' events, in the same order. */
static ls_status cut_users(ls_workspace *ws, const uint8_t *kept, void **out) {
  const ls_evindex *all = NULL;
  ls_scope none = {NULL, 0};
  ls_status st = ls_evindex_get(ws, &none, &all);
  if (st != LS_OK) return st;
  ls_evindex *x = ls_calloc(1, sizeof *x);
  if (!x) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  x->di = all->di;
  x->nusers = all->nusers;
  x->event_col = all->event_col;
  for (size_t u = 0; u < all->nusers; u++)
    if (kept[u]) x->n += all->first[u + 1] - all->first[u];
  size_t cap = x->n ? x->n : 1;
  x->user = ls_malloc(cap * sizeof *x->user);
  x->t = ls_malloc(cap * sizeof *x->t);
  x->name = ls_malloc(cap * sizeof *x->name);
  x->row = ls_malloc(cap * sizeof *x->row);
  x->first = ls_calloc(x->nusers + 2, sizeof *x->first);
  if (!x->user || !x->t || !x->name || !x->row || !x->first) {
    ev_free(x);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  size_t at = 0;
  for (size_t u = 0; u < all->nusers; u++) {
    x->first[u] = at;
    if (!kept[u]) continue;
    size_t b = all->first[u], m = all->first[u + 1] - b;
    memcpy(x->user + at, all->user + b, m * sizeof *x->user);
    memcpy(x->t + at, all->t + b, m * sizeof *x->t);
    memcpy(x->name + at, all->name + b, m * sizeof *x->name);
    memcpy(x->row + at, all->row + b, m * sizeof *x->row);
    at += m;
  }
  x->first[x->nusers] = at;
  *out = x;
  return LS_OK;
}

static ls_status build(ls_workspace *ws, void *ctx, void **out) {
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  const ls_column *user = role_col(ws, di, LS_ROLE_USER), *ev = role_col(ws, di, LS_ROLE_EVENT),
                  *ts = role_col(ws, di, LS_ROLE_TIMESTAMP);
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  if (!user || !ev || !ts)
    return ls_workspace_fail(ws, LS_ENODATA, "%s: events need a user, an event and a timestamp column", ls_table_name(t));
  if (ls_column_type(ev) != LS_TYPE_STRING)
    return ls_workspace_fail(ws, LS_EINVAL, "%s: the event column \"%s\" does not hold names", ls_table_name(t),
                             ls_column_name(ev));
  size_t n = ls_table_rows(t);
  if (n > (size_t)INT32_MAX) return ls_workspace_fail(ws, LS_ERANGE, "%s: too many rows", ls_table_name(t));
  int cut = 0;
  ls_status st = ls_user_scope_cut(ws, di, ctx, cut_users, out, &cut);
  if (st != LS_OK || cut) return st;
  uint8_t *keep = NULL;
  st = ls_scope_mask(ws, di, ctx, &keep);
  if (st != LS_OK) return st;
  ls_evindex *x = ls_calloc(1, sizeof *x);
  int32_t *tmp = NULL;
  const int32_t *uid = NULL; /* events without a user are their anonymous id's */
  uint8_t *ok = ls_malloc(n ? n : 1);
  if (!x || !ok || ls_user_ids(ws, di, &uid, &x->nusers) != LS_OK) goto oom;
  x->di = di;
  x->event_col = ev;
  const int64_t *tv = ls_column_i64(ts);
  const int32_t *names = ls_column_str_ids(ev);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    ok[i] = uid[i] >= 0 && ls_column_valid(ts, i) && ls_column_valid(ev, i) && (!keep || keep[i]);
    m += ok[i];
  }
  ls_free(keep);
  keep = NULL;
  x->n = m;
  size_t cap = m ? m : 1;
  x->user = ls_malloc(cap * sizeof *x->user);
  x->t = ls_malloc(cap * sizeof *x->t);
  x->name = ls_malloc(cap * sizeof *x->name);
  x->row = ls_malloc(cap * sizeof *x->row);
  x->first = ls_calloc(x->nusers + 2, sizeof *x->first);
  if (!x->user || !x->t || !x->name || !x->row || !x->first) goto oom;
  /* counting sort by user, stable: first[u + 1] counts, then offsets */
  for (size_t i = 0; i < n; i++)
    if (ok[i]) x->first[uid[i] + 1]++;
  size_t most = 1; /* the most events of one user */
  for (size_t u = 0; u < x->nusers; u++) {
    if (x->first[u + 1] > most) most = x->first[u + 1];
    x->first[u + 1] += x->first[u];
  }
  size_t *at = x->first; /* first[u] walks forward, then is put back */
  for (size_t i = 0; i < n; i++) {
    if (!ok[i]) continue;
    int32_t u = uid[i];
    size_t k = at[u]++;
    x->user[k] = u;
    x->t[k] = tv[i];
    x->name[k] = names[i];
    x->row[k] = (int32_t)i;
  }
  for (size_t u = x->nusers; u > 0; u--) x->first[u] = x->first[u - 1];
  x->first[0] = 0;
  tmp = ls_malloc(most * sizeof *tmp);
  if (!tmp) goto oom;
  for (size_t u = 0; u < x->nusers; u++) order_user(x, x->first[u], x->first[u + 1], tv, names, tmp);
  ls_free(tmp);
  ls_free(ok);
  *out = x;
  return LS_OK;
oom:
  ls_free(keep);
  ls_free(ok);
  ev_free(x);
  return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
}

/* ---- API ---- */

ls_status ls_evindex_get(ls_workspace *ws, const ls_scope *sc, const ls_evindex **out) {
  *out = NULL;
  if (ls_workspace_find(ws, LS_KIND_EVENTS) < 0) return ls_workspace_fail(ws, LS_ENODATA, "no events dataset is loaded");
  void *index = NULL;
  char key[256] = "evindex|";
  ls_scope_key(sc, key + strlen(key), sizeof key - strlen(key));
  ls_status s = ls_workspace_cached_ctx(ws, key, build, (void *)sc, ev_free, &index);
  *out = index;
  return s;
}

int32_t ls_evindex_name_id(const ls_evindex *x, const char *s) {
  const ls_dict *d = ls_column_dict(x->event_col);
  return d && s ? ls_dict_find(d, s, strlen(s)) : -1;
}

const char *ls_evindex_name(const ls_evindex *x, int32_t id) {
  return ls_dict_str(ls_column_dict(x->event_col), id, NULL);
}

size_t ls_evindex_name_count(const ls_evindex *x) {
  const ls_dict *d = ls_column_dict(x->event_col);
  return d ? ls_dict_size(d) : 0;
}
