/* test_csv_stream.c: typing columns as they are read gives what typing them
 * at finish gives: the same table, reports, repaired count and counts, for
 * columns whose later cells change their type, and for random files. */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "csv_twice.h"
#include "rng.h"
#include "strbuf.h"

/* Read text typed at finish and streaming after 1, 2 and 5 records, in one
 * piece and in chunks of 1, 3 and 17 bytes, keeping the whole input, and in
 * chunks keeping at most 0, 20 or 64 bytes of it; 1 when every reading
 * agrees. */
static int agrees_p(const char *text, size_t n, const ls_dialect *d, const ls_typing *p) {
  static const uint64_t afters[] = {1, 2, 5};
  static const struct {
    size_t chunk;
    uint64_t keep;
  } ways[] = {{0, LS_CSV_KEEP_MAX}, {1, LS_CSV_KEEP_MAX}, {3, LS_CSV_KEEP_MAX}, {17, LS_CSV_KEEP_MAX},
              {1, 0},                {3, 20},              {17, 64}};
  reading base = read_csv(text, n, d, p, 0, 0);
  int ok = 1;
  for (size_t a = 0; a < 3 && ok; a++)
    for (size_t w = 0; w < sizeof ways / sizeof *ways && ok; w++) {
      reading r = read_csv_keep(text, n, d, p, afters[a], ways[w].chunk, ways[w].keep);
      if (!same_reading(&base, &r)) {
        printf("  differs streaming after %llu in chunks of %zu keeping %llu: %s | %s\n",
               (unsigned long long)afters[a], ways[w].chunk, (unsigned long long)ways[w].keep, base.msg, r.msg);
        ok = 0;
      }
      reading_free(&r);
    }
  reading_free(&base);
  return ok;
}

static int agrees(const char *text) { return agrees_p(text, strlen(text), NULL, NULL); }

/* The type of column col of text streaming after 2 records. */
static ls_type type_of(const char *text, size_t col) {
  reading r = read_csv(text, strlen(text), NULL, NULL, 2, 0);
  ls_type t = r.t ? ls_column_type(ls_table_col(r.t, col)) : LS_TYPE_COUNT;
  reading_free(&r);
  return t;
}

TEST(a_word_after_numbers_should_make_a_string_column_read_again) {
  const char *text = "id,n\na,1\nb,2\nc,3\nd,4\ne,007\nf,x\ng,5\n";
  CHECK(agrees(text));
  CHECK_INT(type_of(text, 1), LS_TYPE_STRING);
}

TEST(a_decimal_after_integers_should_make_a_float_column) {
  const char *text = "n\n1\n2\n3\n4\n5.5\n6\n";
  CHECK(agrees(text));
  CHECK_INT(type_of(text, 0), LS_TYPE_DOUBLE);
}

TEST(a_column_empty_at_first_should_stream_once_it_has_values) {
  const char *text = "a,b\n1,\n2,\n3,NA\n4,-\n5,10\n6,11\n7,12\n8,13\n9,x\n";
  CHECK(agrees(text));
  CHECK(agrees("a,b\n1,\n2,\n3,\n4,\n5,10\n6,11\n7,12\n8,13\n9,14\n"));
}

TEST(a_late_day_over_twelve_should_settle_the_order_as_at_finish) {
  CHECK(agrees("d\n01/02/2024\n03/04/2024\n05/06/2024\n07/08/2024\n25/01/2024\n"));
  CHECK(agrees("d\n01/02/2024\n03/04/2024\n05/06/2024\n07/08/2024\n01/25/2024\n"));
  CHECK(agrees("d\n01/02/2024\n03/04/2024\n13/06/2024\n07/08/2024\n01/25/2024\n"));
  CHECK(agrees("d\n2024-01-02\n2024-01-03\n2024-01-04\n2024-01-05 10:00\n2024-01-06T00:00:00Z\n"));
}

