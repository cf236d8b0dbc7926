/* test_load.c: the loader: what a dropped file is, how it is read, and every
 * bad input refused with a clear message while the workspace keeps its data. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "source_file.h"
#include "workspace/load.h"

/* Load bytes into ws in chunks of size chunk (0: whole), with options o. */
static ls_status load_bytes(ls_workspace *ws, const char *name, const void *b, size_t n, size_t chunk,
                            const ls_load_options *o) {
  ls_loader *l = ls_loader_new(ws, name, o);
  if (!l) return LS_ENOMEM;
  ls_status st = LS_OK;
  const char *p = b;
  if (!chunk) chunk = n ? n : 1;
  for (size_t at = 0; st == LS_OK && at < n; at += chunk)
    st = ls_loader_feed(l, p + at, n - at < chunk ? n - at : chunk);
  if (st == LS_OK) st = ls_loader_finish(l);
  ls_loader_free(l);
  return st;
}

static ls_status load_text(ls_workspace *ws, const char *name, const char *text) {
  return load_bytes(ws, name, text, strlen(text), 0, NULL);
}

/* a workspace holding one good dataset, to check that failures keep it */
static ls_workspace *with_one(void) {
  ls_workspace *ws = ls_workspace_new();
  if (load_text(ws, "good.csv", "user_id,event,timestamp\nu1,a,2026-03-01T09:00:00Z\n") != LS_OK)
    CHECK_FAIL_("could not load good.csv");
  return ws;
}

static void refused(const char *name, const void *bytes, size_t n, ls_status want, const char *msg) {
  ls_workspace *ws = with_one();
  ls_status st = load_bytes(ws, name, bytes, n, 0, NULL);
  CHECK_INT(st, want);
  CHECK_HAS(ls_workspace_errmsg(ws), msg);
  CHECK_INT(ls_workspace_count(ws), 1);
  CHECK_STR(ls_table_name(ls_workspace_table(ws, 0)), "good.csv");
  /* byte by byte: the same verdict */
  ls_workspace *ws2 = with_one();
  CHECK_INT(load_bytes(ws2, name, bytes, n, 1, NULL), want);
  CHECK_STR(ls_workspace_errmsg(ws2), ls_workspace_errmsg(ws));
  ls_workspace_free(ws);
  ls_workspace_free(ws2);
}

TEST(bad_inputs_should_be_refused_by_name_and_keep_the_workspace) {
  refused("empty.csv", "", 0, LS_EPARSE, "empty.csv: empty file");
  refused("bom.csv", "\xEF\xBB\xBF", 3, LS_EPARSE, "bom.csv: empty file");
  refused("header.csv", "id,name\r\n", 9, LS_ENODATA, "header.csv: line 1: a header but no data rows");
  refused("zip.csv", "PK\x03\x04\x14\x00\x00\x00", 8, LS_EPARSE, "zip.csv: not a CSV file: a zip archive");
  refused("old.csv", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, LS_EPARSE, "Excel 97-2003 workbook");
  refused("doc.csv", "%PDF-1.7\n", 9, LS_EPARSE, "doc.csv: not a CSV file: a PDF document");
  unsigned char bin[600];
  for (size_t i = 0; i < sizeof bin; i++) bin[i] = (unsigned char)(i * 7 % 251);
  refused("bin.csv", bin, sizeof bin, LS_EPARSE, "bin.csv: not a CSV file: binary data");
  const char *q = "a,b\n1,2\n3,\"x\n";
  refused("quote.csv", q, strlen(q), LS_EPARSE, "quote.csv: line 3, column 3: unterminated quoted field");
  const char *r = "a,b\n1,2\n3\n";
  refused("ragged.csv", r, strlen(r), LS_EPARSE, "ragged.csv: line 3, column 2: expected 2 fields, found 1");
  const char *j = "{\"a\":1}\n{\"a\":\n";
  refused("cut.jsonl", j, strlen(j), LS_EPARSE, "cut.jsonl: line 2, column 6");
  refused("db.sqlite", "SQLite format 3\0\x10\x00", 18, LS_EPARSE, "db.sqlite: truncated database");
}

