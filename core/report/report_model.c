/* report_model.c: the numbers of one report (report_internal.h), every one
 * asked of the catalog, retention and funnel modules; docs/reports.md says
 * what each section holds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "catalog/catalog.h"
#include "metrics/funnel.h"
#include "metrics/retention.h"
#include "report/report_internal.h"

/* the KPIs in the order the report lists them (p95 is of the latency column:
 * its fall is good news, as the catalog's lower_is_better metrics') */
static const char *const KPIS[] = {
    "mrr",    "net_new_mrr",  "customers", "customer_churn_rate", "arpa", "ltv_cac",
    "quick_ratio", "gmv",     "orders",    "active_users",        "new_users", "dau",
    "wau",    "mau",          "task_success_rate", "error_rate",  "p95",
};

/* the default funnels, the first whose events all exist is used */
static const char *const DEFAULT_FUNNELS[][RP_MAX_STEPS] = {
    {"signup", "resume_scan", "upgrade", NULL},
    {"signup", "upgrade", NULL},
    {"sign_up", "purchase", NULL},
    {"signup", "purchase", NULL},
};

/* ---- private ---- */

/* The RP_SPARK starts of the complete periods of grain g ending by end
 * (oldest first); ends[k] is where period k ends. */
static void periods(ls_grain g, ls_tz tz, int64_t end, int64_t *start, int64_t *ends) {
  int64_t e = ls_period_start(end, g, tz);
  for (size_t k = RP_SPARK; k-- > 0;) {
    ends[k] = e;
    start[k] = ls_period_start(e - 1, g, tz);
    e = start[k];
  }
}

static double value_at(const ls_series *s, int64_t t) {
  for (size_t i = 0; i < s->n; i++)
    if (s->start[i] == t) return s->value[i];
  return NAN;
}

/* the catalog's answer to metric at grain g over the periods ending by end
 * from the one holding from; *s NULL (and LS_OK) when the metric does not
 * run on this workspace */
static ls_status run(ls_workspace *ws, const char *metric, const char *property, ls_grain g, int64_t from,
                     int64_t end, ls_series **s) {
  ls_query q = LS_QUERY_INIT;
  q.grain = g;
  q.from = from;
  q.asof = end;
  q.property = property;
  *s = NULL;
  ls_status st = ls_metric_run(ws, metric, &q, s);
  if (st == LS_ENOMEM) return st;
  if (st != LS_OK) *s = NULL; /* no data of its kind, a column missing: left out */
  return LS_OK;
}

/* 1 when s holds word, ASCII case ignored */
static int holds(const char *s, const char *word) {
  size_t n = strlen(word);
  for (; *s; s++) {
    size_t i = 0;
    while (i < n && s[i] && (s[i] | 0x20) == word[i]) i++;
    if (i == n) return 1;
  }
  return 0;
}

/* a numeric column of the events whose name holds "latency", or NULL */
static const char *latency_column(ls_workspace *ws) {
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  if (di < 0) return NULL;
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  for (size_t i = 0; i < ls_table_ncols(t); i++) {
    const ls_column *c = ls_table_col(t, i);
    ls_type ty = ls_column_type(c);
    if ((ty == LS_TYPE_INT64 || ty == LS_TYPE_DOUBLE) && holds(ls_column_name(c), "latency"))
      return ls_column_name(c);
  }
  return NULL;
}

/* one KPI: at the report's grain when the metric has it; a day-only metric
 * at the last day of each period; otherwise at its own default grain (LTV:CAC
 * by month). 1 added, 0 left out (no data), -1 out of memory. */
