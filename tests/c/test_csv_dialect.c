/* test_csv_dialect.c: the CSV reader's dialects: delimiters, quotes and
 * escapes, preamble lines, ragged rows, trailers, stats and row lines, and
 * record mode. */
#include <stdint.h>

#include "base/alloc.h"
#include "cell_text.h"
#include "check.h"
#include "csv_parse.h"
#include "ingest/csv.h"
#include "strbuf.h"

/* ---- dialects ---- */

/* Parse text in dialect d, in chunks of chunk bytes (0: whole); stats and
 * the line of every row go into *stats and the returned dump's last line. */
static parsed parse_dialect(const ls_dialect *d, const char *text, size_t n, size_t chunk, ls_csv_stats *stats,
                            char *lines, size_t lines_len) {
  parsed p = {LS_OK, NULL, ""};
  ls_csv *r = ls_csv_new("t.csv");
  if (!r) {
    p.st = LS_ENOMEM;
    return p;
  }
  p.st = ls_csv_set_dialect(r, d);
  for (size_t at = 0; at < n && p.st == LS_OK;) {
    size_t k = chunk && n - at > chunk ? chunk : n - at;
    p.st = ls_csv_feed(r, text + at, k);
    at += k;
  }
  if (p.st == LS_OK) p.st = ls_csv_finish(r, &p.t);
  snprintf(p.msg, sizeof p.msg, "%s", ls_csv_errmsg(r));
  if (stats) ls_csv_get_stats(r, stats);
  if (lines) {
    size_t at = 0;
    lines[0] = '\0';
    for (uint64_t row = 0; p.t && row < ls_table_rows(p.t) && at + 24 < lines_len; row++)
      at += (size_t)snprintf(lines + at, lines_len - at, "%llu ", (unsigned long long)ls_csv_row_line(r, row));
  }
  ls_csv_free(r);
  return p;
}

static ls_dialect dialect(char delim, char quote, char escape, int header, uint32_t skip, ls_ragged ragged) {
  ls_dialect d = {delim, quote, escape, header, skip, ragged, 0};
  return d;
}

/* The table of a text that must parse in dialect d. */
static ls_table *table_in(ls_dialect d, const char *text) {
  parsed p = parse_dialect(&d, text, strlen(text), 0, NULL, NULL, 0);
  if (p.st != LS_OK) CHECK_FAIL_("parse failed: %s", p.msg);
  return p.t;
}

static const char *error_in(ls_dialect d, const char *text) {
  static char msg[1024];
  parsed p = parse_dialect(&d, text, strlen(text), 0, NULL, NULL, 0);
  CHECK_INT(p.st, LS_EPARSE);
  ls_table_free(p.t);
  snprintf(msg, sizeof msg, "%s", p.msg);
  return msg;
}

TEST(dialect_default_should_be_rfc_4180) {
  ls_dialect d;
  ls_dialect_default(&d);
  CHECK_INT(d.delim, ',');
  CHECK_INT(d.quote, '"');
  CHECK_INT(d.escape, '"');
  CHECK_INT(d.header, 1);
  CHECK_INT(d.skip, 0);
  CHECK_INT(d.ragged, LS_RAGGED_ERROR);
  ls_dialect_default(NULL);
}

TEST(csv_should_read_semicolons_tabs_pipes_and_single_quotes) {
  ls_table *t = table_in(dialect(';', '"', '"', 1, 0, LS_RAGGED_ERROR), "a;b\n\"x;y\";1,5\n");
  CHECK_STR(str_at(t, 0, 0), "x;y");
  /* a decimal comma: the cell is the number 1.5 (ingest/infer.h) */
  CHECK_INT(ls_column_type(ls_table_col(t, 1)), LS_TYPE_DOUBLE);
  CHECK_NUM(ls_column_num(ls_table_col(t, 1), 0), 1.5, 0);
  ls_table_free(t);
  t = table_in(dialect('\t', '"', '"', 1, 0, LS_RAGGED_ERROR), "a\tb\nx, y\t\"q\tq\"\n");
  CHECK_STR(str_at(t, 0, 0), "x, y");
  CHECK_STR(str_at(t, 1, 0), "q\tq");
  ls_table_free(t);
  t = table_in(dialect('|', '\'', '\'', 1, 0, LS_RAGGED_ERROR), "a|b\n'it''s | here'|\"x\"\n");
  CHECK_STR(str_at(t, 0, 0), "it's | here");
  CHECK_STR(str_at(t, 1, 0), "\"x\"");
  ls_table_free(t);
}