TEST(currencies_percentages_and_decimal_commas_should_read_as_at_finish) {
  CHECK(agrees("a\n1\n2\n3\n$4\n$5\n6\n"));
  CHECK(agrees("a\n$1\n$2\n$3\n$4\n\xE2\x82\xAC" "5\n6\n"));
  CHECK(agrees("a\n1%\n2%\n3%\n4%\n5\n"));
  CHECK(agrees("a\n1\n2\n3\n4\n5%\n"));
  CHECK(agrees("a\n\"1,5\"\n\"2,5\"\n\"3,25\"\n\"4,5\"\n\"1,234.5\"\n"));
  CHECK(agrees("a\n\"1,234\"\n\"2,345\"\n\"3,456\"\n\"4,567\"\n\"1,5\"\n"));
  ls_dialect d;
  ls_dialect_default(&d);
  d.delim = ';';
  ls_typing p;
  ls_typing_default(&p);
  p.all.decimal = LS_DECIMAL_AUTO_COMMA;
  const char *semi = "a;b\n1,5;x\n2,5;y\n3;z\n4,25;w\n1.234,5;v\n12.5;u\n";
  CHECK(agrees_p(semi, strlen(semi), &d, &p));
}

TEST(bools_epochs_and_forced_types_should_read_as_at_finish) {
  CHECK(agrees("ok\ntrue\nfalse\nyes\nno\nmaybe\n"));
  CHECK(agrees("created_at\n1700000000\n1700000100\n1700000200\n1700000300\n1700000400000\n"));
  CHECK(agrees("created_at\n1700000000\n1700000100\n1700000200\n1700000300\n1700000400\n"));
  CHECK(agrees("event_date\n20240101\n20240102\n20240103\n20240104\n20240105\n"));
  const char *text = "id,amount\n1,5\n2,6\n3,x\n4,7\n5,8\n";
  ls_typing p;
  ls_typing_default(&p);
  CHECK_INT(ls_typing_force(&p, "amount", LS_TYPE_INT64), LS_OK);
  CHECK_INT(ls_typing_force(&p, "id", LS_TYPE_STRING), LS_OK);
  CHECK(agrees_p(text, strlen(text), NULL, &p));
}

TEST(quotes_line_ends_and_invalid_utf8_late_should_read_as_at_finish) {
  CHECK(agrees("a,b\r\n1,x\r\n2,y\r\n3,z\r\n4,\"w, \"\"q\"\"\"\r\n5,\"two\nlines\"\r\n6,\xC3\xA9\r\n7,\xFF\xFE\r\n"));
  CHECK(agrees("a,b\n1,x\n2,y\n\n3,z\r4,w\n5,\xFF\n6,v"));
  CHECK(agrees("\xEF\xBB\xBF" "a,b\n1,x\n2,y\n3,z\n4,w\n5,v\n"));
}

TEST(ragged_rows_fixed_should_pad_and_cut_as_at_finish) {
  ls_dialect d;
  ls_dialect_default(&d);
  d.ragged = LS_RAGGED_FIX;
  const char *text = "a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11,12\n13,14,x\n15\n";
  CHECK(agrees_p(text, strlen(text), &d, NULL));
  d.ragged = LS_RAGGED_ERROR;
  CHECK(agrees_p(text, strlen(text), &d, NULL)); /* the same error */
}

TEST(a_string_column_near_a_type_should_report_it_as_at_finish) {
  strbuf b = {0};
  put(&b, "n,s\n", 4);
  for (int i = 0; i < 300; i++) putf(&b, "%d,%s\n", i, i == 150 ? "oops" : i % 7 ? "12" : "3.5");
  CHECK(agrees_p(b.s, b.len, NULL, NULL));
  reading r = read_csv(b.s, b.len, NULL, NULL, 2, 0);
  CHECK(r.t != NULL);
  if (r.t) {
    CHECK_INT(r.reps[1].type, LS_TYPE_STRING);
    CHECK_INT(r.reps[1].near_type, LS_TYPE_DOUBLE);
    CHECK_INT(r.reps[1].bad, 1);
    CHECK_INT(r.reps[1].bad_at[0], 150);
  }
  reading_free(&r);
  free(b.s);
}

