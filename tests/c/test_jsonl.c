/* test_jsonl.c: the streaming JSON Lines reader: line ends, byte order marks,
 * UTF-8 repair, row lines, record mode, chunking, errors, out of memory and
 * random input. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "ingest/jsonl.h"
#include "jsonl_parse.h"
#include "rng.h"
#include "strbuf.h"
#include "utf8_check.h"

/* ---- helpers ---- */

/* The message of a text that must fail with LS_EPARSE. */
static const char *error_of(const char *text) {
  static char msg[1024];
  parsed p = parse_text(text);
  CHECK_INT(p.st, LS_EPARSE);
  ls_table_free(p.t);
  snprintf(msg, sizeof msg, "%s", p.msg);
  return msg;
}

/* Text with every feature: a BOM, CRLF and LF, blank lines, nesting, arrays,
 * escapes split by chunks, multibyte and invalid UTF-8, duplicates, a key
 * first seen late, nulls, and a last line without a LF. */
static const char fixture[] =
    "\xEF\xBB\xBF{\"id\":1,\"p\":{\"n\":\"Zo\xC3\xAB\",\"q\":{\"time\":1736083320}},\"tags\":["
    "\"a\", 1]}\r\n"
    "\r\n"
    "  \t\n"
    "{\"id\":2,\"p\":{\"n\":\"\\u65e5\\ud83d\\ude00\\\"\"},\"ok\":true,\"id\":3}\n"
    "{\"id\":4,\"p\":null,\"ok\":false,\"bad\":\"x\xFF\"}\r\n"
    "{\"p\":{\"q\":{\"time\":1736083321.5}},\"id\":5,\"late\":\"z\"}";

/* ---- reading ---- */

TEST(jsonl_should_accept_crlf_blank_lines_and_a_last_line_without_newline) {
  parsed p = parse_text("\r\n{\"a\":1}\r\n\r\n  \t\r\n{ \"a\" : 2 }\t\r\n\n{\"a\":3}");
  CHECK_INT(p.st, LS_OK);
  if (p.t) {
    CHECK_INT(ls_table_rows(p.t), 3);
    CHECK_INT(ls_column_i64(col_named(p.t, "a"))[1], 2);
  }
  CHECK_INT(p.lines[0], 2);
  CHECK_INT(p.lines[1], 5);
  CHECK_INT(p.lines[2], 7);
  CHECK_INT(p.lines[3], 0);
  drop(&p);
}

TEST(jsonl_should_tell_the_line_of_each_row) {
  parsed p = parse_text("{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n\n\n{\"a\":4}\n{\"a\":5}\n");
  CHECK_INT(p.st, LS_OK);
  static const uint64_t want[8] = {1, 3, 4, 7, 8, 0, 0, 0};
  for (int i = 0; i < 8; i++)
    if (p.lines[i] != want[i])
      CHECK_FAIL_("row %d is on line %llu, expected %llu", i, (unsigned long long)p.lines[i],
                  (unsigned long long)want[i]);
  drop(&p);
}

TEST(jsonl_should_count_blank_lines_and_list_where_rows_break_the_line_sequence) {
  ls_jsonl *r = ls_jsonl_new("t.jsonl");
  const char *text = "\n{\"a\":1}\n{\"a\":2}\n \r\n\n{\"a\":3}\n";
  CHECK_INT(ls_jsonl_feed(r, text, strlen(text)), LS_OK);
  ls_table *t = NULL;
  CHECK_INT(ls_jsonl_finish(r, &t), LS_OK);
  CHECK_INT(ls_jsonl_blank_lines(r), 3);
  ls_rowlines m;
  ls_reader_take_rowlines(ls_jsonl_reader(r), &m);
  CHECK_INT(m.n, 2);
  if (m.n == 2) {
    CHECK_INT(m.at[0][0], 0); /* row 0 on line 2 */
    CHECK_INT(m.at[0][1], 2);
    CHECK_INT(m.at[1][0], 2); /* row 2 on line 6 */
    CHECK_INT(m.at[1][1], 6);
  }
  CHECK_INT(ls_rowlines_line(&m, 1), 3);
  ls_rowlines_free(&m);
  ls_table_free(t);
  ls_jsonl_free(r);
}

