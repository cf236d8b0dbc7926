/* report_sections.c: the report's sections, from the model into the block
 * list both writers render (docs/reports.md lists them). Text here is plain:
 * the writers escape it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "report/report_internal.h"

#define RP_MAX_INCIDENTS 10
#define RP_MAX_DIMS 3

/* ---- private ---- */

/* a metric's name in the report's language: the page's, else the catalog's
 * title, else the name */
static const char *metric_label(int lang, const char *metric, char *buf) {
  const char *t = rp_metric_label(lang, metric);
  const ls_metric_def *d = t ? NULL : ls_catalog_find(metric);
  snprintf(buf, RP_LABEL, "%s", t ? t : d ? d->title : metric);
  return buf;
}

static const char *unit_of(const char *metric) {
  const ls_metric_def *d = ls_catalog_find(metric);
  return d ? d->unit : "number";
}

/* tone of a change: good news 1, bad news -1 */
static int tone(int dir, int lower_is_better) { return lower_is_better ? -dir : dir; }

static void kpis(rp_doc *d) {
  const rp_model *m = d->m;
  rp_doc_text(d, RP_B_H2, "kpis", 0, "%s", rp_msg(m->lang, "sec_kpis"));
  static const char *const head[] = {"col_metric", "col_value", "col_previous", "col_change", "col_trend"};
  rp_table *t = rp_doc_table(d, 5, head, 0xe);
  if (!t) return;
  t->change_col = 3;
  t->spark_col = 4;
  for (size_t i = 0; i < m->nkpi; i++) {
    const rp_kpi *k = &m->kpi[i];
    char label[RP_LABEL * 2], v[RP_NUM], p[RP_NUM], c[RP_NUM];
    int dir;
    if (k->grain != m->grain && k->grain != LS_GRAIN_DAY) {
      char g[32];
      snprintf(g, sizeof g, "grain_%s", ls_grain_name(k->grain));
      snprintf(label, sizeof label, rp_msg(m->lang, "with_grain"), k->label, rp_msg(m->lang, g));
    } else {
      snprintf(label, sizeof label, "%s", k->label);
    }
    rp_fmt(k->value, k->unit, m->currency, m->lang, v);
    rp_fmt(k->previous, k->unit, m->currency, m->lang, p);
    rp_fmt_change(k->value, k->previous, k->unit, c, &dir);
    rp_row(d, t, tone(dir, k->lower_is_better), label, v, p, c, "");
    if (d->oom) return;
    t->spark[t->nrows - 1] = k->spark;
    t->lower[t->nrows - 1] = k->lower_is_better;
  }
}

static void bridge(rp_doc *d) {
  const rp_model *m = d->m;
  if (!m->has_bridge) return;
  static const char *const keys[RP_BR_N] = {"br_new",         "br_expansion", "br_reactivation",
                                            "br_contraction", "br_churned",   "br_net"};
  char a[RP_NUM], b[RP_NUM + 1];
  rp_doc_text(d, RP_B_H2, "bridge", 0, "%s", rp_msg(m->lang, "sec_bridge"));
  if (isfinite(m->mrr_start) && isfinite(m->mrr_end))
    rp_doc_text(d, RP_B_P, NULL, 0, rp_msg(m->lang, "mrr_move"), rp_fmt(m->mrr_start, "currency", m->currency, m->lang, a),
                rp_fmt(m->mrr_end, "currency", m->currency, m->lang, b));
  rp_doc_block(d, RP_B_BRIDGE);
  static const char *const head[] = {"sec_bridge", "col_amount"};
  rp_table *t = rp_doc_table(d, 2, head, 0x2);
  for (int i = 0; i < RP_BR_N && t; i++) {
    double x = m->bridge[i];
    rp_fmt(x, "currency", m->currency, m->lang, a);
    snprintf(b, sizeof b, "%s%s", x > 0 ? "+" : "", a);
    rp_row(d, t, x > 0 ? 1 : x < 0 ? -1 : 0, rp_msg(m->lang, keys[i]), b);
  }
}

