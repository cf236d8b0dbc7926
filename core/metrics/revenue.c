/* revenue.c: MRR, ARR and paying customers from a subscriptions dataset.
 *
 * Each subscription becomes an interval [on, off) in which it counts: on is
 * its start, or its trial end when it has a trial (trials are not MRR); off
 * is its Ended At (the default churn_at = ended), open when empty. Rows whose
 * status is incomplete or incomplete_expired never started and are left out.
 * A snapshot at instant T counts the subscriptions with on <= T < off. One
 * sweep over the sorted on/off changes gives every period-end snapshot.
 *
 * Amount x quantity is kept in integer micro-units, summed per billing
 * interval group, and normalised to a month only at the snapshot (month x1,
 * year /12, week x52/12, day x365/12, then / interval count), so sums are
 * exact and identical on every platform. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/keymap.h"
#include "metrics/metrics.h"

#define MAX_GROUPS 64

typedef struct {
  int64_t num, den; /* monthly factor of the group */
} group;

typedef struct {
  int64_t t;     /* instant of the change */
  int32_t sub;   /* subscription index */
  int32_t delta; /* +1 on, -1 off */
} change;

typedef struct {
  size_t nsubs, ncustomers, nchanges, ngroups;
  int32_t *customer; /* per subscription */
  int32_t *group;
  int64_t *micro;    /* amount x quantity x 1e6 */
  change *changes;   /* sorted by (t, delta, sub) */
  group groups[MAX_GROUPS];
} rev_index;

/* ---- private: building the index ---- */

static void rev_free(void *p) {
  rev_index *r = p;
  if (!r) return;
  ls_free(r->customer);
  ls_free(r->group);
  ls_free(r->micro);
  ls_free(r->changes);
  ls_free(r);
}

/* a[0..alen) equals b[0..blen), ASCII case ignored */
static int ieq_n(const char *a, size_t alen, const char *b, size_t blen) {
  if (alen != blen) return 0;
  for (size_t i = 0; i < alen; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return 0;
  }
  return 1;
}

static int ieq(const char *a, size_t alen, const char *b) { return ieq_n(a, alen, b, strlen(b)); }

/* monthly factor num/den of an interval unit; 0 when unknown */
static int unit_factor(const char *s, size_t len, int64_t *num, int64_t *den) {
  static const struct {
    const char *name;
    int64_t num, den;
  } units[] = {
    {"month", 1, 1}, {"monthly", 1, 1}, {"months", 1, 1}, {"mo", 1, 1},
    {"year", 1, 12}, {"yearly", 1, 12}, {"years", 1, 12}, {"annual", 1, 12},
    {"annually", 1, 12}, {"yr", 1, 12}, {"week", 52, 12}, {"weekly", 52, 12},
    {"weeks", 52, 12}, {"wk", 52, 12}, {"day", 365, 12}, {"daily", 365, 12},
    {"days", 365, 12},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (ieq(s, len, units[i].name)) {
      *num = units[i].num;
      *den = units[i].den;
      return 1;
    }
  }
  return 0;
}

static int group_of(rev_index *r, int64_t num, int64_t den) {
  for (size_t g = 0; g < r->ngroups; g++)
    if (r->groups[g].num == num && r->groups[g].den == den) return (int)g;
  if (r->ngroups == MAX_GROUPS) return -1;
  r->groups[r->ngroups].num = num;
  r->groups[r->ngroups].den = den;
  return (int)r->ngroups++;
}

static int cmp_change(const void *a, const void *b) {
  const change *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  if (x->delta != y->delta) return x->delta < y->delta ? -1 : 1;
  return (x->sub > y->sub) - (x->sub < y->sub);
}

static const ls_column *role_col(const ls_table *t, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? ls_table_col(t, (size_t)d->col[r]) : NULL;
}

static int64_t time_at(const ls_column *c, size_t i, int64_t otherwise) {
  if (!c || ls_column_type(c) != LS_TYPE_TIME || !ls_column_valid(c, i)) return otherwise;
  return ls_column_i64(c)[i];
}