TEST(jsonl_should_skip_a_utf8_byte_order_mark) {
  ls_table *t = table_of("\xEF\xBB\xBF{\"a\":1}\n");
  if (!t) return;
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "a");
  ls_table_free(t);
  /* columns count from after the mark */
  CHECK_STR(error_of("\xEF\xBB\xBF{\"a\":x}\n"), "t.jsonl: line 1, column 6: expected a value");
  /* bytes that only begin like a mark are not one */
  CHECK_STR(error_of("\xEF\xBB{\"a\":1}\n"),
            "t.jsonl: line 1, column 1: expected '{': each line must hold one JSON object");
}

TEST(jsonl_should_repair_invalid_utf8_in_names_and_cells) {
  ls_table *t = table_of("{\"k\xFF\":\"v\xFE\"}\n{\"k\xFE\":\"w\"}\n{\"a\\u0000b\":1,\"\":2}\n");
  if (!t) return;
  CHECK_INT(ls_table_ncols(t), 3); /* both spellings of k\uFFFD feed one column */
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "k\xEF\xBF\xBD");
  CHECK_STR(cell(t, "k\xEF\xBF\xBD", 0), "v\xEF\xBF\xBD");
  CHECK_STR(cell(t, "k\xEF\xBF\xBD", 1), "w");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)),
            "a\xEF\xBF\xBD"
            "b");
  CHECK_STR(ls_column_name(ls_table_col(t, 2)), "(empty)");
  ls_table_free(t);
}

TEST(jsonl_should_name_the_table_in_valid_utf8) {
  ls_jsonl *r = ls_jsonl_new("bad\xFF.jsonl");
  ls_table *t = NULL;
  CHECK_INT(ls_jsonl_feed(r, "{\"a\":1}", 7), LS_OK);
  CHECK_INT(ls_jsonl_finish(r, &t), LS_OK);
  if (t) CHECK_STR(ls_table_name(t), "bad\xEF\xBF\xBD.jsonl");
  ls_table_free(t);
  ls_jsonl_free(r);
}

TEST(jsonl_should_read_the_feature_text) {
  parsed p = parse_chunks(fixture, sizeof fixture - 1, 0);
  CHECK_INT(p.st, LS_OK);
  ls_table *t = p.t;
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 4);
  static const char *const names[] = {"id", "p.n", "p.q.time", "tags", "ok", "p", "bad", "late"};
  static const ls_type types[] = {LS_TYPE_INT64, LS_TYPE_STRING, LS_TYPE_TIME,   LS_TYPE_STRING,
                                  LS_TYPE_BOOL,  LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_STRING};
  CHECK_INT(ls_table_ncols(t), 8);
  for (size_t i = 0; i < 8 && i < ls_table_ncols(t); i++) {
    CHECK_STR(ls_column_name(ls_table_col(t, i)), names[i]);
    CHECK_INT(ls_column_type(ls_table_col(t, i)), types[i]);
  }
  CHECK_INT(ls_column_i64(col_named(t, "id"))[1], 3);
  CHECK_STR(cell(t, "p.n", 0), "Zo\xC3\xAB");
  CHECK_STR(cell(t, "p.n", 1), "\xE6\x97\xA5\xF0\x9F\x98\x80\"");
  CHECK_INT(ls_column_i64(col_named(t, "p.q.time"))[0], INT64_C(1736083320000));
  CHECK_INT(ls_column_i64(col_named(t, "p.q.time"))[3], INT64_C(1736083321500));
  CHECK_STR(cell(t, "tags", 0), "[\"a\",1]");
  CHECK_STR(cell(t, "p", 2), "~");
  CHECK_STR(cell(t, "bad", 2), "x\xEF\xBF\xBD");
  CHECK_STR(cell(t, "late", 3), "z");
  CHECK_INT(p.lines[0], 1);
  CHECK_INT(p.lines[1], 4);
  CHECK_INT(p.lines[2], 5);
  CHECK_INT(p.lines[3], 6);
  drop(&p);
}