static void plans(rp_doc *d) {
  const rp_model *m = d->m;
  if (!m->nplans) return;
  rp_doc_text(d, RP_B_H2, "plans", 0, "%s", rp_msg(m->lang, "sec_plans"));
  static const char *const head[] = {"col_plan", "col_value", "col_previous", "col_change"};
  rp_table *t = rp_doc_table(d, 4, head, 0xe);
  if (t) t->change_col = 3;
  for (size_t i = 0; i < m->nplans && t; i++) {
    const rp_plan *p = &m->plan[i];
    char v[RP_NUM], pv[RP_NUM], c[RP_NUM];
    int dir;
    rp_fmt_change(p->value, p->previous, "currency", c, &dir);
    rp_row(d, t, dir, p->name, rp_fmt(p->value, "currency", m->currency, m->lang, v),
           rp_fmt(p->previous, "currency", m->currency, m->lang, pv), c);
  }
}

static void users(rp_doc *d) {
  const rp_model *m = d->m;
  char a[RP_NUM], b[RP_NUM], c[RP_NUM];
  rp_doc_text(d, RP_B_H2, "users", 0, "%s", rp_msg(m->lang, "sec_users"));
  if (m->has_retention) {
    double rate = m->ret_size ? (double)m->ret_kept / (double)m->ret_size : NAN;
    rp_doc_text(d, RP_B_P, NULL, 0, rp_msg(m->lang, "ret_line"), m->ret_cohort,
                rp_fmt((double)m->ret_size, "count", "", m->lang, a), rp_fmt((double)m->ret_kept, "count", "", m->lang, b),
                rp_fmt(rate, "ratio", "", m->lang, c));
  } else {
    rp_doc_text(d, RP_B_NOTE, NULL, 0, "%s", rp_msg(m->lang, "ret_none"));
  }
  if (isfinite(m->ret_mean)) rp_doc_text(d, RP_B_P, NULL, 0, rp_msg(m->lang, "ret_mean"), rp_fmt(m->ret_mean, "ratio", "", m->lang, a));
}

static void funnels(rp_doc *d) {
  const rp_model *m = d->m;
  rp_doc_text(d, RP_B_H2, "funnels", 0, "%s", rp_msg(m->lang, "sec_funnels"));
  if (!m->nfunnels) rp_doc_text(d, RP_B_NOTE, NULL, 0, "%s", rp_msg(m->lang, "no_funnel"));
  for (size_t i = 0; i < m->nfunnels; i++) {
    const rp_funnel *f = &m->funnel[i];
    char title[RP_LABEL * RP_MAX_STEPS] = "", days[RP_NUM], n[RP_NUM], conv[RP_NUM], step[24];
    for (size_t k = 0; k < f->nsteps; k++)
      snprintf(title + strlen(title), sizeof title - strlen(title), "%s%s", k ? " → " : "", f->step[k]);
    rp_doc_text(d, RP_B_H3, NULL, 0, "%s", title);
    rp_doc_text(d, RP_B_NOTE, NULL, 0, rp_msg(m->lang, "funnel_window"), rp_fmt(f->window_days, "number", "", m->lang, days));
    static const char *const head[] = {"col_step", "col_event", "col_users", "col_conv"};
    rp_table *t = rp_doc_table(d, 4, head, 0xd);
    for (size_t k = 0; k < f->nsteps && t; k++) {
      double r = f->users[0] ? (double)f->users[k] / (double)f->users[0] : NAN;
      snprintf(step, sizeof step, "%zu", k + 1);
      rp_row(d, t, 0, step, f->step[k], rp_fmt((double)f->users[k], "count", "", m->lang, n),
             rp_fmt(r, "ratio", "", m->lang, conv));
    }
  }
}

/* 1 when period p (a day or a month name) is at or after day a's prefix
 * (sign 1), or at or before it (sign -1) */
static int within(const char *p, const char *a, int sign) {
  int c = strncmp(p, a, strlen(p));
  return sign > 0 ? c >= 0 : c <= 0;
}

/* "2026-10-25T23:00:00Z" as "2026-10-25 23:00"; a day or month as it is */
static const char *short_time(const char *t, char *buf) {
  size_t n = strlen(t);
  if (n == 20 && t[10] == 'T' && strcmp(t + 16, ":00Z") == 0) snprintf(buf, LS_TIME_TEXT_MAX, "%.10s %.5s", t, t + 11);
  else snprintf(buf, LS_TIME_TEXT_MAX, "%s", t);
  return buf;
}

/* an alert's "what" and value cells: a metric alert's metric and value; an
 * entity alert's entity, condition (and action) and the first value its
 * condition names; a reconciliation's count of problems */