TEST(csv_should_read_every_byte_literally_without_quoting) {
  ls_table *t = table_in(dialect(',', 0, '"', 1, 0, LS_RAGGED_ERROR), "a,b\n\"x,y\"\n'',\"\n");
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_STR(str_at(t, 0, 0), "\"x");
  CHECK_STR(str_at(t, 1, 0), "y\"");
  ls_table_free(t);
  static const char nul[] = "a,b\n\0,x\n"; /* a NUL is no quote either */
  ls_dialect d = dialect(',', 0, 0, 1, 0, LS_RAGGED_ERROR);
  parsed p = parse_dialect(&d, nul, sizeof nul - 1, 0, NULL, NULL, 0);
  CHECK_INT(p.st, LS_OK);
  size_t len = 9;
  if (p.t) ls_column_str(ls_table_col(p.t, 0), 0, &len);
  CHECK_INT(len, 1);
  ls_table_free(p.t);
}

TEST(csv_should_resolve_backslash_escapes_inside_quotes_only) {
  ls_dialect d = dialect(',', '"', '\\', 1, 0, LS_RAGGED_ERROR);
  ls_table *t = table_in(d, "a,b\n\"x\\\"y\\\\z\\q\",C:\\dir\\\n\"\\\"\",\"e\\\n\"\n");
  CHECK_STR(str_at(t, 0, 0), "x\"y\\z\\q");
  CHECK_STR(str_at(t, 1, 0), "C:\\dir\\");
  CHECK_STR(str_at(t, 0, 1), "\"");
  CHECK_STR(str_at(t, 1, 1), "e\\\n");
  ls_table_free(t);
  CHECK_STR(error_in(d, "a\n\"x\"\"y\"\n"), "t.csv: line 2, column 4: unexpected character after closing quote");
  CHECK_STR(error_in(d, "a\n\"x\\\"\n"), "t.csv: line 2, column 1: unterminated quoted field");
}

TEST(csv_should_close_a_quote_at_once_without_escapes) {
  ls_dialect d = dialect(',', '"', 0, 1, 0, LS_RAGGED_ERROR);
  ls_table *t = table_in(d, "a,b\n\"x\\\",\"\"\n");
  CHECK_STR(str_at(t, 0, 0), "x\\");
  ls_table_free(t);
  CHECK_STR(error_in(d, "a\n\"x\"\"y\"\n"), "t.csv: line 2, column 4: unexpected character after closing quote");
}

TEST(csv_should_drop_a_short_trailer_but_pad_ragged_rows_before_it) {
  ls_dialect d = dialect(',', '"', '"', 1, 0, LS_RAGGED_FIX);
  d.trailer = 2;
  /* line 3 is ragged but data follows: padded; lines 5-6 end the file: dropped */
  ls_table *t = table_in(d, "a,b\n1,x\n2\n3,z\ntotal\nrows: 3,,\n");
  CHECK_INT(ls_table_rows(t), 3);
  CHECK_INT(ls_column_i64(ls_table_col(t, 0))[2], 3);
  CHECK(!ls_column_valid(ls_table_col(t, 1), 1));
  ls_table_free(t);
  ls_csv *r = ls_csv_new("t.csv");
  CHECK(ls_csv_set_dialect(r, &d) == LS_OK);
  const char *text = "a,b\n1,x\n2\n3,z\ntotal\nrows: 3,,\n";
  CHECK(ls_csv_feed(r, text, strlen(text)) == LS_OK);
  CHECK(ls_csv_finish(r, &t) == LS_OK);
  ls_csv_stats st;
  ls_csv_get_stats(r, &st);
  CHECK_INT(st.padded, 1);
  CHECK_INT(st.padded_lines[0], 3);
  CHECK_INT(st.truncated, 0);
  CHECK_INT(st.dropped, 2);
  CHECK_INT(st.dropped_line, 5);
  CHECK_INT(ls_csv_row_line(r, 2), 4);
  ls_table_free(t);
  ls_csv_free(r);
  /* a longer tail than the dialect allows is data: padded as usual */
  d.trailer = 1;
  t = table_in(d, "a,b\n1,x\ntotal\nrows: 3,,\n");
  CHECK_INT(ls_table_rows(t), 3);
  ls_table_free(t);
}

