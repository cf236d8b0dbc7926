/* quality.c: null rates, unfit cells, duplicate ids, time span and lag,
 * future times and negative amounts of a dataset. */
#include "workspace/quality.h"

#include "workspace/workspace.h"

#include <math.h>

#include "base/alloc.h"
#include "base/keymap.h"
#include "base/timeutil.h"

/* roles whose values identify a row: a repeat is a duplicate */
static const ls_role ID_ROLES[] = {LS_ROLE_ID, LS_ROLE_ORDER_ID};

/* ---- private ---- */

/* the example position of data row `row`: its line, or row + 1 without a source */
static uint64_t where(const ls_source *src, size_t row) {
  uint64_t line = src ? ls_rowlines_line(&src->lines, row) : 0;
  return line ? line : (uint64_t)row + 1;
}

static void add_tally(cJSON *o, const char *key, const ls_tally *t) {
  cJSON *a = cJSON_AddArrayToObject(o, key);
  for (uint64_t i = 0; a && i < t->count && i < LS_SOURCE_EXAMPLES; i++)
    cJSON_AddItemToArray(a, cJSON_CreateNumber((double)t->lines[i]));
}

/* {"column", "count", "lines"|"rows"} appended to array a when t counts any */
static void add_finding(cJSON *a, const ls_column *c, const ls_tally *t, const ls_source *src) {
  if (!a || !t->count) return;
  cJSON *o = cJSON_CreateObject();
  if (!o) return;
  cJSON_AddItemToArray(a, o);
  cJSON_AddStringToObject(o, "column", ls_column_name(c));
  cJSON_AddNumberToObject(o, "count", (double)t->count);
  add_tally(o, src ? "lines" : "rows", t);
}

static void tally_row(ls_tally *t, const ls_source *src, size_t row) {
  ls_tally_add(t, where(src, row));
}

static void duplicates(cJSON *q, const ls_table *t, const ls_detection *det, const ls_source *src) {
  cJSON *a = cJSON_AddArrayToObject(q, "duplicates");
  for (size_t k = 0; a && k < sizeof ID_ROLES / sizeof ID_ROLES[0]; k++) {
    int ci = det->col[ID_ROLES[k]], seen_before = 0;
    for (size_t j = 0; j < k; j++) seen_before |= det->col[ID_ROLES[j]] == ci;
    if (ci < 0 || seen_before) continue; /* one column in two id roles: once */
    const ls_column *c = ls_table_col(t, (size_t)ci);
    int32_t *ids = NULL;
    size_t count = 0, n = ls_column_len(c);
    if (ls_keymap_build(c, &ids, &count) != LS_OK) continue;
    uint8_t *seen = ls_calloc(count / 8 + 1, 1);
    ls_tally dup = {0};
    for (size_t i = 0; seen && i < n; i++) {
      int32_t id = ids[i];
      if (id < 0) continue;
      if (seen[id >> 3] >> (id & 7) & 1)
        tally_row(&dup, src, i);
      else
        seen[id >> 3] |= (uint8_t)(1u << (id & 7));
    }
    add_finding(a, c, &dup, src);
    ls_free(seen);
    ls_free(ids);
  }
}

static void times(cJSON *q, const ls_table *t, const ls_detection *det, const ls_source *src,
                  int64_t now) {
  cJSON *future = cJSON_AddArrayToObject(q, "future");
  int main_done = 0;
  for (size_t k = 0; k < LS_HAPPENED_COUNT; k++) { /* the first present is the main time */
    int ci = det->col[LS_HAPPENED[k]];
    if (ci < 0) continue;
    const ls_column *c = ls_table_col(t, (size_t)ci);
    const int64_t *v = ls_column_i64(c);
    if (ls_column_type(c) != LS_TYPE_TIME || !v) continue;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    ls_tally fut = {0};
    for (size_t i = 0, n = ls_column_len(c); i < n; i++) {
      if (!ls_column_valid(c, i)) continue;
      if (v[i] < lo) lo = v[i];
      if (v[i] > hi) hi = v[i];
      if (v[i] > now + LS_MS_PER_DAY) tally_row(&fut, src, i);
    }
    add_finding(future, c, &fut, src);
    if (main_done || lo > hi) continue;
    main_done = 1;
    cJSON *span = cJSON_AddObjectToObject(q, "time");
    if (!span) continue;
    char buf[LS_TIME_TEXT_MAX];
    cJSON_AddStringToObject(span, "column", ls_column_name(c));
    ls_time_format_iso(lo, buf);
    cJSON_AddStringToObject(span, "first", buf);
    ls_time_format_iso(hi, buf);
    cJSON_AddStringToObject(span, "last", buf);
    /* in days, to one decimal: stable text for a report */
    cJSON_AddNumberToObject(span, "lag_days", floor((double)(now - hi) / 8640000.0 + 0.5) / 10.0);
  }
}

