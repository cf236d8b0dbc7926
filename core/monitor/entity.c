/* entity.c: entity rules, judged per entity of one dataset (entity.h).
 *
 * The dataset's rows are sorted by (entity, time, row) once per rule; each
 * entity is then a run of rows. At an instant T an entity's values are its
 * latest row before T (time < T; without a time column, its last row) and,
 * when the dataset has a spend column and a time column, two derived values
 * over hour windows ending at T:
 *   spend_velocity = spend in [T-1h, T) / (spend in [T-25h, T-1h) / 24)
 *   roas           = revenue in [T-24h, T) / spend in [T-24h, T)
 * (NaN, so no comparison holds, when the divisor is 0, and spend_velocity is
 * NaN until the entity's first row is at least 25 hours before T: a new
 * entity has no full baseline). T is the rule's at,
 * or the end of the last hour with data: floor_hour(latest time) + 1h.
 * docs/monitoring-entities.md is the reference. */
#include "monitor/entity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/jsonlist.h"
#include "base/timeutil.h"
#include "monitor/condexpr.h"
#include "privacy/mask.h"

#define HOUR INT64_C(3600000)
#define HOURS_JUDGED 24
#define NO_ROW ((size_t)-1)

typedef struct {
  const ls_table *t;
  const ls_column *ent, *time, *spend, *rev, *region, *status;
  int derived;           /* spend and time: spend_velocity and roas exist */
  size_t *rows, nrows;   /* sorted by (entity, time, row) */
  size_t *grp, ngrp;     /* group g is rows[grp[g] .. grp[g + 1]) */
  ls_pii pii;            /* the entity column's personal data, named by token (privacy/mask.h) */
  const uint8_t *salt;
} source;

typedef struct {
  ls_condexpr *expr;
  const char *text, *severity, *action;
} condition;

typedef struct {
  const char *id;
  int hourly;
  condition *cond;
  size_t ncond;
  const char *rank_by;
  int rank_dir; /* -1: low is worst, +1: high is worst */
} rule;

/* one entity judged at one instant */
typedef struct {
  const source *src;
  size_t row;       /* latest row before the instant, NO_ROW when none */
  double velocity, roas;
} judged;

/* ---- private: rows, groups and windows ---- */

static const source *sort_src; /* qsort has no context argument */

static int64_t ent_key(const ls_column *c, size_t i) {
  return ls_column_type(c) == LS_TYPE_STRING ? (int64_t)ls_column_str_ids(c)[i] : ls_column_i64(c)[i];
}

static int row_cmp(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  const source *s = sort_src;
  int64_t kx = ent_key(s->ent, x), ky = ent_key(s->ent, y);
  if (kx != ky) return kx < ky ? -1 : 1;
  if (s->time) {
    int64_t tx = ls_column_i64(s->time)[x], ty = ls_column_i64(s->time)[y];
    if (tx != ty) return tx < ty ? -1 : 1;
  }
  return x < y ? -1 : x > y;
}

static ls_status group_rows(source *s) {
  size_t n = ls_table_rows(s->t);
  s->rows = ls_malloc((n + 1) * sizeof *s->rows);
  s->grp = ls_malloc((n + 2) * sizeof *s->grp);
  if (!s->rows || !s->grp) return LS_ENOMEM;
  for (size_t i = 0; i < n; i++)
    if (ls_column_valid(s->ent, i) && (!s->time || ls_column_valid(s->time, i))) s->rows[s->nrows++] = i;
  sort_src = s;
  qsort(s->rows, s->nrows, sizeof *s->rows, row_cmp);
  for (size_t i = 0; i < s->nrows; i++)
    if (i == 0 || ent_key(s->ent, s->rows[i]) != ent_key(s->ent, s->rows[i - 1])) s->grp[s->ngrp++] = i;
  s->grp[s->ngrp] = s->nrows;
  return LS_OK;
}

static int64_t row_time(const source *s, size_t k) { return ls_column_i64(s->time)[s->rows[k]]; }

