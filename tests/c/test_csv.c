/* test_csv.c: the streaming CSV reader in RFC 4180: quotes, line ends, errors,
 * chunking, out of memory, random input and reading a path. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

#include <stdint.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "cell_text.h"
#include "check.h"
#include "csv_parse.h"
#include "ingest/csv.h"
#include "utf8_check.h"

/* ---- helpers ---- */

/* Parse n bytes of text as the file name, fed in pieces: split at each offset
 * of cuts (ascending, ncuts of them), then every piece in chunks of at most
 * chunk bytes (0: no limit). */
static parsed parse_cut(const char *name, const char *text, size_t n, const size_t *cuts,
                        size_t ncuts, size_t chunk) {
  parsed p = {LS_OK, NULL, ""};
  ls_csv *r = ls_csv_new(name);
  if (!r) {
    p.st = LS_ENOMEM;
    return p;
  }
  size_t at = 0;
  for (size_t c = 0; c <= ncuts && p.st == LS_OK; c++) {
    size_t stop = c < ncuts ? cuts[c] : n;
    while (at < stop && p.st == LS_OK) {
      size_t k = stop - at;
      if (chunk && k > chunk) k = chunk;
      p.st = ls_csv_feed(r, text + at, k);
      at += k;
    }
  }
  if (p.st == LS_OK) p.st = ls_csv_finish(r, &p.t);
  snprintf(p.msg, sizeof p.msg, "%s", ls_csv_errmsg(r));
  ls_csv_free(r);
  return p;
}

static parsed parse_chunks(const char *text, size_t n, size_t chunk) {
  return parse_cut("t.csv", text, n, NULL, 0, chunk);
}

static parsed parse_text(const char *text) { return parse_chunks(text, strlen(text), 0); }

/* The table of a text that must parse. */
static ls_table *table_of(const char *text) {
  parsed p = parse_text(text);
  if (p.st != LS_OK) CHECK_FAIL_("parse failed: %s", p.msg);
  return p.t;
}

/* The message of a text that must fail with st. */
static const char *error_of(const char *text, ls_status st) {
  static char msg[1024];
  parsed p = parse_text(text);
  CHECK_INT(p.st, st);
  ls_table_free(p.t);
  snprintf(msg, sizeof msg, "%s", p.msg);
  return msg;
}


/* ---- reading ---- */

TEST(csv_should_read_a_header_and_typed_rows) {
  ls_table *t = table_of("id,name,price,paid,at\n1,ann,9.5,true,2024-01-02\n2,bob,10,false,2024-01-03\n");
  if (!t) return;
  CHECK_STR(ls_table_name(t), "t.csv");
  CHECK_INT(ls_table_ncols(t), 5);
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_INT(ls_column_type(ls_table_find(t, "id")), LS_TYPE_INT64);
  CHECK_INT(ls_column_type(ls_table_find(t, "name")), LS_TYPE_STRING);
  CHECK_INT(ls_column_type(ls_table_find(t, "price")), LS_TYPE_DOUBLE);
  CHECK_INT(ls_column_type(ls_table_find(t, "paid")), LS_TYPE_BOOL);
  CHECK_INT(ls_column_type(ls_table_find(t, "at")), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(ls_table_find(t, "id"))[1], 2);
  CHECK_STR(str_at(t, 1, 1), "bob");
  CHECK_NUM(ls_column_f64(ls_table_find(t, "price"))[1], 10, 0);
  CHECK_INT(ls_column_i64(ls_table_find(t, "at"))[0], INT64_C(1704153600000));
  ls_table_free(t);
}

TEST(csv_should_keep_commas_and_doubled_quotes_inside_quoted_fields) {
  ls_table *t = table_of("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"\"\"\",\"\"\"\"\"\"\n");
  if (!t) return;
  CHECK_STR(str_at(t, 0, 0), "x, y");
  CHECK_STR(str_at(t, 1, 0), "say \"hi\"");
  CHECK_STR(str_at(t, 0, 1), "\"");
  CHECK_STR(str_at(t, 1, 1), "\"\"");
  ls_table_free(t);
}

