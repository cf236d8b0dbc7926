/* test_sqlitedb.c: SQLite database files to tables. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "ingest/sqlitedb.h"
#include "source_file.h"
#include "sqlite3.h"
#include "utf8_check.h"

/* ---- helpers ---- */

typedef struct {
  ls_status st;
  ls_table **t;
  size_t n;
  char msg[1024];
} loaded;

static loaded load(const void *bytes, size_t n) {
  loaded l;
  l.st = ls_sqlitedb_read("shop.db", bytes, n, &l.t, &l.n, l.msg, sizeof l.msg);
  return l;
}

static void unload(loaded *l) {
  for (size_t i = 0; i < l->n; i++) ls_table_free(l->t[i]);
  ls_free(l->t);
  l->t = NULL;
  l->n = 0;
}

/* The fixture's bytes; a failed check when missing. */
static unsigned char *shop(size_t *n) {
  unsigned char *b = source_file("data/fixtures/shop.sqlite", n);
  if (!b) CHECK_FAIL_("cannot read data/fixtures/shop.sqlite (set LS_SOURCE_DIR)");
  return b;
}

/* The bytes of a database made by running sql in memory (malloc'd). */
static unsigned char *db_of(const char *sql, size_t *n) {
  sqlite3 *db;
  char *msg = NULL;
  *n = 0;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) abort();
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    fprintf(stderr, "db_of: %s\n", msg);
    abort();
  }
  sqlite3_int64 size = 0;
  unsigned char *s = sqlite3_serialize(db, "main", &size, 0);
  unsigned char *b = malloc(size ? (size_t)size : 1);
  if (!s || !b) abort();
  memcpy(b, s, (size_t)size);
  sqlite3_free(s);
  sqlite3_close(db);
  *n = (size_t)size;
  return b;
}

/* The only table of a database made by sql; NULL and a failed check otherwise. */
static ls_table *table_of(const char *sql) {
  size_t n;
  unsigned char *b = db_of(sql, &n);
  loaded l = load(b, n);
  free(b);
  ls_table *t = NULL;
  if (l.st != LS_OK || l.n != 1) {
    CHECK_FAIL_("expected one table, got status %d, %zu tables: %s", l.st, l.n, l.msg);
    unload(&l);
    return NULL;
  }
  t = l.t[0];
  ls_free(l.t);
  return t;
}

static const ls_column *col(const ls_table *t, const char *name) {
  const ls_column *c = ls_table_find(t, name);
  if (!c) CHECK_FAIL_("no column %s", name);
  return c;
}

static const char *str_at(const ls_column *c, size_t row) {
  size_t len;
  return c && row < ls_column_len(c) ? ls_column_str(c, row, &len) : NULL;
}

/* 1 when every table is consistent, with valid UTF-8 names and strings */
static int sound(const loaded *l) {
  for (size_t i = 0; i < l->n; i++) {
    const ls_table *t = l->t[i];
    if (ls_table_check(t) != LS_OK) return 0;
    if (!valid_utf8(ls_table_name(t), strlen(ls_table_name(t)))) return 0;
    for (size_t c = 0; c < ls_table_ncols(t); c++) {
      const ls_column *k = ls_table_col(t, c);
      if (!k || !ls_column_name(k)[0] || !valid_utf8(ls_column_name(k), strlen(ls_column_name(k))))
        return 0;
      for (size_t r = 0; r < ls_column_len(k); r++) {
        size_t len;
        const char *s = ls_column_str(k, r, &len);
        if (s && (len == 0 || !valid_utf8(s, len))) return 0;
      }
    }
  }
  return 1;
}

/* ---- the magic ---- */

TEST(sqlitedb_is_should_recognize_the_sixteen_byte_magic) {
  CHECK_INT(ls_sqlitedb_is("SQLite format 3\0rest", 20), 1);
  CHECK_INT(ls_sqlitedb_is("SQLite format 3\0", 16), 1);
  CHECK_INT(ls_sqlitedb_is("SQLite format 3", 15), 0);
  CHECK_INT(ls_sqlitedb_is("SQLite format 3 ", 16), 0);
  CHECK_INT(ls_sqlitedb_is("PK\x03\x04", 4), 0);
  CHECK_INT(ls_sqlitedb_is(NULL, 16), 0);
}

