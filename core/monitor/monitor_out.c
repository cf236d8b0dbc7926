/* monitor_out.c: the JSON of judged metric rules: their rules entries and
 * series, alerts, incidents and health (monitor.h, docs/alerts.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "monitor/monitor_internal.h"

cJSON *mon_num(double x) { return isfinite(x) ? cJSON_CreateNumber(x) : cJSON_CreateNull(); }

void mon_period(const mon_judged *j, size_t i, char *buf) {
  ls_period_name(j->s->start[i], j->s->grain, j->s->tz, buf);
}

static int add(cJSON *o, const char *key, cJSON *v) {
  if (v && cJSON_AddItemToObject(o, key, v)) return 1;
  cJSON_Delete(v);
  return 0;
}

static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

/* The value the rule compares with: threshold and change rules' value. */
static double rule_threshold(const ls_rule *r) { return r->type == LS_RULE_ANOMALY ? NAN : r->value; }

/* The English one-liner of a firing period i. */
static void alert_text(const mon_judged *j, size_t i, const char *period, char *buf, size_t len) {
  const ls_rule *r = j->rule;
  double x = j->s->value[i];
  const char *m = r->metric->name;
  int w = snprintf(buf, len, "[%s] %s: ", ls_severity_name(r->severity), r->id);
  if (w < 0 || (size_t)w >= len) return;
  buf += w, len -= (size_t)w;
  if (r->type == LS_RULE_THRESHOLD)
    snprintf(buf, len, "%s %.6g is %s %.6g in %s", m, x, r->op == LS_OP_ABOVE ? "above" : "below", r->value, period);
  else if (r->type == LS_RULE_CHANGE)
    snprintf(buf, len, "%s %s %.6g%s (%.6g to %.6g) in %s", m, j->score[i] >= 0 ? "rose" : "fell",
             fabs(j->score[i]), r->percent ? "%" : "", j->prev[i], x, period);
  else
    snprintf(buf, len, "%s %.6g is outside the expected %.6g to %.6g (score %.3g) in %s", m, x, j->lo[i], j->hi[i],
             j->score[i], period);
}

static ls_status add_alert(const mon_judged *j, size_t i, const char *period, cJSON *alerts) {
  const ls_rule *r = j->rule;
  char text[400];
  alert_text(j, i, period, text, sizeof text);
  cJSON *a = cJSON_CreateObject();
  int ok = a && cJSON_AddItemToArray(alerts, a);
  if (!ok) return cJSON_Delete(a), LS_ENOMEM;
  ok = add(a, "rule", cJSON_CreateString(r->id)) && add(a, "kind", cJSON_CreateString(ls_rule_type_name(r->type))) &&
       add(a, "severity", cJSON_CreateString(ls_severity_name(r->severity))) &&
       add(a, "metric", cJSON_CreateString(r->metric->name)) && add(a, "period", cJSON_CreateString(period)) &&
       add(a, "value", mon_num(j->s->value[i])) && add(a, "threshold", mon_num(rule_threshold(r))) &&
       add(a, "previous", mon_num(j->prev[i])) && add(a, "expected_lo", mon_num(j->lo[i])) &&
       add(a, "expected_hi", mon_num(j->hi[i])) && add(a, "score", mon_num(j->score[i])) &&
       add(a, "text", cJSON_CreateString(text));
  return ok ? LS_OK : LS_ENOMEM;
}