/* Reading text streamed after 1 record in chunks of chunk bytes, keeping at
 * most keep bytes, fails with LS_ENOMEM or gives what typing at finish gives,
 * whichever allocation fails. */
static void survives_oom(const char *text, size_t chunk, uint64_t keep) {
  size_t n = strlen(text);
  reading want = read_csv(text, n, NULL, NULL, 0, 0);
  CHECK_INT(want.st, LS_OK);
  for (unsigned long k = 1;; k++) {
    ls_alloc_fail_after(k);
    reading r = read_csv_keep(text, n, NULL, NULL, 1, chunk, keep);
    ls_alloc_fail_after(0);
    int done = r.st == LS_OK;
    if (done) CHECK(same_reading(&want, &r));
    else if (r.st != LS_ENOMEM) CHECK_FAIL_("failing allocation %lu gave %s: %s", k, ls_status_name(r.st), r.msg);
    reading_free(&r);
    if (done || r.st != LS_ENOMEM) break;
    if (k > 100000) {
      CHECK_FAIL_("no end to allocations");
      break;
    }
  }
  reading_free(&want);
}

TEST(streaming_should_survive_out_of_memory_at_every_allocation) {
  survives_oom("a,b,c\n1,x,01/02/2024\n2,y,03/04/2024\n3,z,13/01/2024\nw,\xFF,05/01/2024\n", 3, LS_CSV_KEEP_MAX);
}

TEST(the_kept_input_should_stay_within_its_limit) {
  strbuf b = {0};
  put(&b, "id,n,t\n", 7);
  for (int i = 0; i < 5000; i++) putf(&b, "u%d,%d,2024-01-%02d\n", i % 97, i, i % 28 + 1);
  reading whole = read_csv_keep(b.s, b.len, NULL, NULL, 2, 4096, LS_CSV_KEEP_MAX);
  reading limited = read_csv_keep(b.s, b.len, NULL, NULL, 2, 4096, 10000);
  reading at_finish = read_csv(b.s, b.len, NULL, NULL, 0, 4096);
  CHECK_INT(whole.kept, b.len); /* every column streams to the end */
  CHECK_INT(limited.kept, 0);   /* past 10000 bytes every column turned text */
  CHECK_INT(at_finish.kept, 0);
  CHECK(same_reading(&at_finish, &whole));
  CHECK(same_reading(&at_finish, &limited));
  CHECK_INT(ls_column_type(ls_table_col(limited.t, 1)), LS_TYPE_INT64);
  CHECK_INT(ls_column_type(ls_table_col(limited.t, 2)), LS_TYPE_TIME);
  reading_free(&whole);
  reading_free(&limited);
  reading_free(&at_finish);
  free(b.s);
}

TEST(turning_text_at_the_limit_should_survive_out_of_memory) {
  survives_oom("a,b,c\n1,x,01/02/2024\n2,y,03/04/2024\n3,z,05/01/2024\n4,\xFF,05/01/2024\n5,v,7\n", 7, 30);
}

/* ---- random files ---- */

static const char *const POOLS[][8] = {
    {"1", "22", "-3", "4000", "0", "12345678901", "1,234", "(5)"},
    {"1.5", "2.25", "-0.5", "3", "1e3", "0.001", "7.", ".5"},
    {"$1", "$2.50", "US$3", "\xC2\xA5" "4", "5 USD", "\xE2\x82\xAC" "6", "7%", "8"},
    {"01/02/2024", "13/02/2024", "02/13/2024", "2024-01-02", "2024-01-02 03:04", "2024-01-02T03:04:05Z",
     "2024\xE5\xB9\xB4" "1\xE6\x9C\x88" "5\xE6\x97\xA5", "1.2.2024"},
    {"true", "false", "yes", "no", "t", "f", "\xE6\x98\xAF", "\xE5\x90\xA6"},
    {"", "NA", "-", "null", "None", "N/A", "\\N", " "},
    {"a", "bb", "\xC3\xA9t\xC3\xA9", "\xFF", "x y", "\"q,r\"", "\"l\nm\"", "\"d\"\"e\""},
    {"1700000000", "1700000000123", "1700000000123456", "20240105", "1700000000.5", "631152000", "99", "x"},
};
#define NPOOLS (sizeof POOLS / sizeof *POOLS)