static void alert_cells(const rp_model *m, const cJSON *x, char *what, char *v) {
  const char *kind = rp_jstr(x, "kind"), *metric = rp_jstr(x, "metric");
  char label[RP_LABEL];
  if (strcmp(kind, "entity") == 0) {
    const char *cond = rp_jstr(x, "condition"), *action = rp_jstr(x, "action");
    snprintf(what, RP_LABEL * 2, "%s: %s%s%s", rp_jstr(x, "entity"), cond, *action ? " → " : "", action);
    const cJSON *val;
    snprintf(v, RP_NUM, "—");
    cJSON_ArrayForEach(val, cJSON_GetObjectItemCaseSensitive(x, "values")) {
      if (!cJSON_IsNumber(val) || !val->string || !strstr(cond, val->string)) continue;
      char num[RP_NUM];
      snprintf(v, RP_NUM, "%.24s %s", val->string, rp_fmt(val->valuedouble, "number", "", m->lang, num));
      break;
    }
  } else if (strcmp(kind, "reconcile") == 0) {
    snprintf(what, RP_LABEL * 2, "%s", rp_msg(m->lang, "recon_problems"));
    rp_fmt(rp_jnum(x, "problems"), "count", "", m->lang, v);
  } else {
    snprintf(what, RP_LABEL * 2, "%s", *metric ? metric_label(m->lang, metric, label) : "");
    rp_fmt(rp_jnum(x, "value"), unit_of(metric), m->currency, m->lang, v);
  }
}

static void monitor(rp_doc *d) {
  const rp_model *m = d->m;
  rp_doc_text(d, RP_B_H2, "incidents", 0, "%s", rp_msg(m->lang, "sec_incidents"));
  if (!m->monitor) {
    rp_doc_text(d, RP_B_NOTE, NULL, 0, "%s", rp_msg(m->lang, "no_monitor"));
    return;
  }
  const cJSON *alerts = cJSON_GetObjectItemCaseSensitive(m->monitor, "alerts"), *x;
  const cJSON *incidents = cJSON_GetObjectItemCaseSensitive(m->monitor, "incidents");
  char label[RP_LABEL], v[RP_NUM], when[RP_LABEL];
  static const char *const head[] = {"col_severity", "col_rule", "col_subject", "col_period", "col_value"};
  rp_table *t = NULL;
  cJSON_ArrayForEach(x, alerts) {
    if (!t) {
      rp_doc_text(d, RP_B_H3, NULL, 0, "%s", rp_msg(m->lang, "alerts_firing"));
      if (!(t = rp_doc_table(d, 5, head, 0x10))) return;
    }
    char what[RP_LABEL * 2], period[LS_TIME_TEXT_MAX];
    alert_cells(m, x, what, v);
    rp_row(d, t, -1, rp_jstr(x, "severity"), rp_jstr(x, "rule"), what, short_time(rp_jstr(x, "period"), period), v);
  }
  int any = t != NULL;
  size_t shown = 0;
  t = NULL;
  cJSON_ArrayForEach(x, incidents) {
    const char *start = rp_jstr(x, "start"), *end = rp_jstr(x, "end");
    if (!within(end, m->first_day, 1) || !within(start, m->last_day, -1) || shown == RP_MAX_INCIDENTS) continue;
    if (!t) {
      rp_doc_text(d, RP_B_H3, NULL, 0, "%s", rp_msg(m->lang, "incidents"));
      if (!(t = rp_doc_table(d, 5, head, 0x10))) return;
    }
    const char *metric = rp_jstr(x, "metric");
    int ongoing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "ongoing"));
    char t0[LS_TIME_TEXT_MAX], t1[LS_TIME_TEXT_MAX];
    snprintf(when, sizeof when, "%s – %s", short_time(start, t0), ongoing ? rp_msg(m->lang, "ongoing") : short_time(end, t1));
    rp_row(d, t, -1, rp_jstr(x, "severity"), rp_jstr(x, "rule"), *metric ? metric_label(m->lang, metric, label) : "", when,
           rp_fmt(rp_jnum(x, "peak_value"), unit_of(metric), m->currency, m->lang, v));
    shown++;
  }
  int suppressed = 0;
  cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(m->monitor, "rules")) {
    if (strcmp(rp_jstr(x, "status"), "suppressed") != 0) continue;
    rp_doc_text(d, RP_B_NOTE, NULL, 0, rp_msg(m->lang, "suppressed"), rp_jstr(x, "id"));
    suppressed = 1;
  }
  if (!any && !t && !suppressed) rp_doc_text(d, RP_B_NOTE, NULL, 0, "%s", rp_msg(m->lang, "no_alerts"));
}

