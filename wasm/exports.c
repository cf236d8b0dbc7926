/* exports.c: every WebAssembly export of Lodestar, flat and C-callable.
 *
 * Listed in wasm/exports.txt (-sEXPORTED_FUNCTIONS=@…); wrapped for JS by
 * wasm/engine.js. Conventions:
 *   - functions returning int return a status from core/base/status.h; the
 *     detailed message of a workspace failure is lsw_errmsg(ws); lsw_metric,
 *     which returns a handle, leaves its status in lsw_status(ws);
 *   - char * results are NUL-terminated UTF-8 JSON the caller frees with
 *     lsw_free; a NULL result means out of memory;
 *   - lsw_cohorts returns JSON like a char * result, NULL on failure with
 *     its status in lsw_status(ws) as for lsw_metric;
 *   - series values are handed over as (pointer, length) views of doubles that
 *     JS copies out before the next call, then frees with lsw_series_free.
 * Every export checks its arguments: JS can pass anything. */
#include <emscripten.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "base/version.h"
#include "catalog/catalog.h"
#include "catalog/query_json.h"
#include "cJSON.h"
#include "gen/gen.h"
#include "metrics/cohorts.h"
#include "sqlite3.h"
#include "workspace/load.h"
#include "workspace/settings.h"
#include "workspace/workspace.h"
#include "ops.h"

/* A computed series, or a breakdown (one series per segment, the same
 * periods), with the periods' x values in unix seconds for uPlot. */
typedef struct {
  ls_series *s;    /* NULL for a breakdown */
  ls_breakdown *b; /* NULL for one series */
  size_t n;        /* periods */
  double *x;
  char *info;
} lsw_series;

/* ---- memory ---- */

EMSCRIPTEN_KEEPALIVE void *lsw_malloc(size_t n) { return ls_malloc(n); }
EMSCRIPTEN_KEEPALIVE void lsw_free(void *p) { ls_free(p); }

/* ---- constants, once, as JSON ---- */

EMSCRIPTEN_KEEPALIVE char *lsw_constants(void) {
  ls_alloc_init_json();
  cJSON *o = cJSON_CreateObject(), *st = cJSON_AddObjectToObject(o, "status");
  cJSON_AddStringToObject(o, "version", LS_VERSION);
  cJSON_AddStringToObject(o, "sqlite", sqlite3_libversion());
  cJSON_AddStringToObject(o, "cjson", cJSON_Version());
  for (int i = 0; i < LS_STATUS_COUNT; i++) cJSON_AddNumberToObject(st, ls_status_name(i), i);
  cJSON *kinds = cJSON_AddArrayToObject(o, "kinds"), *roles = cJSON_AddArrayToObject(o, "roles"),
        *grains = cJSON_AddArrayToObject(o, "grains");
  for (int k = 0; k < LS_KIND_COUNT; k++) cJSON_AddItemToArray(kinds, cJSON_CreateString(ls_kind_name(k)));
  for (int r = 0; r < LS_ROLE_COUNT; r++) cJSON_AddItemToArray(roles, cJSON_CreateString(ls_role_name(r)));
  cJSON *formats = cJSON_AddArrayToObject(o, "formats");
  for (int f = 0; f < LS_FORMAT_COUNT; f++) cJSON_AddItemToArray(formats, cJSON_CreateString(ls_format_name(f)));
  for (unsigned g = LS_GRAIN_DAY; g <= LS_GRAIN_MONTH; g <<= 1)
    cJSON_AddItemToArray(grains, cJSON_CreateString(ls_grain_name((ls_grain)g)));
  char *out = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  return out;
}

EMSCRIPTEN_KEEPALIVE char *lsw_catalog(void) { return ls_catalog_json(); }

/* ---- workspaces ---- */

EMSCRIPTEN_KEEPALIVE lsw_ws *lsw_workspace_new(void) {
  lsw_ws *w = ls_calloc(1, sizeof *w);
  if (!w) return NULL;
  if (!(w->ws = ls_workspace_new())) {
    ls_free(w);
    return NULL;
  }
  return w;
}

