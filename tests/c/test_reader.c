/* test_reader.c: what the CSV and JSON Lines readers share. */
#include <stdarg.h>
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "ingest/csv.h"
#include "ingest/jsonl.h"
#include "ingest/reader.h"

/* ---- helpers ---- */

/* Columns for ls_reader_build: names and cell texts ("" a null), rows each;
 * fail_at is the column whose getter fails (ncols: none). */
typedef struct {
  const char *const *names;
  const char *const *texts; /* column-major: texts[i * rows + row] */
  ls_cells *cells;
  size_t rows, fail_at;
} columns;

static ls_status column_at(void *ctx, size_t i, const char **name, ls_cells **cells,
                           ls_infer_stream **stream) {
  columns *c = ctx;
  *stream = NULL;
  if (i == c->fail_at) return LS_ENOMEM;
  *name = c->names[i];
  *cells = &c->cells[i];
  return LS_OK;
}

/* Fill ncols stores of c with their texts; LS_ENOMEM when out of memory. */
static ls_status fill(columns *c, size_t ncols) {
  for (size_t i = 0; i < ncols; i++) {
    ls_cells_init(&c->cells[i]);
    for (size_t row = 0; row < c->rows; row++) {
      const char *s = c->texts[i * c->rows + row];
      if (ls_cells_push(&c->cells[i], s, strlen(s)) != LS_OK) return LS_ENOMEM;
    }
  }
  return LS_OK;
}

static void empty(columns *c, size_t ncols) {
  for (size_t i = 0; i < ncols; i++) ls_cells_free(&c->cells[i]);
}

static ls_status fail_v(ls_reader *b, ls_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ls_status got = ls_reader_vfail(b, st, fmt, ap);
  va_end(ap);
  return got;
}

/* ---- the name and the message ---- */

TEST(reader_should_keep_the_name_as_valid_utf8) {
  ls_reader b;
  CHECK_INT(ls_reader_init(&b, "bad\xFF.csv"), LS_OK);
  CHECK_STR(b.name, "bad\xEF\xBF\xBD.csv");
  CHECK_INT(b.status, LS_OK);
  CHECK_STR(b.msg, "");
  CHECK(b.typing == NULL && b.reports == NULL && b.repaired == 0 && b.lines.n == 0);
  ls_reader_free(&b);
  ls_reader_free(&b); /* twice is harmless */
  CHECK_INT(ls_reader_init(&b, NULL), LS_OK);
  CHECK_STR(b.name, "");
  ls_reader_free(&b);
}

TEST(reader_should_prefix_each_message_with_the_name_and_keep_the_status) {
  ls_reader b;
  CHECK_INT(ls_reader_init(&b, "orders.csv"), LS_OK);
  CHECK_INT(ls_reader_fail(&b, LS_EPARSE, "line %d, column %d: %s", 3, 7, "oops"), LS_EPARSE);
  CHECK_STR(b.msg, "orders.csv: line 3, column 7: oops");
  CHECK_INT(b.status, LS_EPARSE);
  CHECK_INT(fail_v(&b, LS_EINVAL, "no %s", "buffer"), LS_EINVAL);
  CHECK_STR(b.msg, "orders.csv: no buffer");
  ls_reader_free(&b);
}

TEST(reader_should_cut_a_long_name_at_a_whole_character) {
  char name[LS_READER_NAME_MAX + 8];
  memset(name, 'a', LS_READER_NAME_MAX - 1);
  strcpy(name + LS_READER_NAME_MAX - 1, "\xC3\xA9z"); /* é straddles the limit */
  ls_reader b;
  CHECK_INT(ls_reader_init(&b, name), LS_OK);
  ls_reader_fail(&b, LS_EPARSE, "x");
  char want[LS_READER_NAME_MAX + 8];
  memset(want, 'a', LS_READER_NAME_MAX - 1);
  strcpy(want + LS_READER_NAME_MAX - 1, ": x");
  CHECK_STR(b.msg, want);
  ls_reader_free(&b);

  name[LS_READER_NAME_MAX] = '\0'; /* exactly the limit: kept whole */
  memset(name, 'b', LS_READER_NAME_MAX);
  CHECK_INT(ls_reader_init(&b, name), LS_OK);
  ls_reader_fail(&b, LS_EPARSE, "x");
  CHECK_INT(strlen(b.msg), LS_READER_NAME_MAX + 3);
  ls_reader_free(&b);
}