static const char *const NAMES[] = {"id", "created_at", "amount", "note", "ts", "event_date"};

TEST(random_files_should_read_the_same_streamed_and_at_finish) {
  int bad = 0;
  for (int iter = 0; iter < 400 && bad < 3; iter++) {
    size_t ncols = rnd() % 4 + 1, rows = rnd() % 60 + 1;
    size_t main_pool[4], switch_at[4];
    strbuf b = {0};
    for (size_t c = 0; c < ncols; c++) {
      main_pool[c] = rnd() % NPOOLS;
      switch_at[c] = rnd() % (rows + 10); /* where other pools may start */
      putf(&b, "%s%s", c ? "," : "", NAMES[rnd() % 6]);
    }
    put(&b, rnd() % 4 ? "\n" : "\r\n", 1);
    for (size_t i = 0; i < rows; i++) {
      for (size_t c = 0; c < ncols; c++) {
        size_t pool = main_pool[c];
        if (i >= switch_at[c] && rnd() % 5 == 0) pool = rnd() % NPOOLS;
        if (rnd() % 6 == 0) pool = 5; /* nulls anywhere */
        const char *v = POOLS[pool][rnd() % 8];
        putf(&b, "%s%s", c ? "," : "", v);
      }
      put(&b, "\n", 1);
    }
    if (!agrees_p(b.s, b.len, NULL, NULL)) {
      printf("  file %d:\n%.*s\n", iter, (int)(b.len < 600 ? b.len : 600), b.s);
      bad++;
    }
    free(b.s);
  }
  CHECK_INT(bad, 0);
}

/* The fast lane types a batch of records column by column: a cell that
 * misses inside a batch (a word, a percentage, a day-first date, an id with
 * a fraction), a float after ints, and the cells after it in the same batch
 * must read as at finish. 700 records: several batches. */
TEST(misses_inside_a_batch_of_records_should_read_as_at_finish) {
  strbuf b = {0};
  putf(&b, "%s", "user_id,n,f,t,e,s,amount\n");
  for (int i = 0; i < 700; i++) {
    char t[32];
    if (i == 302)
      snprintf(t, sizeof t, "25/01/2024");
    else
      snprintf(t, sizeof t, "2025-11-%02dT%02d:%02d:00Z", i % 28 + 1, i % 24, i % 60);
    putf(&b, "%s,%s,%s,%s,%s,%s,%s\n", i == 500 ? "7.5" : i % 3 ? "12" : "13", i == 300 ? "x" : i % 2 ? "4" : "-15",
         i == 301 ? "12%" : i % 4 ? "0.25" : "", t, i % 5 ? "" : "200", i % 9 ? "free" : "NA",
         i == 400 ? "1.5" : i % 7 ? "3" : "");
  }
  CHECK(agrees_p(b.s, b.len, NULL, NULL));
  reading r = read_csv(b.s, b.len, NULL, NULL, 2, 0);
  CHECK(r.t != NULL);
  if (r.t) {
    CHECK_INT(ls_column_type(ls_table_col(r.t, 0)), LS_TYPE_STRING); /* an id with a fraction */
    CHECK_INT(ls_column_type(ls_table_col(r.t, 1)), LS_TYPE_STRING); /* "x" */
    CHECK_INT(ls_column_type(ls_table_col(r.t, 2)), LS_TYPE_STRING); /* "12%" among plain numbers */
    CHECK_INT(ls_column_type(ls_table_col(r.t, 4)), LS_TYPE_INT64);
    CHECK_INT(ls_column_type(ls_table_col(r.t, 6)), LS_TYPE_DOUBLE); /* "1.5" among ints */
    CHECK_INT(ls_column_nulls(ls_table_col(r.t, 4)), 560);           /* 700 - 700/5 */
  }
  reading_free(&r);
  free(b.s);
}

