/* test_quality.c: the data-quality summary and appending same-header files. */
#include "base/alloc.h"
#include "check.h"
#include "cJSON.h"
#include "fixtures.h"
#include "workspace/workspace.h"

/* a payments table: id, Customer ID, Amount, Created; rows given as arrays */
static ls_table *payments(const char *name, const char *const *ids, const double *amounts,
                          const char *const *created, size_t n) {
  ls_table *t = ls_table_new(name);
  ls_column *id = ls_table_add(t, "id", LS_TYPE_STRING);
  ls_column *cu = ls_table_add(t, "Customer ID", LS_TYPE_STRING);
  ls_column *am = ls_table_add(t, "Amount", LS_TYPE_DOUBLE);
  ls_column *cr = ls_table_add(t, "Created", LS_TYPE_TIME);
  for (size_t i = 0; i < n; i++) {
    push_str_or_null(id, ids[i]);
    push_str_or_null(cu, "cus_1");
    ls_column_push_f64(am, amounts[i]);
    push_time_or_null(cr, created[i]);
  }
  return t;
}

static cJSON *inspect(ls_workspace *ws) {
  char *s = ls_workspace_json(ws);
  cJSON *doc = cJSON_Parse(s);
  ls_free(s);
  return doc;
}

static double num(const cJSON *o, const char *path0, const char *path1) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, path0);
  if (path1) x = cJSON_GetObjectItemCaseSensitive(x, path1);
  return cJSON_IsNumber(x) ? x->valuedouble : -1;
}

TEST(quality_should_find_duplicates_negatives_and_future_times_with_their_lines) {
  const char *ids[] = {"ch_1", "ch_2", "ch_1", NULL, "ch_2", "ch_3"};
  const double amounts[] = {10, -5, 10, 3, 7, -1};
  const char *created[] = {"2026-01-01", "2026-01-02", "2026-01-03", "2026-03-01", "", "2026-01-04"};
  ls_workspace *ws = ls_workspace_new();
  ls_source *src = ls_source_new(4);
  CHECK(src != NULL);
  /* row 0 on line 2; row 3 starts on line 7 (a quoted newline before it) */
  CHECK(ls_rowlines_mark(&src->lines, 2) == LS_OK);
  CHECK(ls_rowlines_mark(&src->lines, 3) == LS_OK);
  CHECK(ls_rowlines_mark(&src->lines, 4) == LS_OK);
  CHECK(ls_rowlines_mark(&src->lines, 7) == LS_OK);
  CHECK_INT(src->lines.n, 2);
  CHECK_INT(ls_rowlines_line(&src->lines, 4), 8);
  CHECK_INT(ls_rowlines_line(&src->lines, 2), 4);
  snprintf(src->format, sizeof src->format, "csv");
  ls_tally_add(&src->cols[2].bad, 9);
  snprintf(src->cols[2].near_type, sizeof src->cols[2].near_type, "float");
  ls_workspace_set_now(ws, T("2026-02-01"));
  CHECK(ls_workspace_add_source(ws, payments("pay.csv", ids, amounts, created, 6), src, 0) == LS_OK);
  cJSON *doc = inspect(ws);
  const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "datasets"), 0);
  const cJSON *q = cJSON_GetObjectItemCaseSensitive(d, "quality");
  CHECK_INT(num(q, "rows", NULL), 6);

  const cJSON *dup = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(q, "duplicates"), 0);
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(dup, "column")->valuestring, "id");
  CHECK_INT(num(dup, "count", NULL), 2); /* rows 2 and 4: lines 4 and 8 */
  const cJSON *lines = cJSON_GetObjectItemCaseSensitive(dup, "lines");
  CHECK_INT(cJSON_GetArraySize(lines), 2);
  CHECK_INT(cJSON_GetArrayItem(lines, 0)->valuedouble, 4);
  CHECK_INT(cJSON_GetArrayItem(lines, 1)->valuedouble, 8);

  const cJSON *neg = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(q, "negative"), 0);
  CHECK_INT(num(neg, "count", NULL), 2); /* rows 1 and 5: lines 3 and 9 */
  CHECK_INT(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(neg, "lines"), 1)->valuedouble, 9);

  const cJSON *fut = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(q, "future"), 0);
  CHECK_INT(num(fut, "count", NULL), 1); /* row 3, line 7: 2026-03-01 after 2026-02-02 */
  CHECK_INT(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(fut, "lines"), 0)->valuedouble, 7);

  const cJSON *span = cJSON_GetObjectItemCaseSensitive(q, "time");
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(span, "last")->valuestring, "2026-03-01T00:00:00Z");
  CHECK_NUM(num(span, "lag_days", NULL), -28.0, 1e-9);

  const cJSON *cols = cJSON_GetObjectItemCaseSensitive(d, "columns");
  const cJSON *created_col = cJSON_GetArrayItem(cols, 3);
  CHECK_NUM(num(created_col, "null_rate", NULL), 0.1667, 1e-12);
  const cJSON *amount_col = cJSON_GetArrayItem(cols, 2);
  CHECK_INT(num(amount_col, "unparseable", "count"), 1);
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(amount_col, "unparseable"), "as")
                ->valuestring,
            "float");
  cJSON_Delete(doc);
  ls_workspace_free(ws);
}

