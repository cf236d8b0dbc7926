/* test_wsfile.c: the workspace file (workspace/wsfile.h): a workspace saved
 * and loaded back is the same workspace, bit for bit; a bad file is refused
 * with a message naming it, and nothing loaded before is lost. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "sqlite3.h"
#include "workspace/load.h"
#include "workspace/wsfile.h"

/* ---- helpers ---- */

/* Load bytes as the file name through the loader (as a dropped file is). */
static ls_status load_bytes(ls_workspace *ws, const char *name, const void *b, size_t n) {
  ls_loader *l = ls_loader_new(ws, name, NULL);
  ls_status st = ls_loader_feed(l, b, n);
  if (st == LS_OK) st = ls_loader_finish(l);
  ls_loader_free(l);
  return st;
}

static ls_status load_text(ls_workspace *ws, const char *name, const char *text) {
  return load_bytes(ws, name, text, strlen(text));
}

/* ws saved with page and loaded into a new workspace (NULL on failure). */
static ls_workspace *round_trip(ls_workspace *ws, const char *page) {
  unsigned char *b = NULL;
  size_t n = 0;
  if (ls_wsfile_write(ws, page, &b, &n) != LS_OK) {
    CHECK_FAIL_("write: %s", ls_workspace_errmsg(ws));
    return NULL;
  }
  CHECK(ls_wsfile_is(b, n));
  ls_workspace *back = ls_workspace_new();
  if (load_bytes(back, "saved.lodestar.sqlite", b, n) != LS_OK) {
    CHECK_FAIL_("load: %s", ls_workspace_errmsg(back));
    ls_workspace_free(back);
    back = NULL;
  }
  ls_wsfile_free(b);
  return back;
}

/* The saved bytes of ws changed by sql (run on a writable copy). */
static unsigned char *tampered(ls_workspace *ws, const char *sql, size_t *n) {
  unsigned char *b = NULL;
  if (ls_wsfile_write(ws, NULL, &b, n) != LS_OK) abort();
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  unsigned char *copy = sqlite3_malloc64(*n);
  memcpy(copy, b, *n);
  ls_wsfile_free(b);
  if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)*n, (sqlite3_int64)*n,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
    abort();
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    fprintf(stderr, "tampered: %s\n", msg);
    abort();
  }
  sqlite3_int64 size = 0;
  unsigned char *out = sqlite3_serialize(db, "main", &size, 0);
  sqlite3_close(db);
  *n = (size_t)size;
  return out;
}

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* ---- tests ---- */