/* the first position of group g whose time is >= t */
static size_t lower_bound(const source *s, size_t g, int64_t t) {
  size_t lo = s->grp[g], hi = s->grp[g + 1];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (row_time(s, mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* the sum of column c over group g's rows with time in [lo, hi); nulls count 0 */
static double window_sum(const source *s, size_t g, const ls_column *c, int64_t lo, int64_t hi) {
  double sum = 0;
  for (size_t k = lower_bound(s, g, lo); k < s->grp[g + 1] && row_time(s, k) < hi; k++) {
    double v = ls_column_num(c, s->rows[k]);
    if (!isnan(v)) sum += v;
  }
  return sum;
}

static judged judge_at(const source *s, size_t g, int64_t at) {
  judged j = {s, NO_ROW, NAN, NAN};
  if (!s->time) {
    j.row = s->rows[s->grp[g + 1] - 1];
    return j;
  }
  size_t k = lower_bound(s, g, at);
  if (k == s->grp[g]) return j;
  j.row = s->rows[k - 1];
  if (s->derived) {
    double last = window_sum(s, g, s->spend, at - HOUR, at);
    double before = window_sum(s, g, s->spend, at - 25 * HOUR, at - HOUR);
    double spend24 = window_sum(s, g, s->spend, at - 24 * HOUR, at);
    /* a baseline needs the whole 24 hours: the entity's first row by their start */
    if (before > 0 && row_time(s, s->grp[g]) <= at - 25 * HOUR) j.velocity = last / (before / 24.0);
    if (s->rev && spend24 > 0) j.roas = window_sum(s, g, s->rev, at - 24 * HOUR, at) / spend24;
  }
  return j;
}

/* ---- private: names and values ---- */

static int derived_name(const source *s, const char *name) {
  if (!s->derived || ls_table_find(s->t, name)) return 0;
  if (strcmp(name, "spend_velocity") == 0) return 1;
  if (strcmp(name, "roas") == 0 && s->rev) return 2;
  return 0;
}

static int lookup(void *ctx, const char *name, double *num, const char **str) {
  const judged *j = ctx;
  int d = derived_name(j->src, name);
  if (d) {
    *num = d == 1 ? j->velocity : j->roas;
    return 1;
  }
  const ls_column *c = ls_table_find(j->src->t, name);
  if (!c) return 0;
  if (j->row == NO_ROW) return 1; /* NaN */
  if (ls_column_type(c) == LS_TYPE_STRING) *str = ls_column_str(c, j->row, NULL);
  else *num = ls_column_num(c, j->row);
  return 1;
}

static int numeric(const ls_column *c) {
  ls_type t = ls_column_type(c);
  return t == LS_TYPE_INT64 || t == LS_TYPE_DOUBLE || t == LS_TYPE_BOOL;
}

static cJSON *values_json(const judged *j) {
  cJSON *v = cJSON_CreateObject();
  if (!v) return NULL;
  for (size_t i = 0; i < ls_table_ncols(j->src->t); i++) {
    const ls_column *c = ls_table_col(j->src->t, i);
    if (c == j->src->ent || !numeric(c)) continue;
    ls_json_add_number(v, ls_column_name(c), j->row == NO_ROW ? NAN : ls_column_num(c, j->row));
  }
  if (derived_name(j->src, "spend_velocity")) ls_json_add_number(v, "spend_velocity", j->velocity);
  if (derived_name(j->src, "roas")) ls_json_add_number(v, "roas", j->roas);
  return v;
}

static void add_text(cJSON *o, const char *k, const ls_column *c, size_t row) {
  const char *s = c && row != NO_ROW ? ls_column_str(c, row, NULL) : NULL;
  if (s) cJSON_AddStringToObject(o, k, s);
  else cJSON_AddNullToObject(o, k);
}

static void add_time(cJSON *o, const char *k, int64_t t) {
  char buf[LS_TIME_TEXT_MAX];
  if (t == INT64_MIN) {
    cJSON_AddNullToObject(o, k);
    return;
  }
  ls_time_format_iso(t, buf);
  cJSON_AddStringToObject(o, k, buf);
}

static void entity_text(const source *s, size_t g, char *buf, size_t n) {
  size_t row = s->rows[s->grp[g]];
  if (ls_column_type(s->ent) == LS_TYPE_STRING) snprintf(buf, n, "%s", ls_column_str(s->ent, row, NULL));
  else snprintf(buf, n, "%lld", (long long)ls_column_i64(s->ent)[row]);
  if (s->pii != LS_PII_NONE && n >= LS_MASK_TOKEN_MAX) {
    char tok[LS_MASK_TOKEN_MAX];
    ls_mask_token(s->salt, s->pii, buf, strlen(buf), tok);
    memcpy(buf, tok, sizeof tok);
  }
}

/* the first condition that holds, or -1 */
static int first_match(const rule *r, judged *j) {
  for (size_t c = 0; c < r->ncond; c++)
    if (ls_condexpr_eval(r->cond[c].expr, lookup, j, NULL) == 1) return (int)c;
  return -1;
}

/* ---- private: reading the rule ---- */

static const char *str_of(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* a column by name, else by role name; NULL when neither */
static const ls_column *find_col(const ls_table *t, const ls_detection *d, const char *name) {
  const ls_column *c = ls_table_find(t, name);
  int r = ls_role_from_name(name);
  if (!c && r >= 0 && d->col[r] >= 0) c = ls_table_col(t, (size_t)d->col[r]);
  return c;
}

static const ls_column *role_col(const ls_table *t, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? ls_table_col(t, (size_t)d->col[r]) : NULL;
}

static int valid_severity(const char *s) {
  return s && (strcmp(s, "P0") == 0 || strcmp(s, "P1") == 0 || strcmp(s, "P2") == 0);
}

static ls_status open_source(ls_workspace *ws, const cJSON *j, const char *id, source *s) {
  const char *ds = str_of(j, "dataset"), *ename = str_of(j, "entity"), *tname = str_of(j, "time");
  if (!ds) return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": \"dataset\" is required", id);
  int di = ls_workspace_find_named(ws, ds);
  if (di < 0) return ls_workspace_fail(ws, LS_ENODATA, "rule \"%s\": no dataset \"%s\" is loaded", id, ds);
  s->t = ls_workspace_table(ws, (size_t)di);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  if (ename) {
    s->ent = find_col(s->t, d, ename);
  } else {
    static const ls_role order[] = {LS_ROLE_ENTITY, LS_ROLE_CAMPAIGN, LS_ROLE_CUSTOMER, LS_ROLE_USER};
    for (size_t i = 0; !s->ent && i < sizeof order / sizeof order[0]; i++) s->ent = role_col(s->t, d, order[i]);
  }
  if (!s->ent)
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": no entity column \"%s\" in %s", id,
                             ename ? ename : "entity_id", ls_table_name(s->t));
  if (ls_column_type(s->ent) != LS_TYPE_STRING && ls_column_type(s->ent) != LS_TYPE_INT64)
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": entity column \"%s\" is not text or integer", id,
                             ls_column_name(s->ent));
  for (size_t c = 0; ls_mask_on(ws) && c < ls_table_ncols(s->t); c++)
    if (ls_table_col(s->t, c) == s->ent) s->pii = ls_mask_kind(ws, (size_t)di, c);
  s->salt = ls_workspace_salt(ws);
  s->time = tname ? ls_table_find(s->t, tname) : role_col(s->t, d, LS_ROLE_TIMESTAMP);
  if (tname && (!s->time || ls_column_type(s->time) != LS_TYPE_TIME))
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": no time column \"%s\"", id, tname);
  if (s->time && ls_column_type(s->time) != LS_TYPE_TIME) s->time = NULL;
  s->spend = role_col(s->t, d, LS_ROLE_SPEND);
  s->rev = role_col(s->t, d, LS_ROLE_REVENUE);
  if (!s->rev) s->rev = role_col(s->t, d, LS_ROLE_AMOUNT);
  if (!s->rev) s->rev = ls_table_find(s->t, "revenue");
  if (!s->rev) s->rev = ls_table_find(s->t, "conversion_value");
  if (s->spend && !numeric(s->spend)) s->spend = NULL;
  if (s->rev && !numeric(s->rev)) s->rev = NULL;
  s->derived = s->spend && s->time;
  s->region = role_col(s->t, d, LS_ROLE_REGION);
  s->status = role_col(s->t, d, LS_ROLE_STATUS);
  if (s->region && ls_column_type(s->region) != LS_TYPE_STRING) s->region = NULL;
  if (s->status && ls_column_type(s->status) != LS_TYPE_STRING) s->status = NULL;
  return group_rows(s) == LS_OK ? LS_OK : ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
}