/* reads one currency per dataset; two or more is an error */
static ls_status check_currency(ls_workspace *ws, const ls_table *t, const ls_column *c) {
  if (!c || ls_column_type(c) != LS_TYPE_STRING) return LS_OK;
  const ls_dict *d = ls_column_dict(c);
  int32_t first = -1;
  const int32_t *ids = ls_column_str_ids(c);
  for (size_t i = 0, n = ls_column_len(c); i < n; i++) {
    if (!ls_column_valid(c, i)) continue;
    if (first < 0) first = ids[i];
    size_t la, lb;
    const char *a = ls_dict_str(d, first, &la), *b = ls_dict_str(d, ids[i], &lb);
    if (ids[i] != first && !ieq_n(a, la, b, lb))
      return ls_workspace_fail(ws, LS_ECURRENCY,
                               "%s: amounts in several currencies (%s, %s): MRR needs one "
                               "currency or a rate table",
                               ls_table_name(t), a, b);
  }
  return LS_OK;
}

static ls_status build(ls_workspace *ws, void **out) {
  int di = ls_workspace_find(ws, LS_KIND_SUBSCRIPTIONS);
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  const char *name = ls_table_name(t);
  const ls_column *cust = role_col(t, d, LS_ROLE_CUSTOMER), *amount = role_col(t, d, LS_ROLE_AMOUNT),
                  *qty = role_col(t, d, LS_ROLE_QUANTITY), *interval = role_col(t, d, LS_ROLE_INTERVAL),
                  *icount = role_col(t, d, LS_ROLE_INTERVAL_COUNT),
                  *status = role_col(t, d, LS_ROLE_STATUS), *start = role_col(t, d, LS_ROLE_START),
                  *created = role_col(t, d, LS_ROLE_CREATED),
                  *trial = role_col(t, d, LS_ROLE_TRIAL_END), *ended = role_col(t, d, LS_ROLE_ENDED_AT);
  ls_status s = check_currency(ws, t, role_col(t, d, LS_ROLE_CURRENCY));
  if (s != LS_OK) return s;

  size_t n = ls_table_rows(t);
  rev_index *r = ls_calloc(1, sizeof *r);
  int32_t *cust_ids = NULL;
  if (!r) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  s = ls_keymap_build(cust, &cust_ids, &r->ncustomers);
  r->customer = ls_malloc((n ? n : 1) * sizeof *r->customer);
  r->group = ls_malloc((n ? n : 1) * sizeof *r->group);
  r->micro = ls_malloc((n ? n : 1) * sizeof *r->micro);
  r->changes = ls_malloc((n ? 2 * n : 1) * sizeof *r->changes);
  if (s != LS_OK || !r->customer || !r->group || !r->micro || !r->changes) {
    ls_free(cust_ids);
    rev_free(r);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }

  for (size_t i = 0; i < n; i++) {
    if (cust_ids[i] < 0) continue;
    if (status && ls_column_type(status) == LS_TYPE_STRING && ls_column_valid(status, i)) {
      size_t len;
      const char *st = ls_column_str(status, i, &len);
      if (ieq(st, len, "incomplete") || ieq(st, len, "incomplete_expired")) continue;
    }
    double a = ls_column_num(amount, i);
    if (isnan(a)) continue;
    int64_t on = time_at(start, i, time_at(created, i, INT64_MIN));
    if (on == INT64_MIN) continue;
    int64_t trial_end = time_at(trial, i, INT64_MIN);
    if (trial_end > on) on = trial_end;
    int64_t off = time_at(ended, i, INT64_MAX);
    if (off <= on) continue; /* ended before it ever counted (an unconverted trial) */

    int64_t num = 1, den = 1, count = 1;
    if (interval && ls_column_type(interval) == LS_TYPE_STRING && ls_column_valid(interval, i)) {
      size_t len;
      const char *iv = ls_column_str(interval, i, &len);
      if (!unit_factor(iv, len, &num, &den)) {
        ls_free(cust_ids);
        rev_free(r);
        return ls_workspace_fail(ws, LS_EPARSE, "%s: row %zu, column \"%s\": unknown interval \"%s\"",
                                 name, i + 1, ls_column_name(interval), iv);
      }
    }
    double c = icount ? ls_column_num(icount, i) : NAN;
    if (!isnan(c)) {
      if (c < 1 || c > 1000 || c != floor(c)) {
        ls_free(cust_ids);
        rev_free(r);
        return ls_workspace_fail(ws, LS_EPARSE,
                                 "%s: row %zu, column \"%s\": interval count must be a whole number "
                                 "from 1 to 1000",
                                 name, i + 1, ls_column_name(icount));
      }
      count = (int64_t)c;
    }
    int g = group_of(r, num, den * count);
    double q = qty ? ls_column_num(qty, i) : NAN;
    if (isnan(q)) q = 1;
    double um = a * 1e6;
    if (g < 0 || fabs(um) > 9e15 || fabs(um * q) > 9e15) {
      ls_free(cust_ids);
      rev_free(r);
      if (g < 0)
        return ls_workspace_fail(ws, LS_ERANGE, "%s: row %zu: more than %d billing intervals", name,
                                 i + 1, MAX_GROUPS);
      return ls_workspace_fail(ws, LS_ERANGE, "%s: row %zu: amount x quantity out of range", name,
                               i + 1);
    }
    size_t k = r->nsubs++;
    r->customer[k] = cust_ids[i];
    r->group[k] = g;
    r->micro[k] = q == floor(q) ? llround(um) * (int64_t)q : llround(um * q);
    r->changes[r->nchanges++] = (change){on, (int32_t)k, +1};
    if (off != INT64_MAX) r->changes[r->nchanges++] = (change){off, (int32_t)k, -1};
  }
  ls_free(cust_ids);
  qsort(r->changes, r->nchanges, sizeof *r->changes, cmp_change);
  *out = r;
  return LS_OK;
}