TEST(csv_should_name_columns_column_n_without_a_header) {
  ls_dialect d = dialect(',', '"', '"', 0, 0, LS_RAGGED_ERROR);
  ls_csv_stats st;
  parsed p = parse_dialect(&d, "1,x\n2,y\n", 8, 0, &st, NULL, 0);
  CHECK_INT(p.st, LS_OK);
  ls_table *t = p.t;
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 2);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "column_1");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "column_2");
  CHECK_INT(ls_column_i64(ls_table_col(t, 0))[0], 1);
  CHECK_STR(str_at(t, 1, 1), "y");
  CHECK_INT(st.header_line, 0);
  CHECK_INT(st.rows, 2);
  ls_table_free(t);
  CHECK_STR(error_in(d, "\n\n"), "t.csv: empty file: no records");
  CHECK_STR(error_in(d, "1,2\n3\n"), "t.csv: line 2, column 2: expected 2 fields, found 1");
}

TEST(csv_should_skip_preamble_lines_as_raw_lines) {
  ls_dialect d = dialect(',', '"', '"', 1, 3, LS_RAGGED_ERROR);
  ls_csv_stats st;
  static const char text[] = "Report \"open,quote\r\n\r\n-----\ra,b\n1,2\n";
  parsed p = parse_dialect(&d, text, sizeof text - 1, 0, &st, NULL, 0);
  CHECK_INT(p.st, LS_OK);
  if (p.t) CHECK_STR(ls_column_name(ls_table_col(p.t, 0)), "a");
  CHECK_INT(st.skipped_lines, 3);
  CHECK_INT(st.header_line, 4);
  CHECK_INT(st.empty_lines, 0);
  ls_table_free(p.t);
  /* a skip ending in CR whose LF comes later is still one line end */
  d.skip = 1;
  p = parse_dialect(&d, "x\r\na\n1\n", 7, 1, &st, NULL, 0);
  CHECK_INT(p.st, LS_OK);
  CHECK_INT(st.header_line, 2);
  CHECK_INT(st.empty_lines, 0);
  ls_table_free(p.t);
  d.skip = 9;
  CHECK_STR(error_in(d, "a\nb\n"), "t.csv: empty file: no header row");
  d.skip = 2;
  CHECK_STR(error_in(d, "x\ny\na,b\n1\n"), "t.csv: line 4, column 2: expected 2 fields, found 1");
}