static int known_name(const source *s, const char *name) {
  return derived_name(s, name) || ls_table_find(s->t, name) != NULL;
}

static ls_status read_rule(ls_workspace *ws, const cJSON *j, const source *s, rule *r) {
  const char *id = r->id, *at = str_of(j, "at"), *dsev = str_of(j, "severity");
  if (at && strcmp(at, "latest") != 0 && strcmp(at, "hourly") != 0)
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": \"at\" must be \"latest\" or \"hourly\", not \"%s\"", id, at);
  r->hourly = at && strcmp(at, "hourly") == 0;
  if (r->hourly && !s->time)
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": \"hourly\" needs a time column in %s", id, ls_table_name(s->t));
  if (dsev && !valid_severity(dsev))
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": unknown severity \"%s\"", id, dsev);
  const cJSON *conds = cJSON_GetObjectItemCaseSensitive(j, "conditions");
  int n = cJSON_IsArray(conds) ? cJSON_GetArraySize(conds) : 0;
  if (n <= 0) return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": \"conditions\" must be a non-empty array", id);
  r->cond = ls_calloc((size_t)n, sizeof *r->cond);
  if (!r->cond) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (int i = 0; i < n; i++) {
    const cJSON *c = cJSON_GetArrayItem(conds, i);
    condition *k = &r->cond[r->ncond];
    k->text = str_of(c, "if");
    k->severity = str_of(c, "severity");
    k->action = str_of(c, "action");
    if (!k->severity) k->severity = dsev ? dsev : "P2";
    if (!k->text) return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": conditions[%d]: \"if\" is required", id, i);
    if (!valid_severity(k->severity))
      return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": conditions[%d]: unknown severity \"%s\"", id, i, k->severity);
    char err[200];
    ls_status st = ls_condexpr_parse(k->text, &k->expr, NULL, err, sizeof err);
    if (st != LS_OK)
      return ls_workspace_fail(ws, st == LS_ENOMEM ? LS_ENOMEM : LS_EINVAL, "rule \"%s\": conditions[%d] \"%s\": %s",
                               id, i, k->text, err);
    r->ncond++;
    for (size_t q = 0; q < ls_condexpr_names(k->expr); q++)
      if (!known_name(s, ls_condexpr_name(k->expr, q)))
        return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": conditions[%d]: unknown column \"%s\" in %s", id, i,
                                 ls_condexpr_name(k->expr, q), ls_table_name(s->t));
  }
  const char *order = str_of(j, "rank_order");
  r->rank_by = str_of(j, "rank_by");
  r->rank_dir = -1;
  for (size_t c = 0; c < r->ncond; c++) {
    int dir;
    const char *hint = ls_condexpr_rank_hint(r->cond[c].expr, &dir);
    if (!r->rank_by) r->rank_by = hint;
    if (hint && r->rank_by && strcmp(hint, r->rank_by) == 0) {
      r->rank_dir = dir ? dir : -1;
      break;
    }
  }
  if (r->rank_by && !known_name(s, r->rank_by))
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": unknown rank_by column \"%s\"", id, r->rank_by);
  if (order && strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
    return ls_workspace_fail(ws, LS_EINVAL, "rule \"%s\": rank_order must be \"asc\" or \"desc\"", id);
  if (order) r->rank_dir = strcmp(order, "asc") == 0 ? -1 : 1;
  return LS_OK;
}