/* ---- record mode ---- */

TEST(jsonl_should_hand_each_row_to_the_record_callback) {
  const char *text =
      "{\"a\":1,\"p\":{\"x\":\"s\"},\"a\":3}\n\n{\"b\":null,\"c\":[1, 2],\"d\":\"\\u00e9\xFF\"}\n";
  char *got = records_of(text, 0);
  const char *want = "1: p.x=s; a=3\n3: b=~; c=[1,2]; d=\xC3\xA9\xEF\xBF\xBD\n";
  CHECK_STR(got, want);
  free(got);
  got = records_of(text, 1);
  CHECK_STR(got, want);
  free(got);
}

static ls_status stop_at_line_3(void *ctx, uint64_t line, const ls_field *names,
                                const ls_field *values, size_t n) {
  (void)names, (void)values, (void)n;
  ++*(int *)ctx;
  return line == 3 ? LS_ERANGE : LS_OK;
}

TEST(jsonl_should_stop_when_the_record_callback_says_so) {
  ls_jsonl *r = ls_jsonl_new("t.jsonl");
  int calls = 0;
  CHECK_INT(ls_jsonl_on_record(r, stop_at_line_3, &calls), LS_OK);
  const char *text = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n";
  CHECK_INT(ls_jsonl_feed(r, text, strlen(text)), LS_ERANGE);
  CHECK_STR(ls_jsonl_errmsg(r), "t.jsonl: line 3: stopped by the record callback");
  CHECK_INT(calls, 3);
  ls_table *t = (ls_table *)1;
  CHECK_INT(ls_jsonl_finish(r, &t), LS_ERANGE);
  CHECK(t == NULL);
  ls_jsonl_free(r);
}

TEST(jsonl_should_keep_no_table_and_no_row_lines_in_record_mode) {
  parsed p = parse_cut("{\"a\":1}\n{\"a\":2}\n", 16, NULL, 0, 0, 1);
  CHECK_INT(p.st, LS_OK);
  CHECK(p.t == NULL);
  CHECK_INT(p.lines[0], 0);
  CHECK_STR(p.records, "1: a=1\n2: a=2\n");
  drop(&p);
}

/* ---- chunking ---- */

TEST(jsonl_should_give_the_same_table_however_the_input_is_split) {
  size_t n = sizeof fixture - 1;
  for (int records = 0; records < 2; records++) {
    parsed whole = parse_cut(fixture, n, NULL, 0, 0, records);
    char *want = dump(&whole);
    drop(&whole);
    CHECK_HAS(want, "LS_OK");
    for (size_t a = 0; a <= n; a += 1) {
      for (size_t b = a; b <= n; b += 7) {
        size_t cuts[2] = {a, b};
        parsed p = parse_cut(fixture, n, cuts, 2, 0, records);
        char *got = dump(&p);
        if (strcmp(got, want) != 0)
          CHECK_FAIL_("split at %zu, %zu gives\n%s\ninstead of\n%s", a, b, got, want);
        free(got);
        drop(&p);
      }
    }
    for (size_t chunk = 1; chunk <= 5; chunk++) {
      parsed p = parse_cut(fixture, n, NULL, 0, chunk, records);
      char *got = dump(&p);
      if (strcmp(got, want) != 0) CHECK_FAIL_("chunks of %zu give\n%s", chunk, got);
      free(got);
      drop(&p);
    }
    free(want);
  }
}

TEST(jsonl_should_give_the_same_error_however_the_input_is_split) {
  static const char *const bad[] = {
      "\xEF\xBB\xBF{\"a\":\"\\u12\"}\r\n",
      "{\"\xC3\xA9\":1}\n{\"a\":\"\\ud83d\\ude0",
      "{\"a\":1}\n\n{\"a\":[1,2}\n",
      "{\"\xE6\x97\xA5\":\"\xE6\x97\xA5\" x}\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    size_t n = strlen(bad[i]);
    parsed whole = parse_chunks(bad[i], n, 0);
    CHECK_INT(whole.st, LS_EPARSE);
    for (size_t a = 0; a <= n; a++) {
      for (size_t b = a; b <= n; b++) {
        size_t cuts[2] = {a, b};
        parsed p = parse_cut(bad[i], n, cuts, 2, 0, 0);
        if (p.st != whole.st || strcmp(p.msg, whole.msg) != 0)
          CHECK_FAIL_("text %zu split at %zu, %zu: \"%s\" instead of \"%s\"", i, a, b, p.msg,
                      whole.msg);
        drop(&p);
      }
    }
    drop(&whole);
  }
}

