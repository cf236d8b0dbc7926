/* revindex.c: subscriptions read once for the revenue metrics (metrics/revindex.h). */
#include "metrics/revindex.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/dict.h"
#include "base/keymap.h"
#include "metrics/money.h"
#include "metrics/scope.h"

/* ---- private: reading cells ---- */

/* The kind of an interval unit: 0 month, 1 year, 2 week, 3 day; -1 unknown. */
static int unit_kind(const char *s, size_t len) {
  static const struct {
    const char *name;
    int kind;
  } units[] = {
    {"month", 0},  {"monthly", 0},  {"months", 0}, {"mo", 0},     {"year", 1},   {"yearly", 1},
    {"years", 1},  {"annual", 1},   {"annually", 1}, {"yr", 1},   {"week", 2},   {"weekly", 2},
    {"weeks", 2},  {"wk", 2},       {"day", 3},    {"daily", 3},  {"days", 3},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (ls_ascii_ieq(s, len, units[i].name)) return units[i].kind;
  return -1;
}

/* The months in an interval unit of kind k as num/den, weekly from the
 * settings, and the unit as a cycle (months > 0, days < 0). */
static void unit_months(int k, const ls_settings *set, int64_t *num, int64_t *den, int32_t *cycle) {
  switch (k) {
    case 0: *num = 1, *den = 1, *cycle = 1; break;
    case 1: *num = 1, *den = 12, *cycle = 12; break;
    case 2: *num = set->weekly_num, *den = set->weekly_den, *cycle = -7; break;
    default: *num = 365, *den = 12, *cycle = -1; break;
  }
}

/* a status that leaves a row out: 1, else 0 */
static int left_out(const char *s, size_t len) {
  return ls_ascii_ieq(s, len, "incomplete") || ls_ascii_ieq(s, len, "incomplete_expired");
}

static const ls_column *role_col(const ls_table *t, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? ls_table_col(t, (size_t)d->col[r]) : NULL;
}

/* A column read row by row: its values by type, each cell's validity
 * looked at only when the column has nulls; a string column's texts judged
 * once per dictionary entry (judged). */
typedef struct {
  const ls_column *c;  /* NULL: no such column */
  const int64_t *i64;  /* a time column's */
  const double *f64;   /* a double column's */
  const int32_t *ids;  /* a string column's */
  int8_t *judged;      /* per dictionary entry, when asked for */
  int nulls;
} cells;

static cells cells_of(const ls_table *t, const ls_detection *d, ls_role r) {
  cells x = {role_col(t, d, r), NULL, NULL, NULL, NULL, 0};
  if (!x.c) return x;
  x.nulls = ls_column_nulls(x.c) > 0;
  ls_type ty = ls_column_type(x.c);
  if (ty == LS_TYPE_TIME) x.i64 = ls_column_i64(x.c);
  if (ty == LS_TYPE_DOUBLE) x.f64 = ls_column_f64(x.c);
  if (ty == LS_TYPE_STRING) x.ids = ls_column_str_ids(x.c);
  return x;
}

static int has(const cells *x, size_t i) { return x->c && (!x->nulls || ls_column_valid(x->c, i)); }

static int64_t time_at(const cells *x, size_t i, int64_t otherwise) {
  return x->i64 && has(x, i) ? x->i64[i] : otherwise;
}

static double num_at(const cells *x, size_t i) {
  if (!has(x, i)) return NAN;
  return x->f64 ? x->f64[i] : ls_column_num(x->c, i);
}

/* Judge every dictionary entry of x's string column by judge; 0 when out of
 * memory. Nothing to do for another column. */
static int judge(cells *x, int (*judge_text)(const char *, size_t)) {
  if (!x->ids) return 1;
  const ls_dict *d = ls_column_dict(x->c);
  size_t n = ls_dict_size(d);
  x->judged = ls_malloc(n + 1);
  for (size_t id = 0; x->judged && id < n; id++) {
    size_t len;
    const char *s = ls_dict_str(d, (int32_t)id, &len);
    x->judged[id] = (int8_t)judge_text(s, len);
  }
  return x->judged != NULL;
}

/* the judgement of row i's text; -2 when it has none */
static int judged_at(const cells *x, size_t i) { return x->judged && has(x, i) ? x->judged[x->ids[i]] : -2; }

static const char *str_at(const ls_column *c, size_t i, size_t *len) {
  if (!c || ls_column_type(c) != LS_TYPE_STRING || !ls_column_valid(c, i)) return NULL;
  return ls_column_str(c, i, len);
}

/* ---- private: building ---- */

/* What the cache holds: the index, and what a scoped index is cut from. */
typedef struct {
  ls_revindex pub;   /* first: what ls_revindex_get hands out */
  int32_t *row;      /* per subscription: its row */
  int32_t *at;       /* per subscription k: where its on and off changes are,
                        at[2k] and at[2k + 1], -1 none; NULL when scoped */
  int32_t *ids;      /* per row: its customer's dense id, -1 none */
  size_t nrows;
} held;

static void rev_free(void *p) {
  held *h = p;
  if (!h) return;
  ls_revindex *r = &h->pub;
  ls_free(h->row);
  ls_free(h->at);
  ls_free(h->ids);
  ls_free(r->customer);
  ls_free(r->mrr);
  ls_free(r->start);
  ls_free(r->trial_end);
  ls_free(r->off);
  ls_free(r->cycle);
  ls_free(r->first_row);
  ls_free(r->changes);
  ls_free(r->first_change);
  ls_free(h);
}

static int cmp_change(const void *a, const void *b) {
  const ls_revchange *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  if (x->delta != y->delta) return x->delta < y->delta ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* a change and its subscription while sorting a long run */
typedef struct {
  ls_revchange c;
  int32_t sub;
} change_of;

static int cmp_change_of(const void *a, const void *b) {
  return cmp_change(&((const change_of *)a)->c, &((const change_of *)b)->c);
}

/* Sort one customer's changes c[0..n) by cmp_change, their subscriptions
 * sub[0..n) along: a customer has a few, so by insertion, unless it has
 * many. 0 when out of memory. */
static int sort_run(ls_revchange *c, int32_t *sub, size_t n) {
  if (n > 32) {
    change_of *t = ls_malloc(n * sizeof *t);
    if (!t) return 0;
    for (size_t i = 0; i < n; i++) t[i] = (change_of){c[i], sub[i]};
    qsort(t, n, sizeof *t, cmp_change_of);
    for (size_t i = 0; i < n; i++) c[i] = t[i].c, sub[i] = t[i].sub;
    ls_free(t);
    return 1;
  }
  for (size_t i = 1; i < n; i++) {
    ls_revchange x = c[i];
    int32_t xs = sub[i];
    size_t j = i;
    for (; j > 0 && cmp_change(&c[j - 1], &x) > 0; j--) c[j] = c[j - 1], sub[j] = sub[j - 1];
    c[j] = x, sub[j] = xs;
  }
  return 1;
}

/* r's changes from its subscriptions (on rows row), grouped by customer
 * (first_change) and each customer's sorted: counted, placed, then sorted
 * run by run; at[2k], at[2k + 1]: where subscription k's on and off changes
 * went (-1 none). 0 when out of memory. */
static int group_changes(ls_revindex *r, const int32_t *row, int32_t *at) {
  size_t nc = r->ncustomers;
  int32_t *next = ls_malloc((nc + 1) * sizeof *next), *sub = ls_malloc((2 * r->nsubs + 1) * sizeof *sub);
  int ok = next && sub;
  memset(r->first_change, 0, (nc + 1) * sizeof *r->first_change);
  for (size_t k = 0; ok && k < r->nsubs; k++) {
    int64_t on = r->trial_end[k] != INT64_MIN ? r->trial_end[k] : r->start[k];
    if (on < r->off[k]) r->first_change[r->customer[k] + 1] += 1 + (r->off[k] != INT64_MAX);
  }
  for (size_t c = 0; ok && c < nc; c++) r->first_change[c + 1] += r->first_change[c];
  if (ok) memcpy(next, r->first_change, nc * sizeof *next);
  for (size_t k = 0; ok && k < r->nsubs; k++) {
    int64_t on = r->trial_end[k] != INT64_MIN ? r->trial_end[k] : r->start[k];
    if (on >= r->off[k]) continue;
    int32_t c = r->customer[k];
    sub[next[c]] = (int32_t)k;
    r->changes[next[c]++] = (ls_revchange){on, r->mrr[k], row[k], +1};
    if (r->off[k] == INT64_MAX) continue;
    sub[next[c]] = (int32_t)k;
    r->changes[next[c]++] = (ls_revchange){r->off[k], -r->mrr[k], row[k], -1};
  }
  for (size_t c = 0; ok && c < nc; c++) {
    int32_t from = r->first_change[c];
    ok = sort_run(r->changes + from, sub + from, (size_t)(r->first_change[c + 1] - from));
  }
  r->nchanges = (size_t)r->first_change[nc];
  if (ok && at) {
    memset(at, 0xff, 2 * r->nsubs * sizeof *at);
    for (size_t j = 0; j < r->nchanges; j++) at[2 * sub[j] + (r->changes[j].delta < 0)] = (int32_t)j;
  }
  ls_free(next);
  ls_free(sub);
  return ok;
}

/* What from_rows reads of the subscriptions dataset. */
typedef struct {
  ls_workspace *ws;
  const ls_table *t;
  const ls_settings *set;
  cells status, start, created, trial, ended, canceled, amount, qty, interval, icount;
  const ls_column *disc;
  double minor;
} reader;

/* The monthly amount of row i at rate into *out (units) and its billing
 * cycle into *cycle; 0 when the row is left out (no amount), -1 after
 * failing on ws. */
static int monthly(const reader *rd, size_t i, double rate, int64_t *out, int32_t *cycle) {
  const ls_settings *set = rd->set;
  double a = num_at(&rd->amount, i);
  if (isnan(a)) return 0;
  double q = num_at(&rd->qty, i);
  double price = a / rd->minor * (isnan(q) ? 1 : q);
  if (set->discounts == LS_DISCOUNTS_RECURRING) price = ls_money_discounted(rd->disc, i, price, rd->minor);
  int64_t num = 1, den = 1, count = 1;
  *cycle = 1;
  int kind = judged_at(&rd->interval, i);
  if (kind == -1) {
    size_t len;
    ls_workspace_fail(rd->ws, LS_EPARSE, "%s: row %zu, column \"%s\": unknown interval \"%s\"",
                      ls_table_name(rd->t), i + 1, ls_column_name(rd->interval.c),
                      ls_column_str(rd->interval.c, i, &len));
    return -1;
  }
  if (kind >= 0) unit_months(kind, set, &num, &den, cycle);
  double c = num_at(&rd->icount, i);
  if (!isnan(c)) {
    if (c < 1 || c > 1000 || c != floor(c)) {
      ls_workspace_fail(rd->ws, LS_EPARSE,
                        "%s: row %zu, column \"%s\": interval count must be a whole number from 1 to 1000",
                        ls_table_name(rd->t), i + 1, ls_column_name(rd->icount.c));
      return -1;
    }
    count = (int64_t)c;
  }
  *cycle *= (int32_t)count;
  int64_t units; /* hundredths of a cent */
  if (!ls_money_units(price, rate, (double)num * 3600, &units)) {
    ls_workspace_fail(rd->ws, LS_ERANGE, "%s: row %zu: amount out of range", ls_table_name(rd->t), i + 1);
    return -1;
  }
  int64_t scaled = units * num * 3600, by = den * count;
  /* rounded half away from zero */
  if (by == 1) *out = scaled;
  else *out = scaled >= 0 ? (scaled + by / 2) / by : -((-scaled + by / 2) / by);
  return 1;
}

/* Allocate r's arrays for up to nsubs subscriptions and nchanges changes of
 * r->ncustomers customers; 0 when out of memory. */
static int alloc_arrays(ls_revindex *r, size_t nsubs, size_t nchanges) {
  size_t m = nsubs ? nsubs : 1;
  r->customer = ls_malloc(m * sizeof *r->customer);
  r->mrr = ls_malloc(m * sizeof *r->mrr);
  r->start = ls_malloc(m * sizeof *r->start);
  r->trial_end = ls_malloc(m * sizeof *r->trial_end);
  r->off = ls_malloc(m * sizeof *r->off);
  r->cycle = ls_malloc(m * sizeof *r->cycle);
  r->first_row = ls_malloc((r->ncustomers + 1) * sizeof *r->first_row);
  r->changes = ls_malloc((nchanges ? nchanges : 1) * sizeof *r->changes);
  r->first_change = ls_malloc((r->ncustomers + 1) * sizeof *r->first_change);
  if (!(r->customer && r->mrr && r->start && r->trial_end && r->off && r->cycle && r->first_row && r->changes &&
        r->first_change))
    return 0;
  memset(r->first_row, 0xff, r->ncustomers * sizeof *r->first_row);
  return 1;
}

/* The index of the rows keep keeps (NULL: all) read from the table. */
static ls_status from_rows(ls_workspace *ws, int di, const uint8_t *keep, held **out) {
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  reader rd = {ws,
               t,
               ls_workspace_settings(ws),
               cells_of(t, d, LS_ROLE_STATUS),
               cells_of(t, d, LS_ROLE_START),
               cells_of(t, d, LS_ROLE_CREATED),
               cells_of(t, d, LS_ROLE_TRIAL_END),
               cells_of(t, d, LS_ROLE_ENDED_AT),
               cells_of(t, d, LS_ROLE_CANCELED_AT),
               cells_of(t, d, LS_ROLE_AMOUNT),
               cells_of(t, d, LS_ROLE_QUANTITY),
               cells_of(t, d, LS_ROLE_INTERVAL),
               cells_of(t, d, LS_ROLE_INTERVAL_COUNT),
               role_col(t, d, LS_ROLE_DISCOUNT),
               ls_money_minor(d)};
  int by_cancel = rd.set->churn_at == LS_CHURN_AT_CANCELED;
  size_t n = ls_table_rows(t);
  ls_money_rates rt = {0};
  ls_status s = ls_money_rates_get(ws, t, role_col(t, d, LS_ROLE_CURRENCY), keep, &rt);
  held *h = s == LS_OK ? ls_calloc(1, sizeof *h) : NULL;
  ls_revindex *r = h ? &h->pub : NULL;
  if (h) {
    r->di = di;
    h->nrows = n;
    memcpy(r->currency, rt.currency, sizeof r->currency);
    s = ls_keymap_build(role_col(t, d, LS_ROLE_CUSTOMER), &h->ids, &r->ncustomers);
    h->row = ls_malloc((n ? n : 1) * sizeof *h->row);
    h->at = keep ? NULL : ls_malloc((2 * n + 1) * sizeof *h->at);
    if (s != LS_OK || !alloc_arrays(r, n, 2 * n) || !h->row || (!keep && !h->at) || !judge(&rd.status, left_out) ||
        !judge(&rd.interval, unit_kind))
      s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  } else if (s == LS_OK) {
    s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  const int32_t *ids = h ? h->ids : NULL;
  int32_t seen = 0; /* ids come in order of first appearance */
  for (size_t i = 0; s == LS_OK && i < n; i++) {
    if (ids[i] < 0) continue;
    if (ids[i] == seen) r->first_row[seen++] = (int32_t)i;
    if ((keep && !keep[i]) || judged_at(&rd.status, i) == 1) continue;
    int64_t from = time_at(&rd.start, i, time_at(&rd.created, i, INT64_MIN));
    if (from == INT64_MIN) continue;
    int64_t units;
    int32_t cycle;
    int got = monthly(&rd, i, rt.rate[i], &units, &cycle);
    if (got < 0) {
      s = LS_EPARSE;
      break;
    }
    if (!got) continue;
    int64_t trial_end = time_at(&rd.trial, i, INT64_MIN), off = time_at(&rd.ended, i, INT64_MAX);
    int64_t cancel = time_at(&rd.canceled, i, INT64_MAX);
    if (by_cancel && cancel < off) off = cancel;
    if (trial_end <= from) trial_end = INT64_MIN;
    size_t k = r->nsubs++;
    h->row[k] = (int32_t)i;
    r->customer[k] = ids[i];
    r->mrr[k] = units;
    r->start[k] = from;
    r->trial_end[k] = trial_end;
    r->off[k] = off;
    r->cycle[k] = cycle;
  }
  ls_free(rd.status.judged);
  ls_free(rd.interval.judged);
  ls_free(rt.rate);
  if (s == LS_OK && !group_changes(r, h->row, h->at))
    s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  if (s != LS_OK) {
    rev_free(h);
    return s;
  }
  *out = h;
  return LS_OK;
}

/* The index of the rows keep keeps, cut from all's (the index of every
 * row): the same subscriptions, numbers and order that from_rows(keep)
 * gives, each row reading the same whatever the scope, without reading the
 * table again or sorting. The kept subscriptions mark where their changes
 * are in all's; the marked changes are copied in order, and a customer's
 * run starts after the marks before its run in all's. */
static ls_status cut(ls_workspace *ws, const held *all, const uint8_t *keep, held **out) {
  const ls_revindex *a = &all->pub;
  const ls_table *t = ls_workspace_table(ws, (size_t)a->di);
  const ls_column *cur = role_col(t, ls_workspace_detection(ws, (size_t)a->di), LS_ROLE_CURRENCY);
  size_t nwords = a->nchanges / 64 + 1, nsubs = 0, nchanges = 0;
  uint64_t *mark = ls_calloc(nwords, sizeof *mark);
  int32_t *before = ls_malloc(nwords * sizeof *before), /* marks before each word */
      *kept = ls_malloc((a->nsubs + 1) * sizeof *kept);   /* the subscriptions kept */
  for (size_t j = 0; kept && j < a->nsubs; j++) { /* listed without a branch */
    kept[nsubs] = (int32_t)j;
    nsubs += keep[all->row[j]] != 0;
  }
  for (size_t i = 0; mark && kept && i < nsubs; i++)
    for (size_t e = 0; e < 2; e++) {
      int32_t p = all->at[2 * kept[i] + e];
      if (p >= 0) mark[p / 64] |= (uint64_t)1 << (p % 64), nchanges++;
    }
  /* sized to fit: memory the allocator can hand out again */
  held *h = ls_calloc(1, sizeof *h);
  if (!h || !mark || !before || !kept || (h->pub.ncustomers = a->ncustomers, !alloc_arrays(&h->pub, nsubs, nchanges))) {
    rev_free(h);
    ls_free(mark), ls_free(before), ls_free(kept);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  ls_revindex *r = &h->pub;
  r->di = a->di;
  /* all read every row in one currency (or converted them all), so the kept
   * rows are in all's, unless none of them names a currency */
  int named = ls_workspace_settings(ws)->currency[0] != 0;
  for (size_t i = 0; !named && i < all->nrows; i++) {
    size_t len;
    named = keep[i] && str_at(cur, i, &len) && len;
  }
  if (named) memcpy(r->currency, a->currency, sizeof r->currency);
  memcpy(r->first_row, a->first_row, a->ncustomers * sizeof *r->first_row);
  for (size_t k = 0; k < nsubs; k++) {
    int32_t j = kept[k];
    r->customer[k] = a->customer[j];
    r->mrr[k] = a->mrr[j];
    r->start[k] = a->start[j];
    r->trial_end[k] = a->trial_end[j];
    r->off[k] = a->off[j];
    r->cycle[k] = a->cycle[j];
  }
  r->nsubs = nsubs;
  for (size_t w = 0; w < nwords; w++) {
    before[w] = (int32_t)r->nchanges;
    for (uint64_t m = mark[w]; m; m &= m - 1)
      r->changes[r->nchanges++] = a->changes[w * 64 + (size_t)__builtin_ctzll(m)];
  }
  for (size_t c = 0; c <= a->ncustomers; c++) {
    size_t p = (size_t)a->first_change[c];
    uint64_t below = p % 64 ? mark[p / 64] << (64 - p % 64) : 0; /* the marks below p in its word */
    r->first_change[c] = before[p / 64] + __builtin_popcountll(below);
  }
  ls_free(mark), ls_free(before), ls_free(kept);
  *out = h;
  return LS_OK;
}

typedef struct {
  const ls_scope *sc;
} build_ctx;

static ls_status build(ls_workspace *ws, void *ctx, void **out) {
  const ls_scope *sc = ((build_ctx *)ctx)->sc;
  int di = ls_workspace_find(ws, LS_KIND_SUBSCRIPTIONS);
  if (di < 0) return ls_workspace_fail(ws, LS_ENODATA, "no subscriptions dataset is loaded");
  uint8_t *keep = NULL;
  ls_status s = ls_scope_mask(ws, di, sc, &keep);
  if (s != LS_OK) return s;
  held *h = NULL;
  const ls_revindex *all = NULL;
  ls_scope none = {NULL, 0};
  /* cut from the index of every row, unless that fails on a row the scope
   * may leave out (a currency, an interval): then read the kept rows */
  if (keep && ls_revindex_get(ws, &none, &all) == LS_OK) s = cut(ws, (const held *)all, keep, &h);
  else s = from_rows(ws, di, keep, &h);
  ls_free(keep);
  if (s == LS_OK) *out = h;
  return s;
}

/* ---- API ---- */

ls_status ls_revindex_get(ls_workspace *ws, const ls_scope *sc, const ls_revindex **out) {
  char key[256] = "revindex|";
  ls_scope_key(sc, key + strlen(key), sizeof key - strlen(key));
  build_ctx ctx = {sc};
  void *v = NULL;
  ls_status s = ls_workspace_cached_ctx(ws, key, build, &ctx, rev_free, &v);
  *out = v;
  return s;
}
