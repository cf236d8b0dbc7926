/* test_sniff.c: the CSV dialect and header sniffer, and reading with what it finds. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdint.h>
#include <time.h>

#include "base/alloc.h"
#include "cell_text.h"
#include "check.h"
#include "ingest/csv.h"
#include "ingest/sniff.h"
#include "source_file.h"

/* ---- helpers ---- */

/* Sniff a whole text as one sample. */
static ls_sniff_result sniff_text(const char *text, size_t len) {
  ls_sample s = {text, len, 1, 1};
  ls_sniff_result r;
  ls_status st = ls_sniff_csv(&s, 1, &r);
  if (st != LS_OK) CHECK_FAIL_("sniff failed: %s", ls_status_name(st));
  return r;
}

static ls_sniff_result sniff_str(const char *text) { return sniff_text(text, strlen(text)); }

/* Read text in dialect d, in chunks of chunk bytes (0: whole). */
static ls_table *read_with(const ls_dialect *d, const char *text, size_t len, size_t chunk, ls_csv_stats *stats) {
  ls_csv *r = ls_csv_new("f.csv");
  ls_table *t = NULL;
  ls_status st = ls_csv_set_dialect(r, d);
  for (size_t at = 0; at < len && st == LS_OK;) {
    size_t k = chunk && len - at > chunk ? chunk : len - at;
    st = ls_csv_feed(r, text + at, k);
    at += k;
  }
  if (st == LS_OK) st = ls_csv_finish(r, &t);
  if (st != LS_OK) CHECK_FAIL_("read failed: %s", ls_csv_errmsg(r));
  if (stats) ls_csv_get_stats(r, stats);
  ls_csv_free(r);
  return t;
}

/* ---- the fixtures ---- */

TEST(sniff_should_find_semicolons_and_a_header_in_a_european_export) {
  size_t n;
  char *text = source_text("data/fixtures/semicolon_decimal_comma.csv", &n);
  if (!text) return;
  ls_sniff_result r = sniff_text(text, n);
  CHECK_INT(r.dialect.delim, ';');
  CHECK_INT(r.dialect.quote, '"');
  CHECK_INT(r.dialect.escape, '"');
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.dialect.skip, 0);
  CHECK_INT(r.dialect.ragged, LS_RAGGED_ERROR);
  CHECK_INT(r.columns, 6);
  CHECK_INT(r.rows_sampled, 8);
  CHECK_INT(r.header_reason, LS_HEADER_BY_TYPES);
  CHECK_INT(r.header_column, 0); /* Nr: integers below the header */
  CHECK_INT(r.header_type, LS_TYPE_INT64);
  CHECK_HAS(r.reason, "semicolon-separated, double quotes, 6 columns");
  ls_table *t = read_with(&r.dialect, text, n, 0, NULL);
  CHECK_INT(ls_table_rows(t), 7);
  CHECK_STR(ls_column_name(ls_table_col(t, 3)), "Betrag");
  CHECK_STR(str_at(t, 2, 0), "Müller; Söhne GmbH");
  /* decimal commas and thousands points read as numbers (ingest/infer.h) */
  CHECK_NUM(ls_column_num(ls_table_col(t, 3), 0), 1234.5, 0);
  CHECK_NUM(ls_column_num(ls_table_col(t, 4), 0), 12.5, 0);
  CHECK_STR(str_at(t, 2, 2), "Bäckerei \"Zum Korn\"");
  CHECK_STR(str_at(t, 5, 3), "Zahlung; Teil 1");
  ls_table_free(t);
  free(text);
}

TEST(sniff_should_find_tabs_even_with_commas_in_cells) {
  size_t n;
  char *text = source_text("data/fixtures/dialect_tab.tsv", &n);
  if (!text) return;
  ls_sniff_result r = sniff_text(text, n);
  CHECK_INT(r.dialect.delim, '\t');
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.columns, 5);
  CHECK_INT(r.header_reason, LS_HEADER_BY_TYPES);
  CHECK_INT(r.header_column, 2);
  CHECK_HAS(r.reason, "tab-separated");
  ls_table *t = read_with(&r.dialect, text, n, 0, NULL);
  CHECK_INT(ls_table_rows(t), 5);
  CHECK_STR(str_at(t, 1, 0), "Smith, John");
  CHECK_STR(str_at(t, 1, 2), "O'Brien, Pat");
  CHECK_STR(str_at(t, 4, 2), "gift");
  CHECK_INT(ls_column_type(ls_table_col(t, 3)), LS_TYPE_TIME);
  ls_table_free(t);
  free(text);
}