/* ---- private: output ---- */

typedef struct {
  cJSON *obj;
  int sev;      /* 0..2 for P0..P2, 3 for none */
  double rank;  /* the rank_by value, NaN last */
  const char *name;
} ranked;

static int rank_dir_global;

static int ranked_cmp(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->sev != y->sev) return x->sev - y->sev;
  int nx = isnan(x->rank), ny = isnan(y->rank);
  if (nx != ny) return nx - ny;
  if (!nx && x->rank != y->rank) return (x->rank < y->rank ? -1 : 1) * (rank_dir_global < 0 ? 1 : -1);
  return strcmp(x->name, y->name);
}

static void condition_values(const condition *c, judged *j, char *buf, size_t n) {
  size_t o = 0;
  buf[0] = '\0';
  for (size_t q = 0; q < ls_condexpr_names(c->expr) && o < n; q++) {
    const char *name = ls_condexpr_name(c->expr, q), *s = NULL;
    double v = NAN;
    lookup(j, name, &v, &s);
    int w = s ? snprintf(buf + o, n - o, "%s%s %s", o ? ", " : "", name, s)
              : snprintf(buf + o, n - o, "%s%s %.4g", o ? ", " : "", name, v);
    if (w < 0) break;
    o += (size_t)w;
  }
}