static int add_kpi(ls_workspace *ws, rp_model *m, const char *metric) {
  const ls_metric_def *d = ls_catalog_find(metric);
  if (!d) return 0;
  const char *prop = NULL;
  if (d->args & LS_ARG_PROPERTY_NEEDED) {
    prop = latency_column(ws);
    if (!prop) return 0;
  }
  ls_grain g = (d->grains & m->grain) ? m->grain : (d->grains == LS_GRAIN_DAY ? LS_GRAIN_DAY : d->default_grain);
  int64_t start[RP_SPARK], ends[RP_SPARK];
  periods(g == LS_GRAIN_DAY && m->grain != LS_GRAIN_DAY ? m->grain : g, m->tz, m->end, start, ends);
  ls_series *s;
  if (run(ws, metric, prop, g, start[0], m->end, &s) != LS_OK) return -1;
  if (!s) return 0;
  rp_kpi *k = &m->kpi[m->nkpi];
  int any = 0;
  for (size_t i = 0; i < RP_SPARK; i++) {
    /* a day metric in a longer period: its last day */
    int64_t t = g == m->grain || g != LS_GRAIN_DAY ? start[i] : ls_period_start(ends[i] - 1, LS_GRAIN_DAY, m->tz);
    k->spark[i] = value_at(s, t);
    any |= isfinite(k->spark[i]);
  }
  ls_series_free(s);
  if (!any) return 0;
  k->metric = d->name;
  k->unit = d->unit;
  k->grain = g;
  k->lower_is_better = ls_metric_lower_is_better(d) || prop != NULL; /* prop: the latency column */
  k->value = k->spark[RP_SPARK - 1];
  k->previous = k->spark[RP_SPARK - 2];
  const char *name = rp_metric_label(m->lang, metric);
  if (prop) snprintf(k->label, sizeof k->label, rp_msg(m->lang, "m_p95"), prop);
  else snprintf(k->label, sizeof k->label, "%s", name ? name : d->title);
  if (g == LS_GRAIN_DAY && m->grain != LS_GRAIN_DAY) { /* DAU of the period's last day */
    char base[RP_LABEL];
    memcpy(base, k->label, sizeof base);
    snprintf(k->label, sizeof k->label, rp_msg(m->lang, "last_day"), base);
  }
  m->nkpi++;
  return 1;
}

static ls_status kpis(ls_workspace *ws, rp_model *m) {
  for (size_t i = 0; i < sizeof KPIS / sizeof KPIS[0] && m->nkpi < RP_MAX_KPI; i++)
    if (add_kpi(ws, m, KPIS[i]) < 0) return LS_ENOMEM;
  return LS_OK;
}

static ls_status bridge(ls_workspace *ws, rp_model *m) {
  static const char *const names[RP_BR_N] = {"new_mrr",       "expansion_mrr", "reactivation_mrr",
                                             "contraction_mrr", "churned_mrr",   "net_new_mrr"};
  for (int i = 0; i < RP_BR_N; i++) {
    ls_series *s;
    if (run(ws, names[i], NULL, m->grain, m->start, m->end, &s) != LS_OK) return LS_ENOMEM;
    m->bridge[i] = s ? value_at(s, m->start) : NAN;
    if (i == RP_BR_CONTRACTION || i == RP_BR_CHURNED) m->bridge[i] = -m->bridge[i];
    m->has_bridge |= isfinite(m->bridge[i]);
    ls_series_free(s);
  }
  m->mrr_start = m->mrr_end = NAN;
  for (size_t i = 0; i < m->nkpi; i++)
    if (strcmp(m->kpi[i].metric, "mrr") == 0) m->mrr_start = m->kpi[i].previous, m->mrr_end = m->kpi[i].value;
  return LS_OK;
}

static int by_value_desc(const void *a, const void *b) {
  const rp_plan *x = a, *y = b;
  double u = isfinite(x->value) ? x->value : -INFINITY, v = isfinite(y->value) ? y->value : -INFINITY;
  return u < v ? 1 : u > v ? -1 : strcmp(x->name, y->name);
}

static ls_status plans(ls_workspace *ws, rp_model *m) {
  ls_query q = LS_QUERY_INIT;
  q.grain = m->grain;
  q.from = ls_period_start(m->start - 1, m->grain, m->tz);
  q.asof = m->end;
  ls_breakdown *b = NULL;
  ls_status st = ls_metric_run_by(ws, "mrr_by_plan", &q, &b);
  if (st == LS_ENOMEM) return st;
  if (st != LS_OK) return LS_OK;
  rp_plan all[LS_BREAKDOWN_MAX];
  size_t n = 0;
  for (size_t i = 0; i < b->n && n < LS_BREAKDOWN_MAX; i++) {
    snprintf(all[n].name, sizeof all[n].name, "%s", b->label[i]);
    all[n].value = value_at(b->series[i], m->start);
    all[n].previous = value_at(b->series[i], q.from);
    if (isfinite(all[n].value) || isfinite(all[n].previous)) n++;
  }
  ls_breakdown_free(b);
  qsort(all, n, sizeof all[0], by_value_desc);
  m->nplans = n < RP_MAX_PLANS ? n : RP_MAX_PLANS;
  memcpy(m->plan, all, m->nplans * sizeof all[0]);
  return LS_OK;
}

