/* monitor.c: evaluate a rules file over a workspace (monitor.h, docs/alerts.md).
 *
 * Each metric rule runs its catalog metric at its grain over its scope up to
 * the as-of instant and judges every period; the latest period gives its
 * status. Entity and reconcile rules are handed to entity.c and recon.c.
 * monitor_out.c writes the JSON of the judged rules. */
#include "monitor/monitor.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "monitor/entity.h"
#include "monitor/monitor_internal.h"
#include "monitor/recon.h"

static int no_data(ls_status st) { return st == LS_ENODATA; }

static void judged_free(mon_judged *j) {
  ls_series_free(j->s);
  ls_free(j->state);
  ls_free(j->score);
  ls_free(j->lo);
  ls_free(j->hi);
  ls_free(j->prev);
}

/* Mark the periods whose volume is under the rule's min_volume (a period the
 * volume metric leaves undefined counts as 0). */
static ls_status mark_low_volume(ls_workspace *ws, mon_judged *j, const ls_query *q) {
  const ls_rule *r = j->rule;
  if (isnan(r->min_volume)) return LS_OK;
  const char *vm = ls_catalog_volume_metric(r->metric->needs);
  if (!vm) {
    snprintf(j->message, sizeof j->message, "min_volume needs events, payments or subscriptions");
    return LS_EINVAL;
  }
  ls_query vq = *q;
  vq.property = NULL;
  if (strcmp(vm, "count")) vq.event = NULL;
  ls_series *v = NULL;
  ls_status st = ls_metric_run(ws, vm, &vq, &v);
  if (st != LS_OK) {
    snprintf(j->message, sizeof j->message, "volume: %.200s", ls_workspace_errmsg(ws));
    return st;
  }
  /* the same dataset, grain and as-of lay out the same periods; match by start anyway */
  size_t k = 0;
  for (size_t i = 0; i < j->s->n; i++) {
    while (k < v->n && v->start[k] < j->s->start[i]) k++;
    double vol = k < v->n && v->start[k] == j->s->start[i] && !isnan(v->value[k]) ? v->value[k] : 0;
    if (vol < r->min_volume) j->state[i] = MON_LOW_VOLUME;
  }
  ls_series_free(v);
  return LS_OK;
}

/* Boundary slack of inclusive change rules: a change computed as 10.000000000000002
 * or 9.999999999999998 from values that differ by exactly 10% is judged as 10. */
static int at_least(double x, double v) { return x >= v - 1e-9 * fmax(1.0, fabs(v)); }

static void judge_threshold(mon_judged *j, size_t i, double x) {
  const ls_rule *r = j->rule;
  double v = r->value;
  int fires = r->op == LS_OP_ABOVE ? x > v : x < v;
  j->score[i] = x - v;
  if (r->op == LS_OP_ABOVE) j->hi[i] = v;
  else j->lo[i] = v;
  j->state[i] = fires ? MON_FIRED : MON_OK;
  /* near: within 5% of |v| of the edge on the firing side's approach */
  double band = 0.05 * fabs(v);
  if (i + 1 == j->s->n && !fires) j->near = r->op == LS_OP_ABOVE ? x >= v - band : x <= v + band;
}

static void judge_change(mon_judged *j, size_t i, double x) {
  const ls_rule *r = j->rule;
  double p = i ? j->s->value[i - 1] : NAN;
  j->prev[i] = p;
  /* not judged: no previous value, 0 for a percent, or a low-volume previous period */
  if (isnan(p) || (r->percent && p == 0) || j->state[i - 1] == MON_LOW_VOLUME) return;
  double scale = r->percent ? fabs(p) / 100 : 1; /* one unit of the rule's value */
  double d = (x - p) / scale;                       /* the signed change in the rule's unit */
  double moved = r->op == LS_OP_RISE ? d : r->op == LS_OP_FALL ? -d : fabs(d);
  int fires = at_least(moved, r->value);
  j->score[i] = d;
  if (r->op != LS_OP_FALL) j->hi[i] = p + r->value * scale;
  if (r->op != LS_OP_RISE) j->lo[i] = p - r->value * scale;
  j->state[i] = fires ? MON_FIRED : MON_OK;
  if (i + 1 == j->s->n && !fires && r->value > 0) j->near = at_least(moved, 0.95 * r->value);
}