static ls_status get_index(ls_workspace *ws, rev_index **out) {
  void *index = NULL;
  ls_status s = ls_workspace_cached(ws, "revenue", build, rev_free, &index);
  *out = index;
  return s;
}

/* MRR and paying customers at the end of every period (either may be NULL) */
static ls_status sweep(ls_workspace *ws, const ls_periods *p, double *mrr, double *paying) {
  rev_index *r = NULL;
  ls_status s = get_index(ws, &r);
  if (s != LS_OK) return s;
  int64_t sums[MAX_GROUPS] = {0};
  int32_t *active = ls_calloc(r->ncustomers ? r->ncustomers : 1, sizeof *active);
  if (!active) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  size_t next = 0, customers = 0;
  for (size_t k = 0; k < p->n; k++) {
    int64_t end = p->start[k + 1];
    /* a subscription counts at instant end when on <= end < off */
    for (; next < r->nchanges && r->changes[next].t <= end; next++) {
      const change *c = &r->changes[next];
      sums[r->group[c->sub]] += c->delta * r->micro[c->sub];
      if (r->micro[c->sub] > 0) {
        int32_t cu = r->customer[c->sub];
        if (c->delta > 0 && active[cu]++ == 0) customers++;
        if (c->delta < 0 && --active[cu] == 0) customers--;
      }
    }
    if (mrr) {
      double v = 0;
      for (size_t g = 0; g < r->ngroups; g++)
        v += (double)sums[g] * (double)r->groups[g].num / ((double)r->groups[g].den * 1e6);
      mrr[k] = v;
    }
    if (paying) paying[k] = (double)customers;
  }
  ls_free(active);
  return LS_OK;
}

/* ---- API ---- */

ls_status ls_metric_mrr(ls_workspace *ws, const ls_periods *p, double *out) {
  return sweep(ws, p, out, NULL);
}

ls_status ls_metric_arr(ls_workspace *ws, const ls_periods *p, double *out) {
  ls_status s = sweep(ws, p, out, NULL);
  for (size_t k = 0; s == LS_OK && k < p->n; k++) out[k] *= 12;
  return s;
}

ls_status ls_metric_customers(ls_workspace *ws, const ls_periods *p, double *out) {
  return sweep(ws, p, NULL, out);
}