TEST(csv_should_refuse_unusable_dialects_and_late_settings) {
  ls_csv *r = ls_csv_new("x.csv");
  ls_dialect bad[] = {dialect(0, '"', '"', 1, 0, LS_RAGGED_ERROR), dialect('\n', '"', '"', 1, 0, LS_RAGGED_ERROR),
                      dialect(',', ',', '"', 1, 0, LS_RAGGED_ERROR), dialect(',', '\r', 0, 1, 0, LS_RAGGED_ERROR),
                      dialect((char)0xC3, '"', '"', 1, 0, LS_RAGGED_ERROR), dialect(',', '"', '\n', 1, 0, LS_RAGGED_ERROR),
                      dialect(',', '"', '"', 1, 0, (ls_ragged)7)};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    ls_csv *q = ls_csv_new("x.csv");
    CHECK_INT(ls_csv_set_dialect(q, &bad[i]), LS_EINVAL);
    CHECK_HAS(ls_csv_errmsg(q), "x.csv: ");
    ls_csv_free(q);
  }
  CHECK_INT(ls_csv_set_dialect(NULL, &bad[0]), LS_EINVAL);
  CHECK_INT(ls_csv_set_dialect(r, NULL), LS_EINVAL);
  ls_csv_free(r);
  r = ls_csv_new("x.csv");
  ls_dialect d = dialect(';', 0, '\n', 1, 0, LS_RAGGED_FIX); /* the escape is ignored without quotes */
  CHECK_INT(ls_csv_set_dialect(r, &d), LS_OK);
  CHECK_INT(ls_csv_feed(r, "", 0), LS_OK);
  CHECK_INT(ls_csv_set_dialect(r, &d), LS_EINVAL);
  CHECK_STR(ls_csv_errmsg(r), "x.csv: settings come before the first input");
  ls_csv_free(r);
  r = ls_csv_new("x.csv");
  CHECK_INT(ls_csv_feed(r, "a", 1), LS_OK);
  CHECK_INT(ls_csv_on_record(r, NULL, NULL), LS_EINVAL);
  CHECK_INT(ls_csv_on_record(NULL, NULL, NULL), LS_EINVAL);
  ls_csv_free(r);
}

/* ---- ragged rows, stats and lines ---- */

TEST(csv_should_pad_short_rows_and_cut_long_ones_when_asked) {
  ls_dialect d = dialect(',', '"', '"', 1, 0, LS_RAGGED_FIX);
  ls_csv_stats st;
  static const char text[] = "a,b,c\n1\n1,2,3,4,\"5\n\"\n7,8,9\n,\n";
  parsed p = parse_dialect(&d, text, sizeof text - 1, 0, &st, NULL, 0);
  CHECK_INT(p.st, LS_OK);
  ls_table *t = p.t;
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 4);
  CHECK_INT(ls_column_valid(ls_table_col(t, 1), 0), 0);
  CHECK_INT(ls_column_valid(ls_table_col(t, 2), 0), 0);
  CHECK_INT(ls_column_i64(ls_table_col(t, 2))[1], 3);
  CHECK_INT(ls_column_i64(ls_table_col(t, 0))[2], 7);
  CHECK_INT(ls_column_valid(ls_table_col(t, 2), 3), 0);
  CHECK_INT(st.padded, 2);
  CHECK_INT(st.padded_lines[0], 2);
  CHECK_INT(st.padded_lines[1], 6);
  CHECK_INT(st.padded_lines[2], 0);
  CHECK_INT(st.truncated, 1);
  CHECK_INT(st.truncated_lines[0], 3);
  ls_table_free(t);
  /* only the first few lines are kept, every one is counted */
  strbuf b = {0};
  put(&b, "a,b\n", 4);
  for (int i = 0; i < 9; i++) put(&b, "1\n1,2,3\n", 8);
  p = parse_dialect(&d, b.s, b.len, 0, &st, NULL, 0);
  CHECK_INT(st.padded, 9);
  CHECK_INT(st.truncated, 9);
  CHECK_INT(st.padded_lines[4], 10);
  CHECK_INT(st.truncated_lines[4], 11);
  ls_table_free(p.t);
  free(b.s);
}

