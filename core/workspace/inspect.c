/* inspect.c: the JSON description of a workspace (ls_workspace_json). */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "precomp/precomp_matrix.h"
#include "privacy/pii.h"
#include "workspace/quality.h"
#include "workspace/workspace.h"

/* ---- private ---- */

static const char *role_of(const ls_detection *det, size_t col) {
  for (int r = 0; r < LS_ROLE_COUNT; r++)
    if (det->col[r] == (int)col) return ls_role_name((ls_role)r);
  return NULL;
}

static void source_json(cJSON *d, const ls_table *t, const ls_source *src) {
  cJSON *o = cJSON_AddObjectToObject(d, "source");
  if (o && !src) cJSON_AddStringToObject(o, "format", "generated");
  if (!o || !src) return;
  cJSON_AddStringToObject(o, "format", src->format);
  cJSON_AddNumberToObject(o, "bytes", (double)src->bytes);
  cJSON_AddNumberToObject(o, "files", (double)src->files);
  if (src->gzip) cJSON_AddTrueToObject(o, "gzip");
  if (src->encoding[0]) {
    cJSON *e = cJSON_AddObjectToObject(o, "encoding");
    if (e) {
      cJSON_AddStringToObject(e, "name", src->encoding);
      cJSON_AddBoolToObject(e, "bom", src->bom);
      cJSON_AddStringToObject(e, "code", src->encoding_code);
      cJSON_AddStringToObject(e, "reason", src->encoding_reason);
    }
  }
  if (strcmp(src->format, "csv") == 0) {
    cJSON *di = cJSON_AddObjectToObject(o, "dialect");
    if (!di) return;
    char ch[2][2] = {{src->delimiter, 0}, {src->quote, 0}};
    cJSON_AddStringToObject(di, "delimiter", ch[0]);
    cJSON_AddStringToObject(di, "quote", ch[1]);
    cJSON_AddStringToObject(di, "escape", src->escape == '\\' ? "backslash" : src->escape ? "double" : "none");
    cJSON_AddBoolToObject(di, "header", src->header);
    cJSON_AddNumberToObject(di, "skipped_lines", src->skipped_lines);
    cJSON_AddNumberToObject(di, "columns", (double)src->columns);
    cJSON_AddNumberToObject(di, "sampled_rows", (double)src->sampled_rows);
    cJSON_AddNumberToObject(di, "ragged_rows", (double)src->ragged_rows);
    cJSON_AddStringToObject(di, "header_reason", src->header_reason);
    if (strcmp(src->header_reason, "by_types") == 0) {
      size_t c = (size_t)src->header_column;
      cJSON_AddStringToObject(di, "header_column", c < ls_table_ncols(t) ? ls_column_name(ls_table_col(t, c)) : "");
      cJSON_AddStringToObject(di, "header_type", src->header_type);
    }
    cJSON_AddStringToObject(di, "reason", src->dialect_reason);
    if (src->dialect_forced) cJSON_AddTrueToObject(di, "forced");
  }
}

static cJSON *dataset_json(const ls_table *t, const ls_detection *det) {
  cJSON *d = cJSON_CreateObject();
  if (!d) return NULL;
  cJSON_AddStringToObject(d, "name", ls_table_name(t));
  cJSON_AddStringToObject(d, "kind", ls_kind_name(det->kind));
  cJSON_AddStringToObject(d, "format", ls_format_name(det->format));
  cJSON_AddStringToObject(d, "detected", det->reason);
  if (det->listed) {
    cJSON_AddNumberToObject(d, "matched", det->matched);
    cJSON_AddNumberToObject(d, "listed", det->listed);
  }
  char sig[17];
  ls_detect_signature_text(ls_detect_signature(t), sig);
  cJSON_AddStringToObject(d, "signature", sig);
  if (det->flags & LS_DETECT_MINOR_UNITS) cJSON_AddTrueToObject(d, "minor_units");
  if (det->flags & LS_DETECT_MANUAL) cJSON_AddTrueToObject(d, "manual");
  cJSON_AddNumberToObject(d, "rows", (double)ls_table_rows(t));
  cJSON_AddNumberToObject(d, "bytes", (double)ls_table_bytes(t));
  cJSON *cols = cJSON_AddArrayToObject(d, "columns");
  for (size_t i = 0; cols && i < ls_table_ncols(t); i++) {
    const ls_column *c = ls_table_col(t, i);
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddItemToArray(cols, o);
    cJSON_AddStringToObject(o, "name", ls_column_name(c));
    unsigned flags = ls_column_flags(c);
    cJSON_AddStringToObject(o, "type", flags & LS_COL_DATE ? "date" : ls_type_name(ls_column_type(c)));
    if (flags & LS_COL_LOCAL) cJSON_AddTrueToObject(o, "local_time");
    if (flags & LS_COL_PERCENT) cJSON_AddTrueToObject(o, "percent");
    if (ls_column_currency(c)[0]) cJSON_AddStringToObject(o, "currency", ls_column_currency(c));
    const char *role = role_of(det, i);
    if (role)
      cJSON_AddStringToObject(o, "role", role);
    else
      cJSON_AddNullToObject(o, "role");
    cJSON_AddNumberToObject(o, "nulls", (double)ls_column_nulls(c));
    ls_pii pii = ls_pii_column(t, det, i);
    if (pii != LS_PII_NONE) cJSON_AddStringToObject(o, "pii", ls_pii_name(pii));
  }
  return d;
}