/* first-period retention of the latest cohort whose next period is
 * complete, and the size-weighted mean over every cohort that has one */
static ls_status retention(ls_workspace *ws, rp_model *m) {
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  q.period = m->grain;
  q.asof = m->end;
  ls_retention *r = NULL;
  ls_status st = ls_retention_run(ws, &q, &r);
  if (st == LS_ENOMEM) return st;
  if (st != LS_OK) return LS_OK;
  m->ret_mean = NAN;
  if (r->nk > 1) {
    m->ret_mean = r->mean[1];
    for (size_t c = r->ncohorts; c-- > 0;) {
      if (r->count[c * r->nk + 1] == LS_RETENTION_ABSENT) continue;
      m->has_retention = 1;
      ls_period_name(r->cohort[c], r->grain, r->tz, m->ret_cohort);
      m->ret_size = r->size[c];
      m->ret_kept = r->count[c * r->nk + 1];
      break;
    }
  }
  ls_retention_free(r);
  return LS_OK;
}

/* run one funnel over the period's events: 1 added, 0 not (an event the data
 * lacks), -1 out of memory */
static int add_funnel(ls_workspace *ws, rp_model *m, const char *const *steps, size_t n, int64_t window) {
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  q.steps = steps;
  q.nsteps = n;
  q.window = window;
  q.from = m->start;
  q.to = m->end;
  ls_funnel *f = NULL;
  ls_status st = ls_funnel_run(ws, &q, &f);
  if (st == LS_ENOMEM) return -1;
  if (st != LS_OK) return 0;
  rp_funnel *r = &m->funnel[m->nfunnels++];
  r->window_days = (double)window / 86400000.0;
  for (size_t k = 0; k < n; k++) {
    r->step[k] = ls_strdup(steps[k]);
    r->users[k] = f->users[k];
    r->nsteps = k + 1;
    if (!r->step[k]) break;
  }
  ls_funnel_free(f);
  return r->nsteps == n ? 1 : -1;
}

/* the rules file's "report": {"funnels": [{"steps": [...], "window": "14d"}]},
 * else the first default funnel the events have */
static ls_status funnels(ls_workspace *ws, const cJSON *rules, rp_model *m) {
  const cJSON *list = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(rules, "report"), "funnels");
  if (cJSON_IsArray(list)) {
    const cJSON *f;
    cJSON_ArrayForEach(f, list) {
      const cJSON *steps = cJSON_GetObjectItemCaseSensitive(f, "steps");
      const cJSON *w = cJSON_GetObjectItemCaseSensitive(f, "window");
      int64_t window = 14 * LS_FUNNEL_DAY_MS;
      if (w && !ls_funnel_window_parse(cJSON_GetStringValue(w), &window)) window = 0;
      int n = cJSON_GetArraySize(steps);
      if (!cJSON_IsArray(steps) || n < 2 || n > RP_MAX_STEPS || !window)
        return ls_workspace_fail(ws, LS_EINVAL, "rules: report.funnels: each needs 2 to %d steps and a window "
                                 "such as \"14d\"", RP_MAX_STEPS);
      const char *names[RP_MAX_STEPS];
      for (int k = 0; k < n; k++) {
        const cJSON *s = cJSON_GetArrayItem(steps, k);
        if (!cJSON_IsString(s)) return ls_workspace_fail(ws, LS_EINVAL, "rules: report.funnels: a step is not text");
        names[k] = s->valuestring;
      }
      if (m->nfunnels < RP_MAX_FUNNELS && add_funnel(ws, m, names, (size_t)n, window) < 0) return LS_ENOMEM;
    }
    return LS_OK;
  }
  for (size_t i = 0; i < sizeof DEFAULT_FUNNELS / sizeof DEFAULT_FUNNELS[0]; i++) {
    size_t n = 0;
    while (n < RP_MAX_STEPS && DEFAULT_FUNNELS[i][n]) n++;
    int k = add_funnel(ws, m, DEFAULT_FUNNELS[i], n, 14 * LS_FUNNEL_DAY_MS);
    if (k) return k < 0 ? LS_ENOMEM : LS_OK;
  }
  return LS_OK;
}

/* ---- API ---- */