TEST(a_ten_megabyte_line_should_load_as_one_cell) {
  size_t n = 10u << 20;
  char *b = malloc(n + 16);
  if (!b) return;
  memcpy(b, "a,b\n", 4);
  memset(b + 4, 'x', n);
  memcpy(b + 4 + n, ",1\n", 3);
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(load_bytes(ws, "long.csv", b, n + 7, 1 << 16, NULL), LS_OK);
  const ls_table *t = ls_workspace_table(ws, 0);
  CHECK_INT(ls_table_rows(t), 1);
  size_t len = 0;
  ls_column_str(ls_table_col(t, 0), 0, &len);
  CHECK_INT(len, n);
  ls_workspace_free(ws);
  free(b);
}

TEST(invalid_utf8_should_be_repaired_and_counted) {
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(load_text(ws, "u.csv", "a,b\n1,\xff\xfez\n2,ok\n"), LS_OK);
  const ls_source *src = ls_workspace_source(ws, 0);
  CHECK_INT(src->replaced, 2);
  size_t len;
  CHECK_STR(ls_column_str(ls_table_col(ls_workspace_table(ws, 0), 1), 0, &len), "\xEF\xBF\xBD\xEF\xBF\xBDz");
  ls_workspace_free(ws);
}

/* the fixture read in chunks of every size gives the same table */
TEST(fixtures_should_read_alike_whatever_the_chunks) {
  static const char *const FILES[] = {"data/fixtures/orders_gbk.csv", "data/fixtures/excel_unicode.txt",
                                      "data/fixtures/mixpanel_events.jsonl", "data/fixtures/events_small.csv.gz"};
  for (size_t f = 0; f < sizeof FILES / sizeof FILES[0]; f++) {
    size_t n;
    unsigned char *b = source_file(FILES[f], &n);
    CHECK(b != NULL);
    if (!b) continue;
    size_t rows = 0, cols = 0;
    for (size_t chunk = 0; chunk < 40; chunk += 13) {
      ls_workspace *ws = ls_workspace_new();
      CHECK_INT(load_bytes(ws, FILES[f], b, n, chunk, NULL), LS_OK);
      const ls_table *t = ls_workspace_count(ws) ? ls_workspace_table(ws, 0) : NULL;
      if (t && chunk == 0) rows = ls_table_rows(t), cols = ls_table_ncols(t);
      if (t) CHECK_INT(ls_table_rows(t), rows);
      if (t) CHECK_INT(ls_table_ncols(t), cols);
      ls_workspace_free(ws);
    }
    CHECK(rows > 0);
    free(b);
  }
}

TEST(the_source_should_say_encoding_dialect_and_format) {
  size_t n;
  unsigned char *b = source_file("data/fixtures/orders_gbk.csv", &n);
  if (!b) return;
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(load_bytes(ws, "orders_gbk.csv", b, n, 100, NULL), LS_OK);
  const ls_source *s = ls_workspace_source(ws, 0);
  CHECK_STR(s->format, "csv");
  CHECK_STR(s->encoding, "gb18030");
  CHECK_HAS(s->encoding_reason, "GB18030");
  CHECK_INT(s->delimiter, ',');
  CHECK_INT(s->header, 1);
  CHECK_INT(s->bytes, n);
  CHECK_STR(ls_column_name(ls_table_col(ls_workspace_table(ws, 0), 0)), "订单号");
  CHECK_INT(ls_workspace_detection(ws, 0)->kind, LS_KIND_PAYMENTS);
  free(b);
  b = source_file("data/fixtures/shop.sqlite", &n);
  CHECK_INT(load_bytes(ws, "shop.sqlite", b, n, 4096, NULL), LS_OK);
  CHECK(ls_workspace_count(ws) >= 3);
  CHECK_STR(ls_workspace_source(ws, 1)->format, "sqlite");
  free(b);
  ls_workspace_free(ws);
}