/* ---- the fixture ---- */

TEST(sqlitedb_should_read_every_user_table_in_schema_order) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  loaded l = load(b, n);
  CHECK_INT(l.st, LS_OK);
  CHECK_STR(l.msg, "");
  CHECK_INT(l.n, 4); /* not sqlite_sequence, the index or the view */
  if (l.n == 4) {
    CHECK_STR(ls_table_name(l.t[0]), "customers");
    CHECK_STR(ls_table_name(l.t[1]), "orders");
    CHECK_STR(ls_table_name(l.t[2]), "refunds");
    CHECK_STR(ls_table_name(l.t[3]), "oddities");
  }
  CHECK(sound(&l));
  unload(&l);
  free(b);
}

TEST(sqlitedb_should_type_customers_by_their_values) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  loaded l = load(b, n);
  if (l.st != LS_OK || l.n < 1) {
    CHECK_FAIL_("%s", l.msg);
    return;
  }
  const ls_table *t = l.t[0];
  CHECK_INT(ls_table_rows(t), 12);
  CHECK_INT(ls_table_ncols(t), 5);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "id");
  CHECK_STR(ls_column_name(ls_table_col(t, 4)), "country");
  CHECK_INT(ls_column_type(col(t, "id")), LS_TYPE_INT64);
  CHECK_INT(ls_column_type(col(t, "name")), LS_TYPE_STRING);
  CHECK_INT(ls_column_type(col(t, "signup_at")), LS_TYPE_TIME); /* INTEGER epoch seconds */
  CHECK_INT(ls_column_type(col(t, "channel")), LS_TYPE_STRING);
  CHECK_INT(ls_column_i64(col(t, "id"))[11], 12);
  CHECK_STR(str_at(col(t, "name"), 5), "F\xC3\xA9lix");
  CHECK_INT(ls_column_i64(col(t, "signup_at"))[0], INT64_C(1704067200000));  /* 2024-01-01 */
  CHECK_INT(ls_column_i64(col(t, "signup_at"))[11], INT64_C(1705017600000)); /* 2024-01-12 */
  CHECK_INT(ls_column_nulls(col(t, "channel")), 3);
  CHECK_INT(ls_column_valid(col(t, "channel"), 2), 0);
  CHECK_INT(ls_column_valid(col(t, "channel"), 6), 0);
  CHECK_INT(ls_column_valid(col(t, "channel"), 10), 0);
  CHECK_STR(str_at(col(t, "channel"), 3), "referral");
  unload(&l);
  free(b);
}

TEST(sqlitedb_should_read_orders_with_reals_text_times_and_nulls) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  loaded l = load(b, n);
  if (l.st != LS_OK || l.n < 2) {
    CHECK_FAIL_("%s", l.msg);
    return;
  }
  const ls_table *t = l.t[1];
  CHECK_INT(ls_table_rows(t), 30);
  CHECK_INT(ls_table_ncols(t), 6);
  CHECK_INT(ls_column_type(col(t, "order_id")), LS_TYPE_INT64);
  CHECK_INT(ls_column_type(col(t, "customer_id")), LS_TYPE_INT64);
  CHECK_INT(ls_column_type(col(t, "created_at")), LS_TYPE_TIME);
  CHECK_INT(ls_column_type(col(t, "amount")), LS_TYPE_DOUBLE);
  CHECK_INT(ls_column_type(col(t, "currency")), LS_TYPE_STRING);
  CHECK_INT(ls_column_i64(col(t, "order_id"))[29], 30);
  CHECK_INT(ls_column_i64(col(t, "customer_id"))[9], 8);
  /* 2024-01-02 09:15:00 and 2024-01-29 05:06:07, as UTC */
  CHECK_INT(ls_column_i64(col(t, "created_at"))[0], INT64_C(1704186900000));
  CHECK_INT(ls_column_i64(col(t, "created_at"))[29], INT64_C(1706504767000));
  const double *amount = ls_column_f64(col(t, "amount"));
  CHECK_NUM(amount[0], 19.99, 0);
  CHECK_NUM(amount[2], 42, 0); /* stored as an integer by REAL affinity, read as a real */
  CHECK_NUM(amount[9], 3000, 0);
  CHECK_INT(ls_column_nulls(col(t, "amount")), 2);
  CHECK_INT(ls_column_valid(col(t, "amount"), 4), 0);
  CHECK_INT(ls_column_valid(col(t, "amount"), 17), 0);
  double sum = 0;
  for (size_t i = 0; i < 30; i++) sum += amount[i]; /* a null holds 0 */
  CHECK_NUM(sum, 5461.35, 1e-9);
  CHECK_INT(ls_column_nulls(col(t, "currency")), 1);
  CHECK_INT(ls_column_valid(col(t, "currency"), 9), 0);
  CHECK_STR(str_at(col(t, "status"), 3), "refunded");
  unload(&l);
  free(b);
}