/* ---- errors ---- */

TEST(jsonl_should_report_malformed_lines_with_line_column_and_what_was_expected) {
  CHECK_STR(error_of("{\"a\":\"xyz}\n"), "t.jsonl: line 1, column 6: unterminated string");
  CHECK_STR(error_of("{\"a\":1} x\n"),
            "t.jsonl: line 1, column 9: expected the end of the line after the object");
  CHECK_STR(error_of("{\"a\":1}{\"a\":2}\n"),
            "t.jsonl: line 1, column 8: expected the end of the line after the object");
  CHECK_STR(error_of("{\"a\":1}\n42\n"),
            "t.jsonl: line 2, column 1: expected '{': each line must hold one JSON object");
  CHECK_STR(error_of("{\"a\":1}\n\"s\"\n"),
            "t.jsonl: line 2, column 1: expected '{': each line must hold one JSON object");
  CHECK_STR(error_of("{\"a\":1}\n[1]\n"),
            "t.jsonl: line 2, column 1: expected '{': each line must hold one JSON object");
  CHECK_STR(error_of("{\"a\":\"x\\q\"}\n"),
            "t.jsonl: line 1, column 8: invalid escape in a string");
  CHECK_STR(error_of("{\"a\":\"\\u12G4\"}\n"),
            "t.jsonl: line 1, column 7: invalid \\u escape: expected four hex digits");
  CHECK_STR(error_of("{\"a\":1 \"b\":2}\n"),
            "t.jsonl: line 1, column 8: expected ',' or '}' after a value");
  CHECK_STR(error_of("{\"a\" 1}\n"), "t.jsonl: line 1, column 6: expected ':' after a key");
  CHECK_STR(error_of("{a:1}\n"),
            "t.jsonl: line 1, column 2: expected a key in double quotes or '}'");
  CHECK_STR(error_of("{\"a\":1,}\n"), "t.jsonl: line 1, column 8: expected a key in double quotes");
  CHECK_STR(error_of("{\"a\":[1 2]}\n"),
            "t.jsonl: line 1, column 9: expected ',' or ']' after a value");
  CHECK_STR(error_of("{\"a\":[1,]}\n"), "t.jsonl: line 1, column 9: expected a value");
  CHECK_STR(error_of("{\"a\":{\"b\":[{\"c\" 1}]}}\n"),
            "t.jsonl: line 1, column 17: expected ':' after a key");
}

TEST(jsonl_should_report_bad_numbers_and_literals) {
  CHECK_STR(error_of("{\"a\":01}\n"), "t.jsonl: line 1, column 6: invalid number");
  CHECK_STR(error_of("{\"a\":1.}\n"), "t.jsonl: line 1, column 6: invalid number");
  CHECK_STR(error_of("{\"a\":-}\n"), "t.jsonl: line 1, column 6: invalid number");
  CHECK_STR(error_of("{\"a\":1e}\n"), "t.jsonl: line 1, column 6: invalid number");
  CHECK_STR(error_of("{\"a\":[2x]}\n"), "t.jsonl: line 1, column 7: invalid number");
  CHECK_STR(error_of("{\"a\":.5}\n"), "t.jsonl: line 1, column 6: expected a value");
  CHECK_STR(error_of("{\"a\":tru}\n"), "t.jsonl: line 1, column 6: expected a value");
  CHECK_STR(error_of("{\"a\":True}\n"), "t.jsonl: line 1, column 6: expected a value");
  CHECK_STR(error_of("{\"a\":nullx}\n"), "t.jsonl: line 1, column 6: expected a value");
  CHECK_STR(error_of("{\"a\":NaN}\n"), "t.jsonl: line 1, column 6: expected a value");
}