/* one alert: the entity matched condition c over the hours [first, last] (INT64_MIN: no time) */
static ls_status add_alert(cJSON *alerts, const rule *r, const char *ent, int c, int sev, judged *j,
                           int64_t first, int64_t last, int hours, int ongoing) {
  const condition *k = &r->cond[c];
  static const char *const sevs[] = {"P0", "P1", "P2"};
  cJSON *a = cJSON_CreateObject();
  if (!a) return LS_ENOMEM;
  cJSON_AddStringToObject(a, "rule", r->id);
  cJSON_AddStringToObject(a, "kind", "entity");
  cJSON_AddStringToObject(a, "severity", sevs[sev]);
  cJSON_AddStringToObject(a, "entity", ent);
  cJSON_AddStringToObject(a, "condition", k->text);
  cJSON *v = values_json(j);
  if (v) cJSON_AddItemToObject(a, "values", v);
  if (k->action) cJSON_AddStringToObject(a, "action", k->action);
  else cJSON_AddNullToObject(a, "action");
  add_time(a, "period", last);
  if (r->hourly) {
    add_time(a, "first", first);
    add_time(a, "last", last);
    cJSON_AddNumberToObject(a, "hours", hours);
    cJSON_AddBoolToObject(a, "ongoing", ongoing);
  }
  char vals[256], text[700], when[64] = "";
  condition_values(k, j, vals, sizeof vals);
  if (r->hourly) {
    char f[LS_TIME_TEXT_MAX], l[LS_TIME_TEXT_MAX];
    ls_time_format_minute(first, f);
    ls_time_format_minute(last, l);
    snprintf(when, sizeof when, hours > 1 ? " for %d hours, %s to %s UTC" : " for %d hour, %s%.0s UTC", hours, f, l);
  }
  snprintf(text, sizeof text, "[%s] %s: %s: %s (%s)%s%s%s", sevs[sev], r->id, ent, k->text, vals, when,
           k->action ? ": " : "", k->action ? k->action : "");
  cJSON_AddStringToObject(a, "text", text);
  return cJSON_AddItemToArray(alerts, a) ? LS_OK : LS_ENOMEM;
}

static int sev_index(const char *s) { return s[1] - '0'; }