TEST(csv_should_count_lines_empty_lines_and_rows) {
  ls_dialect d;
  ls_dialect_default(&d);
  ls_csv_stats st;
  parsed p = parse_dialect(&d, "\na,b\r\n\r\n1,2\n\n\r\r3,\"x\ny\"", 22, 0, &st, NULL, 0);
  CHECK_INT(p.st, LS_OK);
  CHECK_INT(st.rows, 2);
  CHECK_INT(st.lines, 9);
  CHECK_INT(st.empty_lines, 5);
  CHECK_INT(st.header_line, 2);
  ls_table_free(p.t);
  p = parse_dialect(&d, "a\n1\n", 4, 0, &st, NULL, 0);
  CHECK_INT(st.lines, 2);
  ls_table_free(p.t);
  ls_csv_get_stats(NULL, &st);
  CHECK_INT(st.rows, 0);
  CHECK_INT(ls_csv_row_line(NULL, 0), 0);
}

TEST(csv_row_line_should_give_the_line_each_row_starts_on) {
  ls_dialect d;
  ls_dialect_default(&d);
  char lines[256];
  static const char text[] = "\n\na,b\n1,2\n\"x\ny\",3\n4,5\n\n\n6,7\n8,9\n10,11";
  parsed p = parse_dialect(&d, text, sizeof text - 1, 0, NULL, lines, sizeof lines);
  CHECK_INT(p.st, LS_OK);
  CHECK_STR(lines, "4 5 7 10 11 12 ");
  ls_table_free(p.t);
  d.header = 0;
  p = parse_dialect(&d, text, sizeof text - 1, 3, NULL, lines, sizeof lines);
  CHECK_STR(lines, "3 4 5 7 10 11 12 ");
  ls_table_free(p.t);
  ls_csv *r = ls_csv_new("x.csv");
  ls_table *t;
  ls_csv_feed(r, "a\n1\n2\n", 6);
  ls_csv_finish(r, &t);
  CHECK_INT(ls_csv_row_line(r, 0), 2);
  CHECK_INT(ls_csv_row_line(r, 1), 3);
  CHECK_INT(ls_csv_row_line(r, 2), 0);
  ls_table_free(t);
  ls_csv_free(r);
}

/* ---- record mode ---- */

typedef struct {
  strbuf out;
  size_t calls, stop_at;
  ls_status stop_with;
} collector;

static ls_status collect(void *ctx, uint64_t line, const ls_field *names, const ls_field *values, size_t n) {
  collector *c = ctx;
  putf(&c->out, "%llu:", (unsigned long long)line);
  for (size_t i = 0; i < n; i++) {
    put(&c->out, names[i].s, names[i].len);
    put(&c->out, "=", 1);
    put(&c->out, values[i].s, values[i].len);
    put(&c->out, i + 1 < n ? "|" : "\n", 1);
  }
  return ++c->calls == c->stop_at ? c->stop_with : LS_OK;
}

/* Run text through record mode; the collected text, or the message on error. */
static char *records_of(const ls_dialect *d, const char *text, size_t n, size_t chunk, collector *c) {
  ls_csv *r = ls_csv_new("t.csv");
  ls_status st = ls_csv_set_dialect(r, d);
  if (st == LS_OK) st = ls_csv_on_record(r, collect, c);
  for (size_t at = 0; at < n && st == LS_OK;) {
    size_t k = chunk && n - at > chunk ? chunk : n - at;
    st = ls_csv_feed(r, text + at, k);
    at += k;
  }
  ls_table *t = (ls_table *)r;
  if (st == LS_OK) {
    st = ls_csv_finish(r, &t);
    CHECK(t == NULL);
  }
  if (st != LS_OK) {
    free(c->out.s);
    c->out = (strbuf){0};
    putf(&c->out, "%s: %s", ls_status_name(st), ls_csv_errmsg(r));
  }
  ls_csv_free(r);
  return c->out.s;
}