static void negatives(cJSON *q, const ls_table *t, const ls_detection *det, const ls_source *src) {
  cJSON *a = cJSON_AddArrayToObject(q, "negative");
  int ci = det->col[LS_ROLE_AMOUNT];
  if (ci < 0) return;
  const ls_column *c = ls_table_col(t, (size_t)ci);
  ls_type ty = ls_column_type(c);
  if (ty != LS_TYPE_INT64 && ty != LS_TYPE_DOUBLE) return;
  ls_tally neg = {0};
  for (size_t i = 0, n = ls_column_len(c); i < n; i++)
    if (ls_column_num(c, i) < 0) tally_row(&neg, src, i);
  add_finding(a, c, &neg, src);
}

static void columns(cJSON *d, const ls_table *t, const ls_source *src) {
  cJSON *cols = cJSON_GetObjectItemCaseSensitive(d, "columns");
  size_t rows = ls_table_rows(t);
  for (size_t i = 0; i < ls_table_ncols(t); i++) {
    cJSON *o = cJSON_GetArrayItem(cols, (int)i);
    if (!o) break;
    const ls_column *c = ls_table_col(t, i);
    size_t nulls = ls_column_nulls(c);
    cJSON_DeleteItemFromObjectCaseSensitive(o, "nulls");
    cJSON_AddNumberToObject(o, "nulls", (double)nulls);
    /* to four decimals: a rate to show, not to compute with */
    cJSON_AddNumberToObject(o, "null_rate", rows ? floor((double)nulls / (double)rows * 1e4 + 0.5) / 1e4 : 0.0);
    const ls_column_source *cs = src && i < src->ncols ? &src->cols[i] : NULL;
    if (!cs) continue;
    if (cs->forced) cJSON_AddTrueToObject(o, "forced");
    if (cs->ambiguous_dates) cJSON_AddTrueToObject(o, "ambiguous_dates");
    if (cs->mixed_currency) cJSON_AddTrueToObject(o, "mixed_currency");
    if (cs->bad.count) {
      cJSON *u = cJSON_AddObjectToObject(o, "unparseable");
      if (!u) continue;
      const char *as = cs->near_type[0]               ? cs->near_type
                       : ls_column_flags(c) & LS_COL_DATE ? "date"
                                                          : ls_type_name(ls_column_type(c));
      cJSON_AddStringToObject(u, "as", as);
      cJSON_AddNumberToObject(u, "count", (double)cs->bad.count);
      add_tally(u, "lines", &cs->bad);
    }
  }
}

static void repairs(cJSON *q, const ls_source *src) {
  if (!src) return;
  cJSON *r = cJSON_AddObjectToObject(q, "repaired");
  if (!r) return;
  cJSON_AddNumberToObject(r, "replaced_characters", (double)src->replaced);
  cJSON_AddNumberToObject(r, "empty_lines", (double)src->empty_lines);
  cJSON *p = cJSON_AddObjectToObject(r, "padded");
  if (p) {
    cJSON_AddNumberToObject(p, "count", (double)src->padded.count);
    add_tally(p, "lines", &src->padded);
  }
  cJSON *dr = cJSON_AddObjectToObject(r, "dropped_summary_rows");
  if (dr) {
    cJSON_AddNumberToObject(dr, "count", (double)src->dropped.count);
    if (src->dropped.count) cJSON_AddNumberToObject(dr, "from_line", (double)src->dropped.lines[0]);
  }
  cJSON *x = cJSON_AddObjectToObject(r, "truncated");
  if (x) {
    cJSON_AddNumberToObject(x, "count", (double)src->truncated.count);
    add_tally(x, "lines", &src->truncated);
  }
}

/* ---- API ---- */

void ls_quality_json(cJSON *d, const ls_table *t, const ls_detection *det, const ls_source *src,
                     int64_t now) {
  columns(d, t, src);
  cJSON *q = cJSON_AddObjectToObject(d, "quality");
  if (!q) return;
  cJSON_AddNumberToObject(q, "rows", (double)ls_table_rows(t));
  cJSON_AddNumberToObject(q, "columns", (double)ls_table_ncols(t));
  duplicates(q, t, det, src);
  times(q, t, det, src, now);
  negatives(q, t, det, src);
  repairs(q, src);
}