static cJSON *series_json(const mon_judged *j) {
  cJSON *s = cJSON_CreateObject(), *p = cJSON_AddArrayToObject(s, "period");
  cJSON *v = cJSON_AddArrayToObject(s, "value"), *f = cJSON_AddArrayToObject(s, "fired");
  /* the range each period was judged against, for the page's chart band */
  cJSON *lo = cJSON_AddArrayToObject(s, "expected_lo"), *hi = cJSON_AddArrayToObject(s, "expected_hi");
  if (!p || !v || !f || !lo || !hi) return cJSON_Delete(s), NULL;
  for (size_t i = 0; j->s && i < j->s->n; i++) {
    char name[LS_TIME_TEXT_MAX];
    mon_period(j, i, name);
    if (!cJSON_AddItemToArray(p, cJSON_CreateString(name)) || !cJSON_AddItemToArray(v, mon_num(j->s->value[i])) ||
        !cJSON_AddItemToArray(f, cJSON_CreateBool(j->state[i] == MON_FIRED)) ||
        !cJSON_AddItemToArray(lo, mon_num(j->lo[i])) || !cJSON_AddItemToArray(hi, mon_num(j->hi[i])))
      return cJSON_Delete(s), NULL;
  }
  return s;
}

ls_status mon_metric_out(const mon_judged *j, cJSON *rules, cJSON *alerts) {
  const ls_rule *r = j->rule;
  size_t n = j->s ? j->s->n : 0, last = n ? n - 1 : 0;
  char period[LS_TIME_TEXT_MAX] = "";
  if (n) mon_period(j, last, period);
  cJSON *e = cJSON_CreateObject();
  if (!e || !cJSON_AddItemToArray(rules, e)) return cJSON_Delete(e), LS_ENOMEM;
  int firing = !strcmp(j->status, "firing");
  int ok = add(e, "id", cJSON_CreateString(r->id)) && add(e, "title", str_or_null(r->title)) &&
           add(e, "type", cJSON_CreateString(ls_rule_type_name(r->type))) &&
           add(e, "metric", cJSON_CreateString(r->metric->name)) &&
           add(e, "severity", cJSON_CreateString(ls_severity_name(r->severity))) &&
           add(e, "grain", cJSON_CreateString(ls_grain_name(r->grain))) &&
           add(e, "status", cJSON_CreateString(j->status)) &&
           add(e, "message", str_or_null(j->message[0] ? j->message : NULL)) &&
           add(e, "period", str_or_null(n ? period : NULL)) && add(e, "value", mon_num(n ? j->s->value[last] : NAN)) &&
           add(e, "threshold", mon_num(rule_threshold(r))) &&
           add(e, "expected_lo", mon_num(n ? j->lo[last] : NAN)) &&
           add(e, "expected_hi", mon_num(n ? j->hi[last] : NAN)) &&
           add(e, "score", mon_num(n ? j->score[last] : NAN)) && add(e, "series", series_json(j));
  if (!ok) return LS_ENOMEM;
  return firing ? add_alert(j, last, period, alerts) : LS_OK;
}

ls_status mon_incidents(mon_judged *j, const ls_flap_policy *fp, cJSON *incidents) {
  size_t n = j->s->n;
  ls_incident_input *in = ls_calloc(n ? n : 1, sizeof *in);
  if (!in) return LS_ENOMEM;
  for (size_t i = 0; i < n; i++)
    in[i] = (ls_incident_input){j->state[i] == MON_FIRED, j->s->value[i], isnan(j->score[i]) ? 0 : j->score[i]};
  ls_incident *inc = NULL;
  size_t ni = 0;
  ls_status st = ls_incidents(in, n, fp, &inc, &ni, &j->suppressed);
  ls_free(in);
  for (size_t k = 0; st == LS_OK && k < ni; k++) {
    const ls_incident *c = &inc[k];
    char a[LS_TIME_TEXT_MAX], b[LS_TIME_TEXT_MAX], p[LS_TIME_TEXT_MAX];
    mon_period(j, c->first, a);
    mon_period(j, c->last, b);
    mon_period(j, c->peak, p);
    /* a flapping rule: its incidents within the flap window are the suppressed ones */
    int sup = j->suppressed && c->last + (size_t)fp->window >= n;
    cJSON *o = cJSON_CreateObject();
    int ok = o && cJSON_AddItemToArray(incidents, o);
    if (!ok) {
      cJSON_Delete(o);
      st = LS_ENOMEM;
      break;
    }
    ok = add(o, "rule", cJSON_CreateString(j->rule->id)) &&
         add(o, "severity", cJSON_CreateString(ls_severity_name(j->rule->severity))) &&
         add(o, "metric", cJSON_CreateString(j->rule->metric->name)) && add(o, "start", cJSON_CreateString(a)) &&
         add(o, "end", cJSON_CreateString(b)) && add(o, "peak_period", cJSON_CreateString(p)) &&
         add(o, "peak_value", mon_num(j->s->value[c->peak])) &&
         add(o, "periods", cJSON_CreateNumber((double)(c->last - c->first + 1))) &&
         add(o, "ongoing", cJSON_CreateBool(c->ongoing)) && add(o, "suppressed", cJSON_CreateBool(sup));
    if (!ok) st = LS_ENOMEM;
  }
  ls_free(inc);
  return st;
}

