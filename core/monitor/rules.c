/* rules.c: read and check a rules file (rules.h, docs/alerts.md). */
#include "monitor/rules.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "monitor/condexpr.h"

static const char *const SEVERITY[] = {"P0", "P1", "P2"};
static const char *const TYPES[] = {"threshold", "change", "anomaly", "entity", "reconcile"};
static const char *const OPS[] = {"above", "below", "rise", "fall", "move"};
static const char *const DETECTORS[] = {"mad", "ewma", "seasonal"};
static const char *const DIRECTIONS[] = {"both", "up", "down"};

const char *ls_severity_name(ls_severity s) { return (unsigned)s < 3 ? SEVERITY[s] : "?"; }
const char *ls_rule_type_name(ls_rule_type t) { return (unsigned)t < 5 ? TYPES[t] : "?"; }

/* The checking of one file: the message goes to err, prefixed by the rule. */
typedef struct {
  char *err;
  size_t errlen;
  size_t index; /* the rule being read */
  const char *id;
} reader;

static ls_status fail(reader *r, ls_status st, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (r->index == (size_t)-1)
    snprintf(r->err, r->errlen, "flapping: %s", msg);
  else if (r->id)
    snprintf(r->err, r->errlen, "rules[%zu] (id \"%.64s\"): %s", r->index, r->id, msg);
  else
    snprintf(r->err, r->errlen, "rules[%zu]: %s", r->index, msg);
  return st;
}

/* The index of s in names[0..n), or -1. */
static int pick(const char *s, const char *const *names, int n) {
  for (int i = 0; s && i < n; i++)
    if (!strcmp(s, names[i])) return i;
  return -1;
}

/* o[key]: absent or null gives *out = NULL and LS_OK; text gives it; anything
 * else (or empty text) is refused. */
static ls_status text_field(reader *r, const cJSON *o, const char *key, const char **out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  *out = NULL;
  if (!v || cJSON_IsNull(v)) return LS_OK;
  if (!cJSON_IsString(v) || !v->valuestring[0]) return fail(r, LS_EINVAL, "\"%s\" must be text", key);
  *out = v->valuestring;
  return LS_OK;
}

/* o[key] one of names (dflt when absent), as its index in *out. */
static ls_status enum_field(reader *r, const cJSON *o, const char *key, const char *const *names, int n,
                           int dflt, int *out) {
  const char *s;
  ls_status st = text_field(r, o, key, &s);
  if (st != LS_OK) return st;
  if (!s) {
    if (dflt < 0) return fail(r, LS_EINVAL, "missing \"%s\"", key);
    *out = dflt;
    return LS_OK;
  }
  if ((*out = pick(s, names, n)) < 0) return fail(r, LS_EINVAL, "unknown %s \"%.64s\"", key, s);
  return LS_OK;
}

/* o[key] a finite number >= lo (dflt when absent; NaN dflt: required unless
 * optional, when *out stays NaN). */
static ls_status num_field(reader *r, const cJSON *o, const char *key, double lo, double dflt, int optional,
                          double *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!v || cJSON_IsNull(v)) {
    if (isnan(dflt) && !optional) return fail(r, LS_EINVAL, "missing \"%s\"", key);
    *out = dflt;
    return LS_OK;
  }
  if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
    return fail(r, LS_EINVAL, "\"%s\" must be a number", key);
  if (v->valuedouble < lo) return fail(r, LS_EINVAL, "\"%s\" must be at least %g", key, lo);
  *out = v->valuedouble;
  return LS_OK;
}

static ls_status int_field(reader *r, const cJSON *o, const char *key, int lo, int dflt, int *out) {
  double d = 0;
  ls_status st = num_field(r, o, key, lo, dflt, 0, &d);
  if (st != LS_OK) return st;
  if (d != floor(d) || d > 100000) return fail(r, LS_EINVAL, "\"%s\" must be a whole number", key);
  *out = (int)d;
  return LS_OK;
}

/* The keys every rule may have, then those of each type (rules.h). */
static const char *const COMMON_KEYS[] = {"id", "title", "type", "severity", "enabled", NULL};
static const char *const METRIC_KEYS[] = {"metric", "grain", "event", "property", "where", "min_volume", NULL};
static const char *const TYPE_KEYS[5][8] = {
    {"op", "value", NULL},
    {"op", "value", "unit", NULL},
    {"detector", "direction", "window", "threshold", "alpha", NULL},
    {"dataset", "entity", "time", "at", "conditions", "rank_by", "rank_order", NULL},
    {"grain", "tolerance", "left", "right", NULL}};