TEST(csv_should_hand_records_to_a_callback_and_keep_no_table) {
  ls_dialect d = dialect(';', '"', '"', 1, 1, LS_RAGGED_FIX);
  collector c = {{0}, 0, 0, LS_OK};
  static const char text[] = "title\nid;id;\"n\"\n1;\"a\nb\";\xFF\n\n2\n3;4;5;6\n";
  char *got = records_of(&d, text, sizeof text - 1, 0, &c);
  CHECK_STR(got, "3:id=1|id_2=a\nb|n=\xEF\xBF\xBD\n6:id=2|id_2=|n=\n7:id=3|id_2=4|n=5\n");
  free(got);
  for (size_t chunk = 1; chunk < 4; chunk++) {
    collector k = {{0}, 0, 0, LS_OK};
    char *again = records_of(&d, text, sizeof text - 1, chunk, &k);
    CHECK_STR(again, "3:id=1|id_2=a\nb|n=\xEF\xBF\xBD\n6:id=2|id_2=|n=\n7:id=3|id_2=4|n=5\n");
    free(again);
  }
  d = dialect(',', '"', '"', 0, 0, LS_RAGGED_ERROR);
  collector h = {{0}, 0, 0, LS_OK};
  got = records_of(&d, "x,y\n", 4, 0, &h);
  CHECK_STR(got, "1:column_1=x|column_2=y\n");
  free(got);
  collector e = {{0}, 0, 0, LS_OK};
  got = records_of(&d, "", 0, 0, &e);
  CHECK_STR(got, "LS_EPARSE: t.csv: empty file: no records");
  free(got);
}

TEST(csv_record_callback_should_stop_the_reader_with_its_status) {
  ls_dialect d;
  ls_dialect_default(&d);
  collector c = {{0}, 0, 2, LS_ERANGE};
  char *got = records_of(&d, "a\n1\n2\n3\n", 8, 0, &c);
  CHECK_STR(got, "LS_ERANGE: t.csv: line 3: the record handler stopped reading: value out of range");
  CHECK_INT(c.calls, 2);
  free(got);
}

/* The table's cells and the callback's agree: same text for strings, and a
 * value exactly where the callback sees a non-empty cell. */
typedef struct {
  const ls_table *t;
  size_t row;
  int bad;
} agreement;

static ls_status agree(void *ctx, uint64_t line, const ls_field *names, const ls_field *values, size_t n) {
  agreement *a = ctx;
  if (n != ls_table_ncols(a->t) || a->row >= ls_table_rows(a->t)) {
    a->bad = 1;
    return LS_OK;
  }
  for (size_t i = 0; i < n; i++) {
    const ls_column *col = ls_table_col(a->t, i);
    if (strcmp(names[i].s, ls_column_name(col)) != 0 || names[i].len != strlen(names[i].s)) a->bad = 1;
    if (ls_column_valid(col, a->row) != (values[i].len > 0)) a->bad = 1;
    if (ls_column_type(col) == LS_TYPE_STRING && values[i].len) {
      size_t len;
      const char *s = ls_column_str(col, a->row, &len);
      if (len != values[i].len || memcmp(s, values[i].s, len) != 0) a->bad = 1;
    }
  }
  a->row++;
  return LS_OK;
}

TEST(csv_record_mode_should_see_exactly_the_cells_of_the_table) {
  static const char *const texts[] = {fixture, "a;b\n'x;y';'it''s'\n\xE2\x82;\n", "a|b\n\"\\\"q\\\\\"|1\nz|2\n"};
  ls_dialect ds[] = {dialect(',', '"', '"', 1, 0, LS_RAGGED_ERROR), dialect(';', '\'', '\'', 1, 0, LS_RAGGED_FIX),
                     dialect('|', '"', '\\', 0, 0, LS_RAGGED_ERROR)};
  for (size_t i = 0; i < 3; i++) {
    size_t n = i == 0 ? sizeof fixture - 1 : strlen(texts[i]);
    parsed p = parse_dialect(&ds[i], texts[i], n, 0, NULL, NULL, 0);
    CHECK_INT(p.st, LS_OK);
    if (!p.t) continue;
    agreement a = {p.t, 0, 0};
    ls_csv *r = ls_csv_new("t.csv");
    ls_csv_set_dialect(r, &ds[i]);
    ls_csv_on_record(r, agree, &a);
    CHECK_INT(ls_csv_feed(r, texts[i], n), LS_OK);
    CHECK_INT(ls_csv_finish(r, NULL), LS_OK);
    CHECK_INT(a.row, ls_table_rows(p.t));
    CHECK_INT(a.bad, 0);
    ls_csv_free(r);
    ls_table_free(p.t);
  }
}

