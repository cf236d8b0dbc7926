/* recon.c: reconciliation rules: two datasets matched by a key, hashed once
 * (one dictionary of key texts, one pass over each side), then each key
 * classified. Definitions: docs/monitoring-insights.md. */
#include "monitor/recon.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/dict.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "metrics/scope.h"

#define RECON_EXAMPLES 20

/* ---- private ---------------------------------------------------------- */

enum { P_MISSING_RIGHT, P_MISSING_LEFT, P_DUP_LEFT, P_DUP_RIGHT, P_MISMATCH, P_COUNT };
static const char *const PROBLEM[P_COUNT] = {"missing_in_right", "missing_in_left", "duplicate_left",
                                             "duplicate_right", "mismatched"};

typedef struct {
  const char *dataset; /* as the rule names it */
  const ls_table *t;
  const ls_column *key, *amount, *time; /* amount, time: NULL when none */
} side;

typedef struct {
  int32_t n[2];   /* rows of the key on each side */
  double amt[2];  /* the amount of the key's first row on each side (NaN: null or none) */
  int64_t t;      /* the period time: first left row's, else first right row's */
  int has_t;
} rkey;

typedef struct {
  const char *text; /* the key's text */
  int32_t key;
  int problem;
} rproblem;

typedef struct {
  const char *id;
  ls_grain grain;
  double tolerance;
  side s[2];
} rule_spec;

static const char *str_item(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const ls_column *find_column(const ls_table *t, const char *name) {
  for (size_t i = 0; i < ls_table_ncols(t); i++) {
    const ls_column *c = ls_table_col(t, i);
    if (ls_ascii_ieq(name, strlen(name), ls_column_name(c))) return c;
  }
  return NULL;
}

/* The dataset's time: its first recorded-happening role with a column, else
 * its first time column. */
static const ls_column *time_column(const ls_workspace *ws, int di) {
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  for (int r = 0; r < LS_HAPPENED_COUNT; r++)
    if (d->col[LS_HAPPENED[r]] >= 0) return ls_table_col(t, (size_t)d->col[LS_HAPPENED[r]]);
  for (size_t i = 0; i < ls_table_ncols(t); i++)
    if (ls_column_type(ls_table_col(t, i)) == LS_TYPE_TIME) return ls_table_col(t, i);
  return NULL;
}

static ls_status read_side(ls_workspace *ws, const char *id, const cJSON *rule, const char *which, side *s) {
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(rule, which);
  s->dataset = str_item(o, "dataset");
  const char *key = str_item(o, "key"), *amount = str_item(o, "amount");
  if (!cJSON_IsObject(o) || !s->dataset || !key)
    return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule \"%s\": \"%s\" needs {\"dataset\", \"key\"}", id, which);
  int di = ls_workspace_find_named(ws, s->dataset);
  if (di < 0)
    return ls_workspace_fail(ws, LS_ENODATA, "reconcile rule \"%s\": no dataset \"%s\" is loaded (%s)", id,
                             s->dataset, which);
  s->t = ls_workspace_table(ws, (size_t)di);
  s->key = find_column(s->t, key);
  if (!s->key || ls_column_type(s->key) == LS_TYPE_TIME)
    return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule \"%s\": %s has no %scolumn \"%s\"", id,
                             ls_table_name(s->t), s->key ? "key (non-time) " : "", key);
  s->amount = amount ? find_column(s->t, amount) : NULL;
  if (amount && (!s->amount || (ls_column_type(s->amount) != LS_TYPE_INT64 &&
                                ls_column_type(s->amount) != LS_TYPE_DOUBLE)))
    return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule \"%s\": %s has no %scolumn \"%s\"", id,
                             ls_table_name(s->t), s->amount ? "numeric " : "", amount);
  s->time = time_column(ws, di);
  return LS_OK;
}