static int listed(const char *k, const char *const *names) {
  for (; *names; names++)
    if (!strcmp(k, *names)) return 1;
  return 0;
}

/* Every key of o is one of the lists (NULL-terminated; list3 may be NULL). */
static ls_status known_keys(reader *r, const cJSON *o, const char *what, const char *const *list1,
                            const char *const *list2, const char *const *list3) {
  const cJSON *c;
  cJSON_ArrayForEach(c, o) {
    const char *k = c->string ? c->string : "";
    if (!listed(k, list1) && !(list2 && listed(k, list2)) && !(list3 && listed(k, list3)))
      return fail(r, LS_EINVAL, "unknown key \"%.64s\"%s", k, what);
  }
  return LS_OK;
}

/* An entity rule's conditions: each {"if", "severity", "action"}, its "if"
 * parsed (ls_condexpr_parse); ru->severity becomes the highest severity of
 * its conditions (a condition's own, else the rule's). Which columns exist
 * is known only with the data (entity.c). */
static ls_status read_entity(reader *r, const cJSON *o, ls_rule *ru) {
  static const char *const COND_KEYS[] = {"if", "severity", "action", NULL};
  static const char *const ORDERS[] = {"asc", "desc"};
  const char *s;
  int at, dflt = (int)ru->severity, top = 3;
  ls_status st = text_field(r, o, "dataset", &s);
  if (st == LS_OK && !s) st = fail(r, LS_EINVAL, "missing \"dataset\"");
  if (st == LS_OK) st = text_field(r, o, "entity", &s);
  if (st == LS_OK) st = text_field(r, o, "time", &s);
  if (st == LS_OK) st = text_field(r, o, "rank_by", &s);
  if (st == LS_OK) st = enum_field(r, o, "at", (const char *const[]){"latest", "hourly"}, 2, 0, &at);
  if (st == LS_OK) st = enum_field(r, o, "rank_order", ORDERS, 2, 0, &at);
  if (st != LS_OK) return st;
  const cJSON *conds = cJSON_GetObjectItemCaseSensitive(o, "conditions"), *c;
  if (!cJSON_IsArray(conds) || !conds->child) return fail(r, LS_EINVAL, "\"conditions\" must be a non-empty array");
  int i = 0;
  for (c = conds->child; c; c = c->next, i++) {
    char what[48], err[200];
    snprintf(what, sizeof what, " in conditions[%d]", i);
    if (!cJSON_IsObject(c)) return fail(r, LS_EINVAL, "conditions[%d] must be an object {\"if\", \"severity\"}", i);
    int sev;
    const char *text;
    st = known_keys(r, c, what, COND_KEYS, NULL, NULL);
    if (st == LS_OK) st = text_field(r, c, "if", &text);
    if (st == LS_OK) st = text_field(r, c, "action", &s);
    if (st == LS_OK) st = enum_field(r, c, "severity", SEVERITY, 3, dflt, &sev);
    if (st != LS_OK) return st;
    if (!text) return fail(r, LS_EINVAL, "conditions[%d]: missing \"if\"", i);
    ls_condexpr *e = NULL;
    st = ls_condexpr_parse(text, &e, NULL, err, sizeof err);
    ls_condexpr_free(e);
    if (st == LS_ENOMEM) return st;
    if (st != LS_OK) return fail(r, LS_EINVAL, "conditions[%d] \"%.80s\": %s", i, text, err);
    if (sev < top) top = sev;
  }
  ru->severity = (ls_severity)top;
  return LS_OK;
}

/* "where": {column: text} (all must hold) */
static ls_status read_where(reader *r, const cJSON *o, ls_rule *ru) {
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "where"), *c;
  if (!w || cJSON_IsNull(w)) return LS_OK;
  if (!cJSON_IsObject(w)) return fail(r, LS_EINVAL, "\"where\" must be an object {column: value}");
  size_t n = (size_t)cJSON_GetArraySize(w);
  if (n && !(ru->where = ls_calloc(n, sizeof *ru->where))) return LS_ENOMEM;
  cJSON_ArrayForEach(c, w) {
    if (!cJSON_IsString(c) || !c->string[0])
      return fail(r, LS_EINVAL, "where \"%.64s\" must be text", c->string ? c->string : "");
    ru->where[ru->n_where++] = (ls_where){c->string, c->valuestring};
  }
  return LS_OK;
}

