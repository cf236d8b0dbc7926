/* test_csvout.c: tables written as CSV, checked against exact text. */
#include <stdint.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "check.h"
#include "table/csvout.h"
#include "table/table.h"

/* ---- helpers ---- */

/* The CSV text of t (caller frees), and the status in *st. */
static char *csv_of(const ls_table *t, ls_status *st) {
  FILE *f = tmpfile();
  if (!f) return NULL;
  *st = ls_csv_write(t, f);
  long n = ftell(f);
  rewind(f);
  char *text = malloc((size_t)n + 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) text[0] = '\0';
  if (text) text[n] = '\0';
  fclose(f);
  return text;
}

static void push_s(ls_column *c, const char *s) {
  if (s)
    ls_column_push_str(c, s, strlen(s));
  else
    ls_column_push_null(c);
}

static int64_t at(int y, int mo, int d, int h, int mi, int s, int ms) {
  return ls_time_from_civil(y, mo, d, h, mi, s, ms);
}

/* ---- tests ---- */

TEST(write_should_print_every_type_and_leave_nulls_empty) {
  ls_table *t = ls_table_new("t");
  ls_column *id = ls_table_add(t, "id", LS_TYPE_STRING);
  ls_column *count = ls_table_add(t, "count", LS_TYPE_INT64);
  ls_column *price = ls_table_add(t, "price", LS_TYPE_DOUBLE);
  ls_column *ok = ls_table_add(t, "ok", LS_TYPE_BOOL);
  ls_column *when = ls_table_add(t, "at", LS_TYPE_TIME);
  push_s(id, "a");
  ls_column_push_i64(count, 1);
  ls_column_push_f64(price, 0.1);
  ls_column_push_bool(ok, 1);
  ls_column_push_i64(when, at(2025, 11, 1, 10, 30, 15, 0));
  push_s(id, "b");
  ls_column_push_i64(count, -9007199254740993);
  ls_column_push_f64(price, 12500);
  ls_column_push_bool(ok, 0);
  ls_column_push_null(when);
  push_s(id, NULL);
  ls_column_push_null(count);
  ls_column_push_null(price);
  ls_column_push_null(ok);
  ls_column_push_i64(when, at(2025, 11, 2, 0, 0, 0, 250));
  ls_status st;
  char *text = csv_of(t, &st);
  CHECK_INT(st, LS_OK);
  CHECK_STR(text,
            "id,count,price,ok,at\n"
            "a,1,0.1,true,2025-11-01T10:30:15Z\n"
            "b,-9007199254740993,12500,false,\n"
            ",,,,2025-11-02T00:00:00.250Z\n");
  free(text);
  ls_table_free(t);
}

TEST(write_should_print_numbers_in_plain_shortest_decimal) {
  ls_table *t = ls_table_new("t");
  ls_column *x = ls_table_add(t, "x", LS_TYPE_DOUBLE);
  const double v[] = {2083.3333333333335, -3, 0.57, 1e21, 1.5e-7, NAN};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) ls_column_push_f64(x, v[i]);
  ls_column_push_null(x);
  ls_status st;
  char *text = csv_of(t, &st);
  CHECK_INT(st, LS_OK);
  CHECK_STR(text, "x\n2083.3333333333335\n-3\n0.57\n1000000000000000000000\n0.00000015\n\n\n");
  free(text);
  ls_table_free(t);
}