EMSCRIPTEN_KEEPALIVE void lsw_workspace_free(lsw_ws *w) {
  if (!w) return;
  ls_loader_free(w->loading);
  ls_workspace_free(w->ws);
  ls_free(w);
}

EMSCRIPTEN_KEEPALIVE const char *lsw_errmsg(lsw_ws *w) {
  return w ? ls_workspace_errmsg(w->ws) : "no workspace";
}

EMSCRIPTEN_KEEPALIVE char *lsw_workspace_info(lsw_ws *w) { return w ? ls_workspace_json(w->ws) : NULL; }

/* Set the workspace zone by name ("UTC", "+08:00", "America/New_York": see
 * ls_tz_parse); an unknown name fails with LS_EINVAL and lists the forms. */
EMSCRIPTEN_KEEPALIVE int lsw_set_tz(lsw_ws *w, const char *name) {
  if (!w) return LS_EINVAL;
  ls_tz tz;
  if (!name || !ls_tz_parse(name, &tz)) {
    char forms[1024];
    ls_tz_forms(forms, sizeof forms);
    return ls_workspace_fail(w->ws, LS_EINVAL, "unknown time zone \"%.64s\" (use %s)", name ? name : "", forms);
  }
  return ls_workspace_set_tz(w->ws, tz);
}

/* Options JSON → ls_load_options: {encoding, delimiter, quote, escape
 * (one-character strings, or "" for none), header (bool), skip (number),
 * ragged ("fix" | "error"), append (bool), gunzipped (the compressed size
 * when the page decompressed gzip),
 * types ({column: "int"|"float"|"timestamp"|"date"|"bool"|"string"})};
 * anything absent is detected. LS_EINVAL names what is wrong. */
static ls_status load_options(lsw_ws *w, const char *json, ls_load_options *o) {
  ls_load_options_default(o);
  if (!json || !*json) return LS_OK;
  ls_alloc_init_json();
  cJSON *j = cJSON_Parse(json);
  if (!cJSON_IsObject(j)) {
    cJSON_Delete(j);
    return ls_workspace_fail(w->ws, LS_EINVAL, "load options are not a JSON object");
  }
  ls_status st = LS_OK;
  const cJSON *v;
  if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(j, "encoding")))
    snprintf(o->encoding, sizeof o->encoding, "%s", v->valuestring);
  static const char *const CHARS[] = {"delimiter", "quote", "escape"};
  for (int k = 0; k < 3; k++) {
    if (!cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(j, CHARS[k]))) continue;
    const unsigned char *c = (const unsigned char *)v->valuestring;
    if (strlen((const char *)c) > 1 || c[0] >= 0x80 || (k == 0 && !c[0])) {
      st = ls_workspace_fail(w->ws, LS_EINVAL, "load option %s must be one ASCII character", CHARS[k]);
      break;
    }
    if (k == 0) o->delimiter = (char)c[0];
    if (k == 1) o->quote = c[0];
    if (k == 2) o->escape = c[0];
  }
  if (cJSON_IsBool(v = cJSON_GetObjectItemCaseSensitive(j, "header"))) o->header = cJSON_IsTrue(v);
  if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j, "skip")) && v->valuedouble >= 0 && v->valuedouble < 1e6)
    o->skip = (int)v->valuedouble;
  if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(j, "ragged")))
    o->ragged = strcmp(v->valuestring, "fix") == 0 ? 1 : strcmp(v->valuestring, "error") == 0 ? 0 : -1;
  if (cJSON_IsBool(v = cJSON_GetObjectItemCaseSensitive(j, "append"))) o->append = cJSON_IsTrue(v);
  if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j, "gunzipped")) && v->valuedouble > 0)
    o->gunzipped = (uint64_t)v->valuedouble;
  const cJSON *types = cJSON_GetObjectItemCaseSensitive(j, "types"), *t;
  for (t = cJSON_IsObject(types) ? types->child : NULL; t; t = t->next) {
    char spec[160];
    if (st != LS_OK || !cJSON_IsString(t)) continue;
    snprintf(spec, sizeof spec, "%s=%s", t->string, t->valuestring);
    if (ls_load_options_type(o, spec) != LS_OK)
      st = ls_workspace_fail(w->ws, LS_EINVAL, "bad type override %.140s", spec);
  }
  cJSON_Delete(j);
  return st;
}