static ls_status read_anomaly(reader *r, const cJSON *o, ls_rule *ru) {
  ls_detector d = LS_DETECTOR_INIT;
  int kind, dir;
  ls_status st = enum_field(r, o, "detector", DETECTORS, 3, 0, &kind);
  if (st == LS_OK) st = enum_field(r, o, "direction", DIRECTIONS, 3, 0, &dir);
  if (st != LS_OK) return st;
  d.kind = (ls_detector_kind)kind;
  d.direction = (ls_direction)dir;
  st = int_field(r, o, "window", 1, kind == LS_DETECTOR_SEASONAL ? 4 : 30, &d.window);
  if (st == LS_OK) st = num_field(r, o, "threshold", 0, 3.0, 0, &d.threshold);
  if (st == LS_OK) st = num_field(r, o, "alpha", 0, 0.3, 0, &d.alpha);
  if (st != LS_OK) return st;
  if (d.threshold <= 0) return fail(r, LS_EINVAL, "\"threshold\" must be above 0");
  if (d.alpha <= 0 || d.alpha > 1) return fail(r, LS_EINVAL, "\"alpha\" must be above 0 and at most 1");
  if (kind == LS_DETECTOR_SEASONAL && ru->grain != LS_GRAIN_DAY)
    return fail(r, LS_EINVAL, "the seasonal detector needs grain \"day\"");
  ru->detector = d;
  return LS_OK;
}

/* The keys of threshold, change and anomaly rules. */
static ls_status read_metric_rule(reader *r, const cJSON *o, ls_rule *ru) {
  const char *name, *grain;
  ls_status st = text_field(r, o, "metric", &name);
  if (st == LS_OK) st = text_field(r, o, "grain", &grain);
  if (st == LS_OK) st = text_field(r, o, "event", &ru->event);
  if (st == LS_OK) st = text_field(r, o, "property", &ru->property);
  if (st != LS_OK) return st;
  if (!name) return fail(r, LS_EINVAL, "missing \"metric\"");
  if (!(ru->metric = ls_catalog_find(name))) return fail(r, LS_EINVAL, "unknown metric \"%.64s\"", name);
  ru->grain = ru->metric->default_grain;
  if (grain && !(ru->grain = ls_grain_parse(grain))) return fail(r, LS_EINVAL, "unknown grain \"%.64s\"", grain);
  if (!(ru->metric->grains & ru->grain))
    return fail(r, LS_EINVAL, "metric \"%s\" has no grain \"%s\"", name, ls_grain_name(ru->grain));
  if (ru->event && !(ru->metric->args & LS_ARG_EVENT))
    return fail(r, LS_EINVAL, "metric \"%s\" takes no \"event\"", name);
  if (ru->property && !(ru->metric->args & LS_ARG_PROPERTY))
    return fail(r, LS_EINVAL, "metric \"%s\" takes no \"property\"", name);
  st = read_where(r, o, ru);
  if (st == LS_OK) st = num_field(r, o, "min_volume", 0, NAN, 1, &ru->min_volume);
  if (st != LS_OK) return st;
  int op, unit = 0;
  switch (ru->type) {
  case LS_RULE_THRESHOLD:
    st = enum_field(r, o, "op", OPS, 2, -1, &op);
    if (st == LS_OK) st = num_field(r, o, "value", -INFINITY, NAN, 0, &ru->value);
    break;
  case LS_RULE_CHANGE:
    st = enum_field(r, o, "op", OPS + 2, 3, -1, &op);
    op += 2;
    if (st == LS_OK) st = num_field(r, o, "value", 0, NAN, 0, &ru->value);
    if (st == LS_OK) st = enum_field(r, o, "unit", (const char *const[]){"percent", "amount"}, 2, 0, &unit);
    ru->percent = unit == 0;
    break;
  default:
    op = 0;
    st = read_anomaly(r, o, ru);
  }
  ru->op = (ls_rule_op)op;
  return st;
}