TEST(csv_should_keep_newlines_inside_quoted_fields) {
  ls_table *t = table_of("a,b\n\"one\ntwo\",\"cr\r\nlf\rx\"\n");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 1);
  CHECK_STR(str_at(t, 0, 0), "one\ntwo");
  CHECK_STR(str_at(t, 1, 0), "cr\r\nlf\rx");
  ls_table_free(t);
}

TEST(csv_should_accept_lf_crlf_and_lone_cr_line_ends) {
  static const char *const texts[] = {"a,b\n1,x\n2,y\n", "a,b\r\n1,x\r\n2,y\r\n", "a,b\r1,x\r2,y\r",
                                      "a,b\r\n1,x\r2,y\n"};
  for (size_t i = 0; i < 4; i++) {
    ls_table *t = table_of(texts[i]);
    if (!t) continue;
    CHECK_INT(ls_table_rows(t), 2);
    CHECK_INT(ls_column_i64(ls_table_col(t, 0))[1], 2);
    CHECK_STR(str_at(t, 1, 1), "y");
    CHECK_STR(ls_column_name(ls_table_col(t, 1)), "b");
    ls_table_free(t);
  }
}

TEST(csv_should_skip_a_utf8_byte_order_mark) {
  ls_table *t = table_of("\xEF\xBB\xBFid,name\n1,x\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "id");
  CHECK_INT(ls_column_type(ls_table_col(t, 0)), LS_TYPE_INT64);
  ls_table_free(t);
}

TEST(csv_should_keep_bytes_that_only_begin_like_a_byte_order_mark) {
  ls_table *t = table_of("\xEF\xBBid\n1\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "\xEF\xBF\xBDid");
  ls_table_free(t);
  t = table_of("\xEF\xBB\xBF\xEF\xBB\xBFid\nx\n"); /* only the first BOM is skipped */
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "\xEF\xBB\xBFid");
  ls_table_free(t);
}

TEST(csv_should_skip_empty_lines) {
  ls_table *t = table_of("\n\r\n\na,b\n\n1,2\r\n\r\n\r\r3,4\n\n");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_INT(ls_column_i64(ls_table_col(t, 1))[1], 4);
  ls_table_free(t);
}

TEST(csv_should_accept_a_last_line_without_newline) {
  ls_table *t = table_of("a,b\n1,2\n3,4");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_INT(ls_column_i64(ls_table_col(t, 1))[1], 4);
  ls_table_free(t);
  t = table_of("a,b\n1,\"x\"");
  if (!t) return;
  CHECK_STR(str_at(t, 1, 0), "x");
  ls_table_free(t);
}

TEST(csv_should_read_a_trailing_delimiter_as_an_empty_last_field) {
  ls_table *t = table_of("a,b\n1,\n2,");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_INT(ls_column_nulls(ls_table_col(t, 1)), 2);
  ls_table_free(t);
}

TEST(csv_should_name_empty_header_cells_column_n) {
  ls_table *t = table_of(",b,\"\"\n1,2,3\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "column_1");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "b");
  CHECK_STR(ls_column_name(ls_table_col(t, 2)), "column_3");
  ls_table_free(t);
}

TEST(csv_should_suffix_duplicate_header_names) {
  ls_table *t = table_of("a,a,b,a\n1,2,3,4\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "a");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "a_2");
  CHECK_STR(ls_column_name(ls_table_col(t, 2)), "b");
  CHECK_STR(ls_column_name(ls_table_col(t, 3)), "a_3");
  ls_table_free(t);
  /* a suffix never takes a name the header asks for itself */
  t = table_of("a,a,a_2\n1,2,3\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "a_3");
  CHECK_STR(ls_column_name(ls_table_col(t, 2)), "a_2");
  ls_table_free(t);
  t = table_of("column_2,\n1,2\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "column_2_2");
  ls_table_free(t);
}

TEST(csv_should_read_a_header_only_file_as_zero_rows_of_strings) {
  ls_table *t = table_of("id,amount\n");
  if (!t) return;
  CHECK_INT(ls_table_ncols(t), 2);
  CHECK_INT(ls_table_rows(t), 0);
  CHECK_INT(ls_column_type(ls_table_col(t, 0)), LS_TYPE_STRING);
  CHECK_INT(ls_column_type(ls_table_col(t, 1)), LS_TYPE_STRING);
  ls_table_free(t);
  t = table_of("id");
  if (!t) return;
  CHECK_INT(ls_table_ncols(t), 1);
  ls_table_free(t);
}

TEST(csv_should_read_empty_cells_quoted_or_not_as_null) {
  ls_table *t = table_of("a,b,c\n1,,\"\"\n2,x,\"y\"\n");
  if (!t) return;
  CHECK_INT(ls_column_valid(ls_table_col(t, 1), 0), 0);
  CHECK_INT(ls_column_valid(ls_table_col(t, 2), 0), 0);
  CHECK_STR(str_at(t, 2, 1), "y");
  ls_table_free(t);
}

TEST(csv_should_keep_a_quote_inside_an_unquoted_field_literally) {
  ls_table *t = table_of("a,b\n5\" pipe,x\"y\"\n");
  if (!t) return;
  CHECK_STR(str_at(t, 0, 0), "5\" pipe");
  CHECK_STR(str_at(t, 1, 0), "x\"y\"");
  ls_table_free(t);
}

TEST(csv_should_keep_spaces_of_strings_and_trim_them_for_numbers) {
  ls_table *t = table_of("n,s\n 1 , a \n2,b\n");
  if (!t) return;
  CHECK_INT(ls_column_type(ls_table_col(t, 0)), LS_TYPE_INT64);
  CHECK_STR(str_at(t, 1, 0), " a ");
  ls_table_free(t);
}

TEST(csv_should_replace_invalid_utf8_with_the_replacement_character) {
  ls_table *t = table_of("n\xFF" "a,b\nok\xC3,\"\xE2\x82\"\n\xC3\xA9,\xED\xA0\x80\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "n\xEF\xBF\xBD" "a");
  CHECK_STR(str_at(t, 0, 0), "ok\xEF\xBF\xBD");
  CHECK_STR(str_at(t, 1, 0), "\xEF\xBF\xBD");
  CHECK_STR(str_at(t, 0, 1), "\xC3\xA9");
  CHECK_STR(str_at(t, 1, 1), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  ls_table_free(t);
}

TEST(csv_should_keep_nul_bytes_in_cells_and_cut_names_at_them) {
  static const char text[] = "a\0x,b\nv\0w,2\n";
  parsed p = parse_chunks(text, sizeof text - 1, 0);
  CHECK_INT(p.st, LS_OK);
  if (!p.t) return;
  CHECK_STR(ls_column_name(ls_table_col(p.t, 0)), "a");
  size_t len;
  const char *s = ls_column_str(ls_table_col(p.t, 0), 0, &len);
  CHECK_INT(len, 3);
  CHECK(s && memcmp(s, "v\0w", 3) == 0);
  ls_table_free(p.t);
}

TEST(csv_should_read_the_fixture_with_every_feature) {
  parsed p = parse_chunks(fixture, sizeof fixture - 1, 0);
  CHECK_INT(p.st, LS_OK);
  ls_table *t = p.t;
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 4);
  CHECK_INT(ls_table_ncols(t), 7);
  static const char *const names[] = {"id", "name", "score", "ok", "when", "column_6", "name_2"};
  static const ls_type types[] = {LS_TYPE_INT64, LS_TYPE_STRING, LS_TYPE_DOUBLE, LS_TYPE_BOOL,
                                  LS_TYPE_TIME,  LS_TYPE_STRING, LS_TYPE_STRING};
  for (size_t i = 0; i < 7; i++) {
    CHECK_STR(ls_column_name(ls_table_col(t, i)), names[i]);
    CHECK_INT(ls_column_type(ls_table_col(t, i)), types[i]);
  }
  CHECK_STR(str_at(t, 1, 0), "Zo\xC3\xAB, \"the\" one");
  CHECK_STR(str_at(t, 1, 1), "multi\r\nline");
  CHECK_STR(str_at(t, 1, 2), "\xE6\x97\xA5\xE6\x9C\xAC");
  CHECK_STR(str_at(t, 1, 3), "bad\xEF\xBF\xBD");
  CHECK_STR(str_at(t, 5, 2), "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(str_at(t, 5, 1) == NULL);
  CHECK(str_at(t, 6, 1) == NULL);
  CHECK_STR(str_at(t, 6, 3), "c");
  CHECK_NUM(ls_column_f64(ls_table_col(t, 2))[2], -0.5, 0);
  CHECK_NUM(ls_column_f64(ls_table_col(t, 2))[3], 1000, 0);
  CHECK_INT(ls_column_bool(ls_table_col(t, 3))[1], 0);
  CHECK_INT(ls_column_i64(ls_table_col(t, 4))[2], INT64_C(1704344760000));
  CHECK_INT(ls_column_valid(ls_table_col(t, 4), 3), 0);
  CHECK_STR(str_at(t, 5, 3), "q\"");
  ls_table_free(t);
}

/* ---- chunking ---- */

TEST(csv_should_give_the_same_table_however_the_input_is_split) {
  size_t n = sizeof fixture - 1;
  parsed whole = parse_chunks(fixture, n, 0);
  char *want = dump(&whole);
  ls_table_free(whole.t);
  CHECK_HAS(want, "LS_OK");
  for (size_t cut = 0; cut <= n; cut++) {
    parsed p = parse_cut("t.csv", fixture, n, &cut, 1, 0);
    char *got = dump(&p);
    if (strcmp(got, want) != 0) CHECK_FAIL_("split at %zu gives\n%s\ninstead of\n%s", cut, got, want);
    free(got);
    ls_table_free(p.t);
  }
  for (size_t chunk = 1; chunk <= 5; chunk++) {
    parsed p = parse_chunks(fixture, n, chunk);
    char *got = dump(&p);
    if (strcmp(got, want) != 0) CHECK_FAIL_("chunks of %zu give\n%s", chunk, got);
    free(got);
    ls_table_free(p.t);
  }
  free(want);
}

TEST(csv_should_give_the_same_error_however_the_input_is_split) {
  static const char *const bad[] = {
      "\xEF\xBB\xBF" "a,b\r\n1,\"x\r\ny\"z\r\n",
      "a,b\n\xC3\xA9,\"\xE6\x97\xA5\n\n",
      "\xEF\xBB\xBF" "a,b\r\n\r\n1,2,3\r\n",
      "a,\xC3\xA9\r1\r",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    size_t n = strlen(bad[i]);
    parsed whole = parse_chunks(bad[i], n, 0);
    CHECK_INT(whole.st, LS_EPARSE);
    for (size_t a = 0; a <= n; a++) {
      for (size_t b = a; b <= n; b++) {
        size_t cuts[2] = {a, b};
        parsed p = parse_cut("t.csv", bad[i], n, cuts, 2, 0);
        if (p.st != whole.st || strcmp(p.msg, whole.msg) != 0)
          CHECK_FAIL_("text %zu split at %zu, %zu: \"%s\" instead of \"%s\"", i, a, b, p.msg, whole.msg);
        ls_table_free(p.t);
      }
    }
    parsed p = parse_chunks(bad[i], n, 1);
    CHECK_STR(p.msg, whole.msg);
    ls_table_free(p.t);
  }
}

/* ---- errors ---- */

TEST(csv_should_report_too_few_fields_where_the_record_ends) {
  CHECK_STR(error_of("a,b,c\n1,2,3\n4,5\n", LS_EPARSE), "t.csv: line 3, column 4: expected 3 fields, found 2");
  CHECK_STR(error_of("a,b\n1", LS_EPARSE), "t.csv: line 2, column 2: expected 2 fields, found 1");
  CHECK_STR(error_of("a,b\r\n\"x\ny\"\r\n", LS_EPARSE), "t.csv: line 3, column 3: expected 2 fields, found 1");
}

TEST(csv_should_report_too_many_fields_where_the_first_extra_one_starts) {
  CHECK_STR(error_of("a,b\n1,2,3,4\n", LS_EPARSE), "t.csv: line 2, column 5: expected 2 fields, found 4");
  CHECK_STR(error_of("a\n1\n2,\n", LS_EPARSE), "t.csv: line 3, column 3: expected 1 fields, found 2");
}

TEST(csv_should_report_an_unterminated_quote_where_it_opened) {
  CHECK_STR(error_of("a,b\n1,\"open\n\n", LS_EPARSE), "t.csv: line 2, column 3: unterminated quoted field");
  CHECK_STR(error_of("\"a", LS_EPARSE), "t.csv: line 1, column 1: unterminated quoted field");
  CHECK_STR(error_of("a,b\n1,\"x\"\"", LS_EPARSE), "t.csv: line 2, column 3: unterminated quoted field");
}

TEST(csv_should_report_a_character_after_a_closing_quote) {
  CHECK_STR(error_of("a,b\n1,\"x\"y\n", LS_EPARSE),
            "t.csv: line 2, column 6: unexpected character after closing quote");
  CHECK_STR(error_of("a,b\n1,\"x\" \n", LS_EPARSE),
            "t.csv: line 2, column 6: unexpected character after closing quote");
}

TEST(csv_should_count_columns_in_characters_not_bytes) {
  CHECK_STR(error_of("a,b\n\xC3\xA9\xE6\x97\xA5,\"x\"!\n", LS_EPARSE),
            "t.csv: line 2, column 7: unexpected character after closing quote");
  CHECK_STR(error_of("\xEF\xBB\xBF" "a,b\n1,2\n\xF0\x9F\x98\x80,\"", LS_EPARSE),
            "t.csv: line 3, column 3: unterminated quoted field");
  CHECK_STR(error_of("\xEF\xBB\xBF\"x\"y", LS_EPARSE),
            "t.csv: line 1, column 4: unexpected character after closing quote");
}

TEST(csv_should_count_physical_lines_inside_quotes_and_after_each_line_end) {
  CHECK_STR(error_of("a,b\r\n\"1\r\n2\n3\r4\",x\r\n\r\n1,\"y\"z", LS_EPARSE),
            "t.csv: line 7, column 6: unexpected character after closing quote");
  CHECK_STR(error_of("\n\na\r\n\r\n1,2", LS_EPARSE), "t.csv: line 5, column 3: expected 1 fields, found 2");
}

TEST(csv_should_report_an_empty_file) {
  CHECK_STR(error_of("", LS_EPARSE), "t.csv: empty file: no header row");
  CHECK_STR(error_of("\xEF\xBB\xBF", LS_EPARSE), "t.csv: empty file: no header row");
  CHECK_STR(error_of("\r\n\n\r", LS_EPARSE), "t.csv: empty file: no header row");
}

TEST(csv_should_stay_in_error_after_an_error) {
  ls_csv *r = ls_csv_new("x.csv");
  ls_table *t = (ls_table *)r;
  CHECK_INT(ls_csv_feed(r, "a,b\n\"1\"2", 8), LS_EPARSE);
  const char *want = "x.csv: line 2, column 4: unexpected character after closing quote";
  CHECK_STR(ls_csv_errmsg(r), want);
  CHECK_INT(ls_csv_feed(r, "3,4\n", 4), LS_EPARSE);
  CHECK_INT(ls_csv_finish(r, &t), LS_EPARSE);
  CHECK(t == NULL);
  CHECK_STR(ls_csv_errmsg(r), want);
  ls_csv_free(r);
}

TEST(csv_should_refuse_input_after_finish_and_bad_arguments) {
  ls_csv *r = ls_csv_new("x.csv");
  ls_table *t = NULL;
  CHECK_STR(ls_csv_errmsg(r), "");
  CHECK_INT(ls_csv_feed(NULL, "a", 1), LS_EINVAL);
  CHECK_INT(ls_csv_finish(NULL, &t), LS_EINVAL);
  CHECK_STR(ls_csv_errmsg(NULL), "");
  CHECK_INT(ls_csv_feed(r, NULL, 0), LS_OK);
  CHECK_INT(ls_csv_feed(r, "a\n1\n", 4), LS_OK);
  CHECK_INT(ls_csv_finish(r, &t), LS_OK);
  CHECK_INT(ls_table_rows(t), 1);
  ls_table *again = NULL;
  CHECK_INT(ls_csv_feed(r, "2\n", 2), LS_EINVAL);
  CHECK_INT(ls_csv_finish(r, &again), LS_EINVAL);
  CHECK(again == NULL);
  ls_table_free(t);
  ls_csv_free(r);
  r = ls_csv_new("y.csv");
  CHECK_INT(ls_csv_feed(r, NULL, 3), LS_EINVAL);
  ls_csv_free(r);
  ls_csv_free(NULL);
}

TEST(csv_should_name_the_table_in_valid_utf8) {
  ls_csv *r = ls_csv_new("bad\xFF.csv");
  ls_table *t = NULL;
  CHECK_INT(ls_csv_feed(r, "a\n", 2), LS_OK);
  CHECK_INT(ls_csv_finish(r, &t), LS_OK);
  if (t) CHECK_STR(ls_table_name(t), "bad\xEF\xBF\xBD.csv");
  ls_table_free(t);
  ls_csv_free(r);
}

/* ---- memory ---- */

/* Fail each allocation in turn until the parse succeeds: every failure is
 * LS_ENOMEM (or the parse error of the text) and leaks nothing. */
static void sweep(const char *text, size_t n, size_t chunk, ls_status final) {
  for (unsigned long k = 1;; k++) {
    ls_alloc_fail_after(k);
    parsed p = parse_chunks(text, n, chunk);
    ls_alloc_fail_after(0);
    ls_table_free(p.t);
    if (p.st == final && !strstr(p.msg, "out of memory")) break;
    if (p.st != LS_ENOMEM) {
      CHECK_FAIL_("failing allocation %lu gave %s: %s", k, ls_status_name(p.st), p.msg);
      break;
    }
    if (p.msg[0]) CHECK_HAS(p.msg, "t.csv: out of memory");
    if (k > 100000) {
      CHECK_FAIL_("no end to allocations");
      break;
    }
  }
}

TEST(csv_should_survive_out_of_memory_at_every_allocation) {
  sweep(fixture, sizeof fixture - 1, 0, LS_OK);
  sweep(fixture, sizeof fixture - 1, 3, LS_OK);
  static const char dup[] = "a,a,a,,b\n1,2,3,4,5\n";
  sweep(dup, sizeof dup - 1, 0, LS_OK);
  static const char bad[] = "a,b\n1,2\n3,\"4\"x\n";
  sweep(bad, sizeof bad - 1, 0, LS_EPARSE);
  /* a column of long text makes the store grow many times */
  static char big[200000];
  size_t n = 0;
  n += (size_t)sprintf(big, "s,n\n");
  for (int i = 0; n < sizeof big - 64; i++) n += (size_t)sprintf(big + n, "\"text %d, long enough\",%d\n", i, i);
  sweep(big, n, 4096, LS_OK);
}

/* ---- robustness ---- */


/* Random records of one width (so that many parse), with some bytes changed
 * afterwards; at most cap bytes. */
static size_t random_records(char *buf, size_t cap) {
  size_t n = 0, width = 1 + rnd() % 6, rows = rnd() % 40;
  for (size_t r = 0; r <= rows; r++) {
    for (size_t f = 0; f < width; f++) {
      char cell[40];
      size_t len = rnd() % 8, k = 0;
      int quoted = rnd() % 3 == 0;
      if (quoted) cell[k++] = '"';
      for (size_t i = 0; i < len; i++) {
        char ch = random_byte();
        if (!quoted && (ch == ',' || ch == '\r' || ch == '\n' || (i == 0 && ch == '"'))) ch = 'x';
        cell[k++] = ch;
        if (quoted && ch == '"') cell[k++] = '"';
      }
      if (quoted) cell[k++] = '"';
      cell[k++] = f + 1 < width ? ',' : rnd() % 2 ? '\n' : '\r';
      if (n + k > cap) return n;
      memcpy(buf + n, cell, k);
      n += k;
    }
  }
  for (uint32_t m = rnd() % 4; m > 0 && n; m--) buf[rnd() % n] = random_byte();
  return n;
}

TEST(csv_should_survive_random_bytes) {
  static char buf[2048];
  int ok = 0;
  for (int iter = 0; iter < 3000; iter++) {
    size_t n;
    if (iter % 2) {
      n = rnd() % (sizeof buf + 1);
      for (size_t i = 0; i < n; i++) buf[i] = random_byte();
    } else {
      n = random_records(buf, sizeof buf);
    }
    if (n >= 3 && rnd() % 4 == 0) memcpy(buf, "\xEF\xBB\xBF", 3);
    size_t cuts[8];
    size_t ncuts = rnd() % 8;
    for (size_t c = 0; c < ncuts; c++) cuts[c] = n ? rnd() % (n + 1) : 0;
    for (size_t c = 1; c < ncuts; c++) /* sort */
      for (size_t d = c; d > 0 && cuts[d - 1] > cuts[d]; d--) {
        size_t tmp = cuts[d];
        cuts[d] = cuts[d - 1];
        cuts[d - 1] = tmp;
      }
    parsed p = parse_cut("r.csv", buf, n, cuts, ncuts, rnd() % 3 == 0 ? 1 + rnd() % 16 : 0);
    parsed whole = parse_cut("r.csv", buf, n, NULL, 0, 0);
    if (p.st != LS_OK && p.st != LS_EPARSE) CHECK_FAIL_("iteration %d: %s", iter, ls_status_name(p.st));
    char *a = dump(&p), *b = dump(&whole);
    if (strcmp(a, b) != 0) CHECK_FAIL_("iteration %d: chunking changed the result:\n%s\n%s", iter, a, b);
    free(a);
    free(b);
    ls_table_free(whole.t);
    if (p.st == LS_OK) {
      ok++;
      const ls_table *t = p.t;
      CHECK_INT(ls_table_check(t), LS_OK);
      for (size_t c = 0; c < ls_table_ncols(t); c++) {
        const ls_column *col = ls_table_col(t, c);
        const char *name = ls_column_name(col);
        CHECK(valid_utf8(name, strlen(name)));
        CHECK(name[0] != '\0');
        for (size_t d = 0; d < c; d++) CHECK(strcmp(name, ls_column_name(ls_table_col(t, d))) != 0);
        CHECK_INT(ls_column_len(col), ls_table_rows(t));
        for (size_t i = 0; i < ls_column_len(col); i++) {
          size_t len;
          const char *s = ls_column_str(col, i, &len);
          if (s && !valid_utf8(s, len)) CHECK_FAIL_("iteration %d: invalid UTF-8 in a cell", iter);
        }
      }
    }
    ls_table_free(p.t);
    if (check_current_failed) break;
  }
  printf("  %d of 3000 parsed\n", ok);
  CHECK(ok > 100); /* the alphabet yields tables often enough to check them */
}

/* ---- files ---- */

static char tmpdir[64];

static const char *temp_file(const char *name, const char *content) {
  static char path[128];
  if (!tmpdir[0]) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ls_test_csv_XXXXXX");
    if (!mkdtemp(tmpdir)) return NULL;
  }
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  fwrite(content, 1, strlen(content), f);
  fclose(f);
  return path;
}

TEST(csv_read_path_should_name_the_table_after_the_file) {
  const char *path = temp_file("orders.csv", "id,total\n1,9.5\n2,3\n");
  CHECK(path != NULL);
  ls_table *t = NULL;
  char err[256] = "junk";
  CHECK_INT(ls_csv_read_path(path, &t, err, sizeof err), LS_OK);
  CHECK_STR(err, "");
  if (!t) return;
  CHECK_STR(ls_table_name(t), "orders.csv");
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_INT(ls_column_type(ls_table_col(t, 1)), LS_TYPE_DOUBLE);
  ls_table_free(t);
  remove(path);
}

TEST(csv_read_path_should_read_files_longer_than_its_chunk) {
  size_t rows = 200000;
  char *big = malloc(rows * 16 + 16);
  size_t n = (size_t)sprintf(big, "n,s\n");
  for (size_t i = 0; i < rows; i++) n += (size_t)sprintf(big + n, "%zu,\"r%zu\"\n", i, i % 7);
  const char *path = temp_file("big.csv", big);
  free(big);
  ls_table *t = NULL;
  char err[256];
  CHECK_INT(ls_csv_read_path(path, &t, err, sizeof err), LS_OK);
  if (!t) return;
  CHECK_INT(ls_table_rows(t), rows);
  CHECK_INT(ls_column_i64(ls_table_col(t, 0))[rows - 1], rows - 1);
  CHECK_INT(ls_dict_size(ls_column_dict(ls_table_col(t, 1))), 7);
  ls_table_free(t);
  remove(path);
}

TEST(csv_read_path_should_report_parse_errors_by_file_name) {
  const char *path = temp_file("bad.csv", "a,b\n1\n");
  ls_table *t = NULL;
  char err[256];
  CHECK_INT(ls_csv_read_path(path, &t, err, sizeof err), LS_EPARSE);
  CHECK(t == NULL);
  CHECK_STR(err, "bad.csv: line 2, column 2: expected 2 fields, found 1");
  remove(path);
}

TEST(csv_read_path_should_report_io_errors_with_the_path) {
  ls_table *t = (ls_table *)tmpdir;
  char err[256];
  CHECK_INT(ls_csv_read_path("/nonexistent/dir/x.csv", &t, err, sizeof err), LS_EIO);
  CHECK(t == NULL);
  CHECK_STR(err, "/nonexistent/dir/x.csv: No such file or directory");
  CHECK_INT(ls_csv_read_path("/tmp", &t, err, sizeof err), LS_EIO);
  CHECK_STR(err, "/tmp: Is a directory");
  CHECK_INT(ls_csv_read_path(NULL, &t, err, sizeof err), LS_EINVAL);
  CHECK_INT(ls_csv_read_path("/nonexistent", &t, NULL, 0), LS_EIO);
}

TEST(csv_read_path_should_survive_out_of_memory) {
  const char *path = temp_file("oom.csv", "id,name\n1,a\n2,b\n");
  for (unsigned long k = 1; k < 1000; k++) {
    ls_table *t = NULL;
    char err[256];
    ls_alloc_fail_after(k);
    ls_status st = ls_csv_read_path(path, &t, err, sizeof err);
    ls_alloc_fail_after(0);
    ls_table_free(t);
    if (st == LS_OK) break;
    CHECK_INT(st, LS_ENOMEM);
    CHECK_HAS(err, "out of memory");
  }
  remove(path);
}

int main(void) {
  RUN(csv_should_read_a_header_and_typed_rows);
  RUN(csv_should_keep_commas_and_doubled_quotes_inside_quoted_fields);
  RUN(csv_should_keep_newlines_inside_quoted_fields);
  RUN(csv_should_accept_lf_crlf_and_lone_cr_line_ends);
  RUN(csv_should_skip_a_utf8_byte_order_mark);
  RUN(csv_should_keep_bytes_that_only_begin_like_a_byte_order_mark);
  RUN(csv_should_skip_empty_lines);
  RUN(csv_should_accept_a_last_line_without_newline);
  RUN(csv_should_read_a_trailing_delimiter_as_an_empty_last_field);
  RUN(csv_should_name_empty_header_cells_column_n);
  RUN(csv_should_suffix_duplicate_header_names);
  RUN(csv_should_read_a_header_only_file_as_zero_rows_of_strings);
  RUN(csv_should_read_empty_cells_quoted_or_not_as_null);
  RUN(csv_should_keep_a_quote_inside_an_unquoted_field_literally);
  RUN(csv_should_keep_spaces_of_strings_and_trim_them_for_numbers);
  RUN(csv_should_replace_invalid_utf8_with_the_replacement_character);
  RUN(csv_should_keep_nul_bytes_in_cells_and_cut_names_at_them);
  RUN(csv_should_read_the_fixture_with_every_feature);
  RUN(csv_should_give_the_same_table_however_the_input_is_split);
  RUN(csv_should_give_the_same_error_however_the_input_is_split);
  RUN(csv_should_report_too_few_fields_where_the_record_ends);
  RUN(csv_should_report_too_many_fields_where_the_first_extra_one_starts);
  RUN(csv_should_report_an_unterminated_quote_where_it_opened);
  RUN(csv_should_report_a_character_after_a_closing_quote);
  RUN(csv_should_count_columns_in_characters_not_bytes);
  RUN(csv_should_count_physical_lines_inside_quotes_and_after_each_line_end);
  RUN(csv_should_report_an_empty_file);
  RUN(csv_should_stay_in_error_after_an_error);
  RUN(csv_should_refuse_input_after_finish_and_bad_arguments);
  RUN(csv_should_name_the_table_in_valid_utf8);
  RUN(csv_should_survive_out_of_memory_at_every_allocation);
  RUN(csv_should_survive_random_bytes);
  RUN(csv_read_path_should_name_the_table_after_the_file);
  RUN(csv_read_path_should_read_files_longer_than_its_chunk);
  RUN(csv_read_path_should_report_parse_errors_by_file_name);
  RUN(csv_read_path_should_report_io_errors_with_the_path);
  RUN(csv_read_path_should_survive_out_of_memory);
  if (tmpdir[0]) rmdir(tmpdir);
  return check_done();
}