/* Streaming load of one file through the loader (workspace/load.h): begin
 * with the file's name and options JSON, optionally samples from elsewhere in
 * the file, any number of chunks, end (or abort). */
EMSCRIPTEN_KEEPALIVE int lsw_load_begin(lsw_ws *w, const char *name, const char *options) {
  if (!w || !name) return LS_EINVAL;
  ls_loader_free(w->loading);
  w->loading = NULL;
  ls_load_options o;
  ls_status st = load_options(w, options, &o);
  if (st != LS_OK) return st;
  w->loading = ls_loader_new(w->ws, name, &o);
  return w->loading ? LS_OK : ls_workspace_fail(w->ws, LS_ENOMEM, "%s: out of memory", name);
}

EMSCRIPTEN_KEEPALIVE int lsw_load_sample(lsw_ws *w, const char *bytes, size_t n, int at_end) {
  if (!w || !w->loading || (!bytes && n)) return LS_EINVAL;
  return ls_loader_sample(w->loading, bytes, n, at_end);
}

/* A failed step ends the load: its message is on the workspace. */
static int load_step(lsw_ws *w, ls_status s) {
  if (s != LS_OK) {
    ls_loader_free(w->loading);
    w->loading = NULL;
  }
  return s;
}

EMSCRIPTEN_KEEPALIVE int lsw_load_chunk(lsw_ws *w, const char *bytes, size_t n) {
  if (!w || !w->loading || (!bytes && n)) return LS_EINVAL;
  return load_step(w, ls_loader_feed(w->loading, bytes, n));
}

/* Rows read so far by the load under way (for progress). */
EMSCRIPTEN_KEEPALIVE double lsw_load_rows(lsw_ws *w) {
  return w && w->loading ? (double)ls_loader_rows(w->loading) : 0;
}

EMSCRIPTEN_KEEPALIVE int lsw_load_end(lsw_ws *w) {
  if (!w || !w->loading) return LS_EINVAL;
  ls_status s = ls_loader_finish(w->loading);
  ls_loader_free(w->loading);
  w->loading = NULL;
  return s;
}

EMSCRIPTEN_KEEPALIVE void lsw_load_abort(lsw_ws *w) {
  if (!w) return;
  ls_loader_free(w->loading);
  w->loading = NULL;
}

/* The instant (ms since the epoch) data quality is measured against. */
EMSCRIPTEN_KEEPALIVE void lsw_set_now(lsw_ws *w, double now_ms) {
  if (w && isfinite(now_ms)) ls_workspace_set_now(w->ws, (int64_t)now_ms);
}

/* The user's mapping for dataset i: JSON {kind?: name, roles?: {role: column
 * name | null}}; roles not named keep what detection chose. */