static ls_status judge_anomaly(ls_workspace *ws, mon_judged *j) {
  size_t n = j->s->n;
  double *x = ls_malloc((n ? n : 1) * sizeof *x);
  ls_anomaly_point *pt = ls_calloc(n ? n : 1, sizeof *pt);
  ls_status st = x && pt ? LS_OK : LS_ENOMEM;
  /* a low-volume period is neither judged nor history */
  for (size_t i = 0; st == LS_OK && i < n; i++) x[i] = j->state[i] == MON_LOW_VOLUME ? NAN : j->s->value[i];
  if (st == LS_OK) st = ls_anomaly_scan(&j->rule->detector, x, n, pt);
  for (size_t i = 0; st == LS_OK && i < n; i++) {
    if (j->state[i] == MON_LOW_VOLUME || !pt[i].judged) continue;
    j->state[i] = pt[i].fired ? MON_FIRED : MON_OK;
    j->score[i] = pt[i].score;
    j->lo[i] = pt[i].lo;
    j->hi[i] = pt[i].hi;
  }
  ls_free(x);
  ls_free(pt);
  if (st != LS_OK && st != LS_ENOMEM) snprintf(j->message, sizeof j->message, "bad detector");
  (void)ws;
  return st;
}

/* The status of the latest period and its message. */
static void latest_status(mon_judged *j) {
  const ls_rule *r = j->rule;
  size_t n = j->s->n;
  if (!n) {
    j->status = "no_data";
    snprintf(j->message, sizeof j->message, "no complete %s in the data", ls_grain_name(r->grain));
    return;
  }
  switch (j->state[n - 1]) {
  case MON_FIRED:
    j->status = j->suppressed ? "suppressed" : "firing";
    if (j->suppressed) snprintf(j->message, sizeof j->message, "flapping: its alert is suppressed");
    return;
  case MON_OK: j->status = "ok"; return;
  case MON_LOW_VOLUME:
    j->status = "low_volume";
    snprintf(j->message, sizeof j->message, "volume under %g", r->min_volume);
    return;
  default:
    j->status = "no_data";
    if (r->type == LS_RULE_CHANGE && n > 1 && j->state[n - 2] == MON_LOW_VOLUME)
      snprintf(j->message, sizeof j->message, "the previous period's volume is under %g", r->min_volume);
    else
      snprintf(j->message, sizeof j->message, "%s",
               isnan(j->s->value[n - 1])    ? "no value in the latest period"
               : r->type == LS_RULE_CHANGE ? "no previous value to compare with"
                                           : "too little history to judge");
  }
}

/* Run and judge one metric rule. Failures of the data become its status
 * (no_data, error); only out of memory fails. */
static ls_status judge(ls_workspace *ws, const ls_rule *r, int64_t asof, mon_judged *j) {
  ls_query q = LS_QUERY_INIT;
  q.grain = r->grain;
  q.asof = asof;
  q.scope = (ls_scope){r->where, r->n_where};
  q.event = r->event;
  q.property = r->property;
  j->rule = r;
  ls_status st = ls_metric_run(ws, r->metric->name, &q, &j->s);
  if (st == LS_ENOMEM) return st;
  if (st != LS_OK) {
    j->status = no_data(st) ? "no_data" : "error";
    snprintf(j->message, sizeof j->message, "%.250s", ls_workspace_errmsg(ws));
    return LS_OK;
  }
  size_t n = j->s->n, m = n ? n : 1;
  j->state = ls_calloc(m, 1);
  j->score = ls_malloc(m * sizeof(double));
  j->lo = ls_malloc(m * sizeof(double));
  j->hi = ls_malloc(m * sizeof(double));
  j->prev = ls_malloc(m * sizeof(double));
  if (!j->state || !j->score || !j->lo || !j->hi || !j->prev) return LS_ENOMEM;
  for (size_t i = 0; i < n; i++) j->score[i] = j->lo[i] = j->hi[i] = j->prev[i] = NAN;
  st = mark_low_volume(ws, j, &q);
  if (st == LS_ENOMEM) return st;
  if (st != LS_OK) {
    j->status = no_data(st) ? "no_data" : "error";
    return LS_OK;
  }
  if (r->type == LS_RULE_ANOMALY) {
    st = judge_anomaly(ws, j);
    if (st == LS_ENOMEM) return st;
    if (st != LS_OK) {
      j->status = "error";
      return LS_OK;
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      double x = j->s->value[i];
      if (j->state[i] == MON_LOW_VOLUME || isnan(x)) continue;
      if (r->type == LS_RULE_THRESHOLD) judge_threshold(j, i, x);
      else judge_change(j, i, x);
    }
  }
  return LS_OK;
}