/* a run of firing hours that ended before the last judged hour: in the
 * entity's "incidents", no alert */
static ls_status add_incident(cJSON *incidents, const rule *r, int c, int sev, int64_t first, int64_t last,
                              int hours) {
  static const char *const sevs[] = {"P0", "P1", "P2"};
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddItemToArray(incidents, o)) return cJSON_Delete(o), LS_ENOMEM;
  cJSON_AddStringToObject(o, "severity", sevs[sev]);
  cJSON_AddStringToObject(o, "condition", r->cond[c].text);
  add_time(o, "first", first);
  add_time(o, "last", last);
  cJSON_AddNumberToObject(o, "hours", hours);
  return cJSON_GetArraySize(o) == 5 ? LS_OK : LS_ENOMEM;
}

/* entity g over the last 24 hours by t_end: runs of consecutive firing hours.
 * The run that reaches the last hour is an alert (ongoing); the runs that
 * ended go into incidents (the entity's) and raise nothing. */
static ls_status hourly_alerts(const source *s, size_t g, const rule *r, int64_t t_end, const char *ent,
                               cJSON *alerts, cJSON *incidents) {
  int match[HOURS_JUDGED];
  for (int h = 0; h < HOURS_JUDGED; h++) {
    judged j = judge_at(s, g, t_end - (HOURS_JUDGED - 1 - h) * HOUR);
    match[h] = j.row == NO_ROW ? -1 : first_match(r, &j);
  }
  ls_status st = LS_OK;
  for (int h = 0; h < HOURS_JUDGED && st == LS_OK; h++) {
    if (match[h] < 0) continue;
    int e = h, worst = 3;
    while (e + 1 < HOURS_JUDGED && match[e + 1] >= 0) e++;
    for (int k = h; k <= e; k++) {
      int sv = sev_index(r->cond[match[k]].severity);
      if (sv < worst) worst = sv;
    }
    int64_t last_end = t_end - (HOURS_JUDGED - 1 - e) * HOUR, first = t_end - (HOURS_JUDGED - h) * HOUR;
    judged j = judge_at(s, g, last_end);
    if (e == HOURS_JUDGED - 1)
      st = add_alert(alerts, r, ent, match[e], worst, &j, first, last_end - HOUR, e - h + 1, 1);
    else
      st = add_incident(incidents, r, match[e], worst, first, last_end - HOUR, e - h + 1);
    h = e;
  }
  return st;
}

static ls_status judge_all(const source *s, const rule *r, int64_t t_end, cJSON *entities, cJSON *alerts) {
  ranked *rk = ls_calloc(s->ngrp + 1, sizeof *rk);
  if (!rk) return LS_ENOMEM;
  size_t n = 0;
  ls_status st = LS_OK;
  for (size_t g = 0; g < s->ngrp && st == LS_OK; g++) {
    judged j = judge_at(s, g, t_end);
    if (j.row == NO_ROW) continue;
    char ent[256];
    entity_text(s, g, ent, sizeof ent);
    int c = first_match(r, &j);
    cJSON *o = cJSON_CreateObject();
    if (!o) {
      st = LS_ENOMEM;
      break;
    }
    rk[n].obj = o;
    rk[n].sev = c >= 0 ? sev_index(r->cond[c].severity) : 3;
    double rv = NAN;
    const char *sv = NULL;
    if (r->rank_by) lookup(&j, r->rank_by, &rv, &sv);
    rk[n].rank = sv ? NAN : rv;
    n++;
    cJSON_AddStringToObject(o, "rule", r->id);
    cJSON_AddStringToObject(o, "entity", ent);
    rk[n - 1].name = cJSON_GetObjectItemCaseSensitive(o, "entity")->valuestring;
    add_text(o, "region", s->region, j.row);
    add_text(o, "status", s->status, j.row);
    cJSON *v = values_json(&j);
    if (v) cJSON_AddItemToObject(o, "values", v);
    if (c >= 0) cJSON_AddStringToObject(o, "severity", r->cond[c].severity);
    else cJSON_AddNullToObject(o, "severity");
    if (c >= 0 && r->cond[c].action) cJSON_AddStringToObject(o, "action", r->cond[c].action);
    else cJSON_AddNullToObject(o, "action");
    int64_t t = s->time ? ls_column_i64(s->time)[j.row] : INT64_MIN;
    add_time(o, "at", t);
    cJSON *inc = r->hourly ? cJSON_AddArrayToObject(o, "incidents") : NULL;
    if (r->hourly) st = inc ? hourly_alerts(s, g, r, t_end, ent, alerts, inc) : LS_ENOMEM;
    else if (c >= 0) st = add_alert(alerts, r, ent, c, rk[n - 1].sev, &j, t, t, 1, 1);
  }
  rank_dir_global = r->rank_dir;
  qsort(rk, n, sizeof *rk, ranked_cmp);
  for (size_t i = 0; i < n; i++)
    if (st != LS_OK || !cJSON_AddItemToArray(entities, rk[i].obj)) {
      cJSON_Delete(rk[i].obj);
      if (st == LS_OK) st = LS_ENOMEM;
    }
  ls_free(rk);
  return st;
}