TEST(sqlitedb_should_keep_the_columns_of_an_empty_table) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  loaded l = load(b, n);
  if (l.st != LS_OK || l.n < 3) {
    CHECK_FAIL_("%s", l.msg);
    return;
  }
  const ls_table *t = l.t[2];
  CHECK_STR(ls_table_name(t), "refunds");
  CHECK_INT(ls_table_rows(t), 0);
  CHECK_INT(ls_table_ncols(t), 3);
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "order_id");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "amount");
  CHECK_STR(ls_column_name(ls_table_col(t, 2)), "refunded_at");
  for (size_t c = 0; c < 3; c++) CHECK_INT(ls_column_type(ls_table_col(t, c)), LS_TYPE_STRING);
  unload(&l);
  free(b);
}

TEST(sqlitedb_should_type_mixed_storage_classes_through_text) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  loaded l = load(b, n);
  if (l.st != LS_OK || l.n < 4) {
    CHECK_FAIL_("%s", l.msg);
    return;
  }
  const ls_table *t = l.t[3];
  CHECK_INT(ls_table_rows(t), 4);
  CHECK_INT(ls_column_type(col(t, "id")), LS_TYPE_INT64);
  /* mixed: 1, 2.5, 'three', NULL */
  const ls_column *mixed = col(t, "mixed");
  CHECK_INT(ls_column_type(mixed), LS_TYPE_STRING);
  CHECK_STR(str_at(mixed, 0), "1");
  CHECK_STR(str_at(mixed, 1), "2.5");
  CHECK_STR(str_at(mixed, 2), "three");
  CHECK(str_at(mixed, 3) == NULL);
  /* payload: x'00ff10', NULL, x'', 'txt' */
  const ls_column *payload = col(t, "payload");
  CHECK_INT(ls_column_type(payload), LS_TYPE_STRING);
  CHECK_STR(str_at(payload, 0), "00ff10");
  CHECK(str_at(payload, 1) == NULL);
  CHECK(str_at(payload, 2) == NULL);
  CHECK_STR(str_at(payload, 3), "txt");
  /* score: 3, 4.5, NULL, -1 */
  const ls_column *score = col(t, "score");
  CHECK_INT(ls_column_type(score), LS_TYPE_DOUBLE);
  CHECK_NUM(ls_column_f64(score)[0], 3, 0);
  CHECK_NUM(ls_column_f64(score)[1], 4.5, 0);
  CHECK_INT(ls_column_valid(score, 2), 0);
  CHECK_NUM(ls_column_f64(score)[3], -1, 0);
  /* label: 'a', '', NULL, 'd': the empty text is null as well */
  const ls_column *label = col(t, "label");
  CHECK_INT(ls_column_type(label), LS_TYPE_STRING);
  CHECK_INT(ls_column_nulls(label), 2);
  CHECK_STR(str_at(label, 3), "d");
  unload(&l);
  free(b);
}

TEST(sqlitedb_should_leave_the_callers_bytes_untouched) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  unsigned char *copy = malloc(n);
  memcpy(copy, b, n);
  loaded l = load(b, n);
  CHECK_INT(l.st, LS_OK);
  CHECK(memcmp(b, copy, n) == 0);
  unload(&l);
  free(copy);
  free(b);
}

TEST(sqlitedb_should_read_a_write_ahead_log_database_from_its_main_file) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b || n < 100) return;
  b[18] = b[19] = 2; /* WAL mode in the header */
  loaded l = load(b, n);
  CHECK_INT(l.st, LS_OK);
  CHECK_INT(l.n, 4);
  if (l.n == 4) CHECK_INT(ls_table_rows(l.t[1]), 30);
  CHECK_INT(b[18], 2); /* the caller's copy keeps its header */
  CHECK_INT(b[19], 2);
  unload(&l);
  free(b);
}