/* green 1 < amber 2 < red 3; grey 0 (no data, low volume, error) */
static int color_of(const mon_judged *j) {
  const char *s = j->status;
  if (!strcmp(s, "firing")) return j->rule->severity == LS_SEV_P2 ? 2 : 3;
  if (!strcmp(s, "suppressed")) return 2;
  if (!strcmp(s, "ok")) return j->near ? 2 : 1;
  return 0;
}

static void reason(const mon_judged *j, int color, char *buf, size_t len) {
  const ls_rule *r = j->rule;
  const char *m = r->metric->name;
  size_t n = j->s ? j->s->n : 0;
  double x = n ? j->s->value[n - 1] : NAN;
  if (color == 0)
    snprintf(buf, len, "%s: not judged (%s)", m, j->message[0] ? j->message : j->status);
  else if (!strcmp(j->status, "suppressed"))
    snprintf(buf, len, "%s: rule %s is flapping", m, r->id);
  else if (!strcmp(j->status, "firing"))
    snprintf(buf, len, "%s %.6g fires rule %s (%s)", m, x, r->id, ls_severity_name(r->severity));
  else if (j->near)
    snprintf(buf, len, "%s %.6g is within 5%% of rule %s's limit", m, x, r->id);
  else
    snprintf(buf, len, "%s %.6g is within rule %s", m, x, r->id);
}

static int same_text(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

/* The rules watch the same series: metric, event, property and where alike. */
static int same_series(const ls_rule *a, const ls_rule *b) {
  if (a->metric != b->metric || !same_text(a->event, b->event) || !same_text(a->property, b->property) ||
      a->n_where != b->n_where)
    return 0;
  for (size_t k = 0; k < a->n_where; k++)
    if (strcmp(a->where[k].column, b->where[k].column) || strcmp(a->where[k].value, b->where[k].value)) return 0;
  return 1;
}

ls_status mon_health(const mon_judged *judged, size_t n, cJSON *health) {
  static const char *const COLORS[] = {"grey", "green", "amber", "red"};
  for (size_t i = 0; i < n; i++) {
    const ls_rule *r = judged[i].rule;
    size_t k;
    for (k = 0; k < i && !same_series(judged[k].rule, r); k++) {}
    if (k < i) continue; /* this series' entry is written already */
    /* the worst of the series' rules; the first such rule on a tie */
    const mon_judged *worst = &judged[i];
    int wc = color_of(worst);
    for (k = i + 1; k < n; k++)
      if (same_series(judged[k].rule, r) && color_of(&judged[k]) > wc) wc = color_of(worst = &judged[k]);
    char why[400];
    reason(worst, wc, why, sizeof why);
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(health, o)) return cJSON_Delete(o), LS_ENOMEM;
    if (!add(o, "metric", cJSON_CreateString(r->metric->name)) || !add(o, "event", str_or_null(r->event)) ||
        !add(o, "property", str_or_null(r->property)) || !add(o, "status", cJSON_CreateString(COLORS[wc])) ||
        !add(o, "rule", cJSON_CreateString(worst->rule->id)) || !add(o, "reason", cJSON_CreateString(why)))
      return LS_ENOMEM;
  }
  return LS_OK;
}