TEST(every_value_should_round_trip_bit_for_bit) {
  ls_table *t = ls_table_new("every type.csv");
  ls_column *ci = ls_table_add(t, "n", LS_TYPE_INT64), *cd = ls_table_add(t, "x", LS_TYPE_DOUBLE),
            *ct = ls_table_add(t, "when", LS_TYPE_TIME), *cb = ls_table_add(t, "ok", LS_TYPE_BOOL),
            *cs = ls_table_add(t, "name", LS_TYPE_STRING), *cs2 = ls_table_add(t, "Name", LS_TYPE_STRING);
  const int64_t ints[] = {INT64_MIN, -1, 0, INT64_MAX, 42, 7};
  const double dbl[] = {0.1 + 0.2, -0.0, 1e-310, -1.5e300, 3, NAN};
  const int64_t times[] = {-86400001, 0, 1736085600123, -1, 253402300799999, 5};
  const char *strs[] = {"", "héllo, \"world\"", "", "b", "a\nb", "z"};
  for (int r = 0; r < 6; r++) {
    int null = r == 5;
    CHECK(null ? ls_column_push_null(ci) == LS_OK : ls_column_push_i64(ci, ints[r]) == LS_OK);
    CHECK(r == 4 ? ls_column_push_null(cd) == LS_OK : ls_column_push_f64(cd, dbl[r]) == LS_OK);
    CHECK(r == 2 ? ls_column_push_null(ct) == LS_OK : ls_column_push_i64(ct, times[r]) == LS_OK);
    CHECK(r == 3 ? ls_column_push_null(cb) == LS_OK : ls_column_push_bool(cb, r % 2) == LS_OK);
    CHECK(r == 1 ? ls_column_push_null(cs) == LS_OK : ls_column_push_str(cs, strs[r], strlen(strs[r])) == LS_OK);
  }
  /* a dictionary not in row order: "unused" and "later" interned, then cut */
  ls_column_push_str(cs2, "unused", 6);
  ls_column_push_str(cs2, "later", 5);
  ls_column_truncate(cs2, 0);
  const char *s2[] = {"later", "first", "later", "first", "x", "later"};
  for (int r = 0; r < 6; r++) ls_column_push_str(cs2, s2[r], strlen(s2[r]));
  ls_column_set_flags(cd, LS_COL_PERCENT);
  ls_column_set_currency(cd, "CNY");
  ls_column_set_flags(ct, LS_COL_DATE);
  ls_workspace *ws = ls_workspace_new();
  CHECK(ls_workspace_add(ws, t) == LS_OK);
  ls_workspace *back = round_trip(ws, "{\"hash\":\"view=revenue\"}");
  if (!back) goto done;
  CHECK_INT(ls_workspace_count(back), 1);
  const ls_table *u = ls_workspace_table(back, 0);
  CHECK_STR(ls_table_name(u), "every type.csv");
  CHECK_INT(ls_table_ncols(u), 6);
  CHECK_INT(ls_table_rows(u), 6);
  for (size_t k = 0; k < 6; k++) {
    const ls_column *a = ls_table_col(t, k), *b = ls_table_col(u, k);
    CHECK_STR(ls_column_name(b), ls_column_name(a));
    CHECK_INT(ls_column_type(b), ls_column_type(a));
    CHECK_INT(ls_column_flags(b), ls_column_flags(a));
    CHECK_STR(ls_column_currency(b), ls_column_currency(a));
    for (size_t r = 0; r < 6; r++) {
      CHECK_INT(ls_column_valid(b, r), ls_column_valid(a, r));
      if (!ls_column_valid(a, r)) continue;
      switch (ls_column_type(a)) {
        case LS_TYPE_DOUBLE: CHECK(same_bits(ls_column_f64(b)[r], ls_column_f64(a)[r])); break;
        case LS_TYPE_BOOL: CHECK_INT(ls_column_bool(b)[r], ls_column_bool(a)[r]); break;
        case LS_TYPE_STRING:
          CHECK_INT(ls_column_str_ids(b)[r], ls_column_str_ids(a)[r]);
          CHECK_STR(ls_column_str(b, r, NULL), ls_column_str(a, r, NULL));
          break;
        default: CHECK_INT(ls_column_i64(b)[r], ls_column_i64(a)[r]); break;
      }
    }
  }
  /* the empty string stays apart from null; the cut dictionary keeps its order and its unused entry */
  CHECK_STR(ls_column_str(ls_table_col(u, 4), 0, NULL), "");
  CHECK(!ls_column_valid(ls_table_col(u, 4), 1));
  CHECK_INT(ls_dict_size(ls_column_dict(ls_table_col(u, 5))), 4); /* unused, later, first, x */
  CHECK_INT(ls_column_str_ids(ls_table_col(u, 5))[1], 2);
  CHECK_INT(ls_dict_find(ls_column_dict(ls_table_col(u, 5)), "unused", 6), 0);
  int version = 0;
  char *page = NULL;
  CHECK(ls_workspace_take_restored(back, &version, &page));
  CHECK_INT(version, 1);
  CHECK_STR(page, "{\"hash\":\"view=revenue\"}");
  ls_free(page);
  CHECK(!ls_workspace_take_restored(back, &version, &page)); /* handed over once */
done:
  ls_workspace_free(back);
  ls_workspace_free(ws);
}