TEST(sniff_should_find_pipes) {
  size_t n;
  char *text = source_text("data/fixtures/dialect_pipe.csv", &n);
  if (!text) return;
  ls_sniff_result r = sniff_text(text, n);
  CHECK_INT(r.dialect.delim, '|');
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.columns, 5);
  ls_table *t = read_with(&r.dialect, text, n, 0, NULL);
  CHECK_INT(ls_table_rows(t), 5);
  CHECK_STR(str_at(t, 1, 2), "Initech | Labs");
  CHECK_STR(str_at(t, 1, 3), "Umbrella, Ltd.");
  ls_table_free(t);
  free(text);
}

TEST(sniff_should_find_single_quotes) {
  size_t n;
  char *text = source_text("data/fixtures/dialect_single_quote.csv", &n);
  if (!text) return;
  ls_sniff_result r = sniff_text(text, n);
  CHECK_INT(r.dialect.delim, ',');
  CHECK_INT(r.dialect.quote, '\'');
  CHECK_INT(r.dialect.escape, '\'');
  CHECK_INT(r.columns, 4);
  CHECK_INT(r.dialect.header, 1);
  CHECK_HAS(r.reason, "single quotes");
  ls_table *t = read_with(&r.dialect, text, n, 0, NULL);
  CHECK_INT(ls_table_rows(t), 5);
  CHECK_STR(str_at(t, 1, 0), "Smith, John");
  CHECK_STR(str_at(t, 3, 0), "said 'hi'");
  CHECK_STR(str_at(t, 3, 2), "two, commas, here");
  CHECK_STR(str_at(t, 1, 3), "O'Brien");
  ls_table_free(t);
  free(text);
}

TEST(sniff_should_find_backslash_escapes) {
  size_t n;
  char *text = source_text("data/fixtures/dialect_backslash.csv", &n);
  if (!text) return;
  ls_sniff_result r = sniff_text(text, n);
  CHECK_INT(r.dialect.delim, ',');
  CHECK_INT(r.dialect.quote, '"');
  CHECK_INT(r.dialect.escape, '\\');
  CHECK_INT(r.columns, 3);
  CHECK_HAS(r.reason, "backslash escapes");
  ls_table *t = read_with(&r.dialect, text, n, 0, NULL);
  CHECK_INT(ls_table_rows(t), 5);
  CHECK_STR(str_at(t, 1, 0), "He said \"hi\", then left");
  CHECK_STR(str_at(t, 1, 1), "path C:\\temp\\x");
  CHECK_STR(str_at(t, 1, 3), "quote at end \"");
  CHECK_INT(ls_column_type(ls_table_col(t, 2)), LS_TYPE_DOUBLE);
  ls_table_free(t);
  free(text);
}

TEST(sniff_should_skip_an_alipay_preamble_and_drop_its_summary_lines) {
  size_t n;
  char *text = source_text("data/fixtures/sniff_alipay_preamble.csv", &n);
  if (!text) return;
  ls_sniff_result r = sniff_text(text, n);
  CHECK_INT(r.dialect.delim, ',');
  CHECK_INT(r.dialect.skip, 4);
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.dialect.ragged, LS_RAGGED_FIX);
  CHECK_INT(r.columns, 11); /* a trailing comma on every line */
  CHECK_INT(r.rows_sampled, 11);
  CHECK_INT(r.trailing_rows, 6);
  CHECK_INT(r.ragged_rows, 0);
  CHECK_INT(r.header_reason, LS_HEADER_BY_TYPES);
  CHECK_INT(r.header_column, 2); /* 交易创建时间 */
  CHECK_INT(r.header_type, LS_TYPE_TIME);
  CHECK_HAS(r.reason, "4 preamble lines skipped; 6 summary rows after the data dropped");
  CHECK_INT(r.dialect.trailer, LS_SNIFF_TRAILER);
  ls_csv_stats st;
  ls_table *t = read_with(&r.dialect, text, n, 0, &st);
  CHECK_INT(ls_table_rows(t), 10);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "交易号");
  CHECK_STR(ls_column_name(ls_table_col(t, 10)), "column_11");
  CHECK_STR(str_at(t, 6, 0), "月度会员");
  CHECK_INT(st.skipped_lines, 4);
  CHECK_INT(st.header_line, 5);
  CHECK_INT(st.padded, 0); /* the summary is dropped, not padded */
  CHECK_INT(st.padded_lines[0], 0);
  CHECK_INT(st.dropped, 6);
  CHECK_INT(st.dropped_line, 16);
  CHECK_INT(st.truncated, 0);
  ls_table_free(t);
  free(text);
}

