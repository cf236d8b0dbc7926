/* test_append.c: appending tables with the same header, types unified. */
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "table/table.h"

/* a table of one column named "v" of type t */
static ls_table *one(ls_type t) {
  ls_table *tb = ls_table_new("t");
  ls_table_add(tb, "v", t);
  return tb;
}

static const char *str_at(const ls_table *t, size_t row) {
  static char buf[64];
  size_t len;
  const char *s = ls_column_str(ls_table_col(t, 0), row, &len);
  if (!s) return "<null>";
  snprintf(buf, sizeof buf, "%.*s", (int)len, s);
  return buf;
}

TEST(same_types_should_append_in_place) {
  ls_table *a = one(LS_TYPE_INT64), *b = one(LS_TYPE_INT64);
  ls_column_push_i64(ls_table_col(a, 0), 1);
  ls_column_push_i64(ls_table_col(b, 0), 2);
  ls_column_push_null(ls_table_col(b, 0));
  CHECK(ls_table_append(a, b) == LS_OK);
  const ls_column *c = ls_table_col(a, 0);
  CHECK_INT(ls_column_len(c), 3);
  CHECK_INT(ls_column_i64(c)[1], 2);
  CHECK_INT(ls_column_nulls(c), 1);
  CHECK(!ls_column_valid(c, 2));
  ls_table_free(a);
  ls_table_free(b);
}

TEST(int_and_float_should_give_float) {
  ls_table *a = one(LS_TYPE_INT64), *b = one(LS_TYPE_DOUBLE);
  ls_column_push_i64(ls_table_col(a, 0), 3);
  ls_column_push_f64(ls_table_col(b, 0), 0.5);
  CHECK(ls_table_append(a, b) == LS_OK);
  const ls_column *c = ls_table_col(a, 0);
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK_NUM(ls_column_f64(c)[0], 3.0, 0);
  CHECK_NUM(ls_column_f64(c)[1], 0.5, 0);
  CHECK_STR(ls_column_name(c), "v");
  ls_table_free(a);
  ls_table_free(b);
}

TEST(other_mixes_should_give_text_written_exactly) {
  ls_table *a = one(LS_TYPE_TIME), *b = one(LS_TYPE_STRING);
  ls_column_push_i64(ls_table_col(a, 0), 86400000 + 1500);
  ls_column_push_null(ls_table_col(a, 0));
  ls_column_push_str(ls_table_col(b, 0), "soon", 4);
  CHECK(ls_table_append(a, b) == LS_OK);
  CHECK_INT(ls_column_type(ls_table_col(a, 0)), LS_TYPE_STRING);
  CHECK_STR(str_at(a, 0), "1970-01-02T00:00:01.500Z");
  CHECK_STR(str_at(a, 1), "<null>");
  CHECK_STR(str_at(a, 2), "soon");
  ls_table_free(a);
  ls_table_free(b);

  a = one(LS_TYPE_BOOL);
  b = one(LS_TYPE_DOUBLE);
  ls_column_push_bool(ls_table_col(a, 0), 1);
  ls_column_push_f64(ls_table_col(b, 0), 2.25);
  CHECK(ls_table_append(a, b) == LS_OK);
  CHECK_STR(str_at(a, 0), "true");
  CHECK_STR(str_at(a, 1), "2.25");
  ls_table_free(a);
  ls_table_free(b);
}

TEST(flags_and_currency_should_keep_only_what_both_have) {
  ls_table *a = one(LS_TYPE_TIME), *b = one(LS_TYPE_TIME);
  ls_column_set_flags(ls_table_col(a, 0), LS_COL_DATE | LS_COL_LOCAL);
  ls_column_set_flags(ls_table_col(b, 0), LS_COL_LOCAL);
  ls_column_set_currency(ls_table_col(a, 0), "CNY");
  ls_column_set_currency(ls_table_col(b, 0), "CNY");
  CHECK(ls_table_append(a, b) == LS_OK);
  CHECK_INT(ls_column_flags(ls_table_col(a, 0)), LS_COL_LOCAL);
  CHECK_STR(ls_column_currency(ls_table_col(a, 0)), "CNY");
  ls_column_set_currency(ls_table_col(b, 0), "USD");
  CHECK(ls_table_append(a, b) == LS_OK);
  CHECK_STR(ls_column_currency(ls_table_col(a, 0)), "");
  ls_table_free(a);
  ls_table_free(b);
}

TEST(different_column_counts_should_be_refused) {
  ls_table *a = one(LS_TYPE_INT64), *b = one(LS_TYPE_INT64);
  ls_table_add(b, "w", LS_TYPE_INT64);
  CHECK(ls_table_append(a, b) == LS_EINVAL);
  ls_table_free(a);
  ls_table_free(b);
}

/* two columns: x stays int, y goes from int to string */
static ls_table *pair(int as_text, int rows) {
  ls_table *t = ls_table_new("t");
  ls_column *x = ls_table_add(t, "x", LS_TYPE_INT64);
  ls_column *y = ls_table_add(t, "y", as_text ? LS_TYPE_STRING : LS_TYPE_INT64);
  for (int i = 0; i < rows; i++) {
    ls_column_push_i64(x, i);
    if (as_text) {
      char s[16];
      snprintf(s, sizeof s, "s%d", i);
      ls_column_push_str(y, s, strlen(s));
    } else {
      ls_column_push_i64(y, i);
    }
  }
  return t;
}

TEST(out_of_memory_should_leave_the_table_as_it_was) {
  int failed = 0, succeeded = 0;
  for (unsigned long k = 1; k < 200 && !succeeded; k++) {
    ls_table *a = pair(0, 100), *b = pair(1, 300);
    ls_alloc_fail_after(k);
    ls_status st = ls_table_append(a, b);
    ls_alloc_fail_after(0);
    if (st == LS_OK) {
      succeeded = 1;
      CHECK_INT(ls_table_rows(a), 400);
      CHECK_INT(ls_column_type(ls_table_col(a, 1)), LS_TYPE_STRING);
    } else {
      failed++;
      CHECK(st == LS_ENOMEM);
      CHECK_INT(ls_table_rows(a), 100);
      CHECK(ls_table_check(a) == LS_OK);
      CHECK_INT(ls_column_type(ls_table_col(a, 1)), LS_TYPE_INT64);
      CHECK_INT(ls_column_i64(ls_table_col(a, 1))[99], 99);
    }
    ls_table_free(a);
    ls_table_free(b);
  }
  CHECK(succeeded);
  CHECK(failed > 0);
}

int main(void) {
  RUN(same_types_should_append_in_place);
  RUN(int_and_float_should_give_float);
  RUN(other_mixes_should_give_text_written_exactly);
  RUN(flags_and_currency_should_keep_only_what_both_have);
  RUN(different_column_counts_should_be_refused);
  RUN(out_of_memory_should_leave_the_table_as_it_was);
  return check_done();
}