TEST(local_times_should_move_after_restore_as_before) {
  ls_workspace *ws = ls_workspace_new();
  ls_tz ny, sh;
  CHECK(ls_tz_parse("America/New_York", &ny) && ls_tz_parse("Asia/Shanghai", &sh));
  ls_workspace_set_tz(ws, ny);
  CHECK(load_text(ws, "events.csv",
                  "user_id,event,timestamp\nu1,signup,2025-01-05 09:00\nu2,login,1969-12-31 23:00\n") == LS_OK);
  ls_workspace *back = round_trip(ws, NULL);
  if (!back) goto done;
  CHECK_INT(ls_workspace_tz(back), ny);
  const ls_column *c = ls_table_col(ls_workspace_table(back, 0), 2);
  CHECK(ls_column_flags(c) & LS_COL_LOCAL);
  /* 2025-01-05 is day 20093 (1736035200 s); 09:00 in New York (UTC-5) is 14:00 UTC */
  CHECK_INT(ls_column_i64(c)[0], (1736035200LL + 14 * 3600) * 1000);
  /* 1969-12-31 23:00 in New York is 1970-01-01 04:00 UTC */
  CHECK_INT(ls_column_i64(c)[1], 4 * 3600 * 1000LL);
  /* to Shanghai (UTC+8) after the restore: 09:00 there is 01:00 UTC, as in the original */
  ls_workspace_set_tz(ws, sh);
  ls_workspace_set_tz(back, sh);
  CHECK_INT(ls_column_i64(c)[0], (1736035200LL + 3600) * 1000);
  for (int r = 0; r < 2; r++)
    CHECK_INT(ls_column_i64(c)[r], ls_column_i64(ls_table_col(ls_workspace_table(ws, 0), 2))[r]);
done:
  ls_workspace_free(back);
  ls_workspace_free(ws);
}

TEST(mapping_settings_and_source_should_be_restored) {
  ls_workspace *ws = ls_workspace_new();
  CHECK(load_text(ws, "orders.csv", "order;who;paid;at\nA1;u1;10,5;2025-01-02\nA2;u2;;2025-01-03\n") == LS_OK);
  int roles[LS_ROLE_COUNT];
  for (int r = 0; r < LS_ROLE_COUNT; r++) roles[r] = LS_DETECT_KEEP;
  roles[LS_ROLE_CUSTOMER] = 1, roles[LS_ROLE_AMOUNT] = 2, roles[LS_ROLE_CREATED] = 3;
  CHECK(ls_workspace_set_mapping(ws, 0, LS_KIND_PAYMENTS, roles) == LS_OK);
  CHECK(ls_workspace_set(ws, "currency", "EUR") == LS_OK);
  CHECK(ls_workspace_set(ws, "rates", "USD=0.9,GBP=1.17") == LS_OK);
  CHECK(ls_workspace_set(ws, "session_gap_minutes", "45") == LS_OK);
  ls_workspace *back = round_trip(ws, NULL);
  if (!back) goto done;
  const ls_detection *a = ls_workspace_detection(ws, 0), *b = ls_workspace_detection(back, 0);
  CHECK_INT(b->kind, LS_KIND_PAYMENTS);
  CHECK(b->flags & LS_DETECT_MANUAL);
  CHECK_INT(b->flags, a->flags);
  CHECK_INT(b->format, a->format);
  CHECK_STR(b->reason, a->reason);
  for (int r = 0; r < LS_ROLE_COUNT; r++) CHECK_INT(b->col[r], a->col[r]);
  for (size_t i = 0; i < ls_settings_count(); i++) {
    char x[512], y[512];
    ls_settings_get(ls_workspace_settings(ws), ls_settings_key(i), x, sizeof x);
    ls_settings_get(ls_workspace_settings(back), ls_settings_key(i), y, sizeof y);
    CHECK_STR(y, x);
  }
  const ls_source *sa = ls_workspace_source(ws, 0), *sb = ls_workspace_source(back, 0);
  CHECK(sb != NULL);
  if (sb) {
    CHECK_STR(sb->format, "csv");
    CHECK_INT(sb->delimiter, ';');
    CHECK_INT(sb->bytes, sa->bytes);
    CHECK_STR(sb->dialect_reason, sa->dialect_reason);
    CHECK_INT(ls_rowlines_line(&sb->lines, 1), ls_rowlines_line(&sa->lines, 1));
    CHECK_INT(ls_rowlines_line(&sb->lines, 1), 3); /* the second data row is on line 3 */
  }
  /* the JSON the data view shows is the same */
  char *ja = ls_workspace_json(ws), *jb = ls_workspace_json(back);
  CHECK_STR(jb, ja);
  ls_free(ja);
  ls_free(jb);
done:
  ls_workspace_free(back);
  ls_workspace_free(ws);
}

/* A bad file: refused with a message naming it and holding want; the
 * workspace it was loaded into keeps its dataset. */
