/* catalog.c: running a metric over its periods; the catalog as JSON. */
#include "catalog/catalog.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/jsonlist.h"
#include "cJSON.h"
#include "catalog/args.h"
#include "catalog/registry.h"
#include "metrics/scope.h"
#include "precomp/precomp.h"
#include "privacy/mask.h"

/* ---- private ---- */

static void grains_text(unsigned grains, char *buf, size_t n) {
  buf[0] = '\0';
  for (unsigned g = LS_GRAIN_DAY; g <= LS_GRAIN_MONTH; g <<= 1) {
    if (!(grains & g)) continue;
    if (buf[0]) strncat(buf, ", ", n - strlen(buf) - 1);
    strncat(buf, ls_grain_name((ls_grain)g), n - strlen(buf) - 1);
  }
}

#define LS_MAX_PERIODS 100000

/* the complete periods of grain g from the one holding first to asof:
 * n starts plus the closing instant */
static ls_status lay_out(const ls_query *q, ls_grain g, ls_tz tz, int64_t first, int64_t asof,
                         int64_t **starts, size_t *n) {
  int64_t p = ls_period_start(first, g, tz);
  if (q->from != INT64_MIN) {
    int64_t f = ls_period_start(q->from, g, tz);
    if (f > p) p = f;
  }
  size_t count = 0, cap = 64;
  int64_t *s = ls_malloc(cap * sizeof *s);
  if (!s) return LS_ENOMEM;
  for (;;) {
    int64_t next = ls_period_next(p, g, tz);
    if (next > asof || p > q->to) break;
    if (count + 2 > cap) {
      if (count >= LS_MAX_PERIODS) {
        ls_free(s);
        return LS_ERANGE;
      }
      int64_t *ns = ls_reallocarray(s, cap * 2, sizeof *ns);
      if (!ns) {
        ls_free(s);
        return LS_ENOMEM;
      }
      s = ns;
      cap *= 2;
    }
    s[count++] = p;
    p = next;
  }
  s[count] = p;
  *starts = s;
  *n = count;
  return LS_OK;
}

/* the periods of precomputed series ps that q keeps into *out: those not
 * starting before the period holding q->from nor after q->to, ending by
 * q->asof (default: the end of ps's last period) */