TEST(sniff_should_see_no_header_in_a_numeric_file) {
  size_t n;
  char *text = source_text("data/fixtures/sniff_headerless.csv", &n);
  if (!text) return;
  ls_sniff_result r = sniff_text(text, n);
  CHECK_INT(r.dialect.header, 0);
  CHECK_INT(r.header_reason, LS_NO_HEADER_BY_TYPES);
  CHECK_INT(r.columns, 4);
  CHECK_HAS(r.reason, "no header");
  ls_table *t = read_with(&r.dialect, text, n, 0, NULL);
  CHECK_INT(ls_table_rows(t), 5);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "column_1");
  CHECK_INT(ls_column_type(ls_table_col(t, 0)), LS_TYPE_INT64);
  CHECK_INT(ls_column_type(ls_table_col(t, 3)), LS_TYPE_BOOL);
  ls_table_free(t);
  free(text);
}

/* ---- header rules ---- */

TEST(sniff_should_assume_a_header_when_every_column_is_text) {
  ls_sniff_result r = sniff_str("name,city\nann,paris\nbob,rome\n");
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.header_reason, LS_HEADER_ALL_TEXT);
}

TEST(sniff_should_see_data_when_the_first_row_repeats_a_later_one) {
  ls_sniff_result r = sniff_str("ann,paris\nbob,rome\nann,paris\n");
  CHECK_INT(r.dialect.header, 0);
  CHECK_INT(r.header_reason, LS_NO_HEADER_REPEATED);
  CHECK_HAS(r.reason, "repeats");
}

TEST(sniff_should_assume_a_header_for_a_single_row) {
  ls_sniff_result r = sniff_str("id;name\n");
  CHECK_INT(r.dialect.delim, ';');
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.header_reason, LS_HEADER_ONLY_ROW);
}

TEST(header_reasons_should_have_stable_names) {
  CHECK_STR(ls_header_reason_name(LS_HEADER_BY_TYPES), "by_types");
  CHECK_STR(ls_header_reason_name(LS_HEADER_ALL_TEXT), "all_text");
  CHECK_STR(ls_header_reason_name(LS_HEADER_ONLY_ROW), "only_row");
  CHECK_STR(ls_header_reason_name(LS_HEADER_NO_ROWS), "no_rows");
  CHECK_STR(ls_header_reason_name(LS_NO_HEADER_BY_TYPES), "no_header_by_types");
  CHECK_STR(ls_header_reason_name(LS_NO_HEADER_REPEATED), "no_header_repeated");
  CHECK_STR(ls_header_reason_name((ls_header_reason)99), "?");
}

TEST(sniff_should_treat_an_empty_first_cell_as_fitting_any_type) {
  ls_sniff_result r = sniff_str(",2024-01-01\n5,2024-01-02\n6,2024-01-03\n");
  CHECK_INT(r.dialect.header, 0);
}

TEST(sniff_should_read_a_file_without_delimiters_as_one_column) {
  ls_sniff_result r = sniff_str("email\na@x.org\nb@y.org\n");
  CHECK_INT(r.columns, 1);
  CHECK_INT(r.dialect.delim, ',');
  CHECK_INT(r.dialect.header, 1);
  CHECK_HAS(r.reason, "one column");
}

TEST(sniff_should_keep_a_broken_quote_for_the_reader_to_report) {
  static const char text[] = "id,c,n\n1,a,2\n2,\"b,3\n3,c,4\n";
  ls_sniff_result r = sniff_str(text);
  CHECK_INT(r.dialect.quote, '"');
  ls_csv *rd = ls_csv_new("m.csv");
  ls_table *t = NULL;
  CHECK_INT(ls_csv_set_dialect(rd, &r.dialect), LS_OK);
  CHECK_INT(ls_csv_feed(rd, text, sizeof text - 1), LS_OK);
  CHECK_INT(ls_csv_finish(rd, &t), LS_EPARSE);
  CHECK_STR(ls_csv_errmsg(rd), "m.csv: line 3, column 3: unterminated quoted field");
  ls_csv_free(rd);
}

TEST(sniff_should_report_ragged_rows_in_the_middle_and_keep_them_errors) {
  ls_sniff_result r = sniff_str("a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n12,13,14\n15,16,17\n18,19,20\n21,22,23\n24,25,26\n27,28,29\n");
  CHECK_INT(r.columns, 3);
  CHECK_INT(r.ragged_rows, 1);
  CHECK_INT(r.dialect.ragged, LS_RAGGED_ERROR);
  CHECK_HAS(r.reason, "1 ragged rows");
}