TEST(the_source_should_name_its_rules_for_the_page_to_word) {
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(load_text(ws, "a.csv", "user_id,n,when\nu1,3,2026-03-01\nu2,4,2026-03-02\n"), LS_OK);
  const ls_source *s = ls_workspace_source(ws, 0);
  CHECK_STR(s->encoding_code, "utf8");
  CHECK_INT(s->columns, 3);
  CHECK_INT(s->sampled_rows, 3);
  CHECK_STR(s->header_reason, "by_types");
  CHECK_INT(s->header_column, 1);
  CHECK_STR(s->header_type, "int");
  ls_load_options o;
  ls_load_options_default(&o);
  snprintf(o.encoding, sizeof o.encoding, "gbk");
  CHECK_INT(load_bytes(ws, "b.csv", "name,city\nann,paris\n", 20, 0, &o), LS_OK);
  s = ls_workspace_source(ws, 1);
  CHECK_STR(s->encoding_code, "user");
  CHECK_STR(s->encoding_reason, "chosen by the user");
  CHECK_STR(s->header_reason, "all_text");
  CHECK_STR(s->header_type, "");
  ls_workspace_free(ws);
}

TEST(samples_from_the_middle_should_decide_a_dialect_the_head_cannot) {
  /* a head of one-column lines; the samples show the semicolons */
  char head[200] = "title\nnote\n";
  const char *body = "a;b;c\n1;2;3\n4;5;6\n7;8;9\n";
  strcat(head, body);
  ls_workspace *ws = ls_workspace_new();
  ls_loader *l = ls_loader_new(ws, "s.csv", NULL);
  CHECK_INT(ls_loader_sample(l, "1;2;3\n4;5;6\n7;8;9\n1;2;3\n", 24, 0), LS_OK);
  CHECK_INT(ls_loader_sample(l, "4;5;6\n7;8;9\n", 12, 1), LS_OK);
  CHECK_INT(ls_loader_feed(l, head, strlen(head)), LS_OK);
  CHECK_INT(ls_loader_finish(l), LS_OK);
  ls_loader_free(l);
  const ls_source *s = ls_workspace_source(ws, 0);
  CHECK_INT(s->delimiter, ';');
  CHECK_INT(ls_table_ncols(ls_workspace_table(ws, 0)), 3);
  ls_workspace_free(ws);
}

TEST(options_should_override_detection_and_report_unfit_cells) {
  ls_load_options o;
  ls_load_options_default(&o);
  o.delimiter = '|';
  o.header = 0;
  CHECK_INT(ls_load_options_type(&o, "column_2=int"), LS_OK);
  CHECK_INT(ls_load_options_type(&o, "x=nonsense"), LS_EINVAL);
  CHECK_INT(ls_load_options_type(&o, "=int"), LS_EINVAL);
  const char *text = "a|1\nb|x\nc|3\n";
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(load_bytes(ws, "p.csv", text, strlen(text), 0, &o), LS_OK);
  const ls_table *t = ls_workspace_table(ws, 0);
  CHECK_INT(ls_table_rows(t), 3);
  CHECK_INT(ls_column_type(ls_table_col(t, 1)), LS_TYPE_INT64);
  const ls_source *s = ls_workspace_source(ws, 0);
  CHECK_INT(s->delimiter, '|'); /* the dialect as applied, and marked as the user's */
  CHECK_INT(s->header, 0);
  CHECK_INT(s->dialect_forced, 1);
  CHECK_INT(s->cols[1].forced, 1);
  CHECK_INT(s->cols[1].bad.count, 1);
  CHECK_INT(s->cols[1].bad.lines[0], 2);
  ls_workspace_free(ws);
}