TEST(jsonl_should_say_where_a_line_or_the_input_ends_too_early) {
  CHECK_STR(error_of("{\"a\":1}\n{\"a\":2,\"b\":"),
            "t.jsonl: line 2, column 12: unexpected end of input: expected a value");
  CHECK_STR(error_of("{\"a\":2\n{\"a\":3}\n"),
            "t.jsonl: line 1, column 7: unexpected end of line: expected ',' or '}' after a value");
  CHECK_STR(
      error_of("{\n  \"a\": 1\n}\n"),
      "t.jsonl: line 1, column 2: unexpected end of line: expected a key in double quotes or '}'");
  CHECK_STR(error_of("{\"a\":\"\\ud83d\\ude0"), "t.jsonl: line 1, column 6: unterminated string");
  CHECK_STR(error_of("{\"a\":\"x\\"), "t.jsonl: line 1, column 6: unterminated string");
  CHECK_STR(error_of("{\"a\":[1,"),
            "t.jsonl: line 1, column 9: unexpected end of input: expected a value");
}

TEST(jsonl_should_call_a_top_level_array_a_json_array) {
  CHECK_STR(error_of("[{\"a\":1},\n{\"a\":2}]\n"),
            "t.jsonl: line 1, column 1: a JSON array, not JSON Lines (one object per line)");
  CHECK_STR(error_of("\n  [\n  {\"a\":1}\n]\n"),
            "t.jsonl: line 2, column 3: a JSON array, not JSON Lines (one object per line)");
}

TEST(jsonl_should_count_columns_in_characters_not_bytes) {
  CHECK_STR(error_of("{\"\xE6\x97\xA5\xE6\x9C\xAC\":1 x}\n"),
            "t.jsonl: line 1, column 9: expected ',' or '}' after a value");
}

TEST(jsonl_should_refuse_nesting_deeper_than_64) {
  strbuf b = {0};
  put(&b, "{", 1);
  for (int i = 0; i < 63; i++) put(&b, "\"k\":{", 5);
  for (int i = 0; i < 64; i++) put(&b, "}", 1);
  put(&b, "\n", 1);
  ls_table *t = table_of(b.s); /* 64 deep is fine */
  if (t) CHECK_INT(ls_table_ncols(t), 1);
  ls_table_free(t);
  b.len = 0;
  put(&b, "{", 1);
  for (int i = 0; i < 64; i++) put(&b, "\"k\":{", 5);
  put(&b, "\n", 1);
  CHECK_STR(error_of(b.s), "t.jsonl: line 1, column 321: nesting deeper than 64");
  b.len = 0;
  put(&b, "{\"a\":", 5);
  for (int i = 0; i < 100000; i++) put(&b, "[", 1);
  CHECK_STR(error_of(b.s), "t.jsonl: line 1, column 69: nesting deeper than 64");
  free(b.s);
}

TEST(jsonl_should_refuse_more_than_4096_columns) {
  strbuf b = {0};
  put(&b, "{", 1);
  for (int i = 0; i < 4096; i++) putf(&b, "%s\"k%d\":1", i ? "," : "", i);
  size_t at = b.len + 1; /* the comma, then the 4097th key */
  put(&b, ",\"k4096\":1}\n", 12);
  char want[128];
  snprintf(want, sizeof want, "t.jsonl: line 1, column %zu: more than 4096 columns", at + 1);
  CHECK_STR(error_of(b.s), want);
  /* the same columns over two lines */
  b.len = at - 1;
  put(&b, "}\n{\"k4096\":1}\n", 15);
  CHECK_STR(error_of(b.s), "t.jsonl: line 2, column 2: more than 4096 columns");
  free(b.s);
}