static ls_status read_rule(ls_workspace *ws, const cJSON *rule, rule_spec *r) {
  r->id = str_item(rule, "id");
  if (!cJSON_IsObject(rule) || !r->id) return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule: no \"id\"");
  const char *type = str_item(rule, "type");
  if (!type || strcmp(type, "reconcile") != 0)
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": not a reconcile rule", r->id);
  const char *sev = str_item(rule, "severity");
  if (sev && strcmp(sev, "P0") && strcmp(sev, "P1") && strcmp(sev, "P2"))
    return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule \"%s\": unknown severity \"%s\"", r->id, sev);
  const char *g = str_item(rule, "grain");
  r->grain = g ? ls_grain_parse(g) : LS_GRAIN_DAY;
  if (!r->grain) return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule \"%s\": unknown grain \"%s\"", r->id, g);
  const cJSON *tol = cJSON_GetObjectItemCaseSensitive(rule, "tolerance");
  r->tolerance = cJSON_IsNumber(tol) ? tol->valuedouble : 0;
  if ((tol && !cJSON_IsNumber(tol)) || !(r->tolerance >= 0))
    return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule \"%s\": tolerance must be a number >= 0", r->id);
  ls_status st = read_side(ws, r->id, rule, "left", &r->s[0]);
  if (st == LS_OK) st = read_side(ws, r->id, rule, "right", &r->s[1]);
  if (st == LS_OK && !r->s[0].amount != !r->s[1].amount)
    return ls_workspace_fail(ws, LS_EINVAL, "reconcile rule \"%s\": give an amount on both sides or neither", r->id);
  return st;
}

/* Hash every row of side k into keys (rows whose time is at or after at are
 * left out; at INT64_MIN: none); totals the side's amounts into *total. */
static ls_status hash_side(ls_dict *d, rkey **keys, size_t *cap, const side *s, int k, int64_t at,
                           double *total) {
  char buf[LS_NUMFMT_MAX];
  for (size_t i = 0; i < ls_table_rows(s->t); i++) {
    int timed = s->time && ls_column_valid(s->time, i);
    int64_t t = timed ? ls_column_i64(s->time)[i] : 0;
    if (at != INT64_MIN && timed && t >= at) continue;
    size_t len;
    const char *text = ls_scope_cell_text(s->key, i, buf, &len);
    if (!text) continue;
    size_t before = ls_dict_size(d);
    int32_t id = ls_dict_intern(d, text, len);
    if (id < 0) return LS_ENOMEM;
    if ((size_t)id == before) {
      if (before == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        rkey *nk = ls_reallocarray(*keys, nc, sizeof *nk);
        if (!nk) return LS_ENOMEM;
        *keys = nk;
        *cap = nc;
      }
      (*keys)[id] = (rkey){{0, 0}, {NAN, NAN}, 0, 0};
    }
    rkey *r = &(*keys)[id];
    double a = s->amount ? ls_column_num(s->amount, i) : NAN;
    if (isfinite(a)) *total += a;
    /* the key's time: its first left row that has one; a key only on the
     * right, its first right row that has one */
    if (timed && (k == 0 || r->n[0] == 0) && !r->has_t) r->t = t, r->has_t = 1;
    if (++r->n[k] > 1) continue;
    r->amt[k] = a;
  }
  return LS_OK;
}

/* The problems of key r, as bits 1 << P_*. */
static unsigned classify(const rkey *r, double tol, int amounts) {
  unsigned p = 0;
  if (r->n[0] && !r->n[1]) p |= 1u << P_MISSING_RIGHT;
  if (!r->n[0] && r->n[1]) p |= 1u << P_MISSING_LEFT;
  if (r->n[0] > 1) p |= 1u << P_DUP_LEFT;
  if (r->n[1] > 1) p |= 1u << P_DUP_RIGHT;
  if (amounts && r->n[0] && r->n[1]) {
    double a = r->amt[0], b = r->amt[1];
    /* a relative slack of 1e-9 keeps 10.00 vs 10.01 at tolerance 0.01 equal */
    double slack = 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
    if (isnan(a) != isnan(b) || (!isnan(a) && fabs(a - b) > tol + slack)) p |= 1u << P_MISMATCH;
  }
  return p;
}

static int cmp_problem(const void *a, const void *b) {
  const rproblem *x = a, *y = b;
  int c = strcmp(x->text, y->text);
  return c ? c : x->problem - y->problem;
}