TEST(write_should_pick_the_shortest_exact_form_for_each_timestamp_column) {
  ls_table *t = ls_table_new("t");
  ls_column *day = ls_table_add(t, "day", LS_TYPE_TIME);
  ls_column *minute = ls_table_add(t, "minute", LS_TYPE_TIME);
  ls_column *second = ls_table_add(t, "second", LS_TYPE_TIME);
  ls_column *milli = ls_table_add(t, "milli", LS_TYPE_TIME);
  ls_column_push_i64(day, at(2025, 11, 1, 0, 0, 0, 0));
  ls_column_push_i64(minute, at(2025, 11, 1, 0, 0, 0, 0));
  ls_column_push_i64(second, at(2025, 11, 1, 0, 0, 0, 0));
  ls_column_push_i64(milli, at(2025, 11, 1, 0, 0, 0, 0));
  ls_column_push_null(day);
  ls_column_push_i64(minute, at(2025, 11, 1, 10, 30, 0, 0));
  ls_column_push_i64(second, at(2025, 11, 1, 10, 30, 0, 0));
  ls_column_push_i64(milli, at(2025, 11, 1, 10, 30, 0, 0));
  ls_column_push_i64(day, at(1999, 12, 31, 0, 0, 0, 0));
  ls_column_push_null(minute);
  ls_column_push_i64(second, at(2025, 11, 1, 10, 30, 15, 0));
  ls_column_push_i64(milli, at(2025, 11, 1, 10, 30, 15, 7));
  ls_status st;
  char *text = csv_of(t, &st);
  CHECK_INT(st, LS_OK);
  CHECK_STR(text,
            "day,minute,second,milli\n"
            "2025-11-01,2025-11-01 00:00,2025-11-01T00:00:00Z,2025-11-01T00:00:00Z\n"
            ",2025-11-01 10:30,2025-11-01T10:30:00Z,2025-11-01T10:30:00Z\n"
            "1999-12-31,,2025-11-01T10:30:15Z,2025-11-01T10:30:15.007Z\n");
  free(text);
  ls_table_free(t);
}

TEST(write_should_write_an_all_null_timestamp_column_as_empty_fields) {
  ls_table *t = ls_table_new("t");
  ls_column *a = ls_table_add(t, "a", LS_TYPE_INT64);
  ls_column *b = ls_table_add(t, "b", LS_TYPE_TIME);
  ls_column_push_i64(a, 1);
  ls_column_push_null(b);
  ls_status st;
  char *text = csv_of(t, &st);
  CHECK_INT(st, LS_OK);
  CHECK_STR(text, "a,b\n1,\n");
  free(text);
  ls_table_free(t);
}

TEST(write_should_quote_fields_that_need_it_and_double_their_quotes) {
  ls_table *t = ls_table_new("t");
  ls_column *s = ls_table_add(t, "a,b", LS_TYPE_STRING);
  ls_column *k = ls_table_add(t, "say \"k\"", LS_TYPE_INT64);
  const char *v[] = {"plain", "in side", "a,b", "say \"hi\"", " lead", "trail ", "\ttab",
                     "line\nbreak", "cr\rx", "", NULL, "Zürich 東京"};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    push_s(s, v[i]);
    ls_column_push_i64(k, (int64_t)i);
  }
  ls_status st;
  char *text = csv_of(t, &st);
  CHECK_INT(st, LS_OK);
  CHECK_STR(text,
            "\"a,b\",\"say \"\"k\"\"\"\n"
            "plain,0\n"
            "in side,1\n"
            "\"a,b\",2\n"
            "\"say \"\"hi\"\"\",3\n"
            "\" lead\",4\n"
            "\"trail \",5\n"
            "\"\ttab\",6\n"
            "\"line\nbreak\",7\n"
            "\"cr\rx\",8\n"
            "\"\",9\n"
            ",10\n"
            "Zürich 東京,11\n");
  free(text);
  ls_table_free(t);
}