static ls_status count_only(void *ctx, uint64_t line, const ls_field *names, const ls_field *values, size_t n) {
  (*(size_t *)ctx)++;
  return LS_OK;
}

TEST(csv_record_mode_should_stream_in_constant_memory) {
  static char chunk[1 << 16];
  size_t n = 0;
  while (n < sizeof chunk - 64) n += (size_t)sprintf(chunk + n, "%zu,\"some text, quoted\",2025-01-01\n", n);
  ls_csv *r = ls_csv_new("big.csv");
  size_t records = 0;
  ls_csv_on_record(r, count_only, &records);
  ls_csv_feed(r, "id,text,at\n", 11);
  ls_csv_feed(r, chunk, n); /* the first rows let the stores reach their size */
  ls_alloc_fail_after(0);
  for (int i = 0; i < 200; i++) CHECK_INT(ls_csv_feed(r, chunk, n), LS_OK); /* about 13 MB */
  unsigned long allocations = ls_alloc_fail_after(0);
  CHECK_INT(ls_csv_finish(r, NULL), LS_OK);
  CHECK_INT(allocations, 0);
  CHECK(records > 200 * 1000);
  ls_csv_free(r);
}

/* ---- dialects: chunking, memory, random input ---- */

/* Every table, stat and line of a parse in d, as text; the caller frees. */
static char *dump_dialect(const ls_dialect *d, const char *text, size_t n, size_t chunk) {
  ls_csv_stats st;
  char lines[4096];
  parsed p = parse_dialect(d, text, n, chunk, &st, lines, sizeof lines);
  char *s = dump(&p);
  strbuf b = {s, strlen(s), strlen(s) + 1};
  putf(&b, "\nrows %llu lines %llu header %llu skipped %llu empty %llu padded %llu", (unsigned long long)st.rows,
       (unsigned long long)st.lines, (unsigned long long)st.header_line, (unsigned long long)st.skipped_lines,
       (unsigned long long)st.empty_lines, (unsigned long long)st.padded);
  putf(&b, " %llu truncated %llu %llu\n", (unsigned long long)st.padded_lines[0], (unsigned long long)st.truncated,
       (unsigned long long)st.truncated_lines[0]);
  put(&b, lines, strlen(lines));
  ls_table_free(p.t);
  return b.s;
}

TEST(csv_dialects_should_give_the_same_result_however_the_input_is_split) {
  static const char *const texts[] = {
      "T\"x\r\n\r\nid|v\r\n1|\"a\\\"b\\\\\"\r\n\r\n2|\"c\\\nd\"|x\r3\n|\"\\q\"",
      "pre\nid;v\n1;'it''s;\n'\n2\n;\n",
      "x,\"y\"\"\"\n\"1\",\"\\\"\n",
  };
  ls_dialect ds[] = {dialect('|', '"', '\\', 1, 2, LS_RAGGED_FIX), dialect(';', '\'', '\'', 1, 1, LS_RAGGED_FIX),
                     dialect(',', '"', 0, 0, 0, LS_RAGGED_ERROR)};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(texts[i]);
    char *want = dump_dialect(&ds[i], texts[i], n, 0);
    for (size_t chunk = 1; chunk <= 4; chunk++) {
      char *got = dump_dialect(&ds[i], texts[i], n, chunk);
      if (strcmp(got, want) != 0) CHECK_FAIL_("text %zu in chunks of %zu gives\n%s\ninstead of\n%s", i, chunk, got, want);
      free(got);
    }
    if (i == 0) CHECK_HAS(want, "[v:string] <a\"b\\> <c\\\nd> null <\\q>");
    free(want);
  }
}