/* ---- values ---- */

TEST(sqlitedb_should_keep_integers_exactly) {
  ls_table *t = table_of("CREATE TABLE t(n INTEGER, m);"
                         "INSERT INTO t VALUES (9223372036854775807, 1), (-9223372036854775808, NULL),"
                         " (9007199254740993, 2);");
  if (!t) return;
  CHECK_INT(ls_column_type(col(t, "n")), LS_TYPE_INT64);
  CHECK(ls_column_i64(col(t, "n"))[0] == INT64_MAX);
  CHECK(ls_column_i64(col(t, "n"))[1] == INT64_MIN);
  CHECK(ls_column_i64(col(t, "n"))[2] == INT64_C(9007199254740993)); /* not a double */
  CHECK_INT(ls_column_type(col(t, "m")), LS_TYPE_INT64);
  CHECK_INT(ls_column_valid(col(t, "m"), 1), 0);
  ls_table_free(t);
}

TEST(sqlitedb_should_make_a_real_column_of_integers_and_reals) {
  ls_table *t = table_of("CREATE TABLE t(v);INSERT INTO t VALUES (1), (0.25), (NULL), (-7);");
  if (!t) return;
  const ls_column *v = col(t, "v");
  CHECK_INT(ls_column_type(v), LS_TYPE_DOUBLE);
  CHECK_NUM(ls_column_f64(v)[0], 1, 0);
  CHECK_NUM(ls_column_f64(v)[1], 0.25, 0);
  CHECK_INT(ls_column_valid(v, 2), 0);
  CHECK_NUM(ls_column_f64(v)[3], -7, 0);
  ls_table_free(t);
}

TEST(sqlitedb_should_read_epoch_numbers_under_time_names_as_times) {
  ls_table *t = table_of("CREATE TABLE t(ts REAL, createdAt INTEGER, updated INTEGER, n INTEGER);"
                         "INSERT INTO t VALUES (1700000000.5, 1700000000123, 1, 1700000000),"
                         " (NULL, 1700000001000, 2, 1700000001);");
  if (!t) return;
  CHECK_INT(ls_column_type(col(t, "ts")), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(col(t, "ts"))[0], INT64_C(1700000000500));
  CHECK_INT(ls_column_valid(col(t, "ts"), 1), 0);
  CHECK_INT(ls_column_type(col(t, "createdAt")), LS_TYPE_TIME); /* milliseconds */
  CHECK_INT(ls_column_i64(col(t, "createdAt"))[0], INT64_C(1700000000123));
  CHECK_INT(ls_column_type(col(t, "updated")), LS_TYPE_INT64); /* too small for a time */
  CHECK_INT(ls_column_i64(col(t, "updated"))[1], 2);
  CHECK_INT(ls_column_type(col(t, "n")), LS_TYPE_INT64); /* not a time name */
  ls_table_free(t);
}

TEST(sqlitedb_should_infer_types_of_text_values) {
  ls_table *t = table_of("CREATE TABLE t(day TEXT, flag TEXT, qty TEXT, price TEXT);"
                         "INSERT INTO t VALUES ('2024-03-01', 'true', '12', '1.5'),"
                         " ('2024-03-02', 'FALSE', '-3', '2');");
  if (!t) return;
  CHECK_INT(ls_column_type(col(t, "day")), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(col(t, "day"))[1], INT64_C(1709337600000)); /* 2024-03-02 */
  CHECK_INT(ls_column_type(col(t, "flag")), LS_TYPE_BOOL);
  CHECK_INT(ls_column_type(col(t, "qty")), LS_TYPE_INT64);
  CHECK_INT(ls_column_i64(col(t, "qty"))[1], -3);
  CHECK_INT(ls_column_type(col(t, "price")), LS_TYPE_DOUBLE);
  ls_table_free(t);
}