ls_status rp_metric_at(ls_workspace *ws, const char *metric, ls_grain g, int64_t end, double *value,
                       char *period) {
  ls_tz tz = ls_workspace_tz(ws);
  int64_t e = ls_period_start(end, g, tz), s = ls_period_start(e - 1, g, tz);
  ls_series *sr;
  *value = NAN;
  ls_period_name(s, g, tz, period);
  if (g == LS_GRAIN_WEEK) { /* a week by its first and last days */
    char last[LS_TIME_TEXT_MAX];
    ls_period_name(ls_period_start(e - 1, LS_GRAIN_DAY, tz), LS_GRAIN_DAY, tz, last);
    snprintf(period + strlen(period), RP_LABEL - strlen(period), " – %s", last);
  }
  if (run(ws, metric, NULL, g, s, end, &sr) != LS_OK) return LS_ENOMEM;
  if (sr) *value = value_at(sr, s);
  ls_series_free(sr);
  return LS_OK;
}

ls_status rp_model_build(ls_workspace *ws, ls_report_period p, int64_t at, const char *rules, int lang,
                         rp_model *m) {
  memset(m, 0, sizeof *m);
  m->lang = lang;
  m->period = p;
  m->grain = p == LS_REPORT_DAILY ? LS_GRAIN_DAY : p == LS_REPORT_WEEKLY ? LS_GRAIN_WEEK : LS_GRAIN_MONTH;
  m->tz = ls_workspace_tz(ws);
  m->ret_mean = NAN;
  if (at == INT64_MIN) {
    int64_t first;
    ls_status st = ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &at);
    if (st != LS_OK) return ls_workspace_fail(ws, st, "report: the workspace has no dated rows");
  }
  m->end = ls_period_start(at, m->grain, m->tz);
  m->start = ls_period_start(m->end - 1, m->grain, m->tz);
  ls_period_name(m->start, LS_GRAIN_DAY, m->tz, m->first_day);
  ls_period_name(ls_period_start(m->end - 1, LS_GRAIN_DAY, m->tz), LS_GRAIN_DAY, m->tz, m->last_day);
  const ls_settings *set = ls_workspace_settings(ws);
  snprintf(m->currency, sizeof m->currency, "%s", set->currency);
  for (int k = 0; k < 2 && !m->currency[0]; k++) {
    int di = ls_workspace_find(ws, k ? LS_KIND_PAYMENTS : LS_KIND_SUBSCRIPTIONS);
    if (di < 0) continue;
    int col = ls_workspace_detection(ws, (size_t)di)->col[LS_ROLE_CURRENCY];
    const ls_column *c = col < 0 ? NULL : ls_table_col(ls_workspace_table(ws, (size_t)di), (size_t)col);
    for (size_t i = 0; c && i < ls_column_len(c); i++) {
      size_t len;
      const char *s = ls_column_str(c, i, &len);
      if (!s || !len || len >= sizeof m->currency) continue;
      for (size_t j = 0; j < len; j++) m->currency[j] = s[j] >= 'a' && s[j] <= 'z' ? (char)(s[j] - 32) : s[j];
      break;
    }
  }
  cJSON *doc = NULL;
  if (rules) {
    doc = cJSON_Parse(rules);
    if (!doc) return ls_workspace_fail(ws, LS_EPARSE, "rules: not a JSON document");
  }
  ls_status st = kpis(ws, m);
  if (st == LS_OK) st = bridge(ws, m);
  if (st == LS_OK) st = plans(ws, m);
  if (st == LS_OK) st = retention(ws, m);
  if (st == LS_OK) st = funnels(ws, doc, m);
  cJSON_Delete(doc);
  return st;
}

void rp_model_free(rp_model *m) {
  for (size_t i = 0; i < m->nfunnels; i++)
    for (size_t k = 0; k < m->funnel[i].nsteps; k++) ls_free(m->funnel[i].step[k]);
  cJSON_Delete(m->monitor);
  cJSON_Delete(m->movers);
  cJSON_Delete(m->contrib);
  memset(m, 0, sizeof *m);
}

void rp_period_title(const rp_model *m, char *buf) {
  if (m->grain == LS_GRAIN_DAY) snprintf(buf, RP_LABEL, "%s", m->first_day);
  else snprintf(buf, RP_LABEL, "%s – %s", m->first_day, m->last_day);
}