TEST(csv_dialects_should_survive_out_of_memory_at_every_allocation) {
  static const char text[] = "pre\nid|v\n1|\"a\\\"b\"\n2\n3|4|5\n";
  ls_dialect d = dialect('|', '"', '\\', 1, 1, LS_RAGGED_FIX);
  for (int record_mode = 0; record_mode < 2; record_mode++) {
    for (unsigned long k = 1;; k++) {
      collector c = {{0}, 0, 0, LS_OK};
      ls_alloc_fail_after(k);
      parsed p = {LS_OK, NULL, ""};
      char *got = NULL;
      if (record_mode)
        got = records_of(&d, text, sizeof text - 1, 2, &c);
      else
        p = parse_dialect(&d, text, sizeof text - 1, 2, NULL, NULL, 0);
      ls_alloc_fail_after(0);
      ls_table_free(p.t);
      int done = record_mode ? !strstr(got, "LS_ENOMEM") : p.st == LS_OK;
      if (record_mode && !done) CHECK_HAS(got, "out of memory");
      if (!record_mode && !done) CHECK_INT(p.st, LS_ENOMEM);
      free(got);
      if (done || check_current_failed) break;
    }
  }
}

TEST(csv_dialects_should_survive_random_bytes) {
  static char buf[1024];
  static const char delims[] = ",;|\t", quotes[] = "\"'\0", escapes[] = "\"\\\0'";
  for (int iter = 0; iter < 2000; iter++) {
    size_t n = rnd() % sizeof buf;
    for (size_t i = 0; i < n; i++) buf[i] = rnd() % 3 ? "\"'\\,;|\t\r\n\nab1"[rnd() % 13] : random_byte();
    ls_dialect d = dialect(delims[rnd() % 4], quotes[rnd() % 3], escapes[rnd() % 4], (int)(rnd() % 2), rnd() % 3,
                           rnd() % 2 ? LS_RAGGED_FIX : LS_RAGGED_ERROR);
    if (d.quote == d.delim) d.quote = 0;
    char *want = dump_dialect(&d, buf, n, 0);
    char *got = dump_dialect(&d, buf, n, 1 + rnd() % 7);
    if (strcmp(got, want) != 0) CHECK_FAIL_("iteration %d: chunking changed\n%s\ninto\n%s", iter, want, got);
    CHECK(strstr(want, "LS_OK|") == want || strstr(want, "LS_EPARSE|") == want);
    free(want);
    free(got);
    if (check_current_failed) break;
  }
}

int main(void) {
  RUN(dialect_default_should_be_rfc_4180);
  RUN(csv_should_read_semicolons_tabs_pipes_and_single_quotes);
  RUN(csv_should_read_every_byte_literally_without_quoting);
  RUN(csv_should_resolve_backslash_escapes_inside_quotes_only);
  RUN(csv_should_close_a_quote_at_once_without_escapes);
  RUN(csv_should_drop_a_short_trailer_but_pad_ragged_rows_before_it);
  RUN(csv_should_name_columns_column_n_without_a_header);
  RUN(csv_should_skip_preamble_lines_as_raw_lines);
  RUN(csv_should_refuse_unusable_dialects_and_late_settings);
  RUN(csv_should_pad_short_rows_and_cut_long_ones_when_asked);
  RUN(csv_should_count_lines_empty_lines_and_rows);
  RUN(csv_row_line_should_give_the_line_each_row_starts_on);
  RUN(csv_should_hand_records_to_a_callback_and_keep_no_table);
  RUN(csv_record_callback_should_stop_the_reader_with_its_status);
  RUN(csv_record_mode_should_see_exactly_the_cells_of_the_table);
  RUN(csv_record_mode_should_stream_in_constant_memory);
  RUN(csv_dialects_should_give_the_same_result_however_the_input_is_split);
  RUN(csv_dialects_should_survive_out_of_memory_at_every_allocation);
  RUN(csv_dialects_should_survive_random_bytes);
  return check_done();
}