/* a metric_values dataset's metrics (precomp/precomp.h):
 * "metrics": [{"name","grain","periods"}] */
static void metrics_json(cJSON *d, const ls_table *t, const ls_source *src, ls_tz tz) {
  ls_precomp_values *v = NULL;
  cJSON *arr = cJSON_AddArrayToObject(d, "metrics");
  if (!arr || ls_precomp_values_read(t, src, tz, &v, NULL, 0) != LS_OK) return;
  for (size_t i = 0; i < v->n; i++) {
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "name", v->series[i].metric);
    cJSON_AddStringToObject(o, "grain", ls_grain_name(v->series[i].grain));
    cJSON_AddNumberToObject(o, "periods", (double)v->series[i].n);
  }
  ls_precomp_values_free(v);
}

/* a retention_matrix dataset's "grain", a funnel_steps dataset's "steps"
 * (its event names), as read back (precomp/precomp_matrix.h) */
static void matrix_json(cJSON *d, const ls_table *t, const ls_detection *det, const ls_source *src, ls_tz tz) {
  if (det->kind == LS_KIND_RETENTION_MATRIX) {
    ls_retention *r = NULL;
    if (ls_precomp_retention_read(t, src, tz, &r, NULL, 0) == LS_OK)
      cJSON_AddStringToObject(d, "grain", ls_grain_name(r->grain));
    ls_retention_free(r);
  } else if (det->kind == LS_KIND_FUNNEL_STEPS) {
    ls_funnel *f = NULL;
    char **names = NULL;
    cJSON *steps = cJSON_AddArrayToObject(d, "steps");
    if (ls_precomp_funnel_read(t, src, &f, &names, NULL, 0) != LS_OK) return;
    for (size_t k = 0; k < f->nsteps; k++) {
      if (steps) cJSON_AddItemToArray(steps, cJSON_CreateString(names[k]));
      ls_free(names[k]);
    }
    ls_free(names);
    ls_funnel_free(f);
  }
}

/* ---- API ---- */

char *ls_workspace_json(const ls_workspace *ws) {
  ls_alloc_init_json();
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  int64_t first, asof;
  if (ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &asof) == LS_OK) {
    char buf[LS_TIME_TEXT_MAX];
    ls_period_name(asof - 1, LS_GRAIN_DAY, ls_workspace_tz(ws), buf);
    cJSON_AddStringToObject(root, "through", buf);
  } else {
    cJSON_AddNullToObject(root, "through");
  }
  char tz[LS_TZ_NAME_MAX];
  cJSON_AddStringToObject(root, "tz", ls_tz_name(ls_workspace_tz(ws), tz));
  cJSON *sets = cJSON_AddArrayToObject(root, "datasets");
  for (size_t i = 0; sets && i < ls_workspace_count(ws); i++) {
    const ls_table *t = ls_workspace_table(ws, i);
    const ls_detection *det = ls_workspace_detection(ws, i);
    const ls_source *src = ls_workspace_source(ws, i);
    cJSON *d = dataset_json(t, det);
    if (!d) continue;
    cJSON_AddItemToArray(sets, d);
    source_json(d, t, src);
    if (det->kind == LS_KIND_METRIC_VALUES) metrics_json(d, t, src, ls_workspace_tz(ws));
    matrix_json(d, t, det, src, ls_workspace_tz(ws));
    ls_quality_json(d, t, det, src, ls_workspace_now(ws));
  }
  char *out = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return out;
}
