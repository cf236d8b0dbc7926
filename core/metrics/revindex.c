/* revindex.c: subscriptions read once for the revenue metrics (metrics/revindex.h). */
#include "metrics/revindex.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/keymap.h"
#include "metrics/money.h"
#include "metrics/scope.h"

/* ---- private: reading cells ---- */

static int ieq(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  if (alen != blen) return 0;
  for (size_t i = 0; i < alen; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return 0;
  }
  return 1;
}

/* The months in one interval unit as num/den, weekly from the settings, and
 * the unit as a cycle (months > 0, days < 0); 0 when the unit is unknown. */
static int unit_months(const char *s, size_t len, const ls_settings *set, int64_t *num, int64_t *den,
                       int32_t *cycle) {
  static const struct {
    const char *name;
    int kind; /* 0 month, 1 year, 2 week, 3 day */
  } units[] = {
    {"month", 0},  {"monthly", 0},  {"months", 0}, {"mo", 0},     {"year", 1},   {"yearly", 1},
    {"years", 1},  {"annual", 1},   {"annually", 1}, {"yr", 1},   {"week", 2},   {"weekly", 2},
    {"weeks", 2},  {"wk", 2},       {"day", 3},    {"daily", 3},  {"days", 3},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (!ieq(s, len, units[i].name)) continue;
    switch (units[i].kind) {
      case 0: *num = 1, *den = 1, *cycle = 1; break;
      case 1: *num = 1, *den = 12, *cycle = 12; break;
      case 2: *num = set->weekly_num, *den = set->weekly_den, *cycle = -7; break;
      default: *num = 365, *den = 12, *cycle = -1; break;
    }
    return 1;
  }
  return 0;
}

static const ls_column *role_col(const ls_table *t, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? ls_table_col(t, (size_t)d->col[r]) : NULL;
}

static int64_t time_at(const ls_column *c, size_t i, int64_t otherwise) {
  if (!c || ls_column_type(c) != LS_TYPE_TIME || !ls_column_valid(c, i)) return otherwise;
  return ls_column_i64(c)[i];
}

static const char *str_at(const ls_column *c, size_t i, size_t *len) {
  if (!c || ls_column_type(c) != LS_TYPE_STRING || !ls_column_valid(c, i)) return NULL;
  return ls_column_str(c, i, len);
}

/* ---- private: building ---- */

/* What the cache holds: the index, and what a scoped index is cut from. */
typedef struct {
  ls_revindex pub;   /* first: what ls_revindex_get hands out */
  int32_t *row;      /* per subscription: its row */
  int32_t *ids;      /* per row: its customer's dense id, -1 none */
  size_t nrows;
} held;

static void rev_free(void *p) {
  held *h = p;
  if (!h) return;
  ls_revindex *r = &h->pub;
  ls_free(h->row);
  ls_free(h->ids);
  ls_free(r->customer);
  ls_free(r->mrr);
  ls_free(r->start);
  ls_free(r->trial_end);
  ls_free(r->off);
  ls_free(r->cycle);
  ls_free(r->first_row);
  ls_free(r->changes);
  ls_free(r->trials);
  ls_free(h);
}

static int cmp_change(const void *a, const void *b) {
  const ls_revchange *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  if (x->delta != y->delta) return x->delta < y->delta ? -1 : 1;
  return (x->sub > y->sub) - (x->sub < y->sub);
}

static unsigned bits_of(uint64_t x) {
  unsigned b = 0;
  while (x) b++, x >>= 1;
  return b;
}

/* Sort c[0..n) as cmp_change orders it. The triples are distinct (a
 * subscription changes on once and off once), so one 64-bit key per change,
 * instant above delta above subscription, sorts them the same: by radix, 11
 * bits a pass, when the instants' span leaves room; else by qsort. */