EMSCRIPTEN_KEEPALIVE int lsw_set_mapping(lsw_ws *w, int i, const char *json) {
  if (!w || i < 0 || (size_t)i >= ls_workspace_count(w->ws) || !json) return LS_EINVAL;
  ls_alloc_init_json();
  cJSON *j = cJSON_Parse(json);
  const ls_table *t = ls_workspace_table(w->ws, (size_t)i);
  int kind = LS_DETECT_KEEP, roles[LS_ROLE_COUNT];
  ls_status st = cJSON_IsObject(j) ? LS_OK : ls_workspace_fail(w->ws, LS_EINVAL, "a mapping is a JSON object");
  for (int r = 0; r < LS_ROLE_COUNT; r++) roles[r] = LS_DETECT_KEEP;
  const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "kind");
  if (st == LS_OK && cJSON_IsString(k) && (kind = ls_kind_from_name(k->valuestring)) < 0)
    st = ls_workspace_fail(w->ws, LS_EINVAL, "no dataset kind named \"%.64s\"", k->valuestring);
  const cJSON *rs = cJSON_GetObjectItemCaseSensitive(j, "roles"), *r;
  for (r = st == LS_OK && cJSON_IsObject(rs) ? rs->child : NULL; r; r = r->next) {
    int role = ls_role_from_name(r->string);
    if (role < 0) {
      st = ls_workspace_fail(w->ws, LS_EINVAL, "no column role named \"%.64s\"", r->string);
      break;
    }
    if (cJSON_IsNull(r)) {
      roles[role] = -1;
      continue;
    }
    const ls_column *c = cJSON_IsString(r) ? ls_table_find(t, r->valuestring) : NULL;
    if (!c) {
      st = ls_workspace_fail(w->ws, LS_EINVAL, "%s has no column \"%.64s\"", ls_table_name(t),
                             cJSON_IsString(r) ? r->valuestring : "?");
      break;
    }
    for (size_t ci = 0; ci < ls_table_ncols(t); ci++)
      if (ls_table_col(t, ci) == c) roles[role] = (int)ci;
  }
  cJSON_Delete(j);
  return st == LS_OK ? ls_workspace_set_mapping(w->ws, (size_t)i, kind, roles) : st;
}

/* Replace the datasets with the demo workspace. */
EMSCRIPTEN_KEEPALIVE int lsw_gen_demo(lsw_ws *w, uint32_t seed, int users, int days) {
  if (!w) return LS_EINVAL;
  ls_gen_options o;
  ls_gen_defaults(&o);
  o.seed = seed;
  if (users > 0) o.users = users;
  if (days > 0) o.days = days;
  ls_table *t[LS_GEN_TABLES];
  ls_status s = ls_gen(&o, t);
  if (s != LS_OK) return ls_workspace_fail(w->ws, s, "demo: %s", ls_status_message(s));
  ls_workspace_clear(w->ws);
  for (int k = 0; k < LS_GEN_TABLES; k++) {
    if (s == LS_OK)
      s = ls_workspace_add(w->ws, t[k]);
    else
      ls_table_free(t[k]);
  }
  return s;
}

/* ---- settings ---- */

/* The workspace's metric settings: [{"name","value","default","choices":[…]
 * or null,"description"}] (workspace/settings.h). NULL on out of memory. */
EMSCRIPTEN_KEEPALIVE char *lsw_settings(lsw_ws *w) {
  return w ? ls_settings_json(ls_workspace_settings(w->ws)) : NULL;
}

/* Set one setting from its text form; LS_ENOTFOUND (no such key) or LS_EINVAL
 * (a value it does not take), the reason as the message; nothing changes then. */
EMSCRIPTEN_KEEPALIVE int lsw_set_setting(lsw_ws *w, const char *key, const char *value) {
  if (!w || !key || !value) return LS_EINVAL;
  return ls_workspace_set(w->ws, key, value);
}

/* ---- metrics ---- */

/* ops.h */
ls_status lsw_metric_query(lsw_ws *w, const cJSON *j, ls_query *q, ls_where **where) {
  return ls_query_from_json(w->ws, j, q, where);
}

/* The handle for a series (s) or a breakdown (b): x from the periods, and the
 * info JSON. Takes s or b, also on failure (NULL, out of memory). */