static ls_status read_rule(reader *r, const cJSON *o, ls_rule *ru, const ls_rule *before) {
  if (!cJSON_IsObject(o)) return fail(r, LS_EINVAL, "a rule must be an object");
  ls_status st = text_field(r, o, "id", &ru->id);
  if (st != LS_OK) return st;
  if (!ru->id) return fail(r, LS_EINVAL, "missing \"id\"");
  r->id = ru->id;
  for (const ls_rule *b = before; b < ru; b++)
    if (!strcmp(b->id, ru->id)) return fail(r, LS_EINVAL, "the id is already used by rules[%zu]", (size_t)(b - before));
  int type, sev;
  st = text_field(r, o, "title", &ru->title);
  if (st == LS_OK) st = enum_field(r, o, "type", TYPES, 5, -1, &type);
  if (st == LS_OK) st = enum_field(r, o, "severity", SEVERITY, 3, LS_SEV_P2, &sev);
  if (st != LS_OK) return st;
  ru->type = (ls_rule_type)type;
  ru->severity = (ls_severity)sev;
  const cJSON *en = cJSON_GetObjectItemCaseSensitive(o, "enabled");
  if (en && !cJSON_IsNull(en) && !cJSON_IsBool(en)) return fail(r, LS_EINVAL, "\"enabled\" must be true or false");
  ru->enabled = !cJSON_IsFalse(en);
  ru->json = o;
  ru->min_volume = NAN;
  ru->value = NAN;
  int metric = ru->type != LS_RULE_ENTITY && ru->type != LS_RULE_RECONCILE;
  st = known_keys(r, o, "", COMMON_KEYS, TYPE_KEYS[ru->type], metric ? METRIC_KEYS : NULL);
  if (st != LS_OK) return st;
  if (ru->type == LS_RULE_ENTITY) return read_entity(r, o, ru);
  return metric ? read_metric_rule(r, o, ru) : LS_OK;
}

static ls_status read_flapping(reader *r, const cJSON *root, ls_flap_policy *fp) {
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "flapping");
  *fp = (ls_flap_policy)LS_FLAP_POLICY_INIT;
  if (!f || cJSON_IsNull(f)) return LS_OK;
  if (!cJSON_IsObject(f)) {
    snprintf(r->err, r->errlen, "flapping must be an object {\"window\", \"max_changes\"}");
    return LS_EINVAL;
  }
  r->index = (size_t)-1;
  ls_status st = int_field(r, f, "window", 2, fp->window, &fp->window);
  if (st == LS_OK) st = int_field(r, f, "max_changes", 1, fp->max_changes, &fp->max_changes);
  return st;
}

ls_status ls_rules_parse(const char *text, ls_rules **out, char *err, size_t errlen) {
  reader r = {err, errlen, 0, NULL};
  *out = NULL;
  if (errlen) err[0] = 0;
  if (!text) return LS_EINVAL;
  ls_rules *rs = ls_calloc(1, sizeof *rs);
  if (!rs) return LS_ENOMEM;
  ls_status st = LS_OK;
  if (!(rs->root = cJSON_Parse(text))) {
    snprintf(err, errlen, "the rules file is not JSON (near character %zu)",
             (size_t)(cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - text : 0));
    st = LS_EPARSE;
  }
  const cJSON *list = st == LS_OK ? cJSON_GetObjectItemCaseSensitive(rs->root, "rules") : NULL;
  if (st == LS_OK && !cJSON_IsArray(list)) {
    snprintf(err, errlen, "the rules file must be an object with a \"rules\" array");
    st = LS_EINVAL;
  }
  size_t n = st == LS_OK ? (size_t)cJSON_GetArraySize(list) : 0;
  if (n && !(rs->rule = ls_calloc(n, sizeof *rs->rule))) st = LS_ENOMEM;
  const cJSON *o = list ? list->child : NULL;
  for (; st == LS_OK && o; o = o->next, rs->n++) {
    r.index = rs->n;
    r.id = NULL;
    st = read_rule(&r, o, &rs->rule[rs->n], rs->rule);
  }
  if (st == LS_OK) st = read_flapping(&r, rs->root, &rs->flap);
  if (st != LS_OK) {
    if (st == LS_ENOMEM) snprintf(err, errlen, "out of memory");
    ls_rules_free(rs);
    return st;
  }
  *out = rs;
  return LS_OK;
}

void ls_rules_free(ls_rules *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n; i++) ls_free(r->rule[i].where);
  ls_free(r->rule);
  cJSON_Delete(r->root);
  ls_free(r);
}