TEST(jsonl_should_refuse_a_line_longer_than_64_mb) {
  size_t chunk = (size_t)1 << 20;
  char *buf = malloc(chunk);
  memset(buf, ' ', chunk);
  ls_jsonl *r = ls_jsonl_new("t.jsonl");
  ls_status st = ls_jsonl_feed(r, "{\"a\":1}\n", 8);
  size_t fed = 0;
  while (st == LS_OK && fed <= LS_JSONL_MAX_LINE) {
    st = ls_jsonl_feed(r, buf, chunk);
    fed += chunk;
  }
  CHECK_INT(st, LS_EPARSE);
  CHECK_INT(fed, LS_JSONL_MAX_LINE + chunk);
  CHECK_STR(ls_jsonl_errmsg(r), "t.jsonl: line 2: longer than 64 MB");
  ls_jsonl_free(r);
  free(buf);
}

TEST(jsonl_should_report_an_empty_file) {
  CHECK_STR(error_of(""), "t.jsonl: empty file: no JSON objects");
  CHECK_STR(error_of("\n \r\n\t\n"), "t.jsonl: empty file: no JSON objects");
  CHECK_STR(error_of("\xEF\xBB\xBF"), "t.jsonl: empty file: no JSON objects");
  CHECK_STR(error_of("{}\n{ }\n"), "t.jsonl: no keys in any object");
}

TEST(jsonl_should_stay_in_error_after_an_error) {
  ls_jsonl *r = ls_jsonl_new("t.jsonl");
  CHECK_INT(ls_jsonl_feed(r, "{\"a\":x}\n", 8), LS_EPARSE);
  CHECK_INT(ls_jsonl_feed(r, "{\"a\":1}\n", 8), LS_EPARSE);
  ls_table *t = NULL;
  CHECK_INT(ls_jsonl_finish(r, &t), LS_EPARSE);
  CHECK(t == NULL);
  CHECK_STR(ls_jsonl_errmsg(r), "t.jsonl: line 1, column 6: expected a value");
  ls_jsonl_free(r);
}

TEST(jsonl_should_refuse_bad_arguments_and_input_after_finish) {
  ls_table *t = NULL;
  CHECK_INT(ls_jsonl_feed(NULL, "x", 1), LS_EINVAL);
  CHECK_INT(ls_jsonl_finish(NULL, &t), LS_EINVAL);
  CHECK_STR(ls_jsonl_errmsg(NULL), "");
  CHECK_INT(ls_jsonl_rows(NULL), 0);
  CHECK_INT(ls_jsonl_row_line(NULL, 0), 0);
  ls_jsonl_free(NULL);
  ls_jsonl *r = ls_jsonl_new(NULL);
  CHECK_INT(ls_jsonl_on_record(r, NULL, NULL), LS_EINVAL);
  ls_jsonl_free(r);
  r = ls_jsonl_new("t.jsonl");
  CHECK_INT(ls_jsonl_feed(r, NULL, 0), LS_OK);
  CHECK_INT(ls_jsonl_feed(r, "{\"a\":1}", 7), LS_OK);
  CHECK_INT(ls_jsonl_on_record(r, collect, NULL), LS_EINVAL);
  ls_jsonl_free(r);
  r = ls_jsonl_new("t.jsonl");
  CHECK_INT(ls_jsonl_feed(r, NULL, 3), LS_EINVAL);
  ls_jsonl_free(r);
  r = ls_jsonl_new("t.jsonl");
  CHECK_INT(ls_jsonl_feed(r, "{\"a\":1}", 7), LS_OK);
  CHECK_INT(ls_jsonl_finish(r, NULL), LS_EINVAL);
  ls_jsonl_free(r);
  r = ls_jsonl_new("t.jsonl");
  CHECK_INT(ls_jsonl_feed(r, "{\"a\":1}\n", 8), LS_OK);
  CHECK_INT(ls_jsonl_rows(r), 1);
  CHECK_INT(ls_jsonl_finish(r, &t), LS_OK);
  ls_table_free(t);
  CHECK_INT(ls_jsonl_feed(r, "{}", 2), LS_EINVAL);
  CHECK_STR(ls_jsonl_errmsg(r), "t.jsonl: input after the end of input");
  ls_jsonl_free(r);
}

/* ---- memory ---- */