static lsw_series *wrap(const ls_metric_def *def, ls_grain g, ls_series *s, ls_breakdown *b) {
  const ls_series *p = s ? s : b->n ? b->series[0] : NULL; /* every segment has the same periods */
  size_t n = p ? p->n : 0;
  lsw_series *out = ls_calloc(1, sizeof *out);
  if (out) out->x = ls_malloc((n ? n : 1) * sizeof *out->x);
  cJSON *info = cJSON_CreateObject(), *periods = cJSON_AddArrayToObject(info, "periods");
  if (out && out->x && periods) {
    out->s = s;
    out->b = b;
    out->n = n;
    for (size_t i = 0; i < n; i++) {
      char buf[LS_TIME_TEXT_MAX];
      out->x[i] = (double)(p->start[i] / 1000);
      ls_period_name(p->start[i], p->grain, p->tz, buf);
      cJSON_AddItemToArray(periods, cJSON_CreateString(buf));
    }
    cJSON_AddStringToObject(info, "metric", def->name);
    cJSON_AddStringToObject(info, "grain", ls_grain_name(p ? p->grain : g ? g : def->default_grain));
    cJSON_AddStringToObject(info, "unit", def->unit);
    if (b) {
      cJSON_AddStringToObject(info, "by", b->by);
      cJSON *labels = cJSON_AddArrayToObject(info, "segments");
      for (size_t k = 0; labels && k < b->n; k++) cJSON_AddItemToArray(labels, cJSON_CreateString(b->label[k]));
    }
    out->info = cJSON_PrintUnformatted(info);
  }
  cJSON_Delete(info);
  if (!out || !out->info) {
    if (out) ls_free(out->x);
    ls_free(out);
    ls_series_free(s);
    ls_breakdown_free(b);
    return NULL;
  }
  return out;
}

/* spec: {"metric": "mrr", "grain": "month", "from": "2026-01-01", "to": "…",
 * "where": [{"column": "Plan", "value": "Pro"}, …], "by": "Plan"}; dates are
 * read in the workspace zone, where keeps the rows whose column has the value
 * (all must hold; metrics/scope.h). With "by", or for a metric with a by_role
 * (mrr_by_plan), the result is a breakdown: one segment per value of the
 * column; for a metric with segments of its own (tier_users), one per
 * segment, "by" naming them ("tier"). "event" (one event name), "property"
 * (the number column of property math) and "top" (keep the top segments of
 * a breakdown by their total) are ls_query's. NULL on error: the message is
 * on w, the status is lsw_status(w). */
EMSCRIPTEN_KEEPALIVE lsw_series *lsw_metric(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL;
  if ((w->status = lsw_parse_spec(w, spec, "metric", &j)) != LS_OK) return NULL;
  ls_query q = LS_QUERY_INIT;
  ls_where *where = NULL;
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "metric"));
  if (!name) name = "";
  const ls_metric_def *def = ls_catalog_find(name);
  ls_series *s = NULL;
  ls_breakdown *b = NULL;
  ls_status st = lsw_metric_query(w, j, &q, &where);
  if (st == LS_OK && def && (q.by || ls_metric_breaks_down(def)))
    st = ls_metric_run_by(w->ws, name, &q, &b);
  else if (st == LS_OK)
    st = ls_metric_run(w->ws, name, &q, &s); /* also the message for an unknown name */
  lsw_series *out = st == LS_OK ? wrap(def, q.grain, s, b) : NULL;
  cJSON_Delete(j);
  ls_free(where);
  if (st == LS_OK && !out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  w->status = st;
  return out;
}

/* ---- cohorts ---- */

/* ops.h */
ls_status lsw_parse_spec(lsw_ws *w, const char *spec, const char *name, cJSON **j) {
  ls_alloc_init_json();
  *j = spec ? cJSON_Parse(spec) : NULL;
  if (cJSON_IsObject(*j)) return LS_OK;
  cJSON_Delete(*j);
  *j = NULL;
  return ls_workspace_fail(w->ws, LS_EINVAL, "%s spec is not a JSON object", name);
}

/* ops.h */
int64_t lsw_day_end(lsw_ws *w, const cJSON *j, int64_t to) {
  const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "to"));
  int64_t day;
  if (!text || strlen(text) != 10 || !ls_time_parse(text, 10, &day)) return to;
  return ls_tz_from_local(ls_workspace_tz(w->ws), day + LS_MS_PER_DAY);
}

/* ops.h */
cJSON *lsw_number_or_null(double v) {
  char buf[LS_NUMFMT_MAX];
  return isfinite(v) ? cJSON_CreateRaw(ls_fmt_double(v, buf)) : cJSON_CreateNull();
}