TEST(sqlitedb_should_keep_blobs_of_hex_digits_as_strings) {
  ls_table *t = table_of("CREATE TABLE t(b BLOB);INSERT INTO t VALUES (x'1234'), (x'0099');");
  if (!t) return;
  CHECK_INT(ls_column_type(col(t, "b")), LS_TYPE_STRING);
  CHECK_STR(str_at(col(t, "b"), 0), "1234");
  CHECK_STR(str_at(col(t, "b"), 1), "0099");
  ls_table_free(t);
}

TEST(sqlitedb_should_make_a_string_column_of_only_nulls) {
  ls_table *t = table_of("CREATE TABLE t(a INTEGER, b);INSERT INTO t VALUES (NULL, 1), (NULL, 2);");
  if (!t) return;
  CHECK_INT(ls_column_type(col(t, "a")), LS_TYPE_STRING);
  CHECK_INT(ls_column_nulls(col(t, "a")), 2);
  ls_table_free(t);
}

TEST(sqlitedb_should_hand_out_utf8_from_utf16_databases_and_repair_bad_text) {
  ls_table *t = table_of("PRAGMA encoding = 'UTF-16le';"
                         "CREATE TABLE \"caf\xC3\xA9\"(\"n\xC3\xA4me\" TEXT);"
                         "INSERT INTO \"caf\xC3\xA9\" VALUES ('F\xC3\xA9lix \xE6\x97\xA5'),"
                         " (CAST(x'41ff42' AS TEXT));");
  if (!t) return;
  CHECK_STR(ls_table_name(t), "caf\xC3\xA9");
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "n\xC3\xA4me");
  CHECK_STR(str_at(ls_table_col(t, 0), 0), "F\xC3\xA9lix \xE6\x97\xA5");
  const char *bad = str_at(ls_table_col(t, 0), 1);
  CHECK(bad && valid_utf8(bad, strlen(bad)));
  ls_table_free(t);
  t = table_of("CREATE TABLE t(s TEXT);INSERT INTO t VALUES (CAST(x'41ff42' AS TEXT));");
  if (!t) return;
  CHECK_STR(str_at(ls_table_col(t, 0), 0), "A\xEF\xBF\xBD" "B");
  ls_table_free(t);
}

TEST(sqlitedb_should_read_tables_with_awkward_names) {
  ls_table *t = table_of("CREATE TABLE \"we\"\"ird name\"(\"\" INTEGER, \"a b\" TEXT);"
                         "INSERT INTO \"we\"\"ird name\" VALUES (1, 'x');");
  if (!t) return;
  CHECK_STR(ls_table_name(t), "we\"ird name");
  CHECK_STR(ls_column_name(ls_table_col(t, 0)), "column_1");
  CHECK_STR(ls_column_name(ls_table_col(t, 1)), "a b");
  CHECK_STR(str_at(col(t, "a b"), 0), "x");
  ls_table_free(t);
}

TEST(sqlitedb_should_skip_virtual_tables) {
  size_t n;
  unsigned char *b = db_of("CREATE TABLE t(a);"
                           "PRAGMA writable_schema = ON;"
                           "INSERT INTO sqlite_schema VALUES ('table', 'vt', 'vt', 0,"
                           " 'CREATE VIRTUAL TABLE vt USING nosuchmodule(x)');",
                           &n);
  loaded l = load(b, n);
  CHECK_INT(l.st, LS_OK);
  CHECK_INT(l.n, 1);
  if (l.n == 1) CHECK_STR(ls_table_name(l.t[0]), "t");
  unload(&l);
  free(b);
}

TEST(sqlitedb_should_stream_a_table_of_many_rows) {
  ls_table *t = table_of("CREATE TABLE big(i INTEGER, x REAL, s TEXT);"
                         "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 50000)"
                         " INSERT INTO big SELECT i, i * 0.5, 'u' || (i % 100) FROM c;");
  if (!t) return;
  CHECK_INT(ls_table_rows(t), 50000);
  int64_t sum = 0;
  for (size_t i = 0; i < 50000; i++) sum += ls_column_i64(col(t, "i"))[i];
  CHECK_INT(sum, INT64_C(1250025000)); /* 50000 * 50001 / 2 */
  CHECK_NUM(ls_column_f64(col(t, "x"))[49999], 25000, 0);
  CHECK_INT(ls_dict_size(ls_column_dict(col(t, "s"))), 100);
  CHECK_STR(str_at(col(t, "s"), 49999), "u0");
  ls_table_free(t);
}