static const char *dataset_of(const cJSON *o, const char *side) {
  if (side) o = cJSON_GetObjectItemCaseSensitive(o, side);
  return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "dataset"));
}

/* An entity or reconcile rule: its module appends to out and alerts; the
 * rules entry says whether it fired. */
static ls_status delegate(ls_workspace *ws, const ls_rule *r, int64_t at, cJSON *out, cJSON *alerts,
                          cJSON *rules) {
  cJSON *e = cJSON_CreateObject();
  if (!e || !cJSON_AddItemToArray(rules, e)) return cJSON_Delete(e), LS_ENOMEM;
  cJSON_AddStringToObject(e, "id", r->id);
  cJSON_AddItemToObject(e, "title", r->title ? cJSON_CreateString(r->title) : cJSON_CreateNull());
  cJSON_AddStringToObject(e, "type", ls_rule_type_name(r->type));
  cJSON_AddItemToObject(e, "metric", cJSON_CreateNull());
  cJSON_AddStringToObject(e, "severity", ls_severity_name(r->severity));
  cJSON_AddItemToObject(e, "grain", cJSON_CreateNull());
  int entity = r->type == LS_RULE_ENTITY;
  const char *missing = NULL;
  const char *sides[2] = {entity ? NULL : "left", entity ? NULL : "right"};
  for (int k = 0; k < (entity ? 1 : 2) && !missing; k++) {
    const char *name = dataset_of(r->json, sides[k]); /* none: the module says what is missing */
    if (name && ls_workspace_find_named(ws, name) < 0) missing = name;
  }
  const char *status = "ok";
  char msg[300] = "";
  if (missing) {
    status = "no_data";
    snprintf(msg, sizeof msg, "no dataset \"%.64s\" is loaded", missing);
  } else {
    int before = cJSON_GetArraySize(alerts);
    ls_status st = entity ? ls_entity_eval(ws, r->json, at, out, alerts) : ls_recon_eval(ws, r->json, at, out, alerts);
    if (st == LS_ENOMEM) return st;
    if (st != LS_OK) {
      status = no_data(st) ? "no_data" : "error";
      snprintf(msg, sizeof msg, "%.290s", ls_workspace_errmsg(ws));
    } else if (cJSON_GetArraySize(alerts) > before) {
      status = "firing";
    }
  }
  cJSON_AddStringToObject(e, "status", status);
  cJSON_AddItemToObject(e, "message", msg[0] ? cJSON_CreateString(msg) : cJSON_CreateNull());
  /* the keys of a metric rule's entry that do not apply (no series) */
  static const char *const none[] = {"period", "value", "threshold", "expected_lo", "expected_hi", "score", "series"};
  for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) cJSON_AddItemToObject(e, none[k], cJSON_CreateNull());
  return cJSON_GetArraySize(e) == 15 ? LS_OK : LS_ENOMEM;
}

static int severity_rank(const cJSON *alert) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(alert, "severity"));
  return s && s[0] == 'P' && s[1] >= '0' && s[1] <= '2' && !s[2] ? s[1] - '0' : 3;
}

/* Alerts P0 first, each severity in the order the rules came: one pass puts
 * each item at the tail of its severity's bucket (stable, O(n)), a second
 * hands the buckets back in order; 1 when a P0 is among them. */
static int sort_alerts(cJSON *alerts) {
  cJSON *head[4] = {NULL}, *tail[4] = {NULL}, *a, *next;
  for (a = alerts->child; a; a = next) {
    next = a->next;
    int k = severity_rank(a);
    a->next = a->prev = NULL;
    if (tail[k]) tail[k]->next = a;
    else head[k] = a;
    tail[k] = a;
  }
  alerts->child = NULL;
  for (int k = 0; k < 4; k++)
    for (a = head[k]; a; a = next) {
      next = a->next;
      a->next = NULL;
      cJSON_AddItemToArray(alerts, a);
    }
  return head[0] != NULL;
}