TEST(sniff_should_skip_a_bom_and_count_lines_after_it) {
  ls_sniff_result r = sniff_str("\xEF\xBB\xBFReport\r\n\r\nid;v\r\n1;2\r\n3;4\r\n5;6\r\n");
  CHECK_INT(r.dialect.delim, ';');
  CHECK_INT(r.dialect.skip, 2);
  CHECK_INT(r.dialect.header, 1);
}

/* ---- samples ---- */

/* A file of rows events: id,user,"note, with comma",amount,at; multi-line notes now and then. */
static char *events_file(size_t rows, size_t *len) {
  char *buf = malloc(rows * 96 + 64);
  size_t n = (size_t)sprintf(buf, "id,user,note,amount,at\n");
  for (size_t i = 0; i < rows; i++)
    n += (size_t)sprintf(buf + n, "%zu,u%zu,\"%s\",%zu.%02zu,2025-01-%02zuT%02zu:00:00Z\n", i + 1, i % 97,
                         i % 50 == 7 ? "two\nlines, \"\"q\"\"" : "note, one", i % 300, i % 100, i % 28 + 1, i % 24);
  *len = n;
  return buf;
}

TEST(sniff_should_read_samples_from_the_middle_of_a_file) {
  size_t n;
  char *text = events_file(20000, &n);
  ls_sample s[4] = {{text, 4096, 1, 0},
                    {text + n / 3 + 17, 4096, 0, 0},
                    {text + 2 * n / 3 + 5, 4096, 0, 0},
                    {text + n - 3000, 3000, 0, 1}};
  ls_sniff_result r;
  CHECK_INT(ls_sniff_csv(s, 4, &r), LS_OK);
  CHECK_INT(r.dialect.delim, ',');
  CHECK_INT(r.dialect.quote, '"');
  CHECK_INT(r.dialect.escape, '"');
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.columns, 5);
  CHECK_INT(r.ragged_rows, 0);
  CHECK_INT(r.trailing_rows, 0);
  CHECK(r.rows_sampled > 150);
  /* a sample that starts inside a quoted newline resyncs instead of failing */
  ls_sample mid[2] = {{text, 2000, 1, 0}, {text + 23 + 7 * 60, 20000, 0, 0}};
  CHECK_INT(ls_sniff_csv(mid, 2, &r), LS_OK);
  CHECK_INT(r.columns, 5);
  CHECK_INT(r.dialect.delim, ',');
  free(text);
}

TEST(sniff_should_be_fast_on_eight_samples_of_64_kib) {
  size_t n;
  char *text = events_file(40000, &n);
  ls_sample s[8];
  for (size_t i = 0; i < 8; i++) {
    size_t at = i == 0 ? 0 : i == 7 ? n - 65536 : i * (n / 8);
    s[i] = (ls_sample){text + at, 65536, i == 0, i == 7};
  }
  ls_sniff_result r;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  CHECK_INT(ls_sniff_csv(s, 8, &r), LS_OK);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
  printf("  512 KiB sniffed in %.1f ms (sanitized build)\n", ms);
  CHECK_INT(r.columns, 5);
  CHECK(ms < 1000);
  free(text);
}

TEST(sniff_should_refuse_bad_arguments) {
  ls_sniff_result r;
  ls_sample ok = {"a", 1, 1, 1}, not_start = {"a", 1, 0, 1}, null_data = {NULL, 3, 1, 1};
  ls_sample two_starts[2] = {{"a", 1, 1, 0}, {"b", 1, 1, 1}}, early_end[2] = {{"a", 1, 1, 1}, {"b", 1, 0, 0}};
  CHECK_INT(ls_sniff_csv(&ok, 1, NULL), LS_EINVAL);
  CHECK_INT(ls_sniff_csv(NULL, 1, &r), LS_EINVAL);
  CHECK_INT(ls_sniff_csv(&ok, 0, &r), LS_EINVAL);
  CHECK_INT(ls_sniff_csv(&not_start, 1, &r), LS_EINVAL);
  CHECK_INT(ls_sniff_csv(&null_data, 1, &r), LS_EINVAL);
  CHECK_INT(ls_sniff_csv(two_starts, 2, &r), LS_EINVAL);
  CHECK_INT(ls_sniff_csv(early_end, 2, &r), LS_EINVAL);
  CHECK_INT(r.dialect.delim, ','); /* the default on failure */
}