TEST(files_with_the_same_header_should_append_into_one_dataset) {
  const char *ids1[] = {"a", "b"}, *ids2[] = {"c"};
  const double am1[] = {1, 2}, am2[] = {3};
  const char *cr1[] = {"2026-01-01", "2026-01-02"}, *cr2[] = {"2026-02-01"};
  ls_workspace *ws = ls_workspace_new();
  ls_source *s1 = ls_source_new(4), *s2 = ls_source_new(4);
  CHECK(ls_rowlines_mark(&s1->lines, 2) == LS_OK);
  CHECK(ls_rowlines_mark(&s1->lines, 3) == LS_OK);
  CHECK(ls_rowlines_mark(&s2->lines, 2) == LS_OK);
  s2->bytes = 10;
  s1->bytes = 20;
  ls_tally_add(&s1->padded, 5);
  for (uint64_t line = 7; line < 13; line++) ls_tally_add(&s2->padded, line); /* 6: 5 kept */
  ls_tally_add(&s2->cols[2].bad, 3);
  CHECK(ls_workspace_add_source(ws, payments("jan.csv", ids1, am1, cr1, 2), s1, 1) == LS_OK);
  CHECK(ls_workspace_add_source(ws, payments("feb.csv", ids2, am2, cr2, 1), s2, 1) == LS_OK);
  CHECK_INT(ls_workspace_count(ws), 1);
  const ls_table *t = ls_workspace_table(ws, 0);
  CHECK_STR(ls_table_name(t), "jan.csv");
  CHECK_INT(ls_table_rows(t), 3);
  const ls_source *src = ls_workspace_source(ws, 0);
  CHECK_INT(src->files, 2);
  CHECK_INT(src->bytes, 30);
  CHECK_INT(ls_rowlines_line(&src->lines, 2), 2); /* feb.csv's first row, on its own line 2 */
  CHECK_INT(src->padded.count, 7); /* counts add up; the first five lines are kept */
  CHECK_INT(src->padded.lines[0], 5);
  CHECK_INT(src->padded.lines[1], 7);
  CHECK_INT(src->padded.lines[4], 10);
  CHECK_INT(src->cols[2].bad.count, 1);
  CHECK_INT(src->cols[2].bad.lines[0], 3);
  CHECK_INT(ls_workspace_detection(ws, 0)->kind, LS_KIND_PAYMENTS);
  /* without append, a different name is another dataset */
  CHECK(ls_workspace_add_source(ws, payments("mar.csv", ids2, am2, cr2, 1), NULL, 0) == LS_OK);
  CHECK_INT(ls_workspace_count(ws), 2);
  ls_workspace_free(ws);
}

TEST(a_column_in_two_id_roles_should_be_checked_once) {
  ls_table *t = ls_table_new("orders.csv");
  ls_column *id = ls_table_add(t, "order_id", LS_TYPE_STRING);
  ls_column *cu = ls_table_add(t, "customer_id", LS_TYPE_STRING);
  ls_column *am = ls_table_add(t, "amount", LS_TYPE_DOUBLE);
  ls_column *cr = ls_table_add(t, "created_at", LS_TYPE_TIME);
  const char *ids[] = {"o1", "o2", "o1"};
  for (int i = 0; i < 3; i++) {
    push_str_or_null(id, ids[i]);
    push_str_or_null(cu, "c1");
    ls_column_push_f64(am, 5);
    push_time_or_null(cr, "2026-01-01");
  }
  ls_workspace *ws = ls_workspace_new();
  CHECK(ls_workspace_add(ws, t) == LS_OK);
  const ls_detection *det = ls_workspace_detection(ws, 0);
  CHECK_INT(det->col[LS_ROLE_ORDER_ID], 0);
  CHECK_INT(det->col[LS_ROLE_ID], 0); /* the same column in both roles */
  cJSON *doc = inspect(ws);
  const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "datasets"), 0);
  const cJSON *dups = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "quality"), "duplicates");
  CHECK_INT(cJSON_GetArraySize(dups), 1);
  CHECK_INT(num(cJSON_GetArrayItem(dups, 0), "count", NULL), 1);
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "source"), "format")->valuestring,
            "generated");
  cJSON_Delete(doc);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(quality_should_find_duplicates_negatives_and_future_times_with_their_lines);
  RUN(files_with_the_same_header_should_append_into_one_dataset);
  RUN(a_column_in_two_id_roles_should_be_checked_once);
  return check_done();
}