/* The revenue cohorts (metrics/cohorts.h) for spec {"grain", "from", "to",
 * "where"} as JSON: {"grain", "periods": [names], "customers": [counts],
 * "start_mrr": [currency], "retention": [[fractions]]}; row q holds the
 * n − q cells of periods q, q + 1, … (a triangle), each the cohort's MRR at
 * the end of that period / its start_mrr (null for an empty cohort). "by" is
 * refused. NULL on error: the message is on w, the status lsw_status(w). */
EMSCRIPTEN_KEEPALIVE char *lsw_cohorts(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL;
  ls_status st = lsw_parse_spec(w, spec, "cohort", &j);
  ls_query q = LS_QUERY_INIT;
  ls_where *where = NULL;
  ls_cohorts *c = NULL;
  if (st == LS_OK) st = lsw_metric_query(w, j, &q, &where);
  if (st == LS_OK && q.by) st = ls_workspace_fail(w->ws, LS_EINVAL, "cohorts: \"by\" is not taken; use \"where\"");
  if (st == LS_OK) st = ls_revenue_cohorts(w->ws, &q, &c);
  char *out = NULL;
  if (st == LS_OK) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "grain", ls_grain_name(c->grain));
    cJSON *periods = cJSON_AddArrayToObject(o, "periods"), *customers = cJSON_AddArrayToObject(o, "customers"),
          *start = cJSON_AddArrayToObject(o, "start_mrr"), *rows = cJSON_AddArrayToObject(o, "retention");
    int ok = periods && customers && start && rows;
    for (size_t i = 0; ok && i < c->n; i++) {
      char name[LS_TIME_TEXT_MAX];
      ls_period_name(c->start[i], c->grain, c->tz, name);
      cJSON *row = cJSON_CreateArray();
      ok = cJSON_AddItemToArray(periods, cJSON_CreateString(name)) &&
           cJSON_AddItemToArray(customers, cJSON_CreateNumber((double)c->customers[i])) &&
           cJSON_AddItemToArray(start, lsw_number_or_null(c->start_mrr[i])) && cJSON_AddItemToArray(rows, row);
      if (!ok) cJSON_Delete(row);
      for (size_t k = 0; ok && i + k < c->n; k++)
        ok = cJSON_AddItemToArray(row, lsw_number_or_null(c->retention[i * c->n + k]));
    }
    out = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  ls_cohorts_free(c);
  cJSON_Delete(j);
  ls_free(where);
  w->status = st;
  return out;
}

/* The status of the last lsw_metric or lsw_cohorts (LS_OK when it gave a result). */
EMSCRIPTEN_KEEPALIVE int lsw_status(const lsw_ws *w) { return w ? w->status : LS_EINVAL; }

/* The periods: their number and their starts in unix seconds (for uPlot). */
EMSCRIPTEN_KEEPALIVE size_t lsw_series_len(const lsw_series *s) { return s ? s->n : 0; }
EMSCRIPTEN_KEEPALIVE const double *lsw_series_x(const lsw_series *s) { return s ? s->x : NULL; }
/* The values of an unbroken series (NaN where undefined); NULL for a breakdown. */
EMSCRIPTEN_KEEPALIVE const double *lsw_series_y(const lsw_series *s) { return s && s->s ? s->s->value : NULL; }
/* The values of a breakdown's segment k, in the order of the info's
 * "segments"; NULL for an unbroken series or k out of range. */
EMSCRIPTEN_KEEPALIVE const double *lsw_series_segment_y(const lsw_series *s, size_t k) {
  return s && s->b && k < s->b->n ? s->b->series[k]->value : NULL;
}
/* {"metric","grain","unit","periods":[names]}, and for a breakdown "by" (the
 * column) and "segments" ([labels], sorted); owned by the series. */
EMSCRIPTEN_KEEPALIVE const char *lsw_series_info(const lsw_series *s) { return s ? s->info : NULL; }

EMSCRIPTEN_KEEPALIVE void lsw_series_free(lsw_series *s) {
  if (!s) return;
  ls_series_free(s->s);
  ls_breakdown_free(s->b);
  ls_free(s->x);
  ls_free(s->info);
  ls_free(s);
}