typedef struct {
  int64_t start;
  unsigned problems;
} rperiod;

static int cmp_period(const void *a, const void *b) {
  const rperiod *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static void add_amount(cJSON *o, const char *name, double v, int have) {
  if (have && isfinite(v))
    cJSON_AddNumberToObject(o, name, v);
  else
    cJSON_AddNullToObject(o, name);
}

static void add_counts(cJSON *o, size_t matched, const size_t *count) {
  cJSON_AddNumberToObject(o, "matched", (double)matched);
  for (int p = 0; p < P_COUNT; p++) cJSON_AddNumberToObject(o, PROBLEM[p], (double)count[p]);
}

/* "periods": counts per period of each key's time (keys without one are left out). */
static ls_status add_periods(cJSON *res, const rkey *keys, const unsigned *probs, size_t nk, ls_grain g, ls_tz tz) {
  rperiod *pp = ls_malloc((nk + 1) * sizeof *pp);
  if (!pp) return LS_ENOMEM;
  size_t np = 0;
  for (size_t i = 0; i < nk; i++)
    if (keys[i].has_t) pp[np++] = (rperiod){ls_period_start(keys[i].t, g, tz), probs[i]};
  qsort(pp, np, sizeof *pp, cmp_period);
  cJSON *arr = cJSON_AddArrayToObject(res, "periods");
  for (size_t i = 0; arr && i < np;) {
    size_t count[P_COUNT] = {0}, matched = 0, j = i;
    for (; j < np && pp[j].start == pp[i].start; j++) {
      matched += (pp[j].problems & 3u) == 0; /* neither missing: on both sides */
      for (int p = 0; p < P_COUNT; p++) count[p] += (pp[j].problems >> p) & 1u;
    }
    char name[LS_TIME_TEXT_MAX];
    ls_period_name(pp[i].start, g, tz, name);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "period", name);
    add_counts(o, matched, count);
    i = j;
  }
  ls_free(pp);
  return arr ? LS_OK : LS_ENOMEM;
}

static ls_status add_examples(cJSON *res, const ls_dict *d, const rkey *keys, const unsigned *probs, size_t nk,
                              size_t total, int amounts) {
  rproblem *list = ls_malloc((total + 1) * sizeof *list);
  if (!list) return LS_ENOMEM;
  size_t n = 0;
  for (size_t i = 0; i < nk; i++)
    for (int p = 0; p < P_COUNT; p++)
      if ((probs[i] >> p) & 1u) list[n++] = (rproblem){ls_dict_str(d, (int32_t)i, NULL), (int32_t)i, p};
  qsort(list, n, sizeof *list, cmp_problem);
  cJSON *arr = cJSON_AddArrayToObject(res, "examples");
  for (size_t i = 0; arr && i < n && i < RECON_EXAMPLES; i++) {
    const rkey *r = &keys[list[i].key];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "key", list[i].text);
    cJSON_AddStringToObject(o, "problem", PROBLEM[list[i].problem]);
    add_amount(o, "left_amount", r->amt[0], amounts && r->n[0]);
    add_amount(o, "right_amount", r->amt[1], amounts && r->n[1]);
  }
  ls_free(list);
  return arr ? LS_OK : LS_ENOMEM;
}

/* Append printf-style text to buf (size n) at *len, cut at the end. */
static void appendf(char *buf, size_t n, size_t *len, const char *fmt, ...) {
  if (*len >= n) return;
  va_list ap;
  va_start(ap, fmt);
  int w = vsnprintf(buf + *len, n - *len, fmt, ap);
  va_end(ap);
  if (w > 0) *len = *len + (size_t)w < n ? *len + (size_t)w : n - 1;
}