/* ISO times on one date read their time of day alone (ls_timescan_quick):
 * with and without 'Z', 'T' or ' ', a leap second, midnight, and a time on
 * the same date that is no time (hour 24: the column turns text) must read
 * as at finish; so must a column of local times, one of times in UTC, and
 * values just before and after midnight. */
TEST(iso_times_on_one_date_should_read_as_at_finish) {
  static const char *const tails[] = {"T00:00:00Z", "T23:59:59Z", "T12:30:60Z", "T09:05:07Z"};
  strbuf z = {0}, l = {0}, bad = {0};
  putf(&z, "%s", "t\n");
  putf(&l, "%s", "t\n");
  putf(&bad, "%s", "t\n");
  for (int i = 0; i < 400; i++) {
    int day = i / 30 + 1;
    putf(&z, "2024-02-%02d%s\n", day, tails[i % 4]);
    putf(&l, "2024-02-%02d%c%02d:%02d:%02d\n", day, i % 3 ? 'T' : ' ', i % 24, i % 60, (i * 7) % 61);
    putf(&bad, "2024-02-%02dT%02d:00:00\n", day, i == 350 ? 24 : i % 24);
  }
  CHECK(agrees_p(z.s, z.len, NULL, NULL));
  CHECK(agrees_p(l.s, l.len, NULL, NULL));
  CHECK(agrees_p(bad.s, bad.len, NULL, NULL));
  reading r = read_csv(l.s, l.len, NULL, NULL, 2, 0);
  CHECK(r.t != NULL);
  if (r.t) {
    const ls_column *c = ls_table_col(r.t, 0);
    CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
    /* row 399: 2024-02-14 (399 / 30 + 1) 15:39:48 (399 % 24, 399 % 60,
     * 2793 % 61 = 2793 - 2745 = 48); 2024-02-14 is day 19767 since
     * 1970-01-01 (19723 to 2024-01-01, + 31 + 13), so 19767 * 86400000 +
     * (15 * 3600 + 39 * 60 + 48) * 1000 = ... + 56388000 ms */
    CHECK_INT(ls_column_i64(c)[399], INT64_C(19767) * 86400000 + 56388000);
  }
  reading_free(&r);
  free(z.s);
  free(l.s);
  free(bad.s);
}

int main(void) {
  RUN(a_word_after_numbers_should_make_a_string_column_read_again);
  RUN(a_decimal_after_integers_should_make_a_float_column);
  RUN(a_column_empty_at_first_should_stream_once_it_has_values);
  RUN(a_late_day_over_twelve_should_settle_the_order_as_at_finish);
  RUN(currencies_percentages_and_decimal_commas_should_read_as_at_finish);
  RUN(bools_epochs_and_forced_types_should_read_as_at_finish);
  RUN(quotes_line_ends_and_invalid_utf8_late_should_read_as_at_finish);
  RUN(ragged_rows_fixed_should_pad_and_cut_as_at_finish);
  RUN(a_string_column_near_a_type_should_report_it_as_at_finish);
  RUN(streaming_should_survive_out_of_memory_at_every_allocation);
  RUN(the_kept_input_should_stay_within_its_limit);
  RUN(turning_text_at_the_limit_should_survive_out_of_memory);
  RUN(random_files_should_read_the_same_streamed_and_at_finish);
  RUN(misses_inside_a_batch_of_records_should_read_as_at_finish);
  RUN(iso_times_on_one_date_should_read_as_at_finish);
  return check_done();
}