static void contrib(rp_doc *d) {
  const rp_model *m = d->m;
  const char *metric = rp_jstr(m->contrib, "metric");
  const cJSON *dims = cJSON_GetObjectItemCaseSensitive(m->contrib, "dimensions"), *dim, *s;
  if (!*metric || !cJSON_GetArraySize(dims)) return;
  char label[RP_LABEL], seg[RP_LABEL * 2], a[RP_NUM], b[RP_NUM], c[RP_NUM];
  const char *unit = unit_of(metric);
  rp_doc_text(d, RP_B_H3, NULL, 0, rp_msg(m->lang, "contrib_of"), metric_label(m->lang, metric, label));
  static const char *const head[] = {"col_segment", "col_previous", "col_value", "col_share"};
  rp_table *t = rp_doc_table(d, 4, head, 0xe);
  int ndims = 0;
  cJSON_ArrayForEach(dim, dims) {
    if (!t || ndims++ == RP_MAX_DIMS) break;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(dim, "segments")) {
      const char *name = rp_jstr(s, "segment");
      snprintf(seg, sizeof seg, "%s = %s", rp_jstr(dim, "by"), *name ? name : "—");
      double ch = rp_jnum(s, "change");
      if (ch == 0) continue; /* a segment that did not move explains nothing */
      rp_row(d, t, ch > 0 ? 1 : ch < 0 ? -1 : 0, seg, rp_fmt(rp_jnum(s, "previous"), unit, m->currency, m->lang, a),
             rp_fmt(rp_jnum(s, "value"), unit, m->currency, m->lang, b), rp_fmt(rp_jnum(s, "share"), "ratio", "", m->lang, c));
    }
  }
}

static void movers(rp_doc *d) {
  const rp_model *m = d->m;
  if (!m->monitor && !m->movers) return; /* insights did not run: monitor's note says so */
  rp_doc_text(d, RP_B_H2, "movers", 0, "%s", rp_msg(m->lang, "sec_movers"));
  if (!cJSON_GetArraySize(m->movers)) {
    rp_doc_text(d, RP_B_NOTE, NULL, 0, "%s", rp_msg(m->lang, "no_movers"));
    return;
  }
  static const char *const head[] = {"col_metric", "col_value", "col_previous", "col_change"};
  rp_table *t = rp_doc_table(d, 4, head, 0xe);
  if (t) t->change_col = 3;
  const cJSON *x;
  cJSON_ArrayForEach(x, m->movers) {
    if (!t) return;
    const char *metric = rp_jstr(x, "metric"), *unit = rp_jstr(x, "unit");
    char label[RP_LABEL], v[RP_NUM], p[RP_NUM], c[RP_NUM];
    int dir;
    double val = rp_jnum(x, "value"), prev = rp_jnum(x, "previous");
    rp_fmt_change(val, prev, unit, c, &dir);
    rp_row(d, t, tone(dir, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "lower_is_better"))),
           metric_label(m->lang, metric, label), rp_fmt(val, unit, m->currency, m->lang, v),
           rp_fmt(prev, unit, m->currency, m->lang, p), c);
  }
  contrib(d);
}

static void recs(rp_doc *d) {
  const rp_model *m = d->m;
  rp_doc_text(d, RP_B_H2, "recs", 0, "%s", rp_msg(m->lang, "sec_recs"));
  if (!m->nrecs) rp_doc_text(d, RP_B_NOTE, NULL, 0, "%s", rp_msg(m->lang, "no_recs"));
  for (size_t i = 0; i < m->nrecs; i++) {
    const rp_rec *r = &m->rec[i];
    char label[RP_LABEL], v[RP_NUM], th[RP_NUM], why[RP_LABEL * 3];
    snprintf(why, sizeof why, rp_msg(m->lang, "rec_trigger"), metric_label(m->lang, r->metric, label), r->period,
             rp_fmt(r->value, r->unit, m->currency, m->lang, v), rp_fmt(r->threshold, r->unit, m->currency, m->lang, th));
    rp_doc_text(d, RP_B_ITEM, NULL, -1, rp_msg(m->lang, "rec_line"), rp_msg(m->lang, r->key), why);
  }
}

/* ---- API ---- */

void rp_sections(rp_doc *d) {
  rp_doc_text(d, RP_B_NOTE, NULL, 0, rp_msg(d->m->lang, "generated"), d->m->last_day);
  kpis(d);
  bridge(d);
  plans(d);
  users(d);
  funnels(d);
  monitor(d);
  movers(d);
  recs(d);
}