static void add_alert(cJSON *alerts, const cJSON *rule, const rule_spec *r, const size_t *count, size_t matched) {
  size_t problems = 0;
  for (int p = 0; p < P_COUNT; p++) problems += count[p];
  if (!problems || !alerts) return;
  const char *sev = str_item(rule, "severity");
  static const char *const what[P_COUNT] = {"missing in %s", "missing in %s", "duplicated in %s",
                                            "duplicated in %s", "amount mismatches%s"};
  const char *where[P_COUNT] = {r->s[1].dataset, r->s[0].dataset, r->s[0].dataset, r->s[1].dataset, ""};
  char text[512];
  size_t len = 0;
  appendf(text, sizeof text, &len, "%s:", r->id);
  const char *sep = " ";
  for (int p = 0; p < P_COUNT; p++) {
    if (!count[p]) continue;
    appendf(text, sizeof text, &len, "%s%zu ", sep, count[p]);
    appendf(text, sizeof text, &len, what[p], where[p]);
    sep = ", ";
  }
  appendf(text, sizeof text, &len, " (%zu matched)", matched);
  cJSON *a = cJSON_CreateObject();
  cJSON_AddItemToArray(alerts, a);
  cJSON_AddStringToObject(a, "rule", r->id);
  cJSON_AddStringToObject(a, "kind", "reconcile");
  cJSON_AddStringToObject(a, "severity", sev ? sev : "P2");
  cJSON_AddNumberToObject(a, "problems", (double)problems);
  cJSON_AddStringToObject(a, "text", text);
}

/* ---- API -------------------------------------------------------------- */

ls_status ls_recon_eval(ls_workspace *ws, const cJSON *rule, int64_t at, cJSON *results, cJSON *alerts) {
  if (!ws) return LS_EINVAL;
  if (!results || !cJSON_IsArray(results)) return ls_workspace_fail(ws, LS_EINVAL, "reconcile: no results array");
  rule_spec r;
  ls_status st = read_rule(ws, rule, &r);
  if (st != LS_OK) return st;
  int amounts = r.s[0].amount != NULL;
  ls_dict *d = ls_dict_new();
  rkey *keys = NULL;
  size_t cap = 0;
  double total[2] = {0, 0};
  st = d ? LS_OK : LS_ENOMEM;
  for (int k = 0; k < 2 && st == LS_OK; k++) st = hash_side(d, &keys, &cap, &r.s[k], k, at, &total[k]);
  size_t nk = d ? ls_dict_size(d) : 0;
  unsigned *probs = st == LS_OK ? ls_malloc((nk + 1) * sizeof *probs) : NULL;
  if (st == LS_OK && !probs) st = LS_ENOMEM;
  size_t count[P_COUNT] = {0}, matched = 0, n_problems = 0;
  for (size_t i = 0; st == LS_OK && i < nk; i++) {
    probs[i] = classify(&keys[i], r.tolerance, amounts);
    matched += keys[i].n[0] && keys[i].n[1];
    for (int p = 0; p < P_COUNT; p++) count[p] += (probs[i] >> p) & 1u, n_problems += (probs[i] >> p) & 1u;
  }
  cJSON *res = st == LS_OK ? cJSON_CreateObject() : NULL;
  if (st == LS_OK && !res) st = LS_ENOMEM;
  if (st == LS_OK) {
    cJSON_AddStringToObject(res, "rule", r.id);
    cJSON_AddStringToObject(res, "left", ls_table_name(r.s[0].t));
    cJSON_AddStringToObject(res, "right", ls_table_name(r.s[1].t));
    add_counts(res, matched, count);
    add_amount(res, "amount_left", total[0], amounts);
    add_amount(res, "amount_right", total[1], amounts);
    cJSON_AddNumberToObject(res, "tolerance", r.tolerance);
    cJSON_AddStringToObject(res, "grain", ls_grain_name(r.grain));
    st = add_examples(res, d, keys, probs, nk, n_problems, amounts);
  }
  if (st == LS_OK) st = add_periods(res, keys, probs, nk, r.grain, ls_workspace_tz(ws));
  if (st == LS_OK) {
    cJSON_AddItemToArray(results, res);
    add_alert(alerts, rule, &r, count, matched);
  } else {
    cJSON_Delete(res);
    ls_workspace_fail(ws, st, "reconcile rule \"%s\": out of memory", r.id);
  }
  ls_free(probs);
  ls_free(keys);
  ls_dict_free(d);
  return st;
}