/* ---- bad input ---- */

TEST(sqlitedb_should_refuse_files_without_the_magic) {
  static const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00shop.db";
  loaded l = load(zip, sizeof zip - 1);
  CHECK_INT(l.st, LS_EPARSE);
  CHECK_STR(l.msg, "shop.db: not a SQLite database");
  CHECK(l.t == NULL && l.n == 0);
  l = load("", 0);
  CHECK_STR(l.msg, "shop.db: not a SQLite database");
  l = load("SQLite format 3", 15);
  CHECK_STR(l.msg, "shop.db: not a SQLite database");
  unsigned char noise[4096];
  uint32_t x = 12345;
  for (size_t i = 0; i < sizeof noise; i++) noise[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 24);
  l = load(noise, sizeof noise);
  CHECK_STR(l.msg, "shop.db: not a SQLite database");
}

TEST(sqlitedb_should_name_a_truncated_database) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  loaded l = load(b, 8192);
  CHECK_INT(l.st, LS_EPARSE);
  CHECK_STR(l.msg, "shop.db: truncated database: 28672 bytes expected, 8192 found");
  l = load(b, n - 1);
  CHECK_STR(l.msg, "shop.db: truncated database: 28672 bytes expected, 28671 found");
  l = load(b, 40);
  CHECK_STR(l.msg, "shop.db: truncated database: 100 bytes expected, 40 found");
  free(b);
}

TEST(sqlitedb_should_call_a_bad_header_not_a_database) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  b[16] = 0x03; /* page size 1000: not a power of two */
  b[17] = 0xE8;
  loaded l = load(b, n);
  CHECK_INT(l.st, LS_EPARSE);
  CHECK_STR(l.msg, "shop.db: file is not a database");
  free(b);
}

TEST(sqlitedb_should_name_the_table_on_a_malformed_page) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b || n < 12288) return;
  for (size_t i = 8192; i < 12288; i++) b[i] = (unsigned char)(i * 31); /* page 3: orders */
  loaded l = load(b, n);
  CHECK_INT(l.st, LS_EPARSE);
  CHECK_STR(l.msg, "shop.db: database disk image is malformed (table orders)");
  CHECK(l.t == NULL && l.n == 0);
  free(b);
}

TEST(sqlitedb_should_refuse_a_database_without_tables) {
  size_t n;
  unsigned char *b = db_of("CREATE VIEW v AS SELECT 1 AS one;", &n);
  loaded l = load(b, n);
  CHECK_INT(l.st, LS_EPARSE);
  CHECK_STR(l.msg, "shop.db: no tables");
  free(b);
}

TEST(sqlitedb_should_survive_damage_anywhere_in_the_file) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  size_t ok = 0, bad = 0;
  for (size_t i = 0; i < n; i += 37) {
    unsigned char was = b[i];
    b[i] = (unsigned char)(was ^ (0x5A + i));
    loaded l = load(b, n);
    if (l.st == LS_OK) {
      ok++;
      if (!sound(&l)) CHECK_FAIL_("byte %zu: an unsound table", i);
    } else {
      bad++;
      if (l.st != LS_EPARSE && l.st != LS_EIO) CHECK_FAIL_("byte %zu: status %d", i, l.st);
      if (strncmp(l.msg, "shop.db: ", 9) != 0) CHECK_FAIL_("byte %zu: message %s", i, l.msg);
    }
    unload(&l);
    b[i] = was;
  }
  CHECK(ok > 0 && bad > 0);
  free(b);
}