TEST(write_should_carry_long_fields_and_many_rows_across_buffer_flushes) {
  ls_table *t = ls_table_new("t");
  ls_column *s = ls_table_add(t, "s", LS_TYPE_STRING);
  size_t n = 200000;
  char *big = malloc(n + 1);
  for (size_t i = 0; i < n; i++) big[i] = i % 1000 == 999 ? '"' : 'x';
  big[n] = '\0';
  ls_column_push_str(s, big, n);
  for (int i = 0; i < 20000; i++) push_s(s, "row");
  ls_status st;
  char *text = csv_of(t, &st);
  CHECK_INT(st, LS_OK);
  size_t quotes = n / 1000;
  size_t want = 2 + (1 + n + quotes + 1 + 1) + 20000 * 4;
  CHECK_INT(strlen(text), want);
  CHECK(strncmp(text, "s\n\"xxx", 6) == 0);
  CHECK(strncmp(text + 2 + 1 + 999, "\"\"x", 3) == 0);
  CHECK(strcmp(text + want - 8, "row\nrow\n") == 0);
  free(text);
  free(big);
  ls_table_free(t);
}

TEST(write_should_report_a_failed_write_as_an_io_error) {
  FILE *f = fopen("/dev/full", "w");
  if (!f) return; /* no /dev/full on this system */
  ls_table *t = ls_table_new("t");
  ls_column *a = ls_table_add(t, "a", LS_TYPE_INT64);
  ls_column_push_i64(a, 1);
  CHECK_INT(ls_csv_write(t, f), LS_EIO);
  fclose(f);
  ls_table_free(t);
}

TEST(write_should_reject_missing_arguments_and_ragged_tables) {
  ls_table *t = ls_table_new("t");
  ls_column *a = ls_table_add(t, "a", LS_TYPE_INT64);
  ls_column *b = ls_table_add(t, "b", LS_TYPE_INT64);
  ls_column_push_i64(a, 1);
  ls_column_push_i64(a, 2);
  ls_column_push_i64(b, 1);
  FILE *f = tmpfile();
  CHECK_INT(ls_csv_write(NULL, f), LS_EINVAL);
  CHECK_INT(ls_csv_write(t, NULL), LS_EINVAL);
  CHECK_INT(ls_csv_write(t, f), LS_EINVAL);
  CHECK_INT(ftell(f), 0);
  fclose(f);
  ls_table_free(t);
}

TEST(write_should_write_only_the_header_for_a_table_without_rows) {
  ls_table *t = ls_table_new("t");
  ls_table_add(t, "a", LS_TYPE_INT64);
  ls_table_add(t, "Created (UTC)", LS_TYPE_TIME);
  ls_status st;
  char *text = csv_of(t, &st);
  CHECK_INT(st, LS_OK);
  CHECK_STR(text, "a,Created (UTC)\n");
  free(text);
  ls_table_free(t);
}

TEST(write_should_fail_cleanly_when_memory_runs_out) {
  ls_table *t = ls_table_new("t");
  ls_column *a = ls_table_add(t, "a", LS_TYPE_INT64);
  ls_column_push_i64(a, 1);
  for (unsigned long n = 1;; n++) {
    ls_alloc_fail_after(n);
    ls_status st = LS_EINVAL;
    char *text = csv_of(t, &st);
    ls_alloc_fail_after(0);
    if (st == LS_OK) {
      CHECK_STR(text, "a\n1\n");
      free(text);
      break;
    }
    CHECK_INT(st, LS_ENOMEM);
    CHECK_STR(text, "");
    free(text);
    if (n > 10) {
      CHECK(!"an allocation failure never ends");
      break;
    }
  }
  ls_table_free(t);
}

int main(void) {
  RUN(write_should_print_every_type_and_leave_nulls_empty);
  RUN(write_should_print_numbers_in_plain_shortest_decimal);
  RUN(write_should_pick_the_shortest_exact_form_for_each_timestamp_column);
  RUN(write_should_write_an_all_null_timestamp_column_as_empty_fields);
  RUN(write_should_quote_fields_that_need_it_and_double_their_quotes);
  RUN(write_should_carry_long_fields_and_many_rows_across_buffer_flushes);
  RUN(write_should_report_a_failed_write_as_an_io_error);
  RUN(write_should_reject_missing_arguments_and_ragged_tables);
  RUN(write_should_write_only_the_header_for_a_table_without_rows);
  RUN(write_should_fail_cleanly_when_memory_runs_out);
  return check_done();
}