TEST(sniff_should_give_the_default_for_empty_input) {
  ls_sample s = {NULL, 0, 1, 1};
  ls_sniff_result r;
  CHECK_INT(ls_sniff_csv(&s, 1, &r), LS_OK);
  CHECK_INT(r.columns, 0);
  CHECK_INT(r.dialect.delim, ',');
  CHECK_INT(r.dialect.header, 1);
  CHECK_INT(r.header_reason, LS_HEADER_NO_ROWS);
  r = sniff_str("\r\n\n");
  CHECK_INT(r.columns, 0);
}

/* ---- memory and robustness ---- */

TEST(sniff_should_survive_out_of_memory_at_every_allocation) {
  size_t n;
  char *text = source_text("data/fixtures/sniff_alipay_preamble.csv", &n);
  if (!text) return;
  ls_sample s = {text, n, 1, 1};
  ls_sniff_result want, got;
  CHECK_INT(ls_sniff_csv(&s, 1, &want), LS_OK);
  for (unsigned long k = 1;; k++) {
    ls_alloc_fail_after(k);
    ls_status st = ls_sniff_csv(&s, 1, &got);
    ls_alloc_fail_after(0);
    if (st == LS_OK) {
      CHECK_STR(got.reason, want.reason);
      break;
    }
    CHECK_INT(st, LS_ENOMEM);
    if (k > 10000) {
      CHECK_FAIL_("no end to allocations");
      break;
    }
  }
  free(text);
}

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 16);
}

TEST(sniff_should_survive_random_bytes_and_give_a_dialect_the_reader_takes) {
  static const char alphabet[] = "\"\"'',,;;\t||\\\r\n\n\nab1 .-e0";
  static char buf[1024];
  for (int iter = 0; iter < 3000; iter++) {
    size_t n = rnd() % sizeof buf;
    for (size_t i = 0; i < n; i++)
      buf[i] = rnd() % 5 ? alphabet[rnd() % (sizeof alphabet - 1)] : (char)(rnd() % 256);
    size_t cut1 = n ? rnd() % n : 0, cut2 = cut1 + (n - cut1) / 2;
    ls_sample s[3] = {{buf, cut1, 1, 0}, {buf + cut1, cut2 - cut1, 0, 0}, {buf + cut2, n - cut2, 0, 1}};
    ls_sniff_result r;
    size_t ns = 1 + rnd() % 3;
    if (ns == 1) s[0] = (ls_sample){buf, n, 1, 1};
    if (ns == 2) s[1] = (ls_sample){buf + cut1, n - cut1, 0, 1};
    CHECK_INT(ls_sniff_csv(s, ns, &r), LS_OK);
    ls_csv *rd = ls_csv_new("r.csv");
    CHECK_INT(ls_csv_set_dialect(rd, &r.dialect), LS_OK);
    ls_csv_free(rd);
    if (check_current_failed) break;
  }
}

int main(void) {
  RUN(sniff_should_find_semicolons_and_a_header_in_a_european_export);
  RUN(sniff_should_find_tabs_even_with_commas_in_cells);
  RUN(sniff_should_find_pipes);
  RUN(sniff_should_find_single_quotes);
  RUN(sniff_should_find_backslash_escapes);
  RUN(sniff_should_skip_an_alipay_preamble_and_drop_its_summary_lines);
  RUN(sniff_should_see_no_header_in_a_numeric_file);
  RUN(sniff_should_assume_a_header_when_every_column_is_text);
  RUN(sniff_should_see_data_when_the_first_row_repeats_a_later_one);
  RUN(sniff_should_assume_a_header_for_a_single_row);
  RUN(header_reasons_should_have_stable_names);
  RUN(sniff_should_treat_an_empty_first_cell_as_fitting_any_type);
  RUN(sniff_should_read_a_file_without_delimiters_as_one_column);
  RUN(sniff_should_keep_a_broken_quote_for_the_reader_to_report);
  RUN(sniff_should_report_ragged_rows_in_the_middle_and_keep_them_errors);
  RUN(sniff_should_skip_a_bom_and_count_lines_after_it);
  RUN(sniff_should_read_samples_from_the_middle_of_a_file);
  RUN(sniff_should_be_fast_on_eight_samples_of_64_kib);
  RUN(sniff_should_refuse_bad_arguments);
  RUN(sniff_should_give_the_default_for_empty_input);
  RUN(sniff_should_survive_out_of_memory_at_every_allocation);
  RUN(sniff_should_survive_random_bytes_and_give_a_dialect_the_reader_takes);
  return check_done();
}