static void refused(const char *sql, const char *want) {
  ls_workspace *src = ls_workspace_new(), *ws = ls_workspace_new();
  CHECK(load_text(src, "subs.csv", "id,customer_id,amount,start\ns1,c1,10,2025-01-01\n") == LS_OK);
  CHECK(load_text(ws, "kept.csv", "a,b\n1,2\n") == LS_OK);
  size_t n;
  unsigned char *b = tampered(src, sql, &n);
  ls_status st = load_bytes(ws, "bad.lodestar.sqlite", b, n);
  CHECK(st != LS_OK);
  CHECK_HAS(ls_workspace_errmsg(ws), "bad.lodestar.sqlite: ");
  CHECK_HAS(ls_workspace_errmsg(ws), want);
  CHECK_INT(ls_workspace_count(ws), 1);
  CHECK_STR(ls_table_name(ls_workspace_table(ws, 0)), "kept.csv");
  sqlite3_free(b);
  ls_workspace_free(src);
  ls_workspace_free(ws);
}

TEST(bad_files_should_be_refused_with_a_message) {
  refused("UPDATE lodestar_workspace SET value = 2 WHERE key = 'version_major'",
          "made by a newer Lodestar: workspace file version 2.0, this one reads 1.x");
  refused("UPDATE lodestar_workspace SET value = 'x' WHERE key = 'format'", "its format is not lodestar-workspace");
  refused("DROP TABLE lodestar_columns", "no table lodestar_columns");
  refused("DROP TABLE subs", "no table subs");
  refused("UPDATE lodestar_datasets SET rows = 2", "table subs has 1 rows, 2 declared");
  refused("UPDATE lodestar_datasets SET columns = 1000000000", "a malformed row of lodestar_datasets");
  refused("UPDATE lodestar_datasets SET columns = 3", "lodestar_columns row 3 of table subs is malformed");
  refused("DELETE FROM lodestar_columns WHERE position = 3", "table subs has 3 columns described, 4 declared");
  refused("UPDATE subs SET amount = 'ten'", "table subs row 1 column amount: a value that is not int");
  refused("UPDATE lodestar_columns SET type = 'money' WHERE position = 2", "lodestar_columns row 2 of table subs");
  refused("UPDATE lodestar_roles SET position = 99", "names no column that can carry it");
  refused("UPDATE lodestar_workspace SET value = 'Mars/Olympus' WHERE key = 'tz'", "unknown time zone \"Mars/Olympus\"");
  refused("UPDATE lodestar_workspace SET value = 'weekly' WHERE key = 'setting.churn_at'", "setting churn_at");
  refused("ALTER TABLE subs RENAME COLUMN amount TO total", "column 2 of table subs is not amount");
  refused("INSERT INTO lodestar_datasets SELECT 9, table_name, name, kind, format, minor_units, manual, utc_times,"
          " matched, listed, reason, signature, rows, columns, has_source FROM lodestar_datasets",
          "two datasets named subs.csv");
}

TEST(other_sqlite_files_should_load_as_tables) {
  ls_workspace *src = ls_workspace_new(), *ws = ls_workspace_new();
  CHECK(load_text(src, "subs.csv", "id,customer_id,amount,start\ns1,c1,10,2025-01-01\n") == LS_OK);
  size_t n;
  /* without lodestar_workspace it is any SQLite file: its tables are datasets */
  unsigned char *b = tampered(src, "DROP TABLE lodestar_workspace", &n);
  CHECK(!ls_wsfile_is(b, n));
  CHECK(load_text(ws, "kept.csv", "a,b\n1,2\n") == LS_OK);
  CHECK(load_bytes(ws, "plain.sqlite", b, n) == LS_OK);
  CHECK(ls_workspace_count(ws) > 2);
  int version;
  char *page;
  CHECK(!ls_workspace_take_restored(ws, &version, &page));
  sqlite3_free(b);
  ls_workspace_free(src);
  ls_workspace_free(ws);
}

TEST(an_empty_workspace_should_round_trip) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace *back = round_trip(ws, "null");
  CHECK(back && ls_workspace_count(back) == 0);
  ls_workspace_free(back);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(every_value_should_round_trip_bit_for_bit);
  RUN(local_times_should_move_after_restore_as_before);
  RUN(mapping_settings_and_source_should_be_restored);
  RUN(bad_files_should_be_refused_with_a_message);
  RUN(other_sqlite_files_should_load_as_tables);
  RUN(an_empty_workspace_should_round_trip);
  return check_done();
}