static void sort_changes(ls_revchange *c, size_t n) {
  if (n < 2) return;
  int64_t lo = c[0].t, hi = c[0].t;
  int32_t top = 0;
  for (size_t i = 0; i < n; i++) {
    if (c[i].t < lo) lo = c[i].t;
    if (c[i].t > hi) hi = c[i].t;
    if (c[i].sub > top) top = c[i].sub;
  }
  unsigned sb = bits_of((uint64_t)top), width = bits_of((uint64_t)hi - (uint64_t)lo) + 1 + sb;
  uint64_t *key = width <= 64 ? ls_malloc(2 * n * sizeof *key) : NULL;
  if (!key) {
    qsort(c, n, sizeof *c, cmp_change);
    return;
  }
  uint64_t *tmp = key + n, mask = ((uint64_t)1 << sb) - 1;
  for (size_t i = 0; i < n; i++)
    key[i] = ((uint64_t)c[i].t - (uint64_t)lo) << (1 + sb) | (uint64_t)(c[i].delta > 0) << sb | (uint64_t)c[i].sub;
  for (unsigned shift = 0; shift < width; shift += 11) {
    size_t count[2048] = {0};
    for (size_t i = 0; i < n; i++) count[key[i] >> shift & 2047]++;
    if (count[key[0] >> shift & 2047] == n) continue; /* one digit: nothing moves */
    for (size_t d = 0, sum = 0; d < 2048; d++) {
      size_t k = count[d];
      count[d] = sum;
      sum += k;
    }
    for (size_t i = 0; i < n; i++) tmp[count[key[i] >> shift & 2047]++] = key[i];
    uint64_t *swap = key;
    key = tmp, tmp = swap;
  }
  for (size_t i = 0; i < n; i++)
    c[i] = (ls_revchange){(int64_t)((uint64_t)lo + (key[i] >> (1 + sb))), (int32_t)(key[i] & mask),
                          key[i] >> sb & 1 ? +1 : -1};
  ls_free(key < tmp ? key : tmp);
}

/* The monthly amount of row i at rate into *out (units) and its billing
 * cycle into *cycle; 0 when the row is left out (no amount), -1 after
 * failing on ws. */
static int monthly(ls_workspace *ws, const ls_table *t, const ls_detection *d, size_t i, double rate,
                   int64_t *out, int32_t *cycle) {
  const ls_settings *set = ls_workspace_settings(ws);
  const ls_column *amount = role_col(t, d, LS_ROLE_AMOUNT), *qty = role_col(t, d, LS_ROLE_QUANTITY),
                  *interval = role_col(t, d, LS_ROLE_INTERVAL), *icount = role_col(t, d, LS_ROLE_INTERVAL_COUNT),
                  *disc = role_col(t, d, LS_ROLE_DISCOUNT);
  double a = ls_column_num(amount, i);
  if (isnan(a)) return 0;
  double unit = ls_money_minor(d);
  double q = qty ? ls_column_num(qty, i) : NAN;
  double price = a / unit * (isnan(q) ? 1 : q);
  if (set->discounts == LS_DISCOUNTS_RECURRING) price = ls_money_discounted(disc, i, price, unit);
  int64_t num = 1, den = 1, count = 1;
  *cycle = 1;
  size_t len;
  const char *iv = str_at(interval, i, &len);
  if (iv && !unit_months(iv, len, set, &num, &den, cycle)) {
    ls_workspace_fail(ws, LS_EPARSE, "%s: row %zu, column \"%s\": unknown interval \"%s\"", ls_table_name(t),
                      i + 1, ls_column_name(interval), iv);
    return -1;
  }
  double c = icount ? ls_column_num(icount, i) : NAN;
  if (!isnan(c)) {
    if (c < 1 || c > 1000 || c != floor(c)) {
      ls_workspace_fail(ws, LS_EPARSE,
                        "%s: row %zu, column \"%s\": interval count must be a whole number from 1 to 1000",
                        ls_table_name(t), i + 1, ls_column_name(icount));
      return -1;
    }
    count = (int64_t)c;
  }
  *cycle *= (int32_t)count;
  int64_t units; /* hundredths of a cent */
  if (!ls_money_units(price, rate, (double)num * 3600, &units)) {
    ls_workspace_fail(ws, LS_ERANGE, "%s: row %zu: amount out of range", ls_table_name(t), i + 1);
    return -1;
  }
  int64_t scaled = units * num * 3600, by = den * count;
  /* rounded half away from zero */
  *out = scaled >= 0 ? (scaled + by / 2) / by : -((-scaled + by / 2) / by);
  return 1;
}