/* Fail each allocation in turn until the parse succeeds: every failure is
 * LS_ENOMEM (or the text's own result) and leaks nothing. */
static void sweep(const char *text, size_t n, size_t chunk, int records, ls_status final) {
  for (unsigned long k = 1;; k++) {
    ls_alloc_fail_after(k);
    parsed p = parse_cut(text, n, NULL, 0, chunk, records);
    ls_alloc_fail_after(0);
    drop(&p);
    if (p.st == final && !strstr(p.msg, "out of memory")) break;
    if (p.st != LS_ENOMEM) {
      CHECK_FAIL_("failing allocation %lu gave %s: %s", k, ls_status_name(p.st), p.msg);
      break;
    }
    if (p.msg[0]) CHECK_STR(p.msg, "t.jsonl: out of memory");
    if (k > 100000) {
      CHECK_FAIL_("no end to allocations");
      break;
    }
  }
}

TEST(jsonl_should_survive_out_of_memory_at_every_allocation) {
  size_t n = sizeof fixture - 1;
  sweep(fixture, n, 0, 0, LS_OK);
  sweep(fixture, n, 3, 0, LS_OK);
  sweep(fixture, n, 0, 1, LS_OK);
  sweep(fixture, n, 5, 1, LS_OK);
  static const char bad[] = "{\"a\":1}\n{\"k\xFF\":2,\"k\xFE\":3}\n{\"a\":[1,2,}\n";
  sweep(bad, sizeof bad - 1, 0, 0, LS_EPARSE);
  /* many rows and a late key make the stores grow many times */
  strbuf b = {0};
  for (int i = 0; i < 3000; i++) putf(&b, "{\"i\":%d,\"s\":\"text %d, long enough\"}\n", i, i);
  put(&b, "{\"late\":1}\n", 11);
  sweep(b.s, b.len, 4096, 0, LS_OK);
  free(b.s);
}

/* ---- robustness ---- */

static const char *const pieces[] = {
    "{",    "}",       "[",      "]",       ":",        ",",    "\"",       "\\",          "\\u",
    "d83d", "\\ude00", "\\n",    " ",       "\n",       "\r\n", "1",        "-0.5e3",      "true",
    "null", "\"a\"",   "\"b\":", "\"p\":{", "\xC3\xA9", "\xFF", "\xE6\x97", "\xEF\xBB\xBF"};

/* Random JSON-like text: well-formed rows of random shape, with random
 * pieces mixed in now and then. */
static size_t random_text(char *buf, size_t cap) {
  size_t n = 0;
#define ADD(s)                        \
  do {                                \
    const char *s_ = (s);             \
    size_t l_ = strlen(s_);           \
    if (n + l_ > cap) return n;       \
    memcpy(buf + n, s_, l_), n += l_; \
  } while (0)
  for (uint32_t rows = rnd() % 20; rows > 0; rows--) {
    ADD("{");
    for (uint32_t k = rnd() % 5; k > 0; k--) {
      char key[32];
      snprintf(key, sizeof key, "\"%c%s\":", 'a' + (int)(rnd() % 4), rnd() % 4 ? "" : "\\u00e9");
      ADD(key);
      switch (rnd() % 6) {
        case 0: ADD("{\"x\":1,\"y\":[true,null]}"); break;
        case 1: ADD("\"s\\ud83d\\ude00\""); break;
        case 2: ADD("12.5"); break;
        case 3: ADD("null"); break;
        case 4: ADD("[1,{\"z\":\"\"}]"); break;
        default: ADD("\"\xE6\x97\xA5\""); break;
      }
      if (k > 1) ADD(",");
      if (rnd() % 16 == 0) ADD(pieces[rnd() % (sizeof pieces / sizeof *pieces)]);
    }
    ADD(rnd() % 2 ? "}\n" : "}\r\n");
  }
  for (uint32_t m = rnd() % 2 ? 0 : rnd() % 3; m > 0 && n; m--)
    buf[rnd() % n] = pieces[rnd() % (sizeof pieces / sizeof *pieces)][0];
#undef ADD
  return n;
}