TEST(same_header_files_should_append_and_count_files) {
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(load_text(ws, "jan.csv", "user_id,event,timestamp\nu1,a,2026-01-01T00:00:00Z\n"), LS_OK);
  CHECK_INT(load_text(ws, "feb.csv", "User ID,Event,Timestamp\nu2,b,2026-02-01T00:00:00Z\n"), LS_OK);
  CHECK_INT(ls_workspace_count(ws), 1);
  CHECK_INT(ls_table_rows(ls_workspace_table(ws, 0)), 2);
  CHECK_INT(ls_workspace_source(ws, 0)->files, 2);
  /* a file read again (say with a type override) replaces, never appends */
  CHECK_INT(load_text(ws, "jan.csv", "user_id,event,timestamp\nu1,a,2026-01-01T00:00:00Z\n"), LS_OK);
  CHECK_INT(ls_workspace_count(ws), 1);
  CHECK_INT(ls_table_rows(ls_workspace_table(ws, 0)), 1);
  ls_load_options o;
  ls_load_options_default(&o);
  o.append = 0;
  const char *mar = "user_id,event,timestamp\nu3,c,2026-03-01T00:00:00Z\n";
  CHECK_INT(load_bytes(ws, "mar.csv", mar, strlen(mar), 0, &o), LS_OK);
  CHECK_INT(ls_workspace_count(ws), 2);
  ls_workspace_free(ws);
}

static ls_status count_rows(void *ctx, uint64_t line, const ls_field *names, const ls_field *values, size_t n) {
  (void)line;
  (void)names;
  (void)values;
  (void)n;
  ++*(int *)ctx;
  return LS_OK;
}

TEST(record_mode_should_hand_rows_over_and_keep_nothing) {
  ls_workspace *ws = ls_workspace_new();
  int rows = 0;
  ls_loader *l = ls_loader_new(ws, "r.jsonl", NULL);
  CHECK_INT(ls_loader_on_record(l, count_rows, &rows), LS_OK);
  const char *text = "{\"a\":1}\n{\"a\":2,\"b\":{\"c\":3}}\n";
  CHECK_INT(ls_loader_feed(l, text, strlen(text)), LS_OK);
  CHECK_INT(ls_loader_finish(l), LS_OK);
  ls_loader_free(l);
  CHECK_INT(rows, 2);
  CHECK_INT(ls_workspace_count(ws), 0);
  ls_workspace_free(ws);
}

TEST(out_of_memory_should_fail_cleanly_anywhere_in_a_load) {
  const char *text = "id;amount;when\n1;1,5;2025-01-02\n2;2,5;2025-01-03\n";
  int ok = 0;
  for (unsigned long k = 1; k < 400 && !ok; k++) {
    ls_workspace *ws = ls_workspace_new();
    ls_alloc_fail_after(k);
    ls_status st = load_text(ws, "m.csv", text);
    ls_alloc_fail_after(0);
    if (st == LS_OK) ok = 1;
    else CHECK_INT(ls_workspace_count(ws), 0);
    ls_workspace_free(ws);
  }
  CHECK(ok);
}

int main(void) {
  RUN(bad_inputs_should_be_refused_by_name_and_keep_the_workspace);
  RUN(a_ten_megabyte_line_should_load_as_one_cell);
  RUN(invalid_utf8_should_be_repaired_and_counted);
  RUN(fixtures_should_read_alike_whatever_the_chunks);
  RUN(the_source_should_say_encoding_dialect_and_format);
  RUN(the_source_should_name_its_rules_for_the_page_to_word);
  RUN(samples_from_the_middle_should_decide_a_dialect_the_head_cannot);
  RUN(options_should_override_detection_and_report_unfit_cells);
  RUN(same_header_files_should_append_and_count_files);
  RUN(record_mode_should_hand_rows_over_and_keep_nothing);
  RUN(out_of_memory_should_fail_cleanly_anywhere_in_a_load);
  return check_done();
}