ls_status ls_monitor_run(ls_workspace *ws, const char *rules, int64_t at, char **out) {
  *out = NULL;
  char err[400];
  ls_rules *rs = NULL;
  ls_status st = ls_rules_parse(rules ? rules : ls_monitor_default_rules(), &rs, err, sizeof err);
  if (st != LS_OK) return ls_workspace_fail(ws, st, "%s", err);
  int64_t first, asof;
  if (ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &asof) != LS_OK) asof = INT64_MIN;
  if (at != INT64_MIN && (asof == INT64_MIN || at < asof)) asof = at;
  ls_tz tz = ls_workspace_tz(ws);
  cJSON *o = cJSON_CreateObject();
  cJSON *lists[7];
  static const char *const keys[] = {"rules", "alerts", "incidents", "entities", "reconcile", "health"};
  mon_judged *judged = ls_calloc(rs->n ? rs->n : 1, sizeof *judged);
  size_t nj = 0;
  if (!o || !judged) st = LS_ENOMEM;
  char day[LS_TIME_TEXT_MAX] = "";
  if (asof != INT64_MIN) ls_period_name(ls_period_start(asof - 1, LS_GRAIN_DAY, tz), LS_GRAIN_DAY, tz, day);
  if (st == LS_OK)
    cJSON_AddItemToObject(o, "at", day[0] ? cJSON_CreateString(day) : cJSON_CreateNull());
  if (st == LS_OK && !cJSON_AddFalseToObject(o, "p0")) st = LS_ENOMEM;
  if (st == LS_OK && !cJSON_AddFalseToObject(o, "p0_suppressed")) st = LS_ENOMEM;
  for (size_t k = 0; st == LS_OK && k < 6; k++)
    if (!(lists[k] = cJSON_AddArrayToObject(o, keys[k]))) st = LS_ENOMEM;
  for (size_t i = 0; st == LS_OK && i < rs->n; i++) {
    const ls_rule *r = &rs->rule[i];
    if (!r->enabled) continue;
    if (r->type == LS_RULE_ENTITY || r->type == LS_RULE_RECONCILE) {
      /* a given --at clamped to the data's as-of like the metric rules'; none: the module's default */
      st = delegate(ws, r, at == INT64_MIN ? at : asof, r->type == LS_RULE_ENTITY ? lists[3] : lists[4], lists[1],
                    lists[0]);
      continue;
    }
    mon_judged *j = &judged[nj++];
    st = judge(ws, r, asof, j);
    if (st == LS_OK && !j->status) {
      st = mon_incidents(j, &rs->flap, lists[2]);
      latest_status(j);
    }
    if (st == LS_OK) st = mon_metric_out(j, lists[0], lists[1]);
  }
  if (st == LS_OK) st = mon_health(judged, nj, lists[5]);
  /* a P0 rule firing but flapping raises no alert (p0 stays false): say so */
  int p0_suppressed = 0;
  for (size_t i = 0; i < nj; i++)
    p0_suppressed |= judged[i].rule->severity == LS_SEV_P0 && judged[i].status && !strcmp(judged[i].status, "suppressed");
  if (st == LS_OK && p0_suppressed && !cJSON_ReplaceItemInObjectCaseSensitive(o, "p0_suppressed", cJSON_CreateTrue()))
    st = LS_ENOMEM;
  if (st == LS_OK && sort_alerts(lists[1]) && !cJSON_ReplaceItemInObjectCaseSensitive(o, "p0", cJSON_CreateTrue())) st = LS_ENOMEM;
  if (st == LS_OK && !(*out = cJSON_PrintUnformatted(o))) st = LS_ENOMEM;
  for (size_t i = 0; i < nj; i++) judged_free(&judged[i]);
  ls_free(judged);
  cJSON_Delete(o);
  ls_rules_free(rs);
  return st == LS_OK ? LS_OK : ls_workspace_fail(ws, st, "monitor: %s", ls_status_message(st));
}