TEST(jsonl_should_survive_random_bytes) {
  static char buf[2048];
  int ok = 0;
  for (int iter = 0; iter < 3000; iter++) {
    size_t n;
    if (iter % 3 == 0) {
      n = 0;
      for (uint32_t k = rnd() % 200; k > 0; k--) {
        const char *s = pieces[rnd() % (sizeof pieces / sizeof *pieces)];
        size_t l = strlen(s);
        if (n + l > sizeof buf) break;
        memcpy(buf + n, s, l);
        n += l;
      }
    } else {
      n = random_text(buf, sizeof buf);
    }
    size_t cuts[8];
    size_t ncuts = rnd() % 8;
    for (size_t c = 0; c < ncuts; c++) cuts[c] = n ? rnd() % (n + 1) : 0;
    for (size_t c = 1; c < ncuts; c++) /* sort */
      for (size_t d = c; d > 0 && cuts[d - 1] > cuts[d]; d--) {
        size_t tmp = cuts[d];
        cuts[d] = cuts[d - 1];
        cuts[d - 1] = tmp;
      }
    parsed p = parse_cut(buf, n, cuts, ncuts, rnd() % 3 == 0 ? 1 + rnd() % 16 : 0, 0);
    parsed whole = parse_cut(buf, n, NULL, 0, 0, 0);
    if (p.st != LS_OK && p.st != LS_EPARSE)
      CHECK_FAIL_("iteration %d: %s", iter, ls_status_name(p.st));
    char *a = dump(&p), *b = dump(&whole);
    if (strcmp(a, b) != 0)
      CHECK_FAIL_("iteration %d: chunking changed the result:\n%s\n%s", iter, a, b);
    free(a);
    free(b);
    drop(&whole);
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
        for (size_t i = 0; i < ls_column_len(col); i++) {
          size_t len;
          const char *s = ls_column_str(col, i, &len);
          if (s && !valid_utf8(s, len)) CHECK_FAIL_("iteration %d: invalid UTF-8 in a cell", iter);
        }
      }
    }
    drop(&p);
    if (check_current_failed) break;
  }
  printf("  %d of 3000 parsed\n", ok);
  CHECK(ok > 300);
}

int main(void) {
  RUN(jsonl_should_accept_crlf_blank_lines_and_a_last_line_without_newline);
  RUN(jsonl_should_tell_the_line_of_each_row);
  RUN(jsonl_should_count_blank_lines_and_list_where_rows_break_the_line_sequence);
  RUN(jsonl_should_skip_a_utf8_byte_order_mark);
  RUN(jsonl_should_repair_invalid_utf8_in_names_and_cells);
  RUN(jsonl_should_name_the_table_in_valid_utf8);
  RUN(jsonl_should_read_the_feature_text);
  RUN(jsonl_should_hand_each_row_to_the_record_callback);
  RUN(jsonl_should_stop_when_the_record_callback_says_so);
  RUN(jsonl_should_keep_no_table_and_no_row_lines_in_record_mode);
  RUN(jsonl_should_give_the_same_table_however_the_input_is_split);
  RUN(jsonl_should_give_the_same_error_however_the_input_is_split);
  RUN(jsonl_should_report_malformed_lines_with_line_column_and_what_was_expected);
  RUN(jsonl_should_report_bad_numbers_and_literals);
  RUN(jsonl_should_say_where_a_line_or_the_input_ends_too_early);
  RUN(jsonl_should_call_a_top_level_array_a_json_array);
  RUN(jsonl_should_count_columns_in_characters_not_bytes);
  RUN(jsonl_should_refuse_nesting_deeper_than_64);
  RUN(jsonl_should_refuse_more_than_4096_columns);
  RUN(jsonl_should_refuse_a_line_longer_than_64_mb);
  RUN(jsonl_should_report_an_empty_file);
  RUN(jsonl_should_stay_in_error_after_an_error);
  RUN(jsonl_should_refuse_bad_arguments_and_input_after_finish);
  RUN(jsonl_should_survive_out_of_memory_at_every_allocation);
  RUN(jsonl_should_survive_random_bytes);
  return check_done();
}