/* ---- the table ---- */

static const char *const NAMES[] = {"id", "when", "note"};
static const char *const TEXTS[] = {"1", "2", "3",                          /* id */
                                    "2024-01-02", "2024-01-03", "",         /* when */
                                    "ok", "bad\xFF", "x"};                  /* note */

TEST(reader_should_build_every_column_with_the_typing_plan) {
  ls_cells cells[3];
  columns c = {NAMES, TEXTS, cells, 3, 3};
  CHECK_INT(fill(&c, 3), LS_OK);
  ls_typing plan;
  ls_typing_default(&plan);
  CHECK_INT(ls_typing_force(&plan, "id", LS_TYPE_STRING), LS_OK);
  ls_reader b;
  CHECK_INT(ls_reader_init(&b, "t"), LS_OK);
  b.typing = &plan;
  ls_table *t = NULL;
  CHECK_INT(ls_reader_build(&b, 3, column_at, &c, &t), LS_OK);
  if (t) {
    CHECK_STR(ls_table_name(t), "t");
    CHECK_INT(ls_table_rows(t), 3);
    CHECK_INT(ls_column_type(ls_table_col(t, 0)), LS_TYPE_STRING);
    CHECK_INT(ls_column_type(ls_table_col(t, 1)), LS_TYPE_TIME);
    CHECK_INT(ls_column_type(ls_table_col(t, 2)), LS_TYPE_STRING);
  }
  CHECK(b.reports != NULL);
  if (b.reports) CHECK_INT(b.reports[1].nulls, 1);
  CHECK_INT(b.repaired, 1);
  CHECK_INT(cells[0].n + cells[1].n + cells[2].n, 0); /* the text went as the columns came */
  empty(&c, 3);
  ls_table_free(t);
  ls_reader_free(&b);
}

TEST(reader_should_stop_the_build_when_a_column_cannot_be_had) {
  ls_cells cells[3];
  columns c = {NAMES, TEXTS, cells, 3, 1};
  CHECK_INT(fill(&c, 3), LS_OK);
  ls_reader b;
  CHECK_INT(ls_reader_init(&b, "t.jsonl"), LS_OK);
  ls_table *other = ls_table_new("other"), *t = other;
  CHECK_INT(ls_reader_build(&b, 3, column_at, &c, &t), LS_ENOMEM);
  CHECK(t == NULL); /* no table, not left as it was */
  ls_table_free(other);
  CHECK_INT(b.status, LS_ENOMEM);
  CHECK_STR(b.msg, "t.jsonl: out of memory");
  empty(&c, 3);
  ls_reader_free(&b);
}

TEST(reader_should_fail_cleanly_whichever_allocation_fails) {
  for (unsigned long k = 1;; k++) {
    ls_cells cells[3];
    columns c = {NAMES, TEXTS, cells, 3, 3};
    CHECK_INT(fill(&c, 3), LS_OK);
    ls_reader b;
    ls_table *t = NULL;
    ls_alloc_fail_after(k);
    ls_status st = ls_reader_init(&b, "t.csv");
    if (st == LS_OK) st = ls_reader_build(&b, 3, column_at, &c, &t);
    ls_alloc_fail_after(0);
    empty(&c, 3);
    ls_table_free(t);
    if (st == LS_OK) {
      ls_reader_free(&b);
      break;
    }
    CHECK_INT(st, LS_ENOMEM);
    if (b.name && b.msg[0]) CHECK_STR(b.msg, "t.csv: out of memory");
    ls_reader_free(&b);
    if (k > 1000) {
      CHECK_FAIL_("never succeeded");
      break;
    }
  }
}