TEST(sqlitedb_should_refuse_bad_arguments) {
  ls_table **t = (ls_table **)1;
  size_t nt = 9;
  char err[64];
  CHECK_INT(ls_sqlitedb_read(NULL, "x", 1, &t, &nt, err, sizeof err), LS_EINVAL);
  CHECK(t == NULL && nt == 0);
  CHECK_INT(ls_sqlitedb_read("a.db", NULL, 1, &t, &nt, NULL, 0), LS_EINVAL);
  CHECK_INT(ls_sqlitedb_read("a.db", "x", 1, NULL, &nt, err, sizeof err), LS_EINVAL);
  CHECK_INT(ls_sqlitedb_read("a.db", "x", 1, &t, NULL, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "a.db: invalid argument");
  CHECK_INT(ls_sqlitedb_read("a.db", "x", 1, &t, &nt, err, 4), LS_EPARSE); /* a short err buffer */
  CHECK_STR(err, "a.d");
}

/* ---- out of memory ---- */

TEST(sqlitedb_should_fail_cleanly_when_our_memory_runs_out) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  int ok = 0;
  unsigned long k;
  for (k = 1; k < 5000 && !ok; k++) {
    ls_alloc_fail_after(k);
    loaded l = load(b, n);
    ls_alloc_fail_after(0);
    if (l.st == LS_OK) {
      ok = 1;
      CHECK_INT(l.n, 4);
      CHECK(sound(&l));
    } else if (l.st != LS_ENOMEM) {
      CHECK_FAIL_("allocation %lu: status %d, %s", k, l.st, l.msg);
    } else {
      CHECK_STR(l.msg, "shop.db: out of memory");
    }
    unload(&l);
  }
  CHECK(ok);
  CHECK(k > 50); /* the failures did reach the tables */
  free(b);
}

TEST(sqlitedb_should_fail_cleanly_when_sqlites_memory_runs_out) {
  size_t n;
  unsigned char *b = shop(&n);
  if (!b) return;
  /* heap limits need SQLite's memory statistics */
  sqlite3_shutdown();
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
  sqlite3_initialize();
  int ok = 0, nomem = 0;
  for (sqlite3_int64 limit = 4096; limit < 4 << 20 && !ok; limit += 4096) {
    sqlite3_hard_heap_limit64(sqlite3_memory_used() + limit);
    loaded l = load(b, n);
    sqlite3_hard_heap_limit64(0);
    if (l.st == LS_OK) {
      ok = 1;
      CHECK_INT(l.n, 4);
    } else if (l.st == LS_ENOMEM) {
      nomem++;
    } else {
      CHECK_FAIL_("limit %lld: status %d, %s", (long long)limit, l.st, l.msg);
    }
    unload(&l);
  }
  CHECK(ok);
  CHECK(nomem > 0);
  free(b);
}

int main(void) {
  RUN(sqlitedb_is_should_recognize_the_sixteen_byte_magic);
  RUN(sqlitedb_should_read_every_user_table_in_schema_order);
  RUN(sqlitedb_should_type_customers_by_their_values);
  RUN(sqlitedb_should_read_orders_with_reals_text_times_and_nulls);
  RUN(sqlitedb_should_keep_the_columns_of_an_empty_table);
  RUN(sqlitedb_should_type_mixed_storage_classes_through_text);
  RUN(sqlitedb_should_leave_the_callers_bytes_untouched);
  RUN(sqlitedb_should_read_a_write_ahead_log_database_from_its_main_file);
  RUN(sqlitedb_should_keep_integers_exactly);
  RUN(sqlitedb_should_make_a_real_column_of_integers_and_reals);
  RUN(sqlitedb_should_read_epoch_numbers_under_time_names_as_times);
  RUN(sqlitedb_should_infer_types_of_text_values);
  RUN(sqlitedb_should_keep_blobs_of_hex_digits_as_strings);
  RUN(sqlitedb_should_make_a_string_column_of_only_nulls);
  RUN(sqlitedb_should_hand_out_utf8_from_utf16_databases_and_repair_bad_text);
  RUN(sqlitedb_should_read_tables_with_awkward_names);
  RUN(sqlitedb_should_skip_virtual_tables);
  RUN(sqlitedb_should_stream_a_table_of_many_rows);
  RUN(sqlitedb_should_refuse_files_without_the_magic);
  RUN(sqlitedb_should_name_a_truncated_database);
  RUN(sqlitedb_should_call_a_bad_header_not_a_database);
  RUN(sqlitedb_should_name_the_table_on_a_malformed_page);
  RUN(sqlitedb_should_refuse_a_database_without_tables);
  RUN(sqlitedb_should_survive_damage_anywhere_in_the_file);
  RUN(sqlitedb_should_refuse_bad_arguments);
  RUN(sqlitedb_should_fail_cleanly_when_our_memory_runs_out);
  RUN(sqlitedb_should_fail_cleanly_when_sqlites_memory_runs_out);
  return check_done();
}