static ls_status eval_one(ls_workspace *ws, const cJSON *j, int64_t at, cJSON *entities, cJSON *alerts) {
  const cJSON *en = cJSON_GetObjectItemCaseSensitive(j, "enabled");
  if (cJSON_IsFalse(en)) return LS_OK;
  rule r;
  source s;
  memset(&r, 0, sizeof r);
  memset(&s, 0, sizeof s);
  r.id = str_of(j, "id");
  ls_status st = r.id ? LS_OK : ls_workspace_fail(ws, LS_EINVAL, "entity rule: \"id\" is required");
  if (st == LS_OK) st = open_source(ws, j, r.id, &s);
  if (st == LS_OK) st = read_rule(ws, j, &s, &r);
  if (st == LS_OK) {
    int64_t t_end = at;
    if (at == INT64_MIN && s.time) {
      int64_t latest = INT64_MIN;
      for (size_t k = 0; k < s.nrows; k++)
        if (row_time(&s, k) > latest) latest = row_time(&s, k);
      if (latest != INT64_MIN) t_end = ls_floor_div(latest, HOUR) * HOUR + HOUR;
    }
    if (t_end == INT64_MIN) t_end = INT64_MAX; /* no time, or no rows: every row counts */
    st = judge_all(&s, &r, t_end, entities, alerts);
    if (st == LS_ENOMEM) ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  for (size_t c = 0; c < r.ncond; c++) ls_condexpr_free(r.cond[c].expr);
  ls_free(r.cond);
  ls_free(s.rows);
  ls_free(s.grp);
  return st;
}

/* ---- API ---- */

ls_status ls_entity_eval(ls_workspace *ws, const cJSON *rule_json, int64_t at, cJSON *entities,
                         cJSON *alerts) {
  if (!ws || !rule_json || !cJSON_IsArray(entities) || !cJSON_IsArray(alerts)) return LS_EINVAL;
  /* one rule object (what the monitor hands over) whatever its other keys; else a file */
  const char *type = str_of(rule_json, "type");
  if (type && strcmp(type, "entity") == 0) return eval_one(ws, rule_json, at, entities, alerts);
  const cJSON *list = cJSON_IsArray(rule_json) ? rule_json : cJSON_GetObjectItemCaseSensitive(rule_json, "rules");
  if (!cJSON_IsArray(list)) return LS_OK;
  const cJSON *item;
  cJSON_ArrayForEach(item, list) {
    const char *t = str_of(item, "type");
    if (!t || strcmp(t, "entity") != 0) continue;
    ls_status st = eval_one(ws, item, at, entities, alerts);
    if (st != LS_OK) return st;
  }
  return LS_OK;
}