/* ---- row lines ---- */

TEST(reader_should_hand_over_its_row_lines_and_keep_none) {
  ls_reader b;
  CHECK_INT(ls_reader_init(&b, "t"), LS_OK);
  CHECK_INT(ls_rowlines_mark(&b.lines, 2), LS_OK);
  CHECK_INT(ls_rowlines_mark(&b.lines, 5), LS_OK);
  ls_rowlines m;
  ls_reader_take_rowlines(&b, &m);
  CHECK_INT(ls_rowlines_line(&m, 0), 2);
  CHECK_INT(ls_rowlines_line(&m, 1), 5);
  CHECK_INT(b.lines.n, 0);
  CHECK_INT(ls_rowlines_line(&b.lines, 0), 0);
  ls_rowlines_free(&m);
  ls_reader_free(&b);
}

/* ---- both readers through it ---- */

/* The same two rows on the same lines as CSV and as JSON Lines, each read
 * with id forced to text: the shared part must say the same of both. */
TEST(readers_should_report_alike_through_the_shared_part) {
  static const char CSV[] = "id,note\n1,ok\n\n2,bad\xFF\n";
  static const char JSONL[] = "\n{\"id\":1,\"note\":\"ok\"}\n\n{\"id\":2,\"note\":\"bad\xFF\"}\n";
  ls_typing plan;
  ls_typing_default(&plan);
  CHECK_INT(ls_typing_force(&plan, "id", LS_TYPE_STRING), LS_OK);
  ls_csv *csv = ls_csv_new("t");
  ls_jsonl *jl = ls_jsonl_new("t");
  ls_reader *b[2] = {ls_csv_reader(csv), ls_jsonl_reader(jl)};
  CHECK(b[0] && b[1]);
  if (!b[0] || !b[1]) return;
  b[0]->typing = b[1]->typing = &plan;
  ls_table *t[2] = {NULL, NULL};
  CHECK_INT(ls_csv_feed(csv, CSV, sizeof CSV - 1), LS_OK);
  CHECK_INT(ls_csv_finish(csv, &t[0]), LS_OK);
  CHECK_INT(ls_jsonl_feed(jl, JSONL, sizeof JSONL - 1), LS_OK);
  CHECK_INT(ls_jsonl_finish(jl, &t[1]), LS_OK);
  for (int i = 0; i < 2; i++) {
    if (!t[i]) continue;
    CHECK_INT(ls_column_type(ls_table_find(t[i], "id")), LS_TYPE_STRING);
    CHECK(b[i]->reports != NULL);
    CHECK_INT(b[i]->repaired, 1);
    ls_rowlines m;
    ls_reader_take_rowlines(b[i], &m);
    CHECK_INT(ls_rowlines_line(&m, 0), 2);
    CHECK_INT(ls_rowlines_line(&m, 1), 4);
    ls_rowlines_free(&m);
    ls_table_free(t[i]);
  }
  CHECK_INT(ls_csv_row_line(csv, 0), 0); /* taken */
  CHECK_INT(ls_jsonl_row_line(jl, 0), 0);
  CHECK(ls_csv_reader(NULL) == NULL && ls_jsonl_reader(NULL) == NULL);
  ls_csv_free(csv);
  ls_jsonl_free(jl);
}

int main(void) {
  RUN(reader_should_keep_the_name_as_valid_utf8);
  RUN(reader_should_prefix_each_message_with_the_name_and_keep_the_status);
  RUN(reader_should_cut_a_long_name_at_a_whole_character);
  RUN(reader_should_build_every_column_with_the_typing_plan);
  RUN(reader_should_stop_the_build_when_a_column_cannot_be_had);
  RUN(reader_should_fail_cleanly_whichever_allocation_fails);
  RUN(reader_should_hand_over_its_row_lines_and_keep_none);
  RUN(readers_should_report_alike_through_the_shared_part);
  return check_done();
}