/* Allocate r's arrays for up to nsubs subscriptions (changes: two each); 0
 * when out of memory. */
static int alloc_arrays(ls_revindex *r, size_t nsubs) {
  size_t m = nsubs ? nsubs : 1;
  r->customer = ls_malloc(m * sizeof *r->customer);
  r->mrr = ls_malloc(m * sizeof *r->mrr);
  r->start = ls_malloc(m * sizeof *r->start);
  r->trial_end = ls_malloc(m * sizeof *r->trial_end);
  r->off = ls_malloc(m * sizeof *r->off);
  r->cycle = ls_malloc(m * sizeof *r->cycle);
  r->first_row = ls_malloc((r->ncustomers + 1) * sizeof *r->first_row);
  r->changes = ls_malloc(2 * m * sizeof *r->changes);
  r->trials = ls_malloc(2 * m * sizeof *r->trials);
  if (!(r->customer && r->mrr && r->start && r->trial_end && r->off && r->cycle && r->first_row && r->changes &&
        r->trials))
    return 0;
  for (size_t c = 0; c < r->ncustomers; c++) r->first_row[c] = -1;
  return 1;
}

/* The index of the rows keep keeps (NULL: all) read from the table. */
static ls_status from_rows(ls_workspace *ws, int di, const uint8_t *keep, held **out) {
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  const ls_settings *set = ls_workspace_settings(ws);
  const ls_column *cust = role_col(t, d, LS_ROLE_CUSTOMER), *status = role_col(t, d, LS_ROLE_STATUS),
                  *start = role_col(t, d, LS_ROLE_START), *created = role_col(t, d, LS_ROLE_CREATED),
                  *trial = role_col(t, d, LS_ROLE_TRIAL_END), *ended = role_col(t, d, LS_ROLE_ENDED_AT),
                  *canceled = role_col(t, d, LS_ROLE_CANCELED_AT);
  size_t n = ls_table_rows(t);
  ls_money_rates rt = {0};
  ls_status s = ls_money_rates_get(ws, t, role_col(t, d, LS_ROLE_CURRENCY), keep, &rt);
  held *h = s == LS_OK ? ls_calloc(1, sizeof *h) : NULL;
  ls_revindex *r = h ? &h->pub : NULL;
  if (h) {
    r->di = di;
    h->nrows = n;
    memcpy(r->currency, rt.currency, sizeof r->currency);
    s = ls_keymap_build(cust, &h->ids, &r->ncustomers);
    h->row = ls_malloc((n ? n : 1) * sizeof *h->row);
    if (s != LS_OK || !alloc_arrays(r, n) || !h->row) s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  } else if (s == LS_OK) {
    s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  const int32_t *ids = h ? h->ids : NULL;
  for (size_t i = 0; s == LS_OK && i < n; i++) {
    if (ids[i] < 0 || (keep && !keep[i])) continue;
    if (r->first_row[ids[i]] < 0) r->first_row[ids[i]] = (int32_t)i;
    size_t len;
    const char *st = str_at(status, i, &len);
    if (st && (ieq(st, len, "incomplete") || ieq(st, len, "incomplete_expired"))) continue;
    int64_t from = time_at(start, i, time_at(created, i, INT64_MIN));
    if (from == INT64_MIN) continue;
    int64_t units;
    int32_t cycle;
    int got = monthly(ws, t, d, i, rt.rate[i], &units, &cycle);
    if (got < 0) {
      s = LS_EPARSE;
      break;
    }
    if (!got) continue;
    int64_t trial_end = time_at(trial, i, INT64_MIN), off = time_at(ended, i, INT64_MAX);
    int64_t cancel = time_at(canceled, i, INT64_MAX);
    if (set->churn_at == LS_CHURN_AT_CANCELED && cancel < off) off = cancel;
    if (trial_end <= from) trial_end = INT64_MIN;
    int64_t on = trial_end != INT64_MIN ? trial_end : from;
    size_t k = r->nsubs++;
    h->row[k] = (int32_t)i;
    r->customer[k] = ids[i];
    r->mrr[k] = units;
    r->start[k] = from;
    r->trial_end[k] = trial_end;
    r->off[k] = off;
    r->cycle[k] = cycle;
    if (on < off) {
      r->changes[r->nchanges++] = (ls_revchange){on, (int32_t)k, +1};
      if (off != INT64_MAX) r->changes[r->nchanges++] = (ls_revchange){off, (int32_t)k, -1};
    }
    int64_t trial_stop = trial_end < off ? trial_end : off;
    if (trial_end != INT64_MIN && from < trial_stop) {
      r->trials[r->ntrial++] = (ls_revchange){from, (int32_t)k, +1};
      r->trials[r->ntrial++] = (ls_revchange){trial_stop, (int32_t)k, -1};
    }
  }
  ls_free(rt.rate);
  if (s != LS_OK) {
    rev_free(h);
    return s;
  }
  sort_changes(r->changes, r->nchanges);
  sort_changes(r->trials, r->ntrial);
  *out = h;
  return LS_OK;
}

/* changes of all whose subscription keep keeps, renumbered by map: still in
 * cmp_change's order, map keeping the subscriptions' order */
static size_t cut_changes(const ls_revchange *all, size_t n, const int32_t *map, ls_revchange *out) {
  size_t k = 0;
  for (size_t j = 0; j < n; j++)
    if (map[all[j].sub] >= 0) out[k++] = (ls_revchange){all[j].t, map[all[j].sub], all[j].delta};
  return k;
}

/* The index of the rows keep keeps, cut from all's (the index of every row):
 * the same subscriptions, numbers and order that from_rows(keep) gives, each
 * row reading the same whatever the scope, without reading the table again
 * or sorting. */
static ls_status cut(ls_workspace *ws, const held *all, const uint8_t *keep, held **out) {
  const ls_revindex *a = &all->pub;
  const ls_table *t = ls_workspace_table(ws, (size_t)a->di);
  const ls_column *cur = role_col(t, ls_workspace_detection(ws, (size_t)a->di), LS_ROLE_CURRENCY);
  held *h = ls_calloc(1, sizeof *h);
  int32_t *map = ls_malloc((a->nsubs ? a->nsubs : 1) * sizeof *map);
  if (!h || !map || (h->pub.ncustomers = a->ncustomers, !alloc_arrays(&h->pub, a->nsubs))) {
    rev_free(h);
    ls_free(map);
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
  for (size_t i = 0; i < all->nrows; i++)
    if (keep[i] && all->ids[i] >= 0 && r->first_row[all->ids[i]] < 0) r->first_row[all->ids[i]] = (int32_t)i;
  for (size_t j = 0; j < a->nsubs; j++) {
    map[j] = keep[all->row[j]] ? (int32_t)r->nsubs : -1;
    if (map[j] < 0) continue;
    size_t k = r->nsubs++;
    r->customer[k] = a->customer[j];
    r->mrr[k] = a->mrr[j];
    r->start[k] = a->start[j];
    r->trial_end[k] = a->trial_end[j];
    r->off[k] = a->off[j];
    r->cycle[k] = a->cycle[j];
  }
  r->nchanges = cut_changes(a->changes, a->nchanges, map, r->changes);
  r->ntrial = cut_changes(a->trials, a->ntrial, map, r->trials);
  ls_free(map);
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