static ls_status from_precomp(ls_workspace *ws, const ls_metric_def *def, const ls_query *q,
                              const ls_precomp_series *ps, ls_series **out) {
  ls_tz tz = ls_workspace_tz(ws);
  int64_t lo = q->from == INT64_MIN ? INT64_MIN : ls_period_start(q->from, ps->grain, tz);
  int64_t asof = q->asof != INT64_MIN ? q->asof : ps->start[ps->n];
  size_t a = 0, b = ps->n;
  while (a < b && ps->start[a] < lo) a++;
  while (b > a && (ps->start[b - 1] > q->to || ps->start[b] > asof)) b--;
  ls_series *s = ls_calloc(1, sizeof *s);
  if (s) {
    s->start = ls_malloc((b - a + 1) * sizeof *s->start);
    s->value = ls_malloc((b - a + 1) * sizeof *s->value);
  }
  if (!s || !s->start || !s->value) {
    ls_series_free(s);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  s->def = def, s->grain = ps->grain, s->tz = tz, s->n = b - a;
  memcpy(s->start, ps->start + a, (b - a + 1) * sizeof *s->start); /* the closing instant too */
  if (b > a) memcpy(s->value, ps->value + a, (b - a) * sizeof *s->value);
  *out = s;
  return LS_OK;
}

/* def's precomputed series (precomp/precomp.h) when one answers q into *out
 * and 1 into *used; a loaded series wins over the rows, but a query filtered
 * by a scope, an event or a property goes to the rows when they are loaded */
static ls_status precomputed(ls_workspace *ws, const ls_metric_def *def, const ls_query *q, ls_series **out,
                             int *used) {
  *used = 0;
  int raw = ls_workspace_find(ws, def->needs) >= 0;
  if (raw && (q->scope.n || q->event || q->property)) return LS_OK;
  const ls_precomp_series *ps;
  unsigned have;
  ls_status st = ls_precomp_lookup(ws, def->name, q->grain, def->default_grain, &ps, &have);
  if (st != LS_OK || (!ps && (raw || !have))) return st;
  *used = 1;
  if (!ps) {
    char grains[64];
    grains_text(have, grains, sizeof grains);
    return ls_workspace_fail(ws, LS_ENODATA, "%s is loaded precomputed by %s only, not by %s", def->name, grains,
                             ls_grain_name(q->grain ? q->grain : def->default_grain));
  }
  if (q->scope.n)
    return ls_workspace_fail(ws, LS_EINVAL, "%s is loaded precomputed: its rows cannot be filtered", def->name);
  return from_precomp(ws, def, q, ps, out);
}

/* def over q's periods: its compute, or segment k of its own segments (seg) */
static ls_status run(ls_workspace *ws, const ls_metric_def *def, const ls_query *q, const ls_segments *seg,
                     size_t k, ls_series **out) {
  *out = NULL;
  ls_grain g = q->grain ? q->grain : def->default_grain;
  if (!(def->grains & g)) {
    char grains[64];
    grains_text(def->grains, grains, sizeof grains);
    return ls_workspace_fail(ws, LS_EGRAIN, "%s has no %s grain (grains: %s)", def->name,
                             ls_grain_name(g), grains);
  }
  int used;
  ls_status st = seg ? LS_OK : precomputed(ws, def, q, out, &used);
  if (st != LS_OK || (!seg && used)) return st;
  if (ls_workspace_find(ws, def->needs) < 0)
    return ls_workspace_fail(ws, LS_ENODATA, "%s needs %s %s dataset; none is loaded", def->name,
                             strchr("aeiou", ls_kind_name(def->needs)[0]) ? "an" : "a",
                             ls_kind_name(def->needs));
  int64_t first, asof;
  if (ls_workspace_extent(ws, def->needs, &first, &asof) != LS_OK)
    return ls_workspace_fail(ws, LS_ENODATA, "%s: the %s dataset records no times", def->name,
                             ls_kind_name(def->needs));
  if (q->asof != INT64_MIN) asof = q->asof;
  ls_args args;
  ls_where *where = NULL;
  ls_scope sc;
  st = ls_args_scope(ws, def, ls_workspace_find(ws, def->needs), q, &args, &where, &sc);
  if (st != LS_OK) return st;
  ls_series *s = ls_calloc(1, sizeof *s);
  if (!s) {
    ls_free(where);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  s->def = def;
  s->grain = g;
  s->tz = ls_workspace_tz(ws);
  st = lay_out(q, g, s->tz, first, asof, &s->start, &s->n);
  if (st == LS_OK) {
    s->value = ls_malloc((s->n ? s->n : 1) * sizeof *s->value);
    if (!s->value) st = LS_ENOMEM;
  }
  if (st != LS_OK) {
    ls_series_free(s);
    ls_free(where);
    if (st == LS_ERANGE)
      return ls_workspace_fail(ws, st, "%s: the data spans more than %d %ss", def->name,
                               LS_MAX_PERIODS, ls_grain_name(g));
    return ls_workspace_fail(ws, st, "out of memory");
  }
  for (size_t i = 0; i < s->n; i++) s->value[i] = NAN;
  ls_periods p = {s->n, s->start, g, s->tz, &args};
  if (s->n > 0)
    st = seg ? seg->compute(ws, &sc, &p, k, s->value) : def->compute(ws, &sc, &p, s->value);
  ls_free(where);
  if (st != LS_OK) {
    ls_series_free(s);
    return st;
  }
  *out = s;
  return LS_OK;
}

/* def broken down by its own segments into b */
static ls_status run_segments(ls_workspace *ws, const ls_metric_def *def, const ls_query *q, ls_breakdown *b) {
  if (q->by)
    return ls_workspace_fail(ws, LS_EINVAL, "%s is broken down by %s; it takes no column to break it down by",
                             def->name, def->segments->by);
  snprintf(b->by, sizeof b->by, "%s", def->segments->by);
  ls_status st = def->segments->labels(ws, &b->label, &b->n);
  if (st == LS_OK && !(b->series = ls_calloc(b->n + 1, sizeof *b->series)))
    st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (size_t k = 0; st == LS_OK && k < b->n; k++) st = run(ws, def, q, def->segments, k, &b->series[k]);
  return st;
}

/* the total of series s over its periods, NaN as 0 */
static double total(const ls_series *s) {
  double t = 0;
  for (size_t i = 0; i < s->n; i++)
    if (isfinite(s->value[i])) t += s->value[i];
  return t;
}

/* keep b's top segments by total, largest first (ties in label order);
 * a segment whose total is 0 is in no top */
static void keep_top(ls_breakdown *b, size_t top) {
  for (size_t i = 1; i < b->n; i++) { /* insertion sort: stable, at most LS_BREAKDOWN_MAX */
    ls_series *s = b->series[i];
    char *l = b->label[i];
    double v = total(s);
    size_t j = i;
    for (; j > 0 && total(b->series[j - 1]) < v; j--) {
      b->series[j] = b->series[j - 1];
      b->label[j] = b->label[j - 1];
    }
    b->series[j] = s;
    b->label[j] = l;
  }
  while (b->n && (b->n > top || total(b->series[b->n - 1]) == 0)) {
    b->n--;
    ls_series_free(b->series[b->n]);
    ls_free(b->label[b->n]);
    b->series[b->n] = NULL;
    b->label[b->n] = NULL;
  }
}

/* ---- API ---- */

size_t ls_catalog_count(void) { return ls_registry_count; }

const ls_metric_def *ls_catalog_at(size_t i) {
  return i < ls_registry_count ? &ls_registry[i] : NULL;
}

const ls_metric_def *ls_catalog_find(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < ls_registry_count; i++)
    if (strcmp(ls_registry[i].name, name) == 0) return &ls_registry[i];
  return NULL;
}

const char *ls_catalog_volume_metric(ls_kind k) {
  switch (k) {
    case LS_KIND_EVENTS: return "count";
    case LS_KIND_PAYMENTS: return "orders";
    case LS_KIND_SUBSCRIPTIONS: return "customers";
    default: return NULL;
  }
}

int ls_metric_lower_is_better(const ls_metric_def *def) {
  static const char *const LOWER[] = {
      "customer_churn_rate", "gross_mrr_churn_rate", "net_mrr_churn_rate", "churned_mrr", "contraction_mrr",
      "cac", "cac_payback_months", "refund_rate_orders", "refund_rate_amount", "error_rate", "failures"};
  for (size_t i = 0; def && i < sizeof LOWER / sizeof *LOWER; i++)
    if (strcmp(def->name, LOWER[i]) == 0) return 1;
  return 0;
}

int ls_metric_breaks_down(const ls_metric_def *def) { return def && (def->by_role >= 0 || def->segments); }

ls_status ls_metric_run(ls_workspace *ws, const char *name, const ls_query *q, ls_series **out) {
  *out = NULL;
  const ls_metric_def *def = ls_catalog_find(name);
  if (!def) return ls_workspace_fail(ws, LS_ENOTFOUND, "no metric named \"%s\"", name ? name : "");
  if (q->top) return ls_workspace_fail(ws, LS_EINVAL, "%s: top needs a breakdown (by)", def->name);
  return run(ws, def, q, NULL, 0, out);
}

void ls_series_free(ls_series *s) {
  if (!s) return;
  ls_free(s->start);
  ls_free(s->value);
  ls_free(s);
}

void ls_breakdown_free(ls_breakdown *b) {
  if (!b) return;
  for (size_t i = 0; i < b->n; i++) ls_series_free(b->series[i]);
  ls_scope_values_free(b->label, b->n);
  ls_free(b->series);
  ls_free(b);
}

ls_status ls_metric_run_by(ls_workspace *ws, const char *name, const ls_query *q, ls_breakdown **out) {
  *out = NULL;
  const ls_metric_def *def = ls_catalog_find(name);
  if (!def) return ls_workspace_fail(ws, LS_ENOTFOUND, "no metric named \"%s\"", name ? name : "");
  int di = ls_workspace_find(ws, def->needs);
  if (di < 0) { /* the message ls_metric_run gives */
    ls_series *none = NULL;
    return ls_metric_run(ws, name, q, &none);
  }
  if (def->segments) {
    ls_breakdown *b = ls_calloc(1, sizeof *b);
    if (!b) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
    ls_status st = run_segments(ws, def, q, b);
    if (st != LS_OK) {
      if (!b->series) {
        ls_scope_values_free(b->label, b->n);
        b->label = NULL;
        b->n = 0;
      }
      ls_breakdown_free(b);
      return st;
    }
    if (q->top) keep_top(b, q->top);
    *out = b;
    return LS_OK;
  }
  const char *by = q->by;
  if (!by && def->by_role >= 0) {
    const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
    int c = d->col[def->by_role];
    if (c < 0)
      return ls_workspace_fail(ws, LS_EINVAL, "%s needs a %s column in %s", def->name,
                               ls_role_name((ls_role)def->by_role), ls_table_name(ls_workspace_table(ws, (size_t)di)));
    by = ls_column_name(ls_table_col(ls_workspace_table(ws, (size_t)di), (size_t)c));
  }
  if (!by) return ls_workspace_fail(ws, LS_EINVAL, "%s: no column to break it down by", def->name);
  ls_breakdown *b = ls_calloc(1, sizeof *b);
  if (!b) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  snprintf(b->by, sizeof b->by, "%s", by);
  ls_args args;
  ls_where *ew = NULL, *w = NULL;
  ls_scope sc;
  ls_status st = ls_args_scope(ws, def, di, q, &args, &ew, &sc);
  if (st == LS_OK) st = ls_scope_values(ws, di, by, &sc, LS_BREAKDOWN_MAX, &b->label, &b->n);
  ls_free(ew);
  if (st == LS_OK) {
    b->series = ls_calloc(b->n + 1, sizeof *b->series);
    w = ls_calloc(q->scope.n + 1, sizeof *w);
    if (!b->series || !w) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  for (size_t i = 0; st == LS_OK && i < b->n; i++) {
    ls_query one = *q;
    one.top = 0;
    for (size_t k = 0; k < q->scope.n; k++) w[k] = q->scope.where[k];
    w[q->scope.n] = (ls_where){by, b->label[i]};
    one.scope = (ls_scope){w, q->scope.n + 1};
    st = ls_metric_run(ws, name, &one, &b->series[i]);
  }
  ls_free(w);
  if (st != LS_OK) {
    if (!b->series) b->n = 0;
    ls_breakdown_free(b);
    return st;
  }
  if (q->top) keep_top(b, q->top);
  /* personal data leaves as tokens (privacy/mask.h) */
  if (ls_mask_labels(ws, (size_t)di, b->by, b->label, b->n) != LS_OK) {
    ls_breakdown_free(b);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *out = b;
  return LS_OK;
}

char *ls_catalog_json(void) {
  ls_alloc_init_json();
  cJSON *arr = cJSON_CreateArray();
  if (!arr) return NULL;
  for (size_t i = 0; i < ls_registry_count; i++) {
    const ls_metric_def *d = &ls_registry[i];
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "name", d->name);
    cJSON_AddStringToObject(o, "title", d->title);
    cJSON_AddStringToObject(o, "unit", d->unit);
    cJSON_AddStringToObject(o, "description", d->description);
    cJSON_AddStringToObject(o, "needs", ls_kind_name(d->needs));
    cJSON *g = cJSON_AddArrayToObject(o, "grains");
    for (unsigned b = LS_GRAIN_DAY; g && b <= LS_GRAIN_MONTH; b <<= 1)
      if (d->grains & b) cJSON_AddItemToArray(g, cJSON_CreateString(ls_grain_name((ls_grain)b)));
    cJSON_AddStringToObject(o, "default_grain", ls_grain_name(d->default_grain));
    ls_json_add_list(o, "settings", d->settings);
    if (d->by_role >= 0) cJSON_AddStringToObject(o, "by_role", ls_role_name((ls_role)d->by_role));
    else cJSON_AddNullToObject(o, "by_role");
    if (d->segments) cJSON_AddStringToObject(o, "segments", d->segments->by);
    else cJSON_AddNullToObject(o, "segments");
    cJSON *args = cJSON_AddArrayToObject(o, "args");
    if (args && (d->args & LS_ARG_EVENT)) cJSON_AddItemToArray(args, cJSON_CreateString("event"));
    if (args && (d->args & LS_ARG_PROPERTY)) cJSON_AddItemToArray(args, cJSON_CreateString("property"));
    cJSON_AddBoolToObject(o, "needs_property", (d->args & LS_ARG_PROPERTY_NEEDED) != 0);
    cJSON_AddBoolToObject(o, "lower_is_better", ls_metric_lower_is_better(d));
  }
  char *out = cJSON_PrintUnformatted(arr);
  cJSON_Delete(arr);
  return out;
}
